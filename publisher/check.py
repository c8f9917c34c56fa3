"""``publisher check``: every output read back, every figure reconciled, every audit run.

For each output in a release folder (or a single file), the format's reader extracts the
text a person or assistive technology gets, and:

1. figure reconciliation: every figure's display text is there (whitespace-normalised);
   no other number is there unless it is a date, declared metadata (phone, addresses,
   source notes) or page furniture; a number that is a figure's value written another way
   ("44M", "44 million" without its qualifier) or close to a figure ("3,373") is named
   with the figure it contradicts;
2. the format's accessibility audit;
3. freshness: outputs edited since the build, built from another version of the content
   file than the others, or older than the content file given.
"""
from __future__ import annotations

import importlib
import re
from dataclasses import dataclass, field
from functools import lru_cache
from decimal import Decimal, InvalidOperation
from pathlib import Path

from publisher import render as registry
from publisher.audit import Finding, Passage
from publisher.errors import MissingToolError
from publisher.manifest import MANIFEST_NAME, Manifest, read_manifest, sha256_file
from publisher.workers import run_grouped, worker_died

_SPACE = re.compile(r"\s+")
_NUMBER = re.compile(
    r"(?P<symbol>[$€£])?(?P<digits>\d+(?:[,.]\d+)*)"
    r"(?:\s?(?P<scale>million|billion|trillion|mn|bn|[MBKk])\b)?",
    re.IGNORECASE,
)
_SCALES = {"k": 10**3, "m": 10**6, "mn": 10**6, "million": 10**6, "b": 10**9, "bn": 10**9,
           "billion": 10**9, "trillion": 10**12}
_FURNITURE = re.compile(r"^(page\s+\d+(\s+of\s+\d+)?|\d{1,4}|slide\s+\d+(\s+of\s+\d+)?)$", re.IGNORECASE)


def normalise(text: str) -> str:
    return _SPACE.sub(" ", text.replace("\u00a0", " ").replace("\u2011", "-")).strip()


@dataclass
class Report:
    findings: list[Finding] = field(default_factory=list)
    formats: dict[str, bool] = field(default_factory=dict)  #: format -> passed
    files: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(f.severity == "error" for f in self.findings)

    def extend(self, other: "Report") -> None:
        self.findings += other.findings
        self.files += other.files
        for name, passed in other.formats.items():
            self.formats[name] = self.formats.get(name, True) and passed


@dataclass(frozen=True)
class Expectations:
    """What the outputs must say: figure texts, and the other texts whose digits are allowed."""

    figures: dict[str, str]
    allowed: tuple[str, ...]

    @classmethod
    def from_manifest(cls, manifest: Manifest) -> "Expectations":
        return cls(dict(manifest.figures), tuple(manifest.dates.values()) + tuple(manifest.declared))

    @classmethod
    def from_release(cls, release) -> "Expectations":
        from publisher.build import declared_texts
        from publisher.figures import date_text, figure_text

        return cls(
            {k: figure_text(f) for k, f in release.figures.items()},
            tuple(date_text(v) for v in release.dates.values()) + tuple(declared_texts(release)),
        )


def _exactly(text: str) -> re.Pattern:
    """``text`` as a whole phrase: not inside a longer number or word ("5 cases" is not in "15 cases")."""
    return _phrase(text.lower())


@lru_cache(maxsize=4096)
def _phrase(text: str) -> re.Pattern:
    return re.compile(r"(?<![\w$€£.,])" + re.escape(text) + r"(?![\w])", re.IGNORECASE)


def _value(match: re.Match) -> Decimal | None:
    try:
        value = Decimal(match["digits"].replace(",", ""))
    except InvalidOperation:
        return None
    if match["scale"]:
        value *= _SCALES[match["scale"].lower()]
    return value


