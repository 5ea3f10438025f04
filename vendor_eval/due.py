"""What falls due for each vendor, and when: the SOC 2 report's coverage running out, the
BAA expiring or renewing, the reassessment its tier calls for, and evidence documents that
changed or went missing.

Pure: reads an Assessment and the evidence already loaded, returns data.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from vendor_eval.model import Assessment, Citation, Evidence, EvidenceKind

# A SOC 2 type 2 report is commonly accepted for a year after the end of its period.
SOC2_COVERAGE_MONTHS = 12

DUE_KINDS = (
    "soc2-coverage",
    "baa-expiry",
    "baa-renewal",
    "reassessment",
    "evidence-changed",
    "evidence-missing",
)
STATUSES = ("overdue", "due", "later")

# Problems found while linking evidence that mean a document must be looked at again.
EVIDENCE_RULES = {
    "evidence-missing": "evidence-missing",
    "evidence-stale": "evidence-changed",
    "evidence-sha256": "evidence-changed",
}


@dataclass(frozen=True)
class DueItem:
    vendor: str
    profile_path: str
    kind: str  # one of DUE_KINDS
    due: dt.date
    title: str
    basis: str  # how the date was reached, in words
    citations: tuple[Citation, ...] = ()
    document: str | None = None
    # Tells apart two items of one kind for one vendor (two changed documents), so that a
    # calendar entry keeps its identity when its date moves.
    key: str = ""

    def status(self, as_of: dt.date, horizon: dt.date) -> str:
        if self.due < as_of:
            return "overdue"
        return "due" if self.due <= horizon else "later"


@dataclass(frozen=True)
class DueReport:
    """Every due item of a set of vendors, seen from one date with one look-ahead window."""

    as_of: dt.date
    within_days: int
    items: tuple[DueItem, ...]

    @property
    def horizon(self) -> dt.date:
        return self.as_of + dt.timedelta(days=self.within_days)

    def status(self, item: DueItem) -> str:
        return item.status(self.as_of, self.horizon)

    @property
    def pressing(self) -> tuple[DueItem, ...]:
        """Overdue items and those inside the window."""
        return tuple(i for i in self.items if self.status(i) != "later")

    @property
    def success(self) -> bool:
        return not self.pressing


@dataclass(frozen=True)
class EvidenceIssue:
    """An evidence link that needs attention, as found when the profile was loaded."""

    rule: str  # a key of EVIDENCE_RULES
    message: str  # names the evidence file or the document


@dataclass
class VendorDates:
    """The lifecycle dates of one profile, read from its data by the caller."""

    assessed: dt.date | None = None  # the date the profile's answers describe
    tier: str | None = None
    tier_interval_days: int | None = None
    decided: dt.date | None = None  # the review record's decided_on
    next_review: dt.date | None = None  # the review record's own date, before any tier's
    baa_expires: dt.date | None = None
    baa_renews: dt.date | None = None
    evidence_issues: list[EvidenceIssue] = field(default_factory=list)


def due_report(
    vendors: Iterable[tuple[Assessment, Sequence[Evidence], VendorDates]],
    as_of: dt.date,
    within_days: int,
) -> DueReport:
    items: list[DueItem] = []
    for assessment, evidence, dates in vendors:
        items.extend(vendor_due_items(assessment, evidence, dates))
    items.sort(key=lambda i: (i.due, i.vendor.casefold(), i.profile_path, DUE_KINDS.index(i.kind)))
    return DueReport(as_of=as_of, within_days=within_days, items=tuple(items))


def vendor_due_items(
    assessment: Assessment, evidence: Sequence[Evidence], dates: VendorDates
) -> list[DueItem]:
    vendor = assessment.vendor
    path = assessment.profile_path

    def item(kind: str, due: dt.date, title: str, basis: str, **more: Any) -> DueItem:
        return DueItem(vendor, path, kind, due, title, basis, **more)

    items = []
    coverage = soc2_coverage(assessment, evidence)
    if coverage is not None:
        due, title, basis, cited = coverage
        items.append(item("soc2-coverage", due, title, basis, **cited))
    if dates.baa_expires is not None:
        items.append(
            item(
                "baa-expiry",
                dates.baa_expires,
                "BAA expires",
                f"baa.expires is {dates.baa_expires.isoformat()}",
            )
        )
    if dates.baa_renews is not None:
        items.append(
            item(
                "baa-renewal",
                dates.baa_renews,
                "BAA renews; review it before the renewal date",
                f"baa.renews is {dates.baa_renews.isoformat()}",
            )
        )
    review = reassessment(assessment, dates)
    if review is not None:
        items.append(item("reassessment", *review))
    for issue in dates.evidence_issues:
        kind = EVIDENCE_RULES[issue.rule]
        title = (
            "Evidence file missing; extract the document"
            if kind == "evidence-missing"
            else "Document changed since its evidence was extracted; extract it again"
        )
        items.append(item(kind, assessment.as_of, title, issue.message, key=issue.message))
    return items


def soc2_coverage(
    assessment: Assessment, evidence: Sequence[Evidence]
) -> tuple[dt.date, str, str, dict[str, Any]] | None:
    """(date, title, basis, extra fields) for the end of SOC 2 coverage, or None when the
    period end is not known. A bridge letter's coverage end wins when it is later."""
    period_end, citations, document = _soc2_period_end(assessment, evidence)
    bridge = _soc2_fact(evidence, "bridge_letter_end")
    if period_end is None and bridge is None:
        return None
    candidates = []
    if period_end is not None:
        candidates.append(
            (
                add_months(period_end, SOC2_COVERAGE_MONTHS),
                f"SOC 2 period ended {period_end.isoformat()}; "
                f"a report covers {SOC2_COVERAGE_MONTHS} months after that",
                {"citations": citations, "document": document},
            )
        )
    if bridge is not None:
        end, fact, bridge_document = bridge
        candidates.append(
            (
                end,
                f"a bridge letter covers up to {end.isoformat()}",
                {"citations": tuple(fact.citations), "document": bridge_document},
            )
        )
    due, basis, extra = max(candidates, key=lambda c: c[0])
    return due, "SOC 2 coverage ends; obtain the next report or a bridge letter", basis, extra


