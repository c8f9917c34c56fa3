"""The command line, through Click's runner and as a real process."""
import json
import shutil

import pytest

from conftest import RELEASE, ROOT, run_publisher


def test_build_text_writes_edition_and_manifest(cli, tmp_path):
    result = cli("build", RELEASE, "--out", tmp_path, "--format", "text")
    assert result.exit_code == 0, result.output
    folder = tmp_path / "operation-last-mile"
    assert (folder / "operation-last-mile.txt").is_file()
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["figures"]["fentanyl_pills"] == "nearly 44 million fentanyl pills"
    assert manifest["outputs"]["text"]["file"] == "operation-last-mile.txt"
    assert len(manifest["outputs"]["text"]["sha256"]) == 64
    assert manifest["tool_version"]


def test_unchanged_inputs_are_skipped_and_force_rebuilds(cli, tmp_path):
    cli("build", RELEASE, "--out", tmp_path, "-f", "text")
    again = cli("-v", "build", RELEASE, "--out", tmp_path, "-f", "text")
    assert "unchanged operation-last-mile.txt" in again.output
    forced = cli("-v", "build", RELEASE, "--out", tmp_path, "-f", "text", "--force")
    assert "wrote operation-last-mile.txt" in forced.output


def test_bad_content_exits_2_and_writes_nothing(cli, write_content, tmp_path):
    bad = write_content("release: [unclosed\n")
    result = cli("build", bad, "--out", tmp_path / "out")
    assert result.exit_code == 2
    assert f"{bad}:2:1: YAML syntax error" in result.output
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("content", [
    b"release: [a, b\n", b"", b"release:\n  title: x\n  agen", b"\xff\xfe\x00", b"- a\n",
    b"a: &a [x, x]\nb: [*a, *a]\n",
])
def test_process_never_shows_a_traceback(tmp_path, content):
    bad = tmp_path / "bad.yaml"
    bad.write_bytes(content)
    proc = run_publisher("build", bad, "--out", tmp_path / "out")
    assert proc.returncode == 2
    assert str(bad) in proc.stderr and "Traceback" not in proc.stderr
    assert not (tmp_path / "out").exists()


def test_nonexistent_path_exits_2(tmp_path):
    proc = run_publisher("build", tmp_path / "missing.yaml", "--out", tmp_path / "out")
    assert proc.returncode == 2 and "no such file" in proc.stderr
    assert not (tmp_path / "out").exists()


def test_build_without_arguments_builds_every_content_file(tmp_path):
    project = tmp_path / "project"
    (project / "content").mkdir(parents=True)
    shutil.copy(RELEASE, project / "content" / "a.yaml")
    shutil.copy(ROOT / "tests" / "fixtures" / "minimal.yaml", project / "content" / "b.yaml")
    proc = run_publisher("build", "--format", "text", cwd=project)
    assert proc.returncode == 0, proc.stderr
    assert (project / "out" / "a" / "a.txt").is_file()
    assert (project / "out" / "b" / "b.txt").is_file()


def test_text_build_imports_no_heavy_renderer(tmp_path):
    code = (
        "import sys; from publisher.cli import cli\n"
        f"try: cli.main(['build', {str(RELEASE)!r}, '--out', {str(tmp_path)!r}, '-f', 'text'])\n"
        "except SystemExit as e: assert e.code == 0, e.code\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('pptx', 'reportlab', 'pikepdf'))\n"
        "print(heavy)\n"
    )
    proc = run_publisher_code(code)
    assert proc.stdout.strip().splitlines()[-1] == "[]", proc.stdout + proc.stderr


def run_publisher_code(code):
    import subprocess
    import sys

    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)


def test_unwritable_out_exits_1(cli, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    result = cli("build", RELEASE, "--out", blocker, "-f", "text")
    assert result.exit_code == 1
    assert "cannot write" in result.output


def test_validate(cli, write_content):
    assert cli("validate", RELEASE).exit_code == 0
    result = cli("validate", write_content("release: 3\n"))
    assert result.exit_code == 2 and "release" in result.output


def test_schema_is_json_schema(cli):
    schema = json.loads(cli("schema").output)
    assert "figures" in schema["properties"] and schema["$schema"].endswith("2020-12/schema")


def test_formats_lists_the_registry(cli):
    assert cli("formats").output.startswith("text")


def test_version_and_module_entry_point():
    proc = run_publisher("--version")
    assert proc.returncode == 0 and "publisher, version" in proc.stdout


def test_unknown_format_is_usage_error():
    proc = run_publisher("build", "--format", "memo")
    assert proc.returncode == 2 and "Invalid value" in proc.stderr


def test_content_format_reference_is_generated_from_the_schema(cli):
    committed = (ROOT / "docs" / "content-format.md").read_text(encoding="utf-8")
    generated = cli("schema", "--markdown").output
    assert generated == committed, (
        "docs/content-format.md is out of date; regenerate it with: "
        ".venv/bin/publisher schema --markdown > docs/content-format.md")
    for model in ("Metadata", "Figure", "Quote", "Section"):
        assert f"## {model}" in committed


def test_changing_a_render_option_rebuilds_that_output(cli, tmp_path):
    from conftest import require_tool

    require_tool("lou_translate")
    assert cli("build", RELEASE, "--out", tmp_path, "-f", "braille").exit_code == 0
    again = cli("-v", "build", RELEASE, "--out", tmp_path, "-f", "braille", "--braille-grade", "uncontracted")
    assert again.exit_code == 0 and "wrote operation-last-mile.brf" in again.output
