"""The python-pptx internals the deck's writer and its audit rely on, each reached here and nowhere else.

The writer builds slides as python-pptx builds them, without its per-attribute round trips:
it needs the blank slide and notes elements python-pptx makes, the parts it wraps them in,
and the XML behind its proxies. The audit reads placeholders through python-pptx's shape
factories. Each internal is pinned by one test in ``tests/test_pptx_internals.py``, named
after it, so a python-pptx release that changes one fails that test (python-pptx is pinned
below 1.1 in pyproject.toml until the tests pass on a newer one). python-pptx is imported
only when one of these is called.
"""
from __future__ import annotations

from typing import Any


def xml_of(obj: Any) -> Any:
    """The lxml element behind a python-pptx part or proxy (``_element``)."""
    return obj._element


def replace_blob(part: Any, blob: bytes) -> None:
    """Give a non-XML part (the theme) new bytes, saved as they are (``Part._blob``)."""
    part._blob = blob


def slide_id_list(presentation: Any) -> Any:
    """The ``p:sldIdLst`` of a presentation, made if missing (``CT_Presentation.get_or_add_sldIdLst``)."""
    return presentation.part._element.get_or_add_sldIdLst()


def blank_slide(layout: Any) -> Any:
    """The ``p:sld`` of ``prs.slides.add_slide(layout)`` without its part: a new slide with the
    layout's placeholders cloned (``CT_Slide.new``, ``SlideShapes.clone_layout_placeholders``)."""
    from pptx.oxml.slide import CT_Slide
    from pptx.shapes.shapetree import SlideShapes

    slide = CT_Slide.new()
    SlideShapes(slide.cSld.spTree, None).clone_layout_placeholders(layout)  # type: ignore[arg-type]  # no part yet
    return slide


def blank_notes() -> Any:
    """The ``p:notes`` of ``slide.notes_slide`` without its part: a new notes slide with the
    default notes master's placeholders cloned (``CT_NotesSlide.new``,
    ``CT_NotesMaster.new_default``, ``NotesSlide.clone_master_placeholders``)."""
    from pptx.oxml.slide import CT_NotesMaster, CT_NotesSlide
    from pptx.slide import NotesMaster, NotesSlide

    notes = CT_NotesSlide.new()
    master = NotesMaster(CT_NotesMaster.new_default(), None)  # type: ignore[arg-type]  # no part: only its XML is read
    NotesSlide(notes, None).clone_master_placeholders(master)  # type: ignore[arg-type]
    return notes


def slide_part(package: Any, number: int, slide: Any) -> Any:
    """The part of slide ``number`` holding the ``p:sld`` element, named as python-pptx names it
    (``SlidePart(partname, content_type, package, element)``)."""
    from pptx.opc.constants import CONTENT_TYPE
    from pptx.opc.packuri import PackURI
    from pptx.parts.slide import SlidePart

    return SlidePart(PackURI(f"/ppt/slides/slide{number}.xml"), CONTENT_TYPE.PML_SLIDE, package, slide)


def notes_slide_part(package: Any, number: int, notes: Any) -> Any:
    """The part of notes slide ``number`` holding the ``p:notes`` element (``NotesSlidePart(...)``)."""
    from pptx.opc.constants import CONTENT_TYPE
    from pptx.opc.packuri import PackURI
    from pptx.parts.slide import NotesSlidePart

    return NotesSlidePart(PackURI(f"/ppt/notesSlides/notesSlide{number}.xml"), CONTENT_TYPE.PML_NOTES_SLIDE,
                          package, notes)


def binary_part(package: Any, name: str, content_type: str, blob: bytes) -> Any:
    """A part holding ``blob`` as it is (an embedded font), named ``name`` (``Part(partname, ...)``)."""
    from pptx.opc.package import Part
    from pptx.opc.packuri import PackURI

    return Part(PackURI(name), content_type, package, blob)


def shape_proxy(element: Any, shapes: Any, top_level: bool) -> Any:
    """python-pptx's shape object for a shape element (``SlideShapeFactory`` for a slide's own
    shapes, which knows placeholders, ``BaseShapeFactory`` inside a group)."""
    from pptx.shapes.shapetree import BaseShapeFactory, SlideShapeFactory

    return (SlideShapeFactory if top_level else BaseShapeFactory)(element, shapes)
