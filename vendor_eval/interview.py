"""The question engine behind `vendor-eval assess`: which question comes next, what an
analyst's reply means, and what to save. Pure: no terminal, no files; the command module
prompts, prints and saves.

A reply is either an answer, parsed and checked by the question's type, or one of the
commands `?` (more guidance), `s` (skip), `b` (back) and `q` (save and quit). An empty
reply takes the default: the saved answer when reviewing, else what the evidence says.
A backslash before a command (`\\s`) makes it an answer, for text that is exactly `s`.
"""

from __future__ import annotations

import calendar
import datetime as dt
import difflib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from vendor_eval.evidence_answers import EvidenceAnswer, evidence_answer
from vendor_eval.model import Checklist, Evidence, Profile, Question

HELP, SKIP, BACK, QUIT = "help", "skip", "back", "quit"
COMMANDS = {"?": HELP, "s": SKIP, "b": BACK, "q": QUIT}
# Typed before a command word, this makes the word an answer instead.
ESCAPE = "\\"
_YES = ("y", "yes", "true")
_NO = ("n", "no", "false")
# Typed for a multi-choice question, these mean "none of the options".
_NONE_WORDS = ("none", "-", "[]")


class InvalidAnswer(ValueError):
    """A reply that does not fit the question; the message says why, for the analyst."""


@dataclass(frozen=True)
class Reply:
    """What a line typed by the analyst means: a command, or an answer value."""

    command: str | None = None
    value: Any = None


@dataclass(frozen=True)
class Progress:
    section_title: str
    section_number: int
    section_count: int
    number_in_section: int
    questions_in_section: int
    number: int
    total: int
    answered: int


def parse_reply(question: Question, text: str, default: Any = None) -> Reply:
    """Interpret one line typed for `question`. Raises InvalidAnswer with the reason."""
    stripped = text.strip()
    command = COMMANDS.get(stripped.lower())
    if command is not None:
        return Reply(command=command)
    if stripped.startswith(ESCAPE) and stripped[1:].strip().lower() in COMMANDS:
        stripped = stripped[1:].strip()
    if not stripped:
        if default is not None:
            return Reply(value=default)
        if question.type == "multi-choice":
            # An accidental Enter must not record "none of them", which can score well.
            raise InvalidAnswer("type none if none of them apply, or s to skip this question")
        raise InvalidAnswer("type an answer, or s to skip this question")
    return Reply(value=parse_answer(question, stripped))


def help_lines(question: Question, *, has_evidence: bool = False) -> list[str]:
    """What `?` shows: the guidance beyond what every question shows, how to type the
    answer, what the answer can decide, where evidence for it can come from (unless
    `has_evidence`, when it is already on screen) and the commands."""
    lines = [question.more] if question.more else []
    lines.append(f"Answer with {_HOW_TO_ANSWER.get(question.type, 'a value')}.")
    if question.knockout is not None:
        stops = ", ".join(_value_text(v) for v in question.knockout.values)
        lines.append(f"Answering {stops} is a knockout: the verdict becomes a stop.")
    if question.evidence is not None and not has_evidence:
        kind = question.evidence.kind
        source = _EVIDENCE_SOURCES.get(kind, "a document")
        lines.append(
            f"`vendor-eval extract {kind}` can answer this from {source}; "
            "give its output to assess with --evidence."
        )
    lines.append(
        "Enter takes the default shown in [brackets]; s skips, b goes back, q saves and quits. "
        f"To answer with the text s, b, q or ?, type a backslash first: {ESCAPE}s."
    )
    return lines


_EVIDENCE_SOURCES = {
    "baa": "the vendor's BAA",
    "soc2": "the vendor's SOC 2 report",
    "har": "a browser capture (HAR) of your site",
}
_HOW_TO_ANSWER = {
    "boolean": "y or n (or the option number)",
    "choice": "the option's number or its value (in parentheses), e.g. 1",
    "multi-choice": "option numbers or values separated by commas, e.g. 1,3; none if none apply",
    "integer": "a whole number, e.g. 30",
    "date": "a date written YYYY-MM-DD, e.g. 2025-12-31",
    "text": "one line of text",
}


def parse_answer(question: Question, text: str) -> Any:
    """The answer value a non-empty typed text stands for, checked by the question's type."""
    kind = question.type
    text = text.strip()
    if kind == "boolean":
        lowered = text.lower()
        if lowered in _YES:
            return True
        if lowered in _NO:
            return False
        return _option_value(question, text, "y or n")
    if kind == "choice":
        return _option_value(question, text, "the number or the value of an option")
    if kind == "multi-choice":
        if text.lower() in _NONE_WORDS:
            return []
        picked = [_option_value(question, part, "numbers or values") for part in text.split(",")]
        return _in_option_order(question, picked)
    if kind == "integer":
        try:
            number = int(text.replace("_", ""), 10)
        except ValueError:
            raise InvalidAnswer(f"{text!r} is not a whole number") from None
        return check_answer(question, number)
    return check_answer(question, text)


