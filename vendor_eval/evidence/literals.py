"""A cheap test that rules a regular expression out before it runs: the words a pattern
cannot match without, read from the pattern itself.

Most clause patterns are long alternations that start at a word boundary, which Python's
engine tries at every position of a sentence, while most sentences contain none of the
words any alternative needs. One Aho-Corasick pass over a sentence finds which of all the
patterns' words it contains, and each pattern then runs only where its words are all
there. The words are derived from the pattern, never listed by hand, so a pattern and its
test cannot drift apart: a `Prefiltered` pattern finds exactly what the pattern finds.
"""

from __future__ import annotations

import contextlib
import operator
import re
import sys
from collections.abc import Callable, Iterator, Sequence

# `re` offers no parse tree of its own patterns; its parser is the exact reading of one.
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

import ahocorasick

# A requirement in disjunctive form: the text must contain every word of at least one
# set. A set that is empty asks for nothing: the pattern can match without any word.
Requirement = frozenset[frozenset[str]]
ANYTHING: Requirement = frozenset({frozenset()})

# Above this many alternatives a concatenation keeps only its strongest parts.
_MAX_ALTERNATIVES = 96
# Words kept per alternative: the longest, which are the rarest.
_MAX_WORDS = 3

# Characters outside ASCII that a case-insensitive pattern takes for an ASCII letter, and
# that `str.lower` does not turn into it (the Kelvin sign it does).
_FOLD = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s"})

# The word of an (end, word) pair the automaton yields.
_SECOND = operator.itemgetter(1)


def fold(text: str) -> str:
    """`text` as requirements are written: lower case, with the letters a case-insensitive
    pattern takes for ASCII ones made ASCII, and each run of white space one space (with
    one at either end), so that words joined by `\\s+` in a pattern are one word here."""
    folded = text.lower() if text.isascii() else text.translate(_FOLD).lower()
    return " " + " ".join(folded.split()) + " "


def requirement(pattern: str, flags: int = 0) -> Requirement:
    """The words (lower case ASCII) a pattern cannot match without, in disjunctive form.
    Case never narrows them, so they hold for a case-sensitive pattern too."""
    return _absorbed(_sequence(list(sre_parse.parse(pattern, flags))))


def _sequence(items: Sequence[tuple[Any, Any]]) -> Requirement:
    parts: list[Requirement] = []
    run: list[str] = []
    for op, av in items:
        char = _literal_char(op, av)
        if char is not None:
            if not (char == " " and run and run[-1] == " "):  # white space is one space
                run.append(char)
            continue
        if run and op is sre.BRANCH:
            # The parser moves a prefix the alternatives share out in front of them
            # ("s(?:ame|imilar)"); put it back, so the words are whole.
            # The prefix is asked for on its own too, in case the alternatives are too
            # many to multiply with the rest.
            prefix = [(sre.LITERAL, ord(c)) for c in run]
            parts.append(_word(run))
            parts.append(_any_of([_sequence(prefix + list(alt)) for alt in av[1]]))
            run = []
            continue
        if run:
            parts.append(_word(run))
            run = []
        part = _node(op, av)
        if part != ANYTHING:
            parts.append(part)
    if run:
        parts.append(_word(run))
    return _all_of(parts)


def _word(run: list[str]) -> Requirement:
    word = "".join(run)
    core = word.strip(" ")
    # A lone letter, or space alone, is in nearly every sentence: asking costs more than
    # it saves.
    if len(core) < 2 and (not core or core.isalpha()):
        return ANYTHING
    return frozenset({frozenset({word})})


