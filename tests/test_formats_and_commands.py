"""The checklist and profile formats, the shipped schemas, and the small commands
(schema, checklist, init)."""

from __future__ import annotations

import json
import subprocess
import sys

import jsonschema
import pytest
import yaml
from conftest import REPO, run_cli

from vendor_eval.checklist import load_checklist, profile_schema
from vendor_eval.resources import json_schema

SHIPPED_SCHEMAS = ["checklist", "evidence", "profile-base"]


@pytest.mark.parametrize("name", SHIPPED_SCHEMAS)
def test_shipped_schemas_are_valid_json_schemas(name):
    jsonschema.Draft202012Validator.check_schema(json_schema(name))


def test_builtin_checklist_covers_the_six_areas():
    checklist = load_checklist("healthcare-analytics")
    assert [s.id for s in checklist.sections] == [
        "baa",
        "soc2",
        "data_flow",
        "consent",
        "monitoring",
        "subprocessors",
    ]
    for question in checklist.questions:
        assert question.guidance, question.id
    knockouts = [q for q in checklist.questions if q.knockout]
    assert [q.field for q in knockouts] == ["baa.offered"]
    assert knockouts[0].knockout.values == (False,)


def test_builtin_checklist_file_validates_against_its_schema():
    data = yaml.safe_load((REPO / "checklists" / "healthcare-analytics.yaml").read_text())
    jsonschema.validate(data, json_schema("checklist"))


def test_committed_editor_schemas_match_what_the_tool_prints():
    profile = json.loads((REPO / "docs" / "schemas" / "profile.schema.json").read_text())
    assert profile == profile_schema(load_checklist("healthcare-analytics")), (
        "regenerate: vendor-eval schema profile -o docs/schemas/profile.schema.json --force"
    )
    checklist = json.loads((REPO / "docs" / "schemas" / "checklist.schema.json").read_text())
    assert checklist == json_schema("checklist")


def test_shipped_profiles_point_editors_at_the_schema():
    for path in sorted((REPO / "vendor_profiles").glob("*.yaml")):
        first = path.read_text().splitlines()[0]
        assert first == "# yaml-language-server: $schema=../docs/schemas/profile.schema.json"


def test_profile_schema_follows_a_custom_checklist(tmp_path):
    custom = tmp_path / "tiny.yaml"
    custom.write_text(
        "id: tiny\nname: Tiny\nversion: 1\n"
        "verdicts: [{id: ok, label: OK, min_score: 0}]\n"
        "knockout_verdict: {id: stop, label: Stop}\n"
        "sections:\n"
        "  - id: hosting\n    title: Hosting\n    weight: 1\n    questions:\n"
        "      - id: hosting.region\n        field: hosting.region\n        prompt: Where?\n"
        "        type: choice\n        weight: 1\n        guidance: Data residency.\n"
        "        options: [{value: us, label: US, points: 100},\n"
        "                  {value: eu, label: EU, points: 50}]\n"
    )
    result = run_cli("schema", "profile", "--checklist", custom)
    assert result.exit_code == 0, result
    schema = json.loads(result.stdout)
    region = schema["properties"]["hosting"]["properties"]["region"]
    assert region["enum"] == ["us", "eu", None]
    profile = tmp_path / "p.yaml"
    profile.write_text(
        f'vendor: {{name: X}}\nassessment: {{checklist: {custom}, as_of: "2026-01-01"}}\n'
        "hosting: {region: mars}\n"
    )
    result = run_cli("validate", profile, "-f", "text")
    assert result.exit_code == 1
    assert "'mars' is not one of 'us', 'eu'" in result.stdout


def test_schema_command_prints_evidence_schema():
    result = run_cli("schema", "evidence")
    assert result.exit_code == 0, result
    assert json.loads(result.stdout)["title"] == "vendor-eval evidence file"


def test_unknown_checklist_name_lists_the_builtin_ones():
    result = run_cli("checklist", "show", "nope")
    assert result.exit_code == 2
    assert "unknown checklist; built-in ones are: healthcare-analytics" in result.stderr


def test_checklist_list_and_show():
    listing = run_cli("checklist", "list")
    assert listing.exit_code == 0, listing
    assert "healthcare-analytics" in listing.stdout
    shown = run_cli("checklist", "show", "healthcare-analytics")
    assert shown.exit_code == 0, shown
    for title in (
        "Business Associate Agreement",
        "SOC 2 report",
        "Data flow",
        "Consent enforcement",
        "Continuous monitoring",
        "Subprocessors",
    ):
        assert title in shown.stdout
    assert "baa.offered" in shown.stdout


def test_init_scaffolds_a_valid_profile_and_refuses_to_overwrite(tmp_path):
    target = tmp_path / "acme.yaml"
    first = run_cli("init", 'Acme "Health" | <Analytics>', "-o", target)
    assert first.exit_code == 0, first
    assert yaml.safe_load(target.read_text())["vendor"]["name"] == 'Acme "Health" | <Analytics>'
    assert run_cli("validate", target).exit_code == 0
    before = target.read_text()
    again = run_cli("init", "Other", "-o", target)
    assert again.exit_code == 2
    assert "already exists; pass --force" in again.stderr
    assert target.read_text() == before
    forced = run_cli("init", "Other", "-o", target, "--force")
    assert forced.exit_code == 0
    assert "Other" in target.read_text()


def test_init_lines_become_valid_yaml_when_uncommented(tmp_path):
    target = tmp_path / "v.yaml"
    run_cli("init", "V", "-o", target)
    text = target.read_text()
    text = text.replace("# baa:", "baa:").replace("#   offered:", "  offered: true #")
    target.write_text(text)
    assert yaml.safe_load(text)["baa"] == {"offered": True}
    assert run_cli("validate", target).exit_code == 0


def test_init_into_a_missing_folder_is_a_clear_error(tmp_path):
    result = run_cli("init", "V", "-o", tmp_path / "no" / "such" / "v.yaml")
    assert result.exit_code == 2
    assert "does not exist; create it first" in result.stderr


def _command_paths(group, prefix=()):
    for name, command in sorted(group.commands.items()):
        path = (*prefix, name)
        if hasattr(command, "commands"):
            yield from _command_paths(command, path)
        else:
            yield path


def test_every_command_has_help_and_is_in_the_readme():
    import typer

    from vendor_eval.cli import app

    readme = (REPO / "README.md").read_text()
    paths = list(_command_paths(typer.main.get_command(app)))
    assert ("validate",) in paths
    for path in paths:
        result = run_cli(*path, "--help")
        assert result.exit_code == 0, result
        assert "Usage:" in result.stdout
        assert f"vendor-eval {' '.join(path)}" in readme, f"README does not document {path}"


def test_ci_runs_the_test_command_the_readme_gives():
    readme = (REPO / "README.md").read_text()
    ci = (REPO / ".ci" / "run").read_text()
    commands = [line for line in readme.splitlines() if line.startswith("python3 -m venv")]
    assert len(commands) == 2, "the README gives exactly two set-up commands"
    assert commands[1] in ci
    checks = [line for line in readme.splitlines() if "ruff check" in line]
    assert len(checks) == 1 and checks[0] in ci, "CI runs the checks the README gives"


def test_installed_command_finds_the_builtin_checklist_outside_the_repo(tmp_path):
    completed = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from vendor_eval.cli import main;"
            " sys.argv = ['vendor-eval', 'checklist', 'list']; main()",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert completed.returncode == 0, completed.stderr
    assert "healthcare-analytics" in completed.stdout
