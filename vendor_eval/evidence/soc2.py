"""SOC 2 facts from the text of a SOC report.

Reports are written by many audit firms, each in its own template, so every rule here
looks for the *structure* of a statement (the opinion sentence, the "relevant to ..."
scope clause, a result cell of a test) rather than for a word anywhere on the page:
the same words occur all over a report in prose that means something else (every
report names all five trust services categories in the title of the criteria, Type 2
reports explain what a Type 1 is, methodology text quotes "No exceptions noted").

When the document does not say something plainly, the fact is null and a warning says
why; a wrong answer presented as evidence is worse than no answer.
"""

from __future__ import annotations

import calendar
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

from vendor_eval.errors import PdfError
from vendor_eval.evidence.pdf import Progress, TextRun
from vendor_eval.evidence.text import (
    REPORT_TYPOGRAPHY,
    clip,
    edge_key,
    ends_with_abbreviation,
    quote_around,
    repeated_edge_lines,
    rest_of_sentence,
    sentence_span,
)
from vendor_eval.model import Citation, DocumentRef, Evidence, EvidenceKind, Fact

if TYPE_CHECKING:
    from vendor_eval.evidence.documents import PagedDocument

CATEGORIES = ("security", "availability", "processing_integrity", "confidentiality", "privacy")
QUOTE_LIMIT = 240

# ---------------------------------------------------------------------------------------
# Text preparation


@dataclass
class _Page:
    number: int
    lines: list[str]
    flat: str = ""  # the page as one line, for sentence-level patterns across line breaks
    lower: str = ""  # `flat` in lower case, for cheap keyword checks before a regex runs
    is_contents: bool = False

    def __post_init__(self) -> None:
        self.flat = " ".join(" ".join(self.lines).split())
        self.lower = self.flat.lower()

    def mentions(self, *words: str) -> bool:
        return any(word in self.lower for word in words)


_CONTENTS_LINE = re.compile(r"(\.{3,}|\s)\s*\d{1,3}\s*$")


def _prepare(pages: Iterable[tuple[int, str]]) -> list[_Page]:
    """Normalise typography and drop the header and footer lines repeated on most pages
    (confidentiality banners, "Page 3 of 90", a SOC 3's "SOC 2 Type 2" footer...)."""
    raw = [
        (
            number,
            [" ".join(line.split()) for line in text.translate(REPORT_TYPOGRAPHY).splitlines()],
        )
        for number, text in pages
    ]
    raw = [(number, [line for line in lines if line]) for number, lines in raw]
    repeated = repeated_edge_lines(
        (lines for _, lines in raw), depth=3, needed=max(3, len(raw) // 2)
    )
    prepared = []
    for number, lines in raw:
        if repeated:
            edges = set(range(min(3, len(lines)))) | set(range(max(0, len(lines) - 3), len(lines)))
            lines = [
                line
                for index, line in enumerate(lines)
                if index not in edges or edge_key(line) not in repeated
            ]
        page = _Page(number, lines)
        page.is_contents = _is_contents(lines)
        prepared.append(page)
    return prepared


def _is_contents(lines: list[str]) -> bool:
    """A table of contents: titled so near the top, and then either entries with page
    numbers or, in firms that print none, a list of short titles and no prose."""
    top = lines[:5]
    if not any(re.search(r"\bcontents\b", line, re.I) for line in top):
        return False
    if sum(1 for line in lines if _CONTENTS_LINE.search(line)) >= 3:
        return True
    # Without page numbers, only a line that is the title itself will do: "The contents of
    # this report are confidential" on a cover of short lines is no table of contents.
    heading = next(
        (
            i
            for i, line in enumerate(top)
            if re.fullmatch(r"(?:table\s+of\s+)?contents:?", line, re.I)
        ),
        None,
    )
    if heading is None:
        return False
    entries = lines[heading + 1 :]
    titles = [line for line in entries if len(line) <= 90 and not line.endswith((".", ":", ";"))]
    return len(entries) >= 3 and len(titles) >= 0.9 * len(entries)


# ---------------------------------------------------------------------------------------
# Dates

_MONTHS = {name.lower(): index for index, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): index for index, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_MONTH = r"(?i:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
# A footnote marker can be glued to a year ("September 30, 20182"): accept one extra digit.
_YEAR = r"(?:19|20)\d\d(?=\d?\b)\d?"
_DATE = (
    rf"(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s*(?:{_YEAR})?"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?\s*(?:{_YEAR})?"
    rf"|\d{{1,2}}/\d{{1,2}}/{_YEAR}"
    rf"|(?:19|20)\d\d-\d\d-\d\d)"
)
_RANGE_SEPARATOR = r",?\s*(?:-|to|through|thru|until|and\s+ending(?:\s+on)?)\s*"
_RANGE = re.compile(rf"(?P<start>{_DATE}){_RANGE_SEPARATOR}(?P<end>{_DATE})", re.I)
_COUNTS = {
    word: number
    for number, word in enumerate(
        ("one", "two", "three", "four", "five", "six")
        + ("seven", "eight", "nine", "ten", "eleven", "twelve"),
        start=1,
    )
}
_COUNTS.update({str(number): number for number in range(1, 13)})
# "the twelve months ended", "the six-month period ending", "the year ended".
_MONTHS_ENDED = re.compile(
    rf"\b(?:(?P<count>{'|'.join(_COUNTS)})[\s-]*months?(?:\s+period)?|(?P<year>year))"
    rf"\s+end(?:ed|ing)\s+(?:on\s+)?(?P<end>{_DATE})",
    re.I,
)


_ANY_YEAR = re.compile(r"(?:19|20)\d\d")


def _parse_date(text: str, default_year: int | None = None) -> date | None:
    text = text.strip().rstrip(".,")
    numeric = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})\d?", text)
    if numeric:
        month_number, day_number, year_number = (int(part) for part in numeric.groups())
        return _safe_date(year_number, month_number, day_number)
    iso = re.fullmatch(r"(\d{4})-(\d\d)-(\d\d)", text)
    if iso:
        return _safe_date(*(int(part) for part in iso.groups()))
    words = re.findall(r"[A-Za-z]+|\d+", text)
    month: int | None = None
    day: int | None = None
    year: int | None = None
    for word in words:
        lowered = word.lower()
        if lowered in _MONTHS and month is None:
            month = _MONTHS[lowered]
        elif word.isdigit() and len(word) >= 4:
            year = int(word[:4])
        elif word.isdigit() and day is None:
            day = int(word)
    year = year or default_year
    if month is None or day is None or year is None:
        return None
    return _safe_date(year, month, day)


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _parse_range(match: re.Match[str]) -> tuple[date, date] | None:
    end = _parse_date(match["end"])
    if end is None:
        return None
    start = _parse_date(match["start"], default_year=end.year)
    if start is None:
        return None
    if not re.search(r"\d{4}", match["start"]) and start > end:
        # "October 1 - September 30, 2025": the year given once belongs to the end.
        start = start.replace(year=start.year - 1)
    if start >= end:
        return None
    return start, end


