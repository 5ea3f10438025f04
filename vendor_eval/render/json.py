"""JSON output: the full scorecard (its shape is schemas/report.schema.json), the score
summary for CI, and the comparison. Sorted keys, no timestamps: same input, same bytes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from vendor_eval.answer_types import answer_label
from vendor_eval.jsonio import dump_json
from vendor_eval.model import Assessment, Citation, Finding, Gate, QuestionResult, Review
from vendor_eval.render.interface import profile_name, same_checklist

REPORT_VERSION = 1


def report(assessment: Assessment) -> str:
    return dump_json(report_data(assessment))


def summary(assessments: Sequence[Assessment], gate: Gate) -> str:
    results = []
    for assessment in assessments:
        failures = assessment.gate_failures(gate)
        results.append(
            {
                **_headline(assessment),
                "findings": [_finding(f) for f in assessment.findings],
                "passed": not failures,
                "failed_because": failures,
            }
        )
    return dump_json(
        {
            "gate": {
                "fail_under": gate.fail_under,
                "fail_on": list(gate.fail_on),
                "meaning": gate.MEANING,
            },
            "results": results,
            "success": all(r["passed"] for r in results),
        }
    )


def comparison(assessments: Sequence[Assessment]) -> str:
    same_checklist(assessments)
    vendors = []
    for assessment in assessments:
        vendors.append(
            {
                **_headline(assessment),
                "sections": {
                    s.section.id: _figure(s.score) for s in assessment.sections if s.counted
                },
                "key_answers": {
                    r.question.id: {
                        "answer": r.answer,
                        "label": answer_label(r.question, r.answer),
                        "status": r.status,
                    }
                    for r in assessment.questions
                    if r.question.key
                },
            }
        )
    return dump_json({"checklist": _checklist(assessments[0]), "vendors": vendors})


def report_data(assessment: Assessment) -> dict[str, Any]:
    return {
        "report_version": REPORT_VERSION,
        **_headline(assessment),
        "checklist": _checklist(assessment),
        "sections": [
            {
                "id": s.section.id,
                "title": s.section.title,
                "weight": s.section.weight,
                "counted": s.counted,
                "score": _figure(s.score),
                "completeness": _figure(s.completeness),
                "questions": [_question(r) for r in s.questions],
            }
            for s in assessment.sections
        ],
        "findings": [_finding(f) for f in assessment.findings],
        "missing": [r.question.id for r in assessment.missing],
        "sources": list(assessment.sources),
        "review": _review(assessment.review),
        "evidence_documents": [
            {
                "kind": d.kind,
                "document": d.name,
                "sha256": d.sha256,
                "pages": d.pages,
                "extracted_on": d.extracted_on,
            }
            for d in assessment.documents
        ],
    }


def _review(review: Review) -> dict[str, Any]:
    return {
        "reviewer": review.reviewer,
        "decision": review.decision,
        "conditions": list(review.conditions),
        "decided_on": review.decided_on,
        "next_review": review.next_review,
    }


def _headline(assessment: Assessment) -> dict[str, Any]:
    return {
        "vendor": assessment.vendor,
        "profile": profile_name(assessment),
        "as_of": assessment.as_of.isoformat(),
        "verdict": {
            "id": assessment.verdict.id,
            "label": assessment.verdict.label,
            "description": assessment.verdict.description,
        },
        "score": _figure(assessment.score),
        "completeness": _figure(assessment.completeness),
        "evidence_backed": _figure(assessment.evidence_backed),
        "knockouts": [
            {"question": r.question.id, "message": r.knockout} for r in assessment.knockouts
        ],
        "finding_counts": assessment.finding_counts(),
    }


def _checklist(assessment: Assessment) -> dict[str, Any]:
    checklist = assessment.checklist
    return {
        "id": checklist.id,
        "name": checklist.name,
        "version": checklist.version,
        "sha256": checklist.sha256,
    }


def _question(result: QuestionResult) -> dict[str, Any]:
    return {
        "id": result.question.id,
        "prompt": result.question.prompt,
        "type": result.question.type,
        "weight": result.question.weight,
        "counted": result.counted,
        "answer": result.answer,
        "answer_label": answer_label(result.question, result.answer),
        "attested": result.attested,
        "evidence_value": result.evidence_value,
        "status": result.status,
        "points": result.points,
        "max_points": result.max_points,
        "knockout": result.knockout,
        "document": result.document,
        "citations": [_citation(c) for c in result.citations],
        "evidence_note": result.evidence_note,
    }


def _finding(finding: Finding) -> dict[str, Any]:
    return {
        "severity": finding.severity,
        "question": finding.question_id,
        "kind": finding.kind,
        "title": finding.title,
        "action": finding.action,
        "answer": finding.answer,
        "document": finding.document,
        "citations": [_citation(c) for c in finding.citations],
    }


def _citation(citation: Citation) -> dict[str, Any]:
    return citation.to_dict()


def _figure(value: float) -> float:
    return round(value, 2)
