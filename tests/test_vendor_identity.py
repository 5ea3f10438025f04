"""Vendor identity: a browser capture speaks of many vendors, and a profile gets only the
requests to its own vendor's hosts. A vendor absent from the capture gets no client-side
evidence, and its analyst's answer stands as attested."""

from __future__ import annotations

import json

import hargen
import pytest
from conftest import run_cli

from vendor_eval.assessments import open_session
from vendor_eval.evidence.io import load_evidence
from vendor_eval.model import Citation, DocumentRef, Evidence, EvidenceKind, Fact
from vendor_eval.vendor_identity import (
    VendorIdentity,
    domain_problem,
    registrable_domain,
    scope_to_vendor,
    vendor_identity,
)

SITE = "https://www.clinic.example"

PROFILE = """vendor:
  name: {name}
{identity}
assessment:
  checklist: healthcare-analytics
  as_of: "2026-11-01"
data_flow:
  collection: {collection}
evidence:
  - path: site.evidence.json
"""


def _clinic_capture(tmp_path) -> str:
    """A clinic's condition page that talks to Google Analytics, Meta and Mixpanel, each
    sending the health-context page URL."""
    page = f"{SITE}/conditions/diabetes"
    capture = hargen.har(
        hargen.page(page),
        hargen.ga4_collect(page, "Diabetes care", referer=page),
        hargen.meta_pixel(page),
        hargen.mixpanel_track({"$current_url": page, "token": "abc"}, referer=page),
    )
    hargen.write(tmp_path / "site.har", capture)
    result = run_cli(
        "extract",
        "har",
        tmp_path / "site.har",
        "--site",
        "clinic.example",
        "-o",
        tmp_path / "site.evidence.json",
    )
    assert result.exit_code == 0, result
    return "site.evidence.json"


def _profile(tmp_path, name: str, identity: str, collection: str = "server-side"):
    profile = tmp_path / "vendor.yaml"
    profile.write_text(PROFILE.format(name=name, identity=identity, collection=collection))
    checked = run_cli("validate", profile)
    assert checked.exit_code == 0, checked
    return profile


def _report(profile) -> dict:
    result = run_cli("report", profile, "-f", "json", "--as-of", "2026-11-29")
    assert result.exit_code == 0, result
    return json.loads(result.stdout)


def _question(report: dict, question_id: str) -> dict:
    for section in report["sections"]:
        for question in section["questions"]:
            if question["id"] == question_id:
                return question
    raise AssertionError(question_id)


def test_a_vendor_absent_from_the_capture_gets_no_client_side_evidence(tmp_path):
    _clinic_capture(tmp_path)
    profile = _profile(tmp_path, "Acme Analytics", "  website: https://www.acme-analytics.example")
    report = _report(profile)

    collection = _question(report, "data_flow.collection")
    assert collection["status"] == "attested"
    assert collection["answer"] == "server-side"
    assert collection["citations"] == []
    note = "not seen in this capture (3 requests to 3 other third parties)"
    assert collection["evidence_note"] == note
    phi = _question(report, "data_flow.phi_in_payloads")
    assert phi["status"] == "unanswered" and phi["evidence_note"] == note
    assert not [f for f in report["findings"] if f["kind"] == "contradicted"]
    assert not [f for f in report["findings"] if f["question"].startswith("data_flow.")]

    markdown = run_cli("report", profile, "--as-of", "2026-11-29").stdout
    assert note in markdown
    assert "google-analytics.com" not in markdown and "facebook.com" not in markdown


def test_a_vendor_in_the_capture_is_judged_on_its_own_requests_only(tmp_path):
    _clinic_capture(tmp_path)
    profile = _profile(tmp_path, "Mixpanel", "  domains: [mixpanel.com, mxpnl.com]", "client-side")
    report = _report(profile)

    collection = _question(report, "data_flow.collection")
    assert collection["status"] == "evidence-backed"
    assert collection["evidence_note"] is None
    assert {c["host"] for c in collection["citations"]} == {"api-js.mixpanel.com"}
    phi = _question(report, "data_flow.phi_in_payloads")
    assert (phi["status"], phi["answer"]) == ("evidence-only", "observed")
    assert phi["citations"] and all(c["host"].endswith("mixpanel.com") for c in phi["citations"])


