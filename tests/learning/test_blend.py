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


def _gold(flags):
    from assistant.learning.corpus import Example
    return [Example(framework="personal", text=f"answer {n}", kind="other", outcomes=(), safeguarding=f)
            for n, f in enumerate(flags)]


def test_a_fixed_pattern_always_flags_and_the_parse_alone_only_above_its_floor():
    from assistant.learning.train import RULE_CUE, RULE_NONE, RULE_PARSE, rules_flag

    raw = RawScores(kind=np.zeros((4, 5)), safeguarding=np.asarray([0.001, 0.001, 0.5, 0.001]), outcomes=[np.zeros(0)] * 4,
                    rule_flags=np.asarray([RULE_CUE, RULE_PARSE, RULE_PARSE, RULE_NONE]))
    assert rules_flag(raw, 0.0).tolist() == [True, True, True, False]  # floor 0: rules OR model, as before
    assert rules_flag(raw, 0.01).tolist() == [True, False, True, False]


def test_the_parse_floor_is_chosen_for_precision_and_never_costs_a_disclosure():
    """Parse-only alerts the model all but rules out are mostly false alarms here: a floor removes
    them, as long as every disclosure found without a floor is still found."""
    from assistant.learning.train import RULE_NONE, RULE_PARSE, Params, choose_safeguarding

    truth = [True] * 10 + [False] * 30
    codes = [RULE_NONE] * 9 + [RULE_PARSE] * 21 + [RULE_NONE] * 10

    def raw(real_parse_score):
        scores = [0.9] * 9 + [real_parse_score] + [0.002] * 20 + [0.0] * 10
        return RawScores(kind=np.zeros((40, 5)), safeguarding=np.asarray(scores), outcomes=[np.zeros(0)] * 40,
                         rule_flags=np.asarray(codes))

    threshold, floor = choose_safeguarding(raw(0.06), _gold(truth), Params(sg_recall=1.0))
    assert 0.002 < floor <= 0.06 and threshold > 0.06  # the twenty false parse alerts go, the real one stays
    # The model all but rules out the real one too: any floor would lose it, so every parse alert stays.
    threshold, floor = choose_safeguarding(raw(0.001), _gold(truth), Params(sg_recall=1.0))
    assert floor == 0.0


def test_a_floor_that_swaps_one_disclosure_for_another_is_refused():
    """Dropping a real parse alert lets the threshold fall and find two other disclosures: more found,
    but not the same ones, so no floor (a reviewer's case: counting alone would have allowed it)."""
    from assistant.learning.train import RULE_NONE, RULE_PARSE, Params, choose_safeguarding

    truth = [True] * 10 + [False] * 20
    scores = [0.9] * 7 + [0.003] + [0.15] * 2 + [0.002] * 20
    codes = [RULE_NONE] * 7 + [RULE_PARSE] + [RULE_NONE] * 2 + [RULE_PARSE] * 20
    raw = RawScores(kind=np.zeros((30, 5)), safeguarding=np.asarray(scores), outcomes=[np.zeros(0)] * 30,
                    rule_flags=np.asarray(codes))
    assert choose_safeguarding(raw, _gold(truth), Params(sg_recall=0.75))[1] == 0.0


def test_cues_written_from_the_misses_do_not_raise_the_models_threshold():
    """Cues written from the disclosures the model missed on these writers catch them here by construction:
    counted when choosing the threshold, they would let it rise and the model find fewer elsewhere."""
    from assistant.learning.train import RULE_CUE, RULE_NONE, THRESHOLD_RULES, Params, choose_safeguarding, decide

    truth = [True] * 10 + [False] * 10
    scores = [0.9] * 8 + [0.2, 0.3] + [0.25] * 10  # two disclosures the model barely sees
    cued = [RULE_NONE] * 8 + [RULE_CUE, RULE_CUE] + [RULE_NONE] * 10  # ...which the new cues catch
    raw = RawScores(kind=np.zeros((20, 5)), safeguarding=np.asarray(scores), outcomes=[np.zeros(0)] * 20,
                    rule_flags=np.asarray(cued))
    counted, _ = choose_safeguarding(raw, _gold(truth), Params(sg_recall=1.0))
    assert counted > 0.3  # the cues' catches counted: the bar rises over every false alarm
    raw.flags[THRESHOLD_RULES] = np.asarray([RULE_NONE] * 20, dtype=np.int8)
    chosen, _ = choose_safeguarding(raw, _gold(truth), Params(sg_recall=1.0))
    assert chosen <= 0.2  # chosen as if the new cues were not there
    from assistant.nlp.models import Thresholds

    flagged = [bool(p["flags"]) for p in decide(raw, _gold(truth), np.arange(20), Thresholds(safeguarding=chosen, first={}))]
    assert flagged[8] and flagged[9]  # at run time the cues still raise their alerts
