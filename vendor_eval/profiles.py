"""Vendor profiles: load with positions, validate (schema + semantic rules), report
problems with file:line:col."""

from __future__ import annotations

import copy
import datetime as dt
import difflib
import errno
import os
import stat
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vendor_eval import yamlio
from vendor_eval.answer_types import ANSWER_TYPES
from vendor_eval.checklist import (
    DEFAULT_CHECKLIST,
    ChecklistError,
    load_checklist,
    profile_schema,
    schema_check,
    schema_errors,
)
from vendor_eval.errors import InputError
from vendor_eval.fileio import sha256_of, special_file_kind
from vendor_eval.model import Checklist, Evidence, EvidenceKind, Problem, Profile

PROFILE_SUFFIXES = (".yaml", ".yml")
# The BAA's own dates, kept by the base schema beside the checklist's BAA answers.
BAA_DATES = ("effective", "expires", "renews")
MAX_PROFILE_BYTES = 2 * 1024 * 1024


@dataclass
class ProfileCheck:
    """The outcome of reading and validating one profile file."""

    path: str
    profile: Profile | None = None
    checklist: Checklist | None = None
    evidence: list[Evidence] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # The file's text as read, for a caller that goes on to edit what was checked.
    text: str | None = None

    @property
    def success(self) -> bool:
        return not any(p.level == "error" for p in self.problems)


class ProfileInvalid(InputError):
    """A profile that failed validation, refused before scoring."""

    def __init__(self, check: ProfileCheck) -> None:
        self.check = check
        first = check.problems[0]
        more = len(check.problems) - 1
        suffix = f" (+{more} more; run `vendor-eval validate {check.path}`)" if more else ""
        super().__init__(
            f"{first.message} [{first.rule}]{suffix}",
            path=check.path,
            line=first.line,
            column=first.column,
        )


class ChecklistCache:
    """Loads each checklist once and compiles its profile validator once."""

    def __init__(self, override: str | Path | None = None) -> None:
        self.override = str(override) if override is not None else None
        self._checklists: dict[str, Checklist] = {}
        self._validators: dict[str, Any] = {}

    def get(self, name: str, *, relative_to: Path | None = None) -> Checklist:
        name = self.override or name
        key = name
        if relative_to is not None and name.endswith((".yaml", ".yml")):
            candidate = relative_to / name
            key = str(candidate) if candidate.exists() else name
        if key not in self._checklists:
            self._checklists[key] = load_checklist(key)
        return self._checklists[key]

    def validator(
        self, checklist: Checklist
    ) -> tuple[Callable[[Any], bool], Callable[[Any], Iterable[Any]]]:
        """(fast yes/no check, jsonschema's detailed errors: imported and built only when a
        file fails the check, so validating valid files never loads jsonschema)."""
        if checklist.sha256 not in self._validators:
            schema = profile_schema(checklist)
            self._validators[checklist.sha256] = (schema_check(schema), schema_errors(schema))
        return self._validators[checklist.sha256]


def iter_profile_paths(paths: list[Path]) -> Iterator[tuple[Path, Problem | None]]:
    """Expand files and folders (recursively) into YAML files, sorted; a path that cannot
    be read (missing, a broken symlink, a loop, a FIFO or device) yields a problem instead
    of stopping the run. A profile reached twice (named twice, or named and inside a
    folder named too) is yielded once: it is one vendor, scored and counted once."""
    seen: set[tuple[int, int]] = set()
    for path, problem in _expand(paths):
        identity = _file_identity(path) if problem is None else None
        if identity is not None:
            if identity in seen:
                continue
            seen.add(identity)
        yield path, problem


def _file_identity(path: Path) -> tuple[int, int] | None:
    try:
        info = path.stat()
    except OSError:
        return None  # gone since it was listed: reading it will say so
    return info.st_dev, info.st_ino


