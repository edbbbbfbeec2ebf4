"""Plain-text forms of the plan's list fields, for keyboard-first editing.

A milestone is one line "step | YYYY-MM-DD"; a risk is one line
"who | what could happen | likelihood | impact | how it is managed".
Parsing never throws away what was typed: an unknown value keeps its words
and gets a hint instead.
"""

from __future__ import annotations

from assistant.plan.dates import stored_date, typed_date

from assistant.plan.model import LEVELS, RISK_TO

RISK_ALIASES = {
    "me": "person", "person": "person", "the person": "person", "carer": "carer", "provider": "provider",
    "service": "provider", "practitioner": "practitioner", "worker": "practitioner", "status quo": "status_quo",
    "status_quo": "status_quo", "no change": "status_quo", "staying the same": "status_quo", "keeping things as they are": "status_quo",
    "my carer": "carer", "a service": "provider", "my worker": "practitioner", "things staying the same": "status_quo",
}


def milestones_to_text(milestones: list[dict]) -> str:
    return "\n".join(f"{m.get('what', '')} | {typed_date(m.get('by', ''))}".rstrip(" |") for m in milestones)


def text_to_milestones(text: str) -> list[dict]:
    found = []
    for line in text.splitlines():
        if not line.strip():
            continue
        what, _, by = line.partition("|")
        found.append({"what": what.strip(), "by": stored_date(by)})  # "15/12/2026" is kept as 2026-12-15
    return found


# Who is at risk, in the person's own words when they write their plan (each reads back through RISK_ALIASES).
PLAIN_RISK_TO = {"person": "me", "carer": "my carer", "provider": "a service", "practitioner": "my worker",
                 "status_quo": "staying the same"}


def risks_to_text(risks: list[dict], plain: bool = False) -> str:
    def who(key: str) -> str:
        return PLAIN_RISK_TO.get(key, key) if plain else key

    return "\n".join(" | ".join([who(r.get("to", "")), r.get("description", ""), r.get("likelihood", ""), r.get("impact", ""),
                                 r.get("management", "")]) for r in risks)


def text_to_risks(text: str, plain: bool = False) -> tuple[list[dict], list[str]]:
    risks, hints = [], []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split("|")]
        parts += [""] * (5 - len(parts))
        who, description, likelihood, impact = parts[0], parts[1], parts[2].lower(), parts[3].lower()
        management = " | ".join(p for p in parts[4:] if p)
        to = RISK_ALIASES.get(who.lower())
        if to is None:
            hints.append(f"Risk line {number}: who is at risk? ({', '.join(PLAIN_RISK_TO.values() if plain else RISK_TO)})")
            description = f"{who}: {description}" if description else who
            to = "person"
        for label, value in (("likelihood", likelihood), ("impact", impact)):
            if value not in LEVELS:
                hints.append(f"Risk line {number}: {label} should be low, medium or high.")
        if not management:
            hints.append(f"Risk line {number}: how will it be managed?")
        risks.append({"to": to, "description": description, "likelihood": likelihood if likelihood in LEVELS else "medium",
                      "impact": impact if impact in LEVELS else "medium", "management": management})
    return risks, hints


def lines_to_list(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def not_agreed_to_text(items: list[dict]) -> str:
    return "\n".join(f"{i.get('what', '')} | {i.get('alternatives', '')}".rstrip(" |") for i in items)


def text_to_not_agreed(text: str) -> list[dict]:
    items = []
    for line in text.splitlines():
        if line.strip():
            what, _, alternatives = line.partition("|")
            items.append({"what": what.strip(), "alternatives": alternatives.strip()})
    return items
