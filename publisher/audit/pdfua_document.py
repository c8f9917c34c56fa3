"""PDF/UA-1 rules on the document as a whole: identification (5), file header and MarkInfo (6),
tagging, metadata and content marking (7.1), optional content (7.10), embedded files (7.11),
XFA (7.15), security (7.16) and XObjects (7.20)."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator

import pikepdf

from publisher.audit import xmp
from publisher.audit.pdf_content import object_key
from publisher.audit.pdf_document import PdfDocument, text_of
from publisher.audit.pdfua_rules import Hit, implements

HEADER = re.compile(rb"%PDF-[0-9]+\.[0-9]+")
PDF_1_X = re.compile(r"^%PDF-1\.[0-7]$")
OBJECT_WALK_LIMIT = 200_000


@implements("5-t01", "5-t02", "5-t03", "5-t04", "5-t05", "7.1-t09")
def identification(doc: PdfDocument) -> Iterator[Hit]:
    """The XMP main package: the PDF/UA identification schema and dc:title."""
    properties = doc.xmp
    if properties is None:
        return  # no metadata stream: 7.1-t08 says so; the package's rules have no object
    if isinstance(properties, xmp.XmpError):
        yield Hit("5-t01", "XMP metadata", ())
        return
    ours = [p for p in properties if p.uri == xmp.PDFUAID]
    if not ours:
        yield Hit("5-t01", "XMP metadata")
    else:
        part = next((p for p in ours if p.name == "part"), None)
        if part is None or part.value.strip() != "1":
            yield Hit("5-t02", "XMP metadata", (part.value.strip() if part is not None else None,))
        for rule, name in (("5-t03", "part"), ("5-t04", "amd"), ("5-t05", "corr")):
            for prop in ours:
                if prop.name == name and prop.prefix != "pdfuaid":
                    yield Hit(rule, "XMP metadata", (prop.prefix or "(none)",))
    if not any(p.uri == xmp.DC and p.name == "title" for p in properties):
        yield Hit("7.1-t09", "XMP metadata")


def _file_header(doc: PdfDocument) -> str | None:
    if doc.path is None:
        return None
    try:
        with open(doc.path, "rb") as handle:
            start = handle.read(1024)
    except OSError:
        return None
    found = HEADER.search(start)
    return found.group().decode("ascii") if found else ""


@implements("6.1-t01", "6.2-t01", "7.1-t04", "7.1-t08", "7.1-t10", "7.1-t11")
def catalog(doc: PdfDocument) -> Iterator[Hit]:
    header = _file_header(doc)
    if header is not None and not PDF_1_X.match(header):
        yield Hit("6.1-t01", "file header", (header or "(none)",))
    mark_info = doc.catalog.get("/MarkInfo")
    marked = mark_info.get("/Marked") if isinstance(mark_info, pikepdf.Dictionary) else None
    if marked is not True:
        yield Hit("6.2-t01", "document catalog", ("present" if mark_info is not None else None, marked))
    if isinstance(mark_info, pikepdf.Dictionary) and mark_info.get("/Suspects") is True:
        yield Hit("7.1-t04", "document catalog")
    metadata = doc.metadata
    if metadata is None or metadata.get("/Type") != "/Metadata" or metadata.get("/Subtype") != "/XML":
        yield Hit("7.1-t08", "document catalog")
    prefs = doc.catalog.get("/ViewerPreferences")
    shown = prefs.get("/DisplayDocTitle") if isinstance(prefs, pikepdf.Dictionary) else None
    if shown is not True:
        yield Hit("7.1-t10", "document catalog", ("present" if prefs is not None else None, shown))
    if doc.struct_root is None:
        yield Hit("7.1-t11", "document catalog")


@implements("7.1-t01", "7.1-t02", "7.1-t03")
def content_marking(doc: PdfDocument) -> Iterator[Hit]:
    """Every content item is tagged content or an artifact, never both (ISO 32000-1, 14.8.2.2)."""
    facts = doc.content
    for where in facts.artifact_in_tagged:
        yield Hit("7.1-t01", where, ("",))
    for where in facts.tagged_in_artifact:
        yield Hit("7.1-t02", where, ("",))
    for where, operators in facts.untagged.items():
        listed = ", ".join(f"{op} x{count}" for op, count in sorted(operators.items()))
        yield Hit("7.1-t03", f"{where} ({listed})")


@implements("7.10-t01", "7.10-t02")
def optional_content(doc: PdfDocument) -> Iterator[Hit]:
    properties = doc.catalog.get("/OCProperties")
    if not isinstance(properties, pikepdf.Dictionary):
        return
    configs = [properties.get("/D")]
    extra = properties.get("/Configs")
    if isinstance(extra, pikepdf.Array):
        configs += list(extra)
    for index, config in enumerate(configs):
        if not isinstance(config, pikepdf.Dictionary):
            continue
        where = "optional content, default configuration" if index == 0 else f"optional content, configuration {index}"
        name = config.get("/Name")
        if not isinstance(name, pikepdf.String) or not str(name):
            yield Hit("7.10-t01", where)
        if "/AS" in config:
            yield Hit("7.10-t02", where)


def _all_dictionaries(doc: PdfDocument) -> Iterator[pikepdf.Dictionary]:
    """Every dictionary of the file: each indirect object and the direct objects inside it."""
    count = 0
    for obj in doc.pdf.objects:
        stack = [obj]
        while stack:
            item = stack.pop()
            count += 1
            if count > OBJECT_WALK_LIMIT:
                return
            if isinstance(item, pikepdf.Dictionary):
                yield item
                stack.extend(v for v in item.values() if isinstance(v, (pikepdf.Dictionary, pikepdf.Array))
                             and not v.is_indirect)
            elif isinstance(item, pikepdf.Array):
                stack.extend(v for v in item if isinstance(v, (pikepdf.Dictionary, pikepdf.Array))
                             and not v.is_indirect)


@implements("7.11-t01", limits={"7.11-t01": f"in a file of more than {OBJECT_WALK_LIMIT:,} objects, "
                                             f"file specifications past the first {OBJECT_WALK_LIMIT:,} are not read"})
def embedded_files(doc: PdfDocument) -> Iterator[Hit]:
    for spec in _all_dictionaries(doc):
        if "/EF" not in spec or isinstance(spec, pikepdf.Stream):
            continue
        f, uf = text_of(spec.get("/F")), text_of(spec.get("/UF"))
        if not f or not uf:
            label = f or uf or "unnamed"
            yield Hit("7.11-t01", f"file specification '{label}'", (f, uf))


def _xfa_dynamic_render(form: pikepdf.Dictionary) -> str | None:
    """The XFA configuration's acrobat/acrobat7/dynamicRender value."""
    xfa = form.get("/XFA")
    if isinstance(xfa, pikepdf.Array):
        items = list(xfa)
        xfa = next((items[i + 1] for i in range(len(items) - 1)
                    if isinstance(items[i], pikepdf.String) and str(items[i]) == "config"), None)
    if not isinstance(xfa, pikepdf.Stream):
        return None
    try:
        data = xfa.read_bytes()
    except pikepdf.PdfError:
        return None
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        return None
    try:
        root = ET.fromstring(data)
    except ET.ParseError:
        return None
    for element in root.iter():
        if element.tag.rsplit("}", 1)[-1] == "dynamicRender":
            return (element.text or "").strip()
    return None


