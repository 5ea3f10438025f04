"""Data-flow evidence from a browser HAR capture (DevTools → Network → Save all as HAR).

A vendor may say "we support server-side collection"; the capture shows what the browser
actually sent, and to whom. This module reads the capture as a stream (one entry in
memory at a time, so a 200 MB capture costs little more than its largest entry), looks
at every request that left for a host outside the site, and returns an `Evidence` whose
facts are:

- `collection`: how the site collects data, by this rule:
    * "client-side": the browser sent data (a query string on a beacon, a body, or any
      method other than GET/HEAD) straight to a known analytics or ad vendor;
    * "hybrid": the browser loaded a known vendor's code (scripts, styles, plain GETs)
      but every request that carried data went to the site itself, as with a
      first-party proxy or a server-side tag container;
    * "server-side": the browser talked only to the site and to static CDNs / fonts;
    * null (with a warning) when unrecognised third parties received data, because they
      may be trackers this tool does not know.
- `client_side_vendors`: the known vendors the browser contacted, with their category.
- `third_party_hosts`: every host outside the site, its request count and its class.
- `third_party_cookies`: cookies set by, or sent to, third-party hosts (names only).
- `phi_signals`: third-party requests carrying health context (health words in a page
  path, referrer, title or value) or contact details (e-mail, phone, name, or hashes of
  them under the keys ad pixels use).
- `canary_leaks`: where each `--canary` value went, in plain, URL-encoded, base64 or
  hashed (SHA-256, SHA-1, MD5 of the trimmed, lower-cased value) form; null when no
  canary was given.

Citations name the request by its index in `log.entries` (0-based, as in
`jq '.log.entries[N]'`). Nothing personal reaches the output: quotes and warnings go
through one redactor that masks canaries, e-mail addresses, phone numbers, long numbers
and tokens; names are never quoted at all.
"""

from __future__ import annotations

import base64
import binascii
import codecs
import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, quote, quote_plus, unquote, unquote_plus, urljoin, urlsplit

from vendor_eval import yamlio
from vendor_eval.errors import InputError, UsageError
from vendor_eval.evidence.text import clean_untrusted, clip
from vendor_eval.fileio import open_input, sha256_of
from vendor_eval.model import Citation, DocumentRef, Evidence, EvidenceKind, Fact
from vendor_eval.resources import package_text

CHUNK_BYTES = 1 << 20
# One entry may hold a large response body; beyond this we stop rather than exhaust memory.
MAX_ENTRY_CHARS = 256 * 1024 * 1024
# Bodies are decoded and searched up to this size; larger ones are searched as raw text.
MAX_DECODE_CHARS = 2 * 1024 * 1024
MAX_LISTED = 500
MAX_QUOTE = 200
MIN_CANARY = 4
CATEGORIES = ("analytics", "ads", "session-replay", "tag-manager")
STATIC_CLASSES = ("static-cdn", "fonts")
WEB_SCHEMES = ("http", "https", "ws", "wss")

DEFAULT_TRACKERS = ("evidence", "trackers.yaml")
DEFAULT_HEALTH_TERMS = ("evidence", "health_terms.yaml")


class HarError(InputError):
    """A capture that cannot be read as a HAR file."""


@dataclass(frozen=True)
class HarOptions:
    sites: tuple[str, ...]
    canaries: tuple[str, ...] = ()
    health_terms_file: Path | None = None


# --------------------------------------------------------------------------- catalogue


@dataclass(frozen=True)
class Vendor:
    id: str
    name: str
    category: str


@dataclass(frozen=True)
class HostClass:
    """What a third-party host is: a known vendor, a static host, or neither ("other")."""

    kind: str  # "tracker" | "static-cdn" | "fonts" | "other"
    vendor: Vendor | None = None


OTHER = HostClass("other")


@dataclass
class Catalogue:
    # domain -> [(path prefix or "", class)], most specific path first
    rules: dict[str, list[tuple[str, HostClass]]] = field(default_factory=dict)

    def add(self, rule: str, host_class: HostClass) -> None:
        domain, _, path = rule.strip().lower().partition("/")
        self.rules.setdefault(domain, []).append(("/" + path if path else "", host_class))
        self.rules[domain].sort(key=lambda item: -len(item[0]))

    def classify(self, host: str, path: str) -> HostClass:
        labels = host.split(".")
        for start in range(len(labels)):
            for prefix, host_class in self.rules.get(".".join(labels[start:]), ()):
                if not prefix or path == prefix or path.startswith(prefix + "/"):
                    return host_class
        return OTHER


def load_catalogue(text: str | None = None, *, source: str = "trackers.yaml") -> Catalogue:
    """Parse a trackers file (the shipped one when `text` is None)."""
    if text is None:
        return _shipped_catalogue()
    data = yamlio.load_text(text, path=source).data
    if not isinstance(data, dict) or not isinstance(data.get("vendors"), dict):
        raise InputError("a trackers file needs a `vendors:` mapping", path=source)
    catalogue = Catalogue()
    for vendor_id, spec in data["vendors"].items():
        if not isinstance(spec, dict) or spec.get("category") not in CATEGORIES:
            raise InputError(
                f"vendor {vendor_id}: needs a category, one of {', '.join(CATEGORIES)}",
                path=source,
            )
        hosts = spec.get("hosts")
        if not isinstance(hosts, list) or not all(isinstance(h, str) and h for h in hosts):
            raise InputError(f"vendor {vendor_id}: `hosts` must be a list of names", path=source)
        vendor = Vendor(str(vendor_id), str(spec.get("name") or vendor_id), spec["category"])
        for host in hosts:
            catalogue.add(host, HostClass("tracker", vendor))
    for kind, hosts in (data.get("static") or {}).items():
        if kind not in STATIC_CLASSES or not isinstance(hosts, list):
            raise InputError(
                f"static: `{kind}` must be one of {', '.join(STATIC_CLASSES)} with a list",
                path=source,
            )
        for host in hosts:
            catalogue.add(str(host), HostClass(kind))
    return catalogue


