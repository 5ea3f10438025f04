"""The SOC extractor against wordings its rules were not written from.

Each row is one small report (a few pages of text laid out the way audit firms lay them
out), one fact and the value a careful reviewer would record. The wording imitates the
house styles of large firms, mid-size CPA firms and small SOC shops; the negative rows
put the same words where they do NOT mean the fact (a privacy policy, the AICPA's list of
all five categories, a management response, another company's report)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pytest
from pdfgen import Columns, Page, Table, Text, write_pdf

from vendor_eval.evidence.pdf import open_pdf
from vendor_eval.evidence.soc2 import extract_soc2

PERIOD = "April 1, 2025 to March 31, 2026"
COMPANY = "Larkspur Analytics, Inc."


@dataclass(frozen=True)
class Includes:
    """The fact is a list holding at least these items."""

    items: tuple[str, ...]


@dataclass(frozen=True)
class Excludes:
    """The fact is a list (or null) holding none of these items."""

    items: tuple[str, ...]


@dataclass(frozen=True)
class Case:
    id: str
    pages: Sequence[Page]
    fact: str
    expected: object
    warning: str | None = None  # a substring one of the warnings must contain


def scope(period: str = PERIOD, criteria: str = "security, availability, and confidentiality"):
    return Text(
        f"We have examined {COMPANY}'s accompanying description of its Pulse analytics "
        f"platform for the period {period} and the suitability of the design and the "
        "operating effectiveness of the controls stated in the description to provide "
        "reasonable assurance that the service commitments and system requirements were "
        f"achieved based on the trust services criteria relevant to {criteria} "
        "(applicable trust services criteria) set forth in TSP section 100, 2017 Trust "
        "Services Criteria for Security, Availability, Processing Integrity, "
        "Confidentiality, and Privacy."
    )


def opinion(period: str = PERIOD) -> Text:
    return Text(
        "In our opinion, in all material respects, (1) the description presents the Pulse "
        f"platform as designed and implemented throughout the period {period}; (2) the "
        "controls stated in the description were suitably designed; and (3) the controls "
        f"operated effectively throughout the period {period} to provide reasonable "
        "assurance that the service commitments and system requirements were achieved."
    )


SIGNATURE = Text("/s/ Kettering Moss LLP\nSan Jose, California\nMay 8, 2026")


def report(
    *,
    cover: str = f"{COMPANY}\nSOC 2 Type 2 Report\nFor the period {PERIOD}",
    scope_block: Text | None = None,
    opinion_heading: str = "Opinion",
    opinion_block: Text | None = None,
    basis: Sequence[Text] = (),
    signature: Text = SIGNATURE,
    more: Sequence[Page] = (),
) -> list[Page]:
    """An ordinary report with one part swapped: cover, auditor's report, then `more`."""
    return [
        cover,
        [
            Text("Independent Service Auditor's Report", bold=True),
            Text(f"To the Board of Directors of {COMPANY}"),
            Text("Scope", bold=True),
            scope_block or scope(),
        ],
        [
            *basis,
            Text(opinion_heading, bold=True),
            opinion_block or opinion(),
            Text("Restricted Use", bold=True),
            Text(
                f"This report is intended solely for the information and use of {COMPANY}, "
                "its user entities and prospective user entities, and is not intended to "
                "be used by anyone else."
            ),
            signature,
        ],
        *more,
    ]


def matrix(results: Sequence[str], *, ruled: bool = True) -> Table:
    """A tests-of-controls page: one row per result, in the usual four columns."""
    rows = [
        ["Control #", "Control Activity Specified by Management", "Test Procedure", "Test Result"]
    ]
    for number, result in enumerate(results, start=1):
        rows.append(
            [
                f"CC{6 + number // 4}.{1 + number % 4}",
                f"Activity {number}: logical access requests are approved by a manager "
                "before access is granted.",
                "Inspected the ticket for a sample of access requests to determine that "
                "approval was recorded before access was provisioned.",
                result,
            ]
        )
    return Table(rows, widths=(0.1, 0.3, 0.35, 0.25), ruled=ruled)


TESTS_HEADING = Text(
    "Section IV: Trust Services Criteria, Controls, and Tests of Controls", bold=True
)
CLEAN = "No exceptions noted."

