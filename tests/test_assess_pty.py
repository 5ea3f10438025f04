"""`vendor-eval assess` driven in a real pseudo-terminal, plus its non-interactive paths.

Each answer must be on disk the moment it is given: these tests interrupt and kill the
real program between answers and read the file it left behind.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path

import pexpect
import pytest
from conftest import REPO, run_cli

from vendor_eval import yamlio
from vendor_eval.profiles import ChecklistCache, check_profile

PROMPT = r"> $"
ENV = {**os.environ, "NO_COLOR": "1", "TERM": "dumb", "COLUMNS": "200"}


def spawn(*args: str | Path, cwd: Path) -> pexpect.spawn:
    return pexpect.spawn(
        sys.executable,
        ["-m", "vendor_eval", "assess", *map(str, args)],
        cwd=str(cwd),
        env=ENV,
        encoding="utf-8",
        timeout=10,
        dimensions=(40, 200),
    )


def answer(child: pexpect.spawn, *replies: str) -> None:
    for reply in replies:
        child.expect(PROMPT)
        child.sendline(reply)


def give_domains(child: pexpect.spawn, reply: str = "") -> None:
    """A new profile for a vendor the tracker catalogue does not know asks its domains."""
    child.expect("The vendor's domains, e.g. acme.com")
    child.sendline(reply)


def ctrl_c_while_waiting_for_a_reply(child: pexpect.spawn, prompt: str) -> None:
    """Ctrl-C once the program is blocked reading the reply to `prompt`. Seeing the prompt
    is not enough: a SIGINT that lands after the prompt is written but before read() is
    entered is acted on by CPython only when that read returns, that is after the next
    Enter, so on a loaded machine the program could sit at the prompt until the test timed
    out. Where /proc shows the process state, wait for it to be asleep (S) in that read."""
    child.expect(prompt)
    stat = Path(f"/proc/{child.pid}/stat")
    deadline = time.monotonic() + child.timeout
    while stat.exists() and stat.read_text().rsplit(")", 1)[1].split()[0] != "S":
        assert time.monotonic() < deadline, "the program never waited for the reply"
        time.sleep(0.01)
    child.sendintr()


def valid_answers(path: Path) -> dict:
    check = check_profile(path, ChecklistCache())
    assert check.success, check.problems
    return check.profile.data


def test_ctrl_c_keeps_the_answers_given_and_resume_starts_at_the_next_question(tmp_path):
    child = spawn("acme.yaml", "--vendor", "Acme Analytics", cwd=tmp_path)
    give_domains(child, "https://acme-analytics.example/")
    child.expect("is a URL, not a domain")
    give_domains(child, "acme-analytics.example, acme-cdn.example")
    child.expect("Will the vendor sign")
    answer(child, "y", "9")  # 9 is not one of the three plan options...
    child.expect(r"9 is not an option number \(1-3\); try again")
    answer(child, "2")  # ...so the same question is asked again
    child.expect("What does the BAA cover")
    answer(child, "1")
    child.expect("Which categories of data does the BAA exclude")
    ctrl_c_while_waiting_for_a_reply(child, r"comma-separated numbers or values, or none> $")
    child.expect("Resume with: vendor-eval assess acme.yaml")
    child.expect(pexpect.EOF)

    data = valid_answers(tmp_path / "acme.yaml")
    assert data["vendor"] == {
        "name": "Acme Analytics",
        "domains": ["acme-analytics.example", "acme-cdn.example"],
    }
    assert data["baa"] == {"offered": True, "available_on": "paid-plans", "scope": "full-pipeline"}

    child = spawn("acme.yaml", cwd=tmp_path)
    child.expect("Resuming acme.yaml")
    # rich wraps at 80 columns on a dumb terminal: any space may be a line break.
    child.expect(r"question\s+(\d+)\s+of\s+(\d+)\s+\((\d+)\s+of\s+\d+\s+answered")
    assert child.match.groups() == ("4", "6", "3")
    child.expect("Which categories of data does the BAA exclude")
    answer(child, "q")
    child.expect(pexpect.EOF)


def test_back_and_skip_then_review_shows_saved_answers(tmp_path):
    child = spawn("acme.yaml", "--vendor", "Acme", cwd=tmp_path)
    give_domains(child)
    answer(child, "n")
    child.expect("Knockout: The vendor does not sign a BAA")
    answer(child, "s", "b")
    child.expect("On which plans is the BAA available")
    answer(child, "3", "q")
    child.expect(pexpect.EOF)
    assert valid_answers(tmp_path / "acme.yaml")["baa"] == {
        "offered": False,
        "available_on": "enterprise-only",
    }

    child = spawn("acme.yaml", "--review", cwd=tmp_path)
    child.expect("Will the vendor sign")
    child.expect(r"Saved answer: No")
    answer(child, "")  # Enter keeps the saved answer
    child.expect(r"\[Enterprise plan only\]> $")
    child.sendline("q")
    child.expect(pexpect.EOF)
    assert valid_answers(tmp_path / "acme.yaml")["baa"]["offered"] is False


def test_comments_in_a_hand_written_profile_survive_byte_for_byte(tmp_path):
    original = (REPO / "vendor_profiles" / "mixpanel.yaml").read_text(encoding="utf-8")
    path = tmp_path / "mixpanel.yaml"
    path.write_text(original, encoding="utf-8")
    child = spawn(path.name, cwd=tmp_path)
    child.expect("What does the BAA cover")  # offered and available_on are answered
    answer(child, "phi-flagged-only", "q")
    child.expect(pexpect.EOF)
    updated = path.read_text(encoding="utf-8").splitlines(keepends=True)
    assert "  scope: phi-flagged-only\n" in updated
    updated.remove("  scope: phi-flagged-only\n")
    assert "".join(updated) == original


def test_sigkill_between_answers_leaves_the_old_or_the_new_file(tmp_path):
    path = tmp_path / "acme.yaml"
    replies = ["y", "1", "1", "none", "10", "y"]
    for given in range(1, len(replies)):
        path.unlink(missing_ok=True)
        child = spawn(path.name, "--vendor", "Acme", cwd=tmp_path)
        give_domains(child)
        answer(child, *replies[:given])
        # No wait for the save: the kill lands while the last answer may be being written.
        child.kill(signal.SIGKILL)
        child.expect(pexpect.EOF)
        child.close()
        data = valid_answers(path)
        saved = len(data.get("baa") or {})
        assert saved in (given - 1, given), data


def evidence_file(folder: Path) -> Path:
    path = folder / "acme.baa.evidence.yaml"
    path.write_text(
        yamlio.dump_yaml(
            {
                "kind": "baa",
                "document": {"path": "acme-baa.pdf", "sha256": "a" * 64, "pages": 6},
                "facts": {
                    "is_baa": {
                        "value": True,
                        "citations": [
                            {"page": 1, "quote": "This [bold]Business Associate\x1b[2J Agreement"}
                        ],
                    },
                    "breach_notification_days": {
                        "value": 10,
                        "citations": [{"page": 4, "quote": "within ten (10) days"}],
                    },
                },
                "warnings": [],
            }
        ),
        encoding="utf-8",
    )
    return path


def test_evidence_is_offered_as_the_default_and_linked(tmp_path):
    evidence = evidence_file(tmp_path)
    child = spawn("acme.yaml", "--vendor", "Acme", "--evidence", evidence.name, cwd=tmp_path)
    give_domains(child)
    child.expect(r"Evidence \(acme-baa.pdf\): Yes")
    # Vendor text is shown literally, without the escape sequence it carried.
    child.expect(r'page 1: "This \[bold\]Business Associate Agreement"')
    child.expect(r"\[Yes\]> $")
    child.sendline("")
    answer(child, "s", "s", "s")
    child.expect(r"page 4: \"within ten \(10\) days\"")
    answer(child, "", "q")
    child.expect(pexpect.EOF)
    data = valid_answers(tmp_path / "acme.yaml")
    assert data["baa"] == {"offered": True, "breach_notification_days": 10}
    assert data["evidence"] == [{"path": evidence.name, "kind": "baa", "document_sha256": "a" * 64}]


def test_finishing_shows_the_score_and_the_report_command(tmp_path):
    answers = tmp_path / "answers.yaml"
    fields = {
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
            "period_start": "2026-01-01",
            "period_end": "2026-09-30",
            "opinion": "unqualified",
            "exceptions": 0,
            "subservice_method": "inclusive",
            "subservice_organizations": "Amazon Web Services",
        },
        "data_flow": {
            "collection": "server-side",
            "first_party": True,
            "phi_in_payloads": "prevented",
        },
        "consent": {"enforcement": "server-side"},
        "monitoring": {"scanning": "continuous", "detects": ["scripts", "cookies"]},
        "subprocessors": {"published_list": True, "processing": "own-infrastructure"},
    }
    answers.write_text(yamlio.dump_yaml(fields), encoding="utf-8")
    result = run_cli("assess", tmp_path / "acme.yaml", "--vendor", "Acme", "--answers", answers)
    assert result.exit_code == 0, result

    child = spawn("acme.yaml", cwd=tmp_path)
    child.expect("Does monitoring flag tags from vendors")
    answer(child, "y")
    child.expect("Are all subprocessors that may see PHI bound")
    answer(child, "y")
    child.expect(r"Acme: (\d+)/100")
    assert int(child.match.group(1)) > 0
    child.expect(r"vendor-eval report acme.yaml --format html -o acme.html")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def test_without_a_terminal_it_points_to_validate_and_score(tmp_path):
    result = run_cli("assess", tmp_path / "acme.yaml", "--vendor", "Acme")
    assert result.exit_code == 2, result
    assert "vendor-eval validate" in result.stderr and "vendor-eval score" in result.stderr
    assert not (tmp_path / "acme.yaml").exists()


def test_answers_file_fills_the_profile_through_the_same_checks(tmp_path):
    answers = tmp_path / "answers.yaml"
    answers.write_text("baa.offered: yes\nbaa:\n  carve_outs: 'marketing-data, 1'\n")
    result = run_cli("assess", tmp_path / "acme.yaml", "--vendor", "Acme", "--answers", answers)
    assert result.exit_code == 0, result
    assert valid_answers(tmp_path / "acme.yaml")["baa"] == {
        "offered": True,
        "carve_outs": ["analytics-data", "marketing-data"],
    }


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("baa.offered: maybe\n", "baa.offered: 'maybe' is not an option"),
        ("soc2.period_end: 2025-02-30\n", "soc2.period_end: '2025-02-30' is not a date"),
        ("baa.offerd: true\n", "baa.offerd: not a question of checklist"),
        (
            "soc2.type: type2\nsoc2:\n  type: type1\n",
            "4:3: soc2.type: answered twice in this file; keep one of the two",
        ),
        # The same key twice: YAML keeps the later, which would drop the first unsaid.
        (
            "baa.offered: true\nbaa.offered: false\n",
            "3:1: baa.offered: answered twice in this file; keep one of the two",
        ),
        (
            "soc2:\n  type: type2\nsoc2:\n  opinion: qualified\n",
            "4:1: soc2: answered twice in this file; keep one of the two",
        ),
        ("- baa.offered\n", "expected a mapping of field: value"),
    ],
)
def test_a_wrong_answer_in_the_file_writes_nothing(tmp_path, content, message):
    profile = tmp_path / "acme.yaml"
    before = (REPO / "vendor_profiles" / "segment.yaml").read_text(encoding="utf-8")
    profile.write_text(before, encoding="utf-8")
    answers = tmp_path / "answers.yaml"
    answers.write_text("baa.scope: full-pipeline\n" + content if content[0] != "-" else content)
    result = run_cli("assess", profile, "--answers", answers)
    assert result.exit_code == 2, result
    assert str(answers) in result.stderr and message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert profile.read_text(encoding="utf-8") == before


def test_an_invalid_profile_is_refused_before_any_question(tmp_path):
    profile = tmp_path / "acme.yaml"
    broken = "vendor:\n  name: Acme\nassessment:\n  checklist: healthcare-analytics\n"
    profile.write_text(broken + '  as_of: "2026-01-01"\nbaa:\n  offered: perhaps\n')
    child = spawn(profile.name, cwd=tmp_path)
    child.expect(r"acme.yaml:7:12: .*perhaps")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 2
    assert "Will the vendor" not in child.before


def test_answers_fill_the_commented_lines_of_an_init_profile(tmp_path):
    path = tmp_path / "acme.yaml"
    assert run_cli("init", "Acme", "-o", path).exit_code == 0
    skeleton = path.read_text(encoding="utf-8")
    child = spawn(path.name, cwd=tmp_path)
    child.expect("Will the vendor sign")
    answer(child, "?")
    child.expect(r"type a backslash first: \\s")
    child.expect(PROMPT)
    assert "Will the vendor sign" not in child.before  # help does not repeat the question
    child.sendline("y")
    answer(child, "s", "1", "2, analytics-data")
    answer(child, *["s"] * 9)
    child.expect("Which subservice organisations does the report name")
    answer(child, "\\s")  # a text answer that is exactly "s"
    child.expect("How does data reach the vendor")
    answer(child, "q")
    child.expect(r"4 of 24 questions answered, saved in acme.yaml")
    child.expect(pexpect.EOF)

    expected = skeleton.replace("\n# baa:\n", "\nbaa:\n").replace("\n# soc2:\n", "\nsoc2:\n")
    for leaf, value in [
        ("offered", "true"),
        ("scope", "full-pipeline"),
        ("carve_outs", "[analytics-data, marketing-data]"),
        ("subservice_organizations", "s"),
    ]:
        assert expected.count(f"#   {leaf}:  #") == 1
        expected = expected.replace(f"#   {leaf}:  #", f"  {leaf}: {value}  #")
    assert path.read_text(encoding="utf-8") == expected
    assert valid_answers(path)["soc2"] == {"subservice_organizations": "s"}
    assert run_cli("validate", path).exit_code == 0
    assert run_cli("score", path).exit_code == 0


def test_temp_files_left_by_a_killed_save_are_removed_on_the_next_run(tmp_path):
    path = tmp_path / "acme.yaml"
    assert run_cli("init", "Acme", "-o", path).exit_code == 0
    stale = tmp_path / ".acme.yaml.k3x_9q2a.tmp"
    in_use = tmp_path / ".acme.yaml.zz99yy88.tmp"  # written after this run started
    not_ours = [tmp_path / ".acme.yaml.keep.tmp", tmp_path / ".other.yaml.k3x_9q2a.tmp"]
    for leftover in (stale, in_use, *not_ours):
        leftover.write_text("half-written", encoding="utf-8")
    an_hour_ago = os.stat(path).st_mtime - 3600
    for old in (stale, *not_ours):
        os.utime(old, (an_hour_ago, an_hour_ago))
    later = an_hour_ago + 7200
    os.utime(in_use, (later, later))
    answers = tmp_path / "answers.yaml"
    answers.write_text("baa.offered: true\n", encoding="utf-8")

    result = run_cli("assess", path, "--answers", answers)
    assert result.exit_code == 0, result
    assert f"Removed {stale}, left behind by a save that was interrupted" in result.stderr
    assert result.stderr.count("Removed ") == 1
    assert not stale.exists()
    assert in_use.exists() and all(p.exists() for p in not_ours)
    assert valid_answers(path)["baa"] == {"offered": True}
