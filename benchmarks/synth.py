"""Synthesised content for benchmarks and stress tests: variants and scaled-up releases.

Works on the YAML data of any content file, so the results stay valid content.
"""
from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml

_ORDINALS = ("alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india",
             "juliett", "kilo", "lima", "mike", "november", "oscar", "papa", "quebec", "romeo",
             "sierra", "tango")


def word(n: int) -> str:
    """A digit-free name for copy number ``n`` ('alpha', ..., 'tango', 'alpha bravo', ...)."""
    parts = []
    while True:
        parts.append(_ORDINALS[n % len(_ORDINALS)])
        n //= len(_ORDINALS)
        if not n:
            return " ".join(reversed(parts))


def load_data(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def variant(data: dict[str, Any], n: int) -> dict[str, Any]:
    """Release ``n`` of a batch: another title and other figure values, same shape."""
    out = copy.deepcopy(data)
    out["release"]["title"] = f"{out['release']['title']} ({word(n).title()} edition)"
    for i, figure in enumerate(out.get("figures", {}).values()):
        figure["value"] = int(figure["value"]) + (n * 7 + i) % 97
    return out


def scaled(data: dict[str, Any], factor: int) -> dict[str, Any]:
    """``factor`` times the sections, figures and quotes (keys and references renamed per copy)."""
    out = copy.deepcopy(data)
    figures, quotes, sections = {}, {}, []
    for copy_no in range(factor):
        suffix = "" if copy_no == 0 else "_" + word(copy_no).replace(" ", "_")
        rename = {key: key + suffix for key in data.get("figures", {})}
        rename_q = {key: key + suffix for key in data.get("quotes", {})}
        for key, figure in data.get("figures", {}).items():
            figure = dict(figure, value=int(figure["value"]) + copy_no)
            if copy_no:
                figure["label"] = f"{figure['label']} ({word(copy_no)})"
            figures[rename[key]] = figure
        for key, quote in data.get("quotes", {}).items():
            quotes[rename_q[key]] = dict(quote)
        for section in data["sections"]:
            blocks = []
            for block in section.get("blocks", []):
                if isinstance(block, str):
                    for old, new in rename.items():
                        block = block.replace("{" + old + "}", "{" + new + "}")
                    blocks.append(block)
                elif "quote" in block:
                    blocks.append({"quote": rename_q[block["quote"]]})
                else:
                    blocks.append(dict(block))
            heading = section.get("heading")
            sections.append({"heading": f"{heading} ({word(copy_no)})" if heading and copy_no else heading,
                             "blocks": blocks})
    out["figures"], out["quotes"], out["sections"] = figures, quotes, sections
    return out


def write(data: dict[str, Any], path: Path) -> Path:
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100), encoding="utf-8")
    return path


_WIDEST = "widest figure value"  #: written as the largest value with cents, which a float cannot hold


def write_at_maximum(path: Path) -> Path:
    """The release of :func:`at_maximum` as a content file."""
    from publisher.limits import MAX_FIGURE_VALUE

    text = yaml.safe_dump(at_maximum(), sort_keys=False, allow_unicode=True, width=100)
    path.write_text(text.replace(_WIDEST, str(MAX_FIGURE_VALUE)), encoding="utf-8")
    return path


def at_maximum() -> dict[str, Any]:
    """A release at every maximum of :mod:`publisher.limits` at once: the most sections, blocks,
    lists and list items, quotes, figures, dates, links and keywords, nearly the most text, the
    longest title, paragraph, URL and unit, and the largest figure value, with and without money."""
    from publisher import limits
    from publisher.model import KEY_POINTS, MAX_PARAGRAPH, MAX_QUOTE, MAX_TITLE, MAX_WORD

    def text(n: int, length: int, cite: str = "") -> str:
        words = []
        while len(" ".join(words)) < length - len(cite) - 2:
            words.append(word(n + len(words)))
        body = " ".join(words)[: length - len(cite) - 2].rstrip()
        return (body + (" " + cite if cite else "") + ".")[:length]

    figures = {}
    for i in range(limits.FIGURES.maximum):
        key = "f_" + word(i).replace(" ", "_")
        figures[key] = {"value": (_WIDEST if i == 0 else 10**15 - 1 if i < 3 else 1000 + i * 37),
                        "unit": "USD" if i % 10 == 0 else (text(i, 60).rstrip(".") if i == 1 else word(i) + " cases"),
                        "qualifier": "nearly" if i % 3 else "exact",
                        "label": text(i, 80 if i < 5 else 30).rstrip("."),
                        "group": f"Group {word(i % 8)}", "source": text(i, 60)}
    dates = {"d_" + word(i).replace(" ", "_"): (f"20{10 + i % 15}-{1 + i % 12:02d}" if i % 2
                                                 else {"start": "2023-01-01", "end": "2024-12-31"})
             for i in range(limits.DATES.maximum)}
    keys = list(figures) + list(dates)
    per_list = limits.LIST_ITEMS.maximum // limits.LISTS.maximum
    lists = {"l_" + word(i).replace(" ", "_"): {"title": text(i, 60).rstrip("."),
                                                  "items": [text(i + j, 40) for j in range(per_list)]}
             for i in range(limits.LISTS.maximum)}
    quotes = {"q_" + word(i).replace(" ", "_"): {"text": text(i, 200), "speaker": text(i, 30).rstrip("."),
                                                  "honorific": "Director", "role": text(i + 1, 40).rstrip("."),
                                                  "organisation": text(i + 2, 60).rstrip("."), "featured": i < 2}
              for i in range(limits.QUOTES.maximum)}
    quotes[next(iter(quotes))]["text"] = text(0, MAX_QUOTE)
    blocks: list[Any] = [{"list": key} for key in lists] + [{"quote": key} for key in quotes]
    paragraphs = limits.BLOCKS.maximum - len(blocks)
    blocks += [text(i, 150, "{" + keys[i % len(keys)] + "}") for i in range(paragraphs)]
    blocks[-1] = text(7, MAX_PARAGRAPH, "{" + keys[0] + "}")
    blocks[-2] = "a" * MAX_WORD + " " + text(3, 100)
    per = -(-len(blocks) // limits.SECTIONS.maximum)
    sections = [{"heading": text(i, 60).rstrip("."), "blocks": blocks[i * per:(i + 1) * per]}
                for i in range(limits.SECTIONS.maximum)]
    url = "https://example.gov/" + "/".join(word(i) for i in range(200)).replace(" ", "-")
    url = url[: limits.URL.maximum]
    data = {
        "release": {"title": text(1, MAX_TITLE), "subtitle": text(2, MAX_TITLE), "agency": text(3, 200).rstrip("."),
                    "office": text(4, 200).rstrip("."), "leader": "Director Ana Diaz", "date": "2024-03-14",
                    "dateline": "WASHINGTON", "contact": {"office": "Office of Public Affairs", "phone": "202-555-0199",
                                                          "email": "press@example.gov"},
                    "website": url, "social": "@Example", "summary": text(5, 600, "{" + keys[0] + "}"),
                    "keywords": [word(i) for i in range(limits.KEYWORDS.maximum)]},
        "dates": dates, "figures": figures, "lists": lists, "quotes": quotes, "sections": sections,
        "briefing": {"key_points": [f"Point {word(i)} cites {{{keys[i]}}}." for i in range(KEY_POINTS[1])]},
        "links": [{"text": text(i, 120).rstrip("."), "url": url if i < 2 else "https://example.gov/" + word(i).replace(" ", "-")}
                  for i in range(limits.LINKS.maximum)],
    }
    return data
