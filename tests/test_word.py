"""Word documents (.docx) and plain text, read by both document extractors.

The same made-up agreements and SOC report that the PDF tests read are written here as
Word documents (and as text), and must give the same facts; their citations name the
paragraph and the section heading instead of a page.
"""

from __future__ import annotations

import io
import json
import re
import time
import zipfile

import docx
import pytest
from conftest import run_cli
from docxgen import Heading, Numbered, write_docx
from pdfgen import Table, Text
from soc2_sample import HEADER, Soc2Report
from test_baa_documents import (
    COVER_PAGE,
    COVER_PAGE_EXPECTED,
    HOSPITAL,
    HOSPITAL_EXPECTED,
    HYPERSCALER,
    HYPERSCALER_EXPECTED,
    TWO_COLUMNS,
    TWO_COLUMNS_EXPECTED,
)

from vendor_eval.evidence.io import load_evidence

AGREEMENTS = {
    "nimbus": (HYPERSCALER, HYPERSCALER_EXPECTED),
    "mercy-valley": (HOSPITAL, HOSPITAL_EXPECTED),
    "lumenfold": (COVER_PAGE, COVER_PAGE_EXPECTED),
    "quarry": (TWO_COLUMNS, TWO_COLUMNS_EXPECTED),
}


def _unsplit(pages: list) -> list:
    """The PDF test documents break some clauses over a page; a Word author's clause is
    one paragraph wherever the page ends, so a page's last line is joined to the next
    page's first line when it stops mid-sentence."""
    joined: list[list] = []
    for page in pages:
        blocks = list(page) if isinstance(page, list) else [page]
        if joined and isinstance(joined[-1][-1], str) and isinstance(blocks[0], str):
            last = joined[-1][-1]
            if not last.rstrip().endswith((".", ":", ";")):
                joined[-1][-1] = last + " " + blocks.pop(0)
        joined.append(blocks)
    return joined


def _extract(*args) -> dict:
    result = run_cli("extract", *args, "--format", "json")
    assert result.exit_code == 0, result
    return json.loads(result.stdout)


def _paragraphs(path) -> list[str]:
    """The paragraphs with text, in reading order, as python-docx itself gives them."""
    found = []
    for block in docx.Document(str(path)).iter_inner_content():
        if isinstance(block, docx.text.paragraph.Paragraph):
            found.append(block.text)
            continue
        for row in block.rows:
            seen = set()
            for cell in row.cells:
                if id(cell._tc) not in seen:
                    seen.add(id(cell._tc))
                    found.extend(paragraph.text for paragraph in cell.paragraphs)
    return [text for text in found if text.strip()]


