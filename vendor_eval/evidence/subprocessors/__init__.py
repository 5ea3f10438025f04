"""Subprocessor lists: the fourth parties a vendor hands customer data to, read from the
list it publishes (PDF, Word, HTML, CSV or a Markdown table) into one entity per row with
its purpose, location and data categories when the list gives them, each cited by its row.

Facts:
  subprocessors  [{name, purpose, location, data_categories}, ...]; one citation per entity
  locations      the distinct places named in the location column, sorted
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vendor_eval.errors import InputError
from vendor_eval.evidence.model import Citation, DocumentRef, Evidence, EvidenceKind, Fact
from vendor_eval.evidence.subprocessors.tables import (
    RawTable,
    csv_table,
    html_tables,
    markdown_tables,
    positioned_tables,
    suffix_of,
)
from vendor_eval.fileio import read_input

if TYPE_CHECKING:
    from vendor_eval.evidence.documents import PagedDocument

ROLES = ("name", "purpose", "location", "data_categories")
MAX_LIST_BYTES = 20 * 1024 * 1024
# How many rows above a heading may hold a title or a note (spreadsheets often start so).
HEADING_SEARCH_ROWS = 5

TEXT_SUFFIXES = frozenset({".md", ".markdown", ".txt", ".text"})
CSV_SUFFIXES = frozenset({".csv", ".tsv"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
POSITIONED_SUFFIXES = frozenset({".pdf", ".docx"})


@cache
def vocabulary() -> dict[str, tuple[str, ...]]:
    from vendor_eval import yamlio
    from vendor_eval.resources import package_text

    data = yamlio.load_text(
        package_text("evidence", "subprocessors", "vocabulary.yaml"), path="vocabulary.yaml"
    ).data
    return {role: tuple(_words(phrase) for phrase in data[role]) for role in ROLES}


def _words(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())


def column_role(heading: str) -> str | None:
    """The role a column heading names: the role with the longest phrase found in it."""
    words = f" {_words(heading)} "
    best: tuple[int, str] | None = None
    for role, phrases in vocabulary().items():
        for phrase in phrases:
            if f" {phrase} " in words and (best is None or len(phrase) > best[0]):
                best = (len(phrase), role)
    return best[1] if best else None


def heading_roles(cells: list[str]) -> dict[str, int] | None:
    """Column index by role when the cells read as a subprocessor table's heading: a name
    column and at least one other."""
    roles: dict[str, int] = {}
    for index, cell in enumerate(cells):
        role = column_role(cell) if len(cell) <= 60 else None
        if role is not None and role not in roles:
            roles[role] = index
    return roles if "name" in roles and len(roles) >= 2 else None


def extract_subprocessors(path: str | Path) -> Evidence:
    shown = str(path)
    suffix = suffix_of(path)
    tables, sha256, pages, document = _tables(path, suffix)
    entities: list[dict[str, Any]] = []
    citations: list[Citation] = []
    seen: set[str] = set()
    missing_roles: set[str] = set(ROLES)
    for table in tables:
        found = _read_table(table)
        if found is None:
            continue
        roles, rows = found
        missing_roles &= set(ROLES) - set(roles)
        for row in rows:
            entity = {role: _cell(row, roles.get(role)) for role in ROLES}
            if not entity["name"] or entity["name"].casefold() in seen:
                continue
            seen.add(entity["name"].casefold())
            entities.append(entity)
            citations.append(Citation(" | ".join(cell for cell in row if cell), page=table.page))
    if not entities:
        raise InputError(
            "no table with a subprocessor name column (Subprocessor, Name, Entity, Vendor...) "
            "and a purpose, location or data column was found; export the list as CSV or "
            "a Markdown table with a heading row",
            path=shown,
        )
    warnings = [
        f"the list has no {role.replace('_', ' ')} column; {role} is null for every entity"
        for role in ROLES
        if role in missing_roles
    ]
    locations = sorted(
        {place for e in entities for place in split_places(e["location"])}, key=str.casefold
    )
    location_citations = [
        next(c for c, e in zip(citations, entities, strict=True) if place in (e["location"] or ""))
        for place in locations
    ]
    evidence = Evidence(
        kind=EvidenceKind.SUBPROCESSORS,
        document=DocumentRef(path=shown, sha256=sha256, pages=pages),
        facts={
            "subprocessors": Fact(entities, citations),
            "locations": Fact(locations if "location" not in missing_roles else None,
                              location_citations),
        },
        warnings=warnings,
    )  # fmt: skip
    if document is None:
        return evidence
    from vendor_eval.evidence.documents import finish

    # A Word list is cited by paragraph and section, as a Word document has no pages.
    return finish(evidence, document)


def split_places(location: str | None) -> list[str]:
    if not location:
        return []
    parts = re.split(r"\s*(?:[,;/]|\band\b|&)\s*", location)
    return [part.strip() for part in parts if part.strip()]


def _cell(row: list[str], index: int | None) -> str | None:
    if index is None or index >= len(row):
        return None
    return row[index] or None


def _read_table(table: RawTable) -> tuple[dict[str, int], list[list[str]]] | None:
    for position, row in enumerate(table.rows[:HEADING_SEARCH_ROWS]):
        roles = heading_roles(row)
        if roles is not None:
            return roles, table.rows[position + 1 :]
    return None


def _tables(
    path: str | Path, suffix: str
) -> tuple[Iterable[RawTable], str, int | None, PagedDocument | None]:
    shown = str(path)
    if suffix in POSITIONED_SUFFIXES:
        from vendor_eval.evidence.documents import open_document

        with open_document(path) as document:
            tables = list(positioned_tables(document, lambda cells: bool(heading_roles(cells))))
            return tables, document.sha256, document.page_count, document
    if suffix not in TEXT_SUFFIXES | CSV_SUFFIXES | HTML_SUFFIXES:
        form = f"a {suffix} file" if suffix else "a file without an extension"
        raise InputError(
            f"cannot read a subprocessor list from {form}; save it as CSV, or give the PDF, "
            "Word (.docx), HTML or Markdown version",
            path=shown,
        )
    raw = read_input(path, max_bytes=MAX_LIST_BYTES, expected="a subprocessor list")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        if suffix not in HTML_SUFFIXES | CSV_SUFFIXES:
            raise InputError(
                "is not UTF-8 text; save it as UTF-8 and try again", path=shown
            ) from None
        text = raw.decode("cp1252", errors="replace")  # spreadsheets and old pages
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    sha256 = hashlib.sha256(raw).hexdigest()
    if suffix in CSV_SUFFIXES:
        return [csv_table(text, suffix=suffix)], sha256, None, None
    if suffix in HTML_SUFFIXES:
        return html_tables(text), sha256, None, None
    return list(markdown_tables(text)), sha256, None, None
