"""Slide plans -> .pptx bytes: a dumb writer, every decision was taken by the planner.

Writes each planned shape in reading order (title first, decoration last and marked
decorative), exact line spacing and sizes, the language on every run, the theme's colours
and fonts into the theme part, speaker notes and core properties.

python-pptx is the package: it opens the template, holds the parts and their
relationships, and saves. The slide and notes XML is written here with lxml, the same
elements python-pptx's shape API would write, without its per-attribute round trips:

- a new slide or notes slide is a copy of a blank one made once per process by
  python-pptx's own code (the layout's placeholders cloned as ``add_slide`` clones them,
  the default notes master's as ``notes_slide`` does), then related and numbered as
  python-pptx relates and numbers them;
- shapes (text boxes, rectangles, the table) are the elements python-pptx's
  ``add_textbox`` / ``add_shape`` / ``add_table`` and setters leave, written at once;
- the template's bytes, the blank slides and the theme part are cached per process,
  keyed by the template file's (path, mtime, size) and the theme's values.
"""
from __future__ import annotations

import copy
import datetime as dt
import io
import re
from typing import Any

from lxml import etree

from publisher.figures import Resolver
from publisher.model import Release
from publisher.pptx_internals import (
    blank_notes,
    blank_slide,
    notes_slide_part,
    replace_blob,
    slide_id_list,
    slide_part,
    xml_of,
)
from publisher.render.deck.embed import embed_fonts
from publisher.render.deck.shapes import Decoration, Para, Run, SlidePlan, TableShape, TextShape
from publisher.render.deck.template import TEMPLATE
from publisher.spec.deck import A_NS, ADEC_NS, DECORATIVE_URI, EMU_PER_PT, P_NS, R_NS, TABLE_URI
from publisher.theme import Theme

A, P = f"{{{A_NS}}}", f"{{{P_NS}}}"
HYPERLINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
TABLE_STYLE = "{5C22544A-7EE6-4342-B048-85BDC9FD1C3A}"  #: python-pptx's default table style
R_ID = f"{{{R_NS}}}id"
DECORATIVE = f"{{{ADEC_NS}}}decorative"
_CTRL = re.compile(r"([\x00-\x08\x0B-\x1F])")  #: what python-pptx escapes as _xHHHH_ in run text
_SubElement = etree.SubElement


def emu(points: float) -> int:
    return round(points * EMU_PER_PT)


def _sub(parent, tag: str, **attrs):
    el = _SubElement(parent, A + tag)
    for k, v in attrs.items():
        el.set(k, str(v))
    return el


class _Writer:
    def __init__(self, release: Release, theme: Theme):
        self.theme = theme
        self.lang = release.language
        self.family = theme.fonts.family
        self._rgb: dict[str, str] = {}

    def rgb(self, name: str) -> str:
        value = self._rgb.get(name)
        if value is None:
            value = self._rgb[name] = self.theme.color(name).lstrip("#").upper()
        return value

    def fill(self, parent, name: str) -> None:
        _SubElement(_SubElement(parent, A + "solidFill"), A + "srgbClr", val=self.rgb(name))

    def body(self, tx_body, paras: tuple[Para, ...], inset: float, anchor: str, part) -> None:
        """Replace a txBody's properties and paragraphs with the planned ones."""
        body_pr = tx_body.find(A + "bodyPr")
        for child in list(body_pr):
            body_pr.remove(child)
        body_pr.attrib.clear()
        ins = str(emu(inset))
        for key, value in (("wrap", "square"), ("lIns", ins), ("tIns", ins), ("rIns", ins), ("bIns", ins),
                           ("anchor", anchor), ("rtlCol", "0")):
            body_pr.set(key, value)
        _SubElement(body_pr, A + "noAutofit")
        for p in tx_body.findall(A + "p"):
            tx_body.remove(p)
        for para in paras:
            self.paragraph(tx_body, para, part)

    def paragraph(self, tx_body, para: Para, part) -> None:
        p = _SubElement(tx_body, A + "p")
        if para.bullet:
            indent = emu(para.indent)
            ppr = _SubElement(p, A + "pPr", algn=para.align, marL=str(indent), indent=str(-indent))
        else:  # a paragraph that goes on from a bulleted one keeps its text's left edge
            ppr = _SubElement(p, A + "pPr", algn=para.align, marL=str(emu(para.indent)), indent="0")
        _SubElement(_SubElement(ppr, A + "lnSpc"), A + "spcPts", val=str(round(para.pitch * 100)))
        _SubElement(_SubElement(ppr, A + "spcBef"), A + "spcPts", val=str(round(para.space_before * 100)))
        _SubElement(_SubElement(ppr, A + "spcAft"), A + "spcPts", val="0")
        if para.bullet:
            _SubElement(_SubElement(ppr, A + "buClr"), A + "srgbClr", val=self.rgb("accent"))
            _SubElement(ppr, A + "buFont", typeface=self.family)
            _SubElement(ppr, A + "buChar", char="•")
        else:
            _SubElement(ppr, A + "buNone")
        size = str(round(para.size * 100))
        for run in para.runs:
            r = _SubElement(p, A + "r")
            rpr = _SubElement(r, A + "rPr", lang=self.lang, sz=str(round((run.size or para.size) * 100)),
                              b="1" if run.bold else "0", dirty="0")
            self.fill(rpr, run.color)
            _SubElement(rpr, A + "latin", typeface=self.family)
            _SubElement(rpr, A + "cs", typeface=self.family)
            if run.link:
                rid = part.relate_to(run.link, HYPERLINK, is_external=True)
                _SubElement(rpr, A + "hlinkClick").set(R_ID, rid)
            _SubElement(r, A + "t").text = run.text
        _SubElement(p, A + "endParaRPr", lang=self.lang, sz=size, b="0", dirty="0")


