"""Renderers: hostile text cannot break a table, inject HTML or rich markup, or reach the
terminal as control codes; output is deterministic; the JSON matches its schema."""

from __future__ import annotations

import datetime as dt
import io
import json
from html.parser import HTMLParser

import jsonschema
import pytest
from markdown_it import MarkdownIt
from rich.console import Console

from vendor_eval.checklist import load_checklist
from vendor_eval.model import Citation, DocumentRef, Evidence, Fact, Gate, Profile
from vendor_eval.render import html as html_render
from vendor_eval.render import json as json_render
from vendor_eval.render import markdown as md_render
from vendor_eval.render import terminal
from vendor_eval.render.interface import FORMATS, render
from vendor_eval.resources import json_schema
from vendor_eval.scoring import score

AS_OF = dt.date(2026, 11, 29)
EVIL = (
    "[bold]Acme[/bold] | Corp `tick` <script>alert(1)</script> **strong** "
    "[link](http://x.invalid) &amp;\nsecond line\r\n\x1b[31mred\x1b[0m\x07 \x1b]8;;http://x\x07"
)
LONG = "L" * 10_000
EVIL_QUOTE = "SOC 2 Type 1 | as of `now` <img src=x onerror=alert(2)> [red]x[/red]\n\x1b[2J"


@pytest.fixture(scope="module")
def hostile():
    checklist = load_checklist("healthcare-analytics")
    profile = Profile(
        path="evil.yaml",
        data={
            "vendor": {"name": EVIL + LONG},
            "assessment": {"as_of": "2026-11-29"},
            "baa": {"offered": True, "scope": "full-pipeline"},
            "soc2": {"type": "type2", "subservice_organizations": [EVIL, LONG]},
            "sources": [{"title": EVIL, "url": "javascript:alert(3)", "supports": [EVIL]}],
        },
    )
    evidence = Evidence(
        kind="soc2",
        document=DocumentRef(path="reports/" + EVIL + ".pdf", sha256="0" * 64),
        facts={"report_type": Fact("type1", [Citation(EVIL_QUOTE + LONG, page=4)])},
    )
    return score(profile, checklist, [evidence], AS_OF)


@pytest.fixture(scope="module")
def plain():
    checklist = load_checklist("healthcare-analytics")
    profile = Profile(
        path="plain.yaml",
        data={
            "vendor": {"name": "Plain Co"},
            "assessment": {"as_of": "2026-11-29"},
            "baa": {"offered": False},
        },
    )
    return score(profile, checklist, [], AS_OF)


def _no_control(text: str) -> None:
    assert "\x1b" not in text and "\x07" not in text and "\r" not in text


# --- Markdown ------------------------------------------------------------------------


def _tables(tokens):
    """Cells per row, for each table in a markdown-it token stream."""
    tables, rows, cells = [], None, 0
    for token in tokens:
        if token.type == "table_open":
            rows = []
        elif token.type == "tr_open":
            cells = 0
        elif token.type in ("th_open", "td_open"):
            cells += 1
        elif token.type == "tr_close":
            rows.append(cells)
        elif token.type == "table_close":
            tables.append(rows)
    return tables


def _check_markdown(text: str, expected_tables: int) -> str:
    parser = MarkdownIt("commonmark").enable("table")
    tokens = parser.parse(text)
    tables = _tables(tokens)
    assert len(tables) == expected_tables
    for rows in tables:
        assert len(set(rows)) == 1, rows  # every row has the header's number of cells
    inline = [t for t in tokens if t.type == "inline"]
    kinds = {child.type for t in inline for child in t.children or []}
    assert not {"html_inline", "link_open", "image", "code_inline"} & kinds
    assert not [t for t in tokens if t.type == "html_block"]
    rendered = parser.render(text)
    assert "<script" not in rendered and "<img" not in rendered
    _no_control(text)
    return rendered


def test_markdown_report_survives_hostile_text(hostile):
    text = md_render.report(hostile)
    # summary, sign-off, sections, findings, six answer tables, sources, evidence appendix
    rendered = _check_markdown(text, expected_tables=12)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in rendered
    assert "[bold]Acme[/bold] | Corp `tick`" in rendered
    assert "**strong** [link](http://x.invalid)" in rendered
    assert LONG not in text  # clipped in tables, kept whole in JSON


