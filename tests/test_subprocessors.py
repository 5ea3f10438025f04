"""`vendor-eval extract subprocessors`: a vendor's subprocessor list, whatever its form and
wording, read into entities with purpose, location and data categories, each cited."""

from __future__ import annotations

import pytest
from conftest import run_cli
from pdfgen import Table, Text, write_pdf

from vendor_eval.errors import InputError
from vendor_eval.evidence.subprocessors import extract_subprocessors


def entities(path) -> list[dict]:
    return extract_subprocessors(path).facts["subprocessors"].value


# The same three subprocessors, as different vendors publish them.
EXPECTED = [
    ("Amazon Web Services, Inc.", "Cloud hosting", "United States"),
    ("Snowflake Inc.", "Data warehouse", "United States"),
    ("Zendesk, Inc.", "Customer support tickets", "Ireland"),
]

MARKDOWN_STYLES = {
    "plain": """# Our subprocessors

| Subprocessor | Purpose | Location |
|---|---|---|
| Amazon Web Services, Inc. | Cloud hosting | United States |
| Snowflake Inc. | Data warehouse | United States |
| Zendesk, Inc. | Customer support tickets | Ireland |
""",
    "aligned, no outer pipes, other words": """Sub-processors engaged by Acme

Entity Name | Services Provided | Country of Processing | Categories of Personal Data
:--- | :--- | :---: | ---
Amazon Web Services, Inc. | Cloud hosting | United States | All customer data
Snowflake Inc. | Data warehouse | United States | Event data
Zendesk, Inc. | Customer support tickets | Ireland | Contact details
""",
    "a table of offices first, then the list": """## Our offices

| City | Address |
|---|---|
| Dublin | 1 Quay Street |

## Third parties that process customer data

| Third-party provider | Function | Data center location |
|----------------------|----------|----------------------|
| Amazon Web Services, Inc. | Cloud hosting | United States |
| Snowflake Inc. | Data warehouse | United States |
| Zendesk, Inc. | Customer support tickets | Ireland |
""",
}


@pytest.mark.parametrize("style", sorted(MARKDOWN_STYLES))
def test_markdown_tables_in_several_drafting_styles(tmp_path, style):
    path = tmp_path / "subprocessors.md"
    path.write_text(MARKDOWN_STYLES[style], "utf-8")

    found = entities(path)

    assert [(e["name"], e["purpose"], e["location"]) for e in found] == EXPECTED


def test_data_categories_are_read_when_given_and_null_when_not(tmp_path):
    path = tmp_path / "list.md"
    path.write_text(MARKDOWN_STYLES["aligned, no outer pipes, other words"], "utf-8")
    assert [e["data_categories"] for e in entities(path)] == [
        "All customer data",
        "Event data",
        "Contact details",
    ]
    path.write_text(MARKDOWN_STYLES["plain"], "utf-8")
    assert [e["data_categories"] for e in entities(path)] == [None, None, None]


CSV_STYLES = {
    "commas with quoted names": (
        "subprocessors.csv",
        'Name,Purpose,Location\n"Amazon Web Services, Inc.",Cloud hosting,United States\n'
        "Snowflake Inc.,Data warehouse,United States\n"
        '"Zendesk, Inc.",Customer support tickets,Ireland\n',
    ),
    "semicolons, a title row first": (
        "subprocessors.csv",
        "Acme sub-processor list (updated 2026-10-01);;\n"
        "Vendor;Nature of processing;Hosting location\n"
        "Amazon Web Services, Inc.;Cloud hosting;United States\n"
        "Snowflake Inc.;Data warehouse;United States\n"
        "Zendesk, Inc.;Customer support tickets;Ireland\n",
    ),
    "tabs": (
        "subprocessors.tsv",
        "Company\tService\tRegion\n"
        "Amazon Web Services, Inc.\tCloud hosting\tUnited States\n"
        "Snowflake Inc.\tData warehouse\tUnited States\n"
        "Zendesk, Inc.\tCustomer support tickets\tIreland\n",
    ),
}


@pytest.mark.parametrize("style", sorted(CSV_STYLES))
def test_spreadsheets_in_several_styles(tmp_path, style):
    name, text = CSV_STYLES[style]
    path = tmp_path / name
    path.write_text(text, "utf-8")

    assert [(e["name"], e["purpose"], e["location"]) for e in entities(path)] == EXPECTED


HTML_STYLES = {
    "thead and tbody": """<html><body><h1>Subprocessors</h1>
<table><thead><tr><th>Subprocessor</th><th>Purpose</th><th>Location</th></tr></thead>
<tbody>
<tr><td>Amazon Web Services, Inc.</td><td>Cloud hosting</td><td>United States</td></tr>
<tr><td><a href="https://snowflake.example">Snowflake Inc.</a></td><td>Data warehouse</td>
<td>United States</td></tr>
<tr><td>Zendesk, Inc.</td><td>Customer   support
tickets</td><td>Ireland</td></tr>
</tbody></table></body></html>""",
    "first row as header, a layout table around it": """<table><tr><td>
<p>We use the following sub-processors:</p>
<table class="list">
<tr><td><b>Sub-processor name</b></td><td><b>Processing activity</b></td>
<td><b>Countries</b></td></tr>
<tr><td>Amazon Web Services, Inc.</td><td>Cloud hosting</td><td>United States</td></tr>
<tr><td>Snowflake Inc.</td><td>Data warehouse</td><td>United States</td></tr>
<tr><td>Zendesk, Inc.</td><td>Customer support tickets</td><td>Ireland</td></tr>
</table></td></tr></table>""",
}


