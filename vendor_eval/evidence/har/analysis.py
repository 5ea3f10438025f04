"""What a whole capture shows, request by request: the third-party hosts and vendors
contacted, cookies, health context and contact details sent, canary leaks, and how the
site collects data.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import unquote, unquote_plus, urlsplit

from vendor_eval.errors import UsageError
from vendor_eval.evidence.har.catalogue import Catalogue, HealthTerms, HostClass, classify_by
from vendor_eval.evidence.har.entries import Request, Warnings
from vendor_eval.evidence.har.hosts import (
    ascii_host,
    check_canaries,
    normalise_site,
    web_url_host,
)
from vendor_eval.evidence.har.identity import CanaryFinder, Redactor, contact_kind
from vendor_eval.evidence.har.memo import Remembered
from vendor_eval.evidence.har.payload import (
    Field,
    body_values,
    expand,
    query_pairs,
    query_value,
)
from vendor_eval.evidence.har.vocabulary import (
    CHALLENGE_HEADER_MARKERS,
    CHALLENGE_STATUSES,
    CHALLENGE_UNDECIDED,
    CHALLENGE_URL_MARKERS,
    WEB_SCHEMES,
)
from vendor_eval.evidence.model import Citation, Fact

MAX_LISTED = 500
MAX_NAMED = 5  # sites named when the capture is not of --site


@dataclass(frozen=True)
class HarOptions:
    sites: tuple[str, ...]
    canaries: tuple[str, ...] = ()
    health_terms_file: Path | None = None
    # A capture with nothing of the site is refused: --site, or the file, is wrong. Scan
    # takes the site from the URL it loaded and has no --site to correct.
    require_site: bool = True


# Ids, client ids and hashes: letters and digits with no spaces. Their letters are not
# words, and reading them as words finds "rx" or "hiv" by chance.
_OPAQUE = re.compile(r"^(?=[^\s]*\d)[A-Za-z0-9+/=_.:-]{12,}$")

# ...but a page path with a date or record number in it (`/results/hba1c-2026-02`) is
# still a path: it starts with `/` and has a segment that is a word.
_PAGE_PATH = re.compile(r"^/(?:[^/\s]*/)*[A-Za-z]{3,}(?:[-_][A-Za-z0-9]+)*(?:/|$)")

_WEB_URL = re.compile(r"^https?://")

_CHALLENGE_URL = re.compile("|".join(re.escape(marker) for _, marker in CHALLENGE_URL_MARKERS))


def _values_only(query: str) -> str:
    """A query string's values without its parameter names: an ad platform's
    `is_pregnancy_targeting_enabled=0` or `hiv=1` names a setting, not the page."""
    if "=" not in query:
        return unquote_plus(query)
    return " ".join(value for _, value in query_pairs(query))


_URL_START = re.compile(r"^(?:https?:)?//")


def _page_words(url_or_text: str) -> str:
    """The part of a URL that says what the page is about: its path and the values of its
    query and fragment (not the host, which would flag every request on a site whose own
    name is a health word, nor parameter names, which name settings)."""
    if _URL_START.match(url_or_text):
        try:
            parts = urlsplit(url_or_text)
        except ValueError:
            return url_or_text
        return f"{parts.path} {_values_only(parts.query)} {_values_only(parts.fragment)}"
    return url_or_text


# Referers and page URLs come back in entry after entry.
_path_and_query = Remembered(_page_words, len)


def _field_signal(field_: Field, terms: HealthTerms) -> tuple[str, tuple[str, ...]] | None:
    """What a payload value gives away: a contact detail ("email", "phone-hash"...), or
    health context with the terms it mentions."""
    contact = contact_kind(field_)
    if contact:
        return contact, ()
    if _OPAQUE.match(field_.text) and not _PAGE_PATH.match(field_.text):
        return None
    found = terms.found_in(_path_and_query[field_.text])
    return ("health-context", found) if found else None


@dataclass
class _HostStats:
    host_class: HostClass
    requests: int = 0
    data_requests: int = 0
    first: Request | None = None


@dataclass
class _Finding:
    value: dict[str, Any]
    citation: Citation
    count: int = 1
    last_entry: int = -1


class Analysis:
    """Accumulates what every request shows; `evidence()` turns it into facts."""

    def __init__(self, options: HarOptions, catalogue: Catalogue, terms: HealthTerms) -> None:
        self.sites = tuple(normalise_site(s) for s in options.sites)
        self.require_site = options.require_site
        if not self.sites:
            raise UsageError("give the site's domain with --site")
        self.canaries = check_canaries(options.canaries)
        self.canary_finder = CanaryFinder(self.canaries)
        self.catalogue = catalogue
        self.terms = terms
        self.redact = Redactor(self.canaries)
        self._first_party = Remembered(self._of_the_site, len)  # a capture has few hosts
        self._host_rules = Remembered(catalogue.rules_for, len)
        # Where a finding is ("query:dl", "header:referer"), as written: a key may hold a
        # canary, and the same few come back in every entry.
        self._field_names = Remembered(self.redact.text, len)
        # Payload values that repeat (ids, event names, titles) are judged once, as sent
        # and, inside a body that differs each time, as decoded.
        self._value_signals = Remembered(self._signals_in_value, lambda value: len(value[2]))
        # A query string differs from the last in a value or two: each piece (`name=value`)
        # is decoded and judged once.
        self._query_signals = Remembered(self._signals_in_query_piece, len)
        self._field_signal = Remembered(
            partial(_field_signal, terms=terms), lambda field_: len(field_.text)
        )
        self.warnings = Warnings()
        self.requests = 0
        self.first_party = 0
        self.hosts: dict[str, _HostStats] = {}
        self.cookies: dict[tuple[str, str], _Finding] = {}
        self.signals: dict[tuple[Any, ...], _Finding] = {}
        self.leaks: dict[tuple[Any, ...], _Finding] = {}
        self.seen_urls: set[int] = set()  # hashes: a 200 MB capture has many URLs
        self.pending_redirects: dict[str, Request] = {}
        self.challenge_signs: list[str] = []  # what showed a challenge or error page
        self.page_loaded = False  # a page of the site itself answered with success
        # Whether anything shows the capture is of the site: a request to it, or one sent
        # from a page on it. Until then, the hosts the pages were on, to name instead.
        self.site_seen = False
        self.page_hosts: Counter[str] = Counter()

    def is_first_party(self, host: str) -> bool:
        return self._first_party[host]

    def _of_the_site(self, host: str) -> bool:
        return any(host == site or host.endswith("." + site) for site in self.sites)

    def cite(self, request: Request, detail: str = "") -> Citation:
        quote = f"{request.method} {self.redact.url(request.url)}"
        if detail:
            quote = f"{quote} — {detail}"
        return Citation(
            quote=self.redact.text(quote),
            entry=request.entry,
            method=self.redact.text(request.method),
            host=request.host,
        )

    def add(self, request: Request) -> None:
        self.requests += 1
        self.seen_urls.add(hash(request.url))
        self.pending_redirects.pop(request.url, None)
        if request.redirect_to and hash(request.redirect_to) not in self.seen_urls:
            self.pending_redirects.setdefault(request.redirect_to, request)
        self._challenge(request)
        if self.is_first_party(request.host):
            self.first_party += 1
            self.site_seen = True
            return
        if not self.site_seen:
            self._look_for_site(request)
        self._third_party(request)

    def _look_for_site(self, request: Request) -> None:
        """A third-party request still shows the site when a page on it sent the request
        (its Referer or Origin), as a capture whose own responses came from the cache does."""
        pages = [request.host] if request.document else []
        for name in ("referer", "origin"):
            value = request.header(name)
            host = web_url_host(value) if value else None
            if host:
                pages.append(host)
        if any(self.is_first_party(host) for host in pages):
            self.site_seen = True
            self.page_hosts.clear()
        else:
            self.page_hosts.update(pages)

    def site_missing(self, recorded_pages: list[str]) -> str | None:
        """Why the capture is not of the site, naming the sites it is of (the hosts of its
        pages, busiest first; failing any, its busiest hosts); None when it is of the site."""
        if (
            not self.require_site
            or self.site_seen
            or any(self.is_first_party(host) for host in recorded_pages)
        ):
            return None
        counts: Counter[str] = Counter()
        found = self.page_hosts + Counter(recorded_pages)
        if not found:
            found = Counter({host: stats.requests for host, stats in self.hosts.items()})
        for host, count in found.items():
            counts[host.removeprefix("www.")] += count  # as --site reads it
        named = sorted(counts, key=lambda host: (-counts[host], host))
        shown = ", ".join(named[:MAX_NAMED]) + (
            f" and {len(named) - MAX_NAMED} more" if len(named) > MAX_NAMED else ""
        )
        sites = ", ".join(repr(site) for site in self.sites)
        what = f"the site {sites}" if len(self.sites) == 1 else f"the sites {sites}"
        advice = "pass that to --site" if len(named) == 1 else "pass one of those to --site"
        return f"no request in this capture belongs to {what}; it contains {shown} — {advice}"

    def _challenge(self, request: Request) -> None:
        first_party_page = request.document and self.is_first_party(request.host)
        signs = []
        where = f"{request.host}{request.path}".lower()
        if _CHALLENGE_URL.search(where):  # one search, as nearly every request has none
            signs += [
                f"{who} at entry {request.entry}" for who, m in CHALLENGE_URL_MARKERS if m in where
            ]
        if request.response_headers:
            signs += [
                f"{who} at entry {request.entry}"
                for who, header in CHALLENGE_HEADER_MARKERS
                if header in request.response_headers
            ]
        if first_party_page and request.status in CHALLENGE_STATUSES:
            signs.insert(0, f"{request.status} at entry {request.entry}")
        elif first_party_page and not signs and request.status and 200 <= request.status < 300:
            self.page_loaded = True  # a challenge page served with 200 is not the site
        for sign in signs:
            if len(self.challenge_signs) < 2 and sign not in self.challenge_signs:
                self.challenge_signs.append(sign)

    def finish_redirects(self) -> None:
        """Redirect targets the capture never shows a request for still went out: a
        browser follows a redirect, and some HAR writers drop the follow-up entry."""
        for target, origin in sorted(self.pending_redirects.items(), key=lambda i: i[1].entry):
            try:
                parts = urlsplit(target)
                host = ascii_host(parts.hostname or "")
            except ValueError:
                continue
            if parts.scheme.lower() not in WEB_SCHEMES or not host:
                continue
            follow = Request(
                entry=origin.entry,
                method="GET",
                url=target,
                host=host,
                path=parts.path or "/",
                query=parts.query,
                headers=[("Referer", v) for n, v in origin.headers if n.lower() == "referer"],
                cookies=[],
                body="",
                body_params=[],
                resource="",
                set_cookies=[],
                redirect_to=None,
            )
            self.requests += 1
            if self.is_first_party(host):
                self.first_party += 1
                self.site_seen = True  # the browser was sent there
            else:
                self._third_party(follow)

    def _third_party(self, request: Request) -> None:
        host_class = classify_by(self._host_rules[request.host], request.path)
        stats = self.hosts.get(request.host)
        if stats is None:
            stats = self.hosts[request.host] = _HostStats(host_class)
        elif stats.host_class.kind == "other" and host_class.kind != "other":
            stats.host_class = host_class  # e.g. facebook.com seen first, then /tr
        stats.requests += 1
        carries_data = request.carries_data
        if carries_data:
            stats.data_requests += 1
        if stats.first is None or (carries_data and not stats.first.carries_data):
            stats.first = request
        vendor = host_class.vendor.id if host_class.vendor else None
        if request.blocked:
            # Listed (the page tried), but nothing in it reached the host.
            self.warnings.entry(
                request.entry, f"never sent ({request.blocked}); not counted as data sent"
            )
            return
        self._cookies(request, vendor)
        self._signals(request, vendor)
        if self.canary_finder:
            for needle, where in self.canary_finder.find(request):
                key = (needle.canary, request.host, where, needle.form)
                if self._counted(self.leaks, key, request.entry):
                    continue
                value = {
                    "canary": needle.canary,
                    "entry": request.entry,
                    "host": request.host,
                    "vendor": vendor,
                    "field": self._field_names[where],
                    "form": needle.form,
                }
                detail = f"canary {needle.canary} ({needle.form}) in {where}"
                self.leaks[key] = _Finding(
                    value, self.cite(request, detail), last_entry=request.entry
                )

    @staticmethod
    def _counted(table: dict[Any, _Finding], key: tuple[Any, ...], entry: int) -> bool:
        """Whether the finding is already recorded, counting this request for it if so.
        Only a finding's first request is cited: redacting a quote costs more than the
        rest of an entry, so a finding seen again costs a look-up."""
        finding = table.get(key)
        if finding is None:
            return False
        if finding.last_entry != entry:  # count requests, not repeats within one
            finding.count += 1
            finding.last_entry = entry
        return True

    def _cookies(self, request: Request, vendor: str | None) -> None:
        if not request.cookies and not request.set_cookies:
            return  # most requests
        seen = [(request.host, name, "sent") for name, _ in request.cookies]
        seen += [(domain, name, "set") for domain, name in request.set_cookies]
        for domain, name, how in seen:
            if self.is_first_party(domain):
                continue
            key = (domain, name)
            finding = self.cookies.get(key)
            if finding is None:
                finding = self.cookies[key] = _Finding(
                    {"domain": domain, "name": self.redact.text(name), "vendor": vendor, "how": []},
                    self.cite(request, f"cookie {name} {how}"),
                )
            if how not in finding.value["how"]:
                finding.value["how"] = sorted([*finding.value["how"], how])

    def _signal(
        self,
        request: Request,
        vendor: str | None,
        kind: str,
        where: str,
        detail: str | Callable[[], str],
        terms: tuple[str, ...] = (),
    ) -> None:
        field_shown = self._field_names[where]
        key = (request.host, kind, field_shown, terms)
        if self._counted(self.signals, key, request.entry):
            return
        value: dict[str, Any] = {
            "entry": request.entry,
            "host": request.host,
            "vendor": vendor,
            "kind": kind,
            "field": field_shown,
        }
        if terms:
            value["terms"] = list(terms)
        quote = f"{where}: {detail if isinstance(detail, str) else detail()}"
        self.signals[key] = _Finding(value, self.cite(request, quote), last_entry=request.entry)

    def _signals(self, request: Request, vendor: str | None) -> None:
        referer = request.header("referer")
        if referer:
            terms = self.terms.found_in(_path_and_query[referer])
            if terms:
                self._signal(
                    request,
                    vendor,
                    "health-context",
                    "header:referer",
                    partial(self.redact.url, referer),
                    terms,
                )
        if request.resource not in ("script", "style", "font"):
            path = unquote(request.path)
            terms = self.terms.found_in(path)
            if terms:
                self._signal(
                    request,
                    vendor,
                    "health-context",
                    "url-path",
                    partial(self.redact.text, path),
                    terms,
                )
        for field_, (kind, terms) in self._payload_signals(request):
            if kind != "health-context":
                masked = "<hash>" if kind.endswith("-hash") else f"<{kind}>"
                self._signal(request, vendor, kind, field_.where, masked)
            # A page URL is the site's own structure and worth showing; free text
            # (titles, event names) may hold anything, so only the terms are shown.
            elif _WEB_URL.match(field_.text):
                shown_url = partial(self.redact.url, field_.text)
                self._signal(request, vendor, kind, field_.where, shown_url, terms)
            else:
                shown = "mentions " + ", ".join(terms)
                self._signal(request, vendor, kind, field_.where, shown, terms)

    def _payload_signals(
        self, request: Request
    ) -> Iterator[tuple[Field, tuple[str, tuple[str, ...]]]]:
        """What each value the request sends gives away (see `_signals_in_value`)."""
        for piece in request.query.split("&"):
            if piece:
                yield from self._query_signals[piece]
        for value in body_values(request):
            yield from self._value_signals[value]

    def _signals_in_query_piece(
        self, piece: str
    ) -> tuple[tuple[Field, tuple[str, tuple[str, ...]]], ...]:
        return self._signals_in_value(query_value(piece))

    def _signals_in_value(
        self, value: tuple[str, str, str]
    ) -> tuple[tuple[Field, tuple[str, tuple[str, ...]]], ...]:
        """The fields inside one value sent that give something away, with what."""
        found = []
        for field_ in expand(*value):
            signal = self._field_signal[field_]
            if signal is not None:
                found.append((field_, signal))
        return tuple(found)

    # ----------------------------------------------------------------- facts

    def _listed(self, name: str, findings: list[_Finding]) -> Fact:
        if len(findings) > MAX_LISTED:
            self.warnings.add(
                f"{name}: {len(findings)} found; the first {MAX_LISTED} by entry are listed"
            )
        shown = findings[:MAX_LISTED]
        values = []
        for finding in shown:
            value = dict(finding.value)
            value["requests"] = finding.count
            values.append(value)
        return Fact(values, [f.citation for f in shown])

    def facts(self) -> dict[str, Fact]:
        hosts = sorted(self.hosts.items())
        vendor_stats: dict[str, list[_HostStats]] = {}
        for _, stats in hosts:
            if stats.host_class.vendor:
                vendor_stats.setdefault(stats.host_class.vendor.id, []).append(stats)

        vendors_value = []
        vendor_citations = []
        for vendor_id in sorted(vendor_stats):
            group = vendor_stats[vendor_id]
            vendor = group[0].host_class.vendor
            assert vendor is not None
            vendors_value.append(
                {
                    "id": vendor.id,
                    "name": vendor.name,
                    "category": vendor.category,
                    "requests": sum(s.requests for s in group),
                    "received_data": any(s.data_requests for s in group),
                }
            )
            first = min((s.first for s in group if s.first), key=lambda r: r.entry)
            vendor_citations.append(self.cite(first, vendor.name))

        hosts_value = []
        host_citations = []
        for host, stats in hosts:
            hosts_value.append(
                {
                    "host": host,
                    "class": stats.host_class.kind,
                    "vendor": stats.host_class.vendor.id if stats.host_class.vendor else None,
                    "requests": stats.requests,
                    "received_data": stats.data_requests > 0,
                }
            )
            if stats.first is not None:
                host_citations.append(self.cite(stats.first))

        facts = {
            "collection": self._collection(vendor_stats),
            "client_side_vendors": Fact(vendors_value, vendor_citations),
            "third_party_hosts": Fact(hosts_value, host_citations),
            "third_party_cookies": self._listed(
                "third_party_cookies",
                [self.cookies[k] for k in sorted(self.cookies)],
            ),
            "phi_signals": self._listed(
                "phi_signals",
                sorted(self.signals.values(), key=_finding_order),
            ),
        }
        if self.canaries:
            facts["canary_leaks"] = self._listed(
                "canary_leaks", sorted(self.leaks.values(), key=_finding_order)
            )
        else:
            facts["canary_leaks"] = Fact(None)
        return facts

    def _collection(self, vendor_stats: dict[str, list[_HostStats]]) -> Fact:
        if self.challenge_signs and not self.page_loaded:
            self.warnings.add(
                f"{CHALLENGE_UNDECIDED} ({', '.join(self.challenge_signs)}); record the "
                "capture again in a normal browser session"
            )
            return Fact(None)
        senders = {v: [s for s in group if s.data_requests] for v, group in vendor_stats.items()}
        senders = {v: group for v, group in senders.items() if group}
        if senders:
            citations = []
            for vendor_id in sorted(senders):
                stats = min(senders[vendor_id], key=lambda s: s.first.entry if s.first else 0)
                if stats.first is not None:
                    citations.append(self.cite(stats.first, f"data sent to {vendor_id}"))
            return Fact("client-side", citations)
        unknown = sorted(
            host
            for host, stats in self.hosts.items()
            if stats.host_class.kind == "other" and stats.data_requests
        )
        if unknown:
            shown = ", ".join(unknown[:5]) + (
                f" and {len(unknown) - 5} more" if len(unknown) > 5 else ""
            )
            self.warnings.add(
                f"collection left undecided: unrecognised third-party hosts received data "
                f"from the browser ({shown}); check them in third_party_hosts"
            )
            return Fact(None)
        if vendor_stats:
            citations = []
            for vendor_id in sorted(vendor_stats):
                first = min(
                    (s.first for s in vendor_stats[vendor_id] if s.first), key=lambda r: r.entry
                )
                citations.append(self.cite(first, f"{vendor_id} code loaded; no data sent to it"))
            return Fact("hybrid", citations)
        static = sum(s.requests for s in self.hosts.values() if s.host_class.kind != "other")
        others = sorted(h for h, s in self.hosts.items() if s.host_class.kind == "other")
        summary = (
            f"{self.requests} requests: {self.first_party} to the site itself, "
            f"{static} to static CDNs or font hosts, "
            f"{self.requests - self.first_party - static} file downloads from other hosts; "
            "none to analytics or ad vendors"
        )
        if others:
            self.warnings.add(
                f"files were loaded from unrecognised hosts ({', '.join(others[:5])}"
                f"{' and more' if len(others) > 5 else ''}); they received no data here"
            )
        return Fact("server-side", [Citation(quote=summary)])


def _finding_order(finding: _Finding) -> tuple[Any, ...]:
    value = finding.value
    return (
        value["entry"],
        value["host"],
        value.get("kind", ""),
        value["field"],
        value.get("canary", 0),
    )
