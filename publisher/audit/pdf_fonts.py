"""Fonts as the PDF/UA-1 rules of clause 7.21 read them: from character codes to CIDs, glyph
names, glyphs of the embedded font program, widths and Unicode.

A font dictionary (simple: Type1, MMType1, TrueType, Type3; composite: Type0 with its CIDFont)
becomes a :class:`FontInfo`. Its embedded program (FontFile: Type 1; FontFile2: TrueType;
FontFile3: CFF, CID-keyed CFF or OpenType) is read with fontTools, lazily, once per stream.
Codes become glyphs as ISO 32000-1 says: 9.6.6 for simple fonts (the encoding, then for TrueType
the cmap subtables of 9.6.6.4), 9.7 for composite fonts (the CMap's codespace and CID mappings,
then CIDToGIDMap or the CFF charset). Unicode comes from the ToUnicode CMap, else from glyph
names of the Adobe Glyph List (9.10.2), as veraPDF reads it.
"""
from __future__ import annotations

import io
import logging
import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property, lru_cache
from typing import Any

import pikepdf

from publisher.audit.pdf_content import parse_tounicode

#: ISO 32000-1, Table 118: the predefined CMaps, with the character collection they use.
PREDEFINED_CMAPS: dict[str, str] = {}
for _ordering, _names in {
    "GB1": "GB-EUC-H GB-EUC-V GBpc-EUC-H GBpc-EUC-V GBK-EUC-H GBK-EUC-V GBKp-EUC-H GBKp-EUC-V GBK2K-H GBK2K-V "
           "UniGB-UCS2-H UniGB-UCS2-V UniGB-UTF16-H UniGB-UTF16-V",
    "CNS1": "B5pc-H B5pc-V HKscs-B5-H HKscs-B5-V ETen-B5-H ETen-B5-V ETenms-B5-H ETenms-B5-V CNS-EUC-H CNS-EUC-V "
            "UniCNS-UCS2-H UniCNS-UCS2-V UniCNS-UTF16-H UniCNS-UTF16-V",
    "Japan1": "83pv-RKSJ-H 90ms-RKSJ-H 90ms-RKSJ-V 90msp-RKSJ-H 90msp-RKSJ-V 90pv-RKSJ-H Add-RKSJ-H Add-RKSJ-V "
              "EUC-H EUC-V Ext-RKSJ-H Ext-RKSJ-V H V UniJIS-UCS2-H UniJIS-UCS2-V UniJIS-UCS2-HW-H UniJIS-UCS2-HW-V "
              "UniJIS-UTF16-H UniJIS-UTF16-V",
    "Korea1": "KSC-EUC-H KSC-EUC-V KSCms-UHC-H KSCms-UHC-V KSCms-UHC-HW-H KSCms-UHC-HW-V KSCpc-EUC-H "
              "UniKS-UCS2-H UniKS-UCS2-V UniKS-UTF16-H UniKS-UTF16-V",
}.items():
    for _name in _names.split():
        PREDEFINED_CMAPS[_name] = _ordering
PREDEFINED_CMAPS["Identity-H"] = PREDEFINED_CMAPS["Identity-V"] = "Identity"
#: Character collections whose Unicode values a reader takes from Adobe's UCS2 CMaps (9.10.2).
UNICODE_COLLECTIONS = frozenset({"GB1", "CNS1", "Japan1", "Korea1", "KR"})
SUBSET = re.compile(r"^[A-Z]{6}\+")
SYMBOLIC = 4  #: font descriptor flag bit 3 (ISO 32000-1, Table 123)

_log = logging.getLogger(__name__)


def name_of(value: object) -> str | None:
    return str(value)[1:] if isinstance(value, pikepdf.Name) else None


def number(value: object, default: float | None = None) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        return default
    return float(value)


