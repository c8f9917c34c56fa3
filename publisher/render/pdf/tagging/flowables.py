"""Flowables with roles: any flowable tagged as one element, tables, list items, columns."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Table

from publisher.render.pdf.reportlab_internals import current_matrix, frame_at_top, table_row_count
from publisher.render.pdf.tagging.canvas import TaggingCanvas, _drawing_context
from publisher.render.pdf.tagging.structure import PAGINATION, Node


def tagged(flowable: Flowable, node: Node) -> Flowable:
    """Mark ``flowable`` (and every part it splits into) as drawn content of ``node``.

    A ``Figure`` node gets one marked sequence around the whole drawing and a BBox; a table
    must be made with :func:`tagged_table` (or :meth:`TaggedDocBuilder.table`).
    """
    cls = type(flowable)

    def drawOn(canvas, x, y, _sW=0):
        if node.role == "Figure" and isinstance(canvas, TaggingCanvas):
            width, height = getattr(flowable, "_tag_size", (flowable.width, flowable.height))
            if node.bbox is None:
                node.bbox = (canvas.page_index, _absolute_box(canvas, x, y, width, height))
            with canvas.mark(node):
                cls.drawOn(flowable, canvas, x, y, _sW)
            return
        with _drawing_context(canvas, node):
            cls.drawOn(flowable, canvas, x, y, _sW)

    def wrap(available_width, available_height):
        size = cls.wrap(flowable, available_width, available_height)
        vars(flowable)["_tag_size"] = size
        return size

    def split(available_width, available_height):
        parts = cls.split(flowable, available_width, available_height)
        return [part if part is flowable else tagged(part, node) for part in parts]

    # vars(): graphics Drawings refuse unknown attributes through __setattr__
    vars(flowable).update(drawOn=drawOn, wrap=wrap, split=split, _tag_node=node)
    return flowable


def _absolute_box(canvas: Canvas, x, y, width, height) -> tuple[float, float, float, float]:
    a, b, c, d, e, f = current_matrix(canvas)
    points = [(a * px + c * py + e, b * px + d * py + f)
              for px, py in ((x, y), (x + width, y), (x, y + height), (x + width, y + height))]
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return (min(xs), min(ys), max(xs), max(ys))


@dataclass
class _TableTags:
    node: Node
    header_rows: int
    header_columns: int
    rows: list[int | None]  #: this part's row -> logical row (None: header repeated on a later page)
    row_nodes: dict[int, Node] = field(default_factory=dict)
    cell_nodes: dict[tuple[int, int], Node] = field(default_factory=dict)

    def cell(self, row: int, column: int) -> Node:
        key = (row, column)
        if key not in self.cell_nodes:
            if row not in self.row_nodes:
                self.row_nodes[row] = self.node.add("TR")
            if row < self.header_rows:
                self.cell_nodes[key] = self.row_nodes[row].add("TH", scope="Column")
            elif column < self.header_columns:
                self.cell_nodes[key] = self.row_nodes[row].add("TH", scope="Row")
            else:
                self.cell_nodes[key] = self.row_nodes[row].add("TD")
        return self.cell_nodes[key]

    def part(self, rows: list[int | None]) -> _TableTags:
        return _TableTags(self.node, self.header_rows, self.header_columns, rows,
                          self.row_nodes, self.cell_nodes)


def _table_events(table: Table, event: str, *args) -> None:
    canvas = table.canv
    tags: _TableTags | None = getattr(table, "_tag_table", None)
    if tags is None or not isinstance(canvas, TaggingCanvas):
        return
    if event == "startCell":
        row, column = args[0], args[1]
        logical = tags.rows[row] if row < len(tags.rows) else None
        canvas._stack.append(PAGINATION if logical is None else tags.cell(logical, column))
    elif event == "endCell":
        canvas._stack.pop()


def tagged_table(data, node: Node, *, header_rows: int = 1, header_columns: int = 0, **table_kwargs) -> Table:
    """A ReportLab ``Table`` tagged as ``node`` (role Table): TR > TH/TD, repeated header rows
    and backgrounds and rules as artifacts. ``header_rows`` rows repeat on every page."""
    table = Table(data, repeatRows=header_rows, renderCB=_table_events, **table_kwargs)
    return _tag_table_part(table, _TableTags(node, header_rows, header_columns, list(range(len(data)))))


def _tag_table_part(table: Table, tags: _TableTags) -> Table:
    table._tag_table = tags
    cls = type(table)

    def drawOn(canvas, x, y, _sW=0):
        with _drawing_context(canvas, tags.node):
            cls.drawOn(table, canvas, x, y, _sW)

    def split(available_width, available_height):
        parts = cls.split(table, available_width, available_height)
        if len(parts) != 2:
            return parts
        first = table_row_count(parts[0])
        repeated: list[int | None] = [None] * (table_row_count(parts[1]) - (len(tags.rows) - first))
        return [_tag_table_part(parts[0], tags.part(tags.rows[:first])),
                _tag_table_part(parts[1], tags.part(repeated + tags.rows[first:]))]

    table.drawOn, table.split = drawOn, split
    return table


class LabelledItem(Flowable):
    """A list item: a label (bullet or number) hanging in the margin, and a body flowable.

    Tagged LI > (Lbl, LBody); when the body splits across pages the label stays with the first part.
    """

    def __init__(self, label: Flowable | None, body: Flowable, indent: float, item: Node,
                 label_node: Node, body_node: Node):
        super().__init__()
        self.label, self.body, self.indent = label, body, indent
        self.item, self.label_node, self.body_node = item, label_node, body_node

    def wrap(self, available_width, available_height):
        self.width = available_width
        _, self.height = self.body.wrap(available_width - self.indent, available_height)
        if self.label is not None:
            self.label.wrap(self.indent, available_height)
        return self.width, self.height

    def split(self, available_width, available_height):
        parts = self.body.split(available_width - self.indent, available_height)
        if len(parts) < 2:
            return []
        return [LabelledItem(self.label if i == 0 else None, part, self.indent, self.item,
                             self.label_node, self.body_node) for i, part in enumerate(parts)]

    def getSpaceBefore(self):
        return self.body.getSpaceBefore()

    def getSpaceAfter(self):
        return self.body.getSpaceAfter()

    def draw(self):
        canvas = self.canv
        with _drawing_context(canvas, self.item):
            if self.label is not None:
                with _drawing_context(canvas, self.label_node):
                    self.label.drawOn(canvas, 0, self.height - self.label.height)
            with _drawing_context(canvas, self.body_node):
                self.body.drawOn(canvas, self.indent, 0)


class Columns(Flowable):
    """Columns side by side, each a list of flowables stacked top-down; read column by column
    (in the order their structure nodes were made, whatever the page they land on).

    At a page break each column is cut where the page ends: the flowable that crosses it
    splits as it would in a frame, a heading (``keepWithNext``) never stays alone at the foot
    of a column, and what is left goes on in the same columns on the next page. The columns
    start together: when one of them cannot start on this page, they all move to the next.
    """

    def __init__(self, columns: Sequence[Sequence[Flowable]], gap: float = 18,
                 weights: Sequence[float] | None = None):
        super().__init__()
        self.columns = [list(column) for column in columns]
        self.gap = gap
        self.weights = list(weights) if weights else [1.0] * len(self.columns)

    def column_widths(self, available_width: float) -> list[float]:
        free = available_width - self.gap * (len(self.columns) - 1)
        return [free * weight / sum(self.weights) for weight in self.weights]

    def split(self, available_width, available_height):
        heads, tails = [], []
        for column, width in zip(self.columns, self.column_widths(available_width), strict=True):
            head, tail = _cut(column, width, available_height)
            heads.append(head)
            tails.append(tail)
        started = all(head or not column for head, column in zip(heads, self.columns, strict=True))
        if not any(tails) or not any(heads) or not (started or frame_at_top(self)):
            return []
        first, rest = Columns(heads, self.gap, self.weights), Columns(tails, self.gap, self.weights)
        first.spaceBefore = self.getSpaceBefore()  # the space above the row stays above its first part
        rest.spaceAfter = self.getSpaceAfter()
        return [first, rest]

    def wrap(self, available_width, available_height):
        self.width = available_width
        heights = [_stacked_height(column, width, available_height)
                   for column, width in zip(self.columns, self.column_widths(available_width), strict=True)]
        self.height = max(heights, default=0)
        return self.width, self.height

    def draw(self):
        x = 0.0
        for column, column_width in zip(self.columns, self.column_widths(self.width), strict=True):
            y = self.height
            for i, flowable in enumerate(column):
                if i:
                    y -= flowable.getSpaceBefore()
                _, h = flowable.wrap(column_width, self.height)
                y -= h
                flowable.drawOn(self.canv, x, y)
                y -= flowable.getSpaceAfter()
            x += column_width + self.gap


def _stacked_height(flowables: Sequence[Flowable], width: float, height: float) -> float:
    """The height of flowables set one under the other as a frame sets them (the first one's
    space before and the last one's space after left out)."""
    total = 0.0
    for i, flowable in enumerate(flowables):
        _, h = flowable.wrap(width, height)
        total += h + (flowable.getSpaceBefore() if i else 0) + (flowable.getSpaceAfter() if i < len(flowables) - 1 else 0)
    return total


def _cut(column: list[Flowable], width: float, height: float) -> tuple[list[Flowable], list[Flowable]]:
    """A column's flowables cut at ``height``: those that fit (the last one split if it crosses
    the cut), and the rest."""
    head: list[Flowable] = []
    used = 0.0
    rest: list[Flowable] = []
    for i, flowable in enumerate(column):
        space = flowable.getSpaceBefore() if head else 0.0
        room = height - used - space
        _, h = flowable.wrap(width, max(room, 0.0))
        if h <= room:
            head.append(flowable)
            used += space + h + flowable.getSpaceAfter()
            continue
        parts = flowable.split(width, room) if room > 0 else []
        if len(parts) >= 2:
            head.append(parts[0])
            rest = [*parts[1:], *column[i + 1:]]
        else:
            rest = list(column[i:])
        break
    while head and rest and head[-1].getKeepWithNext():
        rest.insert(0, head.pop())
    return head, rest
