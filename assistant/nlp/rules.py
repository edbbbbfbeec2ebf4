"""The hand-written reading of an answer: cues, parse, negation and the phrase matcher.

The rules are readable and explain themselves: they say which words were
refused, wished for or negated, which sentence raised a concern, and which
framework phrases matched. The trained models use this reading as evidence
(features), and for an organisation's own framework, which has no corpus, it
is the whole engine.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from assistant.frameworks import Framework
from assistant.nlp.cues import Cues, any_match, load_cues
from assistant.nlp.kinds import SentenceCues, clause_shape, combine_kinds, noun_pattern, read_cues, sentence_kind, wish_targets_service
from assistant.nlp.matcher import EXACT_SCORE, OutcomeIndex, OutcomeMatch
from assistant.nlp.negation import negated_states, negation_scopes, wish_scope
from assistant.nlp.pipeline import Pipeline
from assistant.nlp.safeguarding import (sentence_grammar_concern, told_as_over, sentence_names_grave_harm, sentence_raises_concern,
                                       split_clauses_for_safety)
from assistant.nlp.text import lowered

# Verbs a sentence can end on with a bare "to" ("like I used to", "if I want to").
ENDS_BEFORE_TO = frozenset({"used", "want", "wanted", "have", "has", "had", "got", "going", "supposed", "ought", "able",
                            "like", "love", "need", "needed", "meant", "allowed", "trying", "tried", "try", "hope",
                            # a sentence may end on its "to": "what we're entitled to", "someone to talk to"
                            "entitled", "listened", "talk", "talked", "spoken", "belong", "forward", "close", "kind"})

PROPOSE_THRESHOLD = 0.40
DIFFICULTY_THRESHOLD = 0.50
FLAGGED_THRESHOLD = 0.85
RELATIVE_CUTOFF = 0.9
SECONDARY_THRESHOLD = 0.75
MAX_PROPOSED = 3
BARE_SERVICE_WORDS = 6  # "more hours of home help"
# How much, how often and when: the words that may stand beside a bare service.
AMOUNT_WORDS = frozenset("""a an the of in on at for with some more extra another just only few bit lot couple
    hour day week month weekend time once twice every each morning afternoon evening night teatime lunchtime
    monday tuesday wednesday thursday friday saturday sunday""".split())
EVIDENCE_GAP = 2
CARED_FOR_SCORE = 0.9
FIRST_PERSON_WISH = re.compile(r"\b(i|we)( really| just| so| only)* (want|wanna|hope|wish)\b|\b(i|we)('d| would)( really| just| so)* (like|love)\b")
WISH_FOR_CARED_FOR = re.compile(
    r"\b(want|wants|like|love|hope|wish|need)( for)? (him|her|them|mum|dad|my (mum|mam|dad|mother|father|wife|husband|partner|"
    r"son|daughter|brother|sister|gran|nan|grandad|granny|boy|girl))( \w+)? to\b|\bfor (him|her|mum|dad) to\b"
)


@dataclass
class Found:
    """An outcome the matcher found in an answer: its best score and the tokens behind it."""

    score: float = 0.0
    tokens: list = field(default_factory=list)


@dataclass
class SentenceReading:
    """What the rules read in one sentence."""

    sent: object  # spaCy Span
    kind: str
    cues: SentenceCues
    shape: str
    harm: bool
    ranked: list[OutcomeMatch]
    refused: set[int]
    negated: set[int]
    wished: set[int]
    service_tokens: set[int]
    # A safe use of words that can signal harm ("I feel safe now", "that's all behind me").
    safe: bool = False
    # "I want…", "I'd love…", "I hope…": the person says plainly what they wish for.
    first_person_wish: bool = False
    # "I'm not lonely any more": a bad state negated, with a change noticed.
    change_noticed: bool = False


@dataclass
class RuleReading:
    """What the rules read in a whole answer."""

    doc: object  # spaCy Doc
    sentences: list[SentenceReading]
    kind: str
    found: dict[str, Found]
    flagged_sentences: list[str]
    topic: str
    # Misspelled words and the framework word each most likely means ("lonley" -> "lonely").
    corrections: dict[int, str] = field(default_factory=dict)
    # Which of flagged_sentences only the parse raised (no fixed pattern did): the trained
    # model may overrule these when it is all but sure the sentence is safe (Thresholds.parse_floor).
    parsed_only: frozenset[int] = frozenset()
    # How each flagged sentence reads without the cues written from the models' misses ("cue", "parse" or
    # ""): training chooses the model's threshold on that reading (cues.toml, harm_from_misses).
    without_misses: tuple[str, ...] = ()

    def sentences_kept(self, model_score: float, parse_floor: float) -> list[str]:
        """The flagged sentences that still raise an alert beside the model's score."""
        return [s for n, s in enumerate(self.flagged_sentences) if n not in self.parsed_only or model_score >= parse_floor]

    @property
    def flagged(self) -> bool:
        return bool(self.flagged_sentences)

    @property
    def content_words(self) -> int:
        """Words that carry meaning (not "I", "don't", "the"…)."""
        return sum(1 for t in self.doc if t.is_alpha and not t.is_stop and len(t) > 2) if self.doc is not None else 0

    @property
    def bare_service(self) -> bool:
        """A service named and nothing more ("more home help", "just more carers", "a carer in the
        morning"): a few words, no verb, each naming the service or how much or when. Anything else
        ("the *same* carer", "a *proper* bath", "more time with my grandkids") may say what matters."""
        if self.kind != "service" or self.doc is None:
            return False
        words = [t for t in self.doc if t.is_alpha]
        if not 0 < len(words) <= BARE_SERVICE_WORDS or any(t.pos_ in {"VERB", "AUX"} for t in self.doc):
            return False
        services = self.service_tokens
        return any(t.i in services for t in words) and all(
            t.i in services or t.lower_ in AMOUNT_WORDS or t.lemma_.lower() in AMOUNT_WORDS for t in words)

    @property
    def service_tokens(self) -> set[int]:
        return {i for s in self.sentences for i in s.service_tokens}

    @property
    def refused(self) -> set[int]:
        return {i for s in self.sentences for i in s.refused}

    def best(self, limit: int = MAX_PROPOSED) -> list[tuple[str, Found]]:
        """Matcher outcomes, strongest first, with the rules' own cut-offs."""
        proposed = sorted(self.found.items(), key=lambda kv: kv[1].score, reverse=True)
        kept: list[tuple[str, Found]] = []
        if not proposed:
            return kept
        top = proposed[0][1].score
        for outcome_id, entry in proposed:
            if entry.score < PROPOSE_THRESHOLD:
                continue
            if kept and (entry.score < top * RELATIVE_CUTOFF or entry.score < SECONDARY_THRESHOLD):
                continue
            kept.append((outcome_id, entry))
            if len(kept) == limit:
                break
        return kept

    def all_scores(self) -> dict[str, float]:
        """Every outcome the matcher scored in any sentence, before kind filters."""
        scores: dict[str, float] = {}
        for s in self.sentences:
            for m in s.ranked:
                scores[m.outcome_id] = max(scores.get(m.outcome_id, 0.0), m.score)
        return scores


