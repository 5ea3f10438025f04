"""The question engine behind `vendor-eval assess`: which question comes next, what an
analyst's reply means, and what to save. Pure: no terminal, no files; the command module
prompts, prints and saves.

A reply is either an answer, parsed and checked by the question's type, or one of the
commands `?` (more guidance), `s` (skip), `b` (back) and `q` (save and quit). An empty
reply takes the default: the saved answer when reviewing, else what the evidence says.
A backslash before a command (`\\s`) makes it an answer, for text that is exactly `s`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from vendor_eval.answer_types import InvalidAnswer, answer_type, value_text
from vendor_eval.evidence_answers import EvidenceAnswer, evidence_answer
from vendor_eval.model import Checklist, Evidence, EvidenceKind, Profile, Question
from vendor_eval.vendor_identity import scope_to_profile

HELP, SKIP, BACK, QUIT = "help", "skip", "back", "quit"
COMMANDS = {"?": HELP, "s": SKIP, "b": BACK, "q": QUIT}
# Typed before a command word, this makes the word an answer instead.
ESCAPE = "\\"


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
        raise InvalidAnswer(answer_type(question).empty_reply)
    return Reply(value=parse_answer(question, stripped))


def help_lines(question: Question, *, has_evidence: bool = False) -> list[str]:
    """What `?` shows: the guidance beyond what every question shows, how to type the
    answer, what the answer can decide, where evidence for it can come from (unless
    `has_evidence`, when it is already on screen) and the commands."""
    lines = [question.more] if question.more else []
    lines.append(f"Answer with {answer_type(question).how_to_answer}.")
    if question.knockout is not None:
        stops = ", ".join(value_text(v) for v in question.knockout.values)
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
    EvidenceKind.BAA: "the vendor's BAA",
    EvidenceKind.SOC2: "the vendor's SOC 2 report",
    EvidenceKind.HAR: "a browser capture (HAR) of your site",
    EvidenceKind.SUBPROCESSORS: "the vendor's subprocessor list",
    EvidenceKind.SCAN: "a scan of your site (`vendor-eval scan`)",
}


def parse_answer(question: Question, text: str) -> Any:
    """The answer value a non-empty typed text stands for, checked by the question's type."""
    return answer_type(question).parse(question, text)


def check_answer(question: Question, value: Any) -> Any:
    """`value` as the question's answer (as written in YAML), or InvalidAnswer."""
    return answer_type(question).check(question, value)


def knockout_message(question: Question, value: Any) -> str | None:
    """The checklist's knockout message when this answer ends the evaluation."""
    knockout = question.knockout
    if knockout is None:
        return None
    hit = any(value == v and type(value) is type(v) for v in knockout.values)
    return knockout.message if hit else None


def evidence_prefills(
    checklist: Checklist, evidence: Iterable[Evidence], vendor: Mapping[str, Any] | None = None
) -> tuple[dict[str, EvidenceAnswer], dict[str, str]]:
    """What the evidence says about the profile's vendor, per question id, for the questions
    it has an opinion on; and, per question id, why a capture says nothing about it."""
    scope = scope_to_profile(evidence, vendor)
    found = {q.id: evidence_answer(q, scope.evidence) for q in checklist.questions}
    prefills = {question_id: answer for question_id, answer in found.items() if answer}
    notes = {
        q.id: next(scope.absent[k.kind] for k in q.evidence_links if k.kind in scope.absent)
        for q in checklist.questions
        if q.id not in prefills and any(k.kind in scope.absent for k in q.evidence_links)
    }
    return prefills, notes


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
    # Why a capture gives a question no evidence: the vendor is not seen in it.
    evidence_notes: Mapping[str, str] = field(default_factory=dict)
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
