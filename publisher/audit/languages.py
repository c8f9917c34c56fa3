"""The languages a file declares, read from the file: where a reader's software looks for them.

- PDF: the catalog's /Lang and the XMP packet's ``dc:language``;
- HTML: ``<html lang>``;
- PowerPoint: the core properties' ``dc:language`` and every run's ``lang`` on slides, notes,
  masters and layouts (what PowerPoint reads aloud and spell-checks with, and gives new text);
- Word: the core properties' ``dc:language``, the default run language (``w:lang`` in the
  styles), the theme font language and every ``w:lang`` of the document.

``publisher check`` compares them with the edition's language: a Spanish handout that still
says English is a finding. Text and braille files declare nothing.
"""
from __future__ import annotations

import re
import zipfile
from collections import Counter
from pathlib import Path

_CORE_LANGUAGE = re.compile(rb"<dc:language>\s*([^<\s]+)\s*</dc:language>")
_ATTRIBUTE = re.compile(rb'\blang="([^"]*)"')
_WORD_LANG = re.compile(rb"<w:(?:lang|themeFontLang)\b[^>]*?\bw:val=\"([^\"]*)\"")
_HTML_LANG = re.compile(r"<html\b[^>]*?\blang=\"([^\"]*)\"", re.IGNORECASE)
_XMP_LANGUAGE = re.compile(rb"<dc:language\b[^>]*>.*?<rdf:li>([^<]*)</rdf:li>", re.DOTALL)


def declared(path: Path) -> list[tuple[str, str]]:
    """(where, tag) of every language the file declares, each place once."""
    suffix = Path(path).suffix.lower()
    if suffix == ".pdf":
        return _pdf(Path(path))
    if suffix == ".html":
        match = _HTML_LANG.search(Path(path).read_text(encoding="utf-8", errors="replace"))
        return [("<html lang>", match.group(1))] if match else []
    if suffix in (".pptx", ".docx"):
        return _package(Path(path), _ATTRIBUTE if suffix == ".pptx" else _WORD_LANG)
    return []


def _pdf(path: Path) -> list[tuple[str, str]]:
    import pikepdf

    found = []
    with pikepdf.open(path) as pdf:
        lang = pdf.Root.get("/Lang")
        if lang is not None:
            found.append(("catalog /Lang", str(lang)))
        if "/Metadata" in pdf.Root:
            match = _XMP_LANGUAGE.search(pdf.Root.Metadata.read_bytes())
            if match:
                found.append(("XMP dc:language", match.group(1).decode("utf-8", "replace").strip()))
    return found


def _package(path: Path, attribute: re.Pattern[bytes]) -> list[tuple[str, str]]:
    found = []
    with zipfile.ZipFile(path) as package:
        for name in sorted(package.namelist()):
            if not name.endswith(".xml"):
                continue
            data = package.read(name)
            if name == "docProps/core.xml":
                match = _CORE_LANGUAGE.search(data)
                if match:
                    found.append((f"{name} dc:language", match.group(1).decode()))
                continue
            tags = Counter(m.decode("utf-8", "replace") for m in attribute.findall(data))
            found += [(f"{name} ({count} x)", tag) for tag, count in sorted(tags.items())]
    return found
