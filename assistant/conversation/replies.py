"""How the flow reads a reply: yes and no, "nothing more", "skip", "what does that mean?", "who sees this?",
a reply to the safety question, a service praised, work told of, harm and money words, an outcome said again."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from assistant.review.answers import parse_rating  # a scaling answer is read as a review reads a rating

if TYPE_CHECKING:
    from assistant.conversation.flow import CollectedOutcome, PlannedQuestion

PEOPLE = re.compile(
    r"\b(my|our) (sister|brother|son|daughter|neighbours?|friends?|mates?|pals?|wife|husband|partner|family|niece|nephew|mum|mam|dad|"
    r"kids|children|nan|gran|granny|grandchildren|grandkids|grandson|granddaughter|cousin|auntie|uncle|church|club|group|"
    r"boyfriend|girlfriend|fella|missus|lad|lads|girls|bairns|sponsor)\b", re.I)
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


# "nah theyre 2 different things", "not really": what was checked back was not right (and no new wish said).
# ("No, that's right", "no doubt about it", "nah you've got it", "nah that's it" agree.)
NOT_RIGHT = re.compile(r"^\s*(?:no|nah|nope|naw|not (?:really|quite|exactly|like that)|that'?s not (?:it|right|what i (?:said|meant))|"
                       r"thats not (?:it|right)|not what i (?:said|meant)|wrong)\b"
                       r"(?![\s,.!]*(?:(?:that'?s|thats|that is|it'?s|its) (?:it|right|everything|all|spot on|bang on)|doubt|"
                       r"(?:you'?ve|youve) (?:got|nailed) it|spot on|bang on|exactly|definitely|that'?ll do))"
                       r"|\b(?:two|2) (?:different|separate) things\b|\bnot the same thing\b", re.I)

# A wish said as a wish ("I'd like to get back to church too"), not a step said as a doing ("Ringing the council").
WISH_SAID = re.compile(r"\b(?:i|i'd|id|i'm|im|we|we'd)\b[^.!?]{0,24}?\b(?:want|wanna|would like|'d like|like to|love to|"
                       r"wish|hope|need|'d love)\b", re.I)

# "What does that mean?": the question was not clear; ask another way.
NOT_CLEAR = re.compile(r"^\s*(what (does|do|did) (that|this|it|you) mean|what do you mean( by that)?|i don'?t (understand|get (it|that|what you mean))|"
                       r"i dont (understand|get it)|don'?t understand|eh|huh|pardon|sorry|what)\s*[?.!]*\s*(\w+\s*[?.!]*)?$", re.I)

# "Nah, that's it" to "anything else?": nothing more to say.
_SHRUG = r"(?:(?:thanks|thank you|ta|cheers) (?:for (?:listening|your time|that|everything|today|coming|asking|your help)|very much|so much|again)|thanks|thank you|ta|cheers|really|for now|i think|mate|love|pet|duck|hun|honestly|not today|that's all|thats all|" \
         r"that's it|thats it|that's everything|i'm good|im good|i'm fine|im fine|all good|ok|okay|no|nah|" + THUMB + r")"
NOTHING_MORE = re.compile(r"^\s*(?:" + THUMBS_UP + r"\s*$|no|nah|nope|naw|na|not really|nothing(?: else| more)?|none|i don't think so|dont think so|"
                          r"(?:i think )?(?:that's|thats|that is) (?:it|all|everything)|(?:nah|no),? (?:i'm|im) (?:good|done|fine|alright|ok)|"
                          r"all done|done)(?:[\s,.!]+" + _SHRUG + r")*[\s,.!]*$", re.I)
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
# Being made to hold, carry or drop things for someone ("an older lad keeps asking me to hold stuff at mine n i
# owe him"): criminal exploitation, where money owed is the hook and not all the concern.
CARRYING = re.compile(r"\b(?:hold|holding|stash|stashing|mind|minding|drop|dropping|deliver|delivering|carry|carrying|"
                      r"move|moving|run|running|take|taking)(?: off)? (?:stuff|gear|bags?|packages?|parcels?|some(?:thing| stuff))\b|"
                      r"\bcounty lines\b|\bcuckoo\w*|\brun(?:ning)? (?:for|errands for) (?:him|her|them)\b", re.I)
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


def is_score_answer(question: PlannedQuestion, answer: str) -> bool:
    """"About a 4" to a scaling question is a number on a scale, not something the person wants."""
    return question.technique == "scaling" and parse_rating(answer) is not None and len(answer.split()) <= SHORT_SCORE_WORDS
