"""Audit of the HTML edition, read from the file with the standard library's parser.

Checks the outline a screen-reader user navigates by (docs/accessibility.md, "HTML"): doctype,
``lang``, ``title``, one ``h1`` and no skipped heading level, the header/main/footer
landmarks, tables with a caption and scoped ``th``, a skip link whose target exists,
descriptive link text, web and email addresses that are links, alt text, real lists, unique
ids, zoom not blocked, and a page that
runs no script and requests nothing from elsewhere. Rendering rules (contrast, reflow, text
spacing) need a browser: tests/test_html_browser.py runs axe-core in headless Chromium.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from publisher.audit import Finding, Passage
from publisher.audit.vocabulary import vague_link
from publisher.spec.html import LANDMARKS

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
BLOCKS = {"address", "article", "aside", "blockquote", "caption", "dd", "div", "dl", "dt", "figcaption",
          "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "li", "main", "nav",
          "ol", "p", "pre", "section", "table", "tbody", "td", "tfoot", "th", "thead", "title", "tr", "ul", "body"}
NOT_READ = {"script", "style", "template", "noscript", "head"}
LANGUAGE = re.compile(r"^[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*$")
EXTERNAL = re.compile(r"^\s*(https?:)?//", re.I)
CSS_URL = re.compile(r"url\(\s*['\"]?\s*([^'\")\s]+)|@import\s+['\"]?([^'\";\s]+)", re.I)
RESOURCE_ATTRS = {"img": ("src", "srcset"), "script": ("src",), "iframe": ("src",), "frame": ("src",),
                  "embed": ("src",), "object": ("data",), "audio": ("src",), "video": ("src", "poster"),
                  "source": ("src", "srcset"), "track": ("src",), "input": ("src",)}
FETCHING_RELS = {"stylesheet", "icon", "preload", "prefetch", "preconnect", "dns-prefetch", "modulepreload",
                 "manifest", "apple-touch-icon", "shortcut"}
SCOPES = {"row", "col", "rowgroup", "colgroup"}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    line: int
    parent: Element | None = None
    children: list[Element | str] = field(default_factory=list)

    def text(self) -> str:
        parts: list[str] = []
        for child in self.children:
            if isinstance(child, str):
                parts.append(child)
            elif child.tag not in NOT_READ:
                parts.append(" " if child.tag == "br" else child.text())
        return "".join(parts)

    def iter(self):
        yield self
        for child in self.children:
            if isinstance(child, Element):
                yield from child.iter()

    @property
    def where(self) -> str:
        return f"line {self.line}, <{self.tag}>"


class _TreeBuilder(HTMLParser):
    """A forgiving tree: void elements close themselves, a stray end tag closes up to its match."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {}, 1)
        self.stack = [self.root]
        self.doctype: str | None = None

    def handle_decl(self, decl: str) -> None:
        self.doctype = decl

    def handle_starttag(self, tag: str, attrs) -> None:
        element = Element(tag, {k: (v or "") for k, v in attrs}, self.getpos()[0], self.stack[-1])
        self.stack[-1].children.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse(path: Path) -> tuple[Element, str | None]:
    """The document tree and the doctype declaration of an HTML file."""
    builder = _TreeBuilder()
    builder.feed(Path(path).read_bytes().decode("utf-8", errors="replace"))
    builder.close()
    return builder.root, builder.doctype


def _words(text: str) -> str:
    return " ".join(text.split())


def _link_name(link: Element) -> str:
    name = link.attrs.get("aria-label") or link.text()
    name += " ".join(img.attrs.get("alt", "") for img in link.iter() if img.tag == "img")
    return _words(name)


ADDRESS = re.compile(r"\bhttps?://[^\s<>\"']+|\bwww\.[a-z0-9-]+\.[^\s<>\"']+|\b[\w.+-]+@[\w-]+\.[\w.-]+\b", re.I)


def _unlinked_addresses(root: Element):
    """(element, address) for each web or email address in the page's text outside a link."""
    def walk(element: Element, linked: bool):
        if element.tag in NOT_READ:
            return
        linked = linked or element.tag == "a"
        for child in element.children:
            if isinstance(child, str):
                if not linked:
                    yield from ((element, m.group().rstrip(".,;:)")) for m in ADDRESS.finditer(child))
            else:
                yield from walk(child, linked)

    yield from walk(root, False)


