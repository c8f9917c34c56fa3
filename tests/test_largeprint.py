"""The large-print edition and its audit: ACB rules read back from the file, glyph by glyph."""
from __future__ import annotations

import re
import subprocess
import sys
import warnings

import pikepdf
import pytest
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable

from publisher.audit import largeprint as lp_audit
from publisher.audit import pdf_glyphs
from publisher.audit.pdf import extract
from publisher.document import BulletList, Contact, Heading, KeyFigures, Links, Paragraph, Quotation, build_document
from publisher.errors import ContentError
from publisher.figures import figure_text, figure_value
from publisher.formats import get
from publisher.labels import load_labels
from publisher.render.pdf import largeprint
from publisher.render.pdf.fonts import register_fonts
from publisher.render.pdf.tagging import Columns, TaggedDocBuilder
from publisher.spec import Options
from publisher.spec.factsheet import FactSheetOptions
from tests.conftest import require_tool


def normalised(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def edition(large_print):
    return large_print


@pytest.fixture(scope="module")
def glyph_pages(edition):
    return pdf_glyphs.read_glyphs(edition)


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
    assert "pdf.7.1-t11" in rules and "largeprint.text-size" not in rules


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
        largeprint.lay_out(release, theme, largeprint.load_layout(path))


# ---------------------------------------------------------------- the edition

def test_registered():
    entry = get("largeprint")
    assert entry.file_name("x") == "x-large-print.pdf"
    assert entry.render_module == largeprint.__name__ and entry.audit_module == lp_audit.__name__ and entry.fonts


def test_the_edition_passes_both_audits(edition):
    assert [str(f) for f in lp_audit.audit(edition)] == []


def test_letter_pages_with_metadata(edition, release):
    with pikepdf.open(edition) as pdf:
        assert all([round(float(v)) for v in page.mediabox] == [0, 0, 612, 792] for page in pdf.pages)
        assert str(pdf.Root.Lang) == release.language
        assert str(pdf.docinfo.Title) == normalised(release.title)


def test_page_numbers_and_subject_come_from_the_themes_labels(release, tmp_path):
    require_tool("pdftotext")
    from pathlib import Path

    from publisher.labels import DEFAULT_FOLDER
    from publisher.theme import load_theme

    (tmp_path / "theme.yaml").write_text(Path(load_theme().folder / "theme.yaml").read_text(encoding="utf-8")
                                         + "\nlabels: words\n", encoding="utf-8")
    (tmp_path / "words").mkdir()
    english = (DEFAULT_FOLDER / "en.yaml").read_text(encoding="utf-8")
    renamed = english.replace('"Page {page} of {pages}"', '"Sheet {page} / {pages}"').replace(
        "large_print: Large-print edition", "large_print: Edition in large type")
    assert renamed != english
    (tmp_path / "words" / "en.yaml").write_text(renamed, encoding="utf-8")
    path = tmp_path / "renamed.pdf"
    path.write_bytes(largeprint.render(release, load_theme(tmp_path / "theme.yaml"), Options()))
    with pikepdf.open(path) as pdf:
        pages = len(pdf.pages)
        assert str(pdf.docinfo.Subject).startswith("Edition in large type: ")
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert [f"Sheet {n} / {pages}" in text for n in range(1, pages + 1)] == [True] * pages
    assert "Page " not in text and "Large-print edition" not in text


def expected_texts(release) -> list[str]:
    """What a reader must meet, in order: every heading, paragraph, item, figure, quote, link, line."""
    texts = []
    for block in build_document(release, load_labels("en")).blocks:
        if isinstance(block, (Heading, Paragraph)):
            texts.append(block.text)
        elif isinstance(block, BulletList):
            texts += ([block.title] if block.title else []) + list(block.items)
        elif isinstance(block, KeyFigures):  # one plain list: the groups' names are not repeated
            texts += [block.title] + [f.line for group in block.groups for f in group.figures]
        elif isinstance(block, Quotation):
            texts += [f"\u201c{block.text}\u201d", f"\u2014 {block.attribution}"]
        elif isinstance(block, Links):
            texts += [block.title] + [link.text for link in block.links]
        elif isinstance(block, Contact):
            texts += [block.title] + [line.text for line in block.lines if "://" not in line.text]
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
        assert f"{normalised(figure.label)}: {normalised(figure_value(figure))}" in whole
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
    assert {round(g.size) for g in bold} == {24, 22, 20, 18}  # 18: the attributions of quotes
    assert all(g.font.endswith(("-Regular", "-Bold")) for g in glyphs)
    blocks = build_document(release, load_labels("en")).blocks
    headings = {normalised(b.text) for b in blocks if isinstance(b, Heading)}
    headings |= {normalised(b.title) for b in blocks if isinstance(b, (BulletList, KeyFigures, Links, Contact)) and b.title}
    headings |= {normalised(f"\u2014 {b.attribution}") for b in blocks if isinstance(b, Quotation)}
    for _, page in glyph_pages:  # bold only in headings and attributions: every bold line spells part of one
        for row in lp_audit._rows([g for g in page if g.font.endswith("-Bold")]):
            line = "".join(g.text for g in row)
            assert any(line in h.replace(" ", "") for h in headings), line


def test_page_numbers_line_spacing_and_headings_kept_with_text(glyph_pages):
    total = len(glyph_pages)
    for number, (_, page) in enumerate(glyph_pages, start=1):
        rows = lp_audit._rows(page)
        assert "".join(g.text for g in rows[-1]) == f"Page{number}of{total}"
        text_rows = rows[:-1]
        gaps = [a[0].baseline - b[0].baseline for a, b in zip(text_rows, text_rows[1:], strict=False)]
        assert min(gaps) >= 1.3 * 18
        last = text_rows[-1][-1]
        assert not (last.font.endswith("-Bold") and last.size >= 20), f"page {number} ends with a heading"
        margin = min(g.x0 for _, p in glyph_pages for g in p)  # the text's edge, or a quote's indent from it
        assert min(g.x0 for g in page) in (pytest.approx(margin, abs=0.5), pytest.approx(margin + 27, abs=0.5))


def test_no_widows_or_orphans(edition, glyph_pages):
    """A paragraph or item split across pages keeps at least two of its lines on each page."""
    lines: dict[tuple, dict[int, int]] = {}
    with pikepdf.open(edition) as pdf:
        parents = pdf.Root.StructTreeRoot.ParentTree.Nums
        by_key = {int(parents[i]): parents[i + 1] for i in range(0, len(parents), 2)}
        for index, (page, (_, glyphs)) in enumerate(zip(pdf.pages, glyph_pages, strict=False)):
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
    path.write_bytes(largeprint.render(load(write_content()).release, theme, Options()))
    assert [str(f) for f in lp_audit.audit(path)] == []


def test_any_release_renders_clean(write_content, theme, tmp_path):
    """No section headings, a list before any heading, a long list, long words and many figures."""
    from publisher.load import load

    def change(data):
        def tag(i):
            return f"{'abcdefghij'[i % 10]}{'klmnopq'[i // 10]}"

        data["figures"] |= {f"f{i}": {"value": 10 ** (i % 9) * 7, "unit": "cases", "label": f"Measure {tag(i)}",
                                     "group": ["One", "Two"][i % 2]} for i in range(60)}
        data["lists"] = {"things": {"title": "Things", "items": [f"Item {'W' * 38} {tag(i)}" for i in range(70)]}}
        data["quotes"] = {"q": {"text": "Words. " * 200, "speaker": "A Speaker"}}
        data["sections"] = [{"blocks": [{"list": "things"}, "{f1} and {f2}.", {"quote": "q"}]},
                            {"blocks": ["Another paragraph " * 30]}]

    path = tmp_path / "strange-large-print.pdf"
    release = load(write_content(change=change)).release
    path.write_bytes(largeprint.render(release, theme, Options()))
    assert [str(f) for f in lp_audit.audit(path)] == []
    whole = normalised(" ".join(p.text for p in extract(path)))
    for figure in release.figures.values():
        assert normalised(figure_text(figure)) in whole


# ---------------------------------------------------------------- the glyph reader against an independent one

def pdfminer_glyphs(path) -> list[tuple[tuple[float, ...], list[pdf_glyphs.Glyph]]]:
    """Per page, the media box and the visible glyphs as pdfminer.six places them: the reference
    reader (the audit read glyphs this way before it had its own interpreter)."""
    pytest.importorskip("pdfminer")
    from pdfminer.converter import PDFLayoutAnalyzer
    from pdfminer.pdffont import PDFUnicodeNotDefined
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.utils import apply_matrix_rect

    class Collector(PDFLayoutAnalyzer):
        def __init__(self, manager):
            super().__init__(manager, pageno=1, laparams=None)
            self.glyphs, self.marks = [], []

        def begin_tag(self, tag, props=None):
            mcid = props.get("MCID") if isinstance(props, dict) else None
            self.marks.append(mcid if isinstance(mcid, int) else (self.marks[-1] if self.marks else None))

        def end_tag(self):
            if self.marks:
                self.marks.pop()

        def render_char(self, matrix, font, fontsize, scaling, rise, cid, ncs, graphicstate):
            try:
                text = font.to_unichr(cid)
            except PDFUnicodeNotDefined:
                text = self.handle_undefined_char(font, cid)
            advance = font.char_width(cid) * fontsize * scaling
            if not text.strip():
                return advance
            vertical = font.is_vertical()
            if vertical:
                vx, vy = font.char_disp(cid)
                vx = fontsize * 0.5 if vx is None else vx * fontsize * 0.001
                vy = (1000 - vy) * fontsize * 0.001
                box = (-vx, vy + rise + advance, -vx + fontsize, vy + rise)
            else:
                descent = font.get_descent() * fontsize
                box = (0, descent + rise, advance, descent + rise + fontsize)
            x0, y0, x1, y1 = apply_matrix_rect(matrix, box)
            x0, x1, y0, y1 = min(x0, x1), max(x0, x1), min(y0, y1), max(y0, y1)
            a, b, c, d, _, f = matrix
            slanted = abs(a * c + b * d) > 0.01 * max(abs(a * d - b * c), 1e-9)
            italic = pdf_glyphs._italic_reason(str(font.fontname), str(getattr(font, "basefont", "")),
                                             int(font.flags or 0), float(font.italic_angle or 0))
            self.glyphs.append(pdf_glyphs.Glyph(text, font.fontname, x1 - x0 if vertical else y1 - y0, x0, y0, x1, y1,
                                              f + rise * d, slanted, italic, self.marks[-1] if self.marks else None))
            return advance

        def receive_layout(self, ltpage):
            pass

    pages = []
    with warnings.catch_warnings(), open(path, "rb") as handle:
        warnings.simplefilter("ignore")
        manager = PDFResourceManager(caching=True)
        for page in PDFPage.get_pages(handle):
            device = Collector(manager)
            PDFPageInterpreter(manager, device).process_page(page)
            pages.append((tuple(float(v) for v in page.mediabox), device.glyphs))
    return pages


def assert_same_glyphs(path, *, rotated: bool = False, check_box: bool = True) -> int:
    """Our reader and pdfminer agree glyph for glyph: text, box within 0.05 pt, MCID, slant, font."""
    ours, theirs = pdf_glyphs.read_glyphs(path), pdfminer_glyphs(path)
    assert len(ours) == len(theirs)
    for number, ((box, mine), (their_box, reference)) in enumerate(zip(ours, theirs, strict=False), start=1):
        width, height = abs(their_box[2] - their_box[0]), abs(their_box[3] - their_box[1])
        assert not check_box or box == pytest.approx((0, 0, height, width) if rotated else (0, 0, width, height))
        assert [g.text for g in mine] == [g.text for g in reference], f"page {number}"
        for glyph, expected in zip(mine, reference, strict=False):
            where = f"page {number}: {glyph} != {expected}"
            assert (glyph.mcid, glyph.slanted, glyph.font, glyph.italic_font) == (
                expected.mcid, expected.slanted, expected.font, expected.italic_font), where
            assert all(abs(getattr(glyph, k) - getattr(expected, k)) <= lp_audit.TOLERANCE
                       for k in ("x0", "y0", "x1", "y1", "size", "baseline")), where
    return sum(len(page) for _, page in ours)


@pytest.fixture(scope="module")
def fact_sheet(release, theme, tmp_path_factory):
    from publisher.render.pdf import factsheet

    path = tmp_path_factory.mktemp("factsheet") / "operation-last-mile-fact-sheet.pdf"
    path.write_bytes(factsheet.render(release, theme, FactSheetOptions()))
    return path


def test_the_editions_glyphs_agree_with_pdfminer(edition):
    assert assert_same_glyphs(edition) > 3000


def test_the_fact_sheets_glyphs_agree_with_pdfminer(fact_sheet):
    """Small text, a table and two columns: a page unlike the large-print edition's."""
    assert assert_same_glyphs(fact_sheet) > 1000
    assert {"largeprint.text-size", "largeprint.columns"} <= set(large_print_rules(fact_sheet))


def test_the_probes_glyphs_agree_with_pdfminer(tmp_path, fonts):
    class Drawn(Flowable):
        def __init__(self, *transforms):
            super().__init__()
            self.transforms = transforms

        def wrap(self, *_):
            return 300, 40

        def draw(self):
            for name, args in self.transforms:
                getattr(self.canv, name)(*args)
            self.canv.setFont(fonts.regular, 18)
            self.canv.drawString(0, 0, "drawn through a transformation")

    style = body_style(fonts)
    path = make_pdf(tmp_path, fonts, lambda doc: [
        doc.paragraph('Large words, then <font size="16">a small run</font>, and '
                      f'<font name="{fonts.bold}">a bold one</font>.', style),
        doc.tag(Drawn(("scale", (0.8, 0.8))), "P"),
        doc.tag(Drawn(("skew", (0, 12))), "P"),
        doc.tag(Drawn(("rotate", (30,)), ("scale", (-1, 1))), "P"),
        *doc.bullet_list([f"Item {n}" for n in range(3)], style, numbered=True),
    ])
    assert assert_same_glyphs(path) > 100


def test_a_rotated_page_is_read_as_displayed(tmp_path, fonts):
    path = make_pdf(tmp_path, fonts, lambda doc: [doc.paragraph("Words on a turned page. " * 6, body_style(fonts))])
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        pdf.pages[0].Rotate = 90
        pdf.save(path)
    assert assert_same_glyphs(path, rotated=True) > 20
    [(box, glyphs)] = pdf_glyphs.read_glyphs(path)
    assert box == (0, 0, 792, 612)
    assert "largeprint.page-size" in large_print_rules(path)


# ---------------------------------------------------------------- the text state, by hand (ISO 32000-1, 9.3 - 9.4)

def handmade_pdf(tmp_path, content: bytes, *, forms: dict | None = None, properties: dict | None = None,
                 name: str = "hand.pdf"):
    """One Letter page drawing ``content`` with /F1, a simple font: codes 32-126 500 units wide but the
    space (250), any other code the MissingWidth (800), descent 200 units; and /F2, a Type0 Identity-H
    font whose codes 1-3 are A, B and a space (600, 400, 400 units) and 4 is unmapped (DW 1000)."""
    pdf = pikepdf.new()
    simple = pdf.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name("/Probe-Regular"),
        FirstChar=32, LastChar=126, Widths=[250] + [500] * 94, Encoding=pikepdf.Name.WinAnsiEncoding,
        FontDescriptor=pikepdf.Dictionary(Type=pikepdf.Name.FontDescriptor, FontName=pikepdf.Name("/Probe-Regular"),
                                          Flags=32, Descent=-200, Ascent=800, ItalicAngle=0, MissingWidth=800,
                                          FontBBox=[0, -200, 1000, 800], CapHeight=700, StemV=80)))
    cmap = (b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap 1 begincodespacerange <0000> <FFFF> "
            b"endcodespacerange 3 beginbfchar <0001> <0041> <0002> <0042> <0003> <0020> endbfchar endcmap "
            b"CMapName currentdict /CMap defineresource pop end end")
    composite = pdf.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type0, BaseFont=pikepdf.Name("/Probe-CID"),
        Encoding=pikepdf.Name("/Identity-H"), ToUnicode=pdf.make_stream(cmap),
        DescendantFonts=[pdf.make_indirect(pikepdf.Dictionary(
            Type=pikepdf.Name.Font, Subtype=pikepdf.Name.CIDFontType2, BaseFont=pikepdf.Name("/Probe-CID"),
            CIDSystemInfo=pikepdf.Dictionary(Registry=pikepdf.String("Adobe"), Ordering=pikepdf.String("Identity"),
                                             Supplement=0),
            W=[1, [600], 2, 3, 400], DW=1000,
            FontDescriptor=pikepdf.Dictionary(Type=pikepdf.Name.FontDescriptor, FontName=pikepdf.Name("/Probe-CID"),
                                              Flags=32, Descent=-300, Ascent=700, ItalicAngle=0,
                                              FontBBox=[0, -300, 1000, 700], CapHeight=700, StemV=80)))]))
    resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=simple, F2=composite))
    if forms:
        resources.XObject = pikepdf.Dictionary()
        made = {key: pdf.make_stream(data, Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Form,
                                     BBox=[0, 0, 612, 792], **extra) for key, (data, extra) in forms.items()}
        named = pikepdf.Dictionary({f"/{key}": stream for key, stream in made.items()})
        for key, stream in made.items():  # each form has its own resources: the font as /G1, every form
            stream.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(G1=simple), XObject=named)
            resources.XObject[f"/{key}"] = stream
    if properties:
        resources.Properties = pikepdf.Dictionary({f"/{k}": pikepdf.Dictionary(v) for k, v in properties.items()})
    page = pdf.add_blank_page(page_size=(612, 792))
    page.Resources = resources
    page.Contents = pdf.make_stream(content)
    path = tmp_path / name
    pdf.save(path)
    return path


