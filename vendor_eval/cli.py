"""The vendor-eval command line. Commands live in vendor_eval/commands; this module
composes them and is the one place that turns a VendorEvalError into a message and an
exit code.

Heavy libraries (pdfplumber, jsonschema) are imported inside the commands that need
them so that `--help` stays fast.
"""

from __future__ import annotations

from typing import Any

import typer
from typer.core import TyperArgument, TyperGroup, TyperOption

from vendor_eval import __version__
from vendor_eval.errors import VendorEvalError

EXIT_CODES_HELP = (
    "Exit codes: 0 ok; 1 findings (invalid profile, knockout, a verdict named in --fail-on,"
    " score under --fail-under);"
    " 2 usage or input error (missing file, unreadable PDF, bad YAML)."
)


# typer shows each parameter's Python type in --help (<list[Path]>, <%Y-%m-%d>, <bool> on
# a flag); people read placeholders. A metavar given on the parameter wins.
_PLACEHOLDERS = {
    "<str>": "TEXT",
    "<int>": "INTEGER",
    "<float>": "FLOAT",
    "<float range>": "FLOAT",
    "<int range>": "INTEGER",
    "<path>": "PATH",
    "<file>": "FILE",
    "<dir>": "FOLDER",
    "<list[Path]>": "PATH...",
    "<list[str]>": "TEXT...",
}


def _placeholder(param: Any, ctx: Any) -> str | None:
    if getattr(param, "is_flag", False):
        return None
    if param.metavar is not None:
        return str(param.metavar)
    shown = param.display_type(ctx)
    return _PLACEHOLDERS.get(shown, shown)


def _usage_name(argument: Any) -> str:
    """PATHS... or [NEW] in the usage line, rather than {paths}... and [new]."""
    name = str(argument.metavar or argument.name).upper()
    if argument.nargs != 1 and not name.endswith("..."):
        name += "..."
    return name if argument.required else f"[{name}]"


TyperOption.display_type_rich = _placeholder  # type: ignore[method-assign,assignment]
TyperArgument.display_type_rich = _placeholder  # type: ignore[method-assign,assignment]
TyperArgument._usage_display_name = _usage_name  # type: ignore[method-assign,assignment]


class _Group(TyperGroup):
    """Catches our own errors for every subcommand, nested ones included."""

    # The base class takes click's Context, or in newer typer releases typer's own copy of
    # it; Any matches both, where naming one would break the override for the other.
    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except VendorEvalError as exc:
            from vendor_eval.console import one_line, stderr

            for line in getattr(exc, "lines", None) or [str(exc)]:
                stderr().print(
                    f"vendor-eval: error: {one_line(line)}", markup=False, soft_wrap=True
                )
            raise typer.Exit(exc.exit_code) from None


app = typer.Typer(
    cls=_Group,
    name="vendor-eval",
    help=(
        "Decide, with evidence, whether a vendor is fit to handle protected health "
        "information (PHI): BAA scope, SOC 2, data flow, consent, monitoring and "
        "subprocessors.\n\n" + EXIT_CODES_HELP
    ),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"vendor-eval {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    pass


def _register() -> None:
    from vendor_eval.commands import (
        assess,
        checklist_cmd,
        compare,
        diff,
        due,
        extract,
        init,
        monitor,
        portfolio,
        report,
        scan,
        schema,
        score,
        validate,
    )

    # In the order an analyst meets them: interview, evidence, scoring, then upkeep.
    app.command(short_help="Guided interview that saves each answer as it is given.")(assess.assess)
    app.add_typer(
        extract.app, name="extract", short_help="Cited evidence from a SOC 2, a BAA or a HAR."
    )
    app.command(short_help="A live site in a real browser: tags before and after consent.")(
        scan.scan
    )
    app.command(short_help="What changed since the last scan; vendors without a profile or BAA.")(
        monitor.monitor
    )
    app.command(short_help="Score profiles: verdicts, scores, findings; a CI gate.")(score.score)
    app.command(short_help="The printable scorecard: Markdown, HTML or JSON.")(report.report)
    app.command(short_help="Vendors side by side.")(compare.compare)
    app.command(short_help="What falls due: SOC 2 coverage, BAA dates, reassessments.")(due.due)
    app.command(short_help="Every vendor in one view, riskiest first, with charts.")(
        portfolio.portfolio
    )
    app.command(short_help="What changed since the last review, and whether it is worse.")(
        diff.diff
    )
    app.command(short_help="Check profiles for CI: path:line:col problems.")(validate.validate)
    app.command(short_help="Start a profile for a vendor.")(init.init)
    app.command(short_help="Print a JSON Schema for editors and tools.")(schema.schema)
    app.add_typer(
        checklist_cmd.app, name="checklist", short_help="List the checklists or show one."
    )


_register()


def main() -> None:
    app(prog_name="vendor-eval")
