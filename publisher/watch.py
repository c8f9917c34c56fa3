"""``publisher build --watch``: rebuild and re-check when a content file or the theme changes.

Polls modification times (no extra dependency, works on every file system); rebuilding is
incremental, so only outputs whose inputs changed are written.
"""
from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from publisher.paths import ASSETS, PROJECT_THEME

POLL_SECONDS = 0.3


def _stamps(paths: list[Path]) -> dict[Path, float | None]:
    stamps: dict[Path, float | None] = {}
    for path in paths:
        try:
            stamps[path] = path.stat().st_mtime_ns
        except OSError:
            stamps[path] = None
    return stamps


def watched_files(contents: list[Path]) -> list[Path]:
    """The content files, the packaged assets and the project's own assets/ (its theme and fonts)."""
    folders = [ASSETS] + ([PROJECT_THEME.parent] if PROJECT_THEME.parent.is_dir() else [])
    return list(contents) + sorted({p for folder in folders for p in folder.rglob("*") if p.is_file()})


def watch(contents: list[Path], rebuild: Callable[[list[Path]], None], say: Callable[[str], None],
          seconds: float | None = None) -> None:
    """Call ``rebuild(changed_contents)`` whenever watched files change, until interrupted or ``seconds`` pass."""
    files = watched_files(contents)
    say(f"watching {len(contents)} content file(s) and the theme; press Ctrl-C to stop")
    stamps = _stamps(files)
    deadline = time.monotonic() + seconds if seconds else None
    try:
        while deadline is None or time.monotonic() < deadline:
            time.sleep(POLL_SECONDS)
            now = _stamps(files)
            changed = [p for p in files if now[p] != stamps[p]]
            if not changed:
                continue
            stamps = now
            say("changed: " + ", ".join(str(p) for p in changed))
            theme_changed = any(p not in contents for p in changed)
            rebuild(list(contents) if theme_changed else [p for p in changed if p in contents])
    except KeyboardInterrupt:
        say("stopped watching")
