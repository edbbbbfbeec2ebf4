"""The conversation screen: transcript, question with its "why", answer box, what was heard.

The answer is saved the moment Enter is pressed (on the UI thread); the engine
reads it in a worker, which posts `AnswerAnalysed` back. In co-writing the
person sees plain words only, and leaving needs the practitioner's passphrase.
"""

from __future__ import annotations

from functools import cached_property

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Input, Static

from assistant.conversation.replies import SKIP_WORDS
from assistant.conversation.records import Alert, AnswerReading, closed_as_no_concern
from assistant.conversation.session import ConversationSession
from assistant.errors import AssistantError
from assistant.frameworks import load_framework
from assistant.tui.drafts import DraftKeeper
from assistant.tui.messages import AnswerAnalysed, SessionOpened, WorkFailed
from assistant.tui.screens.modals import (
    AlertScreen, ConfirmScreen, CowriteAlertScreen, ErrorScreen, PassphraseScreen, PickQuestionScreen, TextPromptScreen,
    person_sees_alert, sets_handover,
)
from assistant.tui.widgets.text_box import TextBox, answer_placeholder
from assistant.tui.widgets.panels import about_safety, analysis_panel, collected_panel, highlighted_answer, turn_note
from assistant.tui.widgets.transcript import drop_last_turn

PRACTITIONER_BUTTONS = (("skip", "Skip"), ("back", "Back"), ("other", "Other question"),
                        ("own", "Own question"), ("done", "Topic done"), ("board", "Outcomes"), ("plan", "Plan"))
COWRITE_BUTTONS = (("skip", "Skip this"), ("back", "Go back"), ("other", "Something else"),
                   ("own", "My question"), ("done", "Done with this"), ("board", "My outcomes"), ("plan", "My plan"))
COWRITE_HELP = "Type my answer and press Enter. Tab moves to the buttons. Nothing I write is lost."
WIDE = 120  # columns: from here what was heard sits beside the conversation
ROOM_BELOW = 28  # rows: narrower than WIDE, what was heard sits in a band under the answer box if this many fit


