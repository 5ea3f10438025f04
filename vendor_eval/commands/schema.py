"""`vendor-eval schema profile|checklist|evidence|report`: a JSON Schema for editors and CI."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from vendor_eval.commands.common import ForceOption, OutputOption, emit


class SchemaName(StrEnum):
    profile = "profile"
    checklist = "checklist"
    evidence = "evidence"
    report = "report"


def schema(
    name: Annotated[SchemaName, typer.Argument(help="Which schema to print.")],
    checklist: Annotated[
        str | None,
        typer.Option(
            "--checklist",
            help="For the profile schema: the checklist its answers come from (built-in name "
            "or file). Default: healthcare-analytics.",
        ),
    ] = None,
    output: OutputOption = None,
    force: ForceOption = False,
) -> None:
    """Print a JSON Schema. The profile schema is the base schema plus one property per
    question of the checklist, so editors (via a `# yaml-language-server: $schema=` line)
    autocomplete and check answers."""
    from vendor_eval.checklist import load_checklist, profile_schema
    from vendor_eval.jsonio import dump_json
    from vendor_eval.resources import json_schema

    if name is SchemaName.profile:
        document = profile_schema(load_checklist(checklist))
    else:
        document = json_schema(name.value)
    emit(dump_json(document), output, force=force)
