"""One test per python-pptx internal the deck relies on (publisher/pptx_internals.py): a
python-pptx upgrade that changes one of them fails the test named after it."""
import io

from pptx import Presentation
from pptx.opc.constants import RELATIONSHIP_TYPE as RT

from publisher import pptx_internals as internals
from publisher.render.deck.template import TEMPLATE

P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"


def template():
    return Presentation(str(TEMPLATE))


def saved_and_reopened(prs):
    out = io.BytesIO()
    prs.save(out)
    return Presentation(io.BytesIO(out.getvalue()))


def test_xml_of_is_the_element_behind_parts_and_proxies():
    prs = template()
    assert internals.xml_of(prs.part).tag == P + "presentation"
    assert internals.xml_of(prs.slide_master).tag == P + "sldMaster"
    assert internals.xml_of(prs.slide_layouts[0].part).tag == P + "sldLayout"


def test_replace_blob_is_what_a_saved_part_holds():
    prs = template()
    theme = prs.slide_master.part.part_related_by(RT.THEME)
    changed = theme.blob.replace(b"<a:clrScheme name=\"", b"<a:clrScheme name=\"Renamed ")
    internals.replace_blob(theme, changed)
    again = saved_and_reopened(prs)
    assert b"Renamed " in again.slide_master.part.part_related_by(RT.THEME).blob


def test_slide_id_list_is_the_presentations_list_of_slides():
    prs = template()
    listing = internals.slide_id_list(prs)
    assert listing.tag == P + "sldIdLst" and len(listing) == 0
    prs.slides.add_slide(prs.slide_layouts[0])
    assert len(internals.slide_id_list(prs)) == 1


def test_blank_slide_is_the_slide_add_slide_makes():
    prs = template()
    layout = prs.slide_layouts[1]
    made = prs.slides.add_slide(layout)
    blank = internals.blank_slide(layout)
    assert blank.xml == internals.xml_of(made).xml


def test_blank_notes_is_the_notes_slide_python_pptx_makes():
    prs = template()
    slide = prs.slides.add_slide(prs.slide_layouts[1])
    assert internals.blank_notes().xml == internals.xml_of(slide.notes_slide).xml


def test_slide_part_and_notes_slide_part_make_a_deck_that_saves_and_reopens():
    prs = template()
    layout = prs.slide_layouts[1]
    part = internals.slide_part(prs.part.package, 1, internals.blank_slide(layout))
    part.relate_to(layout.part, RT.SLIDE_LAYOUT)
    internals.slide_id_list(prs).append(
        internals.xml_of(prs.part).makeelement(P + "sldId", {
            "id": "256", "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id":
                prs.part.relate_to(part, RT.SLIDE)}))
    notes = internals.notes_slide_part(prs.part.package, 1, internals.blank_notes())
    notes.relate_to(prs.part.notes_master_part, RT.NOTES_MASTER)
    notes.relate_to(part, RT.SLIDE)
    part.relate_to(notes, RT.NOTES_SLIDE)
    assert str(part.partname) == "/ppt/slides/slide1.xml" and str(notes.partname) == "/ppt/notesSlides/notesSlide1.xml"
    again = saved_and_reopened(prs)
    assert len(again.slides) == 1 and again.slides[0].has_notes_slide


def test_shape_proxy_knows_placeholders_only_at_the_top_of_a_slide():
    prs = template()
    slide = prs.slides.add_slide(prs.slide_layouts[1])
    title = slide.shapes.title
    assert internals.shape_proxy(title.element, slide.shapes, True).is_placeholder
    assert internals.shape_proxy(title.element, slide.shapes, False).__class__.__name__ == "Shape"


def test_binary_part_is_saved_with_its_bytes_and_content_type():
    prs = template()
    part = internals.binary_part(prs.part.package, "/ppt/fonts/font1.fntdata",
                                 "application/x-fontdata", b"font bytes")
    prs.part.relate_to(part, "http://schemas.openxmlformats.org/officeDocument/2006/relationships/font")
    out = io.BytesIO()
    prs.save(out)
    import zipfile

    archive = zipfile.ZipFile(out)
    assert archive.read("ppt/fonts/font1.fntdata") == b"font bytes"
    assert b"application/x-fontdata" in archive.read("[Content_Types].xml")
