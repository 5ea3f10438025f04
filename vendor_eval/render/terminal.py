"""Rich tables for the terminal: the score summary and the comparison.

Untrusted text is always wrapped in `Text` (never parsed as rich markup) after `clean` has
removed control characters and escape sequences. The table builders return renderables
that the command prints with colour; `summary` and `comparison` return plain text for -o.
The score summary (and a comparison of vendors as rows) is a `RowTable`: rich's table,
drawn row by row so that ten thousand vendors take seconds, not minutes.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator, Sequence
from typing import Any, NamedTuple

from rich.box import HEAVY_HEAD, Box
from rich.cells import cell_len
from rich.console import (
    Console,
    ConsoleOptions,
    RenderableType,
    RenderResult,
)
from rich.segment import Segment
from rich.table import Column, Table
from rich.text import Text

from vendor_eval.model import SEVERITIES, Assessment, Gate, Severity
from vendor_eval.render.interface import clean, figure, same_checklist
from vendor_eval.render.outline import comparison_rows

PLAIN_WIDTH = 120
_SEVERITY_STYLE = {
    Severity.CRITICAL: "bold red",
    Severity.HIGH: "red",
    Severity.MEDIUM: "yellow",
    Severity.LOW: "cyan",
}


def _text(value: object, style: str = "", limit: int = 80) -> Text:
    return Text(clean(value, limit), style=style)


def _verdict_style(assessment: Assessment) -> str:
    if assessment.knockouts or assessment.verdict == assessment.checklist.verdicts[-1]:
        return "bold red"
    if assessment.verdict == assessment.checklist.verdicts[0]:
        return "bold green"
    return "bold yellow"


SUMMARY_COLUMNS: tuple[tuple[str, dict[str, Any]], ...] = (
    ("Vendor", {"no_wrap": True, "overflow": "ellipsis", "max_width": 24}),
    ("Verdict; critical and high findings", {"overflow": "fold", "min_width": 22}),
    ("Score", {"justify": "right", "no_wrap": True}),
    ("Done", {"justify": "right", "no_wrap": True}),
    ("Evid.", {"justify": "right", "no_wrap": True}),
    ("C/H/M/L", {"justify": "center", "no_wrap": True}),
)


def summary_table(assessments: Sequence[Assessment], gate: Gate) -> RowTable:
    caption = (
        "Done: completeness %. Evid.: share of the score backed by evidence %. "
        "C/H/M/L: critical, high, medium, low findings."
    )
    if gate.fail_under is not None:
        caption += f" Failing under {gate.fail_under:g}."
    if gate.fail_on:
        caption += f" Failing on {', '.join(gate.fail_on)}."
    return RowTable(
        "Vendor scores", caption, SUMMARY_COLUMNS, [_summary_row(a, gate) for a in assessments]
    )


def _summary_row(assessment: Assessment, gate: Gate) -> tuple[Text, ...]:
    counts = assessment.finding_counts()
    verdict = _text(assessment.verdict.label, _verdict_style(assessment))
    listed: set[str] = set()
    for finding in assessment.findings:  # most severe first, so each id shows its worst
        if (
            finding.severity in (Severity.CRITICAL, Severity.HIGH)
            and finding.question_id not in listed
        ):
            listed.add(finding.question_id)
            verdict.append("\n")
            verdict.append(clean(finding.question_id, 60), style=_SEVERITY_STYLE[finding.severity])
    score_style = "" if assessment.passes(gate) else "bold red"
    return (
        _text(assessment.vendor or assessment.profile_path),
        verdict,
        Text(figure(assessment.score), style=score_style),
        Text(figure(assessment.completeness)),
        Text(figure(assessment.evidence_backed)),
        Text("/".join(str(counts[s]) for s in SEVERITIES)),
    )


class Layout(NamedTuple):
    """How rich lays out a table: what a `RowTable` needs to draw its rows the same way."""

    widths: list[int]  # of each column, padding included
    settings: Sequence[tuple[str, dict[str, Any]]]  # each column's header and settings
    columns: list[Column]  # as rich made them from the settings
    box: Box  # as the console can show it
    head: list[list[Segment]]  # title, header and the rule under it
    tail: list[list[Segment]]  # bottom rule and caption


# Fewer cells than this and a vendor's name is no longer recognisable.
_SHORTEST_CUT = 10


class RowTable:
    """A rich table with lines between rows, drawn as rich draws it, byte for byte, in
    time linear in its rows: rich measures and lays out every cell through its general
    renderable machinery, which at thousands of rows is most of a run's time.

    The column widths depend on each column's widest cell and longest word only, so rich
    lays out a small table of the header and the two rows holding those extremes; its
    title, header and caption are kept, and the rows are drawn in the widths it chose,
    each cell wrapped and justified by rich's own `Text.wrap`."""

    def __init__(
        self,
        title: str,
        caption: str,
        columns: Sequence[tuple[str, dict[str, Any]]],
        rows: list[tuple[Text, ...]],
    ) -> None:
        self.title = title
        self.caption = caption
        self.columns = columns
        self.rows = rows

    def table(
        self,
        rows: Sequence[tuple[Text, ...]],
        columns: Sequence[tuple[str, dict[str, Any]]] | None = None,
    ) -> Table:
        """The rich table with these rows (all of them is what this object draws)."""
        table = Table(title=self.title, caption=self.caption, show_lines=True)
        for header, settings in columns or self.columns:
            table.add_column(header, **settings)
        for row in rows:
            table.add_row(*row)
        return table

    def layout(self, console: Console, options: ConsoleOptions) -> Layout | None:
        """Rich's layout of this table; None when a column is too narrow for a cell's
        padding (a terminal a few dozen columns wide), where rich must draw it all.

        Rich cannot narrow a column that does not wrap, so a table of such columns can be
        wider than the terminal, which then cuts off its right edge and the end of each
        caption line. Columns whose text ends in an ellipsis when cut give up the excess
        instead, down to `_SHORTEST_CUT` cells each: a table that fits is unchanged."""
        layout = self._layout(console, options, self.columns)
        if layout is None or sum(layout.widths) + len(layout.widths) + 1 <= options.max_width:
            return layout
        excess = sum(layout.widths) + len(layout.widths) + 1 - options.max_width
        narrower = []
        for (header, settings), width in zip(self.columns, layout.widths, strict=True):
            if settings.get("no_wrap") and settings.get("overflow") == "ellipsis":
                keep = max(_SHORTEST_CUT, width - 2 - excess)
                excess -= max(0, width - 2 - keep)
                settings = {**settings, "max_width": min(keep, width - 2)}
            narrower.append((header, settings))
        return self._layout(console, options, narrower) or layout

    def _layout(
        self,
        console: Console,
        options: ConsoleOptions,
        columns: Sequence[tuple[str, dict[str, Any]]],
    ) -> Layout | None:
        probe = self.table(_extreme_rows(self.rows), columns)
        # Not cropped to the console yet: a table wider than the terminal is cut on
        # printing, rows and all.
        drawn = list(Segment.split_lines(console.render(probe, options)))
        box = (probe.box or HEAVY_HEAD).substitute(options, safe=console.safe_box)
        texts = ["".join(segment.text for segment in line) for line in drawn]
        rule = {box.head_row_horizontal, box.head_row_cross}
        head_rule = next(
            (
                index
                for index, text in enumerate(texts)
                if len(text) >= 2
                and text[0] == box.head_row_left
                and text[-1] == box.head_row_right
                and set(text[1:-1]) <= rule
            ),
            None,
        )
        if head_rule is None:
            return None
        widths = [len(run) for run in texts[head_rule][1:-1].split(box.head_row_cross)]
        if min(widths) < 3:
            return None
        try:
            bottom = texts.index(box.get_bottom(widths), head_rule + 1)
        except ValueError:
            return None
        return Layout(widths, columns, probe.columns, box, drawn[: head_rule + 1], drawn[bottom:])

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        layout = self.layout(console, options)
        if layout is None:
            yield from console.render(self.table(self.rows), options)
            return
        widths, _, columns, box, head, tail = layout
        new_line = Segment.line()
        for line in head:
            yield from line
            yield new_line
        styled = console.color_system is not None
        separator = Segment(box.get_row(widths, "row"))
        for index, row in enumerate(self.rows):
            if index:
                yield separator
                yield new_line
            drawn_cells = [
                _cell_lines(console, text, width - 2, column, styled)
                for text, width, column in zip(row, widths, columns, strict=True)
            ]
            height = max(len(lines) for lines in drawn_cells)
            for line_no in range(height):
                yield from _table_line(box, drawn_cells, widths, line_no)
                yield new_line
        for line in tail:
            yield from line
            yield new_line


