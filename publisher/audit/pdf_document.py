"""One PDF as the PDF/UA-1 rules see it: the objects the rules are written over.

veraPDF's profile states each rule over an object of its model (``PDStructElem``, ``SETable``,
``PDAnnot``, ``SEMarkedContent``, ``Glyph``...). :class:`PdfDocument` gives the same objects,
read from the file with pikepdf and computed once, lazily:

- the structure tree in document order, each element with its structure type, the standard type
  it maps to through the role map (ISO 32000-1, 14.8.4), its parent (``/P``) and its kids;
- the ParentTree, to find the structure element of an MCID or of an annotation's StructParent;
- the annotations of every page with their crop box and structure parent;
- the content of every page and annotation appearance (:mod:`publisher.audit.pdf_content`);
- the XMP metadata (:mod:`publisher.audit.xmp`), the outlines, the form fields.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import TypeGuard

import pikepdf

from publisher.audit import xmp
from publisher.audit.pdf_content import ContentFacts, ContentWalker, Context, object_key

#: ISO 32000-1, 14.8.4: the standard structure types of PDF 1.7.
STANDARD_TYPES = frozenset((
    "Document Part Art Sect Div BlockQuote Caption TOC TOCI Index NonStruct Private P H H1 H2 H3 H4 H5 H6 "
    "L LI Lbl LBody Table TR TH TD THead TBody TFoot Span Quote Note Reference BibEntry Code Link Annot "
    "Ruby RB RT RP Warichu WT WP Figure Formula Form"
).split())
TREE_DEPTH = 64  #: number trees and /P chains deeper than this are not followed
OUTLINE_LIMIT = 100_000


def name_of(value: object) -> str | None:
    return str(value)[1:] if isinstance(value, pikepdf.Name) else None


def text_of(value: object) -> str | None:
    return str(value) if isinstance(value, pikepdf.String) else None


def number_tree(node: object, depth: int = 0, out: dict[int, pikepdf.Object] | None = None) -> dict[int, pikepdf.Object]:
    """Every key -> value of a number tree (ISO 32000-1, 7.9.7)."""
    out = {} if out is None else out
    if depth > TREE_DEPTH or not isinstance(node, pikepdf.Dictionary):
        return out
    nums = node.get("/Nums")
    if isinstance(nums, pikepdf.Array):
        for i in range(0, len(nums) - 1, 2):
            if isinstance(nums[i], int):
                out[int(nums[i])] = nums[i + 1]
    kids = node.get("/Kids")
    if isinstance(kids, pikepdf.Array):
        for kid in kids:
            number_tree(kid, depth + 1, out)
    return out


class RoleMap:
    """The structure tree root's role map, resolved as veraPDF resolves it for PDF/UA-1."""

    def __init__(self, mapping: dict[str, str]):
        self.mapping = mapping

    def standard(self, structure_type: str | None) -> str | None:
        """The standard type ``structure_type`` stands for; None if the mapping never reaches one.

        A standard type that is itself role mapped is followed through the map (7.1-t07 flags it)."""
        if structure_type is None:
            return None
        visited = {structure_type}
        target = self.mapping.get(structure_type)
        if (target is None or target in visited) and structure_type in STANDARD_TYPES:
            return structure_type
        while target is not None and target not in visited:
            if target in STANDARD_TYPES:
                return target
            visited.add(target)
            target = self.mapping.get(target)
        return None

    def circular(self, structure_type: str | None) -> bool:
        if structure_type is None:
            return False
        visited = {structure_type}
        target = self.mapping.get(structure_type)
        while target is not None:
            if target in visited:
                return True
            visited.add(target)
            target = self.mapping.get(target)
        return False


@dataclass(eq=False)
class Element:
    """A structure element (``PDStructElem``)."""

    obj: pikepdf.Dictionary
    type: str | None  #: its /S
    standard: str | None  #: the standard type it maps to
    index: int  #: its place in document order
    kids: list[Element] = field(default_factory=list)
    parent: Element | None = None  #: the element whose /K holds it (None: the tree root)


