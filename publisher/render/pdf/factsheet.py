"""The fact sheet: one designed page for the press (more only for a long release), tagged PDF/UA-1.

The grid has one left edge and two columns, a main column and a rail beside it. From the
top: the masthead band (agency, "Fact sheet", release type and date), the headline (its lines
balanced, so the last is never a lone word) and the subtitle; the lede, opening with the
dateline, in the main column beside the contact; the key figures as one table across the
page (numbers on one right edge in tabular figures, every cell of a row on one baseline) and
their source; the quotes in the main column beside the release's lists and related links in
the rail, those that outrun the rail in two columns across the page. Footer: agency, office
and date, and "Page N of M" on a sheet of several pages. Nothing is printed within the outer
0.25 in of the paper.

Quotes are shown whole where they fit: when the sheet would run onto a page more, the fewest
quotes (not featured before featured, longest first) are replaced by their briefing excerpts
(:func:`publisher.briefing.briefing_for`) that keep it to as few pages as it can take. The
full quotes stay in the other editions.

The structure tree reads as the other editions do (lede, key figures, quotes, lists, links,
contact last), whatever column a block is drawn in. Type and spacing come from
``assets/fact-sheet.yaml``, colours and fonts from the theme, the words the sheet adds from
the labels file, every figure through :mod:`publisher.figures`. ``publisher.audit.factsheet``
reads the layout back.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal
from xml.sax.saxutils import escape, quoteattr

from pydantic import BaseModel, ConfigDict, Field, model_validator
from reportlab.lib.colors import HexColor
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph

from publisher.briefing import briefing_for
from publisher.document import attribution, contact_block, figure_line, figure_order, quotes_heading
from publisher.drafts import is_draft
from publisher.errors import ContentError, Problem
from publisher.figures import Resolver, date_text
from publisher.labels import Labels
from publisher.load import load_model
from publisher.model import Release
from publisher.paths import ASSETS
from publisher.render.pdf.figure_table import TableType, Type, figure_table, wrap_words
from publisher.render.pdf.fonts import FontSet, register_fonts, register_tabular
from publisher.render.pdf.keeping import KeepWithEnd, KeepWithStart, Stack
from publisher.render.pdf.reportlab_internals import font_cap_height, paragraph_lines
from publisher.render.pdf.tagging import Columns, TaggedDocBuilder
from publisher.spec.factsheet import LINE_LENGTH, MIN_BODY, PAGE_SIZES, UNPRINTABLE, FactSheetOptions
from publisher.theme import Theme

DEFAULT_LAYOUT = ASSETS / "fact-sheet.yaml"
Face = Literal["regular", "semibold", "bold"]


class TextStyle(BaseModel):
    """One paragraph style; what it leaves out comes from the body style."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    face: Face | None = None
    size: float = Field(ge=MIN_BODY)
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
    subtitle: TextStyle
    lede: TextStyle
    heading: TextStyle
    table_head: TextStyle
    measure: TextStyle
    qualifier: TextStyle
    figure: TextStyle
    unit: TextStyle
    quote: TextStyle
    attribution: TextStyle
    item: TextStyle
    note: TextStyle
    contact: TextStyle


class Band(BaseModel):
    """The masthead band at the top of the first page."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    padding: float = Field(ge=4)  #: above and below its text
    bleed: float = Field(ge=0)  #: how far it reaches past the text into the side margins
    color: str


class Footer(BaseModel):
    """The running footer: a rule, then a line of small text, below the text frame."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    size: float = Field(ge=8, le=10)
    color: str
    rule_color: str
    baseline: float  #: above the bottom edge of the paper
    rule: float = Field(ge=4)  #: from the baseline up to the rule
    space: float = Field(ge=4)  #: from the rule up to the text frame

    @property
    def top(self) -> float:
        """The bottom of the text frame, above the paper's bottom edge."""
        return self.baseline + self.rule + self.space


