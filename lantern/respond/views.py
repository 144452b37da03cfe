"""Thin views for "I'm worried about someone" (public, stores nothing) and referral drafts
(signed in, personal data: every read goes through a selector that takes the user, audited)."""

from __future__ import annotations

from typing import Any, cast
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lantern.accounts.models import User
from lantern.core.permissions import PUBLIC, SIGNED_IN, can, roles, route
from lantern.core.roles import Role
from lantern.respond import flow, selectors, services
from lantern.respond.content import content
from lantern.respond.draft_forms import DtnDraftForm, NrmDraftForm
from lantern.respond.drafts import FIELDS_BY_KIND
from lantern.respond.forms import STEP_FORMS, ReferralPathwayForm, SignsForm
from lantern.respond.models import DraftKind, ReferralDraft
from lantern.respond.pdf import draft_pdf
from lantern.respond.presentation import answer_rows, draft_rows, result_context
from lantern.respond.quality import referral_quality
from lantern.respond.rules import decide


def _step_url(step: str, token: str, **extra: str) -> str:
    return reverse(f"respond:{step}") + "?" + urlencode({"a": token, **extra})


def _answers(request: HttpRequest) -> tuple[dict[str, Any], str]:
    token = request.POST.get("a") or request.GET.get("a") or ""
    return flow.loads(token), token


@route(PUBLIC)
@require_GET
def start(request: HttpRequest) -> HttpResponse:
    # What Lantern knows of a signed-in user (their organisation's type and nation) is answered
    # already: those pages are skipped, and the check page shows the answers with a Change link.
    facts = selectors.start_facts(request.user)
    token = flow.dumps(flow.prefilled_answers(facts.prefill))
    return render(
        request,
        "respond/start.html",
        {
            "first_step": _step_url("danger", token),
            "pathway": facts.pathway,
            "prefilled": bool(facts.prefill),
        },
    )


@route(PUBLIC)
@require_http_methods(["GET", "POST"])
def question(request: HttpRequest, step: str) -> HttpResponse:
    data = content()
    answers, token = _answers(request)
    if not flow.applies(step, answers, data):
        nxt = flow.next_step(answers, data)
        return redirect(_step_url(nxt, flow.dumps(answers)) if nxt else _step_url("check", token))
    form_class = STEP_FORMS[step]
    kwargs: dict[str, Any] = {"data_content": data}
    if form_class is SignsForm:
        kwargs["setting"] = answers.get("setting")
    if request.method == "POST":
        form = form_class(request.POST, **kwargs)
        if form.is_valid():
            answers = flow.answered(answers, form.to_answers())
            new_token = flow.dumps(answers)
            if request.POST.get("change") and flow.next_step(answers, data) is None:
                return redirect(_step_url("check", new_token))
            nxt = flow.next_step(answers, data)
            return redirect(_step_url(nxt or "check", new_token))
    else:
        # "prefill": tokens made before pre-filled answers were skipped held defaults there.
        defaults = {**answers.get("prefill", {}), **answers}
        form = form_class(initial=form_class.initial_from(defaults), **kwargs)
        if isinstance(form, SignsForm):
            form.set_initial_codes(list(answers.get("indicators", [])))
    previous = flow.previous_step(step, answers, data)
    back = _step_url(previous, token) if previous else reverse("respond:start")
    if request.GET.get("change"):
        back = _step_url("check", token)
    return render(
        request,
        "respond/question.html",
        {
            "form": form,
            "step": step,
            "token": token,
            "change": request.GET.get("change") or request.POST.get("change") or "",
            "back": back,
            "danger": bool(answers.get("danger")),
            "single": len(form.fields) == 1,
        },
    )


@route(PUBLIC)
@require_GET
def check(request: HttpRequest) -> HttpResponse:
    data = content()
    answers, token = _answers(request)
    missing = flow.next_step(answers, data)
    if missing:
        return redirect(_step_url(missing, flow.dumps(answers)))
    return render(
        request,
        "respond/check.html",
        {
            "rows": answer_rows(answers, data, lambda step: _step_url(step, token, change="1")),
            "result_url": _step_url("result", token),
            "back": _step_url(flow.last_shown_step(answers, data) or "danger", token),
            "danger": bool(answers.get("danger")),
        },
    )


@route(PUBLIC)
@require_GET
def result(request: HttpRequest) -> HttpResponse:
    data = content()
    answers, token = _answers(request)
    missing = flow.next_step(answers, data)
    if missing:
        return redirect(_step_url(missing, flow.dumps(answers)))
    organisation = selectors.organisation_for_referrals(request.user, answers["organisation"])
    pathway = selectors.pathway_for_result(request.user, organisation)
    # With their organisation's own pathway on the page, the rules lead with it and keep the
    # helpline as its fallback.
    scenario = flow.to_scenario(answers, data, organisation_pathway=pathway is not None)
    decision = decide(scenario, data)
    context = result_context(decision, answers, data)
    context.update(
        {
            "token": token,
            "check_url": _step_url("check", token),
            "draft_organisation": organisation if decision.facts["first_responder"] else None,
            "organisation": organisation,
            "pathway": pathway,
            # Asked only when there is none to show: an admin is offered to set it up.
            "perms_set_pathway": pathway is None
            and organisation is not None
            and can(request.user, "set_pathway", organisation),
        }
    )
    return render(request, "respond/result.html", context)


# --- Organisations' own referral pathways (their admins) -----------------------------------------

PATHWAY_EDITORS = roles(Role.ORG_ADMIN, Role.PLATFORM_ADMIN)


