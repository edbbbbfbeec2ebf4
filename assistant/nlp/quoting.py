"""The person's own words to say back: the wish, the service named, the difficulty as said.

A check-back reflects the outcome in the person's words ("keeping this flat",
"getting washed without waiting on somebody"), never a service ("a carer"),
a hard story told on the way ("I was on the streets for a year") or a whole
long answer. A "so what?" question quotes the service or difficulty the person
named. When nothing fits, nothing is quoted: the flow then asks without a quote.
"""

from __future__ import annotations

import re

from assistant.nlp.cues import any_match, load_cues
from assistant.nlp.rules import ENDS_BEFORE_TO, RuleReading, SentenceReading, provision_phrase

WISH_LEMMAS = frozenset({"want", "wanna", "like", "love", "hope", "wish", "miss", "fancy", "prefer", "need", "dream"})
# Parts of a sentence that start something new: they end a quote.
BREAK_DEPS = frozenset({"conj", "cc", "advcl", "parataxis", "relcl", "punct", "mark", "discourse", "intj"})
FILLERS = re.compile(r"^(?:(?:well|erm+|um+|uh+|so|and|but|oh|honestly|basically|like|right|yeah|yes|no|i mean|you know|to be honest|"
                     r"tbh|i suppose|i guess|i think|really|just|okay|ok)\b[\s,.]*)+", re.I)
_NICE_TO = re.compile(r"\b(?:would|'d|it'd) be (?:nice|good|great|lovely|brilliant|amazing|grand|champion|ace|class) "
                      r"(?:to|if (?:i|we) could) ([^.,;!?]+)", re.I)
# "I'd feel a bit safer on me own at night": the feeling wished for.
_WOULD_FEEL = re.compile(r"\b(?:i|we)(?:'d| would) feel ((?:a (?:bit|lot) |much |so much )?(?:safer|better|happier|calmer|"
                         r"more confident|less (?:lonely|anxious|worried|scared)|more like myself)[^.,;!?]*)", re.I)
_NEGATED_BEFORE = re.compile(r"(?:\bnot\b|\bnever\b|n't\b|\bdont\b|\bcant\b|\bwont\b)", re.I)
_WANT_IS = re.compile(r"\b(?:all|what) (?:i|we)(?:'d| would)? (?:really |just |most )?(?:want|need|like|love|miss|wish for|hope for) (?:most |more than anything )?(?:is|are) (?:to )?([^.,;!?]+)", re.I)
# "wanna get back on the sites n earn me own money", "i wanna stay clean": typed as said, and read by the
# small parser as a name ("Wanna"), so found by its words.
_WANNA = re.compile(r"^(?:(?:and|but|so|well|just|tbh|honestly|i|we|i just|i really|i rly)\s+)*(?:wanna|wana|wnna|want ta) ([^.,;!?]+)", re.I)
_CUT_WORDS = re.compile(r"\s+\b(?:because|cos|coz|cause|but|so that|though|although|which|when|if|and then)\b.*$", re.I)
MAX_WORDS = 12
_NO_DOUBLE = set("wxy")


# A past form typed where the plain verb goes ("I want to chose my own food"): its -ing is from the plain verb.
_PAST_AS_BASE = {"chose": "choose", "went": "go", "came": "come", "took": "take", "gave": "give",
                 "got": "get", "made": "make", "ate": "eat", "drove": "drive", "wrote": "write", "spoke": "speak",
                 "broke": "break", "ran": "run", "began": "begin", "knew": "know", "bought": "buy", "brought": "bring",
                 "felt": "feel", "kept": "keep", "slept": "sleep", "found": "find", "learnt": "learn", "done": "do"}


