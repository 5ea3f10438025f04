"""Commands as a new user meets them: readable --help, -f everywhere, the report schema,
compare with two profiles, checklist show at 80 columns, init, and --as-of dates."""

from __future__ import annotations

import json

import jsonschema
import pytest
from conftest import REPO, run_cli

from vendor_eval.resources import json_schema

SHIPPED = REPO / "vendor_profiles"
COMMANDS_WITH_FORMAT = [
    ("score",),
    ("report",),
    ("compare",),
    ("due",),
    ("portfolio",),
    ("diff",),
    ("validate",),
    ("extract", "soc2"),
    ("extract", "baa"),
    ("extract", "har"),
    ("extract", "subprocessors"),
    ("monitor",),
    ("scan",),
]


@pytest.mark.parametrize("command", [("score",), ("validate",), ("diff",), ("due",), ("init",)])
def test_help_shows_placeholders_people_read(command):
    text = run_cli(*command, "--help").stdout
    for python_type in ("<list[", "<%Y", "<bool>", "<str>", "range>", "{paths}"):
        assert python_type not in text, f"{' '.join(command)} --help shows {python_type}"


def test_help_names_dates_floats_and_paths_as_placeholders():
    text = run_cli("score", "--help").stdout
    assert "YYYY-MM-DD" in text and "FLOAT" in text and "PATH..." in text
    assert "Usage: vendor-eval score [OPTIONS] PATHS..." in text


@pytest.mark.parametrize("command", COMMANDS_WITH_FORMAT, ids=" ".join)
def test_every_format_option_has_the_short_f(command):
    text = run_cli(*command, "--help").stdout
    assert "--format" in text
    assert any("--format" in line and " -f " in line for line in text.splitlines()), text


def test_schema_report_prints_the_schema_report_json_follows():
    result = run_cli("schema", "report")
    assert result.exit_code == 0, result
    schema = json.loads(result.stdout)
    assert schema == json_schema("report")
    report = json.loads(run_cli("report", SHIPPED / "mixpanel.yaml", "-f", "json").stdout)
    jsonschema.validate(report, schema)


def test_compare_needs_two_profiles():
    result = run_cli("compare", SHIPPED / "mixpanel.yaml")
    assert result.exit_code == 2, result
    assert "compare needs two or more profiles and found one profile" in result.stderr
    assert run_cli("compare", SHIPPED / "mixpanel.yaml", SHIPPED / "segment.yaml").exit_code == 0


@pytest.mark.parametrize("again", ["the same name", "another name", "its folder"])
def test_a_profile_named_twice_is_one_profile(tmp_path, again):
    profile = tmp_path / "mixpanel.yaml"
    profile.write_text((SHIPPED / "mixpanel.yaml").read_text("utf-8"), "utf-8")
    second = {
        "the same name": profile,
        "another name": tmp_path / "." / "mixpanel.yaml",
        "its folder": tmp_path,
    }[again]

    compared = run_cli("compare", profile, second)
    scored = run_cli("score", profile, second, "-f", "json")

    assert compared.exit_code == 2, compared
    assert "compare needs two or more profiles and found one profile" in compared.stderr
    assert scored.exit_code == 0, scored
    assert len(json.loads(scored.stdout)["results"]) == 1


def test_checklist_show_fits_80_columns_with_options_points_and_knockouts(monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    text = run_cli("checklist", "show", "healthcare-analytics").stdout
    assert max(len(line.rstrip()) for line in text.splitlines()) <= 80
    lines = [line.strip() for line in text.splitlines()]
    assert "baa.offered (boolean, weight 3)" in lines
    assert any(line.startswith("false") and "KNOCKOUT" in line for line in lines)
    assert any(line.startswith("all-plans") and line.endswith("100 pts") for line in lines)
    assert "up to 10    100 pts" in lines
    # Exceptions: none at all, one to three, more; a band of one number is that number.
    exceptions = lines[lines.index("How many tests of controls had exceptions?") + 1 :][:3]
    assert exceptions == ["0         100 pts", "1-3        70 pts", "over 3     30 pts"]


@pytest.mark.parametrize("name", ["", "   "])
def test_init_refuses_an_empty_vendor_name(tmp_path, name):
    result = run_cli("init", name, "-o", tmp_path / "v.yaml")
    assert result.exit_code == 2, result
    assert "the vendor name is empty" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_init_writes_the_schema_line_and_an_assessor_like_the_shipped_profiles(tmp_path):
    target = tmp_path / "acme.yaml"
    assert run_cli("init", "Acme", "-o", target).exit_code == 0
    lines = target.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "# yaml-language-server: $schema=profile.schema.json"
    assert any(line.startswith("  assessor:") for line in lines)
    written = json.loads((tmp_path / "profile.schema.json").read_text(encoding="utf-8"))
    assert written == json.loads(run_cli("schema", "profile").stdout)
    assert run_cli("validate", target).exit_code == 0


@pytest.mark.parametrize(
    ("day", "reason"),
    [
        ("2026-02-30", "February 2026 has 28 days"),
        ("2028-02-30", "February 2028 has 29 days"),
        ("2026-13-01", "there is no month 13"),
        ("29/02/2026", "write it as YYYY-MM-DD"),
    ],
)
@pytest.mark.parametrize("command", ["score", "report", "due"])
def test_as_of_says_what_is_wrong_with_the_date(command, day, reason):
    result = run_cli(command, SHIPPED / "mixpanel.yaml", "--as-of", day)
    assert result.exit_code == 2, result
    # The message sits in a box; read it as one line of words.
    words = " ".join(w for w in result.stderr.split() if w not in ("│", "╰", "╭"))
    assert reason in words
