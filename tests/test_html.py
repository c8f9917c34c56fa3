"""The HTML edition read back without a browser: its outline, its text, its escaping, its audit.
The browser checks (axe-core, reflow, dark mode) are in test_html_browser.py."""
from __future__ import annotations

import re

import pytest

from conftest import FIXTURES, assert_whole_release
from publisher.audit import html as html_audit
from publisher.check import Expectations, reconcile
from publisher.formats import get
from publisher.load import load
from publisher.render.html import AA, legible, palettes, render
from publisher.spec import Options
from publisher.theme import Theme, contrast

TAGS = re.compile(r"<[^>]+>")


@pytest.fixture(scope="module")
def page(release, theme) -> str:
    return render(release, theme, Options()).decode("utf-8")


@pytest.fixture(scope="module")
def page_file(page, tmp_path_factory):
    path = tmp_path_factory.mktemp("html") / "operation-last-mile.html"
    path.write_text(page, encoding="utf-8")
    return path


def _reads(passages) -> str:
    return " ".join(p.text for p in passages)


def test_registered_as_a_format():
    fmt = get("html")
    assert fmt.file_name("slug") == "slug.html"
    assert fmt.render_module == "publisher.render.html" and fmt.audit_module == html_audit.__name__


def test_the_release_passes_its_own_audit(page_file):
    assert html_audit.audit(page_file) == []


def test_figures_reconcile_against_the_content(release, page_file):
    passages = html_audit.extract(page_file)
    assert reconcile(str(page_file), passages, Expectations.from_release(release)) == []


def test_a_changed_figure_is_caught(release, page, tmp_path):
    path = tmp_path / "edited.html"
    path.write_text(page.replace("nearly 44 million", "44M"), encoding="utf-8")
    rules = {f.rule for f in reconcile(str(path), html_audit.extract(path), Expectations.from_release(release))}
    assert {"figures.missing", "figures.inconsistent-form"} <= rules


def test_every_figure_speaker_and_platform_is_there(release, page_file):
    assert_whole_release(_reads(html_audit.extract(page_file)), release)


def test_outline(page):
    assert page.startswith("<!DOCTYPE html>\n<html lang=\"en-US\">")
    assert "<title>DEA Operation Last Mile Tracks Down" in page
    assert page.count("<h1>") == 1
    assert [h for h in re.findall(r"<h([1-6])", page)] == ["1"] + ["2"] * 8
    body = page[page.index("<body>"):]
    assert re.match(r'<body>\n<a class="skip" href="#main">Skip to main content</a>\n<header', body)
    assert body.index("<header") < body.index('<main id="main"') < body.index("<footer")


def test_every_figure_is_in_one_table_with_group_rows_in_registry_order(release, page):
    tables = re.findall(r"<table.*?</table>", page, re.S)
    assert len(tables) == 1
    table = tables[0]
    assert table.startswith('<table class="figures"><caption><h2 id="key-figures">Key figures</h2></caption>')
    assert '<thead><tr><th scope="col">Measure</th><th scope="col">Figure</th></tr></thead>' in table
    groups = re.findall(r'<th scope="rowgroup" colspan="2">([^<]+)</th>', table)
    assert groups == [group for group, _ in release.figure_groups()]
    labels = re.findall(r'<th scope="row">([^<]+)</th>', table)
    assert labels == [fig.label for _, members in release.figure_groups() for _, fig in members]
    assert table.count("<tbody>") == len(groups)
    assert '<tr><th scope="row">Fentanyl pills seized</th><td><span class="keep">nearly 44 million</span></td></tr>' in table
    assert '<tr><th scope="row">Arrests</th><td>3,337</td></tr>' in table


def test_the_masthead_heads_the_page_then_headline_lede_and_key_figures_come_before_the_first_section(page):
    body = page[page.index("<body>"):]
    banner = body[body.index("<header"):body.index("</header>")]
    assert '<p class="agency">Drug Enforcement Administration</p>' in banner
    assert "News release, <span" in banner and "For immediate release." in banner
    main = body[body.index("<main"):]
    order = ["<h1>", '<p class="subtitle">', '<p class="lede">In a year-long national operation',
             '<section class="glance"', '<table class="figures">', '<h2 id="a-year-long-national-operation">']
    positions = [main.index(marker) for marker in order]
    assert positions == sorted(positions)


