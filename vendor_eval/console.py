"""The one place that builds rich consoles. Machine output goes to stdout, everything
meant for people (progress, summaries, errors) to stderr. NO_COLOR is honoured by rich."""

from __future__ import annotations

import re
from functools import cache

from rich.console import Console

# C0/C1 control characters other than tab and newline, plus DEL: never let a vendor's
# text drive the terminal.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?")


def strip_control(text: str) -> str:
    """Remove ANSI escape sequences and control characters from untrusted text."""
    return _CONTROL.sub("", _ANSI.sub("", text))


def one_line(text: str) -> str:
    """Untrusted text squeezed to a single line without control characters."""
    return " ".join(strip_control(text).split())


@cache
def stderr() -> Console:
    return Console(stderr=True, highlight=False)


@cache
def stdout() -> Console:
    return Console(highlight=False)
