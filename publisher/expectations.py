"""What every output of a release must say: each figure's one text, each identifier of the
prose in its context, and the other texts whose digits it may show (dates, the phone number,
addresses, source notes); and what the reading order and the vocabulary checks compare
outputs against (each figure's label and the value that follows it, the registry order, the
headings as written, the lede, where the body starts, the section each quote belongs to, the
labels' names for the figure table and the quotes). A translation's edition has its own, in
its language.

Written into the manifest by the build and read back by the check, which reconciles every
output's text against it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from publisher.figures import Resolver, date_text, figure_text, figure_value
from publisher.identifiers import Anchored, anchored
from publisher.manifest import Manifest
from publisher.model import Release

OPENING_WORDS = 8  #: the body's first words kept to find where it starts

if TYPE_CHECKING:
    from publisher.document import Block
    from publisher.labels import Labels


def declared_texts(release: Release) -> list[str]:
    """Texts with digits that outputs may show besides figures and dates (the website also as a
    link's text shows it, :func:`publisher.document.address_text`)."""
    from publisher.document import address_text

    meta = release.meta
    declared = [meta.contact.phone, date_text(meta.date, release.language), meta.website, address_text(meta.website)]
    declared += [link.url for link in release.links]
    declared += [fig.source for fig in release.figures.values() if fig.source]
    if meta.contact.email:
        declared.append(meta.contact.email)
    return declared


def declared_identifiers(release: Release) -> list[Anchored]:
    """The identifiers of the release's prose ("COVID-19", "555-014-2200"), written as typed,
    each with the words around it: every output that shows those words must show it exactly."""
    from publisher.load import dotted, prose_fields

    resolve = Resolver(release)
    fields = ((dotted(path), text) for path, text in prose_fields(release))
    return anchored(fields, resolve, resolve.vocabulary, resolve.units)


@dataclass(frozen=True)
class QuotePlace:
    """Where a quote stands in the release: who said it (as outputs attribute it), the heading
    of its section ('' when the section has none) and its whole text, figures resolved (what an
    excerpt of it must be faithful to; '' from a manifest written before it was kept)."""

    attribution: str
    section: str
    text: str = ""


@dataclass(frozen=True)
class Expectations:
    """What the outputs must say: figure texts, identifiers in their context, and the other
    texts whose digits are allowed (identifiers' among them).

    ``figures`` is in registry order (groups gathered, :func:`publisher.document.figure_order`).
    The reading fields (``labels`` to ``names``) are empty for a manifest written before they
    existed; the checks that need one are then skipped."""

    figures: dict[str, str]
    allowed: tuple[str, ...]
    draft: bool | None = None  #: built with --draft (the marks must be there), final (they must not), unknown
    identifiers: tuple[Anchored, ...] = ()
    language: str = ""  #: the tag of the edition these are for ("" where unknown: an old manifest)
    amounts: dict[str, Decimal] = field(default_factory=dict)  #: key -> exact value (else read from the texts)
    translation: bool = False  #: a translation's edition (its findings name the language)
    labels: dict[str, str] = field(default_factory=dict)  #: figure key -> its label
    values: dict[str, str] = field(default_factory=dict)  #: figure key -> the value that follows its label
    headings: tuple[str, ...] = ()  #: title, subtitle, section and list headings as written (figures title-cased)
    lede: str = ""  #: the summary, resolved
    body_start: str = ""  #: the first words of the body: its first heading, or its first paragraph
    quotes: dict[str, QuotePlace] = field(default_factory=dict)
    #: the labels: key_figures, measure, figure, quotes, quote_open, quote_close (the last two not in older manifests)
    names: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_manifest(cls, manifest: Manifest, language: str = "") -> Expectations:
        """The expectations of the manifest's original (no ``language``, or the original's tag) or of
        the translation into ``language``."""
        amounts = _amounts(manifest.values)
        edition = manifest.translations.get(language) if language else None
        if edition is not None:
            identifiers = tuple(Anchored(**found) for found in edition.identifiers)
            allowed = tuple(edition.dates.values()) + tuple(edition.declared) + tuple(i.text for i in identifiers)
            return cls(dict(edition.figures), allowed, manifest.draft, identifiers, language, amounts, translation=True,
                       **_reading_fields(edition.reading))
        identifiers = tuple(Anchored(**found) for found in manifest.identifiers)
        allowed = tuple(manifest.dates.values()) + tuple(manifest.declared) + tuple(i.text for i in identifiers)
        return cls(dict(manifest.figures), allowed, manifest.draft, identifiers, manifest.language, amounts,
                   **_reading_fields(manifest.reading))

    @classmethod
    def from_release(cls, release: Release, draft: bool | None = None, labels: Labels | None = None,
                     translation: bool = False) -> Expectations:
        """What ``release``'s outputs must say (``labels``: its theme's, in its language)."""
        language = release.language
        identifiers = tuple(declared_identifiers(release))
        return cls(
            {k: figure_text(release.figures[k], language) for k in _order(release)},
            tuple(date_text(v, language) for v in release.dates.values()) + tuple(declared_texts(release))
            + tuple(i.text for i in identifiers),
            draft, identifiers, language, {k: f.value for k, f in release.figures.items()}, translation,
            **_reading_fields(reading(release, labels)),
        )

    def where(self) -> str:
        """How a finding names the edition: '' for the original, ' (es-US)' for a translation."""
        return f" ({self.language})" if self.translation else ""


def _amounts(recorded: dict[str, str]) -> dict[str, Decimal]:
    amounts = {}
    for key, text in recorded.items():
        try:
            amounts[key] = Decimal(text)
        except InvalidOperation:
            continue
    return amounts


def _order(release: Release) -> list[str]:
    from publisher.document import figure_order

    return figure_order(release)


def reading(release: Release, labels: Labels | None = None) -> dict[str, Any]:
    """The reading-order and vocabulary expectations as the manifest stores them (plain JSON)."""
    from publisher.document import (
        BulletList,
        Contact,
        Heading,
        KeyFigures,
        Links,
        Paragraph,
        attribution,
        build_document,
        plain,
    )
    from publisher.labels import load_labels
    from publisher.model import QuoteBlock

    labels = labels or load_labels(release.meta.language)
    blocks = build_document(release, labels, keep_together=False).blocks
    lede_at = next(i for i, b in enumerate(blocks) if isinstance(b, Paragraph) and b.role == "summary")
    body = [b for b in blocks[lede_at + 1:] if not isinstance(b, KeyFigures)]
    resolve = Resolver(release)
    headings = [b.text for b in blocks if isinstance(b, Heading)]
    headings += [b.text for b in blocks if isinstance(b, Paragraph) and b.role == "subtitle"]
    headings += [b.title for b in blocks if isinstance(b, BulletList | Links | Contact) and b.title]
    headings += [g.title for b in blocks if isinstance(b, KeyFigures) for g in b.groups if g.title]
    quotes: dict[str, dict[str, str]] = {}
    for section in release.sections:
        heading = plain(resolve.heading(section.heading)) if section.heading else ""
        for block in section.blocks:
            if isinstance(block, QuoteBlock):
                quote = release.quotes[block.quote]
                quotes.setdefault(block.quote, {"attribution": plain(resolve(attribution(quote))),
                                                "section": heading, "text": plain(resolve(quote.text))})
    return {
        "labels": {line.key: plain(line.label) for b in blocks if isinstance(b, KeyFigures)
                   for group in b.groups for line in group.figures},
        "values": {key: figure_value(fig) for key, fig in release.figures.items()},
        "headings": [plain(h) for h in dict.fromkeys(headings)],
        "lede": plain(getattr(blocks[lede_at], "text", "")),
        "body_start": " ".join(plain(_opening(body[0]) if body else "").split()[:OPENING_WORDS]),
        "quotes": quotes,
        "names": {"key_figures": labels.key_figures, "measure": labels.measure, "figure": labels.figure,
                  "quotes": labels.quotes, "quote_open": labels.quote_open, "quote_close": labels.quote_close},
    }


def _opening(block: Block) -> str:
    """The first words a reader meets in a block: its text, else its title, else its first item."""
    from publisher.document import BulletList, Contact, Links

    if isinstance(block, BulletList | Links | Contact) and block.title:
        return block.title
    match block:
        case BulletList():
            return block.items[0] if block.items else ""
        case Links():
            return block.links[0].text if block.links else ""
        case Contact():
            return block.lines[0].text if block.lines else ""
        case _:
            return getattr(block, "text", "")


def _reading_fields(data: object) -> dict[str, Any]:
    """The reading expectations from a manifest's JSON, keeping only what has the right shape (a
    manifest is read as untrusted data: anything else is left out, and its checks skipped)."""
    data = data if isinstance(data, dict) else {}

    def texts(name: str) -> dict[str, str]:
        found = data.get(name)
        return {k: v for k, v in found.items() if isinstance(k, str) and isinstance(v, str)} if isinstance(found, dict) else {}

    def text(name: str) -> str:
        return data[name] if isinstance(data.get(name), str) else ""

    headings = data.get("headings")
    found = data.get("quotes")
    quotes: dict[Any, Any] = found if isinstance(found, dict) else {}
    return {
        "labels": texts("labels"),
        "values": texts("values"),
        "headings": tuple(h for h in headings if isinstance(h, str)) if isinstance(headings, list) else (),
        "lede": text("lede"),
        "body_start": text("body_start"),
        "quotes": {k: QuotePlace(v["attribution"], v["section"], v["text"] if isinstance(v.get("text"), str) else "")
                   for k, v in quotes.items()
                   if isinstance(v, dict) and isinstance(v.get("attribution"), str) and isinstance(v.get("section"), str)},
        "names": texts("names"),
    }
