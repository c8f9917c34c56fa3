"""The PDF accessibility audit: the machine-checkable PDF/UA-1 rules, on any PDF.

Reads the file with pikepdf (never the code that wrote it). Rule ids name the ISO 14289-1
clause they check, e.g. ``pdf.7.1-untagged-content``. Covered: 5 (PDF/UA identifier), 7.1
(tagged, marked content, role map, metadata, DisplayDocTitle, ParentTree consistency), 7.2
(Lang; what lists, tables and TOCs may hold; regular table rows), 7.3 (Figure Alt), 7.4
(headings), 7.5 (table headers), 7.7 (Formula Alt), 7.9 (Note ids), 7.10 (optional content),
7.11 (embedded files), 7.15 (XFA), 7.16 (security), 7.18 (annotations, links, forms, tab
order, media), 7.20 (XObjects) and 7.21 (fonts). ``tests/test_verapdf_corpus.py`` runs it
over the veraPDF corpus.

:func:`extract` gives the text an assistive technology reads: the structure tree walked in
order, each block element's marked content decoded through the fonts' ToUnicode maps.
"""
from __future__ import annotations

import hashlib
import io
import logging
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pikepdf

from publisher.audit import Finding, Passage
from publisher.audit.pdf_content import PageScan, parse_tounicode, scan_page

STANDARD_TYPES = frozenset(
    "Document Part Art Sect Div BlockQuote Caption TOC TOCI Index NonStruct Private P H H1 H2 H3 H4 "
    "H5 H6 L LI Lbl LBody Table TR TH TD THead TBody TFoot Span Quote Note Reference BibEntry Code "
    "Link Annot Ruby RB RT RP Warichu WT WP Figure Formula Form".split()
)
LANG = re.compile(r"^[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*$")
PDFUA_NS = "http://www.aiim.org/pdfua/ns/id/"
#: ISO 32000-1 Table 118: the predefined CMaps.
PREDEFINED_CMAPS = frozenset("""GB-EUC-H GB-EUC-V GBpc-EUC-H GBpc-EUC-V GBK-EUC-H GBK-EUC-V GBKp-EUC-H GBKp-EUC-V
GBK2K-H GBK2K-V UniGB-UCS2-H UniGB-UCS2-V UniGB-UTF16-H UniGB-UTF16-V B5pc-H B5pc-V HKscs-B5-H HKscs-B5-V
ETen-B5-H ETen-B5-V ETenms-B5-H ETenms-B5-V CNS-EUC-H CNS-EUC-V UniCNS-UCS2-H UniCNS-UCS2-V UniCNS-UTF16-H
UniCNS-UTF16-V 83pv-RKSJ-H 90ms-RKSJ-H 90ms-RKSJ-V 90msp-RKSJ-H 90msp-RKSJ-V 90pv-RKSJ-H Add-RKSJ-H Add-RKSJ-V
EUC-H EUC-V Ext-RKSJ-H Ext-RKSJ-V H V UniJIS-UCS2-H UniJIS-UCS2-V UniJIS-UCS2-HW-H UniJIS-UCS2-HW-V
UniJIS-UTF16-H UniJIS-UTF16-V KSC-EUC-H KSC-EUC-V KSCms-UHC-H KSCms-UHC-V KSCms-UHC-HW-H KSCms-UHC-HW-V
KSCpc-EUC-H UniKS-UCS2-H UniKS-UCS2-V UniKS-UTF16-H UniKS-UTF16-V Identity-H Identity-V""".split())
EXEMPT_COLLECTIONS = {"Adobe-GB1", "Adobe-CNS1", "Adobe-Japan1", "Adobe-Korea1"}
BLOCK_ROLES = frozenset("P H H1 H2 H3 H4 H5 H6 LI TH TD Caption Figure Formula TOCI Note BibEntry Code".split())
#: sha256 of a file audited lately -> per page, the text shown in each MCID (``check`` audits, then extracts)
_PAGE_TEXTS: dict[str, list[dict[int, list[str]]]] = {}
_PAGE_TEXTS_KEPT = 4


