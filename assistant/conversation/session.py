"""A conversation being held: flow, engine and storage kept in step.

The terminal UI and `outcomes converse` both drive this class, so a headless
run saves exactly what the UI would; it is the UI's only door to a
conversation's data. Order of work for every answer: the words are committed
the moment they are given (`record_answer`), then analysed, then what the
analysis adds is committed (`analyse_answer`), and only then is the next
question chosen, saved and shown. Database access is serialised: the UI
thread and a worker thread may both use one session.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
import threading
from dataclasses import dataclass, replace
from typing import Callable

from assistant.conversation.bank import QuestionBank
from assistant.conversation.flow import ConversationFlow, PlannedQuestion, TurnRecord
from assistant.conversation.replies import says_not_safe
from assistant.conversation.records import Alert, AnswerReading, ProposedRow, safety_reply
from assistant.errors import AssistantError
from assistant.nlp.engine import Analysis
from assistant.storage import Store

AnalyseFn = Callable[[str], Analysis]
MIN_PASSPHRASE = 4


@dataclass(frozen=True)
class AnswerResult:
    reading: AnswerReading
    skipped: bool
    alert: Alert | None
    next_question: PlannedQuestion

    @property
    def analysis(self) -> dict:
        """The contract's shape (kind, outcomes, flags), as `outcomes converse` prints it."""
        return self.reading.public()


_SECOND_PERSON = {"i": "you", "me": "you", "my": "your", "mine": "yours", "myself": "yourself", "i'm": "you're", "i've": "you've"}


def outcome_in_words(plain_label: str, mode: str) -> str:
    """An outcome to say back in a question: first person when the person reads it
    ("a life of my own"), second person when a practitioner asks ("a life of your own")."""
    text = plain_label[0].lower() + plain_label[1:]
    if mode == "cowrite":
        return text
    return re.sub(r"\b(i'm|i've|i|me|my|mine|myself)\b", lambda m: _SECOND_PERSON[m.group(0).lower()], text, flags=re.I)


def _hash_secret(secret: str, salt: bytes | None = None) -> str:
    salt = salt or os.urandom(16)
    digest = hashlib.pbkdf2_hmac("sha256", secret.encode("utf-8"), salt, 200_000)
    return f"pbkdf2${salt.hex()}${digest.hex()}"


def _check_secret(secret: str, stored: str) -> bool:
    try:
        _, salt, digest = stored.split("$")
        expected = hashlib.pbkdf2_hmac("sha256", secret.encode("utf-8"), bytes.fromhex(salt), 200_000).hex()
    except ValueError:
        return False
    return hmac.compare_digest(expected, digest)


