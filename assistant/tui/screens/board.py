"""The outcomes board: nothing is agreed without a person choosing it.

Each row is an outcome in the person's words; the panel underneath shows the
chosen row in full (its area, the words that led to it, the whole answer), so
nothing is cut off on a small screen. Every decision is kept as a labelled
example for `outcomes model update`.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from assistant.conversation.records import ProposedRow
from assistant.conversation.session import ConversationSession
from assistant.tui.screens.modals import PickOutcomeScreen, TextPromptScreen

STATUS_WORDS = {"proposed": "waiting", "accepted": "agreed", "declined": "not for now",
                "no_longer_wanted": "no longer wanted (said at a review)"}
PLAIN_STATUS = {"proposed": "not decided", "accepted": "yes", "declined": "no", "no_longer_wanted": "not any more"}


class OutcomesBoard(Screen):
    BINDINGS = [
        Binding("a", "accept", "Agree"),
        Binding("w", "reword", "Reword"),
        Binding("c", "recategorise", "Area"),
        Binding("d", "decline", "Decline"),
        Binding("n", "add", "Add"),
        Binding("escape", "close", "Back"),
        Binding("f8", "plan", "Plan"),
    ]

    def __init__(self, session: ConversationSession, framework, cowrite: bool) -> None:
        super().__init__(classes="cowrite" if cowrite else "")
        self.session = session
        self.framework = framework
        self.cowrite = cowrite
        self.rows: list[ProposedRow] = []

    def compose(self) -> ComposeResult:
        yield Static("My outcomes: what matters to me" if self.cowrite else "Outcomes board", classes="title")
        help_text = (("Pick a line with ↑ ↓. Then press a key:\n"
                      "a  yes, that's right    w  say it my way    c  change what it's about\n"
                      "d  no, not for me    n  add one    Esc  go back")
                     if self.cowrite else
                     "Each outcome is only a proposal until someone chooses. a agree · w reword in the person's words · c change area · d decline · n add · Esc back")
        yield Static(help_text, id="board-help")
        yield DataTable(id="board", cursor_type="row", zebra_stripes=True)
        yield Static("", id="board-detail")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column("Status", width=11)
        table.add_column("In my words" if self.cowrite else "In the person's words", width=38)
        table.add_column("About" if self.cowrite else "Area", width=26)
        self.refresh_rows()
        table.focus()

    def _area_words(self, row: ProposedRow) -> list[str]:
        found = []
        for outcome_id in row.outcome_ids:
            try:
                outcome = self.framework.outcome(outcome_id)
            except KeyError:
                found.append(outcome_id)
                continue
            found.append(outcome.plain_label if self.cowrite else outcome.label)
        return found

    def refresh_rows(self) -> None:
        table = self.query_one(DataTable)
        row_index = table.cursor_row
        table.clear()
        self.rows = self.session.board()
        statuses = PLAIN_STATUS if self.cowrite else STATUS_WORDS
        for row in self.rows:
            words = Text(row.words)
            if row.words != row.original_words:
                words.append(f"\n(first written as: {row.original_words})", style="dim")
            table.add_row(statuses.get(row.status, row.status), words, Text("\n".join(self._area_words(row))),
                          key=str(row.id), height=None)
        if table.row_count:
            table.move_cursor(row=min(row_index, table.row_count - 1))
        self._show_detail()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_detail()

    def _show_detail(self) -> None:
        detail = self.query_one("#board-detail", Static)
        row = self._current()
        if row is None:
            detail.update(Text("Nothing here yet." if self.cowrite else "No outcomes yet: they appear as the conversation goes on, or add one with n.",
                               style="dim"))
            return
        text = Text()
        text.append(row.words, style="bold")
        areas = self._area_words(row)
        if areas:
            text.append(("\nAbout: " if self.cowrite else "\nArea: ") + "; ".join(areas))
            if not self.cowrite:
                text.append(f"  ({', '.join(row.outcome_ids)})", style="dim")
        if row.evidence and not self.cowrite:
            text.append("\nBecause of: ", style="dim")
            text.append("; ".join(f"\u201c{e}\u201d" for e in row.evidence))
        if row.answer and row.answer != row.words:
            text.append("\nFrom the answer: " if not self.cowrite else "\nWhat I said: ", style="dim")
            text.append(row.answer[:400])
        if row.held_back and not self.cowrite:
            text.append("\nThis comes from, or repeats, an answer that raised a safeguarding alert: kept out of the person's copy "
                        "unless you include it on the plan screen.",
                        style="bold")
        detail.update(text)

    def _current(self) -> ProposedRow | None:
        table = self.query_one(DataTable)
        if not table.row_count or not self.rows:
            return None
        return self.rows[min(table.cursor_row, len(self.rows) - 1)]

    def _selected(self) -> ProposedRow | None:
        """The outcome to change; one the person said at a review they no longer want stays as they said."""
        row = self._current()
        if row is None:
            self.notify("No outcomes yet.")
        elif row.status == "no_longer_wanted":
            self.notify("This was said at a review not to be wanted any more, so it stays out of the plan. "
                        "If it matters again, add it with n." if not self.cowrite else
                        "I said at a review that I don't want this any more. If it matters again, I can add it as a new one.")
            return None
        return row

    def action_accept(self) -> None:
        if (row := self._selected()) is not None:
            self.session.agree(row.id)
            self.refresh_rows()

    def action_decline(self) -> None:
        if (row := self._selected()) is not None:
            self.session.decline(row.id)
            self.refresh_rows()

    def action_reword(self) -> None:
        if (row := self._selected()) is None:
            return

        def done(text: str | None) -> None:
            if text:
                self.session.reword(row.id, text)
                self.refresh_rows()

        self.app.push_screen(TextPromptScreen("In my own words:" if self.cowrite else "Reword in the person's own words:", value=row.words), done)

    def action_recategorise(self) -> None:
        if (row := self._selected()) is None:
            return

        def chosen(new_id: str | None) -> None:
            if new_id:
                self.session.recategorise(row.id, new_id)
                self.refresh_rows()

        self.app.push_screen(PickOutcomeScreen(self.framework, self.cowrite), chosen)

    def action_add(self) -> None:
        def typed(text: str | None) -> None:
            if not text:
                return

            def chosen(new_id: str | None) -> None:
                row_id = self.session.add_outcome(text, [new_id] if new_id else [])
                self.refresh_rows()
                # The new outcome is the one highlighted, so "a" next agrees it, not the row before.
                place = next((n for n, row in enumerate(self.rows) if row.id == row_id), None)
                if place is not None:
                    self.query_one(DataTable).move_cursor(row=place)

            self.app.push_screen(PickOutcomeScreen(self.framework, self.cowrite), chosen)

        self.app.push_screen(TextPromptScreen("What matters, in the person's own words:" if not self.cowrite else "What matters to me, in my words:"), typed)

    def action_close(self) -> None:
        self.dismiss(None)

    def action_plan(self) -> None:
        """Straight on to the plan, as from the conversation (the board is closed first)."""
        self.dismiss("plan")
