"""A site scan seen from one vendor's profile.

A scan speaks of every vendor on the site; a profile links it and takes only what is about
its own vendor (see `identity.py`). The view is `scan` evidence whose facts the checklist
reads like any other:

- `consent`: the vendor's consent verdict (enforced, leaks-before-consent, ignores-reject),
  cited by its requests before consent or after reject; null when not tested;
- `collection`: client-side when the browser sent the vendor data, hybrid when it only
  loaded the vendor's code;
- `phi_signals`: health context, contact details and canaries the vendor received;
- `scanning` ("scanned") and `detects` (scripts, cookies, storage, pixels): what having a
  scan of the site says about its monitoring.

When the scan never saw the vendor, the facts about it are null with a warning: a page the
scan did not visit may still carry its tag.
"""

from __future__ import annotations

from vendor_eval.evidence.scan.analysis import VERDICT_ORDER
from vendor_eval.evidence.scan.identity import ProfiledVendor
from vendor_eval.evidence.scan.monitor import scan_vendors
from vendor_eval.model import Citation, DocumentRef, Evidence, Fact, Profile

# What a vendor-eval scan records: everything the monitoring question asks about.
DETECTS = ["scripts", "cookies", "storage", "pixels"]
LEAKING = {
    "leaks-before-consent": ("before-consent",),
    "ignores-reject": ("after-reject",),
}


def _cited_for(evidence: Evidence, fact: str, hosts: set[str]) -> list[Citation]:
    found = evidence.facts.get(fact)
    return [c for c in found.citations if c.host in hosts] if found else []


def scan_for_vendor(evidence: Evidence, profile: Profile) -> Evidence:
    identity = ProfiledVendor.of(profile)
    matched = [v for v in scan_vendors(evidence).values() if identity.covers(v)]
    site = str(evidence.document.extra.get("site") or evidence.document.path)
    scanned = [
        s["name"] for s in evidence.value("scenarios") or [] if isinstance(s, dict) and s["ran"]
    ]
    what = f"{site} scanned" + (f": {', '.join(scanned)}" if scanned else "")
    site_cited = [Citation(quote=what, url=evidence.document.path)]
    facts = {
        "scanning": Fact("scanned", site_cited),
        "detects": Fact(list(DETECTS), site_cited),
    }
    warnings = []
    view = DocumentRef(
        path=evidence.document.path,
        sha256=evidence.document.sha256,
        extra={**evidence.document.extra, "vendors": [v["id"] for v in matched]},
    )
    if not matched:
        warnings.append(
            f"the scan of {site} saw no request to {identity.name or 'this vendor'}; it says "
            "nothing about its consent or data flow (name its domains or tracker id in the "
            "profile's vendor block if the scan lists it under another name)"
        )
        facts.update(consent=Fact(None), collection=Fact(None), phi_signals=Fact(None))
        return Evidence(evidence.kind, view, facts, warnings, source=evidence.source)

    hosts = {h for v in matched for h in v.get("hosts", [])}
    requests = _cited_for(evidence, "vendors", hosts)
    verdicts = sorted({v["consent"] for v in matched}, key=lambda v: VERDICT_ORDER.get(v, 0))
    verdict = verdicts[-1]
    if verdict == "not-tested":
        warnings.append(
            f"consent: the scan of {site} could not test reject; its consent verdict for "
            f"{identity.name} is not-tested"
        )
        facts["consent"] = Fact(None)
    else:
        shown = LEAKING.get(verdict)
        cited = [c for c in requests if shown is None or c.scenario in shown] or requests
        facts["consent"] = Fact(verdict, cited)
    sent = any(v.get("collection") == "client-side" for v in matched)
    facts["collection"] = Fact("client-side" if sent else "hybrid", requests)
    signals = [
        s
        for fact in ("phi_signals", "canary_leaks")
        for s in evidence.value(fact) or []
        if isinstance(s, dict) and s.get("host") in hosts
    ]
    phi_cited = _cited_for(evidence, "phi_signals", hosts) + _cited_for(
        evidence, "canary_leaks", hosts
    )
    facts["phi_signals"] = Fact(signals, phi_cited)
    return Evidence(evidence.kind, view, facts, warnings, source=evidence.source)
