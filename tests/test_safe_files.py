"""Files that are not what they seem: FIFOs, devices, symlinks, loops, and outputs that
would land on an input. Each is refused with one line naming the file, and nothing hangs."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from conftest import REPO, CliResult, run_cli

MINIMAL = (
    'vendor:\n  name: V\nassessment:\n  checklist: healthcare-analytics\n  as_of: "2026-01-01"\n'
)
PROFILE = REPO / "vendor_profiles" / "mixpanel.yaml"


def run_bounded(*args: str | Path) -> CliResult:
    """vendor-eval in a child process that is killed after 20 s, for inputs that could
    make it wait forever."""
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "vendor_eval", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=20,
        stdin=subprocess.DEVNULL,
    )
    return CliResult(done.returncode, done.stdout, done.stderr)


def fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


# --- outputs: -o writes only a new path or a regular file, never over an input ---------


@pytest.mark.parametrize("command", [("schema", "evidence"), ("validate", PROFILE)])
def test_force_does_not_replace_a_fifo(tmp_path, command):
    target = fifo(tmp_path / "out.json")
    result = run_cli(*command, "-o", target, "--force")
    assert result.exit_code == 2, result
    assert "not a regular file" in result.stderr
    assert stat.S_ISFIFO(target.lstat().st_mode)


def test_force_does_not_replace_a_symlink_to_a_device(tmp_path):
    target = tmp_path / "out.json"
    target.symlink_to("/dev/null")
    result = run_cli("schema", "evidence", "-o", target, "--force")
    assert result.exit_code == 2, result
    assert "not a regular file" in result.stderr
    assert target.is_symlink() and os.readlink(target) == "/dev/null"


def test_force_does_not_follow_a_link_to_standard_output(tmp_path):
    target = tmp_path / "out.json"
    target.symlink_to("/proc/self/fd/1")
    result = run_cli("schema", "evidence", "-o", target, "--force")
    assert result.exit_code == 2, result
    assert target.is_symlink()


def test_force_writes_through_a_symlink_to_a_regular_file(tmp_path):
    real = tmp_path / "real.json"
    real.write_text("old\n")
    link = tmp_path / "link.json"
    link.symlink_to(real.name)
    result = run_cli("schema", "evidence", "-o", link, "--force")
    assert result.exit_code == 0, result
    assert link.is_symlink()
    assert real.read_text().startswith("{")


def test_validate_output_needs_force_like_every_other_command(tmp_path):
    out = tmp_path / "problems.json"
    out.write_text("keep me\n")
    result = run_cli("validate", PROFILE, "-f", "json", "-o", out)
    assert result.exit_code == 2, result
    assert "--force" in result.stderr
    assert out.read_text() == "keep me\n"
    result = run_cli("validate", PROFILE, "-f", "json", "-o", out, "--force")
    assert result.exit_code == 0, result
    assert out.read_text().startswith("{")


def test_validate_never_writes_over_the_profile_it_reads(tmp_path):
    profile = tmp_path / "prof.yaml"
    profile.write_text(MINIMAL)
    result = run_cli("validate", profile, "-o", profile, "--force")
    assert result.exit_code == 2, result
    assert "input" in result.stderr
    assert profile.read_text() == MINIMAL


def test_validate_never_writes_over_a_profile_found_in_a_folder(tmp_path):
    profile = tmp_path / "prof.yaml"
    profile.write_text(MINIMAL)
    result = run_cli("validate", tmp_path, "-o", tmp_path / "." / "prof.yaml", "--force")
    assert result.exit_code == 2, result
    assert profile.read_text() == MINIMAL


def test_report_never_writes_over_its_profile(tmp_path):
    profile = tmp_path / "prof.yaml"
    profile.write_text(PROFILE.read_text())
    link = tmp_path / "alias.md"
    link.symlink_to(profile.name)
    for target in (profile, link):
        result = run_cli("report", profile, "-o", target, "--force")
        assert result.exit_code == 2, result
        assert "input" in result.stderr
    assert profile.read_text() == PROFILE.read_text()


def test_extract_never_writes_over_its_document(tmp_path):
    document = tmp_path / "baa.txt"
    text = "This Business Associate Agreement is between Covered Entity and Vendor.\n"
    document.write_text(text)
    result = run_cli("extract", "baa", document, "-o", document, "--force")
    assert result.exit_code == 2, result
    assert document.read_text() == text


# --- inputs: FIFOs and other special files are refused at once --------------------------


@pytest.mark.parametrize(
    "command",
    [("validate",), ("score",), ("report",), ("compare",)],
)
def test_a_fifo_given_as_a_profile_is_refused_not_waited_on(tmp_path, command):
    pipe = fifo(tmp_path / "prof.yaml")
    args = [*command, pipe] + ([PROFILE] if command == ("compare",) else [])
    result = run_bounded(*args)
    assert result.exit_code == 2, result
    output = result.stdout + result.stderr
    assert str(pipe) in output and "FIFO" in output
    assert "Traceback" not in output


def test_a_fifo_given_to_assess_is_refused(tmp_path):
    pipe = fifo(tmp_path / "prof.yaml")
    result = run_bounded("assess", pipe, "--answers", PROFILE)
    assert result.exit_code == 2, result
    assert "FIFO" in result.stderr


def test_a_fifo_given_as_an_answers_file_is_refused(tmp_path):
    pipe = fifo(tmp_path / "answers.yaml")
    result = run_bounded("assess", tmp_path / "new.yaml", "--vendor", "V", "--answers", pipe)
    assert result.exit_code == 2, result
    assert "FIFO" in result.stderr
    assert not (tmp_path / "new.yaml").exists()


@pytest.mark.parametrize("kind", ["soc2", "baa", "har"])
def test_a_fifo_given_to_extract_is_refused(tmp_path, kind):
    pipe = fifo(tmp_path / "document.pdf")
    extra = ["--site", "clinic.example"] if kind == "har" else []
    result = run_bounded("extract", kind, pipe, *extra)
    assert result.exit_code == 2, result
    assert "FIFO" in result.stderr


# --- folders: every entry that is not a readable file or folder is a problem -----------


def test_special_entries_in_a_folder_are_each_reported_and_the_rest_checked(tmp_path):
    (tmp_path / "ok.yaml").write_text(MINIMAL)
    fifo(tmp_path / "pipe.yaml")
    (tmp_path / "dangling.yaml").symlink_to(tmp_path / "gone.yaml")
    (tmp_path / "self.yaml").symlink_to(tmp_path / "self.yaml")
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "up").symlink_to(tmp_path)
    result = run_bounded("validate", tmp_path, "-f", "text")
    assert result.exit_code == 2, result
    lines = result.stdout.splitlines()
    pipe_line = f"{tmp_path / 'pipe.yaml'}:1:1:"
    assert any(line.startswith(pipe_line) and "FIFO" in line for line in lines)
    assert any(line.startswith(f"{tmp_path / 'dangling.yaml'}:1:1:") for line in lines)
    assert any(line.startswith(f"{tmp_path / 'self.yaml'}:1:1:") for line in lines)
    assert any(line.startswith(f"{sub / 'up'}:1:1:") and "loop" in line for line in lines)
    assert "1 file checked" in result.stderr or "of 1 file" in result.stderr


def test_score_reports_a_broken_link_in_a_folder_and_scores_the_rest(tmp_path):
    (tmp_path / "a.yaml").write_text(PROFILE.read_text())
    (tmp_path / "b.yaml").symlink_to(tmp_path / "missing.yaml")
    result = run_cli("score", tmp_path, "-f", "json")
    assert result.exit_code == 2, result
    assert "b.yaml" in result.stderr
    assert '"vendor"' in result.stdout


@pytest.mark.parametrize("command", ["score", "compare", "due", "portfolio"])
def test_commands_over_many_profiles_never_write_over_one_of_them(tmp_path, command):
    profile = tmp_path / "prof.yaml"
    profile.write_text(PROFILE.read_text())
    result = run_cli(command, tmp_path, PROFILE, "-f", "json", "-o", profile, "--force")
    assert result.exit_code == 2, result
    assert "input" in result.stderr
    assert profile.read_text() == PROFILE.read_text()


def test_diff_never_writes_over_one_of_its_two_files(tmp_path):
    old = tmp_path / "old.yaml"
    old.write_text(PROFILE.read_text())
    result = run_cli("diff", old, PROFILE, "-o", old, "--force")
    assert result.exit_code == 2, result
    assert "input" in result.stderr
    assert old.read_text() == PROFILE.read_text()
