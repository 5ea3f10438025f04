"""The BAA extractor against clauses worded the way other drafters word them.

Each row is (text, fact, expected value). The clauses imitate many styles of counsel:
big-cloud BAAs, start-up addenda, hospital paper, Common Paper, help-centre plain English,
old legalese ("hereunder", "thereof"), numbered sub-clauses, defined terms, passive voice,
acknowledgements and "for clarity" / "notwithstanding" riders. None of them is copied from
a real agreement, and none was written to fit the extractor's rules.

Where the law leaves a choice, the domain notes decide: a vendor's bare permission to
de-identify PHI under 164.514 (what HHS's drafting note invites) is not a carve-out; an
exclusion of de-identified data from the agreement, or a right to use it for the vendor's
own ends, is one.
"""

from __future__ import annotations

import pytest

from vendor_eval.evidence.baa import baa_facts
from vendor_eval.evidence.pdf import PageText
from vendor_eval.evidence.text import sentences

# A hospital-paper BAA in old-fashioned legalese, one HHS provision per key.
BASE = {
    "title": "BUSINESS ASSOCIATE AGREEMENT",
    "preamble": (
        'This Business Associate Agreement (this "Agreement") is entered into by and between '
        'St. Brendan Regional Health System ("Covered Entity") and Quillon Data, Inc. '
        '("Business Associate"), effective as of the date last signed below.'
    ),
    "definitions": (
        "1. Definitions. Capitalized terms used but not otherwise defined herein shall have "
        "the meanings given to them in the HIPAA Rules at 45 C.F.R. Parts 160 and 164."
    ),
    "limits": (
        "2. Obligations of Business Associate. (a) Business Associate shall not use or "
        'disclose Protected Health Information ("PHI") other than as permitted or required '
        "by this Agreement or as Required By Law."
    ),
    "safeguards": (
        "(b) Business Associate shall use appropriate administrative, physical and technical "
        "safeguards, and shall comply with Subpart C of 45 C.F.R. Part 164 with respect to "
        "electronic PHI, to prevent any use or disclosure not provided for hereunder."
    ),
    "improper-use": (
        "(c) Business Associate shall report to Covered Entity any use or disclosure of PHI "
        "not provided for by this Agreement of which it becomes aware."
    ),
    "breach": (
        "(d) Business Associate shall notify Covered Entity of any Breach of Unsecured PHI "
        "without unreasonable delay and in no event later than thirty (30) calendar days "
        "following the discovery thereof."
    ),
    "incidents": (
        "(e) Business Associate shall report to Covered Entity any Security Incident of which "
        "it becomes aware; unsuccessful attempts such as pings and port scans are hereby "
        "deemed reported, and no further notice thereof shall be required."
    ),
    "subcontractors": (
        "(f) In accordance with 45 C.F.R. 164.502(e)(1)(ii) and 164.308(b)(2), Business "
        "Associate shall ensure that any subcontractor that creates, receives, maintains or "
        "transmits PHI on its behalf agrees in writing to the same restrictions, conditions "
        "and requirements that apply to Business Associate hereunder."
    ),
    "access": (
        "(g) Within fifteen (15) days of a request, Business Associate shall make PHI "
        "maintained in a Designated Record Set available to Covered Entity as necessary to "
        "satisfy Covered Entity's obligations under 45 C.F.R. 164.524."
    ),
    "amendment": (
        "(h) Business Associate shall make any amendment to PHI in a Designated Record Set "
        "as directed by Covered Entity pursuant to 45 C.F.R. 164.526."
    ),
    "accounting": (
        "(i) Business Associate shall maintain and make available the information required "
        "for Covered Entity to provide an accounting of disclosures in accordance with "
        "45 C.F.R. 164.528."
    ),
    "privacy-rule": (
        "(j) To the extent Business Associate carries out any of Covered Entity's obligations "
        "under Subpart E of 45 C.F.R. Part 164, Business Associate shall comply with the "
        "requirements of Subpart E that apply to Covered Entity in the performance thereof."
    ),
    "books": (
        "(k) Business Associate shall make its internal practices, books and records "
        "available to the Secretary for purposes of determining compliance with the HIPAA "
        "Rules."
    ),
    "permitted": (
        "3. Permitted Uses and Disclosures. (a) Business Associate may use or disclose PHI "
        "only as necessary to perform the services set forth in the Master Services "
        "Agreement."
    ),
    "required-by-law": "(b) Business Associate may use or disclose PHI as Required By Law.",
    "minimum": (
        "(c) Business Associate shall limit its uses and disclosures of, and requests for, "
        "PHI to the minimum necessary."
    ),
    "term": (
        "4. Term and Termination. (a) This Agreement shall remain in effect until the Master "
        "Services Agreement terminates."
    ),
    "termination": (
        "(b) Covered Entity may terminate this Agreement if it determines that Business "
        "Associate has violated a material term hereof and Business Associate has not cured "
        "the violation within thirty (30) days of written notice."
    ),
    "return": (
        "(c) Upon termination of this Agreement for any reason, Business Associate shall "
        "return to Covered Entity or destroy all PHI that it still maintains in any form and "
        "shall retain no copies thereof."
    ),
    "survival": (
        "(d) The obligations of Business Associate under this Section 4 shall survive the "
        "termination of this Agreement."
    ),
}

