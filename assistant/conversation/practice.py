"""Practice: a trainee asks questions of a scripted persona and gets coached on each one.

The persona answers from its script only when the question is a good fit for
the next step of the scenario (the coach has nothing to reword, it is free of
jargon, and of a fitting technique). Otherwise it answers the way people do when
asked badly: a short reply, going along with a leading question, on guard at
blame, or puzzled by a professional word she would not know; the note under the
answer says why.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.conversation.scenarios import Scenario
from assistant.nlp.coach import QuestionCheck, QuestionCoach, question_clause
from assistant.nlp.text import lowered

FAMILIES = (
    {"what_matters", "good_day", "aspiration"},
    {"so_what", "reframe"},
    {"strengths"},
    {"network"},
    {"risk"},
    {"negotiation", "scaling", "closing", "check_understanding"},
)


def persona_name(person: str) -> str:
    """"Mr MacKay, caring for his wife…" -> "Mr MacKay"; "Jean, who lives…" -> "Jean"."""
    found = re.match(r"(?:(?:Mr|Mrs|Ms|Miss|Dr)\.? )?[\w'-]+", person.strip())
    return found.group(0) if found else "the person"


def fits(asked: str, wanted: str) -> bool:
    return asked == wanted or any(asked in family and wanted in family for family in FAMILIES)


@dataclass(frozen=True)
class PracticeReply:
    question: str
    check: QuestionCheck
    technique: str
    answer: str
    advanced: bool
    hint: str


# Steps whose scripted answer replies to their own question ("Yes. Like the gig nights…", "That would
# make a huge difference"): given out of order, after another question, they would make no sense.
ANSWERS_ITS_OWN_QUESTION = {"so_what", "reframe", "negotiation", "check_understanding"}
# A good question the scenario has no answer for at this point: the persona does not invent one.
NOTHING_SCRIPTED = "Hmm. I'm not sure what to say to that."
ON_GUARD = "I just didn't, all right? It's not that simple."
# Words too common to tell one service-led question from another.
COMMON_WORDS = frozenset({"would", "wouldn't", "you'd", "like", "want", "need", "have", "your", "what", "with", "that", "this",
                          "there", "about", "does", "doesn't", "don't", "some", "more", "think", "could", "should", "every"})


def content_words(text: str) -> set[str]:
    return set(re.findall(r"[a-z']{4,}", lowered(text))) - COMMON_WORDS


def short_answer(check: QuestionCheck) -> str:
    """What a closed question gets: a yes, or the one fact it asked for ("When did you last…?")."""
    asked = lowered(question_clause(check.judged or check.text)).strip()
    if re.match(r"^when\b", asked):
        return "A while ago now."
    if re.match(r"^how (long|many|much|often|old|far|soon)\b", asked):
        return "I couldn't say exactly."
    if re.match(r"^(what|which|where|who|whose)\b", asked):
        return "I'm not sure, really."
    return "Yes, I suppose."




@dataclass
class PracticeSession:
    scenario: Scenario
    coach: QuestionCoach
    reached: set[int] = field(default_factory=set)
    replies: list[PracticeReply] = field(default_factory=list)
    _service_position: int = 0
    _asides_said: set[int] = field(default_factory=set)

    @property
    def position(self) -> int:
        """The first step of the scenario not reached yet."""
        return next((i for i in range(len(self.scenario.turns)) if i not in self.reached), len(self.scenario.turns))

    @property
    def finished(self) -> bool:
        return self.position >= len(self.scenario.turns)

    @property
    def next_turn(self):
        return None if self.finished else self.scenario.turns[self.position]

    @staticmethod
    def _good(check: QuestionCheck) -> bool:
        """Good exactly when the coach has nothing to reword and no jargon to point out: the persona and
        the coach never disagree about a question."""
        return not check.jargon and not check.needs_rewording

    def _unknown_word(self, check: QuestionCheck) -> str:
        """The first professional word the persona would not know: never one from her own story."""
        scenario = self.scenario
        story = lowered(" ".join([scenario.person, scenario.summary, *(t.answer for t in scenario.turns),
                                  *(a.answer for a in scenario.asides), *(t.answer for t in scenario.service_led)]))
        return next((term for term in check.jargon if term.lower() not in story), "")

    def ask(self, question: str) -> PracticeReply:
        check = self.coach.check(question)
        technique = self.coach.technique(question)
        name = persona_name(self.scenario.person)
        advanced = False
        weak = self._weak_reply(check, name)
        if weak:
            answer, note = weak
        elif self.finished:
            answer, note = "I think we've covered what matters to me.", ""
        else:
            answer, advanced = self._real_answer(technique, question)
            note = f"A good question, but {name} has nothing more on that here." if answer == NOTHING_SCRIPTED else ""
        wanted = self.next_turn
        notes = [note] if note else []
        if wanted is not None:
            step = wanted.technique.replace("_", " ")
            about = f" about the {wanted.mentions[0]}" if wanted.mentions else ""
            notes.append(f"Next step: {'an' if step[0] in 'aeiou' else 'a'} {step} question{about}. {wanted.why}")
        reply = PracticeReply(question, check, technique, answer, advanced, " ".join(notes))
        self.replies.append(reply)
        return reply

    def _weak_reply(self, check: QuestionCheck, name: str) -> tuple[str, str] | None:
        """What a weak question gets, as people answer when asked badly, with one sentence on why: the
        reply and the coach always agree. None for a good question."""
        if self._good(check):
            return None
        unknown = self._unknown_word(check)
        if unknown:
            return (f"Sorry, I don't know what \u201c{unknown}\u201d means.",
                    f"{name} doesn't know the word \u201c{unknown}\u201d: say it in everyday words.")
        if check.service_led and self.scenario.service_led:
            return self._service_answer(check.text), "A question that starts from a service gets an answer about the service."
        if check.leading:
            return "If you say so.", f"A leading question gets agreement, not {name}'s own view."
        if check.blaming:
            return ON_GUARD, f"A question that sounds like blame puts {name} on guard."
        if not check.open and not check.closed_by_design:
            return short_answer(check), f"A closed question gets a short answer; an open one gives {name} room to say more."
        return short_answer(check), "The professional words keep it formal, so the answer stays short."

    def _service_answer(self, question: str) -> str:
        """The scenario's service-led answer to the nearest of its service-led questions ("another day at the
        day centre?" gets "Not really."), or the next in turn when none is near."""
        scripted = self.scenario.service_led
        shared = [len(content_words(question) & content_words(t.question)) for t in scripted]
        if max(shared):
            return scripted[shared.index(max(shared))].answer
        turn = scripted[self._service_position % len(scripted)]
        self._service_position += 1
        return turn.answer

    def _real_answer(self, technique: str, question: str) -> tuple[str, bool]:
        """A good question gets a real answer: the person's answer on a topic it names, the next step, or
        a later step it fits, out of order if that step's answer makes sense without its own question."""
        aside = self._aside_about(technique, question)
        step = None if aside is not None else self._step_for(technique, question)
        if step is None and aside is None:
            aside = self._aside_for(technique)
        if step is not None:
            self.reached.add(step)
            return self.scenario.turns[step].answer, True
        if aside is None:
            return NOTHING_SCRIPTED, False
        self._asides_said.add(aside)
        return self.scenario.asides[aside].answer, False

    def _step_for(self, technique: str, question: str = "") -> int | None:
        """The step a good question reaches: the next one if it fits, else a later one that stands alone.
        A step about something the person has not raised (`mentions`) needs a question that names it."""
        low = question.lower()
        remaining = [i for i in range(len(self.scenario.turns)) if i not in self.reached
                     and (not self.scenario.turns[i].mentions or any(m in low for m in self.scenario.turns[i].mentions))]
        if remaining and remaining[0] == self.position and fits(technique, self.scenario.turns[remaining[0]].technique):
            return remaining[0]
        return next((i for i in remaining if i != self.position and self.scenario.turns[i].technique not in ANSWERS_ITS_OWN_QUESTION
                     and fits(technique, self.scenario.turns[i].technique)), None)

    def _aside_for(self, technique: str) -> int | None:
        return next((n for n, aside in enumerate(self.scenario.asides)
                     if n not in self._asides_said and not aside.mentions and fits(technique, aside.technique)), None)

    def _aside_about(self, technique: str, question: str) -> int | None:
        """An aside on a topic the question names ("if you weren't lonely"): it comes before any step."""
        low = question.lower()
        return next((n for n, aside in enumerate(self.scenario.asides)
                     if n not in self._asides_said and aside.mentions and any(m in low for m in aside.mentions)
                     and fits(technique, aside.technique)), None)

    def summary(self) -> dict:
        """What the trainee did: open questions, "so what?", strengths and network, jargon, rewordings."""
        total = len(self.replies)
        # What was actually asked, good or not: a network question counts as people explored.
        techniques = [r.technique for r in self.replies if not r.check.service_led]
        jargon = sorted({term for r in self.replies for term in r.check.jargon}, key=str.lower)
        return {
            "questions": total,
            "open_share": (sum(r.check.open for r in self.replies) / total) if total else 0.0,
            "so_what": techniques.count("so_what") + techniques.count("reframe"),
            "strengths_asked": "strengths" in techniques,
            "network_asked": "network" in techniques,
            "service_led": sum(r.check.service_led for r in self.replies),
            "leading": sum(r.check.leading for r in self.replies),
            "jargon": jargon,
            # Only for questions that were weak: a good question is never "improved" into a weaker one.
            "rewordings": [(r.question, r.check.suggestion) for r in self.replies
                           if r.check.suggestion and not self._good(r.check)],
            "steps_reached": len(self.reached),
            "steps_total": len(self.scenario.turns),
        }


def summary_text(summary: dict) -> str:
    lines = [
        f"Questions asked: {summary['questions']}",
        f"Open questions: {summary['open_share']:.0%}",
        f"\u201cSo what?\u201d and reframing questions: {summary['so_what']}",
        f"Strengths explored: {'yes' if summary['strengths_asked'] else 'not yet'}",
        f"People and community explored: {'yes' if summary['network_asked'] else 'not yet'}",
        f"Service-led questions: {summary['service_led']}   Leading questions: {summary['leading']}",
        f"Jargon used: {', '.join(summary['jargon']) or 'none'}",
        f"Scenario steps reached: {summary['steps_reached']} of {summary['steps_total']}",
    ]
    if summary["rewordings"]:
        lines.append("")
        lines.append("Better ways to ask:")
        for question, better in summary["rewordings"]:
            lines.append(f"  \u2022 {question}")
            lines.append(f"    \u2192 {better}")
    return "\n".join(lines)
