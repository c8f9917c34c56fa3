"""The handout's package: the theme's font carried inside it, its properties, the template's leftovers gone.

Fonts are embedded as Word embeds them with "Embed fonts in the file" ticked (all
characters, so that the handout stays editable): ``w:embedTrueTypeFonts`` in the settings,
and in the font table a ``w:font`` for the family whose ``w:embedRegular`` / ``w:embedBold``
name, by relationship id and key, an obfuscated font part (``/word/fonts/fontN.odttf``,
ECMA-376 Part 1, 17.8.1). Word and LibreOffice use an embedded font where the machine lacks
it. The template's thumbnail (a picture of another document) and its ``stylesWithEffects``
part (a Word 2010 copy of the styles that would no longer match them) are dropped.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from pathlib import Path
from typing import Any

from lxml import etree

from publisher.docx_internals import drop_package_relationship, new_part, replace_blob
from publisher.render.deck.embed import embeddable, family_bits
from publisher.spec.docx import OBFUSCATED_FONT, R_NS, RT_FONT, W_NS, obfuscate

W = f"{{{W_NS}}}"
RT_THUMBNAIL = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail"
RT_STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"
#: the children of w:font in schema order (ECMA-376 Part 1, 17.8.3.10)
FONT_ORDER = tuple(W + t for t in ("altName", "panose1", "charset", "family", "notTrueType", "pitch", "sig",
                                   "embedRegular", "embedBold", "embedItalic", "embedBoldItalic"))
#: the children of w:settings that follow w:embedTrueTypeFonts (ECMA-376 Part 1, 17.15.1.78)
_BEFORE_EMBED = tuple(W + t for t in ("writeProtection", "view", "zoom", "removePersonalInformation",
                                      "removeDateAndTime", "doNotDisplayPageBoundaries", "displayBackgroundShape",
                                      "printPostScriptOverText", "printFractionalCharacterWidth",
                                      "printFormsData"))


def font_key(font: bytes) -> str:
    """A GUID key for a font, derived from its bytes (the same font, the same key, the same file)."""
    return "{" + str(uuid.uuid5(uuid.NAMESPACE_OID, hashlib.sha256(font).hexdigest())).upper() + "}"


def embed_fonts(document: Any, family: str, faces: dict[str, Path]) -> None:
    """Carry ``faces`` (``"regular"``, ``"bold"`` -> TrueType file) of ``family`` in the handout."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    table_part = document.part.part_related_by(RT.FONT_TABLE)
    root = etree.fromstring(table_part.blob)
    for old in root.findall(W + "font"):
        if old.get(W + "name") == family:
            root.remove(old)
    font = etree.SubElement(root, W + "font")
    font.set(W + "name", family)
    for n, (style, path) in enumerate(faces.items(), 1):
        panose, _ = embeddable(path)
        data = path.read_bytes()
        if n == 1:
            etree.SubElement(font, W + "panose1").set(W + "val", panose.hex().upper())
            etree.SubElement(font, W + "charset").set(W + "val", "00")
            etree.SubElement(font, W + "family").set(W + "val", "swiss" if family_bits(panose) == 0x20 else "auto")
            etree.SubElement(font, W + "pitch").set(W + "val", "variable")
        key = font_key(data)
        part = new_part(document.part.package, f"/word/fonts/font{n}.odttf", OBFUSCATED_FONT, obfuscate(data, key))
        embed = etree.SubElement(font, W + ("embedBold" if style == "bold" else "embedRegular"))
        embed.set(f"{{{R_NS}}}id", table_part.relate_to(part, RT_FONT))
        embed.set(W + "fontKey", key)
    font[:] = sorted(font, key=lambda child: FONT_ORDER.index(child.tag))
    replace_blob(table_part, etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))
    settings = document.settings.element
    if settings.find(W + "embedTrueTypeFonts") is None:
        flag = etree.Element(W + "embedTrueTypeFonts")
        after = [child for child in settings if child.tag in _BEFORE_EMBED]
        if after:
            after[-1].addnext(flag)
        else:
            settings.insert(0, flag)


def drop_template_leftovers(document: Any) -> None:
    drop_package_relationship(document.part.package, RT_THUMBNAIL)
    for rel_id, rel in list(document.part.rels.items()):
        if rel.reltype == RT_STYLES_WITH_EFFECTS:
            document.part.drop_rel(rel_id)


def set_properties(document: Any, *, title: str, subject: str, author: str, keywords: list[str],
                   language: str, description: str, category: str, date: dt.date) -> None:
    """Core properties as Word's File > Info shows them; python-docx's defaults replaced."""
    properties = document.core_properties
    title, subject, author, description, category = (
        within(text) for text in (title, subject, author, description, category))
    stamp = dt.datetime(date.year, date.month, date.day, tzinfo=dt.UTC)
    properties.title = title
    properties.subject = subject
    properties.author = author
    properties.last_modified_by = author
    properties.keywords = within(", ".join(keywords), whole=", ")
    properties.language = language
    properties.comments = description
    properties.category = category
    properties.created = stamp
    properties.modified = stamp
    properties.revision = 1


PROPERTY_LIMIT = 255  #: characters a core property holds (python-docx refuses more, as Word's dialog does)


def within(text: str, limit: int = PROPERTY_LIMIT, whole: str = " ") -> str:
    """``text``, or as many of its whole sentences as fit in ``limit`` characters, else its
    words cut at ``whole`` with an ellipsis."""
    from publisher.sentences import split_sentences

    if len(text) <= limit:
        return text
    kept = ""
    for sentence in split_sentences(text):
        if len(kept) + len(sentence) + 1 > limit:
            break
        kept = f"{kept} {sentence}".strip()
    return kept or text[:limit - 1].rsplit(whole, 1)[0].rstrip(" ,;:") + "…"
