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


HOSTS_PROFILE = """vendor:
  name: Segment
  domains: [segment.com]
  tracker: segment
assessment:
  checklist: healthcare-analytics
  as_of: "2026-11-01"
evidence:
  - path: site.har.evidence.yaml
  - path: segment.subprocessors.evidence.yaml
"""

# A capture of a clinic page: Segment's own script, Segment's API on its other domain, a
# CDN host the catalogue files under Segment, an e-mail API, and Google Analytics on the
# same page (another vendor, which this profile must not be blamed for).
CAPTURED = [
    ("cdn.segment.com", "segment"),
    ("api.segment.io", "segment"),
    ("d2dq2ahtl5zl1z.cloudfront.net", "segment"),
    ("api.sendgrid.net", "segment"),
    ("www.google-analytics.com", "google-analytics"),
]


def write_capture_vendor(folder, subprocessor_rows: str) -> str:
    hosts = [
        {"host": host, "vendor": vendor, "requests": 1, "received_data": True}
        for host, vendor in CAPTURED
    ]
    har = Evidence(
        kind="har",
        document=DocumentRef(path="site.har", sha256="d" * 64),
        facts={
            "third_party_hosts": Fact(
                hosts,
                [Citation(f"POST https://{h['host']}/v1", entry=n, host=h["host"])
                 for n, h in enumerate(hosts, 1)],
            )
        },
    )  # fmt: skip
    (folder / "site.har.evidence.yaml").write_text(dump_evidence(har, "yaml"), "utf-8")
    listing = "| Subprocessor | Purpose | Location |\n|---|---|---|\n" + subprocessor_rows
    (folder / "subprocessors.md").write_text(listing, "utf-8")
    extracted = run_cli(
        "extract",
        "subprocessors",
        folder / "subprocessors.md",
        "-o",
        folder / "segment.subprocessors.evidence.yaml",
    )
    assert extracted.exit_code == 0, extracted
    (folder / "segment.yaml").write_text(HOSTS_PROFILE, "utf-8")
    return str(folder / "segment.yaml")


def unlisted_host_findings(profile) -> list[dict]:
    return [f for f in cross_findings(profile) if f["question"] == "cross-check.unlisted-host"]


def test_a_host_the_vendor_reached_outside_its_subprocessors_is_a_finding(tmp_path):
    profile = write_capture_vendor(
        tmp_path,
        "| Amazon Web Services, Inc. (cloudfront.net) | CDN | United States |\n"
        "| SendGrid, Inc. | E-mail delivery | United States |\n",
    )

    findings = unlisted_host_findings(profile)

    # cloudfront.net is a domain the list gives; sendgrid.net is SendGrid by name;
    # segment.com is the vendor's own; google-analytics.com is another vendor's request.
    assert [f["answer"] for f in findings] == ["api.segment.io"]
    (finding,) = findings
    assert finding["severity"] == "medium"
    assert finding["title"] == (
        "The vendor's requests reached api.segment.io (segment.io), which belongs to no "
        "subprocessor on the list"
    )
    assert finding["citations"][0]["quote"] == "POST https://api.segment.io/v1"


def test_a_host_whose_subprocessor_is_missing_from_the_list_is_a_finding(tmp_path):
    profile = write_capture_vendor(
        tmp_path, "| Amazon Web Services, Inc. (aws.amazon.com, cloudfront.net) | CDN | US |\n"
    )

    answers = [f["answer"] for f in unlisted_host_findings(profile)]

    assert answers == ["api.segment.io", "api.sendgrid.net"]
    assert "www.google-analytics.com" not in json.dumps(cross_findings(profile))


def test_a_list_without_domains_raises_no_host_finding(tmp_path):
    # Names alone cannot place segment.io: no finding rather than a guess (a warning
    # says so; see test_unlisted_hosts_without_domains_warn).
    profile = write_capture_vendor(tmp_path, "| Twilio Inc. | Messaging | United States |\n")

    assert unlisted_host_findings(profile) == []


def test_unlisted_hosts_without_domains_warn():
    from vendor_eval.cross_checks import unlisted_hosts
    from vendor_eval.vendor_identity import VendorIdentity, scope_to_vendor

    hosts = [{"host": h, "vendor": v, "requests": 1} for h, v in CAPTURED]
    har = Evidence(
        kind="har",
        document=DocumentRef(path="site.har", sha256="d" * 64),
        facts={"third_party_hosts": Fact(hosts, [])},
    )
    listing = Evidence(
        kind="subprocessors", document=DocumentRef(path="list.md", sha256="e" * 64), facts={}
    )
    identity = VendorIdentity(("segment.com",), "segment")
    scoped = scope_to_vendor([har], identity).evidence

    check = unlisted_hosts(scoped, [{"name": "SendGrid"}], identity, listing)

    assert check.findings == []
    assert check.warning == (
        "list.md gives no domains, so d2dq2ahtl5zl1z.cloudfront.net, segment.io (reached by "
        "the vendor's requests) could not be matched to a subprocessor by name; ask the "
        "vendor which subprocessor each belongs to"
    )


def test_validate_warns_when_a_list_without_domains_leaves_hosts_unmatched(tmp_path):
    profile = write_capture_vendor(tmp_path, "| Twilio Inc. | Messaging | United States |\n")

    result = run_cli("validate", profile)

    assert result.exit_code == 0, result
    assert "subprocessors.md gives no domains, so" in result.stdout + result.stderr
    assert "segment.io, sendgrid.net" in result.stdout + result.stderr
    assert "google-analytics" not in result.stdout + result.stderr
