"""YAML content file -> validated :class:`~publisher.model.Release`.

Every problem is reported as a :class:`~publisher.errors.Problem` naming the file, line,
column and field path. YAML is composed with PyYAML's safe loader (no object
construction); aliases are refused (so an alias bomb costs nothing); duplicate keys, which
PyYAML would silently overwrite, are errors.
"""
from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from publisher.briefing import check_briefing
from publisher.drafts import draft_marks
from publisher.errors import ContentError, Problem
from publisher.figures import reference_texts, references_in, unit_words
from publisher.identifiers import explain, literal_spans, read
from publisher.limits import CONTENT_FILE_BYTES, FIGURE_DIGITS, MAX_FIGURE_VALUE, NESTING, YAML_NODES, too_many
from publisher.model import COLLECTION_LIMITS, REFERENCE, ListBlock, QuoteBlock, Release
from publisher.rules import CAPTIONS, check_rules
from publisher.vocabulary import for_language

MAX_BYTES = CONTENT_FILE_BYTES.maximum
# C0/C1 controls except tab, newline and carriage return; XML-forbidden code points; line and
# paragraph separators and the zero-width no-break space, which no output should carry.
_FORBIDDEN_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff\u2028\u2029\ufeff]")
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f]")

Path_ = tuple[str | int, ...]
Model = TypeVar("Model", bound=BaseModel)


def dotted(path: Path_) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


class _Positions:
    """Where each value of the document starts: field path -> (line, column), 1-based."""

    def __init__(self) -> None:
        self.marks: dict[Path_, tuple[int, int]] = {}
        self.key_marks: dict[Path_, tuple[int, int]] = {}
        self.end_lines: dict[Path_, int] = {}
        self.lines: list[str] = []
        self.scalars: list[tuple[int, int]] = []  #: (start, end) offsets of every scalar, in order

    def find(self, path: Path_, needle: str) -> tuple[int | None, int | None]:
        """The line and column of ``needle`` inside the value at ``path`` (a multi-line scalar)."""
        line, column = self.at(path)
        if line is None:
            return line, column
        last = self.end_lines.get(path, line)
        for number in range(line, min(last, len(self.lines)) + 1):
            found = self.lines[number - 1].find(needle)
            if found >= 0:
                return number, found + 1
        return line, column

    def at(self, path: Path_, key: bool = False) -> tuple[int | None, int | None]:
        table = self.key_marks if key else self.marks
        for cut in range(len(path), -1, -1):
            if path[:cut] in table:
                return table[path[:cut]]
            if path[:cut] in self.marks:
                return self.marks[path[:cut]]
        return (None, None)


