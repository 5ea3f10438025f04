"""`extract baa` on whole agreements, end to end, from the file on disk.

Each document below is a complete agreement (or a document offered as one) written for
this test in the manner of a different kind of drafter: a hyperscaler's click-through
addendum, an analytics vendor's addendum, a hospital's own paper, a start-up's plain-English
page, a Common-Paper-style agreement with a cover page of variables, a GDPR DPA and a help
centre FAQ. They were written, and their expected facts settled, before the extractor's
rules were read. Layout is part of the test: numbered clauses, (a)/(i) sub-clauses,
bullets, capitalised headings, defined terms, cross-references, numbers as words and
digits, and clauses that run over a page break in the PDFs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from pdfgen import Columns, Table, Text, write_pdf

from vendor_eval.evidence.baa import HHS_PROVISIONS, baa_facts, extract_baa
from vendor_eval.evidence.documents import read_document
from vendor_eval.evidence.pdf import PageText
from vendor_eval.evidence.text import sentences

EVERY_PROVISION = [p.id for p in HHS_PROVISIONS]


@dataclass(frozen=True)
class Expected:
    is_baa: bool
    carve_outs: list[str] | None
    scope: str | None
    deadline: dict
    days: int | None
    subcontractor_flowdown: bool | None
    return_or_destroy: bool | None
    hhs_access_to_books: bool | None
    permitted_uses_limited: bool | None
    missing_provisions: list[str]
    # Words that must appear in some warning (a fact the agreement leaves open).
    warnings_mention: list[str] = field(default_factory=list)

    def facts(self) -> dict:
        return {
            "is_baa": self.is_baa,
            "carve_outs": self.carve_outs,
            "scope": self.scope,
            "breach_notification_deadline": self.deadline,
            "breach_notification_days": self.days,
            "subcontractor_flowdown": self.subcontractor_flowdown,
            "return_or_destroy": self.return_or_destroy,
            "hhs_access_to_books": self.hhs_access_to_books,
            "permitted_uses_limited": self.permitted_uses_limited,
            "missing_provisions": self.missing_provisions,
        }


def heading(text: str) -> Text:
    return Text(text, size=11, bold=True)


# --- 1. a hyperscaler's addendum, incorporated into its online terms (PDF) ----------------

HYPERSCALER = [
    [
        heading("NIMBUS WEB SERVICES BUSINESS ASSOCIATE ADDENDUM"),
        'This Business Associate Addendum (the "BAA") is incorporated into and forms part '
        "of the Nimbus Customer Agreement or other written agreement between Nimbus Web "
        'Services LLC ("Nimbus", "we", "us") and you that governs your use of the '
        'Service Offerings (the "Agreement"). You accept this BAA by designating an '
        "account as a HIPAA Account in the Nimbus console. Capitalized terms not defined "
        "here have the meanings given in the Agreement or, failing that, in HIPAA.",
        heading("1. DEFINITIONS"),
        '1.1 "HIPAA Account" means a Nimbus account that you have designated as a HIPAA '
        "Account and that meets each of the HIPAA Account Requirements.\n"
        '1.2 "HIPAA Eligible Services" means only those Service Offerings listed as '
        "eligible on the Nimbus HIPAA Eligible Services Reference page, as Nimbus may update "
        "it from time to time, and does not include any preview, beta or Third-Party "
        "Content offering.\n"
        '1.3 "PHI" means Protected Health Information, as defined in 45 C.F.R. 160.103, '
        "that Nimbus receives, maintains or transmits on your behalf in a HIPAA Account.",
        heading("2. APPLICABILITY"),
        "2.1 This BAA applies only to HIPAA Accounts and only to PHI processed in HIPAA "
        "Eligible Services. For any account that is not a HIPAA Account, Nimbus does not "
        "act as your business associate.\n"
        "2.2 You will not include PHI in any Service Offering that is not a HIPAA Eligible "
        "Service, and you will encrypt PHI at rest and in transit as set forth in the HIPAA "
        "Account Requirements.",
        heading("3. PERMITTED USES AND DISCLOSURES"),
        "3.1 Nimbus may use and disclose PHI only as necessary to provide the HIPAA Eligible "
        "Services to you under the Agreement, and as required by law.\n"
        "3.2 Nimbus may also use and disclose PHI for the proper management and "
        "administration of Nimbus and to carry out its legal responsibilities, provided "
        "that any disclosure is required by law or Nimbus obtains reasonable assurances "
        "from the recipient that the PHI will be held confidentially.",
    ],
    [
        heading("4. OBLIGATIONS OF NIMBUS"),
        "4.1 Limits. Nimbus will not use or disclose PHI other than as permitted by this "
        "BAA or as required by law.\n"
        "4.2 Safeguards. Nimbus will use appropriate safeguards, and comply with Subpart C "
        "of 45 C.F.R. Part 164 with respect to electronic PHI, to prevent use or disclosure "
        "of PHI other than as provided for by this BAA.\n"
        "4.3 Reporting. Nimbus will report to you (a) any use or disclosure of PHI not "
        "provided for by this BAA of which it becomes aware; (b) any Security Incident of "
        "which it becomes aware; and (c) any Breach of Unsecured PHI, without unreasonable "
        "delay and in no case later than sixty (60) calendar days after discovery of the "
        "Breach. Notice is hereby deemed given, and no further notice will be given, for "
        "Unsuccessful Security Incidents such as pings, port scans, denial of service "
        "attacks and unsuccessful log-on attempts.\n"
        "4.4 Subcontractors. In accordance with 45 C.F.R. 164.502(e)(1)(ii) and "
        "164.308(b)(2), Nimbus will ensure that any subcontractor that creates, receives,",
    ],
    [
        "maintains or transmits PHI on Nimbus's behalf agrees in writing to restrictions "
        "and conditions at least as stringent as those that apply to Nimbus under this "
        "BAA.\n"
        "4.5 Access, Amendment and Accounting. To the extent Nimbus maintains PHI in a "
        "Designated Record Set, Nimbus will (i) make it available to you so that you can "
        "meet your obligations under 45 C.F.R. 164.524; (ii) make any amendment you direct "
        "under 45 C.F.R. 164.526; and (iii) make available the information required to "
        "provide an accounting of disclosures under 45 C.F.R. 164.528. Because the "
        "Services are self-service, you can meet most such requests directly.\n"
        "4.6 Privacy Rule. To the extent Nimbus carries out one of your obligations under "
        "Subpart E of 45 C.F.R. Part 164, Nimbus will comply with the requirements of "
        "Subpart E that apply to you in the performance of that obligation.\n"
        "4.7 Books and Records. Nimbus will make its internal practices, books and records "
        "relating to PHI available to the Secretary of HHS for purposes of determining "
        "compliance with the HIPAA Rules.",
        heading("5. TERM AND TERMINATION"),
        "5.1 This BAA continues for as long as you have a HIPAA Account.\n"
        "5.2 If either party materially breaches this BAA, the other party may terminate "
        "the Agreement with respect to the affected HIPAA Accounts if the breach is not "
        "cured within thirty (30) days after written notice.\n"
        "5.3 On termination of the Agreement, Nimbus will return or destroy all PHI that it "
        "maintains in any form. If return or destruction is not feasible, Nimbus will extend "
        "the protections of this BAA to that PHI and limit further uses and disclosures to "
        "the purposes that make return or destruction infeasible.",
        heading("6. GENERAL"),
        "6.1 This BAA is governed by the law that governs the Agreement. In the event of a "
        "conflict between this BAA and the Agreement, this BAA controls with respect to PHI.",
    ],
]

HYPERSCALER_EXPECTED = Expected(
    is_baa=True,
    carve_outs=["covered-services-only", "customer-must-not-send-phi"],
    scope="named-services-only",
    deadline={"amount": 60, "unit": "calendar-days"},
    days=60,
    subcontractor_flowdown=True,
    return_or_destroy=True,
    hhs_access_to_books=True,
    permitted_uses_limited=True,
    missing_provisions=["minimum-necessary", "survival"],
)


# --- 2. an analytics SaaS addendum with Restrictions and "Excluded Data" (.md) -----------

ANALYTICS = """# TALLYWAVE ANALYTICS - HIPAA ADDENDUM

