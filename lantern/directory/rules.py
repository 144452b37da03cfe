"""What a directory entry may hold and how a search matches it (pure: no ORM).

The service, the form, the content loader and the HSDS export all read these, so that an entry
saved any way is held and found the same way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from lantern.core.identifiers import has_address

# What a service offers. The keys are stable: they are stored, exported (HSDS attributes) and
# used in search links; the labels can be reworded.
CATEGORIES: dict[str, str] = {
    "helpline": "Helpline and advice",
    "nrm_support": "Support for potential victims (NRM)",
    "safeguarding": "Safeguarding and first responders",
    "accommodation": "Safe accommodation",
    "health": "GP and health care",
    "mental_health": "Counselling and mental health",
    "legal": "Legal advice",
    "immigration": "Immigration advice",
    "housing": "Housing",
    "benefits": "Benefits and money",
    "interpreting": "Interpreting and translation",
    "esol": "English classes",
    "employment": "Education, training and work",
    "children": "Children and young people",
    "advocacy": "Advocacy and casework",
}

# Who can get in touch: the person themselves, or a professional on their behalf.
ACCESS: dict[str, str] = {
    "anyone": "Anyone can contact them, including the person themselves",
    "professional": "A professional refers the person",
}

# HSDS 3.0 service statuses that Lantern lists (a removed entry is deleted, not kept).
STATUSES: dict[str, str] = {"active": "Open", "temporarily closed": "Temporarily closed"}

# The UK's nations, as an area searched for (case-folded).
NATIONS = frozenset({"england", "wales", "scotland", "northern ireland"})

REVIEW_AFTER = dt.timedelta(days=365)
MAX_DESCRIPTION = 600
MAX_AREAS = 20
MAX_LANGUAGES = 30

ADDRESS_MESSAGE = (
    "Do not give the address of safe accommodation. People who need it are referred by phone "
    "or email; the address is shared only with them."
)
CONTACT_MESSAGE = "Give at least one way to reach the service: a phone number, email or website"


def area_lines(text: str) -> list[str]:
    """Areas served, one a line: trimmed, blank lines and repeats dropped, order kept."""
    seen: dict[str, str] = {}
    for line in text.splitlines():
        area = " ".join(line.split())
        if area and area.casefold() not in seen:
            seen[area.casefold()] = area
    return list(seen.values())


def address_allowed(categories: Iterable[str], address: str) -> bool:
    """Safe accommodation is never listed with its address: the address of a place of safety
    must not reach anyone who could pass it on to the people a victim escaped from."""
    return not (address.strip() and "accommodation" in set(categories))


# The free text of an entry, where an address could be written instead of in "Address to visit".
FREE_TEXT_FIELDS = ("name", "description", "areas", "how_to_refer", "hours")


def addresses_in_free_text(categories: Iterable[str], fields: Mapping[str, object]) -> list[str]:
    """The free-text fields of a safe accommodation entry that give a street address or a
    postcode (empty for any other entry): its address must not be published anywhere in it."""
    if "accommodation" not in set(categories):
        return []
    return [name for name in FREE_TEXT_FIELDS if has_address(str(fields.get(name) or ""))]


def has_contact(phone: str, email: str, website: str) -> bool:
    return bool(phone.strip() or email.strip() or website.strip())


def needs_review(checked_at: dt.datetime, now: dt.datetime) -> bool:
    """Contacts change: an entry nobody has checked for a year is flagged to everyone."""
    return now - checked_at > REVIEW_AFTER


@dataclass(frozen=True)
class Search:
    """A directory search. Every part is optional; an empty search lists everything."""

    text: str = ""
    category: str = ""
    area: str = ""
    language: str = ""

    @property
    def is_empty(self) -> bool:
        return not (self.text or self.category or self.area or self.language)


@dataclass(frozen=True)
class Listing:
    """What a search looks at in one entry, local or national."""

    name: str
    description: str
    organisation: str
    categories: Sequence[str]
    areas: Sequence[str]
    languages: Sequence[str]
    national: bool = False


_ENDINGS = ("ations", "ation", "ers", "ing", "ors", "er", "or", "s")


def _stem(word: str) -> str:
    """A search word without a common English ending, so that "interpreter" finds
    "Interpreting" and "translator" finds "translation"; short words stay whole."""
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 5:
            return word[: -len(ending)]
    return word


def matches(listing: Listing, search: Search) -> bool:
    """Does ``listing`` answer ``search``? Text is every word anywhere in the name, description,
    organisation or what it offers; an area matches one of the areas served (a national service
    serves every area of the nations it covers); a language must be spoken without an
    interpreter."""
    if search.category and search.category not in listing.categories:
        return False
    if search.language and search.language not in listing.languages:
        return False
    wanted = search.area.casefold().strip()
    if (
        wanted
        and not listing.national
        and not any(wanted in area.casefold() for area in listing.areas)
    ):
        return False
    # A national line covers the nations its source names (an England and Wales line is not one
    # to call about someone in Scotland). Other areas (a borough) cannot be placed in a nation
    # here, so the line shows.
    if (
        wanted in NATIONS
        and listing.national
        and listing.areas
        and wanted not in {area.casefold() for area in listing.areas}
    ):
        return False
    if search.text:
        labels = " ".join(CATEGORIES.get(c, "") for c in listing.categories)
        haystack = " ".join(
            (listing.name, listing.description, listing.organisation, labels)
        ).casefold()
        if not all(_stem(word) in haystack for word in search.text.casefold().split()):
            return False
    return True
