"""The large-print edition: the whole release as a tagged PDF for readers with low vision.

The blocks are those of the text edition (:func:`publisher.document.build_document`), in the
same order; this module only lays them out, with the sizes and spacing of a
:class:`LargePrintLayout` read from ``assets/large-print.yaml`` (the ACB Large Print
Guidelines: US Letter, one column, 1-inch margins, 18 pt body, bold headings, line spacing of
at least 1.3, a blank line between paragraphs, flush left, no hyphenation, no italics, no
widows or orphans, "Page N of M" as pagination artifacts). The key figures come right after
the lede as one plain list of "Label: value" items (the groups' names left out, so that every
figure fits the first two pages and a magnifier follows one list), never a table. Quotes are
set apart without italics: set in, a rule beside them, the attribution in bold. A web address
moves whole to the next line when it fits one; one longer than a line starts a line and breaks
only after a "/". Fonts and colours come from the main theme.

Keeping at page breaks (:mod:`publisher.render.pdf.keeping`): headings stay with the first
lines of what follows, an attribution with the last lines of its quote, and groups move as one
(masthead, contact lines, a short list of up to eight items taking up to half a page, the first
and last two items of a longer list). Paragraphs set ``allowWidows=0, allowOrphans=0``.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal, assert_never
from xml.sax.saxutils import escape, quoteattr

from fontTools.pens.boundsPen import BoundsPen
from fontTools.ttLib import TTFont
from pydantic import BaseModel, ConfigDict, Field, model_validator
from reportlab.lib.colors import HexColor
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable
from reportlab.platypus import Paragraph as RLParagraph

from publisher.document import (
    Block,
    BulletList,
    Contact,
    Heading,
    KeyFigures,
    Links,
    Paragraph,
    Quotation,
    build_document,
    plain,
)
from publisher.drafts import is_draft
from publisher.errors import ContentError, Problem
from publisher.figures import Resolver
from publisher.labels import Labels, load_labels
from publisher.load import load_model
from publisher.model import Release
from publisher.paths import ASSETS
from publisher.render.pdf.fonts import FontSet, register_fonts
from publisher.render.pdf.keeping import KeepWithEnd, KeepWithStart, Stack
from publisher.render.pdf.reportlab_internals import font_descent, font_file
from publisher.render.pdf.tagging import TaggedDocBuilder, build_tagged_pdf
from publisher.spec import Options
from publisher.spec.largeprint import (
    LETTER,
    MIN_BODY,
    MIN_CONTRAST,
    MIN_HEADING,
    MIN_LINE_SPACING,
    MIN_MARGIN,
    MIN_TITLE,
    QUOTE_INDENT,
    QUOTE_RULE,
    SHORT_LIST,
    SHORT_LIST_HEIGHT,
)
from publisher.theme import Theme, contrast

DEFAULT_LAYOUT = ASSETS / "large-print.yaml"
MIN_RULE_CONTRAST = 3.0  #: WCAG 2.2 SC 1.4.11: a graphic that sets a quote apart
PAGE_SIZES = {"letter": LETTER}
URL = re.compile(r"https?://[^\s<>\"]+[^\s<>\".,;:!?)]")


class LayoutColors(BaseModel):
    """Names of theme colours."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    text: str
    headings: str
    rules: str  #: the rule beside a quote
    paper: str


class LargePrintLayout(BaseModel):
    """The large-print layout, refused at load time when it falls short of the ACB guidelines."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    name: str
    page: Literal["letter"]
    margin: float = Field(ge=MIN_MARGIN)
    body_size: float = Field(ge=MIN_BODY)
    title_size: float = Field(ge=MIN_TITLE)
    heading_size: float = Field(ge=MIN_HEADING)
    subheading_size: float = Field(ge=MIN_HEADING)
    page_number_size: float = Field(ge=MIN_BODY)
    line_spacing: float = Field(ge=MIN_LINE_SPACING, le=3)
    paragraph_gap: float = Field(ge=1, le=3)  #: a blank line at least
    item_gap: float = Field(ge=0, le=3)
    figure_gap: float = Field(ge=0, le=3)  #: between the key figures' items, tighter so all fit two pages
    heading_gap_before: float = Field(ge=0, le=3)
    list_indent: float = Field(ge=1, le=4)
    quote_indent: float = Field(ge=QUOTE_INDENT, le=4)  #: ems of body text the quote is set in by
    quote_rule: float = Field(gt=0, le=QUOTE_RULE)  #: points: the width of the rule beside a quote
    bullet: str = Field(min_length=1, max_length=2)
    bullet_size: float = Field(ge=MIN_BODY)
    colors: LayoutColors

    @model_validator(mode="after")
    def _fits_the_page(self) -> LargePrintLayout:
        width, height = PAGE_SIZES[self.page]
        if width - 2 * self.margin < 20 * self.body_size or height - 2 * self.margin < 12 * self.body_size:
            raise ValueError(f"margins of {self.margin} pt leave too little room for {self.body_size} pt text")
        return self

    @property
    def leading(self) -> float:
        return self.body_size * self.line_spacing

    @property
    def page_size(self) -> tuple[float, float]:
        return PAGE_SIZES[self.page]

    @property
    def footer_band(self) -> float:
        """The page number's line and the blank line above it, at the foot of the text frame."""
        return self.page_number_size * self.line_spacing + self.leading

    @property
    def frame_height(self) -> float:
        """The height text is laid out in on a page (the frame's padding of 6 pt aside)."""
        return self.page_size[1] - 2 * self.margin - self.footer_band - 12


