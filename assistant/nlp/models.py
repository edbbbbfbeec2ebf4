"""The trained models the engine uses, where they live, and how they are chosen.

The models ship inside the package (`assistant/nlp/model/`, written by `make
model`). A practitioner's own retrained model (`outcomes model update`) lives
in their data folder and is used instead until `outcomes model reset`.
"""

from __future__ import annotations

from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from assistant.errors import AssistantError
from assistant.locations import PACKAGE_DIR, user_model_dir
from assistant.nlp.linear import FeatureSpace, LinearModel, load_models

SHIPPED_DIR = PACKAGE_DIR / "nlp" / "model"
KINDS = ("outcome", "service", "difficulty", "strength", "other")


class ModelError(AssistantError):
    title = "The trained model cannot be used"


# What a disclosure may be about, in words for the alert (the corpus's categories, labelling.md).
CONCERN_WORDS = {
    "abuse_neglect": "abuse or neglect",
    "domestic_abuse": "domestic abuse",
    "exploitation": "exploitation",
    "self_harm": "self-harm",
    "suicidal": "thoughts of suicide",
    "violence": "violence or threats",
    "carer_breaking_point": "a carer at breaking point, with a risk to the person cared for",
}
# From this score the alert names the likeliest category alone; below it, the two likeliest, if
# together they reach CONCERN_TWO; otherwise no guess.
CONCERN_SURE = 0.6
CONCERN_TWO = 0.6


def concern_words(concern: tuple[str, ...]) -> str:
    """"domestic abuse", or "“domestic abuse” or “violence or threats”": two guesses are quoted, so an
    "or" inside a category cannot be read as a third (unknown names are left out)."""
    words = [CONCERN_WORDS[c] for c in concern if c in CONCERN_WORDS]
    if len(words) > 1:
        return " or ".join(f"\u201c{w}\u201d" for w in words)
    return words[0] if words else ""


@dataclass
class Thresholds:
    """Decision thresholds, chosen on the development split when the model is trained."""

    safeguarding: float = 0.5
    first: dict[str, float] | None = None  # by predicted kind: propose the best outcome at or above this
    more: float = 0.5  # a second or third outcome at or above this...
    relative: float = 0.5  # ...and at least this share of the best one's score
    # A sentence only the parse flagged (no fixed pattern) raises an alert when the model's
    # safeguarding score is at least this; 0 keeps every one (rules OR model).
    parse_floor: float = 0.0

    def first_for(self, kind: str) -> float:
        return (self.first or {}).get(kind, 0.5)

    @classmethod
    def from_dict(cls, data: dict) -> "Thresholds":
        return cls(float(data["safeguarding"]), {k: float(v) for k, v in data["first"].items()},
                   float(data["more"]), float(data["relative"]), float(data.get("parse_floor", 0.0)))

    def to_dict(self) -> dict:
        return {"safeguarding": self.safeguarding, "first": dict(self.first or {}), "more": self.more, "relative": self.relative,
                "parse_floor": self.parse_floor}


def decide_kind(kind_scores, wish_stated: bool, change_noticed: bool = False, bare_service: bool = False) -> str:
    """The model's kind, except where labelling.md is plain: a wish stated anywhere, or a change the
    person notices ("I'm not lonely any more"), makes the answer an outcome rather than a strength or
    difficulty; a service named in a few words with nothing more ("more home help") is a service,
    however much the words sound like something wanted, so the conversation asks what it is for."""
    return labelled_kind(KINDS[max(range(len(KINDS)), key=lambda k: kind_scores[k])], wish_stated, change_noticed, bare_service)


def labelled_kind(kind: str, wish_stated: bool, change_noticed: bool = False, bare_service: bool = False) -> str:
    """`decide_kind`'s rules from labelling.md applied to a kind already chosen."""
    if (wish_stated or change_noticed) and kind in {"strength", "difficulty"}:
        return "outcome"
    if bare_service and not wish_stated and kind == "outcome":
        return "service"
    return kind