def check_answer(question: Question, value: Any) -> Any:
    """`value` as the question's answer (as written in YAML), or InvalidAnswer. Text is
    parsed as if typed, so an answers file may say `yes`, `2` or `type2` alike."""
    kind = question.type
    if kind == "boolean" and isinstance(value, bool):
        return value
    if kind == "choice" and isinstance(value, str) and question.option(value) is not None:
        return value
    if kind == "multi-choice" and isinstance(value, list):
        if not all(isinstance(v, str) for v in value):
            raise InvalidAnswer("a list of option values is expected")
        return _in_option_order(
            question, [_option_value(question, v, "option values") for v in value]
        )
    if kind == "integer" and isinstance(value, int) and not isinstance(value, bool):
        if value < 0:
            raise InvalidAnswer(f"{value} is negative; a count or a number of days is expected")
        return value
    if kind == "date" and isinstance(value, str):
        return _parse_date(value.strip())
    if kind == "date" and isinstance(value, dt.date):
        return value.isoformat()
    if kind == "text":
        if isinstance(value, str) and value.strip():
            return " ".join(value.split())
        if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
            return [" ".join(v.split()) for v in value]
        raise InvalidAnswer("text is expected")
    if isinstance(value, str):
        return parse_answer(question, value)
    raise InvalidAnswer(f"{value!r} is not a valid {kind} answer{_choices_hint(question)}")


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
    values = [_value_text(o.value) for o in question.options]
    close = difflib.get_close_matches(text, values, n=1, cutoff=0.6)
    close = close or [v for v in values if v.casefold().startswith(folded)][:1]
    if close:
        raise InvalidAnswer(f"{text!r} is not an option; did you mean {close[0]}?")
    raise InvalidAnswer(f"{text!r} is not an option; give {expected}{_choices_hint(question)}")


def _choices_hint(question: Question) -> str:
    if not question.options:
        return ""
    values = ", ".join(_value_text(o.value) for o in question.options)
    return f" ({values})"


def _value_text(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _in_option_order(question: Question, values: Iterable[Any]) -> list[Any]:
    chosen = set(values)
    return [o.value for o in question.options if o.value in chosen]


def knockout_message(question: Question, value: Any) -> str | None:
    """The checklist's knockout message when this answer ends the evaluation."""
    knockout = question.knockout
    if knockout is None:
        return None
    hit = any(value == v and type(value) is type(v) for v in knockout.values)
    return knockout.message if hit else None


def evidence_prefills(
    checklist: Checklist, evidence: Iterable[Evidence]
) -> dict[str, EvidenceAnswer]:
    """What the evidence says, per question id, for the questions it has an opinion on."""
    evidence = list(evidence)
    found = {q.id: evidence_answer(q, evidence) for q in checklist.questions}
    return {question_id: answer for question_id, answer in found.items() if answer is not None}


def saved_answers(checklist: Checklist, data: Mapping[str, Any]) -> dict[str, Any]:
    """The answers a profile already holds, per question id (null counts as unanswered)."""
    profile = Profile(path="", data=dict(data))
    found = {q.id: profile.answer(q) for q in checklist.questions}
    return {question_id: value for question_id, value in found.items() if value is not None}


@dataclass
class Interview:
    """Walks a checklist. Without `review` it visits only unanswered questions; with it,
    every question, offering the saved answers as defaults."""

    checklist: Checklist
    answers: dict[str, Any]
    prefills: Mapping[str, EvidenceAnswer] = field(default_factory=dict)
    review: bool = False
    position: int | None = None
    _history: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._questions = self.checklist.questions
        self.position = self._next_from(0)

    @property
    def current(self) -> Question | None:
        return None if self.position is None else self._questions[self.position]

    @property
    def finished(self) -> bool:
        return self.position is None

    def default(self, question: Question) -> Any:
        """The value an empty reply stands for: the saved answer, else the evidence's."""
        if question.id in self.answers:
            return self.answers[question.id]
        prefill = self.prefills.get(question.id)
        return None if prefill is None else prefill.value

    def answer(self, value: Any) -> tuple[str, Any]:
        """Record the answer to the current question and move on. Returns the field and
        value to save."""
        question = self._require_current()
        self.answers[question.id] = value
        self._advance()
        return question.field, value

    def skip(self) -> None:
        self._require_current()
        self._advance()

    def back(self) -> bool:
        """Return to the previous question shown (or the one before in the checklist).
        False when already at the first question."""
        position = self._require_position()
        if self._history:
            self.position = self._history.pop()
            return True
        if position == 0:
            return False
        self.position = position - 1
        return True

    def progress(self) -> Progress:
        question = self._require_current()
        sections = self.checklist.sections
        section_index = next(i for i, s in enumerate(sections) if s.id == question.section)
        section = sections[section_index]
        return Progress(
            section_title=section.title,
            section_number=section_index + 1,
            section_count=len(sections),
            number_in_section=section.questions.index(question) + 1,
            questions_in_section=len(section.questions),
            number=self._require_position() + 1,
            total=len(self._questions),
            answered=sum(1 for q in self._questions if q.id in self.answers),
        )

    def _advance(self) -> None:
        position = self._require_position()
        self._history.append(position)
        self.position = self._next_from(position + 1)

    def _next_from(self, start: int) -> int | None:
        for index in range(start, len(self._questions)):
            if self.review or self._questions[index].id not in self.answers:
                return index
        return None

    def _require_position(self) -> int:
        if self.position is None:
            raise RuntimeError("the interview is finished")
        return self.position

    def _require_current(self) -> Question:
        return self._questions[self._require_position()]
