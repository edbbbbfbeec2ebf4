"""The plan screen: edit, see SMART hints, save a version, preview, export."""

from textual.widgets import Input, TextArea

from assistant.tui.app import OutcomesApp
from assistant.tui.screens.plan import PlanScreen

from .conftest import hand_over, settle, wait_for
from .test_snapshots import SIZE, _answers, still


async def _to_plan(pilot):
    if pilot.app.start_mode == "cowrite":
        await hand_over(pilot)
    await _answers(pilot, "I'd love to get back to the bowling club on Saturdays")
    app = pilot.app
    app.casebook.store.update_outcome(app.casebook.store.outcomes(1)[0]["id"], status="accepted")
    await pilot.press("f8")
    await wait_for(pilot, lambda: isinstance(app.screen, PlanScreen))
    await still(pilot)


async def test_edit_save_preview_and_export(tmp_path, engine):
    app = OutcomesApp(db_path=tmp_path / "o.db", engine=engine, start="new", framework="personal", name="Bill")
    async with app.run_test(size=SIZE) as pilot:
        await _to_plan(pilot)
        screen = app.screen
        screen.query_one("#o0-good", Input).value = "I play every Saturday"
        screen.query_one("#o0-milestones", TextArea).text = "Ring the club | 2026-12-01"
        screen.query_one("#o0-help-self", Input).value = "ring the secretary"
        await pilot.press("ctrl+s")
        await settle(pilot)
        versions = app.casebook.store.plan_versions(1)
        assert versions[-1]["version"] == 1
        outcome = versions[-1]["content"]["outcomes"][0]
        assert outcome["milestones"] == [{"what": "Ring the club", "by": "2026-12-01"}]
        assert outcome["words"] == "getting back to the bowling club on Saturdays"
        await pilot.press("f9")
        await settle(pilot)
        assert app.screen.__class__.__name__ == "PreviewScreen"
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("f10")
        await wait_for(pilot, lambda: app.screen.query("#confirm-yes"))
        await pilot.click("#confirm-yes")  # the practitioner's copy
        await wait_for(pilot, lambda: app.screen.query("#prompt"))
        target = tmp_path / "bill.docx"
        app.screen.query_one("#prompt", Input).value = str(target)
        await pilot.press("enter")
        await settle(pilot)
        assert target.exists() and target.stat().st_size > 1000


def test_plan_screen_snapshot(snap_compare, tmp_path, engine):
    app = OutcomesApp(db_path=tmp_path / "o.db", engine=engine, start="new", framework="personal", name="Bill")
    assert snap_compare(app, terminal_size=SIZE, run_before=_to_plan)


def test_plan_screen_cowrite_snapshot(snap_compare, tmp_path, engine):
    app = OutcomesApp(db_path=tmp_path / "o.db", engine=engine, start="new", framework="personal", name="Sandra", mode="cowrite")
    assert snap_compare(app, terminal_size=SIZE, run_before=_to_plan)


async def _export_to(pilot, target, copy="#confirm-no"):
    await pilot.press("f10")
    await wait_for(pilot, lambda: pilot.app.screen.query(copy))
    await pilot.click(copy)
    await wait_for(pilot, lambda: pilot.app.screen.query("#prompt"))
    pilot.app.screen.query_one("#prompt", Input).value = str(target)
    await pilot.press("enter")
    await settle(pilot)


async def test_export_asks_before_replacing_a_file_and_never_writes_over_the_database(tmp_path, engine):
    from assistant.tui.screens.modals import ConfirmScreen, ErrorScreen

    database = tmp_path / "o.db"
    app = OutcomesApp(db_path=database, engine=engine, start="new", framework="personal", name="Bill")
    async with app.run_test(size=SIZE) as pilot:
        await _to_plan(pilot)
        kept = tmp_path / "notes.html"
        kept.write_text("my own notes")
        await _export_to(pilot, kept)
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("enter")  # the safe choice has the focus: keep the file
        await wait_for(pilot, lambda: app.screen.query("#prompt"))  # and choose another name
        assert kept.read_text() == "my own notes"
        await pilot.press("escape")
        await settle(pilot)

        await _export_to(pilot, kept)
        await pilot.click("#confirm-yes")
        await settle(pilot)
        assert "bowling club" in kept.read_text()

        before = database.read_bytes()
        await _export_to(pilot, database)  # not a plan's file ending: refused before anything else
        assert isinstance(app.screen, PlanScreen) and database.read_bytes() == before

        import shutil
        disguised = tmp_path / "cases.html"  # a database under a plan's name
        shutil.copy(database, disguised)
        await _export_to(pilot, disguised)
        await wait_for(pilot, lambda: isinstance(app.screen, ErrorScreen))
        assert disguised.read_bytes() == before


