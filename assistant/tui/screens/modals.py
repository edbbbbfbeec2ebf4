"""Modal screens: the safeguarding alert, errors, picking or typing a question, rewording."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from assistant.conversation.records import NO_CONCERN, distinct_sentences, no_concern_with
from assistant.errors import AssistantError
from assistant.nlp.models import concern_words
from assistant.tui.widgets.panels import coach_feedback
from assistant.tui.widgets.text_box import TextBox, WrappedTextBox


def cut_at_word(text: str, limit: int) -> str:
    """Words quoted in the alert, shortened at a word with "…" ("don't bother gett" read as if said)."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(" ,;:") + " …"


class AlertScreen(ModalScreen[str]):
    """A safeguarding disclosure, for the practitioner: it stays until what was done is recorded.

    Nothing is focused when it opens: keys typed for the next answer (before anyone has read the
    alert) go nowhere, so an answer can never become the record of what was done. The practitioner
    moves to the box on purpose (Tab, or a click)."""

    BINDINGS = [Binding("escape", "nothing", show=False)]
    AUTO_FOCUS = ""

    NO_CONCERN = NO_CONCERN

    def __init__(self, answer: str, sentences: tuple[str, ...] = (), certain: bool = True,
                 concern: tuple[str, ...] = (), follows: str | None = None, reply: str = "", told_more: bool = False,
                 earlier: str = "") -> None:
        super().__init__()
        self.answer = answer
        self.reply = reply  # the person's answer to the safety question, when they gave it before this was seen
        self.sentences = distinct_sentences(sentences)  # each once, none inside another
        self.certain = certain
        self.concern = concern
        # What was recorded for the alert this answer replied to (the safety question), if it did.
        self.follows = follows
        self.told_more = told_more  # the flow read something new in that reply and asked about safety again
        self.earlier = earlier  # concerns recorded for this person before (in a review), dated, with what was done

    @staticmethod
    def same_concern(earlier_action: str) -> str:
        """What is recorded when a reply to the safety question is part of the concern just recorded."""
        return f"Reply to the safety question; part of the concern recorded just before (what was done: {earlier_action})"

    def compose(self) -> ComposeResult:
        with Vertical(id="alert-box"):
            if self.certain:
                yield Static("⚠  SAFEGUARDING: PLEASE STOP AND READ", id="alert-title")
                yield Static("This answer may disclose a risk of harm. Follow your organisation's safeguarding "
                             "procedure before going on. The alert is recorded with this conversation.")
            else:
                yield Static("⚠  POSSIBLE SAFEGUARDING CONCERN: PLEASE CHECK", id="alert-title")
                yield Static("Something in this answer may point to a risk of harm. Check with the person before going on; "
                             "record what you found. The alert is recorded with this conversation.")
            if self.sentences:
                yield Static(Text("Raised by: " + " … ".join(f"\u201c{cut_at_word(s, 300)}\u201d" for s in self.sentences), style="bold"),
                             id="alert-sentences")
            shown = cut_at_word(self.answer, 600)
            label = "The whole answer: " if shown == " ".join(self.answer.split()) else "The answer, shortened here: "
            yield Static(Text.assemble((label, "bold"), (f"\u201c{shown}\u201d", "italic")),
                         id="alert-answer")
            if self.reply:
                yield Static(Text.assemble(("Their reply to the safety question: ", "bold"), (f"\u201c{cut_at_word(self.reply, 600)}\u201d", "italic")),
                             id="alert-reply")
            if self.earlier:
                yield Static(Text.assemble(("Concerns recorded before for this person: ", "bold"), self.earlier),
                             id="alert-earlier")
            if self.concern:
                yield Static(Text(f"It may be about {concern_words(self.concern)}: a guess from the words, "
                                  "not a finding. What the person tells you is what counts."), id="alert-concern")
            yield Static("Press Tab (or click the box) to write what has been or will be done.", id="alert-how")
            yield TextBox(placeholder="What has been or will be done (required, recorded with the alert)", id="alert-action",
                          select_on_focus=False)
            yield Static("", id="alert-problem", classes="emphasis")
            yield Button("Record what was done and go on", variant="error", id="alert-ack")
            if self.follows is not None:
                yield Static("This answered the safety question asked about the alert just recorded. If it adds "
                             "nothing new, record it as part of that concern; if it does, write what will be done."
                             + (" The assistant read something new in it: write a line about it before choosing."
                                if self.told_more else ""),
                             id="alert-follows")
                yield Button("Part of the concern just recorded", id="alert-same")
            if not self.certain:
                yield Button(self.NO_CONCERN, id="alert-no-concern")

    def on_mount(self) -> None:
        self.set_focus(None)

    _typing = False  # a word typed on a button is on its way to the box: a space after it is part of it

    def on_key(self, event) -> None:
        """Words typed while a button has the focus go into the box (Bernadette's went nowhere). Only once
        someone has moved into the dialog: before that, keys go nowhere (see above). A space on a button
        presses it, unless it comes in the middle of words typed there."""
        if (isinstance(self.focused, Button) and event.character and event.character.isprintable()
                and (event.key != "space" or self._typing)):
            self._typing = True
            self._into_box(event.character)
            event.stop()
            event.prevent_default()

    def on_paste(self, event) -> None:
        if isinstance(self.focused, Button) and event.text:
            self._into_box(" ".join(event.text.split()))
            event.stop()

    def on_descendant_focus(self, event) -> None:
        if isinstance(event.widget, Button):
            self._typing = False  # moved to a button on purpose: Space presses it again

    def _into_box(self, text: str) -> None:
        box = self.query_one("#alert-action", Input)
        box.value += text
        box.cursor_position = len(box.value)
        box.focus()

    def action_nothing(self) -> None:
        self.notify("Please record what was done first.", severity="warning")

    def _finish(self) -> None:
        action = " ".join(self.query_one("#alert-action", Input).value.split())
        if not action:
            # Said in the dialog itself: a notice could sit behind it.
            self.query_one("#alert-problem", Static).update("Write what has been or will be done before going on.")
            self.query_one("#alert-action", Input).focus()
            return
        self.dismiss(action)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._finish()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "alert-no-concern":
            # A note typed in the box first ("she burnt the pasta, nothing more") is kept with it.
            self.dismiss(no_concern_with(self.query_one("#alert-action", Input).value))
            return
        if event.button.id == "alert-same" and self.follows is not None:
            note = " ".join(self.query_one("#alert-action", Input).value.split())
            if self.told_more and not note:
                # Something new may have been said ("he's outside with a knife"): never folded in without a word.
                self.query_one("#alert-problem", Static).update(
                    "This reply may tell of something new: write a line about it first, then choose this again.")
                self.query_one("#alert-action", Input).focus()
                return
            self.dismiss(self.same_concern(self.follows) + (f"; {note}" if note else ""))
            return
        self._finish()


