"""Co-writing as the person and the practitioner meet it: the passphrase dialog, calm alert words, one voice."""

from textual.widgets import Button, Input

from assistant.tui.screens.conversation import ConversationScreen
from assistant.tui.screens.modals import AlertScreen, CowriteAlertScreen, PassphraseScreen

from .conftest import hand_over, settle, wait_for
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
        assert "may need to share it" in text
