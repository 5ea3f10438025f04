"""The one place that opens PDFs.

Extractors locate what they need in fast plain page text (pdfium, through pypdfium2's
bindings), page by page with each page released as soon as it has been read, so memory
stays flat however long the report is. On a long document, reader processes can read the
pages ahead (pdfium's reading of a page is most of the time an extraction takes) while
the rules read the pages before. Where layout matters (the columns of a
tests-of-controls matrix), pdfium's positioned text runs for that one page are enough,
with or without ruling lines; they cost a small fraction of pdfplumber's layout
analysis, which is used only to tell a PDF without pages from a damaged one.

Every way a file can be unusable becomes a `PdfError` naming the file and what to do.
"""

from __future__ import annotations

import codecs
import contextlib
import ctypes
import functools
import itertools
import marshal
import os
import re
import signal
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, NamedTuple

from vendor_eval.errors import InputError, PdfError, PdfPasswordError
from vendor_eval.evidence.pages import PageText
from vendor_eval.fileio import open_input, sha256_of

if TYPE_CHECKING:
    from vendor_eval.evidence.ocr import OcrReader

Progress = Callable[[int, int], None]
"""Called as `progress(pages_read, page_count)` while pages are read."""

RunsFor = Callable[[str], bool]
"""Called as `runs_for(page_text)` by `pages`: whether the caller may want that page's
`text_runs` while the page is yielded."""

# Below this many pages, starting reader processes costs more than they save.
READ_AHEAD_MIN_PAGES = 32
# The rules read a page in about half the time pdfium takes to read it: two readers keep
# them fed, and a third would only wait.
MAX_READERS = 2

# pdfium marks a hyphen it judged to be a line-break hyphen with U+0002 (and some
# producers emit U+FFFE); the word continues on the next line.
_SOFT_HYPHEN_BREAK = re.compile(r"[\x02\ufffe]\s*\n\s*")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")

# pdfium refuses a document whose page tree is empty without setting an error code of
# its own, so the code it reports is whatever an earlier failure left behind.
_PDFIUM_NO_ERROR = 0
_PDFIUM_FORMAT_ERROR = 3
_PDFIUM_PASSWORD_ERROR = 4


class TextRun(NamedTuple):
    """A stretch of text on one line of a page, in points from the page's top-left
    corner (so `top` grows down the page). A named tuple: a page of a test matrix has a
    hundred or more, and one costs a third of a frozen dataclass to make."""

    left: float
    top: float
    right: float
    bottom: float
    text: str


class PdfiumFailure(Exception):
    """pdfium could not do what it was asked; `err_code` is its reason (FPDF_ERR_*)
    where it gives one."""

    def __init__(self, message: str, err_code: int | None = None) -> None:
        super().__init__(message)
        self.err_code = err_code