# Guesses where a person writing alone should see the support lines at once, however unsure the model is.
SIGNPOST_ALWAYS = frozenset({"suicidal", "self_harm"})


def person_sees_alert(alert) -> bool:
    """Whether a person co-writing is shown the calm alert words. A concern the rules saw or the model is
    sure of: always. A weaker one ("possible concern") waits for the worker unseen, so that ordinary
    worries are not met again and again with the same box (which then means nothing when it matters),
    unless the guess is thoughts of suicide or self-harm, or there is no guess at all."""
    if alert.certain or not alert.concern:
        return True
    return bool(set(alert.concern) & SIGNPOST_ALWAYS)


class CowriteAlertScreen(ModalScreen[None]):
    """What the person sees when their own words raise a concern: calm words written for them.

    No form: the alert waits for the practitioner, who records what was done. The Samaritans line
    is shown for every alert: trigger words miss too much (self-harm said in everyday words) to decide who needs it."""

    BINDINGS = [Binding("escape", "close", "Close")]

    def __init__(self, sentences: tuple[str, ...] = (), answer: str = "") -> None:
        super().__init__()
        self.sentences = sentences
        self.answer = answer

    def compose(self) -> ComposeResult:
        with Vertical(id="alert-box", classes="calm"):
            yield Static("What I wrote matters", id="alert-title")
            # Short sentences in easy words: people with learning disabilities read this on their own.
            yield Static("It may mean I am not safe, or someone else is not safe. I am not in trouble.")
            # Not "my worker": in supported living the worker nearby may be the one the person is afraid of.
            yield Static("The person who started this plan with me will talk with me about it. To keep people safe, "
                         "they may need to share it with others.")
            yield Static("To talk to someone now: Samaritans, 116 123. It is free, day or night. "
                         "Or text SHOUT to 85258. Or call NHS 111.", id="alert-samaritans")
            yield Static("In danger right now? Call 999.", classes="emphasis")
            yield Button("I've read this", id="alert-close", variant="primary")

    def on_mount(self) -> None:
        self.query_one(Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)


def sets_handover(conversation) -> Callable[[str], str | None]:
    """A PassphraseScreen check that sets the co-writing passphrase, or says in the dialog why it cannot."""
    def accept(passphrase: str) -> str | None:
        try:
            conversation.set_handover(passphrase)
        except AssistantError as error:
            return f"{error.message} {error.hint}".strip()
        return None

    return accept


