"""Which site a scan is about: its registrable domain, and the URLs inside it.

The registrable domain (`clinic.co.uk` for `www.clinic.co.uk`) is the one vendor identity
uses; a host with no registrable domain (an IP address, `localhost`) is its own site.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from vendor_eval.errors import UsageError
from vendor_eval.evidence.har.hosts import ascii_host
from vendor_eval.vendor_identity import registrable_domain


def in_site(host: str, site: str) -> bool:
    host = ascii_host(host)
    return host == site or host.endswith("." + site)


def check_urls(urls: list[str]) -> tuple[list[str], str]:
    """The start URLs, checked, and the one site they all belong to."""
    if not urls:
        raise UsageError("give at least one URL to scan, e.g. https://clinic.example/")
    sites = set()
    for url in urls:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise UsageError(
                f"{url!r} is not an http(s) address; give e.g. https://clinic.example/"
            )
        sites.add(registrable_domain(parts.hostname))
    if len(sites) > 1:
        raise UsageError(
            f"the URLs belong to different sites ({', '.join(sorted(sites))}); scan one site "
            "at a time"
        )
    return urls, sites.pop()
