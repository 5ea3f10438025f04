"""What the rules have found so far in one report, and how a finding cites its page."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from vendor_eval.evidence.model import Citation, Fact
from vendor_eval.evidence.pdf import TextRun
from vendor_eval.evidence.soc2.pages import Page
from vendor_eval.evidence.soc2.vocabulary import FACT_VALUES
from vendor_eval.evidence.text import (
    clip,
    quote_around,
)

if TYPE_CHECKING:
    from vendor_eval.evidence.documents import PagedDocument

QUOTE_LIMIT = 240


@dataclass
class _Found:
    value: object
    citations: list[Citation]


@dataclass(frozen=True)
class FirstReading:
    """What was seen of a page as the document was read, page by page, before running
    headers and footers were known: which lines looked like them, where the rest reports
    exceptions, whether it names subservice organizations in a table column, and the
    positioned text of a page whose columns a rule will read (kept then, so the page is
    not loaded a second time)."""

    dropped: frozenset[int]
    exception_spans: list[tuple[int, int]]
    runs: list[TextRun] | None = None
    organisation_column: bool = False


@dataclass
class Report:
    pages: list[Page]
    facts: dict[str, Fact] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    first: dict[int, FirstReading] = field(default_factory=dict)
    # `body`'s answers, by the words asked: some rules ask for the same pages twice.
    _bodies: dict[tuple[str, ...], list[Page]] = field(default_factory=dict, repr=False)

    def set(self, name: str, value: object, citations: Iterable[Citation] = ()) -> None:
        allowed = FACT_VALUES.get(name)
        written = value if isinstance(value, list) else [value]
        if allowed is not None and value is not None and any(v not in allowed for v in written):
            # A rule wrote a word the checklist does not know: a bug, not a document problem.
            raise ValueError(f"soc2 fact {name}: {value!r} is not one of {allowed}")
        self.facts[name] = Fact(value=value, citations=_unique(citations))

    def value(self, name: str) -> object:
        fact = self.facts.get(name)
        return None if fact is None else fact.value

    def body(self, *words: str) -> list[Page]:
        """Pages other than a table of contents; with `words`, only pages that mention one
        of them (long reports are mostly test tables; most rules need not read those)."""
        found = self._bodies.get(words)
        if found is None:
            found = self._bodies[words] = [
                page
                for page in self.pages
                if not page.is_contents and (not words or page.mentions(*words))
            ]
        return list(found)  # a copy: the caller may change its list

    def text_runs(self, document: PagedDocument, number: int) -> list[TextRun]:
        """A page's positioned text: as kept while reading, else read again now."""
        first = self.first.get(number)
        if first is not None and first.runs is not None:
            return first.runs
        return document.text_runs(number)


def _unique(citations: Iterable[Citation]) -> list[Citation]:
    seen: set[tuple[int | None, str]] = set()
    kept = []
    for citation in citations:
        key = (citation.page, citation.quote)
        if key not in seen:
            seen.add(key)
            kept.append(citation)
    return kept


def cite(page: Page, match: re.Match[str] | tuple[int, int]) -> Citation:
    """The sentence around a match on the page's flat text, trimmed to a readable length."""
    start, end = match.span() if isinstance(match, re.Match) else match
    return Citation(quote=quote_around(page.flat, start, end, QUOTE_LIMIT), page=page.number)


def cite_line(page: Page, line: str) -> Citation:
    return Citation(quote=clip(line, QUOTE_LIMIT, marker=""), page=page.number)
