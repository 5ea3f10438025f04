"""The words and phrases BAA clauses are written in, as patterns: each names a topic
(PHI, a carve-out, a deadline, a duty) the way drafters word it, and says nothing about
what a clause means. The rules in `rules` and `provisions` decide that.
"""

from __future__ import annotations

import re

from vendor_eval.evidence.literals import WORD_START, Prefiltered

CARVE_OUTS = (
    "analytics-data",
    "marketing-data",
    "unauthenticated-pages",
    "de-identified-data",
    "covered-services-only",
    "enterprise-plan-only",
    "customer-must-not-send-phi",
)

# What a carve-out leaves the agreement covering, in the words of the checklist's scope
# options: a carve-out by product or plan leaves only the named services; one by kind of
# data leaves only what the customer treats as PHI. The first carve-out found, in
# CARVE_OUTS order, names the scope.
SCOPE_OF_CARVE_OUT = {
    "analytics-data": "phi-flagged-only",
    "marketing-data": "phi-flagged-only",
    "unauthenticated-pages": "phi-flagged-only",
    "de-identified-data": "phi-flagged-only",
    "covered-services-only": "named-services-only",
    "enterprise-plan-only": "named-services-only",
    "customer-must-not-send-phi": "phi-flagged-only",
}
FULL_SCOPE = "full-pipeline"

# Every value `extract baa` writes for a fact read as words (one vocabulary with the
# checklist: each is an option id of the question that reads the fact, or mapped there).
FACT_VALUES: dict[str, tuple[object, ...]] = {
    "is_baa": (True, False),
    "scope": (FULL_SCOPE, *dict.fromkeys(SCOPE_OF_CARVE_OUT.values())),
    "carve_outs": CARVE_OUTS,
    "subcontractor_flowdown": (True, False),
}

_I = re.IGNORECASE


def rx(pattern: str, flags: int = _I) -> Prefiltered:
    """A pattern that runs only on text holding the words it needs (most sentences hold
    none of a clause pattern's words)."""
    return Prefiltered(pattern, flags)


def _word_rx(pattern: str) -> Prefiltered:
    """`rx` for a long alternation whose every alternative starts at a word boundary.
    Testing for a word start once per position, before the engine tries each alternative
    there, makes those a quarter to a half faster (short patterns get slower: not them)."""
    return rx(WORD_START + "(?:" + pattern + ")")


PHI = r"(?:e-?PHI|PHI|protected\s+health\s+information|health\s+information)"

_AUTHENTICATION = (
    r"(?:log(?:ged|ging)?[- ]?(?:in|on)|sign(?:ed|ing)?[- ]?(?:in|on)|logins?|credentials"
    r"|accounts?|passwords?|authenticat\w*|registration|register(?:ed|ing)?"
    r"|member(?:s|ship)?\s+(?:area|portal|login)|patient\s+portal)"
)

# --- is it a BAA at all -----------------------------------------------------------------

BAA_NAME = rx(
    r"\bbusiness\s+associate\s+(?:agreement|addendum|amendment|contract|terms|exhibit)\b"
    r"|\bhipaa\s+(?:addendum|agreement|amendment|exhibit|schedule|terms)\b"
)

BAA_ABBREVIATION = rx(r"\bBAA\b", 0)

SELF_REFERENCE = rx(
    r"\bthis\s+(?:hipaa\s+)?(?:business\s+associate\s+(?:agreement|addendum|amendment|contract"
    r"|terms|exhibit)|hipaa\s+(?:addendum|agreement|amendment|exhibit|schedule|terms))\b"
    r"|\bthis\s+BAA\b"
)

HIPAA = rx(
    r"\bHIPAA\b|\bHITECH\b|45\s*C\.?\s*F\.?\s*R\.?|health\s+insurance\s+portability"
    r"|protected\s+health\s+information|\bPHI\b"
)

ROLE = rx(r"\bbusiness\s+associates?\b")

# A sentence that makes a party the business associate: the defined role ('("Business
# Associate")'), the role taken ("Supplier acts as Customer's business associate"), or the
# role bound ("Business Associate shall ..."). Documents that only mention BAAs (a privacy
# notice, an NDA, an indemnity, a GDPR DPA) have none.
MAKES_ASSOCIATE = rx(
    r"\(\s*(?:the\s+|each\s+a\s+|a\s+)?[\"\u201c]?business\s+associate[\"\u201d]?\s*\)"
    r"|\b(?:acts?|acting|serves?|serving|is|are|will\s+be|shall\s+be)\s+as\s+(?:the\s+|a\s+"
    r"|an?\s+\w+\s+|[\w-]+'s\s+|your\s+|its\s+|our\s+)?business\s+associate\b"
    r"|\b(?:is|are|will\s+be|shall\s+be)\s+(?:the\s+|a\s+|[\w-]+'s\s+|your\s+|its\s+|our\s+)"
    r"business\s+associate\b(?!\s+agreement)"
    r"|\bbusiness\s+associate\s+(?:shall|will|must|agrees|may|acknowledges|hereby)\b"
)

