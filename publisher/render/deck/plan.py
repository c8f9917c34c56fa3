"""Release -> slide plans: what goes on which slide, where, and at what size (pure data).

The storyboard: a title slide; the key figures at a glance (tiles, grouped); one or more
slides per section of the release (prose, lists with the figures that name them, one
slide per quote); "By the numbers" as a table; contact and related links.

Every text is measured with the theme font's real metrics (:mod:`.measure`) and laid out
on a 16:9 grid in points (960 x 540). Text never shrinks below 18 pt (titles 28 pt):
what does not fit continues on another slide whose title says so.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from itertools import groupby
from typing import assert_never, cast

from publisher.document import attribution, contact_lines, figure_order, plain
from publisher.drafts import is_draft
from publisher.figures import NBSP, Resolver, date_text, figure_parts, figure_text
from publisher.identifiers import WORD_JOINER
from publisher.labels import Labels, load_labels
from publisher.model import Figure, ListBlock, QuoteBlock, Release
from publisher.render.deck.layout import load_layout
from publisher.render.deck.standins import FontSet, line_count, stand_in_safe, widest_word
from publisher.spec.deck import EMU_PER_PT, MIN_LINE_FACTOR, MIN_TEXT, SLIDE_SIZE

LAYOUT = load_layout()  #: assets/deck.yaml: the grid and the type sizes, as data
SLIDE_W, SLIDE_H = SLIDE_SIZE[0] / EMU_PER_PT, SLIDE_SIZE[1] / EMU_PER_PT  #: points: 960 x 540
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = LAYOUT.margin_x, LAYOUT.margin_top, LAYOUT.margin_bottom
CONTENT_W = SLIDE_W - 2 * MARGIN_X
GUTTER = LAYOUT.gutter
TITLE_SIZES = LAYOUT.title_sizes
BODY_SIZE, BODY_PITCH = LAYOUT.body_size, LAYOUT.body_pitch
TILE_INSET = LAYOUT.tiles.inset
TILE_NUMBER_SIZES = LAYOUT.tiles.number_sizes


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False
    color: str = "ink"  #: a colour name of the theme
    link: str | None = None


@dataclass(frozen=True)
class Para:
    runs: tuple[Run, ...]
    size: float
    pitch: float  #: line height in points (exact line spacing)
    space_before: float = 0.0
    bullet: bool = False
    indent: float = 0.0  #: hanging indent of a bullet, points

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
    extra_top: float = 0.0  #: added to the top inset (aligns tiles without a qualifier)


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

    @property
    def title_text(self) -> str:
        return " ".join(plain(p.text) for p in self.title.paras)


@dataclass
class _Ctx:
    release: Release
    fonts: FontSet
    resolve: Resolver
    refs: dict[str, str] = field(default_factory=dict)
    labels: Labels = field(default_factory=lambda: load_labels("en"))

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


def text_height(paras: tuple[Para, ...] | list[Para], fonts: FontSet, width: float) -> float:
    total = 0.0
    for p in paras:
        runs = [(r.text, r.bold) for r in p.runs]
        total += p.space_before + p.pitch * line_count(runs, fonts, p.size, width - p.indent)
    return total


def fits_width(paras, fonts: FontSet, width: float) -> bool:
    return all(widest_word([(r.text, r.bold) for r in p.runs], fonts, p.size) <= width - p.indent
               for p in paras)


def _prose_runs(ctx: _Ctx, text: str, color: str = "ink") -> tuple[Run, ...]:
    """Prose with its figures (resolved, kept together) set in bold, its identifiers kept together."""
    figures = ctx.release.figures
    return tuple(Run(piece, key in figures, "primary" if key in figures else color)
                 for piece, key in ctx.resolve.pieces(text) if piece)


_SENTENCE_END = re.compile(r"(?<=[.!?”\"])[ \t\r\n]+(?=[A-Z“\"(])")


def sentences(text: str) -> list[str]:
    """Unresolved prose split into sentences (references never contain sentence ends; pass
    text whose identifiers are held with no-break spaces, :meth:`Resolver.held`, to keep
    them whole too: 'P.O. Box 12')."""
    return [s for s in _SENTENCE_END.split(text) if s]


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


def _title_shape(ctx: _Ctx, text: str) -> TextShape:
    for size in TITLE_SIZES:
        p = para(text, size, bold=True, color="primary", pitch=MIN_LINE_FACTOR)
        lines = line_count([(text, True)], ctx.fonts, size, CONTENT_W)
        if lines <= 2 or size == TITLE_SIZES[-1]:
            return TextShape("Title", Box(MARGIN_X, MARGIN_TOP, CONTENT_W, lines * p.pitch), (p,))
    raise AssertionError("unreachable")


def _content_top(title: TextShape) -> float:
    return title.box.bottom + LAYOUT.title_gap


def _title_rule(title: TextShape) -> Decoration:
    rule = LAYOUT.title_rule
    return Decoration("Accent rule", Box(MARGIN_X, title.box.bottom + rule.gap, rule.width, rule.height), "accent")


def _content_slide(ctx: _Ctx, title: str, shapes: list[Shape], notes: list[str]) -> SlidePlan:
    """A titled slide; content laid out below a longer (provisional) title moves up under the real one."""
    head = _title_shape(ctx, title)
    lift = min((s.box.y for s in shapes), default=0.0) - _content_top(head)
    if lift > 0:
        shapes = [replace(s, box=replace(s.box, y=s.box.y - lift)) for s in shapes]
    return SlidePlan("content", head, tuple(shapes) + (_title_rule(head),), _notes([title] + notes))


def _notes(parts: list[str]) -> str:
    return "\n\n".join(plain(p) for p in parts if p)


def _available(ctx: _Ctx, title: str) -> tuple[float, float]:
    """(top, height) of the content area below a title."""
    top = _content_top(_title_shape(ctx, title))
    return top, SLIDE_H - MARGIN_BOTTOM - top


# -- title slide ----------------------------------------------------------------------

def title_slide(ctx: _Ctx) -> SlidePlan:
    meta = ctx.release.meta
    spec = LAYOUT.title_slide
    width = CONTENT_W - 2 * spec.inset
    x = MARGIN_X + spec.inset
    masthead = [meta.agency, ctx.labels.news_release.format(date=date_text(meta.date, meta.language))]
    mast_paras = tuple(para(line, spec.masthead_size, bold=i == 0, color="on_primary", pitch=MIN_LINE_FACTOR)
                       for i, line in enumerate(masthead))
    mast_h = text_height(mast_paras, ctx.fonts, width)
    mast_y = SLIDE_H - spec.masthead_bottom - mast_h
    title_text = ctx.resolve.heading(meta.title)
    sub_text = ctx.resolve.heading(meta.subtitle) if meta.subtitle else None
    top = spec.top
    for t_size, s_size in spec.sizes:
        t_para = para(title_text, t_size, bold=True, color="on_primary", pitch=MIN_LINE_FACTOR)
        t_h = text_height((t_para,), ctx.fonts, width)
        s_paras = (para(sub_text, s_size, color="on_primary", pitch=spec.subtitle_pitch),) if sub_text else ()
        s_h = text_height(s_paras, ctx.fonts, width)
        if top + t_h + spec.subtitle_gap + s_h <= mast_y - spec.clearance and fits_width((t_para,), ctx.fonts, width):
            break
    title = TextShape("Title", Box(x, top, width, t_h), (t_para,))
    subtitle = TextShape("Subtitle", Box(x, top + t_h + spec.subtitle_gap, width, s_h), s_paras) if sub_text else None
    mast = TextShape("Masthead", Box(x, mast_y, width, mast_h), mast_paras)
    bar = Decoration("Accent bar", Box(x, spec.bar.y, spec.bar.width, spec.bar.height), "tint")
    notes = _notes([title_text, sub_text or "", ". ".join(masthead) + ".", ctx.resolve(meta.summary)])
    return SlidePlan("title", title, (mast, bar), notes, background="primary", subtitle=subtitle)


# -- figure tiles ---------------------------------------------------------------------

@dataclass(frozen=True)
class _TileSpec:
    cols: int
    number_size: float
    width: float
    height: float


TILE_TEXT_SIZE = LAYOUT.tiles.text_size


def _tile_paras(fig: Figure, number_size: float) -> tuple[Para, ...]:
    parts = figure_parts(fig)
    unit_size = TILE_TEXT_SIZE
    qual = para(parts.qualifier, unit_size, color="muted", pitch=MIN_LINE_FACTOR) if parts.qualifier else None
    number = para(parts.number.replace(" ", NBSP), number_size, bold=True, color="primary", pitch=MIN_LINE_FACTOR)
    out = [p for p in (qual, number) if p]
    if parts.unit:
        out.append(para(parts.unit, unit_size, color="ink", pitch=MIN_LINE_FACTOR))
    return tuple(out)


def tile_spec(ctx: _Ctx, figures: list[Figure], max_cols: int = 4) -> _TileSpec:
    """The most columns (then the largest number size) at which every figure's number fits one line."""
    any_qualifier = any(figure_parts(f).qualifier for f in figures)
    for cols in range(max_cols, 0, -1):
        width = (CONTENT_W - (cols - 1) * GUTTER) / cols
        inner = width - 2 * TILE_INSET
        for size in TILE_NUMBER_SIZES:
            tiles = [_tile_paras(f, size) for f in figures]
            if all(fits_width(t, ctx.fonts, inner) for t in tiles):
                height = max(text_height(t, ctx.fonts, inner) + _qualifier_gap(f, any_qualifier)
                             for t, f in zip(tiles, figures, strict=True)) + 2 * TILE_INSET
                return _TileSpec(cols, size, width, height)
    raise ValueError("a figure's number is wider than the slide")


