"""Patterns searched for only where one of their possible openings stands in the text.

Python's `re` finds a pattern quickly only when the pattern starts with fixed text and
matches case-sensitively; a case-insensitive pattern that opens with an alternation
("\\b(?:exceptions?|deviations?) ...") is tried at every position of the text. On a long
report whose wording is on every page that is most of the reading time. An `Anchored`
pattern reads from itself the texts its every match must start with ("exception",
"deviation"), finds them with `str.find` in the text lower-cased, and tries the pattern
only there, at each place in turn, as `finditer` would: it finds exactly the matches the
pattern finds. A text where that cannot be promised (white space other than single
spaces, letters whose lower case is longer) is searched by the plain pattern.
"""

from __future__ import annotations

import contextlib
import functools
import re
from collections.abc import Iterable, Iterator, Sequence

# `re` offers no parse tree of its own patterns; its parser is the exact reading of one.
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

import ahocorasick_rs

from vendor_eval.evidence.literals import ANYTHING, Requirement, node_chars, requirement
from vendor_eval.evidence.text import ascii_lower

# Openings are followed only this far, and only while there are this few of them: a
# longer opening rules out more places, but each costs a `str.find`. Once every opening
# is this long (rare enough in a page), they are not multiplied any further.
_LONGEST = 20
_MOST = 48
_LONG_ENOUGH = 8

# White space other than a space, in ASCII; `isprintable` finds it (and more) elsewhere.
_OTHER_SPACE = "\t\n\r\x0b\x0c\x1c\x1d\x1e\x1f"

_last: tuple[str, str | None] = ("", "")

# While `remembering_lowered()` is open: every text's answer, by the text.
_remembered: dict[str, str | None] | None = None


@contextlib.contextmanager
def remembering_lowered() -> Iterator[None]:
    """While open, each text is lowered once however often it is asked about: a report's
    pages are read by one rule after another, each asking of every page."""
    global _remembered, _last
    outer = _remembered
    _remembered = {} if outer is None else outer
    try:
        yield
    finally:
        _remembered = outer
        if outer is None:
            # The last text can be a whole report joined into one string: not kept alive
            # past the extraction that read it.
            _last = ("", "")


def lowered(text: str) -> str | None:
    """`text` in lower case, character for character, when every place a pattern can
    match is where its opening stands in it: white space only single spaces (which is
    what `\\s+` then matches), and no letter whose lower case is longer. None otherwise.
    The last answer is kept: a page is asked about by several patterns in a row."""
    global _last
    if _last[0] is text:
        return _last[1]
    remembered = _remembered
    if remembered is not None and text in remembered:
        lower = remembered[text]
    else:
        lower = _lowered(text)
        if remembered is not None:
            remembered[text] = lower
    _last = (text, lower)
    return lower


def _lowered(text: str) -> str | None:
    if text.isascii():
        if "  " not in text and not any(space in text for space in _OTHER_SPACE):
            return text.lower()
        return None
    if text.isprintable() and "  " not in text:
        lower = ascii_lower(text)
        if len(lower) == len(text):
            return lower
    return None


# While `knowing_words()` is open: its words, the automaton that finds them all in one
# pass, and, for each text `read_words` was given, the ones it lacks.
_known: frozenset[str] = frozenset()
_finder: Any = None
_lacking: dict[str, frozenset[str]] | None = None
_NOTHING: frozenset[str] = frozenset()


@contextlib.contextmanager
def knowing_words(words: Iterable[str]) -> Iterator[None]:
    """While open, which of `words` a text given to `read_words` lacks is found in one
    Aho-Corasick pass, and `lacking` tells it: a report's pages are asked, rule after
    rule, about a hundred words each, most of which they lack."""
    global _known, _finder, _lacking
    outer = (_known, _finder, _lacking)
    _known = frozenset(word for word in words if word)
    _finder = _automaton(_known)
    _lacking = {}
    try:
        yield
    finally:
        _known, _finder, _lacking = outer


@functools.cache
def _automaton(words: frozenset[str]) -> Any:
    # A DFA reads a page in a fraction of the time the other automata take (some 3x
    # pyahocorasick's), and a few hundred short words make a small one. The words are kept
    # (`store_patterns`), so each match hands back the word itself, not a new string.
    return ahocorasick_rs.AhoCorasick(
        sorted(words), store_patterns=True, implementation=ahocorasick_rs.Implementation.DFA
    )


def read_words(text: str) -> None:
    """Find which of the known words `text` lacks, while `knowing_words()` is open.
    Only worth it for a text asked about again and again (a page)."""
    lacking = _lacking
    if lacking is not None and _known and text not in lacking:
        # Asked for overlapping matches, the automaton yields every occurrence of every
        # word: a word it does not find is one `in` would not find.
        try:
            found = _finder.find_matches_as_strings(text, overlapping=True)
        except UnicodeEncodeError:
            # It reads UTF-8, which a lone surrogate has none of: such a text is searched
            # for each word, as without the pass.
            return
        lacking[text] = _known.difference(found)


