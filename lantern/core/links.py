"""Absolute links and QR codes, shared by every app that sends email or shows a code."""

from __future__ import annotations

import segno
from django.conf import settings


def site_url(path: str) -> str:
    """An absolute address on this service (LANTERN_BASE_URL), for emails, PDFs and QR codes."""
    return str(settings.LANTERN_BASE_URL).rstrip("/") + path


def qr_data_uri(text: str, *, scale: int = 5) -> str:
    """A QR code as an SVG data URI: allowed by the CSP's ``img-src data:``, no file to serve.

    A standalone SVG document, with its namespace: as an ``<img>``, an SVG without
    ``xmlns`` is not drawn at all (segno's ``svg_inline`` is for SVG placed inside HTML)."""
    return str(segno.make(text, error="m").svg_data_uri(scale=scale, dark="#0b0c0c"))
