"""What every command pays before it starts: `vendor-eval --help` and `vendor-eval validate
ONE.yaml` against a bare Typer app's `--help`, each best of --repeat in a fresh process.

Run by hand from the repository root:

    .venv/bin/python bench/bench_startup.py [--repeat 15]

The targets of issue 16: --help within 1.1x the bare app, validate of one shipped profile
within 1.4x; a scoring run, with a path and a choice typed in, is shown beside them.
Where the time goes: `.venv/bin/python -X importtime -m vendor_eval --help`.

The anchor is fair by construction: the same interpreter and the same Typer (both printed),
a group of two trivial commands (so its --help, like ours, has a Commands panel), started
the same way (`python -m`, from the same folder, so both import from cached bytecode).
Each figure is given as wall-clock time and as CPU time; the last row, the bare app running
one of its commands, shows what Typer itself adds to any command run over its --help.
"""

from __future__ import annotations

import argparse
import platform
import resource
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


def timed(command: list[str], folder: Path) -> tuple[float, float]:
    """Wall-clock and CPU seconds (user + system) of one run. On a shared machine the CPU
    time moves far less with other people's load than the wall clock does."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(
        command, cwd=folder, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return wall, cpu


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
            # A path and a choice typed in, as most runs give them.
            "score": [sys.executable, "-m", "vendor_eval", "score", str(profile), "-f", "json"],
            # Running a command costs any Typer app more than its --help: each argument is
            # checked through pydantic, which Typer imports for that.
            "bare_run": [sys.executable, "-m", "bare_typer_app", "hello", "--name", "x"],
        }
        for command in commands.values():  # compile and cache the bytecode of each first
            timed(command, here)
        # Interleaved rounds, so that a burst of load on a shared machine hits them all.
        wall = dict.fromkeys(commands, float("inf"))
        cpu = dict.fromkeys(commands, float("inf"))
        for _ in range(args.repeat):
            for name, command in commands.items():
                run_wall, run_cpu = timed(command, here)
                wall[name], cpu[name] = min(wall[name], run_wall), min(cpu[name], run_cpu)
    print(f"Python {platform.python_version()}, Typer {version('typer')}; best of {args.repeat}")
    labels = {
        "bare": "bare Typer app --help",
        "help": "vendor-eval --help",
        "validate": f"vendor-eval validate {profile.name}",
        "score": f"vendor-eval score {profile.name} -f json",
        "bare_run": "bare Typer app hello (a command run, for comparison)",
    }
    for name, label in labels.items():
        print(
            f"{label:<54} wall {wall[name] * 1000:6.0f} ms  ratio {wall[name] / wall['bare']:5.2f}"
            f"  cpu {cpu[name] * 1000:6.0f} ms  ratio {cpu[name] / cpu['bare']:5.2f}"
        )


if __name__ == "__main__":
    main()