@cache
def _shipped_catalogue() -> Catalogue:
    return load_catalogue(package_text(*DEFAULT_TRACKERS), source="/".join(DEFAULT_TRACKERS))


# ------------------------------------------------------------------------ health terms

Term = tuple[str, ...]
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_WORD = re.compile(r"[a-z0-9]+")


def words(text: str) -> list[str]:
    return _WORD.findall(_CAMEL.sub(" ", text).lower())


def _singulars(word: str) -> tuple[str, ...]:
    forms = [word]
    if word.endswith("ies") and len(word) > 4:
        forms.append(word[:-3] + "y")
    if word.endswith("es") and len(word) > 3:
        forms.append(word[:-2])
    if word.endswith("s") and len(word) > 2:
        forms.append(word[:-1])
    return tuple(forms)


def _phrase_at(tokens: list[str], i: int, phrase: Term) -> bool:
    tail = tokens[i : i + len(phrase)]
    return len(tail) == len(phrase) and all(
        want in _singulars(got) for want, got in zip(phrase, tail, strict=True)
    )


@dataclass(frozen=True)
class HealthTerms:
    by_first_word: dict[str, tuple[Term, ...]]
    ignore: tuple[Term, ...] = ()

    def find(self, text: str) -> list[str]:
        """The health terms (as listed) found in `text`, word by word, in order."""
        tokens = words(text)
        for phrase in self.ignore:  # "terms and conditions" is not a medical condition
            for i in range(len(tokens)):
                if _phrase_at(tokens, i, phrase):
                    tokens[i : i + len(phrase)] = [""] * len(phrase)
        found: list[str] = []
        for i, token in enumerate(tokens):
            if not token:
                continue
            for form in _singulars(token):
                for term in self.by_first_word.get(form, ()):
                    if _phrase_at(tokens, i, term):
                        label = " ".join(term)
                        if label not in found:
                            found.append(label)
        # "appointment" adds nothing next to "schedule appointment".
        return [t for t in found if not any(t != u and f" {t} " in f" {u} " for u in found)]


def _term_list(listed: Any, what: str, source: str) -> list[Term]:
    if listed is None:
        return []
    if not isinstance(listed, list) or not all(isinstance(t, str) for t in listed):
        raise InputError(f"`{what}` must be a list of words or phrases", path=source)
    terms = [tuple(words(t)) for t in listed]
    if any(not t for t in terms):
        raise InputError(f"every entry in `{what}` needs letters or digits", path=source)
    return terms


def _parse_terms(text: str, source: str) -> tuple[list[Term], list[Term]]:
    data = yamlio.load_text(text, path=source).data
    if isinstance(data, list):
        return _term_list(data, "terms", source), []
    if not isinstance(data, dict) or "terms" not in data:
        raise InputError(
            "expected `terms:` with a list of health words (and optionally `ignore:`)",
            path=source,
        )
    return _term_list(data["terms"], "terms", source), _term_list(
        data.get("ignore"), "ignore", source
    )


def load_health_terms(extra_file: Path | None = None) -> HealthTerms:
    source = "/".join(DEFAULT_HEALTH_TERMS)
    terms, ignore = _parse_terms(package_text(*DEFAULT_HEALTH_TERMS), source)
    if extra_file is not None:
        more_terms, more_ignore = _parse_terms(yamlio.read_text(extra_file), str(extra_file))
        terms += more_terms
        ignore += more_ignore
    index: dict[str, list[Term]] = {}
    for term in terms:
        if term not in index.setdefault(term[0], []):
            index[term[0]].append(term)
    return HealthTerms({k: tuple(v) for k, v in index.items()}, tuple(dict.fromkeys(ignore)))


# ----------------------------------------------------------------------- site / canary


_HOST = re.compile(r"^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$")


def ascii_host(host: str) -> str:
    """A host as browsers record it: an internationalised name in its punycode form
    (`clínica.example` → `xn--clnica-gva.example`), so both spellings compare equal."""
    host = host.rstrip(".").lower()
    if host.isascii():
        return host
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return host


def normalise_site(value: str) -> str:
    """`https://www.Clinic.example/` → `clinic.example`; raises UsageError if not a host."""
    text = value.strip().lower()
    host = urlsplit(text if "//" in text else "//" + text).hostname or ""
    host = ascii_host(host).removeprefix("www.")
    if not _HOST.match(host):
        raise UsageError(f"--site {value!r} is not a domain name; give e.g. clinic.example")
    return host


def _check_canaries(canaries: tuple[str, ...]) -> tuple[str, ...]:
    cleaned = tuple(c.strip() for c in canaries)
    for number, canary in enumerate(cleaned, 1):
        if len(canary) < MIN_CANARY:
            raise UsageError(
                f"--canary number {number} is shorter than {MIN_CANARY} characters; "
                "use a distinctive made-up value so matches are not coincidences"
            )
    return cleaned


