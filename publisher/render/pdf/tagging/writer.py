"""After drawing: the structure tree and the PDF/UA metadata, added as an incremental update."""
from __future__ import annotations

import io
import re

import pikepdf

from publisher.render.pdf.tagging.structure import KEEP_EMPTY, MarkedContent, MarkLog, Node


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
    :class:`~publisher.render.pdf.tagging.canvas.TaggingCanvas` with ``log``; return the new file.

    The additions are written as an incremental update (ISO 32000-1, 7.5.6): pikepdf reads
    the file, updates the catalog, pages and link annotations and writes the XMP packet;
    the structure elements, one small dictionary each, are written as PDF text directly,
    which costs a fraction of building them as pikepdf objects.
    """
    if root.role != "Document":
        raise ValueError("the structure root must be a Document node")
    pdf = pikepdf.open(io.BytesIO(pdf_bytes))
    pages = [page.obj for page in pdf.pages]
    numbers, order, next_number = _number_elements(root, int(pdf.trailer.Size))
    struct_root, parent_tree, metadata = next_number, next_number + 1, next_number + 2
    page_refs = [_objref(page) for page in pages]
    bodies = {numbers[id(node)]: _element(node, numbers, struct_root, pages, page_refs) for node in order}
    nums, next_key, changed = _parent_tree(pages, log, numbers)
    bodies[parent_tree] = f"<< /Nums [{' '.join(nums)}] >>"
    bodies[struct_root] = (f"<< /Type /StructTreeRoot /K {_ref(numbers[id(root)])} "
                           f"/ParentTree {_ref(parent_tree)} /ParentTreeNextKey {next_key} >>")
    packet = _xmp_packet(pdf, title, lang)
    changed_bodies = {pdf.Root.objgen[0]: _catalog(pdf.Root, struct_root, metadata, lang)}
    changed_bodies.update((objgen[0], obj.unparse(resolved=True)) for objgen, obj in changed.items())
    return _incremental_update(pdf, pdf_bytes, changed_bodies, bodies, (metadata, packet), next_number + 3)


def _number_elements(root: Node, first: int) -> tuple[dict[int, int], list[Node], int]:
    """Object numbers for the elements that hold content, from ``first``, in reading order;
    the Document root is numbered even when nothing was drawn. Returns the numbers by node
    id, the numbered nodes, and the next free number."""
    kept = _nodes_with_content(root)
    numbers: dict[int, int] = {}
    order: list[Node] = []

    def number(node: Node) -> None:
        if id(node) in kept:
            numbers[id(node)] = first + len(order)
            order.append(node)
            for kid in node.kids:
                if isinstance(kid, Node):
                    number(kid)

    number(root)
    if not order:
        numbers[id(root)] = first
        order.append(root)
    return numbers, order, first + len(order)


def _element(node: Node, numbers: dict[int, int], struct_root: int, pages: list[pikepdf.Dictionary],
             page_refs: list[str]) -> str:
    """One structure element's dictionary, as PDF text."""
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
    return "<< " + " ".join(parts) + " >>"


def _parent_tree(pages: list[pikepdf.Dictionary], log: MarkLog, numbers: dict[int, int]
                 ) -> tuple[list[str], int, dict[tuple[int, int], pikepdf.Object]]:
    """The ParentTree's /Nums entries (each page's marked elements, then each link
    annotation's element), the next key, and the pages and annotations this changes
    (``/StructParents``, ``/Tabs``; ``/StructParent``, ``/Contents``)."""
    nums = []
    for index, page in enumerate(pages):
        page.StructParents = index
        page.Tabs = pikepdf.Name.S
        marked = " ".join(_ref(numbers[id(node)]) for node in log.pages.get(index, []))
        nums.append(f"{index} [{marked}]")
    key = len(pages)
    changed: dict[tuple[int, int], pikepdf.Object] = {page.objgen: page for page in pages}
    for ref, node in log.annotations:
        annotation = pages[ref.page].Annots[ref.index]
        annotation.StructParent = key
        annotation.Contents = pikepdf.String(ref.contents)
        changed[annotation.objgen] = annotation
        nums.append(f"{key} {_ref(numbers[id(node)])}")
        key += 1
    return nums, key, changed


