"""Reading a PDF page's content stream the way an assistive technology does.

:func:`scan_page` walks the operators of a page (and of the form XObjects it draws) with the
marked-content stack, and reports what the PDF audit needs: painting outside any marked
sequence, artifacts and tagged content nested in each other, the MCIDs present, the text
shown inside each MCID (decoded through the font's ToUnicode map) and the character codes
each font shows.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

import pikepdf

#: Operators that put marks on the page (ISO 32000-1, 8.5.3, 9.4.3, 8.8, 8.7.4.2).
TEXT_SHOWING = {"Tj", "TJ", "'", '"'}
PAINTING = TEXT_SHOWING | {"S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "sh", "INLINE IMAGE", "BI"}


@dataclass
class PageScan:
    untagged: list[str] = field(default_factory=list)  #: painting operators outside marked content
    artifact_in_tagged: int = 0
    tagged_in_artifact: int = 0
    unbalanced: bool = False
    mcids: set[int] = field(default_factory=set)
    text: dict[int, list[str]] = field(default_factory=dict)  #: MCID -> decoded strings, in order
    codes: dict[tuple, tuple[pikepdf.Object, set[bytes]]] = field(default_factory=dict)  #: font -> codes shown
    multiple_mcid: set[int] = field(default_factory=set)  #: MCIDs used more than once
    declares_lang: bool = False  #: some marked content carries /Lang
    unlangued_mcids: set[int] = field(default_factory=set)  #: MCIDs with text that no marked content gives a /Lang
    tagged_forms: list[tuple] = field(default_factory=list)  #: form XObjects with MCIDs, once per use


class FontDecoder:
    """Character codes -> Unicode text for one font, through its ToUnicode CMap."""

    def __init__(self, font: pikepdf.Object):
        self.font = font
        self.two_byte = font.get("/Subtype") == "/Type0"
        self.map: dict[bytes, str] = {}
        tounicode = font.get("/ToUnicode")
        if isinstance(tounicode, pikepdf.Stream):
            try:
                self.map = parse_tounicode(tounicode.read_bytes())
            except (pikepdf.PdfError, ValueError):
                self.map = {}

    def codes(self, data: bytes) -> list[bytes]:
        step = 2 if self.two_byte else 1
        return [data[i:i + step] for i in range(0, len(data), step)]

    def decode(self, data: bytes) -> str:
        out = []
        for code in self.codes(data):
            if code in self.map:
                out.append(self.map[code])
            elif not self.two_byte:
                out.append(code.decode("cp1252", errors="replace"))
        return "".join(out)


_BF_CHAR = re.compile(rb"beginbfchar(.*?)endbfchar", re.S)
_BF_RANGE = re.compile(rb"beginbfrange(.*?)endbfrange", re.S)
_HEX = re.compile(rb"<([0-9A-Fa-f\s]*)>|\[([^\]]*)\]")


def _hex(token: bytes) -> bytes:
    return bytes.fromhex(re.sub(rb"\s", b"", token).decode())


def _utf16(data: bytes) -> str:
    return data.decode("utf-16-be", errors="replace")


@lru_cache(maxsize=64)
def parse_tounicode(data: bytes) -> dict[bytes, str]:
    """The code -> text map of a ToUnicode CMap (bfchar and bfrange sections).

    Cached by the CMap's bytes (every page of a PDF shares its fonts' maps): the dict is
    shared between callers, read it, never change it."""
    mapping: dict[bytes, str] = {}
    for block in _BF_CHAR.findall(data):
        tokens = re.findall(rb"<([0-9A-Fa-f\s]*)>", block)
        for src, dst in zip(tokens[0::2], tokens[1::2], strict=False):
            mapping[_hex(src)] = _utf16(_hex(dst))
    for block in _BF_RANGE.findall(data):
        for line in re.finditer(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[0-9A-Fa-f\s]*>|\[[^\]]*\])", block):
            low, high, dst = _hex(line[1]), _hex(line[2]), line[3]
            start, end = int.from_bytes(low, "big"), int.from_bytes(high, "big")
            if end - start > 65535:
                continue
            if dst.startswith(b"["):
                targets = [_hex(t) for t in re.findall(rb"<([0-9A-Fa-f\s]*)>", dst)]
                for offset, target in enumerate(targets):
                    mapping[(start + offset).to_bytes(len(low), "big")] = _utf16(target)
            else:
                base = _hex(dst[1:-1])
                value = int.from_bytes(base, "big")
                for offset in range(end - start + 1):
                    mapping[(start + offset).to_bytes(len(low), "big")] = _utf16(
                        (value + offset).to_bytes(len(base), "big"))
    return mapping


def _marked_kind(operands) -> tuple[str, int | None]:
    tag = str(operands[0]) if operands else ""
    mcid = None
    if len(operands) > 1 and isinstance(operands[1], pikepdf.Dictionary) and "/MCID" in operands[1]:
        mcid = int(operands[1].MCID)
    return tag, mcid


def scan_page(page: pikepdf.Page) -> PageScan:
    scan = PageScan()
    try:
        _scan(page.obj, page.obj.get("/Resources", pikepdf.Dictionary()), [], scan, set(), {})
    except pikepdf.PdfError:
        scan.unbalanced = True
    return scan


def _scan(container, resources, stack: list[tuple[str, int | None, bool]], scan: PageScan, seen: set, decoders: dict) -> None:
    depth_at_start = len(stack)
    font = None
    fonts: object = resources.get("/Font", pikepdf.Dictionary()) if isinstance(resources, pikepdf.Dictionary) else {}
    for instruction in pikepdf.parse_content_stream(container):
        op = str(instruction.operator)  # operands are made into Python objects only where they are read
        if op in ("BDC", "BMC"):
            operands = instruction.operands
            tag, mcid = _marked_kind(operands)
            has_lang = len(operands) > 1 and isinstance(operands[1], pikepdf.Dictionary) and "/Lang" in operands[1]
            if has_lang:
                scan.declares_lang = True
            in_artifact = any(t == "/Artifact" for t, _, _ in stack)
            in_tagged = any(m is not None for _, m, _ in stack)
            if tag == "/Artifact" and in_tagged:
                scan.artifact_in_tagged += 1
            if mcid is not None:
                if in_artifact:
                    scan.tagged_in_artifact += 1
                if mcid in scan.mcids:
                    scan.multiple_mcid.add(mcid)
                scan.mcids.add(mcid)
            stack.append((tag, mcid, has_lang))
        elif op == "EMC":
            if len(stack) <= depth_at_start:
                scan.unbalanced = True
            else:
                stack.pop()
        elif op == "Tf" and (operands := instruction.operands):
            font = fonts.get(str(operands[0])) if hasattr(fonts, "get") else None
        elif op == "Do" and (operands := instruction.operands):
            xobjects = resources.get("/XObject", pikepdf.Dictionary())
            xobject = xobjects.get(str(operands[0])) if isinstance(xobjects, pikepdf.Dictionary) else None
            if xobject is None:
                continue
            if xobject.get("/Subtype") == "/Form":
                key = xobject.objgen
                if key in seen:
                    continue
                seen.add(key)
                # a form with its own /StructParents has its own MCIDs, not the page's
                target = PageScan() if "/StructParents" in xobject else scan
                before = len(target.mcids)
                _scan(xobject, xobject.get("/Resources", resources), stack, target, seen, decoders)
                if len(target.mcids) > before or (target is not scan and target.mcids):
                    scan.tagged_forms.append(key)
                scan.declares_lang |= target.declares_lang
                if target is not scan:
                    scan.untagged += target.untagged
                    scan.artifact_in_tagged += target.artifact_in_tagged
                    scan.tagged_in_artifact += target.tagged_in_artifact
                    scan.unbalanced |= target.unbalanced
                    scan.codes.update(target.codes)
                seen.discard(key)
            elif not _marked(stack):
                scan.untagged.append("Do (image)")
        elif op in PAINTING:
            if not _marked(stack):
                scan.untagged.append(op)
            if op in TEXT_SHOWING and font is not None:
                _record_text(font, instruction.operands, stack, scan, decoders)
    if len(stack) != depth_at_start:
        scan.unbalanced = True
        del stack[depth_at_start:]


def _marked(stack) -> bool:
    return any(tag == "/Artifact" or mcid is not None for tag, mcid, _ in stack)


def _strings(operands) -> list[bytes]:
    out = []
    for operand in operands:
        if isinstance(operand, pikepdf.String):
            out.append(bytes(operand))
        elif isinstance(operand, pikepdf.Array):
            for item in operand:
                if isinstance(item, pikepdf.String):
                    out.append(bytes(item))
                elif isinstance(item, (int, float, Decimal)) and float(item) < -250 and out:
                    out.append(b" ")  # a wide kerning gap reads as a space; a stray name or boolean is ignored
    return out


def _record_text(font, operands, stack, scan: PageScan, decoders: dict) -> None:
    key = font.objgen if font.is_indirect else (id(font),)
    decoder = decoders.get(key)
    if decoder is None:
        decoder = decoders[key] = FontDecoder(font)
    strings = _strings(operands)
    codes = scan.codes.setdefault(key, (font, set()))[1]
    for data in strings:
        if data != b" ":
            codes.update(decoder.codes(data))
    mcid = next((m for _, m, _ in reversed(stack) if m is not None), None)
    if mcid is not None and not any(lang for _, _, lang in stack):
        scan.unlangued_mcids.add(mcid)
    if mcid is not None:
        scan.text.setdefault(mcid, []).append(
            "".join(" " if data == b" " else decoder.decode(data) for data in strings))