def test_markdown_comparison_survives_hostile_text(hostile, plain):
    text = md_render.comparison([hostile, plain])
    rendered = _check_markdown(text, expected_tables=1)
    assert "&lt;script&gt;" in rendered


# --- HTML --------------------------------------------------------------------------------


class _Structure(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str | None]] = []
        self.tables: list[list[int]] = []
        self.text: list[str] = []
        self._cells = 0

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes.extend(attrs)
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self._cells = 0
        elif tag in ("td", "th"):
            self._cells += 1

    def handle_endtag(self, tag):
        if tag == "tr":
            self.tables[-1].append(self._cells)

    def handle_data(self, data):
        self.text.append(data)


def _check_html(text: str) -> _Structure:
    parser = _Structure()
    parser.feed(text)
    parser.close()
    assert "script" not in parser.tags and "img" not in parser.tags
    assert not {"link", "iframe", "object", "embed", "base"} & set(parser.tags)
    # No attribute can fetch anything or run code: no src, no href, no event handlers.
    names = {name for name, _ in parser.attributes}
    assert not {"src", "href"} & names and not any(n.startswith("on") for n in names)
    assert "http" not in "".join(v or "" for _, v in parser.attributes)
    assert "@import" not in text and "url(" not in text
    for rows in parser.tables:
        assert len(set(rows)) == 1, rows
    _no_control(text)
    return parser


def test_html_report_is_self_contained_and_escapes_hostile_text(hostile):
    text = html_render.report(hostile)
    parser = _check_html(text)
    assert parser.tags.count("style") == 1 and "@media print" in text and "@page" in text
    visible = "".join(parser.text)
    assert "<script>alert(1)</script>" in visible  # shown as text, not run
    assert "<img src=x onerror=alert(2)>" in visible
    assert "[bold]Acme[/bold]" in visible
    # sign-off, sections, findings, six answer tables, sources, evidence appendix (the
    # summary is a set of boxes here)
    assert len(parser.tables) == 11


def test_html_comparison_escapes_hostile_text(hostile, plain):
    parser = _check_html(html_render.comparison([hostile, plain]))
    assert "<script>alert(1)</script>" in "".join(parser.text)
    assert len(parser.tables) == 1


# --- terminal ------------------------------------------------------------------------------


def _plain_console_text(renderable) -> str:
    buffer = io.StringIO()
    # A terminal console without colours: any escape code in the output came from the input.
    console = Console(file=buffer, width=160, force_terminal=True, color_system=None)
    console.print(renderable)
    return buffer.getvalue()


def test_terminal_tables_print_markup_literally_and_strip_control_codes(hostile, plain):
    for renderable in (
        terminal.summary_table([hostile, plain], Gate()),
        terminal.comparison_table([hostile, plain]),
    ):
        text = _plain_console_text(renderable)
        _no_control(text)
        assert "[bold]Acme[/bold]" in text  # rich markup shown, not applied


# --- JSON ----------------------------------------------------------------------------------


def test_json_report_matches_its_schema_and_keeps_text_whole(hostile, plain):
    validator = jsonschema.Draft202012Validator(json_schema("report"))
    for assessment in (hostile, plain):
        data = json.loads(json_render.report(assessment))
        validator.validate(data)
    data = json.loads(json_render.report(hostile))
    assert data["vendor"] == EVIL + LONG
    soc2_type = data["sections"][1]["questions"][0]
    assert (soc2_type["status"], soc2_type["attested"], soc2_type["answer"]) == (
        "contradicted",
        "type2",
        "type1",
    )
    assert soc2_type["citations"] == [{"page": 4, "quote": EVIL_QUOTE + LONG}]


def test_report_schema_is_a_valid_json_schema():
    jsonschema.Draft202012Validator.check_schema(json_schema("report"))


def test_json_keys_are_sorted(plain):
    text = json_render.report(plain)
    assert text == json.dumps(json.loads(text), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


# --- every format ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "document"),
    [(name, doc) for name, spec in FORMATS.items() for doc in spec.documents],
)
def test_every_registered_format_is_deterministic(fmt, document, hostile, plain):
    def once():
        if document == "report":
            return render(fmt, document, plain)
        if document == "summary":
            return render(fmt, document, [hostile, plain], Gate(50.0))
        return render(fmt, document, [hostile, plain])

    first = once()
    assert first and first == once()
