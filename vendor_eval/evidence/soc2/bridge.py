"""Bridge letters: how far past its period a SOC 2 report's coverage is extended."""

from __future__ import annotations

from datetime import date

from vendor_eval.evidence.model import Citation
from vendor_eval.evidence.soc2.dates import parse_date
from vendor_eval.evidence.soc2.pages import Page
from vendor_eval.evidence.soc2.report import QUOTE_LIMIT, Report
from vendor_eval.evidence.soc2.vocabulary import (
    ANY_YEAR,
    BRIDGE_ENDS,
    BRIDGE_SENTENCE,
    BRIDGE_TITLE,
    NO_CHANGES,
)
from vendor_eval.evidence.text import clip, sentence_span


def _statement(page: Page, start: int, end: int) -> tuple[int, int]:
    """The sentence around a match, cut at the end of a line that has no closing
    punctuation before a line that starts anew: letters put titles and labelled lines
    ("Period covered: ...") on lines of their own, without full stops."""
    first, last = sentence_span(page.flat, start, end)
    offset = 0
    for line, following in zip(page.lines, page.lines[1:], strict=False):
        offset += len(line) + 1
        hard_break = not line.rstrip().endswith((".", ",", ";", ":", "-", "!", "?")) and (
            following[:1].isupper() or following[:1].isdigit()
        )
        if hard_break and first < offset <= start:
            first = offset
        elif hard_break and end < offset < last:
            last = offset - 1
    return first, last


def bridge_letter(report: Report) -> None:
    """`bridge_letter_end`: the last day a bridge letter in the document covers, from the
    sentences about the letter or the changes; null when there is no letter (a page that
    only mentions one, without saying nothing changed, is not one)."""
    letters = [
        page
        for page in report.body("bridge", "gap")
        if BRIDGE_TITLE.search(page.flat) and NO_CHANGES.search(page.flat)
    ]
    found: list[tuple[date, Citation]] = []
    for page in letters:
        for pattern in BRIDGE_ENDS:
            for match in pattern.finditer(page.flat):
                start, end = _statement(page, *match.span())
                statement = page.flat[start:end]
                if not BRIDGE_SENTENCE.search(statement):
                    continue
                year = ANY_YEAR.search(match.group(0))
                day = parse_date(match["end"], int(year.group(0)) if year else None)
                if day is not None:
                    found.append((day, Citation(clip(statement, QUOTE_LIMIT), page=page.number)))
    if found:
        day, citation = max(found, key=lambda item: item[0])
        report.set("bridge_letter_end", day.isoformat(), [citation])
        return
    report.set("bridge_letter_end", None)
    if letters:
        report.warnings.append(
            "A bridge letter was found, but not the date its coverage ends; read it and add "
            "the date to the SOC 2 answers by hand."
        )
