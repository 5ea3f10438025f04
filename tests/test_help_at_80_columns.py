"""Every command's --help as a new user reads it in an 80-column terminal: no word or
placeholder cut across lines, choices named in full, one truthful default per option."""

from __future__ import annotations

import re

import pytest
import typer
from typer.testing import CliRunner

from vendor_eval.cli import app

BOX_EDGE = "│╭╮╰╯─"
BOX = str.maketrans(dict.fromkeys(BOX_EDGE, " "))


def _leaves(group, prefix=()):
    for name, command in group.commands.items():
        path = (*prefix, name)
        if hasattr(command, "commands"):
            yield from _leaves(command, path)
        else:
            yield path, command


COMMANDS = dict(_leaves(typer.main.get_command(app)))


def _help(path: tuple[str, ...], columns: int) -> str:
    result = CliRunner().invoke(app, [*path, "--help"], env={"COLUMNS": str(columns)})
    assert result.exit_code == 0, result.output
    return result.stdout


def _words(text: str) -> set[str]:
    return set(text.translate(BOX).split())


def test_every_command_is_checked():
    # The sweep of issue 11, item 8; a command added later is checked without being listed.
    expected = {("assess",), ("scan",), ("validate",), ("schema",), ("extract", "har")}
    expected |= {("checklist", "show"), ("extract", "subprocessors")}
    assert expected <= set(COMMANDS)


@pytest.mark.parametrize("path", COMMANDS, ids=" ".join)
def test_no_word_is_broken_across_lines_at_80_columns(path):
    # A terminal wide enough for every line shows each word whole: at 80 columns the
    # same words must be there, not pieces of them (<auto|text|json|github|s / arif>).
    narrow, wide = _help(path, 80), _help(path, 1000)
    assert max(len(line) for line in narrow.splitlines()) <= 80
    cut = _words(narrow) ^ _words(wide)
    assert not cut, f"{' '.join(path)} --help at 80 columns cuts {sorted(cut)}:\n{narrow}"
    for line in narrow.splitlines():
        # <vendor-slug> or <%Y-%m-%d> closes on its line (x>=1 of a range is no placeholder).
        assert not re.search(r"<[A-Za-z%][^>]*$", line), f"a placeholder cut in: {line!r}"
        assert not re.search(r"<[^<>\s]*\|", line), f"choices as a placeholder: {line!r}"


@pytest.mark.parametrize("path", COMMANDS, ids=" ".join)
def test_every_choice_is_named_whole_in_the_help(path):
    text = _help(path, 80)
    for param in COMMANDS[path].params:
        descriptor = getattr(param, "type_descriptor", None)
        if descriptor is None or not descriptor.is_choice:
            continue
        for choice in descriptor.choices:
            word = str(getattr(choice, "value", choice))
            assert re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text), (
                f"{' '.join(path)} --help does not name {param.name}'s choice {word!r}:\n{text}"
            )


@pytest.mark.parametrize("path", COMMANDS, ids=" ".join)
def test_an_option_states_one_default(path):
    # One line an option at this width: a default told in the help and typer's
    # [default: ...] on the same line contradict each other (--workers said both
    # "one per core" and 0).
    for line in _help(path, 1000).splitlines():
        if "[default:" in line:
            assert not re.search(r"(?i)(?<!\[)\bdefault\b", line), line.strip()


def test_schema_help_lists_the_schema_names():
    text = " ".join(_help(("schema",), 80).translate(BOX).split())
    assert "One of: profile, checklist, evidence, report." in text


def test_choice_options_show_a_short_placeholder():
    lines = _help(("validate",), 80).splitlines()
    assert any(re.search(r"--format\s+-f\s+FORMAT\s", line) for line in lines), lines
    scan = _help(("scan",), 80)
    assert re.search(r"--consent\s+CONSENT\s", scan)
    assert re.search(r"--workers\s+INTEGER\s+Pages at once\. Default: one per\s", scan)


@pytest.mark.parametrize("path", COMMANDS, ids=" ".join)
def test_each_paragraph_is_wrapped_as_one(path):
    # Wide enough for any paragraph, each is one line: a line break kept from the source
    # would leave a stub line ("named in") at 80 columns.
    prose = [
        line.strip()
        for line in _help(path, 1000).splitlines()
        if not line.startswith(tuple(BOX_EDGE))
    ]
    stubs = [a for a, b in zip(prose, prose[1:], strict=False) if a and b]
    assert not stubs, f"{' '.join(path)} --help breaks a paragraph after {stubs}"
