"""One vocabulary: every value an extractor writes for a fact that a checklist question
reads is one of that question's option ids (or is mapped to one in the checklist), and
every option the evidence can stand for is reached by some value."""

from __future__ import annotations

import pytest

from vendor_eval.checklist import load_checklist
from vendor_eval.evidence.baa.vocabulary import FACT_VALUES as BAA_VALUES
from vendor_eval.evidence.har.vocabulary import FACT_VALUES as HAR_VALUES
from vendor_eval.evidence.soc2.vocabulary import FACT_VALUES as SOC2_VALUES
from vendor_eval.evidence_answers import evidence_answer
from vendor_eval.model import DocumentRef, Evidence, EvidenceKind, Fact

CHECKLIST = load_checklist("healthcare-analytics")
WRITTEN = {
    EvidenceKind.BAA: BAA_VALUES,
    EvidenceKind.SOC2: SOC2_VALUES,
    EvidenceKind.HAR: HAR_VALUES,
}
WORD_TYPES = ("boolean", "choice", "multi-choice")

# Values that say nothing about the answer, on purpose, and why.
NO_OPINION = {
    ("baa.offered", False): "a document that is not a BAA says nothing of whether one is signed",
    ("data_flow.phi_in_payloads", "empty"): "no health context seen is not proof it is filtered",
}
# Options no document or capture can show, and why.
NOT_FROM_EVIDENCE = {
    ("baa.offered", False): "refusing to sign is not written in an agreement",
    ("soc2.type", "none"): "a report never says that there is no report",
    ("soc2.subservice_method", "none"): "reports name the method only when there are some",
    ("data_flow.phi_in_payloads", "prevented"): "a capture cannot show what was never sent",
    ("data_flow.phi_in_payloads", "possible"): "a capture shows what was sent, not what may be",
}

LINKS = [
    (question, link)
    for question in CHECKLIST.questions
    if question.type in WORD_TYPES
    for link in question.evidence_links
    if link.kind in WRITTEN
]


def _written(link) -> list[object]:
    if link.test == "nonempty":
        return ["nonempty", "empty"]
    return list(WRITTEN[link.kind][link.fact])


def _answer(question, link, value):
    """What the question's evidence link makes of one written value."""
    if link.test == "nonempty":
        fact_value: object = [{"host": "x"}] if value == "nonempty" else []
    elif question.type == "multi-choice":
        fact_value = [value]
    else:
        fact_value = value
    evidence = Evidence(
        kind=link.kind,
        document=DocumentRef("doc", "0" * 64),
        facts={link.fact: Fact(fact_value)},
    )
    found = evidence_answer(question, [evidence])
    return None if found is None else [found.value, *found.alternatives]


def test_every_word_fact_a_question_reads_declares_the_values_written():
    assert LINKS
    for question, link in LINKS:
        if link.test != "nonempty":
            assert link.fact in WRITTEN[link.kind], f"{link.kind} {link.fact} ({question.id})"


@pytest.mark.parametrize(
    ("question", "link", "value"),
    [(q, link, v) for q, link in LINKS for v in _written(link)],
    ids=lambda item: getattr(item, "id", None) or str(item),
)
def test_every_value_written_is_an_option_or_mapped(question, link, value):
    answers = _answer(question, link, value)
    if (question.id, value) in NO_OPINION:
        assert answers is None
        return
    assert answers, f"{link.kind} writes {value!r} for {link.fact}; {question.id} cannot read it"
    for answer in answers:
        chosen = answer if isinstance(answer, list) else [answer]
        assert all(question.option(v) is not None for v in chosen)


@pytest.mark.parametrize(
    ("question", "option"),
    [(q, o) for q in {q.id: q for q, _ in LINKS}.values() for o in q.options],
    ids=lambda item: getattr(item, "id", None) or str(getattr(item, "value", item)),
)
def test_every_option_is_reached_by_some_value_or_said_not_to_be(question, option):
    reached = []
    for link in question.evidence_links:
        if link.kind in WRITTEN:
            for value in _written(link):
                for answer in _answer(question, link, value) or []:
                    reached += answer if isinstance(answer, list) else [answer]
    if (question.id, option.value) in NOT_FROM_EVIDENCE:
        assert option.value not in reached
    else:
        assert option.value in reached, f"no evidence value leads to {question.id} {option.value!r}"


ANALYTICS_AND_PUBLIC_PAGES = """# HIPAA Business Associate Addendum

This Business Associate Addendum forms part of the agreement between Lumen Metrics LLC
("Business Associate") and the covered entity that signs it ("Customer"), and governs the
handling of Protected Health Information under HIPAA.

1. Scope. This Addendum does not apply to analytics data, event data or other information
collected through the Business Associate's SDKs.

2. This Addendum does not apply to information collected on pages of Customer's websites
that do not require a user to log in.
"""


def test_a_baa_carving_out_analytics_and_public_pages_is_not_offered_as_named_services(
    tmp_path,
):
    from conftest import run_cli

    from vendor_eval.evidence.io import load_evidence
    from vendor_eval.interview import evidence_prefills

    (tmp_path / "baa.md").write_text(ANALYTICS_AND_PUBLIC_PAGES)
    out = tmp_path / "baa.evidence.yaml"
    assert run_cli("extract", "baa", tmp_path / "baa.md", "-o", out).exit_code == 0
    evidence = load_evidence(out)
    assert evidence.value("carve_outs") == ["analytics-data", "unauthenticated-pages"]
    prefills, _ = evidence_prefills(CHECKLIST, [evidence])
    scope = prefills["baa.scope"]
    assert scope.value == "phi-flagged-only"
    assert "named-services-only" not in (scope.value, *scope.alternatives)
