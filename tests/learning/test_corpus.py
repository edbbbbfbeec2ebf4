"""The corpus is big, varied and split by writer; the frozen test split is what was recorded."""

import re
from collections import Counter

import pytest

from assistant.frameworks import load_framework
from assistant.learning.corpus import KINDS, load_split, recorded_test_digest, split_digest
from assistant.nlp.cues import load_cues

FRAMEWORKS = ("personal", "carer", "relational")
SG_CATEGORIES = {"abuse_neglect", "domestic_abuse", "exploitation", "self_harm", "suicidal", "violence", "carer_breaking_point"}


@pytest.fixture(scope="module")
def corpus():
    return {split: load_split(split) for split in ("train", "dev", "test")}


def test_frozen_test_split_has_not_changed():
    assert recorded_test_digest(), "corpus/test.sha256 is missing"
    assert split_digest("test") == recorded_test_digest(), (
        "The frozen test split changed. It must never be edited; a batch that was looked at moves to train.")


def test_at_least_8000_answers_every_outcome_120_times_every_kind_10_percent(corpus):
    everything = [e for examples in corpus.values() for e in examples]
    assert len(everything) >= 8000
    for name in FRAMEWORKS:
        mine = [e for e in everything if e.framework == name]
        per_id = Counter(i for e in mine for i in e.outcomes)
        short = {i: per_id[i] for i in load_framework(name).ids if per_id[i] < 120}
        assert not short, f"{name}: outcomes under 120 answers: {short}"
        kinds = Counter(e.kind for e in mine)
        for kind in KINDS:
            assert kinds[kind] / len(mine) >= 0.10, f"{name}: {kind} is {kinds[kind] / len(mine):.0%}"


def test_safeguarding_positives_and_hard_negatives(corpus):
    everything = [e for examples in corpus.values() for e in examples]
    positives = [e for e in everything if e.safeguarding]
    assert len(positives) >= 1000
    assert sum(e.hard_negative for e in everything) >= 1000
    assert {e.sg_category for e in positives} >= SG_CATEGORIES
    indirect = sum(e.sg_style == "indirect" for e in positives)
    assert indirect / len(positives) > 0.5, "most disclosures should be indirect"


def test_splits_are_by_writer_and_share_no_answer(corpus):
    batches = {split: {e.batch for e in examples} for split, examples in corpus.items()}
    assert batches["test"] and batches["dev"] and len(batches["train"]) >= 8
    assert not batches["test"] & (batches["train"] | batches["dev"])
    test_texts = {e.text.strip().lower() for e in corpus["test"]}
    seen = {e.text.strip().lower() for s in ("train", "dev") for e in corpus[s]}
    shared = len(test_texts & seen)  # a count only: printing the sets would show the frozen answers
    assert shared == 0, f"{shared} answers of the frozen test split also appear in train or dev"


def _literal_phrases() -> set[str]:
    """Every taxonomy phrase, keyword and service word, and every cue that is plain words, of 4+ words."""
    found = set()
    for name in FRAMEWORKS:
        for outcome in load_framework(name).outcomes:
            found.update(t for t in (*outcome.phrases, *outcome.keywords, *outcome.service_words))
    cues = load_cues()
    found.update(cues.service_nouns)
    found.update(cues.jargon)
    for patterns in (cues.wish, cues.refusal, cues.change, cues.strength, cues.difficulty, cues.service_pattern, cues.other,
                     cues.harm, cues.safe, cues.always, cues.service_led, cues.leading, cues.person_first):
        for pattern in patterns:
            plain = pattern.pattern.replace("\\b", "").replace("^", "").replace("$", "")
            if re.fullmatch(r"[a-z' ]+", plain):
                found.add(plain)
    return {" ".join(p.lower().split()) for p in found if len(p.split()) >= 4}


def test_no_taxonomy_phrase_or_cue_of_four_words_is_copied_from_the_frozen_test_split(corpus):
    texts = [" ".join(re.sub(r"[^\w' ]", " ", e.text.lower()).split()) for e in corpus["test"]]
    copied = sorted(p for p in _literal_phrases() if any(f" {p} " in f" {t} " for t in texts))
    # Only the phrase is named: the test answers themselves stay unread.
    assert not copied, f"taxonomy phrases or cues also found verbatim in the frozen test split: {copied}"
