"""Is the HAR reader's own streaming JSON parser faster than ijson's C backend?

Run by hand (needs `pip install ijson` for the ijson rows; figures only, nothing asserted):

    .venv/bin/python bench/bench_har_stream.py [--megabytes 200] [--entries 15000] [--repeat 3]

Writes two captures to a temporary folder (a --megabytes capture shaped like
bench_har.py's, with large response bodies, and one of --entries small tracker entries),
then reads every entry of each in a fresh process, best of --repeat, and prints wall time
and peak RSS next to `json.load` of the same file:

* reader: `iter_entries`, the reader's own stream (sha256 of the file included);
* ijson entries only: `ijson.items(..., "log.entries.item")` with the yajl2_c backend, the
  sha256 taken on the reads. A lower bound: it does not read `log.pages` or `log.creator`,
  which the reader needs and which may come before or after the entries;
* ijson, all the reader needs: one read loop feeding three yajl2_c parsers (entries, pages,
  creator) through ijson's push interface.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_har import write_capture  # noqa: E402

MEASURE = """
import hashlib, json, sys, time
mode, path = sys.argv[1], sys.argv[2]
# Imports are left out of the time: only reading the capture is compared.
if mode == "reader":
    from vendor_eval.evidence.har.stream import HarMeta, iter_entries
elif mode != "json-load":
    import ijson.backends.yajl2_c as ijson
started = time.perf_counter()
count = 0
if mode == "reader":
    count = sum(1 for _ in iter_entries(path, HarMeta()))
elif mode == "json-load":
    with open(path, encoding="utf-8") as handle:
        count = len(json.load(handle)["log"]["entries"])
else:
    digest = hashlib.sha256()

    class Hashed:
        def __init__(self, handle):
            self.handle = handle
        def read(self, size):
            data = self.handle.read(size)
            digest.update(data)
            return data

    class Collect:
        def __init__(self):
            self.values = []
        def send(self, value):
            self.values.append(value)

    class Count:
        def __init__(self):
            self.count = 0
        def send(self, value):
            self.count += 1

    with open(path, "rb") as handle:
        if mode == "ijson-entries":
            source = Hashed(handle)
            items = ijson.items(source, "log.entries.item", use_float=True, buf_size=1 << 20)
            count = sum(1 for _ in items)
        else:
            entries, pages, creator = Count(), Collect(), Collect()
            parsers = [
                ijson.items_coro(entries, "log.entries.item", use_float=True),
                ijson.items_coro(pages, "log.pages", use_float=True),
                ijson.items_coro(creator, "log.creator", use_float=True),
            ]
            while chunk := handle.read(1 << 20):
                digest.update(chunk)
                for parser in parsers:
                    parser.send(chunk)
            for parser in parsers:
                parser.close()
            count = entries.count
    digest.hexdigest()
elapsed = time.perf_counter() - started
# VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the parent through fork and exec.
with open("/proc/self/status", encoding="ascii") as status:
    peak_kb = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
peak_mb = peak_kb / 1024
print(json.dumps({"seconds": elapsed, "peak_rss_mb": peak_mb, "entries": count}))
"""

MODES = (
    ("reader", "reader (iter_entries)"),
    ("ijson-entries", "ijson, entries only"),
    ("ijson-all", "ijson, all the reader needs"),
    ("json-load", "json.load, for scale"),
)


def write_small_entries(path: Path, count: int) -> None:
    """Tracker beacons and page loads without bodies, like a long browsing session."""
    with open(path, "w", encoding="utf-8") as handle:
        handle.write('{"log": {"version": "1.2", "creator": {"name": "bench", "version": "1"},')
        handle.write('"pages": [], "entries": [\n')
        for number in range(count):
            url = f"https://www.clinic.example/conditions/diabetes/{number}"
            if number % 2:
                url = f"https://www.facebook.com/tr/?id=1&ev=PageView&dl={url}"
            entry = {
                "startedDateTime": "2026-01-01T00:00:00.000Z",
                "time": 12.5,
                "request": {
                    "method": "GET",
                    "url": url,
                    "headers": [{"name": "User-Agent", "value": "Mozilla/5.0 bench"}],
                    "cookies": [],
                    "queryString": [],
                },
                "response": {"status": 200, "headers": [], "content": {"mimeType": "text/html"}},
                "timings": {"send": 1, "wait": 10, "receive": 1.5},
            }
            handle.write(("," if number else "") + json.dumps(entry) + "\n")
        handle.write("]}}\n")


def measure(mode: str, path: Path, repeat: int) -> dict | None:
    runs = []
    for _ in range(repeat):
        completed = subprocess.run(
            [sys.executable, "-c", MEASURE, mode, str(path)], capture_output=True, text=True
        )
        if completed.returncode != 0:
            if "No module named 'ijson" in completed.stderr:
                return None
            raise SystemExit(completed.stderr)
        runs.append(json.loads(completed.stdout))
    return min(runs, key=lambda run: run["seconds"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=int, default=200)
    parser.add_argument("--entries", type=int, default=15_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ve-bench-har-stream-") as folder:
        big = Path(folder) / f"capture-{args.megabytes}mb.har"
        many = Path(folder) / f"capture-{args.entries}-entries.har"
        write_capture(big, args.megabytes)
        write_small_entries(many, args.entries)
        for path in (big, many):
            print(f"{path.name}: {path.stat().st_size / 1_048_576:.0f} MB")
            anchor = None
            for mode, label in MODES:
                result = measure(mode, path, args.repeat)
                if result is None:
                    print(f"  {label:32} (pip install ijson to measure)")
                    continue
                if mode == "reader":
                    anchor = result["seconds"]
                ratio = f"  {result['seconds'] / anchor:.2f}x the reader" if anchor else ""
                print(
                    f"  {label:32} {result['seconds']:6.2f} s  peak RSS "
                    f"{result['peak_rss_mb']:6.1f} MB  ({result['entries']} entries){ratio}"
                )


if __name__ == "__main__":
    main()
