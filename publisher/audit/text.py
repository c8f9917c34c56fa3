"""Audit of the plain-text edition, read from the file (docs/accessibility.md, "Plain text")."""
from __future__ import annotations

import re
from pathlib import Path

from publisher.audit import Finding, Passage
from publisher.audit.vocabulary import VAGUE_TEXT_LINK
from publisher.spec.text import ITEM_MARK, TITLE_RULE, WIDTH

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_BOX_DRAWING = re.compile("[\u2500-\u259f]")


def _decode(path: Path) -> tuple[str | None, list[Finding]]:
    data = path.read_bytes()
    findings = []
    if data.startswith(b"\xef\xbb\xbf"):
        findings.append(Finding(str(path), "line 1", "text.bom", "starts with a byte-order mark"))
    try:
        return data.decode("utf-8-sig"), findings
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        return None, findings + [Finding(str(path), f"line {line}", "text.encoding", "not valid UTF-8")]


def audit(path: Path) -> list[Finding]:
    path = Path(path)
    text, findings = _decode(path)
    if text is None:
        return findings
    name = str(path)
    if "\r" in text:
        at = text[:text.index(chr(13))].count(chr(10)) + 1
        findings.append(Finding(name, f"line {at}", "text.newlines", "carriage return; use Unix newlines"))
    if text and not text.endswith("\n"):
        findings.append(Finding(name, "end", "text.final-newline", "the file does not end with a newline"))
    lines = text.split("\n")
    for number, line in enumerate(lines, 1):
        where = f"line {number}"
        if "\t" in line:
            findings.append(Finding(name, where, "text.tab", "tab character; use spaces"))
        if _CONTROL.search(line.replace("\t", "").replace("\r", "")):
            findings.append(Finding(name, where, "text.control-character", "control character"))
        if len(line) > WIDTH:
            findings.append(Finding(name, where, "text.line-length", f"{len(line)} characters; at most {WIDTH}"))
        if _BOX_DRAWING.search(line):
            findings.append(Finding(name, where, "text.box-drawing", "box-drawing characters read badly aloud"))
        if VAGUE_TEXT_LINK.search(line):
            findings.append(Finding(name, where, "text.link-text", "link text does not say where it leads"))
        if re.fullmatch(r"[=-]{3,}", line):
            heading = lines[number - 2] if number >= 2 else ""
            if not heading.strip():
                findings.append(Finding(name, where, "text.heading", "underline without a heading above it"))
    if not any(line and line == TITLE_RULE * len(line) for line in lines):
        findings.append(Finding(name, "line 1", "text.title", "no title underlined with '='"))
    return findings


def extract(path: Path) -> list[Passage]:
    """The text a reader gets, located by lines: a blank-line separated block is one passage (its
    line breaks become spaces), but a heading (lines over a rule of '=' or '-') is a passage of
    role H1 or H2 without its rule, and each list item ("- " and its indented runover lines) is a
    passage of its own, as is a list's title above its items."""
    text, _ = _decode(Path(path))
    if text is None:
        return []
    passages: list[Passage] = []
    block: list[tuple[int, str]] = []
    for number, line in enumerate(text.split("\n") + [""], 1):
        if line.strip():
            block.append((number, line))
        elif block:
            passages += _block_passages(block)
            block = []
    return passages


def _block_passages(block: list[tuple[int, str]]) -> list[Passage]:
    last = block[-1][1].strip()
    if len(block) > 1 and re.fullmatch(r"=+|-+", last) and len(last) >= 3:
        return [_passage(block[:-1], "H1" if last[0] == TITLE_RULE else "H2")]
    pieces: list[list[tuple[int, str]]] = []
    for number, line in block:
        if not pieces or line.startswith(ITEM_MARK) or (pieces[-1][0][1].startswith(ITEM_MARK) and not line[:1].isspace()):
            pieces.append([])
        pieces[-1].append((number, line))
    return [_passage(piece) for piece in pieces]


def _passage(lines: list[tuple[int, str]], role: str = "") -> Passage:
    start, end = lines[0][0], lines[-1][0]
    where = f"line {start}" if end == start else f"lines {start}-{end}"
    return Passage(where, " ".join(line.strip() for _, line in lines), role)
