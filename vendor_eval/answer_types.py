"""What each answer type means, in one place: how a typed or written answer is read and
checked, its JSON Schema, the points and findings it earns, how it reads to people, when
two answers agree, and which answer an evidence fact stands for.

Every other module asks the registry (`answer_type(question)`) instead of branching on a
type name, so a new type is one class here, added to ANSWER_TYPES, plus its tests.
Pure: no I/O.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import difflib
import json
import re
from collections.abc import Iterable, Iterator
from typing import Any, ClassVar

from vendor_eval.model import FindingKind, FindingRule, Question, QuestionResult, Range

_YES = ("y", "yes", "true")
_NO = ("n", "no", "false")
# Typed for a multi-choice question, these mean "none of the options".
_NONE_WORDS = ("none", "-", "[]")


class InvalidAnswer(ValueError):
    """A reply that does not fit the question; the message says why, for the analyst."""


# Looking a member up on its enum class is slow on Python 3.11; scoring reads these per answer.
_ANSWER = FindingKind.ANSWER
_STALE = FindingKind.STALE

# What an answer raises besides points: the checklist's rule, the finding kind, the title.
AnswerFinding = tuple[FindingRule, FindingKind, str]


class AnswerType:
    """The behaviour every answer type shares; each subclass below is one type."""

    name: ClassVar[str]
    how_to_answer: ClassVar[str]  # the interview's `?` help: "Answer with ..."
    prompt_hint: ClassVar[str]  # shown before the prompt in `assess`
    empty_reply: ClassVar[str] = "type an answer, or s to skip this question"
    # What a checklist question of this type must or may carry.
    needs_options: ClassVar[bool] = False
    needs_ranges: ClassVar[bool] = False
    takes_max_age: ClassVar[bool] = False
    takes_base: ClassVar[bool] = False
    # Whether saved_problems or calendar_day can say anything about a saved answer.
    checks_saved_answers: ClassVar[bool] = False

    # --- reading an answer ---

    def parse(self, question: Question, text: str) -> Any:
        """The answer a non-empty typed text stands for; InvalidAnswer says why not."""
        return self.check(question, text.strip())

    def check(self, question: Question, value: Any) -> Any:
        """`value` (as written in YAML) as this question's answer, or InvalidAnswer. Text
        is read as if typed, so an answers file may say `yes`, `2` or `type2` alike."""
        if isinstance(value, str):
            return self.parse(question, value)
        raise InvalidAnswer(f"{value!r} is not a valid {self.name} answer{_choices_hint(question)}")

    def saved_problems(self, question: Question, value: Any) -> Iterator[tuple[str, str]]:
        """(rule, message) for a saved answer that its schema lets through but that is
        still wrong (a date that does not exist)."""
        return iter(())

    def calendar_day(self, value: Any) -> dt.date | None:
        """The day a saved answer names, when it names one."""
        return None

    # --- the checklist and the profile schema ---

    def option_values_problem(self, values: list[Any]) -> str | None:
        """Why a checklist question's option values do not suit this type, if they do not."""
        return None

    def schema(self, question: Question) -> dict[str, Any]:
        """The JSON Schema of the answer (null always allowed: "not known yet")."""
        raise NotImplementedError

    def skeleton_hint(self, question: Question) -> str:
        """What to write, in the commented-out line of a new profile; empty for free text."""
        return ""

    # --- scoring ---

    def max_points(self, question: Question) -> float:
        return 0.0

    def points(self, question: Question, answer: Any, as_of: dt.date) -> float:
        """Points earned by a given (not None) answer."""
        return 0.0

    def findings(self, result: QuestionResult, as_of: dt.date) -> Iterator[AnswerFinding]:
        """The findings an answered question raises because of what its answer is."""
        return iter(())

    # --- showing and comparing ---

    def label(self, question: Question, answer: Any) -> str:
        """A given (not None) answer as people read it: option labels rather than values."""
        if isinstance(answer, list):
            if not answer:
                return "none"
            return "; ".join(_option_label(question, value) for value in answer)
        return str(answer)

    def same(self, question: Question, first: Any, second: Any) -> bool:
        """Whether two answers say the same thing; lists are compared as sets."""
        if isinstance(first, list) or isinstance(second, list):
            return self._as_set(first) == self._as_set(second)
        return self._same_single(first, second)

    def _same_single(self, first: Any, second: Any) -> bool:
        return bool(first == second and type(first) is type(second))

    def _as_set(self, value: Any) -> frozenset[Any]:
        return frozenset(value if isinstance(value, list) else [value])

    # --- evidence ---

    def from_evidence(self, question: Question, value: Any) -> Any:
        """A fact's value as this question's answer, or None when it cannot be one: a value
        the question does not know (a new option, a wrong type) gives no opinion."""
        raise NotImplementedError


