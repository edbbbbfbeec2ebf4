"""The terminal app as a person would use it: alerts acted on, co-writing kept private, nothing lost."""

import threading

from textual.widgets import Button, Input, Static

from assistant.engine_service import EngineService
from assistant.tui.app import OutcomesApp
from assistant.tui.screens.conversation import ConversationScreen
from assistant.tui.screens.modals import AlertScreen, ConfirmScreen, CowriteAlertScreen, PassphraseScreen
from assistant.tui.screens.plan import PlanScreen

from .conftest import hand_over, home_after_taking_back, settle, wait_for

DISCLOSURE = "My nephew takes my bank card and leaves me short every week, I daren't say anything"
SIZE = (120, 40)


def new_app(tmp_path, engine, mode="practitioner", name="Ann"):
    return OutcomesApp(db_path=tmp_path / "o.db", start="new", framework="personal", name=name, mode=mode, engine=engine)


async def ready(pilot):
    app = pilot.app
    await wait_for(pilot, lambda: isinstance(app.screen, ConversationScreen) and app.screen.session is not None)
    await wait_for(pilot, lambda: not app.screen.query_one("#answer", Input).disabled)


async def say(pilot, text):
    await ready(pilot)
    screen = pilot.app.screen
    screen.query_one("#answer", Input).value = text
    await pilot.press("enter")
    await wait_for(pilot, lambda: not screen.busy or pilot.app.screen is not screen)
    await settle(pilot)


async def test_an_alert_stays_until_what_was_done_is_written(tmp_path, engine):
    app = new_app(tmp_path, engine)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await say(pilot, DISCLOSURE)
        await wait_for(pilot, lambda: isinstance(app.screen, AlertScreen))
        assert "bank card" in app.screen.query_one("#alert-sentences").render().plain
        await pilot.press("tab", "tab", "enter")  # Tab to the button and press it with nothing written
        await settle(pilot)
        assert isinstance(app.screen, AlertScreen)
        assert "before going on" in str(app.screen.query_one("#alert-problem").render())  # said in the dialog
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, AlertScreen)
        # Words typed while a button has the focus go into the box (Bernadette's went nowhere).
        app.screen.query_one("#alert-ack", Button).focus()
        await pilot.press(*"Rang")
        await wait_for(pilot, lambda: app.screen.query_one("#alert-action", Input).value.endswith("Rang"))
        app.screen.query_one("#alert-action", Input).value = "Talked it through; adult safeguarding referral today"
        app.screen.query_one("#alert-action", Input).focus()
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ConversationScreen))
        alert = app.casebook.store.alerts(1)[0]
        assert alert["action"] == "Talked it through; adult safeguarding referral today"


async def test_an_answer_about_safety_suggests_no_outcome(tmp_path, engine):
    """A clear disclosure and the reply to the safety question are kept with the alert, never collected:
    the panel says so rather than offering outcomes for the practitioner to decide on."""
    from textual.widgets import Static

    app = new_app(tmp_path, engine)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await say(pilot, DISCLOSURE)
        await wait_for(pilot, lambda: isinstance(app.screen, AlertScreen))
        app.screen.query_one("#alert-action", Input).value = "Talked it through with Ann"
        app.screen.query_one("#alert-action", Input).focus()
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ConversationScreen))
        screen = app.screen
        heard = str(screen.query_one("#heard", Static).render())
        assert "Suggested" not in heard and "No outcome is suggested or collected" in heard
        notes = [str(n.render()) for n in screen.query(".turn-note")]
        assert notes[-1].startswith("about safety")
        assert screen.session.current.is_safety_check
        await say(pilot, "I'd feel safer if my card was kept somewhere only I can get to it")
        heard = str(screen.query_one("#heard", Static).render())
        assert "Suggested" not in heard
        assert not [r for r in screen.session.board() if "card" in r.words]


