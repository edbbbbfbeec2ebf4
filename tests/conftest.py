"""Shared fixtures: real objects (the spaCy pipeline, frameworks), loaded once."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"


@pytest.fixture(scope="session")
def pipeline():
    from assistant.nlp.pipeline import load_pipeline

    return load_pipeline()


@pytest.fixture(scope="session")
def models():
    from assistant.nlp.models import SHIPPED_DIR, read_models

    return read_models(SHIPPED_DIR, "shipped")


@pytest.fixture(scope="session")
def analysers(pipeline, models):
    """The engine as shipped: rules and trained models."""
    from assistant.frameworks import load_framework
    from assistant.nlp.engine import Analyser

    return {name: Analyser(load_framework(name), pipeline, models) for name in ("personal", "carer", "relational")}


@pytest.fixture(scope="session")
def rule_analysers(pipeline):
    """The rules alone, as an organisation's own framework (no corpus) is read."""
    from assistant.frameworks import load_framework
    from assistant.nlp.engine import Analyser

    return {name: Analyser(load_framework(name), pipeline) for name in ("personal", "carer", "relational")}


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path, monkeypatch):
    """Never touch the real user's data or config folders."""
    monkeypatch.setenv("OUTCOMES_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("OUTCOMES_DB", str(tmp_path / "data" / "outcomes.db"))
    monkeypatch.setenv("OUTCOMES_MODEL_DIR", str(tmp_path / "models"))


def run_cli(*args: str, input: bytes | str = b"", env: dict | None = None, timeout: float = 120):
    import subprocess

    if isinstance(input, str):
        input = input.encode("utf-8")
    full_env = {**os.environ, **(env or {})}
    return subprocess.run([sys.executable, "-m", "assistant", *args], input=input, capture_output=True,
                          timeout=timeout, env=full_env, cwd=env.get("CWD", ROOT) if env else ROOT)
