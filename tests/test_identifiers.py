"""Identifiers and quantities told apart in prose: what stands as typed, what must be a figure."""
from __future__ import annotations

import dataclasses
import re
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from publisher.identifiers import KEEP_WHOLE, NBSP, explain, hold, read
from publisher.vocabulary import FALLBACK, FOLDER, for_language, load_vocabulary

ENGLISH = for_language(FALLBACK)

UNITS = frozenset({"arrests", "doses", "books"})


def identifiers(text: str) -> list[tuple[str, str]]:
    return [(found.text, found.kind) for found in read(text, units=UNITS).identifiers]


def refused(text: str) -> list[tuple[str, str]]:
    return [(found.text, found.kind) for found in read(text, units=UNITS).refused]


@pytest.mark.parametrize("text, expected, kind", [
    # digits joined to letters or inside a code
    ("flu and COVID-19 vaccines", "COVID-19", "code"),
    ("traffic on I-95 is slow", "I-95", "code"),
    ("the H1N1 strain", "H1N1", "code"),
    ("the B.1.1.7 variant", "B.1.1.7", "code"),
    ("call 1-800-QUIT-NOW", "1-800-QUIT-NOW", "code"),
    ("open 24/7 all year", "24/7", "code"),
    ("the FY2025 budget", "FY2025", "series"),
    # a number after a word that names a series
    ("under Section 508 of the act", "Section 508", "series"),
    ("under section 508 of the act", "section 508", "series"),
    ("Title 21 of the code", "Title 21", "series"),
    ("Executive Order 13166 requires", "Executive Order 13166", "series"),
    ("H.R. 2617 passed", "H.R. 2617", "series"),
    ("Form 1040 is due", "Form 1040", "series"),
    ("Public Law 117-328 funds it", "Public Law 117-328", "series"),
    ("on Route 66 today", "Route 66", "series"),
    ("filed Case No. 1:23-cr-00456 today", "Case No. 1:23-cr-00456", "series"),
    ("in Room 2B", "Room 2B", "series"),
    ("at Suite 300,", "Suite 300", "series"),
    ("on Flight 93", "Flight 93", "series"),
    ("in District 9 today", "District 9", "series"),
    ("see Sections 3 and 4 of it", "Sections 3 and 4", "series"),
    ("Branch No. 5 opened", "No. 5", "series"),
    ("the #1 cause", "#1", "series"),
    ("the FY 2025 budget", "FY 2025", "series"),
    ("42 U.S.C. 1983 claims", "42 U.S.C. 1983", "citation"),
    # phone numbers
    ("call 555-014-2200 today", "555-014-2200", "phone"),
    ("call (555) 014-2200.", "(555) 014-2200", "phone"),
    ("dial +44 20 7946 0958 abroad", "+44 20 7946 0958", "phone"),
    ("call 9-1-1 now", "9-1-1", "phone"),
    ("Call or text 988 for help", "988", "phone"),
    ("TTY users dial 711.", "711", "phone"),
    ("call 555-014-2200, ext. 204 now", "555-014-2200, ext. 204", "phone"),
    # times of day
    ("doors open at 10 a.m. on weekdays", "10 a.m.", "time"),
    ("at 5:30 p.m.", "5:30 p.m.", "time"),
    ("from 9 a.m. to 5 p.m. daily", "9 a.m. to 5 p.m.", "time"),
    ("open 9 a.m.-5 p.m.", "9 a.m.-5 p.m.", "time"),
    ("at 14:00 sharp", "14:00", "time"),
    # street addresses and postal codes
    ("at 1200 Main Street today", "1200 Main Street", "address"),
    ("at 100 N. Main St. today", "100 N. Main St.", "address"),
    ("at 1600 Pennsylvania Avenue NW", "1600 Pennsylvania Avenue NW", "address"),
    ("Springfield, IL 62701", "IL 62701", "address"),
    # web, ordinals, years
    ("see www.cdc.gov/flu2024.", "www.cdc.gov/flu2024", "web"),
    ("write to flu2024@health.example.gov", "flu2024@health.example.gov", "web"),
    ("follow @NYC311 for news", "@NYC311", "web"),
    ("the 19th Amendment", "19th", "ordinal"),
    ("the 2024-25 flu season", "2024-25", "year"),
    ("since 2019 the clinic", "2019", "year"),
    ("in the 1990s", "1990s", "year"),
    # literal markup
    ("the `Apollo 11` crew", "Apollo 11", "literal"),
    ("the `WCAG 2.2` guidelines", "WCAG 2.2", "literal"),
])
def test_identifiers_stand_as_typed_without_markup(text, expected, kind):
    assert (expected, kind) in identifiers(text)
    assert refused(text) == []


