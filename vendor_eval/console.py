"""The one place that builds rich consoles. Machine output goes to stdout, everything
meant for people (progress, summaries, errors) to stderr. NO_COLOR is honoured by rich."""

from __future__ import annotations

from functools import cache

from rich.console import Console

from vendor_eval.safe_text import one_line, printable, strip_control

__all__ = ["one_line", "printable", "stderr", "stdout", "strip_control"]


@cache
def stderr() -> Console:
    return Console(stderr=True, highlight=False, emoji=False)


@cache
def stdout() -> Console:
    return Console(highlight=False, emoji=False)
