"""`vendor-eval scan` against the local test site (tests/scansite.py) in the system Chromium.

Every host name the browser asks for resolves to the test server on 127.0.0.1, so real
vendor names appear in the evidence and nothing leaves the machine."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import run_cli
from scansite import TRACKER_HOSTS, TestSite

from vendor_eval.errors import InputError
from vendor_eval.evidence.scan.browser import BROWSER_BINARIES, BROWSER_NAMES
from vendor_eval.evidence.scan.consent import consent_rules, parse_rules

CANARY_EMAIL = "zq.canary.patient@example.org"
CANARY_TEXT = "Zebrafish Syndrome Q7"
SITE_HOSTS = {"clinic.example", "plain.example", "custom.example"}


def _browser_available() -> bool:
    return any(b.is_file() for b in BROWSER_BINARIES) or any(shutil.which(n) for n in BROWSER_NAMES)


needs_browser = pytest.mark.skipif(
    not _browser_available(),
    reason="no Chromium on this machine (.ci/run installs the Debian package `chromium`)",
)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory):
    served = TestSite(tmp_path_factory.mktemp("site"))
    yield served
    served.close()


def _scan(site: TestSite, *args: str | Path):
    return run_cli(
        "scan",
        "--host-resolver-rules",
        site.resolver_rules,
        "--ignore-https-errors",
        "--dwell",
        "3",
        *args,
    )


@pytest.fixture(scope="module")
def clinic(site: TestSite, tmp_path_factory: pytest.TempPathFactory):
    """One scan of clinic.example with every scenario, form filling and HAR output."""
    folder = tmp_path_factory.mktemp("clinic")
    result = _scan(
        site,
        "https://clinic.example/",
        "--canary",
        CANARY_EMAIL,
        "--canary",
        CANARY_TEXT,
        "--form-fill",
        "--har",
        folder / "clinic.har",
        "-o",
        folder / "clinic.evidence.yaml",
    )
    assert result.exit_code == 0, result
    text = (folder / "clinic.evidence.yaml").read_text()
    return folder, text, yaml.safe_load(text), result


def _vendors(evidence: dict) -> dict[str, dict]:
    return {v["id"]: v for v in evidence["facts"]["vendors"]["value"]}


@needs_browser
def test_each_kind_of_tag_gets_its_consent_verdict(clinic):
    _, _, evidence, _ = clinic
    verdicts = {vendor_id: v["consent"] for vendor_id, v in _vendors(evidence).items()}
    assert verdicts == {
        "google-analytics": "leaks-before-consent",  # fires at once, stops after reject
        "linkedin-insight": "leaks-before-consent",  # injected after a delay
        "hotjar": "ignores-reject",  # WebSocket, ignores the banner
        "mixpanel": "ignores-reject",  # beacon when the page is left
        "segment": "ignores-reject",  # sent by the service worker
        "tiktok-pixel": "ignores-reject",  # loads on any choice, reject included
        "meta-pixel": "enforced",  # only after accept
    }
    assert evidence["facts"]["consent_manager"]["value"] == {"id": "onetrust", "name": "OneTrust"}


@needs_browser
def test_requests_are_counted_per_scenario(clinic):
    _, _, evidence, _ = clinic
    vendors = _vendors(evidence)
    meta = vendors["meta-pixel"]
    assert meta["before_consent"]["requests"] == 0
    assert meta["after_reject"]["requests"] == 0
    assert meta["after_accept"]["requests"] > 0
    tiktok = vendors["tiktok-pixel"]
    assert tiktok["before_consent"]["requests"] == 0 and tiktok["after_reject"]["requests"] > 0
    assert vendors["google-analytics"]["after_reject"]["requests"] == 0
    assert sorted(vendors["hotjar"]["hosts"]) == ["static.hotjar.com", "ws.hotjar.com"]


@needs_browser
def test_websocket_beacon_and_service_worker_traffic_is_recorded_and_cited(clinic):
    _, _, evidence, _ = clinic
    vendors = _vendors(evidence)
    # The WebSocket frame carried the page address and title.
    assert vendors["hotjar"]["before_consent"]["received_data"] is True
    assert "cardiology" in vendors["hotjar"]["before_consent"]["health_context"]
    # The beacon sent on leaving the appointment page.
    assert "appointment" in vendors["mixpanel"]["before_consent"]["health_context"]
    segment = [
        c for c in evidence["facts"]["vendors"]["citations"] if c.get("host") == "api.segment.io"
    ]
    assert segment and segment[0]["url"] == "service worker"
    cited = evidence["facts"]["phi_signals"]["citations"]
    assert all(c["scenario"] in ("before-consent", "after-reject", "after-accept") for c in cited)
    assert any(c["url"] == "https://clinic.example/appointments/book" for c in cited)


@needs_browser
def test_pages_with_health_context_are_named(clinic):
    _, _, evidence, _ = clinic
    pages = {p["url"]: p for p in evidence["facts"]["pages"]["value"]}
    assert pages["https://clinic.example/appointments/book"]["health_context"] == [
        "appointment",
        "cardiology",
    ]
    assert pages["https://clinic.example/about"]["health_context"] == []


@needs_browser
def test_canaries_typed_into_forms_are_found_and_never_written(clinic, site):
    _, text, evidence, result = clinic
    leaks = evidence["facts"]["canary_leaks"]["value"]
    assert {(leak["vendor"], leak["scenario"]) for leak in leaks} >= {
        ("google-analytics", "before-consent"),
        ("google-analytics", "after-accept"),
    }
    assert {leak["canary"] for leak in leaks} == {1, 2}
    for secret in (CANARY_EMAIL, CANARY_TEXT, "Zebrafish"):
        assert secret not in text
        assert secret not in result.stderr
    # The form was filled in, never sent to the clinic.
    assert not [r for r in site.seen.requests if r[2].startswith("/appointments/submit")]


@needs_browser
def test_each_scenario_is_a_har_that_extract_har_reads(clinic):
    folder, _, _, _ = clinic
    for scenario in ("before-consent", "after-reject", "after-accept"):
        har = folder / f"clinic.{scenario}.har"
        data = json.loads(har.read_text())
        assert data["log"]["version"] == "1.2"
        assert data["log"]["entries"] and data["log"]["pages"]
        result = run_cli("extract", "har", har, "--site", "clinic.example")
        assert result.exit_code == 0, result
        facts = yaml.safe_load(result.stdout)["facts"]
        assert facts["client_side_vendors"]["value"]


@needs_browser
def test_nothing_outside_the_site_and_its_tags_is_requested(clinic, site):
    hosts = {host for host, _, _ in site.seen.requests}
    # The partner link on the home page is another site: never visited.
    assert "elsewhere.example" not in hosts
    # The browser's own sign-in and update checks go to names that never resolve.
    unexpected = hosts - SITE_HOSTS - set(TRACKER_HOSTS)
    assert all(host.endswith(".invalid") for host in unexpected), unexpected


@needs_browser
def test_server_side_collection_is_not_guessed(clinic):
    _, _, evidence, _ = clinic
    assert evidence["facts"]["server_side_collection"]["value"] is None
    assert any("server" in w and "cannot be seen" in w for w in evidence["warnings"])


@needs_browser
def test_no_banner_means_only_the_first_scenario_and_a_hung_page_is_reported(site, tmp_path):
    out = tmp_path / "plain.evidence.yaml"
    pages = tmp_path / "pages.txt"
    pages.write_text("# pages the crawler cannot find\n\nhttps://plain.example/slow\n")
    result = _scan(
        site,
        "https://plain.example/",
        "--pages",
        pages,
        "--page-timeout",
        "8",
        "-o",
        out,
    )
    assert result.exit_code == 0, result
    evidence = yaml.safe_load(out.read_text())
    ran = {s["name"]: s["ran"] for s in evidence["facts"]["scenarios"]["value"]}
    assert ran == {"before-consent": True, "after-reject": False, "after-accept": False}
    assert "no consent banner or consent manager found" in result.stderr
    pages = {p["url"]: p["outcome"] for p in evidence["facts"]["pages"]["value"]}
    assert pages == {"https://plain.example/": "scanned", "https://plain.example/slow": "timeout"}
    assert "plain.example/slow" in result.stderr
    assert _vendors(evidence)["google-analytics"]["consent"] == "leaks-before-consent"


@needs_browser
def test_a_team_adds_a_rule_for_its_own_banner_without_code(site, tmp_path):
    rules = tmp_path / "rules.yaml"
    rules.write_text(
        "rules:\n"
        "  - id: hillside\n"
        "    detect: [{visible: .hc-consent}]\n"
        "    reject: [{click: .hc-no}]\n"
        "    accept: [{click: .hc-yes}]\n"
    )
    out = tmp_path / "custom.evidence.yaml"
    result = _scan(site, "https://custom.example/", "--consent-rules", rules, "-o", out)
    assert result.exit_code == 0, result
    evidence = yaml.safe_load(out.read_text())
    assert evidence["facts"]["consent_manager"]["value"]["id"] == "hillside"
    assert _vendors(evidence)["google-analytics"]["consent"] == "enforced"


def test_no_browser_is_one_line_saying_how_to_install_it(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr("vendor_eval.evidence.scan.browser.BROWSER_BINARIES", ())
    result = run_cli("scan", "https://clinic.example/", "--consent", "none")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert "apt-get install chromium" in result.stderr and "--browser" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["https://a.example/", "https://b.example/"], "different sites"),
        (["ftp://a.example/"], "not an http(s) address"),
        (["https://a.example/", "--form-fill"], "--canary"),
        (["https://a.example/", "--canary", "abc"], "shorter than"),
        (["https://a.example/", "--max-pages", "0"], "--max-pages"),
        (["https://a.example/", "--workers", "-1"], "--workers cannot be negative"),
        ([], "at least one URL"),
        (["https://a.example/", "--browser", "/nonexistent/chromium"], "not an executable"),
    ],
)
def test_bad_arguments_are_one_line_and_exit_2(args, message):
    result = run_cli("scan", *args)
    assert result.exit_code == 2, result
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_a_pages_file_of_another_site_is_refused(tmp_path):
    pages = tmp_path / "pages.txt"
    pages.write_text("https://elsewhere.example/contact\n")
    result = run_cli("scan", "https://clinic.example/", "--pages", pages)
    assert result.exit_code == 2 and "different sites" in result.stderr


def test_an_existing_output_is_refused_before_scanning(tmp_path):
    out = tmp_path / "old.evidence.yaml"
    out.write_text("keep me")
    result = run_cli("scan", "https://a.example/", "-o", out)
    assert result.exit_code == 2 and "--force" in result.stderr
    assert out.read_text() == "keep me"


def test_rules_given_on_the_command_line_come_first():
    rules = consent_rules(accept_selector="#yes", reject_selector="#no")
    assert rules[0].id == "command-line"
    assert [s.target for s in rules[0].reject] == ["#no"]
    assert {r.id for r in rules} >= {"onetrust", "cookiebot", "didomi", "iab-tcf"}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("rules: {}", "`rules:` list"),
        ("rules:\n  - name: x\n", "needs an `id`"),
        ("rules:\n  - id: x\n", "needs `detect` steps"),
        ("rules:\n  - id: x\n    detect: [{hover: '#a'}]\n", "not one of visible, click, js"),
        ("rules:\n  - id: x\n    detect: [{click: '#a'}]\n    rejct: []\n", "unknown key"),
    ],
)
def test_a_broken_rules_file_names_the_problem(text, message):
    with pytest.raises(InputError, match=message):
        parse_rules(text, source="rules.yaml")


@needs_browser
def test_a_profile_linking_the_scan_gets_consent_and_monitoring_answers_from_it(clinic):
    folder, _, _, _ = clinic
    profile = folder / "meta.yaml"
    profile.write_text(
        "vendor:\n"
        "  name: Meta Pixel\n"
        "  website: https://www.facebook.com/\n"
        "assessment:\n"
        "  checklist: healthcare-analytics\n"
        '  as_of: "2026-11-29"\n'
        "consent:\n"
        "  enforcement: client-side\n"
        "monitoring:\n"
        "  scanning: none\n"
        "evidence:\n"
        "  - path: clinic.evidence.yaml\n"
        "    kind: scan\n"
    )
    result = run_cli("report", profile, "--format", "json", "--as-of", "2026-11-29")
    assert result.exit_code == 0, result
    questions = {q["id"]: q for s in json.loads(result.stdout)["sections"] for q in s["questions"]}
    consent = questions["consent.enforcement"]
    assert (consent["status"], consent["evidence_value"]) == ("evidence-backed", "client-side")
    assert all(
        c["host"] in ("connect.facebook.net", "www.facebook.com") for c in consent["citations"]
    )
    scanning = questions["monitoring.scanning"]
    assert (scanning["status"], scanning["evidence_value"]) == ("contradicted", "periodic")
    assert questions["monitoring.detects"]["status"] == "evidence-only"
    assert questions["data_flow.collection"]["evidence_value"] == "client-side"


@needs_browser
def test_the_time_budget_stops_the_scan_and_says_what_was_left(site, tmp_path):
    out = tmp_path / "budget.evidence.yaml"
    result = _scan(
        site, "https://clinic.example/", "--time-budget", "1", "--workers", "1", "-o", out
    )
    assert result.exit_code == 0, result
    evidence = yaml.safe_load(out.read_text())
    # Whether the home page still fits in one second depends on how fast the browser
    # starts; what is left over is listed as skipped either way.
    outcomes = [p["outcome"] for p in evidence["facts"]["pages"]["value"]]
    assert "skipped" in outcomes and set(outcomes) <= {"scanned", "skipped"}
    ran = {s["name"]: s["ran"] for s in evidence["facts"]["scenarios"]["value"]}
    assert ran == {"before-consent": True, "after-reject": False, "after-accept": False}
    assert "time budget" in result.stderr


@needs_browser
def test_a_browser_that_dies_is_reported_and_the_other_pages_are_still_scanned(
    site, tmp_path, monkeypatch
):
    from vendor_eval.evidence.scan import ScanOptions, scan_site
    from vendor_eval.evidence.scan.browser import Scenario

    visit = Scenario._visit

    async def dying(self, url):
        if url.endswith("/appointments/book") and not self.restarts:
            await self.browser.close()  # as when the browser process crashes
        return await visit(self, url)

    monkeypatch.setattr(Scenario, "_visit", dying)
    evidence = scan_site(
        ScanOptions(
            urls=("https://clinic.example/",),
            consent="none",
            host_resolver_rules=site.resolver_rules,
            ignore_https_errors=True,
            dwell=1,
            workers=1,
        )
    )
    outcomes = {p["url"]: p["outcome"] for p in evidence.value("pages")}
    assert outcomes == {
        "https://clinic.example/": "scanned",
        "https://clinic.example/appointments/book": "crashed",
        "https://clinic.example/about": "scanned",
    }
    assert any("started a new one" in w for w in evidence.warnings)
    # What the first browser recorded before it died is kept.
    assert "google-analytics" in {v["id"] for v in evidence.value("vendors")}
