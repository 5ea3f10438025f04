"""`vendor-eval portfolio`: every vendor in one view, riskiest first, with charts."""

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
from vendor_eval.errors import UsageError
from vendor_eval.render.portfolio import PORTFOLIO_FORMATS, SUFFIXES

PortfolioFormat = StrEnum("PortfolioFormat", {n: n for n in PORTFOLIO_FORMATS})  # type: ignore[misc]


def portfolio(
    paths: Annotated[
        list[Path],
        typer.Argument(help="Profile files or folders of them.", show_default=False),
    ],
    output: OutputOption = None,
    output_format: Annotated[
        PortfolioFormat | None,  # type: ignore[valid-type]
        typer.Option(
            "--format",
            "-f",
            help="html (printable, with charts), markdown or json. Default: from the -o "
            "suffix (.html, .md, .json), else markdown.",
            show_default=False,
        ),
    ] = None,
    force: ForceOption = False,
    as_of: AsOfOption = None,
    checklist: ChecklistOption = None,
    evidence_root: EvidenceRootOption = None,
) -> None:
    """Every vendor in one view: tier, verdict, score, completeness, evidence-backed
    share, open critical and high findings and the next due date, riskiest first; with a
    chart of verdicts by tier and a timeline of what falls due in the next 12 months.

    Exit 0 when written; 2 when a profile cannot be read (the others are still shown).
    """
    from vendor_eval.due import due_report
    from vendor_eval.lifecycle import load_portfolio
    from vendor_eval.portfolio import build_portfolio

    fmt = str(output_format) if output_format is not None else _format_for(output)
    day = as_of.date() if as_of else dt.date.today()
    loaded = load_portfolio(paths, checklist=checklist, as_of=day, evidence_root=evidence_root)
    report = due_report(
        ((v.assessment, v.evidence, v.dates) for v in loaded.vendors), as_of=day, within_days=0
    )
    built = build_portfolio(
        ((v.assessment, v.dates.tier) for v in loaded.vendors), report, loaded.tier_order
    )
    if loaded.vendors:
        emit(
            PORTFOLIO_FORMATS[fmt](built),
            output,
            force=force,
            inputs=[v.assessment.profile_path for v in loaded.vendors],
        )
    print_errors(loaded.refused)
    raise typer.Exit(2 if loaded.refused else 0)


def _format_for(output: Path | None) -> str:
    if output is None:
        return "markdown"
    fmt = SUFFIXES.get(output.suffix.lower())
    if fmt is None:
        raise UsageError(
            f"cannot tell the format from {output.name!r}; name it .html, .md or .json, "
            "or pass --format"
        )
    return fmt
