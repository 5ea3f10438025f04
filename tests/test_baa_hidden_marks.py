"""Agreements whose key sentences carry marks that print as nothing: soft hyphens inside
words (and at the end of a line, where the word goes on on the next one, as pdftotext
writes them), zero-width spaces and joiners, a word joiner, a byte order mark, and bidi
marks, overrides and isolates. Each agreement is read as a PDF (the marks in its text
layer), as a .txt and as a .docx, in three drafting styles, and must give the facts the
same agreement gives without the marks, cited with quotes in clean, whole words.
"""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.oxml import OxmlElement

from vendor_eval.evidence.baa import extract_baa
from vendor_eval.evidence.documents import read_document
from vendor_eval.evidence.text import INVISIBLE

SOFT_HYPHEN = "\u00ad"

LEGALESE = """BUSINESS ASSOCIATE AGREEMENT

This Business Associate Agreement (this "Agreement") is entered into by Harrowgate \
Community Hospital ("Covered Entity") and Veltrane Systems, Inc. ("Business Associate").

2. Obligations. (a) Business Associate shall not use or disclose Protected Health \
Information ("PHI") other than as permitted or required by this Agreement or as Required \
By Law.

(b) Business Associate shall use appropriate safeguards to prevent any use or disclosure \
not provided for by this Agreement.

(c) Business Associate shall notify Covered Entity of any Breach of Unsecured PHI without \
unreasonable delay and in no event later than thirty (30) calendar days after discovery.

(d) Business Associate shall ensure that any subcontractor that receives PHI on its behalf \
agrees in writing to the same restrictions and conditions that apply to Business Associate.

(e) Business Associate shall make its internal practices, books and records available to \
the Secretary for purposes of determining compliance with HIPAA.

(f) This Agreement does not apply to Usage Analytics, which are governed solely by the \
Terms of Service.

(g) Upon termination, Business Associate shall return or destroy all PHI and retain no \
copies thereof.
"""

PLAIN_ENGLISH = """HIPAA Business Associate Addendum

This Business Associate Addendum is part of your agreement with Tillwick Health Cloud. \
We act as your business associate under HIPAA.

We will only use and disclose your PHI to provide the services, and we use safeguards \
that protect it.

If there is a breach of your unsecured PHI, we will tell you within five (5) business \
days after we discover it.

Our subcontractors must agree in writing to the same restrictions and conditions that \
apply to us.

When this addendum ends, we will return or delete your PHI.

You must not send PHI in support tickets or chat messages.
"""

NUMBERED = """EXHIBIT B - HIPAA BUSINESS ASSOCIATE TERMS

1. Parties. These Business Associate Terms are agreed between the customer ("Customer") \
and Orrindale Data LLC ("Business Associate").

2. Business Associate agrees to:

(a) not use or further disclose PHI other than as permitted by these Terms;

(b) report to Customer any Security Incident and any Breach of Unsecured PHI within \
seventy-two (72) hours of discovery;

(c) bind each subcontractor to the same restrictions and conditions that apply to \
Business Associate; and

(d) make its books and records available to the Secretary of Health and Human Services.

3. De-identified Data. Business Associate may de-identify PHI and may use de-identified \
information for its own purposes.
"""

# Words of each agreement's key sentences, and the marks hidden inside them.
MARKED_WORDS = {
    "Business Associate": "Busi\u200bness Asso\u00adciate",
    "Breach": "Bre\u2060ach",
    "calendar": f"calen{SOFT_HYPHEN}\ndar",  # a word broken at a line end
    "thirty": "thir\u200dty",
    "subcontractor": f"sub{SOFT_HYPHEN}con{SOFT_HYPHEN}tractor",
    "Usage Analytics": "\u202eUsage Analytics\u202c",
    "Secretary": "Secre\u200cta\u200fry",
    "safeguards": f"safe{SOFT_HYPHEN}\nguards",
    "business": f"busi{SOFT_HYPHEN}\nness",
    "breach": "\u200ebreach\u200e",
    "unsecured PHI": "unse\u00adcured \u2067PHI\u2069",
    "return or delete": "re\u00adturn or de\u2066lete\u2069",
    "must not send": "must\u200b not send",
    "seventy-two": f"seventy-{SOFT_HYPHEN}two",
    "Security Incident": "Secu\u00adrity In\u00ad\ncident",
    "de-identify": f"de-iden{SOFT_HYPHEN}tify",
    "HIPAA": "\ufeffHIPAA",
}

