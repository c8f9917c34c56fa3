"""A draft's text -> blocks: headings, paragraphs, lists, blockquotes, the end mark.

Only the Markdown that news-release drafts use: ``#`` headings, ``- item`` lists,
``> quote`` blockquotes, emphasis, links, backslash escapes and hard line breaks. Plain
text is Markdown without markup, so it reads the same way. A line of ``###`` or ``-30-``
ends the release.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
END_MARK = re.compile(r"^(?:#{3,}|#(?:\s+#){2,}|-\s*30\s*-|\*\s*\*\s*\*)$")
LIST_ITEM = re.compile(r"^(?:[-*+•]|\d{1,2}[.)])\s+(.*)$")
LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]*)(?:\s+\"[^\"]*\")?\)")
ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!$<>|~])")
EMPHASIS = re.compile(r"(?<![\w*])[*_]{1,3}(?=\S)|(?<=\S)[*_]{1,3}(?![\w*])|\*{2,3}")
STRONG = re.compile(r"^\*\*\*?(.+?)\*\*\*?$", re.S)
EMPHASISED = re.compile(r"^[*_](.+)[*_]$", re.S)


@dataclass(frozen=True)
class Link:
    text: str
    url: str


@dataclass
class Block:
    """One block of the draft; ``raw`` keeps the markup, ``text`` is the clean text."""

    kind: str  #: heading | paragraph | list | quote | end
    raw: str = ""
    level: int = 0
    items: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return inline(self.raw)[0]

    @property
    def links(self) -> list[Link]:
        return inline(self.raw)[1]

    @property
    def bold(self) -> bool:
        return bool(STRONG.match(self.raw.strip()))

    @property
    def italic(self) -> bool:
        raw = self.raw.strip()
        return raw.startswith("***") or (bool(EMPHASISED.match(raw)) and not raw.startswith("**"))


def inline(raw: str) -> tuple[str, list[Link]]:
    """Markdown inline markup -> (plain text with single spaces, the links it held)."""
    links = [Link(m.group(1), m.group(2)) for m in LINK.finditer(raw)]
    text = LINK.sub(lambda m: m.group(1), raw)
    escaped: list[str] = []

    def hold(match: re.Match[str]) -> str:
        escaped.append(match.group(1))
        return f"\x00{len(escaped) - 1}\x00"

    text = ESCAPE.sub(hold, text)
    text = EMPHASIS.sub("", text)
    text = re.sub("\x00(\\d+)\x00", lambda m: escaped[int(m.group(1))], text)
    text = text.replace("{", "(").replace("}", ")")
    return " ".join(text.split()), links


def parse_blocks(source: str) -> list[Block]:
    """The draft's blocks in order, stopping at the end mark."""
    blocks: list[Block] = []
    current: Block | None = None
    lines: list[str] = []

    def flush() -> None:
        nonlocal current, lines
        if current is not None:
            _finish(current, lines)
            blocks.append(current)
        current, lines = None, []

    for line in source.splitlines():
        stripped = line.strip()
        if not stripped:
            flush()
            continue
        if END_MARK.match(stripped):
            flush()
            blocks.append(Block("end"))
            break
        heading = HEADING.match(stripped)
        if heading:
            flush()
            blocks.append(Block("heading", heading.group(2), level=len(heading.group(1))))
            continue
        kind = "list" if LIST_ITEM.match(stripped) else "quote" if stripped.startswith(">") else "paragraph"
        continues_item = current is not None and current.kind == "list" and line[:1].isspace()
        if current is not None and current.kind != kind and not continues_item:
            flush()
        if current is None:
            current = Block(kind)
        lines.append(line)
    flush()
    return blocks


def _finish(block: Block, lines: list[str]) -> None:
    if block.kind == "list":
        for line in lines:
            item = LIST_ITEM.match(line.strip())
            if item:
                block.items.append(item.group(1))
            elif block.items:
                block.items[-1] += " " + line.strip()
        block.raw = "\n".join(block.items)
    elif block.kind == "quote":
        block.raw = "\n".join(re.sub(r"^>\s?", "", line.strip()) for line in lines)
    else:
        block.raw = "\n".join(line.rstrip() for line in lines)
