"""Helpers for the hardening tests: run the CLI elsewhere, as another user, or with a failing disk."""

from __future__ import annotations

import json
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from .conftest import ROOT, run_cli


def json_lines(result) -> list[dict]:
    return [json.loads(line) for line in result.stdout.decode("utf-8").splitlines()]


def assert_clear_error(result, *phrases: str) -> str:
    """A non-zero exit with one clear message naming `phrases`, and never a traceback."""
    err = result.stderr.decode("utf-8", "replace")
    assert result.returncode != 0, err
    assert "Traceback" not in err, err
    for phrase in phrases:
        assert phrase in err, (phrase, err)
    return err


def run_cli_in(folder: Path, *args: str, input: bytes | str = b"", env: dict | None = None):
    """The CLI run from `folder` (relative --db paths land there), still importing this work tree."""
    return run_cli(*args, input=input, env={"CWD": str(folder), "PYTHONPATH": str(ROOT), **(env or {})})


def run_script(code: str, *args: str, env: dict | None = None, input: bytes | str = b"", timeout: float = 180):
    """A real process running `code` with `args` (it may patch something, then call the CLI's main)."""
    if isinstance(input, str):
        input = input.encode("utf-8")
    return subprocess.run([sys.executable, "-c", code, *args], input=input, capture_output=True, timeout=timeout, cwd=ROOT,
                          env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})})


def other_user_prefix() -> list[str]:
    """Root ignores file permissions, so permission tests run as `nobody` when the tests run as root."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    try:
        nobody = pwd.getpwnam("nobody")
    except KeyError:
        nobody = None
    if not setpriv or nobody is None:
        pytest.skip("running as root without setpriv or a 'nobody' user to drop privileges to")
    return [setpriv, f"--reuid={nobody.pw_uid}", f"--regid={nobody.pw_gid}", "--clear-groups"]


def run_cli_as_other_user(*args: str, home: Path, input: bytes | str = b"", timeout: float = 120):
    if isinstance(input, str):
        input = input.encode("utf-8")
    env = {**os.environ, "HOME": str(home), "PYTHONPATH": str(ROOT), "PYTHONDONTWRITEBYTECODE": "1",
           "OUTCOMES_CONFIG_DIR": str(home / "config"), "OUTCOMES_MODEL_DIR": str(home / "models")}
    return subprocess.run([*other_user_prefix(), sys.executable, "-m", "assistant", *args], input=input,
                          capture_output=True, timeout=timeout, env=env, cwd=ROOT)


@contextmanager
def shared_folder():
    """A folder the unprivileged user can own and enter (pytest's tmp_path is private to root)."""
    folder = Path(tempfile.mkdtemp(prefix="outcomes-hardening-", dir="/tmp"))
    try:
        os.chmod(folder, 0o755)
        yield folder
    finally:
        for path in [folder, *folder.rglob("*")]:
            if path.is_dir() and not path.is_symlink():
                os.chmod(path, 0o700)
        shutil.rmtree(folder, ignore_errors=True)


def give_to_other_user(*paths: Path) -> None:
    if os.geteuid() == 0:
        nobody = pwd.getpwnam("nobody")
        for path in paths:
            os.chown(path, nobody.pw_uid, nobody.pw_gid)


def wait_until(condition, what: str, limit: float = 120.0) -> None:
    """Wait for a condition (never for a fixed time); the limit only stops a broken test hanging."""
    deadline = time.monotonic() + limit
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.01)


@contextmanager
def small_disk(size: str = "512k"):
    """A tiny tmpfs, to fill the disk for real; skipped where mounting is not possible (not root)."""
    if os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("a small disk needs root to mount a tmpfs")
    folder = Path(tempfile.mkdtemp(prefix="outcomes-small-disk-", dir="/tmp"))
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(folder)],
                             capture_output=True)
    if mounted.returncode != 0:
        folder.rmdir()
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode(errors='replace').strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], capture_output=True)
        folder.rmdir()


def fill_disk(folder: Path) -> None:
    """Write until the disk is full, leaving it so."""
    with open(folder / "filler", "wb", buffering=0) as handle:
        try:
            while True:
                handle.write(b"\0" * 65536)
                handle.flush()
        except OSError:
            pass
