"""The PDF audit on PDF/UA-1 variants the veraPDF corpus sample does not hold.

Each test builds a small file with pikepdf (:mod:`pdfua_fixtures`), conforming or broken in one
way, and checks the audit's verdict rule for rule: a conforming variant gives no error, a broken
one the rule of the profile it breaks. The variants follow the profile's tests and ISO 14289-1,
not the corpus files: language from the structure element, the marked content or the catalog;
alternate text via ActualText; header ids in arrays and in other string encodings; CIDFonts with
and without CIDSet; Type 1, CFF and Type 3 fonts; encodings; media clips; file attachments;
encryption with and without the accessibility permission.
"""
from __future__ import annotations

import glob
import struct
from pathlib import Path

import pikepdf
import pytest
from pdfua_fixtures import CHARS, TaggedPdf, advance, cff_table, tiny_font

from publisher.audit.pdf import audit


def errors(doc: TaggedPdf, tmp_path, name: str = "variant.pdf") -> set[str]:
    return {f.rule for f in audit(doc.save(tmp_path / name)) if f.severity == "error"}


def clean(doc: TaggedPdf, tmp_path) -> None:
    found = [str(f) for f in audit(doc.save(tmp_path / "variant.pdf")) if f.severity == "error"]
    assert found == []


def test_the_base_fixture_conforms(tmp_path):
    doc = TaggedPdf()
    doc.paragraph()
    clean(doc, tmp_path)


# ------------------------------------------------------------------ 7.2 natural language


def test_language_from_the_structure_element_instead_of_the_catalog(tmp_path):
    doc = TaggedPdf(lang=None)
    doc.document.Lang = pikepdf.String("en-US")
    doc.paragraph("Hello")
    clean(doc, tmp_path)


def test_language_from_the_marked_content_instead_of_the_catalog(tmp_path):
    doc = TaggedPdf(lang=None)
    paragraph = doc.element("P")
    doc.text(paragraph, "Hello", properties="/Lang (en-GB)")
    clean(doc, tmp_path)


def test_language_from_a_named_property_list(tmp_path):
    doc = TaggedPdf(lang=None)
    paragraph = doc.element("P")
    doc.mark(paragraph)
    doc.page.Resources.Properties = pikepdf.Dictionary(MC0=pikepdf.Dictionary(MCID=0, Lang=pikepdf.String("fr")))
    doc.ops.append(b"/P /MC0 BDC " + doc.show("Bonjour") + b" EMC")
    clean(doc, tmp_path)


def test_text_with_no_language_anywhere_is_caught(tmp_path):
    doc = TaggedPdf(lang=None)
    doc.paragraph("Hello")
    assert errors(doc, tmp_path) == {"pdf.7.2-t34"}


def test_an_artifact_text_needs_a_language_too(tmp_path):
    doc = TaggedPdf(lang=None)
    doc.document.Lang = pikepdf.String("en")
    doc.paragraph("Hello")
    doc.artifact(doc.show("Page 1"))
    assert errors(doc, tmp_path) == {"pdf.7.2-t34"}


def test_one_paragraph_with_its_own_language_does_not_cover_another(tmp_path):
    doc = TaggedPdf(lang=None)
    doc.paragraph("Hello", Lang=pikepdf.String("en"))
    doc.paragraph("World")
    assert errors(doc, tmp_path) == {"pdf.7.2-t34"}


@pytest.mark.parametrize("key, rule", [("ActualText", "pdf.7.2-t30"), ("Alt", "pdf.7.2-t31"), ("E", "pdf.7.2-t32")])
def test_span_alternates_take_the_language_of_their_structure(tmp_path, key, rule):
    doc = TaggedPdf(lang=None)
    paragraph = doc.element("P")
    doc.text(paragraph, "Hi", tag="/Span", properties=f"/{key} (Hello)")
    doc.artifact(b"")
    assert rule in errors(doc, tmp_path, "no-lang.pdf")
    doc = TaggedPdf(lang=None)
    paragraph = doc.element("P", Lang=pikepdf.String("en"))
    doc.text(paragraph, "Hi", tag="/Span", properties=f"/{key} (Hello)")
    clean(doc, tmp_path)


@pytest.mark.parametrize("key, rule", [("ActualText", "pdf.7.2-t21"), ("Alt", "pdf.7.2-t22"), ("E", "pdf.7.2-t23")])
def test_element_alternates_take_the_language_of_an_ancestor(tmp_path, key, rule):
    doc = TaggedPdf(lang=None)
    paragraph = doc.paragraph("Hi", Lang=pikepdf.String("en"))
    doc.element("Span", paragraph, **{key: pikepdf.String("text")})
    clean(doc, tmp_path)
    doc = TaggedPdf(lang=None)
    doc.document.Lang = pikepdf.String("en")
    doc.paragraph("Hi")
    doc.element("Span", doc.root, **{key: pikepdf.String("text")})
    assert rule in errors(doc, tmp_path, "b.pdf")


def test_outline_entries_need_the_catalog_language(tmp_path):
    doc = TaggedPdf(lang=None)
    doc.document.Lang = pikepdf.String("en")
    doc.paragraph()
    item = doc.pdf.make_indirect(pikepdf.Dictionary(Title=pikepdf.String("Start")))
    doc.pdf.Root.Outlines = doc.pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Outlines, First=item, Last=item,
                                                                     Count=1))
    item.Parent = doc.pdf.Root.Outlines
    assert errors(doc, tmp_path) == {"pdf.7.2-t02"}
    doc.pdf.Root.Lang = pikepdf.String("en")
    clean(doc, tmp_path)


def test_a_metadata_title_in_x_default_only_needs_the_catalog_language(tmp_path):
    doc = TaggedPdf(lang=None, title='<dc:title><rdf:Alt><rdf:li xml:lang="x-default">T</rdf:li></rdf:Alt></dc:title>')
    doc.document.Lang = pikepdf.String("en")
    doc.paragraph()
    assert errors(doc, tmp_path) == {"pdf.7.2-t33"}
    doc = TaggedPdf(lang=None)  # x-default and en: the language is determined
    doc.document.Lang = pikepdf.String("en")
    doc.paragraph()
    clean(doc, tmp_path)


def test_annotation_contents_take_the_language_of_the_structure_parent(tmp_path):
    doc = TaggedPdf(lang=None)
    doc.document.Lang = pikepdf.String("en")
    link = doc.element("Link", Lang=pikepdf.String("en"))
    doc.text(link, "Site")
    doc.annotation("Link", link, Contents=pikepdf.String("Our site"), F=4)
    clean(doc, tmp_path)
    del link.Lang
    assert errors(doc, tmp_path, "b.pdf") == {"pdf.7.2-t24"}


@pytest.mark.parametrize("where", ["catalog", "element", "marked content"])
def test_a_lang_that_is_not_a_language_tag_is_caught(tmp_path, where):
    doc = TaggedPdf()
    if where == "catalog":
        doc.pdf.Root.Lang = pikepdf.String("en_US")
        doc.paragraph()
    elif where == "element":
        doc.paragraph(Lang=pikepdf.String("english language"))
    else:
        doc.text(doc.element("P"), "Hi", properties="/Lang (e1)")
    assert errors(doc, tmp_path) == {"pdf.7.2-t29"}


