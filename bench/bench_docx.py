"""How fast does `vendor-eval extract soc2|baa` read a Word (.docx) document, and in how
much memory, next to python-docx reading the same file's text plainly?

Run by hand from the repository root:  .venv/bin/python bench/bench_docx.py [--pages 100 200 400]

For each size it writes the test sample SOC 2 report as a .docx with that many pages of
tests-of-controls tables (ten controls by five columns each, a page break between them, as
a report exported from Word is), then times, in the same run:

* the whole command, `vendor-eval extract soc2` in a subprocess, with its peak RSS;
* the anchor: a bare python-docx read of every paragraph's and table cell's text, in a
  subprocess too (so both pay for starting Python and opening the zip).

Sizes double, so linear growth shows as a steady time per page. Generated documents are
kept in --workdir so a second run skips generation.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO / "bench"))

from bench_soc2 import WIDTHS, dense_test_rows, run_measured  # noqa: E402
from docxgen import write_docx  # noqa: E402
from pdfgen import Page, Table  # noqa: E402
from soc2_sample import CHANGE_EXCEPTION, HEADER, Soc2Report  # noqa: E402

ANCHOR = """
import sys, docx
document = docx.Document(sys.argv[1])
texts = [paragraph.text for paragraph in document.paragraphs]
for table in document.tables:
    for row in table.rows:
        texts.extend(cell.text for cell in row.cells)
"""


def build_report(path: Path, pages: int) -> None:
    test_pages: list[Page] = []
    for index in range(pages):
        first = 1 + index * 10
        failed = {first + 3: CHANGE_EXCEPTION} if index % 50 == 25 else {}
        test_pages.append(Table(dense_test_rows(first, failed), widths=WIDTHS, size=7))
    report = Soc2Report(test_pages=[])
    write_docx(path, report.pages()[:-1] + test_pages + report.pages()[-1:], header=HEADER)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, nargs="+", default=[100, 200, 400])
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "ve-bench")
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    for pages in args.pages:
        path = args.workdir / f"soc2-{pages}p.docx"
        if not path.exists():
            started = time.perf_counter()
            build_report(path, pages)
            print(f"generated {path} in {time.perf_counter() - started:.1f} s")
        ours, ours_mb, code = run_measured(
            [sys.executable, "-m", "vendor_eval", "extract", "soc2", str(path), "--format", "json"]
        )
        if code != 0:
            raise SystemExit(f"vendor-eval failed on {path} (exit {code})")
        anchor, anchor_mb, _ = run_measured([sys.executable, "-c", ANCHOR, str(path)])
        print(
            f"{pages:5d} pages ({path.stat().st_size / 1e6:.2f} MB): "
            f"vendor-eval {ours:6.2f} s, {ours_mb} MB, {1000 * ours / pages:.1f} ms/page | "
            f"python-docx text {anchor:6.2f} s, {anchor_mb} MB | "
            f"ratio {ours / anchor:.2f}x"
        )


if __name__ == "__main__":
    main()
