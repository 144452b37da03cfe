"""Authoring and consultation details: the item list in the comment form, the direction of
comparisons, and removing an item from a draft."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from lantern.core.roles import Role
from lantern.standards.rules import shorten
from tests.helpers import make_org, make_user, sign_in
from tests.standards import samples

SENTENCE = "prepare and agree victim-centred support and safety plans in line with needs"


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("short text", 90, "short text"),
        (SENTENCE, len(SENTENCE), SENTENCE),
        (SENTENCE, 30, "prepare and agree…"),  # "victim-centred" would be cut: dropped
        (SENTENCE, 26, "prepare and agree…"),
        ("one two three", 8, "one two…"),
        ("one two three", 7, "one…"),
        ("a, b, c, d, e, f", 6, "a, b…"),  # no dangling comma before the ellipsis
        ("x" * 100, 10, "x" * 9 + "…"),  # one long word: cut inside it
        ("spaces   are\n  squeezed", 90, "spaces are squeezed"),
    ],
)
def test_shorten_cuts_at_a_word_boundary(text: str, limit: int, expected: str) -> None:
    result = shorten(text, limit)
    assert result == expected
    assert len(result) <= limit


@pytest.mark.django_db
def test_the_comment_form_lists_items_cut_at_word_boundaries(client: Client) -> None:
    consultation = samples.consultation()
    page = client.get(f"/standards/consult/{consultation.link_token}/").content.decode()
    options = dict(re.findall(r'<option value="([A-Z0-9.]+)"[^>]*>([^<]*)</option>', page))
    texts = {
        f"{'PC' if i.kind == 'pc' else 'K'}{i.number}": i.text
        for i in consultation.version.items.all()
    }
    long = [code for code, text in texts.items() if len(text) > 90]
    assert long, "the sample standard has long items"
    for code in long:
        label = options[code].replace("&#x27;", "'")
        assert label.endswith("…")
        kept = label.removeprefix(f"{code}: ").removesuffix("…")
        # What is kept is whole words of the item's text.
        assert texts[code].startswith(kept)
        assert texts[code][len(kept)] in " ,;:.-"


@pytest.mark.django_db
def test_compare_links_and_the_compare_page_go_from_old_to_new(client: Client) -> None:
    draft = samples.draft()  # version 2, not current: version 1 is
    author = make_user(Role.STANDARDS_AUTHOR, org=make_org("Standards Team"), email="a@x.test")
    sign_in(client, author)
    page = client.get(f"/standards/SFJBMS05/v{draft.number}/").content.decode()
    links = re.findall(r'href="/standards/SFJBMS05/compare/\?from=(\d+)&amp;to=(\d+)"', page)
    assert links
    for old, new in links:
        assert int(old) < int(new), page
    for query in ("?from=1&to=2", "?from=2&to=1"):
        page = client.get(f"/standards/SFJBMS05/compare/{query}").content.decode()
        assert "What changed from version 1 to version 2" in page
