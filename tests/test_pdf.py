"""The PDF layer: page text and text runs from good files, a clear one-line error (exit 2,
no traceback, nothing written) for every kind of bad one."""

from __future__ import annotations

import ctypes
import itertools
import resource
import shutil
import subprocess
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from conftest import run_cli
from pdfgen import Columns, ImageOnly, Table, Text, write_pdf
from soc2_sample import TERMINATION_EXCEPTION, control_test_rows

from vendor_eval.errors import InputError, PdfError, PdfPasswordError
from vendor_eval.evidence import pdf
from vendor_eval.evidence.pdf import (
    PageText,
    PdfDocument,
    TextRun,
    _rects_in,
    _run_starts,
    open_pdf,
)
from vendor_eval.fileio import sha256_of

FIXTURES = Path(__file__).parent / "fixtures" / "pdf"
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "pdf-wild"


def zero_page_pdf(path: Path) -> Path:
    """A well-formed PDF whose page tree is empty (fpdf2 will not write one)."""
    body = (
        b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
        b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
    )
    xref = len(body)
    body += (
        b"xref\n0 3\n0000000000 65535 f \n"
        + b"%010d 00000 n \n" % body.index(b"1 0 obj")
        + b"%010d 00000 n \n" % body.index(b"2 0 obj")
        + b"trailer\n<< /Size 3 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % xref
    )
    path.write_bytes(body)
    return path


# --- reading good files --------------------------------------------------------------------


def test_pages_are_numbered_from_one_and_carry_their_text(tmp_path):
    path = write_pdf(tmp_path / "a.pdf", ["first page", "second page", "third page"])
    with open_pdf(path) as document:
        assert document.page_count == 3
        assert document.sha256 == sha256_of(path)
        assert document.path == str(path)
        read = list(document.pages())
    assert [page.number for page in read] == [1, 2, 3]
    assert read[1] == PageText(2, "second page")


@pytest.mark.parametrize("ruled", [True, False])
def test_text_runs_keep_table_columns_apart_with_or_without_rules(tmp_path, ruled):
    rows = [
        ["Control", "Test performed", "Result"],
        ["CC6.1", "Inspected MFA settings", "No exceptions noted."],
        ["CC6.2", "Inspected terminations", "Exception noted."],
    ]
    path = write_pdf(tmp_path / "t.pdf", ["cover", [Text("Tests"), Table(rows, ruled=ruled)]])
    with open_pdf(path) as document:
        runs = document.text_runs(2)
        with pytest.raises(ValueError):
            document.text_runs(3)
    for row in rows:
        placed = [next(run for run in runs if run.text == cell) for cell in row]
        # one visual line, left to right, each cell its own run
        assert max(run.top for run in placed) - min(run.top for run in placed) < 2
        assert [run.left for run in placed] == sorted(run.left for run in placed)
    tops = [next(run.top for run in runs if run.text == row[0]) for row in rows]
    assert tops == sorted(tops), "runs read top to bottom"
    assert runs[0].text == "Tests"


def _runs_rectangle_by_rectangle(document: PdfDocument, number: int) -> list[TextRun]:
    """The slow exact reading of a page's runs: pdfium's text inside each of its
    rectangles, each asked for on its own."""
    import pypdfium2

    with pypdfium2.PdfDocument(document.path) as reference:
        page = reference[number - 1]
        textpage = page.get_textpage()
        height = page.get_height()
        runs = []
        for index in range(textpage.count_rects()):
            left, bottom, right, top = textpage.get_rect(index)
            text = " ".join(textpage.get_text_bounded(left, bottom, right, top).split())
            if text:
                runs.append(TextRun(left, height - top, right, height - bottom, text))
    return sorted(runs, key=lambda run: (round(run.top), run.left))


def _run_starts_line_up(document: PdfDocument, number: int) -> bool:
    """Whether the quick reading (where each rectangle starts in the page text) lines
    up with pdfium's rectangles on that page, so the page is not read the slow way."""
    import pypdfium2

    with pypdfium2.PdfDocument(document.path) as reference:
        textpage = reference[number - 1].get_textpage()
        rects = textpage.count_rects()
        starts = _run_starts(_rects_in(textpage.raw), textpage.get_text_range())
    return len(starts) == rects