def gerund(verb: str) -> str:
    """keep -> keeping, get -> getting, make -> making, be -> being, lie -> lying; chose -> choosing."""
    low = verb.lower()
    if low in _PAST_AS_BASE:
        base = _PAST_AS_BASE[low]
        return gerund(base[0].upper() + base[1:] if verb[:1].isupper() else base)
    if low in {"be", "see", "flee", "agree", "free"}:
        return verb + "ing"
    if low.endswith("ie"):
        return verb[:-2] + "ying"
    if low.endswith("e") and not low.endswith(("ee", "ye", "oe")) and len(low) > 2:
        return verb[:-1] + "ing"
    vowels = "aeiou"
    if (len(low) in (3, 4) and low[-1] not in vowels and low[-1] not in _NO_DOUBLE and low[-2] in vowels
            and low[-3] not in vowels and (len(low) == 3 or low[-4] not in vowels)):
        return verb + verb[-1] + "ing"
    return verb + "ing"


def _tidy(words: str) -> str:
    words = " ".join(words.split()).strip(" ,.;:!?-–—'\"")
    words = FILLERS.sub("", words).strip(" ,.;:")
    words = _TAG_ON.sub("", words).strip(" ,.;:")  # "…me own place tbh", "…lol" (not "…how I like")
    words = _HOW_MUCH.sub("", words).strip(" ,.;:")  # "my garden something rotten": how much, not what
    words = _CUT_WORDS.sub("", words).strip(" ,.;:")
    tokens = words.split()
    if len(tokens) > MAX_WORDS:
        # Too long to quote: end where a clause ends ("I can't manage the stairs any more | so I…"),
        # not after a fixed number of words ("…so I sleep in").
        joins = [k for k in range(3, MAX_WORDS + 1) if tokens[k].lower() in QUOTE_JOINS]
        words = " ".join(tokens[:joins[-1]] if joins else tokens[:MAX_WORDS])
    while True:
        # ("her" stays: it ends "look after her" as often as it starts "her garden"; and "to" stays where it
        # ends a sentence: "like I used to", "if I want to".)
        if _ENDING_TO.search(words):
            return words
        shorter = re.sub(r"\s+(and|or|so|to|the|a|an|my|his|their|our|your|of|for|with|in|on|at)$", "", words, flags=re.I)
        if shorter == words:
            return words
        words = shorter


_ENDING_TO = re.compile(r"\b(" + "|".join(sorted(ENDS_BEFORE_TO)) + r")\s+to$", re.I)
QUOTE_JOINS = frozenset({"so", "and", "but", "because", "cos", "coz", "then", "when", "which", "or", "until", "till"})


def _as_wish(span_tokens) -> str:
    """Tokens of a wish's complement, with "to keep" turned into "keeping"."""
    tokens = list(span_tokens)
    while tokens and (tokens[0].lower_ == "to" or tokens[0].dep_ == "aux"):
        tokens = tokens[1:]
    if not tokens:
        return ""
    first = tokens[0]
    text = "".join(t.text_with_ws for t in tokens)
    if first.tag_ == "VB" or (first.pos_ in {"VERB", "AUX"} and first.tag_ in {"VBP"}):
        text = _joined_gerunds(first, text)
    return text


def _joined_gerunds(first, text: str) -> str:
    """`text` (which starts at the verb `first`) with that verb and the plain verbs joined to it by
    "and"/"or" turned to -ing: "choose my own food and cook it" -> "choosing my own food and cooking it"."""
    if first.lower_ in {"try", "come", "go"} and first.i + 1 < len(first.doc) and first.doc[first.i + 1].lower_ == "and":
        # "Try and get back to work" is "try to get back to work", "go and see my mum" "go to see my mum":
        # one wish, not two ("trying and getting…", "going and see…").
        rest = re.sub(r"^\s+and\s+", " to ", text[len(first.text):], count=1)
        return gerund(first.text) + rest
    verbs = [first] + [c for c in first.children
                       if c.dep_ == "conj" and c.tag_ in {"VB", "VBP"} and c.i > first.i
                       and first.doc[c.i - 1].lower_ in {"and", "or", "an", "n", "&"}]
    for verb in reversed(verbs):
        at = verb.idx - first.idx
        if 0 <= at and text[at:at + len(verb.text)] == verb.text:
            text = text[:at] + _as_doing(verb) + text[at + len(verb.text):]
    return text


