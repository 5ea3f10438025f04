"""A cheap test that rules a regular expression out before it runs: the words a pattern
cannot match without, read from the pattern itself.

Most clause patterns are long alternations that start at a word boundary, which Python's
engine tries at every position of a sentence, while most sentences contain none of the
words any alternative needs. One Aho-Corasick pass over a sentence finds which of all the
patterns' words it contains, and from them which patterns may match there, all at once; a
pattern then runs only on the sentences that admit it, and is compiled the first time one
does. The words are derived from the pattern by re's parser, never listed by hand, so a
pattern and its test cannot drift apart: a `Prefiltered` pattern finds exactly what the
pattern finds. A long alternation is searched one alternative at a time, each with words
of its own: only the alternatives a text holds the words of are compiled and run.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib
import json
import re
import sys
from collections.abc import Callable, Iterator, Sequence

# `re` offers no parse tree of its own patterns; its parser is the exact reading of one.
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

import ahocorasick_rs

from vendor_eval.evidence.text import ascii_lower

# A requirement in disjunctive form: the text must contain every word of at least one
# set. A set that is empty asks for nothing: the pattern can match without any word.
Requirement = frozenset[frozenset[str]]
ANYTHING: Requirement = frozenset({frozenset()})

# Above this many alternatives a concatenation keeps only its strongest parts.
_MAX_ALTERNATIVES = 96
# Words kept per alternative: the longest, which are the rarest.
_MAX_WORDS = 3


def fold(text: str) -> str:
    """`text` as requirements are written: lower case, with the letters a case-insensitive
    pattern takes for ASCII ones made ASCII, and each run of white space one space (with
    one at either end), so that words joined by `\\s+` in a pattern are one word here."""
    folded = ascii_lower(text)
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


def node_chars(op: Any, av: Any) -> tuple[str, ...] | None:
    """The characters (lower case ASCII, a space for any white space) one node of re's
    parse matches in folded text, if it matches a few fixed ones."""
    if op is sre.LITERAL:
        char = chr(av).lower()
        return (" ",) if char.isspace() else (char,) if char.isascii() else None
    if op is sre.IN:
        if av == [(sre.CATEGORY, sre.CATEGORY_SPACE)]:
            return (" ",)
        if all(kind is sre.LITERAL for kind, _ in av):
            chars = {" " if chr(code).isspace() else chr(code).lower() for _, code in av}
            if all(char.isascii() for char in chars):
                return tuple(sorted(chars))
    return None


def _literal_char(op: Any, av: Any) -> str | None:
    """The one character a node stands for in folded text, if it stands for one."""
    chars = node_chars(op, av)
    if chars is not None:
        return chars[0] if len(chars) == 1 else None
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
    """Every prefiltered pattern, each a bit, and every word they need in one automaton.
    What a text admits is worked out in one pass for all patterns at once: the bits of
    the patterns whose words it holds. Inside `remembered()` each text is looked at once,
    however many patterns ask about it."""

    def __init__(self) -> None:
        self.patterns: list[Prefiltered] = []
        self._unread: list[Prefiltered] = []
        self._bits: dict[str, int] = {}
        # Under each alternative's longest word (the rarest to be there): the alternative
        # as a mask of word bits, and the bits of the patterns it admits.
        self._filed: dict[str, dict[int, int]] = {}
        self._needs_nothing = 0  # the bits of the patterns that always run
        # What texts holding the same words admit is the same: most sentences of an
        # agreement hold one of a few sets of the patterns' words. Keyed by the set itself,
        # which costs less to make and hash than the sum of its bits, needed only when the
        # set is new.
        self._by_words: dict[frozenset[str], int] = {}
        self._automaton: Any = None
        self.seen: dict[str, int] | None = None

    def register(self, pattern: Prefiltered) -> int:
        """The new pattern's bit. What texts admitted before did not know of it."""
        self.patterns.append(pattern)
        self._unread.append(pattern)
        if self.seen is not None:
            self.seen.clear()
        return 1 << (len(self.patterns) - 1)

    def read_all(self) -> None:
        """File the words of every pattern made so far."""
        while self._unread:
            unread, self._unread = self._unread, []
            self._file(unread)
        self._by_words.clear()
        if self.seen is not None:
            self.seen.clear()

    def _file(self, unread: list[Prefiltered]) -> None:
        ahead = _read_ahead()
        bits = self._bits
        for pattern in unread:
            key = _key(pattern.pattern, pattern.flags)
            parts = ahead.get(key + _ALTERNATIVES)
            if parts:
                # Each is made a pattern of its own, which `read_all` files next; where one
                # may match, so may the whole pattern: filed with it, not on its own.
                pattern.alternatives = tuple(Prefiltered(part, pattern.flags) for part in parts)
                for alternative in pattern.alternatives:
                    alternative.admits |= pattern.admits
                continue
            needed = ahead.get(key)
            if needed is None:  # a pattern not read ahead: read it now
                needed = _longest_first(requirement(pattern.pattern, pattern.flags))
            if not needed or not all(needed):  # some alternative needs no word: it always runs
                self._needs_nothing |= pattern.admits
                continue
            admits = pattern.admits
            for option in needed:
                mask = 0
                for word in option:
                    bit = bits.get(word)
                    if bit is None:
                        # A word keeps its bit for good, so masks made before stay right.
                        bit = bits[word] = 1 << len(bits)
                        self._automaton = None
                    mask |= bit
                # filed under its longest word, the rarest to be there
                filed = self._filed.get(option[0])
                if filed is None:
                    filed = self._filed[option[0]] = {}
                filed[mask] = filed.get(mask, 0) | admits

    def admitted(self, text: str) -> int:
        """The bits of the patterns that may match somewhere in `text`."""
        seen = self.seen
        if seen is not None and (admitted := seen.get(text)) is not None:
            return admitted
        if self._unread:
            self.read_all()
        automaton = self._automaton
        if automaton is None:
            automaton = self._automaton = ahocorasick_rs.AhoCorasick(list(self._bits))
        try:
            # Asked for overlapping matches, the automaton yields every occurrence of
            # every word: a word it does not find is one `in` would not find.
            held = frozenset(automaton.find_matches_as_strings(fold(text), overlapping=True))
        except UnicodeEncodeError:
            # It reads UTF-8, which a lone surrogate has none of: such a text may hold any
            # word, and every pattern is run on it.
            held = frozenset(self._bits)
        admitted = self._by_words.get(held)
        if admitted is None:
            bits = self._bits
            found = sum(map(bits.__getitem__, held))
            admitted = self._needs_nothing
            for word in held:
                for option, patterns in self._filed.get(word, {}).items():
                    if option & found == option:
                        admitted |= patterns
            self._by_words[held] = admitted
        if seen is not None:
            seen[text] = admitted
        return admitted

    @contextlib.contextmanager
    def remembered(self) -> Iterator[None]:
        outer = self.seen
        self.seen = {} if outer is None else outer
        try:
            yield
        finally:
            self.seen = outer


