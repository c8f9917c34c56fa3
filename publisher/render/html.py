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
from collections.abc import Callable
from functools import lru_cache
from html import escape
from typing import assert_never

from publisher.document import (
    BulletList,
    Contact,
    Document,
    FigureList,
    Heading,
    Links,
    Paragraph,
    Quotation,
    build_document,
    plain,
)
from publisher.figures import Resolver
from publisher.identifiers import KEEP_WHOLE, NBSP, Identifier, spans_in
from publisher.labels import Labels
from publisher.model import Release
from publisher.spec import Options
from publisher.spec.html import MAIN_ID
from publisher.theme import Theme, contrast
from publisher.vocabulary import Vocabulary, for_language

AA = 4.5  #: every text colour against every background it sits on
TARGET = 4.6  #: derived colours aim a little above AA so that no rounding can fail them
NON_TEXT = 3.0  #: focus outlines against their surroundings (WCAG 1.4.11, 2.4.13)


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

    page = mix(c["primary"], "#000000", 0.6)
    surface = mix(c["primary"], "#000000", 0.3)
    dark = {"page": page, "surface": surface, "banner": mix(c["primary"], "#000000", 0.1),
            "rule": mix(c["rule"], page, 0.4)}
    on_dark = (page, surface)
    dark |= {
        "ink": legible(mix(c["paper"], c["tint"], 0.5), on_dark, 7.0),
        "heading": legible(c["tint"], on_dark),
        "link": legible(mix(c["accent"], "#FFFFFF", 0.45), on_dark),
        "muted": legible(mix(c["muted"], "#FFFFFF", 0.5), on_dark),
        "on-banner": legible(c["on_primary"], (dark["banner"],)),
    }
    dark["focus"] = legible(dark["link"], on_dark + (dark["banner"],), NON_TEXT)
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
    from fontTools.ttLib import TTFont

    font = TTFont(font_path, recalcTimestamp=False)
    buffer = io.BytesIO()
    font.flavor = "woff"
    font.save(buffer)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def _css_string(text: str) -> str:
    return re.sub(r"[\"\\\n<>{};]", "", text)


# --- markup ------------------------------------------------------------------------------

_KEPT_TOGETHER = re.compile(r"\S+(?:\u00a0\S+)+")
_HOLDING = re.compile(r"(?<!\d)\u00a0|\u00a0(?!\d)")
_DIGIT = re.compile(r"\d")


def _e(text: str, vocabulary: Vocabulary | None = None, links: bool = False) -> str:
    """Escaped text. An identifier ("COVID-19", "Executive Order 13166", "1:23-cr-00456") of at
    most :data:`~publisher.identifiers.KEEP_WHOLE` characters becomes an ``id`` span that never
    wraps, at any width; with ``links``, a phone number or email address in it is a link
    too. In a run held together by no-break spaces (a figure or a date), the words up to the
    first number and the word after it ("nearly 44 million", "1,436 investigations", "May 1,
    2022") become a ``nobr`` span that stays on one line on wide screens; the rest of the run
    wraps like any words, so no line is forced short and nothing overflows at 320 px."""
    out, position = [], 0
    for found in _identifiers(text, vocabulary):
        out.append(_held_runs(text[position:found.start]))
        shown = escape(found.text, quote=True)
        if links and (href := _href(found)):
            shown = f'<a href="{_attr(href)}">{shown}</a>'
        out.append(f'<span class="id">{shown}</span>' if len(plain(found.text)) <= KEEP_WHOLE else shown)
        position = found.end
    out.append(_held_runs(text[position:]))
    return "".join(out)


def _identifiers(text: str, vocabulary: Vocabulary | None) -> list[Identifier]:
    """The identifiers of resolved text that are not inside a longer run held together (a figure)."""
    if not _DIGIT.search(text) and "@" not in text and "." not in text:
        return []
    runs = [m.span() for m in _KEPT_TOGETHER.finditer(text)]
    return [i for i in spans_in(text, vocabulary)
            if not any(start <= i.start and i.end <= end and NBSP in text[start:i.start] + text[i.end:end]
                       for start, end in runs)]


def _href(found: Identifier) -> str | None:
    """Where an identifier can lead: a phone number dials, an email address writes. A web
    address in prose stays text: a bare address does not say where it leads (WCAG 2.4.4);
    related pages belong under ``links``, with text that does."""
    if found.kind == "phone":
        return "tel:" + re.sub(r"[^\d+]", "", found.text.split("ext")[0])
    if found.kind == "web" and EMAIL.fullmatch(found.text):
        return "mailto:" + found.text
    return None


EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}")


