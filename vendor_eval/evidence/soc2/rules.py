"""The rules for each SOC 2 fact: report kind and type, period or as-of date, trust
services criteria, the opinion, user entity controls, the audit firm and report date.

Reports are written by many audit firms, each in its own template, so every rule here
looks for the *structure* of a statement (the opinion sentence, the "relevant to ..."
scope clause, a result cell of a test) rather than for a word anywhere on the page:
the same words occur all over a report in prose that means something else.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

from vendor_eval.evidence.lookalike import reads_as
from vendor_eval.evidence.model import Citation, EvidenceKind
from vendor_eval.evidence.soc2.dates import months_before, parse_date, parse_range
from vendor_eval.evidence.soc2.report import Report, cite, cite_line
from vendor_eval.evidence.soc2.vocabulary import (
    ADVERSE_LEAD,
    ANY_YEAR,
    CATEGORY,
    CATEGORY_WORDS,
    COUNTS,
    CUEC_HEADING,
    CUEC_ITEM,
    CUEC_MENTION,
    DATE_LINE,
    DESIGN_AS_OF,
    EXCLUDED_CATEGORIES,
    FIRM,
    FIRM_DESCRIPTOR,
    HEADINGS,
    IN_OUR_OPINION,
    MONTHS_ENDED,
    NAME_LINE,
    NEGATED_SCOPE,
    NO_OPINION,
    OPERATING,
    PERIOD_CONTEXTS,
    QUALIFIED_LEAD,
    RANGE,
    SCOPE_CLAUSES,
    SCOPE_WORDS,
    SEVERITY,
    SOC_NAME,
    TYPE,
)
from vendor_eval.evidence.text import (
    ascii_lower,
    rest_of_sentence,
)


def report_kind(report: Report) -> None:
    title_hits: list[tuple[int, str, Citation]] = []
    for page in report.body()[:3]:
        for line in page.lines:
            for match in SOC_NAME.finditer(line):
                titled = bool(re.search(r"report|examination|type", line, re.I))
                title_hits.append((0 if titled else 1, match["n"], cite_line(page, line)))
    if not title_hits:
        criteria = next(
            (
                (page, match)
                for page in report.body("trust services")
                for match in [
                    re.search(r"trust\s+services\s+(criteria|principles)", page.flat, re.I)
                ]
                if match
            ),
            None,
        )
        if criteria:
            report.set("report_kind", "soc2", [cite(*criteria)])
            report.warnings.append(
                "The report never names itself SOC 1/2/3; it was taken as a SOC 2 because it "
                "reports against the trust services criteria. Check the cover page."
            )
        else:
            report.set("report_kind", None)
            report.warnings.append(
                "This does not look like a SOC report: no 'SOC 2' title and no trust services "
                "criteria were found."
            )
            looks = reads_as(EvidenceKind.BAA, (page.flat for page in report.body()))
            if looks:
                report.warnings.append(f"report_kind: {looks}")
        return
    title_hits.sort(key=lambda hit: hit[0])
    best_rank = title_hits[0][0]
    kinds = Counter(hit[1] for hit in title_hits if hit[0] == best_rank)
    kind = kinds.most_common(1)[0][0]
    citation = next(hit[2] for hit in title_hits if hit[0] == best_rank and hit[1] == kind)
    report.set("report_kind", f"soc{kind}", [citation])
    if kind == "3":
        report.warnings.append(
            "This is a SOC 3 report: it is meant for general use and has no tests of controls, "
            "so exceptions and the full list of complementary user entity controls cannot be "
            "read from it, and it has no Type. Ask the vendor for the SOC 2 report under NDA."
        )
    elif kind == "1":
        report.warnings.append(
            "This is a SOC 1 report (controls over financial reporting, against control "
            "objectives, not the trust services criteria): it does not answer the SOC 2 "
            "questions. Ask the vendor for its SOC 2 report."
        )


def report_type(report: Report) -> None:
    if report.value("report_kind") in ("soc1", "soc3"):
        report.set("report_type", None)
        return
    operating = [
        cite(page, m) for page in report.body("effective") for m in OPERATING.finditer(page.flat)
    ]
    design = [
        cite(page, m)
        for page in report.body(" as of ", " as at ")
        for m in DESIGN_AS_OF.finditer(page.flat)
    ]
    titled: dict[str, list[Citation]] = {}
    for page in report.body()[:3]:
        for line in page.lines:
            for match in TYPE.finditer(line):
                if re.search(r"\bSOC\b|report|examination", line, re.I):
                    kind = "type2" if match["t"].lower() in ("2", "ii", "two") else "type1"
                    titled.setdefault(kind, []).append(cite_line(page, line))
    if operating:
        structural, citations = "type2", operating[:2]
    elif design:
        structural, citations = "type1", design[:2]
    else:
        structural, citations = None, []

    if structural and titled and structural not in titled:
        report.warnings.append(
            f"The title calls the report {' and '.join(sorted(titled))} but the opinion reads "
            f"as {structural}; the opinion was taken. Check the cover page."
        )
    if structural:
        report.set("report_type", structural, citations + titled.get(structural, [])[:1])
    elif len(titled) == 1:
        kind = next(iter(titled))
        report.set("report_type", kind, titled[kind][:1])
        report.warnings.append(
            f"Report type {kind} is taken from the title only; no opinion on operating "
            "effectiveness or on design 'as of' a date was found to confirm it."
        )
    else:
        report.set("report_type", None)
        report.warnings.append(
            "Could not tell Type 1 from Type 2: the opinion's wording was not found"
            + (" and the title names both." if titled else ".")
        )


def period(report: Report) -> None:
    kind = report.value("report_type")
    ranges: list[list[tuple[tuple[date, date], Citation]]] = [[], [], []]
    for page in report.body():
        if not ANY_YEAR.search(page.flat):
            continue
        for match in RANGE.finditer(page.flat):
            parsed = parse_range(match)
            if parsed is None:
                continue
            before = page.flat[max(0, match.start() - 60) : match.start()]
            rank = next(
                (rank for rank, ctx in enumerate(PERIOD_CONTEXTS) if ctx.search(before)),
                2,
            )
            ranges[rank].append((parsed, cite(page, match)))
        for match in MONTHS_ENDED.finditer(page.flat):
            end = parse_date(match["end"])
            if end is not None:
                months = 12 if match["year"] else COUNTS[ascii_lower(match["count"])]
                start = months_before(end, months)
                ranges[1].append(((start, end), cite(page, match)))

    as_of = _as_of_dates(report)
    if kind == "type1" or (kind is None and not ranges[0] and as_of):
        _set_as_of(report, as_of)
        return
    for rank in (0, 1):
        if ranges[rank]:
            _set_period(report, ranges[rank])
            return
    report.set("period_start", None)
    report.set("period_end", None)
    report.warnings.append(
        "No examination period was found (no 'throughout the period ...' or 'for the period "
        "...' statement)."
    )


def _set_period(report: Report, found: list[tuple[tuple[date, date], Citation]]) -> None:
    counts = Counter(value for value, _ in found)
    (best, best_count), *others = counts.most_common()
    citations = [citation for value, citation in found if value == best][:2]
    if others and others[0][1] == best_count:
        report.set("period_start", None)
        report.set("period_end", None)
        shown = ", ".join(f"{a.isoformat()} to {b.isoformat()}" for (a, b), _ in counts.items())
        report.warnings.append(
            f"The report states different examination periods equally often ({shown}); "
            "none was chosen. Read the opinion paragraph."
        )
        return
    if others:
        shown = ", ".join(f"{a.isoformat()} to {b.isoformat()}" for (a, b), _ in others)
        report.warnings.append(
            f"Other periods are also stated ({shown}); the one the report repeats most was taken."
        )
    report.set("period_start", best[0].isoformat(), citations)
    report.set("period_end", best[1].isoformat(), citations)
    months = (best[1] - best[0]).days / 30.4
    if months < 2.5:
        report.warnings.append(
            f"The examination period is short (about {months:.0f} months); buyers usually "
            "expect 6 to 12 months."
        )


def _as_of_dates(report: Report) -> list[tuple[date, Citation]]:
    found = []
    for page in report.body(" as of ", " as at "):
        for match in DESIGN_AS_OF.finditer(page.flat):
            parsed = parse_date(match["date"])
            if parsed is not None:
                found.append((parsed, cite(page, match)))
    return found


def _set_as_of(report: Report, found: list[tuple[date, Citation]]) -> None:
    report.set("period_start", None)
    if not found:
        report.set("period_end", None)
        report.set("as_of", None)
        report.warnings.append("Type 1 report, but the 'as of' date was not found.")
        return
    counts = Counter(value for value, _ in found)
    best, best_count = counts.most_common(1)[0]
    if len(counts) > 1 and list(counts.values()).count(best_count) > 1:
        report.set("period_end", None)
        report.set("as_of", None)
        report.warnings.append(
            "The report gives several different 'as of' dates equally often; none was chosen."
        )
        return
    citations = [citation for value, citation in found if value == best][:2]
    report.set("as_of", best.isoformat(), citations)
    report.set("period_end", best.isoformat(), citations)


def _category_names(text: str) -> set[str]:
    return {
        "security" if word.lower().startswith("common") else "_".join(word.lower().split())
        for word in re.findall(CATEGORY, text, re.I)
    }


def trust_criteria(report: Report) -> None:
    if report.value("report_kind") == "soc1":
        report.set("trust_criteria", None)
        return
    sets: Counter[tuple[str, ...]] = Counter()
    cited: dict[tuple[str, ...], list[Citation]] = {}
    excluded: set[str] = set()
    for page in report.body(*SCOPE_WORDS):
        if not page.mentions(*CATEGORY_WORDS):
            continue
        for match in EXCLUDED_CATEGORIES.finditer(page.flat):
            excluded |= _category_names(match.group(0))
        for pattern in SCOPE_CLAUSES:
            for match in pattern.finditer(page.flat):
                if NEGATED_SCOPE.search(page.flat[max(0, match.start() - 40) : match.start()]):
                    continue
                found = tuple(sorted(_category_names(match["list"])))
                sets[found] += 1
                cited.setdefault(found, []).append(cite(page, match))
    if not sets:
        report.set("trust_criteria", None)
        report.warnings.append(
            "The trust services categories in scope were not found (no 'relevant to security, "
            "...' clause)."
        )
        return
    (best, best_count), *others = sets.most_common()
    if others and others[0][1] == best_count:
        report.set("trust_criteria", None)
        report.warnings.append(
            "The report names different sets of trust services categories equally often ("
            + "; ".join(", ".join(s) for s, _ in sets.most_common())
            + "); none was chosen. A footnote may narrow the scope for some components."
        )
        return
    if others:
        report.warnings.append(
            "Some passages name other trust services categories ("
            + "; ".join(", ".join(s) for s, _ in others)
            + "); the set the report repeats most was taken."
        )
    dropped = excluded.intersection(best)
    if dropped:
        report.warnings.append(
            f"The report names {', '.join(sorted(dropped))} in its scope clause but also says "
            "it is not covered; it was left out of trust_criteria. Read the scope paragraph."
        )
    report.set("trust_criteria", [name for name in best if name not in dropped], cited[best][:2])


_SENTENCE_LIMIT = 900


def _rest_of_sentence(text: str, start: int) -> str:
    """From `start` to the end of its sentence: a SOC 3 opinion keeps its verdict ("is
    fairly stated") for the end of one long sentence."""
    return rest_of_sentence(text, start, _SENTENCE_LIMIT)


def opinion(report: Report) -> None:
    signals: dict[str, list[Citation]] = {}
    for page in report.body("opinion"):
        for match in IN_OUR_OPINION.finditer(page.flat):
            after = _rest_of_sentence(page.flat, match.end())
            if ADVERSE_LEAD.search(after):
                kind = "adverse"
            elif QUALIFIED_LEAD.search(after):
                kind = "qualified"
            elif re.search(r"in\s+all\s+material\s+respects", after, re.I) or re.search(
                r"fairly\s+stated|maintained[^.]{0,40}effective", after, re.I
            ):
                kind = "unqualified"
            else:
                continue
            signals.setdefault(kind, []).append(cite(page, (match.start(), match.end() + 40)))
        for kind, heading in HEADINGS.items():
            for match in heading.finditer(page.flat):
                signals.setdefault(kind, []).append(cite(page, match))
        for match in NO_OPINION.finditer(page.flat):
            sentence = cite(page, match).quote
            # "...we express no opinion on it" about unaudited other information is not a
            # disclaimer; a disclaimer is about the examination itself.
            # Nor is a Type 1's "we do not express an opinion on operating effectiveness".
            if not re.search(
                r"other\s+information|section\s+v\b|not\s+covered|operating\s+effectiveness"
                r"|operated\s+effectively",
                sentence,
                re.I,
            ):
                signals.setdefault("disclaimer", []).append(cite(page, match))
        summary = re.search(
            r"\bopinion\s+(?:result|type)?\s*:?\s*(?P<kind>unqualified|unmodified)\b",
            page.flat,
            re.I,
        )
        if summary:
            signals.setdefault("unqualified", []).append(cite(page, summary))
    if not signals:
        report.set("opinion", None)
        report.warnings.append(
            "The auditor's opinion was not found (no 'In our opinion' paragraph)."
        )
        return
    kind = next(kind for kind in SEVERITY if kind in signals)
    report.set("opinion", kind, signals[kind][:2])
    if kind != "unqualified":
        report.warnings.append(
            f"The auditor's opinion is {kind} (modified): read the basis paragraph before "
            "relying on this report."
        )


def cuecs(report: Report) -> None:
    listed: list[Citation] = []
    mentioned = False
    for page in report.body("user entit", "user control", "responsible for"):
        index = page.first_line(CUEC_HEADING)
        heading = None if index is None else page.lines[index]
        items = list(CUEC_ITEM.finditer(page.flat))
        if heading is not None or len(items) >= 2:
            listed.append(cite_line(page, heading) if heading else cite(page, items[0]))
        mentioned = mentioned or bool(CUEC_MENTION.search(page.flat))
    if listed:
        report.set("cuecs", True, listed)
    elif mentioned:
        report.set("cuecs", None)
        report.warnings.append(
            "Complementary user entity controls are mentioned but no list of them was found."
        )
    else:
        report.set("cuecs", False)


def auditor_and_date(report: Report) -> None:
    body = report.body()
    anchor = None
    for index, page in enumerate(body):
        for line_index, line in enumerate(page.lines):
            if re.search(
                r"\bIn\s+our\s+opinion\b|\bdo\s+not\s+express\s+an\s+opinion\b", line, re.I
            ):
                anchor = (index, line_index)
                break
        if anchor:
            break
    auditor = report_date = None
    if anchor is not None:
        lines = [
            (body[i], line)
            for i in range(anchor[0], min(anchor[0] + 2, len(body)))
            for line in (body[i].lines[anchor[1] :] if i == anchor[0] else body[i].lines)
        ]
        for index, (page, line) in enumerate(lines):
            if re.search(r"management'?s\s+assertion|assertion\s+of", line, re.I) and auditor:
                break
            if auditor is None:
                following = lines[index + 1][1] if index + 1 < len(lines) else ""
                firm = FIRM.match(line) or (
                    NAME_LINE.match(line) if FIRM_DESCRIPTOR.match(following) else None
                )
                if firm and not re.search(r"\b(?:the|our|we|its)\b", firm["name"], re.I):
                    auditor = (firm["name"].strip(" ,"), cite_line(page, line))
            if report_date is None:
                when = DATE_LINE.match(line)
                parsed = parse_date(when["date"]) if when else None
                if when and parsed and re.search(r"\d{4}", when["date"]):
                    report_date = (parsed, cite_line(page, line))
            if auditor and report_date:
                break
    if auditor:
        report.set("auditor", auditor[0], [auditor[1]])
    else:
        report.set("auditor", None)
        report.warnings.append(
            "The audit firm's name was not found in the text (the signature may be an image)."
        )
    if report_date:
        report.set("report_date", report_date[0].isoformat(), [report_date[1]])
        end = report.value("period_end")
        if isinstance(end, str) and end and report_date[0].isoformat() < end:
            report.warnings.append(
                "The report date found is before the end of the period; check it."
            )
    else:
        report.set("report_date", None)
        report.warnings.append("The date of the auditor's report was not found.")
