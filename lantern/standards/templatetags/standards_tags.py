"""Template helpers for standards pages."""

from __future__ import annotations

import nh3
from django import template
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

register = template.Library()

_markdown = MarkdownIt("commonmark", {"html": False})
_GOVUK_CLASSES = {
    "<p>": '<p class="govuk-body">',
    "<ul>": '<ul class="govuk-list govuk-list--bullet">',
    "<ol>": '<ol class="govuk-list govuk-list--number">',
}


@register.filter
def standards_markdown(text: str) -> SafeString:
    """Render glossary Markdown (raw HTML off, then sanitised) with GOV.UK list classes."""
    html = nh3.clean(_markdown.render(text or ""), tags={"p", "ul", "ol", "li", "em", "strong"})
    for plain, classed in _GOVUK_CLASSES.items():
        html = html.replace(plain, classed)
    return mark_safe(html)  # noqa: S308 -- sanitised by nh3 above


@register.filter
def month_year(value: object) -> str:
    return value.strftime("%B %Y") if hasattr(value, "strftime") else ""
