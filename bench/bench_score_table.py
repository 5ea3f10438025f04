"""The `score` table at portfolio scale against the JSON of the same assessments, in one run.

Run by hand from the repository root:

    .venv/bin/python bench/bench_score_table.py [--profiles 2500 5000 10000] [--repeat 3]

Assessments are scored once in memory (bench_score.generate); then the terminal table (as
`score -o FILE.txt` writes it) and the JSON output are each rendered best of --repeat. The
target of issue 16: the table within 1.3x the JSON at 10,000 profiles, growing linearly.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench_score import AS_OF, generate  # noqa: E402

from vendor_eval.checklist import load_checklist  # noqa: E402
from vendor_eval.model import Gate  # noqa: E402
from vendor_eval.render.interface import render  # noqa: E402
from vendor_eval.scoring import score  # noqa: E402


def best(action, repeat: int) -> float:
    fastest = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        fastest = min(fastest, time.perf_counter() - started)
    return fastest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profiles", type=int, nargs="+", default=[2500, 5000, 10000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    checklist = load_checklist()
    print(f"{'profiles':>9}{'table s':>9}{'json s':>8}{'ratio':>7}{'table ms/profile':>18}")
    for count in args.profiles:
        assessments = [score(p, checklist, e, AS_OF) for p, e in generate(checklist, count)]
        table = best(lambda a=assessments: render("table", "summary", a, Gate()), args.repeat)
        json = best(lambda a=assessments: render("json", "summary", a, Gate()), args.repeat)
        print(
            f"{count:>9}{table:>9.2f}{json:>8.2f}{table / json:>7.2f}{1000 * table / count:>18.3f}"
        )


if __name__ == "__main__":
    main()
