"""The tagged-PDF layer: ReportLab flowables with structure roles in, a PDF/UA-1 tagged PDF out.

ReportLab writes untagged PDFs. This layer tags them in two steps:

1. **While drawing**, :class:`TaggingCanvas` wraps content in marked-content sequences. Text is
   marked inside ``BT ... ET`` by :class:`TaggedTextObject` (``/P <</MCID n>> BDC`` after ``BT``,
   ``EMC`` before ``ET``) so BDC/EMC and BT/ET nest; every other painting operator that is not
   inside a marked sequence (backgrounds, rules, underlines) becomes ``/Artifact``. Text drawn
   outside any tagged flowable (running header, footer, page number) is an ``/Artifact`` too.
   Each (page, MCID) is logged against the structure :class:`Node` being drawn.
2. **After drawing**, :func:`write_structure` adds the structure tree, built from the nodes and
   the log, as an incremental update (pikepdf reads the file and writes the XMP): StructTreeRoot >
   Document, ``/K`` with MCIDs and MCRs, OBJR for links, the
   ParentTree, ``/StructParents`` and ``/Tabs /S`` on pages, ``/MarkInfo``, ``/Lang``,
   ``DisplayDocTitle`` and XMP with ``dc:title`` and ``pdfuaid:part`` 1.

Flowables get their role with :func:`tagged`, which wraps the instance's ``drawOn`` and ``split``:
a paragraph or table split across pages stays one structure element. Tables are tagged through
ReportLab's ``Table(renderCB=...)`` hook (cells become TH/TD, a header row repeated on a later
page is a pagination artifact). The usual entry point is :class:`TaggedDocBuilder`::

    doc = TaggedDocBuilder(title="...", lang="en-US", fonts=register_fonts(theme))
    story = [doc.heading(1, "Title", h1_style), doc.paragraph("Body", body_style),
             doc.table(rows, col_widths, style_commands, header_rows=1),
             doc.bullet_list(["one", "two"], body_style), doc.figure(drawing, alt="...")]
    pdf_bytes = doc.build(story, furniture=draw_footer)

Rules of use:

- **Creation order is reading order.** Each builder method appends its node to the tree when it
  is called, so make flowables in the order they should be read (a heading before its table),
  whatever order they are later placed in (see :class:`Columns`).
- Table cells are plain flowables or strings, never :func:`tagged` ones: ReportLab draws the
  same cell objects again in a header row repeated on a later page.
- Anything drawn outside a tagged flowable is an artifact: page furniture needs no marking,
  but real content must go through the builder. Standard-14 fonts requested anywhere (drawings,
  table defaults) are replaced by the theme's embedded font.
- For "Page N of M", use :func:`build_tagged_pdf` with ``count_pages=True``: the furniture
  callback then finds ``doc.total_pages`` on the document template.

ReportLab internals relied on (pinned by tests/test_pdf_tagging.py; keep reportlab < 5.2):
``PDFTextObject._code`` / ``getCode`` / ``_textOut``, the paragraph hook ``tx._linkRecord``,
``Canvas._annotationrefs``, the ``Table`` ``renderCB`` events and ``Table._cellvalues``.
"""
from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

import pikepdf
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import standardFonts
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Table, TableStyle

from publisher.render.pdf.fonts import FontSet

#: Roles the layer writes; all are PDF 1.7 standard structure types, so no RoleMap is needed.
ROLES = frozenset(
    "Document Part Art Sect Div BlockQuote Caption P H1 H2 H3 H4 H5 H6 L LI Lbl LBody "
    "Table THead TBody TFoot TR TH TD Figure Formula Form Link Annot Quote Note Reference "
    "Span Code BibEntry Index TOC TOCI NonStruct Private".split()
)
#: Roles kept in the tree even when nothing was drawn in them (a table keeps every cell).
KEEP_EMPTY = frozenset({"TH", "TD"})


