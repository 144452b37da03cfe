"""QR codes as data URIs: standalone SVG documents that a browser draws as an image."""

from __future__ import annotations

from urllib.parse import unquote
from xml.etree import ElementTree as ET

from lantern.core.links import qr_data_uri


def test_a_qr_code_is_a_standalone_svg_with_its_namespace() -> None:
    uri = qr_data_uri("https://lantern.test/book/check-in/abc/")
    prefix = "data:image/svg+xml;charset=utf-8,"
    assert uri.startswith(prefix)
    root = ET.fromstring(unquote(uri[len(prefix) :]))
    assert root.tag == "{http://www.w3.org/2000/svg}svg"  # without it, <img> draws nothing
    assert int(root.attrib["width"]) > 100
    assert '"' not in uri and "<" not in uri  # safe inside an attribute as it is