class _OptionType(AnswerType):
    """One option out of the question's list."""

    needs_options = True

    def check(self, question: Question, value: Any) -> Any:
        if self._is_option_value(value) and question.option(value) is not None:
            return value
        return super().check(question, value)

    def _is_option_value(self, value: Any) -> bool:
        raise NotImplementedError

    def schema(self, question: Question) -> dict[str, Any]:
        return {"enum": [*(o.value for o in question.options), None]}

    def skeleton_hint(self, question: Question) -> str:
        return _option_list(question)

    def max_points(self, question: Question) -> float:
        return max((o.points for o in question.options), default=0.0)

    def points(self, question: Question, answer: Any, as_of: dt.date) -> float:
        option = question.option(answer)
        return option.points if option else 0.0

    def findings(self, result: QuestionResult, as_of: dt.date) -> Iterator[AnswerFinding]:
        question = result.question
        option = question.option(result.answer)
        if option and option.finding:
            yield option.finding, _ANSWER, f"{question.prompt} {option.label}"
        elif _short(result) and question.finding:
            label = self.label(question, result.answer)
            yield question.finding, _ANSWER, f"{question.prompt} {label}"

    def label(self, question: Question, answer: Any) -> str:
        option = question.option(answer)
        return option.label if option else str(answer)

    def from_evidence(self, question: Question, value: Any) -> Any:
        return value if question.option(value) is not None else None


class BooleanType(_OptionType):
    name = "boolean"
    how_to_answer = "y or n (or the option number)"
    prompt_hint = "y/n"

    def parse(self, question: Question, text: str) -> Any:
        text = text.strip()
        lowered = text.lower()
        if lowered in _YES:
            return True
        if lowered in _NO:
            return False
        return _option_value(question, text, "y or n")

    def _is_option_value(self, value: Any) -> bool:
        return isinstance(value, bool)

    def option_values_problem(self, values: list[Any]) -> str | None:
        if sorted(map(str, values)) != ["False", "True"]:
            return "a boolean question's options are exactly true and false"
        return None

    def schema(self, question: Question) -> dict[str, Any]:
        return {"type": ["boolean", "null"]}


class ChoiceType(_OptionType):
    name = "choice"
    how_to_answer = "the option's number or its value (in parentheses), e.g. 1"
    prompt_hint = "number or value"

    def parse(self, question: Question, text: str) -> Any:
        return _option_value(question, text, "the number or the value of an option")

    def _is_option_value(self, value: Any) -> bool:
        return isinstance(value, str)

    def option_values_problem(self, values: list[Any]) -> str | None:
        return _text_values_problem(self.name, values)


