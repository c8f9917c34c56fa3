"""Every glyph a PDF page shows, as printed: a small interpreter of the text state over pikepdf.

The page's content stream, as pikepdf parses it, is run through the text state of ISO 32000-1,
section 9 (graphics state stack and CTM, text and line matrices, font and size, character and
word spacing, horizontal scaling, rise, TJ kerning, form XObjects, marked content), so each
glyph's size and box come from the full text rendering matrix: text made small or slanted by a
transformation is seen as it prints. Widths come from the font dictionary, text through the
font's ToUnicode map (:class:`publisher.audit.pdf_content.FontDecoder`).

``tests/test_largeprint.py`` reads the same files with pdfminer.six, an independent reader, and
requires the two to agree glyph for glyph.
"""
from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any, NamedTuple

import pikepdf

from publisher.audit.pdf_content import FontDecoder

ITALIC_NAME = re.compile(r"italic|oblique|slanted|kursiv", re.IGNORECASE)
ITALIC_FLAG = 1 << 6  #: ISO 32000-1, Table 123
ANGLE_TOLERANCE = 0.05  #: degrees of ItalicAngle that are rounding, not a slant
FORM_DEPTH = 32  #: form XObjects drawn inside each other deeper than this: the file is refused


class Unreadable(Exception):
    """The glyphs of the file cannot all be read (a malformed content stream, a page without a media box)."""


class Glyph(NamedTuple):
    """One glyph as printed (immutable; a named tuple, as a page holds thousands)."""

    text: str
    font: str
    size: float  #: the printed height of the em, points
    x0: float
    y0: float
    x1: float
    y1: float
    baseline: float
    slanted: bool  #: the text matrix shears the glyph (synthetic oblique)
    italic_font: str  #: why the font is italic ("" if it is not)
    mcid: int | None = None  #: the marked-content id it is drawn in (None: artifact or untagged)


def _italic_reason(fontname: str, basefont: str, flags: int, angle: float) -> str:
    names = " ".join(n for n in (fontname, basefont) if n)
    if ITALIC_NAME.search(names):
        return f"its name ({names.split()[0]}) says italic or oblique"
    if flags & ITALIC_FLAG:
        return "its descriptor has the Italic flag"
    if abs(angle) > ANGLE_TOLERANCE:
        return f"its descriptor has ItalicAngle {angle:g}"
    return ""


# ---------------------------------------------------------------- fonts: what a code prints

_STANDARD_14 = frozenset("Courier Courier-Bold Courier-Oblique Courier-BoldOblique Helvetica Helvetica-Bold "
                         "Helvetica-Oblique Helvetica-BoldOblique Times-Roman Times-Bold Times-Italic "
                         "Times-BoldItalic Symbol ZapfDingbats".split())


def _name(value) -> str:
    return str(value)[1:] if isinstance(value, pikepdf.Name) else ""


def _number(value, default: float = 0.0) -> float:
    return float(value) if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool) else default


def _numbers(value, count: int) -> tuple[float, ...] | None:
    if not isinstance(value, pikepdf.Array) or len(value) != count:
        return None
    items = [_number(v, float("nan")) for v in value]
    return None if any(v != v for v in items) else tuple(items)


def _dictionary(value) -> pikepdf.Dictionary:
    return value if isinstance(value, pikepdf.Dictionary) else pikepdf.Dictionary()