@pytest.mark.parametrize("text, number, kind", [
    # quantities by their form, alone or beside an identifier word
    ("made 3,373 arrests", "3,373", "quantity"),
    ("under Section 3,337 arrests", "3,337", "quantity"),
    ("on Route 44 million pills", "44", "quantity"),
    ("a fee of $5", "5", "quantity"),
    ("Room $5,000", "5,000", "quantity"),
    ("in 25% of cases", "25", "quantity"),
    ("Title 21 percent", "21", "quantity"),
    ("5 percent of cases", "5", "quantity"),
    ("about 2000 people", "2000", "quantity"),
    ("nearly 300 agents", "300", "quantity"),
    ("seized 44M pills", "44M", "quantity"),
    ("a 10mg dose", "10mg", "quantity"),
    ("a 3337-arrest operation", "3337-arrest", "quantity"),
    # numbers it cannot tell: both ways out
    ("under Section 3337 arrests", "3337", "unclear"),
    ("the 2024 doses", "2024", "unclear"),
    ("in 3 districts", "3", "unclear"),
    ("Apollo 11 landed", "11", "unclear"),
    ("a 24-hour line", "24-hour", "unclear"),
    ("for 3-5 days", "3-5", "unclear"),
    ("everyone 6 months and older", "6", "unclear"),
    ("WCAG 2.2 guidelines", "2.2", "unclear"),
    ("Title 42 and 3 children", "3", "unclear"),
    # dates live under `dates`
    ("on May 5, 2023 we", "May 5, 2023", "date"),
    ("on 5/5/2023 we", "5/5/2023", "date"),
    ("in April 2023 we", "April 2023", "date"),
    ("on 2023-05-05 we", "2023-05-05", "date"),
    # literal markup that hides a quantity, or is broken
    ("the `3,337 arrests` made", "`3,337 arrests`", "markup"),
    ("the `$5 fee`", "`$5 fee`", "markup"),
    ("a `{budget}` here", "`{budget}`", "markup"),
    ("an `unclosed mark", "`", "markup"),
    ("empty `` here", "``", "markup"),
])
def test_what_may_not_stand_as_typed_is_refused(text, number, kind):
    assert (number, kind) in refused(text)
    assert not any(any(ch.isdigit() for ch in found) for found, _ in identifiers(text) if number in found)


def test_a_message_names_the_number_and_shows_both_ways_out_when_it_cannot_tell():
    text = "The Apollo 11 crew visited."
    (one,) = read(text).refused
    message = explain(one, text)
    assert "number '11'" in message and "register it under 'figures'" in message
    assert "mark it as written: `Apollo 11`" in message


def test_a_quantity_and_a_date_have_one_way_out():
    text = "They made 3,373 arrests on May 5, 2023."
    quantity, date = read(text).refused
    assert "number '3,373'" in explain(quantity, text) and "`" not in explain(quantity, text)
    assert "register it under 'dates'" in explain(date, text)


def test_references_are_left_to_the_registry():
    assert read("{arrests} in Section {count}").identifiers == ()
    assert read("{arrests} in Section {count}").refused == ()


def test_series_words_are_data_per_language():
    spanish = dataclasses.replace(ENGLISH, series=("Artículo",))
    assert read("el Artículo 5 dice", spanish).identifiers[0].text == "Artículo 5"
    assert read("el Artículo 5 dice").refused[0].kind == "unclear"
    assert for_language("en-GB") == ENGLISH and for_language("xx") == ENGLISH


def test_a_language_is_added_by_writing_its_file(tmp_path):
    english = (FOLDER / "en.yaml").read_text(encoding="utf-8")
    (tmp_path / "es.yaml").write_text(english.replace("series: [Section,", "series: [Artículo, Section,"),
                                      encoding="utf-8")
    spanish = for_language("es-MX", tmp_path)
    assert read("según el Artículo 5 de la ley", spanish).identifiers[0].text == "Artículo 5"
    assert for_language("fr", tmp_path) == ENGLISH  # no fr.yaml: English


