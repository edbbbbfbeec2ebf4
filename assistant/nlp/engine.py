"""The analyser: one answer in, kind + proposed outcomes + flags out.

The rules read the answer first (negation and refusal scopes, wishes, cues, the
phrase matcher, safeguarding patterns); the trained models then decide, using
that reading as evidence alongside the words. Safeguarding is recall-first: an
alert is raised when the rules OR the model see a concern, and it names the
sentence that raised it. For a framework with no trained model (an
organisation's own), the rules decide alone.

The engine proposes, with a score and the answer's own words as evidence; it
never decides for the person, and it abstains when nothing fits.
"""

from __future__ import annotations

import re

from dataclasses import dataclass, replace

from assistant.frameworks import Framework
from assistant.nlp.cues import Cues
from assistant.nlp.features import MIN_CONTENT_WORDS, answer_features
from assistant.nlp.models import EngineModels, decide_kind, kind_and_outcomes, labelled_kind
from assistant.nlp.pipeline import Pipeline
from assistant.nlp.quoting import arranged_by_others, difficulty_words, service_words, wish_words
from assistant.nlp.rules import MAX_PROPOSED, RuleReader, RuleReading, evidence_spans
from assistant.nlp.safeguarding import sentence_raises_concern, split_clauses_for_safety
from assistant.nlp.text import DONT_KNOW, MAX_ANALYSED_PARTS, agreement_end, cleaned, for_analysis, in_parts, lowered
# "I need a cleaner", "we could do with a carer": provision asked for, in the person's words.
ASKS_FOR = re.compile(r"\b(i|we)\b[^.!?]{0,15}?\b(need|want|wanna|'d like|would like|could do with|could use)\b", re.I)
# "…so my grandkids can come round again", "…to help me get out": what it is for is said already.
FOR_WHAT = re.compile(r"\bso( that)?( [a-z']+){1,3} (can|could|would|will|'d|'ll)\b|\bto (be able|help me|let me)\b", re.I)

# Evidence from a model: the words that raise the outcome's score most.
# Saying no to what is offered, in the words people use.
TURNED_DOWN = re.compile(r"\b(not for me|no thanks|no thank you|not interested(?! in (me|us|him|her))|(do not|don't|dont|never) (want|need) "
                         r"(it|that|one|them)\b(?! to)|(do not|don't|dont) want to go\b(?! (back|out|on))|i (won't|wont|wouldn't|wouldnt) go"
                         r"|never asked for (it|that|one))\b")
# Said with no service named, only the plainest refusals count ("…the wellbeing group. not for me").
TURNED_DOWN_PLAINLY = re.compile(r"\b(not for me|no thanks|no thank you|never asked for (it|that|one))\b")
EVIDENCE_SHARE = 0.35
EVIDENCE_WORDS = 6
SURE_ALERT = 0.7


@dataclass(frozen=True)
class ProposedOutcome:
    id: str
    label: str
    score: float
    evidence: tuple[str, ...]

    def to_dict(self) -> dict:
        return {"id": self.id, "label": self.label, "score": round(self.score, 3), "evidence": list(self.evidence)}


@dataclass(frozen=True)
class Analysis:
    kind: str
    outcomes: tuple[ProposedOutcome, ...]
    flags: tuple[str, ...]
    # Words to quote back in a "so what?" or reframe question (not part of the JSON contract).
    topic: str = ""
    truncated: bool = False
    # The sentences that raised a safeguarding concern, in the person's words.
    alert_sentences: tuple[str, ...] = ()
    # What the person wishes for, in their words ("keeping this flat"); "" when unclear.
    wish: str = ""
    # Someone else provides or arranges a service ("The OT says I'm getting a wet room").
    arranged: bool = False
    # The rules saw the concern, or the model is sure of it; a weaker alert is raised all the same,
    # but the conversation does not switch to the safety question on it.
    alert_certain: bool = True
    # What the disclosure may be about (one category, or the two likeliest): a guess the alert shows.
    concern: tuple[str, ...] = ()
    # The person turns a service down ("I don't want a shower room", "the group's not for me"): their no,
    # not a need to ask "so what?" about.
    turned_down: bool = False

    @property
    def safeguarding(self) -> bool:
        return "safeguarding" in self.flags

    def to_dict(self) -> dict:
        return {"kind": self.kind, "outcomes": [o.to_dict() for o in self.outcomes], "flags": list(self.flags)}


EMPTY_ANALYSIS = Analysis(kind="other", outcomes=(), flags=())


