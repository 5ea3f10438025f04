"""`validate` as a plain function: paths in, a ValidationRun (files and problems) out."""

from __future__ import annotations

from pathlib import Path

from vendor_eval import yamlio
from vendor_eval.checklist import check_checklist_document
from vendor_eval.errors import InputError
from vendor_eval.model import Problem
from vendor_eval.problem_formats import ValidationRun
from vendor_eval.profiles import ChecklistCache, check_profile, iter_profile_paths


def validate_paths(paths: list[Path], *, checklist: str | None = None) -> ValidationRun:
    """Check every profile under `paths`; with `checklist`, check that checklist file too
    and validate the profiles against it. Problems are data: one bad file never stops
    the run."""
    run = ValidationRun()
    seen: set[Problem] = set()

    def add(problems: list[Problem]) -> None:
        for problem in problems:
            if problem not in seen:
                seen.add(problem)
                run.problems.append(problem)

    if checklist is not None and Path(checklist).suffix in (".yaml", ".yml"):
        run.files.append(checklist)
        add(check_checklist_file(checklist))
        if run.problems:
            return run
    cache = ChecklistCache(checklist)
    for path, path_problem in iter_profile_paths(paths):
        if path_problem is not None:
            add([path_problem])
            continue
        run.files.append(str(path))
        add(sorted(check_profile(path, cache).problems, key=lambda p: (p.path, p.line, p.column)))
    return run


def check_checklist_file(path: str | Path) -> list[Problem]:
    try:
        document = yamlio.load_file(path)
    except yamlio.YamlError as exc:
        return [Problem(str(path), exc.mark.line, exc.mark.column, exc.rule, exc.message)]
    except InputError as exc:
        return [Problem(str(path), 1, 1, "unreadable", exc.message)]
    return list(check_checklist_document(document))
