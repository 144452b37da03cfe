"""The support PDFs embed their fonts, so a name in Tigrinya (Ge'ez script), Arabic or
Cyrillic prints as glyphs, not boxes: the PDF standard Helvetica has Latin-1 only."""

from __future__ import annotations

import re
import zlib
from datetime import date

import pytest

from lantern.support import fonts, selectors, services
from lantern.support.pdf import plan_pdf
from lantern.support.sections import SECTIONS
from tests.support import factories as f
from tests.support.conftest import World

TIGRINYA = "ሃብቶም"  # Habtom
ARABIC = "مريم"  # Maryam
CYRILLIC = "Олена"  # Olena

needs_noto = pytest.mark.skipif(
    not (fonts.NOTO / "NotoSansEthiopic-Regular.ttf").is_file(),
    reason="fonts-noto-core is not installed (bin/lantern installs it)",
)


def _streams(pdf: bytes) -> list[bytes]:
    """Every Flate stream, inflated (the ToUnicode maps among them)."""
    out = []
    for match in re.finditer(rb"stream\r?\n", pdf):
        try:
            out.append(zlib.decompressobj().decompress(pdf[match.end() :]))
        except zlib.error:
            continue  # not Flate (the page's ASCII85 content stream)
    return out


def _mapped(pdf: bytes) -> set[str]:
    """Every character the embedded fonts' ToUnicode maps say has a glyph in the PDF."""
    chars: set[str] = set()
    for stream in _streams(pdf):
        if b"beginbfchar" not in stream and b"beginbfrange" not in stream:
            continue
        for hexes in re.findall(rb"<[0-9A-Fa-f]+>\s*<([0-9A-Fa-f]{4,})>", stream):
            chars.add(chr(int(hexes, 16)))
    return chars


def _plan(world: World, given_name: str) -> bytes:
    case = f.case(world.caseworker, world.org, world.team, given_name=given_name)
    services.plan_save(
        actor=world.caseworker,
        case=case,
        expected_version=0,
        in_their_words=f"{given_name}: I want to be safe",
        safety_plan="Call 999",
        agreed_with_person=True,
        agreed_on=date(2026, 11, 3),
    )
    plan = selectors.plan_for(case)
    assert plan is not None
    goals = list(selectors.section_entries(case, SECTIONS["goals"].model))
    return plan_pdf(case=case, plan=plan, goals=goals)


@needs_noto
def test_a_tigrinya_name_is_embedded_as_glyphs(world: World) -> None:
    pdf = _plan(world, TIGRINYA)
    assert b"NotoSansEthiopic" in pdf  # the Ethiopic font is embedded (a subset)
    assert set(TIGRINYA) <= _mapped(pdf)


@needs_noto
def test_arabic_and_cyrillic_names_are_embedded_as_glyphs(world: World) -> None:
    pdf = _plan(world, f"{ARABIC} {CYRILLIC}")
    assert b"NotoSansArabic" in pdf
    assert set(ARABIC) | set(CYRILLIC) <= _mapped(pdf)


def test_without_noto_the_text_font_is_liberation_sans(
    world: World, monkeypatch: pytest.MonkeyPatch, tmp_path: object
) -> None:
    """The fallback: with no Noto fonts on the machine, Liberation Sans (shipped with Lantern)
    is embedded, so Latin and Cyrillic names still print."""
    monkeypatch.setattr(fonts, "NOTO", fonts.Path("/nonexistent"))
    fonts.fonts.cache_clear()
    try:
        assert fonts.fonts().regular == "LiberationSans" and fonts.fonts().scripts == ()
        pdf = _plan(world, CYRILLIC)
        assert b"LiberationSans" in pdf and b"NotoSans" not in pdf
        assert set(CYRILLIC) <= _mapped(pdf)
    finally:
        fonts.fonts.cache_clear()


@needs_noto
def test_the_subject_access_pdf_embeds_a_tigrinya_name(world: World) -> None:
    from lantern.support.pdf import subject_access_pdf

    case = f.case(world.caseworker, world.org, world.team, given_name=TIGRINYA)
    pdf = subject_access_pdf(selectors.released(selectors.subject_access_review(case)))
    assert b"NotoSansEthiopic" in pdf
    assert set(TIGRINYA) <= _mapped(pdf)
