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
A content file is one YAML mapping. Every quantity lives once under `figures` (and every
date under `dates`) and prose cites it as `{key}`; a quantity typed into prose is an
error, while names, codes and phone numbers are written as typed (see
[Numbers in prose](#numbers-in-prose)). Unknown keys are errors too. The worked example is
[`content/operation-last-mile.yaml`](../content/operation-last-mile.yaml).
"""

NUMBERS_IN_PROSE = """
## Numbers in prose

Prose is every text a reader sees as sentences: the title, subtitle and summary, headings,
paragraphs, list titles and items, quotes and their attribution, figure labels and groups,
link texts, the briefing's key points and excerpts. The loader reads every number in it and
tells two kinds apart.

**A quantity must be a figure.** A number that counts or measures something ("3,337
arrests", "$100 million", "25%", "6 months") is registered once under `figures` and cited
as `{key}`, so that every output shows it the same way. A number is a quantity, wherever it
stands and whatever word comes before it, when it has a currency symbol, thousands
separators, a percent sign or word, a scale word or abbreviation ("44 million", "44M"), a
measure glued to it ("10mg"), or a qualifier before it ("nearly 300"): "Section 3,337
arrests" and "Route 44 million" are refused. A date ("May 5, 2023", "5/5/2023",
"April 2023") is registered under `dates`.

**A number that is part of a name is written as typed**, without any markup, and every
output shows it exactly as typed (`publisher check` finds one an output changed):

| kind | examples |
|---|---|
{kinds}

Words that name a series (a number right after one is part of a name; a plural one takes
several numbers, "Sections 3 and 4"): {series}. These words, and the others the rules use
(street types, time suffixes, measures), are data: `assets/identifiers/en.yaml`, one file per
language, chosen by `release.language`.

A bare number after a series word, or a year, followed by a measure or by a word one of
the release's figures counts ("Section 3337 arrests", "the 2024 doses") is not waved
through: the loader cannot tell it from a quantity.

**When the loader cannot tell**, the error names the number, where it stands, and both ways
out: register the quantity under `figures`, or mark the text as written with backticks,
the *literal markup*: `` `Apollo 11` ``, `` `WCAG 2.2` ``. Literal text is shown as typed,
without its backticks, in every output. It may not hold a reference (`{key}`) nor a
quantity form (currency, thousands separators, percent, scale words); a backtick that does
not close is an error. YAML cannot start a plain text with a backtick: quote such a text.

```yaml
sections:
  - blocks:
      - Free flu and COVID-19 vaccines under Section 508; call 555-014-2200 from 10 a.m.
      - "`Apollo 11` veterans spoke at the clinic, which meets the `WCAG 2.2` guidelines."
```
"""

#: (kind, examples) of the identifiers prose may hold as typed; see publisher/identifiers.py
IDENTIFIER_KINDS = (
    ("codes: digits joined to letters or inside a code", "COVID-19, I-95, H1N1, 1:23-cr-00456, 24/7, B.1.1.7"),
    ("a number after a word that names a series", "Section 508, Title 21, Executive Order 13166, "
                                                   "Case No. 1:23-cr-00456, Public Law 117-328, Room 2B"),
    ("phone numbers", "555-014-2200, (555) 014-2200, +44 20 7946 0958, 9-1-1, call 211, dial 711"),
    ("times of day", "10 a.m., 5:30 p.m., 9 a.m. to 5 p.m., 14:00"),
    ("street addresses and postal codes", "1200 Main Street, 100 N. Main St., IL 62701"),
    ("law citations", "42 U.S.C. 1983"),
    ("web and email addresses, handles", "www.cdc.gov/flu2024, flu2024@health.example.gov, @NYC311"),
    ("ordinals", "19th, 1st"),
    ("years", "in 2019, the 2024-25 season, the 1990s"),
)

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


def _numbers_in_prose() -> str:
    from publisher.vocabulary import FALLBACK, for_language

    kinds = "\n".join(f"| {kind} | {examples} |" for kind, examples in IDENTIFIER_KINDS)
    english = for_language(FALLBACK)
    series = ", ".join(english.series + english.series_plural + english.number_signs)
    return NUMBERS_IN_PROSE.replace("{kinds}", kinds).replace("{series}", series)


def markdown() -> str:
    out = [INTRO, _numbers_in_prose()] + _tables(Release.model_json_schema(), "Release", ORDER)
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
