"""The tagged-PDF layer on its own: split paragraph and table, list, figure, link, furniture."""
from __future__ import annotations

import inspect
import shutil
import subprocess

import pikepdf
import pytest
import reportlab
from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus import Spacer, Table, paragraph

from publisher.audit.pdf import audit, extract
from publisher.render.pdf.fonts import register_fonts
from publisher.render.pdf.tagging import TaggedDocBuilder

WORDS = " ".join(f"word{i}" for i in range(700))


def require_tool(name: str) -> str:
    path = shutil.which(name)
    if not path:
        pytest.skip(f"{name} is not installed")
    return path


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    from publisher.theme import load_theme

    fonts = register_fonts(load_theme())
    doc = TaggedDocBuilder(title="Tagging sample", lang="en-US", fonts=fonts)
    body = ParagraphStyle("body", fontName=fonts.regular, fontSize=11, leading=14)
    head = ParagraphStyle("head", fontName=fonts.bold, fontSize=18, leading=22)
    story = [doc.heading(1, "Sample heading", head),
             doc.paragraph('Read <a href="https://example.org">the example site</a> today.', body)]
    story += doc.bullet_list(["first item", "second item"], body)
    drawing = Drawing(120, 60)
    drawing.add(Rect(0, 0, 120, 60, fillColor=None))
    drawing.add(String(10, 25, "Chart label"))  # default font: must not become Helvetica
    story.append(doc.figure(drawing, alt="A box with a label"))
    story.append(doc.table([["Name", "Value"]] + [[f"row{i}", str(i)] for i in range(70)], [200, 100],
                           [("GRID", (0, 0), (-1, -1), 0.5, "#888888")]))
    story.append(Spacer(1, 200))
    story.append(doc.heading(2, "Long text", head))
    story.append(doc.paragraph(WORDS, body))

    def furniture(canvas, _doc):
        canvas.setFont(fonts.regular, 9)
        canvas.drawString(54, 30, f"Footer page {canvas.getPageNumber()}")
        canvas.line(54, 42, 550, 42)

    path = tmp_path_factory.mktemp("tagging") / "sample.pdf"
    path.write_bytes(doc.build(story, furniture))
    return path


def _elements(pdf):
    def walk(node):
        kids = node.get("/K")
        kids = list(kids) if isinstance(kids, pikepdf.Array) else ([] if kids is None else [kids])
        for kid in kids:
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                yield kid
                yield from walk(kid)
    yield from walk(pdf.Root.StructTreeRoot)


def _role(element):
    return str(element.S)[1:]


def test_audit_finds_nothing(sample):
    assert [str(f) for f in audit(sample) if f.severity == "error"] == []


def test_split_paragraph_is_one_element_on_two_pages(sample):
    with pikepdf.open(sample) as pdf:
        holders = [e for e in _elements(pdf) if _role(e) == "P" and any(
            isinstance(k, pikepdf.Dictionary) and k.get("/Type") == "/MCR" for k in e.K)]
        assert len(holders) == 1
        element = holders[0]
        pages = {element.Pg.objgen} | {k.Pg.objgen for k in element.K if isinstance(k, pikepdf.Dictionary)}
        assert len(pages) == 2
    long_text = [p.text for p in extract(sample) if p.text.startswith("word0 ")]
    assert long_text == [WORDS]  # one passage, every line break kept as a space


def test_split_table_keeps_one_header_row(sample):
    passages = extract(sample)
    assert [p.text for p in passages].count("Name") == 1
    assert [p.text for p in passages if p.location.endswith("TD")][-2:] == ["row69", "69"]
    with pikepdf.open(sample) as pdf:
        tables = [e for e in _elements(pdf) if _role(e) == "Table"]
        assert len(tables) == 1
        rows = [k for k in tables[0].K if _role(k) == "TR"]
        assert len(rows) == 71
        assert [str(c.A.Scope) for c in rows[0].K] == ["/Column", "/Column"]
        assert {len(list(r.K)) for r in rows} == {2}
        pages = {c.Pg.objgen for r in rows for c in r.K}
        assert len(pages) >= 2
        later_page = pdf.pages[1].obj.Contents.read_bytes()
    assert b"/Artifact <</Type /Pagination>> BDC" in later_page


def test_list_structure(sample):
    with pikepdf.open(sample) as pdf:
        lists = [e for e in _elements(pdf) if _role(e) == "L"]
        assert len(lists) == 1
        items = list(lists[0].K)
        assert [_role(i) for i in items] == ["LI", "LI"]
        assert [[_role(k) for k in i.K] for i in items] == [["Lbl", "LBody"]] * 2
    assert "• first item" in [p.text for p in extract(sample)]


def test_figure_has_alt_and_bbox(sample):
    with pikepdf.open(sample) as pdf:
        (figure,) = [e for e in _elements(pdf) if _role(e) == "Figure"]
        assert str(figure.Alt) == "A box with a label"
        assert len(figure.A.BBox) == 4
        fonts = {str(f.BaseFont) for p in pdf.pages for f in p.obj.Resources.Font.values()}
    assert not any("Helvetica" in f for f in fonts)


def test_link_element_holds_annotation(sample):
    with pikepdf.open(sample) as pdf:
        (link,) = [e for e in _elements(pdf) if _role(e) == "Link"]
        objr = [k for k in link.K if isinstance(k, pikepdf.Dictionary) and k.get("/Type") == "/OBJR"]
        assert len(objr) == 1
        annotation = objr[0].Obj
        assert str(annotation.Contents) == "the example site"
        key = int(annotation.StructParent)
        nums = list(pdf.Root.StructTreeRoot.ParentTree.Nums)
        assert nums[nums.index(key) + 1].objgen == link.objgen
        assert _role(link.P) == "P"
    assert "Read the example site today." in [p.text for p in extract(sample)]


