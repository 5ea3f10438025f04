"""`vendor-eval extract soc2`: the facts a reviewer reads from a SOC report, each cited.

The reports are generated (tests/soc2_sample.py) with ordinary wording, and each test
swaps in the phrasing it is about: the way real auditors vary it, and the traps where
the same words mean something else."""

from __future__ import annotations

import json

import pytest
from conftest import run_cli
from pdfgen import Columns, Table, Text, write_pdf
from soc2_sample import (
    CHANGE_EXCEPTION,
    PERIOD,
    TERMINATION_EXCEPTION,
    Soc2Report,
    control_test_rows,
)

from vendor_eval.evidence.io import load_evidence
from vendor_eval.evidence.pdf import PdfDocument, open_pdf
from vendor_eval.evidence.soc2 import extract_soc2


def extract(tmp_path, report: Soc2Report, name: str = "report.pdf"):
    path = report.write(tmp_path / name)
    with open_pdf(path) as document:
        return extract_soc2(document)


def quotes(evidence, fact: str) -> list[str]:
    return [citation.quote for citation in evidence.facts[fact].citations]


def pages(evidence, fact: str) -> list[int | None]:
    return [citation.page for citation in evidence.facts[fact].citations]


# --- the whole report, through the command ----------------------------------------------


def test_type2_report_gives_every_fact_with_its_page(tmp_path):
    path = Soc2Report().write(tmp_path / "northwind-soc2.pdf")
    result = run_cli("extract", "soc2", path, "--format", "json")
    assert result.exit_code == 0, result
    data = json.loads(result.stdout)
    facts = {name: fact["value"] for name, fact in data["facts"].items()}
    assert facts == {
        "report_kind": "soc2",
        "report_type": "type2",
        "trust_criteria": ["availability", "confidentiality", "security"],
        "period_start": "2025-01-01",
        "period_end": "2025-12-31",
        "opinion": "unqualified",
        "exceptions": 2,
        "subservice_organizations": ["Amazon Web Services (AWS)", "Twilio SendGrid"],
        "subservice_method": "carve-out",
        "cuecs": True,
        "auditor": "Brightline Assurance LLP",
        "report_date": "2026-02-14",
        "bridge_letter_end": None,
    }
    assert data["document"]["pages"] == 11
    assert data["document"]["path"] == str(path)
    for name, fact in data["facts"].items():
        # Every fact found is cited; this report has no bridge letter, so nothing to cite.
        assert fact["citations"] or fact["value"] is None, f"{name} has no citation"
        for citation in fact["citations"]:
            assert 1 <= citation["page"] <= 11
            assert 0 < len(citation["quote"]) <= 250
    # the opinion is cited where it is, in the auditor's report
    assert data["facts"]["opinion"]["citations"][0]["page"] == 4
    assert "In our opinion" in data["facts"]["opinion"]["citations"][0]["quote"]
    assert "2 test(s) of controls with exceptions" in result.stderr


def test_output_is_deterministic_and_a_valid_evidence_file(tmp_path):
    path = Soc2Report().write(tmp_path / "report.pdf")
    first = run_cli("extract", "soc2", path, "-o", tmp_path / "a.evidence.yaml")
    second = run_cli("extract", "soc2", path, "-o", tmp_path / "b.evidence.yaml")
    assert first.exit_code == 0 and second.exit_code == 0, first
    a = (tmp_path / "a.evidence.yaml").read_bytes()
    assert a == (tmp_path / "b.evidence.yaml").read_bytes()
    assert first.stdout == ""
    evidence = load_evidence(tmp_path / "a.evidence.yaml")
    assert evidence.kind == "soc2"
    assert evidence.value("period_end") == "2025-12-31"


def test_output_file_is_not_overwritten_without_force(tmp_path):
    path = Soc2Report().write(tmp_path / "report.pdf")
    target = tmp_path / "out.yaml"
    target.write_text("analyst notes\n")
    refused = run_cli("extract", "soc2", path, "-o", target)
    assert refused.exit_code == 2
    assert "--force" in refused.stderr
    assert target.read_text() == "analyst notes\n"
    forced = run_cli("extract", "soc2", path, "-o", target, "--force")
    assert forced.exit_code == 0, forced
    assert "kind: soc2" in target.read_text()


