"""A scan linked in a profile answers the consent, monitoring and data-flow questions for
that profile's vendor only, with contradictions shown as for documents."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import run_cli
from test_monitor import _seen, _vendor

from vendor_eval.evidence.io import load_evidence
from vendor_eval.evidence.scan.vendor_view import scan_for_vendor
from vendor_eval.jsonio import dump_json
from vendor_eval.model import Profile


def _citation(host: str, scenario: str, quote: str = "GET …") -> dict:
    return {
        "quote": quote,
        "entry": 3,
        "method": "GET",
        "host": host,
        "scenario": scenario,
        "url": "https://clinic.example/appointments/book",
    }


def _scan(folder: Path) -> Path:
    ga = _vendor(
        "google-analytics",
        ["www.google-analytics.com"],
        consent="leaks-before-consent",
        before=_seen(3, health=["cardiology"]),
    )
    meta = _vendor("meta-pixel", ["connect.facebook.net", "www.facebook.com"], consent="enforced")
    tiktok = _vendor("tiktok-pixel", ["analytics.tiktok.com"], consent="not-tested")
    evidence = {
        "kind": "scan",
        "document": {
            "path": "https://clinic.example/",
            "sha256": "0" * 64,
            "site": "clinic.example",
        },
        "facts": {
            "vendors": {
                "value": [ga, meta, tiktok],
                "citations": [
                    _citation("www.google-analytics.com", "before-consent", "GA before consent"),
                    _citation("www.facebook.com", "after-accept", "Meta after accept"),
                    _citation("analytics.tiktok.com", "before-consent", "TikTok"),
                ],
            },
            "scenarios": {
                "value": [
                    {
                        "name": "before-consent",
                        "ran": True,
                        "pages": 3,
                        "pages_not_scanned": 0,
                        "requests": 20,
                    }
                ],
                "citations": [],
            },
            "phi_signals": {
                "value": [
                    {
                        "scenario": "before-consent",
                        "host": "www.google-analytics.com",
                        "vendor": "google-analytics",
                        "kind": "health-context",
                        "field": "query:dt",
                        "terms": ["cardiology"],
                        "requests": 2,
                    }
                ],
                "citations": [_citation("www.google-analytics.com", "before-consent", "dt")],
            },
        },
        "warnings": [],
    }
    path = folder / "site.scan.evidence.json"
    path.write_text(dump_json(evidence))
    return path


def _report(folder: Path, website: str, answers: str = "") -> dict[str, dict]:
    _scan(folder)
    profile = folder / "vendor.yaml"
    profile.write_text(
        "vendor:\n  name: The Vendor\n"
        f"  website: {website}\n"
        'assessment:\n  checklist: healthcare-analytics\n  as_of: "2026-11-29"\n'
        f"{answers}"
        "evidence:\n  - path: site.scan.evidence.json\n    kind: scan\n"
    )
    result = run_cli("report", profile, "--format", "json", "--as-of", "2026-11-29")
    assert result.exit_code == 0, result
    report = json.loads(result.stdout)
    return {q["id"]: q for s in report["sections"] for q in s["questions"]}


def test_a_tag_firing_before_consent_contradicts_a_claimed_gate(tmp_path):
    questions = _report(
        tmp_path, "https://www.google-analytics.com/", "consent:\n  enforcement: server-side\n"
    )
    consent = questions["consent.enforcement"]
    assert (consent["status"], consent["answer"]) == ("contradicted", "none")
    assert [c["quote"] for c in consent["citations"]] == ["GA before consent"]
    phi = questions["data_flow.phi_in_payloads"]
    assert (phi["status"], phi["answer"]) == ("evidence-only", "observed")
    assert questions["data_flow.collection"]["answer"] == "client-side"


def test_a_tag_that_waits_for_consent_backs_a_client_side_gate(tmp_path):
    questions = _report(
        tmp_path, "https://www.facebook.com/", "consent:\n  enforcement: client-side\n"
    )
    consent = questions["consent.enforcement"]
    assert (consent["status"], consent["answer"]) == ("evidence-backed", "client-side")
    assert [c["quote"] for c in consent["citations"]] == ["Meta after accept"]
    # Nothing about this vendor's payloads: no opinion rather than a guess.
    assert questions["data_flow.phi_in_payloads"]["status"] == "unanswered"


def test_a_scan_backs_periodic_or_continuous_scanning_and_contradicts_none(tmp_path):
    for answer, status in (("continuous", "evidence-backed"), ("none", "contradicted")):
        questions = _report(
            tmp_path, "https://www.facebook.com/", f"monitoring:\n  scanning: {answer}\n"
        )
        assert questions["monitoring.scanning"]["status"] == status
    detects = questions["monitoring.detects"]
    assert detects["answer"] == ["scripts", "cookies", "storage", "pixels"]


@pytest.mark.parametrize(
    "website",
    [
        "https://www.tiktok.com/",  # not-tested: reject could not be tested
        "https://segment.com/",  # not seen on the site at all
    ],
)
def test_no_verdict_means_no_consent_answer(tmp_path, website):
    questions = _report(tmp_path, website, "consent:\n  enforcement: server-side\n")
    consent = questions["consent.enforcement"]
    assert (consent["status"], consent["answer"]) == ("attested", "server-side")


def test_a_vendor_the_scan_never_saw_is_warned_about_not_guessed(tmp_path):
    scan = load_evidence(_scan(tmp_path))
    profile = Profile(
        "segment.yaml", {"vendor": {"name": "Segment", "website": "https://segment.com"}}
    )
    view = scan_for_vendor(scan, profile)
    assert view.value("consent") is None and view.value("collection") is None
    assert "saw no request to Segment" in view.warnings[0]
    assert view.value("scanning") == "scanned"


def test_a_profile_naming_its_tracker_id_or_domains_finds_its_vendor(tmp_path):
    scan = load_evidence(_scan(tmp_path))
    by_tracker = Profile("a.yaml", {"vendor": {"name": "A", "tracker": "meta-pixel"}})
    by_domain = Profile("b.yaml", {"vendor": {"name": "B", "domains": ["facebook.com"]}})
    for profile in (by_tracker, by_domain):
        assert scan_for_vendor(scan, profile).value("consent") == "enforced"


def test_a_checklist_question_can_take_evidence_of_two_kinds(tmp_path):
    result = run_cli("checklist", "show", "healthcare-analytics")
    assert result.exit_code == 0, result
    broken = tmp_path / "checklist.yaml"
    text = Path(__file__).resolve().parent.parent / "checklists" / "healthcare-analytics.yaml"
    broken.write_text(
        text.read_text().replace("map: {enforced: client-side,", "map: {enforced: gated-somewhere,")
    )
    result = run_cli("checklist", "show", broken)
    assert result.exit_code != 0
    assert "gated-somewhere" in result.stderr + result.stdout


def test_the_scorecard_names_the_scenario_of_each_cited_request(tmp_path):
    _report(tmp_path, "https://www.google-analytics.com/")
    result = run_cli("report", tmp_path / "vendor.yaml", "--format", "markdown")
    assert "before-consent request 3 GET www.google-analytics.com" in result.stdout
