"""Small real conversations and reviews for the review tests (no mocks)."""

from __future__ import annotations

from contextlib import contextmanager

import assistant.schema as schema
from assistant.conversation.bank import load_bank
from assistant.conversation.flow import PlannedQuestion
from assistant.conversation.wording import short_words
from assistant.conversation.session import ConversationSession
from assistant.review.session import ReviewSession

BANK = load_bank()


@contextmanager
def on_day(day: str):
    """Everything saved inside happens on `day` (ISO date), so journeys have real dates."""
    original = schema.now
    schema.now = lambda: f"{day}T10:00:00+00:00"
    try:
        yield
    finally:
        schema.now = original


def conversation(store, analyser, answers_and_ratings, *, name="Jean", mode="practitioner", day="2026-01-10") -> int:
    """A first conversation: each (answer, rating) names an outcome, agreed; a rating becomes its starting point."""
    with on_day(day):
        session = ConversationSession.start_new(BANK, analyser.framework, mode, store, name)
        for answer, rating in answers_and_ratings:
            session.submit(answer, analyser.analyse)
            if rating is not None:
                # The scaling question the flow asks about an outcome just named (it carries the words as topic).
                question = BANK.by_id("explore.scaling.1")
                session.ask_instead(PlannedQuestion(question.id, question.text, "scaling", question.stage, short_words(answer)))
                session.submit(rating, analyser.analyse)
        for row in store.outcomes(session.conversation_id):
            if row["status"] == "proposed":
                store.update_outcome(row["id"], status="accepted")
    return session.conversation_id


def review(store, conversation_id, answers, *, day="2026-04-10", depth="core", analyser=None, accept_new=True):
    """A review answered line by line, as `outcomes review --json` reads them; returns the summary."""
    with on_day(day):
        session = ReviewSession.open(store, BANK, conversation_id, depth=depth,
                                     analyse=analyser.analyse if analyser else None)
        for line in answers:
            if session.done:
                break
            result = session.skip() if line == "/skip" else session.submit(line)
            if result.proposals or session.flow.awaiting_new_outcomes:
                session.agree_new(list(result.proposals) if accept_new else [])
        from datetime import date

        return session.finish(today=date.fromisoformat(day))
