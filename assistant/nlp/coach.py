"""The question coach: is a practitioner's question open, service-led, leading, jargon-laden?

Trainers use it live, so it is rule-based and fast: the rules live in
data/cues.toml where a trainer can read them.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, replace

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
# Words that finish a professional term: "safeguarding referral", "tenancy sustainment worker".
HEAD_WORDS = frozenset({"worker", "team", "referral", "assessment", "service", "review", "list", "plan", "bed", "report",
                        "meeting", "charge", "conditions", "placement", "test", "officer", "panel", "register"})
JARGON_HEAD = re.compile(r"\s+(" + "|".join(sorted(HEAD_WORDS)) + r")s?\b", re.I)
# A word that makes a bare "assessment" or "referral" a named process: "continence assessment".
JARGON_MODIFIER = re.compile(r"\b(capacity|continence|financial|carer's|carers|needs|adl|ot|falls|risk|housing|pip|benefits|"
                             r"safeguarding|mental health|social care|community care|care act|moving and handling)\s+$", re.I)
# Service words too everyday to make a question service-led on their own ("a couple of hours to yourself").
EVERYDAY_SERVICE_WORDS = frozenset({"hours", "visits", "review", "appointment", "transport", "taxi"})


NAME_QUESTION = re.compile(r"^(?:what(?:'s| is| was|s)|can i (?:have|take)|could i (?:have|take)) (?:his|her|their|your) (?:full )?name\b")
# Techniques that name a service to ask what lies behind it ("so what?", a reframe).
ASKS_WHAT_IS_BEHIND = frozenset({"so_what", "reframe"})
# Techniques that offer the person's words back to confirm or correct: closed by design.
OFFERS_BACK = frozenset({"reframe", "check_understanding"})
# A question that puts something forward for the person to take up ("Have you thought about AA?"): with a
# service in it, the service comes before the person.
PUTS_FORWARD = re.compile(r"^(?:have you (?:ever )?(?:thought about|thought of|considered|tried|looked into)|how about|what about|"
                          r"why not|why don't you (?:try|go|ring|call|join|see|ask|contact|speak))\b")
# A group or service known by its letters ("AA", "CAB"): as written, before the question is lower-cased.
ACRONYM = re.compile(r"\b(?!(?:TV|UK|OK|PM|AM|DVD|BBC|ITV)\b)[A-Z]{2,6}s?\b")  # "AA", "CPN"; not "the TV", "the UK"
# Words that make a topic unfit to build a rewording from: the rewording would keep the service or the deficit.
SERVICE_TOPIC = re.compile(r"\b(needs?|help|support|care|services?|problems?|issues?|difficult\w*|assistance)\b")


# Spoken turns: what comes before the question itself.
LEAD_IN = re.compile(
    r"^(?:(?:ok(?:ay)?|right|alright|yeah|yes|yep|no|mm+(?:-?hmm+)?|uh+(?:-huh)?|um+|erm+|er|ah+|oh|so|and|but|well|now|then|just|also|"
    r"look|listen|sorry|great|lovely|good|fine|sure|cool|cheers|thanks|thank you|i see|i hear you|fair enough|of course|"
    r"i mean|you know|like|basically|anyway|actually|honestly|go on(?: then)?|"
    r"(?:can|could|may) i (?:just )?ask(?: you)?(?: (?:something|this|a question))?|let me ask(?: you)?(?: (?:something|this))?|"
    r"i (?:was|am|'m) (?:just )?(?:wondering|going to ask|gonna ask)|i wonder(?:ed)?|i want(?:ed)? to ask(?: you)?|"
    r"(?:just )?out of (?:interest|curiosity)|quick question)\b[\s,.:;!-]*)+", re.I)
NAME_FIRST = re.compile(r"^[A-Z][a-z]+(?: [A-Z][a-z]+)?,\s+")
STUTTER = re.compile(r"\b(\w{1,3})-(\1\w*)", re.I)
REPEAT = re.compile(r"^((?:\w+\s){1,3}?)(?:\s*,?\s*\1)+", re.I)
SENTENCE = re.compile(r"(?<=[.!?])\s+(?=\S)")
TRAILING_TAGS = re.compile(
    r",?\s*(?:do you think|would you say|d'you reckon|do you reckon|you think|if anything|roughly|at all|"
    r"at the moment|at the minute|these days|for you|like|then|though|do you know what i mean|you know)\s*\?*$", re.I)
OR_TAIL = re.compile(r"\bor\s*(?:\?|\.\.\.|…|$)|\bor (?:something|anything|what|is there|not\?|is it something)", re.I)
SETUP = re.compile(r"^(?:when|if|since|before|after|now that|once|thinking about|talking about|going back to|looking at|"
                   r"with|about|so (?:when|if)|and (?:when|if))\b", re.I)
ASKS = re.compile(
    r"^(?:what|what's|whats|how|how's|who|who's|where|where's|when|why|which|whose|tell me|talk me through|describe|"
    r"is there|are there|anything|any |do|does|did|are|is|was|were|am|can|could|would|will|have|has|had|should|shall|"
    r"don't|doesn't|didn't|aren't|isn't|wasn't|weren't|can't|couldn't|wouldn't|won't|haven't|hasn't|in what way)\b", re.I)
# A wh-question that asks for one fact leaves no room to talk: closed.
ONE_FACT = re.compile(
    r"^(?:how (?:long|many|much|often|old|far|soon)|what (?:time|day|date|age|number|year|month|size|colour|color|postcode|"
    r"address|floor|bus|ward|gym|school|college|course|benefit|medication|tablets?|dose)\b|when (?:is|was|did|do|does|are|will|'s)\b|"
    r"where (?:is|was|do|does|did|are|'s|will)\b|which\b|whose\b|what (?:\w+ )?(?:is|was) (?:his|her|their|your) name|what'?s (?:his|her|their|your) name|"
    r"who (?:is|was|'s) your (?:gp|doctor|worker|landlord|social worker))", re.I)


def judged_question(text: str) -> str:
    """The question the person is asked to answer: in a turn of several sentences, the last one that asks."""
    sentences = [s.strip() for s in SENTENCE.split(" ".join(text.split())) if s.strip()]
    if not sentences:
        return text.strip()
    asked = [s for s in sentences if s.endswith("?")]
    if asked:
        return asked[-1]
    asking = [s for s in sentences if ASKS.match(spoken_start(s))]
    return asking[-1] if asking else sentences[-1]


def spoken_start(sentence: str) -> str:
    """A spoken question without what comes before it: fillers, a name, "can I ask you something", a stutter."""
    text = sentence.strip()
    text = STUTTER.sub(lambda m: m.group(2), text)
    for _ in range(3):
        before = text
        text = LEAD_IN.sub("", text).strip()
        text = NAME_FIRST.sub("", text).strip()
        text = REPEAT.sub(lambda m: m.group(1), text).strip()
        if text == before:
            break
    return text


def question_clause(sentence: str) -> str:
    """The part of a sentence that asks, after any set-up ("When you think about caring for him, what worries you?")."""
    text = spoken_start(sentence)
    core = TRAILING_TAGS.sub("", text.rstrip(" ?")).strip()
    chunks = [c.strip() for c in re.split(r",\s*", core) if c.strip()]
    for index, chunk in enumerate(chunks):
        start = spoken_start(chunk)
        if ASKS.match(start) and not (SETUP.match(start) and index < len(chunks) - 1):
            return ", ".join([start, *chunks[index + 1:]])
    return text


# A "who" question about the people around someone invites their story, not a name.
NAMES_PEOPLE = re.compile(r"\b(people|family|friends?|neighbours?)\b")
PEOPLE_AROUND = re.compile(r"\b(people|matters?|enjoy|in your corner|close to|around you|in your life|spend(?:ing)? time|"
                           r"on your side|there for you|helps? you|support(?:s)? you|count on|rely on|look(?:s)? out for|turn to|"
                           r"like to see|see (?:in a|most|more)|(?:could|would|can|might) help|ring|call|phone)\b")


@dataclass(frozen=True)
class QuestionCheck:
    text: str
    open: bool
    service_led: bool
    leading: bool
    jargon: list[str]
    suggestion: str
    judged: str = ""
    offers_back: bool = False  # a reframe or check-back: closed by design, the person confirms or corrects
    asks_a_name: bool = False  # "What's your name?": closed, and rightly
    asks_a_scale: bool = False  # "On a scale of 1 to 10…": closed by design, to see progress
    blaming: bool = False  # "Why didn't you go?": the person defends themselves

    def to_dict(self) -> dict:
        data = asdict(self)
        for private in ("judged", "offers_back", "asks_a_name", "asks_a_scale", "blaming"):
            data.pop(private)
        return data

    @property
    def closed_by_design(self) -> bool:
        return self.offers_back or self.asks_a_name or self.asks_a_scale

    @property
    def needs_rewording(self) -> bool:
        """Closed where an open question would do better, service-led, leading or blaming: worth a suggestion."""
        return (not self.open and not self.closed_by_design) or self.service_led or self.leading or self.blaming

    def labels(self) -> list[str]:
        """Short labels a trainer reads at a glance: open or closed, service-led, leading, blame, jargon."""
        closed = ("closed, as a reframe or check-back should be" if self.offers_back
                  else "closed, as a scaling question is" if self.asks_a_scale else "closed")
        labels = ["open" if self.open else closed]
        labels += ["service-led"] * self.service_led + ["leading"] * self.leading + ["sounds like blame"] * self.blaming
        if self.jargon:
            labels.append("jargon: " + ", ".join(self.jargon))
        return labels


def own_question_note(check: QuestionCheck, technique: str, why: str) -> str:
    """How a practitioner's own question reads once asked: the coach's warning stays while it needs one,
    rather than the technique's praise ("Starts from what matters…") for a question that does not."""
    if check.needs_rewording or check.jargon:
        note = "Your own question. Coach: " + "; ".join(check.labels())
        return note + (f". Try: {check.suggestion}" if check.suggestion else ".")
    return f"Your own question; it reads as {technique.replace('_', ' ')}: {why}"


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
        judged = judged_question(text)
        low = FILLER.sub("", lowered(text)).strip()
        clause = question_clause(judged)
        asked = lowered(clause).strip()
        is_open = self.is_open(judged)
        leading = any_match(self.cues.leading, low) or any_match(self.cues.leading, asked)
        jargon = self.jargon(text)
        # A question that names a provision or a service process starts from the service.
        names_service = bool(self._service_words.search(low)) or any(t.lower() not in PERSON_CENTRED_JARGON for t in jargon)
        # "Do you have problems with…?" starts from a deficit; "Who do you turn to when there's a problem?" does not.
        weak = any_match(self.cues.service_led_weak, low) and bool(CLOSED_STARTS.match(asked)) and not is_open
        # "Have you thought about AA?" suggests a service, named or known by its letters.
        suggests_service = bool(PUTS_FORWARD.match(asked)) and bool(ACRONYM.search(clause))
        service_led = ((any_match(self.cues.service_led, low) or names_service or weak or suggests_service)
                       and not any_match(self.cues.person_first, low))
        technique = self.technique(judged)
        if technique in ASKS_WHAT_IS_BEHIND and not weak and not any(t.lower() not in PERSON_CENTRED_JARGON for t in jargon):
            # "If the rail went in, what would that make possible?", "So is it less about washing and more
            # about company?": naming the service is how these questions get past it to the person's life.
            service_led = False
        check = QuestionCheck(text=question, open=is_open, service_led=service_led, leading=leading, jargon=jargon,
                              suggestion="", judged=judged, offers_back=technique in OFFERS_BACK and not is_open,
                              asks_a_name=bool(NAME_QUESTION.match(asked)), asks_a_scale=technique == "scaling" and not is_open,
                              blaming=any_match(self.cues.blaming, asked))
        if not check.needs_rewording:
            return check
        return replace(check, suggestion=self.suggest(asked, service_led=service_led, blaming=check.blaming, written=clause))

    def technique(self, question: str) -> str:
        """The technique a question most likely uses (see [techniques] in cues.toml)."""
        whole = lowered(strip_control(question)).strip()
        low = FILLER.sub("", whole).strip()
        for name, patterns in self.cues.techniques:
            # Read with its "So…" too: "So is it about having a job to do?" offers the person's words back.
            if name in OFFERS_BACK and (any_match(patterns, low) or any_match(patterns, whole)):
                return name
        if PEOPLE_AROUND.search(low) and (re.match(r"^who\b", lowered(question_clause(low)).strip()) or NAMES_PEOPLE.search(low)):
            # "Who do you enjoy spending time with?", "Tell me about the people you enjoy seeing": about
            # people, whatever else it says.
            return "network"
        for name, patterns in self.cues.techniques:
            if any_match(patterns, low):
                return name
        return "what_matters"

    def jargon(self, text: str) -> list[str]:
        """Professional terms as written, the longest reading: "safeguarding" + "referral" is one term."""
        found = []
        for match in self._jargon.finditer(text):
            start, end = match.span(1)
            after = JARGON_HEAD.match(text, end)
            if after:
                end = after.end(1)
            before = JARGON_MODIFIER.search(text[:start])
            if before and match.group(1).lower() in HEAD_WORDS:
                start = before.start(1)
            found.append(text[start:end])
        return list(dict.fromkeys(found))

    def is_open(self, judged: str) -> bool:
        """Open or closed, judged on the question the person answers (see `judged_question`)."""
        whole = lowered(spoken_start(judged)).strip()
        if OR_TAIL.search(whole.rstrip(" ?")) or whole.rstrip().endswith(("or?", "or…?", "or...?")):
            return True  # "…or?" leaves the answer open
        asked = lowered(question_clause(judged)).strip()
        if re.match(r"^(is there|are there|was there|anything|any (?:other|more)|have you got anything|what else|who else|where else)\b", asked):
            return True
        if ONE_FACT.match(asked) or re.search(r"\b(on a scale|out of (?:ten|10)|scale of (?:one|1))\b", whole):
            return False
        if re.match(r"^who(?:'s| is| was| do| did| have| would| could| are)?\b", asked) and not re.match(r"^who else\b", asked):
            # "Who's your GP?" asks for a name; "Who are the people who matter to you?" opens a life up.
            return bool(PEOPLE_AROUND.search(asked))
        if re.match(r"^any (?:questions|thoughts|ideas)\b", asked):
            return True
        return self._is_open(asked)

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
        # "help getting in and out of the bath", "problems with your memory": the topic is what follows.
        topic = re.sub(r"^(?:(?:any|some|a|an|more|extra)\s+)?(?:help|support|assistance)(?:\s+(?:with|to))?\s+", "", topic)
        topic = re.sub(r"^(?:(?:any|some)\s+)?(?:problems?|difficult(?:y|ies)|trouble)\s+with\s+", "", topic)
        topic = re.sub(r"^(any|some)\s+", "", topic)
        topic = re.sub(r"\byour\b", "your", topic)
        return topic.strip()

    def suggest(self, low: str, *, service_led: bool, blaming: bool = False, written: str = "") -> str:
        """A better open, person-centred wording of the question, never carrying the jargon it was flagged for."""
        better = self._better_wording(low, service_led=service_led, blaming=blaming, written=written)
        return "What would make the biggest difference to your life at the moment?" if self.jargon(better) else better

    def _usable_topic(self, topic: str, written: str) -> bool:
        """Whether a rewording can be built from the question's own words: not jargon, a service, a need, or a
        bare name or acronym ("What would you like to tell me about aa?")."""
        if topic in {"anything", "it", "that", "this", "things", "right", ""} or self.jargon(topic):
            return False
        if SERVICE_TOPIC.search(topic) or self._service_words.search(topic) or any_match(self.cues.service_led, topic):
            return False
        if re.match(r"(what|how|who|where|when|why|which)\b", topic):
            return False
        letters = {word.lower() for word in ACRONYM.findall(written)}
        return not any(word.rstrip("s") in letters or word in letters for word in topic.split())

    def _better_wording(self, low: str, *, service_led: bool, blaming: bool, written: str) -> str:
        topic = self._topic(low)
        if not self._usable_topic(topic, written):
            topic = ""
        service = self._service_words.search(low)
        if blaming:
            return "What got in the way, and what would make it easier next time?"
        if re.search(r"\b(family|friends?|son|daughter|sister|brother|neighbours?|people|visit)\b", low):
            return "Who are the people who matter to you, and how would you like to see more of them?"
        if re.search(r"\b(safe|safer|secure|worried|scared)\b", low):
            return "What helps you feel safe, and what worries you at the moment?"
        if re.search(r"\b(lonely|on your own|alone)\b", low):
            return "How do you feel about the time you spend on your own?"
        if re.search(r"\b(meals?|food|eating|cooking|dinners?|lunch(?:es)?)\b", low):
            return "How are mealtimes for you at the moment, and what would you like them to be like?"
        if re.search(r"\b(sleep|sleeping)\b", low):
            return "How have your nights been, and what would help you rest?"
        if re.search(r"\b(move|moving|care home|living here|live)\b", low):
            return "What matters most to you about where you live?"
        if re.search(r"\b(go out|get out|group|club|enjoy)\b", low):
            return "What would you like to spend more of your time doing?"
        if re.search(r"\b(plan|that)\b", low) and re.search(r"\b(happy|okay|ok|fine|agree)\b", low):
            return "How do you feel about the plan, and what would you change?"
        if re.search(r"\b(the|your|his|her|their) carers\b|\bcarers? (come|comes|coming|call|calls|visit|visits|turn|turns)\b", low):
            # Paid carers who come in: the person receives the care, so the question is about their life.
            return "What difference would you like your carers to make to your day?"
        if re.search(r"\b(carer's|carers|caring)\b", low):
            return "What would make caring more manageable for you, and what would you like for yourself?"
        if service:
            # Never suggest jargon: a professional term becomes plain words.
            term = service.group(0)
            term = f"the {term}" if term.startswith(service.group(1)) else term  # "Which day centre…?"
            if self._jargon.search(term) or self.jargon(low):
                term = "the help you get"
            return f"What would you want {term} to make possible in your life?"
        if service_led and PUTS_FORWARD.match(low):
            return "What has helped you before, and what do you think might help now?"
        if service_led and topic:
            return f"How are things with {topic} at the moment, and what would you like to be different?"
        if service_led:
            return "What would make the biggest difference to your life at the moment?"
        if topic and len(topic.split()) <= 8:
            return f"What would you like to tell me about {topic}?"
        return "What matters most to you at the moment?"