# The provision of the base agreement each obligation row stands in for.
REPLACES = {
    "breach_notification_deadline": "breach",
    "breach_notification_days": "breach",
    "subcontractor_flowdown": "subcontractors",
    "return_or_destroy": "return",
    "hhs_access_to_books": "books",
    "permitted_uses_limited": "permitted",
}


def _agreement(*extra: str, drop: tuple[str, ...] = ()) -> str:
    body = [text for key, text in BASE.items() if key not in drop]
    return "\n\n".join([*body, *extra])


def _facts(text: str):
    pages = [PageText(n, page) for n, page in enumerate(text.split("\f"), 1)]
    return baa_facts(sentences(pages))


def _quoted_from(quote: str, clause: str) -> bool:
    flat = " ".join(clause.split())
    pieces = [p.strip(" .;,") for p in quote.replace("...", "…").split("…")]
    return any(len(p) >= 20 and p in flat for p in pieces)


def test_the_base_agreement_is_a_complete_full_pipeline_baa():
    facts = _facts(_agreement()).facts
    assert facts["is_baa"].value is True
    assert facts["carve_outs"].value == []
    assert facts["scope"].value == "full-pipeline"
    assert facts["breach_notification_deadline"].value == {"amount": 30, "unit": "calendar-days"}
    assert facts["missing_provisions"].value == []


# --- carve-outs: (clause added to the base agreement, fact, expected) -------------------

