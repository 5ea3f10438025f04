"""Plain data objects shared by the loaders, the scoring core and the renderers.

Evidence objects live in vendor_eval.evidence.model; they are re-exported here so that
`from vendor_eval.model import ...` reaches every shared type.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from vendor_eval.evidence.model import Citation, DocumentRef, Evidence, Fact

__all__ = [
    "ANSWER_TYPES",
    "Checklist",
    "Citation",
    "DocumentRef",
    "Evidence",
    "EvidenceLink",
    "Fact",
    "FindingRule",
    "Knockout",
    "Option",
    "Problem",
    "Profile",
    "Question",
    "Range",
    "Section",
    "Verdict",
]

ANSWER_TYPES = ("boolean", "choice", "multi-choice", "integer", "date", "text")
SEVERITIES = ("critical", "high", "medium", "low")


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
    severity: str
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
    kind: str
    fact: str
    test: str = "value"
    map: dict[str, str | bool] = field(default_factory=dict)


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
    evidence: EvidenceLink | None = None
    key: bool = False

    @property
    def path(self) -> tuple[str, ...]:
        return tuple(self.field.split("."))

    def option(self, value: Any) -> Option | None:
        for option in self.options:
            if option.value == value and type(option.value) is type(value):
                return option
        return None

    @property
    def max_points(self) -> float:
        if self.type == "multi-choice":
            gains = sum(o.points for o in self.options if o.points > 0)
            return max(self.base, self.base + gains)
        if self.options:
            return max(o.points for o in self.options)
        if self.ranges:
            return max(r.points for r in self.ranges)
        if self.type == "date" and self.max_age_days is not None:
            return 100.0
        return 0.0


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
    max_findings: dict[str, int] = field(default_factory=dict)
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

    @property
    def questions(self) -> tuple[Question, ...]:
        return tuple(q for s in self.sections for q in s.questions)

    def question(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)


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
