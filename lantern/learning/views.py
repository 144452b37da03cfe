"""Thin views: bind a form, call one service or selector, render or redirect."""

from __future__ import annotations

from typing import Any, cast
from uuid import UUID

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from lantern.accounts.models import User
from lantern.core.permissions import PUBLIC, SIGNED_IN, require, roles, route
from lantern.core.roles import Role
from lantern.learning import badge_keys, badges, selectors, services
from lantern.learning.forms import (
    ChoiceForm,
    PathwayForm,
    QuestionsForm,
    RevokeForm,
    VerifyBadgeForm,
    VerifyForm,
)
from lantern.learning.models import (
    AttemptKind,
    Course,
    Enrolment,
)
from lantern.learning.services import LearningError, course_spec
from lantern.learning.spec import Unit

REVOKERS = roles(Role.ORG_ADMIN, Role.PLATFORM_ADMIN)


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _enrolment(request: HttpRequest, course: Course) -> Enrolment | None:
    enrolment = selectors.enrolment_for(user=_user(request), course=course)
    if enrolment is not None:
        require(request.user, "take", enrolment)
    return enrolment


@route(SIGNED_IN)
def learning_home(request: HttpRequest) -> HttpResponse:
    return render(
        request, "learning/home.html", {"mine": selectors.my_learning(user=_user(request))}
    )


@route(SIGNED_IN)
@require_http_methods(["GET", "POST"])
def course_view(request: HttpRequest, course: str) -> HttpResponse:
    course_obj = selectors.course_or_404(slug=course)
    enrolment = _enrolment(request, course_obj)
    if request.method == "POST":
        enrolment = services.enrolment_start(user=_user(request), course=course_obj)
        return redirect("learning:check", course=course_obj.slug, kind="pre")
    spec = course_spec(course_obj)
    if enrolment is None:
        suggested = services.pathway_suggested(user=_user(request), course=course_obj)
        return render(
            request,
            "learning/course_start.html",
            {"course": course_obj, "spec": spec, "suggested": spec.pathway(suggested)},
        )
    return render(
        request,
        "learning/course.html",
        {"course": course_obj, "ov": selectors.overview(enrolment=enrolment)},
    )


