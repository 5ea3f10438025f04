from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from pathlib import Path

import hargen
import pytest
from conftest import run_cli


def test_version_is_printed():
    result = run_cli("--version")
    assert result.exit_code == 0, result
    assert result.stdout.startswith("vendor-eval ")


def _after_a_run(arguments: list[str], then: str) -> subprocess.CompletedProcess[str]:
    """Runs `vendor-eval ARGUMENTS` through the entry point's main() (what the console
    script and `python -m vendor_eval` run) in a fresh interpreter, then the Python code
    `then` in it (the run's exit code is `code`)."""
    code = (
        "import sys\n"
        "from vendor_eval.__main__ import main\n"
        f"sys.argv = ['vendor-eval', *{arguments!r}]\n"
        "try:\n    main()\nexcept SystemExit as exit:\n    code = exit.code\n" + then
    )
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)


def test_help_does_not_import_pdfplumber():
    completed = _after_a_run(
        ["--help"],
        "assert 'pdfplumber' not in sys.modules, 'pdfplumber imported by --help'\n"
        "assert 'pypdfium2' not in sys.modules, 'pypdfium2 imported by --help'\n",
    )
    assert completed.returncode == 0, completed.stderr


REPO = Path(__file__).resolve().parent.parent

# What the start of every command must not pay for: each is imported only by the command
# that needs it (speed where users wait, issue 16).
_NOT_AT_START = (
    "pdfplumber",
    "pypdfium2",
    "jsonschema",
    "ruamel.yaml",
    "docx",
    "vendor_eval.diff",
    # typer checks given values through it; the values of a plain run need none of it.
    "pydantic",
    # Only a run of hundreds of files starts worker processes.
    "multiprocessing",
    "concurrent.futures",
)


def _run_and_list_imports(arguments: list[str]) -> tuple[str, int, set[str]]:
    """The command's output and exit code, and every module imported by its run."""
    completed = _after_a_run(
        arguments, "print('\\n=== modules', code)\nprint('\\n'.join(sys.modules))\n"
    )
    output, _, listing = completed.stdout.rpartition("\n=== modules ")
    exit_code, _, modules = listing.partition("\n")
    return output, int(exit_code) if exit_code.isdigit() else 0, set(modules.split())


def _imported_by(arguments: list[str]) -> set[str]:
    return _run_and_list_imports(arguments)[2]


def test_help_and_validate_do_not_import_heavy_modules():
    profile = str(REPO / "vendor_profiles" / "segment.yaml")
    for arguments in (["--help"], ["validate", profile]):
        imported = _imported_by(arguments)
        assert "vendor_eval.cli" in imported  # the probe itself ran
        heavy = sorted(m for m in _NOT_AT_START if m in imported)
        assert not heavy, f"{' '.join(arguments)} imported {heavy}"
        scan = sorted(
            m
            for m in imported
            if m.startswith(("vendor_eval.evidence.scan", "vendor_eval.evidence.har"))
        )
        assert not scan, f"{' '.join(arguments)} imported {scan}"


def test_paths_choices_and_numbers_typed_in_are_read_without_pydantic(tmp_path):
    # A path argument, a choice typed as text and a number are what most runs give; typer
    # reads them through pydantic unless the CLI reads them itself (issue 16).
    agreement = tmp_path / "baa.txt"
    agreement.write_text(
        "Business Associate Agreement between Acme Health and Example Analytics.\n",
        encoding="utf-8",
    )
    profile = str(REPO / "vendor_profiles" / "segment.yaml")
    for arguments in (
        ["extract", "baa", str(agreement), "-f", "json"],
        ["score", profile, "-f", "json", "--fail-under", "0", "--as-of", "2026-11-30"],
    ):
        output, exit_code, imported = _run_and_list_imports(arguments)
        assert exit_code == 0, output
        assert output.lstrip().startswith(("{", "[")), output  # the JSON asked for
        assert "pydantic" not in imported, f"{' '.join(arguments)} imported pydantic"


def _documents_to_extract(folder: Path) -> tuple[Path, Path]:
    """A one-line agreement (read by extract baa and soc2 alike) and a one-request capture."""
    agreement = folder / "baa.txt"
    agreement.write_text("Business Associate Agreement.\n", encoding="utf-8")
    capture = folder / "site.har"
    capture.write_text(json.dumps(hargen.har(hargen.request("https://clinic.example/"))))
    return agreement, capture


