"""The conversation screen: transcript, question with its "why", answer box, what was heard."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Input, Static

from assistant.conversation.session import ConversationSession
from assistant.errors import AssistantError
from assistant.frameworks import load_framework
from assistant.tui.screens.modals import AlertScreen, ErrorScreen, PickQuestionScreen, TextPromptScreen
from assistant.tui.widgets.panels import analysis_panel, collected_panel, highlighted_answer

PRACTITIONER_BUTTONS = (("skip", "Skip"), ("back", "Back"), ("other", "Other question"),
                        ("own", "Own question"), ("done", "Topic done"), ("board", "Outcomes"))
COWRITE_BUTTONS = (("skip", "Skip this"), ("back", "Go back"), ("other", "Something else"),
                   ("own", "My question"), ("done", "Done with this"), ("board", "My outcomes"))


class ConversationScreen(Screen):
    BINDINGS = [
        Binding("f2", "skip", "Skip"),
        Binding("f3", "back", "Back"),
        Binding("f4", "other", "Other question"),
        Binding("f5", "own", "Own question"),
        Binding("f6", "topic_done", "Topic done"),
        Binding("f7", "board", "Outcomes"),
        Binding("f8", "plan", "Plan"),
        Binding("escape", "leave", "Home"),
    ]

    def __init__(self, framework: str, *, name: str = "", mode: str = "practitioner", conversation_id: int | None = None) -> None:
        super().__init__(classes="cowrite" if mode == "cowrite" else "")
        self.framework_name = framework
        self.person_name = name
        self.mode = mode
        self.conversation_id = conversation_id
        self.framework = load_framework(framework)
        self.session: ConversationSession | None = None
        self.busy = False

    @classmethod
    def new(cls, framework: str, name: str, mode: str) -> "ConversationScreen":
        return cls(framework, name=name, mode=mode)

    @classmethod
    def resume(cls, conversation_id: int, framework: str) -> "ConversationScreen":
        return cls(framework, conversation_id=conversation_id)

    @property
    def cowrite(self) -> bool:
        return self.mode == "cowrite"

    def compose(self) -> ComposeResult:
        yield Static(self.app.model_status(), classes="status", id="model-status")
        with Horizontal(id="conversation"):
            with Vertical(id="left"):
                yield VerticalScroll(id="transcript")
                with Vertical(id="question-box"):
                    yield Static("", id="question")
                    yield Static("", id="why")
                yield Input(placeholder="Type the answer here and press Enter", id="answer", disabled=True)
                with Horizontal(id="controls"):
                    for button_id, label in (COWRITE_BUTTONS if self.cowrite else PRACTITIONER_BUTTONS):
                        yield Button(label, id=f"btn-{button_id}", compact=True)
            with VerticalScroll(id="side"):
                yield Static("", id="heard")
                yield Static("", id="collected")
        yield Footer()

    def on_mount(self) -> None:
        self.open_session()

    @work(thread=True, exclusive=True, group="session")
    def open_session(self) -> None:
        app = self.app
        try:
            if self.conversation_id is None:
                session = ConversationSession.start_new(app.bank, self.framework, self.mode, app.store, self.person_name)
            else:
                session = ConversationSession.resume(app.bank, self.framework, app.store, self.conversation_id,
                                                     lambda text: app.engine.analyser(self.framework_name).analyse(text))
        except AssistantError as error:
            app.call_from_thread(app.push_screen, ErrorScreen(error))
            return
        app.call_from_thread(self._session_ready, session)

    def _session_ready(self, session: ConversationSession) -> None:
        self.session = session
        self.mode = session.mode
        self.set_class(self.cowrite, "cowrite")
        self.conversation_id = session.conversation_id
        info = self.app.store.conversation(session.conversation_id)
        self.person_name = info.person
        self.sub_title = f"{info.person} — {'co-writing' if self.cowrite else 'practitioner'} — {self.framework.title}"
        self.app.sub_title = self.sub_title
        transcript = self.query_one("#transcript", VerticalScroll)
        for turn in session.flow.turns:
            if turn.answer is None and not turn.skipped:
                continue
            self._add_turn(transcript, turn.question.text, turn.answer, turn.skipped, turn.analysis)
        last = next((t for t in reversed(session.flow.turns) if t.analysis), None)
        self._show_heard(last.answer if last else "", last.analysis if last else None)
        self._show_question()
        self._refresh_collected()
        pending_alerts = [a for a in self.app.store.alerts(session.conversation_id) if not a["acknowledged_at"]]
        if pending_alerts:
            self._raise_alert(pending_alerts[0]["id"], self._answer_for_turn(pending_alerts[0]["turn_id"]))

    def model_status_changed(self) -> None:
        self.query_one("#model-status", Static).update(self.app.model_status())

    # ----- display ---------------------------------------------------------------------
    def _add_turn(self, transcript, question: str, answer: str | None, skipped: bool, analysis: dict | None) -> None:
        transcript.mount(Static(Text(question), classes="turn-question"))
        if skipped:
            transcript.mount(Static(Text("(skipped)", style="dim"), classes="turn-answer"))
        else:
            transcript.mount(Static(highlighted_answer(answer or "", analysis), classes="turn-answer"))
            if analysis and not self.cowrite:
                found = ", ".join(o["id"] for o in analysis.get("outcomes", [])) or "no outcome proposed"
                transcript.mount(Static(Text(f"{analysis.get('kind', 'other')} · {found}"), classes="turn-note"))
            if analysis and analysis.get("flags"):
                transcript.mount(Static(Text("⚠ safeguarding alert raised"), classes="turn-alert"))
        transcript.scroll_end(animate=False)

    def _show_question(self) -> None:
        question = self.session.current
        self.query_one("#question", Static).update(Text(question.text))
        why = self.session.why(question)
        label = question.technique.replace("_", " ")
        note = Text(f"Why this question: {why}" if self.cowrite else f"Why this question ({label}): {why}")
        self.query_one("#why", Static).update(note)
        answer = self.query_one("#answer", Input)
        answer.disabled = False
        answer.placeholder = "Type my answer here and press Enter" if self.cowrite else "Type the answer here and press Enter"
        answer.focus()
        self.busy = False

    def _show_heard(self, answer: str, analysis: dict | None) -> None:
        self.query_one("#heard", Static).update(analysis_panel(answer, analysis, self.framework, self.cowrite))

    def _refresh_collected(self) -> None:
        rows = self.app.store.outcomes(self.session.conversation_id)
        later = list(self.session.flow.state.parked_topics)
        self.query_one("#collected", Static).update(collected_panel(rows, self.framework, self.cowrite, later))

    def _answer_for_turn(self, turn_id: int) -> str:
        for row in self.app.store.turns(self.session.conversation_id, include_superseded=True):
            if row["id"] == turn_id:
                return row["answer"] or ""
        return ""

    # ----- answering ---------------------------------------------------------------------
    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id != "answer" or self.session is None or self.busy:
            return
        text = event.value
        if not text.strip():
            self.notify("Type an answer, or press F2 to skip this question." if not self.cowrite else "Type an answer, or choose Skip this.",
                        severity="warning")
            return
        self.busy = True
        event.input.value = ""
        event.input.disabled = True
        if not self.app.engine.ready:
            self.notify("Answer saved. Waiting for the language model to finish loading…")
        self.submit_answer(text)

    @work(thread=True, exclusive=True, group="answer")
    def submit_answer(self, text: str) -> None:
        app = self.app
        try:
            result = self.session.submit(text, lambda t: app.engine.analyser(self.framework_name).analyse(t))
        except AssistantError as error:
            app.call_from_thread(self._failed, error, text)
            return
        app.call_from_thread(self._after_answer, text, result)

    def _failed(self, error: AssistantError, text: str = "") -> None:
        self.app.push_screen(ErrorScreen(error))
        answer = self.query_one("#answer", Input)
        answer.disabled = False
        if text and not answer.value:
            answer.value = text  # give the words back so nothing typed is lost
        self.busy = False

    def _after_answer(self, text: str, result) -> None:
        transcript = self.query_one("#transcript", VerticalScroll)
        previous = self.session.flow.turns[-2].question.text
        self._add_turn(transcript, previous, text, False, result.analysis)
        self._show_heard(text, result.analysis)
        self._refresh_collected()
        if result.alert_id:
            self._raise_alert(result.alert_id, text)
        else:
            self._show_question()

    def _raise_alert(self, alert_id: int, answer: str) -> None:
        self.query_one("#answer", Input).disabled = True

        def acknowledged(action: str | None) -> None:
            self.app.store.acknowledge_alert(alert_id, "person (co-writing)" if self.cowrite else "practitioner", action or "")
            self.notify("Safeguarding alert acknowledged and recorded.")
            self._show_question()

        self.app.push_screen(AlertScreen(answer, cowrite=self.cowrite), acknowledged)

    # ----- controls ------------------------------------------------------------------------
    def on_button_pressed(self, event: Button.Pressed) -> None:
        actions = {"btn-skip": self.action_skip, "btn-back": self.action_back, "btn-other": self.action_other,
                   "btn-own": self.action_own, "btn-done": self.action_topic_done, "btn-board": self.action_board}
        if event.button.id in actions:
            actions[event.button.id]()

    def _ready(self) -> bool:
        if self.session is None or self.busy:
            self.notify("One moment…")
            return False
        return True

    def action_skip(self) -> None:
        if not self._ready():
            return
        skipped = self.session.current.text
        self.session.skip()
        self._add_turn(self.query_one("#transcript", VerticalScroll), skipped, None, True, None)
        self._show_question()

    def action_back(self) -> None:
        if not self._ready():
            return
        if self.session.back() is None:
            self.notify("This is the first question.")
            return
        transcript = self.query_one("#transcript", VerticalScroll)
        children = list(transcript.children)
        # Remove the last shown turn: its question, answer and notes.
        last_question = max((i for i, c in enumerate(children) if c.has_class("turn-question")), default=None)
        if last_question is not None:
            for child in children[last_question:]:
                child.remove()
        self.notify("Going back: the earlier answer stays on record.")
        self._show_question()
        self._refresh_collected()

    def action_other(self) -> None:
        if not self._ready():
            return
        options = self.session.alternatives()
        if not options:
            self.notify("No other suggested questions left.")
            return

        def chosen(question) -> None:
            if question is not None:
                self.session.ask_instead(question)
                self._show_question()

        self.app.push_screen(PickQuestionScreen(options, [self.session.why(q) for q in options]), chosen)

    def action_own(self) -> None:
        if not self._ready():
            return
        from assistant.nlp.coach import QuestionCoach

        coach = QuestionCoach()

        def typed(text: str | None) -> None:
            if text:
                self.session.ask_own(text, coach.technique(text))
                self._show_question()

        title = "Type your own question" if not self.cowrite else "Write the question I want to answer"
        self.app.push_screen(TextPromptScreen(title, coach=None if self.cowrite else coach), typed)

    def action_topic_done(self) -> None:
        if not self._ready():
            return
        self.session.topic_done()
        self.notify("Topic marked as done.")
        self._show_question()

    def action_board(self) -> None:
        if self.session is None:
            return
        from assistant.tui.screens.board import OutcomesBoard

        self.app.push_screen(OutcomesBoard(self.session.conversation_id, self.framework, self.cowrite), lambda _: self._refresh_collected())

    def action_plan(self) -> None:
        if self.session is None:
            return
        try:
            from assistant.tui.screens.plan import PlanScreen
        except ImportError:
            self.notify("The plan screen is not available yet.")
            return
        self.app.push_screen(PlanScreen(self.session.conversation_id))

    def action_leave(self) -> None:
        if len(self.app.screen_stack) > 2:
            self.app.pop_screen()
        else:
            from assistant.tui.screens.home import HomeScreen

            self.app.switch_screen(HomeScreen())
