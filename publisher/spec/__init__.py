"""The contract of an output format, and what every format's spec module declares.

A format is three modules and its tests:

- a **spec** module (``publisher/spec/<name>.py``, or a module of any installed package)
  holding what the writer and the reader of the file share, and nothing of either: the
  file's layout constants (page geometry, cell counts, minimum sizes), the measuring or
  translating both need (font metrics, liblouis), the format's options (a subclass of
  :class:`Options`) and its registry entry, ``FORMAT = Format(...)``;
- a **renderer** module exposing ``render(release: Release, theme: Theme, options) -> bytes``,
  which returns the whole file and touches no file (the build writes the bytes atomically).
  It may raise :class:`publisher.errors.MissingToolError` when a tool it needs is absent,
  :class:`~publisher.errors.ContentError` for content it cannot lay out;
- an **audit** module exposing ``audit(path) -> list[Finding]`` (the format's accessibility
  rules) and ``extract(path) -> list[Passage]`` (the text a reader gets, located), both
  reading the file, never the code or data that wrote it.

The renderer and the audit import the spec, never each other (a test walks the imports).
This module imports nothing but the standard library: the command line reads every
format's entry and options at start-up.
"""
from __future__ import annotations

import dataclasses
import importlib
import types
import typing
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Literal, Self, get_args, get_origin

if typing.TYPE_CHECKING:
    from publisher.audit import Finding, Passage
    from publisher.expectations import Expectations
    from publisher.model import Release
    from publisher.theme import Theme


class OptionError(ValueError):
    """An option value a format does not accept (the message names the option)."""


@dataclass(frozen=True)
class OptionField:
    """One option as the command line and the manifest see it."""

    name: str
    kind: type | tuple[str, ...]  #: bool, int, float or str; or the accepted words
    default: object
    help: str
    flag: str | None  #: the command-line flag, if the option names its own
    build_wide: bool  #: declared by :class:`Options` itself: one flag for every format


def option(default: Any, help: str, flag: str | None = None) -> Any:
    """A field of an :class:`Options` class: its default, its help text, and optionally its flag."""
    return field(default=default, metadata={"help": help, "flag": flag})


@dataclass(frozen=True)
class Options:
    """The options of one format, every one with a default; subclasses add the format's own.

    Fields declared here are build-wide (every format takes them, the command line has one
    flag for each); a format's own fields get a ``--<format>-<field>`` flag unless they name
    their flag. Field types: ``bool``, ``int``, ``float``, ``str`` or a ``Literal`` of words.
    Values are checked when an instance is made; a wrong one raises :class:`OptionError`.

    Options are part of each output's inputs (a change rebuilds it), are recorded in the
    manifest, and are reused from there by ``publisher preview``.
    """

    def __post_init__(self) -> None:
        for spec in self.fields():
            _check(spec, getattr(self, spec.name))

    @classmethod
    def fields(cls) -> tuple[OptionField, ...]:
        return _option_fields(cls)

    @classmethod
    def from_dict(cls, values: typing.Mapping[str, object]) -> Self:
        """Options from a mapping (the manifest's record, the command line's values); others default."""
        known = {spec.name for spec in cls.fields()}
        unknown = sorted(set(values) - known)
        if unknown:
            raise OptionError(f"unknown option '{unknown[0]}'" + (f"; one of: {', '.join(sorted(known))}" if known else ""))
        return cls(**values)

    def as_dict(self) -> dict[str, object]:
        return {spec.name: getattr(self, spec.name) for spec in self.fields()}


_FIELDS: dict[type, tuple[OptionField, ...]] = {}


def _option_fields(cls: type) -> tuple[OptionField, ...]:
    if cls not in _FIELDS:
        _FIELDS[cls] = _fields_of(cls)
    return _FIELDS[cls]


def _fields_of(cls: type) -> tuple[OptionField, ...]:
    hints = typing.get_type_hints(cls)
    build_wide = {f.name for f in dataclasses.fields(Options)}
    return tuple(OptionField(f.name, _kind(hints[f.name], cls, f.name), f.default, f.metadata.get("help", ""),
                             f.metadata.get("flag"), f.name in build_wide)
                 for f in dataclasses.fields(cls))


def _kind(hint: object, cls: type, name: str) -> type | tuple[str, ...]:
    if get_origin(hint) is Literal:
        return tuple(str(arg) for arg in get_args(hint))
    if hint in (bool, int, float, str):
        return typing.cast(type, hint)
    raise TypeError(f"{cls.__name__}.{name}: an option is a bool, int, float, str or Literal, not {hint}")


