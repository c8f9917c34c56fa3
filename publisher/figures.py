"""Figures and dates as text: formatted in one place, parsed back, resolved in prose.

Every output shows a figure through :func:`figure_text`, so "nearly 44 million fentanyl
pills" reads the same in the deck, the PDFs, the text, HTML and braille. Each language is
written by its one formatter (:mod:`publisher.phrases`: CLDR's rules for the release's tag,
"casi 44 millones de píldoras de fentanilo" in es-US). In English:

- thousands separators ("6,500"); millions and billions in words when at most two
  decimals say them exactly ("44 million", "$1.25 billion"); never "44M" or "~44";
- money: the currency symbol before the number ("$100 million"), the unit being a
  currency code;
- the qualifier opens the text ("nearly", "more than"; "exact" adds nothing).

:func:`parse_figure_text` reads such a text back into (qualifier, value, unit).
"""
from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from publisher.identifiers import LITERAL_MARK, Identifier, hold, literal_spans, read
from publisher.memo import per_release
from publisher.model import QUALIFIERS, REFERENCE, Figure, Period, Release
from publisher.phrases import (
    CURRENCY_SYMBOLS,
    ENGLISH_CURRENCY_SYMBOLS,
    ENGLISH_SCALES,
    MONTHS,
    NBSP,
    FigureText,
    english_phrases,
    holdable_words,
    phrases_for,
)
from publisher.vocabulary import for_language

__all__ = ["CURRENCY_SYMBOLS", "MONTHS", "NBSP", "FigureText", "figure_parts", "figure_text", "date_text"]

SCALES = tuple((Decimal(10) ** power, word) for power, word in ENGLISH_SCALES.items())
DEFAULT_LANGUAGE = "en-US"


def format_number(value: Decimal, cents: bool = False) -> str:
    """'6,500', '44 million', '1.25 billion', '2.75' (English). Exact: parses back to the same value.

    With ``cents`` (money) a value below a million that is not whole has two decimals: '19.90'."""
    return english_phrases().number(value, cents)[0]


def figure_parts(figure: Figure, language: str | None = None) -> FigureText:
    """The parts of a figure's display text in ``language`` (default: its release's): ("casi",
    "44 millones", "de píldoras de fentanilo")."""
    return phrases_for(language or figure.language).figure_parts(figure)


def figure_text(figure: Figure, language: str | None = None) -> str:
    """The one display text of a figure in ``language`` (default: its release's): 'nearly 44 million
    fentanyl pills'."""
    return phrases_for(language or figure.language).figure_text(figure)


def figure_value(figure: Figure) -> str:
    """The figure as it follows its label, without the words the label already says:
    'Arrests: 3,337', 'Fentanyl powder seized: more than 6,500 pounds', 'Money seized: $100 million';
    in its language ('Fentanilo en polvo incautado: más de 6,500 libras').

    The unit goes when the label holds it ('Firearms seized' holds 'firearms'); a unit
    '<measure> of <thing>' (the language's word for "of": :attr:`PhraseData.measure_of`) keeps
    its measure when the label holds the thing. Words compare without case and a final 's'.
    Anything else keeps the whole text."""
    phrases = phrases_for(figure.language)
    parts = phrases.figure_parts(figure)
    if not parts.unit or figure.unit in ENGLISH_CURRENCY_SYMBOLS:
        return parts.text
    label = _word_stems(figure.label)
    if _holds(label, _word_stems(figure.unit)):
        return FigureText(parts.qualifier, parts.number, "").text
    of = f" {phrases.data.measure_of} " if phrases.data.measure_of else ""
    measure, found, thing = figure.unit.partition(of) if of else ("", "", "")
    if found and measure and _holds(label, _word_stems(thing)):
        return phrases.figure_parts(figure.model_copy(update={"unit": measure})).text
    return parts.text


def _word_stems(text: str) -> list[str]:
    return [word.removesuffix("s") for word in re.findall(r"[^\W_]+", text.lower())]


def _holds(words: list[str], run: list[str]) -> bool:
    """Whether ``run`` occurs in ``words`` as consecutive words."""
    return bool(run) and any(words[i:i + len(run)] == run for i in range(len(words) - len(run) + 1))


#: Words a title-case headline keeps in lower case unless they open it (articles, coordinating
#: conjunctions, short prepositions: the Chicago Manual's rule, as US federal style guides use it).
SMALL_WORDS = frozenset(
    "a an and as at but by en for from if in into nor of off on onto or over per so than the to up upon via vs "
    "with within yet".split())