def _as_doing(verb) -> str:
    """keep -> keeping; but "stop dreading the post" is checked back as "not dreading the post"
    (stopping a doing is not doing it), where "stopping dreading…" reads oddly."""
    following = verb.doc[verb.i + 1] if verb.i + 1 < len(verb.doc) else None
    if verb.lower_ == "stop" and following is not None and following.tag_ == "VBG":
        return "Not" if verb.text[:1].isupper() else "not"
    return gerund(verb.text)


CLAUSE_END = frozenset({",", ";", ".", "!", "?", "—", "–", ":", "(", ")"})
CLAUSE_BREAKS = frozenset({"but", "because", "cos", "coz", "cause", "though", "although", "which", "who", "whereas"})
SUBJECTS = frozenset({"i", "we", "he", "she", "they", "it", "you", "that", "there"})
MAX_WISH_WORDS = 10
ALLOWANCE = 3  # words past the limit that finish the clause rather than cut it


def _complement(verb) -> list:
    """The words a wish verb governs: from its first word after the verb to the end of that clause
    (a comma, "but", "because", or "and" starting a new clause), at most ten words, or thirteen where that ends it."""
    # ("dative": "I miss it something rotten" parses "it" so; the quote then starts with "it", which points back.)
    parts = [c for c in verb.children if c.i > verb.i and c.dep_ in {"xcomp", "ccomp", "dobj", "dative", "attr", "acomp", "prt",
                                                                     "advmod", "prep", "npadvmod", "oprd"}]
    if not parts:
        return []
    doc = verb.doc
    start = min(min(t.i for t in p.subtree) for p in parts)
    start = max(start, verb.i + 1)
    found = []
    for i in range(start, verb.sent.end):
        token = doc[i]
        low = token.lower_
        if token.text in CLAUSE_END or low in CLAUSE_BREAKS or token.is_bracket or token.is_quote or (
                token.is_punct and token.text not in {"'", "-", "’"}) or not any(ch.isalnum() for ch in token.text):
            break
        if low in {"and", "so"} and i + 1 < verb.sent.end and doc[i + 1].lower_ in SUBJECTS:
            break
        if (low, doc[i + 1].lower_ if i + 1 < verb.sent.end else "") in {("rather", "than"), ("instead", "of")}:
            break  # "…my own tablets again | rather than have the carers do it": what is wished for ends here
        found.append(token)
    # A clause that ends within a few words of the limit is kept whole: "…visiting her dad without cleaning
    # up after me", "…she can just come and sit down", not "…without cleaning" or "…come and sit"; but
    # not when those words start something more ("…on Tuesdays and see my friends").
    if len(found) > MAX_WISH_WORDS + ALLOWANCE or (len(found) > MAX_WISH_WORDS and any(t.pos_ == "CCONJ" for t in found)):
        return _whole_phrases(found[:MAX_WISH_WORDS])
    return found


def _whole_phrases(found: list) -> list:
    """A wish cut at the word limit ends on a whole phrase ("…the dog rescue place", not "…place one"):
    words whose head lies beyond the cut, and dangling little words, go."""
    last = found[-1].i
    start = found[0].i
    for token in found:
        # A clause inside the wish that the cut breaks ("…the club where I used", "…and see") goes whole.
        if token.dep_ in {"relcl", "advcl", "acl", "ccomp", "conj"} and token.right_edge.i > last and token.left_edge.i - start >= 2:
            found = [t for t in found if t.i < token.left_edge.i]
            last = found[-1].i
            break
    while len(found) > 2 and (found[-1].head.i > last or found[-1].pos_ in {"ADP", "DET", "CCONJ", "SCONJ", "PART", "PRON"}):
        found.pop()
    return found


def wish_words(reading: RuleReading) -> str:
    """What the person wishes for, in their words, or "" when the wish is for a service or unclear
    (a wish that stops mid-way, "being able to get", is unclear: better no check-back than that)."""
    words = _wish_words(reading)
    return "" if words.split()[-1:] and words.split()[-1].lower() in DANGLING else words


# Words a wish cannot end on and still say what is wished for.
DANGLING = frozenset({"get", "go", "do", "have", "be", "make", "able"})


FIRST_PERSON = frozenset({"i", "we", "me", "us", "i'd", "id", "im", "i'm"})
POINTING = frozenset({"that", "this", "it", "those", "these"})


