"""A capture of a bot challenge or an error page instead of the site cannot show how the
site collects data. Written for several challenge vendors and status codes, beside
ordinary captures that merely hold one missing page or one failed request."""

from __future__ import annotations

import json
from pathlib import Path

import hargen as h
import pytest
from conftest import run_cli

SITE = "clinic.example"
HOME = "https://www.clinic.example/"


def extract(tmp_path: Path, *entries: dict) -> dict:
    capture = h.write(tmp_path / "capture.har", h.har(*entries))
    result = run_cli("extract", "har", capture, "--site", SITE, "--format", "json")
    assert result.exit_code == 0, result
    return json.loads(result.stdout)


def document(url: str, status: int, **kwargs) -> dict:
    return h.request(url, resource_type="document", status=status, **kwargs)


CHALLENGES = {
    "cloudflare-403": (
        [
            document(HOME, 403, response_headers={"cf-mitigated": "challenge"}),
            h.script(
                "https://www.clinic.example/cdn-cgi/challenge-platform/h/g/orchestrate/jsch/v1",
                referer=HOME,
            ),
        ],
        ["403", "cloudflare"],
    ),
    "turnstile-503": (
        [
            document(HOME, 503),
            h.script("https://challenges.cloudflare.com/turnstile/v0/api.js", referer=HOME),
        ],
        ["503", "turnstile"],
    ),
    "hcaptcha-429": (
        [
            document(HOME, 429),
            h.script("https://js.hcaptcha.com/1/api.js?render=explicit", referer=HOME),
            h.request(
                "https://api.hcaptcha.com/checksiteconfig?v=1&host=www.clinic.example",
                method="POST",
                body="{}",
                mime="application/json",
            ),
        ],
        ["429", "hcaptcha"],
    ),
    "datadome-403": (
        [
            document(HOME, 403, response_headers={"X-DataDome": "protected"}),
            h.request(
                "https://geo.captcha-delivery.com/captcha/?initialCid=AHrlqAAAAAMA&cid=abc",
                resource_type="document",
            ),
            h.request("https://www.googletagmanager.com/gtag/js?id=G-X", mime="text/javascript"),
        ],
        ["403", "datadome"],
    ),
    "perimeterx-403": (
        [
            document("https://www.clinic.example/conditions/asthma", 403),
            h.script("https://captcha.px-cdn.net/PXabc123/captcha.js?a=c&m=0", referer=HOME),
        ],
        ["403", "perimeterx"],
    ),
    "akamai-200-challenge-only": (
        [
            h.request(
                "https://www.clinic.example/_sec/cp_challenge/sec-cpt-if?s=1",
                resource_type="document",
            ),
            document(HOME, 403),
        ],
        ["akamai"],
    ),
    "plain-503-error-page": ([document(HOME, 503)], ["503"]),
}


@pytest.mark.parametrize("name", sorted(CHALLENGES))
def test_a_challenge_or_error_page_cannot_show_collection(tmp_path, name):
    entries, said = CHALLENGES[name]
    evidence = extract(tmp_path, *entries)
    assert evidence["facts"]["collection"]["value"] is None
    warning = " ".join(w for w in evidence["warnings"] if "challenge" in w or "error page" in w)
    for word in said:
        assert word in warning.lower(), (word, evidence["warnings"])
    assert "record the capture again" in warning


def test_a_solved_challenge_followed_by_the_page_is_an_ordinary_capture(tmp_path):
    evidence = extract(
        tmp_path,
        document(HOME, 403, response_headers={"cf-mitigated": "challenge"}),
        h.script("https://www.clinic.example/cdn-cgi/challenge-platform/h/g/orchestrate/jsch/v1"),
        document(HOME, 200),
        h.ga4_collect(HOME, "Clinic"),
    )
    assert evidence["facts"]["collection"]["value"] == "client-side"
    assert not any("challenge" in w for w in evidence["warnings"])


@pytest.mark.parametrize(
    "odd_one",
    [
        document("https://www.clinic.example/old-page", 404),
        h.request("https://www.clinic.example/api/slots", status=503, mime="application/json"),
        h.request("https://www.clinic.example/favicon.ico", status=0, mime="image/x-icon"),
    ],
)
def test_one_missing_page_or_failed_request_changes_nothing(tmp_path, odd_one):
    entries = [document(HOME, 200), odd_one, h.ga4_collect(HOME, "Clinic")]
    evidence = extract(tmp_path, *entries)
    assert evidence["facts"]["collection"]["value"] == "client-side"
    assert not any("challenge" in w or "error page" in w for w in evidence["warnings"])


def test_a_normal_page_with_a_captcha_on_its_form_is_an_ordinary_capture(tmp_path):
    evidence = extract(
        tmp_path,
        document(HOME, 200),
        h.script("https://js.hcaptcha.com/1/api.js", referer=HOME),
        h.request("https://www.clinic.example/contact", method="POST", body="{}"),
    )
    assert evidence["facts"]["collection"]["value"] == "server-side"
    assert not any("challenge" in w for w in evidence["warnings"])
