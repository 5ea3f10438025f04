"""Round-trip editing of a hand-written profile: set one answer, keep everything else.

Analysts annotate their profiles with comments and arrange them their own way, so an
update must change only the lines it has to. PyYAML drops comments; ruamel.yaml's
round-trip mode keeps them, and this module is the one place that uses it. Two of its
habits need help:

* a blank line (or a comment line) after an entry is stored with the *deepest last*
  value before it, so appending a key after that value would land the new key below the
  blank line; the "tail" is moved to the new last entry instead;
* it reads YAML 1.2, where `yes` is text, while the rest of vendor-eval reads YAML 1.1,
  where it is a boolean; new text that YAML 1.1 would read as something else is quoted.

A profile started with `vendor-eval init` lists every unanswered question as a
commented-out line (`#   offered:  # Will the vendor sign...`) under a commented-out
section line (`# baa:`). An answer takes the place of its own line: the line is
uncommented and given the value, and the question stays behind as the line's trailing
comment, so the file still says what each answer is for and which values it allows. The
section line is uncommented with the section's first answer. Where that cannot be done
exactly (the lines were edited by hand), the answer is inserted as for any profile.

A round trip through ruamel.yaml costs about as much as all of `validate` on a large
profile, most of it in sections no answer goes to (`sources` with its hundreds of
entries). So only the top-level entries an edit reaches are read with it; every other
entry stands aside as one placeholder line and is put back as the user's own text after
the dump (see _reduce). Where the entries cannot be told apart for certain, where an edit
reaches one (its trailing comments move, say), or where the result is not exactly the
intended data, the whole document goes through ruamel.yaml as before.

Every new text is re-read with `vendor_eval.yamlio` and compared with the data we meant
to write before it is saved, so a surprise in the round trip can never corrupt a file.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import os
import re
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import yaml

from vendor_eval import yamlio
from vendor_eval.errors import InputError, OutputError
from vendor_eval.fileio import atomic_write_text

# Indentation tried, in order, when the file's own style cannot be read from it:
# (mapping, sequence, offset) as ruamel.yaml names them.
_INDENT_CANDIDATES = ((2, 4, 2), (2, 2, 0), (4, 4, 0), (4, 6, 4), (4, 4, 2), (3, 5, 3))
_RESERVED_LAST = ("sources", "evidence", "notes")
_LINK_KEY_ORDER = ("path", "kind", "document_sha256")
_YAML11 = yaml.resolver.Resolver()


def _new_yaml(indent: tuple[int, int, int]) -> Any:
    from ruamel.yaml import YAML

    handler = YAML(typ="rt")
    handler.preserve_quotes = True
    handler.width = 4096  # never re-wrap an analyst's long lines
    mapping, sequence, offset = indent
    handler.indent(mapping=mapping, sequence=sequence, offset=offset)
    return handler


def _dump(handler: Any, data: Any) -> str:
    buffer = io.StringIO()
    handler.dump(data, buffer)
    return buffer.getvalue()


def _guess_indent(text: str) -> tuple[int, int, int]:
    """The (mapping, sequence, offset) indentation of the first nested blocks in `text`."""
    mapping = sequence_offset = item_indent = None
    lines = [
        line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")
    ]
    for above, below in zip(lines, lines[1:], strict=False):
        if not above.rstrip().endswith(":"):
            continue
        parent = len(above) - len(above.lstrip())
        child = len(below) - len(below.lstrip())
        stripped = below.lstrip()
        if stripped.startswith("- ") and child >= parent and sequence_offset is None:
            sequence_offset = child - parent
            after_dash = stripped[1:]
            item_indent = sequence_offset + 1 + len(after_dash) - len(after_dash.lstrip())
        elif child > parent and mapping is None:
            mapping = child - parent
        if mapping is not None and sequence_offset is not None:
            break
    mapping = mapping or 2
    if sequence_offset is None or item_indent is None:
        return (mapping, mapping + 2, mapping)
    return (mapping, item_indent, sequence_offset)


class _Kept(Exception):
    """An edit reached top-level entries kept aside as the user's text (`keys`): to
    change them, or (`for_tails`) only to move their trailing lines."""

    def __init__(self, keys: set[str], *, for_tails: bool = False) -> None:
        super().__init__(", ".join(sorted(keys)))
        self.keys = keys
        self.for_tails = for_tails


class ProfileDocument:
    """A profile loaded for editing: answers are set one at a time, then saved atomically."""

    def __init__(
        self,
        path: str | Path,
        text: str,
        *,
        on_disk: str | None = None,
        data: dict[str, Any] | None = None,
        keep_untouched: bool = True,
    ) -> None:
        """`on_disk` is the file's text as read, or None for a file that does not exist
        yet: a save refuses to replace anything else (someone else's change). `data` is
        `text` as vendor_eval.yamlio reads it, from a caller that has just read it so; the
        document takes it over. With `keep_untouched` (the default), top-level entries no
        edit reaches stay the user's text instead of going through ruamel.yaml (see
        _reduce); without it the whole document does."""
        self.path = Path(path)
        self._on_disk = on_disk
        # Edits are made with \n; a file written with \r\n gets them back on saving.
        self.newline = "\r\n" if _uses_crlf(text) else "\n"
        text = text.replace("\r\n", "\n")
        self.original_text = text
        if data is None:
            data = yamlio.load_text(text, path=str(path)).data
        self._expected = data
        if not isinstance(self._expected, dict):
            raise InputError("a profile must be a mapping (key: value) at the top", path=path)
        # The text edits start from, its top-level keys, and the edits made since, to
        # make again on another reading of it (another indentation, more entries read).
        # Comments are only ever carried over from this text, never made up: a field with
        # no commented-out line there has no skeleton line to fill.
        self._loaded_text = text
        self._loaded_keys = list(data)
        self._history: list[Callable[[], Any]] = []
        # ruamel.yaml reads the text at the first edit (or prepare()), with the
        # indentation the text appears to use. Whether dumping gives the text back (and,
        # if not, whether another indentation would) is settled only when it matters: a
        # dump costs about half a load, and a save dumps anyway (see _settle).
        self._indent = _guess_indent(text)
        self._handler: Any = None
        self._data: Any = None
        # What ruamel.yaml read: the loaded text, or it with the top-level entries in
        # `_kept` (key: the entry's lines) standing aside, each as one placeholder line.
        self._base_text = ""
        self._kept: dict[str, str] = {}
        self._reducible = keep_untouched
        # Entries kept aside that ruamel.yaml cannot read: an edit next to them leaves
        # their trailing lines where they are rather than refuse an answer given.
        self._unreadable: set[str] = set()
        self._settled = False
        # While unsettled: the lines of the base text whose values were set anew
        # (0-based).
        self._replaced_lines: set[int] = set()
        # ruamel's dump of the document as it stands, the full text made from it, and the
        # last text checked to hold exactly the intended data: an answer costs one dump and
        # one check, whatever the file's size, instead of one more dump for every field
        # looked up.
        self._raw_dump: str | None = None
        self._dumped: str | None = None
        self._checked: str | None = None
        # The last text checked, as yamlio read it; once saved, what the file holds.
        self._checked_read: yamlio.YamlDocument | None = None
        self._saved_read: yamlio.YamlDocument | None = None

    def _changed(self) -> None:
        self._raw_dump = self._dumped = self._checked = None

    def _raw_dump_now(self) -> str:
        if self._raw_dump is None:
            self._raw_dump = _dump(self._handler, self._data)
        return self._raw_dump

    def _current(self) -> str:
        """The document's text as it stands (with \\n line ends), not yet checked."""
        if self._data is None:
            return self._loaded_text
        self._settle()
        if self._dumped is None:
            dumped = self._raw_dump_now()
            if self._kept:
                restored = _restore(dumped, self._kept)
                if restored is None:
                    self._read_whole()
                    return self._current()
                dumped = restored
            self._dumped = dumped
        return self._dumped

    def prepare(self, order: Sequence[str] = ()) -> None:
        """Read the document for editing now, so that sections ruamel.yaml cannot read are
        refused before any answer is asked; the top-level sections of `order` (the
        checklist's fields) are read together, since answers go there. Entries kept
        aside are not read by it, so a later need to read them whole must not refuse an
        answer already given (see _read_whole's callers)."""
        if self._data is None:
            self._build(set(_sibling_order(order, ())))

    def _build(self, open_keys: set[str]) -> None:
        """Read the loaded text with ruamel.yaml, the top-level entries outside
        `open_keys` kept aside as the user wrote them (when the text allows it), and make
        the edits made since it was loaded again."""
        from ruamel.yaml.error import YAMLError

        reduced = None
        if self._reducible:
            reduced = _reduce(self._loaded_text, self._loaded_keys, open_keys)
        if reduced is not None:
            text, kept = reduced
            handler = _new_yaml(self._indent)
            try:
                data = handler.load(text)
            except YAMLError:
                # An alias to an anchor in an entry kept aside, say: read it all.
                reduced = None
        if reduced is None:
            self._reducible = False
            text, kept = self._loaded_text, {}
            handler, data = self._read(text, self._indent)
        self._handler, self._data, self._base_text, self._kept = handler, data, text, kept
        self._settled = False
        self._replaced_lines = set()
        self._changed()
        if self._history:
            self._expected = yamlio.load_text(self._loaded_text, path=str(self.path)).data
            for edit in self._history:
                edit()

    def _read_whole(self) -> None:
        """From now on, read and dump the whole document (today's edits made again).
        When ruamel.yaml cannot read it whole, the InputError leaves the document as it
        was, entries kept aside and all, for a caller that can do without."""
        reducible, self._reducible = self._reducible, False
        try:
            self._build(set())
        except InputError:
            self._reducible = reducible
            raise

    def _edit(self, edit: Callable[[], Any], section: str, order: Sequence[str]) -> None:
        """Make `edit` (which raises _Kept, having changed nothing, when it reaches entries
        kept aside: they are read then, and it is made again) and remember it."""
        if self._data is None:
            self._build({section, *_sibling_order(order, ())})
        while True:
            try:
                edit()
            except _Kept as kept:
                open_keys = set(self._loaded_keys) - set(self._kept)
                reducible = self._reducible
                try:
                    self._build(open_keys | kept.keys)
                except InputError:
                    if not kept.for_tails:
                        raise
                    self._reducible = reducible
                    self._unreadable |= kept.keys
                continue
            self._history.append(edit)
            return

    def _need(self, *keys: str, for_tails: bool = False) -> None:
        kept = {key for key in keys if key in self._kept}
        if for_tails:
            kept -= self._unreadable
        if kept:
            raise _Kept(kept, for_tails=for_tails)

    def _read(self, text: str, indent: tuple[int, int, int]) -> tuple[Any, Any]:
        from ruamel.yaml.error import YAMLError

        handler = _new_yaml(indent)
        try:
            return handler, handler.load(text)
        except YAMLError as exc:
            raise InputError(
                f"cannot be edited safely: {' '.join(str(exc).split())}", path=self.path
            ) from None

    def _load(self, text: str) -> tuple[Any, Any, bool]:
        """Handler and data for `text`, and whether dumping them gives `text` back."""
        guessed = _guess_indent(text)
        candidates = (guessed, *(c for c in _INDENT_CANDIDATES if c != guessed))
        first: tuple[Any, Any] | None = None
        for indent in candidates:
            handler, data = self._read(text, indent)
            if _dump(handler, data) == text:
                return handler, data, True
            first = first or (handler, data)
        # No indentation reproduces the file exactly (it mixes styles): edits still keep
        # comments and order, and the data check in text() still guards the content.
        assert first is not None
        return (*first, False)

    def _settle(self) -> None:
        """Make the document what reading the whole loaded text with `_load` would have
        made it: read with the first indentation whose dump gives the loaded text back,
        or with the guessed one when none does, and with the edits made since. A
        document read with entries kept aside keeps them aside when its own dump shows
        the guessed indentation to be right (see _confirms); else it is read whole."""
        if self._settled or self._data is None:
            return
        dumped = self._raw_dump_now()
        if self._confirms(dumped) if self._history else dumped == self._base_text:
            self._settled, self._replaced_lines = True, set()
            return
        if self._kept:
            try:
                self._read_whole()
            except InputError:
                # ruamel.yaml cannot read an entry kept aside: the sections read keep
                # the guessed indentation, as when no indentation reproduces a file.
                self._settled, self._replaced_lines = True, set()
                return
            self._settle()
            return
        self._settled = True
        handler, _, _ = self._load(self._loaded_text)
        if _indent_of(handler) == _indent_of(self._handler):
            return
        self._indent = _indent_of(handler)
        self._read_whole()
        self._settled, self._replaced_lines = True, set()

    def _confirms(self, text: str) -> bool:
        """Whether `text`, dumped from the edited document, shows the guessed indentation
        to be the one `_load` would settle on: the base text's lines are all still there,
        in order, around the lines inserted, but where a value was set anew. ruamel.yaml
        lays out every block by its indentation, so had another indentation reproduced the
        base text (and the guessed one not), the lines of the blocks the two lay out
        apart would be missing."""
        old = self._base_text.splitlines()
        replaced: set[int] = set()
        for line in self._replaced_lines:
            replaced.update(_value_block(old, line))
        new = iter(text.splitlines())
        # `line in new` consumes the iterator up to the match: an in-order search.
        return all(line in new for index, line in enumerate(old) if index not in replaced)

    @classmethod
    def read(cls, path: str | Path) -> ProfileDocument:
        text = yamlio.read_text(path)
        return cls(path, text, on_disk=text)

    @property
    def saved(self) -> yamlio.YamlDocument | None:
        """The file as this document last saved it, read by yamlio (the check before the
        save read it so already); None before the first save."""
        return self._saved_read

    @classmethod
    def new(
        cls,
        path: str | Path,
        *,
        vendor_name: str,
        checklist: str,
        as_of: str,
        vendor_lines: Sequence[str] = (),
    ) -> ProfileDocument:
        """A fresh profile with only who the vendor is (`vendor_lines` are written under
        its name) and which checklist applies."""
        text = (
            "# Vendor profile written by `vendor-eval assess`; edit freely, comments are kept.\n"
            "vendor:\n"
            f"  name: {_plain_or_quoted(vendor_name)}\n"
            + "".join(f"{line}\n" for line in vendor_lines)
            + "\n"
            "assessment:\n"
            f"  checklist: {_plain_or_quoted(checklist)}\n"
            f'  as_of: "{as_of}"\n'
            "  status: draft\n"
        )
        return cls(path, text)

    @property
    def data(self) -> dict[str, Any]:
        """The profile's content as plain data (what vendor_eval.yamlio would read)."""
        return copy.deepcopy(self._expected)

    def set_answer(self, field: str, value: Any, *, order: Sequence[str] = ()) -> None:
        """Set the answer at dotted `field`. New keys are placed following `order`, the
        checklist's fields, so a profile keeps reading in checklist order."""
        if self._fill_skeleton_line(field, value):
            return
        self._edit(lambda: self._set_answer(field, value, order), field.split(".")[0], order)

    def _set_answer(self, field: str, value: Any, order: Sequence[str]) -> None:
        from ruamel.yaml.comments import CommentedMap

        parts = field.split(".")
        self._need(parts[0])
        node = self._data
        expected = self._expected
        depth = 0
        while depth < len(parts) - 1 and node.get(parts[depth]) is not None:
            part = parts[depth]
            if not isinstance(node[part], CommentedMap) or not isinstance(expected[part], dict):
                raise InputError(
                    f"{'.'.join(parts[: depth + 1])} holds a value, not a section; "
                    "fix the profile by hand",
                    path=self.path,
                )
            node, expected = node[part], expected[part]
            depth += 1
        # Missing sections are built whole before insertion, so that spacing is given to
        # their last line rather than to an empty mapping.
        new_value: Any = _to_yaml(value)
        plain_value: Any = copy.deepcopy(value)
        for part in reversed(parts[depth + 1 :]):
            new_value = CommentedMap([(part, new_value)])
            plain_value = {part: plain_value}
        self._changed()
        self._put(node, parts[depth], new_value, _sibling_order(order, parts[:depth]))
        expected[parts[depth]] = plain_value

    def _fill_skeleton_line(self, field: str, value: Any) -> bool:
        """Write the answer into its commented-out skeleton line, uncommenting the section
        line if need be. False (and nothing changed) when there is no such line to use."""
        parts = field.split(".")
        if len(parts) != 2:
            return False
        section, leaf = parts
        current = self._expected.get(section)
        if section in self._expected and not (current is None or isinstance(current, dict)):
            return False
        if isinstance(current, dict) and leaf in current:
            return False
        if not re.search(rf"# +{re.escape(leaf)}:", self._loaded_text):
            return False
        rendered = _dump(_new_yaml((2, 4, 2)), {"v": _to_yaml(value)})[len("v: ") :]
        rendered = rendered.rstrip("\n")
        if "\n" in rendered:
            return False
        # The skeleton line is looked for in, and checked against, the whole dump.
        if self._data is None or self._kept:
            try:
                self._read_whole()
            except InputError:
                # An entry kept aside is one ruamel.yaml cannot read (prepare() did not
                # read it): the answer is inserted instead of refused once given.
                return False
        lines = self._current().splitlines(keepends=True)
        live = section in self._expected
        header = re.compile(rf"{'' if live else '# '}{re.escape(section)}:(\s.*)?\n?")
        skeleton = re.compile(rf"# (?P<indent> +){re.escape(leaf)}:(?P<rest>\s+#.*)?(?P<end>\n?)")
        candidates = []
        for start, line in enumerate(lines):
            if not header.fullmatch(line):
                continue
            for index in _block_lines(lines, start + 1):
                found = skeleton.fullmatch(lines[index])
                if found:
                    candidates.append((start, index, found))
        if len(candidates) != 1:
            return False
        start, index, found = candidates[0]
        edited = list(lines)
        if not live:
            edited[start] = lines[start][len("# ") :]
        edited[index] = (
            f"{found['indent']}{leaf}: {rendered}{found['rest'] or ''}{found['end'] or ''}"
        )
        text = "".join(edited)
        expected = copy.deepcopy(self._expected)
        expected.setdefault(section, None)
        if expected[section] is None:
            expected[section] = {}
        expected[section][leaf] = copy.deepcopy(value)
        try:
            read = yamlio.load_text(text, path=str(self.path))
            if read.data != expected:
                return False
            handler, data, exact = self._load(text)
        except InputError:
            return False
        if not exact:
            return False
        self._handler, self._data, self._expected = handler, data, expected
        self._indent, self._settled, self._history = _indent_of(handler), True, []
        self._loaded_keys = list(expected)
        self._raw_dump = self._dumped = self._checked = self._loaded_text = text
        self._base_text = text
        self._checked_read = read
        return True

    def add_evidence_link(self, link: dict[str, Any]) -> bool:
        """Append an entry to the top-level `evidence:` list unless its path is there."""
        links = self._expected.get("evidence") or []
        if any(isinstance(e, dict) and e.get("path") == link["path"] for e in links):
            return False
        self._edit(lambda: self._add_evidence_link(link), "evidence", ())
        return True

    def _add_evidence_link(self, link: dict[str, Any]) -> None:
        from ruamel.yaml.comments import CommentedMap, CommentedSeq

        self._need("evidence")
        keys = [k for k in _LINK_KEY_ORDER if k in link]
        keys += sorted(k for k in link if k not in _LINK_KEY_ORDER)
        entry = CommentedMap((key, _to_yaml(link[key])) for key in keys)
        current = self._data.get("evidence")
        self._changed()
        if not isinstance(current, CommentedSeq) or not current:
            self._put(self._data, "evidence", CommentedSeq([entry]), ())
            self._expected["evidence"] = [copy.deepcopy(link)]
            return
        tail = _take_tail(current, len(current) - 1)
        current.append(entry)
        _give_tail(current, len(current) - 1, tail)
        self._expected["evidence"].append(copy.deepcopy(link))

    def text(self) -> str:
        """The updated file, checked to hold exactly the intended data."""
        text, read = self._checked_text()
        if read is None and self._kept:
            # Something in the entries kept aside needed the round trip (an anchor whose
            # value changed, say): the whole document goes through it instead.
            self._read_whole()
            text, read = self._checked_text()
        if read is None:
            raise OutputError(
                "could not update this profile without changing other content; "
                "nothing was written (edit it by hand, or report the file's layout as a "
                "bug)",
                path=self.path,
            )
        self._checked, self._checked_read = text, read
        return text.replace("\n", self.newline) if self.newline != "\n" else text

    def _checked_text(self) -> tuple[str, yamlio.YamlDocument | None]:
        """The text as it stands, and yamlio's reading of it when that is exactly the
        intended data (else None)."""
        text = self._current()
        if text and not text.endswith("\n"):
            # ruamel.yaml loses the final line break when an end-of-line comment, such as
            # the one after `evidence: []` in a new profile, moves above a block list.
            text += "\n"
        if text == self._checked:
            return text, self._checked_read
        try:
            read = yamlio.load_text(text, path=str(self.path))
        except yamlio.YamlError:
            return text, None
        return text, read if read.data == self._expected else None

    def save(self) -> None:
        """Write the profile, unless the file on disk is no longer the one this document
        read or last wrote: then someone else changed it, their file stays as it is, these
        answers go to a file beside it, and a ProfileConflict says where."""
        text = self.text()
        current = _current_text(self.path)
        if current != self._on_disk:
            mine = self.path.with_name(f"{self.path.name}.mine-{dt.datetime.now():%Y%m%d-%H%M%S}")
            atomic_write_text(mine, text, force=False)
            change = _what_changed(self.path, self._on_disk, current)
            raise ProfileConflict(self.path, change, mine)
        atomic_write_text(self.path, text, force=True)
        self._on_disk = text
        self._saved_read = self._checked_read

    def _put(self, mapping: Any, key: str, value: Any, sibling_order: Sequence[str]) -> None:
        # Top-level entries whose trailing lines move must be read, not kept aside.
        at_top = mapping is self._data
        if key in mapping:
            if at_top:
                self._need(key)
            # A section this document made has no line numbers (lc.data is None).
            if not self._settled and key in (mapping.lc.data or {}):
                self._replaced_lines.add(mapping.lc.data[key][0])
            tail = _take_tail(mapping, key)
            previous = mapping[key]
            if hasattr(previous, "ca") and hasattr(value, "ca") and isinstance(value, list):
                _carry_item_comments(previous, value)
            mapping[key] = value
            _give_tail(mapping, key, tail)
            return
        keys = list(mapping.keys())
        position = _insert_position(keys, key, sibling_order)
        if at_top:
            neighbours = keys[-2:] if position == len(keys) else keys[position - 1 : position]
            self._need(*neighbours, for_tails=True)
        if position == len(keys):
            tail = _take_tail(mapping, keys[-1]) if keys else ""
            mapping.insert(position, key, value)
            if len(keys) >= 2:
                # Separate the new last entry from the one before as its siblings are.
                _give_tail(mapping, keys[-1], _blank_prefix(_peek_tail(mapping, keys[-2])))
            _give_tail(mapping, key, tail)
            return
        mapping.insert(position, key, value)
        if position > 0:
            # Comment lines after the previous entry introduce the next one, so the new
            # entry goes above them; blank lines between sections end up on both sides.
            tail = _take_tail(mapping, keys[position - 1])
            _give_tail(mapping, keys[position - 1], _blank_prefix(tail))
            _give_tail(mapping, key, tail)