# ------------------------------------------------------------------ 7.3, 7.7 alternate descriptions


@pytest.mark.parametrize("kind, rule", [("Figure", "pdf.7.3-t01"), ("Formula", "pdf.7.7-t01")])
def test_an_actual_text_is_an_alternative_to_alt(tmp_path, kind, rule):
    doc = TaggedPdf()
    figure = doc.element(kind, ActualText=pikepdf.String(""))
    doc.text(figure, "x y")
    clean(doc, tmp_path)
    doc = TaggedPdf()
    figure = doc.element(kind, Alt=pikepdf.String(""))
    doc.text(figure, "x y")
    assert errors(doc, tmp_path, "b.pdf") == {rule}


def test_a_role_mapped_figure_needs_its_alternate_description(tmp_path):
    doc = TaggedPdf()
    doc.root.RoleMap = pikepdf.Dictionary(Image=pikepdf.Name.Figure)
    doc.text(doc.element("Image"), "chart")
    assert errors(doc, tmp_path) == {"pdf.7.3-t01"}


# ------------------------------------------------------------------ 7.5 and 7.2 tables


def table(doc: TaggedPdf, rows, headers: dict | None = None, scopes: dict | None = None,
          spans: dict | None = None, ids: dict | None = None):
    """A table from rows of 'TH'/'TD' strings; the dicts set attributes by (row, column)."""
    element = doc.element("Table")
    for r, cells in enumerate(rows):
        row = doc.element("TR", element)
        for c, kind in enumerate(cells):
            attributes = pikepdf.Dictionary(O=pikepdf.Name.Table)
            if scopes and (r, c) in scopes:
                attributes.Scope = pikepdf.Name("/" + scopes[(r, c)])
            if headers and (r, c) in headers:
                attributes.Headers = headers[(r, c)]
            for key, value in ((spans or {}).get((r, c)) or {}).items():
                attributes[key] = value
            cell = doc.element(kind, row, A=attributes)
            if ids and (r, c) in ids:
                cell.ID = ids[(r, c)]
            doc.text(cell, f"{kind}{r}{c}")
    return element


def test_th_with_scope_makes_the_table_headers_known(tmp_path):
    doc = TaggedPdf()
    table(doc, [["TH", "TH"], ["TD", "TD"]], scopes={(0, 0): "Column", (0, 1): "Column"})
    clean(doc, tmp_path)


def test_a_td_without_a_reachable_header_is_caught(tmp_path):
    doc = TaggedPdf()
    table(doc, [["TH", "TH"], ["TD", "TD"]])
    assert errors(doc, tmp_path) == {"pdf.7.5-t01"}


def test_row_headers_with_scope_row_reach_the_cells_to_their_right(tmp_path):
    doc = TaggedPdf()
    table(doc, [["TH", "TD"], ["TH", "TD"]], scopes={(0, 0): "Row", (1, 0): "Row"})
    clean(doc, tmp_path)


def test_headers_given_as_ids_in_another_string_encoding(tmp_path):
    """The TD names its headers in UTF-16, the TH ids are PDFDocEncoded: the same text."""
    doc = TaggedPdf()
    utf16 = pikepdf.String(b"\xfe\xff" + "h1".encode("utf-16-be"))
    table(doc, [["TH", "TH"], ["TD", "TD"]], ids={(0, 0): pikepdf.String("h1"), (0, 1): pikepdf.String("h2")},
          headers={(1, 0): pikepdf.Array([utf16]), (1, 1): pikepdf.Array([pikepdf.String("h1"), pikepdf.String("h2")])})
    clean(doc, tmp_path)


def test_headers_naming_an_unknown_id_are_caught(tmp_path):
    doc = TaggedPdf()
    table(doc, [["TH", "TH"], ["TD", "TD"]], ids={(0, 0): pikepdf.String("h1"), (0, 1): pikepdf.String("h2")},
          headers={(1, 0): pikepdf.Array([pikepdf.String("h9")]), (1, 1): pikepdf.Array([pikepdf.String("h2")])})
    assert errors(doc, tmp_path) == {"pdf.7.5-t02"}


def test_rows_inside_nonstruct_wrappers_are_table_rows(tmp_path):
    doc = TaggedPdf()
    element = doc.element("Table")
    for kind in ("TH", "TD"):
        wrapper = doc.element("NonStruct", element)
        row = doc.element("TR", wrapper)
        for c in range(2):
            cell = doc.element(kind, row, A=pikepdf.Dictionary(O=pikepdf.Name.Table, Scope=pikepdf.Name.Column))
            doc.text(cell, f"{kind}{c}")
    clean(doc, tmp_path)


@pytest.mark.parametrize("rows, spans, rule", [
    ([["TH", "TH"], ["TD", "TD"], ["TD", "TD", "TD"]], {}, "pdf.7.2-t42"),
    ([["TH", "TH"], ["TD", "TD"], ["TD"]], {}, "pdf.7.2-t43"),
    ([["TH", "TH"], ["TD", "TD"]], {(1, 0): {"/RowSpan": 3}}, "pdf.7.2-t41"),
    ([["TH", "TH", "TH"], ["TD", "TD"], ["TD"]], {(1, 0): {"/RowSpan": 2, "/ColSpan": 2}}, None),
])
def test_irregular_tables_are_caught(tmp_path, rows, spans, rule):
    doc = TaggedPdf()
    scopes = {(0, c): "Column" for c in range(len(rows[0]))}
    table(doc, rows, scopes=scopes, spans=spans)
    found = errors(doc, tmp_path)
    if rule is None:  # a regular table with a 2 x 2 cell
        assert found == set()
    else:
        assert rule in found


def test_overlapping_cells_are_caught(tmp_path):
    """Row 1's second cell spans two rows; row 2's only cell spans two columns, into it."""
    doc = TaggedPdf()
    table(doc, [["TH", "TH"], ["TD", "TD"], ["TD"]], scopes={(0, 0): "Column", (0, 1): "Column"},
          spans={(1, 1): {"/RowSpan": 2}, (2, 0): {"/ColSpan": 2}})
    assert errors(doc, tmp_path) == {"pdf.7.2-t15"}


# ------------------------------------------------------------------ structure


def test_role_map_rules(tmp_path):
    doc = TaggedPdf()
    doc.root.RoleMap = pikepdf.Dictionary(A=pikepdf.Name.B, B=pikepdf.Name.A, P=pikepdf.Name.Span,
                                          Mine=pikepdf.Name.Unknown)
    doc.text(doc.element("A"), "cycle")
    doc.paragraph("remapped P")
    doc.text(doc.element("Mine"), "unmapped")
    assert errors(doc, tmp_path) == {"pdf.7.1-t05", "pdf.7.1-t06", "pdf.7.1-t07"}