# ---------------------------------------------------------------------------------------
# Results


@dataclass
class _Found:
    value: object
    citations: list[Citation]


@dataclass
class _Report:
    pages: list[_Page]
    facts: dict[str, Fact] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def set(self, name: str, value: object, citations: Iterable[Citation] = ()) -> None:
        self.facts[name] = Fact(value=value, citations=_unique(citations))

    def value(self, name: str) -> object:
        fact = self.facts.get(name)
        return None if fact is None else fact.value

    def body(self, *words: str) -> list[_Page]:
        """Pages other than a table of contents; with `words`, only pages that mention one
        of them (long reports are mostly test tables; most rules need not read those)."""
        return [
            page
            for page in self.pages
            if not page.is_contents and (not words or page.mentions(*words))
        ]


def _unique(citations: Iterable[Citation]) -> list[Citation]:
    seen: set[tuple[int | None, str]] = set()
    kept = []
    for citation in citations:
        key = (citation.page, citation.quote)
        if key not in seen:
            seen.add(key)
            kept.append(citation)
    return kept


def _cite(page: _Page, match: re.Match[str] | tuple[int, int]) -> Citation:
    """The sentence around a match on the page's flat text, trimmed to a readable length."""
    start, end = match.span() if isinstance(match, re.Match) else match
    return Citation(quote=quote_around(page.flat, start, end, QUOTE_LIMIT), page=page.number)


def _cite_line(page: _Page, line: str) -> Citation:
    return Citation(quote=clip(line, QUOTE_LIMIT, marker=""), page=page.number)


# ---------------------------------------------------------------------------------------
# Report kind and type

_SOC_NAME = re.compile(
    r"\b(?:SOC|service\s+organi[sz]ation\s+controls?|system\s+and\s+organi[sz]ation\s+controls?)"
    r"\s*(?:\(SOC\)\s*)?(?:for\s+service\s+organi[sz]ations\s*)?[- ]?(?P<n>[123])(?![\d.])",
    re.I,
)
_TYPE = re.compile(r"\btype[\s-]*(?P<t>ii|i|2|1|two|one)\b(?![-.]?\d)", re.I)
# Operating effectiveness over a span of time is what makes a report Type 2; a Type 1
# may still speak of operating effectiveness ("we were not engaged to report on ...").
_OPERATING = re.compile(
    r"operat(?:ed|ing)\s+effective(?:ly|ness)?\s+(?:throughout|during|for|over)\s+the\s+"
    r"(?:[\w-]+\s+){0,2}?(?:period|months?|year)\b",
    re.I,
)
_DESIGN_AS_OF = re.compile(
    rf"(?:suitably\s+designed|fairly\s+presents?|description\s+of\s+[^.]{{0,120}}?)"
    rf"[^.]{{0,160}}?\bas\s+(?:of|at)\s+(?P<date>{_DATE})",
    re.I,
)


def _report_kind(report: _Report) -> None:
    title_hits: list[tuple[int, str, Citation]] = []
    for page in report.body()[:3]:
        for line in page.lines:
            for match in _SOC_NAME.finditer(line):
                titled = bool(re.search(r"report|examination|type", line, re.I))
                title_hits.append((0 if titled else 1, match["n"], _cite_line(page, line)))
    if not title_hits:
        criteria = next(
            (
                (page, match)
                for page in report.body("trust services")
                for match in [
                    re.search(r"trust\s+services\s+(criteria|principles)", page.flat, re.I)
                ]
                if match
            ),
            None,
        )
        if criteria:
            report.set("report_kind", "soc2", [_cite(*criteria)])
            report.warnings.append(
                "The report never names itself SOC 1/2/3; it was taken as a SOC 2 because it "
                "reports against the trust services criteria. Check the cover page."
            )
        else:
            report.set("report_kind", None)
            report.warnings.append(
                "This does not look like a SOC report: no 'SOC 2' title and no trust services "
                "criteria were found."
            )
        return
    title_hits.sort(key=lambda hit: hit[0])
    best_rank = title_hits[0][0]
    kinds = Counter(hit[1] for hit in title_hits if hit[0] == best_rank)
    kind = kinds.most_common(1)[0][0]
    citation = next(hit[2] for hit in title_hits if hit[0] == best_rank and hit[1] == kind)
    report.set("report_kind", f"soc{kind}", [citation])
    if kind == "3":
        report.warnings.append(
            "This is a SOC 3 report: it is meant for general use and has no tests of controls, "
            "so exceptions and the full list of complementary user entity controls cannot be "
            "read from it, and it has no Type. Ask the vendor for the SOC 2 report under NDA."
        )
    elif kind == "1":
        report.warnings.append(
            "This is a SOC 1 report (controls over financial reporting, against control "
            "objectives, not the trust services criteria): it does not answer the SOC 2 "
            "questions. Ask the vendor for its SOC 2 report."
        )


def _report_type(report: _Report) -> None:
    if report.value("report_kind") in ("soc1", "soc3"):
        report.set("report_type", None)
        return
    operating = [
        _cite(page, m) for page in report.body("effective") for m in _OPERATING.finditer(page.flat)
    ]
    design = [
        _cite(page, m)
        for page in report.body(" as of ", " as at ")
        for m in _DESIGN_AS_OF.finditer(page.flat)
    ]
    titled: dict[str, list[Citation]] = {}
    for page in report.body()[:3]:
        for line in page.lines:
            for match in _TYPE.finditer(line):
                if re.search(r"\bSOC\b|report|examination", line, re.I):
                    kind = "type2" if match["t"].lower() in ("2", "ii", "two") else "type1"
                    titled.setdefault(kind, []).append(_cite_line(page, line))
    if operating:
        structural, citations = "type2", operating[:2]
    elif design:
        structural, citations = "type1", design[:2]
    else:
        structural, citations = None, []

    if structural and titled and structural not in titled:
        report.warnings.append(
            f"The title calls the report {' and '.join(sorted(titled))} but the opinion reads "
            f"as {structural}; the opinion was taken. Check the cover page."
        )
    if structural:
        report.set("report_type", structural, citations + titled.get(structural, [])[:1])
    elif len(titled) == 1:
        kind = next(iter(titled))
        report.set("report_type", kind, titled[kind][:1])
        report.warnings.append(
            f"Report type {kind} is taken from the title only; no opinion on operating "
            "effectiveness or on design 'as of' a date was found to confirm it."
        )
    else:
        report.set("report_type", None)
        report.warnings.append(
            "Could not tell Type 1 from Type 2: the opinion's wording was not found"
            + (" and the title names both." if titled else ".")
        )


