"""`vendor-eval compare`: vendors side by side."""

from __future__ import annotations

import json
from html.parser import HTMLParser

from conftest import REPO, run_cli
from markdown_it import MarkdownIt

PROFILES = sorted((REPO / "vendor_profiles").glob("*.yaml"))
AS_OF = ("--as-of", "2026-11-29")
VENDORS = ["Google Analytics 4", "Mixpanel", "Twilio Segment"]


def test_compare_table_puts_vendors_in_columns(tmp_path):
    on_screen = run_cli("compare", *PROFILES, *AS_OF)
    assert on_screen.exit_code == 0, on_screen
    assert "Mixpanel" in on_screen.stdout
    out = tmp_path / "compare.txt"  # plain text at a fixed width
    result = run_cli("compare", *PROFILES, "-o", out, *AS_OF)
    assert result.exit_code == 0, result
    text = out.read_text(encoding="utf-8")
    header = next(line for line in text.splitlines() if "Mixpanel" in line)
    # One header line names every vendor, left to right in argument order.
    positions = [header.find(v.split()[0]) for v in VENDORS]
    assert -1 not in positions and positions == sorted(positions)
    for row in ("Verdict", "Knockouts", "data_flow.collection", "consent.enforcement"):
        assert row in text


def test_compare_lists_many_vendors_as_rows_and_points_to_markdown(tmp_path):
    many = []
    for number in range(12):
        copy = tmp_path / f"vendor-{number:02}.yaml"
        copy.write_text(PROFILES[number % len(PROFILES)].read_text(encoding="utf-8"))
        many.append(copy)
    out = tmp_path / "compare.txt"
    result = run_cli("compare", *many, "-o", out, *AS_OF)
    assert result.exit_code == 0, result
    text = out.read_text(encoding="utf-8")
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= 120
    # Every vendor gets a row of its own, named in full, with its score.
    for vendor in VENDORS:
        assert sum(line.count(vendor) for line in lines) == 4, vendor
    assert "12 vendors do not fit side by side" in " ".join(text.split())
    assert "--format markdown" in text
    on_screen = run_cli("compare", *many, *AS_OF)
    assert on_screen.exit_code == 0, on_screen
    assert "one a row" in on_screen.stdout


def test_compare_markdown_is_one_well_formed_table():
    result = run_cli("compare", *PROFILES, "--format", "markdown", *AS_OF)
    assert result.exit_code == 0, result
    tokens = MarkdownIt("commonmark").enable("table").parse(result.stdout)
    rows, cells = [], 0
    for token in tokens:
        if token.type == "tr_open":
            cells = 0
        elif token.type in ("th_open", "td_open"):
            cells += 1
        elif token.type == "tr_close":
            rows.append(cells)
    assert set(rows) == {1 + len(VENDORS)}
    labels = [t.content.split(" |")[0] for t in tokens if t.type == "inline" and t.content]
    # Verdicts and knockouts come before sections and key answers.
    assert labels.index("Verdict") < labels.index("Knockouts") < labels.index("Data flow")
    assert "How is consent enforced before data is sent to the vendor?" in labels


def test_compare_json_has_verdicts_sections_and_key_answers():
    result = run_cli("compare", *PROFILES, "--format", "json", *AS_OF)
    assert result.exit_code == 0, result
    data = json.loads(result.stdout)
    assert [v["vendor"] for v in data["vendors"]] == VENDORS
    ga4, mixpanel, _ = data["vendors"]
    assert ga4["verdict"]["id"] == "stop" and ga4["knockouts"]
    assert mixpanel["key_answers"]["data_flow.collection"]["answer"] == "client-side"
    assert set(mixpanel["sections"]) == {
        "baa",
        "soc2",
        "data_flow",
        "consent",
        "monitoring",
        "subprocessors",
    }
    assert "baa.available_on" not in mixpanel["key_answers"]  # not marked key


def test_compare_html_to_a_file(tmp_path):
    out = tmp_path / "compare.html"
    result = run_cli("compare", *PROFILES, "-f", "html", "-o", out, *AS_OF)
    assert result.exit_code == 0, result

    class Cells(HTMLParser):
        rows: list[int] = []

        def handle_starttag(self, tag, attrs):
            if tag == "tr":
                self.rows.append(0)
            elif tag in ("td", "th"):
                self.rows[-1] += 1

    parser = Cells()
    parser.feed(out.read_text(encoding="utf-8"))
    assert set(parser.rows) == {1 + len(VENDORS)}


def test_compare_refuses_profiles_scored_against_different_checklists(tmp_path):
    builtin = (REPO / "checklists" / "healthcare-analytics.yaml").read_text(encoding="utf-8")
    (tmp_path / "custom.yaml").write_text(
        builtin.replace("id: healthcare-analytics", "id: custom-analytics", 1), "utf-8"
    )
    other = tmp_path / "other.yaml"
    other.write_text(
        "vendor: {name: Other}\n"
        'assessment: {checklist: custom.yaml, as_of: "2026-11-29"}\n'
        "baa: {offered: true}\n",
        encoding="utf-8",
    )
    result = run_cli("compare", PROFILES[1], other, *AS_OF)
    assert result.exit_code == 2, result
    assert "different checklists" in result.stderr and "--checklist" in result.stderr
    # Forcing one checklist lines the rows up again.
    forced = run_cli("compare", PROFILES[1], other, "--checklist", "healthcare-analytics", *AS_OF)
    assert forced.exit_code == 0, forced


def test_compare_refuses_an_invalid_profile_and_writes_nothing(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("vendor: {name: Bad}\nassessment: {as_of: 2026-11-29}\n", encoding="utf-8")
    out = tmp_path / "compare.md"
    result = run_cli("compare", PROFILES[0], bad, "-f", "markdown", "-o", out, *AS_OF)
    assert result.exit_code == 2, result
    assert "bad.yaml" in result.stderr
    assert not out.exists()