def _wrapped(words: int, seed: int) -> str:
    vocabulary = [
        "inspected",
        "sample",
        "tickets",
        "approval",
        "access",
        "production",
        "review",
        "quarterly",
    ]
    return " ".join(vocabulary[(seed * 7 + n * 3) % len(vocabulary)] for n in range(words))


_MATRIX = [["Control #", "Test procedure", "Results of testing"]] + [
    [f"CC{n}.1", f"Inspected a sample of {n} tickets over lines", "No exceptions noted."]
    for n in range(1, 12)
]
_WRAPPED = [["ID", "Control activity", "Test", "Criteria", "Result"]] + [
    [f"CC{n}.{n % 3 + 1}", _wrapped(14 + n, n), _wrapped(20 - n, n + 1), "CC6.1", _wrapped(n, 2)]
    for n in range(1, 9)
]
_LAYOUTS = {
    "ruled matrix": [[Text("Tests of controls"), Table(_MATRIX, size=7)]],
    "unruled matrix": [[Text("Tests of controls"), Table(_MATRIX, size=7, ruled=False)]],
    "cells wrapped over lines": [
        [Table(_WRAPPED, widths=(0.1, 0.3, 0.3, 0.1, 0.2)), Table(_WRAPPED, ruled=False)]
    ],
    "styles changing within a line": [
        [
            Text(
                "**CC6.1** Inspected the access listing; **exception noted** for 2 of 25.",
                markdown=True,
            ),
            Text(
                "Plain **bold** plain **bold** plain, and a long line that wraps " * 3,
                markdown=True,
            ),
        ]
    ],
    "two columns": [Columns(_wrapped(120, 1), _wrapped(110, 2))],
    "tests of controls with an exception": [
        [Text("Section IV"), Table(control_test_rows({"CC2.1": TERMINATION_EXCEPTION}))]
    ],
}


@pytest.mark.parametrize("layout", list(_LAYOUTS))
def test_text_runs_read_quickly_are_those_read_rectangle_by_rectangle(tmp_path, layout):
    """Runs are cut from the page text where pdfium's rectangles start, found by
    counting rectangles a line at a time; on every layout they must be exactly the runs
    read the slow way, pdfium's text inside each rectangle, and at the same places."""
    path = write_pdf(
        tmp_path / "t.pdf", _LAYOUTS[layout], header="Acme - Confidential", footer="Page {page}"
    )
    with open_pdf(path) as document:
        for number in range(1, document.page_count + 1):
            assert _run_starts_line_up(document, number), f"page {number} was read slowly"
            assert document.text_runs(number) == _runs_rectangle_by_rectangle(document, number)


def test_text_runs_read_rectangle_by_rectangle_where_the_quick_reading_does_not_line_up(
    tmp_path, monkeypatch
):
    """A page whose quick reading does not line up with pdfium's rectangles, even asked
    across lines (here it is made to find one start only), is read the slow way."""
    path = write_pdf(tmp_path / "t.pdf", _LAYOUTS["cells wrapped over lines"])
    monkeypatch.setattr(pdf, "_run_starts", lambda rects_in, text, across_lines: [0])
    with open_pdf(path) as document:
        runs = document.text_runs(1)
        assert runs == _runs_rectangle_by_rectangle(document, 1)
    assert {"Criteria", "CC6.1"} <= {run.text for run in runs}


def _modelled_page(
    pieces: list[tuple[str, str | None, bool]],
) -> tuple[str, Callable[[int, int], int], Callable[[int, int], set[str]]]:
    """A page's text from (text, text object, has a size) pieces (no object: characters
    pdfium generated); pdfium's count of rectangles in a stretch of it, by pdfium's
    rule (a new one wherever the object changes among the characters of some size); and
    the objects of the characters of some size in a stretch."""
    text = "".join(piece for piece, _, _ in pieces)
    owners = [(owner, sized) for piece, owner, sized in pieces for _ in piece]

    def rects_in(start: int, length: int) -> int:
        count, current = 0, None
        for owner, sized in owners[start : start + length]:
            if owner is not None and sized and owner != current:
                count, current = count + 1, owner
        return max(1, count)

    def objects_in(start: int, end: int) -> set[str]:
        return {owner for owner, sized in owners[start:end] if owner is not None and sized}

    return text, rects_in, objects_in


