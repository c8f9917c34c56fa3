"""PDF/UA-1 rules on the structure tree: role mapping (7.1), what lists, tables and tables of
contents hold (7.2), alternate descriptions of figures and formulas (7.3, 7.7), headings (7.4),
table headers (7.5) and notes (7.9).

Parent and kid types are standard types after role mapping; NonStruct is passed through, as
veraPDF's ``parentStandardType`` and ``kidsStandardTypes`` do. Tables are laid out on a grid
with their row and column spans (attributes of owner Table) to find overlapping cells, rows and
columns of different lengths, and data cells that no header reaches.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

import pikepdf

from publisher.audit.pdf_document import (
    STANDARD_TYPES,
    Element,
    PdfDocument,
    name_of,
    text_of,
)
from publisher.audit.pdfua_rules import Hit, implements

HEADING = re.compile(r"^H([1-6])$")
GRID_LIMIT = 1_000_000  #: cells of a table laid out; a table whose spans claim more is not laid out
ROW_GROUPS = ("THead", "TBody", "TFoot")


def _by_type(doc: PdfDocument, *types: str) -> Iterator[Element]:
    return (e for e in doc.elements if e.standard in types)


@implements("7.1-t05", "7.1-t06", "7.1-t07", "7.1-t12")
def role_mapping(doc: PdfDocument) -> Iterator[Hit]:
    for element in doc.elements:
        if element.standard is None:
            yield Hit("7.1-t05", doc.where(element), (element.type,))
        if doc.role_map.circular(element.type):
            yield Hit("7.1-t06", doc.where(element), (element.type,))
        if element.type in STANDARD_TYPES and element.standard != element.type:
            yield Hit("7.1-t07", doc.where(element), (element.type,))
        if not isinstance(element.obj.get("/P"), pikepdf.Dictionary):
            yield Hit("7.1-t12", doc.where(element))


def _others(kinds: list[str], allowed: set[str]) -> list[str]:
    return [k for k in kinds if k not in allowed]


@implements("7.2-t03", "7.2-t04", "7.2-t05", "7.2-t06", "7.2-t07", "7.2-t08", "7.2-t09", "7.2-t10",
            "7.2-t11", "7.2-t12", "7.2-t13", "7.2-t14", "7.2-t16", "7.2-t17", "7.2-t18", "7.2-t19",
            "7.2-t20", "7.2-t26", "7.2-t27", "7.2-t28", "7.2-t36", "7.2-t37", "7.2-t38", "7.2-t39",
            "7.2-t40")
def nesting(doc: PdfDocument) -> Iterator[Hit]:
    """ISO 32000-1, 14.8.4.3: where list, table and TOC elements may stand and what they hold."""
    for element in doc.elements:
        kind = element.standard
        if kind not in ("Table", "TR", "THead", "TBody", "TFoot", "TH", "TD", "L", "LI", "LBody", "TOC", "TOCI"):
            continue
        parent = doc.parent_standard_type(element)
        kids = doc.kids_standard_types(element)
        if kind == "Table":
            others = _others(kids, {"TR", "THead", "TBody", "TFoot", "Caption"})
            if others:
                yield Hit("7.2-t03", doc.where(element), (",".join(others),))
            if kids.count("THead") > 1:
                yield Hit("7.2-t11", doc.where(element))
            if kids.count("TFoot") > 1:
                yield Hit("7.2-t12", doc.where(element))
            if "TFoot" in kids and "TBody" not in kids:
                yield Hit("7.2-t13", doc.where(element))
            if "THead" in kids and "TBody" not in kids:
                yield Hit("7.2-t14", doc.where(element))
            if "Caption" in kids[1:-1]:
                yield Hit("7.2-t16", doc.where(element), (kids[1:].index("Caption") + 2,))
            if kids.count("Caption") > 1:
                yield Hit("7.2-t39", doc.where(element), (kids.count("Caption"),))
        elif kind == "TR":
            if parent not in ("Table", "THead", "TBody", "TFoot"):
                yield Hit("7.2-t04", doc.where(element), (parent,))
            others = _others(kids, {"TH", "TD"})
            if others:
                yield Hit("7.2-t10", doc.where(element), (",".join(others),))
        elif kind in ROW_GROUPS:
            if parent != "Table":
                yield Hit({"THead": "7.2-t05", "TBody": "7.2-t06", "TFoot": "7.2-t07"}[kind], doc.where(element), (parent,))
            others = _others(kids, {"TR"})
            if others:
                rule = {"THead": "7.2-t36", "TBody": "7.2-t37", "TFoot": "7.2-t38"}[kind]
                yield Hit(rule, doc.where(element), (",".join(others),))
        elif kind in ("TH", "TD"):
            if parent != "TR":
                yield Hit("7.2-t08" if kind == "TH" else "7.2-t09", doc.where(element), (parent,))
        elif kind == "L":
            others = _others(kids, {"L", "LI", "Caption"})
            if others:
                yield Hit("7.2-t19", doc.where(element), (",".join(others),))
            if "Caption" in kids[1:]:
                yield Hit("7.2-t40", doc.where(element), (kids[1:].index("Caption") + 2,))
        elif kind == "LI":
            if parent != "L":
                yield Hit("7.2-t17", doc.where(element), (parent,))
            others = _others(kids, {"Lbl", "LBody"})
            if others:
                yield Hit("7.2-t20", doc.where(element), (",".join(others),))
        elif kind == "LBody":
            if parent != "LI":
                yield Hit("7.2-t18", doc.where(element), (parent,))
        elif kind == "TOC":
            others = _others(kids, {"TOC", "TOCI", "Caption"})
            if others:
                yield Hit("7.2-t27", doc.where(element), (",".join(others),))
            if "Caption" in kids[1:]:
                yield Hit("7.2-t28", doc.where(element), (kids[1:].index("Caption") + 2,))
        elif kind == "TOCI" and parent != "TOC":
            yield Hit("7.2-t26", doc.where(element), (parent,))


# ---------------------------------------------------------------- tables


def _table_attribute(element: Element, key: str) -> object:
    """An attribute of owner Table from the element's /A (a dictionary or an array of them)."""
    attributes = element.obj.get("/A")
    items = list(attributes) if isinstance(attributes, pikepdf.Array) else [attributes]
    for item in items:
        if isinstance(item, pikepdf.Dictionary) and item.get("/O") == "/Table" and key in item:
            return item.get(key)
    return None


