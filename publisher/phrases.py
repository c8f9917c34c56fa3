"""Figures and dates in the words of a release's language: one formatter per language tag.

:func:`phrases_for` gives the :class:`Phrases` of a BCP 47 tag. CLDR, through Babel, decides
everything it has rules for, by the *full* tag: grouping and decimal signs (es-US "6,500",
es-ES "6500" and "91.000", fr-CA "6 500" with a no-break space), scale words and their plural
("44 millones", "1,5 million"), currency symbols and their placement ("19,90 $ US"), month
names and the order of a date ("5 de mayo de 2023", "5 mai 2023"). What CLDR does not hold is
data per language in ``assets/phrases/<language>.yaml``: the words of each qualifier ("casi",
"plus de"), the word joining a scale word to its noun (CLDR's "many" plural category: "44
millones de píldoras"), a period's connective, the name of a territory's own currency after a
scale word ("100 millones de dólares"), and CLDR's minimum grouping digits, which Babel lacks.

English as publisher has always written it (``en``, ``en-US``) is formatted here without
loading Babel, which costs about 50 ms a build; tests hold it equal to CLDR's en-US. Every
other English tag (en-GB: "5 May 2023") goes through CLDR like any language.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from publisher.errors import ContentError, Problem
from publisher.model import QUALIFIERS, Figure, Period
from publisher.paths import ASSETS

if TYPE_CHECKING:
    from babel import Locale

FOLDER = ASSETS / "phrases"
NBSP = "\u00a0"
CURRENCY_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£"}
#: Every currency a figure may be in, with its symbol in CLDR's en-US (what the English code writes).
ENGLISH_CURRENCY_SYMBOLS = {**CURRENCY_SYMBOLS, "CAD": "CA$"}
#: Powers of ten named by a scale word, largest first; a value is written with one when at
#: most two decimals of the scaled number say it exactly ("44 million", "1.25 billion").
SCALE_POWERS = (12, 9, 6)
ENGLISH_SCALES = {12: "trillion", 9: "billion", 6: "million"}
MONTHS = (
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December",
)
#: The tags written by the English code below (CLDR en-US, without Babel).
PLAIN_ENGLISH = frozenset({"en", "en-us"})

Words = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40)]


class PhraseData(BaseModel):
    """``assets/phrases/<language>.yaml``: what CLDR does not say about writing a figure."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    qualifiers: dict[str, Words]
    period: Words  #: "{start} through {end}"
    scale_joiner: Words | None = None  #: "de": "44 millones de píldoras"
    measure_of: Words | None = None  #: "of", "de": between a measure and what it measures ("libras de fentanilo")
    elided_joiner: Words | None = None  #: "d’": the joiner before a vowel ("1,5 million d’armes")
    first_day: Words | None = None  #: "1er": the first day of a month in a date
    #: money after a scale word, when the language writes the symbol ("{symbol}{number}": "£100 million");
    #: by default the currency's name follows the joiner ("100 millones de dólares")
    scaled_money: Words | None = None
    minimum_grouping_digits: dict[str, int] = {}  #: tag -> CLDR numbers/minimumGroupingDigits
    local_currency_names: dict[str, Words] = {}  #: code -> plural name after a scale word
    #: how many words this language takes for an English word: a briefing's word limits are
    #: DESIGN.md's English ones times this (a key point of 20 English words is 25 in Spanish)
    word_allowance: float = Field(1.0, ge=1.0, le=1.5)

    @model_validator(mode="after")
    def _complete(self) -> PhraseData:
        wanted = set(QUALIFIERS) - {"exact"}
        if set(self.qualifiers) != wanted:
            missing, extra = sorted(wanted - set(self.qualifiers)), sorted(set(self.qualifiers) - wanted)
            raise ValueError("qualifiers must name exactly the qualifiers of the content format"
                             + (f"; missing: {', '.join(missing)}" if missing else "")
                             + (f"; unknown: {', '.join(extra)}" if extra else ""))
        if set(re.findall(r"\{(\w*)\}", self.period)) != {"start", "end"}:
            raise ValueError("period must hold {start} and {end}")
        return self


@dataclass(frozen=True)
class FigureText:
    """A figure's display text in its three parts, e.g. ("nearly", "44 million", "fentanyl pills")."""

    qualifier: str
    number: str
    unit: str

    @property
    def text(self) -> str:
        return " ".join(part for part in (self.qualifier, self.number, self.unit) if part)

    def __str__(self) -> str:
        return self.text


