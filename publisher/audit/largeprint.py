"""The large-print audit: the PDF audit, and the ACB Large Print rules read back glyph by glyph.

Every glyph the file shows (tagged content and artifacts alike: page numbers count) is read
with pdfminer.six, its size and position taken from the full text rendering matrix, so text
made small or slanted by a transformation is seen as it prints. Rules, one finding per page
and rule:

- ``largeprint.page-size``: the page is US Letter (612 x 792 pt);
- ``largeprint.text-size``: every glyph is at least 18 pt;
- ``largeprint.italic``: no italic or oblique font (by name, by the font descriptor's Italic
  flag or ItalicAngle) and no slanted text matrix (synthetic oblique);
- ``largeprint.margin``: every glyph lies inside the 1-inch margins;
- ``largeprint.columns``: one column: text is never set side by side on several lines.

White space is invisible and is not measured. :func:`extract` is the PDF audit's.
"""
from __future__ import annotations

import itertools
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from pdfminer.converter import PDFLayoutAnalyzer
from pdfminer.pdffont import PDFUnicodeNotDefined
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfminer.psparser import PSException
from pdfminer.utils import apply_matrix_rect
from pdfminer.pdfparser import PDFSyntaxError

from publisher.audit import Finding, Passage
from publisher.audit import pdf as pdf_audit

LETTER = (612.0, 792.0)
MIN_SIZE = 18.0  #: points, ACB Large Print Guidelines
MARGIN = 72.0  #: points, 1 inch
TOLERANCE = 0.05  #: points: rounding in the file, not a real difference
ITALIC_NAME = re.compile(r"italic|oblique|slanted|kursiv", re.IGNORECASE)
ITALIC_FLAG = 1 << 6  #: ISO 32000-1, Table 123
COLUMN_GAP = 0.8  #: ems of empty space that separate two runs of text on one line
COLUMN_RUN = 4.0  #: ems: a run narrower than this is a label (a bullet, a number), not a column
COLUMN_LINES = 3  #: lines with runs side by side before a page counts as set in columns


@dataclass(frozen=True, slots=True)
class Glyph:
    text: str
    font: str
    size: float  #: the printed height of the em, points
    x0: float
    y0: float
    x1: float
    y1: float
    baseline: float
    slanted: bool  #: the text matrix shears the glyph (synthetic oblique)
    italic_font: str  #: why the font is italic ("" if it is not)
    mcid: int | None = None  #: the marked-content id it is drawn in (None: artifact or untagged)


def _italic_reason(font) -> str:
    names = " ".join(str(n) for n in (getattr(font, "fontname", ""), getattr(font, "basefont", "")) if n)
    if ITALIC_NAME.search(names):
        return f"its name ({names.split()[0]}) says italic or oblique"
    if int(getattr(font, "flags", 0) or 0) & ITALIC_FLAG:
        return "its descriptor has the Italic flag"
    angle = float(getattr(font, "italic_angle", 0) or 0)
    if abs(angle) > TOLERANCE:
        return f"its descriptor has ItalicAngle {angle:g}"
    return ""


class _GlyphCollector(PDFLayoutAnalyzer):
    """A pdfminer device that keeps every glyph shown, with its font's italic evidence."""

    def __init__(self, manager: PDFResourceManager):
        super().__init__(manager, pageno=1, laparams=None)
        self.glyphs: list[Glyph] = []
        self._italic: dict[int, str] = {}
        self._marks: list[int | None] = []

    def begin_tag(self, tag, props=None) -> None:
        mcid = props.get("MCID") if isinstance(props, dict) else None
        self._marks.append(mcid if isinstance(mcid, int) else (self._marks[-1] if self._marks else None))

    def end_tag(self) -> None:
        if self._marks:
            self._marks.pop()

    def render_char(self, matrix, font, fontsize, scaling, rise, cid, ncs, graphicstate):
        """The glyph's box as pdfminer's ``LTChar`` computes it, without building the layout object."""
        try:
            text = font.to_unichr(cid)
            assert isinstance(text, str), str(type(text))
        except PDFUnicodeNotDefined:
            text = self.handle_undefined_char(font, cid)
        advance = font.char_width(cid) * fontsize * scaling
        if id(font) not in self._italic:
            self._italic[id(font)] = _italic_reason(font)
        if not text.strip():  # white space is invisible and is not measured
            return advance
        vertical = font.is_vertical()
        if vertical:
            vx, vy = font.char_disp(cid)
            vx = fontsize * 0.5 if vx is None else vx * fontsize * 0.001
            vy = (1000 - vy) * fontsize * 0.001
            box = (-vx, vy + rise + advance, -vx + fontsize, vy + rise)
        else:
            descent = font.get_descent() * fontsize
            box = (0, descent + rise, advance, descent + rise + fontsize)
        x0, y0, x1, y1 = apply_matrix_rect(matrix, box)
        if x1 < x0:
            x0, x1 = x1, x0
        if y1 < y0:
            y0, y1 = y1, y0
        a, b, c, d, _, f = matrix
        slanted = abs(a * c + b * d) > 0.01 * max(abs(a * d - b * c), 1e-9)
        self.glyphs.append(Glyph(text, font.fontname, x1 - x0 if vertical else y1 - y0, x0, y0, x1, y1,
                                 f + rise * d, slanted, self._italic[id(font)],
                                 self._marks[-1] if self._marks else None))
        return advance

    def receive_layout(self, ltpage) -> None:  # the glyphs are kept as they come
        pass


