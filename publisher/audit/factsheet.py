"""The fact sheet's audit: the PDF audit, then the sheet's layout read back from the file.

The layout is read by :mod:`publisher.audit.pdf_layout` (glyphs by structure element, painted
shapes) and held to the numbers of :mod:`publisher.spec.factsheet`. Rules, each finding
naming the page (docs/accessibility.md, "Fact sheet"):

- ``factsheet.unprintable``: nothing is printed within the outer 0.25 in of the paper (text,
  rules, colour bands; white, which does not print, aside);
- ``factsheet.text-size``: the sheet's content (tagged text) is at least 10 pt; the footer, an
  artifact, may be smaller;
- ``factsheet.lede-size``: the lede, the paragraph that ends with the document's subject (its
  summary, ``/Subject``) and is mostly made of it, is at least 11 pt;
- ``factsheet.line-length``: running text (paragraphs in body sizes, outside lists and
  tables) has no line over 90 characters and, over three lines or more, a column that holds
  at least 50 of its characters: the column's width over the width of an average character of
  its lines but the last (lines of one word, a long address broken over them, are not
  measured; a line ended early by a long word held together does not narrow the column);
- ``factsheet.left-edge``: the text of a column starts on one left edge: two edges closer
  than half an inch are one column set ragged (opening quotation marks may hang);
- ``factsheet.number-edge``: in a table's data cells, the numbers of one column end on one
  right edge, within 0.5 pt;
- ``factsheet.tabular-digits``: those numbers' digits of one font and size are of one width;
- ``factsheet.row-baseline``: the cells of a table row start on one baseline, within 0.5 pt;
- ``factsheet.headline``: the headline's last line is not a lone word a line could have shared
  (one that fits beside the word before it on the headline's widest line);
- ``factsheet.page-number``: on a sheet of several pages, every page shows its number and the
  number of pages ("Page 2 of 3", in any language);
- ``factsheet.page-fill``: every page but the last is at least half full; the last may be
  less only when it goes on with a section begun before it.

A number is the run of glyphs from a table cell's first digit (with a currency sign before
it) through the glyphs set in the same font and size as that digit: "44 million", "$100
million", "1,436".
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from publisher.audit import Finding, Passage
from publisher.audit import pdf as pdf_audit
from publisher.audit.pdf_glyphs import Glyph
from publisher.audit.pdf_layout import HEADINGS, Block, Layout, Line, Placed, audited_layout, lines_of
from publisher.spec.factsheet import (
    BASELINE,
    LEFT_EDGE,
    LINE_LENGTH,
    MIN_BODY,
    MIN_FILL,
    MIN_LEDE,
    NUMBER_EDGE,
    RUNNING_TEXT,
    UNPRINTABLE,
)

TOLERANCE = 0.05  #: points: rounding in the file, not a real difference
COLUMN = 36.0  #: points: left edges at least this far apart are edges of different columns
LEDE_KNOWN_BY = 20  #: characters of the subject, at least, for the paragraph ending with it to be the lede
HANGING = frozenset("\"'\u201c\u2018\u201e\u201a\u00ab\u2039")  #: opening quotation marks, which may hang left of the edge
CURRENCY = frozenset("$\u20ac\u00a3\u00a5")
SEPARATORS = frozenset(",.\u00a0\u202f")
LEFT_ALIGNED = frozenset(("P", "Caption", "LBody", *HEADINGS))


def audit(path: Path) -> list[Finding]:
    """The PDF audit's findings and the fact sheet's layout rules (see the module docstring)."""
    findings, layout = audited_layout(Path(path), "factsheet")
    return findings + layout_findings(layout) if layout is not None else findings


def extract(path: Path) -> list[Passage]:
    """The text read from the tag structure, in reading order (the PDF audit's reader)."""
    return pdf_audit.extract(path)


def layout_findings(layout: Layout) -> list[Finding]:
    """Every layout rule over one read-back sheet, in the order of the module docstring."""
    found: list[Finding] = []
    for check in (_unprintable, _text_size, _lede_size, _line_length, _left_edge, _tables, _headline,
                  _page_numbers, _page_fill):
        found += check(layout)
    return found


def _where(page: int) -> str:
    return f"page {page + 1}"


def _sample(text: str, limit: int = 50) -> str:
    return text if len(text) <= limit else text[:limit] + "..."


def _unprintable(layout: Layout) -> Iterator[Finding]:
    for index, page in enumerate(layout.pages):
        x0, y0, x1, y1 = page.box
        inside = (x0 + UNPRINTABLE - TOLERANCE, y0 + UNPRINTABLE - TOLERANCE,
                  x1 - UNPRINTABLE + TOLERANCE, y1 - UNPRINTABLE + TOLERANCE)
        glyphs = [g for g in page.glyphs if g.x0 < inside[0] or g.y0 < inside[1] or g.x1 > inside[2] or g.y1 > inside[3]]
        shapes = [s for s in page.shapes if not s.white and (s.x0 < inside[0] or s.y0 < inside[1]
                                                             or s.x1 > inside[2] or s.y1 > inside[3])]
        if glyphs:
            yield Finding(layout.name, _where(index), "factsheet.unprintable",
                          f"{len(glyphs)} glyphs within the outer {UNPRINTABLE:g} pt (0.25 in) of the paper, which "
                          f"office printers cannot print: '{_sample(''.join(g.text for g in glyphs))}'")
        for shape in shapes:
            edge = min(shape.x0 - x0, shape.y0 - y0, x1 - shape.x1, y1 - shape.y1)
            yield Finding(layout.name, _where(index), "factsheet.unprintable",
                          f"a {shape.kind} at ({shape.x0:.1f}, {shape.y0:.1f})-({shape.x1:.1f}, {shape.y1:.1f}) comes "
                          f"{max(edge, 0):.1f} pt from the edge of the paper; printers cannot print the outer "
                          f"{UNPRINTABLE:g} pt (0.25 in)")


def _text_size(layout: Layout) -> Iterator[Finding]:
    for index, page in enumerate(layout.pages):
        small = [g for g in page.glyphs if g.mcid is not None and g.size < MIN_BODY - TOLERANCE]
        if small:
            sizes = ", ".join(f"{s:g} pt" for s in sorted({round(g.size, 1) for g in small}))
            yield Finding(layout.name, _where(index), "factsheet.text-size",
                          f"{len(small)} glyphs of content smaller than {MIN_BODY:g} pt ({sizes}): "
                          f"'{_sample(''.join(g.text for g in small))}'")


def _squeezed(text: str) -> str:
    return "".join(text.split())


def _lede_size(layout: Layout) -> Iterator[Finding]:
    """The lede is the paragraph that ends with the document's subject and is mostly made of it
    (a dateline may open it); a subject too short to tell it by is not looked for."""
    subject = _squeezed(layout.subject)
    if len(subject) < LEDE_KNOWN_BY:
        return
    found = [(len(text), block) for block in layout.roles("P")
             if (text := _squeezed(block.text())).endswith(subject) and 2 * len(subject) >= len(text)]
    if not found:
        return
    lede = min(found, key=lambda pair: pair[0])[1]
    placed = lede.placed()
    small = [glyph for _, glyph in placed if glyph.size < MIN_LEDE - TOLERANCE]
    if small:
        yield Finding(layout.name, _where(placed[0].page), "factsheet.lede-size",
                      f"the lede ('{_sample(lede.text())}') is set at {min(g.size for g in small):g} pt; "
                      f"a lede is at least {MIN_LEDE:g} pt")


def _in_list_or_table(block: Block) -> bool:
    return any(block.within(role) is not None for role in ("L", "Table"))


def _line_length(layout: Layout) -> Iterator[Finding]:
    shortest, longest = LINE_LENGTH
    for block in layout.roles("P"):
        every = block.lines()
        if len(every) < 2 or _in_list_or_table(block) or max(g.size for line in every for g in line.glyphs) > RUNNING_TEXT:
            continue
        lines = [line for line in every if len(line.words) > 1]  # a word broken over lines (an address) is not measured
        if not lines:
            continue
        counts = [len(line.text) for line in lines]
        where = _where(lines[0].page)
        if max(counts) > longest:
            yield Finding(layout.name, where, "factsheet.line-length",
                          f"a line of {max(counts)} characters in '{_sample(block.text())}'; lines of running text "
                          f"hold at most {longest}")
        elif len(lines) >= 3 and (measure := _measure(lines[:-1], every)) < shortest:
            yield Finding(layout.name, where, "factsheet.line-length",
                          f"a column of {measure:.1f} characters for '{_sample(block.text())}'; running text "
                          f"needs at least {shortest}")


def _measure(lines: list[Line], every: list[Line]) -> float:
    """How many characters of the paragraph's own text its column holds: the column's width
    (its widest line's) over the average width of a character on ``lines``. A line that ends
    early, before a word too long for what is left of it (an identifier held together), does not
    make the column narrower than it is; a narrow column gives short lines however they break."""
    width = max(line.x1 for line in every) - min(line.x0 for line in every)
    set_width = sum(line.x1 - line.x0 for line in lines)
    characters = sum(len(line.text) for line in lines)
    return width * characters / set_width if set_width > 0 else 0.0


def _left_edge(layout: Layout) -> Iterator[Finding]:
    """Lines that open with a quotation mark start at the mark or, when it hangs, at the glyph
    after it: whichever is an edge the other lines of the page start at (else the glyph after)."""
    blocks = [b for b in layout.blocks if b.role in LEFT_ALIGNED]
    blocks += [row_cells[0] for table in layout.roles("Table") for row_cells in _rows(table) if row_cells]
    plain: dict[int, dict[float, str]] = {}
    quoted: list[Line] = []
    for block in blocks:
        for line in block.lines():
            if len(line.glyphs) > 1 and line.glyphs[0].text in HANGING:
                quoted.append(line)
            else:
                plain.setdefault(line.page, {}).setdefault(round(line.x0, 2), line.text)
    for line in quoted:
        edges = plain.setdefault(line.page, {})
        at_mark, after = round(line.x0, 2), round(line.glyphs[1].x0, 2)
        known = [x for x in (at_mark, after) if any(abs(x - edge) <= LEFT_EDGE for edge in edges)]
        edges.setdefault(known[0] if known else after, line.text)
    for page, edges in sorted(plain.items()):
        xs = sorted(edges)
        for left, right in zip(xs, xs[1:], strict=False):
            if LEFT_EDGE < right - left < COLUMN:
                yield Finding(layout.name, _where(page), "factsheet.left-edge",
                              f"text starts at x = {left:.1f} pt ('{_sample(edges[left], 30)}') and at "
                              f"{right:.1f} pt ('{_sample(edges[right], 30)}'): one column has one left edge")


def _rows(table: Block) -> list[list[Block]]:
    """A table's rows (in THead, TBody and TFoot too), each its cells in order."""
    rows: list[list[Block]] = []
    for block in table.walk():
        if block.role == "TR" and block.within("Table") is table:
            rows.append([cell for cell in block.kids if cell.role in ("TH", "TD")])
    return rows


def number_run(line: Line) -> list[Glyph]:
    """The number a line shows (see the module docstring), or no glyphs."""
    glyphs = line.glyphs
    first = next((i for i, g in enumerate(glyphs) if g.text.isdigit()), None)
    if first is None:
        return []
    digit = glyphs[first]
    start = first - 1 if first and glyphs[first - 1].text in CURRENCY else first
    run = list(glyphs[start:first + 1])
    for glyph in glyphs[first + 1:]:
        if glyph.text.isdigit() or glyph.text in SEPARATORS or (
                glyph.font == digit.font and abs(glyph.size - digit.size) <= TOLERANCE):
            run.append(glyph)
        else:
            break
    return run


def _tables(layout: Layout) -> Iterator[Finding]:
    for number, table in enumerate(layout.roles("Table"), start=1):
        rows = _rows(table)
        ends: dict[int, list[tuple[float, str, int]]] = {}
        digits: dict[tuple[str, float], dict[str, float]] = {}
        for row_number, cells in enumerate(rows, start=1):
            firsts = []
            for column, cell in enumerate(cells):
                lines = cell.lines()
                if not lines:
                    continue
                firsts.append((lines[0].baseline, lines[0].page, cell))
                if cell.role != "TD":
                    continue
                run = next((r for r in map(number_run, lines) if r), [])
                if run:
                    shown = "".join(g.text for g in run)
                    ends.setdefault(column, []).append((max(g.x1 for g in run), shown, lines[0].page))
                    for glyph in run:
                        if glyph.text.isdigit():
                            digits.setdefault((glyph.font, round(glyph.size, 2)), {}).setdefault(
                                glyph.text, glyph.x1 - glyph.x0)
            if len(firsts) > 1:
                baselines = [b for b, _, _ in firsts]
                if max(baselines) - min(baselines) > BASELINE:
                    yield Finding(layout.name, _where(firsts[0][1]), "factsheet.row-baseline",
                                  f"table {number}, row {row_number} ('{_sample(firsts[0][2].text(), 30)}'): its "
                                  f"cells start on baselines {max(baselines) - min(baselines):.1f} pt apart; "
                                  f"a row reads on one line")
        for column, placed in ends.items():
            edges = [x for x, _, _ in placed]
            if max(edges) - min(edges) > NUMBER_EDGE:
                far = max(placed, key=lambda p: abs(p[0] - max(edges)))
                yield Finding(layout.name, _where(placed[0][2]), "factsheet.number-edge",
                              f"table {number}, column {column + 1}: the numbers end {max(edges) - min(edges):.1f} pt "
                              f"apart ('{far[1]}' at x = {far[0]:.1f}); the numbers of a column share one right edge")
        for (font, size), widths in digits.items():
            if len(widths) > 1 and max(widths.values()) - min(widths.values()) > TOLERANCE:
                yield Finding(layout.name, "whole file", "factsheet.tabular-digits",
                              f"table {number}: the digits of {font} at {size:g} pt are of different widths "
                              f"({min(widths.values()):.2f} to {max(widths.values()):.2f} pt): numbers in a column "
                              f"need tabular figures")


def _headline(layout: Layout) -> Iterator[Finding]:
    for block in layout.roles("H1")[:1]:
        lines = block.lines()
        if len(lines) >= 2 and len(lines[-1].words) == 1 and len(lines[-2].words) >= 3 and _could_share(lines):
            yield Finding(layout.name, _where(lines[-1].page), "factsheet.headline",
                          f"the headline's last line is the lone word '{lines[-1].text}'")


def _could_share(lines: list[Line]) -> bool:
    """Whether the last line's word and the word before it would fit together on the headline's
    widest line: if not (a word nearly as wide as the headline), it can only stand alone."""
    before, last = lines[-2].words, lines[-1].words[0]
    space = before[-1][0].x0 - before[-2][-1].x1
    pair = (before[-1][-1].x1 - before[-1][0].x0) + space + (last[-1].x1 - last[0].x0)
    return pair <= max(line.x1 - line.x0 for line in lines)


def _page_numbers(layout: Layout) -> Iterator[Finding]:
    total = len(layout.pages)
    if total < 2:
        return
    for index, page in enumerate(layout.pages):
        furniture = lines_of(Placed(index, g) for g in page.glyphs if g.mcid is None)
        wanted = re.compile(rf"(?<!\d){index + 1}(?!\d)\D+(?<!\d){total}(?!\d)")
        if not any(wanted.search(line.text) for line in furniture):
            yield Finding(layout.name, _where(index), "factsheet.page-number",
                          f"the page does not show its number with the number of pages ({index + 1} of {total}); "
                          f"a sheet of several pages says 'Page N of M' on each")


def _page_fill(layout: Layout) -> Iterator[Finding]:
    content = [[g for g in page.glyphs if g.mcid is not None] for page in layout.pages]
    if len(content) < 2 or not all(content):
        return
    top = max(g.y1 for glyphs in content for g in glyphs)
    bottom = min(g.y0 for glyphs in content for g in glyphs)
    starts: dict[int, tuple[float, Block]] = {}
    for block in layout.blocks:
        for page, glyph in block.own:
            if page not in starts or glyph.y1 > starts[page][0]:
                starts[page] = (glyph.y1, block)
    for index, glyphs in enumerate(content):
        fill = (top - min(g.y0 for g in glyphs)) / (top - bottom) if top > bottom else 1.0
        last = index == len(content) - 1
        opens_section = index in starts and starts[index][1].role in HEADINGS
        if fill < MIN_FILL and (not last or opens_section):
            yield Finding(layout.name, _where(index), "factsheet.page-fill",
                          f"the page is {fill:.0%} full" + ("" if last else " and more follows") +
                          f"; a page is at least {MIN_FILL:.0%} full"
                          + (", or is the last and goes on with a section" if last else ""))
