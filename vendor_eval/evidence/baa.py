"""BAA evidence: is the document a HIPAA business associate agreement, what does it leave
out (carve-outs), how fast must breaches be reported, and which of the HHS sample
provisions it carries, each answer cited by page and quote.

Vendors and their lawyers word the same clause many ways, so every rule below matches a
clause's meaning in one sentence (topic + construction), never one fixed phrase, and
treats negations ("nothing in this Agreement excludes ...") as the opposite of a match.
When the text does not settle a question the answer is null with a warning, not a guess.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from vendor_eval.evidence.documents import DocumentText
from vendor_eval.evidence.text import Sentence, clip_sentence, sentences
from vendor_eval.model import Citation, DocumentRef, Evidence, EvidenceKind, Fact

CARVE_OUTS = (
    "analytics-data",
    "marketing-data",
    "unauthenticated-pages",
    "de-identified-data",
    "covered-services-only",
    "enterprise-plan-only",
    "customer-must-not-send-phi",
)
MAX_QUOTE = 240
MAX_CITATIONS = 3

_I = re.IGNORECASE


def _rx(pattern: str, flags: int = _I) -> re.Pattern[str]:
    return re.compile(pattern, flags)


def _word_rx(pattern: str) -> re.Pattern[str]:
    """`_rx` for a long alternation whose every alternative starts at a word boundary.
    Testing for a word start once per position, before the engine tries each alternative
    there, makes those a quarter to a half faster (short patterns get slower: not them)."""
    return re.compile(r"(?=\w)(?<!\w)(?:" + pattern + ")", _I)


_PHI = r"(?:e-?PHI|PHI|protected\s+health\s+information|health\s+information)"
_AUTHENTICATION = (
    r"(?:log(?:ged|ging)?[- ]?(?:in|on)|sign(?:ed|ing)?[- ]?(?:in|on)|logins?|credentials"
    r"|accounts?|passwords?|authenticat\w*|registration|register(?:ed|ing)?"
    r"|member(?:s|ship)?\s+(?:area|portal|login)|patient\s+portal)"
)

# --- is it a BAA at all -----------------------------------------------------------------

_BAA_NAME = _rx(
    r"\bbusiness\s+associate\s+(?:agreement|addendum|amendment|contract|terms|exhibit)\b"
    r"|\bhipaa\s+(?:addendum|agreement|amendment|exhibit|schedule|terms)\b"
)
_BAA_ABBREVIATION = re.compile(r"\bBAA\b")
_SELF_REFERENCE = _rx(
    r"\bthis\s+(?:hipaa\s+)?(?:business\s+associate\s+(?:agreement|addendum|amendment|contract"
    r"|terms|exhibit)|hipaa\s+(?:addendum|agreement|amendment|exhibit|schedule|terms))\b"
    r"|\bthis\s+BAA\b"
)
_HIPAA = _rx(
    r"\bHIPAA\b|\bHITECH\b|45\s*C\.?\s*F\.?\s*R\.?|health\s+insurance\s+portability"
    r"|protected\s+health\s+information|\bPHI\b"
)
_ROLE = _rx(r"\bbusiness\s+associates?\b")
# A title such as "Exhibit C - HIPAA" or "Data Protection Addendum (HIPAA)": short, and
# naming both HIPAA and a kind of contract document, in either order.
_DOCUMENT_KIND = (
    r"(?:exhibit|addendum|schedule|appendix|attachment|annex|rider|agreement|amendment|terms)"
)
_HIPAA_TITLE = _rx(
    r"\b" + _DOCUMENT_KIND + r"\b[^.]{0,60}\bHIPAA\b|\bHIPAA\b[^.]{0,60}\b" + _DOCUMENT_KIND + r"\b"
)
MAX_TITLE_WORDS = 12
_PHI_ONLY = _rx(r"\b(?:e-?PHI|PHI)\b|\bprotected\s+health\s+information\b")
# A document that carries this many of the HHS provisions and speaks of PHI throughout
# is a BAA whatever its title.
MIN_PROVISIONS_OF_A_BAA = 4
MIN_PHI_SENTENCES_OF_A_BAA = 3

# --- carve-outs -------------------------------------------------------------------------

_TOPICS: dict[str, re.Pattern[str]] = {
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
    "de-identified-data": _rx(
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
_EXCLUSION = _word_rx(
    r"\b(?:does|do|shall|will|is|are)\s+not\s+(?:include|cover|extend\s+to|apply\s+to"
    r"|encompass|govern)\b"
    r"|\bexclud(?:es?|ed|ing)\b|\bexclusions?\b|\bcarved?[- ]out\b"
    r"|\b(?:is|are|be|been|being)\s+not\s+(?:covered|included|considered|deemed|treated|subject"
    r"|governed|protected|addressed|part\s+of|within)\b"
    r"|\b(?:has|have|bears?|assumes?|shall\s+have|will\s+have)\s+no\s+(?:\w+\s+)?(?:obligations?"
    r"|responsibilit(?:y|ies)|liability|dut(?:y|ies))\s+(?:\w+\s+){0,3}?(?:with\s+respect\s+to"
    r"|for|regarding|in\s+respect\s+of|as\s+to|concerning)\b"
    r"|\bnot\s+(?:be\s+)?(?:considered|deemed|treated\s+as)\s+(?:to\s+be\s+)?" + _PHI + r"|"
    r"\b(?:is|are)\s+not\s+" + _PHI + r"|"
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
_NARROWING = _word_rx(
    r"\b(?:only|solely|exclusively)\b|(?<!not\s)\blimited\s+to\b|\bappl(?:y|ies|icable)\s+to\b"
    r"|\bavailable\s+(?:to|for|on)\b|\beligib\w*|\brequires?\b|\bmust\s+(?:\w+\s+)?(?:be|have"
    r"|purchase|subscribe|maintain|hold|keep|remain|upgrade)\b|\bto\s+be\s+(?:covered|eligible)\b"
    r"|\bconditioned\s+(?:up)?on\b|\bonly\s+if\b|\bsubscribed\b|\bunder\s+the\b|\bmeans\b|\bshall\s+mean\b|\brefers?\s+to\b"
)
_SERVICE_DEFINITION = _rx(
    r"^\W*(?:\"[^\"]+\"|'[^']+'|[\w\s-]+?)\s*(?:means|shall\s+mean|refers\s+to)\s+(?!all\b|any\b)"
)
_AUTHENTICATED_ONLY = _rx(
    r"\b(?:only|solely|exclusively|limited\s+to)\b[^.;]{0,80}?"
    r"(?<!un)(?<!non-)(?<!non)\b(?:authenticated|logged[- ]in|password[- ]protected"
    r"|behind\s+(?:a\s+)?log-?in)\b"
)
_CANCELLED = _rx(
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
_CUSTOMER_PROHIBITION = _rx(
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
    + _PHI
    + r"|"
    + _PHI
    + r"\s+(?:is|are)\s+not)\b"
    r"|\b(?:no\s+)?" + _PHI + r"\s+(?:shall|must|may|will|should)\s+(?:not\s+)?be\s+"
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
_DO_NOT_SEND = _rx(r"\b(?:do\s+not|never)\s+(?:\w+ly\s+)?" + _SEND)
_PHI_ANYWHERE = _rx(_PHI)
_UNOWNED_PROHIBITION = _rx(
    r"\bno\s+" + _PHI + r"\s+(?:is|are|gets?|will\s+be|shall\s+be|may\s+be|can\s+be|be)\s+"
    r"(?:\w+ly\s+)?"
    + _SEND
    + r"|\b(?:cannot|can\s+not|may\s+not|must\s+not|shall\s+not|should\s+not)\s+be\s+used\s+"
    r"(?:to|for)\s+(?:\w+\s+){0,2}?"
    + _PHI
    + r"|\b(?:is|are)\s+not\s+(?:designed|intended|built|suitable|certified|meant|approved)\s+"
    r"(?:to|for)\s+(?:\w+\s+){0,3}?" + _PHI
)
# Duties every covered entity has anyway (send only the minimum necessary, request
# nothing the Privacy Rule forbids): they narrow no coverage.
_VENDOR_PARTY = _rx(
    r"\b(?:business\s+associate|vendor|provider|supplier|processor|service\s+provider|we)\b"
    r"(?!'s)"
)
_ORDINARY_CUSTOMER_DUTY = _rx(
    r"\bminimum\s+necessary\b|\bother\s+than\s+as\s+permitted\b|\bnot\s+be\s+permissible\b"
    r"|\bwould\s+(?:not\s+be\s+permitted|violate)\b"
)
_VENDOR_PERMISSION = _rx(
    r"\b(?:may|can|is\s+(?:permitted|authorized|entitled|allowed)\s+to|shall\s+be\s+"
    r"(?:permitted|entitled|allowed)\s+to|reserves\s+the\s+right\s+to|retains?\s+the\s+right\s+to"
    r"|(?:has|have)\s+the\s+right\s+to)\s+(?:\w+\s+){0,2}?(?:use|disclose|retain|create"
    r"|de-?identify|aggregate|sell|share|commerciali[sz]e|analy[sz]e|keep|own|combine)\b"
)
_FOR_THE_CUSTOMER_ONLY = _rx(
    r"\b(?:solely|only|exclusively)\s+(?:to|for|in\s+order\s+to)\s+(?:\w+\s+){0,2}?"
    r"(?:provide|perform|deliver|render)\w*\b|\b(?:solely|only|exclusively)\s+(?:on\s+behalf\s+of"
    r"|for\s+the\s+benefit\s+of|as\s+(?:directed|instructed)\s+by)\b"
)
_PERMISSION_DENIED = _rx(r"\b(?:may|can|shall|will)\s+not\b|\bcannot\b|\bnever\b|\bprohibit\w*")
_ACCOUNT_KIND = _rx(r"\b(?:accounts?|workspaces?)\b")
_CLAUSE_BREAK = _rx(
    r";|\s(?:but|however|whereas|except\s+that|provided\s+(?:however\s+)?that)\b[,]?\s"
)
# The agreement saying of itself that it does not reach something: a carve-out even when
# what it leaves out is no kind the rules know.
_AGREEMENT_EXCLUDES = _rx(
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
_NAMED_PRODUCTS_LEFT_OUT = re.compile(
    r"(?:^|[,;:]\s+|\b(?:and|but|while|whereas)\s+)(?P<names>"
    + _PRODUCT_NAME
    + r"(?:(?:,\s+|,?\s+(?:and|or)\s+)"
    + _PRODUCT_NAME
    + r")*)\s+(?:is|are)\s+not\s+"
    r"(?:(?:covered|included)\s+(?:by|under|in)\s+(?:the|this|our|its|that|your)\s+(?:[\w-]+\s+)"
    r"{0,2}?(?:BAA|[Aa]greement|[Aa]ddendum|[Ee]xhibit|[Cc]ontract)\b|(?:HIPAA[- ])?eligible\b)"
)
# A name ending in one of these is a kind of data or a party, not a product.
_NOT_A_PRODUCT = re.compile(
    r"\b(?:Data|Information|PHI|Content|Records?|Customer|Client|Vendor|Provider|Company"
    r"|Associate|Entity|Party|Parties)$"
)


def _names_products_left_out(clause: str) -> bool:
    if " not " not in clause:  # a cheap test first: the pattern is slow to fail
        return False
    match = _NAMED_PRODUCTS_LEFT_OUT.search(clause)
    if not match:
        return False
    names = re.split(r",\s+|,?\s+(?:and|or)\s+", match.group("names"))
    return not any(_NOT_A_PRODUCT.search(name) for name in names)


_FIRST_ITEM = re.compile(r"(?<=\s)\((?:a|i|1)\)\s")
_STARTS_WITHOUT_SUBJECT = _rx(r"^\W*(?:does|do|is|are|shall|will|may|must|can|cannot)\b")

# --- breach reporting deadline ----------------------------------------------------------

_UNITS_WORDS = {
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
_TEENS = {
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
_TENS = {
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
    r"(?:(?:" + "|".join(_TENS) + r")(?:[- ](?:" + "|".join(_UNITS_WORDS) + r"))?"
    r"|" + "|".join(_TEENS) + r"|" + "|".join(_UNITS_WORDS) + r")"
)
_DURATION = _rx(
    r"(?<![\w.])(?:(?P<word>" + _WORD_NUMBER + r")|(?P<digits>\d{1,3})|\((?P<only_paren>\d{1,3})\))"
    r"(?:\s*\((?P<paren>\d{1,3})\))?(?:\s*\(" + _WORD_NUMBER + r"\))?(?:\s+|\s*-\s*)"
    r"(?:(?P<kind>calendar|business|working)\s+)?(?:\((?P<paren2>\d{1,3})\)\s+)?"
    r"(?P<unit>hours?|days?|weeks?)\b"
)
# "within the Notification Period", with the period defined in another sentence.
_NAMED_PERIOD = re.compile(r"\bwithin\s+the\s+(?P<term>(?:[A-Z][\w-]*\s+){0,4}Period)\b")
_OBLIGED = _rx(r"\b(?:shall|will|must|agrees?\s+to)\b")
_AT_LEAST = _rx(r"\b(?:no|not)\s+(?:less|fewer|sooner)\s+than\s*$|\bat\s+least\s*$")
_REPORTING = _rx(
    r"\b(?:notif\w*|report\w*|notice|inform\w*|alert\w*|tell|let\s+(?:\w+\s+){1,2}?know)\b"
)
_BREACH_EVENT = _rx(r"\bbreach(?:es)?\b|\bunsecured\s+" + _PHI)
_CONTRACT_BREACH = _rx(
    r"\bmaterial\s+breach|\bbreach(?:es)?\s+(?:of|under)\s+(?:this|the|any|its|such)\s+"
    r"(?!unsecured)(?:\w+\s+){0,2}?(?:agreement|addendum|baa|contract|terms|obligations?"
    r"|provisions?|covenants?|representations?|warrant\w*)\b|\bin\s+breach\b|\bcure\w*\b"
)
# "Security Incidents that do not result in a Breach": the breach is what did not happen.
_NOT_A_BREACH = _rx(r"\b(?:not|no|never|other\s+than|short\s+of)\b(?:\s+\w+){0,3}\s*$")
_OTHER_EVENT = _word_rx(
    r"\bsecurity\s+incidents?\b|\brequests?\b|\bamend\w*|\baccounting\b|\bterminat\w*"
    r"|\bcure[ds]?\b|\breturn\w*|\bdestr\w*|\bdelet\w*|\bretain|\bretention\b|\binvoice\w*"
    r"|\bpayments?\b|\bfees?\b|\baudits?\b|\brenew\w*|\bprior\s+(?:written\s+)?notice\b"
    r"|\bnotice\s+of\s+(?:termination|non-renewal|changes?)\b"
)
_PROMPTLY = _rx(
    r"\b(?:promptly|immediately|without\s+(?:undue|unreasonable)\s+delay|as\s+soon\s+as"
    r"\s+(?:reasonably\s+)?(?:practicable|possible|feasible)|in\s+a\s+timely\s+(?:manner|fashion)"
    r"|timely)\b"
)

# --- single obligations -----------------------------------------------------------------

_SUBCONTRACTOR = _rx(
    r"\bsub-?contractors?\b|\bsub-?processors?\b|\bagents?\b"
    r"|\b(?:downstream|third[- ]party)\s+(?:vendors?|providers?|service\s+providers?|entities"
    r"|parties|business\s+associates?)\b|\bservice\s+providers?\b"
)
_FLOW_DOWN = _rx(
    r"\bsame\s+(?:or\s+(?:more|at\s+least\s+as)\s+\w+\s+)?(?:[\w-]+\s+){0,2}?(?:restrictions|conditions|requirements"
    r"|obligations|terms|limitations)\b"
    r"|\bsubstantially\s+(?:the\s+)?(?:same|similar)\b"
    r"|\bat\s+least\s+as\s+(?:stringent|protective|restrictive)\b"
    r"|\bno\s+less\s+(?:stringent|protective|restrictive)\b"
    r"|\b(?:equivalent|comparable)\s+(?:to\s+)?(?:those|restrictions|obligations|protections)\b"
    r"|\b(?:written\s+)?(?:business\s+associate\s+)?(?:agreements?|contracts?)\s+with\s+"
    r"(?:any\s+|such\s+|each\s+|its\s+|all\s+)?sub-?(?:contractors?|processors?)\b"
)
_WEAKENED = _rx(r"\b(?:commercially\s+)?reasonable\s+efforts\b|\bendeavou?r\b")
_NOT_REQUIRED = _rx(
    r"\b(?:no|not\s+have\s+any)\s+obligations?\s+to\b|\bnot\s+(?:be\s+)?(?:required|obligated"
    r"|obliged)\s+to\b|\bshall\s+not\s+(?:be\s+)?(?:required|obligated)\b|\bwill\s+not\s+"
    r"(?:return|destroy)\b|\bneed\s+not\b"
)
_DISPOSE = (
    r"(?:return\w*|destr\w*|delet\w*|purg\w*|eras\w*|dispos\w*|saniti[sz]\w*|wip(?:e|es|ed|ing)"
    r"|(?:retain|keep)\s+no\s+copies)"
)
_AT_THE_END = _rx(
    r"\b(?:terminat\w*|expir\w*|end\s+of\s+(?:this|the)\b|conclusion\s+of|cessation\s+of"
    r"|(?:agreement|addendum|baa|services?|subscriptions?|contract|term)\s+(?:ends?|ceases?)\b)"
)
# "all PHI in Vendor's possession will be purged", "securely erase any PHI"
_DISPOSAL_OF_PHI = _rx(
    r"\b" + _DISPOSE + r"\b(?:\s+[\w'-]+){0,6}?\s+" + _PHI + r"\b"
    r"|\b" + _PHI + r"\b(?:\s+[\w'-]+){0,8}?\s+" + _DISPOSE + r"\b"
)
_RETURN_OR_DESTROY = _rx(
    r"\breturn\w*\s+(?:\w+\s+){0,3}?(?:or|and/or|and)\s+(?:\w+\s+){0,3}?(?:destroy\w*|destruction"
    r"|delet\w*|purg\w*)"
    r"|\b(?:destroy\w*|destruction|delet\w*)\s+(?:\w+\s+){0,3}?(?:or|and/or)\s+(?:\w+\s+){0,2}?"
    r"return\w*"
)


def _disposes_of_phi_at_the_end(text: str) -> bool:
    """PHI deleted, purged or returned when the agreement ends, in words other than
    "return or destroy"."""
    return bool(_DISPOSAL_OF_PHI.search(text)) and bool(_AT_THE_END.search(text))


_BOOKS = _rx(
    r"\bbooks\b[^.]{0,60}\brecords\b|\binternal\s+practices\b"
    r"|\b(?:records|polic(?:y|ies)\s+and\s+procedures)\b(?=[^.]{0,120}\bcompliance\b)"
    r"|\b(?:inspect|examine|audit|review|access\s+to)\s+(?:\w+\s+){0,2}?records\b"
)
_SECRETARY = _rx(r"\bsecretary\b|\bHHS\b|\bhealth\s+and\s+human\s+services\b")
_USES_LIMITED = _rx(
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
_USES_BROAD = _rx(
    r"\bfor\s+any\s+(?:lawful\s+|other\s+)?purposes?\b"
    r"|\bfor\s+(?:its|the\s+company's|business\s+associate's|vendor's|provider's)\s+own\s+"
    r"(?:business\s+|commercial\s+|internal\s+)?purposes\b"
    r"|\bfor\s+conducting\s+(?:the\s+)?(?:company's|its|business\s+associate's|vendor's)"
    r"\s+business\b|\bproduct\s+(?:improvement|development)\b"
)
_HANDLE = r"\b(?:use|uses|disclose|aggregate|sell|share|process|analy[sz]e|retain|combine)\b"
_USE_OR_DISCLOSE = _rx(_HANDLE + r"[^.]{0,40}\b" + _PHI + r"|\b" + _PHI + r"[^.]{0,40}" + _HANDLE)


@dataclass(frozen=True)
class Provision:
    """One provision of the HHS sample BAA and how to recognise it in a sentence."""

    id: str
    summary: str
    pattern: re.Pattern[str]
    also: re.Pattern[str] | None = None  # a second pattern the same sentence must match
    # another wording that needs more than one pattern: it counts instead of the two above
    or_else: Callable[[str], bool] | None = None


# The HHS/OCR sample provisions (2013) that every BAA is expected to carry; the optional
# ones (data aggregation, management and administration, covered entity notices) are
# left out because their absence is no defect.
HHS_PROVISIONS = (
    Provision(
        "limits-on-use-and-disclosure",
        "no use or disclosure beyond what the agreement permits or the law requires",
        _rx(
            r"\bnot\s+(?:to\s+)?use\s+(?:or|and|and/or)\s+(?:further\s+)?(?:disclose|share)\b[^.]*"
            r"\b(?:other\s+than|except|in\s+any\s+other\s+(?:way|manner))\b"
        ),
    ),
    Provision(
        "safeguards",
        "appropriate safeguards and Security Rule (Subpart C) compliance",
        _rx(r"\bsafeguards?\b|\bsubpart\s+c\b|164\.3\d\d"),
    ),
    Provision(
        "report-improper-use",
        "report uses or disclosures the agreement does not provide for",
        _rx(
            r"\buses?\s+(?:and|or)\s+disclosures?\b[^.]{0,120}\bnot\s+(?:provided|permitted|authori"
            r"|allow)"
        ),
        _REPORTING,
    ),
    Provision(
        "report-breaches",
        "report breaches of unsecured PHI (45 CFR 164.410)",
        _rx(r"\bbreach(?:es)?\s+of\s+unsecured\b|164\.410|\bbreach(?:es)?\b"),
        _REPORTING,
    ),
    Provision(
        "report-security-incidents",
        "report security incidents",
        _rx(r"\bsecurity\s+incidents?\b"),
        _REPORTING,
    ),
    Provision(
        "subcontractor-flowdown",
        "subcontractors agree to the same restrictions and conditions",
        _FLOW_DOWN,
        _SUBCONTRACTOR,
    ),
    Provision(
        "individual-access",
        "make PHI available for individuals' access (45 CFR 164.524)",
        _rx(
            r"164\.524|\bdesignated\s+record\s+sets?\b[^.]*\baccess\b|\baccess\b[^.]*\bdesignated"
            r"\s+record\s+sets?\b|\bright\s+(?:of|to)\s+access\b"
            # "if a patient asks to see their records"
            r"|\b(?:individuals?|patients?|members?|people)\b[^.]{0,40}\b(?:access|see|inspect"
            r"|view|obtain\s+(?:a\s+)?cop(?:y|ies)\s+of)\b[^.]{0,30}\b(?:their|his\s+or\s+her)\s+"
            r"(?:own\s+)?(?:information|records?|data|" + _PHI + r")\b"
        ),
    ),
    Provision(
        "amendment",
        "amend PHI as directed (45 CFR 164.526)",
        _rx(
            r"164\.526|\bamendments?\s+(?:to|of)\s+(?:the\s+)?(?:" + _PHI + r"|records?)\b"
            r"|\bamend\s+(?:the\s+)?" + _PHI + r"|\bamend\w*\b[^.]*\bdesignated\s+record\s+set"
            r"|\b(?:individuals?|patients?|members?|people)\b[^.]{0,40}\b(?:amend|correct)\w*"
            r"\b[^.]{0,30}\b(?:their|his\s+or\s+her)\s+(?:own\s+)?(?:information|records?|data"
            r"|" + _PHI + r")\b"
        ),
    ),
    Provision(
        "accounting-of-disclosures",
        "information for an accounting of disclosures (45 CFR 164.528)",
        _rx(
            r"164\.528|\baccounting\s+of\s+(?:such\s+)?disclosures\b|\baccount\s+for\s+"
            r"(?:\w+\s+){0,3}?disclosures\b"
        ),
    ),
    Provision(
        "privacy-rule-obligations",
        "comply with Subpart E when carrying out the covered entity's obligations",
        _rx(r"\bsubpart\s+e\b|\bobligations?\b[^.]{0,80}\bprivacy\s+rule\b"),
    ),
    Provision(
        "books-and-records",
        "books and records available to the Secretary of HHS",
        _SECRETARY,
        _BOOKS,
    ),
    Provision(
        "permitted-uses",
        "states the purposes for which PHI may be used or disclosed",
        _rx(
            r"\bpermitted\s+uses\b|\b(?:may|permitted\s+to)\s+(?:only\s+|solely\s+)?use\s+"
            r"(?:and|or|and/or)\s+disclose\b|" + _USES_LIMITED.pattern
        ),
    ),
    Provision(
        "required-by-law",
        "uses and disclosures required by law",
        _rx(r"\brequired\s+by\s+(?:applicable\s+)?law\b|\b(?:the\s+)?law\s+requires\b"),
    ),
    Provision(
        "minimum-necessary",
        "minimum necessary",
        _rx(r"\bminimum\s+necessary\b"),
    ),
    Provision(
        "termination-for-cause",
        "covered entity may terminate if the business associate violates a material term",
        _rx(r"\bterminat\w*|\bend\s+(?:this|the)\s+(?:agreement|addendum|baa|contract)\b"),
        _rx(
            r"\bmaterial\s+(?:term|breach|violation)|\bfor\s+cause\b|\bviolat\w*|\bbreach\w*"
            r"|\b(?:breaks?|broken?)\b[^.]{0,60}\b(?:cure|fix|remedy)"
        ),
    ),
    Provision(
        "return-or-destroy",
        "return or destroy PHI when the agreement ends",
        _RETURN_OR_DESTROY,
        or_else=_disposes_of_phi_at_the_end,
    ),
    Provision(
        "survival",
        "obligations survive termination",
        _rx(r"\bsurviv\w*"),
    ),
)


@dataclass
class _Found:
    """What one rule found: the value plus the sentences that support it."""

    value: object
    cited: list[Sentence]
    focus: re.Pattern[str] | None = None  # the part of a long sentence a quote must keep

    def fact(self, original: Callable[[Sentence], Sentence]) -> Fact:
        cited = _unique(self.cited)[:MAX_CITATIONS]
        return Fact(self.value, [_cite(original(s), self.focus) for s in cited])


@dataclass
class BaaFindings:
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
    warnings: list[str] = []
    facts: dict[str, Fact] = {}
    # The rules read "we'll" as "we will"; quotes keep the agreement's own words.
    said: dict[Sentence, Sentence] = {}
    spelled_out = []
    for sentence in text:
        plain = dataclasses.replace(sentence, text=_spell_out_contractions(sentence.text))
        said.setdefault(plain, sentence)
        spelled_out.append(plain)
    text = spelled_out

    def original(sentence: Sentence) -> Sentence:
        return said.get(sentence, sentence)

    is_baa = _is_baa(text, warnings)
    facts["is_baa"] = is_baa.fact(original)

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
        facts["scope"] = Fact("limited", list(carve_citations))
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
        facts["scope"] = Fact("full-pipeline", facts["is_baa"].citations)

    deadline = _breach_deadline(text, warnings).fact(original)
    facts["breach_notification_deadline"] = deadline
    days = _in_calendar_days(deadline.value) if isinstance(deadline.value, dict) else None
    facts["breach_notification_days"] = Fact(days, deadline.citations if days is not None else [])

    for name, found in (
        ("subcontractor_flowdown", _subcontractor_flowdown(text, warnings)),
        ("return_or_destroy", _return_or_destroy(text)),
        (
            "hhs_access_to_books",
            _found_or_absent(
                [s for s in text if _SECRETARY.search(s.text) and _BOOKS.search(s.text)]
            ),
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
    missing = [p.id for p in HHS_PROVISIONS if not any(_provision_in(p, s) for s in clauses)]
    facts["missing_provisions"] = Fact(missing)
    return BaaFindings(facts, warnings)


# --- the rules --------------------------------------------------------------------------


def _is_baa(text: Sequence[Sentence], warnings: list[str]) -> _Found:
    opening = text[:4]
    self_named = [s for s in text if _SELF_REFERENCE.search(s.text)]
    titled = [
        s
        for s in opening
        if _BAA_NAME.search(s.text)
        or _BAA_ABBREVIATION.search(s.text)
        or (len(s.text.split()) <= MAX_TITLE_WORDS and _HIPAA_TITLE.search(s.text))
    ]
    hipaa = [s for s in text if _HIPAA.search(s.text)]
    roles = [s for s in text if _ROLE.search(s.text)]
    named = titled + self_named
    if named and hipaa:
        return _Found(True, named)
    if len(roles) >= 3 and len(hipaa) >= 3:
        return _Found(True, roles)
    if sum(1 for s in text if _PHI_ONLY.search(s.text)) >= MIN_PHI_SENTENCES_OF_A_BAA:
        carried = [p for p in HHS_PROVISIONS if any(_provision_in(p, s) for s in text)]
        if len(carried) >= MIN_PROVISIONS_OF_A_BAA:
            return _Found(True, [s for s in text if _PHI_ONLY.search(s.text)])
    if named:
        warnings.append(
            "is_baa: the document calls itself a business associate agreement but never "
            "mentions HIPAA or protected health information"
        )
        return _Found(None, named)
    return _Found(False, list(text[:1]))


def _carve_outs(
    text: Sequence[Sentence],
) -> tuple[dict[str, list[Sentence]], list[Sentence]]:
    """The known carve-outs with the sentences that make them, and the sentences that
    exclude something from the agreement that is none of them."""
    found: dict[str, list[Sentence]] = {}
    unclassified: list[Sentence] = []
    mask = _company_name_mask(text)
    for sentence, lead_in in _with_lead_ins(text):
        clause = mask(f"{lead_in} {sentence.text}".strip())
        names = _carve_outs_in(clause)
        for name in names:
            found.setdefault(name, []).append(sentence)
        if not names and _AGREEMENT_EXCLUDES.search(clause) and not _CANCELLED.search(clause):
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
        elif not lead_in and (first_item := _FIRST_ITEM.search(sentence.text)):
            # "Excluded Data. (a) Analytics Data; (b) ...": what precedes (a) leads in (b)
            lead_in = sentence.text[: first_item.start()]


def _carve_outs_in(sentence: str) -> set[str]:
    names: set[str] = set()
    inherited: dict[str, re.Match[str]] = {}
    for clause in _clauses(sentence):
        topics = {
            name: match for name, pattern in _TOPICS.items() if (match := pattern.search(clause))
        }
        if not topics and _STARTS_WITHOUT_SUBJECT.match(clause):
            topics = inherited  # "X is collected by the Service, but is not PHI"
        inherited = topics
        if _CANCELLED.search(clause):
            continue
        excluded = bool(_EXCLUSION.search(clause))
        prohibited = (
            bool(_PHI_ANYWHERE.search(clause))
            and bool(
                _CUSTOMER_PROHIBITION.search(clause)
                or _unowned_prohibition(clause)
                or _imperative_prohibition(clause)
            )
            and not _ORDINARY_CUSTOMER_DUTY.search(clause)
        )
        if prohibited:
            names.add("customer-must-not-send-phi")
        if _AUTHENTICATED_ONLY.search(clause):
            names.add("unauthenticated-pages")
        for name in ("analytics-data", "marketing-data", "unauthenticated-pages"):
            if name in topics and (excluded or prohibited):
                names.add(name)
        if "de-identified-data" in topics and (
            excluded
            or prohibited
            or (
                _VENDOR_PERMISSION.search(clause)
                and not _PERMISSION_DENIED.search(clause)
                and not _FOR_THE_CUSTOMER_ONLY.search(clause)
            )
        ):
            names.add("de-identified-data")
        plan_only = "enterprise-plan-only" in topics and bool(excluded or _NARROWING.search(clause))
        if plan_only:
            names.add("enterprise-plan-only")
        services = topics.get("covered-services-only")
        # An eligible account defined by its plan is that plan, not a set of services.
        if services and plan_only and _ACCOUNT_KIND.search(services.group(0)):
            services = None
        if (
            services
            and (
                excluded
                or prohibited
                or _NARROWING.search(clause)
                or _SERVICE_DEFINITION.search(clause)
            )
        ) or _names_products_left_out(clause):
            names.add("covered-services-only")
    return names


def _imperative_prohibition(clause: str) -> bool:
    """An order with no subject ("Do not send PHI", "If ..., please never upload PHI"),
    not a party's promise ("We never share PHI")."""
    for match in _DO_NOT_SEND.finditer(clause):
        before = clause[: match.start()].rstrip()
        if not before or before.endswith((",", ":")) or before.lower().endswith("please"):
            return True
    return False


