"""Demo and practice modes driven with the Pilot, and their snapshots."""

from rich.text import Text
from textual.widgets import Input, Static

from assistant.tui.app import OutcomesApp
from assistant.tui.screens.training import DemoScreen, PracticeScreen

from .conftest import settle, wait_for

SIZE = (150, 42)


def texts(screen) -> str:
    return "\n".join(w.render().plain if isinstance(w.render(), Text) else str(w.render()) for w in screen.query(Static))


async def test_demo_steps_maps_compares_and_ends_on_the_plan(tmp_path, engine):
    app = OutcomesApp(start="demo", scenario="michael", engine=engine, db_path=tmp_path / "o.db")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, DemoScreen))
        await pilot.press("right", "right", "right")
        await settle(pilot)
        shown = texts(app.screen)
        assert "[reframe]" in shown and "Why it helps" in shown and "Seeing people" in shown
        await pilot.press("left")
        await settle(pilot)
        assert "[reframe]" not in texts(app.screen)
        await pilot.press("s")
        await settle(pilot)
        assert app.screen.query_one("#demo-service").display
        for _ in range(12):
            await pilot.press("right")
        await settle(pilot)
        final = texts(app.screen)
        assert "The plan" in final and "Outcomes agreed" in final
        await pilot.press("r")
        await settle(pilot)
        assert "Press → to start" in texts(app.screen)
    assert not (tmp_path / "o.db").exists()  # training never touches the database


async def test_practice_coaches_each_question_and_summarises(engine):
    app = OutcomesApp(start="practice", scenario="sandra", engine=engine)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, PracticeScreen))
        box = app.screen.query_one(Input)
        for question in ("Do you need help with personal care?", "What's important to you at the moment?"):
            box.value = question
            await pilot.press("enter")
            await settle(pilot)
        shown = texts(app.screen)
        assert "Coach: closed; service-led" in shown and "Try:" in shown
        assert "having a life like other people my age" in shown
        await pilot.press("f10")
        await settle(pilot)
        assert "Open questions: 50%" in texts(app.screen)


async def test_esc_in_practice_shows_the_summary_and_asks_before_leaving(engine):
    """Marcus pressed Esc and the practice was gone: no question, no summary."""
    from assistant.tui.screens.modals import ConfirmScreen

    app = OutcomesApp(start="practice", scenario="sandra", engine=engine)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, PracticeScreen))
        practice = app.screen
        practice.query_one(Input).value = "What's important to you at the moment?"
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert "Questions asked: 1" in texts(practice)
        await pilot.press("escape")  # Esc again means stay
        await wait_for(pilot, lambda: isinstance(app.screen, PracticeScreen))
        assert app.is_running and texts(practice).count("Questions asked: 1") == 1
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert texts(practice).count("Questions asked: 1") == 1  # the summary is not shown twice
        app.screen.query_one("#confirm-yes").press()
        await settle(pilot)
    assert app.return_code == 0


def test_demo_snapshot(snap_compare, engine):
    async def run_before(pilot):
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, DemoScreen))
        await pilot.press("right", "right", "right", "s")
        await settle(pilot)
        await pilot.pause(0.2)
        await settle(pilot)

    assert snap_compare(OutcomesApp(start="demo", scenario="michael", engine=engine), terminal_size=SIZE, run_before=run_before)


def test_practice_snapshot(snap_compare, engine):
    async def run_before(pilot):
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, PracticeScreen))
        box = pilot.app.screen.query_one(Input)
        for question in ("Would you like another day at the day centre?", "What would a really good day be for you?"):
            box.value = question
            await pilot.press("enter")
            await settle(pilot)

    assert snap_compare(OutcomesApp(start="practice", scenario="sandra", engine=engine), terminal_size=SIZE, run_before=run_before)
