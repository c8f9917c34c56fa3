"""Slide plans -> .pptx bytes: a dumb writer, every decision was taken by the planner.

Writes each planned shape in reading order (title first, decoration last and marked
decorative), exact line spacing and sizes, the language on every run, the theme's colours
and fonts into the theme part, speaker notes and core properties.
"""
from __future__ import annotations

import datetime as dt
import io

from lxml import etree

from publisher.figures import Resolver
from publisher.model import Release
from publisher.render.deck.plan import Decoration, Para, Run, SlidePlan, TableShape, TextShape
from publisher.render.deck.template import TEMPLATE
from publisher.theme import Theme

EMU_PER_PT = 12700
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
P_NS = "http://schemas.openxmlformats.org/presentationml/2006/main"
ADEC_NS = "http://schemas.microsoft.com/office/drawing/2017/decorative"
DECORATIVE_URI = "{C183D7F6-B498-43B3-948B-1728B52AA6E4}"
A = "{%s}" % A_NS
HYPERLINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"


def emu(points: float) -> int:
    return round(points * EMU_PER_PT)


def _sub(parent, tag: str, **attrs):
    el = etree.SubElement(parent, A + tag)
    for k, v in attrs.items():
        el.set(k, str(v))
    return el


class _Writer:
    def __init__(self, release: Release, theme: Theme):
        self.theme = theme
        self.lang = release.language
        self.family = theme.fonts.family

    def rgb(self, name: str) -> str:
        return self.theme.color(name).lstrip("#").upper()

    def fill(self, parent, name: str) -> None:
        _sub(_sub(parent, "solidFill"), "srgbClr", val=self.rgb(name))

    def body(self, tx_body, paras: tuple[Para, ...], inset: float, anchor: str, part, extra_top: float = 0.0) -> None:
        """Replace a txBody's properties and paragraphs with the planned ones."""
        body_pr = tx_body.find(A + "bodyPr")
        for child in list(body_pr):
            body_pr.remove(child)
        for key in list(body_pr.attrib):
            del body_pr.attrib[key]
        ins = str(emu(inset))
        top = str(emu(inset + extra_top))
        for key, value in (("wrap", "square"), ("lIns", ins), ("tIns", top), ("rIns", ins), ("bIns", ins),
                           ("anchor", anchor), ("rtlCol", "0")):
            body_pr.set(key, value)
        _sub(body_pr, "noAutofit")
        for p in tx_body.findall(A + "p"):
            tx_body.remove(p)
        for para in paras:
            self.paragraph(tx_body, para, part)

    def paragraph(self, tx_body, para: Para, part) -> None:
        p = _sub(tx_body, "p")
        ppr = _sub(p, "pPr", algn="l")
        if para.bullet:
            ppr.set("marL", str(emu(para.indent)))
            ppr.set("indent", str(-emu(para.indent)))
        else:
            ppr.set("marL", "0")
            ppr.set("indent", "0")
        _sub(_sub(ppr, "lnSpc"), "spcPts", val=round(para.pitch * 100))
        _sub(_sub(ppr, "spcBef"), "spcPts", val=round(para.space_before * 100))
        _sub(_sub(ppr, "spcAft"), "spcPts", val=0)
        if para.bullet:
            _sub(ppr, "buClr").append(etree.fromstring(f'<a:srgbClr xmlns:a="{A_NS}" val="{self.rgb("accent")}"/>'))
            _sub(ppr, "buFont", typeface=self.family)
            _sub(ppr, "buChar", char="•")
        else:
            _sub(ppr, "buNone")
        for run in para.runs:
            r = _sub(p, "r")
            rpr = self.run_props(r, "rPr", para.size, run.bold)
            self.fill(rpr, run.color)
            self.fonts(rpr)
            if run.link:
                rid = part.relate_to(run.link, HYPERLINK, is_external=True)
                link = _sub(rpr, "hlinkClick")
                link.set("{%s}id" % R_NS, rid)
            _sub(r, "t").text = run.text
        self.run_props(p, "endParaRPr", para.size, False)

    def run_props(self, parent, tag: str, size: float, bold: bool):
        return _sub(parent, tag, lang=self.lang, sz=round(size * 100), b=int(bold), dirty=0)

    def fonts(self, rpr) -> None:
        _sub(rpr, "latin", typeface=self.family)
        _sub(rpr, "cs", typeface=self.family)


