"""The briefing deck's spec: the slide, the minimum type sizes, the OOXML names both sides
use, and text measurement with a font's real advance widths.

The planner sizes and splits text with these measures; the deck audit measures the text it
reads back from a .pptx with them, against the boxes the file declares. Widths come from
the TrueType ``hmtx`` table through fontTools (kerning is ignored, which only
over-estimates). No-break spaces (U+00A0) join words that must stay on one line, as
figures do; they are measured as spaces, and word joiners (U+2060, after the hyphens of
identifiers) as nothing.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from itertools import repeat
from pathlib import Path
from typing import TYPE_CHECKING

from publisher.identifiers import WORD_JOINER
from publisher.spec import Format

if TYPE_CHECKING:
    from publisher.theme import Theme

SLIDE_SIZE = (12192000, 6858000)  #: EMU: 16:9 (docs/accessibility.md, "Briefing deck")
EMU_PER_PT = 12700
MIN_TEXT, MIN_TITLE = 18.0, 28.0  #: points: every slide text, and titles
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
P_NS = "http://schemas.openxmlformats.org/presentationml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
ADEC_NS = "http://schemas.microsoft.com/office/drawing/2017/decorative"
DECORATIVE_URI = "{C183D7F6-B498-43B3-948B-1728B52AA6E4}"  #: the extension that marks a shape decorative
TABLE_URI = "http://schemas.openxmlformats.org/drawingml/2006/table"
NBSP = "\u00a0"
#: Each line takes at least this multiple of the font size (docs/accessibility.md, "Briefing deck").
MIN_LINE_FACTOR = 1.2

# The briefing storyboard's contract (docs/accessibility.md, "The briefing storyboard"): what the
# planner writes and the deck audit relies on, by shape name and placeholder type.
MAX_FRAME_WORDS = 40  #: words in one text frame on a slide (tables and notes aside)


def frame_word_count(text: str) -> int:
    """Words as the frame rule counts them: whitespace-separated tokens with a letter or digit."""
    return sum(1 for token in text.split() if any(c.isalnum() for c in token))

CHROME = ("ftr", "sldNum", "dt")  #: placeholder types of slide furniture: never spoken, never in the notes
FIGURE_TILE = "Figure: "  #: + the figure's label: a tile, its first paragraph the figure, its last the caption
GROUP_LABEL = "Group: "  #: + the group's name
KEY_POINT = "Key point "  #: + 1, 2, ...: one key point per shape (may cite figures)
PULL_QUOTE = "Pull-quote: "  #: + the speaker: the excerpt in quotation marks
BYLINE = "Byline: "  #: + the speaker: "— <attribution>", the shape right after its pull-quote
BYLINE_DASH = "\u2014"  #: what a pull-quote's byline opens with (an em dash and a space)
LIST_SHAPE = "List: "  #: + the list's title
APPENDIX_TABLE = "Table: key figures"  #: the "By the numbers" table, on the last slide(s)

_UNITS_CACHE = 50_000  #: words (and other strings) whose width in font units a font remembers


@dataclass(frozen=True)
class FontMetrics:
    """Advance widths of one font file, in font units, and its weight."""

    bold: bool
    units_per_em: int
    advances: dict[int, int]
    fallback: int
    line_factor: float  #: the font's natural line height (hhea ascent + descent + gap) per point of size
    #: per character (U+00A0 measured as a space), and the widths of strings already measured
    _chars: dict[str, int] = field(init=False, repr=False, compare=False)
    _units: dict[str, int] = field(init=False, repr=False, compare=False, default_factory=dict)

    def __post_init__(self) -> None:
        chars = {chr(code): advance for code, advance in self.advances.items()}
        chars[NBSP] = self.advances.get(ord(" "), self.fallback)
        chars.setdefault(WORD_JOINER, 0)
        object.__setattr__(self, "_chars", chars)

    def units(self, text: str) -> int:
        """Width of ``text`` in font units (the sum of its characters' advances)."""
        units = self._units.get(text)
        if units is None:
            units = sum(map(self._chars.get, text, repeat(self.fallback)))
            if len(self._units) >= _UNITS_CACHE:
                self._units.clear()
            self._units[text] = units
        return units

    def width(self, text: str, size: float) -> float:
        """Width of ``text`` set at ``size`` points, in points."""
        return self.units(text) * size / self.units_per_em


@lru_cache(maxsize=16)
def load_metrics(path: Path) -> FontMetrics:
    from fontTools.ttLib import TTFont

    with TTFont(str(path), lazy=True) as font:
        hmtx = font["hmtx"].metrics
        advances = {code: hmtx[name][0] for code, name in font.getBestCmap().items()}
        bold = bool(font["head"].macStyle & 1)
        hhea = font["hhea"]
        upm = font["head"].unitsPerEm
    fallback = max(advances.values())
    line_factor = (hhea.ascent - hhea.descent + hhea.lineGap) / upm
    return FontMetrics(bold, upm, advances, fallback, line_factor)


@lru_cache(maxsize=64)
def font_family(path: Path) -> str:
    """The typographic family name of a font file (what a .pptx run names as its typeface)."""
    from publisher.font_tables import family

    return family(path.read_bytes())


@dataclass(frozen=True)
class Fonts:
    """The regular and bold faces of one family."""

    regular: FontMetrics
    bold: FontMetrics

    def face(self, bold: bool) -> FontMetrics:
        return self.bold if bold else self.regular


def theme_fonts(theme: Theme) -> Fonts:
    return Fonts(load_metrics(theme.font_path("regular")), load_metrics(theme.font_path("bold")))


def find_fonts(family: str, folder: Path) -> Fonts | None:
    """The faces of ``family`` among the .ttf files of ``folder``, or None if it is not there."""
    faces: dict[bool, FontMetrics] = {}
    for path in sorted(folder.glob("*.ttf")):
        if font_family(path) == family:
            metrics = load_metrics(path)
            faces.setdefault(metrics.bold, metrics)
    if False not in faces:
        return None
    return Fonts(faces[False], faces.get(True, faces[False]))


#: a run's text (no-break spaces kept inside), whether it is bold, and its size where it is
#: not the paragraph's (a tile's "more than" beside its number)
Token = tuple[str, bool] | tuple[str, bool, float]


def words(runs: list[Token]) -> list[list[Token]]:
    """Split runs into words at ordinary spaces; a word may span runs of both weights."""
    out: list[list[Token]] = [[]]
    for run in runs:
        parts = run[0].split(" ")
        for i, part in enumerate(parts):
            if i:
                out.append([])
            if part:
                out[-1].append((part, *run[1:]))
    return [w for w in out if w]


def _width(token: Token, fonts: Fonts, size: float) -> float:
    return fonts.face(token[1]).width(token[0], token[2] if len(token) > 2 else size)


def wrap(runs: list[Token], fonts: Fonts, size: float, width: float) -> list[list[list[Token]]]:
    """Greedy wrap of one paragraph into lines of words, each at most ``width`` points.

    A word wider than the line stays alone on its line (and :func:`fits` reports it).
    """
    space = fonts.regular.width(" ", size)
    lines: list[list[list[Token]]] = []
    line: list[list[Token]] = []
    used = 0.0
    for word in words(runs):
        w = sum(_width(t, fonts, size) for t in word)
        if line and used + space + w > width:
            lines.append(line)
            line, used = [], 0.0
        used += (space if line else 0.0) + w
        line.append(word)
    if line or not lines:
        lines.append(line)
    return lines


def word_width(word: list[Token], fonts: Fonts, size: float) -> float:
    return sum(_width(t, fonts, size) for t in word)


def widest_word(runs: list[Token], fonts: Fonts, size: float) -> float:
    return max((word_width(w, fonts, size) for w in words(runs)), default=0.0)


def line_count(runs: list[Token], fonts: Fonts, size: float, width: float) -> int:
    """``len(wrap(...))``, without building the lines."""
    space = fonts.regular.width(" ", size)
    regular, bold = fonts.regular, fonts.bold
    count, used, started = 0, 0.0, False
    for word in words(runs):
        if len(word) == 1 and len(word[0]) == 2:
            text, b = word[0][:2]
            w = (bold if b else regular).width(text, size)
        else:
            w = sum(_width(t, fonts, size) for t in word)
        if started and used + space + w > width:
            count += 1
            used, started = 0.0, False
        used += (space if started else 0.0) + w
        started = True
    return count + 1 if started or not count else count


FORMAT = Format(
    "deck", "-briefing.pptx", "publisher.render.deck", "publisher.audit.deck",
    "Accessible 16:9 briefing deck (.pptx) with speaker notes and a figures table",
    reads=(".pptx",), preview="office", page_name="Slide", render_audit_module="publisher.audit.deck_fit",
    fonts=True, engine="python-pptx", weight=30, content_audit_module="publisher.audit.deck_content",
    libraries=("pptx", "lxml.etree", "PIL.Image", "urllib.request", "xml.sax.saxutils"),
)