def lacking(text: str) -> frozenset[str]:
    """Words `text` is known not to contain (`word in text` is False for each); empty for
    a text `read_words` was not given. A word not among them is searched for as usual."""
    known = _lacking
    if known is None:
        return _NOTHING
    return known.get(text, _NOTHING)


# Stands among a pattern's openings for "any digit": no opening text has a capital letter.
A_DIGIT = "<DIGIT>"  # shorter than _LONG_ENOUGH, so never cut
_DIGIT = re.compile(r"\d")


class Anchored:
    """A pattern searched only at the places where it can start. Like a `Prefiltered`
    one, it is compiled, and its openings read, the first time it is used.

    With `digits`, a pattern whose matches may also start with a digit ("1 March 2024",
    besides "March 1, 2024") is searched at every digit as well, instead of everywhere."""

    __slots__ = ("_openings", "_regex", "digits", "flags", "pattern")

    def __init__(self, pattern: str, flags: int = 0, *, digits: bool = False) -> None:
        self.pattern = pattern
        self.flags = flags
        self.digits = digits
        self._regex: re.Pattern[str] | None = None
        self._openings: tuple[str, ...] | None = None

    @property
    def regex(self) -> re.Pattern[str]:
        if self._regex is None:
            self._regex = re.compile(self.pattern, self.flags)
        return self._regex

    @property
    def openings(self) -> tuple[str, ...]:
        if self._openings is None:
            self._openings = _openings(self.pattern, self.flags, self.digits)
        return self._openings

    def finditer(self, text: str, *, not_after: str = "") -> Iterator[re.Match[str]]:
        """The matches `regex.finditer` finds. With `not_after` (lower case), a place
        that follows it, itself after no letter, digit or "_", is not tried where the
        text can be read by openings: for a caller that turns down every match there
        ("No exceptions noted" on every row of a test matrix), and only for a pattern
        whose matches hold none of its openings past their start, so that the match left
        untried hides no place after it."""
        lower = lowered(text) if self.openings else None
        if lower is None:
            return self.regex.finditer(text)
        absent = lacking(lower)
        words = [word for word in self.openings if word != A_DIGIT and word not in absent]
        places = places_of(words, lower)
        if A_DIGIT in self.openings:
            places.extend(digit.start() for digit in _DIGIT.finditer(text))
        if not_after and places:
            leads = places_of([not_after + word for word in words], lower)
            skipped = {
                place + len(not_after)
                for place in leads
                if place == 0 or not _is_word_char(lower[place - 1])
            }
            places = [place for place in places if place not in skipped]
        if not places:
            return iter(())
        return self._at(text, sorted(places))

    def search(self, text: str) -> re.Match[str] | None:
        return next(self.finditer(text), None)

    def search_joined(self, texts: Sequence[str]) -> re.Match[str] | None:
        """`search` in `texts` joined by single spaces (a report's pages as one text).
        When each is ASCII text that `lowered` reads, with no space at either end, the
        lower case of the whole is theirs joined, already made and remembered: a whole
        that holds none of the openings there is not lowered again nor searched."""
        if self.openings and A_DIGIT not in self.openings:
            lowers = []
            for text in texts:
                lower = lowered(text) if text.isascii() else None
                if not lower or lower[0] == " " or lower[-1] == " ":
                    break
                lowers.append(lower)
            else:
                whole = " ".join(lowers)
                if not any(opening in whole for opening in self.openings):
                    return None
        return self.search(" ".join(texts))

    def _at(self, text: str, places: list[int]) -> Iterator[re.Match[str]]:
        match_at = self.regex.match
        end = 0
        for place in places:
            if place < end:
                continue  # inside the last match (or found twice), where `finditer` does not look
            found = match_at(text, place)
            if found is not None:
                end = found.end()
                yield found


def places_of(words: Iterable[str], lower: str) -> list[int]:
    """Where each of `words` starts in `lower` (a lower case text), every time, but for
    the words `lower` is known to lack (`lacking`), which are not searched for."""
    absent = lacking(lower)
    places = []
    for word in words:
        if word in absent:
            continue
        place = lower.find(word)
        while place >= 0:
            places.append(place)
            place = lower.find(word, place + 1)
    return places


def _is_word_char(char: str) -> bool:
    """Whether `re` counts `char` as part of a word (what `\\b` looks at)."""
    return char.isalnum() or char == "_"


