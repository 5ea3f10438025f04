"""A JSON Schema subset compiled into one Python predicate.

`validate` on a folder of profiles spends most of its time in jsonschema walking valid
files. For the keywords our schemas use, a closure tree answers "is this valid?" many
times faster; only files it rejects go through jsonschema for the detailed errors. It is
conservative by construction: a schema with any keyword outside the subset does not
compile, and then every file goes through jsonschema.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

Check = Callable[[Any], bool]

_ANNOTATIONS = {
    "$schema",
    "$id",
    "title",
    "description",
    "format",
    "default",
    "examples",
    "$comment",
}


class Unsupported(Exception):
    """The schema uses a keyword this compiler does not implement."""


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


_TYPES: dict[str, Check] = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
    "number": _is_number,
    "integer": lambda v: _is_number(v) and (isinstance(v, int) or float(v).is_integer()),
}


def _equal(a: Any, b: Any) -> bool:
    # JSON Schema keeps true and 1 apart, unlike Python's ==.
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    return bool(a == b)


def compile_schema(schema: dict[str, Any]) -> Check:
    """A predicate equivalent to `jsonschema.Draft202012Validator(schema).is_valid`
    for the supported subset; raises Unsupported for anything else."""
    if not isinstance(schema, dict):
        raise Unsupported(repr(schema))
    unknown = set(schema) - _ANNOTATIONS - set(_KEYWORDS)
    if unknown:
        raise Unsupported(", ".join(sorted(unknown)))
    checks = [_KEYWORDS[key](schema[key], schema) for key in schema if key in _KEYWORDS]
    checks = [c for c in checks if c is not None]
    if not checks:
        return lambda value: True
    if len(checks) == 1:
        return checks[0]
    return lambda value: all(check(value) for check in checks)


def _type(expected: Any, _: dict[str, Any]) -> Check:
    names = expected if isinstance(expected, list) else [expected]
    if any(name not in _TYPES for name in names):
        raise Unsupported(f"type {expected!r}")
    tests = [_TYPES[name] for name in names]
    return lambda value: any(test(value) for test in tests)


def _enum(options: list[Any], _: dict[str, Any]) -> Check:
    return lambda value: any(_equal(value, option) for option in options)


def _properties(properties: dict[str, Any], schema: dict[str, Any]) -> Check:
    compiled = {name: compile_schema(sub) for name, sub in properties.items()}
    extra = schema.get("additionalProperties", True)
    extra_check: Check | None
    if extra is True:
        extra_check = None
    elif extra is False:
        extra_check = lambda value: False  # noqa: E731
    else:
        extra_check = compile_schema(extra)

    def check(value: Any) -> bool:
        if not isinstance(value, dict):
            return True
        for key, item in value.items():
            sub = compiled.get(key)
            if sub is None:
                if extra_check is not None and not extra_check(item):
                    return False
            elif not sub(item):
                return False
        return True

    return check


def _additional(extra: Any, schema: dict[str, Any]) -> Check | None:
    if "properties" in schema:
        return None  # handled together with properties
    return _properties({}, {"additionalProperties": extra})


def _required(names: list[str], _: dict[str, Any]) -> Check:
    return lambda value: not isinstance(value, dict) or all(name in value for name in names)


def _items(sub: dict[str, Any], _: dict[str, Any]) -> Check:
    item_check = compile_schema(sub)
    return lambda value: not isinstance(value, list) or all(item_check(i) for i in value)


def _unique(flag: bool, _: dict[str, Any]) -> Check | None:
    if not flag:
        return None

    def check(value: Any) -> bool:
        if not isinstance(value, list):
            return True
        return not any(_equal(a, b) for i, a in enumerate(value) for b in value[i + 1 :])

    return check


def _pattern(pattern: str, _: dict[str, Any]) -> Check:
    compiled = re.compile(pattern)
    return lambda value: not isinstance(value, str) or compiled.search(value) is not None


def _min_length(limit: int, _: dict[str, Any]) -> Check:
    return lambda value: not isinstance(value, str) or len(value) >= limit


def _max_length(limit: int, _: dict[str, Any]) -> Check:
    return lambda value: not isinstance(value, str) or len(value) <= limit


def _minimum(limit: float, _: dict[str, Any]) -> Check:
    return lambda value: not _is_number(value) or value >= limit


def _maximum(limit: float, _: dict[str, Any]) -> Check:
    return lambda value: not _is_number(value) or value <= limit


def _any_of(subs: list[dict[str, Any]], _: dict[str, Any]) -> Check:
    compiled = [compile_schema(sub) for sub in subs]
    return lambda value: any(check(value) for check in compiled)


_KEYWORDS: dict[str, Callable[[Any, dict[str, Any]], Check | None]] = {
    "type": _type,
    "enum": _enum,
    "properties": _properties,
    "additionalProperties": _additional,
    "required": _required,
    "items": _items,
    "uniqueItems": _unique,
    "pattern": _pattern,
    "minLength": _min_length,
    "maxLength": _max_length,
    "minimum": _minimum,
    "maximum": _maximum,
    "anyOf": _any_of,
}


def try_compile(schema: dict[str, Any]) -> Check | None:
    try:
        return compile_schema(schema)
    except Unsupported:
        return None
