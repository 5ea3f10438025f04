"""Checklists: load one (built-in by name, or a file), check it, and derive the part of the
profile schema that its questions define."""

from __future__ import annotations

import copy
import hashlib
from collections.abc import Callable, Iterable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

from vendor_eval import yamlio
from vendor_eval.answer_types import ANSWER_TYPES, answer_type
from vendor_eval.errors import InputError
from vendor_eval.model import (
    DEFAULT_MIN_COMPLETENESS,
    INCOMPLETE_VERDICT,
    Checklist,
    EvidenceKind,
    EvidenceLink,
    FindingRule,
    Knockout,
    Option,
    Problem,
    Question,
    Range,
    Section,
    Severity,
    Tier,
    Verdict,
)
from vendor_eval.resources import builtin_checklists, json_schema

DEFAULT_CHECKLIST = "healthcare-analytics"
# Top-level profile keys that are not answers; a checklist field may not start with one.
RESERVED_PROFILE_KEYS = ("vendor", "assessment", "sources", "evidence", "notes")


class ChecklistError(InputError):
    """A checklist that cannot be used; carries every problem found in it."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        first = problems[0]
        more = f" (and {len(problems) - 1} more problem(s))" if len(problems) > 1 else ""
        super().__init__(
            f"{first.message}{more}", path=first.path, line=first.line, column=first.column
        )


def load_checklist(name_or_path: str | Path | None = None) -> Checklist:
    """A built-in checklist by name, or a checklist file by path. Raises ChecklistError."""
    name = str(name_or_path or DEFAULT_CHECKLIST)
    builtins = builtin_checklists()
    if name in builtins and not Path(name).exists():
        text = builtins[name].read_text(encoding="utf-8")
        return parse_checklist(text, source=f"builtin:{name}")
    if not name.endswith((".yaml", ".yml")) or not Path(name).exists():
        if Path(name).suffix or "/" in name:
            raise InputError("no such checklist file", path=name)
        known = ", ".join(sorted(builtins))
        raise InputError(f"unknown checklist; built-in ones are: {known}", path=name)
    return parse_checklist(yamlio.read_text(name), source=name)


def parse_checklist(text: str, *, source: str) -> Checklist:
    document = yamlio.load_text(text, path=source)
    problems = list(check_checklist_document(document))
    if problems:
        raise ChecklistError(problems)
    return _build(document.data, source=source, sha256=hashlib.sha256(text.encode()).hexdigest())


def check_checklist_document(document: yamlio.YamlDocument) -> Iterator[Problem]:
    """Every problem in a checklist file: schema first, then the rules a schema cannot say."""

    def problem(path: tuple[Any, ...], rule: str, message: str, *, key: bool = False) -> Problem:
        mark = document.mark_for(path, key=key)
        return Problem(document.path, mark.line, mark.column, rule, message)

    for dup_path, mark in document.duplicate_keys:
        yield Problem(
            document.path,
            mark.line,
            mark.column,
            "duplicate-key",
            f"duplicate key {dup_path[-1]!r}; the later value would silently win",
        )
    data = document.data
    if not isinstance(data, dict):
        yield problem((), "checklist-type", "a checklist must be a mapping (key: value) at the top")
        return
    if not _checklist_check()(data):
        found = sorted(_checklist_errors()(data), key=lambda e: list(e.absolute_path))
        for error in found:
            yield problem(tuple(error.absolute_path), "checklist-schema", _describe(error))
        if found:
            return
    yield from _semantic_problems(data, problem)


@cache
def _checklist_check() -> Callable[[Any], bool]:
    return schema_check(json_schema("checklist"))


@cache
def _checklist_errors() -> Callable[[Any], Iterable[Any]]:
    return schema_errors(json_schema("checklist"))


def schema_check(schema: dict[str, Any]) -> Callable[[Any], bool]:
    """A yes/no check with jsonschema's verdicts, several times faster on the valid files
    that make up most of a run (bench/bench_validate.py): fastjsonschema turns the schema
    into Python once per process. jsonschema then explains only the files it rejects."""
    import fastjsonschema

    # Defaults must never be written into the analyst's data, and jsonschema does not
    # assert `format` either (real dates are a semantic rule with its own message).
    # fastjsonschema rewrites the `$ref`s of what it is given: it gets its own copy, so the
    # schema that jsonschema and `vendor-eval schema` use stays as written.
    validate = fastjsonschema.compile(
        copy.deepcopy(schema), use_default=False, use_formats=False, detailed_exceptions=False
    )

    def is_valid(data: Any) -> bool:
        try:
            validate(data)
        except fastjsonschema.JsonSchemaException:
            return False
        return True

    return is_valid


def schema_errors(schema: dict[str, Any]) -> Callable[[Any], Iterable[Any]]:
    """jsonschema's detailed errors against `schema`; jsonschema is imported, and the
    validator built, on the first call (only for data that failed `schema_check`)."""
    validators: list[Any] = []

    def errors(data: Any) -> Iterable[Any]:
        if not validators:
            import jsonschema

            validators.append(jsonschema.Draft202012Validator(schema))
        return validators[0].iter_errors(data)

    return errors


def _describe(error: Any) -> str:
    where = ".".join(str(p) for p in error.absolute_path)
    return f"{where}: {error.message}" if where else error.message


def _semantic_problems(data: dict[str, Any], problem: Any) -> Iterator[Problem]:
    seen_sections: set[str] = set()
    seen_ids: set[str] = set()
    fields: dict[tuple[str, ...], tuple[Any, ...]] = {}
    for s_index, section in enumerate(data["sections"]):
        if section["id"] in seen_sections:
            yield problem(
                ("sections", s_index, "id"),
                "duplicate-id",
                f"section id {section['id']!r} is used twice",
            )
        seen_sections.add(section["id"])
        for q_index, question in enumerate(section["questions"]):
            at = ("sections", s_index, "questions", q_index)
            if question["id"] in seen_ids:
                yield problem(
                    (*at, "id"), "duplicate-id", f"question id {question['id']!r} is used twice"
                )
            seen_ids.add(question["id"])
            parts = tuple(question["field"].split("."))
            if parts[0] in RESERVED_PROFILE_KEYS:
                yield problem(
                    (*at, "field"),
                    "field-collision",
                    f"field {question['field']!r} would live under the reserved "
                    f"profile key {parts[0]!r}",
                )
            for other, other_at in fields.items():
                shorter, longer = sorted((parts, other), key=len)
                if longer[: len(shorter)] == shorter:
                    yield problem(
                        (*at, "field"),
                        "field-collision",
                        f"field {question['field']!r} collides with "
                        f"{'.'.join(other)!r} (question at sections[{other_at[1]}]"
                        f".questions[{other_at[3]}])",
                    )
            fields[parts] = at
            yield from _question_problems(question, at, problem)
    verdicts = data["verdicts"]
    ids = [v["id"] for v in verdicts] + [
        data["knockout_verdict"]["id"],
        (data.get("incomplete_verdict") or {}).get("id", INCOMPLETE_VERDICT.id),
    ]
    if len(ids) != len(set(ids)):
        yield problem(("verdicts",), "duplicate-id", "verdict ids must be unique")
    tier_ids = [t["id"] for t in data.get("tiers") or []]
    if len(tier_ids) != len(set(tier_ids)):
        yield problem(("tiers",), "duplicate-id", "tier ids must be unique")
    if (
        verdicts[-1]["min_score"] != 0
        or verdicts[-1].get("max_findings")
        or verdicts[-1].get("min_completeness")
    ):
        yield problem(
            ("verdicts", len(verdicts) - 1),
            "verdict-fallback",
            "the last verdict must accept anything: min_score 0, no other condition",
        )


def _question_problems(
    question: dict[str, Any], at: tuple[Any, ...], problem: Any
) -> Iterator[Problem]:
    name = question["type"]
    kind = ANSWER_TYPES[name]
    options = question.get("options")
    values = [o["value"] for o in options or []]
    if kind.needs_options and not options:
        yield problem(at, "question-options", f"a {name} question needs options")
    if not kind.needs_options and options:
        yield problem((*at, "options"), "question-options", f"a {name} question takes no options")
    values_problem = kind.option_values_problem(values) if options else None
    if values_problem:
        yield problem((*at, "options"), "question-options", values_problem)
    if len(set(map(repr, values))) != len(values):
        yield problem((*at, "options"), "duplicate-id", "option values must be unique")
    if kind.needs_ranges and not question.get("ranges"):
        yield problem(at, "question-ranges", f"{_a(name)} question needs ranges")
    if not kind.needs_ranges and question.get("ranges"):
        takers = _types_that("needs_ranges")
        yield problem((*at, "ranges"), "question-ranges", f"only {takers} questions take ranges")
    if question.get("max_age_days") is not None and not kind.takes_max_age:
        takers = _types_that("takes_max_age")
        yield problem(
            (*at, "max_age_days"), "question-type", f"only {takers} questions take max_age_days"
        )
    if "base" in question and not kind.takes_base:
        takers = _types_that("takes_base")
        yield problem((*at, "base"), "question-type", f"only {takers} questions take a base")
    knockout = question.get("knockout")
    if knockout:
        for k_index, value in enumerate(knockout["values"]):
            if options and not any(value == v and type(value) is type(v) for v in values):
                yield problem(
                    (*at, "knockout", "values", k_index),
                    "knockout-value",
                    f"knockout value {value!r} is not one of the options",
                )
    raw_links = question.get("evidence")
    for number, link in enumerate(_links(raw_links)):
        where = (*at, "evidence", number) if isinstance(raw_links, list) else (*at, "evidence")
        for fact_value, mapped in (link.get("map") or {}).items() if options else ():
            for answer in mapped if isinstance(mapped, list) else [mapped]:
                if not any(answer == v and type(answer) is type(v) for v in values):
                    yield problem(
                        (*where, "map", fact_value),
                        "evidence-map",
                        f"evidence maps to {answer!r}, which is not one of the options",
                    )


def _links(raw: Any) -> list[dict[str, Any]]:
    """A question's `evidence`: one link, or a list of them (one per kind of evidence)."""
    if not raw:
        return []
    return list(raw) if isinstance(raw, list) else [raw]


