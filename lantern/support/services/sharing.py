"""Consent-gated sharing (PC16, PC18): a share is logged only when the rules allow it; a refusal
is audited and raised as ShareRefused."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from lantern.accounts.models import User
from lantern.core.audit import audit_record
from lantern.support import selectors
from lantern.support.models import Case, ConsentRecord, InformationShare, Partner
from lantern.support.models.plan import ShareCategory, ShareKind
from lantern.support.rules import ShareDecision, share_decision
from lantern.support.services._common import _audit, _case_locked, _touch


class ShareRefused(Exception):
    def __init__(self, decision: ShareDecision) -> None:
        super().__init__(decision.code)
        self.decision = decision


def information_share_create(
    *,
    actor: User,
    case: Case,
    partner: Partner,
    kind: str,
    what_shared: list[str],
    purpose: str,
    basis: str,
    override_reason: str = "",
    actor_may_override: bool,
) -> InformationShare:
    """Log a share or referral, or refuse it (ShareRefused) and record the refusal.

    The consent check and the share happen in one transaction that holds the case row, and every
    consent change updates that row (``_touch``) too: a withdrawal either lands before the check
    (and the share is refused) or after the share (which was then made with consent in force).
    """
    if partner.case_id != case.pk:
        raise ValidationError({"partner": "Select a partner on this case"})
    share: InformationShare | None = None
    with transaction.atomic():
        case = _case_locked(case)  # and decide on the case as it is now
        consent = selectors.consent_in_force(case, partner)
        decision = share_decision(
            basis=basis,
            consent_in_force=consent is not None,
            actor_may_override=actor_may_override,
            override_reason=override_reason,
            person_is_child=case.is_child,
        )
        if decision.allowed:
            share = _share_save(
                actor=actor,
                case=case,
                partner=partner,
                kind=kind,
                what_shared=what_shared,
                purpose=purpose,
                basis=basis,
                override_reason=override_reason,
                consent=consent,
            )
        else:
            _audit(
                actor,
                case,
                "case.share_refused",
                partner=str(partner.pk),
                basis=basis,
                code=decision.code,
            )
    if share is None:
        raise ShareRefused(decision)
    return share


def _share_save(
    *,
    actor: User,
    case: Case,
    partner: Partner,
    kind: str,
    what_shared: list[str],
    purpose: str,
    basis: str,
    override_reason: str,
    consent: ConsentRecord | None,
) -> InformationShare:
    share = InformationShare(
        case=case,
        created_by=actor,
        partner=partner,
        kind=kind,
        what_shared=list(dict.fromkeys(what_shared)),
        purpose=purpose,
        basis=basis,
        consent=consent if basis == "consent" else None,
        override_reason=override_reason if basis != "consent" else "",
        authorised_by=actor if basis != "consent" else None,
    )
    share.full_clean(exclude=["case", "created_by", "authorised_by", "consent"])
    share.save(force_insert=True)
    _touch(case)
    _audit(
        actor,
        case,
        "case.shared",
        share=str(share.pk),
        partner=str(partner.pk),
        kind=kind,
        basis=basis,
        what=share.what_shared,
        consent=str(consent.pk) if consent is not None and share.consent_id else "",
    )
    return share


# What an HTCDS export carries, as sharing-log categories: names, date of birth and other facts
# about the person (identity), and the support plan with its goals and steps (plan).
HTCDS_CATEGORIES = [ShareCategory.IDENTITY, ShareCategory.PLAN]


def htcds_transfer_record(
    *,
    actor: User,
    case: Case,
    partner: Partner,
    purpose: str,
    basis: str,
    override_reason: str = "",
    actor_may_override: bool,
    ip: str | None = None,
) -> InformationShare:
    """A lawful transfer of the HTCDS record: logged in the information-sharing log under the
    same consent rules as any share (PC18), then audited as the export it is. Raises
    ShareRefused (the refusal audited) when the rules do not allow it; nothing is exported."""
    share = information_share_create(
        actor=actor,
        case=case,
        partner=partner,
        kind=ShareKind.SHARE,
        what_shared=[str(c) for c in HTCDS_CATEGORIES],
        purpose=purpose,
        basis=basis,
        override_reason=override_reason,
        actor_may_override=actor_may_override,
    )
    with transaction.atomic():
        audit_record(
            action="case.exported",
            actor=actor,
            obj=case,
            object_type="support.case",
            organisation_ref=str(case.organisation_id),
            ip=ip,
            detail={"what": "export:htcds", "share": str(share.pk), "basis": basis},
        )
    return share


REFERRAL_FORMATS = {"pdf": "export:referral_pdf", "page": "referral"}


def referral_produced_record(
    *, actor: User, case: Case, share: InformationShare, format: str, ip: str | None = None
) -> None:
    """Audit producing a share's document for the partner: the PDF as an export, the print
    page as a view, each with the share's id (the DPO's history names the partner from it)
    and its lawful basis. Ids and codes only, like every support audit event."""
    if share.case_id != case.pk or format not in REFERRAL_FORMATS:
        raise ValidationError("There is no such document for this case")
    what = REFERRAL_FORMATS[format]
    with transaction.atomic():
        audit_record(
            action="case.exported" if what.startswith("export:") else "case.viewed",
            actor=actor,
            obj=case,
            object_type="support.case",
            organisation_ref=str(case.organisation_id),
            ip=ip,
            detail={"what": what, "share": str(share.pk), "basis": share.basis},
        )
