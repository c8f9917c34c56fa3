"""The braille edition's spec: the BRF page, braille page numbers, and liblouis translation.

Unified English Braille in Braille Ready Format: pages of 40 cells x 25 lines, a form feed
between pages, lines ending CR LF, the braille page number at the right of line 1 of every
page (docs/accessibility.md, "Braille"). liblouis translates both ways (``lou_translate``'s
tables ``en-ueb-g2.ctb`` contracted or ``en-ueb-g1.ctb`` uncontracted, through the North
American braille ASCII table ``en-us-brf.dis``): in this process where the library loads
(:mod:`publisher.louis`), else in one ``lou_translate`` call per list of segments. Web and
email addresses are uncontracted, after the grade 1 word indicator.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from publisher.errors import BuildError, MissingToolError
from publisher.spec import Format, Options, option

WIDTH = 40  #: cells per line
LINES = 25  #: lines per page, the page-number line included
DISPLAY_TABLE = "en-us-brf.dis"
#: liblouis tables by language (primary subtag) and grade. Spanish braille is written
#: uncontracted in general use (the Spanish tables' grade 2 is a shorthand), so both grades
#: are grade 1; French has integral (comp6) and abridged (g2) braille.
LANGUAGE_TABLES = {
    "en": {"contracted": "en-ueb-g2.ctb", "uncontracted": "en-ueb-g1.ctb"},
    "es": {"contracted": "es-g1.ctb", "uncontracted": "es-g1.ctb"},
    "fr": {"contracted": "fr-bfu-g2.ctb", "uncontracted": "fr-bfu-comp6.utb"},
}
TABLES = LANGUAGE_TABLES["en"]
GRADE1_WORD = ";;"  #: UEB grade 1 word indicator, before an uncontracted address (English only)
#: What a language's table reads back otherwise than it was written, and what it was: es-g1
#: gives dot 3 (the period, which Spanish writes where English has an apostrophe) back as "'",
#: and dots 2-5 after a letter (a colon: digits follow a number sign) as the digit 3.
BACK_READINGS: dict[str, tuple[tuple[re.Pattern[str], str], ...]] = {
    "es": ((re.compile(r"(?<=[^\W\d_])3(?!\d)"), ":"), (re.compile("'"), ".")),
}


def primary(language: str) -> str:
    return (language or "en").split("-")[0].lower()


def tables_for(language: str) -> dict[str, str]:
    """The tables of ``language`` by grade; :class:`BuildError` for a language without braille tables."""
    tables = LANGUAGE_TABLES.get(primary(language))
    if tables is None:
        raise BuildError(f"no braille tables for '{language}' (braille is written in: {', '.join(LANGUAGE_TABLES)})")
    return tables


def uses_grade1_word(language: str) -> bool:
    """Whether addresses are written uncontracted after UEB's grade 1 word indicator (English)."""
    return primary(language) == "en"


def read_back(text: str, language: str) -> str:
    """Back-translated ``text`` with what the language's table cannot tell apart put right."""
    for pattern, meant in BACK_READINGS.get(primary(language), ()):
        text = pattern.sub(meant, text)
    return text
INSTALL_HINT = "braille needs liblouis: apt-get install liblouis-bin liblouis-data"
PAGE_BREAK = "\f"
NEWLINE = "\r\n"

_UNSENDABLE = re.compile(r"[\x00-\x1f\x7f]")
_DIGIT_LETTERS = "JABCDEFGHI"


def lou_translate() -> str:
    """The path of ``lou_translate``; MissingToolError (one line: what to install) when absent."""
    import shutil

    path = shutil.which("lou_translate")
    if not path:
        raise MissingToolError(INSTALL_HINT)
    return path