_NEW_LINE = ("\r\n", None, True)
_PAGES_ACROSS_LINES = {
    "an object running on to the next line": [
        ("Alpha beta gamma", "paragraph", True),
        _NEW_LINE,
        ("delta epsilon", "paragraph", True),
        _NEW_LINE,
        ("CC1.1", "id", True),
        (" ", None, True),
        ("No exceptions noted.", "result", True),
    ],
    "a line with no character of any size": [
        ("Control", "header", True),
        _NEW_LINE,
        ("hidden", "tiny", False),
        _NEW_LINE,
        ("CC1.1", "id", True),
        (" ", None, True),
        ("Exception", "bold", True),
        ("noted.", "plain", True),
    ],
}


@pytest.mark.parametrize("layout", list(_PAGES_ACROSS_LINES))
def test_run_starts_asked_across_lines_line_up_where_lines_alone_do_not(layout):
    """Where a rectangle does not start on every line, counting each line alone comes
    up with the wrong number of starts; asked across lines, each stretch from one start
    to the next holds exactly one of pdfium's rectangles."""
    text, rects_in, objects_in = _modelled_page(_PAGES_ACROSS_LINES[layout])
    rects = rects_in(0, len(text))
    assert len(_run_starts(rects_in, text)) != rects
    starts = _run_starts(rects_in, text, across_lines=True)
    assert len(starts) == rects
    stretches = itertools.pairwise([*starts, len(text)])
    assert [len(objects_in(start, end)) for start, end in stretches] == [1] * rects


def test_text_runs_of_the_page_being_read_are_those_read_later(tmp_path):
    """A caller may ask for the layout of the page `pages` is yielding (it is still open)
    or of any page afterwards: the runs are the same either way."""
    rows = [["Control", "Test performed", "Result"]] + [
        [f"CC{n}.1", f"Inspected a sample of {n} tickets", "No exceptions noted."]
        for n in range(1, 9)
    ]
    path = write_pdf(tmp_path / "t.pdf", ["cover", [Text("Tests"), Table(rows)], "last page"])
    with open_pdf(path) as document:
        while_read = {page.number: document.text_runs(page.number) for page in document.pages()}
        afterwards = {number: document.text_runs(number) for number in (1, 2, 3)}
    assert while_read == afterwards
    assert {"CC8.1", "No exceptions noted."} <= {run.text for run in while_read[2]}


def test_a_page_without_text_has_no_text_runs(tmp_path):
    path = write_pdf(tmp_path / "blank.pdf", ["first page", ""])
    with open_pdf(path) as document:
        assert document.text_runs(2) == []
        assert [run.text for run in document.text_runs(1)] == ["first page"]


def test_progress_is_reported_page_by_page(tmp_path):
    path = write_pdf(tmp_path / "a.pdf", ["one", "two", "three"])
    calls = []
    with open_pdf(path) as document:
        list(document.pages(progress=lambda done, total: calls.append((done, total))))
    assert calls == [(1, 3), (2, 3), (3, 3)]


def test_no_progress_bar_when_stderr_is_not_a_terminal(tmp_path):
    path = write_pdf(tmp_path / "long.pdf", [f"page {n}" for n in range(60)])
    result = run_cli("extract", "soc2", path)
    assert result.exit_code == 0, result
    assert "Reading pages" not in result.stderr


def test_progress_bar_on_a_terminal_for_long_documents(tmp_path):
    pexpect = pytest.importorskip("pexpect")
    path = write_pdf(tmp_path / "long.pdf", [f"page {n}" for n in range(60)])
    child = pexpect.spawn(
        sys.executable,
        ["-m", "vendor_eval", "extract", "soc2", str(path), "-o", str(tmp_path / "out.yaml")],
        env={"TERM": "xterm", "PATH": "/usr/bin:/bin"},
        timeout=30,
    )
    shown = child.read().decode(errors="replace")
    child.close()
    assert child.exitstatus == 0, shown
    assert "Reading pages" in shown
    assert "kind: soc2" in (tmp_path / "out.yaml").read_text()


