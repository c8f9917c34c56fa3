"""The deck audit against decks broken on purpose: each rule is caught, on the right slide."""
from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image
from pptx import Presentation
from pptx.util import Pt

from publisher.audit.deck import audit
from publisher.render.deck import render
from publisher.spec import Options

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"


@pytest.fixture(scope="module")
def good(release, theme) -> bytes:
    return render(release, theme, Options())


@pytest.fixture
def broken(good, tmp_path):
    """Apply ``change(prs)`` to the good deck, save it, and return the audit's findings."""

    def run(change) -> list:
        prs = Presentation(io.BytesIO(good))
        change(prs)
        path = tmp_path / "broken.pptx"
        prs.save(str(path))
        return audit(path)

    return run


def rules(findings, severity=None) -> set[tuple[str, str]]:
    return {(f.location.split(",")[0], f.rule) for f in findings if severity is None or f.severity == severity}


def slide_with_table(prs):
    return next(i for i, s in enumerate(prs.slides) if any(sh.has_table for sh in s.shapes))


def test_good_deck_passes(good, tmp_path):
    path = tmp_path / "good.pptx"
    path.write_bytes(good)
    assert audit(path) == []


def test_missing_title(broken):
    def change(prs):
        title = prs.slides[2].shapes.title
        title._element.getparent().remove(title._element)

    assert ("slide 3", "deck.title-missing") in rules(broken(change))


def test_empty_title(broken):
    def change(prs):
        prs.slides[3].shapes.title.text_frame.text = "  "

    assert ("slide 4", "deck.title-missing") in rules(broken(change))


def test_duplicate_title_is_a_warning(broken):
    def change(prs):
        prs.slides[4].shapes.title.text_frame.paragraphs[0].runs[0].text = \
            " " + prs.slides[3].shapes.title.text_frame.text.upper()

    found = broken(change)
    assert ("slide 5", "deck.title-duplicate") in rules(found, "warning")


def test_title_not_first_in_reading_order(broken):
    def change(prs):
        tree = prs.slides[5].shapes._spTree
        title = prs.slides[5].shapes.title._element
        tree.remove(title)
        tree.append(title)

    assert ("slide 6", "deck.title-not-first") in rules(broken(change))


def test_table_without_alt_text(broken):
    def change(prs):
        n = slide_with_table(prs)
        frame = next(s for s in prs.slides[n].shapes if s.has_table)
        frame._element.find(f".//{P}cNvPr").attrib.pop("descr")
        change.n = n + 1

    found = broken(change)
    assert (f"slide {change.n}", "deck.alt-text-missing") in rules(found)


def test_picture_without_alt_text_and_with_a_file_name(broken, tmp_path):
    image = tmp_path / "photo.png"
    Image.new("RGB", (8, 8), "navy").save(image)

    def change(prs):
        first = prs.slides[1].shapes.add_picture(str(image), Pt(700), Pt(400), Pt(40), Pt(40))
        first._element.find(f".//{P}cNvPr").set("descr", "photo.png")
        second = prs.slides[2].shapes.add_picture(str(image), Pt(700), Pt(400), Pt(40), Pt(40))
        second._element.find(f".//{P}cNvPr").set("descr", "")

    found = rules(broken(change))
    assert ("slide 2", "deck.alt-text-filename") in found
    assert ("slide 3", "deck.alt-text-missing") in found


def test_decorative_mark_removed(broken):
    def change(prs):
        for ext in prs.slides[1].shapes._spTree.iter(A + "ext"):
            if ext.get("uri", "").startswith("{C183D7F6"):
                ext.getparent().remove(ext)

    assert ("slide 2", "deck.alt-text-missing") in rules(broken(change))


def test_twelve_point_text(broken):
    def change(prs):
        for shape in prs.slides[2].shapes:
            if shape.name == "Key point 1":
                shape.text_frame.paragraphs[0].runs[0].font.size = Pt(12)

    found = broken(change)
    assert ("slide 3", "deck.text-too-small") in rules(found)
    assert any("12 pt" in f.message and "'Key point 1'" in f.location for f in found)


def test_small_title(broken):
    def change(prs):
        prs.slides[6].shapes.title.text_frame.paragraphs[0].runs[0].font.size = Pt(24)

    assert ("slide 7", "deck.title-too-small") in rules(broken(change))


def test_size_inherited_from_the_defaults(broken):
    def change(prs):
        box = prs.slides[4].shapes.add_textbox(Pt(700), Pt(480), Pt(200), Pt(40))
        box.text_frame.text = "inherits"
        box.text_frame.paragraphs[0].runs[0]._r.get_or_add_rPr().set("lang", "en-US")
        prs.part._element.find(f"{P}defaultTextStyle/{A}lvl1pPr/{A}defRPr").set("sz", "1400")

    found = broken(change)
    assert ("slide 5", "deck.text-too-small") in rules(found)