class _Converter:
    def __init__(self, file: str) -> None:
        self.file = file
        self.positions = _Positions()
        self.problems: list[Problem] = []
        self.constructor = yaml.SafeLoader.__new__(yaml.SafeLoader)
        yaml.constructor.SafeConstructor.__init__(self.constructor)

    def problem(self, mark: yaml.Mark, message: str, field: Path_ = ()) -> None:
        self.problems.append(
            Problem(self.file, message, mark.line + 1, mark.column + 1, dotted(field) or None)
        )

    def convert(self, node: yaml.Node, path: Path_) -> Any:
        self.positions.marks[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        self.positions.end_lines[path] = node.end_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            result: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    self.problem(key_node.start_mark, "a key must be plain text", path)
                    continue
                key = key_node.value
                self.check_characters(key, key_node.start_mark, path)
                if key == "<<":
                    self.problem(key_node.start_mark, "merge keys (<<) are not supported", path)
                    continue
                if key in result:
                    first = self.positions.key_marks[path + (key,)]
                    self.problem(
                        key_node.start_mark,
                        f"duplicate key '{key}' (first defined on line {first[0]})",
                        path + (key,),
                    )
                    continue
                self.positions.key_marks[path + (key,)] = (
                    key_node.start_mark.line + 1, key_node.start_mark.column + 1,
                )
                result[key] = self.convert(value_node, path + (key,))
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.convert(item, path + (i,)) for i, item in enumerate(node.value)]
        try:
            if node.tag == _FLOAT_TAG and _DECIMAL_TEXT.match(node.value):
                value = Decimal(node.value.replace("_", ""))  # every digit kept, as typed; a float keeps ~15
            else:
                value = self.constructor.construct_object(node, deep=True)
        except (ValueError, OverflowError, ArithmeticError, yaml.YAMLError) as exc:
            self.problem(node.start_mark, f"'{node.value}' cannot be read: {exc}", path)
            return node.value
        self.positions.scalars.append((node.start_mark.index, node.end_mark.index))
        if isinstance(value, str):
            self.check_characters(value, node.start_mark, path)
            value = normalise_spaces(value)
        elif not isinstance(value, (int, float, Decimal, bool, dt.date)) and value is not None:
            self.problem(node.start_mark, f"a {type(value).__name__} value is not allowed; write plain text", path)
        if isinstance(value, float) and value != value:
            self.problem(node.start_mark, "not a number (.nan) is not allowed", path)
        return value

    def check_characters(self, text: str, mark: yaml.Mark, path: Path_) -> None:
        """The character filter, on a value as decoded (escapes and all)."""
        for pattern, what in ((_FORBIDDEN_CHARS, "control character"), (_BIDI_CONTROLS, "bidirectional control character")):
            found = pattern.search(text)
            if found:
                self.problem(mark, f"{what} U+{ord(found.group()):04X} is not allowed in text", path)
                return


_FLOAT_TAG = "tag:yaml.org,2002:float"
_DECIMAL_TEXT = re.compile(r"^[-+]?[0-9][0-9_]*(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?$")
_NO_BREAK_SPACES = "\u00a0\u2007\u202f"
_NO_BREAK_RUN = re.compile(f"[^\\s{_NO_BREAK_SPACES}]*(?:[{_NO_BREAK_SPACES}]+[^\\s{_NO_BREAK_SPACES}]*)+")
KEEP_TOGETHER = 40  #: the longest run of words joined by no-break spaces that stays joined


def normalise_spaces(text: str) -> str:
    """``text`` with each run of words joined by no-break spaces longer than :data:`KEEP_TOGETHER`
    characters split with ordinary spaces (text pasted from the web often has nothing but
    no-break spaces, which no line breaker may break); short runs ("10\u00a0a.m.") are kept."""
    if not any(ch in text for ch in _NO_BREAK_SPACES):
        return text
    return _NO_BREAK_RUN.sub(lambda m: m.group() if len(m.group()) <= KEEP_TOGETHER
                             else re.sub(f"[{_NO_BREAK_SPACES}]+", " ", m.group()), text)


_ALIASES = "YAML aliases (*name) are not allowed in content files"
_ANCHORS = "YAML anchors (&name) are not allowed in content files"
_LIBYAML = getattr(yaml, "CSafeLoader", None)  #: PyYAML's libyaml loader, 10x faster, where it was built


def _compose(text: str, file: str) -> yaml.Node | None:
    """The YAML node tree of ``text``, after :func:`_scan` has bounded and vetted its events.

    libyaml does the work where PyYAML was built with it; any syntax error is then reported
    by the pure-Python parser, whose messages say more ("found character '\\t'")."""
    loader_class = _LIBYAML or yaml.SafeLoader
    try:
        _scan(loader_class, text, file)
    except yaml.YAMLError:
        if loader_class is yaml.SafeLoader:
            raise
        loader_class = yaml.SafeLoader
        _scan(loader_class, text, file)
    loader = loader_class(text)
    try:
        node: yaml.Node | None = loader.get_single_node()
        return node
    finally:
        loader.dispose()


