"""The words SOC reports are written in, as patterns: report names and types, dates
and periods, trust services categories, opinion wording, test results, subservice
organisations, user entity controls, signatures. The rules decide what a match means.

The patterns read on most pages of a long report are `Anchored`: tried only where one of
the texts they open with stands, which finds the same matches at a fraction of the cost.
"""

from __future__ import annotations

import calendar
import functools
import re

from vendor_eval.evidence.anchors import A_DIGIT, Anchored, needed_words

CATEGORIES = ("security", "availability", "processing_integrity", "confidentiality", "privacy")

# Every value `extract soc2` writes for a fact read as words (see FACT_VALUES in the BAA
# vocabulary); `Report.set` refuses any other.
FACT_VALUES: dict[str, tuple[object, ...]] = {
    "report_type": ("type1", "type2"),
    "trust_criteria": CATEGORIES,
    "opinion": ("unqualified", "qualified", "adverse", "disclaimer"),
    "subservice_method": ("carve-out", "inclusive"),
}

CONTENTS_LINE = re.compile(r"(\.{3,}|\s)\s*\d{1,3}\s*$")

# ---------------------------------------------------------------------------------------
# Dates

MONTHS = {name.lower(): index for index, name in enumerate(calendar.month_name) if name}

MONTHS.update({name.lower(): index for index, name in enumerate(calendar.month_abbr) if name})

MONTHS["sept"] = 9

_MONTH = r"(?i:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"

# A footnote marker can be glued to a year ("September 30, 20182"): accept one extra digit.
_YEAR = r"(?:19|20)\d\d(?=\d?\b)\d?"

_DATE = (
    rf"(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s*(?:{_YEAR})?"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?\s*(?:{_YEAR})?"
    rf"|\d{{1,2}}/\d{{1,2}}/{_YEAR}"
    rf"|(?:19|20)\d\d-\d\d-\d\d)"
)

_RANGE_SEPARATOR = r",?\s*(?:-|to|through|thru|until|and\s+ending(?:\s+on)?)\s*"

# A date opens with a month's name or a digit: only there is a range tried.
RANGE = Anchored(rf"(?P<start>{_DATE}){_RANGE_SEPARATOR}(?P<end>{_DATE})", re.I, digits=True)

COUNTS = {
    word: number
    for number, word in enumerate(
        ("one", "two", "three", "four", "five", "six")
        + ("seven", "eight", "nine", "ten", "eleven", "twelve"),
        start=1,
    )
}

COUNTS.update({str(number): number for number in range(1, 13)})

# "the twelve months ended", "the six-month period ending", "the year ended".
MONTHS_ENDED = re.compile(
    rf"\b(?:(?P<count>{'|'.join(COUNTS)})[\s-]*months?(?:\s+period)?|(?P<year>year))"
    rf"\s+end(?:ed|ing)\s+(?:on\s+)?(?P<end>{_DATE})",
    re.I,
)

ANY_YEAR = Anchored(r"(?:19|20)\d\d")

# ---------------------------------------------------------------------------------------
# Report kind and type

SOC_NAME = re.compile(
    r"\b(?:SOC|service\s+organi[sz]ation\s+controls?|system\s+and\s+organi[sz]ation\s+controls?)"
    r"\s*(?:\(SOC\)\s*)?(?:for\s+service\s+organi[sz]ations\s*)?[- ]?(?P<n>[123])(?![\d.])",
    re.I,
)

TYPE = re.compile(r"\btype[\s-]*(?P<t>ii|i|2|1|two|one)\b(?![-.]?\d)", re.I)

# Operating effectiveness over a span of time is what makes a report Type 2; a Type 1
# may still speak of operating effectiveness ("we were not engaged to report on ...").
OPERATING = Anchored(
    r"operat(?:ed|ing)\s+effective(?:ly|ness)?\s+(?:throughout|during|for|over)\s+the\s+"
    r"(?:[\w-]+\s+){0,2}?(?:period|months?|year)\b",
    re.I,
)

