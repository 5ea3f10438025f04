"""`vendor-eval score` and `vendor-eval report` as a user runs them."""

from __future__ import annotations

import gc
import json
import textwrap
from pathlib import Path

import pytest
from conftest import REPO, run_cli

from vendor_eval.evidence.io import dump_evidence
from vendor_eval.model import Citation, DocumentRef, Evidence, Fact

PROFILES = REPO / "vendor_profiles"
AS_OF = ("--as-of", "2026-11-29")


def write_profile(folder: Path, name: str, body: str) -> Path:
    path = folder / name
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    return path


VALID = """\
    vendor: {name: Tidy Analytics}
    assessment: {checklist: healthcare-analytics, as_of: "2026-11-29"}
    baa: {offered: true, scope: full-pipeline, carve_outs: []}
    soc2: {type: type2}
    data_flow: {collection: server-side, first_party: true, phi_in_payloads: prevented}
    consent: {enforcement: server-side}
"""


# --- score ---------------------------------------------------------------------------------


def test_score_examples_knocks_out_ga4_and_exits_1():
    result = run_cli("score", *sorted(PROFILES.glob("*.yaml")), *AS_OF)
    assert result.exit_code == 1, result
    for vendor in ("Google Analytics 4", "Mixpanel", "Twilio Segment"):
        assert vendor in result.stdout
    assert "Stop: not fit for PHI" in result.stdout


def test_score_and_compare_leave_the_garbage_collector_as_they_found_it(tmp_path):
    """They collect garbage less often while they hold every result; a program that runs
    them in its own process (as these tests do) gets its settings back, also on failure."""
    before = gc.get_threshold()
    assert run_cli("score", PROFILES, *AS_OF).exit_code == 1
    assert run_cli("score", tmp_path / "missing.yaml").exit_code == 2
    assert run_cli("compare", PROFILES, *AS_OF).exit_code == 0
    assert run_cli("compare", PROFILES / "segment.yaml").exit_code == 2
    assert gc.get_threshold() == before


def test_score_json_gives_each_verdict_and_why():
    result = run_cli("score", PROFILES, *AS_OF, "--format", "json")
    assert result.exit_code == 1, result
    data = json.loads(result.stdout)
    by_vendor = {r["vendor"]: r for r in data["results"]}
    ga4, mixpanel = by_vendor["Google Analytics 4"], by_vendor["Mixpanel"]
    assert ga4["verdict"]["id"] == "stop" and not ga4["passed"]
    assert ga4["knockouts"][0]["question"] == "baa.offered"
    assert ga4["failed_because"] == ["knockout: baa.offered"]
    # Mixpanel's profile is half answered: no verdict yet, which fails only when asked to.
    assert mixpanel["verdict"]["id"] == "incomplete" and mixpanel["passed"]
    assert mixpanel["failed_because"] == []
    assert mixpanel["finding_counts"]["critical"] >= 1
    critical = [f for f in mixpanel["findings"] if f["severity"] == "critical"]
    assert critical and {"question", "title", "action", "citations", "document"} <= set(critical[0])
    assert data["success"] is False
    assert data["gate"]["meaning"].startswith("passed: no knockout")


def test_an_empty_init_profile_is_incomplete_and_fails_on_incomplete(tmp_path):
    profile = tmp_path / "acme.yaml"
    assert run_cli("init", "Acme Analytics", "-o", profile).exit_code == 0
    result = run_cli("score", profile, *AS_OF, "-f", "json")
    assert result.exit_code == 0, result
    [acme] = json.loads(result.stdout)["results"]
    assert acme["verdict"]["id"] == "incomplete" and acme["completeness"] == 0

    gated = run_cli("score", profile, *AS_OF, "--fail-on", "stop,high-risk,incomplete")
    assert gated.exit_code == 1, gated
    assert "Incomplete" in gated.stdout and "Failing on stop, high-risk, incomplete" in gated.stdout
    as_json = run_cli("score", profile, *AS_OF, "--fail-on", "incomplete", "-f", "json")
    [acme] = json.loads(as_json.stdout)["results"]
    assert not acme["passed"]
    assert acme["failed_because"] == ["verdict incomplete is named in --fail-on"]


def test_fail_on_names_only_verdicts_the_checklist_gives(tmp_path):
    result = run_cli("score", PROFILES / "mixpanel.yaml", *AS_OF, "--fail-on", "high_risk")
    assert result.exit_code == 2
    assert "'high_risk' is not a verdict" in result.stderr
    assert "high-risk" in result.stderr and "incomplete" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(("threshold", "code"), [(None, 0), ("10", 0), ("90", 1)])
def test_fail_under_sets_the_exit_code(threshold, code):
    extra = ("--fail-under", threshold) if threshold else ()
    result = run_cli("score", PROFILES / "mixpanel.yaml", *AS_OF, *extra)
    assert result.exit_code == code, result


