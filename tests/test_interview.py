"""The question engine: replies parsed by question type, and the order questions come in."""

from __future__ import annotations

import pytest

from vendor_eval.checklist import load_checklist
from vendor_eval.interview import (
    BACK,
    HELP,
    QUIT,
    SKIP,
    Interview,
    InvalidAnswer,
    Reply,
    check_answer,
    evidence_prefills,
    help_lines,
    knockout_message,
    parse_answer,
    parse_reply,
    saved_answers,
)
from vendor_eval.model import Citation, DocumentRef, Evidence, Fact

CHECKLIST = load_checklist()


def question(question_id: str):
    found = CHECKLIST.question(question_id)
    assert found is not None
    return found


@pytest.mark.parametrize(
    ("text", "expected"),
    [("y", True), ("Yes", True), ("1", True), ("n", False), ("NO", False), ("2", False)],
)
def test_yes_no_answers(text, expected):
    assert parse_answer(question("baa.offered"), text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("3", "enterprise-only"), ("paid-plans", "paid-plans"), ("all plans", "all-plans")],
)
def test_choice_by_number_value_or_label(text, expected):
    assert parse_answer(question("baa.available_on"), text) == expected


@pytest.mark.parametrize(
    ("question_id", "text", "reason"),
    [
        ("baa.offered", "maybe", "not an option"),
        ("baa.available_on", "4", "not an option number (1-3)"),
        ("baa.available_on", "0", "not an option number"),
        ("baa.carve_outs", "1, bogus", "'bogus' is not an option"),
        ("baa.breach_notification_days", "ten", "not a whole number"),
        ("baa.breach_notification_days", "3.5", "not a whole number"),
        ("baa.breach_notification_days", "-1", "negative"),
        ("soc2.period_end", "31/12/2025", "YYYY-MM-DD"),
        ("soc2.period_end", "2025-02-30", "not a date"),
    ],
)
def test_invalid_answers_say_why(question_id, text, reason):
    with pytest.raises(InvalidAnswer) as caught:
        parse_answer(question(question_id), text)
    assert reason in str(caught.value)


def test_multi_choice_takes_numbers_and_values_in_option_order():
    carve_outs = question("baa.carve_outs")
    assert parse_answer(carve_outs, "marketing-data, 1,1") == ["analytics-data", "marketing-data"]
    assert parse_answer(carve_outs, "none") == []


def test_integers_and_dates_are_normalised():
    assert parse_answer(question("baa.breach_notification_days"), "30") == 30
    assert parse_answer(question("soc2.period_end"), " 2025-12-31 ") == "2025-12-31"


def test_empty_reply_takes_the_default_or_is_refused():
    scope = question("baa.scope")
    assert parse_reply(scope, "", default="full-pipeline").value == "full-pipeline"
    with pytest.raises(InvalidAnswer, match="s to skip"):
        parse_reply(scope, "")
    # An Enter by mistake must not record "excludes nothing" (a good score): none is typed.
    with pytest.raises(InvalidAnswer, match="type none if none of them apply"):
        parse_reply(question("baa.carve_outs"), "")
    assert parse_reply(question("baa.carve_outs"), "none").value == []
    # ... and "none" clears a default.
    assert parse_reply(question("baa.carve_outs"), "none", default=["marketing-data"]).value == []


@pytest.mark.parametrize(("text", "command"), [("?", HELP), ("s", SKIP), ("B", BACK), ("q", QUIT)])
def test_commands(text, command):
    assert parse_reply(question("baa.scope"), text, default="full-pipeline").command == command


@pytest.mark.parametrize("text", ["s", "b", "q", "?", "S"])
def test_a_backslash_makes_a_command_word_a_text_answer(text):
    organisations = question("soc2.subservice_organizations")
    assert parse_reply(organisations, "\\" + text) == Reply(value=text)
    # Only before a command word: other text keeps its backslashes.
    assert parse_reply(organisations, "\\\\fs01\\share").value == "\\\\fs01\\share"


def test_help_says_how_to_answer_what_a_knockout_means_and_how_to_escape():
    shown = "\n".join(help_lines(question("baa.offered")))
    assert "y or n" in shown
    assert "Answering no is a knockout" in shown
    assert "vendor-eval extract baa" in shown
    assert "type a backslash first: \\s" in shown
    with_evidence = "\n".join(help_lines(question("baa.offered"), has_evidence=True))
    assert "vendor-eval extract" not in with_evidence  # the evidence is on screen already
    collection = question("data_flow.collection")
    assert help_lines(collection)[0] == collection.more
    assert "a browser capture (HAR) of your site" in "\n".join(help_lines(collection))


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("2025-02-30", "February 2025 has 28 days"),
        ("2024-04-31", "April 2024 has 30 days"),
        ("2025-13-01", "there is no month 13"),
    ],
)
def test_an_impossible_date_says_what_is_wrong_with_it(text, reason):
    with pytest.raises(InvalidAnswer, match=reason):
        parse_answer(question("soc2.period_end"), text)
    assert parse_answer(question("soc2.period_end"), "2024-02-29") == "2024-02-29"


