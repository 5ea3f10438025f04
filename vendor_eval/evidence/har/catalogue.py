"""The tracker catalogue (which vendor a host belongs to) and the health terms a page
path, title or payload value may mention, both read from package data and optionally
extended by the user.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from vendor_eval import yamlio
from vendor_eval.errors import InputError
from vendor_eval.evidence.har.memo import Remembered
from vendor_eval.evidence.har.vocabulary import (
    CATEGORIES,
    DEFAULT_HEALTH_TERMS,
    DEFAULT_TRACKERS,
    STATIC_CLASSES,
)
from vendor_eval.resources import package_text

# --------------------------------------------------------------------------- catalogue


@dataclass(frozen=True)
class Vendor:
    id: str
    name: str
    category: str


@dataclass(frozen=True)
class HostClass:
    """What a third-party host is: a known vendor, a static host, or neither ("other")."""

    kind: str  # "tracker" | "static-cdn" | "fonts" | "other"
    vendor: Vendor | None = None


OTHER = HostClass("other")


@dataclass
class Catalogue:
    # domain -> [(path prefix or "", class)], most specific path first
    rules: dict[str, list[tuple[str, HostClass]]] = field(default_factory=dict)

    def add(self, rule: str, host_class: HostClass) -> None:
        domain, _, path = rule.strip().lower().partition("/")
        self.rules.setdefault(domain, []).append(("/" + path if path else "", host_class))
        self.rules[domain].sort(key=lambda item: -len(item[0]))

    def vendors(self) -> dict[str, tuple[Vendor, tuple[str, ...]]]:
        """Each catalogued vendor by id, with the domains that are wholly its own (a rule
        for some paths of a shared domain, like google.com/pagead, is left out)."""
        found: dict[str, tuple[Vendor, list[str]]] = {}
        for domain, rules in sorted(self.rules.items()):
            for prefix, host_class in rules:
                if host_class.vendor is not None:
                    found.setdefault(host_class.vendor.id, (host_class.vendor, []))
                if host_class.vendor is not None and not prefix:
                    entry = found.setdefault(host_class.vendor.id, (host_class.vendor, []))
                    if domain not in entry[1]:
                        entry[1].append(domain)
        return {i: (vendor, tuple(domains)) for i, (vendor, domains) in sorted(found.items())}

    def classify(self, host: str, path: str) -> HostClass:
        return classify_by(self.rules_for(host), path)

    def rules_for(self, host: str) -> tuple[tuple[str, HostClass], ...]:
        """The rules that can apply to a host, its own domain's first, then its parents'."""
        labels = host.split(".")
        return tuple(
            rule
            for start in range(len(labels))
            for rule in self.rules.get(".".join(labels[start:]), ())
        )


def classify_by(rules: tuple[tuple[str, HostClass], ...], path: str) -> HostClass:
    """What the first of a host's rules (`Catalogue.rules_for`) that covers the path says."""
    for prefix, host_class in rules:
        if not prefix or path == prefix or path.startswith(prefix + "/"):
            return host_class
    return OTHER


def load_catalogue(text: str | None = None, *, source: str = "trackers.yaml") -> Catalogue:
    """Parse a trackers file (the shipped one when `text` is None)."""
    if text is None:
        return _shipped_catalogue()
    data = yamlio.load_text(text, path=source).data
    if not isinstance(data, dict) or not isinstance(data.get("vendors"), dict):
        raise InputError("a trackers file needs a `vendors:` mapping", path=source)
    catalogue = Catalogue()
    for vendor_id, spec in data["vendors"].items():
        if not isinstance(spec, dict) or spec.get("category") not in CATEGORIES:
            raise InputError(
                f"vendor {vendor_id}: needs a category, one of {', '.join(CATEGORIES)}",
                path=source,
            )
        hosts = spec.get("hosts")
        if not isinstance(hosts, list) or not all(isinstance(h, str) and h for h in hosts):
            raise InputError(f"vendor {vendor_id}: `hosts` must be a list of names", path=source)
        vendor = Vendor(str(vendor_id), str(spec.get("name") or vendor_id), spec["category"])
        for host in hosts:
            catalogue.add(host, HostClass("tracker", vendor))
    for kind, hosts in (data.get("static") or {}).items():
        if kind not in STATIC_CLASSES or not isinstance(hosts, list):
            raise InputError(
                f"static: `{kind}` must be one of {', '.join(STATIC_CLASSES)} with a list",
                path=source,
            )
        for host in hosts:
            catalogue.add(str(host), HostClass(kind))
    return catalogue


@cache
def _shipped_catalogue() -> Catalogue:
    return load_catalogue(package_text(*DEFAULT_TRACKERS), source="/".join(DEFAULT_TRACKERS))


# ------------------------------------------------------------------------ health terms

Term = tuple[str, ...]

_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")

_WORD = re.compile(r"[a-z0-9]+")


def words(text: str) -> list[str]:
    return _WORD.findall(_CAMEL.sub(" ", text).lower())


