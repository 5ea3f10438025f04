"""`vendor-eval extract har`: what a browser capture proves about where data went."""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
from pathlib import Path
from urllib.parse import quote, unquote_plus

import hargen as h
import pytest
from conftest import run_cli

from vendor_eval.errors import InputError
from vendor_eval.evidence import har as harmod
from vendor_eval.evidence.har import payload as harpayload
from vendor_eval.evidence.har import stream as harstream
from vendor_eval.evidence.io import load_evidence

SITE = "clinic.example"
HEALTH_PAGE = "https://www.clinic.example/conditions/diabetes/schedule-appointment"
HOME = "https://www.clinic.example/"
EMAIL = "jane.canary@example.org"
PHONE = "+1 (555) 010-4477"


def extract(tmp_path: Path, *entries: dict, args: tuple[str, ...] = ()) -> dict:
    """Run the command on a capture of `entries`; return the evidence as data."""
    # Recorded on the site's home page, as Chrome titles it; entries may all be third-party.
    capture = h.write(tmp_path / "capture.har", h.har(*entries, page_url=HOME))
    result = run_cli("extract", "har", capture, "--site", SITE, "--format", "json", *args)
    assert result.exit_code == 0, result
    return json.loads(result.stdout)


def vendor_ids(evidence: dict) -> list[str]:
    return [v["id"] for v in evidence["facts"]["client_side_vendors"]["value"]]


def signals(evidence: dict, kind: str | None = None) -> list[dict]:
    found = evidence["facts"]["phi_signals"]["value"]
    return [s for s in found if kind is None or s["kind"] == kind]


def health_page_capture() -> list[dict]:
    return [
        h.page(HEALTH_PAGE),
        h.script("https://cdn.mxpnl.com/libs/mixpanel-2-latest.min.js", referer=HOME),
        h.mixpanel_track({"$current_url": HEALTH_PAGE, "distinct_id": "d-1", "$email": EMAIL}),
        h.script("https://www.googletagmanager.com/gtag/js?id=G-TEST123", referer=HOME),
        h.ga4_collect(HEALTH_PAGE, "Diabetes care | Clinic"),
        h.script("https://connect.facebook.net/en_US/fbevents.js", referer=HOME),
        h.meta_pixel(HEALTH_PAGE, email=EMAIL),
        h.request("https://fonts.gstatic.com/s/inter.woff2", mime="font/woff2", referer=HOME),
        h.request("https://api.clinic.example/appointments", method="POST", body="{}"),
    ]


# ------------------------------------------------------------------- the main cases


def test_health_page_with_three_trackers_is_client_side(tmp_path):
    evidence = extract(tmp_path, *health_page_capture())
    facts = evidence["facts"]
    assert evidence["kind"] == "har"
    assert facts["collection"]["value"] == "client-side"
    assert vendor_ids(evidence) == [
        "google-analytics",
        "google-tag-manager",
        "meta-pixel",
        "mixpanel",
    ]
    categories = {v["id"]: v["category"] for v in facts["client_side_vendors"]["value"]}
    assert categories["meta-pixel"] == "ads"
    assert categories["mixpanel"] == "analytics"
    assert categories["google-tag-manager"] == "tag-manager"
    # gtag.js only loaded code; GA4 itself received the page view.
    received = {v["id"]: v["received_data"] for v in facts["client_side_vendors"]["value"]}
    assert received == {
        "google-analytics": True,
        "google-tag-manager": False,
        "meta-pixel": True,
        "mixpanel": True,
    }
    health_hosts = {s["host"] for s in signals(evidence, "health-context")}
    assert {"api-js.mixpanel.com", "region1.google-analytics.com", "www.facebook.com"} <= (
        health_hosts
    )
    ga_dl = next(
        s
        for s in signals(evidence)
        if s["field"] == "query:dl" and s["vendor"] == "google-analytics"
    )
    assert ga_dl["terms"] == ["condition", "diabetes", "schedule appointment"]
    assert {s["kind"] for s in signals(evidence)} >= {"health-context", "email", "email-hash"}
    cited = [c for c in facts["collection"]["citations"]]
    assert {c["host"] for c in cited} == {
        "api-js.mixpanel.com",
        "region1.google-analytics.com",
        "www.facebook.com",
    }
    assert all(isinstance(c["entry"], int) and c["method"] for c in cited)


