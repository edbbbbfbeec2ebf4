"""Home: start a conversation, resume one, find a person. Setup: who and how."""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, DataTable, Footer, Input, Label, RadioSet, Static

from assistant.tui.widgets.ticks import ChoiceButton

WHO = (
    ("personal", "A person receiving support"),
    ("carer", "An unpaid or family carer"),
    ("relational", "Someone using a multiple-disadvantage service"),
)
SHORT_WHO = {"personal": "person", "carer": "carer", "relational": "multiple disadvantage"}
MODES = (("practitioner", "Practitioner leads"), ("cowrite", "Co-writing: the person types, in plain words"))
DUE_WITHIN = 14  # days ahead the home screen looks for reviews due


def alert_mark(waiting: int, raised: int = 0) -> Text:
    """A word, not only a colour: an alert still waiting for what was done to be recorded; alerts
    dealt with are still counted, so a history of concern is never a blank."""
    if not waiting:
        return Text(f"{raised} raised, all recorded" if raised else "", style="yellow")
    return Text(f"⚠ ALERT WAITING ({waiting})" if waiting > 1 else "⚠ ALERT WAITING", style="bold red")


SHORTCUTS = {"n", "r", "slash", "v", "j", "space"}

# The list of people's columns as shown, and the order they are kept in when the screen is too narrow for
# them all: a column that does not fit whole gives way, rather than "Last saved" showing as "Last sav".
COLUMNS = ("No.", "Name", "Safeguarding", "With", "Mode", "Answers", "Last saved")
KEPT_FIRST = ("No.", "Name", "Safeguarding", "Last saved", "Mode", "Answers", "With")
CELL_PADDING = 2  # a DataTable's space either side of each column
BODY_MARGIN = 6  # the home screen's padding, and room for the list's scroll bar


def saved_when(stamp: str) -> str:
    """A saved time as a UK reader writes it: 2026-11-27T06:35… is 27/11/2026 06:35."""
    day, _, time = stamp.partition("T")
    year, month, date = (day.split("-") + ["", ""])[:3]
    return f"{date}/{month}/{year} {time[:5]}".strip() if date else stamp[:16]


def columns_that_fit(rows: list[dict], width: int) -> list[str]:
    """The columns to show in `width` cells: those kept first, while each fits whole, in their usual order."""
    def needed(column: str) -> int:
        cells = [Text(column)] + [cell if isinstance(cell, Text) else Text(str(cell)) for cell in (r[column] for r in rows)]
        return max(cell.cell_len for cell in cells) + CELL_PADDING

    chosen, used = set(), 0
    for column in KEPT_FIRST:
        # The alert mark is never the one to give way: a long name is shortened for it (below).
        if used + needed(column) <= width or column in ALWAYS_SHOWN:
            chosen.add(column)
            used += needed(column)
    return [column for column in COLUMNS if column in chosen]


ALWAYS_SHOWN = frozenset({"No.", "Name", "Safeguarding"})


def names_that_fit(rows: list[dict], width: int) -> None:
    """Shorten long names ("…") so that the number, the name and the alert mark fit in `width` cells."""
    def widest(column: str) -> int:
        return max([Text(column).cell_len] + [(r[column] if isinstance(r[column], Text) else Text(str(r[column]))).cell_len for r in rows])

    room = width - widest("No.") - widest("Safeguarding") - 3 * CELL_PADDING
    if room - widest("Last saved") - CELL_PADDING >= 16:
        room -= widest("Last saved") + CELL_PADDING  # when it can, a long name leaves room for when it was saved too
    for row in rows:
        name = row["Name"]
        if room >= 8 and name.cell_len > room:
            name.truncate(room, overflow="ellipsis")


