"""Faults and interruptions: a killed build, two builds at once, a full disk. Nothing half-written."""
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time

from conftest import RELEASE, ROOT, run_publisher
from publisher.atomic import TEMP_PREFIX
from publisher.manifest import sha256_file

SLUG = "operation-last-mile"


def start_build(content, out, *extra):
    return subprocess.Popen([sys.executable, "-m", "publisher", "build", str(content), "--out", str(out),
                             "-f", "text", *extra], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def variants(tmp_path):
    old = tmp_path / "a" / f"{SLUG}.yaml"
    new = tmp_path / "b" / f"{SLUG}.yaml"
    for path in (old, new):
        path.parent.mkdir()
    shutil.copy(RELEASE, old)
    new.write_text(RELEASE.read_text().replace("value: 3337", "value: 3338"))
    return old, new


def test_sigkill_at_any_moment_leaves_old_or_new_outputs(tmp_path):
    old, new = variants(tmp_path)
    out = tmp_path / "out"
    folder = out / SLUG
    complete = {}
    for content in (new, old):  # learn both complete versions; leave the old one in place
        assert run_publisher("build", content, "--out", out, "-f", "text", "--force").returncode == 0
        complete[content] = (folder / f"{SLUG}.txt").read_bytes()
    rng = random.Random(7)
    for attempt in range(12):
        proc = start_build(new if attempt % 2 == 0 else old, out, "--force")
        time.sleep(rng.uniform(0.05, 0.6))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        text = (folder / f"{SLUG}.txt").read_bytes()
        assert text in complete.values(), f"attempt {attempt}: partial output"
        json.loads((folder / "manifest.json").read_text())  # always complete JSON
    run = run_publisher("build", old, "--out", out, "-f", "text")
    assert run.returncode == 0, run.stderr
    assert not list(folder.glob(f"{TEMP_PREFIX}*")), "temporaries left after the next build"


def test_two_builds_into_one_folder_do_not_corrupt_each_other(tmp_path):
    old, new = variants(tmp_path)
    out = tmp_path / "out"
    procs = [start_build(content, out, "--force") for content in (old, new, old, new)]
    assert [p.wait(timeout=60) for p in procs] == [0, 0, 0, 0]
    folder = out / SLUG
    manifest = json.loads((folder / "manifest.json").read_text())
    record = manifest["outputs"]["text"]
    assert sha256_file(folder / record["file"]) == record["sha256"]
    assert run_publisher("check", folder).returncode == 0


def test_disk_full_is_reported_and_previous_outputs_survive(tmp_path, cli, monkeypatch):
    out = tmp_path / "out"
    assert cli("build", RELEASE, "--out", out, "-f", "text").exit_code == 0
    before = (out / SLUG / f"{SLUG}.txt").read_bytes()

    def full(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    result = cli("build", RELEASE, "--out", out, "-f", "text", "--force")
    assert result.exit_code == 1
    assert "No space left on device" in result.output
    assert (out / SLUG / f"{SLUG}.txt").read_bytes() == before
    assert not list((out / SLUG).glob(f"{TEMP_PREFIX}*"))


def test_out_that_is_a_file_is_a_clear_error(tmp_path, cli):
    blocker = tmp_path / "out"
    blocker.write_text("")
    result = cli("build", RELEASE, "--out", blocker / "nested", "-f", "text")
    assert result.exit_code == 1 and "cannot write" in result.output


def test_output_paths_stay_inside_out(tmp_path):
    weird = tmp_path / "..evil.yaml"
    shutil.copy(RELEASE, weird)
    proc = run_publisher("build", weird, "--out", tmp_path / "out", "-f", "text")
    assert proc.returncode == 2 and "file name" in proc.stderr
