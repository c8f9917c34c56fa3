"""The braille edition: layout (pure), the BRF read back by its audit, figures back-translated."""
from __future__ import annotations

import shutil
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from publisher.audit import braille as braille_audit
from publisher.check import Expectations, reconcile
from publisher.errors import MissingToolError
from publisher.figures import CURRENCY_SYMBOLS, NBSP, figure_text, format_number
from publisher.formats import get
from publisher.model import QUALIFIERS
from publisher.render import braille
from publisher.render.braille import LINES, WIDTH, Unit, centre, emit, page_number, paginate, wrap
from publisher.spec import braille as braille_spec
from publisher.spec.braille import BrailleOptions

needs_liblouis = pytest.mark.skipif(shutil.which("lou_translate") is None, reason="lou_translate is not installed")

_CELLS = st.text(alphabet=st.characters(min_codepoint=0x21, max_codepoint=0x5F), min_size=1, max_size=12)


def test_the_page_is_40_cells_by_25_lines():
    assert (WIDTH, LINES) == (40, 25)


# --- wrapping -------------------------------------------------------------------------------

def test_wrap_indents_paragraphs_3_1_and_items_1_3():
    text = " ".join(["ABCDE"] * 20)
    para = wrap(text, 2, 0)
    item = wrap(text, 0, 2)
    assert para[0].startswith("  A") and not para[1].startswith(" ")
    assert item[0].startswith("A") and item[1].startswith("  A") and not item[1].startswith("   ")
    assert max(map(len, para + item)) <= WIDTH


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(_CELLS, min_size=1, max_size=3), min_size=1, max_size=40),
       st.sampled_from([(2, 0), (0, 2), (4, 4)]))
def test_wrap_never_splits_a_word_or_a_figure(groups, indents):
    words = [NBSP.join(group) for group in groups if len(NBSP.join(group)) <= WIDTH - 4]
    lines = wrap(" ".join(words), *indents)
    assert all(len(line) <= WIDTH for line in lines)
    assert " ".join(line.strip() for line in lines) == " ".join(words).replace(NBSP, " ")
    for word in words:
        assert any(word.replace(NBSP, " ") in line for line in lines), word


def test_a_word_longer_than_a_line_is_divided_after_a_slash():
    url = ";;HTTPS3_/_/WWW4DEA4GOV_/WHAT-WE-DO_/NEWS_/PRESS-RELEASES"
    lines = wrap("LINKS3 " + url, 0, 2)
    assert max(map(len, lines)) <= WIDTH
    assert all(line.endswith(("_/", "-")) for line in lines[:-1])
    assert lines[0].startswith("LINKS3 ;;")
    assert lines[0][len("LINKS3 "):] + "".join(line.strip() for line in lines[1:]) == url


def test_a_word_without_break_points_is_cut_at_the_margin():
    lines = wrap("X" * 90, 0, 2)
    assert [len(line) for line in lines] == [40, 40, 14]


def test_centred_headings_keep_three_blank_cells_each_side():
    lines = centre(" ".join(["HEAD+"] * 15))
    assert len(lines) > 1
    for line in lines:
        text = line.strip()
        assert len(line) - len(text) >= 3 and WIDTH - len(line) >= 3
        assert abs((len(line) - len(text)) - (WIDTH - len(line))) <= 1


# --- pagination and page numbers ----------------------------------------------------------------

def _blocks(count: int, lines_each: int, heading_every: int = 0):
    blocks = []
    for index in range(count):
        if heading_every and index % heading_every == 0:
            blocks.append((Unit(f"H{index}", "centred", blank_before=True, blank_after=True), [f"   HEADING {index}"]))
        blocks.append((Unit("p", "para"), [f"  P{index}"] + [f"LINE {index}.{n}" for n in range(1, lines_each)]))
    return blocks


