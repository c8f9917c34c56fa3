"""The reading-order, names and case checks, each shown catching an output broken on purpose.

The outputs are the real ones (text and HTML editions of the worked example, built and read back
by their own readers); each test changes one thing a designer or an editor could get wrong."""
from __future__ import annotations

from dataclasses import replace

import pytest

from publisher.audit import Passage
from publisher.audit import html as html_audit
from publisher.audit import text as text_audit
from publisher.check import reconcile
from publisher.expectations import Expectations
from publisher.listings import figure_items
from publisher.reading_order import order_findings
from publisher.render import html, text
from publisher.spec import Options


@pytest.fixture(scope="module")
def expected(release):
    return Expectations.from_release(release)


@pytest.fixture(scope="module")
def edition(release, theme) -> str:
    return text.render(release, theme, Options()).decode("utf-8")


@pytest.fixture(scope="module")
def page(release, theme) -> str:
    return html.render(release, theme, Options()).decode("utf-8")


def findings_of(tmp_path, content: str, expected, suffix=".txt"):
    path = tmp_path / f"edition{suffix}"
    path.write_text(content, encoding="utf-8")
    reader = text_audit if suffix == ".txt" else html_audit
    passages = reader.extract(path)
    return reconcile(str(path), passages, expected) + order_findings(str(path), passages, expected, glance=True)


def rules(findings) -> set[str]:
    return {f.rule for f in findings}


def test_the_built_editions_pass(tmp_path, edition, page, expected):
    assert findings_of(tmp_path, edition, expected) == []
    assert findings_of(tmp_path, page, expected, ".html") == []


def test_every_figure_is_listed_in_registry_order(tmp_path, edition, page, expected):
    text_items = figure_items(text_audit.extract(_write(tmp_path, edition, ".txt")), expected)
    html_items = figure_items(html_audit.extract(_write(tmp_path, page, ".html")), expected)
    for items in (text_items, html_items):
        listed = [item.key for item in items if item.labelled]
        assert listed == list(expected.figures)


def _write(tmp_path, content, suffix):
    path = tmp_path / f"read{suffix}"
    path.write_text(content, encoding="utf-8")
    return path


def test_two_figures_swapped_are_out_of_order(tmp_path, edition, expected):
    swapped = edition.replace("- Investigations: 1,436\n- Arrests: 3,337", "- Arrests: 3,337\n- Investigations: 1,436")
    found = [f for f in findings_of(tmp_path, swapped, expected) if f.rule == "order.figures"]
    assert len(found) == 1 and "'investigations' is listed after 'arrests'" in found[0].message


def test_key_figures_after_the_first_section_are_caught_in_text_and_html(tmp_path, edition, page, expected):
    block = edition[edition.index("Key figures\n"):edition.index("A year-long national operation\n---")]
    moved = edition.replace(block, "").replace("Results\n-------\n", block + "Results\n-------\n")
    found = [f for f in findings_of(tmp_path, moved, expected) if f.rule == "order.glance"]
    assert len(found) == 1 and "10 figure(s) not listed at a glance before the body starts" in found[0].message
    table = page[page.index('<section class="glance"'):page.index('<section aria-labelledby="a-year-long')]
    results = '<section aria-labelledby="results">'
    moved_page = page.replace(table, "").replace(results, table + results)
    assert "order.glance" in rules(findings_of(tmp_path, moved_page, expected, ".html"))


def test_a_missing_or_late_lede_is_caught(tmp_path, edition, expected):
    lede = edition[edition.index("In a year-long national operation"):edition.index("Key figures\n")]
    assert "order.lede" in rules(findings_of(tmp_path, edition.replace(lede, ""), expected))
    late = edition.replace(lede, "").replace("A network-based approach\n---", lede + "A network-based approach\n---")
    found = [f for f in findings_of(tmp_path, late, expected) if f.rule == "order.lede"]
    assert found and "it opens the release" in found[0].message