class HomeScreen(Screen):
    BINDINGS = [
        Binding("n", "new", "New conversation"),
        Binding("r", "resume", "Resume latest"),
        Binding("slash", "find", "Find a person"),
        Binding("v", "review", "Review"),
        Binding("j", "journey", "Journey"),
    ]

    def compose(self) -> ComposeResult:
        yield Static(self.app.model_status(), classes="status", id="model-status")
        with Vertical(id="home-body"):
            yield Label("Outcomes Conversation Assistant", classes="title")
            yield Static("What matters to the person, and what difference should support make to their life?", classes="muted")
            with Horizontal(id="home-actions"):
                yield Button("New conversation", id="new", variant="primary")
                yield Button("Resume latest", id="resume")
                yield Button("Review", id="review")
                yield Button("Journey", id="journey")
            yield Static("", id="due-title", classes="muted")
            yield DataTable(id="due", cursor_type="row", zebra_stripes=True)
            yield Input(placeholder="Find a person by name or pseudonym", id="find", select_on_focus=False)
            yield DataTable(id="conversations", cursor_type="row", zebra_stripes=True)
            yield Static("Enter on a row to resume that conversation (a waiting safeguarding alert is shown first) · "
                         "v review it · j see the journey.", classes="muted")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.watch(self.app, "model_state", self._model_state_changed)
        self.query_one("#due", DataTable).add_columns("No.", "Name", "Review date", "When")
        self.refresh_list()
        self._focus_start()

    def on_screen_resume(self) -> None:
        self.refresh_list()
        self._focus_start()

    def _focus_start(self) -> None:
        """The list of people when there is anyone in it (Enter opens the one highlighted), else "New
        conversation": back from a new conversation's form, Enter opened that form again."""
        table = self.query_one("#conversations", DataTable)
        (table if table.row_count else self.query_one("#new", Button)).focus()

    def refresh_due(self) -> None:
        """Reviews due or overdue, and those due in the next fortnight."""
        from assistant.review.journey import uk_date

        table = self.query_one("#due", DataTable)
        table.clear()
        found = self.app.casebook.reviews_due(DUE_WITHIN)
        for item in found:
            table.add_row(str(item.conversation_id), Text(item.person), uk_date(item.review_date), item.when,
                          key=str(item.conversation_id))
        table.display = bool(found)
        title = (f"Reviews due (or due in the next {DUE_WITHIN} days): Enter starts the review" if found
                 else f"No reviews due in the next {DUE_WITHIN} days.")
        self.query_one("#due-title", Static).update(title)

    def _model_state_changed(self, state: str) -> None:
        status = self.query_one("#model-status", Static)
        status.update(self.app.model_status())
        status.display = state != "ready"  # nothing to say once ready (a screen made earlier kept "…ready" showing)

    def on_resize(self, event) -> None:
        if self.is_mounted:
            self.refresh_list(self.query_one("#find", Input).value.strip())

    def refresh_list(self, search: str = "") -> None:
        self.refresh_due()
        table = self.query_one("#conversations", DataTable)
        row = table.cursor_row
        rows = [{"No.": str(info.id), "Name": Text(info.person), "Safeguarding": alert_mark(info.alerts_waiting, info.alerts),
                 "With": SHORT_WHO.get(info.framework, info.framework),
                 "Mode": "co-writing" if info.mode == "cowrite" else "practitioner", "Answers": str(info.answers),
                 "Last saved": saved_when(info.updated_at) + (", review open" if info.reviews_open else ""),
                 "key": str(info.id)}
                for info in self.app.casebook.conversations(search)]
        names_that_fit(rows, self.size.width - BODY_MARGIN)
        shown = columns_that_fit(rows, self.size.width - BODY_MARGIN)
        table.clear(columns=True)
        table.add_columns(*shown)
        for cells in rows:
            table.add_row(*(cells[column] for column in shown), key=cells["key"])
        if table.row_count:
            table.move_cursor(row=min(row, table.row_count - 1))

    def on_input_changed(self, event: Input.Changed) -> None:
        self.refresh_list(event.value.strip())

    def on_key(self, event: events.Key) -> None:
        """A name typed with nothing to type into goes to the find box: "Dorothy" finds Dorothy rather
        than its "r" opening whoever was saved last. The shortcuts (n, r, v, j, /) still work alone."""
        find = self.query_one("#find", Input)
        if find.has_focus or not event.is_printable or not event.character or event.key in SHORTCUTS:
            return
        event.prevent_default()
        event.stop()
        find.focus()
        find.insert_text_at_cursor(event.character)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if event.data_table.id == "due":
            self._review(int(event.row_key.value))
        else:
            self._open(int(event.row_key.value))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "new":
            self.action_new()
        elif event.button.id == "resume":
            self.action_resume()
        elif event.button.id == "review":
            self.action_review()
        elif event.button.id == "journey":
            self.action_journey()

    def action_new(self) -> None:
        self.app.push_screen(SetupScreen())

    def action_find(self) -> None:
        self.query_one("#find", Input).focus()

    def action_resume(self) -> None:
        found = self.app.casebook.conversations(limit=1)
        if not found:
            self.notify("There are no saved conversations yet. Start a new one.", severity="warning")
            return
        self._open(found[0].id)

    def _selected(self) -> int | None:
        """The conversation chosen in the reviews due list (when it has the focus) or in the list of people."""
        for table_id in (("#due", "#conversations") if self.query_one("#due").has_focus else ("#conversations",)):
            table = self.query_one(table_id, DataTable)
            if table.row_count:
                return int(table.coordinate_to_cell_key((table.cursor_row, 0)).row_key.value)
        self.notify("There are no saved conversations yet. Start a new one.", severity="warning")
        return None

    def action_review(self) -> None:
        if (conversation_id := self._selected()) is not None:
            self._review(conversation_id)

    def action_journey(self) -> None:
        from assistant.tui.screens.journey import JourneyScreen

        if (conversation_id := self._selected()) is not None:
            self.app.push_screen(JourneyScreen(conversation_id))

    def _review(self, conversation_id: int) -> None:
        from assistant.tui.screens.review import ReviewScreen

        info = self.app.casebook.info(conversation_id)
        if not self.app.casebook.has_agreed_outcomes(info.id):
            self.notify(f"{info.person} has no agreed outcomes to review yet: agree them on the outcomes board first.",
                        severity="warning", markup=False)
            return
        if self.app.casebook.reviewed_today(info.id):
            from assistant.tui.screens.modals import ConfirmScreen

            # Doreen's two reviews were both dated the same day: her journey showed one date twice.
            self.app.push_screen(ConfirmScreen(f"{info.person} had a review today already. Start another one now? "
                                               "(A review is dated the day it is held.)", yes="Start another review",
                                               no="Not now"),
                                 lambda start: self.app.push_screen(ReviewScreen(info.id, info.framework)) if start else None)
            return
        self.app.push_screen(ReviewScreen(info.id, info.framework))

    def _open(self, conversation_id: int) -> None:
        from assistant.tui.screens.conversation import ConversationScreen

        info = self.app.casebook.info(conversation_id)
        self.app.push_screen(ConversationScreen.resume(info.id, info.framework, info.mode))