_WORDS = _Words()


def admitted(text: str) -> int:
    """The bits of the patterns that may match somewhere in `text`: a pattern whose `bit`
    is not among them cannot. Asking once lets a rule skip many patterns for one text."""
    seen = _WORDS.seen
    found = seen.get(text) if seen is not None else None
    return _WORDS.admitted(text) if found is None else found


def remembering_texts() -> contextlib.AbstractContextManager[None]:
    """While open, what each text admits is worked out once and remembered (a
    document's sentences are asked about by dozens of patterns each)."""
    return _WORDS.remembered()


class Prefiltered:
    """A pattern that runs only on texts containing the words it needs. It is compiled
    the first time a text has them."""

    __slots__ = ("_regex", "admits", "alternatives", "bit", "flags", "pattern")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        self.flags = flags
        self._regex: re.Pattern[str] | None = None
        # A long alternation is searched one alternative at a time (see `alternatives`),
        # once the words are filed.
        self.alternatives: tuple[Prefiltered, ...] = ()
        self.bit = _WORDS.register(self)
        # The bits a text holding its words admits: its own, and those of the patterns it
        # is an alternative of.
        self.admits = self.bit

    @property
    def regex(self) -> re.Pattern[str]:
        if self._regex is None:
            self._regex = re.compile(self.pattern, self.flags)
        return self._regex

    def may_match(self, text: str) -> bool:
        """False only when the pattern cannot match anywhere in `text`."""
        return bool(self.bit & _WORDS.admitted(text))

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        # The commonest call of all (tens per sentence): what `admitted` would look up
        # first is looked up here, without the call.
        seen = _WORDS.seen
        admitted = seen.get(text) if seen is not None else None
        if admitted is None:
            admitted = _WORDS.admitted(text)
        if not self.bit & admitted:
            return None
        if not self.alternatives:
            return (self._regex or self.regex).search(text, pos, endpos)
        # What the whole alternation finds: the match that starts first, and of those
        # starting at one place, the first alternative's.
        found = None
        for alternative in self.alternatives:
            if alternative.bit & admitted:
                match = (alternative._regex or alternative.regex).search(text, pos, endpos)
                if match is not None and (found is None or match.start() < found.start()):
                    found = match
        return found

    def found_in(self, text: str) -> bool:
        """Whether the pattern matches somewhere in `text`, for a rule that needs no match:
        of a long alternation the first alternative that matches settles it, and those
        after it are neither compiled nor run."""
        words = admitted(text)
        if not self.bit & words:
            return False
        if not self.alternatives:
            return (self._regex or self.regex).search(text) is not None
        return any(
            (alternative._regex or alternative.regex).search(text) is not None
            for alternative in self.alternatives
            if alternative.bit & words
        )

    def match(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.regex.match(text, pos, endpos) if self.may_match(text) else None

    def finditer(
        self, text: str, pos: int = 0, endpos: int = sys.maxsize
    ) -> Iterator[re.Match[str]]:
        if self.alternatives:
            return self._finditer_by_alternative(text, pos, endpos)
        return self.regex.finditer(text, pos, endpos) if self.may_match(text) else iter(())

    def _finditer_by_alternative(self, text: str, pos: int, endpos: int) -> Iterator[re.Match[str]]:
        # No alternative matches an empty string (`read_ahead_table` cuts no pattern where
        # one might), so finditer looks for each match from where the one before it ends,
        # as `search` does here.
        match = self.search(text, pos, endpos)
        while match is not None:
            yield match
            match = self.search(text, match.end(), endpos)

    def split(self, text: str) -> list[str]:
        return self.regex.split(text) if self.may_match(text) else [text]

    def sub(self, replacement: str | Callable[[re.Match[str]], str], text: str) -> str:
        return self.regex.sub(replacement, text) if self.may_match(text) else text


# The words of the patterns these modules make are read ahead of time into READ_AHEAD
# (package data), so that a run does not parse each pattern twice, here and in re.compile
# (about 65 ms of a BAA's extraction). Written by
#     python -m vendor_eval.evidence.literals > vendor_eval/evidence/literals.json
# and checked against the patterns by a test; a pattern it lacks is read when first used.
VOCABULARIES = ("vendor_eval.evidence.baa",)
READ_AHEAD = ("evidence", "literals.json")


# Under a pattern's key with this after it: its alternatives, when it is searched one
# alternative at a time.
_ALTERNATIVES = "/alternatives"

# A pattern at least this long that is an alternation at its top is searched one
# alternative at a time: compiling it whole costs about a millisecond per thousand
# characters, most texts hold the words of few of its alternatives, and only those are
# compiled and run. Not one with an alternative that may match an empty string, whose
# matches `finditer` could not find one `search` after another.
SEARCHED_BY_ALTERNATIVE = 250

# What makes each alternative of a pattern start at a word (vocabulary's `_word_rx`):
# the alternatives of the group after it each keep it.
WORD_START = r"(?=\w)(?<!\w)"


def alternatives(pattern: str) -> list[str] | None:
    """Patterns, one per alternative of the alternation `pattern` is, that together find
    what it finds (the first of them to match where the first match starts is the match);
    None if `pattern` is no alternation or has a group that captures."""
    opening = WORD_START + "(?:"
    if pattern.startswith(opening) and pattern.endswith(")"):
        parts = _top_level_alternatives(pattern[len(opening) : -1])
        if parts is not None:
            return [f"{opening}{part})" for part in parts]
    return _top_level_alternatives(pattern)


def _top_level_alternatives(pattern: str) -> list[str] | None:
    parts: list[str] = []
    depth = start = index = 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            index += 2
            continue
        if char == "[":  # a class: a "|" or a parenthesis in it is a character
            index += 1
            index += pattern.startswith("^", index)
            index += pattern.startswith("]", index)
            while index < len(pattern) and pattern[index] != "]":
                index += 2 if pattern[index] == "\\" else 1
        elif char == "(":
            if not pattern.startswith("?", index + 1) or pattern.startswith("?P", index + 1):
                return None  # a group that captures: its number would change
            depth += 1
        elif char == ")":
            depth -= 1
            if depth < 0:
                return None
        elif char == "|" and depth == 0:
            parts.append(pattern[start:index])
            start = index + 1
        index += 1
    parts.append(pattern[start:])
    return parts if depth == 0 and len(parts) > 1 else None


def _key(pattern: str, flags: int) -> str:
    return hashlib.blake2b(f"{flags}:{pattern}".encode(), digest_size=12).hexdigest()


def _min_width(pattern: str, flags: int) -> int:
    """The fewest characters a match of `pattern` can have."""
    low: int = sre_parse.parse(pattern, flags).getwidth()[0]
    return low


def _longest_first(needed: Requirement) -> list[list[str]]:
    """A requirement as READ_AHEAD holds it: each alternative's words longest first."""
    return sorted(sorted(option, key=lambda word: (-len(word), word)) for option in needed)


@functools.cache
def _read_ahead() -> dict[str, Any]:
    from vendor_eval.resources import package_text

    table: dict[str, Any] = json.loads(package_text(*READ_AHEAD))
    return table


def read_ahead_table() -> str:
    """The words every pattern made so far and by VOCABULARIES needs, as READ_AHEAD holds
    them (run in a fresh interpreter, so that no other pattern is made)."""
    for module in VOCABULARIES:
        importlib.import_module(module)
    table: dict[str, Any] = {}
    for pattern in list(_WORDS.patterns):
        key = _key(pattern.pattern, pattern.flags)
        parts = alternatives(pattern.pattern)
        if (
            len(pattern.pattern) >= SEARCHED_BY_ALTERNATIVE
            and parts
            and not pattern.flags & re.X
            and all(_min_width(part, pattern.flags) > 0 for part in parts)
        ):
            # Only its alternatives' words are asked for: those of the whole would be a
            # third of the table, read by every run for nothing.
            table[key + _ALTERNATIVES] = parts
            for part in parts:
                table[_key(part, pattern.flags)] = _longest_first(requirement(part, pattern.flags))
        else:
            table[key] = _longest_first(requirement(pattern.pattern, pattern.flags))
    # a pattern a line, so that a changed pattern is a changed line
    lines = (f"{json.dumps(key)}: {json.dumps(table[key])}" for key in sorted(table))
    return "{\n" + ",\n".join(lines) + "\n}\n"


if __name__ == "__main__":
    # As __main__ this file is a second copy of the module; the vocabularies register their
    # patterns with the one they import.
    from vendor_eval.evidence import literals

    sys.stdout.write(literals.read_ahead_table())
