"""The deck's fit, checked on the deck as LibreOffice draws it, not as our code measures it.

For each font setting the deck is converted to PDF by LibreOffice (headless, a private
profile per run) under a fontconfig configuration made for the setting:

- ``theme font``: the deck's own fonts (the faces embedded in it) and the theme's font
  folder are added to the system's fonts;
- ``font withheld``: every family the deck names is hidden (``rejectfont``), so LibreOffice
  substitutes as it would on a machine without it;
- one setting per stand-in (Liberation Sans, Carlito, DejaVu Sans): the family hidden and
  a strong fontconfig match rule that assigns the stand-in in its place.

``pdffonts`` tells which fonts the PDF really uses, so a setting that did not take effect is
reported rather than trusted. The words of each page are read back with their boxes
(``pdftotext -raw -bbox``, in drawing order), matched character by character to the text
of each shape read from the .pptx itself (python-pptx), and three things are findings
naming the slide and shape:

- ``deck.fit-outside``: a line of a shape's text drawn outside the shape's box;
- ``deck.fit-overlap``: lines of two shapes drawn over one another;
- ``deck.fit-broken-word``: a word (or a figure held together by no-break spaces) drawn on
  two lines ("millio" / "n").

Nothing here imports the deck renderer or its measuring code. Shapes inside groups are not
checked (the deck has none).
"""
from __future__ import annotations

import difflib
import html
import os
import re
import shutil
import struct
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

from publisher.audit import Finding

EMU_PER_PT = 12700
STAND_INS = ("Liberation Sans", "Carlito", "DejaVu Sans")
TIMEOUT = 180
TOLERANCE = 2.0  #: points a line may stray outside its shape (antialiasing, rounding)
INSTALL = {"soffice": "LibreOffice Impress (Debian: apt-get install libreoffice-impress)",
           "pdftotext": "poppler-utils (Debian: apt-get install poppler-utils)",
           "pdffonts": "poppler-utils (Debian: apt-get install poppler-utils)"}
_BREAKS = re.compile(r"[ \t\r\n\v\f]+")  #: where a line may break; a no-break space holds a word together
_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')
_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">')
P_NS = "http://schemas.openxmlformats.org/presentationml/2006/main"
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


@dataclass(frozen=True)
class Setting:
    """A font setting the deck is drawn with."""

    name: str
    stand_in: str | None = None  #: the family forced in place of the deck's; None: the deck's own fonts
    withheld: bool = False  #: the deck's families hidden from LibreOffice

    def describe(self, families: list[str]) -> str:
        named = " and ".join(families) or "the deck's font"
        if self.stand_in:
            return f"with {self.stand_in} standing in for {named}"
        return f"with {named} withheld" if self.withheld else f"with {named}"


THEME = Setting("theme font")
WITHHELD = Setting("font withheld", withheld=True)
SETTINGS = (THEME, WITHHELD) + tuple(Setting(f, stand_in=f, withheld=True) for f in STAND_INS)


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h


@dataclass
class TextBox:
    """A shape's (or a table cell's) box and its words, as the .pptx says."""

    name: str
    box: Box
    words: list[str]
    group: str = ""  #: the table a cell belongs to (its findings are reported together)


@dataclass
class Word:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    box: int = -1  #: the TextBox it belongs to, -1 if none
    token: int = -1  #: the word of that TextBox it is (part of)


@dataclass
class Render:
    """One drawing of the deck: the words of each page and the fonts the PDF uses."""

    setting: Setting
    pages: list[list[Word]] = field(default_factory=list)
    fonts: list[str] = field(default_factory=list)
    seconds: float = 0.0


def _pt(emu: int | None) -> float:
    return (emu or 0) / EMU_PER_PT


def deck_text_boxes(path: Path) -> tuple[list[list[TextBox]], list[str], tuple[float, float]]:
    """Per slide, every text box (shapes with text, table cells) in drawing order; the font
    families the runs name; the slide size in points."""
    from pptx import Presentation

    prs = Presentation(str(path))
    slides: list[list[TextBox]] = []
    families: dict[str, None] = {}
    for slide in prs.slides:
        boxes: list[TextBox] = []
        for shape in slide.shapes:
            if shape.has_text_frame and shape.text_frame.text.strip():
                boxes.append(TextBox(shape.name, Box(_pt(shape.left), _pt(shape.top), _pt(shape.width),
                                                     _pt(shape.height)), _words(shape.text_frame.text)))
            elif getattr(shape, "has_table", False) and shape.has_table:
                boxes += _cells(shape)
        for latin in slide.part._element.iter("{http://schemas.openxmlformats.org/drawingml/2006/main}latin"):
            face = latin.get("typeface", "")
            if face and not face.startswith("+"):
                families[face] = None
        slides.append(boxes)
    return slides, list(families), (_pt(prs.slide_width), _pt(prs.slide_height))


