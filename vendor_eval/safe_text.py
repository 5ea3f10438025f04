"""Untrusted text (file names, vendor names, quotes from documents) made safe to show.

Two dangers: control characters drive the terminal (clear the screen, set the title,
forge a line), and bidi controls reorder what is displayed, so that a name reads as
something else than it is (Trojan Source). Text is stripped of both; a path is escaped
instead, so the user can still tell which file is meant."""

from __future__ import annotations

import re

# C0/C1 control characters other than tab and newline, plus DEL.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?")
# Embeddings, overrides and isolates, and the implicit marks (LRM, RLM, ALM).
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
_BIDI = re.compile(f"[{BIDI_CONTROLS}]")
_UNPRINTABLE = re.compile(f"[\\x00-\\x1f\\x7f-\\x9f{BIDI_CONTROLS}]")


def strip_control(text: str) -> str:
    """Remove ANSI escape sequences, control characters and bidi controls."""
    return _BIDI.sub("", _CONTROL.sub("", _ANSI.sub("", text)))


def one_line(text: str) -> str:
    """Untrusted text squeezed to a single line without control characters."""
    return " ".join(strip_control(text).split())


def printable(text: str) -> str:
    """A path (or any name) with each control or bidi character written as an escape
    (`\\x1b`, `\\n`, `\\u202e`), so it shows what the name holds and drives nothing."""
    return _UNPRINTABLE.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in "\n\t\r":
        return {"\n": "\\n", "\t": "\\t", "\r": "\\r"}[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def escape_json_text(text: str) -> str:
    """JSON text with C1 controls and bidi controls written as \\u escapes: the same data
    for a JSON reader, inert bytes for a terminal or an editor that shows the file."""
    return re.sub(f"[\\x7f-\\x9f{BIDI_CONTROLS}]", lambda m: f"\\u{ord(m.group()):04x}", text)
