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
