"""The words that tell an identifier from a quantity, per language: data, not code.

:mod:`publisher.identifiers` reads prose with one :class:`Vocabulary`: the words that name
a series ("Section 508"), the street types of an address, the suffixes of a time of day,
the words that count or measure (which make a number a quantity). Each language's words are
a file, ``assets/identifiers/<language>.yaml`` (packaged as ``publisher.assets``); a release's
language tag picks it, the full tag (``es-US.yaml``) then its primary subtag (``es.yaml``),
and English where there is none. A language is added by writing its file; the rules stay as
they are.
"""
from __future__ import annotations

from dataclasses import dataclass, fields
from functools import lru_cache
from pathlib import Path

from publisher.paths import ASSETS

FOLDER = ASSETS / "identifiers"
FALLBACK = "en"


@dataclass(frozen=True)
class Vocabulary:
    """What one language's prose uses around numbers. Words are matched as written; a word
    that starts with a capital letter is also matched with a small one ("section 508")."""

    #: Words naming a series, followed by a member's number: "Section 508", "Case No. 1:23-cr-00456".
    series: tuple[str, ...]
    #: Plural series words, which may be followed by several numbers: "Sections 3 and 4".
    series_plural: tuple[str, ...]
    #: Number signs between a series word and its number, or standing alone: "No. 5", "#1".
    number_signs: tuple[str, ...]
    #: Words that join the numbers of a plural series: "3 and 4", "12 through 14".
    joiners: tuple[str, ...]
    #: The last word of a street name, after the house number: "1200 Main Street".
    street_types: tuple[str, ...]
    #: A compass point before or after a street name: "100 N. Main St.", "1600 Pennsylvania Avenue NW".
    directions: tuple[str, ...]
    #: Regions written before a postal code: "IL 62701".
    postal_regions: tuple[str, ...]
    #: Suffixes of a time of day: "10 a.m.".
    time_suffixes: tuple[str, ...]
    #: Words after which a short number is a phone number: "call 211", "text 741741".
    phone_words: tuple[str, ...]
    #: Codes of law citations, written between two numbers: "42 U.S.C. 1983".
    citation_codes: tuple[str, ...]
    #: Month names and their abbreviations: a day or a year beside one makes a date.
    months: tuple[str, ...]
    #: Suffixes of an ordinal number: "19th".
    ordinal_suffixes: tuple[str, ...]
    #: Fixed expressions written with digits: "24/7".
    idioms: tuple[str, ...]
    #: Words before a number that make it an estimate of a quantity: "nearly 300".
    qualifiers: tuple[str, ...]
    #: Scale words after a number: "44 million".
    scales: tuple[str, ...]
    #: Scale abbreviations glued to a number: "44M", "2bn".
    scale_abbreviations: tuple[str, ...]
    #: Words that measure: "6 months", "300 pounds".
    measures: tuple[str, ...]
    #: Measure abbreviations glued to a number: "10mg", "5km".
    measure_abbreviations: tuple[str, ...]
    #: Words for "percent" after a number.
    percent_words: tuple[str, ...]


def load_vocabulary(path: Path) -> Vocabulary:
    """The vocabulary in the YAML file at ``path``: every field of :class:`Vocabulary`, each a
    list of words; ValueError naming the file and the field when it is not."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml where PyYAML was built with it: 8x faster
    data = yaml.load(Path(path).read_text(encoding="utf-8"), Loader=loader)  # noqa: S506 (a safe loader)
    names = [f.name for f in fields(Vocabulary)]
    if not isinstance(data, dict):
        raise ValueError(f"{path}: a vocabulary is a mapping of {', '.join(names)}")
    unknown, missing = sorted(set(data) - set(names)), [n for n in names if n not in data]
    if unknown or missing:
        raise ValueError(f"{path}: " + "; ".join(filter(None, (
            f"unknown field(s) {', '.join(map(str, unknown))}" if unknown else "",
            f"missing field(s) {', '.join(missing)}" if missing else ""))))
    for name in names:
        words = data[name]
        if not isinstance(words, list) or not all(isinstance(w, str) and w.strip() for w in words):
            raise ValueError(f"{path}: {name} must be a list of words")
    return Vocabulary(**{name: tuple(data[name]) for name in names})


@lru_cache(maxsize=16)
def for_language(tag: str, folder: Path = FOLDER) -> Vocabulary:
    """The vocabulary of the language ``tag`` ('en-US' -> en.yaml), English where there is none."""
    for name in dict.fromkeys((tag, tag.split("-")[0].lower(), FALLBACK)):
        path = folder / f"{name}.yaml"
        if path.is_file():
            return load_vocabulary(path)
    return load_vocabulary(FOLDER / f"{FALLBACK}.yaml")
