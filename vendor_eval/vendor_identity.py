"""Who a profile's vendor is on the network, and the part of a browser capture about it.

A capture speaks of every third party a page talked to; a profile is about one vendor. The
vendor is named by its registrable domains (`vendor.domains`), optionally by its id in the
HAR tracker catalogue (`vendor.tracker`), and otherwise by the registrable domain of
`vendor.website`. Registrable domains come from the public suffix list that
`publicsuffixlist` ships (nothing is fetched); it is imported only when a website has to be
read, so `--help` and most commands never load it.

Pure: no I/O beyond the bundled list.
"""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any
from urllib.parse import urlsplit

from vendor_eval.evidence.model import Evidence, EvidenceKind, Fact

# Evidence recorded in a browser: it names many vendors, and only the requests to the
# profile's vendor answer that vendor's questions.
CAPTURE_KINDS = frozenset({EvidenceKind.HAR})

# Capture facts that list what was seen per request, each entry naming its host.
_PER_HOST_FACTS = ("third_party_hosts", "phi_signals", "canary_leaks")


@dataclass(frozen=True)
class VendorIdentity:
    domains: tuple[str, ...] = ()
    tracker: str | None = None

    @property
    def known(self) -> bool:
        return bool(self.domains or self.tracker)

    def owns(self, host: str | None, vendor_id: str | None = None) -> bool:
        """Whether a host (or a catalogued vendor id) is this vendor's."""
        if self.tracker is not None and vendor_id == self.tracker:
            return True
        if not host:
            return False
        host = host.lower().lstrip(".").rstrip(".")
        return any(host == d or host.endswith("." + d) for d in self.domains)

    def describe(self) -> str:
        named = list(self.domains) + ([f"tracker {self.tracker}"] if self.tracker else [])
        return ", ".join(named)


@cache
def _suffix_list() -> Any:
    from publicsuffixlist import PublicSuffixList

    return PublicSuffixList()


def registrable_domain(host: str) -> str:
    """`www.clinic.co.uk` -> `clinic.co.uk`. A host without one (an IP address,
    `localhost`) is its own domain."""
    host = host.lower().strip().rstrip(".")
    with contextlib.suppress(UnicodeError):
        host = host.encode("idna").decode("ascii")
    if ":" in host or host.replace(".", "").isdigit():
        return host
    found = _suffix_list().privatesuffix(host)
    return found if isinstance(found, str) else host


def vendor_identity(vendor: Mapping[str, Any] | None) -> VendorIdentity:
    """The identity a profile's `vendor` mapping gives: its domains and tracker id, or
    failing both, the registrable domain of its website."""
    vendor = vendor or {}
    domains = tuple(str(d).lower().rstrip(".") for d in vendor.get("domains") or () if d)
    tracker = vendor.get("tracker")
    tracker = str(tracker) if tracker else None
    website = vendor.get("website")
    if not domains and not tracker and isinstance(website, str):
        try:
            host = urlsplit(website).hostname
        except ValueError:
            host = None
        if host:
            domains = (registrable_domain(host),)
    return VendorIdentity(domains, tracker)


def domain_problem(entry: str) -> str | None:
    """Why a `vendor.domains` entry is not a bare registrable domain, naming the domain to
    write instead; None when it is one."""
    text = entry.strip()
    host = text
    if "://" in text:
        host = urlsplit(text).hostname or ""
        what = "a URL"
    elif "/" in text:
        host = text.split("/", 1)[0]
        what = "a path"
    elif "*" in text:
        host = text.replace("*", "").lstrip(".")
        what = "a wildcard"
    else:
        what = ""
    if what:
        host = host.replace("*", "").lstrip(".")
        instead = f"; write {registrable_domain(host)}" if host else ""
        return f"{text!r} is {what}, not a domain{instead} (its subdomains are included)"
    if not text or " " in text or "." not in text.strip("."):
        return f"{text!r} is not a domain; write the vendor's registrable domain, e.g. mixpanel.com"
    return None


