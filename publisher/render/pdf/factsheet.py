"""The fact sheet: one US Letter page (two at most) for the press, tagged PDF/UA-1.

Title, dateline and summary; the key figures as a table (measure, then qualifier, number and
unit); the release's lists (the platforms) side by side; one or two quotes (featured first);
source and contact. Colours and fonts come from the theme; every figure is set through
:mod:`publisher.figures`, so it reads exactly as in every other output.
"""
from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.lib.colors import HexColor
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.platypus import Flowable, HRFlowable, Paragraph, Spacer

from publisher.document import attribution, contact_lines, figure_lists
from publisher.figures import NBSP, Resolver, date_text
from publisher.model import Release
from publisher.render.pdf.fonts import FontSet, register_fonts
from publisher.render.pdf.tagging import Columns, TaggedDocBuilder
from publisher.spec.factsheet import PAGE_SIZES, FactSheetOptions
from publisher.theme import Theme

MARGIN = 0.6 * inch
MAX_QUOTES = 2
LIST_COLUMNS = 3


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


def make_styles(theme: Theme, fonts: FontSet) -> Styles:
    color = lambda name: HexColor(theme.color(name))  # noqa: E731
    base = ParagraphStyle("body", fontName=fonts.regular, fontSize=10.5, leading=14,
                          textColor=color("ink"), hyphenationLang="", splitLongWords=0)

    def style(name: str, **changes) -> ParagraphStyle:
        return ParagraphStyle(name, parent=base, **changes)

    return Styles(
        masthead=style("masthead", fontName=fonts.semibold, fontSize=10, leading=13, textColor=color("primary")),
        title=style("title", fontName=fonts.bold, fontSize=20, leading=24, textColor=color("primary"),
                    spaceBefore=4, spaceAfter=6),
        dateline=style("dateline", fontSize=10, leading=13, textColor=color("muted"), spaceAfter=8),
        summary=style("summary", fontSize=11, leading=15.5, spaceAfter=12),
        heading=style("heading", fontName=fonts.bold, fontSize=13, leading=16, textColor=color("primary"),
                      spaceBefore=6, spaceAfter=6, keepWithNext=1),
        body=base,
        table_head=style("table_head", fontName=fonts.semibold, fontSize=10, leading=12,
                         textColor=color("on_primary")),
        measure=style("measure", fontName=fonts.semibold, fontSize=10.5, leading=13),
        figure=style("figure", fontSize=10.5, leading=18),
        quote=style("quote", fontSize=10.5, leading=14.5),
        attribution=style("attribution", fontName=fonts.semibold, fontSize=10, leading=13,
                          textColor=color("muted"), spaceBefore=4, spaceAfter=10),
        small=style("small", fontSize=10, leading=13, textColor=color("ink")),
    )


def _markup(text: str) -> str:
    return escape(text)


def figure_markup(line, theme: Theme, fonts: FontSet) -> str:
    """Qualifier small, number large and bold in the accent colour, unit plain: one line of text."""
    parts = []
    if line.qualifier:
        parts.append(f'<font color="{theme.color("muted")}">{_markup(line.qualifier)}</font>')
    parts.append(f'<font name="{fonts.bold}" size="16" color="{theme.color("accent")}">'
                 f'{_markup(line.number.replace(" ", NBSP))}</font>')
    if line.unit:
        parts.append(_markup(line.unit))
    return " ".join(parts)


def _key_figures(doc: TaggedDocBuilder, release: Release, theme: Theme, styles: Styles,
                 width: float) -> list[Flowable]:
    groups = figure_lists(release, keep_together=False)
    lines = [line for group in groups for line in group.figures]
    if not lines:
        return []
    heading = doc.heading(2, "Key figures", styles.heading)  # made first: creation order is reading order
    rows = [[Paragraph("Measure", styles.table_head), Paragraph("Figure", styles.table_head)]]
    rows += [[Paragraph(_markup(line.label), styles.measure),
              Paragraph(figure_markup(line, theme, doc.fonts), styles.figure)] for line in lines]
    commands = [
        ("BACKGROUND", (0, 0), (-1, 0), HexColor(theme.color("primary"))),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [HexColor(theme.color("paper")), HexColor(theme.color("tint"))]),
        ("LINEBELOW", (0, 0), (-1, -1), 0.5, HexColor(theme.color("rule"))),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 8),
        ("RIGHTPADDING", (0, 0), (-1, -1), 8),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
    ]
    table = doc.table(rows, [width * 0.42, width * 0.58], commands, header_rows=1, header_columns=1)
    return [heading, table, Spacer(1, 10)]


def _lists(doc: TaggedDocBuilder, release: Release, resolve: Resolver, styles: Styles,
           frame_height: float) -> list[Flowable]:
    """The named lists (the platforms), side by side, up to three in a row."""
    named = list(release.lists.values())
    out: list[Flowable] = []
    for start in range(0, len(named), LIST_COLUMNS):
        columns = []
        for named_list in named[start:start + LIST_COLUMNS]:
            heading = doc.heading(2, _markup(resolve(named_list.title)), styles.heading)
            items = doc.bullet_list([resolve(item) for item in named_list.items], styles.body)
            columns.append([heading, *items])
        out += [Columns(columns, gap=18, max_height=frame_height), Spacer(1, 10)]
    return out


