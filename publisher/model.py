"""The typed content model of a news release: no I/O, no styling.

A content file is one YAML mapping with these parts:

- ``release``: metadata (title, agency, date, contact, ...);
- ``dates``: named dates, months and periods that prose refers to as ``{key}``;
- ``figures``: the figure registry, each quantity typed once and referred to as ``{key}``;
- ``lists``: named lists (platforms, partners, ...);
- ``quotes``: named quotes with speaker, role and organisation;
- ``sections``: the body, in reading order; each block is a paragraph (a string),
  ``{quote: key}`` or ``{list: key}``;
- ``links``: related links.

Every text field that is prose may hold references. A quantity typed straight into prose is
rejected by the loader (it would escape the registry); numbers that are part of a name, a
code, a phone number, an address or a time stand as typed, and text in backticks
(literal markup) is written as typed (see :mod:`publisher.identifiers`).
"""
from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Annotated, Literal, get_args

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    StringConstraints,
    model_validator,
)

from publisher import limits

KEY_PATTERN = r"^[a-z][a-z0-9_]{0,63}$"
#: An http(s) address of the characters RFC 3986 allows (a "%" only as a percent-encoding),
#: so that the address printed and the link's target are always the same text.
URL_PATTERN = r"^https?://(?:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})+$"
LANGUAGE_PATTERN = r"^[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*$"
MONTH_PATTERN = r"^\d{4}-(0[1-9]|1[0-2])$"

#: The longest accepted values; layouts are tested at these limits.
MAX_TITLE = 200
MAX_HEADING = 120
MAX_LABEL = 80
MAX_PARAGRAPH = 4000
MAX_QUOTE = 2000
MAX_WORD = 40
#: A briefing's limits (DESIGN.md, briefing deck): points to make and lines to quote.
KEY_POINTS = (3, 5)
MAX_KEY_POINT_WORDS = 20
MAX_EXCERPT_WORDS = 30

Key = Annotated[str, StringConstraints(pattern=KEY_PATTERN)]

Qualifier = Literal[
    "exact",
    "nearly",
    "almost",
    "about",
    "approximately",
    "more than",
    "over",
    "at least",
    "up to",
    "less than",
    "fewer than",
]
QUALIFIERS: tuple[str, ...] = get_args(Qualifier)


def _no_long_words(text: str) -> str:
    for word in re.sub(r"\{[^{}]*\}", " ", text).split():  # a {key} is replaced by a figure's words
        if len(word) > MAX_WORD and not word.startswith(("http://", "https://")):
            raise ValueError(
                f"word of {len(word)} characters ({word[:20]}...); at most {MAX_WORD} fit a line"
            )
    return text


_Words = AfterValidator(_no_long_words)
Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_TITLE), _Words]
Heading = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_HEADING), _Words]
Label = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_LABEL), _Words]
Paragraph = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_PARAGRAPH), _Words]
QuoteText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_QUOTE), _Words]
Short = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200), _Words]
KeyPoint = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300), _Words]
Excerpt = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=400), _Words]


Url = Annotated[str, StringConstraints(pattern=URL_PATTERN, max_length=limits.URL.maximum)]

CURRENCY_CODES = ("USD", "EUR", "GBP", "CAD")
_SCALE_WORDS = re.compile(r"\b(?:hundred|thousand|million|billion|trillion|quadrillion|mn|bn|mln|bln|tn"
                          r"|millón|millones|billón|billones|milliard|millier)s?\b", re.IGNORECASE)


def _unit(text: str) -> str:
    """A unit says what is counted: the number, its scale and its currency are the figure's value."""
    if text in CURRENCY_CODES:
        return text
    if any(ch.isdigit() for ch in text):
        raise ValueError(f"a unit holds no digits ('{text}'); the number belongs in 'value'")
    scale = _SCALE_WORDS.search(text)
    if scale:
        raise ValueError(f"a unit holds no scale word ('{scale.group()}'); write the whole number in 'value' "
                         "(12000000 for 12 million), and publisher writes the scale")
    if any(ch in text for ch in "$€£¥"):
        raise ValueError(f"money takes a currency code as its unit ({', '.join(CURRENCY_CODES)}), not a symbol")
    return text


def _decimal(value: object) -> object:
    if isinstance(value, bool):
        raise ValueError("a figure's value is a number, not true/false")
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, int):
        return Decimal(value)
    return value


