"""The deck's building blocks: slide plans as plain data, the grid, and text measured.

Every text is measured with the theme font's real metrics and with each stand-in a viewer
may get instead (:mod:`.standins`), on a 16:9 grid in points (960 x 540, ``assets/deck.yaml``).
No text is set below 18 pt (titles 28 pt).
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property

from publisher.briefing import BriefingContent, briefing_for
from publisher.document import plain
from publisher.figures import Resolver
from publisher.labels import Labels, load_labels
from publisher.model import Release
from publisher.render.deck.layout import load_layout
from publisher.render.deck.standins import FontSet, line_count, widest_word
from publisher.spec.deck import EMU_PER_PT, MIN_LINE_FACTOR, SLIDE_SIZE

LAYOUT = load_layout()  #: assets/deck.yaml: the grid and the type sizes, as data
SLIDE_W, SLIDE_H = SLIDE_SIZE[0] / EMU_PER_PT, SLIDE_SIZE[1] / EMU_PER_PT  #: points: 960 x 540
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = LAYOUT.margin_x, LAYOUT.margin_top, LAYOUT.margin_bottom
CONTENT_W = SLIDE_W - 2 * MARGIN_X
GUTTER = LAYOUT.gutter
TITLE_SIZES = LAYOUT.title_sizes
BODY_PITCH = LAYOUT.body_pitch


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False
    color: str = "ink"  #: a colour name of the theme
    link: str | None = None
    size: float | None = None  #: where not the paragraph's (a tile's qualifier beside its number)

    @property
    def token(self) -> tuple[str, bool] | tuple[str, bool, float]:
        """What the measuring code reads: text, weight and, where it has one, its own size."""
        return (self.text, self.bold) if self.size is None else (self.text, self.bold, self.size)


@dataclass(frozen=True)
class Para:
    runs: tuple[Run, ...]
    size: float
    pitch: float  #: line height in points (exact line spacing)
    space_before: float = 0.0
    bullet: bool = False
    indent: float = 0.0  #: hanging indent of a bullet, points
    align: str = "l"  #: l | r | ctr

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    w: float
    h: float

    @property
    def bottom(self) -> float:
        return self.y + self.h

    def overlaps(self, other: Box) -> bool:
        return (self.x < other.x + other.w and other.x < self.x + self.w
                and self.y < other.bottom and other.y < self.bottom)


@dataclass(frozen=True)
class TextShape:
    name: str
    box: Box
    paras: tuple[Para, ...]
    fill: str | None = None
    inset: float = 0.0
    anchor: str = "t"  #: t | ctr | b


@dataclass(frozen=True)
class TableShape:
    name: str
    box: Box
    alt: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    col_widths: tuple[float, ...]
    row_heights: tuple[float, ...]  #: header first
    size: float
    inset: float


@dataclass(frozen=True)
class Decoration:
    """Pure decoration (a bar, a rule): drawn last and marked decorative."""

    name: str
    box: Box
    color: str


Shape = TextShape | TableShape | Decoration


@dataclass(frozen=True)
class SlidePlan:
    layout: str  #: "title" (title slide) or "content"
    title: TextShape
    shapes: tuple[Shape, ...]
    notes: str
    background: str = "paper"
    subtitle: TextShape | None = None  #: the title slide's subtitle placeholder
    footer: TextShape | None = None  #: written as the slide's footer placeholder (agency, date)
    number: TextShape | None = None  #: written as the slide's slide-number placeholder (a field)

    @property
    def title_text(self) -> str:
        return " ".join(plain(p.text) for p in self.title.paras)


@dataclass
class Ctx:
    release: Release
    fonts: FontSet
    resolve: Resolver
    refs: dict[str, str] = field(default_factory=dict)
    labels: Labels = field(default_factory=lambda: load_labels("en"))
    bottom: float = SLIDE_H - MARGIN_BOTTOM  #: the content area's foot: above the footer
    memo: dict = field(default_factory=dict)  #: measurements a plan makes more than once

    @cached_property
    def briefing(self) -> BriefingContent:
        """The key points and pull-quotes (:func:`publisher.briefing.briefing_for`), made once."""
        return briefing_for(self.release)

    @property
    def english(self) -> bool:
        return self.labels.language == "en"

    def part(self, n: int, count: int) -> str:
        """' (part two of three)' in the labels' words ('' for one slide); English counts on past twenty."""
        if self.english or count <= 1:
            return part_suffix(n, count)
        return self.labels.part_of(n, count)

    @property
    def widest_part(self) -> str:
        """The widest suffix a continued title gets; content is placed below a title that long."""
        if self.english:
            return WIDEST_SUFFIX
        longest = max(self.labels.counting, key=len)
        return " " + self.labels.part.format(n=longest, count=longest)

    def continued(self, title: str) -> str:
        return self.labels.continued.format(title=title)


# -- text helpers ---------------------------------------------------------------------

def para(text: str, size: float, *, bold=False, color="ink", pitch=BODY_PITCH, before=0.0) -> Para:
    return Para((Run(text, bold, color),), size, round(size * pitch, 2), before)


