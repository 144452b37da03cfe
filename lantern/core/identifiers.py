"""What in free text looks like it could identify or locate a person (pure: no ORM).

A Duty to Notify draft refuses these; an NRM draft's quality check flags them in its
observations; the directory refuses a street address or postcode anywhere in an entry for safe
accommodation. One set of patterns, so all three see the same things.
"""

from __future__ import annotations

import re

_STREET_WORDS = (
    "road|rd|street|st|avenue|ave|lane|ln|close|way|drive|dr|court|ct|place|pl|gardens|gdns|"
    "crescent|cres|terrace|square|sq|grove|mews|parade"
)
# A UK postcode (full: SW1A 1AA, NW1 2DB), as Royal Mail formats it.
POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b", re.IGNORECASE)
# A house or flat number followed by a street: "12 Acacia Avenue", "3a High St", "Flat 2, 5
# Mill Lane".
STREET_ADDRESS = re.compile(
    rf"\b\d+[a-z]?,?\s+(\w+[\s-]+){{1,2}}({_STREET_WORDS})\b\.?", re.IGNORECASE
)
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[a-z]{2,}", re.IGNORECASE)
# A run of 7 or more digits (a phone or reference number), however spaced.
LONG_NUMBER = re.compile(r"(\d[\s-]?){7,}")
# A UK phone number as people write it: 07700 900123, 020 7946 0000, +44 (0)7700 900 123.
UK_PHONE = re.compile(r"(\+44\s?(\(0\)\s?)?|\b0)\d(?:[\s-]?\d){8,9}\b")
_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
# A full date: 3/11/1990, 1990-11-03, 3 November 1990, November 3, 1990.
FULL_DATE = re.compile(
    r"\b(\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}-\d{1,2}-\d{1,2}|"
    rf"\d{{1,2}}(st|nd|rd|th)?\s+({_MONTHS})\.?,?\s+\d{{4}}|({_MONTHS})\.?\s+\d{{1,2}}(st|nd|rd|th)?,?\s+\d{{4}})\b",
    re.IGNORECASE,
)
# Words that say a date is someone's birth date: "DOB 3/4/90", "born on 3 April 1990".
DATE_OF_BIRTH = re.compile(
    r"\b(dob|d\.o\.b\.?|date of birth|born|birthday)\b[^.\n]{0,20}?"
    rf"(\d{{1,2}}[/.-]\d{{1,2}}[/.-]\d{{2,4}}|\d{{4}}-\d{{1,2}}-\d{{1,2}}|\d{{1,2}}(st|nd|rd|th)?\s+({_MONTHS})|({_MONTHS})\s+\d{{1,2}}|\d{{4}})",
    re.IGNORECASE,
)

# What a Duty to Notify may not hold (MSA 2015 s52: it must not identify the adult).
_IDENTIFIERS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("a postcode", POSTCODE),
    ("an email address", EMAIL),
    ("a phone or reference number", LONG_NUMBER),
    ("a full date (such as a date of birth)", FULL_DATE),
    ("a house number and street", STREET_ADDRESS),
)

# What an NRM draft's observations should not carry in passing: the online form asks for the
# person's details in their own fields.
_PERSONAL_DETAILS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("a date of birth", DATE_OF_BIRTH),
    ("a phone number", UK_PHONE),
    ("a postcode", POSTCODE),
    ("a house number and street", STREET_ADDRESS),
    ("an email address", EMAIL),
)


def identifier_problems(text: str) -> list[str]:
    """What in ``text`` looks like it could identify a person (empty when nothing does)."""
    return [label for label, pattern in _IDENTIFIERS if pattern.search(text)]


def personal_details(text: str) -> list[str]:
    """Personal details written into free text: a date of birth, a UK phone number, a postcode,
    a street address or an email address (empty when there are none)."""
    return [label for label, pattern in _PERSONAL_DETAILS if pattern.search(text)]


def has_address(text: str) -> bool:
    """Does ``text`` give a street address or a postcode?"""
    return bool(POSTCODE.search(text) or STREET_ADDRESS.search(text))
