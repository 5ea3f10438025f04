"""How fast is `vendor-eval extract soc2` on long reports, and how much memory does it use?

Run by hand from the repository root:  .venv/bin/python bench/bench_soc2.py [--pages 750 1500 3000]

For each size it generates two synthetic SOC 2 reports: ours (the test sample report with
many pages of tests of controls, "No exceptions noted." rows and a few exceptions), and,
when --heavy-generator is given (the shared `make_soc2_pdf.py`, which needs reportlab), a
heavy one with an exception on most test pages, subservice and user-entity wording
throughout. On each it times, in the same run:

* the whole command, `vendor-eval extract soc2` in a subprocess, with the peak RSS of its
  largest process (the command's own or a reader's: they are not added up);
* naive pdfplumber: `extract_text()` on every page. On long reports it reads --naive-pages
  pages spread evenly through the document (light front matter and heavy test pages
  alike) and scales that loop to the page count; its start-up (import, opening the file)
  is counted once, not scaled. The output says when it was scaled;
* poppler's `pdftotext` (apt-get install poppler-utils), if installed;
* on a machine of several cores, the command again held to one core, where it reads every
  page itself: elsewhere reader processes read pages ahead while the rules run, which
  shortens the wait (wall time) at the cost of some CPU time.

Ratios are given on wall time and on CPU time (user + system): the machine is shared, and
CPU time is what a busy neighbour does not change. The test pages are as dense as a real
tests-of-controls matrix: on light pages every tool's fixed start-up cost dominates and
ratios mislead.

Generated PDFs are kept in --workdir so a second run skips generation. Reports made
elsewhere (a real report) are timed the same way with --pdf FILE. Every time is the best
of --repeat runs, the three tools taking turns. Growth is the time per page against the
smallest size of each kind: use sizes 1x/2x/4x apart to check it is linear.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from pdfgen import Page, Table, write_pdf  # noqa: E402
from soc2_sample import (  # noqa: E402
    CHANGE_EXCEPTION,
    FOOTER,
    HEADER,
    TERMINATION_EXCEPTION,
    Soc2Report,
)

EXCEPTION_PAGES = 4  # "a few exceptions", spread through the report as in real ones
ROWS_PER_PAGE = 10
WIDTHS = (0.09, 0.3, 0.33, 0.1, 0.18)


def dense_test_rows(first: int, failed: dict[int, str]) -> list[list[str]]:
    """A tests-of-controls page as dense as a real one: ten controls of four or five
    lines each (~45 visual lines, ~100 lines of extracted text) in five columns."""
    rows = [["Control #", "Control Activity", "Test Procedures", "Criteria", "Results of Testing"]]
    for index in range(first, first + ROWS_PER_PAGE):
        control = f"CC{1 + (index - 1) // 3 % 9}.{1 + (index - 1) % 3}"
        rows.append(
            [
                control,
                f"Control {index}: the entity restricts logical access to production systems "
                "to authorised personnel; access requests are approved by the system owner "
                "before access is provisioned.",
                "Inspected the access provisioning tickets for a sample of new users and the "
                "access listing to determine that approval was documented before access was "
                "granted.",
                f"CC6.1, {control}",
                failed.get(index, "No exceptions noted."),
            ]
        )
    return rows


def build_report(path: Path, pages: int) -> None:
    fixed = len(Soc2Report(test_pages=[]).pages())
    test_page_count = max(1, pages - fixed)
    with_exceptions = {
        round(test_page_count * (k + 0.5) / EXCEPTION_PAGES) for k in range(EXCEPTION_PAGES)
    }
    test_pages: list[Page] = []
    for index in range(test_page_count):
        first = 1 + index * ROWS_PER_PAGE
        failed = {}
        if index in with_exceptions:
            failed = {first + 3: TERMINATION_EXCEPTION if index % 2 else CHANGE_EXCEPTION}
        test_pages.append(Table(dense_test_rows(first, failed), widths=WIDTHS, size=7))
    report = Soc2Report(test_pages=[])
    write_pdf(
        path, report.pages()[:-1] + test_pages + report.pages()[-1:], header=HEADER, footer=FOOTER
    )


@dataclass(frozen=True)
class Measured:
    wall: float  # seconds
    cpu: float  # seconds of user + system time
    peak_mb: int
    code: int
    output: bytes = b""


def run_measured(command: list[str], *, one_core: bool = False) -> Measured:
    """Wall and CPU seconds, peak RSS, exit code and standard output of one child (its
    own processes' CPU time included), held to one core if asked."""
    started = time.perf_counter()
    hold = (lambda: os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})) if one_core else None
    with tempfile.TemporaryFile() as output, open(os.devnull, "wb") as devnull:
        child = subprocess.Popen(command, stdout=output, stderr=devnull, preexec_fn=hold)
        _, status, usage = os.wait4(child.pid, 0)
        elapsed = time.perf_counter() - started
        output.seek(0)
        printed = output.read()
    return Measured(
        elapsed,
        usage.ru_utime + usage.ru_stime,
        usage.ru_maxrss // 1024,
        os.waitstatus_to_exitcode(status),
        printed,
    )


