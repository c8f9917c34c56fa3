"""The key figures at a glance: every figure once, as a tile with its caption, grouped.

Tiles stand in columns; a group's label heads its first tile, and a column that opens in the
middle of a group repeats the label as "(continued)". Of the layouts that fit (a number of
columns, a number size), the planner takes the one on the fewest slides, then the largest
numbers, then the shortest columns; the columns are then balanced (the shortest column
height at which the tiles still fit in as many columns), and a slide with room to spare
centres them. Numbers never shrink below the layout's smallest size: more figures continue
on another slide.

Every tile of a slide is set alike: qualifier, number and unit as one line where all of them
fit ("more than 6,500 pounds of fentanyl powder"), else the qualifier and number on a line
and the unit below; the caption (the figure's label) is always a tile's last paragraph.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from publisher.figures import NBSP, figure_parts, figure_text
from publisher.model import Figure
from publisher.render.deck.shapes import (
    CONTENT_W,
    GUTTER,
    LAYOUT,
    MARGIN_X,
    Box,
    Ctx,
    Para,
    Run,
    Shape,
    TextShape,
    available,
    fits_width,
    para,
    text_height,
)
from publisher.sentences import split_sentences
from publisher.spec.deck import FIGURE_TILE, GROUP_LABEL, MIN_LINE_FACTOR

SPEC = LAYOUT.tiles
NUMBER_PITCH = MIN_LINE_FACTOR  #: a number's line height over its size


@dataclass(frozen=True)
class _Item:
    """One tile to place, with the label shown above it (its group's, where it opens one)."""

    key: str
    figure: Figure
    group: str | None  #: the group's name, resolved


@dataclass(frozen=True)
class _Column:
    entries: tuple[tuple[str | None, _Item], ...]  #: (label shown above the tile or None, item)
    height: float


@dataclass(frozen=True)
class _Design:
    columns: int
    number_size: float
    width: float  #: of a column
    inline: bool  #: every tile's qualifier, number and unit on one line
    pages: tuple[tuple[_Column, ...], ...]

    @property
    def tallest(self) -> float:
        return max(c.height for page in self.pages for c in page)


def tile_paras(fig: Figure, number_size: float, fonts, inner: float, label: str,
               inline: bool) -> tuple[Para, ...] | None:
    """The tile's paragraphs at ``number_size`` in ``inner`` points, or None where its number
    (``inline``: qualifier, number and unit) does not fit one line."""
    parts = figure_parts(fig)
    size = SPEC.text_size
    number = Run(parts.number.replace(" ", NBSP), True, "primary")
    pitch = round(number_size * NUMBER_PITCH, 2)
    caption = para(label, size, color="muted", pitch=MIN_LINE_FACTOR)
    qualifier = Run(parts.qualifier + " ", False, "muted") if parts.qualifier else None
    unit = Run(" " + parts.unit, False, "ink") if parts.unit else None
    if inline:
        line = _sized(Para(tuple(r for r in (qualifier, number, unit) if r), number_size, pitch), size, number_size)
        return (line, caption) if text_height([line], fonts, inner) <= pitch + 0.01 else None
    head = _sized(Para(tuple(r for r in (qualifier, number) if r), number_size, pitch), size, number_size)
    paras = [head] if text_height([head], fonts, inner) <= pitch + 0.01 else [
        para(parts.qualifier, size, color="muted", pitch=MIN_LINE_FACTOR),
        Para((number,), number_size, pitch)] if qualifier else [Para((number,), number_size, pitch)]
    if not fits_width(paras[-1:], fonts, inner):
        return None
    if unit:
        paras.append(para(parts.unit, size, pitch=MIN_LINE_FACTOR))
    return tuple(paras) + (caption,)


def _tile_height(ctx: Ctx, item: _Item, size: float, inner: float, inline: bool) -> float | None:
    """A tile's height at ``size`` in ``inner`` points (None: it does not fit), measured once a plan."""
    key = ("tile", item.key, size, inner, inline)
    if key not in ctx.memo:
        paras = tile_paras(item.figure, size, ctx.fonts, inner, ctx.resolve(item.figure.label), inline)
        fits = paras is not None and fits_width(paras, ctx.fonts, inner)
        ctx.memo[key] = text_height(paras, ctx.fonts, inner) + 2 * SPEC.inset if paras is not None and fits else None
    return ctx.memo[key]


def _sized(p: Para, text_size: float, number_size: float) -> Para:
    """Runs other than the number at the text size; the paragraph's size is the number's."""
    if len(p.runs) == 1:
        return p
    return replace(p, runs=tuple(r if r.bold else replace(r, size=text_size) for r in p.runs))


def _label_para(text: str) -> Para:
    return para(text, SPEC.group_label_size, bold=True, color="muted", pitch=MIN_LINE_FACTOR)


def _fill(items: list[_Item], heights: dict[str, float], label_h, limit: float, ctx: Ctx) -> list[_Column] | None:
    """Tiles in order into columns no taller than ``limit`` (greedy: the fewest columns)."""
    columns: list[list[tuple[str | None, _Item]]] = []
    used: list[float] = []
    for i, item in enumerate(items):
        opens = i == 0 or items[i - 1].group != item.group
        label = item.group if opens else None
        need = heights[item.key] + (label_h(label) if label else 0.0)
        if columns and used[-1] + (SPEC.group_gap if label else SPEC.row_gap) + need <= limit:
            used[-1] += (SPEC.group_gap if label else SPEC.row_gap) + need
            columns[-1].append((label, item))
            continue
        if label is None and item.group:
            label = ctx.continued(item.group)
            need += label_h(label)
        if need > limit:
            return None
        columns.append([(label, item)])
        used.append(need)
    return [_Column(tuple(c), h) for c, h in zip(columns, used, strict=True)]


#: the widest a column of tiles is set: a lone tile as wide as the slide reads as a banner
WIDEST = (CONTENT_W - GUTTER) / 2


def _design(ctx: Ctx, items: list[_Item], cols: int, size: float, avail: float,
            balance: bool = False) -> _Design | None:
    width = min(WIDEST, (CONTENT_W - (cols - 1) * GUTTER) / cols)
    inner = width - 2 * SPEC.inset
    heights: dict[str, float] = {}
    inline = all(_tile_height(ctx, i, size, inner, True) is not None for i in items)
    for item in items:
        height = _tile_height(ctx, item, size, inner, inline)
        if height is None:
            return None
        heights[item.key] = height

    def label_h(text: str) -> float:
        key = ("group label", text, width)
        if key not in ctx.memo:
            ctx.memo[key] = text_height([_label_para(text)], ctx.fonts, width) + SPEC.label_gap
        return ctx.memo[key]

    columns = _fill(items, heights, label_h, avail, ctx)
    if columns is None:
        return None
    pages = -(-len(columns) // cols)
    low, high = max(max(heights.values()), 1.0), avail
    while balance and high - low > 1.0:  # balance: the shortest limit that needs no more columns
        middle = (low + high) / 2
        trial = _fill(items, heights, label_h, middle, ctx)
        if trial is not None and -(-len(trial) // cols) == pages:
            high = middle
        else:
            low = middle
    if balance:
        columns = _fill(items, heights, label_h, high, ctx) or columns
    grouped = tuple(tuple(columns[i:i + cols]) for i in range(0, len(columns), cols))
    return _Design(cols, size, width, inline, grouped)


def choose(ctx: Ctx, items: list[_Item], avail: float) -> _Design:
    """The layout of the fewest slides, then the largest numbers, then the shortest columns.

    The fewest slides are those of the smallest numbers; for each number of columns that
    reaches them, the largest size that still does is found by bisection (fewer slides never
    come with larger numbers), and its tiles spread over the columns as evenly as they go.
    Of layouts as good, the one of fewer, wider columns."""
    smallest = SPEC.number_sizes[-1]
    floor = {cols: _design(ctx, items, cols, smallest, avail) for cols in range(1, min(SPEC.columns, len(items)) + 1)}
    reached = [len(d.pages) for d in floor.values() if d is not None]
    if not reached:
        raise ValueError("a figure's number is wider than a slide")
    fewest = min(reached)

    def wins(design: _Design | None) -> bool:
        return design is not None and len(design.pages) == fewest

    found: list[_Design] = []
    for cols, low in floor.items():
        if not wins(low):
            continue
        assert low is not None
        best_here, lo, hi = low, 0, len(SPEC.number_sizes) - 1  # sizes[hi] wins; find the first (largest) that does
        while lo < hi:
            middle = (lo + hi) // 2
            design = _design(ctx, items, cols, SPEC.number_sizes[middle], avail)
            if wins(design):
                assert design is not None
                best_here, hi = design, middle
            else:
                lo = middle + 1
        found.append(_design(ctx, items, cols, best_here.number_size, avail, balance=True) or best_here)
    return min(found, key=lambda d: (len(d.pages), -d.number_size, round(d.tallest)))


def figure_slides(ctx: Ctx) -> list[tuple[str, list[Shape], list[str]]]:
    """The at-a-glance slides: (title, shapes, notes) of each; none for a release without figures."""
    items = [_Item(key, fig, ctx.resolve(group) if group else None)
             for group, members in ctx.release.figure_groups() for key, fig in members]
    if not items:
        return []
    top, avail = available(ctx, ctx.labels.at_a_glance)
    design = choose(ctx, items, avail)
    if len(design.pages) > 1:  # continued: below the longest title a continued slide may get
        top, avail = available(ctx, ctx.labels.at_a_glance + ctx.widest_part)
        design = choose(ctx, items, avail)
    inner = design.width - 2 * SPEC.inset
    prose = [ctx.release.meta.summary] + [block for section in ctx.release.sections for block in section.blocks
                                         if isinstance(block, str)]
    sentences = [sentence for text in prose for sentence in split_sentences(text)]
    out: list[tuple[str, list[Shape], list[str]]] = []
    for n, page in enumerate(design.pages, 1):
        shapes: list[Shape] = []
        notes: list[str] = []
        left = MARGIN_X + (CONTENT_W - len(page) * design.width - (len(page) - 1) * GUTTER) / 2
        for col, column in enumerate(page):
            x = left + col * (design.width + GUTTER)
            y = top
            for i, (label, item) in enumerate(column.entries):
                if i:
                    y += SPEC.group_gap if label else SPEC.row_gap
                if label:
                    p = _label_para(label)
                    h = text_height([p], ctx.fonts, design.width)
                    shapes.append(TextShape(f"{GROUP_LABEL}{label}", Box(x, y, design.width, h), (p,)))
                    notes.append(ctx.labels.lead_in(label))
                    y += h + SPEC.label_gap
                caption = ctx.resolve(item.figure.label)
                paras = tile_paras(item.figure, design.number_size, ctx.fonts, inner, caption, design.inline)
                assert paras is not None
                h = text_height(paras, ctx.fonts, inner) + 2 * SPEC.inset
                shapes.append(TextShape(f"{FIGURE_TILE}{caption}", Box(x, y, design.width, h), paras,
                                        fill="tint", inset=SPEC.inset))
                notes.append(ctx.labels.pair(caption, figure_text(item.figure)) + ".")
                y += h
        shown = [item.key for column in page for _, item in column.entries]
        out.append((ctx.labels.at_a_glance + ctx.part(n, len(design.pages)), shapes, notes + citing(ctx, sentences, shown)))
    return out


def citing(ctx: Ctx, sentences: list[str], keys: list[str]) -> list[str]:
    """Of the release's ``sentences`` (summary first, then the sections' prose), the first that
    says each figure of ``keys``, each once: the full sentences a presenter says them in."""
    out: list[str] = []
    for key in keys:
        first = next((s for s in sentences if "{" + key + "}" in s), None)
        if first is not None and ctx.resolve(first) not in out:
            out.append(ctx.resolve(first))
    return out