def test_pages_hold_at_most_24_lines_of_text_below_the_page_number():
    pages = paginate(_blocks(30, 7))
    assert len(pages) > 3
    assert all(len(page) <= LINES - 1 for page in pages)
    assert [line for page in pages for line in page] == [line for _, lines in _blocks(30, 7) for line in lines]


@pytest.mark.parametrize("lines_each", [1, 2, 3, 5, 8, 13])
def test_a_heading_never_ends_a_page_and_no_page_starts_blank(lines_each):
    pages = paginate(_blocks(40, lines_each, heading_every=3))
    for page in pages:
        assert page[0] != "" and page[-1] != ""
        for index, line in enumerate(page):
            if line.startswith("   HEADING"):
                assert index + 2 < len(page), f"heading at the foot of a page: {page}"


def test_blank_lines_are_kept_before_a_list_at_the_top_of_a_page():
    para = (Unit("p", "para"), ["  TEXT"] * (LINES - 1))
    item = (Unit("i", "item", blank_before=True), ["ITEM"])
    pages = paginate([para, item])
    assert pages[1] == ["", "ITEM"]


def test_page_numbers_are_braille_numbers_at_the_top_right():
    assert page_number(1) == "#A" and page_number(10) == "#AJ" and page_number(125) == "#ABE"
    data = emit([["  ONE"], ["  TWO"], ["  THREE"]]).decode("ascii")
    pages = data.split("\f")
    assert len(pages) == 3
    for number, page in enumerate(pages, 1):
        first = page.split("\r\n")[0]
        assert first == page_number(number).rjust(WIDTH)


# --- the audit reads the file ---------------------------------------------------------------

def _brf(tmp_path, pages: list[list[str]], name: str = "bad.brf"):
    path = tmp_path / name
    path.write_bytes("\f".join("".join(line + "\r\n" for line in page) for page in pages).encode("latin-1"))
    return path


def test_audit_finds_long_lines_long_pages_bad_characters_and_page_numbers(tmp_path):
    good_head = page_number(1).rjust(WIDTH)
    path = _brf(tmp_path, [
        [good_head, "X" * 41, "CAF\xe9", *["TEXT"] * 23],
        ["#B", "TEXT"],
        [page_number(2).rjust(WIDTH), "TEXT"],
    ])
    rules = {(f.rule, f.location) for f in braille_audit.audit(path)}
    assert ("braille.line-length", "page 1, line 2") in rules
    assert ("braille.ascii", "page 1, line 3") in rules
    assert ("braille.page-length", "page 1") in rules
    assert ("braille.page-number", "page 2, line 1") in rules
    assert ("braille.page-number", "page 3, line 1") in rules


def test_audit_finds_a_form_feed_inside_a_line(tmp_path):
    path = tmp_path / "ff.brf"
    path.write_bytes(page_number(1).rjust(WIDTH).encode() + b"\r\nTEXT\f"
                     + page_number(2).rjust(WIDTH).encode() + b"\r\nMORE\r\n")
    assert [(f.rule, f.location) for f in braille_audit.audit(path)] == [("braille.form-feed", "page 1")]


def test_audit_passes_a_well_made_file(tmp_path):
    path = tmp_path / "ok.brf"
    path.write_bytes(emit([["  ONE"], ["  TWO"]]))
    assert braille_audit.audit(path) == []


def test_extract_groups_lines_by_layout_and_locates_them():
    pages = [
        [page_number(1).rjust(WIDTH), "            ,HEAD+", "", "  ,PARA ONE", "RUNOVER", "  ,PARA TWO", "",
         ",ITEM ONE", "  RUNOVER", ",ITEM TWO"],
        [page_number(2).rjust(WIDTH), ",ITEM THREE", "", "  ,A ;;HTTPS3_/_/WWW4DEA4GOV_/WHAT-WE-DO_/",
         "NEWS_/PRESS-RELEASES", "  ,PARA THREE"],
        [page_number(3).rjust(WIDTH), "GOES ON"],
    ]
    blocks = braille_audit.blocks_of(pages)
    assert [(b.location, b.braille) for b in blocks] == [
        ("page 1, line 2", ",HEAD+"),
        ("page 1, lines 4-5", ",PARA ONE RUNOVER"),
        ("page 1, line 6", ",PARA TWO"),
        ("page 1, lines 8-9", ",ITEM ONE RUNOVER"),
        ("page 1, line 10", ",ITEM TWO"),
        ("page 2, line 2", ",ITEM THREE"),
        ("page 2, lines 4-5", ",A ;;HTTPS3_/_/WWW4DEA4GOV_/WHAT-WE-DO_/NEWS_/PRESS-RELEASES"),
        ("page 2, line 6 to page 3, line 2", ",PARA THREE GOES ON"),
    ]


