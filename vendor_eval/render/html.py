"""One self-contained HTML file per scorecard, comparison or portfolio: inline CSS with a print
stylesheet, no JavaScript, no fonts or images fetched from anywhere. Every piece of text
goes through `h` (escaped, one line, clipped)."""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence

from vendor_eval.model import Assessment, Severity
from vendor_eval.render.interface import clean, profile_name, same_checklist
from vendor_eval.render.outline import (
    LONG_TEXT,
    Answers,
    EvidenceAppendix,
    Findings,
    Headline,
    MissingAnswers,
    Part,
    SectionScores,
    SignOff,
    Sources,
    comparison_rows,
    scorecard,
)

_CSS = """
:root { --ink: #1b1f24; --muted: #57606a; --line: #d0d7de; --band: #f6f8fa;
  --critical: #a40e26; --high: #bc4c00; --medium: #7d4e00; --low: #0a3069; --ok: #1a7f37; }
* { box-sizing: border-box; }
body { font: 10.5pt/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif;
  color: var(--ink); margin: 24px auto; max-width: 960px; padding: 0 16px;
  overflow-wrap: anywhere; }
h1 { font-size: 18pt; margin: 0 0 4px; }
h2 { font-size: 13pt; margin: 22px 0 8px; padding-bottom: 3px;
  border-bottom: 2px solid var(--line); }
h3 { font-size: 11pt; margin: 16px 0 6px; }
p.meta { color: var(--muted); margin: 0 0 14px; }
table { border-collapse: collapse; width: 100%; margin: 0 0 8px; }
th, td { border: 1px solid var(--line); padding: 4px 7px; text-align: left; vertical-align: top;
  overflow-wrap: anywhere; }
th { background: var(--band); font-weight: 600; overflow-wrap: normal; white-space: nowrap; }
ul.missing { columns: 2; column-gap: 28px; padding-left: 18px; margin: 0; }
ul.missing li { break-inside: avoid; margin-bottom: 3px; }
td.num, th.num { text-align: right; white-space: nowrap; }
.summary { display: grid; grid-template-columns: repeat(4, minmax(0, 1fr)); gap: 8px;
  margin: 10px 0 4px; }
.summary div { border: 1px solid var(--line); border-radius: 6px; padding: 8px 10px;
  min-width: 0; }
.summary b { display: block; font-size: 16pt; }
.summary span { color: var(--muted); font-size: 9pt; }
.verdict { border-left: 6px solid var(--ok); background: var(--band); padding: 8px 12px;
  margin: 10px 0; }
.verdict.stop, .verdict.bad { border-left-color: var(--critical); }
.verdict strong { font-size: 13pt; }
.knockout { border: 2px solid var(--critical); color: var(--critical); padding: 6px 10px;
  margin: 8px 0; font-weight: 600; }
.sev { font-weight: 700; text-transform: uppercase; font-size: 8.5pt; white-space: nowrap; }
.sev.critical { color: var(--critical); } .sev.high { color: var(--high); }
.sev.medium { color: var(--medium); } .sev.low { color: var(--low); }
.status { font-size: 8.5pt; white-space: nowrap; }
.status.contradicted { color: var(--critical); font-weight: 700; }
.status.evidence-backed, .status.evidence-only { color: var(--ok); font-weight: 600; }
.status.unanswered { color: var(--muted); }
.id { color: var(--muted); font-size: 8.5pt; display: block; }
.quote { color: var(--muted); font-size: 9pt; }
tr.group td { background: #eaeef2; }
table.signoff th { width: 28%; }
code.hash { font-size: 8.5pt; word-break: break-all; }
footer { color: var(--muted); font-size: 8.5pt; margin-top: 20px; border-top: 1px solid var(--line);
  padding-top: 6px; overflow-wrap: anywhere; }
@page { margin: 16mm 14mm; }
@media print {
  /* Nothing may be wider than the paper (A4 or Letter): headings wrap, and long words,
     hashes and addresses break anywhere rather than push a table past the right edge. */
  /* A collapsed table border lies half outside its box; the padding keeps the right-hand
     half on the paper. */
  body { margin: 0; max-width: none; padding: 0 2px; font-size: 9.5pt; }
  table { width: 100%; max-width: 100%; }
  th { white-space: normal; overflow-wrap: normal; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  tr, .summary div, .verdict, .knockout { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  th { background: none; }
}
"""