def test_a_file_named_with_a_leading_tilde_is_read_as_named(tmp_path, monkeypatch):
    """`~name.pdf` is a file of that name here, not the home folder of a user `name`
    (who may not exist: that used to end in a traceback), and no other file is read."""
    monkeypatch.chdir(tmp_path)
    write_pdf(tmp_path / "~nosuchuser.pdf", ["SOC 2 Type 2 Report"])
    result = run_cli("extract", "soc2", "~nosuchuser.pdf", "-f", "json")
    assert result.exit_code == 0, result
    assert '"kind": "soc2"' in result.stdout


# --- image-only pages ----------------------------------------------------------------------


def test_image_only_pages_are_skipped_and_named(tmp_path):
    path = write_pdf(tmp_path / "mixed.pdf", ["text one", ImageOnly(), "text three", ImageOnly()])
    with open_pdf(path) as document:
        numbers = [page.number for page in document.pages()]
        assert numbers == [1, 3]
        assert document.image_only_pages == [2, 4]


def test_image_only_pages_are_reported_by_the_command(tmp_path):
    path = write_pdf(tmp_path / "mixed.pdf", ["SOC 2 Type 2 Report", ImageOnly(), ImageOnly()])
    result = run_cli("extract", "soc2", path)
    assert result.exit_code == 0, result
    assert "Page(s) 2-3 have no text layer" in result.stderr
    assert "OCR" in result.stderr


def test_an_image_drawn_inside_a_form_makes_a_page_image_only(tmp_path):
    """A scanner or a PDF printer may wrap the scan in a Form XObject: the page still
    has an image and no text, as pypdfium2's own walk through its objects finds."""
    import pypdfium2

    scan = write_pdf(tmp_path / "scan.pdf", [ImageOnly()])
    wrapped = tmp_path / "wrapped.pdf"
    with pypdfium2.PdfDocument(scan) as source, pypdfium2.PdfDocument.new() as target:
        target.new_page(612, 792)
        target.new_page(612, 792)
        page = target[1]
        page.insert_obj(source.page_as_xobject(0, target).as_pageobject())
        page.gen_content()
        page.close()
        target.save(wrapped)
    with pypdfium2.PdfDocument(wrapped) as reference:
        kinds = [
            any(True for _ in reference[n].get_objects([pypdfium2.raw.FPDF_PAGEOBJ_IMAGE]))
            for n in range(2)
        ]
    assert kinds == [False, True]
    with open_pdf(wrapped) as document, pytest.raises(PdfError, match="OCR"):
        list(document.pages())
    assert document.image_only_pages == [2]


def test_a_page_reads_as_pypdfium2_reads_it(tmp_path):
    """Pages are read through pdfium's own handles; the text is the one pypdfium2's
    get_text_range gives, on every layout the extractors meet."""
    import pypdfium2

    path = write_pdf(
        tmp_path / "t.pdf",
        [page for layout in _LAYOUTS.values() for page in layout]
        + ["Ünïcode café, naïve «quotes»\tand\ttabs", "hyphen-\nated line\n\n\nend"],
        header="Acme - Confidential",
        footer="Page {page}",
    )
    with pypdfium2.PdfDocument(path) as reference:
        expected = []
        for index in range(len(reference)):
            textpage = reference[index].get_textpage()
            expected.append(textpage.get_text_range())
            textpage.close()
    read = []
    with open_pdf(path) as document:
        for index in range(document.page_count):
            with document._load(index) as page:
                read.append(pdf._page_text(page.textpage))
    assert read == expected
    assert all(expected)