def _span(element: Element, key: str) -> int:
    value = _table_attribute(element, key)
    return max(1, int(value)) if isinstance(value, int) and not isinstance(value, bool) else 1


def _scope(element: Element) -> str | None:
    return name_of(_table_attribute(element, "/Scope"))


def _headers(element: Element) -> list[str]:
    value = _table_attribute(element, "/Headers")
    if isinstance(value, pikepdf.Array):
        return [str(v) for v in value if isinstance(v, pikepdf.String)]
    return []


@dataclass
class TableGrid:
    """A table laid out on its grid of rows and columns (veraPDF's SETable)."""

    rows: int = 0
    columns: int = 0
    cells: list[list[Element | None]] = field(default_factory=list)
    origin: dict[int, tuple[int, int]] = field(default_factory=dict)  #: cell index -> (row, column)
    intersecting: list[Element] = field(default_factory=list)
    wrong_row: int | None = None  #: a row whose cells overflow or underfill the columns
    wrong_row_columns: int | None = None  #: how many columns that row fills, if it underfills
    wrong_column: int | None = None  #: a column where a cell spans past the last row

    @property
    def regular(self) -> bool:
        return not self.intersecting and self.wrong_row is None and self.wrong_column is None


def _cells(doc: PdfDocument, row: Element) -> list[Element]:
    return [c for c in doc.significant_kids(row) if c.standard in ("TH", "TD")]


def table_rows(doc: PdfDocument, table: Element) -> list[Element]:
    rows = []
    for kid in doc.significant_kids(table):
        if kid.standard == "TR":
            rows.append(kid)
        elif kid.standard in ROW_GROUPS:
            rows += [r for r in doc.significant_kids(kid) if r.standard == "TR"]
    return rows


def lay_out(doc: PdfDocument, table: Element) -> TableGrid:
    grid = TableGrid()
    rows = table_rows(doc, table)
    grid.rows = len(rows)
    if grid.rows == 0:
        return grid
    grid.columns = sum(_span(c, "/ColSpan") for c in _cells(doc, rows[0]))
    if grid.rows * grid.columns > GRID_LIMIT:  # spans no real table has: the first row is wrong
        grid.wrong_row = 0
        return grid
    grid.cells = [[None] * grid.columns for _ in range(grid.rows)]
    for r, row in enumerate(rows):
        column = 0
        for cell in _cells(doc, row):
            if r >= grid.rows:
                grid.wrong_column = column
                return grid
            col_span, row_span = _span(cell, "/ColSpan"), _span(cell, "/RowSpan")
            while column < grid.columns and grid.cells[r][column] is not None:
                column += 1
            if column + col_span > grid.columns:
                grid.wrong_row = r
                return grid
            if r + row_span > grid.rows:
                grid.wrong_column = column
                return grid
            grid.origin[cell.index] = (r, column)
            for i in range(row_span):
                for j in range(col_span):
                    other = grid.cells[r + i][column + j]
                    if other is not None:
                        grid.intersecting += [cell, other]
                        return grid
                    grid.cells[r + i][column + j] = cell
            column += col_span
    for r, line in enumerate(grid.cells):
        empty = sum(1 for c in line if c is None)
        if empty:
            grid.wrong_row, grid.wrong_row_columns = r, grid.columns - empty
            return grid
    return grid