def test_the_tracker_catalogue_id_names_the_vendor_too(tmp_path):
    _clinic_capture(tmp_path)
    profile = _profile(tmp_path, "Meta", "  tracker: meta-pixel", "server-side")
    report = _report(profile)
    collection = _question(report, "data_flow.collection")
    assert (collection["status"], collection["answer"]) == ("contradicted", "client-side")
    assert {c["host"] for c in collection["citations"]} == {"www.facebook.com"}
    [finding] = [f for f in report["findings"] if f["question"] == "data_flow.collection"]
    assert finding["kind"] == "contradicted" and "www.facebook.com" in finding["title"]


def test_a_profile_without_any_identity_is_not_credited_with_the_capture(tmp_path):
    _clinic_capture(tmp_path)
    profile = _profile(tmp_path, "Nameless", "", "server-side")
    collection = _question(_report(profile), "data_flow.collection")
    assert collection["status"] == "attested"
    assert "names no vendor domains" in collection["evidence_note"]


@pytest.mark.parametrize(
    ("entry", "says"),
    [
        ("https://www.mixpanel.com/pricing", "is a URL, not a domain; write mixpanel.com"),
        ("*.mixpanel.com", "is a wildcard, not a domain; write mixpanel.com"),
        ("mixpanel.com/eu", "is a path, not a domain; write mixpanel.com"),
        ("cdn.example.co.uk/x", "is a path, not a domain; write example.co.uk"),
        ("mixpanel", "is not a domain"),
    ],
)
def test_a_domain_written_wrongly_is_an_error_naming_the_domain_to_write(tmp_path, entry, says):
    profile = tmp_path / "bad.yaml"
    profile.write_text(
        "vendor:\n"
        "  name: Mixpanel\n"
        "  domains:\n"
        "    - mxpnl.com\n"
        f"    - {json.dumps(entry)}\n"
        "assessment:\n"
        "  checklist: healthcare-analytics\n"
        '  as_of: "2026-11-01"\n'
    )
    result = run_cli("validate", profile, "--format", "text")
    assert result.exit_code == 1
    [line] = result.stdout.splitlines()
    assert line.startswith(f"{profile}:5:7: error: ")
    assert says in line and line.endswith("[vendor-domain]")


def test_an_unknown_tracker_id_suggests_the_nearest(tmp_path):
    profile = tmp_path / "bad.yaml"
    profile.write_text(
        "vendor:\n  name: Mixpanel\n  tracker: mixpanl\n"
        'assessment:\n  checklist: healthcare-analytics\n  as_of: "2026-11-01"\n'
    )
    result = run_cli("validate", profile, "--format", "text")
    assert result.exit_code == 1
    assert ":3:12: error: 'mixpanl' is not in the tracker catalogue; did you mean 'mixpanel'?" in (
        result.stdout
    )


def test_identity_falls_back_to_the_websites_registrable_domain():
    assert vendor_identity({"website": "https://www.clinic.co.uk/about"}).domains == (
        "clinic.co.uk",
    )
    assert registrable_domain("api-js.mixpanel.com") == "mixpanel.com"
    named = vendor_identity({"website": "https://x.example", "domains": ["Mixpanel.com"]})
    assert named.domains == ("mixpanel.com",)
    assert not vendor_identity({"name": "No site"}).known
    assert domain_problem("mixpanel.com") is None and domain_problem("mxpnl.com") is None


def _har(hosts: list[dict], signals: list[dict]) -> Evidence:
    return Evidence(
        kind=EvidenceKind.HAR,
        document=DocumentRef("site.har", "0" * 64),
        facts={
            "collection": Fact("client-side", [Citation("POST www.google-analytics.com")]),
            "third_party_hosts": Fact(
                hosts,
                [
                    Citation(f"GET {h['host']}", entry=i, host=h["host"])
                    for i, h in enumerate(hosts)
                ],
            ),
            "phi_signals": Fact(
                signals, [Citation(f"signal {s['host']}", host=s["host"]) for s in signals]
            ),
        },
    )


