"""The veraPDF PDF/UA-1 corpus (CC BY 4.0) as an external test of the PDF audit.

Clauses 5, 7.1, 7.3, 7.4, 7.5, 7.18 and 7.21 are covered in full; 7.2, 7.7, 7.9, 7.10, 7.11,
7.15, 7.16 and 7.20 too, with the differences listed in ``KNOWN``.

For each clause the audit claims, every pass file must come out clean (no error) and every
fail file must be flagged by a rule of that clause (rule id ``pdf.<clause>...``).
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from publisher.audit.pdf import audit

#: The veraPDF corpus (CC BY 4.0) is not vendored: it lies in the workplace's shared/ folder
#: beside the checkout, or wherever PUBLISHER_VERAPDF_CORPUS points.
CORPUS = Path(os.environ.get("PUBLISHER_VERAPDF_CORPUS")
              or Path(__file__).resolve().parents[2] / "shared" / "verapdf-corpus" / "PDF_UA-1")
CLAUSES = {
    "5": "5 Version identification",
    "7.1": "7.1 General",
    "7.3": "7.3 Graphics",
    "7.4": "7.4 Headings",
    "7.5": "7.5 Tables",
    "7.18": "7.18 Annotations",
    "7.21": "7.21 Fonts",
    "7.2": "7.2 Text",
    "7.7": "7.7 Mathematical expressions",
    "7.9": "7.9 Notes and references",
    "7.10": "7.10 Optional content",
    "7.11": "7.11 Embedded files",
    "7.15": "7.15 XFA",
    "7.16": "7.16 Security",
    "7.20": "7.20 XObjects",
}
#: Where the audit knowingly differs from veraPDF (strict xfail: a change in behaviour shows).
KNOWN = {
    "7.2-t30-pass-a.pdf": "our rule is stricter: /Lang on the catalog is required (docs/accessibility.md)",
    "7.2-t31-pass-a.pdf": "our rule is stricter: /Lang on the catalog is required (docs/accessibility.md)",
    "7.2-t32-pass-a.pdf": "our rule is stricter: /Lang on the catalog is required (docs/accessibility.md)",
}


def corpus_files():
    if not CORPUS.is_dir():
        return [pytest.param(None, None, marks=pytest.mark.skip(reason=f"veraPDF corpus not found at {CORPUS}"))]
    return [pytest.param(clause, path, id=path.name, marks=[pytest.mark.xfail(reason=KNOWN[path.name], strict=True)]
                         if path.name in KNOWN else [])
            for clause, folder in CLAUSES.items()
            for path in sorted((CORPUS / folder).rglob("*.pdf"))]


@pytest.mark.parametrize("clause, path", corpus_files())
def test_corpus_file(clause, path):
    errors = [f for f in audit(path) if f.severity == "error"]
    if "-pass-" in path.name:
        assert errors == [], [str(f) for f in errors]
    else:
        assert any(f.rule.startswith(f"pdf.{clause}") for f in errors), [str(f) for f in errors]