def _scan(loader_class: type, text: str, file: str) -> None:
    """Walk the parser's events (iteratively: no recursion) before anything is composed.

    Refused, located: anchors and aliases (an alias bomb costs nothing), explicit tags
    (``!!binary`` and its kind decode around the character filter), nesting deeper than
    :data:`~publisher.limits.NESTING` and more than :data:`~publisher.limits.YAML_NODES`
    values, so that neither a deep nor a huge document reaches the composer."""
    loader = loader_class(text)
    depth = nodes = 0
    try:
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, yaml.AliasEvent):
                raise _refused(file, event, _ALIASES)
            if isinstance(event, (yaml.CollectionEndEvent,)):
                depth -= 1
                continue
            if not isinstance(event, yaml.NodeEvent):
                continue
            nodes += 1
            if getattr(event, "anchor", None):
                raise _refused(file, event, _ANCHORS)
            tag = getattr(event, "tag", None)
            if tag is not None:
                raise _refused(file, event, f"YAML tag '{str(tag).replace('tag:yaml.org,2002:', '!!')}' is not "
                                            "allowed in content files; write the value as plain text")
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > NESTING.maximum:
                    raise _refused(file, event, f"lists and mappings nested more than {NESTING.maximum} levels deep "
                                                f"(limit '{NESTING.name}'); a content file needs at most 5")
            if nodes > YAML_NODES.maximum:
                raise _refused(file, event, too_many(YAML_NODES, nodes) + "; is this a content file?")
    finally:
        loader.dispose()


def _refused(file: str, event: yaml.Event, message: str) -> ContentError:
    mark = event.start_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
    return ContentError([Problem(file, message, line, column)])


def read_text(path: Path) -> str:
    """The file's text, or a ContentError saying why it cannot be read as a content file."""
    name = str(path)
    if not path.exists():
        raise ContentError([Problem(name, "no such file")])
    if path.is_dir():
        raise ContentError([Problem(name, "is a folder, not a content file")])
    if not path.is_file():
        raise ContentError([Problem(name, "is not a regular file")])
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise ContentError([Problem(name, f"is {size / 2**20:.1f} MiB; a content file is at most {MAX_BYTES // 2**20} MiB")])
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ContentError([Problem(name, f"cannot be read: {exc.strerror}")]) from None
    if data.startswith(b"\xef\xbb\xbf"):
        raise ContentError([Problem(name, "starts with a byte-order mark; save it as UTF-8 without BOM", 1, 1)])
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        message = f"is not UTF-8 (byte 0x{data[exc.start]:02x}); save it as UTF-8"
        raise ContentError([Problem(name, message, line, column)]) from None
    for pattern, what in ((_FORBIDDEN_CHARS, "control character"), (_BIDI_CONTROLS, "bidirectional control character")):
        match = pattern.search(text)
        if match:
            line = text.count("\n", 0, match.start()) + 1
            column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
            message = f"{what} U+{ord(match.group()):04X} is not allowed in a content file"
            raise ContentError([Problem(name, message, line, column)])
    return text


def parse_yaml(text: str, file: str) -> tuple[Any, _Positions]:
    """YAML text -> plain data and the position of every value."""
    try:
        node = _compose(text, file)
    except yaml.MarkedYAMLError as exc:
        raise ContentError([_runaway_quote(text, exc, file) or _syntax_problem(exc, file)]) from None
    except yaml.YAMLError as exc:
        raise ContentError([Problem(file, f"YAML syntax error: {exc}")]) from None
    if node is None:
        raise ContentError([Problem(file, "is empty; a content file is a YAML mapping with 'release', 'figures' and 'sections'")])
    converter = _Converter(file)
    converter.positions.lines = text.splitlines()
    data = converter.convert(node, ())
    if converter.problems:
        raise ContentError(converter.problems)
    if not isinstance(data, dict):
        kind = type(data).__name__
        raise ContentError([Problem(file, f"the top level is a {kind}; a content file is a mapping (key: value)", 1, 1)])
    return data, converter.positions


_OPENED = {"while scanning a quoted scalar": "quote", "while parsing a flow sequence": "'['",
           "while parsing a flow mapping": "'{'"}


