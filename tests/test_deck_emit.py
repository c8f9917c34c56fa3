"""The emitted .pptx, read back: size, titles, reading order, alt text, sizes, notes, language, properties."""
from __future__ import annotations

import io
import time
from importlib import import_module
from pathlib import Path

import pytest
from pptx import Presentation

from publisher.audit.deck import audit, extract
from publisher.figures import figure_text
from publisher.formats import get
from publisher.load import load
from publisher.render.deck import render
from publisher.render.deck.template import TEMPLATE, build_template
from publisher.spec import Options

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
DECORATIVE = "{http://schemas.microsoft.com/office/drawing/2017/decorative}decorative"
LARGE = Path(__file__).resolve().parent / "fixtures" / "deck-large.yaml"


@pytest.fixture(scope="module")
def deck_path(release, theme, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("deck") / "release-briefing.pptx"
    path.write_bytes(render(release, theme, Options()))
    return path


@pytest.fixture(scope="module")
def prs(deck_path):
    return Presentation(str(deck_path))


def test_registered_as_a_format():
    fmt = get("deck")
    assert fmt.file_name("x") == "x-briefing.pptx"
    assert import_module(fmt.render_module).render is render
    assert import_module(fmt.audit_module).audit is audit


def test_widescreen_from_the_template(prs, deck_path):
    assert (prs.slide_width, prs.slide_height) == (12192000, 6858000)
    assert prs.part._element.find(P + "sldSz").get("type") is None
    template = Presentation(str(TEMPLATE))
    assert (template.slide_width, template.slide_height) == (12192000, 6858000)
    for layout in template.slide_layouts:
        for ph in layout.placeholders:
            assert ph.left + ph.width <= 12192000


def test_shipped_template_matches_its_build_script():
    built = Presentation(io.BytesIO(build_template()))
    shipped = Presentation(str(TEMPLATE))
    assert [layout.name for layout in built.slide_layouts] == [layout.name for layout in shipped.slide_layouts]
    for a, b in zip(built.slide_layouts, shipped.slide_layouts, strict=False):
        assert [(p.left, p.top, p.width, p.height) for p in a.placeholders] == \
               [(p.left, p.top, p.width, p.height) for p in b.placeholders]


def test_every_slide_has_a_title_first(prs):
    for slide in prs.slides:
        first = next(iter(slide.shapes))
        assert first.is_placeholder and first.placeholder_format.type in (1, 3)  # TITLE, CENTER_TITLE
        assert first.text_frame.text.strip()


def test_decoration_is_marked_and_last(prs):
    for n, slide in enumerate(prs.slides, 1):
        shapes = list(slide.shapes)
        decorative = [s for s in shapes if s._element.find(f".//{DECORATIVE}") is not None]
        assert decorative, n
        assert shapes[-len(decorative):] == decorative
        for shape in decorative:
            assert shape._element.find(f".//{DECORATIVE}").get("val") == "1"
            assert shape._element.find(P + "txBody") is None


def test_table_has_a_header_row_and_alt_text(prs, release):
    frames = [s for slide in prs.slides for s in slide.shapes if s.has_table]
    assert frames
    for frame in frames:
        assert frame._element.find(f".//{A}tblPr").get("firstRow") == "1"
        descr = frame._element.find(f".//{P}cNvPr").get("descr")
        assert descr and "key figures" in descr.lower()
        assert [c.text for c in frame.table.rows[0].cells] == ["Measure", "Figure"]
        assert not any(tc.get("gridSpan") or tc.get("rowSpan") for tc in frame._element.iter(A + "tc"))
    amounts = [row.cells[1].text.replace("\u00a0", " ") for f in frames for row in list(f.table.rows)[1:]]
    assert amounts == [figure_text(f) for _, members in release.figure_groups() for _, f in members]


def test_sizes_and_language_on_every_run(prs, release):
    for slide in prs.slides:
        title_id = slide.shapes.title.shape_id
        for shape in slide.shapes:
            for r in shape._element.iter(A + "r"):
                rpr = r.find(A + "rPr")
                assert rpr.get("lang") == release.language
                size = int(rpr.get("sz")) / 100
                assert size >= (28 if shape.shape_id == title_id else 18)
                assert rpr.find(A + "latin").get("typeface") == "Atkinson Hyperlegible Next"
    default = prs.part._element.find(f"{P}defaultTextStyle/{A}defPPr/{A}defRPr")
    assert default.get("lang") == release.language


def test_theme_part_carries_the_theme(prs, theme):
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    blob = prs.slide_master.part.part_related_by(RT.THEME).blob.decode()
    assert theme.color("primary").lstrip("#").upper() in blob
    assert f'typeface="{theme.fonts.family}"' in blob


def test_notes_carry_the_figures(prs, release):
    notes = " ".join(s.notes_slide.notes_text_frame.text for s in prs.slides).replace("\u00a0", " ")
    for slide in prs.slides:
        assert slide.has_notes_slide and slide.notes_slide.notes_text_frame.text.strip()
    for fig in release.figures.values():
        assert figure_text(fig) in notes
    for quote in release.quotes.values():
        assert quote.speaker in notes


def test_links_are_descriptive_and_external(prs, release):
    slide = next(s for s in prs.slides if s.shapes.title.text == "Contact and related links")
    runs = [r for shape in slide.shapes if shape.has_text_frame for p in shape.text_frame.paragraphs for r in p.runs
            if r.hyperlink.address]
    assert [(r.text, r.hyperlink.address) for r in runs] == [(link.text, link.url) for link in release.links]


def test_core_properties(prs, release):
    props = prs.core_properties
    assert props.title == release.title
    assert props.author == release.release.agency
    assert props.subject and props.keywords and props.language == release.language
    assert "python-pptx" not in (props.comments + props.last_modified_by)
    assert props.comments.startswith("In a year-long national operation")


FIXTURE_RELEASES = sorted((Path(__file__).resolve().parent / "fixtures").glob("*.yaml"))


def test_valid_ooxml(deck_path, theme, tmp_path):
    from openxml_audit import validate_pptx

    paths = [deck_path]
    for content in FIXTURE_RELEASES:
        paths.append(tmp_path / f"{content.stem}.pptx")
        paths[-1].write_bytes(render(load(content).release, theme, Options()))
    for path in paths:
        result = validate_pptx(str(path))
        assert result.is_valid and not result.errors, (path.name, [str(e) for e in result.errors][:5])


def test_the_audit_finds_nothing(deck_path, theme, tmp_path):
    from publisher.audit.deck_content import content_rules
    from publisher.expectations import Expectations

    assert audit(deck_path) == []
    for content in FIXTURE_RELEASES:
        release = load(content).release
        path = tmp_path / f"{content.stem}.pptx"
        path.write_bytes(render(release, theme, Options()))
        assert audit(path) == [], content.name
        assert content_rules(path, Expectations.from_release(release)) == [], content.name


def test_extract_reads_tiles_as_display_text(deck_path, release):
    passages = extract(deck_path)
    assert {p.location for p in passages} == {f"slide {n}" for n in range(1, len(Presentation(str(deck_path)).slides) + 1)}
    texts = [p.text for p in passages if p.location == "slide 2"]
    first_group = release.figure_groups()[0][1]
    for _, fig in first_group:  # a tile reads as its figure, then its caption
        assert f"{figure_text(fig)} {fig.label}" in texts
    assert "2" not in texts  # the slide number is the viewer's, not the slide's text


def test_fast(release, theme):
    """Under 0.3 s beyond imports (best of three, the machine being shared)."""
    render(release, theme, Options())  # imports and font metrics loaded
    times = []
    for _ in range(3):
        start = time.perf_counter()
        render(release, theme, Options())
        times.append(time.perf_counter() - start)
    assert min(times) < 0.3


def _parts(data: bytes) -> dict[str, bytes]:
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {name: z.read(name) for name in z.namelist()}


def test_blank_slides_are_python_pptx_own(release, theme):
    """The per-process blank slides and notes slide are what python-pptx's add_slide and
    notes_slide make from the template."""
    from lxml import etree

    from publisher.render.deck.emit import LAYOUTS, _template

    render(release, theme, Options())
    template = _template()
    prs = Presentation(str(TEMPLATE))
    for layout in prs.slide_layouts:
        if layout.name in LAYOUTS.values():
            slide = prs.slides.add_slide(layout)
            assert etree.tostring(template.slides[layout.name], method="c14n") == \
                etree.tostring(slide._element, method="c14n"), layout.name
    assert etree.tostring(template.notes, method="c14n") == etree.tostring(slide.notes_slide._element, method="c14n")


def test_renders_do_not_leak_into_each_other(release, theme):
    """Caches kept between renders (template, blank slides, theme part) hold no release's content."""
    other_theme = theme.model_copy(update={"name": "Other", "colors": {**theme.colors, "primary": "#204020"}})
    first = _parts(render(release, theme, Options()))
    large = load(LARGE).release
    render(large, other_theme, Options())
    render(large, theme, Options())
    again = _parts(render(release, theme, Options()))
    assert first.keys() == again.keys()
    assert [n for n in first if first[n] != again[n]] == []
    themed = _parts(render(release, other_theme, Options()))
    assert b"204020" in themed["ppt/theme/theme1.xml"] and b"204020" not in first["ppt/theme/theme1.xml"]
