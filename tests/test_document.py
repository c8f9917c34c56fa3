"""The shared reading order of the linear editions (text, HTML, large print, braille)."""
from __future__ import annotations

import pytest

from publisher.document import (
    Contact,
    Heading,
    KeyFigures,
    Paragraph,
    build_document,
    figure_order,
    plain,
)
from publisher.labels import load_labels


@pytest.fixture(scope="module")
def blocks(release):
    return build_document(release, load_labels("en")).blocks


def test_the_lede_then_every_figure_at_a_glance_come_before_the_first_section(blocks, release):
    kinds = [type(b).__name__ if not isinstance(b, Paragraph) else b.role for b in blocks]
    assert kinds[:6] == ["Heading", "subtitle", "masthead", "masthead", "masthead", "summary"]
    assert isinstance(blocks[6], KeyFigures) and blocks[6].title == "Key figures"
    assert blocks[7] == Heading(2, release.sections[0].heading)
    listed = [line.key for group in blocks[6].groups for line in group.figures]
    assert listed == figure_order(release) and sorted(listed) == sorted(release.figures)


def test_registry_order_gathers_a_group_where_its_first_figure_stands(release):
    order = figure_order(release)
    assert order[:3] == ["investigations", "arrests", "indicted"]  # 'indicted' is listed last, but is Enforcement
    assert order[3] == "fentanyl_pills"


def test_figure_lines_do_not_repeat_the_label(blocks):
    lines = {plain(line.line) for b in blocks if isinstance(b, KeyFigures) for g in b.groups for line in g.figures}
    assert "Arrests: 3,337" in lines and "Investigations: 1,436" in lines
    assert "Fentanyl powder seized: more than 6,500 pounds" in lines


def test_every_added_word_comes_from_the_labels(release):
    labels = load_labels("en").model_copy(update={
        "key_figures": "By the numbers", "contact": "Press office", "related_links": "See also",
        "phone": "Tel", "website": "Web", "news_release": "Press release of {date}"})
    blocks = build_document(release, labels).blocks
    glance = next(b for b in blocks if isinstance(b, KeyFigures))
    contact = next(b for b in blocks if isinstance(b, Contact))
    assert glance.title == "By the numbers" and contact.title == "Press office"
    assert [line.text for line in contact.lines][1:3] == ["Tel: 571-776-2508", "Web: https://www.dea.gov"]
    assert any(getattr(b, "title", "") == "See also" for b in blocks)
    assert any(isinstance(b, Paragraph) and plain(b.text).startswith("Press release of May 5, 2023") for b in blocks)