@dataclass
class PdfDocument:
    """An open PDF. Use it as a context manager; `close()` releases everything."""

    path: str
    sha256: str
    page_count: int
    # pdfium's handle of the document (its C functions are `_pdfium()`'s).
    _pdfium: Any = field(repr=False)
    image_only_pages: list[int] = field(default_factory=list)
    # Set to read pages without a text layer by OCR (`--ocr`); they are then no longer
    # image-only, unless the reader had to leave them.
    ocr: OcrReader | None = None
    # How many reader processes read pages ahead; None: as many as pay on this machine.
    readers: int | None = None
    _password: str | None = field(default=None, repr=False)
    # The file pdfium opened (device, inode, size, mtime): a reader reads it only if its
    # path still names the same file.
    _identity: tuple[int, int, int, int] | None = field(default=None, repr=False)
    # The page each `pages` reading is yielding, while it is yielded: number, page, text.
    # More than one reading may be suspended at a time, and `close` must close each page.
    _open: list[tuple[int, _LoadedPage, str]] = field(default_factory=list, repr=False)
    # The reader processes of each `pages` reading ahead, by process id, with the pipe
    # each sends pages through; `close` stops those left running.
    _reading: list[list[tuple[int, BinaryIO]]] = field(default_factory=list, repr=False)
    # pypdfium2's document around `_pdfium`, made for OCR, which renders pages through it.
    _rendering: Any = field(default=None, repr=False)
    # The runs a reader process read with the page `pages` is yielding: number, runs.
    _ready: tuple[int, list[tuple[float, float, float, float, str]]] | None = field(
        default=None, repr=False
    )

    def __enter__(self) -> PdfDocument:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        for started in self._reading:
            _stop_all(started)
        # A document's pages are closed before it (pdfium's rule): those the readings left
        # open (never resumed) are closed here, not later, once the document is gone.
        for _, page, _ in self._open:
            page.close()
        self._open.clear()
        if self._rendering is not None:
            self._rendering.close()
        elif self._pdfium is not None:
            _pdfium().FPDF_CloseDocument(self._pdfium)
        self._rendering = self._pdfium = None

    def pages(
        self,
        progress: Progress | None = None,
        *,
        read_ahead: bool = False,
        runs_for: RunsFor | None = None,
    ) -> Iterator[PageText]:
        """Each page's plain text in reading order, a few pages held in memory at a time.

        While a page is yielded its `text_runs` cost no second load: a caller that wants
        the layout of some pages decides from their text as it reads them, in the same
        single pass.

        With `read_ahead`, for a caller that works on each page as it comes, reader
        processes read the pages of a long document ahead (see `_readers`), and with them
        the layout of the pages for which `runs_for(text)` is true. `runs_for` is only a
        hint: the runs of any page can still be asked for, at the cost of a second load.

        Pages without any text are not yielded: those that carry images are read by
        `ocr` when it is set, and otherwise recorded in `image_only_pages` (they need OCR).
        If the whole document turns out to have no text at all, a PdfError is raised once
        the last page has been looked at.
        """
        saw_text = False
        readers = self._readers() if read_ahead else 0
        read = self._read_ahead(readers, runs_for) if readers else self._read_here(0)
        for number, text, scanned in read:
            if progress is not None:
                progress(number, self.page_count)
            if text.strip():
                saw_text = True
                yield PageText(number, text)
            elif scanned:
                self.image_only_pages.append(number)
        if not saw_text:
            if self.image_only_pages and self.ocr is None:
                raise PdfError(
                    "no page has a text layer (it looks like scanned images); run again "
                    "with --ocr to read it by OCR (Tesseract)",
                    path=self.path,
                )
            if self.ocr is not None and (self.ocr.read or self.ocr.skipped):
                reasons = "; ".join(self.ocr.warnings())
                raise PdfError(
                    "has no text layer, and OCR found no words in it"
                    + (f" ({reasons})" if reasons else ""),
                    path=self.path,
                )
            raise PdfError("has no text on any page; nothing can be extracted", path=self.path)

    def text_runs(self, number: int) -> list[TextRun]:
        """Positioned runs of text on one page (1-based), top to bottom, left to right.

        pdfium's own text segmentation (one run per text object on a line), computed in
        C: enough to tell table columns apart by their x positions, ruled or not, at a
        small fraction of the cost of pdfplumber's layout analysis. The page `pages` is
        yielding is read as it is; any other is loaded again."""
        if not 1 <= number <= self.page_count:
            raise ValueError(f"page {number} is outside 1..{self.page_count}")
        if self._ready is not None and self._ready[0] == number:
            return [TextRun(*run) for run in self._ready[1]]
        for opened, page, full in self._open:
            if opened == number:
                return self._runs(number, page, full)
        with self._load(number - 1) as page, self._damaged(number):
            return self._runs(number, page, _page_text(page.textpage))

    def _runs(self, number: int, page: _LoadedPage, full: str) -> list[TextRun]:
        pdfium_c = _pdfium()

        with self._damaged(number):
            height = pdfium_c.FPDF_GetPageHeightF(page.page)
            rects = _rects(page.textpage)
            texts = _run_texts(page.textpage, full, rects)
        # Within a run every line break and space becomes one space, so only control
        # marks need cleaning, and most pages have none.
        if _CONTROL.search(full):
            texts = [_clean(text) for text in texts]
        # Top to bottom, left to right; where both tie, in pdfium's order.
        placed = sorted(
            (
                round(height - top),
                left,
                index,
                TextRun(left, height - top, right, height - bottom, text),
            )
            for index, ((left, bottom, right, top), raw) in enumerate(
                zip(rects, texts, strict=True)
            )
            if (text := " ".join(raw.split()))
        )
        return [run for *_, run in placed]

    def _read_here(self, first: int) -> Iterator[tuple[int, str, bool]]:
        """Number, text and whether it is an image only, of each page from index `first`
        on, read in this process. While yielded, the page stays open."""
        for index in range(first, self.page_count):
            with self._load(index) as page:
                with self._damaged(index + 1):
                    raw, text, scanned = _text_of(page)
                if scanned and self.ocr is not None:
                    with self._page(index) as rendered:
                        text = self.ocr.page_text(rendered, index + 1)
                    scanned = index + 1 in self.ocr.skipped
                held = (index + 1, page, raw)
                self._open.append(held)
                try:
                    yield index + 1, text, scanned
                finally:
                    if held in self._open:  # not yet closed with the document
                        self._open.remove(held)

    def _readers(self) -> int:
        """How many reader processes to read this document with: none for a short one,
        none where OCR reads pages (it needs them here), and none where processes cannot
        be forked safely (outside Linux) or only one core is ours."""
        if self.ocr is not None:
            return 0
        if self.readers is not None:
            return self.readers
        if self.page_count < READ_AHEAD_MIN_PAGES:
            return 0
        if sys.platform != "linux":
            return 0
        cores = len(os.sched_getaffinity(0))
        return min(cores, MAX_READERS) if cores > 1 else 0

    def _read_ahead(
        self, readers: int, runs_for: RunsFor | None
    ) -> Iterator[tuple[int, str, bool]]:
        """What `_read_here` yields, read by `readers` processes, each reading every
        readers-th page and sending it as soon as it is read, a pipe's worth ahead at
        most. Should a reader stop short (it crashed, or the file changed under its
        name), or not start, the rest is read here."""
        started: list[tuple[int, BinaryIO]] = []
        self._reading.append(started)
        index = 0
        try:
            for first in range(readers):
                try:
                    started.append(self._start_reader(first, readers, runs_for, started))
                except OSError:  # no process or pipe to be had (a limit is reached)
                    _stop_all(started)
                    break
            while started and index < self.page_count:
                record = _receive(started[index % readers][1])
                if record is None:
                    break
                number, text, scanned, runs, failure = record
                if failure is not None:
                    raise PdfError(
                        f"page {number} is damaged and cannot be read ({failure})",
                        path=self.path,
                    )
                self._ready = (number, runs) if runs is not None else None
                try:
                    yield number, text, scanned
                finally:
                    self._ready = None
                index += 1
        finally:
            _stop_all(started)
            self._reading.remove(started)
        yield from self._read_here(index)

    def _start_reader(
        self,
        first: int,
        step: int,
        runs_for: RunsFor | None,
        started: list[tuple[int, BinaryIO]],
    ) -> tuple[int, BinaryIO]:
        """A forked process sending pages first, first + step... through a pipe, and the
        reading end of that pipe."""
        die_with_parent = _die_with_parent()
        parent = os.getpid()
        read_end, write_end = os.pipe()
        try:
            pid = os.fork()
        except OSError:
            os.close(read_end)
            os.close(write_end)
            raise
        if pid == 0:
            # The reader leaves by _exit: no handler, buffer or finaliser of the parent's
            # runs twice. Ctrl-C stops it at once, where it stops the parent (which says
            # what happened); where the parent ignores it, so does the reader.
            status = 1
            try:
                # Killed outright (SIGKILL, a timeout), the parent runs no clean-up: the
                # reader would read on, holding the parent's output open.
                die_with_parent()
                if os.getppid() != parent:  # it died before that could be asked
                    raise ProcessLookupError(parent)
                if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
                    signal.signal(signal.SIGINT, signal.SIG_DFL)
                os.close(read_end)
                for _, stream in started:
                    os.close(stream.fileno())
                self._send_pages(first, step, runs_for, write_end)
                status = 0
            finally:
                os._exit(status)
        os.close(write_end)
        return pid, os.fdopen(read_end, "rb")

    def _send_pages(self, first: int, step: int, runs_for: RunsFor | None, out: int) -> None:
        """In a reader process: each page's number, text, whether it is an image only,
        and its runs when `runs_for` wants them, or the reason it cannot be read."""
        # A document of its own (pdfium reads a file through its own file position), of
        # the file opened first: one replaced under its name since is not read.
        try:
            opened = os.open(self.path, os.O_RDONLY)
        except OSError:
            return
        if _identity_of(os.fstat(opened)) != self._identity:
            return
        try:
            document = _open_document(f"/proc/self/fd/{opened}", self._password)
        except PdfiumFailure:
            return
        for index in range(first, self.page_count, step):
            try:
                page = _LoadedPage(document, index)
            except PdfiumFailure as exc:
                _send(out, (index + 1, "", False, None, str(exc)))
                return
            with page:
                try:
                    raw, text, scanned = _text_of(page)
                except PdfiumFailure as exc:
                    _send(out, (index + 1, "", False, None, str(exc)))
                    return
                runs = None
                if runs_for is not None and text.strip() and runs_for(text):
                    # A page whose layout cannot be read is read again when it is asked for.
                    with contextlib.suppress(PdfError):
                        runs = [tuple(run) for run in self._runs(index + 1, page, raw)]
            _send(out, (index + 1, text, scanned, runs, None))

    def _load(self, index: int) -> _LoadedPage:
        """Page `index`, loaded in this process."""
        if self._pdfium is None:
            raise ValueError(f"{self.path} was closed; open it again to read its pages")
        with self._damaged(index + 1):
            return _LoadedPage(self._pdfium, index)

    @contextlib.contextmanager
    def _damaged(self, number: int, failures: type[Exception] = PdfiumFailure) -> Iterator[None]:
        """pdfium's failure to read page `number` (or pypdfium2's, given as `failures`)
        becomes a PdfError saying so."""
        try:
            yield
        except failures as exc:
            raise PdfError(
                f"page {number} is damaged and cannot be read ({exc})", path=self.path
            ) from None

    @contextlib.contextmanager
    def _page(self, index: int) -> Iterator[Any]:
        """One page as pypdfium2's object (OCR renders it), closed afterwards; pdfium's
        failures become a PdfError."""
        import pypdfium2

        if self._rendering is None:
            # pypdfium2 takes the document over: closing it is now its part.
            self._rendering = pypdfium2.PdfDocument(self._pdfium)
        with self._damaged(index + 1, pypdfium2.PdfiumError):
            page = self._rendering[index]
            try:
                yield page
            finally:
                page.close()