# A title such as "Exhibit C - HIPAA" or "Data Protection Addendum (HIPAA)": short, and
# naming both HIPAA and a kind of contract document, in either order.
_DOCUMENT_KIND = (
    r"(?:exhibit|addendum|schedule|appendix|attachment|annex|rider|agreement|amendment|terms)"
)

HIPAA_TITLE = rx(
    r"\b" + _DOCUMENT_KIND + r"\b[^.]{0,60}\bHIPAA\b|\bHIPAA\b[^.]{0,60}\b" + _DOCUMENT_KIND + r"\b"
)

PHI_ONLY = rx(r"\b(?:e-?PHI|PHI)\b|\bprotected\s+health\s+information\b")

# --- carve-outs -------------------------------------------------------------------------

TOPICS: dict[str, Prefiltered] = {
    "analytics-data": _word_rx(
        r"\banalytics?\s+(?:data|events?|information|features?|modules?|products?|services?"
        r"|tools?|sdks?|add-?ons?|tracking|cookies?|reports?|dashboards?|payloads?|properties"
        r"|platform)\b"
        r"|\b(?:product|web|website|marketing|behaviou?ral|usage|digital|third-party)\s+analytics\b"
        r"|\b(?:usage|telemetry|tracking|event|behaviou?ral|clickstream|interaction|diagnostic)"
        r"\s+(?:data|information|events?|properties|payloads?)\b"
        r"|\bevent\s+(?:names?|attributes?)\b|\btelemetry\b|\bsession\s+replays?\b"
        r"|\bpage\s*views?\b|\bclickstreams?\b|\bcookies?\b|\bdevice\s+identifiers?\b"
        r"|\btracking\s+(?:technolog\w+|pixels?|scripts?|tags?|codes?)\b"
        r"|\b(?:usage|aggregated?|product|performance|engagement|traffic|visitor|site|web)\s+"
        r"(?:metrics|statistics|stats)\b|\bdashboards?\b|\bheat\s*maps?\b|\bsession\s+record\w*"
    ),
    "marketing-data": _word_rx(
        r"\b(?:marketing|promotional)\b(?!\s+(?:web\s*)?(?:sites?|websites?|pages?)\b)"
        r"|\badvertis\w*|\bnewsletters?\b|\b(?:re)?targeting\b|\bremarketing\b"
        r"|\b(?:ad|ads|e-?mail|drip|outreach)\s+campaigns?\b"
        r"|\bcampaign\s+(?:data|responses?|lists?|audiences?|results?|contacts?)\b"
    ),
    "unauthenticated-pages": _word_rx(
        r"\bun-?authenticated\b|\bnon-?authenticated\b|\blogged[- ]out\b|\bnot\s+logged[- ]in\b"
        r"|\banonymous\s+(?:visitors?|users?|sessions?|traffic)\b"
        r"|\bpublic(?:ly)?(?:[- ](?:accessible|available|facing|viewable))?\s+(?:web\s*)?"
        r"(?:pages?|sites?|websites?|portions?|areas?|content|screens?)\b"
        r"|\b(?:pages?|sites?|websites?|content|areas?|portions?)\s+(?:\w+\s+){0,2}?(?:accessible"
        r"|available|open|visible)\s+to\s+(?:the\s+)?(?:general\s+)?public\b"
        r"|\b(?:brochure|informational|landing|marketing|promotional)\s+(?:web\s*)?"
        r"(?:pages?|sites?|websites?)\b"
        r"|\b(?:pages?|sites?|websites?|visitors?|users?|sessions?|content|areas?|portions?"
        r"|traffic|screens?|people|anyone|individuals)\b[^.;]{0,60}?\b(?:not|no|never|without"
        r"|before|prior\s+to)\s+(?:[\w']+\s+){0,5}?" + _AUTHENTICATION + r"\b"
    ),
    "de-identified-data": rx(
        r"\bde-?\s?identif(?:ied|y|ying|ication)\b|\bdeidentif\w*|\banonymi[sz](?:ed|ation)\b"
        r"|\bnon-?identifiable\b"
    ),
    "covered-services-only": _word_rx(
        r"\b(?:covered|hipaa[- ]eligible|baa[- ]eligible|eligible|in-scope|hipaa[- ]compliant"
        r"|hipaa[- ]enabled|baa[- ]enabled"
        r"|hipaa[- ]ready|designated)\s+(?:services?|products?|features?|offerings?|accounts?"
        r"|workspaces?|projects?|environments?)\b|\bhipaa\s+(?:accounts?|projects?|workspaces?)\b"
        r"|\b(?:services?|products?|features?)\s+(?:that|which)\s+(?:are|is)\s+not\b[^.;]{0,30}"
        r"\b(?:hipaa[- ](?:eligible|compliant)|covered)\b"
        r"|\b(?:any|all|each|every)\s+(?:other\s+)?(?:\w+\s+){0,2}?(?:products?|services?"
        r"|features?|offerings?|modules?)\s+(?:other\s+than|except|besides|not\s+(?:listed"
        r"|identified|designated|named|specified|enumerated))\b"
        r"|\b(?:beta|preview|pre-?release|early[- ]access|experimental|labs|legacy"
        r"|third[- ]party)\s+(?:\w+\s+)?(?:features?|products?|services?|releases?|versions?"
        r"|integrations?|apps?|applications?|offerings?|tools?|modules?)\b"
    ),
    "enterprise-plan-only": _word_rx(
        r"\b(?:enterprise|business|scale|premium|professional|pro|growth|paid"
        r"|team|plus|advanced|ultimate|startups?|free|basic|starter|self-serve"
        r"|self-service)\s+(?:[\w-]+\s+){0,2}?(?:plans?|tiers?|editions?|subscriptions?"
        r"|packages?|programs?|licen[cs]es?|accounts?|versions?)\b"
        # "HIPAA Account" is an account the customer designates, not a tier it buys
        r"|\b(?:healthcare|hipaa)\s+(?:[\w-]+\s+){0,2}?(?:plans?|tiers?|editions?"
        r"|subscriptions?|packages?|programs?|licen[cs]es?)\b"
        r"|\b(?:plans?|tiers?|editions?|subscriptions?)\s+(?:level|that\s+includes?)\b"
        r"|\benterprise\s+customers\b"
    ),
}