def _qualifier_gap(fig: Figure, qualifier_line: bool) -> float:
    """Room left above a number without qualifier, so the numbers of a row align."""
    return TILE_TEXT_SIZE * MIN_LINE_FACTOR if qualifier_line and not figure_parts(fig).qualifier else 0.0


def _tile(fig: Figure, spec: _TileSpec, x: float, y: float, qualifier_line: bool, width=None) -> TextShape:
    return TextShape(f"Figure: {fig.label}", Box(x, y, width or spec.width, spec.height),
                     _tile_paras(fig, spec.number_size), fill="tint", inset=TILE_INSET,
                     extra_top=_qualifier_gap(fig, qualifier_line))


GROUP_LABEL_SIZE = LAYOUT.tiles.group_label_size


def figure_slides(ctx: _Ctx) -> list[tuple[str, list[Shape], list[str]]]:
    """Key figures at a glance: groups flow into rows of tiles; rows fill slides by their real height."""
    groups = ctx.release.figure_groups()
    if not groups:
        return []
    figures = [f for _, members in groups for _, f in members]
    spec = tile_spec(ctx, figures)
    qualifier_line = any(figure_parts(f).qualifier for f in figures)
    top, avail = _available(ctx, ctx.labels.at_a_glance + ctx.widest_part)

    # Rows of (group label or None, group, key, figure) cells: a group starts a new row
    # unless it fits whole in what is left of the current one.
    Cell = tuple[str | None, str | None, str, Figure]
    rows: list[list[Cell]] = []
    for label, members in groups:
        shares = bool(rows) and len(members) <= spec.cols - len(rows[-1])
        for i, (key, fig) in enumerate(members):
            if not rows or (i == 0 and not shares) or len(rows[-1]) == spec.cols:
                rows.append([])
            rows[-1].append((label if i == 0 else None, label, key, fig))

    def spans(row: list[Cell]) -> list[tuple[int, str, float]]:
        """(column, label text, width) of each label shown in the row."""
        out = []
        for col, (label, *_rest) in enumerate(row):
            if label:
                span = 1
                while col + span < len(row) and row[col + span][0] is None:
                    span += 1
                out.append((col, ctx.resolve(label), span * spec.width + (span - 1) * GUTTER))
        return out

    def label_height(row: list[Cell]) -> float:
        heights = [text_height([_group_label(text)], ctx.fonts, width) for _, text, width in spans(row)]
        return max(heights) + LAYOUT.tiles.label_gap if heights else 0.0

    def height(row: list[Cell]) -> float:
        return label_height(row) + spec.height

    slides: list[list[list[Cell]]] = [[]]
    used = 0.0
    for row in rows:
        gap = LAYOUT.tiles.row_gap if slides[-1] else 0.0
        if slides[-1] and used + gap + height(row) > avail:
            slides.append([])
            used, gap = 0.0, 0.0
        if not slides[-1] and row[0][0] is None and row[0][1]:
            row = [(ctx.continued(row[0][1]), *row[0][1:])] + row[1:]
        slides[-1].append(row)
        used += gap + height(row)

    out: list[tuple[str, list[Shape], list[str]]] = []
    count = len(slides)
    for n, slide_rows in enumerate(slides, 1):
        title = ctx.labels.at_a_glance + ctx.part(n, count)
        shapes: list[Shape] = []
        notes: list[str] = []
        y = top
        for row in slide_rows:
            row_label_h = label_height(row)
            labels = {col: (text, width) for col, text, width in spans(row)}
            for col, (_label, _group, _key, fig) in enumerate(row):
                x = MARGIN_X + col * (spec.width + GUTTER)
                if col in labels:
                    text, width = labels[col]
                    shapes.append(TextShape(f"Group: {text}", Box(x, y, width, row_label_h - LAYOUT.tiles.label_gap),
                                            (_group_label(text),)))
                    notes.append(ctx.labels.lead_in(text))
                shapes.append(_tile(fig, spec, x, y + row_label_h, qualifier_line))
                notes.append(figure_text(fig) + f" ({ctx.resolve(fig.label)}).")
            y += row_label_h + spec.height + LAYOUT.tiles.row_gap
        out.append((title, shapes, notes))
    return out