This HIPAA Addendum (the "Addendum") supplements the Tallywave Master Subscription Agreement
(the "MSA") between Tallywave, Inc. ("Tallywave") and the customer named in the Order Form
("Customer"). Customer is a covered entity or business associate under HIPAA, and Tallywave is
Customer's business associate for the PHI described in Section 2.

## 1. Definitions

- "Covered Features" means the Tallywave Insights event pipeline and dashboards, and no other
  feature, module or add-on.
- "Excluded Data" means: (a) data collected from any web page or app screen that does not
  require the end user to log in; (b) event names, event property names and event property
  values; and (c) data sent to the Tallywave Campaigns module for marketing or advertising.
- "PHI" means protected health information, as defined in 45 C.F.R. 160.103, that Customer
  sends to the Covered Features, other than Excluded Data.

## 2. Scope

2.1 This Addendum is available only to Customers on an Enterprise subscription, and applies
only to PHI that Customer sends to the Covered Features.

2.2 Excluded Data is not PHI for the purposes of this Addendum, and Tallywave has no obligation
under this Addendum with respect to it.

## 3. Restrictions

Customer shall not:

- include PHI in event names, event property names or event property values;
- send to the Services any data collected on unauthenticated pages of Customer's websites or
  apps; or
- send PHI to any feature other than the Covered Features.

## 4. Tallywave's obligations

4.1 Tallywave will not use or disclose PHI except as permitted by this Addendum or as required
by law. Tallywave may use and disclose PHI only to provide the Covered Features to Customer under
the MSA and as required by law.

4.2 Tallywave will maintain appropriate administrative, physical and technical safeguards, and
comply with Subpart C of 45 C.F.R. Part 164, to protect electronic PHI.

4.3 Tallywave will report to Customer any use or disclosure of PHI not permitted by this
Addendum, and any Security Incident, of which it becomes aware. Tallywave will notify Customer
of a Breach of Unsecured PHI without unreasonable delay and in any event within five (5)
business days after discovering it. Reports of unsuccessful Security Incidents are available
in aggregate on a quarterly basis upon request.

4.4 Tallywave will require each subprocessor that receives PHI to agree in writing to
restrictions and conditions substantially similar to those in this Addendum.

4.5 Within ten (10) business days of Customer's request, Tallywave will provide the PHI that
Customer needs to answer an individual's request for access under 45 C.F.R. 164.524, and the
information Customer needs to provide an accounting of disclosures under 45 C.F.R. 164.528.

4.6 Tallywave will limit its uses and disclosures of, and requests for, PHI to the minimum
necessary.

4.7 Tallywave will make its internal practices, books and records relating to PHI available to
the Secretary of Health and Human Services to determine compliance with HIPAA.

## 5. Term

5.1 This Addendum remains in effect while the MSA is in effect and ends automatically when the
MSA ends.

