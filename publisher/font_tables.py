"""The tables of a TrueType or OpenType file, and its names, read with ``struct``.

fontTools' name table alone takes about 0.1 s to import (it pulls in the OpenType layout
tables), more than writing a whole deck; the few names publisher reads (the family a deck
names, the names an embedded font carries) are a table directory and a list of records.
Shared by the deck's writer (embedding) and its audit (finding the font a run names).
"""
from __future__ import annotations

import struct


def tables(data: bytes) -> dict[bytes, bytes]:
    """The tables of a TrueType/OpenType file by tag."""
    count = struct.unpack_from(">H", data, 4)[0]
    found = {}
    for i in range(count):
        tag, _checksum, offset, length = struct.unpack_from(">4sIII", data, 12 + 16 * i)
        found[tag] = data[offset:offset + length]
    return found


def names(table: bytes) -> dict[int, str]:
    """Family, style, full name, version and typographic family (name IDs 1, 2, 4, 5, 16), in
    US English from the Windows records, else from any Unicode or Windows record."""
    count, strings = struct.unpack_from(">HH", table, 2)
    found: dict[int, tuple[int, str]] = {}
    for i in range(count):
        platform, encoding, language, name_id, length, offset = struct.unpack_from(">6H", table, 6 + 12 * i)
        if name_id not in (1, 2, 4, 5, 16) or platform not in (0, 3) or (platform == 3 and encoding not in (0, 1)):
            continue
        rank = 0 if (platform, language) == (3, 0x409) else 1
        if name_id not in found or rank < found[name_id][0]:
            raw = table[strings + offset:strings + offset + length]
            found[name_id] = (rank, raw.decode("utf-16-be", errors="replace"))
    return {name_id: text for name_id, (_rank, text) in found.items()}


def family(data: bytes) -> str:
    """The typographic family of a font file's bytes (name ID 16, else the family, ID 1)."""
    found = names(tables(data)[b"name"])
    return found.get(16) or found[1]
