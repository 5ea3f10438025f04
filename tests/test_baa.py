"""`extract baa`: what a business associate agreement covers, leaves out and promises.

Every agreement here is written for the test, in varied wording, the way different
vendors' counsel would put the same clause.
"""

from __future__ import annotations

import json

import pytest
from conftest import run_cli
from pdfgen import ImageOnly, write_pdf

from vendor_eval.evidence.baa import CARVE_OUTS, HHS_PROVISIONS, baa_facts, extract_baa
from vendor_eval.evidence.baa.vocabulary import SCOPE_OF_CARVE_OUT
from vendor_eval.evidence.documents import read_document
from vendor_eval.evidence.io import load_evidence
from vendor_eval.evidence.pdf import PageText
from vendor_eval.evidence.text import Sentence, sentences

# One clause per HHS sample provision, so tests can drop any of them.
CLAUSES = {
    "title": "HIPAA BUSINESS ASSOCIATE ADDENDUM",
    "preamble": (
        'This Business Associate Addendum (the "Addendum") forms part of the Subscription '
        'Agreement between Lumen Metrics LLC ("Vendor") and the health plan that signs it '
        '("Customer"), and governs Vendor\'s handling of Protected Health Information under '
        "HIPAA."
    ),
    "limits": (
        "Vendor will not use or further disclose PHI except as this Addendum permits or "
        "requires or as Required by Law."
    ),
    "safeguards": (
        "Vendor will maintain administrative, physical and technical safeguards and will "
        "comply with Subpart C of 45 C.F.R. Part 164 for electronic PHI."
    ),
    "improper-use": (
        "Vendor will report to Customer any use or disclosure of PHI not permitted by this "
        "Addendum as soon as it learns of it."
    ),
    "breach": (
        "Vendor shall notify Customer of a Breach of Unsecured PHI without unreasonable "
        "delay and in no case later than sixty (60) calendar days after discovering it."
    ),
    "incidents": (
        "Vendor shall report Security Incidents to Customer at least once per calendar quarter."
    ),
    "subcontractors": (
        "Before any subcontractor receives PHI, Vendor will bind it in writing to "
        "restrictions and conditions at least as stringent as those in this Addendum."
    ),
    "access": (
        "Vendor will make PHI in a Designated Record Set available so that Customer can meet "
        "an individual's right of access under 45 C.F.R. 164.524."
    ),
    "amendment": "Vendor will make any amendment to PHI that Customer directs under 164.526.",
    "accounting": (
        "Vendor will keep the information Customer needs to give an accounting of "
        "disclosures under 45 C.F.R. 164.528."
    ),
    "privacy-rule": (
        "Where Vendor carries out one of Customer's obligations under Subpart E, it will "
        "follow the requirements of Subpart E that apply to Customer."
    ),
    "books": (
        "Vendor will make its internal practices, books and records available to the "
        "Secretary of Health and Human Services for determining compliance."
    ),
    "permitted": (
        "Vendor may use and disclose PHI only as necessary to provide the services described "
        "in the Subscription Agreement, and as required by law."
    ),
    "minimum": "Vendor will limit each use, disclosure and request to the minimum necessary.",
    "termination": (
        "Customer may terminate this Addendum if Vendor violates a material term and does "
        "not cure it within thirty (30) days of written notice."
    ),
    "return": (
        "When this Addendum ends, Vendor will return or destroy all PHI and keep no copies."
    ),
    "survival": "Vendor's obligations under this section survive termination.",
}


def agreement(*extra: str, drop: tuple[str, ...] = (), replace: dict[str, str] | None = None):
    clauses = {**CLAUSES, **(replace or {})}
    body = [text for key, text in clauses.items() if key not in drop]
    return "\n\n".join(body + list(extra))


def facts_of(text: str):
    pages = [PageText(n, t) for n, t in enumerate(text.split("\f"), 1)]
    return baa_facts(sentences(pages))


def values(text: str) -> dict:
    return {name: fact.value for name, fact in facts_of(text).facts.items()}


def carve_outs(*extra: str) -> list[str]:
    return values(agreement(*extra))["carve_outs"]


# --- a complete agreement ---------------------------------------------------------------


