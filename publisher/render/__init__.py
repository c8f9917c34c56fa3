"""The format registry: one entry per output format, renderers imported only when used.

Every renderer module exposes::

    def render(release: Release, theme: Theme) -> bytes

which returns the whole file. It is pure with respect to the file system: the build writes
the bytes atomically, so a failed renderer never leaves a partial file. Renderers may raise
:class:`publisher.errors.MissingToolError` when an external tool they need is absent.

Adding a format: its renderer module, one line in ``FORMATS``, its audit in
``publisher/audit/``, its tests.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass
from types import ModuleType


@dataclass(frozen=True)
class Format:
    name: str
    suffix: str  #: appended to the slug to name the output file
    module: str  #: renderer module, imported on first use
    audit: str  #: audit module (``audit(path) -> list[Finding]``, ``extract(path) -> list[Passage]``)
    description: str
    optional: bool = False  #: skipped with a notice, not failed, by a full build when its tool is missing
    fonts: bool = False  #: draws text with the theme's font files (content is checked for missing glyphs)
    engine: str = "stdlib"  #: the library it is written with; formats of one engine share a worker process
    weight: float = 1.0  #: relative time to render and check, for scheduling workers (measured, see benchmarks/)
    #: a reader that draws the output with an outside renderer (``fit(path) -> list[Finding]``);
    #: it takes seconds, so it runs only when asked (``publisher check --render``, ``publisher preview``)
    render_audit: str | None = None

    def file_name(self, slug: str) -> str:
        return slug + self.suffix

    def renderer(self) -> ModuleType:
        return importlib.import_module(self.module)

    def auditor(self) -> ModuleType:
        return importlib.import_module(self.audit)

    def render_auditor(self) -> ModuleType | None:
        return importlib.import_module(self.render_audit) if self.render_audit else None


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("text", ".txt", "publisher.render.text", "publisher.audit.text",
               "Plain-text edition: UTF-8, 80 columns, for screen readers, email and SMS", weight=0.5),
        Format("deck", "-briefing.pptx", "publisher.render.deck", "publisher.audit.deck",
               "Accessible 16:9 briefing deck (.pptx) with speaker notes and a figures table", fonts=True,
               engine="python-pptx", weight=30, render_audit="publisher.audit.deck_fit"),
        Format("factsheet", "-fact-sheet.pdf", "publisher.render.pdf.factsheet", "publisher.audit.pdf",
               "Fact sheet: tagged PDF/UA-1 for the press, key figures as a table", fonts=True,
               engine="reportlab", weight=20),
        Format("largeprint", "-large-print.pdf", "publisher.render.pdf.largeprint", "publisher.audit.largeprint",
               "Large-print edition: tagged PDF, 18 pt Atkinson Hyperlegible Next, ACB guidelines", fonts=True,
               engine="reportlab", weight=15),
        Format("html", ".html", "publisher.render.html", "publisher.audit.html",
               "Web page: self-contained, script-free HTML5, WCAG 2.2 AA in light and dark mode, reflows to 320 px",
               weight=5),
        Format("braille", ".brf", "publisher.render.braille", "publisher.audit.braille",
               "Braille edition: contracted UEB in BRF, 40 cells x 25 lines, for embossers",
               optional=True, engine="liblouis", weight=6),
    )
}


def get(name: str) -> Format:
    return FORMATS[name]


#: Readers for files publisher did not name: any PDF gets the PDF audit, any deck the deck audit.
GENERIC = {".pdf": "factsheet", ".pptx": "deck", ".html": "html", ".htm": "html", ".txt": "text", ".brf": "braille"}


def for_file(path_name: str) -> Format | None:
    """The format whose output file name ends like ``path_name`` (longest suffix wins), else by extension."""
    matches = [f for f in FORMATS.values() if path_name.endswith(f.suffix)]
    if matches:
        return max(matches, key=lambda f: len(f.suffix))
    generic = GENERIC.get("." + path_name.rsplit(".", 1)[-1].lower()) if "." in path_name else None
    return FORMATS.get(generic) if generic else None
