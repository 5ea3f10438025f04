"""`vendor-eval assess`: the guided interview that fills in a vendor profile.

Every answer is written to the profile (atomically) the moment it is given, so Ctrl-C, a
killed process or a closed terminal loses at most the answer being typed.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from vendor_eval.commands.common import EvidenceRootOption
from vendor_eval.errors import UsageError

if TYPE_CHECKING:
    from rich.console import Console

    from vendor_eval.assessments import Session
    from vendor_eval.evidence_answers import EvidenceAnswer
    from vendor_eval.interview import Interview
    from vendor_eval.model import Question

QUOTE_LIMIT = 240


@dataclass
class AssessOptions:
    profile: Path | None
    vendor: str | None
    checklist: str | None
    evidence: list[Path] = field(default_factory=list)
    review: bool = False
    answers: Path | None = None
    evidence_root: Path | None = None


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
    evidence_root: EvidenceRootOption = None,
) -> None:
    """Walk through the checklist question by question and save each answer as it is
    given. Shows why each question matters and what the evidence says (as the default).
    Replies: an answer, Enter for the default, ? help, s skip, b back, q quit (\\s, \\b,
    \\q or \\? to answer with that text). Resumes at the first unanswered question; ends
    with the score. In a profile made by `vendor-eval init`, each answer replaces its
    commented-out line and keeps the question as a comment."""
    options = AssessOptions(
        profile, vendor, checklist, list(evidence or []), review, answers, evidence_root
    )
    run_assess(options)


def run_assess(options: AssessOptions) -> None:
    from vendor_eval.assessments import fill_answers
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
    try:
        _remove_stale_temp_files(session.path, started, console)
        if interactive:
            session.save()
            _interview(session, console)
        else:
            assert options.answers is not None
            fill_answers(session, options.answers)
            session.save()
            console.print(
                f"Saved the answers from {_safe(options.answers)} to {_safe(session.path)}."
            )
        _print_summary(session, console)
    finally:
        session.close()


def _open_session(options: AssessOptions, console: Console, *, interactive: bool) -> Session:
    from vendor_eval.assessments import open_session
    from vendor_eval.errors import location
    from vendor_eval.profiles import ProfileInvalid

    try:
        session = open_session(
            options.profile,
            vendor=options.vendor,
            checklist=options.checklist,
            evidence=options.evidence,
            review=options.review,
            ask_vendor=(lambda: _ask_vendor(console)) if interactive else None,
            ask_domains=(lambda: _ask_domains(console)) if interactive else None,
            evidence_root=options.evidence_root,
        )
    except ProfileInvalid as exc:
        for problem in exc.check.problems:
            console.print(
                f"{_safe(location(problem.path, problem.line, problem.column))}: "
                f"{_safe(problem.message)} [{_safe(problem.rule)}]"
            )
        raise
    if interactive and session.created:
        console.print(f"Creating {_safe(session.path)} for {_safe(session.vendor)}.")
    elif interactive:
        console.print(f"Resuming {_safe(session.path)} ({_safe(session.vendor)}).")
    return session


def _remove_stale_temp_files(path: Path, started: float, console: Console) -> None:
    from vendor_eval.fileio import remove_stale_temp_files

    for stale in remove_stale_temp_files(path, older_than=started):
        console.print(
            f"Removed {_safe(stale)}, left behind by a save that was interrupted.",
            soft_wrap=True,  # a path broken over lines cannot be copied
        )


def _ask_vendor(console: Console) -> str:
    from vendor_eval.assessments import clean_vendor

    while True:
        try:
            return clean_vendor(console.input("Vendor name: "))
        except UsageError as exc:
            console.print(f"  {_safe(exc.message)}")
        except EOFError:
            raise typer.Exit(1) from None


def _ask_domains(console: Console) -> list[str]:
    from vendor_eval.vendor_identity import domain_problem

    while True:
        try:
            reply = console.input(
                "The vendor's domains, e.g. acme.com, comma-separated (Enter to skip): "
            )
        except EOFError:
            raise typer.Exit(1) from None
        domains = [d.strip().lower() for d in reply.split(",") if d.strip()]
        problems = [p for p in map(domain_problem, domains) if p]
        if not problems:
            return domains
        for problem in problems:
            console.print(f"  {_safe(problem)}")


def _interview(session: Session, console: Console) -> None:
    interview = session.interview()
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


def _ask_all(interview: Interview, session: Session, console: Console) -> bool:
    """Ask until the checklist is done (True) or the analyst quits (False)."""
    from vendor_eval.interview import (
        BACK,
        HELP,
        QUIT,
        SKIP,
        InvalidAnswer,
        help_lines,
        knockout_message,
    )

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
            try:
                session.check(question.field, reply.value)
            except InvalidAnswer as exc:
                _note(console, f"{exc}; try again (? for help)")
                shown = (question.id, interview.position)
                continue
            name, value = interview.answer(reply.value)
            session.record(name, value)
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
    from vendor_eval.answer_types import answer_label
    from vendor_eval.interview import InvalidAnswer, parse_reply

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
    from vendor_eval.answer_types import answer_type

    return answer_type(question).prompt_hint


def _show_question(interview: Interview, question: Question, console: Console) -> None:
    from vendor_eval.answer_types import answer_label

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
    elif question.id in interview.evidence_notes:
        console.print(f"  Evidence: {_safe(interview.evidence_notes[question.id])}")
    saved = interview.answers.get(question.id)
    if saved is not None:
        console.print(f"  Saved answer: {_safe(answer_label(question, saved))}")
        if prefill is not None and not prefill.agrees_with(question, saved):
            console.print("  [bold]The saved answer differs from what the evidence says.[/bold]")


def _show_evidence(question: Question, prefill: EvidenceAnswer, console: Console) -> None:
    from vendor_eval.answer_types import answer_label
    from vendor_eval.console import one_line

    document = Path(prefill.document).name
    console.print(f"  Evidence ({_safe(document)}): {_safe(answer_label(question, prefill.value))}")
    for citation in prefill.citations[:2]:
        place = citation.document_place()
        if place is not None:
            where = one_line(place)
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


def _print_summary(session: Session, console: Console) -> None:
    from vendor_eval.assessments import score_saved
    from vendor_eval.profiles import ProfileInvalid

    try:
        result = score_saved(session)
    except ProfileInvalid as exc:
        first = exc.check.problems[0]
        console.print(
            f"The profile does not validate yet ({_safe(first.message)}); "
            f"see `vendor-eval validate {_safe(_shell_quote(session.path))}`."
        )
        return
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
