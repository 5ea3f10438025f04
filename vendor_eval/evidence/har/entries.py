"""One HAR entry as the request it describes: URL, method, headers, cookies, body,
what resource it fetched, the cookies its response set, and whether it was ever sent.
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

from vendor_eval.evidence.har.hosts import ascii_host
from vendor_eval.evidence.har.memo import Remembered
from vendor_eval.evidence.har.vocabulary import (
    NOT_SENT,
    RESOURCE_BY_EXT,
    RESOURCE_BY_MIME,
    RESOURCE_BY_TYPE,
    WEB_SCHEMES,
)
from vendor_eval.evidence.text import clean_untrusted


@dataclass(slots=True)  # made for every entry of a capture
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
    status: int | None = None  # the response's HTTP status, when the capture has one
    document: bool = False  # a page the browser navigated to, not a file it pulled in
    response_headers: tuple[str, ...] = ()  # names only, lower case

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


class Warnings:
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


_HOST_CHARS = re.compile(r"[\w.\-\[\]:]+")


def _resource_kind(resource_type: str, path: str, response: dict[str, Any]) -> str:
    by_type = RESOURCE_BY_TYPE.get(resource_type)
    if by_type:
        return by_type
    content = response.get("content")
    mime = str(content.get("mimeType") or "").lower() if isinstance(content, dict) else ""
    for marker, kind in RESOURCE_BY_MIME:
        if marker in mime:
            return kind
    dot = path.rfind(".")
    return RESOURCE_BY_EXT.get(path[dot:].lower(), "") if dot > path.rfind("/") else ""


def _pairs(value: Any, warnings: Warnings, index: int, what: str) -> list[tuple[str, str]]:
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


def _body(post: Any, warnings: Warnings, index: int) -> tuple[str, list[tuple[str, str]]]:
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


def _set_cookies(
    host: str, response: dict[str, Any], header_names: tuple[str, ...]
) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    cookies = response.get("cookies")
    for item in cookies if isinstance(cookies, list) else []:
        if isinstance(item, dict) and isinstance(item.get("name"), str):
            domain = item.get("domain") if isinstance(item.get("domain"), str) else host
            found.append((domain or host, item["name"]))
    headers = response.get("headers") if "set-cookie" in header_names else None
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


def _blocked(entry: dict[str, Any], response: dict[str, Any]) -> str | None:
    """Why the browser never sent this request, when the capture says so."""
    if response.get("status") not in (0, None):
        return None
    for key in ("_error", "_blockedReason", "_failureText"):
        reason = entry.get(key) if key in entry else response.get(key)
        if isinstance(reason, str) and NOT_SENT.search(reason):
            return clean_untrusted(reason)[:80]
    return None


def _header_names(response: dict[str, Any]) -> tuple[str, ...]:
    headers = response.get("headers")
    return tuple(
        item["name"].lower()
        for item in (headers if isinstance(headers, list) else [])
        if isinstance(item, dict) and isinstance(item.get("name"), str)
    )


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


Origin = tuple[str, str, str]  # scheme (lower case), host (as browsers record it), path


def _origin(start: str) -> Origin | None:
    """What `urlsplit` reads from a URL's text before its query and fragment, or None
    when that cannot be parsed (a bad IPv6 literal, a host that NFKC-normalises into
    a delimiter)."""
    try:
        parts = urlsplit(start)
        return parts.scheme.lower(), ascii_host(parts.hostname or ""), parts.path
    except ValueError:
        return None


# Requests to a host start the same way, with the scheme and host, and differ in their
# path and query, so each start is parsed once.
_origins = Remembered(_origin, len)


def _origin_of(start: str) -> Origin | None:
    """`_origin` of a URL's text before its query and fragment. When that is
    `scheme://host/path`, `urlsplit` finds the host before the first `/` after the `//`
    and the path from there on, so only `scheme://host` is parsed."""
    host_at = start.find("://") + 3
    path_at = start.find("/", host_at) if host_at > 2 else -1
    if path_at > 0:
        origin = _origins[start[:path_at]]
        if origin is not None and origin[2] == "":  # the whole of it was scheme and host
            return origin[0], origin[1], start[path_at:]
    return _origins[start]


def _split_url(url: str) -> tuple[Origin | None, str]:
    """(scheme, host, path) and the query of a URL, as `urlsplit` reads them (without
    tabs or line breaks, which `clean_untrusted` leaves none of): the text before the
    first `?` or `#` decides the scheme, host and path alone, and the query is what
    lies between that `?` and the next `#`."""
    query_at, fragment_at = url.find("?"), url.find("#")
    if fragment_at >= 0 and (query_at < 0 or fragment_at < query_at):
        return _origin_of(url[:fragment_at]), ""
    if query_at < 0:
        return _origin_of(url), ""
    query = url[query_at + 1 :]
    return _origin_of(url[:query_at]), query.partition("#")[0]


def read_request(index: int, entry: Any, warnings: Warnings) -> Request | None:
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
    origin, query = _split_url(url)
    if origin is None:
        warnings.entry(index, "request URL cannot be parsed; skipped")
        return None
    scheme, host, path = origin
    if scheme and scheme not in WEB_SCHEMES:
        return None  # data:, blob:, chrome-extension: never leave the browser
    if not scheme or not host or not _HOST_CHARS.fullmatch(host):
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
    resource_type = str(entry.get("_resourceType") or "").lower()
    response_headers = _header_names(response)
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
        path=path or "/",
        query=query,
        headers=headers,
        cookies=cookies,
        body=body,
        body_params=params,
        resource=_resource_kind(resource_type, path, response),
        set_cookies=_set_cookies(host.lower(), response, response_headers),
        redirect_to=redirect_to,
        messages=_sent_frames(entry),
        blocked=_blocked(entry, response),
        status=status if isinstance(status, int) and not isinstance(status, bool) else None,
        document=resource_type == "document",
        response_headers=response_headers,
    )
