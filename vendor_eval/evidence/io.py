"""Reading and writing evidence files (YAML or JSON, same shape)."""

from __future__ import annotations

from pathlib import Path

from vendor_eval import yamlio
from vendor_eval.errors import InputError
from vendor_eval.jsonio import dump_json
from vendor_eval.model import Evidence
from vendor_eval.resources import json_schema

EVIDENCE_FORMATS = ("yaml", "json")
MAX_EVIDENCE_BYTES = 20 * 1024 * 1024


def dump_evidence(evidence: Evidence, fmt: str) -> str:
    data = evidence.to_dict()
    if fmt == "json":
        return dump_json(data)
    return yamlio.dump_yaml(data)


def load_evidence(path: str | Path) -> Evidence:
    """Read and validate an evidence file written by `extract` (or by hand)."""
    import jsonschema

    document = yamlio.load_file(path, max_bytes=MAX_EVIDENCE_BYTES)
    validator = jsonschema.Draft202012Validator(json_schema("evidence"))
    error = jsonschema.exceptions.best_match(validator.iter_errors(document.data))
    if error is not None:
        mark = document.mark_for(tuple(error.absolute_path))
        where = "/".join(str(p) for p in error.absolute_path) or "top level"
        raise yamlio.YamlError(
            f"not a vendor-eval evidence file ({where}: {error.message})",
            path=str(path),
            mark=mark,
            rule="evidence-schema",
        )
    if not isinstance(document.data, dict):  # pragma: no cover - the schema says object
        raise InputError("not a vendor-eval evidence file", path=str(path))
    return Evidence.from_dict(document.data, source=str(path))
