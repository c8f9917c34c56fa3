"""The Word handout: the release in the shared reading order as an accessible, editable .docx.

Written with python-docx from :func:`publisher.document.build_document`: the title as
Heading 1, sections as Heading 2, figure groups as Heading 3, each group's figures in a
table whose header row repeats on every page, lists in Word's List Bullet style, quotes in
the Quote style with their attribution, links and contact details as hyperlinks, and a
footer with the agency and "Page N of M". Type, spacing and colours come from
``assets/handout.yaml`` and the theme; the theme's font is embedded. Every word the
handout adds around the release's text comes from the labels file.
"""
from __future__ import annotations

import io
import re
from typing import Any, assert_never

from lxml import etree

from publisher.document import (
    Block,
    BulletList,
    Contact,
    ContactLine,
    FigureLine,
    FigureList,
    Heading,
    KeyFigures,
    Links,
    Paragraph,
    Quotation,
    address_text,
    build_document,
    plain,
)
from publisher.docx_internals import set_style_id, xml_of
from publisher.drafts import is_draft
from publisher.errors import ContentError, Problem
from publisher.identifiers import WORD_JOINER
from publisher.labels import Labels
from publisher.model import Release
from publisher.paths import ASSETS
from publisher.render.docx.layout import HandoutLayout, load_layout
from publisher.render.docx.package import set_properties
from publisher.render.docx.styles import hex_of, insert_in_order, top_rule
from publisher.render.docx.template import styled_document
from publisher.spec.docx import R_NS, W_NS, DocxOptions
from publisher.theme import Theme

W = f"{{{W_NS}}}"
RT_HYPERLINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
PAGE_FIELDS = {"page": "PAGE", "pages": "NUMPAGES"}
#: the children of w:tblPr in schema order (ECMA-376 Part 1, 17.4.60)
TBL_PR_ORDER = tuple(W + t for t in (
    "tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize", "tblStyleColBandSize", "tblW", "jc",
    "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar", "tblLook", "tblCaption",
    "tblDescription"))
TC_PR_ORDER = tuple(W + t for t in ("cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap",
                                    "tcMar", "textDirection", "tcFitText", "vAlign", "hideMark"))
TR_PR_ORDER = tuple(W + t for t in ("cnfStyle", "divId", "gridBefore", "gridAfter", "wBefore", "wAfter", "cantSplit",
                                    "trHeight", "tblHeader", "tblCellSpacing", "jc", "hidden"))


def render(release: Release, theme: Theme, options: DocxOptions) -> bytes:
    layout = load_layout()
    unknown = sorted(layout.colours() - set(theme.colors))
    if unknown:
        raise ContentError([Problem(str(ASSETS / "handout.yaml"), f"names colour '{unknown[0]}', which the theme "
                                                                   "does not define", field="styles")])
    meta = release.meta
    labels = theme.labels_for(meta.language)
    document = styled_document(theme, layout, meta.language, options.paper)
    styles = style_ids(document)
    doc = build_document(release, labels, joiner=WORD_JOINER)  # Word and LibreOffice break after '-' and '/'
    writer = _Writer(document, layout, theme, labels, styles)
    for block in doc.blocks:
        writer.block(block)
    _footer(document, meta.agency, labels, styles)
    if is_draft(release):
        _draft_header(document, meta.release_type, styles)
    set_properties(document, title=plain(doc.title), subject=_subtitle(doc.blocks),
                   author=meta.agency, keywords=list(meta.keywords), language=meta.language,
                   description=_summary(release), category=labels.news_release.format(date="").strip(" ,"),
                   date=meta.date)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def style_ids(document: Any) -> dict[str, str | None]:
    """Every style's id by its name, looked up once (None for the default paragraph style, which
    a paragraph has by naming no style, as python-docx writes it)."""
    from docx.enum.style import WD_STYLE_TYPE

    default = document.styles.default(WD_STYLE_TYPE.PARAGRAPH)
    return {style.name: (None if style == default else style.style_id) for style in document.styles}


def _subtitle(blocks: tuple[Block, ...]) -> str:
    return next((plain(b.text) for b in blocks if isinstance(b, Paragraph) and b.role == "subtitle"), "")


def _summary(release: Release) -> str:
    from publisher.figures import Resolver

    return plain(Resolver(release, keep_together=False)(release.meta.summary))