# ---------------------------------------------------------------------------- reading


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
        if pending > MAX_ENTRY_CHARS:
            raise HarError(
                f"one value is larger than {MAX_ENTRY_CHARS // 1_048_576} MB; "
                "save the capture again without response bodies",
                path=self.path,
            )
        # Growing the read with what is pending keeps a huge entry linear, not quadratic.
        self._read(max(CHUNK_BYTES, pending))
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
    creator: str | None = None
    stream: _JsonStream | None = None

    @property
    def replaced_bytes(self) -> bool:
        return self.stream is not None and self.stream.replaced_bytes


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
            if first not in '["-0123456789tfn':
                raise HarError(
                    f"is not JSON (it starts with {first!r}); a HAR capture is the JSON file"
                    " that DevTools → Network → 'Save all as HAR' writes",
                    path=name,
                )
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
                    for entry in stream.items():
                        meta.entries += 1
                        yield entry
                elif log_key == "pages":
                    pages = stream.value()
                    meta.pages = len(pages) if isinstance(pages, list) else 0
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


# --------------------------------------------------------------------------- requests


@dataclass
class Request:
    entry: int
    method: str
    url: str
    host: str
    path: str
    query: str
    headers: list[tuple[str, str]]
    cookies: list[tuple[str, str]]
    body: str
    body_params: list[tuple[str, str]]
    resource: str  # what the browser fetched: "script", "style", "font", "image" or ""
    set_cookies: list[tuple[str, str]]  # (domain, name) set by the response
    redirect_to: str | None
    messages: list[str] = field(default_factory=list)  # WebSocket frames the browser sent
    blocked: str | None = None  # why the browser never sent it (an ad blocker, DNS...)

    def header(self, name: str) -> str | None:
        for key, value in self.headers:
            if key.lower() == name:
                return value
        return None

    @property
    def carries_data(self) -> bool:
        """Whether this request sends the vendor anything beyond "fetch me this file"."""
        if self.blocked:
            return False
        if self.messages:
            return True
        if self.method not in ("GET", "HEAD", "OPTIONS") or self.body or self.body_params:
            return True
        return bool(self.query) and self.resource not in ("script", "style", "font")


class _Warnings:
    """Warnings keyed by what went wrong, each listing the entries it applies to."""

    def __init__(self) -> None:
        self.by_problem: dict[str, list[int]] = {}
        self.plain: list[str] = []

    def entry(self, index: int, problem: str) -> None:
        self.by_problem.setdefault(problem, []).append(index)

    def add(self, text: str) -> None:
        if text not in self.plain:
            self.plain.append(text)

    def render(self) -> list[str]:
        lines = list(self.plain)
        for problem, entries in self.by_problem.items():
            shown = ", ".join(str(e) for e in entries[:5])
            more = f" and {len(entries) - 5} more" if len(entries) > 5 else ""
            noun = "entry" if len(entries) == 1 else "entries"
            lines.append(f"{noun} {shown}{more}: {problem}")
        return lines


_RESOURCE_BY_MIME = (
    ("javascript", "script"),
    ("ecmascript", "script"),
    ("text/css", "style"),
    ("font", "font"),
    ("image/", "image"),
)
_RESOURCE_BY_TYPE = {"script": "script", "stylesheet": "style", "font": "font", "image": "image"}
_RESOURCE_BY_EXT = {
    ".js": "script",
    ".mjs": "script",
    ".css": "style",
    ".woff": "font",
    ".woff2": "font",
    ".ttf": "font",
    ".otf": "font",
    ".eot": "font",
}


def _resource_kind(entry: dict[str, Any], path: str, response: dict[str, Any]) -> str:
    by_type = _RESOURCE_BY_TYPE.get(str(entry.get("_resourceType") or "").lower())
    if by_type:
        return by_type
    content = response.get("content")
    mime = str(content.get("mimeType") or "").lower() if isinstance(content, dict) else ""
    for marker, kind in _RESOURCE_BY_MIME:
        if marker in mime:
            return kind
    dot = path.rfind(".")
    return _RESOURCE_BY_EXT.get(path[dot:].lower(), "") if dot > path.rfind("/") else ""


def _pairs(value: Any, warnings: _Warnings, index: int, what: str) -> list[tuple[str, str]]:
    """HAR name/value lists (headers, cookies, params), tolerating junk items."""
    if value is None:
        return []
    if not isinstance(value, list):
        warnings.entry(index, f"{what} is not a list; ignored")
        return []
    pairs = []
    for item in value:
        if isinstance(item, dict) and isinstance(item.get("name"), str):
            raw = item.get("value")
            pairs.append((item["name"], raw if isinstance(raw, str) else ""))
    return pairs


def _body(post: Any, warnings: _Warnings, index: int) -> tuple[str, list[tuple[str, str]]]:
    if not isinstance(post, dict):
        return "", []
    text = post.get("text")
    text = text if isinstance(text, str) else ""
    if text and str(post.get("encoding") or "").lower() == "base64":
        try:
            raw = base64.b64decode(text, validate=False)
        except (binascii.Error, ValueError):
            warnings.entry(index, "request body is marked base64 but does not decode; kept as is")
        else:
            text = raw.decode("utf-8", "replace")
            if "\ufffd" in text:
                warnings.entry(index, "request body is not UTF-8 text; searched as far as read")
    return text, _pairs(post.get("params"), warnings, index, "postData.params")


def _parse_cookie_header(value: str) -> list[tuple[str, str]]:
    pairs = []
    for part in value.split(";"):
        name, sep, val = part.strip().partition("=")
        if sep and name:
            pairs.append((name, val))
    return pairs