def open_pdf(path: str | Path, password: str | None = None) -> PdfDocument:
    """Open a PDF for reading, or raise a PdfError/InputError that says what is wrong."""
    shown = str(path)
    file = Path(path)
    with open_input(file, expected="the path of a PDF file") as handle:
        try:
            head = handle.read(1024)
        except OSError as exc:
            raise InputError(f"cannot be read ({exc.strerror})", path=shown) from None
    if not head:
        raise PdfError("is empty (0 bytes); it is not a PDF", path=shown)
    if b"%PDF-" not in head:
        raise PdfError("is not a PDF (it does not start with %PDF-)", path=shown)
    _refuse_bombs(file, shown)

    identity = _identity(str(file))
    try:
        document = _open_document(str(file), password)
    except PdfiumFailure as exc:
        if exc.err_code == _PDFIUM_PASSWORD_ERROR:
            if password is None:
                raise PdfPasswordError(
                    "is encrypted; give its password with --password", path=shown
                ) from None
            raise PdfPasswordError(
                "is encrypted and the password given is wrong", path=shown
            ) from None
        if exc.err_code in (_PDFIUM_FORMAT_ERROR, _PDFIUM_NO_ERROR):
            if _has_empty_page_tree(file):
                raise PdfError("has no pages", path=shown) from None
            raise PdfError(
                "is damaged or truncated and cannot be opened; ask for a fresh copy",
                path=shown,
            ) from None
        raise PdfError(f"cannot be opened ({exc})", path=shown) from None

    return PdfDocument(
        path=shown,
        sha256=sha256_of(file),
        page_count=_pdfium().FPDF_GetPageCount(document),
        _pdfium=document,
        _password=password,
        _identity=identity,
    )