@route(PATHWAY_EDITORS)
@require_GET
def pathways(request: HttpRequest) -> HttpResponse:
    rows = selectors.pathways_for_admin(_actor(request))
    if len(rows) == 1:
        return redirect("respond:pathway_edit", org_id=rows[0][0].pk)
    return render(request, "respond/pathways.html", {"rows": rows})


@route(PATHWAY_EDITORS)
@require_http_methods(["GET", "POST"])
def pathway_edit(request: HttpRequest, org_id: UUID) -> HttpResponse:
    organisation = selectors.pathway_organisation_for(_actor(request), org_id)
    pathway = selectors.pathway_of(organisation)
    initial = {name: getattr(pathway, name) for name in services.PATHWAY_FIELDS} if pathway else {}
    form = ReferralPathwayForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.referral_pathway_save(
            actor=_actor(request), organisation=organisation, fields=form.cleaned_data
        )
        messages.success(
            request,
            f"Saved. Staff of {organisation.name} now see this pathway when they say they are "
            "worried about someone",
        )
        return redirect("respond:pathway_edit", org_id=organisation.pk)
    return render(
        request,
        "respond/pathway_edit.html",
        {"organisation": organisation, "pathway": pathway, "form": form},
    )


# --- Referral drafts (signed in) ---------------------------------------------------------------


def _actor(request: HttpRequest) -> User:
    return cast(User, request.user)


@route(SIGNED_IN)
@require_POST
def draft_create(request: HttpRequest) -> HttpResponse:
    data = content()
    answers, _token = _answers(request)
    kind = request.POST.get("kind", "")
    if flow.next_step(answers, data) is not None or kind not in DraftKind.values:
        raise Http404
    decision = decide(flow.to_scenario(answers, data), data)
    wanted = {"nrm": "nrm_referral", "dtn": "duty_to_notify"}[kind]
    organisation = selectors.organisation_for_referrals(request.user, answers["organisation"])
    if wanted not in decision.action_codes() or organisation is None:
        raise Http404
    draft = services.referral_draft_create(
        actor=_actor(request), organisation=organisation, kind=kind, answers=answers
    )
    return redirect("respond:draft_edit", draft_id=draft.pk)


@route(SIGNED_IN)
@require_GET
@never_cache
def draft_list(request: HttpRequest) -> HttpResponse:
    drafts = selectors.referral_drafts_visible_to(_actor(request))
    return render(request, "respond/draft_list.html", {"drafts": drafts})


def _quality(draft: ReferralDraft) -> list[Any]:
    return referral_quality(kind=draft.kind, fields=draft.data, library=content().indicators)


@route(SIGNED_IN)
@require_GET
@never_cache
def draft_detail(request: HttpRequest, draft_id: UUID) -> HttpResponse:
    draft = selectors.referral_draft_for(_actor(request), draft_id, "view")
    services.referral_draft_record_access(actor=_actor(request), draft=draft, how="viewed")
    return render(
        request,
        "respond/draft_detail.html",
        {
            "draft": draft,
            "rows": draft_rows(draft.kind, draft.data, content()),
            "checks": _quality(draft),
            "can_edit": draft.author_id == request.user.pk,
        },
    )


@route(SIGNED_IN)
@require_http_methods(["GET", "POST"])
@never_cache
def draft_edit(request: HttpRequest, draft_id: UUID) -> HttpResponse:
    draft = selectors.referral_draft_for(_actor(request), draft_id, "edit")
    form_class = DtnDraftForm if draft.kind == DraftKind.DTN else NrmDraftForm
    if request.method == "POST":
        form: DtnDraftForm | NrmDraftForm = form_class(request.POST)
        if form.is_valid():
            fields = {k: v for k, v in form.cleaned_data.items() if k in FIELDS_BY_KIND[draft.kind]}
            try:
                services.referral_draft_update(actor=_actor(request), draft=draft, fields=fields)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, "Draft saved")
                return redirect("respond:draft_detail", draft_id=draft.pk)
    else:
        form = form_class(initial=draft.data)
        services.referral_draft_record_access(actor=_actor(request), draft=draft, how="viewed")
    return render(
        request,
        "respond/draft_edit.html",
        {"draft": draft, "form": form, "checks": _quality(draft)},
    )


@route(SIGNED_IN)
@require_GET
@never_cache
def draft_pdf_download(request: HttpRequest, draft_id: UUID) -> HttpResponse:
    draft = selectors.referral_draft_for(_actor(request), draft_id, "download")
    services.referral_draft_record_access(actor=_actor(request), draft=draft, how="downloaded")
    title = f"{draft.get_kind_display()} draft"
    body = draft_pdf(
        title=title,
        rows=[(label, value) for label, value in draft_rows(draft.kind, draft.data, content())],
        checks=_quality(draft),
        footer=(
            f"Prepared with Lantern (rules {draft.rules_version}). Submit it through the "
            "Home Office online NRM form. This draft is deleted automatically on "
            f"{draft.delete_after:%d %B %Y}."
        ),
    )
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{draft.kind}-draft-{draft.pk}.pdf"'
    return response


@route(SIGNED_IN)
@require_http_methods(["GET", "POST"])
def draft_delete(request: HttpRequest, draft_id: UUID) -> HttpResponse:
    draft = selectors.referral_draft_for(_actor(request), draft_id, "delete")
    if request.method == "POST":
        services.referral_draft_delete(actor=_actor(request), draft=draft)
        messages.success(request, "Draft deleted")
        return redirect("respond:draft_list")
    return render(request, "respond/draft_delete.html", {"draft": draft})
