"""The words publisher adds around a release's text, per language: one vocabulary for every output.

Section names ("Key figures", "Contact"), table headers ("Measure", "Figure") and page
furniture ("Page 1 of 2") come from a labels file, ``<folder>/<language>.yaml``, never from a
renderer, so a name reads the same in every output and an agency can rename or translate it
without touching code. The folder is the theme's ``labels`` (default: the packaged
``assets/labels``). A release's language picks the file: the full tag (``es-US.yaml``), then
its primary subtag (``es.yaml``); :func:`load_labels` says which tag it used, so a caller can
warn when a release falls back to English.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, StringConstraints, model_validator

from publisher.errors import ContentError, Problem
from publisher.load import load_model
from publisher.paths import ASSETS

DEFAULT_FOLDER = ASSETS / "labels"
FALLBACK = "en"

Word = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=80)]

#: The placeholders each label with blanks must hold, exactly.
PLACEHOLDERS: dict[str, frozenset[str]] = {
    "appendix": frozenset({"title"}),
    "news_release": frozenset({"date"}),
    "page": frozenset({"page"}),
    "page_of": frozenset({"page", "pages"}),
    "large_print": frozenset({"summary"}),
}
_BLANK = re.compile(r"\{([^{}]*)\}")


class Labels(BaseModel):
    """Every label of one language; a labels file must give them all."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    language: str = FALLBACK  #: the tag of the file these labels came from
    fact_sheet: Word
    key_figures: Word
    measure: Word
    figure: Word
    quotes: Word
    key_points: Word
    appendix: Word
    source: Word
    sources: Word
    contact: Word
    related_links: Word
    phone: Word
    email: Word
    website: Word
    social: Word
    news_release: Word
    page: Word
    page_of: Word
    skip_link: Word
    draft: Word
    large_print: Word  #: the large-print PDF's subject (its document properties)

    @model_validator(mode="after")
    def _placeholders_kept(self) -> Labels:
        for name in type(self).model_fields:
            found = set(_BLANK.findall(getattr(self, name)))
            wanted = PLACEHOLDERS.get(name, frozenset())
            if found != wanted:
                want = ", ".join(f"{{{w}}}" for w in sorted(wanted)) or "no placeholder"
                raise ValueError(f"label '{name}' must hold {want}")
        return self

    def page_number(self, page: int, pages: int | None = None) -> str:
        """'Page 2', or 'Page 2 of 3' when the page count is known and above one."""
        if pages and pages > 1:
            return self.page_of.format(page=page, pages=pages)
        return self.page.format(page=page)


def candidates(language: str) -> list[str]:
    """The labels files a language tag may use, most specific first: es-US, es."""
    parts = language.split("-")
    return list(dict.fromkeys("-".join(parts[:n]) for n in range(len(parts), 0, -1)))


@lru_cache(maxsize=16)
def load_labels(language: str, folder: Path = DEFAULT_FOLDER) -> Labels:
    """The labels of ``language`` from ``folder``, else English; ``Labels.language`` says which file."""
    for tag in [*candidates(language), FALLBACK]:
        for name in (tag, tag.lower()):
            path = folder / f"{name}.yaml"
            if path.is_file():
                return load_model(path, Labels, {"language": tag})
    raise ContentError([Problem(str(folder), f"no labels file for '{language}' and none for '{FALLBACK}'")])