DESIGN_AS_OF = re.compile(
    rf"(?:suitably\s+designed|fairly\s+presents?|description\s+of\s+[^.]{{0,120}}?)"
    rf"[^.]{{0,160}}?\bas\s+(?:of|at)\s+(?P<date>{_DATE})",
    re.I,
)

# ---------------------------------------------------------------------------------------
# Period

PERIOD_CONTEXTS = (
    # The opinion and the assertion say "throughout the period"; they are the report's
    # own period, whereas other ranges (subservice reports, bridge letters) are not.
    re.compile(r"(?:throughout|during)\s+the\s+(?:\w+[\s-]+)?period\s+(?:of\s+|from\s+)?$", re.I),
    re.compile(
        r"(?:for|covering|over)\s+the\s+(?:\w+[\s-]+)?period\s+(?:of\s+|from\s+)?$"
        r"|(?:examination|review|audit|reporting|report|testing)\s+period:?\s+(?:of\s+|from\s+)?$"
        r"|period\s+of\s+(?:examination|review|performance):?\s+$",
        re.I,
    ),
)

# ---------------------------------------------------------------------------------------
# Trust services categories

CATEGORY = (
    r"(?:security|availability|processing\s+integrity|confidentiality|privacy"
    r"|common\s+criteria)"
)

CATEGORY_WORDS = ("security", "availability", "integrity", "confidentiality", "privacy", "common")

# Every scope clause below contains one of these.
SCOPE_WORDS = ("relevant to", "applicable", "criteri", "in scope", "categor", "principle")

_CATEGORY_ITEM = rf"{CATEGORY}(?:\s*\([^)]{{1,30}}\))?"

_CATEGORY_JOIN = r"\s*(?:,\s*and|,\s*&|,|and|&|/|;)\s*(?:the\s+)?"

_CATEGORY_SERIES = rf"{_CATEGORY_ITEM}(?:{_CATEGORY_JOIN}{_CATEGORY_ITEM})*"

_CATEGORY_LIST = rf"(?P<list>{_CATEGORY_SERIES})"

_CRITERIA_NOUN = r"(?:trust\s+services?\s+)?(?:criteria|categor\w*|principles?)"

SCOPE_CLAUSES = (
    Anchored(rf"\b(?:relevant|applicable)\s+to\s+(?:the\s+)?{_CATEGORY_LIST}", re.I),
    Anchored(rf"\bcriteria\s+for\s+the\s+{_CATEGORY_LIST}\s+(?:principles?|categor)", re.I),
    Anchored(
        rf"\bapplicable\s+trust\s+(?:services?\s+)?(?:principles?|criteria|categor\w*)"
        rf"(?:\s*\(s\))?\s*(?:in\s+scope\s*)?(?:are|is|:|-)?\s*(?:the\s+)?{_CATEGORY_LIST}",
        re.I,
    ),
    Anchored(
        rf"\b(?:trust\s+services?\s+)?(?:categories|principles|criteria)\s+in\s+scope\s*"
        rf"(?:are|is|:|-)?\s*(?:the\s+)?{_CATEGORY_LIST}",
        re.I,
    ),
    # "based on / against / covers the Security and Availability Trust Services Criteria":
    # the categories come before the noun, after a verb that puts them in scope (the
    # criteria document's own title, "Criteria for Security, ...", does not match).
    Anchored(
        r"\b(?:covers?|covering|addresse?s?|addressing|include[sd]?|including|based\s+on|"
        r"against|using|under|to\s+meet|meeting|in\s+accordance\s+with|for)\s+the\s+"
        rf"{_CATEGORY_LIST}\s+{_CRITERIA_NOUN}",
        re.I,
    ),
)

# A scope clause read after a negation names what is left OUT ("this report does not
# address the Privacy category", "is not relevant to privacy").
NEGATED_SCOPE = re.compile(
    r"\b(?:not|no|neither|nor|excluding|excludes|except|other\s+than)\b(?:\W+\w+){0,3}\W*$", re.I
)

