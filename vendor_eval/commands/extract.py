"""`vendor-eval extract soc2|baa|har`: cited evidence from a vendor's documents."""

from __future__ import annotations

import typer

app = typer.Typer(
    help=(
        "Pull cited facts out of a vendor's documents into an evidence file "
        "(page + quote for PDFs, request for HAR captures) that profiles link and "
        "scoring reads. Everything runs locally; nothing leaves this machine."
    ),
    no_args_is_help=True,
)
