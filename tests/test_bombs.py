"""Decompression bombs: a small PDF whose one stream inflates far past any real page, and a
capture whose one response body is hundreds of MB. Each is refused (or read up to the
entry before) saying where, in a child process that may not use more than 300 MB."""

from __future__ import annotations

import resource
import subprocess
import sys
from pathlib import Path

import pytest
from bombs import bomb_har, bomb_pdf
from conftest import CliResult, run_cli

from vendor_eval.evidence.har.stream import MAX_ENTRY_CHARS
from vendor_eval.evidence.pdf import _STREAM_START, MAX_INFLATED_STREAM

MEMORY_LIMIT = 300 * 1024 * 1024


def run_limited(*args: str | Path) -> CliResult:
    """vendor-eval in a child whose data segment may not grow past 300 MB: past it,
    an allocation fails and the child dies instead of the machine swapping."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_DATA, (MEMORY_LIMIT, MEMORY_LIMIT))

    done = subprocess.run(
        [sys.executable, "-m", "vendor_eval", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=limit,
        stdin=subprocess.DEVNULL,
    )
    return CliResult(done.returncode, done.stdout, done.stderr)


@pytest.mark.parametrize("kind", ["soc2", "baa"])
def test_a_pdf_stream_that_inflates_past_the_limit_is_refused_naming_the_page(tmp_path, kind):
    pdf = bomb_pdf(tmp_path / "report.pdf", 4 * MAX_INFLATED_STREAM)
    assert pdf.stat().st_size < 1024 * 1024
    result = run_limited("extract", kind, pdf)
    assert result.exit_code == 2, result
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result
    assert "page 1 inflates to more than 64 MB" in lines[0]
    assert "Traceback" not in result.stderr


def test_a_pdf_under_the_limit_is_still_read(tmp_path):
    pdf = bomb_pdf(tmp_path / "report.pdf", 1024 * 1024)
    result = run_cli("extract", "soc2", pdf)
    assert result.exit_code == 0, result


def test_every_stream_is_found_and_no_endstream_is_taken_for_one():
    data = b"stream\nab endstream\nendobj 4 0 obj<<>>stream\r\nxyz\nendstream\r\nstream\n"
    starts = [found.start() for found in _STREAM_START.finditer(data)]
    assert starts == [0, data.index(b"stream\r\nxyz"), len(data) - len(b"stream\n")]
    assert [found.end() for found in _STREAM_START.finditer(data)][1] == data.index(b"xyz")


def test_a_capture_with_a_body_past_the_limit_stops_at_that_entry(tmp_path):
    har = bomb_har(tmp_path / "capture.har", MAX_ENTRY_CHARS + 8 * 1024 * 1024)
    result = run_limited("extract", "har", har, "--site", "clinic.example")
    assert result.exit_code == 0, result  # the page before the huge entry is evidence
    assert "reading stopped after entry 0: entry 1 is larger than 64 MB" in result.stderr
    assert "clinic.example" in result.stdout