EXCLUDED_CATEGORIES = Anchored(
    rf"(?:\b(?:does|did|do)\s+not\s+(?:address|cover|include|extend\s+to)\s+(?:the\s+)?"
    rf"{_CATEGORY_SERIES}(?:\s+{_CRITERIA_NOUN})?(?:\s+or\s+(?:the\s+)?{_CATEGORY_SERIES})?"
    rf"|\b(?:the\s+)?{_CATEGORY_SERIES}\s+(?:{_CRITERIA_NOUN}\s+)?(?:is|are|was|were)\s+"
    rf"(?:not\s+(?:in(?:cluded)?|within|part\s+of|addressed|covered)|excluded|out\s+of)\b)",
    re.I,
)

# ---------------------------------------------------------------------------------------
# Opinion

IN_OUR_OPINION = re.compile(r"\bIn\s+our\s+opinion\b[,:]?", re.I)

QUALIFIED_LEAD = re.compile(
    r"^[^.]{0,40}?\bexcept\s+(?:for\s+)?(?:the\s+)?(?:effects?\s+of\s+(?:the\s+)?)?"
    r"(?:matters?|deviations?|exceptions?|possible|condition)",
    re.I,
)

ADVERSE_LEAD = re.compile(
    r"^[^.]{0,40}?\bbecause\s+of\s+the\s+(?:significance|effects?|pervasive)", re.I
)

HEADINGS = {
    "qualified": re.compile(r"\bbasis\s+for\s+qualified\s+opinion\b", re.I),
    "adverse": re.compile(r"\bbasis\s+for\s+(?:an\s+)?adverse\s+opinion\b", re.I),
    "disclaimer": re.compile(r"\b(?:basis\s+for\s+)?disclaimer\s+of\s+opinion\b", re.I),
}

NO_OPINION = re.compile(
    r"\b(?:we|it|the\s+auditor)\s+(?:do|does|did)\s+not\s+express\s+an\s+opinion\b"
    r"|\bwe\s+(?:are|were)\s+(?:not\s+able|unable)\s+to\s+(?:express|form)\s+an\s+opinion\b",
    re.I,
)

SEVERITY = ("disclaimer", "adverse", "qualified", "unqualified")

# ---------------------------------------------------------------------------------------
# Exceptions in the tests of controls

EXCEPTION = Anchored(
    r"\b(?:exceptions?|deviations?)\s+(?:was\s+|were\s+|has\s+been\s+|have\s+been\s+)?"
    r"(?:noted|identified|observed|found|detected)\b",
    re.I,
)

CLEAN = Anchored(
    r"\bno\s+(?:\w+\s+){0,2}?(?:exceptions?|deviations?)\s+(?:were\s+)?"
    r"(?:noted|identified|observed|found)\b",
    re.I,
)

_FEW_WORDS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")

_FEW = r"\d{1,3}|" + "|".join(_FEW_WORDS)

# A result that reports a shortfall in a sample without the word "exception":
# "For 1 of 25 samples selected, the account remained active ..."; "2 of the 40 changes
# sampled were deployed without approval".
SAMPLE_SHORTFALL = re.compile(
    rf"\b(?:(?P<for>for|in)\s+)?(?P<n>{_FEW})\s+(?:out\s+)?of\s+(?:the\s+)?(?P<m>\d{{1,4}})\b"
    r"(?P<rest>[^.;]{0,80})",
    re.I,
)

# Literal start, so scanning a long page for it is as cheap as str.find; the full
# pattern above is then tried only around each hit.
OF_COUNT = re.compile(r" of (?:the )?\d")

# What stands just before " of " in every SAMPLE_SHORTFALL (lower case): a digit, a count
# in words, or "out"; where none does, the pattern is not tried.
BEFORE_OF = (*_FEW_WORDS, "out")

SAMPLED = re.compile(r"\b(?:sampl|select|test|inspect|review|examin)\w*", re.I)

