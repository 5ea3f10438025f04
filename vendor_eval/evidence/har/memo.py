"""Remembering what was found in short texts. A capture repeats the same headers, referers,
keys and ids in entry after entry, so each is worked out once; the memory is bounded (a
number of texts, each short) so that a capture of any size reads in flat memory.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

Key = TypeVar("Key")
Found = TypeVar("Found")

MAX_TEXTS = 2048
MAX_CHARS = 2048

_UNKNOWN = object()


class Remembered(Generic[Key, Found]):
    """`function(key)`, worked out once per key whose text is short (`size` says how
    long that is: `len` for a string)."""

    def __init__(self, function: Callable[[Key], Found], size: Callable[[Key], int]) -> None:
        self.function = function
        self.size = size
        self.found: dict[Key, Found] = {}

    def __call__(self, key: Key) -> Found:
        found = self.found.get(key, _UNKNOWN)
        if found is not _UNKNOWN:
            return found  # type: ignore[return-value]
        found = self.function(key)
        if self.size(key) <= MAX_CHARS:
            if len(self.found) >= MAX_TEXTS:
                self.found.clear()
            self.found[key] = found
        return found
