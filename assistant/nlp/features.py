"""Turn an answer (its spaCy parse and the rules' reading) into model features.

Training and the running engine use this one function, so what a model learned
is exactly what it sees. Two families:

- words: word unigrams and bigrams, lemmas, and character n-grams inside words
  (typos and word forms), weighted TF-IDF in the model. Words under a refusal
  ("I don't want a shower room") are kept apart as refused words; words under a
  negation or inside a wish are marked as such too.
- readings: what the rules found (cue families, the rules' kind, a concern
  raised, the matcher's outcome scores), taken as they are, and the answer's
  meaning as a sentence vector (readings e:0 to e:383).

Each word feature remembers the tokens it came from, so a model's score can be
traced back to the person's own words (the evidence shown beside a proposal).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from assistant.nlp.rules import RuleReading

CHAR_NGRAMS = (3, 4, 5)
# An answer with fewer content words than this ("I don't know", "ok") cannot carry a disclosure
# that the rules do not see: the model alone does not raise an alert on it.
MIN_CONTENT_WORDS = 2
CUE_FAMILIES = ("wish", "refusal", "change", "service", "purpose", "difficulty", "strength", "other", "question")


@dataclass
class AnswerFeatures:
    words: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    readings: dict[str, float] = field(default_factory=dict)
    meaning: object = None  # the sentence vector (columns e:0, e:1, ...), kept whole for speed
    # feature -> token positions it came from (for evidence)
    sources: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))

    def add(self, name: str, tokens: tuple[int, ...]) -> None:
        self.words[name] += 1.0
        self.sources[name].extend(tokens)


def _usable(token) -> bool:
    return not (token.is_punct or token.is_space) and bool(token.text.strip())


def _char_ngrams(out: AnswerFeatures, word: str, i: tuple[int, ...]) -> None:
    padded = f" {word} "
    for n in CHAR_NGRAMS:
        for start in range(0, len(padded) - n + 1):
            out.add("c:" + padded[start : start + n], i)


def answer_features(reading: RuleReading, meaning=None) -> AnswerFeatures:
    """All features of one answer (`meaning`: its sentence vector, when the model reads one)."""
    doc = reading.doc
    out = AnswerFeatures()
    for sentence in reading.sentences:
        tokens = [t for t in sentence.sent if _usable(t)]
        previous = None
        for token in tokens:
            low = token.lower_
            lemma = token.lemma_.lower()
            i = (token.i,)
            if token.i in sentence.refused:
                out.add("x:" + lemma, i)
                previous = None
                continue
            out.add("w:" + low, i)
            if lemma != low and lemma.strip():
                out.add("l:" + lemma, i)
            fixed = reading.corrections.get(token.i)
            if fixed:
                # Read a misspelling as the word it most likely is, as well as it stands.
                out.add("w:" + fixed, i)
                _char_ngrams(out, fixed, i)
            if token.is_alpha and len(low) >= 2:
                _char_ngrams(out, low, i)
            if token.i in sentence.negated:
                out.add("n:" + lemma, i)
            if token.i in sentence.wished:
                out.add("s:" + lemma, i)
            if previous is not None:
                out.add("b:" + previous.lower_ + " " + low, (previous.i, token.i))
            previous = token
    r = out.readings
    r["r:kind=" + reading.kind] = 1.0
    for sentence in reading.sentences:
        r["r:sent=" + sentence.kind] = 1.0
        r["r:shape=" + sentence.shape] = 1.0
        cues = sentence.cues
        for family in CUE_FAMILIES:
            if getattr(cues, family):
                r["r:cue=" + family] = 1.0
        if cues.service_noun_spans:
            r["r:cue=service_noun"] = 1.0
        if sentence.harm:
            r["r:harm"] = 1.0
        if sentence.safe:
            r["r:safe"] = 1.0
        if sentence.first_person_wish:
            r["r:wish_first"] = 1.0
        if sentence.change_noticed:
            r["g:change_noticed"] = 1.0
    first = reading.sentences[0] if reading.sentences else None
    if first is not None:
        r["r:first=" + first.kind] = 1.0
    n = len(reading.sentences)
    r["r:sentences=" + ("1" if n <= 1 else "2-3" if n <= 3 else "4+")] = 1.0
    if reading.content_words < MIN_CONTENT_WORDS:
        r["g:few_words"] = 1.0  # a gate for the decision, not a feature of any model
    if reading.bare_service:
        r["g:bare_service"] = 1.0  # likewise
    scores = reading.all_scores()
    if scores:
        r["m:top"] = max(scores.values())
    for outcome_id, score in scores.items():
        if score >= 0.2:
            r["m:" + outcome_id] = score
    for outcome_id, entry in reading.found.items():
        r["f:" + outcome_id] = entry.score
    if doc is not None and len(doc) and doc[-1].text == "?":
        r["r:ends_question"] = 1.0
    # The answer's meaning as the sentence model reads it (assistant/nlp/sentence_vectors.py).
    out.meaning = meaning
    return out