def _syntax_problem(exc: yaml.MarkedYAMLError, file: str) -> Problem:
    """A YAML syntax error located where it can be mended: an unclosed quote is reported where
    it opened (the parser only notices at the end of the file); an unclosed '[' or '{' where the
    parser stopped, naming the line it opened on."""
    mark = exc.problem_mark or exc.context_mark
    message = exc.problem or exc.context or "invalid YAML"
    if exc.context and exc.problem:
        message = f"{exc.context.rstrip()}, {exc.problem}"
    if "'`'" in message:
        message += "; a text that starts with literal markup (`...`) must be quoted"
    opened = _OPENED.get((exc.context or "").strip())
    if opened and exc.context_mark and exc.problem_mark and exc.context_mark.line != exc.problem_mark.line:
        if opened == "quote":
            ends = "the file ends" if "end of stream" in (exc.problem or "") else f"{exc.problem}"
            message = f"the quote opened here is never closed ({ends} on line {exc.problem_mark.line + 1})"
            mark = exc.context_mark
        else:
            message = f"{exc.problem} (the {opened} opened on line {exc.context_mark.line + 1} is not closed)"
    return Problem(file, f"YAML syntax error: {message}", mark.line + 1 if mark else None,
                   mark.column + 1 if mark else None)


_SWALLOWED_KEY = re.compile(r"\n[ \t]*[\w-]+:[ \t\n]")


def _runaway_quote(text: str, exc: yaml.MarkedYAMLError, file: str) -> Problem | None:
    """A quote left open is closed by the next quote in the file, and the error comes after it:
    when the last quoted text before the error runs over lines that look like ``key:`` lines,
    the quote that opened it is the place to mend."""
    last = None
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            if isinstance(token, yaml.ScalarToken) and token.style in ('"', "'"):
                last = token
    except yaml.YAMLError:
        pass
    if last is None or last.start_mark.line == last.end_mark.line:
        return None
    body = text[last.start_mark.index:last.end_mark.index]
    error = exc.problem_mark or exc.context_mark
    if not _SWALLOWED_KEY.search(body) or (error and error.line - last.end_mark.line > 1):
        return None
    mark = last.start_mark
    return Problem(file, f"YAML syntax error: the quote opened here is not closed on its line; it runs to line "
                         f"{last.end_mark.line + 1}, taking the lines between into the text", mark.line + 1,
                   mark.column + 1)


@lru_cache(maxsize=4)
def _schema(model: type[BaseModel]) -> dict[str, Any]:
    return model.model_json_schema()


def _resolve_schema(node: dict[str, Any], defs: dict[str, Any]) -> list[dict[str, Any]]:
    if "$ref" in node:
        return _resolve_schema(defs[node["$ref"].rsplit("/", 1)[-1]], defs)
    for combinator in ("anyOf", "oneOf", "allOf"):
        if combinator in node:
            return [n for sub in node[combinator] for n in _resolve_schema(sub, defs)]
    return [node]


def known_fields(path: Path_, model: type[BaseModel] = Release) -> list[str]:
    """The keys ``model`` accepts at ``path`` (for 'did you mean')."""
    schema = _schema(model)
    defs = schema.get("$defs", {})
    nodes = _resolve_schema(schema, defs)
    for part in path:
        nxt: list[dict[str, Any]] = []
        for node in nodes:
            if isinstance(part, int) and "items" in node:
                nxt += _resolve_schema(node["items"], defs)
            elif isinstance(part, int) and "prefixItems" in node and part < len(node["prefixItems"]):
                nxt += _resolve_schema(node["prefixItems"][part], defs)
            elif isinstance(part, str):
                if part in node.get("properties", {}):
                    nxt += _resolve_schema(node["properties"][part], defs)
                elif isinstance(node.get("additionalProperties"), dict):
                    nxt += _resolve_schema(node["additionalProperties"], defs)
                else:
                    for sub in node.get("patternProperties", {}).values():
                        nxt += _resolve_schema(sub, defs)
        nodes = nxt
    return sorted({k for node in nodes for k in node.get("properties", {})})


