"""Entries no answer reaches are kept as the user wrote them (issue 16, target 2).

`assess` reads only the top-level sections it edits with ruamel.yaml; every other entry
(`sources` with its hundreds of items, say) is written back as it was read. Each test
here edits a profile both ways, kept aside and whole through ruamel.yaml as before, and
holds the result to this: the same data, every entry an edit reached exactly as the whole
round trip writes it, and any other entry either that too or the user's own text, byte
for byte (where ruamel.yaml used to rewrite it: a folded long line, flow spacing).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from vendor_eval import yamlio
from vendor_eval.checklist import load_checklist
from vendor_eval.profile_edit import ProfileDocument

REPO = Path(__file__).resolve().parent.parent
ORDER = [q.field for q in load_checklist().questions]
LINK = {"path": "acme.baa.evidence.yaml", "kind": "baa", "document_sha256": "a" * 64}

Edit = Callable[[ProfileDocument], object]


def answer(field: str, value: object) -> Edit:
    return lambda document: document.set_answer(field, value, order=ORDER)


def link(document: ProfileDocument) -> object:
    return document.add_evidence_link(LINK)


# What a session does: change an answer, add one to a section, start new sections, link
# evidence.
SESSION = [
    answer("baa.offered", False),
    answer("baa.breach_notification_days", 30),
    answer("soc2.period_end", "2025-12-31"),
    answer("data_flow.first_party", True),
    answer("monitoring.detects", ["pixels", "sdks"]),
    answer("subprocessors.covered_by_baa", False),
    link,
]


def both_ways(text: str, edits: list[Edit]) -> tuple[str, str]:
    """The text after `edits`, with untouched entries kept aside, and read whole."""
    results = []
    for keep in (True, False):
        document = ProfileDocument(Path("acme.yaml"), text, keep_untouched=keep)
        for edit in edits:
            edit(document)
        results.append(document.text())
    return results[0], results[1]


def entries(text: str) -> dict[str, str]:
    """Top-level entries by key (the lines before the first under ""): key line to the
    next key line."""
    found: dict[str, str] = {}
    key = ""
    for line in text.splitlines(keepends=True):
        start = re.match(r"([A-Za-z_][\w-]*):", line)
        if start:
            key = start.group(1)
        found[key] = found.get(key, "") + line
    return found


def assert_only_untouched_entries_differ(before: str, kept: str, whole: str) -> None:
    assert yamlio.load_text(kept).data == yamlio.load_text(whole).data
    old, new, reference = entries(before), entries(kept), entries(whole)
    assert list(new) == list(reference)
    for key, text in new.items():
        assert text in (reference[key], old.get(key)), key


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

data_flow:
    collection: client-side

subprocessors:
    processing: none

sources:
- title: Sales call notes     # 3 March
  supports: [baa.offered]
# - title: a source to look up
"""


@pytest.mark.parametrize(
    "path", [*sorted((REPO / "vendor_profiles").glob("*.yaml"))], ids=lambda p: p.name
)
def test_a_session_on_a_shipped_profile_writes_what_the_whole_round_trip_writes(path):
    text = path.read_text(encoding="utf-8")
    kept, whole = both_ways(text, SESSION)
    assert kept == whole


def test_a_session_on_a_hand_written_profile_writes_what_the_whole_round_trip_writes():
    kept, whole = both_ways(HAND_WRITTEN, SESSION)
    assert kept == whole
    assert "# - title: a source to look up\n" in kept


