"""The scoring core: points per answer type, weighting, completeness, findings, verdicts,
and how evidence backs, fills in or overrules an answer."""

from __future__ import annotations

import datetime as dt
import textwrap

import pytest
from conftest import REPO

from vendor_eval.checklist import load_checklist, parse_checklist
from vendor_eval.evidence_answers import evidence_answer
from vendor_eval.model import Citation, DocumentRef, Evidence, Fact, Gate, Profile
from vendor_eval.profiles import ChecklistCache, load_valid_profile
from vendor_eval.scoring import score

AS_OF = dt.date(2026, 11, 29)

# A small checklist whose numbers are easy to follow by hand.
SMALL = textwrap.dedent(
    """
    id: small
    name: Small test checklist
    version: 1
    verdicts:
      - {id: good, label: Good, min_score: 80, min_completeness: 90, max_findings: {high: 0}}
      - {id: fair, label: Fair, min_score: 50}
      - {id: poor, label: Poor, min_score: 0}
    knockout_verdict: {id: stop, label: Stop}
    sections:
      - id: contract
        title: Contract
        weight: 3
        questions:
          - id: contract.signed
            field: contract.signed
            prompt: Signed?
            type: boolean
            weight: 2
            guidance: g
            options:
              - {value: true, label: "Yes", points: 100}
              - {value: false, label: "No", points: 0}
            knockout: {values: [false], message: Unsigned contracts end the evaluation.}
            unanswered: {severity: critical, action: Ask whether they sign.}
          - id: contract.tier
            field: contract.tier
            prompt: Which tier?
            type: choice
            weight: 1
            guidance: g
            options:
              - {value: gold, label: Gold, points: 100}
              - value: bronze
                label: Bronze
                points: 25
                finding: {severity: low, action: Upgrade the tier.}
              - {value: silver, label: Silver, points: 50}
            finding: {severity: medium, action: Consider a better tier.}
          - id: contract.exclusions
            field: contract.exclusions
            prompt: What is excluded?
            type: multi-choice
            weight: 1
            base: 100
            guidance: g
            options:
              - value: logs
                label: Logs
                points: -70
                finding: {severity: high, action: Cover the logs.}
              - value: backups
                label: Backups
                points: -50
              - {value: extras, label: Extras, points: 10}
            finding: {severity: medium, action: Narrow the exclusions.}
      - id: audit
        title: Audit
        weight: 1
        questions:
          - id: audit.days
            field: audit.days
            prompt: Days to notify?
            type: integer
            weight: 1
            guidance: g
            ranges:
              - {max: 10, points: 100}
              - max: 30
                points: 60
                finding: {severity: low, action: Shorten it.}
              - points: 0
                finding: {severity: high, action: Far too long.}
          - id: audit.ended
            field: audit.ended
            prompt: Period end?
            type: date
            weight: 1
            max_age_days: 365
            guidance: g
            finding: {severity: medium, action: Get a current report.}
          - id: audit.started
            field: audit.started
            prompt: Period start?
            type: date
            weight: 1
            guidance: g
          - id: audit.names
            field: audit.names
            prompt: Names?
            type: text
            weight: 1
            guidance: g
          - id: audit.ignored
            field: audit.ignored
            prompt: Ignored?
            type: boolean
            weight: 0
            guidance: g
            options:
              - {value: true, label: "Yes", points: 100}
              - {value: false, label: "No", points: 0}
    """
)


@pytest.fixture(scope="module")
def small():
    return parse_checklist(SMALL, source="small.yaml")


@pytest.fixture(scope="module")
def builtin():
    return load_checklist("healthcare-analytics")


def profile(**answers):
    data: dict = {"vendor": {"name": "Acme"}, "assessment": {"as_of": "2026-11-29"}}
    for field, value in answers.items():
        section, name = field.split("__")
        data.setdefault(section, {})[name] = value
    return Profile(path="acme.yaml", data=data)


def result(assessment, question_id):
    return next(r for r in assessment.questions if r.question.id == question_id)


def doc(kind, facts, path="acme-doc.pdf"):
    return Evidence(
        kind=kind,
        document=DocumentRef(path=path, sha256="0" * 64, pages=10),
        facts={name: Fact(value, citations) for name, (value, citations) in facts.items()},
    )


