"""Trainer screens: step through a scenario (demo) and practise asking questions (practice)."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Input, Static

from assistant.conversation.practice import PracticeSession, summary_text
from assistant.conversation.scenarios import Scenario, ScenarioTurn
from assistant.frameworks import load_framework
from assistant.conversation.records import AnswerReading
from assistant.tui.screens.modals import ConfirmScreen
from assistant.tui.widgets.panels import coach_feedback, highlighted_answer
from assistant.tui.widgets.text_box import TextBox


class DemoScreen(Screen):
    """One turn at a time, with the technique commentary and the live mapping; ends on the plan."""

    BINDINGS = [
        Binding("right,n,space", "next", "Next"),
        Binding("left,b", "back", "Back"),
        Binding("r", "restart", "Restart"),
        Binding("s", "toggle_service_led", "Service-led version"),
        Binding("escape,q", "app.quit", "Quit"),
    ]

    def __init__(self, scenario: Scenario) -> None:
        super().__init__(classes="projector")
        self.scenario = scenario
        self.framework = load_framework(scenario.framework)
        self.shown = 0
        self.mappings: dict[int, AnswerReading] = {}

    def compose(self) -> ComposeResult:
        yield Static(Text(self.scenario.title, style="bold"), classes="demo-title")
        yield Static(Text(f"{self.scenario.person}. {self.scenario.summary}"), classes="demo-intro")
        with Horizontal(id="demo-body"):
            yield VerticalScroll(id="demo-main")
            yield VerticalScroll(id="demo-service")
            with VerticalScroll(id="demo-side"):
                yield Static("", id="demo-board")
        yield Static(Text("→ or n next   ← or b back   r restart   s service-led version side by side"), classes="demo-help")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        service = self.query_one("#demo-service", VerticalScroll)
        service.display = False
        service.mount(Static(Text("The service-led version of the same meeting", style="bold"), classes="demo-heading"))
        for turn in self.scenario.service_led:
            service.mount(Static(Text(f"Q: {turn.question}"), classes="demo-question"))
            service.mount(Static(Text(f"A: {turn.answer}"), classes="demo-answer"))
            service.mount(Static(Text(f"What it misses: {turn.note}"), classes="demo-why"))
        self._show_turns()

    def action_next(self) -> None:
        if self.shown <= len(self.scenario.turns):
            self.shown += 1
            self._show_turns()

    def action_back(self) -> None:
        if self.shown > 0:
            self.shown -= 1
            self._show_turns()

    def action_restart(self) -> None:
        self.shown = 0
        self._show_turns()

    def action_toggle_service_led(self) -> None:
        """The two meetings side by side, each half the width; the outcomes panel steps aside meanwhile
        (at 80 columns three columns left the service-led one a word wide)."""
        service = self.query_one("#demo-service", VerticalScroll)
        service.display = not service.display
        self.query_one("#demo-side").display = not service.display
        self.set_class(service.display, "comparing")

    def _show_turns(self) -> None:
        main = self.query_one("#demo-main", VerticalScroll)
        main.remove_children()
        turns = self.scenario.turns[: self.shown]
        if not turns:
            main.mount(Static(Text("Press → to start the outcomes-focused conversation.", style="italic"), classes="demo-why"))
        for index, turn in enumerate(turns):
            self._mount_turn(main, index, turn)
            if index not in self.mappings:
                self.map_answer(index, turn.answer)
        if self.shown > len(self.scenario.turns):
            main.mount(Static(Text("The plan", style="bold"), classes="demo-heading"))
            main.mount(Static(Text(self.scenario.plan_summary), classes="demo-answer"))
            for number, step in enumerate(self.scenario.plan_steps, start=1):
                main.mount(Static(Text(f"{number}. {step}"), classes="demo-answer"))
        main.scroll_end(animate=False)
        self._render_board()

    def _mount_turn(self, main, index: int, turn: ScenarioTurn) -> None:
        label = Text(f"[{turn.technique.replace('_', ' ')}] ", style="bold")
        label.append(turn.question)
        main.mount(Static(label, classes="demo-question"))
        mapping = self.mappings.get(index)
        # The engine's evidence is highlighted only where it agrees with the lesson.
        main.mount(Static(highlighted_answer(turn.answer, mapping if self._agrees(turn, mapping) else None), classes="demo-answer"))
        main.mount(Static(Text(f"Why it helps: {turn.why}"), classes="demo-why"))
        mapping = self.mappings.get(index)
        main.mount(Static(self._heard(turn, mapping), classes="demo-mapping"))

    def _label(self, outcome_id: str) -> str:
        try:
            return self.framework.outcome(outcome_id).label
        except KeyError:
            return outcome_id

    def _heard(self, turn: ScenarioTurn, mapping: AnswerReading | None) -> Text:
        """What the lesson hears in the answer; the engine's own reading beside it, marked as the engine's."""
        note = Text()
        if turn.heard_kind:
            lesson = ", ".join(self._label(o) for o in turn.heard_outcomes) or "no outcome"
            note.append(f"Heard: {turn.heard_kind} · {lesson}")
        if mapping is not None:
            engine = ", ".join(o["label"] for o in mapping.outcomes) or "no outcome"
            agrees = turn.heard_kind == mapping.kind and set(turn.heard_outcomes) <= set(mapping.outcome_ids)
            # As in a conversation: an alert the model alone raises, unsure, asks the worker to check.
            alert = ("" if not mapping.safeguarding else " · it would raise a safeguarding alert" if mapping.alert_certain
                     else " · it would ask the worker to check a possible concern")
            if not turn.heard_kind:
                note.append(f"Heard: {mapping.kind} · {engine}")
                if mapping.safeguarding:
                    note.append("   ⚠ SAFEGUARDING", style="bold")
            elif not agrees or mapping.safeguarding:
                note.append(f"\n  (the engine's view: {mapping.kind} · {engine}{alert})", style="dim")
        return note

    def _agrees(self, turn: ScenarioTurn, mapping: AnswerReading | None) -> bool:
        return bool(mapping) and (not turn.heard_kind or (turn.heard_kind == mapping.kind
                                                          and set(turn.heard_outcomes) <= set(mapping.outcome_ids)))

    @work(thread=True, group="demo-map")
    def map_answer(self, index: int, answer: str) -> None:
        analyser = self.app.engine.analyser(self.scenario.framework)
        result = AnswerReading.from_analysis(analyser.analyse(answer))
        self.app.call_from_thread(self._mapped, index, result)

    def _mapped(self, index: int, result: AnswerReading) -> None:
        self.mappings[index] = result
        if index < self.shown:
            self._show_turns()

    def _render_board(self) -> None:
        board = Text("Outcomes heard so far\n", style="bold")
        seen = []
        for index in range(min(self.shown, len(self.scenario.turns))):
            mapping = self.mappings.get(index)
            turn = self.scenario.turns[index]
            if turn.heard_kind == "outcome" and turn.heard_outcomes:
                # The lesson's reading leads: the board shows what the scenario teaches.
                seen.append((self._label(turn.heard_outcomes[0]), turn.answer))
            elif not turn.heard_kind and mapping and mapping.kind == "outcome":
                for outcome in mapping.outcomes[:1]:
                    seen.append((outcome["label"], turn.answer))
        if not seen:
            board.append("None yet.\n", style="italic")
        for label, words in seen:
            board.append(f"• {label}\n", style="bold")
            board.append(f"  \u201c{words[:90]}\u201d\n")
        if self.shown > len(self.scenario.turns):
            board.append("\nOutcomes agreed\n", style="bold")
            for outcome in self.scenario.outcomes:
                board.append(f"✓ {outcome.words}\n")
        self.query_one("#demo-board", Static).update(board)


class PracticeScreen(Screen):
    """The trainee asks; the coach comments; the persona answers when the question fits."""

    BINDINGS = [
        Binding("f10", "finish", "Finish and see summary"),
        Binding("escape", "leave", "Quit"),
    ]

    def __init__(self, scenario: Scenario, coach) -> None:
        super().__init__()
        self.scenario = scenario
        self.session = PracticeSession(scenario, coach)
        self._summarised = -1  # how many questions the last summary on screen counted

    def compose(self) -> ComposeResult:
        yield Static(Text(f"Practice: {self.scenario.title}", style="bold"), classes="title")
        yield Static(Text(f"You are meeting {self.scenario.person}. Ask your questions below; the coach comments on each one."), classes="muted")
        yield VerticalScroll(id="practice-log")
        yield TextBox(placeholder="Type your question to the person and press Enter", id="practice-question")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        if not text:
            self.notify("Type a question first.", severity="warning")
            return
        event.input.value = ""
        reply = self.session.ask(text)
        log = self.query_one("#practice-log", VerticalScroll)
        log.mount(Static(Text(f"You: {text}", style="bold"), classes="turn-question"))
        feedback = coach_feedback(reply.check, reply.technique)
        log.mount(Static(feedback, classes="turn-note"))
        log.mount(Static(Text(f"{self.scenario.person.split(',')[0]}: {reply.answer}"), classes="turn-answer"))
        if reply.hint:
            log.mount(Static(Text(reply.hint, style="dim italic"), classes="turn-note"))
        if self.session.finished:
            log.mount(Static(Text("You've reached the end of the scenario. Press F10 for your summary.", style="bold"), classes="turn-note"))
        log.scroll_end(animate=False)

    def action_finish(self) -> None:
        log = self.query_one("#practice-log", VerticalScroll)
        log.mount(Static(Text("Summary\n", style="bold") + Text(summary_text(self.session.summary())), classes="practice-summary"))
        log.scroll_end(animate=False)
        self._summarised = len(self.session.replies)

    def action_leave(self) -> None:
        """Esc shows the summary and asks before ending: a stray key must not throw a practice away."""
        if not self.session.replies:
            self.app.exit()
            return
        if self._summarised != len(self.session.replies):
            self.action_finish()
        question = "Leave the practice? The summary is not saved anywhere: choose Stay to read it first."
        self.app.push_screen(ConfirmScreen(question, yes="Leave", no="Stay"), lambda leave: self.app.exit() if leave else None)