EXCLUSION = _word_rx(
    r"\b(?:does|do|shall|will|is|are)\s+not\s+(?:include|cover|extend\s+to|apply\s+to"
    r"|encompass|govern)\b"
    r"|\bexclud(?:es?|ed|ing)\b|\bexclusions?\b|\bcarved?[- ]out\b"
    r"|\b(?:is|are|be|been|being)\s+not\s+(?:covered|included|considered|deemed|treated|subject"
    r"|governed|protected|addressed|part\s+of|within)\b"
    r"|\b(?:has|have|bears?|assumes?|shall\s+have|will\s+have)\s+no\s+(?:\w+\s+)?(?:obligations?"
    r"|responsibilit(?:y|ies)|liability|dut(?:y|ies))\s+(?:\w+\s+){0,3}?(?:with\s+respect\s+to"
    r"|for|regarding|in\s+respect\s+of|as\s+to|concerning)\b"
    r"|\bnot\s+(?:be\s+)?(?:considered|deemed|treated\s+as)\s+(?:to\s+be\s+)?" + PHI + r"|"
    r"\b(?:is|are)\s+not\s+" + PHI + r"|"
    r"\b(?:outside|out)\s+(?:of\s+)?(?:the\s+)?scope\b|\bnot\s+(?:within|in)\s+(?:the\s+)?scope\b"
    r"|\bnot\s+subject\s+to\b|\bnot\s+(?:a\s+|an\s+)?(?:hipaa[- ]|baa[- ])?eligible\b"
    r"|\bnot\s+(?:act|acting|serve|serving)\s+as\s+(?:a\s+)?business\s+associate\b"
    r"|\b(?:and|but)\s+not\s+(?:to|for|by|under|with\s+respect\s+to)\b"
    r"|\bgoverned\s+(?:exclusively|solely|only)\s+by\s+(?!this\b)"
    r"|\b(?:not\s+(?:be\s+)?|in)applicable\s+to\b"
    r"|\bdisclaims?\s+(?:\w+\s+){0,2}?(?:obligations?|responsibilit(?:y|ies)|liabilit(?:y|ies))\b"
)

