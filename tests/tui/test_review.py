"""The review screen, the journey view and reviews due on the home screen, driven with the Pilot."""

from textual.widgets import DataTable, Input, OptionList, Static

from assistant.storage import Store
from assistant.tui.app import OutcomesApp
from assistant.tui.screens.journey import JourneyScreen
from assistant.tui.screens.review import ReviewScreen
from tests.review.conftest import JEAN
from tests.review.helpers import conversation, review

from .conftest import settle, wait_for
from .test_app import visible_text

SIZE = (100, 32)
WIDE = (130, 32)  # wide enough for the side panel


def seeded(tmp_path, analysers, reviews: bool = True, mode: str = "practitioner"):
    path = tmp_path / "o.db"
    with Store(path) as store:
        cid = conversation(store, analysers["personal"], JEAN, mode=mode)
        if reviews:
            review(store, cid, ["about a 6 now", "My sister drove me over twice", "4", "Pat comes with me"], day="2026-04-10")
            review(store, cid, ["4, a hard month", "His new job means he works weekends", "5", "Pat walks on Tuesdays"],
                   day="2026-07-08")
    return path, cid


def review_app(path, cid, engine):
    return OutcomesApp(db_path=path, engine=engine, start="review", conversation_id=cid, framework="personal", mode="")


async def answer(pilot, text):
    box = pilot.app.screen.query_one("#answer", Input)
    await wait_for(pilot, lambda: not box.disabled)
    box.value = text
    await pilot.press("enter")
    await settle(pilot)


async def record_action(pilot, action: str) -> None:
    """Write what was done in the alert box, then wait for the review to take answers again."""
    box = pilot.app.screen.query_one("#alert-action", Input)
    box.value = action
    box.focus()
    await pilot.press("enter")
    await ready(pilot)
    assert not pilot.app.screen.query_one("#answer", Input).disabled


async def ready(pilot):
    """The review is open and asking; a co-written one is first handed over with a passphrase."""
    from assistant.tui.screens.modals import PassphraseScreen

    from .conftest import hand_over

    app = pilot.app
    await wait_for(pilot, lambda: isinstance(app.screen, PassphraseScreen)
                   or (isinstance(app.screen, ReviewScreen) and app.screen.session is not None))
    if isinstance(app.screen, PassphraseScreen) and app.screen.setting:
        await hand_over(pilot, "kettle")
    await wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen) and app.screen.session is not None)
    await settle(pilot)
    for box in app.screen.query(Input):
        box.cursor_blink = False  # snapshots never catch a blink


async def test_review_main_path_setback_status_and_saved_plan(tmp_path, engine, analysers):
    path, cid = seeded(tmp_path, analysers)
    app = review_app(path, cid, engine)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert app.focused.id == "answer"
        text = visible_text(app.screen)
        assert "seeing my son more" in text and "Last time (8 July 2026): 4 out of 10" in text
        await answer(pilot, "about a 3, he moved away")
        assert "a step back from 4" in visible_text(app.screen)
        assert "not a failure" in app.screen.session.current.text
        await answer(pilot, "His move to Leeds. Phone calls help.")
        await answer(pilot, "Ring on Sundays")
        # The bowling club: the person says it has changed, by hand, and puts it in new words.
        await pilot.press("f6")
        await wait_for(pilot, lambda: app.screen.query(OptionList))
        app.screen.query_one(OptionList).highlighted = 3  # changed
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen.query("#prompt"))
        app.screen.query_one("#prompt", Input).value = "Walk with the Tuesday group"
        await pilot.press("enter")
        await ready(pilot)
        await answer(pilot, "7")
        await answer(pilot, "Pat")
        await answer(pilot, "Keep going")
        await answer(pilot, "No, nothing new")
        await wait_for(pilot, lambda: app.screen.session.summary is not None)
        assert "Review 3 saved" in visible_text(app.screen)
        results = app.casebook.store.review_results(cid)[-2:]
        assert [(r["rating"], r["setback"], r["status"]) for r in results] == [(3, 1, "not_yet"), (7, 0, "changed")]
        plan = app.casebook.store.plan_versions(cid)[-1]["content"]
        assert plan["outcomes"][1]["words"] == "Walk with the Tuesday group"
        assert plan["outcomes"][1]["original_words"] == "getting back to the bowling club"