def test_a_vocabulary_file_names_what_it_lacks(tmp_path):
    (tmp_path / "xx.yaml").write_text("series: [Section]\nflavours: [x]\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"xx.yaml: unknown field\(s\) flavours; missing field\(s\) series_plural"):
        load_vocabulary(tmp_path / "xx.yaml")


def test_hold_keeps_an_identifier_on_one_line():
    assert hold("Executive Order 13166") == NBSP.join(["Executive", "Order", "13166"])
    long = "Case No. 1:23-cr-00456 of the Eastern District"
    assert len(long) > KEEP_WHOLE
    assert hold(long) == f"Case No.{NBSP}1:23-cr-00456 of the Eastern District"


PIECES = [
    "COVID-19", "Section", "508", "3,337", "arrests", "$5", "44M", "10mg", "a.m.", "10", "at", "call",
    "555-014-2200", "I-95", "(", ")", ",", ".", "-", "/", ":", "2024", "May", "5", "`", "`x 1`", "{ref}",
    "No.", "#", "1st", "+44", "20", "%", "percent", "million", "nearly", "Room", "2B", "www.x.gov/1",
    "a@b1.org", "@h1", "24/7", "9-1-1", "0.5", "1.2.3", "Exit", "12", "Sections", "and", "4", "–", "'24",
    "FY", "Case No.", "1:23-cr-00456", "U.S.C.", "42", "IL", "62701", "Main", "Street", "1200", "doses",
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(PIECES), st.sampled_from(["", " ", " ", "  "])), min_size=1, max_size=14))
def test_every_digit_is_an_identifier_or_refused_never_both(pieces):
    text = "".join(piece + gap for piece, gap in pieces)
    reading = read(text, units=UNITS)
    spans = sorted([(i.start, i.end) for i in reading.identifiers] + [(r.start, r.end) for r in reading.refused])
    assert all(a[1] <= b[0] for a, b in pairwise(spans)), spans
    outside = re.sub(r"\{[^{}]*\}", lambda m: " " * len(m.group()), text)
    for index, char in enumerate(outside):
        if char.isdigit():
            assert any(start <= index < end for start, end in spans), (text, index)


QUANTITIES = ["3,337 arrests", "$5", "€1,200", "44 million pills", "25%", "12 percent", "1,000"]


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(ENGLISH.series + ENGLISH.series_plural + ENGLISH.number_signs),
       st.sampled_from(QUANTITIES), st.sampled_from(["", "the ", "under "]))
def test_a_quantity_beside_a_series_word_is_never_an_identifier(series, quantity, before):
    text = f"{before}{series} {quantity} were counted."
    digits_at = text.index(quantity)
    reading = read(text, units=UNITS)
    assert not any(i.start <= digits_at + k < i.end for i in reading.identifiers
                   for k, ch in enumerate(quantity) if ch.isdigit()), reading
    assert any(r.kind == "quantity" for r in reading.refused), reading


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(ENGLISH.series), st.sampled_from(sorted(UNITS) + ["pounds", "months"]))
def test_a_bare_number_beside_a_series_word_and_a_unit_is_not_waved_through(series, unit):
    reading = read(f"the {series} 3337 {unit} in all", units=UNITS)
    assert [r.text for r in reading.refused] == ["3337"], reading


def test_the_references_example_reads_without_refusals():
    import yaml

    from publisher.reference import markdown

    example = markdown().split("```yaml\n", 1)[1].split("```", 1)[0]
    blocks = yaml.safe_load(example)["sections"][0]["blocks"]
    assert all(read(block).refused == () for block in blocks)
    assert [i.text for i in read(blocks[1]).identifiers] == ["Apollo 11", "WCAG 2.2"]


def test_a_text_that_starts_with_literal_markup_must_be_quoted(write_content):
    from conftest import MINIMAL
    from publisher.errors import ContentError
    from publisher.load import load

    text = MINIMAL.read_text(encoding="utf-8").replace(
        "      - The new branch opened today with {books}.", "      - `Apollo 11` crews opened it with {books}.")
    with pytest.raises(ContentError, match="must be quoted"):
        load(write_content(text))
    assert load(write_content(text.replace("- `Apollo 11` crews opened it with {books}.",
                                           '- "`Apollo 11` crews opened it with {books}."')))


@pytest.mark.parametrize("text, quantity", [
    ("`44` million pills", "44 million"), ("a $`5` fee", "$5"), ("`3`,`337` arrests", "3,337"), ("`25`% of cases", "25%"),
])
def test_literal_markup_cannot_cut_a_quantity_in_pieces(text, quantity):
    refusals = [r for r in read(text).refused if r.kind == "markup"]
    assert refusals and all(f"holds a quantity ('{quantity}')" in r.reason for r in refusals)
    assert not read(text).identifiers