# Words that narrow the agreement to a subset: count for services and plans only, since
# "only" alone is everywhere in a BAA ("may only use PHI to provide the services").
NARROWING = _word_rx(
    r"\b(?:only|solely|exclusively)\b|(?<!not\s)\blimited\s+to\b|\bappl(?:y|ies|icable)\s+to\b"
    r"|\bavailable\s+(?:to|for|on)\b|\beligib\w*|\brequires?\b|\bmust\s+(?:\w+\s+)?(?:be|have"
    r"|purchase|subscribe|maintain|hold|keep|remain|upgrade)\b|\bto\s+be\s+(?:covered|eligible)\b"
    r"|\bconditioned\s+(?:up)?on\b|\bonly\s+if\b|\bsubscribed\b|\bunder\s+the\b|\bmeans\b|\bshall\s+mean\b|\brefers?\s+to\b"
)

SERVICE_DEFINITION = rx(
    r"^\W*(?:\"[^\"]+\"|'[^']+'|[\w\s-]+?)\s*(?:means|shall\s+mean|refers\s+to)\s+(?!all\b|any\b)"
)

AUTHENTICATED_ONLY = rx(
    r"\b(?:only|solely|exclusively|limited\s+to)\b[^.;]{0,80}?"
    r"(?<!un)(?<!non-)(?<!non)\b(?:authenticated|logged[- ]in|password[- ]protected"
    r"|behind\s+(?:a\s+)?log-?in)\b"
)

CANCELLED = _word_rx(
    r"\bnothing\s+(?:in|herein|contained)\b|\bnot\s+(?:be\s+)?(?:excluded|carved)\b"
    r"|\b(?:does|do|shall|will)\s+not\s+exclude\b|\bexclud\w*\s+nothing\b|\bno\s+exclusions?\b"
    r"|\bwithout\s+(?:any\s+)?(?:exclusions?|carve-?outs?)\b|\bno\s+carve-?outs?\b"
    r"|\bregardless\s+of\b|\birrespective\s+of\b"
    r"|\b(?:every|all|any)\s+(?:of\s+(?:its|our|the)\s+)?(?:plans?|tiers?|editions?|subscriptions?)\b"
    r"|\bno\s+(?:\w+\s+){0,5}?(?:is|are|shall\s+be|will\s+be)\s+(?:excluded|carved)\b"
)

_CUSTOMER = r"(?:customer|covered\s+entity|client|subscriber|licensee|you)"

_SEND = (
    r"(?:sen[dt]|sends|sending|transmit(?:s|ted|ting)?|submit(?:s|ted|ting)?|includ(?:e|es|ed|ing)"
    r"|upload(?:s|ed|ing)?|provid(?:e|es|ed|ing)|disclos(?:e|es|ed|ing)|input(?:s|ted|ting)?"
    r"|enter(?:s|ed|ing)?|stor(?:e|es|ed|ing)|shar(?:e|es|ed|ing)|pass(?:es|ed|ing)?"
    r"|collect(?:s|ed|ing)?|captur(?:e|es|ed|ing)|plac(?:e|es|ed|ing)|puts?|putting"
    r"|process(?:es|ed|ing)?|expos(?:e|es|ed|ing)|forward(?:s|ed|ing)?|post(?:s|ed|ing)?"
    r"|insert(?:s|ed|ing)?|ingest(?:s|ed|ing)?|make\s+available|use\s+the\s+\w+\s+to\s+\w+)\b"
)

CUSTOMER_PROHIBITION = _word_rx(
    r"\b" + _CUSTOMER + r"(?:'s)?(?:\s+\w+){0,3}?\s+"
    r"(?:shall|will|must|may|should|agrees?|undertakes|is\s+required|(?:is\s+)?responsible"
    r"\s+for\s+ensuring\s+(?:that\s+)?it\s+(?:does|will))[:,]?\s+(?:\((?:[a-z]|[ivx]+|\d+)\)\s+)?"
    r"(?:(?:that\s+it\s+(?:shall|will)\s+)?"
    r"(?:not|never)\s+(?:to\s+)?|to\s+refrain\s+from\s+|refrain\s+from\s+)(?:\w+ly\s+)?"
    + _SEND
    + r"|\b"
    + _CUSTOMER
    + r"\s+(?:cannot|can\s+not)\s+(?:\w+ly\s+)?"
    + _SEND
    + r"|\b"
    + _CUSTOMER
    + r"\b[^.;]{0,80}?\bensur\w*\s+that\s+(?:no\s+"
    + PHI
    + r"|"
    + PHI
    + r"\s+(?:is|are)\s+not)\b"
    r"|\b(?:no\s+)?" + PHI + r"\s+(?:shall|must|may|will|should)\s+(?:not\s+)?be\s+"
    r"(?:sent|transmitted|submitted|uploaded|included|entered|input|placed|passed|collected)"
    r"\s+(?:to|into|in|through|via|using|with)\b"
    r"|\bprohibited\s+from\s+(?:sending|transmitting|submitting|uploading|including|entering)\b"
    # "Customer shall configure the SDK so that it does not capture PHI"
    r"|\b" + _CUSTOMER + r"\b[^.;]{0,80}?\b(?:ensur\w*|configur\w*|so|such)\s+that\s+(?:it|they"
    r"|the\s+\w+|its\s+\w+)\s+(?:(?:does|do|will|shall|can)\s*not|cannot|never)\s+"
    + _SEND
    # "Customer will not, and will not permit any third party to, send PHI": the words
    # between may not hand the act to the vendor
    + r"|\b"
    + _CUSTOMER
    + r"\s+(?:shall|will|must)\s+not\b"
    r"(?:(?!business\s+associate|vendor|provider)[^.;]){0,60}?\b" + _SEND
)

