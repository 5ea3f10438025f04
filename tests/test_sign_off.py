"""The review record a board signs (reviewer, decision, conditions, dates) and the
evidence appendix (each document with its sha256), in every scorecard format, and
`validate` warning when a document has moved so its evidence cannot be checked."""

from __future__ import annotations

import hashlib
import json

import jsonschema
import pytest
from conftest import run_cli
from test_golden import BAA_TEXT
from test_validate import reported

from vendor_eval.resources import json_schema

REVIEW = (
    "  reviewer: Dana Reviewer\n"
    "  decision: approved-with-conditions\n"
    "  conditions:\n"
    "    - Sign the BAA before go-live\n"
    '  decided_on: "2026-11-20"\n'
    '  next_review: "2027-11-20"\n'
)


def profile_with(folder, assessment_lines: str = REVIEW, evidence: str = "") -> object:
    profile = folder / "lumen.yaml"
    profile.write_text(
        "vendor:\n  name: Lumen\nassessment:\n  checklist: healthcare-analytics\n"
        f'  as_of: "2026-11-29"\n{assessment_lines}{evidence}',
        encoding="utf-8",
    )
    return profile


@pytest.fixture
def linked(tmp_path, monkeypatch):
    """A profile with a review record and one BAA extracted next to it."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795910400")  # 2026-11-29
    document = tmp_path / "lumen-baa.md"
    document.write_text(BAA_TEXT, encoding="utf-8")
    result = run_cli("extract", "baa", document, "-o", tmp_path / "lumen.baa.evidence.yaml")
    assert result.exit_code == 0, result
    evidence = "evidence:\n  - path: lumen.baa.evidence.yaml\n"
    sha = hashlib.sha256(document.read_bytes()).hexdigest()
    return profile_with(tmp_path, evidence=evidence), document, sha


def test_the_scorecard_shows_the_sign_off_and_the_evidence_appendix(linked):
    profile, _, sha = linked
    markdown = run_cli("report", profile, "-f", "markdown").stdout
    assert "## Sign-off" in markdown
    assert "| Reviewer | Dana Reviewer |" in markdown
    assert "| Decision | Approved with conditions |" in markdown
    assert "| Next review | 2027-11-20 |" in markdown
    assert "- Sign the BAA before go-live" in markdown
    assert f"| baa | lumen-baa.md | {sha} | 1 | 2026-11-29 |" in markdown

    html = run_cli("report", profile, "-f", "html").stdout
    assert "<th>Decided on</th><td>2026-11-20</td>" in html
    assert f'<code class="hash">{sha}</code>' in html

    report = json.loads(run_cli("report", profile, "-f", "json").stdout)
    jsonschema.validate(report, json_schema("report"))
    assert report["review"] == {
        "reviewer": "Dana Reviewer",
        "decision": "approved-with-conditions",
        "conditions": ["Sign the BAA before go-live"],
        "decided_on": "2026-11-20",
        "next_review": "2027-11-20",
    }
    assert report["evidence_documents"] == [
        {
            "kind": "baa",
            "document": "lumen-baa.md",
            "sha256": sha,
            "pages": 1,
            "extracted_on": "2026-11-29",
        }
    ]


def test_an_unreviewed_profile_says_so_rather_than_leaving_blanks(tmp_path):
    profile = profile_with(tmp_path, assessment_lines="")
    markdown = run_cli("report", profile, "-f", "markdown").stdout
    assert "| Decision | not yet decided |" in markdown
    assert "| Reviewer | not recorded |" in markdown
    assert "No evidence documents are linked from the profile." in markdown


def test_a_moved_document_is_a_warning_that_its_evidence_cannot_be_checked(linked):
    profile, document, _ = linked
    assert "all valid" in run_cli("validate", profile).stderr
    document.rename(document.with_name("archived-baa.md"))
    result = run_cli("validate", profile, "-f", "text")
    assert result.exit_code == 0, result
    assert "evidence-document-moved" in result.stdout
    assert "lumen-baa.md, the document behind lumen.baa.evidence.yaml" in result.stdout
    assert "1 warning" in result.stderr


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        ("  decision: approved-later\n", [("enum", 6, 13)]),
        ("  decided_on: 2026-02-30\n", [("date", 6, 15)]),
        (
            '  decided_on: "2026-11-20"\n  next_review: "2026-01-01"\n',
            [("period-order", 7, 16)],
        ),
        ("  decision: approved-with-conditions\n", [("review-conditions", 6, 13)]),
        ("  decision: approved\n  conditions: [Train staff]\n", [("review-conditions", 7, 15)]),
        ("  reviewer: ''\n", [("schema", 6, 13)]),
    ],
)
def test_each_review_field_is_checked_where_it_is_written(tmp_path, lines, expected):
    result = run_cli("validate", profile_with(tmp_path, lines), "-f", "text")
    assert result.exit_code == 1, result
    assert reported(result.stdout) == expected