def _expand(paths: list[Path]) -> Iterator[tuple[Path, Problem | None]]:
    for path in paths:
        try:
            if path.is_dir():
                found = sorted(_walk(path), key=lambda item: item[0])
                if not found:
                    yield (
                        path,
                        _path_problem(path, "no-files", "no .yaml or .yml files in this folder"),
                    )
                yield from found
            elif path.exists():
                mode = path.stat().st_mode
                if stat.S_ISREG(mode):
                    yield path, None
                else:
                    yield path, _special_file_problem(path, mode)
            elif path.is_symlink():
                yield path, _path_problem(path, "missing", "broken symlink (or a symlink loop)")
            else:
                yield path, _path_problem(path, "missing", "no such file or folder")
        except OSError as exc:
            yield path, _path_problem(path, "unreadable", f"cannot read: {exc.strerror or exc}")


def _is_profile_name(name: str) -> bool:
    return name.endswith(PROFILE_SUFFIXES) and not name.endswith(".evidence.yaml")


def _walk(folder: Path) -> Iterator[tuple[Path, Problem | None]]:
    """Profile files under `folder`, and a problem for each entry that should have been
    one and cannot be read: a broken symlink, a symlink leading back to a folder above
    it, a FIFO or device. A symlink to a folder already walked by another way is not
    walked again."""
    seen: set[tuple[int, int]] = set()
    stack: list[tuple[Path, tuple[tuple[int, int], ...]]] = [(folder, ())]
    while stack:
        current, ancestors = stack.pop()
        try:
            info = current.stat()
        except OSError as exc:
            yield current, _path_problem(current, "unreadable", f"cannot read: {exc.strerror}")
            continue
        identity = (info.st_dev, info.st_ino)
        if identity in ancestors:
            yield (
                current,
                _path_problem(
                    current, "folder-loop", "symlink loop: leads back to a folder above it"
                ),
            )
            continue
        if identity in seen:
            continue
        seen.add(identity)
        try:
            entries = list(os.scandir(current))
        except OSError as exc:
            yield current, _path_problem(current, "unreadable", f"cannot read: {exc.strerror}")
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = current / entry.name
            try:
                mode = entry.stat().st_mode
            except OSError as exc:
                if _is_profile_name(entry.name) or "." not in entry.name:
                    looped = exc.errno == errno.ELOOP
                    yield (
                        path,
                        _path_problem(
                            path,
                            "broken-link",
                            "symlink loop" if looped else "broken symlink: its target is missing",
                        ),
                    )
                continue
            if stat.S_ISDIR(mode):
                stack.append((path, (*ancestors, identity)))
            elif not _is_profile_name(entry.name):
                continue
            elif stat.S_ISREG(mode):
                yield path, None
            else:
                yield path, _special_file_problem(path, mode)


def _special_file_problem(path: Path, mode: int) -> Problem:
    return _path_problem(
        path, "special-file", f"is {special_file_kind(mode)}, not a regular file; not read"
    )


def _path_problem(path: Path, rule: str, message: str) -> Problem:
    return Problem(str(path), 1, 1, rule, message)


