"""The prefilter the BAA rules run behind: a pattern is skipped only on text it cannot
match, so skipping never changes what the rules find."""

from __future__ import annotations

import itertools
import json
import re
import subprocess
import sys

import pytest
import test_baa_failure_classes
import test_baa_paraphrases

from vendor_eval.evidence import literals
from vendor_eval.evidence.baa import HHS_PROVISIONS, vocabulary
from vendor_eval.evidence.literals import (
    ANYTHING,
    Prefiltered,
    fold,
    remembering_texts,
    requirement,
)
from vendor_eval.evidence.pdf import PageText
from vendor_eval.evidence.text import sentences
from vendor_eval.resources import package_text


def _clause_patterns() -> dict[str, Prefiltered]:
    patterns = {
        name: value for name, value in vars(vocabulary).items() if isinstance(value, Prefiltered)
    }
    patterns.update({f"topic {name}": value for name, value in vocabulary.TOPICS.items()})
    for provision in HHS_PROVISIONS:
        patterns[f"provision {provision.id}"] = provision.pattern
        if provision.also is not None:
            patterns[f"provision {provision.id} (also)"] = provision.also
    return patterns


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for item in value.values() for s in _strings(item)]
    if isinstance(value, list | tuple):
        return [s for item in value for s in _strings(item)]
    values = getattr(value, "values", None)  # a pytest.param
    return _strings(values) if isinstance(values, tuple) else []


def _corpus() -> list[str]:
    """Every clause the paraphrase tests are written in, as sentences and whole, and the
    same with its case changed and with the letters that fold to ASCII ones."""
    clauses = [
        text
        for module in (test_baa_paraphrases, test_baa_failure_classes)
        for value in vars(module).values()
        if isinstance(value, list | dict)
        for text in _strings(value)
    ]
    texts = set(clauses)
    texts.update(s.text for c in clauses for s in sentences([PageText(1, c)]))
    texts.update(t.upper() for t in list(texts))
    texts.update(t.replace("s", "\u017f").replace("i", "\u0131") for t in list(texts))
    return sorted(texts)


CORPUS = _corpus()


@pytest.mark.parametrize("name", sorted(_clause_patterns()))
def test_a_clause_pattern_is_skipped_only_where_it_cannot_match(name):
    pattern = _clause_patterns()[name]
    skipped = 0
    for text in CORPUS:
        found = pattern.regex.search(text)
        if not pattern.may_match(text):
            skipped += 1
            assert found is None, f"{name} skipped {text!r}, where it matches {found.group(0)!r}"
        assert (pattern.search(text) is None) == (found is None)
        assert pattern.found_in(text) == (found is not None)
    assert len(CORPUS) > 1000


def _searched_by_alternative() -> dict[str, Prefiltered]:
    literals.admitted("")  # files the words, and with them each pattern's alternatives
    return {name: p for name, p in _clause_patterns().items() if p.alternatives}


def test_the_long_alternations_are_searched_one_alternative_at_a_time():
    split = _searched_by_alternative()
    assert "CUSTOMER_PROHIBITION" in split and "EXCLUSION" in split
    assert "topic covered-services-only" in split
    # a pattern with groups that capture keeps them, and is searched whole
    assert not vocabulary.DURATION.alternatives