def _group_label(text: str) -> Para:
    return para(text, GROUP_LABEL_SIZE, bold=True, color="muted", pitch=MIN_LINE_FACTOR)


# -- sections -------------------------------------------------------------------------

def _split_sentence(ctx: _Ctx, sentence: str, width: float, avail: float) -> list[str]:
    """The longest run of words of ``sentence`` that fits a slide, then the rest."""
    words_ = sentence.split(" ")
    low, high = 1, len(words_) - 1
    while low < high:
        middle = (low + high + 1) // 2
        candidate = Para(_prose_runs(ctx, " ".join(words_[:middle])), BODY_SIZE,
                         round(BODY_SIZE * BODY_PITCH, 2), 0.0)
        if text_height([candidate], ctx.fonts, width) <= avail:
            low = middle
        else:
            high = middle - 1
    if len(words_) < 2:
        raise ValueError("a single word does not fit one slide")
    return [" ".join(words_[:low]), " ".join(words_[low:])]


def prose_slides(ctx: _Ctx, heading: str, paragraphs: list[str]) -> list[tuple[str, list[Shape], list[str]]]:
    """Paragraphs set at body size; what does not fit continues, split between sentences."""
    top, avail = _available(ctx, heading + ctx.widest_part)
    width = min(CONTENT_W, LAYOUT.measure)
    pages: list[list[Para]] = [[]]
    gap = LAYOUT.paragraph_gap
    for text in paragraphs:
        pending = sentences(ctx.resolve.held(text))
        while pending:
            page = pages[-1]
            before = gap if page else 0.0
            used = text_height(page, ctx.fonts, width)
            taken = 0
            for k in range(len(pending), 0, -1):
                candidate = Para(_prose_runs(ctx, " ".join(pending[:k])), BODY_SIZE,
                                 round(BODY_SIZE * BODY_PITCH, 2), before)
                if used + text_height([candidate], ctx.fonts, width) <= avail:
                    page.append(candidate)
                    taken = k
                    break
            if taken == 0:
                if not page:
                    # One sentence longer than a slide: continue it between words.
                    pending = _split_sentence(ctx, pending[0], width, avail) + pending[1:]
                    continue
                pages.append([])
            pending = pending[taken:]
    out: list[tuple[str, list[Shape], list[str]]] = []
    for n, page in enumerate(pages, 1):
        title = heading + ctx.part(n, len(pages))
        box = TextShape("Body text", Box(MARGIN_X, top, width, text_height(page, ctx.fonts, width)), tuple(page))
        out.append((title, [box], [p.text for p in page]))
    return out


