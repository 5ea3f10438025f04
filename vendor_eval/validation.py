"""`validate` as a plain function: paths in, a ValidationRun (files and problems) out."""

from __future__ import annotations

import os
from pathlib import Path

from vendor_eval import yamlio
from vendor_eval.checklist import check_checklist_document
from vendor_eval.errors import InputError
from vendor_eval.model import Problem
from vendor_eval.problem_formats import ValidationRun
from vendor_eval.profiles import ChecklistCache, check_profile, iter_profile_paths

# Below this many files a second process costs more than it saves.
PARALLEL_MIN_FILES = 200
_CHUNK = 50


def validate_paths(
    paths: list[Path],
    *,
    checklist: str | None = None,
    workers: int | None = None,
    evidence_root: Path | None = None,
) -> ValidationRun:
    """Check every profile under `paths`; with `checklist`, check that checklist file too
    and validate the profiles against it. Problems are data: one bad file never stops
    the run. Large runs are spread over `workers` processes (default: one per CPU); the
    result is the same, in the same order."""
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
    files: list[str] = []
    for path, path_problem in iter_profile_paths(paths):
        if path_problem is not None:
            add([path_problem])
        else:
            files.append(str(path))
    run.files.extend(files)
    for problems in _check_all(files, checklist, workers or os.cpu_count() or 1, evidence_root):
        add(problems)
    return run


def _check_all(
    files: list[str], checklist: str | None, workers: int, evidence_root: Path | None
) -> list[list[Problem]]:
    global _worker_cache, _worker_evidence_root
    cache = ChecklistCache(checklist)
    if workers < 2 or len(files) < PARALLEL_MIN_FILES:
        return [_check_one(path, cache, evidence_root) for path in files]
    # Warm the cache with the first file's checklist, then fork: the workers inherit the
    # loaded checklist and compiled validators along with the imported modules, which are
    # most of the cost of a small file.
    # Imported here: most runs check a few files, and these cost a tenth of a start-up.
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    first = _check_one(files[0], cache, evidence_root)
    _worker_cache, _worker_evidence_root = cache, evidence_root
    chunks = [files[i : i + _CHUNK] for i in range(1, len(files), _CHUNK)]
    context = multiprocessing.get_context("fork")
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            results = [first]
            for chunk in pool.map(_check_chunk, chunks):
                results.extend(chunk)
            return results
    finally:
        _worker_cache, _worker_evidence_root = None, None


_worker_cache: ChecklistCache | None = None
_worker_evidence_root: Path | None = None


def _check_chunk(files: list[str]) -> list[list[Problem]]:
    assert _worker_cache is not None, "only called in a worker forked by _check_all"
    return [_check_one(path, _worker_cache, _worker_evidence_root) for path in files]


def _check_one(path: str, cache: ChecklistCache, evidence_root: Path | None) -> list[Problem]:
    problems = check_profile(path, cache, evidence_root=evidence_root).problems
    return sorted(problems, key=lambda p: (p.path, p.line, p.column))


def check_checklist_file(path: str | Path) -> list[Problem]:
    try:
        document = yamlio.load_file(path)
    except yamlio.YamlError as exc:
        return [Problem(str(path), exc.mark.line, exc.mark.column, exc.rule, exc.message)]
    except InputError as exc:
        return [Problem(str(path), 1, 1, "unreadable", exc.message)]
    return list(check_checklist_document(document))