def h(value: object, limit: int | None = None) -> str:
    text = clean(value) if limit is None else clean(value, limit)
    return html.escape(text, quote=True)


def page(title: str, body: Iterable[str], extra_css: str = "") -> str:
    """The one page shell of every HTML output: a self-contained document with the shared
    stylesheet (screen and print), followed by `extra_css` for what only that page draws.
    `title` and `body` must already be escaped."""
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{title}</title>",
            f"<style>{_CSS}{extra_css}</style>",
            "</head>",
            "<body>",
            *body,
            "</body>",
            "</html>",
            "",
        ]
    )


def table(
    header: Sequence[str],
    rows: Iterable[Sequence[str]],
    numeric: frozenset[int] = frozenset(),
    group_rows: frozenset[int] = frozenset(),
) -> str:
    """Cells must already be escaped. `group_rows` are the indexes of rows that head a group."""

    def cell(tag: str, index: int, content: str) -> str:
        css = ' class="num"' if index in numeric else ""
        return f"<{tag}{css}>{content}</{tag}>"

    head = "".join(cell("th", i, c) for i, c in enumerate(header))
    body = "\n".join(
        ('<tr class="group">' if n in group_rows else "<tr>")
        + "".join(cell("td", i, c) for i, c in enumerate(r))
        + "</tr>"
        for n, r in enumerate(rows)
    )
    return f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody>\n</table>"


def report(assessment: Assessment) -> str:
    card = scorecard(assessment)
    headline = card.headline
    vendor = h(headline.vendor) or "unnamed vendor"
    body = _headline(headline, vendor)
    for part in card.parts:
        body += [f"<h2>{h(part.title)}</h2>", *_part(part)]
    body.append(
        f"<footer>Checklist {h(headline.checklist_id)} version {headline.checklist_version}, "
        f"sha256 {headline.checklist_sha256}. Scored with vendor-eval as of "
        f"{headline.as_of}.</footer>"
    )
    return page(f"Vendor scorecard: {vendor}", body)


def _headline(headline: Headline, vendor: str) -> list[str]:
    """The title, the verdict, any knockouts and the figures; `vendor` is already escaped."""
    verdict_class = f"verdict {headline.verdict_tone}" if headline.verdict_tone else "verdict"
    description = headline.verdict_description
    body = [
        f"<h1>Vendor scorecard: {vendor}</h1>",
        f'<p class="meta">Profile {h(headline.profile)} · as of {headline.as_of} · checklist '
        f"{h(headline.checklist_name)} ({h(headline.checklist_id)}, "
        f"version {headline.checklist_version})</p>",
        f'<div class="{verdict_class}"><strong>{h(headline.verdict)}</strong>'
        + (f"<br>{h(description, LONG_TEXT)}" if description else "")
        + "</div>",
    ]
    for knockout in headline.knockouts:
        body.append(
            f'<div class="knockout">Knockout ({h(knockout.question_id)}): '
            f"{h(knockout.message, LONG_TEXT)}</div>"
        )
    counts = headline.finding_counts
    body.append(
        '<div class="summary">'
        f"<div><b>{headline.score}</b><span>overall score / 100</span></div>"
        f"<div><b>{headline.completeness} %</b><span>completeness</span></div>"
        f"<div><b>{headline.evidence_backed} %</b>"
        "<span>of the score evidence-backed</span></div>"
        f"<div><b>{counts[Severity.CRITICAL]} / {counts[Severity.HIGH]}</b>"
        "<span>critical / high findings</span></div>"
        "</div>"
    )
    return body


