"""The figures and dates lifted out of a draft's prose, and the prose rewritten to cite them."""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import replace

from publisher.draft.quantities import DateMention, Kept, Literal, Quantity, find_mentions, in_words, unmark
from publisher.figures import CURRENCY_SYMBOLS, MONTHS, figure_text
from publisher.identifiers import literal_span, read
from publisher.model import MAX_WORD, Figure

Path_ = tuple


def slug(text: str, limit: int = 30) -> str:
    """'pounds of fentanyl powder' -> 'pounds_of_fentanyl_powder' (a valid key)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    key = re.sub(r"[^a-z0-9]+", "_", ascii_text.lower().replace("’", "").replace("'", "")).strip("_")[:limit].strip("_")
    return key if key[:1].isalpha() else f"n_{key}".rstrip("_")


def unique(key: str, taken) -> str:
    candidate, n = key, 2
    while candidate in taken:
        candidate, n = f"{key}_{n}", n + 1
    return candidate


class Registry:
    """Assigns every figure and date of the prose a readable, unique key; remembers notes by path."""

    def __init__(self, release_date: dt.date | None):
        self.release_date = release_date
        self.figures: dict[str, dict] = {}
        self.dates: dict[str, object] = {}
        self.notes: dict[Path_, list[str]] = {}
        self.web_addresses: list[str] = []  #: web addresses the prose names, in order
        self._keys: dict[tuple, str] = {}

    def note(self, path: Path_, message: str) -> None:
        if message not in self.notes.setdefault(path, []):
            self.notes[path].append(message)

    def cite(self, text: str, where: Path_, title_case: bool = False, caption: bool = False) -> str:
        """``text`` with every figure and date replaced by ``{key}``, identifiers kept as typed
        and other numbers kept as typed in literal markup, with a note.

        In a title or heading (``title_case``) the capitals of a unit are the heading's, not the unit's.
        A ``caption`` (a name, role or organisation) cites nothing: a figure or a date there is
        kept in literal markup, or, when it is written as only a quantity is ('$4 billion'),
        in words; either way with a note.
        """
        text = unmark(self.break_long_words(text, where))
        out, pos = [], 0
        year = self.release_date.year if self.release_date else None
        for mention in find_mentions(text, year):
            out.append(text[pos:mention.span[0]])
            if caption and isinstance(mention, (Quantity, DateMention)):
                out.append(self._in_caption(mention.text, where))
            elif isinstance(mention, Quantity):
                if title_case and mention.unit not in CURRENCY_SYMBOLS:
                    mention = replace(mention, unit=_lower_title_case(mention.unit))
                out.append("{" + self._figure(mention, draft_label(text, mention)) + "}")
                if mention.qualifier != "exact" and re.search(r"(?:^|[.!?][”\"’]?)\s*$", text[:mention.span[0]]):
                    self.note(where, f"'{mention.text}' opens a sentence, and its display text starts "
                                     f"with a small letter: reword the sentence")
            elif isinstance(mention, DateMention):
                out.append("{" + self._date(mention) + "}")
            elif isinstance(mention, Kept):
                out.append(mention.text)
                if mention.kind == "web" and "@" not in mention.text:
                    self.web_addresses.append(mention.text)
            else:
                assert isinstance(mention, Literal)
                out.append(f"`{mention.text}`")
                for note in mention.notes:
                    self.note(where, note)
            pos = mention.span[1]
        out.append(text[pos:])
        return "".join(out)

    def _in_caption(self, written: str, where: Path_) -> str:
        if not read(f"`{written}`").refused:
            self.note(where, f"a name or role cannot cite a figure or a date: '{written}' is kept as written")
            return f"`{written}`"
        words = in_words(written)
        self.note(where, f"a name or role cannot cite a figure: '{written}' is written '{words}'; check it")
        return words

    def settle(self, text: str, where: Path_, units: frozenset[str]) -> str:
        """``text`` as the loader will read it, knowing every figure's unit: a number that
        reads as a quantity beside an identifier word ('Section 3337 arrests') is kept as
        typed in literal markup, with a note."""
        for refused in reversed(read(text, units=units).refused):
            if refused.kind == "markup":  # literal text already: marking it again would nest backticks
                continue
            start, end = literal_span(text, refused)
            written = text[start:end]
            self.note(where, f"is '{written}' a quantity? If it counts or measures something, register it under "
                             "`figures` and cite it as {key}; it is kept as written (literal text in backticks) for now")
            text = f"{text[:start]}`{written}`{text[end:]}"
        return text

    def break_long_words(self, text: str, where: Path_) -> str:
        """Words too long for a line (web addresses aside) broken after a slash or hyphen, else cut."""
        def split(match: re.Match) -> str:
            word = match.group()
            if word.startswith(("http://", "https://")):
                return word
            self.note(where, f"'{word[:20]}…' is longer than {MAX_WORD} characters, too long for a line: "
                             "it was broken into pieces")
            pieces = re.findall(rf".{{1,{MAX_WORD - 1}}}(?:[/-]|$)|.{{1,{MAX_WORD}}}", word)
            return " ".join(pieces)
        return re.sub(rf"\S{{{MAX_WORD + 1},}}", split, text)

    def _figure(self, found: Quantity, label: str | None = None) -> str:
        identity = ("figure", found.value, found.unit, found.qualifier)
        if identity in self._keys:
            return self._keys[identity]
        same = self._same_figure(found, label)
        if same is not None:
            self._keys[identity] = same
            return same
        key = unique(figure_key(found.unit), {*self.figures, *self.dates, "release_date"})
        self._keys[identity] = key
        figure = {"value": found.value, "unit": found.unit}
        if found.qualifier != "exact":
            figure = {"value": found.value, "qualifier": found.qualifier, "unit": found.unit}
        figure["label"] = label or figure_label(found.unit)
        self.figures[key] = figure
        for note in found.notes:
            self.note(("figures", key), note)
        shown = figure_text(Figure.model_validate(figure))
        if " ".join(shown.lower().split()) != " ".join(found.text.lower().replace("%", " percent").split()):
            self.note(("figures", key), f"the draft says '{found.text}'; every output will show '{shown}'")
        return key

    def _same_figure(self, found: Quantity, label: str | None) -> str | None:
        """The key of a figure of the same value whose unit contains this one's or is contained in
        it ('2,150 pounds' and '2,150 pounds of unused and expired medicine'): one figure cited
        twice. It keeps the longer unit, with a note."""
        mine = found.unit.lower().split()
        for key, figure in self.figures.items():
            theirs = str(figure["unit"]).lower().split()
            if figure["value"] != found.value or figure.get("qualifier", "exact") != found.qualifier:
                continue
            shorter, longer = sorted((mine, theirs), key=len)
            if longer[:len(shorter)] == shorter:
                if len(mine) > len(theirs):
                    figure["unit"] = found.unit
                    figure["label"] = label or figure_label(found.unit)
                self.note(("figures", key), f"the draft gives this number twice ('{found.text}'): one figure, "
                                            "cited in both places, shown with the longer unit")
                return key
        return None

    def _date(self, found: DateMention) -> str:
        if found.value == self.release_date:
            return "release_date"
        identity = ("date", found.value)
        if identity in self._keys:
            return self._keys[identity]
        key = unique(date_key(found.value), {*self.figures, *self.dates, "release_date"})
        self._keys[identity] = key
        value = found.value
        self.dates[key] = {"start": value[0], "end": value[1]} if isinstance(value, tuple) else value
        for note in found.notes:
            self.note(("dates", key), note)
        return key


def _lower_title_case(unit: str) -> str:
    """'Fentanyl Pills' -> 'fentanyl pills'; acronyms ('DEA') keep their capitals."""
    return " ".join(word.lower() if word[:1].isupper() and not word.isupper() else word for word in unit.split())


def figure_key(unit: str) -> str:
    """A readable key from the unit: 'fentanyl pills' -> fentanyl_pills; 'pounds of X' -> x; USD -> money."""
    if unit in CURRENCY_SYMBOLS:
        return "money"
    words = unit.split()
    if len(words) > 2 and words[1].lower() == "of":
        words = words[2:]
    return slug(" ".join(words))


LABEL_LINE = re.compile(r"(?:^|[.;\n]\s*)([A-Z][^:.;\n]{1,60}):\s*$")
_AFTER_MONEY = re.compile(r"^\s+(?:in|of|for|on)\s+(?:the\s+|a\s+)?")
_PARTICIPLE = re.compile(r"^\s+([a-z]+ed)\b")


def draft_label(text: str, mention: Quantity) -> str:
    """A caption drafted by :func:`_drafted_label`; the unit's when the draft's words hold a digit or a brace."""
    label = _drafted_label(text, mention)
    return figure_label(mention.unit) if re.search(r"[\d{}]", label) or not label.strip() else label


def _drafted_label(text: str, mention: Quantity) -> str:
    """A caption for the figure, drafted from its sentence: the label of a 'Label: figure' line;
    for money and percentages, what they are of ('$12.5 million in federal grants' -> 'Federal
    grants'), else the noun before them ('at a cost of $4.5 million' -> 'Cost'); for counts the
    thing counted ('pounds of unused medicine' -> 'Unused medicine'), with the participle that
    follows it ('seized')."""
    from publisher.draft.quantities import STOP_WORDS, VERBS, unit_after

    start, end = mention.span
    line = LABEL_LINE.search(text[:start])
    if line:
        return line.group(1).strip()[:80]
    if mention.unit in CURRENCY_SYMBOLS or mention.unit == "percent":
        after = _AFTER_MONEY.match(text[end:])
        if after:
            phrase, _, _ = unit_after(text, end + after.end() - 1)
            if phrase:
                return _capital(("Share of " if mention.unit == "percent" else "") + phrase)
        sentence = re.split(r"[.!?;:]\s", text[:start])[-1]
        words = [w for w in re.findall(r"[A-Za-z][\w’'-]*", sentence) if w.lower() not in STOP_WORDS | VERBS]
        if words:
            return _capital(words[-1] if words[-1][:1].islower() else words[-1])
        return figure_label(mention.unit)
    words = mention.unit.split()
    thing = " ".join(words[2:]) if len(words) > 2 and words[1].lower() == "of" else mention.unit
    participle = _PARTICIPLE.match(text[end:])
    return _capital(thing + (f" {participle.group(1)}" if participle else ""))[:80]


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def figure_label(unit: str) -> str:
    """A first caption for tables and tiles, for the author to improve."""
    if unit in CURRENCY_SYMBOLS:
        return "Money"
    return (unit[:1].upper() + unit[1:])[:80]


def date_key(value: dt.date | str | tuple) -> str:
    """'april_2023', 'may_5_2023', 'may_1_2022_to_may_1_2023' (months cut to three letters in periods)."""
    if isinstance(value, tuple):
        start, end = (f"{MONTHS[d.month - 1][:3].lower()}_{d.day}_{d.year}" for d in value)
        return f"{start}_to_{end}"
    if isinstance(value, str):
        year, month = value.split("-")
        return f"{MONTHS[int(month) - 1].lower()}_{year}"
    return f"{MONTHS[value.month - 1].lower()}_{value.day}_{value.year}"