def merged_parts(first: Analysis, rest: list[Analysis], truncated: bool) -> Analysis:
    """One reading of an answer read in parts. A concern in any part is raised (naming its sentences);
    a wish in any part makes the answer an outcome; each outcome keeps its best score and evidence."""
    parts = [first, *rest]
    flagged = [a for a in parts if a.safeguarding]
    lead = first if first.kind == "outcome" or not any(a.kind == "outcome" for a in rest) else \
        next(a for a in rest if a.kind == "outcome")
    best: dict[str, ProposedOutcome] = {}
    for part in parts:
        if part.kind != lead.kind:
            continue
        for outcome in part.outcomes:
            if outcome.id not in best or outcome.score > best[outcome.id].score:
                best[outcome.id] = outcome
    return replace(
        lead, outcomes=tuple(sorted(best.values(), key=lambda o: -o.score)[:3]), truncated=truncated,
        flags=("safeguarding",) if flagged else lead.flags,
        # (Parts overlap where speech had no full stops: the same sentence, read twice, is named once.)
        alert_sentences=tuple(dict.fromkeys(sentence.strip() for a in flagged for sentence in a.alert_sentences)),
        alert_certain=any(a.alert_certain for a in flagged) if flagged else lead.alert_certain,
        concern=flagged[0].concern if flagged else lead.concern,
        wish=lead.wish or next((a.wish for a in parts if a.wish), ""))


