"""The large-print edition's spec: the ACB Large Print Guidelines' page and minimums.

The renderer refuses a layout below these numbers; the audit reads every glyph of the file
back and holds it to them (docs/accessibility.md, "Large print").
"""
from __future__ import annotations

from publisher.spec import Format
from publisher.spec.factsheet import PDF_LIBRARIES

LETTER = (612.0, 792.0)  #: points: the ACB guidelines' US Letter
MIN_BODY = 18.0  #: points, every glyph: body text, footers and page numbers
MIN_TITLE = 22.0
MIN_HEADING = 20.0
MIN_LINE_SPACING = 1.3  #: leading / size
MIN_MARGIN = 72.0  #: points: 1 inch, every side
MIN_CONTRAST = 7.0  #: WCAG 2.2 SC 1.4.6 (enhanced), for readers with low vision
QUOTE_INDENT = 1.0  #: ems of body text a quote is set in by, at least
QUOTE_RULE = 8.0  #: points: the widest a rule beside a quote may be (wider is a panel, not a rule)
SHORT_LIST = 8  #: a list of this many items or fewer...
SHORT_LIST_SHARE = 0.5  #: ...that takes no more than this share of a page's text area is never split
SHORT_LIST_HEIGHT = SHORT_LIST_SHARE * (LETTER[1] - 2 * MIN_MARGIN)  #: points: that share
MIN_PAGE_FILL = 0.25  #: share of its lines a page holds at least, unless it ends the document
FIGURES_WITHIN = 2  #: pages: every figure is listed within the first ones (the at-a-glance list)

FORMAT = Format(
    "largeprint", "-large-print.pdf", "publisher.render.pdf.largeprint", "publisher.audit.largeprint",
    "Large-print edition: tagged PDF, 18 pt Atkinson Hyperlegible Next, ACB guidelines",
    preview="pdf", fonts=True, engine="reportlab", weight=15, glance=True, figures_within=FIGURES_WITHIN,
    libraries=PDF_LIBRARIES,
)
