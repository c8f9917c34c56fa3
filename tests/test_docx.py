"""The Word handout read back: python-docx and lxml on the package, openxml-audit, LibreOffice."""
from __future__ import annotations

import io
import re
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree

from conftest import assert_whole_release, require_tool
from publisher.audit import docx as handout_audit
from publisher.check import check_file, reconcile
from publisher.errors import ContentError
from publisher.expectations import Expectations
from publisher.formats import get
from publisher.spec.docx import W_NS, DocxOptions, obfuscate

W = f"{{{W_NS}}}"


@pytest.fixture(scope="module")
def handout(release, theme) -> bytes:
    return get("docx").render(release, theme)


@pytest.fixture
def handout_path(handout, tmp_path) -> Path:
    path = tmp_path / "release-handout.docx"
    path.write_bytes(handout)
    return path


def rewrite(path: Path, part: str, change) -> Path:
    """A copy of the package with one XML part changed by ``change(root)``."""
    out = path.with_name("broken-" + path.name)
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == part:
                root = etree.fromstring(data)
                change(root)
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            target.writestr(item, data)
    return out


def rules(path: Path) -> set[str]:
    return {f.rule for f in handout_audit.audit(path) if f.severity == "error"}


def body_paragraphs(path: Path):
    return docx.Document(str(path)).paragraphs


# The handout as written


def test_the_handout_passes_its_audit_and_every_figure_reconciles(handout_path, release):
    assert handout_audit.audit(handout_path) == []
    passages = handout_audit.extract(handout_path)
    assert reconcile(str(handout_path), passages, Expectations.from_release(release)) == []
    assert_whole_release(" ".join(p.text for p in passages).replace("\u00a0", " "), release)


def test_openxml_audit_finds_nothing(handout_path):
    from openxml_audit import OpenXmlValidator

    result = OpenXmlValidator().validate(str(handout_path))
    assert result.is_valid and not result.errors, [str(e) for e in result.errors][:5]


def test_headings_are_word_heading_styles_in_order(handout_path, release):
    headings = [(p.style.name, p.text) for p in body_paragraphs(handout_path) if p.style.name.startswith("Heading")]
    assert headings[0] == ("Heading 1", release.meta.title)
    levels = [int(name.split()[-1]) for name, _ in headings]
    assert levels.count(1) == 1 and all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False))
    assert ("Heading 2", "Key figures") in headings and ("Heading 2", "Contact") in headings


def test_figures_are_tables_with_a_repeating_header_row_and_no_merged_cells(handout_path, release):
    document = docx.Document(str(handout_path))
    rows = [row for table in document.tables for row in table.rows[1:]]
    assert len(rows) == len(release.figures)
    for table in document.tables:
        first = table.rows[0]._tr
        assert first.find(f"{W}trPr/{W}tblHeader") is not None
        assert [c.text for c in table.rows[0].cells] == ["Measure", "Figure"]
        assert not table._tbl.findall(f".//{W}gridSpan") and not table._tbl.findall(f".//{W}vMerge")
        assert table._tbl.find(f"{W}tblPr/{W}tblCaption").get(W + "val")


def test_lists_quotes_and_links_use_word_styles(handout_path, release):
    paragraphs = body_paragraphs(handout_path)
    items = [p.text for p in paragraphs if p.style.name == "List Bullet"]
    for named in release.lists.values():
        assert all(item in items for item in named.items)
    assert docx.Document(str(handout_path)).styles["List Bullet"].element.find(f"{W}pPr/{W}numPr") is not None
    quotes = [p.text for p in paragraphs if p.style.name == "Quote"]
    assert len(quotes) == len(release.quotes)
    attributions = [p.text for p in paragraphs if p.style.name == "Quote Attribution"]
    assert attributions[0].startswith("— Administrator Anne Milgram")
    links = [p for p in paragraphs if p._p.find(f"{W}hyperlink") is not None]
    assert any(release.links[0].text in p.text for p in links)


def test_title_language_and_core_properties(handout_path, release):
    document = docx.Document(str(handout_path))
    props = document.core_properties
    assert props.title == release.meta.title and props.author == release.meta.agency
    assert props.language == "en-US" and "fentanyl" in props.keywords
    assert "python-docx" not in (props.comments + props.author + props.last_modified_by)
    assert len(props.comments) <= 255
    lang = document.styles.element.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    assert lang.get(W + "val") == "en-US"
    assert document.settings.element.find(f"{W}themeFontLang").get(W + "val") == "en-US"