def _set_cookies(host: str, response: dict[str, Any]) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    cookies = response.get("cookies")
    for item in cookies if isinstance(cookies, list) else []:
        if isinstance(item, dict) and isinstance(item.get("name"), str):
            domain = item.get("domain") if isinstance(item.get("domain"), str) else host
            found.append((domain or host, item["name"]))
    headers = response.get("headers")
    for item in headers if isinstance(headers, list) else []:
        if not (isinstance(item, dict) and str(item.get("name", "")).lower() == "set-cookie"):
            continue
        for line in str(item.get("value") or "").split("\n"):
            name, sep, rest = line.partition("=")
            if not sep or not name.strip():
                continue
            domain = host
            for attribute in rest.split(";")[1:]:
                key, _, val = attribute.strip().partition("=")
                if key.lower() == "domain" and val.strip():
                    domain = val.strip()
            found.append((domain, name.strip()))
    return [(d.strip().lstrip(".").lower(), n) for d, n in found]


# Chrome's `_error` for requests that never left the browser. Other errors (ERR_ABORTED,
# ERR_TIMED_OUT, a failed response) come after the request was sent, so they still count.
_NOT_SENT = re.compile(
    r"ERR_BLOCKED_BY_(?:CLIENT|ADMINISTRATOR)|ERR_NAME_NOT_RESOLVED|ERR_CONNECTION_REFUSED"
    r"|ERR_INTERNET_DISCONNECTED|ERR_ADDRESS_UNREACHABLE|ERR_CERT_|blocked:(?:csp|mixed)",
    re.IGNORECASE,
)


def _blocked(entry: dict[str, Any], response: dict[str, Any]) -> str | None:
    """Why the browser never sent this request, when the capture says so."""
    if response.get("status") not in (0, None):
        return None
    for key in ("_error", "_blockedReason", "_failureText"):
        reason = entry.get(key) if key in entry else response.get(key)
        if isinstance(reason, str) and _NOT_SENT.search(reason):
            return clean_untrusted(reason)[:80]
    return None


def _sent_frames(entry: dict[str, Any]) -> list[str]:
    """Text a WebSocket sent (Chrome's `_webSocketMessages`); received frames are not data
    the browser gave away."""
    frames = entry.get("_webSocketMessages")
    if not isinstance(frames, list):
        return []
    return [
        frame["data"]
        for frame in frames
        if isinstance(frame, dict)
        and frame.get("type") == "send"
        and isinstance(frame.get("data"), str)
    ]


def read_request(index: int, entry: Any, warnings: _Warnings) -> Request | None:
    if not isinstance(entry, dict):
        warnings.entry(index, "not an object; skipped")
        return None
    request = entry.get("request")
    if not isinstance(request, dict):
        warnings.entry(index, "no `request` object; skipped")
        return None
    url = request.get("url")
    if not isinstance(url, str) or not url.strip():
        warnings.entry(index, "no request URL; skipped")
        return None
    url = clean_untrusted(url)
    try:
        parts = urlsplit(url)
        host = ascii_host(parts.hostname or "")
    except ValueError:
        warnings.entry(index, "request URL cannot be parsed; skipped")
        return None
    scheme = parts.scheme.lower()
    if scheme and scheme not in WEB_SCHEMES:
        return None  # data:, blob:, chrome-extension: never leave the browser
    if not scheme or not host or not re.fullmatch(r"[\w.\-\[\]:]+", host):
        warnings.entry(index, "request URL is not an absolute web address; skipped")
        return None
    method = request.get("method")
    method = method.upper() if isinstance(method, str) and method.strip() else "GET"
    response = entry.get("response")
    if not isinstance(response, dict):
        response = {}
    headers = _pairs(request.get("headers"), warnings, index, "request.headers")
    cookies = _pairs(request.get("cookies"), warnings, index, "request.cookies")
    if not cookies:
        for name, value in headers:
            if name.lower() == "cookie":
                cookies += _parse_cookie_header(value)
    body, params = _body(request.get("postData"), warnings, index)
    redirect = response.get("redirectURL")
    status = response.get("status")
    redirect_to = None
    is_redirect = isinstance(status, int) and 300 <= status < 400
    if is_redirect and isinstance(redirect, str) and redirect.strip():
        redirect_to = urljoin(url, clean_untrusted(redirect))
    return Request(
        entry=index,
        method=method,
        url=url,
        host=host.lower(),
        path=parts.path or "/",
        query=parts.query,
        headers=headers,
        cookies=cookies,
        body=body,
        body_params=params,
        resource=_resource_kind(entry, parts.path, response),
        set_cookies=_set_cookies(host.lower(), response),
        redirect_to=redirect_to,
        messages=_sent_frames(entry),
        blocked=_blocked(entry, response),
    )


# ----------------------------------------------------------------- payload expansion


@dataclass(frozen=True)
class Field:
    """One value a request carries, found after undoing its encodings."""

    where: str  # "query:dl", "body:properties.$current_url", "header:referer", ...
    key: str  # the innermost key, e.g. "$current_url"
    text: str


_B64 = re.compile(r"^[A-Za-z0-9+/_-]{16,}={0,2}$")
_B64_RUN = re.compile(r"[A-Za-z0-9+/_-]{16,}={0,2}")
_QUERYLIKE = re.compile(r"^[\w.$\[\]%-]+=[^&]*(&[\w.$\[\]%-]+=[^&]*)*$")


def b64_text(text: str) -> str | None:
    """Readable text hidden in a base64 string, or None."""
    # A `+` decoded as a space by form decoding is still a `+` of the base64 alphabet.
    stripped = text.strip().replace(" ", "+")
    if len(stripped) > MAX_DECODE_CHARS or not _B64.match(stripped):
        return None
    padded = stripped.rstrip("=") + "=" * (-len(stripped.rstrip("=")) % 4)
    for alt in (None, b"-_"):
        try:
            raw = base64.b64decode(padded, altchars=alt, validate=True)
            decoded = raw.decode("utf-8")
        except (binascii.Error, ValueError):
            continue
        if decoded and sum(c.isprintable() or c in "\n\t" for c in decoded) >= 0.95 * len(decoded):
            return decoded
    return None