@lru_cache(maxsize=4)
def load_layout(path: Path = DEFAULT_LAYOUT) -> LargePrintLayout:
    """Load and check a large-print layout file; errors name the file, line and field."""
    return load_model(path, LargePrintLayout)


@dataclass(frozen=True)
class Styles:
    title: ParagraphStyle
    heading: ParagraphStyle
    subheading: ParagraphStyle
    subtitle: ParagraphStyle
    body: ParagraphStyle
    line: ParagraphStyle  #: a line of a group (masthead, contact lines): no gap after it
    last_line: ParagraphStyle
    item: ParagraphStyle
    figure: ParagraphStyle  #: an item of the key figures' list
    last_item: ParagraphStyle
    quote: ParagraphStyle
    attribution: ParagraphStyle
    rule: HexColor  #: the colour of the rule beside a quote


def _colour(theme: Theme, name: str, paper: str, minimum: float = MIN_CONTRAST) -> HexColor:
    """A theme colour named by the layout, refused below ``minimum`` (7:1 for text) against the paper."""
    for colour in (name, paper):
        if colour not in theme.colors:
            raise ContentError([Problem("large-print layout", f"colour '{colour}' is not in theme '{theme.name}'",
                                        field="colors")])
    ratio = contrast(theme.color(name), theme.color(paper))
    if ratio < minimum:
        raise ContentError([Problem("large-print layout", f"colour '{name}' on '{paper}' has contrast {ratio:.2f}:1; "
                                    f"large print needs at least {minimum}:1", field="colors")])
    return HexColor(theme.color(name))


def make_styles(layout: LargePrintLayout, theme: Theme, fonts: FontSet) -> Styles:
    paper = layout.colors.paper
    ink = _colour(theme, layout.colors.text, paper)
    head = _colour(theme, layout.colors.headings, paper)
    size, leading = layout.body_size, layout.leading
    gap = layout.paragraph_gap * leading
    base = ParagraphStyle(
        "lp-body", fontName=fonts.regular, fontSize=size, leading=leading, textColor=ink, alignment=0,
        spaceAfter=gap, hyphenationLang="", embeddedHyphenation=0, uriWasteReduce=0, splitLongWords=1,
        allowWidows=0, allowOrphans=0,
    )

    def style(name: str, **changes) -> ParagraphStyle:
        return ParagraphStyle(name, parent=base, **changes)

    def heading_style(name: str, font_size: float, before: float) -> ParagraphStyle:
        return style(name, fontName=fonts.bold, fontSize=font_size, leading=font_size * layout.line_spacing,
                     textColor=head, spaceBefore=before, spaceAfter=0.5 * leading)

    item_gap = layout.item_gap * leading
    return Styles(
        title=heading_style("lp-title", layout.title_size, 0),
        heading=heading_style("lp-heading", layout.heading_size, layout.heading_gap_before * leading),
        subheading=heading_style("lp-subheading", layout.subheading_size, layout.heading_gap_before * leading),
        subtitle=style("lp-subtitle", fontSize=layout.heading_size, leading=layout.heading_size * layout.line_spacing),
        body=base,
        line=style("lp-line", spaceAfter=0),
        last_line=base,
        item=style("lp-item", spaceAfter=item_gap),
        figure=style("lp-figure", spaceAfter=layout.figure_gap * leading),
        last_item=base,
        quote=style("lp-quote", spaceAfter=0.3 * leading),
        attribution=style("lp-attribution", fontName=fonts.bold),
        rule=_colour(theme, layout.colors.rules, paper, minimum=MIN_RULE_CONTRAST),
    )


