"""Builds the deck's 16:9 template, ``assets/deck/briefing-16x9.pptx``.

Run ``python -m publisher.render.deck.template`` after changing this file. It starts from
python-pptx's default (4:3) template and makes it a real widescreen template:

- slide size 12192000 x 6858000 EMU, ``type="screen4x3"`` removed;
- every master and layout placeholder moved and widened by 4/3, so nothing is stretched;
- only the layouts the deck and its editors need: Title Slide, Title Only, Title and
  Content, Blank; titles left-aligned at 32 pt, body levels at 18 pt or more;
- core properties blank (the renderer fills them from the release).

Colours and fonts are not baked in: the renderer writes the theme of ``assets/theme.yaml``
into the deck's theme part, so an agency rebrands without rebuilding this file.
"""
from __future__ import annotations

import io
import sys

from publisher.paths import ASSETS
from publisher.pptx_internals import xml_of

TEMPLATE = ASSETS / "deck" / "briefing-16x9.pptx"
WIDTH_EMU, HEIGHT_EMU = 12192000, 6858000
KEEP_LAYOUTS = ("Title Slide", "Title Only", "Title and Content", "Blank")
TITLE_SIZE = 3200
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


def _widen(element, factor: float) -> None:
    for off in element.iter(A + "off"):
        off.set("x", str(round(int(off.get("x")) * factor)))
    for ext in element.iter(A + "ext"):
        if ext.get("cx") is not None:
            ext.set("cx", str(round(int(ext.get("cx")) * factor)))


def build_template() -> bytes:
    from pptx import Presentation
    from pptx.util import Emu

    prs = Presentation()
    factor = WIDTH_EMU / prs.slide_width
    prs.slide_width, prs.slide_height = Emu(WIDTH_EMU), Emu(HEIGHT_EMU)
    sld_sz = xml_of(prs.part).find("{http://schemas.openxmlformats.org/presentationml/2006/main}sldSz")
    sld_sz.attrib.pop("type", None)
    master = prs.slide_master
    for layout in list(master.slide_layouts):
        if layout.name not in KEEP_LAYOUTS:
            master.slide_layouts.remove(layout)
    for part in [master] + list(master.slide_layouts):
        _widen(xml_of(part).cSld, factor)
    title_style = xml_of(master).find(".//{http://schemas.openxmlformats.org/presentationml/2006/main}titleStyle")
    for ppr in title_style.iter(A + "lvl1pPr"):
        ppr.set("algn", "l")
        ppr.find(A + "defRPr").set("sz", str(TITLE_SIZE))
    for defrpr in xml_of(master).iter(A + "defRPr"):
        if defrpr.get("sz") and int(defrpr.get("sz")) < 1800:
            defrpr.set("sz", "1800")
    props = prs.core_properties
    props.title = props.subject = props.author = props.keywords = props.comments = ""
    props.last_modified_by = ""
    props.revision = 1
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


def main() -> int:
    TEMPLATE.parent.mkdir(parents=True, exist_ok=True)
    TEMPLATE.write_bytes(build_template())
    print(f"wrote {TEMPLATE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
