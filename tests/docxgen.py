"""Builds small Word documents for tests with python-docx, from the same page and block
description as `pdfgen` (a string, `Text`, `Table` or `Columns` block; a list of blocks is
a page), so one made-up document can be read as a PDF, as a .docx and as text.

A page after the first starts with a page break; a running header and footer go into the
section's header and footer parts, where Word keeps them (never into the body text).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import docx
from docx.enum.text import WD_BREAK
from pdfgen import Block, Columns, Table, Text


@dataclass(frozen=True)
class Heading:
    """A paragraph in Word's own heading style (level 0 is the title)."""

    text: str
    level: int = 1


@dataclass(frozen=True)
class Numbered:
    """A numbered (or bulleted) list, one paragraph per item, numbered by Word itself."""

    items: Sequence[str]
    bullets: bool = False
    lead_in: str | None = None


WordBlock = Block | Heading | Numbered


def write_docx(
    path: str | Path,
    pages: Sequence[WordBlock | Sequence[WordBlock]],
    *,
    header: str | None = None,
    footer: str | None = None,
) -> Path:
    document = docx.Document()
    if header:
        document.sections[0].header.paragraphs[0].text = header
    if footer:
        document.sections[0].footer.paragraphs[0].text = footer.replace("{page}", "1")
    for number, page in enumerate(pages):
        blocks = page if isinstance(page, list | tuple) else [page]
        if number:
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        for block in blocks:
            _add(document, block)
    document.save(str(path))
    return Path(path)


def _add(document: docx.document.Document, block: WordBlock) -> None:
    if isinstance(block, str):
        block = Text(block)
    if isinstance(block, Heading):
        document.add_heading(block.text, block.level)
    elif isinstance(block, Text):
        for line in _lines(block.body):
            document.add_paragraph().add_run(line).bold = block.bold or None
    elif isinstance(block, Numbered):
        if block.lead_in:
            document.add_paragraph(block.lead_in)
        for item in block.items:
            document.add_paragraph(item, style="List Bullet" if block.bullets else "List Number")
    elif isinstance(block, Table):
        table = document.add_table(rows=len(block.rows), cols=len(block.rows[0]))
        for row, values in zip(table.rows, block.rows, strict=True):
            for cell, value in zip(row.cells, values, strict=True):
                cell.text = value
    elif isinstance(block, Columns):
        for line in _lines(block.left + "\n" + block.right):
            document.add_paragraph(line)
    else:
        raise ValueError(f"a Word document cannot hold {block!r}")


def _lines(text: str) -> list[str]:
    """Each line of a block is a paragraph of its own, as a Word author types it."""
    return [line for line in text.split("\n") if line.strip()]