@lru_cache(maxsize=4096)  # a capture repeats the same few hundred words in every entry
def _singulars(word: str) -> tuple[str, ...]:
    forms = [word]
    if word.endswith("ies") and len(word) > 4:
        forms.append(word[:-3] + "y")
    if word.endswith("es") and len(word) > 3:
        forms.append(word[:-2])
    if word.endswith("s") and len(word) > 2:
        forms.append(word[:-1])
    return tuple(forms)


def _chars(texts: tuple[str, ...]) -> int:
    return sum(map(len, texts))


def _phrase_at(tokens: list[str], i: int, phrase: Term) -> bool:
    tail = tokens[i : i + len(phrase)]
    return len(tail) == len(phrase) and all(
        want in _singulars(got) for want, got in zip(phrase, tail, strict=True)
    )


@dataclass(frozen=True)
class HealthTerms:
    by_first_word: dict[str, tuple[Term, ...]]
    ignore: tuple[Term, ...] = ()
    # The same referer and page paths come back in entry after entry, and so do their
    # words where only an id or a date differs.
    _remembered: Remembered[str, tuple[str, ...]] = field(init=False, compare=False, repr=False)
    _in_words: Remembered[tuple[str, ...], tuple[str, ...]] = field(
        init=False, compare=False, repr=False
    )
    _digit_words: bool = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        listed = [*(t for terms in self.by_first_word.values() for t in terms), *self.ignore]
        digit_words = any(word.isdigit() for term in listed for word in term)
        object.__setattr__(self, "_digit_words", digit_words)
        object.__setattr__(self, "_remembered", Remembered(self._find, len))
        object.__setattr__(self, "_in_words", Remembered(self._find_in_words, _chars))

    def find(self, text: str) -> list[str]:
        """The health terms (as listed) found in `text`, word by word, in order."""
        return list(self._remembered[text])

    def found_in(self, text: str) -> tuple[str, ...]:
        """`find`, as a tuple that can be a key."""
        return self._remembered[text]

    def _find(self, text: str) -> tuple[str, ...]:
        tokens = words(text)
        if not self._digit_words:
            # A number is no listed term's word: as a blank it finds what it did, and
            # paths that differ only in an id or a date are looked up once.
            tokens = ["" if token.isdigit() else token for token in tokens]
        return self._in_words[tuple(tokens)]

    def _find_in_words(self, words_: tuple[str, ...]) -> tuple[str, ...]:
        tokens = list(words_)
        forms = {form for token in tokens for form in _singulars(token)}
        if forms.isdisjoint(self.by_first_word):
            return ()  # no term starts anywhere in the text (most page paths and values)
        for phrase in self.ignore:  # "terms and conditions" is not a medical condition
            if not all(word in forms for word in phrase):
                continue  # a phrase with a word the text lacks is nowhere in it
            for i in range(len(tokens)):
                if _phrase_at(tokens, i, phrase):
                    tokens[i : i + len(phrase)] = [""] * len(phrase)
        found: list[str] = []
        for i, token in enumerate(tokens):
            if not token:
                continue
            for form in _singulars(token):
                for term in self.by_first_word.get(form, ()):
                    if _phrase_at(tokens, i, term):
                        label = " ".join(term)
                        if label not in found:
                            found.append(label)
        # "appointment" adds nothing next to "schedule appointment".
        return tuple(t for t in found if not any(t != u and f" {t} " in f" {u} " for u in found))


def _term_list(listed: Any, what: str, source: str) -> list[Term]:
    if listed is None:
        return []
    if not isinstance(listed, list) or not all(isinstance(t, str) for t in listed):
        raise InputError(f"`{what}` must be a list of words or phrases", path=source)
    terms = [tuple(words(t)) for t in listed]
    if any(not t for t in terms):
        raise InputError(f"every entry in `{what}` needs letters or digits", path=source)
    return terms


def _parse_terms(text: str, source: str) -> tuple[list[Term], list[Term]]:
    data = yamlio.load_text(text, path=source).data
    if isinstance(data, list):
        return _term_list(data, "terms", source), []
    if not isinstance(data, dict) or "terms" not in data:
        raise InputError(
            "expected `terms:` with a list of health words (and optionally `ignore:`)",
            path=source,
        )
    return _term_list(data["terms"], "terms", source), _term_list(
        data.get("ignore"), "ignore", source
    )


def load_health_terms(extra_file: Path | None = None) -> HealthTerms:
    source = "/".join(DEFAULT_HEALTH_TERMS)
    terms, ignore = _parse_terms(package_text(*DEFAULT_HEALTH_TERMS), source)
    if extra_file is not None:
        more_terms, more_ignore = _parse_terms(yamlio.read_text(extra_file), str(extra_file))
        terms += more_terms
        ignore += more_ignore
    index: dict[str, list[Term]] = {}
    for term in terms:
        if term not in index.setdefault(term[0], []):
            index[term[0]].append(term)
    return HealthTerms({k: tuple(v) for k, v in index.items()}, tuple(dict.fromkeys(ignore)))
