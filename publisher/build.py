"""The one pipeline: load -> render each format -> write atomically -> manifest -> check.

``build_release`` builds one content file into ``<out>/<slug>/`` and returns what happened;
it never raises for bad content or a failing renderer, it reports. Outputs whose inputs
(content, assets, tool) are unchanged since the manifest was written are skipped unless
``force`` is set.
"""
from __future__ import annotations

import fcntl
import hashlib
import os
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterator

import publisher
from publisher import render as registry
from publisher.atomic import TEMP_PREFIX, TEMP_SUFFIX, remove_stale_temporaries
from publisher.errors import BuildError, ContentError, MissingToolError, Problem
from publisher.manifest import Manifest, OutputRecord, read_manifest, sha256_bytes, sha256_file
from publisher.glyphs import missing_glyphs
from publisher.theme import ASSETS

PACKAGE_DIR = Path(publisher.__file__).resolve().parent


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


def inputs_hash(content_sha: str, fmt: str, options: dict | None = None) -> str:
    chosen = ",".join(f"{k}={v}" for k, v in sorted((options or {}).items()))
    return sha256_bytes(f"{content_sha}:{tool_fingerprint()}:{fmt}:{chosen}".encode())


@contextmanager
def folder_lock(folder: Path) -> Iterator[None]:
    """Serialise builds into one folder (two builds at once would interleave the manifest)."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def declared_texts(release) -> list[str]:
    """Texts with digits that outputs may show besides figures and dates."""
    from publisher.figures import date_text

    meta = release.release
    declared = [meta.contact.phone, date_text(meta.date), meta.website]
    declared += [link.url for link in release.links]
    declared += [fig.source for fig in release.figures.values() if fig.source]
    if meta.contact.email:
        declared.append(meta.contact.email)
    return declared


def make_manifest(loaded, content_sha: str, previous: Manifest | None) -> Manifest:
    from publisher.figures import date_text, figure_text

    release = loaded.release
    manifest = Manifest(
        slug=loaded.slug,
        title=release.title,
        content_file=str(loaded.path),
        content_sha256=content_sha,
        figures={k: figure_text(f) for k, f in release.figures.items()},
        dates={k: date_text(v) for k, v in release.dates.items()},
        declared=declared_texts(release),
    )
    if previous:
        manifest.outputs = dict(previous.outputs)
    return manifest


def build_release(
    content: Path,
    out: Path,
    formats: list[str],
    *,
    explicit_formats: bool = False,
    force: bool = False,
    check: bool = True,
    theme_path: Path | None = None,
    render_options: dict[str, dict] | None = None,
) -> ReleaseResult:
    """Build one content file in the given formats. Reports; never raises for expected failures."""
    from publisher.load import load
    from publisher.theme import load_theme

    result = ReleaseResult(content=str(content), slug=content.stem)
    try:
        loaded = load(content)
        theme = load_theme(theme_path or loaded.theme_path())
        if any(registry.get(name).fonts for name in formats):
            result.problems = missing_glyphs(loaded, theme.font_paths())
    except ContentError as exc:
        result.problems = exc.problems
    if result.problems:
        return result
    result.warnings = loaded.warnings
    folder = out / loaded.slug
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe, probe_path = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX, dir=folder)
        os.close(probe)
        os.unlink(probe_path)
    except OSError as exc:
        result.failures.append(f"cannot write to {folder}: {exc.strerror or exc}")
        return result
    result.folder = str(folder)
    content_sha = sha256_file(content)
    with folder_lock(folder):
        remove_stale_temporaries(folder, older_than=0)  # under the lock, any temporary is a dead build's
        previous = read_manifest(folder)
        manifest = make_manifest(loaded, content_sha, previous)
        for name in formats:
            _build_format(name, loaded, theme, folder, manifest, content_sha, result, explicit_formats, force,
                          (render_options or {}).get(name, {}))
        try:
            manifest.write(folder)
        except OSError as exc:
            result.failures.append(f"cannot write {folder / 'manifest.json'}: {exc.strerror or exc}")
            return result
        built = [f for f in formats if f in manifest.outputs]
        already_checked = not result.written and all(
            manifest.outputs[f].checked == manifest.outputs[f].sha256 for f in built)
        if check and not result.failures and not already_checked:
            from publisher.check import check_folder

            report = check_folder(folder, release=loaded.release, content_path=content, formats=built)
            result.findings = report.findings
            if report.formats and all(report.formats.values()) and report.ok:
                for name in report.formats:
                    manifest.outputs[name].checked = manifest.outputs[name].sha256
                manifest.write(folder)
    return result


def _build_format(name, loaded, theme, folder, manifest, content_sha, result, explicit, force, options) -> None:
    from publisher.atomic import write_bytes

    fmt = registry.get(name)
    target = folder / fmt.file_name(loaded.slug)
    key = inputs_hash(content_sha, name, options)
    record = manifest.outputs.get(name)
    if (not force and record and record.inputs == key and target.is_file()
            and sha256_file(target) == record.sha256):
        result.unchanged.append(target.name)
        return
    try:
        data = fmt.renderer().render(loaded.release, theme, **options)
    except MissingToolError as exc:
        if fmt.optional and not explicit:
            result.skipped.append(f"{name}: {exc}")
        else:
            result.failures.append(f"{name}: {exc}")
        return
    except ContentError as exc:
        result.problems += exc.problems
        return
    except BuildError as exc:
        result.failures.append(f"{name}: {exc}")
        return
    try:
        write_bytes(target, data)
    except OSError as exc:
        result.failures.append(f"{name}: cannot write {target}: {exc.strerror or exc}")
        return
    manifest.outputs[name] = OutputRecord(name, target.name, sha256_bytes(data), key, content_sha)
    result.written.append(target.name)


def find_content(paths: list[Path]) -> list[Path]:
    """The content files to build: the given ones, or every ``content/*.yaml``."""
    if paths:
        return paths
    found = sorted(Path("content").glob("*.yaml")) + sorted(Path("content").glob("*.yml"))
    if not found:
        raise ContentError([Problem("content/", "no content files (*.yaml) here; pass a file or run from the project folder")])
    return found


def build_many(contents: list[Path], out: Path, formats: list[str], *, jobs: int = 1, progress=None, **options) -> list[ReleaseResult]:
    """Build several releases, in ``jobs`` worker processes when more than one."""
    if jobs <= 1 or len(contents) <= 1:
        results = []
        for content in contents:
            results.append(build_release(content, out, formats, **options))
            if progress:
                progress(results[-1])
        return results
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=min(jobs, os.cpu_count() or 1, len(contents))) as pool:
        futures = [pool.submit(build_release, c, out, formats, **options) for c in contents]
        results = []
        for future in futures:
            results.append(future.result())
            if progress:
                progress(results[-1])
        return results
