"""GOV.UK forms for case records. Forms validate; services write.

The forms live in modules by concept (``sections``: one per section of a case; ``case``: the
case details, plan, sharing, closure and access); this package re-exports them so callers keep
writing ``forms.<Name>``. What they share is in ``_common``.
"""

from lantern.support.forms._common import DateInput, SectionForm, VersionedMixin
from lantern.support.forms.case import (
    BreakGlassForm,
    CaseForm,
    ClosureDeclineForm,
    ClosureForm,
    PlanForm,
    RestrictForm,
    ShareForm,
    TransferForm,
)
from lantern.support.forms.dpo import HistoryFilterForm, RetentionHoldForm, WithholdForm
from lantern.support.forms.sections import (
    SERVICE_TYPE_FOR_CATEGORY,
    AccountForm,
    ActionForm,
    AssessmentForm,
    ConsentForm,
    CultureForm,
    ExplanationForm,
    GoalForm,
    NeedForm,
    ObservationForm,
    PartnerForm,
    PlaceForm,
    ReviewForm,
    RightsForm,
    RiskForm,
    ServiceForm,
)

__all__ = [
    "SERVICE_TYPE_FOR_CATEGORY",
    "AccountForm",
    "ActionForm",
    "AssessmentForm",
    "BreakGlassForm",
    "CaseForm",
    "ClosureDeclineForm",
    "ClosureForm",
    "ConsentForm",
    "CultureForm",
    "DateInput",
    "ExplanationForm",
    "GoalForm",
    "HistoryFilterForm",
    "NeedForm",
    "ObservationForm",
    "PartnerForm",
    "PlaceForm",
    "PlanForm",
    "RestrictForm",
    "RetentionHoldForm",
    "ReviewForm",
    "RightsForm",
    "RiskForm",
    "SectionForm",
    "ServiceForm",
    "ShareForm",
    "TransferForm",
    "VersionedMixin",
    "WithholdForm",
]
