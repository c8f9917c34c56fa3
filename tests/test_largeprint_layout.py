"""The large print's layout: the figures at a glance within two pages, quotes set apart, headings
kept with their text, short lists whole, no page nearly empty; each rule caught by the audit on
a PDF made to break it (made with the tagging layer, not with the renderer)."""
from __future__ import annotations

import subprocess

import pytest
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import PageBreak, Spacer

from publisher.audit import Passage
from publisher.audit import largeprint as lp_audit
from publisher.audit.pdf import extract
from publisher.audit.pdf_layout import lines_of, read_layout
from publisher.check import listed_early
from publisher.expectations import Expectations
from publisher.figures import figure_value
from publisher.render.pdf import largeprint
from publisher.render.pdf.fonts import register_fonts
from publisher.render.pdf.tagging import TaggedDocBuilder
from publisher.spec import Options
from tests.conftest import FIXTURES, require_tool


def normalised(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def expected(release, theme):
    return Expectations.from_release(release, theme.labels_for(release.language))


# ---------------------------------------------------------------- the worked example

def test_every_figure_is_listed_on_the_first_two_pages(large_print, release):
    require_tool("pdftotext")
    first_two = normalised(subprocess.run(["pdftotext", "-f", "1", "-l", "2", str(large_print), "-"],
                                          capture_output=True, text=True, check=True).stdout)
    for figure in release.figures.values():
        assert f"{normalised(figure.label)}: {normalised(figure_value(figure))}" in first_two


def test_the_figures_come_at_a_glance_right_after_the_lede_as_one_plain_list(large_print, release, expected):
    passages = extract(large_print)
    texts = [normalised(p.text) for p in passages]
    glance = texts.index("Key figures")
    assert normalised(expected.lede) == texts[glance - 1]
    items = passages[glance + 1:glance + 1 + len(release.figures)]
    assert all(p.location.endswith("LI") for p in items)
    assert [normalised(p.text).removeprefix("\u2022").strip() for p in items] == [
        f"{normalised(release.figures[key].label)}: {normalised(figure_value(release.figures[key]))}"
        for key in expected.figures]
    assert listed_early(large_print.name, passages, expected, 2) == []


def test_quotes_are_indented_ruled_and_attributed_in_bold(large_print, release):
    layout = read_layout(large_print)
    quotes = layout.roles("BlockQuote")
    assert len(quotes) == len(release.quotes)
    margin = min(line.x0 for block in layout.roles("H2") for line in lines_of(block.placed()))
    for quote in quotes:
        text, said_by = [kid for kid in quote.walk() if kid.role == "P"]
        assert min(line.x0 for line in lines_of(quote.placed())) >= margin + 18
        assert all(glyph.font.endswith("-Bold") for _, glyph in said_by.placed())
        assert not any(glyph.font.endswith("-Bold") for _, glyph in text.placed())
    assert not [f for f in lp_audit.audit(large_print) if f.rule.startswith("largeprint.")]


@pytest.mark.parametrize("fixture", ["base", "deck-large", "minimal"])
def test_every_fixture_release_lays_out_clean(fixture, theme, tmp_path):
    from publisher.load import load

    release = load(FIXTURES / f"{fixture}.yaml").release
    path = tmp_path / f"{fixture}-large-print.pdf"
    path.write_bytes(largeprint.render(release, theme, Options()))
    assert [str(f) for f in lp_audit.audit(path)] == []
    expected = Expectations.from_release(release, theme.labels_for(release.language))
    assert listed_early(path.name, extract(path), expected, 2) == []


def test_every_figure_of_a_long_list_is_on_the_first_two_pages(theme, tmp_path):
    """Sixteen figures after a six-line title: the list's items close up so none runs to page 3."""
    require_tool("pdftotext")
    from publisher.load import load

    release = load(FIXTURES / "deck-large.yaml").release
    path = tmp_path / "deck-large-large-print.pdf"
    path.write_bytes(largeprint.render(release, theme, Options()))
    first_two = normalised(subprocess.run(["pdftotext", "-f", "1", "-l", "2", str(path), "-"],
                                          capture_output=True, text=True, check=True).stdout)
    late = [key for key, figure in release.figures.items()
            if f"{normalised(figure.label)}: {normalised(figure_value(figure))}" not in first_two]
    assert len(release.figures) == 16 and late == []


def pdf_lines(path) -> list[str]:
    require_tool("pdftotext")
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return [line.strip() for line in text.splitlines() if line.strip()]


def url_pieces(lines: list[str], url: str) -> list[str]:
    """The parts of ``url`` as the lines carry it: whole, or a line's end and the next lines' starts."""
    for i, line in enumerate(lines):
        if url in line:
            return [url]
        words = line.split()
        head = words[-1] if words else ""
        if head and url.startswith(head) and head.startswith(url[:8]):
            pieces, rest = [head], url[len(head):]
            for following in lines[i + 1:]:
                piece = following.split()[0]
                if not rest.startswith(piece):
                    break
                pieces.append(piece)
                rest = rest[len(piece):]
                if not rest:
                    return pieces
    raise AssertionError(f"{url} is not in the text")


def test_a_long_web_address_breaks_only_after_a_slash(large_print, release):
    lines = pdf_lines(large_print)
    urls = [link.url for link in release.links]
    assert urls
    for url in urls:
        pieces = url_pieces(lines, url)
        assert all(piece.endswith("/") for piece in pieces[:-1]), pieces
        assert len(pieces[-1]) > 1, pieces


def test_a_web_address_that_fits_a_line_moves_to_the_next_whole(tmp_path, fonts, theme):
    styles = largeprint.make_styles(largeprint.load_layout(), theme, fonts)
    fits, long = "https://example.org/a-page-that-fits", "https://www.example.gov/news/2025/press-releases/task-force-ends"
    longest = "https://example.org/" + "/".join(["alpha", "bravo", "charlie", "delta", "echo", "foxtrot"] * 4)
    text = (f"Read the whole announcement of the regional task force on interstate trafficking networks at {fits} "
            f"and the rest at {long} today, and every part at {longest} too.")
    layout = largeprint.load_layout()
    width = layout.page_size[0] - 2 * layout.margin - 12  # the frame's, less its padding
    url_lines = largeprint.url_breaker(width, fonts.regular, styles.body.fontSize)
    path = make_pdf(tmp_path, fonts, lambda doc: [doc.paragraph(largeprint.markup(text, url_lines), styles.body)])
    lines = pdf_lines(path)
    assert url_pieces(lines, fits) == [fits] and any(line.startswith(fits) for line in lines), lines
    for address in (long, longest):
        pieces = url_pieces(lines, address)
        assert len(pieces) > 1 and all(piece.endswith("/") for piece in pieces[:-1]), pieces
    assert len(url_pieces(lines, longest)) >= 3
    assert [str(f) for f in lp_audit.audit(path) if f.rule == "largeprint.margin"] == []


# ---------------------------------------------------------------- the audit, on PDFs made to break it

@pytest.fixture(scope="module")
def fonts(theme):
    return register_fonts(theme)


def styles(fonts):
    body = ParagraphStyle("b", fontName=fonts.regular, fontSize=18, leading=25.2, spaceAfter=25.2)
    return body, ParagraphStyle("h", parent=body, fontName=fonts.bold, fontSize=22, leading=30.8)


def make_pdf(tmp_path, fonts, story_maker, name="probe.pdf"):
    doc = TaggedDocBuilder(title="Probe", lang="en-US", fonts=fonts, margins=(72, 72, 72, 72))
    path = tmp_path / name
    path.write_bytes(doc.build(story_maker(doc)))
    return path


def layout_rules(path) -> list[str]:
    return [f.rule for f in lp_audit.layout_findings(read_layout(path))]


WORDS = "Large print is read at arm's length by readers who need every line to count. " * 3


def quote_story(fonts, *, indent: float, rule: bool, bold_attribution: bool):
    body, _ = styles(fonts)
    said = ParagraphStyle("a", parent=body, fontName=fonts.bold if bold_attribution else fonts.regular)

    def story(doc):
        out = [doc.paragraph(WORDS, body)]
        with doc.group("BlockQuote"):
            quote = doc.paragraph(f"\u201c{WORDS}\u201d", body)
            attribution = doc.paragraph("\u2014 A Speaker, Somewhere", said)
        if rule:
            out += [largeprint.Ruled(quote, indent, 4, body.textColor, through_gap=True),
                    largeprint.Ruled(attribution, indent, 4, body.textColor)]
        else:
            quote.style = ParagraphStyle("q", parent=body, leftIndent=indent)
            attribution.style = ParagraphStyle("qa", parent=said, leftIndent=indent)
            out += [quote, attribution]
        return out
    return story


def test_a_quote_set_apart_passes(tmp_path, fonts):
    path = make_pdf(tmp_path, fonts, quote_story(fonts, indent=27, rule=True, bold_attribution=True))
    assert layout_rules(path) == []


def test_catches_a_quote_set_like_body_text(tmp_path, fonts):
    path = make_pdf(tmp_path, fonts, quote_story(fonts, indent=0, rule=False, bold_attribution=False))
    messages = [f.message for f in lp_audit.layout_findings(read_layout(path)) if f.rule == "largeprint.quote"]
    assert any("set in by 0.0 pt" in m for m in messages)
    assert any("no rule" in m for m in messages)
    assert any("not in bold" in m for m in messages)


def test_catches_a_quote_indented_without_a_rule(tmp_path, fonts):
    path = make_pdf(tmp_path, fonts, quote_story(fonts, indent=27, rule=False, bold_attribution=True))
    messages = [f.message for f in lp_audit.layout_findings(read_layout(path)) if f.rule == "largeprint.quote"]
    assert len(messages) == 1 and "no rule" in messages[0]


def test_catches_an_attribution_not_in_bold(tmp_path, fonts):
    path = make_pdf(tmp_path, fonts, quote_story(fonts, indent=27, rule=True, bold_attribution=False))
    messages = [f.message for f in lp_audit.layout_findings(read_layout(path)) if f.rule == "largeprint.quote"]
    assert len(messages) == 1 and "not in bold" in messages[0]


def test_catches_a_heading_left_at_the_foot_of_a_page(tmp_path, fonts):
    body, head = styles(fonts)
    path = make_pdf(tmp_path, fonts, lambda doc: [doc.paragraph(WORDS, body), doc.heading(2, "Alone", head),
                                                  PageBreak(), doc.paragraph(WORDS, body)])
    findings = [f for f in lp_audit.layout_findings(read_layout(path)) if f.rule == "largeprint.heading-alone"]
    assert [f.location for f in findings] == ["page 1"] and "'Alone'" in findings[0].message


def test_a_heading_with_its_text_passes(tmp_path, fonts):
    body, head = styles(fonts)
    path = make_pdf(tmp_path, fonts, lambda doc: [doc.paragraph(WORDS, body), doc.heading(2, "Kept", head),
                                                  doc.paragraph(WORDS, body)])
    assert "largeprint.heading-alone" not in layout_rules(path)


def list_story(fonts, before: float, items: int = 4):
    body, _ = styles(fonts)
    return lambda doc: [Spacer(1, before), *doc.bullet_list([f"Item {i}" for i in range(items)], body)]


def test_catches_a_short_list_split_across_pages(tmp_path, fonts):
    path = make_pdf(tmp_path, fonts, list_story(fonts, before=560))
    assert "largeprint.list-split" in layout_rules(path)


def test_a_short_list_on_one_page_passes(tmp_path, fonts):
    path = make_pdf(tmp_path, fonts, list_story(fonts, before=100))
    assert "largeprint.list-split" not in layout_rules(path)


def test_a_list_longer_than_eight_items_may_split(tmp_path, fonts):
    path = make_pdf(tmp_path, fonts, list_story(fonts, before=400, items=12))
    assert "largeprint.list-split" not in layout_rules(path)


def test_catches_a_nearly_empty_page_mid_document_but_not_at_its_end(tmp_path, fonts):
    body, _ = styles(fonts)

    def story(doc):
        return [doc.paragraph(WORDS * 4, body), PageBreak(), doc.paragraph("Two short", body),
                doc.paragraph("lines.", body), PageBreak(), doc.paragraph(WORDS * 4, body), PageBreak(),
                doc.paragraph("The end.", body)]
    findings = [f for f in lp_audit.layout_findings(read_layout(make_pdf(tmp_path, fonts, story)))
                if f.rule == "largeprint.page-fill"]
    assert [f.location for f in findings] == ["page 2"]


# ---------------------------------------------------------------- figures within the first pages, on passages

def glance_expectations() -> Expectations:
    figures = {"a": "12 books", "b": "3 rooms", "c": "4 staff"}
    return Expectations(figures, (), labels={"a": "Books", "b": "Rooms", "c": "Staff"},
                        values={"a": "12", "b": "3", "c": "4"})


def test_a_figure_listed_after_the_first_two_pages_is_late():
    passages = [Passage("page 1, H1", "Title", "H1"), Passage("page 2, LI", "Books: 12"),
                Passage("page 2, LI", "Rooms: 3"), Passage("page 3, P", "Prose with 4 staff."),
                Passage("page 5, LI", "Staff: 4")]
    findings = listed_early("x.pdf", passages, glance_expectations(), 2)
    assert [f.rule for f in findings] == ["figures.late"] and "'c'" in findings[0].message


def test_a_list_running_on_unbroken_from_the_second_page_is_not_late():
    passages = [Passage("page 2, LI", "Books: 12"), Passage("page 2, LI", "Rooms: 3"), Passage("page 3, LI", "Staff: 4")]
    assert listed_early("x.pdf", passages, glance_expectations(), 2) == []


def test_a_list_broken_by_a_heading_is_late_after_the_break():
    passages = [Passage("page 2, LI", "Books: 12"), Passage("page 2, LI", "Rooms: 3"),
                Passage("page 3, H3", "More", "H3"), Passage("page 3, LI", "Staff: 4")]
    assert [f.rule for f in listed_early("x.pdf", passages, glance_expectations(), 2)] == ["figures.late"]