def check_profile(
    path: str | Path,
    cache: ChecklistCache,
    *,
    load_evidence: bool = True,
    evidence_root: Path | None = None,
    read: yamlio.YamlDocument | None = None,
) -> ProfileCheck:
    """Read and validate one profile. Never raises for a problem in the file itself.
    Evidence links may reach only files under `evidence_root`, by default the profile's
    own folder. `read` is the file already read by yamlio, by a caller that has just
    written it."""
    name = str(path)
    check = ProfileCheck(path=name)
    if read is not None:
        document = read
    else:
        try:
            check.text = yamlio.read_text(path, max_bytes=MAX_PROFILE_BYTES)
            document = yamlio.load_text(check.text, path=name)
        except yamlio.YamlError as exc:
            check.problems.append(
                Problem(name, exc.mark.line, exc.mark.column, exc.rule, exc.message)
            )
            return check
        except InputError as exc:
            check.problems.append(Problem(name, 1, 1, "unreadable", exc.message))
            return check

    def problem(
        at: tuple[Any, ...], rule: str, message: str, *, key: bool = False, level: str = "error"
    ) -> Problem:
        mark = document.mark_for(at, key=key)
        return Problem(name, mark.line, mark.column, rule, message, level)

    for dup_path, mark in document.duplicate_keys:
        check.problems.append(
            Problem(
                name,
                mark.line,
                mark.column,
                "duplicate-key",
                f"duplicate key {dup_path[-1]!r}; the later value would silently win",
            )
        )
    data = document.data
    if data is None:
        check.problems.append(
            problem((), "empty", "file is empty; start one with `vendor-eval init`")
        )
        return check
    if not isinstance(data, dict):
        check.problems.append(
            problem(
                (),
                "profile-type",
                f"a profile must be a mapping (key: value) at the top, not a {_yaml_type(data)}",
            )
        )
        return check

    assessment = data.get("assessment")
    checklist_name = DEFAULT_CHECKLIST
    if isinstance(assessment, dict) and isinstance(assessment.get("checklist"), str):
        checklist_name = assessment["checklist"]
    try:
        checklist = cache.get(checklist_name, relative_to=Path(name).parent)
    except ChecklistError as exc:
        check.problems.append(
            problem(
                ("assessment", "checklist"),
                "invalid-checklist",
                f"checklist {cache.override or checklist_name} has "
                f"{len(exc.problems)} problem(s) of its own",
            )
        )
        check.problems.extend(exc.problems)
        return check
    except InputError as exc:
        check.problems.append(
            problem(("assessment", "checklist"), "unknown-checklist", exc.message)
        )
        return check
    check.checklist = checklist

    is_valid, explain = cache.validator(checklist)
    # Values the schema rejects are not read again by the semantic rules, which expect
    # the schema's types; every other value is, so one run reports everything.
    rejected: list[tuple[Any, ...]] = []
    if not is_valid(data):
        errors = explain(data)
        for error in sorted(errors, key=lambda e: [str(p) for p in e.absolute_path]):
            check.problems.extend(_schema_problems(error, problem))
            if error.validator not in ("required", "additionalProperties"):
                rejected.append(tuple(error.absolute_path))
    schema_valid = not check.problems

    def readable(at: tuple[Any, ...]) -> bool:
        return not any(at[: len(bad)] == bad or bad[: len(at)] == at for bad in rejected)

    profile = Profile(path=name, data=data)
    check.problems.extend(_semantic_problems(profile, checklist, problem, readable))
    if load_evidence:
        evidence, evidence_problems = _linked_evidence(profile, problem, evidence_root, readable)
        check.evidence = evidence
        check.problems.extend(evidence_problems)
    check.problems.sort(key=lambda p: (p.line, p.column))
    if schema_valid:
        check.profile = profile
    return check


def _yaml_type(value: Any) -> str:
    return {list: "list", str: "string", int: "number", float: "number", bool: "boolean"}.get(
        type(value), type(value).__name__
    )


