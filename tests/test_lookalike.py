"""A document given to the other kind's extractor: a SOC report to `extract baa`, an
agreement to `extract soc2`. Paraphrases in several drafting styles first, then the
commands."""

from __future__ import annotations

import pytest
from conftest import run_cli
from test_golden import BAA_TEXT

from vendor_eval.evidence.lookalike import reads_as
from vendor_eval.model import EvidenceKind

SOC_REPORTS = [
    # AICPA wording, as most large auditors write it.
    [
        "Independent Service Auditor's Report",
        "System and Organization Controls (SOC) 2 Type 2 report on the suitability of design.",
        "Management's Assertion of Acme Inc.",
    ],
    # The older "service organization controls" title and trust services principles.
    [
        "Report on Controls at a Service Organization Relevant to Security and Availability",
        "The examination was performed against the trust services principles.",
        "Complementary user entity controls are listed in Section 4.",
    ],
    # A short bridge-style summary.
    [
        "This SOC 2 report covers the period January 1 to December 31.",
        "Tests of operating effectiveness found no exceptions.",
    ],
]
AGREEMENTS = [
    ["This Business Associate Addendum is entered into by the Covered Entity and Acme."],
    [
        "HIPAA Addendum.",
        "Vendor shall not use or disclose Protected Health Information except as permitted.",
    ],
    [
        "Data Protection Terms for PHI.",
        "Provider will report any breach of unsecured PHI as 45 CFR 164.410 requires.",
    ],
]


@pytest.mark.parametrize("text", SOC_REPORTS)
def test_soc_reports_in_several_styles_read_as_soc_reports(text):
    warning = reads_as(EvidenceKind.SOC2, text)
    assert warning and "reads as a SOC report" in warning
    assert "vendor-eval extract soc2" in warning
    assert reads_as(EvidenceKind.BAA, text) is None


@pytest.mark.parametrize("text", AGREEMENTS)
def test_agreements_in_several_styles_read_as_agreements(text):
    warning = reads_as(EvidenceKind.BAA, text)
    assert warning and "reads as a business associate agreement" in warning
    assert reads_as(EvidenceKind.SOC2, text) is None


def test_one_passing_mention_is_not_enough():
    soc_report_naming_hipaa = ["SOC 2 Type II report.", "The Company supports HIPAA customers."]
    assert reads_as(EvidenceKind.BAA, soc_report_naming_hipaa) is None
    master_agreement = ["Master Services Agreement.", "Fees are due within thirty days."]
    assert reads_as(EvidenceKind.BAA, master_agreement) is None
    assert reads_as(EvidenceKind.SOC2, master_agreement) is None


def test_extract_baa_on_a_soc_report_warns_what_it_looks_like(tmp_path):
    report = tmp_path / "acme-soc2.md"
    report.write_text("\n\n".join(" ".join(style) for style in SOC_REPORTS), encoding="utf-8")
    result = run_cli("extract", "baa", report)
    assert result.exit_code == 0, result
    assert "reads as a SOC report" in result.stderr
    assert "vendor-eval extract soc2" in result.stderr


def test_extract_soc2_on_an_agreement_warns_what_it_looks_like(tmp_path):
    agreement = tmp_path / "lumen-baa.md"
    agreement.write_text(BAA_TEXT, encoding="utf-8")
    result = run_cli("extract", "soc2", agreement)
    assert result.exit_code == 0, result
    assert "reads as a business associate agreement" in result.stderr
    assert "vendor-eval extract baa" in result.stderr


def test_a_real_agreement_gives_no_such_warning(tmp_path):
    agreement = tmp_path / "lumen-baa.md"
    agreement.write_text(BAA_TEXT, encoding="utf-8")
    result = run_cli("extract", "baa", agreement)
    assert result.exit_code == 0, result
    assert "reads as" not in result.stderr
