"""What a question's answer should be according to the extracted evidence.

Scoring uses this to mark answers evidence-backed or contradicted; the interview uses it
to pre-fill answers. It only reads data: no I/O.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from vendor_eval.answer_types import answer_type, same_answer
from vendor_eval.model import Citation, Evidence, EvidenceLink, Question


@dataclass(frozen=True)
class EvidenceAnswer:
    """An answer the evidence supports, with where it was found."""

    value: Any
    fact: str
    fact_value: Any
    citations: tuple[Citation, ...]
    document: str  # the document the facts were extracted from
    evidence_file: str | None  # the evidence file they were read from, when known
    # Other answers the evidence is just as consistent with (a BAA "limited" by carve-outs
    # agrees with "phi-flagged-only" as well as with "named-services-only").
    alternatives: tuple[Any, ...] = ()

    def agrees_with(self, question: Question, answer: Any) -> bool:
        return any(same_answer(question, answer, v) for v in (self.value, *self.alternatives))


def evidence_answer(question: Question, evidence: Iterable[Evidence]) -> EvidenceAnswer | None:
    """The answer the question's evidence links support, or None when no linked evidence
    gives an opinion. The first evidence file (in the given order) with an opinion wins.
    """
    for item in evidence:
        for link in question.evidence_links:
            if item.kind != link.kind:
                continue
            fact = item.facts.get(link.fact)
            if fact is None or fact.value is None:
                continue
            values = _interpret(question, link, fact.value)
            if not values:
                continue
            return EvidenceAnswer(
                value=values[0],
                alternatives=tuple(values[1:]),
                fact=link.fact,
                fact_value=fact.value,
                citations=tuple(fact.citations),
                document=item.document.path,
                evidence_file=item.source,
            )
    return None


def _interpret(question: Question, link: EvidenceLink, fact_value: Any) -> list[Any]:
    """The answers the fact supports, best first; empty when it gives no opinion."""
    kind = answer_type(question)
    value = fact_value
    if link.test == "nonempty":
        if not isinstance(value, list):
            return []
        value = "nonempty" if value else "empty"
    if not link.map:
        answer = kind.from_evidence(question, value)
        return [] if answer is None else [answer]
    key = _map_key(value)
    if key is None or key not in link.map:
        return []  # an unmapped value is no opinion, not a wrong answer
    mapped = link.map[key]
    candidates = mapped if isinstance(mapped, list) else [mapped]
    answers = [kind.from_evidence(question, candidate) for candidate in candidates]
    return [answer for answer in answers if answer is not None]


def _map_key(value: Any) -> str | None:
    """Map keys are text; a fact value is looked up as it would be written in JSON."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool | int | float):
        return json.dumps(value)
    return None