@dataclass
class CMap:
    """What the audit needs of a CMap program: codespace, CIDs, WMode, usecmap (9.7.5)."""

    codespace: list[tuple[bytes, bytes]] = field(default_factory=list)
    singles: dict[bytes, int] = field(default_factory=dict)
    ranges: list[tuple[bytes, bytes, int]] = field(default_factory=list)
    wmode: int | None = None
    usecmap: str | None = None

    def split(self, data: bytes, default: int = 2) -> list[bytes]:
        """``data`` cut into character codes by the codespace ranges (9.7.6.2)."""
        if not self.codespace:
            return [data[i:i + default] for i in range(0, len(data), default)]
        lengths = sorted({len(low) for low, _ in self.codespace})
        out, i = [], 0
        while i < len(data):
            for n in lengths:
                code = data[i:i + n]
                if len(code) == n and any(len(low) == n and all(lo <= b <= hi for b, lo, hi in zip(code, low, high, strict=False))
                                          for low, high in self.codespace):
                    break
            else:
                n = lengths[0]
                code = data[i:i + n]
            out.append(code)
            i += n
        return out

    def cid(self, code: bytes) -> int | None:
        if code in self.singles:
            return self.singles[code]
        value = int.from_bytes(code, "big")
        for low, high, start in self.ranges:
            if len(low) == len(code) and int.from_bytes(low, "big") <= value <= int.from_bytes(high, "big"):
                return start + value - int.from_bytes(low, "big")
        return None


_HEX = re.compile(rb"<([0-9A-Fa-f\s]*)>")


def _hexes(block: bytes) -> list[bytes]:
    return [bytes.fromhex(re.sub(rb"\s", b"", h).decode()) for h in _HEX.findall(block)]


def parse_cmap(data: bytes) -> CMap:
    cmap = CMap()
    for block in re.findall(rb"begincodespacerange(.*?)endcodespacerange", data, re.DOTALL):
        values = _hexes(block)
        cmap.codespace += [(values[i], values[i + 1]) for i in range(0, len(values) - 1, 2)
                           if len(values[i]) == len(values[i + 1])]
    for block in re.findall(rb"begincidrange(.*?)endcidrange", data, re.DOTALL):
        for low, high, start in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(\d+)", block):
            cmap.ranges.append((bytes.fromhex(low.decode()), bytes.fromhex(high.decode()), int(start)))
    for block in re.findall(rb"begincidchar(.*?)endcidchar", data, re.DOTALL):
        for code, cid in re.findall(rb"<([0-9A-Fa-f]+)>\s*(\d+)", block):
            cmap.singles[bytes.fromhex(code.decode())] = int(cid)
    wmode = re.search(rb"/WMode\s+(\d+)\s+def", data)
    cmap.wmode = int(wmode[1]) if wmode else None
    use = re.search(rb"/([^\s/\[\]()<>{}%]+)\s+usecmap", data)
    cmap.usecmap = use[1].decode("latin-1") if use else None
    return cmap


# ---------------------------------------------------------------- encodings and glyph names


def base_encoding(name: str) -> list[str | None]:
    from reportlab.pdfbase._fontdata import encodings

    return list(encodings.get(name, encodings["StandardEncoding"]))


def glyph_unicode(name: str) -> str:
    """The Unicode of a glyph name by the Adobe Glyph List ('' if it has none)."""
    from fontTools.agl import toUnicode

    if name in (".notdef", ""):
        return ""
    try:
        return toUnicode(name)
    except (ValueError, KeyError):
        return ""


@lru_cache(maxsize=1)
def _symbol_names() -> frozenset[str]:
    return frozenset(n for n in base_encoding("SymbolEncoding") + base_encoding("ZapfDingbatsEncoding") if n)


# ---------------------------------------------------------------- font programs


class Program:
    """An embedded font program: which glyphs it has and how wide they are (in 1/1000 em)."""

    kind = ""

    def has_name(self, name: str) -> bool:
        return False

    def width_of_name(self, name: str) -> float | None:
        return None

    def has_gid(self, gid: int) -> bool:
        return False

    def width_of_gid(self, gid: int) -> float | None:
        return None

    def names(self) -> set[str]:
        return set()

    def builtin_encoding(self) -> list[str | None] | None:
        return None

    def cids(self) -> list[int] | None:
        """The CIDs of a CID-keyed program (None: glyphs are indexed by GID)."""
        return None