# --- report type ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "title", ["SOC 2 Type II Report", "SOC 2 Type 2 Report", "SOC2 TYPE-2 REPORT", "Type 2 report"]
)
def test_type_2_in_any_spelling(tmp_path, title):
    cover = Soc2Report().cover.replace("SOC 2 Type II Report", title)
    evidence = extract(tmp_path, Soc2Report(cover=cover))
    assert evidence.value("report_type") == "type2"


def type1_report() -> Soc2Report:
    as_of = "as of June 30, 2025"
    return Soc2Report(
        cover="Northwind Health Insights, Inc.\nSOC 2 Type I Report\n"
        "Controls Relevant to Security and Availability\nAs of June 30, 2025",
        scope="We have examined Northwind's accompanying description of its Insight Platform "
        f"{as_of} and the suitability of the design of controls stated in the description "
        f"{as_of}, based on the trust services criteria relevant to security and "
        "availability (applicable trust services criteria).",
        opinion="In our opinion, in all material respects, (a) the description fairly presents "
        f"the Insight Platform that was designed and implemented {as_of}, and (b) the "
        f"controls stated in the description were suitably designed {as_of} to provide "
        "reasonable assurance that the service commitments would be achieved.",
        assertion="We confirm that the controls were suitably designed as of June 30, 2025. "
        "We intend to undergo a Type 2 examination for the period July 1, 2025 to "
        "June 30, 2026.",
        test_pages=[],
        tests_intro="Section IV: Controls and criteria (design only; operating effectiveness "
        "was not tested).",
    )


def test_type1_report_has_an_as_of_date_and_no_period(tmp_path):
    evidence = extract(tmp_path, type1_report())
    assert evidence.value("report_type") == "type1"
    assert evidence.value("as_of") == "2025-06-30"
    assert evidence.value("period_end") == "2025-06-30"
    assert evidence.value("period_start") is None
    assert evidence.value("exceptions") is None
    assert evidence.value("trust_criteria") == ["availability", "security"]
    assert any("Type 1" in warning for warning in evidence.warnings)
    assert all("as of June 30, 2025" in q for q in quotes(evidence, "as_of"))


def test_a_planned_type_2_examination_does_not_make_a_type_1_report_type_2(tmp_path):
    evidence = extract(tmp_path, type1_report())
    assert evidence.value("report_type") == "type1"
    assert "2026-06-30" not in (evidence.value("period_end") or "")


# --- period --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("period", "start", "end"),
    [
        ("January 1, 2025 to December 31, 2025", "2025-01-01", "2025-12-31"),
        ("from January 1, 2025 through December 31, 2025", "2025-01-01", "2025-12-31"),
        ("OCTOBER 1, 2024, TO SEPTEMBER 30, 2025", "2024-10-01", "2025-09-30"),
        ("1 April 2025 to 31 March 2026", "2025-04-01", "2026-03-31"),
        ("October 1 - September 30, 2025", "2024-10-01", "2025-09-30"),
        ("July 1, 2024 and ending June 30, 20251", "2024-07-01", "2025-06-30"),
    ],
)
def test_period_in_the_ways_auditors_write_it(tmp_path, period, start, end):
    report = Soc2Report()
    changed = report.with_(
        cover=report.cover.replace(PERIOD, period),
        scope=report.scope.replace(PERIOD, period),
        opinion=report.opinion.replace(PERIOD, period),
        assertion=report.assertion.replace(PERIOD, period),
    )
    evidence = extract(tmp_path, changed)
    assert (evidence.value("period_start"), evidence.value("period_end")) == (start, end)
    assert all(page in (1, 3, 4, 5) for page in pages(evidence, "period_end"))


def test_twelve_month_period_ended(tmp_path):
    report = Soc2Report()
    changed = report.with_(
        cover=report.cover.replace(
            f"For the period {PERIOD}", "For the twelve-month period ended December 31, 2025"
        ),
        scope=report.scope.replace(
            f"throughout the period {PERIOD}", "for the twelve-month period ended December 31, 2025"
        ),
        opinion=report.opinion.replace(
            f"throughout the period {PERIOD}",
            "throughout the twelve-month period ended December 31, 2025",
        ),
        assertion="We confirm that the controls operated effectively.",
    )
    evidence = extract(tmp_path, changed)
    assert evidence.value("period_end") == "2025-12-31"
    assert evidence.value("period_start") == "2025-01-01"