def test_an_element_without_a_parent_entry_is_caught(tmp_path):
    doc = TaggedPdf()
    paragraph = doc.paragraph()
    del paragraph.P
    found = errors(doc, tmp_path)
    assert "pdf.7.1-t12" in found


def test_headings(tmp_path):
    doc = TaggedPdf()
    for level in (1, 2, 2, 3, 1):
        doc.text(doc.element(f"H{level}"), f"Heading {level}")
    clean(doc, tmp_path)
    doc = TaggedPdf()
    for level in (1, 3):
        doc.text(doc.element(f"H{level}"), f"Heading {level}")
    assert errors(doc, tmp_path, "b.pdf") == {"pdf.7.4.2-t01"}
    doc = TaggedPdf()
    doc.text(doc.element("H1"), "numbered")
    doc.text(doc.element("H"), "plain")
    assert errors(doc, tmp_path, "c.pdf") == {"pdf.7.4.4-t02", "pdf.7.4.4-t03"}
    doc = TaggedPdf()
    section = doc.element("Sect")
    doc.text(doc.element("H", section), "one")
    doc.text(doc.element("H", section), "two")
    assert errors(doc, tmp_path, "d.pdf") == {"pdf.7.4.4-t01"}


def test_notes_need_unique_ids(tmp_path):
    doc = TaggedPdf()
    for _ in range(2):
        doc.text(doc.element("Note", ID=pikepdf.String("n1")), "note")
    assert errors(doc, tmp_path) == {"pdf.7.9-t02"}


def test_lists_and_captions(tmp_path):
    doc = TaggedPdf()
    items = doc.element("L")
    doc.text(doc.element("Caption", items), "Caption first")
    item = doc.element("LI", items)
    doc.text(doc.element("LBody", item), "item")
    clean(doc, tmp_path)
    doc = TaggedPdf()
    items = doc.element("L")
    item = doc.element("LI", items)
    doc.text(doc.element("LBody", item), "item")
    doc.text(doc.element("Caption", items), "Caption last")
    doc.text(doc.element("LI"), "stray item")
    assert errors(doc, tmp_path, "b.pdf") == {"pdf.7.2-t40", "pdf.7.2-t17"}


# ------------------------------------------------------------------ 7.1 content, 7.20 XObjects


def test_an_mcid_missing_from_the_parent_tree_is_untagged_content(tmp_path):
    doc = TaggedPdf()
    doc.paragraph()
    doc.ops.append(b"/P <</MCID 7>> BDC " + doc.show("orphan") + b" EMC")
    assert errors(doc, tmp_path) == {"pdf.7.1-t03"}


def test_content_of_an_element_cut_off_from_the_tree_is_untagged(tmp_path):
    doc = TaggedPdf()
    floating = doc.pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructElem, S=pikepdf.Name.P,
                                                        K=pikepdf.Array()))
    floating.P = floating  # a parent chain that never reaches the root
    doc.text(floating, "lost")
    assert errors(doc, tmp_path) == {"pdf.7.1-t03"}


def test_artifacts_and_tagged_content_must_not_nest(tmp_path):
    doc = TaggedPdf()
    paragraph = doc.element("P")
    doc.mark(paragraph)
    doc.ops.append(b"/P <</MCID 0>> BDC " + doc.show("text") + b" /Artifact BMC 0 0 m 10 10 l S EMC EMC")
    assert errors(doc, tmp_path) == {"pdf.7.1-t01"}
    doc = TaggedPdf()
    paragraph = doc.element("P")
    doc.mark(paragraph)
    doc.ops.append(b"/Artifact BMC /P <</MCID 0>> BDC " + doc.show("text") + b" EMC EMC")
    assert errors(doc, tmp_path, "b.pdf") == {"pdf.7.1-t02"}


def _form(doc: TaggedPdf, content: bytes, **entries) -> pikepdf.Stream:
    form = doc.pdf.make_stream(content, Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Form, BBox=[0, 0, 612, 792],
                               Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=doc.font)), **entries)
    doc.page.Resources.XObject = pikepdf.Dictionary(Fm1=form)
    return form


def test_a_form_xobject_inherits_the_marked_content_it_is_drawn_in(tmp_path):
    doc = TaggedPdf()
    paragraph = doc.element("P")
    doc.mark(paragraph)
    _form(doc, doc.show("inside a form"))
    doc.ops.append(b"/P <</MCID 0>> BDC /Fm1 Do EMC")
    clean(doc, tmp_path)


def test_a_form_xobject_with_mcids_drawn_twice_is_caught(tmp_path):
    doc = TaggedPdf()
    paragraph = doc.element("P")
    doc.mark(paragraph)
    _form(doc, b"/P <</MCID 0>> BDC " + doc.show("twice") + b" EMC")
    doc.ops.append(b"/Fm1 Do /Fm1 Do")
    assert "pdf.7.20-t02" in errors(doc, tmp_path)


def test_a_reference_xobject_is_caught(tmp_path):
    doc = TaggedPdf()
    paragraph = doc.element("P")
    doc.mark(paragraph)
    _form(doc, doc.show("ref"), Ref=pikepdf.Dictionary(F=pikepdf.String("other.pdf"), Page=0))
    doc.ops.append(b"/P <</MCID 0>> BDC /Fm1 Do EMC")
    assert errors(doc, tmp_path) == {"pdf.7.20-t01"}


# ------------------------------------------------------------------ 7.18 annotations, 7.11 files


def test_a_tagged_link_with_contents_and_its_appearance_conforms(tmp_path):
    doc = TaggedPdf()
    link = doc.element("Link")
    doc.text(link, "Our site")
    appearance = doc.pdf.make_stream(b"0 0 1 rg 0 0 128 20 re f", Type=pikepdf.Name.XObject,
                                     Subtype=pikepdf.Name.Form, BBox=[0, 0, 128, 20])
    doc.annotation("Link", link, Contents=pikepdf.String("Our site"), AP=pikepdf.Dictionary(N=appearance))
    clean(doc, tmp_path)


def test_an_untagged_annotation_and_its_appearance_are_caught(tmp_path):
    doc = TaggedPdf()
    doc.paragraph()
    appearance = doc.pdf.make_stream(b"0 0 128 20 re f", Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Form,
                                     BBox=[0, 0, 128, 20])
    doc.annotation("Square", None, Contents=pikepdf.String("A box"), AP=pikepdf.Dictionary(N=appearance))
    assert errors(doc, tmp_path) == {"pdf.7.18.1-t01", "pdf.7.1-t03"}


def test_hidden_and_off_page_annotations_are_exempt(tmp_path):
    doc = TaggedPdf()
    doc.paragraph()
    doc.annotation("Square", None, F=2)
    doc.annotation("Text", None, Rect=[700, 900, 720, 920])
    clean(doc, tmp_path)


def test_a_page_with_annotations_needs_tabs_s(tmp_path):
    doc = TaggedPdf()
    link = doc.element("Link")
    doc.text(link, "site")
    doc.annotation("Link", link, Contents=pikepdf.String("site"))
    del doc.page.Tabs
    assert errors(doc, tmp_path) == {"pdf.7.18.3-t01"}