class ProfileConflict(OutputError):
    """The profile changed on disk while it was being edited here."""

    def __init__(self, path: Path, change: str, mine: Path) -> None:
        self.mine = mine
        super().__init__(
            f"{change} since this session read it, so it was not overwritten; your answers "
            f"are saved in {mine.name} beside it and the other change stays in place: merge "
            "the two by hand, then run assess again",
            path=path,
        )


def _current_text(path: Path) -> str | None:
    try:
        return yamlio.read_text(path)
    except InputError:
        return None if not os.path.lexists(path) else ""


def _what_changed(path: Path, before: str | None, after: str | None) -> str:
    """Who changed the file and how, in a few words: the owner and time of the change and
    the answers that differ."""
    if after is None:
        return "it was deleted"
    if before is None:
        return f"it was created{_changed_by(path)}"
    try:
        old = yamlio.load_text(before).data
        new = yamlio.load_text(after).data
    except InputError:
        return "it was changed (it no longer reads as YAML)"
    fields = sorted(_differing_fields(old, new))
    listed = ", ".join(fields[:5]) + (f" and {len(fields) - 5} more" if len(fields) > 5 else "")
    return f"it was changed{_changed_by(path)} ({listed or 'comments or layout only'})"


def _changed_by(path: Path) -> str:
    """' by USER at HH:MM:SS', from the file's owner and modification time."""
    try:
        info = path.stat()
    except OSError:
        return ""
    try:
        import pwd

        owner = pwd.getpwuid(info.st_uid).pw_name
    except (ImportError, KeyError):
        owner = f"user {info.st_uid}"
    return f" by {owner} at {dt.datetime.fromtimestamp(info.st_mtime):%H:%M:%S}"


