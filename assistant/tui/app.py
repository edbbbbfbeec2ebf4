"""The Textual app: opens the casebook, loads the model in the background, shows screens."""

from __future__ import annotations

import errno
import sys
import termios
from pathlib import Path

from textual.app import App
from textual.binding import Binding
from textual.reactive import reactive

from assistant.conversation.bank import load_bank
from assistant.conversation.casebook import Casebook
from assistant.engine_service import EngineService
from assistant.errors import AssistantError
from assistant.storage import Store, open_store

# The status line over each screen: shown while the outcome suggestions load, or if they cannot (hidden once ready).
MODEL_WORDS = {
    "loading": "Getting the outcome suggestions ready… (you can start typing)",
    "ready": "Outcome suggestions ready",
    "failed": "No outcome suggestions: the language model is missing (answers are still saved)",
}
MOST_TOASTS = 2  # older notices give way, so they never pile up over the question and the buttons
TERMINAL_CHECK_SECONDS = 2.0


def terminal_gone(stream) -> bool:
    """Whether the terminal the app was started in has gone away (it answers every question with an error)."""
    try:
        termios.tcgetattr(stream.fileno())
    except termios.error as error:
        return bool(error.args) and error.args[0] == errno.EIO  # hung up; not a terminal at all is not "gone"
    except (OSError, ValueError, AttributeError):
        return False  # no stream to watch
    return False


