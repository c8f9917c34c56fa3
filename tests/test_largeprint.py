"""The large-print edition and its audit: ACB rules read back from the file, glyph by glyph."""
from __future__ import annotations

import re
import subprocess

import pikepdf
import pytest
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable

from publisher.audit import largeprint as lp_audit
from publisher.audit.pdf import extract
from publisher.document import BulletList, Contact, FigureList, Heading, Links, Paragraph, Quotation, build_document
from publisher.errors import ContentError
from publisher.figures import figure_text
from publisher.render import FORMATS
from publisher.render.pdf import largeprint
from publisher.render.pdf.fonts import register_fonts
from publisher.render.pdf.tagging import Columns, TaggedDocBuilder
from tests.conftest import require_tool


def normalised(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def edition(release, theme, tmp_path_factory):
    path = tmp_path_factory.mktemp("largeprint") / "operation-last-mile-large-print.pdf"
    path.write_bytes(largeprint.render(release, theme))
    return path


@pytest.fixture(scope="module")
def glyph_pages(edition):
    return lp_audit.read_glyphs(edition)


# ---------------------------------------------------------------- the audit, on PDFs made to break it

@pytest.fixture(scope="module")
def fonts(theme):
    return register_fonts(theme)


def body_style(fonts, size=18) -> ParagraphStyle:
    return ParagraphStyle("t", fontName=fonts.regular, fontSize=size, leading=size * 1.4, spaceAfter=size * 1.4)


def make_pdf(tmp_path, fonts, story_maker, *, pagesize=LETTER, furniture=None, name="probe.pdf"):
    """A small tagged PDF made through the tagging layer, with 1-inch margins."""
    doc = TaggedDocBuilder(title="Probe", lang="en-US", fonts=fonts, pagesize=pagesize, margins=(72, 72, 72, 72))
    path = tmp_path / name
    path.write_bytes(doc.build(story_maker(doc), furniture))
    return path


def large_print_rules(path) -> list[str]:
    return [f.rule for f in lp_audit.audit(path) if f.rule.startswith("largeprint.")]


def test_a_clean_probe_passes(tmp_path, fonts):
    style = body_style(fonts)
    path = make_pdf(tmp_path, fonts, lambda doc: [
        doc.heading(1, "A heading", ParagraphStyle("h", parent=style, fontName=fonts.bold, fontSize=24, leading=32)),
        doc.paragraph("Plain words at eighteen points. " * 12, style),
        *doc.bullet_list(["One item", "Another item", "A third item, long enough to wrap " * 3], style),
    ])
    assert lp_audit.audit(path) == []


def test_catches_a_16_pt_run(tmp_path, fonts):
    style = body_style(fonts)
    path = make_pdf(tmp_path, fonts, lambda doc: [
        doc.paragraph('Large words, then <font size="16">a small run</font>, then large again.', style)])
    findings = [f for f in lp_audit.audit(path) if f.rule == "largeprint.text-size"]
    assert len(findings) == 1
    assert "16 pt" in findings[0].message and "asmallrun" in findings[0].message
    assert findings[0].location == "page 1"


def test_catches_text_made_small_by_the_transformation(tmp_path, fonts):
    class Shrunk(Flowable):
        def wrap(self, *_):
            return 200, 30

        def draw(self):
            self.canv.scale(0.8, 0.8)
            self.canv.setFont(fonts.regular, 18)
            self.canv.drawString(0, 0, "eighteen in the file, 14.4 on paper")

    path = make_pdf(tmp_path, fonts, lambda doc: [doc.tag(Shrunk(), "P")])
    assert "largeprint.text-size" in large_print_rules(path)


def test_catches_a_page_number_below_18_pt(tmp_path, fonts):
    def footer(canvas, doc):
        canvas.setFont(fonts.regular, 12)
        canvas.drawString(72, 80, f"Page {canvas.getPageNumber()}")

    path = make_pdf(tmp_path, fonts, lambda doc: [doc.paragraph("Body text.", body_style(fonts))], furniture=footer)
    assert "largeprint.text-size" in large_print_rules(path)


def italic_run_pdf(tmp_path, fonts, change):
    """A paragraph with one run in the bold face, whose font dictionary ``change`` then edits."""
    style = body_style(fonts)
    path = make_pdf(tmp_path, fonts, lambda doc: [
        doc.paragraph(f'Plain words and <font name="{fonts.bold}">an italic run</font> in the middle.', style)])
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        for font in pdf.pages[0].Resources.Font.values():
            if "Bold" in str(font.BaseFont):
                change(font)
        pdf.save(path)
    return path


def test_catches_an_italic_font_by_name(tmp_path, fonts):
    def rename(font):
        font.BaseFont = pikepdf.Name("/AAAAAA+AtkinsonHyperlegibleNext-Italic")
        font.FontDescriptor.FontName = pikepdf.Name("/AAAAAA+AtkinsonHyperlegibleNext-Italic")

    findings = [f for f in lp_audit.audit(italic_run_pdf(tmp_path, fonts, rename)) if f.rule == "largeprint.italic"]
    assert len(findings) == 1 and "anitalicrun" in findings[0].message


def test_catches_an_italic_font_by_its_descriptor(tmp_path, fonts):
    def flag(font):
        font.FontDescriptor.Flags = int(font.FontDescriptor.Flags) | 64

    def angle(font):
        font.FontDescriptor.ItalicAngle = -12

    assert "largeprint.italic" in large_print_rules(italic_run_pdf(tmp_path, fonts, flag))
    assert "largeprint.italic" in large_print_rules(italic_run_pdf(tmp_path, fonts, angle))


def test_catches_synthetic_oblique_text(tmp_path, fonts):
    class Slanted(Flowable):
        def wrap(self, *_):
            return 300, 30

        def draw(self):
            self.canv.skew(0, 12)
            self.canv.setFont(fonts.regular, 18)
            self.canv.drawString(0, 0, "slanted by the matrix")

    path = make_pdf(tmp_path, fonts, lambda doc: [doc.tag(Slanted(), "P")])
    findings = [f for f in lp_audit.audit(path) if f.rule == "largeprint.italic"]
    assert findings and "slanted" in findings[0].message


def test_catches_a_glyph_in_the_margin(tmp_path, fonts):
    def footer(canvas, doc):
        canvas.setFont(fonts.regular, 18)
        canvas.drawString(72, 40, "In the bottom margin")

    path = make_pdf(tmp_path, fonts, lambda doc: [doc.paragraph("Body text.", body_style(fonts))], furniture=footer)
    findings = [f for f in lp_audit.audit(path) if f.rule == "largeprint.margin"]
    assert len(findings) == 1 and "Inthebottommargin" in findings[0].message


def test_catches_text_set_in_the_margin_by_narrow_margins(tmp_path, fonts):
    doc = TaggedDocBuilder(title="Probe", lang="en-US", fonts=fonts, margins=(36, 36, 36, 36))
    path = tmp_path / "narrow.pdf"
    path.write_bytes(doc.build([doc.paragraph("Wide text " * 40, body_style(fonts))]))
    assert "largeprint.margin" in large_print_rules(path)


def test_catches_a_two_column_page(tmp_path, fonts):
    style = body_style(fonts)

    def story(doc):
        left = [doc.paragraph("The left column holds these words. " * 4, style)]
        right = [doc.paragraph("The right column holds other words. " * 4, style)]
        return [Columns([left, right], gap=24)]

    path = make_pdf(tmp_path, fonts, story)
    assert large_print_rules(path) == ["largeprint.columns"]


def test_a_hanging_bullet_list_is_one_column(tmp_path, fonts):
    style = body_style(fonts)
    path = make_pdf(tmp_path, fonts, lambda doc: doc.bullet_list([f"Item number {n} of the list" for n in range(8)],
                                                                  style, numbered=True))
    assert large_print_rules(path) == []


def test_catches_a_page_that_is_not_letter(tmp_path, fonts):
    doc_style = body_style(fonts)
    path = make_pdf(tmp_path, fonts, lambda doc: [doc.paragraph("Body.", doc_style)], pagesize=A4)
    assert "largeprint.page-size" in large_print_rules(path)


def test_includes_the_pdf_audit(tmp_path, fonts):
    from reportlab.pdfgen.canvas import Canvas

    path = tmp_path / "untagged.pdf"
    canvas = Canvas(str(path), pagesize=LETTER)
    canvas.setFont(fonts.regular, 18)
    canvas.drawString(100, 400, "Untagged text")
    canvas.save()
    rules = {f.rule for f in lp_audit.audit(path)}
    assert "pdf.7.1-untagged" in rules and "largeprint.text-size" not in rules


# ---------------------------------------------------------------- the layout data

def test_layout_refuses_what_falls_short_of_the_guidelines(tmp_path):
    text = largeprint.DEFAULT_LAYOUT.read_text(encoding="utf-8")
    for field, bad in (("body_size", "16"), ("line_spacing", "1.15"), ("margin", "54"), ("title_size", "20"),
                       ("page_number_size", "12"), ("page", "a4")):
        path = tmp_path / f"{field}.yaml"
        path.write_text(re.sub(rf"^{field}: .*$", f"{field}: {bad}", text, flags=re.M), encoding="utf-8")
        with pytest.raises(ContentError) as error:
            largeprint.load_layout(path)
        assert field in str(error.value)


def test_layout_colours_need_enhanced_contrast(release, theme, tmp_path):
    text = largeprint.DEFAULT_LAYOUT.read_text(encoding="utf-8").replace("text: ink", "text: accent")
    path = tmp_path / "muted.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ContentError, match="7.0:1"):
        largeprint.render(release, theme, largeprint.load_layout(path))


# ---------------------------------------------------------------- the edition

def test_registered():
    entry = FORMATS["largeprint"]
    assert entry.file_name("x") == "x-large-print.pdf"
    assert entry.renderer() is largeprint and entry.auditor() is lp_audit and entry.fonts


def test_the_edition_passes_both_audits(edition):
    assert [str(f) for f in lp_audit.audit(edition)] == []


def test_letter_pages_with_metadata(edition, release):
    with pikepdf.open(edition) as pdf:
        assert all([round(float(v)) for v in page.mediabox] == [0, 0, 612, 792] for page in pdf.pages)
        assert str(pdf.Root.Lang) == release.language
        assert str(pdf.docinfo.Title) == normalised(release.title)


def expected_texts(release) -> list[str]:
    """What a reader must meet, in order: every heading, paragraph, item, figure, quote, link, line."""
    texts = []
    for block in build_document(release).blocks:
        if isinstance(block, (Heading, Paragraph)):
            texts.append(block.text)
        elif isinstance(block, BulletList):
            texts += ([block.title] if block.title else []) + list(block.items)
        elif isinstance(block, FigureList):
            texts += ([block.title] if block.title else []) + [f"{f.label}: {f.text}" for f in block.figures]
        elif isinstance(block, Quotation):
            texts += [f"\u201c{block.text}\u201d", f"\u2014 {block.attribution}"]
        elif isinstance(block, Links):
            texts += [block.title] + [link.text for link in block.links]
        elif isinstance(block, Contact):
            texts += [block.title] + [line for line in block.lines if "://" not in line]
    return [normalised(t) for t in texts]


def in_order(whole: str, texts: list[str]) -> None:
    position = 0
    for text in texts:
        found = whole.find(text, position)
        assert found >= 0, f"not found in order after position {position}: {text!r}"
        position = found + len(text)


def test_struct_text_reads_everything_in_order_with_words_separated(edition, release):
    require_tool("pdfinfo")
    out = subprocess.run(["pdfinfo", "-struct-text", str(edition)], capture_output=True, text=True, check=True).stdout
    whole = normalised(" ".join(re.findall(r'^\s*"(.*)"\s*$', out, flags=re.M)))
    in_order(whole, expected_texts(release))
    squeezed = whole.replace(" ", "")
    for link in release.links:
        assert link.url in squeezed
    assert not re.search(r"Page \d+ of \d+", whole), "page numbers must be artifacts"


def test_extract_reads_every_figure_exactly(edition, release):
    whole = normalised(" ".join(p.text for p in extract(edition)))
    for figure in release.figures.values():
        assert f"{normalised(figure.label)}: {normalised(figure_text(figure))}" in whole
    assert [p.location.split(", ")[-1] for p in extract(edition)][0] == "H1"


def test_poppler_sees_a_tagged_file_with_embedded_fonts(edition):
    require_tool("pdfinfo")
    info = subprocess.run(["pdfinfo", str(edition)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Tagged:\s+yes$", info, re.M) and re.search(r"^Suspects:\s+no$", info, re.M)
    rows = subprocess.run(["pdffonts", str(edition)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert rows and all(row.split()[-5:-2] == ["yes", "yes", "yes"] for row in rows)


def test_qpdf_finds_the_file_sound(edition):
    require_tool("qpdf")
    assert subprocess.run(["qpdf", "--check", str(edition)], capture_output=True).returncode == 0


def test_sizes_and_weights(glyph_pages, release):
    glyphs = [g for _, page in glyph_pages for g in page]
    assert min(g.size for g in glyphs) >= 18 - 1e-6
    bold = [g for g in glyphs if g.font.endswith("-Bold")]
    assert {round(g.size) for g in bold} == {24, 22, 20}
    assert all(g.font.endswith(("-Regular", "-Bold")) for g in glyphs)
    headings = {normalised(b.text) for b in build_document(release).blocks if isinstance(b, Heading)}
    headings |= {normalised(b.title) for b in build_document(release).blocks
                 if isinstance(b, (BulletList, FigureList, Links, Contact)) and b.title}
    for _, page in glyph_pages:  # bold only in headings: every bold line spells part of a heading
        for row in lp_audit._rows([g for g in page if g.font.endswith("-Bold")]):
            line = "".join(g.text for g in row)
            assert any(line in h.replace(" ", "") for h in headings), line


def test_page_numbers_line_spacing_and_headings_kept_with_text(glyph_pages):
    total = len(glyph_pages)
    for number, (_, page) in enumerate(glyph_pages, start=1):
        rows = lp_audit._rows(page)
        assert "".join(g.text for g in rows[-1]) == f"Page{number}of{total}"
        text_rows = rows[:-1]
        gaps = [a[0].baseline - b[0].baseline for a, b in zip(text_rows, text_rows[1:])]
        assert min(gaps) >= 1.3 * 18
        assert not text_rows[-1][-1].font.endswith("-Bold"), f"page {number} ends with a heading"
        assert min(g.x0 for g in page) == pytest.approx(min(g.x0 for _, p in glyph_pages for g in p), abs=0.5)


def test_no_widows_or_orphans(edition, glyph_pages):
    """A paragraph or item split across pages keeps at least two of its lines on each page."""
    lines: dict[tuple, dict[int, int]] = {}
    with pikepdf.open(edition) as pdf:
        parents = pdf.Root.StructTreeRoot.ParentTree.Nums
        by_key = {int(parents[i]): parents[i + 1] for i in range(0, len(parents), 2)}
        for index, (page, (_, glyphs)) in enumerate(zip(pdf.pages, glyph_pages)):
            elements = by_key[int(page.StructParents)]
            owners: dict[tuple, list] = {}
            for glyph in glyphs:
                if glyph.mcid is not None:
                    owners.setdefault(elements[glyph.mcid].objgen, []).append(glyph)
            for owner, owned in owners.items():
                lines.setdefault(owner, {})[index] = len(lp_audit._rows(owned))
    split = {owner: pages for owner, pages in lines.items() if len(pages) > 1}
    assert split, "the edition is long enough that some paragraph runs across a page"
    for owner, pages in split.items():
        assert min(pages.values()) >= 2, (owner, pages)


def test_minimal_release_renders_clean(write_content, theme, tmp_path):
    from publisher.load import load

    path = tmp_path / "minimal-large-print.pdf"
    path.write_bytes(largeprint.render(load(write_content()).release, theme))
    assert [str(f) for f in lp_audit.audit(path)] == []


def test_any_release_renders_clean(write_content, theme, tmp_path):
    """No section headings, a list before any heading, a long list, long words and many figures."""
    from publisher.load import load

    def change(data):
        data["figures"] |= {f"f{i}": {"value": 10 ** (i % 9) * 7, "unit": "cases", "label": f"Measure {'abcdefghij'[i % 10]}{'klmnopq'[i // 10]}",
                                     "group": ["One", "Two"][i % 2]} for i in range(60)}
        data["lists"] = {"things": {"title": "Things", "items": [f"Item {'W' * 38} {'abcdefghij'[i % 10]}{'klmnopq'[i // 10]}" for i in range(70)]}}
        data["quotes"] = {"q": {"text": "Words. " * 200, "speaker": "A Speaker"}}
        data["sections"] = [{"blocks": [{"list": "things"}, "{f1} and {f2}.", {"quote": "q"}]},
                            {"blocks": ["Another paragraph " * 30]}]

    path = tmp_path / "strange-large-print.pdf"
    release = load(write_content(change=change)).release
    path.write_bytes(largeprint.render(release, theme))
    assert [str(f) for f in lp_audit.audit(path)] == []
    whole = normalised(" ".join(p.text for p in extract(path)))
    for figure in release.figures.values():
        assert normalised(figure_text(figure)) in whole