def _someone_elses(token) -> bool:
    """A wish whose subject is someone else ("he wants", "my son would like"): not the speaker's."""
    subjects = [c for c in token.children if c.dep_ in {"nsubj", "nsubjpass"}]
    return bool(subjects) and subjects[0].lower_ not in FIRST_PERSON


def _wish_words(reading: RuleReading) -> str:
    for sentence in reading.sentences:
        feel = _WOULD_FEEL.search(sentence.sent.text)
        if feel and not _NEGATED_BEFORE.search(sentence.sent.text[:feel.start()][-30:]):
            return _tidy("feeling " + feel.group(1))
        text = sentence.sent.text
        wanna = _WANNA.search(text.strip())  # a wish whatever the sentence was read as
        if sentence.kind != "outcome" and not sentence.cues.wish and not wanna:
            continue
        for pattern in (_WANT_IS, _NICE_TO, _WANNA):
            match = pattern.search(text.strip())
            if match:
                words = _tidy(_gerund_first(match.group(1), sentence))
                if words and not _is_service(words, sentence):
                    return words
        for token in sentence.sent:
            if token.lemma_.lower() not in WISH_LEMMAS or token.pos_ not in {"VERB", "AUX"}:
                continue
            if token.i in sentence.negated or any(c.dep_ == "neg" for c in token.children):
                continue
            if _someone_elses(token):
                continue  # "he wants to do more": her son's wish, not hers to be checked back
            complement = _complement(token)
            if _wants_provision(complement, sentence, purpose_counts=False):
                # "A stairlift so I can get up to bed": the purpose is the outcome.
                purpose = _PURPOSE.search(text)
                words = _tidy(_gerund_first(purpose.group(1), sentence)) if purpose else ""
                if words:
                    return words
                continue
            words = _tidy(_as_wish(complement))
            if words and words.split()[0].lower() in POINTING:
                continue  # "I want that for her too": what "that" is was said before, not here
            if len(words.split()) >= 2 and not _is_service(words, sentence):
                return words
    return _wish_against(reading)


DREAD_LEMMAS = frozenset({"hate", "dread"})


def _wish_against(reading: RuleReading) -> str:
    """A wish said as what must not happen ("I'd hate to end up in a home", "I don't want to lose the
    flat"): "not ending up in a home". Only a thing to do or to happen, never a refused service."""
    for sentence in reading.sentences:
        for token in sentence.sent:
            lemma = token.lemma_.lower()
            negated = token.i in sentence.negated or any(c.dep_ == "neg" for c in token.children)
            if token.pos_ not in {"VERB", "AUX"} or not (
                    (lemma in {"want", "wish"} and negated) or (lemma in DREAD_LEMMAS and not negated)):
                continue
            complement = [t for t in _complement(token)]
            while complement and complement[0].lower_ == "to":
                complement = complement[1:]
            if not complement or complement[0].pos_ not in {"VERB", "AUX"} or complement[0].tag_ != "VB":
                continue
            words = _tidy(_as_wish(complement))
            if len(words.split()) >= 2 and not _is_service(words, sentence):
                return "not " + words
    return _wish_as_phrase(reading)


# How much something is missed or wanted, said after it ("something rotten", "like mad", "so much").
# Only phrases that never carry the meaning: "so much" does ("I want to stop using so much").
_HOW_MUCH = re.compile(r"(?:\s+(?:something (?:rotten|terrible|awful|chronic|shocking|fierce|dreadful|wicked)|like (?:mad|crazy)))+[\s.!?]*$",
                       re.I)
# (", I think" only after a comma: "about what I think" is what is wished for.)
_TAG_ON = re.compile(r"(?:[\s,]+(?:tbh|lol|innit|to be honest|you know|haha|ha|i guess|i suppose)|\s*,\s*(?:i think|i reckon))+[\s.!?]*$",
                     re.I)
_TRAILING = re.compile(r"(?:[\s,]+(?:tbh|lol|innit|like|you know|to be honest|really))+[\s.!?]*$", re.I)
_LEADING = frozenset({"just", "honestly", "really", "tbh", "erm", "um", "well", "mainly", "mostly", "simply", "only", "and", "also"})


