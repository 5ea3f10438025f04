"""The score table drawn row by row (`terminal.RowTable`) prints exactly what rich's own
`Table` of the same rows prints, in any width, colour system and encoding, for any text a
vendor name or a finding can hold; only the time it takes differs."""

from __future__ import annotations

import datetime as dt
import io
import random

import pytest
from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from vendor_eval.checklist import load_checklist
from vendor_eval.model import Gate, Profile
from vendor_eval.render import terminal
from vendor_eval.scoring import score

AS_OF = dt.date(2026, 11, 29)
# Wide (CJK, full-width, emoji), zero-width and combining characters, rich markup, tabs,
# runs of spaces, empty words and words longer than any column.
WORDS = (
    "Acme",
    "Ltd.",
    "中文名字",
    "😀x",
    "e\u0301clair",
    "ｗｉｄｅ",
    "Z\u200dZ",
    "[bold]x[/bold]",
    "tab\there",
    "  spaced  ",
    "",
    "data_flow.phi_in_payloads",
    "L" * 30,
    "x" * 70,
)
STYLES = ("", "bold red", "bold yellow", "bold green", "red", "cyan")


class _AsciiFile(io.StringIO):
    """A file a console must draw with ASCII box characters."""

    encoding = "ascii"


def _text(rng: random.Random, extra_lines: int) -> Text:
    text = Text(" ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 4))), rng.choice(STYLES))
    for _ in range(extra_lines):
        text.append("\n")
        text.append(
            " ".join(rng.choice(WORDS) for _ in range(rng.randint(0, 2))), rng.choice(STYLES)
        )
    return text


def _rows(rng: random.Random, count: int) -> list[tuple[Text, ...]]:
    rows = []
    for _ in range(count):
        if rng.random() < 0.3:  # anything in any column
            rows.append(tuple(_text(rng, rng.randint(0, 2)) for _ in range(6)))
        else:  # shaped like the score summary
            rows.append(
                (
                    _text(rng, 0),
                    _text(rng, rng.randint(0, 3)),
                    Text(f"{rng.uniform(0, 100):.1f}", rng.choice(("", "bold red"))),
                    Text(f"{rng.uniform(0, 100):.1f}"),
                    Text("0.0"),
                    Text("1/12/3/0"),
                )
            )
    return rows


def _console(width: int, color_system: str | None, ascii_only: bool = False) -> Console:
    return Console(
        file=_AsciiFile() if ascii_only else io.StringIO(),
        width=width,
        color_system=color_system,  # type: ignore[arg-type]
        force_terminal=color_system is not None,
        emoji=False,
        highlight=False,
    )


def _printed(renderable, width: int, color_system: str | None, ascii_only: bool = False) -> str:
    console = _console(width, color_system, ascii_only)
    console.print(renderable)
    return console.file.getvalue()  # type: ignore[attr-defined]


def _as_rich_prints_it(
    table: terminal.RowTable, width: int, color_system: str | None, ascii_only: bool = False
) -> str:
    """What rich's own Table prints for these rows, in the columns the layout settled on
    (narrower truncated columns when the table would not fit otherwise)."""
    console = _console(width, color_system, ascii_only)
    layout = table.layout(console, console.options)
    columns = None if layout is None else layout.settings
    return _printed(table.table(table.rows, columns), width, color_system, ascii_only)


@pytest.mark.parametrize("seed", range(4))
def test_rows_print_as_rich_prints_the_whole_table(seed):
    rng = random.Random(seed)
    for count in (0, 1, 2, 5, 12):
        table = terminal.RowTable(
            "Vendor scores",
            "A caption long enough to wrap in a narrow terminal, centred under the table.",
            terminal.SUMMARY_COLUMNS,
            _rows(rng, count),
        )
        for width in (12, 30, 60, 80, 100, 120, 200):
            for color_system in (None, "standard", "truecolor"):
                for ascii_only in (False, True):
                    drawn = _printed(table, width, color_system, ascii_only)
                    expected = _as_rich_prints_it(table, width, color_system, ascii_only)
                    assert drawn == expected, (count, width, color_system, ascii_only)


def _assessments(count: int, name: str = "Vendor {index:03d} "):
    checklist = load_checklist("healthcare-analytics")
    verdicts = []
    for index in range(count):
        data = {
            "vendor": {"name": name.format(index=index) + "中文" * (index % 4)},
            "assessment": {"as_of": AS_OF.isoformat()},
            "baa": {"offered": index % 3 != 0},
            "soc2": {"type": "type2" if index % 2 else "type1"},
        }
        verdicts.append(score(Profile(path=f"v{index}.yaml", data=data), checklist, [], AS_OF))
    return verdicts


@pytest.mark.parametrize("width", [80, 100, 120, 200])
def test_score_summary_of_many_vendors_prints_as_rich_would(width):
    summary = terminal.summary_table(_assessments(40), Gate(fail_under=50.0))
    for color_system in (None, "truecolor"):
        assert _printed(summary, width, color_system) == _as_rich_prints_it(
            summary, width, color_system
        )


@pytest.mark.parametrize("width", [80, 100, 200])
def test_an_ordinary_terminal_takes_the_row_by_row_path(width):
    """From 80 columns the columns are wide enough to draw row by row, even when the
    table is wider than the terminal (rich cuts its right edge off on printing); only a
    terminal too narrow for a cell's padding has rich draw the whole table."""
    summary = terminal.summary_table(_assessments(4), Gate())
    console = Console(file=io.StringIO(), width=width)
    layout = summary.layout(console, console.options)
    assert layout is not None
    assert "Vendor scores" in "".join(segment.text for segment in layout.head[0])
    assert "".join(segment.text for segment in layout.tail[0]).startswith("└")
    narrow = Console(file=io.StringIO(), width=12)
    assert summary.layout(narrow, narrow.options) is None


def test_a_summary_wider_than_the_terminal_cuts_vendor_names_not_its_right_edge():
    width = 80
    summary = terminal.summary_table(
        _assessments(6, name="Northwind Behavioural Analytics {index}"), Gate()
    )
    printed = _printed(summary, width, None)
    lines = printed.splitlines()
    assert max(cell_len(line) for line in lines) <= width
    table = [line for line in lines if line[:1] in "┏┃┡│├└"]
    assert all(line[-1] in "┓┃┩│┤┘" for line in table)  # every row is closed
    assert "│ Northwind Behavio… │" in printed
    assert "low findings." in printed  # the caption's last words are all there
    # Wide enough, the names are cut at the column's usual 24 cells and nothing else.
    wide = _printed(summary, 120, None)
    assert wide == _printed(summary.table(summary.rows), 120, None)
    assert "Northwind Behavioural A…" in wide