def _unowned_prohibition(clause: str) -> bool:
    match = _UNOWNED_PROHIBITION.search(clause)
    return match is not None and not _VENDOR_PARTY.search(clause, 0, match.start())


def _clauses(sentence: str) -> list[str]:
    parts = _CLAUSE_BREAK.split(sentence)
    return [part.strip() for part in parts if part and part.strip()]


@dataclass(frozen=True)
class _Deadline:
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
        if not (_REPORTING.search(clause) and _breach_positions(clause)):
            continue
        durations = [
            match for match in _DURATION.finditer(clause) if _event_of(clause, match) == "breach"
        ]
        deadlines.extend(_deadline_of(match, sentence) for match in durations)
        if not durations:
            named = _defined_period(sentence, text)
            if named:
                deadlines.append(named)
            elif _PROMPTLY.search(sentence.text) or _OBLIGED.search(sentence.text):
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
        return _Found({"amount": best.amount, "unit": best.unit}, cited, _DURATION)
    if unnumbered:
        warnings.append(
            "breach_notification_deadline: breaches must be reported, but no number of hours "
            "or days is given (HIPAA's own outer limit is 60 calendar days after discovery)"
        )
        return _Found({"amount": None, "unit": None}, unnumbered, _PROMPTLY)
    return _Found(None, [])


