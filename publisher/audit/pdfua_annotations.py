"""PDF/UA-1 clause 7.18, annotations: each visible annotation is tagged in the right structure
element (Annot, Form, Link; a PrinterMark is not tagged), has an alternate description, pages
with annotations tab in structure order, and media clips describe their content.

An annotation's structure parent is found through its /StructParent in the ParentTree. A
hidden annotation (flag bit 2) or one outside the crop box is exempt where the profile says so.
"""
from __future__ import annotations

from collections.abc import Iterator

import pikepdf

from publisher.audit.pdf_document import Annotation, PdfDocument, name_of, text_of
from publisher.audit.pdfua_rules import Hit, implements

ACTION_DEPTH = 16


def _parent_types(doc: PdfDocument, annotation: Annotation) -> tuple[str | None, str | None]:
    parent = annotation.parent
    if parent is None:
        return None, None
    return name_of(parent.get("/S")), doc.standard_of(parent)


def _alt(annotation: Annotation) -> str:
    return (text_of(annotation.parent.get("/Alt")) or "") if annotation.parent is not None else ""


def _field_tu(widget: pikepdf.Dictionary) -> str:
    """The TU of the field a widget belongs to (the widget itself, or up its /Parent chain)."""
    node: object = widget
    for _ in range(ACTION_DEPTH * 4):
        if not isinstance(node, pikepdf.Dictionary):
            break
        if "/TU" in node:
            return text_of(node.get("/TU")) or ""
        node = node.get("/Parent")
    return ""


@implements("7.18.1-t01", "7.18.1-t02", "7.18.1-t03", "7.18.2-t01", "7.18.4-t01", "7.18.5-t01",
            "7.18.5-t02", "7.18.8-t01")
def annotation_rules(doc: PdfDocument) -> Iterator[Hit]:
    for annotation in doc.annotations:
        if annotation.exempt:
            continue
        subtype = annotation.subtype
        s_type, s_standard = _parent_types(doc, annotation)
        contents = text_of(annotation.obj.get("/Contents")) or ""
        if subtype not in ("Widget", "PrinterMark", "Link") and s_standard != "Annot":
            yield Hit("7.18.1-t01", annotation.where, (subtype, s_type, s_standard))
        if subtype != "Widget" and not contents and not _alt(annotation):
            yield Hit("7.18.1-t02", annotation.where, (subtype,))
        if subtype == "Widget":
            if not _field_tu(annotation.obj) and not _alt(annotation):
                yield Hit("7.18.1-t03", annotation.where)
            if s_standard != "Form":
                yield Hit("7.18.4-t01", annotation.where, (s_type, s_standard))
        if subtype == "TrapNet":
            yield Hit("7.18.2-t01", annotation.where)
        if subtype == "Link":
            if s_standard != "Link":
                yield Hit("7.18.5-t01", annotation.where, (s_type, s_standard))
            if not contents:
                yield Hit("7.18.5-t02", annotation.where)
        if subtype == "PrinterMark" and s_type is not None:
            yield Hit("7.18.8-t01", annotation.where)


@implements("7.18.3-t01")
def tab_order(doc: PdfDocument) -> Iterator[Hit]:
    for index, page in enumerate(doc.pdf.pages):
        annots = page.obj.get("/Annots")
        tabs = page.obj.get("/Tabs")
        if isinstance(annots, pikepdf.Array) and len(annots) and not (isinstance(tabs, pikepdf.Name) and tabs == "/S"):
            shown = name_of(tabs) or (f"({tabs}), a string not a name," if isinstance(tabs, pikepdf.String) else None)
            yield Hit("7.18.3-t01", f"page {index + 1}", (shown,))


