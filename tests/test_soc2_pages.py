"""A report's pages as the soc2 rules read them: running headers and footers dropped the
same way whether their keys were made while reading or afterwards, and tables of
contents told apart however the title is written."""

from __future__ import annotations

import pytest

from vendor_eval.evidence.soc2.pages import edge_keys, normalise, prepare, without
from vendor_eval.evidence.soc2.report import Report
from vendor_eval.evidence.text import edge_key

FOOTER = "Acme Corp | SOC 2 Type II | Confidential"


WORDS = ("alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel")


def _pages(count: int) -> list[tuple[int, list[str]]]:
    return [
        (
            number,
            normalise(
                f"{FOOTER}\nPage {number} of {count}\nSection {WORDS[number - 1]}\n"
                f"Body  text.\nMore text.\nThe {WORDS[number - 1]} end.\nInternal use only"
            ),
        )
        for number in range(1, count + 1)
    ]


def test_edges_kept_while_reading_drop_the_same_lines() -> None:
    pages = _pages(8)
    edges = {number: edge_keys(lines) for number, lines in pages}
    read_ahead = prepare(pages, edges=edges)
    afresh = prepare(pages)
    assert [(p.lines, p.dropped) for p in read_ahead] == [(p.lines, p.dropped) for p in afresh]
    assert read_ahead[2].lines == ["Section charlie", "Body text.", "The charlie end."]


@pytest.mark.parametrize("count", [0, 1, 3, 5, 6, 7, 12])
def test_the_edge_lines_are_keyed_each_as_alone(count: int) -> None:
    # The six are keyed in one call: each key is still its own line's.
    lines = [f"Page {n} of 90 \u039f\u03a3" if n % 2 else f"ACME {n}" for n in range(count)]
    edges = {*range(min(3, count)), *range(max(0, count - 3), count)}
    assert edge_keys(lines) == {index: edge_key(lines[index]) for index in sorted(edges)}


def test_blank_lines_are_neither_counted_nor_dropped() -> None:
    # Lines not written by `normalise` may be blank: they are not running headers.
    pages = [(n, ["", FOOTER, f"Text {WORDS[n]}.", "", f"End {WORDS[n]}"]) for n in range(6)]
    for page in prepare(pages):
        assert page.lines[0] == "" and FOOTER not in page.lines


@pytest.mark.parametrize(
    ("title", "contents"),
    [
        ("Table of Contents", True),
        ("TABLE OF CONTENTS", True),
        ("Table of Contentſ", True),  # a long s is an "s" to a case-insensitive pattern
        ("Contents:", True),
        ("The contents of this report are confidential", False),
        ("Discontents", False),
    ],
)
def test_a_table_of_contents_is_told_by_its_title(title: str, contents: bool) -> None:
    lines = [title, "Section I Opinion", "Section II Assertion", "Section III Description"]
    (page,) = prepare([(1, lines)])
    assert page.is_contents is contents


@pytest.mark.parametrize(
    "dropped", [{0}, {0, 1, 2}, {5}, {0, 5}, {1, 4}, {0, 1, 2, 3, 4, 5}, {2, 9}, {-1, 3}]
)
def test_the_dropped_lines_and_only_they_are_left_out(dropped: set[int]) -> None:
    lines = [f"line {index}" for index in range(6)]
    expected = [line for index, line in enumerate(lines) if index not in dropped]
    assert without(lines, frozenset(dropped)) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "\n",
        "\n\n",
        "one",
        "  one  ",
        "one\ntwo",
        "one\ntwo\n",
        "\none\ntwo",
        " one\ntwo \n",
        "one \ntwo",
        "one\n two",
        "one\n\ntwo",
        "one  two\nthree   four",
        "one\n  \ntwo",
        "a\r\nb",
    ],
)
def test_a_page_is_cut_into_lines_as_the_slow_way_cuts_it(text: str) -> None:
    slow = [line for raw in text.split("\n") if (line := " ".join(raw.split()))]
    assert normalise(text) == slow


def test_the_body_asked_twice_is_the_same_and_the_callers_own() -> None:
    pages = prepare(
        [
            (1, ["Table of Contents", "Opinion ... 3", "Assertion ... 5", "Tests ... 9"]),
            (2, ["The report is as of March 1, 2025."]),
            (3, ["No exceptions noted."]),
        ]
    )
    report = Report(pages)
    first = report.body(" as of ", " as at ")
    assert [page.number for page in first] == [2]
    first.clear()
    assert [page.number for page in report.body(" as of ", " as at ")] == [2]
    assert [page.number for page in report.body()] == [2, 3]
    assert report.body("nothing like it") == []