_MESSAGE_FIXES = {
    "decimal_parsing": "must be a number, written with digits only (no commas, units or words)",
    "decimal_type": "must be a number, written with digits only (no commas, units or words)",
    "date_from_datetime_parsing": "must be a date written YYYY-MM-DD",
    "string_type": "must be text",
    "dict_type": "must be a mapping (key: value lines)",
    "list_type": "must be a list",
}


def validation_problems(
    exc: ValidationError, file: str, positions: _Positions, model: type[BaseModel] = Release,
    data: Any = None,
) -> list[Problem]:
    """Pydantic's errors as located problems: one per field, the most specific one.

    A value that fits no alternative of a union (a block, a date) makes pydantic report
    once per alternative; those are folded into the one message that explains the value.
    """
    chosen: dict[Path_, tuple[int, Problem]] = {}
    for details in exc.errors(include_url=False):
        err: dict[str, Any] = dict(details)
        path, union_at = _data_path(tuple(err["loc"]), data, err["type"])
        message = _message(err, path, model)
        group = path[:union_at] if union_at is not None else path
        if union_at is not None:
            explain = _UNION_MESSAGES.get(_union_kind(err["loc"]))
            message = explain(message, err) if explain else message
        rank = _rank(err["type"])
        line, column = positions.at(path if err["type"] != "missing" else path[:-1],
                                    key=err["type"] == "extra_forbidden")
        problem = Problem(file, message, line, column, dotted(group if union_at is not None else path) or None)
        if group not in chosen or rank < chosen[group][0]:
            chosen[group] = (rank, problem)
    return _merge_misspelt(p for _, p in chosen.values())


def _data_path(loc: tuple[str | int, ...], data: Any, kind: str) -> tuple[Path_, int | None]:
    """The part of ``loc`` that is a path into the data, and where a union's type tags began."""
    path: list[str | int] = []
    union_at = None
    current = data
    for i, part in enumerate(loc):
        if isinstance(current, list) and isinstance(part, int) and part < len(current):
            path.append(part)
            current = current[part]
        elif isinstance(current, dict) and part in current:
            path.append(part)
            current = current[part]
        elif i == len(loc) - 1 and kind == "missing":
            path.append(part)
        elif union_at is None:
            union_at = len(path)
    return tuple(path), union_at


def _message(err: dict[str, Any], path: Path_, model: type[BaseModel]) -> str:
    kind = err["type"]
    if kind == "extra_forbidden":
        valid = known_fields(path[:-1], model)
        near = difflib.get_close_matches(str(path[-1]), valid, n=1, cutoff=0.6)
        if near:
            return f"unknown field '{path[-1]}'; did you mean '{near[0]}'?"
        return f"unknown field '{path[-1]}'" + (f"; expected one of: {', '.join(valid)}" if valid else "")
    if kind == "missing":
        return f"required field '{path[-1]}' is missing"
    if kind == "string_pattern_mismatch":
        if path and path[-1] in ("url", "website"):
            return ("must be an http:// or https:// address of the characters RFC 3986 allows (letters, digits "
                    "and -._~:/?#[]@!$&'()*+,;=); percent-encode any other (a space is %20)")
        return "does not have the expected form"
    if kind == "too_long" and path and str(path[-1]) in COLLECTION_LIMITS:
        found = err["ctx"].get("actual_length") or len(err["input"])
        return too_many(COLLECTION_LIMITS[str(path[-1])], int(found))
    if kind == "less_than_equal" and path and path[-1] == "value":
        return (f"{err['input']} is larger than a figure may be: at most {MAX_FIGURE_VALUE:,} "
                f"(limit '{FIGURE_DIGITS.name}'), which still fits a slide's figure tile")
    message = str(_MESSAGE_FIXES.get(kind, err["msg"]))
    return message[len("Value error, "):] if message.startswith("Value error, ") else message