def test_scoping_keeps_only_the_vendors_hosts_and_recomputes_collection():
    hosts = [
        {"host": "cdn.mxpnl.com", "vendor": "mixpanel", "requests": 1, "received_data": False},
        {"host": "www.google-analytics.com", "vendor": "ga4", "requests": 2, "received_data": True},
    ]
    signals = [{"host": "www.google-analytics.com", "kind": "health-context", "entry": 1}]
    scope = scope_to_vendor([_har(hosts, signals)], VendorIdentity(("mxpnl.com",)))
    [mine] = scope.evidence
    # Only its script loaded, nothing sent: browser calls remain, no health context.
    assert mine.value("collection") == "hybrid"
    assert [c.host for c in mine.facts["collection"].citations] == ["cdn.mxpnl.com"]
    assert mine.value("phi_signals") == [] and mine.facts["phi_signals"].citations == []
    assert [h["host"] for h in mine.value("third_party_hosts")] == ["cdn.mxpnl.com"]

    absent = scope_to_vendor([_har(hosts, signals)], VendorIdentity(("acme.example",)))
    assert absent.evidence == ()
    assert absent.absent[EvidenceKind.HAR] == (
        "not seen in this capture (3 requests to 2 other third parties)"
    )


def test_assess_says_the_vendor_is_not_in_the_capture_and_offers_nothing_from_it(tmp_path):
    evidence = tmp_path / _clinic_capture(tmp_path)
    profile = tmp_path / "acme.yaml"
    profile.write_text(
        "vendor:\n  name: Acme Analytics\n  website: https://acme-analytics.example\n"
        'assessment:\n  checklist: healthcare-analytics\n  as_of: "2026-11-01"\n'
    )
    session = open_session(
        profile, vendor=None, checklist=None, evidence=[evidence], review=False, ask_vendor=None
    )
    interview = session.interview()
    for question_id in ("data_flow.collection", "data_flow.phi_in_payloads"):
        assert question_id not in interview.prefills
        assert interview.evidence_notes[question_id] == (
            "not seen in this capture (3 requests to 3 other third parties)"
        )
    assert interview.default(session.checklist.question("data_flow.collection")) is None


def test_init_fills_the_domains_from_the_catalogue_or_from_domain(tmp_path):
    known = tmp_path / "mixpanel.yaml"
    assert run_cli("init", "Mixpanel", "-o", known).exit_code == 0
    text = known.read_text()
    assert '  domains: ["mixpanel.com", "mxpnl.com"]' in text
    assert '  tracker: "mixpanel"' in text
    assert run_cli("validate", known).exit_code == 0

    unknown = tmp_path / "acme.yaml"
    assert run_cli("init", "Acme Analytics", "-o", unknown).exit_code == 0
    assert "  # domains: [vendor.example]" in unknown.read_text()

    given = tmp_path / "given.yaml"
    result = run_cli(
        "init", "Acme", "--domain", "acme.com", "--domain", "Acme-CDN.net", "-o", given
    )
    assert result.exit_code == 0, result
    assert '  domains: ["acme.com", "acme-cdn.net"]' in given.read_text()
    assert run_cli("validate", given).exit_code == 0


def test_init_refuses_a_domain_written_as_a_url(tmp_path):
    result = run_cli("init", "Acme", "--domain", "https://www.acme.com/", "-o", tmp_path / "a.yaml")
    assert result.exit_code == 2
    assert "is a URL, not a domain; write acme.com" in result.stderr
    assert not (tmp_path / "a.yaml").exists()


def test_assess_with_vendor_fills_the_domains_from_the_catalogue(tmp_path):
    answers = tmp_path / "answers.yaml"
    answers.write_text("baa.offered: true\n")
    profile = tmp_path / "segment.yaml"
    result = run_cli("assess", profile, "--vendor", "Twilio Segment", "--answers", answers)
    assert result.exit_code == 0, result
    text = profile.read_text()
    assert '  domains: ["segment.com", "segment.io", "segmentapis.com"]' in text
    assert '  tracker: "segment"' in text
    assert run_cli("validate", profile).exit_code == 0


