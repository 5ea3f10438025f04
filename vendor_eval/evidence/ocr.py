"""Reads scanned pages (pages of a PDF without a text layer) with Tesseract, for `--ocr`.

`vendor_eval.evidence.pdf` hands each such page over as a pdfium page; it is rendered to a
greyscale image at 300 dpi (less for an oversized page, so that no page becomes more than
a bounded number of pixels) and read by the `tesseract` program through pytesseract. The
text keeps Tesseract's lines and paragraphs, and each word its confidence, so that a
citation can say how sure the reading of the words it quotes was.

A scan can be long, and Tesseract takes a second or more a page: at most MAX_PAGES pages
are read, each within PAGE_SECONDS and all within TOTAL_SECONDS. Pages left unread are
named, with the reason, in the evidence's warnings.
"""

from __future__ import annotations

import math
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from vendor_eval.errors import UsageError
from vendor_eval.evidence.origins import Origin, TracedPage
from vendor_eval.evidence.pages import PageText

MAX_PAGES = 100
PAGE_SECONDS = 60
TOTAL_SECONDS = 600
DPI = 300
MAX_PIXELS = 12_000_000  # an A4 page at 300 dpi is 8.7 million
LANGUAGE = "eng"
LOW_CONFIDENCE = 0.6

INSTALL_HINT = (
    "--ocr needs the Tesseract OCR program, which is not installed; install it "
    "(Debian/Ubuntu: apt-get install tesseract-ocr; macOS: brew install tesseract) and run "
    "again"
)


@dataclass
class OcrReader:
    """Reads the scanned pages of one PDF and remembers what it read and what it left."""

    read: dict[int, TracedPage] = field(default_factory=dict)
    skipped: dict[int, str] = field(default_factory=dict)  # page number -> why
    clock: Callable[[], float] = time.monotonic
    _started: float | None = None

    @classmethod
    def ready(cls) -> OcrReader:
        """A reader, once Tesseract is known to be installed with English; else a
        UsageError that says how to install it."""
        import pytesseract

        try:
            languages = pytesseract.get_languages(config="")
        except pytesseract.TesseractNotFoundError:
            raise UsageError(INSTALL_HINT) from None
        except (pytesseract.TesseractError, OSError) as exc:
            raise UsageError(f"--ocr: Tesseract does not run ({exc}); reinstall it") from None
        if LANGUAGE not in languages:
            raise UsageError(
                "--ocr: Tesseract has no English language data; install it (Debian/Ubuntu: "
                "apt-get install tesseract-ocr-eng) and run again"
            )
        # Tesseract starts a thread per core for each page; on a busy machine that is
        # about twice as slow as one thread, and pages are read one at a time anyway.
        os.environ.setdefault("OMP_THREAD_LIMIT", "1")
        return cls()

    def page_text(self, page: Any, number: int) -> str:
        """The text of one scanned pdfium page ("" if it was left unread or is blank)."""
        if self._started is None:
            self._started = self.clock()
        if len(self.read) >= MAX_PAGES:
            self.skipped[number] = f"over the limit of {MAX_PAGES} pages read by OCR"
            return ""
        if self.clock() - self._started >= TOTAL_SECONDS:
            self.skipped[number] = f"OCR had already run for its {TOTAL_SECONDS} seconds"
            return ""
        import pytesseract

        image = _render(page)
        try:
            data = pytesseract.image_to_data(
                image,
                lang=LANGUAGE,
                output_type=pytesseract.Output.DICT,
                timeout=PAGE_SECONDS,
            )
        except RuntimeError:  # pytesseract's way of saying the timeout was hit
            self.skipped[number] = f"Tesseract took over {PAGE_SECONDS} seconds on it"
            return ""
        except pytesseract.TesseractError as exc:
            self.skipped[number] = f"Tesseract failed on it ({' '.join(str(exc).split())})"
            return ""
        finally:
            image.close()
        traced = _traced_page(number, data)
        self.read[number] = traced
        return traced.page.text

    def warnings(self) -> list[str]:
        notes = []
        for reason in sorted(set(self.skipped.values())):
            pages = [number for number, why in self.skipped.items() if why == reason]
            notes.append(f"page(s) {page_list(pages)} were not read by OCR: {reason}")
        low = [
            (number, score)
            for number, traced in sorted(self.read.items())
            if (score := _mean_confidence(traced)) is not None and score < LOW_CONFIDENCE
        ]
        if low:
            shown = ", ".join(f"{number} ({score:.0%})" for number, score in low)
            notes.append(
                f"page(s) {shown} were read by OCR with low confidence; check the facts "
                "quoted from them against the scan"
            )
        return notes


def _render(page: Any) -> Any:
    width, height = page.get_size()
    # pdfium rounds the bitmap's sides up, hence the margin under the pixel bound.
    scale = min(DPI / 72, 0.99 * math.sqrt(MAX_PIXELS / max(width * height, 1.0)))
    bitmap = page.render(scale=scale, grayscale=True)
    try:
        return bitmap.to_pil().copy()  # a copy outlives the pdfium bitmap it came from
    finally:
        bitmap.close()


def _traced_page(number: int, data: dict[str, list[Any]]) -> TracedPage:
    """Tesseract's words as lines of text, a blank line between its paragraphs, and each
    word's origin with its confidence."""
    text = ""
    origins: list[Origin] = []
    previous: tuple[int, int, int] | None = None
    for index, word in enumerate(data["text"]):
        confidence = float(data["conf"][index])
        if confidence < 0 or not str(word).strip():
            continue
        where = (data["block_num"][index], data["par_num"][index], data["line_num"][index])
        if previous is not None:
            if where[:2] != previous[:2]:
                text += "\n\n"
            elif where != previous:
                text += "\n"
            else:
                text += " "
        previous = where
        origins.append(Origin(len(text), confidence=round(confidence / 100, 4)))
        text += str(word).strip()
    return TracedPage(PageText(number, text + "\n" if text else ""), tuple(origins))


def _mean_confidence(traced: TracedPage) -> float | None:
    scores = [o.confidence for o in traced.origins if o.confidence is not None]
    return sum(scores) / len(scores) if scores else None


def page_list(numbers: list[int]) -> str:
    """1, 2, 3, 5 as "1-3, 5"."""
    spans: list[str] = []
    for number in sorted(numbers):
        if spans and number == int(spans[-1].split("-")[-1]) + 1:
            spans[-1] = f"{spans[-1].split('-')[0]}-{number}"
        else:
            spans.append(str(number))
    return ", ".join(spans)