def test_a_complete_agreement_is_a_full_pipeline_baa_missing_nothing():
    found = facts_of(agreement())
    facts = found.facts
    assert facts["is_baa"].value is True
    assert facts["carve_outs"].value == []
    assert facts["scope"].value == "full-pipeline"
    assert facts["breach_notification_deadline"].value == {"amount": 60, "unit": "calendar-days"}
    assert facts["breach_notification_days"].value == 60
    for name in (
        "subcontractor_flowdown",
        "return_or_destroy",
        "hhs_access_to_books",
        "permitted_uses_limited",
    ):
        assert facts[name].value is True, name
        assert facts[name].citations, name
    assert facts["missing_provisions"].value == []
    assert found.warnings == []


def test_every_fact_is_cited_with_a_page_and_a_quote_from_the_text():
    text = agreement()
    for name, fact in facts_of(text).facts.items():
        if fact.value not in (None, [], False) and name != "missing_provisions":
            assert fact.citations, name
        for citation in fact.citations:
            assert citation.page == 1
            assert citation.quote.rstrip(".") in " ".join(text.split()), citation.quote


@pytest.mark.parametrize(
    ("clause", "provision"),
    [
        ("limits", "limits-on-use-and-disclosure"),
        ("safeguards", "safeguards"),
        ("improper-use", "report-improper-use"),
        ("incidents", "report-security-incidents"),
        ("subcontractors", "subcontractor-flowdown"),
        ("access", "individual-access"),
        ("amendment", "amendment"),
        ("accounting", "accounting-of-disclosures"),
        ("privacy-rule", "privacy-rule-obligations"),
        ("books", "books-and-records"),
        ("minimum", "minimum-necessary"),
        ("termination", "termination-for-cause"),
        ("return", "return-or-destroy"),
        ("survival", "survival"),
    ],
)
def test_a_dropped_provision_is_reported_missing(clause, provision):
    assert values(agreement(drop=(clause,)))["missing_provisions"] == [provision]


def test_provision_ids_are_stable_and_unique():
    ids = [p.id for p in HHS_PROVISIONS]
    assert len(ids) == len(set(ids))
    assert all(i == i.lower() and " " not in i for i in ids)


def test_absent_obligations_are_false_with_a_warning():
    found = facts_of(agreement(drop=("subcontractors", "return", "books")))
    for name in ("subcontractor_flowdown", "return_or_destroy", "hhs_access_to_books"):
        assert found.facts[name].value is False
        assert any(w.startswith(f"{name}:") for w in found.warnings)


def test_obligations_the_vendor_declines_are_false_and_cited():
    declined = values(
        agreement(
            "Vendor has no obligation to return or destroy PHI, which it keeps for its records.",
            "Vendor is not required to obtain agreements from its subcontractors.",
            drop=("subcontractors", "return"),
        )
    )
    assert declined["return_or_destroy"] is False
    assert declined["subcontractor_flowdown"] is False


def test_broad_permitted_uses_are_not_limited():
    found = facts_of(
        agreement(
            "Vendor may use PHI for conducting the Company's business and for its own "
            "commercial purposes.",
            drop=("permitted",),
        )
    )
    assert found.facts["permitted_uses_limited"].value is False
    assert (
        "for its own commercial purposes"
        in found.facts["permitted_uses_limited"].citations[0].quote
    )


# --- is it a BAA at all -----------------------------------------------------------------

DPA = """DATA PROCESSING ADDENDUM

This Data Processing Addendum supplements the Terms of Service between Orbit Insights GmbH
(the "Processor") and the customer (the "Controller") under the GDPR.

1. Personal Data Breach. The Processor shall notify the Controller without undue delay, and
in any event within seventy-two (72) hours, after becoming aware of a Personal Data Breach.

2. Sub-processors. The Processor shall impose on each sub-processor data protection
obligations no less protective than those set out in this Addendum.

3. Deletion. On termination the Processor shall delete or return all personal data within
thirty (30) days.
"""


def test_a_gdpr_dpa_is_not_a_baa():
    facts = values(DPA)
    assert facts["is_baa"] is False
    assert facts["scope"] is None
    assert facts["carve_outs"] is None