class Analyser:
    """Analyses answers against one framework with a loaded pipeline (and models, when trained)."""

    def __init__(self, framework: Framework, pipeline: Pipeline, models: EngineModels | None = None,
                 cues: Cues | None = None) -> None:
        self.framework = framework
        self.pipeline = pipeline
        self.rules = RuleReader(framework, pipeline, cues)
        # A trained model serves a framework only if it knows exactly that framework's outcomes
        # (an organisation may replace a built-in framework with its own file).
        covered = models is not None and models.covers(framework.name) and models.outcomes[framework.name].classes == framework.ids
        self.models = models if covered else None
        self._labels = {o.id: o.label for o in framework.outcomes}

    @property
    def uses_model(self) -> bool:
        return self.models is not None

    def analyse(self, text: str) -> Analysis:
        parts = in_parts(cleaned(text))
        if not parts:
            return EMPTY_ANALYSIS
        return self._with_rest(self._analyse_part(parts[0]), parts)

    def analyse_many(self, texts: list[str]) -> list[Analysis]:
        split = [in_parts(cleaned(t)) for t in texts]
        firsts = [parts[0] if parts else "" for parts in split]
        meanings = [self._start_meaning(first) if first else None for first in firsts]
        docs = self.pipeline.nlp.pipe(firsts, batch_size=64)
        results = []
        for parts, doc, meaning in zip(split, docs, meanings):
            results.append(self._with_rest(self._analyse_doc(doc, truncated=False, meaning=meaning), parts)
                           if parts else EMPTY_ANALYSIS)
        return results

    def _with_rest(self, first: Analysis, parts: list[str]) -> Analysis:
        """A long answer read whole, a part at a time: "my son hits me" at the end of a 6,000-character
        story raises its alert, and a wish anywhere makes it an outcome (up to MAX_ANALYSED_PARTS parts)."""
        if len(parts) == 1:
            return first
        rest = [self._analyse_part(part) for part in parts[1:MAX_ANALYSED_PARTS]]
        unread = parts[MAX_ANALYSED_PARTS:]
        if unread:
            # Past the parts read in full (a pasted document), the fixed safeguarding cues still read every
            # sentence: they need no parse, so a disclosure at the very end is never missed on length alone.
            told = [sentence.strip() for part in unread for sentence in re.split(r"(?<=[.!?])\s+|\n+", part)
                    if sentence.strip() and any(sentence_raises_concern(clause, self.rules.cues)
                                                for clause in split_clauses_for_safety(lowered(sentence)))]
            if told:
                rest.append(Analysis("other", (), ("safeguarding",), alert_sentences=tuple(told)))
        return merged_parts(first, rest, truncated=bool(unread))

    def _analyse_part(self, text: str) -> Analysis:
        # The sentence models start first, on their own threads, and read while spaCy parses.
        meaning = self._start_meaning(text)
        return self._analyse_doc(self.pipeline.nlp(text), truncated=False, meaning=meaning)

    def _start_meaning(self, clean: str):
        """The sentence model's reading, started beside the parse (None when the model does not use it)."""
        return self.models.start_meaning(clean) if self.models is not None else None

    def read(self, text: str) -> RuleReading | None:
        """The rules' reading of an answer (what training featurises)."""
        clean = for_analysis(text)
        return self.rules.read(self.pipeline.nlp(clean)) if clean.strip() else None

    def _analyse_doc(self, doc, truncated: bool, meaning=None) -> Analysis:
        reading = self.rules.read(doc)
        if self.models is None:
            analysis = self._decide_by_rules(reading, truncated)
        else:
            analysis = self._decide_by_models(reading, truncated, meaning)
        if DONT_KNOW.match(doc.text):
            # "Can't think of anything", "dunno really": labelling.md's "don't know" is `other`, never a
            # difficulty to ask "so what?" about (13 such answers in the corpus, all labelled so; a concern stays).
            analysis = replace(analysis, kind="other", outcomes=())
        return self._with_quotes(analysis, reading)

    @staticmethod
    def _with_quotes(analysis: Analysis, reading: RuleReading) -> Analysis:
        """The words to say back: the service or difficulty for "so what?", the wish for a check-back."""
        arranged = arranged_by_others(reading)
        service = service_words(reading)
        # "I'd like a wet room": a wish, but for provision, with nothing it would make possible said.
        # Like a service someone arranges, the conversation asks what it is for. So too "I need a cleaner,
        # really. The house has gone to pot": an outcome may be near, but the only thing wished for is a service.
        wish = wish_words(reading) if analysis.kind == "outcome" else ""
        arranged = arranged or (analysis.kind == "outcome" and (
            not analysis.outcomes or (not wish and bool(service) and _asks_for_service_only(reading)))) or (
            # "I need a cleaner, really. The house has gone to pot." read as a difficulty: the person's own ask
            # is still what "so what?" is about.
            analysis.kind == "difficulty" and bool(service) and _asks_for_service_only(reading))
        if analysis.kind == "service" or (arranged and service):
            topic = service or reading.topic
        elif analysis.kind == "difficulty":
            topic = difficulty_words(reading) or reading.topic
        else:
            topic = reading.topic
        services = reading.service_tokens
        said = lowered(reading.doc.text)
        turned_down = (bool(services) and (services <= reading.refused or bool(TURNED_DOWN.search(said)))) or (
            analysis.kind in {"service", "difficulty"} and bool(TURNED_DOWN_PLAINLY.search(said)))
        return replace(analysis, topic=topic, wish=wish, arranged=arranged and bool(service), turned_down=turned_down)

    # ----- rules alone --------------------------------------------------------------------
    def _decide_by_rules(self, reading: RuleReading, truncated: bool) -> Analysis:
        outcomes = tuple(ProposedOutcome(oid, self._labels[oid], round(entry.score, 3),
                                         evidence_spans(reading.doc, entry.tokens)) for oid, entry in reading.best())
        return Analysis(reading.kind, outcomes, ("safeguarding",) if reading.flagged else (), reading.topic, truncated,
                        tuple(reading.flagged_sentences))

    # ----- trained models -------------------------------------------------------------------
    def _decide_by_models(self, reading: RuleReading, truncated: bool, meaning=None) -> Analysis:
        m = self.models
        meaning = meaning.result() if meaning is not None else m.read_meaning(reading.doc.text)
        tuned = meaning.tuned
        features = answer_features(reading, meaning.vector)
        idx, vals, names = m.space.vectorise(features)
        kind_scores = m.blended("kind", m.kind.scores(idx, vals), tuned.kind if tuned else None)
        said = (any(s.first_person_wish for s in reading.sentences), any(s.change_noticed for s in reading.sentences),
                reading.bare_service)
        kind = decide_kind(kind_scores, *said)
        sg_score = m.safeguarding_score(idx, vals, tuned)
        ruled = reading.sentences_kept(sg_score, m.thresholds.parse_floor)
        alert_sentences = list(ruled)
        concern_features = (idx, vals, names)
        if sg_score >= m.thresholds.safeguarding and not alert_sentences and reading.content_words >= MIN_CONTENT_WORDS:
            alert_sentences.append(self._strongest_sentence(reading, features, idx, vals, names,
                                                            tuned.concern_span if tuned else None))
        elif not alert_sentences:
            # "yes that's it. my grandson has my pension card and he takes most of it": an agreement with
            # what was said back dilutes the whole answer's score; what follows it is read on its own too.
            found = self._concern_after_agreement(reading)
            if found is not None:
                sentence, after_score, concern_features = found
                alert_sentences.append(sentence)
                sg_score = max(sg_score, after_score)
        model = m.outcomes[self.framework.name]
        scores = m.blended_outcomes(self.framework.name, model.classes, model.scores(idx, vals),
                                    self._tuned_outcome_reading(reading, tuned))
        outcomes = []
        kind, chosen = kind_and_outcomes(kind_scores, kind, scores, m.thresholds, MAX_PROPOSED,
                                         relabel=lambda k: labelled_kind(k, *said))
        for j in chosen:
            outcome_id = model.classes[j]
            evidence = self._evidence(reading, outcome_id, model, j, features, idx, vals, names)
            outcomes.append(ProposedOutcome(outcome_id, self._labels.get(outcome_id, outcome_id), round(float(scores[j]), 3), evidence))
        flags = ("safeguarding",) if alert_sentences else ()
        certain = bool(ruled) or sg_score >= SURE_ALERT
        concern = m.concern_guess(*concern_features) if alert_sentences else ()
        return Analysis(kind, tuple(outcomes), flags, reading.topic, truncated, tuple(alert_sentences), alert_certain=certain,
                        concern=concern)

    def _concern_after_agreement(self, reading: RuleReading):
        """The model's concern about what follows an opening agreement, read on its own: the sentence
        to name, its score and features, when it reaches the threshold (else None)."""
        doc = reading.doc
        start = agreement_end(doc.text)
        rest = doc.char_span(start, len(doc.text), alignment_mode="expand") if start else None
        if rest is None or not rest.text.strip():
            return None
        m = self.models
        # The parse already made serves: the words after the agreement as a document of their own.
        again = self.rules.read(rest.as_doc())
        if again.content_words < MIN_CONTENT_WORDS:
            return None
        meaning = m.read_meaning(again.doc.text)
        features = answer_features(again, meaning.vector)
        idx, vals, names = m.space.vectorise(features)
        tuned = meaning.tuned
        score = m.safeguarding_score(idx, vals, tuned)
        if score < m.thresholds.safeguarding:
            return None
        sentence = self._strongest_sentence(again, features, idx, vals, names, tuned.concern_span if tuned else None)
        return sentence, score, (idx, vals, names)

    def _tuned_outcome_reading(self, reading: RuleReading, tuned):
        """The tuned model reads a sentence whole and knows nothing of refusal: in "I don't want a
        shower room, I want to see my son" it hears a wish for the shower room. The linear models
        leave refused words out; so, for the outcomes, the tuned model reads the answer without them
        too (its reading of the kind and of a concern stays the whole answer's)."""
        if tuned is None or not reading.refused:
            return tuned
        kept = "".join(t.text_with_ws for t in reading.doc if t.i not in reading.refused).strip(" ,;.-")
        again = self.models.tuned.read(kept) if kept and self.models.tuned is not None else None
        return again if again is not None else tuned

    def _token_weights(self, model, cls: int, features, idx, vals, names) -> dict[int, float]:
        """Each token's share of what raises a class's score."""
        weights: dict[int, float] = {}
        for value, name in zip(model.contributions(cls, idx, vals), names):
            if not name or value <= 0:
                continue
            sources = features.sources.get(name, ())
            if not sources:
                continue
            share = float(value) / len(sources)
            for i in sources:
                weights[i] = weights.get(i, 0.0) + share
        return weights

    def _evidence(self, reading: RuleReading, outcome_id: str, model, cls: int, features, idx, vals, names) -> tuple[str, ...]:
        """The person's words behind a proposal: the matcher's, else the words that raise the model's score most.
        A service word is never evidence for an outcome."""
        banned = reading.service_tokens | reading.refused
        doc = reading.doc
        found = reading.found.get(outcome_id)
        if found and found.tokens:
            tokens = [i for i in found.tokens if i not in banned and _telling(doc[i])]
            if tokens:
                grown = [j for i in tokens for j in _phrase_around(doc, i, banned)]
                return evidence_spans(doc, sorted(set(grown)))
        weights = self._token_weights(model, cls, features, idx, vals, names)
        # Words that name something first; only when none carries weight, any content word.
        usable = ({i: w for i, w in weights.items() if i not in banned and _naming(doc[i])}
                  or {i: w for i, w in weights.items() if i not in banned and _telling(doc[i])})
        if not usable:
            return ()
        top = max(usable.values())
        picked = sorted(usable, key=usable.get, reverse=True)[:EVIDENCE_WORDS]
        picked = [i for i in picked if usable[i] >= EVIDENCE_SHARE * top]
        grown = [j for i in picked for j in _phrase_around(doc, i, banned)]
        return evidence_spans(doc, _fill_gaps(doc, sorted(set(grown)), banned))

    def _strongest_sentence(self, reading: RuleReading, features, idx, vals, names, within=None) -> str:
        """The sentence whose words raise the safeguarding score most; in a long answer, one of those
        the tuned model found most worrying (`within`, a character span), when it has said."""
        weights = self._token_weights(self.models.safeguarding, 0, features, idx, vals, names)
        candidates = reading.sentences
        if within is not None:
            inside = [s for s in reading.sentences if s.sent.start_char < within[1] and s.sent.end_char > within[0]]
            candidates = inside or candidates
        best, best_total = None, -1.0
        for sentence in candidates:
            total = sum(weights.get(t.i, 0.0) for t in sentence.sent)
            if total > best_total:
                best, best_total = sentence, total
        return best.sent.text.strip() if best is not None else reading.doc.text.strip()


