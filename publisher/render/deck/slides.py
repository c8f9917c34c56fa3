"""The slides of a briefing other than the figures at a glance, each as (title, shapes, notes).

Key points, lists, pull-quotes, contact and links, and the appendix table of every figure.
The notes are talking points: what the slide shows, and what the presenter says around it
(the full quotes, the release's prose).
"""
from __future__ import annotations

from dataclasses import replace

from publisher.document import attribution, contact_lines, figure_order, plain
from publisher.figures import NBSP, date_text, figure_text
from publisher.render.deck.shapes import (
    CONTENT_W,
    GUTTER,
    LAYOUT,
    MARGIN_X,
    SLIDE_H,
    Box,
    Ctx,
    Decoration,
    Para,
    Run,
    Shape,
    SlidePlan,
    TableShape,
    TextShape,
    available,
    fits_width,
    join_notes,
    para,
    prose_runs,
    text_height,
)
from publisher.render.deck.standins import FontSet, line_count, widest_word
from publisher.spec.deck import (
    APPENDIX_TABLE,
    BYLINE,
    BYLINE_DASH,
    KEY_POINT,
    MAX_FRAME_WORDS,
    MIN_LINE_FACTOR,
    PULL_QUOTE,
    frame_word_count,
)

Slide = tuple[str, list[Shape], list[str]]  #: title, shapes, notes
#: the fewest figures that get the appendix table: fewer stand in full on the at-a-glance
#: slide, and a table of one or two rows would only repeat it
MIN_APPENDIX = 4


def frame_words(paras: list[Para] | tuple[Para, ...]) -> int:
    """Words of a text frame, as a reader counts them: tokens with a letter or digit."""
    return sum(frame_word_count(plain(p.text)) for p in paras)


# -- title slide ----------------------------------------------------------------------

def title_slide(ctx: Ctx) -> SlidePlan:
    """The coloured opening slide: title, subtitle, agency and date; no footer."""
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
    notes = join_notes([title_text, sub_text or "", ". ".join(masthead) + ".", ctx.resolve(meta.summary)])
    return SlidePlan("title", title, (mast, bar), notes, background="primary", subtitle=subtitle)


# -- key points -----------------------------------------------------------------------

def key_point_slide(ctx: Ctx) -> list[Slide]:
    """The points to make, one tinted card each (figures in bold), at the largest size at
    which all fit; the notes add the release's prose, so nothing of it is lost.

    A card is as tall as its text with the widest face a viewer may get: with a narrower one
    the slack is inside the card, and the gaps between cards stay even."""
    spec = LAYOUT.key_points
    points = ctx.briefing.key_points
    if not points:
        return []
    title = ctx.labels.key_points
    top, avail = available(ctx, title)
    width = CONTENT_W  # a point is at most 20 words: a line of it stays readable at any size
    inner = width - 2 * spec.inset
    for size in spec.sizes:
        paras = [Para(_sentence(prose_runs(ctx, ctx.resolve.held(point))), size, round(size * spec.pitch, 2))
                 for point in points]
        heights = [text_height([p], ctx.fonts, inner) + 2 * spec.inset for p in paras]
        if sum(heights) + spec.gap * (len(paras) - 1) <= avail and fits_width(paras, ctx.fonts, inner):
            break
    shapes: list[Shape] = []
    y = top
    for n, (p, h) in enumerate(zip(paras, heights, strict=True), 1):
        shapes.append(TextShape(f"{KEY_POINT}{n}", Box(MARGIN_X, y, width, h), (p,), fill="tint", inset=spec.inset))
        y += h + spec.gap
    notes = [p.text for p in paras] + release_prose(ctx)
    return [(title, shapes, notes)]


def _sentence(runs: tuple[Run, ...]) -> tuple[Run, ...]:
    """A point that opens with a figure ('more than 1,100 cases involved ...') opens with a capital."""
    if not runs or not runs[0].text[:1].islower():
        return runs
    first = runs[0]
    return (replace(first, text=first.text[:1].upper() + first.text[1:]),) + runs[1:]


def release_prose(ctx: Ctx) -> list[str]:
    """Every section's heading and paragraphs, resolved: what the presenter may read from."""
    out: list[str] = []
    for section in ctx.release.sections:
        texts = [ctx.resolve(block) for block in section.blocks if isinstance(block, str)]
        if texts and section.heading:
            out.append(ctx.labels.lead_in(ctx.resolve.heading(section.heading)))
        out += texts
    return out


