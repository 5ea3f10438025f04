"""The assess session as the core offers it: which profile it opens, when it refuses, and
what it asks of the caller. The terminal dialogue on top of it is in test_assess_pty.py."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import REPO, run_cli

from vendor_eval import yamlio
from vendor_eval.assessments import open_session
from vendor_eval.errors import UsageError

SEGMENT = REPO / "vendor_profiles" / "segment.yaml"


def test_without_a_profile_the_asked_vendor_names_the_new_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "vendor_profiles").mkdir()
    asked: list[str] = []

    def ask_vendor() -> str:
        asked.append("vendor")
        return "Acme Health, Inc."

    session = open_session(
        None, vendor=None, checklist=None, evidence=[], review=False, ask_vendor=ask_vendor
    )
    assert asked == ["vendor"]
    assert session.created
    assert session.path == Path("vendor_profiles/acme-health-inc.yaml")
    assert session.vendor == "Acme Health, Inc."
    assert session.checklist.id == "healthcare-analytics"
    # Opening writes nothing; the first save does.
    assert not session.path.exists()
    session.close()


def test_a_vendor_name_given_is_not_asked_again(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)

    def ask_vendor() -> str:
        raise AssertionError("asked for a vendor name that was given")

    session = open_session(
        None,
        vendor="  Acme\nHealth ",
        checklist=None,
        evidence=[],
        review=False,
        ask_vendor=ask_vendor,
    )
    assert session.path == Path("acme-health.yaml")
    assert session.vendor == "Acme Health"
    session.close()


def test_without_a_way_to_ask_a_missing_vendor_name_is_a_usage_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(UsageError, match="give the profile file or --vendor NAME"):
        open_session(None, vendor=None, checklist=None, evidence=[], review=False, ask_vendor=None)


def test_resuming_reads_the_vendor_and_checklist_from_the_profile(tmp_path):
    profile = tmp_path / "segment.yaml"
    profile.write_text(SEGMENT.read_text(encoding="utf-8"), encoding="utf-8")
    session = open_session(
        profile, vendor=None, checklist=None, evidence=[], review=False, ask_vendor=None
    )
    assert not session.created
    assert session.vendor == "Twilio Segment"
    assert session.checklist.id == "healthcare-analytics"
    session.close()


def test_answers_for_a_profile_that_does_not_exist_need_a_vendor_name(tmp_path):
    answers = tmp_path / "answers.yaml"
    answers.write_text("baa.offered: true\n", encoding="utf-8")
    result = run_cli("assess", tmp_path / "acme.yaml", "--answers", answers)
    assert result.exit_code == 2, result
    assert "acme.yaml does not exist yet; give --vendor NAME" in result.stderr
    assert not (tmp_path / "acme.yaml").exists()


def test_another_checklist_for_an_existing_profile_is_refused_and_nothing_written(tmp_path):
    profile = tmp_path / "segment.yaml"
    before = SEGMENT.read_text(encoding="utf-8")
    profile.write_text(before, encoding="utf-8")
    answers = tmp_path / "answers.yaml"
    answers.write_text("baa.offered: true\n", encoding="utf-8")
    result = run_cli("assess", profile, "--checklist", "other", "--answers", answers)
    assert result.exit_code == 2, result
    assert "--checklist only applies to a new profile" in result.stderr
    assert profile.read_text(encoding="utf-8") == before


def _baa_evidence(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        yamlio.dump_yaml(
            {
                "kind": "baa",
                "document": {"path": "acme-baa.pdf", "sha256": "a" * 64, "pages": 1},
                "facts": {
                    "is_baa": {
                        "value": True,
                        "citations": [{"page": 1, "quote": "Business Associate Agreement"}],
                    }
                },
                "warnings": [],
            }
        ),
        encoding="utf-8",
    )
    return path


def test_evidence_outside_the_profiles_folder_is_refused_before_anything_is_written(tmp_path):
    evidence = _baa_evidence(tmp_path / "shared" / "acme.baa.evidence.yaml")
    answers = tmp_path / "answers.yaml"
    answers.write_text("baa.offered: true\n", encoding="utf-8")
    profile = tmp_path / "profiles" / "acme.yaml"
    profile.parent.mkdir()
    args = ("assess", profile, "--vendor", "Acme", "--evidence", evidence, "--answers", answers)

    refused = run_cli(*args)
    assert refused.exit_code == 2
    assert refused.stderr.strip().splitlines() == [
        f"vendor-eval: error: {evidence}: is outside the profile's folder, so the profile "
        "may not link it; put it next to the profile, or give --evidence-root FOLDER "
        "holding both"
    ]
    assert not profile.exists()

    # With a root holding both, the link it writes is one validate accepts with that root.
    assert run_cli(*args, "--evidence-root", tmp_path).exit_code == 0
    assert "../shared/acme.baa.evidence.yaml" in profile.read_text(encoding="utf-8")
    assert run_cli("validate", profile, "--evidence-root", tmp_path).exit_code == 0
    # Resuming reads the profile's links with the same root, and refuses them without it.
    resume = ("assess", profile, "--answers", answers)
    assert run_cli(*resume, "--evidence-root", tmp_path).exit_code == 0
    assert run_cli(*resume).exit_code == 2