def test_every_style_names_the_theme_font_and_the_font_is_embedded(handout_path, theme):
    family = theme.fonts.family
    with zipfile.ZipFile(handout_path) as package:
        styles = etree.fromstring(package.read("word/styles.xml"))
        fonts = {f.get(W + "ascii") for f in styles.iter(W + "rFonts")}
        assert fonts == {family}
        assert not [f for f in styles.iter(W + "rFonts") if f.get(W + "asciiTheme")]
        table = etree.fromstring(package.read("word/fontTable.xml"))
        rels = etree.fromstring(package.read("word/_rels/fontTable.xml.rels"))
        targets = {rel.get("Id"): rel.get("Target") for rel in rels}
        (font,) = [f for f in table.iter(W + "font") if f.get(W + "name") == family]
        faces = {}
        for embed in font:
            if embed.tag in (W + "embedRegular", W + "embedBold"):
                data = package.read("word/" + targets[embed.get("{http://schemas.openxmlformats.org/officeDocument/"
                                                                 "2006/relationships}id")])
                faces[embed.tag] = obfuscate(data, embed.get(W + "fontKey"))
        assert faces[W + "embedRegular"] == theme.font_path("regular").read_bytes()
        assert faces[W + "embedBold"] == theme.font_path("bold").read_bytes()
        assert "docProps/thumbnail.jpeg" not in package.namelist()
        assert "word/stylesWithEffects.xml" not in package.namelist()


def test_obfuscation_is_its_own_inverse_and_wants_a_guid():
    font = bytes(range(256)) * 2
    key = "{01234567-89AB-CDEF-0123-456789ABCDEF}"
    hidden = obfuscate(font, key)
    assert hidden[32:] == font[32:] and hidden[:32] != font[:32]
    assert hidden[0] == font[0] ^ 0xEF and hidden[15] == font[15] ^ 0x01
    assert obfuscate(hidden, key) == font
    with pytest.raises(ValueError):
        obfuscate(font, "not-a-guid")


def test_a4_sets_the_page_size(release, theme, tmp_path):
    data = get("docx").render(release, theme, DocxOptions(paper="a4"))
    section = docx.Document(io.BytesIO(data)).sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)


def test_the_layout_refuses_text_below_the_floor(tmp_path):
    from publisher.render.docx.layout import DEFAULT_LAYOUT, load_layout

    text = DEFAULT_LAYOUT.read_text(encoding="utf-8")
    small = tmp_path / "small.yaml"
    small.write_text(text.replace("footer: {size: 10,", "footer: {size: 8,"), encoding="utf-8")
    with pytest.raises(ContentError, match=r"small.yaml:\d+.*styles.footer.size"):
        load_layout(small)
    body = tmp_path / "body.yaml"
    body.write_text(text.replace("body: {size: 11,", "body: {size: 10,"), encoding="utf-8")
    with pytest.raises(ContentError, match="below the 11.0 pt body text"):
        load_layout(body)


def test_extract_alone_reads_as_after_audit(handout_path):
    handout_audit._read.clear()
    alone = handout_audit.extract(handout_path)
    handout_audit._read.clear()
    handout_audit.audit(handout_path)
    assert handout_audit.extract(handout_path) == alone
    assert len(handout_audit._read) == 1  # the audit's parse served the extraction


def test_a_handout_rewritten_in_place_is_read_again(handout_path, tmp_path):
    handout_audit.audit(handout_path)
    broken = rewrite(handout_path, "docProps/core.xml", lambda root: [root.remove(e) for e in list(root)])
    handout_path.write_bytes(broken.read_bytes())
    assert "docx.title" in rules(handout_path)


# A handout broken on purpose is caught


def _first_heading(root, style: str):
    return next(p for p in root.iter(W + "p") if (s := p.find(f"{W}pPr/{W}pStyle")) is not None
                and s.get(W + "val") == style)


def test_a_skipped_heading_level_is_caught(handout_path):
    def skip(root):
        _first_heading(root, "Heading2").find(f"{W}pPr/{W}pStyle").set(W + "val", "Heading3")
    assert "docx.heading-skipped" in rules(rewrite(handout_path, "word/document.xml", skip))

    def demote_title(root):
        _first_heading(root, "Heading1").find(f"{W}pPr/{W}pStyle").set(W + "val", "Heading2")
    assert "docx.heading-first" in rules(rewrite(handout_path, "word/document.xml", demote_title))


def test_a_table_without_a_header_row_is_caught(handout_path):
    def unmark(root):
        header = next(root.iter(W + "tblHeader"))
        header.getparent().remove(header)
    assert rules(rewrite(handout_path, "word/document.xml", unmark)) == {"docx.table-header"}


def test_a_missing_title_and_tool_defaults_are_caught(handout_path):
    def untitle(root):
        for element in root:
            if etree.QName(element).localname == "title":
                element.text = ""
            if etree.QName(element).localname == "creator":
                element.text = "python-docx"
    assert rules(rewrite(handout_path, "docProps/core.xml", untitle)) == {"docx.title", "docx.core-properties"}


def test_a_missing_language_is_caught(handout_path):
    def unset(root):
        for lang in root.iter(W + "lang"):
            lang.getparent().remove(lang)
    assert rules(rewrite(handout_path, "word/styles.xml", unset)) == {"docx.language"}


