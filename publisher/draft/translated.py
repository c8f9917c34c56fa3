"""``publisher import DRAFT --translation-of CONTENT``: a translated draft -> the translation file of a release.

The draft is read into blocks like any draft (Markdown or plain text; Word through
:mod:`.word`), then laid against the original part for part: the title (and subtitle), then
each section of the original in order, a heading where the original has one, then its
paragraphs, quotes and lists in the original's order (a paragraph ending in ':' right before a
list is the list's title). In every text, each date written as the translation's language
writes it becomes its ``{key}``, and each number, read in the language's forms
(:mod:`publisher.numbers`), is matched by value to the original's figures: the figure's whole
phrase (qualifier, number, scale word and what is counted) becomes ``{key}``, and the words
after the number draft the figure's unit. What the draft does not say (metadata, labels, the
briefing's key points) is drafted from the original and marked ``# TODO:``, so the file is a
draft until a person has confirmed it.
"""
from __future__ import annotations

import re
from typing import Any

from publisher.briefing import default_excerpt
from publisher.draft.assemble import DATELINE, split_header
from publisher.draft.markdown import Block, inline, parse_blocks
from publisher.draft.quotes import split_blockquote
from publisher.model import CURRENCY_CODES, ListBlock, QuoteBlock, Release
from publisher.numbers import number_reader
from publisher.phrases import phrases_for

Notes = dict[tuple, list[str]]
_RULE = re.compile(r"\s*[=\-]{3,}\s*$")  #: a title underlined, as a plain-text edition sets it
_STOP = re.compile(r"[,.;:(){}“”\"«»—–]")
MAX_UNIT_WORDS = 6
#: words that join the words of what is counted: "libras de fentanilo en polvo", "miembros y asociados"
_CONNECTORS = frozenset({"de", "del", "en", "y", "e", "des", "du", "et", "of", "and"})
_FUNCTION_WORDS = frozenset({"la", "el", "los", "las", "les", "une", "una", "uno", "the", "que", "qui", "con", "avec"})


def translate_draft(source: str, original: Release, language: str) -> tuple[dict[str, Any], Notes]:
    """The translation data and the notes (TODO comments by field path) of a translated draft."""
    return _Reader(original, language).read(parse_blocks(source))