def _held_runs(text: str) -> str:
    out, position = [], 0
    for match in _KEPT_TOGETHER.finditer(text):
        out.append(escape(text[position:match.start()], quote=True))
        words = _HOLDING.split(match.group())  # a no-break space inside a number ("6 500") is the number's
        first_number = next((i for i, word in enumerate(words) if _DIGIT.search(word)), len(words) - 1)
        kept, rest = words[:first_number + 2], words[first_number + 2:]
        out.append('<span class="nobr">' + escape(" ".join(kept), quote=True) + "</span>")
        if rest:
            out.append(" " + escape(" ".join(rest), quote=True))
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
        base = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:48].strip("-") or "section"
        candidate, n = base, 1
        while candidate in self.used:
            n += 1
            candidate = f"{base}-{n}"
        self.used.add(candidate)
        return candidate


def _body(doc: Document, labels: Labels) -> list[str]:
    vocabulary = for_language(doc.language)

    def prose(text: str) -> str:
        return _e(text, vocabulary, links=True)

    ids = _Ids()
    out: list[str] = []
    masthead: list[str] = []
    in_section = False

    def flush_masthead() -> None:
        if masthead:
            out.append('<div class="masthead">\n' + "\n".join(f"<p>{_e(line)}</p>" for line in masthead) + "\n</div>")
            masthead.clear()

    def open_section(title: str) -> None:
        nonlocal in_section
        if in_section:
            out.append("</section>")
        out.append("<section>")
        in_section = True
        out.append(f'<h2 id="{ids(title)}">{_e(title)}</h2>')

    for block in doc.blocks:
        if not (isinstance(block, Paragraph) and block.role == "masthead"):
            flush_masthead()
        match block:
            case Heading():
                if block.level == 1:
                    out.append(f"<h1>{_e(block.text)}</h1>")
                elif block.level == 2:
                    open_section(block.text)
                else:
                    out.append(f'<h{block.level} id="{ids(block.text)}">{_e(block.text)}</h{block.level}>')
            case Paragraph():
                if block.role == "masthead":
                    masthead.append(block.text)
                else:
                    css = "" if block.role == "body" else f' class="{block.role}"'
                    out.append(f"<p{css}>{prose(block.text)}</p>")
            case BulletList():
                if block.title:
                    list_id = ids(block.title)
                    out.append(f'<p class="list-title" id="{list_id}">{_e(block.title)}</p>')
                    out.append(f'<ul aria-labelledby="{list_id}">')
                else:
                    out.append("<ul>")
                out += [f"<li>{prose(item)}</li>" for item in block.items]
                out.append("</ul>")
            case FigureList():
                out.append('<table class="figures">')
                out.append(f"<caption>{_e(block.title or 'Key figures')}</caption>")
                out.append('<thead><tr><th scope="col">Measure</th><th scope="col">Figure</th></tr></thead>')
                out.append("<tbody>")
                out += [f'<tr><th scope="row">{_e(fig.label)}</th><td>{_e(fig.text)}</td></tr>'
                        for fig in block.figures]
                out.append("</tbody></table>")
            case Quotation():
                out.append(_quotation(block, prose))
            case Links():
                open_section(block.title)
                out.append('<ul class="links">')
                out += [f'<li><a href="{_attr(link.url)}">{_e(link.text)}</a></li>' for link in block.links]
                out.append("</ul>")
            case Contact():
                open_section(block.title)
                out.append("<address>" + "<br>".join(_contact_line(line, labels) for line in block.lines) + "</address>")
            case _:
                assert_never(block)
    flush_masthead()
    if in_section:
        out.append("</section>")
    return out


def _quotation(block: Quotation, prose: Callable[[str], str]) -> str:
    at = block.attribution.find(block.speaker) if block.speaker else -1
    attribution = _e(block.attribution) if at < 0 else (
        _e(block.attribution[:at]) + f'<span class="speaker">{_e(block.speaker)}</span>'
        + _e(block.attribution[at + len(block.speaker):]))
    return (f'<figure class="quote"><blockquote><p>{prose(block.text)}</p></blockquote>'
            f"<figcaption>— {attribution}</figcaption></figure>")