class MultiChoiceType(AnswerType):
    """Any number of the question's options, kept in the checklist's order."""

    name = "multi-choice"
    how_to_answer = "option numbers or values separated by commas, e.g. 1,3; none if none apply"
    prompt_hint = "comma-separated numbers or values, or none"
    # An accidental Enter must not record "none of them", which can score well.
    empty_reply = "type none if none of them apply, or s to skip this question"
    needs_options = True
    takes_base = True

    def parse(self, question: Question, text: str) -> Any:
        text = text.strip()
        if text.lower() in _NONE_WORDS:
            return []
        picked = [_option_value(question, part, "numbers or values") for part in text.split(",")]
        return _in_option_order(question, picked)

    def check(self, question: Question, value: Any) -> Any:
        if isinstance(value, list):
            if not all(isinstance(v, str) for v in value):
                raise InvalidAnswer("a list of option values is expected")
            return _in_option_order(
                question, [_option_value(question, v, "option values") for v in value]
            )
        return super().check(question, value)

    def option_values_problem(self, values: list[Any]) -> str | None:
        return _text_values_problem(self.name, values)

    def schema(self, question: Question) -> dict[str, Any]:
        values = [o.value for o in question.options]
        return {"type": ["array", "null"], "uniqueItems": True, "items": {"enum": values}}

    def skeleton_hint(self, question: Question) -> str:
        return f"list of {_option_list(question)}"

    def max_points(self, question: Question) -> float:
        gains = sum(o.points for o in question.options if o.points > 0)
        return max(question.base, question.base + gains)

    def points(self, question: Question, answer: Any, as_of: dt.date) -> float:
        total = question.base + sum(
            option.points for option in map(question.option, answer) if option
        )
        return min(max(total, 0.0), self.max_points(question))

    def findings(self, result: QuestionResult, as_of: dt.date) -> Iterator[AnswerFinding]:
        question = result.question
        for option in filter(None, map(question.option, result.answer)):
            if option.finding:
                yield option.finding, _ANSWER, f"{question.prompt} {option.label}"
        if _short(result) and question.finding:
            yield (
                _naming_missing(question.finding, question, result.answer),
                _ANSWER,
                f"{question.prompt} {self.label(question, result.answer)} "
                f"({result.points:g} of {result.max_points:g} points)",
            )

    def same(self, question: Question, first: Any, second: Any) -> bool:
        return self._as_set(first) == self._as_set(second)

    def from_evidence(self, question: Question, value: Any) -> Any:
        if not isinstance(value, list) or any(question.option(v) is None for v in value):
            return None
        order = {o.value: index for index, o in enumerate(question.options)}
        return sorted(set(value), key=lambda v: order.get(v, len(order)))


# The largest integer every JSON reader keeps exactly: beyond it a count of days or of
# exceptions is a typo, and other tools would read a different number.
MAX_SAFE_INTEGER = 2**53 - 1


class IntegerType(AnswerType):
    """A count or a number of days, scored by the first range it falls in."""

    name = "integer"
    how_to_answer = "a whole number, e.g. 30"
    prompt_hint = "whole number"
    needs_ranges = True

    def parse(self, question: Question, text: str) -> Any:
        text = text.strip()
        try:
            number = int(text.replace("_", ""), 10)
        except ValueError:
            raise InvalidAnswer(f"{text!r} is not a whole number") from None
        return self.check(question, number)

    def check(self, question: Question, value: Any) -> Any:
        if _is_int(value):
            if value < 0:
                raise InvalidAnswer(f"{value} is negative; a count or a number of days is expected")
            return value
        return super().check(question, value)

    def schema(self, question: Question) -> dict[str, Any]:
        return {"type": ["integer", "null"], "minimum": 0, "maximum": MAX_SAFE_INTEGER}

    def skeleton_hint(self, question: Question) -> str:
        return "a whole number"

    def max_points(self, question: Question) -> float:
        return max((r.points for r in question.ranges), default=0.0)

    def points(self, question: Question, answer: Any, as_of: dt.date) -> float:
        matched = _range_for(question, answer)
        return matched.points if matched else 0.0

    def findings(self, result: QuestionResult, as_of: dt.date) -> Iterator[AnswerFinding]:
        question = result.question
        matched = _range_for(question, result.answer)
        if matched and matched.finding:
            yield matched.finding, _ANSWER, f"{question.prompt} {result.answer}"
        elif _short(result) and question.finding:
            yield question.finding, _ANSWER, f"{question.prompt} {result.answer}"

    def from_evidence(self, question: Question, value: Any) -> Any:
        return value if _is_int(value) else None


