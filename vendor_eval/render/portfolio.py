"""The formats of `vendor-eval portfolio`: each a pure function from a Portfolio to text.

The HTML page draws its two charts as inline SVG: no JavaScript, nothing fetched, and it
prints on A4 or Letter. Every piece of text goes through `h` or `md`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from vendor_eval.jsonio import dump_json
from vendor_eval.portfolio import Portfolio, PortfolioRow
from vendor_eval.render.html import h, page, table
from vendor_eval.render.interface import figure, profile_name
from vendor_eval.render.markdown import md
from vendor_eval.render.markdown import table as md_table

# Worst verdict first; the best always gets the last (green) colour.
_VERDICT_COLOURS = ("#a40e26", "#d4551a", "#d4a72c", "#1a7f37")
_KIND_COLOURS = {
    "soc2-coverage": "#0969da",
    "baa-expiry": "#a40e26",
    "baa-renewal": "#bf8700",
    "reassessment": "#8250df",
    "evidence-changed": "#57606a",
    "evidence-missing": "#cf222e",
}
_KIND_LABELS = {
    "soc2-coverage": "SOC 2 coverage ends",
    "baa-expiry": "BAA expires",
    "baa-renewal": "BAA renews",
    "reassessment": "Reassessment",
    "evidence-changed": "Document changed",
    "evidence-missing": "Evidence missing",
}


# The vendors table of every format; the numbers are columns 3 to 7.
_COLUMNS = [
    "Vendor",
    "Tier",
    "Verdict",
    "Score",
    "Complete %",
    "Evidence %",
    "Critical",
    "High",
    "Next due",
]


def verdict_colours(portfolio: Portfolio) -> dict[str, str]:
    count = len(portfolio.verdicts)
    last = len(_VERDICT_COLOURS) - 1
    return {
        v.id: _VERDICT_COLOURS[round(i * last / (count - 1)) if count > 1 else last]
        for i, v in enumerate(portfolio.verdicts)
    }


def _next_due_text(row: PortfolioRow) -> str:
    if row.next_due is None:
        return ""
    return f"{row.next_due.due.isoformat()} {_KIND_LABELS[row.next_due.kind]}"


def _next_due_html(row: PortfolioRow, as_of: dt.date) -> str:
    if row.next_due is None:
        return ""
    late = ' <span class="late">overdue</span>' if row.next_due.due < as_of else ""
    return (
        f'<span class="nowrap">{row.next_due.due.isoformat()}</span> '
        f"{_KIND_LABELS[row.next_due.kind]}{late}"
    )


# --- HTML -------------------------------------------------------------------------------

# What only this page draws, on top of the shared stylesheet of `render.html.page`.
_CHARTS_CSS = """
.charts { display: grid; grid-template-columns: 1fr 1fr; gap: 16px; }
.charts figure { margin: 0; border: 1px solid var(--line); border-radius: 6px; padding: 8px;
  min-width: 0; }
.charts figcaption { font-weight: 600; margin-bottom: 4px; }
svg { width: 100%; height: auto; display: block; }
svg text { font: 11px system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif;
  fill: var(--ink); }
svg text.muted { fill: var(--muted); }
.nowrap { white-space: nowrap; }
.late { color: var(--critical); font-weight: 600; }
.swatch { display: inline-block; width: 9px; height: 9px; border-radius: 2px;
  margin-right: 5px; vertical-align: baseline; }
/* Nine columns: the shared stylesheet lets any word break, so without a floor the vendor
   and verdict columns would be squeezed until ordinary words split. */
