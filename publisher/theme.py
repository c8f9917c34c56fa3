"""The theme (``assets/theme.yaml``) as typed data, its contrast checked when it loads.

Colour contrast follows WCAG 2.2 SC 1.4.3 exactly (relative luminance on linearised sRGB,
no rounding). The formula is five lines; a colour library would add ~75 ms to every start.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

from pydantic import BaseModel, ConfigDict, StringConstraints, model_validator

from publisher.errors import ContentError, Problem
from publisher.load import load_model
from publisher.paths import ASSETS, DEFAULT_THEME

if TYPE_CHECKING:
    from publisher.labels import Labels

MIN_TEXT_CONTRAST = 4.5

Hex = Annotated[str, StringConstraints(pattern=r"^#[0-9A-Fa-f]{6}$")]


def _linear(channel: int) -> float:
    c = channel / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(hex_colour: str) -> float:
    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _linear(r) + 0.7152 * _linear(g) + 0.0722 * _linear(b)


def contrast(foreground: str, background: str) -> float:
    """WCAG contrast ratio, unrounded: (L1 + 0.05) / (L2 + 0.05)."""
    a, b = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (a + 0.05) / (b + 0.05)


class Fonts(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    family: str
    regular: str
    bold: str
    semibold: str | None = None


class Theme(BaseModel):
    """Colours, fonts and the text/background pairs that must stay legible."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    name: str
    fonts: Fonts
    colors: dict[str, Hex]
    pairs: list[tuple[str, str]]
    labels: str | None = None  #: a folder of labels files, relative to the theme's (default: the packaged one)
    folder: Path = ASSETS

    @model_validator(mode="after")
    def _pairs_are_legible(self) -> Theme:
        for fg, bg in self.pairs:
            for name in (fg, bg):
                if name not in self.colors:
                    raise ValueError(f"pair [{fg}, {bg}] names colour '{name}', which 'colors' does not define")
            ratio = contrast(self.colors[fg], self.colors[bg])
            if ratio < MIN_TEXT_CONTRAST:
                raise ValueError(
                    f"text colour '{fg}' ({self.colors[fg]}) on '{bg}' ({self.colors[bg]}) has contrast "
                    f"{ratio:.2f}:1; at least {MIN_TEXT_CONTRAST}:1 is required (WCAG 2.2 SC 1.4.3)"
                )
        return self

    def color(self, name: str) -> str:
        return self.colors[name]

    def files(self, theme_file: Path) -> list[Path]:
        """Every file this theme draws with: the theme file itself and its fonts."""
        return [Path(theme_file).resolve()] + self.font_paths()

    def font_paths(self) -> list[Path]:
        return [self.font_path(style) for style in ("regular", "bold", "semibold") if getattr(self.fonts, style)]

    def labels_for(self, language: str) -> Labels:
        """The words around the release's text in ``language`` (see :mod:`publisher.labels`)."""
        from publisher.labels import DEFAULT_FOLDER, load_labels

        if self.labels is None:
            return load_labels(language)
        folder = (self.folder / self.labels).resolve()
        if Path(self.labels).is_absolute() or not folder.is_relative_to(self.folder.resolve()) or not folder.is_dir():
            raise ContentError([Problem(str(self.folder / "theme.yaml"),
                                        f"labels folder '{self.labels}' is not a folder inside {self.folder}",
                                        field="labels")])
        return load_labels(language, folder) if folder != DEFAULT_FOLDER else load_labels(language)

    def font_path(self, style: str = "regular") -> Path:
        return confined(self.folder, getattr(self.fonts, style), "fonts." + style, self.folder / "theme.yaml")


def confined(folder: Path, relative: str, field: str, source: Path) -> Path:
    """``folder/relative`` if it stays inside ``folder`` (symlinks resolved); a ContentError otherwise."""
    candidate = Path(relative)
    resolved = (folder / candidate).resolve()
    if candidate.is_absolute() or not resolved.is_relative_to(folder.resolve()):
        raise ContentError([Problem(str(source), f"path '{relative}' leads outside {folder}", field=field)])
    if not resolved.is_file():
        raise ContentError([Problem(str(source), f"file '{relative}' does not exist in {folder}", field=field)])
    return resolved


@lru_cache(maxsize=8)
def load_theme(path: Path = DEFAULT_THEME) -> Theme:
    """Load and check a theme file; errors name the file, line and field."""
    return load_model(path, Theme, {"folder": str(path.parent)})
