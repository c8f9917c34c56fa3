"""A deck that follows the briefing storyboard's contract (docs/accessibility.md, "The briefing
storyboard"), made from any built deck and the release's expectations, for the tests of its rules.

The deck before issue 15's planner has no footers, captioned tiles or pull-quotes; the one after
it has them. :func:`storyboard_deck` keeps the built deck's title slide, its masters and layouts
and its appendix table, and lays the rest out itself by the contract, so that the tests built on
it hold with either planner: a test breaks one thing of this deck and asserts that the rule
catches it, on the slide it is on.

Slides: 1 title; 2 at a glance (a tile per figure: the figure, then its label); 3 key points
(the first cites a figure); 4 and on, a pull-quote per quote (its default excerpt); then the
built deck's appendix slides. Every slide but the first has a footer and a slide number.
"""
from __future__ import annotations

import io

from lxml import etree
from pptx import Presentation
from pptx.util import Emu, Pt

from publisher.briefing import default_excerpt
from publisher.expectations import Expectations
from publisher.spec.deck import A_NS, APPENDIX_TABLE, BYLINE_DASH, FIGURE_TILE, KEY_POINT, P_NS, PULL_QUOTE

GLANCE, KEY_POINTS, FIRST_QUOTE = 2, 3, 4  #: slide numbers in the deck made here
FOOTER = "Drug Enforcement Administration · May 5, 2023"

_CHROME_XML = """<p:sp xmlns:p="{p}" xmlns:a="{a}"><p:nvSpPr><p:cNvPr id="{id}" name="{name}"/>
<p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr><p:nvPr><p:ph type="{type}" idx="{idx}"/></p:nvPr></p:nvSpPr>
<p:spPr><a:xfrm><a:off x="{x}" y="6324600"/><a:ext cx="{cx}" cy="457200"/></a:xfrm></p:spPr>
<p:txBody><a:bodyPr/><a:lstStyle/><a:p>{content}</a:p></p:txBody></p:sp>"""
_RUN = '<a:r><a:rPr lang="en-US" sz="1800"/><a:t>{text}</a:t></a:r>'
_FIELD = ('<a:fld id="{{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}}" type="slidenum">'
          '<a:rPr lang="en-US" sz="1800"/><a:t>{n}</a:t></a:fld>')


def chrome(kind: str, shape_id: int, n: int, text: str = FOOTER):
    """A footer (``kind`` "ftr") or slide-number ("sldNum") placeholder as the contract has it."""
    footer = kind == "ftr"
    content = _RUN.format(text=text) if footer else _FIELD.format(n=n)
    return etree.fromstring(_CHROME_XML.format(
        p=P_NS, a=A_NS, id=shape_id, name="Footer" if footer else "Slide Number", type=kind,
        idx=11 if footer else 12, x=457200 if footer else 10972800, cx=9144000 if footer else 762000, content=content))


def add_chrome(prs) -> None:
    """A footer and a slide number on every slide but the first, where it has none."""
    for n, slide in enumerate(prs.slides, 1):
        tree = slide.shapes._spTree
        have = {ph.get("type") for ph in tree.iter(f"{{{P_NS}}}ph")}
        for kind in ("ftr", "sldNum"):
            if n > 1 and kind not in have:
                tree.append(chrome(kind, 9000 + len(tree), n))


def text_box(slide, name: str, paragraphs: list[str], top: int = 1600000, height: int = 1400000):
    box = slide.shapes.add_textbox(Emu(457200), Emu(top), Emu(11277600), Emu(height))
    box.name = name
    frame = box.text_frame
    frame.word_wrap = True
    for i, text in enumerate(paragraphs):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        run = paragraph.add_run()
        run.text = text
        run.font.size = Pt(18)
    return box


def storyboard_deck(built: bytes, expected: Expectations):
    """The deck of the module's docstring, as a python-pptx Presentation."""
    prs = Presentation(io.BytesIO(built))
    layout = prs.slides[1].slide_layout
    ids = prs.slides._sldIdLst
    appendix = [sld for sld, slide in zip(list(ids), prs.slides, strict=True)
                if any(shape.name == APPENDIX_TABLE for shape in slide.shapes)]
    for n, sld in enumerate(list(ids)):
        if n and sld not in appendix:
            prs.part.drop_rel(sld.rId)
            ids.remove(sld)
    glance = _slide(prs, layout, "At a glance")
    for i, (key, text) in enumerate(expected.figures.items()):
        label = expected.labels[key]
        text_box(glance, f"{FIGURE_TILE}{label}", [text, label], top=1400000 + i * 400000, height=380000)
    points = _slide(prs, layout, "Key points")
    first = next(iter(expected.figures.values()))
    text_box(points, f"{KEY_POINT}1", [f"The operation counted {first}."])
    text_box(points, f"{KEY_POINT}2", ["Partners worked together."], top=3200000)
    opening, closing = expected.names.get("quote_open", "“"), expected.names.get("quote_close", "”")
    for place in expected.quotes.values():
        slide = _slide(prs, layout, place.attribution.split(",")[0])
        excerpt = default_excerpt(place.text, {})
        text_box(slide, f"{PULL_QUOTE}{place.attribution.split(',')[0]}",
                 [f"{opening}{excerpt}{closing}", f"{BYLINE_DASH} {place.attribution}"], height=3000000)
    for sld in appendix:  # the appendix last
        ids.remove(sld)
        ids.append(sld)
    add_chrome(prs)
    return prs


def _slide(prs, layout, title: str):
    slide = prs.slides.add_slide(layout)
    if slide.shapes.title is not None:
        slide.shapes.title.text = title
    return slide


def shape_named(slide, start: str):
    return next(shape for shape in slide.shapes if shape.name.startswith(start))