async def test_the_practitioner_chooses_which_copy_and_the_persons_copy_leaves_out_the_alert(tmp_path, engine):
    from assistant.tui.screens.modals import AlertScreen

    app = OutcomesApp(db_path=tmp_path / "o.db", engine=engine, start="new", framework="personal", name="Bill")
    async with app.run_test(size=SIZE) as pilot:
        await _answers(pilot, "My nephew takes my bank card and leaves me short every week")
        await wait_for(pilot, lambda: isinstance(app.screen, AlertScreen))
        await pilot.press("tab")  # the alert opens with nothing focused
        app.screen.query_one("#alert-action", Input).value = "Talked it through with Bill; safeguarding lead told"
        await pilot.press("enter")
        await _answers(pilot, "I'm safe enough, my sister knows")
        await _to_plan(pilot)
        own, full = tmp_path / "own.html", tmp_path / "full.html"
        await _export_to(pilot, own)  # the focused, first choice is the person's copy
        await _export_to(pilot, full, copy="#confirm-yes")
        await wait_for(pilot, lambda: own.exists() and full.exists())
        assert "bank card" not in own.read_text() and "bank card" in full.read_text()


async def test_quitting_with_unsaved_plan_edits_asks_first(tmp_path, engine):
    from assistant.tui.screens.modals import ConfirmScreen

    app = OutcomesApp(db_path=tmp_path / "o.db", engine=engine, start="new", framework="personal", name="Bill")
    async with app.run_test(size=SIZE) as pilot:
        await _to_plan(pilot)
        app.screen.query_one("#o0-good", Input).value = "I play every Saturday"
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.click("#confirm-no")  # stay
        await wait_for(pilot, lambda: isinstance(app.screen, PlanScreen))
        assert app.is_running and app.screen.query_one("#o0-good", Input).value == "I play every Saturday"
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("ctrl+q")  # saved: nothing to ask about
        await wait_for(pilot, lambda: not app.is_running)


async def test_an_outcome_held_back_from_the_persons_copy_is_planned_like_any_other(tmp_path, engine):
    """It came from an answer repeating an alert: the practitioner plans it fully; the person's copy waits for a tick."""
    app = OutcomesApp(db_path=tmp_path / "o.db", engine=engine, start="new", framework="personal", name="Arthur")
    async with app.run_test(size=SIZE) as pilot:
        store = app.casebook.store
        await _answers(pilot, "I'd sleep in my own bed again. My grandson has my bank card and I never see the money")
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "AlertScreen")  # it waits for the practitioner
        app.screen.query_one("#alert-action", Input).value = "Talked it through; referral made"
        app.screen.query_one("#alert-action", Input).focus()
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "ConversationScreen")
        if app.screen.session.current.is_safety_check:
            await _answers(pilot, "I'm alright at home for now")  # a reply to the safety question is never an outcome
        await _answers(pilot, "Sleeping upstairs in my own bed again, not on the settee")
        for row in store.outcomes(1):
            store.update_outcome(row["id"], status="accepted")
        await pilot.press("f8")
        await wait_for(pilot, lambda: isinstance(app.screen, PlanScreen))
        screen = app.screen
        held = [o for o in screen.plan["outcomes"] if o.get("held_back")]
        assert held, screen.plan["outcomes"]
        index = screen.plan["outcomes"].index(held[0])
        assert "held back" in str(screen.query_one(f"#outcome-{index}").title)
        screen.query_one(f"#o{index}-why", Input).value = "He wants his own bed back"
        await pilot.press("ctrl+s")
        await settle(pilot)
        saved = store.plan_versions(1)[-1]["content"]
        assert saved["outcomes"][index]["why_it_matters"] == "He wants his own bed back"
        assert saved["outcomes"][index]["held_back"]


async def _to_plan_with_an_alert(pilot):
    """A plan with an outcome held back from the person's copy (its long heading and notes shown)."""
    app = pilot.app
    store = app.casebook.store
    await _answers(pilot, "I'd sleep in my own bed again. My grandson has my bank card and I never see the money")
    await wait_for(pilot, lambda: app.screen.__class__.__name__ == "AlertScreen")
    app.screen.query_one("#alert-action", Input).value = "Talked it through; referral made"
    app.screen.query_one("#alert-action", Input).focus()
    await pilot.press("enter")
    await wait_for(pilot, lambda: app.screen.__class__.__name__ == "ConversationScreen")
    if app.screen.session.current.is_safety_check:
        await _answers(pilot, "I'm alright at home for now")
    await _answers(pilot, "Sleeping upstairs in my own bed again, not on the settee")
    for row in store.outcomes(1):
        store.update_outcome(row["id"], status="accepted")
    await pilot.press("f8")
    await wait_for(pilot, lambda: isinstance(app.screen, PlanScreen))
    await still(pilot)


