"""Exceptions found in testing: "Exception noted" results and sample shortfalls, in the
prose of a page or in the results column of a tests-of-controls table.
"""

from __future__ import annotations

import bisect
import operator
import re
from typing import TYPE_CHECKING

from vendor_eval.errors import PdfError
from vendor_eval.evidence.anchors import lowered
from vendor_eval.evidence.model import Citation
from vendor_eval.evidence.pdf import TextRun
from vendor_eval.evidence.soc2.pages import Page
from vendor_eval.evidence.soc2.report import QUOTE_LIMIT, Report, cite
from vendor_eval.evidence.soc2.vocabulary import (
    AFTER_TESTS,
    BEFORE_OF,
    CLEAN,
    CONTROL_ID,
    COUNTS,
    EXCEPTION,
    HYPOTHETICAL,
    METHOD_SENTENCE,
    NEGATION_BEFORE,
    OF_COUNT,
    RESULTS_HEADER,
    SAMPLE_SHORTFALL,
    SAMPLED,
    TESTS_SECTION,
)
from vendor_eval.evidence.text import (
    REPORT_TYPOGRAPHY,
    ascii_lower,
    clip,
    sentence_span,
)

if TYPE_CHECKING:
    from vendor_eval.evidence.documents import PagedDocument


def exceptions(report: Report, document: PagedDocument) -> None:
    kind, report_type = report.value("report_kind"), report.value("report_type")
    if kind == "soc3" or report_type == "type1":
        report.set("exceptions", None)
        if report_type == "type1":
            report.warnings.append(
                "A Type 1 report does not test whether controls operated, so it cannot show "
                "exceptions."
            )
        return
    body = report.body()
    start = next((i for i, page in enumerate(body) if TESTS_SECTION.search(page.flat)), None)
    if start is None:
        report.set("exceptions", None)
        report.warnings.append("No tests of controls were found, so exceptions were not counted.")
        return
    found: dict[str, Citation] = {}
    clean: list[Citation] = []
    for page in body[start:]:
        ended = _tests_end(page) if (found or clean) else None
        if ended is not None:
            page = Page(page.number, page.lines[:ended])
        if not (page.mentions("exception", "deviation") or OF_COUNT.search(page.flat)):
            continue
        if not clean:
            clean.extend(
                cite(page, m) for m in CLEAN.finditer(page.flat) if _is_result(page.flat, m)
            )
        first = report.first.get(page.number)
        if ended is None and first is not None and first.dropped == page.dropped:
            spans = first.exception_spans  # the same lines, already looked at
        else:
            spans = exception_spans(page.flat)
        if spans:
            rows = None if ended is not None else _exception_rows(report, document, page)
            if rows is None:
                rows = [(None, cite(page, span)) for span in spans]
            for control_id, citation in rows:
                found.setdefault(control_id or citation.quote, citation)
        if ended is not None:
            break
    if found:
        report.set("exceptions", len(found), list(found.values()))
        report.warnings.append(
            f"{len(found)} test(s) of controls with exceptions noted; read each one and the "
            "management response."
        )
    elif clean:
        report.set("exceptions", 0, clean[:1])
    else:
        report.set("exceptions", None)
        report.warnings.append(
            "A tests-of-controls section was found but no test results ('No exceptions noted' "
            "or exceptions) were recognised; exceptions were not counted."
        )


def _tests_end(page: Page) -> int | None:
    return page.first_line(AFTER_TESTS)


def exception_spans(text: str) -> list[tuple[int, int]]:
    """Where `text` reports exceptions: "Exception noted." with the sentence after it
    (which says what failed), or a sample shortfall ("For 1 of 25 ..."); one span for
    both when they describe the same result."""
    # "No exceptions noted", on most rows of a test matrix, is turned down by
    # `_is_exception`: not tried at all where the page can be read by the pattern's
    # openings. No match holds "exception" or "deviation" past its first letter.
    spans = [
        _with_next_sentence(text, m)
        for m in EXCEPTION.finditer(text, not_after="no ")
        if _is_exception(text, m)
    ]
    lower = lowered(text)
    counted = None if lower is None else _counted_ofs(lower)
    # A page with no count before any " of " ("a sample of 25") has no shortfall.
    for hit in OF_COUNT.finditer(text) if counted is None or counted else ():
        start, end = max(0, hit.start() - 12), hit.end() + 100
        if counted is not None:
            index = bisect.bisect_left(counted, start)
            if index == len(counted) or counted[index] + len(" of ") > end:
                continue  # none between `start` and `end`, where the shortfall would be
        match = SAMPLE_SHORTFALL.search(text, start, end)
        if match is None or any(start <= match.start() <= end for start, end in spans):
            continue
        if _is_shortfall(text, match):
            spans.append(_sentence_span(text, match))
    return sorted(spans)


def _counted_ofs(lower: str) -> list[int]:
    """Where " of " stands after a count ("1", "two", "out" of "1 out of") in `lower` (a
    text as `lowered` writes it), as it does in every SAMPLE_SHORTFALL match, which
    cannot be found elsewhere."""
    if lower.isascii():
        # One pass of the regular expression, rather than a step for each " of ".
        return [found.start() for found in _COUNTED_OF.finditer(lower)]
    places = []
    place = lower.find(" of ")
    while place >= 0:
        before = lower[max(0, place - 5) : place]
        if before[-1:].isdigit() or before.endswith(BEFORE_OF):
            places.append(place)
        place = lower.find(" of ", place + 1)
    return places