def _expand(where: str, key: str, text: str, depth: int = 0) -> Iterator[Field]:
    """The plain values inside a value: it is decoded (JSON, query string, base64, URL
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
    decoded = b64_text(stripped)
    if decoded is not None:
        yield from _expand(where, key, decoded, depth + 1)
        return
    # GA4 batches several hits in one body, one query string per line.
    lines = stripped.splitlines()
    if (
        "=" in stripped
        and not stripped.startswith("http")
        and all(_QUERYLIKE.match(line) for line in lines)
    ):
        for line in lines:
            for name, value in parse_qsl(line, keep_blank_values=True):
                yield from _expand(f"{where}.{name}", name, value, depth + 1)
        return
    if "%" in stripped:
        unquoted = unquote(stripped)
        if unquoted != stripped:
            yield from _expand(where, key, unquoted, depth + 1)
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
            yield from _expand(path, name, value, depth)
        elif isinstance(value, int | float) and not isinstance(value, bool):
            yield Field(path, name, str(value))


def payload_fields(request: Request) -> Iterator[Field]:
    """Values the request sends in its query string and body (the vendor's payload)."""
    for name, value in parse_qsl(request.query, keep_blank_values=True):
        yield from _expand(f"query:{name}", name, value)
    if request.body_params:
        for name, value in request.body_params:
            # Writers differ on whether params are still form-encoded; only `%` tells.
            plain = unquote_plus(value) if "%" in value else value
            yield from _expand(f"body:{name}", name, plain)
    elif request.body:
        yield from _expand("body", "", request.body)
    for number, message in enumerate(request.messages):
        yield from _expand(f"websocket[{number}]", "", message)


# ------------------------------------------------------------------------- detectors

_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,24}\b")
# Written the way people type them: North American with separators, or international
# with a leading +. Bare digit runs are left alone (timestamps and ids look the same).
_PHONE = re.compile(
    r"(?<![\w.+])(?:(?:\+1[\s.-]?)?\(?\d{3}\)?[\s.-]\d{3}[\s.-]\d{4}"
    r"|\+\d{1,3}[\s.-]?\d{2,4}(?:[\s.-]?\d{2,4}){2,4})(?![\w.])"
)
_HEX_HASH = re.compile(r"^(?:[0-9a-f]{32}|[0-9a-f]{40}|[0-9a-f]{64})$", re.IGNORECASE)
_KEY_PART = re.compile(r"[^a-z0-9]+")

EMAIL_KEYS = frozenset({"em", "email", "e_mail", "email_address", "emailaddress", "user_email"})
PHONE_KEYS = frozenset(
    {"ph", "phone", "phone_number", "phonenumber", "tel", "telephone", "mobile", "cell"}
)
NAME_KEYS = frozenset(
    {
        "fn", "ln", "first_name", "firstname", "fname", "last_name", "lastname", "lname",
        "full_name", "fullname", "given_name", "family_name", "surname", "patient_name",
    }
)  # fmt: skip
# `name` alone is usually an event or page name; it is a person's name inside these.
PERSON_PARENTS = frozenset(
    {"traits", "user", "set", "people", "customer", "patient", "contact", "identify", "ud"}
)


def _norm_key(key: str) -> str:
    return _KEY_PART.sub("_", key.lower()).strip("_")


def _key_kind(field_: Field) -> str | None:
    # `ud[em]` (Meta) and `user.email` name the detail in their last part.
    parts = [p for p in re.split(r"[.\[\]]+", field_.key) if p]
    key = _norm_key(parts[-1]) if parts else ""
    if key in EMAIL_KEYS:
        return "email"
    if key in PHONE_KEYS:
        return "phone"
    if key in NAME_KEYS:
        return "name"
    if key == "name":
        parents = {_norm_key(p) for p in re.split(r"[.\[\]:]+", field_.where)[:-1]}
        if parents & PERSON_PARENTS:
            return "name"
    return None


def contact_kind(field_: Field) -> str | None:
    """Which contact detail a payload value is, if any: "email", "email-hash", ..."""
    text = field_.text.strip()
    if not text or len(text) > 2000:
        return None
    by_key = _key_kind(field_)
    if by_key and _HEX_HASH.match(text):
        return f"{by_key}-hash"
    if _EMAIL.search(text):
        return "email"
    if by_key == "phone" and sum(c.isdigit() for c in text) >= 7:
        return "phone"
    if _PHONE.search(text):
        return "phone"
    if by_key == "name" and any(c.isalpha() for c in text) and len(text) <= 80:
        return "name"
    return None


# Ids, client ids and hashes: letters and digits with no spaces. Their letters are not
# words, and reading them as words finds "rx" or "hiv" by chance.
_OPAQUE = re.compile(r"^(?=[^\s]*\d)[A-Za-z0-9+/=_.:-]{12,}$")
# ...but a page path with a date or record number in it (`/results/hba1c-2026-02`) is
# still a path: it starts with `/` and has a segment that is a word.
_PAGE_PATH = re.compile(r"^/(?:[^/\s]*/)*[A-Za-z]{3,}(?:[-_][A-Za-z0-9]+)*(?:/|$)")


def _path_and_query(url_or_text: str) -> str:
    """The part of a URL that says what the page is about (not the host, which would
    flag every request on a site whose own name is a health word)."""
    if re.match(r"^(?:https?:)?//", url_or_text):
        try:
            parts = urlsplit(url_or_text)
        except ValueError:
            return url_or_text
        return f"{parts.path} {unquote_plus(parts.query)} {unquote(parts.fragment)}"
    return url_or_text


