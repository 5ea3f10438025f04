"""The formats of `vendor-eval diff`: each a pure function from a Diff to text. Markdown
is sized for a pull-request comment."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from vendor_eval.jsonio import dump_json
from vendor_eval.render.interface import citation_text, clean
from vendor_eval.render.markdown import md
from vendor_eval.render.markdown import table as md_table

if TYPE_CHECKING:  # the report types pull in what `--help` must not load
    from vendor_eval.diff import Change, Diff

_AREA_TITLES = {
    "verdict": "Verdict",
    "score": "Score",
    "answer": "Answers changed",
    "finding": "Findings",
    "soc2": "SOC 2 report",
    "baa": "BAA",
    "har": "Browser capture",
    "subprocessors": "Subprocessor list",
}


def _groups(diff: Diff) -> list[tuple[str, list[Change]]]:
    groups: dict[str, list[Change]] = {}
    for change in diff.changes:
        if change.area not in ("verdict", "score"):
            groups.setdefault(change.area, []).append(change)
    return [(_AREA_TITLES.get(area, area), changes) for area, changes in groups.items()]


def _headline(diff: Diff) -> str:
    if diff.verdict_before is None:
        return ""
    verdict = (
        f"{clean(diff.verdict_before)} → {clean(diff.verdict_after)}"
        if diff.verdict_before != diff.verdict_after
        else f"{clean(diff.verdict_after)} (unchanged)"
    )
    assert diff.score_before is not None and diff.score_after is not None
    delta = diff.score_after - diff.score_before
    return (
        f"Verdict: {verdict}; score {diff.score_before:.1f} → {diff.score_after:.1f} ({delta:+.1f})"
    )


def _change_text(change: Change) -> str:
    if change.change == "added":
        text = f"added: {clean(change.subject)}"
    elif change.change in ("removed", "resolved"):
        text = f"{change.change}: {clean(change.subject)}"
    else:
        text = (
            f"{clean(change.subject)}: {clean(change.before or '(none)')} → "
            f"{clean(change.after or '(none)')}"
        )
    return text


def text(diff: Diff) -> str:
    lines = [f"{clean(diff.title)}: {clean(diff.old_name)} → {clean(diff.new_name)}"]
    headline = _headline(diff)
    if headline:
        lines.append(headline)
    if not diff.changes:
        lines.append("No changes.")
    for title, changes in _groups(diff):
        lines.append("")
        lines.append(f"{title}:")
        for change in changes:
            mark = "!" if change.worse else " "
            lines.append(f" {mark} {_change_text(change)}")
            if change.citations:
                lines.append(f"     {citation_text(change.citations[0], 160)}")
    lines.append("")
    lines.append("Something got worse (marked !)." if diff.worse else "Nothing got worse.")
    return "\n".join(lines) + "\n"


def markdown(diff: Diff) -> str:
    lines = [
        f"### {md(diff.title)}: what changed",
        "",
        f"`{clean(diff.old_name).replace('`', '')}` → `{clean(diff.new_name).replace('`', '')}`",
        "",
    ]
    headline = _headline(diff)
    if headline:
        lines += [f"**{md(headline)}**", ""]
    if not diff.changes:
        lines += ["No changes.", ""]
    for title, changes in _groups(diff):
        lines += [f"#### {title}", ""]
        rows = []
        for change in changes:
            cited = citation_text(change.citations[0], 160) if change.citations else ""
            rows.append(
                [
                    "⚠️ worse" if change.worse else "",
                    md(change.change),
                    md(change.subject),
                    md(change.before or ""),
                    md(change.after or ""),
                    md(cited),
                ]
            )
        lines += md_table(["", "Change", "What", "Before", "After", "Evidence"], rows)
        lines.append("")
    lines.append("**Something got worse.**" if diff.worse else "Nothing got worse.")
    return "\n".join(lines) + "\n"


def json(diff: Diff) -> str:
    data: dict[str, Any] = {
        "title": diff.title,
        "old": diff.old_name,
        "new": diff.new_name,
        "worse": diff.worse,
        "score": None
        if diff.score_before is None
        else {"before": round(diff.score_before, 1), "after": round(diff.score_after or 0, 1)},
        "verdict": None
        if diff.verdict_before is None
        else {"before": diff.verdict_before, "after": diff.verdict_after},
        "changes": [
            {
                "area": c.area,
                "subject": c.subject,
                "change": c.change,
                "before": c.before,
                "after": c.after,
                "worse": c.worse,
                "citations": [x.to_dict() for x in c.citations],
            }
            for c in diff.changes
        ],
    }
    return dump_json(data)


DIFF_FORMATS: dict[str, Callable[[Diff], str]] = {
    "text": text,
    "markdown": markdown,
    "json": json,
}
