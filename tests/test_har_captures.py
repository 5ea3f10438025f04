"""Whole browser captures of health sites, as Chrome, Firefox, Safari and intercepting
proxies (mitmproxy, Charles, Fiddler) write them, each with the facts an analyst expects.

Each capture is built here entry by entry, in the shape its recorder really uses (key
order, header case, HTTP/2 pseudo-headers, pages or none, cookies in arrays or only in
headers), with the traffic real tags send. A capture's expectations say which vendors
received data, which only served code, how each third-party host is classed, which
cookies went to third parties, which kinds of personal or health signal left the
browser and where each made-up patient value (canary) went.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, quote, quote_plus, urlencode, urlsplit

import pytest
from conftest import run_cli

EMAIL = "quillonia.braxworth@example.net"
NAME = "Quillonia Braxworth"
PHONE = "(555) 014-2276"
STARTED = "2026-03-02T14:05:11.482Z"
CHROME_UA = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)
FIREFOX_UA = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:133.0) Gecko/20100101 Firefox/133.0"
SAFARI_UA = (
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/18.1 Safari/605.1.15"
)


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def html_page(title: str, words: str, kilobytes: int = 24) -> str:
    """A page body of realistic size: navigation, the article, a footer full of links."""
    nav = "".join(f'<li><a href="/services/{i}">Service {i}</a></li>' for i in range(60))
    article = f"<h1>{title}</h1>" + f"<p>{words}</p>" * 8
    body = f"<!doctype html><html><head><title>{title}</title></head><body><nav>{nav}</nav>"
    body += f"<main>{article}</main><footer>"
    while len(body) < kilobytes * 1024:
        body += '<a href="/locations">Locations</a> <a href="/careers">Careers</a> '
    return body + "</footer></body></html>"


# ------------------------------------------------------------------ recorders' shapes


@dataclass
class Req:
    """One request as the test states it; each recorder below lays it out its own way."""

    url: str
    method: str = "GET"
    kind: str = "other"  # Chrome's _resourceType: document, script, xhr, fetch, ping, image...
    referer: str | None = None
    cookies: dict[str, str] = field(default_factory=dict)
    body: str | None = None
    body_mime: str = "application/json"
    params: list[tuple[str, str]] | None = None
    status: int = 200
    mime: str = "text/html"
    response: str | None = None
    response_base64: bool = False
    redirect: str = ""
    set_cookies: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)  # recorder-specific keys as-is
    page: int = 0


def _pseudo_headers(req: Req) -> list[dict[str, str]]:
    parts = urlsplit(req.url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    return [
        {"name": ":authority", "value": parts.netloc},
        {"name": ":method", "value": req.method},
        {"name": ":path", "value": path or "/"},
        {"name": ":scheme", "value": parts.scheme},
    ]


def _post(req: Req) -> dict[str, Any] | None:
    if req.body is None and req.params is None:
        return None
    post: dict[str, Any] = {"mimeType": req.body_mime, "text": req.body or ""}
    if req.params is not None:
        post["params"] = [{"name": k, "value": v} for k, v in req.params]
    return post


def _content(req: Req) -> dict[str, Any]:
    content: dict[str, Any] = {"size": len(req.response or ""), "mimeType": req.mime}
    if req.response is not None:
        if req.response_base64:
            content["text"] = b64(req.response)
            content["encoding"] = "base64"
        else:
            content["text"] = req.response
    return content


def chrome(req: Req, index: int) -> dict[str, Any]:
    """Chrome DevTools: keys sorted, pseudo-headers on HTTP/2, queryString still encoded."""
    parts = urlsplit(req.url)
    headers = [*_pseudo_headers(req)] if parts.scheme == "https" else []
    headers += [
        {"name": "accept", "value": "*/*"},
        {"name": "accept-language", "value": "en-US,en;q=0.9"},
        {"name": "sec-ch-ua-platform", "value": '"Windows"'},
        {"name": "user-agent", "value": CHROME_UA},
    ]
    if req.referer:
        headers.append({"name": "referer", "value": req.referer})
    if req.cookies:
        cookie_line = "; ".join(f"{k}={v}" for k, v in req.cookies.items())
        headers.append({"name": "cookie", "value": cookie_line})
    query = [
        {"name": k, "value": v}
        for k, _, v in (pair.partition("=") for pair in parts.query.split("&") if pair)
    ]
    request: dict[str, Any] = {
        "bodySize": len(req.body or ""),
        "cookies": [
            {"name": k, "value": v, "path": "/", "domain": parts.hostname, "expires": None,
             "httpOnly": False, "secure": True}
            for k, v in req.cookies.items()
        ],
        "headers": headers,
        "headersSize": -1,
        "httpVersion": "http/2.0",
        "method": req.method,
        "queryString": query,
        "url": req.url,
    }  # fmt: skip
    post = _post(req)
    if post:
        request["postData"] = post
    response_headers = [
        {"name": "content-type", "value": req.mime},
        {"name": "date", "value": "Mon, 02 Mar 2026 14:05:12 GMT"},
    ]
    response_headers += [{"name": "set-cookie", "value": c} for c in req.set_cookies]
    if req.redirect:
        response_headers.append({"name": "location", "value": req.redirect})
    entry: dict[str, Any] = {
        "_connectionId": str(4100 + index),
        "_initiator": {"type": "parser" if req.kind == "document" else "script"},
        "_priority": "VeryHigh" if req.kind == "document" else "Low",
        "_resourceType": req.kind,
        "cache": {},
        "connection": "443",
        "pageref": f"page_{req.page + 1}",
        "request": request,
        "response": {
            "_transferSize": 900 + len(req.response or ""),
            "bodySize": len(req.response or ""),
            "content": _content(req),
            "cookies": [],
            "headers": response_headers,
            "headersSize": -1,
            "httpVersion": "http/2.0",
            "redirectURL": req.redirect,
            "status": req.status,
            "statusText": "",
        },
        "serverIPAddress": "198.51.100.7",
        "startedDateTime": STARTED,
        "time": 84.21,
        "timings": {"blocked": 2.1, "dns": -1, "ssl": -1, "connect": -1, "send": 0.2,
                    "wait": 70.3, "receive": 11.6, "_blocked_queueing": 1.4},
    }  # fmt: skip
    entry.update(req.extra)
    return entry


def firefox(req: Req, index: int) -> dict[str, Any]:
    """Firefox: its own key order, Title-Case headers, decoded queryString, timings of -1,
    cache objects, no _resourceType."""
    parts = urlsplit(req.url)
    headers = [
        {"name": "Host", "value": parts.netloc},
        {"name": "User-Agent", "value": FIREFOX_UA},
        {"name": "Accept", "value": "*/*"},
        {"name": "Accept-Language", "value": "en-US,en;q=0.5"},
        {"name": "Accept-Encoding", "value": "gzip, deflate, br, zstd"},
    ]
    if req.referer:
        headers.append({"name": "Referer", "value": req.referer})
    if req.cookies:
        headers.append(
            {"name": "Cookie", "value": "; ".join(f"{k}={v}" for k, v in req.cookies.items())}
        )
    request: dict[str, Any] = {
        "bodySize": len(req.body or ""),
        "method": req.method,
        "url": req.url,
        "httpVersion": "HTTP/2",
        "headers": headers,
        "cookies": [{"name": k, "value": v} for k, v in req.cookies.items()],
        "queryString": [{"name": k, "value": v} for k, v in parse_qsl(parts.query)],
        "headersSize": 612,
    }
    post = _post(req)
    if post:
        request["postData"] = post
    response_headers = [{"name": "Content-Type", "value": req.mime}]
    response_headers += [{"name": "Set-Cookie", "value": c} for c in req.set_cookies]
    if req.redirect:
        response_headers.append({"name": "Location", "value": req.redirect})
    entry: dict[str, Any] = {
        "pageref": f"page_{req.page + 1}",
        "startedDateTime": STARTED,
        "request": request,
        "response": {
            "status": req.status,
            "statusText": "OK",
            "httpVersion": "HTTP/2",
            "headers": response_headers,
            "cookies": [],
            "content": _content(req),
            "redirectURL": req.redirect,
            "headersSize": 380,
            "bodySize": len(req.response or ""),
        },
        "cache": {"afterRequest": None} if index % 2 else {},
        "timings": {"blocked": -1, "dns": -1, "connect": -1, "ssl": -1, "send": 0,
                    "wait": 41, "receive": 0},
        "time": 41,
        "_securityState": "secure",
        "serverIPAddress": "198.51.100.7",
        "connection": "443",
    }  # fmt: skip
    entry.update(req.extra)
    return entry


def proxy(req: Req, index: int) -> dict[str, Any]:
    """mitmproxy, Charles, Fiddler: lower-case header names, pseudo-headers, cookies only
    in the header, no pageref."""
    parts = urlsplit(req.url)
    headers = _pseudo_headers(req) + [{"name": "user-agent", "value": SAFARI_UA}]
    if req.referer:
        headers.append({"name": "referer", "value": req.referer})
    if req.cookies:
        headers.append(
            {"name": "cookie", "value": "; ".join(f"{k}={v}" for k, v in req.cookies.items())}
        )
    request: dict[str, Any] = {
        "method": req.method,
        "url": req.url,
        "httpVersion": "HTTP/2.0",
        "cookies": [],
        "headers": headers,
        "queryString": [{"name": k, "value": v} for k, v in parse_qsl(parts.query)],
        "headersSize": 0,
        "bodySize": len(req.body or ""),
    }
    post = _post(req)
    if post:
        request["postData"] = post
    response_headers = [{"name": "content-type", "value": req.mime}]
    response_headers += [{"name": "set-cookie", "value": c} for c in req.set_cookies]
    if req.redirect:
        response_headers.append({"name": "location", "value": req.redirect})
    entry: dict[str, Any] = {
        "startedDateTime": STARTED,
        "time": 55,
        "request": request,
        "response": {
            "status": req.status,
            "statusText": "",
            "httpVersion": "HTTP/2.0",
            "cookies": [],
            "headers": response_headers,
            "content": _content(req),
            "redirectURL": req.redirect,
            "headersSize": 0,
            "bodySize": len(req.response or ""),
        },
        "cache": {},
        "timings": {"send": 0, "wait": 55, "receive": 0},
        "comment": "",
    }
    entry.update(req.extra)
    return entry


def capture(
    recorder: Callable[[Req, int], dict[str, Any]],
    requests: list[Req],
    *,
    creator: str,
    pages: list[str] | None,
) -> dict[str, Any]:
    log: dict[str, Any] = {
        "version": "1.2",
        "creator": {"name": creator, "version": "1.0"},
        "entries": [recorder(req, i) for i, req in enumerate(requests)],
    }
    if pages is not None:
        log["pages"] = [
            {"startedDateTime": STARTED, "id": f"page_{i + 1}", "title": url,
             "pageTimings": {"onContentLoad": 812.4, "onLoad": 1630.9}}
            for i, url in enumerate(pages)
        ]  # fmt: skip
    if recorder is firefox:
        log["browser"] = {"name": "Firefox", "version": "133.0"}
    return {"log": log}


# ------------------------------------------------------------------ what is expected


@dataclass
class Expected:
    sites: tuple[str, ...]
    collection: str | None
    sent: set[str]  # vendor ids that received data
    loaded: set[str] = field(default_factory=set)  # vendor ids that only served code
    hosts: dict[str, str] = field(default_factory=dict)  # third-party host -> class
    not_hosts: set[str] = field(default_factory=set)  # must never be listed as third party
    cookies: set[str] = field(default_factory=set)  # third-party cookie names, exactly
    phi: set[tuple[str, str | None]] = field(default_factory=set)  # (kind, vendor) present
    phi_kinds_absent: set[str] = field(default_factory=set)
    leaks: set[tuple[int, str | None, str]] = field(default_factory=set)  # (canary, vendor, form)
    leak_hosts: set[tuple[int, str]] = field(default_factory=set)  # (canary, host), any form
    no_leak_to: set[str] = field(default_factory=set)  # hosts no canary may be reported at
    canaries: tuple[str, ...] = (EMAIL, NAME)


def problems_with(evidence: dict, expected: Expected) -> list[str]:
    """Every way the evidence differs from what an analyst reading the capture expects."""
    facts = evidence["facts"]
    found: list[str] = []

    def differ(what: str, got: Any, want: Any) -> None:
        found.append(f"{what}: got {got!r}, expected {want!r}")

    if facts["collection"]["value"] != expected.collection:
        differ("collection", facts["collection"]["value"], expected.collection)
    vendors = facts["client_side_vendors"]["value"] or []
    sent = {v["id"] for v in vendors if v["received_data"]}
    loaded = {v["id"] for v in vendors if not v["received_data"]}
    if sent != expected.sent:
        differ("vendors that received data", sorted(sent), sorted(expected.sent))
    if not expected.loaded <= loaded:
        differ("vendors that only served code", sorted(loaded), sorted(expected.loaded))
    hosts = {h["host"]: h["class"] for h in facts["third_party_hosts"]["value"] or []}
    for host, cls in expected.hosts.items():
        if hosts.get(host) != cls:
            differ(f"class of host {host}", hosts.get(host), cls)
    for host in expected.not_hosts & set(hosts):
        differ("listed as a third party", host, "absent")
    cookies = {c["name"] for c in facts["third_party_cookies"]["value"] or []}
    if cookies != expected.cookies:
        differ("third-party cookies", sorted(cookies), sorted(expected.cookies))
    signals = {(s["kind"], s["vendor"]) for s in facts["phi_signals"]["value"] or []}
    for missing in sorted(expected.phi - signals, key=str):
        differ("phi signal", None, missing)
    for kind in expected.phi_kinds_absent & {k for k, _ in signals}:
        differ("phi signal kind that is not there", kind, "absent")
    leaks = facts["canary_leaks"]["value"] or []
    by_vendor = {(leak["canary"], leak["vendor"], leak["form"]) for leak in leaks}
    by_host = {(leak["canary"], leak["host"]) for leak in leaks}
    for missing in sorted(expected.leaks - by_vendor, key=str):
        differ("canary leak (canary, vendor, form)", None, missing)
    for missing in sorted(expected.leak_hosts - by_host, key=str):
        differ("canary leak (canary, host)", None, missing)
    for leak in leaks:
        if leak["host"] in expected.no_leak_to:
            differ("canary leak to a host that never got one", leak["host"], "none")
    return found


def run_capture(tmp_path, har: dict[str, Any], expected: Expected) -> dict:
    path = tmp_path / "capture.har"
    path.write_text(json.dumps(har, indent=2, ensure_ascii=False), encoding="utf-8")
    args = ["extract", "har", str(path), "--format", "json"]
    for site in expected.sites:
        args += ["--site", site]
    for canary in expected.canaries:
        args += ["--canary", canary]
    result = run_cli(*args)
    assert result.exit_code == 0, result
    evidence = json.loads(result.stdout)
    for canary in expected.canaries:
        assert canary not in result.stdout, "a canary was written to the evidence"
    return evidence


# ------------------------------------------------------------------ the captures


def ga4(page_url: str, title: str, referrer: str, event: str, *, batch: list[str] = (),
        page: int = 0, referer: str | None = None) -> Req:  # fmt: skip
    """A GA4 hit: shared fields in the query, further events one per line in the body."""
    query = urlencode(
        {"v": "2", "tid": "G-7XQ2L9PZ1B", "gtm": "45je5ca1v9", "_p": "1741", "gcd": "13l3l3l3l1",
         "npa": "0", "cid": "1187265311.1740924311", "ul": "en-us", "sr": "1920x1080",
         "_s": str(page + 1), "sid": "1740924311", "sct": "1", "seg": "1", "dl": page_url,
         "dr": referrer, "dt": title, "en": event, "_et": "12", "tfd": "2210"},
        quote_via=quote,
    )  # fmt: skip
    return Req(
        f"https://region1.google-analytics.com/g/collect?{query}",
        method="POST",
        kind="ping",
        referer=referer,
        body="\r\n".join(batch) if batch else None,
        body_mime="text/plain;charset=UTF-8",
        status=204,
        mime="text/plain",
        page=page,
    )


def hospital_chrome() -> tuple[dict, Expected]:
    """A hospital's public site with GTM, GA4, Meta Pixel (advanced matching), LinkedIn,
    TikTok, Clarity and Hotjar; an appointment form whose confirmation URL carries the
    patient's name; the site's referrer policy sends full URLs to third parties."""
    site = "https://www.st-marys-health.example"
    home, cond = f"{site}/", f"{site}/conditions/heart-failure/"
    form = f"{site}/appointments/request?dept=cardiology"
    done = f"{site}/appointments/confirmation?name={quote_plus(NAME)}&dept=cardiology"
    fb = {"fr": "1Xk2aBcD.AWV", "datr": "q9ZkZ8ab"}
    li = {"li_sugr": "3b1c2f0e-77aa", "bcookie": '"v=2&9f3c"', "UserMatchHistory": "AQJ"}
    phone_e164 = "15550142276"

    def meta(page_url: str, ref: str, event: str, page: int) -> Req:
        fields = {"id": "701234567890123", "ev": event, "dl": page_url, "rl": ref,
                  "if": "false", "ts": "1740924312000", "sw": "1920", "sh": "1080",
                  "v": "2.9.179", "r": "stable", "ec": "0", "o": "4124",
                  "fbp": "fb.1.1740924311000.812734", "it": "1740924311900", "coo": "false",
                  "rqm": "GET"}  # fmt: skip
        return Req(f"https://www.facebook.com/tr/?{urlencode(fields)}", kind="image",
                   referer=page_url, cookies=fb, mime="image/gif", page=page)  # fmt: skip

    def linkedin(page_url: str, page: int) -> Req:
        query = urlencode({"v": "2", "fmt": "js", "pid": "5123456", "time": "1740924312",
                           "url": page_url})  # fmt: skip
        lidc = "lidc=b=VB23:s=V; Domain=.linkedin.com; Path=/; Secure"
        return Req(f"https://px.ads.linkedin.com/collect?{query}", kind="ping",
                   referer=page_url, cookies=li, status=204, mime="text/plain", page=page,
                   set_cookies=[lidc])  # fmt: skip

    def tiktok(page_url: str, ref: str, event: str, page: int, user: dict | None = None) -> Req:
        body = {"event": event, "message_id": f"messageId-{page}", "event_id": "",
                "is_onsite": False, "timestamp": "2026-03-02T14:05:12.101Z",
                "context": {"ad": {}, "library": {"name": "pixel.js", "version": "2.2.1"},
                            "page": {"url": page_url, "referrer": ref},
                            "pixel": {"code": "CQ1ABCDEFG"}, "user": user or {}},
                "properties": {}, "_inspection": {}}  # fmt: skip
        return Req("https://analytics.tiktok.com/api/v2/pixel", method="POST", kind="fetch",
                   referer=page_url, body=json.dumps(body), cookies={"ttwid": "1%7Cabc"},
                   mime="application/json", response='{"code":0}', page=page)  # fmt: skip

    def hotjar(page_url: str, page: int) -> Req:
        body = {"window_width": 1920, "window_height": 947, "url": page_url,
                "r_value": 1, "is_vpv": False, "session_only": False, "rec_value": 1}  # fmt: skip
        return Req("https://in.hotjar.com/api/v2/client/sites/3912345/visit-data?sv=7",
                   method="POST", kind="xhr", referer=page_url, body=json.dumps(body),
                   mime="application/json", page=page)  # fmt: skip

    assets = [
        Req(f"{site}/static/css/site.4f2a91.css", kind="stylesheet", mime="text/css",
            referer=home),
        Req(f"{site}/static/js/main.81c3.js", kind="script", mime="application/javascript",
            referer=home),
        Req("https://fonts.googleapis.com/css2?family=Source+Sans+3:wght@400;700&display=swap",
            kind="stylesheet", mime="text/css", referer=home),
        Req("https://fonts.gstatic.com/s/sourcesans3/v15/nwpBtKy2OAdR1K-IwhWudF-R9QMylBJA.woff2",
            kind="font", mime="font/woff2", referer="https://fonts.googleapis.com/"),
        Req("https://cdnjs.cloudflare.com/ajax/libs/jquery/3.7.1/jquery.min.js", kind="script",
            mime="application/javascript", referer=home),
        Req("https://www.googletagmanager.com/gtm.js?id=GTM-K7T2QXM", kind="script",
            mime="application/javascript", referer=home),
        Req("https://www.googletagmanager.com/gtag/js?id=G-7XQ2L9PZ1B&l=dataLayer&cx=c",
            kind="script", mime="application/javascript", referer=home),
        Req("https://connect.facebook.net/en_US/fbevents.js", kind="script",
            mime="application/javascript", referer=home),
        Req("https://connect.facebook.net/signals/config/701234567890123?v=2.9.179&r=stable"
            "&domain=www.st-marys-health.example", kind="script",
            mime="application/javascript", referer=home),
        Req("https://snap.licdn.com/li.lms-analytics/insight.min.js", kind="script",
            mime="application/javascript", referer=home),
        Req("https://analytics.tiktok.com/i18n/pixel/events.js?sdkid=CQ1ABCDEFG&lib=ttq",
            kind="script", mime="application/javascript", referer=home),
        Req("https://www.clarity.ms/tag/q8r2x5m1ab", kind="script",
            mime="application/javascript", referer=home),
        Req("https://scripts.clarity.ms/0.7.49/clarity.js", kind="script",
            mime="application/javascript", referer=home),
        Req("https://static.hotjar.com/c/hotjar-3912345.js?sv=6", kind="script",
            mime="application/javascript", referer=home),
        Req("https://script.hotjar.com/modules.6f1e6a7a4a4f0c0b5e1a.js", kind="script",
            mime="application/javascript", referer=home),
    ]  # fmt: skip
    requests = [
        Req(home, kind="document", response=html_page("St. Mary's Health", "Care near you."),
            response_base64=True,
            extra={"_initiator": {"type": "other"}}),
        *assets,
        ga4(home, "St. Mary's Health", "", "page_view", referer=home),
        meta(home, "", "PageView", 0),
        linkedin(home, 0),
        tiktok(home, "", "Pageview", 0),
        Req("https://q.clarity.ms/collect", method="POST", kind="xhr", referer=home,
            body="\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03\xed\x9d", body_mime="text/plain",
            status=204, mime="text/plain"),
        Req("https://c.clarity.ms/c.gif?ctsa=mr&CtsSyncId=3D7B1A9C", kind="image",
            referer=home, cookies={"MUID": "0F2C8D7E1A"}, mime="image/gif",
            set_cookies=["MUID=0F2C8D7E1A; domain=.clarity.ms; path=/; SameSite=None; Secure"]),
        hotjar(home, 0),
        Req(cond, kind="document", referer=home, page=1,
            response=html_page("Heart Failure", "Symptoms, diagnosis and treatment."),
            response_base64=True),
        ga4(cond, "Heart Failure: Symptoms & Treatment | St. Mary's", home, "page_view",
            page=1, referer=cond,
            batch=["en=scroll&_et=9021&epn.percent_scrolled=90",
                   "en=view_search_results&_et=120&ep.search_term=heart%20failure%20clinic"]),
        meta(cond, home, "PageView", 1),
        linkedin(cond, 1),
        tiktok(cond, home, "Pageview", 1),
        hotjar(cond, 1),
        Req(form, kind="document", referer=cond, page=2),
        ga4(form, "Request an appointment | St. Mary's", cond, "page_view", page=2,
            referer=form),
        Req(f"{site}/appointments/submit", method="POST", kind="document", referer=form,
            body=urlencode({"name": NAME, "email": EMAIL, "phone": PHONE,
                            "reason": "shortness of breath"}),
            body_mime="application/x-www-form-urlencoded",
            params=[("name", NAME), ("email", EMAIL), ("phone", PHONE),
                    ("reason", "shortness of breath")],
            status=303, redirect=done, page=2),
        Req(done, kind="document", referer=form, page=3),
        ga4(done, "Thank you | St. Mary's", form, "generate_lead", page=3, referer=done,
            batch=["en=form_submit&_et=2310&ep.form_name=appointment&ep.department=cardiology"
                   f"&ep.user_email={quote(EMAIL, safe='')}"]),
        Req("https://www.facebook.com/tr/", method="POST", kind="ping", referer=done,
            cookies=fb, page=3, body="",
            body_mime="multipart/form-data; boundary=----WebKitFormBoundaryx7Qz",
            params=[("id", "701234567890123"), ("ev", "Lead"), ("dl", done), ("rl", form),
                    ("ud[em]", sha256(EMAIL)), ("ud[ph]", sha256(phone_e164)),
                    ("ud[fn]", sha256("quillonia")), ("ud[ln]", sha256("braxworth"))]),
        linkedin(done, 3),
        tiktok(done, form, "SubmitForm", 3,
               user={"email": sha256(EMAIL), "phone_number": sha256("+" + phone_e164)}),
        hotjar(done, 3),
    ]  # fmt: skip
    expected = Expected(
        sites=("st-marys-health.example",),
        collection="client-side",
        sent={"google-analytics", "meta-pixel", "linkedin-insight", "tiktok-pixel",
              "microsoft-clarity", "hotjar"},
        loaded={"google-tag-manager"},
        hosts={"region1.google-analytics.com": "tracker", "www.facebook.com": "tracker",
               "px.ads.linkedin.com": "tracker", "analytics.tiktok.com": "tracker",
               "q.clarity.ms": "tracker", "in.hotjar.com": "tracker",
               "fonts.gstatic.com": "fonts", "fonts.googleapis.com": "fonts",
               "cdnjs.cloudflare.com": "static-cdn"},
        not_hosts={"www.st-marys-health.example"},
        cookies={"fr", "datr", "li_sugr", "bcookie", "UserMatchHistory", "lidc", "ttwid",
                 "MUID"},
        phi={("health-context", "google-analytics"), ("health-context", "meta-pixel"),
             ("health-context", "linkedin-insight"), ("health-context", "tiktok-pixel"),
             ("health-context", "hotjar"), ("email-hash", "meta-pixel"),
             ("email-hash", "tiktok-pixel"), ("email", "google-analytics")},
        leaks={(1, "meta-pixel", "sha256"), (1, "tiktok-pixel", "sha256"),
               (1, "google-analytics", "url-encoded")},
        leak_hosts={(2, "region1.google-analytics.com"), (2, "www.facebook.com"),
                    (2, "px.ads.linkedin.com"), (2, "analytics.tiktok.com"),
                    (2, "in.hotjar.com"), (3, "www.facebook.com"),
                    (3, "analytics.tiktok.com")},
        no_leak_to={"www.st-marys-health.example", "fonts.gstatic.com", "cdnjs.cloudflare.com"},
        canaries=(EMAIL, NAME, PHONE),
    )  # fmt: skip
    pages = [home, cond, form, done]
    return capture(chrome, requests, creator="WebInspector", pages=pages), expected


def portal_firefox() -> tuple[dict, Expected]:
    """A logged-in patient portal recorded in Firefox: Segment, Amplitude, Heap, FullStory
    and PostHog all receive events about lab results and messages."""
    site = "https://portal.lakesidehealth.example"
    login, dash = f"{site}/login", f"{site}/dashboard"
    result = f"{site}/results/hba1c-2026-02"
    msg = f"{site}/messages/new?topic=insulin-refill"
    session = {"LAKESIDE_SESSION": "s%3Aq81Kx.9f", "ajs_user_id": "p-448120",
               "ajs_anonymous_id": "2f6c1e9a-5b0d"}  # fmt: skip

    def segment(path: str, body: dict, page_url: str, page: int) -> Req:
        payload = {"timestamp": "2026-03-02T14:06:01.117Z", "anonymousId": "2f6c1e9a-5b0d",
                   "userId": "p-448120", "writeKey": "wK7gq1Z", "sentAt": "2026-03-02T14:06:01Z",
                   "context": {"page": {"url": page_url, "path": urlsplit(page_url).path,
                                        "referrer": dash, "title": "Lakeside MyHealth"},
                               "library": {"name": "analytics.js", "version": "next-1.70.0"},
                               "userAgent": FIREFOX_UA},
                   "messageId": f"ajs-next-{page}-{path}", **body}  # fmt: skip
        return Req(f"https://api.segment.io/v1/{path}", method="POST", referer=f"{site}/",
                   body=json.dumps(payload), body_mime="text/plain", mime="application/json",
                   response='{"success":true}', page=page)  # fmt: skip

    def amplitude(events: list[dict], page: int) -> Req:
        payload = {
            "api_key": "3f9b0c5e1d2a4b6c8e0f1a2b3c4d5e6f",
            "events": events,
            "options": {},
            "client_upload_time": "2026-03-02T14:06:02.000Z",
        }
        return Req("https://api2.amplitude.com/2/httpapi", method="POST", referer=f"{site}/",
                   body=json.dumps(payload), mime="application/json",
                   response='{"code":200,"events_ingested":1}', page=page)  # fmt: skip

    def heap(title: str, page_url: str, page: int) -> Req:
        query = urlencode({"a": "1839204411", "u": "5510283745", "v": "7743821", "s": "91",
                           "b": "web", "tv": "4.0", "z": "2", "h": urlsplit(page_url).path,
                           "q": urlsplit(page_url).query, "t": title, "sw": "1512",
                           "sh": "982", "st": "1740924361000"})  # fmt: skip
        return Req(
            f"https://heapanalytics.com/h?{query}", referer=f"{site}/", mime="image/gif", page=page
        )

    fullstory_events = {"Seq": 3, "When": 4410, "Evts": [
        {"When": 4102, "Kind": 2, "Args": [1402, "input", "#msg-from"]},
        {"When": 4288, "Kind": 14, "Args": [1402, EMAIL]},
        {"When": 4301, "Kind": 14, "Args": [1407, "Need a refill of my insulin pen"]},
    ]}  # fmt: skip
    posthog_batch = [
        {"event": "$pageview", "properties": {"$current_url": result, "$host":
         "portal.lakesidehealth.example", "$pathname": "/results/hba1c-2026-02",
         "distinct_id": "p-448120", "$set": {"name": NAME}, "token": "phc_Qx81"}},
        {"event": "$autocapture", "properties": {"$current_url": msg,
         "$elements": [{"tag_name": "button", "$el_text": "Send to Dr. Okafor"}],
         "distinct_id": "p-448120", "token": "phc_Qx81"}},
    ]  # fmt: skip
    posthog_data = b64(json.dumps(posthog_batch))
    requests = [
        Req(login, response=html_page("Sign in", "Lakeside MyHealth"), page=0),
        Req(f"{site}/login", method="POST", referer=login, status=302, redirect=dash,
            body=urlencode({"username": EMAIL, "password": "correct horse"}),
            body_mime="application/x-www-form-urlencoded",
            params=[("username", EMAIL), ("password", "correct horse")], page=0),
        Req(dash, referer=login, cookies=session, page=1,
            response=html_page(f"Welcome, {NAME}", "Your next visit: endocrinology")),
        Req("https://cdn.segment.com/analytics.js/v1/wK7gq1Z/analytics.min.js",
            referer=f"{site}/", mime="text/javascript", page=1),
        Req("https://cdn.segment.com/v1/projects/wK7gq1Z/settings", referer=f"{site}/",
            mime="application/json", page=1),
        Req("https://cdn.amplitude.com/libs/analytics-browser-2.11.1-min.js.gz",
            referer=f"{site}/", mime="text/javascript", page=1),
        Req("https://cdn.heapanalytics.com/js/heap-1839204411.js", referer=f"{site}/",
            mime="text/javascript", page=1),
        Req("https://edge.fullstory.com/s/fs.js", referer=f"{site}/", mime="text/javascript",
            page=1),
        Req("https://us-assets.i.posthog.com/static/array.js", referer=f"{site}/",
            mime="text/javascript", page=1),
        Req("https://us.i.posthog.com/decide/?v=3", method="POST", referer=f"{site}/",
            body=json.dumps({"token": "phc_Qx81", "distinct_id": "p-448120", "groups": {}}),
            mime="application/json", page=1),
        segment("i", {"type": "identify", "traits": {"email": EMAIL, "name": NAME,
                                                     "plan": "medicare-advantage"}}, dash, 1),
        segment("p", {"type": "page", "properties": {"url": dash, "path": "/dashboard"}},
                dash, 1),
        Req(result, referer=dash, cookies=session, page=2,
            response=html_page("HbA1c result", "Your hemoglobin A1c is 8.1%")),
        segment("t", {"type": "track", "event": "Lab Result Viewed",
                      "properties": {"test": "HbA1c", "flag": "high",
                                     "department": "Endocrinology"}}, result, 2),
        amplitude([{"event_type": "Viewed Lab Result", "user_id": EMAIL,
                    "device_id": "f1e2d3", "time": 1740924362000,
                    "event_properties": {"page_url": result, "test_name": "Hemoglobin A1c",
                                         "diagnosis": "type 2 diabetes"},
                    "user_properties": {"clinic": "Lakeside Endocrinology"}}], 2),
        heap("HbA1c result - Lakeside MyHealth", result, 2),
        Req("https://rs.fullstory.com/rec/page", method="POST", referer=f"{site}/",
            body=json.dumps({"OrgId": "o-1ABCD2-na1", "UserId": "5910437281",
                             "Url": result, "Base": result, "Width": 1512, "Height": 982,
                             "Referrer": dash}),
            mime="application/json", page=2),
        Req(msg, referer=result, cookies=session, page=3),
        Req("https://rs.fullstory.com/rec/bundle/v2?OrgId=o-1ABCD2-na1&UserId=5910437281"
            "&SessionId=8207771&PageId=2261&Seq=3&ClientTime=1740924371000",
            method="POST", referer=f"{site}/", body=json.dumps(fullstory_events),
            mime="application/json", page=3),
        Req("https://us.i.posthog.com/e/?ip=1&_=1740924371502&ver=1.160.0", method="POST",
            referer=f"{site}/", body=f"data={quote(posthog_data, safe='')}&compression=base64",
            body_mime="application/x-www-form-urlencoded",
            params=[("data", posthog_data), ("compression", "base64")], page=3),
        Req(f"{site}/api/messages", method="POST", referer=msg, cookies=session, page=3,
            body=json.dumps({"to": "Dr. Okafor", "from": EMAIL,
                             "body": "Need a refill of my insulin pen"})),
    ]  # fmt: skip
    expected = Expected(
        sites=("lakesidehealth.example",),
        collection="client-side",
        sent={"segment", "amplitude", "heap", "fullstory", "posthog"},
        hosts={"api.segment.io": "tracker", "api2.amplitude.com": "tracker",
               "heapanalytics.com": "tracker", "rs.fullstory.com": "tracker",
               "us.i.posthog.com": "tracker"},
        not_hosts={"portal.lakesidehealth.example"},
        cookies=set(),
        phi={("health-context", "segment"), ("health-context", "amplitude"),
             ("health-context", "heap"), ("health-context", "posthog"),
             ("email", "segment"), ("email", "amplitude"), ("name", "segment")},
        leaks={(1, "segment", "plain"), (1, "amplitude", "plain"), (1, "fullstory", "plain"),
               (2, "segment", "plain"), (2, "posthog", "base64")},
        no_leak_to={"portal.lakesidehealth.example"},
    )  # fmt: skip
    pages = [login, dash, result, msg]
    return capture(firefox, requests, creator="Firefox", pages=pages), expected


def safari(req: Req, index: int) -> dict[str, Any]:
    """Safari's Web Inspector: Chrome-like, without _resourceType or _initiator, with
    _fetchType, and without HTTP/2 pseudo-headers."""
    entry = chrome(req, index)
    for key in ("_resourceType", "_initiator", "_connectionId", "_priority"):
        entry.pop(key)
    entry["request"]["headers"] = [
        h for h in entry["request"]["headers"] if not h["name"].startswith(":")
    ]
    entry["_fetchType"] = "Network Load"
    return entry


def first_party_proxy_safari() -> tuple[dict, Expected]:
    """Analytics routed through the hospital's own origin and a metrics subdomain (a
    server-side tag manager): the browser sends data only to the organisation."""
    site = "https://www.northbay-medical.example"
    home, page = f"{site}/", f"{site}/services/oncology/breast-cancer-screening"
    book = f"{site}/book?service=mammogram"
    img = "https://img.nbm-static.example"
    requests = [
        Req(home, kind="document", response=html_page("NorthBay Medical", "Welcome")),
        Req(f"{img}/hero/2026/spring-1920w.webp", referer=home, mime="image/webp"),
        Req("https://fonts.googleapis.com/css2?family=Lato:wght@400;700", referer=home,
            mime="text/css"),
        Req("https://fonts.gstatic.com/s/lato/v24/S6uyw4BMUTPHjx4wXg.woff2",
            referer="https://fonts.googleapis.com/", mime="font/woff2"),
        Req("https://cdn.jsdelivr.net/npm/bootstrap@5.3.3/dist/js/bootstrap.bundle.min.js",
            referer=home, mime="application/javascript"),
        Req(f"{site}/assets/analytics.3c9e.js", referer=home, mime="application/javascript"),
        Req("https://metrics.northbay-medical.example/gtm.js?id=GTM-NB4Q1", referer=home,
            mime="application/javascript"),
        Req(page, referer=home, page=1,
            response=html_page("Breast cancer screening", "Mammograms at NorthBay")),
        Req(f"{site}/collect", method="POST", referer=page, page=1, status=204,
            body=json.dumps({"event": "page_view", "url": page, "referrer": home,
                             "title": "Breast cancer screening"})),
        Req("https://metrics.northbay-medical.example/g/collect?v=2&tid=G-NB00112233"
            f"&en=page_view&dl={quote(page, safe='')}&dr={quote(home, safe='')}",
            method="POST", referer=page, page=1, status=204, mime="text/plain",
            cookies={"FPID": "FPID2.2.kq8%2F1n", "FPLC": "x7Gq"}),
        Req(book, referer=page, page=2),
        Req(f"{site}/api/bookings", method="POST", referer=book, page=2,
            body=json.dumps({"patient": {"name": NAME, "email": EMAIL},
                             "service": "mammogram"})),
        Req(f"{site}/collect", method="POST", referer=book, page=2, status=204,
            body=json.dumps({"event": "booking_submitted", "email": EMAIL, "url": book})),
    ]  # fmt: skip
    expected = Expected(
        sites=("northbay-medical.example", "nbm-static.example"),
        collection="server-side",
        sent=set(),
        hosts={"fonts.googleapis.com": "fonts", "fonts.gstatic.com": "fonts",
               "cdn.jsdelivr.net": "static-cdn"},
        not_hosts={"www.northbay-medical.example", "metrics.northbay-medical.example",
                   "img.nbm-static.example"},
        cookies=set(),
        phi_kinds_absent={"health-context", "email", "name"},
        no_leak_to={"www.northbay-medical.example", "metrics.northbay-medical.example"},
    )  # fmt: skip
    pages = [home, page, book]
    return capture(safari, requests, creator="WebKit Web Inspector", pages=pages), expected


def script_only_charles() -> tuple[dict, Expected]:
    """A pediatric practice that loads Segment's and Google's code from their CDNs but
    sends its events to its own /api/events endpoint: vendor code, first-party data."""
    site = "https://www.pinecrest-pediatrics.example"
    home, page = f"{site}/", f"{site}/conditions/asthma-in-children"
    origin = f"{site}/"  # strict-origin-when-cross-origin: third parties see only the origin
    requests = [
        Req(home, response=html_page("Pinecrest Pediatrics", "Caring for kids")),
        Req("https://cdn.segment.com/analytics.js/v1/PcP9x2/analytics.min.js", referer=origin,
            mime="application/javascript"),
        Req("https://www.googletagmanager.com/gtm.js?id=GTM-PCP77", referer=origin,
            mime="application/javascript"),
        Req("https://ajax.googleapis.com/ajax/libs/jquery/3.7.1/jquery.min.js",
            referer=origin, mime="application/javascript"),
        Req(page, referer=home, response=html_page("Asthma in children", "Inhalers")),
        Req(f"{site}/api/events", method="POST", referer=page, status=202,
            body=json.dumps({"type": "page", "url": page, "traits": {"email": EMAIL}})),
        Req(f"{site}/api/events", method="OPTIONS", referer=page, status=204, mime=""),
    ]  # fmt: skip
    expected = Expected(
        sites=("pinecrest-pediatrics.example",),
        collection="hybrid",
        sent=set(),
        loaded={"segment", "google-tag-manager"},
        hosts={"cdn.segment.com": "tracker", "ajax.googleapis.com": "static-cdn"},
        not_hosts={"www.pinecrest-pediatrics.example"},
        cookies=set(),
        phi_kinds_absent={"health-context", "email"},
        no_leak_to={"cdn.segment.com", "www.googletagmanager.com"},
    )  # fmt: skip
    har = capture(proxy, requests, creator="Charles Proxy", pages=None)
    return har, expected


def ad_redirects_chrome() -> tuple[dict, Expected]:
    """An orthopaedic practice's retargeting: a Floodlight tag bounces through Google's ad
    servers, The Trade Desk syncs its cookie through a redirect chain, and Bing UET reports
    the page, all carrying the condition the visitor read about."""
    site = "https://www.valleyortho.example"
    home, page = f"{site}/", f"{site}/conditions/knee-replacement-surgery"
    enc = quote(page, safe="")
    flood = ("https://ad.doubleclick.net/activity;register_conversion=1;src=9912345;type=visit;"
             f"cat=ortho0;u1=knee-replacement;ord=8812;~oref={enc}?")  # fmt: skip
    fls = f"https://adservice.google.com/ddm/fls/z/src=9912345;type=visit;cat=ortho0;~oref={enc}"
    conv = f"https://www.google.com/pagead/1p-conversion/1003456/?url={enc}&label=kR2x"
    ttd = f"https://insight.adsrvr.org/track/up?adv=ab1cd2e&ref={enc}&upid=q7x1&fmt=3"
    sync = "https://match.adsrvr.org/track/cmf/generic?ttd_pid=rubicon&ttd_tpi=1"
    rubicon = "https://pixel.rubiconproject.com/tap.php?v=7751&nid=2307&put=TTD-9c1f&expires=30"
    requests = [
        Req(home, kind="document"),
        Req(page, kind="document", referer=home, page=1,
            response=html_page("Knee replacement", "Total and partial knee replacement"),
            response_base64=True),
        Req(flood, kind="image", referer=page, page=1, status=302, redirect=fls,
            cookies={"IDE": "AHWqTUk3"}, mime="text/html",
            set_cookies=["test_cookie=CheckForPermission; domain=.doubleclick.net; path=/"]),
        Req(fls, kind="image", referer=page, page=1, status=302, redirect=conv,
            mime="text/html"),
        Req(conv, kind="image", referer=page, page=1, mime="image/gif"),
        Req("https://bat.bing.com/bat.js", kind="script", referer=page, page=1,
            mime="application/javascript"),
        Req("https://bat.bing.com/action/0?ti=343112233&tm=gtm002&Ver=2&mid=7a1c&sid=ab12"
            f"&vid=cd34&vids=1&msclkid=N&pi=918639831&lg=en-US&sw=1920&sh=1080&sc=24&tl="
            f"{quote('Knee Replacement Surgery | Valley Ortho')}&p={enc}&r={quote(home, safe='')}"
            "&evt=pageLoad&sv=1&rn=55012", kind="image", referer=page, page=1, status=204,
            cookies={"MUID": "29B1C4F6A5"}, mime="image/gif"),
        Req(ttd, kind="image", referer=page, page=1, status=302, redirect=sync,
            cookies={"TDID": "5f0c6e3b-2a1d"}, mime="text/html",
            set_cookies=["TDCPM=CAES; domain=.adsrvr.org; path=/; SameSite=None; Secure"]),
        Req(sync, kind="image", referer=page, page=1, status=302, redirect=rubicon,
            cookies={"TDID": "5f0c6e3b-2a1d"}, mime="text/html"),
        Req(rubicon, kind="image", referer=page, page=1, mime="image/gif",
            set_cookies=["khaos=M7Q1; Domain=.rubiconproject.com; Path=/; Secure"]),
    ]  # fmt: skip
    expected = Expected(
        sites=("valleyortho.example",),
        collection="client-side",
        sent={"google-ads", "bing-ads", "the-trade-desk", "magnite"},
        hosts={"ad.doubleclick.net": "tracker", "bat.bing.com": "tracker",
               "insight.adsrvr.org": "tracker"},
        not_hosts={"www.valleyortho.example"},
        cookies={"IDE", "test_cookie", "MUID", "TDID", "TDCPM", "khaos"},
        phi={("health-context", "google-ads"), ("health-context", "bing-ads"),
             ("health-context", "the-trade-desk")},
        no_leak_to={"www.valleyortho.example"},
        canaries=(),
    )  # fmt: skip
    return capture(chrome, requests, creator="WebInspector", pages=[home, page]), expected


IDN_SITE = "clínicasalud.example"
IDN_HOST = "www." + IDN_SITE.encode("idna").decode()


def edge_cases_chrome() -> tuple[dict, Expected]:
    """A Spanish-language clinic on an IDN domain, recorded in Chrome with an ad blocker and
    a password manager: data:, blob: and extension URLs, a WebSocket, a CORS preflight, a
    blocked beacon (status 0), non-ASCII paths, an IP-address host, explicit ports."""
    site = f"https://{IDN_HOST}"
    diabetes = f"{site}/condiciones/diabetes"
    cancer = f"{site}/condiciones/{quote('cáncer-de-mama')}"
    search = f"{site}/buscar?q={quote(NAME)}"
    attributes = b64(json.dumps({"email": EMAIL, "plan": "basico"}))
    ws_messages = [
        {"type": "send", "time": 1740924400.1, "opcode": 1,
         "data": json.dumps({"action": "recording", "page": cancer,
                             "events": [{"type": "input", "value": EMAIL}]})},
        {"type": "receive", "time": 1740924400.3, "opcode": 1, "data": '{"ok":true}'},
    ]  # fmt: skip
    requests = [
        Req(diabetes, kind="document", response=html_page("Diabetes", "Cuidado"),
            response_base64=True),
        Req(f"https://www.{IDN_SITE}/favicon.ico", kind="other", referer=diabetes,
            mime="image/x-icon"),
        Req("data:image/svg+xml;base64," + b64('<svg xmlns="http://www.w3.org/2000/svg"/>'),
            kind="image", mime="image/svg+xml"),
        Req(f"blob:{site}/6a1f0c2e-4b7d-4e11-9a0c-2f1d8b7e5c33", kind="fetch",
            mime="application/octet-stream"),
        Req("chrome-extension://nngceckbapebfimnlniiiahkandclblb/content/bootstrap.js",
            kind="script", mime="application/javascript"),
        Req("https://www.googletagmanager.com/gtag/js?id=G-CS55AA", kind="script",
            referer=diabetes, mime="application/javascript"),
        Req("https://region1.google-analytics.com/g/collect?v=2&tid=G-CS55AA&en=page_view"
            f"&dl={quote(diabetes, safe='')}&dt=Diabetes", method="POST", kind="ping",
            referer=diabetes, status=0, mime=""),
        Req(cancer, kind="document", referer=diabetes, page=1),
        Req("https://region1.google-analytics.com/g/collect?v=2&tid=G-CS55AA&en=page_view"
            f"&dl={quote(cancer, safe='')}&dt={quote('Cáncer de mama')}", method="POST",
            kind="ping", referer=cancer, status=204, mime="text/plain", page=1),
        Req("https://api.segment.io/v1/t", method="OPTIONS", kind="preflight", referer=cancer,
            status=204, mime="", page=1),
        Req("https://api.segment.io/v1/t", method="POST", kind="fetch", referer=cancer,
            status=0, mime="", page=1,
            body=json.dumps({"event": "Viewed", "properties": {"url": cancer}}),
            extra={"_error": "net::ERR_BLOCKED_BY_CLIENT"}),
        Req(f"https://{IDN_HOST}:8443/api/consulta", method="POST", kind="fetch",
            referer=cancer, page=1, mime="application/json",
            body=json.dumps({"email": EMAIL, "motivo": "diabetes"})),
        Req(search, kind="document", referer=cancer, page=2),
        Req("https://static.hotjar.com/c/hotjar-3101.js?sv=6", kind="script", referer=search,
            mime="application/javascript", page=2),
        Req("https://in.hotjar.com/api/v2/client/sites/3101/visit-data?sv=7", method="POST",
            kind="xhr", referer=search, page=2, cookies={"_hjUserAttributes": attributes},
            body=json.dumps({"window_width": 1280, "r_value": 1})),
        Req("wss://ws.hotjar.com/api/v2/client/ws", kind="websocket", referer=None,
            status=101, mime="", page=2, extra={"_webSocketMessages": ws_messages}),
        Req(f"http://203.0.113.50:8080/pixel.gif?pg={quote('/condiciones/diabetes', safe='')}"
            f"&e={quote(EMAIL, safe='')}", kind="image", referer=f"{site}/", page=2,
            mime="image/gif"),
    ]  # fmt: skip
    expected = Expected(
        sites=(IDN_SITE,),
        collection="client-side",
        sent={"google-analytics", "hotjar"},
        loaded={"segment"},
        hosts={"region1.google-analytics.com": "tracker", "in.hotjar.com": "tracker",
               "203.0.113.50": "other"},
        not_hosts={IDN_HOST, f"www.{IDN_SITE}", "nngceckbapebfimnlniiiahkandclblb", "",
                   "data", "blob"},
        cookies={"_hjUserAttributes"},
        phi={("health-context", "google-analytics"), ("email", None)},
        leaks={(1, "hotjar", "base64"), (2, "hotjar", "url-encoded")},
        leak_hosts={(1, "203.0.113.50"), (1, "ws.hotjar.com")},
        no_leak_to={IDN_HOST, "api.segment.io"},
    )  # fmt: skip
    pages = [diabetes, cancer, search]
    return capture(chrome, requests, creator="WebInspector", pages=pages), expected


def unknown_recipient_fiddler() -> tuple[dict, Expected]:
    """A telehealth symptom checker served by a company no tracker list knows: it receives
    the symptoms and the patient's e-mail, so the collection model cannot be settled."""
    site = "https://care.harborview-telehealth.example"
    page = f"{site}/urgent-care/chest-pain"
    widget = "https://widget.symptomly-ai.example"
    requests = [
        Req(page, response=html_page("Chest pain", "When to seek urgent care")),
        Req(f"{widget}/v3/embed.js", referer=f"{site}/", mime="application/javascript"),
        Req("https://fonts.gstatic.com/s/roboto/v32/KFOmCnqEu92Fr1Mu4mxK.woff2",
            referer=f"{site}/", mime="font/woff2"),
        Req("https://api.symptomly-ai.example/v3/sessions", method="POST", referer=f"{site}/",
            body=json.dumps({"page": page, "answers": {"symptom": "chest pain radiating to arm",
                             "duration": "2 hours"}, "contact": {"email": EMAIL}}),
            mime="application/json", response='{"triage":"emergency"}'),
    ]  # fmt: skip
    for req in requests:
        req.extra = {"_fiddlerSessionId": str(len(req.url))}
    expected = Expected(
        sites=("harborview-telehealth.example",),
        collection=None,
        sent=set(),
        hosts={"api.symptomly-ai.example": "other", "fonts.gstatic.com": "fonts"},
        not_hosts={"care.harborview-telehealth.example"},
        cookies=set(),
        phi={("email", None), ("health-context", None)},
        leaks={(1, None, "plain")},
        canaries=(EMAIL,),
    )  # fmt: skip
    return capture(proxy, requests, creator="Fiddler", pages=[page]), expected