@dataclass(frozen=True)
class CaptureScope:
    """The capture evidence as it concerns one vendor, and, when the vendor is absent,
    the sentence that says so."""

    evidence: tuple[Evidence, ...]
    absent: Mapping[EvidenceKind, str]


def scope_to_profile(
    evidence: Iterable[Evidence], vendor: Mapping[str, Any] | None
) -> CaptureScope:
    """`scope_to_vendor` for a profile's `vendor` mapping. Its identity is worked out only
    when there is a capture to narrow: a website's registrable domain costs the public
    suffix list."""
    evidence = list(evidence)
    if not any(item.kind in CAPTURE_KINDS for item in evidence):
        return CaptureScope(tuple(evidence), {})
    return scope_to_vendor(evidence, vendor_identity(vendor))


def scope_to_vendor(evidence: Iterable[Evidence], identity: VendorIdentity) -> CaptureScope:
    """Every capture narrowed to the vendor's hosts; other evidence as it is. A capture
    the vendor does not appear in answers none of its questions."""
    scoped: list[Evidence] = []
    absent: dict[EvidenceKind, str] = {}
    for item in evidence:
        if item.kind not in CAPTURE_KINDS:
            scoped.append(item)
            continue
        narrowed = _narrowed(item, identity)
        if narrowed is None:
            absent.setdefault(item.kind, _absence(item, identity))
        else:
            scoped.append(narrowed)
    return CaptureScope(tuple(scoped), absent)


def _hosts(item: Evidence) -> list[dict[str, Any]]:
    value = item.value("third_party_hosts")
    return [h for h in value if isinstance(h, dict)] if isinstance(value, list) else []


def _narrowed(item: Evidence, identity: VendorIdentity) -> Evidence | None:
    owned = [h for h in _hosts(item) if identity.owns(h.get("host"), h.get("vendor"))]
    if not owned:
        return None
    hosts = {str(h["host"]) for h in owned}
    vendor_ids = {h.get("vendor") for h in owned} - {None}
    facts: dict[str, Fact] = {}
    for name, fact in item.facts.items():
        if name in _PER_HOST_FACTS and isinstance(fact.value, list):
            facts[name] = _filtered(fact, lambda v, hosts=hosts: v.get("host") in hosts)
        elif name == "third_party_cookies" and isinstance(fact.value, list):
            facts[name] = _filtered(
                fact, lambda v: identity.owns(str(v.get("domain") or ""), v.get("vendor"))
            )
        elif name == "client_side_vendors" and isinstance(fact.value, list):
            facts[name] = _filtered(fact, lambda v: v.get("id") in vendor_ids)
        elif name == "collection" and not _challenge_only(item):
            facts[name] = _collection(owned, item.facts.get("third_party_hosts"), hosts)
        else:
            facts[name] = fact
    return dataclasses.replace(item, facts=facts)


def _filtered(fact: Fact, keep: Any) -> Fact:
    """A listed fact's entries that `keep` accepts. Its citations run parallel to its
    entries when there is one per entry; otherwise they are kept when they cite a kept
    entry's host."""
    values = [v for v in fact.value if isinstance(v, dict) and keep(v)]
    if len(fact.citations) == len(fact.value):
        cited = [c for v, c in zip(fact.value, fact.citations, strict=True) if v in values]
    else:
        kept_hosts = {v.get("host") for v in values}
        cited = [c for c in fact.citations if c.host in kept_hosts]
    return Fact(values, cited)


def _challenge_only(item: Evidence) -> bool:
    """Whether the capture shows only a bot challenge or error page: its null collection
    holds for every vendor in it, since no page of the site loaded to show how it collects."""
    if item.value("collection") is not None:
        return False
    # Imported here: at the top it would load the whole HAR reader into every command
    # that scores a profile.
    from vendor_eval.evidence.har.vocabulary import CHALLENGE_UNDECIDED

    return any(warning.startswith(CHALLENGE_UNDECIDED) for warning in item.warnings)


