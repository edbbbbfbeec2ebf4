"""A gentle SMART check: names what is missing without blocking anyone.

Specific, measurable, achievable, realistic, time-limited. Each hint is a short
question or note in plain words; an empty list means nothing is missing.
"""

from __future__ import annotations

import re
from datetime import date

from assistant.plan.dates import read_date

VAGUE = re.compile(r"^\s*(be |feel )?(better|happier|ok|okay|fine|good|well|more independent|independent|sorted)\s*\.?$", re.I)
NUMBER_OR_FREQUENCY = re.compile(
    r"\b(\d+|once|twice|three|four|five|six|seven|eight|nine|ten|every|each|daily|weekly|monthly|a week|a day|a month|"
    r"by (monday|tuesday|wednesday|thursday|friday|saturday|sunday|christmas|easter|summer|spring|autumn|winter|the end))\b",
    re.I,
)


def _parse_date(text: str) -> date | None:
    return read_date(text)


# The hints that name people, in the practitioner's words and in the person's own (co-writing is first person).
PRACTITIONER_HINTS = {
    "words": "What is the outcome, in the person's own words?",
    "know": "How will you know? Say what good looks like, or who will notice.",
    "who_knows": "Who will know it is working: the person, the practitioner, someone else, or a record?",
    "who_helps": "Achievable? Say who will help: the person, family, community, services.",
    "self": "What will the person do themselves?",
    "measurable": "Measurable? A number or how often can help (\u201ctwice a week\u201d).",
    "realistic": "Realistic? A step falls after the review date.",
}
FIRST_PERSON_HINTS = {
    "words": "What is the outcome, in my own words?",
    "know": "How will I know? Say what good looks like, or who will notice.",
    "who_knows": "Who will know it is working: me, my worker, someone else, or a record?",
    "who_helps": "Who will help me: me, my family, friends, my community, services?",
    "self": "What will I do myself?",
    "measurable": "Could I say how much or how often (\u201ctwice a week\u201d)?",
    "realistic": "One of my steps comes after we look at this again: is that all right?",
}


def check_outcome(outcome: dict, *, review_date: str = "", today: date | None = None,
                  first_person: bool = False) -> list[str]:
    """Hints for one outcome of the plan (`first_person` for a plan the person is writing)."""
    today = today or date.today()
    words_for = FIRST_PERSON_HINTS if first_person else PRACTITIONER_HINTS
    hints: list[str] = []
    words = outcome.get("words", "").strip()
    if not words:
        hints.append(words_for["words"])
    elif len(words.split()) < 3 or VAGUE.match(words):
        hints.append("Could it be more specific: what exactly would be different?")
    if not outcome.get("good_looks_like", "").strip() and not outcome.get("verification"):
        hints.append(words_for["know"])
    elif not outcome.get("verification"):
        hints.append(words_for["who_knows"])
    text = " ".join([words, outcome.get("good_looks_like", "")] + [m.get("what", "") for m in outcome.get("milestones", [])])
    if outcome.get("good_looks_like") and not NUMBER_OR_FREQUENCY.search(text):
        hints.append(words_for["measurable"])
    if not outcome.get("milestones"):
        hints.append("No steps yet: what is a first step, and by when?")
    if not any(v.strip() for v in outcome.get("who_helps", {}).values()):
        hints.append(words_for["who_helps"])
    elif not outcome.get("who_helps", {}).get("self", "").strip():
        hints.append(words_for["self"])
    dates = [_parse_date(m.get("by", "")) for m in outcome.get("milestones", [])]
    if outcome.get("milestones") and not any(dates):
        hints.append("No date yet.")
    else:
        loose = [m.get("by", "").strip() for m, d in zip(outcome.get("milestones", []), dates) if d is None and m.get("by", "").strip()]
        if loose:
            hints.append(f"\u201c{loose[0]}\u201d is not a date that can be checked: a date like 31/03/2026 lets the review find it.")
    if any(d and d < today for d in dates):
        hints.append("A step's date has passed: is it done, or does it need a new date?")
    review = _parse_date(review_date)
    if review and any(d and d > review for d in dates):
        hints.append(words_for["realistic"])
    return hints


def check_milestone(milestone: dict, *, today: date | None = None) -> list[str]:
    hints = []
    if not milestone.get("what", "").strip():
        hints.append("What is the step?")
    when = _parse_date(milestone.get("by", ""))
    if not milestone.get("by", "").strip():
        hints.append("No date yet.")
    elif when is None:
        hints.append("Use a date like 31/03/2026 so it can be checked.")
    return hints


def check_plan(plan: dict, *, today: date | None = None) -> dict:
    """Hints for the whole plan: per outcome (by position) and for the plan itself."""
    result = {"plan": [], "outcomes": []}
    if not plan.get("outcomes"):
        result["plan"].append("No outcomes agreed yet: agree them on the outcomes board first.")
    if not _parse_date(plan.get("review_date", "")):
        result["plan"].append("When will the plan be reviewed? Add a review date.")
    for outcome in plan.get("outcomes", []):
        result["outcomes"].append(check_outcome(outcome, review_date=plan.get("review_date", ""), today=today,
                                                first_person=plan.get("mode") == "cowrite"))
    return result
