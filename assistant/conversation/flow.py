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

import re
from dataclasses import dataclass, field, replace
from typing import Callable

from assistant.conversation.bank import FRAMEWORK_AUDIENCE, Question, QuestionBank
from assistant.conversation.records import AnswerReading
from assistant.nlp.text import DONT_KNOW
from assistant.review.answers import parse_rating  # a scaling answer is read as a review reads a rating

PEOPLE = re.compile(
    r"\b(my|our) (sister|brother|son|daughter|neighbours?|friends?|mates?|pals?|wife|husband|partner|family|niece|nephew|mum|mam|dad|"
    r"kids|children|nan|gran|granny|grandchildren|grandkids|grandson|granddaughter|cousin|auntie|uncle|church|club|group|"
    r"boyfriend|girlfriend|fella|missus|lad|lads|girls|bairns|sponsor)\b", re.I)
STAGE_ORDER = ("opening", "exploring", "strengths", "network", "planning", "closing")
LADDER = ("so_what", "reframe")
# Questions whose answers say how and when (a first step, a time to meet): a service named there is
# the arrangement for an outcome already found, so it is not met with "so what?".
PLANNING_TECHNIQUES = frozenset({"negotiation", "closing"})
# A reply to the safety question that reassures ("I'm fine, honest, I'm not going to do anything").
REASSURING = re.compile(r"\b(i'm|i am|im) (fine|ok|okay|alright|alrite|aight|all right|safe|good|sound|grand)\b|\b(not|never) "
                        r"(going to|gonna|gunna) (do|hurt|harm|kill|try)\b|\b(i )?(won't|wont|wouldn't|would not|will not) (do|hurt|harm|kill|try)\b",
                        re.I)
BUT = re.compile(r"\b(but|though|except|only)\b", re.I)  # "I'm fine, but he's outside now" tells of more
# A thumbs up, an OK hand or a tick on its own (any skin tone): "yes" to a check-back, "that's all" to "anything else?".
# One emoji, then any number: never a repeat inside a repeat (a run of them once took minutes to read).
THUMB = r"(?:\U0001F44D|\U0001F44C|\u2705|\u2714\uFE0F?)[\U0001F3FB-\U0001F3FF]?"
THUMBS_UP = THUMB + r"(?:[ \t]*" + THUMB + r")*"
YES = re.compile(r"^\s*(?:(yes|yeah|yep|yup|ye|yeh|yh|ya|aye|that's (it|right)|thats (it|right)|exactly|right|correct|spot on|"
                 r"i suppose so|probably|definitely|it is)\b|" + THUMBS_UP + r"[\s.!]*$)", re.I)
SHORT_SCORE_WORDS = 12
# "Not when Jake is in" to "are you safe right now?": the answer to the safety question is no. A question
# that asks "are you safe?" is answered no by a no; one that asks about danger, by a yes.
ASKS_IF_SAFE = re.compile(r"\b(are you|am i|is everyone|do you feel|do i feel|are you somewhere|am i somewhere) (safe|somewhere safe)\b", re.I)
ASKS_ABOUT_DANGER = re.compile(r"\b(in danger|at risk|being hurt|putting you in danger|puts you in danger)\b", re.I)
NOT_SAFE = re.compile(r"\b(not|never|n't|dont|don't) (feel |always |really |very )*(safe|ok|okay|alright)\b|"
                      r"\b(scared|frightened|terrified|afraid)\b", re.I)
SAYS_NO = re.compile(r"^\s*(no|nope|nah|naw|not (really|always|when|while|if|with|around|at|since|now|tonight|today))\b", re.I)
SAYS_YES = re.compile(r"^\s*(yes|yeah|yep|aye|he is|she is|they are|sometimes|a bit|maybe|kind of|sort of)\b", re.I)


