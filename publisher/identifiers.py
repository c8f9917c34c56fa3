"""Numbers in prose that are not quantities: names, codes, references, phone numbers, times.

The content format keeps every quantity in the figure registry, so that it reads the same
in every output. But most numbers in a release count nothing: "COVID-19", "Section 508",
"Executive Order 13166", "I-95", "call 555-014-2200", "at 10 a.m.", "Case No.
1:23-cr-00456". Such a number is part of an *identifier* and is written as typed. This
module reads a prose text and tells the two apart, without any markup:

A **quantity** counts or measures something and must be a figure: a number with a currency
symbol ("$5"), thousands separators ("3,337"), a percent sign or word, a scale word or
abbreviation ("44 million", "44M"), a measure ("6 months", "10mg"), or a qualifier before it
("nearly 300"). These are refused wherever they stand, beside an identifier word too:
"Section 3,337 arrests" is a quantity.

An **identifier** is written as typed; it is recognised by its shape:

- ``web``: a web or email address, a social handle (digits or not);
- ``phone``: a phone number ("555-014-2200", "(555) 014-2200", "+44 20 7946 0958", "9-1-1",
  or a short number after a phone word: "call 211", "text 741741");
- ``time``: a time of day ("10 a.m.", "5:30 p.m.", "14:00", "9 a.m.-5 p.m.");
- ``address``: a house number before a street name and type ("1200 Main Street"), a postal
  code after a region ("IL 62701");
- ``citation``: a law citation ("42 U.S.C. 1983");
- ``series``: a number after a word that names a series ("Section 508", "Title 21",
  "Executive Order 13166", "Case No. 1:23-cr-00456", "Room 2B"; a plural series word takes
  several: "Sections 3 and 4");
- ``code``: digits joined to letters or inside a code ("COVID-19", "I-95", "H1N1",
  "1:23-cr-00456", "3.1.2"), and fixed expressions ("24/7", "9/11");
- ``ordinal``: "19th", "1st";
- ``year``: a year standing alone ("in 2019", "the 2024-25 season", "the 1990s").

A bare number in a series-word or year shape is not waved through when a measure or one of
the release's own figure units follows it ("Section 3337 arrests", "2024 doses"): that is
read as *unclear*. So is any other number that is neither: "Apollo 11", "3 districts". An
unclear number is refused with both ways out: register the quantity, or mark the text as
written with backticks, the **literal markup**: ```Apollo 11```. Literal text is written as
typed, without its backticks, in every output; it may not hold a reference, nor a quantity
form (currency, separators, percent, scale words). A date ("May 5, 2023", "5/5/2023") is
refused too: dates live under ``dates`` and are cited as ``{key}``.

The words around the numbers come from a :class:`~publisher.vocabulary.Vocabulary`, one per
language (data); the shapes are here. Everything is pure: text in, spans out.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from publisher.vocabulary import FALLBACK, Vocabulary, for_language

LITERAL_MARK = "`"  #: opens and closes literal text
#: An identifier up to this long is never broken across lines; a longer one keeps each word
#: with digits joined to the word before it.
KEEP_WHOLE = 24
CONTEXT_WORDS = 3  #: words on each side of an identifier that locate it in an output
NBSP = "\u00a0"
WORD_JOINER = "\u2060"  #: invisible, zero-width, and no line breaks on either side of it

_REFERENCE = re.compile(r"\{[^{}]*\}")
_BREAKABLE = re.compile(r"(?<=\w[-/])(?=\w)")  #: after a hyphen or slash inside a word
_LITERAL = re.compile(r"`([^`]*)`")
_MASK = "\x00"  #: stands in for references and literal text while the rest is read
_TLDS = "gov|org|com|net|edu|mil|us|int|info|io|uk|ca|eu"


@dataclass(frozen=True)
class Identifier:
    """Text with digits (or literal text) written as typed: its span in the source, how it
    reads in every output (``text``: literal text without its backticks) and its kind."""

    start: int
    end: int
    text: str
    kind: str  #: web, phone, time, address, citation, series, code, ordinal, year, literal


@dataclass(frozen=True)
class Refused:
    """A span of prose that may not stand as typed, and why."""

    start: int
    end: int
    text: str
    kind: str  #: quantity (must be a figure), unclear (a figure or literal text), date, markup
    reason: str


@dataclass(frozen=True)
class Reading:
    identifiers: tuple[Identifier, ...]
    refused: tuple[Refused, ...]


# --- patterns -------------------------------------------------------------------------------

def _words(words: Iterable[str]) -> str:
    """An alternation of ``words``, longest first, each also with a small first letter."""
    variants: set[str] = set()
    for word in words:
        variants.add(word)
        if len(word) > 1 and word[0].isupper() and word[1].islower():
            variants.add(" ".join(w[0].lower() + w[1:] if w[:1].isupper() and w[1:2].islower() else w
                                  for w in word.split(" ")))
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(variants, key=len, reverse=True))


_START = r"(?<![\w$€£@#&/:.,'’-])"  #: not glued to what precedes
_END = r"(?![\w%@'’]|[-/:.,]\w)"  #: not glued to what follows
_ATOM = r"[A-Za-z0-9]+"
_TOKEN = rf"{_ATOM}(?:[-‐‑/:.]{_ATOM})*(?:\([A-Za-z0-9]{{1,4}}\))*"
_NUMBER = rf"(?:[A-Z]{{1,4}}[-.]?)?\d+[A-Za-z]{{0,2}}(?:[-.:/]{_ATOM})*(?:\([A-Za-z0-9]{{1,4}}\))*(?!,\d)"


@dataclass(frozen=True)
class _Patterns:
    web: re.Pattern
    date: re.Pattern
    citation: re.Pattern
    phone: re.Pattern
    short_phone: re.Pattern  #: a short number after a phone word ("call 211"): group 'number'
    time: re.Pattern
    address: re.Pattern
    series: re.Pattern
    idiom: re.Pattern
    year: re.Pattern
    token: re.Pattern
    digits: re.Pattern
    before: re.Pattern  #: a qualifier or currency symbol right before a number
    after: re.Pattern  #: what makes the number before it a quantity (or unclear)
    ordinal: re.Pattern
    glued_quantity: re.Pattern
    hyphen_word: re.Pattern
    definite: re.Pattern  #: a quantity by its typography alone


@lru_cache(maxsize=8)
def _patterns(v: Vocabulary) -> _Patterns:
    month = _words(v.months)
    hour = r"(?:[01]?\d|2[0-3])(?::[0-5]\d)?"
    suffix = "|".join(re.escape(s) for s in sorted(v.time_suffixes, key=len, reverse=True))
    series = _words(v.series)
    plural = _words(v.series_plural)
    signs = "|".join(re.escape(s) for s in v.number_signs)
    joiner = "|".join(re.escape(j) for j in v.joiners)
    name_word = r"(?:[A-Z][A-Za-z'’.-]*|\d+(?:" + "|".join(v.ordinal_suffixes) + "))"
    directions = "|".join(re.escape(d) for d in sorted(v.directions, key=len, reverse=True))
    streets = "|".join(re.escape(s) for s in sorted(v.street_types, key=len, reverse=True))
    scale_words = "|".join(v.scales)
    return _Patterns(
        web=re.compile(
            r"(?:https?://|www\.)[^\s<>\"'`]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|(?<![\w.])@[A-Za-z0-9_]{1,30}"
            rf"|(?<![\w@./-])[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.(?:{_TLDS})(?:/\S*)?(?![\w])"),
        date=re.compile(
            rf"{_START}(?:(?:{month})\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?"
            rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{month})(?:,?\s+\d{{4}})?"
            rf"|(?:{month}),?\s+\d{{4}}"
            r"|\d{1,2}/\d{1,2}/\d{2,4}|\d{4}-\d{2}-\d{2}|\d{1,2}-\d{1,2}-\d{4})" + _END),
        citation=re.compile(
            rf"{_START}\d{{1,3}}\s+(?:{'|'.join(re.escape(c) for c in v.citation_codes)})"
            rf"(?:\s*§{{1,2}}\s*|\s+)\d+[A-Za-z]*(?:[-.]\w+)*(?:\([A-Za-z0-9]{{1,4}}\))*{_END}"),
        phone=re.compile(
            r"(?<![\w+-])(?:\+?1[-.\s])?(?:\(\d{3}\)\s?\d{3}[-.\s]|\d{3}(?P<sep>[-.\s])\d{3}(?P=sep))\d{4}"
            r"(?:,?\s?(?:ext\.?|x)\s?\d{1,5})?(?![\w-]|[.,]\d)"
            r"|(?<![\w+-])\+\d{1,3}(?:[\s.-]\(?\d{1,4}\)?){2,5}(?![\w-]|[.,]\d)"
            r"|(?<![\w-])(?:[2-9]-1-1|9-8-8)(?![\w-])"
            r"|(?<![\w-])\d{3}-\d{4}(?![\w-]|[.,]\d)", re.IGNORECASE),
        short_phone=re.compile(rf"\b(?:{_words(v.phone_words)})(?:\s+or\s+\w+)?:?\s+(?P<number>\d{{3,6}})(?![\w-]|[.,]\d)",
                               re.IGNORECASE),
        time=re.compile(
            rf"{_START}{hour}(?:\s?(?:{suffix}))?(?:\s?(?:[-–]|to)\s?{hour})?\s?(?:{suffix})(?![\w])"
            rf"|{_START}(?:[01]?\d|2[0-3]):[0-5]\d(?:\s?[-–]\s?(?:[01]?\d|2[0-3]):[0-5]\d)?{_END}"),
        address=re.compile(
            rf"{_START}\d{{1,6}}[A-Z]?(?:-\d{{1,6}})?\s+(?:(?:{directions})\s+)?(?:{name_word}\s+){{1,3}}"
            rf"(?:{streets})(?:\s+(?:{directions}))?(?![\w])"
            rf"|\b(?:{'|'.join(v.postal_regions)})\s+\d{{5}}(?:-\d{{4}})?{_END}"),
        series=re.compile(
            rf"(?<![\w.])(?:(?P<plural>{plural})\s*(?:(?:{signs})\s*)?(?P<numbers>{_NUMBER}"
            rf"(?:(?:\s*,\s*|\s+(?:{joiner})\s+|\s?[–-]\s?){_NUMBER})*)"
            rf"|(?:(?:{series})\s*(?:(?:{signs})\s*)?|(?:{signs})\s*)(?P<number>{_NUMBER})){_END}"),
        idiom=re.compile(rf"{_START}(?:{'|'.join(re.escape(i) for i in v.idioms)}){_END}"),
        year=re.compile(r"(?<![\w$€£.,/:#&-])(?:(?:1[89]|20)\d\d(?:s|[-–/](?:(?:1[89]|20)\d\d|\d\d))?|['’]\d\ds?)"
                        r"(?![\w%]|[.,:/-]\d)"),
        token=re.compile(rf"(?<![A-Za-z0-9$€£@#&/:.,'’-]){_TOKEN}"),
        digits=re.compile(r"\d+(?:[,.]\d+)*"),
        before=re.compile(rf"(?:(?:\b(?:{_words(v.qualifiers)})\s+)|[$€£]\s?)$"),
        after=re.compile(r"^(?:\s*%|\s+(?P<word>[A-Za-z][A-Za-z-]*))"),
        ordinal=re.compile(rf"^\d+(?:{'|'.join(v.ordinal_suffixes)})$"),
        glued_quantity=re.compile(
            rf"^\d+(?:\.\d+)?(?:{'|'.join(map(re.escape, v.scale_abbreviations + v.measure_abbreviations))})$"),
        hyphen_word=re.compile(r"^\d+(?:\.\d+)?-(?P<word>[A-Za-z]+)(?:-[A-Za-z]+)*$"),
        definite=re.compile(
            rf"[$€£]\s?\d|\d{{1,3}}(?:,\d{{3}})+(?!\d)|\d\s?%|\d\s+(?:{'|'.join(v.percent_words)})\b"
            rf"|\d\s+(?:{scale_words})\b", re.IGNORECASE),
    )


# --- reading --------------------------------------------------------------------------------

def literal_spans(text: str) -> list[tuple[int, int]]:
    """The spans of literal text, backticks included (a lone backtick opens nothing)."""
    return [m.span() for m in _LITERAL.finditer(text)]


def _masked(text: str) -> str:
    """``text`` with references and literal text blanked out, offsets kept."""
    def blank(match: re.Match) -> str:
        return _MASK * len(match.group())
    return _LITERAL.sub(blank, _REFERENCE.sub(blank, text))


def read(text: str, vocabulary: Vocabulary | None = None, units: frozenset[str] = frozenset()) -> Reading:
    """Every identifier of prose ``text`` and every span that may not stand as typed.

    ``units`` are the words of the release's own figure units ("arrests"): a bare number
    before one is not an identifier. References (``{key}``) are left alone."""
    return _read(text, vocabulary or for_language(FALLBACK), frozenset(u.lower() for u in units))


@lru_cache(maxsize=4096)
def _read(text: str, vocabulary: Vocabulary, units: frozenset[str]) -> Reading:
    p = _patterns(vocabulary)
    found: list[Identifier] = []
    refused: list[Refused] = []
    _literals(text, vocabulary, found, refused)
    masked = _masked(text)
    taken = [(i.start, i.end) for i in found] + [(r.start, r.end) for r in refused]

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in taken)

    def claim(span: tuple[int, int], kind: str) -> None:
        taken.append(span)
        found.append(Identifier(*span, text[span[0]:span[1]], kind))

    for match in p.web.finditer(masked):
        start, end = match.start(), match.start() + len(match.group().rstrip(".,;:!?)]'’\""))
        if free(start, end):
            claim((start, end), "web")
    for match in p.date.finditer(masked):
        if free(*match.span()):
            taken.append(match.span())
            refused.append(Refused(*match.span(), match.group(), "date", "a date"))
    for kind in ("citation", "phone", "time", "address"):
        for match in getattr(p, kind).finditer(masked):
            if free(*match.span()):
                claim(match.span(), kind)
    for match in p.short_phone.finditer(masked):
        if free(*match.span("number")):
            claim(match.span("number"), "phone")
    for match in p.series.finditer(masked):
        end = match.end()
        if free(match.start(), end) and not _quantity_after(masked, end, p, vocabulary, units):
            claim((match.start(), end), "series")
    for match in p.idiom.finditer(masked):
        if free(*match.span()):
            claim(match.span(), "code")
    for match in p.year.finditer(masked):
        if free(*match.span()) and not p.before.search(masked[:match.start()]) \
                and not _quantity_after(masked, match.end(), p, vocabulary, units):
            claim(match.span(), "year")
    for match in p.token.finditer(masked):
        word = match.group()
        if not any(ch.isdigit() for ch in word) or not free(*match.span()):
            continue
        token_kind = _token_kind(word, p, vocabulary, units)
        if token_kind in ("quantity", "unclear"):
            reason = "a quantity" if token_kind == "quantity" else "a measure"
            taken.append(match.span())
            refused.append(Refused(*match.span(), word, token_kind, reason))
        elif token_kind:
            claim(match.span(), token_kind)
    rest = masked
    for start, end in taken:
        rest = rest[:start] + _MASK * (end - start) + rest[end:]
    for match in p.digits.finditer(rest):  # every digit no span took: each is refused
        number_kind, reason = _bare_number(masked, match, p, vocabulary, units)
        refused.append(Refused(*match.span(), match.group(), number_kind, reason))
    return Reading(tuple(sorted(found, key=lambda i: i.start)), tuple(sorted(refused, key=lambda r: r.start)))


def _literals(text: str, vocabulary: Vocabulary, found: list[Identifier], refused: list[Refused]) -> None:
    """Literal text is an identifier, unless it is empty, holds a reference, or takes part in
    a quantity form read with the backticks left out ('`44` million', '$`5`', '`3`,`337`')."""
    quantities = _quantities_across_marks(text, _patterns(vocabulary).definite)
    for start, end in literal_spans(text):
        inner = text[start + 1:end - 1]
        quantity = next((q for s, e, q in quantities if s < end - 1 and e > start + 1), None)
        if not inner.strip():
            refused.append(Refused(start, end, text[start:end], "markup", "empty literal text"))
        elif "{" in inner or "}" in inner:
            refused.append(Refused(start, end, text[start:end], "markup",
                                   "a reference {key} cannot stand inside literal text"))
        elif quantity is not None:
            refused.append(Refused(start, end, text[start:end], "markup", f"literal text holds a quantity ('{quantity}')"))
        else:
            found.append(Identifier(start, end, inner, "literal"))
    outside = _LITERAL.sub(lambda m: _MASK * len(m.group()), text)
    lone = outside.find(LITERAL_MARK)
    if lone >= 0:
        refused.append(Refused(lone, lone + 1, LITERAL_MARK, "markup", "a backtick opens literal text that never closes"))


def _quantities_across_marks(text: str, definite: re.Pattern) -> list[tuple[int, int, str]]:
    """(start, end, text) in ``text`` of each quantity form, read with the backticks left out."""
    if LITERAL_MARK not in text:
        return []
    kept = [i for i, ch in enumerate(text) if ch != LITERAL_MARK]
    plain = "".join(text[i] for i in kept)
    found = []
    for match in definite.finditer(plain):
        start = match.start()
        while start and (plain[start - 1].isdigit() or (plain[start - 1] in ",." and plain[start - 2:start - 1].isdigit())):
            start -= 1  # the whole number, not its last digit ('44 million', not '4 million')
        found.append((kept[start], kept[match.end() - 1] + 1, plain[start:match.end()]))
    return found


def _next_word(masked: str, end: int, p: _Patterns) -> str | None:
    """'%' or the word right after ``end`` (lower case), if one follows after a space."""
    match = p.after.match(masked[end:])
    if not match:
        return None
    return "%" if match["word"] is None else match["word"].lower()


def _quantity_after(masked: str, end: int, p: _Patterns, v: Vocabulary, units: frozenset[str]) -> bool:
    """Whether the number ending at ``end`` is followed by what counts or measures."""
    word = _next_word(masked, end, p)
    return word is not None and (word == "%" or word in v.scales or word in v.percent_words
                                 or word in v.measures or _is_unit(word, units))


def _is_unit(word: str, units: frozenset[str]) -> bool:
    return word in units or word + "s" in units or (word.endswith("s") and word[:-1] in units)


def _token_kind(word: str, p: _Patterns, v: Vocabulary, units: frozenset[str]) -> str | None:
    """What a word with digits is: ordinal, code, time, a quantity (glued unit), unclear, or
    None (a plain number, read with its context)."""
    if p.ordinal.match(word):
        return "ordinal"
    if p.glued_quantity.match(word):
        return "quantity"
    hyphened = p.hyphen_word.match(word)
    if hyphened:
        glued = hyphened["word"].lower()
        if _is_unit(glued, units):
            return "quantity"
        if glued in v.measures:
            return "unclear"
        return "code"
    if any(ch.isalpha() for ch in word):
        return "code"
    if re.fullmatch(r"\d+(?:\.\d+){2,}|\d+(?::\d+)+", word):
        return "code"
    if re.fullmatch(r"\d+(?:[-/]\d+)+", word):
        return "unclear"
    return None


def _bare_number(masked: str, match: re.Match, p: _Patterns, v: Vocabulary,
                 units: frozenset[str]) -> tuple[str, str]:
    """(kind, reason) of a number no identifier shape took."""
    number = match.group()
    if p.before.search(masked[:match.start()]):
        return "quantity", "a quantity"
    if p.definite.match(number) or p.definite.match(masked[match.start():match.end() + 12]):
        return "quantity", "a quantity"
    word = _next_word(masked, match.end(), p)
    if word is not None and (word == "%" or word in v.scales or word in v.percent_words):
        return "quantity", "a quantity"
    if word is not None and (word in v.measures or _is_unit(word, units)):
        return "unclear", f"a quantity of {word}, it seems"
    return "unclear", "a number"


# --- what the loader says -------------------------------------------------------------------

def explain(refused: Refused, text: str) -> str:
    """The message for a span that may not stand as typed, with the text around it."""
    excerpt = _excerpt(text, refused.start, refused.end)
    if refused.kind == "markup":
        return f"{refused.reason} ('{excerpt}'); literal text is written `like this`"
    if refused.kind == "date":
        return (f"date '{refused.text}' typed into prose ('{excerpt}'); register it under 'dates' "
                "and cite it as {key}")
    register = "register it under 'figures' and cite it as {key}"
    if refused.kind == "quantity":
        return f"number '{refused.text}' typed into prose ('{excerpt}') is {refused.reason}; {register}"
    return (f"number '{refused.text}' typed into prose ('{excerpt}'): if it counts or measures something, "
            f"{register}; if it is part of a name or code, mark it as written: {suggest_literal(text, refused)}")


def suggest_literal(text: str, refused: Refused) -> str:
    """The literal markup for an unclear number: with the capitalised words before it ('`Apollo 11`')."""
    start, end = literal_span(text, refused)
    return f"`{text[start:end]}`"


def literal_span(text: str, refused: Refused) -> tuple[int, int]:
    """The span literal markup should enclose for an unclear number: the word it stands in,
    with up to two capitalised words before it (not the first word of a sentence)."""
    start = refused.start
    for words in (2, 1):
        before = re.search(rf"(?<![\w'’.-])(?:[A-Z][\w'’.-]*\s+){{{words}}}$", text[:refused.start])
        if before and text[:before.start()].rstrip()[-1:] not in ("", ".", "!", "?", ":"):
            start = before.start()
            break
    word_end = re.match(r"[^\s{}`]*", text[refused.end:])
    end = refused.end + len(word_end.group().rstrip(".,;:!?)”’\"'")) if word_end else refused.end
    return start, end


def _excerpt(text: str, start: int, end: int) -> str:
    left = text.rfind(" ", 0, max(0, start - 12)) + 1
    right = text.find(" ", end + 12)
    snippet = text[left:right if right >= 0 else len(text)].strip()
    return ("..." if left > 0 else "") + snippet + ("..." if right >= 0 else "")


# --- outputs --------------------------------------------------------------------------------

def hold(text: str, joiner: str = "") -> str:
    """An identifier's text as a line breaker must take it: no-break spaces inside, so that
    it is never broken across lines; one longer than :data:`KEEP_WHOLE` keeps each word with
    digits joined to the word before it, and may break elsewhere. Line breakers that break
    after a hyphen or a slash inside a word (LibreOffice, even before a digit) get ``joiner``
    (:data:`WORD_JOINER`) after each one: the text keeps its own characters, in the font it
    is set in, and only the break is taken away."""
    if joiner:
        text = _BREAKABLE.sub(joiner, text)
    if len(text) <= KEEP_WHOLE:
        return text.replace(" ", NBSP)
    words = text.split(" ")
    out = words[0]
    for word in words[1:]:
        out += (NBSP if any(ch.isdigit() for ch in word) else " ") + word
    return out


@dataclass(frozen=True)
class Anchored:
    """An identifier an output must reproduce exactly, with the words around it in its field
    (resolved, as outputs show them): an output that shows those words must show it between them."""

    text: str
    field: str
    before: str
    after: str

    def as_dict(self) -> dict[str, str]:
        return dict(self.__dict__)


def anchored(fields: Iterable[tuple[str, str]], resolve: Callable[[str], str], vocabulary: Vocabulary | None = None,
             units: frozenset[str] = frozenset()) -> list[Anchored]:
    """Every identifier of the prose ``fields`` ((name, text) pairs), located by its context."""
    out = []
    for name, text in fields:
        found = read(text, vocabulary, units).identifiers
        for index, one in enumerate(found):  # context stops at the next identifier: it locates nothing
            start = found[index - 1].end if index else 0
            end = found[index + 1].start if index + 1 < len(found) else len(text)
            before = resolve(text[start:one.start]).split()[-CONTEXT_WORDS:]
            after = resolve(text[one.end:end]).split()[:CONTEXT_WORDS]
            out.append(Anchored(one.text, name, " ".join(before), " ".join(after)))
    return out


def spans_in(text: str, vocabulary: Vocabulary | None = None) -> Iterator[Identifier]:
    """The identifiers of resolved text (an output's, where references are already words)."""
    yield from read(text, vocabulary).identifiers