def _letters(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


# --- BAAs --------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(AGREEMENTS))
def test_an_agreement_as_a_word_document_gives_the_facts_it_gives_as_a_pdf(tmp_path, name):
    pages, expected = AGREEMENTS[name]
    path = write_docx(tmp_path / f"{name}.docx", _unsplit(pages))
    data = _extract("baa", path)
    found = {fact: data["facts"][fact]["value"] for fact in expected.facts()}
    assert found == expected.facts(), data["warnings"]
    assert data["document"]["pages"] is None
    assert data["document"]["paragraphs"] == len(_paragraphs(path))


@pytest.mark.parametrize("name", sorted(AGREEMENTS))
def test_each_citation_names_the_paragraph_that_holds_the_quote(tmp_path, name):
    pages, _ = AGREEMENTS[name]
    path = write_docx(tmp_path / f"{name}.docx", _unsplit(pages))
    paragraphs = _paragraphs(path)
    data = _extract("baa", path)
    cited = [c for fact in data["facts"].values() for c in fact["citations"]]
    assert cited
    for citation in cited:
        assert "page" not in citation
        # A quote may start in a lead-in or heading and run on into the next paragraph.
        number = citation["paragraph"]
        around = _letters(" ".join(paragraphs[max(0, number - 2) : number + 1]))
        for part in citation["quote"].split("..."):
            assert _letters(part)[:60] in around, (citation, paragraphs[number - 1])


def test_citations_name_the_section_heading_and_list_numbers_are_read(tmp_path):
    path = write_docx(
        tmp_path / "baa.docx",
        [
            [
                Heading("Business Associate Agreement", 0),
                "This Business Associate Agreement is between Covered Entity and Acme "
                'Analytics, Inc. ("Business Associate"), which is Covered Entity\'s business '
                "associate under HIPAA.",
                Heading("Obligations of Business Associate"),
                Numbered(
                    [
                        "not use or disclose PHI other than as permitted by this Agreement;",
                        "use appropriate safeguards to prevent any other use or disclosure;",
                        "report to Covered Entity any Breach of Unsecured PHI within ten "
                        "(10) business days of discovery.",
                    ],
                    lead_in="Business Associate agrees to:",
                ),
                Text("Records", bold=True),
                Table(
                    [
                        ["Topic", "Term"],
                        [
                            "Books",
                            "Business Associate shall make its internal practices, books, and "
                            "records available to the Secretary for purposes of determining "
                            "compliance with HIPAA.",
                        ],
                    ]
                ),
            ]
        ],
    )
    facts = _extract("baa", path)["facts"]
    deadline = facts["breach_notification_deadline"]
    assert deadline["value"] == {"amount": 10, "unit": "business-days"}
    [citation] = deadline["citations"]
    assert citation["quote"].startswith("3. report to Covered Entity")  # Word's own number
    assert citation["section"] == "Obligations of Business Associate"
    assert citation["paragraph"] == 7
    [books] = facts["hhs_access_to_books"]["citations"]
    # A table cell is a paragraph too; a bold line in the body text heads its section.
    assert books["section"] == "Records" and books["paragraph"] == 12
    assert facts["permitted_uses_limited"]["citations"][0]["quote"].startswith("1. not use")


def test_tracked_insertions_and_content_controls_are_read_deletions_are_not(tmp_path):
    body = (
        "<w:p><w:r><w:t>Business Associate Agreement</w:t></w:r></w:p>"
        '<w:sdt><w:sdtContent><w:p><w:r><w:t xml:space="preserve">Vendor is Customer\'s '
        "business associate under HIPAA. Vendor shall report any Breach of Unsecured PHI "
        "within </w:t></w:r><w:del><w:r><w:delText>thirty (30)</w:delText></w:r></w:del>"
        '<w:ins><w:r><w:t>five (5)</w:t></w:r></w:ins><w:r><w:t xml:space="preserve"> '
        "calendar days of discovery.</w:t></w:r></w:p></w:sdtContent></w:sdt>"
    )
    path = _docx_with_body(tmp_path / "redline.docx", body)
    facts = _extract("baa", path)["facts"]
    assert facts["breach_notification_deadline"]["value"] == {
        "amount": 5,
        "unit": "calendar-days",
    }
    assert "thirty" not in json.dumps(facts)


def test_table_rows_and_cells_inside_content_controls_are_read(tmp_path):
    def cell(text: str) -> str:
        return f"<w:tc><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>"

    body = (
        "<w:p><w:r><w:t>Vendor is Customer's business associate under HIPAA.</w:t></w:r></w:p>"
        "<w:tbl><w:tr>" + cell("Topic") + cell("Term") + "</w:tr>"
        "<w:sdt><w:sdtContent><w:tr>"
        + cell("Notice")
        + "<w:sdt><w:sdtContent>"
        + cell("Vendor shall report any Breach of Unsecured PHI within 72 hours of discovery.")
        + "</w:sdtContent></w:sdt></w:tr></w:sdtContent></w:sdt></w:tbl>"
    )
    facts = _extract("baa", _docx_with_body(tmp_path / "controls.docx", body))["facts"]
    deadline = facts["breach_notification_deadline"]
    assert deadline["value"] == {"amount": 72, "unit": "hours"}
    assert deadline["citations"][0]["paragraph"] == 5


# --- SOC 2 reports -----------------------------------------------------------------------

SOC2_FACTS = {
    "report_kind": "soc2",
    "report_type": "type2",
    "trust_criteria": ["availability", "confidentiality", "security"],
    "period_start": "2025-01-01",
    "period_end": "2025-12-31",
    "opinion": "unqualified",
    "exceptions": 2,
    "subservice_organizations": ["Amazon Web Services (AWS)", "Twilio SendGrid"],
    "subservice_method": "carve-out",
    "cuecs": True,
    "auditor": "Brightline Assurance LLP",
    "report_date": "2026-02-14",
    "bridge_letter_end": None,
}


def test_a_soc2_report_as_a_word_document_gives_every_fact_with_its_paragraph(tmp_path):
    path = write_docx(tmp_path / "northwind.docx", Soc2Report().pages(), header=HEADER)
    paragraphs = _paragraphs(path)
    data = _extract("soc2", path)
    assert {name: fact["value"] for name, fact in data["facts"].items()} == SOC2_FACTS
    for name, fact in data["facts"].items():
        assert fact["citations"] or fact["value"] is None, name  # no bridge letter: nothing
        for citation in fact["citations"]:
            assert "page" not in citation and 1 <= citation["paragraph"] <= len(paragraphs)
    [opinion] = data["facts"]["opinion"]["citations"]
    assert paragraphs[opinion["paragraph"] - 1].startswith("In our opinion")
    assert opinion["section"] == "Opinion"
    # The tests-of-controls matrix is read by its columns, as in a PDF: each exception is
    # keyed by its control and cited at the results cell.
    quotes = [c["quote"] for c in data["facts"]["exceptions"]["citations"]]
    assert [q.split(":")[0] for q in quotes] == ["CC6.2", "CC4.3"]
    for citation in data["facts"]["exceptions"]["citations"]:
        assert paragraphs[citation["paragraph"] - 1].startswith(("Exception", "Deviation"))


def test_a_flowing_report_without_page_breaks_or_heading_styles_gives_every_fact(tmp_path):
    """Typed straight through, contents list and all: the contents list is set apart as
    a page of its own, and the rest cut into pages of printed length."""
    blocks = []
    for page in Soc2Report().pages():
        blocks.extend(page if isinstance(page, list) else [page])
    path = write_docx(tmp_path / "flowing.docx", [blocks])
    data = _extract("soc2", path)
    assert {name: fact["value"] for name, fact in data["facts"].items()} == SOC2_FACTS


def test_a_soc2_report_as_text_gives_every_fact_with_its_page(tmp_path):
    pdf = Soc2Report().write(tmp_path / "northwind.pdf")
    text = run_cli("extract", "soc2", pdf, "--format", "json")
    assert text.exit_code == 0, text
    from vendor_eval.evidence.pdf import open_pdf

    with open_pdf(pdf) as document:
        pages = [page.text for page in document.pages()]
    path = tmp_path / "northwind.txt"
    path.write_text("\f".join(pages) + "\f", encoding="utf-8")  # as pdftotext writes it
    data = _extract("soc2", path)
    assert {name: fact["value"] for name, fact in data["facts"].items()} == SOC2_FACTS
    assert data["document"]["pages"] == 11
    assert data["facts"]["opinion"]["citations"][0]["page"] == 4


def test_a_soc3_report_published_as_markdown(tmp_path):
    path = tmp_path / "trust-portal.md"
    path.write_text(
        "# SOC 3 Report\n\n## Independent Service Auditor's Report\n\n"
        "We have examined management's assertion that Northwind maintained effective "
        "controls over its Insight Platform throughout the period January 1, 2025, to "
        "December 31, 2025, to provide reasonable assurance that its service commitments "
        "and system requirements were achieved based on the trust services criteria "
        "relevant to security and availability.\n\n"
        "In our opinion, management's assertion that the controls were effective "
        "throughout the period January 1, 2025, to December 31, 2025, is fairly stated, "
        "in all material respects.\n",
        encoding="utf-8",
    )
    data = _extract("soc2", path)
    facts = {name: fact["value"] for name, fact in data["facts"].items()}
    assert facts["report_kind"] == "soc3"
    assert facts["trust_criteria"] == ["availability", "security"]
    assert facts["period_end"] == "2025-12-31"
    assert facts["opinion"] == "unqualified"
    assert data["facts"]["opinion"]["citations"][0]["page"] == 1


def test_evidence_from_a_word_document_is_a_valid_evidence_file(tmp_path):
    path = write_docx(tmp_path / "northwind.docx", Soc2Report().pages())
    out = tmp_path / "northwind.evidence.yaml"
    result = run_cli("extract", "soc2", path, "-o", out)
    assert result.exit_code == 0, result
    evidence = load_evidence(out)
    assert evidence.document.path == "northwind.docx"
    assert evidence.document.extra["paragraphs"] == len(_paragraphs(path))
    opinion = evidence.facts["opinion"].citations[0]
    assert opinion.document_place() == f"paragraph {opinion.paragraph} (Opinion)"


# --- hostile and broken Word files ------------------------------------------------------

_PACKAGE = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/word/document.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
    ),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
    ),
}
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _docx_with_body(path, body: str, *, prolog: str = "", parts: dict | None = None):
    document = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{prolog}'
        f'<w:document xmlns:w="{_W}"><w:body>{body}</w:body></w:document>'
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in {**_PACKAGE, "word/document.xml": document, **(parts or {})}.items():
            archive.writestr(name, content)
    return path


