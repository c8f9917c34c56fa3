"""Blocks of a draft -> the content data of a release, with notes for the author by field path."""
from __future__ import annotations

import datetime as dt
import re
import textwrap
from dataclasses import dataclass, field

from publisher.briefing import default_excerpt, word_count
from publisher.draft.header import CONTENT_PHONE, Header, is_metadata, read_header
from publisher.draft.markdown import Block, inline, parse_blocks
from publisher.draft.quotes import (
    acronyms,
    parse_attribution,
    people_named,
    split_blockquote,
    split_said,
)
from publisher.draft.registry import Registry, slug, unique
from publisher.draft.settle import offer_web_addresses, settle_prose
from publisher.drafts import IMPORT_STAND_INS
from publisher.figures import date_text, figure_text
from publisher.model import (
    KEY_POINTS,
    MAX_HEADING,
    MAX_KEY_POINT_WORDS,
    MAX_PARAGRAPH,
    MAX_QUOTE,
    MAX_TITLE,
    REFERENCE,
    Figure,
    Period,
)
from publisher.sentences import split_sentences

DATELINE = re.compile(
    r"^(?P<city>[A-Z][A-Z.'’ -]*[A-Z.](?:,\s*[A-Z][A-Za-z.]*(?:\s+[A-Z][A-Za-z.]*)?)?)"
    r"(?:\s*[–—]\s*|\s+-{1,2}\s+)(?P<rest>\S.*)$",
    re.S,
)
MAX_SHORT = 200
MAX_DATELINE = 60
SENTENCE_WORDS = 6  #: a block of this many words ending like a sentence is prose, not a heading line


@dataclass
class Draft:
    data: dict
    notes: dict[tuple, list[str]] = field(default_factory=dict)


def assemble(source: str, today: dt.date) -> Draft:
    blocks = parse_blocks(source)
    head, body = split_header(blocks)
    header = read_header(head)
    for name, value in read_header([b for b in body if is_metadata(b)]).fields.items():
        header.fields.setdefault(name, value)
    body = [b for b in body if not is_metadata(b)]
    date = header.fields.get("date")
    registry = Registry(date if isinstance(date, dt.date) else None)
    if not isinstance(date, dt.date):
        registry.note(("release", "date"), "no release date found in the heading block: today's date is a placeholder")
    meta = metadata(header, registry, today)
    clean_text = " ".join(inline(b.raw)[0] for b in blocks)
    body_reader = BodyReader(registry, people_named(clean_text, meta.get("leader"), meta["agency"]), acronyms(clean_text))
    body_reader.read(body)
    meta["dateline"] = body_reader.dateline or _placeholder(
        registry, ("release", "dateline"), IMPORT_STAND_INS["dateline"], "dateline")
    meta["summary"] = summary(body_reader.sections, registry) or meta["title"]
    meta["keywords"] = []
    registry.note(("release", "keywords"), "add a few keywords (document properties of the deck and the PDFs)")
    data = {"release": _ordered(meta), "dates": registry.dates, "figures": registry.figures,
            "lists": body_reader.lists, "quotes": body_reader.quotes, "sections": body_reader.sections,
            "links": body_reader.links}
    offer_web_addresses(data, registry, website_found=bool(header.fields.get("website")))
    briefing = draft_briefing(body_reader.sections, body_reader.quotes, registry)
    if briefing:
        data["briefing"] = briefing
    settle_prose(data, registry)
    if registry.figures:
        registry.note(("figures",), "each label is drafted from the figure's sentence: write a short caption "
                                    "for each, and add a `group` and a `source`")
    if not any("heading" in section for section in body_reader.sections):
        registry.note(("sections",), "the draft has no section headings: give each section a `heading:`, "
                                     "or split the body into sections")
    return Draft(data, registry.notes)


def split_header(blocks: list[Block]) -> tuple[list[Block], list[Block]]:
    """The heading block, and the body: from the first section heading, list, quote or prose paragraph."""
    for i, block in enumerate(blocks):
        if block.kind in ("list", "quote", "end") or (block.kind == "heading" and block.level >= 2):
            return blocks[:i], blocks[i:]
        if block.kind == "paragraph" and (DATELINE.match(block.text) or _is_prose(block.text)):
            return blocks[:i], blocks[i:]
    return blocks, []


