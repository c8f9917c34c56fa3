"""PDF/UA-1 clause 7.21, fonts: composite fonts (7.21.3), embedding and subsets (7.21.4),
widths (7.21.5), encodings (7.21.6), Unicode (7.21.7) and .notdef (7.21.8).

The fonts checked are those the content shows text with (pages, form XObjects, annotation
appearances); the glyph rules look at every code shown, the rendering rules (embedding, glyphs
present, widths) only at codes shown in a text rendering mode other than 3 (invisible). A rule
broken by several glyphs of one font is one finding, naming the first glyph and the count.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

import pikepdf

from publisher.audit.pdf_content import FontUse
from publisher.audit.pdf_document import PdfDocument
from publisher.audit.pdf_fonts import (
    PREDEFINED_CMAPS,
    CharStringProgram,
    FontInfo,
    Program,
    TrueTypeProgram,
    glyph_unicode,
    name_of,
    number,
)
from publisher.audit.pdfua_rules import Hit, implements

BAD_UNICODE = ("\x00", "\ufffe", "\ufeff")
CIDS = 65536  #: CIDs are 0 to 65535 (ISO 32000-1, 9.7.2)


@dataclass
class UsedFont:
    info: FontInfo
    use: FontUse
    where: str
    _codes: dict[str, list[bytes]] = field(default_factory=dict)

    def codes(self, rendered: bool) -> list[bytes]:
        """The distinct codes shown (in a visible rendering mode, if ``rendered``), in first-seen order."""
        key = "rendered" if rendered else "all"
        if key not in self._codes:
            strings = self.use.rendered if rendered else self.use.codes
            if self.info.composite:
                seen: dict[bytes, None] = {}
                for data in strings:
                    seen.update(dict.fromkeys(self.info.codes(data)))
                self._codes[key] = list(seen)
            else:  # one byte a code
                self._codes[key] = [bytes((value,)) for value in dict.fromkeys(b"".join(strings))]
        return self._codes[key]


def used_fonts(doc: PdfDocument) -> list[UsedFont]:
    cached = doc.cache.get("fonts")
    if cached is None:
        programs: dict[tuple, Program | None] = {}
        fonts: list[UsedFont] = []
        for use in doc.content.fonts.values():
            info = FontInfo(use.font, programs)
            fonts.append(UsedFont(info, use, f"{use.where}, font {info.name or '(unnamed)'}"))
        doc.cache["fonts"] = cached = fonts
    return cached  # type: ignore[return-value]


def _cid_system_info(value: object) -> tuple[str | None, str | None, float | None]:
    if isinstance(value, pikepdf.Array) and len(value):
        value = value[0]
    if not isinstance(value, pikepdf.Dictionary):
        return None, None, None
    registry, ordering = value.get("/Registry"), value.get("/Ordering")
    return (str(registry) if isinstance(registry, pikepdf.String) else None,
            str(ordering) if isinstance(ordering, pikepdf.String) else None,
            number(value.get("/Supplement")))


@implements("7.21.3.1-t01", "7.21.3.2-t01", "7.21.3.3-t01", "7.21.3.3-t02", "7.21.3.3-t03", limits={
    "7.21.3.1-t01": "with a predefined CMap other than Identity, Registry and Ordering are compared but not "
                    "Supplement: the predefined CMap files are not shipped"})
def composite_fonts(doc: PdfDocument) -> Iterator[Hit]:
    for used in used_fonts(doc):
        info = used.info
        if not info.composite:
            continue
        encoding = info.font.get("/Encoding")
        cmap_name = info.cmap_name
        if not isinstance(encoding, pikepdf.Stream) and cmap_name not in PREDEFINED_CMAPS:
            yield Hit("7.21.3.3-t01", used.where, (cmap_name,))
        if cmap_name not in ("Identity-H", "Identity-V"):
            font_registry, font_ordering, font_supplement = _cid_system_info(
                info.descendant.get("/CIDSystemInfo") if info.descendant is not None else None)
            predefined = not isinstance(encoding, pikepdf.Stream)
            if isinstance(encoding, pikepdf.Stream):
                registry, ordering, supplement = _cid_system_info(encoding.get("/CIDSystemInfo"))
            else:
                known = cmap_name in PREDEFINED_CMAPS
                registry, ordering = ("Adobe", PREDEFINED_CMAPS[cmap_name or ""]) if known else (None, None)
                supplement = None  # the predefined CMaps' supplements are not kept here
            compatible = (font_ordering is not None and font_ordering == ordering
                          and font_registry is not None and font_registry == registry
                          and font_supplement is not None
                          and (predefined or supplement is not None and font_supplement <= supplement))
            if not compatible:
                yield Hit("7.21.3.1-t01", used.where, (font_ordering, ordering, font_registry, registry,
                                                       font_supplement, supplement))
        if isinstance(encoding, pikepdf.Stream):
            declared = encoding.get("/WMode")
            declared_mode = int(declared) if isinstance(declared, int) else 0
            cmap = info.encoding_cmap
            written = cmap.wmode if cmap is not None and cmap.wmode is not None else 0
            if written != declared_mode:
                yield Hit("7.21.3.3-t02", used.where, (written, declared_mode))
            used_cmap = encoding.get("/UseCMap")
            referenced = name_of(used_cmap) if isinstance(used_cmap, pikepdf.Name) else (
                name_of(used_cmap.get("/CMapName")) if isinstance(used_cmap, pikepdf.Stream) else None)
            if used_cmap is None and cmap is not None:
                referenced = cmap.usecmap
            if (used_cmap is not None or referenced is not None) and referenced not in PREDEFINED_CMAPS:
                yield Hit("7.21.3.3-t03", used.where, (referenced,))
        if info.cid_subtype == "CIDFontType2" and info.embedded and info.descendant is not None:
            mapping = info.descendant.get("/CIDToGIDMap")
            if not (isinstance(mapping, pikepdf.Stream) or mapping == "/Identity"):
                yield Hit("7.21.3.2-t01", used.where)


@implements("7.21.4.1-t01")
def embedding(doc: PdfDocument) -> Iterator[Hit]:
    """Every font used for rendering embeds its program (a Type 0 font: its CIDFont)."""
    for used in used_fonts(doc):
        info = used.info
        if info.subtype == "Type3" or (info.composite and info.descendant is None):
            continue
        if used.use.rendered and not info.embedded:
            yield Hit("7.21.4.1-t01", used.where)


def _charset_names(value: object) -> set[str]:
    if not isinstance(value, pikepdf.String):
        return set()
    names = re.findall(r"/([^/\s]+)", str(value))
    return {re.sub(r"#([0-9A-Fa-f]{2})", lambda m: chr(int(m[1], 16)), n) for n in names}


def _cidset_lists_all_glyphs(info: FontInfo, bits: bytes) -> bool | None:
    program = info.program
    if program is None:
        return None
    bits = bits[:CIDS // 8]  # CIDs run to 65535
    declared = {i * 8 + b for i, byte in enumerate(bits) if byte for b in range(8) if byte & (0x80 >> b)}
    declared.discard(0)
    if isinstance(program, TrueTypeProgram):
        table = info.cid_to_gid
        if table is None:
            present = set(range(1, program.metrics_count))

            def contains(cid: int) -> bool:
                return 0 < cid < program.num_glyphs
        else:
            def contains(cid: int) -> bool:
                gid = info.gid_of_cid(cid)
                return cid != 0 and gid is not None and gid < program.num_glyphs
            present = {cid for cid in range(1, min(len(table) // 2, CIDS)) if contains(cid)}
    elif isinstance(program, CharStringProgram):
        cids = program.cids()
        present = set(cids) - {0} if cids is not None else set(range(1, len(program.charset)))

        def contains(cid: int) -> bool:
            return cid in present
    else:
        return None
    return present <= declared and all(contains(cid) for cid in declared)


@implements("7.21.4.2-t01", "7.21.4.2-t02", limits={
    "7.21.4.2-t01": "a font program fontTools cannot read is not judged",
    "7.21.4.2-t02": "a font program fontTools cannot read is not judged"})
def subsets(doc: PdfDocument) -> Iterator[Hit]:
    """A subset's CharSet (Type 1) or CIDSet (CIDFont) lists exactly the glyphs of its program."""
    for used in used_fonts(doc):
        info = used.info
        if not (info.subset and info.embedded and info.descriptor is not None):
            continue
        if info.subtype in ("Type1", "MMType1") and "/CharSet" in info.descriptor:
            program = info.program
            if program is None:
                continue
            declared = _charset_names(info.descriptor.get("/CharSet"))
            present = program.names()
            same = (len(declared) in (len(present), len(present) - 1)
                    and (present - {".notdef"}) <= declared and (declared - {".notdef"}) <= present)
            if not same:
                yield Hit("7.21.4.2-t01", used.where)
        elif info.composite:
            cidset = info.descriptor.get("/CIDSet")
            if isinstance(cidset, pikepdf.Stream):
                try:
                    bits = cidset.read_bytes()
                except pikepdf.PdfError:
                    bits = b""
                if _cidset_lists_all_glyphs(info, bits) is False:
                    yield Hit("7.21.4.2-t02", used.where)


