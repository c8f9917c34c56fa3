"""The deck's storyboard and layout, as plain data (no python-pptx)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from publisher.document import plain
from publisher.figures import figure_text
from publisher.load import load
from publisher.render.deck.plan import (
    SLIDE_H,
    SLIDE_W,
    Decoration,
    TableShape,
    TextShape,
    plan,
    text_height,
    unique_titles,
)
from publisher.spec.deck import MIN_TEXT, MIN_TITLE, theme_fonts

FIXTURES = Path(__file__).resolve().parent / "fixtures"
LARGE = FIXTURES / "deck-large.yaml"


@pytest.fixture(scope="module")
def slides(release, theme):
    return plan(release, theme)


@pytest.fixture(scope="module")
def large(theme):
    return load(LARGE).release


@pytest.fixture(scope="module")
def large_slides(large, theme):
    return plan(large, theme)


def text_shapes(slide):
    return [slide.title] + ([slide.subtitle] if slide.subtitle else []) + [
        s for s in slide.shapes if isinstance(s, TextShape)]


def test_storyboard_of_the_real_release(slides, release):
    titles = [s.title_text for s in slides]
    assert slides[0].layout == "title" and titles[0] == release.title
    assert titles[1].startswith("Key figures at a glance")
    for expected in ("A year-long national operation", "Results", "Social media and encrypted platforms",
                     "What partners said: Administrator Anne Milgram", "What partners said: Sheriff Dennis Lemma",
                     "A network-based approach", "By the numbers", "Contact and related links"):
        assert any(t == expected or t.startswith(expected + " (") for t in titles), expected
    assert titles[-1] == "Contact and related links"
    numbers = next(i for i, t in enumerate(titles) if t.startswith("By the numbers"))
    assert numbers < titles.index("Contact and related links")


def test_every_figure_is_a_tile_that_reads_as_its_display_text(slides, release):
    tiles = {s.name: s for slide in slides if slide.title_text.startswith("Key figures") for s in slide.shapes
             if isinstance(s, TextShape) and s.name.startswith("Figure: ")}
    assert len(tiles) == len(release.figures)
    for fig in release.figures.values():
        tile = tiles[f"Figure: {fig.label}"]
        assert plain(" ".join(p.text for p in tile.paras)) == figure_text(fig)
        assert tile.fill == "tint"


def test_the_platforms_slide_shows_both_lists_and_the_cases_figure(slides, release):
    slide = next(s for s in slides if s.title_text == "Social media and encrypted platforms")
    names = [s.name for s in slide.shapes]
    assert "List: Social media applications" in names and "List: Encrypted communications platforms" in names
    assert "Figure: " + release.figures["platform_cases"].label in names


def test_the_numbers_table_has_a_row_per_figure_in_registry_order_under_the_labels_headers(slides, release):
    tables = [s for slide in slides for s in slide.shapes if isinstance(s, TableShape)]
    assert [t.header for t in tables] == [("Measure", "Figure")] * len(tables)
    rows = [r for t in tables for r in t.rows]
    in_groups = [f for _, members in release.figure_groups() for _, f in members]
    assert [plain(r[1]) for r in rows] == [figure_text(f) for f in in_groups]


def test_titles_are_unique(slides, large_slides):
    for deck in (slides, large_slides):
        keys = [s.title_text.strip().casefold() for s in deck]
        assert len(keys) == len(set(keys))


def test_unique_titles_numbers_repeats():
    assert unique_titles(["A", "B", "a ", "A"]) == ["A", "B", "a  (part two)", "A (part three)"]


@pytest.mark.parametrize("which", ["slides", "large_slides"])
def test_text_sizes_fit_and_stay_on_the_slide(which, request, theme):
    fonts = theme_fonts(theme)
    for n, slide in enumerate(request.getfixturevalue(which), 1):
        for shape in text_shapes(slide):
            minimum = MIN_TITLE if shape is slide.title else MIN_TEXT
            assert all(p.size >= minimum for p in shape.paras), (n, shape.name)
            assert all(p.pitch >= 1.2 * p.size - 0.01 for p in shape.paras), (n, shape.name)
            inner_w = shape.box.w - 2 * shape.inset
            needed = text_height(shape.paras, fonts, inner_w) + 2 * shape.inset + shape.extra_top
            assert needed <= shape.box.h + 0.01, (n, shape.name, needed, shape.box.h)
        for shape in slide.shapes + (slide.title,):
            box = shape.box
            assert 0 <= box.x and box.x + box.w <= SLIDE_W and 0 <= box.y and box.bottom <= SLIDE_H - 30, (n, shape.name)


@pytest.mark.parametrize("which", ["slides", "large_slides"])
def test_no_shapes_overlap(which, request):
    for n, slide in enumerate(request.getfixturevalue(which), 1):
        shapes = [slide.title] + ([slide.subtitle] if slide.subtitle else []) + list(slide.shapes)
        for i, a in enumerate(shapes):
            for b in shapes[i + 1:]:
                assert not a.box.overlaps(b.box), (n, a.name, b.name)


@pytest.mark.parametrize("which", ["slides", "large_slides"])
def test_notes_say_everything_on_the_slide(which, request):
    for n, slide in enumerate(request.getfixturevalue(which), 1):
        notes = " ".join(plain(slide.notes).split())
        for shape in text_shapes(slide):
            for p in shape.paras:
                assert " ".join(plain(p.text).split()) in notes, (n, p.text)
        for shape in slide.shapes:
            if isinstance(shape, TableShape):
                for cell in shape.header + tuple(c for row in shape.rows for c in row):
                    assert plain(cell) in notes


@pytest.mark.parametrize("which", ["slides", "large_slides"])
def test_every_text_colour_is_a_checked_theme_pair(which, request, theme):
    pairs = {tuple(p) for p in theme.pairs}
    for n, slide in enumerate(request.getfixturevalue(which), 1):
        for shape in text_shapes(slide):
            background = shape.fill or slide.background
            for p in shape.paras:
                for run in p.runs:
                    assert (run.color, background) in pairs, (n, shape.name, run.color, background)


def test_decoration_is_only_decoration(slides):
    for slide in slides:
        decorations = [s for s in slide.shapes if isinstance(s, Decoration)]
        assert decorations and not any(hasattr(d, "paras") for d in decorations)
        assert slide.shapes[-len(decorations):] == tuple(decorations)


def test_large_release_continues_rather_than_shrinks(large_slides, large):
    titles = [s.title_text for s in large_slides]
    title_slide = large_slides[0]
    assert len(title_slide.title.paras[0].text) > 180 and title_slide.title.box.h > 3 * 28
    # measured for the widest stand-in (DejaVu Sans), the 16 tiles take three columns, not four
    assert "Key figures at a glance (part one of eight)" in titles
    assert any(t.startswith("An investigation that spanned") and t.endswith("(part three of three)") for t in titles)
    assert "What leaders said: Chief Jordan Lee (part one of three)" in titles
    assert "By the numbers (part two of two)" in titles
    assert "Online marketplaces and platforms (part two of two)" in titles
    tiles = [s for slide in large_slides if slide.title_text.startswith("Key figures") for s in slide.shapes
             if isinstance(s, TextShape) and s.name.startswith("Figure: ")]
    assert len(tiles) == len(large.figures)
    # Tiles reflow to fewer columns when a number is wide: all on one grid, none cut.
    assert len({t.box.w for t in tiles}) == 1


def test_minimal_release(theme):
    release = load(FIXTURES / "minimal.yaml").release
    titles = [s.title_text for s in plan(release, theme)]
    assert titles == [release.title, "Key figures at a glance", "Overview", "By the numbers", "Contact"]


@pytest.mark.parametrize("which", ["slides", "large_slides"])
def test_titles_hold_no_digits(which, request):
    """Digits in a title would read as unregistered figures ("part 2 of 3")."""
    for slide in request.getfixturevalue(which)[1:]:
        assert not any(ch.isdigit() for ch in slide.title_text), slide.title_text


def test_planning_needs_no_python_pptx():
    code = ("import sys; from publisher.load import load; from publisher.theme import load_theme; "
            "from publisher.render.deck.plan import plan; plan(load('content/operation-last-mile.yaml').release, "
            "load_theme()); print('pptx' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parent.parent)
    assert out.stdout.strip() == "False"


def test_part_numbers_are_words_at_any_count():
    """Regression: 'part 32 of 34' put digits on slides that the figure check flagged."""
    from publisher.render.deck.plan import number_word, part_suffix

    assert part_suffix(32, 34) == " (part thirty-two of thirty-four)"
    assert all(not any(ch.isdigit() for ch in number_word(n)) for n in range(0, 2500, 7))


def test_widths_remembered_are_the_widths(theme):
    fonts = theme_fonts(theme)
    face = fonts.regular
    text = "Sinaloa\u00a0Cartel 1,436 investigations — ½"
    first = face.width(text, 22)
    assert face.width(text, 22) == first
    expected = sum(face.advances.get(32 if ch == "\u00a0" else ord(ch), face.fallback) for ch in text) * 22 / face.units_per_em
    assert first == expected


def test_line_count_is_the_number_of_wrapped_lines(theme):
    import random

    from publisher.spec.deck import line_count, wrap

    fonts = theme_fonts(theme)
    rng = random.Random(1)
    words = ["a", "Sinaloa", "1,436\u00a0investigations", "", "  ", "methamphetamine", "x" * 40, "and"]
    for _ in range(3000):
        runs = [(" ".join(rng.choice(words) for _ in range(rng.randint(0, 12))), rng.random() < 0.3)
                for _ in range(rng.randint(0, 4))]
        size, width = rng.choice([18, 22, 28, 40]), rng.uniform(10, 900)
        assert line_count(runs, fonts, size, width) == len(wrap(runs, fonts, size, width)), (runs, size, width)


def test_the_grid_and_type_are_data_refused_below_the_minimum_sizes(tmp_path):
    from publisher.errors import ContentError
    from publisher.render.deck.layout import DEFAULT_LAYOUT, load_layout

    text = DEFAULT_LAYOUT.read_text().replace("body_size: 22", "body_size: 16")
    path = tmp_path / "deck.yaml"
    path.write_text(text)
    with pytest.raises(ContentError) as caught:
        load_layout(path)
    (problem,) = caught.value.problems
    assert problem.field == "body_size" and "18" in problem.message
    assert problem.line == next(n for n, line in enumerate(text.splitlines(), 1) if line.startswith("body_size"))