# Within the same sentence: "No exceptions noted. Exception noted." reports one.
NEGATION_BEFORE = re.compile(
    r"\b(?:no|not|without|nor|zero|none)\b(?:[^\w.]+\w+){0,3}[^\w.]*$", re.I
)

# Methodology and policy prose that speaks of exceptions without reporting one.
HYPOTHETICAL = re.compile(
    r"\b(?:if|whether|any|phrase|would|should|in\s+the\s+event|to\s+the\s+extent|"
    r"management'?s?\s+response)\b|(?<!\w)[\"'][^\"']{1,60}[\"'](?!\w)",
    re.I,
)

# Sentences that say what a deviation is or where exceptions are reported, in the
# auditor's description of its tests: "A deviation is ...", "where exceptions were noted,
# they are described in the results column", "Exceptions noted are listed below".
METHOD_SENTENCE = re.compile(
    r"\b(?:a|an)\s+(?:deviation|exception)\s+(?:is|means|refers\s+to|occurs)\b"
    r"|\b(?:deviations?|exceptions?)\s*:\s+(?:instances?|cases?|situations?)\b"
    r"|\b(?:where|when|wherever|whenever)\s+(?:any\s+)?(?:exceptions?|deviations?)\b"
    r"|\b(?:exceptions?|deviations?)\s+(?:(?:were\s+)?noted\s+)?(?:[\w,]+\s+){0,3}?"
    r"(?:are|is|will\s+be)\s+(?:described|listed|presented|reported|included|summari[sz]ed)\b",
    re.I,
)

TESTS_SECTION = Anchored(
    r"\b(?:tests?\s+of\s+(?:the\s+)?(?:operating\s+effectiveness|controls)|testing\s+matri"
    r"|results?\s+of\s+(?:the\s+)?tests?|test\s+results|tests?\s+performed|test\s+procedures?)",
    re.I,
)

# Where the auditor's tests end: management's own, unaudited material follows, and an
# "exception noted" there (a management response, an internal audit finding) is not a
# test result.
AFTER_TESTS = re.compile(
    r"^(?:section\s+(?:v|5|five)\b(?!\.\d)"
    r"|(?:other|supplement(?:al|ary)|additional)\s+information\s+provided\s+by\b"
    r"|management'?s\s+responses?\s+to\s+(?:the\s+)?(?:testing\s+)?(?:exceptions|deviations)\b)",
    re.I,
)

# A control's ID in the first column of a test matrix: a criterion's (CC6.1, A1.2, CC6.1.3)
# or a firm's own numbering (CC5.0391, CC6.1a, CTL-1041). Taken whole or not at all (an atomic
# group), so a longer ID is never cut back to its criterion and merged with its neighbours.
CONTROL_ID = re.compile(
    r"^\s*(?>[A-Z]{1,5}\s?\d{1,3}(?:\.\d{1,4}[a-z]?){0,3}|[A-Z]{2,5}-\d{1,5})(?![\w-]|\.\w)"
)

RESULTS_HEADER = re.compile(
    r"^(?:(?:service\s+auditor'?s\s+)?(?:test(?:ing)?\s+)?results?\b"
    r"|results?\s+of\s+(?:the\s+)?(?:tests?|testing)|exceptions?\s+noted\b)",
    re.I,
)

# ---------------------------------------------------------------------------------------
# Subservice organizations

SUBSERVICE_WORDS = (
    "subservice",
    "carve",
    "inclusive",
    "not include",
    "not extend",
    "exclud",
    "implemented at",
    "implemented by",
    "expected that",
)