@dataclass(frozen=True)
class Blend:
    """How the tuned sentence model's scores are mixed with the linear models': its share of each
    score (kind, safeguarding, outcomes), and for a yes/no score whether the two are mixed as
    probabilities or as log-odds (where a model that is sure of itself counts for more). Both are
    chosen on held-out writers by `make model` (`assistant/learning/blend.py`)."""

    shares: dict[str, float]
    log_odds: frozenset[str] = frozenset()

    def share(self, name: str) -> float:
        return self.shares.get(name, 0.0)

    def mix(self, name: str, mine, theirs) -> np.ndarray:
        w = self.share(name)
        mine = np.asarray(mine, dtype=np.float64)
        theirs = np.asarray(theirs, dtype=np.float64)
        if name in self.log_odds:
            edge = LOG_ODDS_EDGE.get(name, 1e-6)
            return sigmoid((1 - w) * _logit(mine, edge) + w * _logit(theirs, edge))
        return (1 - w) * mine + w * theirs

    @classmethod
    def from_meta(cls, meta: dict) -> "Blend":
        shares = {str(k): float(v) for k, v in (meta.get("tuned_blend") or {}).items() if float(v) > 0}
        return cls(shares, frozenset(str(n) for n in meta.get("tuned_blend_log_odds") or ()))

    def to_meta(self) -> dict:
        return {"tuned_blend": dict(self.shares), "tuned_blend_log_odds": sorted(self.log_odds)}


# How sure a score may count as, mixed as log-odds. The tuned model reads word pieces, so a misspelling
# it never saw can leave it wrongly sure ("abit lonley": 0.002 for seeing people); held within 1-99%,
# it cannot overrule the linear model's reading alone. Neutral on held-out writers (top-1 +0.0004, F1 -0.001).
LOG_ODDS_EDGE = {"outcomes": 0.01}


def _logit(p: np.ndarray, edge: float = 1e-6) -> np.ndarray:
    p = np.clip(p, edge, 1 - edge)
    return np.log(p / (1 - p))


def sigmoid(z) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.asarray(z)))


def choose_outcomes(scores, kind: str, thresholds: Thresholds, limit: int = 3) -> list[int]:
    """Which outcome classes to propose, best first: the best one if it clears the bar for the
    answer's kind, then others that are strong in themselves and beside the best."""
    order = sorted(range(len(scores)), key=lambda j: -scores[j])
    if not order or scores[order[0]] < thresholds.first_for(kind):
        return []
    chosen = [order[0]]
    for j in order[1:limit]:
        if scores[j] >= thresholds.more and scores[j] >= thresholds.relative * scores[order[0]]:
            chosen.append(j)
    return chosen


def kind_and_outcomes(kind_scores, kind: str, scores, thresholds: Thresholds, limit: int = 3,
                      relabel=lambda kind: kind) -> tuple[str, list[int]]:
    """The outcomes to propose, and the kind once more: an answer read as small talk that still names
    an outcome surely enough to propose ("I'm so lonely") is not small talk, so it takes its next
    likeliest kind (and that kind's bar), read by the same labelling rules (`relabel`: "I'm not lonely
    any more" is a change, so an outcome)."""
    chosen = choose_outcomes(scores, kind, thresholds, limit)
    if kind == "other" and chosen:
        kind = relabel(max((k for k in KINDS if k != "other"), key=lambda k: kind_scores[KINDS.index(k)]))
        chosen = choose_outcomes(scores, kind, thresholds, limit)
    return kind, chosen


