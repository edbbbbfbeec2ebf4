"""Trainers' scenarios: the guides' case studies as annotated scripted conversations.

Each scenario has the outcomes-focused conversation (every turn with its
technique and why it helps), the service-led version of the same meeting, the
outcomes agreed (with the categories the engine should map them to) and the
plan they lead to. Bundled scenarios live in prompts/scenarios/; a trainer can
add their own in the config folder's scenarios/ and it is validated the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from assistant.conversation.bank import TECHNIQUES
from assistant.datafiles import check_keys, problem, read_toml, text_field
from assistant.errors import NotFoundError, UnknownFrameworkError
from assistant.frameworks import load_framework
from assistant.locations import bundled_dir, user_scenario_dir

TOP_KEYS = {"name", "title", "framework", "person", "summary", "turns", "service_led", "outcomes", "plan", "asides"}
TURN_KEYS = {"technique", "question", "answer", "why", "heard_kind", "heard_outcomes", "mentions"}
ASIDE_KEYS = {"technique", "answer", "mentions"}
KINDS = ("outcome", "service", "difficulty", "strength", "other")
SERVICE_KEYS = {"question", "answer", "note"}
OUTCOME_KEYS = {"words", "expect"}
PLAN_KEYS = {"summary", "steps"}


@dataclass(frozen=True)
class ScenarioTurn:
    technique: str
    question: str
    answer: str
    why: str
    # The lesson's reading of the answer (shown in the demo); the engine's own reading is shown beside it.
    heard_kind: str = ""
    heard_outcomes: tuple[str, ...] = ()
    # In practice, the words a question must name for this answer to follow it ("the day service"): the
    # person never raised it, so "so what would that make possible?" cannot be about it.
    mentions: tuple[str, ...] = ()


@dataclass(frozen=True)
class ScenarioAside:
    """In practice, what the person says to a good question of this technique that no step answers
    ("who would you like to spend time with?"), once. With `mentions`, only to a question that names one
    of them, and before any step: it is the person's answer on that topic ("if you weren't lonely…")."""
    technique: str
    answer: str
    mentions: tuple[str, ...] = ()


@dataclass(frozen=True)
class ServiceLedTurn:
    question: str
    answer: str
    note: str


@dataclass(frozen=True)
class ScenarioOutcome:
    words: str
    expect: tuple[str, ...]


@dataclass(frozen=True)
class Scenario:
    name: str
    title: str
    framework: str
    person: str
    summary: str
    turns: tuple[ScenarioTurn, ...]
    service_led: tuple[ServiceLedTurn, ...]
    outcomes: tuple[ScenarioOutcome, ...]
    plan_summary: str
    plan_steps: tuple[str, ...]
    path: Path | None = None
    asides: tuple[ScenarioAside, ...] = ()


def _table_list(path: Path, data: dict, key: str, allowed: set[str], required: bool = True) -> list[dict]:
    entries = data.get(key, [])
    if not isinstance(entries, list) or (required and not entries):
        raise problem(path, key, f"needs at least one [[{key}]] entry")
    for number, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict):
            raise problem(path, f"{key} #{number}", "must be a table")
        check_keys(path, f"{key} #{number}", entry, allowed)
    return entries


def _mentions(path: Path, where: str, entry: dict) -> tuple[str, ...]:
    mentions = entry.get("mentions", [])
    if not isinstance(mentions, list) or not all(isinstance(m, str) and m.strip() for m in mentions):
        raise problem(path, where, "'mentions' must list words a question names, such as [\"day service\"]")
    return tuple(m.strip().lower() for m in mentions)