def test_widgets_need_a_form_element_and_a_name(tmp_path):
    doc = TaggedPdf()
    doc.paragraph()
    form = doc.element("Form")
    widget = doc.annotation("Widget", form, FT=pikepdf.Name.Tx, T=pikepdf.String("name"),
                            TU=pikepdf.String("Your name"))
    doc.pdf.Root.AcroForm = pikepdf.Dictionary(Fields=[widget])
    clean(doc, tmp_path)
    del widget.TU
    assert errors(doc, tmp_path, "b.pdf") == {"pdf.7.18.1-t03"}
    form.Alt = pikepdf.String("Your name")
    clean(doc, tmp_path)
    doc.paragraph("inside the form", parent=form)
    assert errors(doc, tmp_path, "c.pdf") == {"pdf.7.18.4-t02"}


def test_a_printer_mark_stays_out_of_the_structure(tmp_path):
    doc = TaggedPdf()
    doc.paragraph()
    doc.annotation("PrinterMark", None, Contents=pikepdf.String("crop marks"))
    clean(doc, tmp_path)
    doc = TaggedPdf()
    doc.paragraph()
    doc.annotation("PrinterMark", doc.element("Annot"), Contents=pikepdf.String("crop marks"))
    assert errors(doc, tmp_path, "b.pdf") == {"pdf.7.18.8-t01"}


def _attachment(doc: TaggedPdf, **spec_entries) -> None:
    data = doc.pdf.make_stream(b"hello", Type=pikepdf.Name.EmbeddedFile)
    spec = pikepdf.Dictionary(Type=pikepdf.Name.Filespec, EF=pikepdf.Dictionary(F=data), **spec_entries)
    doc.annotation("FileAttachment", doc.element("Annot"), FS=spec, Contents=pikepdf.String("Data file"))


def test_file_attachments_need_f_and_uf(tmp_path):
    doc = TaggedPdf()
    doc.paragraph()
    _attachment(doc, F=pikepdf.String("data.txt"), UF=pikepdf.String("data.txt"))
    clean(doc, tmp_path)
    doc = TaggedPdf()
    doc.paragraph()
    _attachment(doc, UF=pikepdf.String("data.txt"))
    assert errors(doc, tmp_path, "b.pdf") == {"pdf.7.11-t01"}


def _screen(doc: TaggedPdf, clip: pikepdf.Dictionary, section: bool = False) -> None:
    if section:
        clip = pikepdf.Dictionary(Type=pikepdf.Name.MediaClip, S=pikepdf.Name.MCS, D=clip)
    rendition = pikepdf.Dictionary(Type=pikepdf.Name.Rendition, S=pikepdf.Name.MR, C=clip)
    action = pikepdf.Dictionary(Type=pikepdf.Name.Action, S=pikepdf.Name.Rendition, OP=0, R=rendition)
    doc.annotation("Screen", doc.element("Annot"), Contents=pikepdf.String("Video"), A=action)


@pytest.mark.parametrize("entries, section, expected", [
    ({"CT": pikepdf.String("video/mp4"), "Alt": pikepdf.Array([pikepdf.String("en"), pikepdf.String("A video")])},
     False, set()),
    ({"CT": pikepdf.String("video/mp4"), "Alt": pikepdf.Array([pikepdf.String("en"), pikepdf.String("A video")])},
     True, set()),
    ({"Alt": pikepdf.Array([pikepdf.String("en"), pikepdf.String("A video")])}, True, {"pdf.7.18.6.2-t01"}),
    ({"CT": pikepdf.String("video/mp4"), "Alt": pikepdf.Array([pikepdf.String("en"), pikepdf.String("")])},
     False, {"pdf.7.18.6.2-t02"}),
    ({"CT": pikepdf.String("video/mp4"), "Alt": pikepdf.String("A video")}, False, {"pdf.7.18.6.2-t02"}),
])
def test_media_clips_describe_their_content(tmp_path, entries, section, expected):
    doc = TaggedPdf()
    doc.paragraph()
    _screen(doc, pikepdf.Dictionary(Type=pikepdf.Name.MediaClip, S=pikepdf.Name.MCD, **entries), section)
    assert errors(doc, tmp_path) == expected


# ------------------------------------------------------------------ 7.16 security, 5, 6, 7.10, 7.15


@pytest.mark.parametrize("accessibility, expected", [(True, set()), (False, {"pdf.7.16-t01"})])
def test_encryption_must_let_assistive_technology_read(tmp_path, accessibility, expected):
    doc = TaggedPdf()
    doc.paragraph()
    plain = doc.save(tmp_path / "plain.pdf")
    with pikepdf.open(plain) as pdf:
        pdf.save(tmp_path / "locked.pdf", encryption=pikepdf.Encryption(  # R 3: qpdf keeps the bit as asked
            owner="owner", user="", R=3, aes=False, metadata=False,
            allow=pikepdf.Permissions(accessibility=accessibility, extract=False)))
    assert {f.rule for f in audit(tmp_path / "locked.pdf")} == expected


def test_a_pdf_that_needs_a_password_is_unreadable_not_a_crash(tmp_path):
    doc = TaggedPdf()
    doc.paragraph()
    with pikepdf.open(doc.save(tmp_path / "plain.pdf")) as pdf:
        pdf.save(tmp_path / "secret.pdf", encryption=pikepdf.Encryption(owner="o", user="u", R=4))
    assert {f.rule for f in audit(tmp_path / "secret.pdf")} == {"pdf.unreadable"}


@pytest.mark.parametrize("identification, extra_ns, expected", [
    ('<pdfuaid:part>1</pdfuaid:part>', "", set()),
    ("", "", {"pdf.5-t01"}),
    ('<pdfuaid:part>2</pdfuaid:part>', "", {"pdf.5-t02"}),
    ('<ua:part>1</ua:part>', ' xmlns:ua="http://www.aiim.org/pdfua/ns/id/"', {"pdf.5-t03"}),
    ('<pdfuaid:part>1</pdfuaid:part><ua:amd>2005</ua:amd>', ' xmlns:ua="http://www.aiim.org/pdfua/ns/id/"',
     {"pdf.5-t04"}),
    ('<pdfuaid:part>1</pdfuaid:part><ua:corr>1</ua:corr>', ' xmlns:ua="http://www.aiim.org/pdfua/ns/id/"',
     {"pdf.5-t05"}),
])
def test_the_pdfua_identification(tmp_path, identification, extra_ns, expected):
    doc = TaggedPdf()
    doc.paragraph()
    doc.set_xmp(identification=identification, extra_ns=extra_ns)
    assert errors(doc, tmp_path) == expected


