import pytest

from assistant.storage import Store

from .helpers import conversation

JEAN = [
    ("I want to see my son more", "About a 3, I have not seen him since Christmas"),
    ("I want to get back to the bowling club", None),
]


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "o.db") as opened:
        yield opened


@pytest.fixture
def jean(store, analysers):
    """Jean's first conversation: two agreed outcomes, the first with a starting rating of 3."""
    return conversation(store, analysers["personal"], JEAN)