@implements("7.21.6-t01", "7.21.6-t02", "7.21.6-t03", "7.21.6-t04")
def truetype_encodings(doc: PdfDocument) -> Iterator[Hit]:
    for used in used_fonts(doc):
        info = used.info
        if info.subtype != "TrueType":
            continue
        encoding = info.font.get("/Encoding")
        differences = encoding.get("/Differences") if isinstance(encoding, pikepdf.Dictionary) else None
        base = encoding.get("/BaseEncoding") if isinstance(encoding, pikepdf.Dictionary) else encoding
        program = info.program if info.embedded else None
        subtables = program.subtables if isinstance(program, TrueTypeProgram) else None
        if info.symbolic:
            if encoding is not None:
                yield Hit("7.21.6-t03", used.where)
            if subtables is not None and len(subtables) != 1 and (3, 0) not in subtables:
                yield Hit("7.21.6-t04", used.where, (len(subtables),))
            continue
        if subtables is not None and not (len(subtables) > 1 if (3, 0) in subtables else len(subtables) > 0):
            yield Hit("7.21.6-t01", used.where)
        base_name = name_of(base)
        compliant = None
        if isinstance(differences, pikepdf.Array):
            names = [str(d)[1:] for d in differences if isinstance(d, pikepdf.Name)]
            compliant = all(glyph_unicode(n) for n in names) and subtables is not None and (3, 1) in subtables
        if base_name not in ("MacRomanEncoding", "WinAnsiEncoding") or compliant is False:
            yield Hit("7.21.6-t02", used.where, (base_name, differences is not None, compliant))