# --- points per answer type ------------------------------------------------------------


def test_choice_and_boolean_points_weighted_into_section_and_overall(small):
    a = score(profile(contract__signed=True, contract__tier="silver"), small, [], AS_OF)
    contract = a.sections[0]
    # (2 x 100 + 1 x 50 + 1 x 0) / 4
    assert contract.score == pytest.approx(62.5)
    assert contract.completeness == pytest.approx(75.0)
    # audit counts days (1) and ended (1) only: nothing answered there.
    assert a.sections[1].score == 0
    assert a.score == pytest.approx((3 * 62.5 + 1 * 0) / 4)
    assert a.completeness == pytest.approx((3 * 75.0 + 0) / 4)


@pytest.mark.parametrize(
    ("chosen", "points"),
    [
        ([], 100),  # the base alone
        (["backups"], 50),
        (["logs", "backups"], 0),  # 100 - 120 clamps at zero
        (["extras"], 110),  # base + gains is the maximum here
    ],
)
def test_multi_choice_adds_to_base_and_clamps(small, chosen, points):
    a = score(profile(contract__exclusions=chosen), small, [], AS_OF)
    r = result(a, "contract.exclusions")
    assert r.points == points
    assert r.max_points == 110


@pytest.mark.parametrize(
    ("days", "points"), [(0, 100), (10, 100), (11, 60), (30, 60), (31, 0), (10_000, 0)]
)
def test_integer_uses_first_range_whose_max_is_not_below_the_answer(small, days, points):
    a = score(profile(audit__days=days), small, [], AS_OF)
    assert result(a, "audit.days").points == points


def test_date_is_full_points_within_max_age_and_stale_after(small):
    on_the_limit = AS_OF - dt.timedelta(days=365)
    fresh = score(profile(audit__ended=on_the_limit.isoformat()), small, [], AS_OF)
    assert result(fresh, "audit.ended").points == 100
    assert not [f for f in fresh.findings if f.question_id == "audit.ended"]

    one_day_late = (AS_OF - dt.timedelta(days=366)).isoformat()
    stale = score(profile(audit__ended=one_day_late), small, [], AS_OF)
    assert result(stale, "audit.ended").points == 0
    [finding] = [f for f in stale.findings if f.question_id == "audit.ended"]
    assert (finding.kind, finding.severity) == ("stale", "medium")
    assert "366 days" in finding.title and finding.action == "Get a current report."


def test_text_plain_dates_and_weight_zero_questions_are_shown_but_not_counted(small):
    a = score(
        profile(audit__names=["Cloud Co"], audit__started="2020-01-01", audit__ignored=False),
        small,
        [],
        AS_OF,
    )
    for question_id in ("audit.names", "audit.started", "audit.ignored"):
        r = result(a, question_id)
        assert r.answered and not r.counted and r.points == 0
    assert a.score == 0 and a.completeness == 0
    assert {r.question.id for r in a.missing} == {
        "contract.signed",
        "contract.tier",
        "contract.exclusions",
        "audit.days",
        "audit.ended",
    }


# --- findings ----------------------------------------------------------------------------


def test_option_finding_wins_over_question_finding(small):
    bronze = score(profile(contract__tier="bronze"), small, [], AS_OF)
    silver = score(profile(contract__tier="silver"), small, [], AS_OF)
    gold = score(profile(contract__tier="gold"), small, [], AS_OF)
    assert [f.action for f in bronze.findings if f.question_id == "contract.tier"] == [
        "Upgrade the tier."
    ]
    assert [f.action for f in silver.findings if f.question_id == "contract.tier"] == [
        "Consider a better tier."
    ]
    assert not [f for f in gold.findings if f.question_id == "contract.tier"]


def test_multi_choice_raises_each_chosen_option_finding_and_the_shortfall(small):
    a = score(profile(contract__exclusions=["logs", "backups"]), small, [], AS_OF)
    actions = [f.action for f in a.findings if f.question_id == "contract.exclusions"]
    assert actions == ["Cover the logs.", "Narrow the exclusions."]
    full = score(profile(contract__exclusions=["extras"]), small, [], AS_OF)
    assert not [f for f in full.findings if f.question_id == "contract.exclusions"]


