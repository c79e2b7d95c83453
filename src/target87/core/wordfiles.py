"""Word (DOCX) files in right-to-left languages.

Word lays text out right to left only when the file says so: ``<w:bidi/>`` in a paragraph's
properties (and in each section's, for the page: columns, margins, page numbers),
``<w:rtl/>`` on its runs, and ``<w:bidiVisual/>`` in a table's properties so that the
first column is drawn on the right. ``right_to_left(document)`` marks a finished
python-docx document throughout: every paragraph (in the body, in table cells, in headers
and footers), every table and every section, and the default paragraph style.
"""

from __future__ import annotations

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn


def _ensure(parent, tag: str) -> None:
    if parent.find(qn(tag)) is None:
        parent.append(OxmlElement(tag))


def rtl_paragraph(paragraph) -> None:
    """A paragraph laid out right to left, aligned to the right, its runs marked."""
    paragraph.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _ensure(paragraph._p.get_or_add_pPr(), "w:bidi")
    for run in paragraph.runs:
        _ensure(run._r.get_or_add_rPr(), "w:rtl")


def rtl_table(table) -> None:
    """A table whose first column is on the right, every cell's paragraphs right to left."""
    _ensure(table._tbl.tblPr, "w:bidiVisual")
    for row in table.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                rtl_paragraph(paragraph)
            for inner in cell.tables:
                rtl_table(inner)


def rtl_section(section) -> None:
    _ensure(section._sectPr, "w:bidi")
    for part in (section.header, section.footer):
        if not part.is_linked_to_previous:
            for paragraph in part.paragraphs:
                rtl_paragraph(paragraph)


def right_to_left(document) -> None:
    """Mark a whole document right to left (call it once the document is built)."""
    style = document.styles["Normal"]
    _ensure(style.element.get_or_add_pPr(), "w:bidi")
    for paragraph in document.paragraphs:
        rtl_paragraph(paragraph)
    for table in document.tables:
        rtl_table(table)
    for section in document.sections:
        rtl_section(section)
