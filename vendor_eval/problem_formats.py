"""Formats for validation problems. Each is a pure function from a ValidationRun to text;
the CLI's --format choices are the keys of FORMATS."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field

from vendor_eval import __version__
from vendor_eval.errors import location
from vendor_eval.jsonio import dump_json
from vendor_eval.model import Problem
from vendor_eval.safe_text import one_line, printable

RULE_DESCRIPTIONS = {
    "yaml-syntax": "The file is not valid YAML.",
    "yaml-tag": "Only plain data is allowed; language-specific tags are refused.",
    "yaml-merge": "YAML merge keys are not supported.",
    "yaml-key": "Keys must be plain values.",
    "yaml-depth": "Nesting is too deep.",
    "yaml-int": "An integer too large to be an answer.",
    "yaml-size": "The document expands to too many values (an alias bomb?).",
    "encoding": "The file is not UTF-8 text.",
    "duplicate-key": "A key appears twice in the same mapping.",
    "empty": "The file is empty.",
    "profile-type": "A profile must be a mapping at the top level.",
    "checklist-type": "A checklist must be a mapping at the top level.",
    "unknown-checklist": "The profile names a checklist that cannot be found.",
    "invalid-checklist": "The checklist the profile names has problems of its own.",
    "checklist-schema": "The checklist does not match the checklist format.",
    "unknown-key": "A key that the format does not define.",
    "enum": "An answer that is not one of the question's options.",
    "required": "A required key is missing.",
    "schema": "A value of the wrong type or form.",
    "date": "A date that does not exist.",
    "period-order": "A period that ends before it starts.",
    "evidence-missing": "A linked evidence file does not exist.",
    "evidence-outside": "An evidence link leading out of the profile's folder or --evidence-root.",
    "evidence-document-outside": "An evidence file's document lies outside where evidence may be.",
    "evidence-invalid": "A linked evidence file is not a valid evidence file.",
    "evidence-kind": "A linked evidence file holds another kind of evidence than the link says.",
    "evidence-sha256": "A linked evidence file was extracted from another document.",
    "evidence-stale": "The document changed after its evidence was extracted.",
    "duplicate-id": "An id is used twice.",
    "field-collision": "Two questions write the same profile field, or one inside another.",
    "question-options": "A question's options do not fit its type.",
    "question-ranges": "A question's ranges do not fit its type.",
    "question-type": "A setting that the question's type does not take.",
    "knockout-value": "A knockout value that is not one of the options.",
    "evidence-map": "An evidence mapping to a value that is not one of the options.",
    "verdict-fallback": "The last verdict must accept any score.",
    "missing": "A path given on the command line does not exist.",
    "no-files": "A folder given on the command line has no YAML files.",
    "unreadable": "A file that cannot be read.",
    "broken-link": "A symlink in a folder whose target is missing, or a loop of symlinks.",
    "folder-loop": "A symlink in a folder that leads back to a folder above it.",
    "special-file": "A FIFO, device or socket where a profile was expected; never read.",
}


@dataclass
class ValidationRun:
    files: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def invalid_files(self) -> list[str]:
        return sorted({p.path for p in self.problems if p.level == "error"})

    @property
    def missing_paths(self) -> list[str]:
        return sorted({p.path for p in self.problems if p.rule in PATH_RULES})

    @property
    def success(self) -> bool:
        return not self.invalid_files

    def summary(self) -> str:
        total = len(self.files)
        parts = []
        if self.missing_paths:
            parts.append(_plural(len(self.missing_paths), "path") + " not usable")
        invalid = len(set(self.invalid_files) - set(self.missing_paths))
        if invalid:
            errors = sum(p.level == "error" and p.rule not in PATH_RULES for p in self.problems)
            parts.append(f"{_plural(errors, 'problem')} in {invalid} of {_plural(total, 'file')}")
        else:
            parts.append(f"{_plural(total, 'file')} checked, all valid")
        warnings = sum(p.level == "warning" for p in self.problems)
        if warnings:
            parts.append(_plural(warnings, "warning"))
        return "; ".join(parts)


PATH_RULES = ("missing", "no-files", "broken-link", "folder-loop", "special-file")


def _plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


def format_text(run: ValidationRun) -> str:
    return "".join(
        f"{location(p.path, p.line, p.column)}: {p.level}: {one_line(p.message)} [{p.rule}]\n"
        for p in run.problems
    )


def github_escape(text: str, *, property_value: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_value:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def format_github(run: ValidationRun) -> str:
    lines = []
    for p in run.problems:
        props = ",".join(
            [
                f"file={github_escape(printable(p.path), property_value=True)}",
                f"line={p.line}",
                f"col={p.column}",
                f"title={github_escape(p.rule, property_value=True)}",
            ]
        )
        lines.append(f"::{p.level} {props}::{github_escape(one_line(p.message))}\n")
    return "".join(lines)


def _problem_dict(p: Problem) -> dict[str, object]:
    return {
        "path": p.path,
        "line": p.line,
        "column": p.column,
        "level": p.level,
        "rule": p.rule,
        "message": p.message,
    }


def format_json(run: ValidationRun) -> str:
    data = {
        "files": len(run.files),
        "invalid_files": run.invalid_files,
        "valid": run.success,
        "problems": [_problem_dict(p) for p in run.problems],
    }
    return dump_json(data)


def format_sarif(run: ValidationRun) -> str:
    rules = sorted({p.rule for p in run.problems})
    log = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "vendor-eval",
                        "version": __version__,
                        "rules": [
                            {
                                "id": rule,
                                "shortDescription": {
                                    "text": RULE_DESCRIPTIONS.get(rule, rule.replace("-", " "))
                                },
                            }
                            for rule in rules
                        ],
                    }
                },
                "results": [
                    {
                        "ruleId": p.rule,
                        "ruleIndex": rules.index(p.rule),
                        "level": "error" if p.level == "error" else "warning",
                        "message": {"text": p.message},
                        "locations": [
                            {
                                "physicalLocation": {
                                    "artifactLocation": {"uri": p.path.replace(os.sep, "/")},
                                    "region": {"startLine": p.line, "startColumn": p.column},
                                }
                            }
                        ],
                    }
                    for p in run.problems
                ],
            }
        ],
    }
    return dump_json(log)


FORMATS: dict[str, Callable[[ValidationRun], str]] = {
    "text": format_text,
    "json": format_json,
    "github": format_github,
    "sarif": format_sarif,
}


def resolve_format(name: str) -> str:
    """`auto` is github inside GitHub Actions, text elsewhere."""
    if name == "auto":
        return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    return name
