"""`vendor-eval init "Vendor Name"`: start a profile from the checklist."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from vendor_eval.commands.common import ForceOption
from vendor_eval.errors import UsageError


def init(
    vendor: Annotated[str, typer.Argument(help='The vendor\'s name, e.g. "Acme Analytics".')],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Profile file to create. Default: vendor_profiles/<vendor-slug>.yaml "
            "when that folder exists, else ./<vendor-slug>.yaml.",
            dir_okay=False,
        ),
    ] = None,
    checklist: Annotated[
        str, typer.Option("--checklist", help="Built-in checklist name or checklist file.")
    ] = "healthcare-analytics",
    domains: Annotated[
        list[str] | None,
        typer.Option(
            "--domain",
            metavar="DOMAIN",
            help="The vendor's registrable domain (e.g. acme.com); repeat for several. "
            "Default: from the tracker catalogue when it knows the vendor.",
            show_default=False,
        ),
    ] = None,
    force: ForceOption = False,
) -> None:
    """Create a profile skeleton: vendor, assessment metadata and every question of the
    checklist as a commented-out line, ready to fill in (or run `vendor-eval assess`)."""
    from vendor_eval.assessments import clean_vendor
    from vendor_eval.checklist import load_checklist, profile_schema
    from vendor_eval.console import stderr
    from vendor_eval.fileio import atomic_write_text
    from vendor_eval.jsonio import dump_json
    from vendor_eval.safe_text import printable
    from vendor_eval.scaffold import profile_skeleton, slugify
    from vendor_eval.vendor_identity import catalogue_identity, domain_problem

    vendor = clean_vendor(vendor)
    for domain in domains or []:
        problem = domain_problem(domain)
        if problem:
            raise UsageError(f"--domain: {problem}")
    identity = catalogue_identity(vendor) if not domains else None
    loaded = load_checklist(checklist)
    if output is None:
        folder = Path("vendor_profiles")
        output = (folder if folder.is_dir() else Path(".")) / f"{slugify(vendor)}.yaml"
    # Editors complete and check the profile through the schema its first line names: the
    # repository's copy when the profile sits beside it, else one written next to it.
    schema_ref = "../docs/schemas/profile.schema.json"
    schema_file: Path | None = None
    if not (output.parent / schema_ref).is_file():
        schema_ref = "profile.schema.json"
        schema_file = output.parent / schema_ref
    text = profile_skeleton(
        vendor,
        loaded,
        checklist_ref=checklist,
        today=dt.date.today(),
        schema_ref=schema_ref,
        domains=tuple(d.strip().lower() for d in domains or ())
        or (identity.domains if identity else ()),
        tracker=identity.tracker if identity else None,
    )
    atomic_write_text(output, text, force=force)
    made = f"created {printable(str(output))}"
    if schema_file is not None and not schema_file.exists():
        atomic_write_text(schema_file, dump_json(profile_schema(loaded)), force=False)
        made += f" and {printable(str(schema_file))} (for editors)"
    stderr().print(
        f"{made}; fill it in, or run: vendor-eval assess {printable(str(output))}",
        markup=False,
        soft_wrap=True,
    )