# --- with liblouis ----------------------------------------------------------------------------

def test_braille_is_registered_as_an_optional_format():
    fmt = get("braille")
    assert fmt.suffix == ".brf" and fmt.optional
    assert fmt.render_module == braille.__name__ and fmt.audit_module == braille_audit.__name__


def without_the_library(monkeypatch):
    from publisher import louis

    monkeypatch.setattr(louis, "library", lambda: None)


def test_missing_liblouis_raises_one_line_saying_what_to_install(theme, release, monkeypatch):
    without_the_library(monkeypatch)
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(MissingToolError) as caught:
        braille.render(release, theme, BrailleOptions())
    message = str(caught.value)
    assert "\n" not in message
    assert "apt-get install liblouis-bin liblouis-data" in message


@needs_liblouis
def test_missing_tables_raise_the_same_line(monkeypatch):
    monkeypatch.setattr(braille_spec, "DISPLAY_TABLE", "no-such-table.dis")
    with pytest.raises(MissingToolError, match="apt-get install liblouis-bin liblouis-data"):
        braille_spec.translate(["text"], "en-ueb-g2.ctb")


@needs_liblouis
@pytest.mark.parametrize("grade", ["contracted", "uncontracted"])
def test_the_release_passes_its_audit_and_every_figure_back_translates(theme, release, tmp_path, grade):
    path = tmp_path / f"release-{grade}.brf"
    path.write_bytes(braille.render(release, theme, BrailleOptions(grade=grade)))
    assert braille_audit.audit(path) == []
    pages = braille_audit.pages_of(path)
    assert all(len(page) <= LINES for page in pages) and len(pages) > 1
    assert all(len(line) <= WIDTH for page in pages for line in page)
    passages = braille_audit.extract(path)
    assert reconcile(str(path), passages, Expectations.from_release(release)) == []
    for figure in release.figures.values():
        assert any(figure_text(figure) in p.text for p in passages), figure_text(figure)


@needs_liblouis
def test_contracted_is_the_default_and_shorter(theme, release):
    contracted = braille.render(release, theme, BrailleOptions())
    assert contracted == braille.render(release, theme, BrailleOptions(grade="contracted"))
    uncontracted = braille.render(release, theme, BrailleOptions(grade="uncontracted"))
    assert len(contracted) < len(uncontracted)
    assert b" & " in contracted and b" AND " in uncontracted
    with pytest.raises(ValueError, match="grade3"):
        BrailleOptions(grade="grade3")


@needs_liblouis
def test_figures_never_break_across_lines(theme, release, tmp_path):
    path = tmp_path / "r.brf"
    path.write_bytes(braille.render(release, theme, BrailleOptions()))
    lines = [line.strip() for page in braille_audit.pages_of(path) for line in page[1:] if line.strip()]
    each = braille.to_braille([figure_text(f) for f in release.figures.values()], "contracted")
    for cells in each:
        assert any(cells in line for line in lines), cells


