"""Content rules that span fields, checked once the release is typed: each returns located problems.

- totals: blocks, list items and characters of text, over the whole release
  (:mod:`publisher.limits`);
- one namespace: prose cites figures and dates alike as ``{key}``, so a key names one of them;
- references only where they are resolved: ``{key}`` in prose (titles, summary, headings,
  paragraphs, list titles and items, quote text, link text) becomes the figure's or date's
  text in every output; in every other text (names, captions, units, sources, metadata) a
  brace would be printed as typed, so it is refused.
"""
from __future__ import annotations

from collections.abc import Callable

from publisher.errors import Problem
from publisher.glyphs import strings
from publisher.limits import BLOCKS, LIST_ITEMS, TEXT, too_many
from publisher.model import Release

Path_ = tuple[str | int, ...]
Locate = Callable[[Path_, str], Problem]  #: (field path, message) -> a located problem

#: Fields that name or caption something; the loader's prose rules apply, references do not.
CAPTIONS = frozenset({"label", "group", "speaker", "honorific", "role", "organisation"})
#: Fields whose form a pattern fixes (addresses, codes): no brace can reach them.
_PATTERNED = frozenset({"url", "website", "phone", "email", "social", "language", "theme"})
RESERVED_KEYS = frozenset({"release_date"})


def resolves_references(path: Path_) -> bool:
    """Whether ``{key}`` at this field becomes a figure's or date's text in every output."""
    *parents, last = path
    if path[:1] == ("briefing",):  # key points and excerpts (keyed by quote: 'speaker' may be a key)
        return len(path) > 1 and path[1] in ("key_points", "excerpts")
    if last in CAPTIONS or last in _PATTERNED:
        return False
    if path[:1] == ("release",):
        return path in {("release", "title"), ("release", "subtitle"), ("release", "summary")}
    if path[:1] == ("lists",):
        return last == "title" or "items" in parents
    if path[:1] == ("quotes",):
        return last == "text"
    if path[:1] == ("sections",):
        return last == "heading" or (len(path) == 4 and path[2] == "blocks")
    if path[:1] == ("links",):
        return last == "text"
    return False


def check_rules(release: Release, locate: Locate) -> list[Problem]:
    """Every problem of the rules above, located."""
    data = release.model_dump(mode="python", exclude_none=True)
    return totals(release, data, locate) + one_namespace(release, locate) + braces_where_unresolved(data, locate)


def totals(release: Release, data: dict, locate: Locate) -> list[Problem]:
    problems = []
    blocks = [(("sections", i, "blocks", j)) for i, s in enumerate(release.sections) for j in range(len(s.blocks))]
    if len(blocks) > BLOCKS.maximum:
        problems.append(locate(blocks[BLOCKS.maximum], too_many(BLOCKS, len(blocks))))
    items = [("lists", key, "items", i) for key, named in release.lists.items() for i in range(len(named.items))]
    if len(items) > LIST_ITEMS.maximum:
        problems.append(locate(items[LIST_ITEMS.maximum], too_many(LIST_ITEMS, len(items))))
    running = 0
    for path, text in strings(data):
        running += len(text)
        if running > TEXT.maximum:
            total = sum(len(t) for _, t in strings(data))
            problems.append(locate(path, too_many(TEXT, total) + "; this field passes the limit"))
            break
    return problems


def one_namespace(release: Release, locate: Locate) -> list[Problem]:
    problems = []
    for key in release.dates:
        if key in release.figures:
            problems.append(locate(("dates", key), f"'{key}' names both a date and a figure (figures.{key}); prose "
                                                   f"cites both as {{{key}}}, so give one of them another key"))
    for kind in ("dates", "figures"):
        for key in RESERVED_KEYS & set(getattr(release, kind)):
            problems.append(locate((kind, key), f"'{key}' is reserved: {{{key}}} is always the release's date"))
    return problems


def braces_where_unresolved(data: dict, locate: Locate) -> list[Problem]:
    problems = []
    for path, text in strings(data):
        if ("{" in text or "}" in text) and not resolves_references(path) and path[-1] not in _PATTERNED:
            problems.append(locate(path, "a brace here would be printed as typed: {key} is resolved only in prose "
                                         "(titles, summary, headings, paragraphs, list titles and items, quote "
                                         "text, link text, briefing); write the text itself"))
    return problems
