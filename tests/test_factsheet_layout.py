"""The fact sheet's layout audit, rule by rule, on PDFs made to break it with ReportLab and the
tagging layer (never with the fact sheet's renderer), each beside one that keeps the rule."""
from __future__ import annotations

import pytest
from reportlab.lib.colors import black, white
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import PageBreak, Spacer

from publisher.audit import factsheet as fs_audit
from publisher.audit.pdf_layout import read_layout
from publisher.render.pdf.fonts import register_fonts, register_tabular
from publisher.render.pdf.tagging import Columns, TaggedDocBuilder

WORDS = ("A fact sheet is scanned in seconds by a reporter on deadline, so every line of it has to earn "
         "its place on the page. ")


@pytest.fixture(scope="module")
def fonts(theme):
    return register_fonts(theme)


def body(fonts, size=10, **changes) -> ParagraphStyle:
    return ParagraphStyle("b", fontName=fonts.regular, fontSize=size, leading=size * 1.3, spaceAfter=6, **changes)


def make_pdf(tmp_path, fonts, story_maker, *, furniture=None, subject="", width=612.0, margins=(54, 54, 54, 54)):
    doc = TaggedDocBuilder(title="Probe", lang="en-US", fonts=fonts, pagesize=(width, 792.0), margins=margins,
                           subject=subject, frame_padding=0)
    path = tmp_path / "probe-fact-sheet.pdf"
    path.write_bytes(doc.build(story_maker(doc), furniture))
    return path


def findings(path, rule: str) -> list[str]:
    return [f"{f.location}: {f.message}" for f in fs_audit.layout_findings(read_layout(path)) if f.rule == rule]


def test_a_sheet_that_keeps_every_rule_passes(tmp_path, fonts):
    path = make_pdf(tmp_path, fonts, lambda doc: [doc.heading(1, "A Headline of Several Words", body(fonts, 20)),
                                                  doc.paragraph(WORDS * 3, body(fonts, 11))],
                    subject=(WORDS * 3).strip(), margins=(54, 150, 54, 54))
    assert [str(f) for f in fs_audit.audit(path)] == []


# ---------------------------------------------------------------- the edge of the paper

def test_catches_a_band_that_runs_to_the_edge_of_the_paper(tmp_path, fonts):
    def band(canvas, doc):
        canvas.setFillColor(black)
        canvas.rect(0, 782, 612, 10, stroke=0, fill=1)
    path = make_pdf(tmp_path, fonts, lambda doc: [doc.paragraph("Text.", body(fonts))], furniture=band)
    (found,) = findings(path, "factsheet.unprintable")
    assert "fill" in found and "0.0 pt from the edge" in found


def test_catches_text_within_a_quarter_inch_and_lets_white_be(tmp_path, fonts):
    def edge(canvas, doc):
        canvas.setFillColor(white)
        canvas.rect(0, 0, 612, 792, stroke=0, fill=1)  # a white page: nothing prints
        canvas.setFillColor(black)
        canvas.setFont(fonts.regular, 9)
        canvas.drawString(10, 10, "Footer")
    path = make_pdf(tmp_path, fonts, lambda doc: [doc.paragraph("Text.", body(fonts))], furniture=edge)
    (found,) = findings(path, "factsheet.unprintable")
    assert "glyphs" in found and "'Footer'" in found


# ---------------------------------------------------------------- sizes

def test_catches_content_below_ten_points_but_not_a_small_footer(tmp_path, fonts):
    def footer(canvas, doc):
        canvas.setFont(fonts.regular, 8.5)
        canvas.drawString(54, 30, "Agency footer")
    path = make_pdf(tmp_path, fonts, lambda doc: [doc.paragraph("Nine point text.", body(fonts, 9))], furniture=footer)
    (found,) = findings(path, "factsheet.text-size")
    assert "9 pt" in found and "Nine" in found


def test_catches_a_lede_below_eleven_points(tmp_path, fonts):
    lede = "The city opened a new branch with more than twelve thousand books."
    path = make_pdf(tmp_path, fonts, lambda doc: [doc.paragraph(lede, body(fonts, 10))], subject=lede)
    (found,) = findings(path, "factsheet.lede-size")
    assert "10 pt" in found
    right = make_pdf(tmp_path, fonts, lambda doc: [doc.paragraph(lede, body(fonts, 11))], subject=lede)
    assert findings(right, "factsheet.lede-size") == []


# ---------------------------------------------------------------- line length