@functools.cache
def _pdfium() -> Any:
    """pdfium's C functions, the library started. The bindings alone load in half the
    time pypdfium2 takes with its helpers, which only OCR uses (and imports). Where a
    release of pypdfium2 ships them only as pypdfium2.raw, that is used; pdfium starts
    once however often it is asked to (pypdfium2 asks on import)."""
    try:
        import pypdfium2_raw as pdfium_c
    except ImportError:  # pragma: no cover - another layout of the pypdfium2 package
        import pypdfium2.raw as pdfium_c
    # Version 2 of the configuration, as pypdfium2 gives it: no font paths of our own.
    config = pdfium_c.FPDF_LIBRARY_CONFIG(
        version=2, m_pUserFontPaths=None, m_pIsolate=None, m_v8EmbedderSlot=0
    )
    pdfium_c.FPDF_InitLibraryWithConfig(config)
    return pdfium_c


# pdfium's reasons for failing to load a document, worded as pypdfium2 words them.
_LOAD_FAILURES = {
    0: "Success",
    1: "Unknown error",
    2: "File access error",
    3: "Data format error",
    4: "Incorrect password error",
    5: "Unsupported security scheme error",
    6: "Page not found or content error",
}


def _open_document(path: str, password: str | None) -> Any:
    """pdfium's handle of the document at `path`, the very file named (no `~` or link
    resolved here), or a PdfiumFailure with pdfium's reason. A document without pages is
    refused too: pdfium cannot tell it from a damaged one."""
    pdfium_c = _pdfium()
    document = pdfium_c.FPDF_LoadDocument(
        os.fsencode(path), None if password is None else password.encode("utf-8")
    )
    if not document:
        reason = pdfium_c.FPDF_GetLastError()
    elif pdfium_c.FPDF_GetPageCount(document) < 1:
        # Loaded, so pdfium set no error: its last one is an earlier document's (an
        # encrypted one, in a batch), which is not why this one has no pages.
        pdfium_c.FPDF_CloseDocument(document)
        reason = _PDFIUM_NO_ERROR
    else:
        return document
    raise PdfiumFailure(f"Failed to load document (PDFium: {_LOAD_FAILURES.get(reason)}).", reason)


