"""From documents to scorecard: extracted evidence changes the score, and a profile that
claims more than its documents show is contradicted, with the clause quoted."""

from __future__ import annotations

import json

import hargen
from conftest import run_cli

PROFILE = """vendor:
  name: Lumen Metrics
  domains: [{domains}]
assessment:
  checklist: healthcare-analytics
  as_of: "2026-11-01"
baa:
  offered: true
  scope: {scope}
data_flow:
  collection: server-side
evidence:
{links}
"""

LIMITED_BAA = """# HIPAA Business Associate Addendum

This Business Associate Addendum forms part of the agreement between Lumen Metrics LLC
("Business Associate") and the covered entity that signs it ("Customer"), and governs the
handling of Protected Health Information under HIPAA.

1. Scope. This Addendum does not apply to information collected on pages of Customer's
websites that do not require a user to log in.

2. Business Associate shall notify Customer of a Breach of Unsecured PHI without
unreasonable delay and in no case later than thirty (30) days after discovery.
"""


def _report(tmp_path, scope: str, *documents: str, domains: str = "lumen-metrics.example") -> dict:
    links = "\n".join(f"  - path: {name}" for name in documents) or "  []"
    profile = tmp_path / "lumen.yaml"
    profile.write_text(PROFILE.format(scope=scope, links=links, domains=domains))
    assert run_cli("validate", profile).exit_code == 0
    result = run_cli("report", profile, "-f", "json", "--as-of", "2026-11-29")
    assert result.exit_code == 0, result
    return json.loads(result.stdout)


def _question(report: dict, question_id: str) -> dict:
    for section in report["sections"]:
        for question in section["questions"]:
            if question["id"] == question_id:
                return question
    raise AssertionError(question_id)


def _extract_baa(tmp_path) -> str:
    (tmp_path / "baa.md").write_text(LIMITED_BAA)
    result = run_cli("extract", "baa", tmp_path / "baa.md", "-o", tmp_path / "baa.evidence.yaml")
    assert result.exit_code == 0, result
    return "baa.evidence.yaml"


def test_a_limited_baa_lowers_the_baa_score_with_the_clause_quoted(tmp_path):
    before = _report(tmp_path, "phi-flagged-only")
    after = _report(tmp_path, "phi-flagged-only", _extract_baa(tmp_path))

    carve_outs = _question(after, "baa.carve_outs")
    assert carve_outs["status"] == "evidence-only"
    assert carve_outs["answer"] == ["unauthenticated-pages"]
    quote = carve_outs["citations"][0]["quote"]
    assert "do not require a user to log in" in quote

    baa_before = next(s for s in before["sections"] if s["id"] == "baa")
    baa_after = next(s for s in after["sections"] if s["id"] == "baa")
    assert baa_after["completeness"] > baa_before["completeness"]
    assert carve_outs["points"] < carve_outs["max_points"]
    finding = next(f for f in after["findings"] if f["question"] == "baa.carve_outs")
    assert finding["severity"] == "high"
    assert "do not require a user to log in" in finding["citations"][0]["quote"]

    # "PHI-flagged only" is one way a BAA is limited: the evidence agrees with it.
    assert _question(after, "baa.scope")["status"] == "evidence-backed"


def test_claiming_full_pipeline_against_a_limited_baa_is_contradicted(tmp_path):
    report = _report(tmp_path, "full-pipeline", _extract_baa(tmp_path))
    scope = _question(report, "baa.scope")
    assert scope["status"] == "contradicted"
    assert scope["answer"] != "full-pipeline"
    assert scope["points"] < 100
    finding = next(
        f
        for f in report["findings"]
        if f["question"] == "baa.scope" and f["kind"] == "contradicted"
    )
    assert finding["severity"] == "high"
    assert finding["citations"]


def test_claiming_server_side_against_a_capture_with_browser_beacons_is_contradicted(tmp_path):
    site = "https://www.clinic.example"
    capture = hargen.har(
        hargen.page(f"{site}/conditions/diabetes"),
        hargen.mixpanel_track(
            {"$current_url": f"{site}/conditions/diabetes", "token": "abc"},
            referer=f"{site}/conditions/diabetes",
        ),
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
        "--format",
        "json",
    )
    assert result.exit_code == 0, result
    # The profile names the vendor whose hosts the capture shows.
    report = _report(tmp_path, "full-pipeline", "site.evidence.json", domains="mixpanel.com")
    collection = _question(report, "data_flow.collection")
    assert collection["status"] == "contradicted"
    assert collection["answer"] == "client-side"
    assert collection["citations"][0]["host"].endswith("mixpanel.com")
    # One finding for the one problem: as severe as the capture's answer (client-side is
    # critical), saying what the profile claims and what the capture shows.
    [finding] = [f for f in report["findings"] if f["question"] == "data_flow.collection"]
    assert (finding["kind"], finding["severity"]) == ("contradicted", "critical")
    assert "The profile says Server-side" in finding["title"]
    assert "JavaScript in the browser sends data to the vendor" in finding["title"]
    assert "mixpanel.com" in finding["title"]
    assert _question(report, "data_flow.phi_in_payloads")["answer"] == "observed"


def test_validate_notices_when_the_document_changes_after_extraction(tmp_path, monkeypatch):
    # Extract from the repository root into the profiles folder, as the README shows:
    # the evidence names its document relative to itself, so validate finds it again.
    monkeypatch.chdir(tmp_path)
    (tmp_path / "profiles").mkdir()
    (tmp_path / "baa.md").write_text(LIMITED_BAA)
    extracted = run_cli("extract", "baa", "baa.md", "-o", "profiles/lumen.baa.evidence.yaml")
    assert extracted.exit_code == 0, extracted
    assert "path: ../baa.md" in (tmp_path / "profiles" / "lumen.baa.evidence.yaml").read_text()
    profile = tmp_path / "profiles" / "lumen.yaml"
    profile.write_text(
        PROFILE.format(
            scope="phi-flagged-only",
            links="  - path: lumen.baa.evidence.yaml",
            domains="lumen-metrics.example",
        )
    )
    assert run_cli("validate", profile).exit_code == 0

    (tmp_path / "baa.md").write_text(LIMITED_BAA.replace("thirty (30)", "ninety (90)"))
    changed = run_cli("validate", profile, "-f", "text")
    assert changed.exit_code == 1, changed
    assert "baa.md has changed since it was extracted; extract it again" in changed.stdout
