"""Builds small PDFs for tests with fpdf2, so no confidential document is ever checked in.

A document is a list of pages; a page is a list of blocks (a bare string or block is a
one-block page)::

    write_pdf(path, [
        "Cover page text",
        [Text("Section I"), Table([["ID", "Test", "Result"], ["CC1.1", "...", "..."]])],
        Columns("left column text", "right column text"),
        ImageOnly(),
    ], header="ACME Corp - Confidential", footer="Page {page} of {pages}")

Only the core Helvetica font is used, so text must be Latin-1 (straight quotes).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from fpdf import FPDF

LINE_HEIGHT = 5.0
# fpdf2 stamps the time of writing; a fixed one makes the same pages the same bytes, so a
# document's sha256 (which evidence files record) is the same in every run.
CREATED = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


@dataclass(frozen=True)
class Text:
    body: str
    size: float = 10
    bold: bool = False
    # "**bold** and plain" in one line: the styles are separate text objects.
    markdown: bool = False


@dataclass(frozen=True)
class Table:
    """A table; the first row is the header. `widths` are fractions of the page.
    `ruled=False` draws no lines at all, as many auditors' test matrices do."""

    rows: Sequence[Sequence[str]]
    widths: Sequence[float] | None = None
    size: float = 8
    ruled: bool = True


@dataclass(frozen=True)
class Columns:
    """Two text columns side by side (newspaper layout)."""

    left: str
    right: str
    size: float = 10


@dataclass(frozen=True)
class ImageOnly:
    """A page that is only a picture, as a scanner would produce: no text layer."""


Block = str | Text | Table | Columns | ImageOnly
Page = Block | Sequence[Block]


class _Doc(FPDF):
    def __init__(self, header_text: str | None, footer_text: str | None) -> None:
        super().__init__(format="letter")
        self._header_text = header_text
        self._footer_text = footer_text
        self.set_auto_page_break(auto=True, margin=20)
        self.set_margins(20, 20, 20)
        self.set_creation_date(CREATED)
        # A long alias reserves room for a four-digit page total.
        self.alias_nb_pages("{total-pages}")

    def header(self) -> None:
        if self._header_text:
            self.set_font("Helvetica", size=8)
            self.set_y(8)
            self.cell(0, 4, self._header_text, align="C")
            self.set_y(20)

    def footer(self) -> None:
        if self._footer_text:
            self.set_font("Helvetica", size=8)
            self.set_y(-14)
            text = self._footer_text.replace("{page}", str(self.page_no()))
            self.cell(0, 4, text.replace("{pages}", "{total-pages}"), align="C")


def write_pdf(
    path: str | Path,
    pages: Sequence[Page],
    *,
    header: str | None = None,
    footer: str | None = None,
    user_password: str | None = None,
) -> Path:
    """Write `pages` to `path` and return it. `{page}`/`{pages}` work in header/footer."""
    doc = _Doc(header, footer)
    if user_password is not None:
        doc.set_encryption(owner_password=user_password + "-owner", user_password=user_password)
    return _render(doc, pages, path)


def _render(doc: FPDF, pages: Sequence[Page], path: str | Path) -> Path:
    for page in pages:
        doc.add_page()
        blocks = [page] if isinstance(page, str | Text | Table | Columns | ImageOnly) else page
        for block in blocks:
            _draw(doc, block)
    target = Path(path)
    doc.output(str(target))
    return target


def _draw(doc: FPDF, block: Block) -> None:
    if isinstance(block, str):
        block = Text(block)
    if isinstance(block, Text):
        doc.set_font("Helvetica", "B" if block.bold else "", size=block.size)
        doc.multi_cell(
            0, LINE_HEIGHT, block.body, new_x="LMARGIN", new_y="NEXT", markdown=block.markdown
        )
        doc.ln(2)
    elif isinstance(block, Table):
        doc.set_font("Helvetica", size=block.size)
        widths = block.widths or [1 / len(block.rows[0])] * len(block.rows[0])
        with doc.table(
            col_widths=tuple(widths),
            line_height=LINE_HEIGHT - 1,
            borders_layout="ALL" if block.ruled else "NONE",
        ) as table:
            for cells in block.rows:
                row = table.row()
                for cell in cells:
                    row.cell(cell)
        doc.ln(2)
    elif isinstance(block, Columns):
        doc.set_font("Helvetica", size=block.size)
        gap = 8
        width = (doc.epw - gap) / 2
        top = doc.get_y()
        doc.multi_cell(width, LINE_HEIGHT, block.left, new_x="LMARGIN", new_y="NEXT")
        bottom = doc.get_y()
        doc.set_xy(doc.l_margin + width + gap, top)
        doc.multi_cell(width, LINE_HEIGHT, block.right, new_x="LMARGIN", new_y="NEXT")
        doc.set_y(max(bottom, doc.get_y()) + 2)
    elif isinstance(block, ImageOnly):
        doc.image(_scan_like_image(), x=20, y=20, w=doc.epw)


def _scan_like_image() -> io.BytesIO:
    from PIL import Image, ImageDraw

    image = Image.new("L", (400, 500), 255)
    draw = ImageDraw.Draw(image)
    for y in range(40, 460, 18):
        draw.line((30, y, 370, y), fill=0, width=3)  # lines of "text" a scanner saw
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    buffer.seek(0)
    return buffer


def write_typeset_pdf(
    path: str | Path,
    pages: Sequence[Page],
    *,
    header: str | None = None,
    footer: str | None = None,
) -> Path:
    """Like `write_pdf`, but encoded as Windows-1252, so en dashes and curly quotes and
    apostrophes survive, as in reports exported from a word processor."""
    doc = _Doc(header, footer)
    doc.core_fonts_encoding = "windows-1252"
    return _render(doc, pages, path)
