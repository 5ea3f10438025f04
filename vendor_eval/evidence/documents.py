"""Opens an agreement handed to us as a PDF or a plain-text / Markdown file and gives back
its pages of text, so extractors never care which of the two they were given.

PDFs are read only through `vendor_eval.evidence.pdf`. A text file is one page unless it
contains form feeds (what `pdftotext` writes between pages), in which case each form
feed starts a new page, so citations keep the page numbers of the original document.
"""

from __future__ import annotations

import bisect
import hashlib
import os
import re
from collections.abc import Iterator, Sequence
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


# --- From pages to sentences -------------------------------------------------------
#
# Clauses are matched sentence by sentence, over text joined across page breaks so that
# a clause that starts at the bottom of one page and ends on the next is still one
# sentence; it is cited at the page where it starts.


@dataclass(frozen=True)
class Sentence:
    page: int
    text: str  # whitespace collapsed, typographic quotes and dashes made plain


_CHAR_MAP = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": " - ",
        "\u2212": "-",
        "\u00a0": " ",
        "\u2007": " ",
        "\u202f": " ",
        "\u00ad": "",
        "\u200b": "",
        "\ufb01": "fi",
        "\ufb02": "fl",
    }
)
MAX_FURNITURE_LENGTH = 90
_PAGE_NUMBER_LINE = re.compile(
    r"^[-\s]*(?:page\s+)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?[-\s]*$", re.IGNORECASE
)
_ENUMERATOR = re.compile(
    r"^(?:\(?[a-zA-Z]\)|\(?[ivxlc]{1,6}\)|\d{1,3}(?:\.\d{1,3})*\.?\)?|\d{1,3}(?:\.\d{1,3})+"
    r"|[-*\u2022]|(?:section|article|clause|exhibit|schedule|appendix)\s+\w+)\s",
    re.IGNORECASE,
)
# A number or "Section 4.2" at the start of a line is a new clause only after a sentence
# or clause has ended; after "with" or "in" it is a wrapped "45 C.F.R." or cross-reference.
_NUMBERED = re.compile(r"^(?:\d|(?:section|article|clause)\s)", re.IGNORECASE)
_MID_SENTENCE = re.compile(r"[\w,]$")
_MARKDOWN_DECORATION = re.compile(r"^#{1,6}\s+|^>\s*|\*\*|__|`")
_HEADING_WORD = re.compile(r"^(?:[A-Z0-9(\"'].*|of|and|or|the|to|for|in|on|by|a|an|with|&)$")
# A full stop that ends a sentence, unless the word before it is an abbreviation.
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]?\s+(?=[\"'(\[]?[A-Z0-9\u00a7])")
_LIST_ITEM_BREAK = re.compile(r"(?:;|:)\s+(?:and\s+|or\s+)?(?=\((?:[a-z]|[ivx]{1,5}|\d{1,2})\)\s)")
_BARE_ENUMERATOR = re.compile(
    r"^(?:\(?[a-z]{1,4}\)|\d{1,3}(?:\.\d{1,3})*\.?|(?:section|article|clause)\s+\S+)$",
    re.IGNORECASE,
)
_ABBREVIATIONS = frozenset(
    {
        "c.f.r",
        "cfr",
        "u.s.c",
        "u.s",
        "e.g",
        "i.e",
        "etc",
        "inc",
        "corp",
        "ltd",
        "co",
        "no",
        "nos",
        "sec",
        "secs",
        "art",
        "vs",
        "v",
        "mr",
        "ms",
        "dr",
        "st",
        "p",
        "pp",
        "para",
        "paras",
        "fig",
        "cf",
        "al",
        "approx",
        "dept",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
    }
)


def sentences(pages: Sequence[PageText]) -> list[Sentence]:
    """Split pages into sentences, headers/footers removed, clauses kept across pages."""
    lines = _body_lines(pages)
    found: list[Sentence] = []
    for block, starts in _blocks(lines):
        for start, text in _split_block(block):
            page = starts[bisect.bisect_right(starts, (start, 1 << 30)) - 1][1]
            found.append(Sentence(page, text))
    return found


def _body_lines(pages: Sequence[PageText]) -> list[tuple[int, str]]:
    """Every line of every page as (page, text), running headers and footers dropped.

    Blank lines are kept (as empty text) because they end paragraphs.
    """
    per_page = [
        (page.number, [line.strip() for line in page.text.translate(_CHAR_MAP).split("\n")])
        for page in pages
    ]
    repeated = _repeated_edge_lines([lines for _, lines in per_page])
    body: list[tuple[int, str]] = []
    for number, lines in per_page:
        filled = [index for index, line in enumerate(lines) if line]
        while filled and _is_furniture(lines[filled[0]], repeated):
            filled.pop(0)
        while filled and _is_furniture(lines[filled[-1]], repeated):
            filled.pop()
        if filled:
            body.extend((number, line) for line in lines[filled[0] : filled[-1] + 1])
    return body


def _edge_key(line: str) -> str:
    return re.sub(r"\d+", "#", line.lower())


def _repeated_edge_lines(pages: list[list[str]]) -> frozenset[str]:
    """Lines at the top or bottom of most pages: running headers and footers."""
    if len(pages) < 2:
        return frozenset()
    counts: dict[str, int] = {}
    for lines in pages:
        non_blank = [line for line in lines if line]
        edges = {_edge_key(line) for line in non_blank[:2] + non_blank[-2:]}
        for key in edges:
            counts[key] = counts.get(key, 0) + 1
    needed = max(2, (len(pages) + 1) // 2)
    return frozenset(key for key, count in counts.items() if count >= needed)


def _is_furniture(line: str, repeated: frozenset[str]) -> bool:
    if _PAGE_NUMBER_LINE.match(line):
        return True
    # Running headers and footers are short; a long repeated line is a repeated clause.
    return len(line) <= MAX_FURNITURE_LENGTH and _edge_key(line) in repeated


def _is_heading(line: str) -> bool:
    """A short title line (no closing punctuation, words capitalised) such as
    "4. Breach Notification" or "TERM AND TERMINATION"."""
    if not line or line[-1] in ".,;:" or len(line) > 80:
        return False
    words = _ENUMERATOR.sub("", line + " ").split()
    if not words or len(words) > 8:
        return False
    return all(_HEADING_WORD.match(word) for word in words)


def _blocks(lines: list[tuple[int, str]]) -> Iterator[tuple[str, list[tuple[int, int]]]]:
    """Paragraphs: each joined to one string, with (offset, page) where each line starts.

    A paragraph ends at a blank line, a heading, or before a numbered or bulleted item;
    a page break alone does not end one, because clauses run on across pages.
    """
    text = ""
    starts: list[tuple[int, int]] = []
    previous_was_heading = False
    for index, (page, raw) in enumerate(lines):
        line = _MARKDOWN_DECORATION.sub("", raw).strip()
        last_on_page = index + 1 == len(lines) or lines[index + 1][0] != page
        heading = _is_heading(line) and not last_on_page
        item = bool(_ENUMERATOR.match(line)) and not (
            _NUMBERED.match(line) and _MID_SENTENCE.search(text)
        )
        if text and (not line or previous_was_heading or heading or item):
            yield text, starts
            text, starts = "", []
        previous_was_heading = heading
        if not line:
            continue
        if text.endswith("-") and text[-2:-1].isalpha() and line[:1].islower():
            text = text[:-1]  # a word hyphenated at the end of a line
        elif text:
            text += " "
        starts.append((len(text), page))
        text += line
    if text:
        yield text, starts


def _split_block(block: str) -> Iterator[tuple[int, str]]:
    """(offset, sentence) pairs of one paragraph."""
    cuts = [0]
    for match in _SENTENCE_END.finditer(block):
        word = block[: match.start()].rsplit(None, 1)[-1].rstrip(".!?\"')]").lower()
        if word.strip("(") in _ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
            continue
        if _BARE_ENUMERATOR.match(block[cuts[-1] : match.start()].strip()):
            continue  # "4. Breach Notification": the number belongs to what follows
        cuts.append(match.end())
    cuts.extend(match.end() for match in _LIST_ITEM_BREAK.finditer(block))
    cuts = sorted(set(cuts)) + [len(block)]
    for start, end in zip(cuts, cuts[1:], strict=False):
        sentence = " ".join(block[start:end].split())
        if sentence:
            yield start, sentence
