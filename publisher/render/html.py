"""The HTML edition: one self-contained, script-free page in the shared reading order.

The page is built from :func:`publisher.document.build_document`: a skip link, a ``header``
banner, ``main`` (one ``h1``, sections under ``h2``, real lists, key figures as tables with
``th scope`` and a caption, quotes as ``figure > blockquote + figcaption``, the contact as
``address``) and a ``footer``. All text is escaped. The CSS is inline: colours come from the
theme (a dark palette is derived from it and held to WCAG AA contrast), the theme's font is
embedded as a subset WOFF, and the layout reflows down to 320 CSS px, survives the WCAG 1.4.12
text-spacing overrides, has a visible focus style and a print stylesheet. No request leaves
the file.
"""
from __future__ import annotations

import base64
import io
import re
from functools import lru_cache
from html import escape
from typing import assert_never

from publisher.document import (
    BulletList,
    Contact,
    ContactLine,
    Document,
    Heading,
    KeyFigures,
    Links,
    Paragraph,
    Quotation,
    address_text,
    build_document,
    plain,
)
from publisher.figures import Resolver
from publisher.identifiers import KEEP_WHOLE, NBSP, Identifier, spans_in
from publisher.model import Release
from publisher.phrases import phrases_for
from publisher.spec import Options
from publisher.spec.html import MAIN_ID
from publisher.theme import Theme, contrast
from publisher.vocabulary import Vocabulary, for_language

AA = 4.5  #: every text colour against every background it sits on
TARGET = 4.6  #: derived colours aim a little above AA so that no rounding can fail them
NON_TEXT = 3.0  #: focus outlines against their surroundings (WCAG 1.4.11, 2.4.13)
HEADING_TONE = 0.6  #: dark mode: how far towards white the accent goes to colour headings


# --- colours -----------------------------------------------------------------------------

def _rgb(hex_colour: str) -> tuple[int, int, int]:
    return tuple(int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))  # type: ignore[return-value]


def mix(colour: str, other: str, amount: float) -> str:
    """``colour`` moved ``amount`` (0..1) of the way towards ``other``."""
    return "#" + "".join(
        f"{round(a + (b - a) * amount):02X}" for a, b in zip(_rgb(colour), _rgb(other), strict=True))


def legible(colour: str, backgrounds: tuple[str, ...], minimum: float = TARGET) -> str:
    """``colour``, or the nearest mix of it towards black or white that reaches ``minimum``
    contrast against every background (unchanged when it already does)."""
    if all(contrast(colour, bg) >= minimum for bg in backgrounds):
        return colour
    candidates = []
    for pole in ("#000000", "#FFFFFF"):
        for step in range(1, 21):
            mixed = mix(colour, pole, step / 20)
            if all(contrast(mixed, bg) >= minimum for bg in backgrounds):
                candidates.append((step, mixed))
                break
    if not candidates:
        raise ValueError(f"no colour near {colour} reaches {minimum}:1 against {', '.join(backgrounds)}")
    return min(candidates)[1]


def palettes(theme: Theme) -> tuple[dict[str, str], dict[str, str]]:
    """(light, dark) CSS colour sets. Light uses the theme's colours, corrected only where a
    pair the page uses is not in the theme's checked pairs; dark is derived from them."""
    c = theme.colors
    light = {"page": c["paper"], "surface": c["tint"], "banner": c["primary"], "rule": c["rule"]}
    on_page = (light["page"], light["surface"])
    light |= {
        "ink": legible(c["ink"], on_page, AA),
        "heading": legible(c["primary"], on_page, AA),
        "link": legible(c["accent"], on_page, AA),
        "muted": legible(c["muted"], on_page, AA),
        "on-banner": legible(c["on_primary"], (light["banner"],), AA),
    }
    light["focus"] = legible(c["accent"], on_page + (light["banner"],), NON_TEXT)
    light |= {"table-head": c["primary"], "on-table-head": light["on-banner"]}

    page = mix(c["primary"], "#000000", 0.6)
    surface = mix(c["primary"], "#000000", 0.3)
    dark = {"page": page, "surface": surface, "banner": mix(c["primary"], "#000000", 0.1),
            "rule": mix(c["rule"], page, 0.4)}
    on_dark = (page, surface)
    dark |= {
        "ink": legible(mix(c["paper"], c["tint"], 0.5), on_dark, 7.0),
        # headings in the accent's light tone: as legible as the body, told from it by hue
        "heading": legible(mix(c["accent"], "#FFFFFF", HEADING_TONE), on_dark, 7.0),
        "link": legible(mix(c["accent"], "#FFFFFF", 0.45), on_dark),
        "muted": legible(mix(c["muted"], "#FFFFFF", 0.5), on_dark),
        "on-banner": legible(c["on_primary"], (dark["banner"],)),
    }
    dark["focus"] = legible(dark["link"], on_dark + (dark["banner"],), NON_TEXT)
    # a table's header row stands out from the page and the rows under it (WCAG 1.4.11's 3:1)
    dark["table-head"] = legible(c["primary"], on_dark, NON_TEXT)
    dark["on-table-head"] = legible(c["on_primary"], (dark["table-head"],), TARGET)
    return light, dark


