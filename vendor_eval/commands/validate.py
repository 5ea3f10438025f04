"""`vendor-eval validate`: check profiles in CI with file:line:col problems."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from vendor_eval.commands.common import EvidenceRootOption, ForceOption, OutputOption, emit


class ProblemFormat(StrEnum):
    auto = "auto"
    text = "text"
    json = "json"
    github = "github"
    sarif = "sarif"


def validate(
    paths: Annotated[
        list[Path],
        typer.Argument(
            help="Profile files or folders (searched recursively for *.yaml / *.yml).",
            show_default=False,
        ),
    ],
    output_format: Annotated[
        ProblemFormat,
        typer.Option(
            "--format",
            "-f",
            help="text: path:line:col lines; github: workflow annotations; json; sarif "
            "(code-scanning dashboards); auto: github under GitHub Actions, else text.",
        ),
    ] = ProblemFormat.auto,
    checklist: Annotated[
        str | None,
        typer.Option(
            "--checklist",
            help="Validate against this checklist (built-in name or file) instead of the one "
            "each profile names; a checklist file is itself validated first.",
        ),
    ] = None,
    output: OutputOption = None,
    evidence_root: EvidenceRootOption = None,
    force: ForceOption = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No summary line.")] = False,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            min=1,
            help="Processes to check files with (large runs only). Default: one per CPU.",
        ),
    ] = None,
) -> None:
    """Check vendor profiles: YAML syntax, the profile schema derived from the checklist,
    and semantic rules (real dates, periods in order, evidence links that resolve).

    Problems are printed as PATH:LINE:COL: error: MESSAGE [RULE]; a summary goes to stderr.

    Exit 0 when every file is valid, 1 when any is invalid, 2 when a path is missing.
    """
    from vendor_eval.console import print_line
    from vendor_eval.problem_formats import FORMATS, resolve_format
    from vendor_eval.validation import validate_paths

    run = validate_paths(paths, checklist=checklist, workers=jobs, evidence_root=evidence_root)
    emit(FORMATS[resolve_format(output_format.value)](run), output, force=force, inputs=run.files)
    if not quiet:
        print_line(run.summary(), style="green" if run.success else "red")
    if run.missing_paths:
        raise typer.Exit(2)
    raise typer.Exit(0 if run.success else 1)