async def test_a_reply_to_the_safety_question_can_be_recorded_as_part_of_the_same_concern(tmp_path, engine):
    """A reply that repeats the hard words raises its own box (nothing is missed), but the practitioner who
    has just written what will be done need not write it again: one button records it with the first."""
    app = new_app(tmp_path, engine)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await say(pilot, "Some nights I still cut to get through it")
        await wait_for(pilot, lambda: isinstance(app.screen, AlertScreen))
        assert not app.screen.query("#alert-same")  # the first alert has nothing before it
        app.screen.query_one("#alert-action", Input).value = "Agreed a safety plan with Ann; GP today"
        app.screen.query_one("#alert-action", Input).focus()
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ConversationScreen))
        assert app.screen.session.current.is_safety_check
        await say(pilot, "I'm alright, honest. I'm not going to kill myself or anything.")
        await wait_for(pilot, lambda: isinstance(app.screen, AlertScreen))
        app.screen.query_one("#alert-same", Button).press()
        await wait_for(pilot, lambda: isinstance(app.screen, ConversationScreen))
        actions = [a["action"] for a in app.casebook.store.alerts(1)]
        assert len(actions) == 2 and actions[1].startswith("Reply to the safety question")
        assert "Agreed a safety plan with Ann; GP today" in actions[1]


async def test_cowriting_shows_calm_words_and_holds_the_alert_for_the_practitioner(tmp_path, engine):
    app = new_app(tmp_path, engine, mode="cowrite")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await hand_over(pilot, "teapot")
        await say(pilot, "Some days I think everyone would be better off without me")
        await wait_for(pilot, lambda: isinstance(app.screen, CowriteAlertScreen))
        words = " ".join(w.render().plain if hasattr(w.render(), "plain") else str(w.render()) for w in app.screen.query("Static"))
        assert "116 123" in words and "999" in words
        # Kerry-Ann's fear was a night worker: the words never send her to "my worker".
        assert "my worker" not in words.lower() and "started this plan with me" in words
        assert not app.screen.query(Input)  # no practitioner form for the person
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ConversationScreen))
        assert app.casebook.store.alerts(1)[0]["acknowledged_at"] is None
        # Esc does not open everyone's records: it asks for the practitioner's passphrase.
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, PassphraseScreen))
        app.screen.query_one("#passphrase", Input).value = "wrong one"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PassphraseScreen)  # stays open, saying it did not match
        app.screen.query_one("#passphrase", Input).value = "teapot"
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, AlertScreen))
        await pilot.press("tab")
        app.screen.query_one("#alert-action", Input).value = "Safety plan made with her; GP appointment booked"
        await pilot.press("enter")
        await home_after_taking_back(pilot)
        assert app.casebook.store.alerts(1)[0]["action"].startswith("Safety plan")


async def test_with_the_keyboard_back_the_practitioner_looks_over_a_cowritten_plan_in_their_own_view(tmp_path, engine):
    """Kyle's and Tom's workers: reopening a co-written conversation always went back into the person's screens,
    so they never saw what was held back from the person's copy, or why."""
    from assistant.tui.screens.board import OutcomesBoard
    from assistant.tui.screens.modals import ConfirmScreen
    from assistant.tui.screens.plan import PlanScreen

    app = new_app(tmp_path, engine, mode="cowrite")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await hand_over(pilot, "teapot")
        await say(pilot, "I'd love to get back to the bowls club on a Wednesday")
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, PassphraseScreen))
        app.screen.query_one("#passphrase", Input).value = "teapot"
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        app.screen.query_one("#confirm-yes", Button).press()
        await wait_for(pilot, lambda: isinstance(app.screen, OutcomesBoard))
        assert not app.screen.cowrite and "Outcomes board" in str(app.screen.query(Static).first().render())
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, PlanScreen))
        assert not app.screen.cowrite and "Support plan: Ann" in str(app.screen.query_one("#plan-title").render())
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "HomeScreen")