def test_unanswered_question_with_a_rule_raises_its_finding(small):
    a = score(profile(), small, [], AS_OF)
    [finding] = a.findings
    assert (finding.kind, finding.severity, finding.question_id) == (
        "unanswered",
        "critical",
        "contract.signed",
    )


def test_findings_sorted_by_severity_then_checklist_order(small):
    a = score(
        profile(
            contract__signed=True,
            contract__tier="bronze",
            contract__exclusions=["logs"],
            audit__days=99,
            audit__ended="2020-01-01",
        ),
        small,
        [],
        AS_OF,
    )
    assert [(f.severity, f.question_id) for f in a.findings] == [
        ("high", "contract.exclusions"),
        ("high", "audit.days"),
        ("medium", "contract.exclusions"),
        ("medium", "audit.ended"),
        ("low", "contract.tier"),
    ]


# --- verdicts ----------------------------------------------------------------------------


def _complete(small, **overrides):
    answers = dict(
        contract__signed=True,
        contract__tier="gold",
        contract__exclusions=["extras"],
        audit__days=5,
        audit__ended="2026-06-30",
    )
    answers.update(overrides)
    return score(profile(**answers), small, [], AS_OF)


def test_first_verdict_whose_conditions_hold(small):
    assert _complete(small).verdict.id == "good"
    # A high finding bars "good" even with a high score.
    high = _complete(small, audit__days=45)
    assert high.score >= 80 and high.verdict.id == "fair"
    # Completeness below 90 bars "good" too.
    partial = _complete(small, audit__ended=None)
    assert partial.completeness < 90 and partial.verdict.id == "fair"
    assert _complete(small, contract__tier="bronze", contract__exclusions=["logs"]).verdict.id == (
        "fair"
    )
    # The last verdict takes whatever the others refuse.
    poor = _complete(
        small,
        contract__tier="bronze",
        contract__exclusions=["logs", "backups"],
        audit__days=90,
        audit__ended="2020-01-31",
    )
    assert poor.completeness >= 80 and poor.score < 50 and poor.verdict.id == "poor"


def test_too_little_answered_is_incomplete_not_a_bad_vendor(small):
    barely = score(profile(contract__signed=True), small, [], AS_OF)
    assert barely.completeness < 80
    assert barely.verdict.id == "incomplete"
    assert "not enough answered" in barely.verdict.label
    assert score(profile(), small, [], AS_OF).verdict.id == "incomplete"
    # A knockout is a verdict whatever else is missing.
    assert score(profile(contract__signed=False), small, [], AS_OF).verdict.id == "stop"


def test_the_checklist_sets_the_completeness_threshold_and_the_incomplete_verdict():
    lenient = parse_checklist(
        SMALL.replace(
            "knockout_verdict:",
            "min_completeness: 20\nincomplete_verdict: {id: unjudged, label: Not judged}\n"
            "knockout_verdict:",
        ),
        source="small.yaml",
    )
    assert lenient.min_completeness == 20
    barely = score(profile(contract__signed=True), lenient, [], AS_OF)
    assert barely.completeness >= 20 and barely.verdict.id == "poor"
    assert score(profile(), lenient, [], AS_OF).verdict.label == "Not judged"


def test_knockout_overrides_a_good_score(small):
    a = _complete(small, contract__signed=False)
    assert a.verdict.id == "stop"
    assert [r.question.id for r in a.knockouts] == ["contract.signed"]
    assert a.findings[0].kind == "knockout"
    assert a.findings[0].action == "Unsigned contracts end the evaluation."
    assert not a.passes() and _complete(small).passes(Gate(fail_under=90))
    assert not _complete(small, audit__days=45).passes(Gate(fail_under=99))
    # A knockout fails whatever the gate names.
    assert a.gate_failures(Gate()) == ["knockout: contract.signed"]
    fair = _complete(small, audit__days=45)
    assert fair.passes() and not fair.passes(Gate(fail_on=("fair",)))
    assert fair.gate_failures(Gate(99, ("fair",))) == [
        "verdict fair is named in --fail-on",
        f"score {fair.score:.1f} is under --fail-under 99",
    ]


# --- evidence ----------------------------------------------------------------------------

TYPE1_QUOTE = "This report is a SOC 2 Type 1 report as of March 31, 2026."


