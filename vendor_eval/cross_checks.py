"""Findings that no single document raises but two documents of one vendor do together:
a SOC 2 subservice organisation missing from the subprocessor list, subprocessors that
may see PHI while the BAA has no subcontractor flow-down, and processing locations
outside the ones the checklist allows.

Pure: reads evidence and question results already computed by scoring.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
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

# Words that differ between how one company is named in two documents.
_LEGAL_WORDS = frozenset(
    {"inc", "incorporated", "llc", "ltd", "limited", "corp", "corporation", "co", "company"}
    | {"gmbh", "ag", "sa", "bv", "nv", "plc", "pty", "lp", "llp", "sarl", "sas", "srl", "the"}
)
# A subprocessor whose data column says this sees no personal data, so no PHI.
_NO_PERSONAL_DATA = re.compile(r"\b(?:no|none|not)\b.*\b(?:personal|customer|phi)\b|^none$", re.I)


def cross_document_findings(
    checklist: Checklist, evidence: Sequence[Evidence], results: Iterable[QuestionResult]
) -> list[Finding]:
    listing = _first(evidence, EvidenceKind.SUBPROCESSORS)
    if listing is None:
        return []
    entities = [e for e in listing.value("subprocessors") or [] if isinstance(e, dict)]
    citations = listing.facts["subprocessors"].citations if entities else []
    findings = list(_subservice_missing(evidence, entities, listing))
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
