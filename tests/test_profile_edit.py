"""Round-trip editing: an answer changes its own line(s) and nothing else in the file."""

from __future__ import annotations

import datetime as dt
import difflib
from pathlib import Path

import pytest
from conftest import run_cli

from vendor_eval import yamlio
from vendor_eval.checklist import load_checklist
from vendor_eval.errors import InputError
from vendor_eval.profile_edit import ProfileDocument
from vendor_eval.profiles import ChecklistCache, check_profile
from vendor_eval.scaffold import profile_skeleton

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((REPO / "vendor_profiles").glob("*.yaml"))
ORDER = [q.field for q in load_checklist().questions]

HAND_WRITTEN = """\
# Acme, from the call on 3 March.   Keep this header.
vendor:
    name: Acme Analytics      # legal name TBC
assessment:
    checklist: healthcare-analytics
    as_of: '2026-03-03'

baa:
    offered: yes              # "only on Enterprise", said the rep
    # ask legal about carve-outs
    carve_outs:
    - marketing-data          # section 4.2

sources:
- title: Sales call notes
"""


def changes(before: str, after: str) -> list[tuple[str, list[str], list[str]]]:
    old, new = before.splitlines(True), after.splitlines(True)
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    return [
        (tag, old[i1:i2], new[j1:j2])
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        if tag != "equal"
    ]


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_an_untouched_profile_is_written_back_byte_for_byte(path):
    document = ProfileDocument.read(path)
    assert document.text() == path.read_text(encoding="utf-8")


def test_changing_an_answer_changes_only_its_value_and_keeps_the_comment():
    document = ProfileDocument(Path("acme.yaml"), HAND_WRITTEN)
    document.set_answer("baa.offered", False, order=ORDER)
    assert changes(HAND_WRITTEN, document.text()) == [
        (
            "replace",
            ['    offered: yes              # "only on Enterprise", said the rep\n'],
            ['    offered: false            # "only on Enterprise", said the rep\n'],
        )
    ]


# The first indented pair of lines (inside the block text) reads as 5-space indentation;
# the profile is indented by 4, which the first reading does not reproduce.
MISLEADING_INDENT = """\
notes: |
    Summary:
         detail
vendor:
    name: Acme
baa:
    offered: true
    carve_outs:
    -   marketing-data
"""


@pytest.mark.parametrize("field, value", [("baa.scope", "full-pipeline"), ("baa.offered", False)])
def test_a_profile_whose_indentation_is_misread_at_first_keeps_its_own(field, value):
    document = ProfileDocument(Path("acme.yaml"), MISLEADING_INDENT)
    document.set_answer(field, value, order=ORDER)
    text = document.text()
    kept = [line for line in MISLEADING_INDENT.splitlines() if "offered" not in line]
    assert [line for line in text.splitlines() if line in kept] == kept
    assert yamlio.load_text(text).data["baa"][field.split(".")[1]] == value


def test_new_answers_are_inserted_in_checklist_order_and_nothing_else_moves():
    document = ProfileDocument(Path("acme.yaml"), HAND_WRITTEN)
    document.set_answer("baa.scope", "full-pipeline", order=ORDER)
    document.set_answer("baa.breach_notification_days", 30, order=ORDER)
    document.set_answer("soc2.period_end", "2025-12-31", order=ORDER)
    text = document.text()
    inserted = [(tag, old, new) for tag, old, new in changes(HAND_WRITTEN, text)]
    assert inserted == [
        ("insert", [], ["    scope: full-pipeline\n"]),
        (
            "insert",
            [],
            [
                "    breach_notification_days: 30\n",
                "\n",
                "soc2:\n",
                '    period_end: "2025-12-31"\n',
            ],
        ),
    ]
    # The comment that introduced carve_outs still does.
    assert "    # ask legal about carve-outs\n    carve_outs:\n" in text
    # The blank line that separated baa from sources still comes right before sources.
    assert "    breach_notification_days: 30\n\nsoc2:\n" in text
    assert '    period_end: "2025-12-31"\n\nsources:\n' in text


def test_an_answer_changed_before_saving_in_a_section_it_started_is_changed():
    document = ProfileDocument(Path("acme.yaml"), HAND_WRITTEN)
    document.set_answer("soc2.type", "type1", order=ORDER)
    document.set_answer("soc2.type", "type2", order=ORDER)
    text = document.text()
    assert "soc2:\n    type: type2\n" in text
    assert yamlio.load_text(text).data["soc2"] == {"type": "type2"}


def test_dates_and_words_yaml_would_misread_are_quoted():
    document = ProfileDocument.new(
        Path("new.yaml"), vendor_name="No", checklist="healthcare-analytics", as_of="2026-01-02"
    )
    document.set_answer("soc2.period_end", "2025-12-31", order=ORDER)
    document.set_answer("soc2.subservice_organizations", "yes", order=ORDER)
    text = document.text()
    assert 'period_end: "2025-12-31"' in text
    data = yamlio.load_text(text).data
    assert data["vendor"]["name"] == "No"
    assert data["soc2"] == {"period_end": "2025-12-31", "subservice_organizations": "yes"}
    assert data["assessment"] == {
        "checklist": "healthcare-analytics",
        "as_of": "2026-01-02",
        "status": "draft",
    }


def test_changing_a_list_keeps_the_comment_of_an_item_that_stays():
    document = ProfileDocument(Path("acme.yaml"), HAND_WRITTEN)
    document.set_answer("baa.carve_outs", ["analytics-data", "marketing-data"], order=ORDER)
    text = document.text()
    assert "    - analytics-data\n    - marketing-data          # section 4.2\n\nsources:" in text
    assert yamlio.load_text(text).data["baa"]["carve_outs"] == ["analytics-data", "marketing-data"]


