"""The fast yes/no schema check validate runs first must agree with jsonschema: it may
never call an invalid profile valid (validate would then print nothing for it), and a
valid one it rejects costs a second, slow look."""

from __future__ import annotations

import copy
from pathlib import Path

import jsonschema
import pytest

from vendor_eval import yamlio
from vendor_eval.checklist import load_checklist, profile_schema, schema_check
from vendor_eval.profiles import ChecklistCache

EXAMPLES = Path(__file__).parent / "examples"
CHECKLIST = load_checklist("healthcare-analytics")
FAST, _ = ChecklistCache().validator(CHECKLIST)
SLOW = jsonschema.Draft202012Validator(profile_schema(CHECKLIST))
ODD_VALUES = [
    None,
    True,
    False,
    0,
    1,
    -1,
    1.5,
    2.0,
    "",
    "x",
    "type2",
    [],
    ["security"],
    ["security", "security"],
    [1],
    {},
    {"a": 1},
    "2025-01-01",
    "not-a-date",
]


def leaf_paths(data, prefix=()):
    if isinstance(data, dict):
        for key, value in data.items():
            yield from leaf_paths(value, (*prefix, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from leaf_paths(value, (*prefix, index))
    yield prefix


def replaced(data, path, value):
    copied = copy.deepcopy(data)
    if not path:
        return value
    node = copied
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value
    return copied


def test_every_mutation_of_a_full_profile_gets_the_same_verdict():
    full = yamlio.load_file(EXAMPLES / "valid" / "full-answers.yaml").data
    compared = 0
    for path in set(leaf_paths(full)):
        for value in ODD_VALUES:
            mutated = replaced(full, path, value)
            assert FAST(mutated) == SLOW.is_valid(mutated), (path, value)
            compared += 1
    for key in ("baa", "soc2", "vendor"):
        extra = replaced(full, (key, "unexpected"), 1)
        assert FAST(extra) is SLOW.is_valid(extra) is False
    assert compared > 500


def _loadable_examples():
    for path in sorted(EXAMPLES.glob("*/*.yaml")):
        try:
            yield path.name, yamlio.load_file(path).data
        except yamlio.YamlError:
            continue  # not YAML at all: the schema is never consulted


@pytest.mark.parametrize(("name", "data"), list(_loadable_examples()))
def test_examples_get_the_same_verdict(name, data):
    assert FAST(data) == SLOW.is_valid(data), name


def test_the_check_never_writes_into_the_profile():
    # fastjsonschema fills in defaults unless told not to; the profile is the analyst's.
    check = schema_check({"type": "object", "properties": {"a": {"default": 1}}})
    data: dict = {}
    assert check(data)
    assert data == {}
