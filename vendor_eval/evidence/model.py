"""What an extractor finds: plain data, importable without the rest of the model (a run of
`extract` imports this alone).

The evidence file format that `extract` writes and scoring reads, in JSON form::

    {"kind": "soc2" | "baa" | "har" | "scan",
     "document": {"path": str, "sha256": str, "pages": int | null, ...},
     "facts": {NAME: {"value": V, "citations": [{"page": N, "quote": str}, ...]}},
     "warnings": [str, ...]}

A HAR citation names the request instead of a page: ``{"entry": N, "method": str,
"host": str, "quote": str}``. A Word document has no pages, so its citations name the
paragraph (counted in reading order) and the section heading it falls under:
``{"paragraph": N, "section": str, "quote": str}``. A citation of a page read by OCR adds
``"source": "ocr"`` and Tesseract's ``"confidence"`` (0 to 1) in the words quoted. A fact
that was looked for and not found has value null. A scan citation adds the scenario and the page
the request was made from: ``{"scenario": "after-reject", "url": str, ...}``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

__all__ = ["Citation", "DocumentRef", "Evidence", "EvidenceKind", "Fact"]


class EvidenceKind(StrEnum):
    """What an evidence file was extracted from."""

    SOC2 = "soc2"
    BAA = "baa"
    HAR = "har"
    SUBPROCESSORS = "subprocessors"
    SCAN = "scan"


@dataclass(frozen=True)
class Citation:
    """Where a fact is stated: the words quoted and their place (a page, a paragraph, a
    captured request, a site scan's scenario); fields of other kinds of place stay None."""

    quote: str
    page: int | None = None
    entry: int | None = None
    method: str | None = None
    host: str | None = None
    paragraph: int | None = None
    section: str | None = None
    source: str | None = None  # "ocr" when the words were read from a scanned image
    confidence: float | None = None
    scenario: str | None = None
    url: str | None = None

    def to_dict(self) -> dict[str, Any]:
        cited: dict[str, Any] = {"quote": self.quote}
        for key in _CITATION_KEYS:
            value = getattr(self, key)
            if value is not None:
                cited[key] = value
        return cited

    def document_place(self, page_label: str = "page") -> str | None:
        """Where in its document the quote is, in words ("page 3", "paragraph 12
        (Breach Notification)"), or None for a citation of a request. Untrusted text."""
        if self.page is not None:
            place = f"{page_label} {self.page}"
        elif self.paragraph is not None:
            place = f"paragraph {self.paragraph}"
            if self.section:
                place += f" ({self.section})"
        else:
            return None
        if self.source == "ocr":
            sure = f", {self.confidence:.0%} confidence" if self.confidence is not None else ""
            place += f" (read by OCR{sure})"
        return place

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Citation:
        return cls(
            quote=data["quote"],
            page=data.get("page"),
            entry=data.get("entry"),
            method=data.get("method"),
            host=data.get("host"),
            paragraph=data.get("paragraph"),
            section=data.get("section"),
            source=data.get("source"),
            confidence=data.get("confidence"),
            scenario=data.get("scenario"),
            url=data.get("url"),
        )


_CITATION_KEYS = (
    "page",
    "entry",
    "method",
    "host",
    "paragraph",
    "section",
    "source",
    "confidence",
    "scenario",
    "url",
)


@dataclass
class Fact:
    """One thing an extractor looked for: its value (None when the document does not say)
    and the citations that state it."""

    value: Any
    citations: list[Citation] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"value": self.value, "citations": [c.to_dict() for c in self.citations]}


@dataclass
class DocumentRef:
    """The document the evidence was read from; its SHA-256 tells `validate` whether it
    changed since. `extra` holds what else the file records of it (extracted_on...)."""

    path: str
    sha256: str
    pages: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {**self.extra, "path": self.path, "sha256": self.sha256, "pages": self.pages}


@dataclass
class Evidence:
    """What one extraction found in one document: the evidence file, read or to be written."""

    kind: EvidenceKind
    document: DocumentRef
    facts: dict[str, Fact] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    source: str | None = None  # where this evidence file was read from, if it was

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": str(self.kind),
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
            kind=EvidenceKind(data["kind"]),
            document=ref,
            facts=facts,
            warnings=list(data.get("warnings") or []),
            source=source,
        )