class SetupScreen(Screen):
    BINDINGS = [Binding("escape", "app.pop_screen", "Back"), Binding("ctrl+s", "start", "Start")]

    def compose(self) -> ComposeResult:
        yield Static(self.app.model_status(), classes="status", id="model-status")
        with VerticalScroll(id="setup-body"):  # scrolls rather than hides Start on a short terminal
            yield Label("New conversation", classes="title")
            yield Label("Type the name, Enter; ↑ ↓ and Space choose; Tab moves on; Ctrl+S starts.",
                        classes="hint", id="setup-hint")
            yield Label("Name or pseudonym")
            yield Input(placeholder="e.g. Michael, or M.S.", id="name", max_length=200)
            yield Label("Who is the conversation with?")
            with RadioSet(id="who"):
                for index, (_, label) in enumerate(WHO):
                    yield ChoiceButton(label, value=index == 0)
            yield Label("How will you work?")
            with RadioSet(id="mode"):
                for index, (_, label) in enumerate(MODES):
                    yield ChoiceButton(label, value=index == 0)
            with Horizontal(id="setup-actions"):
                yield Button("Start", id="start", variant="primary")
                yield Button("Back", id="back")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.watch(self.app, "model_state", self._model_state_changed)
        self.query_one("#name", Input).focus()

    def _model_state_changed(self, state: str) -> None:
        status = self.query_one("#model-status", Static)
        status.update(self.app.model_status())
        status.display = state != "ready"  # nothing to say once ready (a screen made earlier kept "…ready" showing)

    def on_resize(self, event) -> None:
        self.set_class(event.size.height < 30, "short")  # at 80x24 the Start button was cut off

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.query_one("#who", RadioSet).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "back":
            self.app.pop_screen()
            return
        self.action_start()

    def action_start(self) -> None:
        from assistant.tui.screens.conversation import ConversationScreen

        name = self.query_one("#name", Input).value.strip()
        if not name:
            self.notify("Please give a name or pseudonym first.", severity="warning")
            self.query_one("#name", Input).focus()
            return
        who = WHO[self.query_one("#who", RadioSet).pressed_index or 0][0]
        mode = MODES[self.query_one("#mode", RadioSet).pressed_index or 0][0]
        self.app.switch_screen(ConversationScreen.new(who, name, mode))
