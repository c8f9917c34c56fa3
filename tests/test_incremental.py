"""Incremental builds: nothing changed, nothing done (fast); any input changed, that output rebuilt."""
import shutil
import subprocess
import sys

import yaml

from conftest import MINIMAL, RELEASE, ROOT, run_publisher

ASSETS = ROOT / "assets"


def modules_after_build(*args) -> set[str]:
    code = (
        "import sys; from publisher.cli import cli\n"
        f"try: cli.main({[str(a) for a in args]!r})\n"
        "except SystemExit as e: assert e.code == 0, e.code\n"
        "print(' '.join(sorted({m.split('.')[0] for m in sys.modules})))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    return set(proc.stdout.strip().splitlines()[-1].split())


def test_a_no_op_rebuild_reads_the_manifest_not_the_content(tmp_path):
    assert run_publisher("build", RELEASE, "--out", tmp_path, "-f", "text", "-f", "html").returncode == 0
    loaded = modules_after_build("-v", "build", RELEASE, "--out", tmp_path, "-f", "text", "-f", "html")
    assert not loaded & {"yaml", "pydantic", "pptx", "reportlab", "pikepdf"}, "the content was parsed"


def test_a_no_op_rebuild_says_what_it_left_alone(tmp_path):
    run_publisher("build", RELEASE, "--out", tmp_path, "-f", "text")
    again = run_publisher("-v", "build", RELEASE, "--out", tmp_path, "-f", "text")
    assert again.returncode == 0
    assert "(0 written, 2 unchanged)" in again.stdout  # the English edition and the Spanish translation's
    assert "unchanged operation-last-mile.txt" in again.stdout and "unchanged operation-last-mile.es-US.txt" in again.stdout


def test_an_edited_output_is_rebuilt(tmp_path):
    run_publisher("build", RELEASE, "--out", tmp_path, "-f", "text")
    text = tmp_path / RELEASE.stem / f"{RELEASE.stem}.txt"
    original = text.read_bytes()
    text.write_bytes(original.replace(b"nearly 44 million", b"44M"))
    again = run_publisher("build", RELEASE, "--out", tmp_path, "-f", "text")
    assert "(1 written, 1 unchanged)" in again.stdout  # the Spanish edition was not touched
    assert text.read_bytes() == original


def test_an_output_that_has_not_passed_its_check_is_checked_again(tmp_path):
    run_publisher("build", RELEASE, "--out", tmp_path, "-f", "text", "--no-check")
    again = modules_after_build("build", RELEASE, "--out", tmp_path, "-f", "text")
    assert "yaml" in again, "an unchecked output must be read back, which needs the content"


def test_changing_a_theme_outside_assets_rebuilds(tmp_path):
    project = tmp_path / "project"
    shutil.copytree(ASSETS / "fonts", project / "fonts")
    theme = yaml.safe_load((ASSETS / "theme.yaml").read_text())
    (project / "brand.yaml").write_text(yaml.safe_dump(theme))
    data = yaml.safe_load(MINIMAL.read_text())
    data["release"]["theme"] = "brand.yaml"
    content = project / "release.yaml"
    content.write_text(yaml.safe_dump(data, sort_keys=False))
    out = tmp_path / "out"
    assert run_publisher("build", content, "--out", out, "-f", "html").returncode == 0
    assert "(0 written, 1 unchanged)" in run_publisher("build", content, "--out", out, "-f", "html").stdout
    theme["colors"]["accent"] = "#00457C"  # darker, still legible
    (project / "brand.yaml").write_text(yaml.safe_dump(theme))
    rebuilt = run_publisher("build", content, "--out", out, "-f", "html")
    assert "(1 written)" in rebuilt.stdout, rebuilt.stdout + rebuilt.stderr
    assert "00457C" in (out / "release" / "release.html").read_text().upper()


def test_a_no_op_rebuild_still_shows_the_content_warnings(tmp_path):
    assert run_publisher("init", "draft", cwd=tmp_path).returncode == 0
    first = run_publisher("build", "--draft", "-f", "text", cwd=tmp_path)
    again = run_publisher("build", "--draft", "-f", "text", cwd=tmp_path)
    assert "(0 written, 1 unchanged)" in again.stdout
    warning = "still holds a stand-in"
    assert warning in first.stderr and warning in again.stderr
