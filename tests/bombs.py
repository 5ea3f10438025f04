"""Decompression bombs, built in code: a PDF whose one page content stream inflates far
beyond its size, and a HAR capture with one huge base64 response body. Written a chunk
at a time, so making a 1 GB bomb never takes 1 GB of memory."""

from __future__ import annotations

import base64
import json
import zlib
from pathlib import Path
from typing import Any

_CHUNK = 1 << 20
TEXT = b"BT /F1 12 Tf 72 720 Td (SOC 2 Type 2 report on controls) Tj ET\n"


def bomb_pdf(path: Path, inflated_bytes: int) -> Path:
    """A one-page PDF whose content stream is a line of text and then `inflated_bytes`
    of blanks, Flate-compressed (about 1,000 to 1)."""
    packer = zlib.compressobj(9)
    parts = [packer.compress(TEXT)]
    blanks = b" " * _CHUNK
    left = inflated_bytes
    while left > 0:
        parts.append(packer.compress(blanks[: min(left, _CHUNK)]))
        left -= _CHUNK
    parts.append(packer.flush())
    stream = b"".join(parts)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    path.write_bytes(bytes(out))
    return path


def bomb_har(path: Path, body_bytes: int, *, site: str = "clinic.example") -> Path:
    """A capture of a page and one request whose response body is `body_bytes` of
    base64 text, written straight to disk."""
    placeholder = "@BODY@"
    capture = {
        "log": {
            "version": "1.2",
            "creator": {"name": "bombs", "version": "1"},
            "pages": [],
            "entries": [_entry(f"https://{site}/", ""), _entry(_BLOB_URL, placeholder)],
        }
    }
    head, tail = json.dumps(capture).split(placeholder)
    block = base64.b64encode(b"\x00" * (3 * _CHUNK // 4)).decode()  # _CHUNK characters
    with path.open("w", encoding="ascii") as handle:
        handle.write(head)
        left = body_bytes
        while left > 0:
            handle.write(block[: min(left, len(block))])
            left -= len(block)
        handle.write(tail)
    return path


_BLOB_URL = "https://cdn.tracker.example/blob.js"


def _entry(url: str, text: str) -> dict[str, Any]:
    return {
        "startedDateTime": "2026-01-01T00:00:00Z",
        "time": 1,
        "request": {
            "method": "GET",
            "url": url,
            "httpVersion": "HTTP/2",
            "headers": [],
            "cookies": [],
            "queryString": [],
            "headersSize": -1,
            "bodySize": 0,
        },
        "response": {
            "status": 200,
            "statusText": "",
            "httpVersion": "HTTP/2",
            "headers": [],
            "cookies": [],
            "redirectURL": "",
            "headersSize": -1,
            "bodySize": 0,
            "content": {"size": 0, "mimeType": "text/plain", "text": text, "encoding": "base64"},
        },
        "cache": {},
        "timings": {"send": 1, "wait": 1, "receive": 1},
    }
