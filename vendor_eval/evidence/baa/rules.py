"""The rules that read an agreement sentence by sentence: whether it is a BAA, what it
leaves out, how fast breaches must be reported, which HHS provisions it carries.

Vendors and their lawyers word the same clause many ways, so every rule matches a
clause's meaning in one sentence (topic + construction), never one fixed phrase, and
treats negations ("nothing in this Agreement excludes ...") as the opposite of a match.
When the text does not settle a question the answer is null with a warning, not a guess.
"""

from __future__ import annotations

import dataclasses
import functools
import math
import operator
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from vendor_eval.evidence.baa.provisions import (
    HHS_PROVISIONS,
    disposes_of_phi_at_the_end,
)
from vendor_eval.evidence.baa.vocabulary import (
    ACCOUNT_KIND,
    ACCOUNTING_OF_DISCLOSURES,
    AGREEMENT_EXCLUDES,
    AT_LEAST,
    AUTHENTICATED_ONLY,
    BAA_ABBREVIATION,
    BAA_NAME,
    BOOKS,
    BOOKS_AND_PRACTICES,
    BREACH_EVENT,
    CANCELLED,
    CARVE_OUTS,
    CLAUSE_BREAK,
    COMPANY_NAME,
    CONTRACT_BREACH,
    CONTRACTION,
    CUSTOMER_PROHIBITION,
    DEFINES_TERM,
    DO_NOT_SEND,
    DURATION,
    EXCLUSION,
    FIRST_ITEM,
    FLOW_DOWN,
    FOR_THE_CUSTOMER_ONLY,
    FULL_SCOPE,
    HIPAA,
    HIPAA_TITLE,
    MAKES_ASSOCIATE,
    NAMED_PERIOD,
    NAMED_PRODUCTS_LEFT_OUT,
    NARROWING,
    NOT_A_BREACH,
    NOT_A_PRODUCT,
    NOT_REQUIRED,
    OBLIGED,
    ORDINARY_CUSTOMER_DUTY,
    OTHER_EVENT,
    PERMISSION_DENIED,
    PHI_ANYWHERE,
    PHI_ONLY,
    PROMPTLY,
    REPORTING,
    RETURN_OR_DESTROY,
    ROLE,
    SCOPE_OF_CARVE_OUT,
    SECRETARY,
    SELF_REFERENCE,
    SERVICE_DEFINITION,
    SPELLED_OUT,
    STARTS_WITHOUT_SUBJECT,
    SUBCONTRACTOR,
    TEENS,
    TENS,
    TOPICS,
    UNITS_WORDS,
    UNOWNED_PROHIBITION,
    USE_OR_DISCLOSE,
    USES_BROAD,
    USES_LIMITED,
    VENDOR_PARTY,
    VENDOR_PERMISSION,
    WEAKENED,
)
from vendor_eval.evidence.documents import DocumentText
from vendor_eval.evidence.literals import Prefiltered, admitted, remembering_texts
from vendor_eval.evidence.model import Citation, DocumentRef, Evidence, EvidenceKind, Fact
from vendor_eval.evidence.text import Sentence, ascii_lower, clip_sentence, sentences

MAX_QUOTE = 240

MAX_CITATIONS = 3

MAX_TITLE_WORDS = 12

# A document that carries this many of the HHS provisions and speaks of PHI throughout
# is a BAA whatever its title.
MIN_PROVISIONS_OF_A_BAA = 4

MIN_PHI_SENTENCES_OF_A_BAA = 3


def _names_products_left_out(clause: str) -> bool:
    if " not " not in clause:  # a cheap test first: the pattern is slow to fail
        return False
    match = NAMED_PRODUCTS_LEFT_OUT.search(clause)
    if not match:
        return False
    names = re.split(r",\s+|,?\s+(?:and|or)\s+", match.group("names"))
    return not any(NOT_A_PRODUCT.search(name) for name in names)


@dataclass
class _Found:
    """What one rule found: the value plus the sentences that support it."""

    value: object
    cited: list[Sentence]
    focus: Prefiltered | None = None  # the part of a long sentence a quote must keep

    def fact(self, original: Callable[[Sentence], Sentence]) -> Fact:
        cited = _unique(self.cited)[:MAX_CITATIONS]
        return Fact(self.value, [_cite(original(s), self.focus) for s in cited])


@dataclass
class BaaFindings:
    """The facts of one agreement and the warnings that go with them."""

    facts: dict[str, Fact]
    warnings: list[str]


