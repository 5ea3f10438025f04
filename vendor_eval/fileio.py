"""Safe opens and atomic writes: only regular files are read, a crash never leaves a
half-written file behind, and no write lands on a special file or on an input."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import re
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

from vendor_eval.errors import InputError, OutputError


def open_input(path: str | Path, *, expected: str = "a file") -> BinaryIO:
    """Open a file the user named, for reading bytes; an InputError says what is wrong.

    Only a regular file is opened: a FIFO would make us wait forever for a writer, and a
    device can be endless. The open itself does not block (O_NONBLOCK) so that a FIFO is
    seen for what it is before anything waits on it."""
    shown = str(path)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        if os.path.islink(path):
            raise InputError(
                "is a broken symlink (its target does not exist)", path=shown
            ) from None
        raise InputError("no such file", path=shown) from None
    except IsADirectoryError:
        raise InputError(f"is a directory; expected {expected}", path=shown) from None
    except PermissionError:
        raise InputError("permission denied; check the file's permissions", path=shown) from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise InputError("is a symlink loop", path=shown) from None
        raise InputError(f"cannot be read ({exc.strerror or exc})", path=shown) from None
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise InputError(f"is a directory; expected {expected}", path=shown)
        if not stat.S_ISREG(mode):
            raise InputError(f"is {special_file_kind(mode)}, not a regular file", path=shown)
        os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return os.fdopen(fd, "rb")


def special_file_kind(mode: int) -> str:
    """What a file that is not a regular file or folder is, in words."""
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"


def read_input(path: str | Path, *, max_bytes: int, expected: str = "a file") -> bytes:
    """The whole of a file the user named, refusing one larger than `max_bytes` before
    reading it (a wrong path can point at a disk image)."""
    with open_input(path, expected=expected) as handle:
        try:
            size = os.fstat(handle.fileno()).st_size
            if size > max_bytes:
                raise InputError(
                    f"is {size / 1_048_576:.1f} MB, over the {max_bytes // 1_048_576} MB limit "
                    f"for {expected}; is it the right file?",
                    path=str(path),
                )
            # read(n) allocates n bytes up front, so ask only for what the file holds.
            return handle.read(size + 1)
        except OSError as exc:
            raise InputError(f"cannot be read ({exc.strerror or exc})", path=str(path)) from None


def atomic_write_text(
    path: str | Path, text: str, *, force: bool = True, inputs: Iterable[str | Path] = ()
) -> None:
    """Write `text` to `path` via a temp file in the same folder, fsync, then `os.replace`.

    Only a new path or a regular file is written; a symlink to a regular file is written
    through, to its target, and stays a symlink. With `force=False` an existing file is
    left alone. A path that is one of `inputs` (the files this run reads) is never
    written. Each refusal is an OutputError.
    """
    shown = Path(path)
    target = write_target(shown)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(f"folder {folder} does not exist; create it first", path=shown)
    existing = _existing_mode(target, shown)
    if existing is not None:
        if stat.S_ISDIR(existing):
            raise OutputError("is a directory; give a file name", path=shown)
        if not stat.S_ISREG(existing):
            raise OutputError(
                f"is {special_file_kind(existing)}, not a regular file; give a file name",
                path=shown,
            )
        if _is_one_of(target, inputs):
            raise OutputError("is one of the input files; give another output file", path=shown)
        if not force:
            raise OutputError("already exists; pass --force to overwrite it", path=shown)
    try:
        fd, tmp_name = tempfile.mkstemp(
            prefix=_temp_prefix(target), suffix=_TEMP_SUFFIX, dir=folder
        )
    except OSError as exc:
        raise OutputError(f"cannot write here: {exc.strerror}", path=shown) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if existing is not None:
            # Keep the analyst's permissions on a file we replace.
            with contextlib.suppress(OSError):
                os.chmod(tmp_name, stat.S_IMODE(existing))
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp_name, 0o666 & ~umask)
        os.replace(tmp_name, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise OutputError(f"cannot write: {exc.strerror}", path=shown) from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise
    _fsync_folder(folder)


def write_target(path: Path) -> Path:
    """The file a write to `path` should replace: `path` itself, or the file a symlink
    (or a chain of them) points at, so that the link stays a link."""
    if not path.is_symlink():
        return path
    try:
        return Path(os.path.realpath(path, strict=True))
    except OSError:
        raise OutputError(
            "is a symlink whose target does not exist (or a symlink loop); give a file name",
            path=path,
        ) from None


def _existing_mode(target: Path, shown: Path) -> int | None:
    try:
        return target.lstat().st_mode
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise OutputError(f"cannot be checked ({exc.strerror})", path=shown) from None


def _is_one_of(target: Path, inputs: Iterable[str | Path]) -> bool:
    for item in inputs:
        with contextlib.suppress(OSError):
            if os.path.samefile(target, item):
                return True
    return False


def _fsync_folder(folder: Path) -> None:
    # Makes the rename itself durable; not every filesystem allows opening a folder.
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


_TEMP_SUFFIX = ".tmp"


def _temp_prefix(target: Path) -> str:
    return f".{target.name}."


def remove_stale_temp_files(path: Path, *, older_than: float) -> list[Path]:
    """Delete the temp files that saves of `path` left behind when they were killed
    (SIGKILL, power loss) before renaming them into place. Only names that
    `atomic_write_text` gives (`.NAME.` + 8 random characters + `.tmp`), only
    regular files of this user, and only those last written before `older_than` (a
    time.time() value), so a save running now in another process is left alone."""
    # tempfile.mkstemp puts 8 random characters between the prefix and the suffix.
    pattern = re.compile(re.escape(_temp_prefix(path)) + r"[a-z0-9_]{8}" + re.escape(_TEMP_SUFFIX))
    uid = os.getuid() if hasattr(os, "getuid") else None
    removed = []
    try:
        entries = list(os.scandir(path.parent))
    except OSError:
        return []
    for entry in entries:
        if not pattern.fullmatch(entry.name):
            continue
        try:
            info = entry.stat(follow_symlinks=False)
            if not stat.S_ISREG(info.st_mode) or info.st_mtime >= older_than:
                continue
            if uid is not None and info.st_uid != uid:
                continue
            os.unlink(entry.path)
        except OSError:
            continue
        removed.append(path.parent / entry.name)
    return sorted(removed)


def sha256_of(path: str | Path, chunk_size: int = 1 << 20) -> str:
    digest = hashlib.sha256()
    with open_input(path) as handle:
        while chunk := handle.read(chunk_size):
            digest.update(chunk)
    return digest.hexdigest()


class FileLock:
    """An advisory lock (flock) on `.NAME.lock` beside a file, held until `release()`.

    The lock file is removed on release. Removing it could let two processes lock two
    different files of the same name, so whoever takes the lock checks afterwards that
    the name still leads to the file it locked, and tries again when it does not."""

    def __init__(self, fd: int, path: Path) -> None:
        self._fd: int | None = fd
        self.path = path

    def release(self) -> None:
        if self._fd is None:
            return
        with contextlib.suppress(OSError):
            os.unlink(self.path)
        os.close(self._fd)  # closing the last descriptor releases the flock
        self._fd = None


def lock_beside(path: Path, *, held_by: str) -> FileLock:
    """Take the advisory lock of `path` (of its target, when it is a symlink) without
    waiting. When another process holds it, an InputError says which one: `held_by` names
    what the other holder is doing ("another assess session")."""
    import fcntl
    import socket

    target = write_target(path)
    if not target.parent.is_dir():
        raise OutputError(f"folder {target.parent} does not exist; create it first", path=path)
    lock_path = target.parent / f".{target.name}.lock"
    for _ in range(10):
        try:
            fd = os.open(lock_path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC | os.O_NOFOLLOW, 0o644)
        except OSError as exc:
            raise OutputError(
                f"cannot create the lock file {lock_path.name} ({exc.strerror})", path=path
            ) from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(fd, 200).decode("utf-8", "replace").strip() or "a process"
            os.close(fd)
            raise InputError(
                f"is open in {held_by} ({holder}); finish or quit that one first, then try "
                f"again (the lock is {lock_path.name} beside it)",
                path=path,
            ) from None
        try:
            mine = os.fstat(fd)
            named = os.stat(lock_path)
            current = (mine.st_dev, mine.st_ino) == (named.st_dev, named.st_ino)
        except FileNotFoundError:
            current = False
        if current:
            os.ftruncate(fd, 0)
            os.write(fd, f"pid {os.getpid()} on {socket.gethostname()}\n".encode())
            return FileLock(fd, lock_path)
        os.close(fd)  # the holder removed it between our open and our lock
    raise InputError("the lock beside it keeps changing hands; try again", path=path)