# ---------------------------------------------------------------------------------------
# Period

_PERIOD_CONTEXTS = (
    # The opinion and the assertion say "throughout the period"; they are the report's
    # own period, whereas other ranges (subservice reports, bridge letters) are not.
    re.compile(r"(?:throughout|during)\s+the\s+(?:\w+[\s-]+)?period\s+(?:of\s+|from\s+)?$", re.I),
    re.compile(
        r"(?:for|covering|over)\s+the\s+(?:\w+[\s-]+)?period\s+(?:of\s+|from\s+)?$"
        r"|(?:examination|review|audit|reporting|report|testing)\s+period:?\s+(?:of\s+|from\s+)?$"
        r"|period\s+of\s+(?:examination|review|performance):?\s+$",
        re.I,
    ),
)


def _period(report: _Report) -> None:
    kind = report.value("report_type")
    ranges: list[list[tuple[tuple[date, date], Citation]]] = [[], [], []]
    for page in report.body():
        if not _ANY_YEAR.search(page.flat):
            continue
        for match in _RANGE.finditer(page.flat):
            parsed = _parse_range(match)
            if parsed is None:
                continue
            before = page.flat[max(0, match.start() - 60) : match.start()]
            rank = next(
                (rank for rank, ctx in enumerate(_PERIOD_CONTEXTS) if ctx.search(before)),
                2,
            )
            ranges[rank].append((parsed, _cite(page, match)))
        for match in _MONTHS_ENDED.finditer(page.flat):
            end = _parse_date(match["end"])
            if end is not None:
                months = 12 if match["year"] else _COUNTS[match["count"].lower()]
                start = _months_before(end, months)
                ranges[1].append(((start, end), _cite(page, match)))

    as_of = _as_of_dates(report)
    if kind == "type1" or (kind is None and not ranges[0] and as_of):
        _set_as_of(report, as_of)
        return
    for rank in (0, 1):
        if ranges[rank]:
            _set_period(report, ranges[rank])
            return
    report.set("period_start", None)
    report.set("period_end", None)
    report.warnings.append(
        "No examination period was found (no 'throughout the period ...' or 'for the period "
        "...' statement)."
    )


def _months_before(end: date, months: int) -> date:
    """First day of the `months` ending on `end`: six months ended September 30 began on
    April 1 (count back from the day after, or month ends of unequal length go wrong)."""
    after = end + timedelta(days=1)
    year, month = after.year, after.month - months
    while month <= 0:
        month += 12
        year -= 1
    return date(year, month, min(after.day, calendar.monthrange(year, month)[1]))


def _set_period(report: _Report, found: list[tuple[tuple[date, date], Citation]]) -> None:
    counts = Counter(value for value, _ in found)
    (best, best_count), *others = counts.most_common()
    citations = [citation for value, citation in found if value == best][:2]
    if others and others[0][1] == best_count:
        report.set("period_start", None)
        report.set("period_end", None)
        shown = ", ".join(f"{a.isoformat()} to {b.isoformat()}" for (a, b), _ in counts.items())
        report.warnings.append(
            f"The report states different examination periods equally often ({shown}); "
            "none was chosen. Read the opinion paragraph."
        )
        return
    if others:
        shown = ", ".join(f"{a.isoformat()} to {b.isoformat()}" for (a, b), _ in others)
        report.warnings.append(
            f"Other periods are also stated ({shown}); the one the report repeats most was taken."
        )
    report.set("period_start", best[0].isoformat(), citations)
    report.set("period_end", best[1].isoformat(), citations)
    months = (best[1] - best[0]).days / 30.4
    if months < 2.5:
        report.warnings.append(
            f"The examination period is short (about {months:.0f} months); buyers usually "
            "expect 6 to 12 months."
        )


def _as_of_dates(report: _Report) -> list[tuple[date, Citation]]:
    found = []
    for page in report.body(" as of ", " as at "):
        for match in _DESIGN_AS_OF.finditer(page.flat):
            parsed = _parse_date(match["date"])
            if parsed is not None:
                found.append((parsed, _cite(page, match)))
    return found


def _set_as_of(report: _Report, found: list[tuple[date, Citation]]) -> None:
    report.set("period_start", None)
    if not found:
        report.set("period_end", None)
        report.set("as_of", None)
        report.warnings.append("Type 1 report, but the 'as of' date was not found.")
        return
    counts = Counter(value for value, _ in found)
    best, best_count = counts.most_common(1)[0]
    if len(counts) > 1 and list(counts.values()).count(best_count) > 1:
        report.set("period_end", None)
        report.set("as_of", None)
        report.warnings.append(
            "The report gives several different 'as of' dates equally often; none was chosen."
        )
        return
    citations = [citation for value, citation in found if value == best][:2]
    report.set("as_of", best.isoformat(), citations)
    report.set("period_end", best.isoformat(), citations)


# ---------------------------------------------------------------------------------------
# Trust services categories

