"""The database file on disk: found, created privately, and checked before SQLite may write to it.

SQLite is only ever handed an absolute path (so a name such as `file:x?mode=memory`
is a file name, never a URI), a file the assistant created 0600 itself (SQLite
would create it 0644), and a file already read without writing, so that a
damaged or foreign file is refused byte-for-byte untouched. When SQLite fails,
`cause` names what the person can act on (a full disk, a read-only folder)
instead of SQLite's own words.
"""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
import stat
from pathlib import Path
from urllib.parse import quote

from assistant.errors import StorageError

SQLITE_HEADER = b"SQLite format 3\x00"
SIDECARS = ("-wal", "-shm")
# Below this much free space, an I/O error from SQLite is most likely a full disk.
LOW_SPACE = 1 << 20
# Writers wait this long for another process's write (a migration, a save) to finish.
BUSY_SECONDS = 10.0

_KINDS = ((stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a disk device"), (stat.S_ISFIFO, "a pipe"),
          (stat.S_ISSOCK, "a socket"))


def file_kind(mode: int) -> str:
    """What a non-regular file is, in plain words."""
    for test, words in _KINDS:
        if test(mode):
            return words
    return "not an ordinary file"


def database_path(path: Path | str, *, create: bool = True) -> Path:
    """The real, absolute file behind `path`; created 0600 (its folder 0700) if it does not exist.

    A link is followed to its target, and a missing target is created 0600 in the
    same way, but never in a folder that does not exist: that is refused. With
    `create` False (a command that only reads) nothing is created: the path may not exist.
    """
    given = Path(os.path.abspath(os.fspath(path)))
    if not create and not os.path.lexists(os.path.realpath(given)):
        return Path(os.path.realpath(given))
    try:
        given.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as exc:
        raise StorageError(f"Cannot create the folder {given.parent} ({exc.strerror}).",
                           hint=_action(given.parent, exc)) from exc
    real = Path(os.path.realpath(given))
    if real != given and not real.parent.is_dir():
        raise StorageError(f"{given} is a link to {real}, whose folder does not exist.",
                           hint="Nothing was created. Fix the link, or choose another file with --db.")
    if not os.path.lexists(real):
        _create_private(real)
    try:
        mode = os.stat(real).st_mode
    except OSError as exc:
        raise StorageError(f"Cannot use the database {given} ({exc.strerror}).",
                           hint="Choose another file with --db or $OUTCOMES_DB.") from exc
    if stat.S_ISDIR(mode):
        raise StorageError(f"{given} is a folder, not a database file.", hint="Choose a file name with --db.")
    if not stat.S_ISREG(mode):
        raise StorageError(f"{given} is {file_kind(mode)}, not a database file.",
                           hint="It has not been changed. Choose an ordinary file with --db or $OUTCOMES_DB.")
    return real


def _create_private(path: Path) -> None:
    try:
        handle = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
    except FileExistsError:
        return  # another process made it at the same moment; it is checked like any existing file
    except OSError as exc:
        raise StorageError(f"Cannot create the database {path} ({exc.strerror}).", hint=_action(path, exc)) from exc
    os.close(handle)


def check_header(path: Path) -> None:
    """Refuse a file that is neither empty nor an SQLite database, before SQLite touches it."""
    try:
        with open(path, "rb") as handle:
            header = handle.read(16)
    except OSError as exc:
        raise StorageError(f"Cannot read the database {path} ({exc.strerror}).", hint=_action(path, exc)) from exc
    if header and header != SQLITE_HEADER:
        raise StorageError(
            f"{path} is not an Outcomes Assistant database (it is some other kind of file).",
            hint="It has not been changed. Choose another file with --db or $OUTCOMES_DB.",
        )


def open_lock(path: Path) -> int:
    """The lock file beside the database, opened without following a link planted in its place."""
    lock_path = Path(str(path) + ".lock")
    try:
        handle = os.open(lock_path, os.O_CREAT | os.O_RDWR | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise StorageError(f"The lock file {lock_path} is a link, which the assistant does not follow.",
                               hint="Remove the link if you did not make it, then try again.") from exc
        raise StorageError(f"Cannot open the lock file {lock_path} ({exc.strerror}).",
                           hint=_action(lock_path, exc)) from exc
    if not stat.S_ISREG(os.fstat(handle).st_mode):
        os.close(handle)
        raise StorageError(f"The lock file {lock_path} is not an ordinary file.",
                           hint="Remove it if you did not make it, then try again.")
    return handle


# ----- reading without writing ---------------------------------------------------------
def _uri(path: Path, *, immutable: bool) -> str:
    """A read-only URI built from an absolute path, every special character quoted."""
    return "file:" + quote(os.fsencode(path)) + "?mode=ro" + ("&immutable=1" if immutable else "")


def wal_holds_changes(path: Path) -> bool:
    try:
        return os.path.getsize(str(path) + "-wal") > 0
    except OSError:
        return False


def is_busy(error: BaseException) -> bool:
    text = str(error).lower()
    return "locked" in text or "busy" in text


def _open_read_only(path: Path, *, immutable: bool, timeout: float) -> sqlite3.Connection:
    conn = sqlite3.connect(_uri(path, immutable=immutable), uri=True, timeout=timeout, isolation_level=None,
                           check_same_thread=False)
    try:
        conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
    except sqlite3.Error:
        conn.close()
        raise
    return conn


def connect_read_only(path: Path, *, timeout: float = BUSY_SECONDS) -> sqlite3.Connection:
    """A connection that can never change the file.

    A WAL database is read with SQLite's usual locking, which needs a -shm file.
    In a read-only folder or on a full disk that file cannot be made; then, if no
    -wal file holds changes, the database file alone is the whole database and
    is read as immutable, which needs nothing beside it.
    """
    before = sidecars(path)
    try:
        return _open_read_only(path, immutable=False, timeout=timeout)
    except sqlite3.OperationalError as exc:
        if is_busy(exc) or wal_holds_changes(path):
            raise
        remove_new_empty_sidecars(path, before)
    return _open_read_only(path, immutable=True, timeout=timeout)


def inspect(path: Path) -> tuple[int, bool]:
    """(schema version, holds tables) read without writing; a damaged file is a StorageError.

    The schema is read as bytes: text that is not UTF-8 means damage, not a crash.
    """
    try:
        conn = connect_read_only(path)
    except sqlite3.OperationalError as exc:
        raise cannot_use(path, exc) from exc
    except sqlite3.DatabaseError as exc:
        raise damaged(path, exc) from exc
    try:
        conn.text_factory = bytes
        check = conn.execute("PRAGMA quick_check").fetchone()[0]
        if check != b"ok":
            raise sqlite3.DatabaseError(check.decode("utf-8", "replace"))
        rows = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall()
        for row in rows:
            for value in row:
                if isinstance(value, bytes):
                    value.decode("utf-8")
        version = conn.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.OperationalError as exc:
        raise cannot_use(path, exc) from exc
    except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:
        raise damaged(path, exc) from exc
    finally:
        conn.close()
    return version, bool(rows)


def damaged(path: Path, exc: BaseException) -> StorageError:
    reason = "its text is not UTF-8" if isinstance(exc, UnicodeDecodeError) else str(exc)
    return StorageError(f"The database {path} is damaged or is not a database ({reason}).",
                        hint="It has not been changed. Restore a copy, or choose another file with --db.")


# ----- naming the cause ------------------------------------------------------------------
def sidecars(path: Path) -> set[str]:
    return {suffix for suffix in SIDECARS if os.path.lexists(str(path) + suffix)}


def remove_new_empty_sidecars(path: Path, before: set[str]) -> None:
    """After a failed open, remove the -wal/-shm this attempt created, if no change was written to them.

    An empty -wal holds nothing and the -shm is only an index of it; anything
    that existed before, or a -wal with content, is left alone.
    """
    if "-wal" in before or wal_holds_changes(path):
        return
    for suffix in SIDECARS:
        if suffix not in before:
            try:
                os.unlink(str(path) + suffix)
            except OSError:
                pass


def _free_space(folder: Path) -> int | None:
    try:
        return shutil.disk_usage(folder).free
    except OSError:
        return None


def _writable(path: Path) -> bool:
    return os.access(path, os.W_OK)


def cause(path: Path, error: BaseException) -> tuple[str, str]:
    """(the likely cause, what to do) for an error from SQLite or the file system."""
    text = str(error).lower()
    folder = path.parent
    space = _free_space(folder)
    errno_ = getattr(error, "errno", None)
    if "full" in text or errno_ == errno.ENOSPC or (("i/o" in text or "disk" in text) and space is not None and space < LOW_SPACE):
        return f"the disk holding {folder} is full", "Free some space on that disk, then try again."
    if is_busy(error):
        return "it is busy in another program", "Close the other program, or choose another file with --db."
    if "readonly" in text or "read-only" in text or "unable to open" in text or errno_ in (errno.EACCES, errno.EPERM, errno.EROFS):
        if folder.is_dir() and not _writable(folder):
            return f"the folder {folder} is read-only", "Make the folder writable, or choose another file with --db."
        if path.exists() and not _writable(path):
            return f"the file {path} is read-only", "Make the file writable, or choose another file with --db."
    return str(error), "Check the disk has space and the file and its folder are writable, then try again."


def _action(path: Path, error: OSError) -> str:
    return cause(path, error)[1]


def cannot_use(path: Path, error: BaseException) -> StorageError:
    what, hint = cause(path, error)
    return StorageError(f"The database {path} cannot be used: {what}.", hint=hint)
