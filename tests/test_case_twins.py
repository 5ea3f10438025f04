"""Letters a case-insensitive pattern takes for ASCII ones (dotless ı, dotted İ, long ſ).

Python's `re` under IGNORECASE matches "thırty" where the rule says "thirty" and "ſix" where
it says "six". A word matched that way must still be read as the word it stands for: a
document (a copy pasted through a Turkish keyboard layout, or one built to probe the tool)
gets the same facts as its plain spelling, never a traceback."""

from __future__ import annotations

import json

import pytest
from conftest import run_cli

BAA_HEAD = "This Business Associate Agreement governs PHI under HIPAA.\n"


def _baa_facts(tmp_path, clause: str) -> dict:
    path = tmp_path / "agreement.txt"
    path.write_text(BAA_HEAD + clause + "\n", encoding="utf-8")
    result = run_cli("extract", "baa", path, "-f", "json")
    assert result.exit_code == 0, result
    return json.loads(result.stdout)["facts"]


@pytest.mark.parametrize(
    ("twin", "plain"),
    [
        ("within thırty (30) days", "within thirty (30) days"),
        ("within THİRTY (30) days", "within THIRTY (30) days"),
        ("within five (5) busıness days", "within five (5) business days"),
        ("within 72 hourſ", "within 72 hours"),
        ("within twenty-fıve days", "within twenty-five days"),
    ],
)
def test_a_breach_deadline_spelled_with_a_case_twin_reads_as_its_plain_spelling(
    tmp_path, twin, plain
):
    sentence = "Vendor shall notify Customer of any Breach of Unsecured PHI {}."
    with_twin = _baa_facts(tmp_path, sentence.format(twin))["breach_notification_deadline"]
    as_plain = _baa_facts(tmp_path, sentence.format(plain))["breach_notification_deadline"]
    assert as_plain["value"] is not None
    assert with_twin["value"] == as_plain["value"]


def test_a_contraction_spelled_with_a_case_twin_is_spelled_out(tmp_path):
    clause = "Vendor ſhan't use or disclose PHI other than as permitted by this Agreement."
    plain = clause.replace("ſ", "s")
    with_twin = _baa_facts(tmp_path, clause)["permitted_uses_limited"]
    assert with_twin["value"] == _baa_facts(tmp_path, plain)["permitted_uses_limited"]["value"]


SOC2_REPORT = """Independent Service Auditor's Report

We have examined Larkspur Analytics, Inc.'s description of its system for the {months} months \
ended June 30, 2026, relevant to security.
In our opinion, the controls operated effectively.
"""


@pytest.mark.parametrize("twin", ["ſix", "SİX", "sıx"])
def test_a_period_counted_with_a_case_twin_reads_as_its_plain_spelling(tmp_path, twin):
    facts = {}
    for months in (twin, "six"):
        path = tmp_path / f"report-{months}.txt"
        path.write_text(SOC2_REPORT.format(months=months), encoding="utf-8")
        result = run_cli("extract", "soc2", path, "-f", "json")
        assert result.exit_code == 0, result
        facts[months] = json.loads(result.stdout)["facts"]
    assert facts["six"]["period_start"]["value"] == "2026-01-01"
    assert facts[twin]["period_start"]["value"] == facts["six"]["period_start"]["value"]
    assert facts[twin]["period_end"]["value"] == facts["six"]["period_end"]["value"]
