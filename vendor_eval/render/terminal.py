"""Rich tables for the terminal: the score summary and the comparison.

Untrusted text is always wrapped in `Text` (never parsed as rich markup) after `clean` has
removed control characters and escape sequences. The table builders return renderables
that the command prints with colour; `summary` and `comparison` return plain text for -o.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from rich.console import Console, RenderableType
from rich.table import Table
from rich.text import Text

from vendor_eval.model import SEVERITIES, Assessment, Gate, Severity
from vendor_eval.render.interface import clean, figure, same_checklist
from vendor_eval.render.outline import comparison_rows

PLAIN_WIDTH = 120
_SEVERITY_STYLE = {
    Severity.CRITICAL: "bold red",
    Severity.HIGH: "red",
    Severity.MEDIUM: "yellow",
    Severity.LOW: "cyan",
}


def _text(value: object, style: str = "", limit: int = 80) -> Text:
    return Text(clean(value, limit), style=style)


def _verdict_style(assessment: Assessment) -> str:
    if assessment.knockouts or assessment.verdict == assessment.checklist.verdicts[-1]:
        return "bold red"
    if assessment.verdict == assessment.checklist.verdicts[0]:
        return "bold green"
    return "bold yellow"


def summary_table(assessments: Sequence[Assessment], gate: Gate) -> Table:
    caption = (
        "Done: completeness %. Evid.: share of the score backed by evidence %. "
        "C/H/M/L: critical, high, medium, low findings."
    )
    if gate.fail_under is not None:
        caption += f" Failing under {gate.fail_under:g}."
    if gate.fail_on:
        caption += f" Failing on {', '.join(gate.fail_on)}."
    table = Table(title="Vendor scores", caption=caption, show_lines=True)
    table.add_column("Vendor", no_wrap=True, overflow="ellipsis", max_width=24)
    table.add_column("Verdict; critical and high findings", overflow="fold", min_width=22)
    table.add_column("Score", justify="right", no_wrap=True)
    table.add_column("Done", justify="right", no_wrap=True)
    table.add_column("Evid.", justify="right", no_wrap=True)
    table.add_column("C/H/M/L", justify="center", no_wrap=True)
    for assessment in assessments:
        counts = assessment.finding_counts()
        verdict = _text(assessment.verdict.label, _verdict_style(assessment))
        listed: set[str] = set()
        for finding in assessment.findings:  # most severe first, so each id shows its worst
            if (
                finding.severity in (Severity.CRITICAL, Severity.HIGH)
                and finding.question_id not in listed
            ):
                listed.add(finding.question_id)
                verdict.append("\n")
                verdict.append(
                    clean(finding.question_id, 60), style=_SEVERITY_STYLE[finding.severity]
                )
        score_style = "" if assessment.passes(gate) else "bold red"
        table.add_row(
            _text(assessment.vendor or assessment.profile_path),
            verdict,
            Text(figure(assessment.score), style=score_style),
            Text(figure(assessment.completeness)),
            Text(figure(assessment.evidence_backed)),
            Text("/".join(str(counts[s]) for s in SEVERITIES)),
        )
    return table


# Past this many vendors for the width, a column per vendor is too narrow to read (a word
# a line, then nothing at all): the vendors become rows, with a pointer to the documents
# that set every answer side by side.
_LABEL_WIDTH = 26
_MIN_VENDOR_WIDTH = 17


def vendors_that_fit(width: int) -> int:
    """How many vendor columns a comparison `width` characters wide can show readably."""
    return max(2, (width - _LABEL_WIDTH) // _MIN_VENDOR_WIDTH)


def comparison_table(assessments: Sequence[Assessment], width: int = PLAIN_WIDTH) -> Table:
    same_checklist(assessments)
    if len(assessments) > vendors_that_fit(width):
        return _vendors_as_rows(assessments, width)
    table = Table(title="Vendor comparison", show_lines=False)
    table.add_column("", no_wrap=True, style="bold")
    for assessment in assessments:
        table.add_column(
            _text(assessment.vendor or assessment.profile_path, limit=40), overflow="fold"
        )
    group = None
    for row in comparison_rows(assessments):
        if row.group != group:
            if group is not None:
                table.add_section()
            group = row.group
            table.add_row(Text(group, style="bold underline"), *(Text() for _ in assessments))
        table.add_row(_text(row.short, limit=60), *(_text(cell) for cell in row.cells))
    return table


def _vendors_as_rows(assessments: Sequence[Assessment], width: int) -> Table:
    table = summary_table(assessments, Gate())
    table.title = f"Vendor comparison: {len(assessments)} vendors, one a row"
    table.caption = (
        f"{len(assessments)} vendors do not fit side by side in {width} columns. Every "
        "answer side by side: vendor-eval compare ... --format markdown -o compare.md "
        "(or --format html -o compare.html). " + str(table.caption)
    )
    return table


def to_text(renderable: RenderableType) -> str:
    """Plain text (no colour, fixed width) for writing to a file."""
    buffer = io.StringIO()
    console = Console(
        file=buffer, width=PLAIN_WIDTH, color_system=None, force_terminal=False, emoji=False
    )
    console.print(renderable)
    return buffer.getvalue()


def summary(assessments: Sequence[Assessment], gate: Gate) -> str:
    return to_text(summary_table(assessments, gate))


def comparison(assessments: Sequence[Assessment]) -> str:
    return to_text(comparison_table(assessments))