# Help pages and plain-English addenda speak to the customer: "please do not send us PHI".
DO_NOT_SEND = rx(r"\b(?:do\s+not|never)\s+(?:\w+ly\s+)?" + _SEND)

PHI_ANYWHERE = rx(PHI)

UNOWNED_PROHIBITION = rx(
    r"\bno\s+" + PHI + r"\s+(?:is|are|gets?|will\s+be|shall\s+be|may\s+be|can\s+be|be)\s+"
    r"(?:\w+ly\s+)?"
    + _SEND
    + r"|\b(?:cannot|can\s+not|may\s+not|must\s+not|shall\s+not|should\s+not)\s+be\s+used\s+"
    r"(?:to|for)\s+(?:\w+\s+){0,2}?"
    + PHI
    + r"|\b(?:is|are)\s+not\s+(?:designed|intended|built|suitable|certified|meant|approved)\s+"
    r"(?:to|for)\s+(?:\w+\s+){0,3}?" + PHI
)

# Duties every covered entity has anyway (send only the minimum necessary, request
# nothing the Privacy Rule forbids): they narrow no coverage.
VENDOR_PARTY = rx(
    r"\b(?:business\s+associate|vendor|provider|supplier|processor|service\s+provider|we)\b"
    r"(?!'s)"
)

ORDINARY_CUSTOMER_DUTY = rx(
    r"\bminimum\s+necessary\b|\bother\s+than\s+as\s+permitted\b|\bnot\s+be\s+permissible\b"
    r"|\bwould\s+(?:not\s+be\s+permitted|violate)\b"
)

VENDOR_PERMISSION = rx(
    r"\b(?:may|can|is\s+(?:permitted|authorized|entitled|allowed)\s+to|shall\s+be\s+"
    r"(?:permitted|entitled|allowed)\s+to|reserves\s+the\s+right\s+to|retains?\s+the\s+right\s+to"
    r"|(?:has|have)\s+the\s+right\s+to)\s+(?:\w+\s+){0,2}?(?:use|disclose|retain|create"
    r"|de-?identify|aggregate|sell|share|commerciali[sz]e|analy[sz]e|keep|own|combine)\b"
)

FOR_THE_CUSTOMER_ONLY = rx(
    r"\b(?:solely|only|exclusively)\s+(?:to|for|in\s+order\s+to)\s+(?:\w+\s+){0,2}?"
    r"(?:provide|perform|deliver|render)\w*\b|\b(?:solely|only|exclusively)\s+(?:on\s+behalf\s+of"
    r"|for\s+the\s+benefit\s+of|as\s+(?:directed|instructed)\s+by)\b"
)

PERMISSION_DENIED = rx(r"\b(?:may|can|shall|will)\s+not\b|\bcannot\b|\bnever\b|\bprohibit\w*")

ACCOUNT_KIND = rx(r"\b(?:accounts?|workspaces?)\b")

CLAUSE_BREAK = rx(
    r";|\s(?:but|however|whereas|except\s+that|provided\s+(?:however\s+)?that)\b[,]?\s"
)

# The agreement saying of itself that it does not reach something: a carve-out even when
# what it leaves out is no kind the rules know.
AGREEMENT_EXCLUDES = rx(
    r"\b(?:this|the)\s+(?:hipaa\s+)?(?:baa|addendum|agreement|exhibit)\b[^.;]{0,40}?\b(?:does|do"
    r"|shall|will)\s+not\s+(?:apply|extend)\s+to\b"
    r"|\bnot\s+(?:be\s+)?(?:subject\s+to|covered\s+by|governed\s+by|within\s+the\s+scope\s+of)"
    r"\s+this\b|\b(?:outside|out\s+of)\s+(?:the\s+)?scope\s+of\s+this\b"
    r"|\bnot\s+(?:be\s+)?applicable\s+to\b"
)

