"""The fit check: decks broken on purpose (made with python-pptx here, not by our renderer),
drawn by LibreOffice with the theme font, without it and with each stand-in, read back."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from pptx import Presentation
from pptx.util import Pt

from conftest import ROOT, require_tool, run_publisher
from publisher.audit import deck_fit
from publisher.audit.deck_fit import SETTINGS, STAND_INS, fit

FAMILY = "Atkinson Hyperlegible Next"
SIZE = 24.0
SPILL = "Seizures rose sharply in every county"  #: one line, except with DejaVu Sans
STAND_IN_FILES = {"Liberation Sans": "/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf",
                  "Carlito": "/usr/share/fonts/truetype/crosextra/Carlito-Regular.ttf",
                  "DejaVu Sans": "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"}


def width(path, text: str, size: float) -> float:
    with TTFont(str(path), lazy=True) as font:
        cmap, hmtx = font.getBestCmap(), font["hmtx"].metrics
        return sum(hmtx[cmap[ord(ch)]][0] for ch in text) * size / font["head"].unitsPerEm


def text_box(slide, name: str, text: str, x: float, y: float, w: float, h: float, size: float = SIZE) -> None:
    shape = slide.shapes.add_textbox(Pt(x), Pt(y), Pt(w), Pt(h))
    shape.name = name
    frame = shape.text_frame
    frame.word_wrap = True
    frame.margin_left = frame.margin_right = frame.margin_top = frame.margin_bottom = 0
    paragraph = frame.paragraphs[0]
    paragraph.line_spacing = Pt(size * 1.2)
    run = paragraph.add_run()
    run.text = text
    run.font.size = Pt(size)
    run.font.name = FAMILY


@pytest.fixture(scope="module")
def broken(tmp_path_factory, theme) -> Path:
    """Slide 1 fits with every font; 2 spills out of its box with DejaVu Sans only; 3 has
    two texts drawn over each other; 4 breaks a figure inside its number."""
    theirs = [width(STAND_IN_FILES[f], SPILL, SIZE) for f in ("Liberation Sans", "Carlito")]
    ours = width(theme.font_path("regular"), SPILL, SIZE)
    dejavu = width(STAND_IN_FILES["DejaVu Sans"], SPILL, SIZE)
    spill_w = max(theirs + [ours]) + 12
    assert spill_w < dejavu - 12, "the test needs a text that only DejaVu Sans makes too wide"
    prs = Presentation()
    prs.slide_width, prs.slide_height = Pt(960), Pt(540)
    blank = prs.slide_layouts[6]
    slides = [prs.slides.add_slide(blank) for _ in range(4)]
    text_box(slides[0], "Roomy", "Plenty of room here", 48, 48, 600, 40)
    text_box(slides[1], "Tight", SPILL, 48, 48, spill_w, SIZE * 1.2)
    text_box(slides[1], "Below", "Nothing wrong below", 48, 200, 600, 40)
    text_box(slides[2], "Upper", "Title running down", 48, 100, 500, 40)
    text_box(slides[2], "Lower", "Subtitle in its way", 48, 112, 500, 40)
    text_box(slides[3], "Figure: Money seized", "$100\u00a0million", 48, 48, 150, 200, size=40)
    path = tmp_path_factory.mktemp("fit") / "broken.pptx"
    prs.save(str(path))
    return path


@pytest.fixture(scope="module")
def findings(broken):
    require_tool("soffice")
    require_tool("pdftotext")
    timings: dict[str, float] = {}
    found = fit(broken, timings=timings)
    assert set(timings) == {s.name for s in SETTINGS}
    return found


def on(findings, slide: int, rule: str):
    return [f for f in findings if f.location.startswith(f"slide {slide}") and f.rule == rule]


def test_every_setting_was_drawn_with_the_font_it_asks_for(findings):
    assert not [f for f in findings if f.rule.startswith("deck.fit-font") or f.rule == "deck.fit-pages"]


def test_a_slide_that_fits_has_no_finding_with_any_font(findings):
    assert not [f for f in findings if f.location.startswith("slide 1")]


def test_text_spilling_out_of_its_box_only_with_dejavu_sans(findings):
    spilled = on(findings, 2, "deck.fit-outside")
    assert spilled and all(f.location == "slide 2, shape 'Tight'" for f in spilled)
    assert {f.message.split(" with ", 1)[1].split(":")[0] for f in spilled} == {
        f"DejaVu Sans standing in for {FAMILY}", f"{FAMILY} withheld"}  # LibreOffice falls back to DejaVu Sans
    assert not [f for f in findings if "shape 'Below'" in f.location]


def test_text_drawn_over_other_text(findings):
    overlaps = on(findings, 3, "deck.fit-overlap")
    assert len(overlaps) == len(SETTINGS)
    assert all("'Upper'" in f.message and "'Lower'" in f.message for f in overlaps)


def test_a_figure_broken_inside_its_number(findings):
    broken = on(findings, 4, "deck.fit-broken-word")
    assert broken and any(f"with {FAMILY}:" in f.message for f in broken)
    assert all("'$100 million' is broken across lines" in f.message and "millio" in f.message for f in broken)


def test_without_libreoffice_the_check_says_so_and_does_not_fail(broken, monkeypatch):
    monkeypatch.setenv("PATH", "")
    (notice,) = fit(broken)
    assert notice.severity == "warning" and notice.rule == "deck.fit-not-rendered"
    assert "install LibreOffice Impress (Debian: apt-get install libreoffice-impress)" in notice.message


def test_the_fit_check_imports_nothing_of_the_renderer():
    tree = ast.parse(Path(deck_fit.__file__).read_text(encoding="utf-8"))
    imported = [n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module]
    imported += [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
    assert not [m for m in imported if m.startswith("publisher.render")]
    assert STAND_INS == ("Liberation Sans", "Carlito", "DejaVu Sans")


@pytest.mark.slow
def test_check_render_on_the_built_worked_example_finds_nothing(tmp_path):
    require_tool("soffice")
    require_tool("pdftotext")
    content = ROOT / "content" / "operation-last-mile.yaml"
    assert run_publisher("build", content, "--out", tmp_path, "-f", "deck", "--no-check").returncode == 0
    result = run_publisher("check", tmp_path / "operation-last-mile", "--render")
    assert result.returncode == 0 and "deck.fit" not in result.stderr, result.stderr


@pytest.mark.slow
@pytest.mark.parametrize("content", sorted(p.name for p in (ROOT / "tests" / "fixtures").glob("*.yaml")))
def test_every_fixture_deck_fits_with_the_theme_font_and_every_stand_in(content, theme, tmp_path):
    require_tool("soffice")
    require_tool("pdftotext")
    from publisher.load import load
    from publisher.render.deck import render
    from publisher.spec import Options

    path = tmp_path / "deck.pptx"
    path.write_bytes(render(load(ROOT / "tests" / "fixtures" / content).release, theme, Options()))
    assert [str(f) for f in fit(path)] == []
