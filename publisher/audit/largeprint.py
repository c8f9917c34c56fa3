"""The large-print audit: the PDF audit, and the ACB Large Print rules read back glyph by glyph.

Every glyph the file shows (tagged content and artifacts alike: page numbers count) is read
as printed by :mod:`publisher.audit.pdf_glyphs`, so text made small or slanted by a
transformation is seen as it prints. Rules, one finding per page and rule:

- ``largeprint.page-size``: the page is US Letter (612 x 792 pt);
- ``largeprint.text-size``: every glyph is at least 18 pt;
- ``largeprint.italic``: no italic or oblique font (by name, by the font descriptor's Italic
  flag or ItalicAngle) and no slanted text matrix (synthetic oblique);
- ``largeprint.margin``: every glyph lies inside the 1-inch margins;
- ``largeprint.columns``: one column: text is never set side by side on several lines.

White space is invisible and is not measured. :func:`extract` is the PDF audit's.
"""
from __future__ import annotations

from collections import defaultdict
from operator import attrgetter
from pathlib import Path

import pikepdf

from publisher.audit import Finding, Passage
from publisher.audit import pdf as pdf_audit
from publisher.audit.pdf_glyphs import Glyph, Unreadable, iter_glyphs
from publisher.spec.largeprint import LETTER, MIN_BODY, MIN_MARGIN

TOLERANCE = 0.05  #: points: rounding in the file, not a real difference
COLUMN_GAP = 0.8  #: ems of empty space that separate two runs of text on one line
COLUMN_RUN = 4.0  #: ems: a run narrower than this is a label (a bullet, a number), not a column
COLUMN_LINES = 3  #: lines with runs side by side before a page counts as set in columns
_BASELINE, _X0, _SIZE = attrgetter("baseline"), attrgetter("x0"), attrgetter("size")


def _sample(glyphs: list[Glyph], limit: int = 40) -> str:
    text = "".join(g.text for g in glyphs[:limit])
    return text + ("..." if len(glyphs) > limit else "")


def _rows(glyphs: list[Glyph]) -> list[list[Glyph]]:
    """Glyphs grouped into lines by baseline, each line left to right."""
    rows: list[list[Glyph]] = []
    row: list[Glyph] = []
    top = 0.0  # the baseline of the row's first glyph
    for glyph in sorted(glyphs, key=_BASELINE, reverse=True):  # a stable sort: ties keep their order
        baseline = glyph.baseline
        if row and (baseline == top or abs(top - baseline) <= 0.3 * (glyph.size if glyph.size > 1 else 1)):
            row.append(glyph)
        else:
            row, top = [glyph], baseline
            rows.append(row)
    for row in rows:
        row.sort(key=_X0)
    return rows


def _runs(row: list[Glyph]) -> list[tuple[float, float]]:
    """The horizontal extents of the runs of text on one line, split at wide gaps."""
    em = max(map(_SIZE, row))
    gap = COLUMN_GAP * em
    runs = []
    start, end = row[0].x0, row[0].x1
    for glyph in row[1:]:
        if glyph.x0 - end > gap:
            runs.append((start, end))
            start, end = glyph.x0, glyph.x1
        elif glyph.x1 > end:
            end = glyph.x1
    runs.append((start, end))
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
    left, bottom, right, top = x0 + MIN_MARGIN, y0 + MIN_MARGIN, x1 - MIN_MARGIN, y1 - MIN_MARGIN
    smallest, least_x, most_x = MIN_BODY - TOLERANCE, left - TOLERANCE, right + TOLERANCE
    least_y, most_y = bottom - TOLERANCE, top + TOLERANCE
    small: list[Glyph] = []
    by_font: dict[tuple[str, str], list[Glyph]] = defaultdict(list)
    slanted: list[Glyph] = []
    outside: list[Glyph] = []
    for glyph in glyphs:  # one pass for the rules that look at glyphs one at a time
        if glyph.size < smallest:
            small.append(glyph)
        if glyph.italic_font:
            by_font[(glyph.font, glyph.italic_font)].append(glyph)
        elif glyph.slanted:
            slanted.append(glyph)
        if glyph.x0 < least_x or glyph.x1 > most_x or glyph.y0 < least_y or glyph.y1 > most_y:
            outside.append(glyph)
    if small:
        sizes = ", ".join(f"{s:g} pt" for s in sorted({round(g.size, 1) for g in small}))
        findings.append(Finding(name, where, "largeprint.text-size",
                                f"{len(small)} glyphs smaller than {MIN_BODY:g} pt ({sizes}): '{_sample(small)}'"))
    for (font, reason), italic in by_font.items():
        findings.append(Finding(name, where, "largeprint.italic",
                                f"{len(italic)} glyphs in an italic font, {font}: {reason}: '{_sample(italic)}'"))
    if slanted:
        findings.append(Finding(name, where, "largeprint.italic",
                                f"{len(slanted)} glyphs slanted by the text matrix (oblique): '{_sample(slanted)}'"))
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
    number = 0
    while True:
        number += 1
        try:
            page = next(pages, None)
        except (Unreadable, pikepdf.PdfError, OSError, ValueError, KeyError, TypeError, AttributeError,
                IndexError, ArithmeticError, RecursionError) as exc:
            return findings + [Finding(path.name, "file", "largeprint.unreadable", f"cannot read the glyphs: {exc}")]
        if page is None:
            return findings + rules
        rules += page_findings(path.name, number, *page)


def extract(path: Path) -> list[Passage]:
    """The text read from the tag structure, in reading order (the PDF audit's reader)."""
    return pdf_audit.extract(path)