@route(SIGNED_IN)
@require_http_methods(["GET", "POST"])
def pathway_change(request: HttpRequest, course: str) -> HttpResponse:
    course_obj = selectors.course_or_404(slug=course)
    enrolment = _enrolment(request, course_obj)
    if enrolment is None:
        return redirect("learning:course", course=course_obj.slug)
    spec = course_spec(course_obj)
    context = {"course": course_obj, "spec": spec, "enrolment": enrolment}
    if enrolment.completed_at is not None:  # finished: the pathway is on the certificate
        return render(request, "learning/pathway.html", context)
    form = PathwayForm(
        request.POST or None, pathways=spec.pathways, initial={"pathway": enrolment.pathway}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.enrolment_pathway_change(
                enrolment=enrolment, pathway=form.cleaned_data["pathway"]
            )
        except LearningError as exc:
            form.add_error("pathway", str(exc))
        else:
            messages.success(
                request, f"Your pathway is now {spec.pathway(enrolment.pathway).title}"
            )
            return redirect("learning:course", course=course_obj.slug)
    return render(request, "learning/pathway.html", {**context, "form": form})


@route(SIGNED_IN)
@require_http_methods(["GET", "POST"])
def check_view(request: HttpRequest, course: str, kind: str) -> HttpResponse:
    course_obj = selectors.course_or_404(slug=course)
    if kind not in (AttemptKind.PRE, AttemptKind.POST):
        raise Http404
    enrolment = _enrolment(request, course_obj)
    if enrolment is None:
        return redirect("learning:course", course=course_obj.slug)
    spec = course_spec(course_obj)
    if kind == AttemptKind.POST and not services.enrolment_units_done(enrolment=enrolment):
        messages.info(request, "Finish every part of your pathway first")
        return redirect("learning:course", course=course_obj.slug)
    attempt = services.check_start(enrolment=enrolment, kind=kind)
    questions = [spec.bank[i] for i in attempt.items]
    form = QuestionsForm(request.POST or None, questions=questions, confidence=True, dont_know=True)
    if request.method == "POST" and attempt.submitted_at is None and form.is_valid():
        try:
            services.check_submit(
                enrolment=enrolment, kind=kind, answers=form.answers(), **form.confidence()
            )
        except LearningError as exc:
            messages.error(request, str(exc))
        return redirect("learning:check", course=course_obj.slug, kind=kind)
    context: dict[str, Any] = {
        "course": course_obj,
        "spec": spec,
        "kind": kind,
        "form": form,
        "attempt": attempt,
        "enrolment": enrolment,
    }
    if attempt.submitted_at is not None:
        context["results"] = selectors.attempt_results(attempt=attempt, questions=questions)
        context["certificate"] = selectors.certificate_of(enrolment=enrolment)
        if kind == AttemptKind.POST:
            context["gain"] = selectors.learner_gain(enrolment=enrolment)
        context["next_unit"] = selectors.overview(enrolment=enrolment).next_unit
    return render(request, "learning/check.html", context)


def _unit_or_404(course_obj: Course, unit_id: str) -> Unit:
    unit = course_spec(course_obj).units.get(unit_id)
    if unit is None:
        raise Http404
    return unit


@route(SIGNED_IN)
@require_http_methods(["GET", "POST"])
def unit_view(request: HttpRequest, course: str, unit_id: str) -> HttpResponse:
    enrolment = selectors.enrolment_in(
        user=_user(request),
        course_slug=course,
        with_xapi_key=request.method == "POST",  # a POST records xAPI statements
    )
    if enrolment is None:
        course_obj = selectors.course_or_404(slug=course)
        _unit_or_404(course_obj, unit_id)
        return redirect("learning:course", course=course_obj.slug)
    require(request.user, "take", enrolment)
    course_obj = enrolment.course
    unit = _unit_or_404(course_obj, unit_id)
    if not enrolment.last_unit and not selectors.pre_check_submitted(enrolment=enrolment):
        # A unit's address opened before the questions at the start (the course page offers
        # no unit until then): the before-and-after comparison needs the before.
        messages.info(request, "Answer the questions at the start first: then the course opens")
        return redirect("learning:check", course=course_obj.slug, kind="pre")
    spec = course_spec(course_obj)
    next_unit = spec.next_unit(enrolment.pathway, unit.id)
    next_url = (
        reverse("learning:unit", kwargs={"course": course_obj.slug, "unit_id": next_unit.id})
        if next_unit
        else reverse("learning:course", kwargs={"course": course_obj.slug})
    )
    context: dict[str, Any] = {
        "course": course_obj,
        "spec": spec,
        "unit": unit,
        "module": spec.modules[unit.module_id],
        "part": spec.modules[unit.module_id].part_of(unit.id),
        "next_url": next_url,
        "next_unit": next_unit,
        "enrolment": enrolment,
    }
    if unit.kind == "page":
        if request.method == "POST":
            services.page_complete(enrolment=enrolment, unit=unit)
            return redirect(next_url)
        services.unit_open(enrolment=enrolment, unit=unit)
        context["sources_html"] = selectors.unit_sources_html(spec=spec, unit=unit)
        return render(request, "learning/unit_page.html", context)
    if unit.kind == "questions":
        return _unit_questions(request, enrolment, unit, context)
    return _unit_scenario(request, enrolment, unit, context)


def _unit_questions(
    request: HttpRequest, enrolment: Enrolment, unit: Unit, context: dict[str, Any]
) -> HttpResponse:
    spec = context["spec"]
    questions = [spec.bank[i] for i in unit.items]
    form = QuestionsForm(request.POST or None, questions=questions)
    if request.method == "POST" and form.is_valid():
        try:
            services.quiz_submit(enrolment=enrolment, unit=unit, answers=form.answers())
        except LearningError as exc:
            messages.error(request, str(exc))
        return redirect(
            reverse("learning:unit", kwargs={"course": context["course"].slug, "unit_id": unit.id})
            + "?answered=1"
        )
    services.unit_open(enrolment=enrolment, unit=unit)
    latest = selectors.latest_quiz_attempt(enrolment=enrolment, unit_id=unit.id)
    if latest is not None and request.method == "GET" and request.GET.get("again") != "1":
        # the questions the learner answered, which an older version of the check may have
        # asked instead of today's
        answered = [spec.bank[i] for i in latest.items if i in spec.bank]
        context["results"] = selectors.attempt_results(attempt=latest, questions=answered)
        context["attempt"] = latest
    context["form"] = form
    return render(request, "learning/unit_questions.html", context)


def _unit_scenario(
    request: HttpRequest, enrolment: Enrolment, unit: Unit, context: dict[str, Any]
) -> HttpResponse:
    assert unit.scenario is not None
    run = services.scenario_run_current(enrolment=enrolment, unit=unit)
    node = unit.scenario.nodes[run.node]
    form = ChoiceForm(
        request.POST or None,
        choices=[(c.id, c.text) for c in node.choices],
        initial={"node": node.id, "run": run.pk},
    )
    stale = form.stale() if request.method == "POST" else ""
    if stale:
        messages.info(request, stale)
        return redirect("learning:unit", course=context["course"].slug, unit_id=unit.id)
    if request.method == "POST" and form.is_valid():
        try:
            services.scenario_choose(
                enrolment=enrolment,
                unit=unit,
                run_id=form.cleaned_data["run"],
                node=form.cleaned_data["node"],
                choice=form.cleaned_data["choice"],
            )
        except LearningError as exc:
            messages.info(request, str(exc))
        return redirect("learning:unit", course=context["course"].slug, unit_id=unit.id)
    services.unit_open(enrolment=enrolment, unit=unit)
    path = list(run.choices.all())
    last = path[-1] if path else None
    if last is not None:
        previous = unit.scenario.nodes[last.node].choice(last.choice)
        context["last_feedback"] = previous.feedback if previous else ""
        context["last_choice"] = previous.text if previous else ""
    if node.ending:
        nodes = unit.scenario.nodes
        steps = [
            (choice, made.points < nodes[made.node].best_points)
            for made in path
            if made.node in nodes and (choice := nodes[made.node].choice(made.choice))
        ]
        context["steps"] = [choice for choice, _ in steps]
        context["costly"] = [choice for choice, cost in steps if cost]
        context["score"] = node.score if run.score is None else run.score
        context["sources_html"] = selectors.unit_sources_html(spec=context["spec"], unit=unit)
    context.update(run=run, node=node, form=form, step_number=len(path) + 1)
    return render(request, "learning/unit_scenario.html", context)


@route(SIGNED_IN)
@require_POST
def scenario_restart(request: HttpRequest, course: str, unit_id: str) -> HttpResponse:
    course_obj = selectors.course_or_404(slug=course)
    unit = _unit_or_404(course_obj, unit_id)
    enrolment = _enrolment(request, course_obj)
    if enrolment is None or unit.kind != "scenario":
        raise Http404
    services.scenario_restart(enrolment=enrolment, unit=unit)
    return redirect("learning:unit", course=course_obj.slug, unit_id=unit.id)


@route(SIGNED_IN)
@require_http_methods(["GET", "POST"])
def refresher_view(request: HttpRequest, refresher_id: UUID) -> HttpResponse:
    refresher = selectors.refresher_or_404(refresher_id=refresher_id)
    require(request.user, "take", refresher)
    spec = course_spec(refresher.enrolment.course)
    if not services.refresher_ready(refresher=refresher):
        # Before its due date: say when, start nothing (the spacing is what makes it work).
        return render(
            request,
            "learning/refresher.html",
            {"refresher": refresher, "spec": spec, "early": True},
        )
    attempt = services.refresher_start(refresher=refresher)
    questions = [spec.bank[i] for i in attempt.items]
    form = QuestionsForm(request.POST or None, questions=questions, dont_know=True)
    if request.method == "POST" and refresher.completed_at is None and form.is_valid():
        services.refresher_submit(refresher=refresher, answers=form.answers())
        return redirect("learning:refresher", refresher_id=refresher.pk)
    context: dict[str, Any] = {"refresher": refresher, "spec": spec, "form": form}
    if refresher.completed_at is not None:
        context["results"] = selectors.attempt_results(attempt=attempt, questions=questions)
        context["retention"] = selectors.learner_retention(enrolment=refresher.enrolment)
    return render(request, "learning/refresher.html", context)


@route(SIGNED_IN)
def certificate_pdf(request: HttpRequest, certificate_id: UUID) -> HttpResponse:
    certificate = selectors.certificate_or_404(certificate_id=certificate_id)
    require(request.user, "download", certificate)
    response = HttpResponse(
        services.certificate_pdf_bytes(certificate=certificate), content_type="application/pdf"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="lantern-certificate-{certificate.code}.pdf"'
    )
    return response


@route(SIGNED_IN)
def certificate_badge(request: HttpRequest, certificate_id: UUID) -> HttpResponse:
    """What the digital badge is and what it holds, before the person downloads it."""
    certificate = selectors.certificate_or_404(certificate_id=certificate_id)
    require(request.user, "download", certificate)
    return render(request, "learning/badge.html", {"certificate": certificate})


@route(SIGNED_IN)
def certificate_badge_svg(request: HttpRequest, certificate_id: UUID) -> HttpResponse:
    certificate = selectors.certificate_or_404(certificate_id=certificate_id)
    require(request.user, "download", certificate)
    try:
        svg = services.certificate_badge_svg(certificate=certificate)
    except services.BadgeUnavailable:
        return redirect("learning:certificate_badge", certificate_id=certificate.pk)
    response = HttpResponse(svg, content_type="image/svg+xml")
    response["Content-Disposition"] = f'attachment; filename="lantern-badge-{certificate.code}.svg"'
    response["Cache-Control"] = "no-store"
    return response


@route(REVOKERS)
def certificates_admin(request: HttpRequest) -> HttpResponse:
    certificates = selectors.certificates_for_admin(user=_user(request))[:200]
    return render(request, "learning/certificates.html", {"certificates": certificates})


@route(REVOKERS)
@require_http_methods(["GET", "POST"])
def certificate_revoke(request: HttpRequest, certificate_id: UUID) -> HttpResponse:
    certificate = selectors.certificate_or_404(certificate_id=certificate_id)
    require(request.user, "revoke", certificate)
    form = RevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.certificate_revoke(
            actor=_user(request), certificate=certificate, reason=form.cleaned_data["reason"]
        )
        messages.success(request, f"Certificate {certificate.code} is revoked")
        return redirect("learning:certificates")
    return render(
        request, "learning/certificate_revoke.html", {"certificate": certificate, "form": form}
    )


# --- Public certificate check ------------------------------------------------------------------


@route(PUBLIC)
def verify_start(request: HttpRequest) -> HttpResponse:
    form = VerifyForm(request.GET if "code" in request.GET else None)
    if form.is_bound and form.is_valid():
        return redirect("verify:code", code=form.cleaned_data["code"])
    return render(request, "learning/verify.html", {"form": form, "badge_form": VerifyBadgeForm()})


@route(PUBLIC)
@require_POST
def verify_badge(request: HttpRequest) -> HttpResponse:
    """Check an uploaded digital badge: its signature, then its certificate's status."""
    badge_form = VerifyBadgeForm(request.POST, request.FILES)
    if badge_form.is_valid():
        try:
            checked = services.badge_check(upload=badge_form.cleaned_data["badge"].read())
        except services.BadgeUnavailable as exc:
            badge_form.add_error("badge", str(exc))
        else:
            response = render(
                request,
                "learning/verify_result.html",
                {
                    "certificate": checked.certificate,
                    "code": checked.certificate.code,
                    "from_badge": True,
                    "name_changed": checked.shown_name_changed,
                },
            )
            response["X-Robots-Tag"] = "noindex"
            return response
    response = render(
        request, "learning/verify.html", {"form": VerifyForm(), "badge_form": badge_form}
    )
    response.status_code = 400
    return response


@route(PUBLIC)
def verify_code(request: HttpRequest, code: str) -> HttpResponse:
    from lantern.learning.certificates import normalise_code

    certificate = selectors.certificate_by_code(code=normalise_code(code))
    response = render(
        request, "learning/verify_result.html", {"certificate": certificate, "code": code}
    )
    if certificate is None:
        response.status_code = 404
    response["X-Robots-Tag"] = "noindex"
    return response


# --- Open Badges: the issuer's public documents (ADR 11) -----------------------------------------


def _public(response: HttpResponse, max_age: int) -> HttpResponse:
    """Any verifier, from any site, may fetch and cache the issuer's public documents."""
    response["Cache-Control"] = f"public, max-age={max_age}"
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _json(document: dict[str, Any], content_type: str) -> HttpResponse:
    return _public(
        JsonResponse(document, content_type=content_type, json_dumps_params={"indent": 2}), 3600
    )


@route(PUBLIC)
def badge_issuer(request: HttpRequest) -> HttpResponse:
    if badge_keys.current_key() is None:
        raise Http404("Badges are not switched on")
    return _json(services.badge_site().issuer_profile(), "application/ld+json")


@route(PUBLIC)
def badge_key(request: HttpRequest, thumbprint: str) -> HttpResponse:
    """The public key (JWK) that a badge's ``kid`` names."""
    jwk = badge_keys.published_keys().get(thumbprint)
    if jwk is None:
        raise Http404("No such key")
    kid = services.badge_site().key_url(thumbprint)
    return _json(badges.public_jwk_document(jwk, kid), "application/jwk+json")


@route(PUBLIC)
def badge_status_list(request: HttpRequest, number: int) -> HttpResponse:
    """Revocation list ``number``: a signed BitstringStatusListCredential."""
    token = services.badge_status_list(number=number)
    if token is None:
        raise Http404("No such list")
    return _public(
        HttpResponse(token, content_type="application/vc+jwt"), services.LIST_CACHE_SECONDS
    )