def test_output_never_contains_personal_values(tmp_path):
    entries = health_page_capture() + [
        h.request(
            "https://api.segment.io/v1/identify",
            method="POST",
            body=json.dumps({"traits": {"name": "Janet Canaryfield", "phone": PHONE}}),
        )
    ]
    capture = h.write(tmp_path / "c.har", h.har(*entries))
    result = run_cli("extract", "har", capture, "--site", SITE, "--canary", EMAIL)
    assert result.exit_code == 0, result
    text = result.stdout + result.stderr
    digest = hashlib.sha256(EMAIL.encode()).hexdigest()
    for secret in (EMAIL, quote(EMAIL), digest, "Janet", "Canaryfield", "555", "010-4477"):
        assert secret.lower() not in text.lower(), secret
    kinds = {s["kind"] for s in signals(json.loads(run_json(capture, "--canary", EMAIL)))}
    assert {"name", "phone", "email", "email-hash"} <= kinds


def run_json(capture: Path, *args: str) -> str:
    result = run_cli("extract", "har", capture, "--site", SITE, "--format", "json", *args)
    assert result.exit_code == 0, result
    return result.stdout


def test_first_party_only_capture_is_server_side(tmp_path):
    evidence = extract(
        tmp_path,
        h.page(HEALTH_PAGE),
        h.script("https://www.clinic.example/static/app.js", referer=HEALTH_PAGE),
        h.request("https://collect.clinic.example/events", method="POST", body='{"e":"view"}'),
        h.script("https://cdn.jsdelivr.net/npm/alpinejs@3.13.0/dist/cdn.min.js", referer=HOME),
        h.request("https://fonts.googleapis.com/css2?family=Inter", mime="text/css", referer=HOME),
        h.request("https://fonts.gstatic.com/s/inter.woff2", mime="font/woff2", referer=HOME),
    )
    facts = evidence["facts"]
    assert facts["collection"]["value"] == "server-side"
    assert facts["client_side_vendors"]["value"] == []
    classes = {host["host"]: host["class"] for host in facts["third_party_hosts"]["value"]}
    assert classes == {
        "cdn.jsdelivr.net": "static-cdn",
        "fonts.googleapis.com": "fonts",
        "fonts.gstatic.com": "fonts",
    }
    assert facts["phi_signals"]["value"] == []
    assert "3 to static CDNs or font hosts" in facts["collection"]["citations"][0]["quote"]


def test_vendor_code_with_first_party_collection_is_hybrid(tmp_path):
    evidence = extract(
        tmp_path,
        h.page(HOME),
        h.script("https://cdn.mxpnl.com/libs/mixpanel-2-latest.min.js", referer=HOME),
        # The SDK is pointed at a first-party proxy.
        h.request("https://mp.clinic.example/track/?data=e30%3D", method="POST", body="x=1"),
    )
    assert evidence["facts"]["collection"]["value"] == "hybrid"
    assert vendor_ids(evidence) == ["mixpanel"]
    assert evidence["facts"]["client_side_vendors"]["value"][0]["received_data"] is False


def test_unknown_third_party_receiving_data_leaves_collection_undecided(tmp_path):
    evidence = extract(
        tmp_path,
        h.page(HOME),
        h.request("https://beacon.unheard-of-tracker.example/c?u=1", method="POST", body="{}"),
    )
    assert evidence["facts"]["collection"]["value"] is None
    assert any("beacon.unheard-of-tracker.example" in w for w in evidence["warnings"])


# ---------------------------------------------------------------- hosts and sites


