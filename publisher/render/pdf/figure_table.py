"""A table of figures whose numbers line up: one right edge for every number, one baseline per row.

Each row is a measure (the figure's label, a row header) and the figure, set in three aligned
places: the qualifier right-aligned before the number, the number right-aligned on one edge
(in tabular figures when the font has them), the unit after it, wrapping under itself when it
is long. ReportLab places a paragraph's first baseline by its own font's ascent, so cells of
mixed sizes would sit at different heights; here every cell is drawn by :class:`CellText` or
:class:`FigureCell`, which put the first baseline of every cell of a row at the same depth
below the cell's top: the cap height of the row's largest type, so that the padding of the
row is the space a reader sees above its capitals and below its descenders. The figure cell
is one table cell (one ``TD``) whose text reads as the figure's one display text, "nearly
44 million fentanyl pills".
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib.colors import Color
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import getAscentDescent, stringWidth
from reportlab.platypus import Flowable, Table

from publisher.document import FigureLine
from publisher.render.pdf.reportlab_internals import font_cap_height
from publisher.render.pdf.tagging import TaggedDocBuilder


@dataclass(frozen=True)
class Type:
    """A font at a size, with its line spacing and colour."""

    font: str
    size: float
    leading: float
    color: Color

    def width(self, text: str) -> float:
        return stringWidth(text, self.font, self.size)

    @property
    def cap_height(self) -> float:
        return font_cap_height(self.font) / 1000 * self.size

    @property
    def descent(self) -> float:
        return -getAscentDescent(self.font, self.size)[1]


def wrap_words(text: str, kind: Type, width: float) -> list[str]:
    """``text`` broken into lines no wider than ``width``: between words, and inside a word
    only when the word alone is wider."""
    lines: list[str] = []
    for line in simpleSplit(text, kind.font, kind.size, width) or [""]:
        while kind.width(line) > width and len(line) > 1:
            cut = len(line) - 1
            while cut > 1 and kind.width(line[:cut]) > width:
                cut -= 1
            lines.append(line[:cut])
            line = line[cut:]
        lines.append(line)
    return lines


class CellText(Flowable):
    """Lines of text in one type, wrapped to the cell, the first baseline ``baseline`` below the top."""

    def __init__(self, text: str, kind: Type, baseline: float):
        super().__init__()
        self.text, self.kind, self.baseline = text, kind, baseline
        self.lines: list[str] = []

    def wrap(self, available_width, available_height):
        self.lines = wrap_words(self.text, self.kind, available_width)
        self.width = available_width
        self.height = self.baseline + (len(self.lines) - 1) * self.kind.leading + self.kind.descent
        return self.width, self.height

    def draw(self):
        """One text object; each line but the last ends with the space it was broken at."""
        kind = self.kind
        text = self.canv.beginText()
        text.setFont(kind.font, kind.size, kind.leading)
        text.setFillColor(kind.color)
        for i, line in enumerate(self.lines):
            text.setTextOrigin(0, self.height - self.baseline - i * kind.leading)
            text.textOut(line + (" " if i < len(self.lines) - 1 else ""))
        self.canv.drawText(text)


@dataclass(frozen=True)
class Slots:
    """Where a figure's parts go in its cell: the qualifier ends at ``qualifier_end``, the number
    at ``number_end``, the unit starts at ``unit_start``."""

    qualifier_end: float
    number_end: float
    unit_start: float


class FigureCell(Flowable):
    """A figure's qualifier, number and unit in their slots, on one baseline."""

    def __init__(self, line: FigureLine, slots: Slots, qualifier: Type, number: Type, unit: Type,
                 baseline: float):
        super().__init__()
        self.line, self.slots, self.baseline = line, slots, baseline
        self.qualifier, self.number, self.unit = qualifier, number, unit
        self.unit_lines: list[str] = []

    def wrap(self, available_width, available_height):
        self.width = available_width
        room = max(available_width - self.slots.unit_start, self.unit.size * 3)
        self.unit_lines = wrap_words(self.line.unit, self.unit, room) if self.line.unit else []
        lines = max(len(self.unit_lines), 1)
        self.height = self.baseline + (lines - 1) * self.unit.leading + max(self.unit.descent, self.number.descent)
        return self.width, self.height

    def draw(self):
        """One text object, the parts shown in reading order, each ending with the space that
        separates it from the next, so that the cell reads as the figure's display text."""
        line, slots = self.line, self.slots
        y = self.height - self.baseline
        text = self.canv.beginText()
        parts: list[tuple[float, float, Type, str]] = []
        if line.qualifier:
            parts.append((slots.qualifier_end - self.qualifier.width(line.qualifier), y, self.qualifier,
                          line.qualifier))
        parts.append((slots.number_end - self.number.width(line.number), y, self.number, line.number))
        parts += [(slots.unit_start, y - i * self.unit.leading, self.unit, unit_line)
                  for i, unit_line in enumerate(self.unit_lines)]
        for i, (x, baseline, kind, shown) in enumerate(parts):
            text.setTextOrigin(x, baseline)
            text.setFont(kind.font, kind.size)
            text.setFillColor(kind.color)
            text.textOut(shown + (" " if i < len(parts) - 1 else ""))
        self.canv.drawText(text)


@dataclass(frozen=True)
class TableType:
    """The type of a figure table's parts."""

    head: Type
    measure: Type
    qualifier: Type
    number: Type
    unit: Type


def figure_table(doc: TaggedDocBuilder, lines: Sequence[FigureLine], headers: tuple[str, str], types: TableType,
                 width: float, *, measure_share: float, column_gap: float, part_gap: float, padding: float,
                 rules: tuple[Color, Color]) -> Table:
    """The figures as a tagged table (TH for the headers and each row's measure, TD for the
    figure) ``width`` wide, its measure column at most ``measure_share`` of it; ``rules`` are
    the colours of the rule under the header and of those under each row."""
    longest = max(types.measure.width(line.label) for line in lines)
    measure_width = max(min(longest, width * measure_share), types.head.width(headers[0])) + column_gap
    qualifier_width = max((types.qualifier.width(line.qualifier) for line in lines if line.qualifier), default=0.0)
    number_width = max(types.number.width(line.number) for line in lines)
    qualifier_end = qualifier_width
    number_end = qualifier_end + (part_gap if qualifier_width else 0.0) + number_width
    slots = Slots(qualifier_end, number_end, number_end + part_gap)
    row_baseline = max(kind.cap_height for kind in (types.measure, types.qualifier, types.number, types.unit))
    head_baseline = types.head.cap_height
    rows: list[list[Flowable]] = [[CellText(headers[0], types.head, head_baseline),
                                   CellText(headers[1], types.head, head_baseline)]]
    rows += [[CellText(line.label, types.measure, row_baseline),
              FigureCell(line, slots, types.qualifier, types.number, types.unit, row_baseline)] for line in lines]
    head_rule, row_rule = rules
    commands = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (0, -1), column_gap),
        ("TOPPADDING", (0, 0), (-1, -1), padding),
        ("BOTTOMPADDING", (0, 0), (-1, -1), padding),
        ("LINEBELOW", (0, 0), (-1, 0), 1, head_rule),
        ("LINEBELOW", (0, 1), (-1, -1), 0.5, row_rule),
    ]
    return doc.table(rows, [measure_width, width - measure_width], commands, header_rows=1, header_columns=1)
