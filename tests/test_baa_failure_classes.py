"""The BAA extractor on the wordings real agreements miss by: deadlines that are not the
breach deadline, deadlines given through a defined term, obligations listed under a
lead-in, de-identification permissions, the books-and-records clause beside the
accounting one, and documents that only talk about BAAs. Each class is written in
several drafting styles (hospital legalese, start-up plain English, numbered lists,
defined terms), none copied from a real agreement.
"""

from __future__ import annotations

import pytest
from test_baa_paraphrases import _agreement, _facts

# --- a deadline that is not the breach deadline ----------------------------------------

NOT_BREACH_DEADLINES = [
    pytest.param(
        "(d) Business Associate shall promptly report to Covered Entity any Breach of "
        "Unsecured PHI of which it becomes aware.",
        "(l) Either party may terminate the Master Agreement upon written notice if the other "
        "party commits a breach and fails to cure such breach within thirty (30) days.",
        "promptly",
        id="legalese-cure-period",
    ),
    pytest.param(
        "We'll tell you about a breach of your PHI without unreasonable delay.",
        "We'll send you an invoice every month, and you'll pay it within 45 days of notice "
        "of the amount due.",
        "without unreasonable delay",
        id="plain-english-payment-terms",
    ),
    pytest.param(
        "5.2 Vendor shall notify Customer of a Breach without unreasonable delay after discovery.",
        "5.3 Vendor shall respond to a request for access to or amendment of PHI within "
        "ten (10) business days of notice of the request.",
        "without unreasonable delay",
        id="numbered-access-request",
    ),
]


@pytest.mark.parametrize(("breach", "other", "phrase"), NOT_BREACH_DEADLINES)
def test_a_deadline_for_something_else_is_never_the_breach_deadline(breach, other, phrase):
    fact = _facts(_agreement(breach, other, drop=("breach", "termination"))).facts[
        "breach_notification_deadline"
    ]
    assert fact.value == {"amount": None, "unit": None}
    assert any(phrase in citation.quote for citation in fact.citations)


# --- a deadline given through a defined term ---------------------------------------------

DEFINED_TERMS = [
    pytest.param(
        '1.2 "Notification Period" means five (5) business days following discovery.',
        "(d) Business Associate shall report any Breach of Unsecured PHI to Covered Entity "
        "within the Notification Period.",
        (5, "business-days"),
        id="means-period",
    ),
    pytest.param(
        '"Reporting Window" shall mean seventy-two (72) hours after Vendor first learns of '
        "the event.",
        "Vendor will notify Customer of any Breach within the Reporting Window.",
        (72, "hours"),
        id="shall-mean-window",
    ),
    pytest.param(
        'Ten (10) calendar days after discovery (the "Breach Notice Deadline") applies to '
        "every notice under this Section.",
        "Business Associate agrees to notify Covered Entity of each Breach no later than the "
        "Breach Notice Deadline.",
        (10, "calendar-days"),
        id="parenthetical-deadline",
    ),
]


@pytest.mark.parametrize(("definition", "duty", "expected"), DEFINED_TERMS)
def test_a_deadline_through_a_defined_term_follows_the_definition(definition, duty, expected):
    fact = _facts(_agreement(definition, duty, drop=("breach",))).facts[
        "breach_notification_deadline"
    ]
    assert fact.value == {"amount": expected[0], "unit": expected[1]}
    quotes = " ".join(citation.quote for citation in fact.citations)
    assert "Breach" in quotes and str(expected[0]) in quotes  # the duty and the definition


# --- obligations listed under a lead-in ------------------------------------------------

LISTS = [
    pytest.param(
        "Business Associate agrees to:\n"
        "• notify Covered Entity of any Breach of Unsecured PHI within ten (10) days of "
        "discovery;\n"
        "• ensure that any subcontractor agrees in writing to the same restrictions and "
        "conditions that apply to Business Associate; and\n"
        "• return or destroy all PHI upon termination of this Agreement.",
        id="bullets",
    ),
    pytest.param(
        "The Vendor shall:\n"
        "- report each Breach to the Customer within 10 days after discovery\n"
        "- require its subcontractors to agree to the same restrictions and conditions on PHI\n"
        "- at termination, return or destroy all PHI it holds",
        id="dashes-without-punctuation",
    ),
    pytest.param(
        "6. Supplier Obligations. Supplier will: (i) notify Customer of any Breach within ten "
        "(10) days of discovery; (ii) obtain from each subcontractor a written agreement "
        "imposing the same restrictions and conditions; and (iii) return or destroy all PHI "
        "when this Agreement ends.",
        id="roman-sub-items",
    ),
]


@pytest.mark.parametrize("listed", LISTS)
def test_list_items_carry_the_lead_ins_subject_and_verb(listed):
    facts = _facts(_agreement(listed, drop=("breach", "subcontractors", "return"))).facts
    assert facts["breach_notification_deadline"].value["amount"] == 10
    assert facts["subcontractor_flowdown"].value is True
    assert facts["return_or_destroy"].value is True