@pytest.mark.parametrize(
    ("host", "vendor"),
    [
        ("api-js.mixpanel.com", "mixpanel"),
        ("mixpanel.com", "mixpanel"),
        ("notmixpanel.com", None),
        ("mixpanel.com.evil.example", None),
        ("www.facebook.com", "meta-pixel"),  # path /tr below
        ("static.hotjar.com", "hotjar"),
        ("c.clarity.ms", "microsoft-clarity"),
        ("bat.bing.com", "bing-ads"),
        ("us.i.posthog.com", "posthog"),
        ("analytics.tiktok.com", "tiktok-pixel"),
        ("www.tiktok.com", None),
    ],
)
def test_vendors_match_on_label_boundaries(tmp_path, host, vendor):
    evidence = extract(tmp_path, h.request(f"https://{host}/tr?x=1", mime="image/gif"))
    hosts = evidence["facts"]["third_party_hosts"]["value"]
    assert [(x["host"], x["vendor"]) for x in hosts] == [(host, vendor)]


def test_facebook_outside_the_pixel_path_is_not_the_pixel(tmp_path):
    evidence = extract(tmp_path, h.request("https://www.facebook.com/plugins/page.php?href=x"))
    assert vendor_ids(evidence) == []
    assert evidence["facts"]["third_party_hosts"]["value"][0]["class"] == "other"


@pytest.mark.parametrize(
    "site",
    ["clinic.example", "www.clinic.example", "https://WWW.Clinic.Example/", "clinic.example."],
)
def test_site_is_given_with_or_without_www(tmp_path, site):
    capture = h.write(
        tmp_path / "c.har",
        h.har(
            h.page("https://www.clinic.example/"),
            h.page("https://portal.clinic.example/login"),
            h.page("https://clinic.example.evil.example/"),
        ),
    )
    result = run_cli("extract", "har", capture, "--site", site, "--format", "json")
    assert result.exit_code == 0, result
    hosts = json.loads(result.stdout)["facts"]["third_party_hosts"]["value"]
    assert [x["host"] for x in hosts] == ["clinic.example.evil.example"]


def test_extra_sites_count_as_first_party(tmp_path):
    capture = h.write(
        tmp_path / "c.har", h.har(h.page(HOME), h.page("https://clinic-media.example/a.png"))
    )
    evidence = json.loads(run_json(capture, "--site", "clinic-media.example"))
    assert evidence["facts"]["third_party_hosts"]["value"] == []
    assert evidence["document"]["sites"] == ["clinic.example", "clinic-media.example"]


def test_bad_site_is_a_usage_error(tmp_path):
    capture = h.write(tmp_path / "c.har", h.har(h.page(HOME)))
    result = run_cli("extract", "har", capture, "--site", "not a domain")
    assert result.exit_code == 2
    assert "--site" in result.stderr and "Traceback" not in result.stderr


# ------------------------------------------------------------------ payload shapes


@pytest.mark.parametrize(
    "text",
    [
        "dl=https%3A%2F%2Fclinic.example%2Fbook%2F7&dt=Diabetes+care",
        "a%C3=%A9b",  # a UTF-8 character cut by an `=` decodes as two bad bytes
        "%=%3D=%3d%%2",  # escapes that are not, and an escaped `=`
        "name=ca%E2%82%ACt==+é%F0%9F%98%80",
        "",
    ],
)
def test_canary_search_decodes_a_value_as_form_decoding_does(text):
    # The canary search takes decoded names and values from the memo the payload
    # reading fills, joined at the `=` signs; the view must be what `unquote_plus` gives.
    assert harpayload.form_decoded_piece(text) == unquote_plus(text)


@pytest.mark.parametrize("post", [False, True], ids=["get-query", "post-form-body"])
def test_mixpanel_base64_data_is_decoded(tmp_path, post):
    evidence = extract(
        tmp_path,
        h.mixpanel_track({"$current_url": "https://clinic.example/patient/lab-results"}, post=post),
    )
    found = signals(evidence, "health-context")
    assert len(found) == 1
    assert found[0]["vendor"] == "mixpanel"
    assert found[0]["terms"] == ["patient", "lab result"]
    assert found[0]["field"].endswith("properties.$current_url")


