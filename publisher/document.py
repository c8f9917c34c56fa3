"""Release -> Document: the whole release as a flat sequence of typed blocks, text resolved.

This is the one reading order of the release for the linear editions (plain text, large
print, HTML, braille). Renderers only lay the blocks out; none of them decides what the
release says or in which order. References are resolved here: every figure and date is
inserted through :mod:`publisher.figures`, with its spaces as no-break spaces so that no
line breaker splits it (``keep_together``); :func:`plain` turns them back into spaces.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from publisher.figures import NBSP, Resolver, date_text, figure_parts, figure_text, hold_together
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
    role: str = "body"  #: body | subtitle | masthead | summary | source


@dataclass(frozen=True)
class BulletList:
    title: str | None
    items: tuple[str, ...]


@dataclass(frozen=True)
class FigureLine:
    key: str
    label: str
    text: str  #: the figure's display text, "nearly 44 million fentanyl pills"
    qualifier: str
    number: str
    unit: str


@dataclass(frozen=True)
class FigureList:
    """Key figures, shown as "Label: figure" lines (never a multi-column table in linear editions)."""

    title: str | None
    figures: tuple[FigureLine, ...]


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
class Contact:
    title: str
    lines: tuple[str, ...]


Block = Heading | Paragraph | BulletList | FigureList | Quotation | Links | Contact


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


def attribution(quote: Quote) -> str:
    name = f"{quote.honorific} {quote.speaker}" if quote.honorific else quote.speaker
    return ", ".join(part for part in (name, quote.role, quote.organisation) if part)


def figure_line(key: str, release: Release, keep_together: bool, resolve: Resolver | None = None) -> FigureLine:
    fig = release.figures[key]
    parts = figure_parts(fig)
    text = figure_text(fig)
    if keep_together:
        text = hold_together(text, release.language)
    label = (resolve or Resolver(release, keep_together))(fig.label)
    return FigureLine(key, label, text, parts.qualifier, parts.number, parts.unit)


def figure_lists(release: Release, keep_together: bool = True) -> list[FigureList]:
    """The figure registry, one list per group, in registry order; labels resolved."""
    resolve = Resolver(release, keep_together)
    return [
        FigureList(group, tuple(figure_line(key, release, keep_together, resolve) for key, _ in figures))
        for group, figures in release.figure_groups()
    ]


def labels_of(release: Release, labels: Labels | None = None) -> Labels:
    """``labels``, or the packaged labels of the release's language."""
    from publisher.labels import load_labels

    return labels or load_labels(release.language)


def masthead_lines(release: Release, labels: Labels | None = None) -> list[str]:
    meta = release.meta
    lines = [meta.agency]
    if meta.leader:
        lines.append(meta.leader)
    news = labels_of(release, labels).news_release.format(date=date_text(meta.date, meta.language))
    lines.append(f"{news}. {meta.release_type}.")
    return lines


def contact_lines(release: Release, labels: Labels | None = None) -> list[str]:
    meta = release.meta
    words = labels_of(release, labels)
    lines = [meta.contact.office, words.pair(words.phone, meta.contact.phone)]
    if meta.contact.email:
        lines.append(words.pair(words.email, meta.contact.email))
    lines.append(words.pair(words.website, meta.website))
    if meta.social:
        lines.append(words.pair(words.social, meta.social))
    return lines


def build_document(release: Release, keep_together: bool = True, summary: bool = False,
                   labels: Labels | None = None, joiner: str = "") -> Document:
    """The release in reading order: title, masthead, body, key figures, links, contact; the words
    around the release's text from ``labels`` (default: the packaged labels of its language).

    ``joiner`` goes after the hyphens and slashes of identifiers, for line breakers that
    break there (see :func:`publisher.identifiers.hold`)."""
    words = labels_of(release, labels)
    resolve = Resolver(release, keep_together=keep_together, joiner=joiner)
    meta = release.meta
    blocks: list[Block] = [Heading(1, resolve(meta.title))]
    if meta.subtitle:
        blocks.append(Paragraph(resolve(meta.subtitle), "subtitle"))
    blocks += [Paragraph(line, "masthead") for line in masthead_lines(release, words)]
    if summary:
        blocks.append(Paragraph(resolve(meta.summary), "summary"))
    first_paragraph = True
    for section in release.sections:
        if section.heading:
            blocks.append(Heading(2, resolve(section.heading)))
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
                blocks.append(BulletList(resolve(named.title), tuple(resolve(i) for i in named.items)))
    if release.figures:
        blocks.append(Heading(2, words.key_figures))
        groups = figure_lists(release, keep_together)
        for group in groups:
            blocks.append(FigureList(group.title and resolve(group.title), group.figures))
    if release.links:
        blocks.append(Links(words.related_links, tuple(LinkItem(resolve(link.text), link.url)
                                                       for link in release.links)))
    blocks.append(Contact(words.contact, tuple(contact_lines(release, words))))
    return Document(resolve(meta.title), meta.language, meta.agency, tuple(blocks))


def _quote(quote: Quote, resolve: Resolver, marks: tuple[str, str]) -> Quotation:
    return Quotation(resolve(quote.text), resolve(attribution(quote)), resolve(quote.speaker), marks)
