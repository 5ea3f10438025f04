"""`vendor-eval diff`: what changed between two versions of a profile or evidence file."""

from __future__ import annotations

import datetime as dt
import tempfile
from enum import StrEnum
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
from vendor_eval.errors import UsageError
from vendor_eval.render.diff import DIFF_FORMATS

DiffFormat = StrEnum("DiffFormat", {n: n for n in DIFF_FORMATS})  # type: ignore[misc]
DEFAULT_FORMAT = DiffFormat("text")


def diff(
    old: Annotated[
        Path,
        typer.Argument(
            help="The earlier profile or evidence file (with --since: the current one).",
            show_default=False,
        ),
    ],
    new: Annotated[
        Path | None,
        typer.Argument(help="The later one of the same sort.", show_default=False),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            help="Compare the file with its version at this git reference (HEAD~1, a tag, a "
            "commit), read with `git show` along with the evidence files it linked.",
            show_default=False,
        ),
    ] = None,
    output_format: Annotated[
        DiffFormat,  # type: ignore[valid-type]
        typer.Option("--format", "-f", help="text, markdown (a pull-request comment) or json."),
    ] = DEFAULT_FORMAT,
    output: OutputOption = None,
    force: ForceOption = False,
    as_of: AsOfOption = None,
    checklist: ChecklistOption = None,
) -> None:
    """Show what changed: answers, score and verdict before and after, findings added and
    resolved; from evidence, exceptions added, criteria removed, opinion changed,
    carve-outs added, subservice organisations and hosts added or removed.

    Exit 0 when nothing got worse; 1 when something did; 2 on a usage or input error.
    """
    from vendor_eval.lifecycle import diff_files

    day = as_of.date() if as_of else dt.date.today()
    render = DIFF_FORMATS[str(output_format)]
    if since is not None:
        if new is not None:
            raise UsageError("give one file with --since, or two files without it")
        from vendor_eval.gitio import materialise

        with tempfile.TemporaryDirectory(prefix="vendor-eval-diff-") as folder:
            earlier = materialise(old, since, Path(folder))
            result = diff_files(
                earlier,
                old,
                old_name=f"{old} at {since}",
                new_name=str(old),
                checklist=checklist,
                as_of=day,
            )
    else:
        if new is None:
            raise UsageError("give two files to compare, or one with --since GITREF")
        result = diff_files(
            old, new, old_name=str(old), new_name=str(new), checklist=checklist, as_of=day
        )
    emit(render(result), output, force=force, inputs=[old, *([new] if new else [])])
    raise typer.Exit(1 if result.worse else 0)