def extract_baa(document: DocumentText) -> Evidence:
    """The evidence a BAA (or a document offered as one) gives, with citations."""
    warnings: list[str] = []
    if document.image_only_pages:
        shown = ", ".join(str(n) for n in document.image_only_pages)
        warnings.append(
            f"pages {shown} are images without a text layer and were not read; read them by OCR "
            "with --ocr (provisions reported missing may be on those pages)"
        )
    findings = baa_facts(sentences(document.pages), complete=not document.image_only_pages)
    return Evidence(
        kind=EvidenceKind.BAA,
        document=DocumentRef(path=document.path, sha256=document.sha256, pages=document.page_count),
        facts=findings.facts,
        warnings=warnings + findings.warnings,
    )


def baa_facts(text: Sequence[Sentence], *, complete: bool = True) -> BaaFindings:
    """All BAA facts from a document's sentences. `complete` is False when some pages
    could not be read: a clause not seen is then unknown (null) rather than absent."""
    with remembering_texts():
        return _baa_facts(text, complete)


def _baa_facts(text: Sequence[Sentence], complete: bool) -> BaaFindings:
    warnings: list[str] = []
    facts: dict[str, Fact] = {}
    # The rules read "we'll" as "we will"; quotes keep the agreement's own words.
    said: dict[Sentence, Sentence] = {}
    spelled_out = []
    for sentence in text:
        plain = sentence
        if (spelled := _spell_out_contractions(sentence.text)) != sentence.text:
            plain = dataclasses.replace(sentence, text=spelled)
        said.setdefault(plain, sentence)
        spelled_out.append(plain)
    text = spelled_out

    def original(sentence: Sentence) -> Sentence:
        return said.get(sentence, sentence)

    is_baa = _is_baa(text, warnings)
    facts["is_baa"] = is_baa.fact(original)
    if is_baa.value is not True:
        # imported here: an agreement that is one (the common case) never needs it
        from vendor_eval.evidence.lookalike import reads_as

        looks = reads_as(EvidenceKind.SOC2, (s.text for s in text))
        if looks:
            warnings.append(f"is_baa: {looks}")

    carve_outs, unclassified = _carve_outs(text)
    names = sorted(carve_outs)
    carve_citations = _unique_citations(_cite(original(carve_outs[name][0])) for name in names)
    if names:
        facts["carve_outs"] = Fact(names, carve_citations)
    elif is_baa.value is True:
        facts["carve_outs"] = Fact([], [])
    else:
        facts["carve_outs"] = Fact(None)
    # Scope is the scope of a BAA: a document that is not one has none.
    if is_baa.value is not True:
        facts["scope"] = Fact(None)
    elif names:
        first = next(c for c in CARVE_OUTS if c in carve_outs)
        facts["scope"] = Fact(SCOPE_OF_CARVE_OUT[first], list(carve_citations))
    elif unclassified:
        # Something is left out, but not a kind the rules know: not full, nor surely limited.
        facts["scope"] = Fact(None)
        warnings.extend(
            f"scope: page {s.page} puts something outside the agreement that is none of the "
            "known carve-outs, so scope is left open; read it: "
            f'"{clip_sentence(original(s).text, MAX_QUOTE)}"'
            for s in unclassified[:MAX_CITATIONS]
        )
    else:
        facts["scope"] = Fact(FULL_SCOPE, facts["is_baa"].citations)

    deadline = _breach_deadline(text, warnings).fact(original)
    facts["breach_notification_deadline"] = deadline
    days = _in_calendar_days(deadline.value) if isinstance(deadline.value, dict) else None
    facts["breach_notification_days"] = Fact(days, deadline.citations if days is not None else [])

    for name, found in (
        ("subcontractor_flowdown", _subcontractor_flowdown(text, warnings)),
        ("return_or_destroy", _return_or_destroy(text)),
        (
            "hhs_access_to_books",
            _hhs_access_to_books(text),
        ),
        ("permitted_uses_limited", _permitted_uses_limited(text, warnings)),
    ):
        if found.value is None and is_baa.value is True:
            if complete:
                found.value = False
                warnings.append(f"{name}: no such clause found, so recorded as false")
            else:
                warnings.append(f"{name}: no such clause on the pages that could be read")
        facts[name] = found.fact(original)

    # A list item is read with its lead-in: "Vendor shall report: ... (b) any Breach ..."
    clauses = [
        dataclasses.replace(sentence, text=f"{lead_in} {sentence.text}") if lead_in else sentence
        for sentence, lead_in in _with_lead_ins(text)
    ]
    carried = _provisions_carried(clauses)
    missing = [p.id for p in HHS_PROVISIONS if p.id not in carried]
    facts["missing_provisions"] = Fact(missing)
    return BaaFindings(facts, warnings)