def _cid_widths(array, vertical: bool) -> tuple[dict[int, tuple], list[tuple]]:
    """A descendant font's /W (or /W2) array: single codes, and ranges kept unexpanded."""
    singles: dict[int, tuple] = {}
    ranges: list[tuple] = []
    if not isinstance(array, pikepdf.Array):
        return singles, ranges
    step = 3 if vertical else 1
    pending: list[float] = []
    for item in array:
        if isinstance(item, pikepdf.Array):
            if pending:
                values = [_number(v) for v in item]
                first = int(pending[-1])
                for i in range(len(values) // step):
                    singles[first + i] = tuple(values[i * step:(i + 1) * step])
            pending = []
        elif isinstance(item, (int, Decimal)):
            pending.append(float(item))
            if len(pending) == 2 + step:
                ranges.append((int(pending[0]), int(pending[1]), tuple(pending[2:])))
                pending = []
    return singles, ranges


class _Font:
    """What the glyph reader needs of one font dictionary: for each code, its text, its
    advance (text space units per unit of font size) and whether it shows anything."""

    __slots__ = ("name", "italic", "two_byte", "vertical", "descent", "_decoder", "_codes", "_widths",
                 "_ranges", "_default", "_scale", "_differences", "_disps", "_disp_ranges", "_default_vy", "_cids")

    def __init__(self, font) -> None:
        font = _dictionary(font)
        subtype = font.get("/Subtype")
        self._decoder = FontDecoder(font)
        self.two_byte = self._decoder.two_byte
        self._codes: dict[int, tuple[str, float, bool]] = {}
        self._widths: dict[int, Any] = {}  #: a width, or a CID font's (width, ...) tuple
        self._scale = 0.001
        self._differences: dict[int, str] = {}
        self._disps: dict[int, tuple] = {}
        self._disp_ranges: list[tuple] = []
        self._default_vy = 880.0
        self._cids: tuple[dict[int, int], list[tuple[int, int, int]]] = ({}, [])
        self.vertical = False
        described = font
        if self.two_byte:
            descendants = font.get("/DescendantFonts")
            if isinstance(descendants, pikepdf.Array) and len(descendants):
                described = _dictionary(descendants[0])
            encoding = font.get("/Encoding")
            self.vertical = (_name(encoding).endswith("-V") if isinstance(encoding, pikepdf.Name)
                             else isinstance(encoding, pikepdf.Stream) and _number(encoding.get("/WMode")) == 1)
            if isinstance(encoding, pikepdf.Stream):  # an embedded CMap: codes to CIDs (a predefined one: code = CID)
                self._cids = _parse_cids(encoding.read_bytes())
        descriptor = _dictionary(described.get("/FontDescriptor"))
        basefont = _name(font.get("/BaseFont"))
        self.name = _name(descriptor.get("/FontName")) or basefont or "unknown"
        descent = _number(descriptor.get("/Descent"))
        self.descent = -abs(descent) * 0.001  # ISO 32000-1 9.8.1: Descent is never positive
        if self.two_byte:
            self._widths, self._ranges = _cid_widths(described.get("/W2" if self.vertical else "/W"), self.vertical)
            if self.vertical:
                self._disps = self._widths
                self._disp_ranges = self._ranges
                vy, w1y = _numbers(described.get("/DW2"), 2) or (880.0, -1000.0)
                self._default_vy, self._default = vy, w1y
            else:
                self._default = _number(described.get("/DW"), 1000.0)
        else:
            first = int(_number(font.get("/FirstChar")))
            widths = font.get("/Widths")
            self._widths = ({first + i: _number(w) for i, w in enumerate(widths)}
                            if isinstance(widths, pikepdf.Array) else {})
            self._ranges = []
            self._default = _number(descriptor.get("/MissingWidth"))
            self._read_encoding(font.get("/Encoding"))
            if subtype == "/Type3":
                matrix = _numbers(font.get("/FontMatrix"), 6) or (0.001, 0, 0, 0.001, 0, 0)
                self._scale = matrix[0] + matrix[2]
                bbox = _numbers(font.get("/FontBBox"), 4) or (0, 0, 0, 0)
                self.descent = bbox[1] * (matrix[1] + matrix[3])
            elif not isinstance(widths, pikepdf.Array) and basefont in _STANDARD_14:
                self._standard_metrics(basefont, font.get("/Encoding"))
        self.italic = _italic_reason(self.name, basefont, int(_number(descriptor.get("/Flags"))),
                                     _number(descriptor.get("/ItalicAngle")))

    def _read_encoding(self, encoding) -> None:
        differences = encoding.get("/Differences") if isinstance(encoding, pikepdf.Dictionary) else None
        if not isinstance(differences, pikepdf.Array):
            return
        code = 0
        for item in differences:
            if isinstance(item, int):
                code = item
            elif isinstance(item, pikepdf.Name):
                self._differences[code] = str(item)[1:]
                code += 1

    def _standard_metrics(self, basefont: str, encoding) -> None:
        """The widths and descent of a standard 14 font the file does not describe (its AFM
        metrics, as reportlab ships them), through the font's encoding."""
        from reportlab.pdfbase import _fontdata

        base = _name(encoding)
        if isinstance(encoding, pikepdf.Dictionary):
            base = _name(encoding.get("/BaseEncoding"))
        if base not in _fontdata.encodings or basefont in ("Symbol", "ZapfDingbats"):  # their own built-in one
            base = {"Symbol": "SymbolEncoding", "ZapfDingbats": "ZapfDingbatsEncoding"}.get(basefont,
                                                                                           "StandardEncoding")
        names = list(_fontdata.encodings[base])
        for code, name in self._differences.items():
            if 0 <= code < len(names):
                names[code] = name
        widths = _fontdata.widthsByFontGlyph.get(basefont, {})
        self._widths = {code: float(widths[name]) for code, name in enumerate(names) if name in widths}
        self.descent = -abs(_fontdata.ascent_descent.get(basefont, (0, 0))[1]) * 0.001

    def code(self, code: int) -> tuple[str, float, bool]:
        """(text, advance per unit of font size, shows something) for one character code."""
        known = self._codes.get(code)
        if known is not None:
            return known
        key = code.to_bytes(2 if self.two_byte else 1, "big")
        text = self._decoder.map.get(key)
        if text is None:
            if self.two_byte:
                text = f"(cid:{code})"
            elif code in self._differences:
                text = _glyph_text(self._differences[code]) or self._decoder.decode(key)
            elif code < 32:
                text = f"(cid:{code})"
            else:
                text = self._decoder.decode(key)
        cid = self._cid(code) if self.two_byte else code  # simple fonts: widths by code
        width = self._widths.get(cid)
        if width is None:
            width = next((w for low, high, w in self._ranges if low <= cid <= high), None)
        if isinstance(width, tuple):
            width = width[0]
        known = self._codes[code] = (text, (self._default if width is None else width) * self._scale,
                                     bool(text.strip()))
        return known

    def _cid(self, code: int) -> int:
        singles, ranges = self._cids
        cid = singles.get(code)
        if cid is None:
            cid = next((first + code - low for low, high, first in ranges if low <= code <= high), code)
        return cid

    def displacement(self, code: int) -> tuple[float | None, float]:
        """A vertical font's position vector (v_x, v_y) for one code, glyph space (None: half the width)."""
        code = self._cid(code)
        entry = self._disps.get(code) or next((w for low, high, w in self._disp_ranges if low <= code <= high), None)
        return (entry[1], entry[2]) if entry and len(entry) == 3 else (None, self._default_vy)


_CID_CHAR = re.compile(rb"begincidchar(.*?)endcidchar", re.S)
_CID_RANGE = re.compile(rb"begincidrange(.*?)endcidrange", re.S)


def _parse_cids(data: bytes) -> tuple[dict[int, int], list[tuple[int, int, int]]]:
    """The code -> CID map of an embedded CMap (cidchar and cidrange sections), for two-byte codes."""
    singles: dict[int, int] = {}
    ranges: list[tuple[int, int, int]] = []
    for block in _CID_CHAR.findall(data):
        for code, cid in re.findall(rb"<([0-9A-Fa-f]+)>\s*(\d+)", block):
            singles[int(code, 16)] = int(cid)
    for block in _CID_RANGE.findall(data):
        for low, high, cid in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(\d+)", block):
            ranges.append((int(low, 16), int(high, 16), int(cid)))
    return singles, ranges


def _glyph_text(name: str) -> str:
    from fontTools.agl import toUnicode

    return toUnicode(name)


# ---------------------------------------------------------------- content streams: where it prints

IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _multiply(m1, m0) -> tuple[float, float, float, float, float, float]:
    """``m1 x m0`` (m1 applied first), as ISO 32000-1 8.3.4 writes it."""
    a1, b1, c1, d1, e1, f1 = m1
    a0, b0, c0, d0, e0, f0 = m0
    return (a1 * a0 + b1 * c0, a1 * b0 + b1 * d0, c1 * a0 + d1 * c0, c1 * b0 + d1 * d0,
            e1 * a0 + f1 * c0 + e0, e1 * b0 + f1 * d0 + f0)


#: the operators the reader acts on (the parser drops the others, and inline images, before Python sees them)
_INTERPRETED = "q Q cm BT Tj TJ ' \" T* Td TD Tm Tf BDC BMC EMC Tc Tw TL Tz Ts Do"


def _instructions(pdf: pikepdf.Pdf, container, operators: str = _INTERPRETED) -> list:
    """The parsed content stream; a stream pikepdf can only read in part is refused, not half read.

    What qpdf could not parse it reports as a warning of the document, located "(content, offset
    N)"; pikepdf, as a Python warning. (A stream whose data qpdf recovered, a wrong /Length say,
    is read whole: that warning is not about the content.)"""
    pdf.get_warnings()  # (and forgets) what earlier reading left there
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        instructions = pikepdf.parse_content_stream(container, operators)
    problems = [w for w in pdf.get_warnings() if "(content" in w] + [str(w.message) for w in caught]
    if problems:
        raise Unreadable(f"the content stream is malformed: {problems[0]}")
    return instructions


def _inherited(page: pikepdf.Dictionary, key: str):
    node: object = page
    seen: set[tuple[int, int]] = set()
    while isinstance(node, pikepdf.Dictionary) and node.objgen not in seen:
        if key in node:
            return node.get(key)
        seen.add(node.objgen)
        node = node.get("/Parent")
    return None


_SHOWING = frozenset(("Tj", "TJ", "'", '"'))


def _tj_items(array) -> list[bytes | float]:
    """A TJ array as strings (bytes) and kerning numbers (floats); anything else in it is ignored."""
    items: list[bytes | float] = []
    for item in array:
        if isinstance(item, pikepdf.String):
            items.append(bytes(item))
        elif item.__class__ is int or item.__class__ is Decimal:
            items.append(float(item))
    return items


def display_matrix(page: pikepdf.Page) -> tuple[tuple[float, float, float, float, float, float], float, float]:
    """The matrix from the page's space to the page as displayed (its /Rotate applied, the lower
    left corner of the media box at the origin, as pdfminer places a page), and the displayed
    width and height."""
    box = _numbers(_inherited(page.obj, "/MediaBox"), 4)
    if box is None:
        raise Unreadable("the page has no valid /MediaBox")
    x0, x1 = sorted(box[0::2])
    y0, y1 = sorted(box[1::2])
    rotate = int(_number(_inherited(page.obj, "/Rotate"))) % 360
    if rotate == 90:
        return (0.0, -1.0, 1.0, 0.0, -y0, x1), y1 - y0, x1 - x0
    if rotate == 180:
        return (-1.0, 0.0, 0.0, -1.0, x1, y1), x1 - x0, y1 - y0
    if rotate == 270:
        return (0.0, 1.0, -1.0, 0.0, y1, -x0), y1 - y0, x1 - x0
    return (1.0, 0.0, 0.0, 1.0, -x0, -y0), x1 - x0, y1 - y0


class _Reader:
    """The text state interpreter of one document: fonts are read once for all its pages."""

    def __init__(self, pdf: pikepdf.Pdf) -> None:
        self.pdf = pdf
        self.fonts: dict[tuple, _Font] = {}
        self.glyphs: list[Glyph] = []
        self.marks: list[int | None] = []  #: the MCID in force at each level of marked content

    def page(self, page: pikepdf.Page) -> tuple[tuple[float, float, float, float], list[Glyph]]:
        """The page's media box, in the space the glyphs are given in, and its glyphs."""
        ctm, width, height = display_matrix(page)
        self.glyphs, self.marks = [], []
        resources = _inherited(page.obj, "/Resources")
        if "/Contents" in page.obj:
            self.run(page.obj, resources, ctm, (None, 0.0, 0.0, 0.0, 100.0, 0.0, 0.0), 0, set())
        return (0.0, 0.0, width, height), self.glyphs

    def _font(self, fonts, name, cache: dict) -> _Font:
        font = cache.get(name)
        if font is None:
            spec = fonts.get(name) if isinstance(fonts, pikepdf.Dictionary) else None
            key = spec.objgen if isinstance(spec, pikepdf.Object) and spec.is_indirect else None
            font = self.fonts.get(key) if key else None
            if font is None:
                font = _Font(spec)
                if key:
                    self.fonts[key] = font
            cache[name] = font
        return font

    def run(self, container, resources, ctm, text_state, depth: int, active: set) -> None:
        """Interpret one content stream (a page's or a form's) from the graphics state given."""
        resources = _dictionary(resources)
        fonts = resources.get("/Font")
        local_fonts: dict[str, _Font] = {}
        font, size, char_space, word_space, scaling, leading, rise = text_state
        stack: list[tuple] = []
        tlm = IDENTITY
        x = y = 0.0
        marks = self.marks
        marks_at_start = len(marks)
        for instruction in _instructions(self.pdf, container):
            op = str(instruction.operator)
            try:
                if op == "q":
                    stack.append((ctm, font, size, char_space, word_space, scaling, leading, rise))
                elif op == "Q":
                    if stack:
                        ctm, font, size, char_space, word_space, scaling, leading, rise = stack.pop()
                elif op in _SHOWING:
                    operands = instruction.operands
                    if op == "'":
                        tlm, x, y = (tlm[0], tlm[1], tlm[2], tlm[3], tlm[4] - leading * tlm[2],
                                     tlm[5] - leading * tlm[3]), 0.0, 0.0
                    elif op == '"':
                        word_space, char_space = float(operands[0]), float(operands[1])
                        operands = operands[2:]
                        tlm, x, y = (tlm[0], tlm[1], tlm[2], tlm[3], tlm[4] - leading * tlm[2],
                                     tlm[5] - leading * tlm[3]), 0.0, 0.0
                    if font is None:
                        continue
                    if op == "TJ":
                        seq = _tj_items(operands[0])
                    elif isinstance(operands[0], pikepdf.String):
                        seq = [bytes(operands[0])]
                    else:
                        continue
                    x, y = self.show(font, seq, size, char_space, word_space, scaling * 0.01, rise,
                                     _multiply(tlm, ctm), x, y)
                elif op == "T*":
                    tlm, x, y = (tlm[0], tlm[1], tlm[2], tlm[3], tlm[4] - leading * tlm[2],
                                 tlm[5] - leading * tlm[3]), 0.0, 0.0
                elif op == "cm":
                    a, b, c, d, e, f = instruction.operands
                    ctm = _multiply((float(a), float(b), float(c), float(d), float(e), float(f)), ctm)
                elif op == "BDC" or op == "BMC":
                    mcid = None
                    if op == "BDC" and len(instruction.operands) == 2:
                        properties = instruction.operands[1]
                        if isinstance(properties, pikepdf.Name):
                            properties = _dictionary(resources.get("/Properties")).get(str(properties))
                        if isinstance(properties, pikepdf.Dictionary):
                            mcid = properties.get("/MCID")
                    marks.append(mcid if mcid.__class__ is int else (marks[-1] if marks else None))
                elif op == "EMC":
                    if len(marks) > marks_at_start:
                        marks.pop()
                elif op == "BT":
                    tlm, x, y = IDENTITY, 0.0, 0.0
                elif op == "Tm":
                    a, b, c, d, e, f = instruction.operands
                    tlm, x, y = (float(a), float(b), float(c), float(d), float(e), float(f)), 0.0, 0.0
                elif op == "Tf":
                    name, value = instruction.operands
                    value = float(value)
                    font, size = self._font(fonts, str(name), local_fonts), value
                elif op == "TL":
                    leading = float(instruction.operands[0])
                elif op == "Td" or op == "TD":
                    tx, ty = instruction.operands
                    tx, ty = float(tx), float(ty)
                    if op == "TD":
                        leading = -ty
                    tlm, x, y = (tlm[0], tlm[1], tlm[2], tlm[3], tx * tlm[0] + ty * tlm[2] + tlm[4],
                                 tx * tlm[1] + ty * tlm[3] + tlm[5]), 0.0, 0.0
                elif op == "Tc":
                    char_space = float(instruction.operands[0])
                elif op == "Tw":
                    word_space = float(instruction.operands[0])
                elif op == "Tz":
                    scaling = float(instruction.operands[0])
                elif op == "Ts":
                    rise = float(instruction.operands[0])
                elif op == "Do":
                    self.form(resources, instruction.operands[0], ctm,
                              (font, size, char_space, word_space, scaling, leading, rise), depth, active)
            except (TypeError, ValueError, ArithmeticError, AttributeError, IndexError, KeyError):
                continue  # an operator with operands it cannot have is skipped, as a viewer does
        del marks[marks_at_start:]  # marked content left open at the end of a stream ends with it

    def form(self, resources, name, ctm, text_state, depth: int, active: set) -> None:
        """A form XObject drawn with Do: its own matrix and resources, inside the current state."""
        xobject = _dictionary(resources.get("/XObject")).get(str(name))
        if not isinstance(xobject, pikepdf.Stream) or xobject.get("/Subtype") != "/Form":
            return
        key = xobject.objgen
        if key in active:  # a form that draws itself, directly or not, is drawn once
            return
        if depth >= FORM_DEPTH:
            raise Unreadable(f"form XObjects nested more than {FORM_DEPTH} deep")
        matrix = _numbers(xobject.get("/Matrix"), 6) or IDENTITY
        own = xobject.get("/Resources")
        active.add(key)
        try:
            self.run(xobject, own if isinstance(own, pikepdf.Dictionary) else resources,
                     _multiply(matrix, ctm), text_state, depth + 1, active)
        finally:
            active.discard(key)

    def show(self, font: _Font, seq: list, size: float, char_space: float, word_space: float,
             scaling: float, rise: float, m, x: float, y: float) -> tuple[float, float]:
        """Show strings and kerning numbers (TJ) at (x, y) of the text line; the new (x, y).

        ISO 32000-1 9.4.4: each glyph advances by ((w0 - Tj / 1000) Tfs + Tc + Tw) Th, with
        Tw only after the single-byte code 32; the glyph's box is pdfminer's: the advance wide,
        from the font's descent to one em above it, raised by Ts."""
        a, b, c, d, e, f = m
        mcid = self.marks[-1] if self.marks else None
        slanted = abs(a * c + b * d) > 0.01 * max(abs(a * d - b * c), 1e-9)
        name, italic = font.name, font.italic
        scale = size * scaling
        char_space *= scaling
        word_space = 0.0 if font.two_byte else word_space * scaling
        if font.vertical:
            return self._show_vertical(font, seq, size, scale, char_space, rise, m, x, y, slanted, mcid)
        known = font._codes
        lookup = font.code
        append = self.glyphs.append
        new = tuple.__new__
        two_byte = font.two_byte
        low = font.descent * size + rise
        high = low + size
        if b == 0.0 and c == 0.0:  # upright or mirrored, not rotated or sheared: the usual case, kept fast
            y_low, y_high = y * d + f + d * low, y * d + f + d * high
            if y_high < y_low:
                y_low, y_high = y_high, y_low
            height = y_high - y_low
            baseline = y * d + f + rise * d
            for item in seq:
                if item.__class__ is float:
                    x -= item * 0.001 * scale
                    continue
                if two_byte:
                    item = [item[i] << 8 | item[i + 1] for i in range(0, len(item) - 1, 2)]
                for code in item:
                    text, width, visible = known.get(code) or lookup(code)
                    advance = width * scale
                    if visible:
                        x0 = x * a + e
                        x1 = x0 + a * advance
                        if x1 < x0:
                            x0, x1 = x1, x0
                        append(new(Glyph, (text, name, height, x0, y_low, x1, y_high, baseline, slanted, italic,
                                           mcid)))
                    x += advance + char_space
                    if code == 32 and word_space:
                        x += word_space
            return x, y
        for item in seq:
            if item.__class__ is float:
                x -= item * 0.001 * scale
                continue
            if two_byte:
                item = [item[i] << 8 | item[i + 1] for i in range(0, len(item) - 1, 2)]
            for code in item:
                text, width, visible = known.get(code) or lookup(code)
                advance = width * scale
                if visible:  # the four corners of the box, through the matrix
                    ox, oy = x * a + y * c + e, x * b + y * d + f
                    xs = (ox + c * low, ox + a * advance + c * low, ox + a * advance + c * high, ox + c * high)
                    ys = (oy + d * low, oy + b * advance + d * low, oy + b * advance + d * high, oy + d * high)
                    y0, y1 = min(ys), max(ys)
                    append(Glyph(text, name, y1 - y0, min(xs), y0, max(xs), y1, oy + rise * d, slanted, italic, mcid))
                x += advance + char_space
                if code == 32 and word_space:
                    x += word_space
        return x, y

    def _show_vertical(self, font: _Font, seq, size, scale, char_space, rise, m, x, y, slanted, mcid):
        """Vertical writing, approximated as pdfminer does: the glyph hangs from its position vector."""
        a, b, c, d, e, f = m
        for item in seq:
            if item.__class__ is float:
                y -= item * 0.001 * scale
                continue
            for code in [item[i] << 8 | item[i + 1] for i in range(0, len(item) - 1, 2)]:
                text, width, visible = font.code(code)
                advance = width * scale
                if visible:
                    vx, vy = font.displacement(code)
                    vx = size * 0.5 if vx is None else vx * size * 0.001
                    vy = (1000 - vy) * size * 0.001
                    ox, oy = x * a + y * c + e, x * b + y * d + f
                    corners = [(ox + a * u + c * v, oy + b * u + d * v)
                               for u in (-vx, -vx + size) for v in (vy + rise + advance, vy + rise)]
                    x0, x1 = min(p[0] for p in corners), max(p[0] for p in corners)
                    y0, y1 = min(p[1] for p in corners), max(p[1] for p in corners)
                    self.glyphs.append(Glyph(text, font.name, x1 - x0, x0, y0, x1, y1, oy + rise * d, slanted,
                                             font.italic, mcid))
                y += advance + char_space
        return x, y


def read_glyphs(path: Path) -> list[tuple[tuple[float, float, float, float], list[Glyph]]]:
    """Per page: the media box and every visible glyph, as printed.

    Coordinates are those of the page as displayed (its /Rotate applied), the lower left corner
    of the media box at the origin; the box is given in the same space."""
    return list(iter_glyphs(path))


def iter_glyphs(path: Path) -> Iterator[tuple[tuple[float, float, float, float], list[Glyph]]]:
    """:func:`read_glyphs` one page at a time (a long document's glyphs are never all held at once)."""
    with pikepdf.open(path) as pdf:
        yield from glyphs_of(pdf)


def glyphs_of(pdf: pikepdf.Pdf) -> Iterator[tuple[tuple[float, float, float, float], list[Glyph]]]:
    """:func:`iter_glyphs` of a document already open."""
    reader = _Reader(pdf)
    for page in pdf.pages:
        yield reader.page(page)
