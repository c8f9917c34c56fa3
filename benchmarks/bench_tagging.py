"""Tagging overhead: the same story built tagged (TaggedDocBuilder) and untagged (plain ReportLab).

Run: .venv/bin/python benchmarks/bench_tagging.py [repeats]
Prints the best build time of each (interleaved runs) and the overhead; also times the fact sheet build.
"""
from __future__ import annotations

import io
import sys
import time
from pathlib import Path

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from publisher.load import load  # noqa: E402
from publisher.render.pdf import factsheet  # noqa: E402
from publisher.render.pdf.fonts import register_fonts  # noqa: E402
from publisher.render.pdf.tagging import TaggedDocBuilder  # noqa: E402
from publisher.spec.factsheet import FactSheetOptions  # noqa: E402
from publisher.theme import load_theme  # noqa: E402

PARAGRAPH = ("The operation tracked down distribution networks across the United States, "
             "leading to thousands of arrests and large seizures. ") * 6
ROWS = [["Measure", "Figure"]] + [[f"Measure {i}", f"{i * 1000:,} cases"] for i in range(120)]


def untagged(fonts, style) -> bytes:
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, initialFontName=fonts.regular)
    story = []
    for i in range(40):
        story.append(Paragraph(f"Heading {i}", style))
        story.append(Paragraph(PARAGRAPH, style))
    table = Table(ROWS, repeatRows=1)
    table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), fonts.regular), ("GRID", (0, 0), (-1, -1), 0.5, "#888888")]))
    story.append(table)
    doc.build(story)
    return buffer.getvalue()


def tagged(fonts, style) -> bytes:
    doc = TaggedDocBuilder(title="Benchmark", lang="en-US", fonts=fonts)
    story = []
    for i in range(40):
        story.append(doc.heading(2, f"Heading {i}", style))
        story.append(doc.paragraph(PARAGRAPH, style))
    story.append(doc.table(ROWS, None, [("GRID", (0, 0), (-1, -1), 0.5, "#888888")]))
    return doc.build(story)


def best_times(functions, repeats: int) -> list[float]:
    """The fastest of ``repeats`` runs of each function, runs interleaved so that load from
    other processes on a shared machine hits both alike."""
    times = [[] for _ in functions]
    for _ in range(repeats):
        for slot, function in zip(times, functions, strict=True):
            start = time.perf_counter()
            function()
            slot.append(time.perf_counter() - start)
    return [min(slot) for slot in times]


def main(repeats: int = 15) -> None:
    theme = load_theme()
    fonts = register_fonts(theme)
    style = ParagraphStyle("body", fontName=fonts.regular, fontSize=11, leading=14)
    untagged(fonts, style), tagged(fonts, style)  # warm up: font loading, imports
    release = load(ROOT / "content" / "operation-last-mile.yaml").release
    plain, marked, sheet = best_times([lambda: untagged(fonts, style), lambda: tagged(fonts, style),
                                       lambda: factsheet.render(release, theme, FactSheetOptions())], repeats)
    print(f"untagged build: {plain * 1000:.0f} ms")
    print(f"tagged build:   {marked * 1000:.0f} ms")
    print(f"overhead:       {(marked / plain - 1) * 100:.1f} %")
    print(f"fact sheet:     {sheet * 1000:.0f} ms")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 15)