def test_table_without_header_row_and_merged_cells(broken):
    def change(prs):
        n = slide_with_table(prs)
        frame = next(s for s in prs.slides[n].shapes if s.has_table)
        frame._element.find(f".//{A}tblPr").set("firstRow", "0")
        frame.table.cell(1, 0).merge(frame.table.cell(1, 1))
        change.n = n + 1

    found = broken(change)
    assert (f"slide {change.n}", "deck.table-header") in rules(found, "error")
    assert (f"slide {change.n}", "deck.table-merged") in rules(found, "warning")


def test_overflowing_text(broken):
    def change(prs):
        for shape in prs.slides[4].shapes:
            if shape.name.startswith("Pull-quote: "):
                run = shape.text_frame.paragraphs[-1].runs[-1]
                run.text += " and more words" * 10

    found = broken(change)
    assert ("slide 5", "deck.text-overflow") in rules(found)


def test_box_too_narrow_for_a_word(broken):
    def change(prs):
        for shape in prs.slides[1].shapes:
            if shape.name.startswith("Figure: "):
                shape.width = Pt(60)
                break

    assert ("slide 2", "deck.text-overflow") in rules(broken(change))


def test_bare_url_and_vague_link_text(broken):
    def change(prs):
        change.last = next(n for n, s in enumerate(prs.slides, 1) if any(sh.name == "Related links" for sh in s.shapes))
        slide = prs.slides[change.last - 1]
        shape = next(s for s in slide.shapes if s.name == "Related links")
        run = shape.text_frame.paragraphs[1].runs[0]
        run.text = "https://www.dea.gov/what-we-do/news/press-releases"
        box = prs.slides[2].shapes.add_textbox(Pt(600), Pt(480), Pt(300), Pt(40))
        box.text_frame.text = "click here"
        r = box.text_frame.paragraphs[0].runs[0]
        r.font.size = Pt(20)
        r._r.get_or_add_rPr().set("lang", "en-US")
        r.hyperlink.address = "https://www.dea.gov"

    found = rules(broken(change))
    assert (f"slide {change.last}", "deck.link-text") in found
    assert ("slide 3", "deck.link-text") in found


def test_missing_language_and_notes(broken):
    def change(prs):
        for r in prs.slides[5].shapes._spTree.iter(A + "rPr"):
            r.attrib.pop("lang", None)
        prs.slides[6].notes_slide.notes_text_frame.text = ""
        prs.slides[7].notes_slide.notes_text_frame.text = "Only a part of what the slide says."

    found = rules(broken(change))
    assert ("slide 6", "deck.language-missing") in found
    assert ("slide 7", "deck.notes-missing") in found
    assert ("slide 8", "deck.notes-incomplete") in found


def test_core_properties_and_slide_size(broken):
    def change(prs):
        prs.core_properties.comments = "generated using python-pptx"
        prs.core_properties.keywords = ""
        prs.slide_width = 9144000
        prs.part._element.find(P + "sldSz").set("type", "screen4x3")

    found = broken(change)
    assert ("core properties", "deck.core-properties") in rules(found)
    assert len([f for f in found if f.rule == "deck.core-properties"]) == 2
    assert ("presentation", "deck.slide-size") in rules(found)


def test_findings_name_slide_and_shape(broken):
    def change(prs):
        for shape in prs.slides[2].shapes:
            if shape.name == "Key point 2":
                shape.text_frame.paragraphs[0].runs[0].font.size = Pt(12)

    finding = next(f for f in broken(change) if f.rule == "deck.text-too-small")
    assert finding.location == "slide 3, shape 'Key point 2'"
    assert str(finding).startswith(str(Path(finding.file)))


def test_a_file_rewritten_in_place_is_read_again(good, tmp_path):
    """audit() and extract() share the opened deck per file content: a deck rewritten at the
    same path, with the same size and time stamp, is still read afresh."""
    import os

    from publisher.audit.deck import extract

    path = tmp_path / "deck.pptx"
    path.write_bytes(good)
    stat = path.stat()
    assert audit(path) == []
    passages = extract(path)
    prs = Presentation(io.BytesIO(good))
    prs.slides[3].shapes.title.text_frame.text = "  "
    broken = io.BytesIO()
    prs.save(broken)
    path.write_bytes(broken.getvalue())
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert ("slide 4", "deck.title-missing") in rules(audit(path))
    assert extract(path) != passages
    path.write_bytes(good)
    assert audit(path) == [] and extract(path) == passages


def test_extract_alone_reads_as_after_audit(good, tmp_path):
    from publisher.audit import deck

    path = tmp_path / "deck.pptx"
    path.write_bytes(good)
    deck._open.clear()
    alone = deck.extract(path)
    deck._open.clear()
    deck.audit(path)
    assert deck.extract(path) == alone
    assert len(deck._open) <= deck._open.keep


def test_notes_without_a_body_placeholder(broken):
    """Found by differential testing: such notes crashed the audit; they are missing notes."""
    def change(prs):
        for ph in prs.slides[3].notes_slide.shapes._spTree.iter(P + "ph"):
            if ph.get("type") == "body":
                ph.set("type", "obj")

    assert ("slide 4", "deck.notes-missing") in rules(broken(change))