def test_json_post_body_and_form_params(tmp_path):
    evidence = extract(
        tmp_path,
        h.request(
            "https://api.segment.io/v1/t",
            method="POST",
            body=json.dumps(
                {"event": "Booked Appointment: Cardiology", "properties": {"name": "Home"}}
            ),
        ),
        h.request(
            "https://api2.amplitude.com/2/httpapi",
            method="POST",
            body="",
            params=[("e", json.dumps({"user_properties": {"first_name": "Zed"}}))],
            body_mime="application/x-www-form-urlencoded",
        ),
    )
    by_host = {(s["host"], s["kind"]): s for s in signals(evidence)}
    assert by_host[("api.segment.io", "health-context")]["terms"] == ["appointment", "cardiology"]
    assert by_host[("api2.amplitude.com", "name")]["field"] == "body:e.user_properties.first_name"
    # An event's "name" is not a person's name.
    assert ("api.segment.io", "name") not in by_host


def test_url_encoded_referrer_and_nested_page_url(tmp_path):
    encoded = quote("https://clinic.example/find-a-doctor?specialty=oncology", safe="")
    evidence = extract(
        tmp_path,
        h.request(f"https://px.ads.linkedin.com/collect/?url={encoded}", mime="image/gif"),
    )
    found = signals(evidence, "health-context")
    assert [s["terms"] for s in found] == [["find a doctor", "oncology"]]


def test_terms_and_conditions_page_is_not_health_context(tmp_path):
    evidence = extract(
        tmp_path,
        h.meta_pixel("https://clinic.example/legal/terms-and-conditions"),
    )
    assert signals(evidence, "health-context") == []


def test_opaque_ids_are_not_read_as_words(tmp_path):
    evidence = extract(
        tmp_path,
        h.request(
            "https://www.google-analytics.com/collect?gclid=Cj0KCQ-rx-hiv_1a2B3c4D&cid=ivf.1767225600",
            mime="image/gif",
        ),
    )
    assert signals(evidence, "health-context") == []


def test_health_terms_file_extends_the_list(tmp_path):
    terms = tmp_path / "terms.yaml"
    terms.write_text("terms:\n  - bariatric surgery\n", encoding="utf-8")
    page_url = "https://clinic.example/services/bariatric-surgery"
    capture = h.write(tmp_path / "c.har", h.har(h.meta_pixel(page_url)))
    without = signals(json.loads(run_json(capture)))
    with_terms = signals(json.loads(run_json(capture, "--health-terms", str(terms))))
    assert [s["terms"] for s in without if s["field"] == "query:dl"] == [["surgery"]]
    assert [s["terms"] for s in with_terms if s["field"] == "query:dl"] == [["bariatric surgery"]]


def test_bad_health_terms_file_is_an_input_error(tmp_path):
    terms = tmp_path / "terms.yaml"
    terms.write_text("terms: diabetes\n", encoding="utf-8")
    capture = h.write(tmp_path / "c.har", h.har(h.page(HOME)))
    result = run_cli("extract", "har", capture, "--site", SITE, "--health-terms", terms)
    assert result.exit_code == 2
    assert str(terms) in result.stderr and "list" in result.stderr


def test_phone_numbers_formatted_or_under_a_phone_key(tmp_path):
    evidence = extract(
        tmp_path,
        h.request(
            "https://a.klaviyo.example/x?msg=call%20me%20at%20555-010-4477", mime="image/gif"
        ),
        h.request("https://b.tracker.example/y?phone=5550104477", mime="image/gif"),
        h.request("https://c.tracker.example/z?ts=1767225600000&id=2024-05-01", mime="image/gif"),
    )
    assert [(s["host"], s["kind"]) for s in signals(evidence)] == [
        ("a.klaviyo.example", "phone"),
        ("b.tracker.example", "phone"),
    ]