def test_the_identification_in_attribute_form(tmp_path):
    doc = TaggedPdf()
    doc.paragraph()
    xmp = bytes(doc.pdf.Root.Metadata.read_bytes()).replace(b"<pdfuaid:part>1</pdfuaid:part>", b"")
    xmp = xmp.replace(b'rdf:about=""', b'rdf:about="" pdfuaid:part="1"')
    doc.pdf.Root.Metadata = doc.pdf.make_stream(xmp, Type=pikepdf.Name.Metadata, Subtype=pikepdf.Name.XML)
    clean(doc, tmp_path)


def test_a_pdf_2_header_is_caught(tmp_path):
    doc = TaggedPdf()
    doc.paragraph()
    path = doc.save(tmp_path / "one.pdf")
    with pikepdf.open(path) as pdf:
        pdf.save(tmp_path / "two.pdf", force_version="2.0")
    assert {f.rule for f in audit(tmp_path / "two.pdf")} == {"pdf.6.1-t01"}


def test_optional_content_configurations(tmp_path):
    doc = TaggedPdf()
    doc.paragraph()
    group = doc.pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.OCG, Name=pikepdf.String("Layer")))
    doc.pdf.Root.OCProperties = pikepdf.Dictionary(OCGs=[group], D=pikepdf.Dictionary(Name=pikepdf.String("Default")),
                                                   Configs=[pikepdf.Dictionary(AS=pikepdf.Array())])
    assert errors(doc, tmp_path) == {"pdf.7.10-t01", "pdf.7.10-t02"}


@pytest.mark.parametrize("render, expected", [("required", {"pdf.7.15-t01"}), ("forbidden", set())])
def test_dynamic_xfa(tmp_path, render, expected):
    doc = TaggedPdf()
    doc.paragraph()
    config = (b'<config xmlns="http://www.xfa.org/schema/xci/3.0/"><acrobat><acrobat7><dynamicRender>'
              + render.encode() + b"</dynamicRender></acrobat7></acrobat></config>")
    doc.pdf.Root.AcroForm = pikepdf.Dictionary(Fields=[], XFA=[pikepdf.String("config"), doc.pdf.make_stream(config)])
    assert errors(doc, tmp_path) == expected


# ------------------------------------------------------------------ 7.21 fonts


def test_a_standard_font_not_embedded_is_caught_unless_invisible(tmp_path):
    doc = TaggedPdf()
    doc.page.Resources.Font.F2 = pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1,
                                                    BaseFont=pikepdf.Name.Helvetica,
                                                    Encoding=pikepdf.Name.WinAnsiEncoding)
    doc.text(doc.element("P"), "visible", font="/F2")
    assert errors(doc, tmp_path) == {"pdf.7.21.4.1-t01"}
    doc.ops = [op.replace(b"BT /F2", b"BT 3 Tr /F2") for op in doc.ops]
    clean(doc, tmp_path)


def test_widths_that_disagree_with_the_program_are_caught(tmp_path):
    doc = TaggedPdf()
    doc.font.Widths[ord("H") - 32] = advance("H") + 40
    doc.paragraph("Hello")
    assert errors(doc, tmp_path) == {"pdf.7.21.5-t01"}


def test_a_code_without_a_glyph_in_the_program_is_caught(tmp_path):
    doc = TaggedPdf()
    doc.page.Resources.Font.F2 = doc.truetype_font(chars="abc")
    doc.text(doc.element("P"), "abz", font="/F2")
    assert errors(doc, tmp_path) == {"pdf.7.21.4.1-t02"}


@pytest.mark.parametrize("encoding, expected", [
    (pikepdf.Name.MacRomanEncoding, set()),
    (pikepdf.Name.MacExpertEncoding, {"pdf.7.21.6-t02"}),
    (None, {"pdf.7.21.6-t02"}),
    (pikepdf.Dictionary(BaseEncoding=pikepdf.Name.WinAnsiEncoding, Differences=[67, pikepdf.Name("/C")]), set()),
    (pikepdf.Dictionary(BaseEncoding=pikepdf.Name.WinAnsiEncoding, Differences=[65, pikepdf.Name("/glyph7")]),
     {"pdf.7.21.6-t02", "pdf.7.21.7-t01", "pdf.7.21.4.1-t02"}),
])
def test_non_symbolic_truetype_encodings(tmp_path, encoding, expected):
    doc = TaggedPdf()
    if encoding is None:
        del doc.font.Encoding
    else:
        doc.font.Encoding = encoding
    doc.paragraph("ABC")
    found = errors(doc, tmp_path)
    if encoding in (None, pikepdf.Name.MacExpertEncoding):  # the codes also show other glyphs, or none
        assert expected <= found
    else:
        assert found == expected


@pytest.mark.parametrize("cmaps, encoding, expected", [
    (((3, 0),), None, set()),
    (((3, 0), (1, 0)), None, set()),
    (((1, 0), (3, 1)), None, {"pdf.7.21.6-t04"}),
    (((3, 0),), pikepdf.Name.WinAnsiEncoding, {"pdf.7.21.6-t03"}),
])
def test_symbolic_truetype_fonts(tmp_path, cmaps, encoding, expected):
    doc = TaggedPdf()
    font = doc.truetype_font(cmaps=cmaps, symbol_offset=0xF000 if (3, 0) in cmaps else 0)
    font.FontDescriptor.Flags = 4
    del font.Encoding
    if encoding is not None:
        font.Encoding = encoding
    font.ToUnicode = doc.pdf.make_stream(_tounicode({ord(c): c for c in CHARS}))
    doc.page.Resources.Font.F2 = font
    doc.text(doc.element("P"), "Hello", font="/F2")
    assert errors(doc, tmp_path) == expected


def test_a_non_symbolic_truetype_program_needs_a_non_symbolic_cmap(tmp_path):
    doc = TaggedPdf()
    doc.page.Resources.Font.F2 = doc.truetype_font(cmaps=((3, 0),))
    doc.text(doc.element("P"), "Hello", font="/F2")
    assert "pdf.7.21.6-t01" in errors(doc, tmp_path)


def _tounicode(mapping: dict[int, str], width: int = 1) -> bytes:
    lines = "\n".join(f"<{code:0{2 * width}X}> <{''.join(f'{ord(c):04X}' for c in text)}>"
                      for code, text in sorted(mapping.items()))
    return (f"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /Test def "
            f"1 begincodespacerange <{'00' * width}> <{'FF' * width}> endcodespacerange "
            f"{len(mapping)} beginbfchar\n{lines}\nendbfchar endcmap CMapName currentdict /CMap defineresource pop end end"
            ).encode()


def test_tounicode_values_that_are_not_text_are_caught(tmp_path):
    doc = TaggedPdf()
    doc.font.ToUnicode = doc.pdf.make_stream(_tounicode({ord("H"): "\x00", ord("i"): "i"}))
    doc.paragraph("Hi")
    assert errors(doc, tmp_path) == {"pdf.7.21.7-t02"}


def test_the_notdef_glyph_shown_through_differences_is_caught(tmp_path):
    doc = TaggedPdf()
    doc.font.Encoding = pikepdf.Dictionary(BaseEncoding=pikepdf.Name.WinAnsiEncoding,
                                           Differences=[72, pikepdf.Name("/.notdef")])
    doc.font.ToUnicode = doc.pdf.make_stream(_tounicode({ord("H"): "H", ord("i"): "i"}))
    doc.paragraph("Hi")
    assert "pdf.7.21.8-t01" in errors(doc, tmp_path)