def _types_that(capability: str) -> str:
    return " or ".join(name for name, kind in ANSWER_TYPES.items() if getattr(kind, capability))


def _a(word: str) -> str:
    return f"an {word}" if word[0] in "aeiou" else f"a {word}"


def _finding(raw: dict[str, Any] | None) -> FindingRule | None:
    if not raw:
        return None
    return FindingRule(
        severity=Severity(raw["severity"]), action=raw["action"], title=raw.get("title")
    )


def _build(data: dict[str, Any], *, source: str, sha256: str) -> Checklist:
    sections = []
    for raw_section in data["sections"]:
        questions = []
        for raw in raw_section["questions"]:
            link = raw.get("evidence")
            knockout = raw.get("knockout")
            questions.append(
                Question(
                    id=raw["id"],
                    section=raw_section["id"],
                    field=raw["field"],
                    prompt=raw["prompt"],
                    type=raw["type"],
                    weight=float(raw["weight"]),
                    guidance=raw["guidance"].strip(),
                    more=(raw.get("more") or "").strip() or None,
                    options=tuple(
                        Option(
                            o["value"], o["label"], float(o["points"]), _finding(o.get("finding"))
                        )
                        for o in raw.get("options") or []
                    ),
                    base=float(raw.get("base", 0)),
                    ranges=tuple(
                        Range(r.get("max"), float(r["points"]), _finding(r.get("finding")))
                        for r in raw.get("ranges") or []
                    ),
                    max_age_days=raw.get("max_age_days"),
                    knockout=Knockout(tuple(knockout["values"]), knockout["message"])
                    if knockout
                    else None,
                    finding=_finding(raw.get("finding")),
                    unanswered=_finding(raw.get("unanswered")),
                    evidence_links=tuple(
                        EvidenceLink(
                            EvidenceKind(one["kind"]),
                            one["fact"],
                            one.get("test", "value"),
                            dict(one.get("map") or {}),
                        )
                        for one in _links(link)
                    ),
                    key=bool(raw.get("key", False)),
                )
            )
        sections.append(
            Section(
                id=raw_section["id"],
                title=raw_section["title"],
                weight=float(raw_section["weight"]),
                questions=tuple(questions),
                description=raw_section.get("description"),
            )
        )
    verdicts = tuple(
        Verdict(
            id=v["id"],
            label=v["label"],
            min_score=float(v["min_score"]),
            min_completeness=float(v.get("min_completeness", 0)),
            max_findings={Severity(s): n for s, n in (v.get("max_findings") or {}).items()},
            description=v.get("description"),
        )
        for v in data["verdicts"]
    )
    knockout = data["knockout_verdict"]
    return Checklist(
        id=data["id"],
        name=data["name"],
        version=int(data["version"]),
        sections=tuple(sections),
        verdicts=verdicts,
        knockout_verdict=Verdict(
            knockout["id"], knockout["label"], description=knockout.get("description")
        ),
        sha256=sha256,
        source=source,
        description=data.get("description"),
        tiers=tuple(
            Tier(t["id"], int(t["reassess_days"]), t.get("description"))
            for t in data.get("tiers") or []
        ),
        allowed_locations=tuple(data.get("allowed_locations") or ()),
        min_completeness=float(data.get("min_completeness", DEFAULT_MIN_COMPLETENESS)),
        incomplete_verdict=_incomplete_verdict(data.get("incomplete_verdict")),
    )


