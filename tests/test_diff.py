"""`vendor-eval diff`: what changed since the last review, read from two files or from git."""

from __future__ import annotations

import json
import os
import subprocess

import pytest
from conftest import run_cli

from vendor_eval.evidence.io import dump_evidence
from vendor_eval.model import Citation, DocumentRef, Evidence, Fact

PROFILE = """vendor:
  name: Acme Analytics
assessment:
  checklist: healthcare-analytics
  as_of: "2026-06-01"
baa:
  offered: true
soc2:
  type: type2
evidence:
  - path: acme.soc2.evidence.yaml
"""

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test",
    "GIT_AUTHOR_EMAIL": "test@example.invalid",
    "GIT_COMMITTER_NAME": "Test",
    "GIT_COMMITTER_EMAIL": "test@example.invalid",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_SYSTEM": os.devnull,
}


def soc2(exceptions: int, criteria: list[str], subservice: list[str]) -> str:
    evidence = Evidence(
        kind="soc2",
        document=DocumentRef(path="acme-soc2.pdf", sha256="b" * 64, pages=70),
        facts={
            "report_type": Fact("type2", [Citation("a Type 2 report", page=1)]),
            "opinion": Fact("unqualified", [Citation("in all material respects", page=5)]),
            "exceptions": Fact(
                exceptions,
                [Citation(f"Exception {n}: access review not performed", page=40 + n)
                 for n in range(1, exceptions + 1)],
            ),
            "trust_criteria": Fact(criteria, [Citation("Security and Availability", page=2)]),
            "subservice_organizations": Fact(
                subservice, [Citation(f"{name} provides hosting", page=9) for name in subservice]
            ),
        },
    )  # fmt: skip
    return dump_evidence(evidence, "yaml")


def git(folder, *args: str) -> None:
    subprocess.run(
        ["git", *args], cwd=folder, check=True, capture_output=True, env={**os.environ, **GIT_ENV}
    )


@pytest.fixture
def repo(tmp_path):
    git(tmp_path, "init", "-q", "-b", "main")
    (tmp_path / "acme.yaml").write_text(PROFILE, "utf-8")
    (tmp_path / "acme.soc2.evidence.yaml").write_text(
        soc2(0, ["security", "availability", "confidentiality"], ["Amazon Web Services"]), "utf-8"
    )
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "last year's review")
    (tmp_path / "acme.soc2.evidence.yaml").write_text(
        soc2(1, ["security", "availability"], ["Amazon Web Services", "Snowflake"]), "utf-8"
    )
    git(tmp_path, "commit", "-q", "-am", "this year's report")
    return tmp_path


def test_since_head_1_shows_an_added_exception_and_a_removed_criterion(repo):
    result = run_cli("diff", repo / "acme.yaml", "--since", "HEAD~1", "--as-of", "2026-11-29")

    assert result.exit_code == 1, result
    out = result.stdout
    assert "Acme Analytics:" in out and "at HEAD~1" in out
    assert " ! exceptions noted: 0 → 1" in out
    assert " ! removed: trust services criteria: confidentiality" in out
    assert " ! added: subservice organisations: Snowflake" in out
    assert "p. 9: “Snowflake provides hosting”" in out
    assert out.rstrip().endswith("Something got worse (marked !).")


def test_since_head_gives_no_changes_and_exit_0(repo):
    result = run_cli("diff", repo / "acme.yaml", "--since", "HEAD", "--as-of", "2026-11-29")

    assert result.exit_code == 0, result
    assert "No changes." in result.stdout


def test_two_evidence_files_compare_directly_as_json(repo, tmp_path_factory):
    older = tmp_path_factory.mktemp("old") / "acme.soc2.evidence.yaml"
    older.write_text(soc2(2, ["security"], []), "utf-8")

    result = run_cli("diff", older, repo / "acme.soc2.evidence.yaml", "-f", "json")

    assert result.exit_code == 1, result
    data = json.loads(result.stdout)
    changes = {(c["subject"], c["change"], c["worse"]) for c in data["changes"]}
    assert ("exceptions noted", "changed", False) in changes  # 2 -> 1 is better
    assert ("trust services criteria: availability", "added", False) in changes
    assert ("subservice organisations: Amazon Web Services", "added", True) in changes
    assert data["score"] is None


