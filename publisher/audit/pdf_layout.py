"""A tagged PDF as laid out: every structure element with the glyphs it shows, and what each
page paints, read back for the audits that hold a layout to its rules (the fact sheet's grid
and figure table, the large print's quotes, lists and pages).

Glyphs come from :mod:`publisher.audit.pdf_glyphs`, each with the marked-content id it is
drawn in; the ParentTree ties a page's MCID to its structure element
(:class:`~publisher.audit.pdf_document.PdfDocument`). Painted shapes (filled and stroked paths,
images) come from :class:`_Painter`, a small interpreter of the graphics state. A line is the
glyphs of one baseline; words are told apart by the gaps between glyphs, as spaces print
nothing.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from operator import attrgetter
from pathlib import Path
from typing import NamedTuple

import pikepdf

from publisher.audit import Finding
from publisher.audit.pdf_document import PdfDocument
from publisher.audit.pdf_glyphs import Glyph, Unreadable, _instructions, _multiply, display_matrix, glyphs_of

HEADINGS = frozenset("H H1 H2 H3 H4 H5 H6".split())
WORD_GAP = 0.2  #: ems between two glyphs that make them two words
SAME_LINE = 0.3  #: ems two baselines may differ by and still be one line
FORM_DEPTH = 32
_BASELINE, _X0 = attrgetter("baseline"), attrgetter("x0")


class Placed(NamedTuple):
    page: int  #: 0-based
    glyph: Glyph


@dataclass(eq=False)
class Block:
    """A structure element with the glyphs of its own marked content, in the order drawn."""

    role: str  #: its standard structure type ("" when it maps to none)
    index: int  #: its place in document order
    parent: Block | None = None
    kids: list[Block] = field(default_factory=list)
    own: list[Placed] = field(default_factory=list)
    _lines: list[Line] | None = field(default=None, repr=False)

    def placed(self) -> list[Placed]:
        """Its glyphs and those of every element inside it."""
        out = list(self.own)
        for kid in self.kids:
            out += kid.placed()
        return out

    def lines(self) -> list[Line]:
        """Its glyphs and its kids' in lines (:func:`lines_of`), read once."""
        if self._lines is None:
            self._lines = lines_of(self.placed())
        return self._lines

    def walk(self) -> Iterator[Block]:
        yield self
        for kid in self.kids:
            yield from kid.walk()

    def within(self, role: str) -> Block | None:
        """The nearest element around it of ``role``."""
        node = self.parent
        while node is not None and node.role != role:
            node = node.parent
        return node

    def text(self) -> str:
        return " ".join(line.text for line in self.lines())


class Line(NamedTuple):
    """The glyphs of one baseline on one page, left to right."""

    page: int
    baseline: float
    glyphs: tuple[Glyph, ...]

    @property
    def x0(self) -> float:
        return self.glyphs[0].x0

    @property
    def x1(self) -> float:
        return max(g.x1 for g in self.glyphs)

    @property
    def top(self) -> float:
        return max(g.y1 for g in self.glyphs)

    @property
    def bottom(self) -> float:
        return min(g.y0 for g in self.glyphs)

    @property
    def words(self) -> list[list[Glyph]]:
        """The glyphs in words: a gap of more than :data:`WORD_GAP` ems starts a new one."""
        words: list[list[Glyph]] = [[self.glyphs[0]]]
        for before, glyph in zip(self.glyphs, self.glyphs[1:], strict=False):
            if glyph.x0 - before.x1 > WORD_GAP * max(before.size, glyph.size):
                words.append([glyph])
            else:
                words[-1].append(glyph)
        return words

    @property
    def text(self) -> str:
        return " ".join("".join(g.text for g in word) for word in self.words)


def lines_of(placed: Iterable[Placed]) -> list[Line]:
    """Glyphs grouped into lines: page by page, top to bottom; a glyph joins the line whose
    first baseline is within :data:`SAME_LINE` ems of its own."""
    by_page: dict[int, list[Glyph]] = {}
    for page, glyph in placed:
        by_page.setdefault(page, []).append(glyph)
    lines: list[Line] = []
    for page in sorted(by_page):
        glyphs = sorted(by_page[page], key=_BASELINE, reverse=True)
        row, top = [glyphs[0]], glyphs[0].baseline
        for glyph in glyphs[1:]:
            size = glyph.size
            if top - glyph.baseline <= SAME_LINE * (size if size > 1.0 else 1.0):
                row.append(glyph)
            else:
                row.sort(key=_X0)
                lines.append(Line(page, top, tuple(row)))
                row, top = [glyph], glyph.baseline
        row.sort(key=_X0)
        lines.append(Line(page, top, tuple(row)))
    return lines