CARVE_OUT = re.compile(
    r"\bcarve[\s-]*out\s+method\b|\bcarved\s+out\b"
    r"|\b(?:examination|description|report)\s+(?:did|does)\s+not\s+(?:include|extend\s+to)\s+"
    r"(?:any\s+of\s+)?the\s+(?:services|controls)\b"
    r"|\bdoes\s+not\s+include\s+(?:any\s+of\s+)?the\s+controls\s+expected\s+to\s+be\s+implemented"
    # passive, in any tense: "were not included in", "have not been included in the scope
    # of", "are excluded from the description", "is not covered by this report"
    r"|\b(?:(?:were|was|are|is)\s+not|ha(?:ve|s)\s+not\s+been)\s+(?:included|covered)"
    r"\s+(?:within|in|by)\s+the\s+scope\s+of\s+(?:this|the|our)\s+(?:examination|report|engagement)"
    r"|\b(?:were|was|are|is|ha(?:ve|s)\s+been)\s+(?:excluded\s+from|carved\s+out\s+of"
    r"|outside(?:\s+of)?)\s+the\s+scope\s+of\s+(?:this|the|our)\s+(?:examination|report|engagement)"
    r"|\b(?:were|was|are|is|ha(?:ve|s)\s+been)\s+(?:excluded|omitted)\s+from\s+(?:the|this|our)"
    r"\s+(?:description|examination|report)\b"
    r"|\b(?:(?:were|was|are|is)\s+not|ha(?:ve|s)\s+not\s+been)\s+covered\s+by\s+(?:this|the|our)"
    r"\s+(?:report|examination)\b"
    r"|\bexclud(?:es|ed|ing)\s+the\s+(?:relevant\s+)?controls\s+(?:of|at)\b",
    re.I,
)

# Words every INCLUSIVE statement contains, tested before the pattern (which costs a
# pass over the page even when nothing matches).
INCLUSIVE_WORDS = ("inclusive", "included")

INCLUSIVE = re.compile(
    r"\binclusive\s+method\b"
    r"|\b(?:our\s+)?examination\s+included\s+the\s+(?:services|controls)\s+(?:provided\s+by|of|at)\b",
    re.I,
)

_NAME = (
    r"[A-Z][\w&.'-]*(?:\s+(?:[A-Z][\w&.'-]*|of|&))*"
    r"(?:,?\s+(?:Inc\.?|LLC|L\.L\.C\.|Ltd\.?|Corp\.?|Corporation|GmbH)(?![\w]))?"
    r"(?:\s*\([A-Z][\w&.-]*\))?"
)

SPLIT_NAMES = re.compile(r",(?!\s*(?:Inc|LLC|L\.L\.C|Ltd|Corp|GmbH)\b)\s*|\s+and\s+")

# The statement that there are none, read across the whole report.
NO_SUBSERVICE = Anchored(r"\bdoes\s+not\s+use\s+(?:any\s+)?subservice\s+organi[sz]ations", re.I)

# A sentence that says a company is relied on is only about a subservice organization
# when a carve-out or inclusion statement follows close by.
SUBSERVICE_CUE = re.compile(
    r"subservice|carve|not\s+(?:included|covered)|excluded\s+from|outside\s+(?:of\s+)?the\s+"
    r"scope|implemented\s+(?:at|by)|expected\s+that|inclusive",
    re.I,
)

# Each pattern with the words it cannot match without (lower case, single spaces, as in
# a page's flat text): a page without them is not searched.
ORG_PATTERNS: tuple[tuple[tuple[str, ...], Anchored], ...] = (
    (
        ("provided by",),
        Anchored(rf"\bprovided\s+by\s+(?P<names>{_NAME}(?:(?:,\s*|\s+and\s+){_NAME})*)"),
    ),
    (
        ("expected to be implemented",),
        Anchored(rf"\bexpected\s+to\s+be\s+implemented\s+(?:at|by)\s+(?P<names>{_NAME})"),
    ),
    (
        ("expected that",),
        Anchored(rf"\bIt\s+is\s+expected\s+that\s+(?P<names>{_NAME})\s+(?:has|have|will)\b"),
    ),
    (
        (" as subservice", " as a subservice"),
        Anchored(
            rf"\b(?:uses|utilizes|relies\s+on|engages)\s+(?P<names>{_NAME}(?:(?:,\s*|\s+and\s+)"
            rf"{_NAME})*)(?:,[^.]{{0,60}})?\s+as\s+(?:a\s+)?subservice\s+organi[sz]ations?",
        ),
    ),
    (
        ("subservice organi",),
        Anchored(
            rf"\bsubservice\s+organi[sz]ations?\s*(?:\([^)]{{0,30}}\))?\s*(?:is|are|include|:)\s*"
            rf"(?P<names>{_NAME}(?:(?:,\s*|\s+and\s+){_NAME})*)",
        ),
    ),
    (
        ("services at", "services of", "controls at", "controls of"),
        Anchored(
            rf"\b(?:services|controls)\s+(?:at|of)\s+(?P<names>{_NAME})\s+(?:are|were|is|was)\b"
        ),
    ),
)