_CATEGORY = (
    r"(?:security|availability|processing\s+integrity|confidentiality|privacy"
    r"|common\s+criteria)"
)
_CATEGORY_WORDS = ("security", "availability", "integrity", "confidentiality", "privacy", "common")
# Every scope clause below contains one of these.
_SCOPE_WORDS = ("relevant to", "applicable", "criteri", "in scope", "categor", "principle")
_CATEGORY_ITEM = rf"{_CATEGORY}(?:\s*\([^)]{{1,30}}\))?"
_CATEGORY_JOIN = r"\s*(?:,\s*and|,\s*&|,|and|&|/|;)\s*(?:the\s+)?"
_CATEGORY_SERIES = rf"{_CATEGORY_ITEM}(?:{_CATEGORY_JOIN}{_CATEGORY_ITEM})*"
_CATEGORY_LIST = rf"(?P<list>{_CATEGORY_SERIES})"
_CRITERIA_NOUN = r"(?:trust\s+services?\s+)?(?:criteria|categor\w*|principles?)"
_SCOPE_CLAUSES = (
    re.compile(rf"\b(?:relevant|applicable)\s+to\s+(?:the\s+)?{_CATEGORY_LIST}", re.I),
    re.compile(rf"\bcriteria\s+for\s+the\s+{_CATEGORY_LIST}\s+(?:principles?|categor)", re.I),
    re.compile(
        rf"\bapplicable\s+trust\s+(?:services?\s+)?(?:principles?|criteria|categor\w*)"
        rf"(?:\s*\(s\))?\s*(?:in\s+scope\s*)?(?:are|is|:|-)?\s*(?:the\s+)?{_CATEGORY_LIST}",
        re.I,
    ),
    re.compile(
        rf"\b(?:trust\s+services?\s+)?(?:categories|principles|criteria)\s+in\s+scope\s*"
        rf"(?:are|is|:|-)?\s*(?:the\s+)?{_CATEGORY_LIST}",
        re.I,
    ),
    # "based on / against / covers the Security and Availability Trust Services Criteria":
    # the categories come before the noun, after a verb that puts them in scope (the
    # criteria document's own title, "Criteria for Security, ...", does not match).
    re.compile(
        r"\b(?:covers?|covering|addresse?s?|addressing|include[sd]?|including|based\s+on|"
        r"against|using|under|to\s+meet|meeting|in\s+accordance\s+with|for)\s+the\s+"
        rf"{_CATEGORY_LIST}\s+{_CRITERIA_NOUN}",
        re.I,
    ),
)
# A scope clause read after a negation names what is left OUT ("this report does not
# address the Privacy category", "is not relevant to privacy").
_NEGATED_SCOPE = re.compile(
    r"\b(?:not|no|neither|nor|excluding|excludes|except|other\s+than)\b(?:\W+\w+){0,3}\W*$", re.I
)
_EXCLUDED_CATEGORIES = re.compile(
    rf"(?:\b(?:does|did|do)\s+not\s+(?:address|cover|include|extend\s+to)\s+(?:the\s+)?"
    rf"{_CATEGORY_SERIES}(?:\s+{_CRITERIA_NOUN})?(?:\s+or\s+(?:the\s+)?{_CATEGORY_SERIES})?"
    rf"|\b(?:the\s+)?{_CATEGORY_SERIES}\s+(?:{_CRITERIA_NOUN}\s+)?(?:is|are|was|were)\s+"
    rf"(?:not\s+(?:in(?:cluded)?|within|part\s+of|addressed|covered)|excluded|out\s+of)\b)",
    re.I,
)


def _category_names(text: str) -> set[str]:
    return {
        "security" if word.lower().startswith("common") else "_".join(word.lower().split())
        for word in re.findall(_CATEGORY, text, re.I)
    }


def _trust_criteria(report: _Report) -> None:
    if report.value("report_kind") == "soc1":
        report.set("trust_criteria", None)
        return
    sets: Counter[tuple[str, ...]] = Counter()
    cited: dict[tuple[str, ...], list[Citation]] = {}
    excluded: set[str] = set()
    for page in report.body(*_SCOPE_WORDS):
        if not page.mentions(*_CATEGORY_WORDS):
            continue
        for match in _EXCLUDED_CATEGORIES.finditer(page.flat):
            excluded |= _category_names(match.group(0))
        for pattern in _SCOPE_CLAUSES:
            for match in pattern.finditer(page.flat):
                if _NEGATED_SCOPE.search(page.flat[max(0, match.start() - 40) : match.start()]):
                    continue
                found = tuple(sorted(_category_names(match["list"])))
                sets[found] += 1
                cited.setdefault(found, []).append(_cite(page, match))
    if not sets:
        report.set("trust_criteria", None)
        report.warnings.append(
            "The trust services categories in scope were not found (no 'relevant to security, "
            "...' clause)."
        )
        return
    (best, best_count), *others = sets.most_common()
    if others and others[0][1] == best_count:
        report.set("trust_criteria", None)
        report.warnings.append(
            "The report names different sets of trust services categories equally often ("
            + "; ".join(", ".join(s) for s, _ in sets.most_common())
            + "); none was chosen. A footnote may narrow the scope for some components."
        )
        return
    if others:
        report.warnings.append(
            "Some passages name other trust services categories ("
            + "; ".join(", ".join(s) for s, _ in others)
            + "); the set the report repeats most was taken."
        )
    dropped = excluded.intersection(best)
    if dropped:
        report.warnings.append(
            f"The report names {', '.join(sorted(dropped))} in its scope clause but also says "
            "it is not covered; it was left out of trust_criteria. Read the scope paragraph."
        )
    report.set("trust_criteria", [name for name in best if name not in dropped], cited[best][:2])


# ---------------------------------------------------------------------------------------
# Opinion

_IN_OUR_OPINION = re.compile(r"\bIn\s+our\s+opinion\b[,:]?", re.I)
_QUALIFIED_LEAD = re.compile(
    r"^[^.]{0,40}?\bexcept\s+(?:for\s+)?(?:the\s+)?(?:effects?\s+of\s+(?:the\s+)?)?"
    r"(?:matters?|deviations?|exceptions?|possible|condition)",
    re.I,
)
_ADVERSE_LEAD = re.compile(
    r"^[^.]{0,40}?\bbecause\s+of\s+the\s+(?:significance|effects?|pervasive)", re.I
)
_HEADINGS = {
    "qualified": re.compile(r"\bbasis\s+for\s+qualified\s+opinion\b", re.I),
    "adverse": re.compile(r"\bbasis\s+for\s+(?:an\s+)?adverse\s+opinion\b", re.I),
    "disclaimer": re.compile(r"\b(?:basis\s+for\s+)?disclaimer\s+of\s+opinion\b", re.I),
}
_NO_OPINION = re.compile(
    r"\b(?:we|it|the\s+auditor)\s+(?:do|does|did)\s+not\s+express\s+an\s+opinion\b"
    r"|\bwe\s+(?:are|were)\s+(?:not\s+able|unable)\s+to\s+(?:express|form)\s+an\s+opinion\b",
    re.I,
)
_SEVERITY = ("disclaimer", "adverse", "qualified", "unqualified")
_SENTENCE_LIMIT = 900


def _rest_of_sentence(text: str, start: int) -> str:
    """From `start` to the end of its sentence: a SOC 3 opinion keeps its verdict ("is
    fairly stated") for the end of one long sentence."""
    return rest_of_sentence(text, start, _SENTENCE_LIMIT)