class TrueTypeProgram(Program):
    kind = "TrueType"

    def __init__(self, font: Any):
        self.font = font
        self.num_glyphs = int(font["maxp"].numGlyphs)
        self.scale = 1000 / (font["head"].unitsPerEm or 1000)
        self.order = font.getGlyphOrder()
        self.metrics_count = int(font["hhea"].numberOfHMetrics) if "hhea" in font else self.num_glyphs
        tables = font["cmap"].tables if "cmap" in font else []
        self.subtables = [(t.platformID, t.platEncID) for t in tables]
        self._cmaps: dict[tuple[int, int], dict[int, str]] = {}
        for table in tables:
            self._cmaps.setdefault((table.platformID, table.platEncID), table.cmap)

    def cmap(self, platform: int, encoding: int) -> dict[int, str] | None:
        return self._cmaps.get((platform, encoding))

    @cached_property
    def _gids(self) -> dict[str, int]:
        return {name: gid for gid, name in enumerate(self.order)}

    def gid_of_name(self, name: str) -> int | None:
        gid = self._gids.get(name)
        return gid if gid is not None and 0 < gid < self.num_glyphs else None

    def has_gid(self, gid: int) -> bool:
        return 0 <= gid < self.num_glyphs

    def width_of_gid(self, gid: int) -> float | None:
        if not 0 <= gid < len(self.order):
            return None
        try:
            return round(self.font["hmtx"][self.order[gid]][0] * self.scale, 3)
        except KeyError:
            return None

    def has_name(self, name: str) -> bool:
        return self.gid_of_name(name) is not None

    def width_of_name(self, name: str) -> float | None:
        gid = self.gid_of_name(name)
        return self.width_of_gid(gid) if gid is not None else None

    def names(self) -> set[str]:
        return set(self.order)


class CharStringProgram(Program):
    """Type 1 and CFF programs: glyphs by name, widths from the charstrings."""

    def __init__(self, charstrings: Any, matrix: list[float] | None, encoding: Any = None,
                 charset: list[str] | None = None, cid_keyed: bool = False, kind: str = "CFF"):
        self.charstrings = charstrings
        self.scale = (matrix[0] if matrix else 0.001) * 1000
        self.encoding = encoding
        self.charset = charset if charset is not None else list(charstrings.keys())
        self.cid_keyed = cid_keyed
        self.kind = kind
        self._widths: dict[str, float | None] = {}

    def has_name(self, name: str) -> bool:
        return name in self.charstrings

    def width_of_name(self, name: str) -> float | None:
        if name not in self._widths:
            width = None
            try:
                from fontTools.pens.basePen import NullPen

                charstring = self.charstrings[name]
                charstring.draw(NullPen())
                width = round(float(charstring.width) * self.scale, 3)
            except Exception:  # noqa: BLE001 - a broken charstring has no width to compare
                width = None
            self._widths[name] = width
        return self._widths[name]

    def has_gid(self, gid: int) -> bool:
        return 0 <= gid < len(self.charset)

    def width_of_gid(self, gid: int) -> float | None:
        return self.width_of_name(self.charset[gid]) if self.has_gid(gid) else None

    def names(self) -> set[str]:
        return set(self.charset)

    def builtin_encoding(self) -> list[str | None] | None:
        encoding = self.encoding
        if isinstance(encoding, list):
            return [n if n and n != ".notdef" else ".notdef" for n in encoding[:256]] + [None] * (256 - len(encoding))
        if isinstance(encoding, dict):  # CFF custom encoding: code -> name
            table: list[str | None] = [".notdef"] * 256
            for code, name in encoding.items():
                if 0 <= int(code) < 256:
                    table[int(code)] = name
            return table
        if encoding == "ExpertEncoding":
            return base_encoding("MacExpertEncoding")
        return base_encoding("StandardEncoding")

    def cids(self) -> list[int] | None:
        if not self.cid_keyed:
            return None
        out = []
        for name in self.charset:
            found = re.fullmatch(r"cid(\d+)", name)
            if found:
                out.append(int(found[1]))
            elif name == ".notdef":
                out.append(0)
        return out

    def name_of_cid(self, cid: int) -> str | None:
        if not self.cid_keyed:
            return self.charset[cid] if 0 <= cid < len(self.charset) else None
        name = f"cid{cid:05d}" if cid else ".notdef"
        return name if name in self.charstrings else None


def _type1(data: bytes) -> Program:
    from fontTools import t1Lib

    font = t1Lib.T1Font.__new__(t1Lib.T1Font)
    font.data, font.encoding = data, "ascii"
    font.parse()
    return CharStringProgram(font.font["CharStrings"], list(font.font.get("FontMatrix") or []) or None,
                             font.font.get("Encoding"), kind="Type1")


