"""What changed between two scans of a site, and which vendors seen lack a profile or a BAA.

Pure: two `scan` evidence objects and the profiles in, a `MonitorReport` out. The findings:

- `new-vendor`: a vendor the baseline did not see;
- `new-host`: a host of a known vendor the baseline did not see;
- `new-health-context`: a vendor now receives health context in a scenario where it did not;
- `new-canary-leak`: a vendor now receives a canary in a scenario where it did not;
- `consent-worse`: a vendor's consent verdict got worse (enforced → leaks-before-consent…);
- `no-profile`: a vendor seen that no profile in the folder is about;
- `no-baa`: a vendor whose profile does not say a BAA is offered (`baa.offered: true`).

Which profile is about which scan vendor is decided by `identity.ProfiledVendor`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from vendor_eval.evidence.scan.analysis import VERDICT_ORDER
from vendor_eval.evidence.scan.identity import ProfiledVendor
from vendor_eval.evidence.scan.recording import SCENARIOS
from vendor_eval.model import Evidence

FINDING_KINDS = (
    "new-vendor",
    "new-host",
    "new-health-context",
    "new-canary-leak",
    "consent-worse",
    "no-profile",
    "no-baa",
)


@dataclass(frozen=True)
class MonitorFinding:
    kind: str  # one of FINDING_KINDS
    vendor: str  # the scan's vendor id
    vendor_name: str
    message: str
    profile: str | None = None  # the profile the finding is about, when there is one


@dataclass
class MonitorReport:
    scan: str  # where the scan evidence was read from
    baseline: str | None
    site: str
    vendors: int
    findings: list[MonitorFinding] = field(default_factory=list)

    @property
    def success(self) -> bool:
        return not self.findings


def scan_vendors(evidence: Evidence) -> dict[str, dict[str, Any]]:
    vendors = evidence.value("vendors")
    return {v["id"]: v for v in vendors if isinstance(v, dict)} if isinstance(vendors, list) else {}


def _scenario_flags(vendor: dict[str, Any], key: str) -> set[str]:
    """The scenarios in which the vendor got something (`health_context`, `canary_leaks`)."""
    found = set()
    for scenario in SCENARIOS:
        seen = vendor.get(scenario.replace("-", "_"))
        if isinstance(seen, dict) and seen.get(key):
            found.add(scenario)
    return found


def _changes(
    now: dict[str, Any], before: dict[str, Any] | None, name: str
) -> Iterable[tuple[str, str]]:
    if before is None:
        yield "new-vendor", f"{name}: new vendor ({', '.join(now.get('hosts', []))})"
        return
    new_hosts = sorted(set(now.get("hosts", [])) - set(before.get("hosts", [])))
    if new_hosts:
        yield "new-host", f"{name}: new host(s) {', '.join(new_hosts)}"
    for key, kind, what in (
        ("health_context", "new-health-context", "now receives health context"),
        ("canary_leaks", "new-canary-leak", "now receives the canary"),
    ):
        fresh = sorted(_scenario_flags(now, key) - _scenario_flags(before, key))
        if fresh:
            yield kind, f"{name}: {what} ({', '.join(fresh)})"
    was, is_now = before.get("consent", "not-tested"), now.get("consent", "not-tested")
    if VERDICT_ORDER.get(is_now, 0) > VERDICT_ORDER.get(was, 0):
        yield "consent-worse", f"{name}: consent {was} → {is_now}"


def monitor(
    scan: Evidence,
    baseline: Evidence | None,
    identities: list[ProfiledVendor],
) -> MonitorReport:
    vendors = scan_vendors(scan)
    previous = scan_vendors(baseline) if baseline is not None else None
    report = MonitorReport(
        scan=scan.source or scan.document.path,
        baseline=None if baseline is None else baseline.source or baseline.document.path,
        site=str(scan.document.extra.get("site", "")),
        vendors=len(vendors),
    )
    for vendor_id in sorted(vendors):
        vendor = vendors[vendor_id]
        name = str(vendor.get("name") or vendor_id)
        if previous is not None:
            for kind, message in _changes(vendor, previous.get(vendor_id), name):
                report.findings.append(MonitorFinding(kind, vendor_id, name, message))
        matched = [identity for identity in identities if identity.covers(vendor)]
        if not matched:
            report.findings.append(
                MonitorFinding(
                    "no-profile",
                    vendor_id,
                    name,
                    f"{name}: seen on the site ({vendor.get('consent')}) and no profile is "
                    "about it; add one with `vendor-eval init` and name its domains",
                )
            )
        for identity in matched:
            if not identity.baa_offered:
                report.findings.append(
                    MonitorFinding(
                        "no-baa",
                        vendor_id,
                        name,
                        f"{name}: seen on the site ({vendor.get('consent')}) and its profile "
                        "does not say a BAA is offered",
                        profile=identity.profile,
                    )
                )
    return report
