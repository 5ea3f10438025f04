"""`vendor-eval score`: score profiles for CI, with a summary table or JSON."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated

import typer

from vendor_eval.commands.common import (
    AsOfOption,
    ChecklistOption,
    ForceOption,
    OutputOption,
    emit,
)
from vendor_eval.errors import InputError
from vendor_eval.model import Assessment
from vendor_eval.render.interface import format_choices

ScoreFormat = format_choices("summary")
DEFAULT_FORMAT = ScoreFormat("table")


@dataclass
class ScoredFiles:
    assessments: list[Assessment] = field(default_factory=list)
    refused: list[InputError] = field(default_factory=list)


def assess_files(paths: list[Path], *, checklist: str | None, as_of: dt.date | None) -> ScoredFiles:
    """Validate and score each profile; a file that cannot be scored is kept as an error
    and the others go on."""
    from vendor_eval.checklist import load_checklist
    from vendor_eval.profiles import (
        ChecklistCache,
        ProfileInvalid,
        iter_profile_paths,
        load_valid_profile,
    )
    from vendor_eval.scoring import score

    if checklist is not None:
        load_checklist(checklist)  # a bad --checklist is one error, not one per profile
    cache = ChecklistCache(override=checklist)
    day = as_of or dt.date.today()
    scored = ScoredFiles()
    for path, problem in iter_profile_paths(paths):
        if problem is not None:
            scored.refused.append(InputError(problem.message, path=problem.path))
            continue
        try:
            check = load_valid_profile(path, cache)
        except ProfileInvalid as exc:
            scored.refused.append(exc)
            continue
        assert check.profile is not None and check.checklist is not None
        scored.assessments.append(score(check.profile, check.checklist, check.evidence, day))
    return scored


def report_refused(scored: ScoredFiles) -> None:
    from vendor_eval.console import one_line, stderr

    for error in scored.refused:
        stderr().print(f"vendor-eval: error: {one_line(str(error))}", markup=False, soft_wrap=True)


def score(
    paths: Annotated[
        list[Path],
        typer.Argument(help="Profile files or folders of them.", show_default=False),
    ],
    checklist: ChecklistOption = None,
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
    from vendor_eval.render.interface import render

    scored = assess_files(paths, checklist=checklist, as_of=as_of.date() if as_of else None)
    fmt = str(output_format)
    if scored.assessments:
        if fmt == "table" and output is None:
            from vendor_eval.console import stdout
            from vendor_eval.render.terminal import summary_table

            stdout().print(summary_table(scored.assessments, fail_under))
        else:
            emit(render(fmt, "summary", scored.assessments, fail_under), output, force=force)
    report_refused(scored)
    if scored.refused:
        raise typer.Exit(2)
    raise typer.Exit(0 if all(a.passes(fail_under) for a in scored.assessments) else 1)