def _collection(owned: list[dict[str, Any]], hosts_fact: Fact | None, hosts: set[str]) -> Fact:
    """How the vendor collects, judged from its own hosts only: data sent from the browser
    is client-side; its code loaded with nothing sent leaves browser calls (hybrid)."""
    citations = [c for c in (hosts_fact.citations if hosts_fact else []) if c.host in hosts]
    senders = {str(h["host"]) for h in owned if h.get("received_data")}
    if senders:
        return Fact("client-side", [c for c in citations if c.host in senders])
    return Fact("hybrid", citations)


def _absence(item: Evidence, identity: VendorIdentity) -> str:
    hosts = _hosts(item)
    requests = sum(int(h.get("requests") or 0) for h in hosts)
    parties = {h.get("vendor") or registrable_domain(str(h.get("host") or "")) for h in hosts}
    others = (
        f"{requests} request{'s' if requests != 1 else ''} to {len(parties)} other third "
        f"part{'ies' if len(parties) != 1 else 'y'}"
    )
    if not identity.known:
        return (
            f"not applied: the profile names no vendor domains (vendor.domains, vendor.tracker "
            f"or vendor.website), so the capture cannot say which requests are the vendor's "
            f"({others})"
        )
    return f"not seen in this capture ({others})"


def catalogue_identity(vendor_name: str) -> VendorIdentity | None:
    """The tracker catalogue's entry for a vendor name ("Mixpanel", "Twilio Segment",
    "Google Analytics 4"), as an identity with the domains catalogued as wholly its own;
    None when the catalogue has no such vendor."""
    from vendor_eval.evidence.har.catalogue import load_catalogue

    slug = "-".join("".join(c if c.isalnum() else " " for c in vendor_name.lower()).split())
    if not slug:
        return None
    for vendor_id, (vendor, hosts) in load_catalogue().vendors().items():
        named = "-".join("".join(c if c.isalnum() else " " for c in vendor.name.lower()).split())
        if (
            slug in (vendor_id, named)
            or slug.startswith(vendor_id + "-")
            or (slug.endswith("-" + vendor_id))
        ):
            # As catalogued: analytics.google.com, not all of google.com.
            return VendorIdentity(hosts, vendor_id)
    return None


def identity_from_option(value: str) -> VendorIdentity:
    """`--vendor`: a tracker catalogue id, or a domain. ValueError says why neither."""
    from vendor_eval.evidence.har.catalogue import load_catalogue

    text = value.strip().lower()
    if text in load_catalogue().vendors():
        return VendorIdentity(tracker=text)
    problem = domain_problem(text)
    if problem:
        raise ValueError(f"{problem}; or give a tracker catalogue id such as mixpanel")
    return VendorIdentity(domains=(text,))


def _collection_said(evidence: Evidence) -> str:
    collection = evidence.value("collection")
    if collection is not None:
        return str(collection)
    if _challenge_only(evidence):
        return "undecided (a bot challenge or error page)"
    return "undecided"


def capture_summary(evidence: Evidence, identity: VendorIdentity) -> list[str]:
    """What one capture shows about one vendor, in lines for people."""
    scope = scope_to_vendor([evidence], identity)
    who = identity.describe()
    if not scope.evidence:
        return [f"{who}: {scope.absent[evidence.kind]}"]
    [mine] = scope.evidence
    hosts = mine.value("third_party_hosts") or []
    requests = sum(int(h.get("requests") or 0) for h in hosts)
    lines = [
        f"{who}: {requests} request{'s' if requests != 1 else ''} to "
        f"{', '.join(str(h['host']) for h in hosts)}; collection {_collection_said(mine)}"
    ]
    for name, what in (("phi_signals", "PHI signal"), ("canary_leaks", "canary leak")):
        found = mine.value(name) or []
        if found:
            kinds = sorted({str(f.get("kind") or f.get("form") or "") for f in found} - {""})
            detail = f" ({', '.join(kinds)})" if kinds else ""
            lines.append(f"  {len(found)} {what}{'s' if len(found) != 1 else ''}{detail}")
    return lines
