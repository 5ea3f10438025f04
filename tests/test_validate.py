"""`vendor-eval validate`: example folders of valid and invalid profiles, every kind of bad
input, and each output format."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from conftest import REPO, run_cli

EXAMPLES = Path(__file__).parent / "examples"
VALID = sorted((EXAMPLES / "valid").glob("*.yaml"))
INVALID = sorted((EXAMPLES / "invalid").glob("*.yaml"))
PROBLEM_LINE = re.compile(
    r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): error: (?P<msg>.+) \[(?P<rule>[a-z0-9-]+)\]$"
)

MINIMAL = (
    'vendor:\n  name: V\nassessment:\n  checklist: healthcare-analytics\n  as_of: "2026-01-01"\n'
)


def expected_problems(path: Path) -> list[tuple[str, int, int]]:
    header = path.read_text(encoding="utf-8").splitlines()[0]
    match = re.match(r"# expect: (?P<rule>[a-z0-9-]+) (?P<line>\d+):(?P<col>\d+)$", header)
    assert match, f"{path.name} needs an '# expect: RULE LINE:COL' first line"
    return [(match["rule"], int(match["line"]), int(match["col"]))]


def reported(stdout: str) -> list[tuple[str, int, int]]:
    found = []
    for line in stdout.splitlines():
        match = PROBLEM_LINE.match(line)
        assert match, f"not a path:line:col line: {line!r}"
        found.append((match["rule"], int(match["line"]), int(match["col"])))
    return found


def test_shipped_profiles_are_valid():
    result = run_cli("validate", REPO / "vendor_profiles")
    assert result.exit_code == 0, result
    assert result.stdout == ""
    assert "all valid" in result.stderr


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.name)
def test_valid_examples_pass(path):
    result = run_cli("validate", path, "--format", "text")
    assert result.exit_code == 0, result


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.name)
def test_invalid_examples_fail_at_the_expected_line(path):
    result = run_cli("validate", path, "--format", "text")
    assert result.exit_code == 1, result
    assert reported(result.stdout) == expected_problems(path)
    assert "Traceback" not in result.stdout + result.stderr


def test_wrong_enum_names_the_value_and_the_options():
    result = run_cli("validate", EXAMPLES / "invalid" / "wrong-enum.yaml", "-f", "text")
    assert "'type3' is not one of 'type2', 'type1', 'none'" in result.stdout


def test_unknown_key_suggests_the_closest_name():
    result = run_cli("validate", EXAMPLES / "invalid" / "unknown-key-typo.yaml", "-f", "text")
    assert "did you mean 'type'?" in result.stdout


def test_a_folder_is_searched_recursively_and_one_bad_file_does_not_stop_the_rest(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "good.yml").write_text(MINIMAL)
    (tmp_path / "bad.yaml").write_text("vendor: [\n")
    (tmp_path / "z.yaml").write_text(MINIMAL)
    (tmp_path / "notes.txt").write_text("not yaml, not looked at")
    result = run_cli("validate", tmp_path, "-f", "json")
    assert result.exit_code == 1, result
    report = json.loads(result.stdout)
    assert report["files"] == 3
    assert report["invalid_files"] == [str(tmp_path / "bad.yaml")]
    assert "1 problem in 1 of 3 files" in result.stderr


def test_directory_without_yaml_is_a_usage_error(tmp_path):
    (tmp_path / "readme.txt").write_text("nothing here")
    result = run_cli("validate", tmp_path)
    assert result.exit_code == 2, result
    assert "no .yaml or .yml files" in result.stdout


def test_missing_path_is_a_usage_error(tmp_path):
    result = run_cli("validate", tmp_path / "nope.yaml")
    assert result.exit_code == 2, result
    assert "no such file or folder" in result.stdout


def test_symlink_loop_is_reported_not_followed_forever(tmp_path):
    loop = tmp_path / "loop.yaml"
    loop.symlink_to(loop)
    folder = tmp_path / "dir"
    folder.mkdir()
    (folder / "self").symlink_to(folder)
    (folder / "ok.yaml").write_text(MINIMAL)
    result = run_cli("validate", loop, folder, "-f", "text")
    assert result.exit_code == 2, result
    assert f"{loop}:1:1: error: broken symlink (or a symlink loop) [missing]" in result.stdout
    assert f"{folder / 'self'}:1:1: error: symlink loop" in result.stdout
    assert "1 file checked" in result.stderr  # the folder's one real file, once


def test_non_utf8_bytes_point_at_the_byte(tmp_path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes(MINIMAL.replace("name: V", "name: Caf\xe9").encode("latin-1"))
    result = run_cli("validate", path, "-f", "text")
    assert result.exit_code == 1, result
    assert reported(result.stdout) == [("encoding", 2, 12)]
    assert "save the file as UTF-8" in result.stdout


def test_alias_bomb_is_refused_quickly(tmp_path):
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, 9):
        prev, name = chr(96 + level), chr(97 + level)
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(lines) + "\n")
    result = run_cli("validate", path, "-f", "text")
    assert result.exit_code == 1, result
    assert reported(result.stdout)[0][0] == "yaml-size"


def test_ten_thousand_deep_nesting_is_refused(tmp_path):
    path = tmp_path / "deep.yaml"
    path.write_text("vendor: " + "[" * 10_000 + "]" * 10_000 + "\n")
    result = run_cli("validate", path, "-f", "text")
    assert result.exit_code == 1, result
    rule = reported(result.stdout)[0][0]
    assert rule in ("yaml-syntax", "yaml-depth")
    assert "nesting" in result.stdout


def test_fifty_megabyte_file_is_refused_without_reading_it(tmp_path):
    path = tmp_path / "huge.yaml"
    with open(path, "wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    result = run_cli("validate", path, "-f", "text")
    assert result.exit_code == 1, result
    assert "50.0 MB, over the 2 MB limit" in result.stdout


def test_checklist_with_colliding_fields_is_reported_in_the_checklist(tmp_path):
    source = (REPO / "checklists" / "healthcare-analytics.yaml").read_text()
    broken = source.replace("field: baa.available_on", "field: baa.offered.plans")
    checklist = tmp_path / "broken.yaml"
    checklist.write_text(broken)
    profile = tmp_path / "p.yaml"
    profile.write_text(MINIMAL)
    result = run_cli("validate", profile, "--checklist", checklist, "-f", "text")
    assert result.exit_code == 1, result
    problems = reported(result.stdout)
    assert problems and all(rule == "field-collision" for rule, _, _ in problems)
    line = broken.splitlines().index("        field: baa.offered.plans") + 1
    assert problems[0][1] == line
    assert "collides with 'baa.offered'" in result.stdout


def test_profile_naming_a_broken_checklist_file_reports_both(tmp_path):
    (tmp_path / "mine.yaml").write_text("id: mine\nname: Mine\n")
    profile = tmp_path / "vendor.yml"
    profile.write_text(MINIMAL.replace("healthcare-analytics", "mine.yaml"))
    result = run_cli("validate", profile, "-f", "json")
    assert result.exit_code == 1, result
    rules = {(Path(p["path"]).name, p["rule"]) for p in json.loads(result.stdout)["problems"]}
    assert ("vendor.yml", "invalid-checklist") in rules
    assert ("mine.yaml", "checklist-schema") in rules


def test_github_format_writes_workflow_annotations():
    path = EXAMPLES / "invalid" / "wrong-enum.yaml"
    result = run_cli("validate", path, "--format", "github")
    assert result.exit_code == 1, result
    assert result.stdout.startswith(f"::error file={path},line=10,col=9,title=enum::soc2.type: ")


def test_auto_format_follows_github_actions(monkeypatch):
    path = EXAMPLES / "invalid" / "wrong-enum.yaml"
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    assert run_cli("validate", path).stdout.startswith("::error ")
    monkeypatch.delenv("GITHUB_ACTIONS")
    assert run_cli("validate", path).stdout.startswith(f"{path}:10:9: error: ")


def test_sarif_output_is_valid_sarif_shape():
    result = run_cli("validate", *INVALID[:3], "--format", "sarif")
    log = json.loads(result.stdout)
    assert log["version"] == "2.1.0"
    run = log["runs"][0]
    rule_ids = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
    assert len(run["results"]) == 3
    for item in run["results"]:
        assert rule_ids[item["ruleIndex"]] == item["ruleId"]
        region = item["locations"][0]["physicalLocation"]["region"]
        assert region["startLine"] >= 1 and region["startColumn"] >= 1


def test_messages_never_carry_terminal_control_codes(tmp_path):
    path = tmp_path / "ansi.yaml"
    path.write_text(MINIMAL + 'soc2:\n  type: "\\e[31mred\\e[0m"\n')
    result = run_cli("validate", path, "-f", "text")
    assert result.exit_code == 1, result
    assert "\x1b" not in result.stdout


def test_output_file_is_written_atomically(tmp_path):
    out = tmp_path / "report.json"
    result = run_cli("validate", EXAMPLES / "valid", "-f", "json", "-o", out)
    assert result.exit_code == 0, result
    assert json.loads(out.read_text())["valid"] is True
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]


def test_evidence_link_checks_document_hash(tmp_path):
    document = tmp_path / "soc2.pdf"
    document.write_bytes(b"%PDF-1.4 pretend")
    import hashlib

    evidence = {
        "kind": "soc2",
        "document": {
            "path": "soc2.pdf",
            "sha256": hashlib.sha256(b"other").hexdigest(),
            "pages": 1,
        },
        "facts": {},
        "warnings": [],
    }
    (tmp_path / "v.soc2.evidence.json").write_text(json.dumps(evidence))
    profile = tmp_path / "v.yaml"
    profile.write_text(MINIMAL + "evidence:\n  - path: v.soc2.evidence.json\n    kind: baa\n")
    result = run_cli("validate", profile, "-f", "text")
    assert result.exit_code == 1, result
    rules = {rule for rule, _, _ in reported(result.stdout)}
    assert rules == {"evidence-kind", "evidence-stale"}
    assert os.path.exists(document)


def test_checklist_evidence_map_to_an_unknown_option_is_reported(tmp_path):
    source = (REPO / "checklists" / "healthcare-analytics.yaml").read_text()
    broken = source.replace(
        "limited: [named-services-only, phi-flagged-only]",
        "limited: [named-services-only, partial]",
    )
    assert broken != source
    checklist = tmp_path / "broken.yaml"
    checklist.write_text(broken)
    profile = tmp_path / "p.yaml"
    profile.write_text(MINIMAL)
    result = run_cli("validate", profile, "--checklist", checklist, "-f", "text")
    assert result.exit_code == 1, result
    assert "evidence maps to 'partial', which is not one of the options [evidence-map]" in (
        result.stdout
    )


def test_large_runs_split_over_processes_give_the_same_result(tmp_path):
    from vendor_eval.validation import PARALLEL_MIN_FILES, validate_paths

    for index in range(PARALLEL_MIN_FILES + 30):
        text = MINIMAL.replace("name: V", f"name: V{index}")
        if index % 7 == 0:
            text += "soc2:\n  type: type9\n"
        (tmp_path / f"v{index:04d}.yaml").write_text(text)
    alone = validate_paths([tmp_path], workers=1)
    split = validate_paths([tmp_path], workers=2)
    assert split.files == alone.files
    assert split.problems == alone.problems
    assert len(alone.invalid_files) == len(range(0, PARALLEL_MIN_FILES + 30, 7))


def test_jobs_option_is_checked():
    # Left unset first: an unset option skips typer's check, a given one must not.
    assert run_cli("validate", EXAMPLES / "valid").exit_code == 0
    assert run_cli("validate", EXAMPLES / "valid", "--jobs", "1").exit_code == 0
    refused = run_cli("validate", EXAMPLES / "valid", "--jobs", "0")
    assert refused.exit_code == 2
    assert "--jobs" in refused.stderr


@pytest.mark.parametrize(
    "environ",
    [{}, {"FORCE_COLOR": "1"}, {"FORCE_COLOR": ""}, {"TTY_COMPATIBLE": "1"}, {"NO_COLOR": "1"}],
)
@pytest.mark.parametrize("success", [True, False])
def test_summary_line_is_coloured_exactly_when_rich_would_colour_it(
    environ, success, monkeypatch, capsys, request
):
    """The summary is written without rich where rich would write no colour; the bytes are
    the same as rich's either way, in a terminal or not."""
    from rich.console import Console

    from vendor_eval.console import print_line, stderr

    # The console is built once per process, in the environment of the first to ask for it.
    stderr.cache_clear()
    request.addfinalizer(stderr.cache_clear)
    for name in ("FORCE_COLOR", "NO_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    style = "green" if success else "red"
    Console(stderr=True, highlight=False, emoji=False).print(
        "2 files checked", style=style, markup=False, soft_wrap=True
    )
    by_rich = capsys.readouterr().err
    print_line("2 files checked", style=style)
    assert capsys.readouterr().err == by_rich
    coloured = environ in ({"FORCE_COLOR": "1"}, {"TTY_COMPATIBLE": "1"})
    assert ("\x1b[" in by_rich) is coloured
