"""Attention and trust: the formulas of ``interaction_kinds``, computed.

Pure functions over ``(date, kind key)`` pairs, no database. Two forms:

- ``scores_at`` and ``score_curves`` sum the decayed weights directly; the
  curves walk the date range once, carrying both sums from day to day.
- The *norm* form lets the database keep one number per contact and score:
  ``norm = sum(weight * 2 ** ((day - epoch) / half_life))``. Then
  ``S(t) = norm * 2 ** (-(t - epoch) / half_life)`` for any t after the last
  interaction, and the factor is the same for every contact, so ordering
  contacts by norm orders them by score (the list sorts on it in SQL).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from netdesk.domain.interaction_kinds import DEFAULT_PARAMETERS, ScoreParameters, kind

Dated = tuple[dt.date, str]


class Scores(NamedTuple):
    attention: float
    trust: float


class CurvePoint(NamedTuple):
    on: dt.date
    attention: float
    trust: float


def score_from_sum(total: float, scale: float) -> float:
    """A decayed sum as a score from 0 to 100 (saturating; negative sums give 0)."""
    return 100.0 * (1.0 - math.exp(-max(0.0, total) / scale))


def attention_from_sum(total: float, params: ScoreParameters = DEFAULT_PARAMETERS) -> float:
    return score_from_sum(total, params.attention_scale)


def trust_from_sum(total: float, params: ScoreParameters = DEFAULT_PARAMETERS) -> float:
    return score_from_sum(total, params.trust_scale)


def _decay(days: float, half_life: float) -> float:
    return math.pow(0.5, days / half_life)


def decayed_sums(
    interactions: Iterable[Dated], on: dt.date, params: ScoreParameters = DEFAULT_PARAMETERS
) -> tuple[float, float]:
    """(S_attention, S_trust) at ``on`` over interactions dated on or before it."""
    s_att = s_trust = 0.0
    for when, key in interactions:
        age = (on - when).days
        if age < 0:
            continue
        k = kind(key)
        s_att += k.attention_weight * _decay(age, params.attention_half_life_days)
        s_trust += k.trust_effect * _decay(age, params.trust_half_life_days)
    return s_att, s_trust


def scores_at(
    interactions: Iterable[Dated], on: dt.date, params: ScoreParameters = DEFAULT_PARAMETERS
) -> Scores:
    s_att, s_trust = decayed_sums(interactions, on, params)
    return Scores(attention_from_sum(s_att, params), trust_from_sum(s_trust, params))


def score_curves(
    interactions: Sequence[Dated],
    start: dt.date,
    end: dt.date,
    params: ScoreParameters = DEFAULT_PARAMETERS,
    step_days: int = 1,
) -> list[CurvePoint]:
    """Both curves from ``start`` to ``end`` inclusive, one point every ``step_days``.

    One pass: interactions are sorted once, and the two sums are carried from
    point to point, decayed by the days between them.
    """
    if end < start:
        raise ValueError("the curve's end is before its start")
    if step_days < 1:
        raise ValueError("step_days must be at least 1")
    ordered = sorted(interactions, key=lambda item: item[0])
    points: list[CurvePoint] = []
    s_att = s_trust = 0.0
    last_day: dt.date | None = None
    index = 0
    day = start
    while day <= end:
        # decay what we carry to this day, then add what happened up to it
        if last_day is not None:
            gap = (day - last_day).days
            s_att *= _decay(gap, params.attention_half_life_days)
            s_trust *= _decay(gap, params.trust_half_life_days)
        while index < len(ordered) and ordered[index][0] <= day:
            when, key = ordered[index]
            k = kind(key)
            age = (day - when).days
            s_att += k.attention_weight * _decay(age, params.attention_half_life_days)
            s_trust += k.trust_effect * _decay(age, params.trust_half_life_days)
            index += 1
        points.append(
            CurvePoint(day, attention_from_sum(s_att, params), trust_from_sum(s_trust, params))
        )
        last_day = day
        day += dt.timedelta(days=step_days)
    return points


# -- the norm form ----------------------------------------------------------------


def norm_terms(
    key: str, when: dt.date, epoch: dt.date, params: ScoreParameters = DEFAULT_PARAMETERS
) -> tuple[float, float]:
    """One interaction's contribution to (attention_norm, trust_norm)."""
    k = kind(key)
    days = (when - epoch).days
    return (
        k.attention_weight * 2.0 ** (days / params.attention_half_life_days),
        k.trust_effect * 2.0 ** (days / params.trust_half_life_days),
    )


@dataclass(slots=True)
class Norms:
    """One contact's norms against an epoch, and the day of its latest interaction: what
    the score cache keeps on the contact's row, summed one interaction at a time."""

    attention: float = 0.0
    trust: float = 0.0
    last: dt.date | None = None

    def add(
        self, key: str, when: dt.date, epoch: dt.date, params: ScoreParameters = DEFAULT_PARAMETERS
    ) -> None:
        attention, trust = norm_terms(key, when, epoch, params)
        self.attention += attention
        self.trust += trust
        if self.last is None or when > self.last:
            self.last = when


def decay_since_epoch(
    on: dt.date, epoch: dt.date, params: ScoreParameters = DEFAULT_PARAMETERS
) -> tuple[float, float]:
    """What turns a norm into that day's decayed sum: (attention factor, trust factor)."""
    days = (on - epoch).days
    return (
        2.0 ** (-days / params.attention_half_life_days),
        2.0 ** (-days / params.trust_half_life_days),
    )


def scores_from_norms(
    attention_norm: float,
    trust_norm: float,
    on: dt.date,
    epoch: dt.date,
    params: ScoreParameters = DEFAULT_PARAMETERS,
) -> Scores:
    attention, trust = decay_since_epoch(on, epoch, params)
    return Scores(
        attention_from_sum(attention_norm * attention, params),
        trust_from_sum(trust_norm * trust, params),
    )


def norm_threshold(
    score: float,
    on: dt.date,
    epoch: dt.date,
    half_life: float,
    scale: float,
) -> float:
    """The norm below which a score (attention or trust) is under ``score`` on ``on``.

    Inverts ``100 * (1 - exp(-S / scale))`` so a "below the threshold" filter
    can run in SQL on the stored norm.
    """
    if not 0 <= score < 100:
        raise ValueError("a score threshold is between 0 and 100")
    total = -scale * math.log(1.0 - score / 100.0)
    return total * math.pow(2.0, (on - epoch).days / half_life)
