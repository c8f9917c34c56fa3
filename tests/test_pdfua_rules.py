"""The PDF audit's rules are veraPDF's PDF/UA-1 profile, as data: listed, implemented, attributed."""
from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pikepdf
import pytest
from pdfua_fixtures import TaggedPdf

from publisher.audit.pdf import audit, run_rules
from publisher.audit.pdf_document import PdfDocument
from publisher.audit.pdfua_rules import (
    CHECKS,
    Hit,
    Rule,
    attribution,
    checks_in_order,
    rules,
    status,
)

PROFILE = Path(__file__).resolve().parents[2] / "shared" / "verapdf-profiles" / "PDFUA-1.xml"
DOCS = Path(__file__).resolve().parents[1] / "docs" / "pdf-audit-rules.md"


def test_the_table_holds_the_profiles_106_rules_keyed_by_clause_and_test():
    table = rules()
    assert len(table) == 106
    assert all(re.fullmatch(r"[\d.]+-t\d\d", rule_id) for rule_id in table)
    assert table["7.2-t02"].object == "PDOutline" and table["7.21.4.2-t02"].object == "PDCIDFont"


@pytest.mark.skipif(not PROFILE.is_file(), reason=f"the veraPDF profile is not at {PROFILE}")
def test_the_vendored_table_matches_the_profile():
    ns = {"v": "http://www.verapdf.org/ValidationProfile"}
    profile = ET.parse(PROFILE).getroot()
    found = {}
    for rule in profile.iterfind("v:rules/v:rule", ns):
        ident = rule.find("v:id", ns)
        found[f"{ident.get('clause')}-t{int(ident.get('testNumber')):02d}"] = " ".join(
            rule.find("v:test", ns).text.split())
    assert found == {rule_id: rule.test for rule_id, rule in rules().items()}


def test_the_table_carries_its_attribution():
    source = attribution()
    assert source["author"] == "veraPDF Consortium" and "CC BY 4.0" in source["licence"]


def test_every_rule_is_implemented_or_says_why_not():
    for row in status():
        assert row.implemented or row.note, row.rule.id
    assert set(CHECKS) <= set(rules())


def test_every_check_reports_only_the_rules_it_implements():
    for check in checks_in_order():
        assert check.rule_ids and all(CHECKS[r] is check for r in check.rule_ids)


def test_messages_are_the_profiles_with_the_values_filled_in():
    rule = rules()["7.18.1-t01"]
    message = rule.format(("Square", None, None))
    assert message.startswith("Square annotation is an Artifact or is nested within null tag")
    assert "%" not in message
    assert Rule("x", "1", 1, "", (), "", "", "%1 and %10", tuple("abcdefghij")).format(tuple("ABCDEFGHIJ")) == "A and J"


def test_a_check_reporting_a_rule_it_does_not_implement_is_a_bug(tmp_path, monkeypatch):
    doc = TaggedPdf()
    doc.paragraph()
    path = doc.save(tmp_path / "ok.pdf")

    def rogue(_doc):
        yield Hit("7.3-t01", "nowhere")
    rogue.rule_ids = ("7.2-t02",)
    monkeypatch.setattr("publisher.audit.pdf.checks_in_order", lambda: [rogue])
    with pikepdf.open(path) as pdf, pytest.raises(AssertionError, match="does not implement"):
        run_rules(PdfDocument(pdf, "ok.pdf", path))


def test_every_finding_names_its_rule_and_the_profiles_message(tmp_path):
    doc = TaggedPdf(lang=None)
    figure = doc.element("Figure")
    doc.text(figure, "chart")
    findings = audit(doc.save(tmp_path / "bad.pdf"))
    table = rules()
    assert {f.rule for f in findings} == {"pdf.7.3-t01", "pdf.7.2-t34"}
    for finding in findings:
        assert finding.message == table[finding.rule[4:]].format(())
        assert finding.location.startswith("page 1")


def test_check_rules_lists_all_106(cli):
    result = cli("check", "--rules")
    assert result.exit_code == 0
    lines = [line for line in result.output.splitlines() if re.match(r"^[\d.]+-t\d\d ", line)]
    assert len(lines) == 106
    assert "106 rules, 106 implemented" in result.output and "CC BY 4.0" in result.output
    data = json.loads(cli("check", "--rules", "--json").output)
    assert len(data["rules"]) == 106 and data["profile"]["author"] == "veraPDF Consortium"
    assert all(r["implemented"] or r["note"] for r in data["rules"])


def test_check_rules_takes_no_path(cli, tmp_path):
    assert cli("check", "--rules", tmp_path).exit_code == 2


def test_a_pdf_we_did_not_build_is_reported_as_pdf(cli, tmp_path):
    doc = TaggedPdf()
    doc.paragraph()
    path = doc.save(tmp_path / "annual-report.pdf")
    result = cli("check", path, "--json")
    assert result.exit_code == 0 and json.loads(result.output)["formats"] == {"pdf": True}
    figure = doc.element("Figure")
    doc.text(figure, "chart")
    doc.save(path)
    result = cli("check", path)
    assert result.exit_code == 1
    assert "pdf.7.3-t01" in result.output and re.search(r"^pdf +FAIL$", result.output, re.MULTILINE)


def test_the_rules_document_is_current():
    from publisher.audit.pdfua_rules import rules_markdown

    assert DOCS.read_text(encoding="utf-8") == rules_markdown(), (
        "docs/pdf-audit-rules.md is out of date; regenerate it with: .venv/bin/python -c "
        "\"from publisher.audit.pdfua_rules import rules_markdown; print(rules_markdown(), end='')\" "
        "> docs/pdf-audit-rules.md")


def test_check_render_of_a_pdf_we_did_not_build_audits_it_as_pdf(cli, tmp_path):
    doc = TaggedPdf()
    doc.paragraph()
    result = cli("check", doc.save(tmp_path / "leaflet.pdf"), "--render", "--json")
    assert result.exit_code == 0 and json.loads(result.output)["formats"] == {"pdf": True}
