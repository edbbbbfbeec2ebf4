"""The review flow: for each agreed outcome, where things stand now and what helped.

Like the conversation flow it is a pure function of the turns so far, so an
unfinished review resumes where it stopped and "go back" replays one turn
fewer. For each outcome, in order:

1. the rating question (scaling): the person's own number from 1 to 10;
   an answer with no number is asked again once, gently, then left without one
   (in a full review, an answer saying the outcome is no longer wanted ends
   the questions about it);
2. (full reviews) if the person said the outcome has changed: how they would put it now;
3. what helped and what got in the way (what_helped), worded for a step back
   when the number is lower than last time;
4. (full reviews, not with relational pacing) a next step, however small.

A full review then asks, once: a small step (relational pacing, instead of one
per outcome) and whether anything new matters now. New outcomes the person
agrees join the review, each with a first rating.

The `core` depth is the headless contract: steps 1 and 3 only.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.conversation.bank import FRAMEWORK_AUDIENCE, QuestionBank
from assistant.conversation.flow import PlannedQuestion
from assistant.conversation.wording import short_words
from assistant.review.answers import infer_status, parse_rating, said_status
from assistant.review.outcomes import AgreedOutcome

DEPTHS = ("core", "full")
STEPS = ("rating", "rating_again", "what_helped", "what_helped_setback", "reword", "next_step", "small_step",
         "anything_new", "new_rating")
PREFIX = {"person": "review", "carer": "review.carer", "relational": "review.rel"}
STAGE = "review"


@dataclass(frozen=True)
class ReviewPacing:
    """How many questions a review asks for an audience."""

    next_step_each: bool = True  # a next step for every outcome, or one small step at the end


PACING = {
    "person": ReviewPacing(),
    "carer": ReviewPacing(),
    # Relationship first: fewer questions, and one small step is enough.
    "relational": ReviewPacing(next_step_each=False),
}


@dataclass
class ReviewTurn:
    """A question and its answer, or a choice made during the review (no question)."""

    step: str
    outcome_row: int | None
    question: PlannedQuestion | None = None
    answer: str | None = None
    skipped: bool = False
    data: dict = field(default_factory=dict)

    @property
    def answered(self) -> bool:
        return self.question is None or self.answer is not None or self.skipped


@dataclass(frozen=True)
class OutcomeResult:
    """Where one outcome stands after this review, in the contract's names."""

    row: int
    outcome: str | None
    words: str
    rating: int | None
    previous: int | None
    previous_on: str
    status: str | None
    said: str
    what_helped: str
    next_step: str
    is_new: bool
    reworded: bool

    @property
    def change(self) -> int | None:
        return None if self.rating is None or self.previous is None else self.rating - self.previous

    @property
    def setback(self) -> bool:
        return self.change is not None and self.change < 0

    def to_dict(self) -> dict:
        return {"outcome": self.outcome, "words": self.words, "rating": self.rating, "previous": self.previous,
                "change": self.change, "setback": self.setback, "status": self.status}