# "<Company> uses Amazon Web Services (AWS) for hosting": a name only if a subservice
# cue follows within the next sentence or so.
RELIES_ON = Anchored(
    r"\b(?:uses|utilizes|utilises|relies\s+(?:up)?on|engages|leverages|runs\s+on"
    r"|(?:is|are)\s+hosted\s+(?:on|by|in|with)|outsources\s+[\w\s]{1,30}?\s+to)"
    rf"\s+(?P<names>{_NAME}(?:(?:,\s*|\s+and\s+){_NAME})*)(?=\s+(?:for|to)\b|\s*[.;,])"
)

NOT_A_NAME = re.compile(
    r"^(?:The|This|These|Our|We|It|Management|Service|Services|Company|Controls?|Section|"
    r"User|Customer|Customers|AICPA|SOC|Type|Trust|Criteria|CC\d.*|N/?A|None)$",
    re.I,
)

# The header cell of a column that lists subservice organizations in a table (not
# "Vendors": descriptions list the tools staff use, which are not subservice providers).
_ORG_COLUMN = (
    r"(?:subservice\s+(?:organi[sz]ations?|providers?)|sub-?processors?|cloud\s+providers?)"
    r"(?:\s+name)?"
)

ORG_COLUMN_HEADER = re.compile(rf"^{_ORG_COLUMN}$", re.I)

# A table's header row as plain text: the column's heading, capitalised, then the next
# column's heading ("Subservice Organization Services Provided ..."). A sentence wrapped
# after the same words goes on in lower case ("subservice organizations for hosting").
ORG_COLUMN_LINE = re.compile(rf"^(?=(?-i:[A-Z])){_ORG_COLUMN}\s+(?-i:[A-Z])", re.I)

LEGAL_SUFFIX = re.compile(r",?\s+(?:Inc|LLC|L\.L\.C|Ltd|Corp|Corporation|GmbH)\.?$", re.I)

# ---------------------------------------------------------------------------------------
# Complementary user entity controls

CUEC_HEADING = re.compile(
    r"^(?:(?:section|part)\s+[\divx]+\s*[:.-]?\s*)?(?:[\divx]+\.?\s+)?"
    r"(?:compl[ei]mentary\s+user[\s-]+entity\s+controls?(?:\s*\(cuecs?\))?"
    r"|compl[ei]mentary\s+controls\s+at\s+user\s+entities|user\s+entity\s+responsibilities"
    r"|user\s+control\s+considerations)\s*:?$",
    re.I,
)

CUEC_ITEM = Anchored(
    r"\b(?:user\s+entities|customers|clients|user\s+organi[sz]ations)\s+(?:are|is)\s+responsible\s+for\b",
    re.I,
)

CUEC_MENTION = Anchored(r"\bcompl[ei]mentary\s+user[\s-]+entity\s+controls?\b", re.I)

# ---------------------------------------------------------------------------------------
# Auditor and report date

_SIGNED = r"(?i:/s/|signed(?:\s+by)?\s*:?|by\s*:)\s*"