@pytest.mark.parametrize("style", sorted(HTML_STYLES))
def test_web_pages_in_several_styles(tmp_path, style):
    path = tmp_path / "subprocessors.html"
    path.write_text(HTML_STYLES[style], "utf-8")

    assert [(e["name"], e["purpose"], e["location"]) for e in entities(path)] == EXPECTED


def test_a_pdf_table_is_read_by_its_columns_and_cited_by_page(tmp_path):
    path = write_pdf(
        tmp_path / "subprocessors.pdf",
        [
            "Acme Analytics - Data Processing Addendum, Annex 3",
            [
                Text("Annex 3: Authorised Sub-processors"),
                Table(
                    [
                        ["Sub-processor", "Purpose", "Location"],
                        *[list(row) for row in EXPECTED],
                    ],
                    widths=[0.4, 0.35, 0.25],
                ),
            ],
        ],
    )

    evidence = extract_subprocessors(path)

    fact = evidence.facts["subprocessors"]
    assert [(e["name"], e["purpose"], e["location"]) for e in fact.value] == EXPECTED
    assert fact.citations[0].page == 2
    assert "Amazon Web Services, Inc." in fact.citations[0].quote


def test_every_entity_is_cited_with_its_row(tmp_path):
    path = tmp_path / "list.md"
    path.write_text(MARKDOWN_STYLES["plain"], "utf-8")

    fact = extract_subprocessors(path).facts["subprocessors"]

    assert [c.quote for c in fact.citations] == [
        "Amazon Web Services, Inc. | Cloud hosting | United States",
        "Snowflake Inc. | Data warehouse | United States",
        "Zendesk, Inc. | Customer support tickets | Ireland",
    ]


def test_locations_are_gathered_for_the_checks(tmp_path):
    path = tmp_path / "list.md"
    path.write_text(MARKDOWN_STYLES["plain"], "utf-8")

    assert extract_subprocessors(path).facts["locations"].value == ["Ireland", "United States"]


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("notes.md", "# Subprocessors\n\nWe use Amazon Web Services for hosting.\n"),
        ("offices.md", "| City | Address |\n|---|---|\n| Dublin | 1 Quay Street |\n"),
        ("empty.csv", ""),
        ("page.html", "<html><body><p>No table here</p></body></html>"),
    ],
)
def test_a_list_with_no_recognisable_table_is_one_clear_error(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, "utf-8")

    with pytest.raises(InputError, match="no table with a subprocessor name column"):
        extract_subprocessors(path)
    result = run_cli("extract", "subprocessors", path)
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert name in result.stderr


def test_an_unsupported_file_type_says_which_are_read(tmp_path):
    path = tmp_path / "list.xlsx"
    path.write_bytes(b"PK\x03\x04")

    result = run_cli("extract", "subprocessors", path)

    assert result.exit_code == 2
    assert "save it as CSV" in result.stderr


def test_the_command_writes_an_evidence_file_that_validates(tmp_path):
    path = tmp_path / "subprocessors.md"
    path.write_text(MARKDOWN_STYLES["plain"], "utf-8")
    out = tmp_path / "acme.subprocessors.evidence.yaml"

    result = run_cli("extract", "subprocessors", path, "-o", out)

    assert result.exit_code == 0, result
    from vendor_eval.evidence.io import load_evidence

    loaded = load_evidence(out)
    assert loaded.kind == "subprocessors"
    assert loaded.document.path == "subprocessors.md"
    assert len(loaded.facts["subprocessors"].value) == 3


def test_diff_of_two_lists_names_the_subprocessors_added_and_removed(tmp_path):
    old_list, new_list = tmp_path / "2025.md", tmp_path / "2026.md"
    old_list.write_text(MARKDOWN_STYLES["plain"], "utf-8")
    new_list.write_text(
        MARKDOWN_STYLES["plain"].replace(
            "| Zendesk, Inc. | Customer support tickets | Ireland |",
            "| Intercom R&D Unlimited | In-app chat | Ireland |",
        ),
        "utf-8",
    )
    for listing in (old_list, new_list):
        extracted = run_cli("extract", "subprocessors", listing, "-o", f"{listing}.evidence.yaml")
        assert extracted.exit_code == 0, extracted

    result = run_cli("diff", f"{old_list}.evidence.yaml", f"{new_list}.evidence.yaml")

    assert result.exit_code == 1, result
    assert " ! added: subprocessors: Intercom R&D Unlimited" in result.stdout
    assert "   removed: subprocessors: Zendesk, Inc." in result.stdout
    assert "“Intercom R&D Unlimited | In-app chat | Ireland”" in result.stdout


@pytest.mark.parametrize(
    ("name", "form"), [("list.yaml", "a .yaml file"), ("list", "a file without an extension")]
)
def test_a_form_it_cannot_read_is_named_in_plain_words(tmp_path, name, form):
    listing = tmp_path / name
    listing.write_text("Subprocessor,Purpose\nAcme Cloud,Hosting\n", encoding="utf-8")
    result = run_cli("extract", "subprocessors", listing)
    assert result.exit_code == 2
    assert result.stderr == (
        f"vendor-eval: error: {listing}: cannot read a subprocessor list from {form}; save it "
        "as CSV, or give the PDF, Word (.docx), HTML or Markdown version\n"
    )