async def test_skip_back_and_markup_shown_as_typed(tmp_path, engine, analysers):
    path, cid = seeded(tmp_path, analysers, reviews=False)
    app = review_app(path, cid, engine)
    typed = "[bold]x[/bold] {{ 7*7 }} <b> 5"
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await answer(pilot, typed)
        assert typed in visible_text(app.screen)
        await pilot.press("f3")
        await settle(pilot)
        assert app.screen.session.current_step == "rating"
        assert app.screen.query_one("#answer", Input).value == typed  # back to change it, not to type it again
        await pilot.press("f2")
        await settle(pilot)
        assert app.screen.session.current_step == "what_helped"


async def test_journey_view_moves_between_outcomes(tmp_path, engine, analysers):
    path, cid = seeded(tmp_path, analysers)
    app = OutcomesApp(db_path=path, engine=engine)
    async with app.run_test(size=(80, 30)) as pilot:
        await settle(pilot)
        await pilot.press("j")
        await wait_for(pilot, lambda: isinstance(app.screen, JourneyScreen))
        await settle(pilot)
        text = visible_text(app.screen)
        assert "1. seeing my son more" in text and "○4" in text and "a step back:" in text
        await pilot.press("right")
        await settle(pilot)
        assert "2. getting back to the bowling club" in visible_text(app.screen)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen.__class__.__name__ == "HomeScreen"


async def test_home_lists_reviews_due_and_starts_one(tmp_path, engine, analysers):
    path, cid = seeded(tmp_path, analysers, reviews=False)  # agreed on 10 January 2026, no plan saved: due 4 April 2026
    app = OutcomesApp(db_path=path, engine=engine)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#due", DataTable)
        assert table.row_count == 1 and "overdue" in visible_text(app.screen) + str(table.get_row_at(0))
        table.focus()
        await pilot.press("enter")
        await ready(pilot)
        assert app.screen.session.number == 1


def test_review_screen_snapshot(snap_compare, tmp_path, engine, analysers):
    path, cid = seeded(tmp_path, analysers)

    async def run_before(pilot):
        await ready(pilot)
        await answer(pilot, "about a 5 now")

    assert snap_compare(review_app(path, cid, engine), terminal_size=WIDE, run_before=run_before)


def test_review_screen_snapshot_80x24(snap_compare, tmp_path, engine, analysers):
    """Narrow: no side panel, every button whole."""
    path, cid = seeded(tmp_path, analysers)
    assert snap_compare(review_app(path, cid, engine), terminal_size=(80, 24), run_before=ready)


def test_review_screen_cowrite_snapshot(snap_compare, tmp_path, engine, analysers):
    path, cid = seeded(tmp_path, analysers, reviews=False, mode="cowrite")

    async def run_before(pilot):
        await ready(pilot)
        pilot.app.clear_notifications()  # "Passphrase set" fades on a timer: never in the picture
        await pilot.pause()

    assert snap_compare(review_app(path, cid, engine), terminal_size=SIZE, run_before=run_before)


def test_journey_snapshot_80_columns(snap_compare, tmp_path, engine, analysers):
    path, cid = seeded(tmp_path, analysers)

    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("j")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, JourneyScreen))
        await settle(pilot)

    assert snap_compare(OutcomesApp(db_path=path, engine=engine), terminal_size=(80, 30), run_before=run_before)


async def test_an_alert_in_a_review_waits_for_a_written_action_and_never_takes_the_next_answer(tmp_path, engine, analysers):
    from assistant.tui.screens.modals import AlertScreen

    path, cid = seeded(tmp_path, analysers, reviews=False)
    app = review_app(path, cid, engine)
    said = "He hits me when he's been drinking"
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await answer(pilot, "about a 4")
        # The tester's way: the answer, then straight on typing the next one without looking up.
        await pilot.press(*said, "enter", *"I don't know really", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, AlertScreen))
        alert = app.casebook.store.alerts(cid)[-1]
        assert alert["review_turn"] and not alert["acknowledged_at"] and not alert["action"]
        # Shown as the conversation shows it: the answer, and the sentence that raised it.
        assert said in visible_text(app.screen)
        assert app.screen.query("#alert-sentences")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, AlertScreen)
        await pilot.press("tab")
        box = app.screen.query_one("#alert-action", Input)
        box.value = ""
        await pilot.press(*"Referred to the safeguarding team", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen))
        alert = app.casebook.store.alerts(cid)[-1]
        assert alert["action"] == "Referred to the safeguarding team"
        assert "safeguarding alert raised" in visible_text(app.screen)