# -------------------------------------------------------------------------- redaction

_LONG_NUMBER = re.compile(r"\d{6,}")
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
        self.canaries = [
            (re.compile(re.escape(text), re.IGNORECASE), f"<canary {number}>")
            for text, number in sorted(forms.items(), key=lambda item: (-len(item[0]), item[0]))
        ]

    def text(self, text: str) -> str:
        text = clean_untrusted(text)
        for pattern, mask in self.canaries:
            text = pattern.sub(mask, text)
        text = _EMAIL.sub("<e-mail>", text)
        text = _PHONE.sub("<phone>", text)
        text = _TOKEN.sub("<token>", text)
        text = _LONG_NUMBER.sub("<number>", text)
        return clip(text, MAX_QUOTE, marker="…")

    def url(self, url: str) -> str:
        """A URL with its query values dropped (they are the payload) and the rest masked."""
        try:
            parts = urlsplit(url)
        except ValueError:
            return self.text(url)
        keys = [k for k, _ in parse_qsl(parts.query, keep_blank_values=True)][:12]
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
        variants = {lowered, trimmed}
        if not any(c.isalpha() for c in trimmed):
            variants.update(_phone_forms(trimmed))
        for variant in sorted(variants):
            data = variant.encode("utf-8")
            for algorithm in ("sha256", "sha1", "md5"):
                needles.append(Needle(number, algorithm, hashlib.new(algorithm, data).hexdigest()))
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
                decoded = unquote_plus(layer)
                if decoded not in seen:
                    seen.add(decoded)
                    fresh.append(("url-encoded" if form == "plain" else form, decoded))
            for run in _B64_RUN.findall(layer):
                decoded_b64 = b64_text(run)
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


def find_canaries(request: Request, needles: list[Needle]) -> list[tuple[Needle, str]]:
    """(needle, where) for every canary form found in a request."""
    haystacks: list[tuple[str, str]] = [("url", request.url)]
    haystacks += [(f"header:{n.lower()}", v) for n, v in request.headers if n.lower() != "cookie"]
    haystacks += [(f"cookie:{n}", v) for n, v in request.cookies]
    if request.body_params:
        haystacks += [(f"body:{n}", v) for n, v in request.body_params]
    elif request.body:
        haystacks.append(("body", request.body))
    haystacks += [(f"websocket[{i}]", m) for i, m in enumerate(request.messages)]
    hits: dict[tuple[int, str], tuple[Needle, str]] = {}
    for where, haystack in haystacks:
        for form, view in _search_views(haystack):
            lowered = view.lower()
            for needle in needles:
                if (needle.canary, where) in hits:
                    continue
                found = needle.text in view if needle.case_sensitive else needle.text in lowered
                if found:
                    label = needle.form if needle.form != "plain" else form
                    hits[(needle.canary, where)] = (Needle(needle.canary, label, ""), where)
    return list(hits.values())


# ---------------------------------------------------------------------------- analysis


@dataclass
class _HostStats:
    host_class: HostClass
    requests: int = 0
    data_requests: int = 0
    first: Request | None = None


@dataclass
class _Finding:
    value: dict[str, Any]
    citation: Citation
    count: int = 1
    last_entry: int = -1


