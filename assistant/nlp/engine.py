"""The analyser: one answer in, kind + proposed outcomes + flags out.

Multi-sentence answers are read sentence by sentence and combined. The engine
proposes, with a score and the answer's own words as evidence; it never
decides for the person, and it abstains when nothing fits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from assistant.frameworks import Framework
from assistant.nlp.cues import Cues, any_match, load_cues
from assistant.nlp.kinds import clause_shape, combine_kinds, read_cues, sentence_kind, wish_targets_service
from assistant.nlp.matcher import EXACT_SCORE, OutcomeIndex, OutcomeMatch
from assistant.nlp.negation import negated_states, negation_scopes, wish_scope
from assistant.nlp.pipeline import Pipeline
from assistant.nlp.safeguarding import sentence_grammar_concern, sentence_raises_concern, split_clauses_for_safety
from assistant.nlp.text import for_analysis, lowered

PROPOSE_THRESHOLD = 0.40
DIFFICULTY_THRESHOLD = 0.50
FLAGGED_THRESHOLD = 0.85
RELATIVE_CUTOFF = 0.9
SECONDARY_THRESHOLD = 0.75
MAX_PROPOSED = 3
EVIDENCE_GAP = 2
CARED_FOR_SCORE = 0.9
WISH_FOR_CARED_FOR = re.compile(
    r"\b(want|wants|like|love|hope|wish|need)( for)? (him|her|them|mum|dad|my (mum|mam|dad|mother|father|wife|husband|partner|"
    r"son|daughter|brother|sister|gran|nan|grandad|granny|boy|girl))( \w+)? to\b|\bfor (him|her|mum|dad) to\b"
)


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

    @property
    def safeguarding(self) -> bool:
        return "safeguarding" in self.flags

    def to_dict(self) -> dict:
        return {"kind": self.kind, "outcomes": [o.to_dict() for o in self.outcomes], "flags": list(self.flags)}


EMPTY_ANALYSIS = Analysis(kind="other", outcomes=(), flags=())


@dataclass
class _Found:
    score: float = 0.0
    tokens: list = field(default_factory=list)


def _evidence_spans(doc, token_ids: list[int]) -> tuple[str, ...]:
    """Join matched tokens into short runs of the answer's own words."""
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
    return tuple(dict.fromkeys(doc[a : b + 1].text for a, b in runs))


