"""The fact sheet's spec: its paper sizes and options; the file is read by the PDF/UA audit."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from publisher.spec import Format, Options, option

_MM = 72.0 / 2.54 * 0.1  #: points per millimetre, as ReportLab computes it
PAGE_SIZES = {"letter": (612.0, 792.0), "a4": (210 * _MM, 297 * _MM)}  #: points, portrait


@dataclass(frozen=True)
class FactSheetOptions(Options):
    paper: Literal["letter", "a4"] = option("letter", "Paper size of the fact sheet.", flag="--paper")


FORMAT = Format(
    "factsheet", "-fact-sheet.pdf", "publisher.render.pdf.factsheet", "publisher.audit.pdf",
    "Fact sheet: tagged PDF/UA-1 for the press, key figures as a table",
    options=FactSheetOptions, reads=(".pdf",), preview="pdf", fonts=True, engine="reportlab", weight=20,
)