def _identity(path: str) -> tuple[int, int, int, int] | None:
    try:
        return _identity_of(os.stat(path))
    except OSError:
        return None


def _identity_of(status: os.stat_result) -> tuple[int, int, int, int]:
    return status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns


# prctl's request to be sent a signal when the thread that forked the caller ends.
_PR_SET_PDEATHSIG = 1


@functools.cache
def _die_with_parent() -> Callable[[], None]:
    """What a reader calls to be killed when its parent dies. Looked up before forking:
    the child of a process with threads (a progress bar's) had better load nothing."""
    prctl = ctypes.CDLL(None, use_errno=True).prctl
    return lambda: prctl(_PR_SET_PDEATHSIG, ctypes.c_ulong(signal.SIGKILL))


class _LoadedPage:
    """A page of a pdfium document and its text, as pdfium's own handles, closed once
    by `close` (or on leaving a `with`). pypdfium2's page objects would cost a fifth of
    reading a page's text: each is tracked by its document and given a finaliser."""

    __slots__ = ("page", "textpage")

    def __init__(self, document: Any, index: int) -> None:
        pdfium_c = _pdfium()

        self.page: Any = None
        self.textpage: Any = None
        page = pdfium_c.FPDF_LoadPage(document, index)
        if not page:
            raise PdfiumFailure("Failed to load page.")
        textpage = pdfium_c.FPDFText_LoadPage(page)
        if not textpage:
            pdfium_c.FPDF_ClosePage(page)
            raise PdfiumFailure("Failed to load text page.")
        self.page, self.textpage = page, textpage

    def __enter__(self) -> _LoadedPage:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        pdfium_c = _pdfium()

        if self.textpage is not None:
            pdfium_c.FPDFText_ClosePage(self.textpage)
            self.textpage = None
        if self.page is not None:
            pdfium_c.FPDF_ClosePage(self.page)
            self.page = None


def _text_of(page: _LoadedPage) -> tuple[str, str, bool]:
    """A page's text as pdfium gives it, cleaned, and whether the page is an image only
    (no text, and an image: a scan)."""
    raw = _page_text(page.textpage)
    text = _clean(raw)
    return raw, text, not text.strip() and _holds_an_image(page.page)


def _page_text(textpage: Any) -> str:
    """The text of a page, as pypdfium2's `get_text_range()` reads it: pdfium's
    characters, less those it leaves out of its text at either end (whose places it
    would otherwise read past, crbug.com/pdfium/2079)."""
    pdfium_c = _pdfium()

    count = pdfium_c.FPDFText_CountChars(textpage)
    if count == -1:
        raise PdfiumFailure("Failed to get character count.")
    first, last = 0, count - 1
    text_index = pdfium_c.FPDFText_GetTextIndexFromCharIndex
    while first <= last and (text_first := text_index(textpage, first)) == -1:
        first += 1
    if first > last:
        return ""
    while (text_last := text_index(textpage, last)) == -1:
        last -= 1
    buffer = (ctypes.c_ushort * (text_last + 2 - text_first))()
    written = pdfium_c.FPDFText_GetText(textpage, first, last + 1 - first, buffer)
    # Less the closing NUL; the buffer holds every character pdfium writes.
    return codecs.decode(memoryview(buffer)[: max(written - 1, 0)], "utf-16-le", "ignore")


# How deep into Form XObjects an image is looked for, as pypdfium2's `get_objects`.
_FORM_DEPTH = 15