async def test_with_the_keyboard_back_a_quick_enter_looks_over_rather_than_going_home(tmp_path, engine):
    """"Go home" had the focus when the practitioner took the keyboard back: a quick Enter after the
    passphrase skipped the look over the person's outcomes and plan."""
    from assistant.tui.screens.board import OutcomesBoard
    from assistant.tui.screens.modals import ConfirmScreen

    app = new_app(tmp_path, engine, mode="cowrite")
    async with app.run_test(size=(100, 32)) as pilot:
        await hand_over(pilot, "teapot")
        await say(pilot, "I'd love to get back to the bowls club on a Wednesday")
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, PassphraseScreen))
        await pilot.press(*"teapot", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert app.focused.id == "confirm-yes"
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, OutcomesBoard))
        assert not app.screen.cowrite


async def test_cowriting_hides_the_practitioners_words_and_keys(tmp_path, engine):
    app = new_app(tmp_path, engine, mode="cowrite")
    async with app.run_test(size=SIZE) as pilot:
        await hand_over(pilot)
        await say(pilot, "I'd love to get back to my painting, it's been years")
        screen = app.screen
        assert not screen.query_one("Footer").display
        assert not screen.query_one("#model-status").display
        text = " ".join(str(w.render()) for w in screen.query("Static") if w.display)
        for practitioner_word in ("so what", "Mapping ready", "qol.", "check understanding", "Kind:"):
            assert practitioner_word not in text


async def test_the_typed_answer_is_saved_before_the_engine_reads_it(tmp_path, pipeline, models):
    gate = threading.Event()
    engine = EngineService(pipeline, models)
    real = engine.analyser

    class Slow:
        def __init__(self, inner):
            self.inner = inner

        def analyse(self, text):
            gate.wait(30)
            return self.inner.analyse(text)

    engine.analyser = lambda framework: Slow(real(framework))
    app = new_app(tmp_path, engine)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        app.screen.query_one("#answer", Input).value = "I'd like to get to the shops on my own"
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen.busy)
        row = app.casebook.store.turns(1)[0]
        assert row["answer"] == "I'd like to get to the shops on my own" and row["analysis"] is None
        gate.set()
        await wait_for(pilot, lambda: not app.screen.busy)
        assert app.casebook.store.turns(1)[0]["analysis"] is not None


async def test_leaving_the_plan_with_unsaved_edits_asks_first(tmp_path, engine):
    app = new_app(tmp_path, engine)
    async with app.run_test(size=SIZE) as pilot:
        await say(pilot, "I'd love to get back to the bowling club on a Saturday")
        store = app.casebook.store
        store.update_outcome(store.outcomes(1)[0]["id"], status="accepted")
        await pilot.press("f8")
        await wait_for(pilot, lambda: isinstance(app.screen, PlanScreen))
        words = app.screen.query_one("#o0-words", Input)
        assert not words.select_on_focus  # tabbing in does not select the words for overwriting
        words.value = "playing bowls every Saturday"
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("enter")  # the safe choice (stay) has the focus
        await wait_for(pilot, lambda: isinstance(app.screen, PlanScreen))
        assert app.screen.query_one("#o0-words", Input).value == "playing bowls every Saturday"
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ConversationScreen))


async def test_names_that_look_like_markup_are_shown_as_typed(tmp_path, engine):
    for name in ("Sam [/]", "Smith [nee Jones]", "[@click=app.quit]", "[bold]Jo"):
        app = OutcomesApp(db_path=tmp_path / f"{len(name)}.db", start="new", framework="personal", name=name, engine=engine)
        async with app.run_test(size=SIZE) as pilot:
            await say(pilot, "I'd love to get back to the bowling club")
            assert app.screen.sub_title.startswith(name)
            store = app.casebook.store
            store.update_outcome(store.outcomes(1)[0]["id"], status="accepted")
            await pilot.press("f8")
            await wait_for(pilot, lambda: isinstance(app.screen, PlanScreen))
            title = app.screen.query_one("#plan-title").render()
            assert name in title.plain
            assert app.is_running


