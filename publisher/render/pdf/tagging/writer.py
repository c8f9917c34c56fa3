"""After drawing: the structure tree and the PDF/UA metadata, added as an incremental update."""
from __future__ import annotations

import io
import re

import pikepdf

from publisher.render.pdf.tagging.structure import KEEP_EMPTY, MarkedContent, MarkLog, Node


def _pdf_string(text: str) -> pikepdf.String:
    return pikepdf.String(text)


def _nodes_with_content(root: Node) -> set[int]:
    """ids of the nodes that hold drawn content (or must stay, see KEEP_EMPTY), in one pass."""
    kept: set[int] = set()

    def visit(node: Node) -> bool:
        keep = node.role in KEEP_EMPTY
        for kid in node.kids:
            keep = (visit(kid) if isinstance(kid, Node) else True) or keep
        if keep:
            kept.add(id(node))
        return keep

    visit(root)
    return kept


def _ref(number: int) -> str:
    return f"{number} 0 R"


def _objref(obj: pikepdf.Object) -> str:
    number, generation = obj.objgen
    return f"{number} {generation} R"


def _text(value: str) -> str:
    return pikepdf.String(value).unparse().decode("latin-1")


def _number(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def write_structure(pdf_bytes: bytes, root: Node, log: MarkLog, *, title: str, lang: str) -> bytes:
    """Add the structure tree for ``root`` and the PDF/UA metadata to a PDF drawn by
    :class:`TaggingCanvas` with ``log``; return the new file.

    The additions are written as an incremental update (ISO 32000-1, 7.5.6): pikepdf reads
    the file, updates the catalog, pages and link annotations and writes the XMP packet;
    the structure elements, one small dictionary each, are written as PDF text directly,
    which costs a fraction of building them as pikepdf objects.
    """
    if root.role != "Document":
        raise ValueError("the structure root must be a Document node")
    pdf = pikepdf.open(io.BytesIO(pdf_bytes))
    pages = [page.obj for page in pdf.pages]
    page_refs = [_objref(page) for page in pages]
    next_number = int(pdf.trailer.Size)
    bodies: dict[int, str] = {}  #: new object number -> body

    kept = _nodes_with_content(root)
    numbers: dict[int, int] = {}
    order: list[Node] = []

    def number(node: Node) -> None:
        nonlocal next_number
        if id(node) in kept:
            numbers[id(node)] = next_number
            next_number += 1
            order.append(node)
            for kid in node.kids:
                if isinstance(kid, Node):
                    number(kid)

    number(root)
    if not order:
        numbers[id(root)] = next_number
        next_number += 1
        order.append(root)
    struct_root = next_number
    parent_tree = next_number + 1
    metadata = next_number + 2
    next_number += 3

    for node in order:
        first_page = next((kid.page for kid in node.kids if not isinstance(kid, Node)), None)
        parent = numbers.get(id(node.parent), struct_root) if node.parent is not None else struct_root
        parts = [f"/Type /StructElem /S /{node.role} /P {_ref(parent)}"]
        if first_page is not None:
            parts.append(f"/Pg {page_refs[first_page]}")
        kids = []
        for kid in node.kids:
            if isinstance(kid, Node):
                if id(kid) in numbers:
                    kids.append(_ref(numbers[id(kid)]))
            elif isinstance(kid, MarkedContent):
                kids.append(str(kid.mcid) if kid.page == first_page else
                            f"<< /Type /MCR /Pg {page_refs[kid.page]} /MCID {kid.mcid} >>")
            else:
                annotation = _objref(pages[kid.page].Annots[kid.index])
                kids.append(f"<< /Type /OBJR /Pg {page_refs[kid.page]} /Obj {annotation} >>")
        parts.append(f"/K [{' '.join(kids)}]")
        if node.alt is not None:
            parts.append(f"/Alt {_text(node.alt)}")
        if node.actual_text is not None:
            parts.append(f"/ActualText {_text(node.actual_text)}")
        if node.lang is not None:
            parts.append(f"/Lang {_text(node.lang)}")
        if node.scope is not None:
            parts.append(f"/A << /O /Table /Scope /{node.scope} >>")
        if node.bbox is not None:
            box = " ".join(_number(v) for v in node.bbox[1])
            parts.append(f"/A << /O /Layout /Placement /Block /BBox [{box}] >>")
        bodies[numbers[id(node)]] = "<< " + " ".join(parts) + " >>"

    nums = []
    for index, page in enumerate(pages):
        page.StructParents = index
        page.Tabs = pikepdf.Name.S
        marked = " ".join(_ref(numbers[id(node)]) for node in log.pages.get(index, []))
        nums.append(f"{index} [{marked}]")
    key = len(pages)
    changed = {page.objgen: page for page in pages}
    for ref, node in log.annotations:
        annotation = pages[ref.page].Annots[ref.index]
        annotation.StructParent = key
        annotation.Contents = pikepdf.String(ref.contents)
        changed[annotation.objgen] = annotation
        nums.append(f"{key} {_ref(numbers[id(node)])}")
        key += 1
    bodies[parent_tree] = f"<< /Nums [{' '.join(nums)}] >>"
    bodies[struct_root] = (f"<< /Type /StructTreeRoot /K {_ref(numbers[id(root)])} "
                           f"/ParentTree {_ref(parent_tree)} /ParentTreeNextKey {key} >>")

    if "/Trapped" in pdf.docinfo:
        del pdf.docinfo.Trapped  # no XMP equivalent; pikepdf warns and drops it
    with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
        meta.load_from_docinfo(pdf.docinfo)
        meta["dc:title"] = title
        meta["pdfuaid:part"] = "1"
    packet = pdf.Root.Metadata.read_bytes()
    catalog = pdf.Root
    for name in ("/Metadata", "/Lang", "/MarkInfo", "/ViewerPreferences", "/StructTreeRoot", "/Version"):
        if name in catalog:
            del catalog[name]
    catalog_body = catalog.unparse(resolved=True).decode("latin-1")
    catalog_body = catalog_body[:catalog_body.rstrip().rfind(">>")] + (
        f" /StructTreeRoot {_ref(struct_root)} /MarkInfo << /Marked true >> /Lang {_text(lang)}"
        f" /ViewerPreferences << /DisplayDocTitle true >> /Metadata {_ref(metadata)} >>")
    changed_bodies = {catalog.objgen[0]: catalog_body.encode("latin-1")}
    changed_bodies.update((objgen[0], obj.unparse(resolved=True)) for objgen, obj in changed.items())

    out = io.BytesIO()
    out.write(pdf_bytes if pdf_bytes.endswith(b"\n") else pdf_bytes + b"\n")
    offsets: dict[int, int] = {}
    for obj_number, body in sorted(changed_bodies.items()):
        offsets[obj_number] = out.tell()
        out.write(b"%d 0 obj\n%s\nendobj\n" % (obj_number, body))
    for obj_number, text in sorted(bodies.items()):
        offsets[obj_number] = out.tell()
        out.write(b"%d 0 obj\n%s\nendobj\n" % (obj_number, text.encode("latin-1")))
    offsets[metadata] = out.tell()
    out.write(b"%d 0 obj\n<< /Type /Metadata /Subtype /XML /Length %d >>\nstream\n%s\nendstream\nendobj\n"
              % (metadata, len(packet), packet))
    previous = int(re.search(rb"startxref\s+(\d+)\s+%%EOF\s*$", pdf_bytes)[1])
    xref_at = out.tell()
    out.write(b"xref\n")
    numbers_sorted = sorted(offsets)
    start = 0
    while start < len(numbers_sorted):
        end = start
        while end + 1 < len(numbers_sorted) and numbers_sorted[end + 1] == numbers_sorted[end] + 1:
            end += 1
        out.write(b"%d %d\n" % (numbers_sorted[start], end - start + 1))
        for obj_number in numbers_sorted[start:end + 1]:
            out.write(b"%010d 00000 n\r\n" % offsets[obj_number])
        start = end + 1
    trailer = [f"/Size {next_number}", f"/Root {_objref(catalog)}", f"/Prev {previous}"]
    if "/Info" in pdf.trailer:
        trailer.append(f"/Info {_objref(pdf.trailer.Info)}")
    if "/ID" in pdf.trailer:
        trailer.append("/ID " + pdf.trailer.ID.unparse().decode("latin-1"))
    out.write(b"trailer\n<< %s >>\nstartxref\n%d\n%%%%EOF\n" % (" ".join(trailer).encode("latin-1"), xref_at))
    return out.getvalue()