class DateType(AnswerType):
    """A calendar day written YYYY-MM-DD; with max_age_days, worth full points while fresh."""

    name = "date"
    how_to_answer = "a date written YYYY-MM-DD, e.g. 2025-12-31"
    prompt_hint = "YYYY-MM-DD"
    takes_max_age = True
    checks_saved_answers = True

    def check(self, question: Question, value: Any) -> Any:
        if isinstance(value, str):
            return _parse_date(value.strip())
        if isinstance(value, dt.date):
            return value.isoformat()
        return super().check(question, value)

    def saved_problems(self, question: Question, value: Any) -> Iterator[tuple[str, str]]:
        if self.calendar_day(value) is None:
            yield "date", f"{question.field}: {value!r} is not a real date"

    def calendar_day(self, value: Any) -> dt.date | None:
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None

    def schema(self, question: Question) -> dict[str, Any]:
        return {"type": ["string", "null"], "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}

    def skeleton_hint(self, question: Question) -> str:
        return '"YYYY-MM-DD"'

    def max_points(self, question: Question) -> float:
        return 0.0 if question.max_age_days is None else 100.0

    def points(self, question: Question, answer: Any, as_of: dt.date) -> float:
        if question.max_age_days is None:
            return 0.0
        return 0.0 if _age(answer, as_of) > question.max_age_days else self.max_points(question)

    def findings(self, result: QuestionResult, as_of: dt.date) -> Iterator[AnswerFinding]:
        question = result.question
        limit = question.max_age_days
        if limit is None or not question.finding:
            return
        age = _age(result.answer, as_of)
        if age > limit:
            yield (
                question.finding,
                _STALE,
                f"Stale: {question.prompt} {result.answer}, {age} days before "
                f"{as_of.isoformat()} (limit {limit})",
            )

    def _same_single(self, first: Any, second: Any) -> bool:
        return str(first) == str(second)

    def from_evidence(self, question: Question, value: Any) -> Any:
        if isinstance(value, dt.date):
            return value.isoformat()
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value).isoformat()
            except ValueError:
                return None
        return None


class TextType(AnswerType):
    """One line of text, or a list of them (names of subprocessors); never scored."""

    name = "text"
    how_to_answer = "one line of text"
    prompt_hint = "text (one line)"

    def check(self, question: Question, value: Any) -> Any:
        if isinstance(value, str) and value.strip():
            return " ".join(value.split())
        if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
            return [" ".join(v.split()) for v in value]
        raise InvalidAnswer("text is expected")

    def schema(self, question: Question) -> dict[str, Any]:
        return {"type": ["string", "array", "null"], "items": {"type": "string"}}

    def _same_single(self, first: Any, second: Any) -> bool:
        return _text_key(first) == _text_key(second)

    def _as_set(self, value: Any) -> frozenset[Any]:
        return frozenset(_text_key(v) for v in (value if isinstance(value, list) else [value]))

    def from_evidence(self, question: Question, value: Any) -> Any:
        if isinstance(value, str):
            return value
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return list(value)
        return None


ANSWER_TYPES: dict[str, AnswerType] = {
    kind.name: kind
    for kind in (
        BooleanType(),
        ChoiceType(),
        MultiChoiceType(),
        IntegerType(),
        DateType(),
        TextType(),
    )
}


def answer_type(question: Question) -> AnswerType:
    return ANSWER_TYPES[question.type]


def answer_label(question: Question, answer: Any) -> str:
    """An answer as people read it: option labels rather than values."""
    if answer is None:
        return "(no answer)"
    return answer_type(question).label(question, answer)


def same_answer(question: Question, first: Any, second: Any) -> bool:
    """Whether two answers to the question say the same thing (lists compared as sets,
    text without regard to case or spacing)."""
    return answer_type(question).same(question, first, second)


