"""How fast `extract har` reads a large capture, and how much memory it needs.

Writes a synthetic capture of about --megabytes MB to bench/out/ (page loads with
response bodies, tracker beacons with base64 payloads, a few multi-megabyte entries),
then runs the extractor in a fresh process and reports wall time and peak RSS, next to
what loading the same file with `json.load` costs. Run by hand:

    .venv/bin/python bench/bench_har.py [--megabytes 200]
"""

from __future__ import annotations

import argparse
import base64
import json
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
SITE = "clinic.example"

MEASURE = """
import json, sys, time
from pathlib import Path
started = time.perf_counter()
cpu_started = time.process_time()
if sys.argv[1] == "extract":
    from vendor_eval.evidence.har import HarOptions, extract_har
    from vendor_eval.evidence.io import dump_evidence
    evidence = extract_har(Path(sys.argv[2]), HarOptions(sites=("clinic.example",),
                           canaries=("jane.canary@example.org",)))
    size = len(dump_evidence(evidence, "json"))
else:
    with open(sys.argv[2], encoding="utf-8") as handle:
        size = len(json.load(handle)["log"]["entries"])
elapsed = time.perf_counter() - started
cpu = time.process_time() - cpu_started
# VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the parent through fork and exec.
with open("/proc/self/status", encoding="ascii") as status:
    peak_kb = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
print(json.dumps({"seconds": round(elapsed, 3), "cpu_seconds": round(cpu, 3),
                  "peak_rss_mb": round(peak_kb / 1024, 1), "size": size}))
"""


def _entry(url: str, *, method: str = "GET", body: str | None = None, response: str = "") -> str:
    entry = {
        "startedDateTime": "2026-01-01T00:00:00.000Z",
        "time": 10,
        "request": {
            "method": method,
            "url": url,
            "httpVersion": "HTTP/2",
            "headers": [
                {"name": "Referer", "value": f"https://www.{SITE}/conditions/diabetes"},
                {"name": "User-Agent", "value": "Mozilla/5.0 bench"},
            ],
            "cookies": [],
            "queryString": [],
            "headersSize": -1,
            "bodySize": len(body or ""),
            **({"postData": {"mimeType": "application/json", "text": body}} if body else {}),
        },
        "response": {
            "status": 200,
            "statusText": "",
            "httpVersion": "HTTP/2",
            "headers": [],
            "cookies": [],
            "content": {"size": len(response), "mimeType": "text/html", "text": response},
            "redirectURL": "",
            "headersSize": -1,
            "bodySize": len(response),
        },
        "cache": {},
        "timings": {"send": 1, "wait": 8, "receive": 1},
    }
    return json.dumps(entry)


def write_capture(path: Path, megabytes: int) -> int:
    page_body = "<p>" + "Lorem ipsum dolor sit amet. " * 1800 + "</p>"  # ~50 KB
    big_body = base64.b64encode(b"\x00\x01binary" * 500_000).decode()  # ~5 MB
    event = json.dumps([{"event": "view", "properties": {"$current_url": "https://x/patient"}}])
    beacon = "https://api-js.mixpanel.com/track/?data=" + base64.b64encode(event.encode()).decode()
    target = megabytes * 1_048_576
    written = 0
    count = 0
    with open(path, "w", encoding="utf-8") as handle:
        handle.write('{"log": {"version": "1.2", "creator": {"name": "bench", "version": "1"},')
        handle.write('"pages": [], "entries": [\n')
        while written < target:
            if count % 400 == 399:
                text = _entry(f"https://www.{SITE}/video/{count}", response=big_body)
            elif count % 3 == 0:
                text = _entry(f"https://www.{SITE}/page/{count}", response=page_body)
            elif count % 3 == 1:
                text = _entry(beacon)
            else:
                text = _entry(
                    "https://api.segment.io/v1/t", method="POST", body='{"event":"Booked"}'
                )
            handle.write(("," if count else "") + text + "\n")
            written += len(text) + 2
            count += 1
        handle.write("]}}\n")
    return count


def measure(mode: str, path: Path) -> dict:
    completed = subprocess.run(
        [sys.executable, "-c", MEASURE, mode, str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(completed.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=int, default=200)
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    path = OUT / f"capture-{args.megabytes}mb.har"
    started = time.perf_counter()
    entries = write_capture(path, args.megabytes)
    size_mb = path.stat().st_size / 1_048_576
    print(f"capture: {path.name}, {size_mb:.0f} MB, {entries} entries "
          f"(written in {time.perf_counter() - started:.1f} s)")  # fmt: skip
    streamed = measure("extract", path)
    print(
        f"extract har (streamed): {streamed['seconds']} s, peak RSS {streamed['peak_rss_mb']} MB,"
        f" evidence {streamed['size'] / 1024:.0f} KB"
    )
    loaded = measure("json-load", path)
    print(f"json.load of the same file, for scale: {loaded['seconds']} s, "
          f"peak RSS {loaded['peak_rss_mb']} MB")  # fmt: skip


if __name__ == "__main__":
    main()