def _clean_failure(path, *words: str) -> str:
    for command in ("baa", "soc2"):
        result = run_cli("extract", command, path)
        assert result.exit_code == 2, result
        assert result.stdout == ""
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and f"{path}: " in lines[0], result
        for word in words:
            assert word in lines[0], result
    return lines[0]


def test_a_hand_built_minimal_docx_is_read(tmp_path):
    path = _docx_with_body(
        tmp_path / "minimal.docx",
        "<w:p><w:r><w:t>Vendor is Customer's business associate under HIPAA.</w:t></w:r></w:p>",
    )
    data = _extract("baa", path)
    assert data["facts"]["is_baa"]["citations"][0]["paragraph"] == 1


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"", ("not a Word .docx file",)),
        (b"Business Associate Agreement, typed as plain text.", ("not a Word .docx file",)),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504), ("old Word .doc", ".docx")),
        (b"%PDF-1.7\n%binary", ("rename it to .pdf",)),
    ],
)
def test_a_file_that_is_no_word_document_is_refused_on_one_line(tmp_path, content, words):
    path = tmp_path / "agreement.docx"
    path.write_bytes(content)
    _clean_failure(path, *words)


def test_a_zip_without_a_word_document_inside_is_refused(tmp_path):
    path = tmp_path / "spreadsheet.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", _PACKAGE["[Content_Types].xml"])
        archive.writestr("xl/workbook.xml", "<workbook/>")
    _clean_failure(path, "no word/document.xml")


