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

And the layout, read by structure element (:mod:`publisher.audit.pdf_layout`):

- ``largeprint.quote``: a quote (``BlockQuote``) is set apart: set in by at least an em from
  the text's left edge, with a rule beside it down its lines, its attribution (its last
  paragraph) in bold;
- ``largeprint.heading-alone``: a heading is never the last thing on its page: what it heads
  starts on the same page (a heading followed by one of its level or above heads nothing);
- ``largeprint.list-split``: a short list (up to 8 items, taking up to half a page) is never
  split across pages;
- ``largeprint.page-fill``: a page holds at least a quarter of the lines the fullest page
  holds, unless it ends the document.

White space is invisible and is not measured. :func:`extract` is the PDF audit's.
"""
from __future__ import annotations

import re
from collections import defaultdict
from operator import attrgetter
from pathlib import Path

from publisher.audit import Finding, Passage
from publisher.audit import pdf as pdf_audit
from publisher.audit.pdf_glyphs import Glyph
from publisher.audit.pdf_layout import HEADINGS, Block, Layout, Line, audited_layout, baselines
from publisher.spec.largeprint import (
    LETTER,
    MIN_BODY,
    MIN_MARGIN,
    MIN_PAGE_FILL,
    QUOTE_INDENT,
    QUOTE_RULE,
    SHORT_LIST,
    SHORT_LIST_HEIGHT,
)

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
    findings, layout = audited_layout(path, "largeprint")
    if layout is None:
        return findings
    for number, page in enumerate(layout.pages, start=1):
        findings += page_findings(path.name, number, page.box, page.glyphs)
    return findings + layout_findings(layout)


def layout_findings(layout: Layout) -> list[Finding]:
    """The rules over the structure: quotes, headings, short lists, page fill (module docstring)."""
    return [*_quotes(layout), *_headings(layout), *_short_lists(layout), *_page_fill(layout)]


def _where(page: int) -> str:
    return f"page {page + 1}"


def _said(block: Block, limit: int = 40) -> str:
    text = block.text()
    return text if len(text) <= limit else text[:limit] + "..."


BOLD = re.compile(r"bold|black|heavy|semibold|demibold", re.IGNORECASE)


def _quotes(layout: Layout):
    """Each quote set in from the text's edge, a rule beside it, its attribution in bold."""
    body = [glyph.x0 for block in layout.roles("P", *HEADINGS) if block.within("BlockQuote") is None
            for _, glyph in block.own]
    if not body:
        return
    edge = min(body)
    for quote in layout.roles("BlockQuote"):
        paragraphs = [kid for kid in quote.walk() if kid.role == "P"]
        lines = quote.lines()
        if not lines:
            continue
        where, said = _where(lines[0].page), _said(quote)
        indent = min(line.x0 for line in lines) - edge
        if indent < QUOTE_INDENT * MIN_BODY - TOLERANCE:
            yield Finding(layout.name, where, "largeprint.quote",
                          f"the quote '{said}' is set in by {indent:.1f} pt; a quote is set apart by an "
                          f"indent of at least {QUOTE_INDENT:g} em ({QUOTE_INDENT * MIN_BODY:g} pt)")
        for page in sorted({line.page for line in lines}):
            on_page = [line for line in lines if line.page == page]
            if not _ruled(layout, page, on_page):
                yield Finding(layout.name, _where(page), "largeprint.quote",
                              f"the quote '{said}' has no rule beside its lines (a bar at most {QUOTE_RULE:g} pt wide, "
                              f"left of the text, down the quote)")
        if len(paragraphs) > 1:
            light = [g for _, g in paragraphs[-1].placed() if not BOLD.search(g.font)]
            if light:
                yield Finding(layout.name, where, "largeprint.quote",
                              f"the attribution '{_said(paragraphs[-1])}' is not in bold ({light[0].font})")


def _ruled(layout: Layout, page: int, lines: list[Line]) -> bool:
    """Whether rules painted left of ``lines`` on ``page`` run down at least nine tenths of them
    (one rule, or several one under the other: a quote's and its attribution's)."""
    top, bottom, left = max(line.top for line in lines), min(line.bottom for line in lines), min(line.x0 for line in lines)
    spans = sorted((max(bottom, shape.y0), min(top, shape.y1)) for shape in layout.pages[page].shapes
                   if not shape.white and shape.x1 - shape.x0 <= QUOTE_RULE and shape.x1 <= left + TOLERANCE)
    covered, reached = 0.0, bottom
    for low, high in spans:
        if high > reached:
            covered += high - max(low, reached)
            reached = high
    return covered >= 0.9 * (top - bottom)


def _level(block: Block) -> int:
    return int(block.role[1:]) if block.role[1:].isdigit() else 7


def _headings(layout: Layout):
    """A heading is followed, on its own page, by the start of what it heads (a heading of its
    level or above after it heads nothing: its section is empty)."""
    blocks = [block for block in layout.blocks if block.own]
    for heading, following in zip(blocks, blocks[1:], strict=False):
        if heading.role not in HEADINGS or (following.role in HEADINGS and _level(following) <= _level(heading)):
            continue
        last_page = max(page for page, _ in heading.own)
        next_page = min(page for page, _ in following.own)
        if next_page > last_page:
            yield Finding(layout.name, _where(last_page), "largeprint.heading-alone",
                          f"the heading '{_said(heading)}' ends the page; what it heads starts on page {next_page + 1}")


def _short_lists(layout: Layout):
    """A list of up to eight items that takes up to half a page stays on one page."""
    for block in layout.roles("L"):
        items = [kid for kid in block.kids if kid.role == "LI"]
        lines = block.lines()
        pages = sorted({line.page for line in lines})
        if len(pages) < 2 or len(items) > SHORT_LIST:
            continue
        height = sum(max(line.top for line in lines if line.page == page) -
                     min(line.bottom for line in lines if line.page == page) for page in pages)
        if height <= SHORT_LIST_HEIGHT:
            yield Finding(layout.name, _where(pages[0]), "largeprint.list-split",
                          f"a list of {len(items)} items ('{_said(block)}') is split across pages "
                          f"{pages[0] + 1} to {pages[-1] + 1}; a short list stays on one page")


def _page_fill(layout: Layout):
    """Every page but the last holds at least a quarter of the lines the fullest page holds."""
    pages = [baselines(g for g in page.glyphs if g.mcid is not None) for page in layout.pages]
    room = max(pages, default=0)
    for index, lines in enumerate(pages[:-1]):
        if lines < MIN_PAGE_FILL * room:
            yield Finding(layout.name, _where(index), "largeprint.page-fill",
                          f"the page holds {lines} lines, the fullest {room}; a page holds at least "
                          f"{MIN_PAGE_FILL:.0%} of them unless it ends the document")


def extract(path: Path) -> list[Passage]:
    """The text read from the tag structure, in reading order (the PDF audit's reader)."""
    return pdf_audit.extract(path)
