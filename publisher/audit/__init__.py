"""Readers that open each output again and check it: accessibility audits and text extraction.

Every audit module exposes::

    def audit(path: Path) -> list[Finding]       # the format's accessibility rules
    def extract(path: Path) -> list[Passage]     # the text a reader gets, located

Both read the file, never the code or data that wrote it.
"""
from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Generic, TypeVar

Parsed = TypeVar("Parsed")


@dataclass(frozen=True)
class Finding:
    """One rule broken in one output, located so that a person can find it."""

    file: str
    location: str  #: "slide 3, shape 'Title 1'", "page 2", "line 14"
    rule: str  #: stable id, e.g. "deck.title-missing", "pdf.7.1-t03"
    message: str
    severity: str = "error"  #: "error" fails the check; "warning" is reported only

    def __str__(self) -> str:
        tag = "" if self.severity == "error" else f" ({self.severity})"
        return f"{self.file}: {self.location}: {self.rule}{tag}: {self.message}"

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


@dataclass(frozen=True)
class Passage:
    """A piece of an output's text as a reader gets it, with where it is, and what it is where
    the reader can tell: ``role`` is a heading's level ("H1" to "H6"), "TH" for a table's
    column header, "" for anything else (the cross-output checks compare names by it)."""

    location: str
    text: str
    role: str = ""


class ReadOnce(Generic[Parsed]):
    """A file's bytes parsed once for the readers that follow each other on it: ``check`` runs
    a format's audit, then its extraction, and each reads the file from disk; what the first
    parsed from those bytes is reused by the next. Keyed by the bytes' digest, so a file
    rewritten in place (even within the file system's time resolution) is parsed again; the
    last ``keep`` files are kept."""

    def __init__(self, parse: Callable[[bytes], Parsed], keep: int = 2):
        self.parse = parse
        self.keep = keep
        self._kept: OrderedDict[tuple[int, bytes], Parsed] = OrderedDict()

    def __call__(self, path: Path) -> Parsed:
        data = Path(path).read_bytes()
        key = (len(data), hashlib.blake2b(data, digest_size=20).digest())
        parsed = self._kept.get(key)
        if parsed is None:
            parsed = self._kept[key] = self.parse(data)
            while len(self._kept) > self.keep:
                self._kept.popitem(last=False)
        else:
            self._kept.move_to_end(key)
        return parsed

    def __len__(self) -> int:
        return len(self._kept)

    def clear(self) -> None:
        self._kept.clear()
