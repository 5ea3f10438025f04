"""Text from files and file names is shown, never obeyed: control characters in a path
are escaped in every format, bidi controls never reach the screen or a document, and
`:x:` stays `:x:`."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import REPO, run_cli

from vendor_eval.console import one_line, printable, strip_control

MINIMAL = (
    'vendor:\n  name: V\nassessment:\n  checklist: healthcare-analytics\n  as_of: "2026-01-01"\n'
)
INVALID = MINIMAL + "baa:\n  offered: perhaps\n"
RLO = "\u202e"
BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
ESCAPE_NAME = "clear\x1b[2J\x1b]0;pwned\x07.yaml"
FORGED_NAME = "a.yaml:1:1: error: forged [x]\nb.yaml"
PROBLEM_LINE = re.compile(r"^.+:\d+:\d+: error: .+ \[[a-z0-9-]+\]$")


@pytest.fixture
def hostile_folder(tmp_path: Path) -> Path:
    (tmp_path / ESCAPE_NAME).write_text(INVALID)
    (tmp_path / FORGED_NAME).write_text(INVALID)
    (tmp_path / f"in{RLO}lmy.yaml").write_text(INVALID)
    return tmp_path


def test_text_format_escapes_control_characters_in_paths(hostile_folder):
    result = run_cli("validate", hostile_folder, "-f", "text")
    assert result.exit_code == 1, result
    lines = result.stdout.splitlines()
    assert len(lines) == 3, result  # a newline in a name cannot forge a line
    assert all(PROBLEM_LINE.match(line) for line in lines)
    assert not re.search(r"[\x00-\x1f\x7f-\x9f]", result.stdout.replace("\n", ""))
    assert RLO not in result.stdout
    assert any("clear\\x1b[2J\\x1b]0;pwned\\x07.yaml:" in line for line in lines)
    assert any("\\u202e" in line for line in lines)


def test_github_annotations_carry_no_escape_bytes(hostile_folder):
    result = run_cli("validate", hostile_folder, "-f", "github")
    assert result.exit_code == 1, result
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert RLO not in result.stdout
    assert len(result.stdout.splitlines()) == 3


@pytest.mark.parametrize("fmt", ["json", "sarif"])
def test_json_and_sarif_keep_the_real_name_as_escapes(hostile_folder, fmt):
    result = run_cli("validate", hostile_folder, "-f", fmt)
    assert result.exit_code == 1, result
    assert not re.search(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]", result.stdout)
    assert not any(ch in result.stdout for ch in BIDI)
    data = json.loads(result.stdout)
    text = json.dumps(data, ensure_ascii=False)
    assert ESCAPE_NAME in text or json.dumps(ESCAPE_NAME)[1:-1] in text
    assert RLO in text  # the data is exact; only its bytes are escaped


def test_an_error_naming_a_path_shows_its_control_characters_escaped(tmp_path):
    result = run_cli("score", tmp_path / ESCAPE_NAME)
    assert result.exit_code == 2, result
    assert "\x1b" not in result.stderr
    assert "clear\\x1b[2J" in result.stderr


def test_rich_emoji_codes_are_left_as_typed(tmp_path):
    result = run_cli("score", tmp_path / ":x:.yaml")
    assert result.exit_code == 2, result
    assert ":x:.yaml" in result.stderr and "\u274c" not in result.stderr
    profile = tmp_path / "emoji.yaml"
    profile.write_text(
        (REPO / "vendor_profiles" / "mixpanel.yaml")
        .read_text()
        .replace("name: Mixpanel", 'name: ":thumbs_up: Mixpanel"', 1)
    )
    result = run_cli("score", profile)
    assert "\U0001f44d" not in result.stdout
    assert ":thumbs_up:" in result.stdout


def spoofed_profile(folder: Path) -> Path:
    text = (REPO / "vendor_profiles" / "mixpanel.yaml").read_text()
    assert "name: Mixpanel" in text
    path = folder / "spoof.yaml"
    path.write_text(text.replace("name: Mixpanel", f'name: "Mix{BIDI}panel"', 1))
    return path


@pytest.mark.parametrize(
    "args",
    [
        ("score",),
        ("score", "-f", "json"),
        ("report", "-f", "markdown"),
        ("report", "-f", "html"),
        ("report", "-f", "json"),
        ("compare", "-f", "table"),
        ("compare", "-f", "markdown"),
    ],
    ids=" ".join,
)
def test_bidi_controls_never_reach_the_output(tmp_path, args):
    profile = spoofed_profile(tmp_path)
    command, *rest = args
    extra = [REPO / "vendor_profiles" / "segment.yaml"] if command == "compare" else []
    result = run_cli(command, profile, *extra, *rest)
    assert result.exit_code in (0, 1), result
    assert "Mix" in result.stdout
    assert not any(ch in result.stdout + result.stderr for ch in BIDI)


def test_the_text_helpers_drop_bidi_controls_and_escape_paths():
    assert strip_control(f"ab{RLO}cd") == "abcd"
    assert one_line("a\u2066b\n c") == "ab c"
    assert printable("x\x1by\nz\u202e.yaml") == "x\\x1by\\nz\\u202e.yaml"
    assert printable("plain/path.yaml") == "plain/path.yaml"