def _opinion(report: _Report) -> None:
    signals: dict[str, list[Citation]] = {}
    for page in report.body("opinion"):
        for match in _IN_OUR_OPINION.finditer(page.flat):
            after = _rest_of_sentence(page.flat, match.end())
            if _ADVERSE_LEAD.search(after):
                kind = "adverse"
            elif _QUALIFIED_LEAD.search(after):
                kind = "qualified"
            elif re.search(r"in\s+all\s+material\s+respects", after, re.I) or re.search(
                r"fairly\s+stated|maintained[^.]{0,40}effective", after, re.I
            ):
                kind = "unqualified"
            else:
                continue
            signals.setdefault(kind, []).append(_cite(page, (match.start(), match.end() + 40)))
        for kind, heading in _HEADINGS.items():
            for match in heading.finditer(page.flat):
                signals.setdefault(kind, []).append(_cite(page, match))
        for match in _NO_OPINION.finditer(page.flat):
            sentence = _cite(page, match).quote
            # "...we express no opinion on it" about unaudited other information is not a
            # disclaimer; a disclaimer is about the examination itself.
            # Nor is a Type 1's "we do not express an opinion on operating effectiveness".
            if not re.search(
                r"other\s+information|section\s+v\b|not\s+covered|operating\s+effectiveness"
                r"|operated\s+effectively",
                sentence,
                re.I,
            ):
                signals.setdefault("disclaimer", []).append(_cite(page, match))
        summary = re.search(
            r"\bopinion\s+(?:result|type)?\s*:?\s*(?P<kind>unqualified|unmodified)\b",
            page.flat,
            re.I,
        )
        if summary:
            signals.setdefault("unqualified", []).append(_cite(page, summary))
    if not signals:
        report.set("opinion", None)
        report.warnings.append(
            "The auditor's opinion was not found (no 'In our opinion' paragraph)."
        )
        return
    kind = next(kind for kind in _SEVERITY if kind in signals)
    report.set("opinion", kind, signals[kind][:2])
    if kind != "unqualified":
        report.warnings.append(
            f"The auditor's opinion is {kind} (modified): read the basis paragraph before "
            "relying on this report."
        )


# ---------------------------------------------------------------------------------------
# Exceptions in the tests of controls

_EXCEPTION = re.compile(
    r"\b(?:exceptions?|deviations?)\s+(?:was\s+|were\s+|has\s+been\s+|have\s+been\s+)?"
    r"(?:noted|identified|observed|found|detected)\b",
    re.I,
)
_CLEAN = re.compile(
    r"\bno\s+(?:\w+\s+){0,2}?(?:exceptions?|deviations?)\s+(?:were\s+)?"
    r"(?:noted|identified|observed|found)\b",
    re.I,
)
_FEW = r"\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten"
# A result that reports a shortfall in a sample without the word "exception":
# "For 1 of 25 samples selected, the account remained active ..."; "2 of the 40 changes
# sampled were deployed without approval".
_SAMPLE_SHORTFALL = re.compile(
    rf"\b(?:(?P<for>for|in)\s+)?(?P<n>{_FEW})\s+(?:out\s+)?of\s+(?:the\s+)?(?P<m>\d{{1,4}})\b"
    r"(?P<rest>[^.;]{0,80})",
    re.I,
)
# Literal start, so scanning a long page for it is as cheap as str.find; the full
# pattern above is then tried only around each hit.
_OF_COUNT = re.compile(r" of (?:the )?\d")
_SAMPLED = re.compile(r"\b(?:sampl|select|test|inspect|review|examin)\w*", re.I)
# Within the same sentence: "No exceptions noted. Exception noted." reports one.
_NEGATION_BEFORE = re.compile(
    r"\b(?:no|not|without|nor|zero|none)\b(?:[^\w.]+\w+){0,3}[^\w.]*$", re.I
)
# Methodology and policy prose that speaks of exceptions without reporting one.
_HYPOTHETICAL = re.compile(
    r"\b(?:if|whether|any|phrase|would|should|in\s+the\s+event|to\s+the\s+extent|"
    r"management'?s?\s+response)\b|(?<!\w)[\"'][^\"']{1,60}[\"'](?!\w)",
    re.I,
)
_TESTS_SECTION = re.compile(
    r"\b(?:tests?\s+of\s+(?:the\s+)?(?:operating\s+effectiveness|controls)|testing\s+matri"
    r"|results?\s+of\s+(?:the\s+)?tests?|test\s+results|tests?\s+performed|test\s+procedures?)",
    re.I,
)
# Where the auditor's tests end: management's own, unaudited material follows, and an
# "exception noted" there (a management response, an internal audit finding) is not a
# test result.
_AFTER_TESTS = re.compile(
    r"^(?:section\s+(?:v|5|five)\b(?!\.\d)"
    r"|(?:other|supplement(?:al|ary)|additional)\s+information\s+provided\s+by\b"
    r"|management'?s\s+responses?\s+to\s+(?:the\s+)?(?:testing\s+)?(?:exceptions|deviations)\b)",
    re.I,
)
_CONTROL_ID = re.compile(r"^\s*(?:[A-Z]{1,5}\s?\d{1,2}(?:\.\d{1,2}){0,2}|[A-Z]{2,5}-\d{1,3})\b")


def _exceptions(report: _Report, document: PagedDocument) -> None:
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
    start = next((i for i, page in enumerate(body) if _TESTS_SECTION.search(page.flat)), None)
    if start is None:
        report.set("exceptions", None)
        report.warnings.append("No tests of controls were found, so exceptions were not counted.")
        return
    found: dict[str, Citation] = {}
    clean: list[Citation] = []
    for page in body[start:]:
        ended = _tests_end(page) if (found or clean) else None
        if ended is not None:
            page = _Page(page.number, page.lines[:ended])
        if not (page.mentions("exception", "deviation") or _OF_COUNT.search(page.flat)):
            continue
        if not clean:
            clean.extend(
                _cite(page, m) for m in _CLEAN.finditer(page.flat) if _is_result(page.flat, m)
            )
        spans = _exception_spans(page.flat)
        if spans:
            rows = None if ended is not None else _exception_rows(report, document, page)
            if rows is None:
                rows = [(None, _cite(page, span)) for span in spans]
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


def _tests_end(page: _Page) -> int | None:
    return next((i for i, line in enumerate(page.lines) if _AFTER_TESTS.match(line)), None)


def _exception_spans(text: str) -> list[tuple[int, int]]:
    """Where `text` reports exceptions: "Exception noted." with the sentence after it
    (which says what failed), or a sample shortfall ("For 1 of 25 ..."); one span for
    both when they describe the same result."""
    spans = [
        _with_next_sentence(text, m) for m in _EXCEPTION.finditer(text) if _is_exception(text, m)
    ]
    for hit in _OF_COUNT.finditer(text):
        match = _SAMPLE_SHORTFALL.search(text, max(0, hit.start() - 12), hit.end() + 100)
        if match is None or any(start <= match.start() <= end for start, end in spans):
            continue
        if _is_shortfall(text, match):
            spans.append(_sentence_span(text, match))
    return sorted(spans)


