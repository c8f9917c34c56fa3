"""Finding the numbers in prose: identifiers, dates, quantities with their units, and the rest.

Every digit of a draft's prose must end up where the content format wants it, so
:func:`find_mentions` covers every digit of the text: an identifier, kept as typed
("COVID-19", "Section 508", "555-014-2200", "10 a.m.", "since 2019": see
:mod:`publisher.identifiers`), a date ("May 5, 2023", "April 2023", "May 1, 2022 through
May 1, 2023"), a quantity ("nearly 44 million fentanyl pills", "more than $100 million"),
or, when none fits, the number kept as written in literal markup (```Apollo 11```) with a
note asking whether it is a quantity. Digits are never spelled out. Each mention carries
``notes``: what the author should confirm.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal

from publisher.figures import CURRENCY_SYMBOLS, MONTHS, SCALES
from publisher.identifiers import Refused, literal_span, read

QUALIFIER_WORDS = {
    "nearly": "nearly", "almost": "almost", "about": "about", "approximately": "approximately",
    "more than": "more than", "over": "over", "at least": "at least", "up to": "up to",
    "less than": "less than", "fewer than": "fewer than",
    "roughly": "about", "around": "about", "some": "about", "close to": "nearly", "upwards of": "more than",
}
CURRENCIES = {symbol: code for code, symbol in CURRENCY_SYMBOLS.items()}
MEASURES = {
    "pounds", "pound", "kilograms", "kilogram", "kilos", "kilo", "grams", "gram", "ounces", "ounce",
    "tons", "ton", "tonnes", "tonne", "gallons", "gallon", "litres", "liters", "barrels", "acres",
    "miles", "kilometres", "kilometers", "hours", "days", "weeks", "months", "years",
    "bags", "boxes", "bricks", "bundles", "packages", "dollars", "percent",
}
STOP_WORDS = set("""
in on at by for from to with within without into onto across during through throughout over under
since until between among against about after before per via including like as than that which who
whom whose where when while because if or but nor so yet the a an this these those their its our his
her my your were was is are be been being have has had will would can could may might should shall
must do does did each every all also not more less said says say according today yesterday tomorrow tonight
now then there here
""".split())
VERBS = set("""
took take takes made make makes gave give gives went go goes came come comes saw see sees got get gets
fell rose grew led lead leads left held hold holds found brought built sold paid spent won lost ran met
kept became began remain remains face faces matter matters include includes involve involves occur
occurs happen happens work works live lives die died need needs show shows mean means help helps
represent represents account accounts total totals range ranges reach reaches stay stays
""".split())
LONGEST_UNIT = 6  #: words
LONGEST_UNIT_TEXT = 60  #: characters, as the content format allows

_MONTH = r"(?P<{name}>" + "|".join(MONTHS) + r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
_DAY_DATE = _MONTH.format(name="month") + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})"
_SPAN_CONNECTORS = r"through|thru|to|until|till|–|—|-"
DAY_DATE = re.compile(r"\b" + _DAY_DATE + r"\b")
PERIOD = re.compile(
    r"\b" + _DAY_DATE.replace("(?P<", "(?P<s_") + rf"\s*(?P<connector>{_SPAN_CONNECTORS})\s*"
    + _DAY_DATE.replace("(?P<", "(?P<e_") + r"\b"
)
SHORT_PERIOD = re.compile(  # "March 1 to March 5, 2024", "March 1–5, 2024"
    r"\b" + _MONTH.format(name="s_month") + r"\s+(?P<s_day>\d{1,2})"
    + rf"\s*(?P<connector>{_SPAN_CONNECTORS})\s*(?:" + _MONTH.format(name="e_month") + r"\s+)?"
    + r"(?P<e_day>\d{1,2}),?\s+(?P<year>\d{4})\b"
)
MONTH_YEAR = re.compile(r"\b" + _MONTH.format(name="month") + r"\s+(?P<year>\d{4})\b")
NUMERIC_DATE = re.compile(r"(?<![\w/.-])(?:(?P<m>\d{1,2})/(?P<d>\d{1,2})/(?P<y>\d{4})|(?P<iy>\d{4})-(?P<im>\d\d)-(?P<id>\d\d))"
                          r"(?![\w/-])")
MONTH_DAY = re.compile(r"\b" + _MONTH.format(name="month") + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?\b(?!,?\s+\d)")
_QUALIFIER = "|".join(sorted(map(re.escape, QUALIFIER_WORDS), key=len, reverse=True))
NUMBER = re.compile(
    rf"(?:\b(?P<qualifier>{_QUALIFIER})\s+)?"
    r"(?P<symbol>[$€£])?(?<![\w.,/-])(?P<digits>\d{1,3}(?:,\d{3})+|\d+)(?P<decimals>\.\d+)?"
    r"(?!\d|[.,]\d|-?[A-Za-z%])"
    r"(?:\s+(?P<scale>million|billion|trillion)\b)?",
    re.IGNORECASE,
)
PERCENT = re.compile(r"(?<![\d,.])(?P<digits>\d{1,3}(?:,\d{3})+|\d+)(?P<decimals>\.\d+)?(?:%|\s+percent\b)")
WORD = re.compile(r"\s+([A-Za-z](?:[A-Za-z’']|-(?=[A-Za-z]))*)(?![\w-])")
DIGITS = re.compile(r"\d+(?:[.,]\d+)*")


@dataclass(frozen=True)
class Mention:
    """A span of prose that stands for a figure or a date."""

    span: tuple[int, int]
    text: str
    notes: tuple[str, ...] = field(default=(), kw_only=True)


@dataclass(frozen=True)
class Quantity(Mention):
    """'nearly 44 million fentanyl pills' -> value 44000000, unit 'fentanyl pills', qualifier 'nearly'."""

    value: Decimal
    unit: str
    qualifier: str = "exact"


@dataclass(frozen=True)
class DateMention(Mention):
    """A date (dt.date), a month ('2023-04') or a period ((start, end) dates)."""

    value: dt.date | str | tuple[dt.date, dt.date]


@dataclass(frozen=True)
class Kept(Mention):
    """An identifier, written as typed: 'COVID-19', '555-014-2200', 'Section 508'."""

    kind: str


@dataclass(frozen=True)
class Literal(Mention):
    """A number that is neither an identifier, a date nor a counted quantity: kept as typed
    in literal markup (``text`` is what the backticks enclose), with a note."""


def _month_number(name: str) -> int:
    return next(i for i, month in enumerate(MONTHS, 1) if month.lower().startswith(name.lower().rstrip(".")))


def _date(month: str, day: str, year: str) -> dt.date | None:
    try:
        return dt.date(int(year), _month_number(month), int(day))
    except ValueError:
        return None


def find_dates(text: str, year: int | None = None) -> list[DateMention]:
    """Periods, then whole dates (also '5/5/2023'), then months, never overlapping; with the
    release's ``year``, a day without one ('on May 5') too."""
    found: list[DateMention] = []

    def free(start: int, end: int) -> bool:
        return all(end <= m.span[0] or start >= m.span[1] for m in found)

    for match in PERIOD.finditer(text):
        start = _date(match["s_month"], match["s_day"], match["s_year"])
        end = _date(match["e_month"], match["e_day"], match["e_year"])
        if start and end and start <= end:
            notes = () if match["connector"] == "through" else (
                f"the draft says '{match.group()}'; the period is shown as '… through …'",)
            found.append(DateMention(match.span(), match.group(), value=(start, end), notes=notes))
    for match in SHORT_PERIOD.finditer(text):
        start = _date(match["s_month"], match["s_day"], match["year"])
        end = _date(match["e_month"] or match["s_month"], match["e_day"], match["year"])
        if start and end and start <= end and free(*match.span()):
            found.append(DateMention(match.span(), match.group(), value=(start, end), notes=(
                f"the draft says '{match.group()}'; the period is shown in full, '… through …'",)))
    for match in DAY_DATE.finditer(text):
        day = _date(match["month"], match["day"], match["year"])
        if day and free(*match.span()):
            found.append(DateMention(match.span(), match.group(), value=day))
    for match in NUMERIC_DATE.finditer(text):
        day = _numeric_date(match)
        if day and free(*match.span()):
            found.append(DateMention(match.span(), match.group(), value=day, notes=(
                f"the draft says '{match.group()}'; the date is shown as month, day and year",)))
    for match in MONTH_YEAR.finditer(text):
        if free(*match.span()):
            month = f"{match['year']}-{_month_number(match['month']):02d}"
            found.append(DateMention(match.span(), match.group(), value=month))
    for match in MONTH_DAY.finditer(text) if year else ():
        day = _date(match["month"], match["day"], str(year))
        if day and free(*match.span()):
            found.append(DateMention(match.span(), match.group(), value=day, notes=(
                f"the draft says '{match.group()}' without a year: the release's year, {year}, is assumed",)))
    return sorted(found, key=lambda m: m.span)