FUNCTION_TAGS = frozenset({"DET", "PRON", "AUX", "CCONJ", "SCONJ", "ADP", "PART", "INTJ", "PUNCT", "SPACE", "SYM", "NUM"})
# Wish words, fillers, and verbs of talk and thought ("I think", "I mean") that frame what is said rather than say it.
EMPTY_LEMMAS = frozenset({"like", "want", "would", "just", "really", "be", "have", "do", "love", "wish", "hope", "need", "thing",
                          "think", "know", "guess", "mean", "say", "suppose", "reckon",
                          "honestly", "actually", "basically", "literally", "probably", "maybe", "obviously"})


# When the model's weight is spread thin, the words that carry most of it can be these: true but no
# help to a reader ("mostly", "the morning", "own"). They are evidence only when nothing else is.
WHEN_WORDS = frozenset({"morning", "afternoon", "evening", "night", "day", "week", "weekend", "month", "year", "time",
                        "today", "tonight", "tomorrow", "yesterday", "monday", "tuesday", "wednesday", "thursday",
                        "friday", "saturday", "sunday", "own", "long", "lot", "bit", "way", "somewhere", "anything",
                        "something", "everything", "girl", "lad", "guy", "mate", "more"})


def _naming(token) -> bool:
    # A person's or a place's name ("Dave", "Nottingham") says who or where, not what the outcome is about;
    # a short form in capitals ("AA", "OT") can.
    a_name = token.pos_ == "PROPN" and token.text[:1].isupper() and not token.text.isupper()
    return _telling(token) and token.pos_ != "ADV" and token.lemma_.lower() not in WHEN_WORDS and not a_name