def _glyph_label(code: bytes) -> str:
    return "code " + (str(code[0]) if len(code) == 1 else "<" + code.hex().upper() + ">")


@implements("7.21.4.1-t02", "7.21.5-t01", "7.21.7-t01", "7.21.7-t02", "7.21.8-t01", limits={
    "7.21.4.1-t02": "codes of a composite font with a predefined CMap other than Identity are not mapped to CIDs "
                    "(the CMap files are not shipped), so their glyphs are not looked up",
    "7.21.5-t01": "as 7.21.4.1-t02; widths are compared where the glyph is found in the program",
    "7.21.7-t01": "a composite font of the Adobe-GB1, CNS1, Japan1 or Korea1 collection without ToUnicode counts "
                  "as mapped (through Adobe's UCS2 CMaps, which are not shipped) without looking up each CID"})
def glyphs(doc: PdfDocument) -> Iterator[Hit]:
    """Each code shown: a glyph in the program, widths that agree, a Unicode value, not .notdef."""
    for used in used_fonts(doc):
        info = used.info
        rendered = set(used.codes(rendered=True))
        missing: list[bytes] = []
        widths: list[tuple[bytes, float, float]] = []
        no_unicode: list[bytes] = []
        bad_unicode: list[bytes] = []
        notdef: list[bytes] = []
        for code in used.codes(rendered=False):
            unicode = info.unicode(code)
            if unicode is None:
                no_unicode.append(code)
            elif any(c in unicode for c in BAD_UNICODE):
                bad_unicode.append(code)
            if info.notdef(code):
                notdef.append(code)
            if code not in rendered:
                continue
            present = info.glyph_present(code)
            if present is False:
                missing.append(code)
                continue
            from_program = info.program_width(code) if present else None
            if from_program is not None:
                from_dictionary = info.dictionary_width(code)
                if abs(from_program - from_dictionary) > 1:
                    widths.append((code, from_program, from_dictionary))
        for rule, found in (("7.21.4.1-t02", missing), ("7.21.7-t01", no_unicode), ("7.21.7-t02", bad_unicode),
                            ("7.21.8-t01", notdef)):
            if found:
                yield Hit(rule, f"{used.where}, {_glyph_label(found[0])}" + (f" and {len(found) - 1} more"
                                                                            if len(found) > 1 else ""))
        if widths:
            code, program_width, dictionary_width = widths[0]
            more = f" and {len(widths) - 1} more" if len(widths) > 1 else ""
            yield Hit("7.21.5-t01", f"{used.where}, {_glyph_label(code)}{more}", (f"{program_width:g}", f"{dictionary_width:g}"))