def test_every_word_around_the_release_comes_from_the_labels(release, theme):
    labels = theme.labels_for("en").model_copy(update={
        "key_figures": "At a glance", "measure": "What", "figure": "How many", "skip_link": "Skip to the release",
        "website": "Web", "contact": "Press office"})
    renamed = theme.model_copy()
    object.__setattr__(renamed, "labels_for", lambda language: labels)
    page = render(release, renamed, Options()).decode("utf-8")
    for word in ("At a glance", "What</th>", "How many</th>", "Skip to the release", "Web: <a", "Press office"):
        assert word in page, word
    for english in ("Key figures", "Measure", "Skip to main content", "Website"):
        assert english not in page, english


def test_quotes_lists_contact_and_links(release, page):
    assert page.count('<figure class="quote"><blockquote>') == len(release.quotes)
    assert ("<figcaption>— Sheriff <span class=\"speaker\">Dennis Lemma</span>, President, "
            "Major County Sheriffs of America</figcaption>") in page
    assert '<ul aria-labelledby="social-media-applications">\n<li>Facebook</li>' in page
    assert '<address>DEA Public Affairs<br>Phone: <a href="tel:5717762508"><span class="id">571-776-2508</span></a><br>' in page
    assert ('Website: <a href="https://www.dea.gov"><span class="id">dea.gov</span></a><br>'
            'Social media: <span class="id">@DEAHQ</span></address>') in page
    assert '<a href="https://www.dea.gov/what-we-do/news/press-releases">DEA press releases, including' in page


def test_self_contained_and_script_free(page):
    tags = re.findall(r"<[a-z][^>]*>", page)
    assert not [t for t in tags if t.startswith("<script") or re.search(r"\son\w+=", t)]
    resources = re.findall(r"url\(([^)]{0,30})", page)
    assert resources and all(r.startswith("data:font/woff;base64,") for r in resources)
    assert not re.search(r"<(link|img|iframe|object|embed)\b", page)


def test_css_meets_the_reading_rules(page):
    style = page[page.index("<style>"):page.index("</style>")]
    assert "font-size:1.125rem" in style and "line-height:1.5" in style
    assert ".wrap{max-width:37rem" in style  # with 1rem padding: about 70 characters a line
    assert "@media (prefers-color-scheme:dark)" in style and "@media print" in style
    assert ":focus-visible{outline:3px solid var(--focus)" in style


def test_figures_never_keep_a_no_break_space(page):
    assert "\u00a0" not in page
    assert '<span class="keep">more than $100 million</span>' in page
    assert ".keep{white-space:nowrap}" in page  # at every width: no media query around it


def test_rendering_is_deterministic_even_across_seconds(release, theme, monkeypatch):
    from fontTools.ttLib.tables import _h_e_a_d

    from publisher.render import html as module

    first = render(release, theme, Options())
    module._woff.cache_clear()
    monkeypatch.setattr(_h_e_a_d, "timestampNow", lambda: 4_000_000_000)
    assert render(release, theme, Options()) == first


def _without_checksum(tag: str, table: bytes) -> bytes:
    return table[:8] + table[12:] if tag == "head" else table  # head.checkSumAdjustment: bytes 8-11


def test_embedded_fonts_read_back_as_the_theme_fonts_tables(page, theme):
    import base64
    import io

    from fontTools.ttLib import TTFont

    faces = [TTFont(io.BytesIO(base64.b64decode(data)))
             for data in re.findall(r"url\(data:font/woff;base64,([A-Za-z0-9+/=]+)\)", page)]
    assert [face.flavor for face in faces] == ["woff", "woff"]
    for face, style in zip(faces, ("regular", "bold"), strict=True):
        original = TTFont(theme.font_path(style))
        assert sorted(face.reader.keys()) == sorted(original.reader.keys())
        for tag in original.reader.keys():  # as they are, but the head's checksum of the whole file
            assert _without_checksum(tag, face.reader[tag]) == _without_checksum(tag, original.reader[tag]), tag
        assert face["name"].getBestFamilyName() == original["name"].getBestFamilyName()


