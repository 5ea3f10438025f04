"""`--ocr`: scanned pages (no text layer) read with Tesseract, for both document
extractors. The scans are made here: text drawn into page images, saved as image-only
PDFs, so the facts a test expects are the facts typed into the picture."""

from __future__ import annotations

import json
import os
import shutil

import pytest
from conftest import run_cli
from pdfgen import write_pdf
from scangen import Scan, blank_scans, write_mixed_pdf, write_scanned_pdf

from vendor_eval.evidence import ocr
from vendor_eval.evidence.io import load_evidence

pytestmark = pytest.mark.skipif(
    shutil.which("tesseract") is None and not os.environ.get("CI"),
    reason="Tesseract is not installed here (.ci/run installs it: apt-get install tesseract-ocr)",
)

BAA_PAGE_1 = """BUSINESS ASSOCIATE AGREEMENT

This Business Associate Agreement is entered into by Mercy Clinic ("Covered Entity") and
Acme Analytics, Inc. ("Business Associate"). Business Associate is Covered Entity's business
associate under HIPAA for the protected health information it receives.

1. Business Associate shall not use or disclose PHI other than as permitted by this
Agreement or as required by law.

2. Business Associate shall report to Covered Entity any Breach of Unsecured PHI without
unreasonable delay and in no case later than fifteen (15) calendar days after discovery."""

BAA_PAGE_2 = """3. Business Associate shall ensure that any subcontractor that creates, receives,
maintains or transmits PHI on its behalf agrees in writing to the same restrictions and
conditions.

4. Business Associate shall make its internal practices, books and records available to
the Secretary for purposes of determining compliance with HIPAA.

5. On termination, Business Associate shall return or destroy all PHI."""


def _json(*args) -> dict:
    result = run_cli("extract", *args, "--format", "json")
    assert result.exit_code == 0, result
    return json.loads(result.stdout)


def test_a_scanned_agreement_is_read_with_its_page_numbers_and_marked_as_ocr(tmp_path):
    path = write_scanned_pdf(tmp_path / "signed-baa.pdf", [BAA_PAGE_1, BAA_PAGE_2])
    without = run_cli("extract", "baa", path)
    assert without.exit_code == 2 and "--ocr" in without.stderr, without

    data = _json("baa", path, "--ocr")
    facts = {name: fact["value"] for name, fact in data["facts"].items()}
    assert facts["is_baa"] is True
    assert facts["breach_notification_deadline"] == {"amount": 15, "unit": "calendar-days"}
    assert facts["subcontractor_flowdown"] is True
    assert facts["hhs_access_to_books"] is True
    assert facts["return_or_destroy"] is True
    assert data["document"]["pages"] == 2 and data["document"]["ocr_pages"] == [1, 2]
    pages = {"breach_notification_deadline": 1, "subcontractor_flowdown": 2}
    for name, page in pages.items():
        [citation] = data["facts"][name]["citations"]
        assert citation["page"] == page and citation["source"] == "ocr", citation
        assert 0.5 <= citation["confidence"] <= 1
    assert (
        "fifteen (15) calendar days"
        in (data["facts"]["breach_notification_deadline"]["citations"][0]["quote"])
    )


def test_only_the_scanned_page_of_a_mixed_pdf_is_marked_and_the_file_validates(tmp_path):
    typed = " ".join(BAA_PAGE_1.split("\n\n")[0:3]).replace("\n", " ")
    path = write_mixed_pdf(tmp_path / "mixed.pdf", [typed, Scan(BAA_PAGE_2)])
    out = tmp_path / "mixed.evidence.yaml"
    result = run_cli("extract", "baa", path, "--ocr", "-o", out)
    assert result.exit_code == 0, result
    evidence = load_evidence(out)  # checked against the evidence schema
    assert evidence.document.extra["ocr_pages"] == [2]
    [typed_citation] = evidence.facts["permitted_uses_limited"].citations
    assert typed_citation.page == 1 and typed_citation.source is None
    [scanned] = evidence.facts["hhs_access_to_books"].citations
    assert scanned.page == 2 and scanned.source == "ocr" and scanned.confidence is not None
    assert scanned.document_place().startswith("page 2 (read by OCR, ")


