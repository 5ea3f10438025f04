"""`extract har` on captures and options made to slip something past it: personal values
hidden in the creator, cookie names and host labels; `--site` values that are not host
names; files that are not JSON at all."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import hargen
import pytest
from conftest import run_cli

SITE = "clinic.example"
CANARY = "quillonia.braxworth@example.org"
PHONE = "+1 555 014 2276"


def extract(tmp_path: Path, capture: dict, *args: str):
    path = hargen.write(tmp_path / "capture.har", capture)
    return run_cli(
        "extract", "har", path, "--site", SITE, "--canary", CANARY, "--format", "json", *args
    )


def canary_forms() -> list[str]:
    data = CANARY.encode()
    return [
        CANARY,
        data.hex(),
        base64.b32encode(data).decode().rstrip("=").lower(),
        base64.b32encode(data).decode().rstrip("="),
    ]


def assert_nothing_personal(text: str) -> None:
    for form in canary_forms():
        assert form.lower() not in text.lower(), form
    assert "quillonia" not in text.lower()
    assert "555 014" not in text


def test_the_creator_is_redacted_like_everything_else(tmp_path):
    capture = hargen.har(hargen.page(f"https://{SITE}/"))
    capture["log"]["creator"] = {"name": f"Recorder of {CANARY}", "version": PHONE}
    result = extract(tmp_path, capture)
    assert result.exit_code == 0, result
    assert_nothing_personal(result.stdout + result.stderr)


@pytest.mark.parametrize("form", range(4), ids=["plain", "hex", "base32", "BASE32"])
def test_a_cookie_named_after_a_canary_is_masked(tmp_path, form):
    name = f"uid_{canary_forms()[form]}"
    capture = hargen.har(
        hargen.page(f"https://{SITE}/"),
        hargen.request("https://tracker.example/p.gif", cookies={name: "1"}),
    )
    result = extract(tmp_path, capture)
    assert result.exit_code == 0, result
    assert_nothing_personal(result.stdout + result.stderr)
    assert "tracker.example" in result.stdout


@pytest.mark.parametrize("form", [1, 2], ids=["hex", "base32"])
def test_a_host_label_encoding_a_canary_is_masked_in_every_host_field(tmp_path, form):
    label = canary_forms()[form][:63]
    capture = hargen.har(
        hargen.page(f"https://{SITE}/"),
        hargen.request(
            f"https://{label}.collect.tracker.example/p.gif",
            referer=f"https://{SITE}/",
            cookies={"sid": "1"},
            set_cookie=[f"id=1; Domain={label}.collect.tracker.example"],
        ),
    )
    result = extract(tmp_path, capture)
    assert result.exit_code == 0, result
    assert_nothing_personal(result.stdout + result.stderr)
    assert label not in result.stdout
    assert "collect.tracker.example" in result.stdout


@pytest.mark.parametrize(
    "name", ["Quillonia_Braxworth", "quillonia-braxworth", "QuilloniaBraxworth"]
)
def test_a_cookie_named_after_a_name_canary_with_its_spaces_changed_is_masked(tmp_path, name):
    capture = hargen.har(
        hargen.page(f"https://{SITE}/"),
        hargen.request("https://tracker.example/p.gif", cookies={f"{name}_seen": "1"}),
    )
    path = hargen.write(tmp_path / "capture.har", capture)
    result = run_cli(
        "extract",
        "har",
        path,
        "--site",
        SITE,
        "--canary",
        "Quillonia Braxworth",
        "--format",
        "json",
    )
    assert result.exit_code == 0, result
    assert "quillonia" not in result.stdout.lower()
    assert "tracker.example" in result.stdout


# --- --site must be a host name ---------------------------------------------------------


@pytest.mark.parametrize(
    ("site", "reason"),
    [
        ("x[y.example", "cannot have"),
        ("a@b.com", "@"),
        ("a" * 300 + ".example", "63"),
        (".".join(["abcdefghij"] * 26), "253"),
        ("localhost", "dot"),
        ("", "empty"),
        ("https://user:pw@clinic.example/", "@"),
    ],
)
def test_a_site_that_is_not_a_host_name_is_refused_saying_why(tmp_path, site, reason):
    path = hargen.write(tmp_path / "capture.har", hargen.har(hargen.page(f"https://{SITE}/")))
    result = run_cli("extract", "har", path, "--site", site)
    assert result.exit_code == 2, result
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result
    assert "--site" in lines[0] and reason in lines[0]
    assert "Traceback" not in result.stdout + result.stderr


@pytest.mark.parametrize(
    "site", ["clinic.example", "https://www.Clinic.example/path", "clinic.example:8443"]
)
def test_sites_as_people_write_them_are_still_taken(tmp_path, site):
    capture = hargen.har(hargen.page(f"https://{SITE}/"))
    path = hargen.write(tmp_path / "capture.har", capture)
    result = run_cli("extract", "har", path, "--site", site, "--format", "json")
    assert result.exit_code == 0, result
    assert json.loads(result.stdout)["document"]["sites"] == [SITE]


@pytest.mark.parametrize(
    "content",
    ["this is a report, not a capture\n", "2025 annual report\n", "null and void\n", "-- x\n"],
)
def test_a_file_that_is_not_json_is_called_not_json(tmp_path, content):
    path = tmp_path / "capture.har"
    path.write_text(content)
    result = run_cli("extract", "har", path, "--site", SITE)
    assert result.exit_code == 2, result
    assert "is not JSON" in result.stderr
    assert "is JSON" not in result.stderr


@pytest.mark.parametrize("content", ['[{"log": 1}]\n', "42\n", '"text"\n', "null\n"])
def test_json_that_is_not_a_capture_is_called_json(tmp_path, content):
    path = tmp_path / "capture.har"
    path.write_text(content)
    result = run_cli("extract", "har", path, "--site", SITE)
    assert result.exit_code == 2, result
    assert "is JSON but not a HAR capture" in result.stderr
