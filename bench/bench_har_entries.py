"""What `extract har` costs per entry on a capture of many small requests, against
`json.load` of the same file in the same run.

Run by hand from the repository root:

    .venv/bin/python bench/bench_har_entries.py [--entries 3750 7500 15000] [--repeat 5]

Writes captures of small requests (page views, tracker beacons with health words in the
referer and the payload, analytics posts) under bench/out/, then times the extractor (its
imports included: a user waits for them too) and `json.load`, each in a fresh process,
taking turns so both see the same load on a shared machine, best of --repeat. Printed: wall
and CPU seconds, their ratios to `json.load` (the target of issue 16: within 3x on 15,000
entries; CPU time is the steadier on a shared machine), the CPU cost per entry added from
one size to the next (flat when growth is linear), and peak RSS of both (the extractor's
should stay flat as captures grow).

To compare with another version of the code, run it from a checkout of that version: the
measuring processes import `vendor_eval` from the current directory.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench_har import MEASURE, OUT, SITE, _entry  # noqa: E402

TRACKERS = (
    "https://www.google-analytics.com/g/collect?v=2&tid=G-BENCH&dl=https%3A%2F%2Fwww.{site}"
    "%2Fconditions%2Fdiabetes%2F{n}&dt=Diabetes%20care",
    "https://www.facebook.com/tr/?id=1234&ev=PageView&dl=https%3A%2F%2Fwww.{site}%2Fbook%2F{n}",
    "https://api-js.mixpanel.com/track/?ip=1&_={n}",
)


def write_capture(path: Path, entries: int) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        handle.write('{"log": {"version": "1.2", "creator": {"name": "bench", "version": "1"},')
        handle.write('"pages": [], "entries": [\n')
        for n in range(entries):
            if n % 4 == 0:
                text = _entry(f"https://www.{SITE}/page/{n}", response="<p>ok</p>" * 40)
            elif n % 4 == 3:
                text = _entry(
                    "https://api.segment.io/v1/t",
                    method="POST",
                    body=json.dumps(
                        {"event": "Appointment Booked", "properties": {"n": n}, "x": "y" * 600}
                    ),
                )
            else:
                text = _entry(TRACKERS[n % 3].format(site=SITE, n=n), response="x" * 300)
            handle.write(("," if n else "") + text + "\n")
        handle.write("]}}\n")


def best(path: Path, repeat: int) -> dict[str, dict[str, float]]:
    """Best wall time, CPU time and peak RSS of each mode, the two modes taking turns."""
    runs: dict[str, list[dict[str, float]]] = {"extract": [], "json-load": []}
    for _ in range(repeat):
        for mode, results in runs.items():
            completed = subprocess.run(
                [sys.executable, "-c", MEASURE, mode, str(path)],
                capture_output=True,
                text=True,
                check=True,
            )
            results.append(json.loads(completed.stdout))
    return {
        mode: {
            key: min(r[key] for r in results) for key in ("seconds", "cpu_seconds", "peak_rss_mb")
        }
        for mode, results in runs.items()
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, nargs="+", default=[3750, 7500, 15000])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    print(
        f"{'entries':>8}{'MB':>6}{'extract s':>11}{'json.load s':>13}{'ratio':>7}"
        f"{'cpu s':>8}{'cpu ratio':>11}{'marginal ms':>13}{'RSS MB':>8}{'json RSS':>9}"
    )
    previous = None
    for entries in args.entries:
        path = OUT / f"capture-{entries}-entries.har"
        if not path.exists():
            write_capture(path, entries)
        result = best(path, args.repeat)
        extract, load = result["extract"], result["json-load"]
        # CPU ms per entry added since the previous size: flat when cost grows linearly
        # (the first size carries the start-up, so it has no figure).
        marginal = ""
        if previous is not None:
            added = (extract["cpu_seconds"] - previous[1]) / (entries - previous[0])
            marginal = f"{1000 * added:.3f}"
        previous = (entries, extract["cpu_seconds"])
        print(
            f"{entries:>8}{path.stat().st_size / 1_048_576:>6.1f}{extract['seconds']:>11.2f}"
            f"{load['seconds']:>13.2f}{extract['seconds'] / load['seconds']:>7.2f}"
            f"{extract['cpu_seconds']:>8.2f}{extract['cpu_seconds'] / load['cpu_seconds']:>11.2f}"
            f"{marginal:>13}{extract['peak_rss_mb']:>8.0f}{load['peak_rss_mb']:>9.0f}"
        )


if __name__ == "__main__":
    main()
