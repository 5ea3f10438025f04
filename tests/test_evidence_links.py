"""An evidence link is a path written by whoever wrote the profile, perhaps in a pull
request. It may only reach files inside the profile's folder tree (or --evidence-root),
only regular files of bounded size, and no error ever shows what a file contains."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import run_cli

MINIMAL = (
    'vendor:\n  name: V\nassessment:\n  checklist: healthcare-analytics\n  as_of: "2026-01-01"\n'
)
SECRET = "root:x:0:0:SECRET-TOKEN-4242"


def secret_file(folder: Path, name: str = "passwd") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(SECRET + "\n")
    return path


def profile_linking(folder: Path, link: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "v.yaml"
    path.write_text(MINIMAL + f"evidence:\n  - path: {json.dumps(link)}\n")
    return path


def all_outputs(profile: Path) -> str:
    """What validate (every format), score, report and compare print about a profile."""
    shown = []
    for fmt in ("text", "json", "github", "sarif"):
        result = run_cli("validate", profile, "-f", fmt)
        assert result.exit_code == 1, result
        shown.append(result.stdout + result.stderr)
    for args in (("score", profile), ("report", profile), ("compare", profile, profile)):
        result = run_cli(*args)
        assert result.exit_code == 2, result
        shown.append(result.stdout + result.stderr)
    return "\n".join(shown)


def test_a_link_climbing_out_of_the_tree_is_refused_and_never_read(tmp_path):
    secret_file(tmp_path / "etc")
    profile = profile_linking(tmp_path / "repo" / "profiles", "../../etc/passwd")
    shown = all_outputs(profile)
    assert "SECRET-TOKEN" not in shown
    assert "outside" in shown


def test_an_absolute_link_is_refused(tmp_path):
    secret = secret_file(tmp_path / "etc")
    profile = profile_linking(tmp_path / "repo", str(secret))
    shown = all_outputs(profile)
    assert "SECRET-TOKEN" not in shown
    assert "outside" in shown


def test_a_symlink_in_the_tree_pointing_out_of_it_is_refused(tmp_path):
    secret = secret_file(tmp_path / "home")
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "acme.soc2.evidence.yaml").symlink_to(secret)
    profile = profile_linking(repo, "acme.soc2.evidence.yaml")
    shown = all_outputs(profile)
    assert "SECRET-TOKEN" not in shown
    assert "outside" in shown


def test_a_file_in_the_tree_that_is_not_evidence_is_named_not_quoted(tmp_path):
    repo = tmp_path / "repo"
    secret_file(repo, ".env")
    secret_file(repo / "keys", "id_ed25519")
    for link in (".env", "keys/id_ed25519"):
        profile = profile_linking(repo, link)
        shown = all_outputs(profile)
        assert "SECRET-TOKEN" not in shown
        assert "root:x" not in shown
        assert "not a vendor-eval evidence file" in shown


def test_a_mapping_that_is_not_evidence_is_named_not_quoted(tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "creds.yaml").write_text(f"aws_secret: {SECRET}\nkind: {SECRET}\n")
    profile = profile_linking(repo, "creds.yaml")
    shown = all_outputs(profile)
    assert "SECRET-TOKEN" not in shown


def test_a_fifo_or_device_link_is_refused_without_waiting(tmp_path):
    import os

    repo = tmp_path / "repo"
    repo.mkdir()
    os.mkfifo(repo / "pipe.evidence.yaml")
    (repo / "null.evidence.yaml").symlink_to("/dev/null")
    for link, root in (("pipe.evidence.yaml", repo), ("null.evidence.yaml", Path("/"))):
        profile = profile_linking(repo, link)
        result = run_cli("validate", profile, "-f", "text", "--evidence-root", root)
        assert result.exit_code == 1, result
        assert "not a regular file" in result.stdout


def test_evidence_root_allows_a_shared_folder_of_evidence(tmp_path):
    evidence = {
        "kind": "baa",
        "document": {"path": "baa.pdf", "sha256": "0" * 64, "pages": 1},
        "facts": {},
        "warnings": [],
    }
    (tmp_path / "evidence").mkdir()
    (tmp_path / "evidence" / "v.baa.evidence.json").write_text(json.dumps(evidence))
    profiles = tmp_path / "profiles"
    profile = profile_linking(profiles, "../evidence/v.baa.evidence.json")
    refused = run_cli("validate", profiles, "-f", "text")
    assert refused.exit_code == 1, refused
    assert "outside" in refused.stdout
    allowed = run_cli("validate", profiles, "-f", "text", "--evidence-root", tmp_path)
    assert allowed.exit_code == 0, allowed
    for command in ("score", "report"):
        result = run_cli(command, profile, "--evidence-root", tmp_path)
        assert result.exit_code in (0, 1), result
    inside_only = run_cli("validate", profiles, "--evidence-root", profiles)
    assert inside_only.exit_code == 1, inside_only


@pytest.mark.parametrize("command", ["validate", "score", "report", "compare", "due", "portfolio"])
def test_every_command_that_reads_profiles_takes_evidence_root(command):
    result = run_cli(command, "--help")
    assert "--evidence-root" in result.stdout


def test_a_document_outside_the_tree_and_working_directory_is_not_hashed(tmp_path, monkeypatch):
    evidence = {
        "kind": "baa",
        "document": {"path": "../../outside/baa.pdf", "sha256": "0" * 64, "pages": 1},
        "facts": {},
        "warnings": [],
    }
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "baa.pdf").write_text("anything")
    work = tmp_path / "work"
    profiles = work / "profiles"
    profiles.mkdir(parents=True)
    (profiles / "v.baa.evidence.json").write_text(json.dumps(evidence))
    profile = profile_linking(profiles, "v.baa.evidence.json")
    monkeypatch.chdir(work)
    result = run_cli("validate", profile, "-f", "text")
    assert result.exit_code == 0, result
    assert "[evidence-document-outside]" in result.stdout
    assert "warning" in result.stdout
    monkeypatch.chdir(tmp_path)  # now the document is under the working directory
    result = run_cli("validate", profile, "-f", "text")
    assert result.exit_code == 1, result
    assert "[evidence-stale]" in result.stdout