@pytest.fixture
def closed(monkeypatch) -> list[str]:
    """The pdfium functions that close a text page, a page or a document, as they are
    called from here on."""
    pdfium_c = pdf._pdfium()
    calls: list[str] = []

    def recorded(name: str) -> Callable[[object], object]:
        close = getattr(pdfium_c, name)

        def record(handle: object) -> object:
            calls.append(name)
            return close(handle)

        return record

    for name in ("FPDFText_ClosePage", "FPDF_ClosePage", "FPDF_CloseDocument"):
        monkeypatch.setattr(pdfium_c, name, recorded(name))
    return calls


def test_closing_a_document_while_a_page_is_yielded_closes_that_page_first(tmp_path, closed):
    """A document's pages are closed before it: a reading left hanging on a page must
    have that page closed before the document, never afterwards, once the document's
    memory is freed (a crash, or worse, not an error)."""
    path = write_pdf(tmp_path / "t.pdf", ["first page", "second page"])
    document = open_pdf(path)
    reading = document.pages()
    assert next(reading).number == 1
    document.close()
    reading.close()
    assert closed == ["FPDFText_ClosePage", "FPDF_ClosePage", "FPDF_CloseDocument"]


def test_closing_a_document_closes_the_page_of_every_reading_left_hanging_first(tmp_path, closed):
    # A caller may read a document twice over, one reading inside the other: the page
    # each holds is closed before the document, not only the last one yielded.
    path = write_pdf(tmp_path / "t.pdf", ["first page", "second page"])
    document = open_pdf(path)
    outer = document.pages()
    assert next(outer).number == 1
    inner = document.pages()
    assert [next(inner).number, next(inner).number] == [1, 2]
    assert [run.text for run in document.text_runs(1)] == ["first page"]  # outer's page
    document.close()
    inner.close()
    outer.close()
    assert closed.count("FPDF_ClosePage") == closed.count("FPDFText_ClosePage") == 3
    assert closed[-1] == "FPDF_CloseDocument"


def test_a_closed_document_says_so_when_read_again(tmp_path):
    path = write_pdf(tmp_path / "t.pdf", ["first page", "second page"])
    document = open_pdf(path)
    reading = document.pages()
    assert next(reading).number == 1
    document.close()
    with pytest.raises(ValueError, match="was closed"):
        next(reading)
    with pytest.raises(ValueError, match="was closed"):
        document.text_runs(2)


class _TextPageModel:
    """pdfium's text functions over a page of `chars`, where those marked None are
    characters pdfium leaves out of the page's text (they have no place in it)."""

    def __init__(self, chars: list[str | None]) -> None:
        self.chars = chars
        self.places = list(itertools.accumulate(char is not None for char in chars))

    def FPDFText_CountChars(self, _textpage: object) -> int:
        return len(self.chars)

    def FPDFText_GetTextIndexFromCharIndex(self, _textpage: object, index: int) -> int:
        return -1 if self.chars[index] is None else self.places[index] - 1

    def FPDFText_GetText(self, _textpage: object, first: int, count: int, buffer) -> int:
        # pdfium reads past a range that starts or ends on a character it left out.
        asked = self.chars[first : first + count]
        assert asked[0] is not None and asked[-1] is not None, "a range pdfium misreads"
        text = "".join(char for char in asked if char is not None)
        encoded = (text + "\0").encode("utf-16-le")
        assert len(encoded) // 2 <= len(buffer), "pdfium would write past the buffer"
        ctypes.memmove(buffer, encoded, len(encoded))
        return len(encoded) // 2


@pytest.mark.parametrize(
    ("chars", "text"),
    [
        (list("Page text"), "Page text"),
        ([None, None, *"Page", None, *" text", None], "Page text"),
        ([None, None], ""),
        ([], ""),
    ],
)
def test_characters_pdfium_leaves_out_at_either_end_are_not_read_past(monkeypatch, chars, text):
    """As pypdfium2's get_text_range does (crbug.com/pdfium/2079): the characters pdfium
    leaves out of a page's text at its ends are skipped, so the text asked for has a
    place for every character and the buffer is not overrun."""
    monkeypatch.setattr(pdf, "_pdfium", lambda: _TextPageModel(chars))
    assert pdf._page_text(object()) == text