class Phrases:
    """How one language tag writes figures and dates. English (en, en-US) without Babel."""

    def __init__(self, language: str, data: PhraseData):
        self.language = language
        self.data = data

    def figure_parts(self, figure: Figure) -> FigureText:
        qualifier = "" if figure.qualifier == "exact" else self.data.qualifiers[figure.qualifier]
        money = figure.unit in ENGLISH_CURRENCY_SYMBOLS
        number, scaled = self.number(figure.value, cents=money)
        if money:
            return FigureText(qualifier, *self.money(number, scaled, figure))
        if scaled and self.data.scale_joiner:
            return FigureText(qualifier, number, f"{self.joiner(figure.unit)}{figure.unit}")
        return FigureText(qualifier, number, figure.unit)

    def figure_text(self, figure: Figure) -> str:
        return self.figure_parts(figure).text

    def joiner(self, word: str) -> str:
        """The scale joiner before ``word`` with the space it takes: "de ", or "d’" before a vowel."""
        if self.data.elided_joiner and word[:1].lower() in "aeiouyàâäéèêëîïôöùûü":
            return self.data.elided_joiner
        return f"{self.data.scale_joiner} "

    def number(self, value: Decimal, cents: bool = False) -> tuple[str, bool]:
        """'6,500' or '44 million', and whether a scale word says it. Exact: reads back to ``value``.

        With ``cents`` (money) a value below a million that is not whole has two decimals."""
        for power in SCALE_POWERS:
            scale = Decimal(10) ** power
            if value >= scale:
                scaled = value / scale
                places = next((p for p in (0, 1, 2) if scaled == scaled.quantize(Decimal(1).scaleb(-p))), None)
                if places is not None:
                    return self.scaled(value, power, places), True
                break
        if value == value.to_integral_value():
            return self.decimal(value.to_integral_value(), 0), False
        return self.decimal(value, 2 if cents else None), False

    def money(self, number: str, scaled: bool, figure: Figure) -> tuple[str, str]:
        """The number and the words after it: ('$100 million', ''), ('$19.90', '') (the symbol before
        the number, as English writes it)."""
        return ENGLISH_CURRENCY_SYMBOLS[figure.unit] + number, ""

    def scaled(self, value: Decimal, power: int, places: int) -> str:
        scaled = value / Decimal(10) ** power
        return f"{scaled.quantize(Decimal(1).scaleb(-places)):,} {ENGLISH_SCALES[power]}"

    def decimal(self, value: Decimal, places: int | None) -> str:
        """``value`` with its grouping; ``places`` decimals (None: as many as it has)."""
        if places is None:
            return f"{value.normalize():,f}"
        return f"{value.quantize(Decimal(1).scaleb(-places)):,}"

    def date_text(self, value: dt.date | Period | str) -> str:
        """'May 5, 2023'; a month '2023-04' -> 'April 2023'; a period -> 'May 1, 2022 through May 1, 2023'."""
        if isinstance(value, Period):
            return self.data.period.format(start=self.date_text(value.start), end=self.date_text(value.end))
        if isinstance(value, str):
            year, month = value.split("-")
            return self.month(int(year), int(month))
        return self.day(value)

    def month(self, year: int, month: int) -> str:
        return f"{MONTHS[month - 1]} {year}"

    def day(self, value: dt.date) -> str:
        return f"{MONTHS[value.month - 1]} {value.day}, {value.year}"

    @property
    def scale_words(self) -> tuple[str, ...]:
        """The words that can follow a number as its scale, longest first."""
        return tuple(ENGLISH_SCALES[p] for p in SCALE_POWERS)


class CldrPhrases(Phrases):
    """A language tag written by CLDR's rules for it, through Babel."""

    def __init__(self, language: str, data: PhraseData, locale: Locale):
        super().__init__(language, data)
        self.locale = locale
        self.min_grouping = _minimum_grouping(locale, data.minimum_grouping_digits)

    def scaled(self, value: Decimal, power: int, places: int) -> str:
        from babel.numbers import format_compact_decimal

        return format_compact_decimal(value, format_type="long", locale=self.locale, fraction_digits=places)

    def decimal(self, value: Decimal, places: int | None) -> str:
        from babel.numbers import format_decimal

        grouped = value >= 10 ** (2 + self.min_grouping)
        if places is None:
            return format_decimal(value, locale=self.locale, decimal_quantization=False, group_separator=grouped)
        pattern = "#,##0." + "0" * places if places else "#,##0"
        return format_decimal(value, format=pattern, locale=self.locale, group_separator=grouped)

    def money(self, number: str, scaled: bool, figure: Figure) -> tuple[str, str]:
        """After a scale word, the currency's name as the words after the number ("100 millones",
        "de dólares"); else CLDR's currency pattern with the locale's symbol ("$19.90", "950 €"),
        without decimals for a whole amount."""
        from babel.numbers import format_currency, get_currency_name, get_territory_currencies

        code = figure.unit
        if scaled and self.data.scaled_money:
            from babel.numbers import get_currency_symbol

            return self.data.scaled_money.format(symbol=get_currency_symbol(code, locale=self.locale), number=number), ""
        if scaled:
            local = self.locale.territory and code in get_territory_currencies(self.locale.territory)
            name = self.data.local_currency_names.get(code) if local else None
            name = name or get_currency_name(code, count=2, locale=self.locale)
            return number, f"{self.joiner(name)}{name}" if self.data.scale_joiner else name
        pattern = self.locale.currency_formats["standard"].pattern
        whole = figure.value == figure.value.to_integral_value()
        if whole:
            pattern = pattern.replace(".00", "")
        grouped = figure.value >= 10 ** (2 + self.min_grouping)
        text = format_currency(figure.value, code, format=pattern, locale=self.locale, currency_digits=False,
                               group_separator=grouped)
        return _LETTER_BY_DIGIT.sub(NBSP, text), ""  # CLDR's currencySpacing: "EUR 950", which Babel leaves out

    def month(self, year: int, month: int) -> str:
        from babel.dates import format_skeleton

        return format_skeleton("yMMMM", dt.date(year, month, 1), locale=self.locale)

    def day(self, value: dt.date) -> str:
        from babel.dates import format_date

        text = format_date(value, format="long", locale=self.locale)
        if value.day == 1 and self.data.first_day:
            text = re.sub(r"(?<!\d)1(?!\d)", self.data.first_day, text, count=1)
        return text

    @property
    def scale_words(self) -> tuple[str, ...]:
        words = set()
        for patterns in self.locale.compact_decimal_formats["long"].values():
            for pattern in patterns.values():
                words.add(re.sub(r"[0#.,\s\u00a0\u202f¤]+", " ", pattern.pattern).strip())
        return tuple(sorted((w for w in words if w), key=len, reverse=True))


