"""Speed of the year-round commands over a folder of profiles with evidence files: `due`
(table and calendar) and `portfolio` (HTML), in profiles per second, at 1x, 2x and 4x the
profiles, against an anchor measured in the same run: reading every file with the YAML
loader alone (the least any command that looks at them must do).

Run by hand:  .venv/bin/python bench/bench_portfolio.py [--profiles 1000]
              .venv/bin/python bench/bench_portfolio.py --profiles 14 --keep FOLDER
(--keep writes the generated folder there and stops: the docs picture is made from it.)
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from vendor_eval import yamlio
from vendor_eval.due import DueReport, due_report
from vendor_eval.evidence.io import dump_evidence
from vendor_eval.lifecycle import load_portfolio
from vendor_eval.model import Citation, DocumentRef, Evidence, Fact
from vendor_eval.portfolio import build_portfolio
from vendor_eval.render.due import ics, table
from vendor_eval.render.portfolio import html

AS_OF = dt.date(2026, 11, 29)
NAMES = (
    "Acme Pixels", "Birch Analytics", "Cedar Metrics", "Delta Insights", "Elm Beacon",
    "Fjord Data", "Granite CDP", "Harbor Heatmaps", "Iris Session Replay", "Juniper Tags",
    "Kestrel Forms", "Linden Chat", "Maple Surveys", "Nimbus Ads",
)  # fmt: skip


def make_folder(folder: Path, count: int, seed: int = 11) -> None:
    rng = random.Random(seed)
    for index in range(count):
        name = NAMES[index] if index < len(NAMES) else f"Vendor {index:05d}"
        slug = f"v{index:05d}"
        period_end = AS_OF - dt.timedelta(days=rng.randint(20, 400))
        offered = rng.random() > 0.12
        evidence = Evidence(
            kind="soc2",
            document=DocumentRef(path=f"{slug}-soc2.pdf", sha256=f"{index:064x}", pages=60),
            facts={
                "report_type": Fact("type2", [Citation("Type 2", page=1)]),
                "period_end": Fact(
                    period_end.isoformat(), [Citation(f"through {period_end}", page=3)]
                ),
                "exceptions": Fact(rng.choice([0, 0, 1, 3]), [Citation("exceptions", page=40)]),
            },
        )
        (folder / f"{slug}.soc2.evidence.yaml").write_text(dump_evidence(evidence, "yaml"))
        lines = [
            "vendor:",
            f"  name: {name}",
            f"  tier: {rng.choice(['critical', 'high', 'high', 'medium', 'low'])}",
            "assessment:",
            "  checklist: healthcare-analytics",
            f'  as_of: "{(AS_OF - dt.timedelta(days=rng.randint(0, 300))).isoformat()}"',
            "baa:",
            f"  offered: {'true' if offered else 'false'}",
            f'  renews: "{(AS_OF + dt.timedelta(days=rng.randint(-10, 360))).isoformat()}"',
            f"  scope: {rng.choice(['full-pipeline', 'phi-flagged-only', 'named-services-only'])}",
            "soc2:",
            "  type: type2",
            "data_flow:",
            f"  collection: {rng.choice(['server-side', 'client-side', 'hybrid'])}",
            "consent:",
            f"  enforcement: {rng.choice(['server-side', 'client-side', 'none'])}",
            "evidence:",
            f"  - path: {slug}.soc2.evidence.yaml",
        ]
        (folder / f"{slug}.yaml").write_text("\n".join(lines) + "\n")


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def load(folder: Path):  # type: ignore[no-untyped-def]
    loaded = load_portfolio([folder], checklist=None, as_of=AS_OF)
    if loaded.refused:
        raise SystemExit(f"generated profile refused: {loaded.refused[0]}")
    return loaded


def run_due(folder: Path, render: Callable[[DueReport], str] = table) -> None:
    loaded = load(folder)
    report = due_report(
        ((v.assessment, v.evidence, v.dates) for v in loaded.vendors), AS_OF, within_days=30
    )
    render(report)


def run_portfolio(folder: Path) -> None:
    loaded = load(folder)
    report = due_report(
        ((v.assessment, v.evidence, v.dates) for v in loaded.vendors), AS_OF, within_days=0
    )
    html(
        build_portfolio(
            ((v.assessment, v.dates.tier) for v in loaded.vendors), report, loaded.tier_order
        )
    )


def read_all(folder: Path) -> None:
    for path in sorted(folder.iterdir()):
        yamlio.load_file(path, max_bytes=1 << 22)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--profiles", type=int, default=1000)
    parser.add_argument("--keep", type=Path, help="write the generated folder here and stop")
    args = parser.parse_args()
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        make_folder(args.keep, args.profiles)
        return

    commands = {
        "due (table)": lambda f: run_due(f),
        "due -f ics": lambda f: run_due(f, ics),
        "portfolio (html)": run_portfolio,
    }
    per_profile: dict[str, list[float]] = {name: [] for name in commands}
    for scale in (1, 2, 4):
        count = args.profiles * scale
        with tempfile.TemporaryDirectory() as name:
            folder = Path(name)
            make_folder(folder, count)
            anchor = timed(lambda f=folder: read_all(f))
            print(
                f"{count} profiles (+ {count} evidence files); anchor: YAML-load all {anchor:.2f} s"
            )
            for label, command in commands.items():
                seconds = timed(lambda f=folder, c=command: c(f))
                per_profile[label].append(seconds / count)
                print(
                    f"  {label:<17} {seconds:7.2f} s  {count / seconds:6.0f} profiles/s"
                    f"  {seconds / anchor:5.1f} x anchor"
                )
    print("time per profile at 4x / at 1x (1.0 = linear):")
    for label, times in per_profile.items():
        print(f"  {label:<17} {times[-1] / times[0]:.2f}")


if __name__ == "__main__":
    main()