def test_a_fully_scanned_document_is_an_error(tmp_path):
    path = write_pdf(tmp_path / "scan.pdf", [ImageOnly(), ImageOnly()])
    with open_pdf(path) as document, pytest.raises(PdfError, match="OCR"):
        list(document.pages())
    result = run_cli("extract", "soc2", path)
    assert result.exit_code == 2
    assert "no page has a text layer" in result.stderr


# --- bad input: one line, exit 2, nothing written -------------------------------------------


def assert_clean_failure(result, path: Path, *fragments: str) -> None:
    assert result.exit_code == 2, result
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result
    assert lines[0].startswith("vendor-eval: error: ")
    assert str(path) in lines[0]
    for fragment in fragments:
        assert fragment in lines[0]
    assert "Traceback" not in result.stderr


def test_missing_file(tmp_path):
    path = tmp_path / "nope.pdf"
    assert_clean_failure(run_cli("extract", "soc2", path), path, "no such file")


def test_not_a_pdf(tmp_path):
    path = tmp_path / "report.pdf"
    path.write_text("<html>Sign in to view this document</html>")
    assert_clean_failure(run_cli("extract", "soc2", path), path, "not a PDF")


def test_empty_file(tmp_path):
    path = tmp_path / "empty.pdf"
    shutil.copy(FIXTURES / "plumber__empty.pdf", path)
    assert_clean_failure(run_cli("extract", "soc2", path), path, "empty")


@pytest.mark.parametrize("keep", [0.5, 0.9])
def test_truncated_download(tmp_path, keep):
    whole = write_pdf(tmp_path / "whole.pdf", [f"page {n} " * 50 for n in range(20)])
    data = whole.read_bytes()
    path = tmp_path / "cut.pdf"
    path.write_bytes(data[: int(len(data) * keep)])
    result = run_cli("extract", "soc2", path)
    # pdfium may recover the pages it can still see; if not, it must say the file is damaged.
    if result.exit_code != 0:
        assert_clean_failure(result, path, "damaged or truncated")


def test_truncated_fixture_from_the_wild():
    path = FIXTURES / "derived__issue-33-lorem-ipsum__head50pct.pdf"
    assert_clean_failure(run_cli("extract", "soc2", path), path, "damaged or truncated")


def test_zero_pages(tmp_path):
    path = zero_page_pdf(tmp_path / "zero.pdf")
    assert_clean_failure(run_cli("extract", "soc2", path), path, "has no pages")


def test_a_document_without_pages_after_an_encrypted_one_has_no_pages(tmp_path):
    # In a batch (one process), pdfium's last error is still the encrypted document's
    # when the next one loads without pages: that one is not said to need a password.
    encrypted = write_pdf(tmp_path / "locked.pdf", ["secret"], user_password="pw")
    with pytest.raises(PdfPasswordError):
        open_pdf(encrypted)
    with pytest.raises(PdfError, match="has no pages") as refused:
        open_pdf(zero_page_pdf(tmp_path / "zero.pdf"))
    assert not isinstance(refused.value, PdfPasswordError)


def test_a_folder_is_not_a_pdf(tmp_path):
    assert_clean_failure(run_cli("extract", "soc2", tmp_path), tmp_path, "directory")


def test_graphics_without_text_is_an_error():
    path = FIXTURES / "miner__simple2.pdf"
    assert_clean_failure(run_cli("extract", "soc2", path), path, "no text")


def test_scanned_fax_fixture_asks_for_ocr():
    path = FIXTURES / "pypdf__imagemagick-CCITTFaxDecode.pdf"
    assert_clean_failure(run_cli("extract", "soc2", path), path, "OCR")


@pytest.mark.parametrize("name", ["miner__issue-1113-evil-xobjects.pdf", "pypdf__issue-297.pdf"])
def test_odd_but_readable_files_give_a_result(name):
    result = run_cli("extract", "soc2", FIXTURES / name, "--format", "json")
    assert result.exit_code == 0, result
    assert '"kind": "soc2"' in result.stdout


def test_failed_extraction_does_not_touch_the_output_file(tmp_path):
    target = tmp_path / "out.yaml"
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.7\n garbage")
    result = run_cli("extract", "soc2", bad, "-o", target)
    assert result.exit_code == 2
    assert not target.exists()
    assert list(tmp_path.iterdir()) == [bad]