# "…, that's what scares me", "…, it frightens the life out of me", "…, that's my worst fear": the phrase
# before is the fear itself. Only said that plainly: "…, that's what keeps the panic away" is a wish.
_FEARED = re.compile(
    r"(?:and\s+)?(?:that|that's|thats|that is|it|it's|its|this)\s+(?:is\s+)?(?:what\s+)?(?:really\s+|most\s+)?"
    r"(?:(?:scares|frightens|terrifies|petrifies)\s+(?:me|us|the life out of me)|my (?:biggest|worst) (?:fear|worry|nightmare)|"
    r"what I(?:'m| am)? (?:dread|fear|most afraid of)|what I dread)\b(?![^.!?]*\b(?:but|away|stops)\b)", re.I)


def _wish_as_phrase(reading: RuleReading) -> str:
    """A wish said as a bare phrase, with no "I want": "not being made to tell my whole story again",
    "having my own place". The phrase itself is the wish (a service is never one)."""
    for n, sentence in enumerate(reading.sentences):
        tokens = [t for t in sentence.sent if not t.is_punct]
        while tokens and tokens[0].lower_ in _LEADING:
            tokens = tokens[1:]
        if len(tokens) < 2:
            continue
        first, second = tokens[0], tokens[1]
        if first.tag_ == "VBG" or (first.lower_ == "not" and second.tag_ == "VBG"):
            # The phrase ends where its clause does: "Walking the dog, that's what keeps me sane".
            phrase, *rest = re.split(r"\s*[,;:—–(]", sentence.sent.text[first.idx - sentence.sent.start_char:], maxsplit=1)
            words = _tidy(_TRAILING.sub("", phrase))
            if len(words.split()) >= 3 and not _is_service(words, sentence):  # not "Being honest"
                # "Falling again and lying there with nobody knowing, that's what scares me": what must not happen.
                after = rest[0] if rest else (reading.sentences[n + 1].sent.text if n + 1 < len(reading.sentences) else "")
                if _FEARED.match(after.lstrip(" ,;:—–(")) and not words.lower().startswith("not "):
                    return "not " + words[0].lower() + words[1:]
                return words
    for sentence in reading.sentences:
        words = _verb_phrase_wish(sentence)
        if words:
            return words
    return ""


# Verbs that open a request to the worker or a remark, not a wish: "ring the society", "tell us things",
# "I'd say so", "I could cry".
_NOT_A_WISH_VERB = frozenset({"ring", "call", "phone", "tell", "ask", "send", "give", "let", "say", "think", "guess", "suppose",
                              "imagine", "reckon", "mean", "know", "cry", "do", "be", "rather", "try", "bet", "put", "write"})
_TO_THE_WORKER = frozenset({"me", "us", "him", "her", "them"})
_FEELING_VERBS = frozenset({"hate", "appreciate", "enjoy", "mind", "welcome", "adore", "dread"})
# "I'd feel like a proper dad again" names a change; "I could feel the pain coming" does not.
_FEEL_CHANGE = frozenset({"like", "part", "more", "less", "normal", "human", "useful", "wanted", "welcome", "whole"})


