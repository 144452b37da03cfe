"""Authoring and consultation details: the item list in the comment form, the direction of
comparisons, and removing an item from a draft."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from lantern.core.models import AuditEvent
from lantern.core.roles import Role
from lantern.standards import services
from lantern.standards.coverage import register_coverage
from lantern.standards.rules import LifecycleError, shorten
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


def _author_client(client: Client) -> None:
    author = make_user(Role.STANDARDS_AUTHOR, org=make_org("Standards Team"), email="a@x.test")
    sign_in(client, author)


@pytest.mark.django_db
def test_an_author_removes_a_draft_item_after_confirming(client: Client) -> None:
    draft = samples.draft()
    _author_client(client)
    url = f"/standards/SFJBMS05/v{draft.number}/items/PC14/remove/"
    page = client.get(url).content.decode()
    assert "Are you sure you want to remove PC14?" in page
    assert draft.items.filter(kind="pc", number="14").exists()  # asking removes nothing

    response = client.post(url)
    assert response.status_code == 302
    assert not draft.items.filter(kind="pc", number="14").exists()
    assert draft.items.filter(kind="pc", number="15").exists()  # others keep their numbers
    event = AuditEvent.objects.filter(action="standards.item_removed").get()
    assert event.detail == {"ref": "SFJBMS05.PC14", "version": draft.number}
    # Version 1 still has PC14; a new item does not take a number version 1 used.
    base = draft.based_on
    assert base is not None
    top = max(
        int(n) for n in base.items.filter(kind="pc", parent=None).values_list("number", flat=True)
    )
    services.item_remove(actor=None, item=draft.items.get(kind="pc", number=str(top)))
    added = services.item_add(actor=None, version=draft, kind="pc", text="a new criterion")
    assert added.number == str(top + 1)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("code", "setup", "reason"),
    [
        ("PC6", None, "it has sub-items (PC6.1, PC6.2"),
        ("PC14", "comment", "consultees have commented on it"),
        ("PC5", "coverage", "Lantern content is mapped to SFJBMS05.PC5 (1 mapping)"),
    ],
)
def test_removing_is_refused_with_the_reason(
    client: Client, code: str, setup: str | None, reason: str
) -> None:
    if setup == "comment":
        samples.comment()  # on PC14
    if setup == "coverage":
        samples.loaded()
        register_coverage(
            item_ref="learning:unit:test", kind="teaches", covers=["SFJBMS05.PC5"], label="Unit"
        )
    draft = samples.draft()
    kind, number = ("pc", code[2:])
    with pytest.raises(LifecycleError, match=re.escape(reason)):
        services.item_remove(actor=None, item=draft.items.get(kind=kind, number=number))
    assert draft.items.filter(kind=kind, number=number).exists()
    _author_client(client)
    url = f"/standards/SFJBMS05/v{draft.number}/items/{code}/remove/"
    response = client.post(url, follow=True)
    assert reason in response.content.decode().replace("&#x27;", "'")
    assert draft.items.filter(kind=kind, number=number).exists()


@pytest.mark.django_db
def test_items_of_an_approved_version_cannot_be_removed(client: Client) -> None:
    standard = samples.loaded()
    item = standard.versions.get(number=1).items.get(kind="pc", number="14")
    with pytest.raises(LifecycleError):
        services.item_remove(actor=None, item=item)
    _author_client(client)
    # No permission looks the same as no record.
    assert client.post("/standards/SFJBMS05/v1/items/PC14/remove/").status_code == 404
    assert item.__class__.objects.filter(pk=item.pk).exists()
