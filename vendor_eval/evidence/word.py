"""Reads a Word document (.docx) into the page texts the extractors read.

A .docx has no pages, so what it is split into here are the places where its author
started a new page (page and section breaks, or where Word last laid a page break) and
top-level headings: the extractors treat each as a page (a table of contents or the
auditor's signature stays on its own), and every stretch of text remembers its paragraph
number and section heading, which is what citations name instead of a page.

Paragraphs, numbered and bulleted list items (with the numbers Word would show) and
table rows come out in reading order; text in content controls and tracked insertions is
read, tracked deletions are not.

A .docx is a zip of XML parts, so it is checked before python-docx opens it: the zip's
own directory must promise no more than a bounded amount of XML (zipfile never inflates
a member past the size its directory gives), and python-docx's XML parser neither
expands entities nor fetches anything a DTD points at.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from vendor_eval.errors import InputError
from vendor_eval.evidence.origins import Origin, TracedPage
from vendor_eval.evidence.pages import PageText

MAX_DOCX_BYTES = 100 * 1024 * 1024
MAX_UNZIPPED_BYTES = 256 * 1024 * 1024
MAX_XML_PART_BYTES = 32 * 1024 * 1024  # some 3,000 pages of dense tables
MAX_PARTS = 5_000
MAX_SECTION_LENGTH = 120
# A flowing document without page breaks is cut into pages of about this many
# paragraphs, as printed ones hold: the extractors' page-level rules (a contents page, the
# signature after the opinion) expect pages of that size. A table is never cut: its
# columns are read by their header, which is on its first page.
LINES_PER_PAGE = 45

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_XML_NAMES = (".xml", ".rels")
_CONTENTS_TITLE = re.compile(r"^\s*(?:table\s+of\s+)?contents:?\s*$", re.I)
_CONTENTS_ENTRY = re.compile(r"(?:\.{3,}|\t|\s)\s*\d{1,3}\s*$|^[^.]{1,90}$")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _w(tag: str) -> str:
    return f"{{{_W}}}{tag}"


# Text-bearing elements inside a paragraph, and what each contributes.
_CHARACTERS = {
    _w("tab"): "\t",
    _w("ptab"): "\t",
    _w("br"): "\n",
    _w("cr"): "\n",
    _w("noBreakHyphen"): "-",
}
# Subtrees whose text is not the paragraph's own: a text box is a drawing of its own, a
# Fallback repeats its Choice for older readers, and properties hold no text.
_SKIPPED = frozenset(
    {_w("txbxContent"), f"{{{_MC}}}Fallback", _w("pPr"), _w("rPr"), _w("del"), _w("moveFrom")}
)
_BULLET = "\u2022"


@dataclass(frozen=True)
class WordText:
    """A Word document's text as pages, with each stretch's paragraph and section."""

    sha256: str
    paragraphs: int
    pages: tuple[TracedPage, ...]


def read_docx(raw: bytes, shown: str) -> WordText:
    """Read the bytes of a .docx; an InputError says what is wrong with a bad one."""
    import hashlib

    document = _open(raw, shown)
    walker = _Walker(document)
    walker.walk(document.element.body)
    pages = walker.finish()
    if not pages:
        raise InputError("is empty; there is no text in the Word document", path=shown)
    return WordText(
        sha256=hashlib.sha256(raw).hexdigest(), paragraphs=walker.paragraph, pages=pages
    )


def _open(raw: bytes, shown: str) -> Any:
    if raw.startswith(_OLE_MAGIC):
        raise InputError(
            "is an old Word .doc or a password-protected Word file; save it in Word as an "
            "unprotected .docx (or as PDF) and pass that file",
            path=shown,
        )
    if raw.startswith(b"%PDF-"):
        raise InputError("is a PDF saved under a .docx name; rename it to .pdf", path=shown)
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise InputError(
            "is not a Word .docx file (it is not a zip archive, or a damaged one); save it "
            "again from Word as .docx or PDF",
            path=shown,
        ) from None
    if len(members) > MAX_PARTS:
        raise InputError(
            f"holds {len(members)} parts, over the limit of {MAX_PARTS} for a Word document; "
            "is it the right file?",
            path=shown,
        )
    unzipped = sum(member.file_size for member in members)
    if unzipped > MAX_UNZIPPED_BYTES:
        raise InputError(
            f"would unpack to {unzipped / 1_048_576:.0f} MB, over the "
            f"{MAX_UNZIPPED_BYTES // 1_048_576} MB limit for a Word document; it is not read",
            path=shown,
        )
    # An XML part is parsed whole, into about twenty times its size in memory.
    xml = max((m.file_size for m in members if m.filename.endswith(_XML_NAMES)), default=0)
    if xml > MAX_XML_PART_BYTES:
        raise InputError(
            f"holds an XML part of {xml / 1_048_576:.0f} MB, over the "
            f"{MAX_XML_PART_BYTES // 1_048_576} MB limit for a Word document; it is not read",
            path=shown,
        )
    names = {member.filename for member in members}
    if "[Content_Types].xml" not in names or "word/document.xml" not in names:
        raise InputError(
            "is a zip archive but not a Word document (it has no word/document.xml); save "
            "it from Word as .docx or PDF",
            path=shown,
        )
    if any(_declares_a_dtd(archive, member) for member in members):
        raise InputError(
            "holds XML with a document type declaration (DTD), which Word never writes; "
            "it is not read. Save the document again from Word as .docx or PDF",
            path=shown,
        )
    import docx

    try:
        return docx.Document(io.BytesIO(raw))
    except Exception as exc:  # python-docx and lxml raise many kinds for a broken part
        detail = " ".join(str(exc).split())[:120] or type(exc).__name__
        raise InputError(
            f"is a damaged Word document and cannot be read ({detail}); save it again from "
            "Word as .docx or PDF",
            path=shown,
        ) from None


_DTD_MARKS = tuple("<!DOCTYPE".encode(codec) for codec in ("utf-8", "utf-16-le", "utf-16-be"))
_PROLOG_BYTES = 64 * 1024


def _declares_a_dtd(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> bool:
    """A DTD is where entities are declared (billion laughs, external files); the parser
    would not expand them either, but a file that has one is no file Word wrote."""
    if not member.filename.endswith(_XML_NAMES):
        return False
    try:
        with archive.open(member) as part:
            prolog = part.read(_PROLOG_BYTES)
    except (zipfile.BadZipFile, OSError, NotImplementedError, RuntimeError, ValueError):
        return False  # python-docx reports the damage when it reads the part
    return any(mark in prolog.upper() for mark in _DTD_MARKS)


# --- Walking the body -------------------------------------------------------------------


@dataclass
class _Level:
    start: int
    fmt: str
    text: str


@dataclass
class _Numbering:
    """List numbers as Word shows them: each list counts per level, a level restarts
    when a shallower one moves on, and the label follows the level's pattern ("%1.%2")."""

    levels: dict[str, dict[int, _Level]] = field(default_factory=dict)  # per abstract list
    lists: dict[str, tuple[str, dict[int, int]]] = field(default_factory=dict)  # numId ->
    counters: dict[str, dict[int, int]] = field(default_factory=dict)
    restarted: set[str] = field(default_factory=set)

    @classmethod
    def of(cls, document: Any) -> _Numbering:
        numbering = cls()
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return numbering
        for abstract in root.iterchildren(_w("abstractNum")):
            levels = {}
            for level in abstract.iterchildren(_w("lvl")):
                levels[_int(level.get(_w("ilvl")), 0)] = _Level(
                    start=_int(_value(level, "start"), 1),
                    fmt=_value(level, "numFmt") or "decimal",
                    text=_value(level, "lvlText") or "",
                )
            numbering.levels[abstract.get(_w("abstractNumId")) or ""] = levels
        for num in root.iterchildren(_w("num")):
            overrides = {
                _int(override.get(_w("ilvl")), 0): _int(_value(override, "startOverride"), 1)
                for override in num.iterchildren(_w("lvlOverride"))
                if _value(override, "startOverride") is not None
            }
            abstract_id = _value(num, "abstractNumId") or ""
            numbering.lists[num.get(_w("numId")) or ""] = (abstract_id, overrides)
        return numbering

    def label(self, num_id: str, depth: int) -> str:
        abstract, overrides = self.lists.get(num_id, ("", {}))
        levels = self.levels.get(abstract)
        if not levels or depth not in levels:
            return ""
        counters = self.counters.setdefault(abstract, {})
        if overrides and num_id not in self.restarted:
            self.restarted.add(num_id)
            for overridden, start in overrides.items():
                counters[overridden] = start - 1
        for deeper in [counted for counted in counters if counted > depth]:
            del counters[deeper]
        counters[depth] = counters.get(depth, levels[depth].start - 1) + 1
        level = levels[depth]
        if level.fmt == "bullet":
            return _BULLET
        if level.fmt == "none":
            return ""
        label = level.text
        for index in range(depth, -1, -1):
            shown = levels.get(index)
            count = counters.get(index, shown.start if shown else 1)
            label = label.replace(f"%{index + 1}", _format(count, shown.fmt if shown else ""))
        return label.strip()


