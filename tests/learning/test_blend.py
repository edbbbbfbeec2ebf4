"""The tuned model's share of each score: blended as the engine blends, chosen on held-out writers."""

import numpy as np

from assistant.learning.blend import blend_raw
from assistant.learning.train import RawScores
from assistant.nlp.models import Blend


def _raw():
    return RawScores(kind=np.asarray([[0.6, 0.1, 0.1, 0.1, 0.1]] * 3), safeguarding=np.asarray([0.1, 0.2, 0.9]),
                     outcomes=[np.asarray([0.8, 0.1]), np.asarray([0.2, 0.4]), np.zeros(0)],
                     rule_flags=np.zeros(3, dtype=bool))


def _tuned(found=(True, True, False)):
    return {"found": np.asarray(found), "kind": np.asarray([[0.0, 1.0, 0.0, 0.0, 0.0]] * 3),
            "safeguarding": np.asarray([0.9, 0.0, 0.0]),
            "outcomes": [np.asarray([0.0, 1.0]), np.asarray([np.nan, 1.0]), None]}


def test_no_share_leaves_the_linear_scores_alone():
    raw = _raw()
    out = blend_raw(raw, _tuned(), Blend({"kind": 0.0, "safeguarding": 0.0, "outcomes": 0.0}))
    assert np.array_equal(out.kind, raw.kind) and np.array_equal(out.safeguarding, raw.safeguarding)
    assert all(np.array_equal(a, b) for a, b in zip(out.outcomes, raw.outcomes))


def test_a_share_mixes_the_two_and_unscored_answers_keep_the_linear_scores():
    out = blend_raw(_raw(), _tuned(), Blend({"kind": 0.5, "safeguarding": 0.5, "outcomes": 0.5}))
    assert np.allclose(out.kind[0], [0.3, 0.55, 0.05, 0.05, 0.05])
    assert np.allclose(out.safeguarding, [0.5, 0.1, 0.9])  # the third answer has no tuned score
    assert np.allclose(out.kind[2], _raw().kind[2])
    assert np.allclose(out.outcomes[0], [0.4, 0.55])
    assert np.allclose(out.outcomes[1], [0.2, 0.7])  # an id the tuned model does not know keeps its score
    assert len(out.outcomes[2]) == 0


def test_log_odds_let_a_sure_model_count_for_more():
    """Mixed as log-odds, a model that is sure (near 0 or 1) pulls harder than in a plain average."""
    blend = Blend({"safeguarding": 0.5, "outcomes": 0.5}, frozenset({"safeguarding", "outcomes"}))
    raw = _raw()
    out = blend_raw(raw, _tuned(), blend)
    assert np.allclose(out.safeguarding[0], 0.5)  # 0.1 and 0.9 are equally sure: they cancel out
    assert np.allclose(out.kind, raw.kind)  # no share of the kind
    assert out.outcomes[0][0] < 0.2 and out.outcomes[1][1] > 0.85  # a sure 0 (or 1) pulls harder than plain mixing (0.4, 0.7)
    assert out.outcomes[0][0] > 0.1  # ...but counts as at most 99% sure: it cannot overrule the other model alone
    assert np.allclose(out.outcomes[1][0], 0.2) and np.allclose(out.safeguarding[2], 0.9)


def test_a_blend_survives_the_models_meta_file():
    blend = Blend({"kind": 0.6, "outcomes": 0.4}, frozenset({"outcomes"}))
    assert Blend.from_meta(blend.to_meta()) == blend
    assert Blend.from_meta({"tuned_blend": {"kind": 0.5}}) == Blend({"kind": 0.5})  # a model trained before log-odds