def _rank(kind: str) -> int:
    """Which of several errors about one value explains it best (lower is better)."""
    if kind in ("value_error", "assertion_error"):
        return 0
    if kind == "extra_forbidden":
        return 2
    if kind == "missing":
        return 3
    if kind.endswith(("_type", "_parsing")) or kind in ("model_type", "model_attributes_type", "union_tag_invalid"):
        return 4
    return 1


def _union_kind(loc: tuple[str | int, ...]) -> str:
    names = {str(p) for p in loc}
    if "Period" in names:
        return "date"
    if "QuoteBlock" in names or "ListBlock" in names:
        return "block"
    return ""


_UNION_MESSAGES: dict[str, Callable[[str, dict[str, Any]], str]] = {
    "date": lambda message, err: message if err["type"] == "value_error" else
    "must be a date (YYYY-MM-DD), a month (YYYY-MM) or a period ({start: YYYY-MM-DD, end: YYYY-MM-DD})",
    "block": lambda message, err: message if err["type"] in ("value_error", "string_too_long", "string_too_short")
    else ("must be a paragraph (text), {quote: key} or {list: key}"
          + (f"; found '{err['loc'][-1]}'" if err["type"] == "extra_forbidden" else "")),
}


def _merge_misspelt(problems: Iterable[Problem]) -> list[Problem]:
    """A misspelt key also makes the real one 'missing': report the misspelling only."""
    problems = list(problems)
    by_parent: dict[str, list[Problem]] = {}
    for p in problems:
        if p.field:
            by_parent.setdefault(p.field.rpartition(".")[0], []).append(p)
    dropped: set[int] = set()
    for group in by_parent.values():
        unknown = [p for p in group if p.message.startswith("unknown field")]
        missing = [p for p in group if p.message.endswith("is missing")]
        for miss in missing:
            name = (miss.field or "").rpartition(".")[2]
            if any(f"did you mean '{name}'" in u.message for u in unknown) or (len(unknown) == 1 and len(missing) == 1):
                dropped.add(id(miss))
        if len(unknown) == 1 and len(missing) == 1 and "did you mean" not in unknown[0].message:
            index = problems.index(unknown[0])
            wanted = (missing[0].field or "").rpartition(".")[2]
            misspelt = (unknown[0].field or "").rpartition(".")[2]
            problems[index] = Problem(unknown[0].file, f"unknown field '{misspelt}', "
                                      f"and required field '{wanted}' is missing: is this '{wanted}'?",
                                      unknown[0].line, unknown[0].column, unknown[0].field)
    return [p for p in problems if id(p) not in dropped]


def prose_fields(release: Release) -> Iterator[tuple[Path_, str]]:
    """Every text field that may cite figures and dates, with its path."""
    meta = release.meta
    yield ("release", "title"), meta.title
    if meta.subtitle:
        yield ("release", "subtitle"), meta.subtitle
    yield ("release", "summary"), meta.summary
    for key, fig in release.figures.items():
        yield ("figures", key, "label"), fig.label
        if fig.group:
            yield ("figures", key, "group"), fig.group
    for key, lst in release.lists.items():
        yield ("lists", key, "title"), lst.title
        for i, item in enumerate(lst.items):
            yield ("lists", key, "items", i), item
    for key, quote in release.quotes.items():
        yield ("quotes", key, "text"), quote.text
        for attr in ("speaker", "role", "organisation"):
            if getattr(quote, attr):
                yield ("quotes", key, attr), getattr(quote, attr)
    for i, section in enumerate(release.sections):
        if section.heading:
            yield ("sections", i, "heading"), section.heading
        for j, block in enumerate(section.blocks):
            if isinstance(block, str):
                yield ("sections", i, "blocks", j), block
    for i, link in enumerate(release.links):
        yield ("links", i, "text"), link.text
    if release.briefing:
        for i, point in enumerate(release.briefing.key_points or []):
            yield ("briefing", "key_points", i), point
        for key, excerpt in release.briefing.excerpts.items():
            yield ("briefing", "excerpts", key), excerpt