def _related_figures(ctx: _Ctx, heading: str) -> list[tuple[str, Figure]]:
    """Figures whose label names the section heading ("Cases involving social media ...")."""
    needle = " ".join(heading.lower().split())
    return [(k, f) for k, f in ctx.release.figures.items() if needle and needle in " ".join(f.label.lower().split())]


def list_slides(ctx: _Ctx, heading: str, list_keys: list[str],
                topic: str | None = None) -> list[tuple[str, list[Shape], list[str]]]:
    """Named lists side by side in columns, with tiles for the figures the section heading (topic) names."""
    related = _related_figures(ctx, topic or heading)
    top, avail = _available(ctx, heading + ctx.widest_part)
    cols = 4
    col_w = (CONTENT_W - (cols - 1) * GUTTER) / cols
    if related and tile_spec(ctx, [f for _, f in related], max_cols=cols).cols < cols:
        related = []  # a number too wide for a side column: the key-figure slides show it
    tile_cols = 1 if related else 0
    lists = [ctx.release.lists[k] for k in list_keys]
    per_slide = max(1, min(len(lists), cols - tile_cols, 3))
    list_w = (CONTENT_W - tile_cols * (col_w + GUTTER) - (per_slide - 1) * GUTTER) / per_slide
    indent = LAYOUT.lists.indent
    # Each list's paragraphs; a list too long for the slide is cut into parts.
    columns: list[tuple[str, list[Para]]] = []
    for named in lists:
        title = ctx.resolve(named.title)
        head = para(title, LAYOUT.lists.title_size, bold=True, color="primary", pitch=MIN_LINE_FACTOR)
        items = [replace(para(ctx.resolve(i), BODY_SIZE, pitch=MIN_LINE_FACTOR, before=LAYOUT.lists.item_gap),
                         bullet=True, indent=indent)
                 for i in named.items]
        part: list[Para] = [head]
        for item in items:
            if text_height(part + [item], ctx.fonts, list_w) > avail and len(part) > 1:
                columns.append((title, part))
                part = [replace(head, runs=(Run(ctx.continued(title), True, "primary"),))]
            part.append(item)
        columns.append((title, part))
    pages = [columns[i:i + per_slide] for i in range(0, len(columns), per_slide)]
    out: list[tuple[str, list[Shape], list[str]]] = []
    for n, page in enumerate(pages, 1):
        title = heading + ctx.part(n, len(pages))
        shapes: list[Shape] = []
        notes: list[str] = []
        x = MARGIN_X
        if related and n == 1:
            spec = tile_spec(ctx, [f for _, f in related], max_cols=cols)
            y = top
            qualifier_line = any(figure_parts(f).qualifier for _, f in related)
            for _key, fig in related:
                if y + spec.height > top + avail:
                    break
                shapes.append(_tile(fig, spec, x, y, qualifier_line, width=col_w))
                notes.append(f"{figure_text(fig)} ({ctx.resolve(fig.label)}).")
                y += spec.height + GUTTER
        if related:
            x += col_w + GUTTER
        for list_title, paras in page:
            h = text_height(paras, ctx.fonts, list_w)
            shapes.append(TextShape(f"List: {list_title}", Box(x, top, list_w, h), tuple(paras)))
            notes.append(ctx.labels.pair(paras[0].text, "; ".join(p.text for p in paras[1:])) + ".")
            x += list_w + GUTTER
        out.append((title, shapes, notes))
    return out


