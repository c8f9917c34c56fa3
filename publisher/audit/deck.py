"""The deck audit: reads a .pptx back and checks the rules of docs/accessibility.md, "Briefing deck".

Rules (stable ids): deck.slide-size, deck.title-missing, deck.title-duplicate (warning),
deck.title-not-first, deck.alt-text-missing, deck.alt-text-filename, deck.table-header,
deck.table-merged (warning), deck.link-text, deck.text-too-small, deck.title-too-small,
deck.text-overflow, deck.font-unmeasurable (warning), deck.language-missing,
deck.notes-missing, deck.notes-incomplete, deck.core-properties; and the briefing storyboard's
structural rules: deck.footer-missing, deck.slide-number-missing, deck.frame-words (its
content rules, which need the release's figures and quotes, are :mod:`publisher.audit.deck_content`).

The storyboard's contract (docs/accessibility.md, "The briefing storyboard"; names in
:mod:`publisher.spec.deck`): slide 1 is the title slide; every other slide has a footer
placeholder (``p:ph type="ftr"``) with text (the agency and the date) and a slide-number
placeholder (``p:ph type="sldNum"``) holding an ``a:fld type="slidenum"``; no text frame of a
slide (a ``p:sp``'s txBody; table cells and notes aside) holds more than ``MAX_FRAME_WORDS``
words, a pull-quote's byline (``— <attribution>``) not counted. Footer, slide-number and date
placeholders are furniture: the notes need not say them.

Text is measured with the real metrics of the font each run names, found among the theme's
font files; sizes follow the inheritance PowerPoint uses (run, shape list style, layout and
master placeholder, master text styles, presentation defaults).
"""
from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from publisher.audit import Finding, Passage, ReadOnce
from publisher.audit.vocabulary import FILE_NAME, vague_link
from publisher.pptx_internals import shape_proxy, xml_of
from publisher.spec.deck import (
    A_NS,
    ADEC_NS,
    CHROME,
    EMU_PER_PT,
    MAX_FRAME_WORDS,
    MIN_TEXT,
    MIN_TITLE,
    P_NS,
    R_NS,
    SLIDE_SIZE,
    TABLE_URI,
    Fonts,
    find_fonts,
    frame_word_count,
    line_count,
    widest_word,
)

A, P = f"{{{A_NS}}}", f"{{{P_NS}}}"
TITLE_TYPES = ("title", "ctrTitle")
DEFAULT_INSETS = (91440, 45720, 91440, 45720)  #: l, t, r, b
#: the elements python-pptx counts as shapes of a shape tree (``iter_shape_elms``)
SHAPE_TAGS = frozenset(P + t for t in ("sp", "grpSp", "graphicFrame", "cxnSp", "pic", "contentPart"))
SP, GRP_SP, GRAPHIC_FRAME = P + "sp", P + "grpSp", P + "graphicFrame"
_NV_PH = f"{P}nvPr/{P}ph"
_ANY_PH = f".//{P}nvPr/{P}ph"