# --- fonts -------------------------------------------------------------------------------


def _font_face(theme: Theme, style: str, weight: int) -> str:
    """An @font-face rule with the theme font as a WOFF data URL (the whole font: subsetting
    it costs ~120 ms a face, embedding it ~5 ms and ~15 kB more)."""
    woff = _woff(str(theme.font_path(style)))
    return (f"@font-face{{font-family:\"{_css_string(theme.fonts.family)}\";font-weight:{weight};"
            f"font-style:normal;font-display:swap;src:url(data:font/woff;base64,{woff}) format(\"woff\")}}")


@lru_cache(maxsize=16)
def _woff(font_path: str) -> str:
    """The font file as WOFF 1.0, base64: its tables copied as they are, each compressed.

    Through fontTools' SFNT reader and writer rather than ``TTFont.save``, which imports the
    class of every table to order their compiling (about 30 ms of imports per process, where
    the copy itself takes 3 ms); nothing is compiled here, so nothing needs ordering."""
    from fontTools.ttLib.sfnt import SFNTReader, SFNTWriter

    buffer = io.BytesIO()
    with open(font_path, "rb") as file:
        reader = SFNTReader(file)
        writer = SFNTWriter(buffer, len(reader.tables), reader.sfntVersion, flavor="woff")
        for tag in sorted(reader.keys()):
            writer[tag] = reader[tag]
        writer.close()
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def _css_string(text: str) -> str:
    return re.sub(r"[\"\\\n<>{};]", "", text)


# --- markup ------------------------------------------------------------------------------

#: A run the document holds together (no-break spaces, as in a figure or a date, or a non-breaking
#: hyphen, as in an identifier) becomes a ``keep`` span that never wraps, at any width.
_HELD = re.compile(r"[^\s\u2011]*\u2011\S*|\S+(?:\u00a0\S+)+")
#: Where a held run may be cut into words: a no-break space that is not inside a number (in
#: "12 000" the no-break space is the number's own, CLDR's French group separator).
_HOLDING = re.compile(r"(?<!\d)\u00a0|\u00a0(?!\d)")
_DIGIT = re.compile(r"\d")
SCALE_WORDS = ("trillion", "billion", "million")  #: English's; a page in another language takes its own
#: The width a kept phrase may take, in CSS px: a 320 px viewport less the page's padding (2 x 16 px)
#: and a classic scroll bar (15 px), so that it never overflows the narrowest reflow width.
KEEP_WIDTH = 320 - 2 * 16 - 15
LETTER_SPACING, WORD_SPACING = 0.12, 0.16  #: WCAG 1.4.12's text-spacing overrides, in em, measured in
#: Where held runs are set on the narrowest screen: (face, size in px) by the page's text styles. The
#: sizes are those of STYLE at 320 px (the h1's clamp() bottoms out at 1.75rem there).
TEXT_STYLES = {
    "body": ("regular", 18.0), "lede": ("regular", 20.0), "subtitle": ("regular", 20.0), "small": ("regular", 16.0),
    "h1": ("bold", 28.0), "h2": ("bold", 26.0), "h3": ("bold", 20.0), "cell": ("bold", 16.0), "agency": ("bold", 22.0),
}


def _identifiers(text: str, vocabulary: Vocabulary | None) -> list[Identifier]:
    """The identifiers of resolved text that are not inside a longer run held together (a figure)."""
    if not _DIGIT.search(text) and "@" not in text and "." not in text:
        return []
    runs = [m.span() for m in _HELD.finditer(text)]
    return [i for i in spans_in(text, vocabulary)
            if not any(start <= i.start and i.end <= end and NBSP in text[start:i.start] + text[i.end:end]
                       for start, end in runs)]


