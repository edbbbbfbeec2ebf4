"""Everything the assistant keeps, in one local SQLite file (via sqlite-utils).

- Every write is its own transaction, committed before the next question is
  shown, in WAL mode with full sync: a killed process loses nothing.
- The file and its folder are readable only by their owner.
- A file that is not a database, a damaged database, or one held open by
  another running instance gives a clear message and is never overwritten.
  The checks on the file itself (links, devices, names that look like URIs,
  reading it before writing, naming a full disk) are in dbfile.py.
"""

from __future__ import annotations

import fcntl
import json
import os
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from assistant.dbfile import (BUSY_SECONDS, cannot_use, cause, check_header, connect_read_only, damaged, database_path,
                              inspect, is_busy, open_lock, remove_new_empty_sidecars, sidecars)
from assistant.errors import NotFoundError, StorageError, WriteFailedError
from assistant import schema
from assistant.schema import MIGRATIONS, SCHEMA_VERSION  # noqa: F401  (SCHEMA_VERSION: for callers)
from assistant.storage_reviews import ReviewTables


MAX_ROW_ID = 2**63 - 1


CONVERSATION_SELECT = """
    SELECT c.id, c.person_id, p.name, c.framework, c.mode, c.status, c.created_at, c.updated_at,
           (SELECT COUNT(*) FROM turns t WHERE t.conversation_id = c.id AND t.answered_at IS NOT NULL AND t.superseded = 0),
           (SELECT COUNT(*) FROM alerts a WHERE a.conversation_id = c.id AND a.acknowledged_at IS NULL),
           (SELECT COUNT(*) FROM alerts a WHERE a.conversation_id = c.id),
           (SELECT COUNT(*) FROM reviews r WHERE r.conversation_id = c.id AND r.finished_at IS NULL
              AND EXISTS (SELECT 1 FROM review_turns rt WHERE rt.review_id = r.id AND rt.answered_at IS NOT NULL
                          AND rt.superseded = 0 AND rt.skipped = 0))
    FROM conversations c JOIN people p ON p.id = c.person_id
"""


def _text(value: bytes) -> str:
    """Text from the file; bytes damaged on disk show as \ufffd instead of stopping every command."""
    return value.decode("utf-8", "replace")


def _open_error(path: Path, exc: sqlite3.Error) -> StorageError:
    if isinstance(exc, sqlite3.OperationalError):
        return cannot_use(path, exc)
    return damaged(path, exc)


@dataclass(frozen=True)
class ConversationInfo:
    id: int
    person_id: int
    person: str
    framework: str
    mode: str
    status: str
    created_at: str
    updated_at: str
    answers: int
    alerts_waiting: int = 0  # safeguarding alerts nobody has yet recorded what was done about
    alerts: int = 0  # every safeguarding alert raised, recorded or not
    reviews_open: int = 0  # a review begun (something answered) and not finished: the home list says so