# --- de-identification permissions -------------------------------------------------------

DE_IDENTIFICATION = [
    pytest.param(
        "Business Associate may de-identify PHI in accordance with 45 C.F.R. 164.514 and may "
        "use and disclose the de-identified data for its own business purposes.",
        id="may-de-identify-and-use",
    ),
    pytest.param(
        "Vendor may use and disclose de-identified information for any purpose, including to "
        "improve its products.",
        id="may-use-de-identified",
    ),
    pytest.param(
        "For clarity, de-identified data is not PHI under this Agreement, and Vendor may "
        "retain and use it after termination.",
        id="not-phi-under-this-agreement",
    ),
    pytest.param(
        "We may de-identify your PHI and use the resulting data to build benchmarks.",
        id="plain-english",
    ),
]


@pytest.mark.parametrize("clause", DE_IDENTIFICATION)
def test_de_identification_for_the_vendors_own_ends_is_a_carve_out(clause):
    facts = _facts(_agreement(clause)).facts
    assert "de-identified-data" in facts["carve_outs"].value
    assert facts["scope"].value == "phi-flagged-only"  # a kind of data is carved out


# --- HHS access to books and records ---------------------------------------------------

BOOKS = [
    pytest.param(
        "(i) Business Associate shall document disclosures of PHI and provide the records "
        "needed for an accounting of disclosures under 45 C.F.R. 164.528 to Covered Entity "
        "or, if so directed, to the Secretary, so that compliance can be determined.",
        "(k) Business Associate shall make its internal practices, books and records relating "
        "to PHI available to the Secretary for purposes of determining compliance with HIPAA.",
        "internal practices",
        id="legalese",
    ),
    pytest.param(
        "We'll keep a record of disclosures of your PHI so you can give an accounting to a "
        "patient, and share those records with HHS when it asks about compliance.",
        "We'll make our books and records about PHI available to HHS so it can check "
        "compliance with HIPAA.",
        "books and records about PHI",
        id="plain-english",
    ),
    pytest.param(
        "7.4 Accounting. Supplier shall maintain records of each disclosure sufficient for an "
        "accounting under 164.528 and shall provide such records to the Secretary on request "
        "for compliance purposes.",
        "7.5 Audit by HHS. Supplier shall make available to the Secretary of Health and Human "
        "Services its internal practices, books and records for determining compliance.",
        "internal practices",
        id="numbered-headings",
    ),
]


@pytest.mark.parametrize(("accounting", "books", "phrase"), BOOKS)
def test_hhs_access_cites_the_books_clause_not_the_accounting_one(accounting, books, phrase):
    fact = _facts(_agreement(accounting, books, drop=("accounting", "books"))).facts[
        "hhs_access_to_books"
    ]
    assert fact.value is True
    assert phrase in fact.citations[0].quote
    assert not any("accounting" in citation.quote for citation in fact.citations)


# --- documents that only talk about BAAs --------------------------------------------------

LOOK_ALIKES = [
    pytest.param(
        """Notice of Privacy Practices

This notice describes how medical information about you may be used and disclosed. We
share protected health information with our business associates only under a business
associate agreement, as HIPAA requires. If there is a breach of your unsecured PHI we will
notify you within 60 days. You may ask HHS to review our practices, and we return or destroy
records when the law allows.
""",
        id="privacy-notice",
    ),
    pytest.param(
        """MUTUAL NON-DISCLOSURE AGREEMENT

1. Each party will protect the other's Confidential Information. Confidential Information
does not include protected health information, which the parties will exchange only after
signing a HIPAA business associate agreement.
2. The receiving party will notify the disclosing party of any breach of this Agreement
within five (5) days and will return or destroy Confidential Information on request.
""",
        id="nda",
    ),
    pytest.param(
        """INDEMNIFICATION AGREEMENT

1. Vendor shall indemnify Customer against losses arising from Vendor's breach of any
business associate agreement between the parties, including costs of breach notification
to individuals and to HHS under HIPAA.
2. This Agreement does not itself create any business associate relationship.
""",
        id="indemnification",
    ),
    pytest.param(
        """DATA PROCESSING ADDENDUM

This DPA applies to Personal Data under the GDPR. Where Customer is a covered entity under
HIPAA, the parties' separate Business Associate Agreement, and not this DPA, governs PHI.
Processor will notify Controller of a Personal Data Breach within 48 hours and will delete
or return Personal Data at the end of the Services.
""",
        id="dpa-mentioning-a-baa",
    ),
]


@pytest.mark.parametrize("text", LOOK_ALIKES)
def test_a_document_that_only_talks_about_baas_is_not_one(text):
    assert _facts(text).facts["is_baa"].value is False
