"""`vendor-eval monitor`: changes since the baseline scan, vendors without a profile or BAA."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import run_cli
from test_scan import needs_browser

from vendor_eval.jsonio import dump_json


def _seen(requests: int = 1, health: list[str] | None = None, leaks: int = 0) -> dict[str, Any]:
    return {
        "requests": requests,
        "received_data": requests > 0,
        "cookies": [],
        "health_context": health or [],
        "contact_details": [],
        "canary_leaks": leaks,
    }


def _vendor(vendor_id: str, hosts: list[str], consent: str = "enforced", **seen: Any) -> dict:
    return {
        "id": vendor_id,
        "name": vendor_id.replace("-", " ").title(),
        "category": "analytics",
        "catalogued": True,
        "hosts": hosts,
        "consent": consent,
        "collection": "client-side",
        "before_consent": seen.get("before", _seen(0)),
        "after_reject": seen.get("reject", _seen(0)),
        "after_accept": seen.get("accept", _seen()),
    }


GA = _vendor("google-analytics", ["www.google-analytics.com"])
MIXPANEL = _vendor("mixpanel", ["api-js.mixpanel.com"])


def _write_scan(path: Path, vendors: list[dict]) -> Path:
    evidence = {
        "kind": "scan",
        "document": {
            "path": "https://clinic.example/",
            "sha256": "0" * 64,
            "site": "clinic.example",
        },
        "facts": {"vendors": {"value": vendors, "citations": []}},
        "warnings": [],
    }
    path.write_text(dump_json(evidence))
    return path


def _profile(folder: Path, name: str, website: str, baa: bool | None) -> Path:
    folder.mkdir(exist_ok=True)
    lines = [
        "vendor:",
        f"  name: {name}",
        f"  website: {website}",
        "assessment:",
        "  checklist: healthcare-analytics",
        '  as_of: "2026-11-29"',
    ]
    if baa is not None:
        lines += ["baa:", f"  offered: {'true' if baa else 'false'}"]
    path = folder / f"{name.lower().replace(' ', '-')}.yaml"
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.fixture
def profiles(tmp_path: Path) -> Path:
    folder = tmp_path / "profiles"
    _profile(folder, "Google Analytics", "https://www.google-analytics.com/", baa=True)
    _profile(folder, "Mixpanel", "https://mixpanel.com/", baa=True)
    return folder


def _monitor(tmp_path: Path, now: list[dict], before: list[dict] | None, profiles: Path, *more):
    scan = _write_scan(tmp_path / "now.evidence.json", now)
    args: list[Any] = ["monitor", scan, "--profiles", profiles, *more]
    if before is not None:
        args += ["--baseline", _write_scan(tmp_path / "before.evidence.json", before)]
    return run_cli(*args)


def _kinds(result) -> list[tuple[str, str]]:
    return [(f["kind"], f["vendor"]) for f in json.loads(result.stdout)["findings"]]


def test_nothing_changed_and_every_vendor_covered_exits_0(tmp_path, profiles):
    result = _monitor(tmp_path, [GA, MIXPANEL], [GA, MIXPANEL], profiles)
    assert result.exit_code == 0, result
    assert "2 vendor(s) seen" in result.stdout and "nothing to act on" in result.stdout


def test_a_new_tag_of_a_vendor_without_a_profile_exits_1(tmp_path, profiles):
    criteo = _vendor("criteo", ["static.criteo.net"], consent="leaks-before-consent")
    result = _monitor(tmp_path, [GA, criteo], [GA], profiles, "--format", "json")
    assert result.exit_code == 1, result
    assert _kinds(result) == [("new-vendor", "criteo"), ("no-profile", "criteo")]


def test_a_profile_without_a_baa_is_reported_even_when_nothing_changed(tmp_path, profiles):
    _profile(profiles, "Mixpanel", "https://mixpanel.com/", baa=False)
    result = _monitor(tmp_path, [GA, MIXPANEL], [GA, MIXPANEL], profiles, "--format", "json")
    assert result.exit_code == 1
    finding = json.loads(result.stdout)["findings"][0]
    assert (finding["kind"], finding["vendor"]) == ("no-baa", "mixpanel")
    assert finding["profile"].endswith("mixpanel.yaml")


def test_an_unanswered_baa_counts_as_no_baa(tmp_path, profiles):
    _profile(profiles, "Mixpanel", "https://mixpanel.com/", baa=None)
    result = _monitor(tmp_path, [MIXPANEL], None, profiles, "--format", "json")
    assert _kinds(result) == [("no-baa", "mixpanel")]


def test_new_hosts_health_context_canary_leaks_and_worse_consent(tmp_path, profiles):
    worse = copy.deepcopy(GA)
    worse["hosts"].append("region1.google-analytics.com")
    worse["consent"] = "ignores-reject"
    worse["after_reject"] = _seen(2, health=["cardiology"], leaks=1)
    result = _monitor(tmp_path, [worse], [GA], profiles, "--format", "json")
    assert result.exit_code == 1
    assert _kinds(result) == [
        ("new-host", "google-analytics"),
        ("new-health-context", "google-analytics"),
        ("new-canary-leak", "google-analytics"),
        ("consent-worse", "google-analytics"),
    ]
    messages = [f["message"] for f in json.loads(result.stdout)["findings"]]
    assert "region1.google-analytics.com" in messages[0]
    assert "after-reject" in messages[1]
    assert "enforced → ignores-reject" in messages[3]


def test_a_better_verdict_or_a_vendor_gone_is_not_a_finding(tmp_path, profiles):
    leaky = _vendor("google-analytics", ["www.google-analytics.com"], "leaks-before-consent")
    result = _monitor(tmp_path, [GA], [leaky, MIXPANEL], profiles)
    assert result.exit_code == 0, result


def test_without_a_baseline_only_profiles_and_baas_are_checked(tmp_path, profiles):
    assert _monitor(tmp_path, [GA, MIXPANEL], None, profiles).exit_code == 0


def test_github_annotations_point_at_the_profile_or_the_scan(tmp_path, profiles):
    _profile(profiles, "Mixpanel", "https://mixpanel.com/", baa=False)
    criteo = _vendor("criteo", ["static.criteo.net"])
    result = _monitor(tmp_path, [criteo, MIXPANEL], None, profiles, "--format", "github")
    lines = result.stdout.splitlines()
    assert lines[0].startswith("::error file=") and "now.evidence.json" in lines[0]
    assert "title=monitor no-profile::Criteo" in lines[0]
    assert "mixpanel.yaml" in lines[1] and "title=monitor no-baa" in lines[1]


def test_markdown_escapes_what_the_site_and_vendors_are_called(tmp_path, profiles):
    odd = _vendor("evil|example.com", ["x.evil|example.com"])
    odd["name"] = "<script>alert(1)</script> | Evil"
    result = _monitor(tmp_path, [odd], None, profiles, "--format", "markdown")
    assert "<script>" not in result.stdout
    assert "\\<script\\>" in result.stdout and "\\| Evil" in result.stdout


def test_a_profile_names_its_vendor_by_its_website_domain(tmp_path):
    folder = tmp_path / "profiles"
    _profile(folder, "GA", "https://marketingplatform.google.com/", baa=True)
    result = _monitor(tmp_path, [GA], None, folder, "--format", "json")
    # google.com is not google-analytics.com: the profile is not about this vendor.
    assert _kinds(result) == [("no-profile", "google-analytics")]


def test_an_empty_profiles_folder_reports_every_vendor(tmp_path):
    folder = tmp_path / "none"
    folder.mkdir()
    result = _monitor(tmp_path, [GA], None, folder, "--format", "json")
    assert result.exit_code == 1 and _kinds(result) == [("no-profile", "google-analytics")]


def test_an_unreadable_profile_is_named_and_exits_2_after_the_report(tmp_path, profiles):
    (profiles / "broken.yaml").write_text("vendor: [unclosed\n")
    result = _monitor(tmp_path, [GA], None, profiles)
    assert result.exit_code == 2
    assert "broken.yaml" in result.stderr and result.stderr.count("\n") == 1
    assert "1 vendor(s) seen" in result.stdout


@pytest.mark.parametrize("bad", ["har", "missing", "not-yaml"])
def test_a_bad_scan_file_is_one_line_and_exit_2(tmp_path, profiles, bad):
    path = tmp_path / "scan.evidence.yaml"
    if bad == "har":
        path.write_text(
            yaml.safe_dump(
                {
                    "kind": "har",
                    "document": {"path": "a.har", "sha256": "0" * 64},
                    "facts": {},
                    "warnings": [],
                }
            )
        )
    elif bad == "not-yaml":
        path.write_text("kind: [scan\n")
    result = run_cli("monitor", path, "--profiles", profiles)
    assert result.exit_code == 2, result
    assert "scan.evidence.yaml" in result.stderr and result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr


@needs_browser
def test_monitor_on_real_scans_exits_0_unchanged_and_1_on_a_new_tag(tmp_path):
    from scansite import TestSite

    site = TestSite(tmp_path)
    try:
        folder = tmp_path / "profiles"
        _profile(folder, "Google Analytics", "https://www.google-analytics.com/", baa=True)

        def scan(name: str) -> Path:
            out = tmp_path / f"{name}.evidence.yaml"
            result = run_cli(
                "scan",
                "https://plain.example/",
                "--consent",
                "none",
                "--dwell",
                "1",
                "--host-resolver-rules",
                site.resolver_rules,
                "--ignore-https-errors",
                "-o",
                out,
            )
            assert result.exit_code == 0, result
            return out

        baseline, same = scan("baseline"), scan("same")
        result = run_cli("monitor", same, "--baseline", baseline, "--profiles", folder)
        assert result.exit_code == 0, result
        site.add_tag()
        result = run_cli(
            "monitor",
            scan("tagged"),
            "--baseline",
            baseline,
            "--profiles",
            folder,
            "--format",
            "json",
        )
        assert result.exit_code == 1, result
        assert _kinds(result) == [("new-vendor", "criteo"), ("no-profile", "criteo")]
    finally:
        site.close()
