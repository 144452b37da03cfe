"""Open Badges 3.0 for certificates: the signed badge, and the signed revocation lists (ADR 11).

A badge is signed when it is downloaded, from what the certificate says; nothing of it is
stored except the certificate's place in the revocation lists (``status_index``), chosen at
random the first time.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from decimal import Decimal

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import timezone

from lantern.core.links import site_url
from lantern.learning import badge_keys, badges
from lantern.learning.models import Certificate, CertificateStatus, Enrolment
from lantern.learning.services._shared import LearningError
from lantern.learning.services.courses import course_spec

# A signed list is reused for this long; revoking a certificate clears it at once.
LIST_CACHE_SECONDS = 300


class BadgeUnavailable(LearningError):
    pass


def badge_site() -> badges.Site:
    return badges.Site(base_url=site_url("/").rstrip("/"))


def _list_cache_key(number: int) -> str:
    return f"learning:badge-status-list:{number}"


def _status_index(certificate: Certificate) -> int:
    """The certificate's place in the lists, given now if it has none.

    Indexes are drawn at random from enough lists to keep each at most half full, so that a
    list never says how many certificates were issued, or in what order.
    """
    from lantern.learning import selectors  # selectors import this package

    if certificate.status_index is not None:
        return certificate.status_index
    lists = 1 + selectors.badge_indexed_count() // (badges.LIST_BITS // 2)
    for _ in range(10):
        candidate = secrets.randbelow(lists * badges.LIST_BITS)
        try:
            with transaction.atomic():
                updated = Certificate.objects.filter(
                    pk=certificate.pk, status_index__isnull=True
                ).update(status_index=candidate)
        except IntegrityError:
            continue  # another certificate holds it: draw again
        if not updated:  # another request gave it one first
            certificate.refresh_from_db(fields=["status_index"])
        else:
            certificate.status_index = candidate
        if certificate.status_index is not None:
            return certificate.status_index
    raise BadgeUnavailable("Could not place the certificate in a revocation list")


def _alignments(enrolment: Enrolment) -> tuple[badges.Alignment, ...]:
    """The standards items the pathway's units cover, as the current versions state them."""
    try:
        from lantern.standards.coverage import item_targets  # type: ignore[import-not-found]
    except ImportError:  # the standards app is not installed
        return ()
    spec = course_spec(enrolment.course)
    refs = [ref for unit in spec.required_units(enrolment.pathway) for ref in unit.covers]
    return tuple(
        badges.Alignment(
            code=target.ref,
            text=target.text,
            framework=f"National Occupational Standards: {target.standard_title}",
            url=site_url(target.path),
        )
        for target in item_targets(dict.fromkeys(refs))
    )


def certificate_badge_svg(*, certificate: Certificate, email: str | None = None) -> str:
    """The certificate's Open Badge: an SVG image with the signed credential baked in.

    A course certificate's badge carries its learner's email address, hashed. A certificate
    with no enrolment (an attended session) carries ``email`` if the caller knows it (the
    facilitation app passes the booking's)."""
    key = badge_keys.current_key()
    if key is None:
        raise BadgeUnavailable("Badges are not switched on for this service")
    if certificate.status != CertificateStatus.VALID:
        raise BadgeUnavailable("A revoked certificate has no badge")
    enrolment = certificate.enrolment
    alignments: tuple[badges.Alignment, ...] = ()
    if enrolment is not None:
        achievement_key = f"course:{enrolment.course.slug}:{enrolment.pathway}"
        achievement_name = f"{certificate.course_title}: {certificate.pathway_title}"
        email = enrolment.user.email
        alignments = _alignments(enrolment)
    else:
        achievement_key = f"session:{certificate.course_title}"
        achievement_name = certificate.course_title
    facts = badges.BadgeFacts(
        certificate_id=certificate.pk,
        code=certificate.code,
        full_name=certificate.full_name,
        course_title=certificate.course_title,
        pathway_title=certificate.pathway_title,
        # A certificate made in this process may still hold the hours as given (a string).
        cpd_hours=Decimal(str(certificate.cpd_hours)),
        issued_on=certificate.issued_on,
        achievement_key=achievement_key,
        achievement_name=achievement_name,
        email=email,
        status_index=_status_index(certificate),
        alignments=alignments,
    )
    site = badge_site()
    token = badges.sign(badges.credential(facts, site), key, site)
    return badges.baked_svg(token, facts)


def badge_status_list(*, number: int) -> str | None:
    """Revocation list ``number`` as a signed BitstringStatusListCredential (a Compact JWS), or
    None when there is no such list (or no badges)."""
    from lantern.learning import selectors  # selectors import this package

    key = badge_keys.current_key()
    if key is None or number < 0:
        return None
    cached = cache.get(_list_cache_key(number))  # only lists that exist are ever cached
    if isinstance(cached, str):
        return cached
    if number >= selectors.badge_list_count():
        return None
    site = badge_site()
    document = badges.status_list_credential(
        site, number, selectors.badge_revoked_positions(number=number), timezone.now()
    )
    token = badges.sign(document, key, site)
    cache.set(_list_cache_key(number), token, LIST_CACHE_SECONDS)
    return token


def badge_status_list_forget(*, certificate: Certificate) -> None:
    """After a revocation: the next request for its list signs a fresh one.

    The index is read again, since another request may have placed the certificate since this
    one loaded it. The cached list is dropped now and again after the commit, so that a list
    signed by a concurrent request before the commit does not outlive it.
    """
    index = (
        Certificate.objects.filter(pk=certificate.pk).values_list("status_index", flat=True).first()
    )
    if index is None:
        return
    key = _list_cache_key(badges.status_position(index)[0])
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))


@dataclass(frozen=True)
class BadgeCheck:
    """What checking an uploaded badge found: the certificate its signed credential is for,
    and whether the name drawn on the image (an SVG) no longer matches that certificate's."""

    certificate: Certificate
    shown_name_changed: bool


def badge_check(*, upload: bytes) -> BadgeCheck:
    """``badge_certificate``, and whether the image's visible name was edited."""
    certificate = badge_certificate(upload=upload)
    text = upload.decode("utf-8", errors="replace")
    shows = badges.svg_shows_name(text, certificate.full_name)
    return BadgeCheck(certificate=certificate, shown_name_changed=shows is False)


def badge_certificate(*, upload: bytes) -> Certificate:
    """The certificate that an uploaded badge (SVG or ``.jwt``) is for, once its signature,
    issuer and claims check out. Raises ``BadgeUnavailable`` with a message for the person."""
    text = upload.decode("utf-8", errors="replace")
    token = badges.token_from_file(text)
    if token is None:
        raise BadgeUnavailable(
            "The file does not contain a digital badge. Choose the badge image (SVG) that "
            "Lantern gave, or its .jwt file"
        )
    try:
        claims = badges.verify_token(token, badge_keys.published_keys(), badge_site())
    except badges.BadgeInvalid as exc:
        raise BadgeUnavailable(
            "Lantern did not issue this badge, or it has been changed since it was issued"
        ) from exc
    certificate_id = badges.certificate_id_of(claims)
    certificate = Certificate.objects.filter(pk=certificate_id).first() if certificate_id else None
    if certificate is None:
        raise BadgeUnavailable("The certificate this badge is for no longer exists")
    return certificate
