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
