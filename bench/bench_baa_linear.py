"""Is `extract baa` linear in pages whatever the layout, and how far is it from pdftotext?

Run by hand from the repository root:

    .venv/bin/python bench/bench_baa_linear.py [--pages 150 300 600] [--repeat 5]

Two layouts are generated under bench/out/ at 1x/2x/4x the given page counts:

* continuous: clauses one line after another, no blank line anywhere (the layout that used
  to be quadratic in the block splitter);
* paragraphs: the ordinary agreement of bench_baa.py (blank lines between clauses).

Each file is read in the same run by `vendor-eval extract baa`, `vendor-eval extract soc2`
and poppler's `pdftotext`, each in a subprocess, in --repeat interleaved rounds; times are
the best of the rounds. The ratios printed are the targets of issue 16: baa/soc2 within 2x
on continuous text, baa/pdftotext within 6x on the ordinary agreements (best against best,
then the median of each round's own ratio); s/page should stay flat from 1x to 4x. With
--cpu the times are CPU seconds rather than wall-clock ones, which a busy shared machine
distorts less.

At the smallest size most of a run is what every run pays before the first page: the
interpreter and the imports of typer, pypdfium2 and PyYAML (`python -X importtime -m
vendor_eval extract baa FILE` shows them), then compiling the clause patterns the document
uses. pdftotext pays almost none of that, so the ratio is highest there; past it, pdfium's
reading of each page's text is the largest single cost after the rules themselves.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from fpdf import FPDF

sys.path.insert(0, str(Path(__file__).parent))
from bench_baa import PARAGRAPHS, agreement_pages  # noqa: E402

OUT = Path(__file__).parent / "out"
CLI = [sys.executable, "-m", "vendor_eval"]
CPU_TIME = False


def continuous_pages(pages: int) -> list[str]:
    per_page = 9
    return [
        "\n".join(
            PARAGRAPHS[(page * per_page + n) % len(PARAGRAPHS)].replace(
                "thirty (30)", f"thirty (30) calendar days of clause {page}.{n}, and"
            )
            for n in range(per_page)
        )
        for page in range(1, pages + 1)
    ]


def write_pdf(name: str, texts: list[str]) -> Path:
    path = OUT / name
    if path.exists():
        return path
    OUT.mkdir(parents=True, exist_ok=True)
    pdf = FPDF(format="letter")
    pdf.set_font("Helvetica", size=10)
    for text in texts:
        pdf.add_page()
        pdf.multi_cell(0, 5, text)
    pdf.output(str(path))
    return path


def timed(command: list[str]) -> float:
    """One run of `command`, in wall-clock seconds, or with --cpu in the CPU seconds
    (user + system) it used: on a machine shared with other work, waiting for a core
    inflates wall time and not CPU time."""
    start = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return cpu if CPU_TIME else time.perf_counter() - start


def rounds(commands: dict[str, list[str]], repeat: int) -> dict[str, list[float]]:
    """Each command's times over `repeat` interleaved rounds, so that a burst of load on a
    shared machine hits all of them rather than one."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(repeat):
        for name, command in commands.items():
            times[name].append(timed(command))
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, nargs="+", default=[150, 300, 600])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--cpu", action="store_true", help="compare CPU time, not wall time")
    parser.add_argument("--layouts", nargs="+", default=["continuous", "paragraphs"])
    args = parser.parse_args()
    global CPU_TIME
    CPU_TIME = args.cpu
    pdftotext = shutil.which("pdftotext")
    print(
        f"{'input':<26}{'baa s':>8}{'soc2 s':>8}{'p2t s':>8}{'baa/soc2':>10}{'baa/p2t':>9}"
        f"{'(median)':>10}{'baa ms/page':>13}"
    )
    for layout, make in (("continuous", continuous_pages), ("paragraphs", agreement_pages)):
        if layout not in args.layouts:
            continue
        for pages in args.pages:
            path = write_pdf(f"baa-{layout}-{pages}p.pdf", make(pages))
            commands = {
                "baa": [*CLI, "extract", "baa", str(path)],
                "soc2": [*CLI, "extract", "soc2", str(path)],
            }
            if pdftotext:
                commands["p2t"] = [pdftotext, str(path), "-"]
            times = rounds(commands, args.repeat)
            baa, soc2 = min(times["baa"]), min(times["soc2"])
            p2t = min(times["p2t"]) if pdftotext else float("nan")
            # The ratio of each round's runs, middle of the rounds: a second reading of
            # the best-of ratio, which one lucky run of either command cannot move.
            per_round = (
                statistics.median(a / b for a, b in zip(times["baa"], times["p2t"], strict=True))
                if pdftotext
                else float("nan")
            )
            print(
                f"{path.name:<26}{baa:>8.2f}{soc2:>8.2f}{p2t:>8.3f}{baa / soc2:>10.2f}"
                f"{baa / p2t:>9.2f}{per_round:>10.2f}{1000 * baa / pages:>13.2f}"
            )


if __name__ == "__main__":
    main()