# ------------------------------------------------------------------------ canaries


def _b64(value: str) -> str:
    return base64.b64encode(value.encode()).decode()


@pytest.mark.parametrize(
    ("make", "form", "field"),
    [
        (lambda v: h.request(f"https://t.example/p?e={v}"), "plain", "url"),
        (lambda v: h.request(f"https://t.example/p?e={quote(v, safe='')}"), "url-encoded", "url"),
        (lambda v: h.request(f"https://t.example/p?e={_b64(v)}"), "base64", "url"),
        (
            lambda v: h.request(
                "https://t.example/p?"
                + "ud="
                + hashlib.sha256(v.strip().lower().encode()).hexdigest()
            ),
            "sha256",
            "url",
        ),
        (
            lambda v: h.request(
                "https://t.example/p?h=" + hashlib.md5(v.lower().encode()).hexdigest().upper()
            ),
            "md5",
            "url",
        ),
        (
            lambda v: h.request("https://t.example/p", referer=f"https://clinic.example/?e={v}"),
            "plain",
            "header:referer",
        ),
        (
            lambda v: h.request("https://t.example/p", cookies={"uid": _b64(v)}),
            "base64",
            "cookie:uid",
        ),
        (
            lambda v: h.request(
                "https://t.example/p", method="POST", body=json.dumps({"u": {"email": v.upper()}})
            ),
            "plain",
            "body",
        ),
        (
            lambda v: h.mixpanel_track({"$email": v}, post=True),
            "base64",
            "body",
        ),
    ],
    ids=[
        "plain",
        "url-encoded",
        "base64",
        "sha256",
        "md5",
        "referer",
        "cookie",
        "body",
        "mixpanel",
    ],
)
def test_canary_found_in_every_form(tmp_path, make, form, field):
    capture = h.write(tmp_path / "c.har", h.har(h.page(HOME), make(EMAIL)))
    result = run_cli(
        "extract", "har", capture, "--site", SITE, "--canary", f"  {EMAIL} ", "--format", "json"
    )
    assert result.exit_code == 0, result
    leaks = json.loads(result.stdout)["facts"]["canary_leaks"]
    assert [(x["canary"], x["form"], x["field"]) for x in leaks["value"]] == [(1, form, field)]
    assert leaks["citations"][0]["entry"] == 1
    assert EMAIL not in result.stdout.lower()


def test_canary_sent_only_to_the_site_is_not_a_leak(tmp_path):
    capture = h.write(
        tmp_path / "c.har",
        h.har(h.request("https://www.clinic.example/book", method="POST", body=f"email={EMAIL}")),
    )
    leaks = json.loads(run_json(capture, "--canary", EMAIL))["facts"]["canary_leaks"]
    assert leaks["value"] == []


def test_canary_leaks_is_null_when_no_canary_was_given(tmp_path):
    evidence = extract(tmp_path, h.page(HOME))
    assert evidence["facts"]["canary_leaks"]["value"] is None


def test_several_canaries_are_numbered_in_the_order_given(tmp_path):
    capture = h.write(
        tmp_path / "c.har",
        h.har(
            h.request("https://t.example/p?n=Quillonia%20Braxworth&c=hypothyroidism", referer=HOME)
        ),
    )
    out = run_json(capture, "--canary", "hypothyroidism", "--canary", "Quillonia Braxworth")
    leaks = json.loads(out)["facts"]["canary_leaks"]["value"]
    assert sorted((x["canary"], x["form"]) for x in leaks) == [(1, "plain"), (2, "url-encoded")]
    assert "quillonia" not in out.lower() and "hypothyroidism" not in out.lower()


def test_short_canary_is_refused(tmp_path):
    capture = h.write(tmp_path / "c.har", h.har(h.page(HOME)))
    result = run_cli("extract", "har", capture, "--site", SITE, "--canary", "Al")
    assert result.exit_code == 2
    assert "--canary" in result.stderr


# ------------------------------------------------------------ redirects and cookies


