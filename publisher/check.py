"""``publisher check``: every output read back, every figure reconciled, every audit run.

For each output in a release folder (or a single file), the format's reader extracts the
text a person or assistive technology gets, and:

1. figure reconciliation: every figure's display text is there (whitespace-normalised);
   no other number is there unless it is a date, declared metadata (phone, addresses,
   source notes), an identifier of the prose or page furniture; a number that is a
   figure's value written another way ("44M", "44 million" without its qualifier) or close
   to a figure ("3,373") is named with the figure it contradicts;
2. identifier reconciliation: wherever an output shows the words around an identifier of
   the prose ("flu and ... vaccines"), the identifier stands between them exactly as typed
   ("COVID-19", not "COVID-I9"); an output that does not show those words (the fact sheet
   leaves the body out) is not expected to show the identifier;
3. reading order and names (:mod:`publisher.reading_order`): figures listed in registry
   order, the lede and every figure before the body in the linear editions, headers and
   headings as the labels and the release name them;
4. the format's accessibility audit;
5. freshness: outputs edited since the build, built from another version of the content
   file than the others, or older than the content file given.

A translation's editions are read in their language: its numbers in its CLDR forms, its
figures as its formatter writes them, its words from its labels; every language must carry
the same set of figures, and every language a file declares must be its edition's.
"""
from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from publisher import formats as registry
from publisher.archive import oversized
from publisher.audit import Finding, Passage
from publisher.errors import ContentError, MissingToolError, Problem
from publisher.expectations import Expectations
from publisher.identifier_check import identifier_findings
from publisher.listings import Item, figure_items, normalise, phrase
from publisher.manifest import MANIFEST_NAME, Manifest, read_manifest, sha256_file
from publisher.numbers import NumberReader, number_reader
from publisher.reading_order import order_findings
from publisher.spec import Format
from publisher.workers import run_grouped, worker_died

if TYPE_CHECKING:
    from publisher.labels import Labels

_DIGIT = re.compile(r"\d")
_FURNITURE = re.compile(r"^(page\s+\d+(\s+of\s+\d+)?|\d{1,4}|slide\s+\d+(\s+of\s+\d+)?)$", re.IGNORECASE)


@dataclass
class Report:
    findings: list[Finding] = field(default_factory=list)
    formats: dict[str, bool] = field(default_factory=dict)  #: format -> passed
    files: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(f.severity == "error" for f in self.findings)

    def extend(self, other: Report) -> None:
        self.findings += other.findings
        self.files += other.files
        for name, passed in other.formats.items():
            self.formats[name] = self.formats.get(name, True) and passed


def _exactly(text: str) -> re.Pattern:
    """``text`` as a whole phrase: not inside a longer number or word ("5 cases" is not in "15 cases")."""
    return phrase(text.lower())


@lru_cache(maxsize=256)
def _wrapped(address: str) -> re.Pattern:
    """A web address as a narrow column shows it: broken across lines anywhere (a space in the text read back)."""
    return re.compile(r"\s?".join(map(re.escape, address)), re.IGNORECASE)