class Node:
    """A structure element: a role, attributes, and kids in reading order.

    Kids are child nodes, marked content (:class:`MarkedContent`) and link annotations
    (:class:`AnnotationRef`), kept in the order they were created or drawn.
    """

    def __init__(self, role: str, parent: Node | None = None, *, alt: str | None = None,
                 actual_text: str | None = None, lang: str | None = None, scope: str | None = None):
        if role not in ROLES:
            raise ValueError(f"'{role}' is not a standard structure type")
        self.role = role
        self.parent = parent
        self.alt = alt
        self.actual_text = actual_text
        self.lang = lang
        self.scope = scope  #: "Column" or "Row" for TH
        self.bbox: tuple[int, tuple[float, float, float, float]] | None = None  #: (page, box) for figures
        self.kids: list[Node | MarkedContent | AnnotationRef] = []
        if parent is not None:
            parent.kids.append(self)

    def add(self, role: str, **attributes) -> Node:
        return Node(role, self, **attributes)

    def walk(self) -> Iterator[Node]:
        yield self
        for kid in self.kids:
            if isinstance(kid, Node):
                yield from kid.walk()

    def __repr__(self) -> str:
        return f"Node({self.role}, {len(self.kids)} kids)"


@dataclass(frozen=True)
class MarkedContent:
    page: int  #: 0-based
    mcid: int


@dataclass(frozen=True)
class AnnotationRef:
    page: int
    index: int  #: position in the page's /Annots
    contents: str


@dataclass(frozen=True)
class Artifact:
    """Drawing context for page furniture: ``kind`` is Pagination, Layout, Page or Background."""

    kind: str = "Layout"


PAGINATION = Artifact("Pagination")
LAYOUT = Artifact("Layout")


@dataclass
class MarkLog:
    """What the canvas marked while drawing: per page, MCID -> node; the link annotations."""

    pages: dict[int, list[Node]] = field(default_factory=dict)
    annotations: list[tuple[AnnotationRef, Node]] = field(default_factory=list)


# ---------------------------------------------------------------- drawing: canvas and text objects

class TaggedTextObject(PDFTextObject):
    """A text object whose content is one marked sequence inside ``BT ... ET``.

    Every line it shows ends with a space, so text read from the tags keeps the word break
    that ReportLab's line breaking removes. Links inside a paragraph become ``Link``
    elements of their own (through ReportLab's ``_linkRecord`` hook).
    """

    _tag_opening: str | None = None  #: the BDC operator once allocated ("" when not marked)
    _tag_node: Node | None = None

    def _ensure_mark(self) -> None:
        if self._tag_opening is None:
            canvas = self._canvas
            self._tag_opening, self._tag_node = canvas._text_mark() if isinstance(
                canvas, TaggingCanvas) else ("", None)

    def setFont(self, psfontname, size, leading=None):
        super().setFont(_embedded(self._canvas, psfontname), size, leading)

    def _setFont(self, psfontname, size):
        super()._setFont(_embedded(self._canvas, psfontname), size)

    _open_link: Node | None = None
    _last_text = ""

    def _formatText(self, text):
        if self._tag_opening is None:
            self._ensure_mark()
        self._last_text = text
        if self._open_link is not None:
            self._canvas._link_text.setdefault(id(self._open_link), []).append(text)
        return super()._formatText(text)

    def _textOut(self, text, TStar=0):
        if TStar and not text.endswith(" "):
            text += " "
        super()._textOut(text, TStar)

    def _linkRecord(self, link, event):
        self._ensure_mark()
        canvas = self._canvas
        if self._tag_node is None:
            return
        if event == "start":
            # ReportLab reports a link's start after showing its first fragment: move that one.
            last = self._code.pop() if len(self._code) > 1 else None
            node = self._tag_node.add("Link")
            canvas._open_links.append(node)
            canvas._link_text[id(node)] = [self._last_text]
            self._open_link = node
            self._code += ["EMC", canvas._open_mark(node)]
            if last is not None:
                self._code.append(last)
        elif event == "end":
            self._open_link = None
            self._code += ["EMC", canvas._open_mark(self._tag_node)]

    def getCode(self):
        if self._tag_opening:
            self._code.insert(1, self._tag_opening)
            self._code.append("EMC")
        return super().getCode()


def _embedded(canvas: Canvas, font_name: str) -> str:
    """A standard-14 font name (never embedded) replaced by the canvas's initial embedded font."""
    if font_name in standardFonts and isinstance(canvas, TaggingCanvas):
        return canvas._initialFontName
    return font_name


