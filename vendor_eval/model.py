"""Plain data objects shared by the loaders, the scoring core and the renderers.

The evidence types (`Evidence`, `Fact`, `Citation`, ...) and their file format are in
`vendor_eval.evidence.model`, which extractors import alone; they are named here too.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, ClassVar

from vendor_eval.evidence.model import Citation, DocumentRef, Evidence, EvidenceKind, Fact

__all__ = [
    "Assessment",
    "Checklist",
    "Citation",
    "DocumentRef",
    "Evidence",
    "EvidenceKind",
    "EvidenceLink",
    "EvidenceStatus",
    "Fact",
    "Finding",
    "FindingKind",
    "FindingRule",
    "Gate",
    "Knockout",
    "Option",
    "Problem",
    "Profile",
    "Question",
    "QuestionResult",
    "Range",
    "Section",
    "SectionResult",
    "Severity",
    "Verdict",
]


class Decision(StrEnum):
    """What the review board decided about a vendor (the profile's assessment.decision)."""

    APPROVED = "approved"
    APPROVED_WITH_CONDITIONS = "approved-with-conditions"
    REJECTED = "rejected"


class Severity(StrEnum):
    """How urgent a finding is. Declared most urgent first: findings are sorted, and
    counted in reports, in this order."""

    CRITICAL = "critical"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


SEVERITIES = tuple(Severity)


@dataclass(frozen=True)
class Problem:
    """Something wrong in a file, at a 1-based line and column."""

    path: str
    line: int
    column: int
    rule: str
    message: str
    level: str = "error"


@dataclass(frozen=True)
class FindingRule:
    severity: Severity
    action: str
    title: str | None = None


@dataclass(frozen=True)
class Option:
    value: str | bool
    label: str
    points: float
    finding: FindingRule | None = None


@dataclass(frozen=True)
class Range:
    max: int | None
    points: float
    finding: FindingRule | None = None


@dataclass(frozen=True)
class Knockout:
    values: tuple[str | bool, ...]
    message: str


@dataclass(frozen=True)
class EvidenceLink:
    kind: EvidenceKind
    fact: str
    test: str = "value"
    map: dict[str, Any] = field(default_factory=dict)  # fact text -> answer or answers


@dataclass(frozen=True)
class Question:
    id: str
    section: str
    field: str
    prompt: str
    type: str
    weight: float
    guidance: str
    more: str | None = None
    options: tuple[Option, ...] = ()
    base: float = 0.0
    ranges: tuple[Range, ...] = ()
    max_age_days: int | None = None
    knockout: Knockout | None = None
    finding: FindingRule | None = None
    unanswered: FindingRule | None = None
    # Where evidence can answer it, one link per kind of evidence (a HAR capture or a scan).
    evidence_links: tuple[EvidenceLink, ...] = ()
    key: bool = False

    @property
    def evidence(self) -> EvidenceLink | None:
        """The first evidence link: the kind of evidence to suggest when there is none."""
        return self.evidence_links[0] if self.evidence_links else None

    @property
    def path(self) -> tuple[str, ...]:
        return tuple(self.field.split("."))

    def option(self, value: Any) -> Option | None:
        for option in self.options:
            if option.value == value and type(option.value) is type(value):
                return option
        return None


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    weight: float
    questions: tuple[Question, ...]
    description: str | None = None


@dataclass(frozen=True)
class Verdict:
    id: str
    label: str
    min_score: float = 0.0
    min_completeness: float = 0.0
    max_findings: dict[Severity, int] = field(default_factory=dict)
    description: str | None = None


# Below the checklist's completeness threshold no verdict is given: "bad vendor" and "not
# assessed yet" must not read alike.
DEFAULT_MIN_COMPLETENESS = 80.0
INCOMPLETE_VERDICT = Verdict(
    id="incomplete",
    label="Incomplete: not enough answered to judge",
    description="Too few questions are answered for a verdict; answer the missing ones first.",
)


@dataclass(frozen=True)
class Tier:
    """A vendor tier and how often vendors in it are reassessed."""

    id: str
    reassess_days: int
    description: str | None = None


@dataclass(frozen=True)
class Checklist:
    id: str
    name: str
    version: int
    sections: tuple[Section, ...]
    verdicts: tuple[Verdict, ...]
    knockout_verdict: Verdict
    sha256: str
    source: str
    description: str | None = None
    tiers: tuple[Tier, ...] = ()  # most critical first
    allowed_locations: tuple[str, ...] = ()  # where subprocessors may process data; () = anywhere
    min_completeness: float = DEFAULT_MIN_COMPLETENESS
    incomplete_verdict: Verdict = INCOMPLETE_VERDICT

    def tier(self, tier_id: str) -> Tier | None:
        return next((t for t in self.tiers if t.id == tier_id), None)

    @property
    def verdict_ids(self) -> tuple[str, ...]:
        """Every verdict a vendor can get, best first."""
        return (
            *(v.id for v in self.verdicts),
            self.incomplete_verdict.id,
            self.knockout_verdict.id,
        )

    @property
    def questions(self) -> tuple[Question, ...]:
        return tuple(q for s in self.sections for q in s.questions)

    def question(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)


@dataclass(frozen=True)
class Review:
    """Who reviewed the assessment and what they decided, as the profile records it."""

    reviewer: str | None = None
    decision: Decision | None = None
    conditions: tuple[str, ...] = ()
    decided_on: str | None = None  # YYYY-MM-DD, as written
    next_review: str | None = None


@dataclass(frozen=True)
class EvidenceDocument:
    """One document behind the scorecard's evidence, for its appendix."""

    kind: EvidenceKind
    name: str  # the document's file name
    sha256: str
    pages: int | None
    extracted_on: str | None  # None for evidence files written before it was recorded

    @classmethod
    def of(cls, evidence: Evidence) -> EvidenceDocument:
        extracted = evidence.document.extra.get("extracted_on")
        return cls(
            kind=evidence.kind,
            name=evidence.document.path.replace("\\", "/").rsplit("/", 1)[-1],
            sha256=evidence.document.sha256,
            pages=evidence.document.pages,
            extracted_on=str(extracted) if extracted else None,
        )


@dataclass
class Profile:
    """One vendor's answers as read from its YAML file."""

    path: str
    data: dict[str, Any]

    @property
    def vendor_name(self) -> str:
        return str((self.data.get("vendor") or {}).get("name") or "")

    @property
    def checklist_id(self) -> str | None:
        value = (self.data.get("assessment") or {}).get("checklist")
        return None if value is None else str(value)

    @property
    def review(self) -> Review:
        """The review record of the profile's assessment (empty while nobody decided)."""
        assessment = self.data.get("assessment") or {}
        return Review(
            reviewer=assessment.get("reviewer"),
            decision=Decision(assessment["decision"]) if assessment.get("decision") else None,
            conditions=tuple(assessment.get("conditions") or ()),
            decided_on=assessment.get("decided_on"),
            next_review=assessment.get("next_review"),
        )

    @property
    def evidence_links(self) -> list[dict[str, Any]]:
        return list(self.data.get("evidence") or [])

    @property
    def sources(self) -> list[dict[str, Any]]:
        return list(self.data.get("sources") or [])

    def answer(self, question: Question) -> Any:
        """The answer at the question's field, or None when the field is absent."""
        node: Any = self.data
        for part in question.path:
            if not isinstance(node, dict) or part not in node:
                return None
            node = node[part]
        return node


# --- Results of scoring a profile: built by vendor_eval.scoring, read by the renderers. ---


class EvidenceStatus(StrEnum):
    """How an answer stands against the evidence."""

    BACKED = "evidence-backed"  # the profile says it and the evidence agrees
    EVIDENCE_ONLY = "evidence-only"  # the profile is silent; the evidence answers
    CONTRADICTED = "contradicted"  # the evidence says otherwise, and is what gets scored
    ATTESTED = "attested"  # only the profile says it
    UNANSWERED = "unanswered"


_FROM_EVIDENCE = frozenset(
    (EvidenceStatus.BACKED, EvidenceStatus.EVIDENCE_ONLY, EvidenceStatus.CONTRADICTED)
)


class FindingKind(StrEnum):
    """Why a finding was raised. Declared in the order one question's findings are listed."""

    KNOCKOUT = "knockout"
    CONTRADICTED = "contradicted"
    ANSWER = "answer"
    STALE = "stale"
    UNANSWERED = "unanswered"
    CROSS_DOCUMENT = "cross-document"  # two documents of one vendor, read together


@dataclass(frozen=True)
class Finding:
    """A shortfall worth acting on, raised by one question's answer (or lack of one)."""

    severity: Severity
    question_id: str
    title: str
    action: str
    answer: Any
    kind: FindingKind
    citations: tuple[Citation, ...] = ()
    document: str | None = None


@dataclass(frozen=True)
class QuestionResult:
    question: Question
    answer: Any  # the answer that was scored: the evidence's when the two disagree
    attested: Any  # what the profile says, None when silent
    evidence_value: Any  # what the evidence supports, None when it gives no opinion
    status: EvidenceStatus
    points: float  # earned, 0..max_points
    max_points: float
    counted: bool  # False for informational questions (weight 0, or nothing to earn)
    citations: tuple[Citation, ...] = ()
    document: str | None = None  # the document the evidence was extracted from
    knockout: str | None = None  # the knockout message when this answer ends the evaluation
    # Why evidence of the question's kind gave no answer, when that needs saying: a browser
    # capture in which the vendor does not appear.
    evidence_note: str | None = None

    @property
    def answered(self) -> bool:
        return self.answer is not None

    @property
    def from_evidence(self) -> bool:
        return self.status in _FROM_EVIDENCE


@dataclass(frozen=True)
class SectionResult:
    section: Section
    questions: tuple[QuestionResult, ...]
    score: float  # 0-100
    completeness: float  # 0-100, by weight of the counted questions
    counted: bool  # False when nothing in the section can earn points


@dataclass(frozen=True)
class Assessment:
    """One vendor scored against one checklist on one date."""

    vendor: str
    profile_path: str
    checklist: Checklist
    as_of: dt.date
    sections: tuple[SectionResult, ...]
    score: float
    completeness: float
    evidence_backed: float  # share of the score earned by evidence-supported answers, 0-100
    verdict: Verdict
    findings: tuple[Finding, ...]
    sources: tuple[dict[str, Any], ...] = ()
    review: Review = field(default_factory=Review)
    documents: tuple[EvidenceDocument, ...] = ()  # the evidence appendix, in link order

    @property
    def questions(self) -> tuple[QuestionResult, ...]:
        return tuple(r for s in self.sections for r in s.questions)

    @property
    def knockouts(self) -> tuple[QuestionResult, ...]:
        return tuple(r for r in self.questions if r.knockout)

    @property
    def missing(self) -> tuple[QuestionResult, ...]:
        """Unanswered questions that would have earned points."""
        return tuple(r for r in self.questions if r.counted and not r.answered)

    def finding_counts(self) -> dict[Severity, int]:
        counts = dict.fromkeys(SEVERITIES, 0)
        for finding in self.findings:
            counts[finding.severity] += 1
        return counts

    def passes(self, gate: Gate | None = None) -> bool:
        return not self.gate_failures(gate or Gate())

    def gate_failures(self, gate: Gate) -> list[str]:
        """Why this vendor fails the CI gate, in words; empty when it passes. A knockout
        always fails; so does a verdict named in --fail-on or a score under --fail-under."""
        reasons = []
        if self.knockouts:
            reasons.append(f"knockout: {self.knockouts[0].question.id}")
        elif self.verdict.id in gate.fail_on:
            reasons.append(f"verdict {self.verdict.id} is named in --fail-on")
        if gate.fail_under is not None and self.score < gate.fail_under:
            reasons.append(f"score {self.score:.1f} is under --fail-under {gate.fail_under:g}")
        return reasons


@dataclass(frozen=True)
class Gate:
    """What `score` fails on: any knockout always; verdicts named in --fail-on; a score
    under --fail-under."""

    fail_under: float | None = None
    fail_on: tuple[str, ...] = ()

    MEANING: ClassVar[str] = (
        "passed: no knockout, no verdict named in fail_on, and a score at or above fail_under"
    )
