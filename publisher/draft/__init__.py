"""``publisher import``: a release written as Markdown, plain text or Word -> a draft content file.

A Word draft is first written as Markdown (:mod:`.word`). The pipeline: parse the draft into
blocks (:mod:`.markdown`), read the heading block
(:mod:`.header`), classify the body's blocks into paragraphs, quotes and lists
(:mod:`.quotes`), lift every number of the prose into figures and dates (:mod:`.quantities`,
:mod:`.registry`), assemble the content data, and emit it as YAML with ``# TODO:``
comments wherever the author should confirm a guess (:mod:`.emit`).
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from publisher.draft.assemble import assemble
from publisher.draft.emit import emit
from publisher.errors import ContentError, Problem
from publisher.load import MAX_BYTES

#: Characters a content file may not hold (controls, bidirectional marks) that word processors leave in.
UNWANTED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\u202a-\u202e\u2066-\u2069\u200e\u200f]")


def import_draft(path: Path, today: dt.date | None = None) -> str:
    """The YAML text of a draft content file made from the release draft at ``path``."""
    path = Path(path)
    notes: list[str] = []
    if path.suffix.lower() == ".docx":
        from publisher.draft.word import read_word

        word = read_word(path)
        source, notes = word.markdown, word.notes
    else:
        source = read_draft(path)
    draft = assemble(UNWANTED.sub(" ", source), today or dt.date.today())
    preamble = [
        f"Draft content file imported from {path.name} by `publisher import`.",
        "Check every line marked TODO, then run `publisher validate` and `publisher build`.",
        "Every number of the prose is under `figures` or `dates`; the prose cites it as {key}.",
    ]
    preamble += [f"TODO: {note}" for note in notes]
    return emit(draft.data, draft.notes, preamble)


def read_draft(path: Path) -> str:
    """The draft's text; a ContentError saying why when it cannot be read as UTF-8 text."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ContentError([Problem(str(path), f"cannot be read: {exc.strerror or exc}")]) from None
    if len(data) > MAX_BYTES:
        raise ContentError([Problem(str(path), f"is {len(data) / 2**20:.1f} MiB; a release draft is at most "
                                               f"{MAX_BYTES // 2**20} MiB")])
    try:
        return UNWANTED.sub(" ", data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise ContentError([Problem(str(path), f"is not UTF-8 text (byte 0x{data[exc.start]:02x}); save it as "
                                               "UTF-8, or as Markdown or plain text from the word processor", line)]) from None


def content_name(path: Path) -> str:
    """A content file name for the draft at ``path``: 'Operation Last Mile.txt' -> 'operation-last-mile.yaml'."""
    stem = re.sub(r"[^a-z0-9._-]+", "-", Path(path).stem.lower()).strip("-._")[:95] or "release"
    return f"{stem}.yaml"


def todo_count(yaml_text: str) -> int:
    """How many TODO comments a draft content file still holds."""
    return len(re.findall(r"^\s*# TODO:", yaml_text, re.M))


__all__ = ["content_name", "import_draft", "todo_count"]
