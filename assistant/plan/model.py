"""The support plan as plain data, built from a saved conversation.

A plan is a dict that can be stored as JSON (every save is a new version) and
rendered by the templates. Only outcomes a person has agreed go into it; the
person's original words are always kept beside any rewording.
"""

from __future__ import annotations

from copy import deepcopy
from datetime import date, timedelta

from assistant.frameworks import Framework

VERIFICATION = {
    "self": "My own report" ,
    "practitioner": "The practitioner sees it",
    "third_party": "Someone else confirms it (family, another service)",
    "evidence": "A record or evidence (a letter, an attendance list, a certificate)",
}
RISK_TO = {
    "person": "to the person",
    "carer": "to a carer",
    "provider": "to the provider",
    "practitioner": "to the practitioner",
    "status_quo": "of keeping things as they are",
}
LEVELS = ("low", "medium", "high")
HELPERS = ("self", "family", "community", "services")
HELPER_WORDS = {"self": "Me / the person themself", "family": "Family and friends", "community": "Community", "services": "Services"}


def empty_outcome(words: str = "", categories: list[str] | None = None) -> dict:
    return {
        "words": words,
        "original_words": words,
        "categories": list(categories or []),
        "why_it_matters": "",
        "good_looks_like": "",
        "verification": [],
        "milestones": [],
        "who_helps": {key: "" for key in HELPERS},
        "compromise": "",
        "risks": [],
    }


def build_plan(store, conversation_id: int, framework: Framework, *, today: date | None = None) -> dict:
    """A first draft from the conversation: agreed outcomes, strengths, people, alerts."""
    info = store.conversation(conversation_id)
    today = today or date.today()
    outcomes = [o for o in store.outcomes(conversation_id) if o["status"] == "accepted"]
    plan_outcomes = []
    for row in outcomes:
        item = empty_outcome(row["words"], row["outcome_ids"])
        item["original_words"] = row["original_words"]
        plan_outcomes.append(item)
    alerts = []
    turns = {t["id"]: t for t in store.turns(conversation_id, include_superseded=True)}
    for alert in store.alerts(conversation_id):
        turn = turns.get(alert["turn_id"], {})
        alerts.append({
            "raised": alert["created_at"], "words": turn.get("answer") or "",
            "acknowledged": alert["acknowledged_at"] or "", "by": alert["acknowledged_by"] or "",
            "action": alert["action"] or "",
        })
    summary = "; ".join(o["words"] for o in outcomes)
    return {
        "person": info.person,
        "framework": framework.name,
        "framework_title": framework.title,
        "mode": info.mode,
        "conversation_id": conversation_id,
        "summary": summary,
        "outcomes": plan_outcomes,
        "strengths": store.strengths(conversation_id),
        "people": store.network(conversation_id),
        "not_agreed": [],
        "alerts": alerts,
        "review_date": (today + timedelta(weeks=12)).isoformat(),
        "agreement": {"person_comments": "", "carer": "", "practitioner": ""},
    }


def latest_plan(store, conversation_id: int, framework: Framework) -> tuple[dict, int | None]:
    """The newest saved version, or a fresh draft (version None) if none was saved."""
    versions = store.plan_versions(conversation_id)
    if versions:
        return deepcopy(versions[-1]["content"]), versions[-1]["version"]
    return build_plan(store, conversation_id, framework), None


def category_labels(plan: dict, framework: Framework, outcome: dict, cowrite: bool) -> list[str]:
    labels = []
    for outcome_id in outcome.get("categories", []):
        try:
            item = framework.outcome(outcome_id)
        except KeyError:
            labels.append(outcome_id)
            continue
        labels.append(item.plain_label if cowrite else f"{item.label} ({item.id})")
    return labels