def reconcile(file: str, passages: list[Passage], expected: Expectations,
              items: list[Item] | None = None) -> list[Finding]:
    """Figure reconciliation of one output's passages against the expected texts, in the edition's
    language (``items``: the figures listed in them, :func:`publisher.listings.figure_items`, when
    already read)."""
    from publisher.figures import parse_figure_text

    findings: list[Finding] = []
    where = expected.where()
    whole = " ".join(normalise(p.text) for p in passages)
    items = figure_items(passages, expected) if items is None else items
    listed = {key for item in items for key in item.keys}
    in_items = {i for item in items for i in range(item.start, item.end)}
    for key, text in expected.figures.items():
        if key not in listed and not _exactly(normalise(text)).search(whole):
            findings.append(Finding(file, "whole file", "figures.missing",
                                    f"figure '{key}'{where} ('{text}') does not appear"))
    values = dict(expected.amounts)
    for key, text in expected.figures.items():
        if key in values:
            continue
        try:
            values[key] = parse_figure_text(text)[1]
        except ValueError:
            pass
    reader = number_reader(expected.language)
    allowed = sorted({normalise(t).lower() for t in (*expected.figures.values(), *expected.allowed)}, key=len, reverse=True)
    for index, passage in enumerate(passages):
        text = normalise(passage.text)
        if index in in_items or not any(ch.isdigit() for ch in text) or _FURNITURE.match(text):
            continue
        rest = text
        for known in allowed:
            if known and known in rest.lower():
                rest = _exactly(known).sub(" ", rest)
            elif "://" in known and known[:12] in rest.lower():
                rest = _wrapped(known).sub(" ", rest)
        for match in reader.pattern.finditer(rest):
            findings.append(_stray(file, passage.location, match, values, expected, reader))
    return findings + identifier_findings(file, passages, expected.identifiers, normalise) + _case(file, passages, expected)


_SENTENCE_START = re.compile(r"(?:^|[.!?:;•]\s*)[\s“\"(]*$")  #: what may come before a sentence's first word


def _case(file: str, passages: list[Passage], expected: Expectations) -> list[Finding]:
    """A figure reads as registered ('nearly 44 million fentanyl pills'), except inside a title-case
    headline, subtitle or heading, where it takes title case ('Nearly 44 Million Fentanyl Pills'),
    and at the start of a sentence, where its first letter is a capital."""
    from publisher.figures import title_case

    texts = {normalise(text): key for key, text in expected.figures.items()}
    if not texts:
        return []
    any_case = re.compile(r"(?<![\w$€£.,])(?:" + "|".join(re.escape(t) for t in sorted(texts, key=len, reverse=True))
                          + r")(?![\w])", re.IGNORECASE)
    by_lower = {figure.lower(): figure for figure in texts}
    titled = {title_case(figure): figure for figure in texts if title_case(figure) != figure}
    headings = [normalise(h) for h in expected.headings if h]
    lowered = {}  # a title-case heading as it reads with its figures left in lower case
    for heading in (h for h in headings if any(ch.isdigit() for ch in h)):
        plain_heading = heading
        for title, figure in titled.items():
            if title in plain_heading:
                plain_heading = plain_heading.replace(title, figure)
        if plain_heading != heading:
            lowered[plain_heading] = heading
    findings: list[Finding] = []
    for passage in passages:
        text = normalise(passage.text)
        if not _DIGIT.search(text):
            continue
        matches = [m for m in any_case.finditer(text) if m.group() != by_lower.get(m.group().lower(), m.group())]
        inside = [(at, at + len(h)) for h in headings for at in _occurrences(text, h)] if matches else []
        for match in matches:
            figure = by_lower[match.group().lower()]
            if match.group() == figure[:1].upper() + figure[1:] and _SENTENCE_START.search(text[:match.start()]):
                continue  # a sentence that opens with the figure: 'More than 1,100 cases involved ...'
            if not any(a <= match.start() and match.end() <= b for a, b in inside):
                findings.append(Finding(file, passage.location, "figures.case",
                                        f"'{match.group()}' is figure '{texts[figure]}' in another case; outside a "
                                        f"title-case heading it reads '{figure}'"))
        for wrong, heading in lowered.items():
            if wrong in text:
                findings.append(Finding(file, passage.location, "figures.title-case",
                                        f"the title-case heading reads '{wrong}': its figures take title case, "
                                        f"'{heading}'"))
    return findings


def _occurrences(text: str, part: str) -> list[int]:
    found, at = [], text.find(part)
    while at >= 0:
        found.append(at)
        at = text.find(part, at + 1)
    return found



def draft_line(language: str) -> str:
    """The draft line of ``language`` (the packaged labels'; English when unknown)."""
    from publisher.labels import load_labels

    return load_labels(language or "en").draft_line


