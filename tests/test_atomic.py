import os
import time

import pytest

from publisher.atomic import TEMP_PREFIX, remove_stale_temporaries, write_bytes


def test_write_replaces_whole_file(tmp_path):
    target = tmp_path / "out.txt"
    write_bytes(target, b"old")
    write_bytes(target, b"new")
    assert target.read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_failed_write_keeps_previous_file_and_leaves_no_temporary(tmp_path, monkeypatch):
    target = tmp_path / "out.txt"
    write_bytes(target, b"previous")

    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(OSError):
        write_bytes(target, b"new content")
    assert target.read_bytes() == b"previous"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_stale_temporaries_are_removed_but_fresh_ones_kept(tmp_path):
    stale = tmp_path / f"{TEMP_PREFIX}abc.tmp"
    fresh = tmp_path / f"{TEMP_PREFIX}def.tmp"
    stale.write_bytes(b"x")
    fresh.write_bytes(b"y")
    old = time.time() - 3600
    os.utime(stale, (old, old))
    assert remove_stale_temporaries(tmp_path) == 1
    assert not stale.exists() and fresh.exists()
