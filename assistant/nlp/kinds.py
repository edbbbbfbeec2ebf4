"""Decide what an answer sentence does: outcome, service, difficulty, strength or other.

From grammar and cues, not a word list alone: a wish or a noticed change is an
outcome, unless all it wishes for is a service with no purpose stated; a
provision done to or for the person is a service; a limitation with no wish is
a difficulty; what the person can do, did, enjoys or has around them is a
strength.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from assistant.nlp.cues import Cues, any_match, spans

KINDS = ("outcome", "service", "difficulty", "strength", "other")
# Across several sentences, the kind that matters most for the next question wins.
PRIORITY = {"outcome": 0, "service": 1, "difficulty": 2, "strength": 3, "other": 4}
_PURPOSE = re.compile(
    r"\b(so (that )?(i|we|he|she|they) (can|could|would|might|'d|'ll)|so i('d| can| could)|in order to|to help me (to )?\w+|"
    r"to get (me )?to|to take me to|to be able to|that way i|which would (let|mean|help))\b"
)


@dataclass(frozen=True)
class SentenceCues:
    wish: bool
    refusal: bool
    change: bool
    service: bool
    service_noun_spans: tuple[tuple[int, int], ...]
    purpose: bool
    difficulty: bool
    strength: bool
    other: bool
    question: bool
    difficulty_first: bool = False


def _wish_outside_refusal(text: str, cues: Cues) -> bool:
    refused = spans(cues.refusal, text)
    for start, _ in spans(cues.wish, text):
        if not any(r_start <= start <= r_end + 1 for r_start, r_end in refused):
            return True
    return False


def noun_pattern(nouns) -> re.Pattern:
    """One pattern for a list of service nouns, longest first (so "wet room" wins over "room")."""
    ordered = sorted({n.lower() for n in nouns if n.strip()}, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(n) for n in ordered) + r")s?\b")


def read_cues(text: str, cues: Cues, service_nouns: re.Pattern) -> SentenceCues:
    """Which cue families a lower-cased sentence shows."""
    stripped = text.strip()
    noun_spans = tuple(m.span() for m in service_nouns.finditer(text))
    hard = spans(cues.difficulty, text)
    provided = spans(cues.service_pattern, text)
    return SentenceCues(
        wish=_wish_outside_refusal(text, cues),
        refusal=any_match(cues.refusal, text),
        change=any_match(cues.change, text),
        service=any_match(cues.service_pattern, text),
        service_noun_spans=noun_spans,
        purpose=bool(_PURPOSE.search(text)),
        difficulty=any_match(cues.difficulty, text),
        strength=any_match(cues.strength, text),
        other=any_match(cues.other, stripped),
        question=stripped.endswith("?"),
        difficulty_first=bool(hard) and (not provided or min(hard)[0] < min(provided)[0]),
    )


WISH_LEMMAS = frozenset({"want", "like", "love", "need", "prefer", "wish", "hope", "fancy"})
GETTING_LEMMAS = frozenset({"have", "get", "receive", "be"})
QUALITY_WORDS = frozenset({"same", "regular", "reliable", "consistent", "familiar", "proper", "good", "decent", "friendly", "right", "own"})
FIRST_PERSON = frozenset({"i", "we"})
_FIRST_PERSON_WISH = re.compile(r"\bi('d| would)? (really |just )?(want|like|love|hope|wish)\b")


def _in_spans(token, noun_spans, base: int) -> bool:
    start = token.idx - base
    return any(a <= start < b for a, b in noun_spans)


def wish_targets_service(sent, noun_spans) -> bool:
    """True when what is wished for is itself a provision ("I'd like a wet room").

    A wish for a quality of a service ("the same social worker") or for
    something the service should do ("the nurses to work with me") is not.
    """
    base = sent.start_char
    for token in sent:
        if token.lemma_.lower() not in WISH_LEMMAS or any(c.dep_ == "neg" for c in token.children):
            continue
        targets = [c for c in token.children if c.dep_ in {"dobj", "attr", "npadvmod"}]
        for x in (c for c in token.children if c.dep_ == "xcomp"):
            if x.lemma_.lower() in GETTING_LEMMAS:
                targets += [c for c in x.children if c.dep_ in {"dobj", "attr"}]
            else:
                return False
        for target in targets:
            if not _in_spans(target, noun_spans, base):
                return False
            if any(c.lower_ in QUALITY_WORDS or c.dep_ in {"relcl", "acl"} for c in target.children):
                return False
            if any(c.dep_ in {"ccomp", "xcomp"} for c in target.children):
                return False
        if targets:
            return True
    return False


def clause_shape(sent) -> str:
    """fragment | first_past | first | other: how the sentence is built around its root."""
    root = sent.root
    subjects = [c for c in root.children if c.dep_ in {"nsubj", "nsubjpass", "expl"}]
    if not subjects:
        # "Learn to cook for myself": a bare verb with no subject names a goal.
        return "goal" if root.tag_ == "VB" and root.i == sent.start else "fragment"
    first = subjects[0].lower_ in FIRST_PERSON
    past = root.tag_ in {"VBD", "VBN"} or any(c.dep_ == "aux" and c.lemma_ == "have" for c in root.children)
    if first and past:
        return "first_past"
    return "first" if first else "other"


def sentence_kind(
    sentence_cues: SentenceCues,
    *,
    has_outcome: bool,
    good_state: bool,
    harm: bool = False,
    wish_is_service: bool = False,
    shape: str = "fragment",
    text: str = "",
    negative: bool = False,
) -> str:
    """The kind of one sentence.

    has_outcome: the matcher found an outcome above the proposal threshold.
    good_state: a bad state is negated ("I'm not lonely").
    harm: the sentence raised a safeguarding concern.
    wish_is_service: what is wished for is a provision (see wish_targets_service).
    shape: clause_shape() of the sentence.
    negative: the outcome words themselves are negated ("I don't feel safe").
    """
    c = sentence_cues
    if c.question and not c.wish:
        return "service" if (c.service or c.service_noun_spans) else "other"
    if c.other and not c.wish:
        return "other"
    if shape == "goal":
        c = replace(c, wish=True)
    services_named = c.service or bool(c.service_noun_spans)
    if c.wish:
        if services_named and not c.purpose and wish_is_service:
            return "service"
        return "outcome"
    if harm and not _FIRST_PERSON_WISH.search(text):
        return "difficulty"
    if c.change and (has_outcome or good_state) and not (c.difficulty and not good_state):
        return "outcome"
    if c.service and not c.purpose and not (c.difficulty and c.difficulty_first):
        return "service"
    if (c.difficulty or negative) and not good_state:
        return "difficulty"
    if services_named and not c.purpose and not c.strength:
        return "service"
    if c.strength:
        return "strength"
    if c.refusal:
        return "service" if services_named else "other"
    if good_state:
        return "strength"
    if has_outcome:
        # With no wish and no change, a full statement describes how things are.
        if shape in {"fragment", "goal"}:
            return "outcome"
        return "strength" if shape in {"first_past", "first"} else "difficulty"
    return "other"


def combine_kinds(kinds: list[str]) -> str:
    if not kinds:
        return "other"
    return min(kinds, key=lambda k: PRIORITY[k])