@pytest.mark.parametrize(
    ("vendor", "says"),
    [
        ("mixpanel", "tracker mixpanel: 1 request to api-js.mixpanel.com; collection client-side"),
        ("facebook.com", "facebook.com: 1 request to www.facebook.com; collection client-side"),
        (
            "acme-analytics.example",
            "acme-analytics.example: not seen in this capture "
            "(3 requests to 3 other third parties)",
        ),
    ],
)
def test_extract_har_vendor_says_what_the_capture_shows_about_one_vendor(tmp_path, vendor, says):
    page = f"{SITE}/conditions/diabetes"
    hargen.write(
        tmp_path / "site.har",
        hargen.har(
            hargen.page(page),
            hargen.ga4_collect(page, "Diabetes care", referer=page),
            hargen.meta_pixel(page),
            hargen.mixpanel_track({"$current_url": page, "token": "abc"}, referer=page),
        ),
    )
    result = run_cli(
        "extract", "har", tmp_path / "site.har", "--site", "clinic.example", "--vendor", vendor
    )
    assert result.exit_code == 0, result
    assert says in result.stderr
    # The evidence itself stays whole: every vendor the page talked to.
    assert "google-analytics.com" in result.stdout


def test_extract_har_vendor_refuses_a_url(tmp_path):
    hargen.write(tmp_path / "site.har", hargen.har(hargen.page(f"{SITE}/")))
    result = run_cli(
        "extract", "har", tmp_path / "site.har", "--site", "clinic.example",
        "--vendor", "https://mixpanel.com/",
    )  # fmt: skip
    assert result.exit_code == 2
    assert "--vendor: 'https://mixpanel.com/' is a URL, not a domain; write mixpanel.com" in (
        result.stderr
    )


def _challenge_capture(tmp_path) -> str:
    """A clinic's 503 error page that still loads the site's Google tag: the vendor has
    requests in the capture, but no page of the site loaded."""
    home = f"{SITE}/"
    capture = hargen.har(
        hargen.request(home, resource_type="document", status=503),
        hargen.script("https://www.googletagmanager.com/gtag/js?id=G-TEST123", referer=home),
        hargen.ga4_collect(home, "Service unavailable", referer=home),
    )
    hargen.write(tmp_path / "site.har", capture)
    result = run_cli(
        "extract", "har", tmp_path / "site.har", "--site", "clinic.example",
        "-o", tmp_path / "site.evidence.json",
    )  # fmt: skip
    assert result.exit_code == 0, result
    assert load_evidence(tmp_path / "site.evidence.json").value("collection") is None
    return "site.evidence.json"


def test_a_challenge_capture_stays_undecided_for_a_vendor_in_it(tmp_path):
    _challenge_capture(tmp_path)
    profile = _profile(tmp_path, "Google Analytics", "  tracker: google-analytics")
    report = _report(profile)
    collection = _question(report, "data_flow.collection")
    # The error page cannot show how the site collects: the analyst's answer stands.
    assert (collection["status"], collection["answer"]) == ("attested", "server-side")
    assert collection["citations"] == []
    assert not [f for f in report["findings"] if f["kind"] == "contradicted"]


def test_narrowing_a_challenge_capture_keeps_collection_null_and_its_warning(tmp_path):
    _challenge_capture(tmp_path)
    whole = load_evidence(tmp_path / "site.evidence.json")
    [mine] = scope_to_vendor([whole], VendorIdentity(("google-analytics.com",))).evidence
    assert mine.value("collection") is None
    assert mine.facts["collection"].citations == []
    assert [w for w in mine.warnings if "bot challenge or error page" in w]
    # What the vendor's own requests show is still theirs.
    assert [h["host"] for h in mine.value("third_party_hosts")] == ["region1.google-analytics.com"]


def test_extract_har_vendor_on_a_challenge_capture_says_collection_is_undecided(tmp_path):
    home = f"{SITE}/"
    hargen.write(
        tmp_path / "site.har",
        hargen.har(
            hargen.request(home, resource_type="document", status=503),
            hargen.ga4_collect(home, "Service unavailable", referer=home),
        ),
    )
    result = run_cli(
        "extract", "har", tmp_path / "site.har", "--site", "clinic.example",
        "--vendor", "google-analytics",
    )  # fmt: skip
    assert result.exit_code == 0, result
    assert (
        "tracker google-analytics: 1 request to region1.google-analytics.com; "
        "collection undecided (a bot challenge or error page)"
    ) in result.stderr
