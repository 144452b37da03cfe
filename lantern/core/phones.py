"""Phone numbers that people type into Lantern (pure: no ORM). A referral pathway and a
directory entry check theirs the same way, so that a number shown with a ``tel:`` link is one
a phone can dial."""

from __future__ import annotations

import re

# What may be typed: digits, spaces, brackets, dashes and one leading plus.
PHONE_RE = re.compile(r"^\+?[0-9 ()-]{3,25}$")
PHONE_MESSAGE = (
    "Enter a phone number, like 020 7946 0000 or +44 20 7946 0000, "
    "with any extension after it, like 020 7946 0000 ext 12"
)
# An extension after a switchboard number: "ext 12", "ext. 12", "extension 12" or "x12".
EXTENSION_RE = re.compile(
    r"^(?P<number>.*?[0-9)])\s*,?\s*(?:ext\.?|extension|x)\s*(?P<ext>[0-9]{1,6})$", re.IGNORECASE
)
# UK short numbers that a phone dials as they are: emergency (999, 112), NHS 111, police non
# emergency 101, and the European 116 xxx lines.
SHORT_NUMBERS = re.compile(r"^(999|112|111|101|116\d{3})$")


def normalise_phone(text: str) -> str:
    """Runs of spaces become one; empty stays empty."""
    return " ".join(text.split())


def _without_extension(phone: str) -> tuple[str, str]:
    """The number and its extension ("" when none)."""
    match = EXTENSION_RE.match(phone.strip())
    if match is None:
        return phone, ""
    return match["number"], match["ext"]


def _dialled(phone: str) -> str:
    """The digits a phone dials, with a leading plus kept and the "(0)" after +44 dropped:
    "+44 (0)20 7946 0321" is dialled as +442079460321."""
    text = re.sub(r"^\+\s*44\s*\(\s*0\s*\)", "+44", phone.strip())
    return re.sub(r"[^0-9+]", "", text)


def phone_is_valid(phone: str) -> bool:
    """Empty (no number), a UK short number, or a plausible UK number: 0 and 9 or 10 more
    digits (020 7946 0000, 0800 808 3733), or +44 and those digits without the 0. A number
    may end with an extension ("020 7946 0321 ext 12"); a short number may not."""
    if not phone:
        return True
    phone, extension = _without_extension(phone)
    if not PHONE_RE.match(phone) or phone.count("+") > 1:
        return False
    dialled = _dialled(phone)
    if SHORT_NUMBERS.match(dialled):
        return not extension
    national = "0" + dialled[3:] if dialled.startswith("+44") else dialled
    return bool(re.fullmatch(r"0[1-9]\d{8,9}", national))


def tel_href(phone: str) -> str:
    """The ``tel:`` address of a number as written: digits and a leading plus only, without the
    "(0)" that is not dialled after +44. An extension follows a comma, which phones dial as a
    pause ("tel:+442079460321,12"): a switchboard that answers with a menu gets the extension,
    and one answered by a person is simply told it."""
    number, extension = _without_extension(phone)
    return "tel:" + _dialled(number) + ("," + extension if extension else "")


_CANDIDATE = re.compile(
    r"\+?[0-9(][0-9 ()-]{1,22}[0-9](?:\s*,?\s*(?:ext\.?|extension|x)\s*[0-9]{1,6}\b)?",
    re.IGNORECASE,
)


def split_phone(text: str) -> tuple[str, str, str] | None:
    """``text`` around the first number in it that a phone can dial: (before, number, after),
    so that "Emergency duty team: 020 7946 0999" can show the number as a ``tel:`` link. None
    when the text has no such number."""
    for match in _CANDIDATE.finditer(text):
        number = match.group().strip()
        if phone_is_valid(number):
            start = match.start() + match.group().index(number)
            return text[:start], number, text[start + len(number) :]
    return None