def test_contradicted_answer_is_scored_from_the_evidence_with_a_high_finding(builtin):
    soc2 = doc("soc2", {"report_type": ("type1", [Citation(TYPE1_QUOTE, page=3)])})
    a = score(profile(soc2__type="type2"), builtin, [soc2], AS_OF)
    r = result(a, "soc2.type")
    assert (r.status, r.attested, r.answer, r.points) == ("contradicted", "type2", "type1", 40)
    # One problem, one finding: the contradiction carries the answer's own action (Type I
    # is a medium finding) at the contradiction's higher severity.
    [contradiction] = [f for f in a.findings if f.question_id == "soc2.type"]
    assert contradiction.kind == "contradicted"
    assert contradiction.severity == "high"
    assert "The profile says Type II" in contradiction.title
    assert "says Type I" in contradiction.title
    assert TYPE1_QUOTE in contradiction.title and "page 3" in contradiction.title
    assert contradiction.action.startswith("Ask when the Type II examination will be complete")
    assert "correct the profile" in contradiction.action
    assert contradiction.citations == (Citation(TYPE1_QUOTE, page=3),)


def test_a_contradicted_answer_takes_the_worse_severity_of_its_own_finding(builtin):
    # An adverse opinion is a critical finding of its own; contradicting "unqualified"
    # leaves one finding, the critical one.
    soc2 = doc("soc2", {"opinion": ("adverse", [Citation("controls were not effective", page=4)])})
    a = score(profile(soc2__opinion="unqualified"), builtin, [soc2], AS_OF)
    [finding] = [f for f in a.findings if f.question_id == "soc2.opinion"]
    assert (finding.kind, finding.severity) == ("contradicted", "critical")
    assert "Unqualified (clean)" in finding.title and "Adverse" in finding.title
    assert finding.action.startswith("The auditor found the controls ineffective")


def test_evidence_agreeing_backs_the_answer_and_counts_in_the_share(builtin):
    soc2 = doc("soc2", {"report_type": ("type2", [Citation("Type 2", page=1)])})
    attested_only = score(
        profile(soc2__type="type2", consent__enforcement="server-side"), builtin, [], AS_OF
    )
    backed = score(
        profile(soc2__type="type2", consent__enforcement="server-side"), builtin, [soc2], AS_OF
    )
    assert result(backed, "soc2.type").status == "evidence-backed"
    assert result(backed, "consent.enforcement").status == "attested"
    assert backed.score == attested_only.score
    assert attested_only.evidence_backed == 0
    # soc2.type earns 15 x 3/12 = 3.75 points; consent earns 15: 3.75 of 18.75 is backed.
    assert backed.score == pytest.approx(18.75)
    assert backed.evidence_backed == pytest.approx(20.0)


def test_evidence_only_answer_fills_a_silent_profile(builtin):
    baa = doc(
        "baa", {"carve_outs": (["marketing-data", "analytics-data"], [Citation("q", page=9)])}
    )
    a = score(profile(), builtin, [baa], AS_OF)
    r = result(a, "baa.carve_outs")
    assert r.status == "evidence-only"
    assert r.points == 10  # 100 - 60 - 30
    assert r.answered and r.document == "acme-doc.pdf"
    carve_findings = [f for f in a.findings if f.question_id == "baa.carve_outs"]
    assert {f.severity for f in carve_findings} == {"critical", "high"}
    assert all(f.citations == (Citation("q", page=9),) for f in carve_findings)


def test_lists_are_compared_as_sets(builtin):
    baa = doc("baa", {"carve_outs": (["marketing-data", "analytics-data"], [])})
    a = score(profile(baa__carve_outs=["analytics-data", "marketing-data"]), builtin, [baa], AS_OF)
    assert result(a, "baa.carve_outs").status == "evidence-backed"