def _numeric_date(match: re.Match) -> dt.date | None:
    try:
        if match["iy"]:
            return dt.date(int(match["iy"]), int(match["im"]), int(match["id"]))
        return dt.date(int(match["y"]), int(match["m"]), int(match["d"]))
    except ValueError:
        return None


def _qualifier(raw: str | None) -> tuple[str, tuple[str, ...]]:
    if not raw:
        return "exact", ()
    qualifier = QUALIFIER_WORDS[raw.lower()]
    notes = () if qualifier == raw.lower() else (f"the draft says '{raw}'; shown as '{qualifier}'",)
    return qualifier, notes


def unit_after(text: str, pos: int) -> tuple[str, int, tuple[str, ...]]:
    """The counted noun phrase that starts at ``pos``: ('pounds of fentanyl powder', end, notes).

    Stops at punctuation, function words and verbs; takes 'of' only after a measure
    ('pounds of ...') and 'and' only between two bare nouns ('members and associates').
    """
    words: list[str] = []
    end = pos
    notes: list[str] = []
    while len(words) < LONGEST_UNIT:
        match = WORD.match(text, end)
        if not match:
            break
        word = match.group(1)
        lower = word.lower()
        if lower == "of":
            following = WORD.match(text, match.end())
            if not (words and words[-1].lower() in MEASURES and following
                    and following.group(1).lower() not in STOP_WORDS):
                break
        elif lower in ("and", "&") and "of" in (w.lower() for w in words[:-1]) and _modifier_phrase(text, match.end()):
            words.append(word)
            end = match.end()
            continue
        elif lower in ("and", "&"):
            joined = _bare_noun_after_and(text, match.end())
            if not words or joined is None:
                break
            words += [word, joined.group(1)]
            end = joined.end()
            notes.append("the unit joins two nouns with 'and': check it")
            continue
        elif lower in STOP_WORDS or (words and lower in VERBS) or len(" ".join(words + [word])) > LONGEST_UNIT_TEXT:
            break
        elif words and words[-1].lower() not in ("of", "and", "&") and lower.endswith(("ed", "ing")):
            break
        words.append(word)
        end = match.end()
    if words and words[-1].lower() == "of":
        words.pop()
        end = text.rfind("of", pos, end)
        end = len(text[:end].rstrip()) if end > 0 else pos
    if len(words) >= 3 and "of" not in words and "and" not in words:
        notes.append(f"the unit '{' '.join(words)}' is long: check where it ends")
    return " ".join(words), end, tuple(notes)


