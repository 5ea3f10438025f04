"""Reading an agreement from .txt, .md or .pdf into pages, and pages into sentences."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from conftest import run_cli
from pdfgen import ImageOnly, write_pdf

from vendor_eval.errors import InputError, PdfError, PdfPasswordError
from vendor_eval.evidence.documents import read_document
from vendor_eval.evidence.pdf import PageText
from vendor_eval.evidence.text import sentences
from vendor_eval.fileio import sha256_of


def test_plain_text_is_one_page_and_hashed_as_stored(tmp_path):
    path = tmp_path / "baa.txt"
    path.write_bytes(b"\xef\xbb\xbfFirst line.\r\nSecond line.\r\n")
    document = read_document(path)
    assert document.page_count == 1
    assert [(p.number, p.text) for p in document.pages] == [(1, "First line.\nSecond line.\n")]
    assert document.sha256 == sha256_of(path)
    assert document.path == str(path)


def test_form_feeds_start_pages_and_blank_pages_keep_their_numbers(tmp_path):
    path = tmp_path / "baa.md"
    path.write_text("# Title\nOne.\f   \fThree.\f", encoding="utf-8")
    document = read_document(path)
    assert document.page_count == 3  # the trailing form feed closes page 3, it opens nothing
    assert [(p.number, p.text.strip()) for p in document.pages] == [
        (1, "# Title\nOne."),
        (3, "Three."),
    ]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.txt", b"", "is empty"),
        ("blank.txt", b" \n\f\n\t", "is empty"),
        ("latin1.txt", "Gesch\u00e4ftspartner".encode("latin-1"), "is not UTF-8 text"),
        ("zipped.txt", b"PK\x03\x04\x14\x00\x00\x00binary", "looks like a binary file"),
        ("renamed.txt", b"%PDF-1.7\n%binary", "rename it to .pdf"),
        ("agreement.doc", b"\xd0\xcf\x11\xe0", "save or export it as PDF, Word (.docx)"),
        ("agreement.bin", b"\x00\x01", "unsupported file type .bin"),
        ("agreement", b"text", "unsupported file type (no extension)"),
    ],
)
def test_unreadable_inputs_name_the_file_and_the_fix(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputError, match=re.escape(message)) as caught:
        read_document(path)
    assert str(caught.value).startswith(f"{path}: ")


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_document(tmp_path / "absent.pdf")
    with pytest.raises(InputError, match="is a directory"):
        read_document(tmp_path)


def test_pdf_pages_come_from_the_pdf_layer_with_scanned_pages_listed(tmp_path):
    path = write_pdf(tmp_path / "baa.pdf", ["Page one text.", ImageOnly(), "Page three text."])
    document = read_document(path)
    assert document.page_count == 3
    assert [p.number for p in document.pages] == [1, 3]
    assert "Page three text." in document.pages[1].text
    assert document.image_only_pages == (2,)
    assert document.sha256 == sha256_of(path)


def test_pdf_errors_are_pdf_errors(tmp_path):
    scanned = write_pdf(tmp_path / "scan.pdf", [ImageOnly(), ImageOnly()])
    with pytest.raises(PdfError, match="OCR"):
        read_document(scanned)
    locked = write_pdf(tmp_path / "locked.pdf", ["Secret terms."], user_password="s3cret")
    with pytest.raises(PdfPasswordError, match="--password"):
        read_document(locked)
    assert "Secret terms." in read_document(locked, password="s3cret").pages[0].text
    intact = write_pdf(tmp_path / "whole.pdf", ["Some agreement text."]).read_bytes()
    damaged = tmp_path / "damaged.pdf"
    damaged.write_bytes(intact[: len(intact) // 3])
    with pytest.raises(PdfError):
        read_document(damaged)


@pytest.mark.parametrize("name", ["notes.docx", "empty.txt", "latin1.md"])
def test_cli_reports_bad_agreements_on_one_line_with_exit_2(tmp_path, name):
    path = tmp_path / name
    path.write_bytes({"notes.docx": b"PK\x03\x04", "empty.txt": b"", "latin1.md": b"caf\xe9"}[name])
    result = run_cli("extract", "baa", path)
    assert result.exit_code == 2, result
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and str(path) in lines[0], result


# --- sentences --------------------------------------------------------------------------


def _pages(*texts: str) -> list[PageText]:
    return [PageText(number, text) for number, text in enumerate(texts, 1)]


def test_a_sentence_running_over_a_page_break_is_whole_and_cited_at_its_first_page():
    found = sentences(
        _pages(
            "ACME - Confidential\nIntro sentence.\nThe vendor shall notify the customer of any\n"
            "Page 1 of 2",
            "ACME - Confidential\nincident within ten days. Next sentence here.\nPage 2 of 2",
        )
    )
    assert [(s.page, s.text) for s in found] == [
        (1, "Intro sentence."),
        (1, "The vendor shall notify the customer of any incident within ten days."),
        (2, "Next sentence here."),
    ]


def test_headings_list_items_and_abbreviations():
    found = sentences(
        _pages(
            "4. Reporting\nThe vendor agrees to: (a) keep records under 45 C.F.R. Part 164; "
            "(b) answer e.g. audits; and (c) report losses.\n\n## Term\nIt ends in one year."
        )
    )
    assert [s.text for s in found] == [
        "4. Reporting",
        "The vendor agrees to:",
        "(a) keep records under 45 C.F.R. Part 164;",
        "(b) answer e.g. audits; and",
        "(c) report losses.",
        "Term",
        "It ends in one year.",
    ]


def test_typographic_quotes_dashes_and_line_end_hyphens_are_made_plain():
    found = sentences(
        _pages("\u201cCovered Services\u201d \u2013 the vendor\u2019s de-\nidentified data.")
    )
    assert [s.text for s in found] == ['"Covered Services" - the vendor\'s deidentified data.']


def test_a_clause_repeated_at_the_top_of_every_page_is_not_taken_for_a_header():
    clause = (
        "Vendor shall notify Customer of any Breach of Unsecured PHI within ten (10) days of "
        "discovery."
    )
    found = sentences(_pages(*(f"Draft 3\n{clause}\nOther text {n}." for n in range(1, 4))))
    assert [s.text for s in found].count(clause) == 3
    assert not any(s.text.startswith("Draft") for s in found)


FORMS = "expected a PDF, a Word .docx, or a .txt or .md file"


def _not_a_document(tmp_path, kind):
    """A path to something that is no document file, and how the error names it."""
    if kind == "folder":
        (tmp_path / "reports").mkdir()
        return tmp_path / "reports", f"is a directory; {FORMS}"
    if kind == "link to a folder":
        (tmp_path / "reports").mkdir()
        (tmp_path / "report.pdf").symlink_to(tmp_path / "reports")
        return tmp_path / "report.pdf", f"is a directory; {FORMS}"
    if kind == "fifo":
        os.mkfifo(tmp_path / "report.pdf")
        return tmp_path / "report.pdf", "is a FIFO (named pipe), not a regular file"
    if kind == "fifo without a suffix":
        os.mkfifo(tmp_path / "report")
        return tmp_path / "report", "is a FIFO (named pipe), not a regular file"
    return Path("/dev/null"), "is a character device, not a regular file"


@pytest.mark.parametrize("command", ["soc2", "baa"])
@pytest.mark.parametrize(
    "kind", ["folder", "link to a folder", "fifo", "fifo without a suffix", "device"]
)
def test_what_is_no_document_file_is_named_with_the_forms_read(tmp_path, command, kind):
    path, message = _not_a_document(tmp_path, kind)

    result = run_cli("extract", command, path)

    assert result.exit_code == 2, result
    assert result.stdout == ""
    assert result.stderr == f"vendor-eval: error: {path}: {message}\n"
