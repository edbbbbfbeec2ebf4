"""The outcomes board: nothing is agreed without a person choosing it."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from assistant.tui.screens.modals import PickOutcomeScreen, TextPromptScreen

STATUS_WORDS = {"proposed": "waiting", "accepted": "agreed", "declined": "not for now"}


class OutcomesBoard(Screen):
    BINDINGS = [
        Binding("a", "accept", "Agree"),
        Binding("w", "reword", "Reword"),
        Binding("c", "recategorise", "Change area"),
        Binding("d", "decline", "Decline"),
        Binding("n", "add", "Add my own"),
        Binding("escape", "close", "Back"),
    ]

    def __init__(self, conversation_id: int, framework, cowrite: bool) -> None:
        super().__init__()
        self.conversation_id = conversation_id
        self.framework = framework
        self.cowrite = cowrite

    def compose(self) -> ComposeResult:
        yield Static("My outcomes: what matters to me" if self.cowrite else "Outcomes board", classes="title")
        help_text = ("Choose a row, then: a = yes, that's right · w = say it my way · c = change the area · d = not for now · n = add one"
                     if self.cowrite else
                     "Each outcome is only a proposal until someone chooses. a agree · w reword in the person's words · c re-categorise · d decline · n add")
        yield Static(help_text, id="board-help")
        yield DataTable(id="board", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Status", "In the person's words" if not self.cowrite else "In my words", "Area", "Because of")
        self.refresh_rows()
        table.focus()

    def refresh_rows(self) -> None:
        table = self.query_one(DataTable)
        row_index = table.cursor_row
        table.clear()
        for row in self.app.store.outcomes(self.conversation_id):
            areas = []
            for outcome_id in row["outcome_ids"]:
                try:
                    outcome = self.framework.outcome(outcome_id)
                    areas.append(outcome.plain_label if self.cowrite else f"{outcome.label} ({outcome_id})")
                except KeyError:
                    areas.append(outcome_id)
            words = Text(row["words"])
            if row["words"] != row["original_words"]:
                words.append(f"\n(first said: {row['original_words']})", style="dim")
            table.add_row(STATUS_WORDS.get(row["status"], row["status"]), words, Text("\n".join(areas)),
                          Text("; ".join(row["evidence"])), key=str(row["id"]), height=None)
        if table.row_count:
            table.move_cursor(row=min(row_index, table.row_count - 1))

    def _selected(self) -> int | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            self.notify("No outcomes yet.")
            return None
        key = table.coordinate_to_cell_key((table.cursor_row, 0)).row_key
        return int(key.value)

    def _row(self, outcome_id: int) -> dict:
        return next(r for r in self.app.store.outcomes(self.conversation_id) if r["id"] == outcome_id)

    def action_accept(self) -> None:
        if (outcome_id := self._selected()) is not None:
            self.app.store.update_outcome(outcome_id, status="accepted")
            self.refresh_rows()

    def action_decline(self) -> None:
        if (outcome_id := self._selected()) is not None:
            self.app.store.update_outcome(outcome_id, status="declined")
            self.refresh_rows()

    def action_reword(self) -> None:
        if (outcome_id := self._selected()) is None:
            return
        row = self._row(outcome_id)

        def done(text: str | None) -> None:
            if text:
                self.app.store.update_outcome(outcome_id, words=text)
                self.refresh_rows()

        self.app.push_screen(TextPromptScreen("In my own words:" if self.cowrite else "Reword in the person's own words:", value=row["words"]), done)

    def action_recategorise(self) -> None:
        if (outcome_id := self._selected()) is None:
            return

        def chosen(new_id: str | None) -> None:
            if new_id:
                self.app.store.update_outcome(outcome_id, outcome_ids=[new_id])
                self.refresh_rows()

        self.app.push_screen(PickOutcomeScreen(self.framework, self.cowrite), chosen)

    def action_add(self) -> None:
        def typed(text: str | None) -> None:
            if not text:
                return

            def chosen(new_id: str | None) -> None:
                self.app.store.add_outcome(self.conversation_id, text, [new_id] if new_id else [])
                self.refresh_rows()

            self.app.push_screen(PickOutcomeScreen(self.framework, self.cowrite), chosen)

        self.app.push_screen(TextPromptScreen("What matters, in the person's own words:" if not self.cowrite else "What matters to me, in my words:"), typed)

    def action_close(self) -> None:
        self.dismiss(None)
