"""A made-up but realistically shaped SOC 2 report, section by section, for the soc2 tests
and the benchmark. Every section is a plain field so a test can swap in the wording it
is about and keep the rest of the report ordinary."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from pdfgen import Columns, Page, Table, Text, write_pdf

PERIOD = "January 1, 2025, to December 31, 2025"

CLEAN = "No exceptions noted."
TERMINATION_EXCEPTION = (
    "Exception noted. For 2 of the 25 terminated employees sampled, network access was "
    "removed 9 and 14 days after termination, later than the 3 business days required."
)
CHANGE_EXCEPTION = (
    "Deviation noted. For 1 of 40 production changes sampled, no evidence of approval "
    "before deployment was retained."
)

HEADER = "Northwind Health Insights, Inc. - Confidential"
FOOTER = "Page {page} of {pages}"


def control_test_rows(
    exceptions: dict[str, str] | None = None, count: int = 18, first: int = 1
) -> list[list[str]]:
    """Rows of a tests-of-controls table; `exceptions` maps a control ID to its result.
    Control IDs run CC1.1, CC1.2, CC1.3, CC2.1 ... starting from the `first`th."""
    exceptions = exceptions or {}
    rows = [["Control", "Control Activity", "Test Performed", "Results of Tests"]]
    for index in range(first, first + count):
        control = f"CC{1 + (index - 1) // 3}.{1 + (index - 1) % 3}"
        rows.append(
            [
                control,
                f"Control activity {index}: access to production systems is reviewed "
                "quarterly by the security team.",
                "Inspected the review evidence for a sample of quarters to determine that "
                "the reviews were performed.",
                exceptions.get(control, CLEAN),
            ]
        )
    return rows


@dataclass
class Soc2Report:
    cover: str = (
        "Northwind Health Insights, Inc.\n"
        "SOC 2 Type II Report\n"
        "Report on Northwind's Description of Its Insight Platform and on the Suitability of "
        "the Design and Operating Effectiveness of Its Controls Relevant to Security, "
        "Availability, and Confidentiality\n"
        f"For the period {PERIOD}"
    )
    scope: str = (
        "We have examined Northwind's accompanying description of its Insight Platform "
        f"throughout the period {PERIOD} (description) and the suitability of the design "
        f"and operating effectiveness of controls stated in the description throughout the "
        f"period {PERIOD}, to provide reasonable assurance that Northwind's service "
        "commitments and system requirements were achieved based on the trust services "
        "criteria relevant to security, availability, and confidentiality (applicable "
        "trust services criteria) set forth in TSP section 100, 2017 Trust Services "
        "Criteria for Security, Availability, Processing Integrity, Confidentiality, and "
        "Privacy (AICPA, Trust Services Criteria)."
    )
    subservice: str = (
        "Northwind uses subservice organizations for cloud hosting and e-mail delivery. "
        "The description does not include any of the controls expected to be implemented "
        "at Amazon Web Services (AWS). Our examination did not include the services "
        "provided by the subservice organizations, and we have not evaluated the "
        "suitability of the design or operating effectiveness of such complementary "
        "subservice organization controls."
    )
    cuec_mention: str = (
        "The description indicates that complementary user entity controls that are "
        "suitably designed and operating effectively are necessary, along with controls at "
        "Northwind, to achieve Northwind's service commitments."
    )
    opinion: str = (
        "In our opinion, in all material respects, (a) the description presents "
        "Northwind's Insight Platform that was designed and implemented throughout the "
        f"period {PERIOD}, in accordance with the description criteria; (b) the controls "
        "stated in the description were suitably designed; and (c) the controls stated in "
        f"the description operated effectively throughout the period {PERIOD}, to provide "
        "reasonable assurance that the service commitments were achieved."
    )
    opinion_heading: str = "Opinion"
    basis: str = ""
    signature: str = "Brightline Assurance LLP\nDenver, Colorado\nFebruary 14, 2026"
    assertion: str = (
        "We have prepared the accompanying description of Northwind's Insight Platform "
        f"throughout the period {PERIOD}. We confirm, to the best of our knowledge and "
        "belief, that the controls stated in the description operated effectively "
        f"throughout the period {PERIOD}."
    )
    description_left: str = (
        "Northwind Health Insights provides product analytics to hospitals and clinics. "
        "High availability is a design goal of the platform, and customer data is kept "
        "confidential. Our privacy policy explains how visitors to our marketing site are "
        "tracked. A Type 2 examination of our new EU region is planned for next year."
    )
    description_right: str = (
        "Subservice Organizations. Northwind uses Amazon Web Services (AWS) for cloud "
        "hosting and Twilio SendGrid for e-mail delivery. The cloud hosting services "
        "provided by AWS and the e-mail services provided by Twilio SendGrid were not "
        "included within the scope of this examination."
    )
    cuec_heading: str = "Complementary User Entity Controls"
    cuec_items: str = (
        "User entities are responsible for removing access for their own staff who leave.\n"
        "User entities are responsible for configuring single sign-on with MFA.\n"
        "User entities are responsible for reviewing the analytics events they send."
    )
    tests_intro: str = (
        "Tests of Controls. Where the test result is shown by the phrase 'No exceptions "
        "noted.', no deviations were found. If exceptions were noted, they are described "
        "in the Results of Tests column."
    )
    test_pages: list[list[list[str]]] = field(
        default_factory=lambda: [
            control_test_rows({"CC6.2": TERMINATION_EXCEPTION}),
            # The same failed control is tested again under another criterion.
            control_test_rows({"CC4.3": CHANGE_EXCEPTION, "CC6.2": TERMINATION_EXCEPTION}),
        ]
    )
    other_information: str = (
        "Section V: Other Information Provided by Northwind. Management's response: the "
        "exception noted for control CC6.2 was remediated by automating offboarding."
    )

    def with_(self, **changes: object) -> Soc2Report:
        return replace(self, **changes)

    def pages(self) -> list[Page]:
        widths = (0.1, 0.3, 0.35, 0.25)
        return [
            self.cover,
            Text(
                "Table of Contents\n"
                "Section I: Independent Service Auditor's Report ........ 3\n"
                "Section II: Management's Assertion ........ 5\n"
                "Section III: Description of the System ........ 6\n"
                "Section IV: Trust Services Criteria, Controls and Tests of Controls .... 8\n"
                "Section V: Other Information Provided by Northwind ........ 10"
            ),
            [
                Text("Section I: Independent Service Auditor's Report", bold=True),
                Text("To the Management of Northwind Health Insights, Inc.:"),
                Text("Scope", bold=True),
                Text(self.scope),
                Text(self.subservice),
                Text(self.cuec_mention),
            ],
            [
                *(
                    [
                        Text(self.basis.split("\n", 1)[0], bold=True),
                        Text(self.basis.split("\n", 1)[1]),
                    ]
                    if self.basis
                    else []
                ),
                Text(self.opinion_heading, bold=True),
                Text(self.opinion),
                Text("Restricted Use", bold=True),
                Text(
                    "This report is intended solely for the information and use of "
                    "Northwind, user entities and prospective user entities."
                ),
                Text(self.signature),
            ],
            [Text("Section II: Management's Assertion", bold=True), Text(self.assertion)],
            [
                Text("Section III: Description of the Insight Platform", bold=True),
                Columns(self.description_left, self.description_right),
            ],
            [Text(self.cuec_heading, bold=True), Text(self.cuec_items)],
            Text(self.tests_intro),
            *[[Table(rows, widths=widths)] for rows in self.test_pages],
            Text(self.other_information),
        ]

    def write(self, path: Path, **options: object) -> Path:
        return write_pdf(path, self.pages(), header=HEADER, footer=FOOTER, **options)