def _literal_char(op: Any, av: Any) -> str | None:
    """The one character (lower case ASCII, a space for any white space) a node stands
    for in folded text, if it stands for one."""
    if op is sre.LITERAL:
        char = chr(av).lower()
        return " " if char.isspace() else char if char.isascii() else None
    if op is sre.IN:
        if av == [(sre.CATEGORY, sre.CATEGORY_SPACE)]:
            return " "
        if all(kind is sre.LITERAL for kind, _ in av):
            chars = {" " if chr(code).isspace() else chr(code).lower() for _, code in av}
            if len(chars) == 1 and (char := chars.pop()).isascii():
                return char
    if op is sre.MAX_REPEAT or op is sre.MIN_REPEAT or op is sre.POSSESSIVE_REPEAT:
        low, _, body = av
        if low >= 1 and len(body) == 1 and _literal_char(*body[0]) == " ":
            return " "  # a run of white space is one space in folded text
    return None


def _node(op: Any, av: Any) -> Requirement:
    if op is sre.BRANCH:
        return _any_of([_sequence(list(branch)) for branch in av[1]])
    if op is sre.SUBPATTERN:
        return _sequence(list(av[-1]))
    if op is sre.ATOMIC_GROUP:
        return _sequence(list(av))
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
        low, _, body = av
        return _sequence(list(body)) if low >= 1 else ANYTHING
    if op is sre.ASSERT:  # what a lookahead or lookbehind sees is in the text too
        return _sequence(list(av[1]))
    return ANYTHING


def _any_of(options: list[Requirement]) -> Requirement:
    if any(option == ANYTHING for option in options):
        return ANYTHING
    return _cut(frozenset().union(*options))


def _all_of(parts: list[Requirement]) -> Requirement:
    parts = [part for part in parts if part != ANYTHING]
    if not parts:
        return ANYTHING
    # A part with one alternative joins every alternative; the others multiply the
    # alternatives, those with fewest first, as long as they stay few.
    single = [next(iter(part)) for part in parts if len(part) == 1]
    multiple = sorted(
        (part for part in parts if len(part) > 1), key=lambda part: (len(part), -_strength(part))
    )
    combined: Requirement = frozenset({frozenset().union(*single)})
    for part in multiple:
        if combined == ANYTHING or len(combined) * len(part) <= _MAX_ALTERNATIVES:
            combined = frozenset(mine | theirs for mine in combined for theirs in part)
        else:  # too many to multiply: what every alternative of the part asks for will do
            shared = frozenset.intersection(*part)
            combined = frozenset(mine | shared for mine in combined)
    return _cut(combined)


def _strength(part: Requirement) -> int:
    """How rare a part's commonest alternative is, by the length of its longest word."""
    return min(max((len(word) for word in option), default=0) for option in part)


def _cut(alternatives: Requirement) -> Requirement:
    """Each alternative cut to its longest words."""
    return frozenset(
        option
        if len(option) <= _MAX_WORDS
        else frozenset(sorted(option, key=lambda word: (-len(word), word))[:_MAX_WORDS])
        for option in alternatives
    )


def _absorbed(alternatives: Requirement) -> Requirement:
    """Without the alternatives that ask for more than another: the other lets the same
    texts through already."""
    kept: list[frozenset[str]] = []
    for option in sorted(alternatives, key=len):
        if not any(other <= option for other in kept):
            kept.append(option)
    return frozenset(kept)


