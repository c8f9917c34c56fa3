"""Word drafts made in the tests with python-docx: the seed release as a press office types it."""
from __future__ import annotations

import re
from pathlib import Path

import docx

from conftest import FIXTURES

SEED = FIXTURES / "operation-last-mile-release.txt"
#: Section headings a writer adds to the seed, before the paragraph that starts with the key.
HEADINGS = {"WASHINGTON": "A year-long national operation", "Operation Last Mile comprised": "Results",
            "“The Sinaloa": "What partners said", "Operation Last Mile is an example": "A network-based approach"}


def add_marked(paragraph, text: str) -> None:
    """Markdown-ish runs (**bold**, *italic*, [link](url), \\$) as Word runs and hyperlinks."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    for piece in re.split(r"(\*\*\*[^*]+\*\*\*|\*\*[^*]+\*\*|\*[^*]+\*|\[[^\]]+\]\([^)]*\))", text.replace("\\$", "$")):
        if not piece:
            continue
        link = re.fullmatch(r"\[([^\]]+)\]\(([^)]*)\)", piece)
        if link:
            hyperlink = OxmlElement("w:hyperlink")
            hyperlink.set(qn("r:id"), paragraph.part.relate_to(link.group(2), RT.HYPERLINK, is_external=True))
            run = OxmlElement("w:r")
            t = OxmlElement("w:t")
            t.text = link.group(1)
            run.append(t)
            hyperlink.append(run)
            paragraph._p.append(hyperlink)
            continue
        stars = len(piece) - len(piece.lstrip("*"))
        run = paragraph.add_run(piece.strip("*") if stars else piece)
        run.bold = stars in (2, 3) or None
        run.italic = stars in (1, 3) or None


def seed_as_word(path: Path) -> Path:
    """The seed release as a Word draft: its heading lines as paragraphs, the title in Word's Title
    style, section headings, the social-media platforms as a bulleted list, one quote as a Quote-styled
    block with its attribution, the others as "..." said NAME paragraphs."""
    source = SEED.read_text(encoding="utf-8").split("\n###", 1)[0]
    blocks = [b.strip() for b in re.split(r"\n\s*\n", source) if b.strip()]
    document = docx.Document()
    for block in blocks:
        text = " ".join(line.strip() for line in block.splitlines())
        if text.startswith("**DEA Operation"):
            document.add_paragraph(text.strip("*"), style="Title")
            continue
        heading = next((h for key, h in HEADINGS.items() if text.lstrip("*").startswith(key)), None)
        if heading:
            document.add_heading(heading, 2)
        if text.startswith("“Arrests focusing"):
            words, said = text.rsplit(" said ", 1)
            document.add_paragraph(re.sub(r",”$", ".”", words.strip()), style="Quote")
            document.add_paragraph("— " + said.rstrip(".").split(".”")[0].replace("”", ""), style="Quote")
            tail = said.split("“", 1)
            if len(tail) > 1:
                document.paragraphs[-2].add_run(" “" + tail[1].rstrip("”"))
            continue
        add_marked(document.add_paragraph(), text)
        if text.startswith("DEA’s top operational priority"):
            document.add_paragraph("Social media applications used by the cartels:")
            for name in ("Facebook", "Instagram", "TikTok", "Snapchat"):
                document.add_paragraph(name, style="List Bullet")
    document.save(str(path))
    return path