def _holds_an_image(page: Any) -> bool:
    """Whether a pdfium page has an image among its objects or those of the forms in
    it."""
    pdfium_c = _pdfium()

    def found(parent: Any, depth: int) -> bool:
        # the page at depth 0, a form below it
        count, get = (
            (pdfium_c.FPDFPage_CountObjects, pdfium_c.FPDFPage_GetObject)
            if depth == 0
            else (pdfium_c.FPDFFormObj_CountObjects, pdfium_c.FPDFFormObj_GetObject)
        )
        objects = count(parent)
        if objects < 0:
            raise PdfiumFailure("Failed to get number of pageobjects.")
        for index in range(objects):
            item = get(parent, index)
            if not item:
                raise PdfiumFailure("Failed to get pageobject.")
            kind = pdfium_c.FPDFPageObj_GetType(item)
            if kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
                return True
            if (
                kind == pdfium_c.FPDF_PAGEOBJ_FORM
                and depth < _FORM_DEPTH - 1
                and found(item, depth + 1)
            ):
                return True
        return False

    return found(page, 0)


# A record a reader sends: its length (4 bytes, little-endian), then the record marshalled.
_LENGTH_BYTES = 4


def _send(out: int, record: tuple[Any, ...]) -> None:
    data = marshal.dumps(record)
    pending = memoryview(len(data).to_bytes(_LENGTH_BYTES, "little") + data)
    while pending:
        pending = pending[os.write(out, pending) :]


def _receive(stream: BinaryIO) -> tuple[Any, ...] | None:
    """The next record a reader sent, or None when it stopped before sending it whole."""
    head = stream.read(_LENGTH_BYTES)
    if len(head) < _LENGTH_BYTES:
        return None
    size = int.from_bytes(head, "little")
    data = stream.read(size)
    if len(data) < size:
        return None
    try:
        record: tuple[Any, ...] = marshal.loads(data)
    except (EOFError, ValueError, TypeError):  # cut short where the length was not
        return None
    return record


def _stop_all(started: list[tuple[int, BinaryIO]]) -> None:
    """Stop readers however far they got (one that finished has already left) and reap
    them. Each is taken off `started` first: once reaped, its process id may be another
    process's."""
    while started:
        pid, stream = started.pop()
        stream.close()
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, 0)


# What one compressed stream of a page (its text, a font) may inflate to. pdfium holds a
# content stream whole while it reads the page, at about twice its size, so this keeps a
# page's reading well under 300 MB; real pages are a few MB at most. Images are left
# out: text is read without decoding them.
MAX_INFLATED_STREAM = 64 * 1024 * 1024
# Opened by fixed text, so `re` looks for it as fast as `bytes.find` would; a look-behind
# in front would have every byte of the file tried (most of the check's time).
_STREAM_START = re.compile(rb"stream(?<!endstream)\r?\n")
_OBJECT_HEADER = re.compile(rb"(\d+)\s+\d+\s+obj\b")
_INFLATE_STEP = 1 << 20


def _refuse_bombs(file: Path, shown: str) -> None:
    """Raise a PdfError when a Flate stream inflates past MAX_INFLATED_STREAM, before
    pdfium is given the file: pdfium has no limit of its own and would try to hold it
    all. Each stream is inflated a step at a time and dropped as it goes, so this costs
    time in proportion to the document's real content and next to no memory."""
    import mmap
    import zlib

    with open_input(file) as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
        for found in _STREAM_START.finditer(data):
            start = found.end()
            if not _looks_like_zlib(data[start : start + 2]):
                continue
            dictionary = data[max(0, found.start() - 4096) : found.start()]
            header = _last_object_header(dictionary)
            if header is not None:
                dictionary = dictionary[header.end() :]
            if b"/Image" in dictionary:
                continue
            inflater = zlib.decompressobj()
            inflated = 0
            position = start
            pending = b""
            # Most streams are small: read a little first, more as a stream goes on, so
            # that the check stays linear in the size of the file.
            step = 16 * 1024
            while not inflater.eof:
                if not pending:
                    pending = data[position : position + step]
                    position += len(pending)
                    step = min(step * 2, _INFLATE_STEP)
                    if not pending:
                        break
                try:
                    inflated += len(inflater.decompress(pending, _INFLATE_STEP))
                except zlib.error:
                    break
                pending = inflater.unconsumed_tail
                if inflated > MAX_INFLATED_STREAM:
                    number = int(header.group(1)) if header is not None else None
                    raise PdfError(
                        f"{_where(file, number)} inflates to more than "
                        f"{MAX_INFLATED_STREAM // 1_048_576} MB from "
                        f"{(position - start - len(pending)) / 1024:,.0f} KB (a decompression "
                        "bomb?); nothing was read. Ask for the document again, or print "
                        "it to a new PDF",
                        path=shown,
                    )