def _xfrm(parent, box, tag: str = A + "xfrm") -> None:
    xfrm = _SubElement(parent, tag)
    _SubElement(xfrm, A + "off", x=str(emu(box.x)), y=str(emu(box.y)))
    _SubElement(xfrm, A + "ext", cx=str(emu(box.w)), cy=str(emu(box.h)))


def _sp(tree, shape_id: int, name: str, box, *, text_box: bool) -> tuple:
    """A ``p:sp`` as python-pptx's add_textbox / add_shape(RECTANGLE) writes it (its theme
    style dropped), at ``box``; returns the element and its ``p:spPr``."""
    sp = _SubElement(tree, P + "sp")
    nv = _SubElement(sp, P + "nvSpPr")
    _SubElement(nv, P + "cNvPr", id=str(shape_id), name=name)
    if text_box:
        _SubElement(nv, P + "cNvSpPr", txBox="1")
    else:
        _SubElement(nv, P + "cNvSpPr")
    _SubElement(nv, P + "nvPr")
    sp_pr = _SubElement(sp, P + "spPr")
    _xfrm(sp_pr, box)
    _SubElement(_SubElement(sp_pr, A + "prstGeom", prst="rect"), A + "avLst")
    return sp, sp_pr


def _tx_body(parent, tag: str = P + "txBody"):
    tx = _SubElement(parent, tag)
    _SubElement(tx, A + "bodyPr")
    _SubElement(tx, A + "lstStyle")
    return tx


def _solid_no_line(sp_pr, writer: _Writer, color: str) -> None:
    writer.fill(sp_pr, color)
    _SubElement(_SubElement(sp_pr, A + "ln"), A + "noFill")


def _text_shape(tree, shape_id: int, shape: TextShape, writer: _Writer, part) -> None:
    sp, sp_pr = _sp(tree, shape_id, shape.name, shape.box, text_box=not shape.fill)
    if shape.fill:
        _solid_no_line(sp_pr, writer, shape.fill)
    else:
        _SubElement(sp_pr, A + "noFill")
    writer.body(_tx_body(sp), shape.paras, shape.inset, shape.anchor, part)


SLIDE_NUMBER_FIELD = "{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}"  #: the id PowerPoint gives a slide-number field


def _placeholder(tree, shape_id: int, shape: TextShape, ph_type: str, idx: str, writer: _Writer, part) -> None:
    """A footer or slide-number placeholder of the slide, as PowerPoint writes one when
    "Footer" and "Slide number" are ticked: the layout's placeholder (type and idx) given
    its text here; a slide number is the ``slidenum`` field, which each viewer renumbers."""
    sp = _SubElement(tree, P + "sp")
    nv = _SubElement(sp, P + "nvSpPr")
    _SubElement(nv, P + "cNvPr", id=str(shape_id), name=f"{shape.name} Placeholder {shape_id - 1}")
    _SubElement(_SubElement(nv, P + "cNvSpPr"), A + "spLocks", noGrp="1")
    _SubElement(_SubElement(nv, P + "nvPr"), P + "ph", type=ph_type, sz="quarter", idx=idx)
    _xfrm(_SubElement(sp, P + "spPr"), shape.box)
    tx = _tx_body(sp)
    writer.body(tx, shape.paras, shape.inset, "b", part)
    if ph_type == "sldNum":  # the number's run becomes the field (a:fld holds a run's rPr and t)
        field = tx.find(f"{A}p/{A}r")
        field.tag = A + "fld"
        field.set("id", SLIDE_NUMBER_FIELD)
        field.set("type", "slidenum")


