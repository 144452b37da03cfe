"""Fonts for the support PDFs (the plan, a share's referral document): embedded TrueType, so a
name in any script the people we support write prints as letters, not boxes.

The PDF standard Helvetica has Latin-1 only. The text font is Noto Sans (Latin, Greek,
Cyrillic) from Debian's ``fonts-noto-core`` when it is installed (``bin/lantern`` installs it
with the other Debian packages), else Liberation Sans, the font the certificates embed (it
ships with Lantern, in ``lantern/learning/fonts``). Runs of Ethiopic (Tigrinya, Amharic) and
Arabic script are set in Noto Sans Ethiopic and Noto Sans Arabic from the same package; without
it they fall back to the text font.

Known limit: ReportLab lays text out left to right and does not join Arabic letters, so Arabic
prints as separate letters in stored order: readable to check a name against, not typeset.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from html import escape
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

NOTO = Path("/usr/share/fonts/truetype/noto")
LIBERATION = Path(__file__).resolve().parent.parent / "learning" / "fonts"

# Unicode blocks -> the Noto family that has them.
SCRIPTS = {
    "NotoSansEthiopic": "\u1200-\u139f\u2d80-\u2ddf\uab00-\uab2f",
    "NotoSansArabic": "\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff",
}


@dataclass(frozen=True)
class Fonts:
    regular: str
    bold: str
    # (pattern of one run of the script, regular face, bold face), for the scripts we have.
    scripts: tuple[tuple[re.Pattern[str], str, str], ...]


def _register(name: str, path: Path) -> bool:
    if not path.is_file():
        return False
    if name in pdfmetrics.getRegisteredFontNames():
        return True
    pdfmetrics.registerFont(TTFont(name, str(path)))
    return True


@cache
def fonts() -> Fonts:
    """Register the fonts once per process and say which are in use."""
    if _register("NotoSans", NOTO / "NotoSans-Regular.ttf") and _register(
        "NotoSans-Bold", NOTO / "NotoSans-Bold.ttf"
    ):
        regular, bold = "NotoSans", "NotoSans-Bold"
    else:
        _register("LiberationSans", LIBERATION / "LiberationSans-Regular.ttf")
        _register("LiberationSans-Bold", LIBERATION / "LiberationSans-Bold.ttf")
        regular, bold = "LiberationSans", "LiberationSans-Bold"
    pdfmetrics.registerFontFamily(regular, normal=regular, bold=bold)
    scripts = []
    for family, ranges in SCRIPTS.items():
        face, face_bold = family, f"{family}-Bold"
        if _register(face, NOTO / f"{face}-Regular.ttf") and _register(
            face_bold, NOTO / f"{face_bold}.ttf"
        ):
            scripts.append((re.compile(f"[{ranges}]+"), face, face_bold))
    return Fonts(regular, bold, tuple(scripts))


def markup(text: str, *, bold: bool = False) -> str:
    """``text`` escaped for a ReportLab paragraph, each run of another script in its font."""
    out = escape(text)
    for pattern, face, face_bold in fonts().scripts:
        out = pattern.sub(f'<font face="{face_bold if bold else face}">\\g<0></font>', out)
    return out.replace("\n", "<br/>")
