"""`extract_har`: a capture read as a stream, every request analysed, into an `Evidence`."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from vendor_eval.evidence.har.analysis import Analysis, HarOptions
from vendor_eval.evidence.har.catalogue import load_catalogue, load_health_terms
from vendor_eval.evidence.har.entries import read_request
from vendor_eval.evidence.har.identity import Redactor
from vendor_eval.evidence.har.stream import HarError, HarMeta, iter_entries
from vendor_eval.evidence.model import DocumentRef, Evidence, EvidenceKind, Fact
from vendor_eval.fileio import sha256_of


def extract_har(path: str | Path, options: HarOptions) -> Evidence:
    """Read a HAR capture and return its data-flow evidence. Raises HarError (an
    InputError) when nothing could be read; smaller problems become warnings."""
    analysis = Analysis(options, load_catalogue(), load_health_terms(options.health_terms_file))
    meta = HarMeta()
    entries = iter_entries(path, meta)
    index = 0
    try:
        for index, entry in enumerate(entries):
            request = read_request(index, entry, analysis.warnings)
            if request is not None:
                analysis.add(request)
    except HarError as exc:
        if analysis.requests == 0:
            raise
        # A capture cut short (a crash while saving) still shows where data went.
        analysis.warnings.add(
            f"reading stopped after entry {index}: {exc.message}; "
            "the facts cover the entries before that point"
        )
        meta.sha256 = sha256_of(path)
    analysis.finish_redirects()
    if meta.entries == 0:
        raise HarError(
            "the capture has no requests; record again with DevTools' Network panel open "
            "(tick 'Preserve log') and load the pages before saving",
            path=str(path),
        )
    if analysis.requests == 0:
        raise HarError(
            f"none of the {meta.entries} entries is a readable web request; "
            "is this a HAR capture from a browser?",
            path=str(path),
        )
    missing = analysis.site_missing(meta.page_hosts)
    if missing:
        raise HarError(analysis.redact.text(missing), path=str(path))
    if meta.replaced_bytes:
        analysis.warnings.add("the file holds bytes that are not UTF-8; they were replaced")
    document = DocumentRef(
        path=str(path),
        sha256=meta.sha256,
        pages=None,
        extra={
            "entries": meta.entries,
            "requests": analysis.requests,
            "sites": list(analysis.sites),
            "recorded_pages": meta.pages,
            **({"creator": analysis.redact.text(meta.creator)} if meta.creator else {}),
        },
    )
    facts = {
        name: _hosts_masked(fact, analysis.redact)
        for name, fact in analysis.facts().items()  # before the warnings: they can add some
    }
    warnings = [analysis.redact.text(w) for w in analysis.warnings.render()]
    return Evidence(kind=EvidenceKind.HAR, document=document, facts=facts, warnings=warnings)


_HOST_KEYS = ("host", "domain", "hosts", "domains")


def _hosts_masked(fact: Fact, redact: Redactor) -> Fact:
    """The fact with every host name it holds passed through the redactor: a label can
    carry a canary (hex, base32) as well as any payload can."""

    def masked(value: Any, key: str = "") -> Any:
        if isinstance(value, str):
            return redact.host(value) if key in _HOST_KEYS else value
        if isinstance(value, dict):
            return {k: masked(v, k) for k, v in value.items()}
        if isinstance(value, list):
            return [masked(item, key) for item in value]
        return value

    citations = [
        dataclasses.replace(c, host=redact.host(c.host)) if c.host else c for c in fact.citations
    ]
    return Fact(masked(fact.value), citations)
