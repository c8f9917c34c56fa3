"""The content-format reference (Markdown), generated from the model's JSON Schema.

``publisher schema --markdown`` prints it; ``docs/content-format.md`` is its committed copy,
and a test fails when the two differ, so the reference cannot drift from the code.
"""
from __future__ import annotations

from typing import Any

from publisher.limits import CONTENT_LIMITS, FILE_LIMITS
from publisher.model import Release, Translation

INTRO = """# The content format

Generated from the code by `publisher schema --markdown`; do not edit by hand.
A content file is one YAML mapping. Every number lives once under `figures` (or `dates`)
and prose cites it as `{key}`; a digit typed into prose is an error. Unknown keys are
errors too. The worked example is
[`content/operation-last-mile.yaml`](../content/operation-last-mile.yaml).
"""

ORDER = ["Release", "Metadata", "Contact", "Figure", "Period", "NamedList", "Quote", "Section",
         "QuoteBlock", "ListBlock", "Link", "Briefing"]


def _type(node: dict[str, Any]) -> str:
    if "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        return f"[{name}](#{name.lower()})"
    if "anyOf" in node:
        kinds = {n.get("type") for n in node["anyOf"]}
        if kinds == {"number", "string"}:
            return "number"
        return " or ".join(_type(n) for n in node["anyOf"] if n.get("type") != "null")
    kind = node.get("type")
    if kind == "array":
        return f"list of {_type(node.get('items', {}))}"
    if kind == "object":
        values: dict[str, Any] = (node.get("additionalProperties")
                                  or next(iter(node.get("patternProperties", {}).values()), {}))
        return f"mapping of key to {_type(values)}" if values else "mapping"
    if "enum" in node:
        return "one of " + ", ".join(f"`{v}`" for v in node["enum"])
    fmt = node.get("format")
    if fmt == "date":
        return "date (YYYY-MM-DD)"
    if kind == "string" and node.get("pattern") == r"^\d{4}-(0[1-9]|1[0-2])$":
        return "month (YYYY-MM)"
    if "anyOf" not in node and {"number", "string"} & {n.get("type") for n in node.get("anyOf", [])}:
        return "number"
    if kind == "string" and "pattern" in node:
        return f"text matching `{node['pattern']}`"
    names = {"string": "text", "number": "number", "integer": "whole number", "boolean": "true/false"}
    return names.get(str(kind), "value")


def markdown() -> str:
    out = [INTRO] + _tables(Release.model_json_schema(), "Release", ORDER)
    out.append(TRANSLATIONS_INTRO)
    out += _tables(Translation.model_json_schema(), "Translation", TRANSLATION_ORDER, skip=set(ORDER))
    out.append(LIMITS_INTRO)
    out.append("| limit | maximum | what is counted |")
    out.append("|---|---:|---|")
    for limit in CONTENT_LIMITS + FILE_LIMITS:
        out.append(f"| {limit.name} | {limit.maximum:,} | {limit.what} |")
    return "\n".join(out) + "\n"


def _tables(schema: dict[str, Any], top: str, order: list[str], skip: set[str] | None = None) -> list[str]:
    """One table per model of ``schema`` (its definitions and the top model, named ``top``)."""
    defs = schema.pop("$defs", {})
    defs[top] = schema
    out = []
    for name in order + sorted(set(defs) - set(order)):
        model = defs.get(name)
        if not model or "properties" not in model or name in (skip or set()):
            continue
        out.append(f"\n## {name}\n")
        if model.get("description"):
            out.append(model["description"].strip().split("\n\n")[0].replace("\n", " ") + "\n")
        out.append("| field | type | required | default | meaning |")
        out.append("|---|---|---|---|---|")
        required = set(model.get("required", []))
        for field, node in model["properties"].items():
            default = node.get("default")
            shown = "" if field in required or default in (None, [], {}) else f"`{default}`"
            limits = []
            for sub in [node] + node.get("anyOf", []):
                if "maxLength" in sub:
                    limits.append(f"at most {sub['maxLength']} characters")
                for key in ("maxItems", "maxProperties"):
                    if key in sub:
                        limits.append(f"at most {sub[key]:,} entries")
                if "maximum" in sub:
                    limits.append(f"at most {sub['maximum']:,}")
            meaning = (node.get("description") or "").replace("\n", " ")
            if limits:
                meaning = (meaning + " " if meaning else "") + f"({limits[0]})"
            cells = [f"`{field}`", _type(node), "yes" if field in required else "", shown, meaning]
            out.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
    return out


TRANSLATION_ORDER = ["Translation", "MetadataWords", "ContactWords", "FigureWords", "QuoteWords", "LinkWords"]

TRANSLATIONS_INTRO = """
# Translations

A content file `content/<slug>.yaml` may have translations beside it, one file per language:
`content/<slug>.<tag>.yaml`, the tag a BCP 47 tag (`operation-last-mile.es-US.yaml`) or its
primary subtag (`operation-last-mile.es.yaml`, whose `release.language` says `es-US` or
`es-ES`). A translation mirrors the content file part for part, without what is never
translated: figure values and qualifiers, dates, the phone number and the release date. Every
part of the original must be there (every section with its blocks in order, every figure's
unit, label, group and source, every quote, list and link, the briefing if the original has
one), and each text must cite the figures and dates the original's text cites in the same
place, no more and no fewer; anything else is a content error located in the translation
file. The figures are written by the rules of the translation's language tag (CLDR): the
worked example's translation is
[`content/operation-last-mile.es.yaml`](../content/operation-last-mile.es.yaml).
"""

LIMITS_INTRO = """
## Limits

Every input is bounded; the maximums live in `publisher/limits.py`. Content beyond one is
refused when it loads (exit 2, a message naming the file, line and field), before anything
is written. Each is far above what a real release reaches, and a release at every maximum
at once builds in every format within seconds (`benchmarks/run.py`). Text fields have their
own lengths in the tables above; no word is longer than 40 characters (web addresses aside).
"""
