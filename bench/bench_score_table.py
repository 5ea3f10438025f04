"""The `score` table at portfolio scale against the JSON of the same profiles, in one run.

Run by hand from the repository root:

    .venv/bin/python bench/bench_score_table.py [--profiles 2500 5000 10000] [--repeat 3]

Two parts, each best of --repeat:
- rendering only: assessments scored once in memory (bench_score.generate), then the
  terminal table (as `score -o FILE.txt` writes it) and the JSON;
- the command as a user runs it, loading and scoring included, on a folder of profiles
  with evidence files (bench_portfolio.make_folder): `score DIR -o FILE.txt`, the table on
  standard output (not a terminal: 80 columns) and `score DIR -f json -o FILE.json`. Times
  are the child process's CPU seconds, which a busy shared machine distorts less than
  wall time.
The target of issue 16: the table within 1.3x the JSON at 10,000 profiles, growing
linearly (the ms/profile columns stay flat from 1x to 4x).
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench_portfolio import make_folder  # noqa: E402
from bench_score import AS_OF, generate  # noqa: E402

from vendor_eval.checklist import load_checklist  # noqa: E402
from vendor_eval.model import Gate  # noqa: E402
from vendor_eval.render.interface import render  # noqa: E402
from vendor_eval.scoring import score  # noqa: E402

REPO = Path(__file__).resolve().parent.parent


def best(action, repeat: int) -> float:
    fastest = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        fastest = min(fastest, time.perf_counter() - started)
    return fastest


def rendering(counts: list[int], repeat: int) -> None:
    checklist = load_checklist()
    print("rendering only (wall seconds)")
    print(f"{'profiles':>9}{'table s':>9}{'json s':>8}{'ratio':>7}{'table ms/profile':>18}")
    for count in counts:
        assessments = [score(p, checklist, e, AS_OF) for p, e in generate(checklist, count)]
        table = best(lambda a=assessments: render("table", "summary", a, Gate()), repeat)
        json = best(lambda a=assessments: render("json", "summary", a, Gate()), repeat)
        print(
            f"{count:>9}{table:>9.2f}{json:>8.2f}{table / json:>7.2f}{1000 * table / count:>18.3f}"
        )


def cpu_seconds(args: list[str], stdout) -> float:  # type: ignore[no-untyped-def]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(
        [sys.executable, "-m", "vendor_eval", "score", *args, "--as-of", AS_OF.isoformat()],
        stdout=stdout,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(REPO), "COLUMNS": "80"},
        check=False,
    )
    if done.returncode not in (0, 1):
        raise SystemExit(done.stderr.decode())
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def command(counts: list[int], repeat: int) -> None:
    print("\nthe command, loading and scoring included (CPU seconds of the process)")
    print(
        f"{'profiles':>9}{'-o txt':>8}{'stdout':>8}{'json':>8}{'ratio -o':>9}{'ratio out':>10}"
        f"{'txt ms/profile':>15}{'json ms/profile':>16}"
    )
    for count in counts:
        with tempfile.TemporaryDirectory() as temp:
            folder = Path(temp, "profiles")
            folder.mkdir()
            make_folder(folder, count)
            out = Path(temp, "out")
            text = json = piped = float("inf")
            for _ in range(repeat):
                text = min(text, cpu_seconds([str(folder), "-o", f"{out}.txt", "--force"], None))
                with open(f"{out}.stdout", "wb") as sink:
                    piped = min(piped, cpu_seconds([str(folder)], sink))
                json = min(
                    json,
                    cpu_seconds([str(folder), "-f", "json", "-o", f"{out}.json", "--force"], None),
                )
        print(
            f"{count:>9}{text:>8.2f}{piped:>8.2f}{json:>8.2f}{text / json:>9.2f}"
            f"{piped / json:>10.2f}{1000 * text / count:>15.3f}{1000 * json / count:>16.3f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profiles", type=int, nargs="+", default=[2500, 5000, 10000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    rendering(args.profiles, args.repeat)
    command(args.profiles, args.repeat)


if __name__ == "__main__":
    main()
