"""Practice: a trainee asks questions of a scripted persona and gets coached on each one.

The persona answers from its script only when the question is a good fit for
the next step of the scenario (open, person-centred, free of jargon, and of a
fitting technique). Otherwise it answers the way people do when asked badly:
a flat yes or no, going along with a leading question, or puzzled by jargon.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.conversation.scenarios import Scenario
from assistant.nlp.coach import QuestionCheck, QuestionCoach

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

# Techniques whose good questions are often closed in form ("Who matters to you?", "On a scale of 1 to 10…").
CLOSED_BUT_GOOD = {"network", "scaling", "check_understanding", "closing"}


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

    def _good(self, check: QuestionCheck, technique: str) -> bool:
        if check.jargon or check.service_led or check.leading:
            return False
        return check.open or check.offers_back or technique in CLOSED_BUT_GOOD

    def ask(self, question: str) -> PracticeReply:
        check = self.coach.check(question)
        technique = self.coach.technique(question)
        advanced = False
        if check.jargon:
            answer = f"Sorry, I don't know what \u201c{check.jargon[0]}\u201d means."
        elif check.service_led and self.scenario.service_led:
            turn = self.scenario.service_led[self._service_position % len(self.scenario.service_led)]
            self._service_position += 1
            answer = turn.answer
        elif check.leading:
            answer = "If you say so."
        elif not self._good(check, technique):
            answer = "Yes, I suppose."
        elif self.finished:
            answer = "I think we've covered what matters to me."
        else:
            # A good question gets a real answer: the next step, or a later step it fits, out of order if
            # that step's answer makes sense without its own question before it.
            step = self._step_for(technique, question)
            aside = self._aside_for(technique) if step is None else None
            if step is None and aside is None:
                answer = NOTHING_SCRIPTED
            elif step is None:
                answer = self.scenario.asides[aside].answer
                self._asides_said.add(aside)
            else:
                answer = self.scenario.turns[step].answer
                self.reached.add(step)
                advanced = True
        wanted = self.next_turn
        hint = ""
        if wanted is not None:
            name = wanted.technique.replace("_", " ")
            about = f" about the {wanted.mentions[0]}" if wanted.mentions else ""
            hint = f"Next step: {'an' if name[0] in 'aeiou' else 'a'} {name} question{about}. {wanted.why}"
            if answer == NOTHING_SCRIPTED:
                hint = f"A good question, but {persona_name(self.scenario.person)} has nothing more on that here. " + hint
        reply = PracticeReply(question, check, technique, answer, advanced, hint)
        self.replies.append(reply)
        return reply

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
                     if n not in self._asides_said and fits(technique, aside.technique)), None)

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
                           if r.check.suggestion and not self._good(r.check, r.technique)],
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