def _is_prose(text: str) -> bool:
    return len(text.split()) >= SENTENCE_WORDS and text.rstrip("”\"’ ").endswith((".", "!", "?"))


def _placeholder(registry: Registry, path: tuple, value, what: str):
    registry.note(path, f"no {what} found in the draft: '{value}' is a placeholder")
    return value


def metadata(header: Header, registry: Registry, today: dt.date) -> dict:
    """The `release:` mapping without dateline and summary (they come from the body)."""
    fields = header.fields
    meta: dict = {}
    title = str(fields.get("title") or _placeholder(registry, ("release", "title"), IMPORT_STAND_INS["title"], "title"))
    meta["title"] = fit(registry.cite(title, ("release", "title"), title_case=True), MAX_TITLE, registry, ("release", "title"))
    if fields.get("subtitle"):
        subtitle = registry.cite(str(fields["subtitle"]), ("release", "subtitle"), title_case=True)
        meta["subtitle"] = fit(subtitle, MAX_TITLE, registry, ("release", "subtitle"))
    for name in ("agency", "office", "leader", "contact", "release_type"):
        value = fields.get(name)
        if isinstance(value, str):
            fields[name] = fit(registry.break_long_words(value, ("release", name)), MAX_SHORT, registry, ("release", name))
    meta["agency"] = fields.get("agency") or _placeholder(registry, ("release", "agency"), IMPORT_STAND_INS["agency"], "agency")
    contact_office = fields.get("contact") or fields.get("office") or meta["agency"]
    meta["office"] = fields.get("office") or contact_office
    if "office" not in fields:
        registry.note(("release", "office"), "the issuing office is taken from the contact line")
    if fields.get("leader"):
        meta["leader"] = fields["leader"]
    meta["date"] = fields["date"] if isinstance(fields.get("date"), dt.date) else today
    meta["release_type"] = fields.get("release_type", "For immediate release")
    phone = fields.get("phone")
    if not (isinstance(phone, str) and CONTENT_PHONE.match(phone)):
        phone = _placeholder(registry, ("release", "contact", "phone"), IMPORT_STAND_INS["phone"], "press phone number")
    meta["contact"] = {"office": contact_office, "phone": phone}
    if fields.get("email"):
        meta["contact"]["email"] = fields["email"]
    meta["website"] = fields.get("website") or _placeholder(
        registry, ("release", "website"), IMPORT_STAND_INS["website"], "website")
    if fields.get("social"):
        meta["social"] = fields["social"]
    meta["language"] = "en-US"
    return meta


def fit(text: str, limit: int, registry: Registry, path: tuple) -> str:
    """``text`` cut at a word boundary to ``limit`` characters, with a note when it was cut."""
    if len(text) <= limit:
        return text
    registry.note(path, f"the draft's text is longer than {limit} characters and was cut: shorten it")
    return text[:limit].rsplit(" ", 1)[0]


def _ordered(meta: dict) -> dict:
    order = ("title", "subtitle", "agency", "office", "leader", "date", "dateline", "release_type",
             "contact", "website", "social", "language", "summary", "keywords")
    return {key: meta[key] for key in order if key in meta}


