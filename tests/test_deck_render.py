"""LibreOffice renders the deck: one PDF page per slide, in the theme's font, at 16:9."""
from __future__ import annotations

import fcntl
import shutil
import subprocess
from pathlib import Path

import pytest
from pptx import Presentation

from publisher.load import load
from publisher.render.deck import render
from publisher.spec import Options
from publisher.theme import ASSETS

LARGE = Path(__file__).resolve().parent / "fixtures" / "deck-large.yaml"
LOCK = Path("/tmp/publisher-soffice.lock")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed"),
    pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="poppler-utils (pdfinfo) is not installed"),
]


def to_pdf(pptx: Path, tmp_path: Path) -> Path:
    """Convert with a private profile, the theme's fonts visible, one soffice at a time."""
    fonts_conf = tmp_path / "fonts.conf"
    fonts_conf.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
        f"<dir>{ASSETS / 'fonts'}</dir><cachedir>{tmp_path / 'fc-cache'}</cachedir></fontconfig>"
    )
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "FONTCONFIG_FILE": str(fonts_conf)}
    with LOCK.open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        subprocess.run(
            ["soffice", f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}", "--headless",
             "--convert-to", "pdf", "--outdir", str(tmp_path), str(pptx)],
            env=env, capture_output=True, timeout=240, check=True,
        )
    pdf = tmp_path / (pptx.stem + ".pdf")
    assert pdf.exists(), "LibreOffice wrote no PDF"
    return pdf


def pdf_info(pdf: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return dict(line.split(":", 1) for line in out.splitlines() if ":" in line)


@pytest.mark.parametrize("source", ["release", "large"])
def test_libreoffice_renders_one_page_per_slide(source, release, theme, tmp_path):
    content = release if source == "release" else load(LARGE).release
    pptx = tmp_path / "deck-briefing.pptx"
    pptx.write_bytes(render(content, theme, Options()))
    pdf = to_pdf(pptx, tmp_path)
    info = pdf_info(pdf)
    assert int(info["Pages"]) == len(Presentation(str(pptx)).slides)
    width, height = (float(v) for v in info["Page size"].split("pts")[0].split(" x "))
    assert abs(width / height - 16 / 9) < 0.01
    if shutil.which("pdffonts"):
        fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
        assert "AtkinsonHyperlegibleNext" in fonts
