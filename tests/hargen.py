"""Builds HAR captures for the tests, shaped like what browsers write, so that each test
states the traffic it is about instead of carrying a recorded file."""

from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode


def request(
    url: str,
    *,
    method: str = "GET",
    referer: str | None = None,
    headers: dict[str, str] | None = None,
    cookies: dict[str, str] | None = None,
    body: str | None = None,
    body_mime: str = "application/json",
    params: list[tuple[str, str]] | None = None,
    body_encoding: str | None = None,
    mime: str = "text/html",
    resource_type: str | None = None,
    status: int = 200,
    redirect: str = "",
    set_cookie: list[str] | None = None,
    response_text: str | None = None,
    response_encoding: str | None = None,
    response_headers: dict[str, str] | None = None,
) -> dict[str, Any]:
    """One HAR entry for a request to `url`."""
    sent = [{"name": "User-Agent", "value": "Mozilla/5.0 (hargen)"}]
    if referer:
        sent.append({"name": "Referer", "value": referer})
    sent += [{"name": k, "value": v} for k, v in (headers or {}).items()]
    entry: dict[str, Any] = {
        "startedDateTime": "2026-01-01T00:00:00.000Z",
        "time": 12.5,
        "request": {
            "method": method,
            "url": url,
            "httpVersion": "HTTP/2",
            "headers": sent,
            "cookies": [{"name": k, "value": v} for k, v in (cookies or {}).items()],
            "queryString": [],
            "headersSize": -1,
            "bodySize": 0,
        },
        "response": {
            "status": status,
            "statusText": "",
            "httpVersion": "HTTP/2",
            "headers": [{"name": "Set-Cookie", "value": c} for c in (set_cookie or [])]
            + [{"name": k, "value": v} for k, v in (response_headers or {}).items()],
            "cookies": [],
            "content": {"size": 0, "mimeType": mime},
            "redirectURL": redirect,
            "headersSize": -1,
            "bodySize": 0,
        },
        "cache": {},
        "timings": {"send": 1, "wait": 10, "receive": 1.5},
    }
    if resource_type:
        entry["_resourceType"] = resource_type
    if body is not None or params is not None:
        post: dict[str, Any] = {"mimeType": body_mime, "text": body or ""}
        if params is not None:
            post["params"] = [{"name": k, "value": v} for k, v in params]
        if body_encoding:
            post["encoding"] = body_encoding
        entry["request"]["postData"] = post
    if response_text is not None:
        entry["response"]["content"]["text"] = response_text
        if response_encoding:
            entry["response"]["content"]["encoding"] = response_encoding
    return entry


def har(*entries: dict[str, Any], pages: int = 1, page_url: str | None = None) -> dict[str, Any]:
    """A capture of `entries`. Chrome titles each recorded page with its URL: `page_url`
    does so, which also shows which site the capture is of when every entry is a third
    party's (the site's own responses came from the cache, or were left out)."""
    return {
        "log": {
            "version": "1.2",
            "creator": {"name": "hargen", "version": "1"},
            "pages": [
                {
                    "id": f"page_{i}",
                    "title": page_url or f"page {i}",
                    "startedDateTime": "",
                    "pageTimings": {},
                }
                for i in range(pages)
            ],
            "entries": list(entries),
        }
    }


def write(path: Path, capture: dict[str, Any]) -> Path:
    path.write_text(json.dumps(capture, indent=1), encoding="utf-8")
    return path


def page(url: str) -> dict[str, Any]:
    """The site's own HTML page."""
    return request(url, mime="text/html", resource_type="document")


def script(url: str, *, referer: str | None = None) -> dict[str, Any]:
    return request(url, mime="application/javascript", resource_type="script", referer=referer)


def mixpanel_track(
    properties: dict[str, Any], *, post: bool = False, referer: str | None = None
) -> dict[str, Any]:
    """Mixpanel's browser SDK: a JSON event, base64-encoded, then URL-encoded as `data=`."""
    payload = json.dumps([{"event": "$mp_web_page_view", "properties": properties}])
    data = base64.b64encode(payload.encode()).decode()
    url = "https://api-js.mixpanel.com/track/?verbose=1&ip=1&_=1767225600000"
    if post:
        return request(
            url,
            method="POST",
            referer=referer,
            body=f"data={quote(data, safe='')}",
            body_mime="application/x-www-form-urlencoded",
            mime="application/json",
        )
    return request(f"{url}&data={quote(data, safe='')}", referer=referer, mime="application/json")


def ga4_collect(page_url: str, title: str, *, referer: str | None = None) -> dict[str, Any]:
    query = urlencode(
        {"v": "2", "tid": "G-TEST123", "cid": "1234567890.1767225600", "en": "page_view",
         "dl": page_url, "dt": title}
    )  # fmt: skip
    return request(
        f"https://region1.google-analytics.com/g/collect?{query}",
        method="POST",
        referer=referer,
        body="",
        mime="text/plain",
    )


def meta_pixel(page_url: str, *, email: str | None = None) -> dict[str, Any]:
    """The Meta Pixel image beacon; with advanced matching the e-mail goes as SHA-256."""
    fields = {"id": "123456789012345", "ev": "PageView", "dl": page_url}
    if email is not None:
        fields["ud[em]"] = hashlib.sha256(email.strip().lower().encode()).hexdigest()
    return request(
        f"https://www.facebook.com/tr/?{urlencode(fields)}",
        mime="image/gif",
        resource_type="image",
        referer=page_url,
    )
