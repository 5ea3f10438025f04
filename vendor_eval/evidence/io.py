"""Reading and writing evidence files (YAML or JSON, same shape)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from vendor_eval.errors import InputError
from vendor_eval.evidence.model import Evidence

EVIDENCE_FORMATS = ("yaml", "json")
MAX_EVIDENCE_BYTES = 20 * 1024 * 1024


# Each format's writer is imported when that format is written: PyYAML alone is about
# 10 ms of an `extract -f json` that never writes YAML (issue 16: start-up).
def dump_evidence(evidence: Evidence, fmt: str) -> str:
    data = evidence.to_dict()
    if fmt == "json":
        from vendor_eval.jsonio import dump_json

        return dump_json(data)
    from vendor_eval.yamlio import dump_yaml

    return dump_yaml(data)


def load_evidence(path: str | Path) -> Evidence:
    """Read and validate an evidence file written by `extract` (or by hand)."""
    import jsonschema

    from vendor_eval import yamlio
    from vendor_eval.resources import json_schema

    document = yamlio.load_file(path, max_bytes=MAX_EVIDENCE_BYTES)
    validator = jsonschema.Draft202012Validator(json_schema("evidence"))
    error = jsonschema.exceptions.best_match(validator.iter_errors(document.data))
    if error is not None:
        mark = document.mark_for(tuple(error.absolute_path))
        # Never the file's own words: a link can name any file in the tree (a .env, a
        # key), and this message reaches CI logs. Only what the format expected, and where.
        raise yamlio.YamlError(
            f"not a vendor-eval evidence file ({_expected(error)} at line {mark.line}, "
            f"column {mark.column})",
            path=str(path),
            mark=mark,
            rule="evidence-schema",
        )
    if not isinstance(document.data, dict):  # pragma: no cover - the schema says object
        raise InputError("not a vendor-eval evidence file", path=str(path))
    return Evidence.from_dict(document.data, source=str(path))


def _expected(error: Any) -> str:
    """What the evidence format wanted where a file differs from it, in the schema's
    terms only."""
    if error.validator == "required" and isinstance(error.instance, dict):
        missing = [key for key in error.validator_value if key not in error.instance]
        return "missing " + ", ".join(repr(key) for key in missing)
    if error.validator == "type":
        wanted = error.validator_value
        return "expected " + (" or ".join(wanted) if isinstance(wanted, list) else str(wanted))
    if error.validator in ("enum", "const"):
        return "a value that is not allowed"
    if error.validator == "additionalProperties":
        return "an unknown key"
    return f"a value that breaks the format's {error.validator!r} rule"
