"""The braille edition: Unified English Braille in Braille Ready Format (BRF), for embossers.

liblouis only translates (``lou_translate``, tables ``en-ueb-g2.ctb`` contracted or
``en-ueb-g1.ctb`` uncontracted, through the North American braille ASCII table
``en-us-brf.dis``); the layout is ours:

- pages of 40 cells x 25 lines, a form feed between pages, lines ending CR LF;
- line 1 of every page holds only the braille page number, at the right margin;
- headings centred (title, sections) with a blank line before and after, or in cell 5
  (list titles) with a blank line before; a heading never ends a page;
- paragraphs 3-1 (first line in cell 3, runovers in cell 1), no blank line between them;
- lists, key figures, masthead and contact lines 1-3 (hanging indent), set apart by blank
  lines;
- lines break only at spaces: a figure (no-break spaces from the document) is never split,
  and a word longer than a line (a URL) is divided after a slash or hyphen;
- web and email addresses are uncontracted, after the grade 1 word indicator, so that
  ``https:`` does not read as "httpscc".

The page, the braille page numbers and the translation are the format's spec
(:mod:`publisher.spec.braille`), which the audit reads the file back with.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
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
)
from publisher.figures import NBSP
from publisher.model import Release
from publisher.spec.braille import (
    GRADE1_WORD,
    LINES,
    NEWLINE,
    PAGE_BREAK,
    WIDTH,
    BrailleOptions,
    page_number,
    tables_for,
    translate,
    uses_grade1_word,
)
from publisher.theme import Theme

if TYPE_CHECKING:
    from publisher.labels import Labels

CENTRED_MARGIN = 3  #: blank cells at least on each side of a centred heading
#: (first-line indent, runover indent) in cells, by block style
INDENTS = {"para": (2, 0), "item": (0, 2), "cell5": (4, 4)}
_ADDRESS = re.compile(r"(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+\.[\w.-]+|@\w+", re.IGNORECASE)


@dataclass(frozen=True)
class Unit:
    """One laid-out piece of the document, before translation."""

    text: str
    style: str  #: "centred" | "para" | "item" | "cell5"
    blank_before: bool = False
    blank_after: bool = False

    @property
    def heading(self) -> bool:
        return self.style in ("centred", "cell5")


def plan(release: Release, labels: Labels | None = None) -> list[Unit]:
    """The release as layout units in the shared reading order (pure: no liblouis needed)."""
    units: list[Unit] = []
    words = labels_of(release, labels)
    blocks = build_document(release, words, keep_together=True).blocks
    for index, block in enumerate(blocks):
        match block:
            case Heading():
                units.append(_heading(block.text, block.level))
            case Paragraph(role="masthead"):
                first = index == 0 or not _masthead(blocks[index - 1])
                last = index == len(blocks) - 1 or not _masthead(blocks[index + 1])
                units.append(Unit(block.text, "item", blank_before=first, blank_after=last))
            case Paragraph():
                units.append(Unit(block.text, "para"))
            case BulletList():
                units += _list(block.title, list(block.items))
            case KeyFigures():
                units.append(_heading(block.title, 2))
                for group in block.groups:
                    units += _list(group.title, [fig.line for fig in group.figures])
            case Quotation():
                units += [Unit(block.quoted, "para"), Unit(f"— {block.attribution}", "para")]
            case Links():
                units += [_heading(block.title, 2)] + _list(None, [words.pair(link.text, link.url) for link in block.links])
            case Contact():
                units += [_heading(block.title, 2)] + _list(None, [line.text for line in block.lines])
            case _:
                assert_never(block)
    return units


def _masthead(block: Block) -> bool:
    return isinstance(block, Paragraph) and block.role == "masthead"


def _heading(text: str, level: int) -> Unit:
    if level <= 2:
        return Unit(text, "centred", blank_before=level > 1, blank_after=True)
    return Unit(text, "cell5", blank_before=True)


def _list(title: str | None, items: list[str]) -> list[Unit]:
    """Items 1-3, set apart by blank lines; a title goes above them as a cell-5 heading."""
    units = [Unit(item, "item") for item in items]
    if units:
        units[0] = replace(units[0], blank_before=not title)
        units[-1] = replace(units[-1], blank_after=True)
    return ([_heading(title, 3)] if title else []) + units


def to_braille(texts: list[str], grade: str, language: str = "en") -> list[str]:
    """Translate texts with one liblouis call per table, the language's tables.

    In contracted English braille, addresses are uncontracted after ';;', and so are the words
    of figures and identifiers, and words in capitals, that contracted braille would not bring
    back ("a.m." reads "a.more.", "CDS" reads "COULDS"). In both grades the other words of
    figures and identifiers are translated one by one, so that none falls inside a capitals
    passage (which liblouis reads back in small letters)."""
    tables = tables_for(language)
    table = tables[grade]
    grade1_words = grade == "contracted" and uses_grade1_word(language)
    held = {word for text in texts for word in _held_words(text)}
    letters = {word for text in texts for word in _letter_words(text)}
    uncontracted = _needs_grade1(sorted(held | letters), table) if grade1_words else set()

    def kind(word: str) -> str:
        if grade1_words and (_ADDRESS.fullmatch(word.rstrip(".,;:)")) or word in uncontracted):
            return UNCONTRACTED
        return ALONE if word in held else PROSE
    pieces = [_split_words(text, kind) for text in texts]
    contracted = iter(translate([p for parts in pieces for k, p, _ in parts if k != UNCONTRACTED], table))
    plain = iter(translate([p for parts in pieces for k, p, _ in parts if k == UNCONTRACTED], tables["uncontracted"]))
    result = []
    for parts in pieces:
        out = ""
        for k, _, separator in parts:
            word = GRADE1_WORD + next(plain).strip() if k == UNCONTRACTED else next(contracted).strip()
            out += word + separator if word else ""
        result.append(out.rstrip(" " + NBSP))
    return result


PROSE, ALONE, UNCONTRACTED = "prose", "alone", "uncontracted"  #: how a run of words is translated
_WORD_SEPARATOR = re.compile(f"([ {NBSP}])")


def _held_words(text: str) -> list[str]:
    """The words of the runs a line breaker must keep whole (figures, identifiers: joined by
    no-break spaces) and of any word with a digit."""
    return [word for token in text.split(" ") if NBSP in token or any(ch.isdigit() for ch in token)
            for word in token.split(NBSP) if word]


_LETTERS = re.compile(r"[A-Z]{2,}s?[.,;:!?)]*")  #: "CDS", "CDs:": capitals that may spell a contraction


def _letter_words(text: str) -> list[str]:
    """The words in capitals (initialisms): their letters may also be a contraction ("CD" is
    "could" in contracted braille), so each is checked like the held words."""
    return [word for word in _WORD_SEPARATOR.split(text) if _LETTERS.fullmatch(word)]


def _needs_grade1(words: list[str], table: str) -> set[str]:
    """The ``words`` that ``table`` does not translate back to themselves: they are written
    uncontracted, after the grade 1 word indicator."""
    if not words:
        return set()
    back = translate(translate(words, table), table, backward=True)
    return {word for word, again in zip(words, back, strict=True) if again != _QUOTES.sub(_straight, word)}


_QUOTES = re.compile("[“”„‘’]")  #: liblouis reads every quotation mark back straight


def _straight(match: re.Match) -> str:
    return "'" if match.group() in "‘’" else '"'


def _split_words(text: str, kind) -> list[tuple[str, str, str]]:
    """``text`` as (kind, piece, separator after it) runs: ``kind(word)`` is PROSE for a
    word that joins the prose around it, or ALONE or UNCONTRACTED for one that is a run of
    its own. Words are separated by spaces and no-break spaces, and keep the separator that
    followed them."""
    parts: list[tuple[str, str, str]] = []
    prose = ""

    def flush() -> None:
        kept = prose.rstrip(" " + NBSP)
        if kept:
            parts.append((PROSE, kept, prose[len(kept):]))

    tokens = _WORD_SEPARATOR.split(text)
    for word, separator in zip(tokens[::2], tokens[1::2] + [""], strict=True):
        how = kind(word) if word else PROSE
        if how == PROSE:
            prose += word + separator
        else:
            flush()
            prose = ""
            parts.append((how, word, separator))
    flush()
    return parts or [(PROSE, "", "")]


def wrap(braille: str, first: int, runover: int, width: int = WIDTH) -> list[str]:
    """Braille lines of at most ``width`` cells, broken at spaces only (no-break spaces hold).

    A word longer than a whole line is divided after a slash, hyphen or no-break space,
    and only failing those at the line's end.
    """
    lines: list[str] = []
    current = ""
    indent = first

    def flush() -> None:
        nonlocal current, indent
        lines.append(" " * indent + current.replace(NBSP, " "))
        current, indent = "", runover

    for word in braille.split(" "):
        while word:
            room = width - indent - (len(current) + 1 if current else 0)
            if len(word) <= room:
                current = f"{current} {word}" if current else word
                word = ""
            elif current and len(word) <= width - runover:
                flush()
            else:
                head, tail = _divide(word, room)
                if not head:
                    if current:
                        flush()
                        continue
                    head, tail = word[:room], word[room:]
                current = f"{current} {head}" if current else head
                word = tail
                flush()
    if current:
        flush()
    return lines


def _divide(word: str, room: int) -> tuple[str, str]:
    """The longest head of ``word`` fitting ``room`` that ends at a break point, and the rest."""
    best = 0
    for match in re.finditer(rf"{NBSP}|_/|-", word):
        end = match.end()
        kept = match.start() if match.group() == NBSP else end
        if kept <= room and 0 < kept:
            best = end
    if not best:
        return "", word
    head = word[:best]
    return head.rstrip(NBSP), word[best:]


def centre(braille: str, width: int = WIDTH) -> list[str]:
    lines = wrap(braille, 0, 0, width - 2 * CENTRED_MARGIN)
    return [" " * ((width - len(line)) // 2) + line for line in lines]


def lay_out(unit: Unit, braille: str) -> list[str]:
    if unit.style == "centred":
        return centre(braille)
    return wrap(braille, *INDENTS[unit.style])


def paginate(blocks: list[tuple[Unit, list[str]]]) -> list[list[str]]:
    """Pages of text lines (the page-number line not included), blank lines between blocks.

    Blank lines never double; at the top of a page a blank line is dropped before a heading
    and kept before anything else (it tells a list from the paragraph it follows). A heading
    stays with the first two lines of what follows it.
    """
    body = LINES - 1
    pages: list[list[str]] = [[]]
    blank_pending = False
    for index, (unit, lines) in enumerate(blocks):
        if not lines:
            continue
        blank = blank_pending or unit.blank_before
        if unit.heading and pages[-1]:
            need = int(blank) + len(lines) + _following(blocks, index)
            if len(pages[-1]) + need > body:
                pages.append([])
        if blank and (pages[-1] or (len(pages) > 1 and not unit.heading)):
            _put(pages, "")
        for line in lines:
            _put(pages, line)
        blank_pending = unit.blank_after
    if pages[-1] and pages[-1][-1] == "":
        pages[-1].pop()
    return pages


def _following(blocks: list[tuple[Unit, list[str]]], index: int) -> int:
    """Lines a heading must keep on its page after itself: a blank line and two lines of text."""
    unit = blocks[index][0]
    rest = [lines for _, lines in blocks[index + 1:] if lines]
    if not rest:
        return 0
    return int(unit.blank_after) + min(2, len(rest[0]))


def _put(pages: list[list[str]], line: str) -> None:
    if len(pages[-1]) >= LINES - 1:
        pages.append([])
    pages[-1].append(line)


def emit(pages: list[list[str]]) -> bytes:
    """BRF bytes: each page's number line and text lines, CR LF line ends, form feeds between."""
    texts = []
    for number, lines in enumerate(pages, 1):
        head = page_number(number).rjust(WIDTH)
        texts.append("".join(line.rstrip() + NEWLINE for line in [head, *lines]))
    return PAGE_BREAK.join(texts).encode("ascii")


def render(release: Release, theme: Theme, options: BrailleOptions) -> bytes:
    """The release as a BRF file, in the grade ``options`` ask for."""
    units = plan(release, theme.labels_for(release.language))
    braille = to_braille([unit.text for unit in units], options.grade, release.language)
    return emit(paginate([(unit, lay_out(unit, text)) for unit, text in zip(units, braille, strict=True)]))