# -- lists ----------------------------------------------------------------------------

def list_slides(ctx: Ctx, heading: str, list_keys: list[str]) -> list[Slide]:
    """Named lists in columns (at most three to a slide, at most :data:`MAX_FRAME_WORDS` words
    to a frame), at the largest size at which they fit one slide; a list too long for a
    column continues in the next, and short lists share a column."""
    top, avail = available(ctx, heading + ctx.widest_part)
    lists = [ctx.release.lists[k] for k in list_keys]
    per_slide = max(1, min(len(lists), 3))
    list_w = (CONTENT_W - (per_slide - 1) * GUTTER) / per_slide
    for size in LAYOUT.lists.sizes:
        columns = _stacked(ctx, _list_columns(ctx, lists, size, list_w, avail), list_w, avail)
        if len(columns) <= per_slide:
            break
    pages = [columns[i:i + per_slide] for i in range(0, len(columns), per_slide)]
    out: list[Slide] = []
    for n, page in enumerate(pages, 1):
        title = heading + ctx.part(n, len(pages))
        shapes: list[Shape] = []
        notes: list[str] = []
        for col, column in enumerate(page):
            x, y = MARGIN_X + col * (list_w + GUTTER), top
            for list_title, paras in column:
                h = text_height(paras, ctx.fonts, list_w)
                shapes.append(TextShape(f"List: {list_title}", Box(x, y, list_w, h), tuple(paras)))
                notes.append(ctx.labels.pair(paras[0].text, "; ".join(p.text for p in paras[1:])) + ".")
                y += h + LAYOUT.lists.gap
        out.append((title, shapes, notes))
    return out


def _pieces(text: str, most: int) -> list[tuple[bool, str]]:
    """An item as (first, words) pieces of at most ``most`` words (a frame holds 40): an item
    longer than that goes on, unbulleted, in the next frame."""
    words = text.split(" ")
    return [(i == 0, " ".join(words[i:i + most])) for i in range(0, len(words), max(1, most))]


def _stacked(ctx: Ctx, parts: list[tuple[str, list[Para]]], width: float,
             avail: float) -> list[list[tuple[str, list[Para]]]]:
    """The lists' parts in columns: a part goes under the one before where both fit the column."""
    columns: list[list[tuple[str, list[Para]]]] = []
    used = 0.0
    for part in parts:
        h = text_height(part[1], ctx.fonts, width)
        if columns and used + LAYOUT.lists.gap + h <= avail:
            columns[-1].append(part)
            used += LAYOUT.lists.gap + h
        else:
            columns.append([part])
            used = h
    return columns


def _list_columns(ctx: Ctx, lists, size: float, width: float, avail: float) -> list[tuple[str, list[Para]]]:
    """Each list's paragraphs at ``size``; a list too long for a column is cut into parts."""
    indent = LAYOUT.lists.indent
    columns: list[tuple[str, list[Para]]] = []
    for named in lists:
        title = ctx.resolve(named.title)
        head = para(title, size, bold=True, color="primary", pitch=MIN_LINE_FACTOR)
        continued = replace(head, runs=(Run(ctx.continued(title), True, "primary"),))
        budget = MAX_FRAME_WORDS - max(frame_words([head]), frame_words([continued]))
        items = [replace(para(piece, size, pitch=MIN_LINE_FACTOR, before=LAYOUT.lists.item_gap if first else 0.0),
                         bullet=first, indent=indent)
                 for i in named.items for first, piece in _pieces(ctx.resolve(i), budget)]
        part: list[Para] = [head]
        for item in items:
            too_many = frame_words(part + [item]) > MAX_FRAME_WORDS
            if (too_many or text_height(part + [item], ctx.fonts, width) > avail) and len(part) > 1:
                columns.append((title, part))
                part = [continued]
            part.append(item)
        columns.append((title, part))
    return columns


# -- pull-quotes ----------------------------------------------------------------------

QUOTE_SIZES = LAYOUT.quotes.sizes


