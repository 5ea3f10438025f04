"""What one scenario of a scan recorded, and its HAR 1.2 form.

The browser driver fills these plain objects; the HAR form is what `--har` writes and what
the analysis hands to the HAR extractor, so a scan and a hand-recorded capture are read by
the same rules.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from vendor_eval import __version__

BEFORE_CONSENT = "before-consent"
AFTER_REJECT = "after-reject"
AFTER_ACCEPT = "after-accept"
SCENARIOS = (BEFORE_CONSENT, AFTER_REJECT, AFTER_ACCEPT)
ACTION_OF = {AFTER_REJECT: "reject", AFTER_ACCEPT: "accept"}
SERVICE_WORKER = "service worker"


@dataclass
class RecordedRequest:
    page: str  # the URL of the page whose tab made it, or SERVICE_WORKER
    url: str
    method: str
    resource_type: str
    started: float  # seconds since the epoch
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes | None = None
    status: int = 0
    response_headers: list[tuple[str, str]] = field(default_factory=list)
    mime_type: str = ""
    failure: str | None = None
    frames_sent: list[str] = field(default_factory=list)  # WebSocket messages


@dataclass
class PageVisit:
    url: str
    title: str = ""
    outcome: str = "scanned"  # scanned | timeout | crashed | failed | skipped
    problem: str = ""


@dataclass
class ConsentOutcome:
    rule_id: str
    rule_name: str
    page: str
    done: str = ""  # the step that worked, described; empty when none did
    problem: str = ""


@dataclass
class ScenarioRecording:
    name: str
    requests: list[RecordedRequest] = field(default_factory=list)
    visits: list[PageVisit] = field(default_factory=list)
    cookies: list[tuple[str, str]] = field(default_factory=list)  # (domain, name)
    storage: list[tuple[str, str]] = field(default_factory=list)  # (origin, key)
    consent: ConsentOutcome | None = None
    problems: list[str] = field(default_factory=list)
    ran: bool = True


def _iso(seconds: float) -> str:
    moment = dt.datetime.fromtimestamp(seconds, dt.UTC)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _pairs(items: list[tuple[str, str]]) -> list[dict[str, str]]:
    return [{"name": name, "value": value} for name, value in items]


def _post_data(request: RecordedRequest) -> dict[str, Any] | None:
    if request.body is None:
        return None
    mime = next((v for k, v in request.headers if k.lower() == "content-type"), "")
    try:
        text = request.body.decode("utf-8")
    except UnicodeDecodeError:
        return {
            "mimeType": mime,
            "text": base64.b64encode(request.body).decode("ascii"),
            "encoding": "base64",
        }
    data: dict[str, Any] = {"mimeType": mime, "text": text}
    if "x-www-form-urlencoded" in mime:
        data["params"] = _pairs(parse_qsl(text, keep_blank_values=True))
    return data


def to_har(recording: ScenarioRecording, *, browser_version: str) -> dict[str, Any]:
    """The scenario as a HAR 1.2 log: one page per visited URL, entries in the order the
    browser sent them, WebSocket messages in Chrome's `_webSocketMessages`."""
    requests = sorted(recording.requests, key=lambda r: r.started)
    page_ids: dict[str, str] = {}
    pages = []
    first_seen = {r.page: r.started for r in reversed(requests)}
    for visit in recording.visits:
        if visit.url in page_ids:
            continue
        page_ids[visit.url] = f"page_{len(page_ids) + 1}"
        started = first_seen.get(visit.url, requests[0].started if requests else 0.0)
        pages.append(
            {
                "id": page_ids[visit.url],
                "title": f"{recording.name}: {visit.title or visit.url}",
                "startedDateTime": _iso(started),
                "pageTimings": {},
            }
        )
    entries = []
    for request in requests:
        entry: dict[str, Any] = {
            "startedDateTime": _iso(request.started),
            "time": 0,
            "request": {
                "method": request.method,
                "url": request.url,
                "httpVersion": "HTTP/1.1",
                "headers": _pairs(request.headers),
                "queryString": _pairs(parse_qsl(urlsplit(request.url).query)),
                "cookies": [],
                "headersSize": -1,
                "bodySize": len(request.body) if request.body is not None else 0,
            },
            "response": {
                "status": request.status,
                "statusText": "",
                "httpVersion": "HTTP/1.1",
                "headers": _pairs(request.response_headers),
                "cookies": [],
                "content": {"size": -1, "mimeType": request.mime_type},
                "redirectURL": next(
                    (v for k, v in request.response_headers if k.lower() == "location"), ""
                ),
                "headersSize": -1,
                "bodySize": -1,
            },
            "cache": {},
            "timings": {"send": 0, "wait": 0, "receive": 0},
            "_resourceType": request.resource_type,
        }
        post = _post_data(request)
        if post is not None:
            entry["request"]["postData"] = post
        if request.page in page_ids:
            entry["pageref"] = page_ids[request.page]
        if request.failure:
            entry["_error"] = request.failure
        if request.frames_sent:
            entry["_webSocketMessages"] = [
                {"type": "send", "time": request.started, "opcode": 1, "data": text}
                for text in request.frames_sent
            ]
        entries.append(entry)
    return {
        "log": {
            "version": "1.2",
            "creator": {"name": "vendor-eval scan", "version": __version__},
            "browser": {"name": "chromium", "version": browser_version},
            "pages": pages,
            "entries": entries,
        }
    }


def har_text(recording: ScenarioRecording, *, browser_version: str) -> str:
    return json.dumps(to_har(recording, browser_version=browser_version), ensure_ascii=False)


def entry_pages(recording: ScenarioRecording) -> list[str]:
    """The page of each HAR entry, by entry index (the order `to_har` writes them)."""
    return [r.page for r in sorted(recording.requests, key=lambda r: r.started)]