def baselines(glyphs: Iterable[Glyph]) -> int:
    """How many lines the glyphs stand on (baselines more than :data:`SAME_LINE` ems apart)."""
    count, top = 0, None
    for glyph in sorted(glyphs, key=_BASELINE, reverse=True):
        if top is None or top - glyph.baseline > SAME_LINE * max(glyph.size, 1.0):
            count, top = count + 1, glyph.baseline
    return count


@dataclass(frozen=True)
class Shape:
    """A painted path or image: its box, how it was painted, and whether it is white (unseen on paper)."""

    x0: float
    y0: float
    x1: float
    y1: float
    kind: str  #: "fill", "stroke" or "image"
    white: bool = False


@dataclass
class Page:
    box: tuple[float, float, float, float]  #: the page as displayed, lower left corner at the origin
    glyphs: list[Glyph]
    shapes: list[Shape]

    @property
    def width(self) -> float:
        return self.box[2] - self.box[0]

    @property
    def height(self) -> float:
        return self.box[3] - self.box[1]


@dataclass
class Layout:
    name: str
    pages: list[Page]
    blocks: list[Block]  #: every structure element, in document order
    subject: str  #: the document information's /Subject ("" when it has none)

    def roles(self, *roles: str) -> list[Block]:
        return [block for block in self.blocks if block.role in roles]


READ_ERRORS = (Unreadable, pikepdf.PdfError, OSError, ValueError, KeyError, TypeError, AttributeError, IndexError,
               ArithmeticError, RecursionError)  #: what reading a malformed file may raise


def audited_layout(path: Path, format_name: str) -> tuple[list[Finding], Layout | None]:
    """The PDF audit's findings about the file at ``path``, and its layout: None when the file is
    unreadable (with a ``<format_name>.unreadable`` finding when only its layout is)."""
    from publisher.audit import pdf as pdf_audit

    findings = pdf_audit.audit(path)
    if any(f.rule == "pdf.unreadable" for f in findings):
        return findings, None
    try:
        return findings, read_layout(path)
    except READ_ERRORS as exc:
        return findings + [Finding(path.name, "file", f"{format_name}.unreadable", f"cannot read the layout: {exc}")], None


def read_layout(path: Path) -> Layout:
    """The layout of the PDF at ``path`` (see the module docstring). Raises what the glyph
    reader and pikepdf raise on a file they cannot read."""
    with pikepdf.open(path) as pdf:
        doc = PdfDocument(pdf, Path(path).name, path)
        blocks: dict[tuple[int, int], Block] = {}
        ordered: list[Block] = []
        for element in doc.elements:
            block = Block(element.standard or "", element.index)
            if element.parent is not None:
                parent = blocks[element.parent.obj.objgen]
                block.parent = parent
                parent.kids.append(block)
            blocks[element.obj.objgen] = block
            ordered.append(block)
        pages: list[Page] = []
        painter = _Painter(pdf)
        for index, (page, (box, glyphs)) in enumerate(zip(pdf.pages, glyphs_of(pdf), strict=True)):
            key = page.obj.get("/StructParents")
            key = int(key) if isinstance(key, int) else None
            owners: dict[int, Block | None] = {}
            for glyph in glyphs:
                mcid = glyph.mcid
                if mcid is None:
                    continue
                if mcid not in owners:
                    found = doc.element_for(key, mcid)
                    owners[mcid] = blocks.get(found.objgen) if found is not None else None
                owner = owners[mcid]
                if owner is not None:
                    owner.own.append(Placed(index, glyph))
            pages.append(Page(box, glyphs, painter.page(page)))
        subject = pdf.docinfo.get("/Subject")
        return Layout(Path(path).name, pages, ordered, str(subject) if subject is not None else "")


_PAINTING = "q Q cm w re m l c v y h f F f* B B* b b* S s n rg RG g G k K sc scn SC SCN cs CS Do"
_FILLS = frozenset(("f", "F", "f*", "B", "B*", "b", "b*"))
_STROKES = frozenset(("S", "s", "B", "B*", "b", "b*"))


def _numbers(operands) -> list[float]:
    return [float(v) for v in operands if isinstance(v, (int, float, Decimal)) and not isinstance(v, bool)]


def _white(colour: list[float], cmyk: bool) -> bool:
    if cmyk or len(colour) == 4:
        return bool(colour) and all(v <= 0.01 for v in colour)
    return bool(colour) and all(v >= 0.99 for v in colour)


