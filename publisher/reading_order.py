"""Reading order and names of one output, read from its passages and judged against the
expectations every output of the release shares (:mod:`publisher.expectations`):

- ``order.figures``: every listing of figures (an at-a-glance block, a table, a row of tiles)
  lists them in registry order; a listing ends at a section heading or where a figure repeats;
- in an edition that promises the shared reading order (:attr:`publisher.spec.Format.glance`):
  ``order.lede``, the lede (the summary) comes before the figures and the body, and
  ``order.glance``, every figure is listed before the body's first words;
- ``names.table-headers``: a table's column headers read as the labels name them;
- ``names.section``: a quote stands under its section's name, as in every other output (or
  under the labels' name for quotes when the output gathers quotes of several sections).

Every output is held to the same vocabulary (the labels and the release's own headings, both
in the manifest), so outputs that pass name the same things alike.
"""
from __future__ import annotations

import re

from publisher.audit import Finding, Passage
from publisher.expectations import OPENING_WORDS, Expectations
from publisher.listings import Item, figure_items, normalise

SECTION_ROLES = ("H1", "H2")  #: headings that open a section (a title, a slide title, a section)
_WORD = re.compile(r"[^\W_]{3,}")
FUZZY_FROM, SIMILAR = 20, 0.8  #: openings this long (characters) match at this similarity


def words(text: str) -> list[str]:
    """The words of three letters or more of a text, lower case: how passages are recognised, so
    that a reader's small liberties (braille reads 'U.S.' back as 'U.So.') do not hide them."""
    return _WORD.findall(text.lower())


def order_findings(file: str, passages: list[Passage], expected: Expectations, glance: bool,
                   items: list[Item] | None = None) -> list[Finding]:
    """The reading-order and names findings of one output (``items``: its listed figures, if read)."""
    if not expected.labels:  # a manifest written before these expectations existed
        return []
    items = figure_items(passages, expected) if items is None else items
    findings = _listing_order(file, passages, items, expected)
    if glance:
        findings += _glance(file, passages, items, expected)
    if expected.names:
        findings += _table_headers(file, passages, expected)
        findings += _quote_sections(file, passages, expected)
    return findings


def _listing_order(file: str, passages: list[Passage], items: list[Item], expected: Expectations) -> list[Finding]:
    rank = {key: i for i, key in enumerate(expected.figures)}
    findings: list[Finding] = []
    listed: set[str] = set()
    last: str | None = None
    previous_end = 0
    for item in items:
        if any(p.role in SECTION_ROLES for p in passages[previous_end:item.start]):
            listed, last = set(), None
        fresh = [key for key in item.keys if key not in listed]
        if not fresh:
            listed, last = set(), None
            fresh = list(item.keys)
        after = [key for key in fresh if last is None or rank[key] > rank[last]]
        key = min(after or fresh, key=rank.__getitem__)
        if last is not None and rank[key] < rank[last]:
            findings.append(Finding(file, passages[item.start].location, "order.figures",
                                    f"figure '{key}' is listed after '{last}': every output lists figures in "
                                    f"registry order ({', '.join(expected.figures)})"))
        listed.add(key)
        last = key
        previous_end = item.end
    return findings


def _opens_with(passage: Passage, opening: list[str], whole: bool) -> bool:
    """Whether a passage starts with ``opening`` (is it, when ``whole``: a heading). A long opening
    may differ a little (SIMILAR): a braille reader's back-translation of an unknown word does."""
    if not opening:
        return False
    found, wanted = " ".join(words(passage.text)), " ".join(opening)
    if not whole:
        found = found[:len(wanted)]
    if len(wanted) < FUZZY_FROM or found == wanted:
        return found == wanted
    from difflib import SequenceMatcher

    return SequenceMatcher(None, found, wanted, autojunk=False).ratio() >= SIMILAR