@implements("7.18.4-t02")
def form_elements(doc: PdfDocument) -> Iterator[Hit]:
    """A Form element without a Role attribute holds exactly one thing: its widget's OBJR."""
    for element in doc.elements:
        if element.standard != "Form":
            continue
        attributes = element.obj.get("/A")
        items = list(attributes) if isinstance(attributes, pikepdf.Array) else [attributes]
        if any(isinstance(a, pikepdf.Dictionary) and a.get("/O") == "/PrintField"
               and isinstance(a.get("/Role"), pikepdf.Name) for a in items):
            continue
        value = element.obj.get("/K")
        kids = list(value) if isinstance(value, pikepdf.Array) else ([] if value is None else [value])
        if len(kids) == 1 and isinstance(kids[0], pikepdf.Dictionary) and kids[0].get("/Type") == "/OBJR":
            target = kids[0].get("/Obj")
            if isinstance(target, pikepdf.Dictionary) and target.get("/Subtype") == "/Widget":
                continue
        yield Hit("7.18.4-t02", doc.where(element))


def _actions(doc: PdfDocument) -> Iterator[tuple[str, pikepdf.Dictionary]]:
    """Every action of the document with where it is triggered, /Next chains followed."""
    starts: list[tuple[str, object]] = [("document open action", doc.catalog.get("/OpenAction"))]
    additional = doc.catalog.get("/AA")
    if isinstance(additional, pikepdf.Dictionary):
        starts += [("document action", a) for a in additional.values()]
    for index, page in enumerate(doc.pdf.pages):
        page_actions = page.obj.get("/AA")
        if isinstance(page_actions, pikepdf.Dictionary):
            starts += [(f"page {index + 1} action", a) for a in page_actions.values()]
    for annotation in doc.annotations:
        starts.append((annotation.where, annotation.obj.get("/A")))
        triggers = annotation.obj.get("/AA")
        if isinstance(triggers, pikepdf.Dictionary):
            starts += [(annotation.where, a) for a in triggers.values()]
    for item in doc.outline_items():
        starts.append(("outline entry", item.get("/A")))
    seen: set[tuple] = set()
    while starts:
        where, action = starts.pop()
        if isinstance(action, pikepdf.Array):
            starts += [(where, a) for a in action]
            continue
        if not isinstance(action, pikepdf.Dictionary) or "/S" not in action:
            continue
        key = action.objgen if action.is_indirect else ("direct", id(action))
        if key in seen or len(seen) > 10_000:
            continue
        seen.add(key)
        yield where, action
        starts.append((where, action.get("/Next")))


def _media_clips(rendition: object, depth: int = 0) -> Iterator[pikepdf.Dictionary]:
    """The media clip data dictionaries a rendition plays (media and selector renditions)."""
    if depth > ACTION_DEPTH or not isinstance(rendition, pikepdf.Dictionary):
        return
    if rendition.get("/S") == "/SR":
        choices = rendition.get("/R")
        for choice in choices if isinstance(choices, pikepdf.Array) else []:
            yield from _media_clips(choice, depth + 1)
        return
    clip = rendition.get("/C")
    for _ in range(ACTION_DEPTH):
        if not isinstance(clip, pikepdf.Dictionary):
            return
        if clip.get("/S") == "/MCS":  # a media clip section: the data it is a section of
            clip = clip.get("/D")
            continue
        yield clip
        return


def _correct_alt(value: object) -> bool:
    """A multi-language text array: pairs of language and text, every text non-empty."""
    if not isinstance(value, pikepdf.Array) or len(value) % 2:
        return False
    return all(isinstance(v, pikepdf.String) and (i % 2 == 0 or str(v)) for i, v in enumerate(value))


@implements("7.18.6.2-t01", "7.18.6.2-t02")
def media_clips(doc: PdfDocument) -> Iterator[Hit]:
    seen: set[tuple] = set()
    for where, action in _actions(doc):
        if action.get("/S") != "/Rendition":
            continue
        for clip in _media_clips(action.get("/R")):
            key = clip.objgen if clip.is_indirect else ("direct", id(clip))
            if key in seen:
                continue
            seen.add(key)
            if "/CT" not in clip:
                yield Hit("7.18.6.2-t01", f"{where}, media clip")
            if not _correct_alt(clip.get("/Alt")):
                yield Hit("7.18.6.2-t02", f"{where}, media clip", (clip.get("/Alt"),))
