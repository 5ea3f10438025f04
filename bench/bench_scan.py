"""How long `scan` takes on a local site, and how much memory the browser needs.

Serves the test site of tests/scansite.py with 5, 10 and 20 pages (1x/2x/4x) on 127.0.0.1,
scans each with all three scenarios, and reports wall time and the peak resident memory of
this process and every browser process under it (sampled every 0.1 s), next to an anchor
measured in the same run: Playwright launching the same Chromium, loading one page of the
site and closing. Run by hand:

    .venv/bin/python bench/bench_scan.py [--dwell 1] [--workers 0]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

from scansite import TestSite  # noqa: E402

from vendor_eval.evidence.scan import ScanOptions, scan_site  # noqa: E402
from vendor_eval.evidence.scan.browser import find_browser  # noqa: E402

SIZES = (5, 10, 20)
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")


def _tree_rss(root: int) -> int:
    """Resident bytes of `root` and all its descendants, read from /proc."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid = int(entry)
        children.setdefault(int(fields[1]), []).append(pid)
        rss[pid] = int(fields[21]) * PAGE_SIZE
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack += children.get(pid, [])
    return total


class PeakMemory:
    def __init__(self) -> None:
        self.peak = 0
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self.stop.is_set():
            self.peak = max(self.peak, _tree_rss(os.getpid()))
            self.stop.wait(0.1)

    def __enter__(self) -> PeakMemory:
        self.thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.stop.set()
        self.thread.join()


def anchor(site: TestSite) -> tuple[float, int]:
    from playwright.async_api import async_playwright

    async def visit() -> None:
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(
                executable_path=str(find_browser(None)),
                args=[
                    f"--host-resolver-rules={site.resolver_rules}",
                    "--ignore-certificate-errors",
                ],
            )
            page = await browser.new_page(ignore_https_errors=True)
            await page.goto("https://clinic.example/about")
            await browser.close()

    with PeakMemory() as memory:
        started = time.perf_counter()
        asyncio.run(visit())
        return time.perf_counter() - started, memory.peak


def scan(site: TestSite, pages: int, dwell: float, workers: int) -> tuple[float, int, int]:
    with PeakMemory() as memory:
        started = time.perf_counter()
        evidence = scan_site(
            ScanOptions(
                urls=("https://clinic.example/",),
                host_resolver_rules=site.resolver_rules,
                ignore_https_errors=True,
                max_pages=pages,
                dwell=dwell,
                workers=workers,
            )
        )
        elapsed = time.perf_counter() - started
    scenarios = evidence.value("scenarios")
    visited = sum(s["pages"] for s in scenarios)
    return elapsed, memory.peak, visited


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dwell", type=float, default=1.0)
    parser.add_argument("--workers", type=int, default=0, help="0: one per core")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        site = TestSite(Path(folder), extra_pages=max(SIZES) - 3)
        try:
            base_seconds, base_memory = anchor(site)
            print(
                f"anchor: one bare page load in a fresh Chromium: {base_seconds:.2f} s, "
                f"peak {base_memory / 2**20:.0f} MB"
            )
            print(f"cores: {os.cpu_count()}, dwell {args.dwell} s per page")
            first = None
            for pages in SIZES:
                seconds, memory, visited = scan(site, pages, args.dwell, args.workers)
                first = first or seconds / pages
                print(
                    f"{pages:>3} pages x 3 scenarios ({visited} page visits): {seconds:6.1f} s "
                    f"({seconds / base_seconds:5.1f}x anchor, {seconds / pages / first:4.2f}x "
                    f"the 5-page time per page), peak {memory / 2**20:.0f} MB "
                    f"({memory / base_memory:.1f}x anchor)"
                )
        finally:
            site.close()


if __name__ == "__main__":
    main()
