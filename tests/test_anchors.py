"""An `Anchored` pattern finds exactly what its pattern finds, however the text is written."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator

import pytest

from vendor_eval.evidence import anchors
from vendor_eval.evidence.anchors import Anchored, lowered, openings
from vendor_eval.evidence.soc2 import exceptions as soc2_exceptions
from vendor_eval.evidence.soc2 import vocabulary
from vendor_eval.evidence.soc2.exceptions import exception_spans
from vendor_eval.evidence.soc2.pages import Page
from vendor_eval.evidence.soc2.vocabulary import page_words

ANCHORED = {
    name: value for name, value in vars(vocabulary).items() if isinstance(value, Anchored)
} | {
    **{f"SCOPE_CLAUSES[{i}]": clause for i, clause in enumerate(vocabulary.SCOPE_CLAUSES)},
    **{f"ORG_PATTERNS[{i}]": pattern for i, (_, pattern) in enumerate(vocabulary.ORG_PATTERNS)},
}

TEXTS = [
    "No exceptions noted. Exception noted: for 1 of 25 changes sampled, approval was missing.",
    "EXCEPTIONS NOTED. Deviations were identified in 2 of 40 samples.",
    # letters a case-insensitive pattern takes for ASCII ones
    "Exceptıons noted. EXCEPTİON NOTED. Exceptionſ noted. \u212aelvin exception noted.",
    # white space that is not a single space: searched by the plain pattern
    "Exception\u00a0noted.",
    "Exception  noted.",
    "Exception\nnoted.",
    "Exception\tnoted; deviations\r\nobserved.",
    "exceptions noted exceptions noted",  # one match right after another
    "The company uses Amazon Web Services (AWS) for hosting. It relies on Okta, Inc. to sign in.",
    "Services provided by Amazon Web Services and Okta, Inc. are carved out; controls at "
    "Snowflake are expected to be implemented by Snowflake. The subservice organizations are "
    "AWS and GCP. It is expected that Okta has controls.",
    "Customers are responsible for access. User Entities Are Responsible For passwords.",
    "complementary user-entity controls; Complimentary user entity control.",
    "The controls operated effectively throughout the period to provide assurance.",
    "relevant to the Security, Availability and Confidentiality categories; criteria in scope: "
    "Privacy. Based on the Security and Availability Trust Services Criteria.",
    "Tests of Controls and Results; tests performed; testing matrix",
    "",
    "é exception noted \u00e9",  # outside ASCII, but lower case as long as itself
    # dates opened by a month or by a digit, ranges in several spellings
    "for the period January 1, 2024 to December 31, 2024 and 1 March 2023 through 28 Feb 2024.",
    "From 01/01/2024 - 12/31/2024; 2024-01-01 thru 2024-06-30; Sept. 3rd until Oct 4th, 2025.",
    "CC5.3931 x12/31/2024 to 1/1/2025, 120 to 3 june 2024 and ending on JULY 4, 2024 \u0663 x",
    "AUGUſT 1, 2024 to Aprıl 3, 2025; 5 MAY 2024-6 may 2024",
]


@pytest.mark.parametrize("name", sorted(ANCHORED))
@pytest.mark.parametrize("text", TEXTS)
def test_anchored_finds_what_the_pattern_finds(name: str, text: str) -> None:
    anchored = ANCHORED[name]
    plain = re.compile(anchored.pattern, anchored.flags)
    expected = [(m.span(), m.groups()) for m in plain.finditer(text)]
    assert [(m.span(), m.groups()) for m in anchored.finditer(text)] == expected
    first = anchored.search(text)
    assert (first.span() if first else None) == (expected[0][0] if expected else None)


def test_the_hot_patterns_are_anchored_on_their_openings() -> None:
    # Each is searched only where one of these stands; none may be left to the slow path.
    assert vocabulary.EXCEPTION.openings == ("deviation", "exception")
    assert vocabulary.CUEC_MENTION.openings == ("complementary user", "complimentary user")
    for name, anchored in ANCHORED.items():
        assert anchored.openings, name


def test_a_pattern_that_can_start_anywhere_has_no_openings() -> None:
    assert openings(r"\d+ of \d+") == ()
    assert openings(r"[A-Z]\w+ Inc\.") == ()
    assert openings(r"(?:for\s+)?\d+ of") == ()  # the number may open it
    assert openings(r"a(?:bc|d)") == ("abc", "ad")
    assert openings(r"x\s*y") == ("x y", "xy")


def test_a_pattern_that_may_start_with_a_digit_is_anchored_on_digits_when_asked() -> None:
    assert openings(r"(?:for\s+)?\d+ of", digits=True) == ("for ", anchors.A_DIGIT)
    assert openings(r"(?:19|20)\d\d|jan", digits=True) == ("jan", anchors.A_DIGIT)
    assert openings(r"[0-9]{2}/\d", digits=True) == (anchors.A_DIGIT,)
    assert openings(r"\d*x", digits=True) == ()  # "x" alone may open it
    assert openings(r"\w+ of", digits=True) == ()
    assert vocabulary.RANGE.openings[-1] == anchors.A_DIGIT
    found = [m.group(0) for m in vocabulary.RANGE.finditer("From 1 May 2024 to 3 June 2024.")]
    assert found == ["1 May 2024 to 3 June 2024"]


def test_text_with_other_white_space_is_not_lowered() -> None:
    assert lowered("Exception Noted") == "exception noted"
    assert lowered("Exception  noted") is None
    assert lowered("Exception\nnoted") is None
    assert lowered("Exception\u00a0noted") is None
    assert lowered("EXCEPTİON") == "exception"


PAGES = [
    ["Section V", "Other Information Provided by Management"],
    ["SECTION 5: OTHER INFORMATION", "Management's Responses to Exceptions"],
    ["Complementary User Entity Controls (CUECs)", "User entities are responsible for:"],
    ["4. Complimentary Controls at User Entities"],
    ["User Control Considerations:"],
    ["ſection v", "Complementary Uſer Entity Controls"],  # letters taken for s
    ["The tests of controls are listed below.", "No exceptions noted."],
    ["Report on Controls", "Issued 2024"],
    # The words in prose first, the heading after them; the words across two lines only.
    [
        "Customers implement the complementary user entity controls listed below.",
        "Complementary User Entity Controls",
        "SECTION V: Other Information Provided by Us",
    ],
    ["Complementary User", "Entity Controls", "Section", "five"],
    ["Management's response to the exceptions", "Section five"],
    ["Management's responses to deviations"],
    ["Management's response was timely.", "Management reviews each section monthly."],
    ["Customers are responsible for passwords.", "No exceptions noted. Inspected the tickets."],
]


@pytest.mark.parametrize("lines", PAGES)
@pytest.mark.parametrize("pattern", [vocabulary.AFTER_TESTS, vocabulary.CUEC_HEADING])
def test_the_first_line_is_the_one_trying_every_line_finds(
    pattern: re.Pattern[str], lines: list[str]
) -> None:
    # Only lines holding a word a match needs are tried, with the page read for the words
    # or not: the same line as trying each.
    expected = next((i for i, line in enumerate(lines) if pattern.match(line)), None)
    assert Page(1, lines).first_line(pattern) == expected
    with anchors.remembering_lowered(), anchors.knowing_words(page_words()):
        page = Page(1, lines)
        assert anchors.lacking(page.lower)
        assert page.first_line(pattern) == expected


def test_a_heading_is_found_on_its_own_line_only() -> None:
    assert Page(1, PAGES[8]).first_line(vocabulary.CUEC_HEADING) == 1
    assert Page(1, PAGES[8]).first_line(vocabulary.AFTER_TESTS) == 2
    assert Page(1, PAGES[9]).first_line(vocabulary.CUEC_HEADING) is None
    assert Page(1, PAGES[5]).first_line(vocabulary.AFTER_TESTS) == 0
    assert Page(1, PAGES[10]).first_line(vocabulary.AFTER_TESTS) == 0
    assert Page(1, PAGES[12]).first_line(vocabulary.AFTER_TESTS) is None
    assert Page(1, PAGES[13]).first_line(vocabulary.CUEC_HEADING) is None


@pytest.mark.parametrize(
    "text",
    [
        "For 1 of 25 samples selected, the account remained active.",
        "ONE out of 10 changes sampled lacked approval.",
        "2 of the 40 changes sampled were deployed without approval.",
        "In three of 60 cases inspected, the review was late.",
        # found from the lower-case " of 25" before it
        "We selected a sample of 25; For 1 OF 25 samples selected, approval was missing.",
        "Two  of 5 tickets tested were late.",  # two spaces: read by the plain pattern
        "We inspected a sample of 25 tickets. For 1 of 25 tickets tested, approval was missing.",
    ],
)
def test_a_sample_shortfall_is_found_however_the_count_is_written(text: str) -> None:
    # The cheap look for a count before " of " must never hide a shortfall.
    assert exception_spans(text)


@pytest.mark.parametrize(
    "text",
    [
        "We inspected a sample of 25 tickets and a sample of the 40 changes tested.",
        "Page 3 of 90",
        "For 12 of 12 samples selected, approval was documented.",
    ],
)
def test_no_shortfall_where_no_count_falls_short(text: str) -> None:
    assert exception_spans(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "for 1 of 25 samples selected",
        "one of of 3 out of 4 tone of 5",
        "a sample of 25; 12 of 12, three of 60 and seven of",
        " of 2 of 3 of",
        "1 of one",
    ],
)
def test_counts_before_of_are_found_alike_in_any_script(text: str) -> None:
    # An ASCII text is read by one regular expression, any other " of " by " of ": the
    # same places.
    found = soc2_exceptions._counted_ofs(text)
    assert found
    assert found == [place - 2 for place in soc2_exceptions._counted_ofs("\u00e9 " + text)]


@pytest.mark.parametrize(
    "texts",
    [
        ["The Company does not use any subservice organizations.", "Page two."],
        # across the pages' join, and with a page between that the join leaves empty
        ["Acme does not", "use subservice organizations to provide its services."],
        ["Acme does", "", "not use subservice organisations."],
        ["Acme DOES NOT USE SUBSERVICE ORGANIZATIONS", "  spaced  "],
        ["Acme does not use ſubservice organizations."],  # a letter taken for s
        ["Acme uses subservice organizations.", "It does not use others."],
        ["Acme relies on AWS.", "No exceptions noted."],
        [],
    ],
)
def test_a_search_of_pages_joined_finds_what_searching_them_joined_finds(
    texts: list[str],
) -> None:
    pattern = vocabulary.NO_SUBSERVICE
    expected = pattern.regex.search(" ".join(texts))
    for remembered in (False, True):
        with anchors.remembering_lowered() if remembered else contextlib.nullcontext():
            found = pattern.search_joined(texts)
        assert (found and found.span()) == (expected and expected.span())


def test_remembered_answers_are_the_answers() -> None:
    import vendor_eval.evidence.anchors as anchors

    outside = [lowered(text) for text in TEXTS]
    with anchors.remembering_lowered():
        assert [lowered(text) for text in TEXTS] == outside
        assert [lowered(text) for text in reversed(TEXTS)] == outside[::-1]
    # Nothing is held once the extraction is over.
    assert anchors._remembered is None


def test_a_text_lowered_during_an_extraction_is_not_kept_after_it():
    # The no-subservice check lowers a whole report joined into one string; holding it
    # after the extraction would keep megabytes alive in a batch of reports.
    report = "Independent Service Auditor's Report " * 1000
    with anchors.remembering_lowered():
        assert anchors.lowered(report) == report.lower()
    assert anchors._last[0] is not report


@pytest.mark.parametrize(
    ("text", "reports"),
    [
        (
            "CC1.1 Inspected the policy. No exceptions noted. CC1.2 Inspected tickets. No "
            "exceptions noted.",
            False,
        ),
        ("No exceptions noted. Exception noted: 1 ticket lacked approval.", True),
        ("NO EXCEPTIONS NOTED. no deviation observed. Casino exception noted, a table.", True),
        ("No exception noted.No exception noted. Bono exceptions noted.", True),
        ("Piano_no exceptions noted.", True),
        ("no exceptions noted no deviations identified", False),
        ("There were no exceptions noted. Deviation noted: backups failed.", True),
    ],
)
def test_results_after_no_are_turned_down_early_but_read_alike(
    text: str, reports: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A match after the word "no" is not tried, where the whole test would turn it down:
    # the same ones as every match of the plain pattern, each tested.
    found = exception_spans(text)
    assert bool(found) == reports

    class Plain:
        def finditer(self, text: str, *, not_after: str = "") -> Iterator[re.Match[str]]:
            return vocabulary.EXCEPTION.regex.finditer(text)

    monkeypatch.setattr(soc2_exceptions, "EXCEPTION", Plain())
    assert found == exception_spans(text)


@pytest.mark.parametrize(
    "text",
    [
        "No exceptions noted. Bono exceptions noted. no deviation observed.",
        "Exception noted.No exception noted. (no exceptions noted) piano_no exception noted",
        "NO EXCEPTIONS NOTED; Deviation found. noexceptions noted",
    ],
)
def test_places_after_a_word_are_not_tried(text: str) -> None:
    pattern = vocabulary.EXCEPTION
    kept = [m.span() for m in pattern.finditer(text, not_after="no ")]
    every = [m.span() for m in pattern.regex.finditer(text)]
    assert kept == [
        span for span in every if not re.search(r"(?<![\w])no $", text[: span[0]].lower())
    ]
    assert len(kept) < len(every)