# "Acme Replay and Acme Ads are not covered by the BAA": products left out by their names.
# Case matters here: the names are what is capitalised.
_PRODUCT_NAME = (
    r"(?!(?:The|This|These|Those|Such|Any|All|Our|Your|Its|Each)\b)[A-Z][\w&-]*(?:\s+[A-Z][\w&-]*)+"
)

NAMED_PRODUCTS_LEFT_OUT = rx(
    r"(?:^|[,;:]\s+|\b(?:and|but|while|whereas)\s+)(?P<names>"
    + _PRODUCT_NAME
    + r"(?:(?:,\s+|,?\s+(?:and|or)\s+)"
    + _PRODUCT_NAME
    + r")*)\s+(?:is|are)\s+not\s+"
    r"(?:(?:covered|included)\s+(?:by|under|in)\s+(?:the|this|our|its|that|your)\s+(?:[\w-]+\s+)"
    r"{0,2}?(?:BAA|[Aa]greement|[Aa]ddendum|[Ee]xhibit|[Cc]ontract)\b|(?:HIPAA[- ])?eligible\b)",
    0,
)

# A name ending in one of these is a kind of data or a party, not a product.
NOT_A_PRODUCT = rx(
    r"\b(?:Data|Information|PHI|Content|Records?|Customer|Client|Vendor|Provider|Company"
    r"|Associate|Entity|Party|Parties)$",
    0,
)

FIRST_ITEM = rx(r"(?<=\s)\((?:a|i|1)\)\s", 0)

STARTS_WITHOUT_SUBJECT = rx(r"^\W*(?:does|do|is|are|shall|will|may|must|can|cannot)\b")

# --- breach reporting deadline ----------------------------------------------------------

UNITS_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
}

TEENS = {
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}

TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}

_WORD_NUMBER = (
    r"(?:(?:" + "|".join(TENS) + r")(?:[- ](?:" + "|".join(UNITS_WORDS) + r"))?"
    r"|" + "|".join(TEENS) + r"|" + "|".join(UNITS_WORDS) + r")"
)

DURATION = rx(
    r"(?<![\w.])(?:(?P<word>" + _WORD_NUMBER + r")|(?P<digits>\d{1,3})|\((?P<only_paren>\d{1,3})\))"
    r"(?:\s*\((?P<paren>\d{1,3})\))?(?:\s*\(" + _WORD_NUMBER + r"\))?(?:\s+|\s*-\s*)"
    r"(?:(?P<kind>calendar|business|working)\s+)?(?:\((?P<paren2>\d{1,3})\)\s+)?"
    r"(?P<unit>hours?|days?|weeks?)\b"
)

# "within the Notification Period", with the period defined in another sentence.
NAMED_PERIOD = rx(
    r"\b(?:[Ww]ithin|(?:no|not)\s+later\s+than|before\s+the\s+end\s+of|by\s+the\s+end\s+of)"
    r"\s+the\s+(?P<term>(?:[A-Z][\w-]*\s+){0,4}(?:Period|Window|Deadline|Timeframe"
    r"|Time\s+Frame|Time\s+Limit))\b",
    0,
)

# How a defined term is given its meaning, "{term}" standing for the term: a definitions
# entry ('"Notification Period" means ...') or a parenthesis after the words it names
# ('... ten days after discovery (the "Notice Deadline")').
DEFINES_TERM = (
    r'"?{term}"?\s*(?:means|shall\s+mean|is|shall\s+be|refers\s+to)\b',
    r'\(\s*(?:the\s+|each\s+a\s+|a\s+)?["\u201c]{term}["\u201d]\s*\)',
)

OBLIGED = rx(r"\b(?:shall|will|must|agrees?\s+to)\b")

AT_LEAST = rx(r"\b(?:no|not)\s+(?:less|fewer|sooner)\s+than\s*$|\bat\s+least\s*$")

REPORTING = rx(
    r"\b(?:notif\w*|report\w*|notice|inform\w*|alert\w*|tell|let\s+(?:\w+\s+){1,2}?know)\b"
)

BREACH_EVENT = rx(r"\bbreach(?:es)?\b|\bunsecured\s+" + PHI)