def _modifier_phrase(text: str, pos: int) -> bool:
    """Whether 'and' at ``pos`` joins words of one noun phrase ('unused and expired medicine'):
    the words after it are no function word or verb, and a noun follows before the phrase ends."""
    following = WORD.match(text, pos)
    if not following or following.group(1).lower() in STOP_WORDS | VERBS:
        return False
    noun = WORD.match(text, following.end())
    return bool(following.group(1).lower().endswith(("ed", "ing")) and noun
                and noun.group(1).lower() not in STOP_WORDS | VERBS)


def _bare_noun_after_and(text: str, pos: int) -> re.Match | None:
    """'and associates' followed by a boundary: the noun, else None."""
    noun = WORD.match(text, pos)
    if not noun or _not_a_noun(noun.group(1).lower()) or noun.group(1).lower() in ("of", "and"):
        return None
    rest = text[noun.end():].lstrip()
    after = WORD.match(" " + rest)
    if not rest or rest[0] in ",.;:!?)—–\"”" or (after and after.group(1).lower() in STOP_WORDS | {"of"}):
        return noun
    return None


def _not_a_noun(word: str) -> bool:
    return word in STOP_WORDS or word in VERBS or word.endswith(("ed", "ing"))


def _value(digits: str, decimals: str | None, scale: str | None) -> Decimal:
    value = Decimal(digits.replace(",", "") + (decimals or ""))
    if scale:
        value *= dict((word, size) for size, word in SCALES)[scale.lower()]
    return Decimal(int(value)) if value == value.to_integral_value() else value.normalize()