def _norm(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


def _paragraph_text(p) -> str:
    return "".join(t.text or "" for t in p.iter(A + "t"))


def _frame_text(tx_body) -> str:
    """python-pptx's ``text_frame.text``: paragraphs joined by a line feed, a line break a
    vertical tab, runs and fields their text."""
    if tx_body is None:
        return ""
    lines = []
    for p in tx_body.iterchildren(A + "p"):
        parts = []
        for child in p.iterchildren(A + "r", A + "fld", A + "br"):
            if child.tag == A + "br":
                parts.append("\v")
            else:
                t = child.find(A + "t")
                parts.append((t.text or "") if t is not None else "")
        lines.append("".join(parts))
    return "\n".join(lines)


def _first_child(el):
    return next(el.iterchildren("{*}*"), None)


def _pptx_ph(el):
    """The ``p:ph`` of a shape as python-pptx finds it (``./*[1]/p:nvPr/p:ph``), or None."""
    first = _first_child(el)
    return first.find(_NV_PH) if first is not None else None


def _pptx_ph_type(ph) -> str:
    return ph.get("type", "obj")  #: python-pptx's default placeholder type


def _shape_elms(tree):
    return [el for el in tree.iterchildren() if el.tag in SHAPE_TAGS]


class _Placeholders:
    """The placeholders of a layout or master shape tree, indexed once (python-pptx's
    ``placeholders.get(idx=...)`` / ``.get(ph_type)`` return the first match)."""

    def __init__(self, element):
        tree = element.find(f"{P}cSld/{P}spTree")
        self.items = []
        for el in _shape_elms(tree) if tree is not None else ():
            ph = _pptx_ph(el)
            if ph is not None:
                self.items.append((el, ph))
        self.by_idx: dict[int, object] = {}
        self.by_type: dict[str, object] = {}
        for el, ph in self.items:
            try:
                self.by_idx.setdefault(int(ph.get("idx", "0")), el)
            except ValueError:
                pass
            self.by_type.setdefault(_pptx_ph_type(ph), el)


class _Shape:
    """One shape element of a slide and what the rules look up about it, found once."""

    __slots__ = ("el", "slide", "top_level", "ph_type", "_sources", "_proxy")

    def __init__(self, el, slide: _Slide, top_level: bool):
        self.el = el
        self.slide = slide
        self.top_level = top_level
        ph = el.find(_ANY_PH)
        self.ph_type = None if ph is None else ph.get("type", "body")
        self._sources: list[Any] | None = None
        self._proxy: Any = None

    @property
    def c_nv_pr(self):
        first = _first_child(self.el)
        return first.find(P + "cNvPr") if first is not None else None

    @property
    def name(self) -> str:
        c_nv_pr = self.c_nv_pr
        return (c_nv_pr.get("name") or "") if c_nv_pr is not None else ""

    @property
    def shape_id(self):
        c_nv_pr = self.c_nv_pr
        return int(c_nv_pr.get("id")) if c_nv_pr is not None else None

    def proxy(self):
        """python-pptx's own shape object (for what is not read from the XML directly)."""
        if self._proxy is None:
            self._proxy = shape_proxy(self.el, self.slide.slide.shapes, self.top_level)
        return self._proxy

    def extent(self) -> tuple:
        """(width, height) in EMU: the shape's own size, else python-pptx's (a placeholder
        inherits it from its layout and master)."""
        tag = self.el.tag
        if tag == GRAPHIC_FRAME:
            xfrm = self.el.find(P + "xfrm")
        else:
            pr = self.el.find(P + ("grpSpPr" if tag == GRP_SP else "spPr"))
            xfrm = pr.find(A + "xfrm") if pr is not None else None
        ext = xfrm.find(A + "ext") if xfrm is not None else None
        if ext is not None and ext.get("cx") is not None and ext.get("cy") is not None:
            return int(ext.get("cx")), int(ext.get("cy"))
        proxy = self.proxy()
        return proxy.width, proxy.height

    def chain(self) -> list:
        """The layout and master placeholders a slide placeholder inherits from."""
        layout = self.slide.deck.layout(self.slide.part)
        if layout is None:
            return []
        layout_part, layout_phs = layout
        ph = _pptx_ph(self.el)
        layout_ph = None
        if ph is not None:
            try:
                layout_ph = layout_phs.by_idx.get(int(ph.get("idx", "0")))
            except ValueError:
                layout_ph = None
        if layout_ph is None:
            ph_type = _pptx_ph_type(ph) if ph is not None else None
            layout_ph = next((el for el, lph in layout_phs.items if _pptx_ph_type(lph) == ph_type), None)
        chain = []
        if layout_ph is not None:
            chain.append(layout_ph)
            master = self.slide.deck.master(layout_part)
            if master is not None:
                master_ph = master.by_type.get(_pptx_ph_type(_pptx_ph(layout_ph)))
                if master_ph is not None:
                    chain.append(master_ph)
        return chain

    def sources(self, deck: _Deck) -> list:
        """Where a paragraph level's defRPr comes from: the shape's list style, its layout and
        master placeholders', the master text style, the presentation defaults."""
        if self._sources is None:
            tx = self.el.find(f".//{P}txBody")
            sources = [tx.find(A + "lstStyle") if tx is not None else None]
            if self.ph_type is not None:
                for parent in self.chain():
                    ptx = parent.find(f".//{P}txBody")
                    sources.append(ptx.find(A + "lstStyle") if ptx is not None else None)
            sources.append(_master_style(deck, self.ph_type))
            sources.append(deck.default_style)
            self._sources = sources
        return self._sources


class _Slide:
    def __init__(self, deck: _Deck, slide):
        self.deck = deck
        self.slide = slide
        self.part = slide.part
        c_sld = xml_of(slide).find(P + "cSld")
        tree = c_sld.find(P + "spTree") if c_sld is not None else None
        self.tree = tree

    def shapes(self) -> list[_Shape]:
        """Every shape, group members included, in document order."""
        out: list[_Shape] = []

        def walk(tree, top: bool) -> None:
            for el in _shape_elms(tree):
                out.append(_Shape(el, self, top))
                if el.tag == GRP_SP:
                    walk(el, False)

        if self.tree is not None:
            walk(self.tree, True)
        return out

    def notes_body(self):
        """The txBody of the notes slide's body placeholder, None without notes."""
        from pptx.opc.constants import RELATIONSHIP_TYPE as RT

        try:
            notes = self.part.part_related_by(RT.NOTES_SLIDE)
        except KeyError:
            return None
        tree = xml_of(notes).find(f"{P}cSld/{P}spTree")
        for el in _shape_elms(tree) if tree is not None else ():
            ph = _pptx_ph(el)
            if ph is not None and _pptx_ph_type(ph) == "body":
                return el.find(P + "txBody")
        return None


class _Deck:
    """The opened presentation and what the rules need to look up."""

    def __init__(self, data: bytes):
        from lxml import etree
        from pptx import Presentation
        from pptx.opc.constants import RELATIONSHIP_TYPE as RT

        self.prs = Presentation(io.BytesIO(data))
        self._fonts: dict[str, Fonts | None] = {}
        master = self.prs.slide_master
        theme = etree.fromstring(master.part.part_related_by(RT.THEME).blob)
        self.theme_fonts = {
            "+mn-lt": (theme.find(f".//{A}minorFont/{A}latin").get("typeface")),
            "+mj-lt": (theme.find(f".//{A}majorFont/{A}latin").get("typeface")),
        }
        self.master_styles = xml_of(master).find(P + "txStyles")
        self.default_style = xml_of(self.prs.part).find(P + "defaultTextStyle")
        self._layouts: dict[str, tuple | None] = {}
        self._masters: dict[str, _Placeholders | None] = {}
        self._slides: list[_Slide] | None = None

    @property
    def slides(self) -> list[_Slide]:
        if self._slides is None:
            self._slides = [_Slide(self, slide) for slide in self.prs.slides]
        return self._slides

    def layout(self, slide_part):
        """(layout part, its placeholders) of a slide, None if it has no layout."""
        from pptx.opc.constants import RELATIONSHIP_TYPE as RT

        key = str(slide_part.partname)
        if key not in self._layouts:
            try:
                part = slide_part.part_related_by(RT.SLIDE_LAYOUT)
                self._layouts[key] = (part, _Placeholders(xml_of(part)))
            except KeyError:
                self._layouts[key] = None
        return self._layouts[key]

    def master(self, layout_part) -> _Placeholders | None:
        from pptx.opc.constants import RELATIONSHIP_TYPE as RT

        key = str(layout_part.partname)
        if key not in self._masters:
            try:
                self._masters[key] = _Placeholders(xml_of(layout_part.part_related_by(RT.SLIDE_MASTER)))
            except KeyError:
                self._masters[key] = None
        return self._masters[key]

    def fonts(self, family: str):
        from publisher.paths import ASSETS
        from publisher.theme import load_theme

        family = self.theme_fonts.get(family, family)
        if family not in self._fonts:
            folders = {load_theme().font_path("regular").parent, ASSETS / "fonts"}
            found = None
            for folder in folders:
                found = found or find_fonts(family, folder)
            self._fonts[family] = found
        return self._fonts[family]


#: The deck in a file, opened once for its bytes: audit() and extract() of one file share it.
_open = ReadOnce(_Deck)


def _level(p) -> int:
    ppr = p.find(A + "pPr")
    return int(ppr.get("lvl", "0")) if ppr is not None else 0


def _lst_value(lst_style, level: int, attr: str, child: str | None = None):
    if lst_style is None:
        return None
    lvl = lst_style.find(f"{A}lvl{level + 1}pPr")
    if lvl is None:
        return None
    if child is None:
        d = lvl.find(A + "defRPr")
        return d.get(attr) if d is not None else None
    el = lvl.find(A + child)
    return el


def _master_style(deck: _Deck, ph_type: str | None):
    styles = deck.master_styles
    if ph_type is None or styles is None:
        return deck.default_style
    name = "titleStyle" if ph_type in TITLE_TYPES else ("bodyStyle" if ph_type in ("body", "subTitle", "obj") else "otherStyle")
    return styles.find(P + name)


def _inherited(deck: _Deck, shape: _Shape, level: int, attr: str):
    """A defRPr attribute from the shape's list style up to the master and presentation defaults."""
    for source in shape.sources(deck):
        value = _lst_value(source, level, attr)
        if value is not None:
            return value
    return None


def _run_size(deck: _Deck, shape, p, r) -> float:
    rpr = r.find(A + "rPr")
    if rpr is not None and rpr.get("sz"):
        return int(rpr.get("sz")) / 100
    ppr = p.find(A + "pPr")
    if ppr is not None and ppr.find(A + "defRPr") is not None and ppr.find(A + "defRPr").get("sz"):
        return int(ppr.find(A + "defRPr").get("sz")) / 100
    value = _inherited(deck, shape, _level(p), "sz")
    return int(value) / 100 if value else 18.0


def _run_bold(deck: _Deck, shape, p, r) -> bool:
    rpr = r.find(A + "rPr")
    if rpr is not None and rpr.get("b") is not None:
        return rpr.get("b") in ("1", "true")
    return _inherited(deck, shape, _level(p), "b") in ("1", "true")


def _run_family(shape, r) -> str:
    rpr = r.find(A + "rPr")
    latin = rpr.find(A + "latin") if rpr is not None else None
    if latin is not None and latin.get("typeface"):
        return latin.get("typeface")
    return "+mj-lt" if shape.ph_type in TITLE_TYPES else "+mn-lt"


def _line_pitch(p, size: float, fonts) -> float:
    ppr = p.find(A + "pPr")
    spacing = ppr.find(A + "lnSpc") if ppr is not None else None
    natural = size * max(1.2, fonts.regular.line_factor)
    if spacing is not None:
        pts = spacing.find(A + "spcPts")
        if pts is not None:
            return int(pts.get("val")) / 100
        pct = spacing.find(A + "spcPct")
        if pct is not None:
            return natural * int(pct.get("val")) / 100000
    return natural


def _space_before(p, size: float) -> float:
    ppr = p.find(A + "pPr")
    before = ppr.find(A + "spcBef") if ppr is not None else None
    if before is None:
        return 0.0
    pts = before.find(A + "spcPts")
    if pts is not None:
        return int(pts.get("val")) / 100
    pct = before.find(A + "spcPct")
    return size * int(pct.get("val")) / 100000 if pct is not None else 0.0


def _decorative(c_nv_pr) -> bool:
    return any(el.get("val") in ("1", "true") for el in c_nv_pr.iter(f"{{{ADEC_NS}}}decorative"))


def _c_nv_pr(element):
    return next(element.iter(P + "cNvPr"), None)


class _Auditor:
    def __init__(self, path: Path):
        self.path = path
        self.deck = _open(path)
        self.findings: list[Finding] = []

    def add(self, location: str, rule: str, message: str, severity: str = "error") -> None:
        self.findings.append(Finding(str(self.path), location, rule, message, severity))

    def run(self) -> list[Finding]:
        self.presentation()
        titles: dict[str, int] = {}
        for n, slide in enumerate(self.deck.slides, 1):
            self.slide(n, slide, titles)
        return self.findings

    def presentation(self) -> None:
        prs = self.deck.prs
        size = (prs.slide_width, prs.slide_height)
        sld_sz = xml_of(prs.part).find(P + "sldSz")
        if size != SLIDE_SIZE or sld_sz.get("type") == "screen4x3":
            self.add("presentation", "deck.slide-size",
                     f"slide size {size[0]} x {size[1]} EMU (type {sld_sz.get('type')}); 16:9 is 12192000 x 6858000")
        props = prs.core_properties
        for name, value in (("title", props.title), ("subject", props.subject), ("author", props.author),
                            ("keywords", props.keywords), ("language", props.language)):
            if not (value or "").strip():
                self.add("core properties", "deck.core-properties", f"the {name} property is empty")
        for name, value in (("description", props.comments), ("last modified by", props.last_modified_by)):
            if "python-pptx" in (value or ""):
                self.add("core properties", "deck.core-properties", f"the {name} property says '{value}'")

    def slide(self, n: int, slide: _Slide, titles: dict[str, int]) -> None:
        where = f"slide {n}"
        shapes = slide.shapes()
        top = [s for s in shapes if s.top_level]
        title_shape = next((s for s in top if _pptx_ph(s.el) is not None and s.ph_type in TITLE_TYPES), None)
        title = _norm(_frame_text(title_shape.el.find(P + "txBody"))) if title_shape is not None else ""
        if not title:
            self.add(where, "deck.title-missing", "no title placeholder with text (PowerPoint: 'Missing slide title')")
        else:
            key = title.casefold()
            if key in titles:
                self.add(where, "deck.title-duplicate", f"title '{title}' repeats slide {titles[key]}", "warning")
            titles.setdefault(key, n)
            first = top[0] if top else None
            if first is None or title_shape is None or first.shape_id != title_shape.shape_id:
                self.add(f"{where}, shape '{first.name if first else ''}'", "deck.title-not-first",
                         "the title is not the first shape in reading order")
        spoken = [title] if title else []
        for shape in shapes:
            texts = self.shape(n, shape)
            if shape.ph_type not in CHROME:
                spoken += texts
        if n > 1:
            self.chrome(where, shapes)
        self.notes(n, slide, spoken)

    def chrome(self, where: str, shapes: list[_Shape]) -> None:
        """A footer with text and a slide number that is a field, as placeholders screen readers announce."""
        footers = [s for s in shapes if s.ph_type == "ftr" and _norm(_frame_text(s.el.find(P + "txBody")))]
        if not footers:
            self.add(where, "deck.footer-missing", "no footer placeholder (p:ph type='ftr') with text")
        numbers = [s for s in shapes if s.ph_type == "sldNum"
                   and any(f.get("type") == "slidenum" for f in s.el.iter(A + "fld"))]
        if not numbers:
            self.add(where, "deck.slide-number-missing",
                     "no slide-number placeholder (p:ph type='sldNum') holding a slidenum field")

    def shape(self, n: int, shape: _Shape) -> list[str]:
        where = f"slide {n}, shape '{shape.name}'"
        el = shape.el
        tag = el.tag.split("}")[1]
        c_nv_pr = _c_nv_pr(el)
        texts: list[str] = []
        tx_body = el.find(f"{P}txBody")
        has_text = tx_body is not None and bool(_norm("".join(t.text or "" for t in tx_body.iter(A + "t"))))
        needs_alt = tag in ("pic", "graphicFrame", "grpSp") or (tag == "sp" and not has_text and shape.ph_type is None)
        if needs_alt and c_nv_pr is not None and not _decorative(c_nv_pr):
            descr = (c_nv_pr.get("descr") or "").strip()
            if not descr:
                self.add(where, "deck.alt-text-missing", f"{tag} has no alt text and is not marked decorative")
            elif FILE_NAME.search(descr):
                self.add(where, "deck.alt-text-filename", f"alt text '{descr}' is a file name")
        if tx_body is not None and el.tag == SP:
            words = sum(frame_word_count(line) for line in _frame_text(tx_body).split("\n"))
            if words > MAX_FRAME_WORDS:
                self.add(where, "deck.frame-words", f"the text frame holds {words} words; at most {MAX_FRAME_WORDS} "
                                                    "(the rest belongs in the notes)")
        if tx_body is not None:
            width, height = shape.extent()
            texts += self.text_frame(where, shape, tx_body, shape.ph_type in TITLE_TYPES, width, height)
        if tag == "graphicFrame":
            data = el.find(f"{A}graphic/{A}graphicData")
            if data is not None and data.get("uri") == TABLE_URI:
                texts += self.table(where, shape, data)
        return texts

    def text_frame(self, where: str, shape, tx_body, is_title: bool, width: int, height: int | None,
                   insets: list[int] | None = None) -> list[str]:
        """Sizes, language, links and fit of one text body; ``height`` None: the box grows (table rows)."""
        texts = []
        minimum = MIN_TITLE if is_title else MIN_TEXT
        body_pr = tx_body.find(A + "bodyPr")
        lang_missing = False
        needed = 0.0
        measurable = True
        if insets is None:
            insets = [int(body_pr.get(k)) if body_pr is not None and body_pr.get(k) else d
                      for k, d in zip(("lIns", "tIns", "rIns", "bIns"), DEFAULT_INSETS, strict=True)]
        inner_w = (width - insets[0] - insets[2]) / EMU_PER_PT
        inner_h = ((height or 0) - insets[1] - insets[3]) / EMU_PER_PT
        no_wrap = body_pr is not None and body_pr.get("wrap") == "none"
        for p in tx_body.findall(A + "p"):
            text = _norm(_paragraph_text(p))
            if not text:
                continue
            texts.append(text)
            runs, sizes = [], []
            for r in p.findall(A + "r"):
                if not (r.findtext(A + "t") or ""):
                    continue
                size = _run_size(self.deck, shape, p, r)
                sizes.append(size)
                if size < minimum:
                    rule = "deck.title-too-small" if is_title else "deck.text-too-small"
                    self.add(where, rule, f"text '{_norm(r.findtext(A + 't'))[:40]}' is {size:g} pt; at least {minimum:g} pt")
                rpr = r.find(A + "rPr")
                if rpr is None or not rpr.get("lang"):
                    lang_missing = True
                runs.append((r.findtext(A + "t"), _run_bold(self.deck, shape, p, r), _run_family(shape, r), size))
            self.links(where, p)
            if not runs:
                continue
            fonts = self.deck.fonts(runs[0][2])
            if fonts is None:
                measurable = False
                continue
            size = max(sizes)
            ppr = p.find(A + "pPr")
            indent = int(ppr.get("marL", "0")) / EMU_PER_PT if ppr is not None else 0.0
            tokens = [(t, b) if run_size == size else (t, b, run_size) for t, b, _, run_size in runs]
            if widest_word(tokens, fonts, size) > inner_w - indent + 0.5:
                self.add(where, "deck.text-overflow", f"a word of '{text[:40]}' is wider than its box")
            lines = 1 if no_wrap else line_count(tokens, fonts, size, inner_w - indent)
            needed += _space_before(p, size) if needed else 0.0
            needed += lines * _line_pitch(p, size, fonts)
        if lang_missing:
            self.add(where, "deck.language-missing", "a run declares no language (a:rPr@lang)")
        if not measurable:
            self.add(where, "deck.font-unmeasurable", "the font of this text is not among the theme's fonts; fit unchecked",
                     "warning")
        elif (height is not None and needed > inner_h + 0.5
              and not (body_pr is not None and body_pr.find(A + "spAutoFit") is not None)):
            self.add(where, "deck.text-overflow",
                     f"text needs {needed:.1f} pt of height; the box holds {inner_h:.1f} pt")
        return texts

    def links(self, where: str, p) -> None:
        groups: list[tuple[str, str]] = []
        for r in p.findall(A + "r"):
            link = r.find(f"{A}rPr/{A}hlinkClick")
            rid = link.get(f"{{{R_NS}}}id") if link is not None else None
            if rid is None:
                continue
            if groups and groups[-1][0] == rid:
                groups[-1] = (rid, groups[-1][1] + (r.findtext(A + "t") or ""))
            else:
                groups.append((rid, r.findtext(A + "t") or ""))
        for _, text in groups:
            text = _norm(text)
            if vague_link(text):
                self.add(where, "deck.link-text", f"link text '{text}' does not say where the link goes")

    def table(self, where: str, shape: _Shape, graphic_data) -> list[str]:
        tbl = shape.el.find(f".//{A}tbl")
        tbl_pr = tbl.find(A + "tblPr")
        if tbl_pr is None or tbl_pr.get("firstRow") not in ("1", "true"):
            self.add(where, "deck.table-header", "the table has no header row (a:tblPr@firstRow)")
        texts = []
        for tc in tbl.iter(A + "tc"):
            if int(tc.get("gridSpan", "1")) > 1 or int(tc.get("rowSpan", "1")) > 1 or tc.get("hMerge") or tc.get("vMerge"):
                self.add(where, "deck.table-merged", "the table has merged or split cells", "warning")
                break
        table = graphic_data.find(A + "tbl")  # what python-pptx's shape.table reads
        grid = table.find(A + "tblGrid")
        widths = [int(col.get("w", "0")) for col in grid.iterchildren(A + "gridCol")] if grid is not None else []
        for tr in table.iterchildren(A + "tr"):
            for col, tc in enumerate(tr.iterchildren(A + "tc")):
                tc_pr = tc.find(A + "tcPr")
                margins = [int(tc_pr.get(k)) if tc_pr is not None and tc_pr.get(k) else d
                           for k, d in zip(("marL", "marT", "marR", "marB"), DEFAULT_INSETS, strict=True)]
                tx_body = tc.find(A + "txBody")
                if tx_body is not None:
                    texts += self.text_frame(where, shape, tx_body, False, widths[col], None, margins)
        return texts

    def notes(self, n: int, slide: _Slide, spoken: list[str]) -> None:
        where = f"slide {n}, notes"
        notes = _norm(_frame_text(slide.notes_body()))
        if not notes:
            self.add(where, "deck.notes-missing", "the slide has no speaker notes")
            return
        missing = [t for t in spoken if t not in notes]
        if missing:
            self.add(where, "deck.notes-incomplete",
                     f"the notes do not say {len(missing)} text(s) of the slide, e.g. '{missing[0][:60]}'")


def audit(path: Path) -> list[Finding]:
    """Every deck rule broken in the .pptx at ``path``."""
    return _Auditor(Path(path)).run()


def extract(path: Path) -> list[Passage]:
    """Every slide's text (shapes in reading order, table cells) and notes, located as "slide N";
    slide titles are headings (the first slide's H1, the others' H2), a table's header row TH."""
    passages: list[Passage] = []
    for n, slide in enumerate(_open(Path(path)).slides, 1):
        where = f"slide {n}"
        for shape in slide.shapes():
            el = shape.el
            if el.tag == SP and not (shape.top_level and _is_picture_placeholder(el)):  # python-pptx's has_text_frame
                tx_body = el.find(P + "txBody")
                if tx_body is not None:
                    text = _norm(" ".join(_paragraph_text(p) for p in tx_body.findall(A + "p")))
                    ph = _pptx_ph(el)
                    if text and not (ph is not None and ph.get("type") in ("sldNum", "dt")):
                        title = ph is not None and _pptx_ph_type(ph) in ("title", "ctrTitle")
                        passages.append(Passage(where, text, ("H1" if n == 1 else "H2") if title else ""))
            elif el.tag == GRAPHIC_FRAME:
                data = el.find(f"{A}graphic/{A}graphicData")
                if data is not None and data.get("uri") == TABLE_URI:
                    table = data.find(A + "tbl")
                    properties = table.find(A + "tblPr")
                    header_row = properties is not None and properties.get("firstRow") in ("1", "true")
                    for row, tr in enumerate(table.iterchildren(A + "tr")):
                        for tc in tr.iterchildren(A + "tc"):
                            text = _norm(_frame_text(tc.find(A + "txBody")))
                            if text:
                                passages.append(Passage(where, text, "TH" if header_row and row == 0 else ""))
        notes = slide.notes_body()
        if notes is not None:
            for p in notes.iterchildren(A + "p"):
                text = _norm("".join(t.text or "" if t is not None else "" for t in
                                     (r.find(A + "t") for r in p.iterchildren(A + "r"))))
                if text:
                    passages.append(Passage(where, text))
    return passages


def _is_picture_placeholder(el) -> bool:
    """A ``p:sp`` placeholder of type clipArt, which python-pptx reads as a picture (no text frame)."""
    ph = _pptx_ph(el)
    return ph is not None and ph.get("type") == "clipArt"
