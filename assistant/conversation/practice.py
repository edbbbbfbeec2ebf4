"""Practice: a trainee asks questions of a scripted persona and gets coached on each one.

The persona answers from its script only when the question is a good fit for
the next step of the scenario (open, person-centred, free of jargon, and of a
fitting technique). Otherwise it answers the way people do when asked badly:
a flat yes or no, going along with a leading question, or puzzled by jargon.
"""

from __future__ import annotations

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


@dataclass
class PracticeSession:
    scenario: Scenario
    coach: QuestionCoach
    position: int = 0
    replies: list[PracticeReply] = field(default_factory=list)
    _service_position: int = 0

    @property
    def finished(self) -> bool:
        return self.position >= len(self.scenario.turns)

    @property
    def next_turn(self):
        return None if self.finished else self.scenario.turns[self.position]

    def ask(self, question: str) -> PracticeReply:
        check = self.coach.check(question)
        technique = self.coach.technique(question)
        wanted = self.next_turn
        advanced = False
        if check.jargon:
            answer = f"Sorry, I don't know what \u201c{check.jargon[0]}\u201d means."
        elif check.service_led and self.scenario.service_led:
            turn = self.scenario.service_led[self._service_position % len(self.scenario.service_led)]
            self._service_position += 1
            answer = turn.answer
        elif check.leading:
            answer = "If you say so."
        elif not check.open:
            answer = "Yes, I suppose."
        elif wanted is None:
            answer = "I think we've covered what matters to me."
        elif fits(technique, wanted.technique):
            answer = wanted.answer
            self.position += 1
            advanced = True
        else:
            answer = "Hmm. I'm not sure what to say to that."
        hint = ""
        if not advanced and wanted is not None:
            hint = f"The next step here is a {wanted.technique.replace('_', ' ')} question: {wanted.why}"
        reply = PracticeReply(question, check, technique, answer, advanced, hint)
        self.replies.append(reply)
        return reply

    def summary(self) -> dict:
        """What the trainee did: open questions, "so what?", strengths and network, jargon, rewordings."""
        total = len(self.replies)
        techniques = [r.technique for r in self.replies if r.check.open and not r.check.service_led]
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
            "rewordings": [(r.question, r.check.suggestion) for r in self.replies if r.check.suggestion],
            "steps_reached": self.position,
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
