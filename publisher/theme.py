"""The theme (``assets/theme.yaml``) as typed data, its contrast and fonts checked when it loads.

Colour contrast follows WCAG 2.2 SC 1.4.3 exactly (relative luminance on linearised sRGB,
no rounding). The formula is five lines; a colour library would add ~75 ms to every start.

Which theme: a release's ``release.theme`` (see :meth:`publisher.load.Loaded.theme_path`);
otherwise the project's ``assets/theme.yaml`` in the folder publisher runs in; otherwise the
theme packaged with publisher. Font files are named relative to the theme file's folder and
must stay inside it; a name not found there is looked up among the packaged fonts, so a
theme that only changes colours needs no copy of the fonts.
"""
from __future__ import annotations

import os
import stat
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

from pydantic import (
    BaseModel,
    ConfigDict,
    PrivateAttr,
    StringConstraints,
    ValidationError,
    model_validator,
)

from publisher.errors import ContentError, Problem
from publisher.limits import FONT_FILE_BYTES
from publisher.paths import ASSETS, default_theme_path

if TYPE_CHECKING:
    from publisher.labels import Labels

MIN_TEXT_CONTRAST = 4.5
FONT_STYLES = ("regular", "bold", "semibold")

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


FontName = Annotated[str, StringConstraints(min_length=1, max_length=200)]


class Fonts(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    family: Annotated[str, StringConstraints(min_length=1, max_length=100)]
    regular: FontName
    bold: FontName
    semibold: FontName | None = None


class Theme(BaseModel):
    """Colours, fonts and the text/background pairs that must stay legible.

    Built by :func:`load_theme`, which resolves and checks the font files."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    name: str
    fonts: Fonts
    colors: dict[str, Hex]
    pairs: list[tuple[str, str]]
    labels: str | None = None  #: a folder of labels files, relative to the theme's (default: the packaged one)
    _font_files: dict[str, Path] = PrivateAttr(default_factory=dict)
    _folder: Path = PrivateAttr(default=ASSETS)  #: the theme file's folder, which its fonts and labels are in

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
        return [self._font_files[style] for style in FONT_STYLES if style in self._font_files]

    @property
    def folder(self) -> Path:
        """The theme file's folder: its fonts and labels are named relative to it."""
        return self._folder

    def labels_for(self, language: str) -> Labels:
        """The words around the release's text in ``language`` (see :mod:`publisher.labels`)."""
        from publisher.labels import DEFAULT_FOLDER, load_labels

        if self.labels is None:
            return load_labels(language)
        folder = (self._folder / self.labels).resolve()
        if Path(self.labels).is_absolute() or not folder.is_relative_to(self._folder.resolve()) or not folder.is_dir():
            raise ContentError([Problem(str(self._folder / "theme.yaml"),
                                        f"labels folder '{self.labels}' is not a folder inside the theme's folder",
                                        field="labels")])
        return load_labels(language, folder) if folder != DEFAULT_FOLDER else load_labels(language)

    def font_path(self, style: str = "regular") -> Path:
        return self._font_files[style]


def confined(folder: Path, relative: str, field: str, source: Path) -> Path:
    """``folder/relative`` if it stays inside ``folder`` (symlinks resolved); a ContentError otherwise."""
    candidate = Path(relative)
    resolved = (folder / candidate).resolve()
    if candidate.is_absolute() or not resolved.is_relative_to(folder.resolve()):
        raise ContentError([Problem(str(source), f"path '{relative}' must stay inside the theme's folder", field=field)])
    return resolved


def _font_file(folder: Path, relative: str, field: str, source: Path) -> Path:
    """The font file ``relative`` names: inside the theme's folder, else among the packaged fonts.

    It must be a regular file of at most :data:`publisher.limits.FONT_FILE_BYTES` that fontTools reads as a
    TrueType or OpenType font with a character map; anything else is a ContentError naming
    ``field``, and never says what else the folder holds."""
    path = confined(folder, relative, field, source)
    if not path.exists() and folder.resolve() != ASSETS.resolve():
        packaged = confined(ASSETS, relative, field, source)
        path = packaged if packaged.exists() else path
    try:
        info = os.stat(path)
    except OSError:
        raise ContentError([Problem(str(source), f"font file '{relative}' does not exist", field=field)]) from None
    if not stat.S_ISREG(info.st_mode):
        raise ContentError([Problem(str(source), f"font '{relative}' is not a regular file", field=field)])
    if info.st_size > FONT_FILE_BYTES.maximum:
        raise ContentError([Problem(str(source), f"font '{relative}' is {info.st_size / 2**20:.0f} MiB; "
                                    f"at most {FONT_FILE_BYTES.maximum // 2**20} MiB", field=field)])
    from fontTools.ttLib import TTFont

    try:
        with TTFont(path, lazy=True) as font:
            outlines = "glyf" in font or "CFF " in font or "CFF2" in font
            if not outlines or not font.getBestCmap():
                raise ValueError("no outlines or no character map")
    except Exception as exc:  # noqa: BLE001 (fontTools raises many types for a file that is not a font)
        raise ContentError([Problem(str(source), f"'{relative}' is not a TrueType or OpenType font "
                                    f"({type(exc).__name__})", field=field)]) from None
    return path


def load_theme(path: Path | None = None) -> Theme:
    """Load and check a theme file (default: :func:`default_theme_path`); errors name the file, line and field."""
    return _load_theme(Path(path).resolve() if path is not None else default_theme_path())


@lru_cache(maxsize=8)
def _load_theme(path: Path) -> Theme:
    from publisher.load import parse_yaml, read_text, validation_problems

    data, positions = parse_yaml(read_text(path), str(path))
    try:
        theme = Theme.model_validate(data)
    except ValidationError as exc:
        raise ContentError(validation_problems(exc, str(path), positions, Theme, data)) from None
    theme._folder = path.parent
    problems: list[Problem] = []
    for style in FONT_STYLES:
        relative = getattr(theme.fonts, style)
        if relative is None:
            continue
        try:
            theme._font_files[style] = _font_file(path.parent, relative, f"fonts.{style}", path)
        except ContentError as exc:
            line, column = positions.at(("fonts", style))
            problems += [Problem(p.file, p.message, line, column, p.field) for p in exc.problems]
    if problems:
        raise ContentError(problems)
    return theme
