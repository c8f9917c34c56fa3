"""The briefing storyboard's rules (issue 15), each pinned by a deck broken on purpose.

Each test breaks one thing of the worked example's deck (:mod:`deck_storyboard`) and asserts
that the rule catches it, on the slide it is on.
"""
from __future__ import annotations

import copy
import dataclasses
import io
import json
import re

import pytest
from deck_storyboard import FIRST_QUOTE, GLANCE, KEY_POINTS, add_chrome, shape_named, storyboard_deck, text_box
from pptx import Presentation

from publisher.audit.deck import audit
from publisher.audit.deck_content import content_rules
from publisher.briefing import excerpt_difference, word_count
from publisher.expectations import Expectations
from publisher.render.deck import render
from publisher.spec import Options
from publisher.spec.deck import BYLINE, BYLINE_DASH, FIGURE_TILE, MAX_FRAME_WORDS, PULL_QUOTE

STORYBOARD_RULES = {"deck.footer-missing", "deck.slide-number-missing", "deck.frame-words", "deck.figure-repeated",
                    "deck.caption-missing", "deck.excerpt-too-long", "deck.excerpt-unfaithful"}
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"


@pytest.fixture(scope="module")
def built(release, theme) -> bytes:
    return render(release, theme, Options())


@pytest.fixture(scope="module")
def expected(release) -> Expectations:
    return Expectations.from_release(release)


@pytest.fixture
def findings(built, expected, tmp_path):
    """Apply ``change(prs)`` to the storyboard deck, save it, and return the storyboard rules'
    findings as (slide, rule) pairs, with the findings themselves."""

    def run(change=None, expectations: Expectations | None = None):
        prs = storyboard_deck(built, expected)
        if change:
            change(prs)
        path = tmp_path / "storyboard.pptx"
        prs.save(str(path))
        found = [f for f in audit(path) if f.rule in STORYBOARD_RULES]
        found += content_rules(path, expectations or expected)
        return {(f.location.split(",")[0], f.rule) for f in found}, found

    return run


def paragraphs_of(shape) -> list:
    return list(shape._element.find(P + "txBody").iterchildren(A + "p"))


def test_the_storyboard_deck_keeps_every_rule(findings):
    pairs, found = findings()
    assert pairs == set(), found


@pytest.mark.parametrize("kind, rule", [("ftr", "deck.footer-missing"), ("sldNum", "deck.slide-number-missing")])
def test_a_slide_without_its_footer_or_slide_number(findings, kind, rule):
    def change(prs):
        tree = prs.slides[2].shapes._spTree
        for ph in list(tree.iter(P + "ph")):
            if ph.get("type") == kind:
                sp = ph.getparent().getparent().getparent()
                sp.getparent().remove(sp)

    pairs, _ = findings(change)
    assert pairs == {("slide 3", rule)}


def test_an_empty_footer_and_a_slide_number_typed_as_text(findings):
    def change(prs):
        tree = prs.slides[1].shapes._spTree
        for t in tree.iter(A + "t"):
            if t.getparent().tag == A + "r":
                t.text = " " if "·" in (t.text or "") else t.text
        for fld in list(tree.iter(A + "fld")):  # "2" typed in a run: no field, so not the slide's number
            run = copy.deepcopy(fld)
            run.tag = A + "r"
            for name in ("id", "type"):
                del run.attrib[name]
            fld.addnext(run)
            fld.getparent().remove(fld)

    pairs, _ = findings(change)
    assert pairs == {("slide 2", "deck.footer-missing"), ("slide 2", "deck.slide-number-missing")}


def test_the_title_slide_needs_neither(findings):
    pairs, _ = findings()
    assert not [p for p in pairs if p[0] == "slide 1"]


def test_a_text_frame_of_fifty_words(findings):
    fifty = " ".join(f"word{i}" for i in range(50)) + " — and"

    def change(prs):
        text_box(prs.slides[KEY_POINTS - 1], "Body text", [fifty], top=4800000, height=1200000)

    pairs, found = findings(change)
    assert pairs == {(f"slide {KEY_POINTS}", "deck.frame-words")}
    assert "holds 51 words" in found[0].message  # the dash has no letter or digit: not a word


def test_forty_words_are_allowed_and_a_table_cell_is_not_a_frame(findings):
    def change(prs):
        text_box(prs.slides[KEY_POINTS - 1], "Body text", [" ".join(["word"] * MAX_FRAME_WORDS)], top=4800000)
        table = prs.slides[-1].shapes
        cell = next(s for s in table if s.has_table).table.cell(1, 0)
        cell.text = " ".join(["word"] * 60)

    pairs, _ = findings(change)
    assert pairs == set()


def test_footer_and_slide_number_are_not_owed_to_the_notes(built, tmp_path):
    prs = Presentation(io.BytesIO(built))
    add_chrome(prs)
    path = tmp_path / "chrome.pptx"
    prs.save(str(path))
    assert not [f for f in audit(path) if f.rule == "deck.notes-incomplete"]


