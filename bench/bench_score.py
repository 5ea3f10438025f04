"""Scoring and rendering speed: profiles per second for `score` and for each renderer, and
time per profile x question to show that the work grows linearly with both.

Run by hand:  .venv/bin/python bench/bench_score.py [--profiles 1000]
Profiles are generated in memory (random but seeded answers, a third of them with
evidence), so the figures measure the core and the renderers, not YAML parsing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import time
from collections.abc import Callable

from vendor_eval.checklist import load_checklist, parse_checklist
from vendor_eval.model import Checklist, Citation, DocumentRef, Evidence, Fact, Profile, Question
from vendor_eval.render.interface import FORMATS, render
from vendor_eval.scoring import score

AS_OF = dt.date(2026, 11, 29)


def random_answer(question: Question, rng: random.Random):
    if rng.random() < 0.15:
        return None
    if question.type in ("boolean", "choice"):
        return rng.choice(question.options).value
    if question.type == "multi-choice":
        values = [o.value for o in question.options]
        return rng.sample(values, rng.randint(0, len(values)))
    if question.type == "integer":
        return rng.randint(0, 90)
    if question.type == "date":
        return (AS_OF - dt.timedelta(days=rng.randint(0, 700))).isoformat()
    return [f"Provider {rng.randint(1, 9)}"]


def generate(checklist: Checklist, count: int, seed: int = 7) -> list[tuple[Profile, list]]:
    rng = random.Random(seed)
    made = []
    for index in range(count):
        data: dict = {
            "vendor": {"name": f"Vendor {index:04d}"},
            "assessment": {"as_of": AS_OF.isoformat()},
            "sources": [{"title": f"Source {index}", "date": "2026-11-01"}],
        }
        for question in checklist.questions:
            *parents, leaf = question.path
            node = data
            for part in parents:
                node = node.setdefault(part, {})
            node[leaf] = random_answer(question, rng)
        evidence = []
        if index % 3 == 0:
            evidence.append(
                Evidence(
                    kind="soc2",
                    document=DocumentRef(path=f"v{index}.pdf", sha256="0" * 64, pages=50),
                    facts={
                        "report_type": Fact(
                            rng.choice(["type1", "type2"]), [Citation("Type 2 report", page=3)]
                        )
                    },
                )
            )
        made.append((Profile(path=f"vendor-{index}.yaml", data=data), evidence))
    return made


def widened(base: Checklist, copies: int) -> Checklist:
    """The built-in checklist with each section's questions repeated `copies` times."""
    from vendor_eval import yamlio

    document = yamlio.load_text(base_text(), path="bench").data
    for section in document["sections"]:
        originals = section["questions"]
        section["questions"] = []
        for copy in range(copies):
            for question in originals:
                clone = dict(question)
                clone["id"] = f"{question['id']}_{copy}"
                section_name, field = question["field"].split(".", 1)
                clone["field"] = f"{section_name}.c{copy}_{field}"
                section["questions"].append(clone)
    return parse_checklist(yamlio.dump_yaml(document), source=f"bench-x{copies}")


def base_text() -> str:
    from vendor_eval.resources import builtin_checklists

    return builtin_checklists()["healthcare-analytics"].read_text(encoding="utf-8")


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--profiles", type=int, default=1000)
    args = parser.parse_args()

    checklist = load_checklist("healthcare-analytics")
    profiles = generate(checklist, args.profiles)
    assessments = []
    seconds = timed(lambda: assessments.extend(score(p, checklist, e, AS_OF) for p, e in profiles))
    print(f"{args.profiles} profiles x {len(checklist.questions)} questions")
    print(f"  score              {args.profiles / seconds:10.0f} profiles/s")
    for name, spec in FORMATS.items():
        if "report" in spec.documents:
            seconds = timed(lambda n=name: [render(n, "report", a) for a in assessments])
            print(f"  report {name:<11} {args.profiles / seconds:10.0f} profiles/s")
    for name, spec in FORMATS.items():
        if "summary" in spec.documents:
            seconds = timed(lambda n=name: render(n, "summary", assessments, 50.0))
            print(f"  summary {name:<10} {args.profiles / seconds:10.0f} profiles/s (one table)")
    for name, spec in FORMATS.items():
        if "comparison" in spec.documents:
            few = assessments[:50]
            seconds = timed(lambda n=name, few=few: render(n, "comparison", few))
            print(f"  compare {name:<10} {len(few) / seconds:10.0f} vendors/s (50 columns)")

    print("\nlinearity: microseconds per (profile x question), score + markdown report")
    print(f"  {'profiles':>8} {'questions':>9} {'total s':>8} {'us/unit':>8}")
    for copies in (1, 2, 4):
        wide = widened(checklist, copies)
        for count in (250, 500, 1000):
            batch = generate(wide, count, seed=count)

            def run(batch=batch, wide=wide) -> None:
                for profile, evidence in batch:
                    render("markdown", "report", score(profile, wide, evidence, AS_OF))

            seconds = timed(run)
            units = count * len(wide.questions)
            print(
                f"  {count:>8} {len(wide.questions):>9} {seconds:>8.2f} "
                f"{1e6 * seconds / units:>8.1f}"
            )


if __name__ == "__main__":
    main()