def cid_font(doc: TaggedPdf, program: pikepdf.Stream, subtype: str = "CIDFontType2", cidset: bytes | None = None,
             encoding: object = pikepdf.Name("/Identity-H"), name: str = "ABCDEF+Tiny",
             cid_to_gid: object = pikepdf.Name.Identity, widths: list | None = None) -> pikepdf.Dictionary:
    key = "/FontFile2" if subtype == "CIDFontType2" else "/FontFile3"
    descriptor = pikepdf.Dictionary(Type=pikepdf.Name.FontDescriptor, FontName=pikepdf.Name("/" + name), Flags=4,
                                    FontBBox=[0, -200, 1000, 800], ItalicAngle=0, Ascent=800, Descent=-200,
                                    CapHeight=600, StemV=80)
    descriptor[key] = program
    if cidset is not None:
        descriptor.CIDSet = doc.pdf.make_stream(cidset)
    descendant = pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name("/" + subtype),
                                    BaseFont=pikepdf.Name("/" + name), FontDescriptor=descriptor,
                                    CIDSystemInfo=pikepdf.Dictionary(Registry=pikepdf.String("Adobe"),
                                                                     Ordering=pikepdf.String("Identity"), Supplement=0),
                                    W=widths if widths is not None else [1, [advance(c) for c in CHARS]])
    if subtype == "CIDFontType2" and cid_to_gid is not None:
        descendant.CIDToGIDMap = cid_to_gid
    font = doc.pdf.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type0, BaseFont=pikepdf.Name("/" + name), Encoding=encoding,
        DescendantFonts=[descendant],
        ToUnicode=doc.pdf.make_stream(_tounicode({i + 1: c for i, c in enumerate(CHARS)}, 2))))
    doc.page.Resources.Font.F2 = font
    return font


def _gids(text: str) -> str:
    return "".join(f"{CHARS.index(c) + 1:04X}" for c in text)


def _show_cids(doc: TaggedPdf, text: str) -> None:
    paragraph = doc.element("P")
    mcid = doc.mark(paragraph)
    doc.ops.append(f"/P <</MCID {mcid}>> BDC BT /F2 12 Tf 72 500 Td <{_gids(text)}> Tj ET EMC".encode())


