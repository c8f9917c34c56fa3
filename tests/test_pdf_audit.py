"""The PDF audit against PDFs broken on purpose, each caught by its rule."""
from __future__ import annotations

import io

import pikepdf
import pytest
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate

from publisher.audit.pdf import audit, extract
from publisher.render.pdf.fonts import register_fonts
from publisher.render.pdf.tagging import TaggedDocBuilder
from publisher.theme import load_theme


def rules(path) -> set[str]:
    return {f.rule for f in audit(path) if f.severity == "error"}


@pytest.fixture(scope="module")
def fonts():
    return register_fonts(load_theme())


def tagged(fonts, levels=(1, 2), alt="A chart", link=True) -> bytes:
    from reportlab.graphics.shapes import Drawing, Rect

    doc = TaggedDocBuilder(title="Broken on purpose", lang="en-US", fonts=fonts)
    style = ParagraphStyle("s", fontName=fonts.regular, fontSize=11, leading=14)
    story = [doc.heading(level, f"Heading {level}", style) for level in levels]
    text = 'See <a href="https://example.org">the site</a>.' if link else "Plain."
    story.append(doc.paragraph(text, style))
    drawing = Drawing(50, 50)
    drawing.add(Rect(0, 0, 50, 50))
    story.append(doc.figure(drawing, alt=alt))
    return doc.build(story)


def edit(data: bytes, change, tmp_path, name="broken.pdf"):
    pdf = pikepdf.open(io.BytesIO(data))
    change(pdf)
    path = tmp_path / name
    pdf.save(path)
    return path


def test_clean_tagged_pdf_passes(fonts, tmp_path):
    path = tmp_path / "ok.pdf"
    path.write_bytes(tagged(fonts))
    assert audit(path) == []


def test_plain_reportlab_output_is_caught(fonts, tmp_path):
    path = tmp_path / "plain.pdf"
    doc = SimpleDocTemplate(str(path))
    doc.build([Paragraph("Untagged text", ParagraphStyle("s", fontName=fonts.regular))])
    found = rules(path)
    assert {"pdf.7.1-t11", "pdf.7.1-t03", "pdf.6.2-t01", "pdf.7.1-t08", "pdf.7.1-t10"} <= found


def test_figure_without_alt_is_caught(fonts, tmp_path):
    def drop_alt(pdf):
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/S") == "/Figure":
                del obj.Alt
    assert "pdf.7.3-t01" in rules(edit(tagged(fonts), drop_alt, tmp_path))


def test_skipped_heading_level_is_caught(fonts, tmp_path):
    path = tmp_path / "skip.pdf"
    path.write_bytes(tagged(fonts, levels=(1, 3)))
    assert rules(path) == {"pdf.7.4.2-t01"}
    path.write_bytes(tagged(fonts, levels=(2,)))
    assert rules(path) == {"pdf.7.4.2-t01"}


def test_helvetica_not_embedded_is_caught(tmp_path):
    path = tmp_path / "helvetica.pdf"
    canvas = Canvas(str(path))
    canvas.setFont("Helvetica", 12)
    canvas.drawString(72, 720, "Standard font")
    canvas.save()
    findings = [f for f in audit(path) if f.rule == "pdf.7.21.4.1-t01"]
    assert findings and "Helvetica" in findings[0].location


def test_link_without_contents_or_structure_parent_is_caught(fonts, tmp_path):
    def drop_contents(pdf):
        for page in pdf.pages:
            for annotation in page.obj.get("/Annots", []):
                del annotation.Contents
    assert "pdf.7.18.5-t02" in rules(edit(tagged(fonts), drop_contents, tmp_path))

    def untag_link(pdf):
        for page in pdf.pages:
            for annotation in page.obj.get("/Annots", []):
                del annotation.StructParent
    assert "pdf.7.18.5-t01" in rules(edit(tagged(fonts), untag_link, tmp_path, "b.pdf"))


