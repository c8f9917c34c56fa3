"""The theme's TrueType fonts, registered with ReportLab so that no standard-14 font is ever used.

ReportLab falls back to Helvetica in many defaults (the canvas's initial font, table cells,
bullets, drawings); every PDF publisher writes names the fonts returned here instead, and the
PDF audit fails a file with any font that is not embedded.

ReportLab applies no OpenType features, so tabular figures (``tnum``: digits of one width,
which line up in a column) are had by registering the face a second time with its digits
mapped to their tabular glyphs (:func:`register_tabular`). The feature's substitutions are
read from the font's GSUB table by :func:`single_substitutions`, a few lines of ``struct``:
fontTools reads them too, but importing its OpenType tables costs about 70 ms a build.
"""
from __future__ import annotations

import struct
from dataclasses import dataclass

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from publisher.render.pdf.reportlab_internals import font_glyphs, font_table, register_with_glyphs
from publisher.theme import Theme

DIGITS = "0123456789"


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


def register_tabular(font_name: str) -> str | None:
    """The registered font ``font_name`` with tabular figures, registered as ``<name>-Tabular``
    (once); None when the font has no ``tnum`` substitution for every digit."""
    name = f"{font_name}-Tabular"
    if name in pdfmetrics.getRegisteredFontNames():
        return name
    gsub = font_table(font_name, "GSUB")
    cmap = font_glyphs(font_name)
    if gsub is None or any(ord(d) not in cmap for d in DIGITS):
        return None
    try:
        tabular = single_substitutions(gsub, "tnum")
    except (struct.error, IndexError):  # a damaged table: no tabular figures, not a failed build
        return None
    glyphs = {ord(d): tabular[cmap[ord(d)]] for d in DIGITS if cmap[ord(d)] in tabular}
    if len(glyphs) < len(DIGITS):
        return None
    register_with_glyphs(font_name, name, glyphs)
    return name


def single_substitutions(gsub: bytes, feature: str) -> dict[int, int]:
    """Glyph id to glyph id: the single substitutions (GSUB lookup type 1, also inside type 7
    extensions) of every lookup the feature ``feature`` names, in any script (OpenType 1.9,
    "GSUB: Glyph Substitution Table")."""
    def u16(at: int) -> int:
        return int(struct.unpack_from(">H", gsub, at)[0])

    features, lookups = u16(6), u16(8)
    indices: list[int] = []
    for record in range(u16(features)):
        at = features + 2 + 6 * record
        if gsub[at:at + 4] == feature.encode("ascii"):
            table = features + u16(at + 4)
            indices += [u16(table + 4 + 2 * i) for i in range(u16(table + 2))]
    out: dict[int, int] = {}
    for index in dict.fromkeys(indices):
        lookup = lookups + u16(lookups + 2 + 2 * index)
        kind = u16(lookup)
        for sub in range(u16(lookup + 4)):
            table = lookup + u16(lookup + 6 + 2 * sub)
            if kind == 7:  # an extension: the real subtable is further on
                kind_inside = u16(table + 2)
                table += int(struct.unpack_from(">I", gsub, table + 4)[0])
                if kind_inside != 1:
                    continue
            elif kind != 1:
                continue
            covered = _coverage(gsub, table + u16(table + 2), u16)
            if u16(table) == 1:
                delta = int(struct.unpack_from(">h", gsub, table + 4)[0])
                out.update((glyph, (glyph + delta) % 65536) for glyph in covered)
            elif u16(table) == 2:
                out.update((glyph, u16(table + 6 + 2 * i)) for i, glyph in enumerate(covered))
    return out


def _coverage(gsub: bytes, at: int, u16) -> list[int]:
    """The glyph ids of a Coverage table, in coverage-index order."""
    if u16(at) == 1:
        return [u16(at + 4 + 2 * i) for i in range(u16(at + 2))]
    glyphs: list[int] = []
    for i in range(u16(at + 2)):
        start, end = u16(at + 4 + 6 * i), u16(at + 6 + 6 * i)
        glyphs += range(start, end + 1)
    return glyphs
