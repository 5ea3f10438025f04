"""Opens a document handed to us as a PDF, a Word file (.docx) or a plain-text / Markdown
file and gives back its pages of text, so extractors never care which form they were given.

PDFs are read only through `vendor_eval.evidence.pdf`, Word files through
`vendor_eval.evidence.word`. A text file is one page unless it contains form feeds (what
`pdftotext` writes between pages), in which case each form feed starts a new page, so
citations keep the page numbers of the original document. A Word file has no pages: its
citations are turned into paragraph and section by `finish` once the facts are found.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from vendor_eval.errors import InputError
from vendor_eval.evidence.model import Evidence
from vendor_eval.evidence.pages import PageText
from vendor_eval.evidence.pdf import PdfDocument, Progress, RunsFor, TextRun
from vendor_eval.fileio import open_input, read_input

if TYPE_CHECKING:
    from vendor_eval.evidence.ocr import OcrReader
    from vendor_eval.evidence.origins import TracedPage

PDF_SUFFIXES = frozenset({".pdf"})
WORD_SUFFIXES = frozenset({".docx"})
TEXT_SUFFIXES = frozenset({".txt", ".text", ".md", ".markdown"})
MAX_TEXT_BYTES = 20 * 1024 * 1024

# What to give instead of a folder.
DOCUMENT_FORMS = "a PDF, a Word .docx, or a .txt or .md file"

# Formats people often try first; each gets a hint on how to turn it into one we read.
_CONVERTIBLE = frozenset({".doc", ".odt", ".rtf", ".pages", ".html", ".htm"})


@dataclass(frozen=True)
class DocumentText:
    """The text of one document, page by page (pages without text are left out)."""

    path: str
    sha256: str
    page_count: int
    pages: tuple[PageText, ...]
    image_only_pages: tuple[int, ...] = ()
    paragraphs: int | None = None  # Word documents only: they are cited by paragraph
    traced: tuple[TracedPage, ...] = ()
    ocr: OcrReader | None = None  # what OCR read, when asked to (`--ocr`)


def read_document(
    path: str | Path, *, password: str | None = None, ocr: bool = False
) -> DocumentText:
    """Read a .pdf, .docx, .txt or .md file. Raises InputError/PdfError saying what to do.
    With `ocr`, a PDF's pages without a text layer are read by Tesseract."""
    shown = str(path)
    _refuse_what_is_no_file(path)
    suffix = Path(path).suffix.lower()
    if suffix in PDF_SUFFIXES:
        return _read_pdf(path, password, ocr)
    if suffix in WORD_SUFFIXES:
        return _read_word(path)
    if suffix in TEXT_SUFFIXES:
        return _read_text(path)
    if suffix in _CONVERTIBLE:
        raise InputError(
            f"is a {suffix} file, which cannot be read directly; save or export it as PDF, "
            "Word (.docx) or plain text (.txt) and pass that file",
            path=shown,
        )
    raise InputError(
        f"unsupported file type {suffix or '(no extension)'}; give a .pdf, .docx, .txt or .md file",
        path=shown,
    )


@contextlib.contextmanager
def open_document(
    path: str | Path, *, password: str | None = None, ocr: bool = False
) -> Iterator[PagedDocument]:
    """A document to read page by page: a PDF is streamed (long reports stay out of
    memory), any other form is read whole first."""
    from vendor_eval.evidence.pdf import open_pdf

    _refuse_what_is_no_file(path)
    if not reads_as_pdf(path):
        yield _PagedText(read_document(path, password=password))
    else:
        reader = _ocr_reader() if ocr else None
        with open_pdf(path, password=password) as pdf:
            pdf.ocr = reader
            yield pdf


def _refuse_what_is_no_file(path: str | Path) -> None:
    """A folder, a FIFO, a device or a missing path is refused before its name is looked
    at: it is no document whatever it is called."""
    with open_input(path, expected=DOCUMENT_FORMS):
        pass


def reads_as_pdf(path: str | Path) -> bool:
    """Whether the file is read as a PDF. Any name that is not a Word, text or convertible
    file's is tried as a PDF, as it always was: its first bytes tell."""
    return Path(path).suffix.lower() not in WORD_SUFFIXES | TEXT_SUFFIXES | _CONVERTIBLE


def unused_ocr_warning(path: str | Path) -> str | None:
    """What to tell someone who asked for OCR on a file that is not a PDF, or None: only a
    scanned PDF's pages lack the text that a Word or text file always carries."""
    suffix = Path(path).suffix.lower()
    if suffix not in WORD_SUFFIXES | TEXT_SUFFIXES:
        return None
    form = "a Word document" if suffix in WORD_SUFFIXES else "a text file"
    return (
        f"{path}: --ocr applies only to scanned PDFs; this is {form}, read as it is, "
        "so OCR was not used"
    )


