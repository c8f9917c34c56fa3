"""``manifest.json``: what a build wrote, from which inputs, with which figures.

Written beside the outputs of one release. ``publisher check`` reads it to reconcile figures
and to detect stale or edited outputs; ``publisher build`` reads it to skip outputs whose
inputs have not changed.
"""
from __future__ import annotations

import hashlib
import json
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from publisher import __version__
from publisher.atomic import write_text

MANIFEST_NAME = "manifest.json"
SCHEMA_VERSION = 1


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def sha256_regular_file(path: Path, max_bytes: int) -> str | None:
    """The sha256 of ``path`` if it is a regular file of at most ``max_bytes``; None otherwise.

    For paths read from a manifest, which is trusted for nothing but comparison: a device,
    FIFO or socket is never read (opened non-blocking, checked on the open descriptor)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > max_bytes:
            return None
        digest = hashlib.sha256()
        with os.fdopen(fd, "rb", closefd=False) as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
        return digest.hexdigest()
    except OSError:
        return None
    finally:
        os.close(fd)


@dataclass
class OutputRecord:
    format: str
    file: str
    sha256: str
    inputs: str  #: hash of content, theme, tool version and format: equal inputs, equal output
    content_sha256: str
    checked: str = ""  #: the sha256 this output had when it last passed ``publisher check`` clean
    options: dict[str, Any] = field(default_factory=dict)  #: the format's options it was built with
    language: str = ""  #: a translation's tag; "" for the original's edition
    translation_sha256: str = ""  #: the translation file it was built from (a translation's edition)

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def output_key(fmt: str, language: str = "") -> str:
    """The key of an output in the manifest: the format's name, with a translation's tag after it."""
    return f"{fmt}.{language}" if language else fmt


@dataclass
class Edition:
    """What a translation's outputs must say, and the file it was written from."""

    file: str
    sha256: str
    edition: str  #: the name its outputs start with: ``<slug>.<tag>``
    figures: dict[str, str]  #: key -> display text in this language
    dates: dict[str, str]
    declared: list[str]
    identifiers: list[dict[str, str]] = field(default_factory=list)  #: of its prose, as the original's
    reading: dict[str, Any] = field(default_factory=dict)  #: as the original's, in this language

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class Manifest:
    slug: str
    title: str
    content_file: str
    content_sha256: str
    figures: dict[str, str]  #: key -> display text
    dates: dict[str, str]  #: key -> display text
    declared: list[str]  #: other texts with digits that outputs may show (phone, date, ...)
    #: identifiers of the prose, with the words around them (:class:`publisher.identifiers.Anchored` fields)
    identifiers: list[dict[str, str]] = field(default_factory=list)
    outputs: dict[str, OutputRecord] = field(default_factory=dict)
    tool_version: str = __version__
    theme_files: dict[str, str] = field(default_factory=dict)  #: path -> sha256 of the theme and its fonts
    warnings: list[dict] = field(default_factory=list)  #: the content's warnings (Problem fields), shown again by a no-op build
    draft: bool = False  #: built with --draft: every output carries the draft marks, and only then
    language: str = ""  #: the original's language tag
    values: dict[str, str] = field(default_factory=dict)  #: key -> the figure's exact value, in every language
    translations: dict[str, Edition] = field(default_factory=dict)  #: tag -> the translation's edition
    #: what the reading-order, vocabulary and content checks compare outputs against
    #: (:func:`publisher.expectations.reading`: labels, headings, each quote's attribution, section
    #: and whole text; a key added later is simply absent from an older manifest)
    reading: dict[str, Any] = field(default_factory=dict)

    @property
    def theme_sha256(self) -> str:
        """One hash of every theme file, in path order."""
        return sha256_bytes("".join(f"{p}:{s};" for p, s in sorted(self.theme_files.items())).encode())

    def to_json(self) -> str:
        data: dict[str, Any] = {
            "schema": SCHEMA_VERSION,
            "tool": "publisher",
            "tool_version": self.tool_version,
            "slug": self.slug,
            "title": self.title,
            "content": {"file": self.content_file, "sha256": self.content_sha256},
            "figures": self.figures,
            "dates": self.dates,
            "declared": self.declared,
            "identifiers": self.identifiers,
            "reading": self.reading,
            "theme_files": self.theme_files,
            "warnings": self.warnings,
            "draft": self.draft,
            "language": self.language,
            "values": self.values,
            "translations": {tag: edition.as_dict() for tag, edition in sorted(self.translations.items())},
            "outputs": {name: rec.as_dict() for name, rec in sorted(self.outputs.items())},
        }
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"

    def write(self, folder: Path) -> None:
        write_text(folder / MANIFEST_NAME, self.to_json())


def read_manifest(folder: Path) -> Manifest | None:
    """The manifest in ``folder``, or None if there is none or it is unreadable."""
    path = folder / MANIFEST_NAME
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Manifest(
            slug=data["slug"],
            title=data["title"],
            content_file=data["content"]["file"],
            content_sha256=data["content"]["sha256"],
            figures=dict(data["figures"]),
            dates=dict(data.get("dates", {})),
            declared=list(data.get("declared", [])),
            identifiers=[dict(found) for found in data.get("identifiers", [])],
            reading=dict(data.get("reading", {})),
            outputs={k: OutputRecord(**v) for k, v in data.get("outputs", {}).items()},
            tool_version=data.get("tool_version", ""),
            theme_files=dict(data.get("theme_files", {})),
            warnings=list(data.get("warnings", [])),
            draft=data.get("draft") is True,
            language=str(data.get("language", "")),
            values={str(k): str(v) for k, v in dict(data.get("values", {})).items()},
            translations={str(tag): Edition(**edition) for tag, edition in dict(data.get("translations", {})).items()},
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None
