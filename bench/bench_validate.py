"""How fast is `vendor-eval validate` on 1,000 profiles, next to check-jsonschema on the
same files with the exported schema? And how long does `vendor-eval --help` take?

Before that, the yes/no schema check that `validate` runs on every profile, in memory on
1,000 and 10,000 loaded profiles: fastjsonschema (which generates Python source from the
schema, as `validate` uses it) against jsonschema, each as a ratio to the anchor, reading
the same profiles with `yamlio`, in the same run. (A hand-written compiler, fastcheck,
measured here took 0.22-0.29x the anchor against fastjsonschema's 0.07-0.11x, so it went.)

Run by hand (figures are printed, nothing is asserted):

    python bench/bench_validate.py [--profiles 1000] [--check-sizes 1000 10000] \
        [--check-jsonschema /path/to/check-jsonschema ...]

Each check-jsonschema executable given (e.g. one from a venv with ruamel.yaml.clib and one
without) is timed in the same run. Times are the best of --repeat runs of the whole command.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

VENDOR_EVAL = [sys.executable, "-m", "vendor_eval"]


def profile_text(index: int, rng: random.Random) -> str:
    """A fully answered profile of about 70 lines, varied so no two files are identical."""
    criteria = ["security", "availability", "processing_integrity", "confidentiality", "privacy"]
    chosen = sorted(rng.sample(criteria, rng.randint(1, 5)))
    carve = rng.choice([[], ["analytics-data"], ["unauthenticated-pages", "marketing-data"]])
    return f"""# Generated profile {index}
vendor:
  name: Vendor {index}
  product: Analytics {index}
  website: https://vendor{index}.example.com
  category: product-analytics
assessment:
  checklist: healthcare-analytics
  as_of: "2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
  assessor: Bench Analyst
  status: draft
  notes: Generated for the validate benchmark.
baa:
  offered: {rng.choice(["true", "false"])}
  available_on: {rng.choice(["all-plans", "paid-plans", "enterprise-only"])}
  scope: {rng.choice(["full-pipeline", "phi-flagged-only", "named-services-only"])}
  carve_outs: [{", ".join(carve)}]
  breach_notification_days: {rng.randint(1, 90)}
  subcontractor_flowdown: {rng.choice(["true", "false"])}
soc2:
  type: {rng.choice(["type1", "type2", "none"])}
  trust_criteria: [{", ".join(chosen)}]
  period_start: "2025-01-01"
  period_end: "2025-12-31"
  opinion: {rng.choice(["unqualified", "qualified"])}
  exceptions: {rng.randint(0, 6)}
  subservice_method: {rng.choice(["carve-out", "inclusive"])}
  subservice_organizations:
    - Amazon Web Services
    - Google Cloud Platform
data_flow:
  collection: {rng.choice(["client-side", "hybrid", "server-side"])}
  first_party: {rng.choice(["true", "false"])}
  phi_in_payloads: {rng.choice(["prevented", "possible", "observed"])}
consent:
  enforcement: {rng.choice(["none", "client-side", "server-side"])}
monitoring:
  scanning: {rng.choice(["none", "periodic", "continuous"])}
  detects:
    - scripts
    - cookies
    - pixels
  flags_tags_without_baa: {rng.choice(["true", "false"])}
subprocessors:
  published_list: true
  processing: {rng.choice(["own-infrastructure", "few-third-parties", "many-third-parties"])}
  covered_by_baa: {rng.choice(["true", "false"])}
sources:
  - title: Vendor trust centre
    url: https://vendor{index}.example.com/trust
    date: "2026-01-15"
    supports:
      - baa.offered
      - soc2.type
  - title: Sales call notes
    date: "2026-02-01"
    supports:
      - data_flow.collection
      - consent.enforcement
notes: >-
  Benchmark profile number {index}; the answers are random but valid.
