"""Identifier reconciliation: an identifier of the prose ("COVID-19", "555-014-2200") stands
exactly as typed wherever an output shows the words around it.

Each identifier comes with its context (:class:`publisher.identifiers.Anchored`): up to three
words on each side in its field, as outputs show them. Where an output shows those words, the
identifier must stand between them ("flu and COVID-19 vaccines", not "flu and COVID-I9
vaccines"); an output that does not show them (the fact sheet leaves the body out) is not
expected to show it. Context on both sides locates an identifier with a few letters; context
on one side only (the field's start or end) needs three words. What stands in an
identifier's place is reported only when it resembles the identifier (or is nothing), so that
other words between the same context elsewhere are never taken for it.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from difflib import SequenceMatcher
from functools import lru_cache

from publisher.audit import Finding, Passage
from publisher.identifiers import Anchored

_TRAILING = ".,;:!?)]”’\"'"
_LEADING = "([“‘\"'"
MIN_ANCHOR_LETTERS = 8  #: context words on both sides of an identifier locate it with this many letters
ONE_SIDE_WORDS, ONE_SIDE_LETTERS = 3, 12  #: context on one side only (the field's start or end) needs more
RESEMBLANCE = 0.5  #: how alike (difflib ratio) a text in an identifier's place must be to be reported as it, changed


def identifier_findings(file: str, passages: list[Passage], identifiers: tuple[Anchored, ...],
                        normalise: Callable[[str], str]) -> list[Finding]:
    """An identifier changed where the output shows the words around it; texts are compared
    as ``normalise`` makes them (the check's whitespace and no-break characters)."""
    texts = [normalise(p.text) for p in passages]
    whole = " ".join(texts)
    starts, position = [], 0
    for text in texts:
        starts.append(position)
        position += len(text) + 1
    findings = []
    for found in identifiers:
        shown = _in_place(found, whole, normalise)
        if shown is None:
            continue
        at, got = shown
        index = max(i for i, start in enumerate(starts) if start <= at)
        window = " ".join(part for part in (normalise(found.before), normalise(found.text), normalise(found.after)) if part)
        findings.append(Finding(file, passages[index].location, "identifiers.changed",
                                f"'{got}' where the content has '{normalise(found.text)}' "
                                f"({found.field}: '{window}')"))
    return findings


def _in_place(found: Anchored, whole: str, normalise: Callable[[str], str]) -> tuple[int, str] | None:
    """None when the identifier stands as typed between its context words (or the output
    does not show them); else where the context is and what stands there instead."""
    text, before, after = normalise(found.text), normalise(found.before), normalise(found.after)
    words = len(text.split())
    left, right = _anchor(before, "before"), _anchor(after, "after")
    if before and after and _letters(before + after) >= MIN_ANCHOR_LETTERS:
        if _compiled(rf"{left}\s*{re.escape(text)}\s*{right}").search(whole):
            return None
        pattern = rf"{left}\s*(?P<got>.{{0,{2 * len(text) + 20}}}?)\s*{right}"
        compare = _same
    elif _locates(before):
        pattern = rf"{left}\s*(?P<got>\S+(?:\s\S+){{{words - 1}}})"
        compare = _same_word_run
    elif _locates(after):
        pattern = rf"(?P<got>\S+(?:\s\S+){{{words - 1}}})\s*{right}"
        compare = _same_word_run
    else:
        return None
    first = None
    compiled, position = _compiled(pattern), 0
    while (match := compiled.search(whole, position)) is not None:  # overlapping: 'X X X' holds 'X' + 'X X'
        if compare(match["got"], text):
            return None
        if first is None and _resembles(match["got"], text):
            first = (match.start(), match["got"])
        position = match.start() + 1
    return first


def _resembles(got: str, text: str) -> bool:
    """Whether ``got`` could be ``text`` changed (or left out), rather than other words that
    happen to stand between the same context words elsewhere."""
    return not got or SequenceMatcher(None, got.lower(), text.lower()).ratio() >= RESEMBLANCE


def _anchor(words: str, side: str) -> str:
    """``words`` as a case-blind pattern that starts and ends at word boundaries."""
    start = r"(?<!\w)" if words[:1].isalnum() else ""
    end = r"(?!\w)" if words[-1:].isalnum() else ""
    return f"(?i:{start}{re.escape(words)}{end})"


def _locates(words: str) -> bool:
    """Whether context on one side only is enough to find an identifier's place."""
    return len(words.split()) >= ONE_SIDE_WORDS and _letters(words) >= ONE_SIDE_LETTERS


def _letters(text: str) -> int:
    return sum(ch.isalpha() for ch in text)


def _same(got: str, text: str) -> bool:
    return got == text


def _same_word_run(got: str, text: str) -> bool:
    return got == text or got.strip(_TRAILING + _LEADING) == text.strip(_TRAILING + _LEADING)


@lru_cache(maxsize=4096)
def _compiled(pattern: str) -> re.Pattern:
    return re.compile(pattern)