def _is_baa(text: Sequence[Sentence], warnings: list[str]) -> _Found:
    opening = text[:4]
    titled = [
        s
        for s in opening
        if BAA_NAME.search(s.text)
        or BAA_ABBREVIATION.search(s.text)
        or (len(s.text.split()) <= MAX_TITLE_WORDS and HIPAA_TITLE.search(s.text))
    ]
    # Only counted up to three, and cited by the first three: the rest of a long
    # agreement need not be searched for them.
    self_named = _first_sentences(SELF_REFERENCE, text, MAX_CITATIONS + len(titled))
    hipaa = _first_sentences(HIPAA, text, 3)
    roles = _first_sentences(ROLE, text, max(3, MAX_CITATIONS))
    named = titled + self_named
    # A BAA's name in a title or in "this Business Associate Agreement" makes the document
    # one; in a sentence of the opening ("the parties' separate Business Associate
    # Agreement governs PHI") only if some sentence makes a party the business associate.
    title_lines = [s for s in titled if len(s.text.split()) <= MAX_TITLE_WORDS]
    binds = self_named or title_lines or any(MAKES_ASSOCIATE.search(s.text) for s in text)
    if named and hipaa and binds:
        return _Found(True, named)
    if len(roles) >= 3 and len(hipaa) >= 3:
        return _Found(True, roles)
    about_phi = _first_sentences(PHI_ONLY, text, max(MIN_PHI_SENTENCES_OF_A_BAA, MAX_CITATIONS))
    if (
        len(about_phi) >= MIN_PHI_SENTENCES_OF_A_BAA
        and len(_provisions_carried(text)) >= MIN_PROVISIONS_OF_A_BAA
    ):
        return _Found(True, about_phi)
    if named and hipaa:
        warnings.append(
            "is_baa: the document mentions business associate agreements but makes no party "
            "a business associate, so it was not read as one"
        )
        return _Found(False, named)
    if named:
        warnings.append(
            "is_baa: the document calls itself a business associate agreement but never "
            "mentions HIPAA or protected health information"
        )
        return _Found(None, named)
    return _Found(False, list(text[:1]))


def _first_sentences(pattern: Prefiltered, text: Sequence[Sentence], wanted: int) -> list[Sentence]:
    """The sentences the pattern matches, in order, up to the one that makes `wanted`
    different sentences (all of them if there are fewer): as many as a count up to
    `wanted`, or the first `wanted` citations, can tell apart from the whole list."""
    found: list[Sentence] = []
    distinct: set[Sentence] = set()
    for sentence in text:
        if pattern.search(sentence.text):
            found.append(sentence)
            distinct.add(sentence)
            if len(distinct) >= wanted:
                break
    return found


def _carve_outs(
    text: Sequence[Sentence],
) -> tuple[dict[str, list[Sentence]], list[Sentence]]:
    """The known carve-outs with the sentences that make them, and the sentences that
    exclude something from the agreement that is none of them."""
    found: dict[str, list[Sentence]] = {}
    unclassified: list[Sentence] = []
    mask = _company_name_mask(text)
    for sentence, lead_in in _with_lead_ins(text):
        # no new string for a sentence without a lead-in: its words are known already
        clause = mask(f"{lead_in} {sentence.text}".strip() if lead_in else sentence.text.strip())
        names = _carve_outs_in(clause)
        for name in names:
            found.setdefault(name, []).append(sentence)
        if not names and AGREEMENT_EXCLUDES.search(clause) and not CANCELLED.found_in(clause):
            unclassified.append(sentence)
    return found, unclassified


def _with_lead_ins(text: Sequence[Sentence]) -> Iterator[tuple[Sentence, str]]:
    """Each sentence with the lead-in of the list it is an item of, if any: in
    "Customer shall: (i) not include PHI in ...", the item needs its subject back."""
    lead_in = ""
    for sentence in text:
        yield sentence, lead_in
        # "What happens if there is a breach? We will notify you ...": an FAQ's question is
        # the subject of its answer
        if sentence.text.endswith((":", "?")):
            lead_in = sentence.text
        elif not sentence.text.endswith((";", "; and", "; or")):
            lead_in = ""
        elif not lead_in and (first_item := FIRST_ITEM.search(sentence.text)):
            # "Excluded Data. (a) Analytics Data; (b) ...": what precedes (a) leads in (b)
            lead_in = sentence.text[: first_item.start()]


