from __future__ import annotations

import subprocess
import sys

from conftest import run_cli


def test_version_is_printed():
    result = run_cli("--version")
    assert result.exit_code == 0, result
    assert result.stdout.startswith("vendor-eval ")


def test_help_does_not_import_pdfplumber():
    code = (
        "import sys\n"
        "from vendor_eval.cli import main\n"
        "sys.argv = ['vendor-eval', '--help']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "assert 'pdfplumber' not in sys.modules, 'pdfplumber imported by --help'\n"
        "assert 'pypdfium2' not in sys.modules, 'pypdfium2 imported by --help'\n"
    )
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert completed.returncode == 0, completed.stderr


def test_python_dash_m_runs():
    completed = subprocess.run(
        [sys.executable, "-m", "vendor_eval", "--version"], capture_output=True, text=True
    )
    assert completed.returncode == 0, completed.stderr
    assert "vendor-eval" in completed.stdout
