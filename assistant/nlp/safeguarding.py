"""Notice disclosures of harm or risk of harm.

Recall comes first: a missed disclosure is far worse than a false alarm. Safe
uses of the same words ("I feel safe now", "that's all behind me") are let
through unless the words are too serious to ever let through, or a harm cue
comes after the safe one ("I feel safe now but he still hits me").
"""

from __future__ import annotations

import re

from assistant.nlp.cues import Cues, spans

_CONTRAST = re.compile(r"\b(but|although|though|still|except|apart from|yet)\b")
_AFTER_SAFE = re.compile(r"\b(but|although|though|still|except|apart from|yet|since)\b")


def sentence_raises_concern(text: str, cues: Cues) -> bool:
    """True when a lower-cased sentence discloses or indicates a risk of harm."""
    harm = spans(cues.harm, text)
    if not harm:
        return False
    if any(p.search(text) for p in cues.always):
        return True
    safe = spans(cues.safe, text)
    if not safe:
        return True
    last_safe_end = max(end for _, end in safe)
    first_safe_start = min(start for start, _ in safe)
    if _CONTRAST.search(text, last_safe_end) and any(p.search(text, last_safe_end) for p in cues.ongoing):
        return True  # "…years ago, but he's been round the house again"
    for start, _ in harm:
        if start >= last_safe_end and _AFTER_SAFE.search(text, last_safe_end, start + 1):
            return True  # "I feel safe now but he still hits me", "I've not been out since he threatened me"
        # A harm cue before the safe words that is not the thing said to be over.
        if start < first_safe_start and _CONTRAST.search(text, start, first_safe_start) and not re.search(
            r"\b(used to|any ?more|no longer|now|ago|behind me|past)\b", text[first_safe_start:]
        ):
            return True
    return False


# The sentence after a harm counts for `told_as_over` only when it looks back at it ("That was ten years
# ago", "Not done it for years", "Twenty years clean now"), not when it starts on something else ("We split
# up two years ago" after "My ex threatens me on facebook").
_LOOKS_BACK = re.compile(r"^\W*(?:(?:that|it|this|all that|all of that|thats|its|which)\b|(?:not|never|nothing|haven't|havent|"
                         r"hasn't|no)\b|(?:\d+|a|one|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty|thirty|"
                         r"forty|fifty) (?:years?|yrs?|decades?)\b|(?:years|ages|decades|a long time|long ago)\b)")


def looks_back(sentence: str) -> bool:
    """Whether a lower-cased sentence opens by looking back at the one before (see `told_as_over`)."""
    return bool(_LOOKS_BACK.match(sentence))


def told_as_over(text: str, cues: Cues, following: list[str] | tuple[str, ...] = ()) -> bool:
    """A harm told as over: a lower-cased sentence (with the next, when that one looks back at it) says
    when it ended ("years ago", "not since I was fifteen", "seven year clean") and nothing says it goes on
    ("again", "he's back", "he hits me", "I'm scared of him") or turns after it ("…ago, but"). The
    `always` patterns are never let through. `following`: the next few sentences of the answer (lower-cased),
    where nothing may say it goes on either ("…when I was at school. Anyway. I started again last week")."""
    first = following[0].strip() if following else ""
    told = f"{text} {first}" if looks_back(first) else text
    over = spans(cues.over, told)
    everything = " ".join((text, *following))
    if not over or any(p.search(everything) for p in cues.always) or any(p.search(everything) for p in cues.ongoing):
        return False
    return not _CONTRAST.search(everything, max(end for _, end in over))


FIRST_PERSON_SUBJECTS = frozenset({"i", "we"})
_SAFE_CONTEXT = re.compile(r"\b(in|during|from) (the|a|my) (fall|accident|crash|operation)\b|\b(in|into|to|round|around|along) (the|his|her|a|my) (wheelchair|chair|park|shops|garden|pram|buggy|bath|car)\b|\bpush (him|her) (to|round|around|along)\b")
_WITHOUT_ASKING = re.compile(r"\bwithout (asking|permission|telling|my say|me knowing)\b")


def _person(token, words: frozenset[str]) -> bool:
    return token.lower_ in words or token.lemma_.lower() in words


