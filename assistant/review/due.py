"""Reviews due: each plan carries its review date; these are the ones due or overdue.

A saved plan's review date is used; a conversation with agreed outcomes but no
saved plan yet is due twelve weeks after the conversation (as a first draft
says). Conversations with nothing agreed have nothing to review.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

FIRST_REVIEW = timedelta(weeks=12)


@dataclass(frozen=True)
class DueReview:
    conversation_id: int
    person: str
    review_date: str  # ISO
    days_left: int  # negative when overdue
    reviews: int  # reviews held so far

    @property
    def when(self) -> str:
        if self.days_left < 0:
            days = -self.days_left
            return f"overdue by {days} day{'s' if days != 1 else ''}"
        if self.days_left == 0:
            return "due today"
        return f"due in {self.days_left} day{'s' if self.days_left != 1 else ''}"

    def to_dict(self) -> dict:
        return {"conversation": self.conversation_id, "person": self.person, "review_date": self.review_date,
                "days_left": self.days_left, "overdue": self.days_left < 0, "reviews": self.reviews}


def _parse(text: str) -> date | None:
    try:
        return date.fromisoformat(str(text).strip())
    except ValueError:
        return None


def reviews_due(store, *, within: int = 0, today: date | None = None) -> list[DueReview]:
    """Reviews due today or earlier, or within the next `within` days, soonest first."""
    today = today or date.today()
    plans = store.latest_plans()
    found = []
    for info in store.conversations(limit=1_000_000):
        if not any(row["status"] == "accepted" for row in store.outcomes(info.id)):
            continue
        plan = plans.get(info.id)
        when = _parse(plan.get("review_date", "")) if plan else None
        if when is None:
            when = date.fromisoformat(info.created_at[:10]) + FIRST_REVIEW
        days_left = (when - today).days
        if days_left <= within:
            found.append(DueReview(info.id, info.person, when.isoformat(), days_left,
                                   len(store.reviews(info.id, finished_only=True))))
    return sorted(found, key=lambda item: (item.review_date, item.conversation_id))
