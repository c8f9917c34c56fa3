"""The format registry: every output format's entry, built in or from an installed package.

Built-in formats are the ``FORMAT`` entries of the spec modules named in :data:`BUILT_IN`.
Any installed package adds formats the way Sphinx builders and pandoc writers are added:
an entry point in the group ``publisher.formats`` naming a :class:`~publisher.spec.Format`::

    [project.entry-points."publisher.formats"]
    memo = "publisher_memo.spec:FORMAT"

A package's format is built, checked and listed like ours. One that cannot be loaded, is
not a ``Format``, or takes a name already taken is left out with a notice
(:func:`notices`), never a traceback. See docs/formats.md.
"""
from __future__ import annotations

import importlib
import os
import sys
from functools import lru_cache
from typing import TYPE_CHECKING

from publisher.spec import Format

if TYPE_CHECKING:
    from importlib.metadata import EntryPoint

GROUP = "publisher.formats"
BUILT_IN = ("text", "deck", "factsheet", "largeprint", "html", "braille", "docx")  #: spec modules, in listing order


def all_formats() -> dict[str, Format]:
    """Every format by name: the built-in ones, then those of installed packages."""
    return _registry()[0]


def notices() -> list[str]:
    """Why an installed package's format was left out, one line each."""
    return _registry()[1]


def get(name: str) -> Format:
    return all_formats()[name]


def names() -> list[str]:
    return list(all_formats())


def for_file(file_name: str) -> Format | None:
    """The format whose output file name ends like ``file_name`` (longest suffix wins), else the
    format that reads files with its extension (a PDF from elsewhere gets the PDF audit)."""
    formats = all_formats().values()
    matches = [f for f in formats if file_name.endswith(f.suffix)]
    if matches:
        return max(matches, key=lambda f: len(f.suffix))
    extension = "." + file_name.rsplit(".", 1)[-1].lower() if "." in file_name else ""
    return next((f for f in formats if extension in f.reads), None)


def shared_libraries(names: list[str]) -> tuple[str, ...]:
    """The libraries that formats of more than one engine among ``names`` import: worth importing
    once before the workers fork, as the workers of each engine would all import them."""
    engines: dict[str, set[str]] = {}
    for name in names:
        fmt = get(name)
        for library in fmt.libraries:
            engines.setdefault(library, set()).add(fmt.engine)
    return tuple(sorted(library for library, used in engines.items() if len(used) > 1))


@lru_cache(maxsize=1)
def _registry() -> tuple[dict[str, Format], list[str]]:
    formats: dict[str, Format] = {}
    for name in BUILT_IN:
        fmt = importlib.import_module(f"publisher.spec.{name}").FORMAT
        formats[fmt.name] = fmt
    problems: list[str] = []
    for entry in _entry_points():
        where = f"format '{entry.name}' ({entry.value})"
        try:
            fmt = entry.load()
        except Exception as exc:  # a broken package must not stop publisher
            problems.append(f"{where} cannot be loaded: {type(exc).__name__}: {exc}")
            continue
        if not isinstance(fmt, Format):
            problems.append(f"{where} is a {type(fmt).__name__}, not a publisher.spec.Format")
        elif fmt.name in formats:
            problems.append(f"{where} is left out: a format named '{fmt.name}' is already registered")
        else:
            formats[fmt.name] = fmt
    return formats, problems


def _entry_points() -> list[EntryPoint]:
    """The group's entry points. importlib.metadata costs about 15 ms to import (a fifth of a
    build with nothing to do), so it is imported only when a package on the path declares an
    entry point of the group at all."""
    if not _declared_anywhere():
        return []
    from importlib.metadata import entry_points

    return list(entry_points(group=GROUP))


def _declared_anywhere() -> bool:
    """Whether any distribution on ``sys.path`` may declare an entry point of :data:`GROUP`.

    Reads the ``entry_points.txt`` files that importlib.metadata would read; a path entry
    that is not a folder (a zip file) is not looked into, and counts as a yes."""
    marker = f"[{GROUP}]"
    for entry in sys.path:
        folder = entry or "."
        if not os.path.isdir(folder):
            if os.path.exists(folder):
                return True
            continue
        try:
            names = os.listdir(folder)
        except OSError:
            continue
        for name in names:
            if name.endswith((".dist-info", ".egg-info")):
                try:
                    with open(os.path.join(folder, name, "entry_points.txt"), encoding="utf-8") as handle:
                        if marker in handle.read():
                            return True
                except OSError:
                    continue
    return False
