"""A clinic's web site and the trackers it embeds, served over HTTPS from 127.0.0.1 for the
scan tests. The browser reaches it under real host names (clinic.example, the tracker
catalogue's hosts) through Chromium's --host-resolver-rules, so nothing leaves the machine.

What each tag does is what the tests check the verdicts against:

- google-analytics: fires on load and on form input, stops after reject: leaks-before-consent
- linkedin-insight: injected 1 s after load, stops after reject: leaks-before-consent
- hotjar: ignores the banner, sends page data over a WebSocket: ignores-reject
- mixpanel: ignores the banner, a beacon when the page is left: ignores-reject
- segment: sent by the site's service worker, whatever the choice: ignores-reject
- tiktok-pixel: loads on any consent choice, reject included: ignores-reject
- meta-pixel: loads only after accept: enforced

plain.example has no consent banner and one tag (google-analytics); its /slow page never
finishes loading. custom.example has a home-made banner that no shipped rule knows, and
the same google-analytics tag, which waits for consent there.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import ipaddress
import ssl
import struct
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

TRACKER_HOSTS = (
    "www.google-analytics.com",
    "static.hotjar.com",
    "ws.hotjar.com",
    "connect.facebook.net",
    "www.facebook.com",
    "api-js.mixpanel.com",
    "api.segment.io",
    "snap.licdn.com",
    "px.ads.linkedin.com",
    "analytics.tiktok.com",
    "static.criteo.net",
)

BANNER = """
<div id="onetrust-banner-sdk">We use cookies.
  <button id="onetrust-reject-all-handler">Reject all</button>
  <button id="onetrust-accept-btn-handler">Accept all</button>
</div>
<script>
function choice() {
  const m = document.cookie.match(/OptanonAlertBoxClosed=(\\w+)/);
  return m ? m[1] : null;
}
function decide(value) {
  document.cookie = "OptanonAlertBoxClosed=" + value + "; path=/";
  document.getElementById("onetrust-banner-sdk").remove();
  window.dispatchEvent(new CustomEvent("consent", {detail: value}));
}
if (choice()) document.getElementById("onetrust-banner-sdk").remove();
document.getElementById("onetrust-reject-all-handler").onclick = () => decide("rejected");
document.getElementById("onetrust-accept-btn-handler").onclick = () => decide("accepted");
</script>
"""

TAGS = """
<script>
function load(src) { const s = document.createElement("script"); s.src = src;
  document.head.appendChild(s); }
// google-analytics: fires at once unless the visitor rejected (no default-deny)
function ga(extra) {
  if (choice() === "rejected") return;
  fetch("https://www.google-analytics.com/g/collect?v=2&dl=" + encodeURIComponent(location.href)
        + "&dt=" + encodeURIComponent(document.title) + (extra || ""), {mode: "no-cors"});
}
ga("");
window.addEventListener("consent", (e) => { if (e.detail === "accepted") ga("&consent=1"); });
document.addEventListener("change", (e) => {
  if (e.target.name) ga("&ep." + e.target.name + "=" + encodeURIComponent(e.target.value));
});
// linkedin-insight: injected late, stops after reject
setTimeout(() => { if (choice() !== "rejected")
  load("https://snap.licdn.com/li.lms-analytics/insight.min.js"); }, 1000);
// hotjar: ignores consent altogether
load("https://static.hotjar.com/c/hotjar-1.js");
// mixpanel: a beacon when the page is left, whatever the choice
window.addEventListener("pagehide", () => navigator.sendBeacon(
  "https://api-js.mixpanel.com/track/", JSON.stringify({event: "leave", url: location.href})));