CONTRACT_BREACH = rx(
    # a termination clause's breach by a party: "commits a breach and fails to cure such
    # breach", "remedy the breach" (before the bare "cure", which would end the match early)
    r"\b(?:cure\w*|remed(?:y|ies|ied))\s+(?:(?:the|such|that|any|a|its|each)\s+)?"
    r"(?:material\s+)?breach(?:es)?\b"
    r"|\b(?:commits?|committed|committing)\s+(?:(?:a|any|such)\s+)?(?:material\s+)?"
    r"breach(?:es)?\b"
    r"|\bmaterial\s+breach|\bbreach(?:es)?\s+(?:of|under)\s+(?:this|the|any|its|such)\s+"
    r"(?!unsecured)(?:\w+\s+){0,2}?(?:agreement|addendum|baa|contract|terms|obligations?"
    r"|provisions?|covenants?|representations?|warrant\w*)\b|\bin\s+breach\b|\bcure\w*\b"
)

# "Security Incidents that do not result in a Breach": the breach is what did not happen.
NOT_A_BREACH = rx(r"\b(?:not|no|never|other\s+than|short\s+of)\b(?:\s+\w+){0,3}\s*$")

OTHER_EVENT = _word_rx(
    r"\bsecurity\s+incidents?\b|\brequests?\b|\bamend\w*|\baccounting\b|\bterminat\w*"
    r"|\bcure[ds]?\b|\breturn\w*|\bdestr\w*|\bdelet\w*|\bretain|\bretention\b|\binvoice\w*"
    r"|\bpayments?\b|\bfees?\b|\baudits?\b|\brenew\w*|\bprior\s+(?:written\s+)?notice\b"
    r"|\bnotice\s+of\s+(?:termination|non-renewal|changes?)\b"
)

PROMPTLY = rx(
    r"\b(?:promptly|immediately|without\s+(?:undue|unreasonable)\s+delay|as\s+soon\s+as"
    r"\s+(?:reasonably\s+)?(?:practicable|possible|feasible)|in\s+a\s+timely\s+(?:manner|fashion)"
    r"|timely)\b"
)

# --- single obligations -----------------------------------------------------------------

SUBCONTRACTOR = rx(
    r"\bsub-?contractors?\b|\bsub-?processors?\b|\bagents?\b"
    r"|\b(?:downstream|third[- ]party)\s+(?:vendors?|providers?|service\s+providers?|entities"
    r"|parties|business\s+associates?)\b|\bservice\s+providers?\b"
)

FLOW_DOWN = rx(
    r"\bsame\s+(?:or\s+(?:more|at\s+least\s+as)\s+\w+\s+)?(?:[\w-]+\s+){0,2}?(?:restrictions|conditions|requirements"
    r"|obligations|terms|limitations)\b"
    r"|\bsubstantially\s+(?:the\s+)?(?:same|similar)\b"
    r"|\bat\s+least\s+as\s+(?:stringent|protective|restrictive)\b"
    r"|\bno\s+less\s+(?:stringent|protective|restrictive)\b"
    r"|\b(?:equivalent|comparable)\s+(?:to\s+)?(?:those|restrictions|obligations|protections)\b"
    r"|\b(?:written\s+)?(?:business\s+associate\s+)?(?:agreements?|contracts?)\s+with\s+"
    r"(?:any\s+|such\s+|each\s+|its\s+|all\s+)?sub-?(?:contractors?|processors?)\b"
)

WEAKENED = rx(r"\b(?:commercially\s+)?reasonable\s+efforts\b|\bendeavou?r\b")

NOT_REQUIRED = rx(
    r"\b(?:no|not\s+have\s+any)\s+obligations?\s+to\b|\bnot\s+(?:be\s+)?(?:required|obligated"
    r"|obliged)\s+to\b|\bshall\s+not\s+(?:be\s+)?(?:required|obligated)\b|\bwill\s+not\s+"
    r"(?:return|destroy)\b|\bneed\s+not\b"
)

_DISPOSE = (
    r"(?:return\w*|destr\w*|delet\w*|purg\w*|eras\w*|dispos\w*|saniti[sz]\w*|wip(?:e|es|ed|ing)"
    r"|(?:retain|keep)\s+no\s+copies)"
)

AT_THE_END = rx(
    r"\b(?:terminat\w*|expir\w*|end\s+of\s+(?:this|the)\b|conclusion\s+of|cessation\s+of"
    r"|(?:agreement|addendum|baa|services?|subscriptions?|contract|term)\s+(?:ends?|ceases?)\b)"
)