def _bits(*patterns: Prefiltered) -> int:
    return functools.reduce(operator.or_, (pattern.bit for pattern in patterns))


_TOPIC_WORDS = _bits(*TOPICS.values())

# Without a topic, only these can leave anything out: a clause holding the words of none
# of them names no carve-out (most clauses of an agreement).
_UNTOPICAL_CARVE_OUT_WORDS = _bits(
    CUSTOMER_PROHIBITION,
    UNOWNED_PROHIBITION,
    DO_NOT_SEND,
    AUTHENTICATED_ONLY,
    NAMED_PRODUCTS_LEFT_OUT,
)


# A sentence that holds the words of no topic, of nothing that leaves anything out
# without one, and of no clause break is one clause with the sentence's words: it names
# no carve-out, and is not cut into clauses to find that out.
_CLAUSES_OR_CARVE_OUT_WORDS = _TOPIC_WORDS | _UNTOPICAL_CARVE_OUT_WORDS | CLAUSE_BREAK.bit


def _carve_outs_in(sentence: str) -> set[str]:
    names: set[str] = set()
    if not admitted(sentence) & _CLAUSES_OR_CARVE_OUT_WORDS:
        return names
    inherited: dict[str, re.Match[str]] = {}
    for clause in _clauses(sentence):
        words = admitted(clause)
        topics = (
            {
                name: match
                for name, pattern in TOPICS.items()
                if pattern.bit & words and (match := pattern.search(clause))
            }
            if words & _TOPIC_WORDS
            else {}
        )
        # "X is collected by the Service, but is not PHI" (asked only when there is an X)
        if not topics and inherited and STARTS_WITHOUT_SUBJECT.match(clause):
            topics = inherited
        inherited = topics
        if not topics and not words & _UNTOPICAL_CARVE_OUT_WORDS:
            continue
        if CANCELLED.found_in(clause):
            continue
        excluded = bool(topics) and EXCLUSION.found_in(clause)  # it excludes only a topic
        # The prohibition before PHI is searched for: most clauses name PHI, few forbid
        # sending anything, and the words of a prohibition rule it out before any pattern
        # runs (as those of PHI do, for a clause without them).
        prohibited = (
            PHI_ANYWHERE.may_match(clause)
            and bool(
                CUSTOMER_PROHIBITION.found_in(clause)
                or _unowned_prohibition(clause)
                or _imperative_prohibition(clause)
            )
            and bool(PHI_ANYWHERE.search(clause))
            and not ORDINARY_CUSTOMER_DUTY.search(clause)
        )
        if prohibited:
            names.add("customer-must-not-send-phi")
        if AUTHENTICATED_ONLY.search(clause):
            names.add("unauthenticated-pages")
        for name in ("analytics-data", "marketing-data", "unauthenticated-pages"):
            if name in topics and (excluded or prohibited):
                names.add(name)
        if "de-identified-data" in topics and (
            excluded
            or prohibited
            or (
                VENDOR_PERMISSION.search(clause)
                and not PERMISSION_DENIED.search(clause)
                and not FOR_THE_CUSTOMER_ONLY.search(clause)
            )
        ):
            names.add("de-identified-data")
        plan_only = "enterprise-plan-only" in topics and (excluded or NARROWING.found_in(clause))
        if plan_only:
            names.add("enterprise-plan-only")
        services = topics.get("covered-services-only")
        # An eligible account defined by its plan is that plan, not a set of services.
        if services and plan_only and ACCOUNT_KIND.search(services.group(0)):
            services = None
        if (
            services
            and (
                excluded
                or prohibited
                or NARROWING.found_in(clause)
                or SERVICE_DEFINITION.search(clause)
            )
        ) or _names_products_left_out(clause):
            names.add("covered-services-only")
    return names


def _imperative_prohibition(clause: str) -> bool:
    """An order with no subject ("Do not send PHI", "If ..., please never upload PHI"),
    not a party's promise ("We never share PHI")."""
    for match in DO_NOT_SEND.finditer(clause):
        before = clause[: match.start()].rstrip()
        if not before or before.endswith((",", ":")) or before.lower().endswith("please"):
            return True
    return False