def _href(found: Identifier) -> str | None:
    """Where an identifier can lead: a phone number dials, an email address writes, a web
    address opens (its text says where it leads, as the contact block's website does)."""
    if found.kind == "phone":
        return "tel:" + re.sub(r"[^\d+]", "", found.text.split("ext")[0])
    if found.kind == "web":
        if EMAIL.fullmatch(found.text):
            return "mailto:" + found.text
        return found.text if re.match(r"https?://", found.text) else "https://" + plain(found.text)
    return None


EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}")


class _Measure:
    """Widths of phrases in the theme's embedded faces (advance widths from the font files)."""

    def __init__(self, theme: Theme):
        self.faces = {face: _advances(str(theme.font_path(face))) for face in ("regular", "bold")}

    def fits(self, phrase: str, style: str) -> bool:
        """Whether ``phrase`` fits the narrowest line in ``style``, text-spacing overrides applied."""
        face, size = TEXT_STYLES[style]
        advances = self.faces[face]
        width = sum(advances.get(ch, advances[""]) + LETTER_SPACING for ch in phrase) + WORD_SPACING * phrase.count(" ")
        return size * width <= KEEP_WIDTH


@lru_cache(maxsize=8)
def _advances(font_path: str) -> dict[str, float]:
    """Advance widths in em by character; '' holds the widest, for characters the font lacks."""
    from fontTools.ttLib import TTFont

    with TTFont(font_path, lazy=True) as font:
        per_em = font["head"].unitsPerEm
        metrics = font["hmtx"].metrics
        widths = {chr(code): metrics[name][0] / per_em for code, name in font.getBestCmap().items() if name in metrics}
    widths[""] = max(widths.values())
    return widths


def kept_span(words: list[str], fits, scales: tuple[str, ...] = SCALE_WORDS) -> tuple[int, int]:
    """Which of a held run's words stay on one line, as (first, end): the whole run if it fits the
    narrowest line ('8,497 firearms'); else its number with its qualifier and scale word ('more
    than $100 million', 'casi 44 millones', 'plus de 1,5 mil millones' with ``scales``, the
    language's scale words), or without the qualifier if even that is too wide; the rest wraps."""
    if fits(" ".join(words)):
        return 0, len(words)
    at = next((i for i, word in enumerate(words) if _DIGIT.search(word)), 0)
    after = [word.rstrip(",.;:") for word in words[at + 1:]]
    scale = next((scale.split(" ") for scale in scales if after[:len(scale.split(" "))] == scale.split(" ")), [])
    end = at + 1 + len(scale)
    return (0, end) if fits(" ".join(words[:end])) else (at, end)


class _Markup:
    """Escaped text with each held run's kept words (:func:`kept_span`) in a ``keep`` span; the
    rest of a long run wraps like any words, so no line is forced short and nothing overflows.
    An identifier outside a held run ("COVID-19", "Executive Order 13166", "1:23-cr-00456") of at
    most :data:`~publisher.identifiers.KEEP_WHOLE` characters becomes an ``id`` span that never
    wraps; with ``links`` (text not already inside a link), a phone number, an email address or
    a web address in it is a link too, so that no reader has to copy one."""

    def __init__(self, theme: Theme, vocabulary: Vocabulary, scales: tuple[str, ...] = SCALE_WORDS):
        self.measure = _Measure(theme)
        self.vocabulary = vocabulary
        self.scales = scales  #: the page's language's scale words, longest first

    def __call__(self, text: str, style: str = "body", links: bool = True) -> str:
        out, position = [], 0
        for found in _identifiers(text, self.vocabulary):
            out.append(self.held(text[position:found.start], style))
            shown = escape(found.text, quote=True)
            if links and (href := _href(found)):
                shown = f'<a href="{_attr(href)}">{shown}</a>'
            out.append(f'<span class="id">{shown}</span>' if len(plain(found.text)) <= KEEP_WHOLE else shown)
            position = found.end
        out.append(self.held(text[position:], style))
        return "".join(out)

    def held(self, text: str, style: str) -> str:
        out, position = [], 0
        for match in _HELD.finditer(text):
            out.append(escape(text[position:match.start()], quote=True))
            words = _HOLDING.split(match.group())
            first, end = kept_span(words, lambda phrase: self.measure.fits(phrase, style), self.scales)
            kept = '<span class="keep">' + escape(" ".join(words[first:end]), quote=True) + "</span>"
            out.append(" ".join(filter(None, (escape(" ".join(words[:first]), quote=True), kept,
                                              escape(" ".join(words[end:]), quote=True)))))
            position = match.end()
        out.append(escape(text[position:], quote=True))
        return "".join(out)


