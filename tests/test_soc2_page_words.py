"""The words a report's pages are read for in one pass answer exactly what searching
the page for each word answers: `Page.mentions`, `Page.first_line` and the anchored
patterns find the same with the pass as without it, whatever letters the page is written
in."""

from __future__ import annotations

import re

import pytest

from vendor_eval.evidence.anchors import (
    Anchored,
    knowing_words,
    lacking,
    lowered,
    read_words,
    remembering_lowered,
)
from vendor_eval.evidence.soc2 import vocabulary
from vendor_eval.evidence.soc2.pages import Page
from vendor_eval.evidence.soc2.vocabulary import AFTER_TESTS, CUEC_HEADING, page_words

# Each as a page's lines, as the rules see them once `normalise`d.
PAGES = {
    "plain": [
        "In our opinion, the controls operated effectively throughout the period",
        "January 1, 2024 to December 31, 2024, relevant to security and availability.",
    ],
    # A phrase broken across lines is one phrase in the page's flat text.
    "across lines": [
        "Acme uses Amazon Web Services (AWS) as a",
        "subservice organization; the controls expected to be",
        "implemented at AWS are not included. No exceptions",
        "noted. Complementary user",
        "entity controls are listed in Section 4.",
    ],
    # Cyrillic letters that look like Latin ones: not the words, to `in` nor the pass.
    "look-alike letters": [
        "Nо ехсеptiоns nоtеd; thе subsеrvicе оrganizatiоn is carvеd оut (Cyrillic).",
        "Relevant tо security, availability and cоnfidentiality.",
    ],
    # Letters a case-insensitive pattern takes for ASCII ones (the long s, dotted and
    # dotless i), which `lowered` folds for the patterns but `str.lower` does not.
    "case twins": [
        "The Subſervice Organization İs carved out; İNCLUSİVE method was not used.",
        "Deviation noted. The ſecurity and prıvacy categories are in ſcope.",
        "ÉXCEPTIONS NOTED: 2 of 25 samples. User ENTİTİES are responsible for access.",
    ],
    # Words that overlap and nest: every occurrence is found, not the longest one only.
    "overlapping": [
        "services of services at services are hosted by the avail the availability",
        "expected to be implemented by user entities user entit subservice organi",
    ],
    "empty of words": ["Page 3 of 90"],
}

# Words no rule asks about: answered by searching, as before.
UNKNOWN = ("zebra", "scope of", "page 3", "")


def _texts(page: Page) -> list[str]:
    """The texts a page is asked about by: its lower case, and as the patterns fold it."""
    folded = lowered(page.flat)
    return [page.lower] + ([folded] if folded is not None else [])


@pytest.mark.parametrize("name", PAGES)
def test_a_word_is_lacking_exactly_when_the_page_does_not_contain_it(name: str) -> None:
    words = page_words()
    with remembering_lowered(), knowing_words(words):
        page = Page(1, PAGES[name])
        for text in _texts(page):
            read_words(text)
            absent = lacking(text)
            assert absent <= words
            for word in sorted(words):
                assert (word in absent) == (word not in text), (name, word)


@pytest.mark.parametrize("name", PAGES)
def test_mentions_answers_as_searching_the_page_does(name: str) -> None:
    with remembering_lowered(), knowing_words(page_words()):
        page = Page(1, PAGES[name])
        assert lacking(page.lower)  # the page was read for the words
        for word in (*sorted(page_words()), *UNKNOWN):
            assert page.mentions(word) == (word in page.lower), (name, word)
        assert page.mentions("zebra", "opinion") == ("opinion" in page.lower)


def _anchored_patterns() -> list[Anchored]:
    found = [value for value in vars(vocabulary).values() if isinstance(value, Anchored)]
    found += [pattern for _, pattern in vocabulary.ORG_PATTERNS]
    found += [value for value in vocabulary.SCOPE_CLAUSES if isinstance(value, Anchored)]
    return found


@pytest.mark.parametrize("name", PAGES)
def test_the_patterns_find_the_same_with_the_words_read(name: str) -> None:
    page = Page(1, PAGES[name])
    patterns = _anchored_patterns()

    def findings() -> list[object]:
        return [
            [(m.span(), m.group(0)) for m in pattern.finditer(page.flat)] for pattern in patterns
        ] + [page.first_line(pattern) for pattern in (CUEC_HEADING, AFTER_TESTS)]

    expected = [
        [(m.span(), m.group(0)) for m in pattern.regex.finditer(page.flat)] for pattern in patterns
    ]
    without = findings()
    with remembering_lowered(), knowing_words(page_words()):
        for text in _texts(page):
            read_words(text)
        assert any(lacking(text) for text in _texts(page))
        within = findings()
    assert within == without
    assert within[: len(patterns)] == expected


def test_a_text_not_read_lacks_nothing() -> None:
    with knowing_words(page_words()):
        assert lacking("no exceptions noted") == frozenset()
    read_words("no exceptions noted")  # outside: nothing is kept
    assert lacking("no exceptions noted") == frozenset()


def test_a_page_with_a_lone_surrogate_is_searched_word_by_word() -> None:
    # Text pdfium or a .txt report hands over may hold half a UTF-16 pair, which the
    # automaton (reading UTF-8) cannot take: the page lacks nothing it was not searched for.
    lines = ["Subservice organizations \ud800 are carved out.", "No exceptions noted."]
    with remembering_lowered(), knowing_words(page_words()):
        page = Page(1, lines)
        assert lacking(page.lower) == frozenset()
        for word in sorted(page_words()):
            assert page.mentions(word) == (word in page.lower), word
        assert page.mentions("subservice") and not page.mentions("inclusive")


def test_the_words_read_are_those_the_rules_ask_about() -> None:
    words = page_words()
    assert {"subservice", "inclusive", "opinion", "exception", "deviation"} <= words
    # The patterns' openings are read from the patterns, not listed by hand.
    assert "does not use " in words
    # So are the words a heading needs, read from its pattern.
    assert {"user control considerations", "information provided by"} <= words
    assert all(word and word == word.lower() for word in words)
    assert not any(re.search(r"\s{2}", word) for word in words)