def _defined_period(sentence: Sentence, text: Sequence[Sentence]) -> _Deadline | None:
    """The length of a named period ("the Breach Notification Period") the sentence uses,
    from the sentence that defines it; cited at the sentence that sets the duty."""
    named = _NAMED_PERIOD.search(sentence.text)
    if not named:
        return None
    definition = re.compile(
        r'"?' + re.escape(named.group("term")) + r'"?\s*(?:means|shall\s+mean|is|shall\s+be)\b'
    )
    for other in text:
        if other is not sentence and definition.search(other.text):
            duration = _DURATION.search(other.text)
            if duration:
                found = _deadline_of(duration, other)
                return dataclasses.replace(found, sentence=sentence, defined_in=other)
    return None


def _breach_positions(sentence: str) -> list[int]:
    """Where a breach of PHI (not a breach of contract) is mentioned."""
    contract = [m.span() for m in _CONTRACT_BREACH.finditer(sentence)]
    return [
        m.start()
        for m in _BREACH_EVENT.finditer(sentence)
        if not any(start <= m.start() < end for start, end in contract)
        and not _NOT_A_BREACH.search(sentence[max(0, m.start() - 40) : m.start()])
    ]


def _event_of(sentence: str, duration: re.Match[str]) -> str | None:
    """Which event a duration belongs to: the nearest event named before it in its part of
    the sentence (parts end at semicolons), else the first named after it in that part
    ("within 10 days of discovery of a Breach"), else the last one in an earlier part
    ("report any Breach promptly; in no event later than 10 days")."""
    contract = [m.span() for m in _CONTRACT_BREACH.finditer(sentence)]
    events = [(position, "breach") for position in _breach_positions(sentence)]
    events += [(start, "other") for start, _ in contract]
    events += [
        (m.start(), "other")
        for m in _OTHER_EVENT.finditer(sentence)
        if not any(start <= m.start() < end for start, end in contract)
    ]
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
    unit_word = match.group("unit").lower().rstrip("s")
    kind = (match.group("kind") or "").lower()
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
    at_least = bool(_AT_LEAST.search(match.string[: match.start()]))
    return _Deadline(amount, unit, days, sentence, at_least, mismatch)