def is_title_case(text: str) -> bool:
    """Whether a headline is written in title case: every word after the first that is not a small
    word starts with a capital letter, and there is at least one such word ('Take-Back Day Collects
    {pounds}' is; 'A year-long national operation' and a one-word 'Results' are not). References
    (``{key}``) and words without letters are left out of the judgement."""
    words = [w.strip("\"'“”‘’()[],.:;!?") for w in REFERENCE.sub(" ", text).split()]
    words = [w for w in words if any(ch.isalpha() for ch in w)]
    significant = [w for w in words[1:] if w.lower() not in SMALL_WORDS]
    return bool(significant) and all(_first_letter(w).isupper() for w in significant)


def _writes_title_case(language: str) -> bool:
    """Whether headlines in ``language`` may be in title case (English; others write sentence case)."""
    return language.split("-")[0].lower() == "en"


def _first_letter(word: str) -> str:
    return next((ch for ch in word if ch.isalpha()), "")


def title_case(text: str) -> str:
    """A figure's text as it reads inside a title-case headline: 'More than 6,500 Pounds of Fentanyl
    Powder'. Its first word and every word but the small ones take a capital (each part of a
    hyphenated word); numbers and symbols stay as they are."""
    words = text.split(" ")
    return " ".join(word if i and word.lower() in SMALL_WORDS else "-".join(_capitalised(p) for p in word.split("-"))
                    for i, word in enumerate(words))


def _capitalised(word: str) -> str:
    at = next((i for i, ch in enumerate(word) if ch.isalpha()), None)
    return word if at is None or any(ch.isdigit() for ch in word[:at]) else word[:at] + word[at].upper() + word[at + 1:]


_QUALIFIER_RE = "|".join(sorted((re.escape(q) for q in QUALIFIERS if q != "exact"), key=len, reverse=True))
_FIGURE_RE = re.compile(
    rf"^(?:(?P<qualifier>{_QUALIFIER_RE}) )?"
    r"(?P<symbol>[$€£])?(?P<digits>\d{1,3}(?:,\d{3})*(?:\.\d+)?)"
    r"(?: (?P<scale>million|billion|trillion))?"
    r"(?: (?P<unit>.+))?$"
)


def parse_figure_text(text: str) -> tuple[str, Decimal, str]:
    """Read a display text back: 'more than $100 million' -> ('more than', 100000000, 'USD')."""
    match = _FIGURE_RE.match(text)
    if not match:
        raise ValueError(f"not a figure's display text: {text!r}")
    value = Decimal(match["digits"].replace(",", ""))
    if match["scale"]:
        value *= dict((w, s) for s, w in SCALES)[match["scale"]]
    if match["symbol"]:
        unit = {v: k for k, v in CURRENCY_SYMBOLS.items()}[match["symbol"]]
        if match["unit"]:
            raise ValueError(f"money takes no unit after the number: {text!r}")
    else:
        unit = match["unit"] or ""
    return (match["qualifier"] or "exact", value, unit)


def date_text(value: dt.date | Period | str, language: str = DEFAULT_LANGUAGE) -> str:
    """'May 5, 2023'; a month '2023-04' -> 'April 2023'; a period -> 'May 1, 2022 through May 1, 2023'."""
    return phrases_for(language).date_text(value)


def unit_words(release: Release) -> frozenset[str]:
    """The words a release counts in (the first and last word of each figure's unit): a bare
    number before one of them reads as a quantity, not an identifier."""
    words: set[str] = set()
    for fig in release.figures.values():
        if fig.unit not in ENGLISH_CURRENCY_SYMBOLS:
            parts = fig.unit.lower().split()
            words.update((parts[0], parts[-1]))
    return frozenset(words)


def reference_texts(release: Release) -> dict[str, str]:
    """Every key prose may cite, with the text it stands for."""
    phrases = phrases_for(release.language)
    texts = {key: phrases.date_text(value) for key, value in release.dates.items()}
    texts["release_date"] = phrases.date_text(release.meta.date)
    texts.update((key, phrases.figure_text(fig)) for key, fig in release.figures.items())
    return texts


#: A figure or date up to this long is never broken across lines; a longer one keeps its
#: qualifier, number and first word together and lets the rest of its unit wrap, because
#: a narrow column (large print, a slide tile) could not hold it whole.
KEEP_WHOLE = 40