def test_furniture_is_artifact(sample):
    texts = " ".join(p.text for p in extract(sample))
    assert "Footer page" not in texts
    if shutil.which("pdftotext"):
        shown = subprocess.run(["pdftotext", str(sample), "-"], capture_output=True, text=True, check=True).stdout
        assert "Footer page 1" in shown


def test_poppler_reads_the_tags(sample):
    require_tool("pdfinfo")
    info = subprocess.run(["pdfinfo", str(sample)], capture_output=True, text=True, check=True).stdout
    assert "Tagged:          yes" in info and "Suspects:        no" in info
    struct = subprocess.run(["pdfinfo", "-struct-text", str(sample)], capture_output=True, text=True,
                            check=True).stdout
    assert "word41 word42" in " ".join(struct.split())
    fonts = subprocess.run(["pdffonts", str(sample)], capture_output=True, text=True, check=True).stdout
    rows = fonts.splitlines()[2:]
    assert rows and all(row.split()[-5:-2] == ["yes", "yes", "yes"] for row in rows)


def test_qpdf_check(sample):
    require_tool("qpdf")
    result = subprocess.run(["qpdf", "--check", str(sample)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_reportlab_internals_still_there():
    """The private ReportLab hooks the layer relies on; a ReportLab upgrade that breaks one fails here."""
    assert reportlab.Version.startswith("5.")
    assert "getattr(tx,'_linkRecord'" in inspect.getsource(paragraph._putFragLine)
    assert "self._code.append('ET')" in inspect.getsource(PDFTextObject.getCode)
    assert "_textOut" in vars(PDFTextObject)
    draw = inspect.getsource(Table.draw)
    for event in ("'startCell'", "'endCell'", "'startBG'", "'startLines'"):
        assert event in draw
    assert "_annotationrefs" in inspect.getsource(__import__("reportlab.pdfgen.canvas", fromlist=["Canvas"]).Canvas._annotatePage)


def test_page_n_of_m_drawn_once_the_story_is_laid_out(tmp_path):
    from publisher.render.pdf.tagging import build_tagged_pdf
    from publisher.theme import load_theme

    fonts = register_fonts(load_theme())
    style = ParagraphStyle("body", fontName=fonts.regular, fontSize=18, leading=24)
    seen = []

    def furniture(canvas, doc):
        seen.append((canvas.getPageNumber(), doc.total_pages))
        canvas.setFont(fonts.regular, 18)
        canvas.drawString(72, 36, f"Page {canvas.getPageNumber()} of {doc.total_pages}")

    def story(doc):
        stories.append(doc)
        return [doc.heading(1, "Title", style), doc.paragraph(WORDS, style)]

    stories = []
    path = tmp_path / "numbered.pdf"
    path.write_bytes(build_tagged_pdf(story, title="Numbered", lang="en-US", fonts=fonts,
                                      furniture=furniture, count_pages=True))
    total = seen[-1][1]
    assert total and total > 1 and seen == [(n, total) for n in range(1, total + 1)]
    assert len(stories) == 1  # laid out once: the pages wait for their furniture
    assert [str(f) for f in audit(path) if f.severity == "error"] == []
    assert not any("Page 1 of" in p.text for p in extract(path))


def test_columns_taller_than_a_page_go_on_side_by_side_on_the_next_and_read_column_by_column(tmp_path):
    from publisher.audit.pdf_glyphs import read_glyphs
    from publisher.render.pdf.tagging import Columns
    from publisher.theme import load_theme

    fonts = register_fonts(load_theme())
    doc = TaggedDocBuilder(title="Columns", lang="en-US", fonts=fonts)
    style = ParagraphStyle("body", fontName=fonts.regular, fontSize=11, leading=14)
    head = ParagraphStyle("head", parent=style, keepWithNext=1)
    long_text = " ".join(WORDS.split()[:250])
    left = [doc.heading(1, "Left", head), doc.paragraph(long_text, style)]
    right = [doc.heading(2, "Right", head), doc.paragraph(long_text, style), doc.heading(2, "Last", head),
             doc.paragraph("short text", style)]
    path = tmp_path / "columns.pdf"
    path.write_bytes(doc.build([Columns([left, right])]))
    texts = [p.text for p in extract(path)]
    assert texts == ["Left", long_text, "Right", long_text, "Last", "short text"]
    pages = read_glyphs(path)
    assert len(pages) == 2
    for _, glyphs in pages:  # both columns on both pages
        middle = (min(g.x0 for g in glyphs) + max(g.x1 for g in glyphs)) / 2
        assert any(g.x1 < middle for g in glyphs) and any(g.x0 > middle for g in glyphs)
    assert [str(f) for f in audit(path) if f.severity == "error"] == []


def test_a_layout_is_written_only_when_asked(tmp_path, monkeypatch):
    from publisher.render.pdf.tagging import builder as builder_module
    from publisher.theme import load_theme

    fonts = register_fonts(load_theme())
    style = ParagraphStyle("body", fontName=fonts.regular, fontSize=18, leading=24)
    written = []
    real = builder_module.write_structure
    monkeypatch.setattr(builder_module, "write_structure", lambda *a, **k: written.append(1) or real(*a, **k))
    doc = builder_module.TaggedDocBuilder(title="Tried", lang="en-US", fonts=fonts)
    laid = doc.lay_out([doc.heading(1, "Title", style), doc.paragraph(WORDS, style)])
    assert laid.pages == doc.page_count > 1 and written == []  # a layout tried and refused costs no writing
    path = tmp_path / "kept.pdf"
    path.write_bytes(laid.write())
    assert written == [1]
    assert [str(f) for f in audit(path) if f.severity == "error"] == []