def _is_shortfall(text: str, match: re.Match[str]) -> bool:
    n, m = match["n"].lower(), int(match["m"])
    count = _COUNTS.get(n) if not n.isdigit() else int(n)
    if count is None or not 0 < count < m:
        return False
    if not (match["for"] or _SAMPLED.search(match["rest"])):
        return False
    sentence = text[_sentence_span(text, match)[0] : match.end()]
    return not _CLEAN.search(sentence) and _is_exception(text, match)


def _sentence_span(text: str, match: re.Match[str]) -> tuple[int, int]:
    return sentence_span(text, match.start(), match.end())


def _with_next_sentence(text: str, match: re.Match[str]) -> tuple[int, int]:
    """ "Exception noted." alone says nothing; the sentence after it says what failed."""
    stop = text.find(". ", match.end() + 1)
    return match.start(), len(text) if stop < 0 else stop + 1


def _is_exception(text: str, match: re.Match[str]) -> bool:
    before = text[max(0, match.start() - 40) : match.start()]
    return not _NEGATION_BEFORE.search(before) and _is_result(text, match)


def _is_result(text: str, match: re.Match[str]) -> bool:
    """False for methodology or policy prose that talks about results in general."""
    sentence_start = max(text.rfind(". ", 0, match.start()), text.rfind("? ", 0, match.start()))
    sentence = text[sentence_start + 1 : match.end() + 40]
    return not _HYPOTHETICAL.search(sentence)


_RESULTS_HEADER = re.compile(
    r"^(?:(?:service\s+auditor'?s\s+)?(?:test(?:ing)?\s+)?results?\b"
    r"|results?\s+of\s+(?:the\s+)?(?:tests?|testing)|exceptions?\s+noted\b)",
    re.I,
)
_COLUMN_TOLERANCE = 4.0  # points; text in one column starts at (nearly) the same x


def _exception_rows(
    report: _Report, document: PagedDocument, page: _Page
) -> list[tuple[str | None, Citation]] | None:
    """Exceptions read from the results column of a tests-of-controls table, where a
    result cannot be mixed up with the test-procedure text beside it; each is keyed by
    the control ID level with it, so a control tested under several criteria counts
    once. None when the page has no such table."""
    try:
        runs = document.text_runs(page.number)
    except PdfError as exc:
        report.warnings.append(f"{exc.message}; exceptions on that page were read from plain text.")
        return None
    columns = _column_starts(runs)
    if len(columns) < 3:
        return None
    by_column: dict[int, list[TextRun]] = {}
    for run in runs:
        column = _column_of(columns, run.left)
        if column is not None:
            by_column.setdefault(column, []).append(run)
    results = _results_column(by_column)
    if results is None:
        return None
    anchors = [
        ((run.top + run.bottom) / 2, found_id[0].strip())
        for run in by_column.get(0, [])
        if (found_id := _CONTROL_ID.match(run.text))
    ]
    # The column's runs as one text, remembering where each run sits on the page.
    text, placed = "", []
    for run in sorted(by_column[results], key=lambda run: (run.top, run.left)):
        text += (" " if text else "") + run.text.translate(REPORT_TYPOGRAPHY)
        placed.append((len(text), (run.top + run.bottom) / 2))
    found = []
    for start, end in _exception_spans(text):
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
    for run in sorted(runs, key=lambda run: run.left):
        start = next((x for x in reversed(list(lines)) if run.left - x <= _COLUMN_TOLERANCE), None)
        lines.setdefault(run.left if start is None else start, set()).add(round(run.top))
    return sorted(x for x, tops in lines.items() if len(tops) >= 3)


def _column_of(columns: list[float], left: float) -> int | None:
    index = None
    for number, start in enumerate(columns):
        if start <= left + _COLUMN_TOLERANCE:
            index = number
    return index


def _results_column(by_column: dict[int, list[TextRun]]) -> int | None:
    """The column headed "Results" (or the like), else the one where most test results
    are written; None when no column holds results."""
    for column, runs in sorted(by_column.items()):
        if column > 0 and any(_RESULTS_HEADER.match(run.text) for run in runs):
            return column
    counts = {
        column: sum(bool(_CLEAN.search(run.text) or _EXCEPTION.search(run.text)) for run in runs)
        for column, runs in by_column.items()
    }
    best = max(counts, key=lambda column: (counts[column], column), default=None)
    return best if best is not None and counts[best] > 0 else None


# ---------------------------------------------------------------------------------------
# Subservice organizations