async def test_an_alert_in_a_cowritten_review_shows_calm_words(tmp_path, engine, analysers):
    from assistant.tui.screens.modals import CowriteAlertScreen

    path, cid = seeded(tmp_path, analysers, reviews=False, mode="cowrite")
    app = review_app(path, cid, engine)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await answer(pilot, "Some days I think everyone would be better off without me")
        await wait_for(pilot, lambda: isinstance(app.screen, CowriteAlertScreen))
        assert "116 123" in visible_text(app.screen)
        assert not app.screen.query(Input)
        assert not app.casebook.store.alerts(cid)[-1]["acknowledged_at"]


def screen_words(app) -> str:
    """What is on the terminal now (not what is scrolled out of sight)."""
    import html

    return html.unescape(app.export_screenshot()).replace("\xa0", " ")


async def test_the_end_of_a_review_is_clear_and_shows_the_last_answer(tmp_path, engine, analysers):
    path, cid = seeded(tmp_path, analysers, reviews=False)
    app = review_app(path, cid, engine)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await ready(pilot)
        for said in ["5", "ok", "ring him", "6", "Pat", "keep going"]:
            await answer(pilot, said)
        await answer(pilot, "nothing new just now")
        await wait_for(pilot, lambda: app.screen.session.summary is not None)
        await settle(pilot)
        box = app.screen.query_one("#answer", Input)
        assert box.disabled and not box.display
        shown = screen_words(app)
        assert "nothing new just now" in shown
        assert "is saved" in shown and "Esc" in shown
        told = []
        screen = app.screen
        original = screen.notify
        screen.notify = lambda message, **kw: (told.append(message), original(message, **kw))
        await pilot.press(*"hello", "enter")
        await settle(pilot)
        assert len([m for m in told if "nothing more is asked" in m]) == 1  # told once, however much is typed


async def test_after_a_cowritten_review_tab_then_enter_presses_my_journey(tmp_path, engine, analysers):
    """An advocate at 100x32 pressed Tab to reach the buttons, as during the review, then Enter: nothing
    happened (Tab had moved on to the transcript); only Shift+Tab got back to "My journey"."""
    from textual.widgets import Button

    path, cid = seeded(tmp_path, analysers, reviews=False, mode="cowrite")
    app = review_app(path, cid, engine)
    async with app.run_test(size=(100, 32)) as pilot:
        await ready(pilot)
        for said in ["5", "ok", "ring him", "6", "Pat", "keep going", "nothing new just now"]:
            await answer(pilot, said)
        review_screen = app.screen
        await wait_for(pilot, lambda: review_screen.session.summary is not None and app.focused is not None)
        assert app.focused.id == "btn-journey" and str(app.screen.query_one("#btn-journey", Button).label) == "My journey"
        await pilot.press("tab")
        assert app.focused.id == "btn-journey"
        # The transcript takes no focus now, but still scrolls from the keyboard (a reviewer's case).
        transcript = app.screen.query_one("#transcript")
        transcript.scroll_home(animate=False)
        await wait_for(pilot, lambda: transcript.scroll_y == 0 and transcript.max_scroll_y > 0)
        await pilot.press("pagedown")
        await wait_for(pilot, lambda: transcript.scroll_y > 0)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, JourneyScreen))


async def test_a_cowritten_reviews_answer_box_speaks_as_the_person_from_the_start(tmp_path, engine, analysers):
    """An advocate co-writing at 100x32 saw "Type the answer here" in the review (behind the handover, and
    while an answer was read) where the conversation says "Type my answer here"."""
    from assistant.tui.screens.modals import PassphraseScreen

    from .conftest import hand_over

    path, cid = seeded(tmp_path, analysers, reviews=False, mode="cowrite")
    app = OutcomesApp(db_path=path, engine=engine)  # from home, as the advocate's worker opened it
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "HomeScreen")
        app.screen.query_one("#conversations", DataTable).focus()
        await pilot.press("v")
        await wait_for(pilot, lambda: isinstance(app.screen, PassphraseScreen))
        review_screen = app.screen_stack[-2]
        assert isinstance(review_screen, ReviewScreen)
        assert review_screen.query_one("#answer", Input).placeholder == "Type my answer here and press Enter"
        await hand_over(pilot)
        await ready(pilot)
        assert app.screen.query_one("#answer", Input).placeholder == "Type my answer here and press Enter"


async def test_finish_with_f10_never_drops_words_in_the_box(tmp_path, engine, analysers):
    path, cid = seeded(tmp_path, analysers, reviews=False)
    app = review_app(path, cid, engine)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await answer(pilot, "about a 4")
        app.screen.query_one("#answer", Input).value = "my sister helped"
        await pilot.press("f10")
        await settle(pilot)
        assert app.screen.session.summary is None
        await pilot.press("enter")
        await settle(pilot)
        review_screen = app.screen
        await pilot.press("f10")
        # Another outcome is still to review: finishing early is asked, never done by accident.
        await wait_for(pilot, lambda: app.screen.query("#confirm-yes"))
        assert "not been looked at yet" in str(app.screen.query_one(Static).render())
        await pilot.press("enter")  # "Carry on" is the choice in focus
        await wait_for(pilot, lambda: app.screen is review_screen)
        assert review_screen.session.summary is None
        await pilot.press("f10")
        await wait_for(pilot, lambda: app.screen.query("#confirm-yes"))
        await pilot.click("#confirm-yes")
        await wait_for(pilot, lambda: app.screen is review_screen and review_screen.session.summary is not None)
        assert not app.screen.query_one("#btn-finish").display
        assert "my sister helped" in screen_words(app)


async def test_at_80_columns_the_side_panel_gives_way_and_every_button_is_readable(tmp_path, engine, analysers):
    from textual.widgets import Button

    for mode in ("practitioner", "cowrite"):
        path, cid = seeded(tmp_path / mode, analysers, reviews=False, mode=mode)
        app = review_app(path, cid, engine)
        async with app.run_test(size=(80, 24)) as pilot:
            await ready(pilot)
            assert not app.screen.query_one("#side").display or app.screen.query_one("#side").region.width == 0
            assert "Outcome 1 of 2 · last time (10 January 2026): 3 out of 10" in screen_words(app)  # what the panel said
            for button in app.screen.query("#controls Button").results(Button):
                label = str(button.label)
                assert button.region.width >= len(label) and button.region.right <= 80, (mode, label, button.region)
                assert label in screen_words(app)
        app = review_app(path, cid, engine)
        async with app.run_test(size=(130, 32)) as pilot:
            await ready(pilot)
            assert app.screen.query_one("#side").region.width > 0


async def test_something_new_named_in_a_review_is_added_with_enter(tmp_path, engine, analysers):
    from assistant.tui.screens.review_modals import NewOutcomesScreen

    path, cid = seeded(tmp_path, analysers, reviews=False)
    app = review_app(path, cid, engine)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        for said in ["5", "ok", "ring him", "6", "Pat", "keep going"]:
            await answer(pilot, said)
        before = len(app.casebook.store.outcomes(cid))
        app.screen.query_one("#answer", Input).value = "I'd like to learn to cook proper curries"
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, NewOutcomesScreen))
        await pilot.press("enter")  # it is ticked already: the person has just said it
        await wait_for(pilot, lambda: len(app.casebook.store.outcomes(cid)) > before)
        assert any("curries" in row["words"] for row in app.casebook.store.outcomes(cid))


async def test_leaving_a_cowritten_review_needs_the_practitioners_passphrase(tmp_path, engine, analysers):
    from assistant.tui.screens.modals import PassphraseScreen

    path, cid = seeded(tmp_path, analysers, reviews=False, mode="cowrite")
    app = review_app(path, cid, engine)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        app.casebook.session_for(cid).set_handover("kettle")
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, PassphraseScreen))
        await pilot.press("escape")  # the person carries on: still the review, nobody else's record
        await wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen))
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, PassphraseScreen))
        app.screen.query_one("#passphrase", Input).value = "kettle"
        await pilot.press("enter")
        await wait_for(pilot, lambda: not isinstance(app.screen, (PassphraseScreen, ReviewScreen)))
        # Shaz's worker went straight home; the person's copy now held what she said at the review, unseen.
        from assistant.tui.screens.modals import ConfirmScreen
        from assistant.tui.screens.plan import PlanScreen

        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert app.focused.id == "confirm-yes"  # looking over is the safe choice: a quick Enter does it
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, PlanScreen))
        assert app.screen.practitioner and not app.screen.cowrite


async def test_a_review_answer_the_last_run_never_read_opens_with_its_alert(tmp_path, engine, analysers):
    from assistant.conversation.bank import load_bank
    from assistant.review.session import ReviewSession
    from assistant.tui.screens.modals import AlertScreen

    path, cid = seeded(tmp_path, analysers, reviews=False)
    with Store(path) as store:
        session = ReviewSession.open(store, load_bank(), cid, depth="full")
        session.write_down("He hits me when he's been drinking")  # saved at Enter, then the app was killed
    app = review_app(path, cid, engine)
    async with app.run_test(size=WIDE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, AlertScreen))
        assert "hits me" in visible_text(app.screen)
        await record_action(pilot, "Talked it through; referral made")
    with Store(path) as store:
        alerts = store.alerts(cid)
    assert len(alerts) == 1 and alerts[0]["action"] == "Talked it through; referral made"


async def test_reopening_a_review_shows_an_alert_left_waiting_first(tmp_path, engine, analysers):
    """The app was closed with the alert box open: the home list says ALERT WAITING, and the review
    opens with that alert, in practitioner and co-writing reviews alike, before any question."""
    from assistant.conversation.bank import load_bank
    from assistant.review.session import ReviewSession
    from assistant.tui.screens.modals import AlertScreen

    for mode in ("practitioner", "cowrite"):
        folder = tmp_path / mode
        folder.mkdir()
        path, cid = seeded(folder, analysers, reviews=False, mode=mode)
        with Store(path) as store:
            session = ReviewSession.open(store, load_bank(), cid, depth="full", analyse=analysers["personal"].analyse)
            assert session.submit("2, my grandson took the taxi money again and he shouts if I ask").alert is not None
            assert store.alerts(cid) and not store.alerts(cid)[0]["acknowledged_at"]
        app = review_app(path, cid, engine)
        async with app.run_test(size=WIDE) as pilot:
            await wait_for(pilot, lambda: isinstance(app.screen, AlertScreen))
            assert "taxi money" in visible_text(app.screen)
            await record_action(pilot, "Spoke to Jean; adult safeguarding referral")
        with Store(path) as store:
            assert store.alerts(cid)[0]["action"] == "Spoke to Jean; adult safeguarding referral", mode


async def test_a_cowritten_review_is_handed_over_with_this_sittings_passphrase(tmp_path, engine, analysers):
    """The worker at this review sets the passphrase (not an old one from the first conversation);
    Esc on it goes back without handing over."""
    from assistant.tui.screens.modals import PassphraseScreen

    from .conftest import hand_over

    path, cid = seeded(tmp_path, analysers, reviews=False, mode="cowrite")
    with Store(path) as store:
        store.set_handover(cid, "an old worker's secret")
    app = review_app(path, cid, engine)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, PassphraseScreen) and app.screen.setting)
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, (PassphraseScreen, ReviewScreen)))
        assert app.casebook.store.cowriting_now() is None
    app = review_app(path, cid, engine)
    async with app.run_test(size=SIZE) as pilot:
        await hand_over(pilot, "teapot")
        await wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen) and app.screen.session is not None)
        assert app.casebook.session_for(cid).check_handover("teapot")
        assert app.casebook.store.cowriting_now() == (cid, "review")


async def test_a_half_typed_review_answer_is_put_back_after_a_restart(tmp_path, analysers, engine):
    """Doreen's practitioner quit mid-answer ("Gary still does my shopping and"): it was gone on reopening."""
    path, cid = seeded(tmp_path, analysers, reviews=False)
    half = "Gary still does my shopping and"
    app = review_app(path, cid, engine)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        screen = app.screen
        box = screen.query_one("#answer", Input)
        box.value = half
        await wait_for(pilot, lambda: screen.session.draft() == half)
    app = review_app(path, cid, engine)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert app.screen.query_one("#answer", Input).value == half


async def test_a_second_review_the_same_day_is_asked_about_first(tmp_path, engine, analysers):
    """Doreen's two reviews were both dated the same day: her journey showed one date twice."""
    from assistant.schema import now
    from assistant.tui.screens.modals import ConfirmScreen

    path, cid = seeded(tmp_path, analysers, reviews=False)
    with Store(path) as store:
        review(store, cid, ["about a 6 now", "My sister drove me over twice", "4", "Pat comes with me"], day=now()[:10])
    app = OutcomesApp(db_path=path, engine=engine)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "HomeScreen")
        app.screen.query_one("#conversations", DataTable).focus()
        await pilot.press("v")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("enter")  # "Not now" is the safe choice, focused
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "HomeScreen")
        await pilot.press("v")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        app.screen.query_one("#confirm-yes").press()
        await ready(pilot)
        assert app.screen.session.number == 2


async def test_a_count_read_as_the_rating_is_said_with_how_to_change_it(tmp_path, engine, analysers):
    """Kerry-Ann's "i went 2 times" was noted as 2 out of 10 with no word that it might be a count."""
    path, cid = seeded(tmp_path, analysers)
    app = review_app(path, cid, engine)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await answer(pilot, "i went to see him 2 times, its good")
        text = visible_text(app.screen)
        assert "2 out of 10" in text and "If 2 was a count, not the rating, press F3 (Back)" in text


async def test_words_of_a_step_back_beside_a_number_that_went_up_are_pointed_out(tmp_path, engine, analysers):
    """Dean: "It's gone backwards … I had a relapse … I'd say 3" was noted "up 1" with no word. The number
    stays his; the screen says the words and the number disagree (the first outcome stood at 4)."""
    path, cid = seeded(tmp_path, analysers)
    app = review_app(path, cid, engine)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await answer(pilot, "its gone backwards to be honest, I'd say a 5")
        text = visible_text(app.screen)
        assert "5 out of 10: up 1" in text and "The words say “gone backwards” but the number is up" in text


async def test_a_rating_said_with_a_half_asks_which_is_nearer(tmp_path, engine, analysers):
    """Dean's "Seven and a half. Ten weeks now." was met with "No number heard yet"."""
    path, cid = seeded(tmp_path, analysers)
    app = review_app(path, cid, engine)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await answer(pilot, "Seven and a half. Ten weeks now.")
        text = visible_text(app.screen)
        assert "The scale has whole numbers: is it nearer 7 or 8?" in text and "No number heard" not in text
        assert app.screen.session.current_step == "rating_again"


async def test_a_concern_in_a_review_is_shown_with_those_recorded_before(tmp_path, engine, analysers):
    """Gary's review: "I ended up sat in the car again one night last week" was a possible concern, closed with one
    key, with no word of the concern recorded at his first conversation. With a concern on record, a new one is
    one to stop for, and the box names what was recorded before."""
    from assistant.tui.screens.modals import AlertScreen

    path, cid = seeded(tmp_path, analysers, reviews=False)
    app = review_app(path, cid, engine)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await answer(pilot, "He hits me when he's been drinking")
        await wait_for(pilot, lambda: isinstance(app.screen, AlertScreen))
        assert not app.screen.query("#alert-earlier")  # nothing recorded before this one
        await record_action(pilot, "Referred to the safeguarding team")
        said = "he shouts a lot when he has had a drink"
        alone = app.engine.analyser("personal").analyse(said)
        assert alone.safeguarding and not alone.alert_certain  # on its own, only a possible concern
        await answer(pilot, said)
        await wait_for(pilot, lambda: isinstance(app.screen, AlertScreen))
        earlier = app.screen.query_one("#alert-earlier")
        assert "Referred to the safeguarding team" in str(earlier.render())
        assert app.screen.certain and not app.screen.query("#alert-no-concern")
        assert app.screen_stack[-2].session.alert(app.casebook.store.alerts(cid)[-1]["id"]).certain  # kept so
