"""What a scorecard and a comparison say, and in which order, built once as data.

The Markdown and HTML renderers only draw these outlines: each decides its own layout and
escapes every piece of text its own way. Text here is as the vendor, the analyst or the
checklist wrote it (not yet cleaned or escaped); figures are already formatted. The
records are named tuples rather than dataclasses because one is made for every row of
every report, and tuples cost less to make.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal, NamedTuple

from vendor_eval.model import (
    Assessment,
    Decision,
    EvidenceStatus,
    Review,
    SectionResult,
    Severity,
)
from vendor_eval.render.interface import (
    answer_text,
    citation_text,
    clean,
    evidence_text,
    figure,
    finding_counts_text,
    points_text,
    profile_name,
)

# Verdict descriptions, knockout messages and actions are read in full, so they are clipped
# later than other text.
LONG_TEXT = 1000


class Knockout(NamedTuple):
    question_id: str
    message: str


class Headline(NamedTuple):
    vendor: str
    verdict: str
    verdict_description: str
    # stop: a knockout was hit; bad: the checklist's worst verdict; "": any other
    verdict_tone: Literal["stop", "bad", ""]
    score: str
    completeness: str
    evidence_backed: str
    finding_counts: dict[Severity, int]
    finding_counts_text: str
    profile: str
    checklist_name: str
    checklist_id: str
    checklist_version: int
    checklist_sha256: str
    as_of: str
    knockouts: tuple[Knockout, ...]


class SectionRow(NamedTuple):
    title: str
    weight: str
    score: str  # "info" for a section that does not count towards the score
    completeness: str


class FindingRow(NamedTuple):
    severity: Severity
    question_id: str
    title: str
    action: str
    citations: tuple[str, ...]  # the first two, as text


class MissingRow(NamedTuple):
    question_id: str
    prompt: str


class AnswerRow(NamedTuple):
    question_id: str
    prompt: str
    answer: str
    points: str
    status: EvidenceStatus
    evidence: str


class AnswerGroup(NamedTuple):
    title: str
    score: str | None  # None for a section that does not count
    rows: tuple[AnswerRow, ...]


class SourceRow(NamedTuple):
    title: str
    date: str
    url: str
    supports: str


class SectionScores(NamedTuple):
    title: str
    rows: tuple[SectionRow, ...]


class Findings(NamedTuple):
    title: str
    rows: tuple[FindingRow, ...]
    empty: str  # said instead of the rows when there are none


class MissingAnswers(NamedTuple):
    title: str
    rows: tuple[MissingRow, ...]


class Answers(NamedTuple):
    title: str
    groups: tuple[AnswerGroup, ...]


class Sources(NamedTuple):
    title: str
    rows: tuple[SourceRow, ...]
    empty: str


class SignOff(NamedTuple):
    title: str
    rows: tuple[tuple[str, str], ...]  # (label, value): reviewer, decision and its dates
    conditions: tuple[str, ...]


class DocumentRow(NamedTuple):
    kind: str
    name: str
    sha256: str
    pages: str
    extracted_on: str


class EvidenceAppendix(NamedTuple):
    title: str
    rows: tuple[DocumentRow, ...]
    empty: str


Part = SectionScores | SignOff | Findings | MissingAnswers | Answers | Sources | EvidenceAppendix

NOT_RECORDED = "not recorded"
DECISION_LABELS = {
    Decision.APPROVED: "Approved",
    Decision.APPROVED_WITH_CONDITIONS: "Approved with conditions",
    Decision.REJECTED: "Rejected",
}


class Scorecard(NamedTuple):
    headline: Headline
    parts: tuple[Part, ...]  # in the order they are drawn


def scorecard(assessment: Assessment) -> Scorecard:
    """Headline, sign-off, sections, findings, missing answers (only when some are),
    answers by section, sources, and the evidence documents as an appendix."""
    parts: list[Part] = [
        _sign_off(assessment.review),
        SectionScores("Sections", tuple(_section_row(s) for s in assessment.sections)),
        Findings(
            "Findings",
            tuple(
                FindingRow(
                    f.severity,
                    f.question_id,
                    f.title,
                    f.action,
                    tuple(citation_text(c) for c in f.citations[:2]),
                )
                for f in assessment.findings
            ),
            empty="No findings.",
        ),
    ]
    missing = assessment.missing
    if missing:
        parts.append(
            MissingAnswers(
                "Missing answers",
                tuple(MissingRow(r.question.id, r.question.prompt) for r in missing),
            )
        )
    parts.append(Answers("Answers", tuple(_answer_group(s) for s in assessment.sections)))
    parts.append(
        Sources(
            "Sources",
            tuple(
                SourceRow(
                    str(s.get("title", "")),
                    str(s.get("date", "")),
                    str(s.get("url", "")),
                    ", ".join(str(x) for x in s.get("supports") or []),
                )
                for s in assessment.sources
            ),
            empty="No sources listed in the profile.",
        )
    )
    parts.append(
        EvidenceAppendix(
            "Appendix: evidence documents",
            tuple(
                DocumentRow(
                    str(d.kind),
                    d.name,
                    d.sha256,
                    "" if d.pages is None else str(d.pages),
                    d.extracted_on or NOT_RECORDED,
                )
                for d in assessment.documents
            ),
            empty="No evidence documents are linked from the profile.",
        )
    )
    return Scorecard(_headline(assessment), tuple(parts))


def _sign_off(review: Review) -> SignOff:
    decision = DECISION_LABELS[review.decision] if review.decision else "not yet decided"
    return SignOff(
        "Sign-off",
        (
            ("Reviewer", review.reviewer or NOT_RECORDED),
            ("Decision", decision),
            ("Decided on", review.decided_on or NOT_RECORDED),
            ("Next review", review.next_review or NOT_RECORDED),
        ),
        review.conditions,
    )


def _headline(assessment: Assessment) -> Headline:
    checklist = assessment.checklist
    knockouts = assessment.knockouts
    tone: Literal["stop", "bad", ""] = ""
    if knockouts:
        tone = "stop"
    elif assessment.verdict == checklist.verdicts[-1]:
        tone = "bad"
    return Headline(
        vendor=assessment.vendor,
        verdict=assessment.verdict.label,
        verdict_description=assessment.verdict.description or "",
        verdict_tone=tone,
        score=figure(assessment.score),
        completeness=figure(assessment.completeness),
        evidence_backed=figure(assessment.evidence_backed),
        finding_counts=assessment.finding_counts(),
        finding_counts_text=finding_counts_text(assessment),
        profile=profile_name(assessment),
        checklist_name=checklist.name,
        checklist_id=checklist.id,
        checklist_version=checklist.version,
        checklist_sha256=checklist.sha256,
        as_of=assessment.as_of.isoformat(),
        knockouts=tuple(Knockout(r.question.id, r.knockout or "") for r in knockouts),
    )


def _section_row(section: SectionResult) -> SectionRow:
    weight = f"{section.section.weight:g}"
    if not section.counted:
        return SectionRow(section.section.title, weight, "info", "info")
    return SectionRow(
        section.section.title, weight, figure(section.score), figure(section.completeness)
    )


def _answer_group(section: SectionResult) -> AnswerGroup:
    return AnswerGroup(
        section.section.title,
        figure(section.score) if section.counted else None,
        tuple(
            AnswerRow(
                r.question.id,
                r.question.prompt,
                answer_text(r),
                points_text(r),
                r.status,
                evidence_text(r),
            )
            for r in section.questions
        ),
    )


class Row(NamedTuple):
    group: str
    label: str
    short: str  # for narrow terminals
    cells: tuple[str, ...]  # one per vendor, already cleaned


def comparison_rows(assessments: Sequence[Assessment]) -> list[Row]:
    """Vendors as columns: verdict and knockouts first, then sections, then key answers."""
    rows = [
        Row("Summary", "Verdict", "Verdict", tuple(clean(a.verdict.label) for a in assessments)),
        Row(
            "Summary",
            "Knockouts",
            "Knockouts",
            tuple(
                "; ".join(clean(r.knockout or "") for r in a.knockouts) or "none"
                for a in assessments
            ),
        ),
        Row("Summary", "Score", "Score", tuple(figure(a.score) for a in assessments)),
        Row(
            "Summary",
            "Completeness %",
            "Completeness %",
            tuple(figure(a.completeness) for a in assessments),
        ),
        Row(
            "Summary",
            "Evidence-backed %",
            "Evidence-backed %",
            tuple(figure(a.evidence_backed) for a in assessments),
        ),
        Row("Summary", "Findings", "Findings", tuple(finding_counts_text(a) for a in assessments)),
    ]
    first = assessments[0]
    for index, section in enumerate(first.sections):
        if section.counted:
            rows.append(
                Row(
                    "Sections",
                    clean(section.section.title),
                    clean(section.section.id),
                    tuple(figure(a.sections[index].score) for a in assessments),
                )
            )
    for position, result in enumerate(first.questions):
        if result.question.key:
            cells = []
            for assessment in assessments:
                other = assessment.questions[position]
                plain = other.status in (EvidenceStatus.ATTESTED, EvidenceStatus.UNANSWERED)
                marker = "" if plain else f" [{other.status}]"
                cells.append(answer_text(other) + marker)
            rows.append(
                Row(
                    "Key answers",
                    clean(result.question.prompt),
                    clean(result.question.id),
                    tuple(cells),
                )
            )
    return rows