class FirstOfTwoBoxes(Input):
    """A box whose Enter moves on to a second box, with no keys lost on the way.

    A key reaches the box that had the focus when it was pressed; the move to the second box
    happens only once Enter has been dealt with. A fast typist (or a busy machine) gets the next
    keys in before then, and they used to land in this box ("kettlekettle"). Here Enter moves
    the focus at once, and keys already on their way are passed on to the second box in order."""

    def __init__(self, *args, then: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.then = then  # the id of the box Enter moves on to
        self.passing_on = False  # Enter was pressed: keys still arriving here belong to the next box

    async def _on_key(self, event: events.Key) -> None:
        if self.passing_on:
            event.stop()
            event.prevent_default()
            self.screen.query_one(f"#{self.then}", Input).post_message(events.Key(event.key, event.character))
            return
        if event.key == "enter" and self.value.strip():
            event.stop()
            event.prevent_default()
            self.passing_on = True
            self.screen.set_focus(self.screen.query_one(f"#{self.then}", Input))
            return
        await super()._on_key(event)

    def on_focus(self) -> None:
        self.passing_on = False  # back in this box on purpose (Tab, Shift+Tab, a click, an error)


class PassphraseScreen(ModalScreen[str | None]):
    """The practitioner's passphrase: set when co-writing starts, asked for when leaving it.

    `accept` checks what was typed (through the session) and returns what is wrong, or None:
    the dialog stays open, saying so, until it is right or cancelled (Esc or the button)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, setting: bool, accept: Callable[[str], str | None] | None = None, purpose: str = "leave co-writing") -> None:
        super().__init__(classes="modal")
        self.setting = setting
        self.accept = accept
        self.purpose = purpose  # what the passphrase is for: "leave co-writing", "close the app"

    def compose(self) -> ComposeResult:
        with Vertical(classes="modal-box"):
            if self.setting:
                yield Label("Practitioner: set a passphrase before handing over", classes="title")
                yield Static("The person can then write on their own. Leaving co-writing (to see other people's records, "
                             "or to deal with a safeguarding alert) and closing the app will need this passphrase; if the app "
                             "stops, it opens the person's writing again. Esc goes back without handing over.",
                             classes="muted")
            else:
                yield Label(f"For the worker: type the passphrase to {self.purpose}", classes="title")
                yield Static("If you are the person writing your plan, press Esc to carry on.", classes="muted")
            if self.setting:
                yield FirstOfTwoBoxes(password=True, id="passphrase", placeholder="passphrase", then="again")
            else:
                yield Input(password=True, id="passphrase", placeholder="passphrase")
            if self.setting:
                yield Input(password=True, id="again", placeholder="the same again")
            yield Static("", id="passphrase-problem")
            with Horizontal(classes="modal-actions"):  # side by side: at 80x24 the second was cut off below
                yield Button("Set it and hand over" if self.setting else "Confirm", id="passphrase-ok", variant="primary")
                yield Button("Cancel: go back" if self.setting else "Carry on writing", id="passphrase-cancel")

    def on_mount(self) -> None:
        self.query_one("#passphrase", Input).focus()

    def _problem(self, words: str, clear: bool = False) -> None:
        """Say what is wrong in the dialog itself, and put the focus back in the passphrase box."""
        self.query_one("#passphrase-problem", Static).update(Text(words))
        first = self.query_one("#passphrase", Input)
        if clear:
            first.value = ""
            for again in self.query("#again").results(Input):
                again.value = ""
        first.focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._submit()  # Enter in the first of two boxes moves on to the second instead (FirstOfTwoBoxes)

    def _submit(self) -> None:
        """Check what was typed (Enter in the last box, or the confirm button)."""
        first = self.query_one("#passphrase", Input).value
        if not first.strip():
            self._problem("Type the passphrase first.")
            return
        if self.setting:
            if first != self.query_one("#again", Input).value:
                self._problem("The two passphrases are not the same. Type it twice again.", clear=True)
                return
        problem = self.accept(first) if self.accept else None
        if problem:
            self._problem(problem, clear=True)
            return
        self.dismiss(first)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "passphrase-ok":
            self._submit()
        else:
            self.action_cancel()

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmScreen(ModalScreen[bool]):
    """A yes/no question, with the safe choice first and focused, so a quick Enter presses it. That is "no"
    unless `safe_yes`: with the keyboard back from co-writing, the safe choice is to look over what the
    person wrote (a quick Enter used to go home and skip it). Esc is always "no"."""

    # ↑ ↓ move between the two answers, as in every list (Jordan pressed Down and nothing moved).
    BINDINGS = [Binding("escape", "no", "No"), Binding("down", "app.focus_next", show=False),
                Binding("up", "app.focus_previous", show=False)]

    def __init__(self, question: str, yes: str = "Yes", no: str = "No", *, safe_yes: bool = False) -> None:
        super().__init__(classes="modal")
        self.question = question
        self.yes, self.no = yes, no
        self.safe_yes = safe_yes

    def compose(self) -> ComposeResult:
        with Vertical(classes="modal-box"):
            yield Static(Text(self.question))
            no = Button(self.no, id="confirm-no", variant="default" if self.safe_yes else "primary")
            yes = Button(self.yes, id="confirm-yes", variant="primary" if self.safe_yes else "default")
            yield from (yes, no) if self.safe_yes else (no, yes)

    def on_mount(self) -> None:
        self.query_one("#confirm-yes" if self.safe_yes else "#confirm-no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "confirm-yes")

    def action_no(self) -> None:
        self.dismiss(False)


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


class HeardScreen(ModalScreen[None]):
    """What the side panel shows (what was heard in the last answer, and what has been collected), in full
    and whole screen: under 120 columns the panel is compact, under the answer box, or (at 80x24) gives
    way to it altogether, and a trainer projecting still wants all of it."""

    BINDINGS = [Binding("escape,f9,enter", "close", "Close")]

    def __init__(self, heard, collected) -> None:
        super().__init__()
        self.heard = heard
        self.collected = collected

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="heard-box"):
            yield Static(self.heard)
            yield Static(self.collected)
            yield Static("Esc, Enter or F9 closes this.", classes="muted")

    def action_close(self) -> None:
        self.dismiss(None)


class PickQuestionScreen(ModalScreen[object]):
    """Choose another suggested question."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, questions, notes: list[str], plain: bool = False) -> None:
        super().__init__(classes="modal")
        self.questions = questions
        self.notes = notes
        self.plain = plain

    def compose(self) -> ComposeResult:
        with Vertical(classes="modal-box"):
            title = ("Choose a different question (Enter to choose, Esc to go back)" if self.plain
                     else "Ask another question instead (Enter to choose, Esc to cancel)")
            yield Label(title, classes="title")
            options = [Option(Text.assemble((q.text, "bold"), "\n",
                                            (note if self.plain else f"{q.technique.replace('_', ' ')}: {note}", "dim")), id=str(i))
                       for i, (q, note) in enumerate(zip(self.questions, self.notes))]
            yield OptionList(*options, id="pick")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.questions[int(event.option.id)])

    def action_cancel(self) -> None:
        self.dismiss(None)


