"""The PDF accessibility audit: veraPDF's PDF/UA-1 profile, rule for rule, on any PDF.

The rules are data (:mod:`publisher.audit.pdfua_rules`, from ``pdfua1_rules.json``); each is
implemented by a check over the document model of :mod:`publisher.audit.pdf_document`, read with
pikepdf and fontTools, never with the code that wrote the file. Every finding's rule id is the
profile's (``pdf.7.2-t34``: ISO 14289-1 clause 7.2, test 34) and its message the profile's error
message. ``publisher check --rules`` lists the rules; ``tests/test_verapdf_corpus.py`` runs the
audit over the veraPDF corpus.

:func:`extract` gives the text an assistive technology reads: the structure tree walked in
order, each block element's marked content decoded through the fonts' ToUnicode maps.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

import pikepdf

from publisher.audit import Finding, Passage
from publisher.audit.pdf_content import page_texts
from publisher.audit.pdf_document import PdfDocument, name_of
from publisher.audit.pdfua_rules import checks_in_order, rules

BLOCK_ROLES = frozenset((
    "P H H1 H2 H3 H4 H5 H6 LI TH TD Caption Figure Formula TOCI Note BibEntry Code"
).split())
#: sha256 of a file audited lately -> per page, the text shown in each MCID (``check`` audits, then extracts)
_PAGE_TEXTS: dict[str, list[dict[int, list[str]]]] = {}
_PAGE_TEXTS_KEPT = 4


def rule_id(profile_id: str) -> str:
    """The finding rule id of a profile rule: ``7.2-t34`` -> ``pdf.7.2-t34``."""
    return "pdf." + profile_id


def run_rules(doc: PdfDocument) -> list[Finding]:
    """Every check over one document; a finding per failed object, in the profile's rule order."""
    table = rules()
    findings: list[Finding] = []
    broken: list[Finding] = []
    for check in checks_in_order():
        declared = set(getattr(check, "rule_ids", ()))
        try:
            for hit in check(doc):
                if hit.rule not in declared:
                    raise AssertionError(f"{check.__name__} reported {hit.rule}, which it does not implement")
                findings.append(Finding(doc.name, hit.location, rule_id(hit.rule), table[hit.rule].format(hit.values)))
        except (pikepdf.PdfError, ValueError, TypeError, KeyError, IndexError, AttributeError, RecursionError) as exc:
            # a part of the file the check reads is malformed: say so, and go on with the other rules
            rules_named = ", ".join(sorted(declared))
            broken.append(Finding(doc.name, "file", "pdf.unreadable",
                                  f"part of the file cannot be read, so rules {rules_named} are not all checked: {exc}"))
    order = {rule: index for index, rule in enumerate(table)}
    findings.sort(key=lambda f: order[f.rule[4:]])
    return findings + broken


def _open(path: Path) -> pikepdf.Pdf:
    return pikepdf.open(path)


def audit(path: Path) -> list[Finding]:
    """Every machine-checkable PDF/UA-1 rule that ``path`` breaks (see the module docstring)."""
    path = Path(path)
    digest = _digest(path)
    try:
        pdf = _open(path)
    except pikepdf.PasswordError:
        return [Finding(path.name, "file", "pdf.unreadable",
                        "the PDF needs a password to be opened, so no assistive technology can read it")]
    except (pikepdf.PdfError, OSError) as exc:
        return [Finding(path.name, "file", "pdf.unreadable", f"cannot open the PDF: {exc}")]
    with pdf:
        doc = PdfDocument(pdf, path.name, path)
        findings = run_rules(doc)
        for where in doc.content.unreadable:
            findings.append(Finding(path.name, where, "pdf.unreadable", "the content stream cannot be parsed"))
        texts = _texts_by_page(doc)
    if digest is not None:
        _PAGE_TEXTS.pop(digest, None)
        _PAGE_TEXTS[digest] = texts
        while len(_PAGE_TEXTS) > _PAGE_TEXTS_KEPT:
            del _PAGE_TEXTS[next(iter(_PAGE_TEXTS))]
    return findings


