"""The structure tree as the layer builds it: elements (:class:`Node`) with their kids in
reading order (child elements, marked content, link annotations), and what the canvas logs."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

ROLES = frozenset(
    "Document Part Art Sect Div BlockQuote Caption P H1 H2 H3 H4 H5 H6 L LI Lbl LBody "
    "Table THead TBody TFoot TR TH TD Figure Formula Form Link Annot Quote Note Reference "
    "Span Code BibEntry Index TOC TOCI NonStruct Private".split()
)
#: Roles kept in the tree even when nothing was drawn in them (a table keeps every cell).
KEEP_EMPTY = frozenset({"TH", "TD"})


class Node:
    """A structure element: a role, attributes, and kids in reading order.

    Kids are child nodes, marked content (:class:`MarkedContent`) and link annotations
    (:class:`AnnotationRef`), kept in the order they were created or drawn.
    """

    def __init__(self, role: str, parent: Node | None = None, *, alt: str | None = None,
                 actual_text: str | None = None, lang: str | None = None, scope: str | None = None):
        if role not in ROLES:
            raise ValueError(f"'{role}' is not a standard structure type")
        self.role = role
        self.parent = parent
        self.alt = alt
        self.actual_text = actual_text
        self.lang = lang
        self.scope = scope  #: "Column" or "Row" for TH
        self.bbox: tuple[int, tuple[float, float, float, float]] | None = None  #: (page, box) for figures
        self.kids: list[Node | MarkedContent | AnnotationRef] = []
        if parent is not None:
            parent.kids.append(self)

    def add(self, role: str, **attributes) -> Node:
        return Node(role, self, **attributes)

    def walk(self) -> Iterator[Node]:
        yield self
        for kid in self.kids:
            if isinstance(kid, Node):
                yield from kid.walk()

    def __repr__(self) -> str:
        return f"Node({self.role}, {len(self.kids)} kids)"


@dataclass(frozen=True)
class MarkedContent:
    page: int  #: 0-based
    mcid: int


@dataclass(frozen=True)
class AnnotationRef:
    page: int
    index: int  #: position in the page's /Annots
    contents: str


@dataclass(frozen=True)
class Artifact:
    """Drawing context for page furniture: ``kind`` is Pagination, Layout, Page or Background."""

    kind: str = "Layout"


PAGINATION = Artifact("Pagination")
LAYOUT = Artifact("Layout")


@dataclass
class MarkLog:
    """What the canvas marked while drawing: per page, MCID -> node; the link annotations."""

    pages: dict[int, list[Node]] = field(default_factory=dict)
    annotations: list[tuple[AnnotationRef, Node]] = field(default_factory=list)
