"""A conversation being held: flow, engine and storage kept in step.

The terminal UI and `outcomes converse` both drive this class, so a headless
run saves exactly what the UI would. Order of work for every answer:
the words are committed first, then analysed, then what the analysis adds is
committed, and only then is the next question chosen, saved and shown.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Callable

from assistant.conversation.bank import QuestionBank
from assistant.conversation.flow import ConversationFlow, PlannedQuestion, TurnRecord
from assistant.nlp.engine import Analysis
from assistant.storage import Store

AnalyseFn = Callable[[str], Analysis]


@dataclass(frozen=True)
class AnswerResult:
    analysis: dict
    skipped: bool
    alert_id: int | None
    next_question: PlannedQuestion


_SECOND_PERSON = {"i": "you", "me": "you", "my": "your", "mine": "yours", "myself": "yourself", "i'm": "you're", "i've": "you've"}


def outcome_in_words(plain_label: str, mode: str) -> str:
    """An outcome to say back in a question: first person when the person reads it
    ("a life of my own"), second person when a practitioner asks ("a life of your own")."""
    text = plain_label[0].lower() + plain_label[1:]
    if mode == "cowrite":
        return text
    return re.sub(r"\b(i'm|i've|i|me|my|mine|myself)\b", lambda m: _SECOND_PERSON[m.group(0).lower()], text, flags=re.I)


def analysis_record(result: Analysis) -> dict:
    """What is stored for an answer: the contract's shape plus the words to quote back."""
    return {**result.to_dict(), "topic": result.topic}


def public_analysis(record: dict) -> dict:
    """The contract's shape only (kind, outcomes, flags)."""
    return {"kind": record.get("kind", "other"), "outcomes": record.get("outcomes", []), "flags": record.get("flags", [])}


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
        rows = store.turns(info.id)
        records: list[TurnRecord] = []
        for row in rows:
            question = PlannedQuestion(row["question_id"], row["question_text"], row["technique"], row["stage"], row["topic"] or "")
            record = TurnRecord(question, row["answer"], bool(row["skipped"]), json.loads(row["analysis"]) if row["analysis"] else None)
            if row["answered_at"] and not row["skipped"] and record.analysis is None:
                if analyse is None:
                    raise RuntimeError("an answer is waiting for analysis; pass analyse=")
                record.analysis = analysis_record(analyse(row["answer"] or ""))
                replayed = ConversationFlow.replay(bank, framework.name, info.mode, [*records, record], session.flow.outcome_words)
                session._save_additions(row["id"], replayed, len(records))
            records.append(record)
            session._turn_ids.append(row["id"])
        session.flow = ConversationFlow.replay(bank, framework.name, info.mode, records, session.flow.outcome_words)
        if session.flow.pending is None:
            session._ask(session.flow.next_question())
        return session

    # ----- the current question -----------------------------------------------------------
    @property
    def current(self) -> PlannedQuestion:
        pending = self.flow.pending
        assert pending is not None
        return pending.question

    def why(self, question: PlannedQuestion | None = None) -> str:
        question = question or self.current
        technique = self.bank.techniques.get(question.technique)
        if technique is None:
            return ""
        return technique.plain if self.mode == "cowrite" else technique.why

    def alternatives(self) -> list[PlannedQuestion]:
        return self.flow.alternatives()

    # ----- moves ---------------------------------------------------------------------
    def submit(self, text: str, analyse: AnalyseFn) -> AnswerResult:
        turn_id = self._turn_ids[-1]
        if self.store:
            self.store.save_answer_text(self.conversation_id, turn_id, text)
        record = analysis_record(analyse(text))
        self.flow.answer(text, record)
        alert_id = self._save_additions(turn_id, self.flow, len(self.flow.turns) - 1)
        next_question = self._ask(self.flow.next_question())
        return AnswerResult(record, False, alert_id, next_question)

    def skip(self) -> AnswerResult:
        turn_id = self._turn_ids[-1]
        if self.store:
            self.store.save_answer_text(self.conversation_id, turn_id, None, skipped=True)
        self.flow.skip()
        return AnswerResult({}, True, None, self._ask(self.flow.next_question()))

    def back(self) -> PlannedQuestion | None:
        """Re-ask the previous question; its earlier answer stays on record, out of the flow."""
        answered = [i for i, t in enumerate(self.flow.turns) if t.answer is not None or t.skipped]
        if not answered:
            return None
        keep = answered[-1]
        if self.store:
            new_id = self.store.supersede_last_answer(self.conversation_id)
        else:
            new_id = None
        records = [*self.flow.turns[:keep], TurnRecord(self.flow.turns[keep].question)]
        self.flow = ConversationFlow.replay(self.bank, self.framework.name, self.mode, records, self.flow.outcome_words)
        self._turn_ids = [*self._turn_ids[:keep], new_id if new_id is not None else -1]
        return self.current

    def topic_done(self) -> PlannedQuestion:
        """Stop laddering the current topic and move on."""
        self.flow.topic_done()
        return self.ask_instead(self.flow.next_question()) if self.flow.pending else self.current

    def ask_instead(self, question: PlannedQuestion) -> PlannedQuestion:
        """Ask another suggested question, or one typed by the practitioner, instead."""
        old_id = self._turn_ids.pop()
        if self.store:
            self.store.remove_unanswered(old_id)
        self.flow.replace_pending(question)
        self._record_question(question)
        return question

    def ask_own(self, text: str, technique: str = "what_matters") -> PlannedQuestion:
        """A question the practitioner (or person) typed, with the technique it seems to use."""
        return self.ask_instead(self.flow.custom(text, technique))

    # ----- internals -----------------------------------------------------------------
    def _ask(self, question: PlannedQuestion) -> PlannedQuestion:
        self.flow.ask(question)
        self._record_question(question)
        return question

    def _record_question(self, question: PlannedQuestion) -> None:
        self._turn_ids.append(self.store.add_question(self.conversation_id, question) if self.store else -1)

    def _save_additions(self, turn_id: int, flow: ConversationFlow, index: int) -> int | None:
        if not self.store:
            return None
        record = flow.turns[index].analysis or {}
        state = flow.state
        outcomes = [o for o in state.outcomes if o.turn_index == index]
        turn = flow.turns[index]
        strengths = [turn.answer] if turn.answer in state.strengths and turn.answer else []
        network = [turn.answer] if turn.answer in state.network and turn.answer else []
        flagged = "safeguarding" in record.get("flags", [])
        self.store.save_analysis(self.conversation_id, turn_id, record, outcomes=outcomes, strengths=strengths,
                                 network=network, alert=flagged)
        if flagged:
            return self.store.alerts(self.conversation_id)[-1]["id"]
        return None