def _xmp_packet(pdf: pikepdf.Pdf, title: str, lang: str = "") -> bytes:
    """The XMP metadata: the document information, ``dc:title``, ``dc:language`` and ``pdfuaid:part`` 1."""
    if "/Trapped" in pdf.docinfo:
        del pdf.docinfo.Trapped  # no XMP equivalent; pikepdf warns and drops it
    with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
        meta.load_from_docinfo(pdf.docinfo)
        meta["dc:title"] = title
        if lang:
            meta["dc:language"] = {lang}
        meta["pdfuaid:part"] = "1"
    return bytes(pdf.Root.Metadata.read_bytes())


def _catalog(catalog: pikepdf.Object, struct_root: int, metadata: int, lang: str) -> bytes:
    """The catalog with the structure tree, /MarkInfo, /Lang, /ViewerPreferences and /Metadata."""
    for name in ("/Metadata", "/Lang", "/MarkInfo", "/ViewerPreferences", "/StructTreeRoot", "/Version"):
        if name in catalog:
            del catalog[name]
    body = catalog.unparse(resolved=True).decode("latin-1")
    body = body[:body.rstrip().rfind(">>")] + (
        f" /StructTreeRoot {_ref(struct_root)} /MarkInfo << /Marked true >> /Lang {_text(lang)}"
        f" /ViewerPreferences << /DisplayDocTitle true >> /Metadata {_ref(metadata)} >>")
    return body.encode("latin-1")


def _incremental_update(pdf: pikepdf.Pdf, pdf_bytes: bytes, changed: dict[int, bytes], new: dict[int, str],
                        metadata: tuple[int, bytes], size: int) -> bytes:
    """``pdf_bytes`` followed by the changed and new objects, the metadata stream, a
    cross-reference section for them and a trailer pointing back to the previous one."""
    out = io.BytesIO()
    out.write(pdf_bytes if pdf_bytes.endswith(b"\n") else pdf_bytes + b"\n")
    offsets: dict[int, int] = {}
    for obj_number, body in sorted(changed.items()):
        offsets[obj_number] = out.tell()
        out.write(b"%d 0 obj\n%s\nendobj\n" % (obj_number, body))
    for obj_number, text in sorted(new.items()):
        offsets[obj_number] = out.tell()
        out.write(b"%d 0 obj\n%s\nendobj\n" % (obj_number, text.encode("latin-1")))
    number, packet = metadata
    offsets[number] = out.tell()
    out.write(b"%d 0 obj\n<< /Type /Metadata /Subtype /XML /Length %d >>\nstream\n%s\nendstream\nendobj\n"
              % (number, len(packet), packet))
    found = re.search(rb"startxref\s+(\d+)\s+%%EOF\s*$", pdf_bytes)
    if found is None:
        raise ValueError("the PDF to update does not end with startxref and %%EOF")
    xref_at = out.tell()
    out.write(b"xref\n")
    numbers = sorted(offsets)
    start = 0
    while start < len(numbers):
        end = start
        while end + 1 < len(numbers) and numbers[end + 1] == numbers[end] + 1:
            end += 1
        out.write(b"%d %d\n" % (numbers[start], end - start + 1))
        for obj_number in numbers[start:end + 1]:
            out.write(b"%010d 00000 n\r\n" % offsets[obj_number])
        start = end + 1
    trailer = [f"/Size {size}", f"/Root {_objref(pdf.Root)}", f"/Prev {int(found[1])}"]
    if "/Info" in pdf.trailer:
        trailer.append(f"/Info {_objref(pdf.trailer.Info)}")
    if "/ID" in pdf.trailer:
        trailer.append("/ID " + pdf.trailer.ID.unparse().decode("latin-1"))
    out.write(b"trailer\n<< %s >>\nstartxref\n%d\n%%%%EOF\n" % (" ".join(trailer).encode("latin-1"), xref_at))
    return out.getvalue()
