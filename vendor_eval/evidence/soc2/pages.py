"""A report's pages prepared for the rules: typography normalised, running headers and
footers dropped, tables of contents marked.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from vendor_eval.evidence.anchors import lacking, lowered, needed_words, places_of, read_words
from vendor_eval.evidence.soc2.vocabulary import CONTENTS_LINE
from vendor_eval.evidence.text import (
    REPORT_TYPOGRAPHY,
    ascii_lower,
    edge_key,
    rejoin_soft_hyphen_breaks,
    repeated_edge_lines,
)


@dataclass
class Page:
    number: int
    lines: list[str]
    flat: str = ""  # the page as one line, for sentence-level patterns across line breaks
    lower: str = ""  # `flat` in lower case, for cheap keyword checks before a regex runs
    is_contents: bool = False
    # Which of the page's normalised lines `prepare` dropped as running headers/footers.
    dropped: frozenset[int] = frozenset()

    def __post_init__(self) -> None:
        if not self.flat:
            self.flat = flatten(self.lines)
            self.lower = self.flat.lower()
            read_words(self.lower)

    def mentions(self, *words: str) -> bool:
        # A loop, not `any` over a generator: asked of every page by most rules.
        # A word the page was read for and lacks needs no search.
        lower = self.lower
        absent = lacking(lower)
        for word in words:  # noqa: SIM110
            if word not in absent and word in lower:
                return True
        return False

    def first_line(self, pattern: re.Pattern[str]) -> int | None:
        """The index of the first line `pattern.match`es (see `first_line`)."""
        return first_line(pattern, self.lines, self.flat)


def first_line(pattern: re.Pattern[str], lines: list[str], flat: str) -> int | None:
    """The index of the first of `lines` that `pattern.match`es, given `flat`, the lines
    joined by single spaces (`flatten`). Only lines that hold one of the words a match
    needs are tried: a heading is looked for on every page that speaks of its subject,
    most of whose lines cannot be it."""
    lower = lowered(flat)
    words = needed_words(pattern)
    if lower is None or words is None:
        return next((i for i, line in enumerate(lines) if pattern.match(line)), None)
    places = places_of(words, lower)
    if not places:
        return None
    # Joined by line breaks instead, the places are where they were, and the line each is
    # on is counted without a loop.
    joined = "\n".join(lines)
    tried = set()
    for place in sorted(places):
        index = joined.count("\n", 0, place)
        if index not in tried:
            tried.add(index)
            if pattern.match(lines[index]):
                return index
    return None


def flatten(lines: list[str]) -> str:
    """`normalise`d lines as one line with single spaces: they hold no other white space,
    so joining them is enough."""
    return " ".join(lines)


# White space, and line breaks, other than a space and "\n" (which pdfium's text uses),
# in ASCII: a page with none has its lines split and collapsed the quick way.
_UNCOMMON_SPACE = "\t\r\x0b\x0c\x1c\x1d\x1e\x1f"
_SPACES = re.compile(" {2,}")


# The typography table maps only characters outside ASCII: an ASCII page is left as it is.
_TYPOGRAPHY_OUTSIDE_ASCII = all(code > 0x7F for code in REPORT_TYPOGRAPHY)


def normalise(text: str) -> list[str]:
    """A page's lines with typography normalised, spaces collapsed and blank lines gone."""
    text = rejoin_soft_hyphen_breaks(text)
    if not (_TYPOGRAPHY_OUTSIDE_ASCII and text.isascii()):
        text = text.translate(REPORT_TYPOGRAPHY)
    if text.isascii() and not any(space in text for space in _UNCOMMON_SPACE):
        # The same lines as below at a fraction of the cost, on most pages.
        if "  " in text:
            text = _SPACES.sub(" ", text)
        return [stripped for line in text.split("\n") if (stripped := line.strip(" "))]
    lines = text.splitlines()
    return [collapsed for line in lines if (collapsed := " ".join(line.split()))]


