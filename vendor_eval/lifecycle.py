"""Loading a folder of profiles for the year-round commands (`due`, `portfolio`): each
profile is validated and scored; an evidence document that changed or went missing is
kept as something due rather than a reason to refuse the profile."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vendor_eval.due import EVIDENCE_RULES, EvidenceIssue, VendorDates, parse_date
from vendor_eval.errors import InputError
from vendor_eval.model import Assessment, Checklist, Evidence, Profile


@dataclass(frozen=True)
class LoadedVendor:
    assessment: Assessment
    evidence: tuple[Evidence, ...]
    dates: VendorDates


@dataclass
class LoadedPortfolio:
    vendors: list[LoadedVendor] = field(default_factory=list)
    refused: list[InputError] = field(default_factory=list)

    @property
    def tier_order(self) -> tuple[str, ...]:
        """The tiers of the checklists in use, most critical first."""
        order: dict[str, None] = {}
        for vendor in self.vendors:
            order.update(dict.fromkeys(getattr(vendor.assessment.checklist, "tiers", {}) or {}))
        return tuple(order)


def load_portfolio(
    paths: Sequence[Path], *, checklist: str | None, as_of: dt.date
) -> LoadedPortfolio:
    from vendor_eval.checklist import load_checklist
    from vendor_eval.profiles import (
        ChecklistCache,
        ProfileInvalid,
        check_profile,
        iter_profile_paths,
    )
    from vendor_eval.scoring import score

    if checklist is not None:
        load_checklist(checklist)  # a bad --checklist is one error, not one per profile
    cache = ChecklistCache(override=checklist)
    loaded = LoadedPortfolio()
    for path, problem in iter_profile_paths(list(paths)):
        if problem is not None:
            loaded.refused.append(InputError(problem.message, path=problem.path))
            continue
        check = check_profile(path, cache)
        issues = [
            EvidenceIssue(p.rule, p.message)
            for p in check.problems
            if p.rule in EVIDENCE_RULES and p.level == "error"
        ]
        others = [p for p in check.problems if p.rule not in EVIDENCE_RULES]
        if any(p.level == "error" for p in others) or check.profile is None:
            check.problems = others or check.problems
            loaded.refused.append(ProfileInvalid(check))
            continue
        assert check.checklist is not None
        assessment = score(check.profile, check.checklist, check.evidence, as_of)
        dates = vendor_dates(check.profile, check.checklist)
        dates.evidence_issues.extend(issues)
        loaded.vendors.append(LoadedVendor(assessment, tuple(check.evidence), dates))
    return loaded


def vendor_dates(profile: Profile, checklist: Checklist) -> VendorDates:
    data = profile.data
    tier = _at(data, "vendor", "tier")
    tiers: dict[str, int] = getattr(checklist, "tiers", {}) or {}
    return VendorDates(
        assessed=parse_date(_at(data, "assessment", "as_of")),
        tier=tier if isinstance(tier, str) else None,
        tier_interval_days=tiers.get(tier) if isinstance(tier, str) else None,
        next_review=parse_date(_at(data, "assessment", "next_review")),
        baa_expires=parse_date(_at(data, "baa", "expires")),
        baa_renews=parse_date(_at(data, "baa", "renews")),
    )


def _at(data: Any, *keys: str) -> Any:
    for key in keys:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data
