"""The flow: reads each answer and chooses the next question.

The flow is a pure function of the conversation's turns, so that a saved
conversation resumes exactly where it stopped and "go back" is just replaying
one turn fewer. Rules, in order:

- after a safeguarding disclosure, a safety check comes next (about money, when
  that is all the concern seems to be about); the reply to it
  is never taken as an outcome, a strength or a person who matters; a
  reassuring reply is not met by a second safety check straight away (any
  alert it raises is raised all the same);
- an answer naming a service or a difficulty (or a service someone else has
  arranged, even when a benefit is mentioned) leads to "so what?" or a reframe
  (except a service given as a first step or a time to meet, which is the how,
  and any answer to a scaling question, which is a sign of progress; a service
  the person turns down is their no, not something to ask "so what?" about)
  quoting the person's latest words, at most three in a row (two early on with
  the relational framework), after which the topic is noted for later;
- an outcome is checked back in the person's own words (their wish, never a
  service, a hard story or the whole answer) and explored; with no wish to
  quote there is no check-back;
- a number given to a scaling question is a score, not an outcome;
- otherwise the conversation moves through its stages and does not close
  before strengths, the people who matter and what the person can still do
  have been explored; nothing already answered is asked again (people named
  means no more network questions; strengths at most twice in a row), and a
  question that says "that" is only asked while "that" is still the subject;
- no question is asked twice.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Callable

from assistant.conversation.bank import FRAMEWORK_AUDIENCE, Question, QuestionBank
from assistant.conversation.records import AnswerReading
from assistant.conversation.replies import (ALSO, BUT, CARRYING, HARM, MONEY, NOT_CLEAR, NOT_RIGHT, NOTHING_MORE, PEOPLE, PRAISED,
                                            REASSURING, SOMEONE_PRAISED, THING_RESULT, TOLD, WHO_SEES, WISH_SAID, YES,
                                            is_score_answer, said_again)
from assistant.conversation.wording import naming_who, outcome_phrase, read_back, short_words
from assistant.nlp.text import DONT_KNOW
from assistant.review.answers import parse_rating  # a scaling answer is read as a review reads a rating

STAGE_ORDER = ("opening", "exploring", "strengths", "network", "planning", "closing")
LADDER = ("so_what", "reframe")
# Questions whose answers say how and when (a first step, a time to meet): a service named there is
# the arrangement for an outcome already found, so it is not met with "so what?".
PLANNING_TECHNIQUES = frozenset({"negotiation", "closing"})
# When the bank has nothing left to ask (practitioner's wording, the person's own): each is asked once.
ANYTHING_ELSE = (
    ("Is there anything else you'd like to add?", "Is there anything else I'd like to add?"),
    ("What else is on your mind?", "What else is on my mind?"),
    ("Is there anything we haven't talked about yet?", "Is there anything we haven't talked about yet?"),
    ("Is there anyone else we should think about today?", "Is there anyone else we should think about today?"),
    ("Is there anything you'd like to say in your own words before we finish?",
     "Is there anything I'd like to say in my own words before we finish?"),
)
# The close, and what to say if more is typed after it.
DONE = (
    ("That's everything for now: thank you. Look over the outcomes together (F7) and the plan (F8); "
     "anything more typed here is kept too.",
     "That's everything for now. Thank you. I can look at my outcomes and my plan with the buttons below, "
     "or add anything else here."),
    ("Thank you, that's kept too. Is there anything else before we look at the plan?",
     "Thank you, that's kept too. Is there anything else before I look at my plan?"),
    ("Thank you. Anything more you add here is kept with today's notes.",
     "Thank you. Anything more I add here is kept with today's notes."),
)
STRENGTHS_AT_MOST = 3  # strengths questions in one conversation: enough to hear them, not a grilling


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

    @property
    def is_safety_check(self) -> bool:
        return "safety" in self.id


@dataclass
class TurnRecord:
    """One question and its answer, as the flow needs to replay it."""

    question: PlannedQuestion
    answer: str | None = None
    skipped: bool = False
    analysis: AnswerReading | None = None
    # The topic on the table was marked done just before this question was asked.
    topic_done: bool = False


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
    scores: list[tuple[str, int]] = field(default_factory=list)
    people_named: bool = False
    heard: set[str] = field(default_factory=set)  # outcome areas the person has spoken about, in any kind of answer
    alerts: list[int] = field(default_factory=list)
    last_kind: str = ""
    last_flagged: bool = False
    last_outcome_words: str = ""  # the wish to check back, in the person's words
    subject_live: bool = False  # something was just said that "that" can refer to
    ladder_says_that: bool = False  # the next rung says "that" rather than quoting (the answer was a result)
    not_clear: str = ""  # the technique of a question the person did not understand ("what does that mean?")
    reword: bool = False  # what was checked back was not right: ask for the right words
    after_safety: bool = False  # the last answer was to the safety question
    asked_who_sees: bool = False  # the last answer asked where the person's words go
    # (answer, outcome) turn indexes: the person said yes when the outcome was checked back.
    confirmed: list[tuple[int, int]] = field(default_factory=list)


class ConversationFlow:
    def __init__(self, bank: QuestionBank, framework: str, mode: str = "practitioner", outcome_words: dict[str, str] | None = None) -> None:
        self.bank = bank
        self.framework = framework
        self.mode = mode
        self.audience = FRAMEWORK_AUDIENCE.get(framework, "person")
        self.pacing = PACING[self.audience]
        self.questions = bank.for_audience(self.audience)
        self._plan_fields = {q.id: q.fills for q in self.questions if q.fills}  # read on every answer: once here
        # Check-backs of one outcome in the person's words (see _checks_back_one), also read on every answer.
        self._one_checkbacks = frozenset(q.id for q in self.questions
                                         if q.technique == "check_understanding" and q.needs_topic and not q.reads_back)
        self.outcome_words = outcome_words or {}
        self.state = FlowState()
        self.turns: list[TurnRecord] = []
        # What a read-back question reads back: the session's board (agreed or waiting, in their latest
        # words, nothing turned down or held back), or without one the outcomes the flow heard.
        self.read_back_words: Callable[[], list[str]] | None = None

    # ----- replay -------------------------------------------------------------------
    @classmethod
    def replay(cls, bank: QuestionBank, framework: str, mode: str, turns: list[TurnRecord], outcome_words=None) -> "ConversationFlow":
        flow = cls(bank, framework, mode, outcome_words)
        for turn in turns:
            if turn.topic_done:
                flow.topic_done()
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
    def ask(self, question: PlannedQuestion, *, topic_done: bool = False) -> PlannedQuestion:
        self.turns.append(TurnRecord(question, topic_done=topic_done))
        self.state.asked.append(question.id)
        return question

    def answer(self, text: str, analysis: AnswerReading) -> None:
        turn = self._require_pending()
        turn.answer, turn.analysis = text, analysis
        self._apply(len(self.turns) - 1)

    def skip(self) -> None:
        turn = self._require_pending()
        turn.skipped = True
        self._apply(len(self.turns) - 1)

    def topic_done(self) -> None:
        """The practitioner or person says the current topic is finished: nothing refers back to it now."""
        s = self.state
        if s.ladder_topic:
            s.done_topics.append(s.ladder_topic)
        s.ladder_topic, s.ladder_count, s.ladder_outcome = "", 0, ""
        s.last_kind, s.last_outcome_words, s.subject_live = "", "", False

    def custom(self, text: str, technique: str = "what_matters") -> PlannedQuestion:
        """A question the practitioner (or person) typed themselves."""
        number = sum(1 for t in self.turns if t.question.id.startswith("custom.")) + 1
        return PlannedQuestion(f"custom.{number}", text.strip(), technique, self._stage())

    def replace_pending(self, question: PlannedQuestion, *, topic_done: bool = False) -> PlannedQuestion:
        """Ask another question instead of the one waiting (it stays unasked)."""
        turn = self._require_pending()
        self.turns.pop()
        self.state.asked.remove(turn.question.id)
        return self.ask(question, topic_done=topic_done or turn.topic_done)

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
            s.last_kind, s.last_flagged, s.subject_live = "", False, False
            s.not_clear, s.after_safety, s.asked_who_sees = "", turn.question.is_safety_check, False
            s.reword = False
            return
        s.answered += 1
        s.reword = False
        question = turn.question
        if question.technique in LADDER:
            s.ladder_count += 1
            if question.topic in s.parked_topics:
                s.parked_topics.remove(question.topic)
                s.done_topics.append(question.topic)
        reading = turn.analysis or AnswerReading()
        words = turn.answer or ""
        s.not_clear = question.technique if (NOT_CLEAR.match(words) and not reading.safeguarding) else ""
        # After the safety question, or any answer that raised an alert (a possible concern too: "some nights
        # I could just walk out that door and not come back"), nothing asks for a first step "towards that".
        s.after_safety = question.is_safety_check or reading.safeguarding
        if reading.safeguarding:
            s.alerts.append(index)
        # A concern the rules saw or the model is sure of leads to the safety question; a weaker one
        # is raised as an alert all the same, and the conversation carries on with what was said.
        flagged = reading.safeguarding and reading.alert_certain
        # A reassuring reply to the safety question that repeats the hard words ("I'm not going to kill
        # myself") raises its own alert, but a second safety question straight after would feel like
        # being grilled; a reply that tells of something new ("he's outside now") gets one.
        # Only when every sentence that raised the alert is the reassurance itself: "I'm grand. I took all me
        # tablets an hour ago" tells of something new.
        raised_by = reading.alert_sentences or (words,)
        s.last_flagged = flagged and not (question.is_safety_check and not BUT.search(words)
                                          and all(REASSURING.search(sentence) for sentence in raised_by))
        s.asked_who_sees = bool(WHO_SEES.search(words)) and not s.last_flagged
        if s.asked_who_sees:
            # A question about who sees this is answered before anything else; nothing is collected from it.
            s.last_kind, s.last_outcome_words, s.subject_live = "", "", False
            s.ladder_topic, s.ladder_count, s.ladder_outcome = "", 0, ""
            return
        if question.is_safety_check or flagged:
            # About safety, not about what the person wants from life: nothing is collected from it.
            s.last_kind, s.last_outcome_words, s.subject_live = "", "", False
            s.ladder_topic, s.ladder_count, s.ladder_outcome = "", 0, ""
            return
        fills = self._fills(question)
        if fills == "next_meeting":
            # "Thursday at the drop in" to "when shall we meet again?": it goes in the plan as said, and is
            # neither an outcome on the board nor a topic for "so what?".
            s.last_kind, s.last_outcome_words, s.subject_live = "", "", False
            return
        if is_score_answer(question, words):
            s.scores.append((question.topic or short_words(question.text, 60), parse_rating(words) or 0))
            s.last_kind, s.last_outcome_words, s.subject_live = "", "", False
            return
        kind = reading.kind
        if kind == "service" and PRAISED.search(words) and not reading.wish:
            kind = "strength"  # goes with the people who matter (below), never met with "so what?"
            praised = True
        else:
            praised = False
        s.heard.update(reading.outcome_ids)
        s.heard.update(topic for topic, said in TOLD.items() if said.search(words))
        s.last_kind = kind
        s.subject_live = kind in {"outcome", "service", "difficulty"}
        if question.technique in {"network", "strengths"} and kind == "outcome" and not reading.wish:
            # "My daughter Karen, and Bert from the next plot", "fixing bikes, and I do a decent curry":
            # people who matter, or what the person is good at, named to the question that asked; not a wish.
            kind = s.last_kind = "strength"
            s.subject_live = False
        # "I'd be back at church every Sunday" to "how would you know things were better?" is a sign of
        # progress for the outcome already on the table (the plan's "what good looks like"), not another one.
        # Only a question that asks for a sign: a wish said to "what would make it one better?" is new.
        sign_of_progress = fills == "good_looks_like" and bool(s.outcomes)
        # "About a 3, it's been a rough month" to a scaling question, or "ring the choir leader" as a first
        # step, is a score or the how of an outcome already found: a new outcome only if a wish is said
        # ("About a 3. Knowing the council had the form would move it up." says what would, not a new wish).
        # ("sleep. put sleep in." to "what must go in the plan?" is what to write down: it is collected.)
        # A first step said as a doing ("Ringing the council about a payment, with my sister") is the step too;
        # a wish said as one ("I'd like to get back to church too") is new.
        # To a closing question, an outcome with no wish is collected only if it names an area not yet on the
        # board ("sleep. put sleep in."), never "no just what we said, keeping the flat" a second time.
        collected_ids = {i for o in s.outcomes for i in o.outcome_ids}
        no_new_wish = bool(s.outcomes) and (
            (question.technique == "scaling" and parse_rating(words) is not None
             and (not reading.wish or not WISH_SAID.search(words)))
            or (question.technique in PLANNING_TECHNIQUES and question.technique != "closing"
                and (not reading.wish or not WISH_SAID.search(words)))
            or (question.technique == "closing" and not reading.wish and set(reading.outcome_ids) <= collected_ids))
        # "Yes, that's it" to a check-back confirms the outcome checked: not a second one, unless it adds another.
        # So, too, a reply that says the same again in other words, with no wish of its own ("somewhere that's mine,
        # no one kicking me out" to "so getting your own place matters?").
        checked = s.outcomes[-1].outcome_ids if s.outcomes else []
        # A yes with a different wish ("Yeah. I want to move nearer my daughter"), or a "but", adds one.
        within = set(reading.outcome_ids) <= set(checked)
        confirms = question.technique == "check_understanding" and not question.id.startswith("privacy.") and (
            (bool(YES.match(words)) and not ALSO.search(words) and not BUT.search(words) and (not reading.wish or within))
            or (not reading.wish and bool(reading.outcome_ids) and within))
        result_only = (question.technique in LADDER and bool(s.ladder_topic) and not reading.wish
                       and bool(THING_RESULT.search(words)))
        # A service asked for or arranged, with no wish of the person's own ("I need a cleaner, really; the house
        # has gone to pot"): "so what?" finds the outcome, in their words, rather than the model's guess now.
        service_only = reading.arranged and not reading.wish
        if service_only and kind == "difficulty":
            s.last_kind = "service"  # the ask is what "so what?" is about: "if you had that…", not "if that wasn't a worry…"
        if (self._checks_back_one(question) and s.outcomes and not reading.wish and within and not YES.match(words)
                and NOT_RIGHT.search(words)):
            # "nah theyre 2 different things": the words checked back were not right ("No, it's more about getting
            # my confidence back" names something else, and is that). They leave what is read
            # back, and the person is asked for the right words (the board keeps the row, to decline or reword).
            s.outcomes.pop()
            s.reword, s.last_kind, s.last_outcome_words, s.subject_live = True, "", "", False
            return
        restated = False
        if confirms and s.outcomes and YES.match(words):
            s.confirmed.append((index, s.outcomes[-1].turn_index))  # "yes, that's right": the person agrees it
        if reading.wish:
            # "see her more", said after "my nan is in the home": "seeing my nan more", for the board and the check-back.
            earlier = [t.answer for t in self.turns[:index] if t.answer and not t.skipped][-1:]
            reading = replace(reading, wish=naming_who(reading.wish, [*earlier, words]))
        if kind == "outcome" and reading.outcomes and not sign_of_progress and not no_new_wish and not confirms \
                and not result_only and not service_only:
            phrase = outcome_phrase(reading, words)
            # Said again later ("staying in my own home", twice; "seeing my son, like I said" after "seeing my
            # son more"): one outcome on the board, not two, and it is not checked back a second time.
            if any(said_again(phrase, reading.outcome_ids, o) for o in s.outcomes):
                restated = True
            else:
                s.outcomes.append(CollectedOutcome(phrase, reading.outcome_ids, index, reading.evidence))
        elif question.technique == "reframe" and YES.match(words) and s.ladder_outcome:
            # "Yes, that's it": the reframed outcome is agreed, in the words of the topic.
            s.outcomes.append(CollectedOutcome(s.ladder_topic or words, [s.ladder_outcome], index))
        s.last_outcome_words = reading.wish if kind == "outcome" and not sign_of_progress and not restated else ""
        names_people = bool(PEOPLE.search(words))
        # Someone named inside a wish ("seeing my sister more") is on the board, not under the people who
        # matter: the question about them is still asked, or the plan says "none recorded" of a life full of people.
        # (Named to the question about people, they count whatever the answer's kind.)
        s.people_named = s.people_named or (names_people and (kind != "outcome" or question.technique == "network"))
        # Each answer goes under one heading only: people who matter, or strengths. A sign of progress
        # ("i see nan evry sunday" to "how would I know things were getting better?") is neither: it is
        # what good looks like, not something already true.
        if kind != "outcome" and fills != "good_looks_like" and question.technique != "scaling":
            # Said to "what are you good at?", a strength is a strength even when someone is named in it
            # ("my daughter says I'm too stubborn to give up").
            # A difficulty is neither ("I can't keep on top of the hoovering with my back", said to "what can you still do?").
            # Someone in their life praised, to any question ("my sister Pat is good to me"), is one of them.
            someone_praised = bool(SOMEONE_PRAISED.search(words))
            if (question.technique == "network" and kind not in {"other", "service", "difficulty"}) or (
                    kind == "strength" and (someone_praised or (
                        (names_people or praised) and question.technique != "strengths"))):
                s.network.append(words)
            elif kind == "strength" or (question.technique == "strengths" and kind not in {"other", "service", "difficulty"}):
                s.strengths.append(words)
        # Never "so what?" about an answer that raised an alert: "if that got sorted…" about walking out for good.
        ladder_worthy = (kind in {"service", "difficulty"} or (reading.arranged and kind != "strength")) \
            and not reading.turned_down and not reading.safeguarding
        s.ladder_says_that = False
        if result_only:
            ladder_worthy, s.ladder_says_that, s.subject_live = True, True, True
            s.last_kind = "service"  # "and if you had that…" fits; "if that wasn't a worry…" does not
        if question.technique == "scaling" or fills == "good_looks_like" or (
                question.technique in PLANNING_TECHNIQUES and kind != "difficulty"):
            # "When I've slept upstairs a whole week" to "how would you know things were better?" is a sign
            # of progress, even when it is told as what is wrong now: never met with "so what?".
            # "Thursday at the drop in, mornings are better" to "when would suit you?", or "ring the housing
            # office" as a first step: the how of an outcome already found, not a new topic.
            ladder_worthy = False
        if ladder_worthy:
            topic = short_words(reading.topic or words, 80)
            same_ladder = s.ladder_topic and question.technique in LADDER
            if not same_ladder:
                # A new topic; if this answer came from a "so what?" it counts toward the run.
                s.ladder_outcome = ""
                s.ladder_count = 1 if question.technique in LADDER else 0
            s.ladder_topic = topic  # every rung quotes the latest words
            if reading.outcomes:
                s.ladder_outcome = reading.outcome_ids[0]
            limit = self.pacing.early_ladder_limit if s.answered <= self.pacing.early_answers else self.pacing.ladder_limit
            if topic in s.done_topics:
                s.ladder_topic, s.ladder_count, s.ladder_outcome = "", 0, ""
            elif s.ladder_count >= limit:
                # Three times is enough: note the topic and come back to it later.
                if topic not in s.parked_topics:
                    s.parked_topics.append(topic)
                s.ladder_topic, s.ladder_count, s.ladder_outcome = "", 0, ""
        else:
            s.ladder_topic, s.ladder_count, s.ladder_outcome = "", 0, ""

    # ----- choosing -------------------------------------------------------------------
    def next_question(self) -> PlannedQuestion:
        s = self.state
        if s.last_flagged:
            money = self._about_money_alone()
            question = (self._first(lambda q: q.technique == "risk" and "safety.money" in q.id) if money else None) or \
                self._first(lambda q: q.technique == "risk" and "safety" in q.id and "safety.money" not in q.id)
            if question:
                return self._render(question)
        if s.asked_who_sees:
            return self._who_sees()
        if s.not_clear:
            # Asked another way: a question of the same kind, not asked yet.
            question = self._first(lambda q: q.technique == s.not_clear and not q.needs_topic and not q.needs_outcome
                                   and "safety" not in q.id and self._fits_now(q))
            if question:
                return self._render(question)
        if s.reword:
            return self._reword()
        if s.ladder_topic and s.last_kind:
            planned = self._ladder_question()
            if planned:
                return planned
        if s.last_kind == "outcome" and s.subject_live:
            planned = self._explore_outcome(s.last_outcome_words)
            if planned:
                return planned
        return self._by_stage()

    def _who_sees(self) -> PlannedQuestion:
        """A straight answer to "is this going to social services?" (Shaz was asked if she had somewhere safe
        to stay instead), then whether to carry on. In the person's own screens it says what is true of this
        app; a practitioner is asked to say it in their own words, for their own service."""
        number = sum(1 for a in self.state.asked if a.startswith("privacy.who_sees.")) + 1
        text = ("That's a fair question, and it needs a straight answer now: say who will see these notes, and when "
                "something would have to be shared (only if someone might not be safe). Then: is it all right to carry on?")
        plain = ("Good question. What I write here stays on this computer, with my worker. My worker will only share "
                 "something if someone might not be safe, and will talk to me first if they can. Is it OK to carry on?")
        return PlannedQuestion(f"privacy.who_sees.{number}", plain if self.mode == "cowrite" else text,
                               "check_understanding", "exploring")

    def _checks_back_one(self, question: PlannedQuestion) -> bool:
        """A check-back of one outcome in the person's words ("“keeping the flat” matters to me. Is that right?"),
        not a read-back of them all ("What have I missed or got wrong?", to which "no" means nothing)."""
        return question.technique == "check_understanding" and question.id in self._one_checkbacks

    def _reword(self) -> PlannedQuestion:
        """The right words, after "no" to a check-back: said as the person would, and each thing on its own."""
        number = sum(1 for a in self.state.asked if a.startswith("reword.")) + 1
        text = "Sorry, I didn't get that right. How would you put it, in your own words? If it's two things, say each one."
        plain = "Sorry, that wasn't right. How would I put it, in my own words? If it's two things, I can say each one."
        return PlannedQuestion(f"reword.{number}", plain if self.mode == "cowrite" else text, "what_matters", "exploring")

    def _about_money_alone(self) -> bool:
        """The concern just raised is about money and nothing worse: the guess is exploitation alone and
        the answer names money ("my grandson has my pension card"), so the safety question asks about that.
        Money owed to someone who has the person hold or carry things is not about money alone."""
        last = next((t for t in reversed(self.turns) if t.answer is not None), None)
        reading = last.analysis if last else None
        words = (last.answer or "") if last else ""
        return bool(reading and reading.concern == ("exploitation",) and MONEY.search(words) and not HARM.search(words)
                    and not CARRYING.search(words))

    def alternatives(self, limit: int = 5) -> list[PlannedQuestion]:
        """Other questions that fit now: one per technique, not yet asked, ready to render."""
        pending = self.pending.question.id if self.pending else ""
        seen_techniques: set[str] = set()
        found: list[PlannedQuestion] = []
        topic = self.state.ladder_topic or self.state.last_outcome_words
        for question in self.questions:
            if question.id in self.state.asked or question.id == pending or question.needs_outcome:
                continue
            if question.technique in seen_techniques or "safety" in question.id or not self._fits_now(question):
                continue
            if question.needs_topic and not topic:
                continue
            if not question.fits_answer(self.state.last_kind):
                continue
            seen_techniques.add(question.technique)
            found.append(self._render(question, topic=short_words(topic)))
            if len(found) == limit:
                break
        return found

    def _fits_now(self, question: Question) -> bool:
        """Nothing asked that is already answered, and "that" only while there is a "that"."""
        s = self.state
        if question.refers_back and not s.subject_live:
            return False
        if question.technique == "network" and self._network_known():
            return False
        if question.reads_back and not self._read_back_phrases():
            return False  # nothing to read back yet
        if s.heard.intersection(question.covers):
            return False  # "How are you sleeping?" after "I just want a proper night's sleep"
        if s.after_safety and (question.technique in {"scaling", "negotiation"} or question.refers_back
                               or self._plan_fields.get(question.id) == "good_looks_like"):
            return False  # straight after the safety question, "how would you know things were better?" reads as about the harm
        if question.technique == "strengths" and (self._recent_techniques(2) == ["strengths", "strengths"] or sum(
                1 for q in self._asked_questions() if q.technique == "strengths") >= STRENGTHS_AT_MOST):
            return False
        return True

    def _read_back_phrases(self) -> list[str]:
        return self.read_back_words() if self.read_back_words else [o.words for o in self.state.outcomes]

    def _fills(self, question: PlannedQuestion) -> str:
        """The plan field the answer starts (the bank's `fills`), or ""."""
        return self._plan_fields.get(question.id, "")

    def _network_known(self) -> bool:
        return self.state.people_named or bool(self.state.network)

    def _recent_techniques(self, n: int) -> list[str]:
        return [t.question.technique for t in self.turns if t.answer is not None or t.skipped][-n:]

    def _ladder_question(self) -> PlannedQuestion | None:
        s = self.state
        outcome = self.outcome_words.get(s.ladder_outcome, "")
        order = ("so_what", "reframe", "so_what") if outcome else ("so_what", "so_what", "so_what")
        preferred = order[min(s.ladder_count, len(order) - 1)]
        techniques = (preferred, *[t for t in LADDER if t != preferred])
        # Questions that quote the person's latest words first; then ones that say "that" about them (those
        # first after a result, "the place would be tidy": "and what would that give you?").
        for quoting in ((False, True) if s.ladder_says_that else (True, False)):
            for technique in techniques:
                for question in self.questions:
                    if question.id in s.asked or question.technique != technique or question.needs_topic != quoting:
                        continue
                    if not question.fits_answer(s.last_kind):
                        continue  # "if you had that…" never follows a fear
                    if question.needs_outcome and not outcome:
                        continue
                    return self._render(question, topic=s.ladder_topic, outcome=outcome)
        return None

    def _explore_outcome(self, wish: str) -> PlannedQuestion | None:
        order = ("check_understanding", "network", "strengths", "negotiation", "scaling")
        for technique in order:
            if technique == "check_understanding" and not wish:
                continue  # no outcome in the person's own words: nothing to check back
            question = self._first(lambda q, t=technique: q.technique == t and q.stage in {"exploring", "planning", "strengths", "network"}
                                   and (q.needs_topic or t != "check_understanding") and self._fits_now(q))
            if question:
                return self._render(question, topic=short_words(wish))
        return None

    def _stage(self) -> str:
        s, p = self.state, self.pacing
        if s.answered == 0 and not any(q.stage != "opening" for q in self._asked_questions()):
            return "opening"
        if s.answered < p.exploring_answers:
            return "exploring"
        required = self._required()
        if any(self.bank.by_id(r).stage == "strengths" for r in required) or (not s.strengths and self._unasked("strengths")):
            return "strengths"
        if required or (not self._network_known() and self._unasked("network")):
            return "network"
        planning_asked = sum(1 for q in self._asked_questions() if q.stage == "planning")
        revisit = s.parked_topics and self._first(lambda q: q.technique == "so_what" and q.needs_topic)
        if planning_asked < p.planning_questions or revisit:
            return "planning"
        return "closing"

    def _required(self) -> list[str]:
        """Questions still needed before closing (the network one is met once people are named, the
        strengths one once the person has said what they are good at: never asked what was just told)."""
        found = []
        for rid in REQUIRED_BEFORE_CLOSING[self.audience]:
            if rid in self.state.asked:
                continue
            if self.bank.by_id(rid).technique == "network" and self._network_known():
                continue
            if self.bank.by_id(rid).technique == "strengths" and self.state.strengths:
                continue
            found.append(rid)
        return found

    def _by_stage(self) -> PlannedQuestion:
        s = self.state
        last_turn = self.turns[-1] if self.turns else None
        if (last_turn and last_turn.question.id.startswith(("close.anything_else.", "close.done.")) and last_turn.answer
                and last_turn.analysis is not None and last_turn.analysis.kind == "other" and not last_turn.analysis.safeguarding
                and (NOTHING_MORE.match(last_turn.answer) or DONT_KNOW.match(last_turn.answer))):
            return self._done()  # "nah, that's it" or "dunno really" to "anything else?": nothing more to ask
        if any(t.answer is not None and self._fills(t.question) == "next_meeting" for t in self.turns):
            # When and where to meet again is the last word: after it, only "anything else?", never a
            # new opening question (a carer found "what have you given up?" asked after it).
            return self._anything_else()
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
                if follow_up not in s.asked and not question.needs_topic and not question.needs_outcome and self._fits_now(question):
                    return self._render(question)
        for rid in self._required():
            question = self.bank.by_id(rid)
            if question.stage == stage and self._fits_now(question):
                return self._render(question)
        start = STAGE_ORDER.index(stage)
        # The current stage first, then later ones, then earlier ones: never run dry.
        for candidate_stage in (*STAGE_ORDER[start:], *STAGE_ORDER[:start]):
            question = self._first(lambda q, st=candidate_stage: q.stage == st and not q.needs_topic and not q.needs_outcome
                                   and "safety" not in q.id and self._fits_now(q))
            if question:
                return self._render(question)
        return self._anything_else()

    def _anything_else(self) -> PlannedQuestion:
        """Once the bank has nothing left to ask: "anything else?", each wording once, then the close."""
        number = sum(1 for a in self.state.asked if a.startswith("close.anything_else.")) + 1
        if number > len(ANYTHING_ELSE):
            return self._done()
        text, plain = ANYTHING_ELSE[number - 1]
        return PlannedQuestion(f"close.anything_else.{number}", plain if self.mode == "cowrite" else text, "closing", "closing")

    def _done(self) -> PlannedQuestion:
        """ "Nah, that's it" to "anything else?": the conversation has what it needs; say so, and what comes next
        (anything typed here is still kept). No question is asked twice: each closing wording is used once,
        and past the last one each line says which note it is."""
        number = sum(1 for a in self.state.asked if a.startswith("close.done.")) + 1
        if number <= len(DONE):
            text, plain = DONE[number - 1]
        else:
            text = f"Kept, as note {number - 1} added after we finished. Anything more?"
            plain = f"Kept, as note {number - 1} I added after we finished. Anything more?"
        return PlannedQuestion(f"close.done.{number}", plain if self.mode == "cowrite" else text, "closing", "closing")

    def _first(self, keep) -> Question | None:
        for question in self.questions:
            if question.id not in self.state.asked and keep(question):
                return question
        return None

    def _unasked(self, stage: str) -> bool:
        return any(q.stage == stage and q.id not in self.state.asked and not q.needs_topic and self._fits_now(q) for q in self.questions)

    def _asked_questions(self) -> list[Question]:
        ids = {q.id for q in self.questions}
        return [self.bank.by_id(a) for a in self.state.asked if a in ids]

    def _render(self, question: Question, topic: str = "", outcome: str = "") -> PlannedQuestion:
        outcomes = read_back(self._read_back_phrases()) if question.reads_back else ""
        return PlannedQuestion(question.id, question.render(self.mode, topic=topic, outcome=outcome, outcomes=outcomes),
                               question.technique, question.stage, topic)
