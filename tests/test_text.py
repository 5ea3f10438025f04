"""The text kit the extractors share: what an agreement, a report and a capture look like
once typography and invisible marks are normalised, and how quotes are cut."""

from __future__ import annotations

import re

from vendor_eval.evidence.pdf import PageText
from vendor_eval.evidence.text import (
    AGREEMENT_TYPOGRAPHY,
    REPORT_TYPOGRAPHY,
    clean_untrusted,
    clip,
    clip_sentence,
    sentences,
)


def test_an_agreement_typeset_with_ligatures_and_invisible_marks_reads_as_plain_words():
    typeset = (
        "Business Associate shall not\u00ad\u200b use or disclose PHI other than as "
        "speci\ufb01cally permitted by this Agreement"
        "\u2014in writing\u2014or as \u201crequired by law\u201d.\u202e"
    )
    [sentence] = sentences([PageText(1, typeset)])
    assert sentence.text == (
        "Business Associate shall not use or disclose PHI other than as specifically permitted "
        'by this Agreement - in writing - or as "required by law".'
    )


def test_a_list_item_after_a_line_ending_in_a_hyphen_starts_a_sentence_of_its_own():
    # The hyphen is no word broken over the line end when the next line starts a new item:
    # the item is read as written (this used to fail with an IndexError).
    text = "Vendor shall encrypt PHI in transit and at rest using industry-\na) the Services."
    assert [s.text for s in sentences([PageText(1, text)])] == [
        "Vendor shall encrypt PHI in transit and at rest using industry-",
        "a) the Services.",
    ]
    # within a paragraph it still is one
    [joined] = sentences([PageText(1, "Vendor shall promptly noti-\nfy Customer.")])
    assert joined.text == "Vendor shall promptly notify Customer."


def test_a_report_keeps_its_name_joined_and_drops_trademark_signs():
    assert "SOC 2\u00ae\u2014Type\u00a02".translate(REPORT_TYPOGRAPHY) == "SOC 2-Type 2"
    assert "SOC 2\u00ae\u2014Type 2".translate(AGREEMENT_TYPOGRAPHY) == "SOC 2\u00ae - Type 2"


def test_text_from_a_capture_loses_controls_and_bidi_overrides_before_it_is_stored():
    # An override would make a stored URL display as something other than it is.
    shown = clean_untrusted("https://evil.example/\u202egpj.exe\x07\n?q=\ud800x")
    assert shown == "https://evil.example/gpj.exe ?q=?x"


def test_quotes_are_cut_to_their_limit_with_a_marker():
    assert clip("short", 10) == "short"
    assert clip("a" * 20, 10) == "a" * 7 + "..."
    assert clip("a" * 20, 10, marker="\u2026") == "a" * 9 + "\u2026"


def test_a_long_sentence_is_cut_around_its_point():
    sentence = " ".join(["filler"] * 60) + " Business Associate shall report within 5 days."
    quote = clip_sentence(sentence, 80, re.compile(r"within 5 days"))
    assert len(quote) <= 80
    assert quote.startswith("...") and "within 5 days" in quote