@implements("7.15-t01")
def xfa(doc: PdfDocument) -> Iterator[Hit]:
    form = doc.catalog.get("/AcroForm")
    if isinstance(form, pikepdf.Dictionary) and "/XFA" in form and (
            _xfa_dynamic_render(form) == "required" or doc.catalog.get("/NeedsRendering") is True):
        yield Hit("7.15-t01", "interactive form (XFA)")


@implements("7.16-t01")
def security(doc: PdfDocument) -> Iterator[Hit]:
    """An encrypted file lets assistive technology extract its content (P bit 10)."""
    if not doc.pdf.is_encrypted:
        return
    permissions = doc.pdf.encryption.P
    if permissions is None or not int(permissions) & 512:
        bit = (int(permissions) & 512) >> 9 if permissions is not None else None
        yield Hit("7.16-t01", "encryption dictionary", (permissions, bit))


@implements("7.20-t01", "7.20-t02")
def xobjects(doc: PdfDocument) -> Iterator[Hit]:
    """No reference XObject anywhere in the file; a form holding tagged content is drawn once."""
    drawn = doc.content.forms
    for use in drawn.values():
        if "/Ref" in use.form:
            yield Hit("7.20-t01", f"{use.where}, form XObject")
        if use.uses > 1 and ("/StructParents" in use.form or use.has_mcids):
            yield Hit("7.20-t02", f"{use.where}, form XObject drawn {use.uses} times")
    for obj in doc.pdf.objects:
        if (isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == "/Form" and "/Ref" in obj
                and object_key(obj) not in drawn):
            yield Hit("7.20-t01", f"form XObject {obj.objgen[0]} {obj.objgen[1]} R (not drawn)")