"""


def best_of(command: list[str], repeat: int) -> tuple[float, int]:
    best = float("inf")
    code = 0
    for _ in range(repeat):
        start = time.perf_counter()
        completed = subprocess.run(command, capture_output=True)
        best = min(best, time.perf_counter() - start)
        code = completed.returncode
    return best, code


def best_time(work: Callable[[], object], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - start)
    return best


def schema_checks(sizes: list[int], repeat: int) -> None:
    import jsonschema

    from vendor_eval import yamlio
    from vendor_eval.checklist import load_checklist, profile_schema, schema_check

    schema = profile_schema(load_checklist("healthcare-analytics"))
    compilers: dict[str, Callable[[], Callable[[Any], bool]]] = {
        "fastjsonschema": lambda: schema_check(schema),
        "jsonschema": lambda: jsonschema.Draft202012Validator(schema).is_valid,
    }
    checks = {name: compile_() for name, compile_ in compilers.items()}
    for name, compile_ in compilers.items():
        print(f"compile {name:<16} {best_time(compile_, repeat) * 1000:8.2f} ms")

    for size in sizes:
        rng = random.Random(size)
        texts = [profile_text(index, rng) for index in range(size)]
        start = time.perf_counter()
        loaded = [yamlio.load_text(text).data for text in texts]
        anchor = time.perf_counter() - start
        print(f"{size} profiles: anchor, reading them with yamlio {anchor:6.3f} s")
        figures: dict[str, float] = {}
        for name, check in checks.items():
            assert all(check(data) for data in loaded), name
            figures[name] = best_time(partial(check_all, check, loaded), repeat)
            print(
                f"  {name:<16} {figures[name] * 1000:8.1f} ms  "
                f"({figures[name] / size * 1e6:6.1f} us/profile, "
                f"{figures[name] / anchor:.4f} x anchor)"
            )
        speedup = figures["jsonschema"] / figures["fastjsonschema"]
        print(f"  jsonschema / fastjsonschema = {speedup:.1f}")


def check_all(check: Callable[[Any], bool], profiles: list[Any]) -> list[bool]:
    return [check(data) for data in profiles]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--profiles", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--check-sizes", type=int, nargs="*", default=[1000, 10000])
    parser.add_argument(
        "--check-jsonschema",
        action="append",
        default=[],
        help="a check-jsonschema executable to compare against (repeatable)",
    )
    args = parser.parse_args()
    schema_checks(args.check_sizes, args.repeat)

    folder = Path(tempfile.mkdtemp(prefix="vendor-eval-bench-"))
    try:
        rng = random.Random(1234)
        for index in range(args.profiles):
            (folder / f"vendor-{index:04d}.yaml").write_text(profile_text(index, rng))
        lines = len(profile_text(0, random.Random(1)).splitlines())
        print(f"{args.profiles} profiles of ~{lines} lines in {folder}")

        schema = folder.parent / f"{folder.name}.schema.json"
        subprocess.run(
            [*VENDOR_EVAL, "schema", "profile", "-o", str(schema), "--force"], check=True
        )
        files = sorted(str(p) for p in folder.glob("*.yaml"))

        command = [*VENDOR_EVAL, "validate", str(folder), "-q", "-f", "json"]
        single, _ = best_of([*command, "--jobs", "1"], args.repeat)
        print(
            f"vendor-eval validate --jobs 1    {single:6.2f} s  "
            f"({single / args.profiles * 1000:.2f} ms/file)"
        )
        seconds, code = best_of(command, args.repeat)
        print(
            f"vendor-eval validate ({os.cpu_count()} CPUs)   {seconds:6.2f} s  "
            f"({seconds / args.profiles * 1000:.2f} ms/file, exit {code})"
        )
        for executable in args.check_jsonschema:
            other, other_code = best_of(
                [executable, "--schemafile", str(schema), *files], args.repeat
            )
            print(
                f"check-jsonschema ({executable}) {other:6.2f} s  (exit {other_code}); "
                f"vendor-eval is {other / seconds:.1f}x faster"
            )

        help_seconds, _ = best_of([*VENDOR_EVAL, "--help"], max(args.repeat, 5))
        print(f"vendor-eval --help               {help_seconds * 1000:6.0f} ms")
        schema.unlink()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    os.environ.setdefault("NO_COLOR", "1")
    main()