def test_redirect_to_a_tracker_without_a_follow_up_entry_still_counts(tmp_path):
    target = f"https://www.facebook.com/tr/?id=1&ev=Lead&dl={quote(HEALTH_PAGE, safe='')}"
    evidence = extract(
        tmp_path, h.request("https://www.clinic.example/go?to=fb", status=302, redirect=target)
    )
    assert evidence["facts"]["collection"]["value"] == "client-side"
    assert vendor_ids(evidence) == ["meta-pixel"]
    signal = signals(evidence, "health-context")[0]
    assert signal["entry"] == 0 and signal["host"] == "www.facebook.com"


def test_redirect_followed_in_the_capture_is_counted_once(tmp_path):
    target = "https://www.facebook.com/tr/?id=1&ev=Lead"
    evidence = extract(
        tmp_path,
        h.request("https://www.clinic.example/go", status=302, redirect=target),
        h.request(target, mime="image/gif"),
    )
    hosts = evidence["facts"]["third_party_hosts"]["value"]
    assert [(x["host"], x["requests"]) for x in hosts] == [("www.facebook.com", 1)]
    assert evidence["document"]["requests"] == 2


def test_third_party_cookies_set_and_sent(tmp_path):
    evidence = extract(
        tmp_path,
        h.request(
            "https://www.clinic.example/",
            set_cookie=["session=abc; Path=/; HttpOnly"],
        ),
        h.request(
            "https://stats.g.doubleclick.net/g/collect?v=2",
            set_cookie=["IDE=AHWqTUm; Domain=.doubleclick.net; Secure; SameSite=None"],
            cookies={"IDE": "AHWqTUm"},
            mime="image/gif",
        ),
    )
    cookies = evidence["facts"]["third_party_cookies"]["value"]
    assert [(c["domain"], c["name"], c["how"], c["vendor"]) for c in cookies] == [
        ("doubleclick.net", "IDE", ["set"], "google-ads"),
        ("stats.g.doubleclick.net", "IDE", ["sent"], "google-ads"),
    ]
    assert "AHWqTUm" not in json.dumps(evidence)


# ---------------------------------------------------------------- output contract


def test_evidence_file_validates_and_is_deterministic(tmp_path):
    capture = h.write(tmp_path / "c.har", h.har(*health_page_capture()))
    first = run_cli("extract", "har", capture, "--site", SITE, "-o", tmp_path / "a.yaml")
    second = run_cli("extract", "har", capture, "--site", SITE, "-o", tmp_path / "b.yaml")
    assert first.exit_code == second.exit_code == 0, first
    assert (tmp_path / "a.yaml").read_bytes() == (tmp_path / "b.yaml").read_bytes()
    evidence = load_evidence(tmp_path / "a.yaml")
    assert evidence.kind == "har"
    assert evidence.document.sha256 == hashlib.sha256(capture.read_bytes()).hexdigest()
    assert evidence.document.extra["entries"] == len(health_page_capture())
    assert evidence.value("collection") == "client-side"


def test_output_file_is_not_overwritten_without_force(tmp_path):
    capture = h.write(tmp_path / "c.har", h.har(h.page(HOME)))
    out = tmp_path / "out.yaml"
    out.write_text("keep me\n", encoding="utf-8")
    refused = run_cli("extract", "har", capture, "--site", SITE, "-o", out)
    assert refused.exit_code == 2 and "--force" in refused.stderr
    assert out.read_text(encoding="utf-8") == "keep me\n"
    forced = run_cli("extract", "har", capture, "--site", SITE, "-o", out, "--force")
    assert forced.exit_code == 0, forced
    assert out.read_text(encoding="utf-8").startswith("document:")


