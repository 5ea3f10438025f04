"""Golden outputs: every command, run on the shipped profiles, the example profiles and
documents built here, prints exactly what it printed when the golden files were written.

Each case runs the real program in a fresh process (so no console or cache is shared with
other tests) with a fixed terminal width, no colour and a fixed `--as-of` date, and is
compared byte for byte with `tests/golden/<case>.txt`: the command line, the exit code,
standard error and standard output. To rewrite the files see `tests/golden/update.py`.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import hargen
import pytest
from pdfgen import write_pdf
from soc2_sample import Soc2Report

REPO = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden"
AS_OF = "2026-11-29"
PROFILES = sorted(p.name for p in (REPO / "vendor_profiles").glob("*.yaml"))
VALIDATE_TARGETS = ("vendor_profiles", "tests/examples/valid", "tests/examples/invalid")

# Only what the program needs: nothing from the calling shell (FORCE_COLOR, GITHUB_ACTIONS,
# a terminal's size) may leak into what is compared.
ENVIRONMENT = {
    "PATH": os.environ.get("PATH", ""),
    # The code under test is this checkout's, as for the in-process tests (`python -m
    # pytest` puts the checkout first), even in a folder of generated documents and even
    # when an older copy is installed in the venv.
    "PYTHONPATH": str(REPO),
    "LANG": "C.UTF-8",
    "PYTHONIOENCODING": "utf-8",
    "COLUMNS": "100",
    "LINES": "40",
    "NO_COLOR": "1",
    "TERM": "xterm",
    # The day `extract` records in an evidence file: the same as AS_OF.
    "SOURCE_DATE_EPOCH": "1795910400",
}


@dataclass(frozen=True)
class Case:
    name: str
    args: tuple[str, ...]
    # Builds the documents an `extract` case reads in its working folder; without it
    # the case runs from the repository root on the files checked in.
    documents: Callable[[Path], None] | None = field(default=None, compare=False)


# --- documents for extract, built in code ------------------------------------------------

BAA_TEXT = """# HIPAA Business Associate Addendum

This Business Associate Addendum forms part of the Subscription Agreement between Lumen
Metrics LLC ("Business Associate") and the covered entity that signs it ("Customer"), and
governs the handling of Protected Health Information under HIPAA.

1. Scope. This Addendum does not apply to information collected on pages of Customer's
websites that do not require a user to log in, nor to data sent through the free tier.

2. Business Associate will not use or further disclose PHI except as this Addendum permits
or requires or as Required by Law.

3. Business Associate shall notify Customer of a Breach of Unsecured PHI without
unreasonable delay and in no case later than thirty (30) days after discovery.

4. Before any subcontractor receives PHI, Business Associate will bind it in writing to
restrictions and conditions at least as stringent as those in this Addendum.