def test_hostile_text_is_escaped(write_content, theme, tmp_path):
    nasty = '<script>alert("x")</script> & <b onclick="y">bold</b>'

    def change(data):
        data["release"]["title"] = "Library <opens> & \"closes\""
        data["sections"][0]["blocks"] = [nasty + " with {books}."]

    release = load(write_content(change=change)).release
    path = tmp_path / "nasty.html"
    path.write_bytes(render(release, theme, Options()))
    page = path.read_text(encoding="utf-8")
    assert "<script" not in page and "<b " not in page
    assert "&lt;script&gt;" in page and "<title>Library &lt;opens&gt; &amp; &quot;closes&quot;</title>" in page
    assert html_audit.audit(path) == []
    assert nasty in _reads(html_audit.extract(path))


@pytest.mark.parametrize("fixture", ["minimal.yaml", "base.yaml"])
def test_other_releases_pass_the_audit_and_reconcile(fixture, theme, tmp_path):
    release = load(FIXTURES / fixture).release
    path = tmp_path / "r.html"
    path.write_bytes(render(release, theme, Options()))
    assert html_audit.audit(path) == []
    assert reconcile(str(path), html_audit.extract(path), Expectations.from_release(release)) == []
    assert path.read_text(encoding="utf-8").count("<h1>") == 1


def test_colours_used_on_each_background_reach_aa(theme):
    light, dark = palettes(theme)
    for palette in (light, dark):
        for text in ("ink", "heading", "link", "muted"):
            for background in ("page", "surface"):
                assert contrast(palette[text], palette[background]) >= AA, (text, background, palette)
        assert contrast(palette["on-banner"], palette["banner"]) >= AA
        assert contrast(palette["focus"], palette["page"]) >= 3
    assert max(int(dark["page"][i:i + 2], 16) for i in (1, 3, 5)) < 48


def test_a_theme_colour_too_weak_for_a_pair_the_page_uses_is_corrected(theme):
    # the theme checks only its declared pairs; here 'muted' is never paired with 'tint'
    weak = Theme.model_validate({**theme.model_dump(), "colors": {**theme.colors, "muted": "#767676", "tint": "#DDDDDD"},
                                 "pairs": [["ink", "paper"]]})
    light, _ = palettes(weak)
    assert light["muted"] != "#767676"
    assert contrast(light["muted"], light["surface"]) >= AA


def test_legible_leaves_good_colours_alone_and_fixes_bad_ones():
    assert legible("#000000", ("#FFFFFF",)) == "#000000"
    fixed = legible("#777777", ("#FFFFFF",))
    assert contrast(fixed, "#FFFFFF") >= 4.6 and fixed != "#777777"


def test_extract_locates_passages_by_line_and_element(page_file):
    passages = html_audit.extract(page_file)
    heading = next(p for p in passages if p.text == "Results")
    assert re.fullmatch(r"line \d+, <h2>", heading.location)
    assert any(p.text == "Phone: 571-776-2508" and "<address>" in p.location for p in passages)
    assert not any("font-face" in p.text or "--page" in p.text for p in passages)


GOOD = ('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>T</title></head><body>'
        '<a href="#main">Skip to main content</a><header><p>Agency</p></header><main id="main"><h1>T</h1>'
        "<h2>A</h2><table><caption>C</caption><tr><th scope=\"col\">L</th></tr></table>"
        '<p><a href="https://example.gov">Example agency home page</a></p></main><footer>F</footer></body></html>')


