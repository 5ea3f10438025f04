"""From recorded scenarios to `scan` evidence, vendor by vendor.

Each scenario's recording is written as a HAR and read by the HAR extractor, so the tracker
catalogue, the health words, the canary forms and the redaction are the same for a scan as
for a hand-made capture. This module adds what only a scan knows: which scenario and page a
request came from, and so whether each vendor waited for consent.

A vendor is a tracker-catalogue entry, or, for hosts the catalogue does not know, the
registrable domain of the host. Static CDNs and font hosts are not vendors here. A vendor's
consent verdict counts every request the page made to it, sent or blocked: a tag that fires
before consent broke the visitor's choice whether or not the network delivered it.

- `ignores-reject`: requests after the visitor rejected;
- `leaks-before-consent`: requests before any choice (and none after reject, or reject was
  not tested);
- `enforced`: nothing before a choice and nothing after reject;
- `not-tested`: nothing before a choice, and reject could not be tested.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from vendor_eval.evidence.har import HarOptions, extract_har, load_health_terms
from vendor_eval.evidence.har.identity import Redactor
from vendor_eval.evidence.scan.recording import (
    AFTER_REJECT,
    BEFORE_CONSENT,
    SCENARIOS,
    ScenarioRecording,
    entry_pages,
    har_text,
)
from vendor_eval.evidence.scan.sites import in_site
from vendor_eval.fileio import atomic_write_text
from vendor_eval.model import Citation, DocumentRef, Evidence, EvidenceKind, Fact
from vendor_eval.vendor_identity import registrable_domain

VERDICTS = ("enforced", "leaks-before-consent", "ignores-reject", "not-tested")
# Worst last: `monitor` reports a vendor whose verdict moved right.
VERDICT_ORDER = {"enforced": 0, "not-tested": 1, "leaks-before-consent": 2, "ignores-reject": 3}
NOT_VENDORS = ("static-cdn", "fonts")
SERVER_SIDE_NOTE = (
    "server_side_collection: what the site's servers send to vendors cannot be seen from a "
    "browser; ask the vendor and the site's team, or read their server logs"
)


@dataclass
class _InScenario:
    """What one vendor got in one scenario."""

    requests: int = 0
    received_data: bool = False
    hosts: set[str] = field(default_factory=set)
    cookies: set[str] = field(default_factory=set)
    health_terms: list[str] = field(default_factory=list)
    contact_details: set[str] = field(default_factory=set)
    canary_leaks: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "requests": self.requests,
            "received_data": self.received_data,
            "cookies": sorted(self.cookies),
            "health_context": self.health_terms,
            "contact_details": sorted(self.contact_details),
            "canary_leaks": self.canary_leaks,
        }


@dataclass
class _Vendor:
    id: str
    name: str
    category: str
    catalogued: bool
    hosts: set[str] = field(default_factory=set)
    seen: dict[str, _InScenario] = field(default_factory=dict)
    citations: list[Citation] = field(default_factory=list)

    def verdict(self, ran: set[str]) -> str:
        def contacted(scenario: str) -> bool:
            return scenario in self.seen and self.seen[scenario].requests > 0

        if AFTER_REJECT in ran and contacted(AFTER_REJECT):
            return "ignores-reject"
        if contacted(BEFORE_CONSENT):
            return "leaks-before-consent"
        return "enforced" if AFTER_REJECT in ran else "not-tested"


class _Scenario:
    """One scenario's HAR evidence, its citations turned into scan citations."""

    def __init__(self, recording: ScenarioRecording, har: Evidence, redact: Redactor) -> None:
        self.name = recording.name
        self.har = har
        self.pages = entry_pages(recording)
        self.redact = redact

    def cite(self, citation: Citation) -> Citation:
        page = self.pages[citation.entry] if citation.entry is not None else ""
        return Citation(
            quote=citation.quote,
            entry=citation.entry,
            method=citation.method,
            host=citation.host,
            scenario=self.name,
            url=self.redact.url(page) if page.startswith("http") else page or None,
        )

    def listed(self, fact: str) -> Iterable[tuple[dict[str, Any], Citation]]:
        found = self.har.facts.get(fact)
        if found is None or not isinstance(found.value, list):
            return []
        return zip(found.value, (self.cite(c) for c in found.citations), strict=False)


