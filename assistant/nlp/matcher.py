"""Match an answer's lemmas against a framework's phrases.

Each framework phrase is lemmatised once. An answer sentence is scored against
every phrase sharing a lemma with it: the share of the phrase's (IDF-weighted)
content lemmas the sentence contains, scaled by how much distinctive evidence
matched. Misspelled words are mapped to the nearest phrase word with rapidfuzz,
and words under a refusal ("I don't want a shower room") are left out.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from assistant.frameworks import Framework
from assistant.nlp.pipeline import Pipeline

# Words too general to say which outcome an answer is about.
GENERIC_LEMMAS = frozenset("""
want like love would could should get go feel make need try able let bit lot thing things really just still again more less
much very quite well good nice way day time be have do know think take come keep put seem start want
wish hope someone something somebody anyone anything everything everyone people person help support
sure abit alot abt tho cos coz i me my myself we us our you your he him his she her they them their it its mum dad
""".split())
# A few short words that carry meaning even though spaCy lists them as stop words.
# Everyday variants mapped to the word the phrases use.
SYNONYMS = {
    "grandkid": "grandchild", "grandkids": "grandchild", "grandson": "grandchild", "granddaughter": "grandchild",
    "kid": "child", "kids": "child", "mate": "friend", "mates": "friend", "pal": "friend", "pals": "friend",
    "telly": "television", "ring": "phone", "film": "film", "movie": "film", "movies": "film", "pictures": "cinema", "tv": "television", "nan": "nan", "gp": "doctor", "doc": "doctor", "meds": "medication",
    "tablet": "tablet", "booze": "drink", "bevvy": "drink", "gear": "gear", "lonliness": "loneliness",
}
KEPT_STOP_WORDS = frozenset({
    "alone", "together", "nobody", "own", "home", "front", "back", "school", "out", "work", "see", "move", "call",
    "part", "empty", "full", "name", "first", "last", "top", "say", "same", "show", "mine", "give", "others",
    "nothing", "enough", "twelve",
})
FUZZY_MIN_LEN = 4
BAG_WEIGHT = 0.5
BAG_SCALE = 4.0
EXACT_SCORE = 0.95
FUZZY_CUTOFF = 80
FUZZY_CUTOFF_SHORT = 88  # four-letter words: one slip only


@dataclass(frozen=True)
class PhraseEntry:
    outcome_id: str
    lemmas: tuple[str, ...]
    weight: float  # sum of the IDF of its lemmas


@dataclass
class OutcomeMatch:
    outcome_id: str
    score: float
    token_ids: list[int] = field(default_factory=list)


def outcome_texts(outcome) -> list[str]:
    """Everything that describes an outcome in words: phrases, keywords, service words and labels."""
    return [*outcome.phrases, *outcome.keywords, *outcome.service_words, outcome.label, outcome.plain_label]


def content_lemma(token, stop_words: frozenset[str]) -> str | None:
    """The lemma used for matching, or None for a word that carries no topic."""
    if not (token.is_alpha or token.text in {"A&E", "AA"}):
        return None
    lemma = token.lemma_.lower()
    text = token.lower_
    if text in KEPT_STOP_WORDS:
        return text
    if text in SYNONYMS:
        return SYNONYMS[text]
    lemma = SYNONYMS.get(lemma, lemma)
    if lemma in GENERIC_LEMMAS or text in GENERIC_LEMMAS:
        return None
    if text in stop_words or lemma in stop_words:
        return None
    return lemma


class OutcomeIndex:
    """A framework's phrases, lemmatised and indexed for fast scoring."""

    def __init__(self, framework: Framework, pipeline: Pipeline) -> None:
        self.framework = framework
        self.pipeline = pipeline
        nlp = pipeline.nlp
        self.stop_words = frozenset(nlp.Defaults.stop_words)
        texts: list[tuple[str, str]] = [(p, o.id) for o in framework.outcomes for p in outcome_texts(o)]
        # Tagging and lemmas are all a phrase needs; the parser is skipped for speed.
        enabled = [n for n in ("tok2vec", "tagger", "attribute_ruler", "lemmatizer") if n in nlp.pipe_names]
        with nlp.select_pipes(enable=enabled):
            docs = list(nlp.pipe((t for t, _ in texts), batch_size=256))
        raw: list[tuple[str, tuple[str, ...]]] = []
        outcome_vocab: dict[str, set[str]] = defaultdict(set)
        self.surface_to_lemma: dict[str, str] = {}
        for doc, (_, outcome_id) in zip(docs, texts):
            lemmas = []
            for token in doc:
                lemma = content_lemma(token, self.stop_words)
                if lemma:
                    lemmas.append(lemma)
                    self.surface_to_lemma.setdefault(token.lower_, lemma)
                    self.surface_to_lemma.setdefault(lemma, lemma)
            lemmas = tuple(dict.fromkeys(lemmas))
            if lemmas:
                raw.append((outcome_id, lemmas))
                outcome_vocab[outcome_id].update(lemmas)
        n = len(framework.outcomes)
        df: dict[str, int] = defaultdict(int)
        for vocab in outcome_vocab.values():
            for lemma in vocab:
                df[lemma] += 1
        self.idf = {lemma: math.log((n + 1) / (count + 0.5)) for lemma, count in df.items()}
        # How strongly each lemma points at each outcome: the share of the outcome's
        # phrases that use it, weighted by how distinctive the lemma is.
        counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        totals: dict[str, int] = defaultdict(int)
        for outcome_id, lemmas in raw:
            totals[outcome_id] += 1
            for lemma in lemmas:
                counts[outcome_id][lemma] += 1
        self.bag = {o: {l: self.idf[l] * (1 + math.log(c)) for l, c in words.items()} for o, words in counts.items()}
        self.phrases: list[PhraseEntry] = []
        self.by_lemma: dict[str, list[int]] = defaultdict(list)
        for outcome_id, lemmas in raw:
            entry = PhraseEntry(outcome_id, lemmas, sum(self.idf[l] for l in lemmas))
            for lemma in lemmas:
                self.by_lemma[lemma].append(len(self.phrases))
            self.phrases.append(entry)
        self._vocab_list = sorted(self.surface_to_lemma)
        # Exact multi-word phrases, compared on lemmas ("went back to the bowling club"
        # matches "go back to the bowling club"): a strong, precise signal.
        from spacy.matcher import PhraseMatcher

        self.phrase_matcher = PhraseMatcher(nlp.vocab, attr="LEMMA")
        by_outcome: dict[str, list] = defaultdict(list)
        for doc, (_, outcome_id) in zip(docs, texts):
            if sum(1 for t in doc if t.is_alpha) >= 2:
                by_outcome[outcome_id].append(doc)
        for outcome_id, patterns in by_outcome.items():
            self.phrase_matcher.add(outcome_id, patterns)
        self._corrections: dict[str, str | None] = {}

    def correct(self, word: str) -> str | None:
        """The phrase lemma a misspelled word most likely means, if any."""
        if word in self._corrections:
            return self._corrections[word]
        found = None
        if len(word) >= FUZZY_MIN_LEN and word not in self.pipeline.known_words:
            cutoff = FUZZY_CUTOFF if len(word) > FUZZY_MIN_LEN else FUZZY_CUTOFF_SHORT
            best = process.extractOne(word, self._vocab_list, scorer=fuzz.ratio, score_cutoff=cutoff)
            if best is not None:
                found = self.surface_to_lemma[best[0]]
        if len(self._corrections) < 50_000:
            self._corrections[word] = found
        return found

    def sentence_lemmas(self, tokens, excluded: set[int]) -> dict[str, list[int]]:
        """Map each usable lemma of a sentence to the token positions that carry it."""
        found: dict[str, list[int]] = defaultdict(list)
        for token in tokens:
            if token.i in excluded:
                continue
            lemma = content_lemma(token, self.stop_words)
            if lemma is None:
                # "abit lonely": a run-together word may still hide a phrase word.
                continue
            if lemma not in self.idf:
                lemma = self.surface_to_lemma.get(token.lower_) or self.correct(token.lower_) or lemma
            if lemma in self.idf:
                found[lemma].append(token.i)
        return found

    def exact(self, span, excluded: set[int]) -> dict[str, list[int]]:
        """Outcomes whose whole phrase appears in the span (lemma by lemma), with the tokens."""
        found: dict[str, list[int]] = defaultdict(list)
        vocab = self.pipeline.nlp.vocab
        for match_id, start, end in self.phrase_matcher(span):
            # Matching a Span gives positions in the whole Doc.
            tokens = list(range(start, end))
            if not any(t in excluded for t in tokens):
                found[vocab.strings[match_id]].extend(tokens)
        return found

    def score(self, lemmas: dict[str, list[int]]) -> dict[str, OutcomeMatch]:
        """Score every outcome that shares a lemma with the sentence."""
        candidates: set[int] = set()
        for lemma in lemmas:
            candidates.update(self.by_lemma.get(lemma, ()))
        best: dict[str, tuple[float, list[str]]] = {}
        second: dict[str, float] = defaultdict(float)
        for index in candidates:
            phrase = self.phrases[index]
            matched = [l for l in phrase.lemmas if l in lemmas]
            mass = sum(self.idf[l] for l in matched)
            if phrase.weight <= 0 or mass <= 0:
                continue
            coverage = mass / phrase.weight
            confidence = 1.0 - math.exp(-mass / 1.4)
            value = coverage * confidence
            current = best.get(phrase.outcome_id)
            if current is None or value > current[0]:
                if current is not None:
                    second[phrase.outcome_id] = max(second[phrase.outcome_id], current[0])
                best[phrase.outcome_id] = (value, matched)
            elif value > second[phrase.outcome_id]:
                second[phrase.outcome_id] = value
        results: dict[str, OutcomeMatch] = {}
        for outcome_id, (value, matched) in best.items():
            combined = value + 0.25 * (1.0 - value) * second[outcome_id]
            weights = self.bag.get(outcome_id, {})
            mass = sum(weights.get(l, 0.0) for l in lemmas)
            bag = 1.0 - math.exp(-mass / BAG_SCALE)
            combined = (1 - BAG_WEIGHT) * combined + BAG_WEIGHT * bag
            token_ids = sorted({i for l in matched for i in lemmas[l]})
            results[outcome_id] = OutcomeMatch(outcome_id, min(1.0, combined), token_ids)
        return results