class ConversationSession:
    def __init__(self, bank: QuestionBank, framework, mode: str, store: Store | None = None,
                 conversation_id: int | None = None) -> None:
        self.bank = bank
        self.framework = framework
        self.mode = mode
        self.store = store
        self.conversation_id = conversation_id
        words = {o.id: outcome_in_words(o.plain_label, mode) for o in framework.outcomes}
        self.flow = ConversationFlow(bank, framework.name, mode, words)
        self._turn_ids: list[int] = []
        self._lock = threading.RLock()
        self.taken_back = ""  # the answer `back` took back, to offer again
        self.taken_back_outcomes: list[str] = []  # and the outcomes it had given

    @property
    def flow(self) -> ConversationFlow:
        return self._flow

    @flow.setter
    def flow(self, flow: ConversationFlow) -> None:
        # "Let me read back what matters" reads the board: what was turned down, held back or put in
        # other words there is read back as the board has it now.
        flow.read_back_words = self._read_back_words if self.store else None
        self._flow = flow

    def _read_back_words(self) -> list[str]:
        return [row.words for row in self.board() if row.status in {"accepted", "proposed"} and not row.held_back]

    # ----- opening ---------------------------------------------------------------------
    @classmethod
    def start_new(cls, bank, framework, mode, store: Store | None = None, name: str = "") -> "ConversationSession":
        conversation_id = store.create_conversation(name, framework.name, mode) if store else None
        session = cls(bank, framework, mode, store, conversation_id)
        session._ask(session.flow.next_question())
        return session

    @classmethod
    def resume(cls, bank, framework, store: Store, conversation_id: int, analyse: AnalyseFn | None = None) -> "ConversationSession":
        """Rebuild a saved conversation; finish any analysis a killed run left undone."""
        info = store.conversation(conversation_id)
        session = cls(bank, framework, info.mode, store, info.id)
        session._rebuild(analyse)
        if session.flow.pending is None:
            session._ask(session.flow.next_question())
        return session

    @classmethod
    def complete_pending(cls, bank, framework, store: Store, conversation_id: int, analyse: AnalyseFn) -> int:
        """Analyse answers a killed run saved but never read (for commands that only read). Returns how many."""
        pending = len(store.unanalysed_turns(conversation_id))
        if pending:
            info = store.conversation(conversation_id)
            cls(bank, framework, info.mode, store, info.id)._rebuild(analyse)
        return pending

    def _rebuild(self, analyse: AnalyseFn | None) -> None:
        records: list[TurnRecord] = []
        for row in self.store.turns(self.conversation_id):
            question = PlannedQuestion(row["question_id"], row["question_text"], row["technique"], row["stage"], row["topic"] or "")
            reading = AnswerReading.from_json(json.loads(row["analysis"])) if row["analysis"] else None
            record = TurnRecord(question, row["answer"], bool(row["skipped"]), reading, bool(row.get("topic_done")))
            if row["answered_at"] and not row["skipped"] and record.analysis is None:
                if analyse is None:
                    raise RuntimeError("an answer is waiting for analysis; pass analyse=")
                record.analysis = AnswerReading.from_analysis(analyse(row["answer"] or ""))
                replayed = ConversationFlow.replay(self.bank, self.framework.name, self.mode, [*records, record], self.flow.outcome_words)
                self._save_additions(row["id"], replayed, len(records))
            records.append(record)
            self._turn_ids.append(row["id"])
        self.flow = ConversationFlow.replay(self.bank, self.framework.name, self.mode, records, self.flow.outcome_words)

    # ----- the current question -----------------------------------------------------------
    @property
    def current(self) -> PlannedQuestion:
        pending = self.flow.pending
        assert pending is not None
        return pending.question

    @property
    def waiting_for_analysis(self) -> bool:
        """An answer is saved but its reading (and the next question) is still to come."""
        turn = self.flow.turns[-1] if self.flow.turns else None
        return bool(turn and turn.answer is not None and turn.analysis is None and not turn.skipped)

    def why(self, question: PlannedQuestion | None = None) -> str:
        question = question or self.current
        if question.id.startswith("privacy."):
            return ("I asked who sees this, so that comes first." if self.mode == "cowrite" else
                    "The person asked who sees their words: a straight answer comes before any other question.")
        technique = self.bank.techniques.get(question.technique)
        if technique is None:
            return ""
        return technique.plain if self.mode == "cowrite" else technique.why

    def alternatives(self) -> list[PlannedQuestion]:
        return self.flow.alternatives()

    # ----- moves ---------------------------------------------------------------------
    def save_draft(self, text: str) -> None:
        """The answer box so far (the UI calls this a moment after typing stops): a closed terminal loses nothing."""
        with self._lock:
            if self.store and self.flow.pending is not None:
                self.store.save_draft(self._turn_ids[-1], text)

    def draft(self) -> str:
        """What was half-typed for the question waiting, when the app last stopped."""
        with self._lock:
            return self.store.draft(self._turn_ids[-1]) if self.store and self.flow.pending is not None else ""

    def record_answer(self, text: str) -> None:
        """Commit the person's words now, before any analysis (call on the UI thread)."""
        with self._lock:
            turn = self.flow.pending
            if turn is None:
                raise RuntimeError("no question is waiting for an answer")
            if self.store:
                self.store.save_answer_text(self.conversation_id, self._turn_ids[-1], text)
            turn.answer = text

    def analyse_answer(self, analyse: AnalyseFn) -> AnswerResult:
        """Read the answer just recorded, save what it adds, and ask the next question (worker thread)."""
        turn = self.flow.turns[-1]
        if turn.answer is None or turn.analysis is not None:
            raise RuntimeError("no recorded answer is waiting for analysis")
        reading = AnswerReading.from_analysis(analyse(turn.answer))
        if says_not_safe(turn.question, turn.answer) and not (reading.safeguarding and reading.alert_certain):
            # "Not when Jake is in" to "are you safe right now?": no harm word in it, but the answer is no.
            reading = replace(reading, flags=tuple(dict.fromkeys((*reading.flags, "safeguarding"))),
                              alert_sentences=(turn.answer,), alert_certain=True)
        with self._lock:
            turn.analysis = reading
            index = len(self.flow.turns) - 1
            self.flow._apply(index)
            alert = self._save_additions(self._turn_ids[-1], self.flow, index)
            next_question = self._ask(self.flow.next_question())
        return AnswerResult(reading, False, alert, next_question)

    def submit(self, text: str, analyse: AnalyseFn) -> AnswerResult:
        """Record and analyse in one go (the headless path)."""
        self.record_answer(text)
        return self.analyse_answer(analyse)

    def skip(self) -> AnswerResult:
        with self._lock:
            if self.store:
                self.store.save_answer_text(self.conversation_id, self._turn_ids[-1], None, skipped=True)
            self.flow.skip()
            return AnswerResult(AnswerReading(), True, None, self._ask(self.flow.next_question()))

    def back(self) -> PlannedQuestion | None:
        """Re-ask the previous question; its earlier answer stays on record, out of the flow (and in
        `taken_back`, for the answer box to offer again)."""
        with self._lock:
            answered = [i for i, t in enumerate(self.flow.turns) if t.answer is not None or t.skipped]
            if not answered:
                return None
            keep = answered[-1]
            new_id = self.store.supersede_last_answer(self.conversation_id) if self.store else None
            previous = self.flow.turns[keep]
            self.taken_back = previous.answer or ""  # offered again to change, rather than typed anew
            # What that answer had put on the board leaves it until the question is answered again.
            self.taken_back_outcomes = [o.words for o in self.flow.state.outcomes if o.turn_index == keep]
            records = [*self.flow.turns[:keep], TurnRecord(previous.question, topic_done=previous.topic_done)]
            self.flow = ConversationFlow.replay(self.bank, self.framework.name, self.mode, records, self.flow.outcome_words)
            self._turn_ids = [*self._turn_ids[:keep], new_id if new_id is not None else -1]
            return self.current

    def topic_done(self) -> PlannedQuestion:
        """Stop on the current topic and move on; kept with the conversation, so a resume honours it."""
        with self._lock:
            self.flow.topic_done()
            return self._replace_pending(self.flow.next_question(), topic_done=True)

    def ask_instead(self, question: PlannedQuestion) -> PlannedQuestion:
        """Ask another suggested question, or one typed by the practitioner, instead."""
        with self._lock:
            return self._replace_pending(question)

    def ask_own(self, text: str, technique: str = "what_matters") -> PlannedQuestion:
        """A question the practitioner (or person) typed, with the technique it seems to use."""
        return self.ask_instead(self.flow.custom(text, technique))

    # ----- outcomes board ---------------------------------------------------------------
    def board(self) -> list[ProposedRow]:
        """Every outcome proposed or added, with the answer it came from and whether that answer raised an alert."""
        with self._lock:
            if not self.store:
                return []
            from assistant.plan.model import alert_answers, repeats_alert, standing_alerts

            turns = {t["id"]: t for t in self.store.turns(self.conversation_id, include_superseded=True)}
            # Not a possible concern closed as no concern: it holds nothing back.
            alerts = standing_alerts(self.store, self.store.alerts(self.conversation_id), turns)
            # A review's alert has no conversation turn (None), like an outcome typed in by hand.
            flagged = {a["turn_id"] for a in alerts if a["turn_id"] is not None}
            ended = self.store.ended_outcome_rows(self.conversation_id)
            # Marked as the plan holds it back: from an alert answer, or repeating one (an outcome proposed
            # at a review from an answer that raised a weaker concern has no conversation turn).
            said_in_alerts = alert_answers(self.store, self.conversation_id, alerts=alerts, turns=turns)
            return [ProposedRow.from_row({**r, "status": "no_longer_wanted"} if r["id"] in ended else r,
                                         (turns.get(r["turn_id"]) or {}).get("answer") or "",
                                         r["turn_id"] in flagged or repeats_alert(r["words"], said_in_alerts)
                                         or repeats_alert(r["original_words"], said_in_alerts))
                    for r in self.store.outcomes(self.conversation_id)]

    def agree(self, row_id: int) -> None:
        self._update_outcome(row_id, status="accepted")

    def decline(self, row_id: int) -> None:
        self._update_outcome(row_id, status="declined")

    def reword(self, row_id: int, words: str) -> None:
        if words.strip():
            self._update_outcome(row_id, words=" ".join(words.split()))

    def recategorise(self, row_id: int, outcome_id: str) -> None:
        self._update_outcome(row_id, outcome_ids=[outcome_id])

    def add_outcome(self, words: str, outcome_ids: list[str]) -> int:
        """An outcome typed in on the board. A person co-writing has said it themselves, so it is agreed;
        one a practitioner types waits, like a proposal, for the person to agree it."""
        with self._lock:
            return self.store.add_outcome(self.conversation_id, " ".join(words.split()), outcome_ids,
                                          agreed=self.mode == "cowrite")

    def _update_outcome(self, row_id: int, **changes) -> None:
        with self._lock:
            self.store.update_outcome(row_id, **changes)

    # ----- safeguarding -----------------------------------------------------------------
    def alerts(self) -> list[Alert]:
        with self._lock:
            return conversation_alerts(self.store, self.conversation_id) if self.store else []

    def unacknowledged_alerts(self) -> list[Alert]:
        return [a for a in self.alerts() if not a.acknowledged]

    def acknowledge(self, alert_id: int, action: str, by: str = "practitioner") -> None:
        with self._lock:
            acknowledge_alert(self.store, self.conversation_id, alert_id, action, by)

    def alert_it_follows(self, alert: Alert) -> Alert | None:
        """The recorded alert an alert's answer replied to, when that answer was given to the safety
        question asked because of it ("I'm not going to do anything stupid", "its not a big deal honestly hes
        alright"): the practitioner may then record the new one as part of the same concern, rather than write it
        all again (`reply_told_more` says when the flow read something new in it). None otherwise."""
        with self._lock:
            if alert.turn_id is None or alert.turn_id not in self._turn_ids:
                return None
            index = self._turn_ids.index(alert.turn_id)
            if index == 0 or not self.flow.turns[index].question.is_safety_check:
                return None
            before = self._turn_ids[index - 1]  # the answer the safety question was asked about
            earlier = [a for a in conversation_alerts(self.store, self.conversation_id)
                       if a.acknowledged and a.turn_id == before]
        return earlier[-1] if earlier else None

    def reply_told_more(self, alert: Alert) -> bool:
        """Whether the flow read something new in the alert's answer, a reply to the safety question, and asked
        about safety again ("im safe here but he's outside with a knife"): the practitioner is told to read it."""
        with self._lock:
            if alert.turn_id not in self._turn_ids:
                return False
            index = self._turn_ids.index(alert.turn_id)
            return index + 1 < len(self.flow.turns) and self.flow.turns[index + 1].question.is_safety_check

    # ----- co-writing handover ------------------------------------------------------------
    def set_handover(self, passphrase: str) -> None:
        """The practitioner's passphrase for leaving co-writing (kept as a salted hash)."""
        if len(passphrase.strip()) < MIN_PASSPHRASE:
            raise AssistantError(f"The passphrase needs at least {MIN_PASSPHRASE} characters.",
                                 hint="Choose something the person will not guess.")
        with self._lock:
            self.store.set_handover(self.conversation_id, _hash_secret(passphrase.strip()))

    @property
    def needs_handover(self) -> bool:
        with self._lock:
            return bool(self.store) and self.mode == "cowrite" and not self.store.handover(self.conversation_id)

    def has_handover(self) -> bool:
        """Whether a practitioner's passphrase guards leaving this co-written conversation."""
        with self._lock:
            return bool(self.store.handover(self.conversation_id)) if self.store else False

    def check_handover(self, passphrase: str) -> bool:
        with self._lock:
            stored = self.store.handover(self.conversation_id) if self.store else None
        return bool(stored) and _check_secret(passphrase.strip(), stored)

    def give_keyboard(self, where: str = "conversation") -> None:
        """The person has the keyboard: a restart (the app killed, the terminal closed) opens this
        co-writing again, not everyone's records, until the practitioner takes back over."""
        if self.store and self.has_handover():
            with self._lock:
                self.store.set_cowriting(self.conversation_id, where)

    def take_back(self, passphrase: str) -> bool:
        """The practitioner's passphrase, checked; if right, the practitioner has the keyboard again."""
        if not self.check_handover(passphrase):
            return False
        with self._lock:
            self.store.set_cowriting(self.conversation_id, "")
        return True

    # ----- reading ---------------------------------------------------------------------
    @property
    def database(self):
        """The database file, which an export must never overwrite."""
        return self.store.path

    def info(self):
        with self._lock:
            return self.store.conversation(self.conversation_id)

    def plan_versions(self) -> list[dict]:
        with self._lock:
            return self.store.plan_versions(self.conversation_id)

    def save_plan(self, content: dict, saved_by: str) -> int:
        with self._lock:
            return self.store.save_plan_version(self.conversation_id, content, saved_by)

    def latest_plan(self) -> tuple[dict, int | None]:
        """The newest saved plan version, or a fresh draft (version None)."""
        from assistant.plan.model import latest_plan

        with self._lock:
            return latest_plan(self.store, self.conversation_id, self.framework)

    # ----- internals -----------------------------------------------------------------
    def _ask(self, question: PlannedQuestion, *, topic_done: bool = False) -> PlannedQuestion:
        self.flow.ask(question, topic_done=topic_done)
        self._turn_ids.append(self.store.add_question(self.conversation_id, question, topic_done=topic_done) if self.store else -1)
        return question

    def _replace_pending(self, question: PlannedQuestion, *, topic_done: bool = False) -> PlannedQuestion:
        old_id = self._turn_ids.pop()
        done = topic_done or self.flow.turns[-1].topic_done
        if self.store:
            self.store.remove_unanswered(old_id)
        self.flow.replace_pending(question, topic_done=done)
        self._turn_ids.append(self.store.add_question(self.conversation_id, question, topic_done=done) if self.store else -1)
        return question

    def _save_additions(self, turn_id: int, flow: ConversationFlow, index: int) -> Alert | None:
        if not self.store:
            return None
        turn = flow.turns[index]
        reading = turn.analysis or AnswerReading()
        state = flow.state
        outcomes = [o for o in state.outcomes if o.turn_index == index]
        strengths = [turn.answer] if turn.answer and turn.answer in state.strengths else []
        network = [turn.answer] if turn.answer and turn.answer in state.network else []
        self.store.save_analysis(self.conversation_id, turn_id, reading.to_json(), outcomes=outcomes, strengths=strengths,
                                 network=network, alert=reading.safeguarding)
        for answered, said in state.confirmed:
            if answered == index:
                # The person's "yes, that's right" to the check-back is their agreement, whoever types it
                # (Priya typed Janet's "Yes, that's it" and the outcome still waited on the board).
                for row in self.store.outcomes(self.conversation_id):
                    if row["turn_id"] == self._turn_ids[said] and row["status"] == "proposed":
                        self.store.update_outcome(row["id"], status="accepted")
        if reading.safeguarding:
            return conversation_alerts(self.store, self.conversation_id)[-1]
        return None


