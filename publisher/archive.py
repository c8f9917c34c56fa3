"""Files handed to ``publisher check`` are bounded before any reader opens them.

A .pptx is a zip archive: its central directory states each member's packed and unpacked
size, and Python's zipfile never unpacks a member past its stated size, so checking the
stated sizes bounds the work of every reader (python-pptx, openxml-audit) that follows. A
zip bomb is refused in milliseconds without unpacking anything.
"""
from __future__ import annotations

import zipfile
from pathlib import Path

from publisher.limits import (
    ARCHIVE_BYTES,
    ARCHIVE_MEMBERS,
    ARCHIVE_RATIO,
    CHECKED_FILE_BYTES,
)

#: Members smaller than this unpacked are not held to the ratio (tiny XML parts pack very well).
RATIO_FLOOR = 1 * 2**20


def oversized(path: Path) -> str | None:
    """Why ``path`` is too large or too expanding to read back, or None when it is within the limits."""
    size = Path(path).stat().st_size
    if size > CHECKED_FILE_BYTES.maximum:
        return f"is {size / 2**20:,.0f} MiB; at most {CHECKED_FILE_BYTES.maximum // 2**20} MiB is read back"
    if not zipfile.is_zipfile(path):
        return None
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        return f"is not a readable zip archive ({exc})"
    if len(members) > ARCHIVE_MEMBERS.maximum:
        return f"holds {len(members):,} files; an archive is read back with at most {ARCHIVE_MEMBERS.maximum:,}"
    unpacked = sum(member.file_size for member in members)
    if unpacked > ARCHIVE_BYTES.maximum:
        return (f"unpacks to {unpacked / 2**20:,.0f} MiB; at most {ARCHIVE_BYTES.maximum // 2**20} MiB is read back "
                "(a zip bomb?)")
    for member in members:
        if member.file_size > RATIO_FLOOR and member.file_size > ARCHIVE_RATIO.maximum * max(member.compress_size, 1):
            ratio = member.file_size / max(member.compress_size, 1)
            return (f"member '{member.filename[:80]}' expands {ratio:,.0f} times when unpacked; at most "
                    f"{ARCHIVE_RATIO.maximum} times is read back (a zip bomb?)")
    return None