def test_a_dpa_that_points_to_a_separate_baa_is_still_not_one():
    text = DPA + (
        "\n4. Health data. If Controller is a covered entity under HIPAA, the parties will "
        "sign the Processor's separate Business Associate Agreement before any protected "
        "health information is sent."
    )
    assert values(text)["is_baa"] is False


def test_an_untitled_baa_is_recognised_by_its_roles():
    text = agreement(drop=("title", "preamble"))
    text = text.replace("Vendor", "Business Associate").replace("Customer", "Covered Entity")
    assert values(text)["is_baa"] is True


# --- carve-outs -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("clause", "expected"),
    [
        pytest.param(
            '"Covered Services" means the Lumen event pipeline and does not include Lumen '
            "Insights dashboards or its product analytics features.",
            ["analytics-data", "covered-services-only"],
            id="definition",
        ),
        pytest.param(
            "Usage Data that Vendor collects about how the services are used is not "
            "Protected Health Information and is excluded from this Addendum.",
            ["analytics-data"],
            id="exclusion",
        ),
        pytest.param(
            "Customer shall not transmit PHI in event properties, page titles or any other "
            "analytics payload.",
            ["analytics-data", "customer-must-not-send-phi"],
            id="customer-obligation",
        ),
        pytest.param(
            "Information gathered on public web pages that visitors can open without signing "
            "in falls outside the scope of this Addendum.",
            ["unauthenticated-pages"],
            id="public-pages",
        ),
        pytest.param(
            "This Addendum covers only data collected in authenticated sessions of the "
            "patient portal.",
            ["unauthenticated-pages"],
            id="authenticated-only",
        ),
        pytest.param(
            "Data used for marketing campaigns, email lists and advertising audiences is "
            "carved out of this Addendum.",
            ["marketing-data"],
            id="marketing",
        ),
        pytest.param(
            "Vendor may de-identify PHI and may use the de-identified data for benchmarking "
            "and product research.",
            ["de-identified-data"],
            id="de-identified-permission",
        ),
        pytest.param(
            "This Addendum applies to customers under the Enterprise plan.",
            ["enterprise-plan-only"],
            id="plan",
        ),
        pytest.param(
            "Customer agrees not to upload protected health information to any feature that "
            "is not a HIPAA Eligible Service.",
            ["covered-services-only", "customer-must-not-send-phi"],
            id="eligible-services",
        ),
        pytest.param(
            "Customer must ensure that no PHI is sent to the Service.",
            ["customer-must-not-send-phi"],
            id="no-phi-at-all",
        ),
    ],
)
def test_carve_outs_in_their_many_phrasings(clause, expected):
    found = facts_of(agreement(clause))
    assert found.facts["carve_outs"].value == expected
    # Scope in the checklist's words: what the carve-out leaves covered.
    assert found.facts["scope"].value in {SCOPE_OF_CARVE_OUT[c] for c in expected}
    quotes = [c.quote for c in found.facts["carve_outs"].citations]
    assert quotes == [" ".join(clause.split())]


@pytest.mark.parametrize(
    "clause",
    [
        "Nothing in this Addendum excludes analytics data from the definition of PHI.",
        "Analytics data and event properties are not excluded from this Addendum.",
        "This Addendum applies to all PHI, regardless of whether it is collected on "
        "unauthenticated pages.",
        "Vendor shall not use or disclose PHI for marketing or advertising.",
        "Vendor shall not sell PHI or use de-identified data to re-identify anyone.",
        "Analytics data collected through the Service is PHI when it identifies an "
        "individual and is covered by this Addendum.",
    ],
)
def test_negations_and_vendor_promises_are_not_carve_outs(clause):
    assert carve_outs(clause) == []


def test_an_analytics_vendor_name_is_not_an_analytics_carve_out():
    text = agreement(
        "Northwind Analytics, Inc. signs this Addendum, which applies only to the Covered "
        "Services listed in the Order Form."
    )
    assert values(text)["carve_outs"] == ["covered-services-only"]