def _unowned_prohibition(clause: str) -> bool:
    match = UNOWNED_PROHIBITION.search(clause)
    return match is not None and not VENDOR_PARTY.search(clause, 0, match.start())


def _clauses(sentence: str) -> list[str]:
    parts = CLAUSE_BREAK.split(sentence)
    return [part.strip() for part in parts if part and part.strip()]


@dataclass(frozen=True)
class _Deadline:
    """A breach reporting deadline one sentence sets."""

    amount: int
    unit: str
    days: int
    sentence: Sentence
    at_least: bool
    mismatch: str | None
    defined_in: Sentence | None = None


def _breach_deadline(text: Sequence[Sentence], warnings: list[str]) -> _Found:
    deadlines: list[_Deadline] = []
    unnumbered: list[Sentence] = []
    for sentence, lead_in in _with_lead_ins(text):
        # "Vendor will report to you (a) ...; (b) ...; and (c) any Breach, within 60 days":
        # the item needs its lead-in's verb
        clause = f"{lead_in} {sentence.text}" if lead_in else sentence.text
        # A clause that names no breach sets no deadline for one: asked first, since its
        # words alone tell, while "inform" and "notice" are in most clauses.
        if not BREACH_EVENT.may_match(clause) or not REPORTING.search(clause):
            continue
        contract = _contract_breaches(clause)
        breaches = _breach_positions(clause, contract)
        if not breaches:
            continue
        found = list(DURATION.finditer(clause))
        events = _events(clause, contract, breaches) if found else []
        durations = [match for match in found if _event_of(clause, match, events) == "breach"]
        deadlines.extend(_deadline_of(match, sentence) for match in durations)
        if not durations:
            named = _defined_period(sentence, text)
            if named:
                deadlines.append(named)
            elif PROMPTLY.search(sentence.text) or OBLIGED.search(sentence.text):
                unnumbered.append(sentence)
    if deadlines:
        best = min(deadlines, key=lambda d: (d.days, d.sentence.page))
        others = sorted(
            {f"{d.amount} {d.unit}" for d in deadlines} - {f"{best.amount} {best.unit}"}
        )
        if others:
            warnings.append(
                f"breach_notification_deadline: also found {', '.join(others)} for breach "
                f"reporting; kept the shortest, {best.amount} {best.unit}"
            )
        if best.at_least:
            warnings.append(
                "breach_notification_deadline: the clause says 'no less than', which makes it "
                "a minimum, not a maximum; have counsel read it"
            )
        if best.mismatch:
            warnings.append(f"breach_notification_deadline: {best.mismatch}")
        cited = [best.sentence, *([best.defined_in] if best.defined_in else [])]
        cited += [d.sentence for d in deadlines if d is not best]
        return _Found({"amount": best.amount, "unit": best.unit}, cited, DURATION)
    if unnumbered:
        warnings.append(
            "breach_notification_deadline: breaches must be reported, but no number of hours "
            "or days is given (HIPAA's own outer limit is 60 calendar days after discovery)"
        )
        return _Found({"amount": None, "unit": None}, unnumbered, PROMPTLY)
    return _Found(None, [])


def _defined_period(sentence: Sentence, text: Sequence[Sentence]) -> _Deadline | None:
    """The length of a named period ("the Breach Notification Period") the sentence uses,
    from the sentence that defines it; cited at the sentence that sets the duty."""
    named = NAMED_PERIOD.search(sentence.text)
    if not named:
        return None
    term = r"\s+".join(re.escape(word) for word in named.group("term").split())
    definition = re.compile("|".join(form.replace("{term}", term) for form in DEFINES_TERM))
    for other in text:
        if other is not sentence and (defined := definition.search(other.text)):
            # a parenthesis names the words before it; an entry, the words after
            duration = DURATION.search(
                other.text, 0 if defined.group(0).startswith("(") else defined.end()
            )
            duration = duration or DURATION.search(other.text)
            if duration:
                found = _deadline_of(duration, other)
                return dataclasses.replace(found, sentence=sentence, defined_in=other)
    return None


def _contract_breaches(sentence: str) -> list[tuple[int, int]]:
    """Where a breach of contract ("cure the breach") is mentioned."""
    return [m.span() for m in CONTRACT_BREACH.finditer(sentence)]