def test_merged_and_blank_cells_are_caught(handout_path):
    def merge(root):
        table = next(root.iter(W + "tbl"))
        rows = table.findall(W + "tr")
        span = etree.SubElement(rows[1].find(f"{W}tc/{W}tcPr"), W + "gridSpan")
        span.set(W + "val", "2")
        for t in rows[2].iter(W + "t"):
            t.text = ""
    assert {"docx.table-merged", "docx.table-blank"} <= rules(rewrite(handout_path, "word/document.xml", merge))


def test_small_text_low_contrast_and_vague_links_are_caught(handout_path):
    def spoil(root):
        run = next(r for r in root.iter(W + "r") if r.find(W + "t") is not None)
        r_pr = run.find(W + "rPr")
        if r_pr is None:
            r_pr = etree.Element(W + "rPr")
            run.insert(0, r_pr)
        etree.SubElement(r_pr, W + "color").set(W + "val", "BBBBBB")
        etree.SubElement(r_pr, W + "sz").set(W + "val", "14")
        link = next(root.iter(W + "hyperlink"))
        for t in link.iter(W + "t"):
            t.text = "click here"
    found = rules(rewrite(handout_path, "word/document.xml", spoil))
    assert found == {"docx.contrast", "docx.text-too-small", "docx.link-text"}


def test_pictures_need_alt_text_unless_decorative(tmp_path):
    png = tmp_path / "logo.png"
    png.write_bytes(_png())
    document = docx.Document()
    document.core_properties.title = "T"
    document.add_heading("Heading", 1)
    document.add_picture(str(png))
    path = tmp_path / "pictures.docx"
    document.save(str(path))
    assert "docx.alt-text" in rules(path)

    def file_name(root):
        for doc_pr in root.iter("{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"):
            doc_pr.set("descr", "logo.png")
    assert "docx.alt-text-filename" in rules(rewrite(path, "word/document.xml", file_name))

    def decorative(root):
        for doc_pr in root.iter("{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"):
            doc_pr.attrib.pop("descr", None)
            ext_list = etree.SubElement(doc_pr, "{http://schemas.openxmlformats.org/drawingml/2006/main}extLst")
            ext = etree.SubElement(ext_list, "{http://schemas.openxmlformats.org/drawingml/2006/main}ext",
                                   uri="{C183D7F6-B498-43B3-948B-1728B52AA6E4}")
            etree.SubElement(ext, "{http://schemas.microsoft.com/office/drawing/2017/decorative}decorative", val="1")
    found = rules(rewrite(path, "word/document.xml", decorative))
    assert not found & {"docx.alt-text", "docx.alt-text-filename"}


def test_typed_lists_and_blank_spacing_paragraphs_are_warned_about(tmp_path):
    document = docx.Document()
    document.add_heading("Heading", 1)
    document.add_paragraph("• typed bullet")
    document.add_paragraph("")
    document.add_paragraph("")
    path = tmp_path / "typed.docx"
    document.save(str(path))
    warnings = {f.rule for f in handout_audit.audit(path) if f.severity == "warning"}
    assert warnings == {"docx.list-typed", "docx.blank-paragraphs"}


def test_a_contradicting_figure_is_caught_by_the_check(handout_path, release):
    def contradict(root):
        for t in root.iter(W + "t"):
            if t.text and "3,337" in t.text:
                t.text = t.text.replace("3,337", "3,373")
    broken = rewrite(handout_path, "word/document.xml", contradict)
    report = check_file(broken, Expectations.from_release(release), "docx")
    assert "figures.contradiction" in {f.rule for f in report.findings}


def test_a_file_that_is_no_word_document_is_a_finding(tmp_path):
    path = tmp_path / "fake.docx"
    path.write_bytes(b"not a zip")
    assert [f.rule for f in handout_audit.audit(path)] == ["docx.unreadable"]


# Drawn by LibreOffice


@pytest.mark.slow
@pytest.mark.parametrize("paper, size", [("letter", "(letter)"), ("a4", "(A4)")])
def test_libreoffice_draws_the_handout_in_the_embedded_theme_font(release, theme, tmp_path, paper, size):
    require_tool("soffice")
    require_tool("pdffonts")
    path = tmp_path / "release-handout.docx"
    path.write_bytes(get("docx").render(release, theme, DocxOptions(paper=paper)))
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(path)], check=True, capture_output=True, timeout=180)
    pdf = tmp_path / "release-handout.pdf"
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    families = {line.split()[0].split("+")[-1] for line in fonts.splitlines()[2:]}
    assert families == {"AtkinsonHyperlegibleNext-Regular", "AtkinsonHyperlegibleNext-Bold"}, fonts
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert size in info
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert 2 <= pages <= 5
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert f"Page {pages} of {pages}" in text
    assert "3,337 arrests" in " ".join(text.split())


def _png() -> bytes:
    """A 1 x 1 PNG, made here."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\xff\xff")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
