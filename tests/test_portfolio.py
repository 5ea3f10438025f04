"""`vendor-eval portfolio`: every vendor in one view, riskiest first, with its charts."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest
from conftest import REPO, run_cli

PROFILE = """vendor:
  name: {name}
assessment:
  checklist: healthcare-analytics
  as_of: "2026-06-01"
baa:
  offered: {baa}
soc2:
  type: type2
  period_end: "{period_end}"
"""


def write_profile(folder, name: str, *, baa: str = "true", period_end: str = "2026-03-31"):
    path = folder / f"{re.sub(r'[^a-z0-9]+', '-', name.lower()).strip('-')}.yaml"
    path.write_text(PROFILE.format(name=name, baa=baa, period_end=period_end), "utf-8")
    return path


@pytest.fixture
def folder(tmp_path):
    write_profile(tmp_path, "Birch Analytics", period_end="2026-01-31")
    write_profile(tmp_path, "Acme Pixels", baa="false", period_end="2025-10-31")
    write_profile(tmp_path, "Cedar Metrics", period_end="2026-07-31")
    return tmp_path


def test_json_lists_vendors_riskiest_first_with_their_next_due_date(folder):
    result = run_cli("portfolio", folder, "--as-of", "2026-11-29", "-f", "json")

    assert result.exit_code == 0, result
    data = json.loads(result.stdout)
    vendors = data["vendors"]
    # A knockout (no BAA) comes first, whatever its name.
    assert [v["vendor"] for v in vendors] == ["Acme Pixels", "Birch Analytics", "Cedar Metrics"]
    assert vendors[0]["verdict"] == "stop"
    assert vendors[0]["next_due"] == {
        "date": "2026-10-31",
        "kind": "soc2-coverage",
        "title": "SOC 2 coverage ends; obtain the next report or a bridge letter",
    }
    assert data["verdicts_by_tier"]["untiered"]["stop"] == 1
    timeline = {row["month"]: row["total"] for row in data["timeline"]}
    assert timeline["overdue"] == 1
    assert timeline["2027-01"] == 1
    assert timeline["2027-07"] == 1
    assert len(timeline) == 13


def test_html_draws_both_charts_inline_and_fetches_nothing(folder):
    out = folder / "portfolio.html"

    result = run_cli("portfolio", folder, "--as-of", "2026-11-29", "-o", out)

    assert result.exit_code == 0, result
    page = out.read_text("utf-8")
    assert page.count("<svg ") == 2
    assert 'aria-label="Verdicts by tier"' in page
    assert 'aria-label="What falls due in the next 12 months"' in page
    for forbidden in ("<script", "src=", "href=", "url(", "@import", "<link"):
        assert forbidden not in page
    assert "@media print" in page
    # One bar segment per (tier, verdict) present, titled for people who hover.
    assert "<title>untiered: 1 Stop: not fit for PHI</title>" in page


def test_markdown_is_the_default_and_escapes_vendor_text(tmp_path):
    write_profile(tmp_path, "Evil <script>alert(1)</script> | Co")

    result = run_cli("portfolio", tmp_path, "--as-of", "2026-11-29")

    assert result.exit_code == 0, result
    assert result.stdout.startswith("# Vendor portfolio")
    assert "<script>" not in result.stdout
    assert r"Evil \<script\>alert(1)\</script\> \| Co" in result.stdout


def test_html_escapes_vendor_text(tmp_path):
    write_profile(tmp_path, 'Evil <img src=x onerror="x"> Co')

    result = run_cli("portfolio", tmp_path, "--as-of", "2026-11-29", "-f", "html")

    assert result.exit_code == 0, result
    assert "<img" not in result.stdout
    assert "Evil &lt;img src=x onerror=&quot;x&quot;&gt; Co" in result.stdout


def test_an_output_name_without_a_known_suffix_is_one_line_and_exit_2(folder):
    result = run_cli("portfolio", folder, "-o", folder / "portfolio.pdf")

    assert result.exit_code == 2
    assert "cannot tell the format from 'portfolio.pdf'" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not (folder / "portfolio.pdf").exists()


def test_the_shipped_profiles_make_a_portfolio():
    result = run_cli("portfolio", REPO / "vendor_profiles", "--as-of", "2026-11-29", "-f", "json")

    assert result.exit_code == 0, result
    names = [v["vendor"] for v in json.loads(result.stdout)["vendors"]]
    assert sorted(names) == ["Google Analytics 4", "Mixpanel", "Twilio Segment"]
    assert names[0] == "Google Analytics 4"  # the only knockout


@pytest.mark.skipif(
    not (shutil.which("chromium") and shutil.which("pdftotext")),
    reason="needs chromium and pdftotext",
)
def test_the_page_prints_with_its_charts_in_chromium(folder, tmp_path):
    page = folder / "portfolio.html"
    assert run_cli("portfolio", folder, "--as-of", "2026-11-29", "-o", page).exit_code == 0
    pdf = tmp_path / "portfolio.pdf"
    subprocess.run(
        [
            "chromium",
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--no-pdf-header-footer",
            f"--print-to-pdf={pdf}",
            page.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    text = subprocess.run(
        ["pdftotext", "-layout", pdf, "-"], check=True, capture_output=True, text=True
    ).stdout
    assert "Verdicts by tier" in text
    assert "Acme Pixels" in text
    # The chart's own labels are text in the PDF: the SVG was drawn, not dropped.
    assert "late" in text and "Stop: not fit for PHI" in text


def test_within_a_verdict_the_more_critical_tier_comes_first_and_charts_count_by_tier(tmp_path):
    for name, tier in (("Aster", "low"), ("Briar", "critical"), ("Clove", None)):
        path = write_profile(tmp_path, name)
        if tier:
            text = path.read_text().replace(
                f"  name: {name}\n", f"  name: {name}\n  tier: {tier}\n"
            )
            path.write_text(text, "utf-8")

    result = run_cli("portfolio", tmp_path, "--as-of", "2026-11-29", "-f", "json")

    assert result.exit_code == 0, result
    data = json.loads(result.stdout)
    assert [(v["vendor"], v["tier"]) for v in data["vendors"]] == [
        ("Briar", "critical"),
        ("Aster", "low"),
        ("Clove", "untiered"),
    ]
    assert set(data["verdicts_by_tier"]) == {"critical", "low", "untiered"}
    # The critical vendor assessed 2026-06-01 is reassessed 182 days later.
    assert data["vendors"][0]["next_due"]["kind"] == "reassessment"
    assert data["vendors"][0]["next_due"]["date"] == "2026-11-30"