def parse_scenario(path: Path, data: dict) -> Scenario:
    check_keys(path, "top level", data, TOP_KEYS)
    name = text_field(path, "top level", data, "name")
    framework_name = text_field(path, "top level", data, "framework")
    try:
        framework = load_framework(framework_name)
    except UnknownFrameworkError as exc:
        raise problem(path, "framework", f"unknown framework '{framework_name}'") from exc
    turns = []
    for number, entry in enumerate(_table_list(path, data, "turns", TURN_KEYS), start=1):
        where = f"turn {number}"
        technique = text_field(path, where, entry, "technique")
        if technique not in TECHNIQUES:
            raise problem(path, where, f"unknown technique '{technique}' (one of: {', '.join(TECHNIQUES)})")
        heard_kind = entry.get("heard_kind", "")
        if heard_kind and heard_kind not in KINDS:
            raise problem(path, where, f"heard_kind must be one of: {', '.join(KINDS)}")
        heard_outcomes = entry.get("heard_outcomes", [])
        if not isinstance(heard_outcomes, list) or any(o not in framework.ids for o in heard_outcomes):
            raise problem(path, where, f"heard_outcomes must list outcome IDs of the {framework_name} framework")
        turns.append(ScenarioTurn(technique, text_field(path, where, entry, "question"), text_field(path, where, entry, "answer"),
                                  text_field(path, where, entry, "why"), heard_kind, tuple(heard_outcomes),
                                  _mentions(path, where, entry)))
    asides = []
    for number, entry in enumerate(_table_list(path, data, "asides", ASIDE_KEYS, required=False), start=1):
        where = f"aside {number}"
        technique = text_field(path, where, entry, "technique")
        if technique not in TECHNIQUES:
            raise problem(path, where, f"unknown technique '{technique}' (one of: {', '.join(TECHNIQUES)})")
        asides.append(ScenarioAside(technique, text_field(path, where, entry, "answer"), _mentions(path, where, entry)))
    service = [ServiceLedTurn(text_field(path, f"service_led {n}", e, "question"), text_field(path, f"service_led {n}", e, "answer"),
                              text_field(path, f"service_led {n}", e, "note"))
               for n, e in enumerate(_table_list(path, data, "service_led", SERVICE_KEYS), start=1)]
    outcomes = []
    for number, entry in enumerate(_table_list(path, data, "outcomes", OUTCOME_KEYS), start=1):
        where = f"outcome {number}"
        expect = entry.get("expect")
        if not isinstance(expect, list) or not expect or not all(isinstance(e, str) for e in expect):
            raise problem(path, where, "'expect' must list the outcome IDs the words should map to")
        missing = [e for e in expect if e not in framework.ids]
        if missing:
            raise problem(path, where, f"{', '.join(missing)} is not in the '{framework_name}' framework")
        outcomes.append(ScenarioOutcome(text_field(path, where, entry, "words"), tuple(expect)))
    plan = data.get("plan")
    if not isinstance(plan, dict) or set(plan) - PLAN_KEYS:
        raise problem(path, "plan", "must be a [plan] table with 'summary' and 'steps'")
    steps = plan.get("steps")
    if not isinstance(steps, list) or not steps or not all(isinstance(s, str) and s.strip() for s in steps):
        raise problem(path, "plan", "'steps' must be a non-empty list of text")
    return Scenario(name, text_field(path, "top level", data, "title"), framework_name, text_field(path, "top level", data, "person"),
                    text_field(path, "top level", data, "summary"), tuple(turns), tuple(service), tuple(outcomes),
                    text_field(path, "plan", plan, "summary"), tuple(s.strip() for s in steps), path, tuple(asides))


def load_scenario_file(path: Path) -> Scenario:
    return parse_scenario(path, read_toml(path))


def scenario_files() -> dict[str, Path]:
    files: dict[str, Path] = {}
    for folder in (bundled_dir("prompts") / "scenarios", user_scenario_dir()):
        if folder.is_dir():
            for path in sorted(folder.glob("*.toml")):
                files[path.stem] = path
    return files


def replaces_bundled(path: Path) -> bool:
    """True when a trainer's own scenario file takes the place of a bundled one of the same name."""
    bundled = bundled_dir("prompts") / "scenarios"
    return path.parent != bundled and (bundled / path.name).is_file()


def load_scenario(name: str) -> Scenario:
    files = scenario_files()
    if name not in files:
        raise NotFoundError(f"There is no scenario called '{name}'.", hint=f"Scenarios: {', '.join(sorted(files))}.")
    return load_scenario_file(files[name])


def all_scenarios() -> list[Scenario]:
    return [load_scenario_file(path) for path in scenario_files().values()]


def scenario_markdown(scenario: Scenario) -> str:
    """A handout: both versions of the meeting, annotated, and the plan they lead to."""
    lines = [f"# {scenario.title}", "", f"*{scenario.person}*", "", scenario.summary, "",
             "## The outcomes-focused conversation", ""]
    for number, turn in enumerate(scenario.turns, start=1):
        lines += [f"**{number}. Practitioner** ({turn.technique.replace('_', ' ')}): {turn.question}", "",
                  f"> {turn.answer}", "", f"*Why it helps:* {turn.why}", ""]
    lines += ["## The service-led version of the same meeting", ""]
    for number, turn in enumerate(scenario.service_led, start=1):
        lines += [f"**{number}. Practitioner:** {turn.question}", "", f"> {turn.answer}", "", f"*What it misses:* {turn.note}", ""]
    lines += ["## Outcomes agreed", ""]
    lines += [f"- {o.words} ({', '.join(o.expect)})" for o in scenario.outcomes]
    lines += ["", "## The plan", "", scenario.plan_summary, ""]
    lines += [f"{n}. {step}" for n, step in enumerate(scenario.plan_steps, start=1)]
    return "\n".join(lines) + "\n"
