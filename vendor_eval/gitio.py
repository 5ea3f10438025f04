"""Reading an earlier version of a profile from git (`diff --since REF`), with the evidence
files it linked to at that version. The one place that runs git."""

from __future__ import annotations

import posixpath
import shutil
import subprocess
from pathlib import Path

from vendor_eval import yamlio
from vendor_eval.errors import InputError, UsageError

GIT_TIMEOUT_SECONDS = 60
MAX_FILE_BYTES = 20 * 1024 * 1024


def _git(folder: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    git = shutil.which("git")
    if git is None:
        raise UsageError("--since needs git, which is not installed (or not on PATH)")
    try:
        return subprocess.run(
            [git, "-C", str(folder), *args],
            capture_output=True,
            timeout=GIT_TIMEOUT_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise InputError(f"git {args[0]} took over {GIT_TIMEOUT_SECONDS} s; giving up") from None


def materialise(path: Path, ref: str, into: Path) -> Path:
    """Write `path` as it was at `ref` into the folder `into`, at the same place relative
    to the repository, with the evidence files (and a checklist file) it linked to then.
    Returns where the old profile (or evidence file) now is."""
    if ref.startswith("-"):
        raise UsageError(f"--since {ref!r} is not a git reference")
    if not path.is_file():
        raise InputError(
            "no such file; --since compares a file as it is now with its past", path=path
        )
    folder = path.resolve().parent
    top = _git(folder, "rev-parse", "--show-toplevel")
    if top.returncode != 0:
        raise InputError("is not inside a git repository, so --since cannot read it", path=path)
    root = Path(top.stdout.decode("utf-8", "replace").strip())
    commit = _git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    if commit.returncode != 0:
        raise UsageError(
            f"--since {ref!r}: no such commit, branch or tag in {root}; "
            "try HEAD~1 or a name from `git log --oneline`"
        )
    sha = commit.stdout.decode().strip()
    relative = path.resolve().relative_to(root).as_posix()
    text = _show(root, sha, relative)
    if text is None:
        raise InputError(f"did not exist at {ref}; pick an earlier or later --since", path=path)
    target = into / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(text)
    for linked in _linked_files(text, relative):
        content = _show(root, sha, linked)
        if content is not None:
            (into / linked).parent.mkdir(parents=True, exist_ok=True)
            (into / linked).write_bytes(content)
    return target


def _show(root: Path, sha: str, relative: str) -> bytes | None:
    shown = _git(root, "show", f"{sha}:{relative}")
    if shown.returncode != 0:
        return None
    if len(shown.stdout) > MAX_FILE_BYTES:
        raise InputError(f"{relative} at {sha[:12]} is over {MAX_FILE_BYTES >> 20} MB")
    return shown.stdout


def _linked_files(profile: bytes, relative: str) -> list[str]:
    """The evidence files and checklist file a profile names, as paths in the repository;
    a link that leaves the repository is not followed."""
    try:
        data = yamlio.load_text(profile.decode("utf-8"), path=relative).data
    except (InputError, UnicodeDecodeError):
        return []  # the loader reports the broken file itself
    if not isinstance(data, dict):
        return []
    names = []
    for link in data.get("evidence") or []:
        if isinstance(link, dict) and isinstance(link.get("path"), str):
            names.append(link["path"])
    checklist = (data.get("assessment") or {}).get("checklist")
    if isinstance(checklist, str) and checklist.endswith((".yaml", ".yml")):
        names.append(checklist)
    base = posixpath.dirname(relative)
    inside = []
    for name in names:
        joined = posixpath.normpath(posixpath.join(base, name))
        if not (joined.startswith("../") or joined == ".." or posixpath.isabs(joined)):
            inside.append(joined)
    return inside