def reconcile(file: str, passages: list[Passage], expected: Expectations) -> list[Finding]:
    """Figure reconciliation of one output's passages against the expected texts."""
    from publisher.figures import parse_figure_text

    findings: list[Finding] = []
    whole = " ".join(normalise(p.text) for p in passages)
    for key, text in expected.figures.items():
        if not _exactly(normalise(text)).search(whole):
            findings.append(Finding(file, "whole file", "figures.missing",
                                    f"figure '{key}' ('{text}') does not appear"))
    values = {}
    for key, text in expected.figures.items():
        try:
            values[key] = parse_figure_text(text)[1]
        except ValueError:
            pass
    allowed = sorted({normalise(t).lower() for t in (*expected.figures.values(), *expected.allowed)}, key=len, reverse=True)
    for passage in passages:
        text = normalise(passage.text)
        if not any(ch.isdigit() for ch in text) or _FURNITURE.match(text):
            continue
        rest = text
        for known in allowed:
            if known and known in rest.lower():
                rest = _exactly(known).sub(" ", rest)
        for match in _NUMBER.finditer(rest):
            findings.append(_stray(file, passage.location, match, values, expected.figures))
    return findings


def _stray(file: str, location: str, match: re.Match, values: dict[str, Decimal], texts: dict[str, str]) -> Finding:
    shown = match.group().strip()
    value = _value(match)
    same = [k for k, v in values.items() if value is not None and v == value]
    if same:
        key = same[0]
        return Finding(file, location, "figures.inconsistent-form",
                       f"'{shown}' is figure '{key}' written another way; it must read '{texts[key]}'")
    near = None
    if value:
        near = min(values, key=lambda k: abs(values[k] - value) / max(values[k], value), default=None)
        if near is not None and abs(values[near] - value) / max(values[near], value) > Decimal("0.25"):
            near = None
    if near:
        return Finding(file, location, "figures.contradiction",
                       f"'{shown}' contradicts figure '{near}' ('{texts[near]}')")
    return Finding(file, location, "figures.unregistered",
                   f"'{shown}' is not a registered figure, date or declared text")


@dataclass(frozen=True)
class ExternalReader:
    """The reader of a file publisher did not build: its file type's audit, reported under the type."""

    name: str
    audit: str  #: audit module (``audit(path)``, ``extract(path)``)

    def auditor(self):
        return importlib.import_module(self.audit)

    def render_auditor(self):
        return None  # no reader that draws the file


#: A PDF not named like one of our outputs gets the PDF/UA-1 audit and is reported as 'pdf'.
EXTERNAL_READERS = {".pdf": ExternalReader("pdf", "publisher.audit.pdf")}


def _format_of(path: Path):
    fmt = registry.for_file(path.name)
    if fmt is not None and path.name.endswith(fmt.suffix):
        return fmt
    return EXTERNAL_READERS.get(path.suffix.lower(), fmt)


def check_file(path: Path, expected: Expectations | None, fmt_name: str | None = None, render: bool = False) -> Report:
    """Audit one output and reconcile its figures (when expectations are known); with
    ``render``, also the format's reader that draws it with an outside renderer."""
    report = Report(files=[str(path)])
    fmt = registry.get(fmt_name) if fmt_name else _format_of(path)
    if fmt is None:
        report.findings.append(Finding(str(path), "file", "check.unknown-format",
                                       "not an output publisher knows how to read"))
        return report
    try:
        auditor = fmt.auditor()
        findings = list(auditor.audit(path))
        if expected is not None:
            findings += reconcile(str(path), auditor.extract(path), expected)
        drawn = fmt.render_auditor() if render else None
        if drawn is not None:
            findings += drawn.fit(path)
    except MissingToolError as exc:
        findings = [Finding(str(path), "file", f"{fmt.name}.not-verified",
                            f"not read back: {exc}", severity="warning")]
    except Exception as exc:  # a reader that cannot open the file is a finding, not a crash
        findings = [Finding(str(path), "file", f"{fmt.name}.unreadable", f"cannot be read: {exc}")]
    report.findings += findings
    report.formats[fmt.name] = not any(f.severity == "error" for f in findings)
    return report


