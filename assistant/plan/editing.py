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
    "cared for": "cared_for", "cared-for": "cared_for", "cared_for": "cared_for", "the person cared for": "cared_for",
    "person cared for": "cared_for", "the cared-for person": "cared_for", "the cared for person": "cared_for",
    "the person i care for": "cared_for", "who i care for": "cared_for",
}
# Likelihood and impact in other words ("likely", "possible", "serious"), read as the three levels.
LEVEL_ALIASES = {
    "lo": "low", "unlikely": "low", "very unlikely": "low", "rare": "low", "not likely": "low", "minor": "low", "small": "low",
    "little": "low", "med": "medium", "mid": "medium", "moderate": "medium", "possible": "medium", "possibly": "medium",
    "maybe": "medium", "some": "medium", "hi": "high", "likely": "high", "very likely": "high", "probable": "high",
    "almost certain": "high", "certain": "high", "serious": "high", "severe": "high", "major": "high", "big": "high",
    "very high": "high",
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
PLAIN_RISK_TO = {"person": "me", "carer": "my carer", "cared_for": "the person I care for", "provider": "a service",
                 "practitioner": "my worker", "status_quo": "staying the same"}


def risk_choices(plain: bool, carer_plan: bool) -> list[str]:
    """Who a risk can be to, as the risks box lists them (the person cared for only in a carer's plan)."""
    keys = [k for k in RISK_TO if carer_plan or k != "cared_for"]
    if carer_plan:
        keys.remove("person")  # the carer is the person the plan is for
    return [PLAIN_RISK_TO[k] if plain else k.replace("_", " ") for k in keys]


def risks_to_text(risks: list[dict], plain: bool = False) -> str:
    def who(key: str) -> str:
        return PLAIN_RISK_TO.get(key, key) if plain else key

    return "\n".join(" | ".join([who(r.get("to", "")), r.get("description", ""), r.get("likelihood", ""), r.get("impact", ""),
                                 r.get("management", "")]) for r in risks)


def _level(value: str) -> str:
    value = " ".join(value.lower().split())
    return LEVEL_ALIASES.get(value, value)


def text_to_risks(text: str, plain: bool = False, carer_plan: bool = False) -> tuple[list[dict], list[str]]:
    risks, hints = [], []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split("|")]
        parts += [""] * (5 - len(parts))
        who, description, likelihood, impact = parts[0], parts[1], _level(parts[2]), _level(parts[3])
        management = " | ".join(p for p in parts[4:] if p)
        to = RISK_ALIASES.get(" ".join(who.lower().split()))
        if to == "cared_for" and not carer_plan:
            to = None  # only a carer's plan has a person cared for
        if to is None:
            hints.append(f"Risk line {number}: who is at risk? ({', '.join(risk_choices(plain, carer_plan))})")
            description = f"{who}: {description}" if description else who
            to = "person"
        for label, value, typed in (("likelihood", likelihood, parts[2]), ("impact", impact, parts[3])):
            if value not in LEVELS:
                hints.append(f"Risk line {number}: {label} should be low, medium or high"
                             + (f" (“{typed}” is kept with the risk; medium is shown until it is changed)." if typed else "."))
                if typed:  # nothing typed is lost: the word stays with the description
                    description = f"{description} ({label}: {typed})" if description else f"({label}: {typed})"
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
