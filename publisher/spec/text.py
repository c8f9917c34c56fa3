"""The plain-text edition's spec: what the writer and the reader of the .txt file share."""
from __future__ import annotations

from publisher.spec import Format

WIDTH = 80  #: characters a line holds at most (docs/accessibility.md, "Plain text")
TITLE_RULE = "="  #: the title is underlined with this character, section headings with HEADING_RULE
HEADING_RULE = "-"
ITEM_MARK = "- "  #: opens a list item; its runover lines are indented by len(ITEM_MARK)

FORMAT = Format(
    "text", ".txt", "publisher.render.text", "publisher.audit.text",
    "Plain-text edition: UTF-8, 80 columns, for screen readers, email and SMS",
    reads=(".txt",), weight=0.5, glance=True,
)
