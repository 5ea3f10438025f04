"""Assessments as the commands ask for them: profiles loaded and scored in bulk, and the
session behind `assess` (open a profile or create one, link evidence, fill in answers,
save each one, score the result).

Nothing here prints or prompts. Where a session needs something only a person can give
(the vendor's name), the caller hands in a function that asks for it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import difflib
import os
import signal
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vendor_eval.errors import InputError, UsageError

if TYPE_CHECKING:
    from vendor_eval.fileio import FileLock
    from vendor_eval.interview import Interview
    from vendor_eval.model import Assessment, Checklist, Evidence
    from vendor_eval.profile_edit import ProfileDocument
    from vendor_eval.profiles import ChecklistCache

DEFAULT_CHECKLIST = "healthcare-analytics"
MAX_VENDOR_NAME = 200


@dataclass
class ScoredFiles:
    assessments: list[Assessment] = field(default_factory=list)
    refused: list[InputError] = field(default_factory=list)


def assess_files(
    paths: list[Path],
    *,
    checklist: str | None,
    as_of: dt.date | None,
    evidence_root: Path | None = None,
) -> ScoredFiles:
    """Validate and score each profile; a file that cannot be scored is kept as an error
    and the others go on."""
    from vendor_eval.checklist import load_checklist
    from vendor_eval.profiles import (
        ChecklistCache,
        ProfileInvalid,
        iter_profile_paths,
        load_valid_profile,
    )
    from vendor_eval.scoring import score

    if checklist is not None:
        load_checklist(checklist)  # a bad --checklist is one error, not one per profile
    cache = ChecklistCache(override=checklist)
    day = as_of or dt.date.today()
    scored = ScoredFiles()
    for path, problem in iter_profile_paths(paths):
        if problem is not None:
            scored.refused.append(InputError(problem.message, path=problem.path))
            continue
        try:
            check = load_valid_profile(path, cache, evidence_root=evidence_root)
        except ProfileInvalid as exc:
            scored.refused.append(exc)
            continue
        assert check.profile is not None and check.checklist is not None
        scored.assessments.append(score(check.profile, check.checklist, check.evidence, day))
    return scored


@dataclass
class Session:
    """One profile being filled in: its editable document, its checklist and the evidence
    that pre-fills it. `created` is true when the profile did not exist before."""

    path: Path
    document: ProfileDocument
    checklist: Checklist
    evidence: list[Evidence]
    review: bool
    created: bool
    lock: FileLock | None = None
    # The checklists loaded (and validators compiled) when the profile was opened, for
    # scoring it when it is saved.
    checklists: ChecklistCache | None = None

    def close(self) -> None:
        """End the session: another one may open the profile from now on."""
        if self.lock is not None:
            self.lock.release()
            self.lock = None

    @property
    def order(self) -> list[str]:
        return [q.field for q in self.checklist.questions]

    @property
    def vendor(self) -> str:
        return str(self.document.data["vendor"]["name"])

    def interview(self) -> Interview:
        from vendor_eval.interview import Interview, evidence_prefills, saved_answers

        prefills, notes = evidence_prefills(
            self.checklist, self.evidence, self.document.data.get("vendor")
        )
        return Interview(
            self.checklist,
            saved_answers(self.checklist, self.document.data),
            prefills,
            evidence_notes=notes,
            review=self.review,
        )

    def check(self, name: str, value: Any) -> None:
        """Refuse (InvalidAnswer) an answer that breaks a rule tying it to the others,
        such as a period ending before it starts, before it is recorded anywhere."""
        from vendor_eval.interview import InvalidAnswer
        from vendor_eval.profiles import broken_rules

        broken = broken_rules(self.checklist, self.document.data, [(name, value)])
        if broken:
            raise InvalidAnswer(broken[0])

    def record(self, name: str, value: Any) -> None:
        """Set one answer and save it at once."""
        self.check(name, value)
        self.document.set_answer(name, value, order=self.order)
        self.save()

    def save(self) -> None:
        with _signals_held():
            self.document.save()


def open_session(
    profile: Path | None,
    *,
    vendor: str | None,
    checklist: str | None,
    evidence: list[Path],
    review: bool,
    ask_vendor: Callable[[], str] | None,
    ask_domains: Callable[[], list[str]] | None = None,
    evidence_root: Path | None = None,
) -> Session:
    """Open `profile` (validated, so a broken one is refused with its problems) or start a
    new one, and link the given evidence files into it. Without a profile path, the file is
    named after the vendor. `ask_vendor` is called when a vendor name is needed and none was
    given; without it, that is a usage error. A new profile's vendor domains come from the
    tracker catalogue when it knows the vendor, else from `ask_domains` when given. Evidence
    must lie where `validate` lets the profile link it: under the profile's folder, or under
    `evidence_root` when given."""
    from vendor_eval.evidence.io import load_evidence
    from vendor_eval.fileio import lock_beside

    new_evidence = [load_evidence(path) for path in evidence]
    vendor = clean_vendor(vendor) if vendor is not None else None
    path = profile
    if path is None:
        from vendor_eval.scaffold import slugify

        vendor = vendor or _require_vendor(ask_vendor, "give the profile file or --vendor NAME")
        folder = Path("vendor_profiles")
        path = (folder if folder.is_dir() else Path(".")) / f"{slugify(vendor)}.yaml"
    if path.suffix not in (".yaml", ".yml"):
        raise UsageError(f"{path}: a profile is a .yaml file")
    _refuse_unlinkable(evidence, path.parent, evidence_root)

    # Held for the whole session, so that a second session cannot start from the same
    # answers and then save over the first one's.
    lock = lock_beside(path, held_by="another assess session")
    try:
        session = _open_locked(
            path, vendor, checklist, new_evidence, review, ask_vendor, ask_domains, evidence_root
        )
    except BaseException:
        lock.release()
        raise
    session.lock = lock
    return session


def _refuse_unlinkable(evidence: list[Path], folder: Path, evidence_root: Path | None) -> None:
    """Refuse up front an evidence file the profile could link but `validate` would then
    refuse to read."""
    from vendor_eval.profiles import evidence_link_root, is_inside

    root, allowed = evidence_link_root(folder, evidence_root)
    for file in evidence:
        if not is_inside(file, root):
            raise UsageError(
                f"is outside {allowed}, so the profile may not link it; put it next to "
                "the profile, or give --evidence-root FOLDER holding both",
                path=file,
            )


def _open_locked(
    path: Path,
    vendor: str | None,
    checklist: str | None,
    new_evidence: list[Evidence],
    review: bool,
    ask_vendor: Callable[[], str] | None,
    ask_domains: Callable[[], list[str]] | None,
    evidence_root: Path | None,
) -> Session:
    if path.exists():
        session = _resume(path, checklist, new_evidence, review, evidence_root)
    else:
        if vendor is None:
            vendor = _require_vendor(
                ask_vendor, f"{path} does not exist yet; give --vendor NAME to create it"
            )
        session = _create(path, vendor, checklist, new_evidence, review, ask_domains)
    for item in new_evidence:
        assert item.source is not None
        relative = Path(os.path.relpath(Path(item.source).resolve(), path.parent.resolve()))
        session.document.add_evidence_link(
            {
                "path": relative.as_posix(),
                "kind": str(item.kind),  # plain text: the YAML writers know no enums
                "document_sha256": item.document.sha256,
            }
        )
    return session


def _resume(
    path: Path,
    checklist: str | None,
    new_evidence: list[Evidence],
    review: bool,
    evidence_root: Path | None,
) -> Session:
    from vendor_eval.profile_edit import ProfileDocument
    from vendor_eval.profiles import ChecklistCache, ProfileInvalid, check_profile

    checklists = ChecklistCache()
    check = check_profile(path, checklists, evidence_root=evidence_root)
    if not check.success:
        raise ProfileInvalid(check)
    assert check.checklist is not None
    if checklist and checklist not in (
        check.checklist.id,
        check.profile.checklist_id if check.profile else None,
    ):
        raise UsageError(
            f"{path} is assessed against checklist {check.checklist.id!r}; "
            "--checklist only applies to a new profile"
        )
    known = {str(Path(e.source).resolve()) for e in check.evidence if e.source}
    evidence = list(check.evidence) + [
        e for e in new_evidence if str(Path(e.source or "").resolve()) not in known
    ]
    # The text just checked is the one edited: read and parsed once, and no change can
    # slip in between the check and the edit.
    assert check.text is not None and check.profile is not None
    document = ProfileDocument(
        path,
        check.text,
        on_disk=check.text,
        data=check.profile.data if "\r" not in check.text else None,
    )
    # A file that cannot be edited is refused now, before any answer is asked for.
    document.prepare([q.field for q in check.checklist.questions])
    return Session(
        path, document, check.checklist, evidence, review, created=False, checklists=checklists
    )


def _create(
    path: Path,
    vendor: str,
    checklist: str | None,
    new_evidence: list[Evidence],
    review: bool,
    ask_domains: Callable[[], list[str]] | None,
) -> Session:
    from vendor_eval.checklist import load_checklist
    from vendor_eval.profile_edit import ProfileDocument

    checklist_ref = checklist or DEFAULT_CHECKLIST
    chosen = load_checklist(checklist_ref)
    if Path(checklist_ref).suffix in (".yaml", ".yml"):
        # Profiles name their checklist file relative to themselves.
        checklist_ref = Path(os.path.relpath(checklist_ref, path.parent or ".")).as_posix()
    document = ProfileDocument.new(
        path,
        vendor_name=vendor,
        checklist=checklist_ref,
        as_of=dt.date.today().isoformat(),
        vendor_lines=_identity_lines(vendor, ask_domains),
    )
    return Session(path, document, chosen, new_evidence, review, created=True)


def _identity_lines(vendor: str, ask_domains: Callable[[], list[str]] | None) -> list[str]:
    from vendor_eval.scaffold import identity_lines
    from vendor_eval.vendor_identity import catalogue_identity

    known = catalogue_identity(vendor)
    if known is not None:
        return identity_lines(known.domains, known.tracker)
    return identity_lines(tuple(ask_domains() if ask_domains else ()), None)


def clean_vendor(name: str) -> str:
    """A vendor name as typed, made one line; empty or overlong names are refused."""
    from vendor_eval.safe_text import one_line

    cleaned = one_line(name)
    if not cleaned:
        raise UsageError("the vendor name is empty")
    if len(cleaned) > MAX_VENDOR_NAME:
        raise UsageError(f"the vendor name is over {MAX_VENDOR_NAME} characters")
    return cleaned


def _require_vendor(ask_vendor: Callable[[], str] | None, refusal: str) -> str:
    if ask_vendor is None:
        raise UsageError(refusal)
    return ask_vendor()


def fill_answers(session: Session, answers_path: Path) -> None:
    """Set the answers of a YAML file of field: value. Every answer is checked first and
    every wrong one reported, each where it is; only then are they set, so nothing is
    written when one is wrong."""
    # answer_types, not the interview: a file of answers needs no question engine.
    from vendor_eval import yamlio
    from vendor_eval.answer_types import InvalidAnswer, answer_type
    from vendor_eval.errors import InputProblems

    document = yamlio.load_file(answers_path)
    data = {} if document.data is None else document.data
    if not isinstance(data, dict):
        raise InputError(
            "expected a mapping of field: value, e.g. baa.offered: true", path=answers_path
        )
    by_field = {q.field: q for q in session.checklist.questions}
    checked: list[tuple[str, Any]] = []
    problems: list[tuple[int, int, str]] = []

    def wrong(at: tuple[str, ...], message: str, *, key: bool = False) -> None:
        mark = document.mark_for(at, key=key)
        problems.append((mark.line, mark.column, message))

    for at, mark in document.duplicate_keys:
        # YAML keeps the later of two equal keys, so the earlier answer would go unsaid.
        name = ".".join(str(part) for part in at)
        problems.append(
            (mark.line, mark.column, f"{name}: answered twice in this file; keep one of the two")
        )
    given: set[str] = set()
    for at, value in _flatten(data):
        name = ".".join(at)
        question = by_field.get(name)
        if name in given:
            # `baa.offered: true` and `baa: {offered: false}` both name one field.
            wrong(at, f"{name}: answered twice in this file; keep one of the two", key=True)
        elif question is None:
            close = difflib.get_close_matches(name, list(by_field), n=1)
            hint = f"; did you mean {close[0]}?" if close else ""
            wrong(
                at, f"{name}: not a question of checklist {session.checklist.id!r}{hint}", key=True
            )
        elif value is None:
            wrong(at, f"{name}: give a value or leave the field out")
        else:
            try:
                checked.append((name, answer_type(question).check(question, value)))
            except InvalidAnswer as exc:
                wrong(at, f"{name}: {exc}")
        given.add(name)
    if problems:
        raise InputProblems(sorted(problems), path=answers_path)
    from vendor_eval.profiles import broken_rules

    broken = broken_rules(session.checklist, session.document.data, checked)
    if broken:
        raise InputError(f"{broken[0]}; nothing was written", path=answers_path)
    for name, value in checked:
        session.document.set_answer(name, value, order=session.order)


def _flatten(
    data: dict[str, Any], prefix: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], Any]]:
    """Both `baa.offered: true` and `baa: {offered: true}` name the field baa.offered."""
    for key, value in data.items():
        at = (*prefix, key)
        if isinstance(value, dict):
            yield from _flatten(value, at)
        else:
            yield at, value


def score_saved(session: Session) -> Assessment:
    """Score the profile as it is on disk, as of its own assessment date. Raises
    ProfileInvalid while it does not validate yet (a required answer still missing)."""
    from vendor_eval.model import Profile
    from vendor_eval.profiles import ChecklistCache, ProfileInvalid, check_profile
    from vendor_eval.scoring import score

    check = check_profile(
        session.path, session.checklists or ChecklistCache(), read=session.document.saved
    )
    if not check.success or check.profile is None or check.checklist is None:
        raise ProfileInvalid(check)
    as_of = dt.date.fromisoformat(check.profile.data["assessment"]["as_of"])
    return score(
        Profile(str(session.path), check.profile.data), check.checklist, check.evidence, as_of
    )


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
