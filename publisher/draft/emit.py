"""Content data -> YAML text with ``# TODO:`` comments where the author should look.

PyYAML quotes each scalar (so any text is safe); the document around the scalars is
written here, so that comments can sit right above the value they are about. Long prose
is written as folded block scalars (``>-``), as in hand-made content files. The text is
read back and compared with the data before it is returned.
"""
from __future__ import annotations

import datetime as dt
import textwrap
from decimal import Decimal

import yaml

WIDTH = 92
Notes = dict[tuple, list[str]]


def emit(data: dict, notes: Notes, preamble: list[str]) -> str:
    """The YAML text of ``data``; ``notes[path]`` become TODO comments above the value at ``path``."""
    lines = [f"# {line}" if line else "#" for line in preamble]
    for key, value in data.items():
        lines.append("")
        lines += _comments(notes.get((key,), []), 0)
        lines += _entry(key, value, (key,), 0, notes)
    text = "\n".join(lines) + "\n"
    if yaml.safe_load(text) != _plain(data):
        raise AssertionError("the emitted YAML does not read back as the data it was made from")
    return text


def _comments(notes: list[str], indent: int) -> list[str]:
    pad = " " * indent
    out = []
    for note in notes:
        wrapped = textwrap.wrap(note, WIDTH - indent - 8, break_long_words=False, break_on_hyphens=False)
        out += [f"{pad}# TODO: {wrapped[0]}"] + [f"{pad}#       {line}" for line in wrapped[1:]]
    return out


def _entry(key: str, value, path: tuple, indent: int, notes: Notes) -> list[str]:
    pad = " " * indent
    if isinstance(value, dict) and value and not _is_flow(value):
        lines = [f"{pad}{key}:"]
        for sub, item in value.items():
            lines += _comments(notes.get(path + (sub,), []), indent + 2)
            lines += _entry(sub, item, path + (sub,), indent + 2, notes)
        return lines
    if isinstance(value, list) and value and not _is_flow(value):
        lines = [f"{pad}{key}:"]
        for i, item in enumerate(value):
            lines += _item(item, path + (i,), indent + 2, notes)
        return lines
    return _scalar_entry(f"{pad}{key}:", value, indent + 2)


def _item(item, path: tuple, indent: int, notes: Notes) -> list[str]:
    pad = " " * indent
    comments = notes.get(path, [])
    if isinstance(item, dict) and item:
        comments = comments + [n for sub in item for n in notes.get(path + (sub,), [])]
        body: list[str] = []
        for sub, value in item.items():
            body += _entry(sub, value, path + (sub,), indent + 2, notes)
        return _comments(comments, indent) + [f"{pad}- {body[0].lstrip()}"] + body[1:]
    first, *rest = _scalar_entry(f"{pad}-", item, indent + 2)
    return _comments(comments, indent) + [first] + rest


def _is_flow(value) -> bool:
    """Short lists of short texts and {start, end} periods are written on one line."""
    if isinstance(value, dict):
        return all(isinstance(v, dt.date) for v in value.values())
    return all(isinstance(v, str) and len(v) < 40 for v in value) and sum(map(len, value)) < 70


def _scalar_entry(prefix: str, value, indent: int) -> list[str]:
    if isinstance(value, str) and len(prefix) + len(value) > WIDTH and _foldable(value):
        wrapped = textwrap.wrap(value, WIDTH - indent, break_long_words=False, break_on_hyphens=False)
        return [f"{prefix} >-"] + [" " * indent + line for line in wrapped]
    return [f"{prefix} {scalar(value)}"]


def _foldable(text: str) -> bool:
    return text == " ".join(text.split()) and text.isprintable()


def scalar(value) -> str:
    """One value as YAML flow text on one line, quoted by PyYAML where needed."""
    value = _plain(value)
    for style in (None, '"'):
        dumped = yaml.safe_dump(value, allow_unicode=style is None, default_flow_style=True, sort_keys=False,
                                width=10**6, default_style=style)
        dumped = dumped.removesuffix("\n").removesuffix("\n...")
        if "\n" not in dumped and _reads_back(dumped, value):
            return dumped
    raise AssertionError(f"cannot write {value!r} as one line of YAML")


def _reads_back(text: str, value) -> bool:
    try:
        return yaml.safe_load(text) == value
    except yaml.YAMLError:
        return False


def _plain(value):
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value