def _breach_positions(sentence: str, contract: list[tuple[int, int]]) -> list[int]:
    """Where a breach of PHI (not a breach of contract, at `contract`) is mentioned."""
    return [
        m.start()
        for m in BREACH_EVENT.finditer(sentence)
        if not any(start <= m.start() < end for start, end in contract)
        # a few words before it: the pattern costs less there than looking for its words
        and not NOT_A_BREACH.regex.search(sentence[max(0, m.start() - 40) : m.start()])
    ]


def _events(
    sentence: str, contract: list[tuple[int, int]], breaches: list[int]
) -> list[tuple[int, str]]:
    """Where each event the sentence names starts, and whether it is a breach of PHI."""
    events = [(position, "breach") for position in breaches]
    events += [(start, "other") for start, _ in contract]
    events += [
        (m.start(), "other")
        for m in OTHER_EVENT.finditer(sentence)
        if not any(start <= m.start() < end for start, end in contract)
    ]
    return events


def _event_of(sentence: str, duration: re.Match[str], events: list[tuple[int, str]]) -> str | None:
    """Which of the sentence's `events` a duration belongs to: the nearest event named
    before it in its part of the sentence (parts end at semicolons), else the first named
    after it in that part ("within 10 days of discovery of a Breach"), else the last one in
    an earlier part ("report any Breach promptly; in no event later than 10 days")."""
    part_start = sentence.rfind(";", 0, duration.start()) + 1
    part_end = sentence.find(";", duration.end())
    part_end = len(sentence) if part_end < 0 else part_end
    before = [e for e in events if part_start <= e[0] < duration.start()]
    after = [e for e in events if duration.end() <= e[0] < part_end]
    earlier = [e for e in events if e[0] < part_start]
    if before:
        return max(before)[1]
    if after:
        return min(after)[1]
    return max(earlier)[1] if earlier else None


def _deadline_of(match: re.Match[str], sentence: Sentence) -> _Deadline:
    word, digits = match.group("word"), match.group("digits") or match.group("only_paren")
    paren = match.group("paren") or match.group("paren2")
    mismatch = None
    if word:
        amount = _word_value(word)
        if paren and int(paren) != amount:
            mismatch = (
                f"the words say {word} but the figure says ({paren}); used the words, "
                "which usually control"
            )
    else:
        amount = int(digits)
    unit_word = ascii_lower(match.group("unit")).rstrip("s")
    kind = ascii_lower(match.group("kind") or "")
    if unit_word == "hour":
        unit, days = "hours", math.ceil(amount / 24)
    elif unit_word == "week":
        amount, unit, days = amount * 7, "calendar-days", amount * 7
    elif kind in ("business", "working"):
        unit, days = "business-days", math.ceil(amount * 7 / 5)
    elif kind == "calendar":
        unit, days = "calendar-days", amount
    else:
        unit, days = "days", amount
    # the words before the duration, read in place (the pattern ends where they do)
    at_least = bool(AT_LEAST.regex.search(match.string, 0, match.start()))
    return _Deadline(amount, unit, days, sentence, at_least, mismatch)


def _word_value(word: str) -> int:
    parts = re.split(r"[- ]", ascii_lower(word))
    lookup = {**UNITS_WORDS, **TEENS, **TENS}
    return sum(lookup[part] for part in parts)


def _in_calendar_days(deadline: dict[str, object]) -> int | None:
    amount, unit = deadline.get("amount"), deadline.get("unit")
    if not isinstance(amount, int):
        return None
    if unit == "hours":
        return math.ceil(amount / 24)
    if unit == "business-days":
        return math.ceil(amount * 7 / 5)
    return amount


def _subcontractor_flowdown(text: Sequence[Sentence], warnings: list[str]) -> _Found:
    relevant = [s for s in text if SUBCONTRACTOR.search(s.text)]
    refused = [s for s in relevant if NOT_REQUIRED.search(s.text)]
    flowing = [s for s in relevant if FLOW_DOWN.search(s.text) and s not in refused]
    if flowing:
        if any(WEAKENED.search(s.text) for s in flowing):
            warnings.append(
                "subcontractor_flowdown: only 'reasonable efforts' are promised to bind "
                "subcontractors"
            )
        return _Found(True, flowing, FLOW_DOWN)  # quote the binding words, not the preamble
    if refused:
        return _Found(False, refused)
    return _Found(None, [])