def test_other_periods_in_the_description_do_not_replace_the_report_period(tmp_path):
    report = Soc2Report(
        description_left="AWS is examined annually; its SOC 2 report covers the period "
        "April 1, 2024 to March 31, 2025. Prior to March 1, 2025, a legacy queue was used. "
        "Policies were reviewed during the period July 1, 2025 to July 15, 2025."
    )
    evidence = extract(tmp_path, report)
    assert evidence.value("period_start") == "2025-01-01"
    assert evidence.value("period_end") == "2025-12-31"


def test_disagreeing_periods_give_null_and_a_warning(tmp_path):
    report = Soc2Report()
    other = "February 1, 2025, to January 31, 2026"
    changed = report.with_(
        cover="Northwind SOC 2 Type 2 Report",
        opinion=report.opinion.replace(PERIOD, other),
        assertion="We confirm the controls operated effectively.",
    )
    evidence = extract(tmp_path, changed)
    assert evidence.value("period_end") is None
    assert any("different examination periods" in w for w in evidence.warnings)


# --- trust services categories --------------------------------------------------------------


def test_criteria_title_listing_all_five_does_not_put_all_five_in_scope(tmp_path):
    evidence = extract(tmp_path, Soc2Report())
    assert "privacy" not in evidence.value("trust_criteria")
    assert "processing_integrity" not in evidence.value("trust_criteria")


@pytest.mark.parametrize(
    ("clause", "expected"),
    [
        (
            "the trust services criteria relevant to security (applicable trust services criteria)",
            ["security"],
        ),
        (
            "the criteria for the security, availability, processing integrity, and "
            "confidentiality principles",
            ["availability", "confidentiality", "processing_integrity", "security"],
        ),
        (
            "the trust services criteria relevant to Security, Availability, Processing "
            "Integrity, Confidentiality and Privacy",
            list(
                sorted(
                    [
                        "availability",
                        "confidentiality",
                        "privacy",
                        "processing_integrity",
                        "security",
                    ]
                )
            ),
        ),
        (
            "the trust services criteria relevant to the Security (Common Criteria) and "
            "Privacy categories",
            ["privacy", "security"],
        ),
    ],
)
def test_categories_named_in_the_scope_sentence(tmp_path, clause, expected):
    report = Soc2Report()
    scope = report.scope.replace(
        "the trust services criteria relevant to security, availability, and confidentiality "
        "(applicable trust services criteria)",
        clause,
    )
    assert scope != report.scope
    cover = "Northwind Health Insights, Inc.\nSOC 2 Type 2 Report\n" + f"For the period {PERIOD}"
    evidence = extract(tmp_path, report.with_(scope=scope, cover=cover))
    assert evidence.value("trust_criteria") == expected


def test_privacy_mentioned_in_prose_is_not_in_scope(tmp_path):
    report = Soc2Report(
        description_left="Privacy matters to us: our privacy policy describes how personal "
        "information is handled, and confidentiality of customer data relevant to privacy "
        "law is reviewed by counsel."
    )
    evidence = extract(tmp_path, report)
    assert evidence.value("trust_criteria") == ["availability", "confidentiality", "security"]


# --- opinion -------------------------------------------------------------------------------


def test_qualified_opinion(tmp_path):
    report = Soc2Report()
    changed = report.with_(
        basis="Basis for Qualified Opinion\nNorthwind states that access is removed within "
        "3 business days of termination. However, the controls were not operating effectively "
        "to meet criterion CC6.2 during the period.",
        opinion_heading="Qualified Opinion",
        opinion=report.opinion.replace(
            "In our opinion,",
            "In our opinion, except for the matter described in the Basis for Qualified "
            "Opinion paragraph,",
        ),
    )
    evidence = extract(tmp_path, changed)
    assert evidence.value("opinion") == "qualified"
    assert any("except for the matter" in q for q in quotes(evidence, "opinion"))
    assert any("opinion is qualified" in w for w in evidence.warnings)


def test_adverse_opinion(tmp_path):
    evidence = extract(
        tmp_path,
        Soc2Report(
            basis="Basis for Adverse Opinion\nThe controls over change management did not "
            "operate during most of the period.",
            opinion_heading="Adverse Opinion",
            opinion="In our opinion, because of the significance of the matter described in "
            "the Basis for Adverse Opinion paragraph, the controls stated in the description "
            f"did not operate effectively throughout the period {PERIOD}.",
        ),
    )
    assert evidence.value("opinion") == "adverse"