def _word_value(word: str) -> int:
    parts = re.split(r"[- ]", word.lower())
    lookup = {**_UNITS_WORDS, **_TEENS, **_TENS}
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
    relevant = [s for s in text if _SUBCONTRACTOR.search(s.text)]
    refused = [s for s in relevant if _NOT_REQUIRED.search(s.text)]
    flowing = [s for s in relevant if _FLOW_DOWN.search(s.text) and s not in refused]
    if flowing:
        if any(_WEAKENED.search(s.text) for s in flowing):
            warnings.append(
                "subcontractor_flowdown: only 'reasonable efforts' are promised to bind "
                "subcontractors"
            )
        return _Found(True, flowing, _FLOW_DOWN)  # quote the binding words, not the preamble
    if refused:
        return _Found(False, refused)
    return _Found(None, [])


def _return_or_destroy(text: Sequence[Sentence]) -> _Found:
    matching = [
        s for s in text if _RETURN_OR_DESTROY.search(s.text) or _disposes_of_phi_at_the_end(s.text)
    ]
    refused = [s for s in matching if _NOT_REQUIRED.search(s.text)]
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
        if (match := _USES_BROAD.search(s.text))
        and _USE_OR_DISCLOSE.search(s.text)
        # "may use de-identified data for any purpose" is a carve-out, not a use of PHI
        and not _TOPICS["de-identified-data"].search(
            s.text[max(0, match.start() - 80) : match.start()]
        )
        and not _PERMISSION_DENIED.search(s.text)
    ]
    if broad:
        warnings.append(
            "permitted_uses_limited: the vendor may use PHI beyond providing the services"
        )
        return _Found(False, broad)
    return _found_or_absent([s for s in text if _USES_LIMITED.search(s.text)])