# Layouts ruamel.yaml reads its own way; each with where it sits in the file.
HOSTILE = {
    "flow sections": (
        "vendor: {name: Acme,   website: 'https://acme.example'}\n"
        "assessment: {checklist: healthcare-analytics, as_of: '2026-03-03'}\n"
        "baa: {offered: true}\n"
        "sources: [{title: Notes,  supports: [baa.offered]}]\n"
    ),
    "comments everywhere": (
        "# header\n\n"
        "vendor:   # who\n"
        "  name: Acme   # legal name\n"
        "# between vendor and assessment\n"
        "assessment:\n"
        "  checklist: healthcare-analytics\n"
        "  as_of: '2026-03-03'\n"
        "  # trailing, indented\n"
        "\n"
        "# introduces baa\n"
        "baa:\n"
        "  offered: true\n"
        "\n\n"
        "# introduces notes\n"
        "notes: free text   # end\n"
        "# the very end\n"
    ),
    "anchors": (
        "vendor:\n"
        "  name: &name Acme\n"
        "assessment:\n"
        "  checklist: healthcare-analytics\n"
        "  as_of: '2026-03-03'\n"
        "baa:\n"
        "  offered: &offered true\n"
        "sources:\n"
        "  - title: *name\n"
        "notes: *offered\n"
    ),
    "odd indentation": (
        "vendor:\n"
        "     name: Acme\n"
        "assessment:\n"
        "   checklist: healthcare-analytics\n"
        "   as_of: '2026-03-03'\n"
        "baa:\n"
        "   offered: true\n"
        "   carve_outs:\n"
        "      -   marketing-data\n"
        "sources:\n"
        "        - title: Notes\n"
        "          supports:\n"
        "                - baa.offered\n"
    ),
    "three-space indentation": (
        "vendor:\n"
        "   name: Acme\n"
        "assessment:\n"
        "   checklist: healthcare-analytics\n"
        "   as_of: '2026-03-03'\n"
        "baa:\n"
        "   offered: true\n"
        "   carve_outs:\n"
        "   -  marketing-data\n"
        "sources:\n"
        "   -  title: Notes\n"
        "      supports: [baa.offered]\n"
    ),
    "no answers yet": (
        "vendor:\n"
        "  name: Acme\n"
        "assessment:\n"
        "  checklist: healthcare-analytics\n"
        "  as_of: '2026-03-03'\n"
        "  # answers go below\n"
        "\n"
        "# where we read it\n"
        "sources:\n"
        "  - title: Notes   # call\n"
        "\n"
        "# end of file\n"
    ),
    "long lines": (
        "vendor:\n"
        "  name: Acme\n"
        "assessment:\n"
        "  checklist: healthcare-analytics\n"
        "  as_of: '2026-03-03'\n"
        "  notes: " + " ".join(["word"] * 1500) + "\n"
        "baa:\n"
        "  offered: true\n"
        "sources:\n"
        "  - title: " + " ".join(["long"] * 1500) + "\n"
    ),
    "block text": (
        "vendor:\n"
        "  name: Acme\n"
        "assessment:\n"
        "  checklist: healthcare-analytics\n"
        "  as_of: '2026-03-03'\n"
        "  notes: |+\n"
        "    kept with its blank lines\n"
        "\n"
        "\n"
        "notes: >\n"
        "  folded\n"
        "  # not a comment\n"
        "\n"
        "# a comment\n"
    ),
    "document markers": (
        "%YAML 1.2\n"
        "---\n"
        "vendor:\n"
        "  name: Acme\n"
        "assessment:\n"
        "  checklist: healthcare-analytics\n"
        "  as_of: '2026-03-03'\n"
        "...\n"
    ),
    "keys written otherwise": (
        '"vendor":\n'
        "  name: Acme\n"
        "assessment :\n"
        "  checklist: healthcare-analytics\n"
        "  as_of: '2026-03-03'\n"
        "notes: [a,\n"
        "b]\n"
    ),
    "no final line break": (
        "vendor:\n  name: Acme\nassessment:\n  checklist: healthcare-analytics\n"
        "  as_of: '2026-03-03'\nnotes: end"
    ),
    "a placeholder look-alike": (
        "vendor:\n  name: vendor-eval-kept-vendor\nassessment:\n"
        "  checklist: healthcare-analytics\n  as_of: '2026-03-03'\n"
    ),
}


@pytest.mark.parametrize("layout", HOSTILE, ids=str)
@pytest.mark.parametrize(
    "edits",
    [SESSION, [answer("soc2.type", "type2")], [link], [answer("baa.offered", False)]],
    ids=["session", "new section", "evidence link", "changed answer"],
)
def test_hostile_layouts_change_only_what_ruamel_used_to_rewrite(layout, edits):
    text = HOSTILE[layout]
    kept, whole = both_ways(text, edits)
    assert_only_untouched_entries_differ(text, kept, whole)


def test_untouched_entries_keep_the_users_bytes_where_ruamel_rewrote_them():
    text = HOSTILE["long lines"]
    kept, whole = both_ways(text, [answer("baa.offered", False)])
    long_title = "  - title: " + " ".join(["long"] * 1500) + "\n"
    assert long_title in kept and long_title not in whole
    assert kept == text.replace("  offered: true\n", "  offered: false\n")

    flow = HOSTILE["flow sections"]
    kept, whole = both_ways(flow, [answer("soc2.type", "type2")])
    assert kept.startswith("vendor: {name: Acme,   website: 'https://acme.example'}\n")
    assert not whole.startswith("vendor: {name: Acme,   ")


