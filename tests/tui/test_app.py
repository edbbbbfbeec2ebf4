"""The terminal UI driven as a person would, with Textual's Pilot."""

from rich.text import Text
from textual.widgets import DataTable, Input, Static

from assistant.storage import Store
from assistant.tui.app import OutcomesApp
from assistant.tui.screens.conversation import ConversationScreen

from .conftest import hand_over, settle, wait_for


def conversation_app(tmp_path, engine, mode="practitioner", framework="personal"):
    return OutcomesApp(db_path=tmp_path / "o.db", start="new", framework=framework, name="Michael", mode=mode, engine=engine)


async def answer(pilot, text):
    box = pilot.app.screen.query_one("#answer", Input)
    await wait_for(pilot, lambda: not box.disabled)
    box.value = text
    await pilot.press("enter")
    await settle(pilot)


async def reach(pilot, screen_name: str) -> None:
    """Wait until the named screen is the one showing."""
    await wait_for(pilot, lambda: pilot.app.screen.__class__.__name__ == screen_name)


def visible_text(screen) -> str:
    parts = []
    for widget in screen.query(Static):
        content = widget.render()
        parts.append(content.plain if isinstance(content, Text) else str(content))
    return "\n".join(parts)


async def test_main_path_answer_see_mapping_accept_outcome(tmp_path, engine):
    app = conversation_app(tmp_path, engine)
    async with app.run_test(size=(140, 45)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, ConversationScreen) and app.screen.session is not None)
        assert app.focused.id == "answer"
        assert "What's important to you" in visible_text(app.screen)
        await answer(pilot, "They want to put a shower room in")
        text = visible_text(app.screen)
        assert "service" in text and "shower room" in text
        await answer(pilot, "I don't want a shower room, I want to see my son more")
        text = visible_text(app.screen)
        assert "Seeing people" in text and "qol.seeing_people" in text
        await pilot.press("f7")
        await settle(pilot)
        table = app.screen.query_one(DataTable)
        assert table.row_count == 1
        await pilot.press("a")
        await settle(pilot)
        rows = app.casebook.store.outcomes(1)
        assert rows[0]["status"] == "accepted"
        assert rows[0]["words"] == "seeing my son more"  # the wish, in the person's words, not the whole answer
        await pilot.press("f8")  # on from the board to the plan, as from the conversation
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "PlanScreen")
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ConversationScreen))


async def test_rewording_on_the_board_adds_to_the_words_rather_than_replacing_them(tmp_path, engine):
    """A trainer typed " to" to finish the words and got just "to": the box opens with the cursor at the end."""
    app = conversation_app(tmp_path, engine)
    async with app.run_test(size=(140, 45)) as pilot:
        await answer(pilot, "I want to see my son more")
        await pilot.press("f7")
        await reach(pilot, "OutcomesBoard")
        await pilot.press("w")
        await reach(pilot, "TextPromptScreen")
        await pilot.press(*" often", "enter")
        await reach(pilot, "OutcomesBoard")
        assert app.casebook.store.outcomes(1)[0]["words"] == "seeing my son more often"


async def test_an_outcome_added_on_the_board_is_the_one_highlighted(tmp_path, engine):
    """A practitioner added an outcome and pressed a: it agreed the row highlighted before, not the new one."""
    app = conversation_app(tmp_path, engine)
    async with app.run_test(size=(140, 45)) as pilot:
        await answer(pilot, "I want to see my son more")
        await pilot.press("f7")
        await reach(pilot, "OutcomesBoard")
        await pilot.press("n")
        await reach(pilot, "TextPromptScreen")
        await pilot.press(*"the bowls on a Tuesday", "enter")
        await reach(pilot, "PickOutcomeScreen")
        await pilot.press("enter")
        await reach(pilot, "OutcomesBoard")
        await pilot.press("a")
        await settle(pilot)
        status = {r["words"]: r["status"] for r in app.casebook.store.outcomes(1)}
        assert status == {"seeing my son more": "proposed", "the bowls on a Tuesday": "accepted"}


