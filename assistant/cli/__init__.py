"""The `outcomes` command: every headless path the tests and trainers use.

The terminal UI and slow imports (spaCy, Textual) load only in the commands
that need them, so that `outcomes --help` and bad-input errors are instant.
Each module adds its commands to the one group, `main`.
"""

from assistant.cli.base import main
from assistant.cli import conversation, engine, plan, reviews, training  # noqa: F401  (they add their commands)

__all__ = ["main"]