@pytest.mark.parametrize("name", sorted(_searched_by_alternative()))
def test_a_pattern_searched_by_alternative_finds_the_match_it_finds_whole(name):
    pattern = _searched_by_alternative()[name]
    whole = re.compile(pattern.pattern, pattern.flags)
    with remembering_texts():
        for text in CORPUS:
            for start in (0, len(text) // 3):
                found, expected = pattern.search(text, start), whole.search(text, start)
                assert (found and found.span()) == (expected and expected.span()), text
                every = [match.span() for match in pattern.finditer(text, start)]
                assert every == [match.span() for match in whole.finditer(text, start)], text


@pytest.mark.parametrize(
    ("pattern", "parts"),
    [
        (r"\bnot\b|[|(]x|\|y|(?:a|b)c", [r"\bnot\b", r"[|(]x", r"\|y", r"(?:a|b)c"]),
        (r"[]|]|z", [r"[]|]", "z"]),
        (
            literals.WORD_START + r"(?:a\b|b)",
            [literals.WORD_START + r"(?:a\b)", literals.WORD_START + "(?:b)"],
        ),
        # the group after the word start closes before the end: cut where the pattern says
        (literals.WORD_START + r"(?:a)|(?:b)", [literals.WORD_START + "(?:a)", "(?:b)"]),
        (r"(a)|b", None),  # a group that captures would change number
        (r"(?P<n>a)|b", None),
        (r"(?:a|b)", None),  # no alternation at the top
    ],
)
def test_a_pattern_is_cut_into_alternatives_only_at_its_top(pattern, parts):
    assert literals.alternatives(pattern) == parts


def test_most_sentences_are_ruled_out_for_most_patterns():
    patterns = list(_clause_patterns().values())
    runs = sum(p.may_match(text) for p in patterns for text in CORPUS)
    assert runs < 0.25 * len(patterns) * len(CORPUS)


def _longest_words(pattern: str, flags: int = re.I) -> set[str]:
    return {max(option, key=len) for option in requirement(pattern, flags)}


def test_the_words_a_pattern_needs_are_whole_words_and_alternatives():
    # white space in a pattern is one space between words, as in folded text
    assert _longest_words(r"\bsame\s+(?:restrictions|conditions)\b") == {
        "same restrictions",
        "same conditions",
    }
    # the parser takes "s" out in front of "ame|imilar"; the words come back whole
    assert _longest_words(r"\bs(?:ame|imilar)\b") == {"same", "similar"}
    assert _longest_words(r"[Ww]ithin\s+the\s+Period", 0) == {"within the period"}
    assert requirement(r"\breturn(?=[^.]*\bdestroy)") == {frozenset({"return", "destroy"})}
    assert fold("Shall  NOT\t\nuse") == " shall not use "


@pytest.mark.parametrize(
    ("pattern", "needed"),
    [
        # an optional word asks for nothing, only what follows it
        (r"(?:not\s+)?covered", {frozenset({"covered"})}),
        # nor does a class of characters: only the letters written out
        (r"\w+ly\s+\d+", {frozenset({"ly "})}),
        # nor what a lookbehind must not see
        (r"(?<!un)authenticated", {frozenset({"authenticated"})}),
        # an alternative that needs nothing lets every text through
        (r"(?<!un)authenticated|\bx?", ANYTHING),
    ],
)
def test_what_a_pattern_can_do_without_is_never_asked_for(pattern, needed):
    assert requirement(pattern) == needed


def test_a_text_without_the_words_is_not_searched_and_one_with_them_is():
    pattern = Prefiltered(r"\bbreach(?:es)?\s+of\s+unsecured\b", re.I)
    assert pattern.search("Vendor shall report each Security Incident.") is None
    assert not pattern.may_match("Vendor shall report each Security Incident.")
    found = pattern.search("Vendor shall report any BREACH of Unsecured PHI.")
    assert found is not None and found.group(0) == "BREACH of Unsecured"
    assert list(pattern.finditer("breaches of unsecured PHI; breach of unsecured ePHI")) != []
    assert pattern.sub("X", "no such words here") == "no such words here"
    assert pattern.split("no such words here") == ["no such words here"]


def test_a_text_the_automaton_cannot_read_is_searched_by_every_pattern():
    """A lone surrogate (a broken character from a damaged text layer) has no UTF-8, which
    the automaton reads: the text is taken to hold any word, not none."""
    pattern = Prefiltered(r"\bbreach(?:es)?\s+of\s+unsecured\b", re.I)
    text = "Vendor shall report any breach of unsecured PHI \ud800 promptly."
    assert pattern.may_match(text)
    assert pattern.search(text).group(0) == "breach of unsecured"


def test_texts_holding_the_same_words_admit_what_each_admits_alone():
    # What a set of words admits is worked out once and kept for every text holding it.
    shared = [literals.admitted(text) for text in CORPUS]
    alone = []
    for text in CORPUS:
        literals._WORDS._by_words.clear()
        alone.append(literals.admitted(text))
    assert shared == alone


def test_a_pattern_made_while_texts_are_remembered_still_sees_its_words():
    first = Prefiltered(r"\bindemnif\w+", re.I)
    text = "Each party shall indemnify the other against a subpoena."
    with remembering_texts():
        assert first.search(text) is not None
        later = Prefiltered(r"\bsubpoena\b", re.I)
        assert later.search(text) is not None


def test_what_a_pattern_takes_for_a_letter_or_a_space_folds_to_it():
    letter, space = re.compile(r"[a-z]", re.I), re.compile(r"\s")
    for code in itertools.chain(range(0x80, 0xD800), range(0xE000, 0x110000)):
        char = chr(code)
        if letter.fullmatch(char):
            folded = fold(char).strip()
            assert folded.isascii() and re.fullmatch(folded, char, re.I), hex(code)
        if space.fullmatch(char):
            assert fold(f"a{char}b") == " a b ", hex(code)


def test_the_words_read_ahead_are_what_the_parser_reads_from_each_pattern():
    # A run takes each vocabulary pattern's words from literals.json instead of parsing the
    # pattern a second time; the file must say what re's parser says, pattern by pattern.
    read_now = subprocess.run(
        [sys.executable, "-m", "vendor_eval.evidence.literals"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert read_now == package_text(*literals.READ_AHEAD), (
        "the vocabulary changed: python -m vendor_eval.evidence.literals "
        "> vendor_eval/evidence/literals.json"
    )
    read_ahead = json.loads(read_now)
    for name, pattern in _clause_patterns().items():
        key = literals._key(pattern.pattern, pattern.flags)
        # a pattern searched one alternative at a time is read ahead as its alternatives
        assert key in read_ahead or key + literals._ALTERNATIVES in read_ahead, name


def test_a_pattern_not_read_ahead_is_read_when_first_used():
    pattern = Prefiltered(r"\bhold\s+harmless\b", re.I)
    assert pattern.search("Vendor shall hold harmless the Customer.") is not None
    assert not pattern.may_match("Vendor shall indemnify the Customer.")