def says_not_safe(question: PlannedQuestion, answer: str) -> bool:
    """Whether a reply to the safety question says the person is not safe (it raises an alert of its own)."""
    if not question.is_safety_check or not answer:
        return False
    if NOT_SAFE.search(answer) and not REASSURING.search(answer):
        return True
    if ASKS_IF_SAFE.search(question.text):
        return bool(SAYS_NO.match(answer))
    if ASKS_ABOUT_DANGER.search(question.text):
        return bool(SAYS_YES.match(answer))
    return False


# "What does that mean?": the question was not clear; ask another way.
NOT_CLEAR = re.compile(r"^\s*(what (does|do|did) (that|this|it|you) mean|what do you mean( by that)?|i don'?t (understand|get (it|that|what you mean))|"
                       r"i dont (understand|get it)|don'?t understand|eh|huh|pardon|sorry|what)\s*[?.!]*\s*(\w+\s*[?.!]*)?$", re.I)

# "Nah, that's it" to "anything else?": nothing more to say.
_SHRUG = r"(?:(?:thanks|thank you|ta|cheers) (?:for (?:listening|your time|that|everything|today|coming|asking|your help)|very much|so much|again)|thanks|thank you|ta|cheers|really|for now|i think|mate|love|pet|duck|hun|honestly|not today|that's all|thats all|" \
         r"that's it|thats it|that's everything|i'm good|im good|i'm fine|im fine|all good|ok|okay|no|nah|" + THUMB + r")"
NOTHING_MORE = re.compile(r"^\s*(?:" + THUMBS_UP + r"\s*$|no|nah|nope|naw|na|not really|nothing(?: else| more)?|none|i don't think so|dont think so|"
                          r"(?:i think )?(?:that's|thats|that is) (?:it|all|everything)|(?:nah|no),? (?:i'm|im) (?:good|done|fine|alright|ok)|"
                          r"all done|done)(?:[\s,.!]+" + _SHRUG + r")*[\s,.!]*$", re.I)
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
# "Is this going to social services??", "who gets to read this?", "i dont want that on here": the person asks
# where their words go. It is answered straight away, before anything else is asked.
WHO_SEES = re.compile(r"\b(social services|the social|social workers?|police|who (?:else )?(?:gets to |can |will |is going to )?(?:see|read)|"
                      r"(?:going|go|put) on (?:a |my |the )?(?:file|record|system)|write (?:that|this|it) down|share (?:this|that|it)|"
                      r"pass (?:this|that|it) on)\b[^.!]*\?|\b(?:i )?(?:don'?t|do not|dont) want (?:that|this|it) (?:on here|on (?:my |a )?file|"
                      r"written (?:down)?|on record)\b", re.I)
# A whole answer that asks to move on ("skip this", typed by a person who did not see the button).
SKIP_WORDS = re.compile(r"^\s*(/skip|skip|skip (this|it|that)( one| question)?( please| pls)?|pass|next( question)?( please| pls)?)\s*[.!]*\s*$", re.I)
# "So what?" answered with how things would be, not how life would be ("well, the place would be tidy",
# "it'd be done"): one more rung, "and what would that give you?", until a change in the person's life.
_THING_DONE = (r"(?:(?:the|my|me|our) (?:place|house|flat|home|garden|kitchen|bathroom|room|bedroom|washing|cleaning|ironing|hoovering|"
               r"dishes|pots|jobs?|bills?|paperwork|shopping|stairs)(?: [a-z']+){0,3} (?:would|'d|will|could)|it(?:'d| would| will| could))"
               r"(?: be| get| look| stay)? (?:done|sorted|sorted out|tidy|tidier|clean|cleaner|spotless|straight|in order|easier|nicer|nice|"
               r"better|decent|kept nice)")
THING_RESULT = re.compile(
    r"^(?:(?:well|erm|um|oh|i suppose|i guess|i dunno|dunno|yeah|yes)[,.]?\s+)*" + _THING_DONE
    # "…and the shopping would get done": more of the same kind of result.
    + r"(?:,?\s+and\s+" + _THING_DONE + r")*"
    # ...and nothing after it but a shrug: "…and I could get out to the club" names a change in life.
    + r"(?:[\s,]+(?:i suppose|i guess|i think|really|like|and that|though|for once|at least|anyway))*[\s.!?]*$", re.I)
