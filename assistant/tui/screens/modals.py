"""Modal screens: the safeguarding alert, errors, picking or typing a question, rewording."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from assistant.errors import AssistantError
from assistant.tui.widgets.panels import coach_feedback


class AlertScreen(ModalScreen[str]):
    """A safeguarding disclosure: it must be acknowledged before the conversation goes on."""

    BINDINGS = [Binding("escape", "nothing", show=False)]

    def __init__(self, answer: str, cowrite: bool = False) -> None:
        super().__init__()
        self.answer = answer
        self.cowrite = cowrite

    def compose(self) -> ComposeResult:
        with Vertical(id="alert-box"):
            yield Static("⚠  SAFEGUARDING: PLEASE STOP AND READ", id="alert-title")
            if self.cowrite:
                yield Static("What you wrote may mean you or someone else is at risk of harm. "
                             "Please talk to the worker with you now, or call someone you trust. "
                             "In an emergency call 999.")
            else:
                yield Static("This answer may disclose a risk of harm. Follow your organisation's safeguarding "
                             "procedure before going on. The alert is recorded with this conversation.")
            yield Static(Text(f"\u201c{self.answer[:600]}\u201d", style="italic"), id="alert-answer")
            yield Input(placeholder="What has been or will be done (recorded with the alert)", id="alert-action")
            yield Button("I have read this and will act on it", variant="error", id="alert-ack")

    def on_mount(self) -> None:
        self.query_one("#alert-action", Input).focus()

    def action_nothing(self) -> None:
        self.notify("Please acknowledge the alert first.", severity="warning")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value.strip())

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(self.query_one("#alert-action", Input).value.strip())


class ErrorScreen(ModalScreen[None]):
    """One sentence and a hint; never a traceback."""

    BINDINGS = [Binding("escape,enter", "close", "Close")]

    def __init__(self, error: AssistantError, fatal: bool = False) -> None:
        super().__init__()
        self.error = error
        self.fatal = fatal

    def compose(self) -> ComposeResult:
        with Vertical(id="error-box"):
            yield Static(Text(self.error.title, style="bold"))
            yield Static(Text(self.error.message))
            if self.error.hint:
                yield Static(Text(self.error.hint, style="dim"))
            yield Button("Quit" if self.fatal else "Close", id="error-close")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.action_close()

    def action_close(self) -> None:
        if self.fatal:
            self.app.exit(return_code=2, message=str(self.error))
        else:
            self.dismiss(None)


class PickQuestionScreen(ModalScreen[object]):
    """Choose another suggested question."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, questions, notes: list[str]) -> None:
        super().__init__(classes="modal")
        self.questions = questions
        self.notes = notes

    def compose(self) -> ComposeResult:
        with Vertical(classes="modal-box"):
            yield Label("Ask another question instead (Enter to choose, Esc to cancel)", classes="title")
            options = [Option(Text.assemble((q.text, "bold"), "\n", (f"{q.technique}: {note}", "dim")), id=str(i))
                       for i, (q, note) in enumerate(zip(self.questions, self.notes))]
            yield OptionList(*options, id="pick")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.questions[int(event.option.id)])

    def action_cancel(self) -> None:
        self.dismiss(None)


class TextPromptScreen(ModalScreen[str | None]):
    """Ask for one line of text; optionally coach it live (for a practitioner's own question)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, value: str = "", placeholder: str = "", coach=None) -> None:
        super().__init__(classes="modal")
        self.title_text = title
        self.value = value
        self.placeholder = placeholder
        self.coach = coach

    def compose(self) -> ComposeResult:
        with Vertical(classes="modal-box"):
            yield Label(self.title_text, classes="title")
            yield Input(value=self.value, placeholder=self.placeholder, id="prompt")
            if self.coach:
                yield Static("", id="coach-feedback")
            yield Label("Enter to save, Esc to cancel", classes="muted")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        if not self.coach:
            return
        text = event.value.strip()
        feedback = self.query_one("#coach-feedback", Static)
        if not text:
            feedback.update("")
            return
        line = coach_feedback(self.coach.check(text))
        feedback.update(line)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value.strip()
        if not text:
            self.notify("Nothing typed yet.", severity="warning")
            return
        self.dismiss(text)

    def action_cancel(self) -> None:
        self.dismiss(None)


class PickOutcomeScreen(ModalScreen[str | None]):
    """Re-categorise: choose an outcome from the framework."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, framework, cowrite: bool) -> None:
        super().__init__(classes="modal")
        self.framework = framework
        self.cowrite = cowrite

    def compose(self) -> ComposeResult:
        with Vertical(classes="modal-box"):
            yield Label("Which area is this about? (Enter to choose, Esc to cancel)", classes="title")
            options = []
            for outcome in self.framework.outcomes:
                label = outcome.plain_label if self.cowrite else f"{outcome.label}  ({outcome.id})"
                options.append(Option(Text(label), id=outcome.id))
            yield OptionList(*options)

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)

