"""The one place that reads YAML.

PyYAML's (C) composer gives us a node tree whose nodes carry their line and column; we
build plain Python data from it ourselves so that every value keeps its position, so that
duplicate keys (which PyYAML silently accepts) are caught, and so that only plain data
types can come out of a file: no Python objects, no merge keys, no alias bombs, no
unbounded nesting. Timestamps stay strings (`2025-12-31`), which is what JSON Schema and
people expect to see again, and booleans are YAML 1.2's (`true`/`false`; `no` is text).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from vendor_eval.errors import InputError
from vendor_eval.fileio import read_input

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 64
MAX_NODES = 200_000
# Integers beyond 64 bits are nobody's answer; past 4,300 digits Python even refuses to
# convert them, and a long hex literal slips under that limit only to break arithmetic
# later. The length test comes first so that no huge literal is ever converted.
MAX_INTEGER = 2**63 - 1
_MAX_INTEGER_CHARS = 80

Path_ = tuple[str | int, ...]

_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = {f"{_TAG}{name}" for name in ("str", "null", "bool", "int", "float", "timestamp")}
_constructor = yaml.constructor.SafeConstructor()
# The core schema of YAML 1.2: nothing else is a boolean.
YAML12_BOOLEANS = {
    **dict.fromkeys(("true", "True", "TRUE"), True),
    **dict.fromkeys(("false", "False", "FALSE"), False),
}
# What YAML 1.1 (and PyYAML) also read as booleans, by the value they meant there.
YAML11_BOOLEAN_WORDS = {
    **dict.fromkeys(("y", "Y", "yes", "Yes", "YES", "on", "On", "ON"), True),
    **dict.fromkeys(("n", "N", "no", "No", "NO", "off", "Off", "OFF"), False),
}


@dataclass(frozen=True)
class Mark:
    """A 1-based position in a file."""

    line: int
    column: int


@dataclass
class YamlDocument:
    """Data read from one YAML file, with the position of every key and value.

    Positions are kept as the parser's own 0-based marks and turned into 1-based `Mark`s
    only when asked for: most files are valid, and then nobody asks.
    """

    path: str
    data: Any
    value_marks: dict[Path_, Any] = field(default_factory=dict)
    key_marks: dict[Path_, Any] = field(default_factory=dict)
    duplicate_keys: list[tuple[Path_, Mark]] = field(default_factory=list)

    def mark_for(self, path: Path_, *, key: bool = False) -> Mark:
        """The position of `path`, or of its nearest ancestor that exists."""
        marks = self.key_marks if key else self.value_marks
        probe = tuple(path)
        while probe:
            if probe in marks:
                return _one_based(marks[probe])
            if not key and probe in self.key_marks:
                return _one_based(self.key_marks[probe])
            probe = probe[:-1]
        root = self.value_marks.get(())
        return _one_based(root) if root is not None else Mark(1, 1)


def _one_based(mark: Any) -> Mark:
    return Mark(mark.line + 1, mark.column + 1)


class YamlError(InputError):
    """A YAML file that cannot be read as plain data; knows where the problem is."""

    def __init__(self, message: str, *, path: str, mark: Mark | None = None, rule: str) -> None:
        self.mark = mark or Mark(1, 1)
        self.rule = rule
        super().__init__(message, path=path, line=self.mark.line, column=self.mark.column)


def read_text(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """Read a UTF-8 text file with a size limit; errors name the file and what to do."""
    name = str(path)
    raw = read_input(path, max_bytes=max_bytes)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        raise YamlError(
            f"not UTF-8 text (byte 0x{raw[exc.start]:02x} at line {line}, column {column});"
            " save the file as UTF-8",
            path=name,
            mark=Mark(line, column),
            rule="encoding",
        ) from None
    return text.removeprefix("\ufeff")


def load_file(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> YamlDocument:
    """Load one YAML (or JSON, a subset of YAML) file. Raises InputError / YamlError."""
    return load_text(read_text(path, max_bytes=max_bytes), path=str(path))


def load_text(text: str, *, path: str = "<string>") -> YamlDocument:
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = Mark(mark.line + 1, mark.column + 1) if mark else None
        problem = exc.problem or str(exc)
        if exc.context and exc.context_mark and exc.context_mark is not mark:
            context_at = f"line {exc.context_mark.line + 1}, column {exc.context_mark.column + 1}"
            problem = f"{problem} ({exc.context} at {context_at})"
        hint = ""
        if mark is not None and "\t" in _line_at(text, mark.line)[: mark.column + 1]:
            hint = "; indent with spaces, not tabs"
        raise YamlError(
            f"invalid YAML: {problem}{hint}", path=path, mark=where, rule="yaml-syntax"
        ) from None
    except yaml.YAMLError as exc:
        raise YamlError(f"invalid YAML: {exc}", path=path, rule="yaml-syntax") from None
    except RecursionError:
        raise YamlError(
            f"nesting is too deep (over {MAX_DEPTH} levels)", path=path, rule="yaml-depth"
        ) from None
    finally:
        loader.dispose()
    document = YamlDocument(path=path, data=None)
    if root is not None:
        document.data = _Builder(document).build(root)
    return document


def _line_at(text: str, index: int) -> str:
    lines = text.splitlines()
    return lines[index] if 0 <= index < len(lines) else ""


class _Builder:
    def __init__(self, document: YamlDocument) -> None:
        self.document = document
        self.nodes = 0

    def fail(self, node: yaml.Node, message: str, rule: str) -> YamlError:
        mark = Mark(node.start_mark.line + 1, node.start_mark.column + 1)
        return YamlError(message, path=self.document.path, mark=mark, rule=rule)

    def build(self, node: yaml.Node, path: Path_ = (), depth: int = 0) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise self.fail(
                node,
                f"document expands to more than {MAX_NODES:,} values (an alias bomb?)",
                "yaml-size",
            )
        if depth > MAX_DEPTH:
            raise self.fail(node, f"nesting is deeper than {MAX_DEPTH} levels", "yaml-depth")
        self.document.value_marks[path] = node.start_mark
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != f"{_TAG}seq":
                raise self.fail(node, f"tag {node.tag} is not allowed here", "yaml-tag")
            return [self.build(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        if node.tag != f"{_TAG}map":
            raise self.fail(node, f"tag {node.tag} is not allowed here", "yaml-tag")
        mapping: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == f"{_TAG}merge":
                raise self.fail(key_node, "merge keys (<<) are not supported", "yaml-merge")
            if not isinstance(key_node, yaml.ScalarNode):
                raise self.fail(key_node, "a key must be a plain value", "yaml-key")
            self.scalar(key_node)  # rejects disallowed tags on keys too
            # Keys are names: `yes:` or `2025:` mean the text a person typed.
            key = key_node.value
            if key in mapping:
                self.document.duplicate_keys.append(((*path, key), _one_based(key_node.start_mark)))
            self.document.key_marks[(*path, key)] = key_node.start_mark
            mapping[key] = self.build(value_node, (*path, key), depth + 1)
        return mapping

    def integer(self, node: yaml.ScalarNode) -> int:
        value = None
        if len(node.value) <= _MAX_INTEGER_CHARS:
            value = _constructor.construct_yaml_int(node)
        if value is None or abs(value) > MAX_INTEGER:
            raise self.fail(
                node,
                f"integer of {len(node.value):,} characters is out of range "
                f"(at most {MAX_INTEGER:,} either way); is it a typo?",
                "yaml-int",
            )
        return value

    def scalar(self, node: yaml.ScalarNode) -> Any:
        tag = node.tag
        if tag not in _SCALAR_TAGS:
            raise self.fail(node, f"tag {tag} is not allowed; only plain data is", "yaml-tag")
        if tag == f"{_TAG}str" or tag == f"{_TAG}timestamp":
            return node.value
        if tag == f"{_TAG}null":
            return None
        if tag == f"{_TAG}bool":
            # YAML 1.2, as the published JSON Schema and its tools read a file: `no`,
            # `off` or `y` are text there, so they are text here too, and a boolean
            # answer written that way is an error that says what to write instead.
            if node.value in YAML12_BOOLEANS:
                return YAML12_BOOLEANS[node.value]
            return node.value
        if tag == f"{_TAG}int":
            return self.integer(node)
        return _constructor.construct_yaml_float(node)


def dump_yaml(data: Any, *, sort_keys: bool = True) -> str:
    """Deterministic block-style YAML for files we write."""
    return yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=sort_keys,
        allow_unicode=True,
        default_flow_style=False,
        width=100,
    )