def _geometry(shape, box) -> None:
    shape.left, shape.top, shape.width, shape.height = emu(box.x), emu(box.y), emu(box.w), emu(box.h)


def _plain_shape(sp) -> None:
    """Drop the theme style python-pptx gives autoshapes (line, shadow) and any line."""
    style = sp.find("{%s}style" % P_NS)
    if style is not None:
        sp.remove(style)


def _mark_decorative(c_nv_pr) -> None:
    ext_lst = _sub(c_nv_pr, "extLst")
    ext = _sub(ext_lst, "ext", uri=DECORATIVE_URI)
    dec = etree.SubElement(ext, "{%s}decorative" % ADEC_NS, nsmap={"adec": ADEC_NS})
    dec.set("val", "1")


def _apply_theme(prs, theme: Theme, writer: _Writer) -> None:
    """Write the theme's colours and fonts into the deck's theme part (for editors' new slides)."""
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    part = prs.slide_master.part.part_related_by(RT.THEME)
    root = etree.fromstring(part.blob)
    scheme = {"dk1": "ink", "lt1": "paper", "dk2": "primary", "lt2": "tint", "accent1": "accent",
              "accent2": "primary", "accent3": "muted", "accent4": "accent", "accent5": "primary",
              "accent6": "muted", "hlink": "accent", "folHlink": "primary"}
    clr = root.find(f".//{A}clrScheme")
    clr.set("name", theme.name)
    for slot, colour in scheme.items():
        el = clr.find(A + slot)
        for child in list(el):
            el.remove(child)
        _sub(el, "srgbClr", val=writer.rgb(colour))
    fonts = root.find(f".//{A}fontScheme")
    fonts.set("name", theme.fonts.family)
    for latin in fonts.iter(A + "latin"):
        latin.set("typeface", theme.fonts.family)
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _core_properties(prs, release: Release, summary: str) -> None:
    meta = release.release
    resolve = Resolver(release)
    props = prs.core_properties
    props.title = resolve(meta.title)
    props.subject = resolve(meta.subtitle or meta.title)
    props.author = meta.agency
    props.last_modified_by = meta.agency
    props.keywords = _at_most(", ".join(meta.keywords) or props.title)
    props.language = release.language
    props.comments = _at_most(summary)
    props.category = "News release briefing"
    props.revision = 1
    moment = dt.datetime.combine(meta.date, dt.time(0, 0))
    props.created = props.modified = moment


def _at_most(text: str, limit: int = 255) -> str:
    """``text`` cut at a word boundary to the 255 characters a core property holds."""
    if len(text) <= limit:
        return text
    return text[:limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def emit(slides: list[SlidePlan], release: Release, theme: Theme, summary: str) -> bytes:
    from pptx import Presentation
    from pptx.enum.shapes import MSO_SHAPE

    prs = Presentation(str(TEMPLATE))
    writer = _Writer(release, theme)
    _apply_theme(prs, theme, writer)
    for defrpr in prs.part._element.iter(A + "defRPr"):
        if defrpr.getparent().tag == A + "defPPr":
            defrpr.set("lang", release.language)
    layouts = {layout.name: layout for layout in prs.slide_layouts}
    for plan in slides:
        layout = layouts["Title Slide" if plan.layout == "title" else "Title Only"]
        slide = prs.slides.add_slide(layout)
        if plan.background:
            slide.background.fill.solid()
            slide.background.fill.fore_color.rgb = _rgb(writer.rgb(plan.background))
        title = slide.shapes.title
        _geometry(title, plan.title.box)
        writer.body(title.text_frame._txBody, plan.title.paras, 0, "t", slide.part)
        for ph in list(slide.placeholders):
            if ph.placeholder_format.type is not None and ph.shape_id != title.shape_id:
                if plan.subtitle is not None:
                    _geometry(ph, plan.subtitle.box)
                    writer.body(ph.text_frame._txBody, plan.subtitle.paras, 0, "t", slide.part)
                else:
                    ph._element.getparent().remove(ph._element)
        for shape in plan.shapes:
            if isinstance(shape, TextShape):
                _text_shape(slide, shape, writer, MSO_SHAPE)
            elif isinstance(shape, TableShape):
                _table(slide, shape, writer)
        for shape in plan.shapes:
            if isinstance(shape, Decoration):
                sp = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, emu(shape.box.x), emu(shape.box.y),
                                            emu(shape.box.w), emu(shape.box.h))
                sp.name = shape.name
                _plain_shape(sp._element)
                sp.fill.solid()
                sp.fill.fore_color.rgb = _rgb(writer.rgb(shape.color))
                sp.line.fill.background()
                sp._element.remove(sp._element.txBody)
                _mark_decorative(sp._element.nvSpPr.cNvPr)
        notes = slide.notes_slide.notes_text_frame
        notes.text = plan.notes
        for run in notes._txBody.iter(A + "r"):
            if run.find(A + "rPr") is None:
                run.insert(0, etree.Element(A + "rPr"))
            run.find(A + "rPr").set("lang", release.language)
    _core_properties(prs, release, summary)
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


def _rgb(hex6: str):
    from pptx.dml.color import RGBColor

    return RGBColor.from_string(hex6)


def _text_shape(slide, shape: TextShape, writer: _Writer, MSO_SHAPE) -> None:
    box = shape.box
    if shape.fill:
        sp = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, emu(box.x), emu(box.y), emu(box.w), emu(box.h))
        _plain_shape(sp._element)
        sp.fill.solid()
        sp.fill.fore_color.rgb = _rgb(writer.rgb(shape.fill))
        sp.line.fill.background()
    else:
        sp = slide.shapes.add_textbox(emu(box.x), emu(box.y), emu(box.w), emu(box.h))
    sp.name = shape.name
    writer.body(sp.text_frame._txBody, shape.paras, shape.inset, shape.anchor, slide.part, shape.extra_top)


def _table(slide, shape: TableShape, writer: _Writer) -> None:
    box = shape.box
    frame = slide.shapes.add_table(len(shape.rows) + 1, len(shape.header), emu(box.x), emu(box.y),
                                   emu(box.w), emu(box.h))
    frame.name = shape.name
    frame._element.nvGraphicFramePr.cNvPr.set("descr", shape.alt)
    table = frame.table
    table.first_row = True
    table.horz_banding = False
    for i, width in enumerate(shape.col_widths):
        table.columns[i].width = emu(width)
    for i, height in enumerate(shape.row_heights):
        table.rows[i].height = emu(height)
    pitch = round(shape.size * 1.2, 2)
    for r, cells in enumerate((shape.header,) + shape.rows):
        for c, text in enumerate(cells):
            cell = table.cell(r, c)
            header = r == 0
            color = "on_primary" if header else "ink"
            para = Para((Run(text, header, color),), shape.size, pitch)
            writer.body(cell.text_frame._txBody, (para,), 0, "t", slide.part)
            body_pr = cell._tc.txBody.find(A + "bodyPr")  # a cell's insets are its margins (tcPr)
            body_pr.attrib.clear()
            for child in list(body_pr):
                body_pr.remove(child)
            cell.margin_left = cell.margin_right = cell.margin_top = cell.margin_bottom = emu(shape.inset)
            cell.fill.solid()
            cell.fill.fore_color.rgb = _rgb(writer.rgb("primary" if header else ("tint" if r % 2 == 0 else "paper")))