def _attr(text: str) -> str:
    return escape(text.replace("\u00a0", " "), quote=True)


class _Ids:
    """Unique, readable element ids from heading texts."""

    def __init__(self) -> None:
        self.used: set[str] = {MAIN_ID, "top"}

    def __call__(self, text: str) -> str:
        base = re.sub(r"[^a-z0-9]+", "-", plain(text).lower()).strip("-")[:48].strip("-") or "section"
        candidate, n = base, 1
        while candidate in self.used:
            n += 1
            candidate = f"{base}-{n}"
        self.used.add(candidate)
        return candidate


class _Page:
    """The page's markup from the document's blocks, text escaped and held runs kept (:class:`_Markup`)."""

    def __init__(self, doc: Document, theme: Theme):
        scales = phrases_for(doc.language).scale_words
        self.doc, self.e, self.ids = doc, _Markup(theme, for_language(doc.language), scales), _Ids()

    def masthead(self) -> str:
        """The banner: the masthead lines (agency first), above the headline."""
        lines = [b.text for b in self.doc.blocks if isinstance(b, Paragraph) and b.role == "masthead"]
        return "\n".join(f'<p class="agency">{self.e(line, "agency")}</p>' if i == 0 else
                         f'<p class="dateline">{self.e(line, "small")}</p>' for i, line in enumerate(lines))

    def body(self) -> list[str]:
        """The main content: every block but the masthead, in the document's order."""
        e, ids = self.e, self.ids
        out: list[str] = []
        in_section = False

        def open_section(title: str, css: str = "") -> str:
            nonlocal in_section
            if in_section:
                out.append("</section>")
            identifier = ids(title)
            out.append(f'<section{css} aria-labelledby="{identifier}">')
            in_section = True
            return identifier

        for block in self.doc.blocks:
            match block:
                case Heading():
                    if block.level == 1:
                        out.append(f"<h1>{e(block.text, 'h1')}</h1>")
                    elif block.level == 2:
                        out.append(f'<h2 id="{open_section(block.text)}">{e(block.text, "h2")}</h2>')
                    else:
                        out.append(f'<h{block.level} id="{ids(block.text)}">{e(block.text, "h3")}</h{block.level}>')
                case Paragraph():
                    if block.role != "masthead":
                        style = {"summary": "lede", "subtitle": "subtitle"}.get(block.role, "body")
                        css = "" if style == "body" else f' class="{style}"'
                        out.append(f"<p{css}>{e(block.text, style, links=True)}</p>")
                case BulletList():
                    if block.title:
                        list_id = ids(block.title)
                        out.append(f'<p class="list-title" id="{list_id}">{e(block.title)}</p>')
                        out.append(f'<ul aria-labelledby="{list_id}">')
                    else:
                        out.append("<ul>")
                    out += [f"<li>{e(item, links=True)}</li>" for item in block.items]
                    out.append("</ul>")
                case KeyFigures():
                    out.append(self.key_figures(block, open_section(block.title, ' class="glance"')))
                case Quotation():
                    out.append(self.quotation(block))
                case Links():
                    out.append(f'<h2 id="{open_section(block.title)}">{e(block.title, "h2")}</h2>')
                    out.append('<ul class="links">')
                    out += [f'<li><a href="{_attr(link.url)}">{e(link.text, links=False)}</a></li>' for link in block.links]
                    out.append("</ul>")
                case Contact():
                    out.append(f'<h2 id="{open_section(block.title)}">{e(block.title, "h2")}</h2>')
                    out.append("<address>" + "<br>".join(self.contact_line(line) for line in block.lines) + "</address>")
                case _:
                    assert_never(block)
        if in_section:
            out.append("</section>")
        return out

    def key_figures(self, block: KeyFigures, heading_id: str) -> str:
        """Every figure in one table: the heading is its caption, a group opens with a row of its
        name (``th scope=rowgroup``), each figure is a row of its label and its value."""
        e = self.e
        measure, figure = block.columns
        rows = [f'<table class="figures"><caption><h2 id="{heading_id}">{e(block.title, "h2")}</h2></caption>',
                f'<thead><tr><th scope="col">{e(measure, "cell")}</th><th scope="col">{e(figure, "cell")}</th></tr></thead>']
        for group in block.groups:
            rows.append("<tbody>")
            if group.title:
                rows.append(f'<tr class="group"><th scope="rowgroup" colspan="2">{e(group.title, "cell")}</th></tr>')
            rows += [f'<tr><th scope="row">{e(fig.label, "small")}</th><td>{e(fig.value, "cell")}</td></tr>'
                     for fig in group.figures]
            rows.append("</tbody>")
        return "\n".join(rows) + "\n</table>"

    def quotation(self, block: Quotation) -> str:
        e = self.e
        at = block.attribution.find(block.speaker) if block.speaker else -1
        attribution = e(block.attribution, "small") if at < 0 else (
            e(block.attribution[:at], "small") + f'<span class="speaker">{e(block.speaker, "small")}</span>'
            + e(block.attribution[at + len(block.speaker):], "small"))
        return (f'<figure class="quote"><blockquote><p>{e(block.text, links=True)}</p></blockquote>'
                f"<figcaption>— {attribution}</figcaption></figure>")

    def contact_line(self, line: ContactLine) -> str:
        """A contact line; a phone number, email or web address is a link a phone, mail client or browser opens."""
        value = self.e(line.value, links=False)
        match line.kind:
            case "phone":
                value = f'<a href="tel:{_attr(re.sub(r"[^0-9+]", "", line.value))}">{value}</a>'
            case "email":
                value = f'<a href="mailto:{_attr(line.value)}">{value}</a>'
            case "website":
                value = f'<a href="{_attr(line.value)}">{self.e(address_text(line.value), links=False)}</a>'
        return f"{self.e(line.label + line.colon)}{value}" if line.label else value


