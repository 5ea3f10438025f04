"""Consent-manager rules: how to find a banner and how to answer it, kept as data.

The shipped rules are `consent_rules.yaml`; a team adds its own banner with
`--consent-rules FILE` (tried first) or with `--accept-selector`/`--reject-selector`. This
module only reads and checks the rules; `browser.py` carries them out in the page.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from vendor_eval import yamlio
from vendor_eval.errors import InputError
from vendor_eval.resources import package_text

STEP_KINDS = ("visible", "click", "js")
ACTIONS = ("reject", "accept")
SHIPPED = ("evidence", "scan", "consent_rules.yaml")


@dataclass(frozen=True)
class Step:
    kind: str  # one of STEP_KINDS
    target: str  # a CSS selector, or a JavaScript expression for "js"

    def describe(self) -> str:
        if self.kind == "js":
            return f"ran {self.target}"
        verb = "clicked" if self.kind == "click" else "saw"
        return f"{verb} {self.target}"


@dataclass(frozen=True)
class ConsentRule:
    id: str
    name: str
    detect: tuple[Step, ...]
    reject: tuple[Step, ...] = ()
    accept: tuple[Step, ...] = ()

    def steps(self, action: str) -> tuple[Step, ...]:
        return self.reject if action == "reject" else self.accept


def _steps(raw: Any, where: str, source: str) -> tuple[Step, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise InputError(f"{where}: expected a list of steps", path=source)
    steps = []
    for number, item in enumerate(raw, 1):
        if not (isinstance(item, dict) and len(item) == 1):
            raise InputError(
                f"{where} step {number}: write one of {', '.join(STEP_KINDS)} with its value",
                path=source,
            )
        ((kind, target),) = item.items()
        if kind not in STEP_KINDS or not isinstance(target, str) or not target.strip():
            raise InputError(
                f"{where} step {number}: `{kind}` is not one of {', '.join(STEP_KINDS)} "
                "with a selector or expression",
                path=source,
            )
        steps.append(Step(str(kind), target.strip()))
    return tuple(steps)


def parse_rules(text: str, *, source: str) -> list[ConsentRule]:
    data = yamlio.load_text(text, path=source).data
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        raise InputError("a consent rules file needs a `rules:` list", path=source)
    rules = []
    for number, raw in enumerate(data["rules"], 1):
        if not isinstance(raw, dict) or not isinstance(raw.get("id"), str):
            raise InputError(f"rule {number}: needs an `id`", path=source)
        where = f"rule {raw['id']}"
        unknown = sorted(set(raw) - {"id", "name", "detect", *ACTIONS})
        if unknown:
            raise InputError(f"{where}: unknown key {unknown[0]!r}", path=source)
        detect = _steps(raw.get("detect"), f"{where} detect", source)
        if not detect:
            raise InputError(f"{where}: needs `detect` steps", path=source)
        rules.append(
            ConsentRule(
                id=raw["id"],
                name=str(raw.get("name") or raw["id"]),
                detect=detect,
                reject=_steps(raw.get("reject"), f"{where} reject", source),
                accept=_steps(raw.get("accept"), f"{where} accept", source),
            )
        )
    return rules


@cache
def shipped_rules() -> tuple[ConsentRule, ...]:
    return tuple(parse_rules(package_text(*SHIPPED), source="/".join(SHIPPED)))


def consent_rules(
    extra_file: Path | None = None,
    *,
    accept_selector: str | None = None,
    reject_selector: str | None = None,
) -> list[ConsentRule]:
    """The rules in the order they are tried: the selectors given on the command line,
    then the user's file, then the shipped ones."""
    rules: list[ConsentRule] = []
    if accept_selector or reject_selector:
        given = tuple(Step("visible", s) for s in (reject_selector, accept_selector) if s)
        rules.append(
            ConsentRule(
                id="command-line",
                name="the banner named on the command line",
                detect=given,
                reject=(Step("click", reject_selector),) if reject_selector else (),
                accept=(Step("click", accept_selector),) if accept_selector else (),
            )
        )
    if extra_file is not None:
        rules += parse_rules(yamlio.read_text(extra_file), source=str(extra_file))
    return rules + list(shipped_rules())