def _bits(cids) -> bytes:
    out = bytearray((max(cids) // 8) + 1)
    for cid in cids:
        out[cid // 8] |= 0x80 >> (cid % 8)
    return bytes(out)


@pytest.mark.parametrize("cidset, expected", [
    (None, set()),
    ("all", set()),
    ("one missing", {"pdf.7.21.4.2-t02"}),
    ("one extra", {"pdf.7.21.4.2-t02"}),
])
def test_cidfonttype2_with_and_without_cidset(tmp_path, cidset, expected):
    doc = TaggedPdf()
    glyphs = range(len(CHARS) + 1)
    bits = {None: None, "all": _bits(glyphs), "one missing": _bits(glyphs[:-1]),
            "one extra": _bits(list(glyphs) + [len(CHARS) + 5])}[cidset]
    cid_font(doc, doc.pdf.make_stream(tiny_font()), cidset=bits)
    _show_cids(doc, "Hello")
    assert errors(doc, tmp_path) == expected


def test_cidfonttype2_needs_a_cid_to_gid_map(tmp_path):
    doc = TaggedPdf()
    cid_font(doc, doc.pdf.make_stream(tiny_font()), cid_to_gid=None)
    _show_cids(doc, "Hello")
    assert errors(doc, tmp_path) == {"pdf.7.21.3.2-t01"}
    doc = TaggedPdf()
    table = b"".join(struct.pack(">H", i) for i in range(len(CHARS) + 1))
    cid_font(doc, doc.pdf.make_stream(tiny_font()), cid_to_gid=doc.pdf.make_stream(table))
    _show_cids(doc, "Hello")
    clean(doc, tmp_path)


def test_cid_widths_and_cid_zero(tmp_path):
    doc = TaggedPdf()
    cid_font(doc, doc.pdf.make_stream(tiny_font()), widths=[1, [999] * len(CHARS)])
    _show_cids(doc, "Hello")
    assert errors(doc, tmp_path) == {"pdf.7.21.5-t01"}
    doc = TaggedPdf()
    cid_font(doc, doc.pdf.make_stream(tiny_font()))
    _show_cids(doc, "Hi")
    doc.ops.append(b"/Artifact BMC BT /F2 12 Tf 72 400 Td <0000> Tj ET EMC")
    assert "pdf.7.21.8-t01" in errors(doc, tmp_path, "b.pdf")


def test_cidfonttype0_with_a_cff_program(tmp_path):
    doc = TaggedPdf()
    program = doc.pdf.make_stream(cff_table(tiny_font(cff=True)), Subtype=pikepdf.Name.CIDFontType0C)
    cid_font(doc, program, subtype="CIDFontType0", name="Tiny")
    _show_cids(doc, "Hello")
    clean(doc, tmp_path)
    doc.page.Resources.Font.F2.DescendantFonts[0].W = [1, [300] * len(CHARS)]
    assert errors(doc, tmp_path, "b.pdf") == {"pdf.7.21.5-t01"}


@pytest.mark.parametrize("encoding, expected", [
    (pikepdf.Name("/UniJIS-UCS2-H"), {"pdf.7.21.3.1-t01"}),  # a Japan1 CMap with an Identity CIDFont
    (pikepdf.Name("/Custom-H"), {"pdf.7.21.3.3-t01", "pdf.7.21.3.1-t01"}),
])
def test_cmaps_of_composite_fonts(tmp_path, encoding, expected):
    doc = TaggedPdf()
    cid_font(doc, doc.pdf.make_stream(tiny_font()), encoding=encoding)
    _show_cids(doc, "Hi")
    assert expected <= errors(doc, tmp_path)


def _embedded_cmap(doc: TaggedPdf, wmode: int = 0, usecmap: str = "", dict_wmode: int = 0,
                   ordering: str = "Identity") -> pikepdf.Stream:
    program = (f"/CIDInit /ProcSet findresource begin 12 dict begin begincmap {usecmap} /CMapName /Tiny-H def "
               f"/WMode {wmode} def 1 begincodespacerange <0000> <FFFF> endcodespacerange "
               f"1 begincidrange <0000> <FFFF> 0 endcidrange endcmap CMapName currentdict /CMap defineresource pop end end")
    return doc.pdf.make_stream(program.encode(), Type=pikepdf.Name.CMap, CMapName=pikepdf.Name("/Tiny-H"), WMode=dict_wmode,
                               CIDSystemInfo=pikepdf.Dictionary(Registry=pikepdf.String("Adobe"),
                                                                Ordering=pikepdf.String(ordering), Supplement=0))


@pytest.mark.parametrize("options, expected", [
    ({}, set()),
    ({"wmode": 1}, {"pdf.7.21.3.3-t02"}),
    ({"usecmap": "/Other-H usecmap"}, {"pdf.7.21.3.3-t03"}),
    ({"usecmap": "/Identity-H usecmap"}, set()),
    ({"ordering": "Japan1"}, {"pdf.7.21.3.1-t01"}),
])
def test_embedded_cmaps(tmp_path, options, expected):
    doc = TaggedPdf()
    cid_font(doc, doc.pdf.make_stream(tiny_font()), encoding=_embedded_cmap(doc, **options))
    _show_cids(doc, "Hello")
    assert errors(doc, tmp_path) == expected


def _type1_simple(doc: TaggedPdf, program: pikepdf.Stream, key: str, charset: str | None, name: str,
                  widths: list[float], first: int = 32) -> pikepdf.Dictionary:
    descriptor = pikepdf.Dictionary(Type=pikepdf.Name.FontDescriptor, FontName=pikepdf.Name("/" + name), Flags=32,
                                    FontBBox=[0, -200, 1000, 800], ItalicAngle=0, Ascent=800, Descent=-200,
                                    CapHeight=600, StemV=80)
    descriptor[key] = program
    if charset is not None:
        descriptor.CharSet = pikepdf.String(charset)
    font = doc.pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1,
                                                    BaseFont=pikepdf.Name("/" + name), FirstChar=first,
                                                    LastChar=first + len(widths) - 1, Widths=widths,
                                                    Encoding=pikepdf.Name.WinAnsiEncoding, FontDescriptor=descriptor))
    doc.page.Resources.Font.F2 = font
    return font


@pytest.mark.parametrize("charset, expected", [
    (None, set()),
    ("all", set()),
    ("missing", {"pdf.7.21.4.2-t01"}),
    ("extra", {"pdf.7.21.4.2-t01"}),
])
def test_a_cff_subset_lists_its_glyphs_in_charset(tmp_path, charset, expected):
    from pdfua_fixtures import glyph_name

    doc = TaggedPdf()
    names = [glyph_name(c) for c in CHARS]
    listed = {None: None, "all": names, "missing": names[1:], "extra": names + ["Euro"]}[charset]
    program = doc.pdf.make_stream(cff_table(tiny_font(cff=True)), Subtype=pikepdf.Name.Type1C)
    _type1_simple(doc, program, "/FontFile3", "".join("/" + n for n in listed) if listed else None, "ABCDEF+Tiny",
                  [advance(chr(c)) if chr(c) in CHARS else 0 for c in range(32, 127)])
    doc.text(doc.element("P"), "Hello", font="/F2")
    assert errors(doc, tmp_path) == expected


def _pfb_program(doc: TaggedPdf) -> tuple[pikepdf.Stream, list[str], dict[str, float]]:
    """A Type 1 program (FontFile) from a PFB font that ships with ReportLab."""
    import reportlab
    from fontTools import t1Lib
    from fontTools.pens.basePen import NullPen

    path = min(glob.glob(reportlab.__path__[0] + "/fonts/_a______.pfb"))
    data = Path(path).read_bytes()
    segments, i = [], 0
    while i < len(data) and data[i + 1] != 3:
        size = struct.unpack("<I", data[i + 2:i + 6])[0]
        segments.append(data[i + 6:i + 6 + size])
        i += 6 + size
    program = doc.pdf.make_stream(b"".join(segments), Length1=len(segments[0]), Length2=len(segments[1]),
                                  Length3=len(segments[2]))
    font = t1Lib.T1Font.__new__(t1Lib.T1Font)
    font.data, font.encoding = b"".join(segments), "ascii"
    font.parse()
    widths = {}
    for name, charstring in font["CharStrings"].items():
        charstring.draw(NullPen())
        widths[name] = charstring.width
    return program, sorted(font["CharStrings"].keys()), widths


def test_an_embedded_type1_program(tmp_path):
    from reportlab.pdfbase._fontdata import encodings

    doc = TaggedPdf()
    program, names, widths = _pfb_program(doc)
    win = encodings["WinAnsiEncoding"]
    font = _type1_simple(doc, program, "/FontFile", "".join("/" + n for n in names), "ABCDEF+Avant",
                         [widths.get(win[c] or "", 0) for c in range(32, 127)])
    doc.text(doc.element("P"), "Hello", font="/F2")
    clean(doc, tmp_path)
    font.FontDescriptor.CharSet = pikepdf.String("".join("/" + n for n in names if n != "H"))
    assert errors(doc, tmp_path, "b.pdf") == {"pdf.7.21.4.2-t01"}
    font.FontDescriptor.CharSet = pikepdf.String("".join("/" + n for n in names))
    font.Widths[ord("e") - 32] = widths["e"] + 50
    assert errors(doc, tmp_path, "c.pdf") == {"pdf.7.21.5-t01"}


def _type3(doc: TaggedPdf, names: dict[int, str], procs: dict[str, bytes], widths: dict[int, float],
           tounicode: bool = False) -> pikepdf.Dictionary:
    first, last = min(names), max(names)
    differences: list = [first]
    for code in range(first, last + 1):
        differences.append(pikepdf.Name("/" + names.get(code, "space")))
    font = doc.pdf.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type3, FontBBox=[0, 0, 1000, 1000],
        FontMatrix=[0.001, 0, 0, 0.001, 0, 0], FirstChar=first, LastChar=last,
        Widths=[widths.get(c, 0) for c in range(first, last + 1)],
        Encoding=pikepdf.Dictionary(Type=pikepdf.Name.Encoding, Differences=differences),
        CharProcs=pikepdf.Dictionary({"/" + n: doc.pdf.make_stream(p) for n, p in procs.items()}),
        Resources=pikepdf.Dictionary()))
    if tounicode:
        font.ToUnicode = doc.pdf.make_stream(_tounicode({c: "x" for c in names}))
    doc.page.Resources.Font.F3 = font
    return font


def test_type3_fonts(tmp_path):
    square = b"600 0 0 0 600 600 d1 0 0 600 600 re f"
    doc = TaggedPdf()
    _type3(doc, {65: "A", 66: "B"}, {"A": square, "B": square}, {65: 600, 66: 600})
    doc.text(doc.element("P"), "AB", font="/F3")
    clean(doc, tmp_path)
    doc = TaggedPdf()
    _type3(doc, {65: "A", 66: "B"}, {"A": square}, {65: 600, 66: 600})  # no glyph procedure for B
    doc.text(doc.element("P"), "AB", font="/F3")
    assert errors(doc, tmp_path, "b.pdf") == {"pdf.7.21.4.1-t02"}
    doc = TaggedPdf()
    _type3(doc, {65: "g1", 66: "g2"}, {"g1": square, "g2": square}, {65: 600, 66: 500})
    doc.text(doc.element("P"), "AB", font="/F3")
    assert errors(doc, tmp_path, "c.pdf") == {"pdf.7.21.7-t01", "pdf.7.21.5-t01"}
    doc = TaggedPdf()
    _type3(doc, {65: "g1", 66: "g2"}, {"g1": square, "g2": square}, {65: 600, 66: 600}, tounicode=True)
    doc.text(doc.element("P"), "AB", font="/F3")
    clean(doc, tmp_path)


