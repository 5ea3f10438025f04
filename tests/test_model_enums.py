"""The fixed vocabularies (severity, evidence status, finding kind, evidence kind) are
enums in the model; the shipped schemas list the same values, and files get plain text."""

from __future__ import annotations

import json

import yaml

from vendor_eval.evidence.io import dump_evidence
from vendor_eval.model import (
    SEVERITIES,
    DocumentRef,
    Evidence,
    EvidenceKind,
    EvidenceStatus,
    FindingKind,
    Severity,
)
from vendor_eval.resources import json_schema


def test_shipped_schemas_list_the_same_values_as_the_enums():
    report = json_schema("report")["$defs"]
    assert report["severity"]["enum"] == list(Severity)
    assert report["status"]["enum"] == list(EvidenceStatus)
    assert report["finding"]["properties"]["kind"]["enum"] == list(FindingKind)
    checklist = json_schema("checklist")["$defs"]
    assert checklist["severity"]["enum"] == list(Severity)
    assert checklist["evidence_link"]["properties"]["kind"]["enum"] == list(EvidenceKind)
    assert json_schema("evidence")["properties"]["kind"]["enum"] == list(EvidenceKind)


def test_severities_run_from_most_to_least_urgent():
    assert SEVERITIES == (Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM, Severity.LOW)


def test_evidence_files_hold_the_kind_as_plain_text_and_read_it_back_as_the_enum():
    evidence = Evidence(EvidenceKind.BAA, DocumentRef(path="baa.pdf", sha256="0" * 64))
    written = dump_evidence(evidence, "yaml")
    assert "kind: baa\n" in written and "!!python" not in written
    assert json.loads(dump_evidence(evidence, "json"))["kind"] == "baa"
    again = Evidence.from_dict(yaml.safe_load(written))
    assert again.kind is EvidenceKind.BAA
