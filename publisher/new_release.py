"""``publisher init``: a new content file from the commented template."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from publisher.atomic import write_text
from publisher.drafts import template_text
from publisher.errors import BuildError, ContentError, Problem
from publisher.load import SLUG


def new_release(name: str, folder: Path = Path("content"), today: dt.date | None = None) -> Path:
    """Write ``folder/name.yaml`` from the template; refuse to overwrite."""
    stem = name[:-5] if name.endswith(".yaml") else name
    if not SLUG.match(stem) or "/" in stem:
        raise ContentError([Problem(
            name, "a release name uses letters, digits, '.', '-' and '_' only; it names the output folder")])
    target = folder / f"{stem}.yaml"
    if target.exists():
        raise ContentError([Problem(str(target), "already exists; choose another name or delete it first")])
    text = template_text(str(target), today)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        write_text(target, text)
    except OSError as exc:
        raise BuildError(f"cannot write {target}: {exc.strerror or exc}") from None
    return target
