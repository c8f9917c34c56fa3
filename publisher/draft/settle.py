"""The last pass over a draft's content data: prose as the loader will read it, and the web
addresses the body names offered as the release's website or as links."""
from __future__ import annotations

import re
from collections.abc import Iterator

from publisher.draft.header import website as with_scheme
from publisher.draft.registry import Registry
from publisher.figures import CURRENCY_SYMBOLS

Path_ = tuple


def prose_paths(data: dict) -> Iterator[tuple[Path_, dict | list, str | int]]:
    """(path, container, key) of every prose text of the content data, the loader's prose fields."""
    meta = data["release"]
    for key in ("title", "subtitle", "summary"):
        if isinstance(meta.get(key), str):
            yield ("release", key), meta, key
    for name, figure in data["figures"].items():
        for key in ("label", "group"):
            if isinstance(figure.get(key), str):
                yield ("figures", name, key), figure, key
    for name, named in data["lists"].items():
        yield ("lists", name, "title"), named, "title"
        for i in range(len(named["items"])):
            yield ("lists", name, "items", i), named["items"], i
    for name, quote in data["quotes"].items():
        for key in ("text", "speaker", "role", "organisation"):
            if isinstance(quote.get(key), str):
                yield ("quotes", name, key), quote, key
    for i, section in enumerate(data["sections"]):
        if isinstance(section.get("heading"), str):
            yield ("sections", i, "heading"), section, "heading"
        for j, block in enumerate(section["blocks"]):
            if isinstance(block, str):
                yield ("sections", i, "blocks", j), section["blocks"], j
    for i, link in enumerate(data["links"]):
        yield ("links", i, "text"), link, "text"
    briefing = data.get("briefing", {})
    for i in range(len(briefing.get("key_points", []))):
        yield ("briefing", "key_points", i), briefing["key_points"], i
    for key in briefing.get("excerpts", {}):
        yield ("briefing", "excerpts", key), briefing["excerpts"], key


def settle_prose(data: dict, registry: Registry) -> None:
    """Every prose text read with the units of every figure, now that all are known."""
    units = frozenset(word for figure in data["figures"].values() if figure["unit"] not in CURRENCY_SYMBOLS
                      for word in (figure["unit"].lower().split()[0], figure["unit"].lower().split()[-1]))
    for path, container, key in prose_paths(data):
        container[key] = registry.settle(container[key], path, units)  # type: ignore[index]


def offer_web_addresses(data: dict, registry: Registry, website_found: bool) -> None:
    """Web addresses the body names: the first one's site becomes the release's website when
    the draft's heading names none; each page becomes a related link with text to write."""
    meta = data["release"]
    seen = {link["url"] for link in data["links"]}
    for address in dict.fromkeys(registry.web_addresses):
        url = with_scheme(address)
        site = re.match(r"https?://[^/]+", url)
        if not website_found and site:
            meta["website"] = site.group()
            registry.notes[("release", "website")] = [
                f"taken from the body, which names '{address}': check it is the agency's website"]
            website_found = True
        if url.rstrip("/") in (meta["website"].rstrip("/"), *(u.rstrip("/") for u in seen)):
            continue
        seen.add(url)
        data["links"].append({"text": _link_text(url), "url": url})
        registry.note(("links", len(data["links"]) - 1),
                      f"the body names '{address}': write link text that says where it leads, or remove the link")


def _link_text(url: str) -> str:
    """A first link text from the address: 'https://x.gov/flu-vaccines' -> 'Flu vaccines (x.gov)'."""
    host, _, path = url.split("://", 1)[1].partition("/")
    last = re.sub(r"\.\w+$", "", path.rstrip("/").rsplit("/", 1)[-1])
    words = re.sub(r"[-_]+", " ", last).strip()
    return f"{words[:1].upper()}{words[1:]} ({host})" if words else f"Website of {host}"