class _Auditor:
    def __init__(self, pdf: pikepdf.Pdf, name: str):
        self.pdf, self.name = pdf, name
        self.findings: list[Finding] = []
        root = pdf.Root.get("/StructTreeRoot")
        self.struct_root = root if isinstance(root, pikepdf.Dictionary) else None
        role_map = self.struct_root.get("/RoleMap") if self.struct_root is not None else None
        self.role_map = role_map if isinstance(role_map, pikepdf.Dictionary) else pikepdf.Dictionary()
        self.page_index = {page.obj.objgen: i for i, page in enumerate(pdf.pages)}
        self.scans: list[PageScan] | None = None

    def add(self, location: str, rule: str, message: str, severity: str = "error") -> None:
        self.findings.append(Finding(self.name, location, rule, message, severity))

    # ------------------------------------------------------------ structure helpers

    def standard(self, role: str) -> str | None:
        seen = set()
        while role not in STANDARD_TYPES:
            if role in seen:
                return None
            seen.add(role)
            target = self.role_map.get("/" + role)
            if not isinstance(target, pikepdf.Name):
                return None
            role = str(target)[1:]
        return role

    def elements(self) -> Iterator[tuple[pikepdf.Dictionary, pikepdf.Dictionary | None]]:
        """Every structure element with its parent element, depth first, in order."""
        if self.struct_root is None:
            return
        seen: set = set()

        def kids_of(node):
            kids = node.get("/K")
            if kids is None:
                return []
            return list(kids) if isinstance(kids, pikepdf.Array) else [kids]

        def visit(node, parent):
            for kid in kids_of(node):
                if isinstance(kid, pikepdf.Dictionary) and "/S" in kid and kid.get("/Type") not in ("/MCR", "/OBJR"):
                    key = kid.objgen if kid.is_indirect else id(kid)
                    if key in seen:
                        continue
                    seen.add(key)
                    yield kid, parent
                    yield from visit(kid, kid)

        yield from visit(self.struct_root, None)

    def role(self, element) -> str:
        s = element.get("/S")
        return str(s)[1:] if isinstance(s, pikepdf.Name) else ""

    def kid_elements(self, element) -> list[pikepdf.Dictionary]:
        kids = element.get("/K")
        kids = list(kids) if isinstance(kids, pikepdf.Array) else ([] if kids is None else [kids])
        return [k for k in kids if isinstance(k, pikepdf.Dictionary) and "/S" in k
                and k.get("/Type") not in ("/MCR", "/OBJR")]

    def where(self, element) -> str:
        page = element.get("/Pg")
        role = self.role(element)
        if isinstance(page, pikepdf.Dictionary) and page.objgen in self.page_index:
            return f"page {self.page_index[page.objgen] + 1}, {role} element"
        return f"{role} element"

    # ------------------------------------------------------------ rules

    def run(self) -> list[Finding]:
        self.identification()
        self.catalog()
        scans = self.scans = self.content()
        self.language(scans)
        uses = Counter(form for scan in scans for form in scan.tagged_forms)
        for count in uses.values():
            if count > 1:
                self.add("XObject", "pdf.7.20-tagged-form", f"a form XObject holding marked content is drawn {count} times")
        self.structure()
        self.parent_tree(scans)
        self.annotations()
        self.fonts(scans)
        self.document_parts()
        return self.findings

    def document_parts(self) -> None:
        """Clauses 7.10 (optional content names), 7.11 (file specifications), 7.15 (dynamic XFA),
        7.16 (security), 7.20 (reference XObjects)."""
        properties = self.pdf.Root.get("/OCProperties")
        if isinstance(properties, pikepdf.Dictionary):
            configs = [properties.get("/D")] + list(properties.get("/Configs", []))
            for config in configs:
                if isinstance(config, pikepdf.Dictionary):
                    if not str(config.get("/Name", "")).strip():
                        self.add("optional content", "pdf.7.10-optional-content",
                                 "an optional content configuration has no /Name")
                    if "/AS" in config:
                        self.add("optional content", "pdf.7.10-optional-content", "an optional content configuration has /AS")
        for obj in self.pdf.objects:
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/Filespec" and "/EF" in obj:
                if not ("/F" in obj and "/UF" in obj):
                    self.add("embedded file", "pdf.7.11-file-spec", "an embedded file's specification lacks /F or /UF")
            if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == "/Form" and "/Ref" in obj:
                self.add("XObject", "pdf.7.20-reference-xobject", "a reference XObject (/Ref) is used")
        if self.pdf.Root.get("/NeedsRendering") is True:
            self.add("document", "pdf.7.15-xfa", "a dynamic XFA form (NeedsRendering true) is not allowed")
        if self.pdf.is_encrypted and not self.pdf.allow.accessibility:
            self.add("document", "pdf.7.16-security", "the encryption forbids extracting content for accessibility")

    def identification(self) -> None:
        """Clause 5 and 7.1: XMP metadata with pdfuaid:part 1 and dc:title."""
        metadata = self.pdf.Root.get("/Metadata")
        if not isinstance(metadata, pikepdf.Stream):
            self.add("document", "pdf.7.1-metadata", "no XMP metadata stream in the catalog")
            self.add("document", "pdf.5-pdfua-identifier", "no PDF/UA identifier (pdfuaid:part): no XMP metadata")
            return
        xmp = metadata.read_bytes().decode("utf-8", errors="replace")
        prefixes = set(re.findall(r'xmlns:([\w.-]+)\s*=\s*["\']' + re.escape(PDFUA_NS) + '["\']', xmp))
        for prefix in sorted(prefixes - {"pdfuaid"}):
            self.add("XMP metadata", "pdf.5-pdfua-identifier",
                     f"the PDF/UA identification schema uses the prefix '{prefix}', not 'pdfuaid'")
        part = re.search(r"<pdfuaid:part\b[^>]*>\s*([^<\s]*)\s*</pdfuaid:part>|pdfuaid:part\s*=\s*[\"']([^\"']*)", xmp)
        if "pdfuaid" not in prefixes or not part:
            self.add("XMP metadata", "pdf.5-pdfua-identifier", "no pdfuaid:part in the XMP metadata")
        elif (part[1] or part[2]) != "1":
            self.add("XMP metadata", "pdf.5-pdfua-identifier",
                     f"pdfuaid:part is '{part[1] or part[2]}'; PDF/UA-1 requires 1")
        title = re.search(r"<dc:title\b.*?</dc:title>", xmp, re.S)
        if not title or not re.sub(r"<[^>]+>", "", title[0]).strip():
            self.add("XMP metadata", "pdf.7.1-title", "no dc:title in the XMP metadata")

    def catalog(self) -> None:
        root = self.pdf.Root
        mark_info = root.get("/MarkInfo")
        if self.struct_root is None:
            self.add("document", "pdf.7.1-untagged", "no StructTreeRoot: the document is not tagged")
        if not isinstance(mark_info, pikepdf.Dictionary) or mark_info.get("/Marked") is not True:
            self.add("document", "pdf.7.1-marked", "MarkInfo /Marked is not true")
        elif mark_info.get("/Suspects") is True:
            self.add("document", "pdf.7.1-suspects", "MarkInfo /Suspects is true: the tags are not trustworthy")
        prefs = root.get("/ViewerPreferences")
        if not isinstance(prefs, pikepdf.Dictionary) or prefs.get("/DisplayDocTitle") is not True:
            self.add("document", "pdf.7.1-display-doc-title", "ViewerPreferences /DisplayDocTitle is not true")
        lang = root.get("/Lang")
        if lang is None or not str(lang).strip():
            self.missing_lang = True
        elif not LANG.match(str(lang)):
            self.add("document", "pdf.7.2-lang", f"/Lang '{lang}' is not a language tag")
        for key, target in self.role_map.items():
            source = key[1:]
            if source in STANDARD_TYPES:
                self.add("RoleMap", "pdf.7.1-role-map", f"standard structure type {source} is role mapped to {target}")
            elif self.standard(source) is None:
                self.add("RoleMap", "pdf.7.1-role-map", f"{source} does not map to a standard structure type")

    missing_lang = False

    def language(self, scans: list[PageScan]) -> None:
        """No /Lang in the catalog: an error, a warning if the parts declare their language."""
        if not self.missing_lang:
            return
        in_parts = self._every_text_has_language(scans)
        self.add("document", "pdf.7.2-lang",
                 "no /Lang in the catalog" + ("; only parts of the document declare their language"
                                              if in_parts else ": the language is not declared"),
                 "warning" if in_parts else "error")

    def _every_text_has_language(self, scans: list[PageScan]) -> bool:
        """Without a catalog /Lang, every text must still get a language from its marked content
        or an enclosing structure element; the document title, outlines and annotation texts
        can only get it from the catalog."""
        if self.struct_root is None or self.pdf.Root.get("/Outlines") is not None:
            return False
        metadata = self.pdf.Root.get("/Metadata")
        if isinstance(metadata, pikepdf.Stream) and b"dc:title" in metadata.read_bytes():
            return False
        entries = _number_tree(self.struct_root.get("/ParentTree"))

        def has_lang(element) -> bool:
            depth = 0
            while isinstance(element, pikepdf.Dictionary) and depth < 64:
                if "/Lang" in element:
                    return True
                element, depth = element.get("/P"), depth + 1
            return False

        for page, scan in zip(self.pdf.pages, scans, strict=False):
            key = page.obj.get("/StructParents")
            array = entries.get(int(key)) if key is not None else None
            for mcid in scan.unlangued_mcids:
                element = array[mcid] if isinstance(array, pikepdf.Array) and mcid < len(array) else None
                if not has_lang(element):
                    return False
            for annotation in page.obj.get("/Annots", []):
                if isinstance(annotation, pikepdf.Dictionary) and ("/Contents" in annotation or "/TU" in annotation):
                    parent = entries.get(int(annotation.StructParent)) if "/StructParent" in annotation else None
                    if not has_lang(parent):
                        return False
        for element, _ in self.elements():
            if any(k in element for k in ("/Alt", "/ActualText", "/E")) and not has_lang(element):
                return False
        return True

    def content(self) -> list[PageScan]:
        scans = []
        for index, page in enumerate(self.pdf.pages):
            scan = scan_page(page)
            scans.append(scan)
            where = f"page {index + 1}"
            if scan.untagged:
                ops = ", ".join(sorted(Counter(scan.untagged)))
                self.add(where, "pdf.7.1-untagged-content",
                         f"{len(scan.untagged)} painting operators ({ops}) are neither tagged content nor artifact")
            if scan.artifact_in_tagged:
                self.add(where, "pdf.7.1-artifact-in-content", "an artifact is nested inside tagged content")
            if scan.tagged_in_artifact:
                self.add(where, "pdf.7.1-content-in-artifact", "tagged content (MCID) is nested inside an artifact")
            if scan.unbalanced:
                self.add(where, "pdf.7.1-nesting", "marked-content operators (BDC/BMC ... EMC) are unbalanced")
            has_annotations = len(page.obj.get("/Annots", [])) > 0
            if page.obj.get("/Tabs") != "/S":
                self.add(where, "pdf.7.18.3-tab-order", "the page has no /Tabs /S (tab order by structure)",
                         "error" if has_annotations else "warning")
        return scans

    def structure(self) -> None:
        headings: list[tuple[int, pikepdf.Dictionary]] = []
        uses_h = []
        ids = set()
        note_ids: set = set()
        for element, _ in self.elements():
            if "/ID" in element:
                ids.add(bytes(element.ID))
        for element, parent in self.elements():
            raw = self.role(element)
            role = self.standard(raw)
            where = self.where(element)
            if role is None:
                self.add(where, "pdf.7.1-role-map", f"structure type {raw} is not standard and not role mapped")
                continue
            parent_role = self.standard(self.role(parent)) if parent is not None else None
            kid_roles = [self.standard(self.role(k)) for k in self.kid_elements(element)]
            if role == "Figure" and not (str(element.get("/Alt", "")).strip() or str(element.get("/ActualText", "")).strip()):
                self.add(where, "pdf.7.3-figure-alt", "Figure without /Alt or /ActualText")
            if re.fullmatch(r"H[1-6]", role):
                headings.append((int(role[1]), element))
            if role == "H":
                uses_h.append(element)
            if kid_roles.count("H") > 1:
                self.add(where, "pdf.7.4.4-headings", f"{role} holds {kid_roles.count('H')} H headings; at most one")
            if role == "LI" and parent_role != "L":
                self.add(where, "pdf.7.2-list", "LI outside an L")
            if role == "LBody" and parent_role != "LI":
                self.add(where, "pdf.7.2-list", "LBody outside an LI")
            self.containment(role, parent_role, kid_roles, where)
            if role in ("Formula",) and not (str(element.get("/Alt", "")).strip() or str(element.get("/ActualText", "")).strip()):
                self.add(where, "pdf.7.7-formula-alt", "Formula without /Alt or /ActualText")
            if role == "Note":
                note_id = bytes(element.ID) if "/ID" in element else None
                if not note_id:
                    self.add(where, "pdf.7.9-note-id", "Note without an /ID")
                elif note_id in note_ids:
                    self.add(where, "pdf.7.9-note-id", f"Note /ID {note_id!r} is not unique")
                note_ids.add(note_id)
            if role == "TR" and parent_role not in ("Table", "THead", "TBody", "TFoot"):
                self.add(where, "pdf.7.2-table", "TR outside a Table, THead, TBody or TFoot")
            if role in ("TH", "TD") and parent_role != "TR":
                self.add(where, "pdf.7.2-table", f"{role} outside a TR")
            if role in ("THead", "TBody", "TFoot") and parent_role != "Table":
                self.add(where, "pdf.7.2-table", f"{role} outside a Table")
            if role == "Table":
                self.table(element, ids)
        if uses_h and headings:
            self.add(self.where(uses_h[0]), "pdf.7.4.4-headings", "the document mixes H with numbered headings H1-H6")
        previous = 0
        for level, element in headings:
            if level > previous + 1:
                expected = "H1" if previous == 0 else f"H{previous + 1} or higher"
                self.add(self.where(element), "pdf.7.4.2-heading-levels",
                         f"H{level} follows {'no heading' if previous == 0 else f'H{previous}'}; expected {expected}")
            previous = level

    def containment(self, role: str, parent_role: str | None, kids: list[str | None], where: str) -> None:
        """ISO 32000-1, 14.8.4.3: what lists, tables and tables of contents may hold."""
        allowed = {
            "L": {"LI", "L", "Caption"}, "LI": {"Lbl", "LBody"},
            "Table": {"THead", "TBody", "TFoot", "TR", "Caption"},
            "THead": {"TR"}, "TBody": {"TR"}, "TFoot": {"TR"}, "TR": {"TH", "TD"},
            "TOC": {"TOC", "TOCI", "Caption"},
        }.get(role)
        if allowed is not None:
            for kid in kids:
                if kid not in allowed:
                    self.add(where, "pdf.7.2-nesting", f"{role} holds {kid}; only {', '.join(sorted(allowed))}")
        if role in ("L", "TOC") and "Caption" in kids and kids.index("Caption") != 0:
            self.add(where, "pdf.7.2-nesting", f"the Caption of a {role} is not its first child")
        if role == "Table":
            if "Caption" in kids and kids.index("Caption") not in (0, len(kids) - 1):
                self.add(where, "pdf.7.2-nesting", "the Caption of a Table is neither its first nor its last child")
            for part in ("THead", "TFoot"):
                if kids.count(part) > 1:
                    self.add(where, "pdf.7.2-nesting", f"a Table holds {kids.count(part)} {part}; at most one")
                if part in kids and "TBody" not in kids:
                    self.add(where, "pdf.7.2-nesting", f"a Table with a {part} has no TBody")
        if role == "TOCI" and parent_role != "TOC":
            self.add(where, "pdf.7.2-nesting", "TOCI outside a TOC")

    def _rows(self, table) -> list[pikepdf.Dictionary]:
        rows = []
        for kid in self.kid_elements(table):
            role = self.standard(self.role(kid))
            if role == "TR":
                rows.append(kid)
            elif role in ("THead", "TBody", "TFoot"):
                rows += [k for k in self.kid_elements(kid) if self.standard(self.role(k)) == "TR"]
        return rows

    @staticmethod
    def _attributes(element) -> list[pikepdf.Dictionary]:
        a = element.get("/A")
        items = list(a) if isinstance(a, pikepdf.Array) else [a]
        return [item for item in items if isinstance(item, pikepdf.Dictionary)]

    def table(self, table, ids: set) -> None:
        where = self.where(table)
        rows = self._rows(table)
        widths = []
        spanned: dict[int, int] = {}  #: row -> columns taken by cells spanning down from above
        uses_headers = False
        for index, row in enumerate(rows):
            width = spanned.get(index, 0)
            for cell in self.kid_elements(row):
                role = self.standard(self.role(cell))
                if role not in ("TH", "TD"):
                    continue
                attributes = self._attributes(cell)
                span = next((int(a.ColSpan) for a in attributes if "/ColSpan" in a), 1)
                down = next((int(a.RowSpan) for a in attributes if "/RowSpan" in a), 1)
                width += span
                if index + down > len(rows):
                    self.add(self.where(cell), "pdf.7.2-table-regularity",
                             f"{role} spans {down} rows; only {len(rows) - index} remain in the table")
                for below in range(index + 1, min(index + down, len(rows))):
                    spanned[below] = spanned.get(below, 0) + span
                headers = [h for a in attributes if "/Headers" in a for h in
                           (a.Headers if isinstance(a.Headers, pikepdf.Array) else [a.Headers])]
                if headers:
                    uses_headers = True
                for header in headers:
                    if bytes(header) not in ids:
                        self.add(self.where(cell), "pdf.7.5-table-headers",
                                 f"{role} refers to header id '{header}', which no element has")
            widths.append(width)
        for row in self._rows(table):
            for cell in self.kid_elements(row):
                if self.standard(self.role(cell)) == "TH" and not uses_headers and not any(
                        "/Scope" in a for a in self._attributes(cell)):
                    self.add(self.where(cell), "pdf.7.5-table-headers", "TH without /Scope (Column, Row or Both)")
        if widths and len(set(widths)) > 1:
            self.add(where, "pdf.7.2-table-regularity", f"rows have different numbers of cells: {widths}")

    def parent_tree(self, scans: list[PageScan]) -> None:
        if self.struct_root is None:
            return
        tree = self.struct_root.get("/ParentTree")
        entries = _number_tree(tree) if isinstance(tree, pikepdf.Dictionary) else {}
        if not isinstance(tree, pikepdf.Dictionary):
            self.add("structure tree", "pdf.7.1-parent-tree", "StructTreeRoot has no ParentTree")
        for index, (page, scan) in enumerate(zip(self.pdf.pages, scans, strict=False)):
            if not scan.mcids:
                continue
            where = f"page {index + 1}"
            key = page.obj.get("/StructParents")
            if key is None:
                self.add(where, "pdf.7.1-parent-tree", "page with marked content has no /StructParents")
                continue
            array = entries.get(int(key))
            if not isinstance(array, pikepdf.Array):
                self.add(where, "pdf.7.1-parent-tree", f"ParentTree has no entry {int(key)} for the page")
                continue
            missing = sorted(m for m in scan.mcids if m >= len(array) or not isinstance(array[m], pikepdf.Dictionary))
            if missing:
                self.add(where, "pdf.7.1-parent-tree",
                         f"MCIDs {missing[:8]} in the content have no structure element in the ParentTree")
            if scan.multiple_mcid:
                self.add(where, "pdf.7.1-parent-tree", f"MCIDs {sorted(scan.multiple_mcid)[:8]} are used twice")

    def annotations(self) -> None:
        objr_parents: dict[tuple[int, int], pikepdf.Dictionary] = {}
        for element, _ in self.elements():
            k = element.get("/K")
            for kid in (list(k) if isinstance(k, pikepdf.Array) else [k]):
                if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/OBJR" and "/Obj" in kid:
                    objr_parents[kid.Obj.objgen] = element
        for index, page in enumerate(self.pdf.pages):
            crop = [float(v) for v in page.obj.get("/CropBox", page.mediabox)]
            for annotation in page.obj.get("/Annots", []):
                if not isinstance(annotation, pikepdf.Dictionary):
                    continue
                subtype = str(annotation.get("/Subtype", ""))[1:]
                where = f"page {index + 1}, {subtype or 'unknown'} annotation"
                if subtype in ("TrapNet",):
                    self.add(where, "pdf.7.18.2-annotation-type", "TrapNet annotations are not allowed")
                    continue
                parent = objr_parents.get(annotation.objgen)
                if subtype == "PrinterMark":
                    if parent is not None:
                        self.add(where, "pdf.7.18.8-printer-mark", "a PrinterMark annotation is in the structure tree")
                    continue
                if subtype == "Popup" or _hidden(annotation, crop):
                    continue
                role = self.standard(self.role(parent)) if parent is not None else None
                if parent is None:
                    self.add(where, "pdf.7.18.1-annotation-tagged", "the annotation is not in the structure tree")
                elif subtype == "Link" and role != "Link":
                    self.add(where, "pdf.7.18.5-link", f"the link annotation is in a {role} parent, not Link")
                elif subtype == "Widget" and role != "Form":
                    self.add(where, "pdf.7.18.4-form", f"the widget annotation is in a {role} parent, not Form")
                elif subtype not in ("Link", "Widget") and role not in ("Annot",):
                    self.add(where, "pdf.7.18.1-annotation-tagged", f"the annotation is in a {role} parent, not Annot")
                alt = parent is not None and str(parent.get("/Alt", "")).strip()
                contents = str(annotation.get("/Contents", "")).strip()
                if subtype == "Link" and not contents:
                    self.add(where, "pdf.7.18.5-link", "the link annotation has no /Contents")
                elif subtype == "Widget":
                    if not (_field_value(annotation, "/TU") or alt):
                        self.add(where, "pdf.7.18.1-annotation-alt", "the form field has neither /TU nor /Alt")
                elif not (contents or alt):
                    self.add(where, "pdf.7.18.1-annotation-alt", "the annotation has neither /Contents nor /Alt")
                if subtype == "FileAttachment":
                    spec = annotation.get("/FS")
                    if isinstance(spec, pikepdf.Dictionary) and not ("/F" in spec and "/UF" in spec):
                        self.add(where, "pdf.7.18.7-file-spec", "the file specification lacks /F or /UF")
                for clip in _media_clips(annotation):
                    for key, name in (("/CT", "content type"), ("/Alt", "alternate description")):
                        if key not in clip:
                            self.add(where, "pdf.7.18.6.2-media-clip", f"media clip data without {key} ({name})")

    def fonts(self, scans: list[PageScan]) -> None:
        seen = set()
        for index, scan in enumerate(scans):
            for key, (font, codes) in scan.codes.items():
                if key in seen:
                    continue
                seen.add(key)
                _FontCheck(self, font, codes, f"page {index + 1}, font {_font_name(font)}").run()
        for index, page in enumerate(self.pdf.pages):
            resources = page.obj.get("/Resources")
            fonts = resources.get("/Font") if isinstance(resources, pikepdf.Dictionary) else None
            for font in (fonts.values() if isinstance(fonts, pikepdf.Dictionary) else []):
                key = font.objgen if font.is_indirect else (id(font),)
                if key not in seen:
                    seen.add(key)
                    _FontCheck(self, font, set(), f"page {index + 1}, font {_font_name(font)}").run()