@pytest.mark.parametrize(
    ("question_id", "text", "meant"),
    [
        ("baa.carve_outs", "marketing", "marketing-data"),
        ("baa.available_on", "entreprise", "enterprise-only"),
    ],
)
def test_a_near_miss_suggests_the_option(question_id, text, meant):
    with pytest.raises(InvalidAnswer, match=f"did you mean {meant}\\?"):
        parse_answer(question(question_id), text)


def test_answers_file_values_are_checked_by_type():
    assert check_answer(question("baa.offered"), True) is True
    assert check_answer(question("baa.offered"), "yes") is True
    assert check_answer(question("baa.carve_outs"), ["marketing-data", "analytics-data"]) == [
        "analytics-data",
        "marketing-data",
    ]
    assert check_answer(question("soc2.exceptions"), "2") == 2
    with pytest.raises(InvalidAnswer):
        check_answer(question("soc2.exceptions"), True)
    with pytest.raises(InvalidAnswer):
        check_answer(question("baa.scope"), 3)
    with pytest.raises(InvalidAnswer, match="not an option"):
        check_answer(question("baa.carve_outs"), ["everything"])


def test_knockout_message_only_for_the_knockout_answer():
    offered = question("baa.offered")
    assert knockout_message(offered, False)
    assert knockout_message(offered, True) is None
    assert knockout_message(question("baa.scope"), "phi-flagged-only") is None


def ids_in_order(interview: Interview, replies: list[str]) -> list[str]:
    seen = []
    for reply in replies:
        current = interview.current
        assert current is not None
        seen.append(current.id)
        if reply == "s":
            interview.skip()
        elif reply == "b":
            interview.back()
        else:
            interview.answer(parse_answer(current, reply))
    return seen


def test_resuming_starts_at_the_first_unanswered_question_and_skips_answered_ones():
    answers = saved_answers(
        CHECKLIST, {"baa": {"offered": True, "available_on": "all-plans", "carve_outs": None}}
    )
    interview = Interview(CHECKLIST, answers)
    # carve_outs is null in the file: unanswered, so it is asked.
    assert ids_in_order(interview, ["1", "s"]) == ["baa.scope", "baa.carve_outs"]
    assert interview.current is not None and interview.current.id == "baa.breach_notification_days"


def test_back_returns_to_the_question_shown_before():
    interview = Interview(CHECKLIST, {"baa.available_on": "all-plans"})
    seen = ids_in_order(interview, ["y", "s", "b", "b"])
    assert seen == ["baa.offered", "baa.scope", "baa.carve_outs", "baa.scope"]
    assert interview.current is not None and interview.current.id == "baa.offered"
    assert interview.back() is False  # nothing before the first question


def test_back_from_the_first_unanswered_goes_to_the_previous_checklist_question():
    interview = Interview(CHECKLIST, {"baa.offered": True})
    assert interview.back() is True
    assert interview.current is not None and interview.current.id == "baa.offered"


def test_review_visits_every_question_with_saved_answers_as_defaults():
    interview = Interview(CHECKLIST, {"baa.offered": False}, review=True)
    first = interview.current
    assert first is not None and first.id == "baa.offered"
    assert interview.default(first) is False
    interview.answer(True)
    assert interview.answers["baa.offered"] is True
    assert interview.current is not None and interview.current.id == "baa.available_on"


def test_every_question_answered_means_finished():
    answers = {q.id: "x" for q in CHECKLIST.questions}
    assert Interview(CHECKLIST, answers).finished


def test_progress_counts_sections_and_questions():
    interview = Interview(CHECKLIST, {"baa.offered": True})
    step = interview.progress()
    assert (step.section_number, step.section_count) == (1, len(CHECKLIST.sections))
    assert (step.number_in_section, step.number, step.answered) == (2, 2, 1)
    assert step.total == len(CHECKLIST.questions)


def test_evidence_is_the_default_for_unanswered_questions():
    evidence = Evidence(
        kind="baa",
        document=DocumentRef(path="acme-baa.pdf", sha256="0" * 64, pages=4),
        facts={
            "is_baa": Fact(True, [Citation("This Business Associate Agreement...", page=1)]),
            "breach_notification_days": Fact(
                10, [Citation("within ten (10) days of discovery", page=3)]
            ),
        },
    )
    prefills, notes = evidence_prefills(CHECKLIST, [evidence])
    assert notes == {}  # no capture, nothing to say about one
    assert prefills["baa.offered"].value is True
    assert prefills["baa.breach_notification_days"].citations[0].page == 3
    interview = Interview(CHECKLIST, {"baa.breach_notification_days": 30}, prefills)
    assert interview.default(question("baa.offered")) is True
    # A saved answer wins over the evidence.
    assert interview.default(question("baa.breach_notification_days")) == 30
    assert interview.default(question("baa.scope")) is None
