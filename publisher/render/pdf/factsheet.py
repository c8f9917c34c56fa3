"""The fact sheet: one page (two at most) for the press, tagged PDF/UA-1, on Letter or A4.

Title, dateline and summary; the key figures as a table (measure, then qualifier, number and
unit); the release's lists (the platforms) side by side; one or two quotes (featured first);
source and contact. Type and spacing come from ``assets/fact-sheet.yaml``, colours and fonts
from the theme; every figure is set through :mod:`publisher.figures`, so it reads exactly as
in every other output.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal
from xml.sax.saxutils import escape

from pydantic import BaseModel, ConfigDict, Field, model_validator
from reportlab.lib.colors import HexColor
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.platypus import Flowable, HRFlowable, Paragraph, Spacer

from publisher.document import attribution, contact_lines, figure_lists, quotes_heading
from publisher.drafts import is_draft
from publisher.errors import ContentError, Problem
from publisher.figures import NBSP, Resolver, date_text
from publisher.labels import Labels
from publisher.load import load_model
from publisher.model import Quote, Release
from publisher.paths import ASSETS
from publisher.render.pdf.fonts import FontSet, register_fonts
from publisher.render.pdf.tagging import Columns, TaggedDocBuilder
from publisher.spec.factsheet import PAGE_SIZES, FactSheetOptions
from publisher.theme import Theme

DEFAULT_LAYOUT = ASSETS / "fact-sheet.yaml"
Face = Literal["regular", "semibold", "bold"]


class TextStyle(BaseModel):
    """One paragraph style; what it leaves out comes from the body style."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    face: Face | None = None
    size: float = Field(ge=8)
    leading: float
    color: str | None = None  #: a colour of the theme
    space_before: float = Field(0, ge=0)
    space_after: float = Field(0, ge=0)
    keep_with_next: bool = False

    @model_validator(mode="after")
    def _lines_do_not_overlap(self) -> TextStyle:
        if self.leading < self.size:
            raise ValueError(f"leading {self.leading} pt is less than the size {self.size} pt: lines would overlap")
        return self


