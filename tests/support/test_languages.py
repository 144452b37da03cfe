"""Languages are typed by English name (any case) or ISO 639-2 code, stored as the code, and
shown by name; the directory's ISO 639-1 mapping is unchanged."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lantern.core import codes
from lantern.support import services
from lantern.support.forms import AccountForm, CaseForm, RightsForm
from lantern.support.models import Case, PersonAccount, RightsInformation
from tests.helpers import sign_in
from tests.support.conftest import World


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("tir", "tir"),
        ("TIR", "tir"),
        ("Tigrinya", "tir"),
        ("  tigrinya ", "tir"),
        ("ARABIC", "ara"),
        ("Valencian", "cat"),  # a second ISO name for Catalan
        ("Punjabi", "pan"),
        ("Greek, Modern", "ell"),
        ("Modern Greek", "ell"),
        ("Greek, Modern (1453-)", "ell"),
        ("Persian", "fas"),
        ("Elvish", None),
        ("", None),
    ],
)
def test_language_code(typed: str, code: str | None) -> None:
    assert codes.language_code(typed) == code


def test_every_language_has_a_label_that_reads_back_to_its_code() -> None:
    for code in codes.languages():
        label = codes.language_label(code)
        assert "," not in label, label
        assert codes.language_code(label) == code, (code, label)
    assert codes.language_label("tir") == "Tigrinya"
    assert codes.language_label("ell") == "Modern Greek"


def test_a_list_of_languages_as_typed() -> None:
    assert codes.languages_typed("Tigrinya, ara; eng, tigrinya") == (["tir", "ara", "eng"], [])
    assert codes.languages_typed("Greek, Modern, Somali") == (["ell", "som"], [])
    assert codes.languages_typed("Tigrinya, Elvish") == (["tir"], ["Elvish"])


def test_the_directory_mapping_is_unchanged() -> None:
    alpha2 = codes.languages_alpha2()
    assert len(alpha2) == 184
    assert alpha2["ti"] == "tir" and alpha2["ar"] == "ara" and alpha2["el"] == "ell"


@pytest.mark.django_db
def test_the_case_form_takes_names_and_shows_them() -> None:
    form = CaseForm(
        {"version": "1", "age_band": "18-24", "gender": "female", "languages": "Tigrinya, ara"}
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["languages"] == ["tir", "ara"]
    refused = CaseForm({"version": "1", "age_band": "18-24", "gender": "female", "languages": "x1"})
    assert not refused.is_valid()
    assert "Not recognised: x1" in refused.errors["languages"][0]
    shown = CaseForm(instance=Case(languages=["tir", "ell"]))
    assert shown.initial["languages"] == "Tigrinya, Modern Greek"


def _rights(language: str) -> dict[str, Any]:
    return {
        "version": "1",
        "language": language,
        "format": "written",
        "interpreter": "none",
        "topics": ["nrm"],
        "given_on": timezone.localdate().isoformat(),
    }


def test_rights_and_account_take_a_name_and_offer_no_list(world: World) -> None:
    form = RightsForm(_rights("tigrinya"), case=world.case)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["language"] == "tir"
    html = str(RightsForm(case=world.case))
    assert "<select" not in html and "Akkadian" not in html and "Artificial languages" not in html
    refused = RightsForm(_rights("Elvish"), case=world.case)
    assert not refused.is_valid()
    assert refused.errors["language"] == [
        "Enter a language by its English name or ISO 639-2 code, like Tigrinya or tir"
    ]
    account = AccountForm(
        {"version": "1", "recorded_on": timezone.localdate().isoformat(), "account": "x"},
        case=world.case,
    )
    assert account.is_valid(), account.errors
    assert account.cleaned_data["language"] == ""
    editing = AccountForm(instance=PersonAccount(language="ara"), case=world.case)
    assert 'value="Arabic"' in str(editing["language"])


def test_typing_a_name_in_the_browser_stores_the_code_and_shows_the_name(world: World) -> None:
    client = Client()
    sign_in(client, world.caseworker)
    url = reverse("support:case_section", kwargs={"case_id": world.case.pk, "section": "rights"})
    response = client.post(url, _rights("Tigrinya"))
    assert response.status_code == 302
    assert RightsInformation.objects.get(case=world.case).language == "tir"
    assert "Tigrinya" in client.get(url).content.decode()


def test_the_section_service_refuses_an_unknown_language_code(world: World) -> None:
    data = {
        "recorded_on": timezone.localdate(),
        "account": "In their words",
        "language": "zzz",
    }
    with pytest.raises(ValidationError) as refused:
        services.section_entry_create(
            actor=world.caseworker,
            case=world.case,
            model=PersonAccount,
            section="account",
            data=data,
        )
    assert "language" in refused.value.message_dict
    assert not PersonAccount.objects.filter(case=world.case).exists()