def conversation_alerts(store: Store, conversation_id: int) -> list[Alert]:
    """A conversation's alerts, with the answer and the sentences that raised each."""
    turns = {t["id"]: t for t in store.turns(conversation_id, include_superseded=True)}
    live = store.turns(conversation_id)
    found = []
    for row in store.alerts(conversation_id):
        if row.get("review_turn"):
            # Raised during a review: the review answer, and the sentences kept with it.
            turn = store.review_turn(row["review_turn"]) or {}
            reading = AnswerReading.from_json(turn.get("data") or {})
        else:
            turn = turns.get(row["turn_id"], {})
            reading = AnswerReading.from_json(json.loads(turn["analysis"])) if turn.get("analysis") else None
        found.append(Alert(row["id"], row["turn_id"], turn.get("answer") or "", reading.alert_sentences if reading else (),
                           row["created_at"], row["acknowledged_at"] or "", row["acknowledged_by"] or "", row["action"] or "",
                           reading.alert_certain if reading else True, reading.concern if reading else (),
                           "" if row.get("review_turn") else safety_reply(live, row["turn_id"])))
    return found


def acknowledge_alert(store: Store, conversation_id: int, alert_id: int, action: str, by: str = "practitioner") -> Alert:
    """Record what was done about an alert; an empty action is refused (the TUI and the CLI share this rule)."""
    action = " ".join((action or "").split())
    if not action:
        raise AssistantError("Say what has been or will be done before acknowledging the alert.",
                             hint="For example: 'Talked with her about it; referred to the safeguarding team today'.")
    alerts = {a.id: a for a in conversation_alerts(store, conversation_id)}
    if alert_id not in alerts:
        raise AssistantError(f"Conversation {conversation_id} has no alert number {alert_id}.",
                             hint="See them with `outcomes alerts`.")
    store.acknowledge_alert(alert_id, by, action)
    return conversation_alerts(store, conversation_id)[[a.id for a in alerts.values()].index(alert_id)]
