"""`extract_soc2`: every rule over one report, in order, into an `Evidence`.

When the document does not say something plainly, the fact is null and a warning says
why; a wrong answer presented as evidence is worse than no answer.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import TYPE_CHECKING

from vendor_eval.errors import PdfError
from vendor_eval.evidence.pdf import Progress, TextRun
from vendor_eval.evidence.soc2.bridge import bridge_letter
from vendor_eval.evidence.soc2.exceptions import exceptions, may_list_exceptions
from vendor_eval.evidence.soc2.pages import RunningLines, normalise, prepare
from vendor_eval.evidence.soc2.report import Report
from vendor_eval.evidence.soc2.rules import (
    auditor_and_date,
    cuecs,
    opinion,
    period,
    report_kind,
    report_type,
    trust_criteria,
)
from vendor_eval.evidence.soc2.subservice import has_organisation_column, subservice
from vendor_eval.evidence.soc2.vocabulary import SUBSERVICE_WORDS
from vendor_eval.model import DocumentRef, Evidence, EvidenceKind

if TYPE_CHECKING:
    from vendor_eval.evidence.documents import PagedDocument


def extract_soc2(document: PagedDocument, *, progress: Progress | None = None) -> Evidence:
    """Read a SOC report and return its facts as soc2 evidence."""
    layouts: dict[int, list[TextRun]] = {}
    report = Report(prepare(_read(document, progress, layouts)), layouts=layouts)
    report_kind(report)
    report_type(report)
    period(report)
    trust_criteria(report)
    opinion(report)
    exceptions(report, document)
    subservice(report, document)
    cuecs(report)
    auditor_and_date(report)
    bridge_letter(report)
    warnings = []
    if document.image_only_pages:
        shown = _page_list(document.image_only_pages)
        warnings.append(
            f"Page(s) {shown} have no text layer (scanned images); they were skipped. Extract "
            "again with --ocr to read them by OCR."
        )
    return Evidence(
        kind=EvidenceKind.SOC2,
        document=DocumentRef(path=document.path, sha256=document.sha256, pages=document.page_count),
        facts=report.facts,
        warnings=warnings + report.warnings,
    )


def _read(
    document: PagedDocument, progress: Progress | None, layouts: dict[int, list[TextRun]]
) -> Iterator[tuple[int, list[str]]]:
    """Each page's normalised lines, in one pass; a page whose text shows that a rule will
    read its table by columns has its positioned text kept while it is open."""
    running = RunningLines()
    for page in document.pages(progress):
        lines = normalise(page.text)
        # "Page 3 of 90" in a footer reads like a sample shortfall ("3 of 90 ... tested").
        body = running.body(lines)
        flat = " ".join(" ".join(body).split())
        if may_list_exceptions(flat) or (
            any(word in flat.lower() for word in SUBSERVICE_WORDS) and has_organisation_column(body)
        ):
            # A damaged page is left for the rule, which warns when it asks again.
            with contextlib.suppress(PdfError):
                layouts[page.number] = document.text_runs(page.number)
        yield page.number, lines


def _page_list(numbers: list[int]) -> str:
    spans: list[str] = []
    start = previous = numbers[0]
    for number in numbers[1:] + [None]:  # type: ignore[list-item]
        if number is not None and number == previous + 1:
            previous = number
            continue
        spans.append(str(start) if start == previous else f"{start}-{previous}")
        if number is not None:
            start = previous = number
    return ", ".join(spans)
