"""One contact's timeline: the interactions, and the trust and attention curves to draw.

The curves are exact at the points they hold; what is chosen is *which* days
to hold, so a long history stays cheap to draw:

- one sample every ``step`` days from the day before the first interaction to
  today, with ``step`` chosen so there are at most ``MAX_SAMPLES`` samples;
- every day with an interaction, and the day before it, so each jump shows as
  a jump and each marker sits exactly on the curve.

The number of points is bounded by the days the history spans, not by the
number of interactions. Markers are one per interaction; past
``MAX_MARKERS`` interactions they become one per day (same place, same
tooltip), so a contact seen ten thousand times still opens at once.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from netdesk.domain import scoring, settings
from netdesk.domain.interaction_kinds import KINDS, ScoreParameters
from netdesk.storage.models import database

MAX_SAMPLES = 240
MAX_MARKERS = 1500


class TimelineEntry(NamedTuple):
    """One interaction as the timeline shows it (a tuple: tens of thousands load at once)."""

    id: int
    contact_id: int
    kind: str
    occurred_on: dt.date
    note: str
    event_id: int | None
    event_name: str
    referral_id: int | None

    @property
    def label(self) -> str:
        return KINDS[self.kind].label

    @property
    def trust_effect(self) -> float:
        return KINDS[self.kind].trust_effect

    def describe(self) -> str:
        """ "One-to-one (coffee, lunch): coffee at Vincenzo's (Breakfast, March)"."""
        text = self.label
        if self.note:
            text += f": {self.note}"
        if self.event_name:
            text += f" (at {self.event_name})"
        return text


@dataclass(frozen=True)
class Marker:
    """Where interactions sit on the chart: their day, the scores that day, which entries."""

    on: dt.date
    attention: float
    trust: float
    entries: tuple[int, ...]  # indexes into Timeline.entries


@dataclass(frozen=True)
class Timeline:
    contact_id: int
    entries: list[TimelineEntry]  # oldest first
    curve: list[scoring.CurvePoint]
    markers: list[Marker]

    def entries_on(self, day: dt.date) -> list[TimelineEntry]:
        return [entry for entry in self.entries if entry.occurred_on == day]


_TIMELINE_SQL = """
    SELECT i.id, i.contact_id, i.kind, i.occurred_on, i.note, i.event_id,
           coalesce(e.name, ''), i.referral_id
    FROM interaction i LEFT JOIN event e ON e.id = i.event_id
    WHERE i.contact_id = ?
    ORDER BY i.occurred_on, i.id"""


def count_interactions(contact_id: int) -> int:
    sql = "SELECT count(*) FROM interaction WHERE contact_id = ?"
    return int(database.execute_sql(sql, [contact_id]).fetchone()[0])


def load_timeline(contact_id: int, today: dt.date | None = None) -> Timeline:
    """Everything the timeline pane shows for one contact, in one query."""
    from_iso = dt.date.fromisoformat
    entries = [
        TimelineEntry(iid, cid, kind, from_iso(day), note, event_id, event, referral_id)
        for iid, cid, kind, day, note, event_id, event, referral_id in database.execute_sql(
            _TIMELINE_SQL, [contact_id]
        )
    ]
    return build_timeline(contact_id, entries, today or dt.date.today())


def build_timeline(
    contact_id: int,
    entries: list[TimelineEntry],
    today: dt.date,
    params: ScoreParameters | None = None,
) -> Timeline:
    """Curves and markers for ``entries`` (oldest first), from before the first to today."""
    if not entries:
        return Timeline(contact_id, [], [], [])
    params = params or settings.score_parameters()
    first = entries[0].occurred_on
    end = max(today, entries[-1].occurred_on)
    start = first - dt.timedelta(days=1)
    span = (end - start).days
    step = max(1, math.ceil(span / MAX_SAMPLES))
    days = {start + dt.timedelta(days=offset) for offset in range(0, span + 1, step)}
    days.add(end)
    for day in {entry.occurred_on for entry in entries}:
        days.add(day)
        days.add(day - dt.timedelta(days=1))
    ordered_days = sorted(days)
    curve = curve_on_days([(e.occurred_on, e.kind) for e in entries], ordered_days, params)
    by_day = {point.on: point for point in curve}
    markers: list[Marker] = []
    if len(entries) <= MAX_MARKERS:
        for index, entry in enumerate(entries):
            point = by_day[entry.occurred_on]
            markers.append(Marker(entry.occurred_on, point.attention, point.trust, (index,)))
    else:
        grouped: dict[dt.date, list[int]] = {}
        for index, entry in enumerate(entries):
            grouped.setdefault(entry.occurred_on, []).append(index)
        for day, indexes in grouped.items():
            point = by_day[day]
            markers.append(Marker(day, point.attention, point.trust, tuple(indexes)))
    return Timeline(contact_id, entries, curve, markers)


def curve_on_days(
    interactions: Sequence[tuple[dt.date, str]],
    days: Sequence[dt.date],
    params: ScoreParameters,
) -> list[scoring.CurvePoint]:
    """Both scores on each of ``days`` (ascending), in one pass over the days.

    The same sums as ``scoring.scores_at``, carried from day to day and decayed
    by the gap between them. Interactions of one day are summed first: they age
    together, so a long history costs its number of days, not of interactions.
    """
    per_day: dict[dt.date, list[float]] = defaultdict(lambda: [0.0, 0.0])
    for when, key in interactions:
        kind = KINDS[key]
        sums = per_day[when]
        sums[0] += kind.attention_weight
        sums[1] += kind.trust_effect
    ordered = [(when.toordinal(), sums) for when, sums in sorted(per_day.items())]
    points: list[scoring.CurvePoint] = []
    s_att = s_trust = 0.0
    last: int | None = None
    index = 0
    a_half = params.attention_half_life_days
    t_half = params.trust_half_life_days
    a_scale, t_scale = params.attention_scale, params.trust_scale
    # the decay over a number of days, worked out once per number (a few distinct gaps)
    decays: dict[int, tuple[float, float]] = {0: (1.0, 1.0)}

    def decay(days: int) -> tuple[float, float]:
        found = decays.get(days)
        if found is None:
            found = decays[days] = (0.5 ** (days / a_half), 0.5 ** (days / t_half))
        return found

    exp = math.exp
    for day in days:
        ordinal = day.toordinal()
        if last is not None:
            by_att, by_trust = decay(ordinal - last)
            s_att *= by_att
            s_trust *= by_trust
        while index < len(ordered) and ordered[index][0] <= ordinal:
            happened, (attention, trust) = ordered[index]
            by_att, by_trust = decay(ordinal - happened)
            s_att += attention * by_att
            s_trust += trust * by_trust
            index += 1
        # (scoring.attention_from_sum and trust_from_sum, written out: a call per point
        # is a good part of a long history's time)
        points.append(
            scoring.CurvePoint(
                day,
                100.0 * (1.0 - exp(-max(0.0, s_att) / a_scale)),
                100.0 * (1.0 - exp(-max(0.0, s_trust) / t_scale)),
            )
        )
        last = ordinal
    return points