def declared_languages(path: Path, expected: Expectations) -> list[Finding]:
    """Every language the file declares is its edition's (a Spanish handout never says English)."""
    from publisher.audit.languages import declared

    if not expected.language:
        return []
    return [Finding(str(path), where, "languages.declared",
                    f"declares '{tag}' where the edition is in {expected.language}")
            for where, tag in declared(path) if tag.casefold() != expected.language.casefold()]


_PAGE = re.compile(r"\bpage (\d+)\b")


def listed_early(file: str, passages: list[Passage], expected: Expectations, pages: int,
                 items: list[Item] | None = None) -> list[Finding]:
    """Every figure listed (its label and value, :func:`publisher.listings.figure_items`) within
    the first ``pages`` pages, as an edition read page by page lists them at a glance. A figure
    listed later passes only when one list runs on to it unbroken (not even by a heading) from
    those pages: more figures than the pages hold."""
    if not expected.labels:  # a manifest written before labels were recorded
        return []
    items = [item for item in (figure_items(passages, expected) if items is None else items) if item.labelled]

    def page_of(item) -> int:
        found = _PAGE.search(passages[item.start].location)
        return int(found[1]) if found else 0

    early: set[str] = set()
    for previous, item in zip([None, *items], items, strict=False):
        unbroken = previous is not None and item.start == previous.end and previous.key in early
        if page_of(item) <= pages or unbroken:
            early.update(item.keys)
    return [Finding(file, "whole file", "figures.late",
                    f"figure '{key}'{expected.where()} ('{text}') is not listed with its label within the first "
                    f"{pages} pages")
            for key, text in expected.figures.items() if key not in early]


def draft_marks(file: str, passages: list[Passage], draft: bool | None, language: str = "") -> list[Finding]:
    """A draft build's output must say it is a draft; a final build's must not."""
    if draft is None:
        return []
    line = draft_line(language)
    marked = line.casefold() in " ".join(normalise(p.text) for p in passages).casefold()
    if draft and not marked:
        return [Finding(file, "whole file", "draft.unmarked", f"built as a draft but does not say '{line}'")]
    if not draft and marked:
        return [Finding(file, "whole file", "draft.marked", f"says '{line}' but was built as final")]
    return []


def _stray(file: str, location: str, match: re.Match, values: dict[str, Decimal], expected: Expectations,
           reader: NumberReader) -> Finding:
    shown = match.group().strip()
    texts, where = expected.figures, expected.where()
    value = reader.value(match)
    same = [k for k, v in values.items() if value is not None and v == value]
    if same:
        key = same[0]
        return Finding(file, location, "figures.inconsistent-form",
                       f"'{shown}' is figure '{key}'{where} written another way; it must read '{texts[key]}'")
    foreign = [k for k, v in values.items() if v in reader.foreign_values(match)]
    if foreign:
        key = foreign[0]
        return Finding(file, location, "figures.foreign-form",
                       f"'{shown}' writes figure '{key}' in another locale's form; {expected.language} writes it "
                       f"'{texts[key]}'")
    near = None
    if value:
        near = min(values, key=lambda k: abs(values[k] - value) / max(values[k], value), default=None)
        if near is not None and abs(values[near] - value) / max(values[near], value) > Decimal("0.25"):
            near = None
    if near:
        return Finding(file, location, "figures.contradiction",
                       f"'{shown}' contradicts figure '{near}'{where} ('{texts[near]}')")
    return Finding(file, location, "figures.unregistered",
                   f"'{shown}' is not a registered figure, date or declared text")


