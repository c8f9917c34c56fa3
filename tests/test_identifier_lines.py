"""An identifier is never broken across lines: in the deck and the Word handout as
LibreOffice draws them, in the large print and the fact sheet as poppler reads them, in the
plain text."""
from __future__ import annotations

import shutil
import subprocess
from itertools import pairwise

import pytest
import yaml

from conftest import MINIMAL, require_tool
from publisher.load import load

IDENTIFIERS = ("Case No. 1:23-cr-00456", "Executive Order 13166", "1-800-QUIT-NOW", "1200 Main Street",
               "9 a.m. to 5 p.m.", "COVID-19", "555-014-2200", "I-95")
SHIFTS = 30  #: paragraphs, each shifting the identifiers two characters further along the line
KEY_POINT_IDENTIFIERS = ("COVID-19", "I-95", "555-014-2200")


@pytest.fixture(scope="module")
def release(tmp_path_factory):
    """A release whose paragraphs put every identifier at every place on a line, line ends included."""
    data = yaml.safe_load(MINIMAL.read_text(encoding="utf-8"))
    paragraphs = [f"Clinic notes {'ab ' * shift}cite {' and '.join(IDENTIFIERS)}." for shift in range(SHIFTS)]
    data["sections"] = [{"heading": "Identifiers everywhere", "blocks": paragraphs}]
    data["lists"] = {"sites": {"title": "Sites", "items": [f"{'Site ' * n}at 1200 Main Street, Case No. 1:23-cr-00456"
                                                            for n in range(1, 9)]}}
    data["sections"][0]["blocks"].append({"list": "sites"})
    # the deck shows key points, not the body: they carry identifiers at places along a line
    data["briefing"] = {"key_points": [f"Notes {'ab ' * shift}cite {' and '.join(KEY_POINT_IDENTIFIERS)}."
                                       for shift in (0, 3, 6, 9, 12)]}
    path = tmp_path_factory.mktemp("lines") / "lines.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return load(path).release


def lines_of(pdf) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [" ".join(line.replace("\u2011", "-").replace("\u00a0", " ").split()) for line in text.splitlines()]


def assert_whole(lines: list[str], at_least: int, identifiers=IDENTIFIERS) -> None:
    """Each identifier stands whole on a line ``at_least`` times, and no line ends with the
    head of one whose rest opens the next line."""
    for identifier in identifiers:
        whole = sum(line.count(identifier) for line in lines)
        assert whole >= at_least, (identifier, whole)
    shown = [line for line in lines if line]
    for line, following in pairwise(shown):
        for identifier in identifiers:
            for cut in range(1, len(identifier)):
                if identifier[cut - 1] == "-" or identifier[cut] == " ":
                    head, rest = identifier[:cut].rstrip(), identifier[cut:].lstrip()
                    broken = (line == head or line.endswith(" " + head)) and following.startswith(rest)
                    assert not broken, (identifier, line, following)


def test_the_plain_text_never_breaks_an_identifier(release):
    from publisher.labels import load_labels
    from publisher.render.text import render_lines

    lines = render_lines(release, load_labels("en"))
    assert_whole([" ".join(line.split()) for line in lines], SHIFTS)


@pytest.mark.parametrize("name", ["largeprint", "factsheet"])
def test_the_pdfs_never_break_an_identifier(release, theme, tmp_path, name):
    from publisher import formats as registry

    require_tool("pdftotext")
    pdf = tmp_path / f"lines-{name}.pdf"
    pdf.write_bytes(registry.get(name).render(release, theme))
    if name == "largeprint":
        assert_whole(lines_of(pdf), SHIFTS)
    else:  # the fact sheet shows the list, not the body
        assert_whole(lines_of(pdf), 8, ("1200 Main Street", "Case No. 1:23-cr-00456"))


@pytest.mark.slow
def test_the_deck_as_libreoffice_draws_it_never_breaks_an_identifier(release, theme, tmp_path):
    """With the theme's font, and with it withheld (as a machine without it draws the deck)."""
    from publisher import formats as registry
    from publisher.audit.deck_fit import THEME, WITHHELD, fit, pdf_of

    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    require_tool("pdftotext")
    pptx = tmp_path / "lines-briefing.pptx"
    pptx.write_bytes(registry.get("deck").render(release, theme))
    findings = fit(pptx, (THEME, WITHHELD), keep=tmp_path / "drawn")
    assert not [f for f in findings if f.severity == "error"], "\n".join(map(str, findings))
    for setting in (THEME, WITHHELD):  # the deck shows the list and the key points, not the body
        lines = lines_of(pdf_of(tmp_path / "drawn", setting))
        assert_whole(lines, 8, ("1200 Main Street", "Case No. 1:23-cr-00456"))
        assert_whole(lines, 5, KEY_POINT_IDENTIFIERS)


@pytest.mark.slow
def test_the_handout_as_libreoffice_draws_it_never_breaks_an_identifier(release, theme, tmp_path):
    from test_deck_render import to_pdf

    from publisher import formats as registry

    require_tool("soffice")
    require_tool("pdftotext")
    docx = tmp_path / "lines-handout.docx"
    docx.write_bytes(registry.get("docx").render(release, theme))
    assert_whole(lines_of(to_pdf(docx, tmp_path)), SHIFTS)
