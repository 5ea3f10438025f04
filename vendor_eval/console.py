"""The one place that builds rich consoles. Machine output goes to stdout, everything
meant for people (progress, summaries, errors) to stderr. NO_COLOR is honoured by rich."""

from __future__ import annotations

import os
import sys
from functools import cache
from typing import TYPE_CHECKING

from vendor_eval.safe_text import one_line, printable, strip_control

if TYPE_CHECKING:
    from rich.console import Console

__all__ = [
    "one_line",
    "print_line",
    "printable",
    "stderr",
    "stderr_is_terminal",
    "stdout",
    "strip_control",
]


@cache
def stderr() -> Console:
    from rich.console import Console

    return Console(stderr=True, highlight=False, emoji=False)


@cache
def stdout() -> Console:
    from rich.console import Console

    return Console(highlight=False, emoji=False)


def print_line(text: str, *, style: str) -> None:
    """One line of plain words (no markup) on stderr, in `style` where rich would colour
    it. Where rich would not (not a terminal), the line is written as rich would write
    it, without importing rich: a tenth of the start-up of a short command."""
    if _colourless(sys.stderr):
        sys.stderr.write(text + "\n")
        sys.stderr.flush()
    else:
        stderr().print(text, style=style, markup=False, soft_wrap=True)


def stderr_is_terminal() -> bool:
    """Whether rich takes stderr for a terminal (`stderr().is_terminal`), without
    importing rich to ask."""
    return not _colourless(sys.stderr)


def _colourless(stream: object) -> bool:
    """rich's own test (Console.is_terminal) of whether it writes escape codes."""
    tty_compatible = os.environ.get("TTY_COMPATIBLE", "")
    if tty_compatible in ("0", "1"):
        return tty_compatible == "0"
    force_color = os.environ.get("FORCE_COLOR")
    if force_color is not None:
        return force_color == ""
    isatty = getattr(stream, "isatty", None)
    try:
        return isatty is None or not isatty()
    except ValueError:
        return True
