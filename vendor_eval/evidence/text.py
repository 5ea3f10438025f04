"""The text kit the extractors share: one normaliser, the sentence splitters, the quote
clippers and the detector of running headers and footers.

Agreements (BAA) are split into sentences paragraph by paragraph; SOC reports are read
as one flat line per page, where a rule finds its sentence around a match. Both read
text normalised by the same table, and every quote they store is clipped here.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from vendor_eval.evidence.pages import PageText

# --- Normalising -------------------------------------------------------------------
#
# Typography that changes how a character looks but not what the text says, so that a
# rule written with "'" and "-" matches a document typeset with curly quotes and dashes.

_QUOTES = {
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u201b": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
}
_DASHES = {"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2212": "-"}
_SPACES = {"\u00a0": " ", "\u2007": " ", "\u202f": " "}
_LIGATURES = {
    "\ufb00": "ff",
    "\ufb01": "fi",
    "\ufb02": "fl",
    "\ufb03": "ffi",
    "\ufb04": "ffl",
    "\ufb05": "st",
    "\ufb06": "st",
}
# Marks that print as nothing: a soft hyphen, zero-width spaces and joiners, the byte
# order mark, and the bidirectional controls that can make a quote read other than it is.
INVISIBLE = (
    "\u00ad\u200b\u200c\u200d\u2060\ufeff"
    "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)


# A soft hyphen at a line end is where a word was broken to fit the line: the word goes
# on at the start of the next line, so the break goes with the hyphen (and any other mark
# that prints as nothing around it).
_SOFT_HYPHEN_AT_LINE_END = re.compile(f"\u00ad[ \t{INVISIBLE}]*\r?\n[ \t{INVISIBLE}]*")


def rejoin_soft_hyphen_breaks(text: str) -> str:
    """Words broken at a line end by a soft hyphen made whole again ("excep\u00ad\ntions")."""
    return _SOFT_HYPHEN_AT_LINE_END.sub("", text) if "\u00ad" in text else text


def typography_table(*, em_dash: str, drop: str = "") -> dict[int, str]:
    """A `str.translate` table; `em_dash` is what an em dash becomes, `drop` lists more
    characters to remove."""
    table = {**_QUOTES, **_DASHES, **_SPACES, **_LIGATURES, "\u2014": em_dash}
    table.update(dict.fromkeys(INVISIBLE + drop, ""))
    return str.maketrans(table)


# An agreement's em dash sets a clause apart ("Vendor—at its option—may"), so it stays a
# word break; a report's joins a name ("SOC 2—Type 2"), where the trademark signs go too.
AGREEMENT_TYPOGRAPHY = typography_table(em_dash=" - ")
REPORT_TYPOGRAPHY = typography_table(em_dash="-", drop="\u00ae\u2122")

# Characters outside ASCII that a case-insensitive pattern takes for an ASCII letter, and
# that `str.lower` does not turn into it (the Kelvin sign it does): "thırty" matches a rule
# written "thirty", and must then be read as that word.
CASE_TWINS = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s"})


def ascii_lower(text: str) -> str:
    """`text` in lower case with its case twins made the ASCII letters a pattern matched them
    as, so a word a case-insensitive pattern found can be looked up in the rule's own table."""
    return text.lower() if text.isascii() else text.translate(CASE_TWINS).lower()


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_INVISIBLE_ONLY = str.maketrans(dict.fromkeys(INVISIBLE, ""))


def clean_untrusted(text: str) -> str:
    """Text from a capture made safe to store: one line, no control characters, no
    invisible marks, no lone surrogates."""
    # Most of a capture is printable ASCII with single spaces: nothing to clean, and
    # checking that costs a fraction of cleaning (a capture has a URL in every entry).
    if text.isascii() and text.isprintable() and "  " not in text and text.strip(" ") == text:
        return text
    text = text.encode("utf-8", "replace").decode("utf-8").translate(_INVISIBLE_ONLY)
    return " ".join(_CONTROL.sub(" ", text).split())


# --- Running headers and footers ---------------------------------------------------


_DIGITS = re.compile(r"\d+")


def edge_key(line: str) -> str:
    """A line as it repeats from page to page: "Page 3 of 9" and "Page 4 of 9" are one."""
    return _DIGITS.sub("#", line.lower())


def repeated_edge_lines(pages: Iterable[Sequence[str]], *, depth: int, needed: int) -> set[str]:
    """Keys of the lines among the first or last `depth` non-blank lines of at least
    `needed` pages: running headers and footers."""
    counts: Counter[str] = Counter()
    for lines in pages:
        filled = [line for line in lines if line]
        counts.update({edge_key(line) for line in filled[:depth] + filled[-depth:]})
    return {key for key, count in counts.items() if count >= needed}


# --- Quotes -------------------------------------------------------------------------


def clip(text: str, limit: int, marker: str = "...") -> str:
    """`text` cut to `limit` characters, the last of them `marker`."""
    return text if len(text) <= limit else text[: limit - len(marker)] + marker


