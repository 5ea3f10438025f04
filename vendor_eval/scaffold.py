"""The text of a new profile. Pure: returns a string."""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata

from vendor_eval.answer_types import answer_type
from vendor_eval.model import Checklist


def slugify(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    return slug[:60].strip("-") or "vendor"


def _quoted(text: str) -> str:
    # JSON strings are valid YAML scalars and escape everything a name might contain.
    return json.dumps(text, ensure_ascii=False)


def profile_skeleton(
    vendor: str,
    checklist: Checklist,
    *,
    checklist_ref: str,
    today: dt.date,
    schema_ref: str,
    domains: tuple[str, ...] = (),
    tracker: str | None = None,
) -> str:
    """A new profile: vendor and assessment filled in, every question a commented-out
    line; removing the leading "# " of a line makes it live YAML."""
    lines = [f"# yaml-language-server: $schema={schema_ref}"]
    lines += [
        "# Uncomment and answer each question; leave unknowns commented out.",
        "vendor:",
        f"  name: {_quoted(' '.join(vendor.split()))}",
        *identity_lines(domains, tracker),
        "",
        "assessment:",
        f"  checklist: {_quoted(checklist_ref)}",
        f'  as_of: "{today.isoformat()}"',
        '  assessor: ""  # who gathered the answers',
        "  status: draft",
        "  # The review record, once the review board has decided:",
        "  # reviewer:  # who signs the decision",
        "  # decision:  # approved | approved-with-conditions | rejected",
        "  # conditions: []  # required with approved-with-conditions",
        '  # decided_on: "YYYY-MM-DD"',
        '  # next_review: "YYYY-MM-DD"',
    ]
    current_section = None
    for section in checklist.sections:
        for question in section.questions:
            *parents, leaf = question.path
            if parents and parents[0] != current_section:
                current_section = parents[0]
                lines += ["", f"## {section.title}", f"# {current_section}:"]
            indent = "  " * (len(parents) - 1) if parents else ""
            choices = answer_type(question).skeleton_hint(question)
            hint = f"  # {question.prompt}" + (f" ({choices})" if choices else "")
            lines.append(f"#   {indent}{leaf}:{hint}")
    lines += [
        "",
        'sources: []  # - {title: ..., url: https://..., date: "YYYY-MM-DD",'
        " supports: [baa.offered]}",
        "evidence: []   # - {path: vendor.soc2.evidence.yaml}  (written by `vendor-eval extract`)",
        "",
    ]
    return "\n".join(lines)


def identity_lines(domains: tuple[str, ...], tracker: str | None) -> list[str]:
    """The vendor's `domains` (and `tracker`) lines; commented out, with an example, when
    not known yet."""
    why = "  # a browser capture's requests to these hosts are the vendor's"
    if not domains:
        return [f"  # domains: [vendor.example]{why}"]
    lines = [f"  domains: [{', '.join(_quoted(d) for d in domains)}]{why}"]
    if tracker:
        lines.append(f"  tracker: {_quoted(tracker)}  # its id in the HAR tracker catalogue")
    return lines
