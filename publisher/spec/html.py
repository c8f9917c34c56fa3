"""The web edition's spec: what the writer and the reader of the .html file share."""
from __future__ import annotations

from publisher.spec import Format

LANDMARKS = ("header", "main", "footer")  #: the landmarks every page has, main once
MAIN_ID = "main"  #: the id of <main>, the target of the skip link that is the page's first link

FORMAT = Format(
    "html", ".html", "publisher.render.html", "publisher.audit.html",
    "Web page: self-contained, script-free HTML5, WCAG 2.2 AA in light and dark mode, reflows to 320 px",
    reads=(".html", ".htm"), weight=5, glance=True,
    libraries=("html.parser", "fontTools.ttLib"),
)
