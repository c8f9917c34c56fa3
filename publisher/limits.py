"""Every bound publisher puts on its inputs, as data: one place to read, document and test them.

Each maximum is far above what a real news release reaches (the worked example has 5
sections of 10 blocks, 10 figures, 4 quotes and 7,556 characters of text) and low enough
that a release at every maximum at once builds in every format within seconds
(``benchmarks/run.py``: "release at every maximum").
Content beyond a limit is refused when it loads, with exit 2 and a located message,
before anything is written. Importable without loading anything else.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Limit:
    name: str
    maximum: int
    what: str  #: what is counted, for messages and the reference: "sections in a release"


CONTENT_FILE_BYTES = Limit("content file size", 1 * 2**20, "bytes in a content file (1 MiB)")
YAML_NODES = Limit("YAML nodes", 20_000, "YAML values (keys, texts, numbers, lists, mappings) in a content file")
NESTING = Limit("nesting depth", 8, "levels of lists and mappings inside each other (the format needs 5)")
SECTIONS = Limit("sections", 40, "sections in a release")
BLOCKS = Limit("blocks", 250, "blocks (paragraphs, quotes, lists) in all sections together")
LISTS = Limit("lists", 25, "named lists")
LIST_ITEMS = Limit("list items", 250, "items in all named lists together")
QUOTES = Limit("quotes", 30, "named quotes")
FIGURES = Limit("figures", 100, "figures in the registry")
DATES = Limit("dates", 100, "named dates")
LINKS = Limit("links", 30, "related links")
KEYWORDS = Limit("keywords", 20, "keywords")
TEXT = Limit("text", 80_000, "characters of text in all fields together")
URL = Limit("URL length", 500, "characters in a URL")
FIGURE_DIGITS = Limit("figure magnitude", 15, "digits before the decimal point of a figure's value")

#: The largest value a figure may hold: 999,999,999,999,999.99 ("999.99 trillion" and below).
MAX_FIGURE_VALUE = Decimal(10) ** FIGURE_DIGITS.maximum - Decimal("0.01")

#: Files publisher reads that are not content files.
FONT_FILE_BYTES = Limit("font file size", 32 * 2**20, "bytes in a theme's font file (32 MiB)")
CHECKED_FILE_BYTES = Limit("checked file size", 256 * 2**20, "bytes in a file given to `publisher check` (256 MiB)")
ARCHIVE_BYTES = Limit("archive size", 256 * 2**20,
                      "bytes an archive (.pptx) given to `publisher check` unpacks to (256 MiB)")
ARCHIVE_RATIO = Limit("archive compression ratio", 200, "times a member of an archive may expand when unpacked")
ARCHIVE_MEMBERS = Limit("archive members", 10_000, "files in an archive given to `publisher check`")

CONTENT_LIMITS: tuple[Limit, ...] = (
    CONTENT_FILE_BYTES, YAML_NODES, NESTING, SECTIONS, BLOCKS, LISTS, LIST_ITEMS, QUOTES, FIGURES, DATES,
    LINKS, KEYWORDS, TEXT, URL, FIGURE_DIGITS,
)
FILE_LIMITS: tuple[Limit, ...] = (FONT_FILE_BYTES, CHECKED_FILE_BYTES, ARCHIVE_BYTES, ARCHIVE_RATIO, ARCHIVE_MEMBERS)


def too_many(limit: Limit, found: int) -> str:
    """The message for ``found`` things where ``limit`` allows fewer."""
    return f"{found:,} {limit.what}; at most {limit.maximum:,} are allowed (limit '{limit.name}')"
