"""The layering the design depends on, checked from the source so it cannot erode quietly:
commands are wiring and never import one another, the scoring core never reaches the
terminal, and only the answer-type registry branches on a type name."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from vendor_eval.answer_types import ANSWER_TYPES

PACKAGE = Path(__file__).resolve().parent.parent / "vendor_eval"
# Modules that decide or describe results; printing, prompting and terminal styling are
# the CLI's job, so none of them may import typer, rich or the console module.
CORE = (
    "answer_types.py",
    "assessments.py",
    "checklist.py",
    "cross_checks.py",
    "diff.py",
    "due.py",
    "evidence_answers.py",
    "evidence/model.py",
    "lifecycle.py",
    "model.py",
    "portfolio.py",
    "profiles.py",
    "scoring.py",
    "render/outline.py",
    "render/markdown.py",
    "render/html.py",
    "render/json.py",
)
TERMINAL_MODULES = ("typer", "rich", "click", "vendor_eval.console")


def _imports(path: Path) -> set[str]:
    """Every module a file imports, at any depth (lazy imports inside functions count)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def _sources() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_no_command_imports_another_command() -> None:
    commands = {p.stem for p in (PACKAGE / "commands").glob("*.py")} - {"__init__", "common"}
    offenders = {
        path.name: sorted(
            name
            for name in _imports(path)
            if name.startswith("vendor_eval.commands.")
            and name.split(".")[2] in commands
            and name.split(".")[2] != path.stem
        )
        for path in (PACKAGE / "commands").glob("*.py")
    }
    assert {name: found for name, found in offenders.items() if found} == {}


@pytest.mark.parametrize("module", CORE)
def test_core_module_never_reaches_the_terminal(module: str) -> None:
    path = PACKAGE / module
    if not path.exists():
        pytest.fail(f"{module} is listed as core but does not exist; update CORE")
    reached = sorted(
        name
        for name in _imports(path)
        if any(name == banned or name.startswith(banned + ".") for banned in TERMINAL_MODULES)
    )
    assert reached == []


def _type_name_branches(path: Path) -> list[str]:
    """Comparisons of a `.type` attribute with an answer type's name, as `==`, `!=`, `in`
    or a `match` case: the branches the registry exists to replace."""
    names = set(ANSWER_TYPES)
    found: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Compare):
            sides = [node.left, *node.comparators]
            on_type = any(isinstance(s, ast.Attribute) and s.attr == "type" for s in sides)
            constants = {
                c.value
                for s in sides
                for c in ast.walk(s)
                if isinstance(c, ast.Constant) and isinstance(c.value, str)
            }
            if on_type and constants & names:
                found.append(f"{path.name}:{node.lineno}")
        elif isinstance(node, ast.Match):
            subject = node.subject
            if isinstance(subject, ast.Attribute) and subject.attr == "type":
                values = {
                    c.value
                    for case in node.cases
                    for c in ast.walk(case.pattern)
                    if isinstance(c, ast.Constant) and isinstance(c.value, str)
                }
                if values & names:
                    found.append(f"{path.name}:{node.lineno}")
    return found


def test_only_the_registry_branches_on_answer_type_names() -> None:
    branches = [
        where
        for path in _sources()
        if path.name != "answer_types.py"
        for where in _type_name_branches(path)
    ]
    assert branches == []


def test_the_type_branch_detector_sees_a_branch(tmp_path: Path) -> None:
    probe = tmp_path / "probe.py"
    probe.write_text(
        'def f(q):\n    if q.type in ("date", "x"):\n        return 1\n'
        '    match q.type:\n        case "boolean":\n            return 2\n',
        encoding="utf-8",
    )
    assert sorted(_type_name_branches(probe)) == ["probe.py:2", "probe.py:4"]


def _import_cycles() -> list[list[str]]:
    """Groups of the package's modules that import one another round in a circle,
    counting imports made only for type checking or inside functions."""
    files = {}
    for path in _sources():
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        files[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    graph = {
        name: {n for n in _imports(path) if n in files and n != name}
        for name, path in files.items()
    }

    def reach(start: str) -> set[str]:
        seen, todo = set(), [start]
        while todo:
            for name in graph[todo.pop()] - seen:
                seen.add(name)
                todo.append(name)
        return seen

    reached = {name: reach(name) for name in graph}
    cycles = {frozenset(n for n in reached[name] if name in reached[n]) for name in graph}
    return sorted(sorted(cycle) for cycle in cycles if cycle)


def test_no_modules_import_each_other_in_a_cycle() -> None:
    # A cycle means neither module can be understood, tested or loaded without the other;
    # a data type two of them share belongs in a module both import.
    assert _import_cycles() == []
