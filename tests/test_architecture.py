"""The code's shape: what it cites exists, and which modules may import which."""
import re

from conftest import ROOT

PACKAGE = ROOT / "publisher"
CITED_DOC = re.compile(r"\bdocs/[\w./-]+\.md\b")


def test_every_document_the_code_cites_is_in_the_repository():
    cited = {(path.relative_to(ROOT), doc) for path in [*PACKAGE.rglob("*.py"), *(ROOT / "tests").glob("*.py")]
             for doc in CITED_DOC.findall(path.read_text(encoding="utf-8"))}
    assert cited, "the audits cite their rules in docs/"
    missing = sorted(f"{source}: {doc}" for source, doc in cited if not (ROOT / doc).is_file())
    assert not missing, missing


def test_no_module_cites_rules_outside_the_repository():
    outside = [str(path.relative_to(ROOT)) for path in PACKAGE.rglob("*.py")
               if re.search(r"(?<!docs/)\bACCESSIBILITY\.md|shared/ACCESSIBILITY", path.read_text(encoding="utf-8"))]
    assert not outside