def translate(segments: list[str], table: str, backward: bool = False) -> list[str]:
    """Translate (or back-translate) every segment, with liblouis in this process where it
    loads (:mod:`publisher.louis`), else in ONE ``lou_translate`` call.

    Segments go one per line; line breaks and other control characters inside a segment
    become spaces. Forward output is braille ASCII, with any no-break space kept as it came.
    """
    if not segments:
        return []
    # lou_translate reads its input in buffers: a long line comes back as several lines.
    # Send long segments in pieces cut between words, and join the pieces' translations.
    pieces: list[tuple[int, str]] = [(i, piece) for i, segment in enumerate(segments)
                                     for piece in _pieces(segment)]
    if len(pieces) != len(segments):
        joined: dict[int, list[str]] = {}
        for (i, _), text in zip(pieces, translate([p for _, p in pieces], table, backward), strict=True):
            joined.setdefault(i, []).append(text)
        return [" ".join(joined[i]) for i in range(len(segments))]
    from publisher import louis

    if louis.library() is not None:
        try:
            return [louis.translate(_UNSENDABLE.sub(" ", segment), f"{DISPLAY_TABLE},{table}", backward)
                    for segment in segments]
        except louis.TranslationError as exc:
            raise MissingToolError(f"{INSTALL_HINT} (table {table} or {DISPLAY_TABLE} not found)") from exc
    import subprocess

    tool = lou_translate()
    # lou_translate reads backslash escapes (\x0041) in its input, and braille "\" is "ou"
    cleaned = [_UNSENDABLE.sub(" ", segment).replace("\\", "\\\\") for segment in segments]
    try:
        done = subprocess.run(
            [tool, "--backward" if backward else "--forward", f"{DISPLAY_TABLE},{table}"],
            input="\n".join(cleaned) + "\n", capture_output=True, text=True, encoding="utf-8",
            errors="replace", timeout=120, check=False,
        )
    except OSError as exc:
        raise MissingToolError(f"{INSTALL_HINT} ({exc.strerror})") from exc
    except subprocess.TimeoutExpired as exc:
        raise BuildError(f"lou_translate did not finish in {exc.timeout:.0f} s") from exc
    if done.returncode != 0:
        detail = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else f"exit {done.returncode}"
        raise MissingToolError(f"{INSTALL_HINT} (lou_translate: {detail})")
    if "could not be compiled" in done.stderr or "Cannot resolve table" in done.stderr:
        raise MissingToolError(f"{INSTALL_HINT} (table {table} or {DISPLAY_TABLE} not found)")
    if "error" in done.stderr.lower():
        raise BuildError(f"lou_translate: {done.stderr.strip().splitlines()[0]}")
    lines = done.stdout.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if len(lines) != len(cleaned):
        raise BuildError(f"lou_translate returned {len(lines)} lines for {len(cleaned)} segments")
    return lines


MAX_PIECE = 1000


_NUMBER_SPACE_NUMBER = re.compile(r"(?<=\d) (?=[$€£]?\d)")


def _pieces(segment: str) -> list[str]:
    """``segment`` cut between words into pieces of at most MAX_PIECE characters.

    Two numbers separated by a space are also cut apart: liblouis reads that space as a
    numeric space inside one number ("3,249 0" becomes one number), which loses a figure.
    """
    parts = _NUMBER_SPACE_NUMBER.split(segment)
    if len(parts) > 1:
        return [piece for part in parts for piece in _pieces(part)]
    if len(segment) <= MAX_PIECE:
        return [segment]
    out, current = [], ""
    for word in segment.split(" "):
        if current and len(current) + 1 + len(word) > MAX_PIECE:
            out.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    return out + [current]


def page_number(number: int) -> str:
    """A braille page number in braille ASCII: 12 -> '#AB'."""
    return "#" + "".join(_DIGIT_LETTERS[int(d)] for d in str(number))


def split_runs(text: str, special: Callable[[str], object]) -> list[tuple[bool, str]]:
    """``text`` as (is_special, piece) runs split at spaces; ``special(word)`` marks a word
    that stands as a run of its own (a web or email address)."""
    parts: list[tuple[bool, str]] = []
    prose: list[str] = []
    for word in text.split(" "):
        if special(word):
            if prose:
                parts.append((False, " ".join(prose)))
                prose = []
            parts.append((True, word))
        else:
            prose.append(word)
    if prose or not parts:
        parts.append((False, " ".join(prose)))
    return parts


@dataclass(frozen=True)
class BrailleOptions(Options):
    grade: Literal["contracted", "uncontracted"] = option(
        "contracted", "Grade of the braille edition (English: Unified English Braille; French: abridged or "
        "integral; Spanish is always grade 1).", flag="--braille-grade")


FORMAT = Format(
    "braille", ".brf", "publisher.render.braille", "publisher.audit.braille",
    "Braille edition: contracted UEB in BRF, 40 cells x 25 lines, for embossers",
    options=BrailleOptions, reads=(".brf",), optional=True, engine="liblouis", weight=6, reads_language=True,
    glance=True,
)
