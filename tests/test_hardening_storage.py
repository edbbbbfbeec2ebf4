"""Hardening of the database file (tester's items 3, 4, 6, 12, 13): real processes, real files."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import stat
import subprocess
import sys
from urllib.parse import quote

import pytest

from assistant.storage import SCHEMA_VERSION

from .conftest import ROOT, run_cli
from .hardening_support import (assert_clear_error, fill_disk, give_to_other_user, json_lines, run_cli_as_other_user,
                                run_cli_in, shared_folder, small_disk, wait_until)

ANSWER = "I want to see my son\n"


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def saved_answers(path) -> list[str]:
    sql = "SELECT answer FROM turns WHERE answer IS NOT NULL ORDER BY id"
    uri = f"file:{quote(str(path))}?mode=ro"
    try:
        conn = sqlite3.connect(uri, uri=True)
        return [row[0] for row in conn.execute(sql)]
    except sqlite3.OperationalError:  # a full disk cannot hold the -shm file; read the file alone
        conn = sqlite3.connect(uri + "&immutable=1", uri=True)
        return [row[0] for row in conn.execute(sql)]
    finally:
        conn.close()


# ----- item 3: a dangling --db link, a planted lock link ----------------------------------
def test_a_dangling_db_link_gets_its_target_created_private(tmp_path):
    target, link = tmp_path / "real.db", tmp_path / "link.db"
    link.symlink_to(target)
    result = run_cli("converse", "--framework", "personal", "--json", "--db", str(link), "--name", "A", input=ANSWER)
    assert result.returncode == 0, result.stderr
    assert mode(target) == 0o600
    assert mode(str(target) + ".lock") == 0o600
    assert saved_answers(target) == ["I want to see my son"]


def test_a_link_into_a_missing_folder_is_refused_and_nothing_is_created(tmp_path):
    link = tmp_path / "link.db"
    link.symlink_to(tmp_path / "gone" / "real.db")
    result = run_cli("converse", "--framework", "personal", "--db", str(link), "--name", "A", input=ANSWER)
    assert_clear_error(result, str(link), "does not exist")
    assert not (tmp_path / "gone").exists()


def test_a_planted_lock_link_is_not_followed(tmp_path):
    victim = tmp_path / "victim"
    (tmp_path / "o.db.lock").symlink_to(victim)
    result = run_cli("converse", "--framework", "personal", "--db", str(tmp_path / "o.db"), "--name", "A", input=ANSWER)
    assert_clear_error(result, "o.db.lock", "link")
    assert not victim.exists()


# ----- item 4: a --db value is always a plain file path ----------------------------------
@pytest.mark.parametrize("value", ["file:mem.db?mode=memory", "file::memory:", ":memory:"])
@pytest.mark.parametrize("how", ["--db", "OUTCOMES_DB"])
def test_a_db_value_that_looks_like_a_uri_is_a_file_name(tmp_path, value, how):
    where = ["--db", value] if how == "--db" else []
    env = {} if how == "--db" else {"OUTCOMES_DB": value}
    talk = run_cli_in(tmp_path, "converse", "--framework", "personal", "--json", *where, "--name", "Uri", input=ANSWER, env=env)
    assert talk.returncode == 0, talk.stderr
    saved = tmp_path / value
    assert saved.is_file() and mode(saved) == 0o600
    assert saved_answers(saved) == ["I want to see my son"]
    shown = run_cli_in(tmp_path, "transcript", *where, env=env)
    assert shown.returncode == 0 and "I want to see my son" in shown.stdout.decode()


# ----- item 6: a schema that is not UTF-8 --------------------------------------------------
def _damaged_schema_db(path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE tt (x)")
    conn.execute("PRAGMA writable_schema = ON")
    bad_name = "CAST(x'74ff' AS TEXT)"
    conn.execute(f"UPDATE sqlite_master SET name = {bad_name}, tbl_name = {bad_name}, "
                 "sql = CAST(x'435245415445205441424c452074ff287829' AS TEXT) WHERE name = 'tt'")
    conn.commit()
    conn.close()


@pytest.mark.parametrize("command", [["transcript"], ["plan", "versions"], ["converse", "--framework", "personal", "--name", "A"]])
def test_a_schema_with_bytes_that_are_not_utf8_is_one_clear_sentence_and_left_untouched(tmp_path, command):
    db = tmp_path / "damaged.db"
    _damaged_schema_db(db)
    before = digest(db)
    result = run_cli(*command, "--db", str(db), input=ANSWER)
    err = assert_clear_error(result, "damaged", str(db))
    assert len([line for line in err.splitlines() if line.startswith("Error:")]) == 1
    assert digest(db) == before
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.endswith(".lock")) == ["damaged.db"]


def test_another_programs_database_is_not_taken_over(tmp_path):
    db = tmp_path / "theirs.sqlite"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE bookmarks (url TEXT)")
    conn.commit()
    conn.close()
    before = digest(db)
    assert_clear_error(run_cli("converse", "--framework", "personal", "--db", str(db), "--name", "A", input=ANSWER),
                       "some other program")
    assert digest(db) == before


# ----- item 12: two processes opening a new database at once -------------------------------
OPEN_AT_GO = """
import os, sys, time
ready, go = sys.argv[1], sys.argv[2]
from assistant.cli import main   # imported before the start line, so both open the file together
open(ready, "w").close()
while not os.path.exists(go):
    time.sleep(0.001)