def _decoration(tree, shape_id: int, shape: Decoration, writer: _Writer) -> None:
    sp, sp_pr = _sp(tree, shape_id, shape.name, shape.box, text_box=False)
    _solid_no_line(sp_pr, writer, shape.color)
    c_nv_pr = sp[0][0]
    ext = _SubElement(_SubElement(c_nv_pr, A + "extLst"), A + "ext", uri=DECORATIVE_URI)
    _SubElement(ext, DECORATIVE, nsmap={"adec": ADEC_NS}).set("val", "1")


def _spread(total: int, n: int, given: tuple[float, ...]) -> list[int]:
    """python-pptx's even split of a table's width or height (the last absorbing the rest),
    overridden by the planned sizes."""
    each = total // n
    sizes = [each] * (n - 1) + [total - (n - 1) * each]
    for i, size in enumerate(given):
        sizes[i] = emu(size)
    return sizes


def _table(tree, shape_id: int, shape: TableShape, writer: _Writer) -> None:
    box = shape.box
    frame = _SubElement(tree, P + "graphicFrame")
    nv = _SubElement(frame, P + "nvGraphicFramePr")
    _SubElement(nv, P + "cNvPr", id=str(shape_id), name=shape.name, descr=shape.alt)
    _SubElement(_SubElement(nv, P + "cNvGraphicFramePr"), A + "graphicFrameLocks", noGrp="1")
    _SubElement(nv, P + "nvPr")
    _xfrm(frame, box, P + "xfrm")
    data = _SubElement(_SubElement(frame, A + "graphic"), A + "graphicData", uri=TABLE_URI)
    tbl = _SubElement(data, A + "tbl")
    _SubElement(_SubElement(tbl, A + "tblPr", firstRow="1"), A + "tableStyleId").text = TABLE_STYLE
    grid = _SubElement(tbl, A + "tblGrid")
    rows = (shape.header,) + shape.rows
    for width in _spread(emu(box.w), len(shape.header), shape.col_widths):
        _SubElement(grid, A + "gridCol", w=str(width))
    heights = _spread(emu(box.h), len(rows), shape.row_heights)
    pitch = round(shape.size * 1.2, 2)
    margin = str(emu(shape.inset))
    for r, cells in enumerate(rows):
        tr = _SubElement(tbl, A + "tr", h=str(heights[r]))
        header = r == 0
        color = "on_primary" if header else "ink"
        fill = "primary" if header else ("tint" if r % 2 == 0 else "paper")
        if len(cells) > len(shape.header):
            raise IndexError(f"table row {r} has {len(cells)} cells for {len(shape.header)} columns")
        for c in range(len(shape.header)):
            tc = _SubElement(tr, A + "tc")
            tx = _tx_body(tc, A + "txBody")  # a cell's insets are its margins (tcPr): bodyPr stays empty
            if c >= len(cells):  # a cell the plan leaves empty, as python-pptx's add_table makes it
                _SubElement(tx, A + "p")
                _SubElement(tc, A + "tcPr")
                continue
            writer.paragraph(tx, Para((Run(cells[c], header, color),), shape.size, pitch), None)
            tc_pr = _SubElement(tc, A + "tcPr", marL=margin, marR=margin, marT=margin, marB=margin)
            writer.fill(tc_pr, fill)


def _ph_idx(sp) -> int:
    return int(sp.find(f"{P}nvSpPr/{P}nvPr/{P}ph").get("idx", "0"))


def _background(sld, color: str) -> None:
    """What ``slide.background.fill.solid()`` and its colour write: ``p:bg`` first in ``p:cSld``."""
    c_sld = sld[0]
    bg = _SubElement(c_sld, P + "bg")
    bg_pr = _SubElement(bg, P + "bgPr")
    _SubElement(_SubElement(bg_pr, A + "solidFill"), A + "srgbClr", val=color)
    _SubElement(bg_pr, A + "effectLst")
    c_sld.insert(0, bg)


