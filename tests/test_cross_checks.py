"""Findings raised by two documents of one vendor read together: the SOC 2 report against
the subprocessor list, the list against the BAA, and the list against the checklist's
allowed locations."""

from __future__ import annotations

import json

import pytest
from conftest import run_cli

from vendor_eval.cross_checks import same_company
from vendor_eval.evidence.io import dump_evidence
from vendor_eval.model import Citation, DocumentRef, Evidence, Fact

PROFILE = """vendor:
  name: Acme Analytics
assessment:
  checklist: healthcare-analytics
  as_of: "2026-11-01"
baa:
  offered: true
{flowdown}evidence:
  - path: acme.soc2.evidence.yaml
  - path: acme.subprocessors.evidence.yaml
"""

LIST = """| Subprocessor | Purpose | Location | Data |
|---|---|---|---|
| Amazon Web Services, Inc. | Hosting | United States | All customer data |
| Zendesk, Inc. | Support tickets | Ireland | Contact details |
| Statuspage Ltd | Status page | US | No customer data |
"""


def write_vendor(folder, *, subservice: list[str], flowdown: str = "") -> str:
    soc2 = Evidence(
        kind="soc2",
        document=DocumentRef(path="acme-soc2.pdf", sha256="c" * 64, pages=80),
        facts={
            "subservice_organizations": Fact(
                subservice, [Citation(f"{name} provides data centre hosting", page=12)
                             for name in subservice]
            )
        },
    )  # fmt: skip
    (folder / "acme.soc2.evidence.yaml").write_text(dump_evidence(soc2, "yaml"), "utf-8")
    (folder / "subprocessors.md").write_text(LIST, "utf-8")
    extracted = run_cli(
        "extract",
        "subprocessors",
        folder / "subprocessors.md",
        "-o",
        folder / "acme.subprocessors.evidence.yaml",
    )
    assert extracted.exit_code == 0, extracted
    profile = folder / "acme.yaml"
    profile.write_text(PROFILE.format(flowdown=flowdown), "utf-8")
    return str(profile)


def cross_findings(profile) -> list[dict]:
    result = run_cli("report", profile, "-f", "json", "--as-of", "2026-11-29")
    assert result.exit_code == 0, result
    return [f for f in json.loads(result.stdout)["findings"] if f["kind"] == "cross-document"]


def test_a_subservice_organisation_missing_from_the_list_is_a_finding(tmp_path):
    profile = write_vendor(tmp_path, subservice=["Amazon Web Services", "Snowflake Inc."])

    findings = [
        f for f in cross_findings(profile) if f["question"] == "cross-check.soc2-subservice"
    ]

    assert len(findings) == 1
    (finding,) = findings
    assert finding["severity"] == "medium"
    assert finding["title"] == (
        "Snowflake Inc. is a subservice organisation in the SOC 2 report but is not on the "
        "subprocessor list"
    )
    assert finding["citations"][0]["quote"] == "Snowflake Inc. provides data centre hosting"


def test_every_subservice_organisation_on_the_list_raises_nothing(tmp_path):
    profile = write_vendor(tmp_path, subservice=["AWS", "Zendesk"])

    assert not [
        f for f in cross_findings(profile) if f["question"] == "cross-check.soc2-subservice"
    ]


def test_subprocessors_that_may_see_phi_without_flowdown_is_high(tmp_path):
    profile = write_vendor(tmp_path, subservice=[], flowdown="  subcontractor_flowdown: false\n")

    (finding,) = [
        f for f in cross_findings(profile) if f["question"] == "cross-check.subcontractor-flowdown"
    ]

    assert finding["severity"] == "high"
    # The status page sees no customer data, so only two may see PHI.
    assert finding["title"].startswith(
        "2 subprocessor(s) may see PHI (Amazon Web Services, Inc., Zendesk, Inc.)"
    )


def test_flowdown_in_the_baa_raises_nothing(tmp_path):
    profile = write_vendor(tmp_path, subservice=[], flowdown="  subcontractor_flowdown: true\n")

    assert not [
        f for f in cross_findings(profile) if f["question"] == "cross-check.subcontractor-flowdown"
    ]


def test_a_location_outside_the_allowed_ones_is_a_finding_citing_its_row(tmp_path):
    profile = write_vendor(tmp_path, subservice=[])

    (finding,) = [
        f for f in cross_findings(profile) if f["question"] == "cross-check.processing-location"
    ]

    assert finding["title"] == (
        "Zendesk, Inc. processes data in Ireland, outside the allowed locations "
        "(United States, US, USA)"
    )
    assert finding["citations"][0]["quote"] == (
        "Zendesk, Inc. | Support tickets | Ireland | Contact details"
    )


def test_without_a_subprocessor_list_no_cross_check_runs(tmp_path):
    profile = write_vendor(
        tmp_path, subservice=["Snowflake"], flowdown="  subcontractor_flowdown: false\n"
    )
    text = (
        (tmp_path / "acme.yaml")
        .read_text()
        .replace("  - path: acme.subprocessors.evidence.yaml\n", "")
    )
    (tmp_path / "acme.yaml").write_text(text, "utf-8")

    assert cross_findings(profile) == []


@pytest.mark.parametrize(
    ("first", "second", "same"),
    [
        ("Amazon Web Services", "Amazon Web Services, Inc.", True),
        ("AWS", "Amazon Web Services", True),
        ("Google LLC", "Google Cloud Platform", True),
        ("Snowflake Inc.", "Zendesk, Inc.", False),
        ("Microsoft Corporation", "Microsoft Azure", True),
        ("Twilio S.A.", "Twilio", True),
        ("Data Co", "Datadog, Inc.", False),
    ],
)
def test_company_names_match_across_documents(first, second, same):
    assert same_company(first, second) is same
