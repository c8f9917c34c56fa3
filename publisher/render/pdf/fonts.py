"""The theme's TrueType fonts, registered with ReportLab so that no standard-14 font is ever used.

ReportLab falls back to Helvetica in many defaults (the canvas's initial font, table cells,
bullets, drawings); every PDF publisher writes names the fonts returned here instead, and the
PDF audit fails a file with any font that is not embedded.
"""
from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from publisher.theme import Theme


@dataclass(frozen=True)
class FontSet:
    """ReportLab font names for one theme's family."""

    family: str
    regular: str
    bold: str
    semibold: str  #: the bold face when the theme has no semibold


def register_fonts(theme: Theme) -> FontSet:
    """Register the theme's fonts (once per name) and return their ReportLab names."""
    family = "".join(theme.fonts.family.split())
    names: dict[str, str] = {}
    for style in ("regular", "bold", "semibold"):
        if style == "semibold" and not theme.fonts.semibold:
            names[style] = names["bold"]
            continue
        name = f"{family}-{style.capitalize()}"
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, str(theme.font_path(style))))
        names[style] = name
    for bold, italic, face in ((0, 0, "regular"), (1, 0, "bold"), (0, 1, "regular"), (1, 1, "bold")):
        addMapping(family, bold, italic, names[face])
    return FontSet(family, names["regular"], names["bold"], names["semibold"])