def test_broken_xml_and_an_empty_document_are_refused(tmp_path):
    broken = tmp_path / "broken.docx"
    with zipfile.ZipFile(broken, "w") as archive:
        for name, content in _PACKAGE.items():
            archive.writestr(name, content)
        archive.writestr("word/document.xml", "<w:document><w:body><w:p>")
    _clean_failure(broken, "damaged Word document")
    _clean_failure(_docx_with_body(tmp_path / "blank.docx", "<w:p/>"), "is empty")


def test_a_zip_bomb_is_refused_from_the_zip_directory_without_inflating_it(tmp_path):
    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, content in _PACKAGE.items():
            archive.writestr(name, content)
        archive.writestr("word/document.xml", "<w:document/>")
        with archive.open("word/media/filler.bin", "w", force_zip64=True) as filler:
            block = bytes(1 << 20)
            for _ in range(300):
                filler.write(block)
    assert path.stat().st_size < 2_000_000
    started = time.perf_counter()
    _clean_failure(path, "would unpack to 300 MB", "limit")
    assert time.perf_counter() - started < 30  # refused from the directory, not inflated


def test_a_zip_whose_directory_understates_a_part_is_not_inflated_past_it(tmp_path):
    """The zip's directory promises a small part that inflates to 50 MB: it is read only
    up to the size promised, and then fails its checksum."""
    import struct

    document = (
        f'<w:document xmlns:w="{_W}"><w:body><w:p><w:r><w:t>Text.</w:t></w:r></w:p>'
        "</w:body></w:document>"
    ).encode() + b" " * (50 << 20)
    path = tmp_path / "liar.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for part, content in _PACKAGE.items():
            archive.writestr(part, content)
        archive.writestr("word/document.xml", document)
    raw = bytearray(path.read_bytes())
    name = b"word/document.xml"
    local = raw.index(name) - 30
    assert raw[local + 30 : local + 30 + len(name)] == name
    struct.pack_into("<I", raw, local + 22, 1000)  # the local header's uncompressed size
    central = raw.rindex(name) - 46
    assert raw[central + 46 : central + 46 + len(name)] == name
    struct.pack_into("<I", raw, central + 24, 1000)  # and the central directory's
    path.write_bytes(bytes(raw))
    assert zipfile.ZipFile(path).getinfo("word/document.xml").file_size == 1000
    _clean_failure(path, "damaged Word document")


