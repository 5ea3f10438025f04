"""Health words count in values, never in names: ad-platform flags whose *names* hold a
health word (`is_pregnancy_targeting_enabled=0`, `hiv=1`) are settings, not what the page
is about. Written as query strings, JSON bodies and form bodies."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote, urlencode

import hargen as h
from conftest import run_cli

SITE = "clinic.example"
HOME = "https://www.clinic.example/"


def extract(tmp_path: Path, *entries: dict) -> dict:
    # Recorded on the site's home page, as Chrome titles it; entries may all be third-party.
    capture = h.write(tmp_path / "capture.har", h.har(*entries, page_url=HOME))
    result = run_cli("extract", "har", capture, "--site", SITE, "--format", "json")
    assert result.exit_code == 0, result
    return json.loads(result.stdout)


def health_terms(evidence: dict) -> list[tuple[str, list[str]]]:
    return [
        (s["field"], s["terms"])
        for s in evidence["facts"]["phi_signals"]["value"]
        if s["kind"] == "health-context"
    ]


PAGE = "https://www.clinic.example/offers"
FLAGS = {"is_pregnancy_targeting_enabled": "0", "hiv": "1", "cancer_flag": "false", "rx": "0"}


def test_flag_names_in_a_query_string_are_not_health_context(tmp_path):
    page_url = f"{PAGE}?{urlencode(FLAGS)}"
    evidence = extract(
        tmp_path,
        h.meta_pixel(page_url),
        h.request(
            f"https://ads.linkedin.com/collect/?{urlencode(FLAGS)}&url={quote(page_url, safe='')}",
            referer=page_url,
            mime="image/gif",
        ),
    )
    assert health_terms(evidence) == []


def test_json_keys_are_not_health_context(tmp_path):
    body = {
        "event": "page_view",
        "cancer_flag": False,
        "std": "yes",
        "hiv": 1,
        "context": {"page": {"url": f"{PAGE}?hiv=1&is_pregnancy_targeting_enabled=0"}},
        "custom": json.dumps({"is_pregnancy_targeting_enabled": 0, "rx": "none"}),
    }
    evidence = extract(
        tmp_path,
        h.request("https://api.segment.io/v1/t", method="POST", body=json.dumps(body)),
    )
    assert health_terms(evidence) == []


def test_form_field_names_are_not_health_context(tmp_path):
    form = [("is_pregnancy_targeting_enabled", "0"), ("hiv", "1"),
            ("dl", f"{PAGE}?cancer_flag=false&rx=0")]  # fmt: skip
    evidence = extract(
        tmp_path,
        h.request(
            "https://www.google-analytics.com/collect",
            method="POST",
            params=form,
            body=urlencode(form),
            body_mime="application/x-www-form-urlencoded",
        ),  # fmt: skip
        h.request(
            "https://analytics.tiktok.com/api/v2/pixel",
            method="POST",
            body=urlencode(form),
            body_mime="text/plain",
        ),  # fmt: skip
    )
    assert health_terms(evidence) == []


def test_the_same_words_as_values_are_still_health_context(tmp_path):
    evidence = extract(
        tmp_path,
        h.meta_pixel(f"{PAGE}?topic=hiv&flag=1"),
        h.request(
            "https://api.segment.io/v1/t",
            method="POST",
            body=json.dumps({"properties": {"category": "pregnancy", "cancer_flag": "cancer"}}),
        ),
        h.request(
            "https://www.google-analytics.com/collect",
            method="POST",
            params=[("ep.interest", "rx")],
            body="",
            body_mime="application/x-www-form-urlencoded",
        ),  # fmt: skip
    )
    found = health_terms(evidence)
    assert ("query:dl", ["hiv"]) in found
    assert ("body.properties.category", ["pregnancy"]) in found
    assert ("body.properties.cancer_flag", ["cancer"]) in found
    assert ("body:ep.interest", ["rx"]) in found