5.2 Within thirty (30) days after this Addendum ends, Tallywave will return or delete all PHI;
where that is not feasible, Tallywave will extend the protections of this Addendum to the PHI it
keeps. This Section 5.2 survives the end of this Addendum.
"""

ANALYTICS_EXPECTED = Expected(
    is_baa=True,
    carve_outs=[
        "analytics-data",
        "covered-services-only",
        "customer-must-not-send-phi",
        "enterprise-plan-only",
        "marketing-data",
        "unauthenticated-pages",
    ],
    scope="phi-flagged-only",
    deadline={"amount": 5, "unit": "business-days"},
    days=7,
    subcontractor_flowdown=True,
    return_or_destroy=True,
    hhs_access_to_books=True,
    permitted_uses_limited=True,
    missing_provisions=["amendment", "privacy-rule-obligations", "termination-for-cause"],
)


# --- 3. a hospital's own paper: long, old-fashioned, every HHS provision (PDF) -----------

HOSPITAL = [
    [
        heading("BUSINESS ASSOCIATE AGREEMENT"),
        'THIS BUSINESS ASSOCIATE AGREEMENT (this "Agreement") is made and entered into as '
        "of the Effective Date by and between MERCY VALLEY HOSPITAL AUTHORITY, a public "
        'body corporate and politic ("Covered Entity"), and Harrowgate Clinical Metrics, '
        'Inc., a Delaware corporation ("Business Associate") (each a "Party" and '
        'together the "Parties").',
        heading("RECITALS"),
        "WHEREAS, Covered Entity and Business Associate are parties to that certain "
        'Services Agreement dated as of even date herewith (the "Underlying Agreement"), '
        "pursuant to which Business Associate provides patient-experience measurement "
        "services to Covered Entity;",
        "WHEREAS, in the performance of the Underlying Agreement Business Associate may "
        "create, receive, maintain or transmit Protected Health Information on behalf of "
        "Covered Entity;",
        "WHEREAS, the Parties intend to protect the privacy and provide for the security of "
        "such Protected Health Information in compliance with the Health Insurance "
        "Portability and Accountability Act of 1996, the HITECH Act, and the regulations "
        'promulgated thereunder at 45 C.F.R. Parts 160 and 164 (collectively, the "HIPAA '
        'Rules");',
        "NOW, THEREFORE, in consideration of the mutual promises set forth herein, and for "
        "other good and valuable consideration, the receipt and sufficiency of which are "
        "hereby acknowledged, the Parties agree as follows:",
        heading("ARTICLE I - DEFINITIONS"),
        "1.1 Catch-all. The following terms used in this Agreement shall have the same "
        "meaning as those terms in the HIPAA Rules: Breach, Data Aggregation, Designated "
        "Record Set, Disclosure, Health Care Operations, Individual, Minimum Necessary, "
        'Notice of Privacy Practices, Protected Health Information ("PHI"), Required By '
        "Law, Secretary, Security Incident, Subcontractor, Unsecured Protected Health "
        "Information, and Use.",
        '1.2 "Discovery" shall mean the first day on which a Breach is known to Business '
        "Associate or, by exercising reasonable diligence, would have been known to "
        "Business Associate.",
    ],
    [
        heading("ARTICLE II - OBLIGATIONS AND ACTIVITIES OF BUSINESS ASSOCIATE"),
        "2.1 Business Associate agrees to:",
        "(a) not use or disclose PHI other than as permitted or required by this Agreement "
        "or as Required By Law;",
        "(b) use appropriate administrative, physical and technical safeguards, and comply "
        "with Subpart C of 45 C.F.R. Part 164 with respect to electronic PHI, to prevent use "
        "or disclosure of PHI other than as provided for by this Agreement;",
        "(c) report to Covered Entity any use or disclosure of PHI not provided for by this "
        "Agreement of which it becomes aware, including Breaches of Unsecured Protected "
        "Health Information as required at 45 C.F.R. 164.410, and any Security Incident of "
        "which it becomes aware, in each case as set forth in Section 2.2;",
        "(d) in accordance with 45 C.F.R. 164.502(e)(1)(ii) and 164.308(b)(2), ensure that "
        "any Subcontractors that create, receive, maintain, or transmit PHI on behalf of "
        "Business Associate agree to the same restrictions, conditions, and requirements "
        "that apply to Business Associate with respect to such information;",
        "(e) make available PHI in a Designated Record Set to Covered Entity as necessary to "
        "satisfy Covered Entity's obligations under 45 C.F.R. 164.524, within five (5) "
        "business days of Covered Entity's request;",
        "(f) make any amendment(s) to PHI in a Designated Record Set as directed or agreed to "
        "by Covered Entity pursuant to 45 C.F.R. 164.526;",
        "(g) maintain and make available the information required to provide an accounting "
        "of disclosures to Covered Entity as necessary to satisfy Covered Entity's "
        "obligations under 45 C.F.R. 164.528, for the six (6) years preceding the request;",
        "(h) to the extent Business Associate is to carry out one or more of Covered "
        "Entity's obligation(s) under Subpart E of 45 C.F.R. Part 164, comply with the "
        "requirements of Subpart E that apply to Covered Entity in the performance of such "
        "obligation(s); and",
        "(i) make its internal practices, books, and records available to the Secretary for "
        "purposes of determining compliance with the HIPAA Rules.",
    ],
    [
        "2.2 Notification of Breach. Business Associate shall notify Covered Entity in "
        "writing of any Breach of Unsecured PHI without unreasonable delay and in no event "
        "later than ten (10) calendar days following Discovery thereof. Business Associate "
        "shall supplement such notice with the information required by 45 C.F.R. "
        "164.410(c) as it becomes available, and in any case within thirty (30) calendar "
        "days following Discovery. Business Associate shall not use PHI for marketing "
        "purposes and shall not sell PHI.",
        heading("ARTICLE III - PERMITTED USES AND DISCLOSURES BY BUSINESS ASSOCIATE"),
        "3.1 Business Associate may only use or disclose PHI as necessary to perform the "
        "services set forth in the Underlying Agreement.",
        "3.2 Business Associate may use or disclose PHI as Required By Law.",
        "3.3 Business Associate agrees to make uses and disclosures and requests for PHI "
        "consistent with Covered Entity's minimum necessary policies and procedures.",
        "3.4 Business Associate may not use or disclose PHI in a manner that would violate "
        "Subpart E of 45 C.F.R. Part 164 if done by Covered Entity, except for the specific "
        "uses and disclosures set forth in Sections 3.5 and 3.6.",
        "3.5 Business Associate may use PHI for the proper management and administration of "
        "Business Associate or to carry out the legal responsibilities of Business "
        "Associate.",
        "3.6 Business Associate may provide Data Aggregation services relating to the Health "
        "Care Operations of Covered Entity. Business Associate shall not de-identify PHI "
        "without the prior written consent of Covered Entity.",
        heading("ARTICLE IV - OBLIGATIONS OF COVERED ENTITY"),
        "4.1 Covered Entity shall notify Business Associate of any limitation in its Notice "
        "of Privacy Practices, and of any restriction on the use or disclosure of PHI that "
        "Covered Entity has agreed to, to the extent that such limitation or restriction "
        "may affect Business Associate's use or disclosure of PHI.",
        "4.2 Covered Entity shall not request Business Associate to use or disclose PHI in "
        "any manner that would not be permissible under Subpart E of 45 C.F.R. Part 164 if "
        "done by Covered Entity.",
    ],
    [
        heading("ARTICLE V - TERM AND TERMINATION"),
        "5.1 Term. The Term of this Agreement shall commence on the Effective Date and shall "
        "terminate on the date the Underlying Agreement terminates, or on the date Covered "
        "Entity terminates this Agreement for cause as authorized in Section 5.2, whichever "
        "is sooner.",
        "5.2 Termination for Cause. Business Associate authorizes termination of this "
        "Agreement by Covered Entity if Covered Entity determines that Business Associate "
        "has violated a material term of this Agreement and Business Associate has not "
        "cured the breach or ended the violation within thirty (30) days after written "
        "notice thereof.",
        "5.3 Obligations of Business Associate Upon Termination. Upon termination of this "
        "Agreement for any reason, Business Associate shall return to Covered Entity or, "
        "if agreed to by Covered Entity, destroy all PHI received from Covered Entity, or "
        "created, maintained, or received by Business Associate on behalf of Covered "
        "Entity, that Business Associate still maintains in any form, and shall retain no "
        "copies of such PHI.",
        "5.4 Survival. The obligations of Business Associate under Section 5.3 shall survive "
        "the termination of this Agreement.",
        heading("ARTICLE VI - MISCELLANEOUS"),
        "6.1 Regulatory References. A reference in this Agreement to a section in the HIPAA "
        "Rules means the section as in effect or as amended.",
        "6.2 Amendment. The Parties agree to take such action as is necessary to amend this "
        "Agreement from time to time as is necessary for compliance with the HIPAA Rules.",
        "6.3 Interpretation. Any ambiguity in this Agreement shall be interpreted to permit "
        "compliance with the HIPAA Rules.",
        "IN WITNESS WHEREOF, the Parties have executed this Agreement as of the Effective "
        "Date.\n\nMERCY VALLEY HOSPITAL AUTHORITY          HARROWGATE CLINICAL METRICS, INC.\n"
        "By: ______________________                By: ______________________",
    ],
]

HOSPITAL_EXPECTED = Expected(
    is_baa=True,
    carve_outs=[],
    scope="full-pipeline",
    deadline={"amount": 10, "unit": "calendar-days"},
    days=10,
    subcontractor_flowdown=True,
    return_or_destroy=True,
    hhs_access_to_books=True,
    permitted_uses_limited=True,
    missing_provisions=[],
)


# --- 4. a start-up's short, plain-English addendum, "promptly" only (.txt) ---------------

STARTUP = """PIPSQUEAK HIPAA ADDENDUM