class _Painter:
    """What a page paints: the box of every filled or stroked path and every image, in the
    page's displayed space (ISO 32000-1, 8.4 to 8.9: graphics state, paths, colour, XObjects)."""

    def __init__(self, pdf: pikepdf.Pdf) -> None:
        self.pdf = pdf

    def page(self, page: pikepdf.Page) -> list[Shape]:
        ctm, _, _ = display_matrix(page)
        shapes: list[Shape] = []
        if "/Contents" in page.obj:
            self.run(page.obj, page.obj.get("/Resources"), ctm, shapes, 0, set())
        return shapes

    def run(self, container, resources, ctm, shapes: list[Shape], depth: int, active: set) -> None:
        resources = resources if isinstance(resources, pikepdf.Dictionary) else pikepdf.Dictionary()
        stack: list[tuple] = []
        fill: list[float] = [0.0]
        stroke: list[float] = [0.0]
        width = 1.0
        points: list[tuple[float, float]] = []

        def point(x: float, y: float) -> None:
            a, b, c, d, e, f = ctm
            points.append((a * x + c * y + e, b * x + d * y + f))

        for instruction in _instructions(self.pdf, container, _PAINTING):
            op, operands = str(instruction.operator), instruction.operands
            try:
                if op == "q":
                    stack.append((ctm, fill, stroke, width))
                elif op == "Q":
                    if stack:
                        ctm, fill, stroke, width = stack.pop()
                elif op == "cm":
                    ctm = _multiply(tuple(_numbers(operands)), ctm)
                elif op == "w":
                    width = _numbers(operands)[0]
                elif op in ("rg", "g", "k", "sc", "scn"):
                    fill = _numbers(operands) or fill
                elif op in ("RG", "G", "K", "SC", "SCN"):
                    stroke = _numbers(operands) or stroke
                elif op == "cs":
                    fill = [0.0]
                elif op == "CS":
                    stroke = [0.0]
                elif op == "re":
                    x, y, w, h = _numbers(operands)
                    for px, py in ((x, y), (x + w, y), (x, y + h), (x + w, y + h)):
                        point(px, py)
                elif op in ("m", "l", "c", "v", "y"):
                    values = _numbers(operands)
                    for i in range(0, len(values) - 1, 2):
                        point(values[i], values[i + 1])
                elif op in _FILLS or op in _STROKES or op == "n":
                    if points and op != "n":
                        xs, ys = [p[0] for p in points], [p[1] for p in points]
                        grow = width * (abs(ctm[0]) + abs(ctm[1]) + abs(ctm[2]) + abs(ctm[3])) / 4 / 2
                        if op in _FILLS:
                            shapes.append(Shape(min(xs), min(ys), max(xs), max(ys), "fill", _white(fill, op == "k")))
                        if op in _STROKES:
                            shapes.append(Shape(min(xs) - grow, min(ys) - grow, max(xs) + grow, max(ys) + grow,
                                                "stroke", _white(stroke, False)))
                    points = []
                elif op == "Do":
                    self.draw(resources, operands[0], ctm, shapes, depth, active)
            except (TypeError, ValueError, IndexError, ArithmeticError):
                continue  # an operator with operands it cannot have is skipped, as a viewer does

    def draw(self, resources, name, ctm, shapes: list[Shape], depth: int, active: set) -> None:
        """An XObject: an image fills the unit square; a form is run with its own matrix."""
        xobjects = resources.get("/XObject")
        xobject = xobjects.get(str(name)) if isinstance(xobjects, pikepdf.Dictionary) else None
        if not isinstance(xobject, pikepdf.Stream):
            return
        if xobject.get("/Subtype") == "/Image":
            a, b, c, d, e, f = ctm
            xs = [e, a + e, c + e, a + c + e]
            ys = [f, b + f, d + f, b + d + f]
            shapes.append(Shape(min(xs), min(ys), max(xs), max(ys), "image"))
        elif xobject.get("/Subtype") == "/Form" and xobject.objgen not in active and depth < FORM_DEPTH:
            matrix = xobject.get("/Matrix")
            numbers = _numbers(matrix) if isinstance(matrix, pikepdf.Array) else []
            own = xobject.get("/Resources")
            active.add(xobject.objgen)
            try:
                self.run(xobject, own if isinstance(own, pikepdf.Dictionary) else resources,
                         _multiply(tuple(numbers) if len(numbers) == 6 else (1.0, 0.0, 0.0, 1.0, 0.0, 0.0), ctm),
                         shapes, depth + 1, active)
            finally:
                active.discard(xobject.objgen)
