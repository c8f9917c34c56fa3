"""The worked example's deck, which follows the briefing storyboard's contract
(docs/accessibility.md, "The briefing storyboard"), and helpers that break it on purpose for
the tests of its rules: a test breaks one thing and asserts that the rule catches it, on the
slide it is on.

Slides: 1 title; 2 at a glance (a tile per figure: the figure, then its caption); 3 key points;
4 the lists; 5 and 6 the pull-quotes, two to a slide; 7 contact; 8 the appendix table.
"""
from __future__ import annotations

import io

from lxml import etree
from pptx import Presentation
from pptx.util import Emu, Pt

from publisher.expectations import Expectations
from publisher.spec.deck import A_NS, P_NS

GLANCE, KEY_POINTS, FIRST_QUOTE = 2, 3, 5  #: slide numbers of the worked example's deck
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
    """The built deck, which follows the contract, as a python-pptx Presentation."""
    return Presentation(io.BytesIO(built))


def _slide(prs, layout, title: str):
    slide = prs.slides.add_slide(layout)
    if slide.shapes.title is not None:
        slide.shapes.title.text = title
    return slide


def shape_named(slide, start: str):
    return next(shape for shape in slide.shapes if shape.name.startswith(start))
