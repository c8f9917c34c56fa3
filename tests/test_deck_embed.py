"""The theme font carried in the .pptx as PowerPoint embeds it, read back from the package."""
from __future__ import annotations

import io
import struct
import subprocess
import zipfile
from pathlib import Path

import pytest
from pptx import Presentation

from conftest import require_tool
from publisher.errors import BuildError
from publisher.render.deck import render
from publisher.render.deck.embed import eot
from publisher.spec import Options

P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
RT_FONT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/font"


@pytest.fixture(scope="module")
def deck(release, theme) -> bytes:
    return render(release, theme, Options())


def test_the_presentation_lists_the_theme_family_with_its_regular_and_bold_faces(deck, theme):
    prs = Presentation(io.BytesIO(deck))
    root = prs.part._element
    assert root.get("embedTrueTypeFonts") == "1"
    (embedded,) = root.findall(f"{P}embeddedFontLst/{P}embeddedFont")
    assert embedded.find(P + "font").get("typeface") == theme.fonts.family
    faces = {child.tag[len(P):]: prs.part.related_part(child.get(R_ID)) for child in embedded if child.tag != P + "font"}
    assert set(faces) == {"regular", "bold"}
    for style, part in faces.items():
        assert part.content_type == "application/x-fontdata"
        assert part.partname.startswith("/ppt/fonts/") and part.partname.endswith(".fntdata")
        assert part.blob.endswith(theme.font_path(style).read_bytes())
    assert sorted(r.reltype for r in prs.part.rels.values() if r.reltype == RT_FONT) == [RT_FONT, RT_FONT]
    # p:embeddedFontLst sits where the schema puts it: after the slide sizes, before the text styles
    tags = [child.tag[len(P):] for child in root]
    assert tags.index("notesSz") < tags.index("embeddedFontLst") < tags.index("defaultTextStyle")


def test_each_font_part_is_an_uncompressed_embedded_opentype_file(deck, theme):
    with zipfile.ZipFile(io.BytesIO(deck)) as package:
        types = package.read("[Content_Types].xml").decode()
        assert 'Extension="fntdata" ContentType="application/x-fontdata"' in types
        blobs = [package.read(name) for name in package.namelist() if name.startswith("ppt/fonts/")]
    sources = {theme.font_path("regular").read_bytes(), theme.font_path("bold").read_bytes()}
    assert len(blobs) == 2
    for blob in blobs:
        size, data_size, version, flags = struct.unpack_from("<4I", blob)
        assert size == len(blob) and version == 0x00020001 and flags == 0  # not subset, compressed, nor XORed
        assert struct.unpack_from("<H", blob, 34)[0] == 0x504C  # the EOT magic number
        assert blob[-data_size:] in sources


def test_libeot_reads_each_face_back_to_the_theme_font_file(deck, theme, tmp_path):
    require_tool("eot2ttf")
    with zipfile.ZipFile(io.BytesIO(deck)) as package:
        names = sorted(n for n in package.namelist() if n.startswith("ppt/fonts/"))
        for name in names:
            (tmp_path / "in.eot").write_bytes(package.read(name))
            subprocess.run(["eot2ttf", str(tmp_path / "in.eot"), str(tmp_path / "out.ttf")], check=True,
                           capture_output=True, timeout=60)
            assert (tmp_path / "out.ttf").read_bytes() in {theme.font_path(s).read_bytes() for s in ("regular", "bold")}


def test_openxml_audit_accepts_the_deck_with_its_fonts(deck, tmp_path):
    from openxml_audit import validate_pptx

    path = tmp_path / "deck.pptx"
    path.write_bytes(deck)
    result = validate_pptx(str(path))
    assert result.is_valid and not result.errors, [str(e) for e in result.errors][:5]


def test_a_font_whose_licence_forbids_embedding_is_refused(theme, tmp_path):
    from fontTools.ttLib import TTFont

    font = TTFont(str(theme.font_path("regular")))
    font["OS/2"].fsType = 0x0002
    restricted = tmp_path / "restricted.ttf"
    font.save(str(restricted))
    with pytest.raises(BuildError, match="may not be embedded"):
        eot(restricted)


def test_font_names_read_with_struct_are_those_fonttools_reads(theme):
    """publisher.font_tables reads the family a deck names without fontTools' name table (0.1 s to
    import); it must name every installed font as fontTools does."""
    import glob

    from fontTools.ttLib import TTFont

    from publisher.font_tables import family

    paths = [*theme.font_paths(), *map(Path, glob.glob("/usr/share/fonts/truetype/**/*.ttf", recursive=True))]
    for path in paths:
        with TTFont(path, lazy=True) as font:
            records = {n.nameID: n.toUnicode() for n in font["name"].names if n.nameID in (1, 16)}
        assert family(path.read_bytes()) == (records.get(16) or records[1]), path
