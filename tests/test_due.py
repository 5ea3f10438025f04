"""`vendor-eval due`: what falls due for each vendor, as a CI check and as a calendar."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from conftest import REPO, run_cli
from icalendar import Calendar

from vendor_eval.due import add_months
from vendor_eval.evidence.io import dump_evidence
from vendor_eval.model import Citation, DocumentRef, Evidence, Fact

PROFILE = """vendor:
  name: {name}
assessment:
  checklist: healthcare-analytics
  as_of: "2026-06-01"
baa:
  offered: true
{soc2}evidence:
{links}
"""


def write_soc2_evidence(folder, name: str, period_end: str, **facts: str) -> str:
    evidence = Evidence(
        kind="soc2",
        document=DocumentRef(path=f"{name}.pdf", sha256="a" * 64, pages=40),
        facts={
            "period_end": Fact(
                period_end, [Citation(f"for the period ending {period_end}", page=3)]
            ),
            **{
                key: Fact(value, [Citation(f"quoted {value}", page=2)])
                for key, value in facts.items()
            },
        },
    )
    file_name = f"{name}.soc2.evidence.yaml"
    (folder / file_name).write_text(dump_evidence(evidence, "yaml"), "utf-8")
    return file_name


def write_profile(folder, name: str, *, period_end: str | None = None, links=()) -> str:
    soc2 = f'soc2:\n  period_end: "{period_end}"\n' if period_end else ""
    links_text = "\n".join(f"  - path: {link}" for link in links) or "  []"
    path = folder / f"{name.lower()}.yaml"
    path.write_text(PROFILE.format(name=name, soc2=soc2, links=links_text), "utf-8")
    return str(path)


def test_soc2_coverage_ending_inside_the_window_fails_the_check(tmp_path):
    link = write_soc2_evidence(tmp_path, "acme", "2025-12-15")
    profile = write_profile(tmp_path, "Acme", links=[link])

    result = run_cli("due", profile, "--within", "30d", "--as-of", "2026-11-29")

    assert result.exit_code == 1, result
    assert "2026-12-15  due" in result.stdout
    assert "Acme" in result.stdout
    assert "SOC 2 period ended 2025-12-15" in result.stdout


def test_soc2_coverage_ending_after_the_window_passes(tmp_path):
    link = write_soc2_evidence(tmp_path, "acme", "2026-03-31")
    profile = write_profile(tmp_path, "Acme", links=[link])

    result = run_cli("due", profile, "--within", "30d", "--as-of", "2026-11-29")

    assert result.exit_code == 0, result
    assert "Nothing overdue or due by 2026-12-29" in result.stdout
    assert "1 later item(s) not shown" in result.stdout
    widened = run_cli("due", profile, "--within", "20w", "--as-of", "2026-11-29")
    assert widened.exit_code == 1
    assert "2027-03-31  due" in widened.stdout


def test_an_attested_period_end_counts_when_no_report_was_extracted(tmp_path):
    profile = write_profile(tmp_path, "Acme", period_end="2025-10-31")

    result = run_cli("due", profile, "--as-of", "2026-11-29", "-f", "json")

    assert result.exit_code == 1, result
    (item,) = json.loads(result.stdout)["items"]
    assert item["kind"] == "soc2-coverage"
    assert item["due"] == "2026-10-31"
    assert item["status"] == "overdue"


def test_a_bridge_letter_extends_coverage_to_its_end(tmp_path):
    link = write_soc2_evidence(tmp_path, "acme", "2025-12-15", bridge_letter_end="2027-02-28")
    profile = write_profile(tmp_path, "Acme", links=[link])

    result = run_cli("due", profile, "--as-of", "2026-11-29", "-f", "json")

    assert result.exit_code == 0, result
    (item,) = json.loads(result.stdout)["items"]
    assert item["due"] == "2027-02-28"
    assert "bridge letter" in item["basis"]
    assert item["citations"] == [{"page": 2, "quote": "quoted 2027-02-28"}]


def test_a_document_changed_since_extraction_is_due_now(tmp_path):
    (tmp_path / "acme.pdf").write_bytes(b"%PDF-1.4 a different document")
    link = write_soc2_evidence(tmp_path, "acme", "2026-09-30")
    profile = write_profile(tmp_path, "Acme", links=[link])

    result = run_cli("due", profile, "--as-of", "2026-11-29", "-f", "json")

    assert result.exit_code == 1, result
    kinds = {(i["kind"], i["due"]) for i in json.loads(result.stdout)["items"]}
    assert ("evidence-changed", "2026-11-29") in kinds
    assert ("soc2-coverage", "2027-09-30") in kinds


def test_a_missing_evidence_file_is_due_now(tmp_path):
    profile = write_profile(tmp_path, "Acme", links=["gone.soc2.evidence.yaml"])

    result = run_cli("due", profile, "--as-of", "2026-11-29")

    assert result.exit_code == 1, result
    assert "Evidence file missing" in result.stdout
    assert "gone.soc2.evidence.yaml" in result.stdout


def test_the_calendar_parses_back_with_one_event_per_item_and_stable_uids(tmp_path):
    first = write_profile(tmp_path, "Acme", period_end="2026-01-31")
    write_profile(tmp_path, "Birch", period_end="2026-02-28")
    calendar_file = tmp_path / "due.ics"

    result = run_cli("due", tmp_path, "--as-of", "2026-11-29", "-f", "ics", "-o", calendar_file)
    assert result.exit_code == 0, result  # nothing inside 30 days, yet every item is listed
    events = Calendar.from_ical(calendar_file.read_bytes()).walk("VEVENT")
    assert [str(e["SUMMARY"]).split(":")[0] for e in events] == ["Acme", "Birch"]
    assert events[0].decoded("DTSTART") == dt.date(2027, 1, 31)
    assert len({str(e["UID"]) for e in events}) == 2

    # The next year's report moves the date; the event keeps its UID, so a calendar that
    # imports the new file updates the entry instead of adding one.
    write_profile(tmp_path, "Acme", period_end="2026-12-31")
    again = run_cli(
        "due", first, "--as-of", "2026-11-29", "-f", "ics", "-o", calendar_file, "--force"
    )
    assert again.exit_code == 0, again
    (moved,) = Calendar.from_ical(calendar_file.read_bytes()).walk("VEVENT")
    assert moved.decoded("DTSTART") == dt.date(2027, 12, 31)
    assert str(moved["UID"]) == str(events[0]["UID"])


def test_github_annotations_mark_overdue_as_errors_and_due_soon_as_warnings(tmp_path):
    write_profile(tmp_path, "Acme", period_end="2025-10-31")
    write_profile(tmp_path, "Birch", period_end="2025-12-10")
    write_profile(tmp_path, "Cedar", period_end="2026-08-31")

    result = run_cli("due", tmp_path, "--as-of", "2026-11-29", "-f", "github")

    assert result.exit_code == 1, result
    lines = result.stdout.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("::error file=")
    assert "acme.yaml,line=1,title=overdue%3A soc2-coverage::2026-10-31 Acme" in lines[0]
    assert lines[1].startswith("::warning file=")
    assert "birch.yaml" in lines[1]


def test_a_bad_window_is_one_line_and_exit_2(tmp_path):
    profile = write_profile(tmp_path, "Acme", period_end="2026-01-31")

    result = run_cli("due", profile, "--within", "a month")

    assert result.exit_code == 2
    assert result.stderr.strip().count("\n") == 0
    assert "--within 'a month': give days or weeks" in result.stderr


def test_an_unreadable_profile_is_reported_and_the_others_still_listed(tmp_path):
    write_profile(tmp_path, "Acme", period_end="2025-12-01")
    (tmp_path / "broken.yaml").write_text("vendor: [unclosed\n", "utf-8")

    result = run_cli("due", tmp_path, "--as-of", "2026-11-29")

    assert result.exit_code == 2
    assert "Acme" in result.stdout
    assert "broken.yaml" in result.stderr
    assert "Traceback" not in result.stderr


def test_shipped_profiles_have_nothing_due(tmp_path):
    result = run_cli("due", REPO / "vendor_profiles", "--as-of", "2026-11-29")

    assert result.exit_code == 0, result


def test_adding_months_keeps_the_day_or_takes_the_month_end():
    assert add_months(dt.date(2025, 12, 15), 12) == dt.date(2026, 12, 15)
    assert add_months(dt.date(2024, 2, 29), 12) == dt.date(2025, 2, 28)
    assert add_months(dt.date(2026, 8, 31), 6) == dt.date(2027, 2, 28)


TIERED = """vendor:
  name: {name}
  tier: {tier}