def _notes_text(tx_body, text: str, lang: str) -> None:
    """What ``notes_text_frame.text = text`` writes, each run with the language."""
    for p in tx_body.findall(A + "p"):
        tx_body.remove(p)
    for line in text.split("\n"):
        p = _SubElement(tx_body, A + "p")
        for i, piece in enumerate(re.split("\n|\v", line)):
            if i:
                _SubElement(p, A + "br")
            if piece:
                r = _SubElement(p, A + "r")
                _SubElement(r, A + "rPr", lang=lang)
                _SubElement(r, A + "t").text = _CTRL.sub(lambda m: f"_x{ord(m.group(1)):04X}_", piece)


LAYOUTS = {"title": "Title Slide", "content": "Title Only"}  #: plan layout -> template layout
_LAYOUT_PH = {"ftr": "11", "sldNum": "12"}  #: the idx of the template layouts' footer and slide-number placeholders


class _Template:
    """The template's bytes, and the blank slides python-pptx makes from it, made once.

    ``slides``: per layout, the ``p:sld`` of ``prs.slides.add_slide(layout)`` (python-pptx's
    new slide with the layout's placeholders cloned); ``notes``: the ``p:notes`` of
    ``slide.notes_slide`` (a new notes slide with the default notes master's placeholders
    cloned). Both are made by python-pptx's own code, without the parts around them.
    """

    def __init__(self, blob: bytes):
        self.blob = blob
        self.slides: dict[str, Any] = {}
        self.notes: Any = None
        self.notes_body = -1
        self.themes: dict[tuple, bytes] = {}

    def prototypes(self, prs) -> None:
        """Make the blank slides from the layouts of ``prs``, the template just opened."""
        if self.notes is not None:
            return
        if len(slide_id_list(prs)):
            raise ValueError(f"{TEMPLATE} holds slides; the deck template must have none")
        for layout in prs.slide_layouts:
            if layout.name in LAYOUTS.values() and layout.name not in self.slides:
                self.slides[layout.name] = blank_slide(layout)
        notes = blank_notes()
        self.notes_body = self._notes_body_index(notes)
        self.notes = notes

    @staticmethod
    def _notes_body_index(notes) -> int:
        """Index in the notes spTree of the body placeholder (the notes text frame)."""
        tree = notes[0].find(P + "spTree")
        for i, el in enumerate(tree):
            ph = el.find(f"{P}nvSpPr/{P}nvPr/{P}ph")
            if ph is not None and ph.get("type") == "body":
                return i
        raise ValueError("the notes master has no body placeholder")


_TEMPLATES: dict[tuple, _Template] = {}


def _template() -> _Template:
    stat = TEMPLATE.stat()
    key = (str(TEMPLATE), stat.st_mtime_ns, stat.st_size)
    found = _TEMPLATES.get(key)
    if found is None:
        _TEMPLATES.clear()
        found = _TEMPLATES[key] = _Template(TEMPLATE.read_bytes())
    return found


_SCHEME = {"dk1": "ink", "lt1": "paper", "dk2": "primary", "lt2": "tint", "accent1": "accent",
           "accent2": "primary", "accent3": "muted", "accent4": "accent", "accent5": "primary",
           "accent6": "muted", "hlink": "accent", "folHlink": "primary"}


def _apply_theme(prs, template: _Template, theme: Theme, writer: _Writer) -> None:
    """Write the theme's colours and fonts into the deck's theme part (for editors' new slides)."""
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    part = prs.slide_master.part.part_related_by(RT.THEME)
    key = (theme.name, theme.fonts.family) + tuple(writer.rgb(c) for c in _SCHEME.values())
    blob = template.themes.get(key)
    if blob is None:
        root = etree.fromstring(part.blob)
        clr = root.find(f".//{A}clrScheme")
        clr.set("name", theme.name)
        for slot, colour in _SCHEME.items():
            el = clr.find(A + slot)
            for child in list(el):
                el.remove(child)
            _sub(el, "srgbClr", val=writer.rgb(colour))
        fonts = root.find(f".//{A}fontScheme")
        fonts.set("name", theme.fonts.family)
        for latin in fonts.iter(A + "latin"):
            latin.set("typeface", theme.fonts.family)
        blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
        if len(template.themes) >= 8:
            template.themes.clear()
        template.themes[key] = blob
    replace_blob(part, blob)


def _core_properties(prs, release: Release, summary: str, category: str) -> None:
    meta = release.meta
    resolve = Resolver(release)
    props = prs.core_properties
    props.title = resolve(meta.title)
    props.subject = resolve(meta.subtitle or meta.title)
    props.author = meta.agency
    props.last_modified_by = meta.agency
    props.keywords = _at_most(", ".join(meta.keywords) or props.title)
    props.language = release.language
    props.comments = _at_most(summary)
    props.category = category
    props.revision = 1
    moment = dt.datetime.combine(meta.date, dt.time(0, 0))
    props.created = props.modified = moment