async def test_markup_and_emoji_are_shown_exactly_as_typed(tmp_path, engine):
    app = conversation_app(tmp_path, engine)
    typed = "[bold]x[/bold] [link=http://x]y[/link] {{ 7*7 }} <script> 😀"
    async with app.run_test(size=(140, 45)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, ConversationScreen) and app.screen.session is not None)
        await answer(pilot, typed)
        assert typed in visible_text(app.screen)
        assert app.casebook.store.turns(1)[0]["answer"] == typed


async def test_empty_answer_is_refused_with_a_message_and_nothing_saved(tmp_path, engine):
    app = conversation_app(tmp_path, engine)
    async with app.run_test(size=(140, 45), notifications=True) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, ConversationScreen) and app.screen.session is not None)
        await answer(pilot, "   ")
        assert app.casebook.store.turns(1)[0]["answered_at"] is None
        assert any("skip" in n.message.lower() for n in app._notifications)


async def test_huge_paste_is_kept_whole(tmp_path, engine):
    app = conversation_app(tmp_path, engine)
    huge = ("I want to see my son more. " * 800)[:20000]
    async with app.run_test(size=(140, 45)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, ConversationScreen) and app.screen.session is not None)
        await answer(pilot, huge)
        assert app.casebook.store.turns(1)[0]["answer"] == huge


async def test_a_pasted_note_of_several_lines_is_kept_whole(tmp_path, engine):
    """Priya pasted a three-line medication list: only "Forgot to say:" was saved."""
    from textual import events

    app = conversation_app(tmp_path, engine)
    async with app.run_test(size=(140, 45)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, ConversationScreen) and app.screen.session is not None)
        await wait_for(pilot, lambda: not app.screen.query_one("#answer", Input).disabled)
        box = app.screen.query_one("#answer", Input)
        box.focus()
        box.post_message(events.Paste("Forgot to say:\r\n  Co-careldopa 3 times a day\n\nRopinirole at night\n"))
        await wait_for(pilot, lambda: "Ropinirole" in box.value)
        assert box.value == "Forgot to say: Co-careldopa 3 times a day Ropinirole at night"
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.casebook.store.turns(1)[0]["answered_at"] is not None)
        assert app.casebook.store.turns(1)[0]["answer"] == "Forgot to say: Co-careldopa 3 times a day Ropinirole at night"


async def test_safeguarding_alert_must_be_acknowledged_and_is_recorded(tmp_path, engine):
    app = conversation_app(tmp_path, engine)
    async with app.run_test(size=(140, 45)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, ConversationScreen) and app.screen.session is not None)
        await answer(pilot, "He hits me when he's been drinking")
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "AlertScreen")
        await pilot.press("escape")  # cannot be dismissed without acknowledging
        await settle(pilot)
        assert app.screen.__class__.__name__ == "AlertScreen"
        guess = str(app.screen.query_one("#alert-concern", Static).render())
        assert "It may be about domestic abuse" in guess and "a guess from the words, not a finding" in guess
        await pilot.press("tab")  # nothing is focused until the practitioner moves to the box
        app.screen.query_one("#alert-action", Input).value = "Called the safeguarding lead"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ConversationScreen)
        alert = app.casebook.store.alerts(1)[0]
        assert alert["acknowledged_at"] and alert["action"] == "Called the safeguarding lead"
        assert app.screen.session.current.technique == "risk"


async def test_skip_back_and_own_question(tmp_path, engine):
    app = conversation_app(tmp_path, engine)
    async with app.run_test(size=(140, 45)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, ConversationScreen) and app.screen.session is not None)
        first = app.screen.session.current.id
        await pilot.press("f2")
        await settle(pilot)
        assert app.screen.session.current.id != first
        await pilot.press("f3")
        await settle(pilot)
        assert app.screen.session.current.id == first
        await pilot.press("f5")
        await settle(pilot)
        prompt = app.screen.query_one("#prompt")
        prompt.value = "Do you need help with washing?"
        await pilot.pause()
        assert "Try:" in visible_text(app.screen)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.session.current.text == "Do you need help with washing?"
        why = str(app.screen.query_one("#why").render())
        assert why.startswith("Your own question") and "Why this question" not in why
        # The coach's warning stays once the question is asked; the technique's praise is not given to it.
        assert "service-led" in why and "Try:" in why and "Starts from what matters" not in why