def _a_thing(subject, g) -> bool:
    """A subject that makes "kill" an idiom: "the cigarettes will kill me", "the cold nearly killed
    me", "it'll kill me". Only things named in cues.toml count; anyone or anything else (a person
    word nobody listed, a name, "he'll" typed as "hell", a "that" standing for "mates") is read as a
    person, as recall comes first."""
    if subject.lower_ in {"it", "this"} or (subject.lower_ == "that" and subject.head.dep_ != "relcl"):
        return True
    return subject.pos_ == "NOUN" and (subject.lower_ in g["idiom_subjects"] or subject.lemma_.lower() in g["idiom_subjects"])


def sentence_names_grave_harm(sent, cues: Cues) -> bool:
    """A word too grave to read past in any of its forms ("strangled", "groomed", "molested"):
    a fixed cue, like the patterns, that no model may overrule."""
    words = cues.grammar["always_lemmas"]
    return any(token.lemma_.lower() in words or token.lower_ in words for token in sent)


def sentence_grammar_concern(sent, cues: Cues) -> bool:
    """Harm read from the parse: a grave word in any form, a harmful act done to a person, money
    taken by someone else, fear of a person. Catches wordings no fixed pattern lists."""
    if sentence_names_grave_harm(sent, cues):
        return True
    g = cues.grammar
    low = sent.text.lower()
    for token in sent:
        lemma = token.lemma_.lower()
        if lemma == "kick" and any(c.dep_ == "prt" and c.lower_ in {"out", "off"} for c in token.children):
            continue  # "the hostel kicked me out": a lost place, not violence (the model still reads it)
        if lemma == "push" and any(c.dep_ == "xcomp" for c in token.children):
            continue  # "Dee pushed me to apply": urged on, not pushed over (the model still reads it)
        if lemma == "drag" and any(c.dep_ == "prt" and c.lower_ in {"out", "along", "round"} for c in token.children) and not any(
                c.dep_ in {"prep", "agent"} for c in token.children):
            continue  # "the girls from group dragging me out": taken out, not hauled (not "out of the car by my hair")
        if lemma in g["harm_verbs"] and token.pos_ == "VERB":
            objects = [c for c in token.children if c.dep_ in {"dobj", "iobj"}]
            passive_subjects = [c for c in token.children if c.dep_ in {"nsubjpass"} or
                                (c.dep_ == "nsubj" and any(a.lemma_ in {"get", "be"} for a in token.children if a.dep_ in {"auxpass", "aux"}) and token.tag_ == "VBN")]
            if any(_person(o, g["person_words"]) for o in objects) or any(
                    _person(o, g["person_words"] | {"i", "we", "he", "she", "they"}) for o in passive_subjects):
                subjects = [c for c in token.children if c.dep_ == "nsubj"]
                # "My back is killing me": an idiom when no person is doing it.
                idiom = lemma == "kill" and token.tag_ == "VBG" and not any(
                    sub.lower_ in {"he", "she"} or (sub.lower_ not in {"they", "it", "this", "that"} and _person(sub, g["person_words"])) for sub in subjects)
                # "The cigarettes will kill me", "the cold nearly killed me": a thing, not a person, does it.
                idiom = idiom or (lemma == "kill" and bool(subjects) and all(_a_thing(sub, g) for sub in subjects))
                if not _SAFE_CONTEXT.search(low) and not idiom:
                    return True
        if lemma in g["taking_verbs"] and token.pos_ in {"VERB", "AUX"}:
            objects = [c for c in token.subtree if c.lemma_.lower() in g["money_words"] and c.i > token.i]
            subjects = [c for c in token.children if c.dep_ in {"nsubj", "nsubjpass"}]
            someone_else = subjects and not any(sub.lower_ in FIRST_PERSON_SUBJECTS for sub in subjects)
            if objects and (someone_else or _WITHOUT_ASKING.search(low)) and lemma != "have" or (objects and lemma == "have" and _WITHOUT_ASKING.search(low)):
                return True
        if lemma in g["fear_words"]:
            for child in token.subtree:
                if child.dep_ == "pobj" and child.head.lower_ == "of" and _person(child, g["person_words"] | {"he", "she", "they", "people", "men", "lads"}):
                    if child.lower_ not in {"myself"}:
                        return True
    return False


def split_clauses_for_safety(text: str) -> list[str]:
    """Sentences as spaCy may merge them; a line break or a semicolon also separates."""
    return [part for part in re.split(r"[;\n]+", text) if part.strip()]
