"""`extract har --site X` on a capture that holds nothing of X is a wrong --site (or the
wrong file), not a site without trackers: it stops and names the sites the capture is of.
A capture that shows the site only through the pages its requests came from (Referer,
Origin, or the page the browser recorded) is a capture of that site."""

from __future__ import annotations

import json
from pathlib import Path

import hargen as h
from conftest import run_cli

HOME = "https://www.clinic.example/"
PAGE = "https://www.clinic.example/conditions/asthma"


def run(tmp_path: Path, capture: dict, *sites: str):
    path = h.write(tmp_path / "capture.har", capture)
    args = [arg for site in sites for arg in ("--site", site)]
    return run_cli("extract", "har", path, *args, "--format", "json")


def clinic_capture(**har_options) -> dict:
    return h.har(
        h.page(PAGE),
        h.script("https://www.clinic.example/static/app.js", referer=PAGE),
        h.ga4_collect(PAGE, "Asthma | Clinic", referer=PAGE),
        h.meta_pixel(PAGE),
        **har_options,
    )


def test_a_capture_of_another_site_stops_naming_the_site_it_is_of(tmp_path):
    result = run(tmp_path, clinic_capture(), "example.org")
    assert result.exit_code == 2, result
    assert result.stdout == ""
    [line] = result.stderr.strip().splitlines()
    assert f"{tmp_path / 'capture.har'}: no request in this capture" in line
    assert "no request in this capture belongs to the site 'example.org'" in line
    # The page's site, not the trackers it called: those are never what --site means.
    assert line.endswith("; it contains clinic.example — pass that to --site")


def test_several_sites_none_in_the_capture_are_all_named(tmp_path):
    result = run(tmp_path, clinic_capture(), "example.org", "example.net")
    assert result.exit_code == 2, result
    assert "the sites 'example.org', 'example.net'" in result.stderr
    assert "it contains clinic.example — pass that to --site" in result.stderr


def test_one_of_several_sites_in_the_capture_is_enough(tmp_path):
    result = run(tmp_path, clinic_capture(), "example.org", "clinic.example")
    assert result.exit_code == 0, result


def test_a_capture_of_two_sites_names_both_busiest_first(tmp_path):
    other = "https://portal.other-health.example/login"
    capture = h.har(
        h.page(other),
        h.ga4_collect(other, "Login", referer=other),
        h.request("https://cdn.other-health.example/app.css", mime="text/css", referer=other),
        h.page(HOME),
        h.meta_pixel(HOME),
    )
    result = run(tmp_path, capture, "example.org")
    assert result.exit_code == 2, result
    assert (
        "it contains portal.other-health.example, clinic.example — pass one of those to --site"
    ) in result.stderr


def test_a_capture_without_pages_or_referrers_names_its_busiest_hosts(tmp_path):
    capture = h.har(
        h.ga4_collect(HOME, "Clinic"),
        h.ga4_collect(PAGE, "Asthma"),
        h.request("https://fonts.gstatic.com/s/inter.woff2", mime="font/woff2"),
    )
    result = run(tmp_path, capture, "example.org")
    assert result.exit_code == 2, result
    assert (
        "it contains region1.google-analytics.com, fonts.gstatic.com — pass one of those"
    ) in result.stderr


def evidence(result) -> dict:
    assert result.exit_code == 0, result
    return json.loads(result.stdout)


def test_third_party_requests_sent_from_the_site_are_a_capture_of_it(tmp_path):
    capture = h.har(h.ga4_collect(PAGE, "Asthma", referer=HOME), h.meta_pixel(PAGE))
    found = evidence(run(tmp_path, capture, "clinic.example"))
    assert found["facts"]["collection"]["value"] == "client-side"
    assert found["document"]["requests"] == 2


def test_an_origin_header_from_the_site_is_enough(tmp_path):
    beacon = h.request(
        "https://api-js.mixpanel.com/track/",
        method="POST",
        body="data=e30%3D",
        headers={"Origin": "https://www.clinic.example"},
    )
    found = evidence(run(tmp_path, h.har(beacon), "clinic.example"))
    assert found["facts"]["collection"]["value"] == "client-side"


def test_the_page_the_browser_recorded_is_enough(tmp_path):
    # Chrome titles each recorded page with its URL; the entries may all be third-party
    # when the site's own responses came from the cache and were left out.
    capture = h.har(h.ga4_collect(PAGE, "Asthma"), page_url=PAGE)
    found = evidence(run(tmp_path, capture, "clinic.example"))
    assert found["facts"]["collection"]["value"] == "client-side"


def test_a_referrer_from_another_site_is_not_the_site(tmp_path):
    capture = h.har(h.ga4_collect(PAGE, "Asthma", referer="https://clinic.example.org/"))
    result = run(tmp_path, capture, "clinic.example")
    assert result.exit_code == 2, result
    assert "it contains clinic.example.org" in result.stderr


def test_a_hostile_referrer_is_never_echoed(tmp_path):
    beacon = h.ga4_collect(PAGE, "Asthma", referer="https://evil\x1b[31m\u202e.example/")
    result = run(tmp_path, h.har(beacon), "clinic.example")
    assert result.exit_code == 2, result
    assert "\x1b" not in result.stderr and "\u202e" not in result.stderr
    assert "it contains region1.google-analytics.com — pass that to --site" in result.stderr