def _last_object_header(before: bytes) -> re.Match[bytes] | None:
    """The last "N 0 obj" in `before`. No header can run across an "endobj", so the one
    after the last "endobj" is the last of all when there is one: the rest of the bytes,
    which can be a whole page's content, need not be searched."""
    end = before.rfind(b"endobj")
    headers = list(_OBJECT_HEADER.finditer(before, end + len(b"endobj"))) if end >= 0 else []
    if not headers:
        headers = list(_OBJECT_HEADER.finditer(before))
    return headers[-1] if headers else None


def _looks_like_zlib(head: bytes) -> bool:
    # RFC 1950: deflate, and the two header bytes a multiple of 31.
    return len(head) == 2 and head[0] & 0x0F == 8 and (head[0] << 8 | head[1]) % 31 == 0


def _where(file: Path, number: int | None) -> str:
    """'page N' for the page whose content is object `number`, else the object."""
    if number is None:
        return "a compressed stream"
    try:
        from pdfminer.pdfdocument import PDFDocument
        from pdfminer.pdfpage import PDFPage
        from pdfminer.pdfparser import PDFParser
        from pdfminer.pdftypes import PDFObjRef

        with open(file, "rb") as handle:
            document = PDFDocument(PDFParser(handle))
            for page_number, page in enumerate(PDFPage.create_pages(document), 1):
                contents = page.attrs.get("Contents")
                refs = contents if isinstance(contents, list) else [contents]
                if any(isinstance(r, PDFObjRef) and r.objid == number for r in refs):
                    return f"page {page_number}"
    except Exception:  # the page is only named for the message; the object will do
        pass
    return f"the stream in object {number}"


def _has_empty_page_tree(file: Path) -> bool:
    """Tells a well-formed PDF without pages from a damaged one, which pdfium cannot."""
    import pdfplumber

    try:
        with pdfplumber.open(file) as document:
            return len(document.pages) == 0
    except Exception:  # any parse failure means damaged, which is the other answer
        return False


def _rects(textpage: Any) -> list[list[float]]:
    """pdfium's rectangles of a page's text, in the order of its characters: each is
    left, bottom, right, top."""
    get_rect = _text_functions().get_rect
    count = _count_rects(textpage)
    handle = ctypes.c_void_p(ctypes.addressof(textpage.contents))
    # pdfium writes left, top, right, bottom; they are placed to be read in one slice.
    corners = (ctypes.c_double * 4)()
    left, bottom, right, top = (
        ctypes.c_void_p(ctypes.addressof(corners) + 8 * n) for n in range(4)
    )
    rects = []
    for index in range(count):
        if not get_rect(handle, index, left, top, right, bottom):
            raise PdfiumFailure(f"failed to get text rectangle {index}")
        rects.append(corners[:])
    return rects


def _count_rects(textpage: Any) -> int:
    pdfium_c = _pdfium()

    count: int = pdfium_c.FPDFText_CountRects(textpage, 0, -1)
    if count == -1:
        raise PdfiumFailure("Failed to count rectangles.")
    return count


def _text_bounded(textpage: Any, left: float, bottom: float, right: float, top: float) -> str:
    """The text pdfium finds inside a rectangle of a page, as pypdfium2's
    `get_text_bounded` reads it."""
    pdfium_c = _pdfium()

    count = pdfium_c.FPDFText_GetBoundedText(textpage, left, top, right, bottom, None, 0)
    if count <= 0:
        return ""
    buffer = (ctypes.c_ushort * count)()
    pdfium_c.FPDFText_GetBoundedText(textpage, left, top, right, bottom, buffer, count)
    return codecs.decode(memoryview(buffer), "utf-16-le", "ignore")


def _run_texts(textpage: Any, full: str, rects: list[list[float]]) -> list[str]:
    """The text of each of pdfium's rectangles `rects` on a page (whose text is `full`),
    in their order.

    pdfium starts a new rectangle where the text object of its characters changes
    (characters it generated, spaces and line breaks, and those of no size do not
    count), so each rectangle's text is the stretch of the page text from its first
    character to the next rectangle's. Those starts are found by asking pdfium how many
    rectangles a stretch of characters makes, once a line (`_run_starts`), where asking
    for the text inside each rectangle rescans the whole page every time (the cost of
    heavy test matrices). Where they do not line up even so, each rectangle is asked
    for its text after all."""
    pdfium_c = _pdfium()

    if not rects:  # a blank page: no rectangle, so no stretch of text to cut
        return []
    if len(full) == pdfium_c.FPDFText_CountChars(textpage):
        rects_in = _rects_in(textpage)
        # Most pages start a rectangle on every line; a page where one runs on to the
        # next line, or a line has no character of any size, is asked again line by line.
        for across_lines in (False, True):
            starts = _run_starts(rects_in, full, across_lines=across_lines)
            if len(starts) == len(rects):
                ends = [*starts[1:], len(full)]
                return [full[start:end] for start, end in zip(starts, ends, strict=True)]
    return [_text_bounded(textpage, *rect) for rect in rects]


