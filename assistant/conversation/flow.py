"""The flow: reads each answer's analysis and chooses the next question.

The flow is a pure function of the conversation's turns, so that a saved
conversation resumes exactly where it stopped and "go back" is just replaying
one turn fewer. Rules, in order:

- after a safeguarding disclosure, a safety check comes next;
- a service or difficulty answer leads to "so what?" or a reframe on that
  topic, at most three in a row (two early on with the relational framework),
  after which the topic is parked for later;
- an outcome answer is confirmed and explored (who could help, what has worked
  before, a first step) rather than laddered again;
- otherwise the conversation moves through its stages, and does not close
  before strengths, the person's network and what they can still do for
  themselves have been explored;
- no question is asked twice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.conversation.bank import FRAMEWORK_AUDIENCE, Question, QuestionBank

PEOPLE = re.compile(
    r"\b(my|our) (sister|brother|son|daughter|neighbours?|friends?|mates?|pals?|wife|husband|partner|family|niece|nephew|mum|dad|"
    r"kids|children|nan|gran|granny|grandchildren|grandson|granddaughter|cousin|auntie|uncle|church|club|group)\b", re.I)
STAGE_ORDER = ("opening", "exploring", "strengths", "network", "planning", "closing")
LADDER = ("so_what", "reframe")
YES = re.compile(r"^\s*(yes|yeah|yep|aye|that's (it|right)|exactly|right|correct|spot on|i suppose so|probably|definitely|it is)\b", re.I)


@dataclass(frozen=True)
class Pacing:
    """How fast the conversation moves for an audience."""

    ladder_limit: int = 3
    early_ladder_limit: int = 3
    early_answers: int = 0
    exploring_answers: int = 5
    planning_questions: int = 2


PACING = {
    "person": Pacing(),
    "carer": Pacing(exploring_answers=5),
    # Relationship first: gentler early on, no pressure toward targets.
    "relational": Pacing(early_ladder_limit=2, early_answers=4, exploring_answers=4, planning_questions=1),
}
# Explored before closing: what the person can still do, strengths, network.
REQUIRED_BEFORE_CLOSING = {
    "person": ("strengths.strengths.1", "network.network.1"),
    "carer": ("carer.strengths.1", "carer.network.1"),
    "relational": ("rel.strengths.1", "rel.network.1"),
}


@dataclass(frozen=True)
class PlannedQuestion:
    """A question ready to ask: the bank entry rendered for this conversation."""

    id: str
    text: str
    technique: str
    stage: str
    topic: str = ""

    def to_dict(self) -> dict:
        return {"type": "question", "id": self.id, "text": self.text, "technique": self.technique, "stage": self.stage}


@dataclass
class TurnRecord:
    """One question and its answer, as the flow needs to replay it."""

    question: PlannedQuestion
    answer: str | None = None
    skipped: bool = False
    analysis: dict | None = None


@dataclass
class CollectedOutcome:
    words: str
    outcome_ids: list[str]
    turn_index: int
    evidence: list[str] = field(default_factory=list)


@dataclass
class FlowState:
    asked: list[str] = field(default_factory=list)
    answered: int = 0
    ladder_topic: str = ""
    ladder_outcome: str = ""
    ladder_count: int = 0
    parked_topics: list[str] = field(default_factory=list)
    done_topics: list[str] = field(default_factory=list)
    outcomes: list[CollectedOutcome] = field(default_factory=list)
    strengths: list[str] = field(default_factory=list)
    network: list[str] = field(default_factory=list)
    alerts: list[int] = field(default_factory=list)
    last_kind: str = ""
    last_flagged: bool = False
    last_outcome_words: str = ""


def short_words(text: str, limit: int = 90) -> str:
    """The person's words, trimmed to quote back in a question."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0] + "…"


