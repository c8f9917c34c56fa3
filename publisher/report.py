"""What the CLI prints: build summaries and check reports, and how PATH arguments are checked."""
from __future__ import annotations

import sys
from pathlib import Path

from publisher import render as registry
from publisher.audit import Finding
from publisher.check import Expectations, Report, check_file, check_folder
from publisher.errors import ContentError
from publisher.manifest import MANIFEST_NAME, read_manifest


class Progress:
    """A one-line progress bar on a terminal when building many releases; silent otherwise."""

    def __init__(self, total: int, enabled: bool = True, minimum: int = 5):
        self.total = total
        self.done = 0
        self.enabled = enabled and total >= minimum and sys.stderr.isatty()

    def __enter__(self) -> "Progress":
        return self

    def __call__(self, result) -> None:
        self.done += 1
        if self.enabled:
            width = 30
            filled = width * self.done // self.total
            sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total} {result.slug[:30]:<30}")
            sys.stderr.flush()

    def __exit__(self, *exc) -> None:
        if self.enabled:
            sys.stderr.write("\r" + " " * 80 + "\r")
            sys.stderr.flush()


def print_build_results(results, out, changes_only: bool = False) -> int:
    """Print one block per release and a summary line; return the exit code.

    With ``changes_only`` (watch mode) a release that wrote nothing and found nothing is not shown.
    """
    code = 0
    totals = {"written": 0, "unchanged": 0, "failed": 0, "bad": 0, "findings": 0}
    for result in results:
        for problem in result.problems:
            out.error(str(problem))
        for warning in result.warnings:
            out.warn(str(warning))
        for failure in result.failures:
            out.error(f"{result.content}: build failed: {failure}")
        for skipped in result.skipped:
            out.error(f"{result.content}: skipped {skipped}")
        for finding in result.findings:
            out.error(str(finding))
        if changes_only and not (result.written or result.findings or result.problems or result.failures):
            continue
        if result.folder and not result.problems:
            parts = [f"{len(result.written)} written"]
            if result.unchanged:
                parts.append(f"{len(result.unchanged)} unchanged")
            if result.findings:
                parts.append(f"{len(result.findings)} check findings")
            out.info(f"{result.content} -> {result.folder}/ ({', '.join(parts)})")
            for name in result.written:
                (out.info if changes_only else out.detail)(f"  wrote {name}")
            for name in result.unchanged:
                out.detail(f"  unchanged {name}")
        totals["written"] += len(result.written)
        totals["unchanged"] += len(result.unchanged)
        totals["failed"] += len(result.failures)
        totals["bad"] += bool(result.problems)
        totals["findings"] += sum(f.severity == "error" for f in result.findings)
        code = max(code, result.exit_code)
    if (len(results) > 1 or code) and not changes_only:
        out.info(f"{len(results)} release(s): {totals['written']} outputs written, "
                 f"{totals['unchanged']} unchanged, {totals['bad']} with content errors, "
                 f"{totals['failed']} build failures, {totals['findings']} check findings")
    return code


def run_check(paths: list[Path], content: Path | None, out: Path, workers: int = 1, render: bool = False) -> Report:
    """Check each PATH: an output folder, a content file, or a single output file.

    A folder's outputs are read back in up to ``workers`` processes side by side."""
    release = None
    if content is not None:
        from publisher.load import load

        release = load(content).release
    if not paths:
        paths = sorted(p for p in Path(out).glob("*") if (p / MANIFEST_NAME).is_file())
        if not paths:
            raise ContentError([_no_outputs(out)])
    report = Report()
    for path in paths:
        if path.is_dir():
            report.extend(check_folder(path, release=release, content_path=content, workers=workers, render=render))
        elif path.suffix in (".yaml", ".yml"):
            from publisher.load import load

            loaded = load(path)
            report.extend(check_folder(Path(out) / loaded.slug, release=loaded.release, content_path=path,
                                       workers=workers, render=render))
        elif path.is_file():
            expected = None
            if release is not None:
                expected = Expectations.from_release(release)
            else:
                manifest = read_manifest(path.parent)
                if manifest is not None and any(r.file == path.name for r in manifest.outputs.values()):
                    expected = Expectations.from_manifest(manifest)
            report.extend(check_file(path, expected, render=render))
        else:
            report.findings.append(Finding(str(path), "path", "check.missing", "no such file or folder"))
    return report


def _no_outputs(out: Path):
    from publisher.errors import Problem

    return Problem(str(out), "no built releases here (no */manifest.json); run 'publisher build' first")


def print_check_report(report: Report, out) -> None:
    for finding in report.findings:
        out.error(str(finding))
    if report.formats:
        width = max(len("format"), *(len(n) for n in report.formats))
        out.info("format".ljust(width) + "  result")
        names = [n for n in registry.FORMATS if n in report.formats]
        names += sorted(n for n in report.formats if n not in registry.FORMATS)  # readers of files we did not build
        for name in names:
            out.info(name.ljust(width) + "  " + ("pass" if report.formats[name] else "FAIL"))
    errors = sum(f.severity == "error" for f in report.findings)
    warnings = len(report.findings) - errors
    out.info(f"{len(report.files)} file(s) checked: {errors} error(s), {warnings} warning(s)")


def print_rules(as_json: bool = False) -> None:
    """The PDF audit's rules: every rule of veraPDF's PDF/UA-1 profile, implemented or not."""
    import json

    import click

    from publisher.audit.pdfua_rules import attribution, status

    rows = status()
    if as_json:
        click.echo(json.dumps({
            "profile": attribution(),
            "rules": [{"id": s.rule.id, "rule": "pdf." + s.rule.id, "clause": s.rule.clause, "object": s.rule.object,
                       "implemented": s.implemented, "note": s.note, "description": s.rule.description}
                      for s in rows],
        }, indent=2))
        return
    width = max(len(s.rule.id) for s in rows)
    for row in rows:
        state = "implemented" if row.implemented else "NOT implemented"
        click.echo(f"{row.rule.id.ljust(width)}  {state:<15}  {row.rule.description}")
        if row.note:
            click.echo(f"{'':{width}}  {'':<15}  ({'limit' if row.implemented else 'why'}: {row.note})")
    done = sum(s.implemented for s in rows)
    source = attribution()
    click.echo(f"{len(rows)} rules, {done} implemented; rules from {source['title']}, "
               f"{source['author']}, {source['licence'].split(',')[0]}")
