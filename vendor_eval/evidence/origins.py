"""Where a quoted stretch of text came from, when a page number alone does not say it.

Extractors cite a page and the words they quote. A Word document has no pages, so its
citations name the paragraph and the section heading instead; a page read by OCR keeps
its number but says that its words came from OCR, and how sure Tesseract was of them.
Both are found the same way after extraction: the quote is looked up in the text of the
page it cites, and the stretch of text it starts in (a paragraph, an OCR word) says the
rest. The lookup ignores case, spacing, punctuation and typography, which the extractors
normalise in their own ways before they quote.
"""

from __future__ import annotations

import bisect
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace

from vendor_eval.evidence.model import Citation, Evidence
from vendor_eval.evidence.pages import PageText

# Shorter and shorter beginnings of a quote are tried, since a quote can run on past its
# page (a sentence that crosses a page break) or end in text the extractor rewrote.
# (Letters and digits only: "CC6.2" is "cc62".)
_PREFIXES = (None, 80, 40, 20)
_SHORTEST_PIECE = 12
_PIECE = 40
_STEP = 6


@dataclass(frozen=True)
class Origin:
    """From `offset` in its page's text up to the next origin's offset."""

    offset: int
    paragraph: int | None = None
    section: str | None = None
    confidence: float | None = None  # OCR only: Tesseract's, from 0 to 1


@dataclass(frozen=True)
class TracedPage:
    page: PageText
    origins: tuple[Origin, ...]  # in order of offset


def cite_paragraphs(evidence: Evidence, pages: Iterable[TracedPage], paragraphs: int) -> None:
    """Replace each citation's page (the extractor's notion of one) with the paragraph and
    section it quotes; the document has no pages to count."""
    by_number = {traced.page.number: _Located(traced) for traced in pages}

    def rewrite(citation: Citation) -> Citation:
        located = by_number.get(citation.page) if citation.page is not None else None
        found = located.span(citation.quote) if located else None
        if located is None or found is None:
            return replace(citation, page=None)
        # A quote can start in a heading run on into the clause: name the paragraph that
        # holds most of it.
        origin = max(located.overlaps(*found), key=lambda pair: pair[0], default=(0, None))[1]
        return replace(
            citation,
            page=None,
            paragraph=origin.paragraph if origin else None,
            section=origin.section if origin else None,
        )

    _rewrite_all(evidence, rewrite)
    evidence.document.pages = None
    evidence.document.extra["paragraphs"] = paragraphs


def mark_ocr(evidence: Evidence, pages: Mapping[int, TracedPage]) -> None:
    """Mark citations of pages read by OCR with `source: ocr` and the mean confidence
    of the words quoted (of the whole page when the quote cannot be placed)."""
    located = {number: _Located(traced) for number, traced in pages.items()}

    def rewrite(citation: Citation) -> Citation:
        page = located.get(citation.page) if citation.page is not None else None
        if page is None:
            return citation
        found = page.span(citation.quote)
        origins = page.origins_in(*found) if found else page.traced.origins
        scores = [o.confidence for o in origins if o.confidence is not None]
        confidence = round(sum(scores) / len(scores), 2) if scores else None
        return replace(citation, source="ocr", confidence=confidence)

    _rewrite_all(evidence, rewrite)


def _rewrite_all(evidence: Evidence, rewrite: Callable[[Citation], Citation]) -> None:
    for fact in evidence.facts.values():
        fact.citations = [rewrite(citation) for citation in fact.citations]


def _fold(text: str) -> tuple[str, list[int]]:
    """Letters and digits only, lower case, compatibility forms unfolded (the "fi"
    ligature is "fi"), with the offset in `text` each kept character came from."""
    kept: list[str] = []
    where: list[int] = []
    for index, char in enumerate(text):
        folded = char.lower() if char.isascii() else unicodedata.normalize("NFKC", char).lower()
        for piece in folded:
            if piece.isalnum():
                kept.append(piece)
                where.append(index)
    return "".join(kept), where


class _Located:
    def __init__(self, traced: TracedPage) -> None:
        self.traced = traced
        self.folded, self.where = _fold(traced.page.text)
        self.offsets = [origin.offset for origin in traced.origins]

    def span(self, quote: str) -> tuple[int, int] | None:
        """Where the quote is in the page's text, as (start, end) offsets."""
        key, _ = _fold(quote)
        pieces = [key if size is None else key[:size] for size in _PREFIXES]
        # A label the extractor put in front ("CC6.2: ..." from the next column) is not in
        # the text: then a piece from a little further on is looked for.
        pieces += [key[skip : skip + _PIECE] for skip in range(_STEP, len(key) // 2, _STEP)]
        for part in pieces:
            if len(part) < min(_SHORTEST_PIECE, len(key)):
                continue
            at = self.folded.find(part)
            if at >= 0:
                return self.where[at], self.where[at + len(part) - 1] + 1
        return None

    def overlaps(self, start: int, end: int) -> list[tuple[int, Origin]]:
        """(characters of [start, end) in it, origin) for each origin the span touches."""
        stops = self.offsets[1:] + [len(self.traced.page.text)]
        first = max(0, bisect.bisect_right(self.offsets, start) - 1)
        return [
            (min(end, stop) - max(start, origin.offset), origin)
            for origin, stop in zip(self.traced.origins[first:], stops[first:], strict=True)
            if origin.offset < end
        ]

    def origins_in(self, start: int, end: int) -> list[Origin]:
        first = max(0, bisect.bisect_right(self.offsets, start) - 1)
        last = max(first + 1, bisect.bisect_left(self.offsets, end))
        return list(self.traced.origins[first:last])