def find_quantities(text: str, taken: tuple[tuple[int, int], ...] | list[tuple[int, int]] = ()) -> list[Quantity]:
    """Numbers with their qualifier and unit, outside the ``taken`` spans (dates)."""
    found: list[Quantity] = []

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in list(taken) + [q.span for q in found])

    for match in PERCENT.finditer(text):
        if free(*match.span()):
            start, raw = _qualifier_before(text, match.start())
            qualifier, notes = _qualifier(raw)
            found.append(Quantity((start, match.end()), text[start:match.end()], unit="percent", qualifier=qualifier,
                                  value=_value(match["digits"], match["decimals"], None), notes=notes))
    for match in NUMBER.finditer(text):
        digit_start = match.start("symbol") if match["symbol"] else match.start("digits")
        if not free(digit_start, match.end()):
            continue
        qualifier, notes = _qualifier(match["qualifier"])
        value = _value(match["digits"], match["decimals"], match["scale"])
        if match["symbol"]:
            found.append(Quantity(match.span(), match.group(), value=value, unit=CURRENCIES[match["symbol"]],
                                  qualifier=qualifier, notes=notes))
            continue
        next_taken = min((s for s, _ in taken if s >= match.end()), default=len(text))
        unit, end, unit_notes = unit_after(text[:next_taken], match.end())
        if not unit:
            continue
        if unit.lower().split()[0] in ("dollars", "dollar"):
            unit, notes = "USD", notes + (f"the draft says '{text[match.start():end]}'; money is shown as '$N'",)
        found.append(Quantity((match.start(), end), text[match.start():end], value=value, unit=unit,
                              qualifier=qualifier, notes=notes + unit_notes))
    return sorted(found, key=lambda q: q.span)


def _qualifier_before(text: str, start: int) -> tuple[int, str | None]:
    """Where a qualifier right before ``start`` begins, and the qualifier as written."""
    before = re.search(rf"\b(?:{_QUALIFIER})\s+$", text[:start], re.IGNORECASE)
    return (before.start(), before.group().strip()) if before else (start, None)


def find_mentions(text: str, year: int | None = None) -> list[Mention]:
    """Every digit of ``text`` inside exactly one mention, in order of appearance.

    Identifiers come first (they are written as typed), then dates, then quantities; what
    is left stays as typed in literal markup with a note, or, when it has the form of a
    quantity ('1,200', '44M') without a unit the draft names, becomes a figure whose unit
    the author writes."""
    reading = read(text)
    kept: list[Mention] = [Kept((i.start, i.end), i.text, kind=i.kind) for i in reading.identifiers
                           if i.kind != "literal"]
    kept += [Literal((i.start, i.end), i.text) for i in reading.identifiers if i.kind == "literal"]
    dates = [d for d in find_dates(text, year) if _free(d.span, kept)]
    quantities = find_quantities(text, [m.span for m in kept + dates])
    mentions: list[Mention] = [*kept, *dates, *quantities]
    for refused in reading.refused:
        if not _free((refused.start, refused.end), mentions):
            continue
        mentions.append(_leftover(text, refused, mentions))
    return sorted(mentions, key=lambda m: m.span)


def unmark(text: str) -> str:
    """``text`` with the backticks that open no valid literal text (a lone one, an empty
    pair, a pair around a quantity) made apostrophes: a draft's backtick is rarely markup."""
    spans = [(r.start, r.end) for r in read(text).refused if r.kind == "markup"]
    for start, end in spans:
        text = text[:start] + text[start:end].replace("`", "'") + text[end:]
    return text


def _free(span: tuple[int, int], mentions: list[Mention]) -> bool:
    return all(span[1] <= m.span[0] or span[0] >= m.span[1] for m in mentions)


_GLUED_SCALE = re.compile(r"^(?P<digits>\d+(?:\.\d+)?)(?P<scale>K|k|M|MM|B|bn|mn)$")
_SCALE_WORDS = {"k": "thousand", "m": "million", "mm": "million", "b": "billion", "bn": "billion", "mn": "million"}


def _leftover(text: str, refused: Refused, mentions: list[Mention]) -> Mention:
    """A number no identifier, date or quantity took: kept as typed in literal markup, unless
    the loader would read that as a quantity (it is written as only a quantity is: '1,200',
    '44 million', '44M', '$ 12'): then a figure whose unit the author writes."""
    around = _around(text, refused.start, refused.end)
    start, end = literal_span(text, refused)
    if not _free((start, end), mentions):
        start, end = refused.start, refused.end
    written = text[start:end]
    number = _number_of(text, refused) if refused.kind == "quantity" else None
    marked = f"{text[:start]}`{written}`{text[end:]}"
    if number is not None and (_GLUED_SCALE.match(refused.text) or any(r.kind == "markup" for r in read(marked).refused)):
        return _unit_to_write(text, refused, number, mentions, around)
    if refused.kind == "date":
        note = (f"'{around}': the date '{written}' is kept as written: register it under `dates` and cite it "
                "as {key} if it is a date of the release")
    else:
        note = (f"'{around}': is '{written}' a quantity? If it counts or measures something, register it under "
                "`figures` and cite it as {key}; it is kept as written (literal text in backticks) for now")
    return Literal((start, end), written, notes=(note,))