def hold_together(text: str, language: str = DEFAULT_LANGUAGE) -> str:
    """``text`` with no-break spaces where a line breaker must not break it."""
    if len(text) <= KEEP_WHOLE:
        return text.replace(" ", NBSP)
    words = text.split(" ")
    held = holdable_words(phrases_for(language), text)  # qualifier, number, scale word, first unit word
    return NBSP.join(words[:held]) + (" " + " ".join(words[held:]) if words[held:] else "")


class Resolver:
    """Replaces ``{key}`` in prose with the text of the figure or date it names, and literal
    text (```like this```) with its words, without the backticks.

    With ``keep_together`` the spaces inside each inserted text become no-break spaces
    (see :func:`hold_together`), and so do those inside each identifier of the prose
    ("Executive Order 13166", see :mod:`publisher.identifiers`), so that a line breaker
    never splits a figure or an identifier; renderers that wrap text themselves turn them
    back into spaces afterwards. :meth:`heading` resolves a headline, subtitle or heading: in
    a title-case one (English), figures take title case.
    """

    def __init__(self, release: Release, keep_together: bool = False, joiner: str = ""):
        self.texts, self.title_texts, self.units = _resolved_texts(release, keep_together)
        self.keep_together = keep_together
        self.joiner = joiner  #: put after hyphens and slashes in identifiers (see :func:`publisher.identifiers.hold`)
        self.language = release.language
        self.vocabulary = for_language(release.language)

    def pieces(self, text: str, texts: dict[str, str] | None = None) -> list[tuple[str, str | None]]:
        """``text`` resolved, in pieces: (text, the key of the reference it stands for, or None);
        ``texts``: what each key stands for (default: the figures' and dates' texts)."""
        texts = self.texts if texts is None else texts
        spans = [(m.start(), m.end(), texts[m.group(1).strip()], m.group(1).strip())
                 for m in REFERENCE.finditer(text)]
        if self.keep_together:
            spans += [(i.start, i.end, hold(i.text, self.joiner), None) for i in self.identifiers(text)]
        elif LITERAL_MARK in text:
            spans += [(start, end, text[start + 1:end - 1], None) for start, end in literal_spans(text)]
        out: list[tuple[str, str | None]] = []
        position = 0
        for start, end, replacement, key in sorted(spans):
            if start > position:
                out.append((text[position:start], None))
            out.append((replacement, key))
            position = end
        if position < len(text):
            out.append((text[position:], None))
        return out

    def __call__(self, text: str) -> str:
        if not self.keep_together and LITERAL_MARK not in text:
            return REFERENCE.sub(lambda m: self.texts[m.group(1).strip()], text)
        return "".join(piece for piece, _ in self.pieces(text))

    def identifiers(self, text: str) -> tuple[Identifier, ...]:
        """The identifiers (and literal texts) of unresolved prose ``text``."""
        return read(text, self.vocabulary, self.units).identifiers

    def held(self, text: str) -> str:
        """Unresolved ``text`` with the spaces inside its identifiers made no-break, so that
        splitting it at spaces (into sentences, into words) never cuts one."""
        for found in reversed(self.identifiers(text)):
            text = text[:found.start] + hold(text[found.start:found.end]) + text[found.end:]
        return text

    def heading(self, text: str) -> str:
        """A headline, subtitle or heading resolved: its figures in title case when it is title case
        (an English convention: other languages' headings keep their figures as written)."""
        if self.title_texts is self.texts or not is_title_case(text):
            return self(text)
        if not self.keep_together and LITERAL_MARK not in text:
            return REFERENCE.sub(lambda m: self.title_texts[m.group(1).strip()], text)
        return "".join(piece for piece, _ in self.pieces(text, self.title_texts))


@per_release
def _resolved_texts(release: Release, keep_together: bool) -> tuple[dict[str, str], dict[str, str], frozenset[str]]:
    """What a :class:`Resolver` puts in place of each reference, as written and in a title-case
    heading (the same dictionary when the language has no title case), and the release's unit
    words: formatted once per release object for every format and resolver. Shared: never changed."""
    texts = reference_texts(release)
    title_texts = texts
    if _writes_title_case(release.language):
        title_texts = texts | {key: title_case(figure_text(fig)) for key, fig in release.figures.items()}
    if keep_together:
        held = {k: hold_together(v, release.language) for k, v in texts.items()}
        title_texts = held if title_texts is texts else {
            k: hold_together(v, release.language) for k, v in title_texts.items()}
        texts = held
    return texts, title_texts, unit_words(release)


def references_in(text: str) -> list[str]:
    return [m.group(1).strip() for m in REFERENCE.finditer(text)]