def _marked_painting(name: str):
    base = getattr(Canvas, name)

    def method(self, *args, **kwargs):
        if self._depth:
            return base(self, *args, **kwargs)
        top = self._stack[-1] if self._stack else LAYOUT
        self._code.append(self._artifact_operator(top if isinstance(top, Artifact) else LAYOUT))
        self._depth += 1
        try:
            return base(self, *args, **kwargs)
        finally:
            self._depth -= 1
            self._code.append("EMC")

    method.__name__ = name
    method.__doc__ = base.__doc__
    return method


class TaggingCanvas(Canvas):
    """A canvas that marks everything it paints as tagged content or as an artifact.

    The drawing context is a stack of :class:`Node` (real content) and :class:`Artifact`
    (furniture); :meth:`context` pushes one. Text takes the context on top; with an empty
    stack it is an artifact. Other painting is an artifact unless inside :meth:`mark`.
    """

    def __init__(self, *args, log: MarkLog | None = None, **kwargs):
        self.log = log if log is not None else MarkLog()
        self._stack: list[Node | Artifact] = []
        self._depth = 0  #: open marked-content sequences
        self._mcid = 0
        self._open_links: list[Node] = []
        self._link_text: dict[int, list[str]] = {}  #: Link node id -> the text shown in it
        super().__init__(*args, **kwargs)

    @property
    def page_index(self) -> int:
        return self._pageNumber - 1

    def showPage(self):
        super().showPage()
        self._mcid = 0

    @contextmanager
    def context(self, item: Node | Artifact) -> Iterator[None]:
        """Draw what follows as content of ``item`` (a node) or as furniture (an artifact)."""
        self._stack.append(item)
        try:
            yield
        finally:
            self._stack.pop()

    def _open_mark(self, node: Node) -> str:
        mcid = self._mcid
        self._mcid += 1
        page = self.page_index
        self.log.pages.setdefault(page, []).append(node)
        node.kids.append(MarkedContent(page, mcid))
        return f"/{node.role} <</MCID {mcid}>> BDC"

    @staticmethod
    def _artifact_operator(artifact: Artifact) -> str:
        return f"/Artifact <</Type /{artifact.kind}>> BDC"

    def _text_mark(self) -> tuple[str, Node | None]:
        if self._depth:
            return "", None
        top = self._stack[-1] if self._stack else PAGINATION
        if isinstance(top, Artifact):
            return self._artifact_operator(top), None
        return self._open_mark(top), top

    @contextmanager
    def artifact(self, artifact: Artifact = LAYOUT) -> Iterator[None]:
        """One artifact sequence around what is drawn inside (no tagged content may be in it)."""
        self._code.append(self._artifact_operator(artifact))
        self._depth += 1
        with self.context(artifact):
            try:
                yield
            finally:
                self._depth -= 1
                self._code.append("EMC")

    @contextmanager
    def mark(self, node: Node) -> Iterator[None]:
        """One marked sequence for ``node`` around everything drawn inside (figures)."""
        self._code.append(self._open_mark(node))
        self._depth += 1
        with self.context(node):
            try:
                yield
            finally:
                self._depth -= 1
                self._code.append("EMC")

    def setFont(self, psfontname, size, leading=None):
        """As ReportLab's, but a standard-14 font (the default of drawings and table cells)
        becomes the initial font, which the document builder sets to the theme's TrueType font."""
        super().setFont(_embedded(self, psfontname), size, leading)

    def beginText(self, x=0, y=0, direction=None):
        return TaggedTextObject(self, x, y, direction=direction)

    def linkURL(self, url, rect, relative=0, thickness=0, color=None, dashArray=None, kind="URI", **kw):
        super().linkURL(url, rect, relative, thickness, color, dashArray, kind, **kw)
        self._record_link(kw.get("Contents") or url)

    def linkRect(self, contents, destinationname, Rect=None, addtopage=1, name=None, relative=1,
                 thickness=0, color=None, dashArray=None, **kw):
        super().linkRect(contents, destinationname, Rect, addtopage, name, relative,
                         thickness, color, dashArray, **kw)
        if addtopage:
            self._record_link(contents or f"Go to {destinationname}")

    def _record_link(self, contents: str) -> None:
        """Attach the annotation just added to its Link element; /Contents is the link's text."""
        if self._open_links:
            node = self._open_links.pop(0)
            contents = " ".join("".join(self._link_text.get(id(node), [])).split()) or contents
        else:
            owner = next((n for n in reversed(self._stack) if isinstance(n, Node)), None)
            if owner is None:
                return
            node = owner if owner.role == "Link" else owner.add("Link")
        ref = AnnotationRef(self.page_index, len(self._annotationrefs) - 1, contents)
        node.kids.append(ref)
        self.log.annotations.append((ref, node))

    for _name in ("line", "lines", "grid", "bezier", "arc", "rect", "ellipse", "wedge", "circle",
                  "roundRect", "drawPath", "drawImage", "drawInlineImage", "doForm", "shade",
                  "linearGradient", "radialGradient"):
        locals()[_name] = _marked_painting(_name)
    del _name