Last updated: 3 March 2026

This addendum is part of the Pipsqueak Terms of Service between Pipsqueak Labs, Inc. ("we",
"us") and the organisation using Pipsqueak ("you"). It applies when you are a HIPAA covered
entity (or a business associate of one) and you send us protected health information ("PHI").
For that PHI, we are your business associate.

WHO IT'S FOR

This addendum is available on the Team plan and above. If you're on the Free plan, please
don't send us PHI.

WHAT WE'LL DO WITH YOUR PHI

We'll only use or share your PHI to run Pipsqueak for you, or when the law requires it. We won't
use or disclose it in any other way.

HOW WE PROTECT IT

  • We keep PHI safe with administrative, physical and technical safeguards, and we meet the
    HIPAA Security Rule for electronic PHI.
  • We make sure every subprocessor that touches your PHI signs an agreement with the same
    restrictions and conditions we've agreed to here.

IF SOMETHING GOES WRONG

  • We'll tell you promptly if we find out about a breach of unsecured PHI, a security
    incident, or any use or disclosure of PHI this addendum doesn't allow.

YOUR PATIENTS' RIGHTS

  • If a patient asks to see or correct their information, we'll help you respond, and we'll
    give you what you need to account for disclosures.

HHS

  • We'll make our internal practices, books and records available to the U.S. Department of
    Health and Human Services if it asks, so it can check compliance with HIPAA.