def finish(evidence: Evidence, document: DocumentText | PagedDocument) -> Evidence:
    """The evidence with its citations in the terms of the document's form: a Word
    document's by paragraph and section instead of page, and those of pages read by OCR
    marked as such; pages OCR had to leave unread are named in a warning."""
    if isinstance(document, _PagedText):
        document = document.text
    # Where a quote sits in a paragraph or an OCR word is asked only of the documents that
    # have them: a PDF's text layer says it all by its page (and skips ~2 ms of imports).
    if isinstance(document, DocumentText) and document.paragraphs is not None:
        from vendor_eval.evidence.origins import cite_paragraphs

        cite_paragraphs(evidence, document.traced, document.paragraphs)
    if document.ocr is not None:
        from vendor_eval.evidence.origins import mark_ocr

        mark_ocr(evidence, document.ocr.read)
        if document.ocr.read:
            evidence.document.extra["ocr_pages"] = sorted(document.ocr.read)
        evidence.warnings.extend(document.ocr.warnings())
    return evidence


def _ocr_reader() -> OcrReader:
    from vendor_eval.evidence.ocr import OcrReader

    return OcrReader.ready()


# Where the cells of a tab-separated line are placed, in points, for the rules that read
# table columns from positioned text: a column per cell, a line per row.
_CELL_WIDTH = 100.0
_LINE_HEIGHT = 12.0


class _PagedText:
    """A document read whole, offered the way a PDF is: page by page, and with text runs
    laid out from the tab-separated cells of its lines (a Word table's rows), so rules
    that read a table by its columns read these tables too."""

    def __init__(self, text: DocumentText) -> None:
        self.text = text
        self.path = text.path
        self.sha256 = text.sha256
        self.page_count = text.page_count
        self.image_only_pages = list(text.image_only_pages)
        self.ocr = text.ocr

    def pages(
        self,
        progress: Progress | None = None,
        *,
        read_ahead: bool = False,
        runs_for: RunsFor | None = None,
    ) -> Iterator[PageText]:
        """The pages as read: they are all in memory, and runs are laid out from text."""
        for page in self.text.pages:
            if progress is not None:
                progress(page.number, self.page_count)
            yield page

    def text_runs(self, number: int) -> list[TextRun]:
        page = next((page for page in self.text.pages if page.number == number), None)
        lines = [] if page is None else [line for line in page.text.split("\n") if line.strip()]
        return [
            TextRun(
                column * _CELL_WIDTH,
                row * _LINE_HEIGHT,
                (column + 1) * _CELL_WIDTH - 1,
                (row + 1) * _LINE_HEIGHT - 2,
                " ".join(cell.split()),
            )
            for row, line in enumerate(lines)
            for column, cell in enumerate(line.split("\t"))
            if cell.strip()
        ]


PagedDocument = PdfDocument | _PagedText


def _read_pdf(path: str | Path, password: str | None, ocr: bool) -> DocumentText:
    from vendor_eval.evidence.pdf import open_pdf

    reader = _ocr_reader() if ocr else None
    with open_pdf(path, password=password) as pdf:
        pdf.ocr = reader
        pages = tuple(pdf.pages())
        return DocumentText(
            path=pdf.path,
            sha256=pdf.sha256,
            page_count=pdf.page_count,
            pages=pages,
            image_only_pages=tuple(pdf.image_only_pages),
            ocr=reader,
        )


def _read_word(path: str | Path) -> DocumentText:
    from vendor_eval.evidence.word import MAX_DOCX_BYTES, read_docx

    shown = str(path)
    raw = read_input(path, max_bytes=MAX_DOCX_BYTES, expected="a Word document")
    word = read_docx(raw, shown)
    return DocumentText(
        path=shown,
        sha256=word.sha256,
        page_count=len(word.pages),
        pages=tuple(traced.page for traced in word.pages),
        paragraphs=word.paragraphs,
        traced=word.pages,
    )


def _read_text(path: str | Path) -> DocumentText:
    shown = str(path)
    raw = read_input(path, max_bytes=MAX_TEXT_BYTES, expected="a text agreement")
    if raw.startswith(b"%PDF-"):
        raise InputError("is a PDF saved under a text file name; rename it to .pdf", path=shown)
    if b"\x00" in raw:
        raise InputError(
            "looks like a binary file, not text; give a .pdf, or the agreement's text saved "
            "as UTF-8",
            path=shown,
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        raise InputError(
            f"is not UTF-8 text (byte 0x{raw[exc.start]:02x} on line {line}); save it as "
            "UTF-8 and try again",
            path=shown,
        ) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    chunks = text.split("\f")
    # pdftotext ends every page, the last one included, with a form feed.
    if len(chunks) > 1 and not chunks[-1].strip():
        chunks.pop()
    pages = tuple(
        PageText(number, chunk) for number, chunk in enumerate(chunks, 1) if chunk.strip()
    )
    if not pages:
        raise InputError("is empty; there is no agreement text to read", path=shown)
    return DocumentText(
        path=shown,
        sha256=hashlib.sha256(raw).hexdigest(),
        page_count=len(chunks),
        pages=pages,
    )