5. Business Associate will make its internal practices, books and records available to the
Secretary of Health and Human Services for determining compliance.
"""

BAA_PAGES = [
    "HIPAA BUSINESS ASSOCIATE ADDENDUM\n\n"
    'This Business Associate Addendum (the "Addendum") forms part of the Subscription '
    'Agreement between Lumen Metrics LLC ("Vendor") and the health plan that signs it '
    '("Customer"), and governs Vendor\'s handling of Protected Health Information under '
    "HIPAA.\n\n"
    "Vendor will maintain administrative, physical and technical safeguards and will comply "
    "with Subpart C of 45 C.F.R. Part 164 for electronic PHI.\n\n"
    "Vendor may use and disclose PHI only as necessary to provide the services described in "
    "the Subscription Agreement, and as required by law.",
    "5. Reporting\nVendor shall notify Customer of a Breach of Unsecured",
    "PHI within five (5) business days after discovery.\n\n"
    "When this Addendum ends, Vendor will return or destroy all PHI and keep no copies.",
]

SITE = "clinic.example"
HEALTH_PAGE = "https://www.clinic.example/conditions/diabetes/schedule-appointment"
HOME = "https://www.clinic.example/"
CANARY = "jane.canary@example.org"


def _soc2(folder: Path) -> None:
    Soc2Report().write(folder / "northwind-soc2.pdf")


def _baa_text(folder: Path) -> None:
    (folder / "lumen-baa.md").write_text(BAA_TEXT, encoding="utf-8")


def _baa_pdf(folder: Path) -> None:
    write_pdf(
        folder / "lumen-baa.pdf",
        BAA_PAGES,
        header="Lumen Metrics - Confidential",
        footer="Page {page} of {pages}",
    )


def _har(folder: Path) -> None:
    capture = hargen.har(
        hargen.page(HEALTH_PAGE),
        hargen.script("https://cdn.mxpnl.com/libs/mixpanel-2-latest.min.js", referer=HOME),
        hargen.mixpanel_track(
            {"$current_url": HEALTH_PAGE, "distinct_id": "d-1", "$email": CANARY}
        ),
        hargen.script("https://www.googletagmanager.com/gtag/js?id=G-TEST123", referer=HOME),
        hargen.ga4_collect(HEALTH_PAGE, "Diabetes care | Clinic"),
        hargen.script("https://connect.facebook.net/en_US/fbevents.js", referer=HOME),
        hargen.meta_pixel(HEALTH_PAGE, email=CANARY),
        hargen.request("https://fonts.gstatic.com/s/inter.woff2", mime="font/woff2", referer=HOME),
        hargen.request("https://api.clinic.example/appointments", method="POST", body="{}"),
    )
    hargen.write(folder / "clinic.har", capture)


# --- the cases ---------------------------------------------------------------------------


def _cases() -> list[Case]:
    cases: list[Case] = []
    for name in PROFILES:
        stem = name.removesuffix(".yaml")
        path = f"vendor_profiles/{name}"
        for fmt in ("table", "json"):
            cases.append(Case(f"score-{stem}-{fmt}", ("score", path, "-f", fmt, "--as-of", AS_OF)))
        for fmt in ("markdown", "html", "json"):
            cases.append(
                Case(f"report-{stem}-{fmt}", ("report", path, "-f", fmt, "--as-of", AS_OF))
            )
    everyone = tuple(f"vendor_profiles/{name}" for name in PROFILES)
    for fmt in ("table", "markdown", "html", "json"):
        cases.append(Case(f"compare-{fmt}", ("compare", *everyone, "-f", fmt, "--as-of", AS_OF)))
    for target in VALIDATE_TARGETS:
        label = target.replace("tests/examples/", "examples-")
        for fmt in ("text", "github", "json", "sarif"):
            cases.append(Case(f"validate-{label}-{fmt}", ("validate", target, "-f", fmt)))
    cases += [
        Case("checklist-show-healthcare-analytics", ("checklist", "show", "healthcare-analytics")),
        Case("schema-profile", ("schema", "profile")),
        Case("extract-soc2-yaml", ("extract", "soc2", "northwind-soc2.pdf"), _soc2),
        Case(
            "extract-soc2-json",
            ("extract", "soc2", "northwind-soc2.pdf", "--format", "json"),
            _soc2,
        ),
        Case("extract-baa-text", ("extract", "baa", "lumen-baa.md"), _baa_text),
        Case("extract-baa-pdf", ("extract", "baa", "lumen-baa.pdf"), _baa_pdf),
        Case(
            "extract-har",
            ("extract", "har", "clinic.har", "--site", SITE, "--canary", CANARY),
            _har,
        ),
        Case(
            "extract-har-json",
            ("extract", "har", "clinic.har", "--site", SITE, "--format", "json"),
            _har,
        ),
    ]
    return cases


CASES = _cases()


def run_case(case: Case, workdir: Path) -> str:
    """The case's command line, exit code, stderr and stdout as one text."""
    cwd = REPO
    if case.documents is not None:
        case.documents(workdir)
        cwd = workdir
    done = subprocess.run(
        [sys.executable, "-m", "vendor_eval", *case.args],
        cwd=cwd,
        env=ENVIRONMENT,
        capture_output=True,
        check=False,
    )
    return (
        f"$ vendor-eval {' '.join(case.args)}\n"
        f"exit {done.returncode}\n"
        f"--- stderr\n{done.stderr.decode('utf-8')}"
        f"--- stdout\n{done.stdout.decode('utf-8')}"
    )


def golden_path(case: Case) -> Path:
    return GOLDEN / f"{case.name}.txt"


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_output_is_byte_identical_to_the_golden_file(case, tmp_path):
    expected = golden_path(case).read_bytes().decode("utf-8")
    assert run_case(case, tmp_path) == expected


def test_every_golden_file_belongs_to_a_case():
    names = {golden_path(case).name for case in CASES}
    assert len(names) == len(CASES)
    assert sorted(p.name for p in GOLDEN.glob("*.txt")) == sorted(names)
