"""How long `assess` takes to keep one answer: round-trip edit + data check + atomic save.

Run by hand: .venv/bin/python bench/bench_assess_save.py
Prints per-answer milliseconds for a small example profile and for a large hand-written
one (many sources and comments), and the cost of opening each for editing.
"""

from __future__ import annotations

import shutil
import statistics
import tempfile
import time
from pathlib import Path

from vendor_eval.checklist import load_checklist
from vendor_eval.interview import parse_answer
from vendor_eval.profile_edit import ProfileDocument

REPO = Path(__file__).resolve().parent.parent
CHECKLIST = load_checklist()
ORDER = [q.field for q in CHECKLIST.questions]
# One valid reply per question, as an analyst would type it.
REPLIES = {
    "boolean": "y",
    "choice": "1",
    "multi-choice": "1,2",
    "integer": "5",
    "date": "2026-06-30",
    "text": "Amazon Web Services",
}


def large_profile(folder: Path) -> Path:
    text = (REPO / "vendor_profiles" / "segment.yaml").read_text(encoding="utf-8")
    sources = "".join(
        f'  - title: "Source {n}"   # note {n}\n    date: "2026-01-01"\n'
        f"    supports: [baa.offered]\n"
        for n in range(500)
    )
    path = folder / "large.yaml"
    path.write_text(text.rstrip("\n") + "\n" + sources, encoding="utf-8")
    return path


def measure(path: Path) -> None:
    started = time.perf_counter()
    document = ProfileDocument.read(path)
    opened = time.perf_counter() - started
    timings = []
    for question in CHECKLIST.questions:
        value = parse_answer(question, REPLIES[question.type])
        started = time.perf_counter()
        document.set_answer(question.field, value, order=ORDER)
        document.save()
        timings.append((time.perf_counter() - started) * 1000)
    size = path.stat().st_size
    print(
        f"{path.name:>14}: {size / 1024:7.1f} KB  open {opened * 1000:6.1f} ms  "
        f"per answer median {statistics.median(timings):6.1f} ms  max {max(timings):6.1f} ms"
    )


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        small = Path(folder) / "segment.yaml"
        shutil.copy(REPO / "vendor_profiles" / "segment.yaml", small)
        measure(small)
        measure(large_profile(Path(folder)))


if __name__ == "__main__":
    main()
