import asyncio

import pytest

from assistant.engine_service import EngineService


@pytest.fixture
def engine(pipeline, models):
    """A ready engine, so each app test does not reload the model."""
    return EngineService(pipeline, models)


async def wait_for(pilot, condition, timeout: float = 10.0) -> None:
    waited = 0.0
    while not condition():
        await pilot.pause(0.05)
        waited += 0.05
        if waited > timeout:
            raise AssertionError("timed out waiting for the UI")


async def settle(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await asyncio.sleep(0)
