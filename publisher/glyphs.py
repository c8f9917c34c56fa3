"""Characters the embedded font cannot draw, found before anything is drawn.

A PDF or slide that meets a character its font lacks shows an empty box (or nothing); we
refuse such content instead, naming the field and the character.
"""
from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

from publisher.errors import Problem

# Characters renderers turn into something else before drawing (no-break space, line breaks).
_IGNORED = {"\n", "\t", "\r"}


@lru_cache(maxsize=8)
def font_characters(font: Path) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    with TTFont(font, lazy=True) as ttf:
        return frozenset(ttf.getBestCmap())


def strings(value: Any, path: tuple = ()) -> Iterator[tuple[tuple, str]]:
    """Every text in ``value`` (a dumped model), with its field path."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from strings(item, path + (key,))
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            yield from strings(item, path + (index,))


_NOT_DRAWN = {("release", "theme"), ("release", "website"), ("release", "language")}


def missing_glyphs(loaded, fonts: list[Path]) -> list[Problem]:
    """One problem per field holding a character that none of ``fonts`` has."""
    available = frozenset().union(*(font_characters(f) for f in fonts))
    problems = []
    data = loaded.release.model_dump(mode="python", exclude_none=True)
    for path, text in strings(data):
        if path[:2] in _NOT_DRAWN or (path and path[-1] in ("url",)):
            continue
        for char in dict.fromkeys(text):
            if char not in _IGNORED and ord(char) not in available:
                name = unicodedata.name(char, "unnamed character")
                problems.append(loaded.problem(
                    path, f"the font cannot draw {char!r} (U+{ord(char):04X} {name}); "
                          "remove it or use a theme whose font has it", needle=char))
                break
    return problems
