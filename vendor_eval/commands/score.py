"""`vendor-eval score`: score profiles for CI, with a summary table or JSON."""

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
    print_errors,
)
from vendor_eval.render.interface import format_choices

ScoreFormat = format_choices("summary")
DEFAULT_FORMAT = ScoreFormat("table")


def score(
    paths: Annotated[
        list[Path],
        typer.Argument(help="Profile files or folders of them.", show_default=False),
    ],
    checklist: ChecklistOption = None,
    evidence_root: EvidenceRootOption = None,
    as_of: AsOfOption = None,
    fail_under: Annotated[
        float | None,
        typer.Option(
            "--fail-under",
            min=0,
            max=100,
            help="Exit 1 when any vendor scores below this (0-100).",
            show_default=False,
        ),
    ] = None,
    output_format: Annotated[
        ScoreFormat,  # type: ignore[valid-type]
        typer.Option("--format", "-f", help="table: a summary for people; json: for CI."),
    ] = DEFAULT_FORMAT,
    output: OutputOption = None,
    force: ForceOption = False,
) -> None:
    """Score vendor profiles against their checklist and show verdicts, scores,
    completeness and the critical and high findings.

    Exit 0 when every vendor passes; 1 when any hits a knockout or scores under
    --fail-under; 2 when a profile is invalid or missing (the others are still scored).
    """
    from vendor_eval.assessments import assess_files
    from vendor_eval.render.interface import render

    scored = assess_files(
        paths,
        checklist=checklist,
        as_of=as_of.date() if as_of else None,
        evidence_root=evidence_root,
    )
    fmt = str(output_format)
    if scored.assessments:
        if fmt == "table" and output is None:
            from vendor_eval.console import stdout
            from vendor_eval.render.terminal import summary_table

            stdout().print(summary_table(scored.assessments, fail_under))
        else:
            emit(
                render(fmt, "summary", scored.assessments, fail_under),
                output,
                force=force,
                inputs=[a.profile_path for a in scored.assessments],
            )
    print_errors(scored.refused)
    if scored.refused:
        raise typer.Exit(2)
    raise typer.Exit(0 if all(a.passes(fail_under) for a in scored.assessments) else 1)