QUOTE_SIZES = LAYOUT.quotes.sizes


def quote_slides(ctx: _Ctx, heading: str | None, key: str) -> list[tuple[str, list[Shape], list[str]]]:
    quote = ctx.release.quotes[key]
    name = ctx.resolve(f"{quote.honorific} {quote.speaker}" if quote.honorific else quote.speaker)
    base = ctx.labels.pair(heading or ctx.labels.quotes, name)
    top, avail = _available(ctx, base)
    spec = LAYOUT.quotes
    x = MARGIN_X + spec.indent
    width = min(CONTENT_W - spec.indent, LAYOUT.measure)
    byline = para("— " + ctx.resolve(attribution(quote)), spec.byline_size, color="muted", pitch=MIN_LINE_FACTOR,
                  before=spec.byline_gap)
    text = ctx.resolve(quote.text)
    for size in QUOTE_SIZES:
        body = para(ctx.labels.quoted(text), size, pitch=spec.pitch)
        if text_height([body, byline], ctx.fonts, width) <= avail:
            return [(base, _quote_shapes(ctx, [body, byline], x, top, width), [body.text, byline.text])]
    # Too long even at the smallest size: continue between sentences.
    top, avail = _available(ctx, base + ctx.widest_part)
    size = QUOTE_SIZES[-1]
    pages: list[list[str]] = [[]]
    for sentence in sentences(ctx.resolve.held(quote.text)):
        trial = pages[-1] + [sentence]
        body = para(ctx.labels.quoted(ctx.resolve(" ".join(trial))), size, pitch=spec.pitch)
        if pages[-1] and text_height([body, byline], ctx.fonts, width) > avail:
            pages.append([sentence])
        else:
            pages[-1] = trial
    out: list[tuple[str, list[Shape], list[str]]] = []
    for n, page in enumerate(pages, 1):
        opening = ctx.labels.quote_open if n == 1 else "…"
        closing = ctx.labels.quote_close if n == len(pages) else "…"
        body = para(opening + ctx.resolve(" ".join(page)) + closing, size, pitch=spec.pitch)
        paras = [body, byline] if n == len(pages) else [body]
        out.append((base + ctx.part(n, len(pages)), _quote_shapes(ctx, paras, x, top, width), [p.text for p in paras]))
    return out