def test_invalid_profile_is_refused_with_its_errors_and_the_rest_still_scored(tmp_path):
    bad = write_profile(
        tmp_path,
        "bad.yaml",
        """\
        vendor: {name: Broken}
        assessment: {checklist: healthcare-analytics, as_of: "2026-11-29"}
        baa: {offered: maybe}
        """,
    )
    good = write_profile(tmp_path, "good.yaml", VALID)
    result = run_cli("score", bad, good, *AS_OF)
    assert result.exit_code == 2, result
    [error] = result.stderr.splitlines()
    assert "bad.yaml:3:16:" in error and "baa.offered" in error
    assert "Tidy Analytics" in result.stdout
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("missing.yaml",), "no such file"),
        ((str(PROFILES / "mixpanel.yaml"), "--checklist", "nope"), "unknown checklist"),
        ((str(PROFILES / "mixpanel.yaml"), "--as-of", "2026-13-01"), "--as-of"),
    ],
)
def test_bad_arguments_exit_2_with_one_line(args, message):
    result = run_cli("score", *args)
    assert result.exit_code == 2, result
    assert message in result.stderr
    assert "Traceback" not in result.stderr


# --- report --------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["markdown", "html", "json"])
def test_report_is_byte_identical_for_the_same_inputs(fmt, tmp_path):
    first = run_cli("report", PROFILES / "mixpanel.yaml", "--format", fmt, *AS_OF)
    assert first.exit_code == 0, first
    out = tmp_path / f"card.{fmt}"
    second = run_cli("report", PROFILES / "mixpanel.yaml", "-f", fmt, "-o", out, *AS_OF)
    assert second.exit_code == 0, second
    assert out.read_text(encoding="utf-8") == first.stdout
    assert "2026-11-29" in first.stdout and "Mixpanel" in first.stdout


def test_report_shows_what_the_scorecard_promises():
    result = run_cli("report", PROFILES / "mixpanel.yaml", *AS_OF)
    text = result.stdout
    for expected in (
        "Incomplete: not enough answered to judge",
        "Completeness",
        "Evidence-backed share",
        "## Findings",
        "Enforce consent server-side",  # the checklist's action for client-side consent
        "## Missing answers",
        "## Sources",
        "healthcare-analytics",
    ):
        assert expected in text, expected
    from vendor_eval.checklist import load_checklist

    assert load_checklist("healthcare-analytics").sha256 in text


def test_report_refuses_to_overwrite_without_force(tmp_path):
    out = tmp_path / "card.md"
    out.write_text("the analyst's notes", encoding="utf-8")
    refused = run_cli("report", PROFILES / "mixpanel.yaml", "-o", out, *AS_OF)
    assert refused.exit_code == 2, refused
    assert "already exists" in refused.stderr and "--force" in refused.stderr
    assert out.read_text(encoding="utf-8") == "the analyst's notes"
    forced = run_cli("report", PROFILES / "mixpanel.yaml", "-o", out, "--force", *AS_OF)
    assert forced.exit_code == 0, forced
    assert out.read_text(encoding="utf-8").startswith("# Vendor scorecard: Mixpanel")


@pytest.mark.parametrize(
    ("target", "message"),
    [("no-such-folder/card.md", "does not exist"), ("/proc/card.md", "cannot write")],
)
def test_report_output_in_a_missing_or_unwritable_folder(tmp_path, target, message):
    out = target if target.startswith("/") else tmp_path / target
    result = run_cli("report", PROFILES / "mixpanel.yaml", "-o", out, *AS_OF)
    assert result.exit_code == 2, result
    assert message in result.stderr and "card.md" in result.stderr


def test_report_refuses_an_invalid_profile_and_writes_nothing(tmp_path):
    bad = write_profile(tmp_path, "bad.yaml", "vendor: {name: X}\nbaa: [1, 2\n")
    out = tmp_path / "card.html"
    result = run_cli("report", bad, "-f", "html", "-o", out, *AS_OF)
    assert result.exit_code == 2, result
    assert "bad.yaml" in result.stderr
    assert not out.exists()


def test_report_marks_evidence_backed_and_contradicted_answers(tmp_path):
    soc2 = Evidence(
        kind="soc2",
        document=DocumentRef(path="tidy-soc2.pdf", sha256="a" * 64, pages=60),
        facts={
            "report_type": Fact("type1", [Citation("a Type 1 report as of June 30, 2026", page=2)])
        },
    )
    baa = Evidence(
        kind="baa",
        document=DocumentRef(path="tidy-baa.pdf", sha256="b" * 64, pages=8),
        facts={"is_baa": Fact(True, [Citation("Business Associate Agreement", page=1)])},
    )
    (tmp_path / "tidy.soc2.evidence.yaml").write_text(dump_evidence(soc2, "yaml"), "utf-8")
    (tmp_path / "tidy.baa.evidence.yaml").write_text(dump_evidence(baa, "yaml"), "utf-8")
    profile = write_profile(
        tmp_path,
        "tidy.yaml",
        VALID
        + "    evidence:\n"
        + "      - {path: tidy.soc2.evidence.yaml}\n"
        + "      - {path: tidy.baa.evidence.yaml}\n",
    )
    result = run_cli("report", profile, "-f", "json", *AS_OF)
    assert result.exit_code == 0, result
    data = json.loads(result.stdout)
    questions = {q["id"]: q for s in data["sections"] for q in s["questions"]}
    assert questions["baa.offered"]["status"] == "evidence-backed"
    assert questions["soc2.type"]["status"] == "contradicted"
    assert questions["soc2.type"]["answer"] == "type1"
    assert questions["soc2.type"]["citations"][0]["page"] == 2
    assert any(f["kind"] == "contradicted" and f["severity"] == "high" for f in data["findings"])
    assert 0 < data["evidence_backed"] < 100

    markdown = run_cli("report", profile, *AS_OF).stdout
    assert "contradicted" in markdown and "a Type 1 report as of June 30, 2026" in markdown
