"""Snapshots of the main screens in both modes (SVGs under __snapshots__/).

Answers are realistic, several sentences long, so truncation would show. Every
snapshot waits for what it is about, then switches cursor blinking off, so it
does not depend on timing or load.
"""

from textual.widgets import Input, TextArea

from assistant.tui.app import OutcomesApp
from assistant.tui.screens.conversation import ConversationScreen

from .conftest import hand_over, settle, wait_for

SIZE = (140, 42)
SMALL = (80, 24)

MICHAEL = "They want to put a shower room in downstairs, it's all booked"
MICHAEL_WISH = "What I'd really like is to get over to my son's in Leeds more and see the grandchildren."


def app_for(tmp_path, engine, **options):
    return OutcomesApp(db_path=tmp_path / "o.db", engine=engine, **options)


async def still(pilot) -> None:
    """Settle, and stop every cursor blinking, so the picture is the same every run."""
    await settle(pilot)
    for widget in pilot.app.screen.query(Input).results():
        widget.cursor_blink = False
    for widget in pilot.app.screen.query(TextArea).results():
        widget.cursor_blink = False
    await settle(pilot)


async def _answers(pilot, *texts):
    app = pilot.app
    await wait_for(pilot, lambda: isinstance(app.screen, ConversationScreen) and app.screen.session is not None)
    for text in texts:
        screen = app.screen
        box = screen.query_one("#answer", Input)
        count = len(screen.session.flow.turns)
        await wait_for(pilot, lambda: not box.disabled)
        box.value = text
        await pilot.press("enter")
        await wait_for(pilot, lambda: len(screen.session.flow.turns) > count and not screen.busy
                       or screen.app.screen is not screen)
        await settle(pilot)


def test_home_screen(snap_compare, tmp_path, engine):
    assert snap_compare(app_for(tmp_path, engine), terminal_size=SIZE, run_before=still)


def test_conversation_practitioner(snap_compare, tmp_path, engine):
    app = app_for(tmp_path, engine, start="new", framework="personal", name="Michael")

    async def run_before(pilot):
        await _answers(pilot, MICHAEL, MICHAEL_WISH)
        await still(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_conversation_at_80_by_24(snap_compare, tmp_path, engine):
    app = app_for(tmp_path, engine, start="new", framework="personal", name="Michael")

    async def run_before(pilot):
        await _answers(pilot, MICHAEL)
        await still(pilot)

    assert snap_compare(app, terminal_size=SMALL, run_before=run_before)


def test_conversation_cowrite(snap_compare, tmp_path, engine):
    app = app_for(tmp_path, engine, start="new", framework="relational", name="Dee", mode="cowrite")

    async def run_before(pilot):
        await hand_over(pilot)
        await _answers(pilot, "Honestly I just want to keep this flat. I was on the streets for a year before I got it "
                              "and I'm not going back there.")
        await still(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_outcomes_board(snap_compare, tmp_path, engine):
    app = app_for(tmp_path, engine, start="new", framework="carer", name="Mr MacKay")

    async def run_before(pilot):
        await _answers(pilot, "Jean loved her bowling. If she could get back to the club on a Wednesday even once a week "
                              "I think it would do her the world of good, she lights up around those women.",
                       "I want to keep caring for her at home, I do, but not on my own every single night. "
                       "I'm seventy-eight myself and my back's not what it was.")
        await pilot.press("f7")
        await settle(pilot)
        await pilot.press("a")
        await still(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_outcomes_board_at_80_by_24(snap_compare, tmp_path, engine):
    app = app_for(tmp_path, engine, start="new", framework="personal", name="Michael")

    async def run_before(pilot):
        await _answers(pilot, MICHAEL_WISH)
        await pilot.press("f7")
        await still(pilot)

    assert snap_compare(app, terminal_size=SMALL, run_before=run_before)


def test_safeguarding_alert(snap_compare, tmp_path, engine):
    app = app_for(tmp_path, engine, start="new", framework="carer", name="Bill")

    async def run_before(pilot):
        await _answers(pilot, "Some nights I'm at the end of my tether, honestly. She was up four times last night and "
                              "I'm scared I'll shake her one of these days.")
        await wait_for(pilot, lambda: pilot.app.screen.__class__.__name__ == "AlertScreen")
        await still(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_safeguarding_in_cowriting_shows_calm_words(snap_compare, tmp_path, engine):
    app = app_for(tmp_path, engine, start="new", framework="personal", name="Ann", mode="cowrite")

    async def run_before(pilot):
        await hand_over(pilot)
        await _answers(pilot, "Some days I think everyone would be better off without me. I don't really see the point.")
        await wait_for(pilot, lambda: pilot.app.screen.__class__.__name__ == "CowriteAlertScreen")
        await still(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)
