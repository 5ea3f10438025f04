"""The one exception tree. The CLI catches `VendorEvalError` in one place and turns it
into a one-line message on stderr with the exit code the error carries."""

from __future__ import annotations

from pathlib import Path

from vendor_eval.safe_text import printable

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_INPUT = 2


class VendorEvalError(Exception):
    """An error the user can act on. `str()` is the whole message, one line."""

    exit_code = EXIT_INPUT

    def __init__(self, message: str, *, path: str | Path | None = None) -> None:
        self.path = str(path) if path is not None else None
        self.message = " ".join(message.split())
        super().__init__(f"{printable(self.path)}: {self.message}" if self.path else self.message)


class InputError(VendorEvalError):
    """A file the user handed us is missing, unreadable or malformed."""


class InputProblems(InputError):
    """Several problems in one input file, reported together (one line each, with its
    line and column) so that one run shows everything there is to fix."""

    def __init__(self, problems: list[tuple[int, int, str]], *, path: str | Path) -> None:
        line, column, message = problems[0]
        super().__init__(message, path=path)
        self.lines = [
            f"{printable(str(path))}:{line}:{column}: {' '.join(message.split())}"
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