async def test_back_offers_the_earlier_answer_to_change(tmp_path, engine):
    """Priya went back (F3) to mend one typo and had to type the whole answer again."""
    app = conversation_app(tmp_path, engine)
    async with app.run_test(size=(140, 45)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, ConversationScreen) and app.screen.session is not None)
        first = app.screen.session.current.id
        await answer(pilot, "I forgot tehthe tablets")
        await wait_for(pilot, lambda: app.screen.session.current.id != first)
        await pilot.press("f3")
        await wait_for(pilot, lambda: app.screen.session.current.id == first)
        box = app.screen.query_one("#answer", Input)
        assert box.value == "I forgot tehthe tablets" and box.cursor_position == len(box.value)
    # Shaz went back past an answer that had given an outcome, and it vanished without a word.
    (tmp_path / "two").mkdir()
    app = conversation_app(tmp_path / "two", engine)
    async with app.run_test(size=(140, 45), notifications=True) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, ConversationScreen) and app.screen.session is not None)
        first = app.screen.session.current.id
        await answer(pilot, "I want to see my son more")
        await wait_for(pilot, lambda: app.screen.session.current.id != first)
        await pilot.press("f3")
        await wait_for(pilot, lambda: any("leaves the board" in n.message for n in app._notifications))
        assert any("seeing my son more" in n.message for n in app._notifications)


async def test_at_80_columns_f9_shows_what_was_heard(tmp_path, engine):
    """A trainer projecting at 80x24 lost the side panel, the part of the screen that teaches."""
    from assistant.tui.screens.modals import HeardScreen

    app = conversation_app(tmp_path, engine)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, ConversationScreen) and app.screen.session is not None)
        await answer(pilot, "I'd love to see my grandchildren more")
        screen = app.screen
        await wait_for(pilot, lambda: not screen.busy and "grandchildren" in str(screen.query_one("#heard", Static).render()))
        assert not screen.query_one("#side").display or screen.query_one("#side").size.width == 0
        await pilot.press("f9")
        await wait_for(pilot, lambda: isinstance(app.screen, HeardScreen))
        assert "grandchildren" in visible_text(app.screen)
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is screen)


async def test_at_100_columns_what_was_heard_stays_in_sight_under_the_answer_box(tmp_path, engine):
    """A trainer projecting at 100x30 had to press F9 after every answer (the side panel went under 120
    columns); an advocate co-writing at 100x32 never saw it. It stays, compact, under the answer box."""
    from textual.widgets import Button

    for mode, size in (("practitioner", (100, 30)), ("cowrite", (100, 32))):
        (tmp_path / mode).mkdir()
        app = conversation_app(tmp_path / mode, engine, mode=mode)
        async with app.run_test(size=size) as pilot:
            if mode == "cowrite":
                await hand_over(pilot)
            await wait_for(pilot, lambda: isinstance(app.screen, ConversationScreen) and app.screen.session is not None)
            await answer(pilot, "I'd love to see my grandchildren more")
            screen = app.screen
            await wait_for(pilot, lambda: not screen.busy and "grandchildren" in str(screen.query_one("#heard", Static).render()))
            side = screen.query_one("#side")
            footer_top = screen.query_one("Footer").region.y if mode == "practitioner" else size[1]
            assert side.display and side.region.height >= 3 and side.region.bottom <= footer_top, (mode, side.region)
            assert "What I heard" in str(screen.query_one("#heard", Static).render())
            assert screen.query_one("#collected", Static).region.width >= 30  # beside it, the outcomes so far
            # The answer box and every button are still whole, above the band.
            for widget in [screen.query_one("#answer", Input), *screen.query("#controls Button").results(Button)]:
                assert widget.region.width and widget.region.bottom <= side.region.y, (mode, widget, widget.region)


def screen_words(app) -> str:
    """What is on the terminal now, line by line (not what is scrolled or cut out of sight)."""
    import html
    import re

    svg = html.unescape(app.export_screenshot()).replace("\xa0", " ")
    return "\n".join(re.sub(r"<[^>]+>", "", line) for line in svg.splitlines())