class TextPromptScreen(ModalScreen[str | None]):
    """Ask for one line of text; optionally coach it live (for a practitioner's own question). With `wrap`,
    the box grows onto more lines rather than scrolling the start of a long sentence out of sight."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, value: str = "", placeholder: str = "", coach=None, wrap: bool = False) -> None:
        super().__init__(classes="modal")
        self.title_text = title
        self.value = value
        self.placeholder = placeholder
        self.coach = coach
        self.wrap = wrap

    def compose(self) -> ComposeResult:
        with Vertical(classes="modal-box"):
            yield Label(self.title_text, classes="title")
            # Opened to change the words, not to replace them: the cursor waits at the end, nothing selected.
            if self.wrap:
                yield WrappedTextBox(self.value, placeholder=self.placeholder, id="prompt")
            else:
                yield TextBox(value=self.value, placeholder=self.placeholder, id="prompt", select_on_focus=False)
            if self.coach:
                yield Static("", id="coach-feedback")
            yield Label("Enter to save, Esc to cancel" + ("; Ctrl+U clears the words to type afresh" if self.value else ""),
                        classes="muted")

    def on_mount(self) -> None:
        box = self.query_one("#prompt")
        box.focus()
        if isinstance(box, WrappedTextBox):
            box.move_cursor(box.document.end)
        else:
            box.cursor_position = len(box.value)

    def on_input_changed(self, event: Input.Changed) -> None:
        self._coach(event.value)

    def on_text_area_changed(self, event: WrappedTextBox.Changed) -> None:
        self._coach(event.text_area.text)

    def _coach(self, typed: str) -> None:
        if not self.coach:
            return
        text = typed.strip()
        feedback = self.query_one("#coach-feedback", Static)
        if not text:
            feedback.update("")
            return
        line = coach_feedback(self.coach.check(text))
        feedback.update(line)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._save(event.value)

    def on_wrapped_text_box_submitted(self, event: WrappedTextBox.Submitted) -> None:
        event.stop()
        self._save(event.value)

    def _save(self, typed: str) -> None:
        text = typed.strip()
        if not text:
            self.notify("Nothing typed yet.", severity="warning")
            return
        self.dismiss(text)

    def action_cancel(self) -> None:
        self.dismiss(None)


class PickOneScreen(ModalScreen[str | None]):
    """One choice from a list: Enter chooses (its option id), Esc cancels."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


class PickOutcomeScreen(PickOneScreen):
    """Re-categorise: choose an outcome from the framework."""

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