def test_streaming_gives_the_same_answer_whatever_the_chunk_size(tmp_path, monkeypatch):
    capture = h.har(*health_page_capture())
    # Keys in an unusual order, with bulky values the reader must step over.
    log = {
        "entries": capture["log"]["entries"],
        "creator": {"name": "odd", "version": "2"},
        "pages": [],
        "comment": 3.25,
    }
    capture = {"_extra": ["x" * 5000], "log": log}
    path = h.write(tmp_path / "c.har", capture)
    expected = run_json(path)
    monkeypatch.setattr(harstream, "CHUNK_BYTES", 7)
    assert run_json(path) == expected
    assert json.loads(expected)["document"]["creator"] == "odd 2"


# ------------------------------------------------------------------------ bad input


def _error(tmp_path: Path, raw: bytes, *args: str) -> str:
    path = tmp_path / "bad.har"
    path.write_bytes(raw)
    result = run_cli("extract", "har", path, "--site", SITE, *args)
    assert result.exit_code == 2, result
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and str(path) in lines[0], result
    return lines[0]


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"", "is empty"),
        (b"<html><body>Not found</body></html>", "is not JSON"),
        (b"[1, 2, 3]", "not a HAR capture"),
        (b'{"hello": "world"}', "no `log` object"),
        (b'{"log": {"version": "1.2"}}', "`log.entries` is missing"),
        (b'{"log": {"entries": {}}}', "`log.entries` is missing"),
        (b'{"log": []}', "`log` is not an object"),
        (b'{"log": {"entries": []}}', "no requests"),
        (b'{"log": {"entries": [{"request": {"url": 5}}, 7]}}', "none of the 2 entries"),
        (b'{"log": {"entries": [{"request": {', "not valid JSON"),
        (b'{"log": {"entries": [], "x": tru}}', "not valid JSON (line 1"),
        (gzip.compress(b'{"log": {"entries": []}}'), "gzip"),
    ],
    ids=[
        "empty", "html", "list", "no-log", "no-entries", "entries-object", "log-list",
        "zero-entries", "all-broken", "truncated-first", "bad-literal", "gzip",
    ],
)  # fmt: skip
def test_unreadable_captures_get_one_line_errors(tmp_path, raw, message):
    assert message in _error(tmp_path, raw)


def test_missing_file_and_directory(tmp_path):
    missing = run_cli("extract", "har", tmp_path / "nope.har", "--site", SITE)
    assert missing.exit_code == 2 and "no such file" in missing.stderr
    folder = run_cli("extract", "har", tmp_path, "--site", SITE)
    assert folder.exit_code == 2 and "Traceback" not in folder.stderr


def test_broken_entries_become_warnings(tmp_path):
    evidence = extract(
        tmp_path,
        h.page(HOME),
        {"request": {"method": "GET"}},
        {"response": {}},
        h.request("http://[::1/broken"),
        h.request("not a url at all"),
        h.request("data:image/png;base64,iVBORw0KGgo="),
        h.meta_pixel(HEALTH_PAGE),
    )
    warnings = "\n".join(evidence["warnings"])
    assert "entry 1: no request URL" in warnings
    assert "entry 2: no `request` object" in warnings
    assert "entry 3: request URL cannot be parsed" in warnings
    assert "entry 4: request URL is not an absolute web address" in warnings
    assert evidence["document"]["entries"] == 7
    assert vendor_ids(evidence) == ["meta-pixel"]


