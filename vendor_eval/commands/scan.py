"""`vendor-eval scan URL...`: what a live site sends, per vendor, before and after consent."""

from __future__ import annotations

import enum
from pathlib import Path
from typing import Annotated

import typer

from vendor_eval.commands.common import ForceOption, HealthTermsOption, OutputOption, emit


class Consent(enum.StrEnum):
    none = "none"
    reject = "reject"
    accept = "accept"
    all = "all"


class EvidenceFormat(enum.StrEnum):
    yaml = "yaml"
    json = "json"


def _read_pages(path: Path) -> list[str]:
    """One URL a line; blank lines and # comments skipped."""
    from vendor_eval.yamlio import read_text

    lines = (line.strip() for line in read_text(path, max_bytes=1 << 20).splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def scan(
    urls: Annotated[
        list[str] | None,
        typer.Argument(help="Pages of one site to start from, e.g. https://clinic.example/."),
    ] = None,
    pages: Annotated[
        Path | None,
        typer.Option("--pages", help="A file of more page URLs, one a line.", dir_okay=False),
    ] = None,
    consent: Annotated[
        Consent,
        typer.Option(
            "--consent",
            help=(
                "Scenarios: none = before any choice only; reject / accept = that one too; "
                "all = before, after reject and after accept."
            ),
        ),
    ] = Consent.all,
    canaries: Annotated[
        list[str] | None,
        typer.Option(
            "--canary",
            metavar="VALUE",
            help=(
                "A made-up value looked for in everything sent (plain, encoded or hashed); "
                "typed into forms with --form-fill. Never written out. Repeatable."
            ),
        ),
    ] = None,
    form_fill: Annotated[
        bool, typer.Option("--form-fill", help="Type the canary into every form's text fields.")
    ] = False,
    submit: Annotated[
        bool,
        typer.Option("--submit", help="Also submit the filled-in forms to the site (off)."),
    ] = False,
    har: Annotated[
        Path | None,
        typer.Option(
            "--har",
            help="Also write each scenario as HAR 1.2: OUT.before-consent.har and so on.",
            dir_okay=False,
        ),
    ] = None,
    browser: Annotated[
        Path | None,
        typer.Option(
            "--browser", help="Chromium to use (default: chromium on PATH).", dir_okay=False
        ),
    ] = None,
    host_resolver_rules: Annotated[
        str | None,
        typer.Option(
            "--host-resolver-rules",
            metavar="RULES",
            help="Passed to Chromium as is, e.g. 'MAP * 127.0.0.1:8443' to scan a staging copy.",
        ),
    ] = None,
    ignore_https_errors: Annotated[
        bool,
        typer.Option(
            "--ignore-https-errors",
            help="Accept any certificate (a staging copy under production names).",
        ),
    ] = False,
    accept_selector: Annotated[
        str | None,
        typer.Option("--accept-selector", metavar="CSS", help="The banner's accept button."),
    ] = None,
    reject_selector: Annotated[
        str | None,
        typer.Option("--reject-selector", metavar="CSS", help="The banner's reject button."),
    ] = None,
    consent_rules: Annotated[
        Path | None,
        typer.Option(
            "--consent-rules",
            help="A YAML file of consent-manager rules, tried before the built-in ones.",
            dir_okay=False,
        ),
    ] = None,
    health_terms: HealthTermsOption = None,
    max_pages: Annotated[
        int, typer.Option("--max-pages", help="Pages of the site to visit at most.")
    ] = 10,
    page_timeout: Annotated[
        float, typer.Option("--page-timeout", help="Seconds a page may take to load.")
    ] = 30.0,
    dwell: Annotated[
        float,
        typer.Option("--dwell", help="Seconds to stay on each page for late tags."),
    ] = 3.0,
    time_budget: Annotated[
        float, typer.Option("--time-budget", help="Seconds for the whole scan; then it stops.")
    ] = 600.0,
    workers: Annotated[
        int,
        # 0 is how the scanner is told "one per core"; the help says that, not the 0.
        typer.Option("--workers", help="Pages at once. Default: one per core.", show_default=False),
    ] = 0,
    output_format: Annotated[
        EvidenceFormat, typer.Option("--format", "-f", help="Evidence file format.")
    ] = EvidenceFormat.yaml,
    output: OutputOption = None,
    force: ForceOption = False,
) -> None:
    """Visit a site in the system's headless Chromium three times (before any consent
    choice, after reject, after accept), record every request, and write `scan` evidence:
    per vendor, what it received in each scenario, health context and canary leaks, and a
    consent verdict (enforced, leaks-before-consent, ignores-reject, not-tested). Only
    pages of the site's own registrable domain are visited."""
    from vendor_eval.console import one_line, stderr
    from vendor_eval.errors import OutputError
    from vendor_eval.evidence.io import dump_evidence
    from vendor_eval.evidence.scan import ScanOptions, scan_site

    if output is not None and output.exists() and not force:
        # Refused now rather than after minutes of scanning.
        raise OutputError("already exists; pass --force to overwrite it", path=output)
    start = list(urls or [])
    if pages is not None:
        start += _read_pages(pages)
    evidence = scan_site(
        ScanOptions(
            urls=tuple(start),
            consent=consent.value,
            canaries=tuple(canaries or ()),
            form_fill=form_fill,
            submit=submit,
            browser=browser,
            host_resolver_rules=host_resolver_rules,
            ignore_https_errors=ignore_https_errors,
            accept_selector=accept_selector,
            reject_selector=reject_selector,
            consent_rules_file=consent_rules,
            health_terms_file=health_terms,
            max_pages=max_pages,
            page_timeout=page_timeout,
            dwell=dwell,
            time_budget=time_budget,
            workers=workers,
            har_out=har,
        )
    )
    emit(dump_evidence(evidence, output_format.value), output, force=force)
    for warning in evidence.warnings:
        stderr().print(f"vendor-eval: warning: {one_line(warning)}", markup=False, soft_wrap=True)