def test_a_figure_value_without_its_label_is_a_number_out_of_place(tmp_path, edition, expected):
    broken = edition.replace("- Arrests: 3,337", "- 3,337")
    assert "figures.inconsistent-form" in rules(findings_of(tmp_path, broken, expected))


def test_table_headers_other_than_the_labels_are_caught(tmp_path, page, expected):
    broken = page.replace('<th scope="col">Measure</th><th scope="col">Figure</th>',
                          '<th scope="col">Figure</th><th scope="col">Amount</th>')
    found = [f for f in findings_of(tmp_path, broken, expected, ".html") if f.rule == "names.table-headers"]
    assert len(found) == 1 and "'Figure | Amount'" in found[0].message and "'Measure | Figure'" in found[0].message


def test_quotes_under_another_name_than_their_section_are_caught(tmp_path, edition, page, expected):
    renamed = edition.replace("What they said\n--------------", "In their words\n--------------")
    found = [f for f in findings_of(tmp_path, renamed, expected) if f.rule == "names.section"]
    assert len(found) == 1 and "stand under 'In their words'" in found[0].message
    assert "'What they said'" in found[0].message and "Sheriff Dennis Lemma" in found[0].message
    renamed_page = page.replace(">What they said</h2>", ">In their words</h2>")
    assert "names.section" in rules(findings_of(tmp_path, renamed_page, expected, ".html"))


def test_gathering_quotes_of_several_sections_under_the_labels_name_is_allowed(expected):
    lemma = expected.quotes["lemma"]
    two_sections = replace(expected, quotes={**expected.quotes, "lemma": replace(lemma, section="Results")})
    passages = [Passage("line 1", "In their words", "H2")]
    passages += [Passage(f"line {i}", f"“Words.” — {place.attribution}") for i, place in
                 enumerate(two_sections.quotes.values(), 2)]
    assert not [f for f in order_findings("x.pdf", passages, two_sections, glance=False) if f.rule == "names.section"]
    one_section = [f for f in order_findings("x.pdf", passages, expected, glance=False) if f.rule == "names.section"]
    assert one_section


def test_a_figure_in_title_case_outside_a_heading_is_caught(tmp_path, edition, expected):
    broken = edition.replace("seizure of\nnearly 44 million fentanyl pills", "seizure of\nNearly 44 Million Fentanyl Pills", 1)
    found = [f for f in findings_of(tmp_path, broken, expected) if f.rule == "figures.case"]
    assert len(found) == 1 and "'nearly 44 million fentanyl pills'" in found[0].message


def test_a_figure_in_a_title_case_headline_takes_title_case(tmp_path, write_content, theme):
    from publisher.load import load

    def change(data):
        data["release"]["title"] = "Library Branch Opens with {books}"

    release = load(write_content(change=change)).release
    expected = Expectations.from_release(release)
    built = text.render(release, theme, Options()).decode("utf-8")
    assert built.startswith("Library Branch Opens with More than 12,000 Books\n")
    assert findings_of(tmp_path, built, expected) == []
    lowered = built.replace("Opens with More than 12,000 Books", "Opens with more than 12,000 books")
    found = [f for f in findings_of(tmp_path, lowered, expected) if f.rule == "figures.title-case"]
    assert found and "'Library Branch Opens with More than 12,000 Books'" in found[0].message


def test_quotes_of_one_speaker_may_stand_under_any_of_their_sections(expected):
    milgram = expected.quotes["milgram"]
    twice = replace(expected, quotes={"a": milgram, "b": replace(milgram, section="Results")})
    said = f"— {milgram.attribution}"
    fine = [Passage("1", "What they said", "H2"), Passage("2", said),
            Passage("3", "Results (continued)", "H2"), Passage("4", said)]
    assert order_findings("x.txt", fine, twice, glance=False) == []
    wrong = fine + [Passage("5", "Contact", "H2"), Passage("6", said)]
    found = order_findings("x.txt", wrong, twice, glance=False)
    assert [f.location for f in found] == ["5"] and "'Results' or 'What they said'" in found[0].message