// tiktok-pixel: loads on any consent event (checks that one was made, not which)
window.addEventListener("consent", () => load("https://analytics.tiktok.com/i18n/pixel/events.js"));
if (choice()) load("https://analytics.tiktok.com/i18n/pixel/events.js");
// meta-pixel: only after accept
function meta() { load("https://connect.facebook.net/en_US/fbevents.js"); }
if (choice() === "accepted") meta();
window.addEventListener("consent", (e) => { if (e.detail === "accepted") meta(); });
// segment: through the service worker
if ("serviceWorker" in navigator) navigator.serviceWorker.register("/sw.js");
</script>
"""


def _page(title: str, body: str, banner: bool = True) -> str:
    return (
        f"<!doctype html><html><head><title>{title}</title></head><body>"
        f"{BANNER if banner else '<script>function choice() { return null; }</script>'}"
        f"{body}{TAGS if banner else PLAIN_TAGS}</body></html>"
    )


PLAIN_TAGS = """<script>
fetch("https://www.google-analytics.com/g/collect?v=2&dl=" + encodeURIComponent(location.href),
      {mode: "no-cors"});
</script>"""
# What `TestSite.add_tag()` puts on plain.example: an ad vendor's pixel.
NEW_TAG = """<img src="https://static.criteo.net/pixel.gif?a=1" alt="">"""

CUSTOM = """<!doctype html><html><head><title>Hillside Clinic</title></head><body>
<div class="hc-consent"><a class="hc-no" href="#">No thanks</a> <a class="hc-yes" href="#">OK</a>
</div><script>
function send() { fetch("https://www.google-analytics.com/g/collect?v=2&dl="
  + encodeURIComponent(location.href), {mode: "no-cors"}); }
if (document.cookie.includes("hc=yes")) send();
document.querySelector(".hc-yes").onclick = () => { document.cookie = "hc=yes"; send(); };
document.querySelector(".hc-no").onclick = () => { document.cookie = "hc=no"; };
</script></body></html>"""

HOME = """<h1>Riverside Clinic</h1>
<a href="/appointments/book">Book an appointment</a> <a href="/about">About us</a>
<a href="https://elsewhere.example/">A partner</a>"""

APPOINTMENT = """<h1>Book a cardiology appointment</h1>
<form method="post" action="/appointments/submit">
  <input name="name"> <input name="email" type="email">
  <textarea name="reason"></textarea> <button type="submit">Book</button>
</form>"""

SCRIPTS = {
    "static.hotjar.com/c/hotjar-1.js": """
const ws = new WebSocket("wss://ws.hotjar.com/api/v2/client/ws");
ws.onopen = () => ws.send(JSON.stringify({page: location.href, title: document.title}));
""",
    "snap.licdn.com/li.lms-analytics/insight.min.js": """
new Image().src = "https://px.ads.linkedin.com/collect?pid=1&url="
  + encodeURIComponent(location.href);
""",
    "analytics.tiktok.com/i18n/pixel/events.js": """
fetch("https://analytics.tiktok.com/api/v2/pixel", {method: "POST", mode: "no-cors",
      body: JSON.stringify({event: "Pageview", url: location.href})});
""",
    "connect.facebook.net/en_US/fbevents.js": """
new Image().src = "https://www.facebook.com/tr?id=1&ev=PageView&dl="
  + encodeURIComponent(location.href);
""",
    "clinic.example/sw.js": """