def _soc2_period_end(
    assessment: Assessment, evidence: Sequence[Evidence]
) -> tuple[dt.date | None, tuple[Citation, ...], str | None]:
    # The checklist question that reads the period end, so that the analyst's answer counts
    # when no report was extracted.
    for result in assessment.questions:
        link = result.question.evidence
        if link is not None and (link.kind, link.fact) == (EvidenceKind.SOC2, "period_end"):
            day = parse_date(result.answer)
            if day is not None:
                return day, result.citations, result.document
    found = _soc2_fact(evidence, "period_end")
    if found is None:
        return None, (), None
    day, fact, document = found
    return day, tuple(fact.citations), document


def _soc2_fact(evidence: Sequence[Evidence], name: str) -> tuple[dt.date, Any, str] | None:
    for item in evidence:
        if item.kind != EvidenceKind.SOC2:
            continue
        fact = item.facts.get(name)
        day = parse_date(fact.value) if fact is not None else None
        if day is not None:
            return day, fact, item.document.path
    return None


def reassessment(assessment: Assessment, dates: VendorDates) -> tuple[dt.date, str, str] | None:
    """The review board's next_review when it set one; otherwise the tier's interval from
    the decision, or from the date the answers describe when there is no decision yet."""
    what = f"Reassess the vendor ({dates.tier} tier)" if dates.tier else "Reassess the vendor"
    if dates.next_review is not None:
        return (
            dates.next_review,
            what,
            f"the review record sets the next review on {dates.next_review.isoformat()}",
        )
    if dates.tier is None or dates.tier_interval_days is None:
        return None
    if dates.decided is not None:
        since = f"decided {dates.decided.isoformat()}"
        start = dates.decided
    elif dates.assessed is not None:
        since = f"assessed {dates.assessed.isoformat()}"
        start = dates.assessed
    else:
        return None
    return (
        start + dt.timedelta(days=dates.tier_interval_days),
        what,
        f"{since}; the {dates.tier} tier is reassessed every {dates.tier_interval_days} days",
    )


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, or the month's last day when it has fewer days."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def parse_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def parse_window(text: str) -> int:
    """Days in a look-ahead window written as 30d, 6w or a bare number of days."""
    from vendor_eval.errors import UsageError

    cleaned = text.strip().lower()
    unit = 7 if cleaned.endswith("w") else 1
    number = cleaned[:-1] if cleaned[-1:] in ("d", "w") else cleaned
    if not number.isdigit() or len(number) > 5:
        raise UsageError(
            f"--within {text!r}: give days or weeks, like 30d or 6w (a bare number means days)"
        )
    return int(number) * unit
