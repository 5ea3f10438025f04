"""Who a request identifies: contact details in payload values (e-mail, phone, name,
or hashes of them), the canary values a user planted, and the redactor that keeps every
such value out of what is written.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import quote, quote_plus, unquote, urlsplit

from vendor_eval.evidence.har.entries import Request
from vendor_eval.evidence.har.memo import Remembered
from vendor_eval.evidence.har.payload import (
    B64_RUN,
    MAX_DECODE_CHARS,
    Field,
    b64_text,
    form_decoded_piece,
    query_pairs,
)
from vendor_eval.evidence.har.vocabulary import EMAIL_KEYS, NAME_KEYS, PERSON_PARENTS, PHONE_KEYS
from vendor_eval.evidence.text import clean_untrusted, clip

MAX_QUOTE = 200

# ------------------------------------------------------------------------- detectors

_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,24}\b")

# Written the way people type them: North American with separators, or international
# with a leading +. Bare digit runs are left alone (timestamps and ids look the same).
_PHONE = re.compile(
    r"(?<![\w.+])(?:(?:\+1[\s.-]?)?\(?\d{3}\)?[\s.-]\d{3}[\s.-]\d{4}"
    r"|\+\d{1,3}[\s.-]?\d{2,4}(?:[\s.-]?\d{2,4}){2,4})(?![\w.])"
)
# What every phone number above holds: a `+`, or three digits, three and four apart. Far
# quicker to look for, as it starts with a digit and not with a look-behind.
_PHONE_CORE = re.compile(r"\d{3}\)?[\s.-]\d{3}[\s.-]\d{4}")

_HEX_HASH = re.compile(r"^(?:[0-9a-f]{32}|[0-9a-f]{40}|[0-9a-f]{64})$", re.IGNORECASE)

_KEY_PART = re.compile(r"[^a-z0-9]+")


def _norm_key(key: str) -> str:
    return _KEY_PART.sub("_", key.lower()).strip("_")


_KEY_SPLIT = re.compile(r"[.\[\]]+")
_WHERE_SPLIT = re.compile(r"[.\[\]:]+")


# The same few keys come back in every entry of a capture (bounded, so memory stays flat).
@lru_cache(maxsize=4096)
def _key_kind(key: str, where: str) -> str | None:
    # `ud[em]` (Meta) and `user.email` name the detail in their last part.
    parts = [p for p in _KEY_SPLIT.split(key) if p]
    last = _norm_key(parts[-1]) if parts else ""
    if last in EMAIL_KEYS:
        return "email"
    if last in PHONE_KEYS:
        return "phone"
    if last in NAME_KEYS:
        return "name"
    if last == "name":
        parents = {_norm_key(p) for p in _WHERE_SPLIT.split(where)[:-1]}
        if parents & PERSON_PARENTS:
            return "name"
    return None


def contact_kind(field_: Field) -> str | None:
    """Which contact detail a payload value is, if any: "email", "email-hash", ..."""
    text = field_.text.strip()
    if not text or len(text) > 2000:
        return None
    by_key = _key_kind(field_.key, field_.where)
    if by_key and _HEX_HASH.match(text):
        return f"{by_key}-hash"
    # An address needs its @ and a phone number its digits: without them the searches,
    # slow on long base64 values, are not run at all.
    if "@" in text and _EMAIL.search(text):
        return "email"
    if by_key == "phone" and sum(c.isdigit() for c in text) >= 7:
        return "phone"
    if ("+" in text or _PHONE_CORE.search(text)) and _PHONE.search(text):
        return "phone"
    if by_key == "name" and any(c.isalpha() for c in text) and len(text) <= 80:
        return "name"
    return None


# -------------------------------------------------------------------------- redaction

_LONG_NUMBER = re.compile(r"\d{6,}")
_DIGIT = re.compile(r"\d")

# Ids, hashes and base64 blobs; a run of plain words (a page path) has no digit.
_TOKEN = re.compile(r"(?<![A-Za-z0-9+_=-])(?=[A-Za-z_=+-]*\d)[A-Za-z0-9+_=-]{20,}")


class Redactor:
    """Masks what must never be written: canaries (in every form we search for), e-mail
    addresses, phone numbers, long numbers and tokens."""

    def __init__(self, canaries: tuple[str, ...]) -> None:
        forms: dict[str, int] = {}
        for needle in canary_needles(canaries):
            forms.setdefault(needle.text, needle.canary)
        for number, canary in enumerate(canaries, 1):
            forms.setdefault(quote(canary, safe="").lower(), number)
            forms.setdefault(quote_plus(canary).lower(), number)
        ordered = sorted(forms.items(), key=lambda item: (-len(item[0]), item[0]))
        self.canaries = [
            (re.compile(re.escape(text), re.IGNORECASE), f"<canary {number}>")
            for text, number in ordered
        ]
        # One search for any form first: most text holds none, and then no mask applies.
        self._any_canary = re.compile(
            "|".join(re.escape(text) for text, _ in ordered) or "(?!)", re.IGNORECASE
        )

    def text(self, text: str) -> str:
        text = clean_untrusted(text)
        if self._any_canary.search(text):
            for pattern, mask in self.canaries:
                text = pattern.sub(mask, text)
        if "@" in text:
            text = _EMAIL.sub("<e-mail>", text)
        if _DIGIT.search(text):  # a phone number, a token and a long number all hold one
            text = _PHONE.sub("<phone>", text)
            text = _TOKEN.sub("<token>", text)
            text = _LONG_NUMBER.sub("<number>", text)
        return clip(text, MAX_QUOTE, marker="…")

    def host(self, host: str) -> str:
        """A host name with any label that carries a canary masked; the rest is kept, as
        it says who received the data."""
        for pattern, mask in self.canaries:
            host = pattern.sub(mask, host)
        return host

    def url(self, url: str) -> str:
        """A URL with its query values dropped (they are the payload) and the rest masked."""
        try:
            parts = urlsplit(url)
        except ValueError:
            return self.text(url)
        keys = [k for k, _ in query_pairs(parts.query)][:12]
        query = "?" + "&".join(f"{k}=…" for k in keys) if keys else ""
        path = unquote(parts.path)
        return self.text(f"{parts.scheme}://{parts.netloc}{path}{query}")


# ---------------------------------------------------------------------------- canaries


@dataclass(frozen=True)
class Needle:
    canary: int  # 1-based, in the order given; the value itself is never stored
    form: str
    text: str
    case_sensitive: bool = False


def _phone_forms(typed: str) -> set[str]:
    """The forms pixels hash a phone number in: bare digits, and E.164 with the country
    code, with or without `+` (Meta hashes `15550142276`, TikTok `+15550142276`). A
    10-digit number typed without a country code is taken as North American."""
    digits = "".join(c for c in typed if c.isdigit())
    if len(digits) < 7:
        return set()
    forms = {digits, "+" + digits}
    if len(digits) == 10 and not typed.lstrip().startswith("+"):
        forms |= {"1" + digits, "+1" + digits}
    return forms


def canary_needles(canaries: tuple[str, ...]) -> list[Needle]:
    needles: list[Needle] = []
    for number, canary in enumerate(canaries, 1):
        trimmed = canary.strip()
        lowered = trimmed.lower()
        needles.append(Needle(number, "plain", lowered))
        # A name typed with a space comes back in a cookie or a key as one word.
        words = lowered.split()
        if len(words) > 1:
            for joint in ("", "_", "-", ".", "+"):
                needles.append(Needle(number, "plain", joint.join(words)))
        variants = {lowered, trimmed}
        if not any(c.isalpha() for c in trimmed):
            variants.update(_phone_forms(trimmed))
        for variant in sorted(variants):
            data = variant.encode("utf-8")
            for algorithm in ("sha256", "sha1", "md5"):
                needles.append(Needle(number, algorithm, hashlib.new(algorithm, data).hexdigest()))
            # Hex and base32 survive where base64 cannot: a host label, a cookie name.
            needles.append(Needle(number, "hex", data.hex()))
            base32 = base64.b32encode(data).decode().rstrip("=").lower()
            needles.append(Needle(number, "base32", base32))
            for encoded in (base64.b64encode(data), base64.urlsafe_b64encode(data)):
                # Without its padding, the encoding of a value also matches inside a
                # longer base64 string that starts with it.
                needles.append(Needle(number, "base64", encoded.decode().rstrip("="), True))
    unique = {(n.canary, n.form, n.text): n for n in needles}
    return list(unique.values())


def _search_views(text: str) -> Iterator[tuple[str, str]]:
    """(form, text) views of a haystack: as sent, URL-decoded, base64-decoded parts."""
    yield "plain", text
    if len(text) > MAX_DECODE_CHARS:
        return
    seen = {text}
    layers = [("plain", text)]
    for _ in range(2):
        fresh = []
        for form, layer in layers:
            if "%" in layer or "+" in layer:
                decoded = form_decoded_piece(layer)
                if decoded not in seen:
                    seen.add(decoded)
                    fresh.append(("url-encoded" if form == "plain" else form, decoded))
            for run in B64_RUN.findall(layer):
                decoded_b64 = b64_text[run]
                if decoded_b64 is not None and decoded_b64 not in seen:
                    seen.add(decoded_b64)
                    fresh.append(("base64", decoded_b64))
            if "\\u" in layer or "\\/" in layer:
                try:
                    unescaped = json.loads(f'"{layer}"')
                except ValueError:
                    unescaped = None
                if isinstance(unescaped, str) and unescaped not in seen:
                    seen.add(unescaped)
                    fresh.append((form, unescaped))
        yield from fresh
        layers = fresh


# Where a value may be cut into pieces searched one by one: none of these is in the
# base64 alphabet, a %-escape or a JSON escape, so every view of a value (decoded or not)
# is its pieces' views put back together around them.
_CUTS = "&,:"
# What JSON-unescaping a value makes of the escapes in a piece that has no `\u` or `\/`
# (and so is not unescaped on its own).
_UNESCAPED = frozenset('"\\\b\f\n\r\t')


class CanaryFinder:
    """Where each canary form shows up in a request; headers, cookies and referers repeat
    in entry after entry, so each short value is searched once. A URL or a body that
    differs in one value each time is searched piece by piece (the rest are pieces seen
    before), and whole only when a piece holds a canary, to name the form it is in as
    the whole value shows it first."""

    def __init__(self, canaries: tuple[str, ...]) -> None:
        self.needles = tuple(canary_needles(canaries))
        needle_chars = {c for needle in self.needles for c in needle.text}
        # A form holding a cut could lie across two pieces.
        cuts = "" if needle_chars & _UNESCAPED else "".join(set(_CUTS) - needle_chars)
        self._cut = re.compile(f"[{re.escape(cuts)}]").split if cuts else None
        self._in = Remembered(self._canaries_in, len)

    def _canaries_in(self, haystack: str) -> tuple[tuple[int, str], ...]:
        if self._cut is not None:
            pieces = self._cut(haystack)
            if len(pieces) > 1 and not any(self._in[piece] for piece in pieces):
                return ()
        return _canaries_in(haystack, self.needles)

    def __bool__(self) -> bool:
        return bool(self.needles)

    def find(self, request: Request) -> list[tuple[Needle, str]]:
        """(needle, where) for every canary form found in a request."""
        found_in = self._in
        hits: dict[tuple[int, str], tuple[Needle, str]] = {}

        def record(found: tuple[tuple[int, str], ...], where: str) -> None:
            for canary, label in found:
                if (canary, where) not in hits:
                    hits[(canary, where)] = (Needle(canary, label, ""), where)

        # Most values hold no canary: the name of where one is found is only written then.
        found = found_in[request.url]
        if found:
            record(found, "url")
        for name, value in request.headers:
            if name.lower() != "cookie":
                found = found_in[value]
                if found:
                    record(found, f"header:{name.lower()}")
        for name, value in request.cookies:
            found = found_in[value]
            if found:
                record(found, f"cookie:{name}")
        if request.body_params:
            for name, value in request.body_params:
                found = found_in[value]
                if found:
                    record(found, f"body:{name}")
        elif request.body:
            found = found_in[request.body]
            if found:
                record(found, "body")
        for number, message in enumerate(request.messages):
            found = found_in[message]
            if found:
                record(found, f"websocket[{number}]")
        return list(hits.values())


def _canaries_in(haystack: str, needles: tuple[Needle, ...]) -> tuple[tuple[int, str], ...]:
    """(canary, form) for each canary found in one value: the first form it is found in."""
    found: dict[int, str] = {}
    for form, view in _search_views(haystack):
        lowered = view.lower()
        for needle in needles:
            if (
                needle.text in view if needle.case_sensitive else needle.text in lowered
            ) and needle.canary not in found:
                found[needle.canary] = needle.form if needle.form != "plain" else form
    return tuple(found.items())
