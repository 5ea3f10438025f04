"""A page of a document's text, as every reader yields it (PDF, OCR, Word, plain text).

On its own so that the readers and what traces citations back to them can all name it
without importing one another."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageText:
    """One page of a document's text, as a reader yields it."""

    number: int  # 1-based
    text: str