CASES: list[Case] = [
    # --- report type: the cover, and the opinion when the cover says nothing -------------
    Case(
        "type2-registered-mark",
        report(cover=f"{COMPANY}\nSOC 2\xae Type 2 Report\n{PERIOD}"),
        "report_type",
        "type2",
    ),
    Case(
        "type2-roman-first",
        report(cover=f"{COMPANY}\nType II SOC 2 Report\n{PERIOD}"),
        "report_type",
        "type2",
    ),
    Case(
        "type2-hyphen",
        report(cover=f"{COMPANY}\nSOC 2 Type-2 Examination\n{PERIOD}"),
        "report_type",
        "type2",
    ),
    Case(
        "type2-spelled-out",
        report(cover=f"{COMPANY}\nService Organization Control report, type two\n{PERIOD}"),
        "report_type",
        "type2",
    ),
    Case(
        "type2-uppercase-title",
        report(
            cover="A TYPE 2 INDEPENDENT SERVICE AUDITOR'S REPORT ON CONTROLS RELEVANT TO "
            "SECURITY AND AVAILABILITY\nFOR THE PERIOD APRIL 1, 2025 TO MARCH 31, 2026"
        ),
        "report_type",
        "type2",
    ),
    Case(
        "type2-only-from-the-opinion",
        report(cover=f"{COMPANY}\nService Organization Controls (SOC) 2 Report\nPulse Platform"),
        "report_type",
        "type2",
    ),
    Case(
        "type2-operating-effectiveness-in-title",
        report(
            cover=f"{COMPANY}\nReport on the Description of the Pulse System and on the "
            "Suitability of Design and Operating Effectiveness of Controls\n"
            f"{PERIOD}"
        ),
        "report_type",
        "type2",
    ),
    Case(
        "type1-roman",
        report(
            cover=f"{COMPANY}\nSOC 2 Type I Report\nAs of March 31, 2026",
            scope_block=Text(
                f"We have examined the description of {COMPANY}'s Pulse platform as of "
                "March 31, 2026 and the suitability of the design of its controls as of "
                "that date, based on the trust services criteria relevant to security."
            ),
            opinion_block=Text(
                "In our opinion, in all material respects, the description fairly "
                "presents the Pulse platform as designed and implemented as of March 31, "
                "2026, and the controls stated in the description were suitably designed "
                "as of March 31, 2026."
            ),
        ),
        "report_type",
        "type1",
    ),
    Case(
        "type1-explains-what-a-type2-adds",
        report(
            cover=f"{COMPANY}\nSOC 2 Type 1 Report\nAs of December 31, 2025",
            scope_block=Text(
                f"We have examined the description of {COMPANY}'s Pulse platform as of "
                "December 31, 2025 and the suitability of the design of the controls "
                "stated in it, based on the criteria relevant to security. We were not "
                "engaged to report on operating effectiveness; a type 2 report would "
                "also cover whether the controls operated effectively over a period."
            ),
            opinion_block=Text(
                "In our opinion, in all material respects, the description fairly "
                "presents the system as of December 31, 2025, and the controls were "
                "suitably designed as of December 31, 2025."
            ),
        ),
        "report_type",
        "type1",
    ),
    # --- report kind ---------------------------------------------------------------------
    Case(
        "soc3-with-soc2-footer",
        [
            f"{COMPANY}\nSOC 3\xae Report\nSystem and Organization Controls for Service "
            f"Organizations\nFor the period {PERIOD}",
            [
                Text("INDEPENDENT SERVICE AUDITOR'S SOC 3 REPORT", bold=True),
                Text(
                    "In our opinion, management's assertion that the controls within the "
                    f"Pulse platform were effective throughout the period {PERIOD}, to "
                    "provide reasonable assurance that the service commitments were "
                    "achieved based on the criteria relevant to security, is fairly stated, "
                    "in all material respects."
                ),
                SIGNATURE,
            ],
        ],
        "report_kind",
        "soc3",
    ),
    Case(
        "soc1-control-objectives",
        report(
            cover=f"{COMPANY}\nSOC 1\xae Type 2 Report\nReport on Controls Relevant to "
            f"User Entities' Internal Control over Financial Reporting\n{PERIOD}",
            scope_block=Text(
                f"We have examined {COMPANY}'s description of its payroll processing "
                f"system for the period {PERIOD} and the suitability of the design and "
                "operating effectiveness of the controls to achieve the related control "
                "objectives stated in the description."
            ),
        ),
        "report_kind",
        "soc1",
    ),
    Case(
        "soc2-that-mentions-other-soc-reports",
        report(
            more=[
                Text(
                    "Subservice Organizations. AWS provides hosting. AWS makes "
                    "its own SOC 1 and SOC "
                    "3 reports available to customers; they were read by management during the "
                    "annual vendor review."
                )
            ]
        ),
        "report_kind",
        "soc2",
    ),
    # --- period --------------------------------------------------------------------------
    Case(
        "period-from-to",
        report(
            cover=f"{COMPANY}\nSOC 2 Type 2\nfor the period from March 1, 2025 to "
            "February 28, 2026",
            scope_block=scope("from March 1, 2025 to February 28, 2026"),
            opinion_block=opinion("March 1, 2025 to February 28, 2026"),
        ),
        "period_end",
        "2026-02-28",
    ),
    Case(
        "period-day-month-order",
        report(
            cover=f"{COMPANY}\nSOC 2 Type 2\n1 March 2025 through 28 February 2026",
            scope_block=scope("1 March 2025 through 28 February 2026"),
            opinion_block=opinion("1 March 2025 through 28 February 2026"),
        ),
        "period_start",
        "2025-03-01",
    ),
    Case(
        "period-numeric",
        report(
            cover=f"{COMPANY}\nSOC 2 Type 2 Report\nReview period: 03/01/2025 - 02/28/2026",
            scope_block=scope("03/01/2025 - 02/28/2026"),
            opinion_block=opinion("03/01/2025 - 02/28/2026"),
        ),
        "period_end",
        "2026-02-28",
    ),
    Case(
        "period-twelve-months-ended",
        report(
            cover=f"{COMPANY}\nSOC 2 Type 2 Report\nFor the twelve months ended June 30, 2025",
            scope_block=Text(
                f"We have examined {COMPANY}'s description of its Pulse platform for the "
                "twelve months ended June 30, 2025 and the operating effectiveness of "
                "its controls, based on the trust services criteria relevant to "
                "security."
            ),
            opinion_block=Text(
                "In our opinion, in all material respects, the controls operated "
                "effectively throughout the twelve months ended June 30, 2025."
            ),
        ),
        "period_start",
        "2024-07-01",
    ),
    Case(
        "period-six-month-period-ended",
        report(
            cover=f"{COMPANY}\nSOC 2 Type 2 Report\nFor the six-month period ended "
            "September 30, 2025",
            scope_block=Text(
                f"We have examined {COMPANY}'s description for the six-month period "
                "ended September 30, 2025 and the operating effectiveness of its "
                "controls, based on the criteria relevant to security."
            ),
            opinion_block=Text(
                "In our opinion, in all material respects, the controls operated "
                "effectively throughout the six-month period ended September 30, "
                "2025."
            ),
        ),
        "period_start",
        "2025-04-01",
    ),
    Case(
        "period-split-over-a-line",
        report(
            cover=f"{COMPANY}\nSOC 2 Type 2 Report\nFor the Period April 1, 2025 to March 31,\n2026"
        ),
        "period_end",
        "2026-03-31",
    ),
    Case(
        "period-uppercase-with-commas",
        report(
            cover=f"{COMPANY}\nSOC 2 TYPE 2 REPORT\nFOR THE PERIOD OF APRIL 1, 2025, TO "
            "MARCH 31, 2026"
        ),
        "period_start",
        "2025-04-01",
    ),
    Case(
        "period-footnote-digit-on-year",
        report(opinion_block=opinion("April 1, 2025 to March 31, 20263")),
        "period_end",
        "2026-03-31",
    ),
    Case(
        "period-year-given-once",
        report(
            cover=f"{COMPANY}\nSOC 2 Type 2 Report\nJanuary 1 - December 31, 2025",
            scope_block=scope("January 1 - December 31, 2025"),
            opinion_block=opinion("January 1 through December 31, 2025"),
        ),
        "period_start",
        "2025-01-01",
    ),
    Case(
        "period-in-summary-table-only",
        report(
            cover=f"{COMPANY}\nSOC 2 Type 2 Report",
            scope_block=Text(
                f"We have examined {COMPANY}'s description of its Pulse platform for "
                "the review period and the operating effectiveness of its controls, "
                "based on the criteria relevant to security."
            ),
            opinion_block=Text(
                "In our opinion, in all material respects, the controls operated "
                "effectively throughout the review period."
            ),
            more=[
                [
                    Text("Executive Summary", bold=True),
                    Table(
                        [
                            ["Item", "Detail"],
                            ["Review Period", "July 1, 2024 through June 30, 2025"],
                            ["Opinion", "Unqualified"],
                        ]
                    ),
                ]
            ],
        ),
        "period_end",
        "2025-06-30",
    ),
    Case(
        "period-not-taken-from-a-vendor-report-or-bridge-letter",
        report(
            more=[
                Text(
                    "Subservice organizations. Google Cloud's own SOC 2 report covers the period "
                    "October 1, 2024 to September 30, 2025. A bridge letter will cover April 1, "
                    "2026 through June 30, 2026 until our next examination."
                )
            ]
        ),
        "period_end",
        "2026-03-31",
    ),
    Case(
        "type1-as-of",
        report(
            cover=f"{COMPANY}\nSOC 2 Type 1 Report\nas of December 31, 2025",
            scope_block=Text(
                f"We have examined {COMPANY}'s description of its Pulse platform as of "
                "December 31, 2025 and the suitability of the design of its controls, "
                "based on the trust services criteria relevant to security."
            ),
            opinion_block=Text(
                "In our opinion, in all material respects, the controls stated in the "
                "description were suitably designed as of December 31, 2025."
            ),
        ),
        "period_end",
        "2025-12-31",
    ),
    Case(
        "soc3-during-the-period",
        [
            f"{COMPANY}\nSOC 3 Report\nSecurity and Availability",
            [
                Text("Report of Independent Accountants", bold=True),
                Text(
                    "In our opinion, management's assertion that the controls were effective "
                    "during the period October 1, 2024 through September 30, 2025 is fairly "
                    "stated, in all material respects, based on the criteria relevant to "
                    "security and availability."
                ),
                SIGNATURE,
            ],
        ],
        "period_end",
        "2025-09-30",
    ),
    # --- trust services categories --------------------------------------------------------
    Case(
        "criteria-no-serial-comma",
        report(scope_block=scope(criteria="security, availability and confidentiality")),
        "trust_criteria",
        ["availability", "confidentiality", "security"],
    ),
    Case(
        "criteria-capitalised-before-the-noun",
        report(
            scope_block=Text(
                f"We examined {COMPANY}'s description and the operating effectiveness of its "
                "controls for the period April 1, 2025 to March 31, 2026 against the Security "
                "and Availability Trust Services Criteria."
            )
        ),
        "trust_criteria",
        ["availability", "security"],
    ),
    Case(
        "criteria-common-criteria-only",
        report(
            scope_block=Text(
                f"We examined {COMPANY}'s description and its controls for the period "
                f"{PERIOD}. The applicable trust services criteria are the Common Criteria "
                "(Security); no other category was included in this engagement."
            )
        ),
        "trust_criteria",
        ["security"],
    ),
    Case(
        "criteria-in-a-two-column-table",
        report(
            cover=f"{COMPANY}\nSOC 2 Type 2 Report",
            scope_block=Text(
                f"We examined {COMPANY}'s description and its controls for the period "
                f"{PERIOD} based on the applicable trust services criteria."
            ),
            more=[
                Table(
                    [
                        ["Report Attribute", "Value"],
                        ["Applicable Trust Services Criteria", "Security, Availability"],
                        ["Examination Period", PERIOD],
                    ]
                )
            ],
        ),
        "trust_criteria",
        ["availability", "security"],
    ),
    Case(
        "criteria-only-in-executive-summary",
        [
            f"{COMPANY}\nSOC 2 Type 2 Report\n{PERIOD}",
            [
                Text("Executive Summary", bold=True),
                Table(
                    [
                        ["", ""],
                        [
                            "Trust Services Categories in Scope",
                            "Security, Confidentiality, Privacy",
                        ],
                        ["Subservice Organizations", "Amazon Web Services"],
                        ["Opinion", "Unqualified"],
                    ]
                ),
            ],
            [
                Text("Independent Service Auditor's Report", bold=True),
                Text(
                    f"We have examined {COMPANY}'s description for the period {PERIOD} and "
                    "the operating effectiveness of its controls based on the applicable "
                    "trust services criteria."
                ),
                Text("Opinion", bold=True),
                opinion(),
                SIGNATURE,
            ],
        ],
        "trust_criteria",
        ["confidentiality", "privacy", "security"],
    ),
    Case(
        "criteria-old-principles",
        report(
            scope_block=Text(
                f"We have examined {COMPANY}'s description for the period {PERIOD} and the "
                "operating effectiveness of its controls to meet the criteria for the security "
                "and availability principles set forth in TSP section 100A."
            )
        ),
        "trust_criteria",
        ["availability", "security"],
    ),
    Case(
        "criteria-four-in-the-title",
        report(
            cover=f"{COMPANY}\nSOC 2 Type 2 Report on Controls Relevant to Security, "
            "Availability, Processing Integrity, and Confidentiality\n" + PERIOD,
            scope_block=scope(
                criteria="security, availability, processing integrity, and confidentiality"
            ),
        ),
        "trust_criteria",
        ["availability", "confidentiality", "processing_integrity", "security"],
    ),
    Case(
        "criteria-privacy-policy-is-not-privacy-category",
        report(
            scope_block=scope(criteria="security"),
            more=[
                Text(
                    "Our privacy policy tells visitors how their personal information "
                    "is used. Privacy requests are answered within 30 days and the "
                    "privacy team reports to the general counsel."
                )
            ],
        ),
        "trust_criteria",
        ["security"],
    ),
    Case(
        "criteria-report-says-privacy-not-addressed",
        report(
            scope_block=Text(
                f"We examined {COMPANY}'s description for the period {PERIOD} based on the "
                "trust services criteria relevant to security, availability, and processing "
                "integrity. This report does not address the Privacy category or the "
                "Confidentiality category."
            )
        ),
        "trust_criteria",
        ["availability", "processing_integrity", "security"],
    ),
    Case(
        "criteria-aicpa-definitions-list-all-five",
        report(
            scope_block=scope(criteria="security and confidentiality"),
            more=[
                Text(
                    "Trust Services Categories. The AICPA defines five categories: "
                    "security, availability, processing integrity, confidentiality "
                    "and privacy. A service organization chooses which of them an "
                    "examination covers."
                )
            ],
        ),
        "trust_criteria",
        ["confidentiality", "security"],
    ),
    # --- opinion --------------------------------------------------------------------------
    Case(
        "opinion-unqualified-presents-fairly",
        report(
            opinion_block=Text(
                "In our opinion, the description referred to above presents fairly, in all "
                f"material respects, the Pulse platform for the period {PERIOD}, and the "
                "controls operated effectively throughout that period."
            )
        ),
        "opinion",
        "unqualified",
    ),
    Case(
        "opinion-soc3-fairly-stated",
        report(
            cover=f"{COMPANY}\nSOC 3 Report\n{PERIOD}",
            opinion_block=Text(
                "In our opinion, management's assertion referred to above is fairly "
                "stated, in all material respects."
            ),
        ),
        "opinion",
        "unqualified",
    ),
    Case(
        "opinion-qualified-matters-plural",
        report(
            basis=[
                Text("Basis for Qualified Opinion", bold=True),
                Text(
                    "Quarterly user access reviews were not performed for two of the "
                    "four quarters, so criterion CC6.2 was not met."
                ),
            ],
            opinion_heading="Qualified Opinion",
            opinion_block=Text(
                "In our opinion, except for the matters described in the Basis for "
                "Qualified Opinion section, in all material respects, the controls "
                f"operated effectively throughout the period {PERIOD}."
            ),
        ),
        "opinion",
        "qualified",
    ),
    Case(
        "opinion-qualified-preceding-paragraph",
        report(
            basis=[
                Text("Basis for Qualified Opinion", bold=True),
                Text("Backups were not tested during the period."),
            ],
            opinion_heading="Qualified Opinion",
            opinion_block=Text(
                "In our opinion, except for the effects of the matter described in the "
                "preceding paragraph, the controls were suitably designed and operated "
                f"effectively throughout the period {PERIOD}, in all material respects."
            ),
        ),
        "opinion",
        "qualified",
    ),
    Case(
        "opinion-adverse",
        report(
            basis=[
                Text("Basis for Adverse Opinion", bold=True),
                Text("Change management controls were not in operation for most of the period."),
            ],
            opinion_heading="Adverse Opinion",
            opinion_block=Text(
                "In our opinion, because of the significance of the matter described in "
                "the Basis for Adverse Opinion paragraph, the description does not "
                f"present fairly the Pulse platform for the period {PERIOD}, and the "
                "controls did not operate effectively."
            ),
        ),
        "opinion",
        "adverse",
    ),
    Case(
        "opinion-disclaimer",
        report(
            basis=[
                Text("Basis for Disclaimer of Opinion", bold=True),
                Text(
                    "Management could not provide system logs for the period, and we "
                    "were unable to obtain sufficient appropriate evidence."
                ),
            ],
            opinion_heading="Disclaimer of Opinion",
            opinion_block=Text(
                "Because of the significance of the matter described in the Basis for "
                "Disclaimer of Opinion paragraph, we do not express an opinion on the "
                "description or on the operating effectiveness of the controls."
            ),
        ),
        "opinion",
        "disclaimer",
    ),
    Case(
        "opinion-clean-with-no-opinion-on-other-information",
        report(
            more=[
                Text(
                    "Section V: Other Information Provided by Management. The information in this "
                    "section has not been subjected to the procedures applied in the examination, "
                    "and, accordingly, Kettering Moss LLP expresses no opinion on it."
                )
            ]
        ),
        "opinion",
        "unqualified",
    ),
    Case(
        "opinion-clean-despite-except-for-and-qualified",
        report(
            more=[
                Text(
                    "Section IV: Information Provided by the Service Auditor Except for Control "
                    "Activities and Criteria Mappings. Access reviews are performed by qualified "
                    "personnel. All laptops are encrypted, except for test devices kept in the "
                    "lab."
                )
            ]
        ),
        "opinion",
        "unqualified",
    ),
    # --- exceptions -----------------------------------------------------------------------
    Case(
        "exceptions-table-cell",
        report(
            more=[
                [
                    TESTS_HEADING,
                    matrix(
                        [
                            CLEAN,
                            CLEAN,
                            "Exception noted. For 2 of 25 "
                            "access requests sampled, approval was dated "
                            "after access was granted.",
                            CLEAN,
                        ]
                    ),
                ]
            ]
        ),
        "exceptions",
        1,
    ),
    Case(
        "exceptions-deviations-wording",
        report(
            more=[
                [
                    TESTS_HEADING,
                    matrix(
                        [
                            "No deviations noted.",
                            "Deviation noted: one of 40 changes sampled lacked a peer review.",
                            "No deviations noted.",
                            "Deviations noted. 3 of 60 tickets were closed without approval.",
                        ]
                    ),
                ]
            ]
        ),
        "exceptions",
        2,
    ),
    Case(
        "exceptions-sample-count-only",
        report(
            more=[
                [
                    TESTS_HEADING,
                    matrix(
                        [
                            CLEAN,
                            "For 1 of 25 samples selected, the "
                            "terminated user's account remained active "
                            "for 12 days after the termination date.",
                            CLEAN,
                        ]
                    ),
                ]
            ]
        ),
        "exceptions",
        1,
    ),
    Case(
        "exceptions-none-when-all-clean",
        report(more=[[TESTS_HEADING, matrix(["No deviations noted."] * 6)]]),
        "exceptions",
        0,
    ),
    Case(
        "exceptions-management-response-not-counted",
        report(
            more=[
                [
                    TESTS_HEADING,
                    matrix(
                        [
                            CLEAN,
                            "Exception noted. For 1 of 30 laptops "
                            "inspected, disk encryption was off.",
                            CLEAN,
                        ]
                    ),
                ],
                [
                    Text("Section V: Management's Response to Exceptions", bold=True),
                    Text(
                        "Management's response: the exception noted for CC6.2 was caused by a "
                        "reimaging error. A second exception noted by internal audit in a "
                        "different area was also remediated. Deviation noted in the prior year "
                        "has been closed."
                    ),
                ],
            ]
        ),
        "exceptions",
        1,
    ),
    Case(
        "exceptions-in-a-matrix-without-lines",
        report(
            more=[
                [
                    TESTS_HEADING,
                    matrix(
                        [
                            CLEAN,
                            "Exception noted. For 1 of 25 new "
                            "hires sampled, security training was "
                            "completed late.",
                            CLEAN,
                            "Exception noted. Two of 12 quarterly reviews were missing.",
                            CLEAN,
                        ],
                        ruled=False,
                    ),
                ]
            ]
        ),
        "exceptions",
        2,
    ),
    Case(
        "exceptions-methodology-text-not-counted",
        report(
            more=[
                Text(
                    "Tests of Operating Effectiveness. When a test found nothing wrong, the "
                    "result reads 'No exceptions noted.' Otherwise the result describes the "
                    "exception noted and the number of items affected."
                ),
                [TESTS_HEADING, matrix([CLEAN] * 5)],
            ]
        ),
        "exceptions",
        0,
    ),
    Case(
        "exceptions-non-occurrence-not-counted",
        report(
            more=[
                [
                    TESTS_HEADING,
                    matrix(
                        [
                            CLEAN,
                            "No relevant occurrences during the "
                            "period; the operating effectiveness of "
                            "this control could not be tested.",
                            CLEAN,
                        ]
                    ),
                ]
            ]
        ),
        "exceptions",
        0,
    ),
    Case(
        "exceptions-in-paragraphs-not-a-table",
        report(
            more=[
                [
                    TESTS_HEADING,
                    Text(
                        "CC6.1 Logical access is approved before it is granted.\n"
                        "Test: inspected a sample of 25 access requests.\n"
                        "Result: No exceptions noted."
                    ),
                    Text(
                        "CC7.2 Security alerts are triaged within one business day.\n"
                        "Test: inspected a sample of 40 alerts.\n"
                        "Result: Exception noted. For 3 of 40 alerts sampled, triage "
                        "began after two business days."
                    ),
                ]
            ]
        ),
        "exceptions",
        1,
    ),
    # --- subservice organizations ---------------------------------------------------------
    Case(
        "subservice-carve-out-excluded-from-scope",
        report(
            more=[
                Text(
                    f"{COMPANY} uses Amazon Web Services (AWS) for hosting of its production "
                    "environment. The controls at AWS are excluded from the scope of this "
                    "examination, and the description presents only the controls of the Pulse "
                    "platform."
                )
            ]
        ),
        "subservice_method",
        "carve-out",
    ),
    Case(
        "subservice-carve-out-names-the-provider",
        report(
            more=[
                Text(
                    f"{COMPANY} uses Amazon Web Services (AWS) for hosting of its production "
                    "environment. The controls at AWS are excluded from the scope of this "
                    "examination."
                )
            ]
        ),
        "subservice_organizations",
        Includes(("Amazon Web Services (AWS)",)),
    ),
    Case(
        "subservice-inclusive-method",
        report(
            more=[
                Text(
                    f"{COMPANY} uses Harbor Data Centers, LLC for colocation. The description "
                    "includes the relevant controls of Harbor Data Centers, and our examination "
                    "covered them; this is known as the inclusive method."
                )
            ]
        ),
        "subservice_method",
        "inclusive",
    ),
    Case(
        "subservice-inclusive-keeps-the-legal-suffix",
        report(
            more=[
                Text(
                    f"{COMPANY} uses Harbor Data Centers, LLC for colocation. Our examination "
                    "included the services provided by Harbor Data Centers, LLC, using the "
                    "inclusive method."
                )
            ]
        ),
        "subservice_organizations",
        Includes(("Harbor Data Centers, LLC",)),
    ),
    Case(
        "subservice-runs-on-names-the-provider",
        report(
            more=[
                [
                    Text("Cloud Providers", bold=True),
                    Text(
                        "Pulse runs on Google Cloud Platform (GCP). The services "
                        "provided by GCP were "
                        "not included within the scope of this examination."
                    ),
                ]
            ]
        ),
        "subservice_organizations",
        Includes(("Google Cloud Platform (GCP)",)),
    ),
    Case(
        "subservice-cloud-providers-heading",
        report(
            more=[
                [
                    Text("Cloud Providers", bold=True),
                    Text(
                        "Pulse runs on Google Cloud Platform (GCP). The services "
                        "provided by GCP were "
                        "not included within the scope of this examination, and we "
                        "have not evaluated "
                        "its controls."
                    ),
                ]
            ]
        ),
        "subservice_method",
        "carve-out",
    ),
    Case(
        "subservice-internal-tools-are-not-subservice-orgs",
        report(
            more=[
                Text(
                    f"{COMPANY} uses Amazon Web Services (AWS) for hosting; AWS's services were "
                    "not included within the scope of this examination. Staff collaborate in "
                    "Slack and track work in Jira."
                )
            ]
        ),
        "subservice_organizations",
        Excludes(("Slack", "Jira")),
    ),
    # --- CUECs ----------------------------------------------------------------------------
    Case(
        "cuecs-standard-heading",
        report(
            more=[
                [
                    Text("Complementary User Entity Controls", bold=True),
                    Text(
                        "User entities should review the reports of activity that "
                        "Pulse sends them.\n"
                        "User entities should remove access for their staff who leave."
                    ),
                ]
            ]
        ),
        "cuecs",
        True,
    ),
    Case(
        "cuecs-user-entity-responsibilities",
        report(
            more=[
                [
                    Text("User Entity Responsibilities", bold=True),
                    Text(
                        "Customers are responsible for managing who in their "
                        "organization can sign in.\n"
                        "Customers are responsible for the accuracy of the data they upload."
                    ),
                ]
            ]
        ),
        "cuecs",
        True,
    ),
    Case(
        "cuecs-misspelt-complimentary",
        report(
            more=[
                [
                    Text("Complimentary User Entity Controls", bold=True),
                    Text(
                        "User organizations should enforce multi-factor authentication for their "
                        "administrators."
                    ),
                ]
            ]
        ),
        "cuecs",
        True,
    ),
    Case(
        "cuecs-user-control-considerations",
        report(
            more=[
                [
                    Text("User Control Considerations", bold=True),
                    Text(
                        "The controls below should be in place at user organizations.\n"
                        "1. Notify Larkspur promptly of any suspected security incident."
                    ),
                ]
            ]
        ),
        "cuecs",
        True,
    ),
    # --- auditor and report date ----------------------------------------------------------
    Case("auditor-slash-s-llp", report(), "auditor", "Kettering Moss LLP"),
    Case(
        "auditor-pc-with-city-and-date",
        report(signature=Text("Caldera Assurance Group, P.C.\nPortland, Oregon\nMay 8, 2026")),
        "auditor",
        "Caldera Assurance Group, P.C.",
    ),
    Case(
        "auditor-certified-public-accountants",
        report(
            signature=Text(
                "Ostrander & Vail\nCertified Public Accountants\nTampa, Florida\nMay 8, 2026"
            )
        ),
        "auditor",
        "Ostrander & Vail",
    ),
    Case(
        "auditor-pllc",
        report(signature=Text("Brennan Whitfield CPAs, PLLC\nAustin, Texas\nMay 8, 2026")),
        "auditor",
        "Brennan Whitfield CPAs, PLLC",
    ),
    Case(
        "auditor-llc-signed",
        report(signature=Text("Signed: Quarry Point Assurance, LLC\nDallas, Texas\nMay 8, 2026")),
        "auditor",
        "Quarry Point Assurance, LLC",
    ),
    Case(
        "auditor-not-the-subservice-auditor",
        report(
            signature=Text("Portland, Oregon\nMay 8, 2026"),
            more=[
                Text(
                    "AWS's SOC 2 report was issued by Abernathy Lowe LLP for the "
                    "period ended September 30, 2025."
                )
            ],
        ),
        "auditor",
        None,
    ),
    Case("report-date-under-the-city", report(), "report_date", "2026-05-08"),
    Case(
        "report-date-city-and-date-on-one-line",
        report(signature=Text("/s/ Kettering Moss LLP\nBoston, Massachusetts. May 8, 2026")),
        "report_date",
        "2026-05-08",
    ),
    Case(
        "report-date-day-month-order",
        report(
            signature=Text(
                "Halden Rowe LLP\nChartered Accountants\nLondon, United Kingdom\n8 May 2026"
            )
        ),
        "report_date",
        "2026-05-08",
    ),
    Case(
        "report-date-not-the-period-end",
        report(
            signature=Text("Kettering Moss LLP\nSan Jose, California"),
            more=[Columns("Docusign Envelope ID: 11AA22BB", "Printed June 2, 2026")],
        ),
        "report_date",
        None,
    ),
]


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    """Extract each report once even when several assertions read it."""
    directory = tmp_path_factory.mktemp("paraphrases")
    cache = {}

    def run(case: Case):
        if case.id not in cache:
            path = write_pdf(
                directory / f"{case.id}.pdf",
                case.pages,
                header=f"{COMPANY} - Confidential",
                footer="Page {page} of {pages}",
            )
            with open_pdf(path) as document:
                cache[case.id] = extract_soc2(document)
        return cache[case.id]

    return run


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_paraphrase(extracted, case):
    evidence = extracted(case)
    value = evidence.value(case.fact)
    if isinstance(case.expected, Includes):
        assert value is not None and set(case.expected.items) <= set(value), value
    elif isinstance(case.expected, Excludes):
        assert not set(case.expected.items) & set(value or []), value
    else:
        assert value == case.expected, evidence.warnings
    if case.warning is not None:
        assert any(case.warning in warning for warning in evidence.warnings), evidence.warnings


def test_every_found_fact_is_cited(extracted):
    for case in CASES:
        evidence = extracted(case)
        for name, fact in evidence.facts.items():
            if fact.value not in (None, [], False):
                assert fact.citations, f"{case.id}: {name} has no citation"