def _cff(data: bytes) -> Program:
    from fontTools.cffLib import CFFFontSet

    fonts = CFFFontSet()
    fonts.decompile(io.BytesIO(data), None)
    top = fonts[fonts.fontNames[0]]
    cid_keyed = hasattr(top, "ROS")
    matrix = top.rawDict.get("FontMatrix") or [0.001]
    return CharStringProgram(top.CharStrings, list(matrix), getattr(top, "Encoding", None),
                             list(top.charset), cid_keyed, "CFF")


def _opentype(data: bytes) -> Program:
    from fontTools.ttLib import TTFont

    font = TTFont(io.BytesIO(data), lazy=True)
    if "glyf" in font:
        return TrueTypeProgram(font)
    return _cff(font.getTableData("CFF "))


def load_program(stream: pikepdf.Stream, kind: str) -> Program | None:
    """The font program of a FontFile (``Type1``), FontFile2 (``TrueType``) or FontFile3 stream."""
    from fontTools.ttLib import TTFont

    logging.getLogger("fontTools").setLevel(logging.ERROR)  # "timestamp seems very low" and the like
    try:
        data = stream.read_bytes()
        if kind == "FontFile":
            return _type1(data)
        if kind == "FontFile2":
            return TrueTypeProgram(TTFont(io.BytesIO(data), lazy=True))
        subtype = name_of(stream.get("/Subtype"))
        if subtype == "OpenType":
            return _opentype(data)
        return _cff(data)
    except Exception as exc:  # noqa: BLE001 - any unreadable program: its glyph checks are not made
        _log.debug("font program not read: %s", exc)
        return None


# ---------------------------------------------------------------- font dictionaries