_SUBSERVICE_WORDS = (
    "subservice",
    "carve",
    "inclusive",
    "not include",
    "not extend",
    "exclud",
    "implemented at",
    "implemented by",
    "expected that",
)
_CARVE_OUT = re.compile(
    r"\bcarve[\s-]*out\s+method\b|\bcarved\s+out\b"
    r"|\b(?:examination|description|report)\s+(?:did|does)\s+not\s+(?:include|extend\s+to)\s+"
    r"(?:any\s+of\s+)?the\s+(?:services|controls)\b"
    r"|\bdoes\s+not\s+include\s+(?:any\s+of\s+)?the\s+controls\s+expected\s+to\s+be\s+implemented"
    # passive, in any tense: "were not included in", "have not been included in the scope
    # of", "are excluded from the description", "is not covered by this report"
    r"|\b(?:(?:were|was|are|is)\s+not|ha(?:ve|s)\s+not\s+been)\s+(?:included|covered)"
    r"\s+(?:within|in|by)\s+the\s+scope\s+of\s+(?:this|the|our)\s+(?:examination|report|engagement)"
    r"|\b(?:were|was|are|is|ha(?:ve|s)\s+been)\s+(?:excluded\s+from|carved\s+out\s+of"
    r"|outside(?:\s+of)?)\s+the\s+scope\s+of\s+(?:this|the|our)\s+(?:examination|report|engagement)"
    r"|\b(?:were|was|are|is|ha(?:ve|s)\s+been)\s+(?:excluded|omitted)\s+from\s+(?:the|this|our)"
    r"\s+(?:description|examination|report)\b"
    r"|\b(?:(?:were|was|are|is)\s+not|ha(?:ve|s)\s+not\s+been)\s+covered\s+by\s+(?:this|the|our)"
    r"\s+(?:report|examination)\b"
    r"|\bexclud(?:es|ed|ing)\s+the\s+(?:relevant\s+)?controls\s+(?:of|at)\b",
    re.I,
)
_INCLUSIVE = re.compile(
    r"\binclusive\s+method\b"
    r"|\b(?:our\s+)?examination\s+included\s+the\s+(?:services|controls)\s+(?:provided\s+by|of|at)\b",
    re.I,
)
_NAME = (
    r"[A-Z][\w&.'-]*(?:\s+(?:[A-Z][\w&.'-]*|of|&))*"
    r"(?:,?\s+(?:Inc\.?|LLC|L\.L\.C\.|Ltd\.?|Corp\.?|Corporation|GmbH)(?![\w]))?"
    r"(?:\s*\([A-Z][\w&.-]*\))?"
)
_SPLIT_NAMES = re.compile(r",(?!\s*(?:Inc|LLC|L\.L\.C|Ltd|Corp|GmbH)\b)\s*|\s+and\s+")
# A sentence that says a company is relied on is only about a subservice organization
# when a carve-out or inclusion statement follows close by.
_SUBSERVICE_CUE = re.compile(
    r"subservice|carve|not\s+(?:included|covered)|excluded\s+from|outside\s+(?:of\s+)?the\s+"
    r"scope|implemented\s+(?:at|by)|expected\s+that|inclusive",
    re.I,
)
_ORG_PATTERNS = (
    re.compile(rf"\bprovided\s+by\s+(?P<names>{_NAME}(?:(?:,\s*|\s+and\s+){_NAME})*)"),
    re.compile(rf"\bexpected\s+to\s+be\s+implemented\s+(?:at|by)\s+(?P<names>{_NAME})"),
    re.compile(rf"\bIt\s+is\s+expected\s+that\s+(?P<names>{_NAME})\s+(?:has|have|will)\b"),
    re.compile(
        rf"\b(?:uses|utilizes|relies\s+on|engages)\s+(?P<names>{_NAME}(?:(?:,\s*|\s+and\s+)"
        rf"{_NAME})*)(?:,[^.]{{0,60}})?\s+as\s+(?:a\s+)?subservice\s+organi[sz]ations?",
    ),
    re.compile(
        rf"\bsubservice\s+organi[sz]ations?\s*(?:\([^)]{{0,30}}\))?\s*(?:is|are|include|:)\s*"
        rf"(?P<names>{_NAME}(?:(?:,\s*|\s+and\s+){_NAME})*)",
    ),
    re.compile(
        rf"\b(?:services|controls)\s+(?:at|of)\s+(?P<names>{_NAME})\s+(?:are|were|is|was)\b"
    ),
)
# "<Company> uses Amazon Web Services (AWS) for hosting": a name only if a subservice
# cue follows within the next sentence or so.
_RELIES_ON = re.compile(
    r"\b(?:uses|utilizes|utilises|relies\s+(?:up)?on|engages|leverages|runs\s+on"
    r"|(?:is|are)\s+hosted\s+(?:on|by|in|with)|outsources\s+[\w\s]{1,30}?\s+to)"
    rf"\s+(?P<names>{_NAME}(?:(?:,\s*|\s+and\s+){_NAME})*)(?=\s+(?:for|to)\b|\s*[.;,])"
)
_NOT_A_NAME = re.compile(
    r"^(?:The|This|These|Our|We|It|Management|Service|Services|Company|Controls?|Section|"
    r"User|Customer|Customers|AICPA|SOC|Type|Trust|Criteria|CC\d.*|N/?A|None)$",
    re.I,
)


# The header cell of a column that lists subservice organizations in a table (not
# "Vendors": descriptions list the tools staff use, which are not subservice providers).
_ORG_COLUMN = (
    r"(?:subservice\s+(?:organi[sz]ations?|providers?)|sub-?processors?|cloud\s+providers?)"
    r"(?:\s+name)?"
)
_ORG_COLUMN_HEADER = re.compile(rf"^{_ORG_COLUMN}$", re.I)
_ORG_COLUMN_LINE = re.compile(rf"^{_ORG_COLUMN}\s+\S", re.I)


def _subservice(report: _Report, document: PagedDocument) -> None:
    carve: list[Citation] = []
    inclusive: list[Citation] = []
    names: dict[str, Citation] = {}
    for page in report.body(*_SUBSERVICE_WORDS):
        if any(_ORG_COLUMN_LINE.match(line) for line in page.lines):
            for name, citation in _table_names(document, page):
                _add_names(names, name, citation)
        carve.extend(_cite(page, m) for m in _CARVE_OUT.finditer(page.flat))
        inclusive.extend(_cite(page, m) for m in _INCLUSIVE.finditer(page.flat))
        for pattern in _ORG_PATTERNS:
            for match in pattern.finditer(page.flat):
                sentence = _cite(page, match)
                if not re.search(
                    r"subservice|carve|not\s+included|implemented\s+at|expected\s+that|inclusive",
                    sentence.quote,
                    re.I,
                ):
                    continue
                _add_names(names, match["names"], sentence)
        for match in _RELIES_ON.finditer(page.flat):
            if _SUBSERVICE_CUE.search(page.flat, match.start(), match.end() + 300):
                _add_names(names, match["names"], _cite(page, match))
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
    elif re.search(
        r"\bdoes\s+not\s+use\s+(?:any\s+)?subservice\s+organi[sz]ations",
        " ".join(page.flat for page in report.body()),
        re.I,
    ):
        report.set("subservice_organizations", [])
    else:
        report.set("subservice_organizations", None)


_LEGAL_SUFFIX = re.compile(r",?\s+(?:Inc|LLC|L\.L\.C|Ltd|Corp|Corporation|GmbH)\.?$", re.I)