class Strict(BaseModel):
    """Base of every content class: unknown keys are errors, instances are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Contact(Strict):
    """The press contact."""

    office: Short = Field(description="Who answers press questions.")
    phone: Annotated[str, StringConstraints(pattern=r"^\+?[0-9][0-9 ().-]{6,24}$")] = Field(
        description="Digits with spaces, dashes, dots or brackets.")
    email: Annotated[str, StringConstraints(pattern=r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$")] | None = None


class Metadata(Strict):
    """Who issues the release, when, and how to reach them."""

    title: Title = Field(description="The headline; the document title of every output.")
    subtitle: Title | None = Field(None, description="The deck line under the headline.")
    agency: Short = Field(description="The issuing agency; the author of every output.")
    office: Short = Field(description="The issuing office, e.g. 'Office of Public Affairs'.")
    leader: Short | None = Field(None, description="Head of the agency, as printed on the masthead.")
    date: dt.date = Field(description="Release date, YYYY-MM-DD.")
    dateline: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=60)] = Field(
        description="The city that opens the first paragraph: 'WASHINGTON'.")
    release_type: Short = Field("For immediate release", description="Embargo line.")
    contact: Contact = Field(description="The press contact.")
    website: Url = Field(description="The agency's website, with https://; characters outside RFC 3986 "
                         "percent-encoded (a space is %20).")
    social: Annotated[str, StringConstraints(pattern=r"^@[A-Za-z0-9_]{1,30}$")] | None = Field(
        None, description="Social media handle, '@' included.")
    language: Annotated[str, StringConstraints(pattern=LANGUAGE_PATTERN)] = Field(
        "en-US", description="BCP 47 language tag, declared in every output.")
    summary: Paragraph = Field(description="Two or three sentences for the fact sheet and deck.")
    keywords: list[Short] = Field(default_factory=list, max_length=limits.KEYWORDS.maximum,
                                  description="Document keywords (deck and PDF properties).")
    theme: Annotated[str, StringConstraints(min_length=1, max_length=200)] | None = Field(
        None, description="A theme file: beside the content file, in the project's assets/ folder, or one "
        "of publisher's own (default: the project's assets/theme.yaml, else publisher's).")


class Figure(Strict):
    """One quantity of the release, typed once and shown identically everywhere."""

    value: Annotated[Decimal, BeforeValidator(_decimal), Field(ge=0, le=limits.MAX_FIGURE_VALUE)] = Field(
        description="The exact value: digits only, no separators; at most two decimals; at most "
                    "999,999,999,999,999.99 (15 digits before the point).")
    unit: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=60),
                    AfterValidator(_no_long_words), AfterValidator(_unit)] = (
        Field(description="What is counted, plural ('arrests', 'pounds of fentanyl powder'), "
              "or a currency code (USD, EUR, GBP, CAD) for money; no digits and no scale words.")
    )
    qualifier: Qualifier = Field("exact", description="Opens the display text: 'nearly 44 million ...'.")
    label: Label = Field(description="A short caption for tables and tiles.")
    group: Label | None = Field(None, description="Figures of one group are shown together.")
    source: Annotated[str, StringConstraints(strip_whitespace=True, max_length=300)] | None = Field(
        None, description="Where the figure comes from (shown on the fact sheet).")

    #: The language its unit and label are in: the release's, set when the release is made.
    _language: str = PrivateAttr("en-US")

    @property
    def language(self) -> str:
        """The BCP 47 tag of the release this figure belongs to: its text is written by that language's rules."""
        return self._language

    def in_language(self, language: str) -> Figure:
        """This figure as a release in ``language`` holds it (the same object, told its language)."""
        self._language = language
        return self

    @model_validator(mode="after")
    def _value_fits_unit(self) -> Figure:
        exponent = self.value.as_tuple().exponent
        if self.value != self.value.to_integral_value() and isinstance(exponent, int) and exponent < -2:
            raise ValueError("a figure's value has at most two decimal places")
        return self


Month = Annotated[str, StringConstraints(pattern=MONTH_PATTERN)]


class Period(Strict):
    """A span of days, shown 'May 1, 2022 through May 1, 2023'."""

    start: dt.date = Field(description="First day, YYYY-MM-DD.")
    end: dt.date = Field(description="Last day, YYYY-MM-DD.")

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.end < self.start:
            raise ValueError(f"the period ends ({self.end}) before it starts ({self.start})")
        return self


DateValue = dt.date | Period | Month


class NamedList(Strict):
    """A list a section shows with `{list: key}`: platforms, partners, services."""

    title: Heading = Field(description="Says what the items are.")
    items: list[Short] = Field(min_length=1, max_length=limits.LIST_ITEMS.maximum, description="One line each.")


