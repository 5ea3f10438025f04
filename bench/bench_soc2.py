"""How fast is `vendor-eval extract soc2` on long reports, and how much memory does it use?

Run by hand from the repository root:  .venv/bin/python bench/bench_soc2.py [--pages 300 1000]

For each size it generates a synthetic SOC 2 report (the test sample report with many
pages of tests of controls, "No exceptions noted." rows and a few exceptions), then times,
in the same run:

* the whole command, `vendor-eval extract soc2` in a subprocess, with its peak RSS;
* naive pdfplumber: `extract_text()` on every page (on long reports, on the first
  --naive-pages pages only, extrapolated linearly - the output says when);
* poppler's `pdftotext` (apt-get install poppler-utils), if installed.

The test pages are as dense as a real tests-of-controls matrix (five columns, ~45 visual
lines): on light pages every tool's fixed start-up cost dominates and ratios mislead.

Generated PDFs are kept in --workdir so a second run skips generation. Reports made
elsewhere (the shared heavy-report generator, a real report) are timed the same way with
--pdf FILE. Every time is the best of --repeat runs, since the machine is shared.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
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


def run_measured(command: list[str]) -> tuple[float, int, int]:
    """Wall seconds, peak RSS in MB, and exit code of one child process."""
    started = time.perf_counter()
    with open(os.devnull, "wb") as devnull:
        child = subprocess.Popen(command, stdout=devnull, stderr=devnull)
        _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    return elapsed, usage.ru_maxrss // 1024, child.returncode


NAIVE = """
import sys, pdfplumber
with pdfplumber.open(sys.argv[1]) as pdf:
    for page in pdf.pages[: int(sys.argv[2])]:
        page.extract_text()
        page.close()
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, nargs="*", default=[300, 1000])
    parser.add_argument("--naive-pages", type=int, default=100, help="cap for naive pdfplumber")
    parser.add_argument("--pdf", type=Path, nargs="*", default=[], help="other reports to time")
    parser.add_argument("--repeat", type=int, default=3, help="best of this many runs")
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "ve-bench")
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    pdftotext = shutil.which("pdftotext")

    reports = []
    for pages in args.pages:
        pdf = args.workdir / f"soc2-{pages}p.pdf"
        if not pdf.exists():
            started = time.perf_counter()
            build_report(pdf, pages)
            print(f"generated {pdf} in {time.perf_counter() - started:.1f} s")
        reports.append(pdf)
    seconds_per_page = []
    for pdf in [*reports, *args.pdf]:
        actual = _page_count(pdf)
        out = args.workdir / f"{pdf.stem}.evidence.yaml"
        command = [sys.executable, "-m", "vendor_eval", "extract", "soc2", str(pdf)]
        runs = [run_measured([*command, "-o", str(out), "--force"]) for _ in range(args.repeat)]
        if any(code != 0 for _, _, code in runs):
            raise SystemExit(f"vendor-eval failed on {pdf}")
        command_s = min(seconds for seconds, _, _ in runs)
        command_mb = max(mb for _, mb, _ in runs)
        if pdf in reports:
            seconds_per_page.append((actual, command_s / actual))

        naive_pages = min(actual, args.naive_pages)
        naive_s = min(
            run_measured([sys.executable, "-c", NAIVE, str(pdf), str(naive_pages)])[0]
            for _ in range(args.repeat)
        )
        naive_full = naive_s * actual / naive_pages
        naive_note = "" if naive_pages == actual else f" (timed on {naive_pages} pages, scaled)"

        print(f"\n{pdf.name}: {actual} pages ({pdf.stat().st_size / 1e6:.1f} MB)")
        print(f"  vendor-eval extract soc2 : {command_s:7.2f} s   peak RSS {command_mb} MB")
        print(
            f"  naive pdfplumber         : {naive_full:7.2f} s{naive_note}   "
            f"-> vendor-eval is {naive_full / command_s:.0f}x faster"
        )
        if pdftotext:
            poppler_s = min(
                run_measured([pdftotext, str(pdf), str(args.workdir / "p.txt")])[0]
                for _ in range(args.repeat)
            )
            print(
                f"  pdftotext (poppler)      : {poppler_s:7.2f} s   "
                f"-> vendor-eval takes {command_s / poppler_s:.1f}x as long"
            )
        else:
            print("  pdftotext                : not installed (apt-get install poppler-utils)")
    if len(seconds_per_page) > 1:
        first_pages, first = seconds_per_page[0]
        print("\ngrowth (time per page against the smallest generated report):")
        for pages, per_page in seconds_per_page:
            print(f"  {pages:5d} pages: {per_page / first:.2f}x the time per page of {first_pages}")


def _page_count(pdf: Path) -> int:
    from vendor_eval.evidence.pdf import open_pdf

    with open_pdf(pdf) as document:
        return document.page_count


if __name__ == "__main__":
    main()