def value_text(value: Any) -> str:
    """An option value as the analyst types it."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _option_value(question: Question, text: str, expected: str) -> Any:
    text = text.strip()
    if text.isdigit():
        index = int(text)
        if 1 <= index <= len(question.options):
            return question.options[index - 1].value
        raise InvalidAnswer(f"{text} is not an option number (1-{len(question.options)})")
    folded = text.casefold()
    for option in question.options:
        if folded in (str(option.value).casefold(), option.label.casefold()):
            return option.value
    values = [value_text(o.value) for o in question.options]
    close = difflib.get_close_matches(text, values, n=1, cutoff=0.6)
    close = close or [v for v in values if v.casefold().startswith(folded)][:1]
    if close:
        raise InvalidAnswer(f"{text!r} is not an option; did you mean {close[0]}?")
    raise InvalidAnswer(f"{text!r} is not an option; give {expected}{_choices_hint(question)}")


def _choices_hint(question: Question) -> str:
    if not question.options:
        return ""
    values = ", ".join(value_text(o.value) for o in question.options)
    return f" ({values})"


def _in_option_order(question: Question, values: Iterable[Any]) -> list[Any]:
    chosen = set(values)
    return [o.value for o in question.options if o.value in chosen]


def _option_label(question: Question, value: Any) -> str:
    option = question.option(value)
    return option.label if option else str(value)


def _option_list(question: Question) -> str:
    return " | ".join(json.dumps(o.value) for o in question.options)


def _text_values_problem(kind: str, values: list[Any]) -> str | None:
    if any(not isinstance(v, str) for v in values):
        return f"a {kind} question's option values are text"
    return None


def calendar_date(text: str) -> dt.date:
    """A day written YYYY-MM-DD, or InvalidAnswer saying what is wrong with it (February
    2026 has 28 days), as `assess` says it."""
    return dt.date.fromisoformat(_parse_date(text.strip()))


def _parse_date(text: str) -> str:
    shaped = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text)
    if shaped is None:
        raise InvalidAnswer(f"{text!r} is not a date; write it as YYYY-MM-DD, e.g. 2025-12-31")
    year, month, day = (int(part) for part in shaped.groups())
    if not 1 <= month <= 12:
        raise InvalidAnswer(f"{text!r} is not a date: there is no month {month}")
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        raise InvalidAnswer(
            f"{text!r} is not a date: {calendar.month_name[month]} {year} has {days} days"
        )
    return dt.date(year, month, day).isoformat()


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _naming_missing(rule: FindingRule, question: Question, answer: list[Any]) -> FindingRule:
    """The rule with `{missing}` in its action replaced by the options that would earn
    points and are not chosen, so the action never asks for what the answer has."""
    if MISSING_PLACEHOLDER not in rule.action:
        return rule
    chosen = set(answer)
    missing = [
        _in_sentence(o.label) for o in question.options if o.points > 0 and o.value not in chosen
    ]
    named = (
        ", ".join(missing[:-1]) + " and " + missing[-1] if len(missing) > 1 else "".join(missing)
    )
    return dataclasses.replace(rule, action=rule.action.replace(MISSING_PLACEHOLDER, named))


def _in_sentence(label: str) -> str:
    """A label as it reads mid-sentence: "Privacy" -> "privacy", "localStorage" kept."""
    return label[0].lower() + label[1:] if label[1:2].islower() else label


# Written in a multi-choice question's finding action where the options not chosen go.
MISSING_PLACEHOLDER = "{missing}"


def _short(result: QuestionResult) -> bool:
    """Counted, and earning less than it could."""
    return result.counted and result.points < result.max_points


def _range_for(question: Question, answer: Any) -> Range | None:
    return next((r for r in question.ranges if r.max is None or answer <= r.max), None)


def _age(answer: Any, as_of: dt.date) -> int:
    return (as_of - dt.date.fromisoformat(str(answer))).days


def _text_key(value: Any) -> str:
    return " ".join(str(value).split()).casefold()
