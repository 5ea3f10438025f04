"""The vendor-eval command line. Commands live in vendor_eval/commands; this module
composes them and is the one place that turns a VendorEvalError into a message and an
exit code.

Start-up is paid on every run, so nothing is imported before it is needed: a command's
module only when that command runs (`--help` lists them from the table below), heavy
libraries (pdfplumber, jsonschema) inside the commands that need them.
"""

from __future__ import annotations

import copy
import functools
import importlib
import inspect
import re
from collections.abc import Callable, Iterator, MutableMapping
from typing import Any, NamedTuple

import typer
import typer.main
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption

from vendor_eval import __version__, typer_values
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


def _choices(param: Any) -> list[str]:
    descriptor = getattr(param, "type_descriptor", None)
    if descriptor is None or not descriptor.is_choice:
        return []
    return [str(getattr(choice, "value", choice)) for choice in descriptor.choices or ()]


def _placeholder(param: Any, ctx: Any) -> str | None:
    if getattr(param, "is_flag", False):
        return None
    if param.metavar is not None:
        return str(param.metavar)
    if _choices(param):
        # <auto|text|json|github|sarif> is cut mid-word at 80 columns; the option's name
        # (FORMAT for --format) stays whole and its help lists the choices (_readable_help).
        long_names = [o for o in getattr(param, "opts", ()) if o.startswith("--")]
        return (long_names[0][2:] if long_names else str(param.name)).upper()
    shown = param.display_type(ctx)
    return _PLACEHOLDERS.get(shown, shown)


def _readable_help(command: Any) -> None:
    """Each choice option's help ends with its choices, unless it already names every
    one; and each paragraph of the command's help is one paragraph, not the source's lines
    (typer keeps the line breaks of every paragraph after the first)."""
    for param in command.params:
        choices = _choices(param)
        help_text = param.help or ""
        if choices and not all(re.search(rf"\b{re.escape(c)}\b", help_text) for c in choices):
            param.help = f"{help_text} One of: {', '.join(choices)}.".strip()
    if command.help:
        paragraphs = inspect.cleandoc(command.help).split("\n\n")
        command.help = "\n\n".join(
            p if p.startswith("\b") else " ".join(p.split("\n")) for p in paragraphs
        )
    for subcommand in getattr(command, "commands", {}).values():
        _readable_help(subcommand)


def _usage_name(argument: Any) -> str:
    """PATHS... or [NEW] in the usage line, rather than {paths}... and [new]."""
    name = str(argument.metavar or argument.name).upper()
    if argument.nargs != 1 and not name.endswith("..."):
        name += "..."
    return name if argument.required else f"[{name}]"


TyperOption.display_type_rich = _placeholder  # type: ignore[method-assign,assignment]
TyperArgument.display_type_rich = _placeholder  # type: ignore[method-assign,assignment]
TyperArgument._usage_display_name = _usage_name  # type: ignore[method-assign,assignment]


typer_values.install()


class _Entry(NamedTuple):
    """Where a command lives and the line --help lists it with. (Made on every start: as a
    NamedTuple it costs a fifth of a frozen dataclass, about 0.3 ms less.)"""

    module: str
    attribute: str  # a command function, or a Typer app for a group of subcommands
    short_help: str


# Commands are listed in the order an analyst meets them (interview, evidence, scoring,
# then upkeep), the groups of subcommands after them.
_COMMANDS = {
    "assess": _Entry(
        "vendor_eval.commands.assess",
        "assess",
        "Guided interview that saves each answer as it is given.",
    ),
    "scan": _Entry(
        "vendor_eval.commands.scan",
        "scan",
        "A live site in a real browser: tags before and after consent.",
    ),
    "monitor": _Entry(
        "vendor_eval.commands.monitor",
        "monitor",
        "What changed since the last scan; vendors without a profile or BAA.",
    ),
    "score": _Entry(
        "vendor_eval.commands.score",
        "score",
        "Score profiles: verdicts, scores, findings; a CI gate.",
    ),
    "report": _Entry(
        "vendor_eval.commands.report", "report", "The printable scorecard: Markdown, HTML or JSON."
    ),
    "compare": _Entry("vendor_eval.commands.compare", "compare", "Vendors side by side."),
    "due": _Entry(
        "vendor_eval.commands.due",
        "due",
        "What falls due: SOC 2 coverage, BAA dates, reassessments.",
    ),
    "portfolio": _Entry(
        "vendor_eval.commands.portfolio",
        "portfolio",
        "Every vendor in one view, riskiest first, with charts.",
    ),
    "diff": _Entry(
        "vendor_eval.commands.diff",
        "diff",
        "What changed since the last review, and whether it is worse.",
    ),
    "validate": _Entry(
        "vendor_eval.commands.validate",
        "validate",
        "Check profiles for CI: path:line:col problems.",
    ),
    "init": _Entry("vendor_eval.commands.init", "init", "Start a profile for a vendor."),
    "schema": _Entry(
        "vendor_eval.commands.schema", "schema", "Print a JSON Schema for editors and tools."
    ),
    "extract": _Entry(
        "vendor_eval.commands.extract", "app", "Cited evidence from a SOC 2, a BAA or a HAR."
    ),
    "checklist": _Entry(
        "vendor_eval.commands.checklist_cmd", "app", "List the checklists or show one."
    ),
}