def boxes(path) -> list[tuple]:
    [(_, glyphs)] = pdf_glyphs.read_glyphs(path)
    return [(g.text, round(g.x0, 3), round(g.y0, 3), round(g.x1, 3), round(g.y1, 3), round(g.baseline, 3))
            for g in glyphs]


def test_spacing_scaling_rise_and_kerning(tmp_path):
    # 20 pt, Tz 50: an advance of 500 units is 5 pt; Tc 2 and Tw 3 are 1 and 1.5 pt; the -1000 kern 10 pt.
    # Tc follows every glyph, the last of a string too (pdfminer leaves it out: the A would be at 126).
    path = handmade_pdf(tmp_path, b"BT /F1 20 Tf 1 0 0 1 100 500 Tm 2 Tc 3 Tw 50 Tz 4 Ts [(A) -1000 (B)] TJ ( A) Tj ET")
    assert boxes(path) == [("A", 100, 500, 105, 520, 504), ("B", 116, 500, 121, 520, 504),
                           ("A", 127, 500, 132, 520, 504)]


def test_word_spacing_is_for_the_single_byte_space_only(tmp_path):
    path = handmade_pdf(tmp_path, b"BT /F2 10 Tf 100 100 Td 5 Tw <0001000200030004> Tj ET")
    assert boxes(path) == [("A", 100, 97, 106, 107, 100), ("B", 106, 97, 110, 107, 100),
                           ("(cid:4)", 114, 97, 124, 107, 100)]
    assert assert_same_glyphs(path) == 3


