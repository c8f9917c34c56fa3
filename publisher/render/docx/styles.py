"""The handout's styles: python-docx's template restyled in the theme's font and colours.

Every style of the template names the theme font explicitly (no theme-font indirection a
viewer's Office theme could change), headings keep with what follows, the document's
language is set on the default run properties and as the theme font language, bullets are
drawn in the theme font, and the template's Office theme is given the theme's font and
colours, so what an editor adds in Word matches what the handout holds.
"""
from __future__ import annotations

from typing import Any

from lxml import etree

from publisher.docx_internals import replace_blob
from publisher.render.docx.layout import HandoutLayout, Style
from publisher.spec.docx import A_NS, W_NS
from publisher.theme import Theme

W = f"{{{W_NS}}}"
A = f"{{{A_NS}}}"
THEME_ATTRIBUTES = ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme")
COLOUR_THEME_ATTRIBUTES = ("themeColor", "themeShade", "themeTint")
BULLET = "\u2022"

#: Our paragraph styles (style name -> the layout's style); Word's built-in names where Word has one.
PARAGRAPH_STYLES = {
    "Normal": "body", "Heading 1": "title", "Heading 2": "heading", "Heading 3": "subheading",
    "Subtitle": "subtitle", "Masthead": "masthead", "Agency": "agency", "Lede": "summary",
    "List Title": "list_title", "List Bullet": "list_item", "Quote": "quote", "Quote Attribution": "attribution",
    "Table Heading": "table_head", "Table Measure": "table_measure", "Table Figure": "table_figure",
    "Footer": "footer",
}
CHARACTER_STYLES = {"Figure Number": "figure_number", "Hyperlink": "link"}
KEEP_WITH_NEXT = ("Heading 1", "Heading 2", "Heading 3", "Subtitle", "List Title", "Quote", "Agency", "Masthead")


def hex_of(theme: Theme, name: str) -> str:
    return theme.color(name)[1:].upper()


def apply_styles(document: Any, layout: HandoutLayout, theme: Theme, language: str) -> None:
    """Restyle the template's styles and add ours, from the layout and the theme."""
    from docx.enum.style import WD_STYLE_TYPE

    styles = document.styles
    names = {style.name for style in styles}
    for name, key in PARAGRAPH_STYLES.items():
        style = styles[name] if name in names else styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        if name not in names:
            style.base_style = styles["Normal"]
            style.quick_style = True
        _paragraph_style(style, getattr(layout.styles, key), layout, theme, keep=name in KEEP_WITH_NEXT)
    for name, key in CHARACTER_STYLES.items():
        style = styles[name] if name in names else styles.add_style(name, WD_STYLE_TYPE.CHARACTER)
        _character(style.font, getattr(layout.styles, key), theme)
        if name == "Hyperlink":
            style.font.underline = True
    styles["Quote"].font.italic = False
    _explicit_fonts_and_colours(styles.element, theme.fonts.family)
    _language(document, styles.element, language)


def _character(font: Any, spec: Style, theme: Theme) -> None:
    from docx.shared import Pt, RGBColor

    font.size = Pt(spec.size)
    font.bold = spec.bold
    font.color.rgb = RGBColor.from_string(hex_of(theme, spec.color))


def _paragraph_style(style: Any, spec: Style, layout: HandoutLayout, theme: Theme, keep: bool) -> None:
    from docx.shared import Pt

    _character(style.font, spec, theme)
    style.font.italic = False
    paragraph = style.paragraph_format
    paragraph.space_before = Pt(spec.space_before)
    paragraph.space_after = Pt(spec.space_after)
    paragraph.line_spacing = layout.line_spacing
    paragraph.left_indent = Pt(spec.indent) if spec.indent else None
    paragraph.widow_control = True
    if keep:
        paragraph.keep_with_next = True
        paragraph.keep_together = True
    if spec.rule:
        left_rule(style.element, hex_of(theme, spec.rule))


def left_rule(element: Any, colour: str) -> None:
    """A 3 pt rule at the left edge of a paragraph (style or paragraph element), 8 pt from the text."""
    p_pr = element.get_or_add_pPr()
    border = etree.SubElement(etree.Element(W + "pBdr"), W + "left")
    border.set(W + "val", "single")
    border.set(W + "sz", "24")
    border.set(W + "space", "8")
    border.set(W + "color", colour)
    insert_in_order(p_pr, border.getparent(), P_PR_ORDER)


