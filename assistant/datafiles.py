"""Shared reading and checking of the project's TOML data files.

Every loader (frameworks, question bank, scenarios) reports a problem the same
way: the file, the entry and what is wrong, with a hint to fix the file.
"""

from __future__ import annotations

import os
import stat
import tomllib
from pathlib import Path

from assistant.errors import DataFileError


def problem(path: Path, where: str, what: str) -> DataFileError:
    return DataFileError(f"{path.name}: {where}: {what}", hint=f"Fix the file {path} and try again.")


# Far above any real data file (the bundled ones are under 30 KB); a larger one is refused unread.
MAX_FILE_BYTES = 4 * 2**20


def read_toml(path: Path) -> dict:
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            raise DataFileError(f"{path}: is not an ordinary file", hint="Remove it or replace it with a TOML file.")
        if info.st_size > MAX_FILE_BYTES:
            raise DataFileError(f"{path.name}: is larger than {MAX_FILE_BYTES // 2**20} MB", hint=f"Fix the file {path} and try again.")
        text = path.read_bytes().decode("utf-8")
    except OSError as exc:
        raise DataFileError(f"{path}: cannot be read ({exc.strerror})") from exc
    except UnicodeDecodeError as exc:
        raise DataFileError(f"{path.name}: is not UTF-8 text", hint=str(path)) from exc
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise DataFileError(f"{path.name}: is not valid TOML ({exc})", hint=str(path)) from exc
    except RecursionError as exc:
        raise DataFileError(f"{path.name}: is nested too deeply to read", hint=str(path)) from exc


def check_keys(path: Path, where: str, entry: dict, allowed: set[str], required: set[str] = frozenset()) -> None:
    """Unknown or missing keys in one table."""
    unknown = set(entry) - allowed
    if unknown:
        raise problem(path, where, f"unknown key(s) {', '.join(sorted(unknown))}")
    missing = set(required) - set(entry)
    if missing:
        raise problem(path, where, f"missing key(s) {', '.join(sorted(missing))}")


def text_field(path: Path, where: str, entry: dict, key: str) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value.strip():
        raise problem(path, where, f"'{key}' must be non-empty text")
    return value.strip()
