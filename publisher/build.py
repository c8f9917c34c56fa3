"""The one pipeline: load -> render each format -> write atomically -> manifest -> check.

``build_release`` builds one content file into ``<out>/<slug>/`` and returns what happened;
it never raises for bad content or a failing renderer, it reports. Outputs whose inputs
(content, theme and fonts, tool and assets, options) are unchanged since the manifest was
written are skipped unless ``force`` is set; when every asked-for output is unchanged and
has passed its check, the content is not even parsed (:func:`already_built`).

Each format's options (see :class:`publisher.spec.Options`) are those given, the others at
their defaults, or, with ``recorded_options`` (``publisher preview``), as the last build
recorded them in the manifest; they are part of each output's inputs and of its record.
"""
from __future__ import annotations

import fcntl
import hashlib
import os
import tempfile
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import publisher
from publisher import formats as registry
from publisher.atomic import TEMP_PREFIX, TEMP_SUFFIX, remove_stale_temporaries
from publisher.drafts import mark_draft
from publisher.errors import BuildError, ContentError, MissingToolError, Problem
from publisher.glyphs import missing_glyphs
from publisher.limits import CONTENT_FILE_BYTES, FONT_FILE_BYTES
from publisher.manifest import (
    Manifest,
    OutputRecord,
    output_key,
    read_manifest,
    sha256_bytes,
    sha256_file,
    sha256_regular_file,
)
from publisher.paths import ASSETS, PACKAGE_DIR, PROJECT_THEME
from publisher.spec import OptionError, Options

if TYPE_CHECKING:
    from publisher.expectations import Expectations
    from publisher.labels import Labels
    from publisher.model import Release
    from publisher.theme import Theme
from publisher.workers import run_each, run_grouped, worker_died


@dataclass
class ReleaseResult:
    """What building one content file did. Picklable, for worker processes."""

    content: str
    slug: str
    folder: str | None = None
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  #: "format: reason"
    problems: list[Problem] = field(default_factory=list)  #: content errors (exit 2)
    warnings: list[Problem] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)  #: build failures (exit 1)
    findings: list = field(default_factory=list)  #: check findings (publisher.audit.Finding)

    @property
    def exit_code(self) -> int:
        if self.problems:
            return 2
        if self.failures or any(f.severity == "error" for f in self.findings):
            return 1
        return 0


