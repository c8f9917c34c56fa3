"""Stand-in-safe measuring: a text's lines counted with the theme font and with each font a
viewer may get in its place, the worst of them taken.

A deck names its theme font; a viewer without it sees a stand-in: Liberation Sans (the
metrics of Arial), Carlito (the metrics of Calibri) or DejaVu Sans (LibreOffice's usual
fallback on Linux, the widest of the three). Their metrics are read with fontTools from the
installed font files (Debian: fonts-liberation2, fonts-crosextra-carlito, fonts-dejavu-core);
none is bundled. A stand-in that is not installed is replaced by the theme font widened by
:data:`WIDENING` (the stand-in's mean advance over the theme's, measured on English text), so
a machine without it still lays out for it, approximately.

The advance widths of the installed stand-ins are cached in the user's cache folder
(``$XDG_CACHE_HOME/publisher``), keyed by each file's path, size and modification time:
reading the six faces with fontTools costs about 100 ms, the cache a few milliseconds.
"""
from __future__ import annotations

import logging
import marshal
import os
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from publisher.spec.deck import (
    FontMetrics,
    Fonts,
    Token,
    load_metrics,
    theme_fonts,
)
from publisher.spec.deck import line_count as _line_count
from publisher.spec.deck import widest_word as _widest_word

#: family -> (regular, bold) file names under the font roots, and the Debian package
STAND_INS: dict[str, tuple[str, str, str]] = {
    "Liberation Sans": ("liberation2/LiberationSans-Regular.ttf", "liberation2/LiberationSans-Bold.ttf",
                        "fonts-liberation2"),
    "Carlito": ("crosextra/Carlito-Regular.ttf", "crosextra/Carlito-Bold.ttf", "fonts-crosextra-carlito"),
    "DejaVu Sans": ("dejavu/DejaVuSans.ttf", "dejavu/DejaVuSans-Bold.ttf", "fonts-dejavu-core"),
}
FONT_ROOTS = (Path("/usr/share/fonts/truetype"), Path("/usr/local/share/fonts/truetype"),
              Path("/usr/share/fonts/TTF"), Path.home() / ".local/share/fonts")
#: a missing stand-in's (regular, bold) width over Atkinson Hyperlegible Next's: the worked
#: example's plain text set in each (measured 2026-12 on the Debian fonts), rounded up
WIDENING = {"Liberation Sans": (1.01, 1.01), "Carlito": (0.92, 0.88), "DejaVu Sans": (1.15, 1.20)}


@dataclass(frozen=True)
class FontSet:
    """The faces a text may be drawn with; measured as the widest of them."""

    members: tuple[Fonts, ...]
    names: tuple[str, ...]
    approximated: tuple[str, ...] = ()  #: stand-ins not installed, replaced by a widened theme font


def find_stand_in(family: str) -> tuple[Path, Path] | None:
    """The installed regular and bold files of a stand-in, or None."""
    regular, bold, _package = STAND_INS[family]
    for root in FONT_ROOTS:
        if (root / regular).is_file() and (root / bold).is_file():
            return root / regular, root / bold
    return None


def _cache_file() -> Path:
    """The cache, in Python's ``marshal`` format (read in about a millisecond), one per Python version."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "publisher" / f"stand-in-metrics-py{sys.version_info[0]}{sys.version_info[1]}.marshal"


def _read_cache() -> dict:
    try:
        entries = marshal.loads(_cache_file().read_bytes())
        return entries if isinstance(entries, dict) else {}
    except (OSError, ValueError, EOFError, TypeError):
        return {}


def _write_cache(entries: dict) -> None:
    cache = _cache_file()
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        temporary = cache.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_bytes(marshal.dumps(entries))
        temporary.replace(cache)
    except OSError:
        pass


def _cached_metrics(path: Path, entries: dict) -> tuple[FontMetrics, bool]:
    """``load_metrics(path)`` through the cache ``entries``; whether the entry was added."""
    stat = path.stat()
    key = f"{path}|{stat.st_size}|{stat.st_mtime_ns}"
    entry = entries.get(key)
    if isinstance(entry, tuple) and len(entry) == 5:
        return FontMetrics(*entry), False
    quiet = logging.getLogger("fontTools")
    level = quiet.level
    quiet.setLevel(logging.ERROR)  # Carlito's 'created' date makes fontTools warn; nothing to tell the user
    try:
        metrics = load_metrics(path)
    finally:
        quiet.setLevel(level)
    for stale in [k for k in entries if k.startswith(f"{path}|")]:
        del entries[stale]
    entries[key] = (metrics.bold, metrics.units_per_em, metrics.advances, metrics.fallback, metrics.line_factor)
    return metrics, True


def _widened(metrics: FontMetrics, factor: float) -> FontMetrics:
    advances = {code: round(width * factor) for code, width in metrics.advances.items()}
    return FontMetrics(metrics.bold, metrics.units_per_em, advances, round(metrics.fallback * factor),
                       metrics.line_factor)


@lru_cache(maxsize=8)
def _stand_ins(regular: Path, bold: Path) -> tuple[tuple[Fonts, ...], tuple[str, ...]]:
    theme_regular, theme_bold = load_metrics(regular), load_metrics(bold)
    members, approximated = [], []
    entries = _read_cache()
    added = False
    for family in STAND_INS:
        found = find_stand_in(family)
        if found:
            (upright, new), (heavy, new_bold) = (_cached_metrics(found[0], entries), _cached_metrics(found[1], entries))
            members.append(Fonts(upright, heavy))
            added = added or new or new_bold
        else:
            wide, wide_bold = WIDENING[family]
            members.append(Fonts(_widened(theme_regular, wide), _widened(theme_bold, wide_bold)))
            approximated.append(family)
    if added:
        _write_cache(entries)
    return tuple(members), tuple(approximated)


def stand_in_safe(theme) -> FontSet:
    """The theme's faces and every stand-in's, for measuring text that must fit with any of them."""
    fonts = theme_fonts(theme)
    others, approximated = _stand_ins(theme.font_path("regular"), theme.font_path("bold"))
    return FontSet((fonts,) + others, (theme.fonts.family,) + tuple(STAND_INS), approximated)


def line_count(runs: list[Token], fonts: Fonts | FontSet, size: float, width: float) -> int:
    """Lines of a paragraph set ``width`` points wide: the most over every face of ``fonts``."""
    if isinstance(fonts, FontSet):
        return max(_line_count(runs, member, size, width) for member in fonts.members)
    return _line_count(runs, fonts, size, width)


def widest_word(runs: list[Token], fonts: Fonts | FontSet, size: float) -> float:
    """The widest word of a paragraph: the widest over every face of ``fonts``."""
    if isinstance(fonts, FontSet):
        return max(_widest_word(runs, member, size) for member in fonts.members)
    return _widest_word(runs, fonts, size)
