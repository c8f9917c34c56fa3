"""The handout's starting document: python-docx's template restyled for one theme, language and paper.

Everything of the handout that does not depend on the release (page size and margins, every
style, the bullets, the Office theme, the footer's tab stop, the embedded fonts) is made once
per process for each theme, language and paper and kept as the bytes of a .docx; each release
opens a copy. Restyling costs about 50 ms (python-docx looks every style up by name), opening
the kept bytes under 10 ms.
"""
from __future__ import annotations

import io
import os
from typing import Any

from publisher.render.docx.layout import HandoutLayout
from publisher.render.docx.package import drop_template_leftovers, embed_fonts
from publisher.render.docx.styles import apply_styles, bullets_in_theme_font, office_theme
from publisher.spec.docx import PAGE_SIZES
from publisher.theme import Theme

_KEPT = 8  #: styled templates a process keeps (a batch rarely has more than one theme and language)
_templates: dict[tuple[object, ...], bytes] = {}


def styled_document(theme: Theme, layout: HandoutLayout, language: str, paper: str) -> Any:
    """A new python-docx document holding the handout's styles, page and fonts, and no content."""
    import docx

    key = (theme.model_dump_json(), _font_stamps(theme), layout.model_dump_json(), language, paper)
    blob = _templates.get(key)
    if blob is None:
        if len(_templates) >= _KEPT:
            _templates.clear()
        blob = _templates[key] = _styled(theme, layout, language, paper)
    return docx.Document(io.BytesIO(blob))


def _font_stamps(theme: Theme) -> tuple[tuple[str, int, int], ...]:
    """The font files as they are now: a font replaced in place makes another template."""
    stamps = []
    for path in theme.font_paths():
        info = os.stat(path)
        stamps.append((str(path), info.st_mtime_ns, info.st_size))
    return tuple(stamps)


def _styled(theme: Theme, layout: HandoutLayout, language: str, paper: str) -> bytes:
    import docx

    document = docx.Document()
    _page(document, paper, layout)
    apply_styles(document, layout, theme, language)
    bullets_in_theme_font(document, theme.fonts.family)
    office_theme(document, theme)
    _footer_tab(document)
    embed_fonts(document, theme.fonts.family, {"regular": theme.font_path("regular"), "bold": theme.font_path("bold")})
    drop_template_leftovers(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _page(document: Any, paper: str, layout: HandoutLayout) -> None:
    from docx.shared import Inches, Pt

    width, height = PAGE_SIZES[paper]
    for section in document.sections:
        section.page_width, section.page_height = Pt(width), Pt(height)
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Inches(layout.margin_inches))
        section.header_distance = section.footer_distance = Inches(layout.margin_inches / 2)


def _footer_tab(document: Any) -> None:
    """The footer style's one tab stop, at the right margin ('Page N of M' stands against it)."""
    from docx.enum.text import WD_TAB_ALIGNMENT

    section = document.sections[0]
    width = section.page_width - section.left_margin - section.right_margin
    tabs = document.styles["Footer"].paragraph_format.tab_stops
    tabs.clear_all()
    tabs.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT)
