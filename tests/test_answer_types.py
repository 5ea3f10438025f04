"""Each answer type's contract, called directly: reading a typed or written answer, the
profile schema, points and findings, labels, comparison, and evidence values."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

import jsonschema
import pytest

from vendor_eval.answer_types import (
    ANSWER_TYPES,
    BooleanType,
    ChoiceType,
    DateType,
    IntegerType,
    InvalidAnswer,
    MultiChoiceType,
    TextType,
    answer_label,
    answer_type,
    same_answer,
)
from vendor_eval.model import FindingRule, Option, Question, QuestionResult, Range
from vendor_eval.resources import json_schema

AS_OF = dt.date(2026, 11, 29)
FIX = FindingRule(severity="high", action="Fix it.")
WATCH = FindingRule(severity="low", action="Keep an eye on it.")


def make(kind: str, **fields: Any) -> Question:
    return Question(
        id=f"q.{kind}",
        section="s",
        field=f"s.{kind.replace('-', '_')}",
        prompt="Q?",
        type=kind,
        weight=1.0,
        guidance="",
        **fields,
    )


BOOLEAN = make(
    "boolean",
    options=(Option(True, "Yes", 100.0), Option(False, "No", 0.0, finding=FIX)),
)
CHOICE = make(
    "choice",
    options=(
        Option("full", "Full pipeline", 100.0),
        Option("part", "Part of it", 40.0),
        Option("none", "Nothing", 0.0),
    ),
    finding=WATCH,
)
MULTI = make(
    "multi-choice",
    base=50.0,
    options=(
        Option("a", "Alpha", 30.0),
        Option("b", "Beta", -40.0, finding=FIX),
        Option("c", "Gamma", 30.0),
    ),
    finding=WATCH,
)
INTEGER = make(
    "integer",
    ranges=(Range(10, 100.0), Range(60, 50.0), Range(None, 0.0, finding=FIX)),
    finding=WATCH,
)
DATE = make("date", max_age_days=365, finding=WATCH)
TEXT = make("text")

# One question of each registered type and answers it accepts as typed, as written in a
# file and as the stored answer. A new type fails test_every_type_has_its_samples until
# it is added here and given its own tests below.
SAMPLES: dict[str, tuple[Question, str, Any, Any]] = {
    "boolean": (BOOLEAN, "yes", True, True),
    "choice": (CHOICE, "2", "part", "part"),
    "multi-choice": (MULTI, "c, 1", ["c", "a"], ["a", "c"]),
    "integer": (INTEGER, " 30 ", 30, 30),
    "date": (DATE, " 2026-02-28 ", dt.date(2026, 2, 28), "2026-02-28"),
    "text": (TEXT, "  Acme   Cloud ", "Acme  Cloud", "Acme Cloud"),
}


def scored(question: Question, answer: Any) -> QuestionResult:
    kind = answer_type(question)
    points = kind.points(question, answer, AS_OF)
    max_points = kind.max_points(question)
    return QuestionResult(
        question=question,
        answer=answer,
        attested=answer,
        evidence_value=None,
        status="attested",
        points=points,
        max_points=max_points,
        counted=max_points > 0,
    )


def findings(question: Question, answer: Any) -> list[tuple[FindingRule, str, str]]:
    return list(answer_type(question).findings(scored(question, answer), AS_OF))


def test_every_type_has_its_samples_and_the_shipped_schemas_list_every_type():
    assert set(SAMPLES) == set(ANSWER_TYPES)
    checklist_types = json_schema("checklist")["$defs"]["question"]["properties"]["type"]["enum"]
    assert checklist_types == list(ANSWER_TYPES)
    report = json_schema("report")
    assert list(ANSWER_TYPES) in _enums(report)


def _enums(node: Any) -> list[Any]:
    if isinstance(node, dict):
        found = [node["enum"]] if "enum" in node else []
        return found + [e for value in node.values() for e in _enums(value)]
    if isinstance(node, list):
        return [e for value in node for e in _enums(value)]
    return []


@pytest.mark.parametrize("name", list(SAMPLES))
def test_contract_shared_by_every_type(name):
    question, typed, written, stored = SAMPLES[name]
    kind = ANSWER_TYPES[name]
    assert kind.name == name and answer_type(question) is kind
    assert kind.parse(question, typed) == stored
    assert kind.check(question, written) == stored
    # What is stored is valid under the profile schema and reads back as itself.
    schema = kind.schema(question)
    jsonschema.validate(stored, schema)
    jsonschema.validate(None, schema)
    assert kind.check(question, stored) == stored
    assert list(kind.saved_problems(question, stored)) == []
    assert kind.same(question, stored, stored)
    assert kind.from_evidence(question, stored) == stored
    assert isinstance(kind.label(question, stored), str)
    assert 0 <= kind.points(question, stored, AS_OF) <= kind.max_points(question)
    assert kind.how_to_answer and kind.prompt_hint and kind.empty_reply
    if not kind.checks_saved_answers:  # validation skips these types' saved answers
        assert list(kind.saved_problems(question, "2026-02-30")) == []
        assert kind.calendar_day("2026-02-28") is None


@pytest.mark.parametrize("name", list(SAMPLES))
def test_a_wrong_kind_of_value_is_refused_with_a_reason(name):
    question = SAMPLES[name][0]
    with pytest.raises(InvalidAnswer, match=r"\S"):
        ANSWER_TYPES[name].check(question, {"not": "an answer"})


def test_max_points_is_the_best_an_answer_can_earn():
    questions = (BOOLEAN, CHOICE, MULTI, INTEGER, DATE, TEXT)
    assert [answer_type(q).max_points(q) for q in questions] == [
        100.0,
        100.0,
        110.0,
        100.0,
        100.0,
        0.0,
    ]
    assert DateType().max_points(replace(DATE, max_age_days=None)) == 0.0


# --- boolean ---


@pytest.mark.parametrize(("typed", "expected"), [("Y", True), ("true", True), ("2", False)])
def test_boolean_reads_yes_no_words_and_option_numbers(typed, expected):
    assert BooleanType().parse(BOOLEAN, typed) is expected


def test_boolean_checks_points_findings_and_labels():
    kind = BooleanType()
    assert kind.check(BOOLEAN, "no") is False
    with pytest.raises(InvalidAnswer, match="not a valid boolean answer"):
        kind.check(BOOLEAN, 1)
    assert kind.option_values_problem([True, False]) is None
    assert "exactly true and false" in (kind.option_values_problem([True, "maybe"]) or "")
    assert kind.points(BOOLEAN, False, AS_OF) == 0.0
    assert findings(BOOLEAN, False) == [(FIX, "answer", "Q? No")]
    assert findings(BOOLEAN, True) == []
    assert kind.label(BOOLEAN, True) == "Yes"
    # A bool is not the number 1, in comparisons and from evidence alike.
    assert not kind.same(BOOLEAN, True, 1)
    assert kind.from_evidence(BOOLEAN, 1) is None
    assert kind.schema(BOOLEAN) == {"type": ["boolean", "null"]}


# --- choice ---


def test_choice_reads_number_value_or_label_and_suggests_near_misses():
    kind = ChoiceType()
    assert kind.parse(CHOICE, "Full pipeline") == "full"
    assert kind.check(CHOICE, "none") == "none"
    with pytest.raises(InvalidAnswer, match="did you mean part"):
        kind.parse(CHOICE, "prt")
    with pytest.raises(InvalidAnswer, match=r"not an option number \(1-3\)"):
        kind.parse(CHOICE, "7")
    assert kind.option_values_problem(["a", 2]) == "a choice question's option values are text"


def test_choice_shortfall_raises_the_question_finding_with_the_label():
    assert findings(CHOICE, "part") == [(WATCH, "answer", "Q? Part of it")]
    assert findings(CHOICE, "full") == []
    assert ChoiceType().schema(CHOICE) == {"enum": ["full", "part", "none", None]}
    assert ChoiceType().skeleton_hint(CHOICE) == '"full" | "part" | "none"'
    assert ChoiceType().from_evidence(CHOICE, "everything") is None
    assert ChoiceType().label(CHOICE, "retired-option") == "retired-option"


# --- multi-choice ---


def test_multi_choice_reads_none_words_and_keeps_option_order():
    kind = MultiChoiceType()
    assert kind.parse(MULTI, "none") == []
    assert kind.parse(MULTI, "Gamma, a, 1") == ["a", "c"]
    with pytest.raises(InvalidAnswer, match="a list of option values"):
        kind.check(MULTI, ["a", 2])
    assert "none" in kind.empty_reply


@pytest.mark.parametrize(
    ("chosen", "points"), [([], 50.0), (["a", "c"], 110.0), (["b"], 10.0), (["a", "b"], 40.0)]
)
def test_multi_choice_points_add_to_the_base_within_bounds(chosen, points):
    assert MultiChoiceType().points(MULTI, chosen, AS_OF) == points


def test_multi_choice_findings_labels_comparison_and_evidence():
    kind = MultiChoiceType()
    assert findings(MULTI, ["b"]) == [
        (FIX, "answer", "Q? Beta"),
        (WATCH, "answer", "Q? Beta (10 of 110 points)"),
    ]
    assert kind.label(MULTI, ["a", "c"]) == "Alpha; Gamma"
    assert kind.label(MULTI, []) == "none"
    assert kind.same(MULTI, ["c", "a"], ["a", "c"])
    assert not kind.same(MULTI, ["a"], ["a", "c"])
    assert kind.from_evidence(MULTI, ["c", "a", "c"]) == ["a", "c"]
    assert kind.from_evidence(MULTI, ["a", "unknown"]) is None
    assert kind.from_evidence(MULTI, "a") is None
    assert kind.skeleton_hint(MULTI) == 'list of "a" | "b" | "c"'


# --- integer ---


def test_integer_reads_whole_numbers_only():
    kind = IntegerType()
    assert kind.check(INTEGER, "45") == 45
    assert kind.parse(INTEGER, "1_000") == 1000
    for typed, reason in (("3.5", "not a whole number"), ("-2", "negative")):
        with pytest.raises(InvalidAnswer, match=reason):
            kind.parse(INTEGER, typed)
    with pytest.raises(InvalidAnswer, match="not a valid integer answer"):
        kind.check(INTEGER, True)


@pytest.mark.parametrize(("days", "points"), [(0, 100.0), (10, 100.0), (11, 50.0), (61, 0.0)])
def test_integer_scores_by_the_first_range_that_holds_it(days, points):
    assert IntegerType().points(INTEGER, days, AS_OF) == points


def test_integer_findings_evidence_and_schema():
    assert findings(INTEGER, 90) == [(FIX, "answer", "Q? 90")]
    assert findings(INTEGER, 30) == [(WATCH, "answer", "Q? 30")]
    assert findings(INTEGER, 5) == []
    assert IntegerType().from_evidence(INTEGER, 30) == 30
    assert IntegerType().from_evidence(INTEGER, True) is None
    assert IntegerType().from_evidence(INTEGER, "30") is None
    assert IntegerType().schema(INTEGER) == {
        "type": ["integer", "null"],
        "minimum": 0,
        "maximum": 2**53 - 1,
    }


# --- date ---


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("2026/01/02", "write it as YYYY-MM-DD"),
        ("2026-13-01", "there is no month 13"),
        ("2025-02-29", "February 2025 has 28 days"),
    ],
)
def test_date_refuses_days_that_do_not_exist(typed, reason):
    with pytest.raises(InvalidAnswer, match=reason):
        DateType().parse(DATE, typed)


def test_date_saved_problems_and_the_day_it_names():
    kind = DateType()
    assert list(kind.saved_problems(DATE, "2026-02-30")) == [
        ("date", "s.date: '2026-02-30' is not a real date")
    ]
    assert kind.calendar_day("2026-02-28") == dt.date(2026, 2, 28)
    assert kind.calendar_day("2026-02-30") is None
    assert TextType().calendar_day("2026-02-28") is None


def test_date_is_worth_full_points_until_it_is_older_than_max_age():
    kind = DateType()
    fresh, stale = "2026-01-01", "2025-11-28"
    assert kind.points(DATE, fresh, AS_OF) == 100.0
    assert kind.points(DATE, stale, AS_OF) == 0.0
    assert findings(DATE, fresh) == []
    assert findings(DATE, stale) == [
        (WATCH, "stale", "Stale: Q? 2025-11-28, 366 days before 2026-11-29 (limit 365)")
    ]
    plain = replace(DATE, max_age_days=None)
    assert kind.points(plain, stale, AS_OF) == 0.0 and findings(plain, stale) == []


def test_date_compares_and_reads_evidence_as_iso_text():
    kind = DateType()
    assert kind.same(DATE, dt.date(2026, 1, 2), "2026-01-02")
    assert kind.from_evidence(DATE, dt.date(2026, 1, 2)) == "2026-01-02"
    assert kind.from_evidence(DATE, "January 2nd") is None
    assert kind.from_evidence(DATE, 20260102) is None
    assert kind.skeleton_hint(DATE) == '"YYYY-MM-DD"'


# --- text ---


def test_text_normalises_spacing_and_accepts_a_list_of_lines():
    kind = TextType()
    assert kind.check(TEXT, ["  AWS ", "Google  Cloud"]) == ["AWS", "Google Cloud"]
    for empty in ("   ", [], [1]):
        with pytest.raises(InvalidAnswer, match="text is expected"):
            kind.check(TEXT, empty)


def test_text_is_never_scored_and_compares_without_case_or_spacing():
    kind = TextType()
    assert kind.max_points(TEXT) == 0.0 and findings(TEXT, "Acme") == []
    assert kind.same(TEXT, "AWS  Inc", "aws inc")
    assert kind.same(TEXT, ["AWS", "GCP"], ["gcp", " aws "])
    assert not kind.same(TEXT, "AWS", "Azure")
    assert kind.label(TEXT, ["AWS", "GCP"]) == "AWS; GCP"
    assert kind.from_evidence(TEXT, ["AWS"]) == ["AWS"]
    assert kind.from_evidence(TEXT, 3) is None
    assert kind.skeleton_hint(TEXT) == ""


def test_module_level_helpers_ask_the_question_type():
    assert answer_label(CHOICE, None) == "(no answer)"
    assert answer_label(BOOLEAN, False) == "No"
    assert same_answer(MULTI, ["a"], "a")
    assert not same_answer(INTEGER, 1, True)
