"""Tables as rows of cell texts, read from the forms vendors publish subprocessor lists
in: Markdown (or plain text with pipes), CSV / TSV, HTML, and PDF or Word (by the columns
of positioned text)."""

from __future__ import annotations

import contextlib
import csv
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from vendor_eval.evidence.documents import PagedDocument
    from vendor_eval.evidence.pdf import TextRun


@dataclass
class RawTable:
    rows: list[list[str]] = field(default_factory=list)
    page: int | None = None


def cell_text(text: str) -> str:
    return " ".join(text.split())


# --- Markdown ---------------------------------------------------------------------------

_SEPARATOR_CELL = re.compile(r"^:?-{3,}:?$")


def markdown_tables(text: str) -> Iterator[RawTable]:
    """Pipe tables: a heading line, a line of dashes, then rows. Form feeds (as pdftotext
    writes them) count pages."""
    for page_number, page in enumerate(text.split("\f"), 1):
        block: list[str] = []
        for line in [*page.split("\n"), ""]:
            if "|" in line:
                block.append(line)
                continue
            if len(block) >= 2 and _is_separator(block[1]):
                rows = [_pipe_cells(line) for n, line in enumerate(block) if n != 1]
                yield RawTable(rows, page_number if "\f" in text else None)
            block = []


def _is_separator(line: str) -> bool:
    cells = _pipe_cells(line)
    return bool(cells) and all(_SEPARATOR_CELL.match(cell) for cell in cells)


def _pipe_cells(line: str) -> list[str]:
    stripped = line.strip()
    if stripped.startswith("|"):
        stripped = stripped[1:]
    if stripped.endswith("|") and not stripped.endswith("\\|"):
        stripped = stripped[:-1]
    cells = re.split(r"(?<!\\)\|", stripped)
    return [cell_text(cell.replace("\\|", "|")) for cell in cells]


# --- CSV --------------------------------------------------------------------------------


def csv_table(text: str, *, suffix: str) -> RawTable:
    sample = text[:8192]
    delimiter = "\t" if suffix == ".tsv" else ","
    if suffix != ".tsv":
        with contextlib.suppress(csv.Error):
            delimiter = csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
    rows = [
        [cell_text(cell) for cell in row]
        for row in csv.reader(io.StringIO(text), delimiter=delimiter)
    ]
    return RawTable([row for row in rows if any(row)])


# --- HTML -------------------------------------------------------------------------------


class _TableParser(HTMLParser):
    """Every <table>, nested ones apart: text goes to the innermost open cell."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[RawTable] = []
        self._open: list[tuple[RawTable, list[str] | None]] = []  # table, its open cell

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self._open.append((RawTable(), None))
        elif not self._open:
            return
        elif tag == "tr":
            table, _ = self._open[-1]
            table.rows.append([])
            self._open[-1] = (table, None)
        elif tag in ("td", "th"):
            table, _ = self._open[-1]
            if not table.rows:
                table.rows.append([])
            cell: list[str] = []
            table.rows[-1].append("")
            self._open[-1] = (table, cell)
        elif tag == "br":
            self.handle_data(" ")

    def handle_endtag(self, tag: str) -> None:
        if not self._open:
            return
        if tag == "table":
            self._close_cell()
            table, _ = self._open.pop()
            table.rows = [row for row in table.rows if any(row)]
            self.tables.append(table)
        elif tag in ("td", "th", "tr"):
            self._close_cell()

    def handle_data(self, data: str) -> None:
        if self._open and self._open[-1][1] is not None:
            cell = self._open[-1][1]
            assert cell is not None
            cell.append(data)

    def _close_cell(self) -> None:
        table, cell = self._open[-1]
        if cell is not None:
            table.rows[-1][-1] = cell_text("".join(cell))
            self._open[-1] = (table, None)


def html_tables(text: str) -> list[RawTable]:
    parser = _TableParser()
    parser.feed(text)
    parser.close()
    while parser._open:  # tables left open by a page cut short
        parser.handle_endtag("table")
    return parser.tables


# --- PDF and Word: columns of positioned text -------------------------------------------

# Runs whose tops differ by less than this many points are on one line.
_SAME_LINE = 2.5


def _every_page(_text: str) -> bool:
    return True


def positioned_tables(
    document: PagedDocument, is_heading: Callable[[list[str]], bool]
) -> Iterator[RawTable]:
    """On each page, a line whose runs read as a heading starts a table; each later line
    is cut into the heading's columns by x position. A line with nothing in the first
    column continues the row above it (a wrapped cell)."""
    for page in document.pages(read_ahead=True, runs_for=_every_page):
        lines = _lines(document.text_runs(page.number))
        table: RawTable | None = None
        lefts: list[float] = []
        for runs in lines:
            texts = [run.text for run in runs]
            if is_heading(texts):
                if table is not None and len(table.rows) > 1:
                    yield table
                table = RawTable([[cell_text(t) for t in texts]], page.number)
                lefts = [run.left for run in runs]
                continue
            if table is None:
                continue
            cells = [""] * len(lefts)
            for run in runs:
                column = max(
                    (n for n, left in enumerate(lefts) if run.left >= left - 3.0), default=0
                )
                cells[column] = cell_text(f"{cells[column]} {run.text}")
            if not cells[0] and len(table.rows) > 1:
                previous = table.rows[-1]
                table.rows[-1] = [
                    cell_text(f"{old} {new}") for old, new in zip(previous, cells, strict=True)
                ]
            elif cells[0]:
                table.rows.append(cells)
        if table is not None and len(table.rows) > 1:
            yield table


def _lines(runs: list[TextRun]) -> list[list[TextRun]]:
    lines: list[list[TextRun]] = []
    for run in sorted(runs, key=lambda r: (r.top, r.left)):
        if lines and abs(lines[-1][0].top - run.top) < _SAME_LINE:
            lines[-1].append(run)
        else:
            lines.append([run])
    return [sorted(line, key=lambda r: r.left) for line in lines]


def suffix_of(path: str | Path) -> str:
    return Path(path).suffix.lower()
