"""Turn veraPDF's PDF/UA-1 validation profile (XML) into the audit's rules table (JSON).

Run at development time, when the profile changes::

    python tools/vendor_pdfua_profile.py ../shared/verapdf-profiles/PDFUA-1.xml

It writes ``publisher/audit/pdfua1_rules.json``: one entry per ``<rule>``, keyed
``<clause>-t<NN>`` (``7.2-t02``), with the profile's object, tags, description, test
expression, error message and its arguments, and the profile's ``<variables>``. The profile
is © veraPDF Consortium, CC BY 4.0; the JSON carries the attribution. The audit reads the
JSON at run time and never the XML.
"""
from __future__ import annotations

import json
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

NS = {"v": "http://www.verapdf.org/ValidationProfile"}
TARGET = Path(__file__).resolve().parents[1] / "publisher" / "audit" / "pdfua1_rules.json"
ATTRIBUTION = {
    "title": "PDF/UA-1 validation profile (ISO 14289-1:2014)",
    "author": "veraPDF Consortium",
    "source": "https://github.com/veraPDF/veraPDF-validation-profiles, file PDF_UA/PDFUA-1.xml",
    "licence": "Creative Commons Attribution 4.0 International (CC BY 4.0), "
               "https://creativecommons.org/licenses/by/4.0/",
    "changes": "converted from XML to JSON by tools/vendor_pdfua_profile.py; rule ids written "
               "<clause>-t<two-digit test number>; whitespace in texts collapsed",
}


def _text(element: ET.Element | None) -> str:
    return " ".join((element.text or "").split()) if element is not None else ""


def convert(profile: Path) -> dict:
    root = ET.parse(profile).getroot()
    details = root.find("v:details", NS)
    rules = []
    for rule in root.iterfind("v:rules/v:rule", NS):
        ident = rule.find("v:id", NS)
        assert ident is not None
        clause, number = ident.get("clause", ""), int(ident.get("testNumber", "0"))
        rules.append({
            "id": f"{clause}-t{number:02d}",
            "clause": clause,
            "test_number": number,
            "specification": ident.get("specification", ""),
            "object": rule.get("object", ""),
            "tags": [t for t in (rule.get("tags") or "").split(",") if t],
            "description": _text(rule.find("v:description", NS)),
            "test": _text(rule.find("v:test", NS)),
            "message": _text(rule.find("v:error/v:message", NS)),
            "arguments": [_text(a) for a in rule.iterfind("v:error/v:arguments/v:argument", NS)],
        })
    variables = [{"name": v.get("name", ""), "object": v.get("object", ""),
                  "default": _text(v.find("v:defaultValue", NS)), "value": _text(v.find("v:value", NS))}
                 for v in root.iterfind("v:variables/v:variable", NS)]
    return {
        "attribution": ATTRIBUTION,
        "profile": {"name": _text(details.find("v:name", NS)) if details is not None else "",
                    "flavour": root.get("flavour", ""),
                    "created": details.get("created", "") if details is not None else ""},
        "rules": rules,
        "variables": variables,
    }


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    table = convert(Path(argv[1]))
    ids = [r["id"] for r in table["rules"]]
    if len(ids) != len(set(ids)):
        print("duplicate rule ids in the profile", file=sys.stderr)
        return 1
    TARGET.write_text(json.dumps(table, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {TARGET} ({len(ids)} rules)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