def test_our_tiny_fonts_cover_what_the_tests_show():
    assert all(c in CHARS for c in "Hello world")


# ------------------------------------------------------------------ more of the profile, rule by rule


def test_a_form_field_tooltip_takes_the_language_of_its_structure_parent(tmp_path):
    doc = TaggedPdf(lang=None)
    doc.document.Lang = pikepdf.String("en")
    doc.paragraph()
    form = doc.element("Form", Lang=pikepdf.String("en"))
    widget = doc.annotation("Widget", form, FT=pikepdf.Name.Tx, T=pikepdf.String("name"),
                            TU=pikepdf.String("Your name"))
    doc.pdf.Root.AcroForm = pikepdf.Dictionary(Fields=[widget])
    clean(doc, tmp_path)
    del form.Lang
    assert errors(doc, tmp_path, "b.pdf") == {"pdf.7.2-t25"}


def test_a_widget_appearance_belongs_to_its_form_element(tmp_path):
    doc = TaggedPdf()
    doc.paragraph()
    form = doc.element("Form")
    appearance = doc.pdf.make_stream(b"/Tx BMC BT /F1 10 Tf 2 4 Td (Ann) Tj ET EMC", Type=pikepdf.Name.XObject,
                                     Subtype=pikepdf.Name.Form, BBox=[0, 0, 128, 20],
                                     Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=doc.font)))
    widget = doc.annotation("Widget", form, FT=pikepdf.Name.Tx, T=pikepdf.String("name"),
                            TU=pikepdf.String("Your name"), V=pikepdf.String("Ann"),
                            AP=pikepdf.Dictionary(N=appearance))
    doc.pdf.Root.AcroForm = pikepdf.Dictionary(Fields=[widget])
    clean(doc, tmp_path)


def test_a_link_outside_the_crop_box_is_exempt(tmp_path):
    doc = TaggedPdf()
    doc.paragraph()
    doc.annotation("Link", None, Rect=[620, 10, 700, 30])
    clean(doc, tmp_path)


@pytest.mark.parametrize("build, expected", [
    (lambda doc: [doc.text(doc.element("TOCI", doc.element("TOC")), "entry")], set()),
    (lambda doc: [doc.text(doc.element("TOCI"), "stray entry")], {"pdf.7.2-t26"}),
    (lambda doc: [doc.paragraph("in a TOC", parent=doc.element("TOC"))], {"pdf.7.2-t27"}),
    (lambda doc: [(toc := doc.element("TOC")), doc.text(doc.element("TOCI", toc), "entry"),
                  doc.text(doc.element("Caption", toc), "late caption")], {"pdf.7.2-t28"}),
])
def test_tables_of_contents(tmp_path, build, expected):
    doc = TaggedPdf()
    build(doc)
    assert errors(doc, tmp_path) == expected


def test_table_parts(tmp_path):
    doc = TaggedPdf()
    element = doc.element("Table")
    for group, kind in (("THead", "TH"), ("TBody", "TD"), ("TFoot", "TD")):
        part = doc.element(group, element)
        row = doc.element("TR", part)
        cell = doc.element(kind, row, A=pikepdf.Dictionary(O=pikepdf.Name.Table, Scope=pikepdf.Name.Column))
        doc.text(cell, group)
    clean(doc, tmp_path)
    doc = TaggedPdf()
    element = doc.element("Table")
    for group in ("THead", "THead", "TFoot", "TFoot"):
        row = doc.element("TR", doc.element(group, element))
        doc.text(doc.element("TD", row), group)
    doc.text(doc.element("TD", doc.element("TR")), "cell in a row outside a table")
    doc.paragraph("a paragraph in a table body", parent=doc.element("TBody", element))
    found = errors(doc, tmp_path, "b.pdf")
    assert {"pdf.7.2-t11", "pdf.7.2-t12", "pdf.7.2-t04", "pdf.7.2-t37"} <= found


def test_document_level_entries(tmp_path):
    doc = TaggedPdf(title=None)
    doc.paragraph()
    assert errors(doc, tmp_path) == {"pdf.7.1-t09"}
    doc = TaggedPdf()
    doc.paragraph()
    del doc.pdf.Root.Metadata.Subtype
    doc.pdf.Root.MarkInfo.Marked = False
    del doc.pdf.Root.ViewerPreferences
    assert errors(doc, tmp_path, "b.pdf") == {"pdf.7.1-t08", "pdf.6.2-t01", "pdf.7.1-t10"}


def test_an_untagged_pdf_has_no_structure_tree(tmp_path):
    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.save(tmp_path / "blank.pdf")
    assert {"pdf.7.1-t11", "pdf.6.2-t01", "pdf.7.1-t08"} <= {f.rule for f in audit(tmp_path / "blank.pdf")}


def test_cidfonttype2_with_a_cid_to_gid_map_and_cidset(tmp_path):
    """CIDs 1.. map to glyphs in reverse order; the CIDSet lists the CIDs the map gives a glyph."""
    doc = TaggedPdf()
    count = len(CHARS)
    table = b"\x00\x00" + b"".join(struct.pack(">H", count - i) for i in range(count))  # CID i+1 -> GID count-i
    font = cid_font(doc, doc.pdf.make_stream(tiny_font()), cid_to_gid=doc.pdf.make_stream(table),
                    cidset=_bits(range(count + 1)),
                    widths=[1, [advance(CHARS[count - 1 - i]) for i in range(count)]])
    mapping = {i + 1: CHARS[count - 1 - i] for i in range(count)}
    font.ToUnicode = doc.pdf.make_stream(_tounicode(mapping, 2))
    _show_cids(doc, "abc")  # codes of a, b, c: glyphs of other characters, widths to match
    clean(doc, tmp_path)
    font.DescendantFonts[0].FontDescriptor.CIDSet = doc.pdf.make_stream(_bits(range(count + 3)))
    assert errors(doc, tmp_path, "b.pdf") == {"pdf.7.21.4.2-t02"}


def test_a_reference_xobject_that_is_never_drawn_is_still_caught(tmp_path):
    doc = TaggedPdf()
    doc.paragraph()
    _form(doc, b"", Ref=pikepdf.Dictionary(F=pikepdf.String("other.pdf"), Page=0))
    assert errors(doc, tmp_path) == {"pdf.7.20-t01"}


def test_a_span_no_table_could_have_is_a_finding_not_a_hang(tmp_path):
    doc = TaggedPdf()
    table(doc, [["TH", "TH"], ["TD", "TD"]], scopes={(0, 0): "Column", (0, 1): "Column"},
          spans={(0, 0): {"/ColSpan": 2_000_000_000}})
    assert errors(doc, tmp_path) == {"pdf.7.2-t42"}
