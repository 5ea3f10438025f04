"""Loading a folder of profiles for the year-round commands (`due`, `portfolio`): each
profile is validated and scored; an evidence document that changed or went missing is
kept as something due rather than a reason to refuse the profile."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vendor_eval.due import EVIDENCE_RULES, EvidenceIssue, VendorDates, parse_date
from vendor_eval.errors import InputError, UsageError
from vendor_eval.model import Assessment, Checklist, Evidence, Profile

if TYPE_CHECKING:
    from vendor_eval.diff import Diff
    from vendor_eval.profiles import ChecklistCache


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
            order.update(dict.fromkeys(t.id for t in vendor.assessment.checklist.tiers))
        return tuple(order)


def load_portfolio(
    paths: Sequence[Path],
    *,
    checklist: str | None,
    as_of: dt.date,
    evidence_root: Path | None = None,
) -> LoadedPortfolio:
    from vendor_eval.checklist import load_checklist
    from vendor_eval.profiles import ChecklistCache, iter_profile_paths

    if checklist is not None:
        load_checklist(checklist)  # a bad --checklist is one error, not one per profile
    cache = ChecklistCache(override=checklist)
    loaded = LoadedPortfolio()
    for path, problem in iter_profile_paths(list(paths)):
        if problem is not None:
            loaded.refused.append(InputError(problem.message, path=problem.path))
            continue
        try:
            loaded.vendors.append(load_vendor(path, cache, as_of, evidence_root))
        except InputError as exc:
            loaded.refused.append(exc)
    return loaded


def load_vendor(
    path: Path, cache: ChecklistCache, as_of: dt.date, evidence_root: Path | None = None
) -> LoadedVendor:
    """One profile validated and scored; ProfileInvalid for any problem other than an
    evidence document that changed or went missing."""
    from vendor_eval.profiles import ProfileInvalid, check_profile
    from vendor_eval.scoring import score

    check = check_profile(path, cache, evidence_root=evidence_root)
    issues = [
        EvidenceIssue(p.rule, p.message)
        for p in check.problems
        if p.rule in EVIDENCE_RULES and p.level == "error"
    ]
    others = [p for p in check.problems if p.rule not in EVIDENCE_RULES]
    if any(p.level == "error" for p in others) or check.profile is None:
        check.problems = others or check.problems
        raise ProfileInvalid(check)
    assert check.checklist is not None
    assessment = score(check.profile, check.checklist, check.evidence, as_of)
    dates = vendor_dates(check.profile, check.checklist)
    dates.evidence_issues.extend(issues)
    return LoadedVendor(assessment, tuple(check.evidence), dates)


def vendor_dates(profile: Profile, checklist: Checklist) -> VendorDates:
    data = profile.data
    tier_id = _at(data, "vendor", "tier")
    tier = checklist.tier(tier_id) if isinstance(tier_id, str) else None
    return VendorDates(
        assessed=parse_date(_at(data, "assessment", "as_of")),
        tier=tier.id if tier else None,
        tier_interval_days=tier.reassess_days if tier else None,
        decided=parse_date(_at(data, "assessment", "decided_on")),
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


def diff_files(
    old: Path,
    new: Path,
    *,
    old_name: str,
    new_name: str,
    checklist: str | None,
    as_of: dt.date,
) -> Diff:
    """Two profiles (scored, with their evidence) or two evidence files, compared."""
    from vendor_eval.diff import diff_assessments, diff_evidence
    from vendor_eval.evidence.io import load_evidence
    from vendor_eval.profiles import ChecklistCache

    old_is_evidence, new_is_evidence = _is_evidence(old), _is_evidence(new)
    if old_is_evidence != new_is_evidence:
        raise UsageError(
            f"{old_name} and {new_name}: one is a profile and the other an evidence file; "
            "compare two of the same"
        )
    if new_is_evidence:
        old_evidence, new_evidence = load_evidence(old), load_evidence(new)
        if old_evidence.kind != new_evidence.kind:
            raise UsageError(
                f"{old_name} holds {old_evidence.kind} evidence and {new_name} "
                f"{new_evidence.kind}; compare two of the same kind"
            )
        return diff_evidence(old_evidence, new_evidence, old_name=old_name, new_name=new_name)
    if checklist is not None:
        from vendor_eval.checklist import load_checklist

        load_checklist(checklist)
    cache = ChecklistCache(override=checklist)
    before = load_vendor(old, cache, as_of)
    after = load_vendor(new, cache, as_of)
    return diff_assessments(
        before.assessment,
        after.assessment,
        before.evidence,
        after.evidence,
        old_name=old_name,
        new_name=new_name,
    )


def _is_evidence(path: Path) -> bool:
    """Evidence files name their kind and facts at the top; profiles name their vendor."""
    from vendor_eval import yamlio

    data = yamlio.load_file(path, max_bytes=20 * 1024 * 1024).data
    return isinstance(data, dict) and "facts" in data and "kind" in data