def test_disclaimer_of_opinion(tmp_path):
    evidence = extract(
        tmp_path,
        Soc2Report(
            basis="Basis for Disclaimer of Opinion\nManagement did not provide the population "
            "of changes, and we were unable to obtain sufficient appropriate evidence.",
            opinion_heading="Disclaimer of Opinion",
            opinion="Because of the significance of the matter described above, we do not "
            "express an opinion on the description or on the controls.",
        ),
    )
    assert evidence.value("opinion") == "disclaimer"


def test_look_alikes_of_a_modified_opinion_keep_a_clean_opinion_clean(tmp_path):
    evidence = extract(
        tmp_path,
        Soc2Report(
            tests_intro="Section IV: Information Provided by the Independent Service Auditor "
            "Except for Control Activities and Criteria Mappings. Reviews are performed by "
            "qualified individuals. Tests of controls follow.",
            other_information="Section V: Other Information Provided by Northwind. This "
            "information has not been subjected to the procedures applied in the examination "
            "and, accordingly, we express no opinion on it. We do not express an opinion on "
            "the other information.",
        ),
    )
    assert evidence.value("opinion") == "unqualified"


def test_missing_opinion_is_null_with_a_warning(tmp_path):
    evidence = extract(tmp_path, Soc2Report(opinion="The examination is still in progress."))
    assert evidence.value("opinion") is None
    assert any("opinion was not found" in w for w in evidence.warnings)


# --- exceptions ----------------------------------------------------------------------------


def test_exceptions_are_counted_once_per_control_with_one_citation_each(tmp_path):
    evidence = extract(tmp_path, Soc2Report())
    assert evidence.value("exceptions") == 2
    cited = quotes(evidence, "exceptions")
    assert len(cited) == 2
    assert any(q.startswith("CC6.2") and "2 of the 25 terminated" in q for q in cited)
    assert any(q.startswith("CC4.3") and "1 of 40 production changes" in q for q in cited)
    assert pages(evidence, "exceptions") == [9, 10]


def test_each_page_is_loaded_once_also_where_exceptions_are_read_by_columns(tmp_path, monkeypatch):
    """Long reports: the pages whose exception rows are read by their columns keep their
    layout from the one reading of the document, instead of being loaded again."""
    path = Soc2Report().write(tmp_path / "report.pdf")
    loaded: list[int] = []
    load = PdfDocument._load

    def counted(self, index):
        loaded.append(index)
        return load(self, index)

    monkeypatch.setattr(PdfDocument, "_load", counted)
    with open_pdf(path) as document:
        evidence = extract_soc2(document)
        assert sorted(loaded) == list(range(document.page_count))
    assert evidence.value("exceptions") == 2
    assert pages(evidence, "exceptions") == [9, 10]


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("CC5.0391", "CC5.0392"),  # a firm's own four-digit control numbers
        ("CC6.1.10", "CC6.1.11"),  # points of focus under a criterion
        ("CTL-1041", "CTL-1042"),  # a control register's ids
    ],
)
def test_exceptions_keep_each_control_id_whole(tmp_path, first, second):
    """Two controls under one criterion that both failed are two exceptions: an ID is
    never cut back to its criterion ("CC5.0391" read as "CC5") so that they merge."""
    rows = [["Control", "Control Activity", "Test Performed", "Results of Tests"]]
    for control, result in ((first, TERMINATION_EXCEPTION), (second, CHANGE_EXCEPTION)):
        rows.append(
            [
                control,
                "Access to production systems is reviewed quarterly by the security team.",
                "Inspected the review evidence for a sample of quarters.",
                result,
            ]
        )
    rows += control_test_rows(count=6)[1:]
    evidence = extract(tmp_path, Soc2Report(test_pages=[rows]))
    assert evidence.value("exceptions") == 2
    cited = quotes(evidence, "exceptions")
    assert any(q.startswith(f"{first}: ") for q in cited), cited
    assert any(q.startswith(f"{second}: ") for q in cited), cited


