"""`extract_soc2`: every rule over one report, in order, into an `Evidence`.

When the document does not say something plainly, the fact is null and a warning says
why; a wrong answer presented as evidence is worse than no answer.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import TYPE_CHECKING

from vendor_eval.errors import PdfError
from vendor_eval.evidence.anchors import (
    knowing_words,
    lacking,
    lowered,
    read_words,
    remembering_lowered,
)
from vendor_eval.evidence.model import DocumentRef, Evidence, EvidenceKind
from vendor_eval.evidence.pdf import Progress
from vendor_eval.evidence.soc2.bridge import bridge_letter
from vendor_eval.evidence.soc2.exceptions import exception_spans, exceptions
from vendor_eval.evidence.soc2.pages import (
    RunningLines,
    edge_keys,
    flatten,
    normalise,
    prepare,
    without,
)
from vendor_eval.evidence.soc2.report import FirstReading, Report
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
from vendor_eval.evidence.soc2.vocabulary import SUBSERVICE_WORDS, page_words

if TYPE_CHECKING:
    from vendor_eval.evidence.documents import PagedDocument


def extract_soc2(document: PagedDocument, *, progress: Progress | None = None) -> Evidence:
    """Read a SOC report and return its facts as soc2 evidence."""
    first: dict[int, FirstReading] = {}
    flats: dict[int, tuple[frozenset[int], str, str]] = {}
    edges: dict[int, dict[int, str]] = {}
    # Each rule asks of every page: its lower case is made once, and which words it holds
    # is found once.
    with remembering_lowered(), knowing_words(page_words()):
        pages = prepare(_read(document, progress, first, flats, edges), flats, edges)
        report = Report(pages, first=first)
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
    document: PagedDocument,
    progress: Progress | None,
    first: dict[int, FirstReading],
    flats: dict[int, tuple[frozenset[int], str, str]],
    edges: dict[int, dict[int, str]],
) -> Iterator[tuple[int, list[str]]]:
    """Each page's normalised lines, in one pass. What the rules will want of a page is
    noted as it is read (`FirstReading`), the positioned text of a page whose exceptions
    or subservice organizations a rule reads by columns among it, and its text as one
    line (`flats`) and its first and last lines as they repeat (`edges`), which `prepare`
    takes again."""
    running = RunningLines()
    for page in document.pages(progress, read_ahead=True, runs_for=_ColumnPages()):
        lines = normalise(page.text)
        edges[page.number] = keys = edge_keys(lines)
        # "Page 3 of 90" in a footer reads like a sample shortfall ("3 of 90 ... tested").
        guessed = running.guess(keys)
        body = without(lines, guessed)
        flat = flatten(body)
        spans = exception_spans(flat)
        runs = None
        # The anchored patterns' lower case (remembered for the rules) is the same text
        # when the page is ASCII: one copy is kept, not two.
        folded = lowered(flat)
        lower = folded if folded is not None and flat.isascii() else flat.lower()
        flats[page.number] = (guessed, flat, lower)
        read_words(lower)
        if folded is not None and folded is not lower:
            read_words(folded)
        absent = lacking(lower)
        column = any(
            word not in absent and word in lower for word in SUBSERVICE_WORDS
        ) and has_organisation_column(body, flat)
        if spans or column:
            # A damaged page is left for the rule, which warns when it asks again.
            with contextlib.suppress(PdfError):
                runs = document.text_runs(page.number)
        first[page.number] = FirstReading(guessed, spans, runs, column)
        yield page.number, lines


class _ColumnPages:
    """`runs_for` of the pages `_read` reads: whether it may ask for the layout of a page
    with this text, judged as it judges it. A reader process that reads the pages asks
    it of the pages it reads, which are not all: its own guess at the running header and
    footer lines ("Page 3 of 90" reads like a sample shortfall) may differ from `_read`'s
    at first, which costs only a second reading of a page's layout where they differ."""

    def __init__(self) -> None:
        self._running = RunningLines()

    def __call__(self, text: str) -> bool:
        lines = normalise(text)
        body = without(lines, self._running.guess(edge_keys(lines)))
        flat = flatten(body)
        if exception_spans(flat):
            return True
        lower = flat.lower()
        mentioned = any(word in lower for word in SUBSERVICE_WORDS)
        return mentioned and has_organisation_column(body, flat)


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