def _differing_fields(old: Any, new: Any, prefix: str = "") -> Iterator[str]:
    if isinstance(old, dict) and isinstance(new, dict):
        for key in sorted(set(old) | set(new), key=str):
            yield from _differing_fields(old.get(key), new.get(key), f"{prefix}{key}.")
    elif old != new:
        yield prefix.rstrip(".") or "the whole file"


def _uses_crlf(text: str) -> bool:
    """Whether most line ends in `text` are \r\n."""
    crlf = text.count("\r\n")
    return crlf > 0 and crlf * 2 >= text.count("\n")


def _block_lines(lines: Sequence[str], first: int) -> Iterator[int]:
    """Indexes of the lines that belong to the top-level entry whose key line precedes
    `first`: blank, indented or skeleton (`#` and three or more spaces) lines. A line at
    the margin, such as the next key, a `## Heading` or a `# section:` line, ends it."""
    for index in range(first, len(lines)):
        line = lines[index]
        if line.strip() and not line[0].isspace() and not line.startswith("#   "):
            return
        yield index


# A top-level key as people and `vendor-eval init` write them: a plain name at the margin.
_TOP_LEVEL_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*):(?:[ \t]|$)")
_AT_MARGIN = re.compile(r"^[^\s#].*", re.MULTILINE)
_KEPT_VALUE = "vendor-eval-kept-"