async def test_every_key_is_reachable_at_80_by_24(tmp_path, engine):
    app = new_app(tmp_path, engine)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        screen = app.screen
        width, height = 80, 24
        for button in screen.query(Button):
            region = button.region
            assert region.width > 0 and region.right <= width and region.bottom <= height, button.id
        footer = screen.query_one("Footer")
        assert footer.region.bottom <= height and footer.region.height >= 1


async def test_a_note_written_before_closing_as_no_concern_is_kept():
    """Jo typed what Kerry-Ann had said, then pressed "no safeguarding concern": the note was thrown away."""
    from textual.app import App

    from assistant.conversation.records import NO_CONCERN, closed_as_no_concern

    recorded = []

    class One(App):
        def on_mount(self):
            self.push_screen(AlertScreen("i cooked 3 times. 1 time i burnt it", certain=False), recorded.append)

    app = One()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, AlertScreen))
        app.screen.query_one("#alert-action", Input).value = "  She burnt the pasta;   nothing more.  "
        app.screen.query_one("#alert-no-concern", Button).press()
        await wait_for(pilot, lambda: recorded)
    assert recorded == [f"{NO_CONCERN} She burnt the pasta; nothing more."]
    assert closed_as_no_concern({"action": recorded[0]}) and closed_as_no_concern({"action": NO_CONCERN})
    assert not closed_as_no_concern({"action": "Talked it through: no safeguarding concern."})


async def test_the_alert_box_shows_the_reply_to_the_safety_question():
    from textual.app import App

    class One(App):
        def on_mount(self):
            self.push_screen(AlertScreen("one of the night staff shouts at me", reply="yes in the day. no one nos"))

    app = One()
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, AlertScreen))
        shown = app.screen.query_one("#alert-reply", Static).render().plain
        assert "safety question" in shown and "no one nos" in shown


async def test_a_reply_that_may_tell_of_something_new_is_never_folded_in_without_a_word():
    """A code review: "im safe here but he's outside with a knife" could be recorded as part of the concern before
    with one click. Now a line must be written first, and it is kept with the record."""
    from textual.app import App

    class One(App):
        result = None

        def on_mount(self):
            self.push_screen(AlertScreen("im safe here but he's outside the hostel and he's got a knife", follows="Referral made",
                                         told_more=True), lambda r: setattr(self, "result", r))

    app = One()
    async with app.run_test(size=(100, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, AlertScreen))
        app.screen.query_one("#alert-same", Button).press()
        await wait_for(pilot, lambda: "something new" in str(app.screen.query_one("#alert-problem").render()))
        assert isinstance(app.screen, AlertScreen) and app.result is None
        app.screen.query_one("#alert-action", Input).value = "Police called; he is outside now"
        app.screen.query_one("#alert-same", Button).press()
        await wait_for(pilot, lambda: app.result is not None)
        assert "Referral made" in app.result and app.result.endswith("; Police called; he is outside now")


async def test_the_closing_words_have_no_why_this_question(tmp_path, engine):
    """Kerry-Ann saw "Why this question:" under "That's everything for now. Thank you."."""
    from assistant.conversation.flow import PlannedQuestion

    app = new_app(tmp_path, engine, mode="practitioner")
    async with app.run_test(size=SIZE) as pilot:
        await say(pilot, "I want to get back to the allotment")
        screen = app.screen
        screen.session.ask_instead(PlannedQuestion("close.anything_else.1", "Is there anything else you'd like to add?", "closing", "closing"))
        screen._show_question()
        assert "Why this question" in str(screen.query_one("#why", Static).render())
        await say(pilot, "nah that's it")
        await wait_for(pilot, lambda: screen.session.current.id == "close.done.1")
        assert str(screen.query_one("#why", Static).render()).strip() == ""


def test_a_long_answer_in_the_alert_is_cut_at_a_word():
    from assistant.tui.screens.modals import cut_at_word

    said = "The landlord came round again and said there might be problems, and honestly I don't bother getting up"
    assert cut_at_word(said, 60) == "The landlord came round again and said there might be …"
    assert cut_at_word("short and whole", 60) == "short and whole"