def consent_mode_mitmproxy() -> tuple[dict, Expected]:
    """A behavioural-health site whose consent banner is declined: Google's consent mode
    still sends cookieless pings carrying the page address. Recorded with mitmproxy: no
    pages, lower-case headers, cookies only in the Cookie header."""
    site = "https://www.riverbend-behavioral.example"
    page = f"{site}/services/depression-screening?utm_source=google"
    requests = [
        Req(page, response=html_page("Depression screening", "Confidential")),
        Req("https://cdn.cookielaw.org/scripttemplates/otSDKStub.js", referer=f"{site}/",
            mime="application/javascript"),
        Req("https://geolocation.onetrust.com/cookieconsentpub/v1/geo/location",
            referer=f"{site}/", mime="application/javascript"),
        Req("https://www.googletagmanager.com/gtag/js?id=G-RB9Q2&l=dataLayer",
            referer=f"{site}/", mime="application/javascript"),
        Req("https://www.google-analytics.com/g/collect?v=2&tid=G-RB9Q2&gcs=G100&gcd=13p3p3p2p5"
            f"&npa=1&dma=0&_p=77&en=page_view&dl={quote(page, safe='')}"
            "&dt=Depression%20screening%20%7C%20Riverbend&_z=ccd.v9B", method="POST",
            referer=f"{site}/", status=204, mime="text/plain"),
        Req(f"{site}/consent/log", method="POST", referer=page, cookies={"OptanonConsent":
            "groups=C0001%3A1%2CC0002%3A0"}, body=json.dumps({"choice": "reject"})),
    ]  # fmt: skip
    expected = Expected(
        sites=("riverbend-behavioral.example",),
        collection="client-side",
        sent={"google-analytics"},
        loaded={"google-tag-manager"},
        hosts={"www.google-analytics.com": "tracker"},
        not_hosts={"www.riverbend-behavioral.example"},
        cookies=set(),
        phi={("health-context", "google-analytics")},
        canaries=(),
    )  # fmt: skip
    return capture(proxy, requests, creator="mitmproxy har_dump", pages=None), expected


CAPTURES = {
    "hospital-chrome": hospital_chrome,
    "portal-firefox": portal_firefox,
    "first-party-proxy-safari": first_party_proxy_safari,
    "script-only-charles": script_only_charles,
    "ad-redirects-chrome": ad_redirects_chrome,
    "edge-cases-chrome": edge_cases_chrome,
    "unknown-recipient-fiddler": unknown_recipient_fiddler,
    "consent-mode-mitmproxy": consent_mode_mitmproxy,
}


@pytest.mark.parametrize("name", sorted(CAPTURES))
def test_whole_capture_gives_the_facts_an_analyst_reads_in_it(tmp_path, name):
    har, expected = CAPTURES[name]()
    evidence = run_capture(tmp_path, har, expected)
    assert problems_with(evidence, expected) == []
