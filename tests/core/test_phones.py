"""Phone numbers shown with a tap-to-call link must be ones a phone can dial."""

from __future__ import annotations

import pytest

from lantern.core.phones import phone_is_valid, tel_href


@pytest.mark.parametrize(
    "phone",
    [
        "",
        "020 7946 0321",
        "(020) 7946-0321",
        "+44 20 7946 0321",
        "+44 (0)20 7946 0321",
        "08000 121 700",
        "0800 808 3733",
        "01632 960 001",
        "07700 900123",
        "999",
        "111",
        "101",
        "116 123",
    ],
)
def test_a_uk_number_or_short_number_is_accepted(phone: str) -> None:
    assert phone_is_valid(phone)


@pytest.mark.parametrize(
    "phone",
    [
        "----------",
        "0000000000",
        "000 0000 0000",
        "( ) ( ) ( ) ( )",
        "020 7946",  # too short
        "020 7946 0321 0321",  # too long
        "+33 1 23 45 67 89",  # not a UK number
        "+44 0 20 7946 0321",  # the 0 is not dialled after +44
        "12345678901",
        "call the office",
        "+44+20 7946 0321",
        "123",
    ],
)
def test_a_number_that_cannot_be_dialled_is_refused(phone: str) -> None:
    assert not phone_is_valid(phone)


@pytest.mark.parametrize(
    ("phone", "href"),
    [
        ("(020) 7946-0123", "tel:02079460123"),
        ("+44 20 7946 0123", "tel:+442079460123"),
        ("+44 (0)20 7946 0321", "tel:+442079460321"),
        ("+44(0) 7700 900123", "tel:+447700900123"),
        ("999", "tel:999"),
    ],
)
def test_the_tel_link_is_what_a_phone_dials(phone: str, href: str) -> None:
    assert tel_href(phone) == href


@pytest.mark.parametrize(
    ("phone", "href"),
    [
        ("+44 20 7946 0321 ext 12", "tel:+442079460321,12"),
        ("020 7946 0321 ext. 4455", "tel:02079460321,4455"),
        ("020 7946 0321 extension 7", "tel:02079460321,7"),
        ("020 7946 0321 x12", "tel:02079460321,12"),
        ("020 7946 0321, ext 12", "tel:02079460321,12"),
    ],
)
def test_a_switchboard_number_may_have_an_extension(phone: str, href: str) -> None:
    assert phone_is_valid(phone)
    assert tel_href(phone) == href


@pytest.mark.parametrize("phone", ["999 ext 1", "ext 12", "020 7946 ext 12", "020 7946 0321 ext"])
def test_an_extension_does_not_make_a_bad_number_good(phone: str) -> None:
    assert not phone_is_valid(phone)


def test_a_number_with_an_extension_in_text_is_linked_whole() -> None:
    from lantern.core.phones import split_phone

    assert split_phone("Switchboard: 020 7946 0321 ext 12, then ask for Sam") == (
        "Switchboard: ",
        "020 7946 0321 ext 12",
        ", then ask for Sam",
    )
