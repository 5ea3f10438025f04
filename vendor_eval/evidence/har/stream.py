"""Reads a HAR capture as a stream: `log.entries` one at a time, so a 200 MB capture
costs little more than its largest entry, with the file's sha256 taken on the way.
"""

from __future__ import annotations

import codecs
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vendor_eval.errors import InputError
from vendor_eval.evidence.har.hosts import web_url_host
from vendor_eval.evidence.text import clean_untrusted
from vendor_eval.fileio import open_input

CHUNK_BYTES = 1 << 20

# One entry may hold a large response body; beyond this we stop rather than exhaust memory.
# Reading a value holds it about three times over (the text read, the buffer it grows in,
# the decoded value), so this keeps a capture's reading under 300 MB.
MAX_ENTRY_CHARS = 64 * 1024 * 1024


class HarError(InputError):
    """A capture that cannot be read as a HAR file."""


class _JsonStream:
    """Decodes a large JSON document piece by piece from a file: the text between values
    is walked by hand, each value of interest is decoded with `raw_decode`, and the
    buffer only ever holds the value being decoded plus one chunk."""

    def __init__(self, handle: Any, path: str) -> None:
        self.handle = handle
        self.path = path
        self.decoder = codecs.getincrementaldecoder("utf-8")("strict")
        self.digest = hashlib.sha256()
        self.buf = ""
        self.pos = 0
        self.eof = False
        self.lines_before = 0  # newlines in text already dropped from the buffer
        self.replaced_bytes = False
        self.json = json.JSONDecoder()
        self.reading = "a value"  # what is being read, for the size limit's message

    def _read(self, size: int) -> None:
        raw = self.handle.read(size)
        self.digest.update(raw)
        if not raw:
            self.eof = True
        try:
            text = self.decoder.decode(raw, final=self.eof)
        except UnicodeDecodeError:
            # Keep going: a capture with a few stray bytes still holds good evidence.
            state = self.decoder.getstate()
            self.decoder = codecs.getincrementaldecoder("utf-8")("replace")
            self.decoder.setstate(state)
            self.replaced_bytes = True
            text = self.decoder.decode(raw, final=self.eof)
        if self.pos > len(self.buf) // 2:
            self.lines_before += self.buf.count("\n", 0, self.pos)
            self.buf = self.buf[self.pos :]
            self.pos = 0
        self.buf += text

    def more(self) -> bool:
        if self.eof:
            return False
        pending = len(self.buf) - self.pos
        # Growing the read with what is pending keeps a huge entry linear, not quadratic;
        # never past the limit, which is checked on what was actually read.
        self._read(max(CHUNK_BYTES, min(pending, MAX_ENTRY_CHARS - pending)))
        if len(self.buf) - self.pos > MAX_ENTRY_CHARS:
            raise HarError(
                f"{self.reading} is larger than {MAX_ENTRY_CHARS // 1_048_576} MB (a huge "
                "response body?); save the capture again without response bodies, or leave "
                "that request out",
                path=self.path,
            )
        return True

    def where(self, pos: int) -> str:
        line = self.lines_before + self.buf.count("\n", 0, pos) + 1
        column = pos - (self.buf.rfind("\n", 0, pos) + 1) + 1
        return f"line {line}, column {column}"

    def fail(self, message: str, pos: int | None = None) -> HarError:
        at = self.where(self.pos if pos is None else pos)
        return HarError(f"not valid JSON ({at}): {message}", path=self.path)

    def peek(self) -> str:
        """The next non-blank character ('' at the end), without consuming it."""
        while True:
            while self.pos < len(self.buf) and self.buf[self.pos] in " \t\r\n":
                self.pos += 1
            if self.pos < len(self.buf):
                return self.buf[self.pos]
            if not self.more():
                return ""

    def expect(self, char: str, what: str) -> None:
        found = self.peek()
        if found != char:
            shown = repr(found) if found else "the end of the file"
            raise self.fail(f"expected {what}, found {shown}")
        self.pos += 1

    def value(self) -> Any:
        self.peek()
        while True:
            try:
                value, end = self.json.raw_decode(self.buf, self.pos)
            except json.JSONDecodeError as exc:
                incomplete = (
                    exc.msg.startswith("Unterminated string") or exc.pos >= len(self.buf) - 6
                )
                if incomplete and self.more():
                    continue
                raise self.fail(exc.msg, exc.pos) from None
            except RecursionError:
                raise self.fail("nesting is too deep") from None
            if end >= len(self.buf) and self.more():
                continue  # a number cut at the buffer's end would decode short
            self.pos = end
            return value

    def members(self) -> Iterator[str]:
        """Keys of the object starting here; the caller consumes each value."""
        self.expect("{", "an object")
        if self.peek() == "}":
            self.pos += 1
            return
        while True:
            key = self.value()
            if not isinstance(key, str):
                raise self.fail("expected a quoted key")
            self.expect(":", "':'")
            yield key
            if self.peek() == ",":
                self.pos += 1
                continue
            self.expect("}", "',' or '}'")
            return

    def items(self) -> Iterator[Any]:
        self.expect("[", "a list")
        if self.peek() == "]":
            self.pos += 1
            return
        while True:
            yield self.value()
            if self.peek() == ",":
                self.pos += 1
                continue
            self.expect("]", "',' or ']'")
            return


