"""Findings that no single document raises but two documents of one vendor do together:
a SOC 2 subservice organisation missing from the subprocessor list, hosts the vendor's
requests reached in a capture or scan that belong to no listed subprocessor,
subprocessors that may see PHI while the BAA has no subcontractor flow-down, and
processing locations outside the ones the checklist allows.

Pure: reads evidence and question results already computed by scoring.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from vendor_eval.model import (
    Checklist,
    Citation,
    Evidence,
    EvidenceKind,
    Finding,
    FindingKind,
    QuestionResult,
    Severity,
)
from vendor_eval.vendor_identity import VendorIdentity, registrable_domain

# Words that differ between how one company is named in two documents.
_LEGAL_WORDS = frozenset(
    {"inc", "incorporated", "llc", "ltd", "limited", "corp", "corporation", "co", "company"}
    | {"gmbh", "ag", "sa", "bv", "nv", "plc", "pty", "lp", "llp", "sarl", "sas", "srl", "the"}
)
# A domain written in a subprocessor list's cell ("Mailgun (mailgun.com)").
_DOMAIN_IN_TEXT = re.compile(r"\b(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}\b", re.I)
# A subprocessor whose data column says this sees no personal data, so no PHI.
_NO_PERSONAL_DATA = re.compile(r"\b(?:no|none|not)\b.*\b(?:personal|customer|phi)\b|^none$", re.I)


def cross_document_findings(
    checklist: Checklist,
    evidence: Sequence[Evidence],
    results: Iterable[QuestionResult],
    vendor_evidence: Sequence[Evidence] = (),
    identity: VendorIdentity | None = None,
) -> list[Finding]:
    """`evidence` is everything the profile links; `vendor_evidence` the same with each
    capture narrowed to the vendor's own requests (`vendor_identity.scope_to_vendor`),
    so that hosts other vendors on the page reached are never blamed on this one."""
    listing = _first(evidence, EvidenceKind.SUBPROCESSORS)
    if listing is None:
        return []
    entities = [e for e in listing.value("subprocessors") or [] if isinstance(e, dict)]
    citations = listing.facts["subprocessors"].citations if entities else []
    findings = list(_subservice_missing(evidence, entities, listing))
    if identity is not None:
        findings += unlisted_hosts(vendor_evidence, entities, identity, listing).findings
    findings += list(_flowdown_missing(entities, results, listing))
    findings += list(_locations_outside(checklist, entities, citations, listing))
    return findings


def _first(evidence: Sequence[Evidence], kind: EvidenceKind) -> Evidence | None:
    return next((item for item in evidence if item.kind == kind), None)


def company_key(name: str) -> tuple[str, ...]:
    """A company name as comparable words: no case, punctuation or legal form."""
    # Dots go first, so that L.L.C. and S.A. read as the words llc and sa.
    words = re.sub(r"[^a-z0-9]+", " ", name.casefold().replace(".", "")).split()
    return tuple(word for word in words if word not in _LEGAL_WORDS)


def same_company(first: str, second: str) -> bool:
    """Whether two names plausibly name one company: the same words once the legal form is
    dropped, one name's words leading the other's ("Amazon Web Services" and "Amazon Web
    Services EMEA"), or one the initials of the other ("AWS")."""
    a, b = company_key(first), company_key(second)
    if not a or not b:
        return False
    shorter, longer = sorted((a, b), key=len)
    if longer[: len(shorter)] == shorter:
        return True
    initials = "".join(word[0] for word in longer)
    return len(shorter) == 1 and len(longer) > 1 and shorter[0] == initials


def _subservice_missing(
    evidence: Sequence[Evidence], entities: list[dict[str, Any]], listing: Evidence
) -> Iterator[Finding]:
    listed = [str(e.get("name") or "") for e in entities]
    for report in (item for item in evidence if item.kind == EvidenceKind.SOC2):
        organisations = report.value("subservice_organizations")
        if not isinstance(organisations, list):
            continue
        fact = report.facts["subservice_organizations"]
        for organisation in organisations:
            name = str(organisation)
            if any(same_company(name, other) for other in listed):
                continue
            cited = tuple(c for c in fact.citations if name.casefold() in c.quote.casefold())
            yield Finding(
                severity=Severity.MEDIUM,
                question_id="cross-check.soc2-subservice",
                title=(
                    f"{name} is a subservice organisation in the SOC 2 report but is not on "
                    "the subprocessor list"
                ),
                action=(
                    f"Ask the vendor whether {name} receives customer data; if it does, it "
                    "belongs on the subprocessor list and under the BAA's flow-down terms."
                ),
                answer=name,
                kind=FindingKind.CROSS_DOCUMENT,
                citations=cited[:1] or tuple(fact.citations[:1]),
                document=report.document.path,
            )


def _flowdown_missing(
    entities: list[dict[str, Any]], results: Iterable[QuestionResult], listing: Evidence
) -> Iterator[Finding]:
    flowdown = next(
        (
            r
            for r in results
            if r.question.evidence is not None
            and (r.question.evidence.kind, r.question.evidence.fact)
            == (EvidenceKind.BAA, "subcontractor_flowdown")
        ),
        None,
    )
    if flowdown is None or flowdown.answer is not False:
        return
    may_see_phi = [
        str(e.get("name"))
        for e in entities
        if not _NO_PERSONAL_DATA.search(str(e.get("data_categories") or ""))
    ]
    if not may_see_phi:
        return
    shown = ", ".join(may_see_phi[:5]) + (
        f" and {len(may_see_phi) - 5} more" if len(may_see_phi) > 5 else ""
    )
    yield Finding(
        severity=Severity.HIGH,
        question_id="cross-check.subcontractor-flowdown",
        title=(
            f"{len(may_see_phi)} subprocessor(s) may see PHI ({shown}) but the BAA does not "
            "flow its terms down to subcontractors"
        ),
        action=(
            "Require the vendor to bind each subprocessor that may receive PHI to the same "
            "restrictions (45 CFR 164.502(e)(1)(ii)), in the BAA itself."
        ),
        answer=False,
        kind=FindingKind.CROSS_DOCUMENT,
        citations=flowdown.citations[:1],
        document=flowdown.document,
    )


def _locations_outside(
    checklist: Checklist,
    entities: list[dict[str, Any]],
    citations: Sequence[Citation],
    listing: Evidence,
) -> Iterator[Finding]:
    allowed = checklist.allowed_locations
    if not allowed:
        return
    from vendor_eval.evidence.subprocessors import split_places

    wanted = {_place_key(place) for place in allowed}
    for entity, citation in zip(entities, citations, strict=False):
        outside = [p for p in split_places(entity.get("location")) if _place_key(p) not in wanted]
        if not outside:
            continue
        yield Finding(
            severity=Severity.MEDIUM,
            question_id="cross-check.processing-location",
            title=(
                f"{entity.get('name')} processes data in {', '.join(outside)}, outside the "
                f"allowed locations ({', '.join(allowed)})"
            ),
            action=(
                "Confirm with the vendor where this subprocessor holds PHI, and get data "
                "residency terms, or a transfer assessment, before sending it PHI."
            ),
            answer=entity.get("location"),
            kind=FindingKind.CROSS_DOCUMENT,
            citations=(citation,),
            document=listing.document.path,
        )


def _place_key(place: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", place.casefold().replace(".", "")).split())


@dataclass(frozen=True)
class HostCheck:
    """Hosts the vendor's requests reached that no listed subprocessor accounts for: as
    findings when the list gives domains to match, otherwise one warning and no finding."""

    findings: list[Finding]
    warning: str | None = None


def unlisted_hosts(
    vendor_evidence: Sequence[Evidence],
    entities: list[dict[str, Any]],
    identity: VendorIdentity,
    listing: Evidence,
) -> HostCheck:
    """A host belongs to a listed subprocessor when it is, or is under, a domain written in
    the subprocessor's row ("d1.cloudfront.net" and "AWS (cloudfront.net)"), or when the
    first label of its registrable domain is the subprocessor's name run together
    ("sendgrid.net" and "SendGrid, Inc."), its first word ("google.com" and "Google Cloud")
    or its initials ("aws.com" and "Amazon Web Services"). The vendor's own domains are
    not subprocessors and are left out."""
    seen = _vendor_hosts(vendor_evidence)
    own = VendorIdentity(identity.domains)
    listed = tuple(
        found.lower()
        for entity in entities
        for cell in entity.values()
        if isinstance(cell, str)
        for found in _DOMAIN_IN_TEXT.findall(cell)
    )
    names = [company_key(str(e.get("name") or "")) for e in entities]
    unlisted: dict[str, tuple[str, Citation | None, Evidence]] = {}
    for host, citation, item in seen:
        domain = registrable_domain(host)
        if own.owns(host) or VendorIdentity(listed).owns(host) or _named(domain, names):
            continue
        unlisted.setdefault(domain, (host, citation, item))
    if not unlisted:
        return HostCheck([])
    if not listed:
        return HostCheck(
            [],
            f"{listing.document.path} gives no domains, so {', '.join(sorted(unlisted))} "
            "(reached by the vendor's requests) could not be matched to a subprocessor by "
            "name; ask the vendor which subprocessor each belongs to",
        )
    findings = [
        Finding(
            severity=Severity.MEDIUM,
            question_id="cross-check.unlisted-host",
            title=(
                f"The vendor's requests reached {host} ({domain}), which belongs to no "
                "subprocessor on the list"
            ),
            action=(
                f"Ask the vendor who operates {domain} and what it receives; if it processes "
                "customer data it belongs on the subprocessor list and under the BAA."
            ),
            answer=host,
            kind=FindingKind.CROSS_DOCUMENT,
            citations=(citation,) if citation is not None else (),
            document=item.document.path,
        )
        for domain, (host, citation, item) in sorted(unlisted.items())
    ]
    return HostCheck(findings)


def subprocessor_host_warning(
    evidence: Sequence[Evidence], vendor: Mapping[str, Any] | None
) -> str | None:
    """What `validate` says when a capture's hosts cannot be checked against a subprocessor
    list that names no domains (the scorecard then raises no finding for them)."""
    listing = _first(evidence, EvidenceKind.SUBPROCESSORS)
    kinds = {item.kind for item in evidence}
    if listing is None or not kinds & {EvidenceKind.HAR, EvidenceKind.SCAN}:
        return None
    from vendor_eval.vendor_identity import scope_to_profile, vendor_identity

    entities = [e for e in listing.value("subprocessors") or [] if isinstance(e, dict)]
    scoped = scope_to_profile(evidence, vendor).evidence
    return unlisted_hosts(scoped, entities, vendor_identity(vendor), listing).warning


def _named(domain: str, names: list[tuple[str, ...]]) -> bool:
    label = domain.split(".", 1)[0]
    return any(
        label in ("".join(words), words[0], "".join(w[0] for w in words))
        for words in names
        if words
    )


def _vendor_hosts(
    vendor_evidence: Sequence[Evidence],
) -> Iterator[tuple[str, Citation | None, Evidence]]:
    """Each host a capture or scan attributes to the vendor, with a citation of a request
    to it. The evidence is already narrowed to the vendor, so another vendor's hosts never
    appear here."""
    for item in vendor_evidence:
        if item.kind == EvidenceKind.HAR:
            fact = item.facts.get("third_party_hosts")
            entries = fact.value if fact is not None and isinstance(fact.value, list) else []
            cited = {c.host: c for c in fact.citations} if fact is not None else {}
            for entry in entries:
                if isinstance(entry, dict) and entry.get("host"):
                    yield str(entry["host"]), cited.get(str(entry["host"])), item
        elif item.kind == EvidenceKind.SCAN:
            for name in ("collection", "phi_signals"):
                fact = item.facts.get(name)
                for citation in fact.citations if fact is not None else ():
                    if citation.host:
                        yield citation.host, citation, item
