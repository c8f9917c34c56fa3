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
    assert titles == [release.title, "Key figures at a glance", "Key points", "Social media and encrypted platforms",
                      "What they said (part one of two)", "What they said (part two of two)",
                      "Contact and related links", "Appendix: By the numbers"]
    assert len(slides) <= 10 and slides[0].layout == "title"


def glance_tiles(slides):
    return [s for slide in slides if slide.title_text.startswith("Key figures") for s in slide.shapes
            if isinstance(s, TextShape) and s.name.startswith("Figure: ")]


def test_every_figure_is_a_captioned_tile_on_one_slide(slides, release):
    assert sum(s.title_text.startswith("Key figures") for s in slides) == 1
    tiles = {s.name: s for s in glance_tiles(slides)}
    assert len(tiles) == len(release.figures)
    for fig in release.figures.values():
        tile = tiles[f"Figure: {fig.label}"]
        *figure, caption = tile.paras
        assert plain(" ".join(p.text for p in figure)) == figure_text(fig)
        assert caption.text == fig.label and tile.fill == "tint"


def test_no_figure_on_two_slides_but_in_key_points_and_the_appendix(slides, release):
    for fig in release.figures.values():
        text = figure_text(fig)
        found = [n for n, slide in enumerate(slides, 1) for shape in text_shapes(slide)
                 if not shape.name.startswith("Key point") and text in " ".join(plain(p.text) for p in shape.paras)]
        assert len(found) == 1, (text, found)


@pytest.mark.parametrize("which", ["slides", "large_slides"])
def test_no_text_frame_holds_more_than_forty_words(which, request):
    for n, slide in enumerate(request.getfixturevalue(which), 1):
        for shape in text_shapes(slide):
            words = [w for p in shape.paras for w in plain(p.text).split() if any(c.isalnum() for c in w)]
            assert len(words) <= 40, (n, shape.name, len(words))


def test_pull_quotes_are_faithful_excerpts_of_at_most_thirty_words(slides, release):
    from publisher.briefing import excerpt_difference
    from publisher.figures import Resolver

    resolve = Resolver(release)
    quotes = [s for slide in slides for s in slide.shapes if isinstance(s, TextShape) and s.name.startswith("Pull-quote")]
    assert len(quotes) == len(release.quotes)
    for shape in quotes:
        speaker = shape.name.split(": ", 1)[1]
        quote = next(q for q in release.quotes.values() if q.speaker == speaker)
        excerpt = plain(shape.paras[0].text)[1:-1]
        assert len(excerpt.split()) <= 30
        assert excerpt_difference(excerpt, resolve(quote.text)) is None, excerpt
        byline = next(s for slide in slides for s in slide.shapes if s.name == f"Byline: {speaker}")
        assert byline.paras[0].text.startswith("— ") and speaker in byline.paras[0].text
        assert byline.box.y > shape.box.bottom and byline.box.x == shape.box.x


@pytest.mark.parametrize("which", ["slides", "large_slides"])
def test_footer_and_number_on_every_slide_but_the_title(which, request):
    deck = request.getfixturevalue(which)
    assert deck[0].footer is None and deck[0].number is None
    for n, slide in enumerate(deck[1:], 2):
        assert slide.footer is not None and slide.number is not None
        assert slide.number.paras[0].text == str(n)
        assert not any(slide.footer.box.overlaps(s.box) for s in slide.shapes)


def test_notes_are_talking_points_that_keep_the_whole_release(slides, release):
    from publisher.figures import Resolver

    resolve = Resolver(release)
    notes = " ".join(plain(s.notes) for s in slides)
    for section in release.sections:
        for block in section.blocks:
            if isinstance(block, str):
                assert " ".join(resolve(block).split()) in " ".join(notes.split())
    for quote in release.quotes.values():
        assert " ".join(resolve(quote.text).split()) in " ".join(notes.split())
    glance = next(plain(s.notes) for s in slides if s.title_text == "Key figures at a glance")
    for fig in release.figures.values():
        assert f"{fig.label}: {figure_text(fig)}." in notes
        # and in a full sentence of the release's own: "... 1,436 investigations led to 3,337 arrests ..."
        assert glance.count(figure_text(fig)) >= 2, fig.label


def test_the_platforms_slide_shows_both_lists_and_no_figure(slides):
    slide = next(s for s in slides if s.title_text == "Social media and encrypted platforms")
    names = [s.name for s in slide.shapes]
    assert "List: Social media applications" in names and "List: Encrypted communications platforms" in names
    assert not any(name.startswith("Figure: ") for name in names)


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
            needed = text_height(shape.paras, fonts, inner_w) + 2 * shape.inset
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
    assert "Key figures at a glance (part two of two)" in titles
    assert "What leaders said (part three of three)" in titles
    assert "Appendix: By the numbers (part two of two)" in titles
    tiles = glance_tiles(large_slides)
    assert len(tiles) == len(large.figures)
    assert min(p.size for t in tiles for p in t.paras) >= 18
    # Tiles reflow to fewer columns when a number is wide: all on one grid, none cut.
    assert len({t.box.w for t in tiles}) == 1


def test_minimal_release(theme):
    release = load(FIXTURES / "minimal.yaml").release
    deck = plan(release, theme)
    assert [s.title_text for s in deck] == [release.title, "Key figures at a glance", "Key points", "Contact"]
    tile = glance_tiles(deck)[0]
    # one tile: not a banner across the slide nor a chip in a corner, but centred
    assert tile.box.w < SLIDE_W / 2 and abs(tile.box.x + tile.box.w / 2 - SLIDE_W / 2) < 1


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

    text = DEFAULT_LAYOUT.read_text().replace("  text_size: 18 ", "  text_size: 16 ")
    path = tmp_path / "deck.yaml"
    path.write_text(text)
    with pytest.raises(ContentError) as caught:
        load_layout(path)
    (problem,) = caught.value.problems
    assert problem.field == "tiles.text_size" and "18" in problem.message
    assert problem.line == next(n for n, line in enumerate(text.splitlines(), 1) if line.startswith("  text_size"))