def test_extracting_evidence_does_not_load_the_scoring_model(tmp_path):
    # The extractors build evidence from its own types (vendor_eval.evidence.model); the
    # scoring model costs a run about 17 ms of start-up it never uses (issue 16).
    agreement, capture = _documents_to_extract(tmp_path)
    for arguments in (
        ["extract", "baa", str(agreement), "-f", "json"],
        ["extract", "soc2", str(agreement), "-f", "json"],
        ["extract", "har", str(capture), "--site", "clinic.example", "-f", "json"],
    ):
        output, exit_code, imported = _run_and_list_imports(arguments)
        assert exit_code == 0, output
        assert "vendor_eval.evidence.model" in imported  # the evidence was built
        assert "vendor_eval.model" not in imported, f"{' '.join(arguments)} loaded it"


def test_reading_a_pdf_loads_pdfiums_bindings_not_pypdfium2s_helpers(tmp_path):
    # pypdfium2's helpers (and the logging and argparse they bring) take as long to
    # import as the bindings; only OCR renders pages through them (issue 16).
    from pdfgen import write_pdf

    agreement = write_pdf(tmp_path / "baa.pdf", ["Business Associate Agreement."])
    output, exit_code, imported = _run_and_list_imports(
        ["extract", "baa", str(agreement), "-f", "json"]
    )
    assert exit_code == 0, output
    assert "pypdfium2_raw" in imported  # the PDF was read
    assert "pypdfium2" not in imported


def test_extract_imports_only_the_writer_of_the_format_it_writes(tmp_path):
    # PyYAML is about 10 ms of start-up and importlib.resources (with zipfile) several
    # more: an extract reads its package data through the loader alone, and imports YAML
    # only to write YAML (issue 16).
    agreement, capture = _documents_to_extract(tmp_path)
    for arguments, writes_yaml in (
        (["extract", "baa", str(agreement), "-f", "json"], False),
        (["extract", "soc2", str(agreement), "-f", "json"], False),
        (["extract", "baa", str(agreement)], True),
        (["extract", "har", str(capture), "--site", "clinic.example"], True),
    ):
        output, exit_code, imported = _run_and_list_imports(arguments)
        assert exit_code == 0, output
        assert output.lstrip().startswith("{" if not writes_yaml else "document:"), output
        assert ("yaml" in imported) == writes_yaml, f"{' '.join(arguments)}: yaml"
        assert "importlib.resources" not in imported, f"{' '.join(arguments)} imported it"
        # Paragraphs and OCR words are looked up only for Word files and scanned pages.
        assert "vendor_eval.evidence.origins" not in imported, f"{' '.join(arguments)}"


def test_a_command_imports_no_other_command():
    # --help lists every command from its name and short help alone; a run builds only
    # the command it runs.
    def commands(imported: set[str]) -> list[str]:
        return sorted(m for m in imported if m.startswith("vendor_eval.commands."))

    assert commands(_imported_by(["--help"])) == []
    assert commands(_imported_by([])) == []
    profile = str(REPO / "vendor_profiles" / "segment.yaml")
    assert commands(_imported_by(["validate", profile])) == [
        "vendor_eval.commands.common",
        "vendor_eval.commands.validate",
    ]
    assert commands(_imported_by(["extract", "--help"])) == [
        "vendor_eval.commands.common",
        "vendor_eval.commands.extract",
    ]


def test_a_run_leaves_what_it_made_to_the_system_at_exit():
    # The interpreter's last garbage collection walks every object still alive, 15-30 ms
    # of an extract (issue 16); main() freezes them so that it walks none of them. While
    # the run lasts, young objects are collected in large batches, not every 700.
    completed = _after_a_run(
        ["--version"],
        "import gc\nprint(gc.get_freeze_count(), len(gc.get_objects()), gc.get_threshold()[0])\n",
    )
    assert completed.returncode == 0, completed.stderr
    frozen, still_walked, batch = map(int, completed.stdout.split()[-3:])
    assert frozen > 1000
    assert still_walked < 100
    assert batch >= 10_000


def _console_script() -> str:
    """What the installed `vendor-eval` command calls (module:function), as pyproject.toml
    declares it: a venv's own copy is only as new as its last `pip install`."""
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return str(project["scripts"]["vendor-eval"])


