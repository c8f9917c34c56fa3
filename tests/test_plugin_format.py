"""A format from outside the package: registered through the entry-point group, then built,
checked and listed like the formats publisher ships."""
import json
import textwrap

import pytest

from conftest import MINIMAL, run_publisher

SPEC = '''
from dataclasses import dataclass
from typing import Literal

from publisher.spec import Format, Options, option


@dataclass(frozen=True)
class MemoOptions(Options):
    bullet: Literal["-", "*"] = option("-", "The mark before each figure.")


FORMAT = Format("memo", "-memo.md", "memo_format.render", "memo_format.audit",
                "Briefing memo in Markdown (a test plug-in)", options=MemoOptions, reads=(".md",))
'''

RENDER = '''
from publisher.figures import figure_text


def render(release, theme, options):
    lines = ["# " + release.title, ""]
    lines += [f"{options.bullet} {figure.label}: {figure_text(figure)}" for figure in release.figures.values()]
    return ("\\n".join(lines) + "\\n").encode("utf-8")
'''

AUDIT = '''
from pathlib import Path

from publisher.audit import Finding, Passage


def audit(path):
    text = Path(path).read_text(encoding="utf-8")
    if not text.startswith("# "):
        return [Finding(str(path), "line 1", "memo.title", "the memo does not open with its title")]
    return []


def extract(path):
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return [Passage(f"line {n}", line.lstrip("-* #")) for n, line in enumerate(lines, 1) if line]
'''


@pytest.fixture
def plugin(tmp_path):
    """A package installed in a folder of its own, found through PYTHONPATH."""
    site = tmp_path / "site"
    package = site / "memo_format"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    for name, code in (("spec", SPEC), ("render", RENDER), ("audit", AUDIT)):
        (package / f"{name}.py").write_text(textwrap.dedent(code))
    info = site / "memo_format-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: memo-format\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text("[publisher.formats]\nmemo = memo_format.spec:FORMAT\n")
    return {"PYTHONPATH": str(site)}


def test_an_installed_format_is_listed_with_its_option(plugin):
    listing = run_publisher("formats", env=plugin)
    assert listing.returncode == 0, listing.stderr
    assert "memo        <slug>-memo.md" in listing.stdout
    assert "--memo-bullet [-|*] (default -)" in listing.stdout


def test_an_installed_format_is_built_with_its_option_and_checked(plugin, tmp_path):
    out = tmp_path / "out"
    built = run_publisher("build", MINIMAL, "--out", out, "-f", "memo", "--memo-bullet", "*", env=plugin)
    assert built.returncode == 0, built.stdout + built.stderr
    memo = out / MINIMAL.stem / f"{MINIMAL.stem}-memo.md"
    assert memo.read_text().startswith("# ") and "\n* " in memo.read_text()
    manifest = json.loads((out / MINIMAL.stem / "manifest.json").read_text())
    assert manifest["outputs"]["memo"]["options"] == {"bullet": "*"}
    assert manifest["outputs"]["memo"]["checked"] == manifest["outputs"]["memo"]["sha256"]

    checked = run_publisher("check", out / MINIMAL.stem, "--json", env=plugin)
    assert checked.returncode == 0 and json.loads(checked.stdout)["formats"] == {"memo": True}

    memo.write_text("no title\n" + memo.read_text().split("\n", 1)[1])
    edited = run_publisher("check", out / MINIMAL.stem, env=plugin)
    assert edited.returncode == 1 and "memo.title" in edited.stderr and "freshness.edited" in edited.stderr


def test_a_broken_format_package_is_left_out_with_a_notice(plugin, tmp_path):
    site = tmp_path / "site"
    (site / "memo_format" / "spec.py").write_text("raise RuntimeError('half-installed')\n")
    listing = run_publisher("formats", env=plugin)
    assert listing.returncode == 0 and "Traceback" not in listing.stderr
    assert "format 'memo' (memo_format.spec:FORMAT) cannot be loaded: RuntimeError: half-installed" in listing.stderr
    assert "memo " not in listing.stdout and listing.stdout.startswith("text")


def test_a_format_cannot_take_a_name_already_registered(plugin, tmp_path):
    spec = tmp_path / "site" / "memo_format" / "spec.py"
    spec.write_text(spec.read_text().replace('Format("memo"', 'Format("text"'))
    listing = run_publisher("formats", env=plugin)
    assert "a format named 'text' is already registered" in listing.stderr
    assert listing.stdout.count("\ntext ") + listing.stdout.startswith("text ") == 1