main(sys.argv[3:])
"""


@pytest.mark.parametrize("round_", range(4))
def test_two_processes_opening_a_new_database_together_both_succeed(tmp_path, round_):
    """One creates the database while the other reads it (commands that only read create nothing)."""
    db = tmp_path / "new.db"
    go = tmp_path / "go"
    commands = [["converse", "--framework", "personal", "--json", "--name", "A"],
                ["plan", "versions"] if round_ % 2 else ["transcript", "--list"]]
    processes = []
    for number, command in enumerate(commands):
        ready = tmp_path / f"ready-{number}"
        processes.append((ready, subprocess.Popen(
            [sys.executable, "-c", OPEN_AT_GO, str(ready), str(go), *command, "--db", str(db)],
            cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE)))
    wait_until(lambda: all(ready.exists() for ready, _ in processes), "both processes to be ready")
    go.touch()
    for _, process in processes:
        out, err = process.communicate(timeout=120)
        assert process.returncode in (0, 2), err
        assert b"Traceback" not in err and b"already exists" not in err and b"cannot be used" not in err, err
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    conn.close()


# ----- item 13: the real cause, named -------------------------------------------------------
def test_a_read_only_folder_still_lets_read_only_commands_work(tmp_path):
    with shared_folder() as folder:
        db = folder / "data" / "o.db"
        talk = run_cli("converse", "--framework", "personal", "--db", str(db), "--name", "Ro", input=ANSWER)
        assert talk.returncode == 0, talk.stderr
        home = folder / "home"
        home.mkdir()
        give_to_other_user(db.parent, db, home, *db.parent.iterdir())
        os.chmod(db.parent, 0o500)
        before = sorted(p.name for p in db.parent.iterdir())

        shown = run_cli_as_other_user("transcript", "--db", str(db), home=home)
        assert shown.returncode == 0, shown.stderr
        assert "I want to see my son" in shown.stdout.decode()
        listed = run_cli_as_other_user("plan", "versions", "--db", str(db), home=home)
        assert listed.returncode == 0, listed.stderr
        exported = run_cli_as_other_user("plan", "export", "--format", "md", "--out", str(home / "p.md"), "--db", str(db), home=home)
        assert exported.returncode == 0, exported.stderr

        write = run_cli_as_other_user("converse", "--framework", "personal", "--db", str(db), "--name", "Ro", input=ANSWER, home=home)
        err = assert_clear_error(write, f"the folder {db.parent} is read-only")
        assert "attempt to write a readonly database" not in err
        assert sorted(p.name for p in db.parent.iterdir()) == before


@pytest.mark.parametrize("special", ["/dev/null", "fifo"])
def test_a_device_or_pipe_as_the_database_is_refused_clearly(tmp_path, special):
    path = special
    if special == "fifo":
        path = str(tmp_path / "pipe.db")
        os.mkfifo(path)
    for command in (["transcript"], ["converse", "--framework", "personal", "--name", "A"]):
        assert_clear_error(run_cli(*command, "--db", path, input=ANSWER), path, "not a database file")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_a_full_disk_is_named_and_leaves_no_working_files(tmp_path):
    with small_disk() as disk:
        db = disk / "o.db"
        assert run_cli("converse", "--framework", "personal", "--db", str(db), "--name", "Full", input=ANSWER).returncode == 0
        fill_disk(disk)
        shown = run_cli("transcript", "--db", str(db))
        assert shown.returncode == 0 and "I want to see my son" in shown.stdout.decode(), shown.stderr
        write = run_cli("converse", "--framework", "personal", "--db", str(db), "--name", "Full", input=ANSWER)
        err = assert_clear_error(write, f"the disk holding {disk} is full")
        assert "disk I/O error" not in err
        assert not (disk / "o.db-wal").exists() and not (disk / "o.db-shm").exists()


def test_a_disk_filling_up_during_converse_says_which_line_was_saved_last(tmp_path):
    with small_disk("768k") as disk:
        db = disk / "o.db"
        answers = "".join(f"I want to see my son more often, week {n}. " + "x" * 6000 + "\n\n" for n in range(1, 200))
        result = run_cli("converse", "--framework", "personal", "--json", "--db", str(db), "--name", "Full", input=answers)
        err = assert_clear_error(result, f"the disk holding {disk} is full", "was the last one saved")
        assert "Nothing was changed" not in err
        saved = saved_answers(db)
        assert saved, "the disk filled before the first answer; make the disk bigger"
        last_line = 2 * len(saved) - 1  # every answer is followed by a blank line
        assert f"Input line {last_line} was the last one saved" in err
        # The last answer saved may have been saved before its analysis failed, so before its JSON line.
        shown = [o["text"] for o in json_lines(result) if o["type"] == "answer"]
        assert shown == saved[: len(shown)] and len(saved) - len(shown) in (0, 1)