def _incomplete_verdict(raw: dict[str, Any] | None) -> Verdict:
    if not raw:
        return INCOMPLETE_VERDICT
    return Verdict(
        raw.get("id", INCOMPLETE_VERDICT.id),
        raw.get("label", INCOMPLETE_VERDICT.label),
        description=raw.get("description", INCOMPLETE_VERDICT.description),
    )


def profile_schema(checklist: Checklist) -> dict[str, Any]:
    """The JSON Schema of a profile for this checklist: the shipped base schema plus one
    property per question, nested along its field path."""
    schema = copy.deepcopy(json_schema("profile-base"))
    schema["title"] = f"vendor-eval profile for checklist {checklist.id}"
    properties: dict[str, Any] = schema["properties"]
    for question in checklist.questions:
        *parents, leaf = question.path
        node_properties = properties
        for part in parents:
            container = node_properties.setdefault(
                part, {"type": "object", "additionalProperties": False, "properties": {}}
            )
            node_properties = container["properties"]
        node_properties[leaf] = _answer_schema(question)
    if checklist.tiers:
        tier = properties["vendor"]["properties"]["tier"]
        tier["enum"] = [t.id for t in checklist.tiers]
        tier["description"] += " " + "; ".join(
            f"{t.id}: every {t.reassess_days} days" for t in checklist.tiers
        )
    return schema


def _answer_schema(question: Question) -> dict[str, Any]:
    # null is how a person writes "not known yet"; it counts as unanswered. It is allowed
    # through type lists and enums rather than anyOf, which keeps validation fast and the
    # error messages about the answer itself.
    description = f"{question.prompt} {question.guidance}".strip()
    return {"description": description, **answer_type(question).schema(question)}
