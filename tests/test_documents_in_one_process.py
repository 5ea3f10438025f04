"""Documents extracted one after another in one process give the facts each gives alone.

The extractors keep a few things between calls for speed (a page's lower-case text, what
a sentence admits, a URL's parts, a query piece's canaries...). Each is meant to depend on
the text it was worked out from alone; if one held a fact of the document before, a
batch run (`portfolio`, a script over a folder) would give another vendor's answers. Each
pair is run alone and in both orders, every run in a fresh interpreter."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from hargen import ga4_collect, har, meta_pixel, mixpanel_track, page, script, write
from soc2_sample import Soc2Report, control_test_rows

SITE = "portal.example-health.com"

_EXTRACT = """
import sys
from vendor_eval.evidence.baa import extract_baa
from vendor_eval.evidence.documents import open_document, read_document
from vendor_eval.evidence.har.analysis import HarOptions
from vendor_eval.evidence.har.extract import extract_har
from vendor_eval.evidence.io import dump_evidence
from vendor_eval.evidence.soc2 import extract_soc2

kind, site, *paths = sys.argv[1:]
for path in paths:
    if kind == "baa":
        evidence = extract_baa(read_document(path))
    elif kind == "soc2":
        with open_document(path) as document:
            evidence = extract_soc2(document)
    else:
        evidence = extract_har(path, HarOptions(sites=(site,), canaries=("pat@example.com",)))
    print(dump_evidence(evidence, "json").replace("\\n", " "))
"""


def _extract(kind: str, *paths: Path) -> list[dict]:
    done = subprocess.run(
        [sys.executable, "-c", _EXTRACT, kind, SITE, *map(str, paths)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return [json.loads(line) for line in done.stdout.splitlines()]


def _same_alone_and_in_both_orders(kind: str, first: Path, second: Path) -> None:
    (alone_first,) = _extract(kind, first)
    (alone_second,) = _extract(kind, second)
    assert alone_first["facts"] != alone_second["facts"]  # else the test proves nothing
    assert _extract(kind, first, second) == [alone_first, alone_second]
    assert _extract(kind, second, first) == [alone_second, alone_first]


BAA_BREACH_IN_DAYS = """BUSINESS ASSOCIATE AGREEMENT

1. Acme Analytics ("Business Associate") shall not use or disclose Protected Health
Information other than as permitted by this Agreement or as required by law.

2. Business Associate shall report to Covered Entity any Breach of Unsecured Protected
Health Information within ten (10) days after its discovery.

3. Business Associate shall ensure that any subcontractors that create, receive,
maintain or transmit Protected Health Information on its behalf agree to the same
restrictions and conditions that apply to Business Associate.
"""

BAA_BREACH_IN_HOURS = """HIPAA ADDENDUM

Vendor will notify Customer of a Breach of Unsecured PHI no later than 72 hours after
discovering it. Upon termination of this Addendum, Vendor will return or destroy all PHI.
Vendor will make its internal practices, books and records available to the Secretary of
HHS for purposes of determining compliance with HIPAA.
"""


def test_two_agreements_in_one_process(tmp_path):
    first = tmp_path / "acme-baa.txt"
    first.write_text(BAA_BREACH_IN_DAYS, encoding="utf-8")
    second = tmp_path / "vendor-addendum.txt"
    second.write_text(BAA_BREACH_IN_HOURS, encoding="utf-8")
    _same_alone_and_in_both_orders("baa", first, second)


def test_two_soc2_reports_in_one_process(tmp_path):
    with_exceptions = Soc2Report().write(tmp_path / "northwind.pdf")
    clean = Soc2Report(
        subservice="Northwind does not use subservice organizations.",
        description_right="Northwind runs its own data centres and mail servers.",
        cuec_mention="",
        cuec_heading="",
        cuec_items="",
        signature="Harbor & Pine CPAs\nBoston, Massachusetts\nMarch 3, 2026",
        test_pages=[control_test_rows(count=12)],
    ).write(tmp_path / "clean.pdf")
    _same_alone_and_in_both_orders("soc2", with_exceptions, clean)


def test_two_captures_in_one_process(tmp_path):
    landing = f"https://{SITE}/"
    tracked = write(
        tmp_path / "tracked.har",
        har(
            page(landing),
            script("https://www.googletagmanager.com/gtag/js?id=G-TEST123", referer=landing),
            ga4_collect(f"https://{SITE}/conditions/diabetes", "Diabetes care", referer=landing),
            meta_pixel(landing, email="pat@example.com"),
        ),
    )
    quiet = write(
        tmp_path / "quiet.har",
        har(
            page(landing),
            mixpanel_track({"$current_url": f"https://{SITE}/billing"}, referer=landing),
        ),
    )
    _same_alone_and_in_both_orders("har", tracked, quiet)