def test_a_tile_copied_onto_another_slide(findings, expected):
    def change(prs):
        tile = shape_named(prs.slides[GLANCE - 1], FIGURE_TILE)._element
        prs.slides[FIRST_QUOTE - 1].shapes._spTree.append(copy.deepcopy(tile))

    pairs, found = findings(change)
    assert pairs == {(f"slide {FIRST_QUOTE}", "deck.figure-repeated")}
    first = next(iter(expected.figures))
    assert f"figure '{first}'" in found[0].message and f"also on slide {GLANCE}" in found[0].message


def test_a_figure_in_a_key_point_or_the_appendix_is_no_repeat(findings, expected):
    pairs, _ = findings()
    first = next(iter(expected.figures.values()))
    assert not pairs  # the key point cites it, the appendix table lists it (see the deck's docstring)

    def change(prs):
        text_box(prs.slides[FIRST_QUOTE - 1], "Body text", [f"We counted {first} this year."], top=4800000)

    pairs, _ = findings(change)
    assert pairs == {(f"slide {FIRST_QUOTE}", "deck.figure-repeated"), (f"slide {FIRST_QUOTE}", "deck.caption-missing")}


def test_a_figure_inside_a_longer_one_is_not_shown_twice(findings, expected):
    """A tile of '28 members and associates' does not show '28 members' (a figure of its own here)."""
    key, text = next(iter(expected.figures.items()))
    shorter = " ".join(text.split()[:1])
    more = dataclasses.replace(expected, figures={**expected.figures, "part": shorter})

    pairs, found = findings(expectations=more)
    assert not [f for f in found if "'part'" in f.message]


def test_a_tile_without_its_caption(findings):
    def change(prs):
        tile = shape_named(prs.slides[GLANCE - 1], FIGURE_TILE)
        caption = paragraphs_of(tile)[-1]
        caption.getparent().remove(caption)

    pairs, found = findings(change)
    assert pairs == {(f"slide {GLANCE}", "deck.caption-missing")}
    assert FIGURE_TILE in found[0].location


def test_a_caption_that_is_not_the_label(findings):
    def change(prs):
        tile = shape_named(prs.slides[GLANCE - 1], FIGURE_TILE)
        run = paragraphs_of(tile)[-1].find(A + "r")
        run.find(A + "t").text = "Something else"

    pairs, _ = findings(change)
    assert pairs == {(f"slide {GLANCE}", "deck.caption-missing")}


def excerpt_run(prs):
    quote = shape_named(prs.slides[FIRST_QUOTE - 1], PULL_QUOTE)
    return paragraphs_of(quote)[0].find(A + "r").find(A + "t")


def test_an_excerpt_that_changes_a_word(findings):
    def change(prs):
        t = excerpt_run(prs)
        words = t.text.split(" ")
        t.text = " ".join(words[:2] + ["never"] + words[3:])

    pairs, found = findings(change)
    assert pairs == {(f"slide {FIRST_QUOTE}", "deck.excerpt-unfaithful")}
    assert "'never'" in found[0].message


def test_a_byline_that_names_someone_else(findings):
    def change(prs):
        byline = shape_named(prs.slides[FIRST_QUOTE - 1], BYLINE)
        paragraphs_of(byline)[0].find(A + "r").find(A + "t").text = f"{BYLINE_DASH} Jane Doe, Spokesperson"

    pairs, found = findings(change)
    assert pairs == {(f"slide {FIRST_QUOTE}", "deck.excerpt-unfaithful")}
    assert "names no one" in found[0].message


def first_words(text: str, count: int) -> str:
    """The quote's first ``count`` words, cut with an ellipsis: a faithful excerpt of them."""
    ends = [m.end() for m in re.finditer(r"[^\W_](?:[\w’'./-]*[^\W_])?", text)]
    return text[:ends[count - 1]] + "…"


@pytest.mark.parametrize("count, language, caught", [(31, "en-US", True), (30, "en-US", False), (37, "es-US", False),
                                                     (38, "es-US", True)])
def test_an_excerpt_of_more_words_than_the_language_allows(findings, expected, count, language, caught):
    place = next(p for p in expected.quotes.values() if word_count(p.text, {}) > 40)
    excerpt = first_words(place.text, count)
    assert excerpt_difference(excerpt, place.text) is None and word_count(excerpt, {}) == count
    opening, closing = expected.names["quote_open"], expected.names["quote_close"]

    def change(prs):
        slide = prs.slides[FIRST_QUOTE - 1]
        for shape in list(slide.shapes):
            if shape.name.startswith((PULL_QUOTE, BYLINE)):
                shape._element.getparent().remove(shape._element)
        speaker = place.attribution.split(",")[0]
        text_box(slide, f"{PULL_QUOTE}{speaker}", [f"{opening}{excerpt}{closing}"], height=2400000)
        text_box(slide, f"{BYLINE}{speaker}", [f"{BYLINE_DASH} {place.attribution}"], top=4100000, height=600000)

    pairs, _ = findings(change, dataclasses.replace(expected, language=language))
    assert pairs == ({(f"slide {FIRST_QUOTE}", "deck.excerpt-too-long")} if caught else set())


