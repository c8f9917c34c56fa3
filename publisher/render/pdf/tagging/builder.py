"""The builder: flowables made in reading order with their structure nodes, laid out, tagged."""
from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph, Table, TableStyle

from publisher.render.pdf.fonts import FontSet
from publisher.render.pdf.tagging.canvas import TaggingCanvas
from publisher.render.pdf.tagging.flowables import LabelledItem, tagged, tagged_table
from publisher.render.pdf.tagging.structure import PAGINATION, MarkLog, Node
from publisher.render.pdf.tagging.writer import write_structure


class TaggedDocBuilder:
    """Builds one tagged PDF: make flowables through its methods, in reading order, then :meth:`build`.

    Each method creates the structure node of what it returns under the current group
    (:meth:`group`), so the structure tree follows the order the story is written in.
    """

    def __init__(self, *, title: str, lang: str, fonts: FontSet, pagesize=LETTER,
                 margins: tuple[float, float, float, float] = (54, 54, 54, 54),
                 author: str = "", subject: str = "", keywords: Iterable[str] = (), creator: str = "publisher",
                 invariant: bool = False, frame_padding: float = 6):
        self.title, self.lang, self.fonts, self.pagesize = title, lang, fonts, pagesize
        self.margins = margins  #: top, right, bottom, left, in points
        self.frame_padding = frame_padding  #: inside the margins, every side (ReportLab's default is 6 pt)
        self.author, self.subject, self.keywords, self.creator = author, subject, list(keywords), creator
        self.invariant = invariant  #: fixed dates and ids, for byte-identical output
        self.root = Node("Document")
        self._parents: list[Node] = [self.root]
        self.total_pages: int | None = None  #: given to the furniture as ``doc.total_pages`` when known
        self.page_count = 0  #: pages of the last build

    @property
    def frame_size(self) -> tuple[float, float]:
        """The width and height flowables are laid out in: the page less the margins and the frame's padding."""
        top, right, bottom, left = self.margins
        width, height = self.pagesize
        return width - left - right - 2 * self.frame_padding, height - top - bottom - 2 * self.frame_padding

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

    def build(self, story: list[Flowable], furniture: Callable[[Canvas, BaseDocTemplate], None] | None = None,
              count_pages: bool = False) -> bytes:
        """Lay out ``story`` and write the tagged file (:meth:`lay_out`, then :meth:`LaidOut.write`)."""
        return self.lay_out(story, furniture, count_pages).write()

    def lay_out(self, story: list[Flowable], furniture: Callable[[Canvas, BaseDocTemplate], None] | None = None,
                count_pages: bool = False) -> LaidOut:
        """Lay out and draw ``story``; ``furniture(canvas, doc)`` draws each page's header/footer as
        pagination artifacts. The file is written only when asked (:meth:`LaidOut.write`), so a
        layout tried and refused costs no writing.

        With ``count_pages`` the furniture finds ``doc.total_pages`` ("Page N of M"): every page
        is held until the story is laid out, then the furniture is drawn on each (the story is
        laid out once). Without it, ``doc.total_pages`` is :attr:`total_pages` as set."""
        log = MarkLog()
        buffer = io.BytesIO()
        top, right, bottom, left = self.margins
        template = BaseDocTemplate(
            buffer, pagesize=self.pagesize, topMargin=top, rightMargin=right, bottomMargin=bottom,
            leftMargin=left, title=self.title, author=self.author, subject=self.subject,
            keywords=self.keywords, creator=self.creator, lang=self.lang,
            initialFontName=self.fonts.regular, invariant=int(self.invariant),
        )

        def draw_furniture(canvas, doc):
            if furniture is not None:
                with canvas.context(PAGINATION):
                    canvas.saveState()
                    furniture(canvas, doc)
                    canvas.restoreState()

        def on_page(canvas, doc):
            if not count_pages:
                doc.total_pages = self.total_pages
                draw_furniture(canvas, doc)

        def finish_page(canvas, pages):
            template.total_pages = self.total_pages = pages
            draw_furniture(canvas, template)

        canvases: list[_UnsavedCanvas] = []

        def canvasmaker(*args, **kwargs):
            canvases.append(_UnsavedCanvas(*args, log=log, finish_page=finish_page if count_pages else None, **kwargs))
            return canvases[-1]

        pad = self.frame_padding
        frame = Frame(left, bottom, template.width, template.height, leftPadding=pad, rightPadding=pad,
                      topPadding=pad, bottomPadding=pad, id="normal")
        template.addPageTemplates([PageTemplate("page", [frame], onPage=on_page)])
        template.build(list(story), canvasmaker=canvasmaker)
        self.page_count = template.page  #: pages of the last layout

        def write() -> bytes:
            canvases[-1].save_now()
            return write_structure(buffer.getvalue(), self.root, log, title=self.title, lang=self.lang)

        return LaidOut(int(template.page), write)


@dataclass(frozen=True)
class LaidOut:
    """A story laid out and drawn, its file not yet written."""

    pages: int
    _write: Callable[[], bytes]

    def write(self) -> bytes:
        """The tagged PDF (written once: call it once)."""
        return self._write()


class _UnsavedCanvas(TaggingCanvas):
    """A canvas that writes its document when :meth:`save_now` says, not when the layout ends."""

    def save(self):
        pass

    def save_now(self):
        super().save()


def text_markup(text: str) -> str:
    """Plain text as ReportLab paragraph markup."""
    return escape(text)


def build_tagged_pdf(story_maker: Callable[[TaggedDocBuilder], list[Flowable]], *, title: str, lang: str,
                     fonts: FontSet, furniture=None, count_pages: bool = False, **options) -> bytes:
    """One call: ``story_maker(builder)`` returns the story made through the builder's methods.

    With ``count_pages`` the furniture finds ``doc.total_pages`` for "Page N of M": it is drawn
    on each page once the story is laid out (once: the pages wait for it).
    """
    builder = TaggedDocBuilder(title=title, lang=lang, fonts=fonts, **options)
    return builder.build(story_maker(builder), furniture, count_pages=count_pages)