class Store(ReviewTables):
    """The open database. One instance writes at a time; the lock says so clearly.

    `read_only` is for commands that only read: they still bring an older schema
    up to date when they can, but in a read-only folder or on a full disk they
    read the file without writing instead of failing.
    """

    def __init__(self, path: Path, *, exclusive: bool = True, read_only: bool = False) -> None:
        self.db = None  # type: ignore[assignment]
        self._lock_handle = None
        self.path = database_path(path, create=not read_only)
        self.read_only = read_only
        if read_only and not self.path.exists():
            # Nothing saved yet: a command that only reads sees an empty store, and leaves no file behind.
            self.db = sqlite_utils.Database(self._empty_in_memory())
            return
        check_header(self.path)
        if exclusive and not read_only:
            self._lock()
        try:
            version, has_tables = inspect(self.path)
            if version == 0 and has_tables:
                raise StorageError(f"{self.path} is a database of some other program, not of the Outcomes Assistant.",
                                   hint="It has not been changed. Choose another file with --db or $OUTCOMES_DB.")
            if version > SCHEMA_VERSION:
                raise StorageError(f"The database {self.path} was made by a newer version of the assistant.",
                                   hint="Update the assistant to open it.")
            self.db = sqlite_utils.Database(self._connect(version))
        except BaseException:
            self.close()
            raise
        for suffix in ("-wal", "-shm"):
            try:
                os.chmod(str(self.path) + suffix, 0o600)
            except OSError:
                pass  # not there, or not ours to change (a read-only folder)

    def _connect(self, version: int) -> sqlite3.Connection:
        """Open for writing (WAL, full sync) and migrate; a reader falls back to reading only."""
        before = sidecars(self.path)
        try:
            return self._open_for_writing()
        except sqlite3.Error as exc:
            remove_new_empty_sidecars(self.path, before)
            readable = isinstance(exc, sqlite3.OperationalError) and not is_busy(exc)
            if not (self.read_only and readable):
                raise _open_error(self.path, exc) from exc
            if version < SCHEMA_VERSION:
                what, hint = cause(self.path, exc)
                raise StorageError(f"The database {self.path} needs updating for this version of the assistant, "
                                   f"but it cannot be written: {what}.", hint=hint) from exc
        try:
            conn = connect_read_only(self.path)
        except sqlite3.Error as exc:
            raise _open_error(self.path, exc) from exc
        conn.text_factory = _text
        return conn

    def _empty_in_memory(self) -> sqlite3.Connection:
        conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        conn.text_factory = _text
        self._migrate(conn)
        return conn

    def _open_for_writing(self) -> sqlite3.Connection:
        """SQLite's busy wait does not cover every moment two processes create the same new file (one can
        be told "busy" at once while the other switches it to WAL or migrates it): such a moment is tried
        again, for as long as the busy wait itself would have waited."""
        deadline = time.monotonic() + BUSY_SECONDS
        while True:
            conn = None
            try:
                # The UI analyses answers in a worker thread; only one thread writes at a time.
                conn = sqlite3.connect(str(self.path), timeout=BUSY_SECONDS, isolation_level=None, check_same_thread=False)
                conn.text_factory = _text
                conn.execute("PRAGMA journal_mode=WAL")
                conn.execute("PRAGMA synchronous=FULL")
                conn.execute("PRAGMA foreign_keys=ON")
                self._migrate(conn)
                return conn
            except sqlite3.Error as exc:
                if conn is not None:
                    conn.close()
                if not (is_busy(exc) and time.monotonic() < deadline):
                    raise
            time.sleep(0.05)

    def _lock(self) -> None:
        handle = open_lock(self.path)
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            os.close(handle)
            raise StorageError(
                f"The database {self.path} is open in another Outcomes Assistant window.",
                hint="Close the other window first, or use another file with --db.",
            ) from exc
        self._lock_handle = handle

    def close(self) -> None:
        if getattr(self, "db", None) is not None:
            self.db.conn.close()
            self.db = None  # type: ignore[assignment]
        if self._lock_handle is not None:
            fcntl.flock(self._lock_handle, fcntl.LOCK_UN)
            os.close(self._lock_handle)
            self._lock_handle = None

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _migrate(self, conn: sqlite3.Connection) -> None:
        """Bring the schema up to date in one write transaction.

        The version is read after BEGIN IMMEDIATE, so a second process opening a
        new file at the same moment waits for the first and then finds the schema made.
        """
        if conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION:
            return  # the usual case: nothing to write, no write lock taken
        conn.execute("BEGIN IMMEDIATE")
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise StorageError(f"The database {self.path} was made by a newer version of the assistant.",
                                   hint="Update the assistant to open it.")
            db = sqlite_utils.Database(conn)
            for number in range(version, SCHEMA_VERSION):
                MIGRATIONS[number](db)
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise

    def _insert(self, table: str, row: dict) -> int:
        """Insert inside the caller's transaction (sqlite-utils' insert would commit early)."""
        columns = ", ".join(f'"{c}"' for c in row)
        marks = ", ".join("?" for _ in row)
        cursor = self.db.conn.execute(f'INSERT INTO "{table}" ({columns}) VALUES ({marks})', list(row.values()))
        return cursor.lastrowid

    def _update(self, table: str, row_id: int, changes: dict) -> None:
        sets = ", ".join(f'"{c}" = ?' for c in changes)
        self.db.conn.execute(f'UPDATE "{table}" SET {sets} WHERE id = ?', [*changes.values(), row_id])

    def transaction(self):
        """A write transaction: committed as a whole or not at all."""
        return _Transaction(self.db.conn, self.path)

    # ----- people and conversations ----------------------------------------------------
    def create_conversation(self, name: str, framework: str, mode: str) -> int:
        name = " ".join(name.split()) or "Unnamed"
        with self.transaction():
            existing = self.db.conn.execute("SELECT id FROM people WHERE name = ? ORDER BY id LIMIT 1", (name,)).fetchone()
            person_id = existing[0] if existing else self._insert("people", {"name": name, "created_at": schema.now()})
            stamp = schema.now()
            return self._insert("conversations", {
                "person_id": person_id, "framework": framework, "mode": mode, "status": "open",
                "created_at": stamp, "updated_at": stamp,
            })

    def conversations(self, search: str = "", limit: int = 200) -> list[ConversationInfo]:
        sql = CONVERSATION_SELECT + " WHERE p.name LIKE ? ESCAPE '\\' ORDER BY c.updated_at DESC, c.id DESC LIMIT ?"
        pattern = "%" + search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        return [ConversationInfo(*row) for row in self.db.conn.execute(sql, (pattern, limit))]

    def conversation(self, conversation_id: int | None = None) -> ConversationInfo:
        """The named conversation, or the most recent one."""
        if conversation_id is None:
            found = self.conversations(limit=1)
            if not found:
                raise NotFoundError("There are no saved conversations yet.", hint="Start one with `outcomes new`.")
            return found[0]
        # SQLite row ids are 1 .. 2**63-1; anything else names no conversation (and must not reach SQLite).
        row = None
        if isinstance(conversation_id, int) and 1 <= conversation_id <= MAX_ROW_ID:
            row = self.db.conn.execute(CONVERSATION_SELECT + " WHERE c.id = ?", (conversation_id,)).fetchone()
        if row:
            return ConversationInfo(*row)
        raise NotFoundError(f"There is no conversation number {conversation_id}.", hint="See them with `outcomes transcript --list`.")

    def touch(self, conversation_id: int) -> None:
        self.db.conn.execute("UPDATE conversations SET updated_at = ? WHERE id = ?", (schema.now(), conversation_id))

    # ----- turns ---------------------------------------------------------------------
    def add_question(self, conversation_id: int, question, *, topic_done: bool = False) -> int:
        with self.transaction():
            self.touch(conversation_id)
            return self._insert("turns", {
                "conversation_id": conversation_id, "question_id": question.id, "question_text": question.text,
                "technique": question.technique, "stage": question.stage, "topic": question.topic,
                "asked_at": schema.now(), "skipped": 0, "superseded": 0, "topic_done": int(topic_done),
            })

    def unanalysed_turns(self, conversation_id: int) -> list[dict]:
        """Answers saved but not yet read by the engine (a run killed in between)."""
        return list(self.db["turns"].rows_where(
            "conversation_id = ? AND answered_at IS NOT NULL AND skipped = 0 AND analysis IS NULL", [conversation_id], order_by="id"))

    def set_handover(self, conversation_id: int, secret: str | None) -> None:
        with self.transaction():
            self.db.conn.execute("UPDATE conversations SET handover = ? WHERE id = ?", (secret, conversation_id))

    def handover(self, conversation_id: int) -> str | None:
        row = self.db.conn.execute("SELECT handover FROM conversations WHERE id = ?", (conversation_id,)).fetchone()
        return row[0] if row else None

    def set_cowriting(self, conversation_id: int, where: str) -> None:
        """Mark that the person has the keyboard ("conversation" or "review"), or that they no longer do ("")."""
        with self.transaction():
            self.db.conn.execute("UPDATE conversations SET cowriting = ? WHERE id = ?", (where, conversation_id))

    def cowriting_now(self) -> tuple[int, str] | None:
        """The co-writing the app stopped in (the person still had the keyboard), if any."""
        row = self.db.conn.execute("SELECT id, cowriting FROM conversations WHERE cowriting != '' ORDER BY id DESC LIMIT 1").fetchone()
        return (int(row[0]), str(row[1])) if row else None

    def remove_unanswered(self, turn_id: int) -> None:
        with self.transaction():
            self.db.conn.execute("DELETE FROM turns WHERE id = ? AND answered_at IS NULL", (turn_id,))

    def save_draft(self, turn_id: int, text: str) -> None:
        """What is in the answer box so far, for a question not yet answered (put back after a restart)."""
        with self.transaction():
            self.db.conn.execute("UPDATE turns SET draft = ? WHERE id = ? AND answered_at IS NULL AND skipped = 0",
                                 (text or None, turn_id))

    def draft(self, turn_id: int) -> str:
        row = self.db.conn.execute("SELECT draft FROM turns WHERE id = ? AND answered_at IS NULL", (turn_id,)).fetchone()
        return (row[0] or "") if row else ""

    def save_answer_text(self, conversation_id: int, turn_id: int, answer: str | None, *, skipped: bool = False) -> None:
        """Commit the person's words the moment they are given, before any analysis."""
        with self.transaction():
            self.db.conn.execute("UPDATE turns SET answer = ?, skipped = ?, answered_at = ?, draft = NULL WHERE id = ?",
                                 (answer, int(skipped), schema.now(), turn_id))
            self.touch(conversation_id)

    def save_analysis(self, conversation_id: int, turn_id: int, analysis: dict, *, outcomes=(), strengths=(),
                      network=(), alert: bool = False) -> None:
        """Save what the engine read in an answer and what it adds, in one transaction."""
        stamp = schema.now()
        with self.transaction():
            self.db.conn.execute("UPDATE turns SET analysis = ? WHERE id = ?",
                                 (json.dumps(analysis, ensure_ascii=False), turn_id))
            for item in outcomes:
                self._insert("outcomes", {
                    "conversation_id": conversation_id, "turn_id": turn_id, "words": item.words,
                    "original_words": item.words, "outcome_ids": json.dumps(item.outcome_ids),
                    "evidence": json.dumps(item.evidence, ensure_ascii=False), "status": "proposed",
                    "created_at": stamp, "updated_at": stamp,
                })
            for words in strengths:
                self._insert("strengths", {"conversation_id": conversation_id, "turn_id": turn_id, "words": words, "created_at": stamp})
            for words in network:
                self._insert("network", {"conversation_id": conversation_id, "turn_id": turn_id, "words": words, "created_at": stamp})
            if alert:
                self._insert("alerts", {"conversation_id": conversation_id, "turn_id": turn_id, "created_at": stamp})
            self.touch(conversation_id)

    def supersede_last_answer(self, conversation_id: int) -> int | None:
        """Go back: keep the last answer on record but take it out of the flow; re-ask its question."""
        rows = self.turns(conversation_id)
        answered = [r for r in rows if r["answered_at"]]
        if not answered:
            return None
        last = answered[-1]
        with self.transaction():
            for row in rows:
                if row["id"] > last["id"] and not row["answered_at"]:
                    self.db.conn.execute("DELETE FROM turns WHERE id = ?", (row["id"],))
            self.db.conn.execute("UPDATE turns SET superseded = 1 WHERE id = ?", (last["id"],))
            self.db.conn.execute("DELETE FROM outcomes WHERE turn_id = ? AND status = 'proposed'", (last["id"],))
            self.db.conn.execute("DELETE FROM strengths WHERE turn_id = ?", (last["id"],))
            self.db.conn.execute("DELETE FROM network WHERE turn_id = ?", (last["id"],))
            copy = {k: last[k] for k in ("conversation_id", "question_id", "question_text", "technique", "stage", "topic")}
            new_id = self._insert("turns", {**copy, "asked_at": schema.now(), "skipped": 0, "superseded": 0})
            self.touch(conversation_id)
        return new_id

    def turns(self, conversation_id: int, *, include_superseded: bool = False) -> list[dict]:
        where = "conversation_id = ?" + ("" if include_superseded else " AND superseded = 0")
        return list(self.db["turns"].rows_where(where, [conversation_id], order_by="id"))

    # ----- outcomes, strengths, people, alerts ----------------------------------------
    def outcomes(self, conversation_id: int) -> list[dict]:
        rows = list(self.db["outcomes"].rows_where("conversation_id = ?", [conversation_id], order_by="id"))
        for row in rows:
            row["outcome_ids"] = json.loads(row["outcome_ids"] or "[]")
            row["evidence"] = json.loads(row["evidence"] or "[]")
        return rows

    def update_outcome(self, outcome_id: int, *, words: str | None = None, outcome_ids: list[str] | None = None,
                       status: str | None = None) -> None:
        """Accept, reword, re-categorise or decline; the person's original words are always kept.

        Agreeing, re-categorising and declining are also kept as labelled examples (decisions)."""
        changes: dict = {"updated_at": schema.now()}
        if words is not None:
            changes["words"] = words
        if outcome_ids is not None:
            changes["outcome_ids"] = json.dumps(outcome_ids)
        if status is not None:
            if status not in {"proposed", "accepted", "declined"}:
                raise ValueError(status)
            changes["status"] = status
        with self.transaction():
            before = self.db.conn.execute("SELECT outcome_ids FROM outcomes WHERE id = ?", (outcome_id,)).fetchone()
            self._update("outcomes", outcome_id, changes)
            if before is None:
                return
            previous = json.loads(before[0] or "[]")
            if outcome_ids is not None and sorted(outcome_ids) != sorted(previous):
                if set(outcome_ids) - set(previous):
                    # The engine's evidence was for the areas it proposed; it says nothing for one chosen instead.
                    self._update("outcomes", outcome_id, {"evidence": "[]"})
                self._record_decision(outcome_id, "recategorise", outcome_ids, [i for i in previous if i not in outcome_ids])
            if status == "accepted":
                self._record_decision(outcome_id, "agree", outcome_ids if outcome_ids is not None else previous, [])
            elif status == "declined":
                self._record_decision(outcome_id, "decline", [], outcome_ids if outcome_ids is not None else previous)

    def add_outcome(self, conversation_id: int, words: str, outcome_ids: list[str], *, agreed: bool = False) -> int:
        """An outcome typed in by hand; `agreed` when the person wrote it themselves (their say is final)."""
        stamp = schema.now()
        with self.transaction():
            row_id = self._insert("outcomes", {
                "conversation_id": conversation_id, "turn_id": None, "words": words, "original_words": words,
                "outcome_ids": json.dumps(outcome_ids), "evidence": "[]", "status": "accepted" if agreed else "proposed",
                "created_at": stamp, "updated_at": stamp,
            })
            if outcome_ids:
                self._record_decision(row_id, "add", outcome_ids, [])
            return row_id

    def _record_decision(self, outcome_row: int, decision: str, outcome_ids: list[str], declined_ids: list[str]) -> None:
        """A board decision as a labelled example: the person's answer (or the words added) and the areas."""
        row = self.db.conn.execute(
            """SELECT o.conversation_id, c.framework, COALESCE(t.answer, o.original_words)
               FROM outcomes o JOIN conversations c ON c.id = o.conversation_id LEFT JOIN turns t ON t.id = o.turn_id
               WHERE o.id = ?""", (outcome_row,)).fetchone()
        if row is None or not (row[2] or "").strip():
            return
        self._insert("decisions", {
            "conversation_id": row[0], "outcome_row": outcome_row, "framework": row[1], "text": row[2],
            "decision": decision, "outcome_ids": json.dumps(outcome_ids), "declined_ids": json.dumps(declined_ids),
            "created_at": schema.now(),
        })

    def decisions(self) -> list[dict]:
        """Every board decision in this database, oldest first."""
        rows = list(self.db["decisions"].rows_where(order_by="id"))
        for row in rows:
            row["outcome_ids"] = json.loads(row["outcome_ids"] or "[]")
            row["declined_ids"] = json.loads(row["declined_ids"] or "[]")
        return rows

    def strength_rows(self, conversation_id: int) -> list[dict]:
        return list(self.db["strengths"].rows_where("conversation_id = ?", [conversation_id], order_by="id"))

    def network_rows(self, conversation_id: int) -> list[dict]:
        return list(self.db["network"].rows_where("conversation_id = ?", [conversation_id], order_by="id"))

    def strengths(self, conversation_id: int) -> list[str]:
        return [r["words"] for r in self.db["strengths"].rows_where("conversation_id = ?", [conversation_id], order_by="id")]

    def network(self, conversation_id: int) -> list[str]:
        return [r["words"] for r in self.db["network"].rows_where("conversation_id = ?", [conversation_id], order_by="id")]

    def alerts(self, conversation_id: int) -> list[dict]:
        return list(self.db["alerts"].rows_where("conversation_id = ?", [conversation_id], order_by="id"))

    def acknowledge_alert(self, alert_id: int, by: str, action: str) -> None:
        with self.transaction():
            self._update("alerts", alert_id, {"acknowledged_at": schema.now(), "acknowledged_by": by, "action": action})

    # ----- plans ---------------------------------------------------------------------
    def save_plan_version(self, conversation_id: int, content: dict, saved_by: str) -> int:
        with self.transaction():
            row = self.db.conn.execute("SELECT COALESCE(MAX(version), 0) FROM plan_versions WHERE conversation_id = ?",
                                       (conversation_id,)).fetchone()
            version = row[0] + 1
            self._insert("plan_versions", {
                "conversation_id": conversation_id, "version": version, "saved_by": saved_by, "saved_at": schema.now(),
                "content": json.dumps(content, ensure_ascii=False),
            })
            self.touch(conversation_id)
        return version

    def plan_versions(self, conversation_id: int) -> list[dict]:
        rows = list(self.db["plan_versions"].rows_where("conversation_id = ?", [conversation_id], order_by="version"))
        for row in rows:
            row["content"] = json.loads(row["content"])
        return rows

    def _dicts(self, sql: str, params: tuple) -> list[dict]:
        cursor = self.db.conn.execute(sql, params)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row)) for row in cursor]

    def latest_plans(self) -> dict[int, dict]:
        """The newest saved plan of every conversation, by conversation id (for reviews due)."""
        sql = """SELECT conversation_id, content FROM plan_versions p
                 WHERE version = (SELECT MAX(version) FROM plan_versions q WHERE q.conversation_id = p.conversation_id)"""
        return {row[0]: json.loads(row[1]) for row in self.db.conn.execute(sql)}


