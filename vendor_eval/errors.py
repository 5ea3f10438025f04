"""The one exception tree. The CLI catches `VendorEvalError` in one place and turns it
into a one-line message on stderr with the exit code the error carries."""

from __future__ import annotations

from pathlib import Path

from vendor_eval.safe_text import printable

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_INPUT = 2


def location(path: str | Path, line: int | None = None, column: int = 1) -> str:
    """Where a problem is, as every command prints it: `path:line:col`, the form editors
    and CI annotations parse (`path` alone when the position is not known)."""
    shown = printable(str(path))
    return shown if line is None else f"{shown}:{line}:{column}"


class VendorEvalError(Exception):
    """An error the user can act on. `str()` is the whole message, one line."""

    exit_code = EXIT_INPUT

    def __init__(
        self,
        message: str,
        *,
        path: str | Path | None = None,
        line: int | None = None,
        column: int = 1,
    ) -> None:
        self.path = str(path) if path is not None else None
        self.message = " ".join(message.split())
        where = location(self.path, line, column) if self.path is not None else None
        super().__init__(f"{where}: {self.message}" if where else self.message)


class InputError(VendorEvalError):
    """A file the user handed us is missing, unreadable or malformed."""


class InputProblems(InputError):
    """Several problems in one input file, reported together (one line each, with its
    line and column) so that one run shows everything there is to fix."""

    def __init__(self, problems: list[tuple[int, int, str]], *, path: str | Path) -> None:
        line, column, message = problems[0]
        super().__init__(message, path=path, line=line, column=column)
        self.lines = [
            f"{location(path, line, column)}: {' '.join(message.split())}"
            for line, column, message in problems
        ]


class UsageError(VendorEvalError):
    """The arguments do not make sense together."""


class OutputError(VendorEvalError):
    """We could not write where we were asked to, or refused to overwrite."""


class PdfError(InputError):
    """A PDF could not be opened or read."""


class PdfPasswordError(PdfError):
    """A PDF is encrypted and no (or the wrong) password was given."""
