"""`vendor-eval checklist list|show`: see what a checklist asks and how it weighs it."""

from __future__ import annotations

from typing import Annotated

import typer

app = typer.Typer(help="List the built-in checklists or show one.", no_args_is_help=True)


@app.command("list")
def list_checklists() -> None:
    """List the built-in checklists."""
    from rich.table import Table

    from vendor_eval.checklist import load_checklist
    from vendor_eval.console import stdout
    from vendor_eval.resources import builtin_checklists

    table = Table("name", "title", "version", "questions")
    for name in sorted(builtin_checklists()):
        checklist = load_checklist(name)
        table.add_row(name, checklist.name, str(checklist.version), str(len(checklist.questions)))
    stdout().print(table)


@app.command("show")
def show(
    name: Annotated[str, typer.Argument(help="A built-in checklist name or a checklist file.")],
) -> None:
    """Show a checklist: each section's share of the score, and each question with its
    field, weight, the answers it takes with their points, and which answers are
    knockouts. Fits an 80-column terminal."""
    from rich.markup import escape
    from rich.padding import Padding
    from rich.table import Table

    from vendor_eval.checklist import load_checklist
    from vendor_eval.console import one_line, stdout

    checklist = load_checklist(name)
    console = stdout()
    console.print(
        f"[bold]{escape(one_line(checklist.name))}[/] ({escape(checklist.id)}, "
        f"version {checklist.version}, sha256 {checklist.sha256[:12]})"
    )
    section_total = sum(s.weight for s in checklist.sections) or 1
    for section in checklist.sections:
        console.print()
        console.print(
            f"[bold underline]{escape(one_line(section.title))}[/] - "
            f"{section.weight / section_total:.0%} of the score"
        )
        for question in section.questions:
            console.print()
            console.print(
                Padding(
                    f"[bold]{escape(question.field)}[/] ({escape(question.type)}, "
                    f"weight {question.weight:g})",
                    (0, 0, 0, 2),
                )
            )
            console.print(Padding(escape(one_line(question.prompt)), (0, 0, 0, 2)))
            answers = Table.grid(padding=(0, 2))
            answers.add_column(no_wrap=True)
            answers.add_column(ratio=1)
            answers.add_column(justify="right", no_wrap=True)
            knockouts = question.knockout.values if question.knockout else ()
            if question.base:
                answers.add_row(
                    "(none)",
                    "the starting points; each choice adds its own",
                    f"{question.base:g} pts",
                )
            for option in question.options:
                stop = any(option.value == v and type(option.value) is type(v) for v in knockouts)
                answers.add_row(
                    escape(_yaml_value(option.value)),
                    escape(one_line(option.label)) + (" [bold red]KNOCKOUT[/]" if stop else ""),
                    f"{option.points:g} pts",
                )
            lower = None
            for band in question.ranges:
                answers.add_row(_reach(lower, band.max), "", f"{band.points:g} pts")
                lower = band.max
            if question.max_age_days is not None:
                answers.add_row(
                    "dated", f"full points while under {question.max_age_days} days old", ""
                )
            if answers.row_count:
                console.print(Padding(answers, (0, 0, 0, 4)))
    verdicts = "; ".join(f"{v.label} from {v.min_score:g}" for v in checklist.verdicts)
    console.print()
    console.print(
        f"Verdicts: {escape(verdicts)}; any knockout: {escape(checklist.knockout_verdict.label)}"
    )


def _reach(lower: float | None, upper: float | None) -> str:
    """The integers a band of points covers, after the band that ends at `lower`: a count
    of none is '0', not 'up to 0', and a band of one number is that number."""
    if upper is None:
        return "any other" if lower is None else f"over {lower:g}"
    if lower is None:
        return f"{upper:g}" if upper == 0 else f"up to {upper:g}"
    return f"{upper:g}" if lower + 1 == upper else f"{lower + 1:g}-{upper:g}"


def _yaml_value(value: object) -> str:
    """An option value as it is written in a profile (YAML 1.2: true, not yes)."""
    return str(value).lower() if isinstance(value, bool) else str(value)