STYLES = {
    "legalese": (LEGALESE, ["analytics-data"], {"amount": 30, "unit": "calendar-days"}),
    "plain-english": (
        PLAIN_ENGLISH,
        ["customer-must-not-send-phi"],
        {"amount": 5, "unit": "business-days"},
    ),
    "numbered-list": (NUMBERED, ["de-identified-data"], {"amount": 72, "unit": "hours"}),
}


def _hide_marks(text: str, *, line_breaks: bool = True) -> str:
    for word, marked in MARKED_WORDS.items():
        if not line_breaks:
            marked = marked.replace("\n", "")
        text = text.replace(word, marked)
    return text


def _txt(path: Path, text: str) -> Path:
    # A line break inside a marked word stays one, as pdftotext writes a hyphenated word.
    path.write_text(text, encoding="utf-8")
    return path


def _docx(path: Path, text: str) -> Path:
    document = docx.Document()
    for paragraph in text.split("\n\n"):
        added = document.add_paragraph()
        for number, piece in enumerate(" ".join(paragraph.split("\n")).split("|")):
            if number:  # Word's own soft hyphen is an element, not a character
                added.add_run()._r.append(OxmlElement("w:softHyphen"))
            added.add_run(piece)
    document.save(str(path))
    return path


# --- a PDF whose text layer holds the marks ------------------------------------------
#
# fpdf2's core fonts cannot encode these characters, and a Unicode font is not on every
# machine; a PDF written by hand maps byte codes of the Helvetica font to the marks
# through the font's ToUnicode map, which is how a PDF states what its glyphs mean.

_CODES = {mark: code for code, mark in enumerate(INVISIBLE, 1)}


def _to_unicode_map() -> str:
    entries = "".join(f"<{code:02X}> <{ord(mark):04X}>\n" for mark, code in _CODES.items())
    return (
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        "/CMapName /Marks def /CMapType 2 def\n"
        "1 begincodespacerange <00> <FF> endcodespacerange\n"
        "1 beginbfrange <20> <7E> <0020> endbfrange\n"
        f"{len(_CODES)} beginbfchar\n{entries}endbfchar\n"
        "endcmap CMapName currentdict /CMap defineresource pop end end\n"
    )


def _pdf_string(line: str) -> str:
    escaped = []
    for char in line:
        if char in _CODES:
            escaped.append(f"\\{_CODES[char]:03o}")
        elif char in "()\\":
            escaped.append("\\" + char)
        else:
            escaped.append(char)
    return "(" + "".join(escaped) + ")"


def _wrap(line: str, width: int = 90) -> list[str]:
    """Lines of at most `width` printed characters (the marks print as nothing), so an
    agreement wraps where it does without them."""
    lines: list[list[str]] = [[]]
    for word in line.split(" "):
        if sum(len(_visible(w)) + 1 for w in lines[-1]) + len(_visible(word)) > width:
            lines.append([])
        lines[-1].append(word)
    return [" ".join(words) for words in lines if words]


def _visible(text: str) -> str:
    return "".join(char for char in text if char not in INVISIBLE)


def _pdf(path: Path, text: str, lines_per_page: int = 48) -> Path:
    pages: list[list[str]] = []
    for sheet in text.split("\f"):  # a form feed starts a new page
        lines: list[str] = []
        for paragraph in sheet.split("\n\n"):
            for line in paragraph.split("\n"):
                lines += _wrap(line)
            lines.append("")
        pages += [lines[i : i + lines_per_page] for i in range(0, len(lines), lines_per_page)]
    objects = {
        1: "<< /Type /Catalog /Pages 2 0 R >>",
        3: "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 4 0 R >>",
    }
    streams = {4: _to_unicode_map()}
    kids = []
    for number, page in enumerate(pages):
        page_id = 5 + 2 * number
        shown = " ".join(f"{_pdf_string(line)} Tj T*" for line in page)
        objects[page_id] = (
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            f"/Resources << /Font << /F1 3 0 R >> >> /Contents {page_id + 1} 0 R >>"
        )
        streams[page_id + 1] = f"BT /F1 10 Tf 12 TL 54 740 Td {shown} ET"
        kids.append(f"{page_id} 0 R")
    objects[2] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>"
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number in range(1, 5 + 2 * len(pages)):
        offsets.append(len(out))
        if number in streams:
            data = streams[number].encode("latin-1")
            out += f"{number} 0 obj\n<< /Length {len(data)} >>\nstream\n".encode()
            out += data + b"\nendstream\nendobj\n"
        else:
            out += f"{number} 0 obj\n{objects[number]}\nendobj\n".encode()
    xref = len(out)
    out += f"xref\n0 {len(offsets) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{offset:010d} 00000 n \n" for offset in offsets).encode()
    trailer = f"trailer\n<< /Size {len(offsets) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
    out += trailer.encode()
    path.write_bytes(bytes(out))
    return path


