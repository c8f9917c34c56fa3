"""The Word handout's spec: what the writer and the reader of the .docx file share.

The OOXML names both sides use, the paper sizes, the smallest text the handout may hold,
the styles its structure rests on, and the font obfuscation of ECMA-376 Part 1, 17.8.1
(an embedded font's first 32 bytes XORed with its key, a GUID): the same operation hides
a font and reveals it, so the writer embeds with it and the audit reads the font back.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from publisher.spec import Format, Options, option

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WP_NS = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
ADEC_NS = "http://schemas.microsoft.com/office/drawing/2017/decorative"
DECORATIVE_URI = "{C183D7F6-B498-43B3-948B-1728B52AA6E4}"  #: the extension that marks a drawing decorative
RT_FONT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/font"
OBFUSCATED_FONT = "application/vnd.openxmlformats-officedocument.obfuscatedFont"

TWIPS_PER_PT = 20
PAGE_SIZES = {"letter": (612.0, 792.0), "a4": (595.28, 841.89)}  #: points, portrait
MIN_TEXT = 10.0  #: points: no text of the handout is smaller (docs/accessibility.md, "Word handout")
MIN_BODY = 11.0  #: points: body text, as Section 508 guidance for Word documents asks
MIN_CONTRAST, MIN_LARGE_CONTRAST = 4.5, 3.0  #: WCAG 2.2 SC 1.4.3; large = 18 pt, or 14 pt bold
#: Paragraph styles that are headings, by style id, with their outline level (1 = Heading 1).
HEADING_STYLE = re.compile(r"^Heading([1-9])$")
QUOTE_STYLE = "Quote"
LIST_STYLE = "ListBullet"
#: Typed list marks that make a paragraph look like a list item without being one.
TYPED_LIST_MARK = re.compile(r"^\s*(?:[•◦▪●■\-–*]|\d{1,2}[.)])\s+\S")


def obfuscate(font: bytes, key: str) -> bytes:
    """The font with its first 32 bytes XORed with ``key`` ('{GUID}'), the GUID's bytes read from
    its last hex pair to its first (ECMA-376 Part 1, 17.8.1). Applied twice, gives the font back."""
    digits = re.sub(r"[{}-]", "", key)
    if not re.fullmatch(r"[0-9A-Fa-f]{32}", digits):
        raise ValueError(f"font key {key!r} is not a GUID")
    guid = bytes.fromhex(digits)[::-1]
    head = bytes(byte ^ guid[i % 16] for i, byte in enumerate(font[:32]))
    return head + font[32:]


@dataclass(frozen=True)
class DocxOptions(Options):
    paper: Literal["letter", "a4"] = option("letter", "Paper size of the Word handout.")


FORMAT = Format(
    "docx", "-handout.docx", "publisher.render.docx", "publisher.audit.docx",
    "Word handout (.docx): heading styles, a figure table with a repeating header row, the theme font embedded",
    options=DocxOptions, reads=(".docx",), preview="office", fonts=True, engine="python-pptx", weight=6, glance=True,
    libraries=("docx", "lxml.etree"),
)