WHEN THIS ENDS

When your subscription ends we'll delete your PHI, or send it back to you if you ask, within
14 days. You can end this addendum and your subscription if we break it and don't fix the
problem within 30 days of you telling us.
"""

STARTUP_EXPECTED = Expected(
    is_baa=True,
    carve_outs=["customer-must-not-send-phi", "enterprise-plan-only"],
    scope="named-services-only",
    deadline={"amount": None, "unit": None},
    days=None,
    subcontractor_flowdown=True,
    return_or_destroy=True,
    hhs_access_to_books=True,
    permitted_uses_limited=True,
    missing_provisions=["privacy-rule-obligations", "minimum-necessary", "survival"],
    warnings_mention=["promptly"],
)


# --- 5. a Common-Paper-style agreement whose cover page sets the variables (PDF) ---------

COVER_PAGE = [
    [
        heading("BUSINESS ASSOCIATE AGREEMENT - COVER PAGE"),
        "This Cover Page sets the variables of the Business Associate Agreement. The "
        "Standard Terms that follow are incorporated by reference; a capitalized term used "
        "in the Standard Terms and not defined there has the meaning given in this Cover "
        "Page.",
        Table(
            [
                ["Variable", "Selection"],
                ["Provider", "Lumenfold Health Cloud, Inc."],
                ["Company", "Cedar Ridge Pediatrics, P.C."],
                ["Principal Agreement", "Lumenfold Cloud Services Agreement dated 2 Feb 2026"],
                ["Effective Date", "The date of the last signature below"],
                [
                    "Breach Notification Period",
                    "Fifteen (15) calendar days after Discovery (this period may not be "
                    "longer than 60 calendar days)",
                ],
                ["Limitations", "None. The defaults in Section 3.3 apply."],
                ["Offshore Use", "Permitted"],
            ],
            widths=(0.35, 0.65),
            size=9,
        ),
        "Signed by the authorized representatives of Provider and Company.",
    ],
    [
        heading("STANDARD TERMS"),
        heading("1. ROLES"),
        "1.1 Company is a covered entity or a business associate, and Provider is Company's "
        "business associate (or subcontractor) under HIPAA for the PHI that Provider "
        "creates, receives, maintains or transmits to provide the Services under the "
        "Principal Agreement.",
        heading("2. PROVIDER'S OBLIGATIONS"),
        "2.1 Provider will not use or disclose PHI other than as permitted or required by "
        "this BAA or as Required by Law.",
        "2.2 Provider will use appropriate safeguards and comply with Subpart C of 45 C.F.R. "
        "Part 164 with respect to electronic PHI, to prevent use or disclosure of PHI other "
        "than as provided for by this BAA.",
        "2.3 Provider will report to Company (a) any use or disclosure of PHI not provided "
        "for by this BAA of which it becomes aware; (b) any Security Incident of which it "
        "becomes aware; and (c) any Breach of Unsecured PHI, within the Breach Notification "
        "Period. This Section 2.3 will be deemed notice of unsuccessful Security Incidents, "
        "for which no further notice is required.",
        "2.4 Provider will ensure that any Subcontractor that creates, receives, maintains "
        "or transmits PHI on behalf of Provider agrees in writing to restrictions and "
        "conditions substantially similar to and no less stringent than this BAA.",
        "2.5 Provider will make PHI in a Designated Record Set available to Company as "
        "necessary for Company to meet its obligations under 45 C.F.R. 164.524, make any "
        "amendment to PHI that Company directs under 45 C.F.R. 164.526, and provide the "
        "information Company needs for an accounting of disclosures under 45 C.F.R. "
        "164.528; in no event will Provider's response take more than ten business days.",
        "2.6 To the extent Provider carries out any of Company's obligations under Subpart E "
        "of 45 C.F.R. Part 164, Provider will comply with the requirements of Subpart E "
        "that apply to Company in the performance of those obligations.",
        "2.7 Provider will make its internal practices, books and records available to the "
        "Secretary for purposes of determining compliance with the HIPAA Rules.",
        heading("3. PERMITTED USES AND DISCLOSURES"),
        "3.1 Except as otherwise permitted or required in this BAA, Provider may only use or "
        "disclose PHI as reasonably necessary to provide the Services or as Required by "
        "Law.",
        "3.2 Provider will make reasonable efforts to limit its uses, disclosures and "
        "requests of PHI to the minimum necessary to accomplish their purpose.",
        "3.3 Except as restricted by applicable Limitations, Provider may (a) use and "
        "disclose PHI for its proper management and administration and to carry out its "
        "legal responsibilities; (b) de-identify PHI in accordance with 45 C.F.R. "
        "164.514(a)-(c); and (c) aggregate PHI for its own purposes.",
    ],
    [
        heading("4. TERM AND TERMINATION"),
        "4.1 This BAA starts on the Effective Date and continues until the Principal "
        "Agreement ends or either party terminates this BAA as set forth in Section 4.2.",
        "4.2 Company may terminate this BAA and the Principal Agreement if Provider fails to "
        "cure a material breach of this BAA within 30 days after notice of it.",
        "4.3 When this BAA ends, Provider will return or destroy all PHI it still maintains, "
        "except that where return or destruction is infeasible, Provider will extend the "
        "protections of this BAA to that PHI for as long as it keeps it.",
        "4.4 Sections 3.3 and 4.3 survive the end of this BAA.",
        heading("5. GENERAL"),
        "5.1 If the Cover Page and these Standard Terms conflict, the Cover Page controls. "
        "This BAA replaces any earlier business associate agreement between the parties "
        "for the Services.",
    ],
]

COVER_PAGE_EXPECTED = Expected(
    is_baa=True,
    carve_outs=[],
    scope="full-pipeline",
    deadline={"amount": 15, "unit": "calendar-days"},
    days=15,
    subcontractor_flowdown=True,
    return_or_destroy=True,
    hhs_access_to_books=True,
    permitted_uses_limited=False,  # "aggregate PHI for its own purposes", no Limitation set
    missing_provisions=[],
)


# --- 6. a GDPR data processing addendum that mentions health data (.md): not a BAA -------

GDPR_DPA = """# DATA PROCESSING ADDENDUM

