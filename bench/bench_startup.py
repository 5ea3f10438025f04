"""What every command pays before it starts: `vendor-eval --help` and `vendor-eval validate
ONE.yaml` against a bare Typer app's `--help`, each best of --repeat in a fresh process.

Run by hand from the repository root:

    .venv/bin/python bench/bench_startup.py [--repeat 15]

The targets of issue 16: --help within 1.1x the bare app, validate of one shipped profile
within 1.4x. Where the time goes: `.venv/bin/python -X importtime -m vendor_eval --help`.

The anchor is fair by construction: the same interpreter and the same Typer (both printed),
a group of two trivial commands (so its --help, like ours, has a Commands panel), started
the same way (`python -m`, from the same folder, so both import from cached bytecode).
"""

from __future__ import annotations

import argparse
import platform
import subprocess
import sys
import tempfile
import time
from importlib.metadata import version
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


def timed(command: list[str], folder: Path) -> float:
    started = time.perf_counter()
    subprocess.run(
        command, cwd=folder, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    profile = REPO / "vendor_profiles" / "segment.yaml"
    with tempfile.TemporaryDirectory() as folder:
        here = Path(folder)
        (here / "bare_typer_app.py").write_text(BARE_APP, encoding="utf-8")
        commands = {
            "bare": [sys.executable, "-m", "bare_typer_app", "--help"],
            "help": [sys.executable, "-m", "vendor_eval", "--help"],
            "validate": [sys.executable, "-m", "vendor_eval", "validate", str(profile)],
        }
        for command in commands.values():  # compile and cache the bytecode of each first
            timed(command, here)
        # Interleaved rounds, so that a burst of load on a shared machine hits all three.
        times = {name: float("inf") for name in commands}
        for _ in range(args.repeat):
            for name, command in commands.items():
                times[name] = min(times[name], timed(command, here))
    bare_s = times["bare"]
    print(f"Python {platform.python_version()}, Typer {version('typer')}")
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