def _check(spec: OptionField, value: object) -> None:
    kind = spec.kind
    if isinstance(kind, tuple):
        if value not in kind:
            raise OptionError(f"option '{spec.name}' is {value!r}; one of: {', '.join(kind)}")
    elif not isinstance(value, kind) or (kind is not bool and isinstance(value, bool)):
        if not (kind is float and isinstance(value, int) and not isinstance(value, bool)):
            raise OptionError(f"option '{spec.name}' is {value!r}, not a {kind.__name__}")


@dataclass(frozen=True)
class Format:
    """One output format's registry entry (``FORMAT`` in its spec module)."""

    name: str  #: lower-case word: the ``--format`` value and the manifest key
    suffix: str  #: appended to the release's slug to name the output file
    render_module: str  #: exposes ``render(release, theme, options) -> bytes``; imported when used
    audit_module: str  #: exposes ``audit(path)`` and ``extract(path)``; imported when used
    description: str
    options: type[Options] = Options
    reads: tuple[str, ...] = ()  #: extensions of files from elsewhere this format's audit reads (".pdf")
    preview: Literal["", "pdf", "office"] = ""  #: how ``publisher preview`` draws it: as a PDF, or through LibreOffice
    page_name: str = "Page"  #: what one previewed page is called ("Slide")
    #: exposes ``fit(path) -> list[Finding]``: the output drawn by an outside renderer and read
    #: back; it takes seconds, so it runs only when asked (``check --render``, ``preview``)
    render_audit_module: str | None = None
    optional: bool = False  #: skipped with a notice, not failed, by a full build when its tool is missing
    fonts: bool = False  #: draws text with the theme's font files (content is checked for missing glyphs)
    engine: str = "stdlib"  #: the library it is written with; formats of one engine share a worker process
    weight: float = 1.0  #: relative time to render and check, for scheduling workers (measured, see benchmarks/)
    #: its reader needs the edition's language (braille: the tables it back-translates with), so
    #: its audit module's ``extract`` takes ``language``, a BCP 47 tag ("" when unknown)
    reads_language: bool = False
    #: pages: every figure is listed (label and value, its at-a-glance list) within the first ones,
    #: checked on the file's passages when the figures are known (``publisher.check.listed_early``)
    figures_within: int | None = None
    #: follows the shared reading order: the lede, then every figure at a glance, before the body
    #: (``publisher check`` holds the output to it: :mod:`publisher.reading_order`)
    glance: bool = False
    #: exposes ``content_rules(path, expected: Expectations) -> list[Finding]``: the format's rules
    #: that need to know what the release says (a figure shown twice, a caption that is not the
    #: figure's label); run by ``publisher check`` whenever the expectations are known
    content_audit_module: str | None = None
    #: modules its renderer and audit import, directly or through their libraries (import names);
    #: those that formats of more than one engine import are imported once, before the worker
    #: processes fork, so that the workers share them instead of holding a copy each
    #: (:func:`publisher.formats.shared_libraries`)
    libraries: tuple[str, ...] = ()

    def file_name(self, slug: str) -> str:
        return slug + self.suffix

    def render(self, release: Release, theme: Theme, options: Options | None = None) -> bytes:
        """The whole output file for ``release``; the format's default options unless given."""
        module = _module(self.render_module)
        return typing.cast(bytes, module.render(release, theme, options if options is not None else self.options()))

    def audit(self, path: Path) -> list[Finding]:
        """The format's accessibility findings about the file at ``path``."""
        return list(_module(self.audit_module).audit(path))

    def extract(self, path: Path, language: str = "") -> list[Passage]:
        """The text a reader of the file at ``path`` gets, located (read as ``language`` where that matters)."""
        if self.reads_language:
            return list(_module(self.audit_module).extract(path, language=language))
        return list(_module(self.audit_module).extract(path))

    def content_rules(self, path: Path, expected: Expectations) -> list[Finding]:
        """The findings of the format's rules that read the file against what the release says."""
        if not self.content_audit_module:
            return []
        return list(_module(self.content_audit_module).content_rules(path, expected))

    def fit(self, path: Path) -> list[Finding]:
        """The findings of the format's drawn check of the file at ``path`` (none without one)."""
        return list(_module(self.render_audit_module).fit(path)) if self.render_audit_module else []


@cache
def _module(name: str) -> types.ModuleType:
    return importlib.import_module(name)
