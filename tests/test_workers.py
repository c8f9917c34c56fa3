"""Parallel builds: formats of one release and whole releases side by side, same results as one process."""
import json
import os
import shutil
import subprocess
import sys

import pytest

from conftest import MINIMAL, RELEASE, ROOT, run_publisher
from publisher import formats as registry
from publisher import workers
from publisher.build import build_many, build_release
from publisher.manifest import read_manifest
from publisher.workers import can_fork, run_each, run_grouped

needs_fork = pytest.mark.skipif(not can_fork(), reason="the fork start method is not available here")
DETERMINISTIC = ("text", "html")  #: formats whose bytes carry no build time (zip entry times, PDF ids)


def _pid(_shared, item):
    return item, os.getpid()


def _fail(item, error):
    return item, f"died: {error}"


def _die_on_three(_shared, item):
    if item == 3:
        os._exit(7)
    return item, os.getpid()


@needs_fork
def test_run_each_keeps_item_order_across_workers():
    outcomes = run_each(_pid, None, list(range(8)), 2, on_crash=_fail)
    assert [item for item, _ in outcomes] == list(range(8))
    assert all(pid != os.getpid() for _, pid in outcomes)


def test_one_worker_runs_in_this_process():
    outcomes = run_each(_pid, None, [1, 2], 1, on_crash=_fail)
    assert {pid for _, pid in outcomes} == {os.getpid()}


@needs_fork
def test_items_of_one_group_share_a_worker_and_groups_run_apart():
    items = ["pdf-a", "pptx", "pdf-b", "text"]
    outcomes = run_grouped(_pid, None, items, 2, key=lambda i: i.split("-")[0], weight=lambda i: 1, on_crash=_fail)
    pids = dict(outcomes)
    assert [item for item, _ in outcomes] == items
    assert pids["pdf-a"] == pids["pdf-b"]
    assert os.getpid() not in pids.values()


@needs_fork
def test_a_dead_worker_becomes_a_reported_outcome_not_a_traceback():
    outcomes = run_each(_die_on_three, None, [1, 2, 3], 2, on_crash=_fail)
    assert outcomes[2][0] == 3 and outcomes[2][1].startswith("died")


@needs_fork
def test_parallel_formats_build_the_same_release_as_one_process(tmp_path):
    serial = build_release(RELEASE, tmp_path / "serial", registry.names(), workers=1)
    parallel = build_release(RELEASE, tmp_path / "parallel", registry.names(), workers=2)
    assert serial.exit_code == parallel.exit_code == 0, (serial.findings, parallel.findings, parallel.failures)
    assert sorted(serial.written) == sorted(parallel.written)
    one, two = read_manifest(tmp_path / "serial" / RELEASE.stem), read_manifest(tmp_path / "parallel" / RELEASE.stem)
    assert one.figures == two.figures
    assert set(one.outputs) == set(two.outputs)
    for name in DETERMINISTIC:
        assert one.outputs[name].sha256 == two.outputs[name].sha256, name
    assert all(r.checked == r.sha256 for r in two.outputs.values()), "every output passed its check"


@needs_fork
def test_a_renderer_that_kills_its_worker_fails_that_format_only(tmp_path, monkeypatch):
    import publisher.render.html as html

    monkeypatch.setattr(html, "render", lambda *args, **kwargs: os._exit(9))
    result = build_release(MINIMAL, tmp_path, ["html", "deck"], workers=2)
    assert result.exit_code == 1
    assert [f.split(":")[0] for f in result.failures] == ["html"]
    assert "died" in result.failures[0]
    assert result.written == [registry.get("deck").file_name(MINIMAL.stem)]
    assert set(read_manifest(tmp_path / MINIMAL.stem).outputs) == {"deck"}


@needs_fork
def test_batch_with_two_jobs_returns_results_in_content_order(tmp_path):
    contents = []
    for name in ("zulu", "alpha", "mike"):
        path = tmp_path / f"{name}.yaml"
        shutil.copy(MINIMAL, path)
        contents.append(path)
    results = build_many(contents, tmp_path / "out", ["text", "html"], jobs=2)
    assert [r.slug for r in results] == ["zulu", "alpha", "mike"]
    assert all(r.exit_code == 0 and len(r.written) == 2 for r in results)


def test_cli_batch_ends_with_a_summary_line(tmp_path):
    for name in ("one", "two"):
        shutil.copy(MINIMAL, tmp_path / f"{name}.yaml")
    run = run_publisher("build", tmp_path / "one.yaml", tmp_path / "two.yaml", "--out", tmp_path / "out",
                        "-f", "text", "--jobs", "2")
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip().splitlines()[-1].startswith("2 release(s): 2 outputs written")