assessment:
  checklist: healthcare-analytics
  as_of: "{as_of}"
baa:
  offered: true
{baa}"""


def test_reassessment_falls_due_by_the_tier_interval_of_the_checklist(tmp_path):
    (tmp_path / "critical.yaml").write_text(
        TIERED.format(name="Crit", tier="critical", as_of="2026-06-01", baa=""), "utf-8"
    )
    (tmp_path / "low.yaml").write_text(
        TIERED.format(name="Lowly", tier="low", as_of="2026-06-01", baa=""), "utf-8"
    )

    result = run_cli("due", tmp_path, "--as-of", "2026-11-29", "-f", "json")

    assert result.exit_code == 1, result
    items = {i["vendor"]: i for i in json.loads(result.stdout)["items"]}
    assert items["Crit"]["kind"] == "reassessment"
    assert items["Crit"]["due"] == "2026-11-30"  # 182 days after 2026-06-01
    assert items["Crit"]["status"] == "due"
    assert "the critical tier is reassessed every 182 days" in items["Crit"]["basis"]
    assert items["Lowly"]["due"] == "2029-05-31"
    assert items["Lowly"]["status"] == "later"


def _reviewed(name: str, record: str) -> str:
    """A critical-tier profile whose review record holds `record` (assessment lines)."""
    text = TIERED.format(name=name, tier="critical", as_of="2026-01-15", baa="")
    return text.replace('  as_of: "2026-01-15"\n', '  as_of: "2026-01-15"\n' + record)


def test_the_review_records_next_review_comes_before_the_tier_interval(tmp_path):
    record = (
        "  reviewer: Dana Reyes\n  decision: approved\n"
        '  decided_on: "2026-02-01"\n  next_review: "2027-03-01"\n'
    )
    (tmp_path / "crit.yaml").write_text(_reviewed("Crit", record), "utf-8")

    result = run_cli("due", tmp_path, "--as-of", "2026-11-29", "-f", "json")

    (item,) = [i for i in json.loads(result.stdout)["items"] if i["kind"] == "reassessment"]
    # The tier alone would say 2026-08-02 (182 days after the decision): overdue.
    assert item["due"] == "2027-03-01"
    assert item["status"] == "later"
    assert item["basis"] == "the review record sets the next review on 2027-03-01"


def test_the_tier_interval_counts_from_the_decision_when_no_next_review_is_set(tmp_path):
    record = '  reviewer: Dana Reyes\n  decision: approved\n  decided_on: "2026-06-01"\n'
    (tmp_path / "crit.yaml").write_text(_reviewed("Crit", record), "utf-8")

    result = run_cli("due", tmp_path, "--as-of", "2026-11-29", "-f", "json")

    assert result.exit_code == 1, result
    (item,) = [i for i in json.loads(result.stdout)["items"] if i["kind"] == "reassessment"]
    assert item["due"] == "2026-11-30"  # 182 days after 2026-06-01, not after 2026-01-15
    assert item["basis"] == "decided 2026-06-01; the critical tier is reassessed every 182 days"


def test_baa_expiry_and_renewal_are_listed(tmp_path):
    baa = '  effective: "2024-01-01"\n  expires: "2026-12-31"\n  renews: "2026-12-01"\n'
    (tmp_path / "acme.yaml").write_text(
        TIERED.format(name="Acme", tier="high", as_of="2026-10-01", baa=baa), "utf-8"
    )

    result = run_cli("due", tmp_path, "--as-of", "2026-11-29")

    assert result.exit_code == 1, result
    lines = result.stdout.splitlines()
    assert lines[1].startswith("2026-12-01  due     Acme    BAA renews")
    assert "2026-12-31" not in result.stdout  # outside 30 days, counted among the later
    assert "2 later item(s) not shown" in result.stdout


@pytest.mark.parametrize(
    ("tier", "baa", "message"),
    [
        (
            "high",
            '  effective: "2026-01-01"\n  expires: "2025-12-31"\n',
            "baa.expires (2025-12-31) is before baa.effective (2026-01-01) [period-order]",
        ),
        ("urgent", "", "vendor.tier: 'urgent' is not one of 'critical', 'high', 'medium', 'low'"),
        ("high", '  renews: "2026-02-30"\n', "baa.renews: '2026-02-30' is not a real date"),
    ],
)
def test_bad_dates_and_tiers_are_one_clear_line(tmp_path, tier, baa, message):
    path = tmp_path / "acme.yaml"
    path.write_text(TIERED.format(name="Acme", tier=tier, as_of="2026-10-01", baa=baa), "utf-8")

    result = run_cli("due", path, "--as-of", "2026-11-29")

    assert result.exit_code == 2, result
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr
