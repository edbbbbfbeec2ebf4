"""Co-writing as the person and the practitioner meet it: the passphrase dialog, calm alert words, one voice."""

from textual.widgets import Button, Input

from assistant.storage import Store
from assistant.tui.screens.conversation import ConversationScreen
from assistant.tui.screens.modals import AlertScreen, CowriteAlertScreen, PassphraseScreen

from .conftest import hand_over, home_after_taking_back, settle, wait_for
from .test_trust import new_app, ready, say

SIZE = (120, 40)


def words(screen) -> str:
    return " ".join(str(w.render()) for w in screen.query("Static") if w.display)


async def test_escape_when_setting_the_passphrase_goes_back_without_handing_over(tmp_path, engine):
    app = new_app(tmp_path, engine, mode="cowrite")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, PassphraseScreen))
        assert app.screen.query_one("#passphrase-cancel", Button)
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "HomeScreen")
        assert not app.casebook.store.handover(1)


async def test_the_passphrase_can_be_confirmed_with_a_button_as_well_as_enter(tmp_path, engine):
    app = new_app(tmp_path, engine, mode="cowrite")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, PassphraseScreen))
        dialog = app.screen
        dialog.query_one("#passphrase", Input).value = "kettle"
        await pilot.click("#passphrase-ok")
        await settle(pilot)
        assert app.screen is dialog and "the same" in str(dialog.query_one("#passphrase-problem").render())
        assert dialog.query_one("#passphrase", Input).value == ""  # both boxes emptied, to type again
        dialog.query_one("#passphrase", Input).value = "kettle"
        dialog.query_one("#again", Input).value = "kettle"
        # A button ignores a second press while it still shows the first one.
        await wait_for(pilot, lambda: not dialog.query_one("#passphrase-ok").has_class("-active"))
        await pilot.click("#passphrase-ok")
        await ready(pilot)
        assert app.casebook.store.handover(1)
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, PassphraseScreen))
        app.screen.query_one("#passphrase", Input).value = "kettle"
        await pilot.click("#passphrase-ok")
        await home_after_taking_back(pilot)


async def test_a_passphrase_typed_faster_than_the_screen_keeps_up_goes_in_the_right_boxes(tmp_path, engine):
    # All the keys arrive before the first Enter is dealt with, as on a busy machine or from a fast
    # typist: the second "kettle" used to land in the first box ("kettlekettle").
    from textual import events

    app = new_app(tmp_path, engine, mode="cowrite")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, PassphraseScreen))
        dialog = app.screen
        await wait_for(pilot, lambda: app.focused is dialog.query_one("#passphrase", Input))
        for key in [*"kettle", "enter", *"kettle", "enter"]:
            app.post_message(events.Key(key, None if key == "enter" else key))
        await wait_for(pilot, lambda: not isinstance(app.screen, PassphraseScreen))
        assert app.casebook.store.handover(1)
        await ready(pilot)
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, PassphraseScreen))
        app.screen.query_one("#passphrase", Input).value = "kettle"
        await pilot.click("#passphrase-ok")
        await home_after_taking_back(pilot)


async def test_a_too_short_passphrase_is_explained_in_the_dialog(tmp_path, engine):
    app = new_app(tmp_path, engine, mode="cowrite")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, PassphraseScreen))
        dialog = app.screen
        await pilot.press("a", "b", "enter", "a", "b", "enter")
        await settle(pilot)
        assert app.screen is dialog
        assert "at least 4 characters" in str(dialog.query_one("#passphrase-problem").render())
        assert app.focused is dialog.query_one("#passphrase", Input)
        await hand_over(pilot, "kettle")
        await ready(pilot)
        assert app.casebook.store.handover(1)


async def test_a_wrong_passphrase_keeps_the_dialog_open_and_nothing_leaks_into_the_answer(tmp_path, engine):
    app = new_app(tmp_path, engine, mode="cowrite")
    async with app.run_test(size=SIZE) as pilot:
        await hand_over(pilot, "kettle")
        await ready(pilot)
        conversation = app.screen
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, PassphraseScreen))
        dialog = app.screen
        await pilot.press(*"wrong", "enter")
        await settle(pilot)
        assert app.screen is dialog
        assert "did not match" in str(dialog.query_one("#passphrase-problem").render())
        assert app.focused is dialog.query_one("#passphrase", Input)
        await pilot.press(*"more typing")
        assert conversation.query_one("#answer", Input).value == ""
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is conversation)
        assert app.focused is conversation.query_one("#answer", Input)


async def test_every_cowriting_alert_shows_samaritans_and_makes_no_promise(tmp_path, engine):
    app = new_app(tmp_path, engine, mode="cowrite")
    async with app.run_test(size=SIZE) as pilot:
        await hand_over(pilot)
        await say(pilot, "some nights I still cut to get through it")
        await wait_for(pilot, lambda: isinstance(app.screen, CowriteAlertScreen))
        text = words(app.screen)
        assert "116 123" in text and "999" in text
        assert "Nothing is decided" not in text
        assert "may need to share it" in text and "I am not in trouble" in text


async def test_cowriting_speaks_in_the_persons_own_voice(tmp_path, engine):
    app = new_app(tmp_path, engine, mode="cowrite")
    async with app.run_test(size=SIZE) as pilot:
        await hand_over(pilot)
        await say(pilot, "I'd love to get back to my painting, it's been years")
        screen = app.screen
        heard = str(screen.query_one("#heard").render())
        assert "because I said" in heard and "you said" not in heard
        why = str(screen.query_one("#why").render())
        assert why.startswith("Why this question:")
        assert " you" not in why.lower() and "your" not in why.lower()


def test_the_plan_hints_are_first_person_when_the_person_writes():
    from assistant.plan.smart import check_outcome, check_plan

    bare = {"words": "get back to painting every week", "milestones": [], "who_helps": {}}
    hints = " ".join(check_outcome(bare, first_person=True))
    assert "Who will help me: me, my family" in hints and "the person" not in hints
    assert "the person, family" in " ".join(check_outcome(bare))
    assert "Who will help me" in " ".join(check_plan({"mode": "cowrite", "outcomes": [bare]})["outcomes"][0])


async def _cowriting_buttons_are_whole(pilot) -> None:
    screen = pilot.app.screen
    controls = screen.query_one("#controls")
    for button in controls.query(Button):
        label = str(button.label)
        assert button.content_region.width >= len(label), label
        assert controls.region.contains_region(button.region), label
        assert screen.region.contains_region(button.region), label


async def test_a_resumed_cowriting_conversation_keeps_the_persons_buttons_whole_at_80_and_140(tmp_path, engine):
    from assistant.tui.app import OutcomesApp
    from assistant.tui.screens.conversation import COWRITE_BUTTONS

    app = new_app(tmp_path, engine, mode="cowrite")
    async with app.run_test(size=SIZE) as pilot:
        await hand_over(pilot)
        await say(pilot, "I'd love to get back to my painting, it's been years")
    for size in ((140, 40), (80, 24)):
        app = OutcomesApp(db_path=tmp_path / "o.db", start="resume", engine=engine)
        async with app.run_test(size=size) as pilot:
            await ready(pilot)
            labels = [str(b.label) for b in app.screen.query_one("#controls").query(Button)]
            assert labels == [label for _, label in COWRITE_BUTTONS]
            await _cowriting_buttons_are_whole(pilot)


async def test_the_buttons_follow_the_conversations_mode_even_when_the_screen_was_not_told(tmp_path, engine):
    from assistant.tui.app import OutcomesApp
    from assistant.tui.screens.conversation import COWRITE_BUTTONS

    app = new_app(tmp_path, engine, mode="cowrite")
    async with app.run_test(size=SIZE) as pilot:
        await hand_over(pilot)
        await ready(pilot)
    with Store(tmp_path / "o.db") as store:
        store.set_cowriting(1, "")  # the practitioner took back over, and opens it again from home
    app = OutcomesApp(db_path=tmp_path / "o.db", engine=engine)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "HomeScreen")
        app.push_screen(ConversationScreen.resume(1, "personal"))
        await ready(pilot)
        labels = [str(b.label) for b in app.screen.query_one("#controls").query(Button)]
        assert labels == [label for _, label in COWRITE_BUTTONS]


async def test_a_resumed_conversation_shows_its_last_question_and_answer(tmp_path, engine):
    """Killed while an alert was open: on resume the alert comes first, then the transcript ends on the last answer."""
    from textual.containers import VerticalScroll

    from assistant.tui.app import OutcomesApp
    from .test_trust import DISCLOSURE

    app = new_app(tmp_path, engine)
    async with app.run_test(size=(80, 24)) as pilot:
        for answer in ("I'd love to get back to my painting, it's been years",
                       "Seeing my grandchildren on a Sunday, that's what keeps me going",
                       "I want to be able to get to the shops on my own again",
                       DISCLOSURE):
            await say(pilot, answer)
        await wait_for(pilot, lambda: isinstance(app.screen, AlertScreen))
    for start in ("resume", "home"):
        app = OutcomesApp(db_path=tmp_path / "o.db", start=start, engine=engine)
        async with app.run_test(size=(80, 24)) as pilot:
            if start == "home":
                await wait_for(pilot, lambda: app.screen.__class__.__name__ == "HomeScreen")
                await pilot.press("r")
            await wait_for(pilot, lambda: isinstance(app.screen, AlertScreen))
            await pilot.pause()
            conversation = app.screen_stack[-2]
            transcript = conversation.query_one("#transcript", VerticalScroll)
            assert transcript.max_scroll_y > 0
            assert transcript.scroll_y == transcript.max_scroll_y
            assert "bank card" in str(transcript.children[-2].render()) + str(transcript.children[-3].render())


async def test_the_status_line_says_nothing_once_suggestions_are_ready_and_notices_never_pile_up(tmp_path, engine):
    from assistant.tui.app import MODEL_WORDS, OutcomesApp

    assert not any("Mapping" in words for words in MODEL_WORDS.values())
    app = OutcomesApp(db_path=tmp_path / "o.db", engine=engine)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "HomeScreen")
        assert not app.screen.query_one("#model-status").visible or not app.screen.query_one("#model-status").display \
            or app.screen.query_one("#model-status").region.height == 0
        await pilot.press("n")
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "SetupScreen")
        app.screen.query_one("#start", Button).press()
        await wait_for(pilot, lambda: any("name or pseudonym" in str(t.render()) for t in app.screen.query("Toast")))
        for number in range(5):
            app.notify(f"notice {number}")
        await settle(pilot)
        await pilot.pause()
        assert len(app.screen.query("Toast")) <= 2
        app.screen.query_one("#name", Input).value = "Ann"
        app.screen.query_one("#start", Button).press()
        await ready(pilot)
        await pilot.pause()
        assert not any("name or pseudonym" in str(t.render()) for t in app.screen.query("Toast"))
        assert app.screen.query_one("#model-status").region.height == 0


async def test_a_restart_while_the_person_cowrites_opens_their_writing_and_the_alert_waits_for_the_practitioner(tmp_path, engine):
    """The app was closed while the person's calm alert was open: a restart opens the person's writing
    again (not everyone's records, not the practitioner's alert box); the practitioner's passphrase
    leads to the waiting alert, then home."""
    from textual.widgets import DataTable

    from assistant.tui.app import OutcomesApp

    app = new_app(tmp_path, engine, mode="cowrite", name="Dee")
    async with app.run_test(size=SIZE) as pilot:
        await hand_over(pilot)
        await say(pilot, "some nights I still cut to get through it")
        await wait_for(pilot, lambda: isinstance(app.screen, CowriteAlertScreen))
    app = OutcomesApp(db_path=tmp_path / "o.db", engine=engine)
    async with app.run_test(size=SIZE) as pilot:
        # The person sees the calm words again (the app stopped with them open), never the practitioner's box.
        await wait_for(pilot, lambda: isinstance(app.screen, CowriteAlertScreen))
        assert not any(isinstance(s, AlertScreen) for s in app.screen_stack)
        await pilot.press("enter")
        await ready(pilot)
        assert app.screen.cowrite
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, PassphraseScreen))
        await pilot.press(*"kettle", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, AlertScreen))
        assert "cut" in str(app.screen.query_one("#alert-answer").render())
        await pilot.press("tab")  # the alert opens with nothing focused
        app.screen.query_one("#alert-action", Input).value = "Talked with Dee; GP and safety plan today"
        await pilot.press("enter")
        await home_after_taking_back(pilot)
        assert app.casebook.store.alerts(1)[0]["action"].startswith("Talked with Dee")
        await wait_for(pilot, lambda: "ALERT WAITING" not in " ".join(
            str(cell) for cell in app.screen.query_one("#conversations", DataTable).get_row_at(0)))
        row = " ".join(str(cell) for cell in app.screen.query_one("#conversations", DataTable).get_row_at(0))
        assert "1 raised, all recorded" in row  # dealt with, but never a blank
    app = OutcomesApp(db_path=tmp_path / "o.db", engine=engine)
    async with app.run_test(size=SIZE) as pilot:  # the practitioner took back over: home as usual
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "HomeScreen")


async def test_an_alert_left_waiting_is_marked_at_home_and_shown_first_on_opening(tmp_path, engine):
    """A co-written conversation the practitioner left with an alert still waiting: marked at home, shown first."""
    from textual.widgets import DataTable

    from assistant.tui.app import OutcomesApp

    app = new_app(tmp_path, engine, mode="cowrite", name="Dee")
    async with app.run_test(size=SIZE) as pilot:
        await hand_over(pilot)
        await say(pilot, "some nights I still cut to get through it")
        await wait_for(pilot, lambda: isinstance(app.screen, CowriteAlertScreen))
        assert app.screen.query_one("#alert-close")
    with Store(tmp_path / "o.db") as store:
        store.set_cowriting(1, "")  # as if the practitioner had taken back over without recording the alert
    app = OutcomesApp(db_path=tmp_path / "o.db", engine=engine)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "HomeScreen")
        row = " ".join(str(cell) for cell in app.screen.query_one("#conversations", DataTable).get_row_at(0))
        assert "Dee" in row and "ALERT WAITING" in row
        app.screen.query_one("#conversations", DataTable).focus()
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, AlertScreen))
        assert "cut" in str(app.screen.query_one("#alert-answer").render())
        await pilot.press("tab")
        app.screen.query_one("#alert-action", Input).value = "Talked with Dee; GP and safety plan today"
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ConversationScreen))
        assert app.casebook.store.alerts(1)[0]["action"].startswith("Talked with Dee")
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, PassphraseScreen))  # still co-writing: leaving needs the passphrase


async def test_the_plans_tick_boxes_look_different_ticked_and_unticked(tmp_path, engine):
    from textual.widgets import SelectionList

    from assistant.tui.screens.plan import PlanScreen

    app = new_app(tmp_path, engine)
    async with app.run_test(size=SIZE) as pilot:
        await say(pilot, "I'd love to get back to the bowling club on a Saturday")
        store = app.casebook.store
        store.update_outcome(store.outcomes(1)[0]["id"], status="accepted")
        await pilot.press("f8")
        await wait_for(pilot, lambda: isinstance(app.screen, PlanScreen))
        ticks = app.screen.query_one("#o0-verification", SelectionList)
        await pilot.pause()
        rows = [ticks.render_line(y).text for y in range(ticks.option_count)]
        assert all("X" not in row[:3] and "✓" not in row for row in rows)
        ticks.select(ticks.get_option_at_index(1).value)
        await pilot.pause()
        rows = [ticks.render_line(y).text for y in range(ticks.option_count)]
        assert "✓" in rows[1][:3] and "✓" not in rows[0] and "✓" not in rows[2]


async def test_the_chosen_way_of_working_is_marked_by_more_than_colour(tmp_path, engine):
    from textual.widgets import RadioButton, RadioSet

    from assistant.tui.app import OutcomesApp

    app = OutcomesApp(db_path=tmp_path / "o.db", engine=engine)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "HomeScreen")
        await pilot.press("n")
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "SetupScreen")
        modes = list(app.screen.query_one("#mode", RadioSet).query(RadioButton))
        modes[1].value = True
        await pilot.pause()
        shown = [str(button.render()) for button in modes]
        assert "(●)" not in shown[0] and "( )" in shown[0]
        assert "(●)" in shown[1] and "Co-writing" in shown[1]


async def test_quitting_while_the_person_cowrites_needs_the_passphrase(tmp_path, engine):
    """Ctrl+Q is no way round the handover: quitting and starting again would open everyone's records."""
    app = new_app(tmp_path, engine, mode="cowrite")
    async with app.run_test(size=SIZE) as pilot:
        await hand_over(pilot, "kettle")
        await ready(pilot)
        conversation = app.screen
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: isinstance(app.screen, PassphraseScreen))
        await pilot.press(*"wrong", "enter")
        await settle(pilot)
        assert isinstance(app.screen, PassphraseScreen) and app.is_running
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is conversation)
        assert app.is_running
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: isinstance(app.screen, PassphraseScreen))
        await pilot.press(*"kettle", "enter")
        await _exited(pilot)


async def test_closing_the_app_after_the_passphrase_first_asks_what_was_done_about_a_waiting_alert(tmp_path, engine):
    """Ctrl+Q is no way round an alert either: the practitioner who takes back the keys records it, then the app closes."""
    app = new_app(tmp_path, engine, mode="cowrite", name="Dee")
    async with app.run_test(size=SIZE) as pilot:
        await hand_over(pilot)
        await say(pilot, "some nights I still cut to get through it")
        await wait_for(pilot, lambda: isinstance(app.screen, CowriteAlertScreen))
        await pilot.press("enter")
        await ready(pilot)
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: isinstance(app.screen, PassphraseScreen))
        await pilot.press(*"kettle", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, AlertScreen))
        assert app.is_running and app.return_code is None
        await pilot.press("tab")
        app.screen.query_one("#alert-action", Input).value = "Rang Dee's GP with her"
        await pilot.press("ctrl+q")  # already closing: no second passphrase, no second alert box
        await settle(pilot)
        assert isinstance(app.screen, AlertScreen) and not isinstance(app.screen_stack[-2], (AlertScreen, PassphraseScreen))
        await pilot.press("enter")
        await _exited(pilot)
        assert app.casebook.store.alerts(1)[0]["action"] == "Rang Dee's GP with her"


