"""Writing an exported file safely: never over a database, a device or a read-only file, and never half-written.

`--out` is typed by a person and can point anywhere: at the conversations
database itself, at /dev/sda, at a file they made read-only. Each of these is
refused with the reason, naming the file; an ordinary existing file is replaced
only when asked to (`--force` on the command line).
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from pathlib import Path
from typing import Iterable

from assistant.dbfile import SQLITE_HEADER, file_kind
from assistant.errors import ExportError

# Files SQLite keeps beside a database; writing over one damages the database.
_SIDECAR_SUFFIXES = ("-wal", "-shm", "-journal", ".lock")


def _is_sqlite(path: Path) -> bool:
    try:
        with open(path, "rb") as handle:
            return handle.read(16) == SQLITE_HEADER
    except OSError:
        return False


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _database_it_belongs_to(path: Path, protect: Iterable[Path]) -> Path | None:
    """The database `path` is, or is a working file of (its -wal, -shm, -journal or .lock), even one not there yet."""
    real = os.path.realpath(path)
    for database in protect:
        for candidate in (str(database), *(str(database) + s for s in _SIDECAR_SUFFIXES)):
            if real == os.path.realpath(candidate) or _same_file(path, Path(candidate)):
                return Path(database)
    if not os.path.lexists(path):
        return None
    if _is_sqlite(path):
        return path
    name = str(path)
    for suffix in _SIDECAR_SUFFIXES:
        if name.endswith(suffix) and _is_sqlite(Path(name[: -len(suffix)])):
            return Path(name[: -len(suffix)])
    return None


def check_target(out: Path, *, overwrite: bool, protect: Iterable[Path] = ()) -> None:
    """Refuse a place to write that would destroy something; say which file and why."""
    folder = out.parent if str(out.parent) else Path(".")
    if out.is_dir():
        raise ExportError(f"{out} is a folder.", hint="Give a file name, for example plan.html.")
    if not folder.is_dir():
        raise ExportError(f"The folder {folder} does not exist.", hint="Create it first or choose another place.")
    if not os.path.lexists(out):
        if _database_it_belongs_to(out, protect) is not None:
            raise ExportError(f"{out} is a working file of the database; writing the plan there would damage it.",
                              hint="Choose another file name for the plan.")
        return
    try:
        info = os.stat(out)
    except OSError:
        info = None  # a link to nothing: replacing the link destroys nothing, but only when asked
    if info is not None and not stat.S_ISREG(info.st_mode):
        raise ExportError(f"{out} is {file_kind(info.st_mode)}, not an ordinary file; nothing was written to it.",
                          hint="Choose an ordinary file name, for example plan.html.")
    if info is not None:
        database = _database_it_belongs_to(out, protect)
        if database is not None:
            what = "is the database" if _same_file(out, database) else f"belongs to the database {database}"
            raise ExportError(f"{out} {what}; writing the plan over it would destroy saved conversations.",
                              hint="It has not been changed. Choose another file name for the plan.")
        if not os.access(out, os.W_OK) or not stat.S_IMODE(info.st_mode) & 0o222:
            raise ExportError(f"{out} is read-only, so it was not replaced.",
                              hint="Choose another file name, or make the file writable first if you mean to replace it.")
    if not overwrite:
        raise ExportError(f"{out} already exists, so it was not replaced.",
                          hint="Give --force to replace it, or choose another file name.")


def write_atomically(data: bytes, out: Path, *, overwrite: bool = True, protect: Iterable[Path] = ()) -> None:
    """Write to a temporary file beside `out`, then move it into place: never a half-written plan.

    Without `overwrite` an existing file is never replaced, even one that appears
    between the check and the move (the move is then a hard link, which fails if
    the name is taken).
    """
    out = Path(out)
    protect = tuple(protect)
    check_target(out, overwrite=overwrite, protect=protect)
    folder = out.parent if str(out.parent) else Path(".")
    try:
        handle, temp = tempfile.mkstemp(prefix=".plan-", dir=folder)
    except OSError as exc:
        raise ExportError(f"Cannot write in {folder} ({exc.strerror}).", hint="Choose a folder you can write to.") from exc
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temp, 0o600)
        if overwrite:
            os.replace(temp, out)
        else:
            _move_without_replacing(temp, out, protect)
    except OSError as exc:
        raise ExportError(f"Cannot write {out} ({exc.strerror}).", hint="Choose another file name or folder.") from exc
    finally:
        if os.path.exists(temp):
            os.unlink(temp)


def _move_without_replacing(temp: str, out: Path, protect: tuple[Path, ...]) -> None:
    try:
        os.link(temp, out)
    except FileExistsError:
        check_target(out, overwrite=False, protect=protect)  # raises: it appeared meanwhile
        raise
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK):
            raise
        # A file system without hard links: check once more, then move.
        check_target(out, overwrite=False, protect=protect)
        os.replace(temp, out)
