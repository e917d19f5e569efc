import datetime as dt
import math

import pytest

from netdesk.domain import scoring
from netdesk.domain.interaction_kinds import KINDS, ScoreParameters

TODAY = dt.date(2026, 6, 1)


def days_ago(n: int) -> dt.date:
    return TODAY - dt.timedelta(days=n)


def test_the_table_matches_the_product_brief():
    expected = {
        "met": (3, 1),
        "one_to_one": (5, 3),
        "call": (3, 1),
        "message": (1, 0),
        "saw_at_event": (2, 0.5),
        "favour_given": (3, 2),
        "favour_received": (3, 3),
        "promise_kept": (2, 4),
        "promise_broken": (1, -8),
        "referral_given": (4, 5),
        "referral_received": (4, 8),
        "referral_closed": (2, 6),
        "note": (0, 0),
    }
    assert {k: (v.attention_weight, v.trust_effect) for k, v in KINDS.items()} == expected


def test_nothing_logged_means_zero():
    assert scoring.scores_at([], TODAY) == scoring.Scores(0.0, 0.0)


def test_one_coffee_today():
    # S_a = 5 -> 100 * (1 - e^-0.5); S_t = 3 -> 100 * (1 - e^-0.15)
    scores = scoring.scores_at([(TODAY, "one_to_one")], TODAY)
    assert scores.attention == pytest.approx(39.346934028736655)
    assert scores.trust == pytest.approx(13.929202357494219)


def test_attention_halves_every_thirty_days():
    # S_a = 5 * 0.5 = 2.5 -> 100 * (1 - e^-0.25)
    scores = scoring.scores_at([(days_ago(30), "one_to_one")], TODAY)
    assert scores.attention == pytest.approx(22.119921692859513)


def test_trust_halves_every_year():
    # S_t = 8 * 0.5 = 4 -> 100 * (1 - e^-0.2)
    scores = scoring.scores_at([(days_ago(365), "referral_received")], TODAY)
    assert scores.trust == pytest.approx(18.12692469220182)


def test_trust_sums_decayed_effects():
    # promise kept today (4) + a coffee a year ago (3 * 0.5) = 5.5 -> 100 * (1 - e^-0.275)
    history = [(TODAY, "promise_kept"), (days_ago(365), "one_to_one")]
    assert scoring.scores_at(history, TODAY).trust == pytest.approx(24.042787677503153)


def test_a_broken_promise_costs_more_than_a_coffee_earns():
    history = [(TODAY, "one_to_one"), (TODAY, "promise_broken")]
    assert scoring.scores_at(history, TODAY).trust == 0.0
    kept = scoring.scores_at([(TODAY, "one_to_one"), (TODAY, "promise_kept")], TODAY).trust
    assert kept > scoring.scores_at([(TODAY, "one_to_one")], TODAY).trust


def test_later_interactions_do_not_count_yet():
    assert scoring.scores_at([(TODAY + dt.timedelta(days=1), "call")], TODAY).attention == 0.0


def test_curves_match_point_scores_every_day():
    history = [
        (days_ago(40), "met"),
        (days_ago(10), "one_to_one"),
        (days_ago(10), "call"),
        (days_ago(3), "promise_broken"),
        (days_ago(1), "referral_given"),
    ]
    curve = scoring.score_curves(history, days_ago(45), TODAY)
    assert len(curve) == 46
    assert curve[0].on == days_ago(45) and curve[-1].on == TODAY
    for point in curve:
        expected = scoring.scores_at(history, point.on)
        assert point.attention == pytest.approx(expected.attention)
        assert point.trust == pytest.approx(expected.trust)


def test_curves_with_a_step_and_a_start_after_some_history():
    history = [(days_ago(100), "one_to_one"), (days_ago(12), "call")]
    curve = scoring.score_curves(history, days_ago(20), TODAY, step_days=7)
    assert [p.on for p in curve] == [days_ago(20), days_ago(13), days_ago(6)]
    for point in curve:
        assert point.attention == pytest.approx(scoring.scores_at(history, point.on).attention)


def test_norms_give_the_same_scores_as_direct_sums():
    epoch = dt.date(2026, 1, 1)
    history = [
        (days_ago(3), "one_to_one"),
        (days_ago(200), "promise_broken"),
        (days_ago(50), "referral_received"),
    ]
    a = sum(scoring.norm_terms(k, d, epoch)[0] for d, k in history)
    t = sum(scoring.norm_terms(k, d, epoch)[1] for d, k in history)
    from_norms = scoring.scores_from_norms(a, t, TODAY, epoch)
    direct = scoring.scores_at(history, TODAY)
    assert from_norms.attention == pytest.approx(direct.attention)
    assert from_norms.trust == pytest.approx(direct.trust)


def test_norm_threshold_inverts_the_attention_formula():
    epoch = dt.date(2026, 1, 1)
    limit = scoring.norm_threshold(20.0, TODAY, epoch, 30.0, 10.0)
    assert scoring.scores_from_norms(limit, 0, TODAY, epoch).attention == pytest.approx(20.0)


def test_tuned_parameters_are_used():
    fast = ScoreParameters(attention_half_life_days=10)
    # 5 * 0.5 ** 3 = 0.625
    value = scoring.scores_at([(days_ago(30), "one_to_one")], TODAY, fast).attention
    assert value == pytest.approx(100 * (1 - math.exp(-0.0625)))


def test_parameters_must_be_positive():
    with pytest.raises(ValueError, match="trust_scale"):
        ScoreParameters(trust_scale=0)
