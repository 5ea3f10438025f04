"""Every command says where a problem is the way `validate` does: `path:line:col: message`,
the form editors and CI annotations parse, never `path: line:col:`."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_cli
from test_monitor import GA, _write_scan

GOOD = """vendor:
  name: Good
assessment:
  checklist: healthcare-analytics
  as_of: "2026-06-01"
"""
# Line 7, column 12 is the bad value, as validate reports it.
WRONG_VALUE = GOOD + "baa:\n  offered: maybe\n"
# Line 3, column 11 is where the YAML finds the list unclosed.
BROKEN_YAML = "vendor:\n  name: [Broken\nassessment: {}\n"


def _commands(bad: Path, good: Path, scan: Path) -> dict[str, list[str | Path]]:
    folder = bad.parent
    return {
        "validate": ["validate", bad],
        "score": ["score", bad],
        "report": ["report", bad],
        "compare": ["compare", bad, good],
        "due": ["due", bad],
        "portfolio": ["portfolio", folder],
        "diff": ["diff", good, bad],
        "monitor": ["monitor", scan, "--profiles", folder],
    }


@pytest.mark.parametrize(
    "command", ["validate", "score", "report", "compare", "due", "portfolio", "diff", "monitor"]
)
@pytest.mark.parametrize(
    ("content", "where"), [(WRONG_VALUE, "7:12"), (BROKEN_YAML, "3:11")], ids=["value", "yaml"]
)
def test_every_command_names_the_problem_at_path_line_col(tmp_path, command, content, where):
    folder = tmp_path / "profiles"
    folder.mkdir()
    bad = folder / "bad.yaml"
    bad.write_text(content, encoding="utf-8")
    good = folder / "good.yaml"
    good.write_text(GOOD, encoding="utf-8")
    scan = _write_scan(tmp_path / "scan.json", [GA])

    result = run_cli(*_commands(bad, good, scan)[command])

    assert result.exit_code in (1, 2), result
    lines = [line for line in (result.stdout + result.stderr).splitlines() if str(bad) in line]
    assert lines, result
    for line in lines:
        assert f"{bad}:{where}: " in line, line


def test_a_broken_checklist_is_named_at_path_line_col(tmp_path):
    checklist = tmp_path / "custom.yaml"
    checklist.write_text("id: custom\nname: Custom\nversion: one\n", encoding="utf-8")

    result = run_cli("checklist", "show", checklist)

    assert result.exit_code == 2, result
    [line] = result.stderr.splitlines()
    assert line.startswith(f"vendor-eval: error: {checklist}:1:1: "), line