def markup(text: str, url_lines: Callable[[str], list[str]] = lambda url: [url]) -> str:
    """Plain text as paragraph markup; web addresses become underlined links, one longer than a
    line starting a line of its own and broken into ``url_lines`` (:func:`url_breaker`)."""
    out, last = [], 0
    for match in URL.finditer(text):
        before = escape(text[last:match.start()])
        url = match.group()
        pieces = url_lines(url)
        if len(pieces) > 1 and before.strip():
            before = before.rstrip() + "<br/>"
        out.append(before)
        out.append(link_markup(plain(url), pieces, shown=url))
        last = match.end()
    out.append(escape(text[last:]))
    return "".join(out)


_URL_PART = re.compile(r".+?(?:[/?&#=]+|$)")  #: a web address's parts, each with the punctuation after it


def url_breaker(width: float, font_name: str, size: float) -> Callable[[str], list[str]]:
    """The lines a web address takes set from the start of a line ``width`` wide: whole when it
    fits, else broken after a "/" (or "?", "&", "#", "="), a part longer than a line cut where it
    must. ReportLab would break it at any letter, or split it after a "/" only once."""
    def fits(text: str) -> bool:
        return stringWidth(text, font_name, size) <= width

    def lines(url: str) -> list[str]:
        out, line = [], ""
        for part in _URL_PART.findall(url):
            if fits(line + part):
                line += part
                continue
            if line:
                out.append(line)
            line = part
            while not fits(line) and len(line) > 1:
                cut = max([n for n in range(1, len(line)) if fits(line[:n])], default=1)
                out.append(line[:cut])
                line = line[cut:]
        return [*out, line] if line else out
    return lines


def link_markup(url: str, lines: list[str] | None = None, shown: str | None = None) -> str:
    """An address as one underlined link, its ``lines`` (default: whole) separated by line
    breaks: its target is exactly the text shown."""
    text = "<br/>".join(escape(line) for line in (lines or [shown or url]))
    return f"<a href={quoteattr(url)}><u>{text}</u></a>"


@lru_cache(maxsize=16)
def _glyph_centre(font_name: str, char: str) -> float:
    """Height of the middle of ``char``'s outline above the baseline, in ems (a quarter if unknown)."""
    font = TTFont(font_file(font_name))
    glyph = font.getBestCmap().get(ord(char[0]))
    if glyph is None:
        return 0.25
    glyph_set = font.getGlyphSet()
    pen = BoundsPen(glyph_set)
    glyph_set[glyph].draw(pen)
    if pen.bounds is None:
        return 0.25
    _, bottom, _, top = pen.bounds
    return (bottom + top) / 2 / font["head"].unitsPerEm


class Bullet(Flowable):
    """A list bullet larger than the text, centred where the text's own bullet would be."""

    def __init__(self, char: str, font_name: str, size: float, text_style: ParagraphStyle):
        super().__init__()
        self.char, self.font_name, self.size, self.text_style = char, font_name, size, text_style

    def wrap(self, available_width, available_height):
        self.width, self.height = available_width, self.text_style.leading
        return self.width, self.height

    def draw(self):
        text = self.text_style
        baseline = self.height - text.fontSize
        baseline += _glyph_centre(self.font_name, self.char) * (text.fontSize - self.size)
        self.canv.setFillColor(text.textColor)
        self.canv.setFont(self.font_name, self.size)
        self.canv.drawString(0, baseline, self.char)


class Ruled(Flowable):
    """A flowable set in by ``indent`` with a vertical rule at the left edge of the text beside
    it: a quote set apart without italics. With ``through_gap`` the rule runs on down through
    the space after the flowable, so a quote's rule and its attribution's read as one."""

    def __init__(self, flowable: Flowable, indent: float, rule: float, colour: HexColor, through_gap: bool = False):
        super().__init__()
        self.flowable, self.indent, self.rule, self.colour, self.through_gap = flowable, indent, rule, colour, through_gap

    def wrap(self, available_width, available_height):
        _, self.height = self.flowable.wrap(available_width - self.indent, available_height)
        self.width = available_width
        return self.width, self.height

    def split(self, available_width, available_height):
        return [Ruled(part, self.indent, self.rule, self.colour, self.through_gap)
                for part in self.flowable.split(available_width - self.indent, available_height)]

    def getSpaceBefore(self):
        return self.flowable.getSpaceBefore()

    def getSpaceAfter(self):
        return self.flowable.getSpaceAfter()

    def drawOn(self, canvas, x, y, _sW=0):
        below = self.getSpaceAfter() if self.through_gap else 0.0
        canvas.saveState()
        canvas.setFillColor(self.colour)
        canvas.rect(x, y - below, self.rule, self.height + below, stroke=0, fill=1)
        canvas.restoreState()
        self.flowable.drawOn(canvas, x + self.indent, y, _sW)


