"""What every command pays before it starts: `vendor-eval --help` and `vendor-eval validate
ONE.yaml` against a bare Typer app's `--help`, each best of --repeat in a fresh process.

Run by hand from the repository root:

    .venv/bin/python bench/bench_startup.py [--repeat 15]

The targets of issue 16: --help within 1.1x the bare app, validate of one shipped profile
within 1.4x. Where the time goes: `.venv/bin/python -X importtime -m vendor_eval --help`.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BARE_APP = '''
import typer

app = typer.Typer()


@app.command()
def hello(name: str = "world") -> None:
    """Say hello."""
    typer.echo(f"hello {name}")


@app.command()
def bye() -> None:
    """Say bye."""


app()
'''


def best(command: list[str], repeat: int) -> float:
    fastest = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run(command, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        fastest = min(fastest, time.perf_counter() - started)
    return fastest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    profile = REPO / "vendor_profiles" / "segment.yaml"
    with tempfile.TemporaryDirectory() as folder:
        bare = Path(folder) / "bare.py"
        bare.write_text(BARE_APP, encoding="utf-8")
        cli = [sys.executable, "-m", "vendor_eval"]
        # Interleaved rounds, so that a burst of load on a shared machine hits all three.
        times = {"bare": float("inf"), "help": float("inf"), "validate": float("inf")}
        for _ in range(args.repeat):
            times["bare"] = min(times["bare"], best([sys.executable, str(bare), "--help"], 1))
            times["help"] = min(times["help"], best([*cli, "--help"], 1))
            times["validate"] = min(times["validate"], best([*cli, "validate", str(profile)], 1))
    bare_s = times["bare"]
    print(f"bare Typer app --help   {bare_s * 1000:7.0f} ms")
    print(
        f"vendor-eval --help      {times['help'] * 1000:7.0f} ms  "
        f"ratio {times['help'] / bare_s:5.2f}"
    )
    print(
        f"vendor-eval validate    {times['validate'] * 1000:7.0f} ms  "
        f"ratio {times['validate'] / bare_s:5.2f}  ({profile.name})"
    )


if __name__ == "__main__":
    main()
