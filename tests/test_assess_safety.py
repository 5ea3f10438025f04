"""`vendor-eval assess` never loses or misplaces an answer: a symlinked profile is
written through to its target, line endings are kept, a second session cannot
silently drop the first one's answers, and an answer that would make the profile
invalid is refused when it is given."""

from __future__ import annotations

from pathlib import Path

from conftest import REPO, run_cli

from vendor_eval import yamlio

SEGMENT = REPO / "vendor_profiles" / "segment.yaml"


def answers_file(folder: Path, text: str) -> Path:
    path = folder / "answers.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_symlinked_profile_gets_the_answer_in_its_target_and_stays_a_link(tmp_path):
    real_folder = tmp_path / "real"
    real_folder.mkdir()
    real = real_folder / "acme.yaml"
    real.write_text(SEGMENT.read_text(encoding="utf-8"), encoding="utf-8")
    link = tmp_path / "acme.yaml"
    link.symlink_to(real)
    answers = answers_file(tmp_path, "baa.scope: full-pipeline\n")
    result = run_cli("assess", link, "--answers", answers)
    assert result.exit_code == 0, result
    assert link.is_symlink()
    assert yamlio.load_file(real).data["baa"]["scope"] == "full-pipeline"
    assert sorted(p.name for p in real_folder.iterdir()) == ["acme.yaml"]


def test_a_crlf_profile_keeps_crlf_line_endings(tmp_path):
    profile = tmp_path / "acme.yaml"
    original = SEGMENT.read_text(encoding="utf-8").replace("\n", "\r\n")
    profile.write_bytes(original.encode("utf-8"))
    answers = answers_file(tmp_path, "baa.scope: full-pipeline\n")
    result = run_cli("assess", profile, "--answers", answers)
    assert result.exit_code == 0, result
    written = profile.read_bytes().decode("utf-8")
    assert written.count("\n") == written.count("\r\n") > original.count("\r\n")
    assert "\r\r" not in written
    assert yamlio.load_file(profile).data["baa"]["scope"] == "full-pipeline"
    for line in original.splitlines(keepends=True):
        assert line in written


# --- two sessions, or a session and an editor, on one profile -------------------------

import os  # noqa: E402 - kept with the tests that drive a real terminal
import sys  # noqa: E402

import pexpect  # noqa: E402

ENV = {**os.environ, "NO_COLOR": "1", "TERM": "dumb", "COLUMNS": "200"}


def spawn_assess(profile: Path) -> pexpect.spawn:
    return pexpect.spawn(
        sys.executable,
        ["-m", "vendor_eval", "assess", str(profile)],
        cwd=str(profile.parent),
        env=ENV,
        encoding="utf-8",
        timeout=15,
        dimensions=(40, 200),
    )


def started_profile(folder: Path) -> Path:
    profile = folder / "acme.yaml"
    answers = answers_file(folder, "baa.offered: yes\n")
    result = run_cli("assess", profile, "--vendor", "Acme", "--answers", answers)
    assert result.exit_code == 0, result
    return profile


def test_a_second_session_on_the_same_profile_is_refused_while_the_first_runs(tmp_path):
    profile = started_profile(tmp_path)
    first = spawn_assess(profile)
    first.expect(r"> $")
    before = profile.read_text(encoding="utf-8")
    answers = answers_file(tmp_path, "baa.scope: full-pipeline\n")
    second = run_cli("assess", profile, "--answers", answers)
    assert second.exit_code == 2, second
    assert "another" in second.stderr and str(os.getpid()) not in second.stderr
    assert f"pid {first.pid}" in second.stderr
    assert profile.read_text(encoding="utf-8") == before
    first.sendline("1")  # the first session's answer is saved...
    first.expect(r"> $")
    first.sendline("q")
    first.expect(pexpect.EOF)
    first.close()
    again = run_cli("assess", profile, "--answers", answers)  # ...and the lock is gone
    assert again.exit_code == 0, again
    data = yamlio.load_file(profile).data
    assert data["baa"]["scope"] == "full-pipeline"
    assert len(data["baa"]) >= 3  # offered, the first session's answer, scope


def test_a_change_made_on_disk_during_a_session_is_not_overwritten_and_both_are_kept(
    tmp_path,
):
    profile = started_profile(tmp_path)
    session = spawn_assess(profile)
    session.expect(r"> $")
    theirs = profile.read_text(encoding="utf-8").replace("name: Acme", "name: Acme Corp")
    profile.write_text(theirs, encoding="utf-8")  # an editor saves meanwhile
    session.sendline("1")
    session.expect(pexpect.EOF)
    session.close()
    output = session.before
    assert session.exitstatus == 2, output
    assert "changed" in output
    assert profile.read_text(encoding="utf-8") == theirs
    kept = [p for p in tmp_path.iterdir() if p.name.startswith("acme.yaml.") and "mine" in p.name]
    assert len(kept) == 1, sorted(p.name for p in tmp_path.iterdir())
    assert kept[0].name in output
    mine = yamlio.load_file(kept[0]).data
    assert mine["vendor"]["name"] == "Acme"
    assert len(mine["baa"]) == 2  # offered, and the answer just given


# --- answers checked against each other as they are given -----------------------------

BEFORE_PERIOD_END = {
    "baa": {
        "offered": True,
        "available_on": "all-plans",
        "scope": "full-pipeline",
        "carve_outs": [],
        "breach_notification_days": 10,
        "subcontractor_flowdown": True,
    },
    "soc2": {
        "type": "type2",
        "trust_criteria": ["security", "confidentiality", "privacy"],
        "period_start": "2026-06-01",
    },
}


def test_an_answers_file_with_a_period_ending_before_it_starts_writes_nothing(tmp_path):
    profile = tmp_path / "acme.yaml"
    answers = answers_file(tmp_path, "soc2.period_start: 2026-06-01\nsoc2.period_end: 2026-01-01\n")
    result = run_cli("assess", profile, "--vendor", "Acme", "--answers", answers)
    assert result.exit_code == 2, result
    assert "soc2.period_end (2026-01-01) is before soc2.period_start (2026-06-01)" in (
        result.stderr
    )
    assert not profile.exists()


def test_an_interactive_answer_that_breaks_a_cross_field_rule_is_asked_again(tmp_path):
    profile = tmp_path / "acme.yaml"
    answers = answers_file(tmp_path, yamlio.dump_yaml(BEFORE_PERIOD_END))
    assert run_cli("assess", profile, "--vendor", "Acme", "--answers", answers).exit_code == 0
    session = spawn_assess(profile)
    session.expect("When did the examination period end")
    session.expect(r"> $")
    session.sendline("2026-01-01")
    session.expect(r"is before soc2.period_start \(2026-06-01\)")
    session.expect(r"> $")
    assert "period_end" not in yamlio.load_file(profile).data["soc2"]
    session.sendline("2026-12-31")
    session.expect(r"> $")
    session.sendline("q")
    session.expect(pexpect.EOF)
    session.close()
    assert session.exitstatus == 0
    assert yamlio.load_file(profile).data["soc2"]["period_end"] == "2026-12-31"
    assert run_cli("validate", profile).exit_code == 0
