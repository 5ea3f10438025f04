"""GitHub-flavoured Markdown: the scorecard and the comparison.

Everything a vendor or an analyst wrote goes through `md`, so that no text can end a table
cell, open a code span, a link or an HTML tag, or start a new line.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from vendor_eval.model import Assessment
from vendor_eval.render.interface import clean, profile_name, same_checklist
from vendor_eval.render.outline import (
    LONG_TEXT,
    Answers,
    EvidenceAppendix,
    Findings,
    Headline,
    MissingAnswers,
    Part,
    SectionScores,
    SignOff,
    Sources,
    comparison_rows,
    scorecard,
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
    card = scorecard(assessment)
    lines = _headline(card.headline)
    for part in card.parts:
        lines += [f"## {md(part.title)}", "", *_part(part), ""]
    return "\n".join(lines)


def _headline(headline: Headline) -> list[str]:
    lines = [
        f"# Vendor scorecard: {md(headline.vendor) or 'unnamed vendor'}",
        "",
        *table(
            ["", ""],
            [
                ["Verdict", f"**{md(headline.verdict)}**"],
                ["Overall score", f"{headline.score} / 100"],
                ["Completeness", f"{headline.completeness} %"],
                ["Evidence-backed share of the score", f"{headline.evidence_backed} %"],
                ["Findings", headline.finding_counts_text],
                ["Profile", md(headline.profile)],
                [
                    "Checklist",
                    f"{md(headline.checklist_name)} ({md(headline.checklist_id)}, "
                    f"version {headline.checklist_version})",
                ],
                ["Checklist sha256", headline.checklist_sha256],
                ["As of", headline.as_of],
            ],
        ),
        "",
    ]
    if headline.verdict_description:
        lines += [md(headline.verdict_description, LONG_TEXT), ""]
    for knockout in headline.knockouts:
        lines += [
            f"> **Knockout** ({md(knockout.question_id)}): {md(knockout.message, LONG_TEXT)}",
            "",
        ]
    return lines


def _part(part: Part) -> list[str]:
    match part:
        case SectionScores(rows=rows):
            return table(
                ["Section", "Weight", "Score", "Completeness %"],
                [[md(r.title), r.weight, r.score, r.completeness] for r in rows],
            )
        case Findings(rows=rows, empty=empty):
            if not rows:
                return [md(empty)]
            return table(
                ["Severity", "Question", "Finding", "Action", "Evidence"],
                [
                    [
                        f.severity,
                        md(f.question_id),
                        md(f.title),
                        md(f.action, LONG_TEXT),
                        md("; ".join(f.citations)),
                    ]
                    for f in rows
                ],
            )
        case MissingAnswers(rows=rows):
            return [f"- {md(r.question_id)}: {md(r.prompt)}" for r in rows]
        case Answers(groups=groups):
            lines: list[str] = []
            for group in groups:
                if lines:
                    lines.append("")
                score = f" ({group.score})" if group.score is not None else ""
                lines += [f"### {md(group.title)}{score}", ""]
                lines += table(
                    ["Question", "Answer", "Points", "Status", "Evidence"],
                    [
                        [
                            f"{md(r.prompt)} ({md(r.question_id)})",
                            md(r.answer),
                            r.points,
                            r.status,
                            md(r.evidence),
                        ]
                        for r in group.rows
                    ],
                )
            return lines
        case Sources(rows=rows, empty=empty):
            if not rows:
                return [md(empty)]
            return table(
                ["Title", "Date", "URL", "Supports"],
                [[md(s.title), md(s.date), md(s.url), md(s.supports)] for s in rows],
            )
        case SignOff(rows=rows, conditions=conditions):
            lines = table(["", ""], [[label, md(value)] for label, value in rows])
            if conditions:
                lines += ["", "Conditions:", "", *(f"- {md(c, LONG_TEXT)}" for c in conditions)]
            return lines
        case EvidenceAppendix(rows=rows, empty=empty):
            if not rows:
                return [md(empty)]
            return table(
                ["Kind", "Document", "sha256", "Pages", "Extracted on"],
                [[d.kind, md(d.name), d.sha256, d.pages, md(d.extracted_on)] for d in rows],
            )


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