This Data Processing Addendum ("DPA") forms part of the Subscription Agreement between
Fjordlight Analytics AS ("Processor") and the customer ("Controller"), and reflects the parties'
agreement on the Processing of Personal Data under the General Data Protection Regulation
(EU) 2016/679 ("GDPR").

## 1. Processing

1.1 Processor shall Process Personal Data only on documented instructions from Controller,
including with regard to transfers to a third country.

1.2 The categories of Personal Data are set out in Annex I. Where Controller's use of the
Services so requires, they may include special categories of data, such as health data.

## 2. Security

Processor shall implement appropriate technical and organisational measures to ensure a level
of security appropriate to the risk, as set forth in Annex II.

## 3. Sub-processors

3.1 Controller grants a general authorisation for Processor to engage sub-processors listed at
fjordlight.example/subprocessors, and Processor shall inform Controller of any intended
change at least thirty (30) days in advance.

3.2 Processor shall impose on each sub-processor, by written contract, the same data protection
obligations as are set out in this DPA.

## 4. Personal Data Breach

Processor shall notify Controller without undue delay, and in any event within forty-eight
(48) hours, after becoming aware of a Personal Data Breach, and shall assist Controller in
meeting its obligations under Articles 33 and 34 GDPR.

## 5. Audits

Processor shall make available to Controller all information necessary to demonstrate
compliance with Article 28 GDPR, and allow for audits by Controller once a year.

## 6. Return and deletion

On termination of the Services, Processor shall, at Controller's choice, delete or return all
Personal Data within ninety (90) days, unless Union or Member State law requires its storage.
"""

GDPR_DPA_EXPECTED = Expected(
    is_baa=False,
    carve_outs=None,
    scope=None,
    deadline={"amount": 48, "unit": "hours"},
    days=2,
    subcontractor_flowdown=True,
    return_or_destroy=True,
    hhs_access_to_books=None,
    # GDPR's own counterparts of HIPAA clauses count as what they are: processing only on
    # documented instructions, storage the law requires, sub-processors bound alike.
    permitted_uses_limited=True,
    missing_provisions=[
        p
        for p in EVERY_PROVISION
        if p
        not in (
            "report-breaches",
            "subcontractor-flowdown",
            "return-or-destroy",
            "permitted-uses",
            "required-by-law",
        )
    ],
)


# --- 7. a vendor's HIPAA help-centre page saved as text: not a BAA ------------------------

HELP_PAGE = """Beacon Help Center > Security & Compliance > HIPAA

HIPAA at Beacon: frequently asked questions
Updated 12 January 2026 - 4 min read

Is Beacon HIPAA compliant?
HIPAA has no certification, but Beacon signs Business Associate Agreements ("BAAs") with covered
entities and their business associates, and our controls are audited every year.

Who can sign Beacon's BAA?
Our BAA is available only to customers on the Enterprise plan. Ask your account manager for it
and sign it before you send us any protected health information (PHI).

Which products does the BAA cover?
- Beacon Analytics
- Beacon Data Warehouse
Beacon Session Replay and Beacon Ads are not covered by the BAA, and you must not send PHI to
them.

Is there anything I need to configure?
Yes. Even with a BAA in place, do not put PHI in event names, event properties or page URLs.
Data collected on public pages of your site, where visitors are not logged in, is not covered
by the BAA.

What happens if there is a breach?
We will notify you as described in your BAA.