def test_missing_width_and_descent(tmp_path):
    path = handmade_pdf(tmp_path, b"BT /F1 10 Tf 100 100 Td (\\200A) Tj ET")  # code 128: past /LastChar
    assert boxes(path) == [("\u20ac", 100, 98, 108, 108, 100), ("A", 108, 98, 113, 108, 100)]
    assert assert_same_glyphs(path) == 2


def test_a_standard_14_font_without_widths_has_its_afm_metrics(tmp_path):
    pdf = pikepdf.new()
    page = pdf.add_blank_page(page_size=(612, 792))
    page.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=pikepdf.Dictionary(
        Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica)))
    page.Contents = pdf.make_stream(b"BT /F1 20 Tf 100 100 Td (Hello, World) Tj ET")
    pdf.save(tmp_path / "helvetica.pdf")
    assert assert_same_glyphs(tmp_path / "helvetica.pdf") == 11
    assert boxes(tmp_path / "helvetica.pdf")[-1] == ("d", 197.78, 95.86, 208.9, 115.86, 100)


def test_lines_leading_and_the_quote_operators(tmp_path):
    # " sets Tw and Tc, then moves to the next line like ' (pdfminer stays on the line)
    path = handmade_pdf(tmp_path, b"BT /F1 20 Tf 100 600 Td 30 TL (A) Tj T* (B) Tj 0 -40 TD (C) Tj T* (D) Tj "
                                  b"(E) ' 7 2 (FG) \" ET")
    assert [(t, x0, baseline) for t, x0, _, _, _, baseline in boxes(path)] == [
        ("A", 100, 600), ("B", 100, 570), ("C", 100, 530), ("D", 100, 490), ("E", 100, 450),
        ("F", 100, 410), ("G", 112, 410)]


