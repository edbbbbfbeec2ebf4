"""The database's shape: each migration in order, applied once (PRAGMA user_version counts them).

A migration only ever adds; a database written by an older version opens in a newer one.
"""

from __future__ import annotations

from datetime import datetime, timezone

import sqlite_utils


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _migration_1(db: sqlite_utils.Database) -> None:
    db["people"].create({"id": int, "name": str, "created_at": str}, pk="id")
    db["conversations"].create(
        {"id": int, "person_id": int, "framework": str, "mode": str, "status": str, "created_at": str, "updated_at": str},
        pk="id", foreign_keys=[("person_id", "people", "id")],
    )
    db["turns"].create(
        {"id": int, "conversation_id": int, "question_id": str, "question_text": str, "technique": str, "stage": str,
         "topic": str, "answer": str, "skipped": int, "analysis": str, "asked_at": str, "answered_at": str,
         "superseded": int},
        pk="id", foreign_keys=[("conversation_id", "conversations", "id")], defaults={"skipped": 0, "superseded": 0},
    )
    db["outcomes"].create(
        {"id": int, "conversation_id": int, "turn_id": int, "words": str, "original_words": str, "outcome_ids": str,
         "evidence": str, "status": str, "created_at": str, "updated_at": str},
        pk="id", foreign_keys=[("conversation_id", "conversations", "id")],
    )
    db["strengths"].create({"id": int, "conversation_id": int, "turn_id": int, "words": str, "created_at": str}, pk="id")
    db["network"].create({"id": int, "conversation_id": int, "turn_id": int, "words": str, "created_at": str}, pk="id")
    db["alerts"].create(
        {"id": int, "conversation_id": int, "turn_id": int, "created_at": str, "acknowledged_at": str,
         "acknowledged_by": str, "action": str},
        pk="id",
    )
    db["turns"].create_index(["conversation_id"])
    db["outcomes"].create_index(["conversation_id"])


def _migration_2(db: sqlite_utils.Database) -> None:
    """Support plans: every save is a new version; nothing is overwritten."""
    db["plan_versions"].create(
        {"id": int, "conversation_id": int, "version": int, "saved_by": str, "saved_at": str, "content": str},
        pk="id", foreign_keys=[("conversation_id", "conversations", "id")],
    )
    db["plan_versions"].create_index(["conversation_id", "version"], unique=True)


def _migration_3(db: sqlite_utils.Database) -> None:
    """Decisions on the outcomes board, kept as labelled examples for `outcomes model update`."""
    db["decisions"].create(
        {"id": int, "conversation_id": int, "outcome_row": int, "framework": str, "text": str, "decision": str,
         "outcome_ids": str, "declined_ids": str, "created_at": str},
        pk="id", foreign_keys=[("conversation_id", "conversations", "id")],
    )


def _migration_4(db: sqlite_utils.Database) -> None:
    """"Topic done" kept with the turn it came before; a co-writing handover passphrase (salted hash)."""
    db.conn.execute("ALTER TABLE turns ADD COLUMN topic_done INTEGER NOT NULL DEFAULT 0")
    db.conn.execute("ALTER TABLE conversations ADD COLUMN handover TEXT")


def _migration_5(db: sqlite_utils.Database) -> None:
    """Reviews: one row per sitting, every question and answer kept, one result per outcome per review.

    Nothing is overwritten: a rewording of an outcome is a new row in outcome_wordings."""
    db["reviews"].create(
        {"id": int, "conversation_id": int, "number": int, "mode": str, "depth": str, "started_at": str,
         "finished_at": str, "plan_version": int, "saved_by": str},
        pk="id", foreign_keys=[("conversation_id", "conversations", "id")],
    )
    db["reviews"].create_index(["conversation_id", "number"], unique=True)
    db["review_turns"].create(
        {"id": int, "review_id": int, "outcome_row": int, "step": str, "question_id": str, "question_text": str,
         "technique": str, "answer": str, "skipped": int, "data": str, "asked_at": str, "answered_at": str,
         "superseded": int},
        pk="id", foreign_keys=[("review_id", "reviews", "id")], defaults={"skipped": 0, "superseded": 0},
    )
    db["review_outcomes"].create(
        {"id": int, "review_id": int, "outcome_row": int, "position": int, "words": str, "rating": int,
         "previous": int, "change": int, "setback": int, "status": str, "said": str, "what_helped": str,
         "next_step": str, "is_new": int},
        pk="id", foreign_keys=[("review_id", "reviews", "id"), ("outcome_row", "outcomes", "id")],
    )
    db["outcome_wordings"].create(
        {"id": int, "outcome_row": int, "review_id": int, "words": str, "said_at": str},
        pk="id", foreign_keys=[("outcome_row", "outcomes", "id"), ("review_id", "reviews", "id")],
    )
    db["review_turns"].create_index(["review_id"])
    db["review_outcomes"].create_index(["review_id"])
    # A disclosure during a review is an alert like any other, quoting the review answer.
    db["alerts"].add_column("review_turn", int)


def _migration_6(db: sqlite_utils.Database) -> None:
    """Where a person was co-writing when the app last stopped ("conversation", "review" or ""): a
    restart opens it again instead of everyone's records, until the practitioner takes back over."""
    db.conn.execute("ALTER TABLE conversations ADD COLUMN cowriting TEXT NOT NULL DEFAULT ''")


def _migration_7(db: sqlite_utils.Database) -> None:
    """An answer half-typed when the app stopped (the terminal closed mid-sentence): put back in the box."""
    db.conn.execute("ALTER TABLE turns ADD COLUMN draft TEXT")


def _migration_8(db: sqlite_utils.Database) -> None:
    """The same for a review answer half-typed when the app stopped."""
    db.conn.execute("ALTER TABLE review_turns ADD COLUMN draft TEXT")


MIGRATIONS = (_migration_1, _migration_2, _migration_3, _migration_4, _migration_5, _migration_6, _migration_7, _migration_8)
SCHEMA_VERSION = len(MIGRATIONS)