class FigureTableLayout(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    measure_share: float = Field(gt=0.2, lt=0.7)  #: at most this share of the width for the measures
    column_gap: float = Field(ge=4)
    part_gap: float = Field(ge=2)  #: between qualifier, number and unit
    padding: float = Field(ge=2)  #: above and below each row's text
    head_rule: str
    row_rule: str


class Spacing(BaseModel):
    """The vertical rhythm, from a small scale."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    block: float = Field(ge=8)  #: between the blocks of the page (rows, the table)
    quote: float = Field(ge=4)  #: between quotes
    list: float = Field(ge=4)  #: between the lists and links of the rail


class FactSheetLayout(BaseModel):
    """The fact sheet's grid, type and spacing (``assets/fact-sheet.yaml``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    name: str
    margin_inches: float = Field(ge=0.5, le=1.5)  #: the sides of the text frame
    top_inches: float = Field(ge=0.3, le=1.5)  #: the top of the text frame, where the band starts
    gutter: float = Field(ge=12)
    rail_share: float = Field(gt=0.2, lt=0.5)  #: of the width less the gutter
    band: Band
    footer: Footer
    table: FigureTableLayout
    spacing: Spacing
    styles: FactSheetStyles

    @model_validator(mode="after")
    def _clear_of_the_unprintable_edge(self) -> FactSheetLayout:
        if self.margin - self.band.bleed < UNPRINTABLE or self.top_inches * inch < UNPRINTABLE:
            raise ValueError(f"the band reaches {self.margin - self.band.bleed:g} pt from the edge of the paper; "
                             f"printers leave the outer {UNPRINTABLE:g} pt blank")
        if self.footer.baseline - self.footer.size * 0.25 < UNPRINTABLE:
            raise ValueError(f"the footer comes within {UNPRINTABLE:g} pt of the bottom edge of the paper")
        return self

    @property
    def margin(self) -> float:
        return self.margin_inches * inch


@lru_cache(maxsize=4)
def load_layout(path: Path = DEFAULT_LAYOUT) -> FactSheetLayout:
    """Load and check a fact-sheet layout file; errors name the file, line and field."""
    return load_model(path, FactSheetLayout)


_REPORTLAB_NAMES = {"size": "fontSize", "leading": "leading", "space_before": "spaceBefore",
                    "space_after": "spaceAfter", "keep_with_next": "keepWithNext"}


@dataclass(frozen=True)
class Look:
    """Everything the sheet is drawn with: styles by name, fonts, colours by theme name."""

    styles: dict[str, ParagraphStyle]
    fonts: FontSet
    tabular: str  #: the bold face with tabular figures (the bold face itself when the font has none)
    theme: Theme

    def colour(self, name: str) -> HexColor:
        if name not in self.theme.colors:
            raise ContentError([Problem(str(DEFAULT_LAYOUT), f"colour '{name}' is not in theme '{self.theme.name}'")])
        return HexColor(self.theme.color(name))

    def type(self, name: str, font: str | None = None) -> Type:
        style = self.styles[name]
        return Type(font or style.fontName, style.fontSize, style.leading, style.textColor)


def make_look(layout: FactSheetLayout, theme: Theme) -> Look:
    """ReportLab styles from the layout: each style the body style with what it sets changed."""
    fonts = register_fonts(theme)
    faces = {"regular": fonts.regular, "semibold": fonts.semibold, "bold": fonts.bold}
    look = Look({}, fonts, register_tabular(fonts.bold) or fonts.bold, theme)

    def changes(spec: TextStyle) -> dict[str, object]:
        given = spec.model_dump(exclude_unset=True)
        out: dict[str, object] = {_REPORTLAB_NAMES[key]: int(value) if key == "keep_with_next" else value
                                  for key, value in given.items() if key in _REPORTLAB_NAMES}
        if spec.face is not None:
            out["fontName"] = faces[spec.face]
        if spec.color is not None:
            out["textColor"] = look.colour(spec.color)
        return out

    styles = layout.styles
    base = ParagraphStyle("body", **{"fontName": fonts.regular, **changes(styles.body)},
                          hyphenationLang="", splitLongWords=1, allowWidows=0, allowOrphans=0)
    look.styles["body"] = base
    for name in FactSheetStyles.model_fields:
        if name != "body":
            look.styles[name] = ParagraphStyle(name, parent=base, **changes(getattr(styles, name)))
    return look


def _markup(text: str) -> str:
    return escape(text)


def _paragraph(doc: TaggedDocBuilder, markup: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of the sheet's text, its lines no longer than a line of running text may be."""
    return doc.tag(MeasuredParagraph(markup, style), "P")


def _link(url: str, text: str, look: Look) -> str:
    return f'<a href={quoteattr(url)} color="{look.theme.color("accent")}">{_markup(text)}</a>'


MIN_HEADLINE = 14.0  #: points: the smallest a headline is set to fit its longest word on a line


def _widest_word(text: str, style: ParagraphStyle) -> float:
    """The width of the widest word of ``text`` in ``style`` (words part at spaces only: a run
    held together by no-break spaces is one)."""
    return max((stringWidth(word, style.fontName, style.fontSize) for word in text.split(" ")), default=0.0)


def _fitting(style: ParagraphStyle, text: str, width: float) -> ParagraphStyle:
    """``style``, set smaller (down to :data:`MIN_HEADLINE`) when a word of ``text`` (a run held
    together counts as one) is wider than ``width``: a headline's word is not broken across lines."""
    widest = _widest_word(text, style)
    if widest <= width:
        return style
    size = max(MIN_HEADLINE, math.floor(style.fontSize * width / widest * 2) / 2)
    return ParagraphStyle(f"{style.name}-fitted", parent=style, fontSize=size, leading=style.leading * size / style.fontSize)


class BalancedParagraph(Paragraph):
    """A paragraph set on the narrowest measure that keeps its number of lines, so its lines
    come out even and the last is not a lone word (a headline); never narrower than its widest
    word (a run held together counts as one), which would break that word across lines."""

    def wrap(self, available_width, available_height):
        super().wrap(available_width, available_height)
        lines = len(paragraph_lines(self))
        if lines < 2:
            return self.width, self.height
        widest = _widest_word(self.getPlainText(), self.style)
        narrow, wide = max(available_width * (lines - 1) / lines, min(widest, available_width)), available_width
        while wide - narrow > 1:
            middle = (narrow + wide) / 2
            super().wrap(middle, available_height)
            narrow, wide = (narrow, middle) if len(paragraph_lines(self)) == lines else (middle, wide)
        return super().wrap(wide, available_height)


class MeasuredParagraph(Paragraph):
    """A paragraph whose lines hold at most :data:`~publisher.spec.factsheet.LINE_LENGTH`'s
    longest: set narrower than its column when its text is narrow enough to run longer."""

    def wrap(self, available_width, available_height):
        width = available_width
        while True:
            size = super().wrap(width, available_height)
            if width < available_width / 2 or max(map(len, paragraph_lines(self)), default=0) <= LINE_LENGTH[1]:
                return size
            width *= 0.96


class Hanging(Flowable):
    """A flowable moved left by ``outdent`` into the margin, with that much more room: a list
    whose bullets hang outside the text's left edge, so the items' words keep to the edge."""

    def __init__(self, flowable: Flowable, outdent: float):
        super().__init__()
        self.flowable, self.outdent = flowable, outdent

    def wrap(self, available_width, available_height):
        width, self.height = self.flowable.wrap(available_width + self.outdent, available_height)
        self.width = width - self.outdent
        return self.width, self.height

    def split(self, available_width, available_height):
        return [Hanging(part, self.outdent) for part in self.flowable.split(available_width + self.outdent,
                                                                               available_height)]

    def getSpaceBefore(self):
        return self.flowable.getSpaceBefore()

    def getSpaceAfter(self):
        return self.flowable.getSpaceAfter()

    def drawOn(self, canvas, x, y, _sW=0):
        self.flowable.drawOn(canvas, x - self.outdent, y, _sW)


class Masthead(Flowable):
    """The band across the top: its first text at the left edge and its second flush right, on
    one line when they fit side by side, else one under the other (each wrapped to lines of
    at most :data:`~publisher.spec.factsheet.LINE_LENGTH`'s longest), on a band of colour
    reaching ``bleed`` points past the text's edges into the side margins."""

    def __init__(self, left: str, right: str, style: ParagraphStyle, band: Band, colour: HexColor):
        super().__init__()
        self.left, self.right, self.style, self.band, self.colour = left, right, style, band, colour
        self.lines: list[tuple[float, str]] = []  #: (x, text) of each line

    def wrap(self, available_width, available_height):
        style = self.style
        kind = Type(style.fontName, style.fontSize, style.leading, style.textColor)
        self.width = available_width
        widths = [kind.width(text) for text in (self.left, self.right)]
        if sum(widths) + 2 * style.fontSize <= available_width and len(self.left) + len(self.right) < LINE_LENGTH[1]:
            self.lines = [(0.0, self.left), (available_width - widths[1], self.right)]
            lines = 1
        else:
            width = available_width
            while True:
                wrapped = [*wrap_words(self.left, kind, width), *wrap_words(self.right, kind, width)]
                if width < available_width / 2 or max(map(len, wrapped)) <= LINE_LENGTH[1]:
                    break
                width *= 0.96
            self.lines = [(0.0, line) for line in wrapped]
            lines = len(wrapped)
        self.height = 2 * self.band.padding + style.fontSize + (lines - 1) * style.leading
        return self.width, self.height

    def draw(self):
        canvas, band, style = self.canv, self.band, self.style
        canvas.setFillColor(self.colour)
        canvas.rect(-band.bleed, 0, self.width + 2 * band.bleed, self.height, stroke=0, fill=1)
        cap = style.fontSize * font_cap_height(style.fontName) / 1000
        baseline = self.height - band.padding - cap - (style.fontSize - cap) / 2
        text = canvas.beginText()
        text.setFont(style.fontName, style.fontSize, style.leading)
        text.setFillColor(style.textColor)
        side_by_side = len(self.lines) == 2 and self.lines[1][0] > 0
        for i, (x, line) in enumerate(self.lines):
            down = 0 if side_by_side else i * style.leading
            text.setTextOrigin(x, baseline - down)
            text.textOut(line + (" " if i < len(self.lines) - 1 else ""))
        canvas.drawText(text)


@dataclass(frozen=True)
class Sheet:
    """One candidate sheet: its builder and its flowables, made through that builder."""

    doc: TaggedDocBuilder
    flowables: list[Flowable]


def _new_doc(release: Release, layout: FactSheetLayout, look: Look, paper: str) -> TaggedDocBuilder:
    meta, plain, margin = release.meta, Resolver(release), layout.margin
    return TaggedDocBuilder(
        title=plain(meta.title), lang=meta.language, fonts=look.fonts, pagesize=PAGE_SIZES[paper],
        margins=(layout.top_inches * inch, margin, layout.footer.top, margin), frame_padding=0, author=meta.agency,
        subject=plain(meta.summary), keywords=meta.keywords,
    )


def story(doc: TaggedDocBuilder, release: Release, layout: FactSheetLayout, look: Look, labels: Labels,
          excerpted: frozenset[str] | None) -> list[Flowable]:
    """The sheet's flowables in the order they are placed; their structure nodes are made in
    reading order (contact last), which :class:`Columns` lets differ from where they are drawn.
    ``excerpted`` names the quotes shortened to their excerpts; None leaves out the quotes and
    the rail beside them (what :func:`render` measures once)."""
    styles, resolve, meta = look.styles, Resolver(release, keep_together=True), release.meta
    width, _ = doc.frame_size
    masthead = doc.tag(Masthead(f"{meta.agency} \u00b7 {labels.fact_sheet}",
                                f"{meta.release_type} \u00b7 {date_text(meta.date, meta.language)}", styles["masthead"],
                                layout.band, look.colour(layout.band.color)), "P")
    title = resolve.heading(meta.title)
    headline = BalancedParagraph(_markup(title), _fitting(styles["title"], title, width))
    head: list[Flowable] = [masthead, doc.tag(headline, "H1")]
    if meta.subtitle:
        head.append(doc.paragraph(_markup(resolve.heading(meta.subtitle)), styles["subtitle"]))
    lede = _paragraph(doc, f'<font name="{look.fonts.semibold}">{_markup(meta.dateline)} \u2013</font> '
                         f'{_markup(resolve(meta.summary))}', styles["lede"])
    figures = _key_figures(doc, release, layout, look, labels, width)
    quotes = quote_row(doc, release, layout, look, labels, excerpted) if excerpted is not None else []
    contact = _contact(doc, release, look, labels)
    row = Columns([[lede], contact], gap=layout.gutter, weights=[1 - layout.rail_share, layout.rail_share])
    flowables = [*head, _spaced(row, layout)]
    if figures is not None:
        flowables.append(_spaced(figures, layout))
    return flowables + quotes


def quote_row(doc: TaggedDocBuilder, release: Release, layout: FactSheetLayout, look: Look, labels: Labels,
              excerpted: frozenset[str]) -> list[Flowable]:
    """The quotes in the main column beside the rail of lists and related links (none when
    the release has none of them); the quotes that would run on below the rail flow on in two
    columns across the page instead, so that no page is left with an empty rail."""
    resolve = Resolver(release, keep_together=True)
    width, height = doc.frame_size
    quotes = _quotes(doc, release, resolve, layout, look, labels, excerpted)
    rail = _lists(doc, release, resolve, layout, look, labels, width) + _related_links(doc, release, layout, look, labels)
    if not (quotes or rail):
        return []
    row = Columns([quotes, rail], gap=layout.gutter, weights=[1 - layout.rail_share, layout.rail_share])
    main, rail_width = row.column_widths(width)
    beside, below = _beside(quotes, stacked_height(rail, rail_width, height), main, height)
    row.columns[0] = beside
    if not below:
        return [_spaced(row, layout)]
    return [_spaced(row, layout), _spaced(FlowingColumns(below, layout.gutter), layout)]


def _beside(quotes: list[Flowable], rail_height: float, width: float, height: float
            ) -> tuple[list[Flowable], list[list[Flowable]]]:
    """The quotes' heading and the quotes that reach the foot of the rail, and the quotes after
    them (each quote its text and attribution), two or more: one alone is kept beside the rail."""
    if not quotes:
        return [], []
    heading, *rest = quotes
    units = [rest[i:i + 2] for i in range(0, len(rest), 2)]
    beside = [heading]
    while units and (stacked_height(beside, width, height) < rail_height or len(units) == 1):
        beside += units.pop(0)  # a lone quote left below stays at the main column's measure, not half of it
    return beside, units


class FlowingColumns(Flowable):
    """Units of flowables (each kept together) flowed down two equal columns: balanced when
    they fit on the page, else the first column filled, then the second, and the rest on the
    next page. Read in the order the units were made."""

    def __init__(self, units: list[list[Flowable]], gap: float):
        super().__init__()
        self.units, self.gap = units, gap

    def _columns(self, width: float, height: float, limit: float | None) -> tuple[list[Flowable], list[Flowable], int]:
        """The units in two columns no taller than ``limit`` (balanced when None), and how many were placed."""
        heights = [stacked_height(unit, width, height) for unit in self.units]
        spaces = [unit[0].getSpaceBefore() for unit in self.units]
        left: list[Flowable] = []
        right: list[Flowable] = []
        target = limit if limit is not None else (sum(heights) + sum(spaces[1:])) / 2
        used, column, placed = 0.0, left, 0
        for unit, unit_height, space in zip(self.units, heights, spaces, strict=True):
            need = unit_height + (space if column else 0.0)
            if column and used + need > target and column is left:
                column, used = right, 0.0
                need = unit_height
            if limit is not None and used + need > limit:
                break
            column += unit
            used += need
            placed += 1
        return left, right, placed

    def wrap(self, available_width, available_height):
        self.width = available_width
        width = (available_width - self.gap) / 2
        left, right, _ = self._columns(width, available_height, None)
        self.height = max(stacked_height(left, width, available_height), stacked_height(right, width, available_height))
        return self.width, self.height

    def split(self, available_width, available_height):
        width = (available_width - self.gap) / 2
        left, right, placed = self._columns(width, available_height, available_height)
        if not placed:
            return []
        here = Columns([left, right], gap=self.gap)
        return [here, FlowingColumns(self.units[placed:], self.gap)] if placed < len(self.units) else [here]

    def draw(self):
        width = (self.width - self.gap) / 2
        left, right, _ = self._columns(width, self.height, None)
        columns = Columns([left, right], gap=self.gap)
        columns.wrap(self.width, self.height)
        columns.drawOn(self.canv, 0, self.height - columns.height)


def _spaced(block: Flowable, layout: FactSheetLayout) -> Flowable:
    """``block`` with the space between blocks of the page above it (a group's first flowable
    says the group's space before)."""
    (block.flowables[0] if isinstance(block, Stack) else block).spaceBefore = layout.spacing.block
    return block


def _key_figures(doc: TaggedDocBuilder, release: Release, layout: FactSheetLayout, look: Look, labels: Labels,
                 width: float) -> Flowable | None:
    """The key figures heading kept with the first rows of the table of every figure in
    registry order, and their source note (kept to the main column's measure) with its last rows."""
    if not release.figures:
        return None
    lines = [figure_line(key, release, keep_together=False) for key in figure_order(release)]
    heading = doc.heading(2, _markup(labels.key_figures), look.styles["heading"])
    spec = layout.table
    types = TableType(look.type("table_head"), look.type("measure"), look.type("qualifier"),
                      look.type("figure", look.tabular), look.type("unit"))
    table = figure_table(doc, lines, (labels.measure, labels.figure), types, width,
                         measure_share=spec.measure_share, column_gap=spec.column_gap, part_gap=spec.part_gap,
                         padding=spec.padding, rules=(look.colour(spec.head_rule), look.colour(spec.row_rule)))
    sources = list(dict.fromkeys(f.source for f in release.figures.values() if f.source))
    said = "; ".join(sources) if sources else f"{release.meta.agency}, {release.meta.office}"
    word = labels.sources if len(sources) > 1 else labels.source
    rail = (width - layout.gutter) * layout.rail_share + layout.gutter
    note = _paragraph(doc, f'<font name="{look.fonts.semibold}">{_markup(labels.lead_in(word))}</font> {_markup(said)}.',
                         ParagraphStyle("note-measure", parent=look.styles["note"], rightIndent=rail))
    heading.keepWithNext = 0  # kept with the table's first rows instead, not moved with all of it
    return KeepWithStart([heading, KeepWithEnd([table, note])])  # the note with the table's last rows


def quoted(text: str, labels: Labels) -> str:
    """``text`` in the language's quotation marks (“ ”, « » with no-break spaces inside in
    French), where it does not already open or close with one."""
    opening = "" if text[:1] in "\"" + labels.quote_open.strip() else labels.quote_open
    closing = "" if text[-1:] in "\"" + labels.quote_close.strip() else labels.quote_close
    return f"{opening}{text}{closing}"


def _quotes(doc: TaggedDocBuilder, release: Release, resolve: Resolver, layout: FactSheetLayout, look: Look,
            labels: Labels, excerpted: frozenset[str]) -> list[Flowable]:
    """Every quote, whole or as its excerpt, the opening quotation mark hanging in the margin."""
    quotes = release.quotes_in_order()
    if not quotes:
        return []
    excerpts = briefing_for(release).excerpts if excerpted else {}
    style = look.styles["quote"]
    hanging = ParagraphStyle("quote-hanging", parent=style,
                             firstLineIndent=-stringWidth(labels.quote_open, style.fontName, style.fontSize))
    heading = quotes_heading(release, [quote for _, quote in quotes], labels)  # as the other editions name it
    out: list[Flowable] = [doc.heading(2, _markup(heading), look.styles["heading"])]
    for i, (key, quote) in enumerate(quotes):
        text = resolve(excerpts[key]) if key in excerpted else resolve(quote.text)
        with doc.group("BlockQuote"):
            said = _paragraph(doc, _markup(quoted(text, labels)), hanging)
            said.keepWithNext = 1
            if i:
                said.spaceBefore = layout.spacing.quote
            out += [said, _paragraph(doc, _markup(f"\u2014 {resolve(attribution(quote))}"), look.styles["attribution"])]
    return out


def _lists(doc: TaggedDocBuilder, release: Release, resolve: Resolver, layout: FactSheetLayout, look: Look,
           labels: Labels, width: float) -> list[Flowable]:
    """The release's lists, one under the other, their items in two columns when every item
    fits on one line of half the rail."""
    style = look.styles["item"]
    indent = style.fontSize * 1.1
    rail = (width - layout.gutter) * layout.rail_share
    out: list[Flowable] = []
    for named in release.lists.values():
        heading = doc.heading(2, _markup(resolve.heading(named.title)), look.styles["heading"])
        if out:
            heading.spaceBefore = layout.spacing.list
        items = [Hanging(item, indent) for item in doc.bullet_list([resolve(i) for i in named.items], style,
                                                                   indent=indent)]
        half = (rail - layout.gutter / 2) / 2
        if len(items) > 2 and all(stringWidth(resolve(i), style.fontName, style.fontSize) <= half - indent
                                  for i in named.items):
            split = math.ceil(len(items) / 2)
            out += [heading, Columns([items[:split], items[split:]], gap=layout.gutter / 2)]
        else:
            out += [heading, *items]
    return out


def _related_links(doc: TaggedDocBuilder, release: Release, layout: FactSheetLayout, look: Look,
                   labels: Labels) -> list[Flowable]:
    """The related links, a list of links whose bullets hang like the other lists'."""
    if not release.links:
        return []
    heading = doc.heading(2, _markup(labels.related_links), look.styles["heading"])
    heading.spaceBefore = layout.spacing.list
    style = look.styles["item"]
    indent = style.fontSize * 1.1
    links = [Paragraph(_link(link.url, Resolver(release)(link.text), look), style) for link in release.links]
    return [heading, *(Hanging(item, indent) for item in doc.bullet_list(links, style, indent=indent))]


def _contact(doc: TaggedDocBuilder, release: Release, look: Look, labels: Labels) -> list[Flowable]:
    """The contact block; the email address and the website are links."""
    out: list[Flowable] = [doc.heading(2, _markup(labels.contact), look.styles["heading"])]
    targets = {"email": "mailto:{}", "website": "{}"}
    for line in contact_block(release, labels):
        value = _link(targets[line.kind].format(line.value), line.value, look) if line.kind in targets else _markup(line.value)
        markup = f"{_markup(line.label + line.colon)}{value}" if line.label else value
        out.append(_paragraph(doc, markup, look.styles["contact"]))
    return out


def _furniture(release: Release, layout: FactSheetLayout, look: Look, labels: Labels):
    """The footer of every page: a rule, agency, office and date; "Page N of M" when there are
    several; a draft's line (the labels' ``draft_line``, its release line) first, in bold. The office, then the
    agency, give way when the line would run into the page number (the band names the agency)."""
    meta, footer, margin = release.meta, layout.footer, layout.margin
    date = date_text(meta.date, meta.language)
    choices = [f"{meta.agency} \u00b7 {meta.office} \u00b7 {date}", f"{meta.agency} \u00b7 {date}", date]
    draft = meta.release_type + " \u00b7 " if is_draft(release) else ""  # the draft line, in the release's language

    def draw(canvas, doc):
        width, _ = doc.pagesize
        rule = footer.baseline + footer.rule
        canvas.setStrokeColor(look.colour(footer.rule_color))
        canvas.setLineWidth(0.5)
        canvas.line(margin, rule, width - margin, rule)
        total = getattr(doc, "total_pages", None)  # the pages laid out (TaggedDocBuilder's count_pages)
        number = labels.page_number(canvas.getPageNumber(), total) if total and total > 1 else ""
        room = width - 2 * margin - canvas.stringWidth(draft, look.fonts.bold, footer.size)
        room -= canvas.stringWidth(number, look.fonts.regular, footer.size) + 2 * footer.size if number else 0
        text = next((c for c in choices if canvas.stringWidth(c, look.fonts.regular, footer.size) <= room), "")
        x = margin
        if draft:
            canvas.setFillColor(look.colour(layout.band.color))
            canvas.setFont(look.fonts.bold, footer.size)
            canvas.drawString(x, footer.baseline, draft)
            x += canvas.stringWidth(draft, look.fonts.bold, footer.size)
        canvas.setFillColor(look.colour(footer.color))
        canvas.setFont(look.fonts.regular, footer.size)
        canvas.drawString(x, footer.baseline, text)
        if number:
            canvas.drawRightString(width - margin, footer.baseline, number)

    return draw


def stacked_height(flowables: list[Flowable], width: float, height: float) -> float:
    """The height flowables take stacked in a frame (the first one's space before and the last
    one's space after left out), as a frame of ``width`` and ``height`` lays them out."""
    total = 0.0
    for i, flowable in enumerate(flowables):
        _, h = flowable.wrap(width, height)
        total += h + (flowable.getSpaceBefore() if i else 0.0)
        if i < len(flowables) - 1:
            total += flowable.getSpaceAfter()
    return total


def excerpt_order(release: Release) -> list[str]:
    """The quotes in the order they give way to their excerpts: not featured first, longest first."""
    quotes = release.quotes_in_order()
    return [key for key, _ in sorted(quotes, key=lambda item: (item[1].featured, -len(item[1].text)))]


def render(release: Release, theme: Theme, options: FactSheetOptions) -> bytes:
    """The fact sheet as tagged PDF bytes, on the paper ``options`` ask for (see the module docstring).

    The fewest quotes are shortened that bring the sheet to the fewest pages it can take, as
    reckoned from the heights of its blocks; when the sheet laid out takes more pages than
    reckoned, every quote is shortened. The footer's "Page N of M" is drawn once the sheet is
    laid out, with the pages it took; only the layout kept is written out."""
    layout, labels = load_layout(), theme.labels_for(release.language)
    look = make_look(layout, theme)
    order = excerpt_order(release)

    def sheet(shortened: int) -> Sheet:
        doc = _new_doc(release, layout, look, options.paper)
        return Sheet(doc, story(doc, release, layout, look, labels, frozenset(order[:shortened])))

    probe = _new_doc(release, layout, look, options.paper)
    width, height = probe.frame_size
    fixed = story(probe, release, layout, look, labels, None)
    above = stacked_height(fixed, width, height)

    def pages(shortened: int) -> int:
        """The pages the sheet takes, reckoned from the heights of its blocks: exact for one
        page, an estimate for more (what a page break leaves at the foot of a page is not counted)."""
        doc = _new_doc(release, layout, look, options.paper)
        row = quote_row(doc, release, layout, look, labels, frozenset(order[:shortened]))
        total = above + (stacked_height(row, width, height) + row[0].getSpaceBefore() if row else 0.0)
        return max(1, math.ceil(total / height - 1e-9))

    fewest = pages(len(order))
    low, high = 0, len(order)
    while low < high:
        middle = (low + high) // 2
        low, high = (low, middle) if pages(middle) <= fewest else (middle + 1, high)
    final = sheet(low)
    furniture = _furniture(release, layout, look, labels)
    laid = final.doc.lay_out(final.flowables, furniture, count_pages=True)
    if laid.pages > fewest and low < len(order):  # the estimate fell short: shorten them all
        final = sheet(len(order))
        laid = final.doc.lay_out(final.flowables, furniture, count_pages=True)
    return laid.write()  # only the layout kept is written
