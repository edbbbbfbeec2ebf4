"""Which words of a sentence sit under a negation or a refusal.

"I don't want a shower room, I want to see my son": the shower room is
refused, seeing the son is wished for. The scope of a negation is the subtree
of the negated word, minus any clause with a subject of its own.
"""

from __future__ import annotations

VOLITION_LEMMAS = frozenset({"want", "need", "like", "wish", "fancy", "care", "bother", "love", "prefer"})
CLAUSE_DEPS = frozenset({"ccomp", "conj", "advcl", "parataxis", "relcl"})
NEGATIVE_STATE_LEMMAS = frozenset({
    "lonely", "alone", "isolated", "scared", "frightened", "afraid", "worried", "anxious", "depressed", "low", "pain",
    "bored", "stressed", "nervous", "sad", "angry", "down", "ill", "sick", "homeless", "trapped", "stuck", "exhausted",
    "tired", "miserable", "panic", "breathless", "dizzy", "drink", "use", "drunk", "lonley",
})


def _has_own_subject(token) -> bool:
    return any(child.dep_ in {"nsubj", "nsubjpass", "expl"} for child in token.children)


def _scope(head, stop_deps: frozenset[str] = CLAUSE_DEPS) -> set[int]:
    """Token positions under `head`, stopping at clauses with their own subject."""
    found: set[int] = set()
    stack = [head]
    while stack:
        token = stack.pop()
        found.add(token.i)
        for child in token.children:
            if child.dep_ in stop_deps and _has_own_subject(child):
                continue
            stack.append(child)
    return found


# A wish keeps its "when…" and "who…" clauses ("choose when I get up"), not a new statement.
WISH_STOP_DEPS = frozenset({"ccomp", "conj", "parataxis"})


def negation_scopes(sentence) -> tuple[set[int], set[int]]:
    """Return (refused, negated): tokens under a negated wish, and under any negation."""
    refused: set[int] = set()
    negated: set[int] = set()
    for token in sentence:
        if token.dep_ != "neg" and token.lower_ not in {"never", "no"}:
            continue
        head = token.head
        if token.lower_ == "no" and token.dep_ == "det":
            # "no money", "no friends": negates the noun, which stays the topic.
            negated.add(head.i)
            continue
        scope = _scope(head)
        negated |= scope
        if head.lemma_.lower() in VOLITION_LEMMAS:
            refused |= scope
    return refused, negated


def negated_states(sentence, negated: set[int]) -> set[int]:
    """Negated words naming a bad state ("not lonely"): a good thing, not a problem."""
    return {t.i for t in sentence if t.i in negated and t.lemma_.lower() in NEGATIVE_STATE_LEMMAS}


WISH_HEADS = frozenset({"want", "like", "love", "wish", "hope", "prefer", "miss", "need", "fancy"})


def wish_scope(sentence, negated: set[int]) -> set[int]:
    """Tokens under a wish that is not negated ("I'd like to eat better, I live on toast")."""
    found: set[int] = set()
    for token in sentence:
        if token.lemma_.lower() in WISH_HEADS and token.i not in negated and token.pos_ in {"VERB", "AUX"}:
            found |= _scope(token, WISH_STOP_DEPS)
    return found
