"""GitHub-flavoured Markdown: the scorecard and the comparison.

Everything a vendor or an analyst wrote goes through `md`, so that no text can end a table
cell, open a code span, a link or an HTML tag, or start a new line.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from vendor_eval.model import Assessment
from vendor_eval.render.interface import (
    answer_text,
    citation_text,
    clean,
    comparison_rows,
    evidence_text,
    figure,
    finding_counts_text,
    points_text,
    profile_name,
    same_checklist,
)

# Characters that start Markdown or HTML constructs in the middle of a line.
_SPECIAL = re.compile(r"([\\`*_\[\]<>&|~!#])")


def md(value: object, limit: int | None = None) -> str:
    text = clean(value) if limit is None else clean(value, limit)
    return _SPECIAL.sub(r"\\\1", text)


def table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    """Cells must already be escaped with `md`."""
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(cell or " " for cell in row) + " |" for row in rows]
    return lines


def report(assessment: Assessment) -> str:
    checklist = assessment.checklist
    lines = [
        f"# Vendor scorecard: {md(assessment.vendor) or 'unnamed vendor'}",
        "",
        *table(
            ["", ""],
            [
                ["Verdict", f"**{md(assessment.verdict.label)}**"],
                ["Overall score", f"{figure(assessment.score)} / 100"],
                ["Completeness", f"{figure(assessment.completeness)} %"],
                ["Evidence-backed share of the score", f"{figure(assessment.evidence_backed)} %"],
                ["Findings", finding_counts_text(assessment)],
                ["Profile", md(profile_name(assessment))],
                [
                    "Checklist",
                    f"{md(checklist.name)} ({md(checklist.id)}, version {checklist.version})",
                ],
                ["Checklist sha256", checklist.sha256],
                ["As of", assessment.as_of.isoformat()],
            ],
        ),
        "",
    ]
    if assessment.verdict.description:
        lines += [md(assessment.verdict.description, 1000), ""]
    for result in assessment.knockouts:
        lines += [f"> **Knockout** ({md(result.question.id)}): {md(result.knockout, 1000)}", ""]

    lines += ["## Sections", ""]
    lines += table(
        ["Section", "Weight", "Score", "Completeness %"],
        [
            [md(s.section.title), f"{s.section.weight:g}", figure(s.score), figure(s.completeness)]
            if s.counted
            else [md(s.section.title), f"{s.section.weight:g}", "info", "info"]
            for s in assessment.sections
        ],
    )
    lines.append("")

    lines += ["## Findings", ""]
    if assessment.findings:
        lines += table(
            ["Severity", "Question", "Finding", "Action", "Evidence"],
            [
                [
                    f.severity,
                    md(f.question_id),
                    md(f.title),
                    md(f.action, 1000),
                    md("; ".join(citation_text(c) for c in f.citations[:2])),
                ]
                for f in assessment.findings
            ],
        )
    else:
        lines.append("No findings.")
    lines.append("")

    missing = assessment.missing
    if missing:
        lines += ["## Missing answers", ""]
        lines += [f"- {md(r.question.id)}: {md(r.question.prompt)}" for r in missing]
        lines.append("")

    lines += ["## Answers", ""]
    for section in assessment.sections:
        score = f" ({figure(section.score)})" if section.counted else ""
        lines += [f"### {md(section.section.title)}{score}", ""]
        lines += table(
            ["Question", "Answer", "Points", "Status", "Evidence"],
            [
                [
                    f"{md(r.question.prompt)} ({md(r.question.id)})",
                    md(answer_text(r)),
                    points_text(r),
                    r.status,
                    md(evidence_text(r)),
                ]
                for r in section.questions
            ],
        )
        lines.append("")

    lines += ["## Sources", ""]
    if assessment.sources:
        lines += table(
            ["Title", "Date", "URL", "Supports"],
            [
                [
                    md(s.get("title", "")),
                    md(s.get("date", "")),
                    md(s.get("url", "")),
                    md(", ".join(str(x) for x in s.get("supports") or [])),
                ]
                for s in assessment.sources
            ],
        )
    else:
        lines.append("No sources listed in the profile.")
    lines.append("")
    return "\n".join(lines)


def comparison(assessments: Sequence[Assessment]) -> str:
    same_checklist(assessments)
    checklist = assessments[0].checklist
    header = ["", *(md(a.vendor) or md(profile_name(a)) for a in assessments)]
    lines = [
        "# Vendor comparison",
        "",
        f"Checklist: {md(checklist.name)} ({md(checklist.id)}, version {checklist.version}), "
        f"sha256 {checklist.sha256}; as of {assessments[0].as_of.isoformat()}.",
        "",
    ]
    group = None
    rows: list[list[str]] = []
    for row in comparison_rows(assessments):
        if row.group != group:
            group = row.group
            rows.append([f"**{md(group)}**", *("" for _ in assessments)])
        rows.append([md(row.label), *(md(cell) for cell in row.cells)])
    lines += table(header, rows)
    lines.append("")
    return "\n".join(lines)