class RunningLines:
    """Header and footer lines told apart while pages are still being read, as `prepare`
    tells them once all are read: a line among the first or last three of a page that
    was at the edge of at least half the pages before it (and two at least)."""

    def __init__(self) -> None:
        self._seen: Counter[str] = Counter()
        self._pages = 0

    def guess(self, keys: dict[int, str]) -> frozenset[int]:
        """The indices of the page's lines that look like running headers or footers,
        given the `edge_keys` of its lines."""
        needed = max(2, self._pages / 2)
        running = frozenset(index for index, key in keys.items() if self._seen[key] >= needed)
        self._seen.update(set(keys.values()))
        self._pages += 1
        return running


def without(lines: list[str], dropped: frozenset[int]) -> list[str]:
    if not dropped:
        return lines
    # The few lines dropped (at a page's edges) cut it into slices, copied whole.
    kept: list[str] = []
    start = 0
    for index in sorted(index for index in dropped if index >= 0):
        kept += lines[start:index]
        start = index + 1
    kept += lines[start:]
    return kept


def edge_keys(lines: list[str]) -> dict[int, str]:
    """The `edge_key` of each line among the first and last three, by index."""
    count = len(lines)
    if not count:
        return {}
    edges = range(count) if count <= 6 else (0, 1, 2, count - 3, count - 2, count - 1)
    # No line holds a line break, and a key is made of the line alone: the six are keyed
    # in one call, not one each (asked of every page as it is read).
    keys = edge_key("\n".join([lines[index] for index in edges])).split("\n")
    return dict(zip(edges, keys, strict=True))


def prepare(
    pages: Iterable[tuple[int, list[str]]],
    flats: Mapping[int, tuple[frozenset[int], str, str]] | None = None,
    edges: Mapping[int, dict[int, str]] | None = None,
) -> list[Page]:
    """Drop the header and footer lines repeated on most of the pages' `normalise`d lines
    (confidentiality banners, "Page 3 of 90", a SOC 3's "SOC 2 Type 2" footer...).

    `flats` holds, by page number, the page's text as one line (and in lower case) made
    while it was read without some lines: used again when the same lines are dropped.
    `edges` holds, by page number, the `edge_keys` of its lines, made while it was read."""
    raw = list(pages)
    read_keys = edges or {}
    keys = [read_keys.get(number) or edge_keys(lines) for number, lines in raw]
    needed = max(3, len(raw) // 2)
    if all(all(lines) for _, lines in raw):
        # No line is blank (none `normalise` writes is), so the first and last three
        # lines are those `repeated_edge_lines` counts, and their keys are known.
        counts = Counter(key for page_keys in keys for key in set(page_keys.values()))
        repeated = {key for key, count in counts.items() if count >= needed}
    else:
        repeated = repeated_edge_lines((lines for _, lines in raw), depth=3, needed=needed)
    prepared = []
    for (number, lines), page_keys in zip(raw, keys, strict=True):
        dropped: frozenset[int] = frozenset()
        if repeated:
            dropped = frozenset(i for i, key in page_keys.items() if key in repeated)
        flat = lower = ""
        if flats is not None and (known := flats.get(number)) is not None and known[0] == dropped:
            _, flat, lower = known
        page = Page(number, without(lines, dropped), flat, lower, dropped=dropped)
        page.is_contents = _is_contents(lines)
        prepared.append(page)
    return prepared


def _is_contents(lines: list[str]) -> bool:
    """A table of contents: titled so near the top, and then either entries with page
    numbers or, in firms that print none, a list of short titles and no prose."""
    top = lines[:5]
    # Lowered as a case-insensitive pattern reads letters ("ſ" is an "s"): no line that
    # lacks the word need be searched for it.
    if "contents" not in ascii_lower(" ".join(top)) or not any(
        re.search(r"\bcontents\b", line, re.I) for line in top
    ):
        return False
    if sum(1 for line in lines if CONTENTS_LINE.search(line)) >= 3:
        return True
    # Without page numbers, only a line that is the title itself will do: "The contents of
    # this report are confidential" on a cover of short lines is no table of contents.
    heading = next(
        (
            i
            for i, line in enumerate(top)
            if re.fullmatch(r"(?:table\s+of\s+)?contents:?", line, re.I)
        ),
        None,
    )
    if heading is None:
        return False
    entries = lines[heading + 1 :]
    titles = [line for line in entries if len(line) <= 90 and not line.endswith((".", ":", ";"))]
    return len(entries) >= 3 and len(titles) >= 0.9 * len(entries)