def _words(text: str) -> list[str]:
    return [w for w in _BREAKS.split(text) if w.strip()]


def _cells(frame) -> list[TextBox]:
    table = frame.table
    widths = [_pt(c.width) for c in table.columns]
    heights = [_pt(r.height) for r in table.rows]
    out = []
    y = _pt(frame.top)
    for r, row in enumerate(table.rows):
        x = _pt(frame.left)
        for c, cell in enumerate(row.cells):
            if cell.text_frame.text.strip():
                out.append(TextBox(f"row {r + 1}, column {c + 1}", Box(x, y, widths[c], heights[r]),
                                   _words(cell.text_frame.text), group=frame.name))
            x += widths[c]
        y += heights[r]
    return out


def embedded_faces(path: Path, folder: Path) -> list[Path]:
    """The font files the deck carries (uncompressed EOT or plain TrueType), written to ``folder``."""
    import zipfile

    from lxml import etree

    out: list[Path] = []
    with zipfile.ZipFile(path) as package:
        names = set(package.namelist())
        if "ppt/presentation.xml" not in names or "ppt/_rels/presentation.xml.rels" not in names:
            return out
        root = etree.fromstring(package.read("ppt/presentation.xml"))
        rels = {r.get("Id"): r.get("Target") for r in etree.fromstring(package.read("ppt/_rels/presentation.xml.rels"))}
        for n, face in enumerate(root.iterfind(f"{{{P_NS}}}embeddedFontLst/{{{P_NS}}}embeddedFont/*[@{R_ID}]")):
            target = rels.get(face.get(R_ID), "")
            name = "ppt/" + target.lstrip("/").removeprefix("ppt/")
            if name not in names:
                continue
            font = _sfnt(package.read(name))
            if font:
                folder.mkdir(parents=True, exist_ok=True)
                (folder / f"embedded-{n}.ttf").write_bytes(font)
                out.append(folder / f"embedded-{n}.ttf")
    return out


def _sfnt(blob: bytes) -> bytes | None:
    """The TrueType/OpenType data of a font part: plain, or inside an uncompressed, unXORed EOT."""
    if blob[:4] in (b"\x00\x01\x00\x00", b"OTTO", b"true"):
        return blob
    if len(blob) > 36 and struct.unpack_from("<H", blob, 34)[0] == 0x504C:
        size, data_size, _version, flags = struct.unpack_from("<4I", blob)
        if size == len(blob) and not flags & (0x4 | 0x10000000):
            return blob[-data_size:]
    return None


def fontconfig(setting: Setting, families: list[str], font_dirs: list[Path]) -> str:
    """The fontconfig configuration of a setting (the system's, with the setting's changes)."""
    parts = ['<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>',
             '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>']
    if not setting.withheld:
        parts += [f"<dir>{html.escape(str(d))}</dir>" for d in font_dirs]
    else:
        for family in families:
            name = html.escape(family)
            parts.append(f"<selectfont><rejectfont><pattern><patelt name=\"family\"><string>{name}</string>"
                         "</patelt></pattern></rejectfont></selectfont>")
            if setting.stand_in:
                parts.append(f"<match target=\"pattern\"><test name=\"family\"><string>{name}</string></test>"
                             f"<edit name=\"family\" mode=\"assign\" binding=\"strong\"><string>"
                             f"{html.escape(setting.stand_in)}</string></edit></match>")
    return "".join(parts) + "</fontconfig>"


