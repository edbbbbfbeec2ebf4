"""The practitioner's casebook: the conversations in one database, and the door into each.

Screens list, find and open conversations through this; a conversation's own data
then goes through its `ConversationSession`. Nothing in the UI touches the store.
"""

from __future__ import annotations

from assistant.conversation.bank import QuestionBank
from assistant.conversation.session import AnalyseFn, ConversationSession
from assistant.frameworks import load_framework
from assistant.storage import ConversationInfo, Store


class Casebook:
    def __init__(self, store: Store, bank: QuestionBank) -> None:
        self.store = store
        self.bank = bank

    @property
    def database(self):
        """The database file, which an export must never overwrite."""
        return self.store.path

    def conversations(self, search: str = "", limit: int = 200) -> list[ConversationInfo]:
        return self.store.conversations(search, limit)

    def latest(self) -> ConversationInfo | None:
        found = self.store.conversations(limit=1)
        return found[0] if found else None

    def info(self, conversation_id: int | None = None) -> ConversationInfo:
        return self.store.conversation(conversation_id)

    def start(self, framework: str, mode: str, name: str) -> ConversationSession:
        return ConversationSession.start_new(self.bank, load_framework(framework), mode, self.store, name)

    def open(self, conversation_id: int, analyse: AnalyseFn) -> ConversationSession:
        info = self.store.conversation(conversation_id)
        return ConversationSession.resume(self.bank, load_framework(info.framework), self.store, info.id, analyse)

    def session_for(self, conversation_id: int) -> ConversationSession:
        """A session for reading and editing a conversation's outcomes, alerts and plan (no question asked)."""
        info = self.store.conversation(conversation_id)
        return ConversationSession(self.bank, load_framework(info.framework), info.mode, self.store, info.id)

    def reviewed_today(self, conversation_id: int) -> bool:
        """A review of this conversation was finished today (a second one the same day is most often a slip)."""
        from assistant.schema import now

        today = now()[:10]
        return any((r["finished_at"] or "")[:10] == today for r in self.store.reviews(conversation_id, finished_only=True))

    def has_agreed_outcomes(self, conversation_id: int) -> bool:
        return any(row["status"] == "accepted" for row in self.store.outcomes(conversation_id))

    def reviews_due(self, within: int):
        from assistant.review.due import reviews_due

        return reviews_due(self.store, within=within)

    def journey(self, conversation_id: int):
        from assistant.review.journey import person_journey

        return person_journey(self.store, conversation_id)

    def open_review(self, conversation_id: int, **options):
        """A review of a conversation's agreed outcomes (started, or carried on)."""
        from assistant.review.session import ReviewSession

        return ReviewSession.open(self.store, self.bank, conversation_id, **options)

    def acknowledge_alert(self, conversation_id: int, alert_id: int, action: str, by: str = "practitioner") -> None:
        """The same rule everywhere: what was done must be written down."""
        from assistant.conversation.session import acknowledge_alert

        acknowledge_alert(self.store, conversation_id, alert_id, action, by)

    def close(self) -> None:
        self.store.close()