def chosen_quotes(release: Release, limit: int = MAX_QUOTES):
    """Featured quotes first, in reading order, then the others; at most ``limit``."""
    ordered = [quote for _, quote in release.quotes_in_order()]
    featured = [quote for quote in ordered if quote.featured]
    return (featured + [quote for quote in ordered if not quote.featured])[:limit]


def _quotes(doc: TaggedDocBuilder, release: Release, resolve: Resolver, styles: Styles,
            frame_height: float, limit: int) -> list[Flowable]:
    quotes = chosen_quotes(release, limit)
    if not quotes:
        return []
    heading = doc.heading(2, "In their words" if len(quotes) > 1 else "In their own words", styles.heading)
    columns = []
    for quote in quotes:
        with doc.group("BlockQuote"):
            columns.append([
                doc.paragraph(_markup(f"\u201c{resolve(quote.text)}\u201d"), styles.quote),
                doc.paragraph(_markup(f"\u2014 {attribution(quote)}"), styles.attribution),
            ])
    return [heading, Columns(columns, gap=24, max_height=frame_height), Spacer(1, 10)]


def _source_and_contact(doc: TaggedDocBuilder, release: Release, theme: Theme, styles: Styles,
                        frame_height: float) -> list[Flowable]:
    sources = list(dict.fromkeys(f.source for f in release.figures.values() if f.source))
    left = [doc.heading(2, "Source", styles.heading)]
    left.append(doc.paragraph(_markup("; ".join(sources) + "." if sources
                                      else f"{release.meta.agency}, {release.meta.office}."), styles.small))
    right = [doc.heading(2, "Contact", styles.heading)]
    website = release.meta.website
    for line in contact_lines(release):
        if line.endswith(website):
            label = line[: -len(website)]
            anchor = f'<a href="{escape(website, {chr(34): "&quot;"})}" color="{theme.color("accent")}">{_markup(website)}</a>'
            markup = _markup(label) + anchor
        else:
            markup = _markup(line)
        right.append(doc.paragraph(markup, styles.small))
    if release.links:
        right.append(doc.heading(2, "Related links", styles.heading))
        for link in release.links:
            href = escape(link.url, {chr(34): "&quot;"})
            right.append(doc.paragraph(f'<a href="{href}" color="{theme.color("accent")}">{_markup(link.text)}</a>',
                                       styles.small))
    rule = HRFlowable(width="100%", thickness=0.5, color=HexColor(theme.color("rule")), spaceAfter=4)
    return [rule, Columns([left, right], gap=24, max_height=frame_height)]


def story(doc: TaggedDocBuilder, release: Release, theme: Theme, width: float, frame_height: float,
          quotes: int = MAX_QUOTES) -> list[Flowable]:
    """The fact sheet's flowables, in reading order, each made through the tagging builder."""
    styles = make_styles(theme, doc.fonts)
    resolve = Resolver(release, keep_together=True)
    meta = release.meta
    flowables: list[Flowable] = [
        doc.paragraph(_markup(f"{meta.agency} \u00b7 Fact sheet"), styles.masthead),
        doc.heading(1, _markup(resolve(meta.title)), styles.title),
        doc.paragraph(_markup(f"{meta.dateline} \u00b7 {date_text(meta.date)} \u00b7 {meta.release_type}"),
                      styles.dateline),
        doc.paragraph(_markup(resolve(meta.summary)), styles.summary),
    ]
    flowables += _key_figures(doc, release, theme, styles, width)
    flowables += _lists(doc, release, resolve, styles, frame_height)
    flowables += _quotes(doc, release, resolve, styles, frame_height, quotes)
    flowables += _source_and_contact(doc, release, theme, styles, frame_height)
    return flowables


def _furniture(release: Release, theme: Theme, fonts: FontSet):
    meta = release.meta

    def draw(canvas, doc):
        width, height = doc.pagesize
        canvas.setFillColor(HexColor(theme.color("primary")))
        canvas.rect(0, height - 10, width, 10, stroke=0, fill=1)
        canvas.setStrokeColor(HexColor(theme.color("rule")))
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN, MARGIN - 8, width - MARGIN, MARGIN - 8)
        canvas.setFillColor(HexColor(theme.color("muted")))
        canvas.setFont(fonts.regular, 9)
        canvas.drawString(MARGIN, MARGIN - 20, f"{meta.agency} \u00b7 {meta.office} \u00b7 {date_text(meta.date)}")
        canvas.drawRightString(width - MARGIN, MARGIN - 20, f"Page {canvas.getPageNumber()}")

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
    width = pagesize[0] - 2 * MARGIN
    frame_height = pagesize[1] - (MARGIN + 6) - (MARGIN + 14) - 12
    attempts = []
    for quotes in range(min(MAX_QUOTES, len(release.quotes)), 0, -1) or [0]:
        doc = TaggedDocBuilder(
            title=plain(meta.title), lang=meta.language, fonts=fonts, pagesize=pagesize,
            margins=(MARGIN + 6, MARGIN, MARGIN + 14, MARGIN), author=meta.agency,
            subject=f"Fact sheet: {plain(meta.summary)}", keywords=meta.keywords,
        )
        pdf = doc.build(story(doc, release, theme, width, frame_height, quotes), _furniture(release, theme, fonts))
        if doc.page_count == 1:
            return pdf
        attempts.append(pdf)
    return attempts[0]
