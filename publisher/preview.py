"""``publisher preview``: PNG thumbnails of every slide and page, and one contact sheet.

Renders with the real tools a reviewer would use: LibreOffice for the deck, poppler's
``pdftoppm`` for PDFs (and for the deck once LibreOffice has made it a PDF). Where a tool
is missing, says which package to install and previews the rest.
"""
from __future__ import annotations

import html
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from publisher import formats as registry
from publisher.atomic import write_text

INSTALL = {
    "soffice": "LibreOffice Impress (Debian: apt-get install libreoffice-impress)",
    "pdftoppm": "poppler-utils (Debian: apt-get install poppler-utils)",
}
RESOLUTION = 60  # dots per inch: a slide becomes 800 x 450 px, a Letter page 510 x 660 px
TIMEOUT = 180


@dataclass
class Preview:
    folder: Path
    images: dict[str, list[Path]] = field(default_factory=dict)  #: output file name -> pages
    notices: list[str] = field(default_factory=list)
    sheet: Path | None = None
    findings: list = field(default_factory=list)  #: the deck's fit with the theme font and without it


def _pdf_pages(pdf: Path, target: Path, stem: str) -> list[Path]:
    for old in target.glob(f"{stem}-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-png", "-r", str(RESOLUTION), str(pdf), str(target / stem)],
                   check=True, capture_output=True, timeout=TIMEOUT)
    return sorted(target.glob(f"{stem}-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))


def _office_pdf(output: Path, workdir: Path, result: Preview) -> Path:
    """The output as LibreOffice draws it with the theme's fonts. The deck's fit is checked with
    them and without them (:mod:`publisher.audit.deck_fit`), the findings kept in ``result``;
    an office format without a drawn check (the Word handout, which carries its font) is
    drawn as it is."""
    fmt = registry.for_file(output.name)
    if fmt is None or fmt.render_audit_module != "publisher.audit.deck_fit":
        return _converted(output, workdir)
    from publisher.audit.deck_fit import THEME, WITHHELD, fit, pdf_of

    keep = workdir / output.stem
    result.findings += fit(output, settings=(THEME, WITHHELD), keep=keep)
    pdf = pdf_of(keep, THEME)
    if not pdf.is_file():
        raise OSError("LibreOffice did not draw the deck")
    return pdf


def _converted(output: Path, workdir: Path) -> Path:
    """``output`` converted to PDF by LibreOffice, in a profile of its own under ``workdir``."""
    target = workdir / output.stem
    subprocess.run(["soffice", f"-env:UserInstallation={(workdir / 'profile').as_uri()}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(target), str(output)],
                   check=True, capture_output=True, timeout=TIMEOUT)
    pdf = target / (output.stem + ".pdf")
    if not pdf.is_file():
        raise OSError(f"LibreOffice did not draw {output.name}")
    return pdf


def preview_folder(folder: Path) -> Preview:
    """Render every output in ``folder`` whose format has pages (see ``Format.preview``) into
    ``folder/preview/`` and write ``index.html``."""
    result = Preview(folder / "preview")
    result.folder.mkdir(exist_ok=True)
    have = {tool: shutil.which(tool) is not None for tool in INSTALL}
    drawn = {}
    for path in sorted(folder.iterdir()):
        fmt = registry.for_file(path.name) if path.is_file() else None
        if fmt is not None and fmt.preview:
            drawn[path] = fmt.preview
    with tempfile.TemporaryDirectory(prefix="publisher-preview-") as tmp:
        for output, how in drawn.items():
            missing = [tool for tool in (["soffice"] if how == "office" else []) + ["pdftoppm"] if not have[tool]]
            if missing:
                result.notices.append(f"{output.name}: not previewed; install " + " and ".join(INSTALL[t] for t in missing))
                continue
            try:
                pdf = _office_pdf(output, Path(tmp), result) if how == "office" else output
                result.images[output.name] = _pdf_pages(pdf, result.folder, output.stem)
            except (subprocess.SubprocessError, OSError) as exc:
                result.notices.append(f"{output.name}: rendering failed: {exc}")
    if result.images:
        result.sheet = result.folder / "index.html"
        write_text(result.sheet, contact_sheet(folder.name, result.images))
    return result


def contact_sheet(title: str, images: dict[str, list[Path]]) -> str:
    """One accessible HTML page showing every rendered slide and page."""
    sections = []
    for name, pages in images.items():
        fmt = registry.for_file(name)
        kind = fmt.page_name if fmt else "Page"
        figures = "".join(
            f'<figure><img src="{html.escape(p.name)}" alt="{kind} {i} of {html.escape(name)}" loading="lazy">'
            f"<figcaption>{kind} {i}</figcaption></figure>"
            for i, p in enumerate(pages, 1)
        )
        label = f"{fmt.description} ({name})" if fmt else name
        sections.append(f"<section><h2>{html.escape(label)}</h2><div class=grid>{figures}</div></section>")
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Preview: {html.escape(title)}</title>
<style>
body{{font-family:system-ui,sans-serif;margin:2rem;color:#1b1b1b;background:#f4f5f7}}
.grid{{display:flex;flex-wrap:wrap;gap:1rem}}
figure{{margin:0;background:#fff;padding:.5rem;box-shadow:0 1px 3px #0003}}
img{{display:block;max-width:400px;height:auto;border:1px solid #ccc}}
figcaption{{font-size:.9rem;color:#4a4f57;margin-top:.25rem}}
</style></head>
<body><main><h1>Preview: {html.escape(title)}</h1>{''.join(sections)}</main></body></html>
"""
