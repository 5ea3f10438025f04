"""Pieces shared by several commands: option types and where output goes."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from vendor_eval.fileio import atomic_write_text

OutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        help="Write to this file (atomically) instead of standard output.",
        dir_okay=False,
    ),
]
ForceOption = Annotated[
    bool, typer.Option("--force", help="Overwrite the --output file if it already exists.")
]


def emit(text: str, output: Path | None, *, force: bool) -> None:
    """Machine output: to the file given with -o (never half-written), else to stdout."""
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        atomic_write_text(output, text, force=force)
