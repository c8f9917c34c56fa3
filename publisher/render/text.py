"""The plain-text edition: the whole release for screen readers, braille displays, email, SMS.

UTF-8, Unix newlines, no tabs, lines of at most 80 characters wrapped at word boundaries
and never inside a figure; title underlined with '=', headings with '-'; key figures as
"Label: figure" lines; lists with "- "; quotes with their attribution.
"""
from __future__ import annotations

import textwrap

from publisher.document import (
    BulletList, Contact, FigureList, Heading, Links, Paragraph, Quotation, build_document, plain,
)
from publisher.model import Release
from publisher.theme import Theme

WIDTH = 80


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


def render_lines(release: Release) -> list[str]:
    doc = build_document(release)
    out: list[list[str]] = []
    masthead: list[str] = []
    for block in doc.blocks:
        if isinstance(block, Paragraph) and block.role == "masthead":
            masthead += _wrap(block.text)
            continue
        if masthead:
            out.append(masthead)
            masthead = []
        if isinstance(block, Heading):
            out.append(_heading(block.text, "=" if block.level == 1 else "-"))
        elif isinstance(block, Paragraph):
            out.append(_wrap(block.text))
        elif isinstance(block, BulletList):
            lines = [plain(block.title) + ":"] if block.title else []
            for item in block.items:
                lines += _wrap(item, "- ", "  ")
            out.append(lines)
        elif isinstance(block, FigureList):
            lines = [plain(block.title) + ":"] if block.title else []
            for fig in block.figures:
                lines += _wrap(f"{fig.label}: {fig.text}", "- ", "  ")
            out.append(lines)
        elif isinstance(block, Quotation):
            out.append(_wrap(f"“{block.text}”") + _wrap(f"— {block.attribution}", "  ", "    "))
        elif isinstance(block, Links):
            lines = _heading(block.title, "-")
            for link in block.links:
                lines += _wrap(f"{link.text}: {link.url}", "- ", "  ")
            out.append(lines)
        elif isinstance(block, Contact):
            out.append(_heading(block.title, "-") + [line for text in block.lines for line in _wrap(text)])
    if masthead:
        out.append(masthead)
    lines: list[str] = []
    for para in out:
        if lines:
            lines.append("")
        lines += para
    return lines


def render(release: Release, theme: Theme | None = None) -> bytes:
    return ("\n".join(render_lines(release)) + "\n").encode("utf-8")