async def test_at_80_by_24_a_long_question_of_ones_own_stays_in_sight_and_enter_asks_it(tmp_path, engine):
    """At 80x24 the F5 box was one line that scrolled: the start of the question went out of sight."""
    question = "What would a really good Saturday look like for you, from the moment you wake up?"
    app = conversation_app(tmp_path, engine)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, ConversationScreen) and app.screen.session is not None)
        conversation = app.screen
        await pilot.press("f5")
        await wait_for(pilot, lambda: app.screen.query("#prompt"))
        await pilot.press(*question)
        box = app.screen.query_one("#prompt")
        await wait_for(pilot, lambda: box.value == question and "Coach:" in visible_text(app.screen))
        shown = screen_words(app)
        assert "What would a really good Saturday" in shown and "wake up?" in shown
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen is conversation and conversation.session.current.text == question)


async def test_at_80_by_24_dialog_titles_and_the_key_list_are_whole(tmp_path, engine):
    """F4's title read "(Enter to choose, Esc to can"; the footer ended at "^q", with no "Quit"."""
    from textual.widgets import Label
    from textual.widgets._footer import FooterKey

    app = conversation_app(tmp_path, engine)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, ConversationScreen) and app.screen.session is not None)
        conversation = app.screen
        await wait_for(pilot, lambda: conversation.query(FooterKey))
        # Wait for the footer to be drawn on the last line (a busy machine draws the buttons first).
        await wait_for(pilot, lambda: screen_words(app).rstrip().splitlines()[-1].rstrip().endswith("^q Quit"))
        await pilot.press("f6")  # F6 still works when the footer has no room to list it
        await wait_for(pilot, lambda: any("Topic marked as done" in n.message for n in app._notifications))
        await pilot.press("f4")
        await wait_for(pilot, lambda: app.screen.query("#pick"))
        title = app.screen.query_one(".title", Label)
        assert "Esc to cancel)" in str(title.render())
        assert title.outer_size.width <= title.parent.content_size.width
        assert "cancel)" in screen_words(app)


async def test_at_80_by_24_the_list_of_people_shows_whole_columns(tmp_path, engine):
    """The home list showed "Last sav" and "2026-11-": columns that do not fit give way, the rest are whole."""
    with Store(tmp_path / "o.db") as store:
        store.create_conversation("Dorothy Wainwright", "relational", "cowrite")
        store.create_conversation("Bill", "carer", "practitioner")
        stamps = [info.updated_at for info in store.conversations()]
    saved = [f"{s[8:10]}/{s[5:7]}/{s[:4]} {s[11:16]}" for s in stamps]  # as a UK reader writes it: 27/11/2026 06:35
    app = OutcomesApp(db_path=tmp_path / "o.db", engine=engine)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "HomeScreen")
        table = app.screen.query_one("#conversations", DataTable)
        await wait_for(pilot, lambda: table.row_count == 2 and table.size.width)
        widths = sum(column.get_render_width(table) for column in table.columns.values())
        assert widths <= table.scrollable_content_region.width
        shown = screen_words(app)
        assert "Last saved" in shown and all(when in shown for when in saved), shown
        assert "Dorothy Wainwright" in shown
    app = OutcomesApp(db_path=tmp_path / "o.db", engine=engine)
    async with app.run_test(size=(140, 42)) as pilot:  # room for every column
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "HomeScreen")
        table = app.screen.query_one("#conversations", DataTable)
        await wait_for(pilot, lambda: table.row_count == 2)
        assert [str(column.label) for column in table.columns.values()] == [
            "No.", "Name", "Safeguarding", "With", "Mode", "Answers", "Last saved"]


async def test_cowrite_mode_has_plain_words_and_no_codes(tmp_path, engine):
    app = conversation_app(tmp_path, engine, mode="cowrite")
    async with app.run_test(size=(140, 45)) as pilot:
        await hand_over(pilot)
        await wait_for(pilot, lambda: isinstance(app.screen, ConversationScreen) and app.screen.session is not None)
        await answer(pilot, "I'd love to see my grandchildren more")
        text = visible_text(app.screen)
        assert "qol." not in text and "Kind:" not in text
        assert "me" in app.screen.session.current.text.lower().split() or "my" in app.screen.session.current.text.lower()
        assert "Skip this" in [b.label.plain for b in app.screen.query("Button")]