class _Story:
    """The Document's blocks as tagged flowables, in reading order."""

    def __init__(self, doc: TaggedDocBuilder, styles: Styles, layout: LargePrintLayout, words: Labels,
                 website: str | None = None):
        self.doc, self.styles, self.layout, self.words = doc, styles, layout, words
        self.width = layout.page_size[0] - 2 * layout.margin - 12  #: the frame's, less its padding
        self.website = website  #: the release's website, linked whole wherever a line ends with it
        self.flowables: list[Flowable] = []
        self.level = 0  #: the last heading level set, so list titles never skip one
        self.bullet = Bullet(layout.bullet, doc.fonts.regular, layout.bullet_size, styles.body)

    def url_lines(self, indent: float = 0.0) -> Callable[[str], list[str]]:
        """The lines of a web address in body text set in by ``indent`` ems (:func:`url_breaker`)."""
        layout = self.layout
        return url_breaker(self.width - indent * layout.body_size, self.doc.fonts.regular, layout.body_size)

    def heading(self, level: int, text: str, *, sets_level: bool = True) -> None:
        level = min(level, self.level + 1, 6)
        if sets_level:
            self.level = level
        style = self.styles.title if level == 1 else (self.styles.heading if level == 2 else self.styles.subheading)
        self.flowables.append(self.doc.heading(level, markup(text), style))

    def lines(self, texts: list[str], website: str | None = None) -> None:
        """Short lines read as one group (masthead, contact), kept together on a page; a line
        ending with ``website`` links all of it (its last character may be one a sentence ends with)."""
        marked = [markup(text[:-len(website)]) + link_markup(website) if website and text.endswith(website)
                  else markup(text) for text in texts]
        lines = [self.doc.paragraph(text, self.styles.last_line if i == len(texts) - 1 else self.styles.line)
                 for i, text in enumerate(marked)]
        self.flowables.append(Stack(lines))

    def items(self, title: str | None, texts: list[str], item_style: ParagraphStyle | None = None) -> None:
        """A bulleted list; ``texts`` are paragraph markup, each but the last set in ``item_style``."""
        if not texts:
            return
        if title:
            self.heading(self.level + 1, title, sets_level=False)  # a list title heads only its list
        styles = self.styles
        item_style = item_style or styles.item
        bodies = [RLParagraph(text, styles.last_item if i == len(texts) - 1 else item_style)
                  for i, text in enumerate(texts)]
        items = self.doc.bullet_list(bodies, styles.item, label=self.layout.bullet,
                                     indent=self.layout.list_indent * self.layout.body_size)
        for item in items:
            item.label = self.bullet
        whole = Stack(items)  # short by the audit's measure of its glyphs (a line's leading is the slack)
        short = len(items) <= SHORT_LIST and whole.wrap(self.width, self.layout.frame_height)[1] <= (
            SHORT_LIST_HEIGHT + self.layout.leading)
        if len(items) <= 3 or short:  # a short list is never split
            self.flowables.append(whole)
        else:  # no item alone at the top or the foot of a page
            self.flowables += [Stack(items[:2]), *items[2:-2], Stack(items[-2:])]

    def add(self, block: Block) -> None:
        doc, styles = self.doc, self.styles
        match block:
            case Heading():
                self.heading(block.level, block.text)
            case Paragraph():
                style = styles.subtitle if block.role == "subtitle" else styles.body
                self.flowables.append(doc.paragraph(markup(block.text, self.url_lines()), style))
            case BulletList():
                long = self.url_lines(self.layout.list_indent)
                self.items(block.title, [markup(item, long) for item in block.items])
            case KeyFigures():  # one plain list a magnifier can follow, in registry order
                self.heading(2, block.title)
                self.items(None, [markup(line.line) for group in block.groups for line in group.figures],
                           styles.figure)
            case Quotation():
                indent, rule = self.layout.quote_indent * self.layout.body_size, self.layout.quote_rule
                with doc.group("BlockQuote"):
                    long = self.url_lines(self.layout.quote_indent)
                    quote = doc.paragraph(markup(block.quoted, long), styles.quote)
                    said_by = doc.paragraph(markup(f"\u2014 {block.attribution}"), styles.attribution)
                    self.flowables.append(KeepWithEnd([Ruled(quote, indent, rule, styles.rule, through_gap=True),
                                                       Ruled(said_by, indent, rule, styles.rule)]))
            case Links():
                self.heading(2, block.title)
                url_lines = self.url_lines(self.layout.list_indent)
                self.items(None, [f"{markup(self.words.lead_in(link.text))}<br/>{link_markup(link.url, url_lines(link.url))}"
                                  for link in block.links])
            case Contact():
                self.heading(2, block.title)
                self.lines([line.text for line in block.lines], self.website)
            case _:
                assert_never(block)