@dataclass
class EngineModels:
    space: FeatureSpace
    kind: LinearModel
    safeguarding: LinearModel
    outcomes: dict[str, LinearModel]  # by framework name
    thresholds: Thresholds
    meta: dict
    origin: str  # "shipped" or "local"
    folder: Path
    loading_meaning: object = None  # the sentence encoder (or a Future of it), when the model reads answers' meaning
    loading_tuned: object = None  # the tuned sentence model (or a Future of it), when its scores are blended in
    blend: Blend = field(default_factory=lambda: Blend({}))  # how much of each score is the tuned model's
    concern: LinearModel | None = None  # what a disclosure may be about (a guess for the alert); None in older models

    def concern_guess(self, idx: np.ndarray, vals: np.ndarray, names: list[str]) -> tuple[str, ...]:
        """The likeliest category of a disclosure, or the two likeliest when the model is unsure; none
        when the answer has no word the model knows (the scores would be its priors, not a reading)
        or when even the two likeliest are a toss-up."""
        if self.concern is None or not any(names):
            return ()
        scores = self.concern.scores(idx, vals)
        order = [int(j) for j in np.argsort(-scores)]
        if scores[order[0]] >= CONCERN_SURE:
            return (self.concern.classes[order[0]],)
        if scores[order[0]] + scores[order[1]] < CONCERN_TWO:
            return ()
        return tuple(self.concern.classes[j] for j in order[:2])

    @property
    def meaning(self):
        return _loaded(self.loading_meaning)

    @property
    def tuned(self):
        return _loaded(self.loading_tuned)

    def finish_loading(self) -> "EngineModels":
        """Wait for the sentence models (loaded on their own thread while spaCy loads); a missing one
        is an error now rather than at the first answer."""
        _ = (self.meaning, self.tuned)
        return self

    def covers(self, framework: str) -> bool:
        return framework in self.outcomes

    def read_meaning(self, text: str) -> "Meaning":
        """What the sentence models make of an answer, read here and now."""
        return Meaning(self.meaning.encode(text) if self.meaning is not None else None,
                       self.tuned.read(text) if self.tuned is not None else None)

    def start_meaning(self, text: str) -> "PendingMeaning | None":
        """Start both sentence models on threads of their own, so they read the answer while spaCy
        parses it (None when this model reads no meaning)."""
        if self.meaning is None and self.tuned is None:
            return None
        from assistant.nlp.sentence_vectors import on_meaning_thread

        return PendingMeaning(on_meaning_thread(self.meaning.encode, text) if self.meaning is not None else None,
                              on_meaning_thread(self.tuned.read, text, lane="tuned") if self.tuned is not None else None)

    def blended(self, name: str, scores: np.ndarray, tuned_scores) -> np.ndarray:
        """The linear model's scores with the tuned model's share mixed in."""
        if tuned_scores is None or not self.blend.share(name):
            return scores
        return self.blend.mix(name, scores, tuned_scores)

    def safeguarding_score(self, idx: np.ndarray, vals: np.ndarray, tuned) -> float:
        """An answer's concern score: the linear model's, with the tuned model's share mixed in."""
        return float(self.blended("safeguarding", self.safeguarding.scores(idx, vals)[:1],
                                  [tuned.safeguarding] if tuned else None)[0])

    def blended_outcomes(self, framework: str, classes, scores: np.ndarray, tuned) -> np.ndarray:
        """Outcome scores blended id by id (an id the tuned model does not know keeps the linear score)."""
        if tuned is None or not self.blend.share("outcomes") or framework not in tuned.outcomes:
            return scores
        ids = self.tuned.frameworks[framework]
        column = {oid: k for k, oid in enumerate(ids)}
        out = np.asarray(scores, dtype=np.float64).copy()
        known = [j for j, oid in enumerate(classes) if oid in column]
        theirs = [float(tuned.outcomes[framework][column[classes[j]]]) for j in known]
        out[known] = self.blend.mix("outcomes", out[known], theirs)
        return out


def _loaded(value):
    return value.result() if isinstance(value, Future) else value


@dataclass(frozen=True)
class Meaning:
    vector: object  # np.ndarray or None
    tuned: object  # TunedScores or None


@dataclass(frozen=True)
class PendingMeaning:
    vector: Future | None
    tuned: Future | None

    def result(self) -> Meaning:
        return Meaning(self.vector.result() if self.vector is not None else None,
                       self.tuned.result() if self.tuned is not None else None)


def read_models(folder: Path, origin: str) -> EngineModels:
    """Load one model folder, or say clearly why it cannot be used."""
    try:
        space, models, meta = load_models(folder)
        outcome_models = {name.split(":", 1)[1]: m for name, m in models.items() if name.startswith("outcomes:")}
        kind = models["kind"]
        if tuple(kind.classes) != KINDS:
            raise ValueError("the kind model's classes are not the five kinds")
        blend = Blend.from_meta(meta)
        thresholds = Thresholds.from_dict(meta["thresholds"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        if origin == "local":
            raise ModelError(f"Your retrained model in {folder} cannot be read ({exc}).",
                             hint="Run `outcomes model reset` to go back to the model that came with the assistant.") from exc
        raise ModelError(f"The assistant's trained model in {folder} is missing or damaged ({exc}).",
                         hint="Reinstall the assistant, or rebuild the model with `make model`.") from exc
    # The sentence models load on the meaning thread (ONNX Runtime lets go of the GIL), so a caller
    # that loads spaCy next has both done in about the time of the slower one.
    from assistant.nlp.sentence_vectors import on_meaning_thread, sentence_encoder
    from assistant.nlp.tuned_model import tuned_model

    meaning = on_meaning_thread(sentence_encoder) if space.reads_meaning else None
    tuned = on_meaning_thread(tuned_model) if blend.shares else None
    concern = models.get("concern")
    if concern is not None and (concern.link != "softmax" or not set(concern.classes) <= set(CONCERN_WORDS)):
        concern = None  # categories this version cannot name: no guess rather than a wrong word
    return EngineModels(space, kind, models["safeguarding"], outcome_models, thresholds, meta, origin, folder,
                        meaning, tuned, blend, concern)


def load_engine_models() -> EngineModels:
    """The practitioner's retrained model if there is one, otherwise the shipped model."""
    local = user_model_dir() / "current"
    if (local / "model.json").exists():
        return read_models(local, "local")
    return read_models(SHIPPED_DIR, "shipped")