def _contact_line(line: str, labels: Labels) -> str:
    """A contact line, its phone number or email address made a link a phone or mail client opens."""
    label, _, value = line.partition(labels.colon)
    if label == labels.phone and value:
        digits = re.sub(r"[^\d+]", "", value)
        return f'{_e(labels.lead_in(label))} <a href="tel:{_attr(digits)}">{escape(value)}</a>'
    if label == labels.email and value:
        return f'{_e(labels.lead_in(label))} <a href="mailto:{_attr(value)}">{escape(value)}</a>'
    return _e(line)


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
.banner{background:var(--banner);color:var(--on-banner);border-bottom:.375rem solid var(--link)}
.banner .wrap{padding-top:1rem;padding-bottom:1rem}
.banner p{margin:0}
.agency{font-size:1.375rem;font-weight:700;line-height:1.25}
.kind{font-size:1rem;letter-spacing:.06em;text-transform:uppercase}
main{display:block;padding:2rem 0 3rem}
h1,h2,h3,h4{color:var(--heading);line-height:1.25;font-weight:700}
h1{font-size:clamp(1.75rem,1.2rem + 2.4vw,2.5rem);margin:0 0 1rem}
h2{font-size:1.625rem;margin:2.5rem 0 .75rem;padding-top:1.5rem;border-top:1px solid var(--rule)}
h3{font-size:1.25rem;margin:1.75rem 0 .5rem}
p,ul,ol,address,table,figure{margin:0 0 1.25rem}
.subtitle{font-size:1.25rem;color:var(--heading)}
.masthead{margin:1.5rem 0;padding:.75rem 0 0;border-top:1px solid var(--rule);
color:var(--muted);font-size:1rem}
.masthead p{margin:0}
.masthead p:first-child{color:var(--ink);font-weight:700}
ul{padding-left:1.5rem}
li{margin-bottom:.25rem}
.list-title{font-weight:700;margin-bottom:.25rem}
table{border-collapse:collapse;width:100%;font-size:1rem;table-layout:fixed}
caption{text-align:left;font-weight:700;font-size:1.125rem;color:var(--heading);padding:.5rem 0}
th,td{text-align:left;vertical-align:top;padding:.5rem;overflow-wrap:anywhere;border-bottom:1px solid var(--rule)}
thead th{background:var(--banner);color:var(--on-banner)}
thead th:first-child{width:45%}
tbody th{font-weight:400}
tbody td{font-weight:700;color:var(--heading)}
tbody tr:nth-child(even){background:var(--surface)}
.quote{margin:1.5rem 0;padding:1rem 1.25rem;background:var(--surface);border-left:.375rem solid var(--link)}
.quote blockquote{margin:0}
.quote blockquote p{margin:0 0 .75rem}
.quote figcaption{color:var(--muted);font-size:1rem}
.speaker{color:var(--ink);font-weight:700}
address{font-style:normal}
.id{white-space:nowrap}
@media (min-width:40em){.nobr{white-space:nowrap}}
@media (max-width:30em){
.figures thead{display:none}
.figures tr{display:block;padding:.5rem;border-bottom:1px solid var(--rule)}
.figures th,.figures td{display:block;padding:0;border:0}
}
.links{list-style:square}
.colophon{background:var(--surface);border-top:1px solid var(--rule);padding:1.5rem 0;font-size:1rem}
.colophon p{margin:0 0 .5rem}
@media (prefers-color-scheme:dark){:root{DARK}}
@media print{
:root{LIGHT--page:#FFFFFF;--ink:#000000;--heading:#000000;--link:#000000;--muted:#000000;--surface:#FFFFFF;
--banner:#FFFFFF;--on-banner:#000000}
body{font-size:12pt;background:#FFFFFF}
.wrap{max-width:none;padding:0}
.skip{display:none}
.banner{border-bottom:2pt solid #000000}
main{padding:1rem 0}
h1,h2,h3,caption,.list-title{break-after:avoid;page-break-after:avoid}
table,tr,figure,address,.masthead{break-inside:avoid;page-break-inside:avoid}
thead th{border-bottom:2pt solid #000000}
a[href^="http"]::after{content:" (" attr(href) ")";font-size:.9em}
.colophon{border-top:1pt solid #000000}
}
"""


def render(release: Release, theme: Theme, options: Options) -> bytes:
    labels = theme.labels_for(release.language)
    doc = build_document(release, labels=labels)
    meta = release.meta
    light, dark = palettes(theme)
    body = _body(doc, labels)
    header = ('<header class="banner"><div class="wrap">\n'
              f'<p class="agency">{_e(doc.agency)}</p>\n<p class="kind">{_e(labels.release_kind)}</p>\n</div></header>')
    footer = ('<footer class="colophon"><div class="wrap">\n'
              f"<p>{_e(meta.office)}, {_e(doc.agency)}</p>\n"
              f'<p><a href="{_attr(meta.website)}">{_e(labels.agency_site.format(agency=doc.agency))}</a></p>\n'
              '</div></footer>')
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
        f'<a class="skip" href="#{MAIN_ID}">{_e(labels.skip_link)}</a>',
        header,
        f'<main id="{MAIN_ID}" tabindex="-1"><div class="wrap">',
    ]
    tail = ["</div></main>", footer, "</body>", "</html>", ""]
    return "\n".join(head + body + tail).encode("utf-8")


def _plain_summary(release: Release) -> str:
    return plain(Resolver(release, keep_together=False)(release.meta.summary))