def story(doc: TaggedDocBuilder, release: Release, theme: Theme, layout: LargePrintLayout) -> list[Flowable]:
    """The large-print flowables, made through the tagging builder in reading order."""
    styles = make_styles(layout, theme, doc.fonts)
    words = theme.labels_for(release.language)
    maker = _Story(doc, styles, layout, words, release.release.website)
    blocks = list(build_document(release, words).blocks)
    masthead: list[str] = []
    for block in blocks + [None]:
        if isinstance(block, Paragraph) and block.role == "masthead":
            masthead.append(block.text)
            continue
        if masthead:
            maker.lines(masthead)
            masthead = []
        if block is not None:
            maker.add(block)
    return keep_headings_with_next(maker.flowables)


def keep_headings_with_next(flowables: list[Flowable]) -> list[Flowable]:
    """Each run of headings joined to the flowable after it (:class:`KeepWithStart`)."""
    out: list[Flowable] = []
    heads: list[Flowable] = []
    for flowable in flowables:
        if _is_heading(flowable):
            heads.append(flowable)
        elif heads:
            out.append(KeepWithStart([*heads, flowable]))
            heads = []
        else:
            out.append(flowable)
    return out + heads


def _is_heading(flowable: Flowable) -> bool:
    node = getattr(flowable, "_tag_node", None)
    return node is not None and node.role in {"H1", "H2", "H3", "H4", "H5", "H6"}


def _page_numbers(layout: LargePrintLayout, theme: Theme, fonts: FontSet, draft: str = "", labels: Labels | None = None):
    """The labels' 'Page N of M' at the foot of the page, right-aligned, its glyphs inside the margins;
    a draft's line (the labels' ``draft_line``, in the release's language) at the left of it, in bold."""
    descent = -font_descent(fonts.regular) / 1000 * layout.page_number_size

    def draw(canvas, doc):
        width, _ = doc.pagesize
        canvas.setFillColor(HexColor(theme.color(layout.colors.text)))
        canvas.setFont(fonts.regular, layout.page_number_size)
        total = getattr(doc, "total_pages", None)
        words = labels or load_labels("en")
        label = words.page_number(canvas.getPageNumber(), total)
        canvas.drawRightString(width - layout.margin, layout.margin + descent, label)
        if draft:
            canvas.setFont(fonts.bold, layout.page_number_size)
            canvas.drawString(layout.margin, layout.margin + descent, draft)

    return draw


def render(release: Release, theme: Theme, options: Options) -> bytes:
    """The large-print edition as tagged PDF bytes, laid out after ``assets/large-print.yaml``."""
    return lay_out(release, theme, load_layout())


def lay_out(release: Release, theme: Theme, layout: LargePrintLayout) -> bytes:
    """The large-print edition as tagged PDF bytes, laid out after ``layout``."""
    fonts = register_fonts(theme)
    meta = release.meta
    labels = theme.labels_for(meta.language)
    footer_band = layout.page_number_size * layout.line_spacing + layout.leading
    margin = layout.margin
    return build_tagged_pdf(
        lambda doc: story(doc, release, theme, layout),
        title=plain(Resolver(release).heading(meta.title)), lang=meta.language, fonts=fonts,
        furniture=_page_numbers(layout, theme, fonts, meta.release_type if is_draft(release) else "", labels),
        count_pages=True,
        pagesize=layout.page_size, margins=(margin, margin, margin + footer_band, margin),
        author=meta.agency, subject=labels.pair(labels.large_print, Resolver(release)(meta.summary)), keywords=meta.keywords,
    )
