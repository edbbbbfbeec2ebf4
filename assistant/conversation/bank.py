"""Load and validate the question bank in prompts/.

Questions may quote the person's own words ({topic}) or an outcome in plain
words ({outcome}). Filling them is plain string replacement of our own markers:
the person's words are inserted as data and never read as a template.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from assistant.datafiles import check_keys, problem, read_toml
from assistant.errors import DataFileError
from assistant.locations import bundled_dir

TECHNIQUES = (
    "what_matters", "good_day", "so_what", "reframe", "strengths", "network", "aspiration",
    "scaling", "negotiation", "risk", "check_understanding", "closing", "what_helped",
)
STAGES = ("opening", "exploring", "strengths", "network", "planning", "closing")
AUDIENCES = ("person", "carer", "relational")
FRAMEWORK_AUDIENCE = {"personal": "person", "carer": "carer", "relational": "relational"}
QUESTION_KEYS = {"id", "technique", "stage", "text", "plain", "follow_ups", "audience", "refers_back", "suits", "fills", "covers"}
# Plan fields an answer can start, in the person's words ("fills"): when and where to meet again, and,
# for the outcome being talked about, what good looks like ("how would you know things were better?"),
# a first step ("what would be a good enough first step?") and what would still work ("if we can't do it
# exactly that way…").
PLAN_FIELDS = ("next_meeting", "good_looks_like", "milestones", "compromise")
# What a "so what?" question can follow: something wanted (a service, a task) or a difficulty.
# "If you had that…" suits only the first; "if that wasn't a worry…" only the second.
LADDER_KINDS = ("service", "difficulty")
QUESTION_REQUIRED = {"id", "technique", "stage", "text", "plain"}
SLOTS = ("{topic}", "{outcome}", "{outcomes}")
_SLOT = re.compile(r"\{(topic|outcome|outcomes)\}")
OUTCOME_ID = re.compile(r"[a-z_]+\.[a-z_]+")


@dataclass(frozen=True)
class Question:
    id: str
    technique: str
    stage: str
    text: str
    plain: str
    audience: str
    follow_ups: tuple[str, ...] = ()
    # Says "that" or "this" about what was just said: only asked while that is still the subject.
    marked_refers_back: bool = False
    suits: tuple[str, ...] = LADDER_KINDS
    fills: str = ""  # a plan field the answer starts (PLAN_FIELDS)
    # Outcome areas the question asks about ("how are you sleeping?"), or something told (flow.TOLD:
    # "told.work_history"): not asked once the person has already spoken of it, so nobody is asked what
    # they have just told.
    covers: tuple[str, ...] = ()

    def fits_answer(self, kind: str) -> bool:
        """Whether this question makes sense after an answer of this kind (a fear is not "had")."""
        return kind not in LADDER_KINDS or kind in self.suits

    @property
    def needs_topic(self) -> bool:
        return "{topic}" in self.text

    @property
    def refers_back(self) -> bool:
        if self.marked_refers_back or self.id.startswith("explore."):
            return True
        return self.technique == "so_what" and not self.needs_topic

    @property
    def needs_outcome(self) -> bool:
        return "{outcome}" in self.text

    def wording(self, mode: str) -> str:
        return self.plain if mode == "cowrite" else self.text

    @property
    def reads_back(self) -> bool:
        """Reads back the outcomes heard so far ({outcomes}): asked only once there are some."""
        return "{outcomes}" in self.text

    def render(self, mode: str, *, topic: str = "", outcome: str = "", outcomes: str = "") -> str:
        """The question as asked, with the person's words inserted as plain data: one pass, so words that
        themselves contain "{topic}" stay literal."""
        values = {"topic": topic, "outcome": outcome, "outcomes": outcomes}
        return _SLOT.sub(lambda m: values[m.group(1)], self.wording(mode))


@dataclass(frozen=True)
class Technique:
    name: str
    why: str
    plain: str


@dataclass(frozen=True)
class QuestionBank:
    questions: tuple[Question, ...]
    techniques: dict[str, Technique]

    def by_id(self, question_id: str) -> Question:
        for question in self.questions:
            if question.id == question_id:
                return question
        raise KeyError(question_id)

    def for_audience(self, audience: str) -> tuple[Question, ...]:
        return tuple(q for q in self.questions if q.audience == audience)


def parse_questions(path: Path, data: dict) -> list[Question]:
    audience = data.get("audience")
    check_keys(path, "top level", data, {"audience", "questions"})
    entries = data.get("questions")
    if not isinstance(entries, list) or not entries:
        raise problem(path, "questions", "must be a non-empty list of [[questions]] tables")
    questions = []
    for index, entry in enumerate(entries, start=1):
        where = f"question '{entry['id']}'" if isinstance(entry, dict) and isinstance(entry.get("id"), str) else f"question #{index}"
        if not isinstance(entry, dict):
            raise problem(path, where, "must be a table")
        check_keys(path, where, entry, QUESTION_KEYS, QUESTION_REQUIRED)
        for key in QUESTION_REQUIRED:
            if not isinstance(entry[key], str) or not entry[key].strip():
                raise problem(path, where, f"'{key}' must be non-empty text")
        if entry["technique"] not in TECHNIQUES:
            raise problem(path, where, f"unknown technique '{entry['technique']}' (one of: {', '.join(TECHNIQUES)})")
        if entry["stage"] not in STAGES:
            raise problem(path, where, f"unknown stage '{entry['stage']}' (one of: {', '.join(STAGES)})")
        who = entry.get("audience", audience)
        if who not in AUDIENCES:
            raise problem(path, where, f"audience must be one of {', '.join(AUDIENCES)}")
        for slot in SLOTS:
            if (slot in entry["text"]) != (slot in entry["plain"]):
                raise problem(path, where, f"'text' and 'plain' must both use {slot} or neither")
        follow_ups = entry.get("follow_ups", [])
        if not isinstance(follow_ups, list) or not all(isinstance(f, str) for f in follow_ups):
            raise problem(path, where, "'follow_ups' must be a list of question IDs")
        refers_back = entry.get("refers_back", False)
        if not isinstance(refers_back, bool):
            raise problem(path, where, "'refers_back' must be true or false")
        suits = entry.get("suits", list(LADDER_KINDS))
        if not isinstance(suits, list) or not suits or not all(k in LADDER_KINDS for k in suits):
            raise problem(path, where, f"'suits' must list one or both of: {', '.join(LADDER_KINDS)}")
        fills = entry.get("fills", "")
        if fills and fills not in PLAN_FIELDS:
            raise problem(path, where, f"'fills' must be one of: {', '.join(PLAN_FIELDS)}")
        covers = entry.get("covers", [])
        if not isinstance(covers, list) or not all(isinstance(c, str) and OUTCOME_ID.fullmatch(c) for c in covers):
            raise problem(path, where, "'covers' must be a list of outcome IDs (such as \"carer.health_wellbeing\")")
        questions.append(Question(entry["id"], entry["technique"], entry["stage"], entry["text"].strip(),
                                  entry["plain"].strip(), who, tuple(follow_ups), refers_back, tuple(suits), fills,
                                  tuple(covers)))
    return questions


def load_bank(folder: Path | None = None) -> QuestionBank:
    """Every question file in prompts/ (scenarios aside), validated as a whole."""
    folder = folder or bundled_dir("prompts")
    questions: list[Question] = []
    seen: dict[str, Path] = {}
    techniques: dict[str, Technique] = {}
    for path in sorted(folder.glob("*.toml")):
        data = read_toml(path)
        if path.name == "techniques.toml":
            for name, entry in data.items():
                if name not in TECHNIQUES:
                    raise problem(path, name, "is not a technique named in the spec")
                techniques[name] = Technique(name, entry.get("why", ""), entry.get("plain", ""))
            continue
        for question in parse_questions(path, data):
            if question.id in seen:
                raise problem(path, f"question '{question.id}'", f"duplicate ID (also in {seen[question.id].name})")
            seen[question.id] = path
            questions.append(question)
    for question in questions:
        for follow_up in question.follow_ups:
            if follow_up not in seen:
                raise problem(seen[question.id], f"question '{question.id}'", f"follow-up '{follow_up}' does not exist")
    missing = [t for t in TECHNIQUES if t not in techniques]
    if missing:
        raise DataFileError(f"techniques.toml: no note for {', '.join(missing)}")
    return QuestionBank(tuple(questions), techniques)
