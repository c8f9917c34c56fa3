"""The benchmark suite (benchmarks/run.py): its floor is honest and one run fills the issue's table."""
from __future__ import annotations

import json
import subprocess
import sys
import tomllib

from conftest import RELEASE, ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
import run as bench  # noqa: E402

#: import name of each distribution pyproject.toml depends on
IMPORT_NAMES = {"click": "click", "pydantic": "pydantic", "PyYAML": "yaml", "python-pptx": "pptx",
                "python-docx": "docx", "mammoth": "mammoth", "reportlab": "reportlab", "pikepdf": "pikepdf",
                "fonttools": "fontTools", "babel": "babel"}
IMPORTED_BY_A_BUILD = """
import json, sys
from publisher.cli import main
sys.argv = ["publisher", "build", sys.argv[1], "--out", sys.argv[2], "--jobs", "1", "-q"]
try:
    main()
except SystemExit as done:
    assert done.code == 0, done.code
print(json.dumps(sorted({name.split(".")[0] for name in sys.modules})))
"""


def test_the_import_floor_is_every_library_a_full_build_imports(tmp_path):
    dependencies = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    ours = {IMPORT_NAMES[d.split("[")[0].split(">")[0].split("<")[0].split("=")[0].strip()] for d in dependencies}
    done = subprocess.run([sys.executable, "-c", IMPORTED_BY_A_BUILD, str(RELEASE), str(tmp_path / "out")],
                          capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    imported = set(json.loads(done.stdout.splitlines()[-1])) & ours
    assert {name.split(".")[0] for name in bench.FLOOR_LIBRARIES} == imported


def measures(**medians: float) -> dict[str, bench.Measure]:
    return {name: bench.Measure(name, [seconds]) for name, seconds in medians.items()}


def every_row_measured(n: int) -> dict[str, bench.Measure]:
    names = {name.format(n=n) for _, ours, peer, _ in bench.ISSUE_ROWS for name in (ours, peer)}
    return {name: bench.Measure(name, [1.0]) for name in names}


def test_one_run_fills_every_row_of_the_issues_table_with_its_target():
    results = every_row_measured(30)
    results["format factsheet"] = bench.Measure("format factsheet", [0.6])
    table = bench.issue_table(results, 30)
    assert [row["limit"] for row in table] == [1.0, 1.0, 1.0, 0.5, 1.8]
    assert all(row["value"] is not None for row in table)
    factsheet = next(row for row in table if "fact sheet" in row["row"])
    assert factsheet["measured"] == "0.60x" and factsheet["ok"] is False
    text = bench.markdown(results, table, bench.targets(results))
    assert "| measurement (ours / peer, medians) | now | target |" in text
    assert "| one fact sheet, whole process / WeasyPrint 70 `--pdf-variant pdf/ua-1` on our HTML edition | 0.60x | " \
           "<= 0.5x (not met) |" in text
    assert text.count("(met) |") == 4


def test_a_peer_that_is_not_installed_leaves_its_rows_not_measured():
    results = every_row_measured(30)
    del results["import floor"]
    row = bench.issue_table(results, 30)[-1]
    assert row["ok"] is None and row["measured"] == "not measured"


def test_the_script_starts_and_offers_a_quick_run():
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "run.py"), "--help"], capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0 and "--quick" in done.stdout


def test_the_pandoc_source_is_our_text_edition_with_headings(tmp_path):
    text = bench.markdown_release(RELEASE, tmp_path / "release.md").read_text(encoding="utf-8")
    assert text.startswith("# ") and "\n## " in text


def test_the_two_sides_of_a_ratio_run_in_turns_and_keep_their_own_medians():
    order: list[str] = []

    def timed(name: str, seconds: float):
        def run():
            order.append(name)
            return seconds, 10.0, 20.0
        return bench.Case(name, run)

    ours, peer = bench.interleaved([timed("ours", 1.0), timed("peer", 2.0)], 3)
    assert order == ["ours", "peer"] * 3
    assert (ours.median, peer.median, ours.tree_mib, peer.peak_mib) == (1.0, 2.0, 20.0, 10.0)