@pytest.mark.parametrize("start", ["console script", "python -m"])
def test_the_entry_point_collects_in_large_batches_from_the_first_import(start):
    # Start-up's own imports (typer, the command's modules) are most of the objects young
    # collections walk, 5-7 ms of an extract (issue 16): the thresholds are raised before
    # vendor_eval.cli is imported, however the command is started.
    if start == "console script":
        module, _, function = _console_script().partition(":")
        run = f"import {module}; {module}.{function}()"
    else:
        run = "import runpy; runpy.run_module('vendor_eval', run_name='__main__', alter_sys=True)"
    code = (
        "import gc, sys\n"
        "seen = []\n"
        "class Watch:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'vendor_eval.cli':\n"
        "            seen.append(gc.get_threshold()[0])\n"
        "sys.meta_path.insert(0, Watch())\n"
        "sys.argv = ['vendor-eval', '--version']\n"
        f"try:\n    {run}\nexcept SystemExit:\n    pass\n"
        "print('=== thresholds when the CLI was imported', *seen)\n"
    )
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.startswith("vendor-eval "), completed.stdout  # the run happened
    seen = completed.stdout.rpartition("=== thresholds when the CLI was imported")[2].split()
    assert len(seen) == 1, completed.stdout
    assert int(seen[0]) >= 10_000


def test_ctrl_c_while_the_command_line_is_imported_stops_quietly_with_130():
    # Ctrl-C in start-up's first tenth of a second, before typer catches it: no
    # traceback, the exit code of a command stopped by Ctrl-C later on.
    code = (
        "import runpy, sys\n"
        "class Interrupt:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'vendor_eval.cli':\n"
        "            raise KeyboardInterrupt\n"
        "sys.meta_path.insert(0, Interrupt())\n"
        "sys.argv = ['vendor-eval', '--version']\n"
        "runpy.run_module('vendor_eval', run_name='__main__', alter_sys=True)\n"
    )
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert (completed.returncode, completed.stdout, completed.stderr) == (130, "", "")


def test_importing_the_package_leaves_the_garbage_collector_alone():
    # A library user or a test that imports vendor_eval (the CLI and the entry point's
    # module included) keeps the process's own settings; only running main() changes them.
    code = (
        "import gc\n"
        "before = gc.get_threshold()\n"
        "import vendor_eval, vendor_eval.cli, vendor_eval.__main__\n"
        "print(gc.get_threshold() == before, gc.get_freeze_count())\n"
    )
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.split() == ["True", "0"]


def test_a_subcommand_run_builds_that_subcommand_alone(tmp_path):
    # Typer turns each subcommand's signature into options, about a millisecond each:
    # `extract baa` builds baa, not soc2, har and subprocessors too (issue 16).
    agreement = tmp_path / "baa.txt"
    agreement.write_text("Business Associate Agreement.\n", encoding="utf-8")

    def built_by(arguments: list[str]) -> list[str]:
        code = (
            "import sys\n"
            "import vendor_eval.cli as cli\n"
            "built = []\n"
            "build_one = cli._build_one\n"
            "cli._build_one = lambda info: built.append(info.name) or build_one(info)\n"
            f"sys.argv = ['vendor-eval', *{arguments!r}]\n"
            "try:\n    cli.main()\nexcept SystemExit:\n    pass\n"
            "print('=== built', *built)\n"
        )
        completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
        return completed.stdout.rpartition("=== built")[2].split()

    assert built_by(["extract", "baa", str(agreement), "-f", "json"]) == ["baa"]
    assert built_by(["checklist", "list"]) == ["list"]
    assert built_by(["extract", "--help"]) == ["soc2", "baa", "har", "subprocessors"]


def test_python_dash_m_runs():
    completed = subprocess.run(
        [sys.executable, "-m", "vendor_eval", "--version"], capture_output=True, text=True
    )
    assert completed.returncode == 0, completed.stderr
    assert "vendor-eval" in completed.stdout


def test_a_refused_path_is_named_as_typed(tmp_path, monkeypatch):
    # The CLI reads plain paths itself (without pydantic); a refusal is still typer's,
    # naming what the user typed, trailing slash and all.
    monkeypatch.chdir(tmp_path)
    (tmp_path / "evidence").mkdir()
    result = run_cli("assess", "--evidence", "evidence/", "acme.yaml")
    assert result.exit_code == 2, result
    assert "'evidence/' is a directory" in result.stderr, result
