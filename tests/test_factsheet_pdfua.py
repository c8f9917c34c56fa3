"""Our fact sheet under every rule of the PDF/UA-1 profile: clean as built, and each defect the
audit newly covers, planted in it, caught by its rule."""
from __future__ import annotations

import pikepdf
import pytest

from publisher.audit.pdf import audit
from publisher.render.pdf import factsheet, largeprint
from publisher.spec import Options
from publisher.spec.factsheet import FactSheetOptions


@pytest.fixture(scope="module")
def sheet(release, theme, tmp_path_factory):
    path = tmp_path_factory.mktemp("pdfua") / "operation-last-mile-fact-sheet.pdf"
    path.write_bytes(factsheet.render(release, theme, FactSheetOptions()))
    return path


def test_the_fact_sheet_and_the_large_print_edition_are_clean(sheet, release, theme, tmp_path):
    assert [str(f) for f in audit(sheet)] == []
    edition = tmp_path / "large-print.pdf"
    edition.write_bytes(largeprint.render(release, theme, Options()))
    assert [str(f) for f in audit(edition)] == []


def elements(pdf: pikepdf.Pdf, structure_type: str) -> list[pikepdf.Dictionary]:
    return [o for o in pdf.objects if isinstance(o, pikepdf.Dictionary) and o.get("/S") == "/" + structure_type]


def first_font(pdf: pikepdf.Pdf) -> pikepdf.Dictionary:
    return next(iter(pdf.pages[0].Resources.Font.values()))


def first_font_name(pdf: pikepdf.Pdf) -> str:
    return next(iter(pdf.pages[0].Resources.Font.keys()))


def add_artifact(pdf: pikepdf.Pdf, operators: bytes) -> None:
    pdf.pages[0].contents_add(pdf.make_stream(b"/Artifact BMC " + operators + b" EMC"), prepend=False)


def add_annotation(pdf: pikepdf.Pdf, subtype: str, parent: pikepdf.Dictionary | None, **entries) -> pikepdf.Dictionary:
    page = pdf.pages[0].obj
    annotation = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name("/" + subtype),
                                                      Rect=[72, 72, 144, 90], **entries))
    if parent is not None:
        key = int(pdf.Root.StructTreeRoot.get("/ParentTreeNextKey", 900)) + 100
        annotation.StructParent = key
        pdf.Root.StructTreeRoot.ParentTree.Nums.extend([key, parent])
        parent.K = pikepdf.Array([pikepdf.Dictionary(Type=pikepdf.Name.OBJR, Obj=annotation, Pg=page)])
    if "/Annots" not in page:
        page.Annots = pikepdf.Array()
    page.Annots.append(annotation)
    page.Tabs = pikepdf.Name.S
    return annotation


def new_element(pdf: pikepdf.Pdf, structure_type: str, **entries) -> pikepdf.Dictionary:
    document = pdf.Root.StructTreeRoot.K
    document = document[0] if isinstance(document, pikepdf.Array) else document
    element = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructElem, S=pikepdf.Name("/" + structure_type),
                                                   P=document, **entries))
    document.K.append(element)
    return element


def suspects(pdf):
    pdf.Root.MarkInfo.Suspects = True


def circular_role(pdf):
    pdf.Root.StructTreeRoot.RoleMap = pikepdf.Dictionary(Box=pikepdf.Name("/Frame"), Frame=pikepdf.Name("/Box"))
    elements(pdf, "P")[0].S = pikepdf.Name("/Box")


def remapped_standard(pdf):
    pdf.Root.StructTreeRoot.RoleMap = pikepdf.Dictionary(P=pikepdf.Name.Span)


def no_parent(pdf):
    del elements(pdf, "P")[0].P


def bad_lang(pdf):
    elements(pdf, "P")[0].Lang = pikepdf.String("en_US")


def actual_text_without_language(pdf):
    del pdf.Root.Lang
    elements(pdf, "P")[0].ActualText = pikepdf.String("replacement")


