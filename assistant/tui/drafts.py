"""A half-typed answer, saved a moment after typing stops (not on every key) and put back after a restart."""

from __future__ import annotations

from collections.abc import Callable

from textual.widgets import Input

from assistant.errors import AssistantError

DRAFT_PAUSE = 1.0  # seconds after the last key before a half-typed answer is saved


class DraftKeeper:
    """Saves the #answer box of a screen through `save` once typing pauses, when `ready` says the screen
    is waiting for an answer (not busy reading one)."""

    def __init__(self, screen, save: Callable[[str], None], ready: Callable[[], bool]) -> None:
        self.screen, self.save, self.ready = screen, save, ready
        self._timer = None

    def typed(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.screen.set_timer(DRAFT_PAUSE, self.save_now)

    def save_now(self) -> None:
        self._timer = None
        answer = self.screen.query_one("#answer", Input)
        if answer.disabled or not self.ready():
            return
        try:
            self.save(answer.value)
        except AssistantError:
            pass  # a draft is only a kindness: the answer itself is saved (or refused with a message) on Enter