def test_har_full_pipeline_examples_of_contradiction(builtin):
    beacon = Citation("POST api.vendor.io", entry=4, host="api.vendor.io")
    hosts = [{"host": "api.vendor.io", "vendor": None, "requests": 1, "received_data": True}]
    har = doc(
        "har",
        {"collection": ("client-side", [beacon]), "third_party_hosts": (hosts, [beacon])},
    )
    baa = doc("baa", {"carve_outs": (["unauthenticated-pages"], [Citation("excludes", page=2)])})
    claims = profile(data_flow__collection="server-side", baa__carve_outs=[])
    claims.data["vendor"]["domains"] = ["vendor.io"]  # the capture is applied to its own hosts
    a = score(claims, builtin, [har, baa], AS_OF)
    assert result(a, "data_flow.collection").status == "contradicted"
    assert result(a, "data_flow.collection").points == 0
    assert result(a, "baa.carve_outs").status == "contradicted"
    contradictions = [f.question_id for f in a.findings if f.kind == "contradicted"]
    assert sorted(contradictions) == ["baa.carve_outs", "data_flow.collection"]
    assert "request 4" in next(
        f.title
        for f in a.findings
        if f.question_id == "data_flow.collection" and f.kind == "contradicted"
    )


def test_evidence_answer_map_test_and_null_rules(builtin):
    offered = builtin.question("baa.offered")  # map {"true": true}: false is no opinion
    assert evidence_answer(offered, [doc("baa", {"is_baa": (True, [])})]).value is True
    assert evidence_answer(offered, [doc("baa", {"is_baa": (False, [])})]) is None
    assert evidence_answer(offered, [doc("baa", {"is_baa": (None, [])})]) is None
    assert evidence_answer(offered, [doc("soc2", {"is_baa": (True, [])})]) is None

    payloads = builtin.question("data_flow.phi_in_payloads")  # nonempty -> observed
    seen = evidence_answer(payloads, [doc("har", {"phi_signals": (["/conditions/diabetes"], [])})])
    assert seen.value == "observed" and seen.fact_value == ["/conditions/diabetes"]
    assert evidence_answer(payloads, [doc("har", {"phi_signals": ([], [])})]) is None

    kind = builtin.question("soc2.type")  # no map: the value is the answer if it is an option
    assert evidence_answer(kind, [doc("soc2", {"report_type": ("type2", [])})]).value == "type2"
    assert evidence_answer(kind, [doc("soc2", {"report_type": ("soc3", [])})]) is None

    # The first evidence file with an opinion wins.
    first, second = (
        doc("soc2", {"report_type": (None, [])}, path="old.pdf"),
        doc("soc2", {"report_type": ("type1", [])}, path="new.pdf"),
    )
    assert evidence_answer(kind, [first, second]).document == "new.pdf"


# --- the example profiles ----------------------------------------------------------------


def _example(name):
    check = load_valid_profile(REPO / "vendor_profiles" / f"{name}.yaml", ChecklistCache())
    return score(check.profile, check.checklist, check.evidence, AS_OF)


def test_google_analytics_4_is_knocked_out_for_no_baa():
    a = _example("google-analytics-4")
    assert a.verdict.id == "stop"
    assert [r.question.id for r in a.knockouts] == ["baa.offered"]


def test_mixpanel_is_not_top_and_flags_client_side_collection_and_consent():
    a = _example("mixpanel")
    assert a.verdict.id not in ("fit", "stop")
    flagged = {(f.question_id, f.severity) for f in a.findings}
    assert ("data_flow.collection", "critical") in flagged
    assert ("consent.enforcement", "high") in flagged


def test_evidence_consistent_with_several_answers_backs_any_of_them(builtin):
    # A BAA limited by carve-outs agrees with "PHI-flagged only" and "named services only",
    # and contradicts a claim of full-pipeline coverage.
    limited = doc("baa", {"scope": ("limited", [Citation("does not apply to", page=3)])})
    scope = builtin.question("baa.scope")
    supported = evidence_answer(scope, [limited])
    assert supported.value == "named-services-only"
    assert supported.alternatives == ("phi-flagged-only",)
    for claimed, status in [
        ("phi-flagged-only", "evidence-backed"),
        ("named-services-only", "evidence-backed"),
        ("full-pipeline", "contradicted"),
    ]:
        a = score(profile(baa__scope=claimed), builtin, [limited], AS_OF)
        assert result(a, "baa.scope").status == status, claimed
    silent = score(profile(), builtin, [limited], AS_OF)
    assert result(silent, "baa.scope").status == "evidence-only"
    assert result(silent, "baa.scope").answer == "named-services-only"