def outline_without_language(pdf):
    del pdf.Root.Lang
    item = pdf.make_indirect(pikepdf.Dictionary(Title=pikepdf.String("Start")))
    pdf.Root.Outlines = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Outlines, First=item, Last=item))


def two_plain_headings(pdf):
    for text in ("one", "two"):
        new_element(pdf, "H", ActualText=pikepdf.String(text))


def th_without_scope(pdf):
    for th in elements(pdf, "TH"):
        del th.A


def overlapping_cells(pdf):
    """Rows are [TH, TD]: one row's TD spans two rows, the next row's TH two columns, into it."""
    rows = [r for r in elements(pdf, "Table")[0].K if r.get("/S") == "/TR"]
    rows[1].K[1].A = pikepdf.Dictionary(O=pikepdf.Name.Table, RowSpan=2)
    rows[2].K[0].A = pikepdf.Dictionary(O=pikepdf.Name.Table, ColSpan=2, Scope=pikepdf.Name.Row)


def untitled_widget(pdf):
    widget = add_annotation(pdf, "Widget", new_element(pdf, "Form"), FT=pikepdf.Name.Tx, T=pikepdf.String("field"))
    pdf.Root.AcroForm = pikepdf.Dictionary(Fields=[widget])


def widget_outside_form(pdf):
    widget = add_annotation(pdf, "Widget", new_element(pdf, "P"), FT=pikepdf.Name.Tx, T=pikepdf.String("f"),
                            TU=pikepdf.String("Field"))
    pdf.Root.AcroForm = pikepdf.Dictionary(Fields=[widget])


def trap_net(pdf):
    add_annotation(pdf, "TrapNet", new_element(pdf, "Annot"), Contents=pikepdf.String("traps"))


def annotation_without_contents(pdf):
    add_annotation(pdf, "Square", new_element(pdf, "Annot"))


def printer_mark_tagged(pdf):
    add_annotation(pdf, "PrinterMark", new_element(pdf, "Annot"), Contents=pikepdf.String("marks"))


def media_clip_without_type(pdf):
    clip = pikepdf.Dictionary(Type=pikepdf.Name.MediaClip, S=pikepdf.Name.MCD,
                              Alt=[pikepdf.String("en"), pikepdf.String("A video")])
    action = pikepdf.Dictionary(S=pikepdf.Name.Rendition, OP=0, R=pikepdf.Dictionary(S=pikepdf.Name.MR, C=clip))
    add_annotation(pdf, "Screen", new_element(pdf, "Annot"), Contents=pikepdf.String("Video"), A=action)


def attachment_without_uf(pdf):
    data = pdf.make_stream(b"data", Type=pikepdf.Name.EmbeddedFile)
    spec = pikepdf.Dictionary(Type=pikepdf.Name.Filespec, F=pikepdf.String("data.csv"), EF=pikepdf.Dictionary(F=data))
    add_annotation(pdf, "FileAttachment", new_element(pdf, "Annot"), Contents=pikepdf.String("Data"), FS=spec)


def reference_xobject(pdf):
    form = pdf.make_stream(b"", Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Form, BBox=[0, 0, 1, 1],
                           Ref=pikepdf.Dictionary(F=pikepdf.String("other.pdf"), Page=0))
    pdf.pages[0].Resources.XObject = pikepdf.Dictionary(Ref1=form)
    add_artifact(pdf, b"/Ref1 Do")


def optional_content_without_name(pdf):
    group = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.OCG, Name=pikepdf.String("Layer")))
    pdf.Root.OCProperties = pikepdf.Dictionary(OCGs=[group], D=pikepdf.Dictionary())


def dynamic_xfa(pdf):
    config = b"<config><acrobat><acrobat7><dynamicRender>required</dynamicRender></acrobat7></acrobat></config>"
    pdf.Root.AcroForm = pikepdf.Dictionary(Fields=[], XFA=[pikepdf.String("config"), pdf.make_stream(config)])