#: Lines and widest words measured, by the runs, the faces (their id: each is held in
#: :data:`_FACES` while its measures are kept), the size and the width. The planner measures
#: the same paragraph again and again (a tile's caption at every number size tried).
_MEASURED: dict[tuple, float] = {}
_FACES: dict[int, FontSet] = {}
MEASURES_KEPT = 20_000  #: measures kept before they are all let go


def _measure(kind: str, runs: tuple, fonts: FontSet, size: float, width: float = 0.0) -> float:
    key = (kind, runs, id(fonts), size, width)
    found = _MEASURED.get(key)
    if found is not None and _FACES.get(id(fonts)) is fonts:
        return found
    if len(_MEASURED) >= MEASURES_KEPT:
        _MEASURED.clear()
        _FACES.clear()
    tokens = list(runs)
    value = float(line_count(tokens, fonts, size, width) if kind == "lines" else widest_word(tokens, fonts, size))
    if _FACES.setdefault(id(fonts), fonts) is not fonts:  # another set of faces took this id: start again
        _MEASURED.clear()
        _FACES.clear()
        _FACES[id(fonts)] = fonts
    _MEASURED[key] = value
    return value


def text_height(paras: tuple[Para, ...] | list[Para], fonts: FontSet, width: float) -> float:
    total = 0.0
    for p in paras:
        runs = tuple(r.token for r in p.runs)
        total += p.space_before + p.pitch * _measure("lines", runs, fonts, p.size, width - p.indent)
    return total


def fits_width(paras, fonts: FontSet, width: float) -> bool:
    return all(_measure("widest", tuple(r.token for r in p.runs), fonts, p.size) <= width - p.indent
               for p in paras)


def prose_runs(ctx: Ctx, text: str, color: str = "ink") -> tuple[Run, ...]:
    """Prose with its figures (resolved, kept together) set in bold, its identifiers kept together."""
    figures = ctx.release.figures
    return tuple(Run(piece, key in figures, "primary" if key in figures else color)
                 for piece, key in ctx.resolve.pieces(text) if piece)


# -- titles ---------------------------------------------------------------------------

NUMBER_WORDS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
                "fifteen sixteen seventeen eighteen nineteen").split()
TENS_WORDS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
#: The widest suffix a continued title gets; content is placed below a title that long.
WIDEST_SUFFIX = " (part seventeen of eighteen)"


def number_word(n: int) -> str:
    """A count in words: slide titles hold no digits that could be read as figures."""
    if n < 20:
        return NUMBER_WORDS[n]
    if n < 100:
        return TENS_WORDS[n // 10] + (f"-{NUMBER_WORDS[n % 10]}" if n % 10 else "")
    if n < 1000:
        return f"{NUMBER_WORDS[n // 100]} hundred" + (f" {number_word(n % 100)}" if n % 100 else "")
    return f"{number_word(n // 1000)} thousand" + (f" {number_word(n % 1000)}" if n % 1000 else "")


def part_suffix(n: int, count: int) -> str:
    """' (part two of three)' for a slide continued over ``count`` slides; '' for one slide."""
    return f" (part {number_word(n)} of {number_word(count)})" if count > 1 else ""


def title_shape(ctx: Ctx, text: str) -> TextShape:
    for size in TITLE_SIZES:
        p = para(text, size, bold=True, color="primary", pitch=MIN_LINE_FACTOR)
        lines = line_count([(text, True)], ctx.fonts, size, CONTENT_W)
        if lines <= 2 or size == TITLE_SIZES[-1]:
            return TextShape("Title", Box(MARGIN_X, MARGIN_TOP, CONTENT_W, lines * p.pitch), (p,))
    raise AssertionError("unreachable")


def content_top(title: TextShape) -> float:
    return title.box.bottom + LAYOUT.title_gap


def title_rule(title: TextShape) -> Decoration:
    rule = LAYOUT.title_rule
    return Decoration("Accent rule", Box(MARGIN_X, title.box.bottom + rule.gap, rule.width, rule.height), "accent")


def content_slide(ctx: Ctx, title: str, shapes: list[Shape], notes: list[str], centre: bool = False) -> SlidePlan:
    """A titled slide; content laid out below a longer (provisional) title moves up under the
    real one, or with ``centre`` to the middle of the room below it."""
    head = title_shape(ctx, title)
    top = min((s.box.y for s in shapes), default=0.0)
    lift = top - content_top(head)
    if centre and shapes:
        block = max(s.box.bottom for s in shapes) - top
        lift -= max(0.0, (ctx.bottom - content_top(head) - block) / 2)
    if lift:
        shapes = [replace(s, box=replace(s.box, y=s.box.y - lift)) for s in shapes]
    return SlidePlan("content", head, tuple(shapes) + (title_rule(head),), join_notes([title] + notes))


def join_notes(parts: list[str]) -> str:
    return "\n\n".join(plain(p) for p in parts if p)


def available(ctx: Ctx, title: str) -> tuple[float, float]:
    """(top, height) of the content area below a title."""
    top = content_top(title_shape(ctx, title))
    return top, ctx.bottom - top