def _drawing_context(canvas, item):
    return canvas.context(item) if isinstance(canvas, TaggingCanvas) else nullcontext()


# ---------------------------------------------------------------- flowables with roles

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
    a, b, c, d, e, f = canvas._currentMatrix
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
        first = len(parts[0]._cellvalues)
        repeated = [None] * (len(parts[1]._cellvalues) - (len(tags.rows) - first))
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
    """Columns side by side, each a list of flowables stacked top-down; read column by column.

    A column set that does not fit moves to the next page whole; one taller than
    ``max_height`` (the frame's height) splits into its flowables, read one after the other.
    """

    def __init__(self, columns: Sequence[Sequence[Flowable]], gap: float = 18, max_height: float | None = None,
                 weights: Sequence[float] | None = None):
        super().__init__()
        self.columns = [list(column) for column in columns]
        self.gap = gap
        self.max_height = max_height
        self.weights = list(weights) if weights else [1.0] * len(self.columns)

    def column_widths(self, available_width: float) -> list[float]:
        free = available_width - self.gap * (len(self.columns) - 1)
        return [free * weight / sum(self.weights) for weight in self.weights]

    def split(self, available_width, available_height):
        self.wrap(available_width, available_height)
        if self.max_height is not None and self.height > self.max_height:
            return [flowable for column in self.columns for flowable in column]
        return []

    def wrap(self, available_width, available_height):
        self.width = available_width
        heights = []
        for column, column_width in zip(self.columns, self.column_widths(available_width), strict=True):
            total = 0.0
            for i, flowable in enumerate(column):
                _, h = flowable.wrap(column_width, available_height)
                total += h + (flowable.getSpaceBefore() if i else 0) + (
                    flowable.getSpaceAfter() if i < len(column) - 1 else 0)
            heights.append(total)
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


# ---------------------------------------------------------------- after drawing: the structure tree

def _pdf_string(text: str) -> pikepdf.String:
    return pikepdf.String(text)


def _nodes_with_content(root: Node) -> set[int]:
    """ids of the nodes that hold drawn content (or must stay, see KEEP_EMPTY), in one pass."""
    kept: set[int] = set()

    def visit(node: Node) -> bool:
        keep = node.role in KEEP_EMPTY
        for kid in node.kids:
            keep = (visit(kid) if isinstance(kid, Node) else True) or keep
        if keep:
            kept.add(id(node))
        return keep

    visit(root)
    return kept


def _ref(number: int) -> str:
    return f"{number} 0 R"


def _objref(obj: pikepdf.Object) -> str:
    number, generation = obj.objgen
    return f"{number} {generation} R"


def _text(value: str) -> str:
    return pikepdf.String(value).unparse().decode("latin-1")