def read_glyphs(path: Path) -> list[tuple[tuple[float, float, float, float], list[Glyph]]]:
    """Per page: the media box and every visible glyph, as printed."""
    return list(iter_glyphs(path))


def iter_glyphs(path: Path) -> Iterator[tuple[tuple[float, float, float, float], list[Glyph]]]:
    """:func:`read_glyphs` one page at a time (a long document's glyphs are never all held at once)."""
    with open(path, "rb") as handle:
        manager = PDFResourceManager(caching=True)
        for page in PDFPage.get_pages(handle):
            device = _GlyphCollector(manager)
            PDFPageInterpreter(manager, device).process_page(page)
            yield tuple(float(v) for v in page.mediabox), device.glyphs


def _sample(glyphs: list[Glyph], limit: int = 40) -> str:
    text = "".join(g.text for g in glyphs[:limit])
    return text + ("..." if len(glyphs) > limit else "")


def _rows(glyphs: list[Glyph]) -> list[list[Glyph]]:
    """Glyphs grouped into lines by baseline, each line left to right."""
    rows: list[list[Glyph]] = []
    for glyph in sorted(glyphs, key=lambda g: -g.baseline):
        if rows and abs(rows[-1][0].baseline - glyph.baseline) <= 0.3 * max(glyph.size, 1):
            rows[-1].append(glyph)
        else:
            rows.append([glyph])
    return [sorted(row, key=lambda g: g.x0) for row in rows]


def _runs(row: list[Glyph]) -> list[tuple[float, float]]:
    """The horizontal extents of the runs of text on one line, split at wide gaps."""
    em = max(g.size for g in row)
    runs = [[row[0].x0, row[0].x1]]
    for glyph in row[1:]:
        if glyph.x0 - runs[-1][1] > COLUMN_GAP * em:
            runs.append([glyph.x0, glyph.x1])
        else:
            runs[-1][1] = max(runs[-1][1], glyph.x1)
    return [(x0, x1) for x0, x1 in runs if x1 - x0 >= COLUMN_RUN * em]


def side_by_side_lines(glyphs: list[Glyph]) -> int:
    """How many lines hold two or more wide runs of text next to each other."""
    return sum(1 for row in _rows(glyphs) if len(_runs(row)) >= 2)


def page_findings(name: str, number: int, mediabox, glyphs: list[Glyph]) -> list[Finding]:
    where = f"page {number}"
    findings = []
    x0, y0, x1, y1 = mediabox
    width, height = x1 - x0, y1 - y0
    if abs(width - LETTER[0]) > 1 or abs(height - LETTER[1]) > 1:
        findings.append(Finding(name, where, "largeprint.page-size",
                                f"the page is {width:g} x {height:g} pt; large print is US Letter, 612 x 792 pt"))
    small = [g for g in glyphs if g.size < MIN_SIZE - TOLERANCE]
    if small:
        sizes = ", ".join(f"{s:g} pt" for s in sorted({round(g.size, 1) for g in small}))
        findings.append(Finding(name, where, "largeprint.text-size",
                                f"{len(small)} glyphs smaller than {MIN_SIZE:g} pt ({sizes}): '{_sample(small)}'"))
    by_font = defaultdict(list)
    for glyph in glyphs:
        if glyph.italic_font:
            by_font[(glyph.font, glyph.italic_font)].append(glyph)
    for (font, reason), italic in by_font.items():
        findings.append(Finding(name, where, "largeprint.italic",
                                f"{len(italic)} glyphs in an italic font, {font}: {reason}: '{_sample(italic)}'"))
    slanted = [g for g in glyphs if g.slanted and not g.italic_font]
    if slanted:
        findings.append(Finding(name, where, "largeprint.italic",
                                f"{len(slanted)} glyphs slanted by the text matrix (oblique): '{_sample(slanted)}'"))
    left, bottom, right, top = x0 + MARGIN, y0 + MARGIN, x1 - MARGIN, y1 - MARGIN
    outside = [g for g in glyphs if g.x0 < left - TOLERANCE or g.x1 > right + TOLERANCE
               or g.y0 < bottom - TOLERANCE or g.y1 > top + TOLERANCE]
    if outside:
        findings.append(Finding(name, where, "largeprint.margin",
                                f"{len(outside)} glyphs inside the 1-inch margins: '{_sample(outside)}'"))
    lines = side_by_side_lines(glyphs)
    if lines >= COLUMN_LINES:
        findings.append(Finding(name, where, "largeprint.columns",
                                f"text is set side by side on {lines} lines: large print is one column"))
    return findings


def audit(path: Path) -> list[Finding]:
    """The PDF audit's findings and the large-print rules (see the module docstring)."""
    path = Path(path)
    findings = pdf_audit.audit(path)
    if any(f.rule == "pdf.unreadable" for f in findings):
        return findings
    pages = iter_glyphs(path)
    rules: list[Finding] = []  # added only once every page has been read
    for number in itertools.count(1):
        try:
            page = next(pages, None)
        except (PSException, PDFSyntaxError, ValueError, KeyError, TypeError) as exc:
            return findings + [Finding(path.name, "file", "largeprint.unreadable", f"cannot read the glyphs: {exc}")]
        if page is None:
            return findings + rules
        rules += page_findings(path.name, number, *page)


def extract(path: Path) -> list[Passage]:
    """The text read from the tag structure, in reading order (the PDF audit's reader)."""
    return pdf_audit.extract(path)
