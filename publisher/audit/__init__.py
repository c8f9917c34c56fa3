"""Readers that open each output again and check it: accessibility audits and text extraction.

Every audit module exposes::

    def audit(path: Path) -> list[Finding]       # the format's accessibility rules
    def extract(path: Path) -> list[Passage]     # the text a reader gets, located

Both read the file, never the code or data that wrote it.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass


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