class BodyReader:
    """Reads the body's blocks into sections, quotes, lists and links, citing figures as it goes."""

    def __init__(self, registry: Registry, people, expand: dict[str, str]):
        self.registry = registry
        self.people = people
        self.expand = expand
        self.sections: list[dict] = [{"blocks": []}]
        self.quotes: dict[str, dict] = {}
        self.lists: dict[str, dict] = {}
        self.links: list[dict] = []
        self.dateline: str | None = None

    def read(self, blocks: list[Block]) -> None:
        for block in blocks:
            if block.kind == "end":
                break
            if block.kind == "heading":
                if block.text:
                    self._heading(block)
                continue
            self._links(block)
            where = ("sections", len(self.sections) - 1, "blocks", len(self.sections[-1]["blocks"]))
            if block.kind == "list":
                if any(inline(item)[0] for item in block.items):
                    self._append({"list": self._list(block)})
            elif block.kind == "quote":
                text, attribution = split_blockquote([inline(line)[0] for line in block.raw.splitlines()])
                if len(text) > MAX_QUOTE:
                    self._paragraph(f"“{text}” — {attribution or ''}".rstrip(" —"), where)
                    self.registry.note(where, f"a quote longer than {MAX_QUOTE} characters is kept as a paragraph")
                elif text:
                    self._append({"quote": self._quote(text, attribution)})
            elif block.text:
                self._paragraph(block.text, where)
        if not self.sections[-1]["blocks"] and len(self.sections) > 1:
            self.sections.pop()
        if not any(section["blocks"] for section in self.sections):
            self.sections[0]["blocks"].append("TODO: write the body of the release.")
            self.registry.note(("sections", 0, "blocks", 0), "the draft has no body paragraphs")

    def _short(self, text: str, path: tuple) -> str:
        return fit(text, MAX_SHORT, self.registry, path)

    def _append(self, block) -> None:
        self.sections[-1]["blocks"].append(block)

    def _heading(self, block: Block) -> None:
        path = ("sections", len(self.sections) - 1, "heading")
        heading = fit(self.registry.cite(block.text, path, title_case=True), MAX_HEADING, self.registry, path)
        if self.sections[-1]["blocks"] or "heading" in self.sections[-1]:
            self.sections.append({"heading": heading, "blocks": []})
        else:
            self.sections[-1] = {"heading": heading, "blocks": []}

    def _paragraph(self, text: str, where: tuple) -> None:
        if self.dateline is None:
            dateline = DATELINE.match(text)
            city = dateline["city"].strip() if dateline else ""
            if dateline and city.split(",")[0].replace(" ", "").isupper() and len(city) <= MAX_DATELINE:
                self.dateline, text = city, dateline["rest"]
        said = split_said(text)
        if said and _looks_like_attribution(said[1]) and len(said[0]) <= MAX_QUOTE:
            self._append({"quote": self._quote(*said)})
            return
        text = self.registry.cite(text, where)
        for part in _fitting_parts(text, MAX_PARAGRAPH):
            self._append(part)
        if len(text) > MAX_PARAGRAPH:
            self.registry.note(where, f"a paragraph of the draft is longer than {MAX_PARAGRAPH} characters: "
                                      "it was split between sentences")

    def _quote(self, text: str, attribution: str | None) -> str:
        if attribution:
            found = parse_attribution(attribution, self.people, self.expand)
        else:
            found = parse_attribution("Name of the speaker", [], {})
            found.notes.append("no attribution ('— Name, Role, Organisation') after the quote: who said it?")
        key = unique(slug(found.speaker.split()[-1]), self.quotes)
        path = ("quotes", key)
        quote: dict[str, str | bool] = {"text": self.registry.cite(text, path + ("text",))}
        for name in ("speaker", "honorific", "role", "organisation"):
            value = getattr(found, name)
            if value:
                quote[name] = self._short(self.registry.cite(value, path + (name,), caption=True), path + (name,))
        if not self.quotes:
            quote["featured"] = True
        for note in found.notes:
            self.registry.note(path, note)
        self.quotes[key] = quote
        return key

    def _list(self, block: Block) -> str:
        title = self.sections[-1].get("heading") or "List"
        key = unique(slug(REFERENCE.sub(" ", title)) if REFERENCE.sub("", title).strip() else "items", self.lists)
        items = [self._short(self.registry.cite(inline(item)[0], ("lists", key, "items", i)), ("lists", key, "items", i))
                 for i, item in enumerate(block.items) if inline(item)[0]]
        self.lists[key] = {"title": title, "items": items}
        self.registry.note(("lists", key), "check the list's title: it says what the items are")
        return key

    def _links(self, block: Block) -> None:
        for link in block.links:
            if link.url.startswith(("http://", "https://")):
                path = ("links", len(self.links), "text")
                self.links.append({"text": self._short(self.registry.cite(link.text, path), path), "url": link.url})
                self.registry.note(("links", len(self.links) - 1),
                                   "the link text comes from the draft: make it say where the link leads")
            else:
                self.registry.note(("links",), f"the draft links '{link.text}' to '{link.url}', which is no web "
                                               "address: add the real link here")