def _at_most(text: str, limit: int = 255) -> str:
    """``text`` cut at a word boundary to the 255 characters a core property holds."""
    if len(text) <= limit:
        return text
    return text[:limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _declare_language(element: Any, language: str) -> None:
    """Every run property of a master or layout in the release's language (what an editor types there)."""
    for props in element.iter(A + "rPr", A + "defRPr", A + "endParaRPr"):
        if props.get("lang"):
            props.set("lang", language)


def emit(slides: list[SlidePlan], release: Release, theme: Theme, summary: str) -> bytes:
    from pptx import Presentation
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    template = _template()
    prs = Presentation(io.BytesIO(template.blob))
    writer = _Writer(release, theme)
    _apply_theme(prs, template, theme, writer)
    pres_part = prs.part
    for defrpr in xml_of(pres_part).iter(A + "defRPr"):
        if defrpr.getparent().tag == A + "defPPr":
            defrpr.set("lang", release.language)
    template.prototypes(prs)
    layouts = {layout.name: layout.part for layout in prs.slide_layouts}
    sld_id_lst = slide_id_list(prs)
    package = prs.part.package
    notes_master = None
    for plan in slides:
        # what prs.slides.add_slide(layout) does, from the layout's blank slide; the template
        # has no slides, so slide n is slideN.xml with id 255 + n (python-pptx: max id + 1)
        name = LAYOUTS["title" if plan.layout == "title" else "content"]
        n = len(sld_id_lst) + 1
        sld = copy.deepcopy(template.slides[name])
        part = slide_part(package, n, sld)
        part.relate_to(layouts[name], RT.SLIDE_LAYOUT)
        _SubElement(sld_id_lst, P + "sldId", {"id": str(255 + n), R_ID: pres_part.relate_to(part, RT.SLIDE)})
        if plan.background:
            _background(sld, writer.rgb(plan.background))
        tree = sld[0].find(P + "spTree")
        placeholders = [el for el in tree if el.tag == P + "sp"]  # all python-pptx clones
        title = next(el for el in placeholders if _ph_idx(el) == 0)  # what slide.shapes.title finds
        others = [el for el in placeholders if el is not title]
        _xfrm(title.find(P + "spPr"), plan.title.box)
        writer.body(title.find(P + "txBody"), plan.title.paras, 0, "t", part)
        for ph in others:
            if plan.subtitle is not None:
                _xfrm(ph.find(P + "spPr"), plan.subtitle.box)
                writer.body(ph.find(P + "txBody"), plan.subtitle.paras, 0, "t", part)
            else:
                tree.remove(ph)
        shape_id = max(int(c.get("id")) for c in tree.iter(P + "cNvPr"))  # python-pptx: max @id + 1
        for shape in plan.shapes:
            if isinstance(shape, TextShape):
                shape_id += 1
                _text_shape(tree, shape_id, shape, writer, part)
            elif isinstance(shape, TableShape):
                shape_id += 1
                _table(tree, shape_id, shape, writer)
        for chrome, ph_type in ((plan.footer, "ftr"), (plan.number, "sldNum")):
            if chrome is not None:
                shape_id += 1
                _placeholder(tree, shape_id, chrome, ph_type, _LAYOUT_PH[ph_type], writer, part)
        for shape in plan.shapes:
            if isinstance(shape, Decoration):
                shape_id += 1
                _decoration(tree, shape_id, shape, writer)
        # what slide.notes_slide does (the notes master is made with the first notes slide)
        if notes_master is None:
            notes_master = pres_part.notes_master_part
        notes = copy.deepcopy(template.notes)
        notes_part = notes_slide_part(package, n, notes)
        notes_part.relate_to(notes_master, RT.NOTES_MASTER)
        notes_part.relate_to(part, RT.SLIDE)
        part.relate_to(notes_part, RT.NOTES_SLIDE)
        body = notes[0].find(P + "spTree")[template.notes_body]
        _notes_text(body.find(P + "txBody"), plan.notes, release.language)
    for master in (prs.slide_master.part, *layouts.values(), *([notes_master] if notes_master is not None else [])):
        _declare_language(xml_of(master), release.language)
    _core_properties(prs, release, summary, theme.labels_for(release.language).briefing)
    embed_fonts(prs, theme.fonts.family, {"regular": theme.font_path("regular"), "bold": theme.font_path("bold")})
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()
