"""typer's value checks without pydantic where a value needs none of it.

typer checks every parameter's value through a pydantic TypeAdapter that it builds on
first use; importing pydantic and building the adapters is most of what running a
command costs over --help. This reaches into typer 0.29's internals (pyproject holds
typer to 0.29.x), so it lives apart from the CLI's wiring, installed once by `install`.
"""

from __future__ import annotations

import re
from enum import Enum
from pathlib import Path
from typing import Any

import typer
from typer._coercion import PassThroughRuntimeParam, RuntimeParam, build_runtime_param
from typer._param_types import coerce_cli_choice, coerce_cli_path
from typer.core import _TyperParameter

# A plain run's values need no adapter, and take typer's
# own adapter-free ways instead: an option left unset (typer maps None to None, or () for
# a list, before looking at the adapter), a value already of its parameter's type (typer
# passes an Enum member, a number or a text through as it is), and paths (typer's path
# check, without the conversion from text to Path that it asks pydantic for). Text typed
# on the command line is first turned into that type the way typer's adapter would: a
# choice by typer's own matching, a number only when it is plain digits (pydantic reads
# "1_000", " 5" or "1e3" in its own ways; those still go to it), a parser's result as the
# parser returns it. Any other value, and any text that does not convert, is checked by
# typer as before, so its error message is typer's.
_typer_process_value = _TyperParameter.process_value
_PLAIN_INT = re.compile(r"-?[0-9]{1,15}")
_PLAIN_FLOAT = re.compile(r"-?[0-9]{1,15}(\.[0-9]{1,15})?")


def _typer_coerce(value: Any, param: Any, ctx: Any) -> Any:
    """What typer makes of value, through its pydantic adapter."""
    return build_runtime_param(param.type_descriptor)._coerce_value(value, param=param, ctx=ctx)


# Each is RuntimeParam with its own _coerce_value and no field of its own: not made a
# dataclass again (typer does so with its PassThroughRuntimeParam), as @dataclass would
# only remake the methods it inherits, about 0.5 ms of every start each (issue 16).
class _PlainPaths(RuntimeParam):
    """A path, or each of a list, through typer's path check, turned into a Path first as
    pydantic would. typer words a refusal with the text as typed (adir/, not adir), so a
    refused path goes to typer for its message."""

    def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
        def checked(text: str | Path) -> Any:
            info = self.parameter_info
            return coerce_cli_path(Path(text), info, path_type=Path, param=param, ctx=ctx)

        try:
            single = isinstance(value, (str, Path))
            return checked(value) if single else [checked(v) for v in value]
        except typer.BadParameter:
            return _typer_coerce(value, param, ctx)


class _PlainTexts(RuntimeParam):
    """A list of texts as typer's adapter returns it: a new list of the same texts."""

    def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
        return list(value)


def _typed(descriptor: Any, ctx: Any, value: Any) -> Any:
    """value as typer's adapter would return it, or None where only the adapter can say."""
    annotation, info = descriptor.annotation, descriptor.parameter_info
    if not isinstance(annotation, type):
        return None
    if issubclass(annotation, Enum):
        if isinstance(value, annotation):
            return value
        try:
            return coerce_cli_choice(
                value, choices=tuple(annotation), case_sensitive=info.case_sensitive, ctx=ctx
            )
        except ValueError:
            return None
    if not isinstance(value, str):
        number = value if annotation in (int, float) and type(value) is annotation else None
    elif info.parser is not None:
        try:
            parsed = info.parser(value)
        except Exception:  # typer runs the parser again, and words its failure
            return None
        return parsed if isinstance(parsed, annotation) else None
    elif annotation is str:
        return value
    elif annotation is int and _PLAIN_INT.fullmatch(value):
        number = int(value)
    elif annotation is float and _PLAIN_FLOAT.fullmatch(value):
        number = float(value)
    else:
        return None
    if number is None or info.clamp:
        return None
    in_range = (info.min is None or number >= info.min) and (info.max is None or number <= info.max)
    return number if in_range else None


def _adapter_free(parameter: Any, ctx: Any, value: Any) -> tuple[RuntimeParam, Any] | None:
    descriptor = parameter.type_descriptor
    annotation, info = descriptor.annotation, descriptor.parameter_info
    if value is None:
        return PassThroughRuntimeParam(info, annotation), value
    if descriptor.file_annotation is not None:
        return None
    if annotation in (Path, list[Path]) and info.parser is None and info.path_type in (None, Path):
        paths = [value] if annotation is Path else value
        if isinstance(paths, (list, tuple)) and all(isinstance(p, (str, Path)) for p in paths):
            return _PlainPaths(info, annotation), value
        return None
    if annotation == list[str] and info.parser is None and isinstance(value, (list, tuple)):
        if all(isinstance(text, str) for text in value):
            return _PlainTexts(info, annotation), value
        return None
    if parameter.multiple or parameter.nargs != 1:
        return None
    typed = _typed(descriptor, ctx, value)
    return None if typed is None else (PassThroughRuntimeParam(info, annotation), typed)


def _process_value(self: Any, ctx: Any, value: Any) -> Any:
    adapter_free = None if self._runtime_param is not None else _adapter_free(self, ctx, value)
    if adapter_free is None:
        return _typer_process_value(self, ctx, value)
    self._runtime_param, value = adapter_free
    try:
        return _typer_process_value(self, ctx, value)
    finally:
        self._runtime_param = None


def install() -> None:
    """Route every typer parameter's value through `_process_value`."""
    _TyperParameter.process_value = _process_value  # type: ignore[method-assign]
