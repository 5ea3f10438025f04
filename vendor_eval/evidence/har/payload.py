"""The values a request carries, after undoing their encodings (JSON, query strings,
base64, URL encoding), so detectors read values, never encoded blobs.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Iterator
from typing import Any, NamedTuple
from urllib.parse import unquote, unquote_plus

from vendor_eval.evidence.har.entries import Request
from vendor_eval.evidence.har.memo import Remembered

# Bodies are decoded and searched up to this size; larger ones are searched as raw text.
MAX_DECODE_CHARS = 2 * 1024 * 1024


class Field(NamedTuple):
    """One value a request carries, found after undoing its encodings. A tuple, as each
    is a key of the memo of what values give away: made and hashed without a call."""

    where: str  # "query:dl", "body:properties.$current_url", "header:referer", ...
    key: str  # the innermost key, e.g. "$current_url"
    text: str


_B64 = re.compile(r"^[A-Za-z0-9+/_-]{16,}={0,2}$")

# A run is only tried where it starts: from inside a run, a shorter one never matches.
B64_RUN = re.compile(r"(?<![A-Za-z0-9+/_-])[A-Za-z0-9+/_-]{16,}={0,2}")

_QUERYLIKE = re.compile(r"^[\w.$\[\]%-]+=[^&]*(&[\w.$\[\]%-]+=[^&]*)*$")


def _b64_text(text: str) -> str | None:
    """Readable text hidden in a base64 string, or None."""
    # A `+` decoded as a space by form decoding is still a `+` of the base64 alphabet.
    stripped = text.strip().replace(" ", "+")
    if len(stripped) > MAX_DECODE_CHARS or not _B64.match(stripped):
        return None
    padded = stripped.rstrip("=") + "=" * (-len(stripped.rstrip("=")) % 4)
    # The URL-safe alphabet differs only in `-` and `_`, which the standard one refuses:
    # the text can be only one of the two, and reading it as the other gives nothing new.
    urlsafe = "-" in padded or "_" in padded
    try:
        raw = base64.b64decode(padded, altchars=b"-_" if urlsafe else None, validate=True)
        decoded = raw.decode("utf-8")
    except (binascii.Error, ValueError):
        return None
    if decoded and (
        decoded.isprintable()
        or sum(c.isprintable() or c in "\n\t" for c in decoded) >= 0.95 * len(decoded)
    ):
        return decoded
    return None


# Tokens, ids and blobs come back entry after entry, tried both as payload values and
# as canary haystacks.
b64_text = Remembered(_b64_text, len)

# A query value that differs each time (a page URL with an id in it) is form-decoded once
# as a payload value and read again in the canary search of its `name=value` piece.
form_decoded = Remembered(unquote_plus, len)


def form_decoded_piece(text: str) -> str:
    """`unquote_plus(text)`, decoded between its `=` signs: no escape spans an `=`, and
    the parts are the names and values `query_pair` decodes, found in `form_decoded`."""
    return "=".join([form_decoded[part] for part in text.split("=")])


def expand(where: str, key: str, text: str, depth: int = 0) -> Iterator[Field]:
    """The plain values inside a value sent: it is decoded (JSON, query string, base64, URL
    encoding) as far as it goes, and only what is left at the end is yielded, so that
    no detector ever reads words into the letters of an encoded blob."""
    if depth >= 4 or len(text) > MAX_DECODE_CHARS:
        yield Field(where, key, text)
        return
    stripped = text.strip()
    if stripped[:1] in "{[":
        try:
            data = json.loads(stripped)
        except (ValueError, RecursionError):
            data = None
        if isinstance(data, dict | list):
            yield from _json_fields(where, data, depth + 1)
            return
    decoded = b64_text[stripped]
    if decoded is not None:
        yield from expand(where, key, decoded, depth + 1)
        return
    # GA4 batches several hits in one body, one query string per line.
    lines = stripped.splitlines()
    if (
        "=" in stripped
        and not stripped.startswith("http")
        and all(_QUERYLIKE.match(line) for line in lines)
    ):
        for line in lines:
            for name, value in query_pairs(line):
                yield from expand(f"{where}.{name}", name, value, depth + 1)
        return
    if "%" in stripped:
        unquoted = unquote(stripped)
        if unquoted != stripped:
            yield from expand(where, key, unquoted, depth + 1)
            return
    yield Field(where, key, text)


def _json_fields(where: str, data: Any, depth: int, key: str = "") -> Iterator[Field]:
    stack: list[tuple[str, str, Any]] = [(where, key, data)]
    seen = 0
    while stack and seen < 5000:
        path, name, value = stack.pop()
        seen += 1
        if isinstance(value, dict):
            for k, v in reversed(list(value.items())):
                stack.append((f"{path}.{k}", str(k), v))
        elif isinstance(value, list):
            for i, v in reversed(list(enumerate(value))):
                stack.append((f"{path}[{i}]", name, v))
        elif isinstance(value, str):
            yield from expand(path, name, value, depth)
        elif isinstance(value, int | float) and not isinstance(value, bool):
            yield Field(path, name, str(value))


def query_pair(piece: str) -> tuple[str, str]:
    """The name and value of one `&`-separated piece of a query string, decoded as
    `parse_qsl` decodes them; a piece with nothing to decode (no `%` or `+`), as most
    are, is only cut at its `=`."""
    name, _, value = piece.partition("=")
    if "%" in piece or "+" in piece:
        return form_decoded[name], form_decoded[value]
    return name, value


def query_pairs(query: str) -> list[tuple[str, str]]:
    """`parse_qsl(query, keep_blank_values=True)`: the same pairs, found faster."""
    return [query_pair(piece) for piece in query.split("&") if piece]


def query_value(piece: str) -> tuple[str, str, str]:
    """(where, key, value) for one piece of a request's query string, as sent."""
    name, value = query_pair(piece)
    return f"query:{name}", name, value


def body_values(request: Request) -> Iterator[tuple[str, str, str]]:
    """(where, key, value) for each value the request sends in its body or WebSocket
    frames (with its query string, the vendor's payload), still encoded as sent."""
    if request.body_params:
        for name, value in request.body_params:
            # Writers differ on whether params are still form-encoded; only `%` tells.
            yield f"body:{name}", name, unquote_plus(value) if "%" in value else value
    elif request.body:
        yield "body", "", request.body
    for number, message in enumerate(request.messages):
        yield f"websocket[{number}]", "", message