def test_a_clean_report_has_zero_exceptions(tmp_path):
    report = Soc2Report(
        test_pages=[control_test_rows(), control_test_rows()],
        other_information="Section V: Other Information. Management's response: none needed.",
    )
    evidence = extract(tmp_path, report)
    assert evidence.value("exceptions") == 0
    assert quotes(evidence, "exceptions") == ["No exceptions noted."]


def test_result_cell_broken_over_lines_is_still_no_exception(tmp_path):
    rows = control_test_rows({"CC2.1": "No exceptions\n\nnoted."})
    evidence = extract(tmp_path, Soc2Report(test_pages=[rows]))
    assert evidence.value("exceptions") == 0


def test_exception_prose_outside_a_table(tmp_path):
    report = Soc2Report(
        test_pages=[],
        tests_intro="Tests of Controls\nCC6.2 - Terminated users. Test performed: inspected "
        "the termination tickets. Result: " + TERMINATION_EXCEPTION + "\nCC8.1 - Changes. "
        "Test performed: inspected the change tickets. Result: No exceptions noted.",
    )
    evidence = extract(tmp_path, report)
    assert evidence.value("exceptions") == 1
    assert "2 of the 25 terminated" in quotes(evidence, "exceptions")[0]


def test_non_occurrence_and_policy_exceptions_are_not_exceptions(tmp_path):
    rows = control_test_rows(
        {
            "CC3.1": "No relevant instances occurred during the period; the operating "
            "effectiveness of this control could not be tested.",
            "CC3.2": "No deviations noted.",
        }
    )
    report = Soc2Report(
        test_pages=[rows],
        description_left="Exceptions to the password policy are approved by the CISO. "
        "Any exceptions identified by monitoring are tracked to closure.",
    )
    evidence = extract(tmp_path, report)
    assert evidence.value("exceptions") == 0


def test_soc3_has_no_exception_count(tmp_path):
    evidence = extract(tmp_path, soc3_report())
    assert evidence.value("exceptions") is None


# --- report kind ---------------------------------------------------------------------------


def soc3_report() -> Soc2Report:
    return Soc2Report(
        cover="Northwind Health Insights, Inc.\nSOC 3 Report\nFor the period " + PERIOD,
        opinion="In our opinion, management's assertion that the controls within the Insight "
        f"Platform were effective throughout the period {PERIOD} is fairly stated, in all "
        "material respects.",
        test_pages=[],
        cuec_heading="",
        cuec_items="",
        tests_intro="AWS is examined annually (SOC 2).",
    )


def test_soc3_is_accepted_with_a_warning_even_with_a_soc2_footer(tmp_path):
    path = write_pdf(
        tmp_path / "soc3.pdf", soc3_report().pages(), footer="Client SOC 2 Type 2 Report"
    )
    with open_pdf(path) as document:
        evidence = extract_soc2(document)
    assert evidence.value("report_kind") == "soc3"
    assert evidence.value("report_type") is None
    assert evidence.value("opinion") == "unqualified"
    assert evidence.value("period_end") == "2025-12-31"
    assert any("SOC 3" in w and "SOC 2 report under NDA" in w for w in evidence.warnings)


def test_soc1_is_accepted_with_a_warning(tmp_path):
    report = Soc2Report(
        cover="Northwind Health Insights, Inc.\nSOC 1 Type 2 Report\nReport on Controls "
        "Relevant to User Entities' Internal Control over Financial Reporting",
        scope="We have examined the description and the suitability of the design and "
        "operating effectiveness of controls to achieve the related control objectives "
        f"throughout the period {PERIOD}.",
    )
    evidence = extract(tmp_path, report)
    assert evidence.value("report_kind") == "soc1"
    assert evidence.value("report_type") is None
    assert evidence.value("trust_criteria") is None
    assert any("SOC 1" in w for w in evidence.warnings)


def test_a_document_that_is_no_soc_report_gives_nulls_not_guesses(tmp_path):
    path = write_pdf(
        tmp_path / "memo.pdf",
        ["Quarterly newsletter. Our availability improved and privacy remains important."] * 3,
    )
    with open_pdf(path) as document:
        evidence = extract_soc2(document)
    assert evidence.value("report_kind") is None
    assert evidence.value("report_type") is None
    assert evidence.value("trust_criteria") is None
    assert evidence.value("opinion") is None
    assert evidence.value("exceptions") is None
    assert any("does not look like a SOC report" in w for w in evidence.warnings)