def _reduce(
    text: str, keys: Sequence[str], open_keys: set[str]
) -> tuple[str, dict[str, str]] | None:
    """`text` with each top-level entry outside `open_keys` standing aside: its lines (key
    line to the next key line, comments and blank lines included) replaced by one line,
    `key: vendor-eval-kept-key`, which ruamel.yaml reads and dumps in a moment where the
    whole entry would cost a round trip through every line of it. Returns that text and
    the entries stood aside (key: lines), or None when the top-level entries cannot be
    told apart for certain: every line at the margin that is not a comment must be the
    key line of the next of `keys` (yamlio's reading of the text), so that a document
    marker, a directive, a key written another way or a value running on at the margin
    leaves the text whole."""
    if not text.endswith("\n") or _KEPT_VALUE in text:
        return None
    starts: list[int] = []
    for index, line in enumerate(_AT_MARGIN.finditer(text)):
        found = _TOP_LEVEL_KEY.match(line.group())
        if found is None or index >= len(keys) or found.group(1) != keys[index]:
            return None
        starts.append(line.start())
    if len(starts) != len(keys):
        return None
    parts = [text[: starts[0]] if starts else text]
    kept: dict[str, str] = {}
    for key, start, end in zip(keys, starts, [*starts[1:], len(text)], strict=True):
        if key in open_keys:
            parts.append(text[start:end])
        else:
            kept[key] = text[start:end]
            parts.append(f"{key}: {_KEPT_VALUE}{key}\n")
    return "".join(parts), kept