def test_an_anchor_an_untouched_entry_refers_to_is_handled_by_the_whole_round_trip():
    text = HOSTILE["anchors"]
    kept, whole = both_ways(text, [answer("baa.offered", False)])
    assert kept == whole
    data = yamlio.load_text(kept).data
    assert data["baa"]["offered"] is False
    assert data["notes"] is True  # still the value it had


def test_crlf_and_a_byte_order_mark_are_handled_as_before(tmp_path):
    text = "\ufeff" + HAND_WRITTEN.replace("\n", "\r\n")
    path = tmp_path / "acme.yaml"
    path.write_bytes(text.encode("utf-8"))
    saved = []
    for keep in (True, False):
        path.write_bytes(text.encode("utf-8"))
        read = yamlio.read_text(path)
        document = ProfileDocument(path, read, on_disk=read, keep_untouched=keep)
        for edit in SESSION:
            edit(document)
        document.save()
        saved.append(path.read_bytes())
    assert saved[0] == saved[1]
    assert saved[0].count(b"\r\n") == saved[0].count(b"\n")


def test_filled_skeleton_lines_are_written_as_the_whole_round_trip_writes_them():
    import datetime as dt

    from vendor_eval.scaffold import profile_skeleton

    skeleton = profile_skeleton(
        "Acme",
        load_checklist(),
        checklist_ref="healthcare-analytics",
        today=dt.date(2026, 3, 3),
        schema_ref="profile.schema.json",
    )
    edits = [
        answer("baa.offered", True),
        answer("baa.carve_outs", ["marketing-data"]),
        answer("soc2.period_end", "2025-12-31"),
        link,
        answer("consent.enforcement", "server-side"),
    ]
    kept, whole = both_ways(skeleton, edits)
    assert kept == whole
    assert "  offered: true  # Will the vendor" in kept


def test_many_answers_over_many_sections_in_one_session_match_the_whole_round_trip():
    values = {
        "boolean": True,
        "choice": None,
        "multi-choice": None,
        "integer": 7,
        "date": "2026-06-30",
        "text": "Amazon Web Services",
    }
    edits: list[Edit] = [link]
    for question in load_checklist().questions:
        value = values[question.type]
        if value is None:
            value = question.options[0].value
            if question.type == "multi-choice":
                value = [value]
        edits.append(answer(question.field, value))
    for text in (HAND_WRITTEN, (REPO / "vendor_profiles" / "segment.yaml").read_text()):
        kept, whole = both_ways(text, edits)
        assert kept == whole


def a_value(question, rnd):
    """A valid answer to `question`, chosen by `rnd`, including text YAML would misread."""
    if question.type == "boolean":
        return rnd.choice([True, False])
    if question.type == "integer":
        return rnd.randint(0, 99)
    if question.type == "date":
        return rnd.choice(["2026-06-30", "2025-01-01"])
    if question.type == "text":
        return rnd.choice(["AWS", "yes", "a: b", "x # y"])
    if question.type == "choice":
        return rnd.choice(question.options).value
    return [option.value for option in rnd.sample(list(question.options), rnd.randint(0, 2))]


@pytest.mark.parametrize("seed", range(60))
def test_any_sequence_of_edits_on_any_layout_differs_only_in_untouched_entries(seed):
    import random

    rnd = random.Random(seed)
    layouts = {**HOSTILE, "hand-written": HAND_WRITTEN}
    for path in sorted((REPO / "vendor_profiles").glob("*.yaml")):
        layouts[path.name] = path.read_text(encoding="utf-8")
    text = layouts[rnd.choice(sorted(layouts))]
    questions = load_checklist().questions
    edits: list[Edit] = []
    for _ in range(rnd.randint(1, 8)):
        if rnd.random() < 0.15:
            number = rnd.randint(0, 2)
            edits.append(
                lambda d, n=number: d.add_evidence_link({**LINK, "path": f"e{n}.evidence.yaml"})
            )
        else:
            question = rnd.choice(questions)
            edits.append(answer(question.field, a_value(question, rnd)))
    kept, whole = both_ways(text, edits)
    assert_only_untouched_entries_differ(text, kept, whole)


