"""`publisher import release.docx`: Word drafts, read with mammoth, through the one importer."""
from __future__ import annotations

import datetime as dt
import re

import docx
import pytest
from word_drafts import seed_as_word

from conftest import run_publisher
from publisher.draft import import_draft, todo_count
from publisher.errors import ContentError
from publisher.figures import figure_text
from publisher.load import load

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def confirmed(yaml_text: str) -> str:
    """The content file with every TODO comment deleted: each guess confirmed unchanged."""
    return re.sub(r"^\s*# TODO:.*\n(?:\s*#       .*\n)*", "", yaml_text, flags=re.M)


@pytest.fixture(scope="module")
def seed_import(tmp_path_factory):
    folder = tmp_path_factory.mktemp("word")
    text = import_draft(seed_as_word(folder / "operation-last-mile.docx"))
    path = folder / "operation-last-mile.yaml"
    path.write_text(confirmed(text), encoding="utf-8")
    return text, path


def test_the_seed_as_a_word_draft_imports_with_the_worked_examples_figures(seed_import, release):
    text, path = seed_import
    imported = load(path).release
    assert sorted(figure_text(f) for f in imported.figures.values()) == sorted(
        figure_text(f) for f in release.figures.values())
    assert sorted(map(repr, imported.dates.values())) == sorted(map(repr, release.dates.values()))
    meta, want = imported.release, release.release
    for name in ("title", "agency", "leader", "date", "dateline", "website", "social", "contact"):
        assert getattr(meta, name) == getattr(want, name), name
    assert [s.heading for s in imported.sections] == ["A year-long national operation", "Results",
                                                      "What partners said", "A network-based approach"]
    assert list(imported.lists.values())[0].items == ["Facebook", "Instagram", "TikTok", "Snapchat"]
    assert [q.speaker for _, q in imported.quotes_in_order()] == [q.speaker for _, q in release.quotes_in_order()]
    assert todo_count(text) >= 5


@pytest.mark.slow
def test_the_imported_word_draft_builds_in_every_format_and_checks_clean(seed_import, tmp_path):
    _, path = seed_import
    proc = run_publisher("build", path, "--out", tmp_path / "out")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    check = run_publisher("check", tmp_path / "out")
    assert check.returncode == 0, check.stdout + check.stderr


def _with_changes(path):
    document = docx.Document()
    document.add_heading("City Opens Library", 1)
    paragraph = document.add_paragraph("The city opened ")
    from lxml import etree

    inserted = etree.SubElement(paragraph._p, W + "ins", {W + "id": "1", W + "author": "Editor"})
    etree.SubElement(etree.SubElement(inserted, W + "r"), W + "t").text = "3 new libraries "
    deleted = etree.SubElement(paragraph._p, W + "del", {W + "id": "2", W + "author": "Editor"})
    etree.SubElement(etree.SubElement(deleted, W + "r"), W + "delText").text = "2 old libraries "
    etree.SubElement(etree.SubElement(paragraph._p, W + "r"), W + "t").text = "today."
    document.add_paragraph("“Books for all,” said Mayor Ana Diaz.")
    document.save(str(path))
    return path


def test_tracked_changes_are_read_as_accepted_and_noted(tmp_path):
    text = import_draft(_with_changes(tmp_path / "changes.docx"), today=dt.date(2024, 1, 1))
    assert re.search(r"^# TODO: the Word draft still holds 2 tracked changes", text, re.M)
    imported = _load(text, tmp_path)
    assert [(f.value, f.unit) for f in imported.figures.values()] == [(3, "new libraries")]
    assert "old libraries" not in text


def test_a_word_draft_with_a_table_of_figures_lifts_each_row(tmp_path):
    document = docx.Document()
    document.add_heading("Storm Response", 1)
    document.add_paragraph("SPRINGFIELD – Crews worked through the night after the storm.")
    document.add_heading("By the numbers", 2)
    table = document.add_table(rows=3, cols=2)
    for row, cells in zip(table.rows, [("Measure", "Figure"), ("Homes reconnected", "12,400 homes"),
                                       ("Crews", "more than 300 crews")], strict=True):
        for cell, value in zip(row.cells, cells, strict=True):
            cell.text = value
    path = tmp_path / "table.docx"
    document.save(str(path))
    imported = _load(import_draft(path, today=dt.date(2024, 1, 1)), tmp_path)
    found = {(f.value, f.qualifier, f.label) for f in imported.figures.values()}
    assert (12400, "exact", "Homes reconnected") in found and (300, "more than", "Crews") in found


def test_a_file_that_is_no_word_document_is_refused_with_its_name(tmp_path):
    path = tmp_path / "release.docx"
    path.write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(ContentError, match="release.docx: is not a Word document"):
        import_draft(path)
    with pytest.raises(ContentError, match="cannot be read"):
        import_draft(tmp_path / "missing.docx")


def _load(text: str, folder):
    path = folder / "draft.yaml"
    path.write_text(text, encoding="utf-8")
    return load(path).release