async def test_home_setup_and_resume(tmp_path, engine):
    app = OutcomesApp(db_path=tmp_path / "o.db", engine=engine)
    async with app.run_test(size=(140, 45)) as pilot:
        await pilot.press("n")
        await settle(pilot)
        app.screen.query_one("#name", Input).value = "Jean"
        await pilot.click("#start")
        await wait_for(pilot, lambda: isinstance(app.screen, ConversationScreen) and app.screen.session is not None)
        await answer(pilot, "I used to be a postmistress")
        waiting = app.screen.session.current.id
    app = OutcomesApp(db_path=tmp_path / "o.db", start="resume", engine=engine)
    async with app.run_test(size=(140, 45)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, ConversationScreen) and app.screen.session is not None)
        assert app.screen.session.current.id == waiting
        assert "postmistress" in visible_text(app.screen)


async def test_a_half_typed_answer_is_put_back_after_a_restart(tmp_path, engine):
    """Kyle's terminal closed mid-answer ("me nan said she might let me stay at hers if"): it was lost."""
    half = "I'd like to get back down the allotment on a"
    app = conversation_app(tmp_path, engine)
    async with app.run_test(size=(140, 45)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, ConversationScreen) and app.screen.session is not None)
        await answer(pilot, "I want my own place")
        box = app.screen.query_one("#answer", Input)
        await wait_for(pilot, lambda: not box.disabled)
        box.value = half  # typed, not yet sent
        session = app.screen.session
        await wait_for(pilot, lambda: session.draft() == half)  # saved a moment after typing stopped
    app = OutcomesApp(db_path=tmp_path / "o.db", start="resume", engine=engine)
    async with app.run_test(size=(140, 45)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, ConversationScreen) and app.screen.session is not None)
        box = app.screen.query_one("#answer", Input)
        assert box.value == half
        await answer(pilot, half + " Sunday morning")
        await wait_for(pilot, lambda: app.screen.session.flow.turns[1].answer == half + " Sunday morning")
        assert app.screen.session.draft() == ""  # the answer is saved; nothing half-typed waits


async def test_a_name_typed_on_the_home_screen_finds_the_person_and_presses_no_shortcut(tmp_path, engine):
    """A practitioner typed "Dorothy" without clicking the find box: its "r" opened whoever was saved last."""
    with Store(tmp_path / "o.db") as store:
        dorothy = store.create_conversation("Dorothy", "personal", "practitioner")
        store.create_conversation("Bill", "personal", "practitioner")
    app = OutcomesApp(db_path=tmp_path / "o.db", engine=engine)
    async with app.run_test(size=(140, 45)) as pilot:
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "HomeScreen")
        await pilot.press(*"Dorothy")
        await settle(pilot)
        assert app.screen.__class__.__name__ == "HomeScreen"
        assert app.screen.query_one("#find", Input).value == "Dorothy"
        table = app.screen.query_one("#conversations", DataTable)
        assert [str(k.value) for k in table.rows] == [str(dorothy)]


async def test_back_from_a_new_conversations_form_enter_opens_the_person_highlighted(tmp_path, engine):
    """Kyle's key worker pressed Esc on the new-conversation form, then Enter: the form opened again."""
    with Store(tmp_path / "o.db") as store:
        kyle = store.create_conversation("Kyle", "relational", "practitioner")
    app = OutcomesApp(db_path=tmp_path / "o.db", engine=engine)
    async with app.run_test(size=(140, 45)) as pilot:
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "HomeScreen")
        await pilot.press("n")
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "SetupScreen")
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "HomeScreen")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ConversationScreen))
        await wait_for(pilot, lambda: app.screen.session is not None)
        assert app.screen.session.conversation_id == kyle


async def test_ctrl_s_starts_a_new_conversation_from_the_name_box(tmp_path, engine):
    """A newcomer typed the name, pressed Enter and then could not tell which button would start."""
    app = OutcomesApp(db_path=tmp_path / "o.db", engine=engine)
    async with app.run_test(size=(140, 45)) as pilot:
        await pilot.press("n")
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "SetupScreen")
        await pilot.press(*"Rose", "enter")
        assert "Ctrl+S" in visible_text(app.screen)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ConversationScreen) and app.screen.session is not None)
        assert app.casebook.store.conversation(app.screen.session.conversation_id).person == "Rose"