def evidence_spans(doc, token_ids) -> tuple[str, ...]:
    """Join tokens into short runs of the answer's own words."""
    if not token_ids:
        return ()
    ids = sorted(set(token_ids))
    runs: list[list[int]] = [[ids[0], ids[0]]]
    for i in ids[1:]:
        last = runs[-1]
        gap = doc[last[1] + 1 : i]
        if i - last[1] - 1 <= EVIDENCE_GAP and not any(t.is_punct or t.is_sent_start for t in gap) and not doc[i].is_sent_start:
            last[1] = i
        else:
            runs.append([i, i])
    runs = [_whole_words(doc, a, b) for a, b in runs]
    # (A run may take in the spaces left where markup was: "see my grandson[/b]" shows "see my grandson".)
    return tuple(dict.fromkeys(text for a, b in runs if (text := doc[a : b + 1].text.strip())))


# Words that open a phrase and never end one: a run cut off after them ("see my mates at the") is
# shown without them, and a run does not start with a joining word ("and see my mates").
PHRASE_OPENERS = frozenset({"DET", "ADP", "CCONJ", "SCONJ", "AUX", "PART"})


def _whole_words(doc, a: int, b: int) -> tuple[int, int]:
    def opens(token) -> bool:
        return (token.pos_ in PHRASE_OPENERS or token.tag_ == "PRP$") and token.dep_ != "prt"

    while b > a and opens(doc[b]):
        b -= 1
    while a < b and doc[a].pos_ in {"CCONJ", "SCONJ"}:
        a += 1
    return a, b