class _Vendors:
    def __init__(self) -> None:
        self.by_id: dict[str, _Vendor] = {}
        self.names: dict[str, tuple[str, str]] = {}  # catalogue id -> (name, category)

    def get(self, catalogue_id: str | None, host: str) -> _Vendor:
        key = catalogue_id or registrable_domain(host)
        vendor = self.by_id.get(key)
        if vendor is None:
            name, category = self.names.get(key, (key, "unknown"))
            vendor = self.by_id[key] = _Vendor(key, name, category, catalogue_id is not None)
        return vendor

    def add_scenario(self, scenario: _Scenario) -> None:
        for item, _ in scenario.listed("client_side_vendors"):
            self.names[item["id"]] = (item["name"], item["category"])
        first_cited: set[str] = set()
        for item, citation in scenario.listed("third_party_hosts"):
            if item["class"] in NOT_VENDORS:
                continue
            vendor = self.get(item["vendor"], item["host"])
            seen = vendor.seen.setdefault(scenario.name, _InScenario())
            seen.requests += item["requests"]
            seen.received_data = seen.received_data or item["received_data"]
            seen.hosts.add(item["host"])
            vendor.hosts.add(item["host"])
            if vendor.id not in first_cited:
                first_cited.add(vendor.id)
                vendor.citations.append(citation)
        for item, _ in scenario.listed("third_party_cookies"):
            vendor = self.get(item["vendor"], item["domain"])
            vendor.seen.setdefault(scenario.name, _InScenario()).cookies.add(item["name"])
        for item, citation in scenario.listed("phi_signals"):
            vendor = self.get(item["vendor"], item["host"])
            seen = vendor.seen.setdefault(scenario.name, _InScenario())
            if item["kind"] == "health-context":
                new = [t for t in item.get("terms", []) if t not in seen.health_terms]
                if new and not seen.health_terms:
                    vendor.citations.append(citation)
                seen.health_terms += new
            else:
                seen.contact_details.add(item["kind"])
        for item, citation in scenario.listed("canary_leaks"):
            vendor = self.get(item["vendor"], item["host"])
            seen = vendor.seen.setdefault(scenario.name, _InScenario())
            if not seen.canary_leaks:
                vendor.citations.append(citation)
            seen.canary_leaks += item["requests"]

    def fact(self, ran: set[str]) -> Fact:
        values = []
        citations: list[Citation] = []
        for vendor_id in sorted(self.by_id):
            vendor = self.by_id[vendor_id]
            sent = any(s.received_data for s in vendor.seen.values())
            values.append(
                {
                    "id": vendor.id,
                    "name": vendor.name,
                    "category": vendor.category,
                    "catalogued": vendor.catalogued,
                    "hosts": sorted(vendor.hosts),
                    "consent": vendor.verdict(ran),
                    "collection": "client-side" if sent else "hybrid",
                    **{
                        scenario.replace("-", "_"): (
                            vendor.seen.get(scenario, _InScenario()).to_dict()
                            if scenario in ran
                            else None
                        )
                        for scenario in SCENARIOS
                    },
                }
            )
            citations += vendor.citations
        return Fact(values, citations)


def _har_files(
    recordings: list[ScenarioRecording], har_out: Path | None, folder: Path, version: str
) -> dict[str, Path]:
    """Each recorded scenario as a HAR: next to --har (OUT.SCENARIO.har), else in `folder`."""
    files = {}
    for recording in recordings:
        if not recording.ran or not recording.requests:
            continue
        if har_out is not None:
            stem = har_out.name.removesuffix(".har")
            path = har_out.with_name(f"{stem}.{recording.name}.har")
        else:
            path = folder / f"{recording.name}.har"
        atomic_write_text(path, har_text(recording, browser_version=version))
        files[recording.name] = path
    return files


def _fingerprint(recordings: list[ScenarioRecording]) -> str:
    """What was requested, without timing: the same site scanned twice alike hashes alike."""
    requests = sorted(
        {(r.name, q.method, q.url.split("?")[0]) for r in recordings for q in r.requests}
    )
    return hashlib.sha256(json.dumps(requests).encode()).hexdigest()


