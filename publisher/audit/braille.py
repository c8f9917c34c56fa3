"""Audit of the braille edition (BRF), read from the file (docs/accessibility.md, "Braille").

:func:`audit` checks the embosser layout: braille ASCII only, at most 40 cells a line and
25 lines a page, form feeds between pages only, the braille page number at the right of
line 1 of every page. :func:`extract` back-translates the file with liblouis into located
passages (page and line), so that ``publisher check`` can find every figure's display text.

Blocks are told apart by the layout the renderer uses: a line indented 3 cells or more is
a heading; a block that starts in cell 3 holds paragraphs (3-1); a block that starts in
cell 1 holds items (1-3); blank lines end blocks.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from publisher.audit import Finding, Passage
from publisher.spec.braille import (
    GRADE1_WORD,
    LINES,
    PAGE_BREAK,
    WIDTH,
    page_number,
    read_back,
    split_runs,
    tables_for,
    translate,
    uses_grade1_word,
)

_BRAILLE_ASCII = re.compile(r"[^\x20-\x5f]")
_LOWER_ASCII = re.compile(r"[\x60-\x7e]")
_DIVIDED = ("_/", "-")  #: a long word divided at a line end ends with one of these


def pages_of(path: Path) -> list[list[str]]:
    """The file as pages of lines (line 1 of each page included), line ends removed."""
    text = Path(path).read_bytes().decode("latin-1")
    pages = []
    for page in text.split(PAGE_BREAK):
        lines = page.replace("\r\n", "\n").split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        pages.append(lines)
    return pages


def audit(path: Path) -> list[Finding]:
    path = Path(path)
    name = str(path)
    data = path.read_bytes()
    if not data.strip():
        return [Finding(name, "file", "braille.empty", "the file holds no braille")]
    findings: list[Finding] = []
    text = data.decode("latin-1")
    for index in (i for i, ch in enumerate(text) if ch == PAGE_BREAK):
        if index == 0 or text[index - 1] != "\n":
            page = text.count(PAGE_BREAK, 0, index) + 1
            findings.append(Finding(name, f"page {page}", "braille.form-feed",
                                    "form feed inside a line; a page must end with a line end"))
    pages = pages_of(path)
    for number, lines in enumerate(pages, 1):
        if len(lines) > LINES:
            findings.append(Finding(name, f"page {number}", "braille.page-length",
                                    f"{len(lines)} lines; at most {LINES} (a form feed is missing)"))
        if not any(line.strip() for line in lines[1:]):
            findings.append(Finding(name, f"page {number}", "braille.empty-page", "no text on the page"))
        findings += _page_number(name, number, lines[0] if lines else "")
        for line_number, line in enumerate(lines, 1):
            where = f"page {number}, line {line_number}"
            cells = line.rstrip("\r")
            if "\r" in cells:
                findings.append(Finding(name, where, "braille.line-end", "carriage return without a line feed"))
            if len(cells) > WIDTH:
                findings.append(Finding(name, where, "braille.line-length", f"{len(cells)} cells; at most {WIDTH}"))
            stray = _BRAILLE_ASCII.search(cells.replace("\r", ""))
            if stray and not _LOWER_ASCII.fullmatch(stray.group()):
                findings.append(Finding(name, where, "braille.ascii",
                                        f"{stray.group()!r} (U+{ord(stray.group()):04X}) is not braille ASCII"))
            elif stray:
                findings.append(Finding(name, where, "braille.lowercase",
                                        "lower-case braille ASCII; some embossers expect upper case", "warning"))
    return findings


def _page_number(name: str, number: int, first_line: str) -> list[Finding]:
    expected = page_number(number)
    line = first_line.rstrip()
    before = line[: -len(expected)] if line.endswith(expected) else None
    if before is None or len(line) != WIDTH:
        return [Finding(name, f"page {number}, line 1", "braille.page-number",
                        f"line 1 does not end with the braille page number {expected!r} in cell {WIDTH}")]
    if before.strip() and not before.endswith("   "):
        return [Finding(name, f"page {number}, line 1", "braille.page-number",
                        "fewer than 3 blank cells between the text and the page number")]
    return []


@dataclass
class _Block:
    start: tuple[int, int]
    end: tuple[int, int]
    lines: list[str] = field(default_factory=list)
    heading: bool = False

    @property
    def centred(self) -> bool:
        """A heading whose lines stand in the middle of the line (a title or a section heading)."""
        return self.heading and all(abs(2 * (len(line) - len(line.lstrip(" "))) + len(line.strip()) - WIDTH) <= 1
                                    for line in self.lines)

    @property
    def location(self) -> str:
        (p1, l1), (p2, l2) = self.start, self.end
        if (p1, l1) == (p2, l2):
            return f"page {p1}, line {l1}"
        if p1 == p2:
            return f"page {p1}, lines {l1}-{l2}"
        return f"page {p1}, line {l1} to page {p2}, line {l2}"

    @property
    def braille(self) -> str:
        joined = self.lines[0].strip()
        for line in self.lines[1:]:
            line = line.strip()
            last, first = joined.split(" ")[-1], line.split(" ")[0]
            divided = last.endswith(_DIVIDED) and len(last) + len(first) > WIDTH - 4
            joined += ("" if divided else " ") + line
        return joined


def blocks_of(pages: list[list[str]]) -> list[_Block]:
    """Lines grouped into headings, paragraphs and items by their indents (see module doc)."""
    blocks: list[_Block] = []
    current: _Block | None = None
    mode = None  # "heading" | "para" | "item"
    for page_no, lines in enumerate(pages, 1):
        for line_no, line in enumerate(lines[1:], 2):
            if not line.strip():
                current, mode = None, None
                continue
            indent = len(line) - len(line.lstrip(" "))
            if indent >= 3:
                starts = mode != "heading"
                mode = "heading"
            elif indent == 2:
                starts = mode != "item"
                mode = mode if mode == "item" else "para"
            else:
                starts = mode != "para"
                mode = mode if mode == "para" else "item"
            if starts or current is None:
                current = _Block((page_no, line_no), (page_no, line_no), heading=mode == "heading")
                blocks.append(current)
            current.lines.append(line)
            current.end = (page_no, line_no)
    return blocks


def back_translate(brailles: list[str], language: str = "") -> list[str]:
    """Print text of braille strings in ``language``'s tables (English when unknown): the grade
    told by round trip, English addresses uncontracted."""
    tables = tables_for(language)
    english = uses_grade1_word(language)
    runs = [_runs(braille) if english else [(False, braille)] for braille in brailles]
    prose = [text for parts in runs for is_address, text in parts if not is_address]
    addresses = [text[len(GRADE1_WORD):] for parts in runs for is_address, text in parts if is_address]
    best = None
    for table in dict.fromkeys(tables.values()):
        back = translate(prose, table, backward=True)
        kept = sum(a == b for a, b in zip(translate(back, table), prose, strict=True))
        if best is None or kept > best[0]:
            best = (kept, back)
        if kept == len(prose):  # every segment comes back as it was: this is the grade
            break
    prose_out = iter(best[1] if best else [])
    address_out = iter(translate(addresses, tables["uncontracted"], backward=True))
    return [read_back(" ".join((next(address_out) if is_address else next(prose_out)).strip()
                               for is_address, _ in parts), language) for parts in runs]


def _runs(braille: str) -> list[tuple[bool, str]]:
    """Braille as (is_address, text) runs; an address is a word after the grade 1 word indicator."""
    return split_runs(braille, lambda word: word.startswith(GRADE1_WORD) and not word.startswith(GRADE1_WORD + ";"))


def extract(path: Path, language: str = "") -> list[Passage]:
    """Back-translated blocks (with ``language``'s tables) located by braille page and line; page numbers left out."""
    blocks = blocks_of(pages_of(Path(path)))
    texts = back_translate([block.braille for block in blocks], language)
    first = next((block for block in blocks if block.centred), None)
    return [Passage(block.location, text, _role(block, block is first)) for block, text in zip(blocks, texts, strict=True)]


def _role(block: _Block, title: bool) -> str:
    """Centred headings are the title (H1, the first) and sections (H2); cell-5 headings are H3."""
    if not block.heading:
        return ""
    return "H1" if title else "H2" if block.centred else "H3"