class Quote(Strict):
    """A quotation a section shows with `{quote: key}`; attributed as 'Honorific Speaker, Role, Organisation'."""

    text: QuoteText = Field(description="The words, without quotation marks.")
    speaker: Short = Field(description="The person's name.")
    honorific: Short | None = Field(None, description="Printed before the name: 'Sheriff', 'Administrator'.")
    role: Short | None = Field(None, description="Their position: 'President'.")
    organisation: Short | None = Field(None, description="Who they speak for.")
    featured: bool = Field(False, description="Prefer this quote where space allows only a few.")


class QuoteBlock(Strict):
    """A block showing a quote."""

    quote: Key = Field(description="A key under `quotes`.")


class ListBlock(Strict):
    """A block showing a named list."""

    list: Key = Field(description="A key under `lists`.")


Block = Paragraph | QuoteBlock | ListBlock


class Section(Strict):
    """A part of the body. Blocks are paragraphs (text), `{quote: key}` or `{list: key}`."""

    heading: Heading | None = Field(None, description="Omit for a section without a heading.")
    blocks: list[Block] = Field(default_factory=list, max_length=limits.BLOCKS.maximum, description=(
        "In reading order. Prose cites figures and dates as {key}; a number that is part of a name or code "
        "(COVID-19, Section 508, 555-014-2200, 10 a.m.) stands as typed, and text in backticks "
        "(`Apollo 11`) is written as typed, without them."))


class Link(Strict):
    text: Short = Field(description="Descriptive link text, never a bare address or 'click here'.")
    url: Url = Field(description="An http(s) address; characters outside RFC 3986 percent-encoded.")


class Briefing(Strict):
    """What a ten-minute briefing says: the points to make and the lines to quote.

    Both parts are optional; what is left out comes from the release (see
    :func:`publisher.briefing.briefing_for`). Words are counted as the reader sees them,
    a cited figure by the words of its text.
    """

    key_points: Annotated[list[KeyPoint], Field(min_length=KEY_POINTS[0], max_length=KEY_POINTS[1])] | None = Field(
        None, description=f"{KEY_POINTS[0]} to {KEY_POINTS[1]} short sentences of at most {MAX_KEY_POINT_WORDS} "
        "words each, the points to make; prose like any other, citing figures as {key}. "
        "Default: the sentences of the summary that are short enough.")
    excerpts: dict[Key, Excerpt] = Field(default_factory=dict, description=(
        f"Quote key -> a pull-quote of at most {MAX_EXCERPT_WORDS} words: the quote's own words in order, "
        "left-out words marked with an ellipsis ('...' or '…'), nothing added or changed. Only the first "
        "letter after a cut may change case; punctuation next to a cut may be dropped; straight and "
        "typographic quotation marks and apostrophes are the same. An excerpt that starts or ends inside "
        "a sentence of the quote starts or ends with an ellipsis. Default: the quote's first sentence, "
        f"cut at a clause with an ellipsis when it is longer than {MAX_EXCERPT_WORDS} words."))


class Release(Strict):
    """A whole news release: the one input of every output format."""

    release: Metadata = Field(description="Who, when, how to reach them.")
    dates: dict[Key, DateValue] = Field(default_factory=dict, max_length=limits.DATES.maximum, description=(
        "Named dates prose cites as {key}: a date (YYYY-MM-DD), a month (YYYY-MM) or a Period. "
        "{release_date} is always available."))
    figures: dict[Key, Figure] = Field(default_factory=dict, max_length=limits.FIGURES.maximum,
                                       description="The figure registry; prose cites each as {key}.")
    lists: dict[Key, NamedList] = Field(default_factory=dict, max_length=limits.LISTS.maximum, description="Named lists.")
    quotes: dict[Key, Quote] = Field(default_factory=dict, max_length=limits.QUOTES.maximum, description="Named quotes.")
    sections: list[Section] = Field(min_length=1, max_length=limits.SECTIONS.maximum,
                                    description="The body, in reading order.")
    links: list[Link] = Field(default_factory=list, max_length=limits.LINKS.maximum, description="Related links.")
    briefing: Briefing | None = Field(None, description=(
        "The briefing deck's key points and pull-quotes; defaults come from the summary and the quotes."))

    #: Marked as a draft build (:func:`publisher.drafts.mark_draft`): its release line is the draft line.
    _draft: bool = PrivateAttr(False)

    @property
    def is_draft(self) -> bool:
        return self._draft

    def mark_as_draft(self) -> None:
        self._draft = True

    @model_validator(mode="after")
    def _figures_know_their_language(self) -> Release:
        for figure in self.figures.values():
            figure.in_language(self.release.language)
        return self

    @property
    def meta(self) -> Metadata:
        """Who issues the release, when, how to reach them: the content file's ``release:`` mapping."""
        return self.release

    @property
    def title(self) -> str:
        return self.release.title

    @property
    def language(self) -> str:
        return self.release.language

    def quotes_in_order(self) -> list[tuple[str, Quote]]:
        """Quotes in the order the body cites them, then any the body does not cite."""
        order = [b.quote for s in self.sections for b in s.blocks if isinstance(b, QuoteBlock)]
        order += [k for k in self.quotes if k not in order]
        return [(k, self.quotes[k]) for k in dict.fromkeys(order) if k in self.quotes]

    def figure_groups(self) -> list[tuple[str | None, list[tuple[str, Figure]]]]:
        """Figures grouped by their group, groups in order of first appearance."""
        groups: dict[str | None, list[tuple[str, Figure]]] = {}
        for key, fig in self.figures.items():
            groups.setdefault(fig.group, []).append((key, fig))
        return list(groups.items())