class _Writer:
    """Appends the document's blocks to the handout."""

    def __init__(self, document: Any, layout: HandoutLayout, theme: Theme, labels: Labels,
                 styles: dict[str, str | None]):
        self.document = document
        self.layout = layout
        self.theme = theme
        self.labels = labels
        self.styles = styles
        self.masthead = 0  #: masthead lines written so far

    def add(self, text: str, style: str) -> Any:
        """A paragraph of ``text`` in the paragraph style named ``style``, at the end of the document."""
        paragraph = self.document.add_paragraph(text)
        set_style_id(paragraph, self.styles[style])
        return paragraph

    def block(self, block: Any) -> None:
        match block:
            case Heading():
                self.add(block.text, f"Heading {min(block.level, 3)}")
            case Paragraph():
                self._paragraph(block)
            case BulletList():
                if block.title:
                    self.add(block.title, "List Title")
                for item in block.items:
                    self.add(item, "List Bullet")
            case KeyFigures():
                self.add(block.title, "Heading 2")
                for group in block.groups:
                    if group.title:
                        self.add(group.title, "Heading 3")
                    self._figure_table(group)
            case Quotation():
                self.add(block.quoted, "Quote")
                self.add(f"— {block.attribution}", "Quote Attribution")
            case Links():
                self.add(block.title, "Heading 2")
                for link in block.links:
                    hyperlink(self.add("", "List Bullet"), link.text, link.url)
            case Contact():
                self.add(block.title, "Heading 2")
                for line in block.lines:
                    self._contact_line(line)
            case _:
                assert_never(block)

    def _paragraph(self, block: Paragraph) -> None:
        if block.role == "masthead":
            style = "Agency" if self.masthead == 0 else "Masthead"
            paragraph = self.add(block.text, style)
            if self.masthead == 0:
                top_rule(xml_of(paragraph), hex_of(self.theme, self.layout.rule))
            self.masthead += 1
            return
        self.add(block.text, {"subtitle": "Subtitle", "summary": "Lede"}.get(block.role, "Normal"))

    def _contact_line(self, line: ContactLine) -> None:
        paragraph = self.add("", "Normal")
        paragraph.paragraph_format.space_after = 0
        target = {"phone": "tel:" + re.sub(r"[^\d+]", "", line.value), "email": "mailto:" + line.value,
                  "website": line.value}.get(line.kind)
        if target and line.label:
            paragraph.add_run(line.label + line.colon)
            hyperlink(paragraph, address_text(line.value) if line.kind == "website" else line.value, target)
        else:
            paragraph.add_run(line.text)

    def _figure_table(self, block: FigureList) -> None:
        styles = self.layout.styles
        table = self.document.add_table(rows=1 + len(block.figures), cols=2)
        width = self.document.sections[0].page_width - 2 * self.document.sections[0].left_margin
        measure = int(width * self.layout.figure_measure_share)
        _table_properties(xml_of(table), self.layout, self.theme, caption=block.title or self.labels.key_figures,
                          description=f"{self.labels.measure}, {self.labels.figure}")
        for number, row in enumerate(table.rows):
            tr_pr = xml_of(row).get_or_add_trPr()
            insert_in_order(tr_pr, etree.Element(W + "cantSplit"), TR_PR_ORDER)
            if number == 0:
                insert_in_order(tr_pr, etree.Element(W + "tblHeader"), TR_PR_ORDER)
            for column, cell in enumerate(row.cells):
                cell.width = measure if column == 0 else width - measure
                if number == 0:
                    _shade(cell, hex_of(self.theme, styles.table_head.fill or "primary"))
                elif number % 2 == 0:
                    _shade(cell, hex_of(self.theme, self.layout.stripe))
        head = table.rows[0].cells
        for cell, text in zip(head, (self.labels.measure, self.labels.figure), strict=True):
            set_style_id(cell.paragraphs[0], self.styles["Table Heading"])
            cell.paragraphs[0].add_run(text)
        for row, figure in zip(table.rows[1:], block.figures, strict=True):
            label, value = row.cells[0].paragraphs[0], row.cells[1].paragraphs[0]
            set_style_id(label, self.styles["Table Measure"])
            set_style_id(value, self.styles["Table Figure"])
            label.add_run(figure.label)
            _figure_runs(value, figure, self.styles["Figure Number"])


def _figure_runs(paragraph: Any, figure: FigureLine, number_style: str | None) -> None:
    """The figure's value (without the words its label says) with its number in the Figure Number
    character style."""
    value = figure.value
    at = value.find(figure.number.replace(" ", "\u00a0")) if figure.number else -1
    if at < 0:
        at = value.find(figure.number) if figure.number else -1
    if at < 0:
        paragraph.add_run(value)
        return
    end = at + len(figure.number)
    if value[:at]:
        paragraph.add_run(value[:at])
    set_style_id(paragraph.add_run(value[at:end]), number_style)
    if value[end:]:
        paragraph.add_run(value[end:])