def test_metadata_and_language_are_checked(fonts, tmp_path):
    def strip(pdf):
        del pdf.Root.Lang
        del pdf.Root.ViewerPreferences
        del pdf.Root.Metadata
    found = rules(edit(tagged(fonts), strip, tmp_path))
    assert {"pdf.7.2-t34", "pdf.7.1-t10", "pdf.7.1-t08"} <= found


def test_parent_tree_must_cover_the_content(fonts, tmp_path):
    def empty_tree(pdf):
        pdf.Root.StructTreeRoot.ParentTree = pikepdf.Dictionary(Nums=pikepdf.Array())
    assert "pdf.7.1-t03" in rules(edit(tagged(fonts), empty_tree, tmp_path))


def test_extract_reads_structure_in_order(fonts, tmp_path):
    path = tmp_path / "ok.pdf"
    path.write_bytes(tagged(fonts))
    assert [(p.location, p.text) for p in extract(path)] == [
        ("page 1, H1", "Heading 1"), ("page 1, H2", "Heading 2"), ("page 1, P", "See the site."),
        ("page 1, Figure", "A chart")]


def test_unreadable_file_is_a_finding(tmp_path):
    path = tmp_path / "junk.pdf"
    path.write_bytes(b"not a pdf")
    assert rules(path) == {"pdf.unreadable"}


def test_irregular_table_and_bad_nesting_are_caught(fonts, tmp_path):
    doc = TaggedDocBuilder(title="Table", lang="en-US", fonts=fonts)
    style = ParagraphStyle("s", fontName=fonts.regular, fontSize=11, leading=14)
    data = doc.build([doc.table([["A", "B"], ["1", "2"], ["3", "4"]], [100, 100]),
                      doc.paragraph("After", style)])

    def drop_cell(pdf):
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/S") == "/TR":
                obj.K = pikepdf.Array(list(obj.K)[:1])
                break
    assert "pdf.7.2-t42" in rules(edit(data, drop_cell, tmp_path))  # the first row sets the columns

    def paragraph_in_table(pdf):
        table = next(o for o in pdf.objects if isinstance(o, pikepdf.Dictionary) and o.get("/S") == "/Table")
        paragraph = next(o for o in pdf.objects if isinstance(o, pikepdf.Dictionary) and o.get("/S") == "/P")
        table.K.append(paragraph)
    assert "pdf.7.2-t03" in rules(edit(data, paragraph_in_table, tmp_path, "b.pdf"))


def test_untagged_paint_in_a_tagged_page_is_caught(fonts, tmp_path):
    def paint(pdf):
        page = pdf.pages[0]
        page.contents_add(pdf.make_stream(b"0 0 m 100 100 l S"), prepend=False)
    found = [f for f in audit(edit(tagged(fonts), paint, tmp_path)) if f.rule == "pdf.7.1-t03"]
    assert found and found[0].location == "page 1 (S x1)"


def test_tagged_flowables_draw_on_a_plain_canvas(fonts, tmp_path):
    """Tagging is inert without the tagging canvas: the same story builds untagged."""
    doc = TaggedDocBuilder(title="Plain", lang="en-US", fonts=fonts)
    style = ParagraphStyle("s", fontName=fonts.regular, fontSize=11, leading=14)
    story = [doc.heading(1, "Title", style), doc.table([["A", "B"], ["1", "2"]], [100, 100])]
    story += doc.bullet_list(["one"], style)
    path = tmp_path / "plain.pdf"
    SimpleDocTemplate(str(path), initialFontName=fonts.regular).build(story)
    assert "pdf.7.1-t11" in rules(path)


def test_a_tj_array_holding_a_name_or_boolean_is_read_not_a_crash():
    import pikepdf

    from publisher.audit.pdf_content import _strings

    array = pikepdf.Array([pikepdf.String("4"), -300, pikepdf.Name("/X"), True, pikepdf.String("4 million")])
    assert _strings([array]) == [b"4", b" ", b"4 million"]