class ContactWords(Strict):
    """The press contact's words in a translation: the number and address stay the original's."""

    office: Short = Field(description="Who answers press questions, in the translation's language.")


class MetadataWords(Strict):
    """A translation's ``release:``: its language and the words of the original's metadata.

    The date, phone, email, social handle and theme are the original's; the website may be
    the agency's page in this language."""

    language: Annotated[str, StringConstraints(pattern=LANGUAGE_PATTERN)] = Field(
        description="BCP 47 tag of the translation (es-US); its figures and dates are written by this tag's rules.")
    title: Title
    subtitle: Title | None = None
    agency: Short
    office: Short
    leader: Short | None = None
    dateline: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=60)]
    release_type: Short
    contact: ContactWords
    website: Url | None = Field(None, description="The agency's website in this language (default: the original's).")
    summary: Paragraph
    keywords: list[Short] = Field(default_factory=list, max_length=limits.KEYWORDS.maximum)


class FigureWords(Strict):
    """The words around one figure in a translation; its value and qualifier are the original's."""

    unit: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=60),
                    AfterValidator(_no_long_words), AfterValidator(_unit)] | None = Field(
        None, description="What is counted, in this language; none for money (the currency code is the original's).")
    label: Label
    group: Label | None = None
    source: Annotated[str, StringConstraints(strip_whitespace=True, max_length=300)] | None = None


class QuoteWords(Strict):
    """A quote in a translation: the words, and the speaker's title as this language writes it."""

    text: QuoteText
    speaker: Short | None = Field(None, description="The name, when this language writes it otherwise (default: the original's).")
    honorific: Short | None = None
    role: Short | None = None
    organisation: Short | None = None


class LinkWords(Strict):
    text: Short
    url: Url | None = Field(None, description="The page in this language (default: the original's address).")


class Translation(Strict):
    """A companion file ``<slug>.<tag>.yaml``: the words of a release in another language.

    It mirrors the content file part for part, without what is never translated: figure
    values and qualifiers, dates, the phone number. Every part of the original must be there,
    citing the same figures and dates in each text."""

    release: MetadataWords
    figures: dict[Key, FigureWords] = Field(default_factory=dict, max_length=limits.FIGURES.maximum)
    lists: dict[Key, NamedList] = Field(default_factory=dict, max_length=limits.LISTS.maximum)
    quotes: dict[Key, QuoteWords] = Field(default_factory=dict, max_length=limits.QUOTES.maximum)
    sections: list[Section] = Field(min_length=1, max_length=limits.SECTIONS.maximum)
    links: list[LinkWords] = Field(default_factory=list, max_length=limits.LINKS.maximum)
    briefing: Briefing | None = None


REFERENCE = re.compile(r"\{([^{}]*)\}")

#: The limit each collection's length is held to (the key is the field's name).
COLLECTION_LIMITS: dict[str, limits.Limit] = {
    "sections": limits.SECTIONS, "blocks": limits.BLOCKS, "items": limits.LIST_ITEMS, "figures": limits.FIGURES,
    "dates": limits.DATES, "lists": limits.LISTS, "quotes": limits.QUOTES, "links": limits.LINKS,
    "keywords": limits.KEYWORDS,
}