def identification_prefix(pdf):
    xmp = pdf.Root.Metadata.read_bytes().replace(b"pdfuaid:", b"ua:").replace(b"xmlns:pdfuaid", b"xmlns:ua")
    pdf.Root.Metadata = pdf.make_stream(xmp, Type=pikepdf.Name.Metadata, Subtype=pikepdf.Name.XML)


def wrong_width(pdf):
    font = first_font(pdf)
    font.Widths[ord(" ") - int(font.FirstChar)] = 900


def symbolic_font_with_encoding(pdf):
    first_font(pdf).Encoding = pikepdf.Name.WinAnsiEncoding


def tounicode_not_text(pdf):
    font = first_font(pdf)
    data = font.ToUnicode.read_bytes().replace(b"<0020>", b"<FFFE>", 1)
    assert b"<FFFE>" in data
    font.ToUnicode = pdf.make_stream(data)


def glyph_missing(pdf):
    add_artifact(pdf, f"BT {first_font_name(pdf)} 10 Tf 72 40 Td <FE> Tj ET".encode())


def notdef_shown(pdf):
    add_artifact(pdf, f"BT {first_font_name(pdf)} 10 Tf 72 40 Td <00> Tj ET".encode())


def font_not_embedded(pdf):
    descriptor = first_font(pdf).FontDescriptor
    del descriptor.FontFile2


@pytest.mark.parametrize("plant, rule", [
    (suspects, "pdf.7.1-t04"),
    (circular_role, "pdf.7.1-t06"),
    (remapped_standard, "pdf.7.1-t07"),
    (no_parent, "pdf.7.1-t12"),
    (outline_without_language, "pdf.7.2-t02"),
    (actual_text_without_language, "pdf.7.2-t21"),
    (bad_lang, "pdf.7.2-t29"),
    (overlapping_cells, "pdf.7.2-t15"),
    (two_plain_headings, "pdf.7.4.4-t01"),
    (th_without_scope, "pdf.7.5-t01"),
    (untitled_widget, "pdf.7.18.1-t03"),
    (trap_net, "pdf.7.18.2-t01"),
    (annotation_without_contents, "pdf.7.18.1-t02"),
    (widget_outside_form, "pdf.7.18.4-t01"),
    (media_clip_without_type, "pdf.7.18.6.2-t01"),
    (printer_mark_tagged, "pdf.7.18.8-t01"),
    (attachment_without_uf, "pdf.7.11-t01"),
    (reference_xobject, "pdf.7.20-t01"),
    (optional_content_without_name, "pdf.7.10-t01"),
    (dynamic_xfa, "pdf.7.15-t01"),
    (identification_prefix, "pdf.5-t03"),
    (font_not_embedded, "pdf.7.21.4.1-t01"),
    (glyph_missing, "pdf.7.21.4.1-t02"),
    (wrong_width, "pdf.7.21.5-t01"),
    (symbolic_font_with_encoding, "pdf.7.21.6-t03"),
    (tounicode_not_text, "pdf.7.21.7-t02"),
    (notdef_shown, "pdf.7.21.8-t01"),
], ids=lambda value: value.__name__ if callable(value) else value)
def test_a_defect_planted_in_the_fact_sheet_is_caught(sheet, tmp_path, plant, rule):
    with pikepdf.open(sheet) as pdf:
        plant(pdf)
        pdf.save(tmp_path / "planted.pdf")
    found = {f.rule for f in audit(tmp_path / "planted.pdf") if f.severity == "error"}
    assert rule in found, found


def test_a_fact_sheet_saved_as_pdf_2_or_encrypted_against_assistive_technology_is_caught(sheet, tmp_path):
    with pikepdf.open(sheet) as pdf:
        pdf.save(tmp_path / "two.pdf", force_version="2.0")
        pdf.save(tmp_path / "locked.pdf", encryption=pikepdf.Encryption(
            owner="o", user="", R=3, aes=False, metadata=False, allow=pikepdf.Permissions(accessibility=False)))
    assert {f.rule for f in audit(tmp_path / "two.pdf")} == {"pdf.6.1-t01"}
    assert {f.rule for f in audit(tmp_path / "locked.pdf")} == {"pdf.7.16-t01"}
