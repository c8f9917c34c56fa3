"""A Word draft (.docx) -> the Markdown the importer reads, and what the author must resolve.

Read with mammoth, which is made for exactly this: it turns a Word document into semantic
HTML by its styles (Heading N -> headings, numbered and bulleted paragraphs -> lists, bold,
italics, hyperlinks, tables), keeps inserted text and drops deleted text of tracked
changes, ignores comments, and opens fields, content controls and smart tags that a plain
walk of the XML would have to know one by one. Its HTML is written here as the Markdown of
:mod:`publisher.draft.markdown` (the draft's own characters escaped), so a Word draft and a
Markdown draft go through one importer. A table becomes a list of its rows ("Arrests: 3,337
arrests"), a header row of words left out.

Unresolved tracked changes and comments are not content: the accepted text is read, and a
note says how many changes and comments the draft still holds.
"""
from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from lxml import etree

from publisher.archive import oversized
from publisher.draft.markdown import END_MARK
from publisher.errors import ContentError, Problem

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
#: Word's quote styles as block quotes, its title as the draft's heading; mammoth maps the rest.
STYLE_MAP = """
p[style-name='Quote'] => blockquote > p:fresh
p[style-name='Intense Quote'] => blockquote > p:fresh
p[style-name='Block Text'] => blockquote > p:fresh
p[style-name='Title'] => h1:fresh
p[style-name='Subtitle'] => p:fresh
"""
CHANGES = ("ins", "del", "moveFrom", "moveTo", "rPrChange", "pPrChange", "sectPrChange", "tblPrChange", "trPrChange",
           "tcPrChange", "numberingChange")
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]])")
_LINE_START = re.compile(r"^(\s*)([#>+•-]|\d{1,2}(?=[.)]\s))")


@dataclass
class WordDraft:
    markdown: str
    notes: list[str] = field(default_factory=list)


def read_word(path: Path) -> WordDraft:
    """The Word draft at ``path`` as Markdown; a ContentError naming the file when it is no Word document."""
    import mammoth

    try:
        problem = oversized(path)
    except OSError as exc:
        raise ContentError([Problem(str(path), f"cannot be read: {exc.strerror or exc}")]) from None
    if problem:
        raise ContentError([Problem(str(path), problem)])
    try:
        notes = unresolved(path)
        with open(path, "rb") as handle:
            result = mammoth.convert_to_html(handle, style_map=STYLE_MAP)
    except (zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError) as exc:
        raise ContentError([Problem(str(path), f"is not a Word document that can be read ({exc}); save it "
                                               "as .docx, or as Markdown or plain text")]) from None
    writer = _Markdown()
    writer.feed(result.value)
    writer.close()
    return WordDraft(writer.text(), notes)


def unresolved(path: Path) -> list[str]:
    """Notes about tracked changes and comments the draft still holds."""
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        document = etree.fromstring(archive.read("word/document.xml"), etree.XMLParser(resolve_entities=False))
        comments = 0
        if "word/comments.xml" in names:
            comments = len(etree.fromstring(archive.read("word/comments.xml"),
                                            etree.XMLParser(resolve_entities=False)).findall(W + "comment"))
    changes = sum(1 for _ in document.iter(*(W + name for name in CHANGES)))
    notes = []
    if changes:
        notes.append(f"the Word draft still holds {changes} tracked change{'s' if changes > 1 else ''}: inserted "
                     "text was read and deleted text left out, as if every change were accepted; check them in Word")
    if comments:
        notes.append(f"the Word draft holds {comments} comment{'s' if comments > 1 else ''}, which were not read: "
                     "resolve them in Word")
    return notes


def escape(text: str) -> str:
    """The draft's own characters, escaped so that the Markdown reader gives them back as they are."""
    return _INLINE_SPECIAL.sub(r"\\\1", text)