class OutcomesApp(App):
    CSS_PATH = "app.tcss"
    TITLE = "Outcomes Conversation Assistant"
    BINDINGS = [Binding("ctrl+q", "quit", "Quit", priority=True)]
    # Every action has its own key and button: the palette would only crowd the footer on a small screen.
    ENABLE_COMMAND_PALETTE = False
    NOTIFICATION_TIMEOUT = 4

    # Shared state the screens watch: "loading", "ready" or "failed".
    model_state: reactive[str] = reactive("loading")

    def __init__(self, *, db_path: Path | None = None, start: str = "home", framework: str = "personal",
                 name: str = "", mode: str = "practitioner", conversation_id: int | None = None,
                 engine: EngineService | None = None, store: Store | None = None, scenario: str = "") -> None:
        super().__init__()
        self.db_path = db_path
        self.start = start
        self.start_framework = framework
        self.start_name = name
        self.start_mode = mode
        self.start_conversation = conversation_id
        self.engine = engine or EngineService()
        self._store = store
        self.casebook: Casebook | None = None
        self.scenario_name = scenario
        self.closing = False  # set once the passphrase to close the app has been given

    async def action_quit(self) -> None:
        """Quit; while a person is co-writing, only with the practitioner's passphrase, as leaving is
        (otherwise Ctrl+Q and a restart would open everyone's records to them). Edits to a plan that
        are not saved yet are never dropped without asking."""
        from assistant.tui.screens.modals import ConfirmScreen

        if self.closing or isinstance(self.screen, ConfirmScreen):
            return
        if any(getattr(screen, "has_unsaved_changes", lambda: False)() for screen in self.screen_stack):
            def answered(leave: bool | None) -> None:
                if leave:
                    self._quit_now()

            self.push_screen(ConfirmScreen("The plan has changes that are not saved yet. Quit without saving them?",
                                           yes="Quit without saving", no="Stay (Ctrl+S saves)"), answered)
            return
        self._quit_now()

    def _quit_now(self) -> None:
        from assistant.tui.screens.modals import PassphraseScreen

        accept = guarded = None
        for screen in reversed(self.screen_stack):
            guard = getattr(screen, "quit_guard", None)  # co-writing screens: the check that lets one leave
            accept = guard() if guard else None
            if accept:
                guarded = screen
                break
        if accept is None:
            self.exit()
            return

        def closing(passphrase: str | None) -> None:
            if passphrase is None:
                return
            # The practitioner has the keys now: any alert still waiting is recorded before the app closes.
            self.closing = True
            getattr(guarded, "before_quitting", lambda then: then())(then=self.exit)

        if not isinstance(self.screen, PassphraseScreen):
            self.push_screen(PassphraseScreen(setting=False, accept=accept, purpose="close the app"), closing)

    def retry_recording(self, again) -> None:
        """After an alert could not be recorded: try again, unless the app is closing, when it closes
        anyway (the alert stays waiting in the database, marked at home) rather than never."""
        if self.closing:
            self.exit()
        else:
            again()

    def _leave_if_terminal_gone(self) -> None:
        """A terminal closed under the app (its window shut, the session killed) does not always send a hang-up
        (under `make run` only make would get it), and the app would spin on the dead terminal, unseen. Every
        answer is already saved, so it simply ends."""
        if terminal_gone(sys.__stdin__):
            self.exit(return_code=1)

    def on_mount(self) -> None:
        from assistant.tui.screens.conversation import ConversationScreen

        # A notice belongs to the screen it was given on: a new screen starts without the last one's.
        self.screen_change_signal.subscribe(self, lambda _screen: self.clear_notifications())
        if not self.is_headless:
            self.set_interval(TERMINAL_CHECK_SECONDS, self._leave_if_terminal_gone)
        from assistant.tui.screens.home import HomeScreen
        from assistant.tui.screens.modals import ErrorScreen

        if self.engine.ready:
            self.model_state = "ready"
        else:
            self.run_worker(self._load_model, thread=True, exclusive=True, group="model")
        if self.start in {"demo", "practice"}:
            # Training needs no database: a busy or damaged one must not stop a session.
            from assistant.conversation.scenarios import load_scenario
            from assistant.nlp.coach import QuestionCoach
            from assistant.tui.screens.training import DemoScreen, PracticeScreen

            try:
                scenario = load_scenario(self.scenario_name)
            except AssistantError as error:
                self.push_screen(ErrorScreen(error, fatal=True))
                return
            self.push_screen(DemoScreen(scenario) if self.start == "demo" else PracticeScreen(scenario, QuestionCoach()))
            return
        try:
            self.casebook = Casebook(self._store or open_store(self.db_path), load_bank())
        except AssistantError as error:
            self.push_screen(ErrorScreen(error, fatal=True))
            return
        stopped = self.casebook.store.cowriting_now()
        if stopped is not None:
            # The app stopped while a person was co-writing: their writing opens again, whatever was asked
            # for, not everyone's records; the practitioner's passphrase leads home.
            self._reopen_cowriting(*stopped)
        elif self.start == "new":
            self.push_screen(ConversationScreen.new(self.start_framework, self.start_name, self.start_mode))
        elif self.start == "resume":
            try:
                info = self.casebook.info(self.start_conversation)
            except AssistantError as error:
                self.push_screen(ErrorScreen(error, fatal=True))
                return
            self.push_screen(ConversationScreen.resume(info.id, info.framework, info.mode))
        elif self.start == "review":
            from assistant.tui.screens.review import ReviewScreen

            self.push_screen(ReviewScreen(self.start_conversation, self.start_framework, self.start_mode))
        else:
            self.push_screen(HomeScreen())

    def _reopen_cowriting(self, conversation_id: int, where: str) -> None:
        from assistant.tui.screens.conversation import ConversationScreen
        from assistant.tui.screens.home import HomeScreen
        from assistant.tui.screens.review import ReviewScreen

        store = self.casebook.store
        try:
            info = self.casebook.info(conversation_id)
        except AssistantError:  # the conversation is gone: nothing of the person's to reopen
            store.set_cowriting(conversation_id, "")
            self.push_screen(HomeScreen())
            return
        self.push_screen(HomeScreen())
        open_review = any(not r["finished_at"] for r in store.reviews(info.id))
        if where == "review" and open_review:
            self.push_screen(ReviewScreen(info.id, info.framework, "cowrite", restarted=True))
        else:  # their conversation (a finished review is not started again)
            self.push_screen(ConversationScreen.resume(info.id, info.framework, "cowrite", restarted=True))

    def _load_model(self) -> None:
        self.engine.load()
        self.call_from_thread(self._model_loaded)

    def _model_loaded(self) -> None:
        from assistant.tui.screens.modals import ErrorScreen

        if self.engine.error:
            self.model_state = "failed"
            self.push_screen(ErrorScreen(self.engine.error, fatal=False))
        else:
            self.model_state = "ready"

    def watch_model_state(self, state: str) -> None:
        self.set_class(state == "ready", "-model-ready")

    def _on_notify(self, event) -> None:
        super()._on_notify(event)
        shown = list(self._notifications)
        for older in shown[:-MOST_TOASTS]:
            self._unnotify(older, refresh=False)
        if len(shown) > MOST_TOASTS:
            self._refresh_notifications()

    def model_status(self) -> str:
        return MODEL_WORDS[self.model_state]

    def analyse(self, framework: str):
        """The engine's reader for a framework (waits for the model if it is still loading; call off the UI thread)."""
        return self.engine.analyser(framework).analyse

    def on_unmount(self) -> None:
        if self.casebook is not None:
            self.casebook.close()


def run_app(db_path: Path | None = None, **options) -> None:
    """Run the app; a fatal error shown in the app also ends the process with a non-zero code."""
    import sys

    app = OutcomesApp(db_path=db_path, **options)
    app.run()
    if app.return_code:
        sys.exit(app.return_code)