def test_text_matrix_and_transformation(tmp_path):
    path = handmade_pdf(tmp_path, b"q 2 0 0 2 10 10 cm BT /F1 10 Tf 1 0 0 1 50 100 Tm (A) Tj ET Q "
                                  b"BT /F1 10 Tf 3 0 0 1 300 300 Tm (A) Tj ET")
    assert boxes(path) == [("A", 110, 206, 120, 226, 210), ("A", 300, 298, 315, 308, 300)]
    [(_, glyphs)] = pdf_glyphs.read_glyphs(path)
    assert [round(g.size, 3) for g in glyphs] == [20, 10]


def test_form_xobjects_with_their_matrix_resources_and_no_endless_loop(tmp_path):
    # the form draws itself (drawn once), with its own font name /G1, moved by its /Matrix and the page's cm
    path = handmade_pdf(tmp_path, b"q 2 0 0 2 0 0 cm /Fm1 Do Q BT /F1 20 Tf 300 300 Td (A) Tj ET",
                        forms={"Fm1": (b"BT /G1 10 Tf 0 0 Td (B) Tj ET /Fm1 Do", {"Matrix": [1, 0, 0, 1, 50, 50]})})
    assert boxes(path) == [("B", 100, 96, 110, 116, 100), ("A", 300, 296, 310, 316, 300)]
    assert assert_same_glyphs(path) == 2


