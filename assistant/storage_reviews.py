"""The review tables: each review's questions, answers, results and rewordings.

A mixin of `Store`: it uses the store's transaction and row helpers, so every
write is committed before the next question, like the rest.
"""

from __future__ import annotations

import json

from assistant import schema


class ReviewTables:
    def start_review(self, conversation_id: int, mode: str, depth: str) -> int:
        """A new sitting: numbered 1, 2, 3… per conversation."""
        with self.transaction():
            row = self.db.conn.execute("SELECT COALESCE(MAX(number), 0) FROM reviews WHERE conversation_id = ?",
                                       (conversation_id,)).fetchone()
            review_id = self._insert("reviews", {
                "conversation_id": conversation_id, "number": row[0] + 1, "mode": mode, "depth": depth,
                "started_at": schema.now(),
            })
            self.touch(conversation_id)
        return review_id

    def set_review_mode(self, review_id: int, mode: str) -> None:
        """Who a sitting is for, changed before anything in it was answered."""
        with self.transaction():
            self._update("reviews", review_id, {"mode": mode})

    def reviews(self, conversation_id: int, *, finished_only: bool = False) -> list[dict]:
        where = "conversation_id = ?" + (" AND finished_at IS NOT NULL" if finished_only else "")
        return list(self.db["reviews"].rows_where(where, [conversation_id], order_by="number"))

    def add_review_question(self, review_id: int, outcome_row: int | None, step: str, question) -> int:
        with self.transaction():
            return self._insert("review_turns", {
                "review_id": review_id, "outcome_row": outcome_row, "step": step, "question_id": question.id,
                "question_text": question.text, "technique": question.technique, "asked_at": schema.now(),
                "skipped": 0, "superseded": 0,
            })

    def save_review_answer(self, turn_id: int, answer: str | None, *, skipped: bool = False) -> None:
        """The person's words, committed the moment they are given."""
        with self.transaction():
            self.db.conn.execute("UPDATE review_turns SET answer = ?, skipped = ?, answered_at = ?, draft = NULL WHERE id = ?",
                                 (answer, int(skipped), schema.now(), turn_id))

    def save_review_draft(self, turn_id: int, text: str) -> None:
        """What is in the answer box so far, for a review question not yet answered."""
        with self.transaction():
            self.db.conn.execute("UPDATE review_turns SET draft = ? WHERE id = ? AND answered_at IS NULL AND skipped = 0",
                                 (text or None, turn_id))

    def review_draft(self, turn_id: int) -> str:
        row = self.db.conn.execute("SELECT draft FROM review_turns WHERE id = ? AND answered_at IS NULL", (turn_id,)).fetchone()
        return (row[0] or "") if row else ""

    def add_review_event(self, review_id: int, outcome_row: int | None, step: str, data: dict) -> int:
        """A choice made during a review (a status, new outcomes agreed), kept in order with the answers."""
        stamp = schema.now()
        with self.transaction():
            return self._insert("review_turns", {
                "review_id": review_id, "outcome_row": outcome_row, "step": step, "question_id": "", "question_text": "",
                "technique": "", "data": json.dumps(data, ensure_ascii=False), "asked_at": stamp, "answered_at": stamp,
                "skipped": 0, "superseded": 0,
            })

    def remove_unanswered_review_question(self, turn_id: int) -> None:
        with self.transaction():
            self.db.conn.execute("DELETE FROM review_turns WHERE id = ? AND answered_at IS NULL", (turn_id,))

    def supersede_review_turn(self, turn_id: int) -> None:
        """Go back: the answer stays on record, out of the review."""
        with self.transaction():
            self.db.conn.execute("UPDATE review_turns SET superseded = 1 WHERE id = ?", (turn_id,))

    def review_turns(self, review_id: int, *, include_superseded: bool = False) -> list[dict]:
        where = "review_id = ?" + ("" if include_superseded else " AND superseded = 0")
        rows = list(self.db["review_turns"].rows_where(where, [review_id], order_by="id"))
        for row in rows:
            row["data"] = json.loads(row["data"]) if row["data"] else {}
        return rows

    def review_answer(self, review_turn_id: int) -> str:
        """The words given in one review turn ("" if none)."""
        row = self.db.conn.execute("SELECT answer FROM review_turns WHERE id = ?", (review_turn_id,)).fetchone()
        return (row[0] if row else "") or ""

    def review_turn(self, review_turn_id: int) -> dict | None:
        """One review turn (its question, answer and data), or None."""
        rows = list(self.db["review_turns"].rows_where("id = ?", [review_turn_id]))
        if not rows:
            return None
        row = rows[0]
        row["data"] = json.loads(row["data"]) if row["data"] else {}
        return row

    def save_review(self, review_id: int, results: list[dict], rewordings: list[tuple[int, str]], saved_by: str) -> None:
        """A finished review: one result per outcome, and each rewording kept beside the words before it."""
        stamp = schema.now()
        with self.transaction():
            for position, item in enumerate(results):
                self._insert("review_outcomes", {"review_id": review_id, "position": position, **item})
            for outcome_row, words in rewordings:
                self._insert("outcome_wordings", {"outcome_row": outcome_row, "review_id": review_id, "words": words,
                                                  "said_at": stamp})
                self._update("outcomes", outcome_row, {"words": words, "updated_at": stamp})
            self._update("reviews", review_id, {"finished_at": stamp, "saved_by": saved_by})

    def link_review_plan(self, review_id: int, version: int) -> None:
        with self.transaction():
            self._update("reviews", review_id, {"plan_version": version})

    def add_review_alert(self, conversation_id: int, review_turn: int, sentences: tuple[str, ...] = (),
                         certain: bool = True, concern: tuple[str, ...] = ()) -> int:
        """An alert raised by a review answer; the sentences that raised it are kept with the turn."""
        with self.transaction():
            alert_id = self._insert("alerts", {"conversation_id": conversation_id, "review_turn": review_turn,
                                               "created_at": schema.now()})
            reading = {"alert_sentences": list(sentences), "alert_certain": bool(certain), "concern": list(concern)}
            self.db.conn.execute("UPDATE review_turns SET data = ? WHERE id = ?",
                                 (json.dumps(reading, ensure_ascii=False), review_turn))
            self.touch(conversation_id)
            return alert_id

    def discard_review(self, review_id: int) -> None:
        """A sitting in which nothing was said leaves nothing behind."""
        with self.transaction():
            self.db.conn.execute("DELETE FROM review_turns WHERE review_id = ?", (review_id,))
            self.db.conn.execute("DELETE FROM reviews WHERE id = ? AND finished_at IS NULL", (review_id,))

    def review_results(self, conversation_id: int) -> list[dict]:
        """Every finished review's result per outcome, oldest first, with the review's number and date."""
        sql = """SELECT ro.*, r.number AS review_number, r.finished_at AS reviewed_at
                 FROM review_outcomes ro JOIN reviews r ON r.id = ro.review_id
                 WHERE r.conversation_id = ? AND r.finished_at IS NOT NULL ORDER BY r.number, ro.position"""
        return self._dicts(sql, (conversation_id,))

    def ended_outcome_rows(self, conversation_id: int) -> set[int]:
        """Outcomes the person said at their latest review of them that they no longer want: out of the plan."""
        ended: set[int] = set()
        for result in self.review_results(conversation_id):
            if result["status"] == "no_longer_wanted":
                ended.add(result["outcome_row"])
            else:
                ended.discard(result["outcome_row"])
        return ended

    def outcome_wordings(self, conversation_id: int) -> list[dict]:
        sql = """SELECT w.* FROM outcome_wordings w JOIN outcomes o ON o.id = w.outcome_row
                 WHERE o.conversation_id = ? ORDER BY w.id"""
        return self._dicts(sql, (conversation_id,))