@dataclass
class HarMeta:
    sha256: str = ""
    entries: int = 0
    pages: int = 0
    page_hosts: list[str] = field(default_factory=list)  # of pages titled with their URL
    creator: str | None = None
    stream: _JsonStream | None = None

    @property
    def replaced_bytes(self) -> bool:
        return self.stream is not None and self.stream.replaced_bytes


def _page_hosts(pages: list[Any]) -> list[str]:
    """Hosts of the recorded pages whose title is their URL, as Chrome writes them
    (Firefox titles a page with its document title, which names no host)."""
    titles = (page.get("title") for page in pages if isinstance(page, dict))
    hosts = (web_url_host(title) for title in titles if isinstance(title, str))
    return [host for host in hosts if host]


def iter_entries(path: str | Path, meta: HarMeta) -> Iterator[Any]:
    """Yield `log.entries` one by one; fill `meta` (sha256 last, after the whole file)."""
    name = str(path)
    handle = open_input(path, expected="a .har file")
    try:
        head = handle.read(4)
        if head.startswith(b"\x1f\x8b"):
            raise HarError("is gzip-compressed; decompress it first (gunzip)", path=name)
        if head.startswith(b"PK\x03\x04"):
            raise HarError("is a zip archive; extract the .har file first", path=name)
        handle.seek(0)
        stream = _JsonStream(handle, name)
        meta.stream = stream
        if stream.peek() == "\ufeff":
            stream.pos += 1
        first = stream.peek()
        if first == "":
            raise HarError("is empty; save the capture again from DevTools", path=name)
        if first != "{":
            not_json = HarError(
                f"is not JSON (it starts with {first!r}); a HAR capture is the JSON file"
                " that DevTools → Network → 'Save all as HAR' writes",
                path=name,
            )
            if first not in '["-0123456789tfn':
                raise not_json
            # Text can start like JSON ("2025 report", "null and void"): only a whole
            # JSON value, and nothing after it, makes a file JSON.
            try:
                stream.value()
                trailing = stream.peek()
            except HarError:
                raise not_json from None
            if trailing:
                raise not_json
            raise HarError("is JSON but not a HAR capture (no top-level object)", path=name)
        saw_log = saw_entries = False
        for key in stream.members():
            if key != "log":
                stream.value()
                continue
            saw_log = True
            if stream.peek() != "{":
                raise HarError("is JSON but not a HAR capture (`log` is not an object)", path=name)
            for log_key in stream.members():
                if log_key == "entries" and stream.peek() == "[":
                    saw_entries = True
                    stream.reading = "entry 0"
                    for entry in stream.items():
                        meta.entries += 1
                        stream.reading = f"entry {meta.entries}"
                        yield entry
                    stream.reading = "a value"
                elif log_key == "pages":
                    pages = stream.value()
                    meta.pages = len(pages) if isinstance(pages, list) else 0
                    meta.page_hosts = _page_hosts(pages) if isinstance(pages, list) else []
                elif log_key == "creator":
                    creator = stream.value()
                    if isinstance(creator, dict):
                        text = f"{creator.get('name', '')} {creator.get('version', '')}"
                        meta.creator = clean_untrusted(text)[:80] or None
                else:
                    stream.value()
        if stream.peek() != "":
            raise stream.fail("unexpected text after the end of the JSON document")
        if not saw_log:
            raise HarError("is JSON but not a HAR capture (no `log` object)", path=name)
        if not saw_entries:
            raise HarError(
                "is JSON but not a HAR capture (`log.entries` is missing or not a list)",
                path=name,
            )
        while not stream.eof:  # hash whatever follows, so sha256 covers the whole file
            stream.more()
        meta.sha256 = stream.digest.hexdigest()
    except OSError as exc:
        raise HarError(f"cannot read: {exc.strerror or exc}", path=name) from None
    finally:
        handle.close()
