"""What the HAR reader knows by name: tracker categories, static host classes, the web
schemes, what a resource is by its type, MIME type or extension, the errors that mean a
request never left the browser, and the payload keys that carry contact details. The
tracker hosts and health words themselves are data files next to this module
(trackers.yaml, health_terms.yaml).
"""

from __future__ import annotations

import re

# Every value `extract har` writes for a fact read as words (see FACT_VALUES in the BAA
# vocabulary). `phi_signals` is read as a list: empty or not.
FACT_VALUES: dict[str, tuple[object, ...]] = {
    "collection": ("client-side", "hybrid", "server-side"),
}

CATEGORIES = ("analytics", "ads", "session-replay", "tag-manager")

STATIC_CLASSES = ("static-cdn", "fonts")

WEB_SCHEMES = ("http", "https", "ws", "wss")

DEFAULT_TRACKERS = ("evidence", "har", "trackers.yaml")

DEFAULT_HEALTH_TERMS = ("evidence", "har", "health_terms.yaml")

RESOURCE_BY_MIME = (
    ("javascript", "script"),
    ("ecmascript", "script"),
    ("text/css", "style"),
    ("font", "font"),
    ("image/", "image"),
)

RESOURCE_BY_TYPE = {"script": "script", "stylesheet": "style", "font": "font", "image": "image"}

RESOURCE_BY_EXT = {
    ".js": "script",
    ".mjs": "script",
    ".css": "style",
    ".woff": "font",
    ".woff2": "font",
    ".ttf": "font",
    ".otf": "font",
    ".eot": "font",
}

# Chrome's `_error` for requests that never left the browser. Other errors (ERR_ABORTED,
# ERR_TIMED_OUT, a failed response) come after the request was sent, so they still count.
NOT_SENT = re.compile(
    r"ERR_BLOCKED_BY_(?:CLIENT|ADMINISTRATOR)|ERR_NAME_NOT_RESOLVED|ERR_CONNECTION_REFUSED"
    r"|ERR_INTERNET_DISCONNECTED|ERR_ADDRESS_UNREACHABLE|ERR_CERT_|blocked:(?:csp|mixed)",
    re.IGNORECASE,
)

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

# A capture of one of these instead of the site shows the challenge, not how the site
# collects data. The site's own documents answering with these statuses...
CHALLENGE_STATUSES = frozenset({403, 429, 503})

# ...or a request whose host and path hold one of these, or a response carrying one of
# these headers: (who, marker).
CHALLENGE_URL_MARKERS = (
    ("Cloudflare challenge", "/cdn-cgi/challenge-platform/"),
    ("Cloudflare Turnstile", "challenges.cloudflare.com/"),
    ("hCaptcha", "hcaptcha.com/"),
    ("PerimeterX", "px-cdn.net/"),
    ("PerimeterX", "px-cloud.net/"),
    ("PerimeterX", "perimeterx.net/"),
    ("DataDome", "captcha-delivery.com/"),
    ("Akamai Bot Manager", "/_sec/cp_challenge/"),
)

# How the warning on such a capture begins. It is the record of why `collection` is null,
# which narrowing a capture to one vendor reads, so that it keeps the null.
CHALLENGE_UNDECIDED = "collection left undecided: only a bot challenge or error page loaded"

CHALLENGE_HEADER_MARKERS = (
    ("Cloudflare challenge", "cf-mitigated"),
    ("DataDome", "x-datadome"),
)
