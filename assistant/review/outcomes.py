"""The outcomes a review goes through, in the plan's order, each with its last rating.

Agreed outcomes are the conversation's outcomes with status 'accepted', in the
latest saved plan's order (or the order they were agreed, when no plan has been
saved). An outcome the person said is no longer wanted is not asked about again;
its journey stays readable.

The starting point (baseline): when, in the first conversation, the person put
a number on an outcome they had just named (a scaling question quoting their
words), that number is the outcome's first rating, dated when it was said. The
first review's `previous` is that number, or null when there is none. A number the person put
on the outcome in the answer that named it ("right now I'm a 2 out of 10"), or in the very next
answer (to the check-back: "Yes. Right now it's a 2 out of 10"), counts the same.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from assistant.review.answers import parse_rating


@dataclass(frozen=True)
class AgreedOutcome:
    row: int
    words: str
    original_words: str
    categories: tuple[str, ...] = ()
    previous: int | None = None
    previous_on: str = ""  # ISO date of the previous rating
    is_new: bool = False  # agreed during this review
    ended: bool = False  # the person said it is no longer wanted

    @property
    def outcome(self) -> str | None:
        """The framework outcome id the review contract names (the first area), or None."""
        return self.categories[0] if self.categories else None


@dataclass(frozen=True)
class Baseline:
    rating: int
    said_on: str  # ISO date
    said: str


def match_plan_rows(plan_outcomes: list[dict], rows: list[dict]) -> dict[int, int]:
    """Which plan outcome (by position) each outcome row is, by the person's first words, then current words."""
    matched: dict[int, int] = {}
    for key_plan, key_row in (("original_words", "original_words"), ("words", "words"), ("original_words", "words")):
        for index, item in enumerate(plan_outcomes):
            if index in matched.values():
                continue
            for row in rows:
                if row["id"] not in matched and item.get(key_plan) and item.get(key_plan) == row[key_row]:
                    matched[row["id"]] = index
                    break
    return matched


@lru_cache(maxsize=1)
def _about_that() -> frozenset[str]:
    """The bank's scaling questions that ask about "that": what was just said."""
    from assistant.conversation.bank import load_bank

    return frozenset(q.id for q in load_bank().questions if q.technique == "scaling" and q.refers_back)


def baselines(store, conversation_id: int) -> dict[int, Baseline]:
    """Ratings given in the first conversation to scaling questions about an agreed outcome (quoting it,
    or asking about "that" just after it was said)."""
    turns = store.turns(conversation_id)
    by_turn = {t["id"]: t for t in turns}
    rows = [r for r in store.outcomes(conversation_id) if r["status"] == "accepted" and r["turn_id"]]
    found: dict[int, Baseline] = {}
    answered_before: dict[int, int | None] = {}  # each turn's previous answered turn
    last_answered = None
    for turn in turns:
        answered_before[turn["id"]] = last_answered
        if turn["answer"] and not turn["skipped"]:
            last_answered = turn["id"]
    for turn in turns:
        topic = (turn["topic"] or "").rstrip("…").strip().lower()
        if turn["technique"] != "scaling" or turn["skipped"] or not turn["answer"]:
            continue
        rating = parse_rating(turn["answer"])
        earlier = [r for r in rows if r["turn_id"] < turn["id"]]
        if rating is None or not earlier:
            continue
        row = max(earlier, key=lambda r: r["turn_id"])
        said = (by_turn.get(row["turn_id"], {}).get("answer") or row["original_words"]).lower()
        # The question quoted the outcome's words, or asked about "that" straight after it was said, or after
        # only its check-back and first steps ("towards that", "what would still work?": Lorraine's "About a 3"
        # came two steps after "keeping the flat"), not "how are you coping?", about no outcome in particular.
        asked_after = answered_before[turn["id"]]
        while asked_after is not None and asked_after != row["turn_id"] and (
                by_turn[asked_after]["technique"] in {"negotiation", "check_understanding"}):
            asked_after = answered_before[asked_after]
        about_it = (topic in said if topic else
                    turn["question_id"] in _about_that() and asked_after == row["turn_id"])
        if about_it and row["id"] not in found:
            found[row["id"]] = Baseline(rating, (turn["answered_at"] or "")[:10], turn["answer"])
    for turn in turns:
        # Or in the very next answer, to the check-back or a question about it ("Yes. Right now it's a 2 out of
        # 10"): a point on a scale, said about the outcome just named.
        scale = OWN_SCALE.search(turn["answer"] or "") if not turn["skipped"] else None
        before = answered_before.get(turn["id"])
        row = next((r for r in rows if r["turn_id"] == before), None)
        if scale and row is not None and row["id"] not in found and turn["technique"] in {"check_understanding", "scaling"}:
            found[row["id"]] = Baseline(int(scale.group(1) or scale.group(2)), (turn["answered_at"] or "")[:10], turn["answer"])
    for row in rows:
        # A number put on the outcome in the same breath ("I want to get out more; right now I'm a 2 out of 10").
        turn = by_turn.get(row["turn_id"]) or {}
        volunteered = OWN_SCALE.search(turn.get("answer") or "")
        if volunteered and row["id"] not in found:
            found[row["id"]] = Baseline(int(volunteered.group(1) or volunteered.group(2)),
                                        (turn.get("answered_at") or "")[:10], turn["answer"])
    return found


# Only a number said as a point on a scale: "2 out of 10", "a 3/10", "about a 4 on the scale".
OWN_SCALE = re.compile(r"(?<![/.\d])\b(10|[1-9])\s*(?:/|out of)\s*(?:10|ten)\b(?!\s*[/.]\s*\d)|\ba (10|[1-9]) on (?:a|the|your) scale\b",
                       re.I)  # "3/10/2026" is a date


def agreed_outcomes(store, conversation_id: int, *, include_ended: bool = False) -> list[AgreedOutcome]:
    """The outcomes to review, in order, each with the last rating the person gave it."""
    rows = [r for r in store.outcomes(conversation_id) if r["status"] == "accepted"]
    agreed_at = {}
    for decision in store.decisions():
        if decision["conversation_id"] == conversation_id and decision["decision"] == "agree":
            agreed_at.setdefault(decision["outcome_row"], decision["id"])
    rows.sort(key=lambda r: (agreed_at.get(r["id"], float("inf")), r["id"]))
    versions = store.plan_versions(conversation_id)
    words = {r["id"]: r["words"] for r in rows}
    if versions:
        plan = versions[-1]
        order = match_plan_rows(plan["content"].get("outcomes", []), rows)
        for row_id, index in order.items():
            row = next(r for r in rows if r["id"] == row_id)
            # The plan's wording, unless the outcome was reworded after the plan was saved.
            if row["updated_at"] <= plan["saved_at"]:
                words[row_id] = plan["content"]["outcomes"][index].get("words") or row["words"]
        rows.sort(key=lambda r: order.get(r["id"], len(order)))
    last: dict[int, tuple[int, str]] = {row_id: (b.rating, b.said_on) for row_id, b in baselines(store, conversation_id).items()}
    for result in store.review_results(conversation_id):
        if result["rating"] is not None:
            last[result["outcome_row"]] = (result["rating"], (result["reviewed_at"] or "")[:10])
    ended = store.ended_outcome_rows(conversation_id)
    found = []
    for row in rows:
        if row["id"] in ended and not include_ended:
            continue
        previous, previous_on = last.get(row["id"], (None, ""))
        found.append(AgreedOutcome(row["id"], words[row["id"]], row["original_words"], tuple(row["outcome_ids"]),
                                   previous, previous_on, ended=row["id"] in ended))
    return found