@dataclass(frozen=True)
class ExternalReader:
    """The reader of a file publisher did not build: its file type's audit, reported under the
    type (it answers as a :class:`~publisher.spec.Format` does, without the drawn check)."""

    name: str
    audit_module: str  #: exposes ``audit(path)`` and ``extract(path)``
    figures_within: int | None = None  #: a file from elsewhere is not held to where it lists figures

    def audit(self, path: Path) -> list[Finding]:
        return list(importlib.import_module(self.audit_module).audit(path))

    def extract(self, path: Path, language: str = "") -> list[Passage]:
        return list(importlib.import_module(self.audit_module).extract(path))

    def content_rules(self, path: Path, expected: Expectations) -> list[Finding]:
        return []

    def fit(self, path: Path) -> list[Finding]:
        return []


#: A PDF not named like one of our outputs gets the PDF/UA-1 audit and is reported as 'pdf'.
EXTERNAL_READERS = {".pdf": ExternalReader("pdf", "publisher.audit.pdf")}


def _format_of(path: Path) -> Format | ExternalReader | None:
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
    refused = oversized(path)
    if refused:
        report.findings.append(Finding(str(path), "file", "check.too-large", f"not read back: {refused}"))
        report.formats[fmt.name] = False
        return report
    try:
        findings = fmt.audit(path)
        if expected is not None:
            passages = fmt.extract(path, expected.language)
            items = figure_items(passages, expected)
            findings += reconcile(str(path), passages, expected, items) + draft_marks(str(path), passages, expected.draft,
                                                                                          expected.language)
            findings += declared_languages(path, expected)
            findings += fmt.content_rules(path, expected)
            findings += order_findings(str(path), passages, expected, getattr(fmt, "glance", False), items)
            if fmt.figures_within:
                findings += listed_early(str(path), passages, expected, fmt.figures_within, items)
        if render:
            findings += fmt.fit(path)
    except MissingToolError as exc:
        findings = [Finding(str(path), "file", f"{fmt.name}.not-verified",
                            f"not read back: {exc}", severity="warning")]
    except Exception as exc:  # a reader that cannot open the file is a finding, not a crash
        findings = [Finding(str(path), "file", f"{fmt.name}.unreadable", f"cannot be read: {exc}")]
    report.findings += findings
    report.formats[fmt.name] = not any(f.severity == "error" for f in findings)
    return report


def check_folder(folder: Path, release=None, content_path: Path | None = None,
                 formats: list[str] | None = None, workers: int = 1, render: bool = False,
                 loaded=None, labels_for: Callable[[str], Labels] | None = None) -> Report:
    """Check every output in one release folder, in every language, against its manifest (and the
    content, if given: ``release``, or ``loaded`` with its translations; ``labels_for``: its theme's
    labels of a language, default the packaged ones).

    With ``workers`` > 1 the outputs are read back side by side in forked worker processes."""
    folder = Path(folder)
    report = Report()
    manifest = read_manifest(folder)
    if loaded is not None:
        release = loaded.release
    if manifest is None and release is None:
        report.findings.append(Finding(str(folder), MANIFEST_NAME, "check.no-manifest",
                                       "no readable manifest.json here, and no release folders with one inside; check "
                                       "a folder 'publisher build' wrote (out/ or out/<slug>/), or pass --content FILE"))
        return report
    slug = manifest.slug if manifest else (Path(content_path).stem if content_path else folder.name)
    editions = _editions(slug, manifest, release, loaded, labels_for)
    current_sha = sha256_file(content_path) if content_path and Path(content_path).is_file() else None
    names = formats if formats is not None else registry.names()
    if manifest is not None:
        translations = {t.release.language: sha256_file(t.path) for t in loaded.translations} if loaded else None
        report.findings += freshness(folder, manifest, editions[0][1], current_sha, set(names), translations)
        report.findings += languages_agree(folder, manifest)
    present = [(name, folder / registry.get(name).file_name(edition), expected)
               for edition, expected in editions for name in names]
    present = [item for item in present if item[1].is_file()]
    for one in run_grouped(_check_one, render, present, workers, key=lambda item: registry.get(item[0]).engine,
                           weight=lambda item: registry.get(item[0]).weight, on_crash=_reader_died):
        report.extend(one)
    if not report.files:
        report.findings.append(Finding(str(folder), "folder", "check.no-outputs", "no outputs to check"))
    return report