class ConversationFlow:
    def __init__(self, bank: QuestionBank, framework: str, mode: str = "practitioner", outcome_words: dict[str, str] | None = None) -> None:
        self.bank = bank
        self.framework = framework
        self.mode = mode
        self.audience = FRAMEWORK_AUDIENCE.get(framework, "person")
        self.pacing = PACING[self.audience]
        self.questions = bank.for_audience(self.audience)
        self.outcome_words = outcome_words or {}
        self.state = FlowState()
        self.turns: list[TurnRecord] = []

    # ----- replay -------------------------------------------------------------------
    @classmethod
    def replay(cls, bank: QuestionBank, framework: str, mode: str, turns: list[TurnRecord], outcome_words=None) -> "ConversationFlow":
        flow = cls(bank, framework, mode, outcome_words)
        for turn in turns:
            flow.turns.append(turn)
            flow.state.asked.append(turn.question.id)
            if turn.answer is not None or turn.skipped:
                flow._apply(len(flow.turns) - 1)
        return flow

    @property
    def pending(self) -> TurnRecord | None:
        if self.turns and self.turns[-1].answer is None and not self.turns[-1].skipped:
            return self.turns[-1]
        return None

    # ----- moves --------------------------------------------------------------------
    def start(self) -> PlannedQuestion:
        """The opening question (or the one still waiting for an answer)."""
        if self.pending:
            return self.pending.question
        return self.ask(self.next_question())

    def ask(self, question: PlannedQuestion) -> PlannedQuestion:
        self.turns.append(TurnRecord(question))
        self.state.asked.append(question.id)
        return question

    def answer(self, text: str, analysis: dict) -> None:
        turn = self._require_pending()
        turn.answer, turn.analysis = text, analysis
        self._apply(len(self.turns) - 1)

    def skip(self) -> None:
        turn = self._require_pending()
        turn.skipped = True
        self._apply(len(self.turns) - 1)

    def topic_done(self) -> None:
        """The practitioner or person says the current topic is finished."""
        if self.state.ladder_topic:
            self.state.done_topics.append(self.state.ladder_topic)
        self.state.ladder_topic, self.state.ladder_count, self.state.ladder_outcome = "", 0, ""

    def custom(self, text: str, technique: str = "what_matters") -> PlannedQuestion:
        """A question the practitioner (or person) typed themselves."""
        number = sum(1 for t in self.turns if t.question.id.startswith("custom.")) + 1
        return PlannedQuestion(f"custom.{number}", text.strip(), technique, self._stage())

    def replace_pending(self, question: PlannedQuestion) -> PlannedQuestion:
        """Ask another question instead of the one waiting (it stays unasked)."""
        turn = self._require_pending()
        self.turns.pop()
        self.state.asked.remove(turn.question.id)
        return self.ask(question)

    def _require_pending(self) -> TurnRecord:
        if not self.pending:
            raise RuntimeError("no question is waiting for an answer")
        return self.pending  # type: ignore[return-value]

    # ----- state update ---------------------------------------------------------------
    def _apply(self, index: int) -> None:
        turn = self.turns[index]
        s = self.state
        if turn.skipped:
            # A skipped ladder question ends that ladder: the person has said enough.
            if turn.question.technique in LADDER and s.ladder_topic:
                self.topic_done()
            s.last_kind, s.last_flagged = "", False
            return
        s.answered += 1
        question = turn.question
        if question.technique in LADDER:
            s.ladder_count += 1
            if question.topic in s.parked_topics:
                s.parked_topics.remove(question.topic)
                s.done_topics.append(question.topic)
        analysis = turn.analysis or {}
        kind = analysis.get("kind", "other")
        flagged = "safeguarding" in analysis.get("flags", [])
        s.last_kind, s.last_flagged = kind, flagged
        if flagged:
            s.alerts.append(index)
        outcomes = analysis.get("outcomes", [])
        words = turn.answer or ""
        if kind == "outcome" and outcomes:
            s.outcomes.append(CollectedOutcome(words, [o["id"] for o in outcomes], index,
                                               [e for o in outcomes for e in o.get("evidence", [])]))
            s.last_outcome_words = analysis.get("topic") or words
        elif turn.question.technique == "reframe" and YES.match(words) and s.ladder_outcome:
            # "Yes, that's it": the reframed outcome is agreed, in the words of the topic.
            s.outcomes.append(CollectedOutcome(s.ladder_topic or words, [s.ladder_outcome], index))
        if kind == "strength" or (turn.question.technique == "strengths" and kind not in {"other", "service"}):
            s.strengths.append(words)
        if (turn.question.technique == "network" and kind not in {"other", "service"}) or (kind == "strength" and PEOPLE.search(words)):
            s.network.append(words)
        topic = analysis.get("topic") or short_words(words)
        if kind in {"service", "difficulty"} and not flagged:
            same_ladder = s.ladder_topic and question.technique in LADDER
            if not same_ladder:
                # A new topic; if this answer came from a "so what?" it counts toward the run.
                s.ladder_topic, s.ladder_outcome = short_words(topic), ""
                s.ladder_count = 1 if question.technique in LADDER else 0
            if outcomes:
                s.ladder_outcome = outcomes[0]["id"]
            limit = self.pacing.early_ladder_limit if s.answered <= self.pacing.early_answers else self.pacing.ladder_limit
            if s.ladder_topic in s.done_topics:
                s.ladder_topic, s.ladder_count, s.ladder_outcome = "", 0, ""
            elif s.ladder_count >= limit:
                # Three times is enough: note the topic and come back to it later.
                if s.ladder_topic not in s.parked_topics:
                    s.parked_topics.append(s.ladder_topic)
                s.ladder_topic, s.ladder_count, s.ladder_outcome = "", 0, ""
        else:
            s.ladder_topic, s.ladder_count, s.ladder_outcome = "", 0, ""

    # ----- choosing -------------------------------------------------------------------
    def next_question(self) -> PlannedQuestion:
        s = self.state
        if s.last_flagged:
            question = self._first(lambda q: q.technique == "risk" and "safety" in q.id)
            if question:
                return self._render(question)
        if s.last_kind in {"service", "difficulty"} and s.ladder_topic:
            planned = self._ladder_question()
            if planned:
                return planned
        if s.last_kind == "outcome" and s.last_outcome_words:
            planned = self._explore_outcome(s.last_outcome_words)
            if planned:
                return planned
        return self._by_stage()

    def alternatives(self, limit: int = 5) -> list[PlannedQuestion]:
        """Other questions that fit now: one per technique, not yet asked, ready to render."""
        pending = self.pending.question.id if self.pending else ""
        seen_techniques: set[str] = set()
        found: list[PlannedQuestion] = []
        for question in self.questions:
            if question.id in self.state.asked or question.id == pending or question.needs_outcome:
                continue
            if question.technique in seen_techniques or "safety" in question.id:
                continue
            if question.needs_topic and not (self.state.ladder_topic or self.state.last_outcome_words):
                continue
            seen_techniques.add(question.technique)
            found.append(self._render(question, topic=self.state.ladder_topic or short_words(self.state.last_outcome_words)))
            if len(found) == limit:
                break
        return found

    def _ladder_question(self) -> PlannedQuestion | None:
        s = self.state
        outcome = self.outcome_words.get(s.ladder_outcome, "")
        order = ("so_what", "reframe", "so_what") if outcome else ("so_what", "so_what", "so_what")
        preferred = order[min(s.ladder_count, len(order) - 1)]
        for technique in (preferred, *[t for t in LADDER if t != preferred]):
            for question in self.questions:
                if question.id in s.asked or question.technique != technique:
                    continue
                if question.needs_outcome and not outcome:
                    continue
                return self._render(question, topic=s.ladder_topic, outcome=outcome)
        return None

    def _explore_outcome(self, words: str) -> PlannedQuestion | None:
        order = ("check_understanding", "network", "strengths", "negotiation", "scaling")
        for technique in order:
            question = self._first(lambda q, t=technique: q.technique == t and q.stage in {"exploring", "planning", "strengths", "network"}
                                   and (q.needs_topic or technique != "check_understanding"))
            if question:
                return self._render(question, topic=short_words(words))
        return None

    def _stage(self) -> str:
        s, p = self.state, self.pacing
        asked = set(s.asked)
        if s.answered == 0 and not any(q.stage != "opening" for q in self._asked_questions()):
            return "opening"
        if s.answered < p.exploring_answers:
            return "exploring"
        required = [r for r in REQUIRED_BEFORE_CLOSING[self.audience] if r not in asked]
        if any(self.bank.by_id(r).stage == "strengths" for r in required) or not s.strengths and self._unasked("strengths"):
            return "strengths"
        if required or (not s.network and self._unasked("network")):
            return "network"
        planning_asked = sum(1 for q in self._asked_questions() if q.stage == "planning")
        revisit = s.parked_topics and self._first(lambda q: q.technique == "so_what" and q.needs_topic)
        if planning_asked < p.planning_questions or revisit:
            return "planning"
        return "closing"

    def _by_stage(self) -> PlannedQuestion:
        s = self.state
        stage = self._stage()
        if stage == "planning" and s.parked_topics:
            # Back to a topic noted earlier, once, before closing.
            question = self._first(lambda q: q.technique == "so_what" and q.needs_topic)
            if question:
                return self._render(question, topic=s.parked_topics[0])
        # The bank can say what naturally follows a question.
        last = self.turns[-1].question.id if self.turns else ""
        if last in {q.id for q in self.questions} and stage not in {"closing"}:
            for follow_up in self.bank.by_id(last).follow_ups:
                question = self.bank.by_id(follow_up)
                if follow_up not in s.asked and not question.needs_topic and not question.needs_outcome:
                    return self._render(question)
        required = [r for r in REQUIRED_BEFORE_CLOSING[self.audience] if r not in s.asked]
        for rid in required:
            if self.bank.by_id(rid).stage == stage:
                return self._render(self.bank.by_id(rid))
        start = STAGE_ORDER.index(stage)
        # The current stage first, then later ones, then earlier ones: never run dry.
        for candidate_stage in (*STAGE_ORDER[start:], *STAGE_ORDER[:start]):
            question = self._first(lambda q, st=candidate_stage: q.stage == st and not q.needs_topic and not q.needs_outcome
                                   and "safety" not in q.id)
            if question:
                return self._render(question)
        number = sum(1 for a in s.asked if a.startswith("close.anything_else.")) + 1
        text = ("Is there anything else you'd like to add?", "What else is on your mind?", "Is there anything we haven't talked about yet?")[(number - 1) % 3]
        plain = ("Is there anything else I'd like to add?", "What else is on my mind?", "Is there anything we haven't talked about yet?")[(number - 1) % 3]
        return PlannedQuestion(f"close.anything_else.{number}", plain if self.mode == "cowrite" else text, "closing", "closing")

    def _first(self, keep) -> Question | None:
        for question in self.questions:
            if question.id not in self.state.asked and keep(question):
                return question
        return None

    def _unasked(self, stage: str) -> bool:
        return any(q.stage == stage and q.id not in self.state.asked and not q.needs_topic for q in self.questions)

    def _asked_questions(self) -> list[Question]:
        ids = {q.id for q in self.questions}
        return [self.bank.by_id(a) for a in self.state.asked if a in ids]

    def _render(self, question: Question, topic: str = "", outcome: str = "") -> PlannedQuestion:
        return PlannedQuestion(question.id, question.render(self.mode, topic=topic, outcome=outcome), question.technique,
                               question.stage, topic)
