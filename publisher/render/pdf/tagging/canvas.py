"""Drawing: a canvas and text objects that mark what they paint as tagged content or artifact."""
from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext

from reportlab.pdfbase.pdfmetrics import standardFonts
from reportlab.pdfgen.canvas import Canvas

from publisher.render.pdf.reportlab_internals import (
    TextObjectHooks,
    annotation_count,
    canvas_code,
    hold_page,
    initial_font,
    page_number,
    resume_page,
)
from publisher.render.pdf.tagging.structure import LAYOUT, PAGINATION, AnnotationRef, Artifact, MarkedContent, MarkLog, Node


class TaggedTextObject(TextObjectHooks):
    """A text object whose content is one marked sequence inside ``BT ... ET``.

    Every line it shows ends with a space, so text read from the tags keeps the word break
    that ReportLab's line breaking removes. Links inside a paragraph become ``Link``
    elements of their own.
    """

    _tag_opening: str | None = None  #: the BDC operator once allocated ("" when not marked)
    _tag_node: Node | None = None
    _open_link: Node | None = None
    _last_text = ""

    def _ensure_mark(self) -> None:
        if self._tag_opening is None:
            canvas = self.canvas
            self._tag_opening, self._tag_node = canvas._text_mark() if isinstance(
                canvas, TaggingCanvas) else ("", None)

    def setFont(self, psfontname, size, leading=None):
        super().setFont(_embedded(self.canvas, psfontname), size, leading)

    def font_name(self, name: str) -> str:
        return _embedded(self.canvas, name)

    def showing(self, text: str) -> None:
        if self._tag_opening is None:
            self._ensure_mark()
        self._last_text = text
        canvas = self.canvas
        if self._open_link is not None and isinstance(canvas, TaggingCanvas):
            canvas._link_text.setdefault(id(self._open_link), []).append(text)

    def line_text(self, text: str, new_line: bool) -> str:
        return text + " " if new_line and not text.endswith(" ") else text

    def link_event(self, event: str) -> None:
        self._ensure_mark()
        canvas, code = self.canvas, self.code
        if self._tag_node is None or not isinstance(canvas, TaggingCanvas):
            return
        if event == "start":
            # ReportLab reports a link's start after showing its first fragment: move that one.
            last = code.pop() if len(code) > 1 else None
            node = self._tag_node.add("Link")
            canvas._open_links.append(node)
            canvas._link_text[id(node)] = [self._last_text]
            self._open_link = node
            code += ["EMC", canvas._open_mark(node)]
            if last is not None:
                code.append(last)
        elif event == "end":
            self._open_link = None
            code += ["EMC", canvas._open_mark(self._tag_node)]

    def getCode(self):
        if self._tag_opening:
            self.code.insert(1, self._tag_opening)
            self.code.append("EMC")
        return super().getCode()


def _embedded(canvas: Canvas, font_name: str) -> str:
    """A standard-14 font name (never embedded) replaced by the canvas's initial embedded font."""
    if font_name in standardFonts and isinstance(canvas, TaggingCanvas):
        return initial_font(canvas)
    return font_name


def _marked_painting(name: str):
    base = getattr(Canvas, name)

    def method(self, *args, **kwargs):
        if self._depth:
            return base(self, *args, **kwargs)
        top = self._stack[-1] if self._stack else LAYOUT
        canvas_code(self).append(self._artifact_operator(top if isinstance(top, Artifact) else LAYOUT))
        self._depth += 1
        try:
            return base(self, *args, **kwargs)
        finally:
            self._depth -= 1
            canvas_code(self).append("EMC")

    method.__name__ = name
    method.__doc__ = base.__doc__
    return method


class TaggingCanvas(Canvas):
    """A canvas that marks everything it paints as tagged content or as an artifact.

    The drawing context is a stack of :class:`Node` (real content) and :class:`Artifact`
    (furniture); :meth:`context` pushes one. Text takes the context on top; with an empty
    stack it is an artifact. Other painting is an artifact unless inside :meth:`mark`.
    """

    def __init__(self, *args, log: MarkLog | None = None,
                 finish_page: Callable[[TaggingCanvas, int], None] | None = None, **kwargs):
        self.log = log if log is not None else MarkLog()
        #: with ``finish_page``, every page is held until the document is saved, then
        #: ``finish_page(canvas, pages)`` draws on each (furniture that says "Page N of M")
        self._finish_page = finish_page
        self._held: list[dict] = []
        self._stack: list[Node | Artifact] = []
        self._depth = 0  #: open marked-content sequences
        self._mcid = 0
        self._open_links: list[Node] = []
        self._link_text: dict[int, list[str]] = {}  #: Link node id -> the text shown in it
        super().__init__(*args, **kwargs)

    @property
    def page_index(self) -> int:
        return page_number(self) - 1

    def showPage(self):
        if self._finish_page is not None:
            self._held.append(hold_page(self))
        else:
            super().showPage()
        self._mcid = 0

    def save(self):
        finish, held = self._finish_page, self._held
        if finish is not None:
            for state in held:
                resume_page(self, state)  # the held state holds _finish_page too: the page is shown now
                self._finish_page = None
                finish(self, len(held))
                self.showPage()
        self._held = []
        super().save()

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

    def artifact(self, artifact: Artifact = LAYOUT) -> AbstractContextManager[None]:
        """One artifact sequence around what is drawn inside (no tagged content may be in it)."""
        return self._sequence(self._artifact_operator(artifact), artifact)

    def mark(self, node: Node) -> AbstractContextManager[None]:
        """One marked sequence for ``node`` around everything drawn inside (figures)."""
        return self._sequence(self._open_mark(node), node)

    @contextmanager
    def _sequence(self, opening: str, item: Node | Artifact) -> Iterator[None]:
        canvas_code(self).append(opening)
        self._depth += 1
        with self.context(item):
            try:
                yield
            finally:
                self._depth -= 1
                canvas_code(self).append("EMC")

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
        ref = AnnotationRef(self.page_index, annotation_count(self) - 1, contents)
        node.kids.append(ref)
        self.log.annotations.append((ref, node))

    for _name in ("line", "lines", "grid", "bezier", "arc", "rect", "ellipse", "wedge", "circle",
                  "roundRect", "drawPath", "drawImage", "drawInlineImage", "doForm", "shade",
                  "linearGradient", "radialGradient"):
        locals()[_name] = _marked_painting(_name)
    del _name


def _drawing_context(canvas, item):
    return canvas.context(item) if isinstance(canvas, TaggingCanvas) else nullcontext()