def _restore(dumped: str, kept: dict[str, str]) -> str | None:
    """`dumped` with the entries stood aside by _reduce back in place of their lines, or
    None when a placeholder line is not there exactly once."""
    placeholders = {f"{key}: {_KEPT_VALUE}{key}\n": entry for key, entry in kept.items()}
    lines = dumped.splitlines(keepends=True)
    restored = [placeholders.get(line, line) for line in lines]
    if sum(line in placeholders for line in lines) != len(kept):
        return None
    return "".join(restored)


def _indent_of(handler: Any) -> tuple[int, int, int]:
    return (handler.map_indent, handler.sequence_indent, handler.sequence_dash_offset)


def _value_block(lines: Sequence[str], first: int) -> Iterator[int]:
    """The line `first` (a key) and the lines below it that belong to its value."""
    yield first
    margin = len(lines[first]) - len(lines[first].lstrip())
    for index in range(first + 1, len(lines)):
        line = lines[index]
        indent = len(line) - len(line.lstrip())
        below = indent > margin or (indent == margin and line.lstrip().startswith("- "))
        if line.strip() and not below:
            return
        yield index


def _blank_prefix(tail: str) -> str:
    return tail[: len(tail) - len(tail.lstrip("\n"))]


def _sibling_order(order: Sequence[str], prefix: Sequence[str]) -> list[str]:
    """Names of the keys under `prefix`, in the order their fields appear in `order`."""
    depth = len(prefix)
    names: list[str] = []
    for field in order:
        parts = field.split(".")
        if len(parts) > depth and parts[:depth] == list(prefix) and parts[depth] not in names:
            names.append(parts[depth])
    return names


