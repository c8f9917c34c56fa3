"""Authoring commands: init, build --watch, preview."""
import subprocess
import sys
import time

import pytest

from conftest import ROOT, require_tool, run_publisher
from publisher.preview import contact_sheet


def test_init_writes_a_template_that_validates_and_builds(tmp_path):
    proc = run_publisher("init", "harbour-reopens", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    path = tmp_path / "content" / "harbour-reopens.yaml"
    text = path.read_text()
    assert text.startswith("# A news release for publisher.") and "qualifier:" in text
    validate = run_publisher("validate", path)
    assert validate.returncode == 2 and "still holds a stand-in ('Name of the agency')" in validate.stderr
    assert run_publisher("validate", "--draft", path).returncode == 0
    refused = run_publisher("build", "--format", "text", cwd=tmp_path)
    assert refused.returncode == 2 and "is a draft" in refused.stderr and not (tmp_path / "out").exists()
    build = run_publisher("build", "--draft", "--format", "text", cwd=tmp_path)
    assert build.returncode == 0, build.stderr
    text = (tmp_path / "out" / "harbour-reopens" / "harbour-reopens.txt").read_text()
    assert text.startswith("DRAFT: Replace with") and "DRAFT, not for publication" in text


def test_init_refuses_to_overwrite_and_bad_names(tmp_path):
    assert run_publisher("init", "a", cwd=tmp_path).returncode == 0
    again = run_publisher("init", "a", cwd=tmp_path)
    assert again.returncode == 2 and "already exists" in again.stderr
    assert run_publisher("init", "../escape", cwd=tmp_path).returncode == 2


def test_watch_rebuilds_when_the_content_changes(tmp_path):
    run_publisher("init", "w", cwd=tmp_path)
    content = tmp_path / "content" / "w.yaml"
    proc = subprocess.Popen(
        [sys.executable, "-m", "publisher", "build", str(content), "-f", "text", "--out", str(tmp_path / "out"),
         "--draft", "--watch", "--watch-seconds", "6"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    output = tmp_path / "out" / "w" / "w.txt"
    deadline = time.monotonic() + 5
    while not output.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    time.sleep(0.5)
    content.write_text(content.read_text().replace("value: 1200", "value: 1300"))
    deadline = time.monotonic() + 5
    while "1,300" not in output.read_text() and time.monotonic() < deadline:
        time.sleep(0.1)
    out, err = proc.communicate(timeout=15)
    assert "more than 1,300 example units" in output.read_text()
    assert "changed: " in out and "wrote w.txt" in out


def test_contact_sheet_is_accessible_html(tmp_path):
    page = contact_sheet("x", {"x-briefing.pptx": [tmp_path / "x-briefing-1.png"]})
    assert '<html lang="en">' in page and 'alt="Slide 1 of x-briefing.pptx"' in page and "<h1>" in page


def test_preview_renders_pngs_and_a_contact_sheet(tmp_path):
    require_tool("pdftoppm")
    from publisher import formats as registry

    if not any(f.suffix.endswith((".pdf", ".pptx")) for f in registry.all_formats().values()):
        pytest.skip("no deck or PDF format is registered yet")
    content = ROOT / "content" / "operation-last-mile.yaml"
    assert run_publisher("build", content, "--out", tmp_path, "--paper", "a4").returncode == 0
    proc = run_publisher("preview", content, "--out", tmp_path)
    assert proc.returncode == 0, proc.stderr
    sheet = tmp_path / "operation-last-mile" / "preview" / "index.html"
    assert sheet.is_file()
    assert len(list(sheet.parent.glob("*.png"))) >= 2
    width, height = png_size(sheet.parent / "operation-last-mile-fact-sheet-1.png")
    assert abs(height / width - 297 / 210) < 0.01, "the fact sheet built on A4 is previewed on A4, not Letter"


def png_size(path) -> tuple[int, int]:
    header = path.read_bytes()[16:24]
    return int.from_bytes(header[:4], "big"), int.from_bytes(header[4:], "big")


def test_import_command_writes_a_valid_draft_and_refuses_to_overwrite(tmp_path):
    seed = ROOT / "tests" / "fixtures" / "operation-last-mile-release.txt"
    proc = run_publisher("import", seed, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    target = tmp_path / "content" / "operation-last-mile-release.yaml"
    assert "TODO comment(s) to confirm" in proc.stdout and target.is_file()
    refused = run_publisher("validate", target)
    assert refused.returncode == 2 and "a TODO comment" in refused.stderr and "is a draft" in refused.stderr
    assert run_publisher("validate", "--draft", target).returncode == 0
    again = run_publisher("import", seed, cwd=tmp_path)
    assert again.returncode == 2 and "already exists" in again.stderr
    assert run_publisher("import", tmp_path / "missing.md", cwd=tmp_path).returncode == 2


def test_imported_seed_builds_in_every_format_and_checks_clean(tmp_path):
    from publisher import formats as registry
    from publisher.build import build_release
    from publisher.draft import import_draft

    content = tmp_path / "imported.yaml"
    content.write_text(import_draft(ROOT / "tests" / "fixtures" / "operation-last-mile-release.txt"), encoding="utf-8")
    refused = build_release(content, tmp_path / "out", registry.names())
    assert refused.exit_code == 2 and any("TODO comment" in p.message for p in refused.problems)
    assert not (tmp_path / "out").exists()
    result = build_release(content, tmp_path / "out", registry.names(), draft=True)
    assert result.exit_code == 0, [*map(str, result.problems), *result.failures, *map(str, result.findings)]
    assert len(result.written) == len(registry.all_formats())
