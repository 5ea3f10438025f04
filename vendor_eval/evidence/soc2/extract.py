"""`extract_soc2`: every rule over one report, in order, into an `Evidence`.

When the document does not say something plainly, the fact is null and a warning says
why; a wrong answer presented as evidence is worse than no answer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from vendor_eval.evidence.pdf import Progress
from vendor_eval.evidence.soc2.bridge import bridge_letter
from vendor_eval.evidence.soc2.exceptions import exceptions
from vendor_eval.evidence.soc2.pages import prepare
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
from vendor_eval.evidence.soc2.subservice import subservice
from vendor_eval.model import DocumentRef, Evidence, EvidenceKind

if TYPE_CHECKING:
    from vendor_eval.evidence.documents import PagedDocument


def extract_soc2(document: PagedDocument, *, progress: Progress | None = None) -> Evidence:
    """Read a SOC report and return its facts as soc2 evidence."""
    pages = prepare((page.number, page.text) for page in document.pages(progress))
    report = Report(pages)
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