FIRM = re.compile(
    rf"^(?:{_SIGNED})?(?P<name>[A-Z][\w&.,' -]{{1,70}}?"
    r"(?:,?\s+(?:LLP|L\.L\.P\.|LLC|L\.L\.C\.|P\.C\.|PLLC|PC|CPAs?|Inc\.?|Ltd\.?|Limited|GmbH|LLP\s*\(US\))|\s+&\s+(?:Company|Co\.)(?:,?\s+LLP|,?\s+LLC)?"
    r"|\s+Certified\s+Public\s+Accountants"
    # firms that name their trade instead of a legal form ("Brightwater Assurance")
    r"|\s+(?:Assurance|Assurances|Consulting|Advisory|Attest)(?:\s+(?:Services|Group|Partners))?"
    r"))\.?$"
)

# A line of its own under the firm's name that says what the firm is.
FIRM_DESCRIPTOR = re.compile(
    r"^(?:certified\s+public\s+accountants?|chartered\s+(?:professional\s+)?accountants?"
    r"|CPAs?|registered\s+auditors?|independent\s+(?:service\s+)?auditors?)\.?$",
    re.I,
)

NAME_LINE = re.compile(rf"^(?:{_SIGNED})?(?P<name>[A-Z][\w&.,' -]{{1,70}}?)\.?$")

DATE_LINE = re.compile(rf"^(?:[A-Z][\w .,'-]{{0,60}}?[,.]?\s+)?(?P<date>{_DATE})\.?$")

_OPINION_ANCHOR = re.compile(r"\bIn\s+our\s+opinion\b|\bdo\s+not\s+express\s+an\s+opinion\b", re.I)

# Bridge (gap) letters: the service organisation's statement that nothing material changed
# in its controls after the report's period, up to a date the letter names.
BRIDGE_TITLE = re.compile(r"\b(?:bridge|gap)\s+letter\b", re.I)
NO_CHANGES = re.compile(
    r"\b(?:no|not\s+aware\s+of\s+any|nor\s+any)\s+(?:material|significant)\s+changes?\b", re.I
)
# Only sentences about the letter or the changes give its end; the report's own period is
# often restated in the same letter.
BRIDGE_SENTENCE = re.compile(r"\bletter\b|\bchanges?\b", re.I)
BRIDGE_ENDS = (
    re.compile(rf"\bdate\s+of\s+this\s+letter,?\s*(?:which\s+is\s+)?(?P<end>{_DATE})", re.I),
    re.compile(rf"\bbetween\s+(?P<start>{_DATE})\s+and\s+(?P<end>{_DATE})", re.I),
    RANGE,
)

# The words the rules ask most pages about (`Report.body`, `Page.mentions`) besides the
# lists above. Each page is read for all of them, and for every `Anchored` pattern's
# openings, in one pass as it is read (`page_words`); a word left out of here is still
# answered exactly, by searching the page for it.
ASKED_OF_PAGES = (
    "trust services",
    "effective",
    " as of ",
    " as at ",
    "opinion",
    "user entit",
    "user control",
    "responsible for",
    "bridge",
    "gap",
    "exception",
    "deviation",
)


@functools.cache
def page_words() -> frozenset[str]:
    """Every word a rule asks a page about: the lists of words, and the texts each
    `Anchored` pattern here is searched for (read from the patterns themselves)."""
    words = {
        *ASKED_OF_PAGES,
        *SUBSERVICE_WORDS,
        *INCLUSIVE_WORDS,
        *CATEGORY_WORDS,
        *SCOPE_WORDS,
        *(word for needed, _ in ORG_PATTERNS for word in needed),
    }
    patterns = [value for value in globals().values() if isinstance(value, Anchored)]
    patterns += [pattern for _, pattern in ORG_PATTERNS]
    patterns += [value for value in SCOPE_CLAUSES if isinstance(value, Anchored)]
    patterns += [value for value in BRIDGE_ENDS if isinstance(value, Anchored)]
    for pattern in patterns:
        words.update(opening for opening in pattern.openings if opening != A_DIGIT)
    # The words `first_line` looks for before it tries a heading on a line.
    for line_pattern in (CUEC_HEADING, AFTER_TESTS, ORG_COLUMN_LINE):
        words.update(needed_words(line_pattern) or ())
    return frozenset(words)
