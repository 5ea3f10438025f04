"""What a question's answer should be according to the extracted evidence.

Scoring uses this to mark answers evidence-backed or contradicted; the interview uses it
to pre-fill answers. It only reads data: no I/O.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from vendor_eval.model import Citation, Evidence, Question


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
    """The answer the question's evidence link supports, or None when no evidence of that
    kind gives an opinion. The first evidence file (in the given order) with an opinion wins.
    """
    link = question.evidence
    if link is None:
        return None
    for item in evidence:
        if item.kind != link.kind:
            continue
        fact = item.facts.get(link.fact)
        if fact is None or fact.value is None:
            continue
        values = _interpret(question, fact.value)
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


def _interpret(question: Question, fact_value: Any) -> list[Any]:
    """The answers the fact supports, best first; empty when it gives no opinion."""
    link = question.evidence
    assert link is not None
    value = fact_value
    if link.test == "nonempty":
        if not isinstance(value, list):
            return []
        value = "nonempty" if value else "empty"
    if not link.map:
        answer = _as_answer(question, value)
        return [] if answer is None else [answer]
    key = _map_key(value)
    if key is None or key not in link.map:
        return []  # an unmapped value is no opinion, not a wrong answer
    mapped = link.map[key]
    candidates = mapped if isinstance(mapped, list) else [mapped]
    answers = [_as_answer(question, candidate) for candidate in candidates]
    return [answer for answer in answers if answer is not None]


def _map_key(value: Any) -> str | None:
    """Map keys are text; a fact value is looked up as it would be written in JSON."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool | int | float):
        return json.dumps(value)
    return None


def _as_answer(question: Question, value: Any) -> Any:
    """The value in the question's own answer type, or None when it cannot be one; a value
    the question does not know (a new option, a wrong type) gives no opinion."""
    kind = question.type
    if kind in ("boolean", "choice"):
        return value if question.option(value) is not None else None
    if kind == "multi-choice":
        if not isinstance(value, list) or any(question.option(v) is None for v in value):
            return None
        return sorted(set(value), key=_option_order(question))
    if kind == "integer":
        return value if isinstance(value, int) and not isinstance(value, bool) else None
    if kind == "date":
        if isinstance(value, dt.date):
            return value.isoformat()
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value).isoformat()
            except ValueError:
                return None
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return list(value)
    return None


def _option_order(question: Question) -> Any:
    order = {o.value: index for index, o in enumerate(question.options)}
    return lambda value: order.get(value, len(order))


def same_answer(question: Question, first: Any, second: Any) -> bool:
    """Whether two answers to the question say the same thing (lists compared as sets,
    text without regard to case or spacing)."""
    if question.type == "multi-choice" or isinstance(first, list) or isinstance(second, list):
        return _as_set(question, first) == _as_set(question, second)
    if question.type == "text":
        return _text_key(first) == _text_key(second)
    if question.type == "date":
        return str(first) == str(second)
    return first == second and type(first) is type(second)


def _as_set(question: Question, value: Any) -> frozenset[Any]:
    items = value if isinstance(value, list) else [value]
    if question.type == "text":
        return frozenset(_text_key(v) for v in items)
    return frozenset(items)


def _text_key(value: Any) -> str:
    return " ".join(str(value).split()).casefold()