def _pull_quote(ctx: Ctx, key: str, size: float, width: float) -> tuple[str, list[Para]]:
    """(speaker, paragraphs) of a pull-quote: the excerpt in quotation marks, then the byline."""
    quote = ctx.release.quotes[key]
    spec = LAYOUT.quotes
    excerpt = ctx.briefing.excerpts[key]
    body = para(ctx.labels.quoted(ctx.resolve(excerpt)), size, pitch=spec.pitch)
    byline = para(f"{BYLINE_DASH} " + ctx.resolve(attribution(quote)), spec.byline_size, color="muted",
                  pitch=MIN_LINE_FACTOR, before=spec.byline_gap)
    return ctx.resolve(quote.speaker), [body, byline]


def quote_slides(ctx: Ctx, heading: str, keys: list[str]) -> list[Slide]:
    """Pull-quotes two to a slide where two fit at a readable size, else one; the notes
    give each quote in full with its attribution."""
    spec = LAYOUT.quotes
    top, avail = available(ctx, heading + ctx.widest_part)
    width = min(CONTENT_W - spec.indent, LAYOUT.measure)
    gap = LAYOUT.key_points.gap * 2
    pages: list[list[str]] = []
    for key in keys:
        if pages and len(pages[-1]) < 2 and _fits(ctx, pages[-1] + [key], width, avail - gap, QUOTE_SIZES[2]):
            pages[-1].append(key)
        else:
            pages.append([key])
    out: list[Slide] = []
    for n, page in enumerate(pages, 1):
        size = next((s for s in QUOTE_SIZES if _fits(ctx, page, width, avail - gap * (len(page) - 1), s)),
                    QUOTE_SIZES[-1])
        shapes: list[Shape] = []
        bars: list[Shape] = []
        notes: list[str] = []
        y = top
        for key in page:
            speaker, paras = _pull_quote(ctx, key, size, width)
            h = text_height(paras, ctx.fonts, width)
            excerpt_h = text_height(paras[:1], ctx.fonts, width)
            x = MARGIN_X + spec.indent
            # the byline in a frame of its own: an excerpt of 30 words and a long title stay within 40 a frame
            shapes.append(TextShape(f"{PULL_QUOTE}{speaker}", Box(x, y, width, excerpt_h), tuple(paras[:1])))
            byline = replace(paras[1], space_before=0.0)  # the gap is between the frames
            shapes.append(TextShape(f"{BYLINE}{speaker}", Box(x, y + excerpt_h + spec.byline_gap, width,
                                                              h - excerpt_h - spec.byline_gap), (byline,)))
            bars.append(Decoration("Quote bar", Box(MARGIN_X, y + 4.0, spec.bar_width, h - 8.0), "accent"))
            quote = ctx.release.quotes[key]
            notes += [p.text for p in paras]
            notes.append(ctx.labels.pair(ctx.resolve(attribution(quote)), ctx.labels.quoted(ctx.resolve(quote.text))))
            y += h + gap
        out.append((heading + ctx.part(n, len(pages)), shapes + bars, notes))
    return out


def _fits(ctx: Ctx, keys: list[str], width: float, room: float, size: float) -> bool:
    paras = [p for key in keys for p in _pull_quote(ctx, key, size, width)[1]]
    return text_height(paras, ctx.fonts, width) <= room and fits_width(paras, ctx.fonts, width)


# -- the sections: lists and quotes ---------------------------------------------------

def section_slides(ctx: Ctx) -> list[Slide]:
    """Each section's lists, then its quotes, under the section's heading (the labels' words
    where it has none). Its prose is in the key points' notes."""
    out: list[Slide] = []
    for section in ctx.release.sections:
        heading = ctx.resolve.heading(section.heading) if section.heading else None
        lists = [block.list for block in section.blocks if hasattr(block, "list")]
        quotes = [block.quote for block in section.blocks if hasattr(block, "quote")]
        if lists:
            title = heading or (ctx.labels.joined([ctx.resolve(ctx.release.lists[k].title) for k in lists])
                                if len(lists) < 3 else ctx.labels.lists.capitalize())
            out += list_slides(ctx, title, lists)
        if quotes:
            title = heading or ctx.labels.quotes
            out += quote_slides(ctx, ctx.labels.pair(title, ctx.labels.quotes) if lists and heading else title, quotes)
    return out


# -- appendix and contact -------------------------------------------------------------

