import asyncio

import pytest

from assistant.engine_service import EngineService


@pytest.fixture
def engine(pipeline, models):
    """A ready engine, so each app test does not reload the model."""
    return EngineService(pipeline, models)


async def wait_for(pilot, condition, timeout: float = 10.0) -> None:
    """Wait until `condition()` holds and the screen on top has finished composing and mounting.

    A pushed screen is on top (`app.screen`) before its widgets exist; querying it then fails
    on a busy machine, so the mount counts as part of the condition."""
    waited = 0.0
    while not (condition() and pilot.app.screen.is_mounted):
        await pilot.pause(0.05)
        waited += 0.05
        if waited > timeout:
            raise AssertionError("timed out waiting for the UI")


async def settle(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await asyncio.sleep(0)


async def hand_over(pilot, passphrase: str = "kettle") -> None:
    """Co-writing starts with the practitioner setting a passphrase."""
    from assistant.tui.screens.modals import PassphraseScreen
    from textual.widgets import Input

    await wait_for(pilot, lambda: isinstance(pilot.app.screen, PassphraseScreen))
    screen = pilot.app.screen
    screen.query_one("#passphrase", Input).value = passphrase
    screen.query_one("#passphrase", Input).focus()
    await pilot.press("enter")
    screen.query_one("#again", Input).value = passphrase
    await pilot.press("enter")
    await wait_for(pilot, lambda: not isinstance(pilot.app.screen, PassphraseScreen))


async def home_after_taking_back(pilot) -> None:
    """After the passphrase the practitioner is offered a look over the outcomes and plan in their own view
    (focused, the safe choice); these tests go home instead (Esc)."""
    app = pilot.app
    await wait_for(pilot, lambda: app.screen.__class__.__name__ in {"ConfirmScreen", "HomeScreen"})
    if app.screen.__class__.__name__ == "ConfirmScreen":
        await pilot.press("escape")
    await wait_for(pilot, lambda: app.screen.__class__.__name__ == "HomeScreen")