class _Markdown(HTMLParser):
    """mammoth's HTML -> Markdown blocks separated by blank lines."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.line: list[str] = []
        self.prefix = ""  #: '# ', '- ', '> '
        self.quote = 0
        self.lists = 0
        self.links: list[tuple[str, int]] = []  #: open links: address, where their text starts in the line
        self.grouping = False  #: list items or quote paragraphs are joined into the open block
        self.row: list[str] | None = None
        self.rows: list[list[str]] = []
        self.header_row = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if re.fullmatch(r"h[1-6]", tag):
            self._flush()
            self.prefix = "#" * int(tag[1]) + " "
        elif tag == "p" and self.row is None:
            self._flush()
            self.prefix = "> " if self.quote else ""
        elif tag == "li":
            self._flush()
            self.prefix = "- "
        elif tag in ("ul", "ol"):
            self._flush()
            self.lists += 1
        elif tag == "blockquote":
            self._flush()
            self.quote += 1
        elif tag in ("strong", "b"):
            self.line.append("**")
        elif tag in ("em", "i"):
            self.line.append("*")
        elif tag == "a":
            self.links.append((dict(attrs).get("href") or "", len(self.line)))
        elif tag == "br":
            self.line.append("\n" + ("> " if self.quote else ""))
        elif tag == "table":
            self._flush()
            self.rows = []
        elif tag == "tr":
            self.row = []
            self.header_row = True
        elif tag in ("td", "th"):
            self.header_row = self.header_row and tag == "th"
            self.line = []

    def handle_endtag(self, tag: str) -> None:
        if re.fullmatch(r"h[1-6]", tag) or (tag == "p" and self.row is None) or tag == "li":
            self._flush()
        elif tag in ("ul", "ol"):
            self._flush()
            self.lists = max(0, self.lists - 1)
            if not self.lists:
                self._end_block()
        elif tag == "blockquote":
            self._flush()
            self.quote = max(0, self.quote - 1)
            self._end_block()
        elif tag in ("strong", "b"):
            self.line.append("**")
        elif tag in ("em", "i"):
            self.line.append("*")
        elif tag == "a":
            href, start = self.links.pop() if self.links else ("", len(self.line))
            if href and not re.search(r"[\s()]", href):
                self.line.insert(start, "[")
                self.line.append(f"]({href})")
        elif tag in ("td", "th") and self.row is not None:
            self.row.append(" ".join("".join(self.line).split()))
            self.line = []
        elif tag == "tr" and self.row is not None:
            if any(self.row):
                self.rows.append(self.row)
            self.row = None
        elif tag == "table":
            self._table()

    def handle_data(self, data: str) -> None:
        self.line.append(escape(data.replace("\u00a0", " ")))

    def _flush(self) -> None:
        text = "".join(self.line).strip()
        self.line = []
        if not text or text in ("**", "*", "****"):
            return
        if END_MARK.match(text.replace("\\", "")) and not self.prefix.strip():
            self.blocks.append(text.replace("\\", ""))
            return
        text = _LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text) if not self.prefix.strip("> ") else text
        body = text.replace("\n", "\n" + ("> " if self.quote else ""))
        entry = self.prefix + body
        if (self.lists or self.quote) and self.grouping and self.blocks and entry[:2] == self.blocks[-1][:2]:
            self.blocks[-1] += "\n" + entry
            return
        self.grouping = bool(self.lists or self.quote)
        self.blocks.append(entry)

    def _end_block(self) -> None:
        self.grouping = False

    def _table(self) -> None:
        """Rows as list items, cells joined by a colon; a first row of words (a header) left out
        when the rows below it hold numbers."""
        rows = self.rows
        if len(rows) > 1 and not any(ch.isdigit() for ch in "".join(rows[0])) \
                and any(ch.isdigit() for row in rows[1:] for ch in "".join(row)):
            rows = rows[1:]
        items = ["- " + ": ".join(cell for cell in row if cell) for row in rows]
        if items:
            self.blocks.append("\n".join(items))
        self.rows = []

    def text(self) -> str:
        self._flush()
        return "\n\n".join(block for block in self.blocks if block) + "\n"