# --- subservice organizations, CUECs, auditor ----------------------------------------------


def test_carve_out_with_names_from_a_two_column_page(tmp_path):
    evidence = extract(tmp_path, Soc2Report())
    assert evidence.value("subservice_method") == "carve-out"
    assert evidence.value("subservice_organizations") == [
        "Amazon Web Services (AWS)",
        "Twilio SendGrid",
    ]
    assert 6 in pages(evidence, "subservice_organizations")  # the two-column page


def test_inclusive_method(tmp_path):
    evidence = extract(
        tmp_path,
        Soc2Report(
            subservice="Northwind uses Rackline Hosting as a subservice organization for data "
            "center services. The description includes the controls of Rackline Hosting, and "
            "our examination included the services provided by Rackline Hosting, using the "
            "inclusive method.",
            description_right="Rackline Hosting operates the data centers.",
        ),
    )
    assert evidence.value("subservice_method") == "inclusive"
    assert evidence.value("subservice_organizations") == ["Rackline Hosting"]


def test_cuecs_listed_and_misspelled(tmp_path):
    evidence = extract(tmp_path, Soc2Report(cuec_heading="Complimentary User Entity Controls"))
    assert evidence.value("cuecs") is True
    assert pages(evidence, "cuecs") == [7]


def test_cuecs_only_mentioned_are_not_claimed_as_listed(tmp_path):
    evidence = extract(tmp_path, Soc2Report(cuec_heading="Change Management", cuec_items="-"))
    assert evidence.value("cuecs") is None
    assert any("no list" in w for w in evidence.warnings)


@pytest.mark.parametrize(
    ("signature", "auditor", "date"),
    [
        (
            "Brightline Assurance LLP\nDenver, Colorado\nFebruary 14, 2026",
            "Brightline Assurance LLP",
            "2026-02-14",
        ),
        (
            "/s/ Harbor & Company, P.C.\nBoston, Massachusetts. March 3, 2026",
            "Harbor & Company, P.C.",
            "2026-03-03",
        ),
        ("Jane Okafor, CPA\nAustin, Texas\n3 March 2026", "Jane Okafor, CPA", "2026-03-03"),
    ],
)
def test_auditor_and_report_date_from_the_signature(tmp_path, signature, auditor, date):
    evidence = extract(tmp_path, Soc2Report(signature=signature))
    assert evidence.value("auditor") == auditor
    assert evidence.value("report_date") == date
    assert pages(evidence, "auditor") == [4]


def test_signature_image_leaves_auditor_null(tmp_path):
    evidence = extract(tmp_path, Soc2Report(signature="Denver, Colorado\nFebruary 14, 2026"))
    assert evidence.value("auditor") is None
    assert evidence.value("report_date") == "2026-02-14"
    assert any("audit firm" in w for w in evidence.warnings)


# --- layout --------------------------------------------------------------------------------


def test_headers_and_footers_on_every_page_do_not_leak_into_facts(tmp_path):
    # The header names a Type 1 and a date; on every page it must be ignored.
    path = write_pdf(
        tmp_path / "r.pdf",
        Soc2Report().pages(),
        header="SOC 2 Type 1 draft - printed as of March 1, 2026",
        footer="Restricted - page {page}",
    )
    with open_pdf(path) as document:
        evidence = extract_soc2(document)
    assert evidence.value("report_type") == "type2"
    assert evidence.value("period_end") == "2025-12-31"
    assert not any("March 1, 2026" in q for f in evidence.facts for q in quotes(evidence, f))


def test_two_column_page_with_scope_sentence(tmp_path):
    path = write_pdf(
        tmp_path / "cols.pdf",
        [
            Text("SOC 2 Type 2 Report"),
            Columns(
                "We examined the controls relevant to security and availability (applicable "
                f"trust services criteria) throughout the period {PERIOD}.",
                "In our opinion, in all material respects, the controls operated effectively "
                f"throughout the period {PERIOD}.",
            ),
            [Text("Tests of Controls"), Table(control_test_rows({"CC1.2": CHANGE_EXCEPTION}))],
        ],
    )
    with open_pdf(path) as document:
        evidence = extract_soc2(document)
    assert evidence.value("trust_criteria") == ["availability", "security"]
    assert evidence.value("opinion") == "unqualified"
    assert evidence.value("exceptions") == 1