def needed_words(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    """A word from each of the ways `pattern` can match (`requirement`'s options), the
    longest (likely the rarest), without spaces at its ends: every match holds one of
    them, in text lower-cased as `lowered` writes it. None when a match may need no word."""
    return _needed_words(pattern.pattern, pattern.flags)


@functools.cache
def _needed_words(pattern: str, flags: int) -> tuple[str, ...] | None:
    options: Requirement = requirement(pattern, flags)
    if options == ANYTHING or not all(options):
        return None
    words = {max(option, key=lambda word: (len(word), word)).strip(" ") for option in options}
    return None if "" in words else tuple(sorted(words))


@functools.cache
def _openings(pattern: str, flags: int, digits: bool = False) -> tuple[str, ...]:
    return openings(pattern, flags, digits=digits)


def openings(pattern: str, flags: int = 0, *, digits: bool = False) -> tuple[str, ...]:
    """Lower-case texts one of which every match of `pattern` starts with, in text whose
    white space is single spaces; empty when some match may start otherwise (with a
    digit, any capital letter...) or with a single character. With `digits`, a match
    may also start with a digit, which `A_DIGIT` among them then stands for."""
    open_, closed = _follow(list(sre_parse.parse(pattern, flags)), {""})
    found = open_ | closed
    if digits:  # where a digit may open a match, every digit is looked at
        found = {A_DIGIT if text[:1].isdigit() else text for text in found}
    digit = A_DIGIT in found
    found.discard(A_DIGIT)
    if (digit and not digits) or (found and min(len(text) for text in found) < 2):
        return ()
    if not found:
        return (A_DIGIT,) if digit else ()
    # An opening that starts with another adds no place the other does not find.
    kept = [text for text in found if not any(o != text and text.startswith(o) for o in found)]
    return tuple(sorted(kept)) + ((A_DIGIT,) if digit else ())


def _follow(items: list[tuple[Any, Any]], heads: set[str]) -> tuple[set[str], set[str]]:
    """The openings `heads` grow into through `items`: those that may grow further, and
    those that stop (what follows them can no longer be told in advance)."""
    closed: set[str] = set()
    for op, av in items:
        if not heads:
            break
        if min(len(head) for head in heads) >= _LONGEST:
            return set(), closed | heads
        before, closed_before = heads, set(closed)
        chars = node_chars(op, av)
        if chars is not None:
            heads = {head + char for head in heads for char in chars}
        elif op is sre.AT or op is sre.ASSERT or op is sre.ASSERT_NOT:
            continue  # takes up no text
        elif "" in heads and _is_digit(op, av):
            # A match that starts here starts with a digit: the caller may look for those.
            closed |= {head or A_DIGIT for head in heads}
            heads = set()
        elif op is sre.SUBPATTERN:
            heads, stopped = _follow(list(av[-1]), heads)
            closed |= stopped
        elif op is sre.ATOMIC_GROUP:
            heads, stopped = _follow(list(av), heads)
            closed |= stopped
        elif op is sre.BRANCH:
            grown: set[str] = set()
            for branch in av[1]:
                more, stopped = _follow(list(branch), heads)
                grown |= more
                closed |= stopped
            heads = grown
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
            low, high, body = av
            if _is_space(body) and low <= 1:
                # White space is single spaces: `\s+` is one, `\s*` none or one.
                heads = {head + " " for head in heads} | (heads if low == 0 else set())
                continue
            once, stopped = _follow(list(body), heads)
            closed |= stopped
            if low == 0:
                if high == 1:
                    heads = heads | once
                else:
                    closed |= once
            elif low == high == 1:
                heads = once
            else:
                closed |= once
                heads = set()
        else:
            closed |= heads
            heads = set()
        count = len(heads) + len(closed)
        if count > len(before) + len(closed_before) and (
            count > _MOST or min(len(head) for head in before) >= _LONG_ENOUGH
        ):
            # Too many to look for: the openings cut short (a start of an opening is one
            # too), or else as they were before this node, will do.
            cut = {opening[:_LONG_ENOUGH] for opening in heads | closed}
            if len(cut) <= _MOST and min(len(opening) for opening in before) < _LONG_ENOUGH:
                return set(), cut
            return set(), closed_before | before
    return heads, closed


def _is_digit(op: Any, av: Any) -> bool:
    """Whether a node matches only digits (`\\d`, `[0-9]`), however many."""
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
        low, _, body = av
        return low >= 1 and len(body) == 1 and _is_digit(*body[0])
    if op is not sre.IN:
        return False
    return all(
        (kind is sre.CATEGORY and value is sre.CATEGORY_DIGIT)
        or (kind is sre.RANGE and 0x30 <= value[0] <= value[1] <= 0x39)
        or (kind is sre.LITERAL and 0x30 <= value <= 0x39)
        for kind, value in av
    )


def _is_space(body: Any) -> bool:
    return len(body) == 1 and node_chars(*body[0]) == (" ",)