class Analysis:
    """Accumulates what every request shows; `evidence()` turns it into facts."""

    def __init__(self, options: HarOptions, catalogue: Catalogue, terms: HealthTerms) -> None:
        self.sites = tuple(normalise_site(s) for s in options.sites)
        if not self.sites:
            raise UsageError("give the site's domain with --site")
        self.canaries = _check_canaries(options.canaries)
        self.needles = canary_needles(self.canaries)
        self.catalogue = catalogue
        self.terms = terms
        self.redact = Redactor(self.canaries)
        self.warnings = _Warnings()
        self.requests = 0
        self.first_party = 0
        self.hosts: dict[str, _HostStats] = {}
        self.cookies: dict[tuple[str, str], _Finding] = {}
        self.signals: dict[tuple[Any, ...], _Finding] = {}
        self.leaks: dict[tuple[Any, ...], _Finding] = {}
        self.seen_urls: set[int] = set()  # hashes: a 200 MB capture has many URLs
        self.pending_redirects: dict[str, Request] = {}

    def is_first_party(self, host: str) -> bool:
        return any(host == site or host.endswith("." + site) for site in self.sites)

    def cite(self, request: Request, detail: str = "") -> Citation:
        quote = f"{request.method} {self.redact.url(request.url)}"
        if detail:
            quote = f"{quote} — {detail}"
        return Citation(
            quote=self.redact.text(quote),
            entry=request.entry,
            method=self.redact.text(request.method),
            host=request.host,
        )

    def add(self, request: Request) -> None:
        self.requests += 1
        self.seen_urls.add(hash(request.url))
        self.pending_redirects.pop(request.url, None)
        if request.redirect_to and hash(request.redirect_to) not in self.seen_urls:
            self.pending_redirects.setdefault(request.redirect_to, request)
        if self.is_first_party(request.host):
            self.first_party += 1
            return
        self._third_party(request)

    def finish_redirects(self) -> None:
        """Redirect targets the capture never shows a request for still went out: a
        browser follows a redirect, and some HAR writers drop the follow-up entry."""
        for target, origin in sorted(self.pending_redirects.items(), key=lambda i: i[1].entry):
            try:
                parts = urlsplit(target)
                host = ascii_host(parts.hostname or "")
            except ValueError:
                continue
            if parts.scheme.lower() not in WEB_SCHEMES or not host:
                continue
            follow = Request(
                entry=origin.entry,
                method="GET",
                url=target,
                host=host,
                path=parts.path or "/",
                query=parts.query,
                headers=[("Referer", v) for n, v in origin.headers if n.lower() == "referer"],
                cookies=[],
                body="",
                body_params=[],
                resource="",
                set_cookies=[],
                redirect_to=None,
            )
            self.requests += 1
            if self.is_first_party(host):
                self.first_party += 1
            else:
                self._third_party(follow)

    def _third_party(self, request: Request) -> None:
        host_class = self.catalogue.classify(request.host, request.path)
        stats = self.hosts.setdefault(request.host, _HostStats(host_class))
        if stats.host_class.kind == "other" and host_class.kind != "other":
            stats.host_class = host_class  # e.g. facebook.com seen first, then /tr
        stats.requests += 1
        if request.carries_data:
            stats.data_requests += 1
        if stats.first is None or (request.carries_data and not stats.first.carries_data):
            stats.first = request
        vendor = host_class.vendor.id if host_class.vendor else None
        if request.blocked:
            # Listed (the page tried), but nothing in it reached the host.
            self.warnings.entry(
                request.entry, f"never sent ({request.blocked}); not counted as data sent"
            )
            return
        self._cookies(request, vendor)
        self._signals(request, vendor)
        if self.needles:
            for needle, where in find_canaries(request, self.needles):
                key = (needle.canary, request.host, where, needle.form)
                self._record(
                    self.leaks,
                    key,
                    {
                        "canary": needle.canary,
                        "entry": request.entry,
                        "host": request.host,
                        "vendor": vendor,
                        "field": self.redact.text(where),
                        "form": needle.form,
                    },
                    self.cite(request, f"canary {needle.canary} ({needle.form}) in {where}"),
                )

    def _record(self, table: dict, key: tuple, value: dict[str, Any], citation: Citation) -> None:
        finding = table.get(key)
        if finding is None:
            table[key] = _Finding(value, citation, last_entry=value["entry"])
        elif finding.last_entry != value["entry"]:  # count requests, not repeats within one
            finding.count += 1
            finding.last_entry = value["entry"]

    def _cookies(self, request: Request, vendor: str | None) -> None:
        seen = [(request.host, name, "sent") for name, _ in request.cookies]
        seen += [(domain, name, "set") for domain, name in request.set_cookies]
        for domain, name, how in seen:
            if self.is_first_party(domain):
                continue
            key = (domain, name)
            finding = self.cookies.get(key)
            if finding is None:
                finding = self.cookies[key] = _Finding(
                    {"domain": domain, "name": self.redact.text(name), "vendor": vendor, "how": []},
                    self.cite(request, f"cookie {name} {how}"),
                )
            if how not in finding.value["how"]:
                finding.value["how"] = sorted([*finding.value["how"], how])

    def _signals(self, request: Request, vendor: str | None) -> None:
        def signal(kind: str, where: str, detail: str, terms: list[str] | None = None) -> None:
            value: dict[str, Any] = {
                "entry": request.entry,
                "host": request.host,
                "vendor": vendor,
                "kind": kind,
                "field": self.redact.text(where),
            }
            if terms:
                value["terms"] = terms
            key = (request.host, kind, value["field"], tuple(terms or ()))
            self._record(self.signals, key, value, self.cite(request, f"{where}: {detail}"))

        referer = request.header("referer")
        if referer:
            terms = self.terms.find(_path_and_query(referer))
            if terms:
                signal("health-context", "header:referer", self.redact.url(referer), terms)
        if request.resource not in ("script", "style", "font"):
            terms = self.terms.find(unquote(request.path))
            if terms:
                signal("health-context", "url-path", self.redact.text(unquote(request.path)), terms)
        for field_ in payload_fields(request):
            contact = contact_kind(field_)
            if contact:
                masked = "<hash>" if contact.endswith("-hash") else f"<{contact}>"
                signal(contact, field_.where, masked)
                continue
            if _OPAQUE.match(field_.text) and not _PAGE_PATH.match(field_.text):
                continue
            terms = self.terms.find(_path_and_query(field_.text))
            if terms:
                # A page URL is the site's own structure and worth showing; free text
                # (titles, event names) may hold anything, so only the terms are shown.
                if re.match(r"^https?://", field_.text):
                    shown = self.redact.url(field_.text)
                else:
                    shown = "mentions " + ", ".join(terms)
                signal("health-context", field_.where, shown, terms)

    # ----------------------------------------------------------------- facts

    def _listed(self, name: str, findings: list[_Finding]) -> Fact:
        if len(findings) > MAX_LISTED:
            self.warnings.add(
                f"{name}: {len(findings)} found; the first {MAX_LISTED} by entry are listed"
            )
        shown = findings[:MAX_LISTED]
        values = []
        for finding in shown:
            value = dict(finding.value)
            value["requests"] = finding.count
            values.append(value)
        return Fact(values, [f.citation for f in shown])

    def facts(self) -> dict[str, Fact]:
        hosts = sorted(self.hosts.items())
        vendor_stats: dict[str, list[_HostStats]] = {}
        for _, stats in hosts:
            if stats.host_class.vendor:
                vendor_stats.setdefault(stats.host_class.vendor.id, []).append(stats)

        vendors_value = []
        vendor_citations = []
        for vendor_id in sorted(vendor_stats):
            group = vendor_stats[vendor_id]
            vendor = group[0].host_class.vendor
            assert vendor is not None
            vendors_value.append(
                {
                    "id": vendor.id,
                    "name": vendor.name,
                    "category": vendor.category,
                    "requests": sum(s.requests for s in group),
                    "received_data": any(s.data_requests for s in group),
                }
            )
            first = min((s.first for s in group if s.first), key=lambda r: r.entry)
            vendor_citations.append(self.cite(first, vendor.name))

        hosts_value = []
        host_citations = []
        for host, stats in hosts:
            hosts_value.append(
                {
                    "host": host,
                    "class": stats.host_class.kind,
                    "vendor": stats.host_class.vendor.id if stats.host_class.vendor else None,
                    "requests": stats.requests,
                    "received_data": stats.data_requests > 0,
                }
            )
            if stats.first is not None:
                host_citations.append(self.cite(stats.first))

        facts = {
            "collection": self._collection(vendor_stats),
            "client_side_vendors": Fact(vendors_value, vendor_citations),
            "third_party_hosts": Fact(hosts_value, host_citations),
            "third_party_cookies": self._listed(
                "third_party_cookies",
                [self.cookies[k] for k in sorted(self.cookies)],
            ),
            "phi_signals": self._listed(
                "phi_signals",
                sorted(self.signals.values(), key=_finding_order),
            ),
        }
        if self.canaries:
            facts["canary_leaks"] = self._listed(
                "canary_leaks", sorted(self.leaks.values(), key=_finding_order)
            )
        else:
            facts["canary_leaks"] = Fact(None)
        return facts

    def _collection(self, vendor_stats: dict[str, list[_HostStats]]) -> Fact:
        senders = {v: [s for s in group if s.data_requests] for v, group in vendor_stats.items()}
        senders = {v: group for v, group in senders.items() if group}
        if senders:
            citations = []
            for vendor_id in sorted(senders):
                stats = min(senders[vendor_id], key=lambda s: s.first.entry if s.first else 0)
                if stats.first is not None:
                    citations.append(self.cite(stats.first, f"data sent to {vendor_id}"))
            return Fact("client-side", citations)
        unknown = sorted(
            host
            for host, stats in self.hosts.items()
            if stats.host_class.kind == "other" and stats.data_requests
        )
        if unknown:
            shown = ", ".join(unknown[:5]) + (
                f" and {len(unknown) - 5} more" if len(unknown) > 5 else ""
            )
            self.warnings.add(
                f"collection left undecided: unrecognised third-party hosts received data "
                f"from the browser ({shown}); check them in third_party_hosts"
            )
            return Fact(None)
        if vendor_stats:
            citations = []
            for vendor_id in sorted(vendor_stats):
                first = min(
                    (s.first for s in vendor_stats[vendor_id] if s.first), key=lambda r: r.entry
                )
                citations.append(self.cite(first, f"{vendor_id} code loaded; no data sent to it"))
            return Fact("hybrid", citations)
        static = sum(s.requests for s in self.hosts.values() if s.host_class.kind != "other")
        others = sorted(h for h, s in self.hosts.items() if s.host_class.kind == "other")
        summary = (
            f"{self.requests} requests: {self.first_party} to the site itself, "
            f"{static} to static CDNs or font hosts, "
            f"{self.requests - self.first_party - static} file downloads from other hosts; "
            "none to analytics or ad vendors"
        )
        if others:
            self.warnings.add(
                f"files were loaded from unrecognised hosts ({', '.join(others[:5])}"
                f"{' and more' if len(others) > 5 else ''}); they received no data here"
            )
        return Fact("server-side", [Citation(quote=summary)])


