"""Data-flow evidence from a browser HAR capture (DevTools → Network → Save all as HAR).

A vendor may say "we support server-side collection"; the capture shows what the browser
actually sent, and to whom. This module reads the capture as a stream (one entry in
memory at a time, so a 200 MB capture costs little more than its largest entry), looks
at every request that left for a host outside the site, and returns an `Evidence` whose
facts are:

- `collection`: how the site collects data, by this rule:
    * "client-side": the browser sent data (a query string on a beacon, a body, or any
      method other than GET/HEAD) straight to a known analytics or ad vendor;
    * "hybrid": the browser loaded a known vendor's code (scripts, styles, plain GETs)
      but every request that carried data went to the site itself, as with a
      first-party proxy or a server-side tag container;
    * "server-side": the browser talked only to the site and to static CDNs / fonts;
    * null (with a warning) when unrecognised third parties received data, because they
      may be trackers this tool does not know.
- `client_side_vendors`: the known vendors the browser contacted, with their category.
- `third_party_hosts`: every host outside the site, its request count and its class.
- `third_party_cookies`: cookies set by, or sent to, third-party hosts (names only).
- `phi_signals`: third-party requests carrying health context (health words in a page
  path, referrer, title or value) or contact details (e-mail, phone, name, or hashes of
  them under the keys ad pixels use).
- `canary_leaks`: where each `--canary` value went, in plain, URL-encoded, base64 or
  hashed (SHA-256, SHA-1, MD5 of the trimmed, lower-cased value) form; null when no
  canary was given.

Citations name the request by its index in `log.entries` (0-based, as in
`jq '.log.entries[N]'`). Nothing personal reaches the output: quotes and warnings go
through one redactor that masks canaries, e-mail addresses, phone numbers, long numbers
and tokens; names are never quoted at all.
"""

from vendor_eval.evidence.har.analysis import HarOptions
from vendor_eval.evidence.har.catalogue import load_catalogue, load_health_terms
from vendor_eval.evidence.har.extract import extract_har
from vendor_eval.evidence.har.stream import HarError
from vendor_eval.evidence.har.vocabulary import CATEGORIES

__all__ = [
    "CATEGORIES",
    "HarError",
    "HarOptions",
    "extract_har",
    "load_catalogue",
    "load_health_terms",
]
