"""Rewrite the golden output files from what the program prints now.

    .venv/bin/python tests/golden/update.py            # every case
    .venv/bin/python tests/golden/update.py report-    # the cases whose name starts so

A golden file is only rewritten when an issue asks for that output to change: run this,
read the diff, and commit the new files with the change, saying in the message which issue
asked for it and why. Rewriting them to make a failing test pass hides a regression.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from test_golden import CASES, GOLDEN, golden_path, run_case  # noqa: E402


def main(prefixes: list[str]) -> None:
    chosen = [c for c in CASES if not prefixes or c.name.startswith(tuple(prefixes))]
    if not chosen:
        sys.exit(f"update.py: no case starts with {' or '.join(prefixes)}")
    if not prefixes:
        for stale in GOLDEN.glob("*.txt"):
            stale.unlink()
    for case in chosen:
        with tempfile.TemporaryDirectory() as folder:
            text = run_case(case, Path(folder))
        golden_path(case).write_bytes(text.encode("utf-8"))
        print(f"wrote {golden_path(case).relative_to(GOLDEN.parent.parent)}")


if __name__ == "__main__":
    main(sys.argv[1:])