def test_assess_answers_leaves_a_hand_aligned_sources_list_as_it_was(tmp_path):
    from conftest import run_cli

    segment = (REPO / "vendor_profiles" / "segment.yaml").read_text(encoding="utf-8")
    aligned = "".join(
        f'  - {{ title: "Source {n}",  date: "2026-01-01",  supports: [ baa.offered ] }}\n'
        for n in range(3)
    )
    before = segment.rstrip("\n") + "\n" + aligned
    profile = tmp_path / "segment.yaml"
    profile.write_text(before, encoding="utf-8")
    answers = tmp_path / "answers.yaml"
    answers.write_text("baa.breach_notification_days: 5\nsoc2.exceptions: 0\n", encoding="utf-8")
    result = run_cli("assess", profile, "--answers", answers)
    assert result.exit_code == 0, result
    after = profile.read_text(encoding="utf-8")
    assert after.endswith(aligned)
    assert after.count("\n") == before.count("\n") + 4  # the two answers, soc2: and a blank
    data = yamlio.load_text(after).data
    assert data["baa"]["breach_notification_days"] == 5
    assert data["soc2"] == {"exceptions": 0}
    assert data["sources"] == yamlio.load_text(before).data["sources"]


def test_an_init_profile_with_an_entry_ruamel_cannot_read_takes_the_first_answer(tmp_path):
    # A tab after a colon is YAML the checker reads and ruamel.yaml refuses. The entry
    # is kept aside, so the session opens; the first answer, which would fill its
    # skeleton line through the whole round trip, must not then be refused and lost.
    import datetime as dt

    from vendor_eval.scaffold import profile_skeleton

    skeleton = profile_skeleton(
        "Acme",
        load_checklist(),
        checklist_ref="healthcare-analytics",
        today=dt.date(2026, 3, 3),
        schema_ref="profile.schema.json",
    )
    text = skeleton + "notes:\t'hand note'\n"
    path = tmp_path / "acme.yaml"
    path.write_text(text, encoding="utf-8")
    document = ProfileDocument(path, text, on_disk=text)
    document.prepare(ORDER)
    document.set_answer("baa.offered", True, order=ORDER)
    document.set_answer("soc2.type", "type2", order=ORDER)
    document.save()
    after = path.read_text(encoding="utf-8")
    assert after.endswith("notes:\t'hand note'\n")
    data = yamlio.load_text(after).data
    assert data["baa"] == {"offered": True}
    assert data["soc2"] == {"type": "type2"}
    assert data["notes"] == "hand note"


@pytest.mark.parametrize("layout", ["odd indentation", "flow sections"])
def test_an_answer_is_set_when_an_entry_kept_aside_is_one_ruamel_cannot_read(layout):
    # The sections read are not laid out as the guessed indentation dumps them, which
    # used to send the whole document through ruamel.yaml, and the tab refused it there
    # only after the question had been answered.
    text = HOSTILE[layout] + "notes:\t'hand note'\n"
    document = ProfileDocument(Path("acme.yaml"), text, on_disk=text)
    document.prepare(ORDER)
    document.set_answer("baa.carve_outs", ["analytics-data"], order=ORDER)
    after = document.text()
    assert after.endswith("notes:\t'hand note'\n")
    data = yamlio.load_text(after).data
    assert data["baa"]["carve_outs"] == ["analytics-data"]
    assert data == {**yamlio.load_text(text).data, "baa": data["baa"]}


def test_a_new_section_goes_after_an_entry_kept_aside_that_ruamel_cannot_read():
    # The new section would take the trailing lines of `assessment`, which a tab makes
    # unreadable to ruamel.yaml: it goes below them instead of being refused once given.
    text = (
        "vendor:\n  name: Acme\nassessment:\n  checklist: healthcare-analytics\n"
        "  as_of: '2026-03-03'\n  status:\tdraft\n# next: the BAA\n"
    )
    document = ProfileDocument(Path("acme.yaml"), text, on_disk=text)
    document.prepare(ORDER)
    document.set_answer("baa.offered", True, order=ORDER)
    document.add_evidence_link(LINK)
    after = document.text()
    assert after.startswith(text)
    data = yamlio.load_text(after).data
    assert data == {**yamlio.load_text(text).data, "baa": {"offered": True}, "evidence": [LINK]}