def _rects_in(textpage: Any) -> Callable[[int, int], int]:
    """`rects_in(start, length)`: how many rectangles pdfium makes of that stretch of a
    page's characters. It replaces the rectangles `get_rect` reads: read them first."""
    handle = ctypes.c_void_p(ctypes.addressof(textpage.contents))
    return functools.partial(_text_functions().count_rects, handle)


# Where each line's text starts; blanks before it are left to the line above, as pdfium
# gives no rectangle to spaces and line breaks it generated.
_LINE_START = re.compile(r"\n[^\S\r\n]*(?=\S)")


def _run_starts(
    rects_in: Callable[[int, int], int], text: str, *, across_lines: bool = False
) -> list[int]:
    """Where the text of each of pdfium's rectangles starts in `text` (a page's text),
    given `rects_in(start, length)`: how many rectangles pdfium makes of that stretch
    of characters (at least one, even of a stretch with no character of any size).

    Asked of each line (from its first non-blank character to the next line's), this
    says how many rectangles start in it; when the counts of all lines add up to the
    page's own count, no rectangle runs across the start of a line and every line has
    one of its own (the caller checks). The first rectangle of a line starts with the
    line; in a line of several, the count of rectangles in a growing part of the line
    rises by one at each later rectangle's first character, which is found by
    bisection. `across_lines` asks, besides, whether the rectangle before a line runs
    on into it (counted from its start to the line's end, it makes no more rectangles
    than the line alone): then the line's first rectangle is not a new one."""
    # (Searched for after a line break, which is quicker than at every character.)
    lines = [found.end() - 1 for found in _LINE_START.finditer("\n" + text)]
    if not lines:
        return []
    lines[0] = 0
    lines.append(len(text))
    starts: list[int] = []
    for start, end in itertools.pairwise(lines):
        found = rects_in(start, end - start)
        if not (across_lines and starts and rects_in(starts[-1], end - starts[-1]) == found):
            starts.append(start)
        # The line's characters up to `low` make `at_low` rectangles, up to `high` more.
        low, at_low = start, 1
        while at_low < found:
            high, at_high = end - 1, found
            while high - low > 1:
                middle = (low + high) // 2
                at_middle = rects_in(start, middle + 1 - start)
                if at_middle > at_low:
                    high, at_high = middle, at_middle
                else:
                    low = middle
            starts.append(high)
            low, at_low = high, at_high
    return starts


class _TextFunctions(NamedTuple):
    count_rects: Callable[..., int]
    get_rect: Callable[..., int]


@functools.cache
def _text_functions() -> _TextFunctions:
    """pdfium's FPDFText_CountRects and FPDFText_GetRect, called with bare addresses and
    numbers and no argument types to check, which costs about half of pypdfium2's typed
    call: they are called some hundreds of times a page of a test matrix. Their C
    arguments are a pointer and `int`s (a pointer and `double` pointers for GetRect),
    which ctypes passes as given."""
    pdfium_c = _pdfium()

    def bare(typed: Any) -> Callable[..., int]:
        address = ctypes.cast(typed, ctypes.c_void_p).value
        assert address is not None  # a function of the loaded library
        # No argument types: a C function's extra arguments are passed as given.
        untyped: Callable[..., int] = ctypes.CFUNCTYPE(ctypes.c_int)(address)
        return untyped

    return _TextFunctions(bare(pdfium_c.FPDFText_CountRects), bare(pdfium_c.FPDFText_GetRect))


# The characters _CONTROL removes that are ASCII, read from it so the two cannot drift.
_CONTROL_BYTES = bytes(code for code in range(128) if _CONTROL.match(chr(code)))


def _clean(text: str) -> str:
    if text.isascii() and "\x02" not in text:
        # The same steps on bytes (no broken word to rejoin): a fraction of the cost of
        # the regular expression on most pages.
        data = text.encode("ascii").replace(b"\r\n", b"\n").replace(b"\r", b"\n")
        return data.translate(None, _CONTROL_BYTES).decode("ascii")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x02" in text or "\ufffe" in text:  # most pages have no broken word
        text = _SOFT_HYPHEN_BREAK.sub("", text)
    return _CONTROL.sub("", text)