def analyse(
    recordings: list[ScenarioRecording],
    *,
    urls: list[str],
    site: str,
    canaries: tuple[str, ...],
    health_terms_file: Path | None,
    browser_version: str,
    har_out: Path | None = None,
) -> Evidence:
    redact = Redactor(canaries)
    ran = {r.name for r in recordings if r.ran}
    warnings: list[str] = []
    vendors = _Vendors()
    phi: list[tuple[dict[str, Any], Citation]] = []
    leaks: list[tuple[dict[str, Any], Citation]] = []
    with tempfile.TemporaryDirectory(prefix="vendor-eval-scan-") as folder:
        files = _har_files(recordings, har_out, Path(folder), browser_version)
        options = HarOptions(
            sites=(site,),
            canaries=canaries,
            health_terms_file=health_terms_file,
            require_site=False,
        )
        for recording in recordings:
            warnings += [redact.text(p) for p in recording.problems]
            if recording.name not in files:
                continue
            har = extract_har(files[recording.name], options)
            scenario = _Scenario(recording, har, redact)
            vendors.add_scenario(scenario)
            for item, citation in scenario.listed("phi_signals"):
                phi.append(({"scenario": recording.name, **_without_entry(item)}, citation))
            for item, citation in scenario.listed("canary_leaks"):
                leaks.append(({"scenario": recording.name, **_without_entry(item)}, citation))
            warnings += [f"{recording.name}: {w}" for w in har.warnings if "never sent" not in w]
    warnings.append(SERVER_SIDE_NOTE)
    canary_fact = Fact([v for v, _ in leaks], [c for _, c in leaks]) if canaries else Fact(None)
    facts = {
        "vendors": vendors.fact(ran),
        "scenarios": _scenarios_fact(recordings, redact),
        "consent_manager": _consent_fact(recordings, redact),
        "pages": _pages_fact(recordings, redact, health_terms_file),
        "phi_signals": Fact([v for v, _ in phi], [c for _, c in phi]),
        "canary_leaks": canary_fact,
        "first_party_storage": _storage_fact(recordings, site, redact),
        "server_side_collection": Fact(None),
    }
    document = DocumentRef(
        path=redact.url(urls[0]),
        sha256=_fingerprint(recordings),
        pages=None,
        extra={
            "site": site,
            "browser": f"chromium {browser_version}".strip(),
            "scenarios": [r.name for r in recordings if r.ran],
        },
    )
    return Evidence(kind=EvidenceKind.SCAN, document=document, facts=facts, warnings=warnings)


def _without_entry(item: dict[str, Any]) -> dict[str, Any]:
    """Entry numbers belong to one scenario's HAR; the citation keeps them."""
    return {k: v for k, v in item.items() if k != "entry"}


def _scenarios_fact(recordings: list[ScenarioRecording], redact: Redactor) -> Fact:
    values = []
    citations = []
    for recording in recordings:
        scanned = [v for v in recording.visits if v.outcome == "scanned"]
        values.append(
            {
                "name": recording.name,
                "ran": recording.ran,
                "pages": len(scanned),
                "pages_not_scanned": len(recording.visits) - len(scanned),
                "requests": len(recording.requests),
            }
        )
        if recording.visits:
            first = recording.visits[0]
            citations.append(
                Citation(
                    quote=f"{len(scanned)} pages scanned, {len(recording.requests)} requests",
                    scenario=recording.name,
                    url=redact.url(first.url),
                )
            )
    return Fact(values, citations)


def _consent_fact(recordings: list[ScenarioRecording], redact: Redactor) -> Fact:
    outcomes = [(r.name, r.consent) for r in recordings if r.consent is not None]
    if not outcomes:
        return Fact(None)
    first = outcomes[0][1]
    citations = [
        Citation(
            quote=redact.text(outcome.done or outcome.problem),
            scenario=name,
            url=redact.url(outcome.page),
        )
        for name, outcome in outcomes
    ]
    return Fact({"id": first.rule_id, "name": first.rule_name}, citations)


def _pages_fact(
    recordings: list[ScenarioRecording], redact: Redactor, terms_file: Path | None
) -> Fact:
    """Each page of the site visited before consent, with the health words in its address
    and title: a tag on such a page tells its vendor about the visitor's health."""
    terms = load_health_terms(terms_file)
    values = []
    citations = []
    for visit in recordings[0].visits if recordings else []:
        found = terms.find(f"{visit.url.split('//', 1)[-1].partition('/')[2]} {visit.title}")
        values.append(
            {
                "url": redact.url(visit.url),
                "outcome": visit.outcome,
                "health_context": found,
            }
        )
        citations.append(
            Citation(
                quote=redact.text(visit.title or visit.problem or visit.url),
                scenario=recordings[0].name,
                url=redact.url(visit.url),
            )
        )
    return Fact(values, citations)


def _storage_fact(recordings: list[ScenarioRecording], site: str, redact: Redactor) -> Fact:
    """Cookies and local storage the site's own origin holds, names only."""
    values = []
    for recording in recordings:
        for domain, name in recording.cookies:
            if in_site(domain, site):
                values.append({"scenario": recording.name, "kind": "cookie", "name": name})
        for origin, key in recording.storage:
            host = origin.split("//", 1)[-1].split(":")[0]
            if in_site(host, site):
                values.append({"scenario": recording.name, "kind": "local-storage", "name": key})
    for value in values:
        value["name"] = redact.text(value["name"])
    return Fact(sorted(values, key=lambda v: (v["scenario"], v["kind"], v["name"])))
