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
    source, notes = _source(Path(path))
    draft = assemble(source, today or dt.date.today())
    preamble = [
        f"Draft content file imported from {path.name} by `publisher import`.",
        "Check every line marked TODO, then run `publisher validate` and `publisher build`.",
        "Every number of the prose is under `figures` or `dates`; the prose cites it as {key}.",
    ]
    preamble += [f"TODO: {note}" for note in notes]
    return emit(draft.data, draft.notes, preamble)


def import_translation(path: Path, original: Path, language: str) -> str:
    """The YAML text of a draft translation into ``language`` of the content file ``original``,
    made from the translated release draft at ``path`` (:mod:`.translated`)."""
    from publisher.draft.translated import translate_draft
    from publisher.load import language_problem, load

    loaded = load(original)
    unknown = language_problem(language, lambda _path, message: Problem("--language", message))
    if unknown:
        raise ContentError([unknown])
    data, notes = translate_draft(_source(Path(path))[0], loaded.release, language)
    preamble = [
        f"Draft {language} translation of {Path(original).name}, imported from {Path(path).name} by "
        "`publisher import --translation-of`.",
        "Every figure and date of the draft that is the original's is cited as its {key}; check every line",
        "marked TODO (words drafted from the original are to be translated), then run `publisher validate`.",
    ]
    return emit(data, notes, preamble)


def _source(path: Path) -> tuple[str, list[str]]:
    """The draft's text as Markdown (a Word draft converted), and notes about the conversion."""
    if path.suffix.lower() == ".docx":
        from publisher.draft.word import read_word

        word = read_word(path)
        return UNWANTED.sub(" ", word.markdown), word.notes
    return read_draft(path), []


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


__all__ = ["content_name", "import_draft", "import_translation", "todo_count"]
