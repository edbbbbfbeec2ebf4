"""Home: start a conversation, resume one, find a person. Setup: who and how."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Button, DataTable, Footer, Input, Label, RadioButton, RadioSet, Static

WHO = (
    ("personal", "A person receiving support"),
    ("carer", "An unpaid or family carer"),
    ("relational", "Someone using a multiple-disadvantage service"),
)
SHORT_WHO = {"personal": "person", "carer": "carer", "relational": "multiple disadvantage"}
MODES = (("practitioner", "Practitioner leads"), ("cowrite", "Co-writing: the person types, in plain words"))


class HomeScreen(Screen):
    BINDINGS = [
        Binding("n", "new", "New conversation"),
        Binding("r", "resume", "Resume latest"),
        Binding("slash", "find", "Find a person"),
    ]

    def compose(self) -> ComposeResult:
        yield Static(self.app.model_status(), classes="status", id="model-status")
        with Vertical(id="home-body"):
            yield Label("Outcomes Conversation Assistant", classes="title")
            yield Static("What matters to the person, and what difference should support make to their life?", classes="muted")
            with Horizontal(id="home-actions"):
                yield Button("New conversation", id="new", variant="primary")
                yield Button("Resume latest", id="resume")
            yield Input(placeholder="Find a person by name or pseudonym", id="find")
            yield DataTable(id="conversations", cursor_type="row", zebra_stripes=True)
            yield Static("Enter on a row to resume that conversation.", classes="muted")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.watch(self.app, "model_state", self._model_state_changed)
        table = self.query_one(DataTable)
        table.add_columns("No.", "Name", "With", "Mode", "Answers", "Last saved")
        self.refresh_list()
        self.query_one("#new", Button).focus()

    def on_screen_resume(self) -> None:
        self.refresh_list()

    def _model_state_changed(self, state: str) -> None:
        self.query_one("#model-status", Static).update(self.app.model_status())

    def refresh_list(self, search: str = "") -> None:
        table = self.query_one(DataTable)
        table.clear()
        for info in self.app.casebook.conversations(search):
            table.add_row(str(info.id), Text(info.person), SHORT_WHO.get(info.framework, info.framework),
                          "co-writing" if info.mode == "cowrite" else "practitioner", str(info.answers),
                          info.updated_at[:16].replace("T", " "), key=str(info.id))

    def on_input_changed(self, event: Input.Changed) -> None:
        self.refresh_list(event.value.strip())

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self._open(int(event.row_key.value))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "new":
            self.action_new()
        elif event.button.id == "resume":
            self.action_resume()

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

    def _open(self, conversation_id: int) -> None:
        from assistant.tui.screens.conversation import ConversationScreen

        info = self.app.casebook.info(conversation_id)
        self.app.push_screen(ConversationScreen.resume(info.id, info.framework))


class SetupScreen(Screen):
    BINDINGS = [Binding("escape", "app.pop_screen", "Back")]

    def compose(self) -> ComposeResult:
        yield Static(self.app.model_status(), classes="status", id="model-status")
        with Vertical(id="setup-body"):
            yield Label("New conversation", classes="title")
            yield Label("Name or pseudonym")
            yield Input(placeholder="e.g. Michael, or M.S.", id="name", max_length=200)
            yield Label("Who is the conversation with?")
            with RadioSet(id="who"):
                for index, (_, label) in enumerate(WHO):
                    yield RadioButton(label, value=index == 0)
            yield Label("How will you work?")
            with RadioSet(id="mode"):
                for index, (_, label) in enumerate(MODES):
                    yield RadioButton(label, value=index == 0)
            with Horizontal(id="setup-actions"):
                yield Button("Start", id="start", variant="primary")
                yield Button("Back", id="back")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.watch(self.app, "model_state", self._model_state_changed)
        self.query_one("#name", Input).focus()

    def _model_state_changed(self, state: str) -> None:
        self.query_one("#model-status", Static).update(self.app.model_status())

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.query_one("#who", RadioSet).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "back":
            self.app.pop_screen()
            return
        from assistant.tui.screens.conversation import ConversationScreen

        name = self.query_one("#name", Input).value.strip()
        if not name:
            self.notify("Please give a name or pseudonym first.", severity="warning")
            self.query_one("#name", Input).focus()
            return
        who = WHO[self.query_one("#who", RadioSet).pressed_index or 0][0]
        mode = MODES[self.query_one("#mode", RadioSet).pressed_index or 0][0]
        self.app.switch_screen(ConversationScreen.new(who, name, mode))
