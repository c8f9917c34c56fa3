"""The deck's grid and type as data: ``assets/deck.yaml``, checked against the spec's minimums."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from publisher.load import load_model
from publisher.paths import ASSETS
from publisher.spec.deck import MIN_LINE_FACTOR, MIN_TEXT, MIN_TITLE

DEFAULT_LAYOUT = ASSETS / "deck.yaml"


def _descending(sizes: tuple[float, ...]) -> tuple[float, ...]:
    if list(sizes) != sorted(sizes, reverse=True):
        raise ValueError("sizes are tried in order: list them from the largest")
    return sizes


TextSize = Annotated[float, Field(ge=MIN_TEXT)]
TitleSize = Annotated[float, Field(ge=MIN_TITLE)]
Pitch = Annotated[float, Field(ge=MIN_LINE_FACTOR, le=2)]
Points = Annotated[float, Field(ge=0, le=540)]
Sizes = Annotated[tuple[TextSize, ...], Field(min_length=1), AfterValidator(_descending)]


class _Part(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Bar(_Part):
    y: Points = 0.0
    gap: Points = 0.0
    width: Points
    height: Points


class TitleSlide(_Part):
    inset: Points
    top: Points
    bar: Bar
    sizes: tuple[tuple[TitleSize, TextSize], ...] = Field(min_length=1)  #: (title, subtitle), largest first
    subtitle_gap: Points
    subtitle_pitch: Pitch
    masthead_size: TextSize
    masthead_bottom: Points
    clearance: Points


class Tiles(_Part):
    inset: Points
    number_sizes: Sizes
    text_size: TextSize  #: qualifier, unit and caption
    group_label_size: TextSize
    label_gap: Points  #: below a group label
    row_gap: Points  #: between two tiles of a column
    group_gap: Points  #: above a group's label in the middle of a column
    columns: int = Field(ge=1, le=6)  #: the most columns of tiles


class KeyPoints(_Part):
    sizes: Sizes
    pitch: Pitch
    gap: Points  #: between two points
    inset: Points  #: inside a point's card


class Footer(_Part):
    size: TextSize
    gap: Points  #: between the content's foot and the footer's top
    number_width: Points  #: the slide number's box, at the right


class Lists(_Part):
    sizes: Sizes  #: a list's title and items, the largest at which the lists fit one slide
    indent: Points
    item_gap: Points
    gap: Points  #: between two lists sharing a column


class Quotes(_Part):
    sizes: Sizes
    pitch: Pitch
    indent: Points
    bar_width: Points
    byline_size: TextSize
    byline_gap: Points


class Table(_Part):
    size: TextSize
    inset: Points


class Contact(_Part):
    size: TextSize
    pitch: Pitch
    line_gap: Points
    links_gap: Points
    link_sizes: Sizes
    link_pitch: Pitch
    link_gap: Points


class DeckLayout(_Part):
    """Where things go on a slide and how large: every size at or above the spec's minimums."""

    name: str
    margin_x: Points
    margin_top: Points
    margin_bottom: Points
    gutter: Points
    measure: float = Field(ge=200, le=960)
    title_sizes: Annotated[tuple[TitleSize, ...], Field(min_length=1), AfterValidator(_descending)]
    title_gap: Points
    title_rule: Bar
    body_pitch: Pitch
    title_slide: TitleSlide
    tiles: Tiles
    key_points: KeyPoints
    footer: Footer
    lists: Lists
    quotes: Quotes
    table: Table
    contact: Contact


@lru_cache(maxsize=4)
def load_layout(path: Path = DEFAULT_LAYOUT) -> DeckLayout:
    """Load and check a deck layout file; errors name the file, line and field."""
    return load_model(path, DeckLayout)