# "all PHI in Vendor's possession will be purged", "securely erase any PHI"
DISPOSAL_OF_PHI = rx(
    r"\b" + _DISPOSE + r"\b(?:\s+[\w'-]+){0,6}?\s+" + PHI + r"\b"
    r"|\b" + PHI + r"\b(?:\s+[\w'-]+){0,8}?\s+" + _DISPOSE + r"\b"
)

RETURN_OR_DESTROY = rx(
    r"\breturn\w*\s+(?:\w+\s+){0,3}?(?:or|and/or|and)\s+(?:\w+\s+){0,3}?(?:destroy\w*|destruction"
    r"|delet\w*|purg\w*)"
    r"|\b(?:destroy\w*|destruction|delet\w*)\s+(?:\w+\s+){0,3}?(?:or|and/or)\s+(?:\w+\s+){0,2}?"
    r"return\w*"
)

BOOKS = rx(
    r"\bbooks\b[^.]{0,60}\brecords\b|\binternal\s+practices\b"
    r"|\b(?:records|polic(?:y|ies)\s+and\s+procedures)\b(?=[^.]{0,120}\bcompliance\b)"
    r"|\b(?:inspect|examine|audit|review|access\s+to)\s+(?:\w+\s+){0,2}?records\b"
)

# The words only the books-and-records clause uses; the accounting-of-disclosures clause
# beside it speaks of records and the Secretary too.
BOOKS_AND_PRACTICES = rx(r"\bbooks\b|\binternal\s+practices\b")

ACCOUNTING_OF_DISCLOSURES = rx(r"\baccounting\b")

SECRETARY = rx(r"\bsecretary\b|\bHHS\b|\bhealth\s+and\s+human\s+services\b")

USES_LIMITED = rx(
    r"\b(?:may|shall|will)\s+(?:only|solely)\s+use\s+(?:and|or|and/or)\s+(?:disclos|shar)"
    r"|\buse\s+(?:and|or|and/or)\s+disclos\w*\s+(?:\w+\s+){0,6}?(?:only|solely)\s+(?:as|to|for)\b"
    r"|\bnot\s+use\s+or\s+(?:further\s+)?disclose\s+(?:\w+\s+){0,5}?other\s+than\s+as\s+"
    r"(?:permitted|required|expressly)"
    r"|\b(?:only|solely)\s+(?:as|to\s+the\s+extent)\s+(?:reasonably\s+)?necessary\s+to\s+"
    r"(?:perform|provide)"
    r"|\b(?:use|uses|disclose|process)\w*\s+(?:\w+\s+){0,4}?(?:only|solely|exclusively)\s+"
    r"(?:on|in\s+accordance\s+with|as\s+(?:directed|instructed)|pursuant\s+to)\s+(?:\w+'s\s+)?"
    r"(?:\w+\s+)?(?:documented\s+|written\s+)?(?:instructions?|directions?|by)\b"
    r"|\bfor\s+no\s+other\s+purposes?\b"
)

USES_BROAD = rx(
    r"\bfor\s+any\s+(?:lawful\s+|other\s+)?purposes?\b"
    r"|\bfor\s+(?:its|the\s+company's|business\s+associate's|vendor's|provider's)\s+own\s+"
    r"(?:business\s+|commercial\s+|internal\s+)?purposes\b"
    r"|\bfor\s+conducting\s+(?:the\s+)?(?:company's|its|business\s+associate's|vendor's)"
    r"\s+business\b|\bproduct\s+(?:improvement|development)\b"
)

_HANDLE = r"\b(?:use|uses|disclose|aggregate|sell|share|process|analy[sz]e|retain|combine)\b"

USE_OR_DISCLOSE = rx(_HANDLE + r"[^.]{0,40}\b" + PHI + r"|\b" + PHI + r"[^.]{0,40}" + _HANDLE)

# --- wording made plain before matching ---------------------------------------------------

CONTRACTION = rx(r"\b(?:won|shan|can)'t\b|n't\b|(?<=\w)'(?:ll|re|ve)\b")

SPELLED_OUT = {
    "won't": "will not",
    "shan't": "shall not",
    "can't": "cannot",
    "n't": " not",
    "'ll": " will",
    "'re": " are",
    "'ve": " have",
}

COMPANY_NAME = rx(
    r"\b(?:[A-Z][\w&'-]*\s+){0,3}?[A-Z][\w&'-]*\s+Analytics?\b(?=,?\s+(?:Inc|LLC|L\.L\.C|Ltd"
    r"|Limited|Corp|Corporation|GmbH|Co|Company|PBC|S\.A|B\.V)\b)",
    0,
)
