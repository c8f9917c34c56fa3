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

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from publisher.errors import ContentError, Problem
from publisher.load import load_model
from publisher.paths import ASSETS

DEFAULT_FOLDER = ASSETS / "labels"
FALLBACK = "en"

Word = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=80)]
#: A quotation mark with the space the language puts inside it, kept as written ("«\u00a0" in French).
Mark = Annotated[str, StringConstraints(min_length=1, max_length=3, pattern=r"^[\u00a0\u202f]?\S[\u00a0\u202f]?$")]
#: A word Spanish's conjunction "y" becomes "e" before: an /i/ sound, not a diphthong ("hielo" keeps "y").
_SPANISH_I = re.compile(r"(?i)^(?:[ií]|h[ií](?![aeiouáéó]))")
#: A separator with its spaces kept as written (": ", and "\u00a0: " in French).
Separator = Annotated[str, StringConstraints(min_length=1, max_length=4, pattern=r"^[\u00a0\u202f]?\S $")]

#: The placeholders each label with blanks must hold, exactly.
PLACEHOLDERS: dict[str, frozenset[str]] = {
    "appendix": frozenset({"title"}),
    "news_release": frozenset({"date"}),
    "page": frozenset({"page"}),
    "page_of": frozenset({"page", "pages"}),
    "continued": frozenset({"title"}),
    "agency_site": frozenset({"agency"}),
    "part": frozenset({"n", "count"}),
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
    at_a_glance: Word  #: the deck's key figures slides
    by_the_numbers: Word  #: the deck's table of every figure
    contact_and_links: Word  #: the deck's last slide, when there are related links
    overview: Word  #: a deck slide for a section without heading, the first one
    details: Word  #: ... a later one
    continued: Word  #: "{title} (continued)": a group or heading carried onto the next slide
    part: Word  #: "(part {n} of {count})": a slide continued over several, counted in words
    #: the counting words for {n} and {count}: one, two, ... (slide titles hold no digits)
    counting: Annotated[list[Word], Field(min_length=20)]
    release_kind: Word  #: "News release": what the web page's header calls the document
    large_print: Word  #: the large-print edition's subject
    briefing: Word  #: the deck's category (document properties)
    agency_site: Word  #: "{agency} website": the web page's link to the agency's site
    draft_line: Word  #: "DRAFT, not for publication": on every page and slide of a draft build
    quote_open: Mark  #: the marks a quotation is set in: “ ”, or « » with no-break spaces in French
    quote_close: Mark
    colon: Separator  #: between a label and its value: ": ", or " : " with a no-break space in French
    lists: Word  #: a deck title's word for three or more lists ("Platforms: lists")

    def pair(self, label: str, value: str) -> str:
        """'Phone: 571-776-2508', 'Téléphone : 571-776-2508': a label and its value."""
        return f"{label}{separator(label, self.colon)}{value}"

    def lead_in(self, label: str) -> str:
        """'Related links:', 'Liens connexes\u00a0:': a label that introduces what follows."""
        return label + separator(label, self.colon).rstrip(" ")

    def joined(self, names: list[str]) -> str:
        """'A and B', 'A, B, and C' in the language's words: CLDR's list pattern through Babel
        (English as CLDR writes it, without importing Babel), and Spanish's "e" for "y" before an
        /i/ sound ("Arrestos e Incautaciones"), which CLDR leaves to code (ICU's ListFormatter
        applies it too)."""
        if self.language == "en":
            return " and ".join(names) if len(names) < 3 else ", ".join(names[:-1]) + ", and " + names[-1]
        from babel.lists import format_list

        text = format_list(names, locale=self.language.replace("-", "_"))
        if self.language.split("-")[0] == "es" and len(names) > 1 and _SPANISH_I.match(names[-1]):
            head = text[: len(text) - len(names[-1])]
            if head.endswith(" y "):
                text = head[:-3] + " e " + names[-1]
        return text

    def quoted(self, text: str) -> str:
        return f"{self.quote_open}{text}{self.quote_close}"

    @model_validator(mode="after")
    def _placeholders_kept(self) -> Labels:
        for name in type(self).model_fields:
            if name == "counting":
                continue
            found = set(_BLANK.findall(getattr(self, name)))
            wanted = PLACEHOLDERS.get(name, frozenset())
            if found != wanted:
                want = ", ".join(f"{{{w}}}" for w in sorted(wanted)) or "no placeholder"
                raise ValueError(f"label '{name}' must hold {want}")
        return self

    def part_of(self, n: int, count: int) -> str:
        """' (part two of three)' for slide ``n`` of ``count``; '' for one slide."""
        if count <= 1:
            return ""
        return " " + self.part.format(n=self.count_word(n), count=self.count_word(count))

    def count_word(self, n: int) -> str:
        return self.counting[n - 1] if 0 < n <= len(self.counting) else str(n)

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


def separator(label: str, colon: str) -> str:
    """What stands between ``label`` and its value: ``colon`` (": "), or only its space when the
    label already ends with the colon's mark ("Case No. 1:" is not followed by a second one)."""
    mark = colon.strip()
    return " " if mark and label.rstrip().endswith(mark) else colon