def _part(part: Part) -> list[str]:
    match part:
        case SectionScores(rows=rows):
            return [
                table(
                    ["Section", "Weight", "Score", "Completeness %"],
                    ([h(r.title), r.weight, r.score, r.completeness] for r in rows),
                    numeric=frozenset({1, 2, 3}),
                )
            ]
        case Findings(rows=rows, empty=empty):
            if not rows:
                return [f"<p>{h(empty)}</p>"]
            return [
                table(
                    ["Severity", "Finding", "Action"],
                    (
                        [
                            f'<span class="sev {f.severity}">{f.severity}</span>',
                            f'{h(f.title)}<span class="id">{h(f.question_id)}</span>'
                            + "".join(f'<div class="quote">{h(c)}</div>' for c in f.citations),
                            h(f.action, LONG_TEXT),
                        ]
                        for f in rows
                    ),
                )
            ]
        case MissingAnswers(rows=rows):
            return [
                '<ul class="missing">'
                + "".join(
                    f'<li>{h(r.prompt)} <span class="id">{h(r.question_id)}</span></li>'
                    for r in rows
                )
                + "</ul>"
            ]
        case Answers(groups=groups):
            body = []
            for group in groups:
                score = f" — {group.score}" if group.score is not None else ""
                body.append(f"<h3>{h(group.title)}{score}</h3>")
                body.append(
                    table(
                        ["Question", "Answer", "Points", "Status", "Evidence"],
                        (
                            [
                                f'{h(r.prompt)}<span class="id">{h(r.question_id)}</span>',
                                h(r.answer),
                                r.points,
                                f'<span class="status {r.status}">{r.status}</span>',
                                f'<span class="quote">{h(r.evidence)}</span>',
                            ]
                            for r in group.rows
                        ),
                        numeric=frozenset({2}),
                    )
                )
            return body
        case Sources(rows=rows, empty=empty):
            if not rows:
                return [f"<p>{h(empty)}</p>"]
            return [
                table(
                    ["Title", "Date", "URL", "Supports"],
                    ([h(s.title), h(s.date), h(s.url), h(s.supports)] for s in rows),
                )
            ]
        case SignOff(rows=rows, conditions=conditions):
            body = [
                '<table class="signoff"><tbody>'
                + "".join(f"<tr><th>{label}</th><td>{h(value)}</td></tr>" for label, value in rows)
                + "</tbody></table>"
            ]
            if conditions:
                body.append(
                    "<p>Conditions:</p><ul>"
                    + "".join(f"<li>{h(c, LONG_TEXT)}</li>" for c in conditions)
                    + "</ul>"
                )
            return body
        case EvidenceAppendix(rows=rows, empty=empty):
            if not rows:
                return [f"<p>{h(empty)}</p>"]
            return [
                table(
                    ["Kind", "Document", "sha256", "Pages", "Extracted on"],
                    (
                        [d.kind, h(d.name), f'<code class="hash">{d.sha256}</code>', d.pages]
                        + [h(d.extracted_on)]
                        for d in rows
                    ),
                    numeric=frozenset({3}),
                )
            ]


def comparison(assessments: Sequence[Assessment]) -> str:
    same_checklist(assessments)
    checklist = assessments[0].checklist
    header = ["", *(h(a.vendor) or h(profile_name(a)) for a in assessments)]
    rows: list[list[str]] = []
    group_rows: set[int] = set()
    group = None
    for row in comparison_rows(assessments):
        if row.group != group:
            group = row.group
            group_rows.add(len(rows))
            rows.append([f"<strong>{h(group)}</strong>", *("" for _ in assessments)])
        rows.append([h(row.label), *(h(cell) for cell in row.cells)])
    matrix = table(header, rows, group_rows=frozenset(group_rows))
    body = [
        "<h1>Vendor comparison</h1>",
        f'<p class="meta">Checklist {h(checklist.name)} ({h(checklist.id)}, version '
        f"{checklist.version}) · as of {assessments[0].as_of.isoformat()}</p>",
        matrix,
        f"<footer>Checklist sha256 {checklist.sha256}.</footer>",
    ]
    return page("Vendor comparison", body)
