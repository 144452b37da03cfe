"""The data protection officer's forms: the date range of a case's access history, and the
reason for a retention hold, and what the DPO leaves out of a subject access document."""

from __future__ import annotations

from django import forms

from lantern.core.forms import EventDateRangeForm
from lantern.support.models import WithholdReason


class HistoryFilterForm(EventDateRangeForm):
    """Both dates are optional: no dates is the whole history, newest first."""


class RetentionHoldForm(forms.Form):
    reason = forms.CharField(
        label="Why must the case be kept?",
        help_text="For example, a complaint or court case that needs the record. Do not name "
        "the person.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        error_messages={
            "required": "Enter why the case must be kept",
            "max_length": "Why the case must be kept must be 1000 characters or fewer",
        },
    )


class WithholdForm(forms.Form):
    reason = forms.ChoiceField(
        label="Why are you leaving it out?",
        choices=WithholdReason.choices,
        widget=forms.RadioSelect,
        help_text="The document tells the person, in general terms, that some information was "
        "left out and why. If you are not sure a reason applies, check with your DPO's legal "
        "adviser before you leave anything out.",
        error_messages={"required": "Select why you are leaving it out"},
    )
    note = forms.CharField(
        label="Note for the file (optional)",
        help_text="For example, who the information is about. The person does not see this.",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        error_messages={"max_length": "The note must be 1000 characters or fewer"},
    )
