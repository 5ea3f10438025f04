"""Drives the system Chromium through Playwright and records what each scenario sends.

Each scenario gets its own browser process with a fresh profile (no cookies, no storage),
so one scenario's consent cannot leak into another and a browser that crashes takes only
its own scenario's current page with it. Pages are visited in parallel tabs, up to
`workers` at once. Everything is bounded: a page has `page_timeout` to load plus `dwell` to
run its late tags; a page that does not finish in time is closed and reported; no page is
started after the time budget runs out.

Two things the browser does on a visitor's behalf are simulated so they are recorded:

- Leaving a page. Tags send a last beacon on `pagehide` or when the page becomes hidden.
  Once a page is really gone its requests can no longer be observed, so before closing each
  tab the scan fires those events in the page itself, while it is still recorded.
- Typing into forms (`--form-fill`): the canary goes into every text field, then `change`
  fires as when a visitor moves to the next field. Forms are submitted only with `--submit`.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag, urlsplit

from vendor_eval.errors import UsageError
from vendor_eval.evidence.scan.consent import ConsentRule, Step
from vendor_eval.evidence.scan.recording import (
    ACTION_OF,
    BEFORE_CONSENT,
    SERVICE_WORKER,
    ConsentOutcome,
    PageVisit,
    RecordedRequest,
    ScenarioRecording,
)

BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
# Debian's `chromium` is a shell script that sets Google API keys and extension flags, which
# make the browser call Google on its own; the binary behind it does not.
BROWSER_BINARIES = (Path("/usr/lib/chromium/chromium"),)
INSTALL_HINT = (
    "no Chromium found; install it (Debian/Ubuntu: `sudo apt-get install chromium`) "
    "or give its path with --browser"
)
# Chromium's own traffic (updates, sign-in, safe browsing, metrics) is not the site's and
# must not leave the machine during a scan.
QUIET_BROWSER = (
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-client-side-phishing-detection",
    "--disable-default-apps",
    "--disable-domain-reliability",
    "--disable-sync",
    "--metrics-recording-only",
    "--no-first-run",
    "--no-pings",
    # The switches above do not stop the sign-in check, the component updater or autofill's
    # form lookups; pointing them at reserved names that never resolve does.
    "--gaia-url=https://gaia.invalid",
    "--component-updater=url-source=https://update.invalid",
    "--autofill-server-url=https://autofill.invalid/",
)
CONSENT_WAIT = 5.0  # how long a banner may take to appear
AFTER_ACTION = 2.0  # tags that react to a choice get this long before pages are revisited
LEAVE_WAIT = 1.0  # beacons sent on leaving are reported a moment after they are sent
CLOSE_TIMEOUT = 10.0
PING_TIMEOUT = 5.0  # a browser that cannot list its cookies in this time is hung
MAX_RESTARTS = 2
TEXT_FIELDS = (
    "input:not([type]), input[type=text], input[type=email], input[type=tel], "
    "input[type=search], input[type=number], textarea"
)

LEAVE_SCRIPT = """() => {
  Object.defineProperty(document, "visibilityState", {value: "hidden", configurable: true});
  Object.defineProperty(document, "hidden", {value: true, configurable: true});
  document.dispatchEvent(new Event("visibilitychange"));
  window.dispatchEvent(new PageTransitionEvent("pagehide", {persisted: false}));
}"""

JS_STEP = """async (expression) => {
  try { const value = await (0, eval)(expression);
        return value !== false && value !== null && value !== undefined; }
  catch (e) { return false; }
}"""


@dataclass(frozen=True)
class BrowserOptions:
    executable: Path
    host_resolver_rules: str | None = None
    ignore_https_errors: bool = False
    page_timeout: float = 30.0
    dwell: float = 3.0
    workers: int = 2
    form_values: tuple[str, ...] = ()  # typed into forms when given
    submit: bool = False


def find_browser(given: Path | None) -> Path:
    if given is not None:
        if not given.is_file() or not os.access(given, os.X_OK):
            raise UsageError(f"--browser {given}: not an executable file")
        return given
    for binary in BROWSER_BINARIES:
        if binary.is_file() and os.access(binary, os.X_OK):
            return binary
    for name in BROWSER_NAMES:
        found = shutil.which(name)
        if found:
            return Path(found)
    raise UsageError(INSTALL_HINT)


def _launch_args(options: BrowserOptions) -> list[str]:
    args = list(QUIET_BROWSER)
    if options.host_resolver_rules:
        args.append(f"--host-resolver-rules={options.host_resolver_rules}")
    if options.ignore_https_errors:
        # Playwright's own setting does not reach service-worker scripts or requests sent
        # while a page unloads; the browser-wide switch does.
        args.append("--ignore-certificate-errors")
    return args


class _Recorder:
    """Listens to one browser context; keeps each request with the page that made it."""

    def __init__(self, context: Any) -> None:
        self.active = True
        self.pending: list[tuple[str, Any, float]] = []
        self.frames: dict[int, list[str]] = {}
        self.page_urls: dict[int, str] = {}
        context.on("request", self._request)

    def watch(self, page: Any, url: str) -> None:
        self.page_urls[id(page)] = url
        page.on("websocket", lambda ws: self._websocket(page, ws))

    def _page_of(self, request: Any) -> str:
        if request.service_worker is not None:
            return SERVICE_WORKER
        try:
            page = request.frame.page
        except Exception:  # a frame already detached: the request outlived its page
            return ""
        return self.page_urls.get(id(page), page.url)

    def _request(self, request: Any) -> None:
        if self.active:
            self.pending.append((self._page_of(request), request, time.time()))

    def _websocket(self, page: Any, socket: Any) -> None:
        if not self.active:
            return
        sent: list[str] = []
        self.frames[id(socket)] = sent
        self.pending.append((self.page_urls.get(id(page), page.url), socket, time.time()))

        def frame(payload: str | bytes) -> None:
            if isinstance(payload, str):
                sent.append(payload)

        socket.on("framesent", frame)

    async def collect(self) -> list[RecordedRequest]:
        """Headers, bodies and responses, read once the pages are done."""
        recorded = []
        for page_url, item, started in self.pending:
            if id(item) in self.frames:
                recorded.append(
                    RecordedRequest(
                        page=page_url,
                        url=item.url,
                        method="GET",
                        resource_type="websocket",
                        started=started,
                        status=101,
                        frames_sent=list(self.frames[id(item)]),
                    )
                )
                continue
            recorded.append(await _details(page_url, item, started))
        return recorded


async def _details(page_url: str, request: Any, started: float) -> RecordedRequest:
    recorded = RecordedRequest(
        page=page_url,
        url=request.url,
        method=request.method,
        resource_type=request.resource_type,
        started=started,
        failure=request.failure,
    )
    try:
        recorded.headers = [(h["name"], h["value"]) for h in await request.headers_array()]
    except Exception:  # the request's page is gone; the headers Playwright saw first remain
        recorded.headers = list(request.headers.items())
    try:
        recorded.body = request.post_data_buffer
    except Exception:
        recorded.body = None
    try:
        response = await asyncio.wait_for(request.response(), 2)
    except Exception:
        response = None
    if response is not None:
        recorded.status = response.status
        try:
            recorded.response_headers = [
                (h["name"], h["value"]) for h in await response.headers_array()
            ]
        except Exception:
            recorded.response_headers = list(response.headers.items())
        recorded.mime_type = next(
            (v for k, v in recorded.response_headers if k.lower() == "content-type"), ""
        )
    return recorded


def _same_site(url: str, scope: Callable[[str], bool]) -> str | None:
    url, _ = urldefrag(url)
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    return url if scope(parts.hostname) else None


async def _with_timeout(awaitable: Awaitable[Any], seconds: float) -> bool:
    try:
        await asyncio.wait_for(awaitable, seconds)
    except Exception:
        return False
    return True


async def _bounded(awaitable: Awaitable[Any], fallback: Any) -> Any:
    try:
        return await asyncio.wait_for(awaitable, CLOSE_TIMEOUT)
    except Exception:
        return fallback


async def _run_step(page: Any, step: Step, *, act: bool) -> bool:
    try:
        if step.kind == "js":
            return bool(await page.evaluate(JS_STEP, step.target))
        target = page.locator(step.target).first
        if not await target.is_visible():
            return False
        if act and step.kind == "click":
            await target.click(timeout=5000)
        return True
    except Exception:
        return False


class _BrowserLost(Exception):
    pass


class Scenario:
    """One scenario in one fresh browser: consent (if any), then every page."""

    def __init__(
        self,
        playwright: Any,
        name: str,
        options: BrowserOptions,
        deadline: float,
        rules: list[ConsentRule],
    ) -> None:
        self.playwright = playwright
        self.name = name
        self.options = options
        self.deadline = deadline
        self.rules = rules
        self.recording = ScenarioRecording(name)
        self.browser: Any = None
        self.context: Any = None
        self.recorder: _Recorder | None = None
        self.restarts = 0
        self.version = ""

    async def _start(self) -> None:
        self.browser = await self.playwright.chromium.launch(
            executable_path=str(self.options.executable),
            args=_launch_args(self.options),
            timeout=self.options.page_timeout * 1000,
        )
        self.version = self.browser.version
        self.context = await self.browser.new_context(
            ignore_https_errors=self.options.ignore_https_errors, service_workers="allow"
        )
        self.recorder = _Recorder(self.context)
        self.recorder.active = self.name == BEFORE_CONSENT

    async def _stop(self) -> None:
        if self.recorder is not None and self.context is not None:
            self.recording.requests += await self.recorder.collect()
            await self._storage()
        if self.browser is not None and not await _with_timeout(
            self.browser.close(), CLOSE_TIMEOUT
        ):
            self.recording.problems.append(
                f"{self.name}: the browser did not close within {CLOSE_TIMEOUT:.0f} s; "
                "it was stopped"
            )
        self.browser = self.context = self.recorder = None

    async def _storage(self) -> None:
        try:
            state = await asyncio.wait_for(self.context.storage_state(), CLOSE_TIMEOUT)
        except Exception:
            return
        for cookie in state.get("cookies", []):
            item = (str(cookie.get("domain", "")).lstrip("."), str(cookie.get("name", "")))
            if item not in self.recording.cookies:
                self.recording.cookies.append(item)
        for origin in state.get("origins", []):
            for entry in origin.get("localStorage", []):
                item = (str(origin.get("origin", "")), str(entry.get("name", "")))
                if item not in self.recording.storage:
                    self.recording.storage.append(item)

    async def _consent(self, url: str) -> bool:
        """Answer the banner on `url` for this scenario; record from the answer on."""
        action = ACTION_OF[self.name]
        assert self.context is not None and self.recorder is not None
        page = await self.context.new_page()
        self.recorder.watch(page, url)
        try:
            await page.goto(url, timeout=self.options.page_timeout * 1000)
            # A visitor reads the page before answering the banner: whatever the page sends
            # unprompted in that time (late-injected tags included) happened before the choice,
            # and must have reached the recorder before it starts counting the choice's effects.
            await page.wait_for_timeout(self.options.dwell * 1000)
            rule = await self._detect(page)
            if rule is None:
                self.recording.problems.append(
                    f"{self.name}: no consent banner or consent manager found on {url}; "
                    "give --accept-selector/--reject-selector or a --consent-rules file"
                )
                return False
            outcome = ConsentOutcome(rule.id, rule.name, url)
            self.recording.consent = outcome
            if not rule.steps(action):
                outcome.problem = f"{rule.name} was found but the rules say no way to {action}"
                return False
            self.recorder.active = True  # what the choice itself sets off counts
            for step in rule.steps(action):
                if await _run_step(page, step, act=True):
                    outcome.done = step.describe()
                    break
            else:
                outcome.problem = f"{rule.name}: none of its {action} steps worked"
                return False
            await page.wait_for_timeout(AFTER_ACTION * 1000)
            return True
        except Exception as exc:
            self.recording.problems.append(
                f"{self.name}: consent could not be given on {url}: {_reason(exc)}"
            )
            return False
        finally:
            await _with_timeout(page.close(), CLOSE_TIMEOUT)

    async def _detect(self, page: Any) -> ConsentRule | None:
        stop = time.monotonic() + CONSENT_WAIT
        while True:
            for rule in self.rules:
                for step in rule.detect:
                    if await _run_step(page, step, act=False):
                        return rule
            if time.monotonic() > stop:
                return None
            await page.wait_for_timeout(250)

    async def _visit(self, url: str) -> tuple[PageVisit, list[str]]:
        visit = PageVisit(url)
        assert self.context is not None and self.recorder is not None
        page = await self.context.new_page()
        self.recorder.watch(page, url)
        crashed: list[bool] = []
        page.on("crash", lambda _page: crashed.append(True))
        links: list[str] = []
        options = self.options
        try:
            await page.goto(url, timeout=options.page_timeout * 1000)
            await page.wait_for_timeout(options.dwell * 1000)
            visit.title = await page.title()
            if options.form_values:
                await _fill_forms(page, options.form_values, options.submit)
            links = await page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
            await page.evaluate(LEAVE_SCRIPT)
            await page.wait_for_timeout(LEAVE_WAIT * 1000)
        except Exception as exc:
            visit.outcome = "crashed" if crashed else _outcome(exc)
            visit.problem = f"{self.name}: {url}: {_reason(exc)}"
        finally:
            if not await _with_timeout(page.close(), CLOSE_TIMEOUT):
                visit.problem = visit.problem or f"{self.name}: {url}: the tab did not close"
        return visit, links

    async def _bounded_visit(self, url: str) -> tuple[PageVisit, list[str]]:
        limit = self.options.page_timeout + self.options.dwell + LEAVE_WAIT + CLOSE_TIMEOUT
        try:
            return await asyncio.wait_for(self._visit(url), limit)
        except TimeoutError:
            return PageVisit(
                url, outcome="timeout", problem=f"{self.name}: {url}: hung; closed"
            ), []
        except Exception as exc:  # no tab could be opened: the browser itself is gone
            return PageVisit(
                url, outcome="crashed", problem=f"{self.name}: {url}: {_reason(exc)}"
            ), []

    async def run(
        self,
        urls: list[str],
        *,
        scope: Callable[[str], bool] | None = None,
        max_pages: int = 0,
    ) -> ScenarioRecording:
        """Visit `urls` (and, given a `scope`, the same-site pages they link to, up to
        `max_pages` in all)."""
        try:
            await self._start()
        except Exception as exc:
            self.recording.ran = False
            self.recording.problems.append(
                f"{self.name}: the browser did not start: {_reason(exc)}"
            )
            return self.recording
        try:
            if self.name != BEFORE_CONSENT and not await self._consent(urls[0]):
                self.recording.ran = False
                return self.recording
            await self._pages(urls, scope, max_pages)
        except _BrowserLost as exc:
            self.recording.problems.append(f"{self.name}: stopped: {exc}")
        finally:
            await self._stop()
        return self.recording

    async def _pages(
        self, urls: list[str], scope: Callable[[str], bool] | None, max_pages: int
    ) -> None:
        queue: list[str] = list(dict.fromkeys(urls))
        seen = set(queue)
        limit = max(max_pages, len(queue)) if scope else len(queue)
        running: set[asyncio.Task[tuple[PageVisit, list[str]]]] = set()
        while queue or running:
            while queue and len(running) < self.options.workers:
                url = queue.pop(0)
                if time.monotonic() > self.deadline:
                    self.recording.visits.append(
                        PageVisit(url, outcome="skipped", problem="time budget used up")
                    )
                    continue
                running.add(asyncio.ensure_future(self._bounded_visit(url)))
            if not running:
                break
            done, running = await asyncio.wait(running, return_when=asyncio.FIRST_COMPLETED)
            for task in done:
                visit, links = task.result()
                self.recording.visits.append(visit)
                if visit.problem:
                    self.recording.problems.append(visit.problem)
                for link in links:
                    found = _same_site(link, scope) if scope else None
                    if found and found not in seen and len(seen) < limit:
                        seen.add(found)
                        queue.append(found)
            if not await self._responds():
                await self._restart(urls[0])

    async def _responds(self) -> bool:
        if self.browser is None or self.context is None or not self.browser.is_connected():
            return False
        return await _with_timeout(self.context.cookies(), PING_TIMEOUT)

    async def _restart(self, first_url: str) -> None:
        """The browser died or hangs: report it, close it, start a new one, give consent
        again, go on with the pages left."""
        self.recording.problems.append(
            f"{self.name}: the browser crashed or stopped answering; closed it and started "
            "a new one"
        )
        if self.recorder is not None:
            self.recording.requests += await _bounded(self.recorder.collect(), [])
        if self.browser is not None:
            await _with_timeout(self.browser.close(), CLOSE_TIMEOUT)
        self.browser = self.context = self.recorder = None
        if self.restarts >= MAX_RESTARTS:
            raise _BrowserLost("the browser keeps crashing")
        self.restarts += 1
        try:
            await self._start()
        except Exception as exc:
            raise _BrowserLost(f"a new browser did not start: {_reason(exc)}") from None
        if self.name != BEFORE_CONSENT:
            await self._consent(first_url)


async def _fill_forms(page: Any, values: tuple[str, ...], submit: bool) -> None:
    fields = page.locator(TEXT_FIELDS)
    for index in range(await fields.count()):
        field_ = fields.nth(index)
        if not await field_.is_visible() or not await field_.is_editable():
            continue
        kind = (await field_.get_attribute("type") or "").lower()
        value = _value_for(kind, values, index)
        await field_.fill(value, timeout=2000)
        await field_.dispatch_event("change")
    if submit:
        await page.evaluate(
            "() => { const f = document.querySelector('form'); if (f) f.requestSubmit(); }"
        )
        await _with_timeout(page.wait_for_load_state("load"), 5)


def _value_for(kind: str, values: tuple[str, ...], index: int) -> str:
    """E-mail canaries go into e-mail fields, the others into the other fields, in turn;
    a kind with no canary of its own takes any."""
    emails = [v for v in values if "@" in v]
    others = [v for v in values if "@" not in v]
    fitting = (emails if kind == "email" else others) or list(values)
    return fitting[index % len(fitting)]


def _outcome(exc: BaseException) -> str:
    return "timeout" if "Timeout" in type(exc).__name__ else "failed"


def _reason(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:200] if text else type(exc).__name__


@dataclass
class ScanRun:
    recordings: list[ScenarioRecording] = field(default_factory=list)
    browser_version: str = ""


async def run_scenarios(
    urls: list[str],
    scenarios: tuple[str, ...],
    options: BrowserOptions,
    rules: list[ConsentRule],
    *,
    scope: Callable[[str], bool],
    max_pages: int,
    time_budget: float,
) -> ScanRun:
    """Before consent first (it finds the pages), then the consent scenarios on the same
    pages, one after another so they do not compete for the cores."""
    from playwright.async_api import async_playwright

    deadline = time.monotonic() + time_budget
    run = ScanRun()
    async with async_playwright() as playwright:
        first = Scenario(playwright, BEFORE_CONSENT, options, deadline, rules)
        run.recordings.append(await first.run(urls, scope=scope, max_pages=max_pages))
        run.browser_version = first.version
        pages = [v.url for v in run.recordings[0].visits if v.outcome != "skipped"] or urls
        for name in scenarios:
            if name == BEFORE_CONSENT:
                continue
            if time.monotonic() > deadline:
                skipped = ScenarioRecording(name, ran=False)
                skipped.problems.append(f"{name}: not run, the time budget was used up")
                run.recordings.append(skipped)
                continue
            scenario = Scenario(playwright, name, options, deadline, rules)
            run.recordings.append(await scenario.run(pages))
            run.browser_version = run.browser_version or scenario.version
    return run
