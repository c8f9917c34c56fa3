"""PDF/UA-1 clause 7.2, natural language: it can be determined for every text an assistive
technology reads, from the marked content, the structure element (or its ancestors) or the
catalog (``gContainsCatalogLang``), and every /Lang is a language tag (RFC 3066)."""
from __future__ import annotations

import re
from collections.abc import Iterator

import pikepdf

from publisher.audit.pdf_document import PdfDocument, text_of
from publisher.audit.pdfua_rules import Hit, implements

LANGUAGE_TAG = re.compile(r"^[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*$")
SPAN_RULES = {"ActualText": "7.2-t30", "Alt": "7.2-t31", "E": "7.2-t32"}


@implements("7.2-t02")
def outlines(doc: PdfDocument) -> Iterator[Hit]:
    if doc.catalog_lang:
        return
    count = sum(1 for _ in doc.outline_items())
    if count:
        yield Hit("7.2-t02", f"outlines ({count} entries)")


@implements("7.2-t21", "7.2-t22", "7.2-t23")
def element_texts(doc: PdfDocument) -> Iterator[Hit]:
    """ActualText, Alt and E of structure elements: their language is the element's, an
    ancestor's or the catalog's."""
    if doc.catalog_lang:
        return
    for element in doc.elements:
        for key, rule in (("/ActualText", "7.2-t21"), ("/Alt", "7.2-t22"), ("/E", "7.2-t23")):
            if isinstance(element.obj.get(key), pikepdf.String) and doc.element_lang(element.obj) is None:
                yield Hit(rule, doc.where(element))


@implements("7.2-t24", "7.2-t25")
def annotation_texts(doc: PdfDocument) -> Iterator[Hit]:
    """An annotation's Contents and a form field's TU take the language of their structure parent."""
    if doc.catalog_lang:
        return
    for annotation in doc.annotations:
        if "/Contents" in annotation.obj:
            parent = annotation.parent
            if parent is None or text_of(parent.get("/Lang")) is None:
                yield Hit("7.2-t24", annotation.where)
    for field in doc.form_fields():
        if "/TU" not in field:
            continue
        key = field.get("/StructParent")
        parent = doc.object_element(int(key)) if isinstance(key, int) else None
        if parent is None or text_of(parent.get("/Lang")) is None:
            label = text_of(field.get("/T")) or "unnamed"
            yield Hit("7.2-t25", f"form field '{label}'")


@implements("7.2-t29")
def language_tags(doc: PdfDocument) -> Iterator[Hit]:
    catalog = text_of(doc.catalog.get("/Lang"))
    if catalog is not None and not LANGUAGE_TAG.match(catalog):
        yield Hit("7.2-t29", "document catalog", (catalog,))
    for element in doc.elements:
        value = text_of(element.obj.get("/Lang"))
        if value is not None and not LANGUAGE_TAG.match(value):
            yield Hit("7.2-t29", doc.where(element), (value,))
    for where, value in doc.content.langs:
        if not LANGUAGE_TAG.match(value):
            yield Hit("7.2-t29", f"{where}, marked content", (value,))


@implements("7.2-t30", "7.2-t31", "7.2-t32")
def span_texts(doc: PdfDocument) -> Iterator[Hit]:
    if doc.catalog_lang:
        return
    for where, key, determined in doc.content.span_alternates:
        if not determined:
            yield Hit(SPAN_RULES[key], f"{where}, Span marked content")


@implements("7.2-t33")
def metadata_texts(doc: PdfDocument) -> Iterator[Hit]:
    """A language alternative of the XMP holding only x-default: its language is the catalog's."""
    properties = doc.xmp
    if doc.catalog_lang or not isinstance(properties, list):
        return
    for prop in properties:
        items = prop.language_alternative()
        if items is not None and len(items) == 1 and items[0].lang() == "x-default":
            yield Hit("7.2-t33", f"XMP metadata, {prop.prefix or 'property'}:{prop.name}")


@implements("7.2-t34")
def content_texts(doc: PdfDocument) -> Iterator[Hit]:
    if doc.catalog_lang:
        return
    for where, count in doc.content.text_without_lang.items():
        yield Hit("7.2-t34", f"{where} ({count} text items)")

