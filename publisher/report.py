"""What the CLI prints: a progress bar, build summaries and check reports."""
from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from publisher import formats as registry

if TYPE_CHECKING:
    from publisher.check import Report


class Progress:
    """A one-line progress bar on a terminal when building many releases; silent otherwise."""

    def __init__(self, total: int, enabled: bool = True, minimum: int = 5):
        self.total = total
        self.done = 0
        self.enabled = enabled and total >= minimum and sys.stderr.isatty()

    def __enter__(self) -> Progress:
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


def print_check_report(report: Report, out) -> None:
    for finding in report.findings:
        out.error(str(finding))
    if report.formats:
        width = max(len("format"), *(len(n) for n in report.formats))
        out.info("format".ljust(width) + "  result")
        known = registry.names()
        names = [n for n in known if n in report.formats]
        names += sorted(n for n in report.formats if n not in known)  # readers of files we did not build
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