def _number(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def write_structure(pdf_bytes: bytes, root: Node, log: MarkLog, *, title: str, lang: str) -> bytes:
    """Add the structure tree for ``root`` and the PDF/UA metadata to a PDF drawn by
    :class:`TaggingCanvas` with ``log``; return the new file.

    The additions are written as an incremental update (ISO 32000-1, 7.5.6): pikepdf reads
    the file, updates the catalog, pages and link annotations and writes the XMP packet;
    the structure elements, one small dictionary each, are written as PDF text directly,
    which costs a fraction of building them as pikepdf objects.
    """
    if root.role != "Document":
        raise ValueError("the structure root must be a Document node")
    pdf = pikepdf.open(io.BytesIO(pdf_bytes))
    pages = [page.obj for page in pdf.pages]
    page_refs = [_objref(page) for page in pages]
    next_number = int(pdf.trailer.Size)
    bodies: dict[int, str] = {}  #: new object number -> body

    kept = _nodes_with_content(root)
    numbers: dict[int, int] = {}
    order: list[Node] = []

    def number(node: Node) -> None:
        nonlocal next_number
        if id(node) in kept:
            numbers[id(node)] = next_number
            next_number += 1
            order.append(node)
            for kid in node.kids:
                if isinstance(kid, Node):
                    number(kid)

    number(root)
    if not order:
        numbers[id(root)] = next_number
        next_number += 1
        order.append(root)
    struct_root = next_number
    parent_tree = next_number + 1
    metadata = next_number + 2
    next_number += 3

    for node in order:
        first_page = next((kid.page for kid in node.kids if not isinstance(kid, Node)), None)
        parent = numbers.get(id(node.parent), struct_root) if node.parent is not None else struct_root
        parts = [f"/Type /StructElem /S /{node.role} /P {_ref(parent)}"]
        if first_page is not None:
            parts.append(f"/Pg {page_refs[first_page]}")
        kids = []
        for kid in node.kids:
            if isinstance(kid, Node):
                if id(kid) in numbers:
                    kids.append(_ref(numbers[id(kid)]))
            elif isinstance(kid, MarkedContent):
                kids.append(str(kid.mcid) if kid.page == first_page else
                            f"<< /Type /MCR /Pg {page_refs[kid.page]} /MCID {kid.mcid} >>")
            else:
                annotation = _objref(pages[kid.page].Annots[kid.index])
                kids.append(f"<< /Type /OBJR /Pg {page_refs[kid.page]} /Obj {annotation} >>")
        parts.append(f"/K [{' '.join(kids)}]")
        if node.alt is not None:
            parts.append(f"/Alt {_text(node.alt)}")
        if node.actual_text is not None:
            parts.append(f"/ActualText {_text(node.actual_text)}")
        if node.lang is not None:
            parts.append(f"/Lang {_text(node.lang)}")
        if node.scope is not None:
            parts.append(f"/A << /O /Table /Scope /{node.scope} >>")
        if node.bbox is not None:
            box = " ".join(_number(v) for v in node.bbox[1])
            parts.append(f"/A << /O /Layout /Placement /Block /BBox [{box}] >>")
        bodies[numbers[id(node)]] = "<< " + " ".join(parts) + " >>"

    nums = []
    for index, page in enumerate(pages):
        page.StructParents = index
        page.Tabs = pikepdf.Name.S
        marked = " ".join(_ref(numbers[id(node)]) for node in log.pages.get(index, []))
        nums.append(f"{index} [{marked}]")
    key = len(pages)
    changed = {page.objgen: page for page in pages}
    for ref, node in log.annotations:
        annotation = pages[ref.page].Annots[ref.index]
        annotation.StructParent = key
        annotation.Contents = pikepdf.String(ref.contents)
        changed[annotation.objgen] = annotation
        nums.append(f"{key} {_ref(numbers[id(node)])}")
        key += 1
    bodies[parent_tree] = f"<< /Nums [{' '.join(nums)}] >>"
    bodies[struct_root] = (f"<< /Type /StructTreeRoot /K {_ref(numbers[id(root)])} "
                           f"/ParentTree {_ref(parent_tree)} /ParentTreeNextKey {key} >>")

    if "/Trapped" in pdf.docinfo:
        del pdf.docinfo.Trapped  # no XMP equivalent; pikepdf warns and drops it
    with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
        meta.load_from_docinfo(pdf.docinfo)
        meta["dc:title"] = title
        meta["pdfuaid:part"] = "1"
    packet = pdf.Root.Metadata.read_bytes()
    catalog = pdf.Root
    for name in ("/Metadata", "/Lang", "/MarkInfo", "/ViewerPreferences", "/StructTreeRoot", "/Version"):
        if name in catalog:
            del catalog[name]
    catalog_body = catalog.unparse(resolved=True).decode("latin-1")
    catalog_body = catalog_body[:catalog_body.rstrip().rfind(">>")] + (
        f" /StructTreeRoot {_ref(struct_root)} /MarkInfo << /Marked true >> /Lang {_text(lang)}"
        f" /ViewerPreferences << /DisplayDocTitle true >> /Metadata {_ref(metadata)} >>")
    changed_bodies = {catalog.objgen[0]: catalog_body.encode("latin-1")}
    changed_bodies.update((objgen[0], obj.unparse(resolved=True)) for objgen, obj in changed.items())

    out = io.BytesIO()
    out.write(pdf_bytes if pdf_bytes.endswith(b"\n") else pdf_bytes + b"\n")
    offsets: dict[int, int] = {}
    for obj_number, body in sorted(changed_bodies.items()):
        offsets[obj_number] = out.tell()
        out.write(b"%d 0 obj\n%s\nendobj\n" % (obj_number, body))
    for obj_number, text in sorted(bodies.items()):
        offsets[obj_number] = out.tell()
        out.write(b"%d 0 obj\n%s\nendobj\n" % (obj_number, text.encode("latin-1")))
    offsets[metadata] = out.tell()
    out.write(b"%d 0 obj\n<< /Type /Metadata /Subtype /XML /Length %d >>\nstream\n%s\nendstream\nendobj\n"
              % (metadata, len(packet), packet))
    previous = int(re.search(rb"startxref\s+(\d+)\s+%%EOF\s*$", pdf_bytes)[1])
    xref_at = out.tell()
    out.write(b"xref\n")
    numbers_sorted = sorted(offsets)
    start = 0
    while start < len(numbers_sorted):
        end = start
        while end + 1 < len(numbers_sorted) and numbers_sorted[end + 1] == numbers_sorted[end] + 1:
            end += 1
        out.write(b"%d %d\n" % (numbers_sorted[start], end - start + 1))
        for obj_number in numbers_sorted[start:end + 1]:
            out.write(b"%010d 00000 n\r\n" % offsets[obj_number])
        start = end + 1
    trailer = [f"/Size {next_number}", f"/Root {_objref(catalog)}", f"/Prev {previous}"]
    if "/Info" in pdf.trailer:
        trailer.append(f"/Info {_objref(pdf.trailer.Info)}")
    if "/ID" in pdf.trailer:
        trailer.append("/ID " + pdf.trailer.ID.unparse().decode("latin-1"))
    out.write(b"trailer\n<< %s >>\nstartxref\n%d\n%%%%EOF\n" % (" ".join(trailer).encode("latin-1"), xref_at))
    return out.getvalue()


# ---------------------------------------------------------------- the builder

class TaggedDocBuilder:
    """Builds one tagged PDF: make flowables through its methods, in reading order, then :meth:`build`.

    Each method creates the structure node of what it returns under the current group
    (:meth:`group`), so the structure tree follows the order the story is written in.
    """

    def __init__(self, *, title: str, lang: str, fonts: FontSet, pagesize=LETTER,
                 margins: tuple[float, float, float, float] = (54, 54, 54, 54),
                 author: str = "", subject: str = "", keywords: Iterable[str] = (), creator: str = "publisher",
                 invariant: bool = False):
        self.title, self.lang, self.fonts, self.pagesize = title, lang, fonts, pagesize
        self.margins = margins  #: top, right, bottom, left, in points
        self.author, self.subject, self.keywords, self.creator = author, subject, list(keywords), creator
        self.invariant = invariant  #: fixed dates and ids, for byte-identical output
        self.root = Node("Document")
        self._parents: list[Node] = [self.root]
        self.total_pages: int | None = None  #: given to the furniture as ``doc.total_pages`` when known
        self.page_count = 0  #: pages of the last build

    @property
    def parent(self) -> Node:
        return self._parents[-1]

    def node(self, role: str, parent: Node | None = None, **attributes) -> Node:
        """A new structure element under ``parent`` (default: the current group)."""
        return Node(role, parent or self.parent, **attributes)

    @contextmanager
    def group(self, role: str, **attributes) -> Iterator[Node]:
        """Nodes made inside the ``with`` block go under a new ``role`` element (Sect, BlockQuote, Div...)."""
        node = self.node(role, **attributes)
        self._parents.append(node)
        try:
            yield node
        finally:
            self._parents.pop()

    def tag(self, flowable: Flowable, role: str, parent: Node | None = None, **attributes) -> Flowable:
        """Any flowable as one element of ``role``."""
        return tagged(flowable, self.node(role, parent, **attributes))

    def paragraph(self, markup: str, style: ParagraphStyle, role: str = "P", parent: Node | None = None) -> Paragraph:
        """A ReportLab ``Paragraph`` (markup: escape plain text with :func:`text_markup`)."""
        return self.tag(Paragraph(markup, style), role, parent)

    def heading(self, level: int, markup: str, style: ParagraphStyle) -> Paragraph:
        if not 1 <= level <= 6:
            raise ValueError(f"heading level {level} is not 1 to 6")
        return self.paragraph(markup, style, f"H{level}")

    def table(self, data, col_widths=None, commands: Sequence = (), *, header_rows: int = 1,
              header_columns: int = 0, **table_kwargs) -> Table:
        """A data table: Table > TR > TH/TD; string cells are set in the theme's regular font."""
        table = tagged_table(data, self.node("Table"), header_rows=header_rows,
                             header_columns=header_columns, colWidths=col_widths, **table_kwargs)
        table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), self.fonts.regular), *commands]))
        return table

    def bullet_list(self, items: Sequence[str | Flowable], style: ParagraphStyle, *, label: str = "\u2022",
                    label_style: ParagraphStyle | None = None, indent: float | None = None,
                    numbered: bool = False) -> list[Flowable]:
        """A list L > LI > (Lbl, LBody); plain-text items become paragraphs in ``style``."""
        indent = indent if indent is not None else style.fontSize * 1.4
        label_style = label_style or style
        list_node = self.node("L")
        flowables: list[Flowable] = []
        for number, item in enumerate(items, start=1):
            item_node = list_node.add("LI")
            label_node, body_node = item_node.add("Lbl"), item_node.add("LBody")
            body = Paragraph(text_markup(item), style) if isinstance(item, str) else item
            mark = Paragraph(escape(f"{number}." if numbered else label), label_style)
            flowables.append(LabelledItem(mark, body, indent, item_node, label_node, body_node))
        return flowables

    def figure(self, flowable: Flowable, alt: str) -> Flowable:
        """A drawing or image with its text alternative: one Figure with /Alt and a BBox."""
        if not alt.strip():
            raise ValueError("a figure needs a text alternative")
        return self.tag(flowable, "Figure", alt=alt)

    def build(self, story: list[Flowable], furniture: Callable[[Canvas, SimpleDocTemplate], None] | None = None) -> bytes:
        """Lay out ``story``; ``furniture(canvas, doc)`` draws each page's header/footer as pagination artifacts."""
        log = MarkLog()
        buffer = io.BytesIO()
        top, right, bottom, left = self.margins
        template = SimpleDocTemplate(
            buffer, pagesize=self.pagesize, topMargin=top, rightMargin=right, bottomMargin=bottom,
            leftMargin=left, title=self.title, author=self.author, subject=self.subject,
            keywords=self.keywords, creator=self.creator, lang=self.lang,
            initialFontName=self.fonts.regular, invariant=int(self.invariant),
        )

        def on_page(canvas, doc):
            doc.total_pages = self.total_pages
            if furniture is not None:
                with canvas.context(PAGINATION):
                    canvas.saveState()
                    furniture(canvas, doc)
                    canvas.restoreState()

        def canvasmaker(*args, **kwargs):
            return TaggingCanvas(*args, log=log, **kwargs)

        template.build(list(story), onFirstPage=on_page, onLaterPages=on_page, canvasmaker=canvasmaker)
        self.page_count = template.page  #: pages of the last build
        return write_structure(buffer.getvalue(), self.root, log, title=self.title, lang=self.lang)


def text_markup(text: str) -> str:
    """Plain text as ReportLab paragraph markup."""
    return escape(text)


def build_tagged_pdf(story_maker: Callable[[TaggedDocBuilder], list[Flowable]], *, title: str, lang: str,
                     fonts: FontSet, furniture=None, count_pages: bool = False, **options) -> bytes:
    """One call: ``story_maker(builder)`` returns the story made through the builder's methods.

    With ``count_pages`` the story is laid out twice (a fresh builder each time) so that the
    furniture knows ``doc.total_pages`` for "Page N of M".
    """
    total = None
    if count_pages:
        counter = TaggedDocBuilder(title=title, lang=lang, fonts=fonts, **options)
        counter.build(story_maker(counter), furniture)
        total = counter.page_count
    builder = TaggedDocBuilder(title=title, lang=lang, fonts=fonts, **options)
    builder.total_pages = total
    return builder.build(story_maker(builder), furniture)