FORMS = {
    "pdf": lambda path, text: _pdf(path.with_suffix(".pdf"), text),
    "txt": lambda path, text: _txt(path.with_suffix(".txt"), text),
    "docx": lambda path, text: _docx(path.with_suffix(".docx"), text.replace(SOFT_HYPHEN, "|")),
}


def _facts(tmp_path: Path, name: str, form: str, text: str) -> dict[str, tuple]:
    path = FORMS[form](tmp_path / name, text)
    evidence = extract_baa(read_document(path))
    return {
        key: (fact.value, [(c.page or c.paragraph, c.quote) for c in fact.citations])
        for key, fact in evidence.facts.items()
    }


@pytest.mark.parametrize("form", sorted(FORMS))
@pytest.mark.parametrize("style", sorted(STYLES))
def test_hidden_marks_change_no_fact_and_quotes_are_clean(tmp_path, style, form):
    text, carve_outs, deadline = STYLES[style]
    marked = _hide_marks(text, line_breaks=form != "docx")
    assert marked != text and any(mark in marked for mark in INVISIBLE)

    clean = _facts(tmp_path, "clean", form, text)
    found = _facts(tmp_path, "marked", form, marked)

    assert found["is_baa"][0] is True
    assert found["carve_outs"][0] == carve_outs
    assert found["breach_notification_deadline"][0] == deadline
    assert found["subcontractor_flowdown"][0] is True
    assert found == clean
    quotes = [quote for _, cited in found.values() for _, quote in cited]
    assert quotes and not any(mark in quote for quote in quotes for mark in INVISIBLE)


def test_a_word_broken_by_a_soft_hyphen_at_a_line_end_is_one_word_again(tmp_path):
    text = _hide_marks(LEGALESE)
    assert f"calen{SOFT_HYPHEN}\ndar" in text
    fact = _facts(tmp_path, "marked", "txt", text)["breach_notification_deadline"]
    assert any("thirty (30) calendar days" in quote for _, quote in fact[1])


@pytest.mark.parametrize(
    ("broken", "whole"),
    [
        (f"calen{SOFT_HYPHEN}\nPage 1 of 2\n\fPage 2 of 2\ndar days", "calendar days"),
        (f"calen{SOFT_HYPHEN}\u200b \n\f\ndar days", "calendar days"),
        (f"Calen{SOFT_HYPHEN}\n\fDar days", "CalenDar days"),
    ],
)
def test_a_word_a_soft_hyphen_broke_over_a_page_break_is_one_word_again(tmp_path, broken, whole):
    text = LEGALESE.replace("calendar days", broken)
    evidence = extract_baa(read_document(_txt(tmp_path / "paged.txt", text)))
    fact = evidence.facts["breach_notification_deadline"]
    assert fact.value == {"amount": 30, "unit": "calendar-days"}
    assert [c.page for c in fact.citations] == [1]
    assert f"thirty (30) {whole} after discovery" in fact.citations[0].quote
    quotes = [c.quote for f in evidence.facts.values() for c in f.citations]
    assert not any(SOFT_HYPHEN in quote for quote in quotes)


def test_a_word_a_soft_hyphen_broke_at_the_foot_of_a_pdf_page_is_one_word_again(tmp_path):
    text = LEGALESE.replace("calendar days", f"calen{SOFT_HYPHEN}\fdar days")
    document = read_document(_pdf(tmp_path / "paged.pdf", text))
    assert document.page_count == 2 and document.pages[0].text.rstrip().endswith(SOFT_HYPHEN)
    fact = extract_baa(document).facts["breach_notification_deadline"]
    assert fact.value == {"amount": 30, "unit": "calendar-days"}
    assert [c.page for c in fact.citations] == [1]
    assert "thirty (30) calendar days after discovery" in fact.citations[0].quote