def _quote_shapes(ctx: _Ctx, paras: list[Para], x: float, top: float, width: float) -> list[Shape]:
    h = text_height(paras, ctx.fonts, width)
    return [TextShape("Quotation", Box(x, top, width, h), tuple(paras)),
            Decoration("Quote bar", Box(MARGIN_X, top + 4.0, LAYOUT.quotes.bar_width, h - 8.0), "accent")]


def section_slides(ctx: _Ctx) -> list[tuple[str, list[Shape], list[str]]]:
    out: list[tuple[str, list[Shape], list[str]]] = []
    for index, section in enumerate(ctx.release.sections):
        heading = ctx.resolve.heading(section.heading) if section.heading else None
        used = False  # whether a slide already carries the bare heading
        for _kind, group in groupby(section.blocks, key=type):
            run = list(group)
            title = heading or (ctx.labels.overview if index == 0 else ctx.labels.details)
            match run[0]:
                case QuoteBlock():
                    for block in run:
                        out += quote_slides(ctx, heading, cast(QuoteBlock, block).quote)
                    continue
                case ListBlock():
                    keys = [cast(ListBlock, block).list for block in run]
                    if used:
                        names = [ctx.resolve(ctx.release.lists[key].title) for key in keys]
                        title = ctx.labels.pair(title, ctx.labels.joined(names) if len(names) < 3 else ctx.labels.lists)
                    out += list_slides(ctx, title, keys, heading)
                case str():
                    out += prose_slides(ctx, title, [cast(str, block) for block in run])
                case _:
                    assert_never(run[0])
            used = True
    return out


