"""Parallel builds: formats of one release and whole releases side by side, same results as one process."""
import os
import shutil

import pytest

from conftest import MINIMAL, RELEASE, run_publisher
from publisher import formats as registry
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
