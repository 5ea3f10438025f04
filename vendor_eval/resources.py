"""Package data (checklists, JSON Schemas), read through the package's own loader so that
an installed wheel works from any folder.

A file is read with `pkgutil.get_data`, which asks that loader directly; only listing the
built-in checklists needs `importlib.resources`, whose import costs several times what an
`extract` spends reading its data (issue 16: start-up)."""

from __future__ import annotations

import json
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable


@cache
def json_schema(name: str) -> dict[str, Any]:
    """A shipped JSON Schema by file stem, e.g. `evidence` for schemas/evidence.schema.json."""
    schema: dict[str, Any] = json.loads(package_text("schemas", f"{name}.schema.json"))
    return schema


def builtin_checklists() -> dict[str, Traversable]:
    """Built-in checklist files by name (file stem)."""
    from importlib import resources

    folder = resources.files("vendor_eval") / "checklists"
    return {
        entry.name.rsplit(".", 1)[0]: entry
        for entry in folder.iterdir()
        if entry.name.endswith((".yaml", ".yml"))
    }


def package_text(*parts: str) -> str:
    """A UTF-8 data file shipped inside the package, e.g. ("evidence", "trackers.yaml")."""
    import pkgutil

    data = pkgutil.get_data("vendor_eval", "/".join(parts))
    if data is None:  # pragma: no cover - only a loader that cannot read files says None
        raise FileNotFoundError(f"vendor_eval/{'/'.join(parts)}")
    return data.decode("utf-8")