def _format(count: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter"):
        letters = chr(ord("a") + (count - 1) % 26) * ((count - 1) // 26 + 1)
        return letters.upper() if fmt == "upperLetter" else letters
    if fmt in ("lowerRoman", "upperRoman"):
        roman = _roman(count)
        return roman.upper() if fmt == "upperRoman" else roman
    if fmt == "decimalZero":
        return f"{count:02d}"
    return str(count)


def _roman(number: int) -> str:
    numerals = [
        (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
        (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
    ]  # fmt: skip
    shown = ""
    for value, numeral in numerals:
        while number >= value:
            shown += numeral
            number -= value
    return shown or str(number)


def _value(element: Any, tag: str) -> str | None:
    child = element.find(_w(tag))
    return None if child is None else child.get(_w("val"))


def _int(text: str | None, default: int) -> int:
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default


class _Walker:
    """Collects the body's text into pages, in reading order."""

    def __init__(self, document: Any) -> None:
        self.styles = _Styles(document)
        self.numbering = _Numbering.of(document)
        self.pages: list[TracedPage] = []
        self.lines: list[str] = []
        self.origins: list[Origin] = []
        self.length = 0
        self.paragraph = 0
        self.section: str | None = None
        self.in_contents = False

    def walk(self, container: Any) -> None:
        for child in _content(container, _BLOCKS):
            if child.tag == _w("p"):
                self._paragraph(child)
            else:
                self._table(child)

    def finish(self) -> tuple[TracedPage, ...]:
        self._new_page()
        return tuple(self.pages)

    def _paragraph(self, element: Any) -> None:
        style = self.styles.of(element)
        text = _text(element)
        if style.is_contents:
            return  # a table of contents repeats headings; the headings themselves are cited
        # A contents list typed by hand gets a page of its own, so the rules that skip a
        # contents page skip only it.
        typed_contents = bool(_CONTENTS_TITLE.match(text))
        if self.in_contents and text.strip() and not _CONTENTS_ENTRY.search(text):
            self.in_contents = False
            self._new_page()
        if (
            _has(element, "pageBreakBefore")
            or _has(element, "lastRenderedPageBreak", True)
            or (style.outline == 0 and text.strip())  # a top-level heading, as in print
            or typed_contents
            or len(self.lines) >= 2 * LINES_PER_PAGE
        ):
            self._new_page()
        self.in_contents = self.in_contents or typed_contents
        label = self._label(element, style)
        shown = " ".join(f"{label} {text}".split()) if label else text.strip()
        if text.strip():
            self.paragraph += 1
            if style.outline is not None or _looks_like_heading(element, text, style):
                self.section = " ".join(shown.split())[:MAX_SECTION_LENGTH]
            self._add_line(shown)
        if _has(element, "br", True, page_break=True) or _ends_section(element):
            self._new_page()

    def _table(self, table: Any) -> None:
        for row in _content(table, (_w("tr"),)):
            cells: list[tuple[str, int]] = []  # (text, paragraph number)
            for cell in _content(row, (_w("tc"),)):
                for child in _content(cell, _BLOCKS):
                    if child.tag == _w("p"):
                        text = " ".join(_text(child).split())
                        if text:
                            self.paragraph += 1
                            label = self._label(child, self.styles.of(child))
                            cells.append((f"{label} {text}" if label else text, self.paragraph))
                    elif child.tag == _w("tbl"):
                        self._flush_row(cells)
                        cells = []
                        self._table(child)
            self._flush_row(cells)

    def _flush_row(self, cells: list[tuple[str, int]]) -> None:
        """A row is one line, its cells apart by tabs, as a PDF's text layer gives it."""
        if not cells:
            return
        offset = self.length
        for index, (text, number) in enumerate(cells):
            self.origins.append(Origin(offset, paragraph=number, section=self.section))
            offset += len(text) + (1 if index + 1 < len(cells) else 0)
        line = "\t".join(text for text, _ in cells)
        self.lines.append(line)
        self.lines.append("")
        self.length += len(line) + 2

    def _add_line(self, text: str) -> None:
        self.origins.append(Origin(self.length, paragraph=self.paragraph, section=self.section))
        # A blank line after each paragraph: a paragraph's end is a sentence's end.
        self.lines.append(text)
        self.lines.append("")
        self.length += len(text) + 2

    def _label(self, element: Any, style: _Style) -> str:
        num_id, depth = _numbering_of(element)
        if num_id is None:
            num_id, depth = style.num_id, depth if depth is not None else style.depth
        if not num_id or num_id == "0":
            return ""
        return self.numbering.label(num_id, depth or 0)

    def _new_page(self) -> None:
        if any(line for line in self.lines):
            number = len(self.pages) + 1
            self.pages.append(
                TracedPage(PageText(number, "\n".join(self.lines)), tuple(self.origins))
            )
        self.lines, self.origins, self.length = [], [], 0


_BLOCKS = (_w("p"), _w("tbl"))
# Elements that only wrap others: content controls, custom XML and tracked moves or
# insertions of whole paragraphs, rows or cells.
_WRAPPERS = frozenset({_w("sdt"), _w("sdtContent"), _w("customXml"), _w("ins"), _w("moveTo")})


def _content(container: Any, tags: tuple[str, ...]) -> Iterator[Any]:
    """The children of `container` with one of `tags`, in order, looking inside wrappers."""
    for child in container.iterchildren():
        if child.tag in tags:
            yield child
        elif child.tag in _WRAPPERS:
            yield from _content(child, tags)


def _text(paragraph: Any) -> str:
    parts: list[str] = []

    def collect(element: Any) -> None:
        for child in element.iterchildren():
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIPPED:
                continue
            if tag == _w("t"):
                parts.append(child.text or "")
            elif tag in _CHARACTERS:
                if not (tag == _w("br") and child.get(_w("type")) == "page"):
                    parts.append(_CHARACTERS[tag])
            elif tag != _w("p"):  # a paragraph nested in a drawing is not this one's text
                collect(child)

    collect(paragraph)
    return "".join(parts)


def _has(element: Any, tag: str, anywhere: bool = False, *, page_break: bool = False) -> bool:
    if not anywhere:
        properties = element.find(_w("pPr"))
        found = None if properties is None else properties.find(_w(tag))
        return found is not None and found.get(_w("val")) not in ("0", "false")
    return any(not page_break or found.get(_w("type")) == "page" for found in element.iter(_w(tag)))


def _ends_section(paragraph: Any) -> bool:
    properties = paragraph.find(_w("pPr"))
    section = None if properties is None else properties.find(_w("sectPr"))
    if section is None:
        return False
    kind = _value(section, "type")
    return kind in (None, "nextPage", "oddPage", "evenPage")


def _numbering_of(element: Any) -> tuple[str | None, int | None]:
    properties = element.find(_w("pPr"))
    numbering = None if properties is None else properties.find(_w("numPr"))
    if numbering is None:
        return None, None
    return _value(numbering, "numId"), _int(_value(numbering, "ilvl"), 0)


def _looks_like_heading(element: Any, text: str, style: _Style) -> bool:
    """A short paragraph set wholly in bold, as agreements drafted without heading
    styles mark their section titles."""
    words = text.split()
    if not words or len(words) > 12 or len(text) > 100 or text.rstrip()[-1:] in ",;:":
        return False
    runs = [run for run in element.iter(_w("r")) if "".join(run.itertext()).strip()]
    return bool(runs) and all(_bold(run, style.bold) for run in runs)


def _bold(run: Any, default: bool) -> bool:
    properties = run.find(_w("rPr"))
    bold = None if properties is None else properties.find(_w("b"))
    if bold is None:
        return default
    return bold.get(_w("val")) not in ("0", "false", "off")


@dataclass(frozen=True)
class _Style:
    outline: int | None = None  # 0 for a top-level heading
    is_contents: bool = False
    bold: bool = False
    num_id: str | None = None
    depth: int | None = None


class _Styles:
    """What a paragraph's style (and the styles it is based on) says about it."""

    def __init__(self, document: Any) -> None:
        self.cache: dict[str | None, _Style] = {}
        try:
            self.elements = {
                style.get(_w("styleId")): style
                for style in document.styles.element.iterchildren(_w("style"))
            }
        except (KeyError, NotImplementedError, AttributeError):
            self.elements = {}

    def of(self, paragraph: Any) -> _Style:
        properties = paragraph.find(_w("pPr"))
        style_id = None if properties is None else _value(properties, "pStyle")
        found = self.cache.get(style_id)
        if found is None:
            found = self.cache[style_id] = self._resolve(style_id)
        outline = None if properties is None else _value(properties, "outlineLvl")
        if outline is not None and _int(outline, 9) < 9:
            return replace(found, outline=_int(outline, 9))
        return found

    def _resolve(self, style_id: str | None) -> _Style:
        outline: int | None = None
        contents = bold = False
        num_id: str | None = None
        depth: int | None = None
        seen: set[str] = set()
        while style_id and style_id not in seen and style_id in self.elements:
            seen.add(style_id)
            style = self.elements[style_id]
            name = (_value(style, "name") or "").lower()
            if name.startswith("toc") or name == "table of contents":
                contents = True
            if outline is None and name == "title":
                outline = 0
            elif outline is None and name.startswith("heading "):
                outline = _int(name.removeprefix("heading ").strip(), 10) - 1
            properties = style.find(_w("pPr"))
            if properties is not None:
                level = _value(properties, "outlineLvl")
                if outline is None and level is not None and _int(level, 9) < 9:
                    outline = _int(level, 9)
                if num_id is None:
                    num_id, depth = _numbering_of(style)
            run_properties = style.find(_w("rPr"))
            if run_properties is not None and run_properties.find(_w("b")) is not None:
                bold = bold or _bold(style, False)
            style_id = _value(style, "basedOn")
        heading = outline if outline is not None and outline < 9 else None
        return _Style(heading, contents, bold, num_id, depth)
