"""XMP metadata as PDF/UA reads it: the properties of the main package, with the namespace
prefixes they are written with.

The XMP is parsed with expat (namespace-aware, keeping prefixes, since clause 5 of ISO 14289-1
asks which prefix the identification schema uses). A packet with a DOCTYPE is refused: XMP
never needs one, and it is where entity expansion attacks live.
"""
from __future__ import annotations

import xml.parsers.expat
from dataclasses import dataclass, field

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
XML_NS = "http://www.w3.org/XML/1998/namespace"
DC = "http://purl.org/dc/elements/1.1/"
PDFUAID = "http://www.aiim.org/pdfua/ns/id/"


class XmpError(ValueError):
    """The metadata stream is not well-formed XMP."""


@dataclass
class Node:
    uri: str
    name: str
    prefix: str
    attributes: dict[tuple[str, str], tuple[str, str]] = field(default_factory=dict)  #: (uri, name) -> (prefix, value)
    children: list[Node] = field(default_factory=list)
    text: str = ""

    def lang(self) -> str | None:
        value = self.attributes.get((XML_NS, "lang"))
        return value[1] if value else None


@dataclass(frozen=True)
class Property:
    """One top-level property of an ``rdf:Description``, in element or attribute form."""

    uri: str
    name: str
    prefix: str
    value: str
    node: Node | None  #: the property element (None for the attribute form)

    def language_alternative(self) -> list[Node] | None:
        """The ``rdf:li`` items of an ``rdf:Alt`` value whose items carry ``xml:lang``, else None."""
        if self.node is None:
            return None
        for child in self.node.children:
            if (child.uri, child.name) == (RDF, "Alt"):
                items = [li for li in child.children if (li.uri, li.name) == (RDF, "li")]
                if items and all(li.lang() is not None for li in items):
                    return items
        return None


def _split(name: str) -> tuple[str, str, str]:
    parts = name.split(" ")
    if len(parts) == 3:
        return parts[0], parts[1], parts[2]
    if len(parts) == 2:
        return parts[0], parts[1], ""
    return "", parts[0], ""


def parse(data: bytes) -> list[Property]:
    """The top-level properties of every ``rdf:Description`` in the packet."""
    parser = xml.parsers.expat.ParserCreate(namespace_separator=" ")
    parser.namespace_prefixes = True
    root = Node("", "#document", "")
    stack = [root]

    def refuse_doctype(*_args) -> None:
        raise XmpError("the XMP packet has a DOCTYPE declaration")

    def start(name: str, attributes: dict[str, str]) -> None:
        uri, local, prefix = _split(name)
        node = Node(uri, local, prefix)
        for key, value in attributes.items():
            a_uri, a_local, a_prefix = _split(key)
            node.attributes[(a_uri, a_local)] = (a_prefix, value)
        stack[-1].children.append(node)
        stack.append(node)

    def end(_name: str) -> None:
        stack.pop()

    def text(data: str) -> None:
        stack[-1].text += data

    parser.StartDoctypeDeclHandler = refuse_doctype
    parser.EntityDeclHandler = refuse_doctype
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    try:
        parser.Parse(data, True)
    except xml.parsers.expat.ExpatError as exc:
        raise XmpError(str(exc)) from None
    properties: list[Property] = []

    def visit(node: Node) -> None:
        if (node.uri, node.name) == (RDF, "Description"):
            for (a_uri, a_local), (a_prefix, value) in node.attributes.items():
                if a_uri and a_uri not in (RDF, XML_NS):
                    properties.append(Property(a_uri, a_local, a_prefix, value, None))
            for child in node.children:
                properties.append(Property(child.uri, child.name, child.prefix, _value(child), child))
            return
        for child in node.children:
            visit(child)

    visit(root)
    return properties


def _value(node: Node) -> str:
    """The text of a simple property, or of the first item of an array or alternative."""
    for child in node.children:
        if child.uri == RDF and child.name in ("Alt", "Seq", "Bag"):
            items = [li for li in child.children if li.name == "li"]
            return items[0].text.strip() if items else ""
    resource = node.attributes.get((RDF, "resource"))
    return resource[1] if resource else node.text.strip()
