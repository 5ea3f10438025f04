"""Reading a long PDF ahead in reader processes: the pages, their layout, the failures and
the evidence are those of reading it in one process, and no reader outlives the reading."""

from __future__ import annotations

import contextlib
import os
import select
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from pdfgen import ImageOnly, Table, write_pdf
from soc2_sample import CHANGE_EXCEPTION, TERMINATION_EXCEPTION, Soc2Report, control_test_rows

from vendor_eval.errors import PdfError
from vendor_eval.evidence.documents import open_document
from vendor_eval.evidence.io import dump_evidence
from vendor_eval.evidence.pdf import READ_AHEAD_MIN_PAGES, PdfDocument, open_pdf
from vendor_eval.evidence.soc2 import extract_soc2

PAGES = READ_AHEAD_MIN_PAGES + 8


def _mixed_pdf(path: Path) -> Path:
    """Prose, tables, an image-only page and a blank page, past the read-ahead length."""
    pages: list = []
    for number in range(1, PAGES + 1):
        if number == 5:
            pages.append(ImageOnly())
        elif number == 9:
            pages.append("")
        elif number % 3 == 0:
            pages.append([Table(control_test_rows(count=6, first=number))])
        else:
            pages.append(f"Page {number}: the vendor restricts access to production.")
    return write_pdf(path, pages)


def _has_controls(text: str) -> bool:
    return "Control" in text


def _read(path: Path, readers: int, runs_for=_has_controls) -> tuple[list, list, dict]:
    """The pages, the image-only pages and the runs of each page runs_for selects, asked
    for while the page is yielded."""
    with open_pdf(path) as document:
        document.readers = readers
        pages, runs = [], {}
        for page in document.pages(read_ahead=True, runs_for=runs_for):
            pages.append(page)
            if _has_controls(page.text):
                runs[page.number] = document.text_runs(page.number)
        return pages, document.image_only_pages, runs


