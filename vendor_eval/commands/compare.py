"""`vendor-eval compare`: vendors side by side."""

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
    few_collections,
    print_errors,
)
from vendor_eval.render.interface import format_choices

CompareFormat = format_choices("comparison")
DEFAULT_FORMAT = CompareFormat("table")


def compare(
    paths: Annotated[
        list[Path],
        typer.Argument(help="Two or more profiles (or folders of them).", show_default=False),
    ],
    output_format: Annotated[
        CompareFormat,  # type: ignore[valid-type]
        typer.Option("--format", "-f", help="table, markdown, html or json."),
    ] = DEFAULT_FORMAT,
    output: OutputOption = None,
    force: ForceOption = False,
    as_of: AsOfOption = None,
    checklist: ChecklistOption = None,
    evidence_root: EvidenceRootOption = None,
) -> None:
    """Compare vendors: one column per vendor; verdicts and knockouts first, then section
    scores and the key answers. More vendors than the terminal (or -o text) is wide enough
    for are listed one a row, with scores and verdicts; markdown and html always set every
    answer side by side. Exit 2 when any profile is invalid (nothing is written).
    """
    from vendor_eval.assessments import assess_files
    from vendor_eval.render.interface import render

    with few_collections():
        scored = assess_files(
            paths,
            checklist=checklist,
            as_of=as_of.date() if as_of else None,
            evidence_root=evidence_root,
        )
        if scored.refused:
            print_errors(scored.refused)
            raise typer.Exit(2)
        if len(scored.assessments) < 2:
            from vendor_eval.errors import UsageError

            found = "one profile" if scored.assessments else "no profile"
            raise UsageError(
                f"compare needs two or more profiles and found {found}; name more files or a "
                "folder, or use `vendor-eval report` for one vendor"
            )
        fmt = str(output_format)
        if fmt == "table" and output is None:
            from vendor_eval.console import stdout
            from vendor_eval.render.terminal import comparison_table

            console = stdout()
            console.print(comparison_table(scored.assessments, console.width))
            return
        emit(
            render(fmt, "comparison", scored.assessments),
            output,
            force=force,
            inputs=[a.profile_path for a in scored.assessments],
        )