@dataclass(eq=False)
class Annotation:
    obj: pikepdf.Dictionary
    subtype: str | None
    page: int
    where: str
    hidden: bool  #: flag bit 2 (Hidden) set
    outside: bool  #: its rectangle lies outside the page's crop box
    parent: pikepdf.Dictionary | None  #: its structure parent (ParentTree[StructParent])

    @property
    def exempt(self) -> bool:
        """Hidden or off the page: most annotation rules do not apply (veraPDF: isOutsideCropBox, F & 2)."""
        return self.hidden or self.outside


class PdfDocument:
    """The objects of one PDF the PDF/UA-1 rules are written over."""

    def __init__(self, pdf: pikepdf.Pdf, name: str, path=None):
        self.pdf, self.name, self.path = pdf, name, path
        self.catalog = pdf.Root
        root = self.catalog.get("/StructTreeRoot")
        self.struct_root = root if isinstance(root, pikepdf.Dictionary) else None
        role_map = self.struct_root.get("/RoleMap") if self.struct_root is not None else None
        mapping: dict[str, str] = {}
        if isinstance(role_map, pikepdf.Dictionary):
            for key, value in role_map.items():
                target = name_of(value)
                if target is not None:
                    mapping[key[1:]] = target
        self.role_map = RoleMap(mapping)
        self.page_index = {page.obj.objgen: i for i, page in enumerate(pdf.pages)}
        self.cache: dict[str, object] = {}  #: values the checks compute once and share
        self._chains: dict[tuple, tuple[list[pikepdf.Dictionary], bool]] = {}

    # ------------------------------------------------------------ document-wide values

    @cached_property
    def catalog_lang(self) -> bool:
        """``gContainsCatalogLang``: the catalog has a /Lang entry."""
        return "/Lang" in self.catalog

    @cached_property
    def parent_tree(self) -> dict[int, pikepdf.Object]:
        if self.struct_root is None:
            return {}
        return number_tree(self.struct_root.get("/ParentTree"))

    # ------------------------------------------------------------ structure

    @cached_property
    def elements(self) -> list[Element]:
        """Every structure element reachable from the tree root, in document order."""
        out: list[Element] = []
        if self.struct_root is None:
            return out
        seen: set[tuple] = set()
        stack: list[tuple[pikepdf.Object, Element | None, int]] = [
            (kid, None, 0) for kid in reversed(_kids(self.struct_root))]
        while stack:
            kid, parent, depth = stack.pop()
            if not _is_element(kid) or depth > TREE_DEPTH:
                continue
            key = object_key(kid)
            if key in seen:
                continue
            seen.add(key)
            structure_type = name_of(kid.get("/S"))
            element = Element(kid, structure_type, self.role_map.standard(structure_type), len(out), parent=parent)
            out.append(element)
            if parent is not None:
                parent.kids.append(element)
            stack.extend((grandkid, element, depth + 1) for grandkid in reversed(_kids(kid)))
        return out

    def standard_of(self, obj: object) -> str | None:
        return self.role_map.standard(name_of(obj.get("/S"))) if isinstance(obj, pikepdf.Dictionary) else None

    def element_parent(self, element: Element) -> pikepdf.Dictionary | None:
        """The element's /P, if it is a structure element (not the tree root)."""
        parent = element.obj.get("/P")
        if isinstance(parent, pikepdf.Dictionary) and _is_element(parent) and not self._is_root(parent):
            return parent
        return None

    def _is_root(self, obj: pikepdf.Dictionary) -> bool:
        if obj.get("/Type") == "/StructTreeRoot":
            return True
        return self.struct_root is not None and obj.is_indirect and obj.objgen == self.struct_root.objgen

    def parent_standard_type(self, element: Element) -> str | None:
        """``parentStandardType``: the standard type of /P, NonStruct parents passed through."""
        parent = self.element_parent(element)
        depth = 0
        while parent is not None and depth < TREE_DEPTH:
            standard = self.standard_of(parent)
            if standard != "NonStruct":
                return standard
            grand = parent.get("/P")
            parent = grand if isinstance(grand, pikepdf.Dictionary) and _is_element(grand) and not self._is_root(grand) else None
            depth += 1
        return None

    def kids_standard_types(self, element: Element) -> list[str]:
        """``kidsStandardTypes``: the kids' standard types, NonStruct kids replaced by theirs."""
        return [k.standard for k in _passed_through(element, ("NonStruct",)) if k.standard is not None]

    def significant_kids(self, element: Element) -> list[Element]:
        """Kids with NonStruct and Div passed through (veraPDF's structural significance)."""
        return _passed_through(element, ("NonStruct", "Div"))

    def where(self, element: Element) -> str:
        node: Element | None = element
        while node is not None:
            page = node.obj.get("/Pg")
            if isinstance(page, pikepdf.Dictionary) and page.objgen in self.page_index:
                return f"page {self.page_index[page.objgen] + 1}, {element.type or '?'} element"
            node = node.parent
        return f"{element.type or '?'} element"

    # ------------------------------------------------------------ the StructureLookup of the content walker

    def element_for(self, key: int | None, mcid: int) -> pikepdf.Dictionary | None:
        entry = self.parent_tree.get(key) if key is not None else None
        if isinstance(entry, pikepdf.Array) and 0 <= mcid < len(entry):
            found = entry[mcid]
            return found if isinstance(found, pikepdf.Dictionary) else None
        return None

    def object_element(self, key: int) -> pikepdf.Dictionary | None:
        found = self.parent_tree.get(key)
        return found if isinstance(found, pikepdf.Dictionary) else None

    def _chain(self, element: pikepdf.Dictionary) -> tuple[list[pikepdf.Dictionary], bool]:
        """The element and its ancestors by /P up to the tree root, and whether the root is reached."""
        key = object_key(element)
        cached = self._chains.get(key)
        if cached is not None:
            return cached
        nodes: list[pikepdf.Dictionary] = []
        seen: set[tuple] = set()
        node: object = element
        reached = False
        while isinstance(node, pikepdf.Dictionary) and len(nodes) < TREE_DEPTH * 4:
            if self._is_root(node):
                reached = True
                break
            node_key = object_key(node)
            if node_key in seen:
                break
            seen.add(node_key)
            nodes.append(node)
            node = node.get("/P")
        self._chains[key] = (nodes, reached)
        return nodes, reached

    def connected(self, element: pikepdf.Dictionary) -> bool:
        """The element reaches the structure tree root through its /P entries."""
        return self._chain(element)[1]

    def element_lang(self, element: pikepdf.Dictionary) -> str | None:
        """The /Lang of the element or of its nearest ancestor that has one."""
        for node in self._chain(element)[0]:
            lang = text_of(node.get("/Lang"))
            if lang is not None:
                return lang
        return None

    # ------------------------------------------------------------ pages, annotations, content

    @cached_property
    def annotations(self) -> list[Annotation]:
        out = []
        for index, page in enumerate(self.pdf.pages):
            try:
                crop = [float(v) for v in page.cropbox]
            except (ValueError, TypeError, pikepdf.PdfError):
                crop = [0.0, 0.0, 0.0, 0.0]
            annotations = page.obj.get("/Annots")
            for annotation in annotations if isinstance(annotations, pikepdf.Array) else []:
                if not isinstance(annotation, pikepdf.Dictionary):
                    continue
                subtype = name_of(annotation.get("/Subtype"))
                flags = annotation.get("/F")
                hidden = isinstance(flags, int) and bool(int(flags) & 2)
                rect = annotation.get("/Rect")
                outside = False
                if isinstance(rect, pikepdf.Array) and len(rect) >= 4:
                    try:
                        r = [float(v) for v in list(rect)[:4]]
                        outside = crop[1] >= r[3] or crop[0] >= r[2] or crop[3] <= r[1] or crop[2] <= r[0]
                    except (ValueError, TypeError):
                        outside = False
                parent_key = annotation.get("/StructParent")
                parent = self.object_element(int(parent_key)) if isinstance(parent_key, int) else None
                if self.struct_root is None:
                    parent = None
                out.append(Annotation(annotation, subtype, index, f"page {index + 1}, {subtype or 'untyped'} annotation",
                                      hidden, outside, parent))
        return out

    @cached_property
    def content(self) -> ContentFacts:
        walker = ContentWalker(self, languages=not self.catalog_lang)
        for index, page in enumerate(self.pdf.pages):
            walker.page(page, index)
        for annotation in self.annotations:
            appearances = annotation.obj.get("/AP")
            if not isinstance(appearances, pikepdf.Dictionary):
                continue
            parent = annotation.parent
            lang = text_of(parent.get("/Lang")) if parent is not None else None
            context = Context(annotation.where, annotation.page, None, parent, False, lang)
            page_resources = self.pdf.pages[annotation.page].obj.get("/Resources")
            for stream in _appearance_streams(appearances):
                walker.appearance(stream, page_resources if isinstance(page_resources, pikepdf.Dictionary)
                                  else pikepdf.Dictionary(), context)
        return walker.facts

    # ------------------------------------------------------------ metadata, outlines, forms

    @cached_property
    def metadata(self) -> pikepdf.Stream | None:
        value = self.catalog.get("/Metadata")
        return value if isinstance(value, pikepdf.Stream) else None

    @cached_property
    def xmp(self) -> list[xmp.Property] | xmp.XmpError | None:
        """The main XMP package's properties; the parse error if it is not XMP; None without metadata."""
        if self.metadata is None:
            return None
        try:
            return xmp.parse(self.metadata.read_bytes())
        except (xmp.XmpError, pikepdf.PdfError) as exc:
            return xmp.XmpError(str(exc))

    def outline_items(self) -> Iterator[pikepdf.Dictionary]:
        outlines = self.catalog.get("/Outlines")
        if not isinstance(outlines, pikepdf.Dictionary):
            return
        seen: set[tuple] = set()
        stack = [outlines.get("/First")]
        while stack and len(seen) < OUTLINE_LIMIT:
            item = stack.pop()
            while isinstance(item, pikepdf.Dictionary):
                key = object_key(item)
                if key in seen:
                    break
                seen.add(key)
                yield item
                stack.append(item.get("/First"))
                item = item.get("/Next")

    def form_fields(self) -> Iterator[pikepdf.Dictionary]:
        """Every node of the AcroForm field tree (fields and their widget kids)."""
        form = self.catalog.get("/AcroForm")
        fields = form.get("/Fields") if isinstance(form, pikepdf.Dictionary) else None
        if not isinstance(fields, pikepdf.Array):
            return
        seen: set[tuple] = set()
        stack = list(fields)
        while stack and len(seen) < OUTLINE_LIMIT:
            node = stack.pop()
            if not isinstance(node, pikepdf.Dictionary):
                continue
            key = object_key(node)
            if key in seen:
                continue
            seen.add(key)
            yield node
            kids = node.get("/Kids")
            if isinstance(kids, pikepdf.Array):
                stack.extend(kids)