def _editions(slug: str, manifest: Manifest | None, release, loaded,
              labels_for: Callable[[str], Labels] | None = None) -> list[tuple[str, Expectations]]:
    """(edition name, what its outputs must say) for the original, then each translation: from the
    content when given (``loaded`` with its translations), else from the manifest."""
    from publisher.editions import edition_name

    def labels(language: str) -> Labels | None:
        return labels_for(language) if labels_for else None

    if loaded is not None:
        return [(slug, Expectations.from_release(loaded.release, labels=labels(loaded.release.language)))] + [
            (edition_name(slug, t.release.language),
             Expectations.from_release(t.release, labels=labels(t.release.language), translation=True))
            for t in loaded.translations]
    if release is not None:
        return [(slug, Expectations.from_release(release, labels=labels(release.language)))]
    assert manifest is not None
    return [(slug, Expectations.from_manifest(manifest))] + [
        (edition.edition, Expectations.from_manifest(manifest, tag)) for tag, edition in manifest.translations.items()]


def languages_agree(folder: Path, manifest: Manifest) -> list[Finding]:
    """Every language's edition carries the same set of figures as the original's."""
    findings = []
    for tag, edition in manifest.translations.items():
        if set(edition.figures) != set(manifest.figures):
            missing = sorted(set(manifest.figures) - set(edition.figures))
            extra = sorted(set(edition.figures) - set(manifest.figures))
            said = "; ".join(p for p in (missing and f"without {', '.join(missing)}",
                                         extra and f"with {', '.join(extra)}, which the original has not") if p)
            findings.append(Finding(str(folder / MANIFEST_NAME), f"translations.{tag}", "languages.figures-differ",
                                    f"the {tag} edition carries other figures than the original's: {said}"))
    return findings


def _check_one(render: bool, item: tuple[str, Path, Expectations]) -> Report:
    name, path, expected = item
    return check_file(path, expected, name, render)


def _reader_died(item: tuple[str, Path, Expectations], error: BaseException) -> Report:
    name, path, _ = item
    what = "the worker process reading it died" if worker_died(error) else f"cannot be read: {error}"
    return Report(findings=[Finding(str(path), "file", f"{name}.unreadable", what)],
                  formats={name: False}, files=[str(path)])


def check_paths(paths: list[Path], content: Path | None, out: Path, workers: int = 1, render: bool = False) -> Report:
    """Check each PATH: an output folder, a content file, or a single output file.

    A folder's outputs are read back in up to ``workers`` processes side by side; with
    ``render``, each format's drawn check runs too (:meth:`publisher.spec.Format.fit`)."""
    from publisher.editions import original_of
    from publisher.translation import load_release

    loaded = labels_for = None
    if content is not None:
        content = original_of(content) or content
        loaded = load_release(content)
        labels_for = _theme_labels(loaded)
    if not paths:
        paths = sorted(p for p in Path(out).glob("*") if (p / MANIFEST_NAME).is_file())
        if not paths:
            raise ContentError([_no_outputs(out)])
    unusable = [_not_checkable(path) for path in paths if not path.is_dir() and not path.is_file()]
    if unusable:
        raise ContentError(unusable)
    report = Report()
    for path in paths:
        if path.is_dir() and not (path / MANIFEST_NAME).exists() and loaded is None and _release_folders(path):
            for folder in _release_folders(path):
                report.extend(check_folder(folder, workers=workers, render=render))
        elif path.is_dir():
            report.extend(check_folder(path, content_path=content, workers=workers, render=render, loaded=loaded,
                                       labels_for=labels_for))
        elif path.suffix in (".yaml", ".yml"):
            one = load_release(original_of(path) or path)
            report.extend(check_folder(Path(out) / one.slug, content_path=one.path, workers=workers, render=render,
                                       loaded=one, labels_for=_theme_labels(one)))
        else:
            report.extend(check_file(path, _expected_of_file(path, loaded, labels_for), render=render))
    return report


