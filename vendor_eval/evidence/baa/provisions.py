"""The HHS sample business associate provisions: for each, the topic a clause must
name and the construction that makes it the provision.
"""

from __future__ import annotations

from dataclasses import dataclass

from vendor_eval.evidence.baa.vocabulary import (
    AT_THE_END,
    BOOKS,
    DISPOSAL_OF_PHI,
    FLOW_DOWN,
    PHI,
    REPORTING,
    RETURN_OR_DESTROY,
    SECRETARY,
    SUBCONTRACTOR,
    USES_LIMITED,
    rx,
)
from vendor_eval.evidence.literals import Prefiltered

# PHI deleted, purged or returned when the agreement ends, in words other than "return or
# destroy": a sentence that matches both.
DISPOSED_OF_AT_THE_END = (DISPOSAL_OF_PHI, AT_THE_END)


def disposes_of_phi_at_the_end(text: str) -> bool:
    return all(pattern.search(text) for pattern in DISPOSED_OF_AT_THE_END)


@dataclass(frozen=True)
class Provision:
    """One provision of the HHS sample BAA and how to recognise it in a sentence."""

    id: str
    summary: str
    pattern: Prefiltered
    also: Prefiltered | None = None  # a second pattern the same sentence must match
    # another wording, in patterns the same sentence must all match: it counts instead of
    # the two above
    or_else: tuple[Prefiltered, ...] = ()

    def in_sentence(self, text: str) -> bool:
        if self.pattern.search(text) and (self.also is None or self.also.search(text)):
            return True
        return bool(self.or_else) and all(pattern.search(text) for pattern in self.or_else)

    @property
    def needs(self) -> int:
        """The bits (`literals.admitted`) of which a sentence must admit one to carry it."""
        return self.pattern.bit | (self.or_else[0].bit if self.or_else else 0)


# The HHS/OCR sample provisions (2013) that every BAA is expected to carry; the optional
# ones (data aggregation, management and administration, covered entity notices) are
# left out because their absence is no defect.
HHS_PROVISIONS = (
    Provision(
        "limits-on-use-and-disclosure",
        "no use or disclosure beyond what the agreement permits or the law requires",
        rx(
            r"\bnot\s+(?:to\s+)?use\s+(?:or|and|and/or)\s+(?:further\s+)?(?:disclose|share)\b[^.]*"
            r"\b(?:other\s+than|except|in\s+any\s+other\s+(?:way|manner))\b"
        ),
    ),
    Provision(
        "safeguards",
        "appropriate safeguards and Security Rule (Subpart C) compliance",
        rx(r"\bsafeguards?\b|\bsubpart\s+c\b|164\.3\d\d"),
    ),
    Provision(
        "report-improper-use",
        "report uses or disclosures the agreement does not provide for",
        rx(
            r"\buses?\s+(?:and|or)\s+disclosures?\b[^.]{0,120}\bnot\s+(?:provided|permitted|authori"
            r"|allow)"
        ),
        REPORTING,
    ),
    Provision(
        "report-breaches",
        "report breaches of unsecured PHI (45 CFR 164.410)",
        rx(r"\bbreach(?:es)?\s+of\s+unsecured\b|164\.410|\bbreach(?:es)?\b"),
        REPORTING,
    ),
    Provision(
        "report-security-incidents",
        "report security incidents",
        rx(r"\bsecurity\s+incidents?\b"),
        REPORTING,
    ),
    Provision(
        "subcontractor-flowdown",
        "subcontractors agree to the same restrictions and conditions",
        FLOW_DOWN,
        SUBCONTRACTOR,
    ),
    Provision(
        "individual-access",
        "make PHI available for individuals' access (45 CFR 164.524)",
        rx(
            r"164\.524|\bdesignated\s+record\s+sets?\b[^.]*\baccess\b|\baccess\b[^.]*\bdesignated"
            r"\s+record\s+sets?\b|\bright\s+(?:of|to)\s+access\b"
            # "if a patient asks to see their records"
            r"|\b(?:individuals?|patients?|members?|people)\b[^.]{0,40}\b(?:access|see|inspect"
            r"|view|obtain\s+(?:a\s+)?cop(?:y|ies)\s+of)\b[^.]{0,30}\b(?:their|his\s+or\s+her)\s+"
            r"(?:own\s+)?(?:information|records?|data|" + PHI + r")\b"
        ),
    ),
    Provision(
        "amendment",
        "amend PHI as directed (45 CFR 164.526)",
        rx(
            r"164\.526|\bamendments?\s+(?:to|of)\s+(?:the\s+)?(?:" + PHI + r"|records?)\b"
            r"|\bamend\s+(?:the\s+)?" + PHI + r"|\bamend\w*\b[^.]*\bdesignated\s+record\s+set"
            r"|\b(?:individuals?|patients?|members?|people)\b[^.]{0,40}\b(?:amend|correct)\w*"
            r"\b[^.]{0,30}\b(?:their|his\s+or\s+her)\s+(?:own\s+)?(?:information|records?|data"
            r"|" + PHI + r")\b"
        ),
    ),
    Provision(
        "accounting-of-disclosures",
        "information for an accounting of disclosures (45 CFR 164.528)",
        rx(
            r"164\.528|\baccounting\s+of\s+(?:such\s+)?disclosures\b|\baccount\s+for\s+"
            r"(?:\w+\s+){0,3}?disclosures\b"
        ),
    ),
    Provision(
        "privacy-rule-obligations",
        "comply with Subpart E when carrying out the covered entity's obligations",
        rx(r"\bsubpart\s+e\b|\bobligations?\b[^.]{0,80}\bprivacy\s+rule\b"),
    ),
    Provision(
        "books-and-records",
        "books and records available to the Secretary of HHS",
        SECRETARY,
        BOOKS,
    ),
    Provision(
        "permitted-uses",
        "states the purposes for which PHI may be used or disclosed",
        rx(
            r"\bpermitted\s+uses\b|\b(?:may|permitted\s+to)\s+(?:only\s+|solely\s+)?use\s+"
            r"(?:and|or|and/or)\s+disclose\b|" + USES_LIMITED.pattern
        ),
    ),
    Provision(
        "required-by-law",
        "uses and disclosures required by law",
        rx(r"\brequired\s+by\s+(?:applicable\s+)?law\b|\b(?:the\s+)?law\s+requires\b"),
    ),
    Provision(
        "minimum-necessary",
        "minimum necessary",
        rx(r"\bminimum\s+necessary\b"),
    ),
    Provision(
        "termination-for-cause",
        "covered entity may terminate if the business associate violates a material term",
        rx(r"\bterminat\w*|\bend\s+(?:this|the)\s+(?:agreement|addendum|baa|contract)\b"),
        rx(
            r"\bmaterial\s+(?:term|breach|violation)|\bfor\s+cause\b|\bviolat\w*|\bbreach\w*"
            r"|\b(?:breaks?|broken?)\b[^.]{0,60}\b(?:cure|fix|remedy)"
        ),
    ),
    Provision(
        "return-or-destroy",
        "return or destroy PHI when the agreement ends",
        RETURN_OR_DESTROY,
        or_else=DISPOSED_OF_AT_THE_END,
    ),
    Provision(
        "survival",
        "obligations survive termination",
        rx(r"\bsurviv\w*"),
    ),
)