def _verb_phrase_wish(sentence: SentenceReading) -> str:
    """A wish said as a plain verb phrase ("cook my own tea staff do it all the time", "dance and see my
    frends at the disko") or as what would then be possible ("I could pay my rent and stop worrying"):
    "cooking my own tea", "dancing and seeing my frends at the disko", "paying my rent and not worrying…".
    Read only in an answer already read as an outcome."""
    tokens = [t for t in sentence.sent if not t.is_punct]
    while tokens and tokens[0].lower_ in _LEADING:
        tokens = tokens[1:]
    if len(tokens) < 2:
        return ""
    first = tokens[0]
    if first.tag_ == "VB" or (first.dep_ == "ROOT" and tokens[1].lower_ in {"and", "n", "&"} and len(tokens) > 2 and tokens[2].tag_ == "VB"):
        verb = first  # "dance and see…": the small parser reads "dance" as a noun
    elif (first.lower_ in {"i", "we"} and len(tokens) > 2 and tokens[1].lower_ in {"could", "'d", "would", "can", "will", "'ll"}
          and tokens[2].tag_ == "VB"):
        verb = tokens[2]
    elif first.lower_ in {"i'd", "id", "i'll", "ill"} and tokens[1].tag_ == "VB":
        verb = tokens[1]
    else:
        return ""
    if verb.lemma_.lower() in _NOT_A_WISH_VERB or verb.lower_ in _NOT_A_WISH_VERB or verb.i in sentence.negated:
        return ""
    if verb is not first and (verb.lemma_.lower() in WISH_LEMMAS | _FEELING_VERBS):
        return ""  # "I'd like it if staff stopped shouting": the wish is read elsewhere, never "liking it"
    if verb.lemma_.lower() == "feel" and (verb.i + 1 >= len(verb.doc) or verb.doc[verb.i + 1].lower_ not in _FEEL_CHANGE):
        return ""
    if any(c.dep_ in {"dobj", "nsubj"} and c.lower_ in {"it", "myself", "meself"} for c in verb.children):
        return ""  # "I could feel myself getting low", "I'd love it if…": no wish in these words
    if any(c.dep_ in {"dative", "dobj"} and c.lower_ in _TO_THE_WORKER for c in verb.children):
        return ""  # "tell us things", "cover us up": asked of the worker
    doc = verb.doc
    found = []
    for i in range(verb.i, sentence.sent.end):
        token = doc[i]
        if token.text in CLAUSE_END or token.lower_ in CLAUSE_BREAKS or (token.is_punct and token.text not in {"'", "-", "’"}):
            break
        if token.lower_ in {"and", "so"} and i + 1 < sentence.sent.end and doc[i + 1].lower_ in SUBJECTS:
            break
        if (found and token.tag_ in {"VB", "VBP", "VBZ", "VBD", "MD"} and found[-1].pos_ in {"NOUN", "PROPN"}
                and len(found) > 2):
            found.pop()  # "…my own tea | staff do it": a noun then a verb starts a new clause; the noun is its subject
            break
        found.append(token)
    if len(found) > MAX_WISH_WORDS + ALLOWANCE:
        found = _whole_phrases(found[:MAX_WISH_WORDS])
    if len(found) < 2:
        return ""
    words = _tidy(_joined_gerunds(verb, "".join(t.text_with_ws for t in found)))
    words = words[:1].lower() + words[1:]  # "Get the electric back on" opened the answer: "getting the electric back"
    if len(words.split()) < 2 or _is_service(words, sentence) or words.split()[-1].lower() in DANGLING:
        return ""
    return words


def _gerund_first(words: str, sentence: SentenceReading) -> str:
    first = words.split(" ", 1)
    if not first or not first[0]:
        return words
    for token in sentence.sent:
        if token.text == first[0] and token.tag_ == "VB":
            if sentence.sent.doc.text[token.idx:token.idx + len(words)] == words:
                return _joined_gerunds(token, words)  # the words are the sentence's own, from this verb on
            return gerund(first[0]) + (" " + first[1] if len(first) > 1 else "")
    return words


def _is_service(words: str, sentence: SentenceReading) -> bool:
    """A wish that is only for a provision ("a carer", "more hours") is not an outcome to check back."""
    low = words.lower()
    if sentence.cues.purpose:
        return False
    nouns = [sentence.sent.doc[i].lower_ for i in sentence.service_tokens]
    if not nouns:
        return False
    content = [w for w in re.findall(r"[a-z']+", low) if w not in {"a", "an", "the", "some", "more", "my", "extra", "another", "having", "getting", "of"}]
    return bool(content) and all(any(w in n or n in w for n in nouns) for w in content)


_GETTING = frozenset({"have", "get", "receive", "be", "put"})


_PURPOSE = re.compile(r"\bso (?:that )?(?:i|we|he|she|they) (?:can|could|would|might|'d|'ll) ([^.,;!?]+)", re.I)