# -- table and contact ----------------------------------------------------------------

def table_slides(ctx: _Ctx) -> list[tuple[str, list[Shape], list[str]]]:
    figures = [ctx.release.figures[key] for key in figure_order(ctx.release)]
    if not figures:
        return []
    size, inset = LAYOUT.table.size, LAYOUT.table.inset
    pitch = round(size * MIN_LINE_FACTOR, 2)
    header = (ctx.labels.measure, ctx.labels.figure)
    widths = (CONTENT_W * 0.5, CONTENT_W * 0.5)
    rows = [(ctx.resolve(f.label), figure_text(f).replace(" ", NBSP) if len(figure_text(f)) < 28 else figure_text(f))
            for f in figures]

    def row_height(cells, bold=False) -> float:
        lines = max(line_count([(c, bold)], ctx.fonts, size, w - 2 * inset) for c, w in zip(cells, widths, strict=True))
        return lines * pitch + 2 * inset

    top, avail = _available(ctx, ctx.labels.by_the_numbers + ctx.widest_part)
    head_h = row_height(header, True)
    pages: list[list[tuple[tuple[str, str], float]]] = [[]]
    used = head_h
    for cells in rows:
        h = row_height(cells)
        if pages[-1] and used + h > avail:
            pages.append([])
            used = head_h
        pages[-1].append((cells, h))
        used += h
    out: list[tuple[str, list[Shape], list[str]]] = []
    for n, page in enumerate(pages, 1):
        title = ctx.labels.by_the_numbers + ctx.part(n, len(pages))
        heights = (head_h,) + tuple(h for _, h in page)
        table = TableShape(
            "Table: key figures", Box(MARGIN_X, top, CONTENT_W, sum(heights)),
            ctx.labels.pair(ctx.labels.key_figures, f"{header[0]}, {header[1]}"),
            header, tuple(c for c, _ in page), widths, heights, size, inset)
        notes = [ctx.labels.pair(header[0], header[1]) + "."]
        notes += [ctx.labels.pair(plain(a), plain(b)) + "." for (a, b), _ in page]
        out.append((title, [table], notes))
    return out


LINK_SIZES = LAYOUT.contact.link_sizes


def _link_size(ctx: _Ctx, text: str) -> float:
    """The largest size at which a link's text fits one line with any stand-in font: LibreOffice
    draws a hyperlink as one field, which it breaks only between letters ('indictmen / ts')."""
    for size in LINK_SIZES:
        if widest_word([(text.replace(" ", NBSP), False)], ctx.fonts, size) <= CONTENT_W:
            return size
    return LINK_SIZES[0]


def contact_slide(ctx: _Ctx) -> list[tuple[str, list[Shape], list[str]]]:
    """Contact lines, then related links with their descriptive text, full width (long link texts)."""
    spec = LAYOUT.contact
    lines = [piece for line in contact_lines(ctx.release, ctx.labels)
             for piece in _address_lines(line, ctx.fonts, spec.size, CONTENT_W)]
    title = ctx.labels.contact_and_links if ctx.release.links else ctx.labels.contact
    top, avail = _available(ctx, title)
    paras = [para(line, spec.size, bold=i == 0, color="primary" if i == 0 else "ink", pitch=spec.pitch,
                  before=0 if i == 0 else spec.line_gap)
             for i, line in enumerate(lines)]
    contact_h = text_height(paras, ctx.fonts, CONTENT_W)
    shapes: list[Shape] = [TextShape("Contact", Box(MARGIN_X, top, CONTENT_W, contact_h), tuple(paras))]
    notes = [". ".join(lines) + "."]
    if not ctx.release.links:
        return [(title, shapes, notes)]
    out = []
    chunk: list[Para] = [para(ctx.labels.related_links, spec.size, bold=True, color="primary", pitch=spec.pitch)]
    notes.append(ctx.labels.lead_in(ctx.labels.related_links))
    y, bottom = top + contact_h + spec.links_gap, top + avail
    for link in ctx.release.links:
        text = ctx.resolve(link.text)
        size = _link_size(ctx, text)
        entry = Para((Run(text, False, "accent", link.url),), size, size * spec.link_pitch, spec.link_gap)
        if y + text_height(chunk + [entry], ctx.fonts, CONTENT_W) > bottom:  # continue on a "Related links" slide
            if any(p.runs[0].link for p in chunk):
                shapes.append(TextShape("Related links", Box(MARGIN_X, y, CONTENT_W,
                                                             text_height(chunk, ctx.fonts, CONTENT_W)), tuple(chunk)))
            out.append((title, shapes, notes))
            title, shapes, notes, chunk = ctx.labels.related_links, [], [ctx.labels.lead_in(ctx.labels.related_links)], []
            y, height = _available(ctx, title + ctx.widest_part)
            bottom = y + height
        chunk.append(entry)
        notes.append(ctx.labels.pair(text, link.url))
    shapes.append(TextShape("Related links", Box(MARGIN_X, y, CONTENT_W, text_height(chunk, ctx.fonts, CONTENT_W)),
                            tuple(chunk)))
    out.append((title, shapes, notes))
    return out