def clip_sentence(text: str, limit: int, focus: re.Pattern[str] | None = None) -> str:
    """A sentence cut to `limit` characters at word boundaries, keeping `focus` in view."""
    if len(text) <= limit:
        return text
    match = focus.search(text) if focus else None
    start = 0
    if match and match.end() > limit - 3:
        start = max(0, min(match.start() - limit // 2, len(text) - limit + 6))
        start = text.find(" ", start) + 1 if start else 0
    end = start + limit - (6 if start else 3)
    if end >= len(text):
        return "..." + text[start:]
    cut = text[start:end].rsplit(" ", 1)[0].rstrip(",;:")
    return ("..." if start else "") + cut + "..."


def quote_around(text: str, start: int, end: int, limit: int) -> str:
    """The sentence of a one-line page `text` around `start:end`, cut to about `limit`
    characters at word boundaries, with "..." where it was cut."""
    left = max(
        text.rfind(". ", 0, start) + 2 if text.rfind(". ", 0, start) >= 0 else 0,
        text.rfind(": ", 0, max(start - 150, 0)) + 2 if start > 150 else 0,
    )
    right_stop = text.find(". ", end)
    right = len(text) if right_stop < 0 else right_stop + 1
    if end - left > limit:
        left = max(start - 60, left)
        left = text.find(" ", left) + 1 if left > 0 else 0
    if right - left > limit:
        right = max(end, left + limit)
        space = text.rfind(" ", end, right + 1)
        right = space if space > end else right
    quote = text[left:right].strip()
    if left > 0 and not re.match(r"[A-Z(\"']", quote):
        quote = "..." + quote
    if right < len(text) and not quote.endswith((".", ":", ";")):
        quote += "..."
    return quote


# --- Sentences of a one-line page ----------------------------------------------------

# A full stop after these is not the end of a sentence ("Acme, Inc. management's ...").
_ABBREVIATION_END = re.compile(r"\b(?:Inc|Ltd|Co|Corp|L\.L\.C|L\.L\.P|No|U\.S|St)\.$")
_SENTENCE_STOP = re.compile(r"\.\s")


def ends_with_abbreviation(text: str) -> bool:
    """Whether the full stop that ends `text` belongs to an abbreviation, not a sentence."""
    return _ABBREVIATION_END.search(text) is not None


def sentence_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Where the sentence holding `start:end` begins and ends in a one-line page."""
    left = max(text.rfind(". ", 0, start), text.rfind("? ", 0, start))
    stop = text.find(". ", end)
    return left + 2 if left >= 0 else 0, len(text) if stop < 0 else stop + 1


def rest_of_sentence(text: str, start: int, limit: int) -> str:
    """From `start` to the end of its sentence, at most `limit` characters on."""
    stop_at = min(len(text), start + limit)
    for stop in _SENTENCE_STOP.finditer(text[start:stop_at]):
        if not ends_with_abbreviation(text[start : start + stop.start() + 1]):
            return text[start : start + stop.start() + 1]
    return text[start:stop_at]


# --- Sentences of an agreement -------------------------------------------------------
#
# Clauses are matched sentence by sentence, over text joined across page breaks so that
# a clause that starts at the bottom of one page and ends on the next is still one
# sentence; it is cited at the page where it starts.


@dataclass(frozen=True)
class Sentence:
    """One sentence of an agreement, at the page where it starts."""

    page: int
    text: str  # whitespace collapsed, typographic quotes and dashes made plain


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
# Searched for only where it can match, in the last two characters of a line.
_MID_SENTENCE = re.compile(r"[\w,]$")
_MARKDOWN_DECORATION = re.compile(r"^#{1,6}\s+|^>\s*|\*\*|__|`")
_HEADING_WORD = re.compile(r"^(?:[A-Z0-9(\"'].*|of|and|or|the|to|for|in|on|by|a|an|with|&)$")
# A full stop that ends a sentence, unless the word before it is an abbreviation. The
# stop is part of the match (not looked behind for): the engine then skips to each stop
# rather than trying every character of the paragraph.
_SENTENCE_END = re.compile(r"[.!?][\"')\]]?\s+(?=[\"'(\[]?[A-Z0-9\u00a7])")
_LIST_ITEM_BREAK = re.compile(r"(?:;|:)\s+(?:and\s+|or\s+)?(?=\((?:[a-z]|[ivx]{1,5}|\d{1,2})\)\s)")
_BARE_ENUMERATOR = re.compile(
    r"^(?:\(?[a-z]{1,4}\)|\d{1,3}(?:\.\d{1,3})*\.?|(?:section|article|clause)\s+\S+)$",
    re.IGNORECASE,
)
_ABBREVIATIONS = frozenset(
    {
        "c.f.r", "cfr", "u.s.c", "u.s", "e.g", "i.e", "etc", "inc", "corp", "ltd", "co",
        "no", "nos", "sec", "secs", "art", "vs", "v", "mr", "ms", "dr", "st", "p", "pp",
        "para", "paras", "fig", "cf", "al", "approx", "dept", "jan", "feb", "mar", "apr",
        "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    }
)  # fmt: skip


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
        (
            page.number,
            _agreement_lines(page.text),
        )
        for page in pages
    ]
    repeated = repeated_edge_lines(
        (lines for _, lines in per_page), depth=2, needed=max(2, (len(per_page) + 1) // 2)
    )
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


# A soft hyphen ending a line broke its last word, which goes on at the start of the next
# line of the text: on the same page, or at the top of the next one past the running footer
# and header, which are dropped first.
_SOFT_HYPHEN_ENDS_LINE = re.compile(f"\u00ad[ \t{INVISIBLE}]*$")
_BROKEN_WORD = "\u00ad"


def _agreement_lines(text: str) -> list[str]:
    """A page's lines normalised, each ending in `_BROKEN_WORD` if a soft hyphen broke its
    last word."""
    if "\u00ad" not in text:
        return [line.strip() for line in text.translate(AGREEMENT_TYPOGRAPHY).split("\n")]
    lines = []
    for raw in text.split("\n"):
        line = raw.translate(AGREEMENT_TYPOGRAPHY).strip()
        lines.append(line + _BROKEN_WORD if line and _SOFT_HYPHEN_ENDS_LINE.search(raw) else line)
    return lines


def _is_furniture(line: str, repeated: set[str]) -> bool:
    if _PAGE_NUMBER_LINE.match(line):
        return True
    # Running headers and footers are short; a long repeated line is a repeated clause.
    return len(line) <= MAX_FURNITURE_LENGTH and edge_key(line) in repeated


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
    # Built as a list of parts, and only the last line looked at, so a paragraph that runs
    # for hundreds of pages costs no more per line than a short one.
    parts: list[str] = []
    length = 0
    starts: list[tuple[int, int]] = []
    previous_was_heading = False
    for index, (page, raw) in enumerate(lines):
        line = (_MARKDOWN_DECORATION.sub("", raw) if _may_be_decorated(raw) else raw).strip()
        last_on_page = index + 1 == len(lines) or lines[index + 1][0] != page
        tail = parts[-1] if parts else ""
        # the rest of a word broken at the end of the line before, whatever it looks like
        continues = bool(line) and tail.endswith(_BROKEN_WORD)
        heading = (
            _is_heading(line)
            and not last_on_page
            and not continues
            and not line.endswith(_BROKEN_WORD)
        )
        item = (
            not continues
            and bool(_ENUMERATOR.match(line))
            and not (_NUMBERED.match(line) and _MID_SENTENCE.search(tail, len(tail) - 2))
        )
        if parts and not continues and (not line or previous_was_heading or heading or item):
            yield _paragraph(parts), starts
            # a new paragraph: no line of it is before this one, nor a word to rejoin
            parts, length, starts, tail = [], 0, [], ""
        previous_was_heading = heading
        if not line:
            continue
        if tail.endswith(_BROKEN_WORD) or (
            tail.endswith("-") and tail[-2:-1].isalpha() and line[:1].islower()
        ):
            parts[-1] = tail[:-1]  # a word hyphenated at the end of a line
            length -= 1
        elif parts:
            parts.append(" ")
            length += 1
        starts.append((length, page))
        parts.append(line)
        length += len(line)
    if parts:
        yield _paragraph(parts), starts


def _may_be_decorated(line: str) -> bool:
    """Whether a line holds a character `_MARKDOWN_DECORATION` needs: a few searches for
    one character cost less than the pattern tried at every position of the line."""
    return "#" in line or ">" in line or "*" in line or "_" in line or "`" in line


def _paragraph(parts: list[str]) -> str:
    if parts[-1].endswith(_BROKEN_WORD):  # no word goes on after it
        parts[-1] = parts[-1][:-1]
    return "".join(parts)


def _split_block(block: str) -> Iterator[tuple[int, str]]:
    """(offset, sentence) pairs of one paragraph."""
    cuts = [0]
    for match in _SENTENCE_END.finditer(block):
        stop = match.start() + 1
        word = _word_before(block, stop).rstrip(".!?\"')]").lower()
        if word.strip("(") in _ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
            continue
        if _BARE_ENUMERATOR.match(block[cuts[-1] : stop].strip()):
            continue  # "4. Breach Notification": the number belongs to what follows
        cuts.append(match.end())
    cuts.extend(match.end() for match in _LIST_ITEM_BREAK.finditer(block))
    cuts = sorted(set(cuts)) + [len(block)]
    for start, end in zip(cuts, cuts[1:], strict=False):
        sentence = " ".join(block[start:end].split())
        if sentence:
            yield start, sentence


def _word_before(text: str, end: int) -> str:
    """The whitespace-separated word that ends at `end`, found without copying what
    precedes it (a paragraph can be a whole agreement long)."""
    start = end
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    return text[start:end]
