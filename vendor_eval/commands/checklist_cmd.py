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
    """Show a checklist's sections, questions, weights and knockouts."""
    from rich.markup import escape
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
        table = Table(
            title=f"{escape(one_line(section.title))} - "
            f"{section.weight / section_total:.0%} of the score",
            title_justify="left",
            expand=True,
        )
        table.add_column("question")
        table.add_column("field", no_wrap=True)
        table.add_column("type")
        table.add_column("weight", justify="right")
        table.add_column("knockout")
        for question in section.questions:
            knockout = ""
            if question.knockout:
                knockout = ", ".join(str(v).lower() for v in question.knockout.values)
            table.add_row(
                escape(one_line(question.prompt)),
                question.field,
                question.type,
                f"{question.weight:g}",
                escape(knockout),
            )
        console.print(table)
    verdicts = "; ".join(f"{v.label} from {v.min_score:g}" for v in checklist.verdicts)
    console.print(
        f"Verdicts: {escape(verdicts)}; any knockout: {escape(checklist.knockout_verdict.label)}"
    )