def _insert_position(keys: list[Any], key: str, sibling_order: Sequence[str]) -> int:
    if key in sibling_order:
        rank = sibling_order.index(key)
        later = [
            i for i, k in enumerate(keys) if k in sibling_order and sibling_order.index(k) > rank
        ]
        if later:
            return later[0]
        known = [i for i, k in enumerate(keys) if k in sibling_order]
        if known:
            return known[-1] + 1
    reserved = [i for i, k in enumerate(keys) if k in _RESERVED_LAST]
    if key not in _RESERVED_LAST and reserved:
        return reserved[0]
    return len(keys)


def _last_slot(container: Any, key: Any) -> tuple[Any, Any, int]:
    """The comment slot that ends the entry `key` of `container`: the deepest last item of
    a block collection, else the entry itself. Returns (owner, key, index in ca.items)."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    value = container[key]
    # A tagged scalar (`!!str 2026-03-03`) has flow attributes too, but no items.
    is_block = isinstance(value, (CommentedMap, CommentedSeq)) and not value.fa.flow_style()
    if is_block and len(value):
        last = list(value.keys())[-1] if isinstance(value, dict) else len(value) - 1
        return _last_slot(value, last)
    return container, key, 2 if isinstance(container, dict) else 0


def _tail_token(container: Any, key: Any) -> tuple[Any, str, str]:
    """The comment token after entry `key`, split into the end of that entry's own line
    and what follows it (blank lines, comment lines)."""
    owner, slot_key, index = _last_slot(container, key)
    entry = owner.ca.items.get(slot_key)
    token = entry[index] if entry and len(entry) > index else None
    if token is None or not isinstance(token.value, str):
        return None, "", ""
    head, newline, rest = token.value.partition("\n")
    return (token, head, rest) if newline else (None, "", "")


def _peek_tail(container: Any, key: Any) -> str:
    return _tail_token(container, key)[2]


def _take_tail(container: Any, key: Any) -> str:
    """Detach what follows the line that ends entry `key` (blank lines, comment lines)."""
    token, head, rest = _tail_token(container, key)
    if token is not None:
        token.value = head + "\n"
    return rest


def _give_tail(container: Any, key: Any, tail: str) -> None:
    if not tail:
        return
    from ruamel.yaml.error import CommentMark
    from ruamel.yaml.tokens import CommentToken

    owner, slot_key, index = _last_slot(container, key)
    width = 4 if isinstance(owner, dict) else 2
    entry = owner.ca.items.setdefault(slot_key, [None] * width)
    while len(entry) <= index:
        entry.append(None)
    token = entry[index]
    if token is None:
        entry[index] = CommentToken("\n" + tail, CommentMark(0), None)
    else:
        token.value = token.value + tail


def _carry_item_comments(old: Any, new: Any) -> None:
    """Keep the end-of-line comment of each list item that survives a change of the list."""
    for old_index, item in enumerate(old):
        comment = old.ca.items.get(old_index)
        if comment and item in new:
            new.ca.items[new.index(item)] = comment
    if old.fa.flow_style():
        new.fa.set_flow_style()
    else:
        new.fa.set_block_style()


def _plain_or_quoted(text: str) -> str:
    return _dump(_new_yaml((2, 4, 2)), {"v": _to_yaml(text)})[len("v: ") :].rstrip("\n")


def _to_yaml(value: Any) -> Any:
    from ruamel.yaml.comments import CommentedSeq
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    if isinstance(value, list):
        sequence = CommentedSeq(_to_yaml(v) for v in value)
        sequence.fa.set_flow_style()
        return sequence
    if isinstance(value, str):
        resolved = _YAML11.resolve(yaml.ScalarNode, value, (True, False))
        if resolved != "tag:yaml.org,2002:str":
            # Dates ("2025-12-31"), "yes", "123"... stay text for every YAML reader.
            return DoubleQuotedScalarString(value)
    return value
