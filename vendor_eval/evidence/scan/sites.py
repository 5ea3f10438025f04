"""Which site a scan is about: its registrable domain, and the URLs inside it.

The registrable domain (`clinic.co.uk` for `www.clinic.co.uk`) comes from the public suffix
list that `publicsuffixlist` ships, so nothing is fetched. A host with no registrable domain
(an IP address, `localhost`) is its own site.
"""

from __future__ import annotations

from functools import cache
from urllib.parse import urlsplit

from vendor_eval.errors import UsageError
from vendor_eval.evidence.har.hosts import ascii_host


@cache
def _suffixes() -> object:
    from publicsuffixlist import PublicSuffixList

    return PublicSuffixList()


def registrable_domain(host: str) -> str:
    host = ascii_host(host)
    found = _suffixes().privatesuffix(host)  # type: ignore[attr-defined]
    is_address = ":" in host or host.replace(".", "").isdigit()
    return found if isinstance(found, str) and not is_address else host


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