def _found_or_absent(cited: list[Sentence]) -> _Found:
    return _Found(True, cited) if cited else _Found(None, [])


def _provision_in(provision: Provision, sentence: Sentence) -> bool:
    if provision.pattern.search(sentence.text) and (
        provision.also is None or provision.also.search(sentence.text)
    ):
        return True
    return provision.or_else is not None and provision.or_else(sentence.text)


# --- helpers ----------------------------------------------------------------------------

_CONTRACTION = _rx(r"\b(?:won|shan|can)'t\b|n't\b|(?<=\w)'(?:ll|re|ve)\b")
_SPELLED_OUT = {
    "won't": "will not",
    "shan't": "shall not",
    "can't": "cannot",
    "n't": " not",
    "'ll": " will",
    "'re": " are",
    "'ve": " have",
}


def _spell_out_contractions(text: str) -> str:
    """Plain-English agreements write "we'll", "won't" and "don't" where counsel writes
    "will" and "shall not"."""
    if "'" not in text:
        return text
    return _CONTRACTION.sub(lambda m: _SPELLED_OUT[m.group(0).lower()], text)


_COMPANY_NAME = re.compile(
    r"\b(?:[A-Z][\w&'-]*\s+){0,3}?[A-Z][\w&'-]*\s+Analytics?\b(?=,?\s+(?:Inc|LLC|L\.L\.C|Ltd"
    r"|Limited|Corp|Corporation|GmbH|Co|Company|PBC|S\.A|B\.V)\b)"
)


def _company_name_mask(text: Sequence[Sentence]) -> Callable[[str], str]:
    """Blanks out names like "Acme Analytics, Inc.", since a vendor's name is no data type."""
    names = {m.group(0) for s in text for m in _COMPANY_NAME.finditer(s.text)}
    if not names:
        return lambda sentence: sentence
    pattern = re.compile("|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)))
    return lambda sentence: pattern.sub("Vendor", sentence)


def _cite(sentence: Sentence, focus: re.Pattern[str] | None = None) -> Citation:
    return Citation(quote=clip_sentence(sentence.text, MAX_QUOTE, focus), page=sentence.page)


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