def _glance(file: str, passages: list[Passage], items: list[Item], expected: Expectations) -> list[Finding]:
    """The lede, then every figure at a glance, before the body's first words."""
    findings: list[Finding] = []
    lede = words(expected.lede)[:OPENING_WORDS]
    lede_at = next((i for i, p in enumerate(passages) if _opens_with(p, lede, False)), None)
    start = words(expected.body_start)
    whole = len(expected.body_start.split()) < OPENING_WORDS
    in_items = {i for item in items for i in range(item.start, item.end)}
    title_at = next((i for i, p in enumerate(passages) if p.role == "H1"), -1)  # the body follows the headline
    body_at = next((i for i, p in enumerate(passages) if i > title_at and i != lede_at and i not in in_items
                    and _opens_with(p, start, whole)), None)
    first_item = items[0].start if items else None
    if lede and lede_at is None:
        findings.append(Finding(file, "whole file", "order.lede", "the lede (the release's summary) is missing"))
    elif lede_at is not None:
        later = [i for i in (first_item, body_at) if i is not None and i < lede_at]
        if later:
            findings.append(Finding(file, passages[lede_at].location, "order.lede",
                                    f"the lede comes after {passages[min(later)].location}: it opens the release, "
                                    "right after the title block"))
    if body_at is None or not expected.figures:
        return findings
    before = {key for item in items if item.end <= body_at for key in item.keys}
    missing = [key for key in expected.figures if key not in before]
    if missing:
        findings.append(Finding(file, passages[body_at].location, "order.glance",
                                f"{len(missing)} figure(s) not listed at a glance before the body starts here "
                                f"('{' '.join(start)}'): {', '.join(missing)}"))
    return findings


def _table_headers(file: str, passages: list[Passage], expected: Expectations) -> list[Finding]:
    wanted = [expected.names.get("measure", ""), expected.names.get("figure", "")]
    findings = []
    for row in _header_rows(passages):
        texts = [normalise(p.text) for p in row]
        if texts != wanted:
            findings.append(Finding(file, row[0].location, "names.table-headers",
                                    f"the figure table's columns read '{' | '.join(texts)}'; every output names "
                                    f"them '{' | '.join(wanted)}' (the labels' measure and figure)"))
    return findings


def _header_rows(passages: list[Passage]) -> list[list[Passage]]:
    """Runs of consecutive column headers (TH passages)."""
    rows: list[list[Passage]] = []
    previous = False
    for passage in passages:
        if passage.role == "TH":
            if not previous:
                rows.append([])
            rows[-1].append(passage)
        previous = passage.role == "TH"
    return rows


def _same_name(shown: str, name: str) -> bool:
    """A heading names a section: it is the name, or the name qualified ('What partners said: Anne
    Milgram', 'Results (continued)')."""
    return shown == name or shown.startswith((name + ":", name + " :", name + " ("))  # French: "Résultats : ..."


def _quote_sections(file: str, passages: list[Passage], expected: Expectations) -> list[Finding]:
    """Each quote of a headed section stands under that section's name. Quotes are found by their
    attribution; quotes of one speaker may stand under any of their sections' names."""
    sections: dict[str, set[str]] = {}
    for place in expected.quotes.values():
        sections.setdefault(normalise(place.attribution), set()).add(place.section)
    sections = {who: names for who, names in sections.items() if who and "" not in names}
    if not sections:
        return []
    under: dict[int, tuple[Passage | None, list[str]]] = {}  # heading -> the speakers found under it
    current: Passage | None = None
    for passage in passages:
        text = normalise(passage.text)
        for who in sections:
            if who in text:
                under.setdefault(id(current), (current, []))[1].append(who)
        if passage.role in SECTION_ROLES:
            current = passage
    quotes_name = expected.names.get("quotes", "")
    findings = []
    for heading, speakers in under.values():
        shown = normalise(heading.text) if heading is not None else ""
        named = set().union(*(sections[who] for who in speakers))
        if _same_name(shown, quotes_name) and len(named) > 1:
            continue  # quotes of several sections gathered under the labels' name for quotes
        wrong = list(dict.fromkeys(who for who in speakers if not any(_same_name(shown, n) for n in sections[who])))
        if wrong:
            names = sorted({n for who in wrong for n in sections[who]})
            findings.append(Finding(file, heading.location if heading is not None else "whole file", "names.section",
                                    f"the quotes of {'; '.join(wrong)} stand under '{shown}'; every output names "
                                    f"their section {' or '.join(repr(n) for n in names)}"))
    return findings
