"""The question coach: is a practitioner's question open, service-led, leading, jargon-laden?

Trainers use it live, so it is rule-based and fast: the rules live in
data/cues.toml where a trainer can read them.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from assistant.nlp.cues import Cues, any_match, load_cues
from assistant.nlp.text import lowered, strip_control

OPEN_STARTS = re.compile(
    r"^(what|what's|whats|how|how's|who|who's|where|where's|when|why|which|whose|tell me|talk me through|describe|"
    r"in what way|i wonder (what|how|who|where|when|why)|(can|could|would|will) you (tell|talk|describe|explain|share|walk|say (a (bit|little) )?more)|"
    r"say (a bit )?more|help me understand|if .{1,80}, (what|how|who|where|when|which))\b"
)
CLOSED_STARTS = re.compile(
    r"^(do|does|did|are|is|was|were|am|can|could|would|will|have|has|had|should|shall|may|might|must|"
    r"don't|doesn't|didn't|aren't|isn't|wasn't|weren't|can't|couldn't|wouldn't|won't|haven't|hasn't|shouldn't)\b"
)
FILLER = re.compile(r"^(so|and|ok|okay|right|well|now|then|just|also|but|um|erm)[,]?\s+")
EITHER_OR = re.compile(r"\b\w+( \w+){0,3},? or (\w+( \w+){0,3})\s*\?*$")
TAG = re.compile(
    r",\s*(do|does|did|don't|doesn't|didn't|wouldn't|won't|isn't|aren't|shouldn't|can't|couldn't|haven't|hasn't|is|are|would|will|"
    r"right|yeah|ok|okay|correct|surely|is that right|is that ok|yes)(\s+(you|it|that|he|she|they|there|i|we))?\s*\?*$"
)
FRAME = re.compile(
    r"^(do|does|did|are|is|was|were|can|could|would|will|have|has|should|don't|doesn't|wouldn't|isn't|aren't|won't|haven't|hasn't)"
    r"(\s+(you|he|she|they|it|there|we|i))?(\s+(really|still|ever|actually))?"
    r"(\s+(think|feel|find|prefer|need|want|like|have|got|get|manage|enjoy|had|been|told|thought about|thinking about))?"
    r"(\s+(to|about|of))?(\s+(it would be|it'd be|that|be))?\s+"
)


# Professional words that are jargon but do not start from a service.
PERSON_CENTRED_JARGON = frozenset({
    "outcomes", "outcome", "personal outcomes", "holistic", "person-centred", "co-production", "coproduction",
    "trauma-informed", "psychologically informed", "motivational interviewing", "capacity", "mental capacity", "cognitive",
    "chaotic", "engagement", "non-engagement", "disengaged", "intervention", "interventions", "client group", "caseload",
    "multiple disadvantage", "complex needs", "dual diagnosis", "safeguarding", "pathway", "support plan",
})
# Service words too everyday to make a question service-led on their own ("a couple of hours to yourself").
EVERYDAY_SERVICE_WORDS = frozenset({"hours", "visits", "review", "appointment", "transport", "taxi"})


@dataclass(frozen=True)
class QuestionCheck:
    text: str
    open: bool
    service_led: bool
    leading: bool
    jargon: list[str]
    suggestion: str

    def to_dict(self) -> dict:
        return asdict(self)

    def labels(self) -> list[str]:
        """Short labels a trainer reads at a glance: open or closed, service-led, leading, jargon."""
        labels = ["open" if self.open else "closed"]
        labels += ["service-led"] * self.service_led + ["leading"] * self.leading
        if self.jargon:
            labels.append("jargon: " + ", ".join(self.jargon))
        return labels


class QuestionCoach:
    def __init__(self, cues: Cues | None = None) -> None:
        self.cues = cues or load_cues()
        terms = sorted(set(self.cues.jargon), key=len, reverse=True)
        self._jargon = re.compile(r"(?<![\w-])(" + "|".join(re.escape(t) for t in terms) + r")(?![\w-])", re.IGNORECASE)
        self._service_words = re.compile(
            r"\b(?:(?:a|an|the|some|your|more|any|extra) )?(" + "|".join(re.escape(n) for n in sorted(set(self.cues.service_nouns) - EVERYDAY_SERVICE_WORDS, key=len, reverse=True)) + r")s?\b(?!')"
        )

    def check(self, question: str) -> QuestionCheck:
        text = strip_control(question).strip()
        low = FILLER.sub("", lowered(text)).strip()
        is_open = self._is_open(low)
        leading = any_match(self.cues.leading, low)
        jargon = self.jargon(text)
        # A question that names a provision or a service process starts from the service.
        names_service = bool(self._service_words.search(low)) or any(t.lower() not in PERSON_CENTRED_JARGON for t in jargon)
        service_led = (any_match(self.cues.service_led, low) or names_service) and not any_match(self.cues.person_first, low)
        suggestion = self.suggest(low, service_led=service_led) if (not is_open or service_led or leading) else ""
        return QuestionCheck(text=question, open=is_open, service_led=service_led, leading=leading, jargon=jargon,
                             suggestion=suggestion)

    def technique(self, question: str) -> str:
        """The technique a question most likely uses (see [techniques] in cues.toml)."""
        low = FILLER.sub("", lowered(strip_control(question))).strip()
        for name, patterns in self.cues.techniques:
            if any_match(patterns, low):
                return name
        return "what_matters"

    def jargon(self, text: str) -> list[str]:
        found = [m.group(1) for m in self._jargon.finditer(text)]
        return list(dict.fromkeys(found))

    @staticmethod
    def _is_open(low: str) -> bool:
        if TAG.search(low):
            return False
        if CLOSED_STARTS.match(low) and not OPEN_STARTS.match(low):
            return False
        if not OPEN_STARTS.match(low):
            # Statements with a question mark ("You're happy with that?") invite a yes or no.
            return bool(re.match(r"^(tell|describe|explain|talk)\b", low))
        # "What would you prefer, tea or coffee?" offers only two answers.
        if "," in low and EITHER_OR.search(low.split(",")[-1]):
            return False
        return True

    def _topic(self, low: str) -> str:
        topic = TAG.sub("", low).rstrip(" ?!.")
        topic = FRAME.sub("", topic)
        topic = re.sub(r"^(any|some|a|an)\s+(help|support|assistance)\s+(with|to)\s+", "", topic)
        topic = re.sub(r"^(help|support|assistance)\s+(with|to)\s+", "", topic)
        topic = re.sub(r"^(any|some)\s+", "", topic)
        topic = re.sub(r"\byour\b", "your", topic)
        return topic.strip()

    def suggest(self, low: str, *, service_led: bool) -> str:
        """A better open, person-centred wording of the question."""
        topic = self._topic(low)
        if topic in {"help", "support", "any help", "anything", "it", "that", "this", "things", "assistance", ""}:
            topic = ""
        service = self._service_words.search(low)
        if re.search(r"\b(family|friends?|son|daughter|sister|brother|neighbours?|people|visit)\b", low):
            return "Who are the people who matter to you, and how would you like to see more of them?"
        if re.search(r"\b(safe|safer|secure|worried|scared)\b", low):
            return "What helps you feel safe, and what worries you at the moment?"
        if re.search(r"\b(lonely|on your own|alone)\b", low):
            return "How do you feel about the time you spend on your own?"
        if re.search(r"\b(sleep|sleeping)\b", low):
            return "How have your nights been, and what would help you rest?"
        if re.search(r"\b(move|moving|care home|living here|live)\b", low):
            return "What matters most to you about where you live?"
        if re.search(r"\b(go out|get out|group|club|enjoy)\b", low):
            return "What would you like to spend more of your time doing?"
        if re.search(r"\b(plan|that)\b", low) and re.search(r"\b(happy|okay|ok|fine|agree)\b", low):
            return "How do you feel about the plan, and what would you change?"
        if re.search(r"\b(carer's|carers|caring)\b", low):
            return "What would make caring more manageable for you, and what would you like for yourself?"
        if service:
            # Never suggest jargon: a professional term becomes plain words.
            term = service.group(0)
            if self._jargon.search(term) or self.jargon(low):
                term = "the help you get"
            return f"Thinking about {term}: what would you want it to make possible in your life?"
        if service_led and topic:
            return f"How are things with {topic} at the moment, and what would you like to be different?"
        if service_led:
            return "What would make the biggest difference to your life at the moment?"
        if topic and len(topic.split()) <= 8:
            return f"What would you like to tell me about {topic}?"
        return "What matters most to you at the moment?"