@needs_liblouis
def test_headings_are_centred_and_page_numbers_on_line_one(theme, release, tmp_path):
    path = tmp_path / "r.brf"
    path.write_bytes(braille.render(release, theme, BrailleOptions()))
    pages = braille_audit.pages_of(path)
    results = braille.to_braille(["Results"], "contracted")[0]
    centred = [line for page in pages for line in page if line.strip() == results]
    assert centred and all(len(line) - len(results) >= (WIDTH - len(results)) // 2 - 1 for line in centred)
    assert path.read_bytes().count(b"\f") == len(pages) - 1


def _figure_texts() -> list[str]:
    texts = []
    for qualifier in QUALIFIERS:
        for value in ("0", "7", "0.5", "2.75", "1436", "6500", "91000", "1100000", "44000000", "1500000000"):
            for unit in ("arrests", "pounds of fentanyl powder", "per cent", "people aged 18-24", "USD", "EUR", "GBP"):
                number = format_number(Decimal(value))
                symbol = CURRENCY_SYMBOLS.get(unit)
                parts = ("" if qualifier == "exact" else qualifier, symbol + number if symbol else number,
                         "" if symbol else unit)
                texts.append(" ".join(p for p in parts if p))
    return texts


@needs_liblouis
@pytest.mark.parametrize("grade", ["contracted", "uncontracted"])
def test_figure_texts_back_translate_exactly_in_context(grade):
    figures = _figure_texts()
    contexts = ["{}", "The seizure of {}.", "({})", "“{}”", "DEA’s {}, and 5 more", "WASHINGTON – {}!"]
    lost = lost_in_context([(text, text.replace(" ", NBSP)) for text in figures], contexts, grade)
    assert not lost, lost[:5]


def lost_in_context(texts: list[tuple[str, str]], contexts: list[str], grade: str) -> list[tuple[str, str]]:
    """(text, what came back) for each (text, held text) put in each context, translated with
    the renderer and back-translated by the audit, that did not come back whole."""
    cases = [(context.format(held), text) for context in contexts for text, held in texts]
    cells = [c.replace(NBSP, " ") for c in braille.to_braille([case for case, _ in cases], grade)]
    back = braille_audit.back_translate(cells)
    return [(text, got) for (_, text), got in zip(cases, back, strict=True) if text not in got]


@needs_liblouis
def test_backslash_braille_and_addresses_survive_the_round_trip():
    cells = braille.to_braille(["Our office: press@example.gov or https://example.gov/a/b"], "contracted")
    assert "\\" in cells[0] and ";;" in cells[0]
    assert braille_audit.back_translate(cells) == ["Our office: press@example.gov or https://example.gov/a/b"]


@needs_liblouis
def test_initialisms_that_spell_a_contraction_are_written_uncontracted():
    """Regression (property test, explore): a figure labelled "CDS" read back as "COULDS" ("cd" is
    contracted braille's "could"), and its listing at a glance was not found."""
    cells = braille.to_braille(["CDS: $0", "Two CDs and the DEA."], "contracted")
    assert cells[0].startswith(";;")
    assert braille_audit.back_translate(cells) == ["CDS: $0", "Two CDs and the DEA."]
    assert ";;,,DEA" not in cells[1]  # one that reads back as itself stays contracted


@needs_liblouis
def test_a_small_release_renders_clean(theme, write_content, tmp_path):
    from publisher.load import load

    small = load(write_content()).release
    path = tmp_path / "small.brf"
    path.write_bytes(braille.render(small, theme, BrailleOptions()))
    assert braille_audit.audit(path) == []
    assert reconcile(str(path), braille_audit.extract(path), Expectations.from_release(small)) == []


def test_two_figures_side_by_side_stay_two_numbers(tmp_path):
    """Regression (strange-content property test): liblouis reads '3,249 0' as one number."""
    from publisher.render.braille import translate

    if not shutil.which("lou_translate"):
        pytest.skip("lou_translate is not installed")
    braille = translate(["Figures: $3,249 0\u00a0cases."], "en-ueb-g2.ctb")
    assert translate(braille, "en-ueb-g2.ctb", backward=True) == ["Figures: $3,249 0\u00a0cases."]


needs_both = pytest.mark.skipif(shutil.which("lou_translate") is None or __import__("publisher.louis").louis.library() is None,
                                reason="liblouis (library and lou_translate) is not installed")


@needs_both
@pytest.mark.parametrize("grade", ["contracted", "uncontracted"])
def test_liblouis_in_process_translates_as_lou_translate_does(release, monkeypatch, grade):
    from publisher.document import build_document
    from publisher.labels import load_labels

    table = braille_spec.TABLES[grade]
    texts = [block.text for block in build_document(release, load_labels('en')).blocks if getattr(block, "text", None)]
    assert len(texts) > 10
    texts += ["nearly 44\u00a0million", "a \\ backslash", "tab\there", "https://www.dea.gov/press", ""]
    in_process = braille_spec.translate(texts, table)
    back = braille_spec.translate(in_process, table, backward=True)
    without_the_library(monkeypatch)
    assert braille_spec.translate(texts, table) == in_process
    assert braille_spec.translate(in_process, table, backward=True) == back


@needs_both
def test_the_edition_is_the_same_through_lou_translate(release, theme, monkeypatch):
    in_process = braille.render(release, theme, BrailleOptions())
    without_the_library(monkeypatch)
    assert braille.render(release, theme, BrailleOptions()) == in_process



# Identifiers: numeric indicator, letter sign and grade 1 where UEB needs them, read back exactly

IDENTIFIER_TEXTS = [
    "COVID-19", "Section 508", "Executive Order 13166", "I-95", "555-014-2200", "(555) 014-2200", "9-1-1", "10 a.m.",
    "5:30 p.m.", "9 a.m. to 5 p.m.", "Case No. 1:23-cr-00456", "H.R. 2617", "Public Law 117-328", "24/7", "H1N1",
    "1200 Main Street", "Room 2B", "W-2", "1-800-QUIT-NOW", "42 U.S.C. 1983", "P.O. Box 1234", "19th", "2024-25",
    "B.1.1.7", "+44 20 7946 0958", "IL 62701", "WCAG 2.2",
]


@needs_liblouis
@pytest.mark.parametrize("grade", ["contracted", "uncontracted"])
def test_identifiers_back_translate_exactly_in_context(grade):
    from publisher.identifiers import hold

    contexts = ["{}", "Call {} today.", "({})", "WASHINGTON – {}!", "THE NEW {} CLINICS OPEN", "“{}”, she said"]
    lost = lost_in_context([(text, hold(text)) for text in IDENTIFIER_TEXTS], contexts, grade)
    assert not lost, lost[:5]


@needs_liblouis
def test_ueb_indicators_in_identifiers():
    at, code, room, time = braille.to_braille(["at 10\u00a0a.m.", "COVID-19", "Room\u00a02B", "H.R.\u00a02617"],
                                              "contracted")
    assert at == "AT #AJ\u00a0;;A4M4"  # numeric indicator; 'm' alone would read 'more': grade 1
    assert code == ",,COVID-#AI"  # capitals word indicator, numeric indicator after the hyphen
    assert room == ",ROOM\u00a0#B,B"  # a capital letter ends the number
    assert time == ";;,H4,R4\u00a0#BFAG"  # 'R' alone would read 'rather'


@needs_liblouis
def test_a_release_with_identifiers_passes_the_braille_audit_and_reads_back(theme, tmp_path):
    from conftest import FIXTURES
    from publisher.load import load

    release = load(FIXTURES / "health-vaccines.yaml").release
    path = tmp_path / "health.brf"
    path.write_bytes(braille.render(release, theme, BrailleOptions()))
    assert braille_audit.audit(path) == []
    passages = braille_audit.extract(path)
    assert reconcile(str(path), passages, Expectations.from_release(release)) == []
    whole = " ".join(p.text for p in passages)
    for text in ("COVID-19", "Section 508", "Executive Order 13166", "I-95", "555-014-2200", "10 a.m.",
                 "Case No. 1:23-cr-00456", "9 a.m. to 5 p.m.", "1200 Main Street", "24/7", "711"):
        assert text in whole, text
