"""Strange but valid content: every format builds and checks clean, or fails with a clean content error.

Hypothesis generates releases at the edges of the format: no figures or hundreds, empty
sections, very long lists, the longest words and labels the format accepts, identifiers of
every kind in every kind of prose.
"""
from __future__ import annotations

import string

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from publisher import formats as registry
from publisher.build import build_release
from publisher.limits import FIGURES
from publisher.model import MAX_LABEL, MAX_WORD, QUALIFIERS

LETTERS = string.ascii_letters
#: Identifiers of every kind, written as typed in prose (see publisher/identifiers.py)
IDENTIFIERS = st.sampled_from([
    "COVID-19", "I-95", "H1N1", "24/7", "Section 508", "Executive Order 13166", "H.R. 2617", "Public Law 117-328",
    "Case No. 1:23-cr-00456", "Room 2B", "Sections 3 and 4", "555-014-2200", "(555) 014-2200", "9-1-1",
    "10 a.m.", "9 a.m. to 5 p.m.", "5:30 p.m.", "1200 Main Street", "IL 62701", "42 U.S.C. 1983", "19th",
    "2024-25", "www.example.gov/flu2024", "`Apollo 11`", "`WCAG 2.2`", "P.O. Box 1234", "Pub. L. 117-328",
])
word = st.one_of(st.text(LETTERS, min_size=1, max_size=MAX_WORD), IDENTIFIERS)
sentence = st.lists(word, min_size=1, max_size=30).map(" ".join)
label = (st.lists(st.one_of(st.text(LETTERS, min_size=1, max_size=12), IDENTIFIERS), min_size=1, max_size=6)
         .map(" ".join).map(lambda s: s[:MAX_LABEL].strip() or "x"))
value = st.one_of(st.integers(0, 10**12), st.integers(1, 999).map(lambda n: n * 10**6))


@st.composite
def releases(draw, figures=None):
    count = draw(st.integers(0, 12)) if figures is None else figures
    figs = {
        f"f{i}": {
            "value": draw(value),
            "unit": draw(st.sampled_from(["USD", "arrests", "pounds of powder", "cases", "x"])),
            "qualifier": draw(st.sampled_from(QUALIFIERS)),
            "label": draw(label),
            "group": draw(st.sampled_from([None, "One", "Two", "A much longer group name"])),
        }
        for i in range(count)
    }
    for fig in figs.values():
        if fig["group"] is None:
            del fig["group"]
    refs = " ".join(f"{{{key}}}" for key in list(figs)[:5])
    sections = [
        {"heading": draw(st.one_of(st.none(), label)),
         "blocks": draw(st.lists(sentence, min_size=0, max_size=3))}
        for _ in range(draw(st.integers(1, 4)))
    ]
    sections[0]["blocks"].append(f"Figures: {refs}." if refs else "No figures.")
    items = draw(st.lists(label, min_size=1, max_size=draw(st.sampled_from([3, 60]))))
    sections.append({"blocks": [{"list": "things"}, {"quote": "q"}]})
    return {
        "release": {
            "title": draw(st.lists(word, min_size=1, max_size=25).map(" ".join).map(lambda s: s[:200].strip())),
            "agency": "Agency", "office": "Office", "date": "2024-01-02", "dateline": "CITY",
            "contact": {"office": "Office", "phone": "555-010-2030"},
            "website": "https://example.gov",
            "summary": draw(sentence),
        },
        "figures": figs,
        "lists": {"things": {"title": draw(label), "items": items}},
        "quotes": {"q": {"text": draw(sentence), "speaker": draw(label)}},
        "sections": sections,
    }


def small_release(**parts):
    """The smallest valid release, with ``parts`` (figures, lists, sections, ...) added."""
    return {
        "release": {"title": "T", "agency": "A", "office": "O", "date": "2024-01-02", "dateline": "CITY",
                    "contact": {"office": "O", "phone": "555-010-2030"}, "website": "https://example.gov",
                    "summary": "S."},
        **parts,
    }


def build_all(tmp_path, data):
    path = tmp_path / "strange.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return build_release(path, tmp_path / "out", registry.names(), force=True)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=releases())
def test_strange_content_builds_and_checks_clean(tmp_path, data):
    result = build_all(tmp_path, data)
    if result.problems:
        assert all(p.file and p.message for p in result.problems)
        return
    assert not result.failures, result.failures
    errors = [f for f in result.findings if f.severity == "error"]
    assert not errors, "\n".join(map(str, errors))


@settings(max_examples=1, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=releases(figures=0))
def test_no_figures(tmp_path, data):
    result = build_all(tmp_path, data)
    assert result.exit_code == 0, [*map(str, result.findings), *result.failures]


@settings(max_examples=1, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=releases(figures=FIGURES.maximum))
def test_the_most_figures_a_release_may_have(tmp_path, data):
    result = build_all(tmp_path, data)
    assert result.exit_code == 0, [*map(str, result.findings), *result.failures]


def test_long_group_label_over_a_single_tile_wraps_inside_its_box(tmp_path):
    """Regression: found by the property test above (a group label needing two lines in a one-line box)."""
    data = small_release(
        figures={k: {"value": v, "unit": "x", "label": "L", "group": g} for k, v, g in (
            ("a", 5, "A much longer group name that wraps"), ("b", 6, "Two"), ("c", 7, "Three"), ("d", 8, "Four"))},
        sections=[{"blocks": ["{a} {b} {c} {d}."]}],
    )
    result = build_all(tmp_path, data)
    assert result.exit_code == 0, [*map(str, result.findings), *result.failures]


def test_huge_money_figure_named_by_a_list_heading(tmp_path):
    """Regression (property test): a tile beside a list was narrower than its number."""
    data = small_release(
        figures={"f0": {"value": 232_163_179_531, "unit": "USD", "label": "Platforms details"}},
        lists={"things": {"title": "T", "items": ["One"]}},
        sections=[{"heading": "Platforms", "blocks": ["{f0}.", {"list": "things"}]}],
    )
    result = build_all(tmp_path, data)
    assert result.exit_code == 0, [*map(str, result.findings), *result.failures]



def test_a_figure_label_ending_with_a_colon_is_listed_with_one(tmp_path):
    """Regression (property test, explore profile): "Case No. 1:" was listed as "Case No. 1:: $0",
    which the braille reader gives back as "∷", and the Word handout's table row "Case No. 1: $0"
    was not read as the figure's listing."""
    data = small_release(
        figures={"f0": {"value": 0, "unit": "USD", "qualifier": "exact", "label": "Public Law 117-328 Case No. 1:"},
                 **{f"f{n}": {"value": n, "unit": "USD", "label": "A"} for n in range(1, 4)}},
        sections=[{"blocks": ["Figures: {f0} {f1} {f2} {f3}."]}],
    )
    result = build_all(tmp_path, data)
    assert result.exit_code == 0, [*map(str, result.findings), *result.failures]
    text = (tmp_path / "out" / "strange" / "strange.txt").read_text(encoding="utf-8")
    assert "Case No. 1: $0" in text and "::" not in text
