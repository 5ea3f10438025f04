"""`vendor-eval monitor SCAN`: what changed on the site since the baseline scan, and which
vendors seen have no profile or no BAA; exit 1 when there is any, for a nightly CI job."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from vendor_eval.commands.common import ForceOption, OutputOption, emit, print_errors
from vendor_eval.render.monitor import MONITOR_FORMATS

MonitorFormat = StrEnum("MonitorFormat", {name: name for name in MONITOR_FORMATS})  # type: ignore[misc]
DEFAULT_FORMAT = MonitorFormat("text")


def monitor(
    scan: Annotated[
        Path,
        typer.Argument(help="The scan evidence written by `vendor-eval scan`.", dir_okay=False),
    ],
    profiles: Annotated[
        Path,
        typer.Option(
            "--profiles",
            help="The folder of vendor profiles: every vendor seen should have one, with a BAA.",
            file_okay=False,
        ),
    ],
    baseline: Annotated[
        Path | None,
        typer.Option(
            "--baseline",
            help="An earlier scan of the site; without it only profiles and BAAs are checked.",
            dir_okay=False,
        ),
    ] = None,
    output_format: Annotated[
        MonitorFormat,  # type: ignore[valid-type]
        typer.Option(
            "--format",
            "-f",
            help="text, json, markdown (a job summary) or github (annotations).",
        ),
    ] = DEFAULT_FORMAT,
    output: OutputOption = None,
    force: ForceOption = False,
) -> None:
    """Compare a scan with a baseline scan: new vendors, new hosts, new health context or
    canary leaks, consent verdicts that got worse; and list every vendor seen that has no
    profile in --profiles or whose profile does not say a BAA is offered.

    Exit 0 when there is nothing to act on; 1 when there is; 2 when a file cannot be read.
    """
    from vendor_eval.errors import InputError
    from vendor_eval.evidence.io import load_evidence
    from vendor_eval.evidence.scan.monitor import ProfiledVendor
    from vendor_eval.evidence.scan.monitor import monitor as compare
    from vendor_eval.model import Evidence
    from vendor_eval.profiles import (
        ChecklistCache,
        ProfileInvalid,
        check_profile,
        iter_profile_paths,
    )

    def scan_evidence(path: Path) -> Evidence:
        evidence = load_evidence(path)
        if evidence.kind != "scan":
            raise InputError(
                f"holds {evidence.kind} evidence; give a file written by `vendor-eval scan`",
                path=path,
            )
        return evidence

    current = scan_evidence(scan)
    previous = scan_evidence(baseline) if baseline is not None else None
    if not profiles.is_dir():
        raise InputError("no such folder; give the folder of vendor profiles", path=profiles)
    identities = []
    refused: list[Exception] = []
    cache = ChecklistCache()
    for path, problem in iter_profile_paths([profiles]):
        if problem is not None and problem.rule != "no-files":
            refused.append(InputError(problem.message, path=path))
            continue
        if problem is not None:
            continue  # no profiles yet: every vendor seen is reported as without one
        check = check_profile(path, cache, load_evidence=False)
        if check.profile is None:
            refused.append(ProfileInvalid(check))
            continue
        identities.append(ProfiledVendor.of(check.profile))
    report = compare(current, previous, identities)
    inputs = [scan, *([baseline] if baseline else [])]
    emit(MONITOR_FORMATS[str(output_format)](report), output, force=force, inputs=inputs)
    print_errors(refused)
    if refused:
        raise typer.Exit(2)
    raise typer.Exit(0 if report.success else 1)