def top_rule(element: Any, colour: str) -> None:
    """A hairline above a paragraph, 6 pt from its text."""
    p_pr = element.get_or_add_pPr()
    borders = etree.Element(W + "pBdr")
    top = etree.SubElement(borders, W + "top")
    for name, value in (("val", "single"), ("sz", "6"), ("space", "6"), ("color", colour)):
        top.set(W + name, value)
    insert_in_order(p_pr, borders, P_PR_ORDER)


#: The children of w:pPr in schema order (ECMA-376 Part 1, 17.3.1.26).
P_PR_ORDER = tuple(W + t for t in (
    "pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
    "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
    "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid",
    "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc", "textDirection",
    "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange"))


def insert_in_order(parent: Any, child: Any, order: tuple[str, ...]) -> None:
    """Put ``child`` into ``parent`` where the schema's sequence ``order`` wants it, replacing
    an element of the same name."""
    existing = parent.find(child.tag)
    if existing is not None:
        parent.replace(existing, child)
        return
    rank = order.index(child.tag)
    for position, sibling in enumerate(parent):
        if sibling.tag in order and order.index(sibling.tag) > rank:
            parent.insert(position, child)
            return
    parent.append(child)


def _explicit_fonts_and_colours(root: Any, family: str) -> None:
    """Every style names ``family`` itself, and colours by value, not through the Office theme."""
    defaults = root.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
    if defaults is not None and defaults.find(W + "rFonts") is None:
        defaults.insert(0, etree.Element(W + "rFonts"))
    for fonts in root.iter(W + "rFonts"):
        for attribute in THEME_ATTRIBUTES:
            fonts.attrib.pop(W + attribute, None)
        for slot in ("ascii", "hAnsi", "cs", "eastAsia"):
            fonts.set(W + slot, family)
    for colour in root.iter(W + "color"):
        for attribute in COLOUR_THEME_ATTRIBUTES:
            colour.attrib.pop(W + attribute, None)


def _language(document: Any, root: Any, language: str) -> None:
    """The document's language on the default run properties and as the theme font language."""
    r_pr = root.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
    lang = r_pr.find(W + "lang")
    if lang is None:
        lang = etree.SubElement(r_pr, W + "lang")
    lang.attrib.clear()
    lang.set(W + "val", language)
    lang.set(W + "eastAsia", language)
    lang.set(W + "bidi", language)
    settings = document.settings.element
    theme_lang = settings.find(W + "themeFontLang")
    if theme_lang is None:
        theme_lang = etree.SubElement(settings, W + "themeFontLang")
    theme_lang.attrib.clear()
    theme_lang.set(W + "val", language)


def bullets_in_theme_font(document: Any, family: str) -> None:
    """The template's bullet lists draw a round bullet in the theme font, not a Symbol glyph."""
    numbering = document.part.numbering_part.element
    for level in numbering.iter(W + "lvl"):
        if level.find(W + "numFmt") is not None and level.find(W + "numFmt").get(W + "val") == "bullet":
            level.find(W + "lvlText").set(W + "val", BULLET)
            for fonts in level.iter(W + "rFonts"):
                fonts.attrib.clear()
                for slot in ("ascii", "hAnsi", "cs", "eastAsia"):
                    fonts.set(W + slot, family)


def office_theme(document: Any, theme: Theme) -> None:
    """The template's Office theme given the theme's font (headings and body) and colours, so
    Word's font and colour pickers offer the handout's own."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    part = document.part.part_related_by(RT.THEME)
    root = etree.fromstring(part.blob)
    for font in root.iter(A + "majorFont", A + "minorFont"):
        latin = font.find(A + "latin")
        if latin is not None:
            latin.set("typeface", theme.fonts.family)
    scheme = root.find(f".//{A}clrScheme")
    if scheme is not None:
        for slot, name in (("dk2", "primary"), ("lt2", "tint"), ("accent1", "primary"), ("accent2", "accent"),
                           ("hlink", "accent"), ("folHlink", "primary")):
            holder = scheme.find(A + slot)
            if holder is not None and name in theme.colors:
                holder.clear()
                etree.SubElement(holder, A + "srgbClr").set("val", hex_of(theme, name))
    replace_blob(part, etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))
