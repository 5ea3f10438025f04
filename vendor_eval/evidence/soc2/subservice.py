"""Subservice organisations: who they are, and whether the report carves them out or
includes them.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from vendor_eval.errors import PdfError
from vendor_eval.evidence.model import Citation
from vendor_eval.evidence.pdf import TextRun
from vendor_eval.evidence.soc2.exceptions import COLUMN_TOLERANCE
from vendor_eval.evidence.soc2.pages import Page, first_line
from vendor_eval.evidence.soc2.report import Report, cite, cite_line
from vendor_eval.evidence.soc2.vocabulary import (
    CARVE_OUT,
    INCLUSIVE,
    INCLUSIVE_WORDS,
    LEGAL_SUFFIX,
    NO_SUBSERVICE,
    NOT_A_NAME,
    ORG_COLUMN_HEADER,
    ORG_COLUMN_LINE,
    ORG_PATTERNS,
    RELIES_ON,
    SPLIT_NAMES,
    SUBSERVICE_CUE,
    SUBSERVICE_WORDS,
)
from vendor_eval.evidence.text import (
    REPORT_TYPOGRAPHY,
    ends_with_abbreviation,
)

if TYPE_CHECKING:
    from vendor_eval.evidence.documents import PagedDocument


def subservice(report: Report, document: PagedDocument) -> None:
    carve: list[Citation] = []
    inclusive: list[Citation] = []
    names: dict[str, Citation] = {}
    for page in report.body(*SUBSERVICE_WORDS):
        first = report.first.get(page.number)
        if first is not None and first.dropped == page.dropped:
            column = first.organisation_column  # the same lines, already looked at
        else:
            column = has_organisation_column(page.lines, page.flat)
        if column:
            for name, citation in _table_names(report, document, page):
                _add_names(names, name, citation)
        # Two statements of each method are cited; beyond that only whether any is made
        # matters, and the carve-out wording can be on every page of a long description.
        if len(carve) < 2:
            carve.extend(cite(page, m) for m in CARVE_OUT.finditer(page.flat))
        if page.mentions(*INCLUSIVE_WORDS):
            inclusive.extend(cite(page, m) for m in INCLUSIVE.finditer(page.flat))
        for words, pattern in ORG_PATTERNS:
            if not page.mentions(*words):
                continue
            for match in pattern.finditer(page.flat):
                sentence = cite(page, match)
                if not re.search(
                    r"subservice|carve|not\s+included|implemented\s+at|expected\s+that|inclusive",
                    sentence.quote,
                    re.I,
                ):
                    continue
                _add_names(names, match["names"], sentence)
        for match in RELIES_ON.finditer(page.flat):
            if SUBSERVICE_CUE.search(page.flat, match.start(), match.end() + 300):
                _add_names(names, match["names"], cite(page, match))
    organisations = _merge_names(names)
    if carve and not inclusive:
        method: str | None = "carve-out"
    elif inclusive and not carve:
        method = "inclusive"
    else:
        method = None
        if carve and inclusive:
            report.warnings.append(
                "The report uses both the carve-out and the inclusive method for different "
                "subservice organizations; subservice_method was left empty."
            )
    report.set("subservice_method", method, (carve or inclusive)[:2])
    if method and not organisations:
        report.warnings.append(
            "Subservice organizations are carved out or included, but their names were not "
            "recognised; read the description of the system."
        )
    if organisations:
        report.set(
            "subservice_organizations",
            sorted(organisations, key=str.lower),
            [organisations[name] for name in sorted(organisations, key=str.lower)],
        )
    elif NO_SUBSERVICE.search_joined([page.flat for page in report.body()]):
        report.set("subservice_organizations", [])
    else:
        report.set("subservice_organizations", None)


def has_organisation_column(lines: list[str], flat: str) -> bool:
    """Whether a page may hold a table headed "Subservice Organization" (or the like),
    which is read by its columns; `flat` is its lines as one (`flatten`)."""
    return first_line(ORG_COLUMN_LINE, lines, flat) is not None


def _table_names(report: Report, document: PagedDocument, page: Page) -> list[tuple[str, Citation]]:
    """Names in the first column of a table headed "Subservice Organization" (or the
    like), read from text positions so the cells beside a name stay out of it."""
    try:
        runs = report.text_runs(document, page.number)
    except PdfError:
        return []
    found: list[tuple[str, Citation]] = []

    def beside(cell: TextRun) -> list[float]:
        return [run.left for run in runs if abs(run.top - cell.top) <= 3 and run.left > cell.right]

    for header in (run for run in runs if ORG_COLUMN_HEADER.match(run.text)):
        height = header.bottom - header.top
        above = any(
            abs(run.left - header.left) <= COLUMN_TOLERANCE
            and 0 < header.top - run.bottom <= 2.5 * height
            and beside(run)
            for run in runs
        )
        # Nothing beside it: a heading. Another label just above it: a row label in a
        # summary table ("Subservice Organizations | AWS"), whose value is in the prose.
        if not beside(header) or above:
            continue
        next_column = min(beside(header))
        cells: list[TextRun] = []
        for run in sorted(runs, key=lambda run: run.top):
            if run.top <= header.bottom or abs(run.left - header.left) > COLUMN_TOLERANCE:
                continue
            previous = cells[-1].bottom if cells else header.bottom
            if run.right > next_column or run.top - previous > 2.5 * height:
                break  # prose below the table, or the table has ended
            cells.append(run)
        for cell in cells:
            line = next((line for line in page.lines if line.startswith(cell.text)), cell.text)
            found.append((cell.text.translate(REPORT_TYPOGRAPHY), cite_line(page, line)))
    return found


def _add_names(names: dict[str, Citation], listed: str, citation: Citation) -> None:
    for name in SPLIT_NAMES.split(listed):
        # A name never spans a sentence end: "... provided by GCP. Our examination ...".
        sentence_end = next(
            (
                stop.start()
                for stop in re.finditer(r"\.\s+(?=[A-Z])", name)
                if not ends_with_abbreviation(name[: stop.start() + 1])
            ),
            None,
        )
        name = name[:sentence_end].strip(" .,")
        if name and not NOT_A_NAME.match(name) and len(name) <= 60:
            names.setdefault(name, citation)


def _merge_names(names: dict[str, Citation]) -> dict[str, Citation]:
    """Drop a bare abbreviation already given in parentheses ("AWS" after "Amazon Web
    Services (AWS)") and repeated spellings that differ only in case or in a legal suffix
    ("Snowflake Inc." and "Snowflake"; the fuller spelling is kept)."""
    abbreviations = {inner for name in names for inner in re.findall(r"\(([^)]+)\)", name)}
    by_core: dict[str, tuple[str, Citation]] = {}
    for name, citation in names.items():
        if name in abbreviations:
            continue
        core = LEGAL_SUFFIX.sub("", re.sub(r"\s*\([^)]*\)$", "", name)).lower()
        kept = by_core.get(core)
        if kept is None or len(name) > len(kept[0]):
            by_core[core] = (name, kept[1] if kept else citation)
    return dict(by_core.values())