def audit(path: Path) -> list[Finding]:
    path = Path(path)
    root, doctype = parse(path)
    name = str(path)
    findings: list[Finding] = []

    def find(where: str, rule: str, message: str, severity: str = "error") -> None:
        findings.append(Finding(name, where, rule, message, severity))

    elements = list(root.iter())
    by_tag: dict[str, list[Element]] = {}
    for element in elements:
        by_tag.setdefault(element.tag, []).append(element)

    def first(tag: str) -> Element | None:
        found = by_tag.get(tag)
        return found[0] if found else None

    if not doctype or doctype.strip().lower() != "doctype html":
        find("line 1", "html.doctype", "no <!DOCTYPE html>: the page would render in quirks mode")
    html = first("html")
    lang = html.attrs.get("lang", "").strip() if html else ""
    if not lang:
        find(html.where if html else "line 1", "html.lang", "the <html> element declares no language (lang)")
    elif html is not None and not LANGUAGE.match(lang):
        find(html.where, "html.lang", f"lang '{lang}' is not a language tag")
    if not any(m.attrs.get("charset", "").lower() == "utf-8" for m in by_tag.get("meta", [])):
        find("head", "html.charset", "no <meta charset=\"utf-8\">")
    for meta in by_tag.get("meta", []):
        if meta.attrs.get("name", "").lower() == "viewport":
            content = meta.attrs.get("content", "").lower().replace(" ", "")
            maximum = re.search(r"maximum-scale=([\d.]+)", content)
            if "user-scalable=no" in content or "user-scalable=0" in content or (maximum and float(maximum.group(1)) < 2):
                find(meta.where, "html.zoom", "the viewport stops readers from zooming")
    title = first("title")
    if title is None or not _words(title.text()):
        find(title.where if title else "head", "html.title", "no document title")

    headings = [e for e in elements if re.fullmatch(r"h[1-6]", e.tag)]
    h1s = [h for h in headings if h.tag == "h1"]
    if len(h1s) != 1:
        find(h1s[1].where if len(h1s) > 1 else "body", "html.h1", f"{len(h1s)} <h1> elements; exactly one is needed")
    previous = 0
    for heading in headings:
        level = int(heading.tag[1])
        if not _words(heading.text()):
            find(heading.where, "html.heading-empty", "empty heading")
        if level > previous + 1:
            find(heading.where, "html.heading-order",
                 f"<h{level}> follows {f'<h{previous}>' if previous else 'the start of the page'}: a level is skipped")
        previous = level

    for landmark in LANDMARKS:
        count = len(by_tag.get(landmark, []))
        if count == 0:
            find("body", "html.landmark", f"no <{landmark}> landmark")
        elif landmark == "main" and count > 1:
            find(by_tag["main"][1].where, "html.landmark", "more than one <main>")

    for table in by_tag.get("table", []):
        if not any(isinstance(c, Element) and c.tag == "caption" and _words(c.text()) for c in table.children):
            find(table.where, "html.table-caption", "table without a caption")
        cells = [e for e in table.iter() if e.tag == "th"]
        if not cells:
            find(table.where, "html.table-headers", "table without header cells (th)")
        for th in cells:
            if th.attrs.get("scope", "").lower() not in SCOPES:
                find(th.where, "html.th-scope", f"<th> '{_words(th.text())[:40]}' has no scope (row or col)")

    ids: dict[str, Element] = {}
    for element in elements:
        identifier = element.attrs.get("id")
        if identifier is None:
            continue
        if identifier in ids:
            find(element.where, "html.duplicate-id", f"id '{identifier}' is used twice")
        ids.setdefault(identifier, element)

    body = first("body")
    links = [a for a in by_tag.get("a", []) if "href" in a.attrs]
    if body is None or not links or not links[0].attrs["href"].startswith("#"):
        find("body", "html.skip-link", "the first link is not a skip link to the main content")
    elif links[0].attrs["href"][1:] not in ids:
        find(links[0].where, "html.skip-link", f"the skip link's target '{links[0].attrs['href']}' does not exist")
    for link in links:
        href = link.attrs["href"].strip()
        text = _link_name(link)
        if href.startswith("#") and len(href) > 1 and href[1:] not in ids:
            find(link.where, "html.link-target", f"link to '{href}', which is not on the page")
        if href.lower().startswith("javascript:"):
            find(link.where, "html.script", "a javascript: link")
        if not text:
            find(link.where, "html.link-text", "link without text")
        elif vague_link(text):
            find(link.where, "html.link-text", f"link text '{text[:60]}' does not say where it leads")

    for element, address in _unlinked_addresses(root):
        find(element.where, "html.unlinked-address",
             f"'{address[:60]}' is written out but not a link: a reader would have to copy it")
    for img in by_tag.get("img", []):
        if "alt" not in img.attrs:
            find(img.where, "html.img-alt", "image without alt text (alt=\"\" if decorative)")
    for item in by_tag.get("li", []):
        if item.parent is None or item.parent.tag not in {"ul", "ol", "menu"}:
            find(item.where, "html.list", "<li> outside a list")

    for script in by_tag.get("script", []):
        find(script.where, "html.script", "the page runs a script; the edition must need none")
    for element in elements:
        handlers = sorted(a for a in element.attrs if a.startswith("on"))
        if handlers:
            find(element.where, "html.script", f"event handler attribute {handlers[0]}")
        for attr in RESOURCE_ATTRS.get(element.tag, ()):
            if any(EXTERNAL.match(part) for part in element.attrs.get(attr, "").split(",") if part.strip()):
                find(element.where, "html.external-request", f"<{element.tag} {attr}> loads from another site")
        if element.tag == "link" and set(element.attrs.get("rel", "").lower().split()) & FETCHING_RELS:
            if EXTERNAL.match(element.attrs.get("href", "")):
                find(element.where, "html.external-request", "<link> loads from another site")
        css = element.attrs.get("style", "") + ("".join(c for c in element.children if isinstance(c, str))
                                                if element.tag == "style" else "")
        for match in CSS_URL.finditer(css):
            target = match.group(1) or match.group(2)
            if not target.lower().startswith("data:") and not target.startswith("#"):
                find(element.where, "html.external-request", f"CSS loads '{target[:60]}'")
    return findings