CARVE_OUT_ROWS = [
    # analytics data
    pytest.param(
        '"Customer Data" means the records Customer submits for storage in the Services and '
        'excludes "Usage Analytics", which are governed solely by the Terms of Service.',
        "carve_outs",
        ["analytics-data"],
        id="analytics-definition",
    ),
    pytest.param(
        "For clarity, product usage statistics, event telemetry and behavioural analytics "
        "generated by the Services are not PHI for purposes of this Agreement.",
        "carve_outs",
        ["analytics-data"],
        id="analytics-for-clarity",
    ),
    pytest.param(
        "Covered Entity acknowledges that aggregate metrics and dashboards derived from its "
        "use of the Platform fall outside the scope of this Agreement.",
        "carve_outs",
        ["analytics-data"],
        id="analytics-acknowledgement",
    ),
    pytest.param(
        "This BAA covers Customer Content only and does not extend to Analytics Data (as "
        "defined in the Terms of Service).",
        "carve_outs",
        ["analytics-data"],
        id="analytics-scope",
    ),
    pytest.param(
        "The obligations of Business Associate hereunder shall not extend to any clickstream, "
        "telemetry or usage information collected by means of the tracking SDK, and such "
        "information shall not constitute PHI for the purposes hereof.",
        "carve_outs",
        ["analytics-data"],
        id="analytics-legalese",
    ),
    pytest.param(
        "Event data captured by the JavaScript snippet is excluded from the definition of "
        "Protected Health Information.",
        "carve_outs",
        ["analytics-data"],
        id="analytics-passive",
    ),
    pytest.param(
        "Notwithstanding the foregoing, Business Associate's obligations do not apply to "
        "session replays, heatmaps or page-view statistics.",
        "carve_outs",
        ["analytics-data"],
        id="analytics-notwithstanding",
    ),
    # marketing data
    pytest.param(
        '"PHI" as used herein shall not include Marketing Data, meaning contact lists and '
        "campaign responses that Customer uploads for promotional email.",
        "carve_outs",
        ["marketing-data"],
        id="marketing-definition",
    ),
    pytest.param(
        "Notwithstanding anything to the contrary, information processed for promotional or "
        "advertising purposes is excluded from this Agreement.",
        "carve_outs",
        ["marketing-data"],
        id="marketing-notwithstanding",
    ),
    pytest.param(
        "Customer acknowledges that advertising audiences and retargeting lists are not "
        "subject to this BAA.",
        "carve_outs",
        ["marketing-data"],
        id="marketing-acknowledgement",
    ),
    pytest.param(
        "This Addendum does not govern data that Customer uses for marketing communications, "
        "which remains subject to the Agreement alone.",
        "carve_outs",
        ["marketing-data"],
        id="marketing-scope",
    ),
    pytest.param(
        "6. Exclusions. The following are not subject to this Addendum: (a) newsletter "
        "subscriber lists; and (b) ad campaign conversion data.",
        "carve_outs",
        ["marketing-data"],
        id="marketing-sub-clauses",
    ),
    # unauthenticated pages
    pytest.param(
        "1. Scope. This Addendum does not apply to information collected on pages of "
        "Customer's websites that do not require a user to log in.",
        "carve_outs",
        ["unauthenticated-pages"],
        id="public-pages-log-in",
    ),
    pytest.param(
        "Data collected from visitors to Customer's public-facing marketing website before "
        "they sign in is not PHI for purposes of this Agreement.",
        "carve_outs",
        ["unauthenticated-pages"],
        id="public-pages-marketing-site-is-not-marketing-data",
    ),
    pytest.param(
        "This BAA covers only information collected within the password-protected patient portal.",
        "carve_outs",
        ["unauthenticated-pages"],
        id="public-pages-portal-only",
    ),
    pytest.param(
        "Customer acknowledges that information gathered on publicly available pages that "
        "require no account is outside the scope of this Addendum.",
        "carve_outs",
        ["unauthenticated-pages"],
        id="public-pages-acknowledgement",
    ),
    pytest.param(
        '"Covered Data" means PHI collected from authenticated users of Customer Properties, '
        "and excludes information about anonymous visitors.",
        "carve_outs",
        ["unauthenticated-pages"],
        id="public-pages-definition",
    ),
    pytest.param(
        "Information collected on Customer's brochure pages, blog or other content that "
        "anyone can view without credentials is not subject to this Addendum.",
        "carve_outs",
        ["unauthenticated-pages"],
        id="public-pages-brochure",
    ),
    pytest.param(
        "Business Associate shall have no obligation hereunder with respect to data from "
        "logged-out sessions.",
        "carve_outs",
        ["unauthenticated-pages"],
        id="public-pages-logged-out",
    ),
    # de-identified data
    pytest.param(
        '"Protected Health Information" does not include information that has been '
        "de-identified in accordance with 45 C.F.R. § 164.514(b).",
        "carve_outs",
        ["de-identified-data"],
        id="de-identified-definition",
    ),
    pytest.param(
        "This Addendum shall not apply to de-identified information or to aggregate data from "
        "which individual identifiers have been removed.",
        "carve_outs",
        ["de-identified-data"],
        id="de-identified-exclusion",
    ),
    pytest.param(
        "Business Associate may de-identify PHI in accordance with 45 C.F.R. 164.514(a)-(c) "
        "and may thereafter use such de-identified data for any lawful purpose, including "
        "improving its products.",
        "carve_outs",
        ["de-identified-data"],
        id="de-identified-own-purposes",
    ),
    pytest.param(
        "Vendor may use PHI on a de-identified, aggregated or anonymous basis to analyze the "
        "usage and performance of its technology, including for market research.",
        "carve_outs",
        ["de-identified-data"],
        id="de-identified-market-research",
    ),
    pytest.param(
        "Customer acknowledges that Vendor owns all anonymized datasets derived from PHI and "
        "that such datasets are not governed by this BAA.",
        "carve_outs",
        ["de-identified-data"],
        id="de-identified-anonymized-acknowledgement",
    ),
    # covered services only
    pytest.param(
        '"Covered Services" means the Data Warehouse and Reverse ETL products and does not '
        "include Journeys, Personas or any beta features.",
        "carve_outs",
        ["covered-services-only"],
        id="services-definition",
    ),
    pytest.param(
        '"HIPAA Eligible Services" means only those Services identified as HIPAA-eligible on '
        "Vendor's compliance page, as updated from time to time.",
        "carve_outs",
        ["covered-services-only"],
        id="services-eligible-definition",
    ),
    pytest.param(
        "This Addendum supplements the Agreement solely with respect to Covered Services.",
        "carve_outs",
        ["covered-services-only"],
        id="services-solely-with-respect-to",
    ),
    pytest.param(
        "Customer acknowledges that this BAA does not apply to any product other than the "
        "Secure Messaging product.",
        "carve_outs",
        ["covered-services-only"],
        id="services-acknowledgement",
    ),
    pytest.param(
        "Beta features, preview releases and third-party integrations are not covered by this BAA.",
        "carve_outs",
        ["covered-services-only"],
        id="services-exclusion",
    ),
    pytest.param(
        "Business Associate's obligations hereunder extend only to PHI processed by means of "
        "the Eligible Products enumerated in Schedule 1 hereto.",
        "carve_outs",
        ["covered-services-only"],
        id="services-legalese",
    ),
    pytest.param(
        "Workflows that contain PHI may be built only with HIPAA-eligible products; projects "
        "cannot be used to process PHI through products that are not HIPAA eligible.",
        "carve_outs",
        ["covered-services-only", "customer-must-not-send-phi"],
        id="services-eligible-products-only",
    ),
    # plan or tier
    pytest.param(
        "This BAA applies to clients under the Scale plan or the Startups program.",
        "carve_outs",
        ["enterprise-plan-only"],
        id="plan-scope",
    ),
    pytest.param(
        "To be covered by this Addendum, Customer must maintain an active Enterprise Grid "
        "subscription.",
        "carve_outs",
        ["enterprise-plan-only"],
        id="plan-subscription-condition",
    ),
    pytest.param(
        "Vendor will enter into this BAA only with customers on a Business Tier plan.",
        "carve_outs",
        ["enterprise-plan-only"],
        id="plan-tier",
    ),
    pytest.param(
        "This Addendum is available for paid accounts only; free Basic accounts are not covered.",
        "carve_outs",
        ["enterprise-plan-only"],
        id="plan-paid-accounts",
    ),
    pytest.param(
        '"Eligible Account" means a workspace on the Enterprise edition, and this Addendum '
        "applies only to Eligible Accounts.",
        "carve_outs",
        ["enterprise-plan-only"],
        id="plan-definition",
    ),
    # customer must not send PHI
    pytest.param(
        "Customer shall not send health information to the Services unless Vendor "
        "specifically approves it in writing.",
        "carve_outs",
        ["customer-must-not-send-phi"],
        id="no-phi-unless-approved",
    ),
    pytest.param(
        "Customer must refrain from exposing to Vendor any data that may be considered PHI.",
        "carve_outs",
        ["customer-must-not-send-phi"],
        id="no-phi-refrain",
    ),
    pytest.param(
        "No Protected Health Information may be transmitted to the Service.",
        "carve_outs",
        ["customer-must-not-send-phi"],
        id="no-phi-passive",
    ),
    pytest.param(
        "Covered Entity covenants that it shall not disclose any PHI to Business Associate "
        "hereunder.",
        "carve_outs",
        ["customer-must-not-send-phi"],
        id="no-phi-covenant",
    ),
    pytest.param(
        "Customer acknowledges that the Services are not designed to store PHI and agrees to "
        "configure its implementation so that no PHI is collected.",
        "carve_outs",
        ["customer-must-not-send-phi"],
        id="no-phi-acknowledgement",
    ),
    pytest.param(
        "Customer shall not include protected health information in any Services that are "
        "not or cannot be HIPAA compliant.",
        "carve_outs",
        ["covered-services-only", "customer-must-not-send-phi"],
        id="no-phi-in-non-compliant-services",
    ),
    # several in one clause
    pytest.param(
        "7. Exclusions. This Addendum does not apply to: (i) information collected from site "
        "visitors who have not signed in to the member area; or (ii) product analytics "
        "generated by the Services.",
        "carve_outs",
        ["analytics-data", "unauthenticated-pages"],
        id="two-in-sub-clauses",
    ),
]