# "My probation officer is sound", "the carers are brilliant": a service spoken well of is someone on the
# person's side, not a provision to ask "so what?" about.
PRAISED = re.compile(r"(?:\b(?:is|are|was|were|been)|'s|'re|\b(?:shes|hes|theyre|theyve))\s+(?:(?:really|so|dead|proper|well|always|just|been) )*"
                     r"(sound|great|brilliant|lovely|good( to me| with me)?|ace|amazing|helpful|fab|fantastic|a diamond|a star|a rock|my rock|"
                     r"there for me|always there|a lifesaver|a life saver|"
                     r"a godsend|spot on|decent|kind|champion|class|a legend|top)\b(?![^.!?]*\b(but|except|though)\b)", re.I)
# "My sister Pat is good to me": someone in the person's life praised. ("My son is good at fixing things, so am I"
# is what he can do, said of a strength they share.)
SOMEONE_PRAISED = re.compile(PEOPLE.pattern + r"[^.!?]{0,30}?" + PRAISED.pattern + r"(?!\s+at\b)", re.I)
# "Yes, that's it. And I'd like to get back to the allotment too": a yes that adds another wish.
ALSO = re.compile(r"\b(also|too|as well|another thing|the other thing|and i('d| would)? (also )?(like|want|love)|"
                  # "Yeah. And keeping the flat, really": a yes, then another thing wanted
                  r"and (also )?(keeping|getting|having|seeing|being|going|stopping|staying|finding|making|doing|learning|"
                  r"feeling|not|to (keep|get|have|see|be|go|stop|stay|find|make|feel)))\b", re.I)
STRENGTHS_AT_MOST = 3  # strengths questions in one conversation: enough to hear them, not a grilling
# What a person can tell of without it being an outcome, and a question can `cover` like an outcome area:
# "I drove buses for forty years" means "tell me about the work you've had" is not asked next.
TOLD = {
    "told.work_history": re.compile(
        r"\bused to be an? [a-z]+|\bused to work (as|at|in|on|for|down|up)\b|"
        r"\b(i|i've|i have|we)( always| once)? worked (as|at|in|on|down|up|with|for (the|a|an|\d+|[a-z]+ty|years))\b|"
        # "I've always worked, I do the books at the chippy", "I work shifts at the Co-op"
        r"\b(i|i've|i have|we)( always| still)? (worked|work|been working)\b[^.!?]{0,12}?(,|\band\b)? ?(i|we) (do|work|run|drive|clean|cook|serve)\b|"
        r"\bi (work|do the \w+|do shifts|do nights|clean|drive|cook)( shifts| nights| days| part[- ]time| full[- ]time)? (at|in|for|on) (the|a|an)\b|"
        r"\b(my|me) (job|trade|work) (was|were)\b|\bby trade\b|\b(was|were) an? [a-z]+ (for|all) (\d+|my|me|[a-z]+ty|ten)\b|"
        r"\b(drove|worked|taught|nursed|farmed|fished|mined|cooked|cleaned|served|built|ran|did)\b[^.!?]{0,40}?"
        r"\bfor (\d+|[a-z]+ty|ten|eleven|twelve|[a-z]+teen|donkey's|years and) ?(odd )?years\b", re.I),
}
# Words of being hurt or threatened: with any of them, the question is whether the person is safe.
HARM = re.compile(r"\b(hit|hits|hitting|hurt|hurts|kick\w*|punch\w*|slap\w*|push\w*|shov\w*|grab\w*|beat\w*|batter\w*|attack\w*|"
                  r"threat\w*|scared|afraid|frighten\w*|terrified|kill\w*|knife|weapon|rape\w*|touch\w*|lock\w*|shout\w*|"
                  r"scream\w*|bruis\w*|strangl\w*|chok\w*|forc\w*|made me|make me|weren't here|wasn't here|end it)\b", re.I)
