"""Each python-docx internal the handout's writer relies on (publisher/docx_internals.py), pinned."""
from __future__ import annotations

import io
import zipfile

import docx

from publisher.docx_internals import drop_package_relationship, new_part, replace_blob, xml_of

RT_THUMBNAIL = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail"
RT_FONT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/font"


def saved(document) -> zipfile.ZipFile:
    out = io.BytesIO()
    document.save(out)
    return zipfile.ZipFile(io.BytesIO(out.getvalue()))


def test_replace_blob():
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    document = docx.Document()
    part = document.part.part_related_by(RT.FONT_TABLE)
    replace_blob(part, part.blob.replace(b"Calibri", b"Calibrx"))
    assert b"Calibrx" in saved(document).read("word/fontTable.xml")


def test_new_part():
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    document = docx.Document()
    table = document.part.part_related_by(RT.FONT_TABLE)
    part = new_part(document.part.package, "/word/fonts/font1.odttf", "application/x-test", b"font bytes")
    rel_id = table.relate_to(part, RT_FONT)
    package = saved(document)
    assert package.read("word/fonts/font1.odttf") == b"font bytes"
    assert rel_id.encode() in package.read("word/_rels/fontTable.xml.rels")
    assert b'ContentType="application/x-test"' in package.read("[Content_Types].xml")


def test_drop_package_relationship():
    document = docx.Document()
    assert "docProps/thumbnail.jpeg" in saved(document).namelist()
    drop_package_relationship(document.part.package, RT_THUMBNAIL)
    package = saved(document)
    assert "docProps/thumbnail.jpeg" not in package.namelist()
    assert b"thumbnail" not in package.read("_rels/.rels")


def test_xml_of():
    document = docx.Document()
    paragraph = document.add_paragraph("text")
    table = document.add_table(rows=1, cols=1)
    assert xml_of(paragraph).tag.endswith("}p") and xml_of(table).tag.endswith("}tbl")
    assert xml_of(table.rows[0]).tag.endswith("}tr") and xml_of(table.rows[0].cells[0]).tag.endswith("}tc")