def check_references(release: Release, file: str, positions: _Positions) -> tuple[list[Problem], list[Problem]]:
    """Errors (unknown references, quantities typed into prose, dangling blocks) and warnings (unused figures).

    Numbers in prose are read by :mod:`publisher.identifiers`: identifiers stand as typed,
    quantities, dates and numbers it cannot tell are refused, each with its way out."""
    errors: list[Problem] = []
    known = reference_texts(release)
    units = unit_words(release)
    vocabulary = for_language(release.release.language)
    cited: set[str] = set()

    at = _locator(file, positions)
    for path, text in prose_fields(release):
        if path[-1] in CAPTIONS and ("{" in text or "}" in text):
            continue  # publisher.rules refuses braces where references are not resolved
        for ref in references_in(text):
            if ref not in known:
                near = difflib.get_close_matches(ref, list(known), n=1, cutoff=0.6)
                hint = f"; did you mean '{{{near[0]}}}'?" if near else "; define it under 'figures' or 'dates'"
                errors.append(at(path, f"unknown reference '{{{ref}}}'{hint}", needle="{" + ref))
            cited.add(ref)
        bare = REFERENCE.sub(lambda m: " " * len(m.group()), text)
        for start, end in literal_spans(bare):
            bare = bare[:start] + " " * (end - start) + bare[end:]
        if "{" in bare or "}" in bare:
            errors.append(at(path, "unbalanced brace; a reference is written {key}", needle="{" if "{" in bare else "}"))
        for refused in read(text, vocabulary, units).refused:
            errors.append(at(path, explain(refused, text), needle=refused.text))
    for i, section in enumerate(release.sections):
        for j, block in enumerate(section.blocks):
            if isinstance(block, QuoteBlock) and block.quote not in release.quotes:
                near = difflib.get_close_matches(block.quote, list(release.quotes), n=1)
                hint = f"; did you mean '{near[0]}'?" if near else ""
                errors.append(at(("sections", i, "blocks", j, "quote"), f"unknown quote '{block.quote}'{hint}"))
            if isinstance(block, ListBlock) and block.list not in release.lists:
                near = difflib.get_close_matches(block.list, list(release.lists), n=1)
                hint = f"; did you mean '{near[0]}'?" if near else ""
                errors.append(at(("sections", i, "blocks", j, "list"), f"unknown list '{block.list}'{hint}"))
    warnings = [
        at(("figures", key), f"figure '{key}' is not cited in any prose; it appears only in figure lists", "warning")
        for key in release.figures if key not in cited
    ]
    return errors, warnings


class Loaded:
    """A validated release with where it came from and any warnings."""

    def __init__(self, release: Release, path: Path, warnings: list[Problem], positions: _Positions | None = None):
        self.release = release
        self.path = path
        self.warnings = warnings
        self.positions = positions or _Positions()
        self.draft_marks: list[Problem] = []  #: the places that make it a draft (publisher.drafts)
        self.edition = path.stem  #: the name of its outputs: the slug, and a translation's tag after it
        self.translations: list[Loaded] = []  #: the release in other languages (publisher.translation)

    def editions(self) -> list[Loaded]:
        """The release in every language: the original first, then each translation."""
        return [self, *self.translations]

    def refuse_draft(self) -> list[Problem]:
        """The problems that stop a final build of this content: its draft marks, and why."""
        from publisher.drafts import draft_refusal

        if not self.draft_marks:
            return []
        return self.draft_marks + [draft_refusal(str(self.path), len(self.draft_marks))]

    def problem(self, path: Path_, message: str, needle: str | None = None) -> Problem:
        """A problem located at the field ``path`` of this file (at ``needle`` inside it, if given)."""
        line, column = self.positions.find(path, needle) if needle else self.positions.at(path)
        return Problem(str(self.path), message, line, column, dotted(path))

    def theme_path(self) -> Path:
        """The theme file this release asks for: ``release.theme`` inside the content file's folder,
        the project's ``assets/`` or the packaged assets; without it, the project's or packaged theme."""
        from publisher.paths import ASSETS, PROJECT_THEME, default_theme_path

        wanted = self.release.meta.theme
        if wanted is None:
            return default_theme_path()
        candidate = Path(wanted)
        bases = (self.path.parent, PROJECT_THEME.parent, ASSETS)
        for base in bases:
            if candidate.is_absolute() or not (base / candidate).is_symlink() and not (base / candidate).exists():
                continue
            resolved = (base / candidate).resolve()
            if resolved.is_relative_to(base.resolve()) and resolved.is_file():
                return resolved
            break
        raise ContentError([self.problem(("release", "theme"),
                                         f"theme '{wanted}' must be a file inside {self.path.parent}, "
                                         f"the project's assets/ folder or publisher's own themes")])

    @property
    def slug(self) -> str:
        return self.path.stem


