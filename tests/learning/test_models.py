"""The shipped models: they load, they are what the engine uses, and they keep their frozen-test figures."""

import pytest

from assistant.evaluation import evaluate_answers
from assistant.frameworks import load_framework
from assistant.nlp.engine import Analyser
from assistant.nlp.models import KINDS, SHIPPED_DIR, read_models

# Measured on the frozen test split (corpus/SCORES.md): floors sit within 0.03 of it.
# (2026-11-27, 70e3205: 0.930 / 0.818 / 0.922 / 0.959 / 0.832)
FLOORS = {"top1_accuracy": 0.900, "outcome_f1": 0.790, "kind_accuracy": 0.895,
          "safeguarding_recall": 0.930, "safeguarding_precision": 0.805}


@pytest.fixture(scope="module")
def frozen_test(analysers):
    return evaluate_answers(analysers, splits=("test",))


def test_shipped_model_covers_every_bundled_framework(models):
    assert models.origin == "shipped"
    assert models.kind.classes == KINDS
    for name in ("personal", "carer", "relational"):
        assert models.outcomes[name].classes == load_framework(name).ids
    assert 0 < models.thresholds.safeguarding < 0.5
    assert models.meta["test_split_sha256"]


def test_shipped_model_reads_each_answers_meaning(models):
    """The meaning comes from the tuned sentence model, blended in. The linear models take no frozen
    sentence vector (it cost a second model run per answer for 0.007 top-1 on held-out writers), so
    only one sentence model runs beside spaCy."""
    assert models.tuned is not None
    assert models.meaning is None and not models.space.reads_meaning


def test_make_model_trains_with_the_shipped_parameters(models):
    """`make model` uses the default parameters: they must be the ones the shipped model was trained with."""
    from assistant.learning.train import Params, params_from

    assert params_from(models.meta) == Params()


def test_shipped_model_blends_in_the_tuned_sentence_model(models, analysers):
    """The shares were chosen on held-out writers by `make model`; the engine applies them as trained."""
    assert models.tuned is not None
    assert set(models.blend.shares) <= {"kind", "safeguarding", "outcomes"} and models.blend.shares
    assert all(0 < share < 1 for share in models.blend.shares.values())
    text = "I'd love to see my grandchildren more, they live over in Leeds"
    reading = analysers["personal"].read(text)
    meaning = models.read_meaning(reading.doc.text)
    from assistant.nlp.features import answer_features

    idx, vals, _ = models.space.vectorise(answer_features(reading, meaning.vector))
    linear = models.outcomes["personal"].scores(idx, vals)
    tuned = dict(zip(models.tuned.frameworks["personal"], meaning.tuned.outcomes["personal"]))
    expected = {oid: float(models.blend.mix("outcomes", linear[j], tuned[oid])) for j, oid in enumerate(models.outcomes["personal"].classes)}
    analysis = analysers["personal"].analyse(text)
    assert analysis.outcomes and analysis.outcomes[0].id == "qol.seeing_people"
    for proposed in analysis.outcomes:
        assert abs(proposed.score - expected[proposed.id]) < 2e-3


def test_frozen_test_figures_hold(frozen_test):
    figures = frozen_test["test"]
    assert figures["answers"] >= 1500
    for key, floor in FLOORS.items():
        assert figures[key] >= floor, (key, figures[key])


def test_both_frozen_writers_keep_safeguarding_recall(frozen_test):
    for part in ("test: t01-written", "test: t02-speech"):
        assert frozen_test[part]["safeguarding_recall"] >= 0.925, part  # measured 0.967 written, 0.954 speech


def test_the_shipped_model_guesses_what_a_disclosure_may_be_about(models):
    assert models.concern is not None and models.concern.link == "softmax"
    assert models.meta["concern_held_out"]["accuracy"] >= 0.8


def test_the_engine_uses_the_model_for_bundled_frameworks(analysers):
    assert all(a.uses_model for a in analysers.values())


def test_an_organisation_framework_is_read_by_the_rules(tmp_path, monkeypatch, pipeline, models):
    import shutil

    from assistant.frameworks import load_framework as load

    folder = tmp_path / "config" / "taxonomy"
    folder.mkdir(parents=True)
    text = (SHIPPED_DIR.parents[2] / "taxonomy" / "personal.toml").read_text(encoding="utf-8")
    (folder / "ours.toml").write_text(text.replace('name = "personal"', 'name = "ours"'), encoding="utf-8")
    monkeypatch.setenv("OUTCOMES_CONFIG_DIR", str(tmp_path / "config"))
    analyser = Analyser(load("ours"), pipeline, models)
    assert not analyser.uses_model
    result = analyser.analyse("I want to get back to the bowling club")
    assert result.outcomes and result.outcomes[0].id == "qol.things_to_do"
    shutil.rmtree(folder)


def test_a_models_folder_that_is_not_a_model_is_a_clear_error(tmp_path):
    from assistant.nlp.models import ModelError

    (tmp_path / "model.json").write_text("{}")
    with pytest.raises(ModelError, match="cannot be read"):
        read_models(tmp_path, "local")


def test_evidence_is_the_persons_words_and_never_a_service_word(analysers):
    text = "The carer comes in the morning but what I really want is to get back to my painting class"
    result = analysers["personal"].analyse(text)
    assert result.outcomes
    for outcome in result.outcomes:
        assert outcome.evidence
        for words in outcome.evidence:
            assert words in text
            assert "carer" not in words.lower()


def test_the_alert_names_the_sentence_that_raised_it(analysers):
    result = analysers["relational"].analyse("I'm doing alright with the course. My ex battered me last night though. Anyway.")
    assert result.safeguarding
    assert any("battered" in s for s in result.alert_sentences)
    assert not any("course" in s for s in result.alert_sentences)


@pytest.mark.parametrize("framework, text", [
    ("personal", "He hits me when he's had a drink"),
    ("relational", "I've been thinking about ending it"),
    ("carer", "I'm scared I'll shake her, I'm at the end of my tether"),
    ("personal", "He said he would kill me"),
])
def test_plain_disclosures_are_always_flagged(analysers, framework, text):
    # The rules are the safety net under the model: a plain disclosure is never missed.
    assert analysers[framework].analyse(text).safeguarding