def _theme_labels(loaded) -> Callable[[str], Labels]:
    """The labels the content file's theme gives each language."""
    from publisher.theme import load_theme

    return load_theme(loaded.theme_path()).labels_for


def _expected_of_file(path: Path, loaded, labels_for: Callable[[str], Labels] | None) -> Expectations | None:
    """What a single output file must say: from the content when given, else from the manifest beside it."""
    if loaded is not None:
        editions = _editions(loaded.slug, None, loaded.release, loaded, labels_for)
        for edition, expected in editions:
            fmt = registry.for_file(path.name)
            if fmt is not None and path.name == fmt.file_name(edition):
                return expected
        return editions[0][1]
    manifest = read_manifest(path.parent)
    record = next((r for r in manifest.outputs.values() if r.file == path.name), None) if manifest else None
    if manifest is None or record is None:
        return None
    return Expectations.from_manifest(manifest, record.language)


def _release_folders(folder: Path) -> list[Path]:
    """The release folders (with a manifest) directly inside ``folder``, as ``build`` writes into ``out/``."""
    return sorted(p for p in folder.iterdir() if p.is_dir() and (p / MANIFEST_NAME).is_file())


def _not_checkable(path: Path) -> Problem:
    if not path.exists() and not path.is_symlink():
        return Problem(str(path), "no such file or folder")
    return Problem(str(path), "is not a regular file or a folder (a FIFO, device or broken link); nothing to check")


def _no_outputs(out: Path) -> Problem:
    return Problem(str(out), "no built releases here (no */manifest.json); run 'publisher build' first")


def freshness(folder: Path, manifest: Manifest, expected: Expectations, current_sha: str | None,
              names: set[str], translations: dict[str, str] | None = None) -> list[Finding]:
    """Outputs edited since the build, built from other content (or another version of their
    translation, ``translations``: tag -> the translation file's sha256 now), or from differing
    content versions."""
    findings = []
    manifest = Manifest(**{**manifest.__dict__, "outputs": {
        k: r for k, r in manifest.outputs.items() if r.format in names or r.format not in registry.all_formats()}})
    if manifest.figures != expected.figures:
        changed = sorted(k for k in set(manifest.figures) | set(expected.figures)
                         if manifest.figures.get(k) != expected.figures.get(k))
        findings.append(Finding(str(folder / MANIFEST_NAME), "figures", "freshness.figures-changed",
                                f"the content file's figures differ from the build's: {', '.join(changed)}; rebuild"))
    for record in manifest.outputs.values():
        path = folder / record.file
        if not path.is_file():
            continue
        if sha256_file(path) != record.sha256:
            findings.append(Finding(str(path), "file", "freshness.edited",
                                    "changed since publisher wrote it (sha256 differs from manifest.json)"))
        if current_sha and record.content_sha256 != current_sha:
            findings.append(Finding(str(path), "file", "freshness.stale",
                                    "built from an older version of the content file; rebuild"))
        elif translations is not None and record.language and translations.get(record.language) != \
                record.translation_sha256:
            findings.append(Finding(str(path), "file", "freshness.stale",
                                    f"built from another version of its {record.language} translation, or from one "
                                    "that is gone; rebuild"))
    shas = {r.content_sha256 for r in manifest.outputs.values() if (folder / r.file).is_file()}
    if len(shas) > 1 and not current_sha:
        newest = manifest.content_sha256
        for record in manifest.outputs.values():
            if record.content_sha256 != newest and (folder / record.file).is_file():
                findings.append(Finding(str(folder / record.file), "file", "freshness.mixed",
                                        "built from a different version of the content file than the other outputs"))
    return findings