def load_model(path: Path, model: type[Model], defaults: dict[str, Any] | None = None) -> Model:
    """A YAML data file (a theme, a layout) read into ``model``: errors name the file, line and field.

    ``defaults`` fill keys the file leaves out (a theme's folder is the one it is in)."""
    return parse_model(path, model, defaults)[0]


def parse_model(path: Path, model: type[Model],
                defaults: dict[str, Any] | None = None) -> tuple[Model, str, _Positions]:
    """A YAML file read into ``model``, with its text and the position of every value; a
    :class:`ContentError` naming the file, line and field of every problem."""
    name = str(path)
    text = read_text(path)
    data, positions = parse_yaml(text, name)
    for key, value in (defaults or {}).items():
        data.setdefault(key, value)
    try:
        return model.model_validate(data), text, positions
    except ValidationError as exc:
        raise ContentError(validation_problems(exc, name, positions, model, data)) from None


SLUG = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")


def load(path: str | Path) -> Loaded:
    """Read, parse and validate one content file (its translations: :func:`publisher.translation.load_release`).
    Raises ContentError with every problem."""
    path = Path(path)
    name = str(path)
    if not SLUG.match(path.stem):
        raise ContentError([Problem(
            name, "the file name becomes the output folder's name: use letters, digits, '.', '-' and '_' only")])
    release, text, positions = parse_model(path, Release)
    unknown = language_problem(release.language, _locator(name, positions))
    if unknown:
        raise ContentError([unknown])
    errors, warnings = check_references(release, name, positions)
    loaded = Loaded(release, path, warnings, positions)
    errors += check_rules(release, loaded.problem)
    if errors:
        raise ContentError(errors)
    errors, more = check_briefing(release, _locator(name, positions))
    if errors:
        raise ContentError(errors)
    loaded.warnings = warnings + more
    loaded.draft_marks = draft_marks(release, text, positions.scalars, name, loaded.problem)
    return loaded


def language_problem(language: str, locate: Callable[..., Problem]) -> Problem | None:
    """Why figures cannot be written in ``language`` (a tag CLDR does not know, a language without
    phrase data), located at ``release.language``; None when they can."""
    from publisher.phrases import UnknownLanguage, phrases_for

    try:
        phrases_for(language)
    except UnknownLanguage as exc:
        return locate(("release", "language"), f"{exc}; write a BCP 47 tag such as en-US, es-US or fr-CA")
    except ContentError as exc:
        return locate(("release", "language"), exc.problems[0].message)
    return None


def _locator(file: str, positions: _Positions) -> Callable[..., Problem]:
    def locate(path: Path_, message: str, severity: str = "error", needle: str | None = None) -> Problem:
        line, column = positions.find(path, needle) if needle else positions.at(path)
        return Problem(file, message, line, column, dotted(path), severity)

    return locate
