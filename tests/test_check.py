"""`publisher check`: outputs read back, figures reconciled, freshness, exit codes."""
import json
import shutil

import pytest

from conftest import RELEASE
from publisher.check import check_folder

SLUG = "operation-last-mile"


@pytest.fixture
def built(cli, tmp_path):
    content = tmp_path / f"{SLUG}.yaml"
    shutil.copy(RELEASE, content)
    result = cli("build", content, "--out", tmp_path / "out", "-f", "text")
    assert result.exit_code == 0, result.output
    return tmp_path / "out" / SLUG, content


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def rules(report):
    return {f.rule for f in report.findings}


def test_fresh_build_checks_clean(built, cli):
    folder, _ = built
    result = cli("check", folder)
    assert result.exit_code == 0, result.output
    assert "text" in result.output and "pass" in result.output


def test_contradicting_figure_is_named(built, cli):
    folder, _ = built
    edit(folder / f"{SLUG}.txt", "3,337 arrests", "3,373 arrests")
    result = cli("check", folder)
    assert result.exit_code == 1
    assert f"{SLUG}.txt: lines" in result.output
    assert "'3,373' contradicts figure 'arrests' ('3,337 arrests')" in result.output


def test_shorthand_is_the_same_quantity_in_another_form(built):
    folder, _ = built
    edit(folder / f"{SLUG}.txt", "nearly 44 million fentanyl pills,", "44M fentanyl pills,")
    findings = check_folder(folder).findings
    assert any(f.rule == "figures.inconsistent-form" and "'44M'" in f.message and "fentanyl_pills" in f.message
               for f in findings)


def test_unregistered_number(built):
    folder, _ = built
    edit(folder / f"{SLUG}.txt", "Wickr.", "Wickr and 17 others.")
    assert "figures.unregistered" in rules(check_folder(folder))


def test_missing_figure(built):
    folder, _ = built
    edit(folder / f"{SLUG}.txt", "more than $100 million", "a large sum")
    assert "figures.missing" in rules(check_folder(folder))


def test_output_from_older_content_is_stale(built, cli):
    folder, content = built
    edit(content, "value: 3337", "value: 3338")
    result = cli("check", content, "--out", folder.parent)
    assert result.exit_code == 1
    assert "freshness.figures-changed" in result.output and "freshness.stale" in result.output


def test_one_format_rebuilt_from_changed_content_is_mixed(built, cli):
    folder, content = built
    assert cli("build", content, "--out", folder.parent, "-f", "html").exit_code == 0
    edit(content, "value: 3337", "value: 3338")
    assert cli("build", content, "--out", folder.parent, "-f", "text", "--no-check").exit_code == 0
    findings = check_folder(folder).findings
    mixed = [f for f in findings if f.rule == "freshness.mixed"]
    assert [f.file for f in mixed] == [str(folder / f"{SLUG}.html")]
    assert any(f.rule == "figures.missing" and f.file.endswith(".html") for f in findings)


def test_edited_output_is_caught(built):
    folder, _ = built
    edit(folder / f"{SLUG}.txt", "Results", "Outcome")
    assert "freshness.edited" in rules(check_folder(folder))


def test_single_file_and_json(built, cli):
    folder, _ = built
    result = cli("check", folder / f"{SLUG}.txt", "--json")
    data = json.loads(result.output)
    assert result.exit_code == 0 and data["ok"] and data["formats"] == {"text": True}


def test_audit_finding_surfaces_with_exit_1(built, cli):
    folder, _ = built
    edit(folder / f"{SLUG}.txt", "Results\n", "Results\t\n")
    result = cli("check", folder)
    assert result.exit_code == 1 and "text.tab" in result.output


def test_check_without_outputs_is_usage_error(cli, tmp_path):
    assert cli("check", "--out", tmp_path).exit_code == 2


def test_a_figure_inside_a_longer_number_does_not_count():
    from publisher.audit import Passage
    from publisher.check import Expectations, reconcile

    expected = Expectations({"small": "5 cases", "big": "15 cases"}, ())
    findings = reconcile("f.txt", [Passage("line 1", "There were 15 cases.")], expected)
    assert [f.rule for f in findings] == ["figures.missing"] and "'small'" in findings[0].message


# Identifiers: reproduced exactly wherever an output shows the words around them

def identifier_expectations():
    from publisher.check import Expectations
    from publisher.identifiers import Anchored

    return Expectations({}, ("COVID-19", "555-014-2200"), identifiers=(
        Anchored("COVID-19", "sections[0].blocks[0]", "Free flu and", "vaccines are given"),
        Anchored("555-014-2200", "release.summary", "book by calling", ""),
    ))


@pytest.mark.parametrize("shown, rule_expected", [
    ("Free flu and COVID-19 vaccines are given daily. Book by calling 555-014-2200.", False),
    ("Free flu and COVID-I9 vaccines are given daily.", True),
    ("Free flu and Covid-19 vaccines are given daily.", True),
    ("Free flu and vaccines are given daily.", True),
    ("Book by calling 555-014-2201.", True),
    ("A fact sheet that shows neither passage.", False),
])
def test_an_identifier_must_stand_exactly_between_its_context_words(shown, rule_expected):
    from publisher.audit import Passage
    from publisher.check import reconcile

    findings = reconcile("f.txt", [Passage("line 3", shown)], identifier_expectations())
    changed = [f for f in findings if f.rule == "identifiers.changed"]
    assert bool(changed) == rule_expected, findings
    for finding in changed:
        assert finding.location == "line 3" and "where the content has" in finding.message


def test_a_changed_identifier_is_named_with_its_field_and_context():
    from publisher.audit import Passage
    from publisher.check import reconcile

    findings = reconcile("f.txt", [Passage("line 1", "Intro."), Passage("line 9", "Free flu and COVID-I9 vaccines are given.")],
                         identifier_expectations())
    changed = [f for f in findings if f.rule == "identifiers.changed"]
    assert [(f.location, f.message) for f in changed] == [(
        "line 9", "'COVID-I9' where the content has 'COVID-19' "
                  "(sections[0].blocks[0]: 'Free flu and COVID-19 vaccines are given')")]
    assert any(f.rule == "figures.unregistered" and "'9'" in f.message for f in findings)


def test_identifiers_travel_in_the_manifest(cli, tmp_path):
    from conftest import FIXTURES
    from publisher.check import Expectations
    from publisher.manifest import read_manifest

    content = tmp_path / "health.yaml"
    shutil.copy(FIXTURES / "health-vaccines.yaml", content)
    assert cli("build", content, "--out", tmp_path / "out", "-f", "text").exit_code == 0
    expected = Expectations.from_manifest(read_manifest(tmp_path / "out" / "health"))
    texts = {found.text for found in expected.identifiers}
    assert {"COVID-19", "Section 508", "Executive Order 13166", "I-95", "555-014-2200", "10 a.m.",
            "Case No. 1:23-cr-00456", "WCAG 2.2"} <= texts
    assert "Case No. 1:23-cr-00456" in expected.allowed
    edit(tmp_path / "out" / "health" / "health.txt", "I-95 can use", "I-59 can use")
    report = check_folder(tmp_path / "out" / "health")
    assert any(f.rule == "identifiers.changed" and "'I-59' where the content has 'I-95'" in f.message
               for f in report.findings), report.findings