async def test_second_window_on_the_same_database_is_told_clearly(tmp_path, engine):
    holder = Store(tmp_path / "o.db")
    app = OutcomesApp(db_path=tmp_path / "o.db", engine=engine)
    try:
        async with app.run_test(size=(120, 30)) as pilot:
            await settle(pilot)
            assert app.screen.__class__.__name__ == "ErrorScreen"
            assert "another Outcomes Assistant window" in visible_text(app.screen)
    finally:
        holder.close()


def test_a_terminal_that_has_gone_away_is_noticed(tmp_path):
    """Closed under the app with no hang-up (as under `make run`), the app would spin on it unseen."""
    import os

    from assistant.tui.app import terminal_gone

    main, side = os.openpty()
    with os.fdopen(side, "rb", buffering=0) as stream:
        assert not terminal_gone(stream)
        os.close(main)
        assert terminal_gone(stream)
    with open(tmp_path / "not-a-terminal", "wb") as plain:
        assert not terminal_gone(plain)


async def test_slash_skip_in_the_answer_box_skips_as_on_the_command_line(tmp_path, engine):
    """A carer typed /skip (the README shows it for the command line): it was saved as her answer."""
    app = conversation_app(tmp_path, engine)
    async with app.run_test(size=(140, 45)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, ConversationScreen) and app.screen.session is not None)
        first = app.screen.session.current.id
        await answer(pilot, "/skip")
        await wait_for(pilot, lambda: app.screen.session.current.id != first)
        turn = app.screen.session.flow.turns[0]
        assert turn.skipped and turn.answer is None
        # Kyle, co-writing, typed "skip this" in words: it was saved as his answer to the safety question.
        second = app.screen.session.current.id
        await answer(pilot, "Skip this.")
        await wait_for(pilot, lambda: app.screen.session.current.id != second)
        assert app.screen.session.flow.turns[1].skipped


def test_only_a_whole_answer_asking_to_move_on_is_a_skip():
    from assistant.conversation.replies import SKIP_WORDS

    assert all(SKIP_WORDS.match(t) for t in ("/skip", "skip", "skip this", "Skip this one please", "pass", "next question"))
    assert not any(SKIP_WORDS.match(t) for t in ("I skip meals", "skip this and talk about my son", "passing my test"))


def test_a_long_name_never_pushes_the_alert_mark_off_the_list():
    """A reviewer's case: at 80 columns one name of 47 letters hid "⚠ ALERT WAITING" for every row."""
    from rich.text import Text

    from assistant.tui.screens.home import alert_mark, columns_that_fit, names_that_fit

    rows = [{"No.": "1", "Name": Text("Dorothy Margaret Elizabeth Wainwright-Fotheringham of Whitby"),
             "Safeguarding": alert_mark(1, 1), "With": "person", "Mode": "co-writing", "Answers": "3",
             "Last saved": "27/11/2026 06:35"}]
    names_that_fit(rows, 74)
    shown = columns_that_fit(rows, 74)
    assert "Safeguarding" in shown and rows[0]["Name"].plain.endswith("…")
    assert sum(max(len(c), len(str(rows[0][c]))) + 2 for c in shown) <= 74


async def test_at_80_by_24_start_and_cancel_are_in_view(tmp_path, engine):
    """Jordan's trial at 80x24: the New conversation screen's Start button showed only its top edge, and the
    passphrase dialog's Cancel was cut off below the box."""
    from textual.widgets import Button

    from assistant.tui.screens.modals import PassphraseScreen

    app = OutcomesApp(db_path=tmp_path / "o.db", engine=engine)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.screen.query("#conversations"))
        await pilot.press("n")
        await wait_for(pilot, lambda: app.screen.query("#start"))
        await settle(pilot)
        for button in app.screen.query(Button):
            assert button.region.height == 3 and button.region.bottom <= 23, (button.id, button.region)
        app.push_screen(PassphraseScreen(True))
        await wait_for(pilot, lambda: app.screen.query("#passphrase-cancel"))
        await settle(pilot)
        box = app.screen.query_one(".modal-box")
        for button in app.screen.query(Button):
            assert button.region.height == 3 and button.region.bottom <= box.region.bottom - 1, (button.id, button.region)