def draw(path: Path, setting: Setting, families: list[str], font_dirs: list[Path], workdir: Path) -> Render:
    """The deck converted to PDF by LibreOffice under ``setting``, read back word by word."""
    pdf = pdf_of(workdir, setting)
    folder = pdf.parent
    folder.mkdir(parents=True, exist_ok=True)
    conf = folder / "fonts.conf"
    conf.write_text(fontconfig(setting, families, font_dirs), encoding="utf-8")
    source = folder / "deck.pptx"
    shutil.copyfile(path, source)
    started = time.perf_counter()
    subprocess.run(["soffice", f"-env:UserInstallation={(workdir / 'profile').as_uri()}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(folder), str(source)],
                   check=True, capture_output=True, timeout=TIMEOUT,
                   env={**os.environ, "FONTCONFIG_FILE": str(conf)})
    if not pdf.is_file():
        raise subprocess.SubprocessError("LibreOffice wrote no PDF")
    result = Render(setting, seconds=time.perf_counter() - started)
    layout = subprocess.run(["pdftotext", "-raw", "-bbox", str(pdf), "-"], check=True, capture_output=True,
                            timeout=TIMEOUT, text=True).stdout
    for page in layout.split("<page ")[1:]:
        result.pages.append([Word(html.unescape(text), float(x0), float(y0), float(x1), float(y1))
                             for x0, y0, x1, y1, text in _WORD.findall(page)])
    listing = subprocess.run(["pdffonts", str(pdf)], check=True, capture_output=True, timeout=TIMEOUT,
                             text=True).stdout.splitlines()[2:]
    result.fonts = [line.split()[0].split("+")[-1] for line in listing if line.strip()]
    return result


def _key(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


def match_words(boxes: list[TextBox], words: list[Word]) -> None:
    """Tell each drawn word which text box and which of its words it is, by aligning the
    characters drawn with the characters of the boxes (spaces left out on both sides)."""
    owners: list[tuple[int, int]] = []
    expected = []
    for b, box in enumerate(boxes):
        for t, token in enumerate(box.words):
            for ch in token:
                if not ch.isspace():
                    expected.append(ch)
                    owners.append((b, t))
    drawn = []
    drawn_owner = []
    for i, word in enumerate(words):
        for ch in word.text:
            if not ch.isspace():
                drawn.append(ch)
                drawn_owner.append(i)
    votes: dict[int, dict[tuple[int, int], int]] = {}
    matcher = difflib.SequenceMatcher(None, drawn, expected, autojunk=False)
    for a, b, size in matcher.get_matching_blocks():
        for k in range(size):
            tally = votes.setdefault(drawn_owner[a + k], {})
            tally[owners[b + k]] = tally.get(owners[b + k], 0) + 1
    for i, tally in votes.items():
        words[i].box, words[i].token = max(tally, key=lambda owner: tally[owner])


def _lines(words: list[Word]) -> list[list[Word]]:
    """Words of one box grouped into the lines they are drawn on."""
    lines: list[list[Word]] = []
    for word in sorted(words, key=lambda w: (w.y0, w.x0)):
        height = word.y1 - word.y0
        if lines and abs(lines[-1][0].y0 - word.y0) < 0.4 * height:
            lines[-1].append(word)
        else:
            lines.append([word])
    return lines


def _band(line: list[Word]) -> Box:
    """Where a line's letters are: its words' boxes less the font's spare room above and below."""
    x0, x1 = min(w.x0 for w in line), max(w.x1 for w in line)
    y0, y1 = min(w.y0 for w in line), max(w.y1 for w in line)
    inset = 0.2 * (y1 - y0)
    return Box(x0, y0 + inset, x1 - x0, y1 - y0 - 2 * inset)


#: a line may break after a hyphen, a dash or a slash, and before a dash: not a word broken in two
_BREAK_AFTER, _BREAK_BEFORE = tuple("-‐–—/"), tuple("–—")


def slide_findings(file: str, number: int, boxes: list[TextBox], words: list[Word], how: str) -> list[Finding]:
    """What is wrong on one drawn slide; ``how`` says with which fonts it was drawn."""
    match_words(boxes, words)
    findings: list[Finding] = []
    bands: list[tuple[int, Box, str]] = []
    outside: dict[str, list[str]] = {}
    for b, box in enumerate(boxes):
        mine = [w for w in words if w.box == b]
        where = f"slide {number}, shape '{box.group or box.name}'"
        for line in _lines(mine):
            band = _band(line)
            middle = band.y + band.h / 2
            text = " ".join(w.text for w in sorted(line, key=lambda w: w.x0))
            bands.append((b, band, text))
            if (middle < box.box.y - TOLERANCE or middle > box.box.bottom + TOLERANCE
                    or band.x < box.box.x - TOLERANCE or band.right > box.box.right + TOLERANCE):
                outside.setdefault(where, []).append(f"{box.name}: {text}" if box.group else text)
        for t, token in enumerate(box.words):
            rows = ["".join(w.text for w in row) for row in _lines([w for w in mine if w.token == t])]
            if any(not (a.endswith(_BREAK_AFTER) or b.startswith(_BREAK_BEFORE)) for a, b in pairwise(rows)):
                findings.append(Finding(file, where, "deck.fit-broken-word",
                                        f"'{token.replace(chr(160), ' ')}' is broken across lines {how}: "
                                        f"'{' / '.join(rows)}'"))
    for where, texts in outside.items():
        findings.append(Finding(file, where, "deck.fit-outside",
                                f"text drawn outside its shape {how}: '{' / '.join(texts)}'"))
    reported: set[tuple[int, int]] = set()
    for i, (b1, one, text1) in enumerate(bands):
        for b2, two, text2 in bands[i + 1:]:
            pair = (min(b1, b2), max(b1, b2))
            if b1 == b2 or pair in reported:
                continue
            if one.x < two.right and two.x < one.right and one.y < two.bottom and two.y < one.bottom:
                reported.add(pair)
                findings.append(Finding(file, f"slide {number}", "deck.fit-overlap",
                                        f"text of '{boxes[b1].group or boxes[b1].name}' ('{text1}') is drawn over "
                                        f"text of '{boxes[b2].group or boxes[b2].name}' ('{text2}') {how}"))
    return findings


def check_render(render: Render, file: str, slides: list[list[TextBox]], families: list[str]) -> list[Finding]:
    """The findings of one drawing of the deck, and whether its fonts were the ones asked for."""
    setting = render.setting
    how = setting.describe(families)
    used = {_key(f) for f in render.fonts}
    findings: list[Finding] = []
    wanted = [setting.stand_in] if setting.stand_in else ([] if setting.withheld else families)
    for family in wanted:
        if not any(u.startswith(_key(family)) for u in used):
            findings.append(Finding(file, "whole deck", "deck.fit-font-not-used",
                                    f"drawn {how}, but LibreOffice used {', '.join(render.fonts) or 'no font'}: "
                                    f"is {family} installed?", severity="warning"))
    if setting.withheld and not setting.stand_in and any(u.startswith(_key(f)) for f in families for u in used):
        findings.append(Finding(file, "whole deck", "deck.fit-font-not-withheld",
                                f"LibreOffice drew the deck {how} but still used {', '.join(render.fonts)}",
                                severity="warning"))
    if len(render.pages) != len(slides):
        findings.append(Finding(file, "whole deck", "deck.fit-pages",
                                f"LibreOffice drew {len(render.pages)} pages for {len(slides)} slides {how}"))
    for number, (boxes, words) in enumerate(zip(slides, render.pages, strict=False), 1):
        findings += slide_findings(file, number, boxes, words, how)
    return findings


def missing_tools() -> list[str]:
    return [tool for tool in INSTALL if shutil.which(tool) is None]


def fit(path: Path, settings: tuple[Setting, ...] = SETTINGS, font_dirs: list[Path] | None = None,
        timings: dict[str, float] | None = None, keep: Path | None = None) -> list[Finding]:
    """Every finding of the deck at ``path`` drawn with each setting; a notice (a warning)
    when LibreOffice or poppler is missing. ``timings`` receives each drawing's seconds;
    with ``keep`` the drawings stay there (``keep/<setting name>/deck.pdf``)."""
    missing = missing_tools()
    if missing:
        tools = sorted({INSTALL[t] for t in missing})
        return [Finding(str(path), "whole deck", "deck.fit-not-rendered",
                        "the fit check did not run: install " + " and ".join(tools), severity="warning")]
    if keep is not None:
        return _fit(path, settings, font_dirs, timings, keep)
    with tempfile.TemporaryDirectory(prefix="publisher-fit-") as tmp:
        return _fit(path, settings, font_dirs, timings, Path(tmp))


def pdf_of(keep: Path, setting: Setting) -> Path:
    """Where :func:`fit` with ``keep`` left the drawing of ``setting``."""
    return keep / setting.name.replace(" ", "-") / "deck.pdf"


def _fit(path: Path, settings: tuple[Setting, ...], font_dirs: list[Path] | None,
         timings: dict[str, float] | None, workdir: Path) -> list[Finding]:
    slides, families, _size = deck_text_boxes(path)
    findings: list[Finding] = []
    dirs = [workdir / "embedded"] if embedded_faces(path, workdir / "embedded") else []
    dirs += font_dirs if font_dirs is not None else _theme_font_dirs()
    for setting in settings:
        try:
            render = draw(path, setting, families, dirs, workdir)
        except (subprocess.SubprocessError, OSError) as exc:
            findings.append(Finding(str(path), "whole deck", "deck.fit-render-failed",
                                    f"LibreOffice could not draw the deck {setting.describe(families)}: {exc}"))
            continue
        if timings is not None:
            timings[setting.name] = render.seconds
        findings += check_render(render, str(path), slides, families)
    return findings


def _theme_font_dirs() -> list[Path]:
    from publisher.theme import load_theme

    return sorted({p.parent for p in load_theme().font_paths()})
