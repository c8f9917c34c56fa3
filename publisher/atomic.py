"""Atomic file writes: a temporary file in the same folder, flushed, then renamed over the target.

A reader (or a build killed at any moment) sees either the previous complete file or the new
complete file, never a partial one. Temporary files carry a recognisable prefix so that the
next build can remove any left behind by a killed process.
"""
from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

TEMP_PREFIX = ".publisher-"
TEMP_SUFFIX = ".tmp"
STALE_AFTER_SECONDS = 60


def write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically. On failure the previous file is untouched."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def write_text(path: Path, text: str) -> None:
    write_bytes(path, text.encode("utf-8"))


def remove_stale_temporaries(folder: Path, older_than: float = STALE_AFTER_SECONDS) -> int:
    """Delete temporary files a killed build left in ``folder``. Returns how many went.

    Only files older than ``older_than`` seconds are removed, so that a build running at the
    same time in the same folder keeps its own.
    """
    removed = 0
    cutoff = time.time() - older_than
    for stray in Path(folder).glob(f"{TEMP_PREFIX}*{TEMP_SUFFIX}"):
        try:
            if stray.stat().st_mtime < cutoff:
                stray.unlink()
                removed += 1
        except FileNotFoundError:
            pass
    return removed
