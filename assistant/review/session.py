"""A review being held: flow, engine and storage kept in step.

The review screen and `outcomes review --json` both drive this class, so a
headless review saves exactly what the app saves. Every answer is committed
before the next question is chosen; an unfinished review is picked up again
where it stopped. Finishing saves one result per outcome, any rewording beside
the words before it, and a new version of the plan with the journey so far.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Callable

from assistant.conversation.bank import QuestionBank
from assistant.conversation.flow import PlannedQuestion
from assistant.conversation.replies import NOTHING_MORE
from assistant.conversation.records import Alert, AnswerReading
from assistant.errors import AssistantError, NotFoundError
from assistant.frameworks import load_framework
from assistant.nlp.text import DONT_KNOW, without_agreement
from assistant.plan.model import alert_answers, empty_outcome, latest_plan, readable_summary, repeats_alert
from assistant.review.flow import OutcomeResult, ReviewFlow, ReviewTurn
from assistant.review.journey import build_journey
from assistant.review.outcomes import AgreedOutcome, agreed_outcomes, match_plan_rows
from assistant.storage import Store

AnalyseFn = Callable[[str], object]
NEXT_REVIEW = timedelta(weeks=12)


@dataclass(frozen=True)
class Proposal:
    """Something new the person named, for them to agree (or not) as an outcome."""

    words: str
    categories: tuple[str, ...]


@dataclass(frozen=True)
class ReviewAnswer:
    next_question: PlannedQuestion | None
    alert_id: int | None = None
    proposals: tuple[Proposal, ...] = ()
    alert: Alert | None = None  # the alert this answer raised, with its words, as the conversation shows one


@dataclass(frozen=True)
class ReviewSummary:
    number: int | None  # None: nothing was said, so nothing was saved
    plan_version: int | None
    outcomes: tuple[OutcomeResult, ...]

    def to_dict(self) -> dict:
        return {"type": "review", "review": self.number, "outcomes": [o.to_dict() for o in self.outcomes]}


# A next step that says there is nothing left to do.
SORTED = re.compile(r"^\s*(?:nothing|none|no|nah|not really)?[\s,.!]*(?:(?:it'?s|that'?s|that one'?s|it is|that is) )?"
                    r"(?:all )?(?:sorted|done|fine now|fine|finished|covered)(?: now| thanks| thank you| love)*[\s.!]*$|"
                    # "keep as we are", "carry on as we are", "same again": no new step to write down
                    r"^\s*(?:just )?(?:keep|keeping|carry on|carrying on|stay|staying|leave it|leave things)(?: it| things)?"
                    r"(?: going)?(?: as| like)? ?(?:we are|it is|they are|things are|before|now|the same)?[\s.!]*$|"
                    r"^\s*(?:same|same again|more of the same|as we are|as it is)[\s.!]*$", re.I)


class ReviewSession:
    def __init__(self, store: Store, bank: QuestionBank, review: dict, flow: ReviewFlow, framework_name: str,
                 analyse: AnalyseFn | None) -> None:
        self.taken_back = ""  # the answer `back` took back, to offer again
        self.store = store
        self.bank = bank
        self.review = review
        self.flow = flow
        self.framework_name = framework_name
        self.analyse = analyse
        self._turn_ids: list[int] = []
        self._written: tuple[int, str] | None = None  # (turn, text) saved ahead of submit()
        self.caught_up: Alert | None = None  # an alert raised on opening, for an answer a killed run never read
        self.summary: ReviewSummary | None = None

    # ----- opening --------------------------------------------------------------------------
    @classmethod
    def open(cls, store: Store, bank: QuestionBank, conversation_id: int, *, depth: str = "full",
             mode: str | None = None, analyse: AnalyseFn | None = None) -> "ReviewSession":
        """Pick up the conversation's unfinished review, or start the next one."""
        info = store.conversation(conversation_id)
        outcomes = agreed_outcomes(store, info.id)
        open_reviews = [r for r in store.reviews(info.id) if not r["finished_at"]]
        if open_reviews:
            review = open_reviews[-1]
            if mode and review["mode"] != mode:
                review = cls._switch_mode(store, info, review, mode)
        else:
            if not outcomes:
                raise NotFoundError(f"Conversation {info.id} with {info.person} has no agreed outcomes to review.",
                                    hint="Agree outcomes on the outcomes board (F7 in the conversation) first.")
            review_id = store.start_review(info.id, mode or info.mode, depth)
            review = next(r for r in store.reviews(info.id) if r["id"] == review_id)
        rows = store.review_turns(review["id"])
        turns = []
        for row in rows:
            question = (PlannedQuestion(row["question_id"], row["question_text"], row["technique"], "review",
                                        "") if row["question_id"] else None)
            turns.append(ReviewTurn(row["step"], row["outcome_row"], question, row["answer"], bool(row["skipped"]), row["data"]))
        flow = ReviewFlow.replay(bank, info.framework, review["mode"], review["depth"], outcomes, turns)
        session = cls(store, bank, review, flow, info.framework, analyse)
        session._turn_ids = [row["id"] for row in rows]
        session.caught_up = session._read_last_answer(rows)
        if flow.pending is None and not flow.awaiting_new_outcomes:
            session._ask_next()
        return session

    @staticmethod
    def _switch_mode(store: Store, info, review: dict, mode: str) -> dict:
        """A sitting left open in one mode, asked for in the other: switched while nothing in it is answered
        (opened and left at once); otherwise it is finished first, so the person never carries on a
        practitioner's review (its guesses and everyone's records a key away) or the other way round."""
        if any(row["answered_at"] for row in store.review_turns(review["id"], include_superseded=True)):
            started = "with the practitioner" if review["mode"] != "cowrite" else "by the person co-writing"
            raise AssistantError(
                f"Review {review['number']} with {info.person} was started {started} and is not finished.",
                hint=f"Finish it first (outcomes review {info.id}), then start the next one "
                     f"{'co-written' if mode == 'cowrite' else 'with the practitioner'}.")
        for row in store.review_turns(review["id"]):
            store.remove_unanswered_review_question(row["id"])  # asked again, worded for whoever answers now
        store.set_review_mode(review["id"], mode)
        return {**review, "mode": mode}

    def _read_last_answer(self, rows: list[dict]) -> "Alert | None":
        """The screen saves an answer at Enter and reads it just after, so a killed run can leave the last
        answer unread for a concern: read it now and raise the alert it would have raised. An answer read
        before is read the same way again, and one that already raised its alert is left alone."""
        if self.analyse is None or not rows:
            return None
        last = rows[-1]
        if last["answer"] is None or last["skipped"]:
            return None
        if any(a.get("review_turn") == last["id"] for a in self.store.alerts(self.conversation_id)):
            return None
        analysis = self.analyse(last["answer"])
        if "safeguarding" not in getattr(analysis, "flags", ()):
            return None
        return self.alert(self._raise_alert(last["id"], analysis))

    # ----- what is being asked ----------------------------------------------------------------
    @property
    def conversation_id(self) -> int:
        return self.review["conversation_id"]

    @property
    def number(self) -> int:
        return self.review["number"]

    @property
    def mode(self) -> str:
        return self.review["mode"]

    @property
    def current(self) -> PlannedQuestion | None:
        pending = self.flow.pending
        return pending.question if pending else None

    @property
    def current_outcome(self) -> AgreedOutcome | None:
        pending = self.flow.pending
        return self.flow.outcome(pending.outcome_row) if pending else None

    @property
    def current_step(self) -> str:
        pending = self.flow.pending
        return pending.step if pending else ""

    @property
    def done(self) -> bool:
        """Nothing left to ask (the review can be finished)."""
        return self.flow.pending is None and not self.flow.awaiting_new_outcomes

    def question_line(self) -> dict:
        """The waiting question as the review contract writes it."""
        question, item = self.current, self.current_outcome
        line = {"type": "question", "outcome": item.outcome if item else None}
        if item and question.technique != "what_helped":
            line["words"] = item.words if self.current_step == "rating" else self.flow.words_now(item)
        line.update({"technique": question.technique, "text": question.text})
        return line

    def why(self, question: PlannedQuestion | None = None) -> str:
        question = question or self.current
        technique = self.bank.techniques.get(question.technique) if question else None
        if technique is None:
            return ""
        return technique.plain if self.mode == "cowrite" else technique.why

    # ----- moves ----------------------------------------------------------------------------
    def save_draft(self, text: str) -> None:
        """The answer box so far, saved a moment after typing stops: a closed terminal loses nothing."""
        if self.flow.pending is not None and self._turn_ids:
            self.store.save_review_draft(self._turn_ids[-1], text)

    def draft(self) -> str:
        """What was half-typed for the question waiting when the app last stopped."""
        return self.store.review_draft(self._turn_ids[-1]) if self.flow.pending is not None and self._turn_ids else ""

    def write_down(self, text: str) -> None:
        """Save the answer before it is read: the screen does this at once and reads it in the background,
        so an app killed while the engine reads still has the answer when it resumes."""
        if self.flow.pending is None:
            raise RuntimeError("no question is waiting for an answer")
        self.store.save_review_answer(self._turn_ids[-1], text)
        self._written = (self._turn_ids[-1], text)

    def submit(self, text: str) -> ReviewAnswer:
        """Save the answer (unless already written down), read it for a safeguarding concern, and ask what comes next."""
        pending = self.flow.pending
        if pending is None:
            raise RuntimeError("no question is waiting for an answer")
        turn_id = self._turn_ids[-1]
        if self._written != (turn_id, text):
            self.store.save_review_answer(turn_id, text)
        self._written = None
        analysis = self.analyse(text) if self.analyse else None
        alert_id, alert = None, None
        if analysis is not None and "safeguarding" in getattr(analysis, "flags", ()):
            alert_id = self._raise_alert(turn_id, analysis)
            alert = self.alert(alert_id)
        self.flow.answer(text)
        proposals: tuple[Proposal, ...] = ()
        if pending.step == "anything_new":
            proposals = self._proposals(text, analysis)
            if not proposals:
                self.flow.record("new_outcomes", None, {"outcomes": []})
                self._turn_ids.append(self.store.add_review_event(self.review["id"], None, "new_outcomes", {"outcomes": []}))
        return ReviewAnswer(None if self.flow.awaiting_new_outcomes else self._ask_next(), alert_id, proposals, alert)

    def unacknowledged_alerts(self) -> list[Alert]:
        """Every alert of the conversation and its reviews still waiting for what was done."""
        from assistant.conversation.session import conversation_alerts

        return [a for a in conversation_alerts(self.store, self.conversation_id) if not a.acknowledged]

    def _raise_alert(self, turn_id: int, analysis) -> int:
        """Record the alert a review answer raised. With a concern already on record for the person, even a
        possible one is kept as one to stop for ("I ended up sat in the car again one night last week")."""
        from assistant.conversation.session import conversation_alerts

        on_record = any(a.acknowledged and not a.no_concern for a in conversation_alerts(self.store, self.conversation_id))
        return self.store.add_review_alert(self.conversation_id, turn_id, tuple(getattr(analysis, "alert_sentences", ())),
                                           bool(getattr(analysis, "alert_certain", True)) or on_record,
                                           tuple(getattr(analysis, "concern", ())))

    def concerns_before(self, alert: Alert) -> list[Alert]:
        """The concerns recorded for this person before `alert` (not those closed as no concern): a review
        answer that tells of the same again is read against them."""
        from assistant.conversation.session import conversation_alerts

        return [a for a in conversation_alerts(self.store, self.conversation_id)
                if a.id < alert.id and a.acknowledged and not a.no_concern]

    def alert(self, alert_id: int) -> Alert | None:
        """One of the conversation's alerts, with the answer and sentences that raised it."""
        from assistant.conversation.session import conversation_alerts

        return next((a for a in conversation_alerts(self.store, self.conversation_id) if a.id == alert_id), None)

    def skip(self) -> ReviewAnswer:
        if self.flow.pending is None:
            raise RuntimeError("no question is waiting for an answer")
        self.store.save_review_answer(self._turn_ids[-1], None, skipped=True)
        self.flow.skip()
        return ReviewAnswer(self._ask_next())

    def back(self) -> PlannedQuestion | None:
        """Ask the previous question again; the earlier answer stays on record. Not past new outcomes agreed."""
        answered = [i for i, t in enumerate(self.flow.turns) if t.answered]
        if not answered or self.flow.turns[answered[-1]].step == "new_outcomes":
            return None
        keep = answered[-1]
        self.taken_back = self.flow.turns[keep].answer or ""  # offered again to change, rather than typed anew
        if self.flow.pending is not None:
            self.store.remove_unanswered_review_question(self._turn_ids[-1])
        self.store.supersede_review_turn(self._turn_ids[keep])
        turns = self.flow.turns[:keep]
        self.flow = ReviewFlow.replay(self.bank, self.framework_name, self.mode, self.flow.depth,
                                      [o for o in self.flow.outcomes if not o.is_new], turns)
        self._turn_ids = self._turn_ids[:keep]
        return self._ask_next()

    def set_status(self, row: int, status: str, words: str | None = None) -> None:
        """The person (or practitioner with them) says where an outcome stands, or puts it in new words."""
        pending = self.flow.pending
        data = {"status": status, "words": words}
        if pending is not None:
            # The waiting question is asked again after the choice, so the choice keeps its place in order.
            self.store.remove_unanswered_review_question(self._turn_ids.pop())
            self.flow.turns.pop()
        self.flow.record("status", row, data)
        self._turn_ids.append(self.store.add_review_event(self.review["id"], row, "status", data))
        self._ask_next()

    def agree_new(self, agreed: list[Proposal]) -> PlannedQuestion | None:
        """New outcomes the person agreed join the plan now, as the outcomes board would add them."""
        outcomes = []
        for item in agreed:
            row = self.store.add_outcome(self.conversation_id, item.words, list(item.categories))
            self.store.update_outcome(row, status="accepted")
            outcomes.append({"row": row, "words": item.words, "categories": list(item.categories)})
        data = {"outcomes": outcomes}
        self.flow.record("new_outcomes", None, data)
        self._turn_ids.append(self.store.add_review_event(self.review["id"], None, "new_outcomes", data))
        return self._ask_next()

    def proposals(self) -> tuple[Proposal, ...]:
        """What waits to be agreed (again, after the app was closed at that point)."""
        if not self.flow.awaiting_new_outcomes:
            return ()
        text = self.flow.general_answer("anything_new")
        return self._proposals(text, self.analyse(text) if self.analyse else None)

    def results(self) -> list[OutcomeResult]:
        return self.flow.results()

    # ----- finishing ------------------------------------------------------------------------
    def not_yet_reviewed(self) -> list[str]:
        """The outcomes this review has not asked about yet (still wanted), in their words."""
        asked = {r.row for r in self.flow.results()}
        return [o.words for o in self.flow.outcomes if o.row not in asked and not o.ended]

    def finish(self, saved_by: str = "", *, today: date | None = None) -> ReviewSummary:
        """Save the results and a new plan version; a review with nothing said is not kept."""
        if self.flow.pending is not None:
            self.store.remove_unanswered_review_question(self._turn_ids.pop())
            self.flow.turns.pop()
        results = self.flow.results()
        answered = any(t.question and t.answer for t in self.flow.turns) or any(t.question is None for t in self.flow.turns)
        if not answered:
            self.store.discard_review(self.review["id"])
            self.summary = ReviewSummary(None, None, ())
            return self.summary
        today = today or date.today()
        saved_by = saved_by or ("person (co-writing)" if self.mode == "cowrite" else "practitioner")
        rows = [{"outcome_row": r.row, "words": r.words, "rating": r.rating, "previous": r.previous, "change": r.change,
                 "setback": int(r.setback), "status": r.status, "said": r.said, "what_helped": r.what_helped,
                 "next_step": r.next_step, "is_new": int(r.is_new)} for r in results]
        rewordings = [(r.row, r.words) for r in results if r.reworded]
        with self.store.transaction():
            self.store.save_review(self.review["id"], rows, rewordings, f"{saved_by}, review {self.number}")
            plan = self._plan_after(results, today)
            version = self.store.save_plan_version(self.conversation_id, plan, f"{saved_by}, after review {self.number}")
            self.store.link_review_plan(self.review["id"], version)
        self.summary = ReviewSummary(self.number, version, tuple(results))
        return self.summary

    def _plan_after(self, results: list[OutcomeResult], today: date) -> dict:
        """The latest plan with this review applied: new words, outcomes no longer wanted set aside,
        new outcomes added, the journey so far, and the next review date."""
        framework = load_framework(self.framework_name)
        plan, _ = latest_plan(self.store, self.conversation_id, framework)
        rows = [r for r in self.store.outcomes(self.conversation_id) if r["status"] == "accepted"]
        positions = match_plan_rows(plan.get("outcomes", []), rows)
        by_row = {r.row: r for r in results}
        said_in_alerts = alert_answers(self.store, self.conversation_id)
        kept = []
        for index, item in enumerate(plan.get("outcomes", [])):
            row = next((row_id for row_id, position in positions.items() if position == index), None)
            result = by_row.get(row)
            if result and result.status == "no_longer_wanted":
                continue
            if result and result.reworded:
                item = {**item, "words": result.words}
            step = " ".join((result.next_step if result else "").split())
            if NOTHING_MORE.match(step) or DONT_KNOW.match(step) or SORTED.match(step):
                step = ""  # "Nothing, that's sorted" is not a step
            steps = item.get("milestones", [])
            if step and not repeats_alert(step, said_in_alerts) and all(m.get("what") != step for m in steps):
                # The next step the person named joins their steps (never words from an answer that raised an alert).
                item = {**item, "milestones": [*steps, {"what": step, "by": ""}]}
            kept.append(item)
        for result in results:
            if result.is_new and result.row not in positions:  # a fresh draft already holds it
                kept.append(empty_outcome(result.words, [c for c in self.flow.outcome(result.row).categories]))
        plan["outcomes"] = kept
        # What matters, in the words of the outcomes the person's copy holds (a held-back one is not named).
        plan["summary"] = readable_summary([o["words"] for o in kept if not o.get("held_back")])
        plan["alerts"] = list(plan.get("alerts", [])) + self._review_alerts()
        plan["journey"] = build_journey(self.store, self.conversation_id).to_dict()
        plan["review_date"] = (today + NEXT_REVIEW).isoformat()
        before = plan.get("last_review") or {}
        if before.get("small_step"):
            # The step agreed at the review before stays in the plan (Dean's "ring the agency" went with review 2).
            plan["earlier_small_steps"] = [*plan.get("earlier_small_steps", []), {
                "number": before.get("number"), "date": before.get("date", ""), "step": before["small_step"]}]
        plan["last_review"] = {"number": self.number, "date": today.isoformat(),
                               "small_step": self.flow.general_answer("small_step")}
        return plan

    def _review_alerts(self) -> list[dict]:
        turns = {t["id"]: t for t in self.store.review_turns(self.review["id"], include_superseded=True)}
        found = []
        for alert in self.store.alerts(self.conversation_id):
            turn = turns.get(alert.get("review_turn"))
            if turn:
                found.append({"raised": alert["created_at"], "words": turn["answer"] or "",
                              "acknowledged": alert["acknowledged_at"] or "", "by": alert["acknowledged_by"] or "",
                              "action": alert["action"] or ""})
        return found

    # ----- internals ------------------------------------------------------------------------
    def _ask_next(self) -> PlannedQuestion | None:
        if self.flow.pending is not None:
            return self.flow.pending.question
        found = self.flow.next_question()
        if found is None:
            return None
        step, row, question = found
        self.flow.ask(step, row, question)
        self._turn_ids.append(self.store.add_review_question(self.review["id"], row, step, question))
        return question

    def _proposals(self, text: str, analysis) -> tuple[Proposal, ...]:
        if analysis is None or not getattr(analysis, "outcomes", ()):
            return ()
        reading = AnswerReading.from_analysis(analysis)
        if reading.safeguarding:
            if reading.alert_certain:
                return ()  # about safety, not about what the person wants from life (as in the conversation)
            # A weaker concern: proposed in the answer's own words, so the plan holds it back from the
            # person's copy (it repeats the alert answer) until the practitioner includes it.
            return (Proposal(" ".join(text.split()), tuple(o.id for o in analysis.outcomes)),)
        # Named as the conversation's board names it (the wish, in the person's words), not the whole
        # answer with "that's about a 1 right now" in it.
        words = reading.wish or _first_sentence(without_agreement(" ".join(text.split())))
        return (Proposal(words, tuple(o.id for o in analysis.outcomes)),)


def _first_sentence(text: str) -> str:
    """ "Getting in the bath again. That's about a 1 right now." -> "Getting in the bath again"."""
    first = re.split(r"(?<=[.!?])\s+", text, maxsplit=1)[0]
    return first.rstrip(" .!") or text