_LETTER_BY_DIGIT = re.compile(r"(?<=[^\W\d_])(?=\d)|(?<=\d)(?=[^\W\d_])")


def _minimum_grouping(locale: Locale, table: dict[str, int]) -> int:
    """CLDR's minimumGroupingDigits for ``locale``: its own entry, else its parents' (es_US -> es_419 -> es)."""
    from babel.core import get_global

    parents = get_global("parent_exceptions")
    name: str | None = str(locale)
    while name:
        tag = name.replace("_", "-")
        if tag in table:
            return table[tag]
        name = parents.get(name) or (name.rpartition("_")[0] or None)
    return 1


@cache
def phrase_data(language: str, folder: Path = FOLDER) -> PhraseData:
    """The phrase data of ``language``'s primary subtag (es-US reads es.yaml).

    Phrase files are publisher's own data (tests read every one), so they are read with
    PyYAML's safe loader alone; a broken one is still an error naming its file and field."""
    import yaml
    from pydantic import ValidationError

    primary = language.split("-")[0].lower()
    path = folder / f"{primary}.yaml"
    if not path.is_file():
        known = ", ".join(sorted(p.stem for p in folder.glob("*.yaml")))
        raise ContentError([Problem(str(path), f"publisher does not know how to write figures in '{language}' "
                                               f"(languages known: {known})")])
    try:
        return PhraseData.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except (ValidationError, yaml.YAMLError) as exc:
        raise ContentError([Problem(str(path), f"is not a phrase file: {exc}")]) from None


class UnknownLanguage(ValueError):
    """A language tag CLDR has no data for."""


@cache
def phrases_for(language: str) -> Phrases:
    """The formatter of ``language``, a BCP 47 tag; raises :class:`UnknownLanguage` for a tag CLDR
    does not know and :class:`~publisher.errors.ContentError` for a language without phrase data."""
    if language.lower() in PLAIN_ENGLISH:
        return Phrases(language, _ENGLISH)
    return CldrPhrases(language, phrase_data(language), cldr_locale(language))


def cldr_locale(language: str) -> Locale:
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(language, sep="-")
    except (UnknownLocaleError, ValueError) as exc:
        raise UnknownLanguage(f"CLDR has no locale '{language}': {exc}") from None


_ENGLISH = PhraseData(qualifiers={q: q for q in QUALIFIERS if q != "exact"}, period="{start} through {end}",
                      scaled_money="{symbol}{number}", measure_of="of", word_allowance=1.0)


def english_phrases() -> Phrases:
    """English as publisher writes it (en-US), without Babel."""
    return phrases_for("en-US")


def holdable_words(phrases: Phrases, text: str) -> int:
    """How many words of a figure or date ``text`` a line must hold together: its qualifier, its
    number with its scale word (and their joiner), and the first word of what is counted."""
    words = text.split(" ")
    digit_at = next((i for i, w in enumerate(words) if any(ch.isdigit() for ch in w)), 0)
    held = digit_at + 1
    rest = " ".join(words[held:])
    for scale in phrases.scale_words:
        if rest == scale or rest.startswith(scale + " "):
            held += len(scale.split(" "))
            break
    if phrases.data.scale_joiner and held < len(words) and words[held] == phrases.data.scale_joiner:
        held += 1
    return held + 1

