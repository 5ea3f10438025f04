"""What kind of document a text reads as, for the warning when one kind is given to the
other's extractor (a SOC report to `extract baa`, an agreement to `extract soc2`).

Each kind is known by phrases that documents of that kind use and the other kind seldom
does; a text reads as a kind when it uses at least two different ones of them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from vendor_eval.evidence.model import EvidenceKind

SIGNS: dict[EvidenceKind, dict[str, str]] = {
    EvidenceKind.SOC2: {
        "a SOC report title": (
            r"\bSOC\s*(?:1|2|3|one|two|three)\b|\bservice\s+organi[sz]ation\s+controls?\b"
        ),
        "a service auditor": r"\bservice\s+auditor",
        "the trust services criteria": r"\btrust\s+services?\s+(?:criteria|principles)",
        "a description of the system": r"\bdescription\s+of\s+(?:the\s+|its\s+)?system\b",
        "management's assertion": r"\bmanagement['’]?s\s+assertion",
        "complementary user entity controls": r"\bcomplementary\s+user\s+entity\s+controls?",
        "tests of controls": r"\btests?\s+of\s+(?:operating\s+effectiveness|controls)\b",
    },
    EvidenceKind.BAA: {
        "a business associate": r"\bbusiness\s+associates?\b",
        "a covered entity": r"\bcovered\s+entit(?:y|ies)\b",
        "protected health information": r"\bprotected\s+health\s+information\b|\bPHI\b",
        "the HIPAA rules": r"\b45\s+C\.?F\.?R\.?|\bHIPAA\b|\bHITECH\b",
        "breach notification": (
            r"\bbreach(?:es)?\s+of\s+unsecured\b|\bnotif\w+\s+of\s+(?:a\s+)?breach"
        ),
    },
}
MIN_SIGNS = 2
NAMES = {EvidenceKind.SOC2: "a SOC report", EvidenceKind.BAA: "a business associate agreement"}
COMMANDS = {
    EvidenceKind.SOC2: "vendor-eval extract soc2",
    EvidenceKind.BAA: "vendor-eval extract baa",
}

_COMPILED = {
    kind: {name: re.compile(pattern, re.I) for name, pattern in signs.items()}
    for kind, signs in SIGNS.items()
}


def signs_of(kind: EvidenceKind, texts: Iterable[str]) -> list[str]:
    """The names of the signs of `kind` that the texts show, in the vocabulary's order."""
    found: set[str] = set()
    patterns = _COMPILED[kind]
    for text in texts:
        found.update(
            name for name, pattern in patterns.items() if name not in found and pattern.search(text)
        )
        if len(found) == len(patterns):
            break
    return [name for name in patterns if name in found]


def reads_as(kind: EvidenceKind, texts: Iterable[str]) -> str | None:
    """The warning to give when the texts read as `kind`, or None."""
    signs = signs_of(kind, texts)
    if len(signs) < MIN_SIGNS:
        return None
    shown = ", ".join(signs[:3])
    return (
        f"this reads as {NAMES[kind]} (it speaks of {shown}); "
        f"if it is one, read it with `{COMMANDS[kind]}`"
    )