class _Reader:
    def __init__(self, original: Release, language: str):
        self.original = original
        self.language = language
        self.phrases = phrases_for(language)
        self.numbers = number_reader(language)
        self.notes: Notes = {}
        self.units: dict[str, str] = {}
        self.dateline: str | None = None  #: the city opening the first paragraph, as the draft writes it
        dates = {key: self.phrases.date_text(value) for key, value in original.dates.items()}
        dates["release_date"] = self.phrases.date_text(original.meta.date)
        self.dates = sorted(dates.items(), key=lambda item: len(item[1]), reverse=True)
        qualifiers = {word for word in self.phrases.data.qualifiers.values()}
        self.qualifiers = sorted(qualifiers, key=len, reverse=True)
        self.openers = {q.split()[0].casefold() for q in qualifiers}  #: first words of a qualifier: "más"

    def note(self, path: tuple, message: str) -> None:
        self.notes.setdefault(path, []).append(message)

    # -- the release, part by part ------------------------------------------------------

    def read(self, blocks: list[Block]) -> tuple[dict[str, Any], Notes]:
        blocks = blocks[:next((i for i, b in enumerate(blocks) if b.kind == "end"), len(blocks))]
        self.survey(blocks)
        head, body = split_header(blocks)
        original = self.original
        data: dict[str, Any] = {"release": self.metadata(head)}
        sections, quotes, lists = self.body(body)
        data["release"]["dateline"] = self.dateline or original.meta.dateline
        data["figures"] = self.figures()
        if original.lists:
            data["lists"] = lists
        if original.quotes:
            data["quotes"] = quotes
        data["sections"] = sections
        if original.links:
            data["links"] = self.links(blocks)
        if original.briefing:
            data["briefing"] = self.briefing(quotes)
        return data, self.notes

    def metadata(self, head: list[Block]) -> dict[str, Any]:
        meta = self.original.meta
        lines = [_RULE.sub("", b.text) for b in head if _RULE.sub("", b.text)]
        release: dict[str, Any] = {"language": self.language}
        release["title"] = self.cite(lines[0], ("release", "title")) if lines else self.todo(("release", "title"),
                                                                                                meta.title)
        if meta.subtitle:
            if len(lines) > 1:
                release["subtitle"] = self.cite(lines[1], ("release", "subtitle"))
            else:
                release["subtitle"] = self.todo(("release", "subtitle"), meta.subtitle)
        for name in ("agency", "office", "leader"):
            if getattr(meta, name):
                release[name] = self.todo(("release", name), getattr(meta, name))
        release["dateline"] = meta.dateline
        release["release_type"] = self.todo(("release", "release_type"), meta.release_type)
        release["contact"] = {"office": self.todo(("release", "contact", "office"), meta.contact.office)}
        release["summary"] = self.todo(("release", "summary"), meta.summary)
        if meta.keywords:
            release["keywords"] = [self.todo(("release", "keywords"), word) for word in meta.keywords]
        return release

    def body(self, blocks: list[Block]) -> tuple[list[dict], dict[str, dict], dict[str, dict]]:
        queue = [b for b in blocks if b.kind != "heading" or b.text]
        sections: list[dict] = []
        quotes: dict[str, dict] = {}
        lists: dict[str, dict] = {}
        for i, section in enumerate(self.original.sections):
            done: dict[str, Any] = {}
            if section.heading:
                if queue and queue[0].kind == "heading":
                    done["heading"] = self.cite(queue.pop(0).text, ("sections", i, "heading"))
                else:
                    done["heading"] = self.todo(("sections", i, "heading"), section.heading)
            done["blocks"] = []
            for j, block in enumerate(section.blocks):
                where = ("sections", i, "blocks", j)
                if isinstance(block, QuoteBlock):
                    found = self.take(queue, "quote", where)
                    quotes[block.quote] = self.quote(block.quote, found)
                    done["blocks"].append({"quote": block.quote})
                elif isinstance(block, ListBlock):
                    title = None
                    if len(queue) > 1 and queue[0].kind == "paragraph" and queue[1].kind == "list" \
                            and queue[0].text.rstrip().endswith(":"):
                        title = queue.pop(0).text.rstrip().rstrip(":").strip()
                    found = self.take(queue, "list", where)
                    lists[block.list] = self.named_list(block.list, title, found)
                    done["blocks"].append({"list": block.list})
                else:
                    found = self.take(queue, "paragraph", where)
                    text = found.text if found else self.todo(where, block)
                    if found and i == j == 0:
                        dateline = DATELINE.match(text)
                        text = dateline["rest"] if dateline else text
                        self.dateline = dateline["city"].strip() if dateline else None
                    done["blocks"].append(self.cite(text, where) if found else text)
            sections.append(done)
        queue = [b for b in queue if not (b.links and b.text == " ".join(link.text for link in b.links))]
        if queue:
            self.note(("sections",), f"{len(queue)} block(s) of the draft after the original's last part were not "
                                     f"matched (the first: '{queue[0].text[:60]}'): does the original have them?")
        return sections, quotes, lists

    def take(self, queue: list[Block], kind: str, where: tuple) -> Block | None:
        if queue and queue[0].kind == kind:
            return queue.pop(0)
        found = queue[0].kind if queue else "the end of the draft"
        self.note(where, f"the original has a {kind} here; the draft has {found}: translate it here")
        return None

    def quote(self, key: str, block: Block | None) -> dict[str, Any]:
        quote = self.original.quotes[key]
        path = ("quotes", key)
        if block is None:
            out: dict[str, Any] = {"text": self.todo(path + ("text",), quote.text)}
            attribution = None
        else:
            text, attribution = split_blockquote([inline(line)[0] for line in block.raw.splitlines()])
            out = {"text": self.cite(text, path + ("text",))}
        parts = [p.strip() for p in re.split(r",\s+", (attribution or "").rstrip(".")) if p.strip()]
        name = parts.pop(0) if parts else ""
        if quote.honorific:
            honorific = name[: -len(quote.speaker)].strip() if name.endswith(quote.speaker) else ""
            out["honorific"] = honorific or self.todo(path + ("honorific",), quote.honorific)
        if quote.role and quote.organisation and len(parts) >= 2:
            out["role"], out["organisation"] = ", ".join(parts[:-1]), parts[-1]
        elif quote.role or quote.organisation:
            field = "role" if quote.role else "organisation"
            out[field] = ", ".join(parts) or self.todo(path + (field,), getattr(quote, field))
            other = "organisation" if field == "role" else "role"
            if getattr(quote, other):
                out[other] = self.todo(path + (other,), getattr(quote, other))
        return out

    def named_list(self, key: str, title: str | None, block: Block | None) -> dict[str, Any]:
        named = self.original.lists[key]
        path = ("lists", key)
        items = [inline(item)[0] for item in block.items] if block else []
        if len(items) != len(named.items):
            self.note(path + ("items",), f"the original's list has {len(named.items)} items, the draft's "
                                         f"{len(items)}: translate each, in order")
            items = [self.todo(path + ("items",), item) for item in named.items]
        return {"title": self.cite(title, path + ("title",)) if title else self.todo(path + ("title",), named.title),
                "items": [self.cite(item, path + ("items", i)) for i, item in enumerate(items)]}

    def figures(self) -> dict[str, dict]:
        figures = {}
        for key, figure in self.original.figures.items():
            path = ("figures", key)
            words: dict[str, Any] = {}
            if figure.unit not in CURRENCY_CODES:
                unit = self.units.get(key)
                if unit is None:
                    unit = self.todo(path + ("unit",), figure.unit)
                else:
                    self.note(path + ("unit",), f"read from the draft's text ('{figure.unit}' in the original): "
                                                "check it")
                words["unit"] = unit
            words["label"] = self.todo(path + ("label",), figure.label)
            if figure.group:
                words["group"] = self.todo(path + ("group",), figure.group)
            if figure.source:
                words["source"] = self.todo(path + ("source",), figure.source)
            figures[key] = words
        return figures

    def links(self, blocks: list[Block]) -> list[dict]:
        found = [link for block in blocks if block.kind != "quote" for link in block.links]
        out = []
        for i, link in enumerate(self.original.links):
            if i < len(found):
                entry = {"text": self.cite(found[i].text, ("links", i, "text"))}
                if found[i].url != link.url and found[i].url.startswith(("http://", "https://")):
                    entry["url"] = found[i].url
                out.append(entry)
            else:
                out.append({"text": self.todo(("links", i, "text"), link.text)})
        return out

    def briefing(self, quotes: dict[str, dict]) -> dict[str, Any]:
        given = self.original.briefing
        assert given is not None
        out: dict[str, Any] = {}
        if given.key_points:
            out["key_points"] = [self.todo(("briefing", "key_points"), point) for point in given.key_points]
        if given.excerpts:
            texts = {key: "x" for key in self.original.figures} | {key: "x" for key, _ in self.dates}
            out["excerpts"] = {key: default_excerpt(quotes[key]["text"], texts) for key in given.excerpts
                               if key in quotes}
            self.note(("briefing", "excerpts"), "each quote's first short sentence: choose the line the deck shows")
        return out

    # -- text ---------------------------------------------------------------------------

    def survey(self, blocks: list[Block]) -> None:
        """What each figure counts, from every place the draft writes it: the words after its
        number that all its places share ("arrestos" from "3,337 arrestos y a la incautación" and
        "Arrestos: 3,337 arrestos"); a figure written once keeps its first noun and what joins on."""
        seen: dict[str, list[list[str]]] = {}
        texts = [inline(item)[0] for b in blocks for item in b.items] + [b.text for b in blocks]
        for text in texts:
            text = self.dated(" ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split()))
            for match in self.numbers.pattern.finditer(text):
                value = self.numbers.value(match)
                keys = [k for k, f in self.original.figures.items() if f.value == value]
                if keys and self.original.figures[keys[0]].unit not in CURRENCY_CODES:
                    rest = text[match.end():]
                    stop = _STOP.search(rest)
                    seen.setdefault(keys[0], []).append(rest[:stop.start() if stop else len(rest)].split())
        for key, places in seen.items():
            joiner = self.phrases.data.scale_joiner
            places = [p[1:] if joiner and p[:1] == [joiner] else p for p in places]
            hint = len(self.original.figures[key].unit.split())
            shared = self.trim(_common_start(places)) if len(places) > 1 else self.head(places[0], hint)
            if shared:
                self.units[key] = " ".join(shared[:MAX_UNIT_WORDS])

    def head(self, words: list[str], hint: int) -> list[str]:
        """The first noun and what joins on to it ('libras de fentanilo en polvo', 'miembros y asociados'),
        then words that qualify it up to the original unit's length in words ('dosis letales' for
        'deadly doses'); never a name, a number or another figure's qualifier."""
        head = words[:1]
        i = 1
        while i + 1 < len(words) and words[i].casefold() in _CONNECTORS and self.joins(words[i + 1]):
            head += words[i:i + 2]
            i += 2
        while len(head) < hint and i < len(words) and words[i].casefold() not in _CONNECTORS and self.joins(words[i]):
            head.append(words[i])
            i += 1
        return head

    def joins(self, word: str) -> bool:
        """Whether ``word`` can continue what is counted: not a function word, a name, a number or a qualifier."""
        return _joins(word) and word.casefold() not in self.openers

    def trim(self, words: list[str]) -> list[str]:
        """``words`` up to a connector that starts a new clause or another figure ('arrestos' of
        'arrestos y a la incautación', 'armas de fuego' of 'armas de fuego y más de')."""
        for i in range(1, len(words) - 1):
            if words[i].casefold() in _CONNECTORS and not self.joins(words[i + 1]):
                return words[:i]
        return words

    def dated(self, text: str) -> str:
        for key, date in self.dates:
            text = re.sub(re.escape(date.replace("\u00a0", " ")), f"{{{key}}}", text, flags=re.IGNORECASE)
        return text

    def todo(self, path: tuple, english: object) -> str:
        """The original's text at ``path``, kept with its references and marked to translate."""
        self.note(path, f"translate: '{str(english)[:200]}'")
        return str(english)

    def cite(self, text: str, path: tuple) -> str:
        """``text`` with each date and each figure of the original written as its ``{key}``."""
        text = self.dated(" ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split()))
        out, position = [], 0
        for match in self.numbers.pattern.finditer(text):
            if match.start() < position or _inside_reference(text, match.start()):
                continue
            key = self.figure_of(match, path)
            if key is None:
                continue
            start, end = self.phrase(text, match, key)
            out.append(text[position:start] + f"{{{key}}}")
            position = end
        return "".join(out) + text[position:]

    def figure_of(self, match: re.Match, path: tuple) -> str | None:
        value = self.numbers.value(match)
        same = [k for k, f in self.original.figures.items() if value is not None and f.value == value]
        if not same:
            foreign = [k for k, f in self.original.figures.items() if f.value in self.numbers.foreign_values(match)]
            if foreign:
                self.note(path, f"'{match.group().strip()}' is figure '{foreign[0]}' in another locale's form")
                return foreign[0]
            self.note(path, f"'{match.group().strip()}' is none of the original's figures: the original cites "
                            "which figure here?")
            return None
        if len(same) > 1:
            self.note(path, f"'{match.group().strip()}' could be any of {', '.join(same)}: check the key")
        return same[0]

    def phrase(self, text: str, match: re.Match, key: str) -> tuple[int, int]:
        """Where the whole phrase of figure ``key`` around the number ``match`` starts and ends."""
        start = match.start()
        before = text[:start].lower()
        for qualifier in self.qualifiers:
            if before.endswith(qualifier.lower() + " ") and self.original.figures[key].qualifier != "exact":
                start -= len(qualifier) + 1
                break
        end = match.end()
        rest = text[end:]
        figure = self.original.figures[key]
        words = [w for w in (self.phrases.data.scale_joiner, self.phrases.data.elided_joiner) if w]
        if figure.unit in CURRENCY_CODES:  # the currency's name after a scale word: "de dólares"
            name = re.match(rf" (?:{'|'.join(map(re.escape, words))})\s?\w+(?: \w+)?", rest) if words else None
            return start, end + (len(name.group()) if name and match["scale"] else 0)
        unit = self.units.get(key)
        if unit:
            joined = re.match(rf" (?:(?:{'|'.join(map(re.escape, words))})\s?)?{re.escape(unit)}(?!\w)", rest,
                              re.IGNORECASE) if words else re.match(rf" {re.escape(unit)}(?!\w)", rest, re.IGNORECASE)
            if joined:
                end += len(joined.group())
        return start, end


def _common_start(places: list[list[str]]) -> list[str]:
    shared: list[str] = []
    for words in zip(*places, strict=False):
        if len({w.casefold() for w in words}) != 1:
            break
        shared.append(words[0])
    return shared


def _joins(word: str) -> bool:
    """Whether ``word`` can continue what is counted: not a function word, a name or a number."""
    return not _function_word(word) and word[:1].islower()


def _function_word(word: str) -> bool:
    return len(word) <= 2 or word.casefold() in _FUNCTION_WORDS


def _inside_reference(text: str, at: int) -> bool:
    return text.rfind("{", 0, at) > text.rfind("}", 0, at)