self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (e) => e.waitUntil(self.clients.claim()));
self.addEventListener("fetch", (e) => {
  if (e.request.mode === "navigate") fetch("https://api.segment.io/v1/t", {method: "POST",
    body: JSON.stringify({event: "page", page: new URL(e.request.url).pathname})});
});
""",
}


def site_pages(extra_pages: int = 0) -> dict[str, str]:
    """Path → HTML for clinic.example; `extra_pages` adds /info/N pages linked from home
    (for the benchmark)."""
    links = "".join(f'<a href="/info/{n}">Info {n}</a>' for n in range(extra_pages))
    pages = {
        "/": _page("Riverside Clinic", HOME + links),
        "/about": _page("About Riverside Clinic", "<p>Family doctors since 1990.</p>"),
        "/appointments/book": _page("Book a cardiology appointment", APPOINTMENT),
    }
    for n in range(extra_pages):
        pages[f"/info/{n}"] = _page(f"Clinic information {n}", f"<p>Opening hours {n}.</p>")
    return pages


@dataclass
class Seen:
    """What the server received: (host, method, path) per request, WebSocket frames."""

    requests: list[tuple[str, str, str]] = field(default_factory=list)
    frames: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, host: str, method: str, path: str) -> None:
        with self.lock:
            self.requests.append((host, method, path))


def _handler(pages: dict[str, str], seen: Seen, extra: list[str]) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            pass

        def _host(self) -> str:
            return (self.headers.get("Host") or "").split(":")[0].lower()

        def _send(self, status: int, body: str, mime: str = "text/html") -> None:
            data = body.encode()
            self.send_response(status)
            self.send_header("Content-Type", f"{mime}; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Access-Control-Allow-Origin", "*")
            if self._host().endswith("google-analytics.com"):
                self.send_header("Set-Cookie", "_gid=GA1.2.1; Domain=google-analytics.com")
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            host, path = self._host(), urlsplit(self.path).path
            seen.add(host, "GET", self.path)
            if self.headers.get("Upgrade", "").lower() == "websocket":
                self._websocket()
                return
            if host == "plain.example" and path == "/slow":
                time.sleep(20)
                return
            if host in ("clinic.example", "www.clinic.example") and path in pages:
                self._send(200, pages[path])
            elif host == "plain.example" and path == "/":
                body = "<p>No banner here.</p>" + "".join(extra)
                self._send(200, _page("Plain clinic", body, banner=False))
            elif host == "custom.example" and path == "/":
                self._send(200, CUSTOM)
            elif f"{host}{path}" in SCRIPTS:
                self._send(200, SCRIPTS[f"{host}{path}"], "text/javascript")
            elif host in TRACKER_HOSTS:
                self._send(200, "", "image/gif")
            else:
                self._send(404, "not found")

        def do_POST(self) -> None:
            seen.add(self._host(), "POST", self.path)
            length = int(self.headers.get("Content-Length") or 0)
            self.rfile.read(length)
            self._send(204 if self._host() != "clinic.example" else 200, "")

        def _websocket(self) -> None:
            key = self.headers["Sec-WebSocket-Key"]
            accept = base64.b64encode(
                hashlib.sha1((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").encode()).digest()
            ).decode()
            self.send_response(101)
            self.send_header("Upgrade", "websocket")
            self.send_header("Connection", "Upgrade")
            self.send_header("Sec-WebSocket-Accept", accept)
            self.end_headers()
            self.wfile.flush()
            self.close_connection = True
            try:
                while True:
                    head = self.rfile.read(2)
                    if len(head) < 2 or head[0] & 0x0F == 8:
                        return
                    length = head[1] & 0x7F
                    if length == 126:
                        length = struct.unpack(">H", self.rfile.read(2))[0]
                    elif length == 127:
                        length = struct.unpack(">Q", self.rfile.read(8))[0]
                    mask = self.rfile.read(4)
                    data = bytes(b ^ mask[i % 4] for i, b in enumerate(self.rfile.read(length)))
                    seen.frames.append(data.decode("utf-8", "replace"))
            except (OSError, ValueError):
                return

    return Handler


def _certificate(folder: Path) -> tuple[Path, Path]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "scan test site")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=2))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "site.crt", folder / "site.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


class TestSite:
    """The server, running in a thread until `close()`."""

    __test__ = False

    def __init__(self, folder: Path, extra_pages: int = 0) -> None:
        self.seen = Seen()
        self.extra_tags: list[str] = []
        self.server = ThreadingHTTPServer(
            ("127.0.0.1", 0), _handler(site_pages(extra_pages), self.seen, self.extra_tags)
        )
        self.server.daemon_threads = True
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(*_certificate(folder))
        self.server.socket = context.wrap_socket(self.server.socket, server_side=True)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def resolver_rules(self) -> str:
        """Every host name to this server: real names in the browser, 127.0.0.1 underneath."""
        return f"MAP * 127.0.0.1:{self.port}"

    def add_tag(self) -> None:
        """The web team adds an ad pixel to plain.example."""
        self.extra_tags.append(NEW_TAG)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def tracker_requests(seen: Seen) -> list[tuple[str, str, str]]:
    with seen.lock:
        return [r for r in seen.requests if r[0] in TRACKER_HOSTS]
