"""The transcript column shared by the conversation and review screens."""

from __future__ import annotations


def drop_last_turn(transcript) -> None:
    """Take the last shown turn off the screen (its question, answer and notes) after "go back"."""
    children = list(transcript.children)
    last_question = max((i for i, c in enumerate(children) if c.has_class("turn-question")), default=None)
    if last_question is not None:
        for child in children[last_question:]:
            child.remove()