class RuleReader:
    """Reads answers against one framework with the hand-written rules and the phrase matcher."""

    def __init__(self, framework: Framework, pipeline: Pipeline, cues: Cues | None = None) -> None:
        self.framework = framework
        self.pipeline = pipeline
        self.cues = cues or load_cues()
        self.base_cues = self.cues.without_misses()  # made once: read for each flagged sentence
        self.index = OutcomeIndex(framework, pipeline)
        words = {w for o in framework.outcomes for w in o.service_words}
        self.service_nouns = noun_pattern(set(self.cues.service_nouns) | words)
        self._ids = {o.id for o in framework.outcomes}

    def read(self, doc) -> RuleReading:
        found: dict[str, Found] = {}
        wanted: dict[str, Found] = {}
        readings: list[SentenceReading] = []
        flagged: list[str] = []
        parsed_only: set[int] = set()
        base_how: list[str] = []
        topic = ""
        topic_rank = 99
        sents = list(doc.sents)
        for number, sent in enumerate(sents):
            low = lowered(sent.text)
            how = self.concern_in(sent, low)
            said = sent.text.strip()
            after = sents[number + 1] if number + 1 < len(sents) else None
            if how is None and after is not None and _runs_on(sent, after):
                # "My grandson has got my bank card | and I've not seen a penny": the small parser split one
                # sentence in two, and the pattern needs both halves.
                joined = f"{said} {after.text.strip()}"
                if any(sentence_raises_concern(part, self.cues) for part in split_clauses_for_safety(lowered(joined))):
                    how, said = "cue", joined
            if how is not None:
                start = number + (1 if said == sent.text.strip() else 2)
                following = [lowered(s.text) for s in sents[start:start + 4]]  # near enough to be about it
                if told_as_over(lowered(said), self.cues, following):
                    how = None  # "She took an overdose at nineteen. | That was ten years ago now."
            harm = how is not None
            if harm:
                if how == "parse":
                    parsed_only.add(len(flagged))
                flagged.append(said)
                base_how.append(self._without_misses(sent, low, how, said))
            reading = self._read_sentence(sent, low, harm)
            readings.append(reading)
            rank = {"service": 0, "difficulty": 1, "outcome": 2}.get(reading.kind, 5)
            if rank < topic_rank:
                topic_rank = rank
                topic = self._topic(reading)
            for match in self._keep(reading.kind, reading.ranked):
                entry = (wanted if reading.kind == "outcome" else found).setdefault(match.outcome_id, Found())
                entry.score = max(entry.score, match.score)
                entry.tokens.extend(match.token_ids)
        kind = combine_kinds([r.kind for r in readings])
        # What the person wants matters most: outcome sentences speak for the answer.
        if wanted:
            found = wanted
        if kind == "service":
            found = {}
        if flagged and kind == "difficulty":
            found = {k: v for k, v in found.items() if v.score >= FLAGGED_THRESHOLD}
        if kind == "difficulty" and found:
            best_id = max(found, key=lambda k: found[k].score)
            found = {best_id: found[best_id]}
        corrections = {}
        for token in doc:
            if token.is_alpha:
                fixed = self.index.correct(token.lower_)
                if fixed and fixed != token.lemma_.lower():
                    corrections[token.i] = fixed
        return RuleReading(doc, readings, kind, found, flagged, topic, corrections, frozenset(parsed_only), tuple(base_how))

    def _without_misses(self, sent, low: str, how: str, said: str) -> str:
        """How a flagged sentence reads without the cues written from the models' misses."""
        if how != "cue" or not self.cues.harm_from_misses:
            return how
        base = self.base_cues
        if any(sentence_raises_concern(part, base) for part in split_clauses_for_safety(lowered(said))):
            return "cue"
        if sentence_grammar_concern(sent, base):
            if not (any_match(base.safe, low) and not any_match(base.always, low)):
                return "cue" if sentence_names_grave_harm(sent, base) else "parse"
        return ""

    def concern_in(self, sent, low: str) -> str | None:
        """Safeguarding: fixed patterns and grave words in any form first ("cue"), then the parse
        ("parse"); safe uses let through.
        The parse reads wordings no pattern lists, and on held-out writers it raised far more false
        alarms than the patterns did, so the trained model may overrule it (Thresholds.parse_floor)."""
        if any(sentence_raises_concern(part, self.cues) for part in split_clauses_for_safety(low)):
            return "cue"
        if sentence_grammar_concern(sent, self.cues):
            # The safe filter still applies: "I'm not scared of him any more".
            if not (any_match(self.cues.safe, low) and not any_match(self.cues.always, low)):
                return "cue" if sentence_names_grave_harm(sent, self.cues) else "parse"
        return None

    def _read_sentence(self, sent, low: str, harm: bool) -> SentenceReading:
        refused, negated = negation_scopes(sent)
        good_state_tokens = negated_states(sent, negated)
        sc = read_cues(low, self.cues, self.service_nouns)
        service_tokens = self._tokens_in(sent, sc.service_noun_spans)
        # "I don't want another court date": refusing something that is not a service
        # is a wish to avoid it, an outcome; refusing a service ("a shower room") is not.
        avoidance = bool(refused) and not (refused & service_tokens)
        if avoidance:
            refused = set()
        lemmas = self.index.sentence_lemmas(sent, excluded=refused)
        matches = self.index.score(lemmas)
        for outcome_id, tokens in self.index.exact(sent, refused).items():
            current = matches.get(outcome_id)
            if current is None:
                matches[outcome_id] = OutcomeMatch(outcome_id, EXACT_SCORE, sorted(set(tokens)))
            else:
                current.score = max(current.score, EXACT_SCORE)
                current.token_ids = sorted(set(current.token_ids) | set(tokens))
        # What is wished for is the outcome: prefer evidence inside the wish.
        wished = wish_scope(sent, negated) if sc.wish else set()
        if wished:
            inside = self.index.score({l: ids for l, ids in lemmas.items() if set(ids) & wished})
            if inside and max(m.score for m in inside.values()) >= PROPOSE_THRESHOLD:
                matches = inside
        # A negated bad state counts only as a change ("not lonely any more").
        # Inside a wish or a purpose ("so I'm not scared") the negated state is the outcome itself.
        if good_state_tokens and not (sc.change or sc.wish or sc.purpose):
            matches = {k: m for k, m in matches.items() if not set(m.token_ids) <= good_state_tokens}
        if self.framework.name == "carer" and WISH_FOR_CARED_FOR.search(low) and "carer.cared_for_qol" in self._ids:
            # "I want Mum to get out to church": the outcome is the cared-for person's.
            current = matches.get("carer.cared_for_qol")
            tokens = current.token_ids if current else []
            matches["carer.cared_for_qol"] = OutcomeMatch("carer.cared_for_qol", max(CARED_FOR_SCORE, current.score if current else 0), tokens)
        ranked = sorted(matches.values(), key=lambda m: m.score, reverse=True)
        top = ranked[0] if ranked else None
        has_outcome = bool(top and top.score >= PROPOSE_THRESHOLD)
        if avoidance and has_outcome:
            sc = replace(sc, wish=True)
        shape = clause_shape(sent)
        kind = sentence_kind(sc, has_outcome=has_outcome, good_state=bool(good_state_tokens), harm=harm,
                             wish_is_service=sc.wish and wish_targets_service(sent, sc.service_noun_spans),
                             shape=shape, text=low,
                             negative=bool(has_outcome and set(top.token_ids) & (negated - good_state_tokens)))
        return SentenceReading(sent, kind, sc, shape, harm, ranked, refused, negated, wished, service_tokens,
                               safe=any_match(self.cues.safe, low), first_person_wish=bool(FIRST_PERSON_WISH.search(low)),
                               change_noticed=bool(good_state_tokens) and sc.change)

    @staticmethod
    def _tokens_in(sent, noun_spans) -> set[int]:
        base = sent.start_char
        return {t.i for t in sent if any(a <= t.idx - base < b for a, b in noun_spans)}

    @staticmethod
    def _keep(kind: str, ranked: list[OutcomeMatch]) -> list[OutcomeMatch]:
        if kind in {"service", "other", "strength"} or not ranked:
            return []
        if kind == "difficulty":
            return [ranked[0]] if ranked[0].score >= DIFFICULTY_THRESHOLD else []
        return ranked[:MAX_PROPOSED]

    @staticmethod
    def _topic(reading: SentenceReading) -> str:
        """The person's words to quote back: the service named, the wish, or the problem as said."""
        sent, kind = reading.sent, reading.kind
        if kind == "outcome" and reading.wished:
            for token in sent:
                if token.i in reading.wished and token.dep_ in {"xcomp", "dobj", "ccomp"} and token.head.i in reading.wished:
                    a, b = _whole_words(sent.doc, token.left_edge.i, token.right_edge.i)
                    if b + 1 < len(sent.doc) and sent.doc[b + 1].lower_ == "to" and sent.doc[b].lower_ in ENDS_BEFORE_TO:
                        b += 1  # "…like I used to", not "…like I used"
                    words = sent.doc[a : b + 1].text.strip(" ,.")
                    if len(words.split()) >= 2:
                        return words
        spans = reading.cues.service_noun_spans
        if kind == "service" and spans:
            return provision_phrase(sent, *min(spans)).strip()
        doc, end = sent.doc, sent.end
        # The small parser sometimes ends a sentence mid-phrase ("…so I sleep in | the chair downstairs"):
        # a "sentence" with no full stop, followed by one that starts in lower case, runs on into it.
        while end < len(doc) and not doc[end - 1].is_punct and doc[end].is_lower:
            end = doc[end].sent.end
        text = doc[sent.start : end].text.strip().rstrip(".!")
        return text if len(text) <= 120 else text[:117].rsplit(" ", 1)[0] + "…"


def provision_phrase(sent, a: int, b: int) -> str:
    """The noun phrase around a provision found at characters a..b of a sentence ("a wet room"); where the
    parser did not read it as a noun ("a cleaner" taken for the adjective), the words with the little
    word before them."""
    start_char = sent.start_char + a
    for chunk in sent.noun_chunks:
        if chunk.start_char <= start_char < chunk.end_char:
            return chunk.text
    before = re.search(r"\b(a|an|the|my|our|some|more|another)\s+$", sent.doc.text[sent.start_char : start_char], re.I)
    return sent.doc.text[(sent.start_char + before.start() if before else start_char) : sent.start_char + b]


def _runs_on(sent, after) -> bool:
    """The parser ended a sentence mid-way: no full stop, and the next part starts in lower case or with "and"."""
    last = sent[-1]
    if last.text in {".", "!", "?", "…"}:
        return False
    first = after[0]
    return first.is_lower or first.lower_ in {"and", "but", "so", "then"}
