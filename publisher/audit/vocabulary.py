"""Words the audits hold outputs to, one list for every format (docs/accessibility.md).

A link's text must say where it leads: "click here" or a full address read out with its scheme
("h t t p s colon slash slash ...") says nothing to a screen-reader user who lists the links of a
page, a slide or a handout. An address without its scheme ("dea.gov", "www.example.gov/flu") names
the site it leads to, and is how a release writes an address in its prose.
"""
from __future__ import annotations

import re

#: Link texts that do not say where the link leads, compared case-insensitively, trimmed of punctuation.
VAGUE_LINK_TEXTS = frozenset({
    "click", "click here", "here", "learn more", "link", "more", "read more", "this link", "this page",
})
BARE_URL = re.compile(r"^https?://\S*$", re.IGNORECASE)  #: a link whose text is its full address
#: Alt text that is a file name or a placeholder a tool wrote, not a description.
FILE_NAME = re.compile(r"\.(png|jpe?g|gif|bmp|tiff?|svg|emf|wmf|webp|heic)$|^(image|picture|img|pic)[\s_-]*\d*$",
                       re.IGNORECASE)
_VAGUE_ALTERNATION = "|".join(re.escape(text) for text in sorted(VAGUE_LINK_TEXTS, key=len, reverse=True))
#: In plain text a link is written "text: address"; this finds one whose text is vague.
VAGUE_TEXT_LINK = re.compile(rf"\b({_VAGUE_ALTERNATION})\s*:\s*https?://", re.IGNORECASE)


def vague_link(text: str) -> bool:
    """Whether a link's text (whitespace-normalised) fails to say where it leads."""
    return not text or bool(BARE_URL.match(text)) or text.casefold().strip(" .!:;,") in VAGUE_LINK_TEXTS