class ReviewFlow:
    def __init__(self, bank: QuestionBank, framework: str, mode: str, depth: str, outcomes: list[AgreedOutcome]) -> None:
        if depth not in DEPTHS:
            raise ValueError(depth)
        self.audience = FRAMEWORK_AUDIENCE.get(framework, "person")
        self.pacing = PACING[self.audience]
        self.mode = mode
        self.depth = depth
        self.bank = bank
        self.outcomes = list(outcomes)
        self.turns: list[ReviewTurn] = []

    @classmethod
    def replay(cls, bank, framework, mode, depth, outcomes, turns: list[ReviewTurn]) -> "ReviewFlow":
        flow = cls(bank, framework, mode, depth, outcomes)
        for turn in turns:
            flow.turns.append(turn)
            flow._apply(turn)
        return flow

    # ----- state --------------------------------------------------------------------------
    @property
    def pending(self) -> ReviewTurn | None:
        if self.turns and not self.turns[-1].answered:
            return self.turns[-1]
        return None

    @property
    def awaiting_new_outcomes(self) -> bool:
        """The person named something new; it waits for them to agree (or not) before going on."""
        asked = self._asked(None)
        new = asked.get("anything_new")
        return bool(new and new.answer and not new.skipped and "new_outcomes" not in asked)

    def outcome(self, row: int | None) -> AgreedOutcome | None:
        return next((o for o in self.outcomes if o.row == row), None)

    def _asked(self, row: int | None) -> dict[str, ReviewTurn]:
        """The latest turn of each step about one outcome (or about the review as a whole)."""
        return {t.step: t for t in self.turns if t.outcome_row == row}

    # ----- moves --------------------------------------------------------------------------
    def ask(self, step: str, row: int | None, question: PlannedQuestion) -> PlannedQuestion:
        self.turns.append(ReviewTurn(step, row, question))
        return question

    def answer(self, text: str) -> None:
        self._require_pending().answer = text

    def skip(self) -> None:
        self._require_pending().skipped = True

    def record(self, step: str, row: int | None, data: dict) -> None:
        """A choice: 'status' (data: status, words) or 'new_outcomes' (data: outcomes agreed)."""
        if self.pending:
            raise RuntimeError("a question is waiting for an answer")
        turn = ReviewTurn(step, row, data=data)
        self.turns.append(turn)
        self._apply(turn)

    def _apply(self, turn: ReviewTurn) -> None:
        if turn.step == "new_outcomes":
            for item in turn.data.get("outcomes", []):
                self.outcomes.append(AgreedOutcome(item["row"], item["words"], item["words"], tuple(item.get("categories", [])),
                                                   is_new=True))

    def _require_pending(self) -> ReviewTurn:
        if not self.pending:
            raise RuntimeError("no question is waiting for an answer")
        return self.pending  # type: ignore[return-value]

    # ----- choosing -------------------------------------------------------------------------
    def next_question(self) -> tuple[str, int | None, PlannedQuestion] | None:
        """The next step, the outcome it is about and the question; None when nothing is left to ask."""
        full = self.depth == "full"
        for item in self.outcomes:
            asked = self._asked(item.row)
            if item.is_new:
                if full and "new_rating" not in asked:
                    return self._question("new_rating", item)
                continue
            chosen = asked.get("status")
            if chosen and chosen.data.get("status") == "no_longer_wanted":
                continue  # the person said it no longer matters: nothing more is asked about it
            if "rating" not in asked:
                # Put in new words before any number: asked as a first rating of the new words.
                return self._question("new_rating" if self.result(item).reworded else "rating", item, step="rating")
            first = asked["rating"]
            if full and said_status(" ".join(t.answer or "" for k, t in asked.items() if k in {"rating", "rating_again"})) \
                    == "no_longer_wanted":
                continue  # "I don't want that any more": no number, no "what helped?" about it
            if not first.skipped and parse_rating(first.answer) is None and "rating_again" not in asked:
                return self._question("rating_again", item)
            result = self.result(item)
            if full and result.status == "changed" and not result.reworded and "reword" not in asked:
                return self._question("reword", item)
            if "what_helped" not in asked:
                return self._question("what_helped_setback" if result.setback else "what_helped", item, step="what_helped")
            # Nothing more to do for one the person says is done ("that one's done", a 10).
            if (full and self.pacing.next_step_each and result.status not in {"no_longer_wanted", "achieved"}
                    and "next_step" not in asked):
                return self._question("next_step", item)
        if not full:
            return None
        general = self._asked(None)
        if not self.pacing.next_step_each and "small_step" not in general:
            return self._question("small_step", None)
        if "anything_new" not in general:
            return self._question("anything_new", None)
        return None

    def words_now(self, item: AgreedOutcome) -> str:
        """The outcome in the words it has now: new words given in this review, or the words agreed before."""
        return self.result(item).words if not item.is_new else item.words

    def _question(self, name: str, item: AgreedOutcome | None, *, step: str = "") -> tuple[str, int | None, PlannedQuestion]:
        question = self.bank.by_id(f"{PREFIX[self.audience]}.{self._variant(name, item)}")
        # "Last time we wrote down …" quotes the words written last time; every later question, the words now.
        words = (item.words if name == "rating" else self.words_now(item)) if item else ""
        quoted = short_words(words, 120) if item else self._together()
        text = question.render(self.mode, outcome=quoted)
        return step or name, item.row if item else None, PlannedQuestion(question.id, text, question.technique, STAGE, words)

    def _variant(self, name: str, item: AgreedOutcome | None) -> str:
        """A question's shorter wording for the second outcome on, where the bank has one (the
        reassurance that opens the first rating question is said once, not before every outcome)."""
        later = f"{name}_next"
        first_id = f"{PREFIX[self.audience]}.{name}"
        if item is None or not any(t.question and t.question.id == first_id and t.outcome_row != item.row for t in self.turns):
            return name
        try:
            self.bank.by_id(f"{PREFIX[self.audience]}.{later}")
        except KeyError:
            return name
        return later

    def _together(self) -> str:
        """The plan's outcomes said back together: “A”, “B” and “C”; past five, the first four "and 2 more"
        (Dean heard two of his four and "2 more")."""
        words = [f"\u201c{short_words(self.words_now(o), 60)}\u201d" for o in self.outcomes
                 if not o.is_new and self.result(o).status != "no_longer_wanted"]
        if not words:
            return "your plan" if self.mode != "cowrite" else "my plan"
        if len(words) > 5:
            return ", ".join(words[:4]) + f" and {len(words) - 4} more"
        return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]

    # ----- results --------------------------------------------------------------------------
    def result(self, item: AgreedOutcome) -> OutcomeResult:
        asked = self._asked(item.row)
        answers = {step: t.answer for step, t in asked.items() if t.question and not t.skipped and t.answer}
        rating = parse_rating(answers.get("rating")) or parse_rating(answers.get("rating_again"))
        if item.is_new:
            rating = parse_rating(answers.get("new_rating"))
        where_now = " / ".join(a for a in (answers.get("rating"), answers.get("rating_again"), answers.get("new_rating")) if a)
        chosen = asked.get("status")
        # With no number and nothing said about it, an outcome stands where it stood (the last number's
        # status), or "not yet" when it has none: nothing counts as achieved that nobody said.
        status = (chosen.data.get("status") if chosen else None) or said_status(where_now, answers.get("what_helped")) \
            or infer_status(rating) or infer_status(item.previous) or "not_yet"
        words, reworded = item.words, False
        new_words = (chosen.data.get("words") if chosen else None) or (answers.get("reword") if status == "changed" else None)
        if new_words and new_words.strip() and new_words.strip() != item.words:
            words, reworded = new_words.strip(), True
        # A number for new words starts their own line: it is no step back from the old outcome's number.
        return OutcomeResult(item.row, item.outcome, words, rating, None if item.is_new or reworded else item.previous,
                             item.previous_on, status, where_now, answers.get("what_helped", ""),
                             answers.get("next_step", ""), item.is_new, reworded)

    def results(self) -> list[OutcomeResult]:
        """A result for every outcome the review has asked about (or whose status was chosen)."""
        return [self.result(o) for o in self.outcomes
                if any(t.answered for t in self.turns if t.outcome_row == o.row)]

    def general_answer(self, step: str) -> str:
        turn = self._asked(None).get(step)
        return turn.answer or "" if turn and not turn.skipped else ""
