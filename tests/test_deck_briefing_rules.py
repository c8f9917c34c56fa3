"""The briefing's rules on strange releases: property-tested on the slide plans, with the
stand-in fonts installed and with them missing (approximated by a widened theme font).

Every figure once on the at-a-glance slides, as a tile with its caption; no figure on another
slide but the key points; no text frame over 40 words; pull-quotes faithful and short; a
footer and a slide number on every slide but the title; every text inside its box with each
face a viewer may get.
"""
from __future__ import annotations

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_strange_content import releases, small_release

from publisher.briefing import excerpt_difference, word_limits
from publisher.document import plain
from publisher.errors import ContentError
from publisher.figures import Resolver, figure_text
from publisher.load import load
from publisher.render.deck import standins
from publisher.render.deck.plan import plan
from publisher.render.deck.shapes import SLIDE_H, SLIDE_W, TableShape, TextShape, fits_width, text_height


def _words(shape: TextShape) -> int:
    return sum(1 for p in shape.paras for w in plain(p.text).split() if any(c.isalnum() for c in w))


def briefing_rule_breaks(release, slides, fonts) -> list[str]:
    """Every rule of the briefing the plan breaks, said in words (empty: none)."""
    broken: list[str] = []
    glance = [s for s in slides if s.title_text.startswith("Key figures at a glance")]
    tiles = {s.name: s for slide in glance for s in slide.shapes if s.name.startswith("Figure: ")}
    resolve = Resolver(release)
    if len(tiles) != len(release.figures) and len({f.label for f in release.figures.values()}) == len(release.figures):
        broken.append(f"{len(tiles)} tiles for {len(release.figures)} figures")
    for fig in release.figures.values():
        text = figure_text(fig)
        tile = tiles.get(f"Figure: {resolve(fig.label)}")
        if tile is not None and plain(tile.paras[-1].text) != plain(resolve(fig.label)):
            broken.append(f"tile '{tile.name}' has no caption")
        seen = {n for n, slide in enumerate(slides) for shape in slide.shapes
                if isinstance(shape, TextShape) and not shape.name.startswith("Key point")
                and text in " ".join(plain(p.text) for p in shape.paras)}
        alike = sum(figure_text(other) == text for other in release.figures.values())  # '$0' twice: two tiles
        if len(seen) > alike:
            broken.append(f"figure '{text}' on slides {sorted(seen)}")
    _, most_excerpt = word_limits(release.language)
    for n, slide in enumerate(slides, 1):
        shapes = [slide.title] + ([slide.subtitle] if slide.subtitle else []) + list(slide.shapes)
        if n > 1 and (slide.footer is None or slide.number is None):
            broken.append(f"slide {n} has no footer or number")
        for shape in shapes + [s for s in (slide.footer, slide.number) if s]:
            if isinstance(shape, TableShape) or not isinstance(shape, TextShape):
                continue
            if _words(shape) > 40:
                broken.append(f"slide {n}, '{shape.name}': {_words(shape)} words")
            inner = shape.box.w - 2 * shape.inset
            if text_height(shape.paras, fonts, inner) > shape.box.h - 2 * shape.inset + 0.01:
                broken.append(f"slide {n}, '{shape.name}' spills out of its box")
            if not fits_width(shape.paras, fonts, inner):
                broken.append(f"slide {n}, '{shape.name}' has a word wider than its box")
            box = shape.box
            if box.x < 0 or box.y < 0 or box.x + box.w > SLIDE_W + 0.01 or box.bottom > SLIDE_H + 0.01:
                broken.append(f"slide {n}, '{shape.name}' is off the slide")
            if shape.name.startswith("Pull-quote: "):
                excerpt = plain(shape.paras[0].text).replace("\u2060", "")[1:-1]
                if len(excerpt.split()) > most_excerpt:
                    broken.append(f"slide {n}: a pull-quote of {len(excerpt.split())} words")
                if not any(excerpt_difference(excerpt, resolve(q.text)) is None for q in release.quotes.values()):
                    broken.append(f"slide {n}: '{excerpt}' is no excerpt of a quote")
    return broken


NAMES = "Alder Birch Cedar Dogwood Elm Fir Gum Hazel Ivy".split()


def _plan_of(tmp_path, data, theme, strange=False):
    """The release and its plan; for ``strange`` content that the loader refuses, (None, None)."""
    path = tmp_path / "strange.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    try:
        release = load(path).release
    except ContentError:
        if strange:
            return None, None
        raise
    return release, plan(release, theme)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=releases(), missing=st.booleans())
def test_strange_releases_keep_the_briefing_rules(tmp_path, theme, monkeypatch, data, missing):
    if missing:  # a machine without the stand-in fonts: they are approximated
        monkeypatch.setattr(standins, "find_stand_in", lambda family: None)
        standins._stand_ins.cache_clear()
    try:
        release, slides = _plan_of(tmp_path, data, theme, strange=True)
        if release is None:
            return
        fonts = standins.stand_in_safe(theme)
        assert bool(fonts.approximated) == missing or not missing
        assert briefing_rule_breaks(release, slides, fonts) == []
    finally:
        standins._stand_ins.cache_clear()


