"""The scoring core: (profile, checklist, evidence, as-of date) -> Assessment.

Pure: no I/O, no printing. Every figure is 0-100. A question earns points for its answer;
its share of the section is its weight; a section's share of the total is its weight.
Questions without weight or without points to earn are shown but not counted.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from vendor_eval.answer_types import ANSWER_TYPES, answer_label
from vendor_eval.cross_checks import cross_document_findings
from vendor_eval.evidence_answers import EvidenceAnswer, evidence_answer
from vendor_eval.model import (
    SEVERITIES,
    Assessment,
    Checklist,
    Evidence,
    EvidenceDocument,
    EvidenceKind,
    EvidenceStatus,
    Finding,
    FindingKind,
    FindingRule,
    Profile,
    Question,
    QuestionResult,
    SectionResult,
    Severity,
    Verdict,
)
from vendor_eval.vendor_identity import VendorIdentity, scope_to_profile, vendor_identity

# Within one severity, findings keep checklist order; within one question, FindingKind's.
_KIND_ORDER = {kind: position for position, kind in enumerate(FindingKind)}
_SEVERITY_ORDER = {severity: position for position, severity in enumerate(SEVERITIES)}
# Python 3.11 takes a quarter of a microsecond to look a member up on its enum class, which
# the per-question path would pay several times per question; it reads these names instead.
_UNANSWERED_FINDING = FindingKind.UNANSWERED
_UNANSWERED = EvidenceStatus.UNANSWERED
_ATTESTED = EvidenceStatus.ATTESTED
_EVIDENCE_ONLY = EvidenceStatus.EVIDENCE_ONLY
_BACKED = EvidenceStatus.BACKED
_CONTRADICTED = EvidenceStatus.CONTRADICTED


def score(
    profile: Profile, checklist: Checklist, evidence: Iterable[Evidence], as_of: dt.date
) -> Assessment:
    evidence = list(evidence)
    scope = scope_to_profile(evidence, profile.data.get("vendor"))
    vendor_evidence = list(scope.evidence)
    findings: list[tuple[int, int, Finding]] = []
    sections: list[SectionResult] = []
    position = 0
    for section in checklist.sections:
        results = []
        for question in section.questions:
            result = score_question(
                question, profile.answer(question), vendor_evidence, as_of, scope.absent
            )
            results.append(result)
            for finding in question_findings(result, as_of):
                findings.append((position, _KIND_ORDER[finding.kind], finding))
            position += 1
        sections.append(_section_result(section, tuple(results)))
    for finding in cross_document_findings(
        checklist,
        evidence,
        (r for s in sections for r in s.questions),
        vendor_evidence,
        _identity_for_hosts(profile, evidence),
    ):
        findings.append((position, _KIND_ORDER[finding.kind], finding))
        position += 1

    total_weight = sum(s.section.weight for s in sections if s.counted)
    overall = _weighted((s.section.weight, s.score) for s in sections if s.counted)
    completeness = _weighted((s.section.weight, s.completeness) for s in sections if s.counted)
    from_evidence = sum(
        _contribution(s, r, total_weight) for s in sections for r in s.questions if r.from_evidence
    )
    evidence_share = 100.0 * from_evidence / overall if overall > 0 else 0.0

    ordered = tuple(
        f
        for _, _, f in sorted(
            findings, key=lambda item: (_SEVERITY_ORDER[item[2].severity], item[0], item[1])
        )
    )
    assessment = Assessment(
        vendor=profile.vendor_name,
        profile_path=profile.path,
        checklist=checklist,
        as_of=as_of,
        sections=tuple(sections),
        score=overall,
        completeness=completeness,
        evidence_backed=min(100.0, evidence_share),
        verdict=checklist.knockout_verdict,
        findings=ordered,
        sources=tuple(profile.sources),
        review=profile.review,
        documents=tuple(dict.fromkeys(EvidenceDocument.of(e) for e in evidence)),
    )
    return dataclasses.replace(assessment, verdict=choose_verdict(checklist, assessment))


def _identity_for_hosts(profile: Profile, evidence: list[Evidence]) -> VendorIdentity | None:
    """The vendor's identity when a subprocessor list and a capture or scan are both there
    to check against each other; working it out may cost the public suffix list."""
    kinds = {item.kind for item in evidence}
    if EvidenceKind.SUBPROCESSORS not in kinds or not kinds & {EvidenceKind.HAR, EvidenceKind.SCAN}:
        return None
    return vendor_identity(profile.data.get("vendor"))


def score_question(
    question: Question,
    attested: Any,
    evidence: list[Evidence],
    as_of: dt.date,
    absent: Mapping[EvidenceKind, str] | None = None,
) -> QuestionResult:
    """One question: which answer counts, how it is backed, and the points it earns.
    `absent` says, per evidence kind, why a capture gave the vendor no evidence."""
    supported: EvidenceAnswer | None = evidence_answer(question, evidence)
    note = None
    if supported is None and absent:
        note = next((absent[k.kind] for k in question.evidence_links if k.kind in absent), None)
    backed = supported.value if supported else None
    if attested is None and backed is None:
        status, answer = _UNANSWERED, None
    elif backed is None:
        status, answer = _ATTESTED, attested
    elif attested is None:
        status, answer = _EVIDENCE_ONLY, backed
    elif supported is not None and supported.agrees_with(question, attested):
        status, answer = _BACKED, attested
    else:
        # A document beats an assertion: score what the evidence says.
        status, answer = _CONTRADICTED, backed
    kind = ANSWER_TYPES[question.type]
    max_points = kind.max_points(question)
    counted = question.weight > 0 and max_points > 0
    return QuestionResult(
        question=question,
        answer=answer,
        attested=attested,
        evidence_value=backed,
        status=status,
        points=0.0 if answer is None else kind.points(question, answer, as_of),
        max_points=max_points,
        counted=counted,
        citations=supported.citations if supported else (),
        document=supported.document if supported else None,
        knockout=_knockout(question, answer),
        evidence_note=note,
    )


def question_findings(result: QuestionResult, as_of: dt.date) -> Iterator[Finding]:
    """The findings one answered (or unanswered) question raises, in a fixed order."""
    question = result.question
    answer = result.answer

    def finding(rule: FindingRule, kind: FindingKind, title: str) -> Finding:
        return Finding(
            severity=rule.severity,
            question_id=question.id,
            title=rule.title or title,
            action=rule.action,
            answer=answer,
            kind=kind,
            citations=result.citations if result.from_evidence else (),
            document=result.document if result.from_evidence else None,
        )

    if result.status == _CONTRADICTED:
        yield _contradiction(result, as_of)
        return
    if result.knockout:
        yield Finding(
            severity=Severity.CRITICAL,
            question_id=question.id,
            title=f"Knockout: {question.prompt} {answer_label(question, answer)}",
            action=result.knockout,
            answer=answer,
            kind=FindingKind.KNOCKOUT,
            citations=result.citations if result.from_evidence else (),
            document=result.document if result.from_evidence else None,
        )
    if answer is None:
        if question.unanswered:
            yield finding(
                question.unanswered, _UNANSWERED_FINDING, f"Unanswered: {question.prompt}"
            )
        return
    for rule, kind, title in ANSWER_TYPES[question.type].findings(result, as_of):
        yield finding(rule, kind, title)


def _contradiction(result: QuestionResult, as_of: dt.date) -> Finding:
    """A contradicted answer is one problem, so one finding: as severe as the worst of
    what the evidence's answer raises (and at least high when it counts), saying what
    the profile says, what the document says and where."""
    question = result.question
    answer = result.answer
    rules = [rule for rule, _, _ in ANSWER_TYPES[question.type].findings(result, as_of)]
    actions = [rule.action for rule in rules]
    severities = [rule.severity for rule in rules]
    if result.knockout:
        actions.insert(0, result.knockout)
        severities.append(Severity.CRITICAL)
    severities.append(Severity.HIGH if result.counted else Severity.LOW)
    worst = min(severities, key=_SEVERITY_ORDER.__getitem__)
    actions.append(_CONTRADICTION_ACTION)
    return Finding(
        severity=worst,
        question_id=question.id,
        title=(
            f"Contradicted: {question.prompt} The profile says "
            f"{answer_label(question, result.attested)}; {_document_name(result.document)} "
            f"says {answer_label(question, answer)}{_quoted(result)}"
        ),
        action=" ".join(actions),
        answer=answer,
        kind=FindingKind.KNOCKOUT if result.knockout else FindingKind.CONTRADICTED,
        citations=result.citations,
        document=result.document,
    )


def choose_verdict(checklist: Checklist, assessment: Assessment) -> Verdict:
    """Knockouts override everything; too little answered gives no verdict; otherwise the
    first verdict whose conditions hold."""
    if assessment.knockouts:
        return checklist.knockout_verdict
    if assessment.completeness < checklist.min_completeness:
        return checklist.incomplete_verdict
    counts = assessment.finding_counts()
    for verdict in checklist.verdicts:
        if (
            assessment.score >= verdict.min_score
            and assessment.completeness >= verdict.min_completeness
            and all(counts[severity] <= most for severity, most in verdict.max_findings.items())
        ):
            return verdict
    return checklist.verdicts[-1]  # the checklist loader guarantees the last accepts anything


def _section_result(section: Any, results: tuple[QuestionResult, ...]) -> SectionResult:
    counted = [r for r in results if r.counted]
    if not counted or section.weight <= 0:
        return SectionResult(section, results, 0.0, 0.0, counted=False)
    return SectionResult(
        section=section,
        questions=results,
        score=_weighted((r.question.weight, 100.0 * r.points / r.max_points) for r in counted),
        completeness=_weighted((r.question.weight, 100.0 * r.answered) for r in counted),
        counted=True,
    )


def _weighted(pairs: Iterable[tuple[float, float]]) -> float:
    total = weight_sum = 0.0
    for weight, value in pairs:
        total += weight * value
        weight_sum += weight
    return total / weight_sum if weight_sum else 0.0


def _contribution(section: SectionResult, result: QuestionResult, total_weight: float) -> float:
    """The points of the overall score this question earned."""
    if not (section.counted and result.counted and total_weight):
        return 0.0
    section_weight = sum(r.question.weight for r in section.questions if r.counted)
    return (
        100.0
        * (section.section.weight / total_weight)
        * (result.question.weight / section_weight)
        * (result.points / result.max_points)
    )


def _knockout(question: Question, answer: Any) -> str | None:
    if question.knockout is None or answer is None:
        return None
    chosen = answer if isinstance(answer, list) else [answer]
    for value in chosen:
        if any(value == k and type(value) is type(k) for k in question.knockout.values):
            return question.knockout.message
    return None


def _document_name(document: str | None) -> str:
    return f"the document {document}" if document else "the evidence"


def _quoted(result: QuestionResult) -> str:
    """Where the evidence says it, with its words: ' (page 3: "...")'."""
    quote = next((c for c in result.citations if c.quote), None)
    if quote is None:
        return ""
    place = quote.document_place() or (
        f"request {quote.entry}" if quote.entry is not None else "the document"
    )
    return f' ({place}: "{quote.quote}")'


_CONTRADICTION_ACTION = (
    "The score uses the evidence: correct the profile, or extract the current document "
    "again if the evidence is out of date."
)
