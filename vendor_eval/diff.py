"""What changed between two versions of a vendor's profile or evidence: answers, score and
verdict, findings added and resolved, and what the documents now say (exceptions added,
criteria removed, carve-outs added, subservice organisations and hosts newly seen...).

Pure: compares Assessments and Evidence already loaded.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from vendor_eval.model import Assessment, Citation, Evidence, Finding, FindingKind
from vendor_eval.portfolio import verdict_rank
from vendor_eval.scoring import answer_label

# A score that moves by less than this is shown as unchanged (rounding of shown figures).
SCORE_EPSILON = 0.05


@dataclass(frozen=True)
class FactRule:
    """How to compare one fact of one evidence kind, and which way is worse."""

    label: str
    compare: str  # "set": list items added/removed; "number"; "ranked": values best first
    worse: str = ""  # set: "added" | "removed" | "both"; number: "up" | "down"
    order: tuple[Any, ...] = ()  # ranked: best first; a value not listed is not ranked
    key: str | None = None  # set of mappings: the field that names an item


# Which facts matter when they change. Vocabulary as data: a new fact is one line here.
FACT_RULES: dict[str, dict[str, FactRule]] = {
    "soc2": {
        "report_type": FactRule("report type", "ranked", order=("type2", "type1")),
        "opinion": FactRule(
            "opinion", "ranked", order=("unqualified", "qualified", "adverse", "disclaimer")
        ),
        "exceptions": FactRule("exceptions noted", "number", worse="up"),
        "trust_criteria": FactRule("trust services criteria", "set", worse="removed"),
        "subservice_organizations": FactRule("subservice organisations", "set", worse="added"),
        "subservice_method": FactRule(
            "subservice method", "ranked", order=("inclusive", "carve-out")
        ),
        "period_end": FactRule("period end", "ranked"),
        "bridge_letter_end": FactRule("bridge letter coverage end", "ranked"),
    },
    "baa": {
        "is_baa": FactRule("is a BAA", "ranked", order=(True, False)),
        "scope": FactRule("scope", "ranked", order=("full-pipeline", "limited")),
        "carve_outs": FactRule("carve-outs", "set", worse="added"),
        "breach_notification_days": FactRule("breach notification days", "number", worse="up"),
        "subcontractor_flowdown": FactRule(
            "subcontractor flow-down", "ranked", order=(True, False)
        ),
        "missing_provisions": FactRule("HHS provisions missing", "set", worse="added"),
    },
    "har": {
        "collection": FactRule(
            "collection", "ranked", order=("server-side", "hybrid", "client-side")
        ),
        "client_side_vendors": FactRule("vendors seen", "set", worse="added", key="name"),
        "third_party_hosts": FactRule("third-party hosts seen", "set", worse="added", key="host"),
        "third_party_cookies": FactRule("third-party cookies", "set", worse="added", key="name"),
        "phi_signals": FactRule("health signals", "set", worse="added", key="kind"),
    },
    "subprocessors": {
        "subprocessors": FactRule("subprocessors", "set", worse="added", key="name"),
        "locations": FactRule("processing locations", "set", worse="added"),
    },
}


@dataclass(frozen=True)
class Change:
    area: str  # "answer", "verdict", "score", "finding", or an evidence kind
    subject: str  # what changed, in words
    change: str  # "added" | "removed" | "changed"
    before: str | None
    after: str | None
    worse: bool
    citations: tuple[Citation, ...] = ()


@dataclass(frozen=True)
class Diff:
    title: str  # the vendor, or the evidence document
    old_name: str
    new_name: str
    changes: tuple[Change, ...]
    score_before: float | None = None
    score_after: float | None = None
    verdict_before: str | None = None
    verdict_after: str | None = None

    @property
    def worse(self) -> bool:
        return any(c.worse for c in self.changes)

    @property
    def success(self) -> bool:
        return not self.worse


def diff_assessments(
    old: Assessment,
    new: Assessment,
    old_evidence: Sequence[Evidence],
    new_evidence: Sequence[Evidence],
    *,
    old_name: str,
    new_name: str,
) -> Diff:
    changes: list[Change] = []
    if old.verdict.id != new.verdict.id:
        changes.append(
            Change(
                "verdict",
                "verdict",
                "changed",
                old.verdict.label,
                new.verdict.label,
                worse=verdict_rank(new) < verdict_rank(old),
            )
        )
    if abs(new.score - old.score) >= SCORE_EPSILON:
        changes.append(
            Change(
                "score",
                "score",
                "changed",
                f"{old.score:.1f}",
                f"{new.score:.1f}",
                worse=new.score < old.score,
            )
        )
    changes.extend(_answer_changes(old, new))
    changes.extend(_finding_changes(old.findings, new.findings))
    for old_item, new_item in _pair_evidence(old_evidence, new_evidence):
        changes.extend(evidence_changes(old_item, new_item))
    return Diff(
        title=new.vendor or old.vendor,
        old_name=old_name,
        new_name=new_name,
        changes=tuple(changes),
        score_before=old.score,
        score_after=new.score,
        verdict_before=old.verdict.label,
        verdict_after=new.verdict.label,
    )


def diff_evidence(old: Evidence, new: Evidence, *, old_name: str, new_name: str) -> Diff:
    return Diff(
        title=f"{new.kind} evidence: {Path(new.document.path).name}",
        old_name=old_name,
        new_name=new_name,
        changes=tuple(evidence_changes(old, new)),
    )


def _answer_changes(old: Assessment, new: Assessment) -> list[Change]:
    before = {r.question.id: r for r in old.questions}
    changes = []
    for result in new.questions:
        previous = before.get(result.question.id)
        old_label = answer_label(result.question, previous.answer) if previous else None
        new_label = answer_label(result.question, result.answer)
        if previous is not None and old_label == new_label:
            continue
        lost = previous is not None and result.points < previous.points
        changes.append(
            Change(
                "answer",
                result.question.id,
                "changed",
                old_label,
                new_label,
                worse=lost or bool(result.knockout and not (previous and previous.knockout)),
                citations=result.citations,
            )
        )
    return changes


def _finding_key(finding: Finding) -> tuple[str, str, str, str]:
    # A stale finding's title counts days, which change daily: it is the same finding.
    title = "" if finding.kind == FindingKind.STALE else finding.title
    return finding.question_id, finding.kind, finding.severity, title


def _finding_changes(old: Sequence[Finding], new: Sequence[Finding]) -> list[Change]:
    old_keys = {_finding_key(f) for f in old}
    new_keys = {_finding_key(f) for f in new}
    changes = [
        Change("finding", f"{f.severity}: {f.title}", "added", None, f.title, True, f.citations)
        for f in new
        if _finding_key(f) not in old_keys
    ]
    changes += [
        Change("finding", f"{f.severity}: {f.title}", "resolved", f.title, None, False)
        for f in old
        if _finding_key(f) not in new_keys
    ]
    return changes


def _pair_evidence(
    old: Sequence[Evidence], new: Sequence[Evidence]
) -> list[tuple[Evidence, Evidence]]:
    """Old and new evidence of the same kind, matched by file name first."""
    pairs = []
    left = list(old)
    for item in new:
        match = next(
            (o for o in left if o.kind == item.kind and _file_name(o) == _file_name(item)),
            None,
        ) or next((o for o in left if o.kind == item.kind), None)
        if match is not None:
            left.remove(match)
            pairs.append((match, item))
    return pairs


def _file_name(evidence: Evidence) -> str:
    return Path(evidence.source or evidence.document.path).name


def evidence_changes(old: Evidence, new: Evidence) -> list[Change]:
    rules = FACT_RULES.get(new.kind, {})
    changes: list[Change] = []
    for name, rule in rules.items():
        before, after = old.facts.get(name), new.facts.get(name)
        old_value = before.value if before else None
        new_value = after.value if after else None
        if old_value is None and new_value is None:
            continue
        if rule.compare == "set":
            changes.extend(_set_changes(new.kind, rule, before, after))
            continue
        if _same(old_value, new_value):
            continue
        if rule.compare == "number":
            worse = (
                isinstance(old_value, int | float)
                and isinstance(new_value, int | float)
                and (new_value > old_value if rule.worse == "up" else new_value < old_value)
            ) or (old_value is None and rule.worse == "up" and bool(new_value))
        else:
            worse = _ranked_worse(rule.order, old_value, new_value)
        changes.append(
            Change(
                new.kind,
                rule.label,
                "changed",
                _shown(old_value),
                _shown(new_value),
                worse,
                tuple(after.citations[:1]) if after else (),
            )
        )
    return changes


def _set_changes(kind: str, rule: FactRule, before: Any, after: Any) -> list[Change]:
    old_items = _items(rule, before.value if before else None)
    new_items = _items(rule, after.value if after else None)
    changes = []
    for name in sorted(set(new_items) - set(old_items), key=str.casefold):
        changes.append(
            Change(
                kind,
                f"{rule.label}: {name}",
                "added",
                None,
                name,
                rule.worse in ("added", "both"),
                _citations_naming(after, name),
            )
        )
    for name in sorted(set(old_items) - set(new_items), key=str.casefold):
        changes.append(
            Change(
                kind,
                f"{rule.label}: {name}",
                "removed",
                name,
                None,
                rule.worse in ("removed", "both"),
                _citations_naming(before, name),
            )
        )
    return changes


def _items(rule: FactRule, value: Any) -> dict[str, Any]:
    if not isinstance(value, list):
        return {}
    items = {}
    for item in value:
        if isinstance(item, dict):
            name = item.get(rule.key) if rule.key else None
            label = str(name) if name is not None else json.dumps(item, sort_keys=True)
        else:
            label = str(item)
        items[label] = item
    return items


def _citations_naming(fact: Any, name: str) -> tuple[Citation, ...]:
    """The citation whose quote names the item, so the change is shown with its sentence."""
    if fact is None:
        return ()
    wanted = name.casefold()
    return tuple(c for c in fact.citations if wanted in c.quote.casefold())[:1]


def _ranked_worse(order: tuple[Any, ...], old: Any, new: Any) -> bool:
    ranks = {json.dumps(v): i for i, v in enumerate(order)}
    old_rank, new_rank = ranks.get(json.dumps(old)), ranks.get(json.dumps(new))
    if new_rank is None:
        return False
    return new_rank > (0 if old_rank is None else old_rank)


def _same(first: Any, second: Any) -> bool:
    return json.dumps(first, sort_keys=True) == json.dumps(second, sort_keys=True)


def _shown(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value if isinstance(value, str) else json.dumps(value, sort_keys=True)
