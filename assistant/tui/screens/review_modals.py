"""The review screen's own modals: where an outcome stands, and new outcomes to agree."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from assistant.review.answers import STATUS_WORDS, STATUSES
from assistant.review.session import Proposal
from assistant.tui.screens.modals import PickOneScreen
from assistant.tui.widgets.ticks import TickList


class PickStatusScreen(PickOneScreen):
    """Say where an outcome stands, in plain words."""

    def __init__(self, words: str) -> None:
        super().__init__(classes="modal")
        self.words = words

    def compose(self) -> ComposeResult:
        with Vertical(classes="modal-box"):
            yield Label("Where does this stand now? (Enter to choose, Esc to cancel)", classes="title")
            yield Static(Text(self.words, style="bold"))
            yield OptionList(*[Option(STATUS_WORDS[s], id=s) for s in STATUSES])


class NewOutcomesScreen(ModalScreen[list | None]):
    """Something new the person named: it joins the plan only if they choose it."""

    BINDINGS = [Binding("escape", "none", "None of these"), Binding("ctrl+s", "save", "Add chosen", priority=True)]

    def __init__(self, proposals: tuple[Proposal, ...], framework, cowrite: bool) -> None:
        super().__init__(classes="modal")
        self.proposals = proposals
        self.framework = framework
        self.cowrite = cowrite

    def compose(self) -> ComposeResult:
        with Vertical(classes="modal-box"):
            yield Label("Add this to my plan?" if self.cowrite else "Add this to the plan, in the person's words?", classes="title")
            options = []
            for index, item in enumerate(self.proposals):
                areas = []
                for outcome_id in item.categories:
                    try:
                        outcome = self.framework.outcome(outcome_id)
                        areas.append(outcome.plain_label if self.cowrite else outcome.label)
                    except KeyError:
                        areas.append(outcome_id)
                # Ticked to begin with: the person has just said it. Space unticks what they do not want.
            options.append((Text.assemble((item.words, "bold"), (f"  ({', '.join(areas)})" if areas else "", "dim")), index, True))
            yield TickList(*options, id="new-outcomes")
            yield Label("[✓] will be added · Space ticks or unticks · Enter or Ctrl+S adds what is ticked · Esc: not now",
                        classes="muted", markup=False)

    def on_mount(self) -> None:
        self.query_one(TickList).focus()

    def on_key(self, event) -> None:
        if event.key == "enter":
            event.stop()
            self.action_save()

    def action_save(self) -> None:
        chosen = self.query_one(TickList).selected
        self.dismiss([self.proposals[i] for i in chosen])

    def action_none(self) -> None:
        self.dismiss([])