def test_capture_cut_short_keeps_the_entries_before_the_break(tmp_path):
    text = json.dumps(h.har(h.page(HOME), h.meta_pixel(HEALTH_PAGE), h.page(HOME)))
    path = tmp_path / "cut.har"
    path.write_text(text[: text.rindex('"startedDateTime"') + 30], encoding="utf-8")
    result = run_cli("extract", "har", path, "--site", SITE, "--format", "json")
    assert result.exit_code == 0, result
    evidence = json.loads(result.stdout)
    assert vendor_ids(evidence) == ["meta-pixel"]
    assert any("reading stopped after entry" in w for w in evidence["warnings"])
    assert evidence["document"]["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()


def test_non_utf8_bytes_and_base64_bodies_are_survivable(tmp_path):
    entries = [
        h.page(HOME),
        h.request(
            "https://api.segment.io/v1/t",
            method="POST",
            body=base64.b64encode(b"\xff\xfe binary \x00 email=" + EMAIL.encode()).decode(),
            body_encoding="base64",
        ),
        h.request(
            "https://cdn.jsdelivr.net/x.png",
            mime="image/png",
            response_text=base64.b64encode(b"\x89PNG\r\n\x1a\n").decode(),
            response_encoding="base64",
        ),
        h.request("https://www.clinic.example/LATIN1MARK"),
    ]
    raw = json.dumps(h.har(*entries)).encode().replace(b"LATIN1MARK", b"caf\xe9")
    path = tmp_path / "odd.har"
    path.write_bytes(raw)
    result = run_cli("extract", "har", path, "--site", SITE, "--canary", EMAIL, "--format", "json")
    assert result.exit_code == 0, result
    evidence = json.loads(result.stdout)
    warnings = "\n".join(evidence["warnings"])
    assert "not UTF-8" in warnings
    assert "entry 1: request body is not UTF-8 text" in warnings
    assert [x["host"] for x in evidence["facts"]["canary_leaks"]["value"]] == ["api.segment.io"]
    assert "warning:" in result.stderr


def test_lone_surrogates_and_control_characters_do_not_break_the_output(tmp_path):
    raw = json.dumps(
        h.har(
            h.request("https://t.example/p?x=1", referer="https://clinic.example/\x1b[31mpatient")
        )
    ).replace("patient", "patient\\udc80")
    path = tmp_path / "s.har"
    path.write_text(raw, encoding="utf-8")
    result = run_cli("extract", "har", path, "--site", SITE)
    assert result.exit_code == 0, result
    assert "\x1b" not in result.stdout


# ------------------------------------------------------------------- shipped data


def test_shipped_tracker_list_covers_the_common_vendors():
    catalogue = harmod.load_catalogue()
    vendors = {
        host_class.vendor.id: host_class.vendor.category
        for rules in catalogue.rules.values()
        for _, host_class in rules
        if host_class.vendor
    }
    required = {
        "mixpanel", "google-analytics", "google-tag-manager", "meta-pixel", "segment",
        "amplitude", "heap", "hotjar", "fullstory", "posthog", "tiktok-pixel",
        "linkedin-insight", "microsoft-clarity", "bing-ads", "twitter-pixel",
    }  # fmt: skip
    assert required <= set(vendors)
    assert set(vendors.values()) == set(harmod.CATEGORIES)


def test_tracker_file_errors_name_the_problem():
    with pytest.raises(InputError, match="category"):
        harmod.load_catalogue("vendors:\n  x:\n    category: gossip\n    hosts: [x.example]\n")
    with pytest.raises(InputError, match="hosts"):
        harmod.load_catalogue("vendors:\n  x:\n    category: ads\n    hosts: x.example\n")


def test_an_entry_over_the_size_bound_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(harstream, "MAX_ENTRY_CHARS", 4096)
    monkeypatch.setattr(harstream, "CHUNK_BYTES", 1024)
    huge = h.request("https://www.clinic.example/", response_text="x" * 20_000)
    message = _error(tmp_path, json.dumps(h.har(huge)).encode())
    assert "is larger than" in message and "without response bodies" in message


def test_ga4_batched_hits_one_per_line(tmp_path):
    page_url = quote("https://clinic.example/patient-portal/prescriptions", safe="")
    body = f"en=page_view&dl={page_url}\r\nen=scroll&dl={page_url}&ep.email=a%40b.example"
    evidence = extract(
        tmp_path,
        h.request(
            "https://region1.google-analytics.com/g/collect?v=2&tid=G-1",
            method="POST",
            body=body,
            body_mime="text/plain",
        ),
    )
    kinds = {(s["kind"], s["field"]) for s in signals(evidence)}
    assert kinds == {("health-context", "body.dl"), ("email", "body.ep.email")}
    found = signals(evidence, "health-context")[0]
    assert found["terms"] == ["patient portal", "prescription"]
    assert found["requests"] == 1