MONEY = re.compile(r"\b(money|card|pension|benefits?|cash|bank|wages?|savings|pin|giro|purse|wallet|penny|pennies|quid)\b", re.I)



_SAID_AGAIN_EXTRA = frozenset({"more", "again", "often", "properly", "proper", "really", "just", "still", "now", "a", "an",
                               "the", "bit", "lot", "like", "i", "said", "as", "that's", "thats", "main", "thing", "all",
                               "it", "is", "what", "matters", "most"})


def said_again(phrase: str, outcome_ids, collected: "CollectedOutcome") -> bool:
    """The same outcome said again, only shorter or longer by words that add nothing ("seeing my son",
    "seeing my son more", "seeing my son, like I said"): about the same thing, and any extra words are
    fillers. "Keeping my flat and getting my kids back" or "not living on my own" is something new."""
    new, old = _said_words(phrase), _said_words(collected.words)
    if len(new) < 2 or len(old) < 2 or not set(outcome_ids) & set(collected.outcome_ids):
        return False
    return (new <= old or old <= new) and (new ^ old) <= _SAID_AGAIN_EXTRA


def _said_words(words: str) -> set[str]:
    return set(re.findall(r"[a-z0-9']+", words.lower().replace("\u2019", "'")))


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
    after_safety: bool = False  # the last answer was to the safety question
    asked_who_sees: bool = False  # the last answer asked where the person's words go
    # (answer, outcome) turn indexes: the person said yes when the outcome was checked back.
    confirmed: list[tuple[int, int]] = field(default_factory=list)


def short_words(text: str, limit: int = 90) -> str:
    """The person's words, trimmed to quote back in a question ("You mentioned “the physio”", not "“The physio”")."""
    text = " ".join(text.split())
    first = text.split(" ", 1)[0]
    if first in {"The", "A", "An", "My", "Our", "His", "Her", "Their", "That", "This", "There", "It", "Its", "More", "Less", "Some",
                 "Just", "Being", "Having", "Getting", "Going", "Seeing", "Not", "No", "Still", "Back", "Someone", "Something",
                 "Somewhere", "Nothing", "Everything", "Too", "Much", "Only", "Really", "All", "Mostly"}:
        text = text[0].lower() + text[1:]
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0] + "…"


# Who "her", "him" or "them" in a wish can stand for, when the person named them just before.
_HER = "mum|mam|mom|mother|nan|nana|nanna|gran|granny|grandma|sister|daughter|wife|auntie|aunt|niece|girlfriend|missus|partner"
_HIM = "dad|father|grandad|grandpa|brother|son|husband|uncle|nephew|boyfriend|fella|partner|lad|grandson"
_NAMED = {"her": re.compile(rf"\b(?:my|our) (?:{_HER})\b", re.I), "him": re.compile(rf"\b(?:my|our) (?:{_HIM})\b", re.I)}
# "her" or "him" as who the wish is about, at the end of it or before a word that cannot start a noun
# ("seeing her more", "visiting him at weekends"), never "her kids" (whose) or "them" (people or things).
_PRONOUN = re.compile(r"\b(her|him)\b(?=\s*$|\s+(?:more|again|back|at|on|in|every|each|to|when|and|or|often|properly|"
                      r"regularly|home|now|soon|without|with|before|after|for|once|twice|sometimes|a bit|a lot)\b)", re.I)
# A name in the answer ("Sarah from my old school, I'd like to see her more"): "her" may be her. Any word
# with a capital counts, but for the little words a sentence starts with.
_CAPITALISED = re.compile(r"\b[A-Z][a-z]+\b")
_STARTERS = frozenset("""The A An My Our It Its That This There We He She They You Yes Yeah No Nah Well So And But Just
Honestly Me If When What Why How Oh Ok Okay Aye Right Really Maybe Probably Not Now Then Erm Um Sorry Thanks To For
In On At With Of Being Having Getting Seeing Going Keeping Like Love""".split())