# Written after the rules were widened: more wordings of the same constructions.
CARVE_OUT_ROWS += [
    pytest.param(
        "Customer will ensure that no PHI is sent to the Platform in URLs or page titles.",
        "carve_outs",
        ["customer-must-not-send-phi"],
        id="no-phi-in-urls",
    ),
    pytest.param(
        "Session recordings are not Protected Health Information under this BAA.",
        "carve_outs",
        ["analytics-data"],
        id="analytics-session-recordings",
    ),
    pytest.param(
        "The Services are not intended for the storage of health information.",
        "carve_outs",
        ["customer-must-not-send-phi"],
        id="no-phi-not-intended",
    ),
    pytest.param(
        "6. Excluded Data. (a) Analytics Data; (b) Marketing Data.",
        "carve_outs",
        ["analytics-data", "marketing-data"],
        id="items-under-a-heading",
    ),
    pytest.param(
        "The BAA shall only cover PHI processed in HIPAA-enabled projects.",
        "carve_outs",
        ["covered-services-only"],
        id="services-hipaa-enabled-projects",
    ),
    pytest.param(
        "Customer shall configure the SDK so that it does not capture PHI.",
        "carve_outs",
        ["customer-must-not-send-phi"],
        id="no-phi-configure-so-that",
    ),
    pytest.param(
        "Vendor disclaims any obligation under this Addendum with respect to Usage Data.",
        "carve_outs",
        ["analytics-data"],
        id="analytics-disclaimed",
    ),
    pytest.param(
        "Pages accessible to the public are not within the scope of this BAA.",
        "carve_outs",
        ["unauthenticated-pages"],
        id="public-pages-accessible-to-the-public",
    ),
    pytest.param(
        "Analytics Data is governed exclusively by the Terms of Service and not by this BAA.",
        "carve_outs",
        ["analytics-data"],
        id="analytics-governed-elsewhere",
    ),
    pytest.param(
        "Customer will not, and will not permit any third party to, send PHI to the Services.",
        "carve_outs",
        ["customer-must-not-send-phi"],
        id="no-phi-interrupted-prohibition",
    ),
    pytest.param(
        "HIPAA coverage is available only on the Growth and Enterprise plans.",
        "carve_outs",
        ["enterprise-plan-only"],
        id="plan-two-named",
    ),
    pytest.param(
        "Customer acknowledges that the Free Plan is not eligible for a BAA.",
        "carve_outs",
        ["enterprise-plan-only"],
        id="plan-free-not-eligible",
    ),
]


@pytest.mark.parametrize(("clause", "fact", "expected"), CARVE_OUT_ROWS)
def test_carve_outs_phrased_by_other_drafters(clause, fact, expected):
    facts = _facts(_agreement(clause)).facts
    assert facts[fact].value == expected
    assert facts["scope"].value in {"phi-flagged-only", "named-services-only"}
    assert any(_quoted_from(c.quote, clause) for c in facts[fact].citations), [
        c.quote for c in facts[fact].citations
    ]


