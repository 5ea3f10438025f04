"""`scan`: what a live site's pages send, vendor by vendor, before and after consent.

A real Chromium (the system's; never a downloaded one) visits the site three times, each in
a fresh profile: before any consent choice, after rejecting, after accepting. Every request
is recorded as a HAR (`recording.py`, driven by `browser.py`), read by the HAR extractor,
and grouped per vendor with a consent verdict (`analysis.py`). Consent banners are found
and answered by the rules in `consent_rules.yaml` (`consent.py`).
"""

from __future__ import annotations

import asyncio
import os
from dataclasses import dataclass
from pathlib import Path

from vendor_eval.errors import UsageError
from vendor_eval.evidence.har.hosts import check_canaries
from vendor_eval.model import Evidence

CONSENT_CHOICES = {
    "none": ("before-consent",),
    "reject": ("before-consent", "after-reject"),
    "accept": ("before-consent", "after-accept"),
    "all": ("before-consent", "after-reject", "after-accept"),
}


@dataclass(frozen=True)
class ScanOptions:
    urls: tuple[str, ...]
    consent: str = "all"
    canaries: tuple[str, ...] = ()
    form_fill: bool = False
    submit: bool = False
    browser: Path | None = None
    host_resolver_rules: str | None = None
    ignore_https_errors: bool = False
    accept_selector: str | None = None
    reject_selector: str | None = None
    consent_rules_file: Path | None = None
    health_terms_file: Path | None = None
    max_pages: int = 10
    page_timeout: float = 30.0
    dwell: float = 3.0
    time_budget: float = 600.0
    workers: int = 0  # 0: one per core
    har_out: Path | None = None


def _check(options: ScanOptions) -> None:
    if options.consent not in CONSENT_CHOICES:
        raise UsageError(f"--consent must be one of {', '.join(CONSENT_CHOICES)}")
    if options.form_fill and not options.canaries:
        raise UsageError("--form-fill types the canary into forms; give it with --canary VALUE")
    if options.submit and not options.form_fill:
        raise UsageError("--submit sends the filled-in forms; it needs --form-fill")
    check_canaries(options.canaries)
    for name, value in (
        ("--max-pages", options.max_pages),
        ("--page-timeout", options.page_timeout),
        ("--time-budget", options.time_budget),
    ):
        if value <= 0:
            raise UsageError(f"{name} must be more than 0")
    if options.dwell < 0:
        raise UsageError("--dwell cannot be negative")
    if options.workers < 0:
        # 0 already means one per core; a negative count would start no page at all.
        raise UsageError("--workers cannot be negative; leave it out for one per core")


def scan_site(options: ScanOptions) -> Evidence:
    """Scan the site and return its `scan` evidence. Raises UsageError for bad options or
    when no browser can be found; what goes wrong while scanning becomes warnings."""
    from vendor_eval.evidence.scan.analysis import analyse
    from vendor_eval.evidence.scan.browser import BrowserOptions, find_browser, run_scenarios
    from vendor_eval.evidence.scan.consent import consent_rules
    from vendor_eval.evidence.scan.sites import check_urls, in_site

    _check(options)
    urls, site = check_urls(list(options.urls))
    rules = consent_rules(
        options.consent_rules_file,
        accept_selector=options.accept_selector,
        reject_selector=options.reject_selector,
    )
    try:
        import playwright  # noqa: F401
    except ImportError:
        raise UsageError(
            "scan needs Playwright for Python: pip install 'vendor-eval[scan]'"
        ) from None
    browser = BrowserOptions(
        executable=find_browser(options.browser),
        host_resolver_rules=options.host_resolver_rules,
        ignore_https_errors=options.ignore_https_errors,
        page_timeout=options.page_timeout,
        dwell=options.dwell,
        workers=options.workers or os.cpu_count() or 1,
        form_values=tuple(c.strip() for c in options.canaries) if options.form_fill else (),
        submit=options.submit,
    )
    run = asyncio.run(
        run_scenarios(
            urls,
            CONSENT_CHOICES[options.consent],
            browser,
            rules,
            scope=lambda host: in_site(host, site),
            max_pages=options.max_pages,
            time_budget=options.time_budget,
        )
    )
    return analyse(
        run.recordings,
        urls=urls,
        site=site,
        canaries=tuple(c.strip() for c in options.canaries),
        health_terms_file=options.health_terms_file,
        browser_version=run.browser_version,
        har_out=options.har_out,
    )