def _fitting_parts(text: str, limit: int) -> list[str]:
    """``text`` in runs of whole sentences of at most ``limit`` characters (a longer sentence alone)."""
    parts: list[str] = []
    pieces = [piece for sentence in split_sentences(text)
              for piece in textwrap.wrap(sentence, limit, break_long_words=False, break_on_hyphens=False)]
    for sentence in pieces:
        if parts and len(parts[-1]) + 1 + len(sentence) <= limit:
            parts[-1] += " " + sentence
        else:
            parts.append(sentence)
    return parts


def _looks_like_attribution(text: str) -> bool:
    return text[:1].isupper() and len(text.split()) <= 16


def summary(sections: list[dict], registry: Registry) -> str | None:
    """The first sentence of the body and the first sentence that cites a figure, marked TODO."""
    paragraphs = [block for section in sections for block in section["blocks"] if isinstance(block, str)]
    if not paragraphs:
        registry.note(("release", "summary"), "the draft has no paragraphs: write a summary")
        return None
    sentences = [s for p in paragraphs for s in split_sentences(p)]
    chosen = [sentences[0]]
    figures = set(registry.figures)
    citing = next((s for s in sentences[1:] if any(k in figures for k in REFERENCE.findall(s))), None)
    if citing and not any(k in figures for k in REFERENCE.findall(sentences[0])):
        chosen.append(citing)
    registry.note(("release", "summary"), "made from the draft's first sentences: rewrite it as two or "
                                          "three sentences for the fact sheet and the deck")
    return fit(" ".join(chosen), MAX_PARAGRAPH, registry, ("release", "summary"))


def draft_briefing(sections: list[dict], quotes: dict[str, dict], registry: Registry) -> dict:
    """A `briefing` part to confirm: key points from the body's short sentences that cite a
    figure (then any short ones), and each quote's default pull-quote."""
    texts = _reference_texts(registry)
    briefing: dict = {}
    paragraphs = [block for section in sections for block in section["blocks"] if isinstance(block, str)]
    short = [s for p in paragraphs for s in split_sentences(p)
             if word_count(s, texts) <= MAX_KEY_POINT_WORDS and not s.startswith("TODO")]
    citing = [s for s in short if REFERENCE.search(s)]
    points = list(dict.fromkeys(citing + short))[:KEY_POINTS[1]]
    if len(points) >= KEY_POINTS[0]:
        briefing["key_points"] = points
        registry.note(("briefing", "key_points"), "drafted from the release's short sentences: rewrite them as "
                                                   "the three to five points a presenter makes")
    else:
        registry.note(("briefing",), "write `key_points:` (three to five sentences of at most "
                                     f"{MAX_KEY_POINT_WORDS} words) for the deck")
    if quotes:
        briefing["excerpts"] = {key: default_excerpt(quote["text"], texts) for key, quote in quotes.items()}
        registry.note(("briefing", "excerpts"), "each quote's first short sentence: choose the line the deck "
                                                 "shows (the quote's own words; mark cuts with '...')")
    return briefing


def _reference_texts(registry: Registry) -> dict[str, str]:
    """The display text of each drafted figure and date that is valid as it stands (for counting words)."""
    texts = {"release_date": "Month 1, 2000"}
    for key, figure in registry.figures.items():
        try:
            texts[key] = figure_text(Figure.model_validate(figure))
        except ValueError:
            continue
    for key, value in registry.dates.items():
        try:
            texts[key] = date_text(Period.model_validate(value) if isinstance(value, dict) else value)  # type: ignore[arg-type]
        except (ValueError, AttributeError):
            continue
    return texts
