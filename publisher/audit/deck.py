"""The deck audit: reads a .pptx back and checks the deck rules of ACCESSIBILITY.md.

Rules (stable ids): deck.slide-size, deck.title-missing, deck.title-duplicate (warning),
deck.title-not-first, deck.alt-text-missing, deck.alt-text-filename, deck.table-header,
deck.table-merged (warning), deck.link-text, deck.text-too-small, deck.title-too-small,
deck.text-overflow, deck.font-unmeasurable (warning), deck.language-missing,
deck.notes-missing, deck.notes-incomplete, deck.core-properties.

Text is measured with the real metrics of the font each run names, found among the theme's
font files; sizes follow the inheritance PowerPoint uses (run, shape list style, layout and
master placeholder, master text styles, presentation defaults).
"""
from __future__ import annotations

import re
from pathlib import Path

from publisher.audit import Finding, Passage

A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
P_NS = "http://schemas.openxmlformats.org/presentationml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
ADEC_NS = "http://schemas.microsoft.com/office/drawing/2017/decorative"
A, P = "{%s}" % A_NS, "{%s}" % P_NS
SLIDE_SIZE = (12192000, 6858000)
MIN_TEXT, MIN_TITLE = 18.0, 28.0
EMU_PER_PT = 12700
TITLE_TYPES = ("title", "ctrTitle")
FILE_NAME = re.compile(r"\.(png|jpe?g|gif|bmp|tiff?|svg|emf|wmf|webp|heic)$|^(image|picture|img|pic)[\s_-]*\d*$", re.I)
BARE_URL = re.compile(r"^(https?://|www\.)\S+$", re.I)
VAGUE_LINKS = {"click here", "here", "more", "read more", "link", "this link", "click", "learn more"}
DEFAULT_INSETS = (91440, 45720, 91440, 45720)  #: l, t, r, b