async def test_words_typed_at_the_tick_list_tick_nothing_and_the_tick_is_saved(tmp_path, engine):
    """A trainer tabbed on and typed into "How we will know": the spaces ticked and unticked boxes, the words
    went nowhere, and the "My own report" tick was lost without a word."""
    from textual.widgets import Label

    from assistant.tui.widgets.ticks import TickList

    app = OutcomesApp(db_path=tmp_path / "o.db", engine=engine, start="new", framework="personal", name="Bill")
    async with app.run_test(size=(100, 30)) as pilot:
        await _to_plan(pilot)
        told = []
        original = app.notify
        app.notify = lambda message, **kw: (told.append(message), original(message, **kw))
        ticks = app.screen.query_one("#o0-verification", TickList)
        labels = [str(label.render()) for label in app.screen.query_one("#outcome-0").query(Label)]
        assert "How we will know (↑ ↓ move, Space ticks)" in labels  # the list says how it is ticked
        ticks.focus()
        await wait_for(pilot, lambda: ticks.has_focus)
        await pilot.press("space")  # "My own report", ticked on purpose
        await pilot.press(*"ring the club on Monday", "enter")
        await settle(pilot)
        assert list(ticks.selected) == ["self"]
        assert len([m for m in told if "ticks, not words" in m]) == 1  # told where typing goes, once
        await pilot.press("down", "space")  # ticking still works once the typing stops
        assert set(ticks.selected) == {"self", "practitioner"}
        await pilot.press("ctrl+s")
        await settle(pilot)
        saved = app.casebook.store.plan_versions(1)[-1]["content"]["outcomes"][0]
        assert set(saved["verification"]) == {"self", "practitioner"}


async def test_plan_labels_wrap_rather_than_run_off_the_edge(tmp_path, engine):
    """At 100 columns "Risks, one per line: who (…) | what could h" and "Held back … safeguarding alert" were cut."""
    from textual.widgets import Label

    for size in ((100, 30), (80, 24)):
        app = OutcomesApp(db_path=tmp_path / f"{size[0]}.db", engine=engine, start="new", framework="personal", name="Arthur")
        async with app.run_test(size=size) as pilot:
            await _to_plan_with_an_alert(pilot)
            labels = [label for label in app.screen.query_one("#plan-form").query(Label) if label.size.width]
            assert any("safeguarding alert)" in str(label.render()) for label in labels)
            for label in labels:
                assert label.outer_size.width <= label.parent.content_size.width, (size, str(label.render()))


async def test_tabbing_through_the_plan_the_focused_box_is_plain_to_see_and_in_view(tmp_path, engine):
    """The trainer at 100x30 could not tell which box had the focus, and what he typed went nowhere
    (past the last box, Tab put the focus on the form itself)."""
    from textual.widgets import SelectionList
    from textual.widgets._collapsible import CollapsibleTitle

    app = OutcomesApp(db_path=tmp_path / "o.db", engine=engine, start="new", framework="personal", name="Bill")
    async with app.run_test(size=(100, 30)) as pilot:
        await _to_plan(pilot)
        form = app.screen.query_one("#plan-form")
        unfocused = app.screen.query_one("#o0-why", Input).styles.border_top[0]
        seen = set()
        for _ in range(25):  # every box and round again
            box = app.focused
            seen.add(box.id)
            assert isinstance(box, (Input, TextArea, SelectionList, CollapsibleTitle)), box
            if not isinstance(box, CollapsibleTitle):
                assert box.styles.border_top[0] != unfocused, box  # drawn differently, not only in colour
            await pilot.press("tab")
            # The next box comes into view whole (a timeout here means it stayed out of sight).
            await wait_for(pilot, lambda: app.focused is not box and form.region.contains_region(app.focused.region))
        assert {"summary", "o0-words", "o0-verification", "agree-practitioner"} <= seen


async def test_the_smart_check_follows_steps_as_they_are_typed(tmp_path, engine):
    """Bernadette typed her steps and "No steps yet" stayed on screen until she saved."""
    from textual.widgets import Static

    app = OutcomesApp(db_path=tmp_path / "o.db", engine=engine, start="new", framework="personal", name="Bill")
    async with app.run_test(size=SIZE) as pilot:
        await _to_plan(pilot)
        hints = app.screen.query_one("#o0-hints", Static)
        assert "No steps yet" in str(hints.render())
        app.screen.query_one("#o0-milestones", TextArea).focus()
        await pilot.press(*"Ring the club")
        await wait_for(pilot, lambda: "No steps yet" not in str(hints.render()))