@needs_fork
def test_checking_a_folder_in_workers_reports_what_one_process_reports(tmp_path):
    from publisher.check import check_folder

    build_release(RELEASE, tmp_path, ["text", "html", "deck"], workers=1)
    text = tmp_path / RELEASE.stem / f"{RELEASE.stem}.txt"
    text.write_text(text.read_text().replace("3,337 arrests", "3,373 arrests"))
    one, two = check_folder(tmp_path / RELEASE.stem, workers=1), check_folder(tmp_path / RELEASE.stem, workers=2)
    assert one.findings == two.findings and one.files == two.files and one.formats == two.formats
    assert {f.rule for f in two.findings} >= {"figures.contradiction", "freshness.edited"}
    assert two.formats == {"text": False, "deck": True, "html": True}


@needs_fork
def test_a_reader_that_kills_its_worker_is_a_finding(tmp_path, monkeypatch):
    import publisher.audit.html as html_audit
    from publisher.check import check_folder

    build_release(MINIMAL, tmp_path, ["deck", "html"], workers=1)  # two libraries: two workers
    monkeypatch.setattr(html_audit, "audit", lambda path: os._exit(3))
    report = check_folder(tmp_path / MINIMAL.stem, workers=2)
    assert [(f.rule, "died" in f.message) for f in report.findings] == [("html.unreadable", True)]
    assert report.formats == {"deck": True, "html": False}


def _started(_shared, item):
    import time

    started = time.monotonic()
    time.sleep(0.1)
    return item, started


@needs_fork
def test_heaviest_items_start_first_and_outcomes_keep_item_order():
    items = [1, 5, 2, 9, 3]
    seen = []
    outcomes = run_each(_started, None, items, 2, on_crash=_fail, weight=lambda i: i, progress=seen.append)
    assert [item for item, _ in outcomes] == items
    started = dict(outcomes)
    assert started[9] < started[2] and started[5] < started[1]  # two workers: 9 and 5 go first
    assert sorted(seen) == sorted(outcomes)  # progress hears of every item as it finishes


def _frozen(_shared, item):
    import gc

    return item, gc.get_freeze_count()


@needs_fork
def test_workers_leave_what_was_alive_at_the_fork_to_the_collector_frozen_and_this_process_unfrozen():
    import gc

    outcomes = run_each(_frozen, None, [1, 2], 2, on_crash=_fail)
    assert all(count > 0 for _, count in outcomes)  # the workers' collections skip the inherited objects
    assert gc.get_freeze_count() == 0  # a library caller's collector is as it was


def test_libraries_of_more_than_one_engine_are_the_ones_loaded_before_the_fork():
    shared = registry.shared_libraries(["deck", "docx", "factsheet", "largeprint", "html", "text"])
    assert "lxml.etree" in shared  # python-pptx's formats and the PDFs' both read XML with lxml
    assert "html.parser" in shared  # the PDFs' and the web page's
    assert "pptx" not in shared and "reportlab.platypus" not in shared  # one engine's own
    assert registry.shared_libraries(["deck", "docx"]) == ()  # one engine: its worker imports them anyway


def _has(_shared, module):
    return module, module in sys.modules


@needs_fork
def test_preloaded_modules_are_imported_once_before_the_workers_fork():
    assert "wave" not in sys.modules
    try:
        outcomes = run_each(_has, None, ["wave", "wave"], 2, on_crash=_fail, preload=["wave", "no.such.module"])
        assert outcomes == [("wave", True), ("wave", True)]  # a module that cannot be imported is no error here
        assert "wave" in sys.modules
    finally:
        sys.modules.pop("wave", None)


def test_one_worker_preloads_nothing():

    outcomes = run_each(_has, None, ["wave"], 1, on_crash=_fail, preload=["wave"])
    assert outcomes == [("wave", False)]


IMPORTED_BY_ONE_FORMAT = """
import json, sys
from publisher.cli import main
sys.argv = ["publisher", "build", sys.argv[1], "--out", sys.argv[2], "-f", sys.argv[3], "-q"]
try:
    main()
except SystemExit as done:
    assert done.code == 0, done.code
print(json.dumps(sorted(sys.modules)))
"""


@pytest.mark.parametrize("name", [name for name in registry.BUILT_IN if registry.get(name).libraries])
def test_a_formats_declared_libraries_are_what_building_and_checking_it_imports(name, tmp_path):
    done = subprocess.run([sys.executable, "-c", IMPORTED_BY_ONE_FORMAT, str(RELEASE), str(tmp_path), name],
                          capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    imported = set(json.loads(done.stdout.splitlines()[-1]))
    assert set(registry.get(name).libraries) <= imported


def _rss() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


@pytest.mark.skipif(not os.path.exists("/proc/self/statm") or workers._malloc_trim() is None,
                    reason="needs Linux's /proc and glibc's malloc_trim")
def test_heap_a_job_freed_goes_back_to_the_system_between_jobs():
    blocks = [bytearray(4000) for _ in range(10_000)]  # 40 MB from malloc's heap, not mapped apart
    last = bytearray(4000)  # above them: the heap cannot shrink from its top by itself
    del blocks
    before = _rss()
    workers.release_freed_memory()
    assert _rss() < before - 20 * 2**20
    del last