Was this article helpful?  Yes  No
"""

HELP_PAGE_EXPECTED = Expected(
    is_baa=False,
    carve_outs=[
        "analytics-data",
        "covered-services-only",
        "customer-must-not-send-phi",
        "enterprise-plan-only",
        "unauthenticated-pages",
    ],
    scope=None,
    deadline={"amount": None, "unit": None},
    days=None,
    subcontractor_flowdown=None,
    return_or_destroy=None,
    hhs_access_to_books=None,
    permitted_uses_limited=None,
    # "What happens if there is a breach? We will notify you ...": the page does promise it
    missing_provisions=[p for p in EVERY_PROVISION if p != "report-breaches"],
)


# --- 8. an MSA exhibit saved with pdftotext: running headers, a word hyphenated over a
# page break, "§", a weakened flow-down and de-identified data for the vendor's products --

EXHIBIT = (
    "Orchard Metrics MSA v4.2 - Confidential\n"
    "EXHIBIT C\n"
    "HIPAA BUSINESS ASSOCIATE TERMS\n\n"
    "C.1 Applicability. This Exhibit C forms part of the Master Services Agreement (the\n"
    '"Agreement") and applies where Customer is a Covered Entity and Orchard Metrics, Inc.\n'
    '("Orchard") creates, receives, maintains or transmits Protected Health Information ("PHI")\n'
    "as Customer's Business Associate.\n\n"
    'C.2 Usage Data. "Usage Data" means metrics about how users interact with the Orchard\n'
    "platform, such as page views, clicks and session length. Usage Data shall not be\n"
    "considered PHI under this Exhibit.\n\n"
    "C.3 Uses. Orchard shall not use or disclose PHI other than as permitted by this Exhibit\n"
    "or as required by law. Orchard may use PHI to provide the Services and for its proper\n"
    "management and administration. Orchard may de-identify PHI in accordance with\n"
    "45 C.F.R. \u00a7 164.514(b) and may use de-identified data to improve and develop its\n"
    "products.\n\n"
    "C.4 Safeguards. Orchard shall implement administrative, physical and technical\n"
    "safeguards that reasonably and appropriately protect electronic PHI, as the Security\n"
    "Rule requires.\n\n"
    "C.5 Reporting. Orchard shall report to Customer:\n"
    "(a) any Security Incident of which it becomes aware, provided that this Section is notice\n"
    "of unsuccessful attempts such as pings and port scans;\n"
    "(b) any Breach of Unsecured PHI within seventy-two (72) hours after its dis-\n"
    "Exhibit C - Page 1\n"
    "\f"
    "Orchard Metrics MSA v4.2 - Confidential\n"
    "covery; and\n"
    "(c) any use or disclosure of PHI not permitted by this Exhibit, within five (5) business\n"
    "days after Orchard learns of it.\n\n"
    "C.6 Subcontractors. Orchard will use commercially reasonable efforts to ensure that its\n"
    "subcontractors that access PHI agree to substantially the same restrictions and\n"
    "conditions that apply to Orchard under this Exhibit.\n\n"
    "C.7 Individual Rights. Within fifteen (15) days of Customer's request, Orchard shall make\n"
    "PHI available for access under 45 C.F.R. \u00a7 164.524, make amendments to PHI under\n"
    "\u00a7 164.526, and provide the information needed for an accounting of disclosures under\n"
    "\u00a7 164.528.\n\n"
    "C.8 Records. Orchard shall make its internal practices, books and records available to\n"
    "the Secretary for purposes of determining Customer's compliance with HIPAA.\n\n"
    "C.9 Termination. Customer may terminate the Agreement if Orchard violates a material\n"
    "term of this Exhibit. Upon termination of the Agreement, Orchard shall, at Customer's\n"
    "option, return or destroy all PHI, and Sections C.3 and C.9 survive termination.\n"
    "Exhibit C - Page 2\n"
    "\f"
)

EXHIBIT_EXPECTED = Expected(
    is_baa=True,
    carve_outs=["analytics-data", "de-identified-data"],
    scope="phi-flagged-only",
    deadline={"amount": 72, "unit": "hours"},
    days=3,
    subcontractor_flowdown=True,
    return_or_destroy=True,
    hhs_access_to_books=True,
    permitted_uses_limited=True,
    missing_provisions=["privacy-rule-obligations", "minimum-necessary"],
    warnings_mention=["subcontractor_flowdown"],
)


# --- 9. a schedule laid out in two newspaper columns (PDF), nothing carved out ----------

TWO_COLUMNS = [
    [
        heading("QUARRY HEALTH CLOUD - SCHEDULE 2: HIPAA BUSINESS ASSOCIATE TERMS"),
        'This Schedule 2 forms part of the Quarry Subscription Agreement (the "Agreement") '
        'between Quarry Health Cloud, Inc. ("Quarry") and the customer ("Customer"). '
        "Quarry is Customer's business associate for the protected health information "
        '("PHI") it receives under the Agreement.',
        Columns(
            "1. Scope. This Schedule applies to all Services that Quarry provides to Customer "
            "under the Agreement, on every plan. No Service or category of data is excluded "
            "from this Schedule.\n\n"
            "2. Uses. Quarry may use and disclose PHI solely to perform the Services, for its "
            "proper management and administration, and as Required by Law. Quarry shall not "
            "use or disclose PHI other than as permitted by this Schedule.\n\n"
            "3. Safeguards. Quarry shall use appropriate safeguards and comply with Subpart C "
            "of 45 C.F.R. Part 164 for electronic PHI.\n\n"
            "4. Incidents. Quarry shall notify Customer of any Breach of Unsecured PHI within "
            "forty-eight (48) hours after discovery, and shall deliver a written report of the "
            "Breach within ten (10) business days. Quarry shall report Security Incidents, and "
            "any use or disclosure not provided for by this Schedule, of which it becomes aware.",
            "5. Subcontractors. Quarry shall obtain from each subcontractor that handles PHI a "
            "written agreement imposing the same restrictions and conditions that apply to "
            "Quarry under this Schedule.\n\n"
            "6. Individual rights. Quarry shall make PHI in a Designated Record Set available "
            "under 45 C.F.R. 164.524, incorporate amendments under 45 C.F.R. 164.526, and "
            "document disclosures for an accounting under 45 C.F.R. 164.528.\n\n"
            "7. HHS. Quarry shall make its internal practices, books and records available to "
            "the Secretary for determining compliance with HIPAA.\n\n"
            "8. Privacy Rule. Where Quarry carries out an obligation of Customer under Subpart "
            "E of 45 C.F.R. Part 164, it shall comply with the requirements of Subpart E.\n\n"
            "9. Minimum necessary. Quarry shall request, use and disclose only the minimum "
            "necessary PHI.\n\n"
            "10. Termination. Customer may terminate the Agreement if Quarry violates a "
            "material term of this Schedule. On termination Quarry shall return or destroy all "
            "PHI, and this Section 10 survives.",
            size=9,
        ),
    ],
]

TWO_COLUMNS_EXPECTED = Expected(
    is_baa=True,
    carve_outs=[],
    scope="full-pipeline",
    deadline={"amount": 48, "unit": "hours"},
    days=2,
    subcontractor_flowdown=True,
    return_or_destroy=True,
    hhs_access_to_books=True,
    permitted_uses_limited=True,
    missing_provisions=[],
)

DOCUMENTS = {
    "hyperscaler.pdf": (HYPERSCALER, HYPERSCALER_EXPECTED),
    "analytics-addendum.md": (ANALYTICS, ANALYTICS_EXPECTED),
    "hospital-paper.pdf": (HOSPITAL, HOSPITAL_EXPECTED),
    "startup-addendum.txt": (STARTUP, STARTUP_EXPECTED),
    "cover-page-baa.pdf": (COVER_PAGE, COVER_PAGE_EXPECTED),
    "gdpr-dpa.md": (GDPR_DPA, GDPR_DPA_EXPECTED),
    "hipaa-faq.txt": (HELP_PAGE, HELP_PAGE_EXPECTED),
    "msa-exhibit-c.txt": (EXHIBIT, EXHIBIT_EXPECTED),
    "two-columns.pdf": (TWO_COLUMNS, TWO_COLUMNS_EXPECTED),
}


def _write(tmp_path: Path, name: str, content) -> Path:
    path = tmp_path / name
    if name.endswith(".pdf"):
        return write_pdf(path, content, footer="Page {page} of {pages}")
    path.write_text(content, encoding="utf-8")
    return path


def _flat(text: str) -> str:
    return " ".join(text.replace("\u2019", "'").split())


# Running headers and footers of the documents above, which sit between the halves of a
# clause split by a page break.
FURNITURE = re.compile(r"(?m)^(?:Page \d+ of \d+|Exhibit C - Page \d+|Orchard Metrics MSA .*)$")


def _body(text: str) -> str:
    return _flat(FURNITURE.sub("", text))


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_whole_document_facts(tmp_path, name):
    content, expected = DOCUMENTS[name]
    evidence = extract_baa(read_document(_write(tmp_path, name, content)))
    found = {fact: evidence.value(fact) for fact in expected.facts()}
    assert found == expected.facts(), evidence.warnings


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_every_fact_found_is_cited_on_the_page_that_says_it(tmp_path, name):
    content, expected = DOCUMENTS[name]
    document = read_document(_write(tmp_path, name, content))
    pages = {page.number: _body(page.text) for page in document.pages}
    evidence = extract_baa(document)
    for fact_name, fact in evidence.facts.items():
        if fact.value not in (None, False, []) and fact_name != "missing_provisions":
            assert fact.citations, fact_name
        for citation in fact.citations:
            # A quote may run on to the next page, as a clause split by a page break does.
            here = pages[citation.page] + " " + pages.get(citation.page + 1, "")
            here += " " + re.sub(r"(?<=[a-z])- (?=[a-z])", "", here)  # "dis- covery"
            for part in _flat(citation.quote).split("..."):
                assert part.strip(". ") in here, (fact_name, citation)


@pytest.mark.parametrize(
    "name", sorted(n for n, (_, e) in DOCUMENTS.items() if e.is_baa and e.days is None)
)
def test_an_unsettled_deadline_says_so_in_a_warning(tmp_path, name):
    content, _ = DOCUMENTS[name]
    evidence = extract_baa(read_document(_write(tmp_path, name, content)))
    assert any(w.startswith("breach_notification") for w in evidence.warnings), evidence.warnings


def test_a_clause_split_over_a_page_break_is_cited_where_it_starts(tmp_path):
    evidence = extract_baa(read_document(_write(tmp_path, "nimbus.pdf", HYPERSCALER)))
    flowdown = evidence.facts["subcontractor_flowdown"]
    assert flowdown.value is True
    assert {c.page for c in flowdown.citations} == {2}
    assert any(re.search(r"at least as stringent", c.quote) for c in flowdown.citations)


# --- the rules generalised from these documents, at their edges ---------------------------

SHORT_BAA = (
    "BUSINESS ASSOCIATE AGREEMENT\n\nVendor is Customer's business associate under HIPAA for "
    "the protected health information (PHI) it receives.\n\n"
)


def _carve_outs(clause: str) -> list[str] | None:
    return baa_facts(sentences([PageText(1, SHORT_BAA + clause)])).facts["carve_outs"].value


@pytest.mark.parametrize(
    ("clause", "expected"),
    [
        ("Acme Replay and Acme Ads are not covered by this BAA.", ["covered-services-only"]),
        ("Acme Labs Beta is not HIPAA eligible.", ["covered-services-only"]),
        ("Customer Data is not covered by the BAA.", []),  # a kind of data, not a product
        ("The Services are not covered by any other agreement.", []),
        ("If you are on the Free plan, please don't send us PHI.", ["customer-must-not-send-phi"]),
        ("We never share PHI with advertisers.", []),  # the vendor's promise, no imperative
        ("Don't hesitate to ask us about PHI.", []),
        ('"HIPAA Account" means an account you designate for PHI.', ["covered-services-only"]),
    ],
)
def test_generalised_carve_out_rules_at_their_edges(clause, expected):
    assert _carve_outs(clause) == expected


def test_a_number_wrapped_to_the_start_of_a_line_does_not_start_a_clause():
    text = (
        "Vendor may de-identify PHI in accordance with\n45 C.F.R. 164.514(b), as set forth "
        "in Section\n4.2 of the Agreement.\n1. Term. This BAA ends with the Agreement.\n"
    )
    assert [s.text for s in sentences([PageText(1, text)])] == [
        "Vendor may de-identify PHI in accordance with 45 C.F.R. 164.514(b), as set forth in "
        "Section 4.2 of the Agreement.",
        "1. Term.",
        "This BAA ends with the Agreement.",
    ]