def _return_or_destroy(text: Sequence[Sentence]) -> _Found:
    matching = [
        s for s in text if RETURN_OR_DESTROY.search(s.text) or disposes_of_phi_at_the_end(s.text)
    ]
    refused = [s for s in matching if NOT_REQUIRED.search(s.text)]
    agreed = [s for s in matching if s not in refused]
    if agreed:
        return _Found(True, agreed)
    if refused:
        return _Found(False, refused)
    return _Found(None, [])


def _permitted_uses_limited(text: Sequence[Sentence], warnings: list[str]) -> _Found:
    broad = [
        s
        for s in text
        if (match := USES_BROAD.search(s.text))
        and USE_OR_DISCLOSE.search(s.text)
        # "may use de-identified data for any purpose" is a carve-out, not a use of PHI
        and not TOPICS["de-identified-data"].search(
            s.text[max(0, match.start() - 80) : match.start()]
        )
        and not PERMISSION_DENIED.search(s.text)
    ]
    if broad:
        warnings.append(
            "permitted_uses_limited: the vendor may use PHI beyond providing the services"
        )
        return _Found(False, broad)
    return _found_or_absent([s for s in text if USES_LIMITED.search(s.text)])


def _hhs_access_to_books(text: Sequence[Sentence]) -> _Found:
    """The clause that opens internal practices, books and records to the Secretary. The
    accounting-of-disclosures clause beside it also speaks of records and the Secretary,
    and is cited only when no clause names books or internal practices, never when it is
    about an accounting."""
    opened = [s for s in text if SECRETARY.search(s.text) and BOOKS.search(s.text)]
    named = [s for s in opened if BOOKS_AND_PRACTICES.search(s.text)]
    return _found_or_absent(
        named or [s for s in opened if not ACCOUNTING_OF_DISCLOSURES.search(s.text)]
    )


def _found_or_absent(cited: list[Sentence]) -> _Found:
    return _Found(True, cited) if cited else _Found(None, [])


def _provisions_carried(text: Iterable[Sentence]) -> set[str]:
    """The ids of the HHS provisions some sentence carries. A sentence is asked only about
    the provisions not found yet whose words it holds: most hold none of them."""
    remaining = [(provision, provision.needs) for provision in HHS_PROVISIONS]
    wanted = functools.reduce(operator.or_, (needs for _, needs in remaining))
    carried: set[str] = set()
    for sentence in text:
        words = admitted(sentence.text)
        if not words & wanted:
            continue
        left = []
        for provision, needs in remaining:
            if needs & words and provision.in_sentence(sentence.text):
                carried.add(provision.id)
            else:
                left.append((provision, needs))
        if len(left) < len(remaining):
            remaining = left
            if not remaining:
                break
            wanted = functools.reduce(operator.or_, (needs for _, needs in remaining))
    return carried


def _spell_out_contractions(text: str) -> str:
    """Plain-English agreements write "we'll", "won't" and "don't" where counsel writes
    "will" and "shall not"."""
    if "'" not in text:
        return text
    return CONTRACTION.sub(lambda m: SPELLED_OUT[ascii_lower(m.group(0))], text)


def _company_name_mask(text: Sequence[Sentence]) -> Callable[[str], str]:
    """Blanks out names like "Acme Analytics, Inc.", since a vendor's name is no data type."""
    names = {m.group(0) for s in text for m in COMPANY_NAME.finditer(s.text)}
    if not names:
        return lambda sentence: sentence
    pattern = re.compile("|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)))
    return lambda sentence: pattern.sub("Vendor", sentence)


def _cite(sentence: Sentence, focus: Prefiltered | None = None) -> Citation:
    # A quote short enough to keep whole needs no focus, nor the whole pattern compiled
    # (FLOW_DOWN is otherwise searched one alternative at a time).
    pattern = focus.regex if focus and len(sentence.text) > MAX_QUOTE else None
    return Citation(quote=clip_sentence(sentence.text, MAX_QUOTE, pattern), page=sentence.page)


def _unique(cited: Iterable[Sentence]) -> list[Sentence]:
    seen: set[Sentence] = set()
    ordered = []
    for sentence in cited:
        if sentence not in seen:
            seen.add(sentence)
            ordered.append(sentence)
    return ordered


def _unique_citations(citations: Iterable[Citation]) -> list[Citation]:
    unique: list[Citation] = []
    for citation in citations:
        if citation not in unique:
            unique.append(citation)
    return unique
