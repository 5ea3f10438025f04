"""The formats of `vendor-eval due`: each a pure function from a DueReport to text. The
CLI's --format choices are the keys of DUE_FORMATS."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from vendor_eval import __version__
from vendor_eval.due import DueItem, DueReport
from vendor_eval.jsonio import dump_json
from vendor_eval.problem_formats import github_escape
from vendor_eval.render.interface import citation_text, clean


def table(report: DueReport) -> str:
    """Overdue items and those inside the window, soonest first, for people."""
    shown = report.pressing
    later = len(report.items) - len(shown)
    window = f"(as of {report.as_of.isoformat()}, within {report.within_days} days)"
    hidden = f"; {later} later item(s) not shown, widen --within to see them" if later else ""
    if not shown:
        return f"Nothing overdue or due by {report.horizon.isoformat()} {window}{hidden}\n"
    rows = [("due", "status", "vendor", "what")]
    for item in shown:
        rows.append(
            (
                item.due.isoformat(),
                report.status(item),
                clean(item.vendor, 60),
                f"{clean(item.title)} ({clean(item.basis)})",
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row[:3], widths, strict=True))
        + "  "
        + row[3]
        for row in rows
    ]
    lines.append("")
    lines.append(
        f"{len(shown)} item(s) overdue or due by {report.horizon.isoformat()} {window}{hidden}"
    )
    return "\n".join(line.rstrip() for line in lines) + "\n"


def json(report: DueReport) -> str:
    data = {
        "as_of": report.as_of.isoformat(),
        "within_days": report.within_days,
        "horizon": report.horizon.isoformat(),
        "success": report.success,
        "items": [_item_dict(report, item) for item in report.items],
    }
    return dump_json(data)


def _item_dict(report: DueReport, item: DueItem) -> dict[str, Any]:
    return {
        "vendor": item.vendor,
        "profile": item.profile_path,
        "kind": item.kind,
        "due": item.due.isoformat(),
        "status": report.status(item),
        "title": item.title,
        "basis": item.basis,
        "document": item.document,
        "citations": [c.to_dict() for c in item.citations],
    }


def ics(report: DueReport) -> str:
    """One all-day event per item. An event's UID depends on the vendor, its profile file
    and what falls due, never on the date, so importing a newer calendar moves the event
    instead of adding a second one."""
    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", f"-//vendor-eval//due {__version__}//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Vendor reviews due")
    stamp = dt.datetime.combine(report.as_of, dt.time(), tzinfo=dt.UTC)
    for item in report.items:
        event = Event()
        event.add("uid", event_uid(item))
        event.add("dtstamp", stamp)
        event.add("dtstart", item.due)
        event.add("dtend", item.due + dt.timedelta(days=1))
        event.add("summary", f"{clean(item.vendor, 120)}: {clean(item.title)}")
        description = [clean(item.basis), f"Profile: {clean(item.profile_path)}"]
        if item.document:
            description.append(f"Document: {clean(item.document)}")
        description.extend(citation_text(c) for c in item.citations[:1])
        event.add("description", "\n".join(description))
        event.add("categories", [item.kind])
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    text: str = calendar.to_ical().decode("utf-8")
    return text


def event_uid(item: DueItem) -> str:
    identity = "\0".join((Path(item.profile_path).name, item.vendor, item.kind, item.key))
    return hashlib.sha256(identity.encode("utf-8")).hexdigest()[:32] + "@vendor-eval"


def github(report: DueReport) -> str:
    """Annotations for a GitHub Actions log: overdue items as errors, items inside the
    window as warnings, each on its profile."""
    lines = []
    for item in report.pressing:
        status = report.status(item)
        level = "error" if status == "overdue" else "warning"
        props = ",".join(
            (
                f"file={github_escape(item.profile_path, property_value=True)}",
                "line=1",
                f"title={github_escape(f'{status}: {item.kind}', property_value=True)}",
            )
        )
        message = (
            f"{item.due.isoformat()} {clean(item.vendor)}: {clean(item.title)} "
            f"({clean(item.basis)})"
        )
        lines.append(f"::{level} {props}::{github_escape(message)}\n")
    return "".join(lines)


DUE_FORMATS: dict[str, Callable[[DueReport], str]] = {
    "table": table,
    "json": json,
    "ics": ics,
    "github": github,
}