NOT_CARVE_OUT_ROWS = [
    pytest.param(
        "Business Associate shall not use or disclose PHI for marketing purposes, nor sell "
        "PHI, except as permitted by 45 C.F.R. 164.508(a)(3).",
        "carve_outs",
        [],
        id="vendor-promises-no-marketing",
    ),
    pytest.param(
        "Vendor will not use PHI to target advertising to any individual.",
        "carve_outs",
        [],
        id="vendor-promises-no-advertising",
    ),
    pytest.param(
        '"PHI" means Protected Health Information, including, without limitation, analytics '
        "data, event data and device identifiers that Vendor receives from or on behalf of "
        "Customer.",
        "carve_outs",
        [],
        id="analytics-inside-coverage",
    ),
    pytest.param(
        "This BAA applies to all Services provided under the Agreement.",
        "carve_outs",
        [],
        id="applies-to-all-services",
    ),
    pytest.param(
        "This Addendum applies to all PHI, whether collected on authenticated or "
        "unauthenticated pages.",
        "carve_outs",
        [],
        id="applies-to-both-kinds-of-page",
    ),
    pytest.param(
        "Business Associate may use PHI to create de-identified information in accordance "
        "with 45 C.F.R. 164.514(b), solely to provide the Services to Covered Entity.",
        "carve_outs",
        [],
        id="de-identification-permission-for-the-services",
    ),
    pytest.param(
        "Vendor shall not attempt to re-identify any de-identified information.",
        "carve_outs",
        [],
        id="no-re-identification",
    ),
    pytest.param(
        "Covered Entity shall not request Business Associate to use or disclose PHI in any "
        "manner that would not be permissible under Subpart E if done by Covered Entity.",
        "carve_outs",
        [],
        id="permissible-requests",
    ),
    pytest.param(
        "Covered Entity shall obtain any consents or authorizations required for Business "
        "Associate's use of PHI under this Agreement.",
        "carve_outs",
        [],
        id="customer-obtains-consents",
    ),
    pytest.param(
        "Covered Entity shall notify Business Associate of any restriction on the use or "
        "disclosure of PHI that Covered Entity has agreed to under 45 C.F.R. 164.522.",
        "carve_outs",
        [],
        id="customer-notifies-restrictions",
    ),
    pytest.param(
        "Vendor offers this Addendum to customers on every plan, including the free plan.",
        "carve_outs",
        [],
        id="every-plan",
    ),
    pytest.param(
        "Nothing herein shall be construed to exclude session replay or heatmap data from the "
        "protections of this Agreement.",
        "carve_outs",
        [],
        id="nothing-herein-excludes",
    ),
    pytest.param(
        "For clarity, data collected on unauthenticated pages remains PHI when it relates to "
        "an individual's health and is subject to this Addendum.",
        "carve_outs",
        [],
        id="for-clarity-still-covered",
    ),
    pytest.param(
        "Business Associate may provide Data Aggregation services relating to the health care "
        "operations of Covered Entity.",
        "carve_outs",
        [],
        id="hipaa-data-aggregation",
    ),
    pytest.param(
        "Vendor shall not use PHI for marketing, analytics or product development for its own "
        "benefit.",
        "carve_outs",
        [],
        id="vendor-promises-no-own-analytics",
    ),
    pytest.param(
        "Business Associate shall protect log-in credentials and passwords to systems holding "
        "PHI with multi-factor authentication.",
        "carve_outs",
        [],
        id="authentication-safeguard",
    ),
    pytest.param(
        "Business Associate shall not post PHI on any publicly available website.",
        "carve_outs",
        [],
        id="no-posting-on-public-sites",
    ),
]


# Written after the rules were widened, to hold their wider windows in check.
NOT_CARVE_OUT_ROWS += [
    pytest.param(
        "Business Associate shall ensure that no PHI is disclosed to any unauthorized person.",
        "carve_outs",
        [],
        id="vendor-ensures-no-phi-leaks",
    ),
    pytest.param(
        "Business Associate shall not permit access to PHI by users who have not been "
        "authenticated.",
        "carve_outs",
        [],
        id="vendor-authenticates-users",
    ),
    pytest.param(
        "Third-party auditors engaged by Covered Entity may review Business Associate's "
        "safeguards once a year.",
        "carve_outs",
        [],
        id="third-party-auditors",
    ),
    pytest.param(
        "PHI shall not be used for marketing.",
        "carve_outs",
        [],
        id="passive-no-marketing-use",
    ),
    pytest.param(
        "Business Associate will not use PHI for any purpose other than providing the Services.",
        "carve_outs",
        [],
        id="no-purpose-other-than-the-services",
    ),
    pytest.param(
        "Covered Entity shall not include in any request more PHI than the minimum necessary.",
        "carve_outs",
        [],
        id="customer-minimum-necessary",
    ),
    pytest.param(
        "Business Associate's Enterprise Support team will respond to Security Incidents.",
        "carve_outs",
        [],
        id="enterprise-support-team",
    ),
    pytest.param(
        "This Agreement applies to all plans and Services under which Business Associate "
        "receives PHI.",
        "carve_outs",
        [],
        id="all-plans",
    ),
    pytest.param(
        "Data from logged-in users and from anonymous visitors alike is PHI subject to this "
        "Agreement.",
        "carve_outs",
        [],
        id="both-kinds-of-visitor-covered",
    ),
    pytest.param(
        "Business Associate may de-identify PHI only as directed by Covered Entity.",
        "carve_outs",
        [],
        id="de-identification-as-directed",
    ),
]


