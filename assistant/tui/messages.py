"""Messages the app's workers post back to the screens (slow work never blocks the UI)."""

from __future__ import annotations

from textual.message import Message

from assistant.conversation.session import AnswerResult, ConversationSession
from assistant.errors import AssistantError


class SessionOpened(Message):
    def __init__(self, session: ConversationSession) -> None:
        super().__init__()
        self.session = session


class AnswerAnalysed(Message):
    """The engine has read the answer just saved; the next question is ready."""

    def __init__(self, text: str, result: AnswerResult) -> None:
        super().__init__()
        self.text = text
        self.result = result


class WorkFailed(Message):
    """Slow work failed with an error a person can act on."""

    def __init__(self, error: AssistantError, text: str = "") -> None:
        super().__init__()
        self.error = error
        self.text = text
