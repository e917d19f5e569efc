"""Where a date axis starts and ends and how many ticks it has, so that no two ticks
read the same (no "2 Dec, 2 Dec, 3 Dec") and the labels fit the width they have."""

from __future__ import annotations

import datetime as dt
import math
from typing import NamedTuple

# an axis shows at least a week: a single day, or two, has nothing to scale against
MIN_SPAN_DAYS = 7
# up to this many days the ticks name days ("3 Dec"); past it, months ("Dec 2026")
DAYS_UP_TO = 120
# ticks at least this far apart name different months
MONTH_STEP_DAYS = 31


class DateAxis(NamedTuple):
    start: dt.date
    end: dt.date
    ticks: int
    format: str  # a Qt date format for the labels

    def tick_days(self) -> list[dt.date]:
        step = (self.end - self.start).days / max(1, self.ticks - 1)
        return [self.start + dt.timedelta(days=round(step * n)) for n in range(self.ticks)]


def date_axis(first: dt.date, last: dt.date, max_ticks: int) -> DateAxis:
    """An axis over ``first`` … ``last`` with at most ``max_ticks`` ticks, each on a day
    (or in a month) of its own, ending on ``last``: a range shorter than a week is
    widened to the week that ends on ``last``, and the start moves back so that the
    ticks divide the range evenly."""
    max_ticks = max(2, max_ticks)
    if last < first:
        first, last = last, first
    span = max((last - first).days, MIN_SPAN_DAYS)
    if span <= DAYS_UP_TO:
        step, label = max(1, math.ceil(span / (max_ticks - 1))), "d MMM"
    else:
        step, label = max(MONTH_STEP_DAYS, math.ceil(span / (max_ticks - 1))), "MMM yyyy"
    intervals = max(1, math.ceil(span / step))
    return DateAxis(last - dt.timedelta(days=step * intervals), last, intervals + 1, label)