def _unit_to_write(text: str, refused: Refused, number: tuple[tuple[str, str | None, str | None], int],
                   mentions: list[Mention], around: str) -> Quantity:
    """A figure for a quantity the draft gives no unit for: money after a currency symbol, a
    percentage before a percent sign, else 'units' for the author to replace."""
    (digits, decimals, scale), number_end = number
    start = refused.start
    symbol = re.search(r"([$€£])\s?$", text[:start])
    if symbol:
        start = symbol.start()
        return Quantity((start, number_end), text[start:number_end], value=_value(digits, decimals, scale),
                        unit=CURRENCIES[symbol.group(1)])
    percent = re.match(r"\s?(?:%|percent\b)", text[number_end:])
    if percent:
        end = number_end + percent.end()
        return Quantity((start, end), text[start:end], value=_value(digits, decimals, scale), unit="percent")
    limit = min((m.span[0] for m in mentions if m.span[0] >= number_end), default=len(text))
    unit, end, _ = unit_after(text[:limit], number_end)
    end = end if unit else number_end
    return Quantity((start, end), text[start:end], value=_value(digits, decimals, scale), unit=unit or "units",
                    notes=() if unit else (f"'{around}': the draft gives no unit after '{text[start:number_end]}'; "
                                           "'units' stands in for it: write what it counts",))


def _number_of(text: str, refused: Refused) -> tuple[tuple[str, str | None, str | None], int] | None:
    """((digits, decimals, scale word), where it ends) of a quantity written '1,200', '2.5 million'
    or '44M'; None if it is written otherwise ('10mg')."""
    glued = _GLUED_SCALE.match(refused.text)
    if glued:
        whole, _, decimals = glued["digits"].partition(".")
        return (whole, "." + decimals if decimals else None, _SCALE_WORDS[glued["scale"].lower()]), refused.end
    number = PLAIN_NUMBER.match(text, refused.start)
    if number and number.end("decimals" if number["decimals"] else "digits") >= refused.end:
        return (number["digits"], number["decimals"], number["scale"]), number.end()
    return None


PLAIN_NUMBER = re.compile(r"(?P<digits>\d{1,3}(?:,\d{3})+|\d+)(?P<decimals>\.\d+)?"
                          r"(?:\s+(?P<scale>million|billion|trillion)\b)?", re.IGNORECASE)


_CAPTION_NUMBER = re.compile(r"(?P<symbol>[$€£])?(?P<digits>\d[\d,]*(?:\.\d+)?)(?P<scale>\s+(?:million|billion|trillion))?"
                             r"(?P<percent>%)?")
_CURRENCY_WORDS = {"$": "dollars", "€": "euros", "£": "pounds"}


def in_words(text: str) -> str:
    """``text`` with its numbers in words ('$4 billion' -> 'four billion dollars'), for a name or
    role, which can neither cite a figure nor hold a quantity as typed."""
    def words(match: re.Match) -> str:
        out = number_words(match["digits"]) + (match["scale"] or "")
        if match["percent"]:
            out += " percent"
        if match["symbol"]:
            out += " " + _CURRENCY_WORDS[match["symbol"]]
        return out
    return _CAPTION_NUMBER.sub(words, text)


_ONES = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
         "fifteen sixteen seventeen eighteen nineteen").split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()


def number_words(digits: str) -> str:
    """'28' -> 'twenty-eight', '1,200' -> 'one thousand two hundred', '2.5' -> 'two point five'."""
    whole, _, fraction = digits.replace(",", "").partition(".")
    words = _integer_words(int(whole))
    if fraction:
        words += " point " + " ".join(_ONES[int(d)] for d in fraction)
    return words


def _integer_words(n: int) -> str:
    if n < 20:
        return _ONES[n]
    if n < 100:
        return _TENS[n // 10] + ("-" + _ONES[n % 10] if n % 10 else "")
    for size, name in ((10**12, "trillion"), (10**9, "billion"), (10**6, "million"), (1000, "thousand"), (100, "hundred")):
        if n >= size:
            head, rest = divmod(n, size)
            return f"{_integer_words(head)} {name}" + (f" {_integer_words(rest)}" if rest else "")
    raise AssertionError(n)


def _around(text: str, start: int, end: int) -> str:
    left = text.rfind(" ", 0, max(0, start - 15)) + 1
    right = text.find(" ", end + 15)
    return text[left:right if right > 0 else len(text)].strip()