def _passed_through(element: Element, grouping: tuple[str, ...]) -> list[Element]:
    """The element's kids in order, each kid of a ``grouping`` type replaced by its own kids."""
    out: list[Element] = []
    stack = [(kid, 0) for kid in reversed(element.kids)]
    while stack:
        kid, depth = stack.pop()
        if kid.standard in grouping and depth < TREE_DEPTH:
            stack.extend((grandkid, depth + 1) for grandkid in reversed(kid.kids))
        elif kid.standard not in grouping:
            out.append(kid)
    return out


def _kids(node: pikepdf.Dictionary) -> list:
    kids = node.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, pikepdf.Array) else [kids]


def _is_element(obj: object) -> TypeGuard[pikepdf.Dictionary]:
    """A structure element dictionary (not a marked-content or object reference)."""
    if not isinstance(obj, pikepdf.Dictionary) or isinstance(obj, pikepdf.Stream):
        return False
    kind = obj.get("/Type")
    if kind in ("/MCR", "/OBJR", "/StructTreeRoot"):
        return False
    return "/S" in obj or kind == "/StructElem"


def _appearance_streams(appearances: pikepdf.Dictionary) -> Iterator[pikepdf.Stream]:
    for key in ("/N", "/R", "/D"):
        entry = appearances.get(key)
        if isinstance(entry, pikepdf.Stream):
            yield entry
        elif isinstance(entry, pikepdf.Dictionary):
            for state in entry.values():
                if isinstance(state, pikepdf.Stream):
                    yield state