def test_the_rules_catch_a_plan_broken_on_purpose(release, theme):
    from dataclasses import replace

    slides = plan(release, theme)
    fonts = standins.stand_in_safe(theme)
    assert briefing_rule_breaks(release, slides, fonts) == []
    glance = next(i for i, s in enumerate(slides) if s.title_text.startswith("Key figures"))
    tile = next(s for s in slides[glance].shapes if s.name.startswith("Figure: "))
    uncaptioned = replace(tile, paras=tile.paras[:-1])
    shapes = tuple(uncaptioned if s is tile else s for s in slides[glance].shapes)
    broken = slides[:glance] + [replace(slides[glance], shapes=shapes)] + slides[glance + 1:]
    assert any("has no caption" in b for b in briefing_rule_breaks(release, broken, fonts))
    twice = slides[:-1] + [replace(slides[-1], shapes=slides[-1].shapes + (tile,))]
    assert any("on slides" in b for b in briefing_rule_breaks(release, twice, fonts))


def test_one_figure_and_one_quote_make_a_full_glance_not_a_corner(tmp_path, theme):
    data = small_release(figures={"f": {"value": 12, "unit": "schools", "label": "Schools opened"}},
                         quotes={"q": {"text": "We are glad. It is a good day for the city and for every family in it.",
                                       "speaker": "Ana Ruiz"}},
                         sections=[{"heading": "News", "blocks": ["{f} opened.", {"quote": "q"}]}])
    release, slides = _plan_of(tmp_path, data, theme)
    tile = next(s for slide in slides for s in slide.shapes if s.name.startswith("Figure: "))
    assert tile.paras[0].size >= 44  # the one number large
    assert abs(tile.box.x + tile.box.w / 2 - SLIDE_W / 2) < 1
    assert [s.title_text for s in slides][1:] == ["Key figures at a glance", "Key points", "News", "Contact"]


def test_forty_figures_continue_on_more_slides_at_readable_sizes(tmp_path, theme):
    figures = {f"f{i}": {"value": 1000 + i, "unit": "cases", "label": f"Cases of kind {NAMES[i % 8]} {NAMES[i // 8]}",
                         "group": f"Group {NAMES[i // 7]}"} for i in range(40)}
    data = small_release(figures=figures, sections=[{"blocks": [" ".join(f"{{f{i}}}" for i in range(40)) + "."]}])
    release, slides = _plan_of(tmp_path, data, theme)
    glance = [s for s in slides if s.title_text.startswith("Key figures at a glance")]
    assert len(glance) > 1
    assert min(p.size for s in glance for shape in s.shapes if isinstance(shape, TextShape) for p in shape.paras) >= 18
    assert briefing_rule_breaks(release, slides, standins.stand_in_safe(theme)) == []


def test_eight_quotes_two_to_a_slide(tmp_path, theme):
    quotes = {f"q{i}": {"text": f"Our work on the {NAMES[i]} case is done. We thank every partner.",
                        "speaker": f"Person {NAMES[i]}"} for i in range(8)}
    data = small_release(quotes=quotes, sections=[{"heading": "Voices", "blocks": [{"quote": k} for k in quotes]}])
    release, slides = _plan_of(tmp_path, data, theme)
    voices = [s for s in slides if s.title_text.startswith("Voices")]
    assert len(voices) == 4
    assert briefing_rule_breaks(release, slides, standins.stand_in_safe(theme)) == []


def test_a_section_without_heading_is_not_an_overview_in_parts(tmp_path, theme):
    data = small_release(lists={"l": {"title": "Places", "items": ["North", "South"]}},
                         sections=[{"blocks": ["Some prose. " * 40, {"list": "l"}]}])
    _, slides = _plan_of(tmp_path, data, theme)
    titles = [s.title_text for s in slides]
    assert not any("Overview" in t or "(part" in t for t in titles), titles


@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=releases())
def test_strange_decks_fit_as_libreoffice_draws_them(tmp_path_factory, theme, data):
    """The render-based fit check (LibreOffice, words read back by poppler) on strange releases,
    with the theme font withheld and with DejaVu Sans, the widest stand-in, in its place."""
    from conftest import require_tool
    from publisher.audit.deck_fit import SETTINGS, WITHHELD, fit
    from publisher.render.deck import render
    from publisher.spec import Options

    require_tool("soffice")
    require_tool("pdftotext")
    tmp_path = tmp_path_factory.mktemp("strange")
    release, _ = _plan_of(tmp_path, data, theme, strange=True)
    if release is None:
        return
    path = tmp_path / "deck.pptx"
    path.write_bytes(render(release, theme, Options()))
    dejavu = next(s for s in SETTINGS if s.stand_in == "DejaVu Sans")
    assert [str(f) for f in fit(path, (WITHHELD, dejavu)) if f.severity == "error"] == []
