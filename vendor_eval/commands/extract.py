"""`vendor-eval extract soc2|baa|har|subprocessors`: cited evidence from a vendor's documents."""

from __future__ import annotations

import contextlib
import datetime as dt
import enum
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from vendor_eval.commands.common import ForceOption, HealthTermsOption, OutputOption, emit
from vendor_eval.errors import UsageError

if TYPE_CHECKING:
    from vendor_eval.evidence.documents import PagedDocument
    from vendor_eval.model import Evidence

app = typer.Typer(
    help=(
        "Pull cited facts out of a vendor's documents into an evidence file "
        "(page + quote for PDFs, paragraph + quote for Word files, request for HAR "
        "captures) that profiles link and "
        "scoring reads. Everything runs locally; nothing leaves this machine."
    ),
    no_args_is_help=True,
)


class EvidenceFormat(enum.StrEnum):
    yaml = "yaml"
    json = "json"


FormatOption = Annotated[
    EvidenceFormat, typer.Option("--format", "-f", help="Evidence file format.")
]
PasswordOption = Annotated[
    str | None, typer.Option("--password", help="Password of an encrypted PDF.")
]
OcrOption = Annotated[
    bool,
    typer.Option(
        "--ocr",
        help=(
            "Read a PDF's scanned pages (no text layer) with Tesseract OCR; facts quoted "
            "from them are marked source: ocr, with a confidence. Needs tesseract-ocr."
        ),
    ),
]

# A bar is worth drawing only when reading takes more than a moment.
PROGRESS_MIN_PAGES = 50


@contextlib.contextmanager
def _page_progress(document: PagedDocument) -> Iterator[Callable[[int, int], None] | None]:
    """A page-count progress bar on stderr for long PDFs, only when stderr is a terminal."""
    from vendor_eval.console import stderr, stderr_is_terminal

    # Asked before any console is built: most runs write to no terminal and need no rich.
    if document.page_count < PROGRESS_MIN_PAGES or not stderr_is_terminal():
        yield None
        return
    from rich.progress import Progress

    with Progress(console=stderr(), transient=True) as bar:
        task = bar.add_task("Reading pages", total=document.page_count)
        yield lambda done, _total: bar.update(task, completed=done)


def _write(
    evidence: Evidence,
    output_format: EvidenceFormat,
    output: Path | None,
    force: bool,
    inputs: list[Path],
) -> None:
    """The evidence file to stdout or -o, then its warnings, one line each, to stderr.

    Written to a file, the evidence names its document relative to that file, which is
    how `validate` finds the document again to tell whether it changed since."""
    from vendor_eval.evidence.io import dump_evidence

    if output is not None:
        evidence.document.path = _relative_to_folder_of(output, evidence.document.path)
    evidence.document.extra["extracted_on"] = _today().isoformat()
    emit(dump_evidence(evidence, output_format.value), output, force=force, inputs=inputs)
    for warning in evidence.warnings:
        _warn(warning)


def _warn(warning: str) -> None:
    from vendor_eval.console import one_line, print_line

    print_line(f"vendor-eval: warning: {one_line(warning)}", style="")


def _warn_if_ocr_unused(document: Path, ocr: bool) -> None:
    """--ocr given with a file that is not a PDF: say so rather than ignore it silently."""
    from vendor_eval.evidence.documents import unused_ocr_warning

    warning = unused_ocr_warning(document) if ocr else None
    if warning is not None:
        _warn(warning)


def _today() -> dt.date:
    """The day of the extraction, for the scorecard's evidence appendix. SOURCE_DATE_EPOCH
    (the reproducible-builds convention) pins it, so a rebuilt evidence file is the same."""
    pinned = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if pinned.isdigit():
        return dt.datetime.fromtimestamp(int(pinned), dt.UTC).date()
    return dt.datetime.now(dt.UTC).date()


def _relative_to_folder_of(output: Path, document: str) -> str:
    folder = output.resolve().parent
    try:
        return Path(os.path.relpath(Path(document).resolve(), folder)).as_posix()
    except ValueError:  # another drive on Windows: no relative path exists
        return str(Path(document).resolve())


@app.command(
    "soc2",
    short_help="SOC 2 (or SOC 3 / SOC 1) report: type, period, criteria, opinion, exceptions.",
)
def soc2_command(
    report: Annotated[
        Path,
        typer.Argument(
            help="The SOC 2 (or SOC 3 / SOC 1) report: a PDF, a Word .docx, or its text as "
            ".txt or .md."
        ),
    ],
    output_format: FormatOption = EvidenceFormat.yaml,
    output: OutputOption = None,
    force: ForceOption = False,
    password: PasswordOption = None,
    ocr: OcrOption = False,
) -> None:
    """Type, period, trust services categories, opinion, exceptions, subservice
    organizations, CUECs, auditor and report date from a SOC report, each with its page
    (or paragraph) and quote. A fact the report does not state plainly is null, with a
    warning."""
    from vendor_eval.evidence.documents import finish, open_document
    from vendor_eval.evidence.soc2 import extract_soc2

    with (
        open_document(report, password=password, ocr=ocr) as document,
        _page_progress(document) as progress,
    ):
        evidence = finish(extract_soc2(document, progress=progress), document)
    _write(evidence, output_format, output, force, inputs=[report])
    _warn_if_ocr_unused(report, ocr)


