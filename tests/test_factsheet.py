"""The fact sheet: tagged, audited clean, every figure read exactly, any release renders."""
from __future__ import annotations

import shutil
import subprocess

import pikepdf
import pytest

from publisher.audit.pdf import audit, extract
from publisher.figures import figure_text
from publisher.formats import get
from publisher.render.pdf import factsheet
from publisher.spec.factsheet import FactSheetOptions


@pytest.fixture(scope="module")
def sheet(release, theme, tmp_path_factory):
    path = tmp_path_factory.mktemp("factsheet") / "operation-last-mile-fact-sheet.pdf"
    path.write_bytes(factsheet.render(release, theme, FactSheetOptions()))
    return path


def normalised(text: str) -> str:
    return " ".join(text.split())


def test_registered():
    entry = get("factsheet")
    assert entry.file_name("x") == "x-fact-sheet.pdf"
    assert entry.render_module == factsheet.__name__


def test_audit_finds_nothing(sheet):
    assert [str(f) for f in audit(sheet)] == []


def test_letter_and_at_most_two_pages(sheet, release):
    with pikepdf.open(sheet) as pdf:
        assert 1 <= len(pdf.pages) <= 2
        assert [round(float(v)) for v in pdf.pages[0].mediabox] == [0, 0, 612, 792]
        assert str(pdf.Root.Lang) == release.language
        assert str(pdf.docinfo.Title) == release.title
        assert str(pdf.docinfo.Author) == release.release.agency


def test_every_figure_reads_exactly(sheet, release):
    passages = [normalised(p.text) for p in extract(sheet)]
    cells = [p for p in extract(sheet) if p.location.endswith("TD")]
    for figure in release.figures.values():
        assert normalised(figure_text(figure)) in [normalised(c.text) for c in cells]
        assert normalised(figure.label) in passages


def test_reading_order(sheet, release):
    texts = [normalised(p.text) for p in extract(sheet)]
    assert texts[1] == normalised(release.title)
    order = [texts.index("Key figures")] + [texts.index(named.title) for named in release.lists.values()]
    order += [texts.index("Source"), texts.index("Contact")]
    assert order == sorted(order)
    roles = [p.location.split(", ")[-1] for p in extract(sheet)]
    assert roles[1] == "H1" and "TH" in roles and "LI" in roles


def test_featured_quotes_are_chosen(sheet, release):
    text = normalised(" ".join(p.text for p in extract(sheet)))
    featured = [q for _, q in release.quotes_in_order() if q.featured][:2]
    for quote in featured:
        assert normalised(quote.text)[:80] in text
    others = [q for _, q in release.quotes_in_order() if not q.featured]
    for quote in others:
        assert normalised(quote.text)[:80] not in text


def test_minimal_release_renders(write_content, theme, tmp_path):
    from publisher.load import load

    release = load(write_content()).release
    path = tmp_path / "minimal.pdf"
    path.write_bytes(factsheet.render(release, theme, FactSheetOptions()))
    assert audit(path) == []
    assert "more than 12,000 books" in [normalised(p.text) for p in extract(path)]


def test_many_figures_and_a4(write_content, theme, tmp_path):
    from publisher.load import load

    names = [a + b for a in "abcdefg" for b in "xyz"] * 3

    def many(data):
        data["figures"] = {f"figure_{i}": {"value": 1000 + i, "unit": "cases", "label": f"Measure {names[i]}",
                                           "group": f"Group {names[i % 3]}"} for i in range(45)}
        data["release"]["summary"] = "A summary with {figure_0}."
        data["sections"][0]["blocks"] = ["The text cites {figure_1}."]
        data["lists"] = {f"list_{i}": {"title": f"List {names[i]}", "items": ["One", "Two"]} for i in range(4)}
    release = load(write_content(change=many)).release
    path = tmp_path / "many.pdf"
    path.write_bytes(factsheet.render(release, theme, FactSheetOptions(paper="a4")))
    assert audit(path) == []
    with pikepdf.open(path) as pdf:
        assert [round(float(v)) for v in pdf.pages[0].mediabox] == [0, 0, 595, 842]
    texts = [normalised(p.text) for p in extract(path)]
    assert "1,044 cases" in texts and texts.count("Measure") == 1


def test_poppler_and_qpdf(sheet, release):
    for tool in ("pdfinfo", "pdffonts", "qpdf"):
        if not shutil.which(tool):
            pytest.skip(f"{tool} is not installed")
    info = subprocess.run(["pdfinfo", str(sheet)], capture_output=True, text=True, check=True).stdout
    assert "Tagged:          yes" in info and "Suspects:        no" in info
    struct = normalised(subprocess.run(["pdfinfo", "-struct-text", str(sheet)], capture_output=True,
                                       text=True, check=True).stdout.replace("\u00a0", " "))
    for figure in release.figures.values():
        assert figure_text(figure) in struct
    fonts = subprocess.run(["pdffonts", str(sheet)], capture_output=True, text=True, check=True).stdout
    rows = fonts.splitlines()[2:]
    assert rows and all(row.split()[-5:-2] == ["yes", "yes", "yes"] for row in rows)
    assert subprocess.run(["qpdf", "--check", str(sheet)], capture_output=True).returncode == 0


def test_renders_as_an_image(sheet, tmp_path):
    if not shutil.which("pdftoppm"):
        pytest.skip("pdftoppm is not installed")
    subprocess.run(["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", str(sheet), str(tmp_path / "p")], check=True)
    assert list(tmp_path.glob("p*.png"))


def test_related_links_are_listed_as_links(sheet, release):
    text = normalised(" ".join(p.text for p in extract(sheet)))
    for link in release.links:
        assert normalised(link.text) in text
    with pikepdf.open(sheet) as pdf:
        uris = {str(annot.A.URI) for page in pdf.pages for annot in page.get("/Annots", []) if "/A" in annot}
    assert {link.url for link in release.links} <= uris


def test_the_layout_is_data_and_a_bad_value_is_named_by_file_line_and_field(tmp_path):
    from publisher.errors import ContentError

    text = factsheet.DEFAULT_LAYOUT.read_text().replace("summary: {size: 11, leading: 15.5", "summary: {size: 11, leading: 9")
    path = tmp_path / "fact-sheet.yaml"
    path.write_text(text)
    with pytest.raises(ContentError) as caught:
        factsheet.load_layout(path)
    (problem,) = caught.value.problems
    assert problem.field == "styles.summary" and problem.line == text.splitlines().index(
        next(line for line in text.splitlines() if line.strip().startswith("summary:"))) + 1
    assert "lines would overlap" in problem.message
