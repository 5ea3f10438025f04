"""`vendor-eval report`: the printable scorecard of one vendor."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from vendor_eval.commands.common import (
    AsOfOption,
    ChecklistOption,
    EvidenceRootOption,
    ForceOption,
    OutputOption,
    emit,
)
from vendor_eval.render.interface import format_choices

ReportFormat = format_choices("report")
DEFAULT_FORMAT = ReportFormat("markdown")


def report(
    path: Annotated[Path, typer.Argument(help="The vendor profile.", show_default=False)],
    output_format: Annotated[
        ReportFormat,  # type: ignore[valid-type]
        typer.Option(
            "--format",
            "-f",
            help="markdown (GitHub tables), html (one self-contained, printable file) or json.",
        ),
    ] = DEFAULT_FORMAT,
    output: OutputOption = None,
    force: ForceOption = False,
    as_of: AsOfOption = None,
    checklist: ChecklistOption = None,
    evidence_root: EvidenceRootOption = None,
) -> None:
    """Write the scorecard: verdict, scores, completeness, every answer with its points,
    evidence status and citation, findings with actions, and sources.

    The same inputs always give byte-identical output. Exit 2 when the profile is invalid.
    """
    from vendor_eval.assessments import assess_files
    from vendor_eval.render.interface import render

    scored = assess_files(
        [path],
        checklist=checklist,
        as_of=as_of.date() if as_of else None,
        evidence_root=evidence_root,
    )
    if scored.refused:
        raise scored.refused[0]
    assessment = scored.assessments[0]
    emit(
        render(str(output_format), "report", assessment),
        output,
        force=force,
        inputs=[assessment.profile_path],
    )
