"""Pieces shared by several commands: option types and where output goes."""

from __future__ import annotations

import datetime as dt
import gc
import sys
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
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

# extract har and scan read the same health-word vocabulary, extended the same way.
HealthTermsOption = Annotated[
    Path | None,
    typer.Option(
        "--health-terms",
        help="A YAML file with `terms:` (and `ignore:`) adding to the built-in health words.",
        dir_okay=False,
    ),
]
ChecklistOption = Annotated[
    str | None,
    typer.Option(
        "--checklist",
        help="Score against this checklist (built-in name or .yaml file) instead of the one "
        "each profile names.",
    ),
]


def _day(text: str | dt.datetime) -> dt.datetime:
    """--as-of as a day, refused with what is wrong with it (February has 28 days)."""
    from vendor_eval.answer_types import InvalidAnswer, calendar_date

    if isinstance(text, dt.datetime):
        return text
    try:
        return dt.datetime.combine(calendar_date(text), dt.time())
    except InvalidAnswer as exc:
        raise typer.BadParameter(str(exc)) from None


AsOfOption = Annotated[
    dt.datetime | None,
    typer.Option(
        "--as-of",
        parser=_day,
        metavar="YYYY-MM-DD",
        help="Score as on this date (YYYY-MM-DD): decides whether reports are stale. "
        "Default: today.",
        show_default=False,
    ),
]
EvidenceRootOption = Annotated[
    Path | None,
    typer.Option(
        "--evidence-root",
        help="Let evidence links reach files anywhere under this folder. Default: only "
        "under each profile's own folder.",
        file_okay=False,
        show_default=False,
    ),
]


def emit(text: str, output: Path | None, *, force: bool, inputs: Iterable[str | Path] = ()) -> None:
    """Machine output: to the file given with -o (never half-written, never one of the
    `inputs` the command read), else to stdout."""
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        atomic_write_text(output, text, force=force, inputs=inputs)


@contextmanager
def few_collections() -> Iterator[None]:
    """Garbage collection for a run that keeps every profile's result until it prints
    them all: with the default thresholds each full collection walks every result loaded
    so far, half the time `score` spends rendering 5,000 profiles (bench_score_table.py).
    Cycles of young objects are still collected; the thresholds are restored after."""
    thresholds = gc.get_threshold()
    gc.set_threshold(50_000, 20, 20)
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)


def print_errors(errors: Sequence[Exception]) -> None:
    """One line per file that could not be used, on stderr."""
    from vendor_eval.console import one_line, stderr

    for error in errors:
        stderr().print(f"vendor-eval: error: {one_line(str(error))}", markup=False, soft_wrap=True)
