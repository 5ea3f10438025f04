"""A page's text from pdfium made plain: line breaks one "\\n", words broken at a line end
by pdfium's soft hyphen made whole, other control marks gone. ASCII pages take a quicker
way, which must come to the same text."""

from __future__ import annotations

import pytest

from vendor_eval.evidence.pdf import _clean


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("one\r\ntwo\r\n", "one\ntwo\n"),
        ("one\rtwo\n\rthree", "one\ntwo\n\nthree"),
        ("tab\there\x00\x01\x07\x08\x0b\x0c\x0e\x1b\x1f\x7f end", "tab\there end"),
        ("excep\x02\r\ntions noted", "exceptions noted"),
        ("excep\x02\r\n  tions \x1b", "exceptions "),
        ("caf\u00e9\r\nbar\x0c", "caf\u00e9\nbar"),
        ("over\ufffe\nflow\uffff", "overflow"),
        ("", ""),
    ],
)
def test_a_page_is_cleaned_alike_however_it_is_written(raw: str, clean: str) -> None:
    assert _clean(raw) == clean
    # The same text with a character outside ASCII takes the general way: the same result.
    assert _clean(raw + "\u00e9") == clean + "\u00e9"
