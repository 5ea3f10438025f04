"""`vendor-eval due`: what falls due for each vendor, and when; a CI check and a calendar."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
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
from vendor_eval.render.due import DUE_FORMATS

DueFormat = StrEnum("DueFormat", {name: name for name in DUE_FORMATS})  # type: ignore[misc]
DEFAULT_FORMAT = DueFormat("table")


def due(
    paths: Annotated[
        list[Path],
        typer.Argument(help="Profile files or folders of them.", show_default=False),
    ],
    within: Annotated[
        str,
        typer.Option(
            "--within",
            help="Look ahead this far: days or weeks (30d, 6w). Items due by then count.",
        ),
    ] = "30d",
    as_of: AsOfOption = None,
    output_format: Annotated[
        DueFormat,  # type: ignore[valid-type]
        typer.Option(
            "--format",
            "-f",
            help="table for people, json, ics (a calendar with one event per item) or "
            "github (annotations).",
        ),
    ] = DEFAULT_FORMAT,
    output: OutputOption = None,
    force: ForceOption = False,
    checklist: ChecklistOption = None,
    evidence_root: EvidenceRootOption = None,
) -> None:
    """List what falls due for every vendor: SOC 2 coverage ending (period end + 12
    months, or a bridge letter's end), BAA expiry or renewal, reassessment by tier, and
    evidence documents that changed or are missing.

    Exit 0 when nothing is overdue or due within the window; 1 when something is; 2 when a
    profile cannot be read (the others are still listed).
    """
    from vendor_eval.due import due_report, parse_window
    from vendor_eval.lifecycle import load_portfolio

    days = parse_window(within)
    day = as_of.date() if as_of else dt.date.today()
    loaded = load_portfolio(paths, checklist=checklist, as_of=day, evidence_root=evidence_root)
    report = due_report(
        ((v.assessment, v.evidence, v.dates) for v in loaded.vendors), as_of=day, within_days=days
    )
    if loaded.vendors:
        emit(
            DUE_FORMATS[str(output_format)](report),
            output,
            force=force,
            inputs=[v.assessment.profile_path for v in loaded.vendors],
        )
    print_errors(loaded.refused)
    if loaded.refused:
        raise typer.Exit(2)
    raise typer.Exit(0 if report.success else 1)