def _schema_problems(error: Any, problem: Callable[..., Problem]) -> Iterator[Problem]:
    at = tuple(error.absolute_path)
    where = ".".join(str(p) for p in at) or "top level"
    if error.validator == "additionalProperties":
        allowed = sorted(error.schema.get("properties", {}))
        for key in sorted(set(error.instance) - set(allowed), key=str):
            hint = difflib.get_close_matches(str(key), allowed, n=1)
            suggestion = (
                f"; did you mean {hint[0]!r}?" if hint else f"; allowed: {', '.join(allowed)}"
            )
            yield problem(
                (*at, key), "unknown-key", f"unknown key {key!r} in {where}{suggestion}", key=True
            )
        return
    if error.validator == "enum":
        options = ", ".join(repr(v) for v in error.validator_value if v is not None)
        yield problem(at, "enum", f"{where}: {error.instance!r} is not one of {options}")
        return
    if error.validator == "required":
        # Point at the key that owns the incomplete mapping, where the name is missing.
        yield problem(at, "required", f"{where}: {error.message}", key=bool(at))
        return
    if error.validator == "type":
        expected = [t for t in _as_list(error.validator_value) if t != "null"]
        # Only text can be a word YAML 1.1 meant as a boolean (a list is not even hashable).
        is_text = isinstance(error.instance, str)
        meant = yamlio.YAML11_BOOLEAN_WORDS.get(error.instance) if is_text else None
        if "boolean" in expected and meant is not None:
            yield problem(
                at,
                "yaml-boolean",
                f"{where}: {error.instance} is text in YAML 1.2, not a boolean; "
                f"write {str(meant).lower()}",
            )
            return
        yield problem(at, "schema", f"{where}: {error.instance!r} is not {' or '.join(expected)}")
        return
    yield problem(at, "schema", f"{where}: {error.message}")


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _semantic_problems(
    profile: Profile,
    checklist: Checklist,
    problem: Callable[..., Problem],
    readable: Callable[[tuple[Any, ...]], bool],
) -> Iterator[Problem]:
    dates: dict[str, dt.date] = {}
    assessment = profile.data.get("assessment")
    as_of = assessment.get("as_of") if isinstance(assessment, dict) else None
    if isinstance(as_of, str) and readable(("assessment", "as_of")):
        try:
            dt.date.fromisoformat(as_of)
        except ValueError:
            yield problem(("assessment", "as_of"), "date", f"{as_of!r} is not a real date")
    if isinstance(assessment, dict):
        yield from _review_problems(assessment, problem, readable, dates)
    for question in checklist.questions:
        kind = ANSWER_TYPES[question.type]
        if not kind.checks_saved_answers:
            continue  # validation runs on hundreds of files; skip the calls that say nothing
        value = profile.answer(question)
        if value is None or not readable(question.path):
            continue
        for rule, message in kind.saved_problems(question, value):
            yield problem(question.path, rule, message)
        day = kind.calendar_day(value)
        if day is not None:
            dates[question.field] = day
    baa = profile.data.get("baa") or {}
    for key in BAA_DATES:
        if isinstance(baa, dict) and isinstance(baa.get(key), str) and readable(("baa", key)):
            try:
                dates[f"baa.{key}"] = dt.date.fromisoformat(baa[key])
            except ValueError:
                yield problem(("baa", key), "date", f"baa.{key}: {baa[key]!r} is not a real date")
    for start_field, end_field in _period_pairs(dates):
        if dates[end_field] < dates[start_field]:
            yield problem(
                tuple(end_field.split(".")),
                "period-order",
                f"{end_field} ({dates[end_field]}) is before {start_field} ({dates[start_field]})",
            )
    vendor = profile.data.get("vendor")
    if isinstance(vendor, dict):
        # Only the identity fields the schema accepted: the rules expect a list of text.
        identity = {key: vendor[key] for key in ("domains", "tracker") if key in vendor}
        yield from _identity_problems(
            {key: value for key, value in identity.items() if readable(("vendor", key))}, problem
        )
    sources = profile.data.get("sources")
    for index, source in enumerate(sources if isinstance(sources, list) else []):
        if not readable(("sources", index, "date")) or not isinstance(source, dict):
            continue
        if isinstance(source.get("date"), str):
            try:
                dt.date.fromisoformat(source["date"])
            except ValueError:
                yield problem(
                    ("sources", index, "date"), "date", f"{source['date']!r} is not a real date"
                )


def broken_rules(
    checklist: Checklist, data: dict[str, Any], answers: Sequence[tuple[str, Any]]
) -> list[str]:
    """What the rules that tie answers together (a period in order, a real date...) would
    say about `data` with `answers` (dotted field, value) set, and do not say about it now.
    `data` is left as it is."""
    candidate = copy.deepcopy(data)
    for field_name, value in answers:
        *sections, leaf = field_name.split(".")
        node = candidate
        for section in sections:
            if not isinstance(node.get(section), dict):
                node[section] = {}
            node = node[section]
        node[leaf] = value

    def messages(profile_data: dict[str, Any]) -> list[str]:
        profile = Profile(path="", data=profile_data)
        found = _semantic_problems(
            profile,
            checklist,
            lambda at, rule, message, **_: Problem("", 1, 1, rule, message),
            lambda at: True,
        )
        return [problem.message for problem in found]

    before = set(messages(data))
    return [message for message in messages(candidate) if message not in before]