def _table_properties(tbl: Any, layout: HandoutLayout, theme: Theme, caption: str, description: str) -> None:
    """Full width, fixed columns, hairline rules between rows, padding, header row marked, and
    the table's title and description (Word's Alt Text of a table)."""
    tbl_pr = tbl.tblPr
    rule = hex_of(theme, layout.rule)
    width = etree.Element(W + "tblW")
    width.set(W + "w", "5000")
    width.set(W + "type", "pct")
    borders = etree.Element(W + "tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        edge = etree.SubElement(borders, W + side)
        if side in ("left", "right", "insideV"):
            edge.set(W + "val", "nil")
        else:
            for name, value in (("val", "single"), ("sz", "4"), ("space", "0"), ("color", rule)):
                edge.set(W + name, value)
    fixed = etree.Element(W + "tblLayout")
    fixed.set(W + "type", "fixed")
    margins = etree.Element(W + "tblCellMar")
    padding = layout.table_padding
    for side, points in (("top", padding.top), ("left", padding.left), ("bottom", padding.bottom),
                         ("right", padding.right)):
        margin = etree.SubElement(margins, W + side)
        margin.set(W + "w", str(round(points * 20)))
        margin.set(W + "type", "dxa")
    look = etree.Element(W + "tblLook")
    for name, value in (("val", "04A0"), ("firstRow", "1"), ("lastRow", "0"), ("firstColumn", "1"),
                        ("lastColumn", "0"), ("noHBand", "0"), ("noVBand", "1")):
        look.set(W + name, value)
    title = etree.Element(W + "tblCaption")
    title.set(W + "val", caption)
    summary = etree.Element(W + "tblDescription")
    summary.set(W + "val", description)
    for element in (width, borders, fixed, margins, look, title, summary):
        insert_in_order(tbl_pr, element, TBL_PR_ORDER)
    style = tbl_pr.find(W + "tblStyle")
    if style is not None:
        tbl_pr.remove(style)


def _shade(cell: Any, fill: str) -> None:
    shading = etree.Element(W + "shd")
    for name, value in (("val", "clear"), ("color", "auto"), ("fill", fill)):
        shading.set(W + name, value)
    insert_in_order(xml_of(cell).get_or_add_tcPr(), shading, TC_PR_ORDER)


def hyperlink(paragraph: Any, text: str, url: str) -> None:
    """A hyperlink run in the Hyperlink character style at the end of ``paragraph``."""
    rel_id = paragraph.part.relate_to(url, RT_HYPERLINK, is_external=True)
    link = etree.SubElement(xml_of(paragraph), W + "hyperlink")
    link.set(f"{{{R_NS}}}id", rel_id)
    run = etree.SubElement(link, W + "r")
    etree.SubElement(etree.SubElement(run, W + "rPr"), W + "rStyle").set(W + "val", "Hyperlink")
    _text(run, text)


def _text(run: Any, text: str) -> None:
    t = etree.SubElement(run, W + "t")
    t.text = text
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


def _footer(document: Any, agency: str, labels: Labels, styles: dict[str, str | None]) -> None:
    """The agency at the left, 'Page N of M' at the right edge (the Footer style's tab stop), in
    fields Word and LibreOffice update."""
    paragraph = document.sections[0].footer.paragraphs[0]
    set_style_id(paragraph, styles["Footer"])
    paragraph.add_run(agency + "\t")
    for piece in re.split(r"(\{page\}|\{pages\})", labels.page_of):
        if piece in ("{page}", "{pages}"):
            _field(paragraph, PAGE_FIELDS[piece.strip("{}")])
        elif piece:
            paragraph.add_run(piece)


def _draft_header(document: Any, line: str, styles: dict[str, str | None]) -> None:
    """A draft's mark at the top of every page, in bold."""
    paragraph = document.sections[0].header.paragraphs[0]
    set_style_id(paragraph, styles["Footer"])
    paragraph.add_run(line).bold = True


def _field(paragraph: Any, instruction: str) -> None:
    """A field (``PAGE``, ``NUMPAGES``) its reader computes, with 1 as the shown value until then."""
    p = xml_of(paragraph)
    for kind in ("begin", "instr", "separate", "result", "end"):
        run = etree.SubElement(p, W + "r")
        if kind == "instr":
            code = etree.SubElement(run, W + "instrText")
            code.text = f" {instruction} "
            code.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        elif kind == "result":
            _text(run, "1")
        else:
            etree.SubElement(run, W + "fldChar").set(W + "fldCharType", kind)