def test_a_huge_document_part_is_refused(tmp_path):
    paragraph = "<w:p><w:r><w:t>" + "x" * 1000 + "</w:t></w:r></w:p>"
    buffer = io.StringIO()
    for _ in range(40_000):  # 40 MB of XML, over the limit for an XML part
        buffer.write(paragraph)
    path = _docx_with_body(tmp_path / "huge.docx", buffer.getvalue())
    _clean_failure(path, "XML part of 39 MB, over the 32 MB limit")


def test_xml_entity_declarations_are_refused_and_never_expanded(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-PATIENT-LIST", encoding="utf-8")
    laughs = "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10 if i else "lol"}">' for i in range(9))
    for name, declarations, use in [
        ("laughs.docx", laughs, "&lol8;"),
        ("external.docx", f'<!ENTITY secret SYSTEM "{secret.as_uri()}">', "&secret;"),
    ]:
        path = _docx_with_body(
            tmp_path / name,
            f"<w:p><w:r><w:t>Vendor is Customer's business associate. {use}</w:t></w:r></w:p>",
            prolog=f"<!DOCTYPE w:document [{declarations}]>",
        )
        line = _clean_failure(path, "document type declaration")
        assert "TOP-SECRET" not in line and "lollol" not in line


def test_the_xml_parser_itself_neither_expands_nor_fetches_entities(tmp_path):
    """Should a DTD get past the check above (hidden after a long prolog), python-docx's
    parser still leaves its entities unexpanded and its external files unread."""
    from docx.oxml.parser import parse_xml

    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-PATIENT-LIST", encoding="utf-8")
    xml = (
        f'<!DOCTYPE w:p [<!ENTITY s SYSTEM "{secret.as_uri()}"><!ENTITY t "expanded">]>'
        f'<w:p xmlns:w="{_W}"><w:r><w:t>a &s; &t; b</w:t></w:r></w:p>'
    )
    text = "".join(parse_xml(xml.encode()).itertext())
    assert "TOP-SECRET" not in text and "expanded" not in text


def test_other_word_processor_formats_get_a_hint(tmp_path):
    path = tmp_path / "agreement.odt"
    path.write_bytes(b"PK\x03\x04")
    _clean_failure(path, "save or export it as PDF, Word (.docx)")


# --- list numbers as Word shows them ------------------------------------------------------


def _numbered_docx(path, items: list[tuple[int, str]], patterns: list[tuple[str, str]]):
    """A document whose paragraphs are items of one Word list: `items` are (level, text)
    and `patterns` the (number format, label pattern) of each level."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = docx.Document()
    levels = "".join(
        f'<w:lvl w:ilvl="{depth}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{pattern}"/></w:lvl>'
        for depth, (fmt, pattern) in enumerate(patterns)
    )
    numbering = document.part.numbering_part.element
    numbering.insert(
        0, parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90">{levels}</w:abstractNum>')
    )
    numbering.append(
        parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>')
    )
    for depth, text in items:
        paragraph = document.add_paragraph(text)
        paragraph._p.get_or_add_pPr().append(
            parse_xml(
                f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{depth}"/><w:numId w:val="90"/></w:numPr>'
            )
        )
    document.save(str(path))
    return path


def test_nested_list_items_carry_the_numbers_word_shows(tmp_path):
    from vendor_eval.evidence.documents import read_document

    path = _numbered_docx(
        tmp_path / "nested.docx",
        [(0, "Term."), (1, "Start."), (1, "End."), (2, "Early."), (0, "Fees."), (1, "Due.")],
        [("decimal", "%1."), ("lowerLetter", "(%2)"), ("lowerRoman", "(%3)")],
    )
    lines = [line for page in read_document(path).pages for line in page.text.splitlines()]
    assert [line for line in lines if line] == [
        "1. Term.",
        "(a) Start.",
        "(b) End.",
        "(i) Early.",
        "2. Fees.",
        "(a) Due.",  # a deeper level starts again under a new item
    ]
    legal = _numbered_docx(
        tmp_path / "legal.docx",
        [(0, "Definitions."), (1, "PHI."), (1, "Breach."), (0, "Obligations."), (1, "Report.")],
        [("decimal", "%1."), ("decimal", "%1.%2")],
    )
    lines = [line for page in read_document(legal).pages for line in page.text.splitlines()]
    assert [line for line in lines if line] == [
        "1. Definitions.",
        "1.1 PHI.",
        "1.2 Breach.",
        "2. Obligations.",
        "2.1 Report.",
    ]


def test_sub_items_under_a_lead_in_are_read_as_the_vendor_s_obligations(tmp_path):
    path = _numbered_docx(
        tmp_path / "lead-in.docx",
        [
            (0, "Vendor is Customer's business associate under HIPAA for the PHI it receives."),
            (0, "Reporting. Vendor shall:"),
            (1, "report any use or disclosure of PHI not permitted by this Addendum; and"),
            (1, "report any Breach of Unsecured PHI within five (5) business days of discovery."),
        ],
        [("decimal", "%1."), ("lowerLetter", "(%2)")],
    )
    facts = _extract("baa", path)["facts"]
    deadline = facts["breach_notification_deadline"]
    assert deadline["value"] == {"amount": 5, "unit": "business-days"}
    assert deadline["citations"][0]["paragraph"] == 4


def test_a_subprocessor_list_in_word_is_cited_by_paragraph(tmp_path):
    path = write_docx(
        tmp_path / "subprocessors.docx",
        [
            [
                Heading("Our Subprocessors"),
                Table(
                    [
                        ["Subprocessor", "Purpose", "Location"],
                        ["Amazon Web Services", "Hosting", "United States"],
                        ["Twilio", "Email delivery", "Ireland"],
                    ]
                ),
            ]
        ],
    )
    data = _extract("subprocessors", path)
    assert [e["name"] for e in data["facts"]["subprocessors"]["value"]] == [
        "Amazon Web Services",
        "Twilio",
    ]
    assert data["document"]["pages"] is None
    paragraphs = _paragraphs(path)
    for citation in data["facts"]["subprocessors"]["citations"]:
        assert "page" not in citation and citation["section"] == "Our Subprocessors"
        assert paragraphs[citation["paragraph"] - 1] in citation["quote"]


@pytest.mark.parametrize("command", ["baa", "soc2"])
@pytest.mark.parametrize("name", ["agreement.docx", "agreement.txt", "agreement.md"])
def test_ocr_asked_for_a_word_or_text_file_is_said_to_be_unused(tmp_path, command, name):
    text = "Business Associate shall report any Breach of Unsecured PHI within ten days."
    path = tmp_path / name
    if name.endswith(".docx"):
        write_docx(path, [text])
    else:
        path.write_text(text, encoding="utf-8")
    plain = run_cli("extract", command, path)

    asked = run_cli("extract", command, path, "--ocr")

    assert asked.exit_code == plain.exit_code == 0, asked
    assert asked.stdout == plain.stdout
    added = asked.stderr.removeprefix(plain.stderr)
    form = "a Word document" if name.endswith(".docx") else "a text file"
    assert added == (
        f"vendor-eval: warning: {path}: --ocr applies only to scanned PDFs; this is {form}, "
        "read as it is, so OCR was not used\n"
    )
