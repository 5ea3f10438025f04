"""Opens an agreement handed to us as a PDF or a plain-text / Markdown file and gives back
its pages of text, so extractors never care which of the two they were given.

PDFs are read only through `vendor_eval.evidence.pdf`. A text file is one page unless it
contains form feeds (what `pdftotext` writes between pages), in which case each form
feed starts a new page, so citations keep the page numbers of the original document.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from vendor_eval.errors import InputError
from vendor_eval.evidence.pdf import PageText
from vendor_eval.fileio import read_input

PDF_SUFFIXES = frozenset({".pdf"})
TEXT_SUFFIXES = frozenset({".txt", ".text", ".md", ".markdown"})
MAX_TEXT_BYTES = 20 * 1024 * 1024

# Formats people often try first; each gets a hint on how to turn it into one we read.
_CONVERTIBLE = frozenset({".doc", ".docx", ".odt", ".rtf", ".pages", ".html", ".htm"})


@dataclass(frozen=True)
class DocumentText:
    """The text of one document, page by page (pages without text are left out)."""

    path: str
    sha256: str
    page_count: int
    pages: tuple[PageText, ...]
    image_only_pages: tuple[int, ...] = ()


def read_document(path: str | Path, *, password: str | None = None) -> DocumentText:
    """Read a .pdf, .txt or .md file. Raises InputError/PdfError saying what to do."""
    shown = str(path)
    if not os.path.exists(path):
        raise InputError("no such file", path=shown)
    if os.path.isdir(path):
        raise InputError("is a directory; give the path of the agreement file", path=shown)
    suffix = Path(path).suffix.lower()
    if suffix in PDF_SUFFIXES:
        return _read_pdf(path, password)
    if suffix in TEXT_SUFFIXES:
        return _read_text(path)
    if suffix in _CONVERTIBLE:
        raise InputError(
            f"is a {suffix} file, which cannot be read directly; save or export it as PDF "
            "or plain text (.txt) and pass that file",
            path=shown,
        )
    raise InputError(
        f"unsupported file type {suffix or '(no extension)'}; give a .pdf, .txt or .md file",
        path=shown,
    )


def _read_pdf(path: str | Path, password: str | None) -> DocumentText:
    from vendor_eval.evidence.pdf import open_pdf

    with open_pdf(path, password=password) as pdf:
        pages = tuple(pdf.pages())
        return DocumentText(
            path=pdf.path,
            sha256=pdf.sha256,
            page_count=pdf.page_count,
            pages=pages,
            image_only_pages=tuple(pdf.image_only_pages),
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
