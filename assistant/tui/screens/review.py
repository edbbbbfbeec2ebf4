"""The review screen: each agreed outcome in the person's words, where it stands now, what helped, what next."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Input, Static

from assistant.conversation.replies import SKIP_WORDS
from assistant.conversation.records import Alert
from assistant.errors import AssistantError
from assistant.review.answers import (STATUS_WORDS, change_words, off_scale, parse_rating, rating_looks_counted,
                                      half_said, words_of_a_step_back)
from assistant.review.journey import uk_date
from assistant.review.session import ReviewSession
from assistant.tui.drafts import DraftKeeper
from assistant.tui.screens.modals import (AlertScreen, ConfirmScreen, CowriteAlertScreen, ErrorScreen, PassphraseScreen, TextPromptScreen,
                                         person_sees_alert, sets_handover)
from assistant.tui.screens.review_modals import NewOutcomesScreen, PickStatusScreen
from assistant.tui.widgets.text_box import TextBox, answer_placeholder
from assistant.tui.widgets.transcript import drop_last_turn

BUTTONS = (("skip", "Skip"), ("back", "Back"), ("status", "Status"), ("journey", "Journey"), ("finish", "Finish"))
COWRITE_BUTTONS = (("skip", "Skip this"), ("back", "Go back"), ("status", "Where it stands"), ("journey", "My journey"),
                   ("finish", "Finish"))


class ReviewScreen(Screen):
    BINDINGS = [
        Binding("f2", "skip", "Skip"),
        Binding("f3", "back", "Back"),
        Binding("f6", "status", "Status"),
        Binding("f8", "journey", "Journey"),
        Binding("f10", "finish", "Finish"),
        Binding("escape", "leave", "Home"),
        # The transcript scrolls from anywhere: once the review ends it takes no focus (Tab stays on "My journey").
        Binding("pageup", "transcript_page(-1)", "Scroll up", show=False),
        Binding("pagedown", "transcript_page(1)", "Scroll down", show=False),
    ]

    def action_transcript_page(self, direction: int) -> None:
        transcript = self.query_one("#transcript", VerticalScroll)
        (transcript.scroll_page_down if direction > 0 else transcript.scroll_page_up)(animate=False)

    def __init__(self, conversation_id: int, framework: str, mode: str = "", *, restarted: bool = False) -> None:
        super().__init__()
        self.restarted = restarted  # reopened by a restart while the person had the keyboard
        self.conversation_id = conversation_id
        self.framework_name = framework
        self.requested_mode = mode or None
        self.session: ReviewSession | None = None
        self.busy = False
        self._told_saved = False
        self._draft_restored = False
        self._drafts = DraftKeeper(self, lambda text: self.session.save_draft(text),
                                   lambda: self.session is not None and not self.busy and not self.session.done)
        self.cowrite = mode == "cowrite"

    def compose(self) -> ComposeResult:
        self.cowrite = (self.requested_mode or self.app.casebook.info(self.conversation_id).mode) == "cowrite"
        yield Static(self.app.model_status(), classes="status", id="model-status")
        with Horizontal(id="conversation"):
            with Vertical(id="left"):
                yield VerticalScroll(id="transcript")
                with Vertical(id="question-box"):
                    yield Static("", id="review-where")  # narrow screens: the side panel's first line
                    yield Static("", id="question")
                    yield Static("", id="why")
                yield TextBox(placeholder=answer_placeholder(self.cowrite), id="answer", disabled=True)
                with Horizontal(id="controls"):
                    for button_id, label in (COWRITE_BUTTONS if self.cowrite else BUTTONS):
                        yield Button(label, id=f"btn-{button_id}", compact=True)
            with VerticalScroll(id="side"):
                yield Static("", id="review-outcome")
                yield Static("", id="review-sofar")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        from assistant.frameworks import load_framework

        self.framework = load_framework(self.framework_name)
        self.watch(self.app, "model_state", self._model_state_changed)
        self.open_session()

    def on_resize(self, event) -> None:
        # As on the conversation screen: under 120 columns the side panel gives way, so every button fits.
        self.set_class(event.size.width < 120, "narrow")

    def _model_state_changed(self, state: str) -> None:
        status = self.query_one("#model-status", Static)
        status.update(self.app.model_status())
        status.display = state != "ready"  # nothing to say once ready (a screen made earlier kept "…ready" showing)

    def _analyse(self, text: str):
        return self.app.engine.analyser(self.framework_name).analyse(text)

    @work(thread=True, exclusive=True, group="review")
    def open_session(self) -> None:
        app = self.app
        try:
            session = app.casebook.open_review(self.conversation_id, depth="full",
                                         mode=self.requested_mode, analyse=self._analyse)
            proposals = session.proposals()
        except AssistantError as error:
            app.call_from_thread(app.push_screen, ErrorScreen(error), lambda _: self.dismiss_screen())
            return
        app.call_from_thread(self._session_ready, session, proposals)

    def dismiss_screen(self) -> None:
        if self.app.screen is self:
            self.action_leave()

    def _session_ready(self, session: ReviewSession, proposals) -> None:
        self.session = session
        self.cowrite = session.mode == "cowrite"
        self.set_class(self.cowrite, "cowrite")  # plain buttons and words only, no key list, as in the conversation
        info = self.app.casebook.info(self.conversation_id)
        self.sub_title = f"{info.person} — review {session.number} — {'co-writing' if self.cowrite else 'practitioner'}"
        self.app.sub_title = self.sub_title
        transcript = self.query_one("#transcript", VerticalScroll)
        intro = ("Let's look at how things have gone since last time. There are no wrong answers, and a step back is part of the journey."
                 if not self.cowrite else "Let's look at how things have gone for me since last time. There are no wrong answers.")
        transcript.mount(Static(Text(intro, style="italic"), classes="turn-note"))
        for turn in session.flow.turns:
            if turn.question and (turn.answer is not None or turn.skipped):
                self._add_turn(turn.question.text, turn.answer, turn.skipped)
        self._refresh_side()

        def go_on() -> None:
            if proposals:
                self._offer_new(proposals)
            else:
                self._show_question()

        def carry_on() -> None:
            if self.cowrite:
                self.app.casebook.session_for(self.conversation_id).give_keyboard("review")
            go_on()

        if self.cowrite and self.restarted:
            # The person may be at the keyboard: waiting alerts stay for the practitioner, met on leaving;
            # the person sees the calm words again (the app may have stopped before they did).
            waiting = session.unacknowledged_alerts()
            if waiting:
                self._raise_alert(waiting[-1], carry_on)
            else:
                carry_on()
        else:
            # Opened from everyone's records, so by the practitioner: an alert still waiting (the app was closed
            # while it was open, or an answer the last run saved but never read raised one) comes first; then,
            # before a co-written review, the practitioner sets this sitting's passphrase and hands over.
            self._raise_waiting_alerts(then=lambda: self._hand_over(carry_on) if self.cowrite else carry_on())

    def _hand_over(self, then) -> None:
        accept = sets_handover(self.app.casebook.session_for(self.conversation_id))

        def handed(passphrase: str | None) -> None:
            if passphrase is None:  # cancelled: back where the practitioner was, nothing handed over
                self._leave()
                return
            self.notify("Passphrase set. Hand over to the person.")
            then()

        self.app.push_screen(PassphraseScreen(setting=True, accept=accept), handed)

    def _raise_waiting_alerts(self, then) -> None:
        waiting = self.session.unacknowledged_alerts()
        if not waiting:
            then()
            return
        self._raise_alert(waiting[0], then=lambda: self._raise_waiting_alerts(then), practitioner=True)

    # ----- display ---------------------------------------------------------------------
    def _add_turn(self, question: str, answer: str | None, skipped: bool, heard: str = "") -> None:
        transcript = self.query_one("#transcript", VerticalScroll)
        transcript.mount(Static(Text(question), classes="turn-question"))
        transcript.mount(Static(Text("(skipped)", style="dim") if skipped else Text(answer or ""), classes="turn-answer"))
        if heard:
            transcript.mount(Static(Text(heard), classes="turn-note"))
        transcript.scroll_end(animate=False)

    def _show_question(self) -> None:
        session = self.session
        answer = self.query_one("#answer", Input)
        if session.done:
            self._finish()
            return
        question = session.current
        self.query_one("#question", Static).update(Text(question.text))
        label = question.technique.replace("_", " ")
        why = session.why(question)
        self.query_one("#why", Static).update(Text(f"Why this question: {why}" if self.cowrite else f"Why this question ({label}): {why}"))
        answer.disabled = False
        answer.placeholder = answer_placeholder(self.cowrite)
        if not self._draft_restored:
            # Half-typed when the app last stopped: put back, to finish or change (once, on opening).
            self._draft_restored = True
            answer.value = session.draft() or answer.value
        answer.focus()
        self._refresh_side()
        self.busy = False

    @on(Input.Changed, "#answer")
    def _typing(self, event: Input.Changed) -> None:
        self._drafts.typed()  # as in the conversation: a closed terminal loses nothing

    def _refresh_side(self) -> None:
        session = self.session
        panel = Text()
        item = session.current_outcome
        outcomes = [o for o in session.flow.outcomes]
        where = Text()
        if item is not None:
            where.append(f"Outcome {outcomes.index(item) + 1} of {len(outcomes)}")
            if item.is_new:
                where.append(" · new in this review")
            elif item.previous is not None:
                where.append(f" · last time ({uk_date(item.previous_on)}): {item.previous} out of 10")
        self.query_one("#review-where", Static).update(where)
        self.query_one("#review-where", Static).set_class(not where.plain, "-empty")
        if item is not None:
            panel.append(f"Outcome {outcomes.index(item) + 1} of {len(outcomes)}\n", style="bold")
            words = session.flow.words_now(item)
            panel.append(Text(words + "\n", style="bold"))
            if item.original_words != words:
                panel.append(Text(f"First written as: {item.original_words}\n", style="dim"))
            if item.is_new:
                panel.append("New in this review\n", style="dim")
            elif item.previous is not None:
                panel.append(f"Last time ({uk_date(item.previous_on)}): {item.previous} out of 10\n")
            else:
                panel.append("No number yet from before\n", style="dim")
        panel.append("\n1 = nowhere near · 10 = just as I want it\n", style="dim")
        self.query_one("#review-outcome", Static).update(panel)
        sofar = Text()
        sofar.append("This review so far\n" if not self.cowrite else "So far today\n", style="bold")
        results = session.results()
        if not results:
            sofar.append("Nothing yet.\n", style="dim")
        for result in results:
            sofar.append("• ")
            sofar.append(Text(result.words[:120]))
            sofar.append("\n  " + change_words(result.rating, result.previous, reworded=result.reworded))
            if result.status:
                sofar.append(f" · {STATUS_WORDS[result.status]}", style="dim")
            sofar.append("\n")
        self.query_one("#review-sofar", Static).update(sofar)

    def _heard(self, step: str, text: str, item) -> str:
        """What the screen took from a rating answer, so the person can correct it."""
        if step not in {"rating", "rating_again", "new_rating"}:
            return ""
        rating = parse_rating(text)
        wrong = off_scale(text)
        if wrong is not None:
            return (f"“{wrong}” is not on the scale, which goes from 1 to 10: press F3 (Back) to give it again."
                    if not self.cowrite else f"“{wrong}” is not on the scale (1 to 10): I can choose Go back to change it.")
        half = half_said(text)
        if rating is None and half is not None:
            # "Seven and a half": not "no number heard"; the scale has whole numbers, so which is nearer?
            return (f"The scale has whole numbers: is it nearer {half} or {half + 1}?" if step == "rating"
                    else f"The scale has whole numbers, so no number is kept: press F3 (Back) to give {half} or {half + 1}."
                    if not self.cowrite else f"The scale has whole numbers: I can choose Go back and type {half} or {half + 1}.")
        if rating is None:
            if self.cowrite:
                return "No number yet, and that's OK."  # warmer after "bad 😢" than "no number heard"
            return "No number heard, and that's fine." if step != "rating" else "No number heard yet."
        result = self.session.flow.result(item) if item else None  # no previous number for new or reworded outcomes
        noted = f"Noted: {change_words(rating, result.previous if result else None, reworded=bool(result and result.reworded))}."
        previous = result.previous if result and not result.reworded else None
        worse = words_of_a_step_back(text)
        if worse and previous is not None and rating >= previous:
            # Dean: "It's gone backwards … I had a relapse … I'd say 3", up 1 from a 2. The number stays his.
            noted += (f" I said “{worse}”: if the number should show that, I can choose Go back." if self.cowrite
                      else f" The words say “{worse}” but the number is {'up' if rating > previous else 'the same'}: "
                           "worth checking it is the number meant (F3 (Back) to change it).")
        if rating_looks_counted(text):
            # "i went 2 times": the first number is the one taken; say so, and how to give the number meant.
            noted += (f" If {rating} was how many times, not my number, I can choose Go back and type a number from 1 to 10."
                      if self.cowrite else f" If {rating} was a count, not the rating, press F3 (Back) and give a number from 1 to 10.")
        return noted

    # ----- answering ---------------------------------------------------------------------
    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id != "answer" or self.session is None or self.busy or self.session.current is None:
            return
        text = event.value
        if not text.strip():
            self.notify("Type an answer, or choose Skip this." if self.cowrite
                        else "Type an answer, or press F2 to skip this question.", severity="warning")
            return
        if SKIP_WORDS.match(text):  # "/skip" as on the command line, or "skip this": skipped, not saved as an answer
            event.input.value = ""
            self.action_skip()
            return
        try:
            self.session.write_down(text)  # saved before the box empties and the engine reads it
        except AssistantError as error:
            self.app.push_screen(ErrorScreen(error))
            return
        self.busy = True
        event.input.value = ""
        event.input.disabled = True
        self.submit_answer(text, self.session.current.text, self.session.current_step, self.session.current_outcome)

    @work(thread=True, exclusive=True, group="review-answer")
    def submit_answer(self, text: str, question: str, step: str, item) -> None:
        app = self.app
        try:
            result = self.session.submit(text)
        except AssistantError as error:
            app.call_from_thread(self._failed, error, text)
            return
        app.call_from_thread(self._after_answer, question, step, text, result, item)

    def _failed(self, error: AssistantError, text: str) -> None:
        self.app.push_screen(ErrorScreen(error))
        answer = self.query_one("#answer", Input)
        answer.disabled = False
        if text and not answer.value:
            answer.value = text
        self.busy = False

    def _after_answer(self, question: str, step: str, text: str, result, item) -> None:
        self._add_turn(question, text, False, self._heard(step, text, item))

        def go_on() -> None:
            if result.proposals:
                self._offer_new(result.proposals)
            else:
                self._show_question()

        if result.alert is not None:
            if not self.cowrite:
                transcript = self.query_one("#transcript", VerticalScroll)
                transcript.mount(Static(Text("⚠ safeguarding alert raised"), classes="turn-alert"))
                transcript.scroll_end(animate=False)
            self._raise_alert(result.alert, go_on)
        else:
            go_on()

    def _raise_alert(self, alert: Alert, then, practitioner: bool = False) -> None:
        """The same rules and the same screens as the conversation: the practitioner records what was
        done; a person writing their own review sees calm words, and the alert waits for the practitioner."""
        self.query_one("#answer", Input).disabled = True
        if self.cowrite and not practitioner:
            if person_sees_alert(alert):
                self.app.push_screen(CowriteAlertScreen(alert.sentences, alert.answer), lambda _: then())
            else:
                then()
            return

        def acknowledged(action: str | None) -> None:
            try:
                self.app.casebook.acknowledge_alert(self.conversation_id, alert.id, action or "")
            except AssistantError as error:
                self.app.push_screen(ErrorScreen(error), lambda _: self.app.retry_recording(
                    lambda: self._raise_alert(alert, then, practitioner)))
                return
            self.notify("Safeguarding alert recorded with what was done.")
            then()

        # With a concern already recorded for this person, a new one is one to stop for (the session records it
        # so), and the box says what was recorded before.
        before = self.session.concerns_before(alert)
        earlier = "; ".join(f"{uk_date(a.raised_at)} (what was done: {a.action[:160]})" for a in before[-3:])
        self.app.push_screen(AlertScreen(alert.answer, alert.sentences, certain=alert.certain, concern=alert.concern,
                                         earlier=earlier), acknowledged)

    def _offer_new(self, proposals) -> None:
        def chosen(agreed: list | None) -> None:
            self.session.agree_new(list(agreed or []))
            if agreed:
                self.notify(f"Added to the plan: {len(agreed)} new outcome{'s' if len(agreed) != 1 else ''}.", markup=False)
            self._show_question()

        self.app.push_screen(NewOutcomesScreen(proposals, self.framework, self.cowrite), chosen)

    # ----- controls ------------------------------------------------------------------------
    def on_button_pressed(self, event: Button.Pressed) -> None:
        actions = {"btn-skip": self.action_skip, "btn-back": self.action_back, "btn-status": self.action_status,
                   "btn-journey": self.action_journey, "btn-finish": self.action_finish}
        if event.button.id in actions:
            actions[event.button.id]()

    def _ready(self) -> bool:
        if self.session is None or self.busy or self.session.summary is not None:
            if self.session is None or self.busy:
                self.notify("One moment…")
            return False
        return True

    def action_skip(self) -> None:
        if not self._ready() or self.session.current is None:
            return
        question = self.session.current.text
        self.session.skip()
        self._add_turn(question, None, True)
        self._show_question()

    def action_back(self) -> None:
        if not self._ready():
            return
        if self.session.back() is None:
            self.notify("Nothing to go back to." if not self.session.flow.turns else "New outcomes are already in the plan; change them on the outcomes board.")
            return
        drop_last_turn(self.query_one("#transcript", VerticalScroll))
        self.notify("Going back: the earlier answer is in the box to change, and stays on record.")
        self._show_question()
        box = self.query_one("#answer", Input)
        box.value = self.session.taken_back
        box.cursor_position = len(box.value)

    def action_status(self) -> None:
        if not self._ready():
            return
        item = self.session.current_outcome
        if item is None:
            self.notify("Choose a status while an outcome is being talked about.")
            return

        def chosen(status: str | None) -> None:
            if not status:
                return
            if status != "changed":
                self.session.set_status(item.row, status)
                self.notify(f"Noted: {STATUS_WORDS[status]}.")
                self._show_question()
                return

            def reworded(words: str | None) -> None:
                self.session.set_status(item.row, "changed", words or None)
                self.notify("Noted: it has changed. The first words stay in its history.")
                self._show_question()

            title = "How would I put it now, in my own words?" if self.cowrite else "How would the person put it now, in their own words?"
            self.app.push_screen(TextPromptScreen(title, value=item.words), reworded)

        self.app.push_screen(PickStatusScreen(item.words), chosen)

    def action_journey(self) -> None:
        from assistant.tui.screens.journey import JourneyScreen

        self.app.push_screen(JourneyScreen(self.conversation_id))

    def action_finish(self) -> None:
        if not self._ready():
            return
        if self.query_one("#answer", Input).value.strip():
            self.notify("The words in the answer box are not saved yet: press Enter to save them (or clear the box), "
                        "then finish.", severity="warning")
            return
        left = self.session.not_yet_reviewed()
        if left and self.session.flow.results():
            # Finishing early is fine (a review can be short), but never by accident.
            cw = self.session.mode == "cowrite"
            question = (f"{len(left)} of my outcomes {'has' if len(left) == 1 else 'have'} not been looked at yet "
                        f"(“{left[0]}”{' and more' if len(left) > 1 else ''}). Finish now anyway?" if cw else
                        f"{len(left)} {'outcome has' if len(left) == 1 else 'outcomes have'} not been looked at yet "
                        f"(“{left[0]}”{' and more' if len(left) > 1 else ''}): "
                        f"{'it stays' if len(left) == 1 else 'they stay'} as before, for next time. Finish the review now?")
            self.app.push_screen(ConfirmScreen(question, yes="Finish now", no="Carry on"),
                                 lambda yes: self._finish() if yes else None)
            return
        self._finish()

    def _finish(self) -> None:
        try:
            summary = self.session.finish()
        except AssistantError as error:
            self.app.push_screen(ErrorScreen(error))
            return
        self._show_ended(summary)

    def _show_ended(self, summary) -> None:
        """Nothing more to answer: the answer box and the question buttons go, and a line says what is saved
        and what to do next; the transcript ends on the last answer given."""
        answer = self.query_one("#answer", Input)
        answer.disabled = True
        answer.display = False
        for button_id in ("skip", "back", "status", "finish"):
            self.query_one(f"#btn-{button_id}", Button).display = False
        # "My journey" is the one thing left to press: Tab (as during the review, to reach the buttons) stays
        # on it rather than moving to the transcript, where Enter did nothing.
        for scroll in self.query("#transcript, #side"):
            scroll.can_focus = False
        self.query_one("#btn-journey", Button).focus()
        transcript = self.query_one("#transcript", VerticalScroll)
        saved = ("Nothing was said, so nothing was saved." if summary.number is None
                 else f"Review {summary.number} is saved. There is nothing more to answer here.")
        transcript.mount(Static(Text(saved, style="bold"), classes="turn-note", id="review-ended"))
        self.call_after_refresh(transcript.scroll_end, animate=False)
        self.refresh_bindings()
        if summary.number is None:
            self.query_one("#question", Static).update(Text("Nothing was said, so nothing was saved."))
        else:
            lines = Text()
            lines.append("Saved: my plan is up to date with this review.\n" if self.cowrite
                         else f"Review {summary.number} saved: the plan is now version {summary.plan_version}.\n", style="bold")
            for result in summary.outcomes:
                lines.append("• ")
                lines.append(Text(result.words))
                lines.append(f": {change_words(result.rating, result.previous, reworded=result.reworded)}")
                if result.status:
                    lines.append(f" ({STATUS_WORDS[result.status]})", style="dim")
                lines.append("\n")
            self.query_one("#question", Static).update(lines)
        next_steps = ("What next: “My journey” shows my journey. When I have finished, my worker takes back over." if self.cowrite
                      else "What next: F8 to see the journey, or Esc to go home (the plan screen shows the new version).")
        self.query_one("#why", Static).update(Text(next_steps))
        self._refresh_side()
        self.busy = False

    def check_action(self, action: str, parameters) -> bool | None:
        """Once the review is saved, the keys for answering leave the footer."""
        if action in {"skip", "back", "status", "finish"} and self.session is not None and self.session.summary is not None:
            return False
        return True

    def on_key(self, event) -> None:
        if self.session is not None and self.session.summary is not None and event.is_printable:
            event.stop()
            if not self._told_saved:  # once: a word typed after the end is not a stream of notices
                self._told_saved = True
                self.notify("This review is saved and nothing more is asked: “My journey” shows it." if self.cowrite
                            else "This review is saved and nothing more is asked: F8 journey, Esc home.", severity="warning")

    def quit_guard(self):
        """As in a co-written conversation: only the practitioner leaves, or quits (None: no check needed)."""
        if not self.cowrite:
            return None
        conversation = self.app.casebook.session_for(self.conversation_id)
        if not conversation.has_handover():
            return None

        def accept(passphrase: str) -> str | None:
            return None if conversation.take_back(passphrase) else \
                "That passphrase did not match. Try again, or press Esc to carry on."

        return accept

    def action_leave(self) -> None:
        accept = self.quit_guard()
        if accept is not None:
            # Only the practitioner leaves a co-written review (and sees anyone else's record).
            # The practitioner records what was done about any alert still waiting, then leaves.
            self.app.push_screen(PassphraseScreen(setting=False, accept=accept),
                                 lambda passphrase: self._left_with(passphrase))
            return
        self._leave()

    def _left_with(self, passphrase: str | None) -> None:
        if passphrase is not None:
            self.before_quitting(then=self._offer_look_over)

    def _offer_look_over(self) -> None:
        """With the keyboard back after a co-written review, the practitioner may look over the plan in
        their own view before going home: the person's copy now carries what they said at the review
        (their journey in their words), and only the practitioner sees what is held back, and why."""
        if self.session is None:
            self._leave()
            return
        from assistant.tui.screens.plan import PlanScreen

        conversation = self.app.casebook.session_for(self.conversation_id)

        def chosen(look: bool | None) -> None:
            if look:
                self.app.push_screen(PlanScreen(conversation, practitioner=True), lambda _=None: self._leave())
            else:
                self._leave()

        self.app.push_screen(ConfirmScreen("You have the keyboard back. Look over the plan as the practitioner (what "
                                           "the person's copy will hold from this review, and what is held back) before "
                                           "going home?", yes="Look over it now", no="Go home", safe_yes=True), chosen)

    def before_quitting(self, then) -> None:
        """Leaving or closing the app after the passphrase: the practitioner first records any waiting alert."""
        if self.session is None:  # the review never opened: its alerts stay marked at home
            then()
            return
        self._raise_waiting_alerts(then=then)

    def _leave(self) -> None:
        if self.session is not None and self.session.summary is None and self.session.flow.turns:
            self.notify("The review is kept as it is: choose Review again to carry on.")
        if len(self.app.screen_stack) > 2:
            self.app.pop_screen()
        else:
            from assistant.tui.screens.home import HomeScreen

            self.app.switch_screen(HomeScreen())
