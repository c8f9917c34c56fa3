"""Numbers in a language's text, read as that language's readers read them.

CLDR (through Babel) says each language tag's group and decimal signs and its scale words;
:func:`number_reader` turns them into a pattern that finds numbers in text ("6,500", "6 500",
"44 millones", "1,5 milliard") and reads their values, in the language's own form and in the
other forms ("6.500" in an es-US text is 6,500 written as Spain or Argentina write it). Used by
``publisher check`` to reconcile an edition's figures and by ``publisher import`` to match a
translated draft's numbers to the original's figures. English needs no Babel.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache


@dataclass(frozen=True)
class NumberReader:
    """How an edition's language writes numbers, read from CLDR: its group and decimal signs and
    its scale words, so a number in the text is read as that language's reader reads it, and a
    number in another locale's form ("6.500" in an es-US edition) is recognised as such."""

    group: str
    decimal: str
    scales: dict[str, int]  #: lower-case scale word -> its power of ten ("millones": 6)
    pattern: re.Pattern

    def value(self, match: re.Match) -> Decimal | None:
        """The number as this language reads it."""
        return self._read(match, self.group, self.decimal)

    def foreign_values(self, match: re.Match) -> list[Decimal]:
        """The number as the other conventions read it (',' or '.' or a space grouping; ',' or '.' decimal)."""
        values = []
        for group, decimal in ((",", "."), (".", ","), (" ", ",")):
            if (group, decimal) != (self.group, self.decimal):
                value = self._read(match, group, decimal)
                if value is not None:
                    values.append(value)
        return values

    def _read(self, match: re.Match, group: str, decimal: str) -> Decimal | None:
        digits = match["digits"]
        for sign in ",. ":
            if sign not in (group, decimal) and sign in digits:
                return None
        if group in digits and not re.fullmatch(rf"\d{{1,3}}(?:{re.escape(group)}\d{{3}})+(?:{re.escape(decimal)}\d+)?",
                                                digits):
            return None
        try:
            value = Decimal(digits.replace(group, "").replace(decimal, "."))
        except InvalidOperation:
            return None
        if match["scale"]:
            value *= Decimal(10) ** self.scales[match["scale"].lower()]
        return value


_ENGLISH_SCALES = {"k": 3, "m": 6, "mn": 6, "million": 6, "b": 9, "bn": 9, "billion": 9, "trillion": 12}


@lru_cache(maxsize=16)
def number_reader(language: str) -> NumberReader:
    """The :class:`NumberReader` of a language tag; English (and an unknown edition) without Babel."""
    scales = dict(_ENGLISH_SCALES)
    group, decimal = ",", "."
    if language and language.lower() not in ("en", "en-us"):
        from babel import Locale

        locale = Locale.parse(language, sep="-")
        symbols = locale.number_symbols["latn"]
        group, decimal = symbols["group"], symbols["decimal"]
        for patterns in locale.compact_decimal_formats["long"].values():  # plural form -> magnitude -> pattern
            for magnitude, form in patterns.items():
                zeros = form.pattern.count("0")
                word = re.sub(r"[0#.,\s¤]+", " ", form.pattern).strip().lower()
                if word:
                    scales[word] = len(str(magnitude)) - zeros  # French "billion" is 10^12
    if group.isspace():
        group = " "  # normalised text has a plain space where a no-break space groups digits
    words = "|".join(re.escape(w) for w in sorted(scales, key=len, reverse=True))
    spaced = r"\d{1,3}(?: \d{3}(?!\d))+(?:[,.]\d+)?|" if group == " " else ""  # "6 500", "1 000,01"
    pattern = re.compile(rf"(?P<symbol>[$€£])?(?P<digits>{spaced}\d+(?:[,.]\d+)*)(?:\s?(?P<scale>{words})\b)?",
                         re.IGNORECASE)
    return NumberReader(group, decimal, scales, pattern)
