"""The plain-text edition: the whole release for screen readers, braille displays, email, SMS.

UTF-8, Unix newlines, no tabs, lines of at most 80 characters wrapped at word boundaries
and never inside a figure; title underlined with '=', headings with '-', one blank line
before and after every heading; the shared reading order (:mod:`publisher.document`): the
lede, then the key figures as "Label: figure" lines by group, then the sections; lists
with "- "; quotes with their attribution.
"""
from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING, assert_never

from publisher.document import (
    Block,
    BulletList,
    Contact,
    Heading,
    KeyFigures,
    Links,
    Paragraph,
    Quotation,
    build_document,
    labels_of,
    plain,
)
from publisher.model import Release
from publisher.spec import Options
from publisher.spec.text import HEADING_RULE, ITEM_MARK, TITLE_RULE, WIDTH
from publisher.theme import Theme

if TYPE_CHECKING:
    from publisher.labels import Labels


def _wrap(text: str, indent: str = "", hanging: str | None = None) -> list[str]:
    wrapper = textwrap.TextWrapper(
        width=WIDTH,
        initial_indent=indent,
        subsequent_indent=indent if hanging is None else hanging,
        break_long_words=False,
        break_on_hyphens=False,
    )
    lines = [plain(line) for line in wrapper.wrap(" ".join(text.split(" ")))] or [indent.rstrip()]
    return [piece for line in lines for piece in _break_long(line, indent if hanging is None else hanging)]


_BREAK_AFTER = "/?&=-._~#"


def _break_long(line: str, hanging: str) -> list[str]:
    """A line longer than the width (only a web address is: words are at most 40 characters)
    broken after a '/' (or other URL punctuation) that fits, else at the width; continued
    under the hanging indent."""
    pieces = []
    while len(line) > WIDTH:
        cut = max((line.rfind(ch, len(hanging) + 1, WIDTH) for ch in _BREAK_AFTER), default=-1) + 1
        cut = cut if cut > len(hanging) + 1 else WIDTH
        pieces.append(line[:cut])
        line = hanging + line[cut:]
    return pieces + [line]


def _heading(text: str, rule: str) -> list[str]:
    lines = _wrap(text)
    return lines + [rule * max(len(line) for line in lines)]


def _items(title: str | None, items: list[str], words: Labels) -> list[str]:
    lines = _wrap(words.lead_in(title)) if title else []  # a title of 80 characters and its colon wrap
    for item in items:
        lines += _wrap(item, ITEM_MARK, " " * len(ITEM_MARK))
    return lines


def block_lines(block: Block, words: Labels) -> list[str]:
    """One block of the document as lines of the edition (``words``: the language's labels and
    punctuation between a label and its value)."""
    match block:
        case Heading():
            return _heading(block.text, TITLE_RULE if block.level == 1 else HEADING_RULE)
        case Paragraph():
            return _wrap(block.text)
        case BulletList():
            return _items(block.title, list(block.items), words)
        case KeyFigures():
            lists = [_items(group.title, [fig.line for fig in group.figures], words) for group in block.groups]
            return _heading(block.title, HEADING_RULE) + [""] + _joined(lists)
        case Quotation():
            return _wrap(block.quoted) + _wrap(f"— {block.attribution}", "  ", "    ")
        case Links():
            return (_heading(block.title, HEADING_RULE) + [""]
                    + _items(None, [words.pair(link.text, link.url) for link in block.links], words))
        case Contact():
            return _heading(block.title, HEADING_RULE) + [""] + [line for item in block.lines for line in _wrap(item.text)]
        case _:
            assert_never(block)


def _joined(paragraphs: list[list[str]]) -> list[str]:
    """Paragraphs one after the other, a blank line between them."""
    lines: list[str] = []
    for para in paragraphs:
        if lines:
            lines.append("")
        lines += para
    return lines


def render_lines(release: Release, labels: Labels | None = None) -> list[str]:
    words = labels_of(release, labels)
    doc = build_document(release, words)
    out: list[list[str]] = []
    masthead: list[str] = []
    for block in doc.blocks:
        if isinstance(block, Paragraph) and block.role == "masthead":
            masthead += _wrap(block.text)
            continue
        if masthead:
            out.append(masthead)
            masthead = []
        out.append(block_lines(block, words))
    if masthead:
        out.append(masthead)
    return _joined(out)


def render(release: Release, theme: Theme, options: Options) -> bytes:
    return ("\n".join(render_lines(release, theme.labels_for(release.language))) + "\n").encode("utf-8")