def _variables(palette: dict[str, str]) -> str:
    return "".join(f"--{name}:{value};" for name, value in palette.items())


STYLE = """
*,*::before,*::after{box-sizing:border-box}
html{color-scheme:light dark;-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;background:var(--page);color:var(--ink);font-family:FAMILY;font-size:1.125rem;
line-height:1.5;overflow-wrap:break-word}
.wrap{max-width:37rem;margin:0 auto;padding:0 1rem}
.skip{position:absolute;left:1rem;top:0;z-index:1;padding:.5rem 1rem;background:var(--page);color:var(--link);
font-weight:700;transform:translateY(-110%)}
.skip:focus{transform:none}
a{color:var(--link);text-decoration:underline;text-decoration-thickness:max(1px,.0625em);text-underline-offset:.15em}
a:hover{text-decoration-thickness:.15em}
:focus-visible{outline:3px solid var(--focus);outline-offset:3px}
main:focus{outline:none}
.keep{white-space:nowrap}
.banner{background:var(--banner);color:var(--on-banner);border-bottom:.375rem solid var(--link)}
.banner .wrap{padding-top:1rem;padding-bottom:1rem}
.banner p{margin:0}
.agency{font-size:1.375rem;font-weight:700;line-height:1.25;margin-bottom:.25rem!important}
.dateline{font-size:1rem}
main{display:block;padding:2rem 0 3rem}
h1,h2,h3,h4{color:var(--heading);line-height:1.25;font-weight:700;text-wrap:balance}
h1{font-size:clamp(1.75rem,1.2rem + 2.4vw,2.5rem);margin:0 0 1rem}
h2{font-size:1.625rem;margin:2.5rem 0 .75rem;padding-top:1.5rem;border-top:1px solid var(--rule)}
h3{font-size:1.25rem;margin:1.75rem 0 .5rem}
p,ul,ol,address,table,figure{margin:0 0 1.25rem}
.subtitle{font-size:1.25rem;line-height:1.4;color:var(--heading)}
.lede{font-size:1.25rem;line-height:1.5;margin:1.5rem 0 0;padding-top:1.25rem;border-top:.25rem solid var(--heading)}
ul{padding-left:1.5rem}
li{margin-bottom:.25rem}
.list-title{font-weight:700;margin-bottom:.25rem}
table{border-collapse:collapse;width:100%;font-size:1rem}
caption{text-align:left}
caption h2{margin-bottom:.75rem}
th,td{text-align:left;vertical-align:baseline;padding:.5rem;border-bottom:1px solid var(--rule)}
thead th{background:var(--table-head);color:var(--on-table-head);font-weight:700}
thead th:last-child,.figures td{text-align:right}
tbody th{font-weight:400}
.figures td{font-weight:700;color:var(--heading);font-variant-numeric:tabular-nums lining-nums;width:45%}
.figures .group th{font-weight:700;color:var(--muted);font-size:.875rem;letter-spacing:.06em;text-transform:uppercase;
padding-top:1.25rem;border-bottom:2px solid var(--heading)}
.quote{margin:1.5rem 0;padding:1rem 1.25rem;background:var(--surface);border-left:.375rem solid var(--link)}
.quote blockquote{margin:0}
.quote blockquote p{margin:0 0 .75rem}
.quote figcaption{color:var(--muted);font-size:1rem}
.speaker{color:var(--ink);font-weight:700}
address{font-style:normal}
.id{white-space:nowrap}
@media (max-width:30em){
.figures thead{display:none}
.figures tr{display:block;padding:.5rem 0;border-bottom:1px solid var(--rule)}
.figures th,.figures td{display:block;padding:0;border:0;text-align:left;width:auto}
.figures .group th{padding-top:1rem;border-bottom:2px solid var(--heading)}
.figures tr.group{border:0;padding-bottom:0}
}
.links{list-style:square}
.colophon{background:var(--surface);border-top:1px solid var(--rule);padding:1.5rem 0;font-size:1rem}
.colophon p{margin:0 0 .5rem}
@media (prefers-color-scheme:dark){:root{DARK}}
@media print{
:root{LIGHT--page:#FFFFFF;--ink:#000000;--heading:#000000;--link:#000000;--muted:#000000;--surface:#FFFFFF;
--banner:#FFFFFF;--on-banner:#000000;--table-head:#FFFFFF;--on-table-head:#000000}
body{font-size:12pt;background:#FFFFFF}
.wrap{max-width:none;padding:0}
.skip{display:none}
.banner{border-bottom:2pt solid #000000}
main{padding:1rem 0}
h1,h2,h3,caption,.list-title{break-after:avoid;page-break-after:avoid}
table,tr,figure,address{break-inside:avoid;page-break-inside:avoid}
thead th{border-bottom:2pt solid #000000}
a[href^="http"]::after{content:" (" attr(href) ")";font-size:.9em}
.colophon{border-top:1pt solid #000000}
}
"""