td:first-child { min-width: 8em; }
td:nth-child(3) { min-width: 7em; }
@media print {
  body { font-size: 8.5pt; }
  .charts { gap: 8px; }
  .charts figure { break-inside: avoid; page-break-inside: avoid; }
}
"""


def html(portfolio: Portfolio) -> str:
    colours = verdict_colours(portfolio)
    rows = [
        [
            f'{h(row.assessment.vendor)}<span class="id">{h(profile_name(row.assessment))}</span>',
            f'<span class="nowrap">{h(row.tier)}</span>',
            f'<span class="swatch" style="background:{colours[row.assessment.verdict.id]}">'
            f"</span>{h(row.assessment.verdict.label)}",
            figure(row.assessment.score),
            figure(row.assessment.completeness),
            figure(row.assessment.evidence_backed),
            str(row.critical),
            str(row.high),
            _next_due_html(row, portfolio.as_of),
        ]
        for row in portfolio.rows
    ]
    vendors = table(
        _COLUMNS,
        rows,
        numeric=frozenset({3, 4, 5, 6, 7}),
    )
    overdue = sum(portfolio.overdue.values())
    body = [
        "<h1>Vendor portfolio</h1>",
        f'<p class="meta">{len(portfolio.rows)} vendors as of {portfolio.as_of.isoformat()}'
        f" · {overdue} item(s) overdue · riskiest first</p>",
        '<div class="charts">',
        "<figure><figcaption>Verdicts by tier</figcaption>",
        verdicts_by_tier_svg(portfolio, colours),
        "</figure>",
        "<figure><figcaption>What falls due in the next 12 months</figcaption>",
        timeline_svg(portfolio),
        "</figure>",
        "</div>",
        "<h2>Vendors</h2>",
        vendors,
    ]
    return page("Vendor portfolio", body, extra_css=_CHARTS_CSS)


def _svg(width: int, height: int, label: str, parts: Sequence[str]) -> str:
    return "\n".join(
        [
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
            f'role="img" aria-label="{h(label)}">',
            *parts,
            "</svg>",
        ]
    )


def _legend(entries: Sequence[tuple[str, str]], top: float, width: int) -> tuple[list[str], float]:
    """Swatches with labels, wrapped onto as many lines as needed; returns the parts and
    the y below them."""
    parts: list[str] = []
    x, y = 0.0, top
    for colour, label in entries:
        text = h(label, 60)
        needed = 14 + 6.0 * len(text) + 12
        if x > 0 and x + needed > width:
            x, y = 0.0, y + 16
        parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="10" height="10" fill="{colour}"/>')
        parts.append(f'<text x="{x + 14:.1f}" y="{y + 9:.1f}">{text}</text>')
        x += needed
    return parts, y + 16


def verdicts_by_tier_svg(portfolio: Portfolio, colours: dict[str, str]) -> str:
    width, label_width, bar_height, gap = 420, 78, 20, 8
    plot = width - label_width - 30
    totals = {t: sum(portfolio.by_tier[t].values()) for t in portfolio.tiers}
    most = max(totals.values(), default=0) or 1
    parts: list[str] = []
    y = 4.0
    for tier in portfolio.tiers:
        parts.append(f'<text x="0" y="{y + 14:.1f}">{h(tier, 14)}</text>')
        x = float(label_width)
        for verdict in portfolio.verdicts:
            count = portfolio.by_tier[tier][verdict.id]
            if not count:
                continue
            span = plot * count / most
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{span:.1f}" height="{bar_height}" '
                f'fill="{colours[verdict.id]}"><title>{h(tier)}: {count} '
                f"{h(verdict.label)}</title></rect>"
            )
            if span >= 16:
                parts.append(
                    f'<text x="{x + span / 2:.1f}" y="{y + 14:.1f}" text-anchor="middle" '
                    f'style="fill:#fff">{count}</text>'
                )
            x += span
        parts.append(f'<text x="{x + 4:.1f}" y="{y + 14:.1f}" class="muted">{totals[tier]}</text>')
        y += bar_height + gap
    if not portfolio.tiers:
        parts.append(f'<text x="0" y="{y + 14:.1f}" class="muted">No vendors</text>')
        y += bar_height + gap
    legend, bottom = _legend([(colours[v.id], v.label) for v in portfolio.verdicts], y + 4, width)
    return _svg(width, int(bottom + 2), "Verdicts by tier", parts + legend)


def timeline_svg(portfolio: Portfolio) -> str:
    width, left, top, plot_height = 420, 24, 14, 120
    columns: list[tuple[str, dict[str, int]]] = [("late", portfolio.overdue)]
    columns += [(m.start.strftime("%b"), m.counts) for m in portfolio.months]
    step = (width - left) / len(columns)
    most = max((sum(c.values()) for _, c in columns), default=0) or 1
    base = top + plot_height
    parts = [
        f'<line x1="{left}" y1="{base}" x2="{width}" y2="{base}" stroke="#8c959f"/>',
        f'<text x="0" y="{top + 4}" class="muted">{most}</text>',
        f'<text x="0" y="{base}" class="muted">0</text>',
    ]
    for index, (label, counts) in enumerate(columns):
        x = left + index * step + step * 0.15
        bar = step * 0.7
        y = float(base)
        for kind in portfolio.due_kinds:
            count = counts.get(kind, 0)
            if not count:
                continue
            height = plot_height * count / most
            y -= height
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{height:.1f}" '
                f'fill="{_KIND_COLOURS[kind]}"><title>{label}: {count} '
                f"{_KIND_LABELS[kind]}</title></rect>"
            )
        total = sum(counts.values())
        if total:
            parts.append(
                f'<text x="{x + bar / 2:.1f}" y="{y - 3:.1f}" text-anchor="middle">{total}</text>'
            )
        css = ' style="fill:#a40e26;font-weight:600"' if index == 0 else ""
        parts.append(
            f'<text x="{x + bar / 2:.1f}" y="{base + 13}" text-anchor="middle"{css}>{label}</text>'
        )
    first = portfolio.months[0].start if portfolio.months else portfolio.as_of
    parts.append(
        f'<text x="{left}" y="{base + 27}" class="muted">from {first.strftime("%B %Y")}; '
        "late = already overdue</text>"
    )
    entries = [(_KIND_COLOURS[k], _KIND_LABELS[k]) for k in portfolio.due_kinds]
    if not entries:
        entries = [("#d0d7de", "Nothing falls due")]
    legend, bottom = _legend(entries, base + 36, width)
    return _svg(width, int(bottom + 2), "What falls due in the next 12 months", parts + legend)


# --- Markdown and JSON ------------------------------------------------------------------


def markdown(portfolio: Portfolio) -> str:
    lines = [
        "# Vendor portfolio",
        "",
        f"{len(portfolio.rows)} vendors as of {portfolio.as_of.isoformat()}, riskiest first.",
        "",
        *md_table(
            _COLUMNS,
            [
                [
                    md(row.assessment.vendor),
                    md(row.tier),
                    md(row.assessment.verdict.label),
                    figure(row.assessment.score),
                    figure(row.assessment.completeness),
                    figure(row.assessment.evidence_backed),
                    str(row.critical),
                    str(row.high),
                    md(_next_due_text(row)),
                ]
                for row in portfolio.rows
            ],
        ),
        "",
        "## Verdicts by tier",
        "",
        *md_table(
            ["Tier", *(md(v.label) for v in portfolio.verdicts)],
            [
                [md(t), *(str(portfolio.by_tier[t][v.id]) for v in portfolio.verdicts)]
                for t in portfolio.tiers
            ],
        ),
        "",
        "## What falls due in the next 12 months",
        "",
        *md_table(
            ["Month", *(_KIND_LABELS[k] for k in portfolio.due_kinds), "Total"],
            [
                [label, *(str(counts.get(k, 0)) for k in portfolio.due_kinds), str(total)]
                for label, counts, total in _timeline_rows(portfolio)
            ],
        ),
        "",
    ]
    return "\n".join(lines)


def _timeline_rows(portfolio: Portfolio) -> list[tuple[str, dict[str, int], int]]:
    rows = [("overdue", portfolio.overdue, sum(portfolio.overdue.values()))]
    rows += [(m.start.strftime("%Y-%m"), m.counts, m.total) for m in portfolio.months]
    return rows


def json(portfolio: Portfolio) -> str:
    data: dict[str, Any] = {
        "as_of": portfolio.as_of.isoformat(),
        "vendors": [_row_dict(row) for row in portfolio.rows],
        "verdicts_by_tier": portfolio.by_tier,
        "timeline": [
            {"month": label, "counts": counts, "total": total}
            for label, counts, total in _timeline_rows(portfolio)
        ],
    }
    return dump_json(data)


def _row_dict(row: PortfolioRow) -> dict[str, Any]:
    a = row.assessment
    due = row.next_due
    return {
        "vendor": a.vendor,
        "profile": a.profile_path,
        "tier": row.tier,
        "verdict": a.verdict.id,
        "score": round(a.score, 1),
        "completeness": round(a.completeness, 1),
        "evidence_backed": round(a.evidence_backed, 1),
        "findings": a.finding_counts(),
        "next_due": None
        if due is None
        else {"date": due.due.isoformat(), "kind": due.kind, "title": due.title},
    }


PORTFOLIO_FORMATS: dict[str, Callable[[Portfolio], str]] = {
    "html": html,
    "markdown": markdown,
    "json": json,
}
# The format an output file's suffix asks for.
SUFFIXES = {".html": "html", ".htm": "html", ".md": "markdown", ".json": "json"}