@lru_cache(maxsize=1)
def tool_fingerprint() -> str:
    """Hash of the tool's own code and assets: a new tool or theme rebuilds everything."""
    digest = hashlib.sha256(publisher.__version__.encode())
    for folder in (PACKAGE_DIR, ASSETS):
        for path in sorted(folder.rglob("*")):
            if path.is_file() and path.suffix != ".pyc":
                digest.update(str(path.relative_to(folder)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


#: Option values given for a build, by format (only those given: the others come from the
#: format's defaults or, with ``recorded_options``, from the manifest).
GivenOptions = Mapping[str, Mapping[str, object]]


def inputs_hash(content_sha: str, fmt: str, options: Options | None = None, theme_sha: str = "",
                draft: bool = False) -> str:
    """What one output is made from: equal hashes, equal output (up to build times)."""
    chosen = ",".join(f"{k}={v}" for k, v in sorted((options.as_dict() if options else {}).items()))
    marked = ":draft" if draft else ""
    return sha256_bytes(f"{content_sha}:{theme_sha}:{tool_fingerprint()}:{fmt}:{chosen}{marked}".encode())


def format_options(name: str, given: GivenOptions | None, previous: Manifest | None = None,
                   recorded: bool = False) -> Options:
    """The options format ``name`` is built with: those given, then (when ``recorded``) those
    ``previous`` recorded for it, then its defaults. A record another version of publisher
    wrote that this one does not accept is left aside."""
    options = registry.get(name).options
    chosen = dict((given or {}).get(name, {}))
    record = previous.outputs.get(name) if recorded and previous is not None else None
    if record is not None:
        try:
            return options.from_dict({**record.options, **chosen})
        except OptionError:
            pass
    return options.from_dict(chosen)


def already_built(content: Path, content_sha: str, out: Path, formats: list[str], *, check: bool,
                  options: GivenOptions | None = None, recorded_options: bool = False,
                  draft: bool = False) -> ReleaseResult | None:
    """The result of a build with nothing to do, or None if anything needs building or checking.

    Read from the manifest alone, so an unchanged release costs a few hashes: the content
    file, the theme files the last build recorded, and each output are what they were, and
    every output has passed its check (when checking)."""
    folder = out / content.stem
    if folder.is_symlink():
        return None
    manifest = read_manifest(folder)
    if manifest is None or manifest.content_sha256 != content_sha or not manifest.theme_files:
        return None
    try:
        if not _theme_files_unchanged(manifest.theme_files, content) or not _translations_unchanged(manifest, content):
            return None
        editions = [("", content.stem, "")] + [(tag, e.edition, e.sha256) for tag, e in manifest.translations.items()]
        jobs = [_plan_job(name, edition, folder, manifest, content_sha, False, check,
                          format_options(name, options, manifest, recorded_options), draft, tag, translation_sha)
                for tag, edition, translation_sha in editions for name in formats]
    except OSError:
        return None
    if any(job.render or job.check for job in jobs):
        return None
    return ReleaseResult(content=str(content), slug=content.stem, folder=str(folder),
                         unchanged=[manifest.outputs[job.key].file for job in jobs],
                         warnings=[Problem(**w) for w in manifest.warnings])


def _translations_unchanged(manifest: Manifest, content: Path) -> bool:
    """Whether the translation files beside ``content`` are those the manifest recorded, unchanged."""
    from publisher.editions import translation_files

    recorded = {e.file: e.sha256 for e in manifest.translations.values()}
    found = {str(path): sha256_regular_file(path, CONTENT_FILE_BYTES.maximum) for path in translation_files(content)}
    return found == recorded


def theme_roots(content: Path) -> list[Path]:
    """The folders a theme file and its fonts can come from (see :mod:`publisher.theme`)."""
    return [content.parent.resolve(), PROJECT_THEME.parent.resolve(), ASSETS.resolve()]


def _theme_files_unchanged(recorded: dict[str, str], content: Path) -> bool:
    """Whether every theme file the manifest names is a regular file a theme may use, unchanged.

    The manifest is trusted for nothing but comparison: a path outside :func:`theme_roots`,
    or one that is not a regular file (``/dev/zero``), is never read and means "rebuild"."""
    roots = theme_roots(content)
    for name, sha in recorded.items():
        path = Path(name).resolve()
        if not any(path.is_relative_to(root) for root in roots):
            return False
        if sha256_regular_file(path, FONT_FILE_BYTES.maximum) != sha:
            return False
    return True


@contextmanager
def folder_lock(folder: Path) -> Iterator[None]:
    """Serialise builds into one folder (two builds at once would interleave the manifest)."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def content_warnings(loaded, draft: bool) -> list[Problem]:
    """The content's warnings; in a draft build, its draft marks too."""
    return loaded.warnings + ([replace(m, severity="warning") for m in loaded.draft_marks] if draft else [])


def content_warnings_of_all(loaded, draft: bool) -> list[Problem]:
    """The warnings of the release and of each of its translations."""
    return [w for edition in loaded.editions() for w in content_warnings(edition, draft)]


def make_manifest(loaded, content_sha: str, previous: Manifest | None, theme_files: list[Path],
                  draft: bool = False, labels_for: Callable[[str], Labels] | None = None) -> Manifest:
    """What the release's outputs must say, in every language (``labels_for``: the theme's labels
    of a language tag; default: the packaged ones)."""
    from dataclasses import asdict

    from publisher.document import figure_order
    from publisher.expectations import declared_identifiers, declared_texts, reading
    from publisher.figures import date_text, figure_text
    from publisher.manifest import Edition

    release = loaded.release
    language = release.language
    manifest = Manifest(
        slug=loaded.slug,
        title=release.title,
        content_file=str(loaded.path),
        content_sha256=content_sha,
        figures={k: figure_text(release.figures[k], language) for k in figure_order(release)},
        dates={k: date_text(v, language) for k, v in release.dates.items()},
        declared=declared_texts(release),
        identifiers=[found.as_dict() for found in declared_identifiers(release)],
        theme_files={str(path): sha256_file(path) for path in theme_files},
        warnings=[asdict(w) for w in content_warnings_of_all(loaded, draft)],
        draft=draft,
        language=language,
        values={k: str(f.value) for k, f in release.figures.items()},
        reading=reading(release, labels_for(language) if labels_for else None),
    )
    for translation in loaded.translations:
        words = translation.release
        manifest.translations[words.language] = Edition(
            file=str(translation.path), sha256=sha256_file(translation.path), edition=translation.edition,
            figures={k: figure_text(words.figures[k], words.language) for k in figure_order(words)},
            dates={k: date_text(v, words.language) for k, v in words.dates.items()},
            declared=declared_texts(words),
            identifiers=[found.as_dict() for found in declared_identifiers(words)],
            reading=reading(words, labels_for(words.language) if labels_for else None))
    if previous:
        manifest.outputs = dict(previous.outputs)
    return manifest


@dataclass(frozen=True)
class FormatJob:
    """One format of one release: render it (unless its output is current), then check it."""

    name: str
    render: bool
    check: bool
    inputs: str  #: the inputs hash recorded for the output
    options: Options = field(default_factory=Options)
    language: str = ""  #: a translation's tag; "" for the original
    edition: str = ""  #: the name the output starts with: the slug, and a translation's tag after it
    translation_sha: str = ""  #: the translation file's sha256 (a translation's job)

    @property
    def key(self) -> str:
        """The output's key in the manifest."""
        return output_key(self.name, self.language)


@dataclass
class FormatOutcome:
    """What one :class:`FormatJob` did. Picklable: it comes back from a worker process."""

    name: str
    key: str = ""  #: the output's key in the manifest (the format's name, a translation's tag after it)
    record: OutputRecord | None = None  #: the new manifest record, when written
    written: str | None = None
    skipped: str | None = None
    failure: str | None = None
    problems: list[Problem] = field(default_factory=list)
    findings: list = field(default_factory=list)
    checked: bool = False  #: read back and audited, and passed


@dataclass(frozen=True)
class _ReleaseState:
    """What every format job of one release reads; inherited by forked workers, never sent."""

    releases: dict[str, Release]  #: language ("" for the original) -> the release in it
    theme: Theme
    slug: str
    folder: Path
    content_sha: str
    explicit_formats: bool
    expected: dict[str, Expectations]  #: language ("" for the original) -> what its outputs must say


def build_release(
    content: Path,
    out: Path,
    formats: list[str],
    *,
    explicit_formats: bool = False,
    force: bool = False,
    check: bool = True,
    theme_path: Path | None = None,
    options: GivenOptions | None = None,
    recorded_options: bool = False,
    workers: int = 1,
    draft: bool = False,
) -> ReleaseResult:
    """Build one content file in the given formats. Reports; never raises for expected failures.

    With ``workers`` > 1 the formats are rendered and checked side by side in forked worker
    processes (see :func:`publisher.workers.run_grouped`); the manifest is written by this
    process alone, once every format is done. Content that is still a draft is refused
    unless ``draft``, which marks every output as one (:mod:`publisher.drafts`).
    """
    # None for no such file, a FIFO or device, or one too large: loading it says why, with the file's name
    content_sha = sha256_regular_file(content, CONTENT_FILE_BYTES.maximum)
    if not force and theme_path is None and content_sha is not None:
        done = already_built(content, content_sha, out, formats, check=check, options=options,
                             recorded_options=recorded_options, draft=draft)
        if done is not None:
            return done
    from publisher.theme import load_theme
    from publisher.translation import load_release

    result = ReleaseResult(content=str(content), slug=content.stem)
    try:
        loaded = load_release(content)
        theme_file = theme_path or loaded.theme_path()
        theme = load_theme(theme_file)
        for edition in loaded.editions():
            if any(registry.get(name).fonts for name in formats):
                result.problems += missing_glyphs(edition, theme.font_paths())
            if not draft:
                result.problems += edition.refuse_draft()
        folder = release_folder(out, loaded.slug)
    except ContentError as exc:
        result.problems = exc.problems
    if result.problems:
        return result
    if content_sha is None:  # unreadable a moment ago, yet loaded: hash it now
        content_sha = sha256_file(content)
    result.warnings = content_warnings_of_all(loaded, draft)
    releases = {("" if edition is loaded else edition.release.language): edition.release
                for edition in loaded.editions()}
    if draft:
        releases = {language: _marked(release, theme) for language, release in releases.items()}
    editions = [("", loaded.slug, "")] + [(t.release.language, t.edition, sha256_file(t.path))
                                          for t in loaded.translations]
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe, probe_path = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX, dir=folder)
        os.close(probe)
        with suppress(FileNotFoundError):  # a build holding the folder's lock cleans temporaries
            os.unlink(probe_path)
    except OSError as exc:
        result.failures.append(f"cannot write to {folder}: {exc.strerror or exc}")
        return result
    result.folder = str(folder)
    with folder_lock(folder):
        remove_stale_temporaries(folder, older_than=0)  # under the lock, any temporary is a dead build's
        previous = read_manifest(folder)
        manifest = make_manifest(loaded, content_sha, previous, theme.files(theme_file), draft, theme.labels_for)
        jobs = [_plan_job(name, edition, folder, manifest, content_sha, force, check,
                          format_options(name, options, previous, recorded_options), draft, language, translation_sha)
                for language, edition, translation_sha in editions for name in formats]
        for job in jobs:
            if not job.render:
                result.unchanged.append(registry.get(job.name).file_name(job.edition))
        checking = any(job.check for job in jobs)  # every job that renders also checks, when checking
        expected: dict[str, Expectations] = {}
        if checking:
            from publisher.expectations import Expectations

            expected = {language: Expectations.from_release(release, draft, theme.labels_for(release.language),
                                                            translation=bool(language))
                        for language, release in releases.items()}
        state = _ReleaseState(releases, theme, loaded.slug, folder, content_sha, explicit_formats, expected)
        active = [job for job in jobs if job.render or job.check]
        outcomes = run_grouped(_run_job, state, active, workers,
                               key=lambda job: registry.get(job.name).engine,
                               weight=lambda job: registry.get(job.name).weight * (1 + job.render),
                               on_crash=_crashed, preload=registry.shared_libraries(formats))
        checked = []
        for outcome in outcomes:
            _merge(outcome, manifest, result)
            if outcome.checked:
                checked.append(outcome.key)
        try:
            manifest.write(folder)
        except OSError as exc:
            result.failures.append(f"cannot write {folder / 'manifest.json'}: {exc.strerror or exc}")
            return result
        if checking and expected:
            from publisher.check import freshness

            names = {f for f in formats if f in manifest.outputs}
            result.findings += freshness(folder, manifest, expected[""], content_sha, names)
            if not result.findings and not result.failures:
                for name in checked:
                    manifest.outputs[name].checked = manifest.outputs[name].sha256
                manifest.write(folder)
    return result


def _marked(release: Release, theme: Theme) -> Release:
    """``release`` marked as a draft in its language's words."""
    labels = theme.labels_for(release.language)
    return mark_draft(release, labels.draft_line, labels.pair(labels.draft, ""))


def _plan_job(name: str, edition: str, folder: Path, manifest: Manifest, content_sha: str, force: bool, check: bool,
              options: Options, draft: bool = False, language: str = "", translation_sha: str = "") -> FormatJob:
    target = folder / registry.get(name).file_name(edition)
    key = inputs_hash(content_sha + translation_sha, name, options, manifest.theme_sha256, draft)
    record = manifest.outputs.get(output_key(name, language))
    current = (not force and record is not None and record.inputs == key and target.is_file()
               and sha256_file(target) == record.sha256)
    passed = current and record is not None and record.checked == record.sha256
    return FormatJob(name, render=not current, check=check and not passed, inputs=key, options=options,
                     language=language, edition=edition, translation_sha=translation_sha)


def _run_job(state: _ReleaseState, job: FormatJob) -> FormatOutcome:
    """Render (when needed), write atomically, and check one format. Never raises for expected failures."""
    from publisher.atomic import write_bytes

    fmt = registry.get(job.name)
    outcome = FormatOutcome(job.name, key=job.key)
    target = state.folder / fmt.file_name(job.edition)
    if job.render:
        try:
            data = fmt.render(state.releases[job.language], state.theme, job.options)
        except MissingToolError as exc:
            if fmt.optional and not state.explicit_formats:
                outcome.skipped = f"{job.name}: {exc}"
            else:
                outcome.failure = f"{job.name}: {exc}"
            return outcome
        except ContentError as exc:
            outcome.problems = exc.problems
            return outcome
        except BuildError as exc:
            outcome.failure = f"{job.name}: {exc}"
            return outcome
        try:
            write_bytes(target, data)
        except OSError as exc:
            outcome.failure = f"{job.name}: cannot write {target}: {exc.strerror or exc}"
            return outcome
        outcome.record = OutputRecord(job.name, target.name, sha256_bytes(data), job.inputs, state.content_sha,
                                      options=job.options.as_dict(), language=job.language,
                                      translation_sha256=job.translation_sha)
        outcome.written = target.name
    if job.check:
        from publisher.check import check_file

        report = check_file(target, state.expected.get(job.language), job.name)
        outcome.findings = report.findings
        outcome.checked = report.formats.get(job.name, False) and report.ok
    return outcome


def _crash_message(error: BaseException) -> str:
    if worker_died(error):
        return "the worker process building it died"
    return f"failed in its worker process: {type(error).__name__}: {error}"


def _crashed(job: FormatJob, error: BaseException) -> FormatOutcome:
    return FormatOutcome(job.name, key=job.key, failure=f"{job.name}: {_crash_message(error)}")


def _merge(outcome: FormatOutcome, manifest: Manifest, result: ReleaseResult) -> None:
    if outcome.record is not None:
        manifest.outputs[outcome.key or outcome.name] = outcome.record
    if outcome.written:
        result.written.append(outcome.written)
    if outcome.skipped:
        result.skipped.append(outcome.skipped)
    if outcome.failure:
        result.failures.append(outcome.failure)
    result.problems += outcome.problems
    result.findings += outcome.findings


def find_content(paths: list[Path]) -> list[Path]:
    """The content files to build: the given ones, or every ``content/*.yaml``; each once. A
    translation (``<slug>.<tag>.yaml`` beside ``<slug>.yaml``) stands for its original, which is
    built in every language.

    Two files whose slugs are equal (ignoring case: ``a/same.yaml`` and ``b/same.yaml``,
    ``x.yaml`` and ``x.yml``) would build into one folder: refused, naming both."""
    from publisher.editions import original_of

    found = list(paths) or sorted(Path("content").glob("*.yaml")) + sorted(Path("content").glob("*.yml"))
    found = [original_of(path) or path for path in found]  # a translation is built with its original
    if not found:
        raise ContentError([Problem("content/", "no content files (*.yaml) here; pass a file or run from the project folder")])
    unique: dict[Path, Path] = {}
    for path in found:
        unique.setdefault(path.resolve(), path)
    by_slug: dict[str, Path] = {}
    problems = []
    for path in unique.values():
        first = by_slug.setdefault(path.stem.casefold(), path)
        if first is not path:
            problems.append(Problem(str(path), f"builds into the same folder as {first} (slug '{path.stem}'); "
                                               "rename one of them"))
    if problems:
        raise ContentError(problems)
    return list(unique.values())


def release_folder(out: Path, slug: str) -> Path:
    """``out/slug``, refused when it is a symbolic link (a build writes only inside ``out``)."""
    folder = out / slug
    if folder.is_symlink():
        raise ContentError([Problem(str(folder), "is a symbolic link; a release folder must be a real folder "
                                                 f"inside {out}: remove the link")])
    if folder.exists() and not folder.is_dir():
        raise ContentError([Problem(str(folder), "is not a folder; remove it or choose another --out")])
    return folder


def build_many(contents: list[Path], out: Path, formats: list[str], *, jobs: int = 1, progress=None,
               **options) -> list[ReleaseResult]:
    """Build several releases with up to ``jobs`` worker processes.

    Several releases are built side by side, each in one worker, the largest content files
    first (a release's cost grows with its content), so that the workers finish together; a
    single release has its formats built side by side instead. Results come back in the
    order of ``contents``.
    """
    if len(contents) == 1:
        results = [build_release(contents[0], out, formats, workers=jobs, **options)]
        if progress:
            progress(results[0])
        return results
    return run_each(_build_one, (out, formats, options), contents, jobs, on_crash=_release_crashed,
                    progress=progress, weight=_content_size)


def _content_size(content: Path) -> float:
    """The expected cost of building a release: the size of its content file (0 when unreadable)."""
    try:
        return float(content.stat().st_size)
    except OSError:
        return 0.0


def _build_one(shared, content: Path) -> ReleaseResult:
    out, formats, options = shared
    return build_release(content, out, formats, **options)


def _release_crashed(content: Path, error: BaseException) -> ReleaseResult:
    return ReleaseResult(content=str(content), slug=content.stem, failures=[_crash_message(error)])
