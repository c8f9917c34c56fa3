"""Figure listings read from an output's passages: where a figure is shown as a listed item.

A listed figure is its label followed by its value ("Arrests: 3,337" or a table row "Arrests
3,337" in one passage; a row header "Arrests" then a cell "3,337", or cells "nearly", "44
million" in a row), or its whole
display text standing alone (a deck tile, a table cell). Prose never reads that way, so these
items are what an at-a-glance block, a figure table or a row of tiles consists of. Only
there may a figure read as its value alone ("3,337" after "Arrests"): the check accepts the
value it finds in an item, and judges the order of figures on items alone.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from publisher.audit import Passage
from publisher.expectations import Expectations

_SPACE = re.compile(r"\s+")
_BULLET = re.compile(r"^(?:[-•·*▪–—]\s*|\d{1,3}[.)]\s+)")
_COLON = re.compile(r" :(?= |$)")  #: French's space before a colon ("Arrestations : 3 337"), read as English's
MAX_CELLS = 3  #: passages a value may be spread over (qualifier, number and unit in cells of their own)


@dataclass(frozen=True)
class Item:
    """One figure listed in an output: the passages it spans and the figures it may be."""

    start: int  #: index of its first passage
    end: int  #: index after its last passage
    keys: tuple[str, ...]  #: the figures it reads as (more than one only when two figures read alike)
    labelled: bool  #: shown with its label

    @property
    def key(self) -> str:
        return self.keys[0]


def normalise(text: str) -> str:
    """Text as compared: spaces of any kind as one space, no-break hyphens as hyphens, word
    joiners (which hold an identifier's hyphen in the deck) left out."""
    return _SPACE.sub(" ", text.replace("\u00a0", " ").replace("\u2011", "-").replace("\u2060", "")).strip()


@lru_cache(maxsize=4096)
def phrase(text: str) -> re.Pattern:
    """``text`` as a whole phrase, case ignored: not inside a longer number or word ("5 cases" is
    not in "15 cases", "$5" not in "$15")."""
    return re.compile(r"(?<![\w$€£.,])" + re.escape(text) + r"(?![\w])", re.IGNORECASE)


def _folded(text: str) -> str:
    """How items are matched: whitespace normalised, case folded (a braille reader's back-translation
    does not always give capitals back; the case of figures is checked on its own)."""
    return normalise(text).casefold()


def _index(mapping: dict[str, str]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for key, text in mapping.items():
        out.setdefault(_folded(text), []).append(key)
    return out


def figure_items(passages: list[Passage], expected: Expectations) -> list[Item]:
    """The figures listed in ``passages``, in reading order; a passage belongs to one item at most."""
    texts = [_COLON.sub(":", _BULLET.sub("", _folded(p.text))) for p in passages]
    by_label = _index(expected.labels)
    shown: dict[str, set[str]] = {}  # the forms a figure may take after its label
    for key, text in expected.figures.items():
        shown[key] = {_folded(text)} | ({_folded(expected.values[key])} if key in expected.values else set())
    by_text = _index(expected.figures)
    items: list[Item] = []
    i = 0
    while i < len(texts):
        item = _labelled_here(texts, i, by_label, shown) or _alone_here(texts, i, by_text)
        if item is None:
            i += 1
            continue
        items.append(item)
        i = item.end
    return items


def _labelled_here(texts: list[str], i: int, by_label: dict[str, list[str]], shown: dict[str, set[str]]) -> Item | None:
    text = texts[i]
    for at in (m.start() for m in re.finditer(" ", text)):  # "Arrests: 3,337", or a table row "Arrests 3,337"
        keys = tuple(k for k in _labelled(by_label, text[:at]) if text[at + 1:] in shown[k])
        if keys:
            return Item(i, i + 1, keys, True)
    keys_of_label = _labelled(by_label, text)
    if keys_of_label:
        value = ""
        for j in range(i + 1, min(i + 1 + MAX_CELLS, len(texts))):
            value = f"{value} {texts[j]}".strip()
            keys = tuple(k for k in keys_of_label if value in shown[k])
            if keys:
                return Item(i, j + 1, keys, True)
    return None


def _labelled(by_label: dict[str, list[str]], text: str) -> list[str]:
    """The figures whose label ``text`` is, with or without a colon after it (a label may end
    with a colon of its own: "Case No. 1:", then no second one is added)."""
    return by_label.get(text.removesuffix(":"), []) or by_label.get(text, [])


def _alone_here(texts: list[str], i: int, by_text: dict[str, list[str]]) -> Item | None:
    keys = by_text.get(texts[i])
    return Item(i, i + 1, tuple(keys), False) if keys else None