def _norm(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


def _paragraph_text(p) -> str:
    return "".join(t.text or "" for t in p.iter(A + "t"))


class _Deck:
    """The opened presentation and what the rules need to look up."""

    def __init__(self, path: Path):
        from pptx import Presentation

        self.path = path
        self.prs = Presentation(str(path))
        self._fonts: dict[tuple[str, bool], object] = {}
        master = self.prs.slide_master
        from pptx.opc.constants import RELATIONSHIP_TYPE as RT
        from lxml import etree

        theme = etree.fromstring(master.part.part_related_by(RT.THEME).blob)
        self.theme_fonts = {
            "+mn-lt": (theme.find(f".//{A}minorFont/{A}latin").get("typeface")),
            "+mj-lt": (theme.find(f".//{A}majorFont/{A}latin").get("typeface")),
        }

    def fonts(self, family: str):
        from publisher.render.deck.measure import find_fonts
        from publisher.theme import ASSETS, load_theme

        family = self.theme_fonts.get(family, family)
        if family not in self._fonts:
            folders = {load_theme().font_path("regular").parent, ASSETS / "fonts"}
            found = None
            for folder in folders:
                found = found or find_fonts(family, folder)
            self._fonts[family] = found
        return self._fonts[family]


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


def _placeholder_chain(shape):
    """The layout and master placeholders a slide placeholder inherits from."""
    chain = []
    try:
        layout_ph = shape.part.slide_layout.placeholders.get(idx=shape.placeholder_format.idx)
    except (AttributeError, KeyError, ValueError):
        layout_ph = None
    if layout_ph is None:
        ph_type = shape._element.ph_type
        for candidate in shape.part.slide_layout.placeholders:
            if candidate._element.ph_type == ph_type:
                layout_ph = candidate
                break
    if layout_ph is not None:
        chain.append(layout_ph)
        master_ph = layout_ph.part.slide_master.placeholders.get(layout_ph._element.ph_type)
        if master_ph is not None:
            chain.append(master_ph)
    return chain


def _ph_type(shape) -> str | None:
    ph = shape._element.find(f".//{P}nvPr/{P}ph")
    if ph is None:
        return None
    return ph.get("type", "body")


def _master_style(deck: _Deck, ph_type: str | None):
    styles = deck.prs.slide_master._element.find(P + "txStyles")
    if ph_type is None or styles is None:
        return deck.prs.part._element.find(P + "defaultTextStyle")
    name = "titleStyle" if ph_type in TITLE_TYPES else ("bodyStyle" if ph_type in ("body", "subTitle", "obj") else "otherStyle")
    return styles.find(P + name)


def _inherited(deck: _Deck, shape, level: int, attr: str):
    """A defRPr attribute from the shape's list style up to the master and presentation defaults."""
    tx = shape._element.find(f".//{P}txBody")
    sources = [tx.find(A + "lstStyle") if tx is not None else None]
    ph_type = _ph_type(shape)
    if ph_type is not None:
        for parent in _placeholder_chain(shape):
            ptx = parent._element.find(f".//{P}txBody")
            sources.append(ptx.find(A + "lstStyle") if ptx is not None else None)
    sources.append(_master_style(deck, ph_type))
    sources.append(deck.prs.part._element.find(P + "defaultTextStyle"))
    for source in sources:
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


def _run_family(deck: _Deck, shape, p, r) -> str:
    rpr = r.find(A + "rPr")
    latin = rpr.find(A + "latin") if rpr is not None else None
    if latin is not None and latin.get("typeface"):
        return latin.get("typeface")
    return "+mj-lt" if _ph_type(shape) in TITLE_TYPES else "+mn-lt"


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
    return any(el.get("val") in ("1", "true") for el in c_nv_pr.iter("{%s}decorative" % ADEC_NS))


def _c_nv_pr(element):
    return next(element.iter(P + "cNvPr"), None)


def _shapes(container):
    """Every shape of a slide, group members included, in document order."""
    for shape in container:
        yield shape
        if shape.shape_type is not None and shape.shape_type == 6:  # MSO_SHAPE_TYPE.GROUP
            yield from _shapes(shape.shapes)


class _Auditor:
    def __init__(self, path: Path):
        self.path = path
        self.deck = _Deck(path)
        self.findings: list[Finding] = []

    def add(self, location: str, rule: str, message: str, severity: str = "error") -> None:
        self.findings.append(Finding(str(self.path), location, rule, message, severity))

    def run(self) -> list[Finding]:
        self.presentation()
        titles: dict[str, int] = {}
        for n, slide in enumerate(self.deck.prs.slides, 1):
            self.slide(n, slide, titles)
        return self.findings

    def presentation(self) -> None:
        prs = self.deck.prs
        size = (prs.slide_width, prs.slide_height)
        sld_sz = prs.part._element.find(P + "sldSz")
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

    def slide(self, n: int, slide, titles: dict[str, int]) -> None:
        where = f"slide {n}"
        title_shape = next((s for s in slide.placeholders if _ph_type(s) in TITLE_TYPES), None)
        title = _norm(title_shape.text_frame.text) if title_shape is not None else ""
        if not title:
            self.add(where, "deck.title-missing", "no title placeholder with text (PowerPoint: 'Missing slide title')")
        else:
            key = title.casefold()
            if key in titles:
                self.add(where, "deck.title-duplicate", f"title '{title}' repeats slide {titles[key]}", "warning")
            titles.setdefault(key, n)
            first = next(iter(slide.shapes), None)
            if first is None or first.shape_id != title_shape.shape_id:
                self.add(f"{where}, shape '{first.name if first else ''}'", "deck.title-not-first",
                         "the title is not the first shape in reading order")
        spoken = [title] if title else []
        for shape in _shapes(slide.shapes):
            spoken += self.shape(n, shape)
        self.notes(n, slide, spoken)

    def shape(self, n: int, shape) -> list[str]:
        where = f"slide {n}, shape '{shape.name}'"
        el = shape._element
        tag = el.tag.split("}")[1]
        c_nv_pr = _c_nv_pr(el)
        texts: list[str] = []
        tx_body = el.find(f"{P}txBody")
        has_text = tx_body is not None and bool(_norm("".join(t.text or "" for t in tx_body.iter(A + "t"))))
        needs_alt = tag in ("pic", "graphicFrame", "grpSp") or (tag == "sp" and not has_text and _ph_type(shape) is None)
        if needs_alt and c_nv_pr is not None and not _decorative(c_nv_pr):
            descr = (c_nv_pr.get("descr") or "").strip()
            if not descr:
                self.add(where, "deck.alt-text-missing", f"{tag} has no alt text and is not marked decorative")
            elif FILE_NAME.search(descr):
                self.add(where, "deck.alt-text-filename", f"alt text '{descr}' is a file name")
        if tx_body is not None:
            texts += self.text_frame(where, shape, tx_body, _ph_type(shape) in TITLE_TYPES, shape.width, shape.height)
        if getattr(shape, "has_table", False) and shape.has_table:
            texts += self.table(where, shape)
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
                      for k, d in zip(("lIns", "tIns", "rIns", "bIns"), DEFAULT_INSETS)]
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
                runs.append((r.findtext(A + "t"), _run_bold(self.deck, shape, p, r), _run_family(self.deck, shape, p, r)))
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
            from publisher.render.deck.measure import line_count, widest_word

            tokens = [(t, b) for t, b, _ in runs]
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
        elif height is not None and needed > inner_h + 0.5 and not (body_pr is not None and body_pr.find(A + "spAutoFit") is not None):
            self.add(where, "deck.text-overflow",
                     f"text needs {needed:.1f} pt of height; the box holds {inner_h:.1f} pt")
        return texts

    def links(self, where: str, p) -> None:
        groups: list[tuple[str, str]] = []
        for r in p.findall(A + "r"):
            link = r.find(f"{A}rPr/{A}hlinkClick")
            rid = link.get("{%s}id" % R_NS) if link is not None else None
            if rid is None:
                continue
            if groups and groups[-1][0] == rid:
                groups[-1] = (rid, groups[-1][1] + (r.findtext(A + "t") or ""))
            else:
                groups.append((rid, r.findtext(A + "t") or ""))
        for _, text in groups:
            text = _norm(text)
            if not text or BARE_URL.match(text) or text.casefold().strip(".!") in VAGUE_LINKS:
                self.add(where, "deck.link-text", f"link text '{text}' does not say where the link goes")

    def table(self, where: str, shape) -> list[str]:
        tbl = shape._element.find(f".//{A}tbl")
        tbl_pr = tbl.find(A + "tblPr")
        if tbl_pr is None or tbl_pr.get("firstRow") not in ("1", "true"):
            self.add(where, "deck.table-header", "the table has no header row (a:tblPr@firstRow)")
        texts = []
        for tc in tbl.iter(A + "tc"):
            if int(tc.get("gridSpan", "1")) > 1 or int(tc.get("rowSpan", "1")) > 1 or tc.get("hMerge") or tc.get("vMerge"):
                self.add(where, "deck.table-merged", "the table has merged or split cells", "warning")
                break
        widths = [col.width for col in shape.table.columns]
        for row in shape.table.rows:
            for col, cell in enumerate(row.cells):
                tc_pr = cell._tc.find(A + "tcPr")
                margins = [int(tc_pr.get(k)) if tc_pr is not None and tc_pr.get(k) else d
                           for k, d in zip(("marL", "marT", "marR", "marB"), DEFAULT_INSETS)]
                texts += self.text_frame(where, shape, cell._tc.txBody, False, widths[col], None, margins)
        return texts

    def notes(self, n: int, slide, spoken: list[str]) -> None:
        where = f"slide {n}, notes"
        notes = _norm(slide.notes_slide.notes_text_frame.text) if slide.has_notes_slide else ""
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
    """Every slide's text (shapes in reading order, table cells) and notes, located as "slide N"."""
    from pptx import Presentation

    prs = Presentation(str(path))
    passages: list[Passage] = []
    for n, slide in enumerate(prs.slides, 1):
        where = f"slide {n}"
        for shape in _shapes(slide.shapes):
            if shape.has_text_frame:
                paragraphs = (_paragraph_text(p) for p in shape.text_frame._txBody.findall(A + "p"))
                text = _norm(" ".join(paragraphs))
                if text:
                    passages.append(Passage(where, text))
            if getattr(shape, "has_table", False) and shape.has_table:
                for row in shape.table.rows:
                    for cell in row.cells:
                        text = _norm(cell.text)
                        if text:
                            passages.append(Passage(where, text))
        if slide.has_notes_slide:
            for para in slide.notes_slide.notes_text_frame.paragraphs:
                text = _norm("".join(r.text for r in para.runs))
                if text:
                    passages.append(Passage(where, text))
    return passages