def test_check_runs_the_content_rules_through_the_format(built, expected, tmp_path, monkeypatch):
    from publisher.check import check_file

    prs = storyboard_deck(built, expected)
    tile = shape_named(prs.slides[GLANCE - 1], FIGURE_TILE)
    caption = paragraphs_of(tile)[-1]
    caption.getparent().remove(caption)
    path = tmp_path / "operation-last-mile-briefing.pptx"
    prs.save(str(path))
    report = check_file(path, expected, "deck")
    assert any(f.rule == "deck.caption-missing" and f.location.startswith(f"slide {GLANCE},") for f in report.findings)


def test_quotes_travel_in_the_manifest_with_their_whole_text(cli, tmp_path, release_path):
    """From the release and from a translation's edition; a manifest from before keeps reading."""
    import shutil

    from publisher.manifest import read_manifest

    for source in release_path.parent.glob("operation-last-mile*.yaml"):
        shutil.copy(source, tmp_path / source.name)
    assert cli("build", tmp_path / "operation-last-mile.yaml", "--out", tmp_path / "out", "-f", "text").exit_code == 0
    folder = tmp_path / "out" / "operation-last-mile"
    manifest = read_manifest(folder)
    original = Expectations.from_manifest(manifest)
    assert original.quotes["garcia"].text.startswith("As our communities continue to grapple")
    assert original.names["quote_open"] == "“"
    spanish = Expectations.from_manifest(manifest, "es-US")
    assert spanish.quotes and all(place.text for place in spanish.quotes.values())
    assert spanish.quotes["garcia"].text != original.quotes["garcia"].text
    data = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    for place in data["reading"]["quotes"].values():
        del place["text"]
    (folder / "manifest.json").write_text(json.dumps(data), encoding="utf-8")
    older = Expectations.from_manifest(read_manifest(folder))
    assert older.quotes["garcia"].text == "" and older.quotes["garcia"].attribution == original.quotes["garcia"].attribution


def stack_in_runs(tile) -> None:
    """The tile's first paragraph as runs stacked by line breaks, spaces left out ('nearly' / '44 million')."""
    from lxml import etree

    first = paragraphs_of(tile)[0]
    run = first.find(A + "r")
    words = run.find(A + "t").text.split(" ")
    first.remove(run)
    for i, word in enumerate(words):
        if i:
            etree.SubElement(first, A + "br")
        part = copy.deepcopy(run)
        part.find(A + "t").text = word
        first.append(part)


def test_a_tile_of_stacked_runs_is_read_with_its_line_breaks(findings):
    def change(prs):
        tile = shape_named(prs.slides[GLANCE - 1], FIGURE_TILE)
        stack_in_runs(tile)
        prs.slides[FIRST_QUOTE - 1].shapes._spTree.append(copy.deepcopy(tile._element))

    pairs, _ = findings(change)
    assert pairs == {(f"slide {FIRST_QUOTE}", "deck.figure-repeated")}


def test_words_stacked_by_line_breaks_count_one_by_one(findings):
    def change(prs):
        box = text_box(prs.slides[KEY_POINTS - 1], "Body text", [" ".join(["word"] * 41)], top=4800000)
        stack_in_runs(box)

    pairs, _ = findings(change)
    assert pairs == {(f"slide {KEY_POINTS}", "deck.frame-words")}


def test_a_headline_that_cites_a_figure_is_no_repeat_but_a_title_elsewhere_is(findings, expected):
    first = next(iter(expected.figures.values()))

    def change(prs):
        for n in (0, KEY_POINTS - 1):
            title = prs.slides[n].shapes.title
            title.text_frame.paragraphs[0].runs[0].text = f"The operation counted {first}"

    pairs, _ = findings(change)
    assert pairs == {(f"slide {KEY_POINTS}", "deck.figure-repeated"), (f"slide {KEY_POINTS}", "deck.caption-missing")}


@pytest.mark.parametrize("shown, names, excerpt", [
    ("«\u00a0Nous avançons.\u00a0»", {"quote_open": "«\u00a0", "quote_close": "\u00a0»"}, "Nous avançons."),
    ("“We move on.”", {"quote_open": "“", "quote_close": "”"}, "We move on."),
    ("“We move on.”", {}, "We move on."),  # a manifest from before the marks were kept
    ("« Nous avançons. »", {}, "Nous avançons."),
])
def test_an_excerpt_is_read_without_the_marks_it_is_set_in(shown, names, excerpt):
    from publisher.audit.deck_content import _unquoted
    from publisher.listings import normalise

    assert _unquoted(normalise(shown), names) == excerpt