def _table_names(document: PagedDocument, page: _Page) -> list[tuple[str, Citation]]:
    """Names in the first column of a table headed "Subservice Organization" (or the
    like), read from text positions so the cells beside a name stay out of it."""
    try:
        runs = document.text_runs(page.number)
    except PdfError:
        return []
    found: list[tuple[str, Citation]] = []

    def beside(cell: TextRun) -> list[float]:
        return [run.left for run in runs if abs(run.top - cell.top) <= 3 and run.left > cell.right]

    for header in (run for run in runs if _ORG_COLUMN_HEADER.match(run.text)):
        height = header.bottom - header.top
        above = any(
            abs(run.left - header.left) <= _COLUMN_TOLERANCE
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
            if run.top <= header.bottom or abs(run.left - header.left) > _COLUMN_TOLERANCE:
                continue
            previous = cells[-1].bottom if cells else header.bottom
            if run.right > next_column or run.top - previous > 2.5 * height:
                break  # prose below the table, or the table has ended
            cells.append(run)
        for cell in cells:
            line = next((line for line in page.lines if line.startswith(cell.text)), cell.text)
            found.append((cell.text.translate(REPORT_TYPOGRAPHY), _cite_line(page, line)))
    return found


def _add_names(names: dict[str, Citation], listed: str, citation: Citation) -> None:
    for name in _SPLIT_NAMES.split(listed):
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
        if name and not _NOT_A_NAME.match(name) and len(name) <= 60:
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
        core = _LEGAL_SUFFIX.sub("", re.sub(r"\s*\([^)]*\)$", "", name)).lower()
        kept = by_core.get(core)
        if kept is None or len(name) > len(kept[0]):
            by_core[core] = (name, kept[1] if kept else citation)
    return dict(by_core.values())


# ---------------------------------------------------------------------------------------
# Complementary user entity controls

_CUEC_HEADING = re.compile(
    r"^(?:(?:section|part)\s+[\divx]+\s*[:.-]?\s*)?(?:[\divx]+\.?\s+)?"
    r"(?:compl[ei]mentary\s+user[\s-]+entity\s+controls?(?:\s*\(cuecs?\))?"
    r"|compl[ei]mentary\s+controls\s+at\s+user\s+entities|user\s+entity\s+responsibilities"
    r"|user\s+control\s+considerations)\s*:?$",
    re.I,
)
_CUEC_ITEM = re.compile(
    r"\b(?:user\s+entities|customers|clients|user\s+organi[sz]ations)\s+(?:are|is)\s+responsible\s+for\b",
    re.I,
)
_CUEC_MENTION = re.compile(r"\bcompl[ei]mentary\s+user[\s-]+entity\s+controls?\b", re.I)


def _cuecs(report: _Report) -> None:
    listed: list[Citation] = []
    mentioned = False
    for page in report.body("user entit", "user control", "responsible for"):
        heading = next((line for line in page.lines if _CUEC_HEADING.match(line)), None)
        items = list(_CUEC_ITEM.finditer(page.flat))
        if heading is not None or len(items) >= 2:
            listed.append(_cite_line(page, heading) if heading else _cite(page, items[0]))
        mentioned = mentioned or bool(_CUEC_MENTION.search(page.flat))
    if listed:
        report.set("cuecs", True, listed)
    elif mentioned:
        report.set("cuecs", None)
        report.warnings.append(
            "Complementary user entity controls are mentioned but no list of them was found."
        )
    else:
        report.set("cuecs", False)


# ---------------------------------------------------------------------------------------
# Auditor and report date

_SIGNED = r"(?i:/s/|signed(?:\s+by)?\s*:?|by\s*:)\s*"
_FIRM = re.compile(
    rf"^(?:{_SIGNED})?(?P<name>[A-Z][\w&.,' -]{{1,70}}?"
    r"(?:,?\s+(?:LLP|L\.L\.P\.|LLC|L\.L\.C\.|P\.C\.|PLLC|PC|CPAs?|Inc\.?|Ltd\.?|Limited|GmbH|LLP\s*\(US\))|\s+&\s+(?:Company|Co\.)(?:,?\s+LLP|,?\s+LLC)?"
    r"|\s+Certified\s+Public\s+Accountants))\.?$"
)
# A line of its own under the firm's name that says what the firm is.
_FIRM_DESCRIPTOR = re.compile(
    r"^(?:certified\s+public\s+accountants?|chartered\s+(?:professional\s+)?accountants?"
    r"|CPAs?|registered\s+auditors?|independent\s+(?:service\s+)?auditors?)\.?$",
    re.I,
)
_NAME_LINE = re.compile(rf"^(?:{_SIGNED})?(?P<name>[A-Z][\w&.,' -]{{1,70}}?)\.?$")
_DATE_LINE = re.compile(rf"^(?:[A-Z][\w .,'-]{{0,60}}?[,.]?\s+)?(?P<date>{_DATE})\.?$")


_OPINION_ANCHOR = re.compile(r"\bIn\s+our\s+opinion\b|\bdo\s+not\s+express\s+an\s+opinion\b", re.I)


def _auditor_and_date(report: _Report) -> None:
    body = report.body()
    anchor = None
    for index, page in enumerate(body):
        for line_index, line in enumerate(page.lines):
            if re.search(
                r"\bIn\s+our\s+opinion\b|\bdo\s+not\s+express\s+an\s+opinion\b", line, re.I
            ):
                anchor = (index, line_index)
                break
        if anchor:
            break
    auditor = report_date = None
    if anchor is not None:
        lines = [
            (body[i], line)
            for i in range(anchor[0], min(anchor[0] + 2, len(body)))
            for line in (body[i].lines[anchor[1] :] if i == anchor[0] else body[i].lines)
        ]
        for index, (page, line) in enumerate(lines):
            if re.search(r"management'?s\s+assertion|assertion\s+of", line, re.I) and auditor:
                break
            if auditor is None:
                following = lines[index + 1][1] if index + 1 < len(lines) else ""
                firm = _FIRM.match(line) or (
                    _NAME_LINE.match(line) if _FIRM_DESCRIPTOR.match(following) else None
                )
                if firm and not re.search(r"\b(?:the|our|we|its)\b", firm["name"], re.I):
                    auditor = (firm["name"].strip(" ,"), _cite_line(page, line))
            if report_date is None:
                when = _DATE_LINE.match(line)
                parsed = _parse_date(when["date"]) if when else None
                if when and parsed and re.search(r"\d{4}", when["date"]):
                    report_date = (parsed, _cite_line(page, line))
            if auditor and report_date:
                break
    if auditor:
        report.set("auditor", auditor[0], [auditor[1]])
    else:
        report.set("auditor", None)
        report.warnings.append(
            "The audit firm's name was not found in the text (the signature may be an image)."
        )
    if report_date:
        report.set("report_date", report_date[0].isoformat(), [report_date[1]])
        end = report.value("period_end")
        if isinstance(end, str) and end and report_date[0].isoformat() < end:
            report.warnings.append(
                "The report date found is before the end of the period; check it."
            )
    else:
        report.set("report_date", None)
        report.warnings.append("The date of the auditor's report was not found.")


# ---------------------------------------------------------------------------------------


def extract_soc2(document: PagedDocument, *, progress: Progress | None = None) -> Evidence:
    """Read a SOC report and return its facts as soc2 evidence."""
    pages = _prepare((page.number, page.text) for page in document.pages(progress))
    report = _Report(pages)
    _report_kind(report)
    _report_type(report)
    _period(report)
    _trust_criteria(report)
    _opinion(report)
    _exceptions(report, document)
    _subservice(report, document)
    _cuecs(report)
    _auditor_and_date(report)
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