class ConversationScreen(Screen):
    BINDINGS = [
        Binding("f2", "skip", "Skip"),
        Binding("f3", "back", "Back"),
        Binding("f4", "other", "Other"),
        Binding("f5", "own", "Own"),
        Binding("f6", "topic_done", "Done"),
        Binding("f7", "board", "Outcomes"),
        Binding("f8", "plan", "Plan"),
        Binding("f9", "heard", "Heard"),
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
        self._heard = ("", None, False)  # the last answer read, its reading, and whether it was about safety
        self._checked: str | None = None  # the answer whose possible concern was just closed as none
        self.restarted = False  # reopened by a restart while the person had the keyboard
        self._drafts = DraftKeeper(self, lambda text: self.session.save_draft(text),
                                   lambda: self.session is not None and not self.busy)

    @property
    def active_bindings(self):
        """The keys the footer lists. Where they do not all fit on its one line (80 columns), F6 gives way
        (the "Topic done" button is always there) so that the last key, Ctrl+Q Quit, is not cut to "^q"."""
        bindings = super().active_bindings
        shown = [b.binding for b in bindings.values() if b.binding.show]
        needed = sum(len(self.app.get_key_display(b)) + len(b.description) + 2 for b in shown)
        if needed > self.size.width:
            bindings = {key: b for key, b in bindings.items() if b.binding.action != "topic_done"}
        return bindings

    @classmethod
    def new(cls, framework: str, name: str, mode: str) -> "ConversationScreen":
        return cls(framework, name=name, mode=mode)

    @classmethod
    def resume(cls, conversation_id: int, framework: str, mode: str = "practitioner", *, restarted: bool = False) -> "ConversationScreen":
        screen = cls(framework, mode=mode, conversation_id=conversation_id)
        screen.restarted = restarted
        return screen

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
                yield TextBox(placeholder=answer_placeholder(self.cowrite), id="answer", disabled=True, select_on_focus=False)
                with Horizontal(id="controls"):
                    for button_id, label in (COWRITE_BUTTONS if self.cowrite else PRACTITIONER_BUTTONS):
                        yield Button(label, id=f"btn-{button_id}", compact=True)
                yield Static(COWRITE_HELP, id="cowrite-help", classes="muted")
            with VerticalScroll(id="side"):
                yield Static("", id="heard")
                yield Static("", id="collected")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.watch(self.app, "model_state", self._model_state_changed)
        self.open_session()

    def on_resize(self, event) -> None:
        # Under 120 columns the side panel cannot sit beside the answer box and every button: it moves to a
        # band under them, in a compact form (a trainer projecting at 100x30 pressed F9 after every answer),
        # and gives way (F9 shows it) only where that band would squeeze the conversation out (80x24).
        narrow = event.size.width < WIDE
        below = narrow and event.size.height >= ROOM_BELOW
        changed = below != self.has_class("heard-below")
        self.set_class(narrow, "narrow")
        self.set_class(below, "heard-below")
        self.refresh_bindings()  # the footer's keys, for the new width
        if changed and self.session is not None:
            self._show_heard(*self._heard)
            self._refresh_collected()

    def _model_state_changed(self, state: str) -> None:
        status = self.query_one("#model-status", Static)
        status.update(self.app.model_status())
        # Co-writing shows plain words only: the model's state is the practitioner's business.
        status.display = not self.cowrite and state != "ready"

    @work(thread=True, exclusive=True, group="session")
    def open_session(self) -> None:
        app = self.app
        try:
            if self.conversation_id is None:
                session = app.casebook.start(self.framework_name, self.mode, self.person_name)
            else:
                session = app.casebook.open(self.conversation_id, app.analyse(self.framework_name))
        except AssistantError as error:
            self.post_message(WorkFailed(error))
            return
        self.post_message(SessionOpened(session))

    @on(SessionOpened)
    def _session_ready(self, message: SessionOpened) -> None:
        session = message.session
        self.session = session
        self.mode = session.mode
        self.set_class(self.cowrite, "cowrite")
        self._label_controls()
        self._model_state_changed(self.app.model_state)
        self.conversation_id = session.conversation_id
        info = session.info()
        self.person_name = info.person
        self.sub_title = f"{info.person} — {'co-writing' if self.cowrite else 'practitioner'} — {self.framework.title}"
        self.app.sub_title = self.sub_title
        transcript = self.query_one("#transcript", VerticalScroll)
        for turn in session.flow.turns:
            if turn.answer is None and not turn.skipped:
                continue
            self._add_turn(transcript, turn.question.text, turn.answer, turn.skipped, turn.analysis,
                           about_safety(turn.analysis, turn.question))
        # The last question and answer in view once every turn is laid out.
        self.call_after_refresh(transcript.scroll_end, animate=False, immediate=True)
        last = next((t for t in reversed(session.flow.turns) if t.analysis), None)
        self._show_heard(last.answer if last else "", last.analysis if last else None,
                         about_safety(last.analysis, last.question) if last else False)
        self._show_question()
        draft = session.draft()
        if draft:
            # Half-typed when the app last stopped: put back, to finish or change.
            self.query_one("#answer", Input).value = draft
        self._refresh_collected()
        if self.cowrite and self.restarted:
            # The person may be at the keyboard: waiting alerts stay for the practitioner, who meets them on
            # leaving; the person sees the calm words again (the app may have stopped before they did).
            session.give_keyboard()
            waiting = session.unacknowledged_alerts()
            if waiting:
                self._raise_alert(waiting[-1], practitioner=False)
        elif self.cowrite and session.unacknowledged_alerts():
            # Opened from everyone's records, so by the practitioner: an alert still waiting (say the app was
            # closed while it was open) is dealt with first, before the person carries on.
            self._raise_waiting_alerts(then=self._hand_over_if_needed)
        elif session.needs_handover:
            self._hand_over_if_needed()
        elif not self.cowrite:
            self._raise_waiting_alerts()
        else:
            session.give_keyboard()

    def _label_controls(self) -> None:
        """The buttons in the voice of whoever leads (a resumed conversation learns its mode only now)."""
        for button_id, label in (COWRITE_BUTTONS if self.cowrite else PRACTITIONER_BUTTONS):
            self.query_one(f"#btn-{button_id}", Button).label = label

    def _hand_over_if_needed(self) -> None:
        if self.session.needs_handover:
            self.app.push_screen(PassphraseScreen(setting=True, accept=sets_handover(self.session)), self._handover_set)
        else:
            self.session.give_keyboard()

    def _handover_set(self, passphrase: str | None) -> None:
        if passphrase is None:
            # Cancelled: back to where the practitioner was, without handing over.
            self._go_home()
            return
        self.session.give_keyboard()
        self.notify("Passphrase set. Hand over to the person.")

    # ----- display ---------------------------------------------------------------------
    def _add_turn(self, transcript, question: str, answer: str | None, skipped: bool, reading: AnswerReading | None,
                  safety: bool = False) -> None:
        transcript.mount(Static(Text(question), classes="turn-question"))
        if skipped:
            transcript.mount(Static(Text("(skipped)", style="dim"), classes="turn-answer"))
        else:
            # An answer about safety has no outcome, so no outcome's evidence is marked in it.
            transcript.mount(Static(highlighted_answer(answer or "", None if safety else reading), classes="turn-answer"))
            if reading and not self.cowrite:
                transcript.mount(Static(turn_note(reading, safety), classes="turn-note"))
            if reading and reading.safeguarding and not self.cowrite:
                transcript.mount(Static(Text("⚠ safeguarding alert raised"), classes="turn-alert"))
        transcript.scroll_end(animate=False)

    def _show_question(self) -> None:
        question = self.session.current
        self.query_one("#question", Static).update(Text(question.text))
        why = self.session.why(question)
        label = question.technique.replace("_", " ")
        if question.id.startswith("custom."):
            # Typed in (F5): not the bank's choice, so no "why this question"; how it reads, for a practitioner,
            # with the coach's warning kept once it is asked.
            from assistant.nlp.coach import own_question_note

            note = Text("My own question." if self.cowrite else
                        own_question_note(self._coach.check(question.text), question.technique, why))
        elif question.id.startswith("close.done."):
            note = Text("")  # "That's everything for now…": not a question, so no "why this question"
        else:
            note = Text(f"Why this question: {why}" if self.cowrite else f"Why this question ({label}): {why}")
        self.query_one("#why", Static).update(note)
        answer = self.query_one("#answer", Input)
        answer.disabled = False
        answer.placeholder = answer_placeholder(self.cowrite)
        answer.focus()
        self.busy = False

    def _show_heard(self, answer: str, reading: AnswerReading | None, safety: bool = False) -> None:
        self._heard = (answer, reading, safety)
        compact = self.has_class("heard-below")
        checked = bool(answer) and answer == self._checked
        self.query_one("#heard", Static).update(analysis_panel(answer, reading, self.framework, self.cowrite, safety, compact,
                                                               checked=checked))

    def _collected(self, compact: bool = False) -> Text:
        later = list(self.session.flow.state.parked_topics)
        return collected_panel(self.session.board(), self.framework, self.cowrite, later, compact)

    def _refresh_collected(self) -> None:
        self.query_one("#collected", Static).update(self._collected(compact=self.has_class("heard-below")))

    # ----- answering ---------------------------------------------------------------------
    @on(Input.Changed, "#answer")
    def _typing(self, event: Input.Changed) -> None:
        self._drafts.typed()  # a closed terminal loses a half-typed answer no more

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id != "answer" or self.session is None or self.busy:
            return
        text = event.value
        if not text.strip():
            self.notify("Type an answer, or press F2 to skip this question." if not self.cowrite else "Type an answer, or choose Skip this.",
                        severity="warning")
            return
        if SKIP_WORDS.match(text):  # "/skip" as on the command line, or "skip this": skipped, not saved as an answer
            event.input.value = ""
            self.action_skip()
            return
        try:
            # Saved now, before any analysis: a crash from here on loses nothing.
            self.session.record_answer(text)
        except AssistantError as error:
            self.app.push_screen(ErrorScreen(error))
            return
        self.busy = True
        self._checked = None  # a new answer: a concern it raises has not been checked, whatever its words
        event.input.value = ""
        event.input.disabled = True
        if self.app.model_state == "loading":
            self.notify("Answer saved. Waiting for the language model to finish loading…")
        self.analyse_answer(text)

    @work(thread=True, exclusive=True, group="answer")
    def analyse_answer(self, text: str) -> None:
        try:
            result = self.session.analyse_answer(self.app.analyse(self.framework_name))
        except AssistantError as error:
            self.post_message(WorkFailed(error, text))
            return
        self.post_message(AnswerAnalysed(text, result))

    @on(WorkFailed)
    def _failed(self, message: WorkFailed) -> None:
        self.app.push_screen(ErrorScreen(message.error))
        if self.session is None:
            return
        answer = self.query_one("#answer", Input)
        answer.disabled = False
        self.busy = False

    @on(AnswerAnalysed)
    def _after_answer(self, message: AnswerAnalysed) -> None:
        result = message.result
        transcript = self.query_one("#transcript", VerticalScroll)
        previous = self.session.flow.turns[-2].question
        safety = about_safety(result.reading, previous)
        self._add_turn(transcript, previous.text, message.text, False, result.reading, safety)
        self._show_heard(message.text, result.reading, safety)
        self._refresh_collected()
        if result.alert:
            self._raise_alert(result.alert)
        else:
            self._show_question()

    def _raise_alert(self, alert: Alert, then=None, practitioner: bool | None = None) -> None:
        self.query_one("#answer", Input).disabled = True
        after = then or self._show_question
        if practitioner is None:
            practitioner = not self.cowrite
        if not practitioner:
            # The person sees calm words (or, for a weaker concern, nothing); the alert waits for the practitioner.
            if person_sees_alert(alert):
                self.app.push_screen(CowriteAlertScreen(alert.sentences, alert.answer), lambda _: after())
            else:
                after()
            return

        def recorded(action: str | None) -> None:
            try:
                self.session.acknowledge(alert.id, action or "")
            except AssistantError as error:
                self.app.push_screen(ErrorScreen(error), lambda _: self.app.retry_recording(
                    lambda: self._raise_alert(alert, then, practitioner=True)))
                return
            self.notify("Safeguarding alert recorded with what was done.")
            if not alert.certain and closed_as_no_concern({"action": action or ""}) and self._heard[1] is not None \
                    and self._heard[0] == alert.answer:
                # Sunita closed "a walk down the canal" as no concern and the panel still said CONCERN RAISED.
                self._checked = alert.answer
                self._show_heard(*self._heard)
            after()

        earlier = self.session.alert_it_follows(alert)
        self.app.push_screen(AlertScreen(alert.answer, alert.sentences, certain=alert.certain, concern=alert.concern,
                                         follows=earlier.action if earlier else None, reply=alert.reply,
                                         told_more=bool(earlier) and self.session.reply_told_more(alert)), recorded)

    def _raise_waiting_alerts(self, then=None) -> None:
        """The practitioner records what was done about each alert still waiting."""
        waiting = self.session.unacknowledged_alerts()
        if not waiting:
            if then:
                then()
            return
        self._raise_alert(waiting[0], then=lambda: self._raise_waiting_alerts(then), practitioner=True)

    # ----- controls ------------------------------------------------------------------------
    def on_button_pressed(self, event: Button.Pressed) -> None:
        actions = {"btn-skip": self.action_skip, "btn-back": self.action_back, "btn-other": self.action_other,
                   "btn-own": self.action_own, "btn-done": self.action_topic_done, "btn-board": self.action_board,
                   "btn-plan": self.action_plan}
        if event.button.id in actions:
            actions[event.button.id]()

    @cached_property
    def _coach(self):
        """Made on first use: its module brings the engine in, which must not hold up the first screen."""
        from assistant.nlp.coach import QuestionCoach

        return QuestionCoach()

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
        drop_last_turn(self.query_one("#transcript", VerticalScroll))
        gone = "; ".join(f"\u201c{words}\u201d" for words in self.session.taken_back_outcomes)
        if self.cowrite:
            self.notify("Going back: what I wrote is in the box to change." + (
                f" {gone} comes off my outcomes until I answer again." if gone else ""), markup=False)
        else:
            self.notify("Going back: the earlier answer is in the box to change, and stays on record." + (
                f" {gone} leaves the board until it is answered again." if gone else ""), markup=False)
        self._show_question()
        box = self.query_one("#answer", Input)
        box.value = self.session.taken_back
        box.cursor_position = len(box.value)
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

        self.app.push_screen(PickQuestionScreen(options, [self.session.why(q) for q in options], plain=self.cowrite), chosen)

    def action_own(self) -> None:
        if not self._ready():
            return
        coach = self._coach

        def typed(text: str | None) -> None:
            if text:
                self.session.ask_own(text, coach.technique(text))
                self._show_question()

        title = "Type your own question" if not self.cowrite else "Write the question I want to answer"
        self.app.push_screen(TextPromptScreen(title, coach=None if self.cowrite else coach, wrap=True), typed)

    def action_topic_done(self) -> None:
        if not self._ready():
            return
        self.session.topic_done()
        self.notify("Moving on." if self.cowrite else "Topic marked as done.")
        self._show_question()

    def action_board(self) -> None:
        if self.session is None:
            return
        from assistant.tui.screens.board import OutcomesBoard

        self.app.push_screen(OutcomesBoard(self.session, self.framework, self.cowrite), self._back_from_aside)

    def action_heard(self) -> None:
        """The side panel in full, as a whole screen (on a small screen it gives way to the answer box)."""
        if self.session is None:
            return
        from assistant.tui.screens.modals import HeardScreen

        self.app.push_screen(HeardScreen(analysis_panel(*self._heard[:2], self.framework, self.cowrite, self._heard[2],
                                                        checked=self._heard[0] == self._checked),
                                         self._collected()))

    def action_plan(self) -> None:
        if self.session is None:
            return
        from assistant.tui.screens.plan import PlanScreen

        self.app.push_screen(PlanScreen(self.session), self._back_from_aside)

    def _back_from_aside(self, result=None) -> None:
        """Back from the outcomes or the plan: the answer box has the keys again, not the button that
        opened them (typing would go nowhere, and Enter would open them again). F8 on the board goes
        on to the plan."""
        self._refresh_collected()
        if result == "plan":
            self.action_plan()
            return
        box = self.query_one("#answer", Input)
        if not box.disabled:
            self.call_after_refresh(box.focus)

    def action_leave(self) -> None:
        if self.quit_guard() is not None:
            # Only the practitioner can leave co-writing (and see anyone else's record).
            self.app.push_screen(PassphraseScreen(setting=False, accept=self._accept_leaving), self._check_leaving)
            return
        self._go_home()

    def _guarded(self) -> ConversationSession | None:
        """The co-written conversation whose passphrase guards leaving; known from the database even
        before this screen's session is ready (a restart while the model still loads)."""
        if not self.cowrite:
            return None
        if self.session is not None:
            return self.session
        return self.app.casebook.session_for(self.conversation_id) if self.conversation_id is not None else None

    def quit_guard(self):
        """The passphrase check quitting needs while the person co-writes (None when no check is needed)."""
        guarded = self._guarded()
        return self._accept_leaving if guarded is not None and guarded.has_handover() else None

    def before_quitting(self, then) -> None:
        """Leaving or closing the app after the passphrase: the practitioner first records any alert
        still waiting."""
        if self.session is None:  # never opened: its alerts stay marked at home
            then()
            return
        self._raise_waiting_alerts(then=then)

    def _accept_leaving(self, passphrase: str) -> str | None:
        return None if self._guarded().take_back(passphrase) else "That passphrase did not match. Try again, or press Esc to carry on writing."

    def _check_leaving(self, passphrase: str | None) -> None:
        if passphrase is None:
            self.query_one("#answer", Input).focus()
            return
        self.before_quitting(then=self._offer_practitioner_view)

    def _offer_practitioner_view(self) -> None:
        """With the keyboard back, the practitioner may look over the outcomes and plan in their own view
        (what is held back and why) before going home; the person's screens never show it."""
        if self.session is None:
            self._go_home()
            return
        from assistant.tui.screens.board import OutcomesBoard
        from assistant.tui.screens.plan import PlanScreen

        def then_plan(_=None) -> None:
            self.app.push_screen(PlanScreen(self.session, practitioner=True), lambda _=None: self._go_home())

        def chosen(look: bool | None) -> None:
            if look:
                self.app.push_screen(OutcomesBoard(self.session, self.framework, False), then_plan)
            else:
                self._go_home()

        self.app.push_screen(ConfirmScreen("You have the keyboard back. Look over the outcomes and the plan as the "
                                           "practitioner (what is held back from the person's copy, and why) before going home?",
                                           yes="Look over them now", no="Go home", safe_yes=True), chosen)

    def _go_home(self) -> None:
        if len(self.app.screen_stack) > 2:
            self.app.pop_screen()
        else:
            from assistant.tui.screens.home import HomeScreen

            self.app.switch_screen(HomeScreen())