def _names_someone(text: str) -> bool:
    return any(word not in _STARTERS for word in _CAPITALISED.findall(text))


def naming_who(wish: str, said_before: list[str]) -> str:
    """ "seeing her more" after "my nan is in the home": "seeing my nan more". The pronoun is named only
    when it stands for whom the wish is about, the answer itself names nobody else (no name, no other
    "my…"), and the last thing said before that names anyone names exactly one who fits ("her": my nan),
    so a check-back never guesses; otherwise the words stay as said."""
    found = _PRONOUN.search(wish)
    if not found or len(re.findall(r"\b(?:her|him|them)\b", wish, re.I)) > 1 or re.search(r"\b(?:my|our)\b", wish, re.I):
        return wish
    pattern = _NAMED[found.group(1).lower()]
    *earlier, answer = said_before or [""]
    if _names_someone(answer):
        return wish
    for text in reversed(said_before):
        people = {m.group(0).lower() for m in pattern.finditer(text)}
        if any(p.search(text) for p in _NAMED.values()) or people or (text is not answer and _names_someone(text)):
            if len(people) != 1 or _names_someone(text):
                return wish
            return wish[:found.start()] + people.pop() + wish[found.end():]
    return wish


def outcome_phrase(reading: AnswerReading, answer: str) -> str:
    """An outcome in the person's words for the board: their wish, else the words that led to it."""
    if reading.wish:
        return reading.wish
    evidence = [e for e in reading.evidence if len(e.split()) >= 2]
    if evidence:
        return short_words(evidence[0], 80)
    first = re.split(r"(?<=[.!?])\s+", " ".join(answer.split()))[0]
    return short_words(first.rstrip(" ."), 80)  # a phrase on the board, not a sentence


def read_back(phrases: list[str], most: int = 6) -> str:
    """ "“seeing my son”, “getting back to church” and “the garden”": each in the person's words, quoted."""
    quoted = [f"“{short_words(p, 70)}”" for p in phrases[:most]]
    if len(phrases) > most:
        quoted.append(f"{len(phrases) - most} more")
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]


def is_score_answer(question: PlannedQuestion, answer: str) -> bool:
    """"About a 4" to a scaling question is a number on a scale, not something the person wants."""
    return question.technique == "scaling" and parse_rating(answer) is not None and len(answer.split()) <= SHORT_SCORE_WORDS


class ConversationFlow:
    def __init__(self, bank: QuestionBank, framework: str, mode: str = "practitioner", outcome_words: dict[str, str] | None = None) -> None:
        self.bank = bank
        self.framework = framework
        self.mode = mode
        self.audience = FRAMEWORK_AUDIENCE.get(framework, "person")
        self.pacing = PACING[self.audience]
        self.questions = bank.for_audience(self.audience)
        self._plan_fields = {q.id: q.fills for q in self.questions if q.fills}  # read on every answer: once here
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
            return
        s.answered += 1
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
        # step, is a score or the how of an outcome already found: a new outcome only if a wish is said.
        no_new_wish = not reading.wish and bool(s.outcomes) and (
            (question.technique == "scaling" and parse_rating(words) is not None)
            or question.technique in PLANNING_TECHNIQUES)
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

    def _about_money_alone(self) -> bool:
        """The concern just raised is about money and nothing worse: the guess is exploitation alone and
        the answer names money ("my grandson has my pension card"), so the safety question asks about that."""
        last = next((t for t in reversed(self.turns) if t.answer is not None), None)
        reading = last.analysis if last else None
        words = (last.answer or "") if last else ""
        return bool(reading and reading.concern == ("exploitation",) and MONEY.search(words) and not HARM.search(words))

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
