"""The theme's fonts carried inside the deck, the way PowerPoint embeds them.

What PowerPoint writes when "Embed fonts in the file" is ticked (all characters, so that
the deck stays editable) and what is written here:

- ``p:presentation/@embedTrueTypeFonts="1"`` and a ``p:embeddedFontLst`` with one
  ``p:embeddedFont`` per family: ``p:font`` (typeface, PANOSE, pitch and family, charset)
  and ``p:regular`` / ``p:bold`` naming, by relationship id, a font part of the presentation;
- the font parts ``/ppt/fonts/fontN.fntdata``, content type ``application/x-fontdata``,
  relationship type ``.../officeDocument/2006/relationships/font``, each an Embedded
  OpenType (EOT) file: a little-endian header (sizes, PANOSE, weight, the font's embedding
  permissions, names) followed by the TrueType font. PowerPoint itself usually compresses
  the font data (MicroType Express); EOT allows it uncompressed, which is what we write
  (version 0x00020001, no subsetting, no XOR), byte for byte the theme's font file after
  the header. The OFL allows embedding; a font whose ``OS/2.fsType`` forbids it is refused.
"""
from __future__ import annotations

import struct
from functools import lru_cache
from pathlib import Path

from publisher.errors import BuildError
from publisher.font_tables import names, tables

RT_FONT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/font"
CT_FONTDATA = "application/x-fontdata"
P_NS = "http://schemas.openxmlformats.org/presentationml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
P = f"{{{P_NS}}}"
EOT_VERSION = 0x00020001
EOT_MAGIC = 0x504C
DEFAULT_CHARSET = 1
VARIABLE_PITCH = 0x02
RESTRICTED = 0x0002  #: OS/2 fsType bit: no embedding without the owner's permission
#: children of p:presentation that follow p:embeddedFontLst (ECMA-376 Part 1, 19.2.1.26)
_AFTER = tuple(P + t for t in ("custShowLst", "photoAlbum", "custDataLst", "kinsoku", "defaultTextStyle",
                               "modifyVerifier", "extLst"))


@lru_cache(maxsize=8)
def _font_facts(path: Path, stamp: tuple[int, int]) -> tuple[bytes, bytes, str]:
    """(EOT bytes, PANOSE, typeface family) of a TrueType file; ``stamp`` keys the cache."""
    data = path.read_bytes()
    try:
        found = tables(data)
        os2, head = found[b"OS/2"], found[b"head"]
        font_names = names(found[b"name"])
        version, weight = struct.unpack_from(">HH", os2, 0)
        fs_type = struct.unpack_from(">H", os2, 8)[0]
        panose = os2[32:42]
        ranges = struct.unpack_from(">4I", os2, 42)
        fs_selection = struct.unpack_from(">H", os2, 62)[0]
        code_pages = struct.unpack_from(">2I", os2, 78) if version >= 1 else (0, 0)
        checksum = struct.unpack_from(">I", head, 8)[0]
    except (KeyError, struct.error) as exc:
        raise BuildError(f"{path.name} is not a TrueType font the deck can carry ({exc})") from None
    if fs_type & RESTRICTED:
        raise BuildError(f"{path.name} may not be embedded (its OS/2 fsType is restricted licence)")
    header = struct.pack("<4I10sBBIHH4I2II4IH", 0, len(data), EOT_VERSION, 0, panose, DEFAULT_CHARSET,
                         fs_selection & 1, weight, fs_type, EOT_MAGIC, *ranges, *code_pages, checksum,
                         0, 0, 0, 0, 0)
    for name_id in (1, 2, 5, 4):  # family, style, version, full name, each followed by a padding word
        encoded = font_names.get(name_id, "").encode("utf-16-le")
        header += struct.pack("<H", len(encoded)) + encoded + struct.pack("<H", 0)
    header += struct.pack("<H", 0)  # RootStringSize: no root string (not bound to a web site)
    blob = struct.pack("<I", len(header) + len(data)) + header[4:] + data
    return blob, panose, font_names.get(16) or font_names.get(1, "")


def family_bits(panose: bytes) -> int:
    """The Windows font family of a PANOSE: Swiss (sans serif) or Roman for Latin text, else unknown."""
    if panose[0] != 2:  # not "Latin text": the font does not say
        return 0x00
    return 0x20 if panose[1] in (11, 12, 13) else 0x10


def eot(path: Path) -> bytes:
    """The TrueType font at ``path`` as an uncompressed Embedded OpenType file."""
    stat = path.stat()
    return _font_facts(path, (stat.st_mtime_ns, stat.st_size))[0]


def embed_fonts(prs, family: str, faces: dict[str, Path]) -> None:
    """Carry ``faces`` (``"regular"``, ``"bold"`` -> TrueType file) of ``family`` in ``prs``."""
    from lxml import etree

    from publisher.pptx_internals import binary_part, xml_of

    presentation = prs.part
    root = xml_of(presentation)
    root.set("embedTrueTypeFonts", "1")
    font_list = etree.Element(P + "embeddedFontLst")
    embedded = etree.SubElement(font_list, P + "embeddedFont")
    font = etree.SubElement(embedded, P + "font", typeface=family)
    for n, (style, path) in enumerate(faces.items(), 1):
        stat = path.stat()
        blob, panose, _ = _font_facts(path, (stat.st_mtime_ns, stat.st_size))
        if n == 1:
            font.set("panose", panose.hex().upper())
            font.set("pitchFamily", str(VARIABLE_PITCH | family_bits(panose)))
            font.set("charset", "0")
        part = binary_part(presentation.package, f"/ppt/fonts/font{n}.fntdata", CT_FONTDATA, blob)
        etree.SubElement(embedded, P + style).set(f"{{{R_NS}}}id", presentation.relate_to(part, RT_FONT))
    follower = next((child for child in root if child.tag in _AFTER), None)
    if follower is None:
        root.append(font_list)
    else:
        follower.addprevious(font_list)


def embeddable(path: Path) -> tuple[bytes, str]:
    """(PANOSE, typeface family) of a TrueType file whose licence allows embedding; a
    BuildError when it forbids it or is no TrueType file (the Word handout embeds it too)."""
    stat = path.stat()
    _, panose, family = _font_facts(path, (stat.st_mtime_ns, stat.st_size))
    return panose, family