def test_marked_content_ids(tmp_path):
    path = handmade_pdf(tmp_path, b"/P <</MCID 0>> BDC BT /F1 20 Tf 100 700 Td (A) Tj /Span BMC (B) Tj EMC ET EMC "
                                  b"/Artifact BMC BT /F1 20 Tf 100 650 Td (C) Tj ET EMC "
                                  b"/P /MC1 BDC BT /F1 20 Tf 100 600 Td (D) Tj ET EMC "
                                  b"BT /F1 20 Tf 100 550 Td (E) Tj ET",
                        properties={"MC1": {"/MCID": 5}})
    [(_, glyphs)] = pdf_glyphs.read_glyphs(path)
    assert [(g.text, g.mcid) for g in glyphs] == [("A", 0), ("B", 0), ("C", None), ("D", 5), ("E", None)]


def test_vertical_writing_is_approximated_as_pdfminer_does(tmp_path):
    path = handmade_pdf(tmp_path, b"BT /F2 20 Tf 300 700 Td [<00010002> -200 <0004>] TJ ET")
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        font = pdf.pages[0].Resources.Font.F2
        font.Encoding = pikepdf.Name("/Identity-V")
        font.DescendantFonts[0].W2 = [1, [-1000, 300, 880], 4, 4, -800, 250, 800]
        pdf.save(path)
    assert assert_same_glyphs(path) == 3


