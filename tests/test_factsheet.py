"""The fact sheet: one designed page for the worked example on Letter and A4, longer releases on
pages that fill, figures on one right edge, all read back by the audit and by poppler and pdfminer."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys

import pikepdf
import pytest

from publisher.audit.factsheet import audit, extract
from publisher.briefing import briefing_for
from publisher.document import attribution, quotes_heading
from publisher.figures import Resolver, figure_parts, figure_text
from publisher.formats import get
from publisher.render.pdf import factsheet
from publisher.spec.factsheet import PAGE_SIZES, UNPRINTABLE, FactSheetOptions
from tests.conftest import FIXTURES, ROOT, require_tool


@pytest.fixture(scope="module", params=["letter", "a4"])
def sheet(request, release, theme, tmp_path_factory):
    path = tmp_path_factory.mktemp(f"factsheet-{request.param}") / "operation-last-mile-fact-sheet.pdf"
    path.write_bytes(factsheet.render(release, theme, FactSheetOptions(paper=request.param)))
    return path


def render(release, theme, path, paper="letter"):
    path.write_bytes(factsheet.render(release, theme, FactSheetOptions(paper=paper)))
    return path


def normalised(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


def pages_of(path) -> int:
    with pikepdf.open(path) as pdf:
        return len(pdf.pages)


def test_registered():
    entry = get("factsheet")
    assert entry.file_name("x") == "x-fact-sheet.pdf"
    assert entry.render_module == factsheet.__name__ and entry.audit_module == "publisher.audit.factsheet"


def test_audit_finds_nothing(sheet):
    assert [str(f) for f in audit(sheet)] == []


def test_the_worked_example_is_one_page_of_its_paper(sheet, release):
    with pikepdf.open(sheet) as pdf:
        assert len(pdf.pages) == 1
        assert tuple(round(float(v), 1) for v in pdf.pages[0].mediabox[2:]) in {
            tuple(round(v, 1) for v in size) for size in PAGE_SIZES.values()}
        assert str(pdf.Root.Lang) == release.language
        assert str(pdf.docinfo.Title) == release.title
        assert str(pdf.docinfo.Subject) == normalised(Resolver(release)(release.release.summary))


def test_every_figure_reads_exactly_in_its_row(sheet, release):
    passages = extract(sheet)
    cells = [normalised(p.text) for p in passages if p.location.endswith("TD")]
    headers = [normalised(p.text) for p in passages if p.location.endswith("TH")]
    for figure in release.figures.values():
        assert normalised(figure_text(figure)) in cells
        assert normalised(figure.label) in headers


def test_reading_order_is_the_other_editions_with_the_contact_last(sheet, release, theme):
    labels = theme.labels_for(release.language)
    passages = extract(sheet)
    texts = [normalised(p.text) for p in passages]
    roles = [p.location.split(", ")[-1] for p in passages]
    assert roles[:2] == ["P", "H1"] and texts[1] == normalised(release.title)
    assert texts[2] == normalised(release.release.subtitle)
    assert texts[3].startswith(release.release.dateline) and normalised(Resolver(release)(release.release.summary)) in texts[3]
    quotes = quotes_heading(release, [quote for _, quote in release.quotes_in_order()], labels)
    assert quotes == "What they said"  # the section they stand in, as every edition names it
    order = [texts.index(labels.key_figures), texts.index(labels.measure), texts.index(quotes)]
    order += [texts.index(named.title) for named in release.lists.values()]
    order += [texts.index(labels.related_links), texts.index(labels.contact)]
    assert order == sorted(order)
    assert [t for t, r in zip(texts, roles, strict=True) if r == "H2"][-1] == labels.contact


def test_every_quote_is_there_whole_or_as_its_briefing_excerpt(sheet, release):
    text = normalised(" ".join(p.text for p in extract(sheet)))
    excerpts = briefing_for(release).excerpts
    resolve = Resolver(release)
    for key, quote in release.quotes.items():
        assert normalised(resolve(quote.text)) in text or normalised(resolve(excerpts[key])) in text, key
        assert normalised(attribution(quote)) in text


def test_a_quote_that_fits_stays_whole(theme, tmp_path):
    from publisher.load import load

    release = load(FIXTURES / "base.yaml").release
    path = render(release, theme, tmp_path / "base-fact-sheet.pdf")
    text = normalised(" ".join(p.text for p in extract(path)))
    assert all(normalised(quote.text) in text for quote in release.quotes.values())


def table_words(path) -> list[tuple[str, float, float, float]]:
    """(word, xMin, xMax, yMin) of page 1 as poppler reads them, between the table's header and its source."""
    require_tool("pdftotext")
    html = subprocess.run(["pdftotext", "-f", "1", "-l", "1", "-bbox", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout
    words = [(w, float(x0), float(x1), float(y0)) for x0, y0, x1, w in re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>', html)]
    top = next(y for w, _, _, y in words if w == "Measure")
    bottom = next(y for w, _, _, y in words if w.startswith("Source"))
    return [word for word in words if top < word[3] < bottom]


def test_the_numbers_share_one_right_edge_as_poppler_reads_them(sheet, release):
    words = table_words(sheet)
    ends = []
    for figure in release.figures.values():
        number = figure_parts(figure).number.split()
        starts = [i for i in range(len(words) - len(number) + 1)
                  if [w for w, *_ in words[i:i + len(number)]] == number]
        assert len(starts) == 1, (number, starts)
        ends.append(words[starts[0] + len(number) - 1][2])
    assert max(ends) - min(ends) <= 0.5


def test_each_row_reads_on_one_baseline_and_its_digits_are_tabular_as_pdfminer_reads_them(sheet, release):
    pytest.importorskip("pdfminer")
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTChar

    def chars(item):
        if isinstance(item, LTChar):
            yield item
        for kid in getattr(item, "_objs", []):
            yield from chars(kid)

    lines: dict[float, list[LTChar]] = {}
    for char in chars(next(iter(extract_pages(str(sheet))))):
        lines.setdefault(round(char.matrix[5], 2), []).append(char)
    squeezed = {baseline: "".join(c.get_text() for c in sorted(row, key=lambda c: c.x0)).replace(" ", "")
                for baseline, row in lines.items()}
    widths = set()
    for figure in release.figures.values():  # a label that wraps starts on the figure's baseline
        starts, wanted = figure.label.split()[0], figure_text(figure).replace(" ", "")
        found = [b for b, text in squeezed.items() if text.startswith(starts) and text.endswith(wanted)]
        assert found, f"{figure.label} does not start on one baseline with its figure"
        row = lines[found[0]]
        widths |= {round(c.width, 2) for c in row if c.get_text().isdigit() and c.size > 11}
    assert len(widths) == 1, f"the figures' digits are of {len(widths)} widths: {sorted(widths)}"


def test_nothing_prints_within_a_quarter_inch_of_the_edge(sheet, tmp_path):
    require_tool("pdftoppm")
    from PIL import Image

    subprocess.run(["pdftoppm", "-png", "-r", "72", "-f", "1", "-l", "1", str(sheet), str(tmp_path / "p")], check=True)
    image = Image.open(next(tmp_path.glob("p*.png"))).convert("L")
    width, height = image.size
    edge = int(UNPRINTABLE) - 1
    border = [image.getpixel((x, y)) for x in range(width) for y in range(height)
              if x < edge or y < edge or x >= width - edge or y >= height - edge]
    assert min(border) >= 250, "something is printed within 0.25 in of the edge"
    assert min(image.getpixel((x, 30)) for x in range(40, width - 40)) < 100, "the band starts below the edge"


def test_poppler_and_qpdf_find_a_tagged_sound_file_with_every_font_embedded(sheet):
    for tool in ("pdfinfo", "pdffonts", "qpdf"):
        require_tool(tool)
    info = subprocess.run(["pdfinfo", str(sheet)], capture_output=True, text=True, check=True).stdout
    assert "Tagged:          yes" in info and "Suspects:        no" in info
    fonts = subprocess.run(["pdffonts", str(sheet)], capture_output=True, text=True, check=True).stdout
    rows = fonts.splitlines()[2:]
    assert rows and all(row.split()[-5:-2] == ["yes", "yes", "yes"] for row in rows)
    assert any("-Tabular" in row for row in rows), "the figures are set in the font's tabular figures"
    assert subprocess.run(["qpdf", "--check", str(sheet)], capture_output=True).returncode == 0


def test_related_links_and_contact_details_are_links(sheet, release):
    text = normalised(" ".join(p.text for p in extract(sheet)))
    for link in release.links:
        assert normalised(link.text) in text
    with pikepdf.open(sheet) as pdf:
        uris = {str(annot.A.URI) for page in pdf.pages for annot in page.get("/Annots", []) if "/A" in annot}
    assert {link.url for link in release.links} | {release.release.website} <= uris


@pytest.mark.parametrize("paper", ["letter", "a4"])
@pytest.mark.parametrize("fixture", ["base", "deck-large", "minimal"])
def test_every_fixture_release_lays_out_clean(fixture, paper, theme, tmp_path):
    from publisher.load import load

    release = load(FIXTURES / f"{fixture}.yaml").release
    path = render(release, theme, tmp_path / f"{fixture}-fact-sheet.pdf", paper)
    assert [str(f) for f in audit(path)] == []
    assert pages_of(path) <= 2


def test_a_long_release_fills_its_pages_and_numbers_them(theme, tmp_path):
    from publisher.load import load

    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from synth import load_data, scaled
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    import yaml

    content = tmp_path / "long.yaml"
    content.write_text(yaml.safe_dump(scaled(load_data(ROOT / "content" / "operation-last-mile.yaml"), 4),
                                      sort_keys=False, allow_unicode=True), encoding="utf-8")
    path = render(load(content).release, theme, tmp_path / "long-fact-sheet.pdf")
    total = pages_of(path)
    assert total >= 2
    assert [str(f) for f in audit(path)] == []
    from publisher.audit.pdf_layout import read_layout

    layout = read_layout(path)  # the quotes that outrun the rail flow on in two columns across the page
    edges = {round(line.x0) for quote in layout.roles("BlockQuote") for line in quote.lines()[1:]}
    rail = min(round(line.x0) for block in layout.roles("L") for line in block.lines())
    assert len(edges) == 2 and all(x < rail for x in edges)
    require_tool("pdftotext")
    for number in range(1, total + 1):
        page = subprocess.run(["pdftotext", "-f", str(number), "-l", str(number), str(path), "-"],
                              capture_output=True, text=True, check=True).stdout
        assert f"Page {number} of {total}" in page


def test_a_one_page_sheet_has_no_page_number(sheet):
    require_tool("pdftotext")
    text = subprocess.run(["pdftotext", str(sheet), "-"], capture_output=True, text=True, check=True).stdout
    assert "Page 1" not in text


def test_a_draft_says_so_in_its_band_and_footer(release, theme, tmp_path):
    from publisher.drafts import DRAFT_LINE, mark_draft

    path = render(mark_draft(release), theme, tmp_path / "draft-fact-sheet.pdf")
    require_tool("pdftotext")
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    first, *_, last = [line for line in text.splitlines() if line.strip()]
    assert DRAFT_LINE in first and DRAFT_LINE in last
    assert [str(f) for f in audit(path)] == []


def test_the_headline_is_balanced_so_its_last_line_is_not_a_lone_word(fonts_and_style):
    fonts, style = fonts_and_style
    text = "DEA Operation Last Mile Tracks Down Sinaloa and Jalisco Cartel Associates Operating within the United States"
    plain = factsheet.Paragraph(text, style)
    plain.wrap(540, 1000)
    assert len(plain.blPara.lines[-1][1]) == 1, "the sample leaves a lone word at full width"
    balanced = factsheet.BalancedParagraph(text, style)
    balanced.wrap(540, 1000)
    assert len(balanced.blPara.lines) == len(plain.blPara.lines)
    assert len(balanced.blPara.lines[-1][1]) >= 3


def test_balancing_never_breaks_a_word_and_a_word_wider_than_the_column_sets_the_headline_smaller(fonts_and_style):
    """Regression (property test, explore): balancing narrowed a headline below its longest word,
    which was then broken across lines, leaving a fragment alone on the last."""
    fonts, style = fonts_and_style
    long_word = "yrEpGuHJDqCAoGzavNoHXMFHkFkYOjeRMklohqM"
    balanced = factsheet.BalancedParagraph(f"A A A A A AFjZdfMA A {long_word}", style)
    balanced.wrap(540, 1000)
    assert balanced.blPara.lines[-1][1] == [long_word]  # whole, on a line of its own
    assert factsheet._fitting(style, long_word, 540) is style
    smaller = factsheet._fitting(style, long_word * 2, 540)
    assert factsheet.MIN_HEADLINE <= smaller.fontSize < style.fontSize
    assert factsheet._widest_word(long_word * 2, smaller) <= 540 or smaller.fontSize == factsheet.MIN_HEADLINE


@pytest.fixture(scope="module")
def fonts_and_style(theme):
    from reportlab.lib.styles import ParagraphStyle

    from publisher.render.pdf.fonts import register_fonts

    fonts = register_fonts(theme)
    return fonts, ParagraphStyle("t", fontName=fonts.bold, fontSize=20, leading=24)


def test_the_layout_is_data_and_a_bad_value_is_named_by_file_line_and_field(tmp_path):
    from publisher.errors import ContentError

    text = factsheet.DEFAULT_LAYOUT.read_text().replace("lede: {size: 11, leading: 14.5", "lede: {size: 11, leading: 9")
    path = tmp_path / "fact-sheet.yaml"
    path.write_text(text)
    with pytest.raises(ContentError) as caught:
        factsheet.load_layout(path)
    (problem,) = caught.value.problems
    assert problem.field == "styles.lede" and problem.line == text.splitlines().index(
        next(line for line in text.splitlines() if line.strip().startswith("lede:"))) + 1
    assert "lines would overlap" in problem.message


@pytest.mark.parametrize(("old", "new", "says"), [
    ("bleed: 8", "bleed: 24", "outer 18 pt"),
    ("top_inches: 0.3", "top_inches: 0.2", "greater than or equal to 0.3"),
    ("baseline: 22,", "baseline: 12,", "within 18 pt of the bottom edge"),
    ("body: {face: regular, size: 10,", "body: {face: regular, size: 9,", "greater than or equal to 10"),
])
def test_a_layout_that_prints_in_the_unprintable_edge_or_below_ten_points_is_refused(tmp_path, old, new, says):
    from publisher.errors import ContentError

    text = factsheet.DEFAULT_LAYOUT.read_text()
    assert old in text
    path = tmp_path / "fact-sheet.yaml"
    path.write_text(text.replace(old, new))
    with pytest.raises(ContentError) as caught:
        factsheet.load_layout(path)
    assert says in str(caught.value)


def test_many_figures_on_a4(write_content, theme, tmp_path):
    from publisher.load import load

    names = [a + b for a in "abcdefg" for b in "xyz"] * 3

    def many(data):
        data["figures"] = {f"figure_{i}": {"value": 1000 + i, "unit": "cases", "label": f"Measure {names[i]}",
                                           "group": f"Group {names[i % 3]}"} for i in range(45)}
        data["release"]["summary"] = "A summary with {figure_0}."
        data["sections"][0]["blocks"] = ["The text cites {figure_1}."]
        data["lists"] = {f"list_{i}": {"title": f"List {names[i]}", "items": ["One", "Two"]} for i in range(4)}
    release = load(write_content(change=many)).release
    path = render(release, theme, tmp_path / "many-fact-sheet.pdf", "a4")
    assert [str(f) for f in audit(path)] == []
    texts = [normalised(p.text) for p in extract(path)]
    assert "1,044 cases" in texts and texts.count("Measure") == 1


def test_renders_as_an_image(sheet, tmp_path):
    if not shutil.which("pdftoppm"):
        pytest.skip("pdftoppm is not installed")
    subprocess.run(["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", str(sheet), str(tmp_path / "p")], check=True)
    assert list(tmp_path.glob("p*.png"))


def words_by_page(path) -> list[list[tuple[float, float, float, str]]]:
    """Each page's words as (left, top, bottom, text), read back with poppler."""
    require_tool("pdftotext")
    xhtml = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True).stdout
    pages = []
    for page in xhtml.split("<page ")[1:]:
        pages.append([(float(x0), float(y0), float(y1), text) for x0, y0, y1, text in re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>', page)])
    return pages


@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_the_source_note_stays_with_the_last_rows_and_keeps_its_space_below(paper, theme, tmp_path):
    from publisher.load import load

    release = load(FIXTURES / "deck-large.yaml").release
    path = tmp_path / f"deck-large-{paper}.pdf"
    path.write_bytes(factsheet.render(release, theme, FactSheetOptions(paper=paper)))
    pages = words_by_page(path)
    (page,) = [words for words in pages if any(text == "Source:" for *_, text in words)]
    note = next(word for word in page if word[3] == "Source:")
    last_label = list(release.figures.values())[-1].label.split()
    row = [word for word in page if word[3] == last_label[0] and word[1] < note[1]]
    assert row, "the last row of the table is not on the note's page"
    assert note[1] - max(word[2] for word in row) < 30  # right under it
    below = sorted(word[1] for word in page if word[1] > note[2] + 1 and word[0] < note[0] + 5)
    if below:  # the next section on this page: the space between blocks above its heading (within a
        assert below[0] - note[2] >= factsheet.load_layout().spacing.block - 1  # point: poppler's word boxes)
