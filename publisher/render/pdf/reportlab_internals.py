"""The ReportLab internals the PDF layer relies on, each reached here and nowhere else.

ReportLab has no public hook for marking content while it draws or for where a flowable
stands in its frame; the tagging layer and the large-print layout use these private names.
Each is pinned by one test in ``tests/test_reportlab_internals.py``, named after it, so a
ReportLab release that changes one fails that test (ReportLab is pinned below 5.2 in
pyproject.toml until the tests pass on a newer one).
"""
from __future__ import annotations

from typing import Any, cast

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus import Flowable, Paragraph, Table


class TextObjectHooks(PDFTextObject):
    """ReportLab's text object with the private steps the tagging layer joins, named:

    - ``_formatText(text)``, called for each fragment shown, calls :meth:`showing` first;
    - ``_textOut(text, TStar)``, one line, shows :meth:`line_text` of it instead;
    - ``_setFont(name, size)`` uses :meth:`font_name` of the name;
    - ``_linkRecord(link, event)``, which ``Paragraph`` calls at a link's start and end
      ("start", "end"), calls :meth:`link_event`;
    - :attr:`code` is ``_code``, the operators written so far, and :attr:`canvas` ``_canvas``.
    """

    @property
    def code(self) -> list[str]:
        return cast(list[str], self._code)

    @property
    def canvas(self) -> Canvas:
        return self._canvas

    def showing(self, text: str) -> None:
        """A fragment of text is about to be shown."""

    def line_text(self, text: str, new_line: bool) -> str:
        return text

    def font_name(self, name: str) -> str:
        return name

    def link_event(self, event: str) -> None:
        """A link of a paragraph starts ("start") or ends ("end") at this point of the text."""

    def _formatText(self, text: str) -> Any:
        self.showing(text)
        return super()._formatText(text)

    def _textOut(self, text: str, TStar: int = 0) -> None:
        super()._textOut(self.line_text(text, bool(TStar)), TStar)

    def _setFont(self, psfontname: str, size: float) -> None:
        super()._setFont(self.font_name(psfontname), size)

    def _linkRecord(self, link: object, event: str) -> None:
        self.link_event(event)


def canvas_code(canvas: Canvas) -> list[str]:
    """The operators the canvas has written on the current page (``Canvas._code``)."""
    return cast(list[str], canvas._code)


def page_number(canvas: Canvas) -> int:
    """The 1-based number of the page being drawn (``Canvas._pageNumber``)."""
    return int(canvas._pageNumber)


def initial_font(canvas: Canvas) -> str:
    """The font a canvas starts with (``Canvas._initialFontName``, from ``initialFontName``)."""
    return str(canvas._initialFontName)


def annotation_count(canvas: Canvas) -> int:
    """How many annotations the current page has (``Canvas._annotationrefs``)."""
    return len(canvas._annotationrefs)


def current_matrix(canvas: Canvas) -> tuple[float, float, float, float, float, float]:
    """The canvas's transformation matrix (``Canvas._currentMatrix``)."""
    a, b, c, d, e, f = canvas._currentMatrix
    return (a, b, c, d, e, f)


def hold_page(canvas: Canvas) -> dict[str, Any]:
    """End the page being drawn without adding it to the document, and start the next one: the
    held page is the canvas's state (``vars(canvas)``, ReportLab keeps a page's operators, fonts
    and annotations there) and ``Canvas._startPage`` starts the next page as ``showPage`` does."""
    held = dict(vars(canvas))
    canvas._startPage()
    return held


def resume_page(canvas: Canvas, held: dict[str, Any]) -> None:
    """Make a page :func:`hold_page` held the one being drawn again (then ``showPage`` adds it)."""
    vars(canvas).update(held)


def table_row_count(table: Table) -> int:
    """The rows of a table or of a part it split into, repeated header rows included (``Table._cellvalues``)."""
    return len(table._cellvalues)


def frame_of(flowable: Flowable) -> Any:
    """The frame a flowable is being split in (``_frame``, which ``Frame`` sets), None outside one."""
    return getattr(flowable, "_frame", None)


def frame_at_top(flowable: Flowable) -> bool | None:
    """Whether the frame the flowable is being split in is at the top of its page
    (``Frame._atTop``); None outside a frame."""
    frame = frame_of(flowable)
    return None if frame is None else bool(frame._atTop)


class BelowTheTop:
    """A stand-in frame that is never at the top of its page (for :func:`split_in`)."""

    _atTop = 0


def split_in(flowable: Flowable, width: float, height: float, frame: object) -> list[Flowable]:
    """``flowable.split`` as a frame calls it: with ``_frame`` set (some flowables look at it)."""
    flowable._frame = frame
    try:
        return cast(list[Flowable], flowable.split(width, height))
    finally:
        vars(flowable).pop("_frame", None)


def font_file(font_name: str) -> str:
    """The TrueType file a registered font was read from (``TTFont.face.filename``)."""
    return str(pdfmetrics.getFont(font_name).face.filename)


def font_descent(font_name: str) -> float:
    """A registered font's descent in thousandths of an em (``face.descent``, negative below the baseline)."""
    return float(pdfmetrics.getFont(font_name).face.descent)


def font_table(font_name: str, tag: str) -> bytes | None:
    """A table of a registered TrueType font's file, as bytes (``face.get_table``); None when the file has none."""
    face = pdfmetrics.getFont(font_name).face
    return bytes(face.get_table(tag)) if tag in face.table else None


def font_glyphs(font_name: str) -> dict[int, int]:
    """A registered TrueType font's character map, code point to glyph id (``face.charToGlyph``)."""
    return dict(pdfmetrics.getFont(font_name).face.charToGlyph)


def register_with_glyphs(font_name: str, new_name: str, glyphs: dict[int, int]) -> None:
    """Register the file of the registered TrueType font ``font_name`` again as ``new_name``,
    showing each code point of ``glyphs`` with the glyph id given.

    ReportLab registers one font per face name (``face.name``, the PostScript name it writes
    as the BaseFont), so the new face is named ``<face name>-<suffix of new_name>``; then
    ``face.charToGlyph`` (which glyph its subsets embed) and ``face.charWidths`` (the advance,
    in thousandths of an em, from the glyph's ``face.hmetrics``) change together, so the widths
    the PDF declares are those of the glyphs it embeds."""
    font = TTFont(new_name, font_file(font_name))
    face = font.face
    suffix = "-" + new_name.rsplit("-", 1)[-1]
    face.name = face.name + (suffix.encode("ascii") if isinstance(face.name, bytes) else suffix)
    for code, glyph in glyphs.items():
        face.charToGlyph[code] = glyph
        face.charWidths[code] = face.hmetrics[glyph][0] * 1000 / face.unitsPerEm
    pdfmetrics.registerFont(font)


def font_cap_height(font_name: str) -> float:
    """A registered TrueType font's cap height in thousandths of an em (``face.capHeight``,
    from the OS/2 table; the ascent when the font does not say)."""
    return float(pdfmetrics.getFont(font_name).face.capHeight)


def paragraph_lines(paragraph: Paragraph) -> list[str]:
    """The text of each line of a wrapped paragraph (``blPara.lines``: a simple paragraph's lines
    are (extra space, words), a paragraph of several fonts' are lines of fragments with ``text``)."""
    para = paragraph.blPara
    if para.kind == 0:
        return [" ".join(words) for _, words in para.lines]
    return ["".join(fragment.text for fragment in line.words) for line in para.lines]
