"""Which vendor of a scan a profile is about.

A profile is about a scan vendor when its `vendor.tracker` is the vendor's tracker-catalogue
id, or one of the vendor's hosts is in a domain the profile names in `vendor.domains`; when
it names neither, the registrable domain of `vendor.website` stands for its domains.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from vendor_eval.evidence.scan.sites import in_site, registrable_domain
from vendor_eval.model import Profile


@dataclass(frozen=True)
class VendorIdentity:
    """What a profile says about who its vendor is."""

    profile: str
    name: str
    trackers: frozenset[str]
    domains: frozenset[str]
    baa_offered: bool

    @classmethod
    def of(cls, profile: Profile) -> VendorIdentity:
        vendor = profile.data.get("vendor") if isinstance(profile.data, dict) else None
        vendor = vendor if isinstance(vendor, dict) else {}
        tracker = vendor.get("tracker")
        trackers = {tracker} if isinstance(tracker, str) and tracker else set()
        listed = vendor.get("domains")
        domains = {d.strip().lower() for d in listed or [] if isinstance(d, str) and d.strip()}
        website = vendor.get("website")
        host = urlsplit(website).hostname if isinstance(website, str) else None
        if not domains and not trackers and host:
            domains.add(registrable_domain(host))
        baa = profile.data.get("baa") if isinstance(profile.data, dict) else None
        return cls(
            profile=profile.path,
            name=profile.vendor_name,
            trackers=frozenset(trackers),
            domains=frozenset(domains),
            baa_offered=isinstance(baa, dict) and baa.get("offered") is True,
        )

    def covers(self, vendor: dict[str, Any]) -> bool:
        if vendor.get("catalogued") and vendor["id"] in self.trackers:
            return True
        hosts = [*vendor.get("hosts", []), vendor["id"]]
        return any(in_site(host, domain) for host in hosts for domain in self.domains)