def _media_clips(annotation) -> list[pikepdf.Dictionary]:
    """Media clip data dictionaries reachable from a Screen annotation's actions and renditions."""
    found, seen = [], set()

    def walk(obj, depth):
        if depth > 12 or not isinstance(obj, (pikepdf.Dictionary, pikepdf.Array)) or isinstance(obj, pikepdf.Stream):
            return
        if obj.is_indirect:
            if obj.objgen in seen:
                return
            seen.add(obj.objgen)
        if isinstance(obj, pikepdf.Array):
            for item in obj:
                walk(item, depth + 1)
            return
        if obj.get("/Type") == "/MediaClip" or obj.get("/S") == "/MCD":
            found.append(obj)
        for key in ("/A", "/AA", "/R", "/C", "/Next", "/N", "/O"):
            if key in obj and key != "/P":
                walk(obj[key], depth + 1)

    if annotation.get("/Subtype") == "/Screen":
        walk(annotation, 0)
    return found


def _font_name(font) -> str:
    return str(font.get("/BaseFont", "?")).lstrip("/")


def _field_value(annotation, key):
    node, depth = annotation, 0
    while isinstance(node, pikepdf.Dictionary) and depth < 32:
        if key in node:
            return str(node[key]).strip()
        node, depth = node.get("/Parent"), depth + 1
    return ""


