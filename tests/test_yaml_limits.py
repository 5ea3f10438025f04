"""Integers too large to be anyone's answer: refused by the loader and the schema with a
position, one file at a time, never a traceback, never stopping the other files."""

from __future__ import annotations

from conftest import REPO, run_cli

from vendor_eval import yamlio

MINIMAL = (
    'vendor:\n  name: V\nassessment:\n  checklist: healthcare-analytics\n  as_of: "2026-01-01"\n'
)
HUGE_DECIMAL = "9" * 4301  # past Python's limit for turning digits into an int
HUGE_HEX = "0x" + "f" * 4000  # under that limit (it applies to decimal only), still absurd


def test_a_4301_digit_integer_is_a_problem_at_its_position(tmp_path):
    path = tmp_path / "big.yaml"
    path.write_text(MINIMAL + f"baa:\n  breach_notification_days: {HUGE_DECIMAL}\n")
    result = run_cli("validate", path, "-f", "text")
    assert result.exit_code == 1, result
    assert result.stdout.startswith(f"{path}:7:29: error: integer ")
    assert result.stdout.rstrip().endswith("[yaml-int]")
    assert HUGE_DECIMAL[:50] not in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_a_huge_integer_in_one_file_does_not_stop_the_others(tmp_path):
    (tmp_path / "a.yaml").write_text(MINIMAL + f"notes: {HUGE_DECIMAL}\n")
    (tmp_path / "b.yaml").write_text(MINIMAL + "soc2:\n  type: '3'\n")
    (tmp_path / "c.yaml").write_text(MINIMAL)
    result = run_cli("validate", tmp_path, "-f", "text")
    assert result.exit_code == 1, result
    problems = result.stdout.splitlines()
    assert [line.split(":")[0] for line in problems] == [
        str(tmp_path / "a.yaml"),
        str(tmp_path / "b.yaml"),
    ]
    assert "of 3 files" in result.stderr


def test_a_huge_hex_integer_is_refused_by_validate_and_score_alike(tmp_path):
    path = tmp_path / "hex.yaml"
    path.write_text(MINIMAL + f"soc2:\n  exceptions: {HUGE_HEX}\n")
    result = run_cli("validate", path, "-f", "text")
    assert result.exit_code == 1, result
    assert "[yaml-int]" in result.stdout
    result = run_cli("score", path)
    assert result.exit_code == 2, result
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stdout + result.stderr


def test_integers_a_person_could_mean_still_load():
    data = yamlio.load_text("a: 9007199254740991\nb: -42\nc: 0x1F\nd: 1_000\n").data
    assert data == {"a": 9007199254740991, "b": -42, "c": 31, "d": 1000}


def test_the_profile_schema_bounds_integer_answers(tmp_path):
    path = tmp_path / "days.yaml"
    path.write_text(MINIMAL + "baa:\n  breach_notification_days: 9007199254740993\n")
    result = run_cli("validate", path, "-f", "text")
    assert result.exit_code == 1, result
    assert "baa.breach_notification_days" in result.stdout
    schema = (REPO / "docs" / "schemas" / "profile.schema.json").read_text()
    assert '"maximum"' in schema