def test_only_known_carve_out_names_are_produced():
    every = agreement(
        '"Covered Services" means Lumen Core only.',
        "Analytics data is excluded. Marketing data is excluded. Public web pages are "
        "excluded. De-identified data is excluded.",
        "This BAA applies to customers on the Scale plan.",
        "Customer shall not send PHI to Lumen Campaigns.",
    )
    assert values(every)["carve_outs"] == sorted(CARVE_OUTS)


# --- breach notification deadline ------------------------------------------------------


@pytest.mark.parametrize(
    ("clause", "deadline", "days"),
    [
        (
            "Vendor shall notify Customer of any Breach of Unsecured PHI within four (4) "
            "hours after discovery.",
            {"amount": 4, "unit": "hours"},
            1,
        ),
        (
            "Breaches of Unsecured PHI will be reported to Customer within 72 hours.",
            {"amount": 72, "unit": "hours"},
            3,
        ),
        (
            "Vendor will report each Breach within five business days of becoming aware of it.",
            {"amount": 5, "unit": "business-days"},
            7,
        ),
        (
            "Vendor shall report a Breach to Customer no later than fourteen business (14) "
            "days from the date of discovery.",
            {"amount": 14, "unit": "business-days"},
            20,
        ),
        (
            "Vendor shall report any Breach without unreasonable delay and in no case later "
            "than 60 days after discovery.",
            {"amount": 60, "unit": "days"},
            60,
        ),
        (
            "Within ten (10) days after discovering a Breach of Unsecured PHI, Vendor shall "
            "notify Customer in writing.",
            {"amount": 10, "unit": "days"},
            10,
        ),
        (
            "Vendor shall promptly notify Customer of any Breach of Unsecured PHI.",
            {"amount": None, "unit": None},
            None,
        ),
        (
            "Vendor shall notify Customer of a Breach within two (2) weeks.",
            {"amount": 14, "unit": "calendar-days"},
            14,
        ),
    ],
)
def test_breach_deadline_in_words_digits_and_units(clause, deadline, days):
    facts = values(agreement(clause, drop=("breach",)))
    assert facts["breach_notification_deadline"] == deadline
    assert facts["breach_notification_days"] == days


def test_numbers_in_unrelated_clauses_are_not_the_breach_deadline():
    text = agreement(
        "Customer shall pay each invoice within thirty (30) days of receipt.",
        "Vendor shall delete Customer data within ninety (90) days after termination.",
        "Security Incidents that do not amount to a Breach shall be reported within twenty "
        "(20) days of Customer's written request.",
        "Vendor will forward an individual's request for access within ten (10) business days.",
        "Vendor will retain documentation for six (6) years.",
        "If Vendor is in material breach of this Addendum and fails to cure it within "
        "fifteen (15) days, Customer may terminate.",
        replace={
            "breach": (
                "Vendor shall report any Breach of Unsecured PHI to Customer promptly, and "
                "in no event later than forty-five (45) calendar days after discovery."
            )
        },
    )
    facts = values(text)
    assert facts["breach_notification_deadline"] == {"amount": 45, "unit": "calendar-days"}


def test_no_breach_clause_means_no_deadline():
    facts = facts_of(agreement(drop=("breach",)))
    assert facts.facts["breach_notification_deadline"].value is None
    assert facts.facts["breach_notification_days"].value is None
    assert "report-breaches" in facts.facts["missing_provisions"].value


def test_two_deadlines_for_a_breach_keep_the_first_notice_and_warn():
    found = facts_of(
        agreement(
            replace={
                "breach": (
                    "Vendor shall notify Customer of a Breach within two (2) business days; "
                    "Vendor shall deliver a full written report on the Breach within thirty "
                    "(30) days."
                )
            }
        )
    )
    assert found.facts["breach_notification_deadline"].value == {
        "amount": 2,
        "unit": "business-days",
    }
    assert any("30 days" in w for w in found.warnings)


def test_a_minimum_instead_of_a_maximum_is_flagged():
    found = facts_of(
        agreement(replace={"breach": "Vendor shall report Breaches on no less than five (5) days."})
    )
    assert found.facts["breach_notification_deadline"].value == {"amount": 5, "unit": "days"}
    assert any("minimum" in w for w in found.warnings)


# --- whole documents through the command ------------------------------------------------


def _pdf_agreement(tmp_path, name="baa.pdf", **options):
    """A three-page PDF whose breach clause starts at the bottom of page 2."""
    first = agreement(drop=("breach", "return", "survival"))
    pages = [
        first,
        "5. Reporting\nVendor shall notify Customer of a Breach of Unsecured",
        "PHI within five (5) business days after discovery.\n\n"
        + CLAUSES["return"]
        + "\n\n"
        + CLAUSES["survival"],
    ]
    return write_pdf(
        tmp_path / name,
        pages,
        header="Lumen Metrics - Confidential",
        footer="Page {page} of {pages}",
        **options,
    )


def test_pdf_clause_split_over_a_page_break_is_found_and_cited_at_its_first_page(tmp_path):
    evidence = extract_baa(read_document(_pdf_agreement(tmp_path)))
    deadline = evidence.facts["breach_notification_deadline"]
    assert deadline.value == {"amount": 5, "unit": "business-days"}
    assert deadline.citations[0].page == 2
    assert deadline.citations[0].quote == (
        "Vendor shall notify Customer of a Breach of Unsecured PHI within five (5) business "
        "days after discovery."
    )
    assert evidence.facts["return_or_destroy"].citations[0].page == 3
    assert evidence.document.pages == 3


def test_cli_writes_schema_valid_evidence_byte_for_byte_the_same(tmp_path):
    pdf = _pdf_agreement(tmp_path)
    first = run_cli("extract", "baa", pdf)
    second = run_cli("extract", "baa", pdf)
    assert first.exit_code == 0, first
    assert first.stdout == second.stdout
    out = tmp_path / "baa.evidence.json"
    result = run_cli("extract", "baa", pdf, "--format", "json", "-o", out)
    assert result.exit_code == 0, result
    loaded = load_evidence(out)
    assert loaded.kind == "baa"
    assert loaded.value("is_baa") is True
    assert loaded.value("breach_notification_days") == 7
    assert json.loads(out.read_text())["document"]["sha256"] == loaded.document.sha256


def test_cli_does_not_overwrite_without_force(tmp_path):
    source = tmp_path / "baa.txt"
    source.write_text(agreement(), encoding="utf-8")
    out = tmp_path / "out.yaml"
    out.write_text("keep me\n")
    refused = run_cli("extract", "baa", source, "-o", out)
    assert refused.exit_code == 2, refused
    assert "--force" in refused.stderr
    assert out.read_text() == "keep me\n"
    forced = run_cli("extract", "baa", source, "-o", out, "--force")
    assert forced.exit_code == 0, forced
    assert load_evidence(out).value("scope") == "full-pipeline"


def test_cli_encrypted_pdf_needs_its_password(tmp_path):
    pdf = _pdf_agreement(tmp_path, "locked.pdf", user_password="hunter2")
    locked = run_cli("extract", "baa", pdf)
    assert locked.exit_code == 2, locked
    assert locked.stderr.count("\n") == 1 and "--password" in locked.stderr
    opened = run_cli("extract", "baa", pdf, "--password", "hunter2")
    assert opened.exit_code == 0, opened
    assert "business-days" in opened.stdout


@pytest.mark.parametrize("kind", ["scanned", "damaged", "not-a-pdf"])
def test_cli_unusable_pdfs_fail_on_one_line(tmp_path, kind):
    path = tmp_path / f"{kind}.pdf"
    if kind == "scanned":
        write_pdf(path, [ImageOnly(), ImageOnly()])
    elif kind == "damaged":
        whole = _pdf_agreement(tmp_path).read_bytes()
        path.write_bytes(whole[: len(whole) // 2])
    else:
        path.write_text(agreement(), encoding="utf-8")
    result = run_cli("extract", "baa", path)
    assert result.exit_code == 2, result
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and str(path) in result.stderr
    assert "Traceback" not in result.stderr


def test_a_scanned_page_makes_unseen_obligations_unknown_not_false(tmp_path):
    pdf = write_pdf(
        tmp_path / "partly-scanned.pdf",
        [agreement(drop=("subcontractors", "return", "survival")), ImageOnly()],
    )
    result = run_cli("extract", "baa", pdf, "--format", "json")
    assert result.exit_code == 0, result
    evidence = json.loads(result.stdout)
    assert evidence["facts"]["subcontractor_flowdown"]["value"] is None
    assert evidence["facts"]["return_or_destroy"]["value"] is None
    assert any("OCR" in w for w in evidence["warnings"])
    assert "OCR" in result.stderr


def test_markdown_agreement_with_form_feed_pages(tmp_path):
    path = tmp_path / "baa.md"
    path.write_text(
        "# Business Associate Agreement\n\n" + agreement(drop=("title",)) + "\f"
        "## Scope\n\nCovered Services do not include the Lumen Campaigns marketing module.\n",
        encoding="utf-8",
    )
    result = run_cli("extract", "baa", path, "--format", "json")
    assert result.exit_code == 0, result
    facts = json.loads(result.stdout)["facts"]
    assert facts["carve_outs"]["value"] == ["covered-services-only", "marketing-data"]
    assert facts["carve_outs"]["citations"][0]["page"] == 2


def test_sentence_type_is_what_the_rules_read():
    # The pure rules work on any sentences, e.g. ones a caller built itself.
    found = baa_facts([Sentence(7, "This Business Associate Agreement covers PHI under HIPAA.")])
    assert found.facts["is_baa"].value is True
    assert found.facts["is_baa"].citations[0].page == 7


def test_a_list_item_keeps_the_subject_of_its_lead_in():
    found = facts_of(
        agreement(
            "Customer shall: (i) obtain any consents the law requires; (ii) not place "
            "protected health information in any product that is not HIPAA eligible; and "
            "(iii) keep its credentials secret."
        )
    )
    assert found.facts["carve_outs"].value == [
        "covered-services-only",
        "customer-must-not-send-phi",
    ]
    quote = found.facts["carve_outs"].citations[0].quote
    assert quote.startswith("(ii) not place protected health information")


def test_a_sentence_saying_no_data_is_excluded_is_no_carve_out():
    assert (
        carve_outs(
            "Analytics data is PHI when it relates to an individual, and no category of "
            "Customer data is excluded from this Addendum."
        )
        == []
    )


@pytest.mark.parametrize(
    "clause",
    [
        "Vendor may aggregate PHI for its own purposes.",
        "Vendor may use PHI (i) for conducting the Company's business and (ii) on a "
        "de-identified basis to study how its technology performs.",
    ],
)
def test_uses_for_the_vendors_own_ends_are_not_limited(clause):
    assert values(agreement(clause))["permitted_uses_limited"] is False


@pytest.mark.parametrize(
    ("clause", "deadline"),
    [
        (
            "Vendor shall report any Breach no later than 5 (five) business days after discovery.",
            {"amount": 5, "unit": "business-days"},
        ),
        (
            'Vendor will report a Breach within the Breach Notice Window Period. "Breach '
            'Notice Window Period" means seventy-two (72) hours.',
            {"amount": 72, "unit": "hours"},
        ),
        (
            "Vendor will notify Customer of Breaches as 45 C.F.R. 164.410 requires.",
            {"amount": None, "unit": None},
        ),
    ],
)
def test_deadlines_given_indirectly(clause, deadline):
    assert values(agreement(clause, drop=("breach",)))["breach_notification_deadline"] == deadline


def test_terms_that_forbid_phi_are_no_baa_and_have_no_scope():
    terms = (
        "TERMS OF USE\n\nYou may not send health information, financial account numbers or "
        "government identifiers to the Service unless we approve it in writing."
    )
    facts = values(terms)
    assert facts["is_baa"] is False
    assert facts["carve_outs"] == ["customer-must-not-send-phi"]
    assert facts["scope"] is None


@pytest.mark.parametrize(
    ("clause", "expected"),
    [
        (
            "Cookies and device identifiers set by the tracking pixel are not PHI under this "
            "Addendum.",
            ["analytics-data"],
        ),
        (
            "Customer shall not disclose to Vendor more PHI than the minimum necessary.",
            [],
        ),
        (
            "Vendor does not act as a business associate for data collected on public "
            "website pages.",
            ["unauthenticated-pages"],
        ),
    ],
)
def test_more_carve_out_boundaries(clause, expected):
    assert carve_outs(clause) == expected