class _Words:
    """Every word of every prefiltered pattern in one automaton, each word a bit, and which
    of them a text contains, as the bits of an int. Inside `remembered()` each text is
    looked at once, however many patterns ask about it."""

    def __init__(self) -> None:
        self._unread: list[Prefiltered] = []
        self._bits: dict[str, int] = {}
        self._automaton: Any = None
        self.seen: dict[str, int] | None = None

    def register(self, pattern: Prefiltered) -> None:
        self._unread.append(pattern)

    def read_all(self) -> None:
        """Read the words of every pattern made so far, so that what a text is found to
        contain answers for all of them."""
        unread, self._unread = self._unread, []
        needed = [pattern.read() for pattern in unread]
        new = sorted(set().union(*needed) - self._bits.keys())
        if new:
            # A word keeps its bit for good, so masks made before stay right.
            self._bits.update((word, 1 << (len(self._bits) + i)) for i, word in enumerate(new))
            self._automaton = None
            if self.seen is not None:
                self.seen.clear()
        for pattern in unread:
            pattern.index(self._bits)

    def found_in(self, text: str) -> int:
        seen = self.seen
        if seen is not None and (found := seen.get(text)) is not None:
            return found
        if self._automaton is None:
            self._automaton = ahocorasick.Automaton()
            for word, bit in self._bits.items():
                self._automaton.add_word(word, bit)
            self._automaton.make_automaton()
        # distinct powers of two: their sum is the mask of the words found
        found = sum(set(map(_SECOND, self._automaton.iter(fold(text)))))
        if seen is not None:
            seen[text] = found
        return found

    @contextlib.contextmanager
    def remembered(self) -> Iterator[None]:
        outer = self.seen
        self.seen = {} if outer is None else outer
        try:
            yield
        finally:
            self.seen = outer


_WORDS = _Words()


def remembering_texts() -> contextlib.AbstractContextManager[None]:
    """While open, what each text contains is worked out once and remembered (a
    document's sentences are asked about by dozens of patterns each)."""
    return _WORDS.remembered()


class Prefiltered:
    """A pattern that runs only on texts containing the words it needs. It is compiled,
    and its words read, the first time it is used."""

    __slots__ = ("_by_key", "_keys", "_needed", "_regex", "flags", "pattern")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        self.flags = flags
        self._regex: re.Pattern[str] | None = None
        self._needed: Requirement = ANYTHING
        # Each alternative as a mask of word bits, filed under the bit of its longest word
        # (the rarest to be there), and all those bits together: None until the words are
        # read; 0 when the pattern needs no word, so it always runs.
        self._by_key: tuple[tuple[int, tuple[int, ...]], ...] = ()
        self._keys: int | None = None
        _WORDS.register(self)

    @property
    def regex(self) -> re.Pattern[str]:
        if self._regex is None:
            self._regex = re.compile(self.pattern, self.flags)
        return self._regex

    def read(self) -> set[str]:
        """Read the words the pattern needs; returns them all."""
        self._needed = requirement(self.pattern, self.flags)
        return set().union(*self._needed)

    def index(self, bits: dict[str, int]) -> None:
        """File the alternatives as masks of the words' bits."""
        by_key: dict[int, list[int]] = {}
        if self._needed != ANYTHING:
            for option in self._needed:
                key = max(option, key=lambda word: (len(word), word))
                by_key.setdefault(bits[key], []).append(sum(bits[word] for word in option))
        self._by_key = tuple((key, tuple(options)) for key, options in by_key.items())
        self._keys = sum(by_key)

    def may_match(self, text: str) -> bool:
        """False only when the pattern cannot match anywhere in `text`."""
        keys = self._keys
        if keys is None:
            _WORDS.read_all()
            keys = self._keys
            assert keys is not None  # read just now
        if not keys:
            return True
        seen = _WORDS.seen
        found = seen.get(text) if seen is not None else None
        if found is None:
            found = _WORDS.found_in(text)
        if not keys & found:
            return False
        for key, options in self._by_key:
            if key & found:
                for option in options:
                    if option & found == option:
                        return True
        return False

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.regex.search(text, pos, endpos) if self.may_match(text) else None

    def match(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.regex.match(text, pos, endpos) if self.may_match(text) else None

    def finditer(
        self, text: str, pos: int = 0, endpos: int = sys.maxsize
    ) -> Iterator[re.Match[str]]:
        return self.regex.finditer(text, pos, endpos) if self.may_match(text) else iter(())

    def split(self, text: str) -> list[str]:
        return self.regex.split(text) if self.may_match(text) else [text]

    def sub(self, replacement: str | Callable[[re.Match[str]], str], text: str) -> str:
        return self.regex.sub(replacement, text) if self.may_match(text) else text