def test_malformed_operators_are_skipped(tmp_path):
    path = handmade_pdf(tmp_path, b"(x) (y) 1 2 3 4 cm BT /F1 (big) Tf /Nope 20 Tf (A) Tj /F1 20 Tf 100 100 Td "
                                  b"[/N (B) true 5] TJ /F1 Tj 7 Tj ET")
    assert [t for t, *_ in boxes(path)] == ["A", "B"]  # A in a font the page does not have, still measured


@pytest.mark.filterwarnings("ignore::UserWarning")  # the PDF audit's own parse of the broken stream warns
def test_an_unreadable_content_stream_is_a_finding(tmp_path):
    path = handmade_pdf(tmp_path, b"BT /F1 20 Tf 100 100 Td (unterminated Tj ET")
    findings = [f for f in lp_audit.audit(path) if f.rule == "largeprint.unreadable"]
    assert len(findings) == 1 and "malformed" in findings[0].message


@pytest.mark.parametrize("content", [b"BT /F1 20 Tf 100 100 Td (A) Tj ) ET", b"BT /F1 20 Tf 100 100 Td <4G> Tj ET"])
def test_a_content_stream_qpdf_had_to_skip_tokens_in_is_a_finding(tmp_path, content):
    findings = [f for f in lp_audit.audit(handmade_pdf(tmp_path, content)) if f.rule == "largeprint.unreadable"]
    assert len(findings) == 1 and "(content, offset" in findings[0].message