def test_markdown_fits_a_pull_request_comment_and_escapes_text(repo):
    (repo / "acme.yaml").write_text(PROFILE.replace("Acme Analytics", "Acme | <b>Bold</b>"))

    result = run_cli(
        "diff", repo / "acme.yaml", "--since", "HEAD~1", "-f", "markdown", "--as-of", "2026-11-29"
    )

    assert result.exit_code == 1, result
    assert result.stdout.startswith(r"### Acme \| \<b\>Bold\</b\>: what changed")
    assert "| ⚠️ worse | removed | trust services criteria: confidentiality |" in result.stdout
    assert "<b>" not in result.stdout


def test_two_profiles_show_answers_score_and_verdict(tmp_path):
    before = tmp_path / "before.yaml"
    after = tmp_path / "after.yaml"
    before.write_text(PROFILE.split("evidence:")[0], "utf-8")
    after.write_text(PROFILE.split("evidence:")[0].replace("offered: true", "offered: false"))

    result = run_cli("diff", before, after, "--as-of", "2026-11-29", "-f", "json")

    assert result.exit_code == 1, result
    data = json.loads(result.stdout)
    assert data["verdict"]["after"] == "Stop: not fit for PHI"
    areas = {(c["area"], c["subject"]) for c in data["changes"] if c["worse"]}
    assert ("verdict", "verdict") in areas
    assert ("answer", "baa.offered") in areas
    assert any(area == "finding" for area, _ in areas)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--since", "no-such-ref"], "--since 'no-such-ref': no such commit, branch or tag"),
        (["--since", "--upload-pack=x"], "is not a git reference"),
        (["--since", "HEAD~5"], "no such commit"),
    ],
)
def test_a_bad_git_reference_is_one_line_and_exit_2(repo, arguments, message):
    result = run_cli("diff", repo / "acme.yaml", *arguments)

    assert result.exit_code == 2, result
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_file_added_after_the_reference_says_so(repo):
    (repo / "birch.yaml").write_text(PROFILE.replace("Acme Analytics", "Birch"), "utf-8")
    git(repo, "add", "birch.yaml")
    git(repo, "commit", "-q", "-m", "new vendor")

    result = run_cli("diff", repo / "birch.yaml", "--since", "HEAD~1")

    assert result.exit_code == 2
    assert "birch.yaml: did not exist at HEAD~1" in result.stderr


def test_outside_a_repository_is_a_clear_error(tmp_path):
    (tmp_path / "acme.yaml").write_text(PROFILE.split("evidence:")[0], "utf-8")

    result = run_cli("diff", tmp_path / "acme.yaml", "--since", "HEAD~1")

    assert result.exit_code == 2
    assert "is not inside a git repository" in result.stderr


def test_a_profile_and_an_evidence_file_are_not_compared(repo):
    result = run_cli("diff", repo / "acme.yaml", repo / "acme.soc2.evidence.yaml")

    assert result.exit_code == 2
    assert "one is a profile and the other an evidence file" in result.stderr


def test_one_file_without_since_asks_for_two(repo):
    result = run_cli("diff", repo / "acme.yaml")

    assert result.exit_code == 2
    assert "give two files to compare, or one with --since GITREF" in result.stderr


def test_a_file_that_does_not_exist_now_is_named(repo):
    result = run_cli("diff", repo / "gone.yaml", "--since", "HEAD~1")

    assert result.exit_code == 2
    assert "gone.yaml: no such file" in result.stderr


def test_a_folder_given_for_a_file_says_a_file_was_expected(tmp_path):
    folder = tmp_path / "profiles"
    folder.mkdir()
    result = run_cli("diff", folder, folder)
    assert result.exit_code == 2
    assert result.stderr == f"vendor-eval: error: {folder}: is a directory; expected a file\n"