def table_slides(ctx: Ctx) -> list[Slide]:
    """Every figure in a table, kept for reference as the deck's appendix."""
    figures = [ctx.release.figures[key] for key in figure_order(ctx.release)]
    if len(figures) < MIN_APPENDIX:
        return []
    size, inset = LAYOUT.table.size, LAYOUT.table.inset
    pitch = round(size * MIN_LINE_FACTOR, 2)
    header = (ctx.labels.measure, ctx.labels.figure)
    rows = [(ctx.resolve(f.label), figure_text(f).replace(" ", NBSP) if len(figure_text(f)) < 28 else figure_text(f))
            for f in figures]

    def row_height(cells, bold=False, widths=None) -> float:
        lines = max(line_count([(c, bold)], ctx.fonts, size, w - 2 * inset)
                    for c, w in zip(cells, widths or chosen, strict=True))
        return lines * pitch + 2 * inset

    # the split of the width between the columns at which the table is shortest
    splits = [(CONTENT_W * share / 20, CONTENT_W * (20 - share) / 20) for share in (10, 9, 11, 8, 12)]
    chosen = min(splits, key=lambda w: sum(row_height(cells, widths=w) for cells in rows))
    widths = chosen

    head_h = row_height(header, True)
    heading = ctx.labels.appendix.format(title=ctx.labels.by_the_numbers)

    def paginate(avail: float) -> list[list[tuple[tuple[str, str], float]]]:
        pages: list[list[tuple[tuple[str, str], float]]] = [[]]
        used = head_h
        for cells in rows:
            h = row_height(cells)
            if pages[-1] and used + h > avail:
                pages.append([])
                used = head_h
            pages[-1].append((cells, h))
            used += h
        return pages

    top, avail = available(ctx, heading)
    pages = paginate(avail)
    if len(pages) > 1:  # continued: below the longest title a continued slide may get
        top, avail = available(ctx, heading + ctx.widest_part)
        pages = paginate(avail)
    out: list[Slide] = []
    for n, page in enumerate(pages, 1):
        title = heading + ctx.part(n, len(pages))
        heights = (head_h,) + tuple(h for _, h in page)
        table = TableShape(
            APPENDIX_TABLE, Box(MARGIN_X, top, CONTENT_W, sum(heights)),
            ctx.labels.pair(ctx.labels.key_figures, f"{header[0]}, {header[1]}"),
            header, tuple(c for c, _ in page), widths, heights, size, inset)
        notes = [ctx.labels.pair(header[0], header[1]) + "."]
        notes += [ctx.labels.pair(plain(a), plain(b)) + "." for (a, b), _ in page]
        out.append((title, [table], notes))
    return out


LINK_SIZES = LAYOUT.contact.link_sizes


def _link_size(ctx: Ctx, text: str) -> float:
    """The largest size at which a link's text fits one line with any stand-in font: LibreOffice
    draws a hyperlink as one field, which it breaks only between letters ('indictmen / ts')."""
    for size in LINK_SIZES:
        if widest_word([(text.replace(" ", NBSP), False)], ctx.fonts, size) <= CONTENT_W:
            return size
    return LINK_SIZES[0]


def contact_slide(ctx: Ctx) -> list[Slide]:
    """Contact lines, then related links with their descriptive text, full width (long link texts)."""
    spec = LAYOUT.contact
    lines = [piece for line in contact_lines(ctx.release, ctx.labels)
             for piece in _address_lines(line, ctx.fonts, spec.size, CONTENT_W)]
    title = ctx.labels.contact_and_links if ctx.release.links else ctx.labels.contact
    top, avail = available(ctx, title)
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
        if frame_words(chunk + [entry]) > MAX_FRAME_WORDS and any(p.runs[0].link for p in chunk):
            h = text_height(chunk, ctx.fonts, CONTENT_W)  # the frame is full: the next one below it
            shapes.append(TextShape("Related links", Box(MARGIN_X, y, CONTENT_W, h), tuple(chunk)))
            y, chunk = y + h, []
        if y + text_height(chunk + [entry], ctx.fonts, CONTENT_W) > bottom:  # continue on a "Related links" slide
            if chunk and any(p.runs[0].link for p in chunk):
                shapes.append(TextShape("Related links", Box(MARGIN_X, y, CONTENT_W,
                                                             text_height(chunk, ctx.fonts, CONTENT_W)), tuple(chunk)))
            out.append((title, shapes, notes))
            title, shapes, notes, chunk = ctx.labels.related_links, [], [ctx.labels.lead_in(ctx.labels.related_links)], []
            y, height = available(ctx, title + ctx.widest_part)
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