def _wants_provision(tokens, sentence: SentenceReading, purpose_counts: bool = True) -> bool:
    """The wish's head is a provision ("a carer in the mornings", "to have a stairlift")."""
    if not tokens or (purpose_counts and sentence.cues.purpose):
        return False
    inside = {t.i for t in tokens}
    heads = [t for t in tokens if t.head.i not in inside]
    for head in heads:
        if head.i in sentence.service_tokens:
            return True
        if head.lemma_.lower() in _GETTING:
            objects = [c for c in head.children if c.dep_ in {"dobj", "attr"}]
            if objects and all(o.i in sentence.service_tokens for o in objects):
                return True
    return False


_ARRANGED = re.compile(
    r"\b(?:says?|said|told me|reckons?|tells me|apparently|arranged|arranging|sorting|booked|referred|referring|"
    r"putting|put in for|put (?:me|us) (?:down|in) for|applied for|ordered|fitting|installing|sending|giving me|getting me)\b", re.I)
_PROVIDED = re.compile(r"\b(?:i'm|i am|we're|we are|she's|he's|i'll be|we'll be) (?:getting|having|being given|being sent|going to get)\b", re.I)


PROFESSIONALS = re.compile(r"\b(worker|workers|nurse|nurses|doctor|gp|ot|occupational therapist|physio|social|council|centre|team|"
                           r"probation|officer|agency|hospital|carers? centre|key ?worker|psychiatrist|cpn|manager|staff)\b", re.I)


def _provision_first(sentence: SentenceReading) -> list[tuple[int, int]]:
    """Service words in the order to quote: what is provided before who provides it
    ("The social worker's put in for a stairlift" quotes the stairlift)."""
    text = sentence.sent.text.lower()
    spans = sorted(sentence.cues.service_noun_spans)
    provisions = [sp for sp in spans if not PROFESSIONALS.search(text[sp[0]:sp[1]])]
    return provisions or spans


def service_words(reading: RuleReading) -> str:
    """The service, provision or task the person named, as they said it ("a wet room")."""
    for sentence in reading.sentences:
        spans = _provision_first(sentence)
        if not spans:
            continue
        phrase = provision_phrase(sentence.sent, *spans[0])
        return _tidy(phrase) or phrase.strip()
    return ""


def difficulty_words(reading: RuleReading) -> str:
    """The difficulty as the person said it, short enough to quote ("can't manage the stairs"). When the
    rules read no sentence as one (the model did), the first sentence's words, never a stray "six hours"."""
    sentences = [s for s in reading.sentences if not s.harm]
    for sentence in [s for s in sentences if s.kind == "difficulty"] or sentences[:1]:
        clauses = [c for c in re.split(r"[,;:—–]| - ", sentence.sent.text) if not _AGREEING.fullmatch(c.strip(" .!?"))]
        # "Yes that's it, he lives over in Leeds and I can't get the bus on my own": skip the
        # agreement; of the first clause, quote the part that names the difficulty where one does.
        for clause in clauses:
            parts = _PART_JOINS.split(clause)
            named = [p for p in parts if any_match(load_cues().difficulty, p.lower())]
            words = _tidy(named[0] if named else clause)
            if words:
                return words
    return ""


_PART_JOINS = re.compile(r"\s+(?:and|but|so|because|cos)\s+", re.I)


# A clause that only agrees with what was said back ("yes that's it", "exactly", "aye, that's right").
_AGREEING = re.compile(r"(?:(?:yes|yeah|yep|aye|mm+|oh|well|so|no|exactly|right|definitely)\b[\s.!]*)*"
                       r"(?:that'?s (?:it|right|true|the one)|you'?ve got it|spot on|exactly|right|yes|yeah|aye)?[\s.!]*", re.I)


# Agreeing (or not) with what was said back, before the answer goes on: "yes that's it. my grandson…".
def arranged_by_others(reading: RuleReading) -> bool:
    """Someone else is providing or arranging a service ("The OT says I'm getting a wet room")."""
    for sentence in reading.sentences:
        if sentence.cues.service:
            return True
        text = sentence.sent.text
        if sentence.service_tokens and (_ARRANGED.search(text) or _PROVIDED.search(text)):
            return True
    return False