class _Transaction:
    def __init__(self, conn: sqlite3.Connection, path: Path | None = None) -> None:
        self.conn = conn
        self.path = path
        self.outer = False

    def __enter__(self):
        self.outer = not self.conn.in_transaction
        if self.outer:
            try:
                self.conn.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as exc:
                raise _write_error(exc, self.path) from exc
        return self

    def __exit__(self, exc_type, exc, tb) -> bool:
        if not self.outer or not self.conn.in_transaction:
            if exc_type is not None and issubclass(exc_type, sqlite3.Error):
                raise _write_error(exc, self.path) from exc
            return False
        try:
            self.conn.execute("COMMIT" if exc_type is None else "ROLLBACK")
        except sqlite3.Error as error:
            raise _write_error(error, self.path) from error
        if exc_type is not None and issubclass(exc_type, sqlite3.Error):
            raise _write_error(exc, self.path) from exc
        return False


def _write_error(exc: Exception, path: Path | None) -> WriteFailedError:
    """A failed write, said plainly, with the likely cause: a full disk, a read-only file or folder, another program."""
    if path is None:
        what, hint = str(exc), "Check the disk has space and the file is writable, then try again."
    else:
        what, hint = cause(path, exc)
    return WriteFailedError(f"The database could not be written: {what}.", hint=f"Nothing was changed by this step. {hint}",
                            advice=hint)


def open_store(path: Path | None = None, *, exclusive: bool = True, read_only: bool = False) -> Store:
    from assistant.locations import default_db_path

    return Store(Path(path) if path else default_db_path(), exclusive=exclusive, read_only=read_only)
