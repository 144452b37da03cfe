"""The GOV.UK template helpers: the error summary lists problems in the order of the page."""

from __future__ import annotations

from django import forms

from lantern.core.templatetags.govuk import govuk_error_summary


class _Session(forms.Form):
    venue = forms.CharField()
    kind = forms.ChoiceField(choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect)
    places = forms.IntegerField()

    def clean(self):
        # Rules (or a service's ValidationError) can find problems in any order.
        self.add_error("places", "Enter at most 40 places: the venue holds 40")
        self.add_error("kind", "Select a kind of session the venue allows")
        self.add_error("venue", "Enter a venue in the borough")
        raise forms.ValidationError("Check the session")


def test_errors_are_listed_in_the_order_of_the_fields_with_links_to_each() -> None:
    form = _Session(data={"venue": "Town hall", "kind": "a", "places": "60"})
    assert list(form.errors) == ["places", "kind", "venue", "__all__"]  # the order found
    summary = govuk_error_summary(form)["errors"]
    assert summary == [
        {"href": "", "text": "Check the session"},
        {"href": "#id_venue", "text": "Enter a venue in the borough"},
        {"href": "#id_kind_0", "text": "Select a kind of session the venue allows"},
        {"href": "#id_places", "text": "Enter at most 40 places: the venue holds 40"},
    ]
