"""Which vendor of a scan a profile is about, by the profile's vendor identity
(`vendor_eval.vendor_identity`): its `vendor.tracker` is the scan vendor's tracker-catalogue
id, or one of the scan vendor's hosts is in its `vendor.domains` (by default the registrable
domain of `vendor.website`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from vendor_eval.model import Profile
from vendor_eval.vendor_identity import VendorIdentity, vendor_identity


@dataclass(frozen=True)
class ProfiledVendor:
    """A profile's vendor as `monitor` and a linked scan need it."""

    profile: str
    name: str
    identity: VendorIdentity
    baa_offered: bool

    @classmethod
    def of(cls, profile: Profile) -> ProfiledVendor:
        data = profile.data if isinstance(profile.data, dict) else {}
        vendor = data.get("vendor")
        baa = data.get("baa")
        return cls(
            profile=profile.path,
            name=profile.vendor_name,
            identity=vendor_identity(vendor if isinstance(vendor, dict) else None),
            baa_offered=isinstance(baa, dict) and baa.get("offered") is True,
        )

    def covers(self, vendor: dict[str, Any]) -> bool:
        """Whether a vendor of the scan's `vendors` fact is this profile's."""
        catalogue_id = vendor["id"] if vendor.get("catalogued") else None
        hosts = [*vendor.get("hosts", []), vendor["id"]]
        return any(self.identity.owns(host, catalogue_id) for host in hosts)
