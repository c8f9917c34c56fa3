"""The handout's layout as data (``assets/handout.yaml``), refused below the spec's minimums."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from publisher.load import load_model
from publisher.paths import ASSETS
from publisher.spec.docx import MIN_BODY, MIN_TEXT

DEFAULT_LAYOUT = ASSETS / "handout.yaml"
BODY_STYLES = ("body", "list_item", "quote", "summary", "link")  #: running text: at least MIN_BODY


class Style(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    face: Literal["regular", "bold"] = "regular"
    size: float = Field(ge=MIN_TEXT, le=72)
    color: str
    space_before: float = Field(0, ge=0, le=72)
    space_after: float = Field(0, ge=0, le=72)
    indent: float = Field(0, ge=0, le=144)
    rule: str | None = None  #: a theme colour: a rule at the paragraph's left edge
    fill: str | None = None  #: a theme colour: the background of a table header cell

    @property
    def bold(self) -> bool:
        return self.face == "bold"


class Padding(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    left: float = Field(ge=0, le=36)
    right: float = Field(ge=0, le=36)
    top: float = Field(ge=0, le=36)
    bottom: float = Field(ge=0, le=36)


class Styles(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    body: Style
    title: Style
    subtitle: Style
    masthead: Style
    agency: Style
    summary: Style
    heading: Style
    subheading: Style
    list_title: Style
    list_item: Style
    quote: Style
    attribution: Style
    table_head: Style
    table_measure: Style
    table_figure: Style
    figure_number: Style
    link: Style
    footer: Style


class HandoutLayout(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    name: str
    margin_inches: float = Field(ge=0.5, le=2)  #: office printers cannot print the outer quarter inch
    line_spacing: float = Field(ge=1.0, le=2.5)
    figure_measure_share: float = Field(ge=0.2, le=0.8)
    table_padding: Padding
    styles: Styles
    stripe: str
    rule: str

    @model_validator(mode="after")
    def _body_text_is_large_enough(self) -> HandoutLayout:
        for name in BODY_STYLES:
            size = getattr(self.styles, name).size
            if size < MIN_BODY:
                raise ValueError(f"styles.{name}: {size} pt is below the {MIN_BODY} pt body text of a handout")
        return self

    def colours(self) -> set[str]:
        """Every theme colour the layout names."""
        named = {self.stripe, self.rule}
        for name in Styles.model_fields:
            style: Style = getattr(self.styles, name)
            named |= {c for c in (style.color, style.rule, style.fill) if c}
        return named


@lru_cache(maxsize=4)
def load_layout(path: Path = DEFAULT_LAYOUT) -> HandoutLayout:
    """Load and check a handout layout file; errors name the file, line and field."""
    return load_model(path, HandoutLayout)
