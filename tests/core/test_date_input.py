"""The GOV.UK date input: day, month and year as three inputs, with GOV.UK's messages, only the
inputs with a problem marked, and what the person typed shown back to them."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django import forms

from lantern.core.forms import DateProblem, GovukDateField, parse_date_parts
from lantern.core.templatetags.govuk import govuk_error_summary

ALL = ("day", "month", "year")


@pytest.mark.parametrize(
    ("day", "month", "year", "expected"),
    [
        ("27", "3", "2027", date(2027, 3, 27)),
        (" 07 ", "03", "2027", date(2027, 3, 7)),  # spaces and leading zeros
        ("1st", "March", "2027", date(2027, 3, 1)),  # an ordinal and a month name
        ("3", "sept.", "2027", date(2027, 9, 3)),
        ("3", "DEC", "2027", date(2027, 12, 3)),
        ("29", "2", "2028", date(2028, 2, 29)),  # a leap day
        ("29", "2", "2000", date(2000, 2, 29)),  # divisible by 400: a leap year
        ("", "", "  ", None),  # nothing entered
        ("", "3", "2027", DateProblem("incomplete", ("day",))),
        ("27", "", "2027", DateProblem("incomplete", ("month",))),
        ("", "", "2027", DateProblem("incomplete", ("day", "month"))),
        ("27", "3", "27", DateProblem("year_digits", ("year",))),
        ("27", "13", "2027", DateProblem("invalid", ("month",))),
        ("0", "3", "2027", DateProblem("invalid", ("day",))),
        ("27", "march-ish", "2027", DateProblem("invalid", ("month",))),
        ("27", "3", "twenty", DateProblem("invalid", ("year",))),
        ("32", "13", "2027", DateProblem("invalid", ALL)),  # more than one: the whole date
        ("29", "2", "2027", DateProblem("invalid", ("day",))),  # not a leap year
        ("29", "2", "1900", DateProblem("invalid", ("day",))),  # divisible by 100, not 400
        ("31", "4", "2027", DateProblem("invalid", ("day",))),
        ("٣", "3", "2027", DateProblem("invalid", ("day",))),  # only the digits 0 to 9
        # Missing comes before what cannot be right (GOV.UK's order of priority).
        ("45", "", "2027", DateProblem("incomplete", ("month",))),
    ],
)
def test_parse_date_parts(day: str, month: str, year: str, expected: Any) -> None:
    assert parse_date_parts(day, month, year) == expected


class _Dates(forms.Form):
    opens_on = GovukDateField(label="Opening date")
    review_on = GovukDateField(
        label="Review date",
        subject="the date of the next review",
        help_text="Usually 5 years from now.",
        example=lambda: date(2031, 3, 27),
        required=False,
    )


def _parts(day: str, month: str, year: str, name: str = "opens_on") -> dict[str, str]:
    return {f"{name}_day": day, f"{name}_month": month, f"{name}_year": year}


def _input(html: str, part: str, name: str = "opens_on") -> str:
    start = html.index(f'name="{name}_{part}"')
    return html[html.rindex("<input", 0, start) : html.index(">", start) + 1]


def test_a_date_is_read_from_its_three_inputs() -> None:
    form = _Dates(data=_parts("29", "2", "2028"))
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {"opens_on": date(2028, 2, 29), "review_on": None}


def test_nothing_entered_asks_for_the_date_and_marks_all_three() -> None:
    form = _Dates(data=_parts("", "", ""))
    assert form.errors == {"opens_on": ["Enter the opening date"]}
    html = str(form)
    for part in ALL:
        assert "govuk-input--error" in _input(html, part)
    assert govuk_error_summary(form)["errors"] == [
        {"href": "#id_opens_on_day", "text": "Enter the opening date"}
    ]


def test_a_missing_month_is_named_and_only_the_month_is_marked() -> None:
    form = _Dates(data=_parts("27", "", "2027"))
    assert form.errors == {"opens_on": ["The opening date must include a month"]}
    html = str(form)
    assert "govuk-input--error" in _input(html, "month")
    assert 'aria-invalid="true"' in _input(html, "month")
    for part in ("day", "year"):
        assert "govuk-input--error" not in _input(html, part)
        assert "aria-invalid" not in _input(html, part)
    assert govuk_error_summary(form)["errors"] == [
        {"href": "#id_opens_on_month", "text": "The opening date must include a month"}
    ]


def test_two_missing_parts_are_named_together() -> None:
    form = _Dates(data=_parts("", "3", ""))
    assert form.errors == {"opens_on": ["The opening date must include a day and year"]}
    html = str(form)
    assert "govuk-input--error" not in _input(html, "month")
    assert govuk_error_summary(form)["errors"][0]["href"] == "#id_opens_on_day"


def test_a_date_that_does_not_exist_must_be_a_real_date() -> None:
    form = _Dates(data=_parts("29", "2", "2027"))
    assert form.errors == {"opens_on": ["The opening date must be a real date"]}
    assert "govuk-input--error" in _input(str(form), "day")


def test_a_two_digit_year_links_to_the_year() -> None:
    form = _Dates(data=_parts("27", "3", "27"))
    assert form.errors == {"opens_on": ["The opening date must include a year with 4 numbers"]}
    assert govuk_error_summary(form)["errors"][0]["href"] == "#id_opens_on_year"


def test_what_was_typed_is_shown_back_after_an_error() -> None:
    form = _Dates(data=_parts(" 31", "Feb", "2027") | _parts("1st", "", "", "review_on"))
    assert not form.is_valid()
    assert form.errors["review_on"] == ["The date of the next review must include a month and year"]
    html = str(form)
    assert 'value=" 31"' in _input(html, "day")
    assert 'value="Feb"' in _input(html, "month")
    assert 'value="2027"' in _input(html, "year")
    assert 'value="1st"' in _input(html, "day", "review_on")


def test_an_error_about_the_whole_date_marks_all_three() -> None:
    form = _Dates(data=_parts("27", "3", "2027"))
    assert form.is_valid()
    form.add_error("opens_on", "The opening date must be today or in the future")
    html = str(form)
    for part in ALL:
        assert "govuk-input--error" in _input(html, part)
    assert govuk_error_summary(form)["errors"][0]["href"] == "#id_opens_on_day"


def test_an_initial_date_fills_the_three_inputs_in_a_fieldset_with_a_hint() -> None:
    html = str(_Dates(initial={"opens_on": date(2027, 6, 3)}))
    assert 'value="3"' in _input(html, "day")
    assert 'value="6"' in _input(html, "month")
    assert 'value="2027"' in _input(html, "year")
    assert 'inputmode="numeric"' in _input(html, "year")
    assert "govuk-input--width-4" in _input(html, "year")
    assert 'type="date"' not in html
    assert (
        '<fieldset class="govuk-fieldset" role="group" aria-describedby="id_opens_on-hint">' in html
    )
    assert (
        '<label class="govuk-label govuk-date-input__label" for="id_opens_on_month">Month</label>'
        in html
    )
    # The default example is the 27th of a month ahead: a real date, day and month unmistakable.
    assert "For example, 27 " in html
    assert "Usually 5 years from now. For example, 27 3 2031" in html


def test_one_iso_date_under_the_field_name_is_still_read() -> None:
    # A page loaded before the change (or a script) posts the old single field.
    form = _Dates(data={"opens_on": "2027-06-03"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["opens_on"] == date(2027, 6, 3)
    assert _Dates(data={"opens_on": "3/6/2027"}).errors == {"opens_on": ["Enter the opening date"]}


def test_has_changed_compares_dates() -> None:
    field = GovukDateField(label="Opening date")
    assert not field.has_changed(date(2027, 3, 1), ["01", "3", "2027"])
    assert field.has_changed(date(2027, 3, 1), ["2", "3", "2027"])
    assert field.has_changed(date(2027, 3, 1), ["31", "2", "2027"])
