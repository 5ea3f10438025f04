"""The SOC 2 extractor on the wordings real reports miss by: audit firms named only in
the signature, report dates beside the signature, trust services categories written as
older reports write them, methodology sentences about deviations, and text with hidden
marks. Each class in several drafting styles; the report is given as text pages so
each row changes one wording and nothing else.
"""

from __future__ import annotations

import pytest

from vendor_eval.evidence.documents import DocumentText, _PagedText
from vendor_eval.evidence.pdf import PageText
from vendor_eval.evidence.soc2 import extract_soc2

COVER = """Report on Controls at Halden Metrics, Inc.
SOC 2 Type 2 Report
For the period January 1, 2025 to December 31, 2025
"""

SCOPE = (
    "We have examined Halden Metrics, Inc.'s accompanying description of its analytics\n"
    "system throughout the period January 1, 2025 to December 31, 2025, and the suitability\n"
    "of the design and operating effectiveness of controls stated in the description to\n"
    "provide reasonable assurance that the service commitments and system requirements\n"
    "were achieved based on the trust services criteria relevant to {criteria}."
)

OPINION = """Opinion
In our opinion, in all material respects, the description presents the system that was
designed and implemented throughout the period, and the controls stated in the description
operated effectively throughout the period.
"""

SIGNATURE = """Brightwater Assurance LLP
Denver, Colorado
February 14, 2026
"""

TESTS = """Section 4
Trust Services Criteria, Related Controls and Tests of Controls
Control CC6.1 Inspected MFA settings. No exceptions noted.
Control CC6.2 Inspected a sample of 25 terminated users. No exceptions noted.
"""


def _extract(
    *,
    criteria: str = "security and availability",
    signature: str = SIGNATURE,
    tests: str = TESTS,
    opinion: str = OPINION,
):
    auditor_page = (
        "Section 1\nIndependent Service Auditor's Report\nTo the Management of Halden "
        "Metrics, Inc.\nScope\n" + SCOPE.format(criteria=criteria) + "\n" + opinion + signature
    )
    pages = [COVER, auditor_page, tests]
    document = DocumentText(
        path="report.txt",
        sha256="0" * 64,
        page_count=len(pages),
        pages=tuple(PageText(number, text) for number, text in enumerate(pages, 1)),
    )
    return extract_soc2(_PagedText(document))


# --- the audit firm from the signature ---------------------------------------------------

FIRMS = [
    pytest.param(
        "Brightwater Assurance\nDenver, Colorado\n", "Brightwater Assurance", id="assurance"
    ),
    pytest.param(
        "Keel & Marsh Assurances, LLC\nAustin, Texas\n", "Keel & Marsh Assurances, LLC", id="llc"
    ),
    pytest.param("Tamsin Ode, CPA\nBoise, Idaho\n", "Tamsin Ode, CPA", id="single-cpa"),
    pytest.param(
        "Harrow Reyes Consulting\nPortland, Oregon\n", "Harrow Reyes Consulting", id="consulting"
    ),
    pytest.param("Lindqvist Audit, P.C.\nTampa, Florida\n", "Lindqvist Audit, P.C.", id="pc"),
]


@pytest.mark.parametrize(("signed", "firm"), FIRMS)
def test_the_audit_firm_is_read_from_the_signature(signed, firm):
    evidence = _extract(signature=signed + "February 14, 2026\n")
    assert evidence.facts["auditor"].value == firm
    assert firm in evidence.facts["auditor"].citations[0].quote


# --- the report date beside the signature --------------------------------------------

DATES = [
    pytest.param("Brightwater Assurance LLP\nDenver, Colorado\nFebruary 14, 2026\n", id="lines"),
    pytest.param(
        "Brightwater Assurance LLP\nDenver, Colorado, February 14, 2026\n", id="city-date"
    ),
    pytest.param(
        "Brightwater Assurance LLP\nFebruary 14, 2026\nDenver, Colorado\n", id="date-first"
    ),
]


@pytest.mark.parametrize("signed", DATES)
def test_the_report_date_is_the_date_beside_the_signature(signed):
    evidence = _extract(signature=signed)
    assert evidence.facts["report_date"].value == "2026-02-14"
    assert "February 14, 2026" in evidence.facts["report_date"].citations[0].quote


# --- trust services categories ------------------------------------------------------------

CATEGORIES = [
    pytest.param(
        "security,\navailability, and\nconfidentiality",
        ["availability", "confidentiality", "security"],
        id="across-lines",
    ),
    pytest.param(
        "Security ,  Availability  and  Processing   Integrity",
        ["availability", "processing_integrity", "security"],
        id="odd-spacing",
    ),
    pytest.param(
        "the security and confidentiality principles",
        ["confidentiality", "security"],
        id="older-principles",
    ),
]


@pytest.mark.parametrize(("criteria", "expected"), CATEGORIES)
def test_trust_services_categories_in_the_scope_sentence(criteria, expected):
    assert _extract(criteria=criteria).facts["trust_criteria"].value == expected


# --- exceptions, not method sentences --------------------------------------------------

METHOD = [
    "A deviation is a test result in which the control did not operate as described; where "
    "exceptions were noted, they are described in the results column.",
    "If an exception is noted, we inquire of management and extend testing. Exceptions noted "
    "in testing are listed with management's response.",
    "Deviations: instances where a control was not performed as designed. The nature of "
    "exceptions noted, if any, is described below.",
]


@pytest.mark.parametrize("method", METHOD)
def test_sentences_that_explain_deviations_are_not_exceptions(method):
    tests = TESTS.replace("Tests of Controls\n", "Tests of Controls\n" + method + "\n")
    assert _extract(tests=tests).facts["exceptions"].value == 0


def test_a_wrapped_result_cell_is_still_a_clean_result():
    tests = TESTS.replace("No exceptions noted.", "No exceptions\nnoted.")
    assert _extract(tests=tests).facts["exceptions"].value == 0


# --- hidden marks -------------------------------------------------------------------------

HIDDEN = [
    pytest.param("\u00ad\n", id="soft-hyphen-at-a-line-break"),
    pytest.param("\u200b", id="zero-width-space"),
    pytest.param("\u202e\u202c", id="bidi-override"),
]


@pytest.mark.parametrize("mark", HIDDEN)
def test_hidden_marks_are_dropped_and_split_words_rejoined(mark):
    opinion = OPINION.replace("In our opinion", f"In our opin{mark}ion")
    tests = TESTS.replace("Exception", f"Excep{mark}tion").replace(
        "No exceptions", f"No excep{mark}tions"
    )
    evidence = _extract(
        criteria=f"secu{mark}rity and avail{mark}ability", opinion=opinion, tests=tests
    )
    assert evidence.facts["opinion"].value == "unqualified"
    assert evidence.facts["trust_criteria"].value == ["availability", "security"]
    assert evidence.facts["exceptions"].value == 0
    assert evidence.facts["auditor"].value == "Brightwater Assurance LLP"
