"""Drafts stay drafts: stand-ins left by ``publisher init`` or ``publisher import`` are found,
and a release built with ``--draft`` is marked as one in every output.

A content file is a draft while it holds

- a ``# TODO`` comment (``init`` marks every stand-in line so; ``import`` puts one above every
  guess): the author confirms the value and deletes the comment;
- a stand-in value: a text of a TODO line of ``init``'s template, one of ``import``'s
  stand-ins, or text that starts with "Replace with" or "TODO".

``publisher build`` and ``validate`` refuse a draft (exit 2, each place located) unless
``--draft``; a draft build carries :data:`DRAFT_LINE` near the top of every output, on every
slide and page, and :data:`DRAFT_TITLE` before its title (document titles and metadata).
"""
from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING

from publisher.errors import Problem

if TYPE_CHECKING:
    from publisher.model import Release

DRAFT_LINE = "DRAFT, not for publication"
DRAFT_TITLE = "DRAFT: "
#: The values ``publisher import`` writes where the draft says nothing (each with a TODO comment).
IMPORT_STAND_INS = {"title": "Title of the release", "agency": "Name of the agency", "dateline": "DATELINE CITY",
                    "phone": "000-000-0000", "website": "https://www.example.gov"}
_PREFIXES = ("Replace with", "TODO")
_TODO_COMMENT = re.compile(r"(?:^|(?<=[ \t]))#[ \t]*TODO\b[^\n]*", re.MULTILINE)

Locate = Callable[[tuple, str], Problem]


def todo_comments(text: str, scalars: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
    """(line, column, comment) of every ``# TODO`` comment of YAML ``text``, 1-based.

    ``scalars`` are the (start, end) offsets of the document's scalars, in order: a "# TODO"
    inside a quoted or block text is text, not a comment."""
    starts = [start for start, _ in scalars]
    found = []
    for match in _TODO_COMMENT.finditer(text):
        at = bisect.bisect_right(starts, match.start()) - 1
        if at >= 0 and scalars[at][0] <= match.start() < scalars[at][1]:
            start = scalars[at][0]
            on_header = text[start] in "|>" and "\n" not in text[start:match.start()]
            if not on_header:  # a block text's header line may carry a comment; its body may not
                continue
        line = text.count("\n", 0, match.start()) + 1
        column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
        found.append((line, column, match.group().strip()))
    return found


def template_text(path: str = "{path}", today: dt.date | None = None) -> str:
    """``publisher init``'s template with its fields filled in."""
    from importlib.resources import files

    today = today or dt.date.today()
    template = files("publisher").joinpath("templates/release.yaml").read_text(encoding="utf-8")
    text = template.replace("{path}", path).replace("{today}", today.isoformat()).replace("{year}", str(today.year))
    return text.replace("{{", "{").replace("}}", "}")


@lru_cache(maxsize=1)
def stand_ins() -> frozenset[str]:
    """Every text that is a stand-in: the values on the template's TODO lines, and import's."""
    import yaml

    text = template_text()
    scalars: list[tuple[yaml.ScalarNode, bool]] = []  #: every scalar of the template, and whether it is a key
    root = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # libyaml: 1 ms, not 12
    pending: list[tuple[yaml.Node, bool]] = [(root, False)] if root is not None else []
    while pending:
        node, is_key = pending.pop()
        if isinstance(node, yaml.ScalarNode):
            scalars.append((node, is_key))
        elif isinstance(node, yaml.MappingNode):
            pending += [(part, i == 0) for pair in node.value for i, part in enumerate(pair)]
        elif isinstance(node, yaml.SequenceNode):
            pending += [(item, False) for item in node.value]
    scalars.sort(key=lambda item: item[0].start_mark.index)
    spans = [(node.start_mark.index, node.end_mark.index) for node, _ in scalars]
    todo_lines = {line for line, _, _ in todo_comments(text, spans)}
    values = set(IMPORT_STAND_INS.values())
    values |= {node.value for node, is_key in scalars
               if not is_key and node.start_mark.line + 1 in todo_lines and node.tag.endswith(":str")}
    return frozenset(values)


def draft_marks(release: Release, text: str, scalars: list[tuple[int, int]], file: str,
                locate: Locate) -> list[Problem]:
    """Every place that makes this content a draft, located: one per line at most."""
    from publisher.glyphs import strings

    known = stand_ins()
    marks = [locate(path, f"still holds a stand-in ('{value[:60]}'); write the real text")
             for path, value in strings(release.model_dump(mode="python", exclude_none=True))
             if value in known or value.startswith(_PREFIXES)]
    lines = {mark.line for mark in marks}
    marks += [Problem(file, f"a TODO comment ('{comment[:60]}'): confirm the value it is about, then delete "
                            "the comment", line, column)
              for line, column, comment in todo_comments(text, scalars) if line not in lines]
    return sorted(marks, key=lambda m: (m.line or 0, m.column or 0))


def draft_refusal(file: str, count: int) -> Problem:
    return Problem(file, f"is a draft ({count} place(s) above); finish it, or build with --draft for outputs "
                         f"marked '{DRAFT_LINE}'")


def mark_draft(release: Release, line: str = DRAFT_LINE, prefix: str = DRAFT_TITLE) -> Release:
    """The release as a draft build shows it: ``prefix`` ('DRAFT: ') before the title, ``line``
    (:data:`DRAFT_LINE`, or its words in the release's language) as the release line under the
    masthead (where 'For immediate release' stands)."""
    meta = release.release
    title = str(meta.title)
    if is_draft(release):
        return release
    meta = meta.model_copy(update={"title": prefix + title, "release_type": line})
    marked = release.model_copy(update={"release": meta})
    marked.mark_as_draft()
    return marked


def is_draft(release: Release) -> bool:
    """Whether ``release`` is marked as a draft (by :func:`mark_draft`): renderers add its release
    line, the draft line, to every page."""
    return release.is_draft
