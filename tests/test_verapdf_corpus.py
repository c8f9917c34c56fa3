"""The veraPDF PDF/UA-1 corpus (CC BY 4.0) as an external test of the PDF audit.

Every file of the sample in ``../shared/verapdf-corpus`` is audited: a pass file must come out
with no error, a fail file must be caught by the rule its name gives (``7.2-t34-fail-a.pdf``:
``pdf.7.2-t34``). Where the corpus names a test the profile numbers differently, ``CAUGHT_BY``
says which rule of the profile tests it now, and why. The sample is a test, not a tuning set:
no rule looks at anything particular to these files (``tests/test_pdfua_variants.py`` holds
variants of our own).
"""
from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from publisher.audit.pdf import audit

#: The veraPDF corpus (CC BY 4.0) is not vendored: it lies in the workplace's shared/ folder
#: beside the checkout, or wherever PUBLISHER_VERAPDF_CORPUS points.
CORPUS = Path(os.environ.get("PUBLISHER_VERAPDF_CORPUS")
              or Path(__file__).resolve().parents[2] / "shared" / "verapdf-corpus" / "PDF_UA-1")
#: Corpus test ids that the current profile tests under another rule.
CAUGHT_BY = {
    # ISO 14289-1 7.18.7: a file attachment annotation follows 7.11; the profile has no 7.18.7 rule
    "7.18.7-t01": "7.11-t01",
    # the profile split "L may contain only L, LI, Caption" and "Caption only first" (7.2-t40)
    "7.2-t19": "7.2-t40",
    # the same split for TOC (7.2-t28)
    "7.2-t27": "7.2-t28",
}
NAME = re.compile(r"^(?P<test>[\d.-]+-t\d+)-(?P<kind>pass|fail)-")


def corpus_files():
    if not CORPUS.is_dir():
        return [pytest.param(None, marks=pytest.mark.skip(reason=f"veraPDF corpus not found at {CORPUS}"))]
    return [pytest.param(path, id=path.name) for path in sorted(CORPUS.rglob("*.pdf"))]


@pytest.mark.parametrize("path", corpus_files())
def test_corpus_file(path):
    found = NAME.match(path.name)
    assert found, f"unexpected corpus file name {path.name}"
    test = found["test"].replace("7-18.3", "7.18.3")  # one file of the corpus is misnamed
    errors = [f for f in audit(path) if f.severity == "error"]
    if found["kind"] == "pass":
        assert errors == [], [str(f) for f in errors]
    else:
        expected = "pdf." + CAUGHT_BY.get(test, test)
        assert expected in {f.rule for f in errors}, [str(f) for f in errors]