# `_counted_ofs` of an ASCII text, where a digit is 0-9. The space after "of" is looked
# at, not taken, so that both of " of of " are found, as by `str.find`.
_COUNTED_OF = re.compile(
    " of(?= )(?:(?<=[0-9] of)|"
    + "|".join(f"(?<={re.escape(count)} of)" for count in BEFORE_OF)
    + ")"
)


def _is_shortfall(text: str, match: re.Match[str]) -> bool:
    n, m = ascii_lower(match["n"]), int(match["m"])
    count = COUNTS.get(n) if not n.isdigit() else int(n)
    if count is None or not 0 < count < m:
        return False
    if not (match["for"] or SAMPLED.search(match["rest"])):
        return False
    sentence = text[_sentence_span(text, match)[0] : match.end()]
    return not CLEAN.search(sentence) and _is_exception(text, match)


def _sentence_span(text: str, match: re.Match[str]) -> tuple[int, int]:
    return sentence_span(text, match.start(), match.end())


def _with_next_sentence(text: str, match: re.Match[str]) -> tuple[int, int]:
    """ "Exception noted." alone says nothing; the sentence after it says what failed."""
    stop = text.find(". ", match.end() + 1)
    return match.start(), len(text) if stop < 0 else stop + 1


def _is_exception(text: str, match: re.Match[str]) -> bool:
    before = text[max(0, match.start() - 40) : match.start()]
    if before[-3:].lower() == "no " and not _is_word_end(before[:-3]):
        return False  # "No exceptions noted", on most rows of a test matrix
    return not NEGATION_BEFORE.search(before) and _is_result(text, match)


def _is_word_end(text: str) -> bool:
    """Whether `text` ends with a character `re` counts as part of a word."""
    return bool(text) and (text[-1].isalnum() or text[-1] == "_")


def _is_result(text: str, match: re.Match[str]) -> bool:
    """False for methodology or policy prose that talks about results in general."""
    sentence_start = max(text.rfind(". ", 0, match.start()), text.rfind("? ", 0, match.start()))
    sentence = text[sentence_start + 1 : match.end() + 40]
    if HYPOTHETICAL.search(sentence):
        return False
    end = text.find(". ", match.end())
    whole = text[sentence_start + 1 : len(text) if end < 0 else end + 1]
    return not METHOD_SENTENCE.search(whole)


COLUMN_TOLERANCE = 4.0  # points; text in one column starts at (nearly) the same x


def _exception_rows(
    report: Report, document: PagedDocument, page: Page
) -> list[tuple[str | None, Citation]] | None:
    """Exceptions read from the results column of a tests-of-controls table, where a
    result cannot be mixed up with the test-procedure text beside it; each is keyed by
    the control ID level with it, so a control tested under several criteria counts
    once. None when the page has no such table."""
    try:
        runs = report.text_runs(document, page.number)
    except PdfError as exc:
        report.warnings.append(f"{exc.message}; exceptions on that page were read from plain text.")
        return None
    columns = _column_starts(runs)
    if len(columns) < 3:
        return None
    by_column: dict[int, list[TextRun]] = {}
    for run in runs:
        # The last column that starts at or before the run (a run starts a little right
        # of its column's edge at most).
        column = bisect.bisect_right(columns, run.left + COLUMN_TOLERANCE) - 1
        if column >= 0:
            by_column.setdefault(column, []).append(run)
    results = _results_column(by_column)
    if results is None:
        return None
    anchors = [
        ((run.top + run.bottom) / 2, found_id[0].strip())
        for run in by_column.get(0, [])
        if (found_id := CONTROL_ID.match(run.text))
    ]
    # The column's runs as one text, remembering where each run sits on the page.
    text, placed = "", []
    for run in sorted(by_column[results], key=operator.attrgetter("top", "left")):
        text += (" " if text else "") + run.text.translate(REPORT_TYPOGRAPHY)
        placed.append((len(text), (run.top + run.bottom) / 2))
    found = []
    for start, end in exception_spans(text):
        middles = [middle for stop, middle in placed if stop > start and stop - 1 <= end]
        middle = sum(middles) / len(middles) if middles else None
        control_id = (
            min(anchors, key=lambda anchor: abs(anchor[0] - middle))[1]
            if anchors and middle is not None
            else None
        )
        quote = " ".join(text[start:end].split())
        quote = clip(quote, QUOTE_LIMIT)
        prefix = f"{control_id}: " if control_id else ""
        found.append((control_id, Citation(quote=prefix + quote, page=page.number)))
    return found


def _column_starts(runs: list[TextRun]) -> list[float]:
    """x positions where text starts on at least three different lines: the left edges
    of a table's columns (prose has one, at the margin)."""
    lines: dict[float, set[int]] = {}
    start = None
    tops: set[int] = set()
    for run in sorted(runs, key=_LEFT):
        # Runs come left to right, so the last start is the nearest one to the left.
        left = run.left
        if start is None or left - start > COLUMN_TOLERANCE:
            start = left
            tops = lines.setdefault(start, set())
        tops.add(round(run.top))
    return sorted(x for x, seen in lines.items() if len(seen) >= 3)


_LEFT = operator.attrgetter("left")


def _results_column(by_column: dict[int, list[TextRun]]) -> int | None:
    """The column headed "Results" (or the like), else the one where most test results
    are written; None when no column holds results."""
    for column, runs in sorted(by_column.items()):
        if column > 0 and any(RESULTS_HEADER.match(run.text) for run in runs):
            return column
    counts = {
        column: sum(bool(CLEAN.search(run.text) or EXCEPTION.search(run.text)) for run in runs)
        for column, runs in by_column.items()
    }
    best = max(counts, key=lambda column: (counts[column], column), default=None)
    return best if best is not None and counts[best] > 0 else None
