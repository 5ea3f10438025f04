"""Peak memory of the extractors on decompression bombs, against the same extractor on a
small ordinary input (the anchor, measured in the same run).

    python bench/bench_bombs.py [--pdf-gb 1] [--har-mb 1024 300]

Builds, in a temporary folder that is removed afterwards: a PDF of about 1 MB whose one
content stream inflates to 1 GB, and HAR captures with one base64 response body of each
size given. Each extractor runs in its own process; its peak resident memory (ru_maxrss)
and exit code are printed, and the ratio to the anchor.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from bombs import bomb_har, bomb_pdf  # noqa: E402


def peak_mb(*args: str | Path) -> tuple[float, int, float, str]:
    """(peak RSS in MB, exit code, seconds, last stderr line) of one vendor-eval run."""
    started = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-m", "vendor_eval", *map(str, args)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    assert child.stderr is not None
    err = child.stderr.read().decode("utf-8", "replace").strip().splitlines()
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    return (
        usage.ru_maxrss / 1024,
        child.returncode,
        time.perf_counter() - started,
        err[-1] if err else "",
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pdf-gb", type=float, default=1.0)
    parser.add_argument("--har-mb", type=int, nargs="*", default=[1024, 300])
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="vendor-eval-bombs-") as folder:
        root = Path(folder)
        small_pdf = bomb_pdf(root / "small.pdf", 0)
        small_har = bomb_har(root / "small.har", 1000)
        big_pdf = bomb_pdf(root / "bomb.pdf", int(options.pdf_gb * 1024**3))
        print(
            f"PDF bomb: {big_pdf.stat().st_size / 1e6:.1f} MB on disk, "
            f"{options.pdf_gb:g} GB inflated"
        )
        for kind in ("soc2", "baa"):
            anchor, *_ = peak_mb("extract", kind, small_pdf)
            peak, code, seconds, last = peak_mb("extract", kind, big_pdf)
            print(
                f"  extract {kind}: peak {peak:,.0f} MB ({peak / anchor:.1f}x the "
                f"{anchor:.0f} MB anchor), exit {code}, {seconds:.1f} s; {last[:110]}"
            )
        anchor, *_ = peak_mb("extract", "har", small_har, "--site", "clinic.example")
        for size in options.har_mb:
            big_har = bomb_har(root / f"bomb-{size}.har", size * 1024**2)
            peak, code, seconds, last = peak_mb(
                "extract", "har", big_har, "--site", "clinic.example"
            )
            print(
                f"  extract har, {size} MB base64 body: peak {peak:,.0f} MB "
                f"({peak / anchor:.1f}x the {anchor:.0f} MB anchor), exit {code}, "
                f"{seconds:.1f} s; {last[:110]}"
            )
            big_har.unlink()


if __name__ == "__main__":
    main()