def _extent(text: Text) -> tuple[int, int]:
    """The narrowest and widest a cell can be drawn, as rich measures a `Text`: its
    longest word and its longest line, in terminal cells."""
    plain = text.plain
    widest = max((cell_len(line) for line in plain.splitlines()), default=0)
    return max((cell_len(word) for word in plain.split()), default=widest), widest


def _extreme_rows(rows: Sequence[tuple[Text, ...]]) -> list[tuple[Text, ...]]:
    """Two rows holding, column by column, the cell with the longest word and the cell
    with the longest line: rich gives a table of these the widths it gives all rows."""
    if not rows:
        return []
    extents = [[_extent(text) for text in row] for row in rows]
    longest_word, longest_line = [], []
    for column in range(len(rows[0])):
        words = [extent[column][0] for extent in extents]
        lines = [extent[column][1] for extent in extents]
        longest_word.append(rows[words.index(max(words))][column])
        longest_line.append(rows[lines.index(max(lines))][column])
    return [tuple(longest_word), tuple(longest_line)]


_JUSTIFY: dict[str, Callable[[str, int], str]] = {
    "left": lambda line, spare: line + " " * spare,
    "right": lambda line, spare: " " * spare + line,
    "center": lambda line, spare: " " * (spare // 2) + line + " " * (spare - spare // 2),
}


def _cell_lines(
    console: Console, text: Text, width: int, column: Column, styled: bool
) -> list[list[Segment]]:
    """A cell's lines as rich's table draws them, without its padding."""
    justify = text.justify or column.justify
    overflow = text.overflow or column.overflow
    no_wrap = column.no_wrap if text.no_wrap is None else text.no_wrap
    tab_size = console.tab_size if text.tab_size is None else text.tab_size
    plain = text.plain
    if justify in _JUSTIFY and "\t" not in plain and not (styled and text.spans):
        # Lines that fit need no wrapping, only justifying (rich strips what it does not
        # left-justify): rich's result, for a fraction of the work.
        parts = plain.split("\n")
        if justify != "left":
            parts = [part.rstrip() for part in parts]
        room = [width - cell_len(part) for part in parts]
        if min(room) >= 0:
            style = console.get_style(text.style) if styled and text.style else None
            pad = _JUSTIFY[justify]
            return [
                [Segment(pad(part, spare), style)] for part, spare in zip(parts, room, strict=True)
            ]
    lines = text.wrap(
        console, width, justify=justify, overflow=overflow, tab_size=tab_size or 8, no_wrap=no_wrap
    )
    if not styled:
        return [[Segment(line.plain)] for line in lines]
    # A table renders a cell's lines joined, so each line's style is a span of the whole.
    return list(Segment.split_lines(Text("\n").join(lines).render(console)))


def _table_line(
    box: Box, cells: list[list[list[Segment]]], widths: list[int], line_no: int
) -> Iterator[Segment]:
    """One line of a row; text without a style is joined into one segment, which prints
    the same and is far cheaper for the console to write."""
    plain = [box.mid_left]
    for column, (lines, width) in enumerate(zip(cells, widths, strict=True)):
        plain.append(" ")
        if line_no < len(lines):
            for segment in lines[line_no]:
                if segment.style:
                    yield Segment("".join(plain))
                    plain.clear()
                    yield segment
                else:
                    plain.append(segment.text)
        else:
            plain.append(" " * (width - 2))
        plain.append(" " if column == len(widths) - 1 else " " + box.mid_vertical)
    plain.append(box.mid_right)
    yield Segment("".join(plain))


# Past this many vendors for the width, a column per vendor is too narrow to read (a word
# a line, then nothing at all): the vendors become rows, with a pointer to the documents
# that set every answer side by side.
_LABEL_WIDTH = 26
_MIN_VENDOR_WIDTH = 17


def vendors_that_fit(width: int) -> int:
    """How many vendor columns a comparison `width` characters wide can show readably."""
    return max(2, (width - _LABEL_WIDTH) // _MIN_VENDOR_WIDTH)


def comparison_table(
    assessments: Sequence[Assessment], width: int = PLAIN_WIDTH
) -> Table | RowTable:
    same_checklist(assessments)
    if len(assessments) > vendors_that_fit(width):
        return _vendors_as_rows(assessments, width)
    table = Table(title="Vendor comparison", show_lines=False)
    table.add_column("", no_wrap=True, style="bold")
    for assessment in assessments:
        table.add_column(
            _text(assessment.vendor or assessment.profile_path, limit=40), overflow="fold"
        )
    group = None
    for row in comparison_rows(assessments):
        if row.group != group:
            if group is not None:
                table.add_section()
            group = row.group
            table.add_row(Text(group, style="bold underline"), *(Text() for _ in assessments))
        table.add_row(_text(row.short, limit=60), *(_text(cell) for cell in row.cells))
    return table


def _vendors_as_rows(assessments: Sequence[Assessment], width: int) -> RowTable:
    table = summary_table(assessments, Gate())
    table.title = f"Vendor comparison: {len(assessments)} vendors, one a row"
    table.caption = (
        f"{len(assessments)} vendors do not fit side by side in {width} columns. Every "
        "answer side by side: vendor-eval compare ... --format markdown -o compare.md "
        "(or --format html -o compare.html). " + str(table.caption)
    )
    return table


def to_text(renderable: RenderableType) -> str:
    """Plain text (no colour, fixed width) for writing to a file."""
    buffer = io.StringIO()
    console = Console(
        file=buffer, width=PLAIN_WIDTH, color_system=None, force_terminal=False, emoji=False
    )
    console.print(renderable)
    return buffer.getvalue()


def summary(assessments: Sequence[Assessment], gate: Gate) -> str:
    return to_text(summary_table(assessments, gate))


def comparison(assessments: Sequence[Assessment]) -> str:
    return to_text(comparison_table(assessments))