def _role(element: Element) -> str:
    """A heading's level, or "TH" for a column header (scope col, or a th in the thead)."""
    if re.fullmatch(r"h[1-6]", element.tag):
        return element.tag.upper()
    if element.tag == "th":
        scope = element.attrs.get("scope", "").lower()
        in_head = element.parent is not None and element.parent.parent is not None and element.parent.parent.tag == "thead"
        if scope in ("col", "colgroup") or (not scope and in_head):
            return "TH"
    return ""


def extract(path: Path) -> list[Passage]:
    """The text a reader gets, one passage per block element (a <br> starts a new passage),
    located by line and element. Scripts, styles, hidden elements and the head (but its
    title) are not read."""
    root, _ = parse(Path(path))
    passages: list[Passage] = []

    def flush(buffer: list[str], element: Element) -> None:
        text = _words("".join(buffer))
        if text:
            passages.append(Passage(element.where, text, _role(element)))
        buffer.clear()

    def hidden(element: Element) -> bool:
        return "hidden" in element.attrs or element.attrs.get("aria-hidden", "").lower() == "true"

    def walk(element: Element) -> None:
        buffer: list[str] = []
        for child in element.children:
            if isinstance(child, str):
                buffer.append(child)
            elif child.tag == "head":
                for title in (e for e in child.iter() if e.tag == "title"):
                    walk(title)
            elif child.tag in NOT_READ or hidden(child):
                continue
            elif child.tag == "br":
                flush(buffer, element)
            elif child.tag in BLOCKS or child.tag == "html":
                flush(buffer, element)
                walk(child)
            elif child.tag == "img":
                buffer.append(" " + child.attrs.get("alt", "") + " ")
            else:
                walk_inline(child, buffer, element)
        flush(buffer, element)

    def walk_inline(element: Element, buffer: list[str], block: Element) -> None:
        for child in element.children:
            if isinstance(child, str):
                buffer.append(child)
            elif child.tag in NOT_READ or hidden(child):
                continue
            elif child.tag == "br":
                flush(buffer, block)
            elif child.tag == "img":
                buffer.append(" " + child.attrs.get("alt", "") + " ")
            else:
                walk_inline(child, buffer, block)

    walk(root)
    return passages