def _texts_by_page(doc: PdfDocument) -> list[dict[int, list[str]]]:
    out = []
    for index, page in enumerate(doc.pdf.pages):
        key = page.obj.get("/StructParents")
        out.append(doc.content.texts.get((index, int(key) if isinstance(key, int) else None), {}))
    return out


def _digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def extract(path: Path) -> list[Passage]:
    """The text read from the tag structure, in reading order: one passage per block element
    (paragraph, heading, list item, table cell...), located by page and role."""
    audited = _PAGE_TEXTS.get(_digest(Path(path)) or "")
    with _open(Path(path)) as pdf:
        doc = PdfDocument(pdf, Path(path).name, Path(path))
        if doc.struct_root is None:
            return []
        pages = {page.obj.objgen: i for i, page in enumerate(pdf.pages)}
        texts: dict[int, dict[int, list[str]]] = dict(enumerate(audited)) if audited else {}

        def text_of(page_index: int, mcid: int) -> str:
            if page_index not in texts:
                texts[page_index] = page_texts(pdf.pages[page_index], page_index)
            return "".join(texts[page_index].get(mcid, []))

        def page_of(obj, default):
            page = obj.get("/Pg")
            return pages[page.objgen] if isinstance(page, pikepdf.Dictionary) and page.objgen in pages else default

        def collect(element, page_index) -> list[tuple[int | None, str]]:
            page_index = page_of(element, page_index)
            out: list[tuple[int | None, str]] = []
            for kid in _kids(element):
                if isinstance(kid, int) and not isinstance(kid, bool):
                    if page_index is not None:
                        out.append((page_index, text_of(page_index, int(kid))))
                elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
                    index = page_of(kid, page_index)
                    if index is not None and isinstance(kid.get("/MCID"), int):
                        out.append((index, text_of(index, int(kid.MCID))))
                elif isinstance(kid, pikepdf.Dictionary) and "/S" in kid and kid.get("/Type") != "/OBJR":
                    actual = kid.get("/ActualText")
                    out += [(page_index, str(actual))] if actual is not None else collect(kid, page_index)
            return out

        passages: list[Passage] = []
        seen: set = set()

        def visit(element, page_index):
            key = element.objgen if element.is_indirect else id(element)
            if key in seen:
                return
            seen.add(key)
            role = doc.standard_of(element) or name_of(element.get("/S")) or ""
            kids = _kids(element)
            if role in BLOCK_ROLES or any(not (isinstance(k, pikepdf.Dictionary) and "/S" in k) for k in kids):
                pieces = collect(element, page_index)
                if "/Alt" in element:  # an assistive technology reads the Alt, not the content
                    first = next((p for p, _ in pieces if p is not None), page_index)
                    pieces = [(first, str(element.Alt))]
                text = " ".join("".join(t for _, t in pieces).split())
                if text:
                    first = next((p for p, _ in pieces if p is not None), None)
                    where = f"page {first + 1}, {role}" if first is not None else role
                    passages.append(Passage(where, text, _passage_role(role, element)))
                return
            for kid in kids:
                if isinstance(kid, pikepdf.Dictionary) and "/S" in kid and kid.get("/Type") not in ("/MCR", "/OBJR"):
                    visit(kid, page_index)

        for kid in _kids(doc.struct_root):
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                visit(kid, None)
        return passages


def _passage_role(role: str, element) -> str:
    """A heading's level, or "TH" for a header cell scoped to its column (:class:`Passage`)."""
    if role in ("H1", "H2", "H3", "H4", "H5", "H6"):
        return role
    if role == "TH":
        attributes = element.get("/A")
        for owned in list(attributes) if isinstance(attributes, pikepdf.Array) else [attributes]:
            if isinstance(owned, pikepdf.Dictionary) and owned.get("/O") == "/Table" and owned.get("/Scope") == "/Column":
                return "TH"
    return ""


def _kids(element) -> list:
    kids = element.get("/K")
    return list(kids) if isinstance(kids, pikepdf.Array) else ([] if kids is None else [kids])
