"""Host names as browsers record them, the `--site` a user names, and the `--canary`
values they give.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from vendor_eval.errors import UsageError

MIN_CANARY = 4


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


def check_canaries(canaries: tuple[str, ...]) -> tuple[str, ...]:
    cleaned = tuple(c.strip() for c in canaries)
    for number, canary in enumerate(cleaned, 1):
        if len(canary) < MIN_CANARY:
            raise UsageError(
                f"--canary number {number} is shorter than {MIN_CANARY} characters; "
                "use a distinctive made-up value so matches are not coincidences"
            )
    return cleaned
