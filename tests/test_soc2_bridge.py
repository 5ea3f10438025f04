"""A bridge (gap) letter extends a SOC 2 report's coverage past its period: `extract soc2`
recognises one, in several drafting styles, and records the end of what it covers."""

from __future__ import annotations

import pytest

from vendor_eval.evidence.documents import open_document
from vendor_eval.evidence.soc2 import extract_soc2

LETTERS = {
    "a period from ... through ...": (
        """Bridge Letter

To our customers and their auditors:

Acme Analytics, Inc. engaged an independent firm to examine its controls. The most recent
SOC 2 Type 2 report covered the period January 1, 2025 through September 30, 2025.

This letter covers the period from October 1, 2025 through December 31, 2025. Management
is not aware of any material changes to the system of internal control during that time.
""",
        "2025-12-31",
        "This letter covers the period from October 1, 2025 through December 31, 2025.",
    ),
    "between the period end and the date of the letter": (
        """GAP LETTER

Dear customer,

Our SOC 2 report for the twelve months ended September 30, 2025 is attached. There have
been no significant changes to our controls between September 30, 2025 and the date of
this letter, February 15, 2026.

Jane Doe, Chief Information Security Officer
""",
        "2026-02-15",
        "There have been no significant changes to our controls between September 30, 2025 "
        "and the date of this letter, February 15, 2026.",
    ),
    "numeric dates and a dash": (
        """Management bridge letter

Period covered by this bridge letter: 10/1/2025 - 3/31/2026

We confirm that no material changes were made to the controls described in the report.
""",
        "2026-03-31",
        "Period covered by this bridge letter: 10/1/2025 - 3/31/2026",
    ),
}


@pytest.mark.parametrize("style", sorted(LETTERS))
def test_a_bridge_letter_gives_its_coverage_end_with_the_sentence(tmp_path, style):
    text, end, quote = LETTERS[style]
    path = tmp_path / "bridge.txt"
    path.write_text(text, "utf-8")

    with open_document(path) as document:
        fact = extract_soc2(document).facts["bridge_letter_end"]

    assert fact.value == end
    assert fact.citations[0].quote == quote
    assert fact.citations[0].page == 1


@pytest.mark.parametrize(
    "text",
    [
        # Only a promise of a letter, not one.
        "SOC 2 Type 2 report for the period January 1, 2025 to December 31, 2025. Bridge "
        "letters covering the period after December 31, 2025 are available on request.",
        "SOC 2 Type 2 report for the period January 1, 2025 to December 31, 2025. "
        "In our opinion, the controls were suitably designed.",
    ],
)
def test_a_report_without_a_bridge_letter_has_none(tmp_path, text):
    path = tmp_path / "report.txt"
    path.write_text(text, "utf-8")

    with open_document(path) as document:
        evidence = extract_soc2(document)

    assert evidence.facts["bridge_letter_end"].value is None
    assert not any("bridge" in w for w in evidence.warnings)


def test_a_bridge_letter_without_a_readable_end_is_null_with_a_warning(tmp_path):
    path = tmp_path / "bridge.txt"
    path.write_text(
        "Bridge letter\n\nWe are not aware of any material changes to our controls since the "
        "end of the period covered by our last report.\n",
        "utf-8",
    )

    with open_document(path) as document:
        evidence = extract_soc2(document)

    assert evidence.facts["bridge_letter_end"].value is None
    assert any("bridge letter" in w and "end" in w for w in evidence.warnings)