class FontInfo:
    """One font dictionary with its descendant, descriptor, program and encodings."""

    def __init__(self, font: pikepdf.Dictionary, programs: dict[tuple, Program | None]):
        self.font = font
        self.subtype = name_of(font.get("/Subtype")) or ""
        self._programs = programs
        self._gid_cache: dict[int, int | None] = {}
        self.descendant: pikepdf.Dictionary | None = None
        if self.subtype == "Type0":
            descendants = font.get("/DescendantFonts")
            first = descendants[0] if isinstance(descendants, pikepdf.Array) and len(descendants) else None
            self.descendant = first if isinstance(first, pikepdf.Dictionary) else None
        described = self.descendant if self.descendant is not None else font
        descriptor = described.get("/FontDescriptor")
        self.descriptor = descriptor if isinstance(descriptor, pikepdf.Dictionary) else None
        self.program_key: str | None = None
        self.program_stream: pikepdf.Stream | None = None
        if self.descriptor is not None:
            for key in ("/FontFile", "/FontFile2", "/FontFile3"):
                value = self.descriptor.get(key)
                if isinstance(value, pikepdf.Stream):
                    self.program_key, self.program_stream = key[1:], value
                    break

    # ---------------------------------------------------------- identity

    @property
    def composite(self) -> bool:
        return self.subtype == "Type0"

    @property
    def cid_subtype(self) -> str | None:
        return name_of(self.descendant.get("/Subtype")) if self.descendant is not None else None

    @property
    def name(self) -> str:
        """The font's name (a composite font's: its CIDFont's BaseFont)."""
        owner = self.descendant if self.descendant is not None else self.font
        base = owner.get("/BaseFont")
        if base is None and self.descriptor is not None:
            base = self.descriptor.get("/FontName")
        return name_of(base) or ""

    @property
    def subset(self) -> bool:
        return bool(SUBSET.match(self.name))

    @property
    def symbolic(self) -> bool:
        flags = self.descriptor.get("/Flags") if self.descriptor is not None else None
        return isinstance(flags, int) and bool(int(flags) & SYMBOLIC)

    @property
    def embedded(self) -> bool:
        return self.program_stream is not None

    @cached_property
    def program(self) -> Program | None:
        if self.program_stream is None or self.program_key is None:
            return None
        key = self.program_stream.objgen if self.program_stream.is_indirect else ("direct", id(self.program_stream))
        if key not in self._programs:
            self._programs[key] = load_program(self.program_stream, self.program_key)
        return self._programs[key]

    # ---------------------------------------------------------- codes and CIDs (composite fonts)

    @cached_property
    def encoding_cmap(self) -> CMap | None:
        encoding = self.font.get("/Encoding")
        if isinstance(encoding, pikepdf.Stream):
            try:
                return parse_cmap(encoding.read_bytes())
            except pikepdf.PdfError:
                return CMap()
        return None

    @property
    def cmap_name(self) -> str | None:
        encoding = self.font.get("/Encoding")
        if isinstance(encoding, pikepdf.Name):
            return name_of(encoding)
        if isinstance(encoding, pikepdf.Stream):
            return name_of(encoding.get("/CMapName"))
        return None

    @cached_property
    def tounicode(self) -> dict[bytes, str] | None:
        stream = self.font.get("/ToUnicode")
        if not isinstance(stream, pikepdf.Stream):
            return None
        try:
            return parse_tounicode(stream.read_bytes())
        except (pikepdf.PdfError, ValueError):
            return {}

    @cached_property
    def _tounicode_codespace(self) -> CMap | None:
        stream = self.font.get("/ToUnicode")
        if not isinstance(stream, pikepdf.Stream):
            return None
        try:
            return parse_cmap(stream.read_bytes())
        except pikepdf.PdfError:
            return None

    def codes(self, data: bytes) -> list[bytes]:
        """The character codes of a shown string."""
        if not self.composite:
            return [data[i:i + 1] for i in range(len(data))]
        if self.encoding_cmap is not None and self.encoding_cmap.codespace:
            return self.encoding_cmap.split(data)
        if self.cmap_name in ("Identity-H", "Identity-V") or self.cmap_name is None:
            return CMap().split(data, 2)
        spaces = self._tounicode_codespace
        return spaces.split(data) if spaces is not None and spaces.codespace else CMap().split(data, 2)

    def cid(self, code: bytes) -> int | None:
        """The CID of a code of a composite font (None: the CMap's mapping is not known here)."""
        if self.encoding_cmap is not None:
            cid = self.encoding_cmap.cid(code)
            return cid if cid is not None else 0
        if self.cmap_name in ("Identity-H", "Identity-V"):
            return int.from_bytes(code, "big")
        return None

    @cached_property
    def cid_to_gid(self) -> bytes | None:
        mapping = self.descendant.get("/CIDToGIDMap") if self.descendant is not None else None
        if isinstance(mapping, pikepdf.Stream):
            try:
                return mapping.read_bytes()
            except pikepdf.PdfError:
                return b""
        return None

    def gid_of_cid(self, cid: int) -> int | None:
        table = self.cid_to_gid
        if table is None:
            return cid
        if 2 * cid + 1 < len(table):
            return int.from_bytes(table[2 * cid:2 * cid + 2], "big")
        return None

    # ---------------------------------------------------------- simple fonts: names

    @cached_property
    def encoding_table(self) -> list[str | None] | None:
        """Code -> glyph name of a simple font (None: the font has no encoding by name)."""
        if self.composite:
            return None
        encoding = self.font.get("/Encoding")
        base: object = encoding
        differences = None
        if isinstance(encoding, pikepdf.Dictionary) and not isinstance(encoding, pikepdf.Stream):
            base = encoding.get("/BaseEncoding")
            differences = encoding.get("/Differences")
        table: list[str | None] | None = None
        base_name = name_of(base)
        if base_name in ("WinAnsiEncoding", "MacRomanEncoding", "MacExpertEncoding", "StandardEncoding"):
            table = [n or ".notdef" for n in base_encoding(base_name)]
        elif self.subtype in ("Type1", "MMType1"):
            table = self._builtin_encoding()
        elif self.subtype == "Type3" or (self.subtype == "TrueType" and differences is not None):
            table = [".notdef"] * 256 if self.subtype == "Type3" else [None] * 256
        if isinstance(differences, pikepdf.Array):
            table = table if table is not None else [None] * 256
            position = 0
            for item in differences:
                if isinstance(item, pikepdf.Name):
                    if 0 <= position < 256:
                        table[position] = str(item)[1:]
                    position += 1
                elif isinstance(item, int):
                    position = int(item)
        return table

    def _builtin_encoding(self) -> list[str | None]:
        if self.name.split("+")[-1] == "Symbol":
            return [n or ".notdef" for n in base_encoding("SymbolEncoding")]
        if self.name.split("+")[-1] == "ZapfDingbats":
            return [n or ".notdef" for n in base_encoding("ZapfDingbatsEncoding")]
        program = self.program
        builtin = program.builtin_encoding() if program is not None else None
        return builtin if builtin is not None else [n or ".notdef" for n in base_encoding("StandardEncoding")]

    def glyph_name(self, code: bytes) -> str | None:
        if self.composite or len(code) != 1:
            return None
        table = self.encoding_table
        return table[code[0]] if table is not None else None

    # ---------------------------------------------------------- glyphs of the program

    def _truetype_gid(self, code: int, program: TrueTypeProgram) -> int | None:
        """ISO 32000-1, 9.6.6.4: a code of a simple TrueType font to a glyph."""
        if code not in self._gid_cache:
            self._gid_cache[code] = self._find_truetype_gid(code, program)
        return self._gid_cache[code]

    def _find_truetype_gid(self, code: int, program: TrueTypeProgram) -> int | None:
        name = self.glyph_name(bytes([code]))
        if not self.symbolic and name is not None:
            windows = program.cmap(3, 1)
            unicode = glyph_unicode(name)
            if windows is not None and unicode:
                glyph = windows.get(ord(unicode[0]))
                if glyph is not None:
                    return program.gid_of_name(glyph)
            mac = program.cmap(1, 0)
            if mac is not None:
                roman = base_encoding("MacRomanEncoding")
                if name in roman:
                    glyph = mac.get(roman.index(name))
                    if glyph is not None:
                        return program.gid_of_name(glyph)
            gid = program.gid_of_name(name)
            if gid is not None:
                return gid
        for platform, encoding, offsets in ((3, 0, (0, 0xF000, 0xF100, 0xF200)), (1, 0, (0,))):
            table = program.cmap(platform, encoding)
            if table is None:
                continue
            for offset in offsets:
                glyph = table.get(code + offset)
                if glyph is not None:
                    return program.gid_of_name(glyph)
        if self.symbolic and program.subtables and not program.cmap(3, 0) and not program.cmap(1, 0):
            first = program.cmap(*program.subtables[0]) or {}
            glyph = first.get(code)
            return program.gid_of_name(glyph) if glyph is not None else None
        return None

    def _locate(self, code: bytes) -> tuple[str, int | str | None] | None:
        """Where the code's glyph is in the program: ("gid", n), ("name", s) or ("missing", None);
        None when there is no program, or the code's CID is not known here."""
        program = self.program
        if program is None:
            return None
        if self.composite:
            cid = self.cid(code)
            if cid is None:
                return None
            if isinstance(program, CharStringProgram) and program.cid_keyed:
                name = program.name_of_cid(cid) if cid else None
                return ("name", name) if name is not None else ("missing", None)
            gid = self.gid_of_cid(cid)
            return ("gid", gid) if cid and gid is not None and program.has_gid(gid) else ("missing", None)
        if isinstance(program, TrueTypeProgram) and self.subtype == "TrueType":
            gid = self._truetype_gid(code[0], program)
            return ("gid", gid) if gid else ("missing", None)
        name = self.glyph_name(code)
        found = name is not None and name != ".notdef" and program.has_name(name)
        return ("name", name) if found else ("missing", None)

    def glyph_present(self, code: bytes) -> bool | None:
        """The program has a glyph for the code (None: no program to look in)."""
        if int.from_bytes(code, "big") == 0:
            return True
        if self.subtype == "Type3":
            name = self.glyph_name(code)
            procs = self.font.get("/CharProcs")
            return isinstance(procs, pikepdf.Dictionary) and name is not None and ("/" + name) in procs
        located = self._locate(code)
        return None if located is None else located[0] != "missing"

    def program_width(self, code: bytes) -> float | None:
        if self.subtype == "Type3":
            return self._type3_width(code)
        located = self._locate(code)
        program = self.program
        if located is None or program is None:
            return None
        kind, ref = located
        if kind == "gid" and isinstance(ref, int):
            return program.width_of_gid(ref)
        if kind == "name" and isinstance(ref, str):
            return program.width_of_name(ref)
        return None

    def _type3_width(self, code: bytes) -> float | None:
        name = self.glyph_name(code)
        procs = self.font.get("/CharProcs")
        proc = procs.get("/" + name) if isinstance(procs, pikepdf.Dictionary) and name else None
        if not isinstance(proc, pikepdf.Stream):
            return None
        try:
            for instruction in pikepdf.parse_content_stream(proc):
                if str(instruction.operator) in ("d0", "d1"):
                    return number(instruction.operands[0]) if instruction.operands else None
                return None
        except (pikepdf.PdfError, ValueError):
            return None
        return None

    @cached_property
    def _cid_widths(self) -> tuple[dict[int, float], list[tuple[int, int, float]]]:
        singles: dict[int, float] = {}
        ranges: list[tuple[int, int, float]] = []
        array = self.descendant.get("/W") if self.descendant is not None else None
        if not isinstance(array, pikepdf.Array):
            return singles, ranges
        items = list(array)
        i = 0
        while i < len(items):
            first = items[i]
            if not isinstance(first, int):
                break
            second = items[i + 1] if i + 1 < len(items) else None
            if isinstance(second, pikepdf.Array):
                for offset, width in enumerate(second):
                    value = number(width)
                    if value is not None:
                        singles[int(first) + offset] = value
                i += 2
            elif isinstance(second, int) and i + 2 < len(items):
                value = number(items[i + 2])
                if value is not None:
                    ranges.append((int(first), int(second), value))
                i += 3
            else:
                break
        return singles, ranges

    def dictionary_width(self, code: bytes) -> float:
        """The width the font dictionary gives the code (Widths, MissingWidth; W, DW)."""
        if self.composite:
            cid = self.cid(code)
            singles, ranges = self._cid_widths
            if cid is not None:
                if cid in singles:
                    return singles[cid]
                for low, high, width in ranges:
                    if low <= cid <= high:
                        return width
            default = number(self.descendant.get("/DW") if self.descendant is not None else None, 1000.0)
            return default if default is not None else 1000.0
        widths = self.font.get("/Widths")
        first = self.font.get("/FirstChar")
        value = code[0] if code else 0
        if isinstance(widths, pikepdf.Array) and isinstance(first, int) and 0 <= value - int(first) < len(widths):
            width = number(widths[value - int(first)])
            if width is not None:
                return width
        missing = number(self.descriptor.get("/MissingWidth") if self.descriptor is not None else None, 0.0)
        return missing if missing is not None else 0.0

    # ---------------------------------------------------------- Unicode and .notdef

    def unicode(self, code: bytes) -> str | None:
        """The Unicode of a code (veraPDF's ``toUnicode``): ToUnicode, else the glyph name."""
        mapping = self.tounicode
        if mapping and code in mapping:
            return mapping[code]
        if self.composite:
            ordering = self._collection()
            return " " if ordering in UNICODE_COLLECTIONS else None
        name = self.glyph_name(code)
        if name is None and isinstance(self.program, TrueTypeProgram) and self.subtype == "TrueType":
            gid = self._truetype_gid(code[0], self.program)
            name = self.program.order[gid] if gid else None
        if name is None:
            return None
        unicode = glyph_unicode(name)
        if unicode:
            return unicode
        return " " if name in _symbol_names() else None

    def _collection(self) -> str | None:
        """The character collection (ordering) whose UCS2 CMap gives a composite font's Unicode."""
        name = self.cmap_name
        if name in ("Identity-H", "Identity-V") or name is None:
            info = self.descendant.get("/CIDSystemInfo") if self.descendant is not None else None
            if isinstance(info, pikepdf.Dictionary) and str(info.get("/Registry", "")) == "Adobe":
                return str(info.get("/Ordering", ""))
            return None
        if name in PREDEFINED_CMAPS:
            return PREDEFINED_CMAPS[name]
        encoding = self.font.get("/Encoding")
        info = encoding.get("/CIDSystemInfo") if isinstance(encoding, pikepdf.Stream) else None
        if isinstance(info, pikepdf.Dictionary) and str(info.get("/Registry", "")) == "Adobe":
            return str(info.get("/Ordering", ""))
        return None

    def notdef(self, code: bytes) -> bool:
        """The code shows the .notdef glyph (veraPDF's Glyph ``name``)."""
        if self.composite:
            if self.program is None:
                return False
            cid = self.cid(code)
            return cid == 0 or (cid is not None and self.glyph_present(code) is False)
        name = self.glyph_name(code)
        if name is None:
            return self.subtype == "TrueType" and code == b"\x00"
        return name == ".notdef"