@pytest.mark.parametrize("old, new, rule", [
    ("<!DOCTYPE html>", "", "html.doctype"),
    (' lang="en"', "", "html.lang"),
    (' lang="en"', ' lang="english language"', "html.lang"),
    ('<meta charset="utf-8">', "", "html.charset"),
    ("<title>T</title>", "", "html.title"),
    ("<h2>A</h2>", "<h1>A</h1>", "html.h1"),
    ("<h2>A</h2>", "<h3>A</h3>", "html.heading-order"),
    ("<h2>A</h2>", "<h2> </h2>", "html.heading-empty"),
    ("<header><p>Agency</p></header>", "", "html.landmark"),
    ('<main id="main">', '<div id="main">', "html.landmark"),
    ("<footer>F</footer>", "", "html.landmark"),
    ('<th scope="col">', "<th>", "html.th-scope"),
    ("<caption>C</caption>", "", "html.table-caption"),
    ('<a href="#main">Skip to main content</a>', "", "html.skip-link"),
    ('<a href="#main">', '<a href="#content">', "html.skip-link"),
    ("Example agency home page", "click here", "html.link-text"),
    ("Example agency home page", "https://example.gov", "html.link-text"),
    ("Example agency home page", "", "html.link-text"),
    ("<h1>T</h1>", '<h1>T</h1><img src="x.png">', "html.img-alt"),
    ("<h1>T</h1>", "<h1>T</h1><li>loose</li>", "html.list"),
    ("<footer>F</footer>", "<footer>F</footer><script>alert(1)</script>", "html.script"),
    ("<p><a", '<p onclick="x()"><a', "html.script"),
    ("</head>", '<link rel="stylesheet" href="https://cdn.example.com/a.css"></head>', "html.external-request"),
    ("</head>", "<style>body{background:url(https://x.example/i.png)}</style></head>", "html.external-request"),
    ("</head>", "<style>@import 'https://x.example/a.css';</style></head>", "html.external-request"),
    ("<h1>T</h1>", '<h1>T</h1><img alt="" src="//x.example/i.png">', "html.external-request"),
    ("<h2>A</h2>", '<h2 id="main">A</h2>', "html.duplicate-id"),
    ("<footer>F</footer>", "<footer>Website: https://example.gov</footer>", "html.unlinked-address"),
    ("<footer>F</footer>", "<footer>Email: press@example.gov</footer>", "html.unlinked-address"),
    ('<meta charset="utf-8">',
     '<meta charset="utf-8"><meta name="viewport" content="width=device-width, user-scalable=no">', "html.zoom"),
])
def test_audit_catches(tmp_path, old, new, rule):
    good = tmp_path / "good.html"
    good.write_text(GOOD, encoding="utf-8")
    assert html_audit.audit(good) == []
    assert old in GOOD
    bad = tmp_path / "bad.html"
    bad.write_text(GOOD.replace(old, new, 1), encoding="utf-8")
    assert rule in {f.rule for f in html_audit.audit(bad)}


@pytest.mark.parametrize("words, fits_chars, kept", [
    (["8,497", "firearms"], 40, (0, 2)),  # short enough: the whole figure
    (["more", "than", "$100", "million", "of", "seized", "cash"], 22, (0, 4)),  # qualifier, number and scale
    (["approximately", "$1.25", "billion", "in", "assets"], 14, (1, 3)),  # the number and its scale at least
    (["nearly", "193", "million", "deadly", "doses"], 18, (0, 3)),
])
def test_a_held_run_keeps_its_number_with_its_scale_and_as_much_around_it_as_fits(words, fits_chars, kept):
    from publisher.render.html import kept_span

    assert kept_span(words, lambda phrase: len(phrase) <= fits_chars) == kept


def test_a_web_address_as_link_text_says_where_it_leads():
    from publisher.audit.vocabulary import vague_link
    from publisher.document import address_text

    assert address_text("https://www.dea.gov") == "dea.gov"
    assert address_text("https://example.gov/library/") == "example.gov/library"
    assert not vague_link(address_text("https://www.dea.gov"))
    assert not vague_link("www.example.gov/flu2024")
    assert vague_link("https://www.dea.gov") and vague_link("click here")


def test_an_address_typed_in_prose_is_a_link_with_its_own_text(release, theme):
    release = release.model_copy(update={"sections": [release.sections[0].model_copy(update={
        "blocks": ["Clinic hours are at www.example.gov/flu2024 and questions go to press@example.gov."]})]})
    page = render(release, theme, Options()).decode()
    assert '<a href="https://www.example.gov/flu2024">www.example.gov/flu2024</a>' in page
    assert '<a href="mailto:press@example.gov">press@example.gov</a>' in page
