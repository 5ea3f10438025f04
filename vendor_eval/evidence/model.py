"""The evidence file format that `extract` writes and scoring reads.

In JSON form::

    {"kind": "soc2" | "baa" | "har",
     "document": {"path": str, "sha256": str, "pages": int | null, ...},
     "facts": {NAME: {"value": V, "citations": [{"page": N, "quote": str}, ...]}},
     "warnings": [str, ...]}

A HAR citation names the request instead of a page: ``{"entry": N, "method": str,
"host": str, "quote": str}``. A fact that was looked for and not found has value null.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

EVIDENCE_KINDS = ("soc2", "baa", "har")


@dataclass(frozen=True)
class Citation:
    quote: str
    page: int | None = None
    entry: int | None = None
    method: str | None = None
    host: str | None = None

    def to_dict(self) -> dict[str, Any]:
        cited: dict[str, Any] = {"quote": self.quote}
        for key in ("page", "entry", "method", "host"):
            value = getattr(self, key)
            if value is not None:
                cited[key] = value
        return cited

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Citation:
        return cls(
            quote=data["quote"],
            page=data.get("page"),
            entry=data.get("entry"),
            method=data.get("method"),
            host=data.get("host"),
        )


@dataclass
class Fact:
    value: Any
    citations: list[Citation] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"value": self.value, "citations": [c.to_dict() for c in self.citations]}


@dataclass
class DocumentRef:
    path: str
    sha256: str
    pages: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {**self.extra, "path": self.path, "sha256": self.sha256, "pages": self.pages}


@dataclass
class Evidence:
    kind: str
    document: DocumentRef
    facts: dict[str, Fact] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    source: str | None = None  # where this evidence file was read from, if it was

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "document": self.document.to_dict(),
            "facts": {name: self.facts[name].to_dict() for name in sorted(self.facts)},
            "warnings": list(self.warnings),
        }

    def value(self, name: str) -> Any:
        fact = self.facts.get(name)
        return None if fact is None else fact.value

    @classmethod
    def from_dict(cls, data: dict[str, Any], *, source: str | None = None) -> Evidence:
        document = dict(data["document"])
        ref = DocumentRef(
            path=document.pop("path"),
            sha256=document.pop("sha256"),
            pages=document.pop("pages", None),
            extra=document,
        )
        facts = {
            name: Fact(
                value=raw.get("value"),
                citations=[Citation.from_dict(c) for c in raw.get("citations") or []],
            )
            for name, raw in (data.get("facts") or {}).items()
        }
        return cls(
            kind=data["kind"],
            document=ref,
            facts=facts,
            warnings=list(data.get("warnings") or []),
            source=source,
        )


def sha256_of(path: str | Path, chunk_size: int = 1 << 20) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(chunk_size):
            digest.update(chunk)
    return digest.hexdigest()
