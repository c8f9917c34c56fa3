"""The briefing deck read back against what the release says: its content rules.

Rules (stable ids, errors), on the storyboard's contract (docs/accessibility.md, "The briefing
storyboard"; the shape names are :mod:`publisher.spec.deck`'s):

- ``deck.figure-repeated``: a figure's text (whitespace and no-break spaces normalised, as a whole
  phrase) on more than one slide. Key points (shapes ``Key point N``), the appendix table
  (``Table: key figures``) and the notes do not count; every shape else does, titles and
  pull-quotes included; so does the title slide, but not its title and subtitle, which are the
  release's headline as written (a headline may cite a figure). Each slide after the first it is
  on is a finding.
- ``deck.caption-missing``: a shape that shows a figure's text (outside those three) without the
  figure's label as one of its paragraphs: a tile's caption is its last paragraph.
- ``deck.excerpt-too-long``: a pull-quote (a shape ``Pull-quote: <speaker>``, the excerpt in the
  language's quotation marks, followed by its byline, a shape ``Byline: <speaker>`` that reads
  ``— <attribution>``) of more words than the language allows
  (:func:`publisher.briefing.word_limits`).
- ``deck.excerpt-unfaithful``: a pull-quote that is not a faithful excerpt
  (:func:`publisher.briefing.excerpt_difference`) of the quote of the person its byline names,
  or whose byline names no one quoted.

What a rule needs and a manifest does not carry (the labels, the quotes' texts of a manifest
written before they were kept) leaves that rule unchecked.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from publisher.audit import Finding
from publisher.audit.deck import GRAPHIC_FRAME, SP, _frame_text, _open
from publisher.listings import normalise, phrase
from publisher.spec.deck import A_NS, APPENDIX_TABLE, BYLINE, BYLINE_DASH, KEY_POINT, P_NS, PULL_QUOTE, TABLE_URI

if TYPE_CHECKING:
    from publisher.expectations import Expectations

A, P = f"{{{A_NS}}}", f"{{{P_NS}}}"
HEADLINE = ("title", "ctrTitle", "subTitle")  #: the title slide's placeholders that show the release's headline
QUOTE_MARKS = "\"'“”„‘’«»‹›"  #: stripped from an excerpt's ends where the labels' marks are not known


@dataclass(frozen=True)
class Frame:
    """The text of one shape on a slide: its paragraphs (a table's: every cell's), normalised."""

    slide: int
    name: str
    paragraphs: tuple[str, ...]

    @property
    def where(self) -> str:
        return f"slide {self.slide}, shape '{self.name}'"


def frames(path: Path) -> Iterator[Frame]:
    """Every shape with text on the slides, group members included, in reading order; the
    appendix table's cells, the notes and the title slide's headline are left out."""
    for n, slide in enumerate(_open(Path(path)).slides, 1):
        for shape in slide.shapes():
            el = shape.el
            if n == 1 and shape.ph_type in HEADLINE:
                continue
            if el.tag == SP:
                bodies = [el.find(P + "txBody")]
            elif el.tag == GRAPHIC_FRAME and shape.name != APPENDIX_TABLE:
                data = el.find(f"{A}graphic/{A}graphicData")
                is_table = data is not None and data.get("uri") == TABLE_URI
                bodies = list(el.iter(A + "txBody")) if is_table else []
            else:
                continue
            paragraphs = tuple(normalise(line) for body in bodies if body is not None  # a line break is a space
                               for line in _frame_text(body).split("\n"))
            if any(paragraphs):
                yield Frame(n, shape.name, paragraphs)


def content_rules(path: Path, expected: Expectations) -> list[Finding]:
    """The content rules broken in the deck at ``path``, read against ``expected``."""
    shown = list(frames(path))
    return figure_findings(str(path), shown, expected) + pull_quote_findings(str(path), shown, expected)


def figure_findings(file: str, shown: list[Frame], expected: Expectations) -> list[Finding]:
    """deck.figure-repeated and deck.caption-missing. Figures that read alike ('$0' twice) are one
    text shown as many times as there are such figures, each time with one of their labels."""
    sharing: dict[str, list[str]] = {}
    for key, text in expected.figures.items():
        sharing.setdefault(normalise(text), []).append(key)
    places: dict[str, list[Frame]] = {text: [] for text in sharing}
    for frame in shown:
        if frame.name.startswith(KEY_POINT):
            continue
        rest = " ".join(frame.paragraphs)
        for text in sorted(sharing, key=len, reverse=True):  # a figure read inside a longer one's text is that one
            pattern = phrase(text)
            if pattern.search(rest):
                places[text].append(frame)
                rest = pattern.sub(" \u0000 ", rest)
    findings = []
    for text, found in places.items():
        keys = sharing[text]
        allowed = {frame.slide for frame in found[:len(keys)]}
        labels = {normalise(expected.labels.get(key, "")) for key in keys} - {""}
        name = "', '".join(keys)
        for frame in found:
            if frame.slide not in allowed:
                findings.append(Finding(file, frame.where, "deck.figure-repeated",
                                        f"figure '{name}' ('{text}') is also on slide {found[0].slide}; outside the key "
                                        "points, the appendix table and the notes a figure is on one slide"))
            if labels and not labels & set(frame.paragraphs):
                findings.append(Finding(file, frame.where, "deck.caption-missing",
                                        f"figure '{name}' ('{text}') is shown without its caption "
                                        f"'{' or '.join(sorted(labels))}' as a paragraph of the shape"))
    return findings


def pull_quote_findings(file: str, shown: list[Frame], expected: Expectations) -> list[Finding]:
    """deck.excerpt-too-long and deck.excerpt-unfaithful."""
    from publisher.briefing import excerpt_difference, word_count

    most = _excerpt_limit(expected.language)
    findings = []
    for i, frame in enumerate(shown):
        if not frame.name.startswith(PULL_QUOTE):
            continue
        paragraphs = [p for p in frame.paragraphs if p]
        following = shown[i + 1] if i + 1 < len(shown) else None
        if following is not None and following.slide == frame.slide and following.name.startswith(BYLINE):
            paragraphs = paragraphs[:1] + [p for p in following.paragraphs if p]
        excerpt = _unquoted(paragraphs[0], expected.names)
        words = word_count(excerpt, {})
        if words > most:
            findings.append(Finding(file, frame.where, "deck.excerpt-too-long",
                                    f"the pull-quote's excerpt has {words} words; at most {most}"))
        byline = paragraphs[1].removeprefix(BYLINE_DASH).strip() if len(paragraphs) > 1 else ""
        quotes = [q for q in expected.quotes.values() if normalise(q.attribution).casefold() == byline.casefold()]
        if expected.quotes and not quotes:
            findings.append(Finding(file, frame.where, "deck.excerpt-unfaithful",
                                    f"the byline '{byline}' names no one the release quotes"))
            continue
        full = [normalise(q.text) for q in quotes if q.text]
        differences = [excerpt_difference(excerpt, text) for text in full]
        if full and all(differences):
            reason = differences[0][0] if differences[0] else ""
            findings.append(Finding(file, frame.where, "deck.excerpt-unfaithful",
                                    f"not a faithful excerpt of the quote of {byline}: it {reason}"))
    return findings


def _unquoted(text: str, names: dict[str, str]) -> str:
    """An excerpt without the quotation marks it is set in (the labels', else any)."""
    opening, closing = normalise(names.get("quote_open", "")), normalise(names.get("quote_close", ""))
    if opening and closing:
        text = text.removeprefix(opening).removesuffix(closing)
    else:
        text = text.lstrip(QUOTE_MARKS).rstrip(QUOTE_MARKS)
    return text.strip()


def _excerpt_limit(language: str) -> int:
    """The most words of a pull-quote in ``language`` (English's where the language is unknown)."""
    from publisher.briefing import word_limits
    from publisher.errors import ContentError

    try:
        return word_limits(language or "en")[1]
    except (ContentError, ValueError):
        return word_limits("en")[1]