def test_a_scanned_soc3_report_is_read_by_extract_soc2(tmp_path):
    path = write_scanned_pdf(
        tmp_path / "soc3.pdf",
        [
            "SOC 3 REPORT\n\nIndependent Service Auditor's Report\n\n"
            "We have examined management's assertion that Northwind maintained effective "
            "controls over its Insight Platform throughout the period January 1, 2025, to "
            "December 31, 2025, to provide reasonable assurance that its service commitments "
            "and system requirements were achieved based on the trust services criteria "
            "relevant to security and availability.\n\n"
            "In our opinion, management's assertion that the controls were effective "
            "throughout the period January 1, 2025, to December 31, 2025, is fairly stated, "
            "in all material respects."
        ],
    )
    data = _json("soc2", path, "--ocr")
    facts = {name: fact["value"] for name, fact in data["facts"].items()}
    assert facts["report_kind"] == "soc3"
    assert facts["opinion"] == "unqualified"
    assert facts["period_end"] == "2025-12-31"
    assert facts["trust_criteria"] == ["availability", "security"]
    [opinion] = data["facts"]["opinion"]["citations"]
    assert opinion["page"] == 1 and opinion["source"] == "ocr"


def test_ocr_leaves_a_pdf_with_a_text_layer_byte_identical(tmp_path):
    path = write_pdf(tmp_path / "typed.pdf", [BAA_PAGE_1, BAA_PAGE_2])
    plain = run_cli("extract", "baa", path)
    read = run_cli("extract", "baa", path, "--ocr")
    assert plain.exit_code == read.exit_code == 0
    assert plain.stdout == read.stdout and plain.stderr == read.stderr


def test_without_tesseract_one_line_says_how_to_install_it(tmp_path, monkeypatch):
    import pytesseract

    monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", str(tmp_path / "none"))
    path = write_scanned_pdf(tmp_path / "scan.pdf", [BAA_PAGE_2])
    for command in ("baa", "soc2"):
        result = run_cli("extract", command, path, "--ocr")
        assert result.exit_code == 2, result
        assert result.stdout == ""
        [line] = result.stderr.strip().splitlines()
        assert "apt-get install tesseract-ocr" in line


def test_a_long_scan_is_read_up_to_the_page_limit_and_the_rest_is_named(tmp_path, monkeypatch):
    monkeypatch.setattr(ocr, "MAX_PAGES", 2)
    path = write_mixed_pdf(
        tmp_path / "long.pdf", [BAA_PAGE_1.replace("\n", " "), *[Scan("") for _ in range(6)]]
    )
    data = _json("baa", path, "--ocr")
    assert data["document"]["ocr_pages"] == [2, 3]
    assert (
        "page(s) 4-7 were not read by OCR: over the limit of 2 pages read by OCR"
        in (data["warnings"])
    )


def test_ocr_stops_when_its_time_is_spent_and_names_the_pages(tmp_path, monkeypatch):
    monkeypatch.setattr(ocr, "TOTAL_SECONDS", 0)
    path = write_mixed_pdf(tmp_path / "slow.pdf", [BAA_PAGE_1.replace("\n", " "), Scan("")])
    data = _json("baa", path, "--ocr")
    assert "ocr_pages" not in data["document"]
    assert any(
        w.startswith("page(s) 2 were not read by OCR: OCR had already run")
        for w in (data["warnings"])
    )


def test_a_page_tesseract_cannot_finish_in_time_is_named(tmp_path, monkeypatch):
    monkeypatch.setattr(ocr, "PAGE_SECONDS", 0.001)
    path = write_mixed_pdf(tmp_path / "hard.pdf", [BAA_PAGE_1.replace("\n", " "), Scan("x")])
    data = _json("baa", path, "--ocr")
    assert any(
        "page(s) 2 were not read by OCR: Tesseract took over" in w for w in (data["warnings"])
    )


def test_a_scan_with_no_words_at_all_is_one_clear_error(tmp_path):
    path = blank_scans(tmp_path / "blank.pdf", 1)
    for command in ("baa", "soc2"):
        result = run_cli("extract", command, path, "--ocr")
        assert result.exit_code == 2, result
        [line] = result.stderr.strip().splitlines()
        assert str(path) in line and "OCR found no words" in line


def test_an_oversized_page_is_rendered_within_the_pixel_bound(tmp_path):
    from fpdf import FPDF

    from vendor_eval.evidence.pdf import open_pdf

    document = FPDF(unit="pt", format=(14_000, 14_000))  # near the largest page PDF allows
    document.add_page()
    document.output(str(tmp_path / "huge.pdf"))
    with open_pdf(tmp_path / "huge.pdf") as pdf, pdf._page(0) as page:
        image = ocr._render(page)
    assert image.width * image.height <= ocr.MAX_PIXELS