def _hidden(annotation, crop) -> bool:
    flags = int(annotation.get("/F", 0))
    if flags & 2:
        return True
    rect = annotation.get("/Rect")
    if isinstance(rect, pikepdf.Array) and len(rect) == 4:
        x0, y0, x1, y1 = (float(v) for v in rect)
        if min(x0, x1) > crop[2] or max(x0, x1) < crop[0] or min(y0, y1) > crop[3] or max(y0, y1) < crop[1]:
            return True
    return False


def _number_tree(node, depth=0) -> dict[int, pikepdf.Object]:
    out: dict[int, pikepdf.Object] = {}
    if depth > 32 or not isinstance(node, pikepdf.Dictionary):
        return out
    nums = node.get("/Nums")
    if isinstance(nums, pikepdf.Array):
        for i in range(0, len(nums) - 1, 2):
            out[int(nums[i])] = nums[i + 1]
    for kid in node.get("/Kids", []):
        out.update(_number_tree(kid, depth + 1))
    return out


class _FontCheck:
    """Clause 7.21 for one font dictionary."""

    def __init__(self, auditor: _Auditor, font, codes: set[bytes], where: str):
        self.auditor, self.font, self.codes, self.where = auditor, font, codes, where

    def add(self, rule, message, severity="error"):
        self.auditor.add(self.where, rule, message, severity)

    def run(self) -> None:
        font = self.font
        subtype = str(font.get("/Subtype", ""))[1:]
        if subtype == "Type3":
            return
        descendant = None
        if subtype == "Type0":
            descendants = font.get("/DescendantFonts")
            descendant = descendants[0] if isinstance(descendants, pikepdf.Array) and len(descendants) else None
            self.type0(descendant)
        target = descendant if descendant is not None else font
        descriptor = target.get("/FontDescriptor")
        program = None
        if isinstance(descriptor, pikepdf.Dictionary):
            program = next((descriptor[k] for k in ("/FontFile", "/FontFile2", "/FontFile3") if k in descriptor), None)
        if program is None:
            self.add("pdf.7.21.4.1-font-embedded", "the font program is not embedded")
        else:
            self.subset(descriptor, descendant, program)
            if subtype == "TrueType":
                self.truetype_widths(program)
        if subtype == "TrueType" and isinstance(descriptor, pikepdf.Dictionary):
            symbolic = int(descriptor.get("/Flags", 0)) & 4
            encoding = font.get("/Encoding")
            if symbolic and encoding is not None:
                self.add("pdf.7.21.6-encoding", "a symbolic TrueType font has an /Encoding entry")
            if not symbolic:
                base = encoding.get("/BaseEncoding") if isinstance(encoding, pikepdf.Dictionary) else encoding
                if base is not None and str(base) not in ("/MacRomanEncoding", "/WinAnsiEncoding"):
                    self.add("pdf.7.21.6-encoding",
                             f"a non-symbolic TrueType font uses the encoding {base}; MacRoman or WinAnsi only")
        self.unicode(subtype, descendant)
        if subtype == "Type0" and any(code == b"\x00\x00" for code in self.codes) and str(
                font.get("/Encoding", "")) in ("/Identity-H", "/Identity-V"):
            self.add("pdf.7.21.8-notdef", "text shows the .notdef glyph (CID 0)")

    def type0(self, descendant) -> None:
        encoding = self.font.get("/Encoding")
        if isinstance(encoding, pikepdf.Name):
            if str(encoding)[1:] not in PREDEFINED_CMAPS:
                self.add("pdf.7.21.3.3-cmap", f"the CMap {encoding} is neither predefined nor embedded")
        elif isinstance(encoding, pikepdf.Stream):
            data = encoding.read_bytes()
            declared = int(encoding.get("/WMode", 0))
            written = re.search(rb"/WMode\s+(\d+)\s+def", data)
            if written and int(written[1]) != declared:
                self.add("pdf.7.21.3.3-cmap", f"the CMap's /WMode {declared} differs from its program's {int(written[1])}")
            use = encoding.get("/UseCMap")
            if isinstance(use, pikepdf.Name) and str(use)[1:] not in PREDEFINED_CMAPS:
                self.add("pdf.7.21.3.3-cmap", f"the CMap uses {use}, which is neither predefined nor embedded")
            info = encoding.get("/CIDSystemInfo")
            theirs = descendant.get("/CIDSystemInfo") if isinstance(descendant, pikepdf.Dictionary) else None
            if isinstance(info, pikepdf.Dictionary) and isinstance(theirs, pikepdf.Dictionary):
                if (str(info.get("/Registry")), str(info.get("/Ordering"))) != (
                        str(theirs.get("/Registry")), str(theirs.get("/Ordering"))):
                    self.add("pdf.7.21.3.1-cid-system-info",
                             "the CMap's CIDSystemInfo (Registry, Ordering) differs from the CIDFont's")
        if isinstance(descendant, pikepdf.Dictionary) and descendant.get("/Subtype") == "/CIDFontType2":
            mapping = descendant.get("/CIDToGIDMap")
            if isinstance(mapping, pikepdf.Name) and mapping != "/Identity":
                self.add("pdf.7.21.3.2-cid-to-gid", f"/CIDToGIDMap is {mapping}; Identity or a stream only")

    def subset(self, descriptor, descendant, program) -> None:
        charset = descriptor.get("/CharSet")
        if charset is not None and self.font.get("/Subtype") == "/Type1":
            names = set(re.findall(r"/([^/\s]+)", str(charset)))
            used = _glyph_names(self.font, self.codes)
            missing = sorted(used - names - {".notdef"})
            if missing:
                self.add("pdf.7.21.4.2-charset", f"/CharSet lacks glyphs the text uses: {missing[:8]}")
        cidset = descriptor.get("/CIDSet")
        if isinstance(cidset, pikepdf.Stream) and isinstance(program, pikepdf.Stream):
            present = _program_glyphs(program)
            if present is not None:
                bits = cidset.read_bytes()
                absent = [gid for gid in present if gid // 8 >= len(bits) or not bits[gid // 8] & (0x80 >> gid % 8)]
                if absent:
                    self.add("pdf.7.21.4.2-cidset", f"/CIDSet does not list {len(absent)} glyphs of the font program")

    def truetype_widths(self, program) -> None:
        widths = self.font.get("/Widths")
        first = int(self.font.get("/FirstChar", 0))
        if not isinstance(widths, pikepdf.Array) or not self.codes:
            return
        metrics = _truetype_advances(program, self.font, self.codes)
        for code, advance in metrics.items():
            index = code - first
            if 0 <= index < len(widths) and abs(float(widths[index]) - advance) > 1:
                self.add("pdf.7.21.5-widths",
                         f"width of code {code} is {float(widths[index]):g} in /Widths but {advance:g} in the font program")
                return

    def unicode(self, subtype, descendant) -> None:
        tounicode = self.font.get("/ToUnicode")
        if isinstance(tounicode, pikepdf.Stream):
            mapping = parse_tounicode(tounicode.read_bytes())
            bad = sorted({f"{ord(mapping[c][:1]):04X}" for c in self.codes
                          if c in mapping and mapping[c][:1] in ("\x00", "\ufffe", "\ufeff")})
            if bad:
                self.add("pdf.7.21.7-unicode", f"ToUnicode maps shown codes to U+{', U+'.join(bad)}, which are not text")
            return
        encoding = self.font.get("/Encoding")
        base = encoding.get("/BaseEncoding") if isinstance(encoding, pikepdf.Dictionary) else encoding
        if subtype in ("TrueType", "Type1", "MMType1") and str(base) in (
                "/MacRomanEncoding", "/WinAnsiEncoding", "/MacExpertEncoding") and not (
                isinstance(encoding, pikepdf.Dictionary) and "/Differences" in encoding):
            return
        if subtype == "Type0" and isinstance(descendant, pikepdf.Dictionary):
            info: object = descendant.get("/CIDSystemInfo", pikepdf.Dictionary())
            if not isinstance(info, pikepdf.Dictionary):
                info = pikepdf.Dictionary()
            collection = f"{info.get('/Registry', '')}-{info.get('/Ordering', '')}"
            if collection in EXEMPT_COLLECTIONS:
                return
        descriptor = self.font.get("/FontDescriptor")
        if subtype == "TrueType" and isinstance(descriptor, pikepdf.Dictionary) and not int(descriptor.get("/Flags", 0)) & 4:
            return
        self.add("pdf.7.21.7-unicode", "the font has no ToUnicode map, so its text cannot be read as Unicode")


def _glyph_names(font, codes: set[bytes]) -> set[str]:
    from reportlab.pdfbase._fontdata import encodings

    encoding = font.get("/Encoding")
    base = encoding.get("/BaseEncoding") if isinstance(encoding, pikepdf.Dictionary) else encoding
    table = list(encodings.get(str(base)[1:] if base is not None else "StandardEncoding", encodings["StandardEncoding"]))
    if isinstance(encoding, pikepdf.Dictionary) and isinstance(encoding.get("/Differences"), pikepdf.Array):
        position = 0
        for item in encoding.Differences:
            if isinstance(item, pikepdf.Name):
                if 0 <= position < 256:
                    table[position] = str(item)[1:]
                position += 1
            else:
                position = int(item)
    return {table[code[0]] for code in codes if len(code) == 1 and table[code[0]]}


def _load_font_program(program):
    from fontTools.ttLib import TTFont

    logging.getLogger("fontTools").setLevel(logging.ERROR)  # "timestamp seems very low" and the like
    try:
        return TTFont(io.BytesIO(program.read_bytes()), lazy=True)
    except Exception:  # noqa: BLE001 - any unreadable program: the check is skipped
        return None


def _program_glyphs(program) -> list[int] | None:
    font = _load_font_program(program)
    if font is None:
        return None
    try:
        if "glyf" in font:
            glyf = font["glyf"]
            order = font.getGlyphOrder()
            return [gid for gid, name in enumerate(order) if gid and glyf[name].numberOfContours != 0]
        if "CFF " in font:
            return list(range(1, len(font.getGlyphOrder())))
    except Exception:  # noqa: BLE001
        return None
    return None


def _truetype_advances(program, font_dict, codes: set[bytes]) -> dict[int, float]:
    from fontTools.agl import toUnicode

    font = _load_font_program(program)
    if font is None:
        return {}
    try:
        scale = 1000 / font["head"].unitsPerEm
        hmtx = font["hmtx"]
        cmap = font["cmap"]
        unicode_map = cmap.getcmap(3, 1)
        symbol_map = cmap.getcmap(3, 0) or cmap.getcmap(1, 0)
        names = _glyph_names(font_dict, set())
        from reportlab.pdfbase._fontdata import encodings
        table = encodings["WinAnsiEncoding"] if str(font_dict.get("/Encoding")) == "/WinAnsiEncoding" else None
        out = {}
        for code in codes:
            if len(code) != 1:
                continue
            value = code[0]
            glyph = None
            if unicode_map is not None and table is not None and table[value]:
                glyph = unicode_map.cmap.get(ord(toUnicode(table[value])[:1] or "\0"))
            if glyph is None and symbol_map is not None:
                glyph = symbol_map.cmap.get(value) or symbol_map.cmap.get(0xF000 + value)
            if glyph is not None:
                out[value] = round(hmtx[glyph][0] * scale, 3)
        del names
        return out
    except Exception:  # noqa: BLE001
        return {}


def audit(path: Path) -> list[Finding]:
    """Every machine-checkable PDF/UA-1 rule that ``path`` breaks (see the module docstring)."""
    path = Path(path)
    digest = _digest(path)
    try:
        pdf = pikepdf.open(path)
    except (pikepdf.PdfError, OSError) as exc:
        return [Finding(path.name, "file", "pdf.unreadable", f"cannot open the PDF: {exc}")]
    with pdf:
        auditor = _Auditor(pdf, path.name)
        findings = auditor.run()
    if digest is not None and auditor.scans is not None:
        _PAGE_TEXTS.pop(digest, None)
        _PAGE_TEXTS[digest] = [scan.text for scan in auditor.scans]
        while len(_PAGE_TEXTS) > _PAGE_TEXTS_KEPT:
            del _PAGE_TEXTS[next(iter(_PAGE_TEXTS))]
    return findings


def _digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def extract(path: Path) -> list[Passage]:
    """The text read from the tag structure, in reading order: one passage per block element
    (paragraph, heading, list item, table cell...), located by page and role."""
    audited = _PAGE_TEXTS.get(_digest(Path(path)) or "")
    with pikepdf.open(Path(path)) as pdf:
        auditor = _Auditor(pdf, Path(path).name)
        if auditor.struct_root is None:
            return []
        pages = {page.obj.objgen: (i, page) for i, page in enumerate(pdf.pages)}
        texts: dict[int, dict[int, list[str]]] = dict(enumerate(audited)) if audited else {}

        def text_of(page_index: int, mcid: int) -> str:
            if page_index not in texts:
                texts[page_index] = scan_page(pdf.pages[page_index]).text
            return "".join(texts[page_index].get(mcid, []))

        def collect(element, page_index) -> list[tuple[int, str]]:
            page = element.get("/Pg")
            if isinstance(page, pikepdf.Dictionary) and page.objgen in pages:
                page_index = pages[page.objgen][0]
            kids = element.get("/K")
            kids = list(kids) if isinstance(kids, pikepdf.Array) else ([] if kids is None else [kids])
            out = []
            for kid in kids:
                if isinstance(kid, int):
                    if page_index is not None:
                        out.append((page_index, text_of(page_index, int(kid))))
                elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
                    kid_page = kid.get("/Pg")
                    known = isinstance(kid_page, pikepdf.Dictionary) and kid_page.objgen in pages
                    index = pages[kid_page.objgen][0] if known and kid_page is not None else page_index
                    if index is not None:
                        out.append((index, text_of(index, int(kid.MCID))))
                elif isinstance(kid, pikepdf.Dictionary) and "/S" in kid and kid.get("/Type") != "/OBJR":
                    actual = kid.get("/ActualText")
                    out += [(page_index, str(actual))] if actual is not None else collect(kid, page_index)
            return out

        passages: list[Passage] = []

        def visit(element, page_index):
            role = auditor.standard(auditor.role(element)) or auditor.role(element)
            if role in BLOCK_ROLES or any(not (isinstance(k, pikepdf.Dictionary) and "/S" in k)
                                          for k in _kids(element)):
                pieces = collect(element, page_index)
                if "/Alt" in element:  # an assistive technology reads the Alt, not the content
                    first = next((p for p, _ in pieces if p is not None), page_index)
                    pieces = [(first, str(element.Alt))]
                text = " ".join("".join(t for _, t in pieces).split())
                if text:
                    first = next((p for p, _ in pieces if p is not None), None)
                    where = f"page {first + 1}, {role}" if first is not None else role
                    passages.append(Passage(where, text))
                return
            for kid in auditor.kid_elements(element):
                visit(kid, page_index)

        for kid in auditor.kid_elements(auditor.struct_root):
            visit(kid, None)
        return passages


def _kids(element) -> list:
    kids = element.get("/K")
    return list(kids) if isinstance(kids, pikepdf.Array) else ([] if kids is None else [kids])
