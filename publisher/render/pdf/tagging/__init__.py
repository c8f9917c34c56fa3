"""The tagged-PDF layer: ReportLab flowables with structure roles in, a PDF/UA-1 tagged PDF out.

ReportLab writes untagged PDFs. This layer tags them in two steps:

1. **While drawing**, :class:`TaggingCanvas` wraps content in marked-content sequences. Text is
   marked inside ``BT ... ET`` by :class:`TaggedTextObject` (``/P <</MCID n>> BDC`` after ``BT``,
   ``EMC`` before ``ET``) so BDC/EMC and BT/ET nest; every other painting operator that is not
   inside a marked sequence (backgrounds, rules, underlines) becomes ``/Artifact``. Text drawn
   outside any tagged flowable (running header, footer, page number) is an ``/Artifact`` too.
   Each (page, MCID) is logged against the structure :class:`Node` being drawn.
2. **After drawing**, :func:`write_structure` adds the structure tree, built from the nodes and
   the log, as an incremental update (pikepdf reads the file and writes the XMP): StructTreeRoot >
   Document, ``/K`` with MCIDs and MCRs, OBJR for links, the
   ParentTree, ``/StructParents`` and ``/Tabs /S`` on pages, ``/MarkInfo``, ``/Lang``,
   ``DisplayDocTitle`` and XMP with ``dc:title`` and ``pdfuaid:part`` 1.

Flowables get their role with :func:`tagged`, which wraps the instance's ``drawOn`` and ``split``:
a paragraph or table split across pages stays one structure element. Tables are tagged through
ReportLab's ``Table(renderCB=...)`` hook (cells become TH/TD, a header row repeated on a later
page is a pagination artifact). The usual entry point is :class:`TaggedDocBuilder`::

    doc = TaggedDocBuilder(title="...", lang="en-US", fonts=register_fonts(theme))
    story = [doc.heading(1, "Title", h1_style), doc.paragraph("Body", body_style),
             doc.table(rows, col_widths, style_commands, header_rows=1),
             doc.bullet_list(["one", "two"], body_style), doc.figure(drawing, alt="...")]
    pdf_bytes = doc.build(story, furniture=draw_footer)

Rules of use:

- **Creation order is reading order.** Each builder method appends its node to the tree when it
  is called, so make flowables in the order they should be read (a heading before its table),
  whatever order they are later placed in (see :class:`Columns`).
- Table cells are plain flowables or strings, never :func:`tagged` ones: ReportLab draws the
  same cell objects again in a header row repeated on a later page.
- Anything drawn outside a tagged flowable is an artifact: page furniture needs no marking,
  but real content must go through the builder. Standard-14 fonts requested anywhere (drawings,
  table defaults) are replaced by the theme's embedded font.
- For "Page N of M", use :func:`build_tagged_pdf` with ``count_pages=True``: the furniture
  callback then finds ``doc.total_pages`` on the document template.

ReportLab internals the layer relies on are reached through
:mod:`publisher.render.pdf.reportlab_internals` only, each pinned by one test in
tests/test_reportlab_internals.py (ReportLab stays below 5.2 until they pass on a newer one).
"""
from publisher.render.pdf.tagging.builder import TaggedDocBuilder, build_tagged_pdf, text_markup
from publisher.render.pdf.tagging.canvas import TaggingCanvas
from publisher.render.pdf.tagging.flowables import Columns, LabelledItem, tagged, tagged_table
from publisher.render.pdf.tagging.structure import Node
from publisher.render.pdf.tagging.writer import write_structure

__all__ = ["Columns", "LabelledItem", "Node", "TaggedDocBuilder", "TaggingCanvas", "build_tagged_pdf", "tagged",
           "tagged_table", "text_markup", "write_structure"]