def _no_child_left() -> bool:
    try:
        os.waitpid(-1, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


@pytest.mark.parametrize("readers", [1, 2, 3])
def test_pages_read_ahead_are_those_read_in_one_process(tmp_path, readers):
    path = _mixed_pdf(tmp_path / "long.pdf")
    here = _read(path, 0)
    ahead = _read(path, readers)
    assert ahead == here
    pages, image_only, runs = ahead
    assert [page.number for page in pages] == [n for n in range(1, PAGES + 1) if n not in (5, 9)]
    assert image_only == [5]
    assert "CC2.3" in {run.text for run in runs[6]}
    assert _no_child_left()


@pytest.fixture
def loaded(monkeypatch) -> list[int]:
    """The numbers of the pages loaded in this process (not by a reader), in order."""
    numbers: list[int] = []
    load = PdfDocument._load

    def counted(self, index):
        numbers.append(index + 1)
        return load(self, index)

    monkeypatch.setattr(PdfDocument, "_load", counted)
    return numbers


def test_the_layout_runs_for_selects_comes_with_the_page(tmp_path, loaded):
    """A page whose runs the caller will want is loaded once, by its reader: asking for
    its runs loads nothing more here."""
    path = _mixed_pdf(tmp_path / "long.pdf")
    _, _, runs = _read(path, 2)
    assert set(runs) == {n for n in range(3, PAGES + 1, 3) if n != 9}
    assert loaded == []
    _read(path, 2, runs_for=None)
    assert sorted(loaded) == sorted(runs)


def test_a_damaged_page_read_ahead_fails_as_it_does_in_one_process(tmp_path):
    path = write_pdf(tmp_path / "d.pdf", [f"page {n} text" for n in range(1, PAGES + 1)])
    # The page tree promises a page more than it holds (same length: offsets stay right).
    data = path.read_bytes()
    assert data.count(b"/Count %d" % PAGES) == 1
    path.write_bytes(data.replace(b"/Count %d" % PAGES, b"/Count %d" % (PAGES + 1)))
    for readers in (0, 2):
        read: list[int] = []
        with open_pdf(path) as document, pytest.raises(PdfError) as failure:
            document.readers = readers
            read.extend(page.number for page in document.pages(read_ahead=True))
        assert read == list(range(1, PAGES + 1))
        assert f"page {PAGES + 1} is damaged and cannot be read" in str(failure.value)
    assert _no_child_left()


def test_what_a_reader_that_dies_did_not_send_is_read_in_one_process(tmp_path):
    path = _mixed_pdf(tmp_path / "long.pdf")

    def dies_at_page_17(text: str) -> bool:  # asked only in a reader
        if text.startswith("Page 17:"):
            os._exit(3)
        return _has_controls(text)

    assert _read(path, 2, runs_for=dies_at_page_17) == _read(path, 0)
    assert _no_child_left()


def test_a_document_is_read_in_one_process_when_no_reader_can_start(tmp_path, monkeypatch):
    path = _mixed_pdf(tmp_path / "long.pdf")
    here = _read(path, 0)

    def fork_fails() -> int:
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", fork_fails)
    assert _read(path, 2) == here


@pytest.mark.parametrize("how", ["stops", "raises"])
def test_readers_are_stopped_when_the_caller_stops_reading(tmp_path, how):
    path = _mixed_pdf(tmp_path / "long.pdf")
    with open_pdf(path) as document:
        document.readers = 2
        pages = document.pages(read_ahead=True)
        if how == "stops":
            assert next(pages).number == 1
            pages.close()
        else:
            with pytest.raises(KeyError):
                for page in pages:
                    if page.number == 3:
                        raise KeyError(page.number)
    assert _no_child_left()


def test_a_file_replaced_under_its_name_is_read_as_it_was_opened(tmp_path):
    """Readers open the file again by its name; one that names another file by then is
    not read: the document is read from the file opened first."""
    path = write_pdf(tmp_path / "a.pdf", [f"alpha {n}" for n in range(1, PAGES + 1)])
    other = write_pdf(tmp_path / "b.pdf", [f"beta {n}" for n in range(1, PAGES + 1)])
    with open_pdf(path) as document:
        os.replace(other, path)
        document.readers = 2
        texts = [page.text.strip() for page in document.pages(read_ahead=True)]
    assert texts == [f"alpha {n}" for n in range(1, PAGES + 1)]


def test_short_documents_and_callers_that_do_not_ask_are_read_in_one_process(tmp_path, monkeypatch):
    def no_fork() -> int:
        raise AssertionError("a reader process was started")

    monkeypatch.setattr(os, "fork", no_fork)
    short = write_pdf(tmp_path / "s.pdf", ["one page"] * (READ_AHEAD_MIN_PAGES - 1))
    with open_pdf(short) as document:
        assert len(list(document.pages(read_ahead=True))) == READ_AHEAD_MIN_PAGES - 1
    with open_pdf(_mixed_pdf(tmp_path / "long.pdf")) as document:
        assert len(list(document.pages())) == PAGES - 2


def test_soc2_evidence_read_ahead_is_that_read_in_one_process(tmp_path, loaded):
    """A long report with exceptions in its tests of controls: the same evidence either
    way, and the pages whose columns the rules read are loaded by the readers alone."""
    tests = [
        control_test_rows({"CC6.2": TERMINATION_EXCEPTION} if n % 7 == 3 else {}, first=n)
        for n in range(1, 31)
    ]
    tests[11] = control_test_rows({"CC4.3": CHANGE_EXCEPTION}, first=12)
    path = Soc2Report(test_pages=tests).write(tmp_path / "long-report.pdf")
    dumped = {}
    for readers in (0, 2):
        loaded.clear()
        with open_document(path) as document:
            assert document.page_count >= READ_AHEAD_MIN_PAGES
            document.readers = readers
            dumped[readers] = dump_evidence(extract_soc2(document), "json")
    assert loaded == []
    assert dumped[2] == dumped[0]
    assert "CC4.3" in dumped[0] and "CC6.2" in dumped[0]
    assert _no_child_left()


_READ_WITH_A_SLOW_PAGE = """
import os, sys, time
from vendor_eval.evidence.pdf import open_pdf

def slow(text):  # asked only in a reader: the page takes it a minute to read
    os.write(1, b"%d\\n" % os.getpid())
    time.sleep(60)
    return False

with open_pdf(sys.argv[1]) as document:
    document.readers = 2
    next(document.pages(read_ahead=True, runs_for=slow))
"""


def test_no_reader_outlives_a_command_killed_outright(tmp_path):
    """Killed by a signal that runs no clean-up (SIGKILL, as a timeout does), the command
    takes its readers with it: none reads on, holding its output open (whoever waits for
    that output would wait for the reader)."""
    path = _mixed_pdf(tmp_path / "long.pdf")
    command = [sys.executable, "-c", _READ_WITH_A_SLOW_PAGE, str(path)]
    with subprocess.Popen(command, stdout=subprocess.PIPE) as reading:
        readers = [int(reading.stdout.readline()) for _ in range(2)]
        try:
            reading.kill()
            reading.wait()
            closed, _, _ = select.select([reading.stdout], [], [], 20)
            assert closed and reading.stdout.read() == b""
        finally:
            for pid in readers:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)


def test_readers_ignore_ctrl_c_when_the_command_does(tmp_path, loaded):
    """A command started in the background of a script ignores Ctrl-C (the shell sets it
    so), and so do its readers: they read on rather than leave every page to it."""
    path = _mixed_pdf(tmp_path / "long.pdf")

    def ctrl_c(text: str) -> bool:  # asked only in a reader
        os.kill(os.getpid(), signal.SIGINT)
        return _has_controls(text)

    before = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        ahead = _read(path, 2, runs_for=ctrl_c)
    finally:
        signal.signal(signal.SIGINT, before)
    assert loaded == []
    assert ahead == _read(path, 0)