@pytest.mark.parametrize(("clause", "fact", "expected"), NOT_CARVE_OUT_ROWS)
def test_look_alikes_that_are_not_carve_outs(clause, fact, expected):
    facts = _facts(_agreement(clause)).facts
    assert facts[fact].value == expected
    assert facts["scope"].value == "full-pipeline"


# --- obligations: (clause in place of the base's own, fact, expected) -------------------

OBLIGATION_ROWS = [
    # breach deadline
    pytest.param(
        "Business Associate shall notify Covered Entity of any Breach of Unsecured PHI within "
        "ten (10) business days of discovery.",
        "breach_notification_deadline",
        {"amount": 10, "unit": "business-days"},
        id="deadline-business-days",
    ),
    pytest.param(
        "Business Associate shall notify Covered Entity of any Breach of Unsecured PHI within "
        "ten (10) business days of discovery.",
        "breach_notification_days",
        14,
        id="deadline-business-days-in-days",
    ),
    pytest.param(
        "Vendor will notify Customer of a Breach no later than 72 hours after becoming aware "
        "of it.",
        "breach_notification_deadline",
        {"amount": 72, "unit": "hours"},
        id="deadline-72-hours",
    ),
    pytest.param(
        "Vendor will notify Customer of a Breach no later than 72 hours after becoming aware "
        "of it.",
        "breach_notification_days",
        3,
        id="deadline-72-hours-in-days",
    ),
    pytest.param(
        "Notice of a Breach of Unsecured PHI shall be given to Covered Entity in a period not "
        "to exceed five (5) days from discovery.",
        "breach_notification_deadline",
        {"amount": 5, "unit": "days"},
        id="deadline-not-to-exceed",
    ),
    pytest.param(
        "Within 30 days following discovery of a Breach of Unsecured PHI, Business Associate "
        "shall notify Covered Entity.",
        "breach_notification_deadline",
        {"amount": 30, "unit": "days"},
        id="deadline-number-first",
    ),
    pytest.param(
        "Business Associate shall report any Breach to Covered Entity promptly, and in any "
        "event within fifteen (15) calendar days.",
        "breach_notification_deadline",
        {"amount": 15, "unit": "calendar-days"},
        id="deadline-promptly-and-in-any-event",
    ),
    pytest.param(
        "Business Associate shall notify Covered Entity of a Breach of Unsecured PHI without "
        "unreasonable delay.",
        "breach_notification_deadline",
        {"amount": None, "unit": None},
        id="deadline-without-unreasonable-delay-alone",
    ),
    pytest.param(
        "Business Associate shall notify Covered Entity of a Breach of Unsecured PHI without "
        "unreasonable delay.",
        "breach_notification_days",
        None,
        id="deadline-without-unreasonable-delay-in-days",
    ),
    pytest.param(
        "Vendor shall report Security Incidents within twenty-four (24) hours, and shall "
        "notify Customer of any Breach of Unsecured PHI without unreasonable delay and in no "
        "case later than sixty (60) calendar days after discovery.",
        "breach_notification_deadline",
        {"amount": 60, "unit": "calendar-days"},
        id="deadline-incidents-on-another-clock-same-sentence",
    ),
    pytest.param(
        "Vendor shall notify Customer of a Breach of Unsecured PHI promptly.\n\n"
        "Vendor shall report successful Security Incidents within 48 hours.",
        "breach_notification_deadline",
        {"amount": None, "unit": None},
        id="deadline-incidents-clock-is-not-the-breach-clock",
    ),
    pytest.param(
        "Business Associate shall notify Covered Entity of Breaches of Unsecured PHI as soon "
        "as reasonably practicable.\n\nAll fees are payable net 30.\n\n"
        "Vendor deletes Customer Data within 90 days after the subscription ends.",
        "breach_notification_deadline",
        {"amount": None, "unit": None},
        id="deadline-net-30-and-deletion-are-not-deadlines",
    ),
    pytest.param(
        "Vendor shall notify Customer within forty-eight (48) hours of the discovery of any "
        "Breach.",
        "breach_notification_deadline",
        {"amount": 48, "unit": "hours"},
        id="deadline-hours-in-words",
    ),
    pytest.param(
        "Breaches of Unsecured PHI will be reported to Customer by Vendor not later than five "
        "business days after discovery.",
        "breach_notification_deadline",
        {"amount": 5, "unit": "business-days"},
        id="deadline-passive",
    ),
    pytest.param(
        "(d) Breach Notification. Business Associate shall, following the discovery of a "
        "Breach of Unsecured PHI, notify Covered Entity thereof without unreasonable delay, "
        "and in no event later than twenty (20) days after such discovery.",
        "breach_notification_deadline",
        {"amount": 20, "unit": "days"},
        id="deadline-legalese-sub-clause",
    ),
    pytest.param(
        "Vendor shall inform Customer of a Breach within one (1) week.",
        "breach_notification_deadline",
        {"amount": 7, "unit": "calendar-days"},
        id="deadline-one-week",
    ),
    pytest.param(
        "Business Associate shall notify Covered Entity within two (2) business days after "
        "Business Associate's discovery of a Breach of Unsecured PHI.",
        "breach_notification_deadline",
        {"amount": 2, "unit": "business-days"},
        id="deadline-before-the-trigger",
    ),
    pytest.param(
        "Provider will notify Company of any Breach without undue delay and no later than "
        "5 calendar days after Discovery.",
        "breach_notification_deadline",
        {"amount": 5, "unit": "calendar-days"},
        id="deadline-undue-delay",
    ),
    # subcontractors
    pytest.param(
        "Business Associate shall require each of its Subcontractors to agree, in writing, to "
        "restrictions and conditions no less stringent than those that apply to Business "
        "Associate under this Agreement.",
        "subcontractor_flowdown",
        True,
        id="flowdown-no-less-stringent",
    ),
    pytest.param(
        "Any agent or subcontractor to whom Vendor provides PHI shall first be bound by a "
        "written agreement imposing substantially the same obligations as this Addendum.",
        "subcontractor_flowdown",
        True,
        id="flowdown-agents-passive",
    ),
    pytest.param(
        "Vendor will obtain from each downstream vendor that handles PHI on its behalf a "
        "business associate agreement at least as protective as this one.",
        "subcontractor_flowdown",
        True,
        id="flowdown-downstream-vendor",
    ),
    pytest.param(
        "Provider may disclose PHI to Subcontractors without further consent of Company.",
        "subcontractor_flowdown",
        False,
        id="flowdown-blanket-consent-only",
    ),
    # return or destroy
    pytest.param(
        "Within thirty (30) days after expiration or termination hereof, Business Associate "
        "shall, at Covered Entity's option, return or destroy all PHI and certify the "
        "destruction in writing.",
        "return_or_destroy",
        True,
        id="return-at-option",
    ),
    pytest.param(
        "Upon termination, Vendor will securely delete or return all PHI; where that is "
        "infeasible, Vendor will extend the protections of this Addendum to the PHI it keeps.",
        "return_or_destroy",
        True,
        id="return-delete-or-infeasible",
    ),
    pytest.param(
        "On expiry of the Agreement, all PHI in Vendor's possession will be purged from its "
        "systems, and Vendor will keep no copies.",
        "return_or_destroy",
        True,
        id="return-purged-passive",
    ),
    pytest.param(
        "Vendor may retain PHI after termination for as long as it deems useful.",
        "return_or_destroy",
        False,
        id="return-kept-at-will",
    ),
    # books and records
    pytest.param(
        "Upon request, Vendor will make available to the U.S. Department of Health and Human "
        "Services its internal practices, books and records relating to the use and "
        "disclosure of PHI.",
        "hhs_access_to_books",
        True,
        id="books-department",
    ),
    pytest.param(
        "Business Associate agrees that the Secretary may inspect its records, policies and "
        "procedures concerning PHI to determine compliance with HIPAA.",
        "hhs_access_to_books",
        True,
        id="books-secretary-may-inspect",
    ),
    pytest.param(
        "Provider will give the Secretary access to its books and records as required to "
        "determine compliance with the HIPAA Rules, subject to attorney-client privilege.",
        "hhs_access_to_books",
        True,
        id="books-access-with-privilege",
    ),
    # permitted uses
    pytest.param(
        "Except as otherwise limited herein, Business Associate may use or disclose PHI "
        "solely to perform the functions, activities or services specified in the Services "
        "Agreement.",
        "permitted_uses_limited",
        True,
        id="permitted-solely-services",
    ),
    pytest.param(
        "Except as otherwise permitted or required in this BAA, Provider may only use or "
        "disclose PHI as reasonably necessary to provide the Services or as otherwise "
        "required by applicable law.",
        "permitted_uses_limited",
        True,
        id="permitted-common-paper-style",
    ),
    pytest.param(
        "Vendor will process PHI only on Customer's documented instructions and for no other "
        "purpose.",
        "permitted_uses_limited",
        True,
        id="permitted-instructions",
    ),
    pytest.param(
        "Vendor may use PHI for any purpose permitted by its Privacy Policy.",
        "permitted_uses_limited",
        False,
        id="permitted-any-purpose",
    ),
    pytest.param(
        "Vendor may use PHI to provide the Services and to develop and improve its other products.",
        "permitted_uses_limited",
        False,
        id="permitted-product-development",
    ),
]


