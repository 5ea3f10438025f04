"""`vendor-eval score`: score profiles for CI, with a summary table or JSON."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from vendor_eval.commands.common import (
    AsOfOption,
    ChecklistOption,
    EvidenceRootOption,
    ForceOption,
    OutputOption,
    emit,
    few_collections,
    print_errors,
)
from vendor_eval.errors import UsageError
from vendor_eval.render.interface import format_choices

if TYPE_CHECKING:
    from vendor_eval.model import Assessment

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
    fail_on: Annotated[
        list[str] | None,
        typer.Option(
            "--fail-on",
            metavar="VERDICTS",
            help=(
                "Exit 1 when any vendor's verdict is one of these verdict ids, comma-separated "
                "(e.g. stop,high-risk,incomplete). A knockout always fails."
            ),
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

    Exit 0 when every vendor passes; 1 when any hits a knockout, has a verdict named in
    --fail-on or scores under --fail-under; 2 when a profile is invalid or missing (the
    others are still scored) or --fail-on names a verdict no checklist gives.
    """
    from vendor_eval.assessments import assess_files
    from vendor_eval.model import Gate
    from vendor_eval.render.interface import render

    with few_collections():
        scored = assess_files(
            paths,
            checklist=checklist,
            as_of=as_of.date() if as_of else None,
            evidence_root=evidence_root,
        )
        gate = Gate(fail_under, _verdict_ids(fail_on or [], scored.assessments))
        fmt = str(output_format)
        if scored.assessments:
            if fmt == "table" and output is None:
                from vendor_eval.console import stdout
                from vendor_eval.render.terminal import summary_table

                stdout().print(summary_table(scored.assessments, gate))
            else:
                emit(
                    render(fmt, "summary", scored.assessments, gate),
                    output,
                    force=force,
                    inputs=[a.profile_path for a in scored.assessments],
                )
    print_errors(scored.refused)
    if scored.refused:
        raise typer.Exit(2)
    raise typer.Exit(0 if all(a.passes(gate) for a in scored.assessments) else 1)


def _verdict_ids(values: list[str], assessments: list[Assessment]) -> tuple[str, ...]:
    """--fail-on's verdict ids, each one a verdict the profiles' checklists can give."""
    wanted = tuple(dict.fromkeys(v.strip() for value in values for v in value.split(",")))
    wanted = tuple(v for v in wanted if v)
    known = {i: None for a in assessments for i in a.checklist.verdict_ids}
    for verdict in wanted:
        if verdict not in known and assessments:
            raise UsageError(
                f"--fail-on: {verdict!r} is not a verdict of the checklist; "
                f"use one or more of {', '.join(known)}"
            )
    return wanted