def check_folder(folder: Path, release=None, content_path: Path | None = None,
                 formats: list[str] | None = None, workers: int = 1, render: bool = False) -> Report:
    """Check every output in one release folder against its manifest (and the content, if given).

    With ``workers`` > 1 the outputs are read back side by side in forked worker processes."""
    folder = Path(folder)
    report = Report()
    manifest = read_manifest(folder)
    if manifest is None and release is None:
        report.findings.append(Finding(str(folder), MANIFEST_NAME, "check.no-manifest",
                                       "no readable manifest.json; pass --content FILE to check against"))
        return report
    if release is not None:
        expected = Expectations.from_release(release)
    else:
        expected = Expectations.from_manifest(manifest)
    current_sha = sha256_file(content_path) if content_path and Path(content_path).is_file() else None
    names = formats if formats is not None else [n for n in registry.FORMATS]
    if manifest is not None:
        report.findings += freshness(folder, manifest, expected, current_sha, set(names))
    slug = manifest.slug if manifest else (Path(content_path).stem if content_path else folder.name)
    present = [(name, folder / registry.get(name).file_name(slug)) for name in names]
    present = [(name, path) for name, path in present if path.is_file()]
    for one in run_grouped(_check_one, (expected, render), present, workers, key=lambda item: registry.get(item[0]).engine,
                           weight=lambda item: registry.get(item[0]).weight, on_crash=_reader_died):
        report.extend(one)
    if not report.files:
        report.findings.append(Finding(str(folder), "folder", "check.no-outputs", "no outputs to check"))
    return report


def _check_one(how: tuple[Expectations, bool], item: tuple[str, Path]) -> Report:
    name, path = item
    expected, render = how
    return check_file(path, expected, name, render)


def _reader_died(item: tuple[str, Path], error: BaseException) -> Report:
    name, path = item
    what = "the worker process reading it died" if worker_died(error) else f"cannot be read: {error}"
    return Report(findings=[Finding(str(path), "file", f"{name}.unreadable", what)],
                  formats={name: False}, files=[str(path)])


def freshness(folder: Path, manifest: Manifest, expected: Expectations, current_sha: str | None,
              names: set[str]) -> list[Finding]:
    """Outputs edited since the build, built from other content, or from differing content versions."""
    findings = []
    manifest = Manifest(**{**manifest.__dict__, "outputs": {
        k: r for k, r in manifest.outputs.items() if k in names or k not in registry.FORMATS}})
    if manifest.figures != expected.figures:
        changed = sorted(k for k in set(manifest.figures) | set(expected.figures)
                         if manifest.figures.get(k) != expected.figures.get(k))
        findings.append(Finding(str(folder / MANIFEST_NAME), "figures", "freshness.figures-changed",
                                f"the content file's figures differ from the build's: {', '.join(changed)}; rebuild"))
    for name, record in manifest.outputs.items():
        path = folder / record.file
        if not path.is_file():
            continue
        if sha256_file(path) != record.sha256:
            findings.append(Finding(str(path), "file", "freshness.edited",
                                    "changed since publisher wrote it (sha256 differs from manifest.json)"))
        if current_sha and record.content_sha256 != current_sha:
            findings.append(Finding(str(path), "file", "freshness.stale",
                                    "built from an older version of the content file; rebuild"))
    shas = {r.content_sha256 for r in manifest.outputs.values() if (folder / r.file).is_file()}
    if len(shas) > 1 and not current_sha:
        newest = manifest.content_sha256
        for record in manifest.outputs.values():
            if record.content_sha256 != newest and (folder / record.file).is_file():
                findings.append(Finding(str(folder / record.file), "file", "freshness.mixed",
                                        "built from a different version of the content file than the other outputs"))
    return findings