def _finding_order(finding: _Finding) -> tuple[Any, ...]:
    value = finding.value
    return (
        value["entry"],
        value["host"],
        value.get("kind", ""),
        value["field"],
        value.get("canary", 0),
    )


# ------------------------------------------------------------------------------- entry


def extract_har(path: str | Path, options: HarOptions) -> Evidence:
    """Read a HAR capture and return its data-flow evidence. Raises HarError (an
    InputError) when nothing could be read; smaller problems become warnings."""
    analysis = Analysis(options, load_catalogue(), load_health_terms(options.health_terms_file))
    meta = HarMeta()
    entries = iter_entries(path, meta)
    index = 0
    try:
        for index, entry in enumerate(entries):
            request = read_request(index, entry, analysis.warnings)
            if request is not None:
                analysis.add(request)
    except HarError as exc:
        if analysis.requests == 0:
            raise
        # A capture cut short (a crash while saving) still shows where data went.
        analysis.warnings.add(
            f"reading stopped after entry {index}: {exc.message}; "
            "the facts cover the entries before that point"
        )
        meta.sha256 = sha256_of(path)
    analysis.finish_redirects()
    if meta.entries == 0:
        raise HarError(
            "the capture has no requests; record again with DevTools' Network panel open "
            "(tick 'Preserve log') and load the pages before saving",
            path=str(path),
        )
    if analysis.requests == 0:
        raise HarError(
            f"none of the {meta.entries} entries is a readable web request; "
            "is this a HAR capture from a browser?",
            path=str(path),
        )
    if meta.replaced_bytes:
        analysis.warnings.add("the file holds bytes that are not UTF-8; they were replaced")
    document = DocumentRef(
        path=str(path),
        sha256=meta.sha256,
        pages=None,
        extra={
            "entries": meta.entries,
            "requests": analysis.requests,
            "sites": list(analysis.sites),
            "recorded_pages": meta.pages,
            **({"creator": meta.creator} if meta.creator else {}),
        },
    )
    facts = analysis.facts()  # before the warnings: deciding facts can add some
    warnings = [analysis.redact.text(w) for w in analysis.warnings.render()]
    return Evidence(kind=EvidenceKind.HAR, document=document, facts=facts, warnings=warnings)