def _telling(token) -> bool:
    """A word that can be evidence: a content word, not one of the wish words around it."""
    return token.pos_ not in FUNCTION_TAGS and token.lemma_.lower() not in EMPTY_LEMMAS and token.is_alpha


def _phrase_around(doc, i: int, banned: set[int], limit: int = 5) -> list[int]:
    """A word grown into the short phrase it belongs to: "son" -> "my son", "see" -> "see the grandchildren"."""
    token = doc[i]
    span = None
    if token.pos_ in {"NOUN", "PROPN"}:
        span = next((c for c in doc.noun_chunks if c.start <= i < c.end), None)
        if span is not None:
            end = span.end
            # "the world" of "the world of good", "a cup" of "a cup of tea": the noun's own "of" phrase
            # belongs to it when short.
            after = doc[end] if end < len(doc) else None
            if after is not None and after.tag_ == "VBG" and end not in banned and end - span.start < limit:
                end += 1  # "sofa surfing", "dog walking": the small parser splits a noun from its -ing word
                after = None
            if after is not None and after.lower_ == "of" and after.head.i == span.root.i:
                tail = max(t.i for t in after.subtree) + 1
                if tail - span.start <= limit:
                    end = tail
            return [j for j in range(span.start, end) if j not in banned][:limit]
    if token.pos_ == "VERB":
        objects = [c for c in token.children if c.dep_ in {"dobj", "prt", "prep", "acomp", "attr"} and c.i > i]
        if objects:
            last = objects[0]
            end = min(max(t.i for t in last.subtree), i + limit - 1)
            words = [j for j in range(i, end + 1) if j not in banned and not doc[j].is_punct]
            if words and all(words[k] + 1 == words[k + 1] for k in range(len(words) - 1)):
                return words
    return [i]


def _fill_gaps(doc, picked: list[int], banned: set[int]) -> list[int]:
    """Join picked words separated by one small word ("bowling club", "back to work")."""
    chosen = set(picked)
    for i in sorted(picked):
        for gap in (1, 2):
            j = i + gap + 1
            if j in chosen and all(k not in banned and not doc[k].is_punct for k in range(i + 1, j)):
                chosen.update(range(i + 1, j))
    return sorted(chosen)


def _asks_for_service_only(reading: RuleReading) -> bool:
    """A sentence asks for a provision ("I need a cleaner, really") and nothing says what it is for."""
    return not FOR_WHAT.search(reading.doc.text) and any(
        sentence.kind == "service" and ASKS_FOR.search(sentence.sent.text) for sentence in reading.sentences)
