"""Remembering what was found in short texts. A capture repeats the same headers, referers,
keys and ids in entry after entry, so each is worked out once; the memory is bounded (a
number of texts, each short) so that a capture of any size reads in flat memory.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

Key = TypeVar("Key")
Found = TypeVar("Found")

MAX_TEXTS = 1024
MAX_CHARS = 1024


class Remembered(dict[Key, Found]):
    """`remembered[key]` is `function(key)`, worked out once per key whose text is short
    (`size` says how long that is: `len` for a string). A dict, so that a key seen before
    costs one look-up and no call."""

    def __init__(self, function: Callable[[Key], Found], size: Callable[[Key], int]) -> None:
        super().__init__()
        self.function = function
        self.size = size

    def __missing__(self, key: Key) -> Found:
        found = self.function(key)
        if self.size(key) <= MAX_CHARS:
            if len(self) >= MAX_TEXTS:
                self.clear()
            self[key] = found
        return found