# Written after the rules were widened.
OBLIGATION_ROWS += [
    pytest.param(
        "Business Associate shall provide written notice of any Breach of Unsecured PHI to "
        "Covered Entity as soon as practicable, but in no event more than five (5) business "
        "days after discovery.",
        "breach_notification_deadline",
        {"amount": 5, "unit": "business-days"},
        id="deadline-but-in-no-event",
    ),
    pytest.param(
        "Vendor shall report Breaches within 3 business days and Security Incidents within "
        "10 days.",
        "breach_notification_deadline",
        {"amount": 3, "unit": "business-days"},
        id="deadline-two-events-one-sentence",
    ),
    pytest.param(
        "Business Associate shall notify Covered Entity of a Breach immediately, and in any "
        "case within one (1) calendar day.",
        "breach_notification_deadline",
        {"amount": 1, "unit": "calendar-days"},
        id="deadline-one-calendar-day",
    ),
    pytest.param(
        "Business Associate shall not permit any Subcontractor to access PHI unless the "
        "Subcontractor has agreed in writing to the same restrictions that apply to Business "
        "Associate.",
        "subcontractor_flowdown",
        True,
        id="flowdown-unless-agreed",
    ),
    pytest.param(
        "Following the expiration of the Agreement, Provider will erase Company's PHI from "
        "its systems within thirty (30) days.",
        "return_or_destroy",
        True,
        id="return-erased-after-expiry",
    ),
    pytest.param(
        "Business Associate will make its facilities, books and records available to HHS "
        "for inspection.",
        "hhs_access_to_books",
        True,
        id="books-facilities",
    ),
]