async def test_the_practitioner_quits_with_one_key_when_nobody_cowrites(tmp_path, engine):
    app = new_app(tmp_path, engine)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("ctrl+q")
        await _exited(pilot)


async def _exited(pilot, timeout: float = 10.0) -> None:
    """Wait until the app has been told to exit (its return code is set then)."""
    waited = 0.0
    while pilot.app.return_code is None and waited < timeout:
        await pilot.pause(0.05)
        waited += 0.05
    assert pilot.app.return_code is not None, "the app did not quit"


async def test_the_passphrase_guards_a_restarted_cowriting_even_before_it_has_opened(tmp_path, engine):
    """While the model still loads after a restart the screen has no session yet: Esc and Ctrl+Q still need the passphrase."""
    from assistant.tui.app import OutcomesApp

    app = new_app(tmp_path, engine, mode="cowrite", name="Dee")
    async with app.run_test(size=SIZE) as pilot:
        await hand_over(pilot)
        await ready(pilot)
    app = OutcomesApp(db_path=tmp_path / "o.db", engine=engine)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        screen = ConversationScreen.resume(1, "personal", "cowrite", restarted=True)  # as it is before it opens
        assert screen.session is None and screen.quit_guard() is not None
        assert screen.quit_guard()("wrong") is not None


async def test_a_restart_after_a_finished_cowritten_review_starts_no_new_review(tmp_path, engine, analysers):
    from tests.review.conftest import JEAN
    from tests.review.helpers import conversation, review

    from assistant.conversation.bank import load_bank
    from assistant.conversation.session import ConversationSession
    from assistant.tui.app import OutcomesApp

    with Store(tmp_path / "o.db") as store:
        cid = conversation(store, analysers["personal"], JEAN, mode="cowrite")
        review(store, cid, ["about a 6 now", "My sister drove me over twice", "4", "Pat comes with me"], day="2026-04-10")
        session = ConversationSession(load_bank(), analysers["personal"].framework, "cowrite", store, cid)
        session.set_handover("kettle")
        session.give_keyboard("review")  # the app stopped on the finished review, the person still at the keyboard
        reviews = len(store.reviews(cid))
    app = OutcomesApp(db_path=tmp_path / "o.db", engine=engine)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert isinstance(app.screen, ConversationScreen) and app.screen.cowrite
    with Store(tmp_path / "o.db") as store:
        assert len(store.reviews(cid)) == reviews


async def test_back_from_my_outcomes_the_keys_go_to_the_answer_box(tmp_path, engine):
    """The button that opened the outcomes keeps no focus: typing after Esc lands in the answer."""
    from assistant.tui.screens.board import OutcomesBoard

    app = new_app(tmp_path, engine, mode="cowrite")
    async with app.run_test(size=SIZE) as pilot:
        await hand_over(pilot)
        await ready(pilot)
        conversation = app.screen
        conversation.query_one("#btn-board", Button).focus()
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, OutcomesBoard))
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is conversation and app.focused is conversation.query_one("#answer", Input))
        await pilot.press(*"my kids")
        assert conversation.query_one("#answer", Input).value == "my kids"


def test_a_weaker_concern_waits_for_the_worker_unseen_unless_it_may_be_about_suicide_or_self_harm():
    """Five boxes in twelve answers for ordinary carer worries made the box mean nothing when it mattered."""
    from assistant.conversation.records import Alert
    from assistant.tui.screens.modals import person_sees_alert

    def alert(certain, concern):
        return Alert(1, 1, "answer", ("answer",), "2026-11-26T10:00", certain=certain, concern=concern)

    assert person_sees_alert(alert(True, ("carer_breaking_point",)))
    assert not person_sees_alert(alert(False, ("carer_breaking_point",)))
    assert not person_sees_alert(alert(False, ("violence", "carer_breaking_point")))
    assert person_sees_alert(alert(False, ("suicidal",)))
    assert person_sees_alert(alert(False, ("exploitation", "self_harm")))
    assert person_sees_alert(alert(False, ()))  # no guess: the calm words, to be safe
