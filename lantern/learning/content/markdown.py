"""Markdown in course content -> sanitised HTML with GOV.UK classes (pure)."""

from __future__ import annotations

import base64
import re
from pathlib import Path
from typing import Any

import nh3
from markdown_it import MarkdownIt

_CLASSES = {
    "paragraph_open": "govuk-body",
    "heading_open": "",
    "bullet_list_open": "govuk-list govuk-list--bullet",
    "ordered_list_open": "govuk-list govuk-list--number",
    "link_open": "govuk-link",
    "table_open": "govuk-table",
    "thead_open": "govuk-table__head",
    "tbody_open": "govuk-table__body",
    "tr_open": "govuk-table__row",
    "th_open": "govuk-table__header",
    "td_open": "govuk-table__cell",
    "blockquote_open": "govuk-inset-text",
}
_HEADINGS = {"h2": "govuk-heading-m", "h3": "govuk-heading-s", "h4": "govuk-heading-s"}
_md = MarkdownIt("commonmark", {"html": False, "typographer": False}).enable("table")
_ALLOWED_TAGS = {
    "p", "h2", "h3", "h4", "ul", "ol", "li", "a", "strong", "em", "table", "thead", "tbody",
    "tr", "th", "td", "blockquote", "img", "br", "code", "abbr",
}  # fmt: skip
_IMAGE = re.compile(r"^images/[a-z0-9][a-z0-9-]*\.svg$")
_BAD_IMAGE_WORDS = re.compile(r"chain|shackle|barcode|bound hands|despair", re.IGNORECASE)


def render_markdown(text: str, *, images_dir: Path | None = None, problem: Any = None) -> str:
    """Markdown -> sanitised HTML with GOV.UK classes. Images become data: URIs (strict CSP)."""
    tokens = _md.parse(text or "")
    for token in tokens:
        if token.type in _CLASSES:
            cls = (
                _HEADINGS.get(token.tag, "")
                if token.type == "heading_open"
                else _CLASSES[token.type]
            )
            if cls:
                token.attrSet("class", cls)
        for child in token.children or []:
            if child.type == "link_open":
                child.attrSet("class", "govuk-link")
            if child.type == "image":
                alt = "".join(c.content for c in child.children or []).strip()
                src = str(child.attrGet("src") or "")
                if not alt:
                    if problem:
                        problem(f"the image '{src}' has no alt text: describe it in ![...]")
                elif _BAD_IMAGE_WORDS.search(alt + " " + src) and problem:
                    problem(f"the image '{src}' looks like a prohibited image (CONTENT.md)")
                if not _IMAGE.match(src):
                    if problem:
                        problem(f"image '{src}' must be an SVG in the course's images/ folder")
                    continue
                file = images_dir / src.removeprefix("images/") if images_dir else None
                if file is None or not file.is_file():
                    if problem:
                        problem(f"image '{src}' does not exist")
                    continue
                encoded = base64.b64encode(file.read_bytes()).decode()
                child.attrSet("src", "data:image/svg+xml;base64," + encoded)
                child.attrSet("class", "lantern-illustration")
    html = _md.renderer.render(tokens, _md.options, {})
    return nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes={"*": {"class"}, "a": {"href", "title"}, "img": {"src", "alt"}, "th": {"scope"}},
        url_schemes={"https", "mailto", "tel", "data"},
        link_rel="noopener noreferrer",
    )