def render(release: Release, theme: Theme, options: Options) -> bytes:
    labels = theme.labels_for(release.language)
    doc = build_document(release, labels)
    meta = release.meta
    light, dark = palettes(theme)
    page = _Page(doc, theme)
    e = page.e
    header = f'<header class="banner"><div class="wrap">\n{page.masthead()}\n</div></header>'
    footer = ('<footer class="colophon"><div class="wrap">\n'
              f"<p>{e(meta.office)}, {e(doc.agency)}</p>\n"
              f'<p>{e(labels.pair(labels.website, ""))}<a href="{_attr(meta.website)}">'
              f'{e(address_text(meta.website), links=False)}</a></p>\n'
              "</div></footer>")
    family = (f"\"{_css_string(theme.fonts.family)}\",\"Atkinson Hyperlegible\","
              "system-ui,-apple-system,\"Segoe UI\",Arial,sans-serif")
    faces = _font_face(theme, "regular", 400) + _font_face(theme, "bold", 700)
    style = (STYLE.replace("DARK", _variables(dark)).replace("LIGHT", _variables(light)).replace("FAMILY", family)
             .strip().replace("\n", ""))
    head = [
        "<!DOCTYPE html>",
        f'<html lang="{_attr(doc.language)}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="color-scheme" content="light dark">',
        f"<title>{_attr(doc.title)}</title>",
        f'<meta name="description" content="{_attr(_plain_summary(release))}">',
        f'<meta name="author" content="{_attr(doc.agency)}">',
    ]
    if meta.keywords:
        head.append(f'<meta name="keywords" content="{_attr(", ".join(meta.keywords))}">')
    head += [
        f'<meta name="dcterms.date" content="{meta.date.isoformat()}">',
        f"<style>{faces}:root{{{_variables(light)}}}{style}</style>",
        "</head>",
        "<body>",
        f'<a class="skip" href="#{MAIN_ID}">{e(labels.skip_link)}</a>',
        header,
        f'<main id="{MAIN_ID}" tabindex="-1"><div class="wrap">',
    ]
    tail = ["</div></main>", footer, "</body>", "</html>", ""]
    return "\n".join(head + page.body() + tail).encode("utf-8")


def _plain_summary(release: Release) -> str:
    return plain(Resolver(release, keep_together=False)(release.meta.summary))