class FactSheetStyles(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    body: TextStyle
    masthead: TextStyle
    title: TextStyle
    dateline: TextStyle
    summary: TextStyle
    heading: TextStyle
    table_head: TextStyle
    measure: TextStyle
    figure: TextStyle
    quote: TextStyle
    attribution: TextStyle
    small: TextStyle


class Padding(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    left: float = Field(ge=0)
    right: float = Field(ge=0)
    top: float = Field(ge=0)
    bottom: float = Field(ge=0)


class FactSheetLayout(BaseModel):
    """The fact sheet's type and spacing (``assets/fact-sheet.yaml``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    name: str
    margin_inches: float = Field(ge=0.5, le=1.5)  #: office printers leave the outer 0.25 in blank
    max_quotes: int = Field(ge=0, le=4)
    list_columns: int = Field(ge=1, le=4)
    figure_number_size: float = Field(ge=8)
    table_padding: Padding
    table_measure_share: float = Field(gt=0.2, lt=0.8)
    block_gap: float = Field(ge=0)
    list_gap: float = Field(ge=0)
    column_gap: float = Field(ge=0)
    styles: FactSheetStyles

    @property
    def margin(self) -> float:
        return self.margin_inches * inch


@lru_cache(maxsize=4)
def load_layout(path: Path = DEFAULT_LAYOUT) -> FactSheetLayout:
    """Load and check a fact-sheet layout file; errors name the file, line and field."""
    return load_model(path, FactSheetLayout)


@dataclass(frozen=True)
class Styles:
    masthead: ParagraphStyle
    title: ParagraphStyle
    dateline: ParagraphStyle
    summary: ParagraphStyle
    heading: ParagraphStyle
    body: ParagraphStyle
    table_head: ParagraphStyle
    measure: ParagraphStyle
    figure: ParagraphStyle
    quote: ParagraphStyle
    attribution: ParagraphStyle
    small: ParagraphStyle


_REPORTLAB_NAMES = {"size": "fontSize", "leading": "leading", "space_before": "spaceBefore",
                    "space_after": "spaceAfter", "keep_with_next": "keepWithNext"}


def make_styles(layout: FactSheetLayout, theme: Theme, fonts: FontSet) -> Styles:
    """ReportLab styles from the layout: each style the body style with what it sets changed."""
    faces = {"regular": fonts.regular, "semibold": fonts.semibold, "bold": fonts.bold}

    def colour(name: str, field: str) -> HexColor:
        if name not in theme.colors:
            raise ContentError([Problem(str(DEFAULT_LAYOUT), f"colour '{name}' is not in theme '{theme.name}'",
                                        field=field)])
        return HexColor(theme.color(name))

    def changes(name: str, spec: TextStyle) -> dict[str, object]:
        given = spec.model_dump(exclude_unset=True)
        out: dict[str, object] = {_REPORTLAB_NAMES[key]: int(value) if key == "keep_with_next" else value
                                  for key, value in given.items() if key in _REPORTLAB_NAMES}
        if spec.face is not None:
            out["fontName"] = faces[spec.face]
        if spec.color is not None:
            out["textColor"] = colour(spec.color, f"styles.{name}.color")
        return out

    styles = layout.styles
    base = ParagraphStyle("body", **{"fontName": fonts.regular, **changes("body", styles.body)},
                          hyphenationLang="", splitLongWords=0)
    made = {name: ParagraphStyle(name, parent=base, **changes(name, getattr(styles, name)))
            for name in FactSheetStyles.model_fields if name != "body"}
    return Styles(body=base, **made)


def _markup(text: str) -> str:
    return escape(text)


def figure_markup(line, theme: Theme, fonts: FontSet, number_size: float) -> str:
    """Qualifier small, number large and bold in the accent colour, unit plain: one line of text."""
    parts = []
    if line.qualifier:
        parts.append(f'<font color="{theme.color("muted")}">{_markup(line.qualifier)}</font>')
    parts.append(f'<font name="{fonts.bold}" size="{number_size:g}" color="{theme.color("accent")}">'
                 f'{_markup(line.number.replace(" ", NBSP))}</font>')
    if line.unit:
        parts.append(_markup(line.unit))
    return " ".join(parts)


def _key_figures(doc: TaggedDocBuilder, release: Release, theme: Theme, layout: FactSheetLayout, styles: Styles,
                 width: float) -> list[Flowable]:
    groups = figure_lists(release, keep_together=False)
    lines = [line for group in groups for line in group.figures]
    if not lines:
        return []
    labels = theme.labels_for(release.language)
    heading = doc.heading(2, labels.key_figures, styles.heading)  # made first: creation order is reading order
    rows = [[Paragraph(_markup(labels.measure), styles.table_head), Paragraph(_markup(labels.figure), styles.table_head)]]
    rows += [[Paragraph(_markup(line.label), styles.measure),
              Paragraph(figure_markup(line, theme, doc.fonts, layout.figure_number_size), styles.figure)] for line in lines]
    padding = layout.table_padding
    commands = [
        ("BACKGROUND", (0, 0), (-1, 0), HexColor(theme.color("primary"))),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [HexColor(theme.color("paper")), HexColor(theme.color("tint"))]),
        ("LINEBELOW", (0, 0), (-1, -1), 0.5, HexColor(theme.color("rule"))),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), padding.left),
        ("RIGHTPADDING", (0, 0), (-1, -1), padding.right),
        ("TOPPADDING", (0, 0), (-1, -1), padding.top),
        ("BOTTOMPADDING", (0, 0), (-1, -1), padding.bottom),
    ]
    share = layout.table_measure_share
    table = doc.table(rows, [width * share, width * (1 - share)], commands, header_rows=1, header_columns=1)
    return [heading, table, Spacer(1, layout.block_gap)]


def _lists(doc: TaggedDocBuilder, release: Release, resolve: Resolver, layout: FactSheetLayout, styles: Styles,
           frame_height: float) -> list[Flowable]:
    """The named lists (the platforms), side by side, up to three in a row."""
    named = list(release.lists.values())
    out: list[Flowable] = []
    for start in range(0, len(named), layout.list_columns):
        columns = []
        for named_list in named[start:start + layout.list_columns]:
            heading = doc.heading(2, _markup(resolve(named_list.title)), styles.heading)
            items = doc.bullet_list([resolve(item) for item in named_list.items], styles.body)
            columns.append([heading, *items])
        out += [Columns(columns, gap=layout.list_gap, max_height=frame_height), Spacer(1, layout.block_gap)]
    return out


def chosen_quotes(release: Release, limit: int) -> list[Quote]:
    """Featured quotes first, in reading order, then the others; at most ``limit``."""
    ordered = [quote for _, quote in release.quotes_in_order()]
    featured = [quote for quote in ordered if quote.featured]
    return (featured + [quote for quote in ordered if not quote.featured])[:limit]


def _quotes(doc: TaggedDocBuilder, release: Release, resolve: Resolver, layout: FactSheetLayout, styles: Styles,
            frame_height: float, limit: int, labels: Labels) -> list[Flowable]:
    quotes = chosen_quotes(release, limit)
    if not quotes:
        return []
    heading = doc.heading(2, _markup(quotes_heading(release, quotes, labels)), styles.heading)
    columns = []
    for quote in quotes:
        with doc.group("BlockQuote"):
            columns.append([
                doc.paragraph(_markup(labels.quoted(resolve(quote.text))), styles.quote),
                doc.paragraph(_markup(f"\u2014 {resolve(attribution(quote))}"), styles.attribution),
            ])
    return [heading, Columns(columns, gap=layout.column_gap, max_height=frame_height), Spacer(1, layout.block_gap)]


def _source_and_contact(doc: TaggedDocBuilder, release: Release, theme: Theme, layout: FactSheetLayout, styles: Styles,
                        frame_height: float) -> list[Flowable]:
    labels = theme.labels_for(release.language)
    sources = list(dict.fromkeys(f.source for f in release.figures.values() if f.source))
    left = [doc.heading(2, _markup(labels.source), styles.heading)]
    left.append(doc.paragraph(_markup("; ".join(sources) + "." if sources
                                      else f"{release.meta.agency}, {release.meta.office}."), styles.small))
    right = [doc.heading(2, _markup(labels.contact), styles.heading)]
    website = release.meta.website
    for line in contact_lines(release, labels):
        if line.endswith(website):
            label = line[: -len(website)]
            anchor = f'<a href="{escape(website, {chr(34): "&quot;"})}" color="{theme.color("accent")}">{_markup(website)}</a>'
            markup = _markup(label) + anchor
        else:
            markup = _markup(line)
        right.append(doc.paragraph(markup, styles.small))
    if release.links:
        right.append(doc.heading(2, _markup(labels.related_links), styles.heading))
        for link in release.links:
            href = escape(link.url, {chr(34): "&quot;"})
            text = _markup(Resolver(release)(link.text))
            right.append(doc.paragraph(f'<a href="{href}" color="{theme.color("accent")}">{text}</a>', styles.small))
    rule = HRFlowable(width="100%", thickness=0.5, color=HexColor(theme.color("rule")), spaceAfter=4)
    return [rule, Columns([left, right], gap=layout.column_gap, max_height=frame_height)]


def story(doc: TaggedDocBuilder, release: Release, theme: Theme, layout: FactSheetLayout, width: float,
          frame_height: float, quotes: int) -> list[Flowable]:
    """The fact sheet's flowables, in reading order, each made through the tagging builder."""
    styles = make_styles(layout, theme, doc.fonts)
    resolve = Resolver(release, keep_together=True)
    meta = release.meta
    labels = theme.labels_for(meta.language)
    flowables: list[Flowable] = [
        doc.paragraph(_markup(f"{meta.agency} \u00b7 {labels.fact_sheet}"), styles.masthead),
        doc.heading(1, _markup(resolve.heading(meta.title)), styles.title),
        doc.paragraph(_markup(f"{meta.dateline} \u00b7 {date_text(meta.date, meta.language)} \u00b7 {meta.release_type}"),
                      styles.dateline),
        doc.paragraph(_markup(resolve(meta.summary)), styles.summary),
    ]
    flowables += _key_figures(doc, release, theme, layout, styles, width)
    flowables += _lists(doc, release, resolve, layout, styles, frame_height)
    flowables += _quotes(doc, release, resolve, layout, styles, frame_height, quotes, labels)
    flowables += _source_and_contact(doc, release, theme, layout, styles, frame_height)
    return flowables


def _furniture(release: Release, theme: Theme, fonts: FontSet, margin: float):
    meta = release.meta
    labels = theme.labels_for(meta.language)

    def draw(canvas, doc):
        width, height = doc.pagesize
        canvas.setFillColor(HexColor(theme.color("primary")))
        canvas.rect(0, height - 10, width, 10, stroke=0, fill=1)
        canvas.setStrokeColor(HexColor(theme.color("rule")))
        canvas.setLineWidth(0.5)
        canvas.line(margin, margin - 8, width - margin, margin - 8)
        canvas.setFillColor(HexColor(theme.color("muted")))
        canvas.setFont(fonts.regular, 9)
        footer = f"{meta.agency} \u00b7 {meta.office} \u00b7 {date_text(meta.date, meta.language)}"
        if is_draft(release):
            canvas.setFillColor(HexColor(theme.color("primary")))
            canvas.setFont(fonts.bold, 9)
            canvas.drawString(margin, margin - 20, meta.release_type)
            canvas.setFillColor(HexColor(theme.color("muted")))
            canvas.setFont(fonts.regular, 9)
            footer = " \u00b7 " + footer
            canvas.drawString(margin + canvas.stringWidth(meta.release_type, fonts.bold, 9), margin - 20, footer)
        else:
            canvas.drawString(margin, margin - 20, footer)
        canvas.drawRightString(width - margin, margin - 20, labels.page_number(canvas.getPageNumber()))

    return draw


def render(release: Release, theme: Theme, options: FactSheetOptions) -> bytes:
    """The fact sheet as tagged PDF bytes, on the paper ``options`` ask for.

    As many quotes (two at most, featured first) as keep the sheet on one page; when even
    one quote does not fit, the sheet runs onto a second page and keeps two.
    """
    fonts = register_fonts(theme)
    pagesize = PAGE_SIZES[options.paper]
    meta = release.meta
    plain = Resolver(release)
    layout = load_layout()
    margin = layout.margin
    width = pagesize[0] - 2 * margin
    frame_height = pagesize[1] - (margin + 6) - (margin + 14) - 12
    attempts = []
    for quotes in range(min(layout.max_quotes, len(release.quotes)), 0, -1) or [0]:
        doc = TaggedDocBuilder(
            title=plain(Resolver(release).heading(meta.title)), lang=meta.language, fonts=fonts, pagesize=pagesize,
            margins=(margin + 6, margin, margin + 14, margin), author=meta.agency,
            subject=f"{theme.labels_for(meta.language).fact_sheet}: {plain(meta.summary)}", keywords=meta.keywords,
        )
        pdf = doc.build(story(doc, release, theme, layout, width, frame_height, quotes),
                        _furniture(release, theme, fonts, margin))
        if doc.page_count == 1:
            return pdf
        attempts.append(pdf)
    return attempts[0]
