"""Every vendor in one view: the scored assessments and their due items, sorted by risk,
with the counts the portfolio charts draw. Pure: no I/O."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from vendor_eval.due import DueItem, DueReport, add_months
from vendor_eval.model import Assessment, Checklist, Severity

UNTIERED = "untiered"
TIMELINE_MONTHS = 12


@dataclass(frozen=True)
class PortfolioRow:
    assessment: Assessment
    tier: str  # UNTIERED when the profile names none
    next_due: DueItem | None
    risk_rank: tuple[int, int, int, int, float]

    @property
    def critical(self) -> int:
        return self.assessment.finding_counts()[Severity.CRITICAL]

    @property
    def high(self) -> int:
        return self.assessment.finding_counts()[Severity.HIGH]


@dataclass(frozen=True)
class VerdictKey:
    id: str
    label: str


@dataclass(frozen=True)
class TimelineMonth:
    start: dt.date  # the first day of the month, or as_of for the overdue column
    counts: dict[str, int]  # due kind -> items

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class Portfolio:
    as_of: dt.date
    rows: tuple[PortfolioRow, ...]  # riskiest first
    tiers: tuple[str, ...]  # in the order the chart shows them
    verdicts: tuple[VerdictKey, ...]  # worst first
    by_tier: dict[str, dict[str, int]]  # tier -> verdict id -> vendors
    overdue: dict[str, int]  # due kind -> items already overdue
    months: tuple[TimelineMonth, ...]  # the next TIMELINE_MONTHS calendar months
    due_kinds: tuple[str, ...]  # the kinds that occur in the timeline, in DUE_KINDS order


def build_portfolio(
    vendors: Iterable[tuple[Assessment, str | None]],
    due: DueReport,
    tier_order: Sequence[str],
) -> Portfolio:
    """`vendors`: each assessment with its tier (or None); `tier_order`: most critical first."""
    from vendor_eval.due import DUE_KINDS

    next_due: dict[str, DueItem] = {}
    for item in due.items:  # sorted by date already: the first one per profile is the next
        next_due.setdefault(item.profile_path, item)

    rows = []
    # Every verdict the checklists in use can give, so that colours and legends keep their
    # meaning whichever verdicts occur.
    verdicts: dict[str, tuple[int, str]] = {}
    for assessment, tier in vendors:
        checklist = assessment.checklist
        for verdict in (checklist.knockout_verdict, checklist.incomplete_verdict):
            verdicts.setdefault(verdict.id, (_rank(checklist, verdict.id), verdict.label))
        for verdict in checklist.verdicts:
            verdicts.setdefault(verdict.id, (_rank(checklist, verdict.id), verdict.label))
        rank = verdict_rank(assessment)
        tier_name = tier or UNTIERED
        tier_rank = tier_order.index(tier_name) if tier_name in tier_order else len(tier_order)
        counts = assessment.finding_counts()
        rows.append(
            PortfolioRow(
                assessment=assessment,
                tier=tier_name,
                next_due=next_due.get(assessment.profile_path),
                risk_rank=(
                    rank,
                    tier_rank,
                    -counts[Severity.CRITICAL],
                    -counts[Severity.HIGH],
                    assessment.score,
                ),
            )
        )
    rows.sort(
        key=lambda r: (r.risk_rank, r.assessment.vendor.casefold(), r.assessment.profile_path)
    )

    tiers = [t for t in tier_order if any(r.tier == t for r in rows)]
    tiers += sorted({r.tier for r in rows} - set(tiers) - {UNTIERED})
    if any(r.tier == UNTIERED for r in rows):
        tiers.append(UNTIERED)
    by_tier = {t: {v: 0 for v in verdicts} for t in tiers}
    for row in rows:
        by_tier[row.tier][row.assessment.verdict.id] += 1

    first_month = due.as_of.replace(day=1)
    starts = [add_months(first_month, n) for n in range(TIMELINE_MONTHS + 1)]
    months = [TimelineMonth(start, {}) for start in starts[:-1]]
    overdue: dict[str, int] = {}
    for item in due.items:
        if item.due < due.as_of:
            overdue[item.kind] = overdue.get(item.kind, 0) + 1
            continue
        if item.due >= starts[-1]:
            continue
        index = (item.due.year - first_month.year) * 12 + item.due.month - first_month.month
        month_counts = months[index].counts
        month_counts[item.kind] = month_counts.get(item.kind, 0) + 1
    seen = set(overdue) | {kind for month in months for kind in month.counts}
    return Portfolio(
        as_of=due.as_of,
        rows=tuple(rows),
        tiers=tuple(tiers),
        verdicts=tuple(
            VerdictKey(vid, label) for vid, (_, label) in sorted(verdicts.items(), key=_by_rank)
        ),
        by_tier=by_tier,
        overdue=overdue,
        months=tuple(months),
        due_kinds=tuple(k for k in DUE_KINDS if k in seen),
    )


def verdict_rank(assessment: Assessment) -> int:
    """0 for a knockout, 1 for too little answered to judge, then the checklist's verdicts
    from the last (worst) to the first."""
    return _rank(assessment.checklist, assessment.verdict.id)


def _rank(checklist: Checklist, verdict_id: str) -> int:
    if verdict_id == checklist.knockout_verdict.id:
        return 0
    if verdict_id == checklist.incomplete_verdict.id:
        return 1
    ids = [v.id for v in checklist.verdicts]
    return 1 + len(ids) - ids.index(verdict_id) if verdict_id in ids else 0


def _by_rank(entry: tuple[str, tuple[int, str]]) -> tuple[int, str]:
    return entry[1][0], entry[0]