@pytest.mark.parametrize(("clause", "fact", "expected"), OBLIGATION_ROWS)
def test_obligations_phrased_by_other_drafters(clause, fact, expected):
    facts = _facts(_agreement(clause, drop=(REPLACES[fact],))).facts
    assert facts[fact].value == expected


# --- is it a BAA at all: (whole document, fact, expected) -------------------------------

EXHIBIT_C = """Exhibit C – HIPAA

1. Supplier acts as Customer's business associate when it handles Protected Health
Information for Customer, and will not use or disclose PHI except to perform the Services.

2. Supplier will notify Customer of any Breach of Unsecured PHI within ten (10) days.

3. Supplier will ensure that its subcontractors agree to the same restrictions on PHI.

4. On termination Supplier will return or destroy all PHI.
"""

DPA_HIPAA = """DATA PROTECTION ADDENDUM (HIPAA)

This addendum governs how Tallyho Analytics Ltd. ("Provider") handles protected health
information that it receives from a covered entity ("Company") in providing the Services.

1. Provider will use and disclose PHI only to provide the Services or as Required by Law.

2. Provider will report to Company any Breach of Unsecured PHI without unreasonable delay and
in no case later than fifteen (15) days after discovery.

3. Provider will make its books and records available to the Secretary of HHS.
"""

GDPR_DPA = """DATA PROCESSING AGREEMENT

This Data Processing Agreement forms part of the Terms between Vela Metrics B.V.
("Processor") and the customer ("Controller") under Regulation (EU) 2016/679.

1. The Processor shall process Personal Data only on documented instructions from the
Controller, including with regard to transfers to third countries.

2. The Processor shall notify the Controller of a Personal Data Breach without undue delay
and in any event within 48 hours.

3. The Processor shall not engage another processor without prior written authorisation, and
shall impose the same data protection obligations on every sub-processor.

4. At the end of the Services the Processor shall delete or return all Personal Data.
"""

PRIVACY_POLICY = """Privacy Policy

We collect the email address, device identifiers and usage events of people who use our
apps. We use this information to run and improve the service and to send product news.

Health information. Some of our customers are healthcare providers subject to HIPAA. We do
not sell personal information, and you may ask us to delete your data at any time.
"""

MSA = """MASTER SUBSCRIPTION AGREEMENT

1. Services. Provider will make the Services available to Customer during the Term.

2. Fees. Customer will pay all fees within thirty (30) days of the invoice date.

3. Customer Data. Customer will not upload information regulated by HIPAA unless the parties
have first signed a separate addendum for it.

4. Confidentiality. Each party will protect the other's Confidential Information.
"""

IS_BAA_ROWS = [
    pytest.param(EXHIBIT_C, "is_baa", True, id="exhibit-titled-hipaa"),
    pytest.param(DPA_HIPAA, "is_baa", True, id="data-protection-addendum-hipaa"),
    pytest.param(GDPR_DPA, "is_baa", False, id="gdpr-dpa"),
    pytest.param(PRIVACY_POLICY, "is_baa", False, id="privacy-policy"),
    pytest.param(MSA, "is_baa", False, id="msa-mentioning-hipaa-once"),
]


@pytest.mark.parametrize(("text", "fact", "expected"), IS_BAA_ROWS)
def test_what_is_and_is_not_a_baa(text, fact, expected):
    assert _facts(text).facts[fact].value is expected


@pytest.mark.parametrize(
    "clause",
    [
        "The provisions of this BAA shall not be applicable to Aggregate Data.",
        "This Addendum does not extend to information in Customer's support tickets.",
        "Call recordings are outside the scope of this Agreement.",
    ],
)
def test_an_exclusion_of_an_unknown_kind_leaves_scope_open_with_a_warning(clause):
    found = _facts(_agreement(clause))
    assert found.facts["carve_outs"].value == []
    assert found.facts["scope"].value is None
    assert any(w.startswith("scope:") and clause in w for w in found.warnings), found.warnings
