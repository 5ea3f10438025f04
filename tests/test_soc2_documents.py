"""Whole SOC reports, laid out the way different audit firms lay them out, through
`extract_soc2`: every fact of each report is checked at once, so a rule that only works
on the sample report's layout shows up here.

Each report carries the traps real ones have: a table of contents and an AICPA
definition list naming all five categories, a "Type 1 vs Type 2" explainer inside a Type 2
report, a bridge letter with a later period, running headers and footers, results that
wrap inside a narrow column, day-month dates, and "except" in an unqualified report."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from pdfgen import Columns, Page, Table, Text, write_pdf, write_typeset_pdf

from vendor_eval.evidence.pdf import open_pdf
from vendor_eval.evidence.soc2 import extract_soc2

TSP_TITLE = (
    "set forth in TSP section 100, 2017 Trust Services Criteria for Security, Availability, "
    "Processing Integrity, Confidentiality, and Privacy (AICPA, Trust Services Criteria)"
)

# The five categories as the AICPA defines them: present in many descriptions whatever
# the categories in scope are.
CATEGORY_DEFINITIONS = (
    "Trust Services Categories\n"
    "The AICPA groups the trust services criteria into five categories:\n"
    "Security - information and systems are protected against unauthorized access, "
    "unauthorized disclosure of information, and damage to systems.\n"
    "Availability - information and systems are available for operation and use to meet "
    "the entity's objectives.\n"
    "Processing Integrity - system processing is complete, valid, accurate, timely, and "
    "authorized to meet the entity's objectives.\n"
    "Confidentiality - information designated as confidential is protected to meet the "
    "entity's objectives.\n"
    "Privacy - personal information is collected, used, retained, disclosed, and disposed "
    "of to meet the entity's objectives."
)

TYPE_EXPLAINER = (
    "About SOC 2 reports. A SOC 2 Type 1 report describes a system and says whether its "
    "controls were suitably designed as of a single date. A Type 2 report, such as this "
    "one, also says whether those controls operated effectively over a period of time, "
    "usually six to twelve months. Customers who received our earlier Type I report as of "
    "March 31, 2024 should rely on this report instead."
)


def description_pages(company: str, count: int) -> list[Page]:
    """Ordinary system-description prose, as filler between the sections that matter."""
    topics = [
        (
            "Infrastructure",
            f"{company} runs its production environment in isolated virtual networks. "
            "Load balancers terminate TLS and forward traffic to application servers in "
            "private subnets. Databases are replicated across two availability zones, and "
            "backups are encrypted and copied to a separate region every night.",
        ),
        (
            "Software",
            "The platform consists of an ingestion service, a query engine, a web "
            "application and an administration console. Source code is kept in a private "
            "repository; every change is peer reviewed and passes automated tests before "
            "it can be merged.",
        ),
        (
            "People",
            f"{company} is organised into engineering, security, customer success and "
            "finance teams. The Chief Technology Officer is responsible for the system; the "
            "Security Lead chairs a monthly risk meeting that reviews open issues, vendor "
            "assessments and the results of penetration tests.",
        ),
        (
            "Data",
            "Customer data consists of event records sent by customers' applications, "
            "account settings and support tickets. Data is classified as public, internal "
            "or confidential; confidential data is encrypted at rest with keys held in a "
            "managed key service and rotated every year.",
        ),
        (
            "Change Management",
            "Changes to infrastructure are made through code and follow the same review "
            "process as application changes. Emergency changes may be deployed with one "
            "approver and are reviewed within two business days.",
        ),
        (
            "Incident Response",
            "An incident response plan defines severity levels, roles and communication "
            "steps. The plan is tested every year with a tabletop exercise, and lessons "
            "learned are tracked to closure in the ticketing system.",
        ),
        (
            "Risk Assessment",
            "Management performs a risk assessment every year that considers threats to the "
            "service commitments, the likelihood and impact of each, and the controls that "
            "address them. Fraud risk is considered as part of the same assessment.",
        ),
        (
            "Monitoring",
            "Logs from production systems are collected centrally and retained for one year. "
            "Alerts for suspicious activity page the on-call engineer, who triages them "
            "according to the incident response plan.",
        ),
    ]
    pages: list[Page] = []
    for index in range(count):
        picked = [topics[(2 * index) % len(topics)], topics[(2 * index + 1) % len(topics)]]
        blocks: list[Text] = []
        for title, body in picked:
            blocks += [Text(title, bold=True), Text(body), Text(body.replace(". ", ".\n", 1))]
        pages.append(blocks)
    return pages


def matrix_rows(
    prefix: str,
    first: int,
    count: int,
    results: dict[int, str],
    clean: Callable[[int], str],
    *,
    criteria: Callable[[int], str] | None = None,
) -> list[list[str]]:
    """Rows of a tests-of-controls matrix: control ID, activity, (criteria), test, result."""
    header = ["Control #", "Control Activity", "Tests Performed", "Test Results"]
    if criteria:
        header.insert(1, "Criteria")
    rows = [header]
    for number in range(first, first + count):
        row = [
            f"{prefix}-{number:02d}",
            f"Control activity {number}: changes to production systems and user access "
            "are approved by an authorised reviewer before they take effect.",
            "Inspected the approval records for a sample of changes and access requests "
            "to determine that each was approved before it took effect.",
            results.get(number, clean(number)),
        ]
        if criteria:
            row.insert(1, criteria(number))
        rows.append(row)
    return rows


@dataclass
class Case:
    name: str
    pages: list[Page]
    expected: dict[str, object]
    header: str | None = None
    footer: str | None = None
    typeset: bool = False
    # fact -> pages its citations must all come from (to catch a TOC or bridge-letter hit)
    cited_on: dict[str, set[int]] = field(default_factory=dict)


# --- 1. A large firm's Type 2: executive summary table, a TOC naming every category ----


def big_firm_type2() -> Case:
    company = "Ardent Cloud Analytics"
    period = "October 1, 2024 through September 30, 2025"
    pages: list[Page] = [
        Text(
            "Ardent Cloud Analytics, Inc.\n\nSystem and Organization Controls (SOC) 2 Report\n"
            "Type 2\n\nReport on Ardent's Event Analytics Platform Relevant to Security, "
            f"Availability and Confidentiality\n\nFor the period {period}\n\n"
            "Prepared by Whitcombe Harrow LLP",
            size=14,
        ),
        [
            Text("Executive Summary", bold=True, size=12),
            Table(
                [
                    ["Item", "Summary"],
                    ["Scope", "Ardent Event Analytics Platform"],
                    ["Period of Examination", period],
                    [
                        "Applicable Trust Services Categories",
                        "Security, Availability, Confidentiality",
                    ],
                    ["Subservice Organizations", "Amazon Web Services, Inc. (carve-out method)"],
                    ["Opinion Result", "Unqualified"],
                    ["Testing Exceptions", "1"],
                ],
                widths=(0.35, 0.65),
                size=10,
            ),
        ],
        Text(
            "Table of Contents\n"
            "Section I - Independent Service Auditor's Report .......... 4\n"
            "    Opinion .......... 5\n"
            "    Basis for Qualified or Adverse Opinions (not applicable) .......... 5\n"
            "Section II - Management of Ardent Cloud Analytics' Assertion .......... 6\n"
            "Section III - Description of the Event Analytics Platform .......... 7\n"
            "    Trust Services Categories: Security, Availability, Processing Integrity, "
            "Confidentiality and Privacy .......... 8\n"
            "    Subservice Organizations .......... 10\n"
            "    Complementary User Entity Controls .......... 10\n"
            "Section IV - Information Provided by the Independent Service Auditor Except for "
            "Control Activities and Criteria Mappings .......... 11\n"
            "Section V - Other Information Provided by Ardent (unaudited) .......... 15"
        ),
        [
            Text("Section I - Independent Service Auditor's Report", bold=True, size=12),
            Text("To the Board of Directors of Ardent Cloud Analytics, Inc.:"),
            Text("Scope", bold=True),
            Text(
                "We have examined Ardent's accompanying description of its Event Analytics "
                f"Platform found in Section III throughout the period {period} (description), "
                "based on the criteria for a description of a service organization's system "
                "in DC section 200, 2018 Description Criteria, and the suitability of the "
                "design and operating effectiveness of controls stated in the description "
                f"throughout the period {period}, to provide reasonable assurance that "
                "Ardent's service commitments and system requirements were achieved based on "
                "the trust services criteria relevant to security, availability, and "
                f"confidentiality (applicable trust services criteria) {TSP_TITLE}."
            ),
            Text(
                "Ardent uses Amazon Web Services, Inc. (AWS), a subservice organization, to "
                "provide cloud hosting. The description indicates that complementary "
                "subservice organization controls that are suitably designed and operating "
                "effectively are necessary, along with controls at Ardent, to achieve "
                "Ardent's service commitments. The description presents Ardent's controls "
                "and the types of complementary subservice organization controls assumed in "
                "the design of Ardent's controls, but does not disclose the actual controls "
                "at AWS. Our examination did not include the services provided by AWS, and "
                "we have not evaluated the suitability of the design or operating "
                "effectiveness of such complementary subservice organization controls."
            ),
            Text(
                "The description indicates that complementary user entity controls that are "
                "suitably designed and operating effectively are necessary, along with "
                "controls at Ardent, to achieve Ardent's service commitments. Our "
                "examination did not include such complementary user entity controls."
            ),
            Text("Service Auditor's Responsibilities", bold=True),
            Text(
                "Our responsibility is to express an opinion on the description and on the "
                "suitability of design and operating effectiveness of controls based on our "
                "examination. We believe that the evidence we obtained is sufficient and "
                "appropriate to provide a reasonable basis for our opinion."
            ),
        ],
        [
            Text("Inherent Limitations", bold=True),
            Text(
                "Because of their nature, controls may not always operate effectively. "
                "Projections to future periods are subject to the risk that controls may "
                "become inadequate because of changes in conditions."
            ),
            Text("Opinion", bold=True),
            Text(
                "In our opinion, in all material respects,\n"
                "a. the description presents Ardent's Event Analytics Platform that was "
                f"designed and implemented throughout the period {period}, in accordance "
                "with the description criteria.\n"
                "b. the controls stated in the description were suitably designed throughout "
                f"the period {period}, to provide reasonable assurance that Ardent's service "
                "commitments would be achieved if its controls operated effectively and if "
                "AWS applied the complementary controls assumed in the design of Ardent's "
                "controls.\n"
                "c. the controls stated in the description operated effectively throughout "
                f"the period {period}, to provide reasonable assurance that Ardent's service "
                "commitments were achieved."
            ),
            Text("Restricted Use", bold=True),
            Text(
                "This report is intended solely for the information and use of Ardent, user "
                "entities of the Event Analytics Platform during some or all of the period "
                "and prospective user entities, and is not intended to be used by anyone "
                "other than these specified parties."
            ),
            Text("Whitcombe Harrow LLP\nChicago, Illinois\nNovember 21, 2025"),
        ],
        [
            Text("Section II - Management of Ardent Cloud Analytics' Assertion", bold=True),
            Text(
                "We have prepared the accompanying description of Ardent's Event Analytics "
                f"Platform throughout the period {period}. We confirm, to the best of our "
                "knowledge and belief, that the controls stated in the description operated "
                f"effectively throughout the period {period}.\n\nArdent Cloud Analytics, Inc.\n"
                "November 21, 2025"
            ),
        ],
        [
            Text("Section III - Description of the Event Analytics Platform", bold=True),
            Text("Company Overview", bold=True),
            Text(
                f"{company} provides event analytics to digital health companies. Customers "
                "send product usage events from their applications and query them in "
                "dashboards."
            ),
            Text(TYPE_EXPLAINER),
        ],
        Text(CATEGORY_DEFINITIONS),
        *description_pages(company, 2),
        [
            Text("Subservice Organizations", bold=True),
            Text(
                "Ardent uses AWS for infrastructure as a service. The controls at AWS are not "
                "included in this description. It is expected that AWS has implemented "
                "controls over physical access to its data centers and over the "
                "environmental protection of the hardware that runs the platform."
            ),
            Text("Complementary User Entity Controls", bold=True),
            Text(
                "1. User entities are responsible for managing their users' access to the "
                "platform and removing it promptly.\n"
                "2. User entities are responsible for not sending data they are not permitted "
                "to share.\n"
                "3. User entities are responsible for protecting their API keys."
            ),
        ],
        Text(
            "Section IV - Information Provided by the Independent Service Auditor Except for "
            "Control Activities and Criteria Mappings\n\n"
            "Tests of operating effectiveness were performed by inquiry, observation, "
            "inspection and reperformance. Where no exception was found, the result column "
            "reads 'No exceptions noted.' Where the circumstances that call for a control "
            "did not occur during the period, the result says so and is not an exception."
        ),
        [
            Table(
                matrix_rows("ACA", 1, 9, {}, lambda n: "No exceptions noted."),
                widths=(0.1, 0.32, 0.36, 0.22),
            )
        ],
        [
            Table(
                matrix_rows(
                    "ACA",
                    10,
                    9,
                    {
                        13: "Exception noted. For 1 of 25 new hires sampled, security "
                        "awareness training was completed 45 days after the start date, "
                        "later than the 30 days required by policy.",
                        16: "No relevant instances occurred during the period; therefore the "
                        "operating effectiveness of this control could not be tested.",
                    },
                    lambda n: "No exceptions noted.",
                ),
                widths=(0.1, 0.32, 0.36, 0.22),
            )
        ],
        [
            Table(
                matrix_rows("ACA", 19, 9, {}, lambda n: "No exceptions noted."),
                widths=(0.1, 0.32, 0.36, 0.22),
            )
        ],
        Text(
            "Section V - Other Information Provided by Ardent (unaudited)\n\n"
            "Management's Response to Exceptions. ACA-13: the new hire concerned completed "
            "the training once reminded; onboarding now blocks production access until "
            "training is complete. The auditor expresses no opinion on this information."
        ),
    ]
    return Case(
        "big-firm-type2",
        pages,
        {
            "report_kind": "soc2",
            "report_type": "type2",
            "trust_criteria": ["availability", "confidentiality", "security"],
            "period_start": "2024-10-01",
            "period_end": "2025-09-30",
            "opinion": "unqualified",
            "exceptions": 1,
            "subservice_organizations": ["Amazon Web Services"],
            "subservice_method": "carve-out",
            "cuecs": True,
            "auditor": "Whitcombe Harrow LLP",
            "report_date": "2025-11-21",
        },
        header="Ardent Cloud Analytics, Inc. | SOC 2 Type 2 | Proprietary and Confidential",
        footer="{page}",
        cited_on={"trust_criteria": {1, 2, 4}, "exceptions": {14}, "opinion": {2, 5}},
    )


# --- 2. A small firm's Type I "as of" a date, with a future Type 2 period mentioned ----


def boutique_type1() -> Case:
    company = "Lumen Patient Insights"
    as_of = "September 30, 2025"
    pages: list[Page] = [
        Text(
            "LUMEN PATIENT INSIGHTS, LLC\nThe contents of this report are confidential\n\n"
            "SOC 2 TYPE I REPORT\n\nDESCRIPTION OF THE PATIENT "
            f"INSIGHTS SYSTEM AND THE SUITABILITY OF THE DESIGN OF CONTROLS AS OF {as_of.upper()}",
            size=14,
        ),
        [
            Text("PRAIRIE LEDGER CPAs, PLLC", bold=True),
            Text("1200 Harney Street, Suite 400, Omaha, Nebraska 68102"),
            Text("INDEPENDENT SERVICE AUDITOR'S REPORT", bold=True),
            Text("To Lumen Patient Insights, LLC"),
            Text("Scope", bold=True),
            Text(
                "We have examined Lumen's accompanying description of its Patient Insights "
                f"system as of {as_of} (description), based on the criteria set forth in DC "
                "section 200, 2018 Description Criteria, and the suitability of the design of "
                f"controls stated in the description as of {as_of}, to provide reasonable "
                "assurance that Lumen's service commitments and system requirements would be "
                "achieved based on the trust services criteria relevant to security "
                f"(applicable trust services criteria) {TSP_TITLE}."
            ),
            Text(
                "Lumen uses Google Cloud Platform (GCP) to host its infrastructure. The "
                "description does not include any of the controls expected to be "
                "implemented at GCP. Our examination did not extend to the services provided "
                "by GCP."
            ),
            Text(
                "The description indicates that complementary user entity controls that are "
                "suitably designed are necessary, along with controls at Lumen, to achieve "
                "Lumen's service commitments."
            ),
            Text(
                "We did not perform any procedures regarding the operating effectiveness of "
                "controls stated in the description. Accordingly, we do not express an "
                "opinion on the operating effectiveness of any controls."
            ),
        ],
        [
            Text("Opinion", bold=True),
            Text(
                "In our opinion, in all material respects, (a) the description presents the "
                f"Patient Insights system that was designed and implemented as of {as_of}, in "
                "accordance with the description criteria, and (b) the controls stated in the "
                f"description were suitably designed as of {as_of}, to provide reasonable "
                "assurance that Lumen's service commitments would be achieved if its controls "
                "operated effectively as of that date."
            ),
            Text("Restricted Use", bold=True),
            Text(
                "This report is intended solely for the information and use of Lumen and its "
                "customers."
            ),
            Text("Prairie Ledger CPAs, PLLC\nOmaha, Nebraska\nOctober 24, 2025"),
        ],
        [
            Text("MANAGEMENT'S ASSERTION", bold=True),
            Text(
                f"We have prepared the accompanying description of our system as of {as_of}. "
                f"The controls stated in the description were suitably designed as of {as_of}."
            ),
        ],
        [
            Text("DESCRIPTION OF THE PATIENT INSIGHTS SYSTEM", bold=True),
            Text(
                f"{company} turns hospital scheduling data into dashboards. This is Lumen's "
                "first SOC 2 examination. Our next examination will be a Type 2 covering the "
                "period October 1, 2025 through March 31, 2026, as of which date we expect "
                "every control to have operated for six months."
            ),
        ],
        *description_pages(company, 2),
        [
            Text("USER ENTITY RESPONSIBILITIES", bold=True),
            Text(
                "Lumen's controls were designed with the assumption that customers would "
                "implement the following controls:\n"
                "- Customers restrict who in their organisation may invite users to Lumen.\n"
                "- Customers review their users' access every quarter.\n"
                "- Customers notify Lumen promptly of any suspected misuse of their accounts."
            ),
        ],
        [
            Text("CONTROLS STATED IN THE DESCRIPTION", bold=True),
            Text(
                "The controls below were evaluated for the suitability of their design only; "
                "their operating effectiveness was not tested."
            ),
            Table(
                [["Control #", "Criteria", "Control Activity"]]
                + [
                    [
                        f"LPI-{n:02d}",
                        f"CC{1 + n // 4}.{1 + n % 3}",
                        f"Control {n}: access to production requires single sign-on with "
                        "multi-factor authentication and is reviewed every quarter.",
                    ]
                    for n in range(1, 15)
                ],
                widths=(0.15, 0.15, 0.7),
            ),
        ],
    ]
    return Case(
        "boutique-type1",
        pages,
        {
            "report_kind": "soc2",
            "report_type": "type1",
            "trust_criteria": ["security"],
            "as_of": "2025-09-30",
            "opinion": "unqualified",
            "exceptions": None,
            "subservice_organizations": ["Google Cloud Platform"],
            "subservice_method": "carve-out",
            "cuecs": True,
            "auditor": "Prairie Ledger CPAs, PLLC",
            "report_date": "2025-10-24",
        },
        footer="Lumen Patient Insights - SOC 2 Type I - Page {page} of {pages}",
    )


# --- 3. A SOC 3 with a seal page and a "SOC 2 Type 2" footer -----------------------------


def soc3_with_seal() -> Case:
    company = "Quillfeather Systems"
    period = "July 1, 2024 to June 30, 2025"
    pages: list[Page] = [
        Text(
            "Quillfeather Systems, Inc.\n\nSOC 3 Report\n\nReport on Controls at a Service "
            "Organization Relevant to Security and Availability\n\n"
            f"For the Period {period}",
            size=14,
        ),
        Text(
            "AICPA\nSOC\naicpa.org/soc4so\n\nSOC for Service Organizations | Service "
            "Organizations\n\nThis seal shows that Quillfeather has completed a SOC "
            "examination performed by an independent CPA firm.",
            size=16,
        ),
        [
            Text("Independent Service Auditor's Report", bold=True),
            Text("To the Management of Quillfeather Systems, Inc.:"),
            Text("Scope", bold=True),
            Text(
                "We have examined Quillfeather's accompanying assertion titled 'Assertion of "
                "Quillfeather Systems, Inc. Management' (assertion) that the controls within "
                f"Quillfeather's Records Exchange system were effective throughout the period "
                f"{period}, to provide reasonable assurance that Quillfeather's service "
                "commitments and system requirements were achieved based on the trust "
                "services criteria relevant to security and availability (applicable trust "
                f"services criteria) {TSP_TITLE}."
            ),
            Text(
                "Quillfeather uses Snowflake Inc. for data warehousing and Okta, Inc. for "
                "workforce identity. The description of the boundaries of the system "
                "indicates that complimentary subservice organization controls are "
                "necessary. The data warehousing services provided by Snowflake and the "
                "identity services provided by Okta were not included within the scope of "
                "this examination."
            ),
        ],
        [
            Text("Opinion", bold=True),
            Text(
                "In our opinion, management's assertion that the controls within "
                "Quillfeather's Records Exchange system were effective throughout the period "
                f"{period}, to provide reasonable assurance that Quillfeather's service "
                "commitments and system requirements were achieved based on the applicable "
                "trust services criteria, is fairly stated, in all material respects."
            ),
            Text("Morrow Lindqvist & Co., LLP\nPortland, Oregon\nAugust 15, 2025"),
        ],
        [
            Text("Assertion of Quillfeather Systems, Inc. Management", bold=True),
            Text(
                "We are responsible for designing, implementing, operating, and maintaining "
                "effective controls within the Records Exchange system throughout the period "
                f"{period}. We assert that the controls within the system were effective "
                f"throughout the period {period}."
            ),
        ],
        [
            Text("Description of the Boundaries of the Records Exchange System", bold=True),
            Text(
                f"{company} moves referral documents between clinics. The system includes "
                "the web application, the document store and the people who operate them."
            ),
        ],
        *description_pages(company, 2),
        [
            Text("Complementary User Entity Controls", bold=True),
            Text(
                "User entities are responsible for approving the clinics they exchange "
                "records with.\nUser entities are responsible for revoking access of "
                "departed staff."
            ),
        ],
    ]
    return Case(
        "soc3-with-seal",
        pages,
        {
            "report_kind": "soc3",
            "report_type": None,
            "trust_criteria": ["availability", "security"],
            "period_start": "2024-07-01",
            "period_end": "2025-06-30",
            "opinion": "unqualified",
            "exceptions": None,
            "subservice_organizations": ["Okta", "Snowflake"],
            "subservice_method": "carve-out",
            "cuecs": True,
            "auditor": "Morrow Lindqvist & Co., LLP",
            "report_date": "2025-08-15",
        },
        footer="Quillfeather SOC 2 Type 2 Report - general use summary - {page}",
    )


# --- 4. A qualified Type II, day-month dates, results wrapping in a narrow column ------


def qualified_type2_day_month() -> Case:
    period = "1 January 2025 to 31 December 2025"
    failed_access = (
        "Exception noted. For 4 of the 25 terminated users sampled, logical access was "
        "removed between 3 and 11 business days after termination, later than the one "
        "business day required."
    )
    failed_vendor = (
        "Deviation noted: the annual review of 2 of the 6 critical vendors sampled was not "
        "performed during the period."
    )
    clean_words = ["No deviations noted.", "Tested without exception.", "No exceptions identified."]

    def clean(number: int) -> str:
        return clean_words[number % 3]

    def criteria(number: int) -> str:
        return f"CC{1 + number // 5}.{1 + number % 4}"

    widths = (0.1, 0.1, 0.3, 0.32, 0.18)  # a narrow result column: long results wrap
    pages: list[Page] = [
        Text(
            "Brindle Metrics Ltd\n\nSOC 2 Type II Report on the Brindle Insights Service\n\n"
            "Relevant to Security and Confidentiality\n\n"
            f"For the period {period}",
            size=14,
        ),
        Text(
            "Contents\n"
            "1. Independent Service Auditor's Report\n"
            "   Basis for Qualified Opinion\n"
            "   Qualified Opinion\n"
            "2. Management's Assertion\n"
            "3. Description of the Brindle Insights Service\n"
            "   3.4 Privacy\n"
            "4. Tests of Controls and Results\n"
            "5. Management's Response to Exceptions"
        ),
        [
            Text("1. Independent Service Auditor's Report", bold=True),
            Text("To the Directors of Brindle Metrics Ltd"),
            Text("Scope", bold=True),
            Text(
                "We have examined Brindle's accompanying description of its Brindle Insights "
                f"service throughout the period {period} (the description) and the "
                "suitability of the design and operating effectiveness of the controls stated "
                f"in the description throughout the period {period}, to provide reasonable "
                "assurance that Brindle's service commitments and system requirements were "
                "achieved based on the trust services criteria relevant to security and "
                f"confidentiality (applicable trust services criteria) {TSP_TITLE}."
            ),
            Text(
                "Brindle uses Microsoft Azure as a subservice organization for hosting. The "
                "description does not include any of the controls expected to be implemented "
                "at Microsoft Azure, and our examination did not include the services it "
                "provides."
            ),
            Text(
                "The description indicates that complementary user entity controls are "
                "necessary to achieve Brindle's service commitments."
            ),
            Text("Basis for Qualified Opinion", bold=True),
            Text(
                "Brindle states in its description that logical access of terminated users is "
                "removed within one business day. As described in Section 4, for 4 of the 25 "
                "terminated users we sampled, access was removed between 3 and 11 business "
                "days after termination. As a result, the controls were not operating "
                "effectively to meet criterion CC6.2, Removal of access, throughout the "
                "period."
            ),
        ],
        [
            Text("Qualified Opinion", bold=True),
            Text(
                "In our opinion, except for the effects of the matter described in the Basis "
                "for Qualified Opinion paragraph, in all material respects, (a) the "
                "description presents the Brindle Insights service that was designed and "
                f"implemented throughout the period {period}; (b) the controls stated in the "
                f"description were suitably designed throughout the period {period}; and (c) "
                "the controls stated in the description operated effectively throughout the "
                f"period {period}, to provide reasonable assurance that Brindle's service "
                "commitments were achieved."
            ),
            Text(
                "Ashdown Carrick LLP\nChartered Accountants\n"
                "London, United Kingdom\n27 February 2026"
            ),
        ],
        [
            Text("2. Management's Assertion", bold=True),
            Text(
                "We have prepared the description of the Brindle Insights service throughout "
                f"the period {period}. Except for the matter described in the auditor's Basis "
                "for Qualified Opinion, the controls operated effectively throughout the "
                "period.\n\nSigned on behalf of the board, 27 February 2026"
            ),
        ],
        [
            Text("3. Description of the Brindle Insights Service", bold=True),
            Text(
                "Brindle measures how patients use appointment-booking sites. All analytics "
                "are computed in the United Kingdom."
            ),
            Text("3.4 Privacy", bold=True),
            Text(
                "Brindle's privacy notice explains what personal information visitors provide "
                "and how long it is kept. Privacy requests are answered within one month."
            ),
            Text("Complementary User Entity Controls", bold=True),
            Text(
                "Customers are responsible for configuring which pages send events.\n"
                "Customers are responsible for removing their own users' access."
            ),
        ],
        *description_pages("Brindle", 2),
        Text(
            "4. Tests of Controls and Results\n\nThe service auditor's tests and their results "
            "are shown below. Results such as 'No deviations noted.' mean the control "
            "operated as described for every item sampled."
        ),
        [
            Table(
                matrix_rows("BM", 1, 10, {7: failed_vendor}, clean, criteria=criteria),
                widths=widths,
            )
        ],
        [
            Table(
                matrix_rows("BM", 11, 10, {12: failed_access}, clean, criteria=criteria),
                widths=widths,
            )
        ],
        [
            Text("Controls mapped to more than one criterion", bold=True),
            Table(
                [
                    [
                        "Control #",
                        "Criteria",
                        "Control Activity",
                        "Tests Performed",
                        "Test Results",
                    ],
                    [
                        "BM-12",
                        "C1.2",
                        "Control activity 12: access of terminated users is removed within "
                        "one business day.",
                        "Inspected the access removal tickets for a sample of terminated users.",
                        failed_access,
                    ],
                    [
                        "BM-31",
                        "C1.1",
                        "Control activity 31: confidential data is encrypted at rest.",
                        "Inspected the encryption configuration of the data stores.",
                        "Exception noted. One of the 9 data stores inspected was not encrypted "
                        "until 14 March 2025.",
                    ],
                ],
                widths=widths,
            ),
        ],
        Text(
            "5. Management's Response to Exceptions (not covered by the auditor's opinion)\n\n"
            "BM-12: offboarding is now automated from the HR system.\n"
            "BM-07: both vendor reviews were completed in January 2026.\n"
            "BM-31: the data store was encrypted in March 2025."
        ),
    ]
    return Case(
        "qualified-type2-day-month",
        pages,
        {
            "report_kind": "soc2",
            "report_type": "type2",
            "trust_criteria": ["confidentiality", "security"],
            "period_start": "2025-01-01",
            "period_end": "2025-12-31",
            "opinion": "qualified",
            "exceptions": 3,
            "subservice_organizations": ["Microsoft Azure"],
            "subservice_method": "carve-out",
            "cuecs": True,
            "auditor": "Ashdown Carrick LLP",
            "report_date": "2026-02-27",
        },
        header="Brindle Metrics Ltd - SOC 2 Type II",
        footer="Page {page}",
        cited_on={"opinion": {3, 4}},
    )


# --- 5. Opinion split by a page break, running header/footer, bridge letter appended ---


def split_opinion_with_bridge_letter() -> Case:
    period = "March 1, 2025 \u2013 February 28, 2026"
    long_scope = (
        "We have examined Tidewater\u2019s accompanying description of its Tidewater Signals "
        f"system throughout the period {period} (description) and the suitability of the "
        "design and operating effectiveness of controls stated in the description throughout "
        f"the period {period}, to provide reasonable assurance that Tidewater\u2019s service "
        "commitments and system requirements were achieved based on the trust services "
        "criteria relevant to security, availability, and processing integrity (applicable "
        f"trust services criteria) {TSP_TITLE}."
    )
    responsibilities = (
        "Tidewater is responsible for its service commitments and system requirements and "
        "for designing, implementing, and operating effective controls within the system to "
        "provide reasonable assurance that they were achieved. Our responsibility is to "
        "express an opinion on the description and on the suitability of design and "
        "operating effectiveness of controls based on our examination. Our examination was "
        "conducted in accordance with attestation standards established by the American "
        "Institute of Certified Public Accountants. Those standards require that we plan and "
        "perform our examination to obtain reasonable assurance about whether, in all "
        "material respects, the description is presented in accordance with the description "
        "criteria and the controls were suitably designed and operated effectively. "
    )
    pages: list[Page] = [
        Text(
            "Tidewater Data Co.\n\nSOC 2\u00ae Type 2 Report\n\nTidewater Signals\n\n"
            f"Reporting period: {period}",
            size=14,
        ),
        [
            Text("Independent Service Auditor\u2019s Report", bold=True),
            Text("Okonkwo Reyes Assurance, LLC \u2013 Certified Public Accountants"),
            Text("Scope", bold=True),
            Text(long_scope),
            Text(
                "Tidewater uses Rackspace US, Inc. (Rackspace), a subservice organization, "
                "for managed hosting. The description includes the relevant controls of "
                "Rackspace, and our examination included the services provided by Rackspace, "
                "using the inclusive method."
            ),
            Text(
                "The description indicates that complementary user entity controls that are "
                "suitably designed and operating effectively are necessary to achieve "
                "Tidewater\u2019s service commitments."
            ),
            Text("Service Auditor\u2019s Responsibilities", bold=True),
            Text(responsibilities * 2),
            Text(
                "The specific controls we tested and the nature, timing, and results of those "
                "tests are listed in the section that follows."
            ),
            Text("Inherent Limitations", bold=True),
            Text(
                "The description is prepared to meet the common needs of a broad range of "
                "report users and may not include every aspect of the system that each "
                "individual user may consider important. Because of their nature, controls "
                "may not always operate effectively, and projections of any evaluation to "
                "future periods are subject to the risk that controls may become inadequate."
            ),
            Text("Opinion", bold=True),
            Text(
                "In our opinion, in all material respects, (a) the description presents the "
                "Tidewater Signals system that was designed and implemented throughout the "
                f"period {period}, in accordance with the description criteria; (b) the "
                "controls stated in the description were suitably designed throughout the "
                f"period {period}; and (c) the controls stated in the description operated "
                f"effectively throughout the period {period}, to provide reasonable assurance "
                "that Tidewater\u2019s service commitments and system requirements were "
                "achieved based on the applicable trust services criteria, if the "
                "complementary user entity controls assumed in the design of Tidewater\u2019s "
                "controls operated effectively throughout that period."
            ),
            Text("Okonkwo Reyes Assurance, LLC\nRaleigh, North Carolina\nApril 10, 2026"),
        ],
        [
            Text("Management\u2019s Assertion", bold=True),
            Text(
                "We confirm that the controls stated in the description operated effectively "
                f"throughout the period {period}."
            ),
        ],
        [
            Text("Description of the Tidewater Signals System", bold=True),
            Text(
                "Tidewater Signals measures the delivery of appointment reminders. All "
                "workstations are encrypted, except for the lobby kiosks, which hold no "
                "customer data. Vulnerabilities are fixed within 30 days, except for those "
                "rated critical, which are fixed within 7 days."
            ),
            Text("Complementary User Entity Controls", bold=True),
            Text(
                "Customers are responsible for choosing which messages carry personal data.\n"
                "Customers are responsible for reviewing the access of their own users."
            ),
        ],
        *description_pages("Tidewater", 3),
        Text(
            "Information Provided by the Independent Service Auditor Except for Control "
            "Activities\n\nResults read 'No exceptions noted.' unless stated otherwise."
        ),
        [
            Table(
                matrix_rows("TDC", 1, 9, {}, lambda n: "No exceptions noted."),
                widths=(0.1, 0.32, 0.38, 0.2),
            )
        ],
        [
            Table(
                matrix_rows("TDC", 10, 9, {}, lambda n: "No exceptions noted."),
                widths=(0.1, 0.32, 0.38, 0.2),
            )
        ],
        [
            Text("Bridge Letter", bold=True),
            Text("June 5, 2026"),
            Text(
                "To our customers: Tidewater\u2019s most recent SOC 2 Type 2 report covered "
                f"the period {period}. This letter covers the period March 1, 2026 through "
                "May 31, 2026, for which no report has yet been issued. We are not aware of "
                "any material changes to our controls during that period. Our next report "
                "will cover the period March 1, 2026 to February 28, 2027. This letter is "
                "management\u2019s representation and is not an auditor\u2019s opinion."
            ),
            Text("Dana Whitlock, Chief Information Security Officer, Tidewater Data Co."),
        ],
    ]
    return Case(
        "split-opinion-with-bridge-letter",
        pages,
        {
            "report_kind": "soc2",
            "report_type": "type2",
            "trust_criteria": ["availability", "processing_integrity", "security"],
            "period_start": "2025-03-01",
            "period_end": "2026-02-28",
            "opinion": "unqualified",
            "exceptions": 0,
            "subservice_organizations": ["Rackspace"],
            "subservice_method": "inclusive",
            "cuecs": True,
            "auditor": "Okonkwo Reyes Assurance, LLC",
            "report_date": "2026-04-10",
        },
        header="Confidential \u2013 Do not distribute",
        footer="Page {page} of {pages}",
        typeset=True,
        cited_on={"report_date": {3}, "period_end": {1, 2, 3, 4}},
    )


# --- 6. Two-column description, subservice organisations in a table -------------------


def two_column_with_subservice_table() -> Case:
    period = "July 1, 2024 to June 30, 2025"
    pages: list[Page] = [
        Text(
            "Cobalt Harbor Analytics GmbH\n\nSOC 2 Type 2\n\nIndependent Service Auditor's "
            "Report on Controls Relevant to Security and Availability\n\n"
            "Examination period: 1 July 2024 - 30 June 2025",
            size=14,
        ),
        [
            Text("Section 1: Independent Service Auditor's Report", bold=True),
            Text("Scope", bold=True),
            Text(
                "We have examined Cobalt Harbor's accompanying description of its Harbor "
                f"Analytics platform throughout the period {period} and the suitability of "
                "the design and operating effectiveness of controls stated in the "
                f"description throughout the period {period}, to provide reasonable "
                "assurance that Cobalt Harbor's service commitments and system requirements "
                "were achieved based on the trust services criteria relevant to security and "
                f"availability (applicable trust services criteria) {TSP_TITLE}."
            ),
            Text(
                "Cobalt Harbor uses the subservice organizations listed in Section 3. The "
                "controls performed by those subservice organizations are excluded from the "
                "description and were not tested by us."
            ),
            Text(
                "Complementary user entity controls are described in Section 3; they are "
                "necessary to achieve Cobalt Harbor's service commitments."
            ),
            Text("Opinion", bold=True),
            Text(
                "In our opinion, in all material respects, the description presents the "
                f"Harbor Analytics platform as designed and implemented throughout the period "
                f"{period}, the controls stated in the description were suitably designed, "
                "and the controls stated in the description operated effectively throughout "
                f"the period {period}, to provide reasonable assurance that Cobalt Harbor's "
                "service commitments were achieved."
            ),
            Text("Vossberg & Lind LLP\nHamburg, 14 August 2025"),
        ],
        [
            Text("Section 2: Management's Assertion", bold=True),
            Text(
                "The controls stated in the description operated effectively throughout the "
                f"period {period}."
            ),
        ],
        [
            Text("Section 3: Description of the Harbor Analytics Platform", bold=True),
            Columns(
                "Services Provided\nHarbor Analytics counts visits to hospital websites "
                "without storing the visitor's address. Customers embed a small script or "
                "send events from their servers.\n\nAvailability\nThe platform is designed "
                "to be available 99.9% of each month; availability is reported to customers "
                "on a public status page.",
                "Privacy\nCobalt Harbor processes personal information only on its "
                "customers' instructions and in line with its privacy notice. Privacy "
                "requests are handled by the data protection officer.\n\nConfidentiality\n"
                "Customer reports are confidential and shared only with the customer's "
                "named users.",
            ),
        ],
        [
            Text("Subservice Organizations", bold=True),
            Table(
                [
                    [
                        "Subservice Organization",
                        "Services Provided",
                        "Complementary Controls Expected",
                    ],
                    [
                        "Amazon Web Services (AWS)",
                        "Infrastructure hosting",
                        "Physical security of data centers",
                    ],
                    ["Google Cloud", "Backup storage", "Encryption of stored backups"],
                    ["Snowflake", "Data warehouse", "Logical access to the warehouse"],
                    ["Okta", "Workforce identity and single sign-on", "MFA enforcement"],
                ],
                widths=(0.3, 0.3, 0.4),
            ),
            Text(
                "The controls operated by the subservice organizations above have not been "
                "included in the scope of this examination."
            ),
            Text("Complementary User Entity Controls", bold=True),
            Text(
                "Customers are responsible for deciding which pages load the script.\n"
                "Customers are responsible for the accuracy of the events they send."
            ),
        ],
        *description_pages("Cobalt Harbor", 2),
        Text(
            "Section 4: Testing Matrices\n\nEach result below records what the service "
            "auditor found when testing the control."
        ),
        [
            Table(
                matrix_rows(
                    "CH",
                    1,
                    9,
                    {},
                    lambda n: "No exceptions noted.",
                ),
                widths=(0.1, 0.34, 0.36, 0.2),
            )
        ],
        [
            Table(
                [
                    ["Control #", "Control Activity", "Tests Performed", "Test Results"],
                    [
                        "CH-10",
                        "Passwords are at least 14 characters. Exceptions to the password "
                        "policy require written approval from the CISO.",
                        "Inspected the password settings and the list of approved policy "
                        "exceptions.",
                        "No exceptions noted.",
                    ],
                ]
                + matrix_rows("CH", 11, 8, {}, lambda n: "No exceptions noted.")[1:],
                widths=(0.1, 0.34, 0.36, 0.2),
            )
        ],
    ]
    return Case(
        "two-column-subservice-table",
        pages,
        {
            "report_kind": "soc2",
            "report_type": "type2",
            "trust_criteria": ["availability", "security"],
            "period_start": "2024-07-01",
            "period_end": "2025-06-30",
            "opinion": "unqualified",
            "exceptions": 0,
            "subservice_organizations": [
                "Amazon Web Services",
                "Google Cloud",
                "Okta",
                "Snowflake",
            ],
            "subservice_method": "carve-out",
            "cuecs": True,
            "auditor": "Vossberg & Lind LLP",
            "report_date": "2025-08-14",
        },
        header="Cobalt Harbor Analytics GmbH - SOC 2 Type 2 Report - Strictly Confidential",
        footer="{page} / {pages}",
    )


CASES = [
    big_firm_type2,
    boutique_type1,
    soc3_with_seal,
    qualified_type2_day_month,
    split_opinion_with_bridge_letter,
    two_column_with_subservice_table,
]


def _names_match(found: object, expected: list[str]) -> bool:
    """Subservice names: each expected name is part of exactly one name found, and
    nothing else was found (firms write 'Amazon Web Services, Inc. (AWS)' or 'AWS')."""
    if not isinstance(found, list) or len(found) != len(expected):
        return False
    return all(sum(name.lower() in str(item).lower() for item in found) == 1 for name in expected)


@pytest.fixture(scope="module", params=CASES, ids=lambda build: build.__name__)
def extracted(request, tmp_path_factory):
    case = request.param()
    path = tmp_path_factory.mktemp(case.name) / f"{case.name}.pdf"
    writer = write_typeset_pdf if case.typeset else write_pdf
    writer(path, case.pages, header=case.header, footer=case.footer)
    with open_pdf(path) as document:
        assert 8 <= document.page_count <= 20, document.page_count
        return case, extract_soc2(document)


def test_every_fact_of_the_report(extracted):
    case, evidence = extracted
    found = {name: fact.value for name, fact in evidence.facts.items()}
    misses = {}
    for name, expected in case.expected.items():
        value = found.get(name)
        if name == "subservice_organizations" and expected is not None:
            if not _names_match(value, expected):
                misses[name] = (value, expected)
        elif value != expected:
            misses[name] = (value, expected)
    assert not misses, f"{case.name}: found, expected: {misses}"


def test_every_fact_found_is_cited_where_it_is_stated(extracted):
    case, evidence = extracted
    for name, fact in evidence.facts.items():
        if fact.value is None:
            continue
        assert fact.citations, f"{case.name}: {name} has no citation"
        for citation in fact.citations:
            assert citation.quote.strip(), f"{case.name}: {name} cites an empty quote"
        if name in case.cited_on:
            cited = {citation.page for citation in fact.citations}
            assert cited <= case.cited_on[name], f"{case.name}: {name} cited on pages {cited}"