def _identity_problems(
    vendor: dict[str, Any], problem: Callable[..., Problem]
) -> Iterator[Problem]:
    """A domain written as a URL, a path or a wildcard, and a tracker id the catalogue
    does not know."""
    domains = vendor.get("domains") or []
    if domains:
        from vendor_eval.vendor_identity import domain_problem

        for index, entry in enumerate(domains):
            message = domain_problem(entry)
            if message:
                yield problem(("vendor", "domains", index), "vendor-domain", message)
    tracker = vendor.get("tracker")
    if tracker:
        from vendor_eval.evidence.har.catalogue import load_catalogue

        known = load_catalogue().vendors()
        if tracker not in known:
            hint = difflib.get_close_matches(tracker, list(known), n=1)
            yield problem(
                ("vendor", "tracker"),
                "vendor-tracker",
                f"{tracker!r} is not in the tracker catalogue"
                + (f"; did you mean {hint[0]!r}?" if hint else "; see `vendor-eval extract har`"),
            )


REVIEW_DATES = ("decided_on", "next_review")


def _review_problems(
    assessment: dict[str, Any],
    problem: Callable[..., Problem],
    readable: Callable[[tuple[Any, ...]], bool],
    dates: dict[str, dt.date],
) -> Iterator[Problem]:
    """The review record: real dates, the next review after the decision, and conditions
    exactly when the decision has them."""
    for key in REVIEW_DATES:
        value = assessment.get(key)
        if isinstance(value, str) and readable(("assessment", key)):
            try:
                dates[f"assessment.{key}"] = dt.date.fromisoformat(value)
            except ValueError:
                yield problem(
                    ("assessment", key), "date", f"assessment.{key}: {value!r} is not a real date"
                )
    decision = assessment.get("decision")
    if not readable(("assessment", "decision")) or not readable(("assessment", "conditions")):
        return
    if decision == "approved-with-conditions" and not assessment.get("conditions"):
        yield problem(
            ("assessment", "decision"),
            "review-conditions",
            "assessment.decision is approved-with-conditions but no conditions are listed; "
            "add them under assessment.conditions",
        )
    elif assessment.get("conditions") and decision != "approved-with-conditions":
        yield problem(
            ("assessment", "conditions"),
            "review-conditions",
            f"assessment.conditions are listed but the decision is {decision or 'not given'}; "
            "set decision: approved-with-conditions, or remove the conditions",
        )


def _period_pairs(dates: dict[str, dt.date]) -> Iterator[tuple[str, str]]:
    for name in dates:
        if name.endswith("_start"):
            end = name[: -len("_start")] + "_end"
            if end in dates:
                yield name, end
    for later in ("baa.expires", "baa.renews"):
        if "baa.effective" in dates and later in dates:
            yield "baa.effective", later
    if "assessment.decided_on" in dates and "assessment.next_review" in dates:
        yield "assessment.decided_on", "assessment.next_review"