# --- encryption ----------------------------------------------------------------------------


def test_encrypted_without_password(tmp_path):
    path = write_pdf(tmp_path / "locked.pdf", ["SOC 2 Type 2 Report"], user_password="s3cret")
    with pytest.raises(PdfPasswordError, match="--password"):
        open_pdf(path)
    assert_clean_failure(run_cli("extract", "soc2", path), path, "encrypted", "--password")


def test_encrypted_with_wrong_password(tmp_path):
    path = write_pdf(tmp_path / "locked.pdf", ["SOC 2 Type 2 Report"], user_password="s3cret")
    result = run_cli("extract", "soc2", path, "--password", "guess")
    assert_clean_failure(result, path, "password given is wrong")


def test_encrypted_with_right_password_reads_text_and_text_runs(tmp_path):
    rows = [["Control", "Test", "Result"], ["CC6.1", "Inspected", "No exceptions noted."]]
    path = write_pdf(
        tmp_path / "locked.pdf",
        ["SOC 2 Type 2 Report", [Text("Tests of Controls"), Table(rows)]],
        user_password="s3cret",
    )
    with open_pdf(path, password="s3cret") as document:
        assert "SOC 2 Type 2" in next(document.pages()).text
        cells = {run.text for run in document.text_runs(2)}
        assert {cell for row in rows for cell in row} <= cells
    result = run_cli("extract", "soc2", path, "--password", "s3cret")
    assert result.exit_code == 0, result
    assert "value: soc2" in result.stdout


def test_aes256_fixture_opens_with_its_password():
    path = FIXTURES / "miner__aes-256-r6.pdf"
    with pytest.raises(PdfPasswordError):
        open_pdf(path)
    with open_pdf(path, password="usersecret") as document:
        assert document.page_count == 1


def test_password_error_is_an_input_error():
    # The CLI maps the whole InputError family to exit 2; the password case must stay in it.
    assert issubclass(PdfPasswordError, PdfError)
    assert issubclass(PdfError, InputError)


# --- the wild corpus -----------------------------------------------------------------------

PER_FILE_SECONDS = 30
MEMORY_LIMIT = 1024 * 1024 * 1024


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


@pytest.mark.corpus
@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"{CORPUS} is not present")
@pytest.mark.parametrize("kind", ["soc2", "baa"])
def test_every_wild_pdf_gives_a_result_or_a_one_line_error(kind):
    paths = sorted(CORPUS.glob("*.pdf"))
    assert paths, f"no PDFs in {CORPUS}"
    with ThreadPoolExecutor(max_workers=4) as pool:
        outcomes = list(pool.map(lambda path: _extract_in_subprocess(kind, path), paths))
    failures = []
    for path, completed in zip(paths, outcomes, strict=True):
        if completed is None:
            failures.append(f"{path.name}: still running after {PER_FILE_SECONDS} s")
            continue
        errors = [line for line in completed.stderr.splitlines() if "warning:" not in line]
        if completed.returncode == 0:
            if f"kind: {kind}" not in completed.stdout or errors:
                failures.append(f"{path.name}: exit 0 but {completed.stderr[-300:]!r}")
        elif completed.returncode == 2:
            if len(errors) != 1 or not errors[0].startswith("vendor-eval: error: "):
                failures.append(f"{path.name}: exit 2 but stderr {completed.stderr[-300:]!r}")
        else:
            failures.append(
                f"{path.name}: exit {completed.returncode}: {completed.stderr[-300:]!r}"
            )
    assert not failures, "\n".join(failures)


def _extract_in_subprocess(kind: str, path: Path) -> subprocess.CompletedProcess[str] | None:
    try:
        return subprocess.run(
            [sys.executable, "-m", "vendor_eval", "extract", kind, str(path)],
            capture_output=True,
            text=True,
            timeout=PER_FILE_SECONDS,
            preexec_fn=_limit_memory,
        )
    except subprocess.TimeoutExpired:
        return None