def test_evidence_links_are_appended_once():
    document = ProfileDocument(Path("acme.yaml"), HAND_WRITTEN)
    link = {"path": "acme.baa.evidence.yaml", "kind": "baa", "document_sha256": "a" * 64}
    assert document.add_evidence_link(link) is True
    assert document.add_evidence_link(dict(link)) is False
    assert yamlio.load_text(document.text()).data["evidence"] == [link]
    assert document.text().startswith(HAND_WRITTEN)


def test_a_value_where_a_section_belongs_is_refused():
    document = ProfileDocument(Path("acme.yaml"), HAND_WRITTEN.replace("baa:\n", "soc2: 3\nbaa:\n"))
    with pytest.raises(InputError, match="soc2 holds a value"):
        document.set_answer("soc2.type", "type2", order=ORDER)


def test_save_replaces_the_file_whole(tmp_path):
    path = tmp_path / "acme.yaml"
    path.write_text(HAND_WRITTEN, encoding="utf-8")
    document = ProfileDocument.read(path)
    document.set_answer("consent.enforcement", "server-side", order=ORDER)
    document.save()
    assert yamlio.load_file(path).data["consent"] == {"enforcement": "server-side"}
    assert [p.name for p in tmp_path.iterdir()] == ["acme.yaml"]


def init_profile() -> str:
    return profile_skeleton(
        "Acme",
        load_checklist(),
        checklist_ref="healthcare-analytics",
        today=dt.date(2026, 3, 3),
        schema_ref="profile.schema.json",
    )


def filled(text: str, leaf: str, value: str) -> str:
    """`text` with the skeleton line of `leaf` answered by hand, as the docs describe."""
    line = f"#   {leaf}:  #"
    assert text.count(line) == 1
    return text.replace(line, f"  {leaf}: {value}  #")


def test_an_answer_replaces_its_commented_line_in_an_init_profile(tmp_path):
    skeleton = init_profile()
    path = tmp_path / "acme.yaml"
    path.write_text(skeleton, encoding="utf-8")
    document = ProfileDocument.read(path)
    document.set_answer("baa.scope", "full-pipeline", order=ORDER)
    document.set_answer("baa.offered", True, order=ORDER)
    document.set_answer("baa.carve_outs", ["marketing-data"], order=ORDER)
    document.set_answer("soc2.period_end", "2025-12-31", order=ORDER)
    document.save()

    expected = skeleton.replace("\n# baa:\n", "\nbaa:\n").replace("\n# soc2:\n", "\nsoc2:\n")
    expected = filled(expected, "scope", "full-pipeline")
    expected = filled(expected, "offered", "true")
    expected = filled(expected, "carve_outs", "[marketing-data]")
    expected = filled(expected, "period_end", '"2025-12-31"')
    assert path.read_text(encoding="utf-8") == expected
    check = check_profile(path, ChecklistCache())
    assert check.success, check.problems
    assert check.profile.data["baa"] == {
        "offered": True,
        "scope": "full-pipeline",
        "carve_outs": ["marketing-data"],
    }
    assert run_cli("score", path).exit_code == 0


def test_changing_a_filled_skeleton_answer_keeps_the_question_comment():
    document = ProfileDocument(Path("acme.yaml"), init_profile())
    document.set_answer("baa.carve_outs", ["marketing-data"], order=ORDER)
    document.set_answer("baa.carve_outs", ["analytics-data", "marketing-data"], order=ORDER)
    document.set_answer("consent.enforcement", "none", order=ORDER)
    document.set_answer("consent.enforcement", "server-side", order=ORDER)
    lines = document.text().splitlines()
    assert [line for line in lines if "carve_outs:" in line or "enforcement:" in line] == [
        "  carve_outs: [analytics-data, marketing-data] # Which categories of data does the BAA "
        'exclude? (list of "analytics-data" | "marketing-data" | "unauthenticated-pages" | '
        '"de-identified-data" | "covered-services-only" | "enterprise-plan-only" | '
        '"customer-must-not-send-phi")',
        "  enforcement: server-side # How is consent enforced before data is sent to the vendor? "
        '("server-side" | "client-side" | "none")',
    ]
    assert "consent:" in lines


def test_a_hand_edited_skeleton_falls_back_to_inserting_the_answer():
    # The analyst re-indented the skeleton line; uncommenting it would not be valid YAML.
    skeleton = init_profile().replace("#   offered:", "#     offered:")
    document = ProfileDocument(Path("acme.yaml"), skeleton.replace("# baa:", "baa:\n  scope: x"))
    document.set_answer("baa.offered", False, order=ORDER)
    text = document.text()
    assert yamlio.load_text(text).data["baa"] == {"offered": False, "scope": "x"}
    assert "#     offered:  # Will the vendor" in text


@pytest.mark.parametrize("tag", ["!!str 2026-03-03", "!!str '2026-03-03'"])
def test_an_answer_after_a_tagged_last_value_is_added(tmp_path, tag):
    # The new section goes after `assessment`, whose last value carries an explicit tag.
    profile = tmp_path / "acme.yaml"
    profile.write_text(
        f"vendor:\n  name: Acme\nassessment:\n  checklist: healthcare-analytics\n  as_of: {tag}\n",
        encoding="utf-8",
    )
    answers = tmp_path / "answers.yaml"
    answers.write_text("baa.offered: false\n", encoding="utf-8")
    result = run_cli("assess", profile, "--answers", answers)
    assert result.exit_code == 0, result
    after = profile.read_text(encoding="utf-8")
    assert f"  as_of: {tag}\n" in after
    data = yamlio.load_text(after).data
    assert data["baa"] == {"offered": False}
    assert data["assessment"]["as_of"] == "2026-03-03"