def best(runs: list[Measured]) -> Measured:
    return Measured(
        min(run.wall for run in runs),
        min(run.cpu for run in runs),
        max(run.peak_mb for run in runs),
        max(run.code for run in runs),
        runs[0].output,
    )


# Prints the wall and CPU seconds of the page loop alone, so that only the loop is
# scaled to the whole document and the start-up is counted once.
NAIVE = """
import sys, time, pdfplumber
with pdfplumber.open(sys.argv[1]) as pdf:
    wall, cpu = time.perf_counter(), time.process_time()
    for index in map(int, sys.argv[2].split(",")):
        page = pdf.pages[index]
        page.extract_text()
        page.close()
    print(time.perf_counter() - wall, time.process_time() - cpu)
"""


def spread(count: int, sample: int) -> list[int]:
    """`sample` page indices spread evenly over `count` pages (all when it is smaller)."""
    if sample >= count:
        return list(range(count))
    return sorted({int((k + 0.5) * count / sample) for k in range(sample)})


def naive_pdfplumber(pdf: Path, indices: list[int], count: int) -> Measured:
    """One run of naive pdfplumber on the pages `indices`, its page loop scaled to `count`
    pages and its start-up counted once."""
    run = run_measured([sys.executable, "-c", NAIVE, str(pdf), ",".join(map(str, indices))])
    if run.code != 0:
        raise SystemExit(f"naive pdfplumber failed on {pdf}")
    loop_wall, loop_cpu = map(float, run.output.split())
    scale = count / len(indices)
    return Measured(
        run.wall + loop_wall * (scale - 1),
        run.cpu + loop_cpu * (scale - 1),
        run.peak_mb,
        run.code,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, nargs="*", default=[300, 1000])
    parser.add_argument(
        "--naive-pages", type=int, default=100, help="pages naive pdfplumber reads, spread out"
    )
    parser.add_argument("--pdf", type=Path, nargs="*", default=[], help="other reports to time")
    parser.add_argument(
        "--heavy-generator",
        type=Path,
        help="the shared make_soc2_pdf.py: also time its report at each --pages size",
    )
    parser.add_argument("--repeat", type=int, default=3, help="best of this many runs")
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "ve-bench")
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    pdftotext = shutil.which("pdftotext")

    families: dict[str, list[Path]] = {"ours": [], "heavy": []}
    for pages in args.pages:
        pdf = args.workdir / f"soc2-{pages}p.pdf"
        if not pdf.exists():
            started = time.perf_counter()
            build_report(pdf, pages)
            print(f"generated {pdf} in {time.perf_counter() - started:.1f} s")
        families["ours"].append(pdf)
        if args.heavy_generator is not None:
            heavy = args.workdir / f"heavy-{pages}p.pdf"
            if not heavy.exists():
                subprocess.run(
                    [sys.executable, str(args.heavy_generator), "--pages", str(pages)]
                    + ["--out", str(heavy)],
                    check=True,
                    stdout=subprocess.DEVNULL,
                )
            families["heavy"].append(heavy)
    per_page: dict[str, list[tuple[int, float, float]]] = {"ours": [], "heavy": []}
    # Side by side: ours and the heavy report of each size, one after the other.
    reports = [
        pdf
        for index in range(len(args.pages))
        for members in families.values()
        for pdf in members[index : index + 1]
    ]
    for pdf in [*reports, *args.pdf]:
        actual = _page_count(pdf)
        out = args.workdir / f"{pdf.stem}.evidence.yaml"
        command = [sys.executable, "-m", "vendor_eval", "extract", "soc2", str(pdf), "-o", str(out)]
        indices = spread(actual, args.naive_pages)
        # The three take turns, so that a neighbour's load falls on all of them alike.
        runs: dict[str, list[Measured]] = {"ours": [], "one core": [], "naive": [], "poppler": []}
        for _ in range(args.repeat):
            runs["ours"].append(run_measured([*command, "--force"]))
            if len(os.sched_getaffinity(0)) > 1:
                runs["one core"].append(run_measured([*command, "--force"], one_core=True))
            if pdftotext:
                poppler_command = [pdftotext, str(pdf), str(args.workdir / "p.txt")]
                runs["poppler"].append(run_measured(poppler_command))
            runs["naive"].append(naive_pdfplumber(pdf, indices, actual))
        ours, naive = best(runs["ours"]), best(runs["naive"])
        if ours.code != 0:
            raise SystemExit(f"vendor-eval failed on {pdf}")
        for family, members in families.items():
            if pdf in members:
                per_page[family].append((actual, ours.wall / actual, ours.cpu / actual))
        naive_note = ""
        if len(indices) < actual:
            naive_note = f" (read {len(indices)} pages spread through it, loop scaled to {actual})"

        print(f"\n{pdf.name}: {actual} pages ({pdf.stat().st_size / 1e6:.1f} MB)")
        print(
            f"  vendor-eval extract soc2 : {ours.wall:7.2f} s wall {ours.cpu:7.2f} s CPU"
            f"   largest process {ours.peak_mb} MB"
        )
        print(
            f"  naive pdfplumber         : {naive.wall:7.2f} s wall {naive.cpu:7.2f} s CPU"
            f"   -> vendor-eval is {naive.wall / ours.wall:.0f}x faster "
            f"({naive.cpu / ours.cpu:.0f}x in CPU){naive_note}"
        )
        if runs["one core"]:
            alone = best(runs["one core"])
            print(
                f"  vendor-eval, one core    : {alone.wall:7.2f} s wall {alone.cpu:7.2f} s CPU"
                f"   largest process {alone.peak_mb} MB"
            )
        if runs["poppler"]:
            poppler = best(runs["poppler"])
            print(
                f"  pdftotext (poppler)      : {poppler.wall:7.2f} s wall {poppler.cpu:7.2f} s CPU"
                f"   -> vendor-eval takes {ours.wall / poppler.wall:.1f}x as long "
                f"({ours.cpu / poppler.cpu:.1f}x in CPU)"
            )
            if runs["one core"]:
                print(
                    f"{'':29}-> on one core {alone.wall / poppler.wall:.1f}x as long "
                    f"({alone.cpu / poppler.cpu:.1f}x in CPU)"
                )
        else:
            print("  pdftotext                : not installed (apt-get install poppler-utils)")
    for family, measured in per_page.items():
        if len(measured) < 2:
            continue
        first_pages, first_wall, first_cpu = measured[0]
        print(f"\ngrowth on the {family} reports (time per page against {first_pages} pages):")
        for pages, wall, cpu in measured:
            print(f"  {pages:5d} pages: {wall / first_wall:.2f}x wall, {cpu / first_cpu:.2f}x CPU")


def _page_count(pdf: Path) -> int:
    from vendor_eval.evidence.pdf import open_pdf

    with open_pdf(pdf) as document:
        return document.page_count


if __name__ == "__main__":
    main()
