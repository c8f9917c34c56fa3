"""Shared fixtures: the real release, small content files written on the fly, the CLI."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import settings

# Property tests draw the same examples on every run (CI is reproducible: a red run is a bug, not
# bad luck); HYPOTHESIS_PROFILE=explore draws new ones on each run, to look for more.
settings.register_profile("default", derandomize=True, database=None)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

ROOT = Path(__file__).resolve().parent.parent
RELEASE = ROOT / "content" / "operation-last-mile.yaml"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
MINIMAL = FIXTURES / "minimal.yaml"


@pytest.fixture
def release_path() -> Path:
    return RELEASE


@pytest.fixture(scope="session")
def release():
    from publisher.load import load

    return load(RELEASE).release


@pytest.fixture(scope="session")
def theme():
    from publisher.theme import load_theme

    return load_theme()


@pytest.fixture(scope="session")
def large_print(release, theme, tmp_path_factory):
    """The worked example's large-print edition, laid out once for the session."""
    from publisher.render.pdf import largeprint
    from publisher.spec import Options

    path = tmp_path_factory.mktemp("large-print") / "operation-last-mile-large-print.pdf"
    path.write_bytes(largeprint.render(release, theme, Options()))
    return path


@pytest.fixture
def write_content(tmp_path):
    """Write a content file: from raw text, or from the minimal fixture changed by a function."""

    def write(text: str | None = None, change=None, name: str = "release.yaml") -> Path:
        if text is None:
            data = yaml.safe_load(MINIMAL.read_text(encoding="utf-8"))
            if change:
                change(data)
            text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write


@pytest.fixture
def cli():
    from publisher.cli import cli as group

    runner = CliRunner()

    def run(*args: str):
        return runner.invoke(group, [str(a) for a in args], catch_exceptions=False)

    return run


def run_publisher(*args, cwd: Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run the CLI in a new interpreter, as a user would."""
    return subprocess.run(
        [sys.executable, "-m", "publisher", *map(str, args)],
        cwd=cwd or ROOT, capture_output=True, text=True, env={**os.environ, **(env or {})}, timeout=300,
    )


def assert_whole_release(text: str, release, item_prefix: str = "") -> None:
    """Every figure (as its display text), every speaker and every list item is in ``text``."""
    from publisher.figures import figure_text

    for figure in release.figures.values():
        assert figure_text(figure) in text
    for quote in release.quotes.values():
        assert quote.speaker in text
    for named in release.lists.values():
        for item in named.items:
            assert f"{item_prefix}{item}" in text


def require_tool(name: str) -> str:
    path = shutil.which(name)
    if not path:
        pytest.skip(f"{name} is not installed")
    return path


def pytest_sessionfinish(session, exitstatus):
    """In CI (PUBLISHER_FORBID_SKIPS=1) a skipped test fails the run: every tool must be there."""
    if not os.environ.get("PUBLISHER_FORBID_SKIPS"):
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    if skipped:
        reporter.write_line(f"PUBLISHER_FORBID_SKIPS: {len(skipped)} test(s) skipped; CI must run them all:", red=True)
        for report in skipped:
            reason = report.longrepr[-1] if isinstance(report.longrepr, tuple) else report.longrepr
            reporter.write_line(f"  {report.nodeid}: {reason}")
        session.exitstatus = 1