def _address_lines(line: str, fonts: FontSet, size: float, width: float) -> list[str]:
    """``line`` as it fits ``width``: a web address wider than the slide broken after a '/' (or
    other URL punctuation), each piece on its own line, every character kept."""
    words = line.split(" ")
    if widest_word([(line, False)], fonts, size) <= width or not any("://" in w for w in words):
        return [line]
    width *= 0.95  # a piece that only just fits may wrap once more where the viewer's metrics differ
    out, current = [], ""
    for ch in line:
        if widest_word([(current + ch, False)], fonts, size) > width and current:
            cut = max(current.rfind(p) for p in "/?&=-._~# ") + 1
            cut = cut if cut > 0 else len(current)
            out.append(current[:cut].rstrip())
            current = current[cut:].lstrip()
        current += ch
    return out + [current]


# -- the whole deck -------------------------------------------------------------------

def unique_titles(titles: list[str]) -> list[str]:
    """Repeated titles get ' (part two)', ' (part three)'... (compared trimmed and case-insensitive)."""
    seen: dict[str, int] = {}
    out = []
    for title in titles:
        key = plain(title).strip().casefold()
        seen[key] = seen.get(key, 0) + 1
        out.append(title if seen[key] == 1 else f"{title} (part {number_word(seen[key])})")
    return out


def plan(release: Release, theme) -> list[SlidePlan]:
    """The whole storyboard, laid out and measured."""
    resolve = Resolver(release, keep_together=True, joiner=WORD_JOINER)  # LibreOffice breaks after '-', '/'
    ctx = _Ctx(release, stand_in_safe(theme), resolve, resolve.texts, theme.labels_for(release.language))
    first = title_slide(ctx)
    contents = figure_slides(ctx) + section_slides(ctx) + table_slides(ctx) + contact_slide(ctx)
    titles = unique_titles([first.title_text] + [title for title, _, _ in contents])[1:]
    slides = [first] + [_content_slide(ctx, title, shapes, notes)
                        for title, (_, shapes, notes) in zip(titles, contents, strict=True)]
    return [_draft_marked(slide, release.meta.release_type) for slide in slides] if is_draft(release) else slides


def _draft_marked(slide: SlidePlan, line: str) -> SlidePlan:
    """The slide with the draft line in its bottom margin, below everything else, read after the title."""
    color = "on_primary" if slide.background == "primary" else "primary"
    x = slide.title.box.x  # the title slide's text is inset from the margin
    mark = TextShape("Draft mark", Box(x, SLIDE_H - MARGIN_BOTTOM + 6.0, SLIDE_W - MARGIN_X - x, MARGIN_BOTTOM - 10.0),
                     (para(line, MIN_TEXT, bold=True, color=color, pitch=MIN_LINE_FACTOR),))
    return replace(slide, shapes=(mark,) + slide.shapes, notes=f"{line}.\n\n{slide.notes}")