def _build(name: str, entry: _Entry) -> Any:
    """The click command for one entry, made by Typer exactly as if it had been registered
    on the app; a holder app does the registering so that only Typer's public API is used.
    A group of subcommands (extract, checklist) is made without them: each is made when it
    is looked up, so `extract baa` does not also make soc2, har and subprocessors."""
    target = getattr(importlib.import_module(entry.module), entry.attribute)
    holder = typer.Typer(add_completion=False)
    if isinstance(target, typer.Typer):
        shell = copy.copy(target)  # the group's own settings and help, none of its commands
        shell.registered_commands = []
        holder.add_typer(shell, name=name, short_help=entry.short_help)
        group = typer.main.get_command(holder).commands[name]  # type: ignore[attr-defined]
        _readable_help(group)
        group.commands = _Commands(
            {
                _subcommand_name(info): functools.partial(_build_one, info)
                for info in target.registered_commands
            }
        )
        return group
    holder.command(name, short_help=entry.short_help)(target)
    command = typer.main.get_command(holder)
    _readable_help(command)
    return command


def _subcommand_name(info: Any) -> str:
    """The name typer gives a registered command: its own, or its function's."""
    return str(info.name or typer.main.get_command_name(info.callback.__name__))


def _build_one(info: Any) -> Any:
    """One subcommand of a group, made by Typer from its registration alone."""
    holder = typer.Typer(add_completion=False)
    holder.registered_commands.append(info)
    command = typer.main.get_command(holder)
    _readable_help(command)
    return command


class _Commands(MutableMapping[str, Any]):
    """A group's commands by name, each imported and built the first time it is looked up:
    a run pays only for the command it runs (issue 16: start-up)."""

    def __init__(
        self, builders: dict[str, Callable[[], Any]], built: dict[str, Any] | None = None
    ) -> None:
        self._builders = builders
        self._built = built or {}

    def __getitem__(self, name: str) -> Any:
        if name not in self._built:
            self._built[name] = self._builders[name]()
        return self._built[name]

    def __setitem__(self, name: str, command: Any) -> None:
        self._built[name] = command

    def __delitem__(self, name: str) -> None:
        del self._built[name]

    def _names(self) -> dict[str, None]:
        return dict.fromkeys([*self._builders, *self._built])

    def __iter__(self) -> Iterator[str]:
        return iter(self._names())

    def __len__(self) -> int:
        return len(self._names())


class _Group(TyperGroup):
    """The root command: builds a subcommand only when it is run, and catches our own
    errors for every subcommand, nested ones included."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.commands = _Commands(
            {name: functools.partial(_build, name, entry) for name, entry in _COMMANDS.items()},
            dict(self.commands),
        )
        self._listing = False

    def list_commands(self, ctx: Any) -> list[str]:
        return list(self.commands)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if self._listing and cmd_name in _COMMANDS:
            # The list in --help shows a name and a short help, nothing that needs the
            # command's module: a bare command carrying the two keeps --help fast.
            return TyperCommand(cmd_name, short_help=_COMMANDS[cmd_name].short_help)
        return super().get_command(ctx, cmd_name)

    def format_help(self, ctx: Any, formatter: Any) -> None:
        self._listing = True
        try:
            super().format_help(ctx, formatter)
        finally:
            self._listing = False

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


def main() -> None:
    """Run the command line as `vendor-eval`; the process's settings are the entry
    point's (vendor_eval.__main__)."""
    app(prog_name="vendor-eval")