def test_catches_lines_of_running_text_over_ninety_characters(tmp_path, fonts):
    path = make_pdf(tmp_path, fonts, lambda doc: [doc.paragraph(WORDS * 3, body(fonts))])
    (found,) = findings(path, "factsheet.line-length")
    assert "at most 90" in found


def test_catches_running_text_in_a_column_too_narrow(tmp_path, fonts):
    path = make_pdf(tmp_path, fonts, lambda doc: [doc.paragraph(WORDS * 2, body(fonts, rightIndent=380))])
    (found,) = findings(path, "factsheet.line-length")
    assert "at least 50" in found


def test_display_type_lists_and_two_line_notes_are_not_running_text(tmp_path, fonts):
    def story(doc):
        return [doc.paragraph(WORDS, body(fonts, 14)), *doc.bullet_list([WORDS * 2], body(fonts)),
                doc.paragraph("Website: https://www.example.gov/a/rather/long/address", body(fonts, rightIndent=244))]
    assert findings(make_pdf(tmp_path, fonts, story), "factsheet.line-length") == []


# ---------------------------------------------------------------- one left edge

def test_catches_text_that_starts_at_two_edges_of_one_column(tmp_path, fonts):
    path = make_pdf(tmp_path, fonts, lambda doc: [doc.paragraph("At the edge.", body(fonts)),
                                                  doc.paragraph("Six points in.", body(fonts, leftIndent=6))])
    (found,) = findings(path, "factsheet.left-edge")
    assert "54.0" in found and "60.0" in found


def test_columns_and_hanging_quotation_marks_keep_one_edge_each(tmp_path, fonts):
    from reportlab.pdfbase.pdfmetrics import stringWidth

    quote = body(fonts, firstLineIndent=-stringWidth("\u201c", fonts.regular, 10))

    def story(doc):
        left = [doc.paragraph("Left column.", body(fonts)), doc.paragraph("\u201cA quote that hangs.\u201d", quote)]
        right = [doc.paragraph("Right column.", body(fonts)), doc.paragraph("More of it.", body(fonts))]
        return [Columns([left, right], gap=24)]
    assert findings(make_pdf(tmp_path, fonts, story), "factsheet.left-edge") == []


# ---------------------------------------------------------------- the figure table

def figure_table(doc, fonts, *, align: str, font: str, valign: str = "TOP", number_size: float = 10):
    number = ParagraphStyle("n", fontName=font, fontSize=number_size, leading=number_size * 1.2,
                            alignment=TA_RIGHT if align == "RIGHT" else 0)
    label = body(fonts)
    rows = [["Measure", "Figure"]]
    rows += [[factsheet_paragraph(text, label), factsheet_paragraph(value, number)]
             for text, value in (("Books", "1,111"), ("Rooms", "8,888"), ("Staff", "47"))]
    return doc.table(rows, [200, 150], [("VALIGN", (0, 0), (-1, -1), valign)], header_rows=1, header_columns=1)


def factsheet_paragraph(text, style):
    from reportlab.platypus import Paragraph

    return Paragraph(text, style)


def test_catches_numbers_that_do_not_share_a_right_edge(tmp_path, fonts):
    path = make_pdf(tmp_path, fonts, lambda doc: [figure_table(doc, fonts, align="LEFT", font=fonts.regular)])
    (found,) = findings(path, "factsheet.number-edge")
    assert "column 2" in found and "'47'" in found


def test_catches_right_aligned_numbers_in_proportional_digits(tmp_path, fonts):
    path = make_pdf(tmp_path, fonts, lambda doc: [figure_table(doc, fonts, align="RIGHT", font=fonts.regular)])
    assert findings(path, "factsheet.number-edge") == []
    (found,) = findings(path, "factsheet.tabular-digits")
    assert "tabular figures" in found


def test_right_aligned_tabular_numbers_pass(tmp_path, fonts):
    tabular = register_tabular(fonts.regular)
    assert tabular is not None
    path = make_pdf(tmp_path, fonts, lambda doc: [figure_table(doc, fonts, align="RIGHT", font=tabular)])
    assert findings(path, "factsheet.number-edge") == [] and findings(path, "factsheet.tabular-digits") == []


def test_catches_a_row_whose_cells_sit_on_different_baselines(tmp_path, fonts):
    path = make_pdf(tmp_path, fonts, lambda doc: [figure_table(doc, fonts, align="RIGHT", font=fonts.regular,
                                                               valign="MIDDLE", number_size=16)])
    found = findings(path, "factsheet.row-baseline")
    assert len(found) == 3 and "row 2 ('Books')" in found[0]


