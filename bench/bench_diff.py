"""Speed of `diff --since` in a repository whose history has 1,000 commits touching the
profile's evidence file: the time to compare against HEAD~1, HEAD~500 and HEAD~999,
against an anchor measured in the same run: one bare `git show REF:FILE` of the same file.
Reading an old version should cost a few git calls whatever its depth.

Run by hand:  .venv/bin/python bench/bench_diff.py [--commits 1000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import subprocess
import tempfile
import time
from pathlib import Path

from vendor_eval.evidence.io import dump_evidence
from vendor_eval.gitio import materialise
from vendor_eval.lifecycle import diff_files
from vendor_eval.model import Citation, DocumentRef, Evidence, Fact
from vendor_eval.render.diff import text

AS_OF = dt.date(2026, 11, 29)
PROFILE = """vendor:
  name: Acme Analytics
assessment:
  checklist: healthcare-analytics
  as_of: "2026-06-01"
baa:
  offered: true
evidence:
  - path: acme.soc2.evidence.yaml
"""


def evidence_text(version: int) -> str:
    organisations = [f"Provider {n}" for n in range(version % 7 + 1)]
    evidence = Evidence(
        kind="soc2",
        document=DocumentRef(path="acme-soc2.pdf", sha256=f"{version:064x}", pages=70),
        facts={
            "exceptions": Fact(version % 4, [Citation(f"{version % 4} exceptions", page=40)]),
            "trust_criteria": Fact(["security", "availability"][: version % 2 + 1], []),
            "subservice_organizations": Fact(organisations, []),
        },
    )
    return dump_evidence(evidence, "yaml")


def make_repository(folder: Path, commits: int) -> None:
    """One commit with the profile, then `commits` commits each changing its evidence file,
    written with git fast-import so that setting up takes seconds."""
    stream = []
    for number in range(commits):
        files = [("acme.soc2.evidence.yaml", evidence_text(number))]
        if number == 0:
            files.append(("acme.yaml", PROFILE))
        stream.append("commit refs/heads/main")
        stream.append(f"committer Bench <bench@example.invalid> {1_700_000_000 + number} +0000")
        message = f"review {number}"
        stream += [f"data {len(message)}", message]
        for name, content in files:
            data = content.encode("utf-8")
            stream += [f"M 100644 inline {name}", f"data {len(data)}", content]
        stream.append("")
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_SYSTEM": os.devnull}
    subprocess.run(["git", "init", "-q", "-b", "main", str(folder)], check=True, env=env)
    payload = "\n".join(stream).encode("utf-8")
    subprocess.run(
        ["git", "-C", str(folder), "fast-import", "--quiet"], input=payload, check=True, env=env
    )
    subprocess.run(["git", "-C", str(folder), "checkout", "-q", "main"], check=True, env=env)


def best_of(runs: int, action) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


def diff_since(profile: Path, ref: str) -> str:
    with tempfile.TemporaryDirectory() as folder:
        earlier = materialise(profile, ref, Path(folder))
        result = diff_files(
            earlier, profile, old_name=ref, new_name="now", checklist=None, as_of=AS_OF
        )
    return text(result)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--commits", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        repo = Path(name)
        start = time.perf_counter()
        make_repository(repo, args.commits)
        print(f"{args.commits} commits written in {time.perf_counter() - start:.1f} s")
        profile = repo / "acme.yaml"
        print(f"{'--since':>10} {'git show s':>10} {'diff s':>8} {'x anchor':>8}")
        for depth in (1, args.commits // 2, args.commits - 1):
            ref = f"HEAD~{depth}"
            anchor = best_of(
                5,
                lambda r=ref: subprocess.run(
                    ["git", "-C", str(repo), "show", f"{r}:acme.soc2.evidence.yaml"],
                    check=True,
                    capture_output=True,
                ),
            )
            seconds = best_of(5, lambda r=ref: diff_since(profile, r))
            print(f"{ref:>10} {anchor:>10.4f} {seconds:>8.3f} {seconds / anchor:>8.1f}")


if __name__ == "__main__":
    main()
