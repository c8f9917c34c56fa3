"""Small PDF/UA-1 files built with pikepdf and fontTools, to test the PDF audit on variants the
veraPDF corpus sample does not hold.

:class:`TaggedPdf` writes a minimal conforming file (catalog /Lang, MarkInfo, DisplayDocTitle,
XMP with pdfuaid:part and dc:title, a structure tree with a ParentTree, every page tagged, an
embedded TrueType font); each test then breaks or varies one thing. Fonts are made on the spot
(:func:`tiny_font`), so the tests know every glyph, width and cmap subtable.
"""
from __future__ import annotations

import io
from pathlib import Path

import pikepdf
from fontTools.fontBuilder import FontBuilder
from fontTools.pens.t2CharStringPen import T2CharStringPen
from fontTools.pens.ttGlyphPen import TTGlyphPen

CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 .,-"
XMP = """<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"{extra_ns}>
   {title}
   {identification}
   {extra}
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""
TITLE = '<dc:title><rdf:Alt><rdf:li xml:lang="x-default">Test</rdf:li><rdf:li xml:lang="en">Test</rdf:li></rdf:Alt></dc:title>'


def glyph_name(char: str) -> str:
    from fontTools.agl import UV2AGL

    return {" ": "space", ".": "period", ",": "comma", "-": "hyphen"}.get(char) or UV2AGL.get(ord(char), char)


def advance(char: str) -> int:
    return 400 + (ord(char) % 7) * 30


def tiny_font(chars: str = CHARS, cff: bool = False, cmaps: tuple[tuple[int, int], ...] = ((3, 1),),
              symbol_offset: int = 0) -> bytes:
    """A small font: one square glyph per character, advances from :func:`advance`.

    ``cmaps`` lists the (platform, encoding) cmap subtables; a (3, 0) subtable maps codes at
    ``symbol_offset`` + code (0xF000 in a typical symbol font)."""
    names = [".notdef"] + [glyph_name(c) for c in chars]
    builder = FontBuilder(1000, isTTF=not cff)
    builder.setupGlyphOrder(names)
    mapping = {ord(c): glyph_name(c) for c in chars}
    builder.setupCharacterMap(mapping)
    tables = []
    from fontTools.ttLib.tables._c_m_a_p import cmap_classes

    for platform, encoding in cmaps:
        table = cmap_classes[4](4)
        table.platformID, table.platEncID, table.language = platform, encoding, 0
        table.cmap = {symbol_offset + k: v for k, v in mapping.items()} if (platform, encoding) == (3, 0) else dict(mapping)
        tables.append(table)
    widths = {".notdef": 500, **{glyph_name(c): advance(c) for c in chars}}
    if cff:
        charstrings = {}
        for name in names:
            pen = T2CharStringPen(widths[name], None)
            if name not in (".notdef", "space"):
                pen.moveTo((50, 0)), pen.lineTo((350, 0)), pen.lineTo((350, 600)), pen.lineTo((50, 600)), pen.closePath()
            charstrings[name] = pen.getCharString()
        builder.setupCFF("Tiny", {"FullName": "Tiny"}, charstrings, {})
    else:
        glyphs = {}
        for name in names:
            pen = TTGlyphPen(None)
            if name not in (".notdef", "space"):
                pen.moveTo((50, 0)), pen.lineTo((350, 0)), pen.lineTo((350, 600)), pen.lineTo((50, 600)), pen.closePath()
            glyphs[name] = pen.glyph()
        builder.setupGlyf(glyphs)
    builder.setupHorizontalMetrics({n: (widths[n], 0) for n in names})
    builder.setupHorizontalHeader(ascent=800, descent=-200)
    builder.setupNameTable({"familyName": "Tiny", "styleName": "Regular"})
    builder.setupOS2()
    builder.setupPost()
    builder.font["cmap"].tables = tables
    out = io.BytesIO()
    builder.save(out)
    return out.getvalue()


def cff_table(font: bytes) -> bytes:
    from fontTools.ttLib import TTFont

    return TTFont(io.BytesIO(font)).getTableData("CFF ")


class TaggedPdf:
    """A minimal PDF/UA-1 file: build it, break one thing, save it."""

    def __init__(self, lang: str | None = "en-US", title: str | None = TITLE, part: str = "1"):
        pdf = self.pdf = pikepdf.new()
        page = pdf.add_blank_page(page_size=(612, 792))
        self.page = page.obj
        self.page.Tabs = pikepdf.Name.S
        self.page.StructParents = 0
        if lang is not None:
            pdf.Root.Lang = pikepdf.String(lang)
        pdf.Root.MarkInfo = pikepdf.Dictionary(Marked=True)
        pdf.Root.ViewerPreferences = pikepdf.Dictionary(DisplayDocTitle=True)
        self.set_xmp(title=title, identification=f"<pdfuaid:part>{part}</pdfuaid:part>")
        self.root = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructTreeRoot, K=pikepdf.Array()))
        pdf.Root.StructTreeRoot = self.root
        self.document = self.element("Document", self.root)
        self.parents: list[pikepdf.Object] = []  #: MCID -> structure element
        self.ops: list[bytes] = []
        self.y = 740
        self.font = self.truetype_font()
        self.page.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=self.font))

    # ------------------------------------------------------------------ building blocks

    def set_xmp(self, title: str | None = TITLE, identification: str = "<pdfuaid:part>1</pdfuaid:part>",
                extra: str = "", extra_ns: str = "") -> None:
        xmp = XMP.format(title=title or "", identification=identification, extra=extra, extra_ns=extra_ns)
        self.pdf.Root.Metadata = self.pdf.make_stream(xmp.encode("utf-8"), Type=pikepdf.Name.Metadata,
                                                      Subtype=pikepdf.Name.XML)

    def truetype_font(self, chars: str = CHARS, **font_options) -> pikepdf.Dictionary:
        program = self.pdf.make_stream(tiny_font(chars, **font_options))
        descriptor = pikepdf.Dictionary(Type=pikepdf.Name.FontDescriptor, FontName=pikepdf.Name("/Tiny"), Flags=32,
                                        FontBBox=[0, -200, 1000, 800], ItalicAngle=0, Ascent=800, Descent=-200,
                                        CapHeight=600, StemV=80, FontFile2=program)
        return self.pdf.make_indirect(pikepdf.Dictionary(
            Type=pikepdf.Name.Font, Subtype=pikepdf.Name.TrueType, BaseFont=pikepdf.Name("/Tiny"),
            FirstChar=32, LastChar=126, Widths=[advance(chr(c)) if chr(c) in chars else 0 for c in range(32, 127)],
            Encoding=pikepdf.Name.WinAnsiEncoding, FontDescriptor=descriptor))

    def element(self, structure_type: str, parent: pikepdf.Object | None = None, **entries) -> pikepdf.Dictionary:
        parent = self.document if parent is None else parent
        element = self.pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructElem,
                                                            S=pikepdf.Name("/" + structure_type), P=parent,
                                                            K=pikepdf.Array(), **entries))
        element.Pg = self.page
        kids = parent.get("/K")
        if not isinstance(kids, pikepdf.Array):
            parent.K = kids = pikepdf.Array([] if kids is None else [kids])
        kids.append(element)
        return element

    def show(self, text: str, font: str = "/F1") -> bytes:
        self.y -= 20
        escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        return f"BT {font} 12 Tf 72 {self.y} Td ({escaped}) Tj ET".encode("latin-1")

    def mark(self, element: pikepdf.Dictionary) -> int:
        """The next MCID, given to ``element`` (in its /K and the ParentTree)."""
        mcid = len(self.parents)
        self.parents.append(element)
        element.K.append(mcid)
        return mcid

    def text(self, element: pikepdf.Dictionary, text: str, tag: str | None = None, properties: str = "",
             font: str = "/F1") -> int:
        """Show ``text`` as marked content of ``element``; returns its MCID."""
        mcid = self.mark(element)
        tag = tag or "/" + str(element.S)[1:]
        self.ops.append(f"{tag} <</MCID {mcid} {properties}>> BDC ".encode() + self.show(text, font) + b" EMC")
        return mcid

    def paragraph(self, text: str = "Hello world", parent: pikepdf.Object | None = None, **entries) -> pikepdf.Dictionary:
        element = self.element("P", parent, **entries)
        self.text(element, text)
        return element

    def artifact(self, operators: bytes) -> None:
        self.ops.append(b"/Artifact BMC " + operators + b" EMC")

    def annotation(self, subtype: str, element: pikepdf.Dictionary | None, **entries) -> pikepdf.Dictionary:
        entries.setdefault("Rect", [72, 600, 200, 620])
        annotation = self.pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Annot,
                                                               Subtype=pikepdf.Name("/" + subtype), **entries))
        if element is not None:
            annotation.StructParent = 1000 + len(self.page.get("/Annots", []))
            element.K.append(pikepdf.Dictionary(Type=pikepdf.Name.OBJR, Obj=annotation, Pg=self.page))
            self._object_parents = getattr(self, "_object_parents", {})
            self._object_parents[int(annotation.StructParent)] = element
        if "/Annots" not in self.page:
            self.page.Annots = pikepdf.Array()
        self.page.Annots.append(annotation)
        return annotation

    # ------------------------------------------------------------------ writing

    def save(self, path: Path) -> Path:
        self.page.Contents = self.pdf.make_stream(b"\n".join(self.ops))
        nums = [0, pikepdf.Array(self.parents)]
        for key, element in sorted(getattr(self, "_object_parents", {}).items()):
            nums += [key, element]
        nums = pikepdf.Array(nums)
        self.root.ParentTree = self.pdf.make_indirect(pikepdf.Dictionary(Nums=nums))
        self.root.ParentTreeNextKey = 2000
        self.pdf.save(path, fix_metadata_version=False)  # pikepdf would otherwise rewrite the XMP
        return Path(path)
