"""Every problem of a file in one run: schema and semantic problems together in line
order, YAML 1.2 booleans, and the published profile schema agreeing with `validate`."""

from __future__ import annotations

import io
import json
from pathlib import Path

import jsonschema
import pytest
from conftest import run_cli
from ruamel.yaml import YAML
from ruamel.yaml.constructor import SafeConstructor
from test_validate import EXAMPLES, reported

EXAMPLE_FILES = sorted(EXAMPLES.glob("*/*.yaml"))


def test_schema_and_semantic_problems_come_in_one_run_in_line_order(tmp_path):
    profile = tmp_path / "v.yaml"
    profile.write_text(
        "vendor:\n"
        "  name: V\n"
        "  colour: red\n"  # schema: unknown key
        "assessment:\n"
        "  checklist: healthcare-analytics\n"
        '  as_of: "2026-02-30"\n'  # semantic: no such day
        "baa:\n"
        "  breach_notification_days: thirty\n"  # schema: not an integer
        "evidence:\n"
        "  - path: gone.evidence.yaml\n",  # semantic: the file is missing
        encoding="utf-8",
    )
    result = run_cli("validate", profile, "--format", "text")
    assert result.exit_code == 1, result
    assert reported(result.stdout) == [
        ("unknown-key", 3, 3),
        ("date", 6, 10),
        ("schema", 8, 29),
        ("evidence-missing", 10, 11),
    ]


@pytest.mark.parametrize(("word", "meant"), [("no", "false"), ("yes", "true"), ("off", "false")])
def test_a_yaml_1_1_boolean_is_an_error_saying_what_to_write(tmp_path, word, meant):
    result = _validate_offered(tmp_path, word)
    assert result.exit_code == 1, result
    assert f"7:12: error: baa.offered: {word} is text in YAML 1.2" in result.stdout
    assert f"write {meant} [yaml-boolean]" in result.stdout


def test_yaml_1_2_booleans_are_answers(tmp_path):
    profile = tmp_path / "v.yaml"
    profile.write_text(
        "vendor:\n  name: V\nassessment:\n  checklist: healthcare-analytics\n"
        '  as_of: "2026-01-01"\nbaa:\n  offered: false\n',
        encoding="utf-8",
    )
    assert run_cli("validate", profile).exit_code == 0


@pytest.fixture(scope="module")
def exported_schema(tmp_path_factory):
    out = tmp_path_factory.mktemp("schema") / "profile.schema.json"
    assert run_cli("schema", "profile", "-o", out).exit_code == 0
    return json.loads(out.read_text(encoding="utf-8"))


def _schema_accepts(schema: dict, path: Path) -> bool:
    """What a YAML 1.2 tool says of the file, independently of vendor-eval's own loader:
    ruamel.yaml read as check-jsonschema reads it, timestamps kept as text."""

    class TimestampsAsText(SafeConstructor):  # a subclass: ruamel's tables are shared
        yaml_constructors = {
            **SafeConstructor.yaml_constructors,
            "tag:yaml.org,2002:timestamp": SafeConstructor.construct_yaml_str,
        }

    yaml = YAML(typ="safe", pure=True)
    yaml.Constructor = TimestampsAsText
    try:
        data = yaml.load(io.StringIO(path.read_text(encoding="utf-8")))
    except Exception:  # noqa: BLE001 - any YAML the tool cannot load is rejected by it
        return False
    return jsonschema.Draft202012Validator(schema).is_valid(data)


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_the_published_schema_and_validate_agree(exported_schema, path):
    result = run_cli("validate", path, "--format", "text")
    accepted_by_validate = result.exit_code == 0
    rules = {rule for rule, _, _ in reported(result.stdout)}
    # The schema cannot know the calendar, the files beside the profile or which other
    # checklists exist: those are the only rules where validate may refuse what the
    # schema lets through.
    beyond_schema = {"date", "period-order", "evidence-missing", "unknown-checklist"}
    if _schema_accepts(exported_schema, path):
        assert accepted_by_validate or rules <= beyond_schema, result.stdout
    else:
        assert not accepted_by_validate, f"the schema rejects {path.name}; validate accepts it"


def test_assess_answers_reports_every_bad_entry_where_it_is(tmp_path):
    answers = tmp_path / "answers.yaml"
    answers.write_text(
        "baa.offerd: true\nbaa:\n  scope: everything\nsoc2.period_end: 2025-02-30\n",
        encoding="utf-8",
    )
    result = run_cli("assess", tmp_path / "acme.yaml", "--vendor", "Acme", "--answers", answers)
    assert result.exit_code == 2, result
    lines = result.stderr.strip().splitlines()
    assert lines == [
        f"vendor-eval: error: {answers}:1:1: baa.offerd: not a question of checklist "
        "'healthcare-analytics'; did you mean baa.offered?",
        f"vendor-eval: error: {answers}:3:10: baa.scope: 'everything' is not an option; give "
        "the number or the value of an option (full-pipeline, phi-flagged-only, "
        "named-services-only)",
        f"vendor-eval: error: {answers}:4:18: soc2.period_end: '2025-02-30' is not a date: "
        "February 2025 has 28 days",
    ]
    assert not (tmp_path / "acme.yaml").exists()


@pytest.mark.parametrize("value", ["[yes]", "{on: 1}"], ids=["a list", "a mapping"])
def test_a_list_or_mapping_where_a_boolean_belongs_is_reported_not_a_traceback(tmp_path, value):
    result = _validate_offered(tmp_path, value)
    assert result.exit_code == 1, result
    assert "7:12: error: baa.offered:" in result.stdout
    assert "is not boolean [schema]" in result.stdout


def _validate_offered(tmp_path, value: str):
    """`validate` on a profile whose baa.offered (line 7, column 12) is written `value`."""
    profile = tmp_path / "v.yaml"
    profile.write_text(
        "vendor:\n  name: V\nassessment:\n  checklist: healthcare-analytics\n"
        f'  as_of: "2026-01-01"\nbaa:\n  offered: {value}\n',
        encoding="utf-8",
    )
    return run_cli("validate", profile, "--format", "text")
