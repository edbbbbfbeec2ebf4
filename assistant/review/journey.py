"""The journey: each outcome's ratings over time, with the person's words at each point.

Plain data, built from the store, kept in each plan version made after a review
(so an earlier version still shows the journey as it was) and drawn by the
chart modules. Dates are ISO in data and plain UK dates in documents.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from datetime import date

from assistant.review.answers import STATUS_WORDS, infer_status
from assistant.review.outcomes import agreed_outcomes, baselines

START_LABEL = "At the start"


def uk_date(iso: str, *, short: bool = False) -> str:
    """2026-03-12 → '12 March 2026' (or '12 Mar 2026'); anything unreadable is returned as it is."""
    try:
        day = date.fromisoformat(iso[:10])
    except (TypeError, ValueError):
        return iso or ""
    return f"{day.day} {day.strftime('%b' if short else '%B')} {day.year}"


@dataclass(frozen=True)
class JourneyPoint:
    on: str  # ISO date
    label: str  # "At the start", "Review 2"
    rating: int | None
    status: str | None = None
    change: int | None = None
    setback: bool = False
    said: str = ""  # where things stand, in the person's words
    helped: str = ""  # what helped and what got in the way
    next_step: str = ""
    new_words: str = ""  # the outcome as the person put it at this point, when it changed

    @property
    def said_words(self) -> str:
        """Where things stand in the person's words, when they said more than a number."""
        return self.said if any(c.isalpha() for c in self.said) else ""

    @property
    def quote(self) -> str:
        """The person's words to show beside the point: what helped or got in the way, else where things stand."""
        return self.helped or self.said_words

    @property
    def note(self) -> str:
        """A gentle note for the point: a step back is part of the journey, never a failure."""
        if self.status == "no_longer_wanted":
            return "no longer wanted"
        if self.new_words:
            return f"put in new words: {self.new_words}"
        return "a step back" if self.setback else ""

    @property
    def status_words(self) -> str:
        return STATUS_WORDS.get(self.status or "", "")


@dataclass(frozen=True)
class OutcomeJourney:
    words: str
    original_words: str
    points: tuple[JourneyPoint, ...]
    ended: bool = False
    wordings: tuple[tuple[str, str], ...] = ()  # (ISO date, words) for each rewording

    @property
    def rated(self) -> tuple[JourneyPoint, ...]:
        return tuple(p for p in self.points if p.rating is not None)


@dataclass(frozen=True)
class Journey:
    person: str
    cowrite: bool
    outcomes: tuple[OutcomeJourney, ...]
    left_out: int = 0  # outcomes not shown because their words came from an answer that raised an alert

    @property
    def left_out_note(self) -> str:
        """For the practitioner, so a shorter journey than the plan is never a puzzle."""
        if not self.left_out:
            return ""
        one = self.left_out == 1
        return (f"{self.left_out} more outcome{'' if one else 's'} not shown: {'its' if one else 'their'} words came "
                "from an answer that raised a safeguarding alert (the practitioner's plan has "
                f"{'it' if one else 'them'}).")

    @property
    def has_ratings(self) -> bool:
        return any(o.rated for o in self.outcomes)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "Journey":
        outcomes = tuple(
            OutcomeJourney(o["words"], o.get("original_words", o["words"]),
                           tuple(JourneyPoint(**p) for p in o.get("points", [])), bool(o.get("ended")),
                           tuple(tuple(w) for w in o.get("wordings", [])))
            for o in data.get("outcomes", []))
        return cls(data.get("person", ""), bool(data.get("cowrite")), outcomes, int(data.get("left_out") or 0))


def build_journey(store, conversation_id: int) -> Journey:
    """Every agreed outcome (those no longer wanted too) with its starting point and each finished review."""
    info = store.conversation(conversation_id)
    starts = baselines(store, conversation_id)
    results = store.review_results(conversation_id)
    wordings: dict[int, list[dict]] = {}
    for row in store.outcome_wordings(conversation_id):
        wordings.setdefault(row["outcome_row"], []).append(row)
    journeys = []
    for item in agreed_outcomes(store, conversation_id, include_ended=True):
        points = []
        if item.row in starts:
            start = starts[item.row]
            points.append(JourneyPoint(start.said_on, START_LABEL, start.rating, infer_status(start.rating), said=start.said))
        reworded = {w["review_id"]: w["words"] for w in wordings.get(item.row, [])}
        for result in (r for r in results if r["outcome_row"] == item.row):
            points.append(JourneyPoint(
                (result["reviewed_at"] or "")[:10], f"Review {result['review_number']}", result["rating"], result["status"],
                result["change"], bool(result["setback"]), result["said"] or "", result["what_helped"] or "",
                result["next_step"] or "", reworded.get(result["review_id"], "")))
        journeys.append(OutcomeJourney(item.words, item.original_words, tuple(points), item.ended,
                                       tuple((w["said_at"][:10], w["words"]) for w in wordings.get(item.row, []))))
    return Journey(info.person, info.mode == "cowrite", tuple(journeys))


def journey_headings(cowrite: bool) -> dict:
    """The words around the journey in documents: first person, because the journey is the person's."""
    return {
        "title": "My journey so far",
        "intro": ("Where things stood each time we looked, from 1 (nowhere near) to 10 (just as I want it), "
                  "in my own words. A step back is part of a longer journey, not a failure."),
        "caption": "The same ratings and words are in the tables below.",
        "chart_label": "Chart of my journey so far: each outcome's ratings over time. The same figures are in the tables below.",
        "when": "When", "rating": "Rating (1 to 10)", "where": "Where things are",
        # First person like the rest of the journey ("in my own words" above it): it is the person's in every copy.
        "words": "In my words", "first_said": "first written as",
        "ended": "no longer wanted", "no_number": "no number", "next": "Next step",
        "page_title": "My journey so far",
    }


def person_journey(store, conversation_id: int) -> Journey:
    """The journey as the person sees it: nothing quoted from an answer that raised a safeguarding alert."""
    from assistant.plan.model import alert_answers, included_words, journey_for_the_person, withheld_words

    journey = build_journey(store, conversation_id)
    versions = store.plan_versions(conversation_id)
    latest = versions[-1]["content"] if versions else {}
    included = included_words(latest) if latest else frozenset()  # as the practitioner chose
    withheld = withheld_words(latest) if latest else frozenset()  # held back in the plan, whatever the words
    shown = Journey.from_dict(journey_for_the_person(journey.to_dict(), alert_answers(store, conversation_id), included,
                                                     withheld))
    return replace(shown, left_out=len(journey.outcomes) - len(shown.outcomes))