class Analyser:
    """Analyses answers against one framework with a loaded pipeline."""

    def __init__(self, framework: Framework, pipeline: Pipeline, cues: Cues | None = None) -> None:
        self.framework = framework
        self.pipeline = pipeline
        self.cues = cues or load_cues()
        self.index = OutcomeIndex(framework, pipeline)
        words = {w for o in framework.outcomes for w in o.service_words}
        self.service_nouns = tuple(sorted(set(self.cues.service_nouns) | words, key=len, reverse=True))
        self._labels = {o.id: o.label for o in framework.outcomes}

    def analyse(self, text: str) -> Analysis:
        clean = for_analysis(text)
        if not clean.strip():
            return EMPTY_ANALYSIS
        doc = self.pipeline.nlp(clean)
        return self._analyse_doc(doc, truncated=len(clean) < len(text.strip()))

    def analyse_many(self, texts: list[str]) -> list[Analysis]:
        cleaned = [for_analysis(t) for t in texts]
        docs = self.pipeline.nlp.pipe(cleaned, batch_size=64)
        results = []
        for text, clean, doc in zip(texts, cleaned, docs):
            results.append(self._analyse_doc(doc, truncated=len(clean) < len(text.strip())) if clean.strip() else EMPTY_ANALYSIS)
        return results

    def _analyse_doc(self, doc, truncated: bool) -> Analysis:
        found: dict[str, _Found] = {}
        wanted: dict[str, _Found] = {}
        kinds: list[str] = []
        flagged = False
        topic = ""
        topic_rank = 99
        for sent in doc.sents:
            low = lowered(sent.text)
            harm = self._raises_concern(sent, low)
            flagged = flagged or harm
            kind, ranked, wished, noun_spans = self._read_sentence(sent, low, harm)
            kinds.append(kind)
            rank = {"service": 0, "difficulty": 1, "outcome": 2}.get(kind, 5)
            if rank < topic_rank:
                topic_rank = rank
                topic = self._topic(sent, kind, noun_spans, wished)
            for match in self._keep(kind, ranked):
                entry = (wanted if kind == "outcome" else found).setdefault(match.outcome_id, _Found())
                entry.score = max(entry.score, match.score)
                entry.tokens.extend(match.token_ids)
        kind = combine_kinds(kinds)
        # What the person wants matters most: outcome sentences speak for the answer.
        if wanted:
            found = wanted
        if kind == "service":
            found = {}
        if flagged and kind == "difficulty":
            found = {k: v for k, v in found.items() if v.score >= FLAGGED_THRESHOLD}
        outcomes = self._propose(doc, found)
        if kind == "difficulty":
            outcomes = outcomes[:1]
        return Analysis(kind=kind, outcomes=tuple(outcomes), flags=("safeguarding",) if flagged else (),
                        topic=topic, truncated=truncated)

    def _raises_concern(self, sent, low: str) -> bool:
        """Safeguarding: fixed patterns first, then the parse; safe uses let through."""
        if any(sentence_raises_concern(part, self.cues) for part in split_clauses_for_safety(low)):
            return True
        if sentence_grammar_concern(sent, self.cues):
            # The safe filter still applies: "I'm not scared of him any more".
            return not (any_match(self.cues.safe, low) and not any_match(self.cues.always, low))
        return False

    def _read_sentence(self, sent, low: str, harm: bool):
        """One sentence's kind and ranked outcome matches (plus what quoting needs)."""
        refused, negated = negation_scopes(sent)
        good_state_tokens = negated_states(sent, negated)
        sc = read_cues(low, self.cues, self.service_nouns)
        # "I don't want another court date": refusing something that is not a service
        # is a wish to avoid it, an outcome; refusing a service ("a shower room") is not.
        avoidance = bool(refused) and not self._touches_services(sent, refused, sc.service_noun_spans)
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
        if self.framework.name == "carer" and WISH_FOR_CARED_FOR.search(low) and "carer.cared_for_qol" in self._labels:
            # "I want Mum to get out to church": the outcome is the cared-for person's.
            current = matches.get("carer.cared_for_qol")
            tokens = current.token_ids if current else []
            matches["carer.cared_for_qol"] = OutcomeMatch("carer.cared_for_qol", max(CARED_FOR_SCORE, current.score if current else 0), tokens)
        ranked = sorted(matches.values(), key=lambda m: m.score, reverse=True)
        top = ranked[0] if ranked else None
        has_outcome = bool(top and top.score >= PROPOSE_THRESHOLD)
        if avoidance and has_outcome:
            sc = replace(sc, wish=True)
        kind = sentence_kind(sc, has_outcome=has_outcome, good_state=bool(good_state_tokens), harm=harm,
                             wish_is_service=sc.wish and wish_targets_service(sent, sc.service_noun_spans),
                             shape=clause_shape(sent), text=low,
                             negative=bool(has_outcome and set(top.token_ids) & (negated - good_state_tokens)))
        return kind, ranked, wished, sc.service_noun_spans

    def _propose(self, doc, found: dict[str, _Found]) -> list[ProposedOutcome]:
        """Best first; a second or third only when nearly as strong as the first."""
        proposed = sorted(found.items(), key=lambda kv: kv[1].score, reverse=True)
        outcomes: list[ProposedOutcome] = []
        if not proposed:
            return outcomes
        best = proposed[0][1].score
        for outcome_id, entry in proposed:
            if entry.score < PROPOSE_THRESHOLD:
                continue
            if outcomes and (entry.score < best * RELATIVE_CUTOFF or entry.score < SECONDARY_THRESHOLD):
                continue
            outcomes.append(ProposedOutcome(outcome_id, self._labels[outcome_id], round(entry.score, 3),
                                            _evidence_spans(doc, entry.tokens)))
            if len(outcomes) == MAX_PROPOSED:
                break
        return outcomes

    @staticmethod
    def _keep(kind: str, ranked: list[OutcomeMatch]) -> list[OutcomeMatch]:
        if kind in {"service", "other"} or not ranked:
            return []
        if kind == "difficulty":
            return [ranked[0]] if ranked[0].score >= DIFFICULTY_THRESHOLD else []
        if kind == "strength":
            return []
        return ranked[:MAX_PROPOSED]

    @staticmethod
    def _touches_services(sent, tokens: set[int], noun_spans) -> bool:
        base = sent.start_char
        doc = sent.doc
        return any(a <= doc[i].idx - base < b for i in tokens for a, b in noun_spans)

    @staticmethod
    def _topic(sent, kind: str, noun_spans, wished: set[int] = frozenset()) -> str:
        """The person's words to quote back: the service named, the wish, or the problem as said."""
        if kind == "outcome" and wished:
            for token in sent:
                if token.i in wished and token.dep_ in {"xcomp", "dobj", "ccomp"} and token.head.i in wished:
                    words = sent.doc[token.left_edge.i : token.right_edge.i + 1].text.strip(" ,.")
                    if len(words.split()) >= 2:
                        return words
        if kind == "service" and noun_spans:
            a, b = min(noun_spans)
            start_char = sent.start_char + a
            for chunk in sent.noun_chunks:
                if chunk.start_char <= start_char < chunk.end_char:
                    return chunk.text.strip()
            return sent.doc.text[start_char : sent.start_char + b]
        text = sent.text.strip().rstrip(".!")
        return text if len(text) <= 120 else text[:117].rsplit(" ", 1)[0] + "…"