def test_a_stream_whose_length_qpdf_recovered_is_read_whole(tmp_path):
    path = handmade_pdf(tmp_path, b"BT /F1 20 Tf 100 100 Td (AB) Tj ET")
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        pdf.save(path, compress_streams=False, stream_decode_level=pikepdf.StreamDecodeLevel.generalized,
                 object_stream_mode=pikepdf.ObjectStreamMode.disable)
    data, count = re.subn(rb"/Length \d+(?= >>\s*stream\s*BT /F1)", b"/Length 99", path.read_bytes())
    assert count == 1  # the content stream's /Length is wrong now
    path.write_bytes(data)
    assert [t for t, *_ in boxes(path)] == ["A", "B"]
    assert "largeprint.unreadable" not in large_print_rules(path)


def test_forms_nested_too_deep_are_a_finding(tmp_path):
    depth = pdf_glyphs.FORM_DEPTH + 2
    forms = {f"Fm{i}": (f"/Fm{i + 1} Do".encode(), {}) for i in range(depth)}
    forms[f"Fm{depth}"] = (b"BT /G1 20 Tf 100 100 Td (A) Tj ET", {})
    path = handmade_pdf(tmp_path, b"/Fm0 Do", forms=forms)
    findings = [f for f in lp_audit.audit(path) if f.rule == "largeprint.unreadable"]
    assert len(findings) == 1 and "nested" in findings[0].message


def test_no_pdfminer_at_run_time(tmp_path):
    path = handmade_pdf(tmp_path, b"BT /F1 20 Tf 100 100 Td (A) Tj ET")
    code = (f"import sys; from publisher.audit import largeprint; largeprint.audit({str(path)!r}); "
            "print(sorted(name for name in sys.modules if name.startswith('pdfminer')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


# ---------------------------------------------------------------- the veraPDF corpus: read, never a traceback

#: its /MediaBox runs top to bottom: pdfminer keeps it so (a page -792 pt high), ours is 792 pt high
UPSIDE_DOWN_BOX = "7.15-t01-fail-a.pdf"
#: corpus files where the two readers knowingly differ (only our reader's reading is checked)
PDFMINER_DIFFERS = {
    "7.21.3.1-t01-fail-a.pdf": "an embedded CMap as /Encoding: pdfminer finds no CMap and shows nothing",
    "7.21.3.1-t01-pass-a.pdf": "an embedded CMap as /Encoding: pdfminer finds no CMap and shows nothing",
    "7.21.3.3-t01-fail-a.pdf": "an embedded CMap as /Encoding: pdfminer finds no CMap and shows nothing",
    "7.21.3.3-t02-fail-a.pdf": "an embedded CMap as /Encoding: pdfminer finds no CMap and shows nothing",
    "7.21.3.3-t02-pass-a.pdf": "an embedded CMap as /Encoding: pdfminer finds no CMap and shows nothing",
    "7.21.3.3-t03-fail-a.pdf": "an embedded CMap as /Encoding: pdfminer finds no CMap and shows nothing",
    "7.21.3.3-t03-pass-a.pdf": "an embedded CMap as /Encoding: pdfminer finds no CMap and shows nothing",
    "7.21.7-t01-fail-a.pdf": "no ToUnicode: pdfminer knows the Adobe-Japan1 CIDs' text, we give (cid:N)",
    "7.21.7-t01-pass-a.pdf": "no ToUnicode: pdfminer knows the Adobe-Japan1 CIDs' text, we give (cid:N)",
}


def corpus_pdfs():
    from tests.test_verapdf_corpus import CORPUS

    if not CORPUS.is_dir():
        return [pytest.param(None, marks=pytest.mark.skip(reason=f"veraPDF corpus not found at {CORPUS}"))]
    return [pytest.param(path, id=path.name) for path in sorted(CORPUS.rglob("*.pdf"))]


@pytest.mark.parametrize("path", corpus_pdfs())
def test_corpus_files_are_read_as_pdfminer_reads_them(path):
    findings = lp_audit.audit(path)  # never a traceback
    assert all(f.rule != "largeprint.unreadable" for f in findings), [str(f) for f in findings]
    if path.name == UPSIDE_DOWN_BOX:
        assert_same_glyphs(path, check_box=False)
        assert [box for box, _ in pdf_glyphs.read_glyphs(path)] == [(0, 0, 612, 792)]
    elif path.name in PDFMINER_DIFFERS:
        assert sum(len(page) for _, page in pdf_glyphs.read_glyphs(path)) >= 10, PDFMINER_DIFFERS[path.name]
    else:
        assert_same_glyphs(path)

