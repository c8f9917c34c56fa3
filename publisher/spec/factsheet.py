"""The fact sheet's spec: its paper, options and the measures its layout is held to.

The renderer lays the sheet out within these numbers and :mod:`publisher.audit.factsheet`
reads them back from the file (docs/accessibility.md, "Fact sheet").
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from publisher.spec import Format, Options, option

_MM = 72.0 / 2.54 * 0.1  #: points per millimetre, as ReportLab computes it
PAGE_SIZES = {"letter": (612.0, 792.0), "a4": (210 * _MM, 297 * _MM)}  #: points, portrait
UNPRINTABLE = 18.0  #: points: the outer 0.25 in of the paper, which office printers cannot print
MIN_BODY = 10.0  #: points: the smallest text of the sheet's content (the footer is furniture)
MIN_LEDE = 11.0  #: points: the lede, the summary that opens the sheet
LINE_LENGTH = (50, 90)  #: characters of running text: a column holds at least, a line at most
#: what the tagged-PDF writer and the PDF audits import, in both PDF formats
PDF_LIBRARIES = ("reportlab.platypus", "pikepdf", "fontTools.ttLib", "lxml.etree", "PIL.Image", "urllib.request",
                 "xml.sax.saxutils", "html.parser")
RUNNING_TEXT = 12.5  #: points: paragraphs set no larger are running text; larger ones are display type
NUMBER_EDGE = 0.5  #: points: how far the right edges of the numbers of one column may differ
BASELINE = 0.5  #: points: how far the baselines of the cells of one table row may differ
LEFT_EDGE = 0.5  #: points: how far apart two left edges must be to count as two
MIN_FILL = 0.5  #: share of the text area a page fills, unless it is the last and continues a section


@dataclass(frozen=True)
class FactSheetOptions(Options):
    paper: Literal["letter", "a4"] = option("letter", "Paper size of the fact sheet.", flag="--paper")


FORMAT = Format(
    "factsheet", "-fact-sheet.pdf", "publisher.render.pdf.factsheet", "publisher.audit.factsheet",
    "Fact sheet: tagged PDF/UA-1 for the press, key figures as a table",
    options=FactSheetOptions, reads=(".pdf",), preview="pdf", fonts=True, engine="reportlab", weight=20,
    libraries=PDF_LIBRARIES,
)
