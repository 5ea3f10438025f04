"""Package data (checklists, JSON Schemas), read through importlib.resources so that an
installed wheel works from any folder."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any


def _package() -> Traversable:
    return resources.files("vendor_eval")


@cache
def json_schema(name: str) -> dict[str, Any]:
    """A shipped JSON Schema by file stem, e.g. `evidence` for schemas/evidence.schema.json."""
    text = (_package() / "schemas" / f"{name}.schema.json").read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def builtin_checklists() -> dict[str, Traversable]:
    """Built-in checklist files by name (file stem)."""
    folder = _package() / "checklists"
    return {
        entry.name.rsplit(".", 1)[0]: entry
        for entry in folder.iterdir()
        if entry.name.endswith((".yaml", ".yml"))
    }


def package_text(*parts: str) -> str:
    """A UTF-8 data file shipped inside the package, e.g. ("evidence", "trackers.yaml")."""
    entry = _package()
    for part in parts:
        entry = entry / part
    return entry.read_text(encoding="utf-8")