@implements("7.2-t15", "7.2-t41", "7.2-t42", "7.2-t43")
def table_regularity(doc: PdfDocument) -> Iterator[Hit]:
    for table in _by_type(doc, "Table"):
        grid = lay_out(doc, table)
        for cell in grid.intersecting:
            yield Hit("7.2-t15", doc.where(cell))
        where = doc.where(table)
        if grid.wrong_column is not None:
            yield Hit("7.2-t41", where, (grid.wrong_column + 1,))
        if grid.wrong_row is not None:
            if grid.wrong_row_columns is None:
                yield Hit("7.2-t42", where, (grid.wrong_row + 1,))
            else:
                yield Hit("7.2-t43", where, (grid.wrong_row + 1, grid.columns, grid.wrong_row_columns))


def _reaches_header(grid: TableGrid, row: int, column: int, end_row: int, end_column: int) -> bool:
    """A TH with the right Scope above the cell in its columns, or left of it in its rows, within
    the run of headers nearest to it (PDF/UA-1: a TH without Scope has none)."""
    return (any(_scoped_header([grid.cells[r][c] for r in range(row - 1, -1, -1)], "Column")
                for c in range(column, end_column))
            or any(_scoped_header([grid.cells[r][c] for c in range(column - 1, -1, -1)], "Row")
                   for r in range(row, end_row)))


def _scoped_header(cells: list[Element | None], wanted: str) -> bool:
    """Going away from a cell: a TH scoped ``wanted`` (or Both) before the first run of TH ends."""
    found = False
    for cell in cells:
        header = cell is not None and cell.standard == "TH"
        if header and cell is not None and _scope(cell) in ("Both", wanted):
            return True
        if header:
            found = True
        elif found:
            return False
    return False


@implements("7.5-t01", "7.5-t02")
def table_headers(doc: PdfDocument) -> Iterator[Hit]:
    """If not every TH has a Scope, every TD names its headers by ID or has a scoped TH in line."""
    for table in _by_type(doc, "Table"):
        grid = lay_out(doc, table)
        if grid.rows == 0 or not grid.regular:
            continue
        placed = [cell for line in grid.cells for cell in line if cell is not None]
        headers = [cell for cell in placed if cell.standard == "TH"]
        if all(_scope(th) is not None for th in headers):
            continue
        ids = {text_of(th.obj.get("/ID")) for th in headers} - {None, ""}
        for r in range(grid.rows):
            for c in range(grid.columns):
                cell = grid.cells[r][c]
                if cell is None or cell.standard != "TD" or grid.origin.get(cell.index) != (r, c):
                    continue
                named = _headers(cell)
                if named and all(h in ids for h in named):
                    continue
                if _reaches_header(grid, r, c, r + _span(cell, "/RowSpan"), c + _span(cell, "/ColSpan")):
                    continue
                unknown = [h for h in named if h not in ids]
                if unknown:
                    yield Hit("7.5-t02", doc.where(cell), (",".join(unknown),))
                else:
                    yield Hit("7.5-t01", doc.where(cell))
                break
            else:
                continue
            break


# ---------------------------------------------------------------- alternate descriptions, headings, notes


def _has_alternative(element: Element) -> bool:
    alt = text_of(element.obj.get("/Alt"))
    return bool(alt) or isinstance(element.obj.get("/ActualText"), pikepdf.String)


@implements("7.3-t01", "7.7-t01")
def alternate_descriptions(doc: PdfDocument) -> Iterator[Hit]:
    for element in _by_type(doc, "Figure", "Formula"):
        if not _has_alternative(element):
            yield Hit("7.3-t01" if element.standard == "Figure" else "7.7-t01", doc.where(element))


@implements("7.4.2-t01", "7.4.4-t01", "7.4.4-t02", "7.4.4-t03")
def headings(doc: PdfDocument) -> Iterator[Hit]:
    numbered = [e for e in doc.elements if e.standard and HEADING.match(e.standard)]
    plain = [e for e in doc.elements if e.standard == "H"]
    last = 0
    for element in numbered:
        level = int(element.standard[1]) if element.standard else 0
        if level > last + 1:
            yield Hit("7.4.2-t01", doc.where(element), (level - 1,))
        last = level
    for element in doc.elements:
        if doc.kids_standard_types(element).count("H") > 1:
            yield Hit("7.4.4-t01", doc.where(element))
    if numbered and plain:
        for element in plain:
            yield Hit("7.4.4-t02", doc.where(element))
        for element in numbered:
            yield Hit("7.4.4-t03", doc.where(element))


@implements("7.9-t01", "7.9-t02")
def notes(doc: PdfDocument) -> Iterator[Hit]:
    found = list(_by_type(doc, "Note"))
    ids = Counter(text_of(n.obj.get("/ID")) for n in found)
    for note in found:
        note_id = text_of(note.obj.get("/ID"))
        if not note_id:
            yield Hit("7.9-t01", doc.where(note))
        elif ids[note_id] > 1:
            yield Hit("7.9-t02", doc.where(note), (note_id,))