def _linked_evidence(
    profile: Profile,
    problem: Callable[..., Problem],
    evidence_root: Path | None,
    readable: Callable[[tuple[Any, ...]], bool],
) -> tuple[list[Evidence], list[Problem]]:
    """The evidence files a profile links. A link is text anyone can write in a pull
    request, so it may name only a file inside `evidence_root` (the profile's folder
    unless given), symlinks resolved; anything else is never opened."""
    from vendor_eval.evidence.io import load_evidence

    evidence: list[Evidence] = []
    problems: list[Problem] = []
    folder = Path(profile.path).parent
    root, allowed = evidence_link_root(folder, evidence_root)
    links = profile.data.get("evidence")
    for index, link in enumerate(links if isinstance(links, list) else []):
        at = ("evidence", index, "path")
        if not readable(("evidence", index)) or not isinstance(link, dict) or "path" not in link:
            continue
        target = folder / link["path"]
        if not is_inside(target, root):
            problems.append(
                problem(
                    at,
                    "evidence-outside",
                    f"evidence file {link['path']} is outside {allowed}, so it was not "
                    "read; keep evidence next to the profile, or give --evidence-root",
                )
            )
            continue
        if not os.path.lexists(target):
            problems.append(
                problem(
                    at,
                    "evidence-missing",
                    f"evidence file {link['path']} not found next to the profile; "
                    "run `vendor-eval extract` to create it",
                )
            )
            continue
        try:
            loaded = load_evidence(target)
        except InputError as exc:
            problems.append(problem(at, "evidence-invalid", exc.message))
            continue
        if link.get("kind") and link["kind"] != loaded.kind:
            problems.append(
                problem(
                    ("evidence", index, "kind"),
                    "evidence-kind",
                    f"link says {link['kind']!r} but the file holds {loaded.kind.value!r} evidence",
                )
            )
        expected = link.get("document_sha256")
        if expected and expected != loaded.document.sha256:
            problems.append(
                problem(
                    ("evidence", index, "document_sha256"),
                    "evidence-sha256",
                    "the evidence file was extracted from a different document "
                    "(sha256 differs); extract it again",
                )
            )
        if loaded.kind is EvidenceKind.SCAN:
            # A scan is of a site, not a file, and speaks of every vendor on it: the
            # profile takes what is about its own vendor.
            from vendor_eval.evidence.scan.vendor_view import scan_for_vendor

            evidence.append(scan_for_vendor(loaded, profile))
            continue
        document = Path(loaded.document.path)
        document = document if document.is_absolute() else target.parent / document
        # `extract -o profiles/x.evidence.yaml` run from the repository names a document
        # beside the profiles folder, so the folder the user works in counts as well.
        if not (is_inside(document, root) or is_inside(document, Path.cwd().resolve())):
            problems.append(
                problem(
                    at,
                    "evidence-document-outside",
                    f"{document.name}, the document behind {link['path']}, is outside the "
                    "evidence folder and the working directory, so it is not checked for "
                    "changes; give --evidence-root to include it",
                    level="warning",
                )
            )
        elif not os.path.lexists(document):
            problems.append(
                problem(
                    at,
                    "evidence-document-moved",
                    f"{document.name}, the document behind {link['path']}, is no longer where "
                    "it was extracted from, so its evidence cannot be checked against it; put "
                    "it back, or extract it again from where it is now",
                    level="warning",
                )
            )
        elif _is_regular_file(document) and sha256_of(document) != loaded.document.sha256:
            problems.append(
                problem(
                    at,
                    "evidence-stale",
                    f"{document.name} has changed since it was extracted; extract it again",
                )
            )
        evidence.append(loaded)
    from vendor_eval.cross_checks import subprocessor_host_warning

    unmatched = subprocessor_host_warning(evidence, profile.data.get("vendor"))
    if unmatched:
        problems.append(
            problem(("evidence",), "subprocessor-hosts-unmatched", unmatched, level="warning")
        )
    return evidence, problems


def _is_regular_file(path: Path) -> bool:
    try:
        return stat.S_ISREG(path.stat().st_mode)
    except OSError:
        return False


def evidence_link_root(folder: Path, evidence_root: Path | None) -> tuple[Path, str]:
    """Where a profile in `folder` may link evidence (symlinks resolved), and how to name
    that place to the user."""
    root = Path(os.path.realpath(evidence_root if evidence_root is not None else folder))
    return root, "--evidence-root" if evidence_root is not None else "the profile's folder"


def is_inside(path: Path, root: Path) -> bool:
    """Whether `path`, with every symlink along it resolved, lies under `root`."""
    return Path(os.path.realpath(path)).is_relative_to(root)


def load_valid_profile(
    path: str | Path, cache: ChecklistCache, *, evidence_root: Path | None = None
) -> ProfileCheck:
    """For score/report: a profile that fails validation is refused (exit 2) with its errors."""
    check = check_profile(path, cache, evidence_root=evidence_root)
    if not check.success:
        raise ProfileInvalid(check)
    return check