# ---------------------------------------------------------------- headline and pages

def test_catches_a_headline_that_leaves_a_lone_word(tmp_path, fonts):
    from reportlab.platypus import Paragraph

    headline = "Library Opens New Branch With Twelve Thousand Books For Readers Across The City"

    def lone(right: int) -> bool:
        probe = Paragraph(headline, body(fonts, 20, rightIndent=right))
        probe.wrap(504, 1000)
        lines = [words for _, words in probe.blPara.lines]
        return len(lines) >= 2 and len(lines[-1]) == 1 and len(lines[-2]) >= 3
    style = body(fonts, 20, rightIndent=next(right for right in range(0, 400, 2) if lone(right)))
    path = make_pdf(tmp_path, fonts, lambda doc: [doc.heading(1, headline, style)])
    (found,) = findings(path, "factsheet.headline")
    assert "lone word" in found


def test_a_last_word_too_wide_to_share_a_line_may_stand_alone(tmp_path, fonts):
    headline = "A A A A A AFjZdfMA A yrEpGuHJDqCAoGzavNoHXMFHkFkYOjeRMklohqM"
    path = make_pdf(tmp_path, fonts, lambda doc: [doc.heading(1, headline, body(fonts, 20))])
    assert findings(path, "factsheet.headline") == []


def two_pages(doc, fonts):
    return [doc.paragraph(WORDS * 3, body(fonts, rightIndent=150)), Spacer(1, 560),
            doc.paragraph(WORDS * 3, body(fonts, rightIndent=150)), Spacer(1, 400)]


def test_catches_a_longer_sheet_without_page_n_of_m(tmp_path, fonts):
    def page(canvas, doc):
        canvas.setFont(fonts.regular, 9)
        canvas.drawRightString(558, 30, f"Page {canvas.getPageNumber()}")
    path = make_pdf(tmp_path, fonts, lambda doc: two_pages(doc, fonts), furniture=page)
    assert [f.split(":")[0] for f in findings(path, "factsheet.page-number")] == ["page 1", "page 2"]


def test_page_n_of_m_in_any_words_passes(tmp_path, fonts):
    def page(canvas, doc):
        canvas.setFont(fonts.regular, 9)
        canvas.drawRightString(558, 30, f"Página {canvas.getPageNumber()} de 2")
    path = make_pdf(tmp_path, fonts, lambda doc: two_pages(doc, fonts), furniture=page)
    assert findings(path, "factsheet.page-number") == []


def test_catches_a_page_left_half_empty_before_the_next(tmp_path, fonts):
    def story(doc):
        return [doc.paragraph(WORDS * 12, body(fonts, rightIndent=150)), PageBreak(),
                doc.paragraph(WORDS, body(fonts, rightIndent=150)), PageBreak(),
                doc.paragraph(WORDS * 12, body(fonts, rightIndent=150))]
    assert [f.split(":")[0] for f in findings(make_pdf(tmp_path, fonts, story), "factsheet.page-fill")] == ["page 2"]


def test_a_short_last_page_passes_only_when_it_goes_on_with_a_section(tmp_path, fonts):
    def story(heading: bool):
        def make(doc):
            out = [doc.paragraph(WORDS * 12, body(fonts, rightIndent=150)), PageBreak()]
            if heading:
                out.append(doc.heading(2, "A new section", body(fonts, 13)))
            return out + [doc.paragraph(WORDS, body(fonts, rightIndent=150))]
        return make
    assert findings(make_pdf(tmp_path, fonts, story(False)), "factsheet.page-fill") == []
    assert [f.split(":")[0] for f in findings(make_pdf(tmp_path, fonts, story(True)), "factsheet.page-fill")] == ["page 2"]


def test_a_line_ended_early_by_a_long_word_does_not_narrow_the_column(tmp_path, fonts):
    """Regression (property test): a line ended early because the identifiers held together after
    it did not fit (lines of 64, 20 and 61 characters: 48 on average); the column holds 64."""
    held = "Case\u00a0No.\u00a01:23-cr-00456\u00a0and\u00a0Case\u00a0No.\u00a01:24-cr-00789"
    text = f"A fact sheet is scanned in seconds by a reporter on deadline, so every line of it has {held} to earn " \
           "its place on the page, and more words."
    path = make_pdf(tmp_path, fonts, lambda doc: [doc.paragraph(text, body(fonts, rightIndent=200))])
    assert findings(path, "factsheet.line-length") == []
