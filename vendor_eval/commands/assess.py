"""`vendor-eval assess`: the guided interview that fills in a vendor profile.

Every answer is written to the profile (atomically) the moment it is given, so Ctrl-C, a
killed process or a closed terminal loses at most the answer being typed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import signal
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from vendor_eval.errors import InputError, UsageError

if TYPE_CHECKING:
    from rich.console import Console

    from vendor_eval.evidence_answers import EvidenceAnswer
    from vendor_eval.interview import Interview
    from vendor_eval.model import Checklist, Evidence, Question
    from vendor_eval.profile_edit import ProfileDocument

QUOTE_LIMIT = 240
MAX_VENDOR_NAME = 200


@dataclass
class AssessOptions:
    profile: Path | None
    vendor: str | None
    checklist: str | None
    evidence: list[Path] = field(default_factory=list)
    review: bool = False
    answers: Path | None = None


def assess(
    profile: Annotated[
        Path | None,
        typer.Argument(
            help="The vendor profile to fill in; created if missing. Default: "
            "vendor_profiles/<vendor-slug>.yaml when that folder exists, "
            "else ./<vendor-slug>.yaml.",
            dir_okay=False,
        ),
    ] = None,
    vendor: Annotated[
        str | None, typer.Option("--vendor", help="Vendor name for a new profile.")
    ] = None,
    checklist: Annotated[
        str | None,
        typer.Option(
            "--checklist",
            help="Checklist for a new profile (built-in name or file). "
            "Default: healthcare-analytics.",
        ),
    ] = None,
    evidence: Annotated[
        list[Path] | None,
        typer.Option(
            "--evidence",
            help="Evidence file from `vendor-eval extract` to pre-fill answers; it is also "
            "linked into the profile. Repeat for several.",
            dir_okay=False,
        ),
    ] = None,
    review: Annotated[
        bool,
        typer.Option("--review", help="Walk every question, saved answers as defaults."),
    ] = False,
    answers: Annotated[
        Path | None,
        typer.Option(
            "--answers",
            help="YAML mapping of field: value (e.g. baa.offered: true) to fill in without "
            "prompting; every value is checked first and nothing is written if one is wrong.",
            dir_okay=False,
        ),
    ] = None,
) -> None:
    """Walk through the checklist question by question and save each answer as it is
    given. Shows why each question matters and what the evidence says (as the default).
    Replies: an answer, Enter for the default, ? help, s skip, b back, q quit (\\s, \\b,
    \\q or \\? to answer with that text). Resumes at the first unanswered question; ends
    with the score. In a profile made by `vendor-eval init`, each answer replaces its
    commented-out line and keeps the question as a comment."""
    options = AssessOptions(profile, vendor, checklist, list(evidence or []), review, answers)
    run_assess(options)


def run_assess(options: AssessOptions) -> None:
    from vendor_eval.console import stderr

    interactive = options.answers is None
    if interactive and not sys.stdin.isatty():
        raise UsageError(
            "assess asks questions and needs a terminal; without one, fill answers with "
            "--answers FILE, check profiles with `vendor-eval validate` and score them "
            "with `vendor-eval score`"
        )
    started = time.time()
    console = stderr()
    session = _open_session(options, console, interactive=interactive)
    _remove_stale_temp_files(session.path, started, console)
    if interactive:
        session.save()
        _interview(session, console)
    else:
        assert options.answers is not None
        _fill_from_file(session, options.answers)
        session.save()
        console.print(f"Saved the answers from {_safe(options.answers)} to {_safe(session.path)}.")
    _print_summary(session, console)


@dataclass
class _Session:
    path: Path
    document: ProfileDocument
    checklist: Checklist
    evidence: list[Evidence]
    review: bool

    @property
    def order(self) -> list[str]:
        return [q.field for q in self.checklist.questions]

    def save(self) -> None:
        with _signals_held():
            self.document.save()


def _open_session(options: AssessOptions, console: Console, *, interactive: bool) -> _Session:
    from vendor_eval.checklist import load_checklist
    from vendor_eval.evidence.io import load_evidence
    from vendor_eval.profile_edit import ProfileDocument
    from vendor_eval.profiles import ChecklistCache, ProfileInvalid, check_profile

    new_evidence = [load_evidence(path) for path in options.evidence]
    vendor = _clean_vendor(options.vendor) if options.vendor is not None else None
    path = options.profile
    if path is None:
        from vendor_eval.scaffold import slugify

        vendor = vendor or _ask_vendor(console, interactive=interactive)
        folder = Path("vendor_profiles")
        path = (folder if folder.is_dir() else Path(".")) / f"{slugify(vendor)}.yaml"
    if path.suffix not in (".yaml", ".yml"):
        raise UsageError(f"{path}: a profile is a .yaml file")

    if path.exists():
        check = check_profile(path, ChecklistCache())
        if not check.success:
            for problem in check.problems:
                console.print(
                    f"{_safe(problem.path)}:{problem.line}:{problem.column}: "
                    f"{_safe(problem.message)} [{_safe(problem.rule)}]"
                )
            raise ProfileInvalid(check)
        assert check.checklist is not None
        if options.checklist and options.checklist not in (
            check.checklist.id,
            check.profile.checklist_id if check.profile else None,
        ):
            raise UsageError(
                f"{path} is assessed against checklist {check.checklist.id!r}; "
                "--checklist only applies to a new profile"
            )
        document = ProfileDocument.read(path)
        checklist = check.checklist
        known = {str(Path(e.source).resolve()) for e in check.evidence if e.source}
        evidence = list(check.evidence) + [
            e for e in new_evidence if str(Path(e.source or "").resolve()) not in known
        ]
        if interactive:
            console.print(f"Resuming {_safe(path)} ({_safe(document.data['vendor']['name'])}).")
    else:
        if vendor is None:
            if not interactive:
                raise UsageError(f"{path} does not exist yet; give --vendor NAME to create it")
            vendor = _ask_vendor(console, interactive=True)
        checklist_ref = options.checklist or "healthcare-analytics"
        checklist = load_checklist(checklist_ref)
        if Path(checklist_ref).suffix in (".yaml", ".yml"):
            # Profiles name their checklist file relative to themselves.
            checklist_ref = Path(os.path.relpath(checklist_ref, path.parent or ".")).as_posix()
        document = ProfileDocument.new(
            path, vendor_name=vendor, checklist=checklist_ref, as_of=dt.date.today().isoformat()
        )
        evidence = new_evidence
        if interactive:
            console.print(f"Creating {_safe(path)} for {_safe(vendor)}.")

    for item in new_evidence:
        assert item.source is not None
        relative = Path(os.path.relpath(Path(item.source).resolve(), path.parent.resolve()))
        document.add_evidence_link(
            {
                "path": relative.as_posix(),
                "kind": item.kind,
                "document_sha256": item.document.sha256,
            }
        )
    return _Session(path, document, checklist, evidence, options.review)


def _remove_stale_temp_files(path: Path, started: float, console: Console) -> None:
    from vendor_eval.fileio import remove_stale_temp_files

    for stale in remove_stale_temp_files(path, older_than=started):
        console.print(
            f"Removed {_safe(stale)}, left behind by a save that was interrupted.",
            soft_wrap=True,  # a path broken over lines cannot be copied
        )


def _clean_vendor(name: str) -> str:
    from vendor_eval.console import one_line

    cleaned = one_line(name)
    if not cleaned:
        raise UsageError("the vendor name is empty")
    if len(cleaned) > MAX_VENDOR_NAME:
        raise UsageError(f"the vendor name is over {MAX_VENDOR_NAME} characters")
    return cleaned


def _ask_vendor(console: Console, *, interactive: bool) -> str:
    if not interactive:
        raise UsageError("give the profile file or --vendor NAME")
    while True:
        try:
            return _clean_vendor(console.input("Vendor name: "))
        except UsageError as exc:
            console.print(f"  {_safe(exc.message)}")
        except EOFError:
            raise typer.Exit(1) from None


def _fill_from_file(session: _Session, answers_path: Path) -> None:
    """Check every answer in the file first; only then set them, so nothing is written when
    one is wrong."""
    from vendor_eval import yamlio
    from vendor_eval.interview import InvalidAnswer, check_answer

    data = yamlio.load_file(answers_path).data
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise InputError(
            "expected a mapping of field: value, e.g. baa.offered: true", path=answers_path
        )
    by_field = {q.field: q for q in session.checklist.questions}
    checked: list[tuple[str, Any]] = []
    for name, value in _flatten(data):
        question = by_field.get(name)
        if question is None:
            raise InputError(
                f"{name}: not a question of checklist {session.checklist.id!r}", path=answers_path
            )
        if value is None:
            raise InputError(f"{name}: give a value or leave the field out", path=answers_path)
        try:
            checked.append((name, check_answer(question, value)))
        except InvalidAnswer as exc:
            raise InputError(f"{name}: {exc}", path=answers_path) from None
    for name, value in checked:
        session.document.set_answer(name, value, order=session.order)


def _flatten(data: dict[str, Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    """Both `baa.offered: true` and `baa: {offered: true}` name the field baa.offered."""
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            yield from _flatten(value, f"{name}.")
        else:
            yield name, value


def _interview(session: _Session, console: Console) -> None:
    from vendor_eval.interview import (
        Interview,
        evidence_prefills,
        saved_answers,
    )

    interview = Interview(
        session.checklist,
        saved_answers(session.checklist, session.document.data),
        evidence_prefills(session.checklist, session.evidence),
        review=session.review,
    )
    if interview.finished:
        console.print("Every question has an answer; run with --review to revisit them.")
        return
    console.print(
        "Reply with an answer, or Enter for the default; ? help, s skip, b back, "
        "q save and quit. Each answer is saved as soon as you give it."
    )
    try:
        completed = _ask_all(interview, session, console)
    except KeyboardInterrupt:
        console.print()
        completed = False
    answered = len(interview.answers)
    total = len(session.checklist.questions)
    resume = f"vendor-eval assess {_safe(_shell_quote(session.path))}"
    if not completed:
        console.print(
            f"{answered} of {total} questions answered, saved in {_safe(session.path)}. "
            f"Resume with: {resume}",
            soft_wrap=True,
        )
        raise typer.Exit(0)
    if answered < total:
        console.print(
            f"{total - answered} skipped questions are still unanswered; "
            f"answer them with: {resume}",
            soft_wrap=True,
        )


def _ask_all(interview: Interview, session: _Session, console: Console) -> bool:
    """Ask until the checklist is done (True) or the analyst quits (False)."""
    from vendor_eval.interview import BACK, HELP, QUIT, SKIP, help_lines, knockout_message

    shown = None
    while not interview.finished:
        question = interview.current
        assert question is not None
        if shown != (question.id, interview.position):
            _show_question(interview, question, console)
        shown = (question.id, interview.position)
        reply = _read_reply(question, interview.default(question), console)
        if reply is None or reply.command == QUIT:
            return False
        if reply.command == HELP:
            for line in help_lines(question, has_evidence=question.id in interview.prefills):
                _note(console, line, style="italic")
            continue
        shown = None
        if reply.command == SKIP:
            interview.skip()
        elif reply.command == BACK:
            if not interview.back():
                _note(console, "This is the first question.")
        else:
            name, value = interview.answer(reply.value)
            session.document.set_answer(name, value, order=session.order)
            session.save()
            stop = knockout_message(question, value)
            if stop:
                _note(console, f"Knockout: {stop}", style="bold")
                _note(
                    console,
                    "The verdict will be a stop whatever else is answered. Go on to record "
                    "the rest, b to change this answer, or q to save and quit.",
                )
    return True


def _read_reply(question: Question, default: Any, console: Console) -> Any:
    from vendor_eval.interview import InvalidAnswer, parse_reply
    from vendor_eval.scoring import answer_label

    hint = _answer_hint(question)
    shown_default = f" \\[{_safe(answer_label(question, default))}]" if default is not None else ""
    while True:
        try:
            text = console.input(f"{hint}{shown_default}> ")
        except EOFError:
            console.print()
            return None
        try:
            return parse_reply(question, text, default)
        except InvalidAnswer as exc:
            message = str(exc)
            # "did you mean ...?" already invites the next try.
            _note(
                console, message if message.endswith("?") else f"{message}; try again (? for help)"
            )


def _answer_hint(question: Question) -> str:
    return {
        "boolean": "y/n",
        "choice": "number or value",
        "multi-choice": "comma-separated numbers or values, or none",
        "integer": "whole number",
        "date": "YYYY-MM-DD",
        "text": "text (one line)",
    }.get(question.type, "answer")


def _show_question(interview: Interview, question: Question, console: Console) -> None:
    from vendor_eval.scoring import answer_label

    step = interview.progress()
    console.print()
    console.print(
        f"[bold]{_safe(step.section_title)}[/bold] - section {step.section_number} of "
        f"{step.section_count}, question {step.number_in_section} of "
        f"{step.questions_in_section} ({step.answered} of {step.total} answered)"
    )
    console.print(f"[bold]{_safe(question.prompt)}[/bold]")
    console.print(_safe(question.guidance), style="dim")
    for number, option in enumerate(question.options, start=1):
        console.print(f"  {number}. {_safe(option.label)}  ({_safe(_value_word(option.value))})")
    prefill = interview.prefills.get(question.id)
    if prefill is not None:
        _show_evidence(question, prefill, console)
    saved = interview.answers.get(question.id)
    if saved is not None:
        console.print(f"  Saved answer: {_safe(answer_label(question, saved))}")
        if prefill is not None and not prefill.agrees_with(question, saved):
            console.print("  [bold]The saved answer differs from what the evidence says.[/bold]")


def _show_evidence(question: Question, prefill: EvidenceAnswer, console: Console) -> None:
    from vendor_eval.console import one_line
    from vendor_eval.scoring import answer_label

    document = Path(prefill.document).name
    console.print(f"  Evidence ({_safe(document)}): {_safe(answer_label(question, prefill.value))}")
    for citation in prefill.citations[:2]:
        if citation.page is not None:
            where = f"page {citation.page}"
        elif citation.entry is not None:
            where = f"request {citation.entry}" + (f" to {citation.host}" if citation.host else "")
        else:
            where = "cited"
        quote = one_line(citation.quote)
        if len(quote) > QUOTE_LIMIT:
            quote = quote[: QUOTE_LIMIT - 1].rstrip() + "…"
        _note(console, f'{where}: "{quote}"', indent=4)


def _note(console: Console, text: str, style: str = "", indent: int = 2) -> None:
    """Indented text (never markup) whose wrapped lines stay aligned with the first."""
    from rich.padding import Padding
    from rich.text import Text

    from vendor_eval.console import strip_control

    console.print(Padding(Text(strip_control(text), style=style), (0, 0, 0, indent)))


def _value_word(value: Any) -> str:
    if isinstance(value, bool):
        return "y" if value else "n"
    return str(value)


def _print_summary(session: _Session, console: Console) -> None:
    from vendor_eval.model import Profile
    from vendor_eval.profiles import ChecklistCache, check_profile
    from vendor_eval.scoring import score

    check = check_profile(session.path, ChecklistCache())
    if not check.success or check.profile is None or check.checklist is None:
        first = check.problems[0]
        console.print(
            f"The profile does not validate yet ({_safe(first.message)}); "
            f"see `vendor-eval validate {_safe(_shell_quote(session.path))}`."
        )
        return
    as_of = dt.date.fromisoformat(check.profile.data["assessment"]["as_of"])
    result = score(
        Profile(str(session.path), check.profile.data), check.checklist, check.evidence, as_of
    )
    counts = result.finding_counts()
    findings = ", ".join(f"{counts[severity]} {severity}" for severity in counts)
    console.print()
    console.print(
        f"[bold]{_safe(result.vendor)}: {result.score:.0f}/100 - "
        f"{_safe(result.verdict.label)}[/bold] ({result.completeness:.0f}% complete; "
        f"findings: {findings})"
    )
    for knocked in result.knockouts:
        console.print(f"  Knockout: {_safe(knocked.knockout or '')}")
    scorecard = session.path.with_suffix(".html")
    console.print(
        "Export the scorecard: vendor-eval report "
        f"{_safe(_shell_quote(session.path))} --format html -o {_safe(_shell_quote(scorecard))}",
        soft_wrap=True,
    )


def _safe(text: Any) -> str:
    """Untrusted text (vendor names, evidence quotes, custom checklists) made inert for
    rich: no markup, no control characters."""
    from rich.markup import escape

    from vendor_eval.console import strip_control

    return escape(strip_control(str(text)))


def _shell_quote(path: Path) -> str:
    import shlex

    return shlex.quote(str(path))


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Hold Ctrl-C and termination signals while a save runs, so the answer just given
    reaches the disk; they are delivered as soon as the file is in place."""
    held = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)
