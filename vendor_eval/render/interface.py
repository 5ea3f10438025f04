"""What every renderer shares: the one registry of output formats, and the text cleaning
and wording applied to anything a vendor or an analyst wrote. What a scorecard and a
comparison contain is in `outline`.

A renderer module offers some of three pure functions, each returning the whole output:
``report(assessment)``, ``summary(assessments, fail_under)`` and
``comparison(assessments)``.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from vendor_eval.answer_types import answer_label
from vendor_eval.errors import UsageError
from vendor_eval.model import SEVERITIES, Assessment, Citation, EvidenceStatus, QuestionResult
from vendor_eval.safe_text import strip_control

# Untrusted text longer than this is clipped in tables; the JSON output keeps all of it.
CELL_LIMIT = 300


@dataclass(frozen=True)
class Format:
    name: str
    module: str
    documents: tuple[str, ...]  # which of "report", "summary", "comparison" it renders
    help: str


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("table", "vendor_eval.render.terminal", ("summary", "comparison"), "rich table"),
        Format("markdown", "vendor_eval.render.markdown", ("report", "comparison"), "GFM"),
        Format("html", "vendor_eval.render.html", ("report", "comparison"), "printable HTML"),
        Format("json", "vendor_eval.render.json", ("report", "summary", "comparison"), "JSON"),
    )
}


def format_choices(document: str) -> type[StrEnum]:
    """The formats that can render a document, as an enum the CLI offers as choices."""
    names = [name for name, f in FORMATS.items() if document in f.documents]
    return StrEnum(f"{document.title()}Format", {name: name for name in names})  # type: ignore[return-value]


def render(fmt: str, document: str, *args: Any) -> str:
    spec = FORMATS.get(fmt)
    if spec is None or document not in spec.documents:
        raise UsageError(f"format {fmt!r} cannot render a {document}")
    module = importlib.import_module(spec.module)
    text: str = getattr(module, document)(*args)
    return text


def clean(value: Any, limit: int = CELL_LIMIT) -> str:
    """Untrusted text made safe to place anywhere: one line, no control characters or
    escape sequences, clipped to `limit` characters."""
    text = " ".join(strip_control(str(value)).split())
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text


def figure(value: float) -> str:
    return f"{value:.1f}"


def answer_text(result: QuestionResult) -> str:
    return clean(answer_label(result.question, result.answer))


def points_text(result: QuestionResult) -> str:
    if not result.counted:
        return "info"
    return f"{result.points:g} / {result.max_points:g}"


def citation_text(citation: Citation, limit: int = CELL_LIMIT) -> str:
    place = citation.document_place("p.")
    if place is not None:
        where = clean(place)
    elif citation.entry is not None:
        # A scan numbers requests per scenario: the scenario says which HAR to look in.
        where = " ".join(
            clean(part)
            for part in (
                citation.scenario,
                f"request {citation.entry}",
                citation.method,
                citation.host,
            )
            if part
        )
    else:
        where = ""
    quote = clean(citation.quote, limit)
    return f"{where}: “{quote}”" if where else f"“{quote}”"


def evidence_text(result: QuestionResult) -> str:
    """The evidence behind an answer: what it says (when it differs) and its first citation;
    or why a capture says nothing about this vendor."""
    if result.evidence_value is None:
        return clean(result.evidence_note, 200) if result.evidence_note else ""
    parts = []
    if result.status == EvidenceStatus.CONTRADICTED:
        parts.append(f"evidence says {clean(answer_label(result.question, result.evidence_value))}")
    if result.document:
        parts.append(clean(result.document, 120))
    if result.citations:
        parts.append(citation_text(result.citations[0]))
    return "; ".join(parts)


def profile_name(assessment: Assessment) -> str:
    # The file name, not the path as typed, so that output does not depend on the folder.
    return Path(assessment.profile_path).name


def finding_counts_text(assessment: Assessment) -> str:
    counts = assessment.finding_counts()
    return " · ".join(f"{counts[s]} {s}" for s in SEVERITIES)


def same_checklist(assessments: Sequence[Assessment]) -> None:
    """Comparisons need one checklist; otherwise the rows would not line up."""
    hashes = {a.checklist.sha256 for a in assessments}
    if len(hashes) > 1:
        names = ", ".join(sorted({f"{a.checklist.id} ({a.profile_path})" for a in assessments}))
        raise UsageError(
            f"profiles use different checklists ({names}); pass --checklist to compare them "
            "against one"
        )
