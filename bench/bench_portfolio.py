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
from vendor_eval.due import due_report
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


def run_due(folder: Path) -> None:
    loaded = load(folder)
    report = due_report(
        ((v.assessment, v.evidence, v.dates) for v in loaded.vendors), AS_OF, within_days=30
    )
    table(report)
    ics(report)


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

    print(f"{'profiles':>8} {'anchor s':>9} {'due s':>8} {'x anchor':>8} {'prof/s':>7}"
          f" {'portfolio s':>11} {'x anchor':>8} {'prof/s':>7}")  # fmt: skip
    per_profile = []
    for scale in (1, 2, 4):
        count = args.profiles * scale
        with tempfile.TemporaryDirectory() as name:
            folder = Path(name)
            make_folder(folder, count)
            anchor = timed(lambda f=folder: read_all(f))
            due_s = timed(lambda f=folder: run_due(f))
            portfolio_s = timed(lambda f=folder: run_portfolio(f))
        per_profile.append((due_s / count, portfolio_s / count))
        print(
            f"{count:>8} {anchor:>9.2f} {due_s:>8.2f} {due_s / anchor:>8.1f} {count / due_s:>7.0f}"
            f" {portfolio_s:>11.2f} {portfolio_s / anchor:>8.1f} {count / portfolio_s:>7.0f}"
        )
    due_growth = per_profile[-1][0] / per_profile[0][0]
    portfolio_growth = per_profile[-1][1] / per_profile[0][1]
    print(
        f"time per profile at 4x / at 1x: due {due_growth:.2f}, portfolio {portfolio_growth:.2f}"
        " (1.0 = linear)"
    )


if __name__ == "__main__":
    main()
