"""Release -> slide plans: the storyboard of a ten-minute briefing (pure data, no python-pptx).

A title slide; the key figures at a glance (:mod:`.glance`: every figure once, as a tile
with its caption); the key points; each section's lists (how the operation worked) and its
quotes as pull-quotes; contact and related links; and, as an appendix, every figure in a
table (:mod:`.slides`). The full release is in the speaker notes.

Every slide but the title carries a footer (agency, date) and its number, written as the
layout's footer and slide-number placeholders. Text never shrinks below 18 pt (titles 28 pt)
and fits its box with the theme font and with every stand-in (:mod:`.standins`): what does
not fit continues on another slide whose title says so.
"""
from __future__ import annotations

from dataclasses import replace

from publisher.document import plain
from publisher.drafts import is_draft
from publisher.figures import Resolver, date_text
from publisher.identifiers import WORD_JOINER
from publisher.model import Release
from publisher.render.deck.glance import figure_slides
from publisher.render.deck.shapes import (
    CONTENT_W,
    GUTTER,
    LAYOUT,
    MARGIN_BOTTOM,
    MARGIN_TOP,
    MARGIN_X,
    SLIDE_H,
    SLIDE_W,
    Box,
    Ctx,
    Decoration,
    SlidePlan,
    TableShape,
    TextShape,
    content_slide,
    number_word,
    para,
    part_suffix,
    text_height,
)
from publisher.render.deck.slides import contact_slide, key_point_slide, section_slides, table_slides, title_slide
from publisher.render.deck.standins import stand_in_safe
from publisher.spec.deck import MIN_LINE_FACTOR, MIN_TEXT

__all__ = ["SLIDE_H", "SLIDE_W", "Decoration", "SlidePlan", "TableShape", "TextShape", "number_word",
           "part_suffix", "plan", "text_height", "unique_titles"]


def unique_titles(titles: list[str]) -> list[str]:
    """Repeated titles get ' (part two)', ' (part three)'... (compared trimmed and case-insensitive)."""
    seen: dict[str, int] = {}
    out = []
    for title in titles:
        key = plain(title).strip().casefold()
        seen[key] = seen.get(key, 0) + 1
        out.append(title if seen[key] == 1 else f"{title} (part {number_word(seen[key])})")
    return out


def footer_text(release: Release) -> str:
    """The agency and the release's date."""
    return f"{release.meta.agency} · {date_text(release.meta.date, release.language)}"


def _footer(ctx: Ctx, text: str) -> tuple[TextShape, float]:
    """The footer's shape (at the foot, left of the slide number) and the top of the footer."""
    spec = LAYOUT.footer
    width = CONTENT_W - spec.number_width - GUTTER
    p = para(text, spec.size, color="muted", pitch=MIN_LINE_FACTOR)
    h = text_height([p], ctx.fonts, width)
    top = SLIDE_H - MARGIN_BOTTOM - h
    return TextShape("Footer", Box(MARGIN_X, top, width, h), (p,)), top


def _number(n: int, top: float, height: float) -> TextShape:
    spec = LAYOUT.footer
    p = replace(para(str(n), spec.size, color="muted", pitch=MIN_LINE_FACTOR), align="r")
    return TextShape("Slide number", Box(SLIDE_W - MARGIN_X - spec.number_width, top, spec.number_width, height), (p,))


def plan(release: Release, theme) -> list[SlidePlan]:
    """The whole storyboard, laid out and measured."""
    resolve = Resolver(release, keep_together=True, joiner=WORD_JOINER)  # LibreOffice breaks after '-', '/'
    ctx = Ctx(release, stand_in_safe(theme), resolve, resolve.texts, theme.labels_for(release.language))
    footer, footer_top = _footer(ctx, footer_text(release))
    ctx.bottom = footer_top - LAYOUT.footer.gap
    first = title_slide(ctx)
    glance = figure_slides(ctx)
    contents = glance + key_point_slide(ctx) + section_slides(ctx) + contact_slide(ctx) + table_slides(ctx)
    titles = unique_titles([first.title_text] + [title for title, _, _ in contents])[1:]
    slides = [first]
    for n, (title, (_, shapes, notes)) in enumerate(zip(titles, contents, strict=True), 2):
        slide = content_slide(ctx, title, shapes, notes, centre=n - 2 < len(glance))
        slides.append(replace(slide, footer=footer, number=_number(n, footer.box.y, footer.box.h)))
    return [_draft_marked(slide, release.meta.release_type) for slide in slides] if is_draft(release) else slides


def _draft_marked(slide: SlidePlan, line: str) -> SlidePlan:
    """The slide with the draft line in its top margin, above the title, read right after it."""
    x = slide.title.box.x  # the title slide's text is inset from the margin
    height = round(MIN_TEXT * MIN_LINE_FACTOR, 2)
    color = "on_primary" if slide.background == "primary" else "primary"
    mark = TextShape("Draft mark", Box(x, (MARGIN_TOP - height) / 2, SLIDE_W - MARGIN_X - x, height),
                     (para(line, MIN_TEXT, bold=True, color=color, pitch=MIN_LINE_FACTOR),))
    return replace(slide, shapes=(mark,) + slide.shapes, notes=f"{line}.\n\n{slide.notes}")