@app.command(
    "baa", short_help="BAA: is it one, carve-outs and scope, breach deadline, HHS provisions."
)
def baa_command(
    agreement: Annotated[
        Path,
        typer.Argument(
            help="The business associate agreement: a PDF, a Word .docx, or its text as "
            ".txt or .md."
        ),
    ],
    output_format: FormatOption = EvidenceFormat.yaml,
    output: OutputOption = None,
    force: ForceOption = False,
    password: PasswordOption = None,
    ocr: OcrOption = False,
) -> None:
    """Whether the document is a HIPAA BAA at all, its carve-outs and scope, the breach
    reporting deadline, subcontractor flow-down, return or destruction of PHI, HHS access
    to books, limits on permitted uses, and which HHS sample provisions are missing, each
    with its page (or paragraph) and quote. A fact the agreement does not settle is null,
    with a warning."""
    from vendor_eval.evidence.baa import extract_baa
    from vendor_eval.evidence.documents import finish, read_document

    document = read_document(agreement, password=password, ocr=ocr)
    evidence = finish(extract_baa(document), document)
    _write(evidence, output_format, output, force, inputs=[agreement])
    _warn_if_ocr_unused(agreement, ocr)


@app.command(
    "har", short_help="Browser capture: who the browser sent data to, and PHI that leaked."
)
def har_command(
    capture: Annotated[
        Path,
        typer.Argument(
            help="A browser capture: DevTools → Network → 'Save all as HAR'.", dir_okay=False
        ),
    ],
    sites: Annotated[
        list[str],
        typer.Option(
            "--site",
            metavar="DOMAIN",
            help=(
                "The site's own domain (with or without www.); its subdomains are first "
                "party too. Repeat for other domains the organisation owns."
            ),
        ),
    ],
    canaries: Annotated[
        list[str] | None,
        typer.Option(
            "--canary",
            metavar="VALUE",
            help=(
                "A made-up value typed into the site's forms while recording (e-mail, "
                "name, condition). Found in plain, URL-encoded, base64 or hashed form; "
                "never written to the output. Repeatable."
            ),
        ),
    ] = None,
    health_terms: HealthTermsOption = None,
    vendor: Annotated[
        str | None,
        typer.Option(
            "--vendor",
            metavar="DOMAIN_OR_ID",
            help=(
                "Also say, on stderr, what the capture shows about one vendor: its domain "
                "(mixpanel.com) or tracker catalogue id (mixpanel). The evidence file stays "
                "whole; each profile that links it takes its own vendor's requests."
            ),
            show_default=False,
        ),
    ] = None,
    output_format: FormatOption = EvidenceFormat.yaml,
    output: OutputOption = None,
    force: ForceOption = False,
) -> None:
    """Where the browser sent data, and whether it carried health context: collection
    model (client-side, hybrid, server-side), analytics and ad vendors contacted,
    third-party hosts and cookies, PHI signals and canary leaks, each cited by request.
    Personal values are redacted in the output."""
    from vendor_eval.evidence.har import HarOptions, extract_har
    from vendor_eval.vendor_identity import capture_summary, identity_from_option

    identity = None
    if vendor is not None:
        try:
            identity = identity_from_option(vendor)
        except ValueError as exc:
            raise UsageError(f"--vendor: {exc}") from None

    options = HarOptions(
        sites=tuple(sites), canaries=tuple(canaries or ()), health_terms_file=health_terms
    )
    evidence = extract_har(capture, options)
    _write(
        evidence,
        output_format,
        output,
        force,
        inputs=[capture, *([health_terms] if health_terms else [])],
    )
    if identity is not None:
        from vendor_eval.console import one_line, stderr

        for line in capture_summary(evidence, identity):
            stderr().print(one_line(line), markup=False, soft_wrap=True)


@app.command(
    "subprocessors",
    short_help="Subprocessor list: each entity with purpose, location and data categories.",
)
def subprocessors_command(
    listing: Annotated[
        Path,
        typer.Argument(
            help="The vendor's subprocessor list: PDF, Word (.docx), HTML, CSV/TSV or a "
            "Markdown table.",
            dir_okay=False,
        ),
    ],
    output_format: FormatOption = EvidenceFormat.yaml,
    output: OutputOption = None,
    force: ForceOption = False,
) -> None:
    """Each subprocessor the vendor lists, with its purpose, location and data categories
    when the list gives them, cited by its row (and page). Read from the tables whose
    heading names the subprocessor and at least one of those columns; a list with no such
    table is an error."""
    from vendor_eval.evidence.subprocessors import extract_subprocessors

    _write(extract_subprocessors(listing), output_format, output, force, inputs=[listing])
