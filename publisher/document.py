"""Release -> Document: the whole release as a flat sequence of typed blocks, text resolved.

This is the one reading order of the release for the linear editions (plain text, large
print, HTML, braille): the title block (headline, subtitle, masthead), the lede (the
summary), the key figures at a glance (every figure once, in registry order, by group), the
sections, related links and the contact. Renderers only lay the blocks out; none of them
decides what the release says, in which order, or with which words: every word the document
adds around the release's own text comes from the labels file (:mod:`publisher.labels`).

References are resolved here: every figure and date is inserted through
:mod:`publisher.figures`, with its spaces as no-break spaces so that no line breaker splits it
(``keep_together``); :func:`plain` turns them back into spaces. In a title-case headline,
subtitle or heading, figures take title case (:meth:`publisher.figures.Resolver.heading`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from publisher.figures import NBSP, Resolver, date_text, figure_parts, figure_text, figure_value, hold_together
from publisher.memo import per_release
from publisher.model import ListBlock, Quote, Release
from publisher.model import QuoteBlock as QuoteRef

if TYPE_CHECKING:
    from publisher.labels import Labels


@dataclass(frozen=True)
class Heading:
    level: int  #: 1 for the title, 2 for sections, 3 below
    text: str


@dataclass(frozen=True)
class Paragraph:
    text: str
    role: str = "body"  #: body | subtitle | masthead | summary


@dataclass(frozen=True)
class BulletList:
    title: str | None
    items: tuple[str, ...]


@dataclass(frozen=True)
class FigureLine:
    key: str
    label: str
    text: str  #: the figure's display text, "nearly 44 million fentanyl pills"
    value: str  #: the text without the words the label says: "nearly 44 million" after "Fentanyl pills seized"
    qualifier: str
    number: str
    unit: str
    colon: str = ": "  #: the language's punctuation between a label and its value (the labels')

    @property
    def line(self) -> str:
        """'Fentanyl pills seized: nearly 44 million': how a linear edition lists the figure."""
        return f"{self.label}{self.colon}{self.value}"


@dataclass(frozen=True)
class FigureList:
    """The figures of one group (title: the group's name, or None), in registry order."""

    title: str | None
    figures: tuple[FigureLine, ...]


@dataclass(frozen=True)
class KeyFigures:
    """Every figure of the release at a glance, once, grouped, in registry order."""

    title: str  #: the labels' "Key figures"
    groups: tuple[FigureList, ...]
    columns: tuple[str, str] = ("", "")  #: the labels' names for a table's columns: ("Measure", "Figure")


@dataclass(frozen=True)
class Quotation:
    text: str
    attribution: str  #: "Anne Milgram, Administrator, Drug Enforcement Administration"
    speaker: str
    marks: tuple[str, str] = ("“", "”")  #: the language's quotation marks (the labels')

    @property
    def quoted(self) -> str:
        """The text in the language's quotation marks."""
        return self.marks[0] + self.text + self.marks[1]


@dataclass(frozen=True)
class LinkItem:
    text: str
    url: str


@dataclass(frozen=True)
class Links:
    title: str
    links: tuple[LinkItem, ...]


@dataclass(frozen=True)
class ContactLine:
    """One line of the contact block: a labelled value, or the office alone (no label)."""

    kind: str  #: office | phone | email | website | social: what a renderer may link it to
    label: str | None
    value: str
    colon: str = ": "  #: the language's punctuation between a label and its value (the labels')

    @property
    def text(self) -> str:
        return f"{self.label}{self.colon}{self.value}" if self.label else self.value


@dataclass(frozen=True)
class Contact:
    title: str
    lines: tuple[ContactLine, ...]


Block = Heading | Paragraph | BulletList | KeyFigures | Quotation | Links | Contact


@dataclass(frozen=True)
class Document:
    title: str
    language: str
    agency: str
    blocks: tuple[Block, ...] = field(default_factory=tuple)


#: A no-break space that holds a figure together, not one the language's typography puts in
#: the text: inside a number ("6 500" in French), before French high punctuation ("Pourquoi ?")
#: or after an opening guillemet.
_HOLDING_SPACE = re.compile("\u00a0(?!(?<=\\d\u00a0)\\d)(?![:;!?»])(?<!«\u00a0)")


def plain(text: str) -> str:
    """Text with the no-break spaces that hold figures together turned back into spaces (those the
    language writes, inside a number or before French punctuation, are kept)."""
    return _HOLDING_SPACE.sub(" ", text) if NBSP in text else text


def address_text(url: str) -> str:
    """A web address as a link's text: without its scheme, 'www.' and a closing slash ('dea.gov'),
    which says where the link leads where the whole address would be read out character by character."""
    return re.sub(r"^[a-z][a-z0-9+.-]*://(www\.)?", "", url, flags=re.IGNORECASE).rstrip("/") or url


def attribution(quote: Quote) -> str:
    name = f"{quote.honorific} {quote.speaker}" if quote.honorific else quote.speaker
    return ", ".join(part for part in (name, quote.role, quote.organisation) if part)


def figure_line(key: str, release: Release, keep_together: bool, resolve: Resolver | None = None,
                colon: str = ": ") -> FigureLine:
    from publisher.labels import separator

    fig = release.figures[key]
    parts = figure_parts(fig)
    text, value = figure_text(fig), figure_value(fig)
    if keep_together:
        text, value = hold_together(text, release.language), hold_together(value, release.language)
    label = (resolve or Resolver(release, keep_together))(fig.label)
    return FigureLine(key, label, text, value, parts.qualifier, parts.number, parts.unit, separator(label, colon))


def figure_lists(release: Release, keep_together: bool = True, labels: Labels | None = None) -> list[FigureList]:
    """The figure registry, one list per group, in registry order (a group's figures gathered at
    the place of its first member: :meth:`publisher.model.Release.figure_groups`); labels resolved."""
    resolve = Resolver(release, keep_together)
    colon = labels_of(release, labels).colon
    return [
        FigureList(group, tuple(figure_line(key, release, keep_together, resolve, colon) for key, _ in figures))
        for group, figures in release.figure_groups()
    ]


def labels_of(release: Release, labels: Labels | None = None) -> Labels:
    """``labels``, or the packaged labels of the release's language."""
    from publisher.labels import load_labels

    return labels or load_labels(release.language)


def figure_order(release: Release) -> list[str]:
    """The figure keys in registry order, as every output lists them."""
    return [key for _, figures in release.figure_groups() for key, _ in figures]


def quotes_heading(release: Release, quotes: list[Quote], labels: Labels) -> str:
    """The name of a block that gathers ``quotes``: the heading of the section they all stand in,
    so that it reads as in every other output ('What partners said'), or the labels' name for
    quotes ('In their words') when they come from several sections or from one without a heading."""
    resolve = Resolver(release)
    sections = {id(release.quotes[block.quote]): section.heading for section in release.sections
                for block in section.blocks if isinstance(block, QuoteRef)}
    headings = {sections.get(id(quote)) for quote in quotes}
    only = next(iter(headings)) if len(headings) == 1 else None
    return resolve.heading(only) if only else labels.quotes


def masthead_lines(release: Release, labels: Labels | None = None, keep_together: bool = False) -> list[str]:
    meta = release.meta
    lines = [meta.agency]
    if meta.leader:
        lines.append(meta.leader)
    date = date_text(meta.date, meta.language)
    date = hold_together(date, meta.language) if keep_together else date
    lines.append(f"{labels_of(release, labels).news_release.format(date=date)}. {meta.release_type}.")
    return lines


def contact_block(release: Release, labels: Labels | None = None) -> tuple[ContactLine, ...]:
    """The contact: the office, then phone, email, website and social media, each labelled."""
    meta = release.meta
    words = labels_of(release, labels)
    colon = words.colon
    lines = [ContactLine("office", None, meta.contact.office),
             ContactLine("phone", words.phone, meta.contact.phone, colon)]
    if meta.contact.email:
        lines.append(ContactLine("email", words.email, meta.contact.email, colon))
    lines.append(ContactLine("website", words.website, meta.website, colon))
    if meta.social:
        lines.append(ContactLine("social", words.social, meta.social, colon))
    return tuple(lines)


def contact_lines(release: Release, labels: Labels | None = None) -> list[str]:
    """The contact block as lines of text: 'Phone: 571-776-2508', 'Téléphone : 571-776-2508'."""
    return [line.text for line in contact_block(release, labels)]


def key_figures(release: Release, labels: Labels | None = None, keep_together: bool = True) -> KeyFigures | None:
    """The at-a-glance block: every figure once, by group, in registry order (None without figures)."""
    if not release.figures:
        return None
    words = labels_of(release, labels)
    resolve = Resolver(release, keep_together=keep_together)
    groups = figure_lists(release, keep_together, words)
    return KeyFigures(words.key_figures, tuple(FigureList(g.title and resolve.heading(g.title), g.figures)
                                               for g in groups), (words.measure, words.figure))


@per_release
def build_document(release: Release, labels: Labels | None = None, keep_together: bool = True,
                   joiner: str = "") -> Document:
    """The release in reading order: title block, lede, key figures, body, links, contact; the
    words around the release's text from ``labels`` (default: the packaged labels of its language).

    ``joiner`` goes after the hyphens and slashes of identifiers, for line breakers that
    break there (see :func:`publisher.identifiers.hold`)."""
    words = labels_of(release, labels)
    resolve = Resolver(release, keep_together=keep_together, joiner=joiner)
    meta = release.meta
    blocks: list[Block] = [Heading(1, resolve.heading(meta.title))]
    if meta.subtitle:
        blocks.append(Paragraph(resolve.heading(meta.subtitle), "subtitle"))
    blocks += [Paragraph(line, "masthead") for line in masthead_lines(release, words, keep_together)]
    blocks.append(Paragraph(resolve(meta.summary), "summary"))
    glance = key_figures(release, words, keep_together)
    if glance is not None:
        blocks.append(glance)
    first_paragraph = True
    for section in release.sections:
        if section.heading:
            blocks.append(Heading(2, resolve.heading(section.heading)))
        for block in section.blocks:
            if isinstance(block, str):
                text = resolve(block)
                if first_paragraph:
                    text = f"{meta.dateline} – {text}"
                    first_paragraph = False
                blocks.append(Paragraph(text))
            elif isinstance(block, QuoteRef):
                quote = release.quotes[block.quote]
                blocks.append(_quote(quote, resolve, (words.quote_open, words.quote_close)))
            elif isinstance(block, ListBlock):
                named = release.lists[block.list]
                blocks.append(BulletList(resolve.heading(named.title), tuple(resolve(i) for i in named.items)))
    if release.links:
        blocks.append(Links(words.related_links,
                            tuple(LinkItem(resolve(link.text), link.url) for link in release.links)))
    blocks.append(Contact(words.contact, contact_block(release, words)))
    return Document(resolve.heading(meta.title), meta.language, meta.agency, tuple(blocks))


def _quote(quote: Quote, resolve: Resolver, marks: tuple[str, str]) -> Quotation:
    return Quotation(resolve(quote.text), resolve(attribution(quote)), resolve(quote.speaker), marks)
