"""A release's editions: the original and each translation, and how their files are named.

Standard library only: ``build`` finds translations and names outputs before anything is parsed
(a no-op rebuild reads nothing but the manifest and hashes).

- A translation of ``content/<slug>.yaml`` is a file beside it, ``<slug>.<tag>.yaml``: the tag a
  BCP 47 tag (``es-US``) or its primary subtag (``es``: the file declares the full tag).
- A translation's outputs are named like the original's with the language's full tag after the
  slug: ``<slug>.es-US.txt``, ``<slug>.es-US-fact-sheet.pdf``, so that a folder listing keeps each
  language's editions together and the file name tells a reader the language.
"""
from __future__ import annotations

import re
from pathlib import Path

#: The tag in a translation's file name: a primary language subtag (ISO 639, two or three
#: letters) and any further subtags: es, es-US, fr-CA, zh-Hant-TW.
TAG_IN_NAME = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")
SUFFIXES = (".yaml", ".yml")


def edition_name(slug: str, language: str = "") -> str:
    """What a language's output files start with: the slug, and a translation's tag after it."""
    return f"{slug}.{language}" if language else slug


def split_name(path: Path) -> tuple[str, str] | None:
    """(the original's slug, the tag) when ``path`` is named like a translation, else None."""
    if path.suffix not in SUFFIXES:
        return None
    slug, _, tag = path.stem.rpartition(".")
    if not slug or not TAG_IN_NAME.match(tag):
        return None
    return slug, tag


def original_of(path: Path) -> Path | None:
    """The content file ``path`` translates: ``<slug>.yaml`` beside it, when ``path`` is ``<slug>.<tag>.yaml``."""
    parts = split_name(path)
    if parts is None:
        return None
    for suffix in SUFFIXES:
        original = path.with_name(parts[0] + suffix)
        if original.is_file():
            return original
    return None


def translation_files(content: Path) -> list[Path]:
    """The translations beside ``content``, in name order."""
    found = []
    for suffix in SUFFIXES:
        for path in sorted(content.parent.glob(f"{glob_escape(content.stem)}.*{suffix}")):
            parts = split_name(path)
            if parts and parts[0] == content.stem and path.is_file():
                found.append(path)
    return found


def glob_escape(text: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", text)
