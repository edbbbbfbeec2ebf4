"""Snapshots of the main screens in both modes (SVGs under __snapshots__/)."""

from textual.widgets import Input

from assistant.tui.app import OutcomesApp
from assistant.tui.screens.conversation import ConversationScreen

from .conftest import settle, wait_for

SIZE = (140, 42)


def app_for(tmp_path, engine, **options):
    return OutcomesApp(db_path=tmp_path / "o.db", engine=engine, **options)


async def _answers(pilot, *texts):
    app = pilot.app
    await wait_for(pilot, lambda: isinstance(app.screen, ConversationScreen) and app.screen.session is not None)
    for text in texts:
        box = app.screen.query_one("#answer", Input)
        await wait_for(pilot, lambda: not box.disabled)
        box.value = text
        await pilot.press("enter")
        await settle(pilot)


def test_home_screen(snap_compare, tmp_path, engine):
    assert snap_compare(app_for(tmp_path, engine), terminal_size=SIZE, run_before=settle)


def test_conversation_practitioner(snap_compare, tmp_path, engine):
    app = app_for(tmp_path, engine, start="new", framework="personal", name="Michael")

    async def run_before(pilot):
        await _answers(pilot, "They want to put a shower room in", "I don't want a shower room, I want to see my son more")

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_conversation_cowrite(snap_compare, tmp_path, engine):
    app = app_for(tmp_path, engine, start="new", framework="relational", name="Dee", mode="cowrite")

    async def run_before(pilot):
        await _answers(pilot, "I want to see my kids again")

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_outcomes_board(snap_compare, tmp_path, engine):
    app = app_for(tmp_path, engine, start="new", framework="carer", name="Mr MacKay")

    async def run_before(pilot):
        await _answers(pilot, "I'd love to get back to the bowling club", "I want to keep caring for her at home but not on my own")
        await pilot.press("f7")
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_safeguarding_alert(snap_compare, tmp_path, engine):
    app = app_for(tmp_path, engine, start="new", framework="carer", name="Bill")

    async def run_before(pilot):
        await _answers(pilot, "I'm at the end of my tether and scared I'll shake her")
        await wait_for(pilot, lambda: pilot.app.screen.__class__.__name__ == "AlertScreen")
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)
