"""The python-docx internals the handout's writer relies on, each reached here and nowhere else.

python-docx has no public way to change a part it does not model (the theme, the font
table) or to add a part of its own (an embedded font): these few steps are reached here,
each pinned by one test in ``tests/test_docx_internals.py`` named after it, so a python-docx
release that changes one fails that test (python-docx is pinned below 1.3 in pyproject.toml).
python-docx is imported only when one of these is called.
"""
from __future__ import annotations

from typing import Any


def replace_blob(part: Any, blob: bytes) -> None:
    """Give a part python-docx keeps as bytes (the theme, the font table) new bytes (``Part._blob``)."""
    part._blob = blob


def new_part(package: Any, partname: str, content_type: str, blob: bytes) -> Any:
    """A part of ``package`` holding ``blob`` as it is, saved once a relationship reaches it."""
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    return Part(PackURI(partname), content_type, blob, package)


def drop_package_relationship(package: Any, reltype: str) -> None:
    """Remove the package's relationships of ``reltype`` (the template's thumbnail); the part
    they reached is no longer saved (``OpcPackage.rels`` is a dict of relationships by id)."""
    for rel_id in [rel_id for rel_id, rel in package.rels.items() if rel.reltype == reltype]:
        package.rels.pop(rel_id)


def set_style_id(proxy: Any, style_id: str | None) -> None:
    """Give a paragraph or run the style ``style_id`` (None: the default paragraph style), as
    ``proxy.style = name`` does without looking the style up by name each time (``CT_P.style``,
    ``CT_R.style``): python-docx's lookup is an XPath search of every style, about 1.5 ms a call."""
    proxy._element.style = style_id


def xml_of(proxy: Any) -> Any:
    """The lxml element behind a python-docx proxy: paragraph, run, table, row, cell (``_element``)."""
    return proxy._element
