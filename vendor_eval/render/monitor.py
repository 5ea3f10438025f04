"""The formats of `vendor-eval monitor`: each a pure function from a MonitorReport to text.
The CLI's --format choices are the keys of MONITOR_FORMATS."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from vendor_eval.jsonio import dump_json
from vendor_eval.problem_formats import github_escape
from vendor_eval.render.interface import clean
from vendor_eval.render.markdown import md, table

if TYPE_CHECKING:  # the report types pull in what `--help` must not load
    from vendor_eval.evidence.scan.monitor import MonitorReport

LONG = 300


def _summary(report: MonitorReport) -> str:
    since = f" since {clean(report.baseline)}" if report.baseline else ""
    count = len(report.findings)
    found = "nothing to act on" if not count else f"{count} finding(s)"
    return f"{clean(report.site)}: {report.vendors} vendor(s) seen{since}; {found}"


def text(report: MonitorReport) -> str:
    lines = [_summary(report)]
    lines += [f"  {f.kind:<19} {clean(f.message, LONG)}" for f in report.findings]
    return "\n".join(lines) + "\n"


def markdown(report: MonitorReport) -> str:
    lines = [f"## Site monitor: {md(report.site)}", "", md(_summary(report)), ""]
    if report.findings:
        rows = [
            (md(f.kind), md(f.vendor_name), md(f.message, LONG), md(f.profile or ""))
            for f in report.findings
        ]
        lines += table(("finding", "vendor", "what", "profile"), rows)
    return "\n".join(lines) + "\n"


def json(report: MonitorReport) -> str:
    return dump_json(
        {
            "scan": report.scan,
            "baseline": report.baseline,
            "site": report.site,
            "vendors": report.vendors,
            "success": report.success,
            "findings": [
                {
                    "kind": f.kind,
                    "vendor": f.vendor,
                    "vendor_name": f.vendor_name,
                    "message": f.message,
                    "profile": f.profile,
                }
                for f in report.findings
            ],
        }
    )


def github(report: MonitorReport) -> str:
    """One workflow annotation per finding, on the profile when there is one, else the scan."""
    lines = []
    for f in report.findings:
        where = github_escape(f.profile or report.scan, property_value=True)
        title = github_escape(f"monitor {f.kind}", property_value=True)
        lines.append(f"::error file={where},title={title}::{github_escape(clean(f.message, LONG))}")
    return "".join(line + "\n" for line in lines)


MONITOR_FORMATS: dict[str, Callable[[MonitorReport], str]] = {
    "text": text,
    "json": json,
    "markdown": markdown,
    "github": github,
}
