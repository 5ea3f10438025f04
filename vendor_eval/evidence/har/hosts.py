"""Host names as browsers record them, the `--site` a user names, and the `--canary`
values they give.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from vendor_eval.errors import UsageError

MIN_CANARY = 4
EXAMPLE = "clinic.example"


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


_WEB_URL = re.compile(r"^https?://", re.IGNORECASE)
_RECORDED_HOST = re.compile(r"[\w.\-\[\]:]+")


def web_url_host(text: str) -> str | None:
    """The host of an http(s) URL a browser wrote down (a Referer or Origin header, a
    page titled with its URL), or None when the text is not one."""
    if not _WEB_URL.match(text):
        return None
    try:
        host = ascii_host(urlsplit(text).hostname or "")
    except ValueError:
        return None
    return host if host and _RECORDED_HOST.fullmatch(host) else None


MAX_LABEL = 63
MAX_HOST = 253
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://")
_PORT = re.compile(r":\d{1,5}$")
_LABEL_CHARS = re.compile(r"[^a-z0-9.-]")


def normalise_site(value: str) -> str:
    """`https://www.Clinic.example/` → `clinic.example`; a UsageError says what keeps any
    other value from being a host name."""
    text = _SCHEME.sub("", value.strip().lower())
    text = re.split(r"[/?#]", text, maxsplit=1)[0]
    text = _PORT.sub("", text)

    def refuse(why: str) -> UsageError:
        return UsageError(f"--site {value!r} is not a domain name: {why}; give e.g. {EXAMPLE}")

    if not text:
        raise refuse("it is empty")
    if "@" in text:
        raise refuse("it has an @ (an e-mail address or a user name); give the domain alone")
    host = ascii_host(text).removeprefix("www.")
    bad = sorted(set(_LABEL_CHARS.findall(host)))
    if bad:
        raise refuse(f"it has characters a domain name cannot have ({' '.join(bad)})")
    longest = max(host.split("."), key=len)
    if len(longest) > MAX_LABEL:
        raise refuse(
            f"one part is {len(longest)} characters long; each part between dots is at most "
            f"{MAX_LABEL}"
        )
    if len(host) > MAX_HOST:
        raise refuse(f"it is {len(host)} characters long, over the {MAX_HOST} a name may have")
    if "." not in host:
        raise refuse("it needs at least one dot")
    if not _HOST.match(host):
        raise refuse("a part is empty or starts or ends with a hyphen")
    return host


def check_canaries(canaries: tuple[str, ...]) -> tuple[str, ...]:
    cleaned = tuple(c.strip() for c in canaries)
    for number, canary in enumerate(cleaned, 1):
        if len(canary) < MIN_CANARY:
            raise UsageError(
                f"--canary number {number} is shorter than {MIN_CANARY} characters; "
                "use a distinctive made-up value so matches are not coincidences"
            )
    return cleaned
